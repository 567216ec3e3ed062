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
# A bracket, a tracker's key or a labelled name ending the text, or a spaced dash before a suffix
# ("… (Owner: Jens)", "… [at risk]", "… PROJ-123", "… Owner: Tom", "… – due 30/6") may be a page's
# furniture (`_trailing_furniture`).
_ANY_MARK = re.compile(
    r"[|;\t·☐☑✅✔❌⬜🟢🟡🔴]|\[[ xX✓✔]?\]|(?<![\w.])@[^\W\d_]|:[a-z][a-z0-9_+\-]{1,40}:|\([A-ZÄÖÜÅÆØ]{2,3}\b"
    r"|[)\]][\s.]*$|\s[-–—]\s|(?<![\w\-])[A-Z][A-Z0-9]{1,9}-\d{1,6}[\s.]*$"
    r"|:[ \t]*[A-ZÄÖÜÅÆØÁÉÍÓÚŐŰ][\w.'\-]*(?:[ \t][A-ZÄÖÜÅÆØÁÉÍÓÚŐŰ][\w.'\-]*){0,2}[ \t]*$"
)
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
# What a wiki or tracker page puts after a key result (`_trailing_furniture`): the last bracket, a
# status emoji or mention at the end, a tracker's key, and the suffix after a spaced dash.
_LAST_BRACKET = re.compile(r"[(\[]([^()\[\]\n]{1,80})[)\]]$")
_END_MARK = re.compile(r"(?:[☐☑✅✔❌⬜🟢🟡🔴🟠⚪⚫🔵]\ufe0f?|(?<![\w.])@[^\W\d_][\w.\-]*|(?<!\w):[a-z][a-z0-9_+\-]{1,40}:)$")
_END_KEY = re.compile(r"(?<![\w\-])(?:[A-Z][A-Z0-9]{1,9}-\d{1,6}|#\d{1,6})$")
# How far back from the end a piece of furniture is looked for, and how many pieces are read.
_FURNITURE_REACH = 90
_MAX_FURNITURE = 8
_LOWER_WORD = re.compile(r"[a-zß-ÿőű]{2}")
_END_MENTION = re.compile(r"(?<![\w.@])@(?=[^\W_])[^@()\[\]\n]{1,40}$")
_FULL_NAME = re.compile(r"[A-ZÄÖÜÅÆØÁÉÍÓÚŐŰ][\w.'\-]*(?:\s[A-ZÄÖÜÅÆØÁÉÍÓÚŐŰ][\w.'\-]*){0,2}")
_SUFFIX_DASH = re.compile(r"\s[-–—]\s+(?=\S)")
# A mark alone: an emoji, a mention, a short code; what a suffix or bracket may hold besides words.
_ONLY_MARKS = re.compile(r"(?:\s*(?:[☐☑✅✔❌⬜🟢🟡🔴🟠⚪⚫🔵]\ufe0f?|@[^\W\d_][\w.\-]*|:[a-z][a-z0-9_+\-]{1,40}:|[,/&+]))+\s*")
# A figure that makes a progress note a level's current value ("68 %", "2,6 mp", "3.1 s"), not a count
# of things done so far: a share, a decimal, a time.
_LEVEL_FIGURE = re.compile(r"\d\s?[%‰]|\d[.,]\d|\d\s?(?:ms|s|sec|sek|mp|min|perc|h|t|óra|tuntia|timer|timmar|stunden|hours?|minutes?)(?![\w])")
# A count done so far out of the target ("4 of 6 sent", "5/12", "7/20", "3/10 kész").
_SO_FAR_OF = re.compile(r"\s*\d[\d .,]*(?:/|\s+(?:of|af|av|von|aus|/)\s+)\d")
# Classes whose word in the statement states a change or a bound: with one, a current figure beside
# the statement is where the change starts, kept for the baseline and bound readings.
_CHANGE_CLASSES = ("increase_verbs", "decrease_verbs", "comparator", "cap_comparator", "maintain_verbs", "comparatives")
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
    """The quick check every text pays: False means no reading can find a row in it. A text ending
    in a word in capitals may end in a status lozenge ("… AT RISK")."""
    if _ANY_MARK.search(text) is not None:
        return True
    last = text.rstrip(" .!")[-2:]
    return last.isalpha() and last.isupper()


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
    if kind in (None, STATEMENT):
        furniture = _trailing_furniture(text, lower, start, end, lexicon)
        if furniture:
            first = min(f[0] for f in furniture)
            found = [f for f in found if f[1] <= first] + furniture
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


def _trailing_furniture(text: str, lower: str, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int, str, Optional[tuple[int, int]]]]:
    """What a wiki or tracker page puts after a key result, read from the end of `text[start:end]`
    back to the statement: an owner ("(Owner: Jens)", "(Ansvarig: Karin)"), a status ("[at risk]",
    "(done)", "🟢 on track"), a reference to a page, a dashboard, a ticket or a tool ("(se
    dashboard)", "– lásd a heti riportot", "PROJ-123", "(Looker)"), a progress note on a count done so
    far ("(currently 120)", "(Stand: 5/12)", "(4 of 6 sent)") and a due date after a dash ("– due
    30/6", "– határidő: 11.15."). Each as (start, end, kind, date span): the due date's digits are
    the key result's deadline, everything else counts nothing. A progress note giving a level's
    current figure ("(just nu 52 %)") or standing beside a change or a bound ("Reduce … to 40
    (currently 55)") is no furniture: it is where the change starts."""
    found: list[tuple[int, int, str, Optional[tuple[int, int]]]] = []
    pos = end
    while len(found) < _MAX_FURNITURE:
        q = pos
        while q > start and text[q - 1].isspace():
            q -= 1
        if q <= start:
            break
        # Each piece is looked for in the last characters only: a long text is never scanned again.
        near = max(start, q - _FURNITURE_REACH)
        piece = None
        if text[q - 1] in "-–—" and q - 1 > start and text[q - 2].isspace():
            piece = (q - 1, q, MARK, None)  # the dash before marks read already ("– @Kata 🟢")
        bracket = None if piece else _LAST_BRACKET.search(text, near, q) if text[q - 1] in ")]" else None
        if piece is None and bracket is not None and bracket.start() > start and text[bracket.start() : q].count(text[q - 1]) == 1:
            kind, date = _furniture_kind(text, lower, bracket.start(1), bracket.end(1), start, bracket.start(), lexicon)
            if kind is not None:
                piece = (bracket.start(), q, kind, date)
        if piece is None:
            # A date or a person mentioned last, as Notion and Confluence write them ("@June 30, 2027",
            # "@30/06/2027", "@Anna Berg"): the date is the key result's deadline, the person counts nothing.
            mention = _END_MENTION.search(text, near, q)
            if mention is not None and mention.start() > start:
                at = mention.start() + 1
                if _is_date(lower[at:q], lexicon):
                    piece = (mention.start(), q, MARK, (at, q))
                elif _FULL_NAME.fullmatch(text, at, q):
                    piece = (mention.start(), q, MARK, None)
        if piece is None:
            m = _END_MARK.search(text, near, q) or _END_KEY.search(text, near, q)
            if m is not None and m.start() > start:
                piece = (m.start(), q, MARK if _END_MARK.match(text, m.start(), q) else PROPERTY, None)
        if piece is None:
            dashes = list(_SUFFIX_DASH.finditer(text, near, q))
            if dashes and dashes[-1].start() > start:
                dash = dashes[-1]
                kind, date = _furniture_kind(text, lower, dash.end(), q, start, dash.start(), lexicon, after_dash=True)
                if kind is not None:
                    piece = (dash.start(), q, kind, date)
        if piece is None and lexicon.has("row_property_labels"):
            # An owner or another property written last with no bracket or break ("… Owner: Tom",
            # "… Felelős: Kata"): a label, a colon and a name of at most three words.
            for m in lexicon.finditer("row_property_labels", lower[near:q]):
                at = near + m.start()
                colon = _COLON.match(lower, near + m.end(), q)
                if at > start and lower[at - 1].isspace() and colon and _FULL_NAME.fullmatch(text, colon.end(), q):
                    piece = (at, q, PROPERTY, None)
                    break
        if piece is None and lexicon.has("row_status_words"):
            # A status word after its emoji ("🟢 on track", "✅ erledigt"; the emoji is read next), or
            # in capitals after a statement that is not, as a Confluence status lozenge is exported
            # ("… AT RISK", "… IN ARBEIT").
            for m in lexicon.finditer("row_status_words", lower[near:q]):
                if near + m.end() == q and near + m.start() > start and lower[near + m.start() - 1].isspace():
                    before = text[max(start, near - _FURNITURE_REACH) : near + m.start()].rstrip()
                    mark = _END_MARK.search(before)
                    word = text[near + m.start() : q]
                    lozenge = word.isupper() and _LOWER_WORD.search(before) is not None
                    if lozenge or mark is not None and before[: mark.start()].strip():
                        piece = (near + m.start(), q, STATUS, None)
        if piece is None:
            break
        found.append(piece)
        pos = piece[0]
    return found


def _furniture_kind(text: str, lower: str, at: int, end: int, start: int, statement_end: int, lexicon: Lexicon, after_dash: bool = False) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    """What the words `text[at:end]` (in a bracket, or after a dash when `after_dash`) are, if they
    are a page's furniture: a due date (its date's span), a progress note on a count done so far, an
    owner or other property, a status, a reference (a page, a board, a tool), a ticket key, marks alone."""
    body = lower[at:end]
    lead = len(body) - len(body.lstrip())
    pos, body = at + lead, body.strip()
    if not body:
        return None, None
    if _ONLY_MARKS.fullmatch(text, at, end):
        return MARK, None
    for name in ("furniture_due", "row_due_labels"):
        m = lexicon.match_at(name, lower, pos) if lexicon.has(name) else None
        if m is not None:
            colon = _COLON.match(lower, m.end(), end)
            date_at = colon.end() if colon else m.end()
            date_at += len(lower[date_at:end]) - len(lower[date_at:end].lstrip())
            date_end = date_at + len(lower[date_at:end].rstrip())
            if date_end > date_at and lower[date_at].isdigit() and _is_date(lower[date_at:date_end], lexicon):
                return MARK, (date_at, date_end)
    progress = lexicon.match_at("furniture_progress", lower, pos) if lexicon.has("furniture_progress") else None
    if progress is not None or _SO_FAR_OF.match(lower, pos, end):
        rest = lower[progress.end() if progress else pos : end]
        if _DIGIT.search(rest):
            if _LEVEL_FIGURE.search(rest) or _states_change(lower[start:statement_end], lexicon):
                return None, None  # a level's current figure, or where a change starts
            return PROPERTY, None
    for name in ("row_property_labels", "furniture_reference"):
        m = lexicon.match_at(name, lower, pos) if lexicon.has(name) else None
        if m is not None and (name == "furniture_reference" or _COLON.match(lower, m.end(), end)):
            return PROPERTY, None
    if lexicon.has("row_status_words"):
        m = lexicon.match_at("row_status_words", lower, pos)
        if m is not None and not _ONLY_MARKS.sub("", lower[m.end() : end]).strip(" .!"):
            return STATUS, None
    if _END_KEY.search(text, at, end) and _END_KEY.search(text, at, end).start() == pos:
        return PROPERTY, None
    return None, None


def _states_change(statement: str, lexicon: Lexicon) -> bool:
    """Whether the statement states a change or a bound (`_CHANGE_CLASSES`: "Reduce", "under", "at
    least", "Keep")."""
    return any(lexicon.has(name) and lexicon.search(name, statement) for name in _CHANGE_CLASSES)


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
    before anything else. A break is a cell break, a bracket, a comma, a spaced dash or the "@" of a
    date mentioned ("– due 30/6", "@June 30, 2027"). Same length as the text."""
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
        at = next((i for i in reversed(gap) if _BREAK.match(text[i]) or text[i] in "(,–—@" or text[i] == "-" and text[i - 1 : i + 2].strip() == "-"), None)
        if at is None:
            continue
        if before.kind == VALUE and cell.kind == VALUE and values[:2] == [before, cell]:
            chars[at] = "→"
        elif cell.kind == VALUE:
            chars[at] = ":"  # a comma before a number would list it with what precedes
        else:
            chars[at] = ","
    return "".join(chars)
