"""Edit one objective title or key result text inside an OKR file, leaving every other byte alone.

Rewriting a whole file would lose comments, order and formatting, so the new text replaces the
old text on its line, quoted as the format needs; the result is read back and must equal the old
set with exactly that one text changed, or the edit is refused.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Optional

from okrcoach.formats import read_text


class EditError(Exception):
    """The text could not be replaced in place; the message says why."""


_YAML_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|:\s|\s#|[\n\r]|:$|^\s|\s$")


def _yaml_forms(text: str) -> list[str]:
    forms = []
    if not _YAML_PLAIN_UNSAFE.search(text) and text.lower() not in ("yes", "no", "true", "false", "null", "on", "off", "~"):
        forms.append(text)
    forms.append(json.dumps(text, ensure_ascii=False))
    forms.append("'" + text.replace("'", "''") + "'")
    return forms


def _markdown_form(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _csv_forms(text: str) -> list[str]:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([text])
    quoted = buffer.getvalue().rstrip("\r\n")
    return [quoted] if quoted != text else [text, '"' + text.replace('"', '""') + '"']


def _candidates(line_text: str, fmt: str, old: str, new: str) -> list[str]:
    """Possible new versions of the line, most faithful first."""
    olds: list[str]
    news: list[str]
    if fmt == "yaml":
        olds = [f for f in _yaml_forms(old) if f in line_text] or [old]
        news = _yaml_forms(new)
    elif fmt == "json":
        olds, news = [json.dumps(old, ensure_ascii=False), json.dumps(old)], [json.dumps(new, ensure_ascii=False)]
    elif fmt == "md":
        olds, news = [old, _markdown_form(old)], [new, _markdown_form(new)]
    else:
        olds, news = [f for f in _csv_forms(old) + [old] if f in line_text], _csv_forms(new)
    found = []
    for old_form in olds:
        if old_form and old_form in line_text:
            for new_form in news:
                found.append(line_text.replace(old_form, new_form, 1))
    return found


def replace_text(source: str, fmt: str, line: Optional[int], old: str, new: str, is_key_result: bool, objective_index: int, key_result_index: Optional[int]) -> str:
    """`source` with the element's text replaced on its line; raises EditError if not safely possible."""
    if line is None:
        raise EditError("the file does not say on which line this element stands")
    if "\n" in new or "\r" in new:
        raise EditError("the new text spans several lines")
    before = read_text(source, "file", fmt)
    if before.okr_set is None:
        raise EditError("the file cannot be read")
    lines = source.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        raise EditError(f"line {line} is outside the file")
    expected = before.okr_set.model_copy(deep=True)
    objective = expected.objectives[objective_index]
    if is_key_result and key_result_index is not None:
        objective.key_results[key_result_index].text = new
    else:
        objective.title = new
    for candidate in _candidates(lines[line - 1], fmt, old, new):
        attempt = "".join(lines[: line - 1] + [candidate] + lines[line:])
        after = read_text(attempt, "file", fmt)
        if after.okr_set is not None and after.okr_set.model_dump() == expected.model_dump() and len(after.issues) <= len(before.issues):
            return attempt
    raise EditError(f"the old text was not found as written on line {line}")
