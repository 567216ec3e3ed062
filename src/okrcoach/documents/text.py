"""Small text helpers shared by the format editors: newlines, lines and splicing edits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from okrcoach.i18n import SOURCE_LANGUAGE, LocalisedText, msg, resolve


class EditRefused(Exception):
    """An edit cannot be made in place without changing something else; nothing is written. The
    message says why: a catalogue text said in the reader's language, or (for what should never
    happen) plain English; `str()` is the English."""

    def __init__(self, message: LocalisedText) -> None:
        self.message = message
        super().__init__(resolve(message, SOURCE_LANGUAGE))


def issue_said(issue: Any) -> LocalisedText:
    """A reading issue's (`ReadIssue`) message as a text to say in the reader's language; its
    English for an issue without a catalogue key."""
    return msg(f"issues.{issue.key}.message", **dict(issue.params)) if issue.key else issue.message


@dataclass(frozen=True)
class Splice:
    """Replace `text[start:end]` with `new`; at one position a lower `order` comes first."""

    start: int
    end: int
    new: str
    order: int = 0


def splice(text: str, edits: list[Splice]) -> str:
    """Apply non-overlapping edits (positions refer to the original text)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end, e.order))
    out: list[str] = []
    at = 0
    for edit in ordered:
        if edit.start < at:
            raise EditRefused(msg("phrases.cannot-edit-internal", what="overlap"))
        out.append(text[at : edit.start])
        out.append(edit.new)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def newline(text: str) -> str:
    """The file's line break: CRLF, CR or LF (LF when it has none)."""
    m = re.search(r"\r\n|\r|\n", text)
    return m.group() if m else "\n"


def line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def line_end(text: str, index: int) -> int:
    """Index of the line break that ends the line holding `index` (or the end of the text)."""
    m = re.compile(r"\r\n|\r|\n").search(text, index)
    return m.start() if m else len(text)


def after_line(text: str, index: int) -> int:
    """Index just after the line break that ends the line holding `index`."""
    m = re.compile(r"\r\n|\r|\n").search(text, index)
    return m.end() if m else len(text)


def starts_line(text: str, index: int) -> bool:
    return not text[line_start(text, index) : index].strip()


def column(text: str, index: int) -> int:
    return index - line_start(text, index)


def with_final_newline(text: str) -> tuple[str, bool]:
    """The text ending in a line break, and whether one had to be added (to take it off again)."""
    if not text or text.endswith(("\n", "\r")):
        return text, False
    return text + newline(text), True


def without_added_newline(text: str, added: bool, nl: str) -> str:
    if added and text.endswith(nl):
        return text[: -len(nl)]
    return text


def number(value: object) -> str:
    """A number as a file shows it: 2, 2.5, 0.001 (never 1e-3; 15.0 as 15)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(float(value))  # type: ignore[arg-type]
    if "e" in text or "E" in text:
        text = f"{value:.15f}".rstrip("0")
        text = text + "0" if text.endswith(".") else text
    return text


_COMMA_NUMBER = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?!\d|[.,]\d)")
_POINT_NUMBER = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?!\d|[.,]\d)")  # not `31.03.2027`
# A one-line `{…}` mapping: a Markdown check-in's JSON, a YAML check-in's flow mapping.
_INLINE_MAPPING = re.compile(r"\{[^{}\n]*\}")


def writes_decimal_comma(text: str) -> bool:
    """Whether a file writes its numbers `2,4` rather than `2.4` (more of them so than not). The
    numbers of one-line `{…}` mappings are left out: okrcoach writes check-ins there with a decimal
    point whatever the file's style (JSON has no other), so they show nothing of it."""
    text = _INLINE_MAPPING.sub(" ", text)
    return len(_COMMA_NUMBER.findall(text)) > len(_POINT_NUMBER.findall(text))


def writes_decimal_point(text: str) -> bool:
    """Whether a file writes any number with a decimal point (`2.4`), one-line mappings left out
    as in `writes_decimal_comma`: a file that writes none has shown no style of its own."""
    return _POINT_NUMBER.search(_INLINE_MAPPING.sub(" ", text)) is not None


def local_number(value: object, decimal_comma: bool) -> str:
    """A number as the file writes it: `2,4` for 2.4 in a file of decimal commas, else `number`."""
    plain = number(value)
    if decimal_comma and isinstance(value, float) and not isinstance(value, bool) and "." in plain:
        return plain.replace(".", ",")
    return plain


def plain_number(value: float) -> object:
    """7.0 → 7, so a confidence of 7 is written as the user typed it."""
    return int(value) if float(value).is_integer() else value


def field_of_key(key: str, kind: str, aliases: dict[str, str], is_list: bool = False) -> str:
    """The field a key of an element of `kind` (set, objective, key_result) names, as the readers
    take it: its English name or alias (`aliases`), else a word of one of the six languages
    (`nykyinen` → current, `målværdi` → target; `okrcoach.formats.vocabulary.local_field`), else
    the key itself. An editor that looks for `current` finds the `nykyinen:` the file has, and
    writes there, rather than adding a second key that the reader would take instead. `is_list`:
    the key holds a list, so a list label names the list (`mål:` above objectives)."""
    from okrcoach.formats.build import canonical_key, known_fields
    from okrcoach.formats.vocabulary import local_field
    from okrcoach.model import KeyResult, Objective, OkrSet

    name = canonical_key(key)
    name = aliases.get(name, name)
    model = {"set": OkrSet, "objective": Objective, "key_result": KeyResult}.get(kind)
    if model is None or name in known_fields(model):
        return name
    return local_field(key, kind, [] if is_list else None) or name
