"""A key result written as a row, read as fields before it is judged.

People keep OKRs in spreadsheets, Notion or Airtable databases, Asana, Trello or Planner boards and
Markdown tables, and paste or export them: a key result then arrives as a ROW ("| Churn | 5.2 % |
4 % | Q3 | AB |", "Sales;Complaints;–;at most 2 %;Quality", tab-separated cells) or as a statement
followed by a tool's properties ("Reduce churn · Status: On track · Owner: AB · Due: 30/9",
"- [ ] Win 3 clients (AB, 30/9) ✅", "@jan …", ":rocket:"). `split_row` cuts such a text into typed
cells by the SHAPE of each cell (there is no header): the statement (the cell of most words), value
cells (a number with a few words, or a quantifier or keep word), a date, an owner or area, a status,
a property that counts nothing (progress, confidence, list, …), an empty cell, a mark (check box,
mention, emoji). Of two value cells the first is today's value and the second the target.

The row's `reading` is the text the facts judge: the same length as the text (so every offset still
points at the user's words), with what counts nothing blanked, and the separators between the cells
that count turned into the punctuation a sentence would use: a colon after the statement, an arrow
from today's value to the target, a comma before a date. A text that is no row gets None: it is judged
exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .lexicon import Lexicon

# Kinds of cells. The first group counts in the judgement; the second is blanked.
STATEMENT, VALUE, DATE, NOTE = "statement", "value", "date", "note"
OWNER, LABEL, STATUS, PROPERTY, EMPTY, MARK = "owner", "label", "status", "property", "empty", "mark"
# The period a labelled value is for ("H2 target: 14"): the key result's deadline, left out of the
# reading so that today's value and the target stand side by side ("23 → 14").
PERIOD = "period"
COUNTED = frozenset({STATEMENT, VALUE, DATE, NOTE})
# Cells only an export's columns hold: with one of them, semicolons cut a row, not clauses.
_METADATA = frozenset({OWNER, LABEL, STATUS, PROPERTY, EMPTY, DATE, PERIOD})

# The one quick check a text pays before any reading: a cell break or property separator, a check
# box or status mark, a mention, an emoji short code, owner initials in brackets. A property label
# ("Status: …") is looked up in the lexicon only in a cell after such a break.
_ANY_MARK = re.compile(r"[|;\t·☐☑✅✔❌⬜🟢🟡🔴]|\[[ xX✓✔]?\]|(?<![\w.])@[^\W\d_]|:[a-z][a-z0-9_+\-]{1,40}:|\([A-ZÄÖÜÅÆØ]{2,3}\b")
# Where a cell ends: a pipe, a semicolon, a tab or a middle dot (Notion's and Asana's property
# separator).
_BREAK = re.compile(r"[|;\t·]")
# Marks that say nothing of the key result: a check box or bullet with one ("- [ ]", "[x]", "☐"), a
# status emoji, a mention, an emoji short code (":rocket:").
_MARKS = re.compile(r"^\s*(?:[-*+•]\s*)?\[[ xX✓✔]?\]|[☐☑✅✔❌⬜🟢🟡🔴]\ufe0f?|(?<![\w.])@[^\W\d_][\w.\-]*|(?<!\w):[a-z][a-z0-9_+\-]{1,40}:(?!\w)")
# Owner initials in brackets, with a date beside them ("(AB)", "(TB, 30/9)", "(MK/JL, 1/8)"): the
# initials count nothing, the date is the key result's deadline.
_OWNER_BRACKET = re.compile(r"\(\s*[A-ZÄÖÜÅÆØ]{2,3}(?:\s*[/,&+]\s*[A-ZÄÖÜÅÆØ]{2,3})*\s*(?:,\s*(?P<date>[^()]{1,24}?))?\s*\)")
# A date written with digits: day/month ("30/9"), day.month. ("31.3."), ISO, a quarter or half
# ("Q3", "H1 2027"), a week ("KW 12", "wk 12", "w12").
_DIGIT_DATE = re.compile(
    r"(?<![\w.,/])(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{2,4})?|\d{4}-\d{2}(?:-\d{2})?|[qh][1-4](?:\s?[/-]?\s?\d{2,4})?|(?:kw|wk|w)\s?\.?\s?\d{1,2}|(?:19|20)\d{2})(?![\w/]|[.,]\d)"
)
# Labels a cell may open with, and what the value after them is (`_property`).
_LABELS = (("row_due_labels", DATE), ("row_today_labels", VALUE), ("row_target_labels", VALUE), ("row_property_labels", PROPERTY))
# The period a labelled value is for, before its label ("H2 target: 14", "Q2-mål: 8", "2026 actual").
_PERIOD_BEFORE_LABEL = re.compile(r"(?:[qh][1-4]|(?:19|20)\d{2})(?:\s|-)?(?=[^\W\d_])")
_COLON = re.compile(r"\s*:\s*")
# Classes whose word in brackets is a metric's abbreviation, not an owner's initials.
_METRIC_CLASSES = ("metric_nouns", "operating_metric_nouns")
# Empty or not filled in: nothing, dashes, "n/a", "?", "tbd" before a number is known.
_EMPTY = re.compile(r"\s*(?:[-–—?/.x*]+|n/?a|tbd|tbc|null|none|ingen|keine|ei|nincs)?\s*", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"[^\W\d_][\w'’\-]*")
_LETTERS3 = re.compile(r"[^\W\d_]{3}")
# An owner's or area's name: one to three words, the first with a capital or in capitals ("Ops",
# "IT security", "Standortleitung", "HR", "E-Commerce").
_NAME_CELL = re.compile(r"[A-ZÄÖÜÅÆØÁÉÍÓÚŐŰ][\w&'’.\-]*(?:\s+[\w&'’.\-]+){0,2}")
# Classes whose word opening a short cell makes it a value: a keep word ("keep", "halten"), a
# quantifier ("all", "kaikki", "minden csomagnál"), a comparator ("at least", "mind.").
_VALUE_WORD_CLASSES = ("maintain_verbs", "maintain_phrases", "quantifiers", "comparator", "vague_amount")
# At most this many words beside a number make a value cell ("mind. 4 im Quartal", "95 % senast 31
# december 2027"); more is a sentence with a number in it.
_VALUE_WORDS = 6


@dataclass(frozen=True)
class Cell:
    """One field of a row: where it stands in the text and what its shape says it is."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Row:
    """A key result read as a row: its cells in order, the text the facts judge, and the fields."""

    text: str
    cells: tuple[Cell, ...]
    reading: str
    # Cut by pipes, semicolons, tabs or middle dots into cells (a table row or a property list);
    # False for a statement with marks only ("- [ ] …", "(AB, 30/9)", "@jan …").
    separated: bool
    # The spans between the breaks of a separated row, as the export wrote its columns.
    columns: tuple[tuple[int, int], ...] = ()

    def first(self, kind: str) -> Optional[Cell]:
        return next((c for c in self.cells if c.kind == kind), None)

    @property
    def statement(self) -> Optional[Cell]:
        return self.first(STATEMENT)

    @property
    def values(self) -> list[Cell]:
        return [c for c in self.cells if c.kind == VALUE]

    @property
    def today(self) -> Optional[Cell]:
        """Of two value cells, the first: where the metric stands."""
        values = self.values
        return values[0] if len(values) >= 2 else None

    @property
    def target(self) -> Optional[Cell]:
        """The value cell after today's, or the only one: where the metric should be."""
        values = self.values
        return values[1] if len(values) >= 2 else values[0] if values else None

    @property
    def deadline(self) -> Optional[Cell]:
        return self.first(DATE) or self.first(PERIOD)

    def words(self, cell: Cell) -> str:
        return self.text[cell.start : cell.end].strip()


def might_be_row(text: str) -> bool:
    """The quick check every text pays: False means no reading can find a row in it."""
    return _ANY_MARK.search(text) is not None


def split_row(text: str, lexicon: Lexicon, lower: Optional[str] = None) -> Optional[Row]:
    """The text read as a row, or None when it is no row (it is then judged as written). `lower`:
    the text lower-cased to the same length (`analysis.normalise`), when the caller has it."""
    if not might_be_row(text):
        return None
    if lower is None or len(lower) != len(text):
        lowered = text.lower()
        lower = lowered if len(lowered) == len(text) else text
    cells: list[Cell] = []
    separated = False
    spans = _cell_spans(text)
    if len(spans) >= 2:
        typed = [_property(lower, start, end, lexicon) or [(start, end, None)] for start, end in spans]
        breaks = {text[end] for _, end in spans[:-1] if end < len(text)}
        # A semicolon alone joins two clauses of prose ("… runs on every PR; regressions block the
        # merge"): a row needs a third cell or a property.
        separated = breaks != {";"} or len([s for s in spans if text[s[0] : s[1]].strip()]) >= 3 or any(t[0][2] for t in typed[1:])
    if separated:
        for parts in typed:
            for start, end, kind in parts:
                cells.extend(_marked(text, lower, start, end, kind, lexicon))
        cells = _typed(text, lower, cells, lexicon)
        statement = next((c for c in cells if c.kind == STATEMENT), None)
        if breaks == {";"} and statement and _DIGIT.search(text, statement.start, statement.end) and not any(c.kind in _METADATA for c in cells):
            # Semicolons between clauses each with its number ("10 % in Q1; 20 % in Q2; 30 % in Q3"),
            # and no column only an export has: a list in prose.
            separated, cells = False, []
    if not separated:
        cells = _marked(text, lower, 0, len(text), None, lexicon)
        if len(cells) == 1:
            return None  # no mark, no property: prose
        cells = [c if c.kind is not None else Cell(c.start, c.end, STATEMENT) for c in cells]
    if not any(c.kind == STATEMENT for c in cells):
        return None
    row_cells = tuple(c for c in cells if c.kind != MARK or text[c.start : c.end].strip())
    return Row(text, row_cells, _reading(text, row_cells), separated, tuple(spans) if separated else ())


def _cell_spans(text: str) -> list[tuple[int, int]]:
    """The spans between cell breaks, the empty ones at a Markdown row's two ends left out."""
    spans, start = [], 0
    for m in _BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    if len(spans) > 1 and not text[spans[0][0] : spans[0][1]].strip():
        spans = spans[1:]
    if len(spans) > 1 and not text[spans[-1][0] : spans[-1][1]].strip():
        spans = spans[:-1]
    return spans


def _property(lower: str, start: int, end: int, lexicon: Lexicon) -> Optional[list[tuple[int, int, str]]]:
    """A cell opened by a label and a colon, perhaps after the period it is for ("Status: …", "Owner:
    …", "Progress: 40 %", "H1 actual: –", "Due: 30/9", "baseline: 23", "H2 target: 14", "Q2-mål:
    8"): a property's cell counts nothing; of a due date, today's value or a target the label is
    blanked and the value after it is a date or a value, the period before it a date."""
    lead = len(lower[start:end]) - len(lower[start:end].lstrip())
    pos = start + lead
    period = _PERIOD_BEFORE_LABEL.match(lower, pos, end)
    for at in (pos, period.end()) if period else (pos,):
        for name, kind in _LABELS:
            m = lexicon.match_at(name, lower, at) if lexicon.has(name) else None
            if m is None or m.end() > end:
                continue
            colon = _COLON.match(lower, m.end(), end)
            if colon is None:
                continue
            if kind == PROPERTY:
                return [(start, end, kind)]
            cells = [(start, at, PERIOD)] if at != pos else []
            return cells + [(at if cells else start, colon.end(), PROPERTY), (colon.end(), end, kind)]
    return None


def _marked(text: str, lower: str, start: int, end: int, kind: Optional[str], lexicon: Lexicon) -> list[Cell]:
    """The span cut around the marks in it (check boxes, mentions, emoji, owner initials in
    brackets at its end) into mark cells, a date cell for a date beside the initials, and the rest
    of `kind`."""
    if kind in (PROPERTY,):
        return [Cell(start, end, kind)]
    pieces: list[Cell] = []
    at = start
    found = [(m.start(), m.end(), MARK, None) for m in _MARKS.finditer(text, start, end)]
    for m in _OWNER_BRACKET.finditer(text, start, end):
        if _MARKS.sub("", text[m.end() : end]).strip(" .!"):
            continue  # inside the sentence: an abbreviation ("Customer effort (CES) below 2")
        if any(lexicon.has(name) and lexicon.match_at(name, lower, m.start() + 1) for name in _METRIC_CLASSES):
            continue  # a metric's name ("Kundetilfredshed (NPS)")
        found.append((m.start(), m.end(), OWNER, m.span("date") if m.group("date") else None))
    for m_start, m_end, m_kind, date in sorted(found):
        if m_start < at:
            continue
        if text[at:m_start].strip():
            pieces.append(Cell(at, m_start, kind))
        if date is not None and _DIGIT.search(text, date[0], date[1]):
            pieces += [Cell(m_start, date[0], m_kind), Cell(date[0], date[1], DATE), Cell(date[1], m_end, m_kind)]
        else:
            pieces.append(Cell(m_start, m_end, m_kind))
        at = m_end
    if text[at:end].strip() or not pieces:
        pieces.append(Cell(at, end, kind))
    return pieces


def _typed(text: str, lower: str, cells: list[Cell], lexicon: Lexicon) -> list[Cell]:
    """The cells of a separated row given their kinds by shape, the statement the one of most words."""
    kinds: list[Optional[str]] = []
    for cell in cells:
        if cell.kind is not None:
            kinds.append(cell.kind)
            continue
        kinds.append(_shape(text, lower, cell, lexicon))
    words = [len(_WORDS.findall(text, c.start, c.end)) if kind in (None, VALUE) else -1 for c, kind in zip(cells, kinds)]
    plain = max((n for n, k in zip(words, kinds) if k is None), default=0)
    # A value cell of many words is the statement with its number in it ("Customer reviews answered
    # within 48 h | – | 100 %"): three words more than any cell of words alone.
    for i, kind in enumerate(kinds):
        if kind == VALUE and words[i] >= plain + 3:
            kinds[i] = None
    words = [n if k is None else -1 for n, k in zip(words, kinds)]
    if max(words, default=-1) > 0:
        most = max(words)
        anchor = next((i for i, k in enumerate(kinds) if k in (VALUE, DATE)), len(kinds))
        tied = [i for i, n in enumerate(words) if n == most]
        # Of cells of as many words, the one right before the first value or date (a table's metric
        # column stands before today's value; an area before it, an owner after).
        before = [i for i in tied if i < anchor]
        chosen = before[-1] if before and anchor < len(kinds) else tied[0]
        kinds[chosen] = STATEMENT
    else:
        # No cell of words: the cell with letters that is neither date nor empty names the metric.
        chosen = next((i for i, k in enumerate(kinds) if k == VALUE and _LETTERS3.search(text, cells[i].start, cells[i].end)), None)
        if chosen is None:
            return [Cell(c.start, c.end, k or NOTE) for c, k in zip(cells, kinds)]
        kinds[chosen] = STATEMENT
    statement = kinds.index(STATEMENT)
    for i, kind in enumerate(kinds):
        if kind is not None:
            continue
        cell = text[cells[i].start : cells[i].end].strip()
        # A short name beside the statement is an area (before it) or an owner (after it).
        kinds[i] = (LABEL if i < statement else OWNER) if _NAME_CELL.fullmatch(cell) else NOTE
    return [Cell(c.start, c.end, k) for c, k in zip(cells, kinds)]


def _shape(text: str, lower: str, cell: Cell, lexicon: Lexicon) -> Optional[str]:
    """What a cell's shape says it is: empty, a status, a date, a value, or None (words)."""
    raw = text[cell.start : cell.end]
    if _EMPTY.fullmatch(raw):
        return EMPTY
    body = lower[cell.start : cell.end].strip()
    if lexicon.has("row_status_words"):
        m = lexicon.match_at("row_status_words", body, 0)
        if m is not None and not body[m.end() :].strip(" .!"):
            return STATUS
    if _is_date(body, lexicon):
        return DATE
    words = len(_WORDS.findall(body))
    if _DIGIT.search(body):
        return VALUE if words <= _VALUE_WORDS else None
    if words <= 3:
        for name in _VALUE_WORD_CLASSES:
            if lexicon.has(name) and lexicon.match_at(name, body, 0):
                return VALUE
    return None


def _is_date(body: str, lexicon: Lexicon) -> bool:
    """A cell that is a date and at most two other words ("Q2", "v. 20", "30/9", "live 1. maj",
    "bis Ende Juni"): every digit in it belongs to a date."""
    spans = [m.span() for m in _DIGIT_DATE.finditer(body)]
    if lexicon.has("time_frame"):
        spans += [m.span() for m in lexicon.finditer("time_frame", body)]
    dates = lexicon.date_reader().read(body, lambda word: bool(lexicon.match_at("month_names", word, 0))) if lexicon.has("month_names") else []
    spans += [(d.start, d.end) for d in dates]
    if not spans:
        return False
    rest = list(body)
    for a, b in spans:
        rest[a:b] = " " * (b - a)
    rest_text = "".join(rest)
    return not _DIGIT.search(rest_text) and len(_WORDS.findall(rest_text)) <= 2


def _reading(text: str, cells: tuple[Cell, ...]) -> str:
    """The text with what counts nothing blanked and each break between counted cells turned into a
    sentence's punctuation: "→" from today's value to the target, ":" before any other value, ","
    before anything else. Same length as the text."""
    chars = list(text)
    kept = [c for c in cells if c.kind in COUNTED]
    for cell in cells:
        if cell.kind not in COUNTED:
            chars[cell.start : cell.end] = " " * (cell.end - cell.start)
    # Every break outside the counted cells is blanked; the one right before a counted cell (after
    # another) becomes its joiner.
    inside = [False] * len(text)
    for cell in kept:
        inside[cell.start : cell.end] = [True] * (cell.end - cell.start)
    for i, ch in enumerate(chars):
        if not inside[i] and (_BREAK.match(ch) or ch in "()"):
            chars[i] = " "
    values = [c for c in kept if c.kind == VALUE]
    for before, cell in zip(kept, kept[1:]):
        gap = range(before.end, cell.start)
        at = next((i for i in reversed(gap) if _BREAK.match(text[i]) or text[i] in "(,"), None)
        if at is None:
            continue
        if before.kind == VALUE and cell.kind == VALUE and values[:2] == [before, cell]:
            chars[at] = "→"
        elif cell.kind == VALUE:
            chars[at] = ":"  # a comma before a number would list it with what precedes
        else:
            chars[at] = ","
    return "".join(chars)
