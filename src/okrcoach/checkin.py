"""Record a check-in inside an OKR file, leaving every other byte alone.

`record_checkin` takes a file's text and returns the new text: the check-in is appended to the key
result's `checkins` and `current` is set to the newest check-in's value. YAML and Markdown are
edited textually at the right place and indentation (a key result written as a plain string becomes
a `text:` mapping in place); JSON is re-serialised with its key order and indentation (it has no
comments); CSV keeps only the `current` cell (the column is added if missing), because a CSV row
cannot hold a history. The result is read back with okrcoach's reader and must equal the expected
set exactly, or `WriteRefused` is raised and nothing should be written.

Pure: text in, text out; no clock, no file system.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, Optional, Union

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from okrcoach.formats import read_text
from okrcoach.formats.build import KEY_RESULT_ALIASES, OBJECTIVE_ALIASES, SET_ALIASES, canonical_key
from okrcoach.model import Checkin, KeyResult, OkrSet
from okrcoach.progress import sorted_checkins
from okrcoach.values import UnreadableValue, parse_number

Number = Union[int, float]


class CheckinError(ValueError):
    """A bad reference, value, confidence or date (the caller's mistake; exit 2)."""


class WriteRefused(Exception):
    """The check-in cannot be written in place without changing something else; nothing is written."""


# -- values -----------------------------------------------------------------------------------------


def parse_confidence(text: str) -> Number:
    """A confidence on a 0-1 scale (0.7) or a 0-10 scale (7); kept as written."""
    try:
        value = parse_number(text, "--confidence")
    except UnreadableValue as exc:
        raise CheckinError(str(exc)) from None
    if not 0 <= value <= 10:
        raise CheckinError(f"--confidence must be between 0 and 1 (e.g. 0.7) or 0 and 10 (e.g. 7), not {text}")
    return value


# -- references -------------------------------------------------------------------------------------

_POSITIONAL = re.compile(r"\s*[Oo]\s*(\d+)\s*[.:/ ]?\s*[Kk][Rr]\s*(\d+)\s*")


def find_key_result(okr_set: OkrSet, ref: str) -> tuple[int, int]:
    """(objective index, key result index) for `O2.KR1` (1-based) or a key result `id`.

    An exact id wins over the positional form; ids are then matched ignoring case.
    """
    located = [(oi, ki, kr) for oi, o in enumerate(okr_set.objectives) for ki, kr in enumerate(o.key_results)]
    for matcher in (lambda kr: kr.id == ref.strip(), lambda kr: kr.id is not None and kr.id.casefold() == ref.strip().casefold()):
        found = [(oi, ki) for oi, ki, kr in located if matcher(kr)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            where = " and ".join(f"O{oi + 1}.KR{ki + 1}" for oi, ki in found)
            raise CheckinError(f"the id {ref!r} is used by {where}; name the key result by position instead, e.g. {where.split(' and ')[0]}")
        if _POSITIONAL.fullmatch(ref):
            break
    m = _POSITIONAL.fullmatch(ref)
    if m:
        oi, ki = int(m.group(1)), int(m.group(2))
        count = len(okr_set.objectives)
        if not 1 <= oi <= count:
            raise CheckinError(f"{ref.strip()}: the file has {count} objective{'s' if count != 1 else ''}" + (f" (O1-O{count})" if count > 1 else "") if count else f"{ref.strip()}: the file has no objectives")
        krs = okr_set.objectives[oi - 1].key_results
        if not 1 <= ki <= len(krs):
            raise CheckinError(f"{ref.strip()}: objective O{oi} has {len(krs)} key result{'s' if len(krs) != 1 else ''}" + (f" (KR1-KR{len(krs)})" if len(krs) > 1 else ""))
        return oi - 1, ki - 1
    ids = [kr.id for _, _, kr in located if kr.id]
    import difflib

    close = difflib.get_close_matches(ref.strip(), ids, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else (f"; the ids in this file are {', '.join(ids)}" if ids else "; no key result in this file has an `id:`")
    raise CheckinError(f"no key result {ref.strip()!r}: write O2.KR1 (objective 2, key result 1) or a key result id{hint}")


# -- the edit ---------------------------------------------------------------------------------------


@dataclass
class Recorded:
    text: str
    okr_set: OkrSet  # the set as it reads after the edit
    key_result: KeyResult
    previous: Optional[Number]  # `current` before (or the last check-in's value)
    history_kept: bool  # False for CSV: only `current` is stored


def record_checkin(text: str, fmt: str, objective_index: int, key_result_index: int, checkin: Checkin) -> Recorded:
    """The file's new text with the check-in recorded; raises WriteRefused if that is not safe."""
    before = read_text(text, "file", fmt)
    if before.okr_set is None:
        raise WriteRefused("the file cannot be read")
    expected = before.okr_set.model_copy(deep=True)
    kr = expected.objectives[objective_index].key_results[key_result_index]
    old_kr = before.okr_set.objectives[objective_index].key_results[key_result_index]
    previous = old_kr.current if old_kr.current is not None else (sorted_checkins(old_kr.checkins)[-1].value if old_kr.checkins else None)
    history = fmt != "csv"
    if history:
        kr.checkins.append(checkin)
        kr.current = sorted_checkins(kr.checkins)[-1].value
    else:
        kr.current = checkin.value
    editor = {"yaml": _yaml_edit, "json": _json_edit, "md": _markdown_edit, "csv": _csv_edit}[fmt]
    new_text = editor(text, before.okr_set, objective_index, key_result_index, checkin, kr.current)
    after = read_text(new_text, "file", fmt)
    if after.okr_set is None or after.okr_set.model_dump() != expected.model_dump():
        raise WriteRefused("reading the edited file back did not give exactly the old OKRs plus this check-in")
    if len(after.issues) > len(before.issues):
        raise WriteRefused(f"the edited file would have a new problem: {after.issues[-1].message}")
    new_kr = after.okr_set.objectives[objective_index].key_results[key_result_index]
    return Recorded(new_text, after.okr_set, new_kr, previous, history)


def _num(value: Number) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.15f}".rstrip("0")
        text = text + "0" if text.endswith(".") else text
    return text


def _escape_controls(text: str) -> str:
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") and ch not in "\n\t" else ch for ch in text)


def _quoted(text: str) -> str:
    """A double-quoted scalar valid in YAML (and JSON)."""
    return _escape_controls(json.dumps(text, ensure_ascii=False))


_FLOW_PLAIN = re.compile(r"[^\W\d_][\w .'!?()/+%&-]*", re.UNICODE)
_YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}


def _flow_scalar(text: str) -> str:
    if _FLOW_PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML_WORDS and "  " not in text:
        return text
    return _quoted(text)


def _yaml_entry(checkin: Checkin) -> str:
    parts = [f"date: {checkin.date.isoformat()}", f"value: {_num(checkin.value)}"]
    if checkin.confidence is not None:
        parts.append(f"confidence: {_num(_plain_number(checkin.confidence))}")
    if checkin.note is not None:
        parts.append(f"note: {_flow_scalar(checkin.note)}")
    return "{" + ", ".join(parts) + "}"


def _plain_number(value: float) -> Number:
    return int(value) if float(value).is_integer() else value


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _apply(text: str, edits: list[tuple[int, int, int, str]]) -> str:
    """Apply (start, end, order, replacement) edits; at one position lower `order` comes first."""
    for start, end, _, replacement in sorted(edits, key=lambda e: (e[0], e[2]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _after_line(text: str, index: int) -> tuple[int, str]:
    """Position just after the line holding `index`, and a newline to prepend if the file ends there."""
    nxt = text.find("\n", index)
    if nxt >= 0:
        return nxt + 1, ""
    return len(text), _newline(text)


# -- YAML -------------------------------------------------------------------------------------------


def _key(node: Node, aliases: dict[str, str]) -> Optional[str]:
    if not isinstance(node, ScalarNode):
        return None
    name = canonical_key(node.value)
    return aliases.get(name, name)


def _get(mapping: Node, name: str, aliases: dict[str, str]) -> Optional[tuple[Node, Node]]:
    if not isinstance(mapping, MappingNode):
        return None
    for key, value in mapping.value:
        if _key(key, aliases) == name:
            return key, value
    return None


def _item(sequence: Optional[Node], index: int, line: Optional[int]) -> Node:
    if not isinstance(sequence, SequenceNode):
        raise WriteRefused("the key result's place in the file could not be found")
    items = sequence.value
    if index < len(items) and (line is None or items[index].start_mark.line + 1 == line):
        return items[index]
    on_line = [n for n in items if line is not None and n.start_mark.line + 1 == line]
    if len(on_line) == 1:
        return on_line[0]
    raise WriteRefused("the key result's place in the file could not be found")


def _content_end(text: str, node: Node) -> int:
    """Index just after the last character of a node's own text (trailing breaks excluded)."""
    if isinstance(node, ScalarNode):
        end = node.end_mark.index
        if node.style in ("|", ">"):
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _content_end(text, last[1] if isinstance(node, MappingNode) else last)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _starts_line(text: str, index: int) -> bool:
    return not text[_line_start(text, index) : index].strip()


def _yaml_edit(text: str, okr_set: OkrSet, oi: int, ki: int, checkin: Checkin, current: Number) -> str:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:  # pragma: no cover - the reader accepted the text
        raise WriteRefused(f"the YAML could not be parsed again: {exc}") from exc
    objective = okr_set.objectives[oi]
    kr = objective.key_results[ki]
    objectives = root if isinstance(root, SequenceNode) else (_get(root, "objectives", SET_ALIASES) or (None, None))[1]
    obj_node = _item(objectives, oi, objective.source.line if objective.source else None)
    krs = (_get(obj_node, "key_results", OBJECTIVE_ALIASES) or (None, None))[1]
    node = _item(krs, ki, kr.source.line if kr.source else None)
    nl = _newline(text)
    value = _num(current)
    entry = _yaml_entry(checkin)
    edits: list[tuple[int, int, int, str]] = []

    if isinstance(node, ScalarNode):
        start, end = node.start_mark.index, node.end_mark.index
        written = text[start:end]
        single = node.style not in ("|", ">") and "\n" not in written and "\r" not in written
        shown = written if single else _quoted(node.value)
        if krs.flow_style:  # type: ignore[union-attr]
            edits.append((start, end, 0, f"{{text: {shown}, current: {value}, checkins: [{entry}]}}"))
        else:
            indent = " " * node.start_mark.column
            content_end = _content_end(text, node)
            edits.append((start, content_end, 0, f"text: {shown}"))
            position, prefix = _after_line(text, content_end)
            edits.append((position, position, 1, f"{prefix}{indent}current: {value}{nl}{indent}checkins:{nl}{indent}  - {entry}{nl}"))
        return _apply(text, edits)

    if not isinstance(node, MappingNode) or not node.value:
        raise WriteRefused("the key result is neither text nor a mapping")
    current_kv = _get(node, "current", KEY_RESULT_ALIASES)
    checkins_kv = _get(node, "checkins", KEY_RESULT_ALIASES)

    def set_scalar(value_node: Node, replacement: str, order: int) -> None:
        if not isinstance(value_node, ScalarNode):
            raise WriteRefused("`current:` or `checkins:` holds something unexpected")
        start, end = value_node.start_mark.index, value_node.end_mark.index
        space = " " if start == end and text[start - 1 : start] == ":" else ""
        edits.append((start, end, order, space + replacement))

    def into_flow_list(sequence: SequenceNode, order: int) -> None:
        close = sequence.end_mark.index - 1
        if text[close : close + 1] != "]":
            raise WriteRefused("the `checkins:` list could not be extended")
        inside = text[sequence.start_mark.index + 1 : close].strip()
        separator = "" if not inside or inside.endswith(",") else ", "
        edits.append((close, close, order, separator + entry))

    if node.flow_style:
        close = node.end_mark.index - 1
        if text[close : close + 1] != "}":
            raise WriteRefused("the key result's `{…}` could not be extended")
        tail = text[node.start_mark.index + 1 : close].rstrip()
        extra = []
        if current_kv:
            set_scalar(current_kv[1], value, 0)
        else:
            extra.append(f"current: {value}")
        if checkins_kv and isinstance(checkins_kv[1], SequenceNode) and checkins_kv[1].flow_style:
            into_flow_list(checkins_kv[1], 0)
        elif checkins_kv:
            set_scalar(checkins_kv[1], f"[{entry}]", 0)
        else:
            extra.append(f"checkins: [{entry}]")
        if extra:
            edits.append((close, close, 1, ("" if tail.endswith(",") else ", ") + ", ".join(extra)))
        return _apply(text, edits)

    indent = " " * node.value[0][0].start_mark.column
    position, prefix = _after_line(text, _content_end(text, node))
    if current_kv:
        set_scalar(current_kv[1], value, 0)
    elif checkins_kv and _starts_line(text, checkins_kv[0].start_mark.index):
        line = _line_start(text, checkins_kv[0].start_mark.index)
        edits.append((line, line, 0, f"{indent}current: {value}{nl}"))
    else:
        edits.append((position, position, 0, f"{prefix}{indent}current: {value}{nl}"))
        prefix = ""
    if checkins_kv is None:
        edits.append((position, position, 1, f"{prefix}{indent}checkins:{nl}{indent}  - {entry}{nl}"))
        return _apply(text, edits)
    sequence = checkins_kv[1]
    if isinstance(sequence, SequenceNode) and sequence.flow_style:
        into_flow_list(sequence, 1)
    elif isinstance(sequence, SequenceNode) and sequence.value:
        dash = sequence.start_mark.column
        last = sequence.value[-1]
        at, lead = _after_line(text, _content_end(text, sequence))
        if isinstance(last, MappingNode) and not last.flow_style and last.value:
            inner = last.value[0][0].start_mark.column
            fields = entry[1:-1].split(", ") if checkin.note is None else None
            if fields is not None:
                lines = [" " * dash + "-" + " " * max(1, inner - dash - 1) + fields[0]] + [" " * inner + f for f in fields[1:]]
                edits.append((at, at, 1, lead + nl.join(lines) + nl))
                return _apply(text, edits)
        edits.append((at, at, 1, f"{lead}{' ' * dash}- {entry}{nl}"))
    elif isinstance(sequence, ScalarNode) and sequence.value in ("", "~", "null", "Null", "NULL"):
        set_scalar(sequence, f"[{entry}]", 1)
    else:
        raise WriteRefused("`checkins:` is not a list")
    return _apply(text, edits)


# -- JSON -------------------------------------------------------------------------------------------


def _json_find(mapping: Any, name: str, aliases: dict[str, str]) -> Optional[str]:
    if isinstance(mapping, dict):
        for key in mapping:
            canon = canonical_key(key)
            if aliases.get(canon, canon) == name:
                return key
    return None


def _json_edit(text: str, okr_set: OkrSet, oi: int, ki: int, checkin: Checkin, current: Number) -> str:
    data = json.loads(text)
    objectives = data if isinstance(data, list) else data.get(_json_find(data, "objectives", SET_ALIASES) or "", None)
    try:
        objective = objectives[oi]  # type: ignore[index]
        krs = objective[_json_find(objective, "key_results", OBJECTIVE_ALIASES)]
        item = krs[ki]
    except (KeyError, IndexError, TypeError):
        raise WriteRefused("the key result's place in the JSON could not be found") from None
    entry: dict[str, Any] = {"date": checkin.date.isoformat(), "value": checkin.value}
    if checkin.confidence is not None:
        entry["confidence"] = _plain_number(checkin.confidence)
    if checkin.note is not None:
        entry["note"] = checkin.note
    if not isinstance(item, dict):
        krs[ki] = {"text": item, "current": current, "checkins": [entry]}
    else:
        item[_json_find(item, "current", KEY_RESULT_ALIASES) or "current"] = current
        key = _json_find(item, "checkins", KEY_RESULT_ALIASES)
        if key is not None and isinstance(item[key], list):
            item[key].append(entry)
        elif key is not None and item[key] is None:
            item[key] = [entry]
        elif key is None:
            item["checkins"] = [entry]
        else:
            raise WriteRefused("`checkins` in the JSON is not a list")
    body = text.strip()
    ascii_only = all(ord(ch) < 128 for ch in text) and "\\u" in text
    if "\n" not in body:
        out = json.dumps(data, ensure_ascii=ascii_only)
    else:
        m = re.search(r"\n([ \t]+)\S", text)
        indent: Union[int, str] = 2 if not m else (m.group(1) if "\t" in m.group(1) else len(m.group(1)))
        out = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    if text.endswith("\n"):
        out += "\n"
    return out.replace("\n", "\r\n") if "\r\n" in text else out


# -- Markdown ---------------------------------------------------------------------------------------

_MD_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)(?:\[[ xX]\][ \t]+)?(.*)$")
_MD_KEY = re.compile(r"^\**([^\W\d_][^\W_]*(?:[ _-][^\W_]+){0,3})\**\s*:")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


def _width(whitespace: str) -> int:
    return len(whitespace.expandtabs(4))


def _indent_of(line: str) -> int:
    return _width(line[: len(line) - len(line.lstrip(" \t"))])


def _md_key(content: str) -> Optional[str]:
    m = _MD_KEY.match(content)
    if not m:
        return None
    name = canonical_key(m.group(1))
    return KEY_RESULT_ALIASES.get(name, name)


def _md_checkin(checkin: Checkin) -> str:
    data = checkin.model_dump(mode="json", exclude_none=True)
    if set(data) == {"date", "value"}:
        return f"checkin: {data['date']} {_num(checkin.value)}"
    if "confidence" in data:
        data["confidence"] = _plain_number(checkin.confidence)  # type: ignore[arg-type]
    return "checkin: " + _escape_controls(json.dumps(data, ensure_ascii=False)).replace("<", "\\u003c")


def _markdown_edit(text: str, okr_set: OkrSet, oi: int, ki: int, checkin: Checkin, current: Number) -> str:
    kr = okr_set.objectives[oi].key_results[ki]
    if kr.source is None or kr.source.line is None:
        raise WriteRefused("the key result's line is not known")
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines, breaks = parts[0::2], parts[1::2] + [""]
    nl = breaks[0] if breaks[0] else "\n"
    at = kr.source.line - 1
    if not 0 <= at < len(lines):
        raise WriteRefused("the key result's line is outside the file")
    head = lines[at]
    kr_indent = _indent_of(head)
    m = _MD_ITEM.match(head)
    content_col = _width(m.group(1)) + len(m.group(2)) + _width(m.group(3)) if m else kr_indent + 2
    last = at
    subs: list[tuple[int, re.Match]] = []
    for j in range(at + 1, len(lines)):
        raw = lines[j]
        if not raw.strip():
            continue
        if _indent_of(raw) <= kr_indent or _MD_HEADING.match(raw):
            break
        last = j
        item = _MD_ITEM.match(raw)
        if item:
            subs.append((j, item))
    sub_width = min((_width(item.group(1)) for _, item in subs), default=None)
    fields = [(j, item) for j, item in subs if _width(item.group(1)) == sub_width]
    if fields:
        lead, marker = fields[0][1].group(1), fields[0][1].group(2)
        marker = marker if not marker[0].isdigit() else "-"
    else:
        lead, marker = " " * content_col, "-"
    current_line = next((j for j, item in fields if _md_key(item.group(4)) == "current"), None)
    first_checkin = next((j for j, item in fields if _md_key(item.group(4)) in ("checkin", "checkins", "check_in", "check_ins")), None)
    value = _num(current)
    new_current = f"{lead}{marker} current: {value}"
    if current_line is not None:
        line = lines[current_line]
        colon = line.index(":", len(fields[0][1].group(1)))
        comment = line.find("<!--", colon)
        rest = line[comment:] if comment >= 0 else ""
        lines[current_line] = line[: colon + 1] + " " + value + (" " + rest if rest else "")
    elif first_checkin is not None:
        lines[first_checkin] = new_current + nl + lines[first_checkin]
    else:
        lines[last] = lines[last] + nl + new_current
    lines[last] = lines[last] + nl + f"{lead}{marker} {_md_checkin(checkin)}"
    return "".join(line + brk for line, brk in zip(lines, breaks))


# -- CSV --------------------------------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    start: int
    end: int  # index of the line terminator (or end of text)
    cells: list[tuple[int, int]]


def _csv_rows(text: str, delimiter: str) -> list[_Row]:
    rows: list[_Row] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        start, first_line = i, line
        cells: list[tuple[int, int]] = []
        while True:
            cell_start = i
            if i < n and text[i] == '"':
                i += 1
                while i < n:
                    if text[i] == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            i += 2
                            continue
                        i += 1
                        break
                    if text[i] == "\n" or (text[i] == "\r" and text[i + 1 : i + 2] != "\n"):
                        line += 1
                    i += 1
            while i < n and text[i] not in (delimiter, "\r", "\n"):
                i += 1
            cells.append((cell_start, i))
            if i < n and text[i] == delimiter:
                i += 1
                continue
            break
        end = i
        if text[i : i + 2] == "\r\n":
            i += 2
        elif i < n:
            i += 1
        line += 1
        if text[start:end].strip():
            rows.append(_Row(first_line, start, end, cells))
    return rows


def _csv_value(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1].replace('""', '"')
    return raw


def _csv_edit(text: str, okr_set: OkrSet, oi: int, ki: int, checkin: Checkin, current: Number) -> str:
    from okrcoach.formats.csv_format import COLUMNS, _sniff

    kr = okr_set.objectives[oi].key_results[ki]
    body = text.lstrip("\ufeff")
    offset = len(text) - len(body)
    first = next((line for line in body.splitlines() if line.strip()), "")
    delimiter = _sniff(first)
    rows = _csv_rows(body, delimiter)
    if not rows:
        raise WriteRefused("the CSV has no rows")
    header = rows[0]
    names = [canonical_key(_csv_value(body[s:e])) for s, e in header.cells]
    column = next((i for i, name in enumerate(names) if COLUMNS.get(name) == ("key_result", "current")), None)
    target = next((r for r in rows[1:] if kr.source is not None and r.line == kr.source.line), None)
    if target is None:
        raise WriteRefused("the key result's row could not be found")
    value = _num(current)
    if delimiter != "," and isinstance(current, float) and re.search(r"(?:^|[;\t])\s*\"?[+-]?\d+,\d+\"?\s*(?=$|[;\t\r\n])", body, re.M):
        value = value.replace(".", ",")
    edits: list[tuple[int, int, int, str]] = []
    if column is None:
        column = len(header.cells)
        edits.append((header.end, header.end, 0, f"{delimiter}current"))
    if column < len(target.cells):
        start, end = target.cells[column]
        edits.append((start, end, 0, value))
    else:
        edits.append((target.end, target.end, 0, delimiter * (column - len(target.cells) + 1) + value))
    return text[:offset] + _apply(body, edits)
