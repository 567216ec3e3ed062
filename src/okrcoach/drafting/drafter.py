"""Draft and improve OKRs with an LLM, checked by the deterministic rubric.

A draft is streamed (partials for live display), then judged by the rubric and by baseline
honesty; what fails goes back to the model as the rubric's `message` + `fix` through
instructor's re-ask, up to `repair_rounds` times. Whatever still fails after the last round is
returned as the best draft with its findings, never thrown away.
"""

from __future__ import annotations

import json
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from pydantic import BaseModel, Field

from okrcoach.model import Finding, Level, OkrSet
from okrcoach.rubric import Linter
from okrcoach.rubric.engine import detect_text_language
from okrcoach.settings import LLMSettings

from .client import DraftError, Usage, explain, is_transport_failure, make_client
from .prompts import render
from .responses import DraftCheck, DraftedOkrSet, ImprovedItem, ItemCheck

MAX_BRIEF_CHARS = 20_000


class Brief(BaseModel):
    """What a leader tells okrcoach before drafting."""

    goal: str = Field(min_length=1)
    team: Optional[str] = None
    period: Optional[str] = None
    language: Optional[str] = None
    context: Optional[str] = None
    objectives: int = Field(default=3, ge=1, le=5)

    def facts(self) -> str:
        """Text whose numbers count as known facts (goal, team, period, context)."""
        return "\n".join(part for part in (self.goal, self.team, self.context) if part)


@dataclass
class DraftResult:
    """A finished draft: the set, what the rubric still says, and what it cost."""

    okr_set: OkrSet
    findings: list[Finding]
    usage: Usage
    rounds: int
    passed: bool
    unverified: list[str] = field(default_factory=list)


@dataclass
class Improvement:
    """A suggested rewrite of one element and the set as it would be with it."""

    original: str
    suggestion: ImprovedItem
    okr_set: OkrSet
    findings: list[Finding]
    usage: Usage


class Drafter:
    """Talks to one configured model; holds token usage across calls."""

    def __init__(self, settings: LLMSettings, linter: Linter, client: Any = None) -> None:
        self.settings = settings
        self.linter = linter
        self.usage = Usage()
        self._client = client

    @property
    def client(self):
        if self._client is None:
            self._client = make_client(self.settings, self.usage)
        return self._client

    def language_for(self, brief: Brief) -> str:
        if brief.language:
            return brief.language
        return detect_text_language(" ".join(filter(None, (brief.goal, brief.context))), self.linter.rubric.lexicons)

    def _common(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.settings.temperature is not None:
            extra["temperature"] = self.settings.temperature
        if self.settings.max_tokens is not None:
            extra["max_tokens"] = self.settings.max_tokens
        return extra

    async def draft(self, brief: Brief, on_partial: Optional[Callable[[DraftedOkrSet], None]] = None, on_status: Optional[Callable[[str], None]] = None) -> DraftResult:
        """Draft a set from a brief; `on_partial` receives streamed partial drafts."""
        if len(brief.goal) + len(brief.context or "") > MAX_BRIEF_CHARS:
            raise DraftError("too_long", f"The brief and context are {len(brief.goal) + len(brief.context or ''):,} characters; the limit is {MAX_BRIEF_CHARS:,}.", "Shorten the context to the facts that matter.")
        if self._client is None and self.settings.problems():
            raise DraftError("not_configured", "No LLM is configured.", "\n".join(self.settings.problems()))
        language = self.language_for(brief)
        status = on_status or (lambda _: None)
        check = DraftCheck(
            linter=self.linter,
            language=language,
            facts=brief.facts(),
            period=brief.period,
            team=brief.team,
            title=f"{brief.team} OKRs" if brief.team else None,
            repair_level=Level(self.settings.repair_level),
        )
        messages = [
            {"role": "system", "content": render("system", language=language)},
            {"role": "user", "content": render("draft_okrs", language=language, goal=brief.goal, team=brief.team, period=brief.period, context=brief.context, objectives=brief.objectives)},
        ]
        model = self.settings.effective_model
        try:
            if on_partial is not None:
                status(f"drafting with {model}…")
                final = None
                try:
                    stream = self.client.chat.completions.create_partial(model=model, response_model=DraftedOkrSet, messages=messages, max_retries=0, stream_options={"include_usage": True}, **self._common())
                    async with aclosing(stream):
                        async for partial in stream:
                            final = partial
                            on_partial(partial)
                    first = DraftedOkrSet.model_validate(final.model_dump()) if final is not None else None
                except Exception as exc:  # noqa: BLE001 - an unreadable stream is asked again below
                    if is_transport_failure(exc):
                        raise
                    first = None
                finally:
                    await self.usage.close_streams()
                if first is None:
                    status("the streamed reply was not usable; asking again…")
                    await self._create_checked(model, messages, check, reasks=self.settings.repair_rounds)
                    return self._result(check)
                problems = check.review(first)
                if problems and self.settings.repair_rounds > 0:
                    found = check.prompt_findings(check.attempts[-1])
                    status(f"repairing {len(found)} problem(s)…")
                    from okrcoach.formats import write

                    revise = render("revise_okrs", language=language, draft=write(check.attempts[-1].okr_set, "yaml"), findings=found)
                    messages = messages + [
                        {"role": "assistant", "content": json.dumps(first.model_dump(mode="json"), ensure_ascii=False)},
                        {"role": "user", "content": revise},
                    ]
                    await self._create_checked(model, messages, check, reasks=self.settings.repair_rounds - 1)
            else:
                status(f"drafting with {model}…")
                await self._create_checked(model, messages, check, reasks=self.settings.repair_rounds)
        except DraftError:
            raise
        except Exception as exc:  # noqa: BLE001 - mapped to a message; cancellation passes through
            if not check.attempts:
                raise explain(exc, self.settings) from exc
            status(f"kept the best draft: {explain(exc, self.settings).message}")
        return self._result(check)

    async def _create_checked(self, model: Optional[str], messages: list[dict[str, str]], check: DraftCheck, reasks: int) -> None:
        """One request plus up to `reasks` re-asks (instructor's max_retries counts re-asks)."""
        await self.client.chat.completions.create(
            model=model,
            response_model=DraftedOkrSet,
            messages=messages,
            max_retries=reasks,
            context={"check": check},
            **self._common(),
        )

    def _result(self, check: DraftCheck) -> DraftResult:
        best = check.attempts[-1]
        okr_set = check.to_okr_set(best.draft, drop_invented=True)
        findings = self.linter.lint(okr_set, "draft", check.language)
        passed = not check.repairable(findings) and not best.invented
        return DraftResult(okr_set=okr_set, findings=findings, usage=self.usage, rounds=len(check.attempts), passed=passed, unverified=best.invented)

    async def improve(self, okr_set: OkrSet, objective_index: int, key_result_index: Optional[int] = None, language: Optional[str] = None) -> Improvement:
        """Suggest a rewrite of one key result (or objective) that the rubric flags."""
        from okrcoach.formats import write

        language = language or self.linter.language_of(okr_set)
        objective = okr_set.objectives[objective_index]
        if key_result_index is None:
            original, kind, ref = objective.title, "objective", f"O{objective_index + 1}"
        else:
            original, kind, ref = objective.key_results[key_result_index].text, "key_result", f"O{objective_index + 1}.KR{key_result_index + 1}"
        facts_text = write(okr_set, "yaml")
        check = ItemCheck(self.linter, language, okr_set, objective_index, key_result_index, facts=facts_text, repair_level=Level(self.settings.repair_level))
        findings = check.findings_for_item(okr_set)
        messages = [
            {"role": "system", "content": render("system", language=language)},
            {"role": "user", "content": render("improve_item", language=language, kind=kind, ref=ref, okrs=facts_text, item=original, objective=objective.title if kind == "key_result" else None, findings=findings)},
        ]
        try:
            await self.client.chat.completions.create(
                model=self.settings.effective_model, response_model=ImprovedItem, messages=messages, max_retries=self.settings.repair_rounds, context={"check": check}, **self._common()
            )
        except DraftError:
            raise
        except Exception as exc:  # noqa: BLE001 - mapped to a message; cancellation passes through
            if not check.attempts:
                raise explain(exc, self.settings) from exc
        item, item_findings = check.attempts[-1]
        return Improvement(original=original, suggestion=item, okr_set=check.apply(item), findings=item_findings, usage=self.usage)

