"""Response models the LLM fills, and the check that turns rubric findings into re-asks.

The models are small and flat (local models fail on deep schemas). Their validators run only
when a `DraftCheck` is passed as validation context, so streamed partials are never judged:
the authoritative check runs on the finished object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from okrcoach.model import Finding, KeyResult, Level, Objective, OkrSet
from okrcoach.rubric import Linter
from okrcoach.rubric.analysis import KeyResultFacts, parse_number
from okrcoach.rubric.lexicon import group

# Categories never sent back to the model: asking it for baselines would invite invented numbers,
# and reader/format findings cannot come from a structured reply.
_NOT_FOR_REPAIR = {"baseline", "format"}
_NUMBER = re.compile(r"\d[\d .,']*\d|\d")


class DraftedKeyResult(BaseModel):
    """One key result as the model writes it."""

    text: str = Field(description="The key result as one sentence, with its metric and target.")
    metric: Optional[str] = Field(default=None, description="The metric measured, e.g. trial-to-paid conversion.")
    baseline: Optional[float] = Field(default=None, description="Today's value, ONLY if it appears in the brief or context; else null.")
    target: Optional[float] = Field(default=None, description="The target value.")
    unit: Optional[str] = Field(default=None, description="Unit of baseline and target, e.g. %, customers, EUR.")
    deadline: Optional[date] = Field(default=None, description="Only when earlier than the end of the period (YYYY-MM-DD).")


class DraftedObjective(BaseModel):
    """One objective as the model writes it."""

    title: str = Field(description="A short, qualitative objective with no numbers.")
    key_results: list[DraftedKeyResult] = Field(description="2 to 5 measurable outcomes.")


class DraftedOkrSet(BaseModel):
    """The model's answer to a drafting brief."""

    objectives: list[DraftedObjective]

    @model_validator(mode="after")
    def _passes_the_rubric(self, info: ValidationInfo) -> "DraftedOkrSet":
        check = (info.context or {}).get("check") if info is not None else None
        if isinstance(check, DraftCheck):
            problems = check.review(self)
            if problems:
                raise ValueError(problems)
        return self


class ImprovedItem(BaseModel):
    """The model's rewrite of one key result or objective."""

    text: str = Field(description="The improved key result sentence or objective title.")
    metric: Optional[str] = None
    baseline: Optional[float] = Field(default=None, description="Only a number already in the OKR set; else null.")
    target: Optional[float] = None
    unit: Optional[str] = None
    rationale: str = Field(default="", description="One sentence on what changed and why.")

    @model_validator(mode="after")
    def _passes_the_rubric(self, info: ValidationInfo) -> "ImprovedItem":
        check = (info.context or {}).get("check") if info is not None else None
        if isinstance(check, ItemCheck):
            problems = check.review(self)
            if problems:
                raise ValueError(problems)
        return self


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
class Attempt:
    """One parsed reply and what the rubric said about it."""

    draft: Any
    okr_set: OkrSet
    findings: list[Finding]
    invented: list[str]


@dataclass
class DraftCheck:
    """Judges each reply: baseline honesty first, then the rubric at the repair level."""

    linter: Linter
    language: str
    facts: str
    period: Optional[str] = None
    team: Optional[str] = None
    title: Optional[str] = None
    repair_level: Level = Level.warning
    attempts: list[Attempt] = field(default_factory=list)

    def to_okr_set(self, draft: DraftedOkrSet, drop_invented: bool = False) -> OkrSet:
        known = facts_numbers(self.facts, self.language)
        objectives = []
        for objective in draft.objectives:
            krs = []
            for kr in objective.key_results:
                baseline = kr.baseline
                if drop_invented and baseline is not None and not _known(baseline, known):
                    baseline = None
                krs.append(KeyResult(text=kr.text.strip(), metric=kr.metric, baseline=_whole(baseline), target=_whole(kr.target), unit=kr.unit, deadline=kr.deadline))
            objectives.append(Objective(title=objective.title.strip(), key_results=krs))
        return OkrSet(title=self.title, team=self.team, period=self.period, language=self.language, objectives=objectives)  # type: ignore[arg-type]

    def invented_baselines(self, okr_set: OkrSet) -> list[str]:
        """Baselines (fields or "from X" in the text) that are not among the user's numbers."""
        known = facts_numbers(self.facts, self.language)
        lexicon = self.linter.lexicon_for(self.language)
        problems = []
        for oi, objective in enumerate(okr_set.objectives):
            for ki, kr in enumerate(objective.key_results):
                ref = f"O{oi + 1}.KR{ki + 1}"
                if kr.baseline is not None and not _known(float(kr.baseline), known):
                    problems.append(f"{ref} “{kr.text}”: the baseline {_fmt(kr.baseline)} is not among the facts you were given; leave the baseline empty")
                    continue
                facts = KeyResultFacts(kr, objective, okr_set, lexicon)
                for match in facts.from_to_matches:
                    start = parse_number(group(match, "from") or "", self.language)
                    if start is not None and not _known(start, known):
                        problems.append(f"{ref} “{kr.text}”: the starting value {_fmt(start)} is not among the facts you were given; remove it from the text and leave the baseline empty")
        return problems

    def review(self, draft: DraftedOkrSet) -> str:
        """Problem text for a re-ask, or "" when the draft is acceptable."""
        okr_set = self.to_okr_set(draft)
        findings = self.linter.lint(okr_set, "draft", self.language)
        invented = self.invented_baselines(okr_set)
        self.attempts.append(Attempt(draft, okr_set, findings, invented))
        lines = list(invented)
        for finding in self.repairable(findings):
            lines.append(f"{_ref(finding)} “{_element_text(okr_set, finding)}”: {finding.message}. Fix: {finding.fix}")
        if not lines:
            return ""
        return "The OKR rubric found these problems; fix every one and keep everything else:\n" + "\n".join(f"- {line}" for line in lines)

    def prompt_findings(self, attempt: Attempt) -> list[dict[str, str]]:
        """The attempt's problems as the revise prompt lists them."""
        items = [{"ref": line.split(" ", 1)[0], "text": "", "message": line.split(": ", 1)[-1], "fix": "Leave the baseline empty; the user will fill it in."} for line in attempt.invented]
        for finding in self.repairable(attempt.findings):
            items.append({"ref": _ref(finding), "text": _element_text(attempt.okr_set, finding), "message": finding.message, "fix": finding.fix})
        return items

    def repairable(self, findings: list[Finding]) -> list[Finding]:
        skip = _skipped_categories(self.period is not None)
        return [f for f in findings if f.level.rank >= self.repair_level.rank and f.category not in skip]


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
            update={"text": item.text.strip(), "metric": item.metric or old.metric, "baseline": baseline, "target": item.target if item.target is not None else old.target, "unit": item.unit or old.unit}
        )
        return updated

    def findings_for_item(self, okr_set: OkrSet) -> list[Finding]:
        findings = self.linter.lint(okr_set, "item", self.language)
        return [f for f in findings if f.objective_index == self.objective_index and f.key_result_index == self.key_result_index]

    def review(self, item: ImprovedItem) -> str:
        updated = self.apply(item)
        findings = self.findings_for_item(updated)
        self.attempts.append((item, findings))
        skip = _skipped_categories(self.okr_set.period is not None)
        bad = [f for f in findings if f.level.rank >= self.repair_level.rank and f.category not in skip]
        if not bad:
            return ""
        return "The OKR rubric still finds problems; fix them:\n" + "\n".join(f"- {f.message}. Fix: {f.fix}" for f in bad)


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
