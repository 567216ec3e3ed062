"""Response models the LLM fills, and the checks that turn rubric findings into re-asks.

The models are small and flat (local models fail on deep schemas), and read leniently: a field a
model got wrong (a deadline written "end of Q4", a target written "12 %", key results as bare
strings) is read as well as it can be or dropped, never a reason to reject the whole reply, so
streamed partials always parse. What the draft says is judged afterwards, on the finished object:
by the rubric and by the brief checks (`DraftCheck.notes`).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Optional

from pydantic import BaseModel, BeforeValidator, Field

from okrcoach.i18n import Msg, msg, text
from okrcoach.language_data import english_name, placeholders
from okrcoach.model import Finding, KeyResult, Level, Objective, OkrSet
from okrcoach.rubric import KeyResultFacts, Linter, TextFacts, parse_number
from okrcoach.rubric import match_group as group

from .known_words import made_up_words

# Categories never sent back to the model: asking it for baselines would invite invented numbers,
# and reader/format findings cannot come from a structured reply.
_NOT_FOR_REPAIR = {"baseline", "format"}
NUMBER_NOTES = ("baseline", "start", "unverified")
# Notes on what the brief asked for (counts, texts, the language), as opposed to numbers to check.
BRIEF_NOTES = ("count", "empty", "language")
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)?")


# The language of the draft being read: a number a model writes as a string is read as that
# language writes numbers ("1.200" is twelve hundred in a Danish draft, 1.2 in an English one).
# The drafter sets it around each request; the response models cannot take it as a parameter,
# because instructor validates them (and every streamed partial) itself.
NUMBER_LANGUAGE: ContextVar[str] = ContextVar("okrcoach_number_language", default="en")


def _lenient_number(value: Any) -> Any:
    """A number as a model writes it ("12 %", "1.200", "4,5", "twelve"): parsed in the draft's
    language, or None, never an error."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return parse_number(value, NUMBER_LANGUAGE.get()) if _NUMBER.search(value) else None
    return None


_DATE_FORMS = (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})"), re.compile(r"(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})"))


def _lenient_date(value: Any) -> Any:
    """A deadline as a model writes it, partial or not ("2027-12-31", "31.12.2027", "end of Q4"):
    a date when it is one, else None. Streamed partials ("2027-1") must never fail validation."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    for index, pattern in enumerate(_DATE_FORMS):
        m = pattern.search(value)
        if m:
            parts = [int(g) for g in m.groups()]
            year, month, day = (parts[2], parts[1], parts[0]) if index == 1 else tuple(parts)
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


# What a model that lost its place in the JSON writes into a string field (`"metric": "}, {"`):
# structure, not words. A unit of symbols (`%`, `€`) has none of these.
_JSON_DEBRIS = frozenset("{}[]:,\"'")


def _lenient_text(value: Any) -> Any:
    """A short field (metric, unit) as a model writes it: a number becomes its text; blank text
    and JSON debris become None, so they never reach the saved draft."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    return None if all(ch.isspace() or ch in _JSON_DEBRIS for ch in value) else value


def _text_or_empty(value: Any) -> Any:
    """A sentence field: None becomes "" (an empty text is judged and repaired, not a parse error)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Number = Annotated[Optional[float], BeforeValidator(_lenient_number)]
Day = Annotated[Optional[date], BeforeValidator(_lenient_date)]
Words = Annotated[Optional[str], BeforeValidator(_lenient_text)]
Sentence = Annotated[str, BeforeValidator(_text_or_empty)]


class DraftedKeyResult(BaseModel):
    """One key result."""

    text: Sentence = Field(description="The key result as one sentence, with its metric and target.")
    metric: Words = Field(default=None, description="The metric measured, e.g. trial-to-paid conversion.")
    baseline: Number = Field(default=None, description="Today's value, ONLY if it appears in the brief or context; else null.")
    target: Number = Field(default=None, description="The target value.")
    unit: Words = Field(default=None, description="Unit of baseline and target, e.g. %, customers, EUR.")
    deadline: Day = Field(default=None, description="Only when earlier than the end of the period (YYYY-MM-DD).")


def _key_results(value: Any) -> Any:
    """Key results written as bare strings are read as key results with that text."""
    if isinstance(value, list):
        return [{"text": item} if isinstance(item, str) else item for item in value if item is not None]
    return [] if value is None else value


class DraftedObjective(BaseModel):
    """One objective as the model writes it."""

    title: Sentence = Field(description="A short, qualitative objective with no numbers.")
    key_results: Annotated[list[DraftedKeyResult], BeforeValidator(_key_results)] = Field(description="2 to 5 measurable outcomes.")


class DraftedOkrSet(BaseModel):
    """The model's answer to a drafting brief."""

    objectives: list[DraftedObjective]


class ImprovedItem(BaseModel):
    """The model's rewrite of one key result or objective."""

    text: Sentence = Field(description="The improved key result sentence or objective title.")
    metric: Words = None
    baseline: Number = Field(default=None, description="Only a number already in the OKR set; else null.")
    target: Number = None
    unit: Words = None
    rationale: Sentence = Field(default="", description="One sentence on what changed and why.")


def _count(count: int, noun: str) -> str:
    """“1 objective”, “3 objectives”: a count as the model is told it (in English)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def facts_numbers(text: str, language: str) -> set[float]:
    """Every number written in the user's brief and context (local formats understood)."""
    numbers: set[float] = set()
    for m in _NUMBER.finditer(text or ""):
        value = parse_number(m.group(), language)
        if value is not None:
            numbers.add(round(value, 6))
    return numbers


def _known(value: float, facts: set[float]) -> bool:
    candidates = {round(value, 6), round(value * 100, 6), round(value / 100, 6)}
    return bool(candidates & facts)


@dataclass
class Note:
    """Something the draft says that the rubric does not judge: a count not met, an empty text, a
    number the brief never gave. Each is sent back for repair, and whatever is left is reported."""

    ref: str
    text: str
    message: str
    fix: str
    kind: str  # "count", "empty", "language", "baseline" (the field), "start" (a from-value in the text), "unverified"
    objective_index: Optional[int] = None
    key_result_index: Optional[int] = None
    number: Optional[str] = None
    said: Optional[Msg] = None  # `message` for people, in any language (`message` itself is the model's)

    def message_in(self, language: str) -> str:
        return self.said.render(language) if self.said is not None else self.message

    def ref_in(self, language: str) -> str:
        return text("report.note-the-set", language) if self.ref == SET_REF else self.ref


SET_REF = "The set"


@dataclass
class Attempt:
    """One parsed reply and what the rubric and the brief checks said about it."""

    draft: Any
    okr_set: OkrSet
    findings: list[Finding]
    notes: list[Note]
    problems: int = 0

    @property
    def invented(self) -> list[str]:
        return [f"{n.ref} “{n.text}”: {n.message}" for n in self.notes if n.kind in NUMBER_NOTES]


@dataclass
class DraftCheck:
    """Judges each reply: the brief's counts, empty texts, numbers the brief never gave, then the
    rubric at the repair level."""

    linter: Linter
    language: str
    facts: str
    period: Optional[str] = None
    team: Optional[str] = None
    title: Optional[str] = None
    repair_level: Level = Level.warning
    objectives: Optional[int] = None
    key_results: Optional[int] = None
    attempts: list[Attempt] = field(default_factory=list)

    def known(self) -> set[float]:
        return facts_numbers(self.facts, self.language)

    def to_okr_set(self, draft: DraftedOkrSet) -> OkrSet:
        """The reply as a set, exactly as the model wrote it (nothing dropped yet)."""
        objectives = []
        for objective in draft.objectives:
            krs = [KeyResult(text=kr.text.strip(), metric=kr.metric, baseline=_whole(kr.baseline), target=_whole(kr.target), unit=kr.unit, deadline=kr.deadline) for kr in objective.key_results]
            objectives.append(Objective(title=objective.title.strip(), key_results=krs))
        return OkrSet(title=self.title, team=self.team, period=self.period, language=self.language, objectives=objectives)  # type: ignore[arg-type]

    def notes(self, okr_set: OkrSet) -> list[Note]:
        """What the brief checks find: counts, the language, empty texts, invented baselines,
        unverified numbers."""
        notes: list[Note] = []
        written = self.written_language(okr_set)
        if written is not None:
            asked_name, written_name = english_name(self.language), english_name(written)
            notes.append(
                Note(
                    SET_REF,
                    "",
                    f"it is written in {written_name}, not in {asked_name} as asked",
                    f"Write every objective and key result in {asked_name} (common English OKR terms such as NPS or churn may stay).",
                    "language",
                    said=msg("report.note-wrong-language", written=written, asked=self.language),
                )
            )
        asked = self.objectives
        if asked is not None and len(okr_set.objectives) != asked:
            notes.append(
                Note(
                    SET_REF,
                    "",
                    f"it has {_count(len(okr_set.objectives), 'objective')}, but {asked} were asked for",
                    f"Write exactly {_count(asked, 'objective')}.",
                    "count",
                    said=msg("report.note-objective-count", count=len(okr_set.objectives), asked=asked),
                )
            )
        known = self.known()
        lexicon = self.linter.lexicon_for(self.language)
        for oi, objective in enumerate(okr_set.objectives):
            ref = f"O{oi + 1}"
            if not objective.title.strip():
                notes.append(Note(ref, "", "the objective has no title", "Write a short, qualitative objective.", "empty", oi, said=msg("report.note-no-title")))
            if self.key_results is not None and len(objective.key_results) != self.key_results:
                notes.append(
                    Note(
                        ref,
                        objective.title,
                        f"it has {_count(len(objective.key_results), 'key result')}, but {self.key_results} were asked for",
                        f"Write exactly {self.key_results} key results for it.",
                        "count",
                        oi,
                        said=msg("report.note-key-result-count", count=len(objective.key_results), asked=self.key_results),
                    )
                )
            for number in unverified_numbers(TextFacts(objective.title, lexicon), known, allowed=()):
                notes.append(
                    Note(
                        ref,
                        objective.title,
                        f"the number {number} is not among the facts you were given",
                        "Remove it; objectives carry no numbers.",
                        "unverified",
                        oi,
                        None,
                        number,
                        said=msg("report.note-not-given", what="number", number=number),
                    )
                )
            for ki, kr in enumerate(objective.key_results):
                kref = f"{ref}.KR{ki + 1}"
                if not kr.text.strip():
                    notes.append(Note(kref, "", "the key result has no text", "Write the key result as one sentence with its metric and target.", "empty", oi, ki, said=msg("report.note-no-text")))
                    continue
                if kr.baseline is not None and not _known(float(kr.baseline), known):
                    notes.append(
                        Note(
                            kref,
                            kr.text,
                            f"the baseline {_fmt(kr.baseline)} is not among the facts you were given",
                            "Leave the baseline empty; the user will fill it in.",
                            "baseline",
                            oi,
                            ki,
                            _fmt(kr.baseline),
                            said=msg("report.note-not-given", what="baseline", number=_fmt(kr.baseline)),
                        )
                    )
                facts = KeyResultFacts(kr, objective, okr_set, lexicon)
                starts = []
                for match in facts.from_to_matches:
                    raw = (group(match, "from") or "").strip()
                    start = parse_number(raw, self.language)
                    if start is not None and not _known(start, known):
                        starts.append(raw)
                        notes.append(
                            Note(
                                kref,
                                kr.text,
                                f"the starting value {_fmt(start)} is not among the facts you were given",
                                "Remove it from the text and leave the baseline empty; the user will fill it in.",
                                "start",
                                oi,
                                ki,
                                raw,
                                said=msg("report.note-not-given", what="start", number=_fmt(start)),
                            )
                        )
                targets = [kr.target] if kr.target is not None else []
                for match in facts.from_to_matches:
                    end = parse_number(group(match, "to") or "", self.language)
                    if end is not None:
                        targets.append(end)
                for number in unverified_numbers(facts, known, allowed=targets, skip=starts):
                    notes.append(
                        Note(
                            kref,
                            kr.text,
                            f"the number {number} is neither in the facts you were given nor its target",
                            "Keep only the target; remove figures the brief does not give (past results, invented baselines).",
                            "unverified",
                            oi,
                            ki,
                            number,
                            said=msg("report.note-not-given-nor-target", number=number),
                        )
                    )
        return notes

    def written_language(self, okr_set: OkrSet) -> Optional[str]:
        """The language the draft is clearly written in when it is not the one asked for, else None.

        Small models often answer an English prompt about a Danish brief in English. The rubric's
        mixed-language rule judges one text at a time and leaves short texts alone ("Raise NPS to
        45" could be a team's English term), so a draft written wholly in English would pass; read
        together, the objectives and key results carry enough function words to tell.
        """
        texts = [objective.title for objective in okr_set.objectives]
        texts.extend(kr.text for objective in okr_set.objectives for kr in objective.key_results)
        written = self.linter.text_language("\n".join(t for t in texts if t.strip()))
        return written if written is not None and written != self.language else None

    def review(self, draft: DraftedOkrSet) -> list[dict[str, str]]:
        """The problems of one reply, as the revise prompt lists them ([] when it passes)."""
        okr_set = self.to_okr_set(draft)
        findings = self.linter.lint(okr_set, "draft", self.language)
        notes = self.notes(okr_set)
        attempt = Attempt(draft, okr_set, findings, notes)
        items = self.prompt_findings(attempt)
        attempt.problems = len(items)
        self.attempts.append(attempt)
        return items

    def prompt_findings(self, attempt: Attempt) -> list[dict[str, str]]:
        """The attempt's problems as the revise prompt lists them."""
        items = [{"ref": n.ref, "text": n.text, "message": n.message, "fix": n.fix} for n in attempt.notes]
        for finding in self.repairable(attempt.findings):
            items.append({"ref": _ref(finding), "text": _element_text(attempt.okr_set, finding), "message": finding.message, "fix": finding.fix})
        return items

    def best(self) -> Optional[Attempt]:
        """The attempt with the fewest problems (the latest of equals), among those with any key
        result text: an empty reply has few findings only because there is nothing to judge."""
        if not self.attempts:
            return None
        with_text = [a for a in self.attempts if any(kr.text.strip() for o in a.okr_set.objectives for kr in o.key_results)]
        return min(reversed(with_text or self.attempts), key=lambda a: a.problems)

    def repairable(self, findings: list[Finding]) -> list[Finding]:
        skip = _skipped_categories(self.period is not None)
        return [f for f in findings if f.level.rank >= self.repair_level.rank and f.category not in skip]


def unverified_numbers(facts: TextFacts, known: set[float], allowed: Any = (), skip: Any = ()) -> list[str]:
    """Numbers in a text (dates, years and IDs aside) that are neither facts nor an allowed target.

    With no allowed target given, one unknown number may stand as the text's own target
    ("Win 15 new customers"); any further unknown number is unverified.
    """
    allowed_values = [float(a) for a in allowed if a is not None]
    unknown: list[str] = []
    for m in _NUMBER.finditer(facts.masked):
        unit = re.match(r"\s?%", facts.text[m.end() :])
        raw = facts.text[m.start() : m.end() + (unit.end() if unit else 0)].strip()
        if any(raw == s.strip() or raw in s for s in skip):
            continue
        value = parse_number(raw, facts.lexicon.language)
        if value is None or _known(value, known) or any(_same(value, a) for a in allowed_values):
            continue
        unknown.append(raw)
    if not allowed_values and unknown:
        unknown = unknown[:-1]  # the last unknown number is the text's own target
    return unknown


def _same(value: float, other: float) -> bool:
    return abs(value - other) < 1e-9 or abs(value * 100 - other) < 1e-6 or abs(value - other * 100) < 1e-6


def finished_set(attempt: Attempt, language: str) -> OkrSet:
    """The set as it is saved: empty texts removed; an invented baseline dropped from its field,
    and an invented starting value in the text replaced by the language's baseline placeholder."""
    placeholder = placeholders(language)["baseline"]
    okr_set = attempt.okr_set.model_copy(deep=True)
    invented_fields = {(n.objective_index, n.key_result_index) for n in attempt.notes if n.kind == "baseline"}
    invented_starts: dict[tuple[Optional[int], Optional[int]], list[str]] = {}
    for n in attempt.notes:
        if n.kind == "start" and n.number:
            invented_starts.setdefault((n.objective_index, n.key_result_index), []).append(n.number)
    objectives = []
    for oi, objective in enumerate(okr_set.objectives):
        krs = []
        for ki, kr in enumerate(objective.key_results):
            if not kr.text.strip():
                continue
            text = kr.text
            for raw in invented_starts.get((oi, ki), []):
                text = text.replace(raw, placeholder, 1)
            baseline = None if (oi, ki) in invented_fields else kr.baseline
            krs.append(kr.model_copy(update={"text": text, "baseline": baseline}))
        if objective.title.strip() or krs:
            objective.key_results = krs
            objectives.append(objective)
    okr_set.objectives = objectives
    return okr_set


def _skipped_categories(has_period: bool) -> set[str]:
    """Categories not sent back to the model; without a period the user, not the model, sets one."""
    return _NOT_FOR_REPAIR if has_period else _NOT_FOR_REPAIR | {"time-bound"}


@dataclass
class ItemCheck:
    """Judges an improved key result or objective against the rubric, in its set."""

    linter: Linter
    language: str
    okr_set: OkrSet
    objective_index: int
    key_result_index: Optional[int]
    facts: str
    repair_level: Level = Level.warning
    attempts: list[tuple[Any, list[Finding]]] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    """What the last review found, one line each in the set's language, for the user (the re-ask
    `review` returns is for the model)."""
    before: list[Finding] = field(default_factory=list)
    """The rubric's findings on the element as the user wrote it, which a rewrite must not worsen."""

    def __post_init__(self) -> None:
        self.before = self.findings_for_item(self.okr_set)

    def apply(self, item: ImprovedItem) -> OkrSet:
        """The set with the improved item in place (baselines not in the set dropped)."""
        updated = self.okr_set.model_copy(deep=True)
        objective = updated.objectives[self.objective_index]
        if self.key_result_index is None:
            objective.title = item.text.strip()
            return updated
        old = objective.key_results[self.key_result_index]
        known = facts_numbers(self.facts, self.language)
        baseline = item.baseline if item.baseline is not None and _known(item.baseline, known) else old.baseline
        objective.key_results[self.key_result_index] = old.model_copy(
            update={
                "text": item.text.strip(),
                "metric": item.metric or old.metric,
                "baseline": baseline,
                "target": item.target if item.target is not None else old.target,
                "unit": item.unit or old.unit,
            }
        )
        return updated

    def findings_for_item(self, okr_set: OkrSet) -> list[Finding]:
        findings = self.linter.lint(okr_set, "item", self.language)
        return [f for f in findings if f.objective_index == self.objective_index and f.key_result_index == self.key_result_index]

    def review(self, item: ImprovedItem) -> str:
        """Problem text for a re-ask ("" when the rewrite is acceptable)."""
        updated = self.apply(item)
        findings = self.findings_for_item(updated)
        self.attempts.append((item, findings))
        skip = _skipped_categories(self.okr_set.period is not None)
        blocking = [f for f in findings if f.level.rank >= self.repair_level.rank and f.category not in skip]
        lines = [f"{f.message}. Fix: {f.fix}" for f in blocking]
        self.said = [f"{f.code} {f.name}: {f.message}" for f in blocking]
        if not item.text.strip():
            lines.insert(0, "the text is empty. Fix: write the whole improved sentence in `text`")
            self.said.insert(0, text("report.improve-empty-text", self.language))
        else:
            for line, said in self.refusals(item.text, findings, blocking):
                lines.append(line)
                self.said.append(said)
            lexicon = self.linter.lexicon_for(self.language)
            objective = updated.objectives[self.objective_index]
            if self.key_result_index is None:
                facts: TextFacts = TextFacts(item.text, lexicon)
                allowed: list[Any] = []
            else:
                kr = objective.key_results[self.key_result_index]
                facts = KeyResultFacts(kr, objective, updated, lexicon)
                allowed = [kr.target]
            for number in unverified_numbers(facts, facts_numbers(self.facts, self.language), allowed=allowed):
                lines.append(f"the number {number} is not in the OKR set. Fix: use only numbers the set already has, or a placeholder such as <baseline>")
                self.said.append(text("report.improve-number-not-in-set", self.language, number=number))
        if not lines:
            return ""
        return "The OKR rubric still finds problems; fix them:\n" + "\n".join(f"- {line}" for line in lines)

    def refusals(self, rewrite: str, findings: list[Finding], blocking: list[Finding]) -> list[tuple[str, str]]:
        """Why the rubric refuses a rewrite beyond its blocking findings, each as (the re-ask's line
        for the model, the user's line in the set's language); [] when it may replace the original.

        A rewrite replaces what the user wrote only if it is one key result (or objective title),
        not several sentences or a list; is in the set's language; keeps the key result's numbers
        unless a finding asks for another metric or level (outcome, KPI, a target that contradicts
        its direction); is made of words of the set's language or of the set, not invented ones
        (`known_words`); and has no more warnings and errors than the original. Small models answer
        in several lines, in English, or in words that only look like the set's language.
        """
        kind = "objective" if self.key_result_index is None else "key result"
        refused: list[tuple[str, str]] = []
        lexicon = self.linter.lexicon_for(self.language)
        parts = item_parts(rewrite, TextFacts(rewrite, lexicon).masked)
        if parts > 1:
            refused.append(
                (
                    f"the text is {parts} sentences or lines, not one {kind}. Fix: write one {kind} as one sentence",
                    text("report.improve-not-one", self.language, count=parts, kind=kind.replace(" ", "-")),
                )
            )
        written = self.linter.text_language(rewrite)
        if written is not None and written != self.language and not any(f.name == "mixed-language" for f in blocking):
            refused.append(
                (
                    f"the text is written in {english_name(written)}, not {english_name(self.language)}. Fix: write it in {english_name(self.language)}",
                    text("report.improve-other-language", self.language, written=msg("phrases.language-name", language=written), language=msg("phrases.language-name", language=self.language)),
                )
            )
        other_language = (written is not None and written != self.language) or any(f.name == "mixed-language" for f in blocking)
        if not other_language:
            made_up = made_up_words(rewrite, _set_text(self.okr_set), self.language)
            if made_up.refused:
                words = ", ".join(made_up.unknown[:5]) + (", …" if len(made_up.unknown) > 5 else "")
                refused.append(
                    (
                        f"the text has words that are not {english_name(self.language)} words and are not in the OKR set ({words}). Fix: write it in plain {english_name(self.language)}, with the set's own words",
                        text("report.improve-made-up-words", self.language, words=words),
                    )
                )
        if self.key_result_index is not None and not any(f.category in _NUMBERS_MAY_CHANGE or f.name in _NUMBERS_MAY_CHANGE for f in self.before):
            objective = self.okr_set.objectives[self.objective_index]
            kept = [v for v in (parse_number(m.group(), self.language) for m in _NUMBER.finditer(TextFacts(rewrite, lexicon).masked)) if v is not None]
            original = KeyResultFacts(objective.key_results[self.key_result_index], objective, self.okr_set, lexicon)
            for m in _NUMBER.finditer(original.masked):
                value = parse_number(m.group(), self.language)
                if value is not None and not any(_same(value, k) for k in kept):
                    refused.append(
                        (
                            f"the number {m.group()} of the original is missing. Fix: keep every number the key result has",
                            text("report.improve-number-dropped", self.language, number=m.group()),
                        )
                    )
        before, after = _weight(self.before), _weight(findings)
        if after > before:
            new_codes = {f.code for f in findings} - {f.code for f in self.before}
            unsaid = [f for f in findings if f.code in new_codes and f not in blocking and f.level.rank >= Level.warning.rank]
            refused.append(
                (
                    f"the rewrite has more warnings and errors than the original ({after[0] + after[1]} against {before[0] + before[1]})"
                    + "".join(f"; {f.message}" for f in unsaid)
                    + ". Fix: keep what the original got right",
                    text("report.improve-worse", self.language, errors=after[0], warnings=after[1], errors_before=before[0], warnings_before=before[1]),
                )
            )
            refused.extend((f.message, f"{f.code} {f.name}: {f.message}") for f in unsaid)
        return refused


# Finding categories and rules that ask for another metric or level, so a rewrite may drop the
# original's numbers ("Publish 10 posts" → "Raise sign-ups from 200 to 300").
_NUMBERS_MAY_CHANGE = {"outcome", "kpi", "direction-contradicts-target"}
# A sentence ends at . ! ? or … before a capitalised word ("… to 45 %. Then …"), unless the word
# before the stop is one letter or has dots inside (an initial, "e.g. Stripe", "z.B. Shopify").
_SENTENCE_END = re.compile(r"(\S+?)[.!?…]+[\"”»’)]*\s+(?=[\"“„«(]?[^\W\d_])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+", re.MULTILINE)


def item_parts(rewrite: str, masked: Optional[str] = None) -> int:
    """How many sentences, lines or list items a rewrite holds (1 for one key result or title).

    `masked` is the rubric's `TextFacts.masked` of the same text (dates blanked, same length), so a
    date's dot ("bis zum 30. Juni", "inden 1. April") ends no sentence.
    """
    lines = [line for line in rewrite.splitlines() if line.strip()]
    if len(lines) > 1:
        return len(lines)
    listed = _LIST_ITEM.findall(rewrite)
    if len(listed) > 1:
        return len(listed)
    where = masked if masked is not None and len(masked) == len(rewrite) else rewrite
    ends = 0
    for m in _SENTENCE_END.finditer(where):
        word, following = m.group(1), rewrite[m.end()] if m.end() < len(rewrite) else ""
        if "." in word or (len(word) == 1 and word.isalpha()) or not (following.isupper() or following in '"“„«('):
            continue
        ends += 1
    return 1 + ends


def _set_text(okr_set: OkrSet) -> str:
    """The set's own words, for telling its vocabulary from a model's: title, objectives, key results."""
    return "\n".join([okr_set.title or "", *(o.title for o in okr_set.objectives), *(kr.text for o in okr_set.objectives for kr in o.key_results)])


def _weight(findings: list[Finding]) -> tuple[int, int]:
    """Errors and warnings, compared as a pair: more errors is worse, then more warnings."""
    return (sum(1 for f in findings if f.level == Level.error), sum(1 for f in findings if f.level == Level.warning))


def _whole(value: Optional[float]):
    """12.0 → 12, so files read as people write numbers."""
    return int(value) if value is not None and float(value).is_integer() else value


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _ref(finding: Finding) -> str:
    if finding.objective_index is None:
        return "The set"
    if finding.key_result_index is None:
        return f"O{finding.objective_index + 1}"
    return f"O{finding.objective_index + 1}.KR{finding.key_result_index + 1}"


def _element_text(okr_set: OkrSet, finding: Finding) -> str:
    if finding.objective_index is None:
        return okr_set.title or ""
    objective = okr_set.objectives[finding.objective_index]
    if finding.key_result_index is None:
        return objective.title
    return objective.key_results[finding.key_result_index].text
