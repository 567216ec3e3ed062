"""The OKR domain: sets, objectives, key results, periods and findings.

Pure pydantic data with no I/O, so every other layer (readers, rubric, drafting, front ends)
shares one vocabulary. Source locations are kept beside the data (excluded from dumps) so a
finding can point at the line a user wrote.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, Mapping, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SkipValidation, field_serializer, field_validator


def _finite(value: Any) -> Any:
    """A metric's number must be finite and fit a float: progress is computed with it."""
    try:
        if math.isfinite(value):
            return value
    except OverflowError:
        raise ValueError("the number is too large to compute with") from None
    raise ValueError("the number must be finite (not inf or nan)")


Number = Annotated[Union[int, float], AfterValidator(_finite)]
FiniteFloat = Annotated[float, AfterValidator(_finite)]
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
Language = Literal["en", "da", "sv", "de", "fi", "hu"]


class Level(str, Enum):
    """How serious a finding is; ordered info < warning < error."""

    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.info: 0, Level.warning: 1, Level.error: 2}


@dataclass(frozen=True)
class Spot:
    """Where one value's source text sits: from column `start` of `line` to column `end` (exclusive)
    of `end_line` (lines 1-based, columns 0-based, in characters of the decoded line).

    The range is the value as written, markup and escapes included (`**SSO**`, `tier\\-1`), without
    its label (`KR1: `), list marker, checkbox or table pipes: replacing exactly this range with the
    new value (escaped for the format) edits the value and nothing else.
    """

    line: int
    start: int
    end: int
    end_line: Optional[int] = None  # set when the value continues on following lines

    @property
    def last_line(self) -> int:
        return self.end_line if self.end_line is not None else self.line


@dataclass(frozen=True)
class Span:
    """The lines an objective or key result occupies in its file and the shape it was written in.

    `first`..`last` (1-based, inclusive) cover the element's own lines: a waiver comment just
    before it, its line, wrapped continuation lines, field and note sub-bullets, property lines and
    description, and for an objective all its key results. Blank lines and rules around it are not
    included. `shape` is how the element is written:

    * `heading` (ATX `## …`, `level` is the number of `#`), `setext_heading` (underlined);
    * `bullet` (`marker` `-`, `*` or `+`), `numbered` (`marker` `1.` or `1)`), `checkbox` (a bullet
      with `[ ]`/`[x]`; `checked` says which);
    * `numbered_paragraph` (a hand-numbered paragraph a word processor escaped: `1\\. Objective: …`);
    * `bold_line` (a paragraph that is wholly bold, `**Objective 1**`), `paragraph` (a labelled
      paragraph such as `KR1: …`);
    * `table_row` (a Markdown table row) and `csv_row` (a CSV record): `columns` maps each field
      read from the row (`title`/`text`, `owner`, `baseline`, …) to its 0-based column.

    `bold` says the element's text was wrapped in `**…**`; `indent` is the indentation (in columns,
    tabs counted as 4) of a list item's marker; `child_indent` the indentation of its sub-bullets
    (fields and notes), if it has any. `text` is where the objective title or key-result text sits,
    `fields` where each structured field's value sits. A field on its own line (a `- baseline: 120`
    sub-bullet, an `Owner: Anna` line) owns that whole line; in a `table_row` or `csv_row` a field is
    one cell.
    """

    first: int
    last: int
    shape: str
    text: Optional[Spot] = None
    fields: Mapping[str, Spot] = field(default_factory=dict)
    marker: str = ""
    level: Optional[int] = None
    indent: int = 0
    child_indent: Optional[int] = None
    checked: Optional[bool] = None
    bold: bool = False
    columns: Mapping[str, int] = field(default_factory=dict)


class Source(BaseModel):
    """Where an element was read from: path (None for generated data), 1-based line and, when the
    reader knows it, the element's span of lines and shape (see `Span`)."""

    model_config = ConfigDict(frozen=True)

    path: Optional[str] = None
    line: Optional[int] = None
    span: SkipValidation[Optional[Span]] = None


class Period(BaseModel):
    """An OKR period as the user wrote it, normalised to inclusive start and end dates."""

    model_config = ConfigDict(frozen=True)

    label: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


_QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def _span(label: str, year: int, first_month: int, last_month: int) -> Period:
    last_day = calendar.monthrange(year, last_month)[1]
    return Period(label=label, start=date(year, first_month, 1), end=date(year, last_month, last_day))


class PeriodError(ValueError):
    """A period okrcoach cannot read; `reversed` when it ends before it starts."""

    def __init__(self, message: str, reversed: bool = False) -> None:
        super().__init__(message)
        self.reversed = reversed


def parse_period(label: str) -> Period:
    """Parse `2027-Q1`, `Q1 2027`, `2027-H1`, `FY2027`, `2027` or `2027-01-01..2027-03-31`.

    Raises ValueError with an explanation of the accepted forms when the label is not one.
    """
    text = label.strip()
    compact = re.sub(r"\s+", " ", text).upper()
    m = re.fullmatch(r"(\d{4})[- /]?Q([1-4])", compact) or None
    if m:
        year, quarter = int(m.group(1)), int(m.group(2))
        return _span(text, year, *_QUARTER_MONTHS[quarter])
    m = re.fullmatch(r"Q([1-4])[- /]?(\d{4})", compact)
    if m:
        quarter, year = int(m.group(1)), int(m.group(2))
        return _span(text, year, *_QUARTER_MONTHS[quarter])
    m = re.fullmatch(r"(\d{4})[- /]?H([12])", compact) or re.fullmatch(r"H([12])[- /]?(\d{4})", compact)
    if m:
        a, b = m.group(1), m.group(2)
        year, half = (int(a), int(b)) if len(a) == 4 else (int(b), int(a))
        return _span(text, year, 1, 6) if half == 1 else _span(text, year, 7, 12)
    m = re.fullmatch(r"(?:FY|CY) ?(\d{4}|\d{2})", compact) or re.fullmatch(r"(\d{4})", compact)
    if m:
        year = int(m.group(1))
        if year < 100:
            year += 2000
        return _span(text, year, 1, 12)
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2}) ?\.\. ?(\d{4}-\d{2}-\d{2})", compact)
    if m:
        start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        if end < start:
            raise PeriodError(f"period {text!r} ends before it starts; write it as 2027-Q1 or start..end, e.g. 2027-01-01..2027-03-31", reversed=True)
        return Period(label=text, start=start, end=end)
    raise PeriodError(
        f"{text!r} is not a period okrcoach understands; write it as 2027-Q1, Q1 2027, "
        "2027-H1, FY2027, 2027 or 2027-01-01..2027-03-31"
    )


class Waiver(BaseModel):
    """A deliberate exception to one rule on one element; the reason is required."""

    code: str
    reason: str
    source: Optional[Source] = Field(default=None, exclude=True, repr=False)

    @field_validator("reason")
    @classmethod
    def _reason_required(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a waiver needs a reason")
        return value


class Checkin(BaseModel):
    """One progress report on a key result."""

    date: date
    value: Number
    confidence: Optional[FiniteFloat] = None
    note: Optional[str] = None


class KeyResult(BaseModel):
    """A measurable result: free text plus optional structured fields."""

    model_config = ConfigDict(validate_assignment=False)

    text: str
    id: Optional[str] = None
    metric: Optional[str] = None
    baseline: Optional[Number] = None
    target: Optional[Number] = None
    unit: Optional[str] = None
    direction: Optional[Literal["increase", "decrease", "maintain"]] = None
    deadline: Optional[date] = None
    owner: Optional[str] = None
    current: Optional[Number] = None
    confidence: Optional[FiniteFloat] = None
    guardrail: bool = False
    weight: Optional[FiniteFloat] = None
    checkins: list[Checkin] = Field(default_factory=list)
    waive: list[Waiver] = Field(default_factory=list)
    source: Optional[Source] = Field(default=None, exclude=True, repr=False)


class Objective(BaseModel):
    """A qualitative direction with the key results that measure it."""

    title: str
    id: Optional[str] = None
    owner: Optional[str] = None
    kind: Optional[Literal["committed", "aspirational"]] = None
    aligns_to: Optional[str] = None
    description: Optional[str] = None
    key_results: list[KeyResult] = Field(default_factory=list)
    waive: list[Waiver] = Field(default_factory=list)
    source: Optional[Source] = Field(default=None, exclude=True, repr=False)


class OkrSet(BaseModel):
    """The OKRs of one team (or company) for one period: what one OKR file holds."""

    title: Optional[str] = None
    team: Optional[str] = None
    owner: Optional[str] = None
    period: Optional[Period] = None
    language: Optional[Language] = None
    objectives: list[Objective] = Field(default_factory=list)
    source: Optional[Source] = Field(default=None, exclude=True, repr=False)

    @field_validator("period", mode="before")
    @classmethod
    def _parse_period(cls, value: Any) -> Any:
        if isinstance(value, (str, int)):
            return parse_period(str(value))
        return value

    @field_serializer("period")
    def _period_label(self, period: Optional[Period]) -> Optional[str]:
        return period.label if period else None

    def key_result_count(self) -> int:
        return sum(len(o.key_results) for o in self.objectives)


Target = Literal["set", "objective", "key_result"]


class Finding(BaseModel):
    """One thing the rubric (or a reader) says about one element of one file."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: Optional[int]
    code: str
    name: str
    category: str
    level: Level
    target: Target
    objective_index: Optional[int] = None
    key_result_index: Optional[int] = None
    message: str
    fix: str
    evidence: Optional[str] = None


# How each language writes a number the user must fill in: (baseline, target). Offline drafts use
# both; an LLM draft puts the baseline one where the model invented a starting value.
PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "en": ("<baseline>", "<target>"),
    "da": ("<udgangspunkt>", "<mål>"),
    "sv": ("<utgångsläge>", "<målvärde>"),
    "de": ("<Ausgangswert>", "<Zielwert>"),
    "fi": ("<lähtötaso>", "<tavoite>"),
    "hu": ("<kiinduló érték>", "<célérték>"),
}
