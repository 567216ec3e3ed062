"""The curated example library: good OKR sets per function and language, with labelled flaws.

The data lives in `library/<function>.yaml` inside the package (see `library/README.md` for the
schema). This module reads and validates it, and turns library entries into `OkrSet`s: the good
set, the set with one or more flawed elements swapped in, and the template a draft starts from
(every number replaced by a placeholder). Pure data and the rubric; no I/O beyond the package.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from okrcoach.language_data import bundled_languages, placeholders
from okrcoach.model import KeyResult, Language, Objective, OkrSet

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
FUNCTIONS = ("marketing", "sales", "product", "engineering", "customer-support", "people", "finance", "operations")
_POSITION = re.compile(r"O([1-9])(?:\.KR([1-9]))?")

# Explicit placeholders for numbers nobody has given yet, and for a set's own customers
# (`segment:`), come from each language's lexicon (`placeholders:`). The rubric recognises the
# target placeholders (OKR202 placeholder-target), so a template draft says what is missing, and a
# template never presents the example company's customers as the user's.

# A number as people write it (1 200, 1.200, 1,5, 40k, €40k, 12 %, 3,5 mio. kr.), with its unit.
_UNIT = r"(?:\s?(?:%|‰|pp\b|procent\b|prosent\b|prozent\b|€|\$|£|k€|t€|kr\.?|dkk\b|sek\b|eur\b|huf\b|ft\b|mio\.?|mia\.?|mrd\.?|mill\.?|milj\.?|tkr\b|mkr\b|msek\b|k\b|m\b)(?!\w))*"
NUMBER = re.compile(r"(?:[€$£]\s?)?(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|\d+)(?:[.,]\d+)?(?![\d])" + _UNIT, re.IGNORECASE)


class LibraryError(ValueError):
    """A library file is invalid; the message names the file and the problem."""


class LibraryObjective(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    key_results: list[str] = Field(min_length=1)


class FlawedItem(BaseModel):
    """A flawed version of one element of a good set, its labels and a fixed version."""

    model_config = ConfigDict(extra="forbid")

    at: str
    """Where it goes in the good set: `O1.KR2` (a key result) or `O2` (an objective's title)."""
    text: str
    flaws: list[str] = Field(min_length=1)
    """The rule codes it breaks at warning level or above (info-level codes are not labels)."""
    fixed: str
    """A corrected version that raises nothing at warning level or above."""
    no_period: bool = False
    """Shown (and linted) on its own, under its objective, in a draft that states no period."""

    @field_validator("at")
    @classmethod
    def _position(cls, value: str) -> str:
        if not _POSITION.fullmatch(value):
            raise ValueError("`at` is O<n> (an objective) or O<n>.KR<m> (a key result), e.g. O1.KR2")
        return value

    @field_validator("flaws")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        for code in value:
            if not re.fullmatch(r"OKR\d{3}", code):
                raise ValueError(f"{code!r} is not a rule code such as OKR220")
        return value

    @property
    def objective_index(self) -> int:
        m = _POSITION.fullmatch(self.at)
        assert m
        return int(m.group(1)) - 1

    @property
    def key_result_index(self) -> Optional[int]:
        m = _POSITION.fullmatch(self.at)
        assert m
        return int(m.group(2)) - 1 if m.group(2) else None

    @property
    def target(self) -> str:
        return "objective" if self.key_result_index is None else "key_result"


class LibrarySet(BaseModel):
    """One good OKR set in one language, with flawed variants of its elements."""

    model_config = ConfigDict(extra="forbid")

    id: str
    language: Language
    title: str
    team: str
    period: str
    objectives: list[LibraryObjective] = Field(min_length=1)
    flawed: list[FlawedItem] = Field(default_factory=list)
    segment: list[str] = Field(default_factory=list)
    """Phrases naming this example's own customers or market, as written in the set (every form
    used); offline templates replace them with a placeholder."""
    function: str = ""

    @model_validator(mode="after")
    def _segment_is_used(self) -> "LibrarySet":
        text = " ".join([o.title for o in self.objectives] + [k for o in self.objectives for k in o.key_results]).lower()
        for phrase in self.segment:
            if phrase.lower() not in text:
                raise ValueError(f"{self.id}: segment phrase {phrase!r} does not occur in the set's objectives or key results")
        return self

    @model_validator(mode="after")
    def _positions_exist(self) -> "LibrarySet":
        for item in self.flawed:
            oi, ki = item.objective_index, item.key_result_index
            if oi >= len(self.objectives) or (ki is not None and ki >= len(self.objectives[oi].key_results)):
                raise ValueError(f"{self.id}: flawed item at {item.at} points outside the set")
            if item.no_period and ki is None:
                raise ValueError(f"{self.id}: `no_period` is for key results, not objectives ({item.at})")
        return self

    def okr_set(self, swaps: Iterable[FlawedItem] = (), fixed: bool = False, period: Optional[str] = "set") -> OkrSet:
        """The set as an `OkrSet`, with flawed (or, with `fixed`, corrected) elements swapped in."""
        objectives = [Objective(title=o.title, key_results=[KeyResult(text=k) for k in o.key_results]) for o in self.objectives]
        for item in swaps:
            text = item.fixed if fixed else item.text
            objective = objectives[item.objective_index]
            if item.key_result_index is None:
                objective.title = text
            else:
                objective.key_results[item.key_result_index] = KeyResult(text=text)
        return OkrSet(title=self.title, team=self.team, period=self.period if period == "set" else period, language=self.language, objectives=objectives)

    def isolated(self, item: FlawedItem, fixed: bool = False) -> OkrSet:
        """A `no_period` item as it is shown: its objective with only this key result, no period."""
        objective = self.objectives[item.objective_index]
        kr = KeyResult(text=item.fixed if fixed else item.text)
        return OkrSet(team=self.team, language=self.language, objectives=[Objective(title=objective.title, key_results=[kr])])


class LibraryFunction(BaseModel):
    """One library file: a business function's names, goal keywords and example sets."""

    model_config = ConfigDict(extra="forbid")

    function: str
    names: dict[Language, str]
    keywords: dict[Language, list[str]]
    sets: list[LibrarySet] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> "LibraryFunction":
        for language in bundled_languages():
            if language not in self.names or not self.keywords.get(language):
                raise ValueError(f"{self.function}: names and keywords are needed for every language ({language} is missing)")
        ids = [s.id for s in self.sets]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.function}: set ids must be unique")
        for example in self.sets:
            example.function = self.function
        return self

    def sets_in(self, language: str) -> list[LibrarySet]:
        return [s for s in self.sets if s.language == language]


def _read(path: Path) -> LibraryFunction:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LibraryError(f"{path}: cannot read the example library: {exc}") from exc
    try:
        library = LibraryFunction.model_validate(data)
    except ValueError as exc:
        raise LibraryError(f"{path}: {exc}") from exc
    if library.function != path.stem:
        raise LibraryError(f"{path}: `function: {library.function}` must match the file name")
    return library


@lru_cache(maxsize=4)
def load_library(folder: Optional[str] = None) -> dict[str, LibraryFunction]:
    """Every library file, by function, in the order of `FUNCTIONS` (then any others, sorted)."""
    directory = Path(folder) if folder else LIBRARY_DIR
    found = {p.stem: _read(p) for p in sorted(directory.glob("*.yaml"))}
    order = [f for f in FUNCTIONS if f in found] + sorted(f for f in found if f not in FUNCTIONS)
    return {name: found[name] for name in order}


def all_sets(language: Optional[str] = None, function: Optional[str] = None) -> list[LibrarySet]:
    """Library sets, optionally of one language and one function, in a stable order."""
    return [example for name, library in load_library().items() if function is None or name == function for example in library.sets if language is None or example.language == language]


def function_name(function: str, language: str) -> str:
    """A business function's display name in `language` (`sales` → `Salg`), from its library file's
    `names:`; the function's own id when no library file names it."""
    library = load_library().get(function)
    return library.names.get(language, function) if library else function


def template_text(text: str, language: str, segment: Iterable[str] = ()) -> str:
    """A key result with its numbers replaced by placeholders: the first of two is the baseline.

    Phrases of `segment` (the example's own customers) become the segment placeholder.
    """
    text = segment_text(text, language, segment)
    words = placeholders(language)
    baseline, target = words["baseline"], words["target"]
    numbers = list(NUMBER.finditer(text))
    if not numbers:
        return text
    out, last = [], 0
    for index, m in enumerate(numbers):
        is_baseline = len(numbers) >= 2 and index == 0
        out.append(text[last : m.start()])
        out.append(baseline if is_baseline else target)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def segment_text(text: str, language: str, segment: Iterable[str]) -> str:
    """`text` with every phrase of `segment` (longest first, any case) replaced by the placeholder."""
    placeholder = placeholders(language)["segment"]
    for phrase in sorted(segment, key=len, reverse=True):
        text = re.sub(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", placeholder, text, flags=re.IGNORECASE)
    return text


def numbers_in(text: str) -> list[str]:
    """The numbers `template_text` would replace."""
    return [m.group().strip() for m in NUMBER.finditer(text)]
