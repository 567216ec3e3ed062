"""Markdown edited in place: each element is edited in its own lines, in the shape it was read from.

Every objective and key result has a span of lines (from the line it was read from to the end of
what belongs to it: its sub-bullets, notes, meta lines) and a shape: a heading, a list item (with
its indentation, marker, checkbox and `KR1:`-style prefix), a bold line or a plain line. A change
touches only its element's span: a text is replaced inside its line (the prefix, bold markers and
trailing comments stay), a field is one `- key: value` sub-bullet (or `Owner: …` line under an
objective), a new key result is a line shaped like its sibling (next number, same marker), a
moved element takes its lines along (and the numbers stay with the places). Headings, prose,
tables, blockquotes and HTML comments outside the span are never touched. Set fields live in the
front matter (created at the top when the file has none) or, for the title, in the H1 heading.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Optional

from okrcoach.formats.build import KEY_RESULT_ALIASES, OBJECTIVE_ALIASES, SET_ALIASES, canonical_key
from okrcoach.formats.markdown_format import BULLETS, checkin_words
from okrcoach.formats.vocabulary import field_name, local_column, local_field_key, local_objective_label
from okrcoach.i18n import msg
from okrcoach.language_data import decimal_mark
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, Period
from okrcoach.values import date_like, date_style_in

from .changes import AddCheckin, Change, Delete, Insert, Move, SetCheckins, SetField, apply, map_texts
from .numstyle import NUMERIC_FIELDS, NumberStyle, number_forms, style_at
from .text import EditRefused, number, plain_number, with_final_newline, without_added_newline, writes_decimal_comma, writes_decimal_point
from .yaml_edit import value_forms

_ATX = re.compile(r"^( {0,3})(#{1,6})([ \t]+|$)(.*?)([ \t]+#+)?[ \t]*$")
_ITEM = re.compile(rf"^([ \t]*)([{re.escape(BULLETS)}]|\d{{1,9}}[.)])([ \t]+)(\[[ xX]\][ \t]+)?(.*)$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_KEY_VALUE = re.compile(r"^(\**)([^\W\d_][^\W_]*(?:[ _-][^\W_]+){0,3})(\**)\s*:\s*(.*)$")
_WAIVER_LINE = re.compile(r"^\s*<!--\s*okrcoach\s*[:\-]?\s*waive\b.*-->\s*$", re.I)
_NUMBER_IN_PREFIX = re.compile(r"\d+(?:\.\d+)*")
_OBJECTIVE_LABELS = {"owner": "Owner", "kind": "Kind", "aligns_to": "Aligns to", "id": "Id", "description": "Description"}
_CHECKIN_KEYS = {"checkin", "checkins", "check_in", "check_ins"}
_KR_FIELD_ORDER = ("id", "metric", "baseline", "target", "unit", "direction", "deadline", "owner", "current", "confidence", "guardrail", "weight")


def _indent(line: str) -> int:
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))


def _alias(key: str, aliases: dict[str, str]) -> str:
    """The field a key names: an English alias, else a word of any language the reader knows
    (`udgangspunkt` → baseline), else the key itself."""
    name = canonical_key(key.strip("*"))
    if name in aliases:
        return aliases[name]
    return field_name(key.strip("*")) or name


def escape(text: str, full: bool = False) -> str:
    """Backslash-escape what Markdown (and okrcoach's reader) would take as markup."""
    chars = "\\`*_[]<>#|" if full else "\\*<>"
    return "".join("\\" + ch if ch in chars else ch for ch in text)


def text_forms(text: str) -> list[str]:
    one_line = re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", text).strip()
    forms = [one_line, escape(one_line), escape(one_line, full=True)]
    if one_line[:1] in "#>-+*|0123456789":
        forms.append("\\" + escape(one_line, full=True))
    if ":" in one_line:  # `Anna KR1: …` or `Objective 2: …` inside a text would read as a label
        forms.append(escape(one_line, full=True).replace(":", "\\:"))
    return list(dict.fromkeys(forms))


def field_forms(value: Any) -> list[str]:
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, (int, float)):
        return [number(value)]
    if isinstance(value, Period):
        return text_forms(value.label)
    if hasattr(value, "isoformat"):
        return [value.isoformat()]
    return text_forms(str(value))


def checkin_line(checkin: Checkin, style: Optional[NumberStyle] = None, key: str = "checkin", padded: bool = False, language: Optional[str] = None, date_example: Optional[str] = None) -> str:
    """A check-in as a Markdown field, `checkin: 2027-02-01 42` (`key` is the file's word for it),
    its value in `style` (`14.000` beside a `current: 12.000`) and its date like `date_example`
    (the file's dates, `values.date_style_in`: `16.02.2027`, `2027. 02. 16.`; ISO without one); a
    confidence and a note follow in the file's language and decimal mark, as
    `markdown_format.checkin_words` writes them (`Opfølgning: 2027-02-01 42 (konfidens 0,7) – God
    fremgang`), JSON (and an ISO date) only for a note that cannot sit on one line."""
    data = checkin.model_dump(mode="json", exclude_none=True)
    value = style.write(checkin.value, suffixed=False, padded=padded) if style is not None else number(checkin.value)
    day = date_like(checkin.date, date_example) if date_example else data["date"]
    if set(data) == {"date", "value"}:
        return f"{key}: {day} {value}"
    worded = checkin_words(day, value, checkin.confidence, checkin.note, language, style.decimal if style is not None else ".")
    if worded is not None:
        return f"{key}: {worded}"
    if "confidence" in data:
        data["confidence"] = plain_number(checkin.confidence)  # type: ignore[arg-type]
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return f"{key}: " + "".join(f"\\u{ord(ch):04x}" if ord(ch) < 32 else ch for ch in text)


# -- the layout: spans and shapes --------------------------------------------------------------------


@dataclass
class Shape:
    """How an element's first line is written."""

    kind: str  # heading | item | line
    indent: str = ""  # leading whitespace (or the heading's up-to-3 spaces)
    marker: str = ""  # `-`, `*`, `1.`, `##`
    gap: str = " "
    box: str = ""  # `[ ] ` for a task item
    prefix: str = ""  # `KR1: `, `Objective 2: `, `**` …
    bold: bool = False
    level: int = 0

    def numbered(self) -> bool:
        return bool(_NUMBER_IN_PREFIX.search(self.prefix)) or self.marker[:1].isdigit()


@dataclass
class Span:
    first: int  # 0-based index of the element's own first line
    last: int  # 0-based index of its last line (inclusive)
    shape: Shape
    start: int = -1  # first line including a waiver comment just above
    fields: list[int] = field(default_factory=list)  # sub-bullet lines `- key: value`

    def __post_init__(self) -> None:
        if self.start < 0:
            self.start = self.first


_PREFIXES = re.compile(
    r"^(?:\*\*)?(?:[^\w\s*#\\]{1,4}\s*)?(?:(?:objective|goal|m[åa]ls[æa]tning|m[åa]ls[äa]ttning|m[åa]l|ziel|tavoite|c[ée]lkit[űu]z[ée]s|c[ée]l)(?:\s*#?\d+(?:\.\d+)*)?(?:\s*[:.)]|\s+[-–—]|\s*[–—])|O\s*#?\d+(?:\.\d+)*(?:\s*[:.)]|\s+[-–—]|\s*[–—])|"
    r"(?:key[\s-]*results?|n[øo]gleresultat(?:er)?|nyckelresultat(?:en)?|schl[üu]sselergebnis(?:se)?|avaintulos|avaintulokset|kulcseredm[ée]ny(?:ek)?)(?:\s*#?\d+(?:\.\d+)*)?(?:\s*[:.)]|\s+[-–—]|\s*[–—])|"
    r"KRs?\s*#?\d+(?:\.\d+)*(?:\s*[:.)]|\s+[-–—]|\s*[–—]|\s+)|KRs?(?:\s*[:.)]|\s+[-–—]|\s*[–—]))\s*(?:\*\*)?\s*",
    re.I,
)


def shape_of(line: str) -> Shape:
    """The shape of an element's first line."""
    m = _ATX.match(line)
    if m:
        content = m.group(4)
        prefix = _PREFIXES.match(content)
        return Shape("heading", m.group(1), m.group(2), " ", "", prefix.group() if prefix else "", content.startswith("**"), len(m.group(2)))
    m = _ITEM.match(line)
    if m and not _HR.match(line):
        content = m.group(5)
        prefix = _PREFIXES.match(content)
        return Shape("item", m.group(1), m.group(2), m.group(3), m.group(4) or "", prefix.group() if prefix else "", content.startswith("**"))
    stripped = line.lstrip(" \t")
    if stripped.startswith("|"):
        return Shape("row", line[: len(line) - len(stripped)])
    prefix = _PREFIXES.match(stripped)
    return Shape("line", line[: len(line) - len(stripped)], "", "", "", prefix.group() if prefix else "", stripped.startswith("**"))


class _Lines:
    """The text as lines, with edits by line index (all indices refer to the original lines)."""

    def __init__(self, text: str) -> None:
        self.work, self.added = with_final_newline(text)
        parts = re.split(r"(\r\n|\r|\n)", self.work)
        self.lines = parts[0::2]
        self.breaks = parts[1::2] + [""]
        self.nl = self.breaks[0] or "\n"
        self.count = len(self.lines) - 1  # the last entry is the empty rest after the final break
        self.replaced: dict[int, str] = {}
        self.deleted: set[int] = set()
        self.inserted: dict[int, list[str]] = {}

    def replace(self, index: int, line: str) -> None:
        self.replaced[index] = line

    def delete(self, first: int, last: int) -> None:
        self.deleted.update(range(first, last + 1))

    def insert(self, before: int, lines: list[str]) -> None:
        self.inserted.setdefault(before, []).extend(lines)

    def result(self) -> str:
        out: list[str] = []
        for index in range(self.count + 1):
            out.extend(line + self.nl for line in self.inserted.get(index, []))
            if index == self.count:
                break
            if index in self.deleted:
                continue
            out.append(self.replaced.get(index, self.lines[index]) + self.breaks[index])
        return without_added_newline("".join(out), self.added, self.nl)

    def copy(self) -> "_Lines":
        clone = object.__new__(_Lines)
        clone.__dict__.update(self.__dict__)
        clone.replaced = dict(self.replaced)
        clone.deleted = set(self.deleted)
        clone.inserted = {k: list(v) for k, v in self.inserted.items()}
        return clone


class _Doc:
    def __init__(self, text: str, okr_set: OkrSet, renumber: bool = True) -> None:
        self.text = text
        self.okr_set = okr_set
        self.renumber = renumber  # numbers in prefixes (`KR2:`) follow the places after a change
        self.lines = _Lines(text)
        self.raw = self.lines.lines[: self.lines.count]
        self.language_mark = decimal_mark(okr_set.language)
        # A file that shows no decimal yet (`30`, `45`) writes them as its language does (`0,7` in Danish).
        self.decimal_comma = writes_decimal_comma(text) or (self.language_mark == "," and not writes_decimal_point(text))
        self.fenced = self._fenced()
        self.front_end = self._front_matter_end()
        self.objective_spans = [self._objective_span(i) for i in range(len(okr_set.objectives))]
        self.kr_spans = [[self._kr_span(i, k) for k in range(len(o.key_results))] for i, o in enumerate(okr_set.objectives)]
        self.keys = _Keys(self)

    @property
    def date_style(self) -> Optional[str]:
        """A date as this file writes its dates (`values.date_style_in`), None when it writes none:
        a new check-in's date is written like it."""
        if not hasattr(self, "_date_style"):
            self._date_style = date_style_in(self.text)
        return self._date_style

    def number_style(self, oi: int, ki: int, name: str) -> NumberStyle:
        """The style a number in key result field `name` is written in: the key result's other
        numbers', else that field's in the other key results (a table's column), else the file's."""
        fields, at = [], -1
        for o, objective in enumerate(self.okr_set.objectives):
            for k, kr in enumerate(objective.key_results):
                if (o, k) == (oi, ki):
                    at = len(fields)
                spots = getattr(getattr(kr.source, "span", None), "fields", None) or {} if kr.source is not None else {}
                fields.append({f: self._spot_text(spots[f]) for f in NUMERIC_FIELDS if f in spots})
        unit = self.okr_set.objectives[oi].key_results[ki].unit if at >= 0 else None
        return style_at(fields, at, name, self.decimal_comma, self.language_mark, unit)

    def _spot_text(self, spot: Any) -> str:
        if getattr(spot, "end_line", None) not in (None, spot.line) or not 1 <= spot.line <= len(self.raw):
            return ""
        return self.raw[spot.line - 1][spot.start : spot.end]

    # -- structure --------------------------------------------------------------------------

    def _fenced(self) -> set[int]:
        inside: set[int] = set()
        fence: Optional[str] = None
        for index, line in enumerate(self.raw):
            m = _FENCE.match(line)
            if fence:
                inside.add(index)
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                    fence = None
            elif m:
                fence = m.group(1)
                inside.add(index)
        return inside

    def _front_matter_end(self) -> Optional[int]:
        if not self.raw or self.raw[0].rstrip() != "---":
            return None
        return next((i for i in range(1, len(self.raw)) if self.raw[i].rstrip() in ("---", "...")), None)

    def heading_level(self, index: int) -> Optional[int]:
        if index in self.fenced:
            return None
        m = _ATX.match(self.raw[index])
        if m:
            return len(m.group(2))
        if index + 1 < len(self.raw) and self.raw[index].strip() and re.match(r"^ {0,3}(=+|-+)[ \t]*$", self.raw[index + 1]) and not _ITEM.match(self.raw[index]):
            return 1 if "=" in self.raw[index + 1] else 2
        return None

    def _line_of(self, element: Any) -> int:
        if element.source is None or element.source.line is None or not 1 <= element.source.line <= len(self.raw):
            raise EditRefused(msg("phrases.cannot-edit-internal", what="line"))
        return element.source.line - 1

    def element_lines(self) -> list[int]:
        found = []
        for objective in self.okr_set.objectives:
            if objective.source is not None and objective.source.line is not None:
                found.append(objective.source.line - 1)
            found.extend(kr.source.line - 1 for kr in objective.key_results if kr.source is not None and kr.source.line is not None)
        return sorted(set(found))

    def _end_of_block(self, first: int, shape: Shape, stop: int) -> int:
        """The last line (inclusive) of the block starting at `first`, before `stop`."""
        last = first
        if shape.kind == "row":
            return first
        if shape.kind == "heading":
            level = shape.level
            for index in range(first + 1, stop):
                h = self.heading_level(index)
                if h is not None and h <= level:
                    break
                last = index
        elif shape.kind == "item":
            base = _indent(self.raw[first])
            for index in range(first + 1, stop):
                line = self.raw[index]
                if not line.strip():
                    continue
                if index in self.fenced and _indent(line) > base:
                    last = index
                    continue
                if _indent(line) <= base or self.heading_level(index) is not None or _HR.match(line):
                    break
                last = index
        else:
            for index in range(first + 1, stop):
                line = self.raw[index]
                if not line.strip() or self.heading_level(index) is not None or _HR.match(line):
                    break
                if _ITEM.match(line) and _indent(line) <= _indent(self.raw[first]):
                    break
                last = index
        while last > first and not self.raw[last].strip():
            last -= 1
        return last

    def _waiver_above(self, first: int) -> int:
        start = first
        while start > 0 and _WAIVER_LINE.match(self.raw[start - 1]):
            start -= 1
        return start

    def _objective_span(self, oi: int) -> Span:
        objective = self.okr_set.objectives[oi]
        first = self._line_of(objective)
        shape = shape_of(self.raw[first])
        following = [self._line_of(o) for o in self.okr_set.objectives[oi + 1 :] if o.source is not None]
        stop = min([line for line in following if line > first] or [len(self.raw)])
        stop = self._waiver_above(stop) if stop < len(self.raw) else stop
        if shape.kind == "heading" or self.heading_level(first) is not None:
            if shape.kind != "heading":
                shape = Shape("heading", level=self.heading_level(first) or 2)
            last = self._end_of_block(first, shape, stop)
        elif shape.kind == "item":
            last = self._end_of_block(first, shape, stop)
        else:
            last = first
            for index in range(first + 1, stop):
                if self.heading_level(index) is not None and (index < len(self.raw) and self.heading_level(index) is not None):
                    break
                if self.raw[index].strip():
                    last = index
        krs = [self._line_of(kr) for kr in objective.key_results if kr.source is not None]
        last = max([last] + [k for k in krs if k < stop])
        return Span(first, last, shape, self._waiver_above(first))

    def _kr_span(self, oi: int, ki: int) -> Span:
        objective = self.okr_set.objectives[oi]
        kr = objective.key_results[ki]
        first = self._line_of(kr)
        shape = shape_of(self.raw[first])
        others = [line for line in self.element_lines() if line > first]
        stop = min(others + [self.objective_spans[oi].last + 1])
        stop = self._waiver_above(stop) if stop <= self.objective_spans[oi].last else stop
        last = self._end_of_block(first, shape, stop)
        span = Span(first, last, shape, self._waiver_above(first))
        if shape.kind in _TAKES_FIELDS:  # a list item's or a plain line's sub-bullets are its fields
            base = _indent(self.raw[first])
            subs = [i for i in range(first + 1, last + 1) if _ITEM.match(self.raw[i]) and _indent(self.raw[i]) > base and i not in self.fenced]
            width = min((_indent(self.raw[i]) for i in subs), default=None)
            span.fields = [i for i in subs if _indent(self.raw[i]) == width]
        return span


# -- editing helpers ---------------------------------------------------------------------------------


def _split_comment(line: str) -> tuple[str, str]:
    """The line before a trailing HTML comment, and the comment (an escaped `\\<!--` is text)."""
    m = re.search(r"(?<!\\)<!--", line)
    if not m:
        return line, ""
    at = m.start()
    head = line[:at]
    return head.rstrip(" \t"), line[len(head.rstrip(" \t")) :]


# -- tables -----------------------------------------------------------------------------------------

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_TABLE_TEXT = {"key_result", "key_results", "kr", "krs", "result", "n_gleresultat", "nøgleresultat", "nyckelresultat", "schlüsselergebnis", "avaintulos", "kulcseredmény", "text"}
_TABLE_OBJECTIVE = {"objective", "goal", "mål", "ziel", "tavoite", "célkitűzés", "cél", "målsætning", "målsättning"}


def cell_spans(line: str) -> list[tuple[int, int]]:
    """Where each cell's content stands in a table row (`\\|` is text, not a separator)."""
    bars = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    stripped = line.strip()
    if not bars:
        return []
    edges = list(bars)
    if not stripped.startswith("|"):
        edges.insert(0, len(line) - len(line.lstrip()) - 1)
    if not stripped.endswith("|") or (len(bars) == 1 and stripped.startswith("|")):
        edges.append(len(line.rstrip()))
    return [(edges[i] + 1, edges[i + 1]) for i in range(len(edges) - 1)]


def _cell_value(line: str, span: tuple[int, int]) -> str:
    return line[span[0] : span[1]].strip().replace("\\|", "|")


def _with_cell(line: str, span: tuple[int, int], text: str) -> str:
    """`line` with one cell's content replaced, keeping the cell's padding."""
    inside = line[span[0] : span[1]]
    closed = line[span[1] : span[1] + 1] == "|"
    if inside.strip():
        lead, trail = inside[: len(inside) - len(inside.lstrip())], inside[len(inside.rstrip()) :]
    else:
        lead, trail = " ", " " if closed else ""
    return line[: span[0]] + lead + text + trail + line[span[1] :]


@dataclass
class _Table:
    header: int
    columns: dict[str, int]  # field name (`text`, `objective`, `owner`, `target`, …) → cell index
    width: int


def _table_of(doc: "_Doc", index: int) -> _Table:
    top = index
    while top > 0 and doc.raw[top - 1].lstrip().startswith("|"):
        top -= 1
    if top + 1 >= len(doc.raw) or not _SEPARATOR_ROW.match(doc.raw[top + 1]):
        raise EditRefused(msg("phrases.cannot-edit-md-no-header"))
    header = doc.raw[top]
    columns: dict[str, int] = {}
    spans = cell_spans(header)
    for position, span in enumerate(spans):
        name = canonical_key(_cell_value(header, span).strip("*"))
        field_name = "text" if name in _TABLE_TEXT else "objective" if name in _TABLE_OBJECTIVE else _alias(name, KEY_RESULT_ALIASES)
        if field_name in _KR_FIELD_ORDER or field_name in ("text", "objective"):
            columns.setdefault(field_name, position)
    return _Table(top, columns, len(spans))


def _column_heading(doc: "_Doc", table: _Table, name: str) -> str:
    """How a message names field `name`'s column of `table`: its heading as written when the table
    has one, else the column word the file's language reads as that field (`Aktuellt` beside
    `Nyckelresultat`), capitalised as most of the table's headings are."""
    header = doc.raw[table.header]
    spans = cell_spans(header)
    if name in table.columns and table.columns[name] < len(spans):
        return _cell_value(header, spans[table.columns[name]]).strip("*")
    word = local_column(("key_result", name), doc.keys.language) or name
    headings = [h for h in (_cell_value(header, span).strip("*") for span in spans) if h]
    capital = sum(1 for h in headings if h[:1].isupper()) * 2 > len(headings)
    return word[:1].upper() + word[1:] if capital else word


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|")


def _text_at_spot(doc: "_Doc", element: Any, new: str) -> list[str]:
    """Versions of the element's first line with its text replaced where the reader says it stands
    (`source.span.text`, when the reader records it), or [] to search for the text instead."""
    span = getattr(element.source, "span", None) if element.source is not None else None
    spot = getattr(span, "text", None)
    if spot is None or getattr(spot, "end_line", None) not in (None, spot.line) or not 1 <= spot.line <= len(doc.raw):
        return []
    line = doc.raw[spot.line - 1]
    if not 0 <= spot.start <= spot.end <= len(line):
        return []
    old = line[spot.start : spot.end]
    bold = old.startswith("**") and old.endswith("**") and len(old) > 4
    inner = old[2:-2] if bold else old
    kept = _in_its_escaping(inner, getattr(element, "text", None) or getattr(element, "title", None) or "", new, {m.group(1) for m in _ESCAPED.finditer(doc.text)})
    forms = list(dict.fromkeys(([kept] if kept is not None else []) + text_forms(new)))
    return [line[: spot.start] + (f"**{form}**" if bold else form) + line[spot.end :] for form in forms]


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _in_its_escaping(raw: str, text: str, new: str, file_escapes: set[str]) -> Optional[str]:
    """`new` written the way `raw` (the source of `text`) escapes its characters: every character
    the edit keeps keeps its bytes (`tier\\-1`, `\\.`, `\\(` as Google Docs exports them), and a
    typed character is escaped when the file escapes that character anywhere; None when `raw` is
    more than `text` with backslash escapes (markup, links), for the plain forms to be tried."""
    pieces: list[tuple[str, str]] = []  # (character as read, its bytes in the line)
    at = 0
    for m in _ESCAPED.finditer(raw):
        pieces.extend((ch, ch) for ch in raw[at : m.start()])
        pieces.append((m.group(1), m.group()))
        at = m.end()
    pieces.extend((ch, ch) for ch in raw[at:])
    if not at or "".join(ch for ch, _ in pieces) != text:
        return None
    escaped = file_escapes | {ch for ch, written in pieces if written != ch}
    out: list[str] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=text, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(written for _, written in pieces[a1:a2])
        else:
            out.extend("\\" + ch if ch in escaped or ch in "\\*<>" else ch for ch in new[b1:b2])
    return "".join(out)


def _field_at_spot(doc: "_Doc", element: Any, name: str, value: Any, forms: Optional[list[str]] = None) -> list[str]:
    """Versions of a line with a field's value replaced where the reader says it stands (a field
    written after a `<br>` on the key result's own line, `… <br>owner: Maya`), or []."""
    span = getattr(element.source, "span", None) if element.source is not None else None
    spot = (getattr(span, "fields", None) or {}).get(name)
    if spot is None or value is None or getattr(spot, "end_line", None) not in (None, spot.line) or not 1 <= spot.line <= len(doc.raw):
        return []
    line = doc.raw[spot.line - 1]
    if not 0 <= spot.start <= spot.end <= len(line):
        return []
    return [line[: spot.start] + form + line[spot.end :] for form in (forms if forms is not None else field_forms(value))]


def _replace_text(line: str, old: str, new: str) -> list[str]:
    """Versions of `line` with the element text `old` replaced by `new`."""
    head, tail = _split_comment(line)
    olds = [form for form in dict.fromkeys([old, escape(old), escape(old, full=True)]) if form and form in head]
    if not olds:
        return []
    out = []
    for old_form in olds:
        at = head.rfind(old_form)
        for new_form in text_forms(new):
            out.append(head[:at] + new_form + head[at + len(old_form) :] + tail)
    return out


def _renumber(line: str, shape: Shape, number_text: str) -> str:
    """`line` with the number in its prefix and its ordered-list marker set to `number_text`
    (`2.3` in `KR 2.3:`; the marker takes the last part)."""
    if shape.marker[:1].isdigit() and shape.kind == "item":
        m = re.match(r"^([ \t]*)(\d+)", line)
        if m:
            line = m.group(1) + number_text.split(".")[-1] + line[m.end() :]
    if shape.prefix and _NUMBER_IN_PREFIX.search(shape.prefix):
        at = line.find(shape.prefix)
        if at >= 0:
            prefix = _NUMBER_IN_PREFIX.sub(number_text, shape.prefix, count=1)
            return line[:at] + prefix + line[at + len(shape.prefix) :]
    return line


def _number_of(line: str, shape: Shape) -> Optional[str]:
    if shape.prefix:
        m = _NUMBER_IN_PREFIX.search(shape.prefix)
        if m:
            return m.group()
    if shape.marker[:1].isdigit():
        return shape.marker.rstrip(".)")
    return None


def _sequential(doc: "_Doc", spans: list[Span]) -> bool:
    """Whether siblings are numbered 1, 2, 3 … (or 2.1, 2.2 …) in order, so numbers follow places."""
    numbers = [_number_of(doc.raw[s.first], s.shape) for s in spans]
    if not numbers or any(n is None for n in numbers):
        return False
    tails = [n.split(".")[-1] for n in numbers]  # type: ignore[union-attr]
    return tails == [str(i + 1) for i in range(len(numbers))]


def _renumber_from(doc: "_Doc", lines: "_Lines", spans: list[Span], start: int, shift: int, objective: Optional[int] = None) -> None:
    """Renumber siblings `start…` by `shift` places (after an insert or a delete before them);
    `KR 2.3`-style numbers take the objective's own number (`objective`, 0-based).

    Candidates without renumbering follow (`doc.renumber` False), for a reader that keeps the
    number as part of the title."""
    if not doc.renumber or not _sequential(doc, spans):
        return
    for index in range(start, len(spans)):
        span = spans[index]
        number_text = _number_of(doc.raw[span.first], span.shape) or ""
        head, _, tail = number_text.rpartition(".")
        if head and objective is not None:
            head = str(objective + 1)
        new = f"{head}.{int(tail) + shift}" if head else str(int(tail) + shift)
        if span.first not in lines.deleted:
            lines.replace(span.first, _renumber(lines.replaced.get(span.first, doc.raw[span.first]), span.shape, new))


def _next_number(previous: Optional[str], position: int, objective_position: int) -> str:
    if previous and "." in previous:
        return f"{objective_position + 1}.{position + 1}"
    return str(position + 1)


def _item_line(shape: Shape, text: str, number_text: str) -> str:
    """A new first line in `shape` holding `text` (bold kept, number updated)."""
    marker = shape.marker
    if marker[:1].isdigit():
        marker = re.sub(r"\d+", number_text.split(".")[-1], marker, count=1)
    prefix = _NUMBER_IN_PREFIX.sub(number_text, shape.prefix, count=1) if shape.prefix else ""
    box = "[ ] " if shape.box else ""
    if prefix.startswith("**") and prefix.count("**") == 1:
        body = text + "**"  # `**Objective 2: …**`: the bold runs to the end of the line
    elif shape.bold and not prefix:
        body = f"**{text}**"
    else:
        body = text
    if shape.kind == "heading":
        return f"{shape.indent}{marker} {prefix}{body}"
    if shape.kind == "item":
        return f"{shape.indent}{marker}{shape.gap}{box}{prefix}{body}"
    return f"{shape.indent}{prefix}{body}"


# -- the edits -------------------------------------------------------------------------------------


def _pick(forms: list[str], level: int) -> str:
    return forms[min(level, len(forms) - 1)]


class _Keys:
    """The words new field keys are written with: the file's language's (the first word its
    lexicon's `reader.fields` gives a field, when the reader reads it back as that field), else
    the English name; capitalised when most of the file's own field keys are, as the lexicon
    writes it otherwise. The language is looked up only when a key is written."""

    def __init__(self, doc: "_Doc") -> None:
        self._doc = doc
        self._language: Optional[str] = None
        written = [kv.group(2) for kv in (self._sub_bullet(i) for i in range(len(doc.raw))) if kv and _alias(kv.group(2), KEY_RESULT_ALIASES) in _KR_FIELD_ORDER]
        self._capital = sum(1 for k in written if k[:1].isupper()) * 2 > len(written)

    def _sub_bullet(self, index: int) -> Optional[re.Match]:
        """A `- key: value` list item's key and value (a key result's field), or None."""
        m = None if index in self._doc.fenced else _ITEM.match(self._doc.raw[index])
        return _KEY_VALUE.match(m.group(5)) if m else None

    @property
    def language(self) -> str:
        if self._language is None:
            from okrcoach.set_language import language_of

            self._language = language_of(self._doc.okr_set)
        return self._language

    def _word(self, name: str) -> Optional[str]:
        return local_field_key(name, self.language)

    def key(self, name: str) -> str:
        """A key result's field key (`udgangspunkt` for baseline in a Danish file), written as
        the lexicon writes it (`Zielwert`) unless the file's keys are capitalised. A check-in
        takes the key the file's check-ins already have (`checkin:` stays `checkin:`)."""
        if name == "checkin":
            for index in range(len(self._doc.raw)):
                kv = self._sub_bullet(index)
                if kv and _alias(kv.group(2), KEY_RESULT_ALIASES) in _CHECKIN_KEYS:
                    return kv.group(2)
        word = self._word(name) or name
        return word[:1].upper() + word[1:] if self._capital else word

    def label(self, name: str) -> str:
        """An objective's meta label in the file's language (`Ansvarlig` for owner, `Beskrivelse`
        for description in a Danish file)."""
        return local_objective_label(name, self.language) or _OBJECTIVE_LABELS[name]


def _kr_field_lines(kr: KeyResult, lead: str, marker: str, keys: _Keys, level: int = 0) -> list[str]:
    lines = []
    for name in _KR_FIELD_ORDER:
        value = getattr(kr, name)
        if value is None or (name == "guardrail" and not value):
            continue
        lines.append(f"{lead}{marker} {keys.key(name)}: {_pick(field_forms(value), level)}")
    lines.extend(f"{lead}{marker} {checkin_line(c, key=keys.key('checkin'), language=keys.language)}" for c in kr.checkins)
    return lines


# Shapes of a key result that take `- key: value` sub-bullets under them: a list item, and a plain
# line (a plain-text paste's key result, Google Docs' `KR1: …` paragraph), whose indented
# sub-bullets the reader takes as its fields. A heading's or a bold line's would start a list.
_TAKES_FIELDS = ("item", "line")


def _field_layout(doc: _Doc, span: Span) -> tuple[str, str]:
    """Indentation and marker for a key result's field sub-bullets: its own sub-bullets' when it
    has some; else those of another key result written as it is (same bullet), at the same depth
    below its own line (`+` four spaces in under `*`); else, under a list item, its own bullet
    (`*`, `•`, `+`; `-` under a numbered item and under Word's private-use Symbol-font glyph) below its text, and `-` two spaces in under a line."""
    if span.fields:
        m = _ITEM.match(doc.raw[span.fields[0]])
        marker = m.group(2) if m and not m.group(2)[0].isdigit() else "-"  # type: ignore[union-attr]
        return (m.group(1) if m else "  "), marker
    shape = span.shape
    for other in (s for spans in doc.kr_spans for s in spans if s.fields and s.shape.kind == shape.kind and s.shape.marker == shape.marker):
        m = _ITEM.match(doc.raw[other.fields[0]])
        their = shape_of(doc.raw[other.first]).indent
        if m and not m.group(2)[0].isdigit() and m.group(1).startswith(their) and m.group(1) != their:
            return shape.indent + m.group(1)[len(their) :], m.group(2)
    if shape.kind == "item":
        width = len((shape.indent + shape.marker + shape.gap).expandtabs(4))  # `•<tab>` is 4 wide
        return " " * width, "-" if shape.marker[0].isdigit() or "\ue000" <= shape.marker <= "\uf8ff" else shape.marker
    return "  ", "-"


def _value_forms(doc: _Doc, oi: int, ki: int, name: str, value: Any) -> list[str]:
    """A key result field value's forms; a number the way the file writes its numbers first
    (`4,6` beside `4,1`, `14.000` beside `12.000`, `60%` beside `99,5%`)."""
    if name in NUMERIC_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return list(dict.fromkeys(number_forms(value, doc.number_style(oi, ki, name)) + field_forms(value)))
    return field_forms(value)


def _set_kr_field(doc: _Doc, oi: int, ki: int, name: str, value: Any) -> Iterator[str]:
    span = doc.kr_spans[oi][ki]
    kr = doc.okr_set.objectives[oi].key_results[ki]
    lines = doc.lines
    if span.shape.kind == "row":
        if name == "text" and value is not None:  # the cell's text, keeping a `<br>` note after it
            for variant in _text_at_spot(doc, kr, value):
                attempt = lines.copy()
                attempt.replace(span.first, variant)
                yield attempt.result()
        read = getattr(kr.source, "span", None) if kr.source is not None else None
        yield from _set_row_field(doc, span, name, value, getattr(read, "columns", None) or {}, _value_forms(doc, oi, ki, name, value))
        return
    if name == "text":
        if value is None:
            raise EditRefused(msg("phrases.cannot-edit-md-kr-needs-text"))
        variants = list(dict.fromkeys(_text_at_spot(doc, kr, value) + _replace_text(doc.raw[span.first], kr.text, value)))
        if not variants:
            raise EditRefused(msg("phrases.cannot-edit-md-kr-lines"))
        if not span.shape.prefix and span.shape.kind in ("item", "line"):  # a text that reads as a label
            labelled = f"KR{ki + 1}: {value}"  # (`Anna KR1: …`) is safe behind one
            variants += list(dict.fromkeys(_text_at_spot(doc, kr, labelled) + _replace_text(doc.raw[span.first], kr.text, labelled)))
        for variant in variants:
            attempt = lines.copy()
            attempt.replace(span.first, variant)
            yield attempt.result()
        return
    if name == "waive":
        raise EditRefused(msg("phrases.cannot-edit-md-waivers"))
    existing = None
    for index in span.fields:
        m = _ITEM.match(doc.raw[index])
        kv = _KEY_VALUE.match(m.group(5)) if m else None
        if kv and _alias(kv.group(2), KEY_RESULT_ALIASES) == name:
            existing = (index, m, kv)
            break
    if value is None:
        if existing is None:
            yield lines.result()
            return
        attempt = lines.copy()
        attempt.delete(existing[0], existing[0])
        yield attempt.result()
        return
    spot = getattr(getattr(kr.source, "span", None), "fields", {}).get(name) if kr.source is not None else None
    if existing is None and spot is not None and spot.line - 1 == span.first:  # `… <br>owner: Maya`
        for variant in _field_at_spot(doc, kr, name, value, _value_forms(doc, oi, ki, name, value)):
            attempt = lines.copy()
            attempt.replace(span.first, variant)
            yield attempt.result()
        return
    if span.shape.kind not in _TAKES_FIELDS and not span.fields:
        raise EditRefused(msg("phrases.cannot-edit-md-no-fields"))
    if existing is not None:
        index, m, kv = existing
        line = doc.raw[index]
        _, tail = _split_comment(line)
        key_end = len(m.group(1)) + len(m.group(2)) + len(m.group(3)) + len(m.group(4) or "") + len(kv.group(1)) + len(kv.group(2)) + len(kv.group(3))
        colon = line.index(":", key_end)
        for form in _value_forms(doc, oi, ki, name, value):
            attempt = lines.copy()
            attempt.replace(index, line[: colon + 1] + " " + form + (" " + tail.lstrip(" \t") if tail else ""))
            yield attempt.result()
        return
    lead, marker = _field_layout(doc, span)
    checkin_at = next(
        (i for i in span.fields if (lambda m: m and _KEY_VALUE.match(m.group(5)) and _alias(_KEY_VALUE.match(m.group(5)).group(2), KEY_RESULT_ALIASES) in _CHECKIN_KEYS)(_ITEM.match(doc.raw[i]))), None
    )
    before = checkin_at if name == "current" and checkin_at is not None else span.last + 1
    for form in _value_forms(doc, oi, ki, name, value):
        attempt = lines.copy()
        attempt.insert(before, [f"{lead}{marker} {doc.keys.key(name)}: {form}"])
        yield attempt.result()


def _set_row_field(doc: _Doc, span: Span, name: str, value: Any, read_columns: Mapping[str, int], value_forms: list[str]) -> Iterator[str]:
    """A field of a key result written as a table row is its cell in the field's column (the
    column the reader took it from first: a `Mål` column of numbers is the target)."""
    table = _table_of(doc, span.first)
    column = read_columns.get(name, table.columns.get(name))
    if column is None:
        raise EditRefused(msg("phrases.cannot-edit-md-no-column", name=_column_heading(doc, table, name)))
    line = doc.raw[span.first]
    spans = cell_spans(line)
    if column >= len(spans):
        raise EditRefused(msg("phrases.cannot-edit-md-short-row"))
    if value is None:
        if name == "text":
            raise EditRefused(msg("phrases.cannot-edit-md-kr-needs-text"))
        forms = [""]
    else:
        forms = [_escape_cell(form) for form in value_forms]
    for form in forms:
        attempt = doc.lines.copy()
        attempt.replace(span.first, _with_cell(line, spans[column], form))
        yield attempt.result()


def _row_for(doc: _Doc, model: Span, kr: KeyResult, level: int) -> str:
    """A new table row shaped like `model`'s, holding `kr` (and the model's objective cell)."""
    table = _table_of(doc, model.first)
    line = doc.raw[model.first]
    spans = cell_spans(line)
    cells = ["" for _ in spans]
    objective = table.columns.get("objective")
    if objective is not None and objective < len(spans):
        cells[objective] = line[spans[objective][0] : spans[objective][1]].strip()
    for name, column in table.columns.items():
        if name == "objective" or column >= len(cells):
            continue
        value = kr.text if name == "text" else getattr(kr, name, None)
        if value is None or (name == "guardrail" and not value):
            continue
        cells[column] = _escape_cell(_pick(field_forms(value), level))
    missing = [name for name in _KR_FIELD_ORDER if getattr(kr, name) not in (None, False) and name not in table.columns]
    if missing or "text" not in table.columns:
        raise EditRefused(msg("phrases.cannot-edit-md-no-columns", columns=", ".join(missing)) if missing else msg("phrases.cannot-edit-md-no-text-column"))
    stripped = line.strip()
    body = " | ".join(cells)
    return f"{model.shape.indent}{'| ' if stripped.startswith('|') else ''}{body}{' |' if stripped.endswith('|') else ''}"


def _objective_meta_lines(doc: _Doc, oi: int) -> list[tuple[int, str]]:
    span = doc.objective_spans[oi]
    krs = [s.start for s in doc.kr_spans[oi]]
    end = min(krs + [span.last + 1])
    found = []
    for index in range(span.first + 1, end):
        if index in doc.fenced:
            continue
        text = doc.raw[index].strip()
        m = _KEY_VALUE.match(text)
        if m and _alias(m.group(2), OBJECTIVE_ALIASES) in _OBJECTIVE_LABELS:
            found.append((index, _alias(m.group(2), OBJECTIVE_ALIASES)))
    return found


def _set_objective_field(doc: _Doc, oi: int, name: str, value: Any) -> Iterator[str]:
    span = doc.objective_spans[oi]
    objective = doc.okr_set.objectives[oi]
    lines = doc.lines
    if name == "title":
        if value is None:
            raise EditRefused(msg("phrases.cannot-edit-md-objective-needs-title"))
        variants = list(dict.fromkeys(_text_at_spot(doc, objective, value) + _replace_text(doc.raw[span.first], objective.title, value)))
        if not variants:
            raise EditRefused(msg("phrases.cannot-edit-md-title-lines"))
        for variant in variants:
            attempt = lines.copy()
            attempt.replace(span.first, variant)
            yield attempt.result()
        return
    if name == "waive":
        raise EditRefused(msg("phrases.cannot-edit-md-waivers"))
    if name not in _OBJECTIVE_LABELS:
        raise EditRefused(msg("phrases.cannot-edit-md-objective-field", name=name))
    meta = _objective_meta_lines(doc, oi)
    existing = next((index for index, key in meta if key == name), None)
    if name == "description" and existing is None and objective.description is not None:
        raise EditRefused(msg("phrases.cannot-edit-md-description"))
    if value is None:
        if existing is not None:
            lines.delete(existing, existing)
        yield lines.result()
        return
    indent = ""
    if span.shape.kind == "item":
        indent = " " * (len(span.shape.indent.expandtabs(4)) + len(span.shape.marker) + len(span.shape.gap))
    if existing is not None:
        line = doc.raw[existing]
        colon = line.index(":")
        _, tail = _split_comment(line)
        for form in field_forms(value):
            attempt = lines.copy()
            attempt.replace(existing, line[: colon + 1] + " " + form + (" " + tail.lstrip(" \t") if tail else ""))
            yield attempt.result()
        return
    after = max([span.first] + [index for index, _ in meta])
    if (
        span.shape.kind == "heading"
        and doc.heading_level(span.first) is not None
        and after == span.first
        and span.first + 1 < len(doc.raw)
        and re.match(r"^ {0,3}(=+|-+)[ \t]*$", doc.raw[span.first + 1])
    ):
        after = span.first + 1  # a setext heading's underline
    for form in field_forms(value):
        attempt = lines.copy()
        attempt.insert(after + 1, [f"{indent}{doc.keys.label(name)}: {form}"])
        yield attempt.result()


def _front_matter_key(doc: _Doc, name: str) -> Optional[int]:
    end = doc.front_end
    if end is None:
        return None
    for index in range(1, end):
        m = re.match(r"^([^\s#:][^:]*?)\s*:", doc.raw[index])
        if m and _alias(m.group(1), SET_ALIASES) == name:
            return index
    return None


def _set_set_field(doc: _Doc, name: str, value: Any) -> Iterator[str]:
    lines = doc.lines
    at = _front_matter_key(doc, name)
    if name == "title" and at is None:
        title_line = None
        current = doc.okr_set.title
        for index, line in enumerate(doc.raw):
            if index in doc.fenced:
                continue
            m = _ATX.match(line)
            if m and len(m.group(2)) == 1 and current is not None:
                title_line = index
                break
        if title_line is not None and value is not None:
            for variant in _replace_text(doc.raw[title_line], current or "", value):
                attempt = lines.copy()
                attempt.replace(title_line, variant)
                yield attempt.result()
    if value is None:
        if at is not None:
            lines.delete(at, at)
        yield lines.result()
        return
    forms = value_forms(value.label if isinstance(value, Period) else value)
    if at is not None:
        line = doc.raw[at]
        colon = line.index(":")
        comment = re.search(r"\s+#.*$", line[colon:])
        for form in forms:
            attempt = lines.copy()
            attempt.replace(at, line[: colon + 1] + " " + form + (comment.group() if comment else ""))
            yield attempt.result()
        return
    for form in forms:
        attempt = lines.copy()
        if doc.front_end is not None:
            attempt.insert(doc.front_end, [f"{name}: {form}"])
        else:
            attempt.insert(0, ["---", f"{name}: {form}", "---", ""] if doc.raw and doc.raw[0].strip() else ["---", f"{name}: {form}", "---"])
        yield attempt.result()


def _insert_kr(doc: _Doc, oi: int, ki: int, kr: KeyResult) -> Iterator[str]:
    spans = doc.kr_spans[oi]
    objective_span = doc.objective_spans[oi]
    lines = doc.lines
    if spans:
        model = spans[ki - 1] if ki > 0 else spans[0]
        shape = model.shape
        previous = _number_of(doc.raw[model.first], shape)
        number_text = _next_number(previous, ki, oi)
        if shape.kind == "row":
            before = spans[ki].start if ki < len(spans) else spans[-1].last + 1
            for level in range(3):
                attempt = lines.copy()
                attempt.insert(before, [_row_for(doc, model, kr, level)])
                yield attempt.result()
            return
        lead, marker = _field_layout(doc, model)
        # A plain line's indented sub-bullets are its fields (a plain-text paste's key results);
        # a heading's or a bold line's would start a list of their own.
        takes_fields = shape.kind == "item" or (shape.kind == "line" and not shape.bold)
        has_fields = bool(_kr_field_lines(kr, lead, marker, doc.keys))
        if has_fields and not takes_fields:
            raise EditRefused(msg("phrases.cannot-edit-md-new-kr-fields"))
        before = spans[ki].start if ki < len(spans) else spans[-1].last + 1
        _renumber_from(doc, lines, spans, ki, 1, oi)
        forms = text_forms(kr.text)
        for level in range(len(forms)):
            attempt = lines.copy()
            fields = _kr_field_lines(kr, lead, marker, doc.keys, level) if takes_fields else []
            attempt.insert(before, [_item_line(shape, forms[level], number_text), *fields])
            yield attempt.result()
        if not shape.prefix:  # a text that reads as a label (`Anna KR1: …`) is safe behind one
            labelled = Shape(shape.kind, shape.indent, shape.marker, shape.gap, shape.box, "KR1: ", shape.bold, shape.level)
            attempt = lines.copy()
            attempt.insert(before, [_item_line(labelled, forms[-1], str(ki + 1)), *(_kr_field_lines(kr, lead, marker, doc.keys, 2) if takes_fields else [])])
            yield attempt.result()
        if has_fields and shape.kind != "item":  # no sub-bullets read back as this line's fields
            raise EditRefused(msg("phrases.cannot-edit-md-new-kr-fields"))
        return
    shape = objective_span.shape
    if shape.kind == "item":
        indent = " " * (len(shape.indent.expandtabs(4)) + len(shape.marker) + len(shape.gap))
        block: list[str] = []
    else:
        indent = ""
        block = [""] if doc.raw[objective_span.last].strip() else []
    lead = " " * (len(indent) + 2)
    forms = text_forms(kr.text)
    after = objective_span.last + 1
    trailing = [""] if shape.kind != "item" and after < len(doc.raw) and doc.raw[after].strip() else []
    for level, prefix in [(level, "") for level in range(len(forms))] + [(len(forms) - 1, "KR1: ")]:
        attempt = lines.copy()  # the last candidate is labelled, for a text that reads as a label
        item = _item_line(Shape("item", indent, "-", " ", prefix=prefix), forms[level], "1")
        attempt.insert(after, [*block, item, *_kr_field_lines(kr, lead, "-", doc.keys, min(level, 2)), *trailing])
        yield attempt.result()
    if shape.kind == "line" and not any(s.shape.kind in ("item", "heading", "row") for spans in doc.kr_spans for s in spans):
        # Plain lines (an e-mail, a plain-text paste): each line under an objective is one of its
        # key results, and a list would turn the other objectives' lines into descriptions. The
        # new key result is a plain line like theirs, its fields indented sub-bullets.
        for level in range(len(forms)):
            attempt = lines.copy()
            attempt.insert(after, [*block, forms[level], *_kr_field_lines(kr, "  ", "-", doc.keys, min(level, 2)), *trailing])
            yield attempt.result()


def _objective_lines(doc: _Doc, objective: Objective, shape: Shape, number_text: str, oi: int, level: int = 1) -> list[str]:
    """The lines of a new objective in `shape`; `level` 0–2 escapes more, 3 also labels each key
    result (`KR1:`), for texts that would otherwise read as labels."""
    labelled = level >= 3
    level = min(level, 2)
    title = _pick(text_forms(objective.title), level)
    lines = [_item_line(shape, title, number_text)]
    indent = ""
    if shape.kind == "item":
        indent = " " * (len(shape.indent.expandtabs(4)) + len(shape.marker) + len(shape.gap))
    for name in _OBJECTIVE_LABELS:
        value = getattr(objective, name)
        if value is not None:
            lines.append(f"{indent}{doc.keys.label(name)}: {_pick(field_forms(value), level)}")
    kr_spans = [s for spans in doc.kr_spans for s in spans]
    kr_shape = kr_spans[0].shape if kr_spans else Shape("item", indent, "-", " ", prefix="")
    if shape.kind == "item" and kr_shape.kind == "item" and len(kr_shape.indent.expandtabs(4)) <= len(shape.indent.expandtabs(4)):
        kr_shape = Shape("item", indent, "-", " ")
    lead, marker = _field_layout(doc, kr_spans[0]) if kr_spans else (" " * (len(indent) + 2), "-")
    if objective.key_results and shape.kind != "item":
        lines.append("")
    previous = _number_of(doc.raw[kr_spans[0].first], kr_shape) if kr_spans else None
    if labelled and not kr_shape.prefix:
        kr_shape = Shape(kr_shape.kind, kr_shape.indent, kr_shape.marker, kr_shape.gap, kr_shape.box, "KR1: ", kr_shape.bold, kr_shape.level)
    for ki, kr in enumerate(objective.key_results):
        lines.append(_item_line(kr_shape, _pick(text_forms(kr.text), level), _next_number(previous, ki, oi)))
        if kr_shape.kind == "item":
            lines.extend(_kr_field_lines(kr, lead, marker, doc.keys, level))
    return lines


def _insert_objective(doc: _Doc, oi: int, objective: Objective) -> Iterator[str]:
    spans = doc.objective_spans
    lines = doc.lines
    if spans:
        model = spans[oi - 1] if oi > 0 else spans[0]
        shape = model.shape
        if shape.kind == "heading" and not shape.marker:
            m = _ATX.match(doc.raw[model.first])
            shape = Shape("heading", "", "#" * shape.level, " ", level=shape.level) if not m else shape
        number_text = str(oi + 1)
        _renumber_from(doc, lines, spans, oi, 1)
        for level in range(4):
            block = _objective_lines(doc, objective, shape, number_text, oi, level)
            attempt = lines.copy()
            if oi < len(spans):
                attempt.insert(spans[oi].start, [*block, *([""] if shape.kind != "item" else [])])
            else:
                last = spans[-1].last
                lead = [""] if shape.kind != "item" else []
                trailing = [""] if last + 1 < len(doc.raw) and doc.raw[last + 1].strip() else []
                attempt.insert(last + 1, [*lead, *block, *trailing])
            yield attempt.result()
        return
    shape = Shape("heading", "", "##", " ", prefix="Objective 1: ", level=2)
    for level in range(4):
        block = _objective_lines(doc, objective, shape, "1", 0, level)
        attempt = lines.copy()
        attempt.insert(len(doc.raw), ([""] if doc.raw and doc.raw[-1].strip() else []) + block)
        yield attempt.result()


def _drop_span(doc: _Doc, lines: _Lines, span: Span) -> None:
    lines.delete(span.start, span.last)
    before_blank = span.start == 0 or not doc.raw[span.start - 1].strip()
    after = span.last + 1
    if before_blank and after < len(doc.raw) and not doc.raw[after].strip():
        lines.delete(after, after)


def _delete(doc: _Doc, oi: int, ki: Optional[int]) -> Iterator[str]:
    lines = doc.lines
    if ki is None:
        _drop_span(doc, lines, doc.objective_spans[oi])
        _renumber_from(doc, lines, doc.objective_spans, oi + 1, -1)
    else:
        _drop_span(doc, lines, doc.kr_spans[oi][ki])
        _renumber_from(doc, lines, doc.kr_spans[oi], ki + 1, -1, oi)
    yield lines.result()


def _move(doc: _Doc, spans: list[Span], index: int, to: int) -> Iterator[str]:
    lines = doc.lines
    chunks = [doc.raw[s.start : s.last + 1] for s in spans]
    firsts = [s.first - s.start for s in spans]
    numbers = [_number_of(doc.raw[s.first], s.shape) for s in spans]
    sequential = doc.renumber and _sequential(doc, spans)
    order = list(range(len(spans)))
    order.insert(to, order.pop(index))
    for slot, span in enumerate(spans):
        source = order[slot]
        if source == slot:
            continue
        chunk = list(chunks[source])
        if sequential:
            chunk[firsts[source]] = _renumber(chunk[firsts[source]], spans[source].shape, numbers[slot])  # type: ignore[arg-type]
            if spans is doc.objective_spans:  # `KR 2.1` under a moved objective becomes `KR 1.1`
                for kr in doc.kr_spans[source]:
                    at = kr.first - spans[source].start
                    number_text = _number_of(doc.raw[kr.first], kr.shape)
                    if 0 <= at < len(chunk) and number_text and number_text.count(".") == 1 and number_text.split(".")[0] == numbers[source]:
                        chunk[at] = _renumber(chunk[at], kr.shape, f"{numbers[slot]}.{number_text.split('.')[1]}")
        lines.delete(span.start, span.last)
        lines.insert(span.start, chunk)
    yield lines.result()


# -- a check-in in a table row -----------------------------------------------------------------------


@dataclass
class _RowCheckin:
    """Where a table row's check-in goes, from the table's columns as the reader found them
    (`Span.layout`): which cell takes the date, the value, the confidence and
    the note, or a `Check-in` column to add (None: the row's columns cannot hold it)."""

    entry: Optional[int]  # the `Check-in` column: the value beside a date column, else the whole check-in in words
    date: Optional[int]
    value: Optional[int]  # a `Value` column, else the key result's `Current` one
    value_is_current: bool
    confidence: Optional[int]
    confidence_is_the_key_result_s: bool
    note: Optional[int]
    add_entry: bool  # no check-in column at all: one `Check-in` column is added, holding the check-in in words


def _row_layout(kr: KeyResult) -> Optional[_RowCheckin]:
    span = getattr(kr.source, "span", None) if kr.source is not None else None
    if span is None or span.shape != "table_row":
        return None
    table = dict(getattr(span, "layout", None) or {})
    entry, date_col = table.get("checkin.entry"), table.get("checkin.date")
    value = table.get("checkin.value")
    value_is_current = value is None and entry is None and "key_result.current" in table
    if value_is_current:
        value = table["key_result.current"]
    confidence = table.get("checkin.confidence")
    kr_confidence = confidence is None and "key_result.confidence" in table
    if kr_confidence:
        confidence = table["key_result.confidence"]
    worded = date_col is None
    return _RowCheckin(
        entry,
        date_col,
        None if worded else value if entry is None else None,
        value_is_current and not worded,
        None if worded else confidence,
        kr_confidence and not worded,
        None if worded else table.get("checkin.note"),
        entry is None and worded,
    )


def table_row_checkin(kr: KeyResult, checkin: Checkin) -> Optional[KeyResult]:
    """`kr`, a table row, as it reads once `checkin` is written into its row: the row holds one
    check-in (its latest), and a value or confidence written in the key result's own `Current` or
    `Confidence` cell is its `current` or `confidence` too. None when `kr` is not a table row."""
    layout = _row_layout(kr)
    if layout is None:
        return None
    result = kr.model_copy(deep=True)
    written = checkin.model_copy()
    if layout.value_is_current:
        result.current = checkin.value
    if layout.confidence_is_the_key_result_s:
        if checkin.confidence is not None:
            result.confidence = checkin.confidence
        elif result.confidence is not None:
            written.confidence = result.confidence  # the row's confidence is its check-in's
    result.checkins = [written]
    return result


def _row_checkin(doc: _Doc, oi: int, ki: int, checkin: Optional[Checkin]) -> Iterator[str]:
    """The row's check-in cells set to `checkin`'s date, value, confidence and note; a `Check-in`
    column (or a check-in confidence or note column beside a date column) is added at the table's
    end, in its header, its rule and this row only, when the table has none: every other row keeps
    its bytes."""
    span = doc.kr_spans[oi][ki]
    kr = doc.okr_set.objectives[oi].key_results[ki]
    layout = _row_layout(kr)
    table = _table_of(doc, span.first)
    if layout is None or checkin is None:
        raise EditRefused(msg("phrases.cannot-edit-md-table-checkins", column=_column_heading(doc, table, "current")))
    style = doc.number_style(oi, ki, "current")
    value = style.write(checkin.value, suffixed=False) if style is not None else number(checkin.value)
    day = date_like(checkin.date, doc.date_style) if doc.date_style else checkin.date.isoformat()
    cells: dict[int, str] = {}
    added: list[str] = []  # headings of the columns added at the table's end, in order
    if layout.date is None:
        worded = checkin_words(
            day,
            value,
            checkin.confidence,
            checkin.note,
            doc.keys.language,
            "," if style.decimal == "," or doc.decimal_comma or (decimal_mark(doc.keys.language) == "," and not writes_decimal_point(doc.text)) else ".",
        )
        if worded is None:
            raise EditRefused(msg("phrases.cannot-edit-md-no-column", name=_checkin_heading(doc, table, "checkin_note")))
        if layout.entry is None:
            added.append(_checkin_heading(doc, table, "checkin"))
        cells[layout.entry if layout.entry is not None else table.width] = worded
    else:
        cells[layout.date] = day
        target = layout.entry if layout.entry is not None else layout.value
        if target is None:
            raise EditRefused(msg("phrases.cannot-edit-md-no-column", name=_column_heading(doc, table, "current")))
        cells[target] = value
        for name, given, column in (("checkin_confidence", checkin.confidence, layout.confidence), ("checkin_note", checkin.note, layout.note)):
            if given is not None and column is None:  # a column of its own, as a spreadsheet user adds one
                column = table.width + len(added)
                added.append(_checkin_heading(doc, table, name))
            if column is not None and (given is not None or name == "checkin_note"):
                cells[column] = "" if given is None else escape(str(given)) if name == "checkin_note" else _decimal(number(given), _column_writes_comma(doc, table, column))
    lines = doc.lines.copy()
    if added:
        header, rule = doc.raw[table.header], doc.raw[table.header + 1]
        rule_cell = (_cell_value(rule, cell_spans(rule)[-1]) if cell_spans(rule) else "") or "---"  # `:----` as the table writes it
        for heading in added:
            header, rule = _with_cell_added(header, heading), _with_cell_added(rule, rule_cell)
        lines.replace(table.header, header)
        lines.replace(table.header + 1, rule)
    line = doc.raw[span.first]
    spans = cell_spans(line)
    while len(spans) < max(cells) + 1:
        line = _with_cell_added(line, "")
        spans = cell_spans(line)
    for column, text in sorted(cells.items(), reverse=True):
        line = _with_cell(line, spans[column], _escape_cell(text))
    lines.replace(span.first, line)
    yield lines.result()


def _column_writes_comma(doc: _Doc, table: _Table, column: int) -> bool:
    """Whether a table column writes its decimals with a comma (`0,7`), else whether the file does."""
    marks = set()
    for index in range(table.header + 2, len(doc.raw)):
        line = doc.raw[index]
        if not line.lstrip().startswith("|"):
            break
        spans = cell_spans(line)
        if column < len(spans):
            marks.update(re.findall(r"\d([.,])\d", _cell_value(line, spans[column])))
    return "," in marks if marks else doc.decimal_comma or (decimal_mark(doc.keys.language) == "," and not writes_decimal_point(doc.text))


def _decimal(written: str, comma: bool) -> str:
    """A plain number (a confidence) with the file's decimal mark."""
    return written.replace(".", ",") if comma else written


def _with_cell_added(line: str, text: str) -> str:
    """`line` with one more cell at its end, padded as its last cell is (`| Owner |` gives
    `| Check-in |`, `|---|` gives `---|`), its trailing pipe kept as it was."""
    stripped = line.rstrip()
    tail = line[len(stripped) :]
    spans = cell_spans(stripped)
    inside = stripped[spans[-1][0] : spans[-1][1]] if spans else " "
    lead = inside[: len(inside) - len(inside.lstrip())] if inside.strip() else " "
    trail = inside[len(inside.rstrip()) :] if inside.strip() else " "
    if not text and not inside.strip():
        lead, trail = inside, ""
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        return f"{stripped}{lead}{text}{trail}|{tail}"
    return f"{stripped} |{lead}{text}{tail}"


def _checkin_heading(doc: _Doc, table: _Table, name: str) -> str:
    """A new check-in column's heading in the file's language (`Opfølgning`, `Check-in`),
    capitalised as most of the table's headings are."""
    from okrcoach.formats.vocabulary import local_column

    english = {"checkin": "Check-in", "checkin_confidence": "Check-in confidence", "checkin_note": "Check-in note"}[name]
    word = (local_field_key("checkin", doc.keys.language) if name == "checkin" else local_column(("checkin", name.split("_", 1)[1]), doc.keys.language)) or english
    header = doc.raw[table.header]
    headings = [h for h in (_cell_value(header, span).strip("*") for span in cell_spans(header)) if h]
    capital = sum(1 for h in headings if h[:1].isupper()) * 2 >= len(headings)
    return word[:1].upper() + word[1:] if capital else word


def _add_checkin(doc: _Doc, oi: int, ki: int, checkin: Checkin) -> Iterator[str]:
    span = doc.kr_spans[oi][ki]
    if span.shape.kind == "row":
        yield from _row_checkin(doc, oi, ki, checkin)
        return
    if span.shape.kind not in _TAKES_FIELDS and not span.fields:
        raise EditRefused(msg("phrases.cannot-edit-md-no-checkins"))
    lead, marker = _field_layout(doc, span)
    for style, padded in _checkin_styles(doc, oi, ki):
        attempt = doc.lines.copy()
        attempt.insert(span.last + 1, [f"{lead}{marker} {checkin_line(checkin, style, doc.keys.key('checkin'), padded, doc.keys.language, doc.date_style)}"])
        yield attempt.result()


def _checkin_styles(doc: _Doc, oi: int, ki: int) -> list[tuple[Optional[NumberStyle], bool]]:
    """Styles to write a check-in's value in, and whether three decimals get a fourth 0: its key
    result's `current`, then only the file's decimal mark, then `number`'s."""
    style = doc.number_style(oi, ki, "current")
    ways: list[Optional[NumberStyle]] = [style, NumberStyle(style.decimal)]
    return [(way, padded) for padded in (False, True) for way in ways] + [(None, False)]


def _set_checkins(doc: _Doc, oi: int, ki: int, checkins: tuple[Checkin, ...]) -> Iterator[str]:
    span = doc.kr_spans[oi][ki]
    if span.shape.kind == "row":  # a row holds its latest check-in
        yield from _row_checkin(doc, oi, ki, sorted(checkins, key=lambda c: c.date)[-1] if checkins else None)
        return
    lines = doc.lines
    for index in span.fields:
        m = _ITEM.match(doc.raw[index])
        kv = _KEY_VALUE.match(m.group(5)) if m else None
        if kv and _alias(kv.group(2), KEY_RESULT_ALIASES) in _CHECKIN_KEYS:
            lines.delete(index, index)
    if checkins:
        lead, marker = _field_layout(doc, span)
        key = doc.keys.key("checkin")
        for style, padded in _checkin_styles(doc, oi, ki):
            attempt = lines.copy()
            attempt.insert(span.last + 1, [f"{lead}{marker} {checkin_line(c, style, key, padded, doc.keys.language, doc.date_style)}" for c in checkins])
            yield attempt.result()
        return
    yield lines.result()


def _structural(doc: _Doc, change: Change) -> Iterator[str]:
    if isinstance(change, Insert):
        oi, ki = change.ref
        if ki is None:
            yield from _insert_objective(doc, oi, change.element)  # type: ignore[arg-type]
        else:
            yield from _insert_kr(doc, oi, ki, change.element)  # type: ignore[arg-type]
    elif isinstance(change, Delete):
        yield from _delete(doc, *change.ref)
    elif isinstance(change, Move):
        oi, ki = change.ref
        if ki is None:
            yield from _move(doc, doc.objective_spans, oi, change.to)
        else:
            yield from _move(doc, doc.kr_spans[oi], ki, change.to)


def steps(changes: list[Change]) -> list[tuple[Change, ...]]:
    """One change a step, a key result's check-ins before its `current`: a table row holds a
    `current` cell but no check-in history, so what a row cannot hold is refused first (rather than
    asking for a `current` column, after which the check-in is refused all the same). In a list
    the lines come out as in the other order: `current` goes in above the check-ins."""
    ordered: list[Change] = []
    waiting: dict[Any, list[Change]] = {}  # ref -> its `current` changes waiting for its next check-in change
    for at, change in enumerate(changes):
        if isinstance(change, SetField) and change.name == "current" and any(isinstance(c, (AddCheckin, SetCheckins)) and c.ref == change.ref for c in changes[at + 1 :]):
            waiting.setdefault(change.ref, []).append(change)
            continue
        ordered.append(change)
        if isinstance(change, (AddCheckin, SetCheckins)):
            ordered.extend(waiting.pop(change.ref, []))
    return [(change,) for change in ordered]


def candidates(text: str, okr_set: OkrSet, change: Change) -> Iterator[str]:
    doc = _Doc(text, okr_set)
    if isinstance(change, SetField):
        if change.ref is None:
            yield from _set_set_field(doc, change.name, change.value)
        elif change.ref[1] is None:
            yield from _set_objective_field(doc, change.ref[0], change.name, change.value)
        elif change.name == "checkins":
            yield from _set_checkins(doc, change.ref[0], change.ref[1], ())
        else:
            yield from _set_kr_field(doc, change.ref[0], change.ref[1], change.name, change.value)
    elif isinstance(change, (Insert, Delete, Move)):
        for renumber in (True, False):
            yield from _structural(_Doc(text, okr_set, renumber), change)
    elif isinstance(change, AddCheckin):
        yield from _add_checkin(doc, change.ref[0], change.ref[1], change.checkin)  # type: ignore[arg-type]
    elif isinstance(change, SetCheckins):
        yield from _set_checkins(doc, change.ref[0], change.ref[1], change.checkins)  # type: ignore[arg-type]


def normalise(okr_set: OkrSet) -> OkrSet:
    """The set as Markdown holds it: each text on one line, without spaces around it; a key result
    written as a table row with its latest check-in only, as the row reads once it is written."""
    result = map_texts(okr_set, lambda text: re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", text).strip())
    for objective in result.objectives:
        for index, kr in enumerate(objective.key_results):
            if kr.checkins and _row_layout(kr) is not None:
                latest = sorted(kr.checkins, key=lambda c: c.date)[-1]
                held = table_row_checkin(kr, latest)
                if held is not None:
                    if held.current == latest.value and "key_result.current" not in kr.source.span.layout:  # type: ignore[union-attr]
                        held.current = None  # the `current` a check-in sets has no cell of its own: the row's check-in says it
                    objective.key_results[index] = held
    return result


def expected(okr_set: OkrSet, change: Change) -> OkrSet:
    """The set Markdown reads back to after `change`: as `changes.apply` says, except that a check-in
    recorded in a table row replaces the row's one (see `table_row_checkin`)."""
    result = apply(okr_set, change)
    if isinstance(change, (AddCheckin, SetCheckins)) and change.ref[1] is not None:
        oi, ki = change.ref
        kr = okr_set.objectives[oi].key_results[ki]
        latest = change.checkin if isinstance(change, AddCheckin) else (sorted(change.checkins, key=lambda c: c.date)[-1] if change.checkins else None)
        held = table_row_checkin(kr, latest) if latest is not None else None
        if held is not None:
            result.objectives[oi].key_results[ki] = held
    elif isinstance(change, SetField) and change.name == "current" and change.ref is not None and change.ref[1] is not None:
        oi, ki = change.ref
        kr = result.objectives[oi].key_results[ki]
        span = getattr(okr_set.objectives[oi].key_results[ki].source, "span", None)
        layout = getattr(span, "layout", None) or {}
        if kr.checkins and change.value is not None and layout.get("checkin_value") is not None and layout.get("checkin_value") == layout.get("key_result.current"):
            kr.checkins[-1] = kr.checkins[-1].model_copy(update={"value": change.value})  # the row's check-in takes its value from that cell
    return result
