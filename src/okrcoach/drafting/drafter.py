"""Draft and improve OKRs with an LLM, checked by the deterministic rubric.

A draft is streamed (partials for live display), then judged by the rubric and by the brief
checks (objective and key-result counts, empty texts, numbers the brief never gave); what fails
goes back to the model as the rubric's `message` + `fix`, up to `repair_rounds` times. Whatever
still fails after the last round is returned as the best draft with its findings, never thrown
away, and never called clean: `passed` means what `okrcoach lint` would say of the saved file at
the same fail level (`okrcoach.linting.verdict`), with every brief check met.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from pydantic import BaseModel, Field, ValidationError

from okrcoach.formats import write
from okrcoach.i18n import SOURCE_LANGUAGE, Msg, msg
from okrcoach.i18n import text as catalogue_text
from okrcoach.model import Finding, Level, OkrSet
from okrcoach.rubric import Linter, detect_text_language
from okrcoach.settings import LLMSettings

from .client import DraftError, Usage
from .exchange import ModelLink
from .prompts import render
from .responses import BRIEF_NOTES, NUMBER_LANGUAGE, NUMBER_NOTES, DraftCheck, DraftedOkrSet, ImprovedItem, ItemCheck, Note, finished_set

MAX_BRIEF_CHARS = 20_000


class Brief(BaseModel):
    """What a leader tells okrcoach before drafting."""

    goal: str = Field(min_length=1)
    team: Optional[str] = None
    period: Optional[str] = None
    language: Optional[str] = None
    context: Optional[str] = None
    objectives: int = Field(default=3, ge=1, le=5)
    key_results: Optional[int] = Field(default=None, ge=1, le=5)
    """Key results per objective; None lets the model choose 2 to 4."""

    def facts(self) -> str:
        """Text whose numbers count as known facts (goal, team, period, context)."""
        return "\n".join(part for part in (self.goal, self.team, self.context) if part)


@dataclass
class DraftResult:
    """A finished draft: the set as it is saved, what the rubric and the brief checks still say,
    and what it cost. `passed` is decided by `okrcoach.linting.verdict` (what `lint` decides) and
    the brief checks, never by the model."""

    okr_set: OkrSet
    findings: list[Finding]
    usage: Usage
    rounds: int
    passed: bool
    notes: list[Note] = field(default_factory=list)
    stopped: Optional[DraftError] = None
    """Why drafting stopped before the rubric was satisfied (a timeout in a repair round), if it did."""
    unreadable: list[str] = field(default_factory=list)
    """Why replies could not be read (invalid JSON, cut off at max_tokens), one per such reply, in English."""
    unreadable_said: list[Any] = field(default_factory=list)
    """The same, for people in any language (each a `Msg`, or the English text)."""

    @property
    def unverified(self) -> list[str]:
        return [f"{n.ref} “{n.text}”: {n.message}" for n in self.notes if n.kind in NUMBER_NOTES]


@dataclass
class Improvement:
    """A suggested rewrite of one element and the set as it would be with it."""

    original: str
    suggestion: ImprovedItem
    okr_set: OkrSet
    findings: list[Finding]
    usage: Usage
    remaining: str = ""
    """What the last check still found (rubric findings, numbers not in the set), or "", as the
    model was told it."""
    remaining_said: list[str] = field(default_factory=list)
    """The same, one line each in the set's language, as the user is told it."""
    rationale: str = ""
    """The model's reason for the rewrite as the user is shown it: "" when it is written in
    another language than the set (small models explain a Swedish rewrite in English)."""


class Drafter:
    """Talks to one configured model; holds token usage across calls."""

    def __init__(self, settings: LLMSettings, linter: Linter, client: Any = None, fail_level: str = "warning") -> None:
        self.settings = settings
        self.linter = linter
        self.fail_level = fail_level
        self.link = ModelLink(settings, client=client)
        self.usage = self.link.usage
        self.streamed: Any = None
        """The newest streamed partial of the current draft's first reply, or None: what the model
        had written when a request stopped (`keep_streamed`)."""

    async def _ask(self, response_model: type[BaseModel], messages: list[dict[str, Any]], on_partial: Optional[Callable[[Any], None]] = None) -> Any:
        """One request; numbers the model writes as strings are read as the draft's language writes them."""
        token = NUMBER_LANGUAGE.set(self.link.language)
        try:
            return await self.link.ask(response_model, messages, on_partial)
        finally:
            NUMBER_LANGUAGE.reset(token)

    def language_for(self, brief: Brief) -> str:
        if brief.language:
            return brief.language
        return detect_text_language(" ".join(filter(None, (brief.goal, brief.context))), self.linter.rubric.lexicons)

    async def draft(self, brief: Brief, on_partial: Optional[Callable[[DraftedOkrSet], None]] = None, on_status: Optional[Callable[[str], None]] = None) -> DraftResult:
        """Draft a set from a brief; `on_partial` receives streamed partial drafts.

        Each round is one request: the first drafts, the next ones revise the best draft so far
        with the rubric's findings and the brief checks' notes. A reply that cannot be read is
        asked again with what was wrong. A failure of the endpoint or a timeout stops drafting:
        before any usable draft it is raised, after one the best draft is kept and the reason is
        in `stopped`.
        """
        if len(brief.goal) + len(brief.context or "") > MAX_BRIEF_CHARS:
            raise DraftError("too_long", msg("report.llm-too-long", length=len(brief.goal) + len(brief.context or ""), limit=MAX_BRIEF_CHARS), msg("report.llm-too-long-hint"))
        if self.link.client is None and self.settings.problems():
            raise DraftError("not_configured", msg("report.llm-not-configured"), self.settings.problem_texts())
        language = self.language_for(brief)
        status = on_status or (lambda _: None)
        self.link.on_status = status
        self.link.language = language
        self.streamed = None
        check = self._check(brief, language)
        opening = [
            {"role": "system", "content": render("system", language=language)},
            {
                "role": "user",
                "content": render(
                    "draft_okrs", language=language, goal=brief.goal, team=brief.team, period=brief.period, context=brief.context, objectives=brief.objectives, key_results=brief.key_results
                ),
            },
        ]

        def partial_arrived(partial: Any) -> None:
            if not check.attempts:
                self.streamed = partial
            if on_partial is not None:
                on_partial(partial)

        messages = list(opening)
        unreadable: list[str] = []
        unreadable_said: list[Any] = []
        stopped: Optional[DraftError] = None
        model = self.settings.effective_model
        why = ""
        for round_number in range(1 + max(self.settings.repair_rounds, 0)):
            status(
                catalogue_text("report.draft-status-start", language, model=model, mode=self.link.mode)
                if round_number == 0
                else catalogue_text("report.draft-status-round", language, round=round_number + 1, why=why)
            )
            try:
                reply = await self._ask(DraftedOkrSet, messages, partial_arrived if on_partial is not None else None)
            except DraftError as exc:
                if exc.kind == "cancelled" or not check.attempts:
                    raise
                stopped = exc
                status(catalogue_text("report.draft-status-stopped", language, reason=exc.message_in(language)))
                break
            if reply.value is None:
                unreadable.append(reply.problem)
                unreadable_said.append(reply.said or reply.problem)
                why = catalogue_text("report.draft-status-unreadable", language, reason=reply.problem_in(language))
                messages = opening + [
                    {"role": "assistant", "content": _clip(reply.text) or "(an empty reply)"},
                    {"role": "user", "content": render("reask_format", language=language, problem=reply.problem)},
                ]
                continue
            problems = check.review(reply.value)
            if not problems:
                break
            why = catalogue_text("report.draft-status-repairing", language, count=len(problems))
            best = check.best()
            assert best is not None
            revise = render("revise_okrs", language=language, draft=write(best.okr_set, "yaml"), findings=check.prompt_findings(best))
            messages = opening + [{"role": "assistant", "content": json.dumps(best.draft.model_dump(mode="json"), ensure_ascii=False)}, {"role": "user", "content": revise}]
        best = check.best()
        if best is None:
            raise DraftError(
                "invalid_output",
                msg("report.llm-no-okrs", count=len(unreadable), detail=unreadable_said[-1] if unreadable_said else "-"),
                self.link.unreadable_hint(msg("report.llm-no-okrs-hint", model=model)),
                detail=unreadable[-1] if unreadable else "",
            )
        if not any(kr.text.strip() for o in best.okr_set.objectives for kr in o.key_results):
            raise DraftError("invalid_output", msg("report.llm-no-key-results", rounds=len(check.attempts) + len(unreadable)), msg("report.llm-try-again-hint", model=model))
        return self._result(check, best, unreadable, unreadable_said, stopped)

    def _check(self, brief: Brief, language: str) -> DraftCheck:
        """The brief checks and the rubric a draft for `brief` is judged by."""
        return DraftCheck(
            linter=self.linter,
            language=language,
            facts=brief.facts(),
            period=brief.period,
            team=brief.team,
            title=catalogue_text("report.draft-title", language, team=brief.team) if brief.team else None,
            repair_level=Level(self.settings.repair_level),
            objectives=brief.objectives,
            key_results=brief.key_results,
        )

    def keep_streamed(self, brief: Brief, stopped: DraftError) -> DraftResult:
        """What the model had streamed of its first reply when `stopped` ended it (a timeout, a
        dropped connection), as a draft judged like any other: the brief checks and the rubric
        say what it lacks, and `stopped` says why it is unfinished. A reply that stops mid-way
        still holds the objectives and key results it wrote, which a leader with a slow local
        model should not lose. Raises `stopped` itself when nothing usable had arrived (no
        objective with a title or a key result)."""
        draft = streamed_draft(self.streamed)
        if draft is None:
            raise stopped
        language = self.language_for(brief)
        check = self._check(brief, language)
        check.review(draft)
        best = check.best()
        if best is None:
            raise stopped
        return self._result(check, best, [], [], stopped)

    def _result(self, check: DraftCheck, best: Any, unreadable: list[str], unreadable_said: list[Any], stopped: Optional[DraftError]) -> DraftResult:
        from okrcoach.linting import verdict

        okr_set = finished_set(best, check.language)
        findings = self.linter.lint(okr_set, "draft", check.language)
        notes = check.notes(okr_set) + [n for n in best.notes if n.kind == "empty"]
        # Invented baselines are gone from the saved set; they are reported from the reply they were in.
        notes = [n for n in notes if n.kind not in ("baseline", "start")] + [n for n in best.notes if n.kind in ("baseline", "start")]
        passed = verdict(findings, self.fail_level).passed and not notes
        return DraftResult(
            okr_set=okr_set,
            findings=findings,
            usage=self.usage,
            rounds=len(check.attempts) + len(unreadable),
            passed=passed,
            notes=notes,
            stopped=stopped,
            unreadable=unreadable,
            unreadable_said=unreadable_said,
        )

    async def improve(
        self, okr_set: OkrSet, objective_index: int, key_result_index: Optional[int] = None, language: Optional[str] = None, on_status: Optional[Callable[[str], None]] = None
    ) -> Improvement:
        """Suggest a rewrite of one key result (or objective) that the rubric flags."""
        from okrcoach.formats import write as write_set

        if on_status is not None:
            self.link.on_status = on_status
        language = language or self.linter.language_of(okr_set)
        self.link.language = language
        objective = okr_set.objectives[objective_index]
        if key_result_index is None:
            original, kind, ref = objective.title, "objective", f"O{objective_index + 1}"
        else:
            original, kind, ref = objective.key_results[key_result_index].text, "key_result", f"O{objective_index + 1}.KR{key_result_index + 1}"
        facts_text = write_set(okr_set, "yaml")
        check = ItemCheck(self.linter, language, okr_set, objective_index, key_result_index, facts=facts_text, repair_level=Level(self.settings.repair_level))
        findings = check.findings_for_item(okr_set)
        opening = [
            {"role": "system", "content": render("system", language=language)},
            {
                "role": "user",
                "content": render(
                    "improve_item", language=language, kind=kind, ref=ref, okrs=facts_text, item=original, objective=objective.title if kind == "key_result" else None, findings=findings
                ),
            },
        ]
        messages = list(opening)
        remaining = ""
        unreadable: list[Any] = []
        for _ in range(1 + max(self.settings.repair_rounds, 0)):
            try:
                reply = await self._ask(ImprovedItem, messages)
            except DraftError:
                if not check.attempts:
                    raise
                break
            if reply.value is None:
                unreadable.append(reply.said or reply.problem)
                messages = opening + [
                    {"role": "assistant", "content": _clip(reply.text) or "(an empty reply)"},
                    {"role": "user", "content": render("reask_format", language=language, problem=reply.problem)},
                ]
                continue
            remaining = check.review(reply.value)
            if not remaining:
                break
            messages = opening + [{"role": "assistant", "content": json.dumps(reply.value.model_dump(mode="json"), ensure_ascii=False)}, {"role": "user", "content": remaining}]
        if not check.attempts:
            raise DraftError(
                "invalid_output",
                msg("report.llm-no-rewrite", count=len(unreadable), detail=unreadable[-1] if unreadable else "-"),
                self.link.unreadable_hint(msg("report.llm-unreadable-hint", model=self.settings.effective_model)),
                detail=_in_english(unreadable[-1]) if unreadable else "",
            )
        item, item_findings = check.attempts[-1]
        if not item.text.strip():
            raise DraftError("invalid_output", msg("report.llm-empty-rewrite", ref=ref, attempts=len(check.attempts)), msg("report.llm-try-again-hint", model=self.settings.effective_model))
        rationale = (item.rationale or "").strip()
        if self.linter.text_language(rationale) not in (None, language):
            rationale = ""
        return Improvement(
            original=original,
            suggestion=item,
            okr_set=check.apply(item),
            findings=item_findings,
            usage=self.usage,
            remaining=remaining,
            remaining_said=check.said if remaining else [],
            rationale=rationale,
        )


def streamed_draft(partial: Any) -> Optional[DraftedOkrSet]:
    """A streamed partial reply as a draft: its objectives with a title or a key result with
    text, each key result with text; None when it holds none (or not in the expected shape)."""
    if partial is None:
        return None
    try:
        draft = DraftedOkrSet.model_validate(partial.model_dump() if isinstance(partial, BaseModel) else partial)
    except ValidationError:
        return None
    objectives = []
    for objective in draft.objectives:
        key_results = [kr for kr in objective.key_results if kr.text.strip()]
        if objective.title.strip() or key_results:
            objectives.append(objective.model_copy(update={"key_results": key_results}))
    return DraftedOkrSet(objectives=objectives) if objectives else None


def _clip(text: str, limit: int = 4000) -> str:
    """A reply sent back for a re-ask: long rambling is cut, the start is what matters."""
    return text if len(text) <= limit else text[:limit] + "…"


def draft_text(result: DraftResult, fmt: str) -> str:
    """The draft as it is saved. In YAML every unverified number is marked with a
    `# unverified: …` comment on its own line above the element, where a reader of the file sees
    it and a YAML reader ignores it; other formats list them in the report only. The marker word
    stays `unverified` in every language (the report tells the user to look for it); what follows
    it is in the set's language, like the rest of the file."""
    text = write(result.okr_set, fmt)
    language = result.okr_set.language or "en"
    marks = [n for n in result.notes if n.kind == "unverified" and n.objective_index is not None]
    if fmt != "yaml" or not marks:
        return text
    lines = text.splitlines(keepends=True)
    objective_lines = [index for index, line in enumerate(lines) if line.startswith("- title:")]
    inserts: dict[int, list[str]] = {}
    for note in marks:
        oi, ki = note.objective_index, note.key_result_index
        if oi is None or oi >= len(objective_lines):
            continue
        start = objective_lines[oi]
        if ki is None:
            inserts.setdefault(start, []).append(f"# unverified: {catalogue_text('report.unverified-mark', language, number=note.number)}\n")
            continue
        seen = -1
        end = objective_lines[oi + 1] if oi + 1 < len(objective_lines) else len(lines)
        for index in range(start, end):
            if lines[index].startswith("  - "):
                seen += 1
                if seen == ki:
                    inserts.setdefault(index, []).append(f"  # unverified: {catalogue_text('report.unverified-mark', language, number=note.number)}\n")
                    break
    out = []
    for index, line in enumerate(lines):
        out.extend(inserts.get(index, []))
        out.append(line)
    return "".join(out)


@dataclass(frozen=True)
class DraftVerdict:
    """Whether a draft passed: `okrcoach lint`'s verdict on the saved text, and the brief checks."""

    passed: bool
    lint: Any
    """The `okrcoach.linting.Verdict` on the draft as saved."""
    notes: tuple[Note, ...]

    def summary(self, language: str = "en") -> str:
        """One sentence for the CLI and the TUI, in `language`: passed, or what stands in the way."""
        from okrcoach.i18n import text

        if self.passed:
            return text("report.draft-summary-passed", language, verdict=self.lint.summary(language))
        reasons = []
        if not self.lint.passed:
            reasons.append(self.lint.summary(language))
        counts = [n for n in self.notes if n.kind in BRIEF_NOTES]
        numbers = [n for n in self.notes if n.kind in NUMBER_NOTES]
        if counts:
            reasons.append(text("report.draft-summary-brief-unmet", language, count=len(counts), ref=counts[0].ref_in(language), message=counts[0].message_in(language)))
        if numbers:
            reasons.append(text("report.draft-summary-numbers", language, count=len(numbers)))
        return text("report.draft-summary-failed", language, reasons="; ".join(reasons))


def judge_draft(result: DraftResult, linter: Linter, fail_level: str = "warning", fmt: str = "yaml", path: Optional[str] = None) -> DraftVerdict:
    """The one verdict on a draft, for every front end: lint the text as it would be saved (same
    reader, rubric options and fail level as `okrcoach lint`), and require every brief check met."""
    from okrcoach.linting import verdict_of_text

    lint_verdict, _ = verdict_of_text(draft_text(result, fmt), path or f"draft.okr.{fmt}", linter, fail_level, fmt)
    notes = tuple(result.notes)
    return DraftVerdict(passed=lint_verdict.passed and not notes, lint=lint_verdict, notes=notes)


def _in_english(said: "Msg | str") -> str:
    """What was wrong with a reply in English, the checker's own words included (shown with -v)."""
    return said.render(SOURCE_LANGUAGE) if isinstance(said, Msg) else said
