"""Generated workshop examples: an LLM writes them, the rubric decides which ones are shown.

Each example is one request (the `workshop_examples` prompt) answered as a `GeneratedExample`.
A good example must raise nothing at warning level or above; a flawed one must raise its intended
code (with the codes that always come with it, see `COMPANIONS`) on its flawed key result and
nothing else anywhere, and its `fixed` version must raise nothing. An example that does not verify
is regenerated, with the rubric's findings in the prompt, up to `regenerations` times, and dropped
if it never verifies. openai and instructor are imported only through `drafting.client`, when the
first request is made.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from pydantic import BaseModel, Field

from okrcoach.drafting.client import Usage
from okrcoach.drafting.exchange import ModelLink
from okrcoach.drafting.prompts import render
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.rubric import Linter
from okrcoach.settings import LLMSettings

from .handout import Example, Flaw, Item, ObjectiveView
from .library import load_library
from .verify import Position, lint_warnings, position, ref

REGENERATIONS = 3
DEFAULT_PERIOD = "2027-Q1"
# The key-result flaws a generated example may teach. An activity with no number always lacks a
# target too, so OKR220 comes with OKR201, as do a milestone (OKR203) and a bare metric (OKR232)
# (as in the curated library).
FLAW_CODES = ("OKR201", "OKR202", "OKR203", "OKR220", "OKR221", "OKR230", "OKR231", "OKR232", "OKR240")
COMPANIONS = {"OKR220": ("OKR201",), "OKR203": ("OKR201",), "OKR232": ("OKR201",)}


class GeneratedObjective(BaseModel):
    """One objective of a workshop example."""

    title: str = Field(description="A short, qualitative objective with no numbers.")
    key_results: list[str] = Field(description="Exactly 3 key results, each one sentence.")


class GeneratedExample(BaseModel):
    """One example OKR set for a workshop on OKRs."""

    objectives: list[GeneratedObjective] = Field(description="Exactly 2 objectives.")
    flawed_key_result: Optional[int] = Field(
        default=None,
        description="Only for a deliberately flawed set: the number of the flawed key result, counting from 1 across all objectives in order; null for a good set.",
    )
    fixed: Optional[str] = Field(default=None, description="Only for a flawed set: the flawed key result rewritten as a good one.")


@dataclass
class Request:
    """What one generated example should be."""

    function: str
    flaw: Optional[str] = None

    @property
    def expected(self) -> set[str]:
        if self.flaw is None:
            return set()
        return {self.flaw, *COMPANIONS.get(self.flaw, ())}


@dataclass
class Outcome:
    """What happened to one requested example: the verified example (or None) and every attempt's problems."""

    request: Request
    example: Optional[Example]
    attempts: int
    problems: list[list[str]] = field(default_factory=list)


def plan(count: int, flawed: int, function: Optional[str], rng: random.Random, codes: Optional[list[str]] = None) -> list[Request]:
    """`count` requests, `flawed` of them flawed with different codes where possible, seeded.

    `codes` limits the flaws to those rules (each must be one of `FLAW_CODES`).
    """
    functions = list(load_library())
    codes = list(codes or FLAW_CODES)
    rng.shuffle(codes)
    requests = []
    for index in range(count):
        chosen = function or rng.choice(functions)
        flaw = codes[index % len(codes)] if index < flawed else None
        requests.append(Request(chosen, flaw))
    rng.shuffle(requests)
    return requests


def to_okr_set(reply: GeneratedExample, language: str, team: Optional[str], period: Optional[str] = DEFAULT_PERIOD, fixed: bool = False) -> OkrSet:
    """The reply as an OkrSet; with `fixed`, the flawed key result replaced by its fixed version."""
    objectives = []
    number = 0
    for objective in reply.objectives:
        krs = []
        for text in objective.key_results:
            number += 1
            if fixed and number == reply.flawed_key_result and reply.fixed:
                text = reply.fixed
            krs.append(KeyResult(text=text.strip()))
        objectives.append(Objective(title=objective.title.strip(), key_results=krs))
    return OkrSet(team=team, period=period, language=language, objectives=objectives)  # type: ignore[arg-type]


def _position(reply: GeneratedExample, number: int) -> Optional[tuple[int, int]]:
    seen = 0
    for oi, objective in enumerate(reply.objectives):
        for ki, _ in enumerate(objective.key_results):
            seen += 1
            if seen == number:
                return (oi, ki)
    return None


def rubric_problems(linter: Linter, okr_set: OkrSet, expected: dict[Position, set[str]], language: str) -> list[str]:
    """What the rubric says that the example did not intend, and intended flaws it does not see."""
    findings = lint_warnings(linter, okr_set, language)
    problems = []
    for pos, codes in expected.items():
        raised = {f.code for f in findings if position(f) == pos}
        for code in sorted(codes - raised):
            rule = linter.rubric.find(code)
            problems.append(f"{ref(pos)} “{_text(okr_set, pos)}” should break {code} {rule.name if rule else ''} but does not".replace("  ", " "))
    for finding in findings:
        pos = position(finding)
        if finding.code in expected.get(pos, set()):
            continue
        problems.append(f"{ref(pos)} “{_text(okr_set, pos)}”: {finding.code} {finding.message}. Fix: {finding.fix}")
    return problems


def _text(okr_set: OkrSet, pos: Position) -> str:
    oi, ki = pos
    if oi is None:
        return okr_set.title or ""
    objective = okr_set.objectives[oi]
    return objective.title if ki is None else objective.key_results[ki].text


def verify(reply: GeneratedExample, request: Request, linter: Linter, language: str, team: Optional[str], period: Optional[str] = DEFAULT_PERIOD) -> list[str]:
    """Why the rubric does not accept this example ([] when it verifies)."""
    problems: list[str] = []
    if not reply.objectives or any(not o.title.strip() or not o.key_results for o in reply.objectives):
        return ["every objective needs a title and key results"]
    okr_set = to_okr_set(reply, language, team, period)
    if request.flaw is None:
        if reply.flawed_key_result:
            problems.append("this must be a good set: set `flawed_key_result` to null")
        return problems + rubric_problems(linter, okr_set, {}, language)
    where = _position(reply, reply.flawed_key_result or 0)
    if where is None:
        return [f"`flawed_key_result` must number one of the key results (1 to {sum(len(o.key_results) for o in reply.objectives)})"]
    problems += rubric_problems(linter, okr_set, {where: request.expected}, language)
    if not (reply.fixed or "").strip():
        problems.append("`fixed` must hold a corrected version of the flawed key result")
    else:
        problems += [f"the fixed version {p}" for p in rubric_problems(linter, to_okr_set(reply, language, team, period, fixed=True), {}, language)]
    return problems


def to_example(reply: GeneratedExample, request: Request, language: str, team: Optional[str], model: Optional[str], period: Optional[str] = DEFAULT_PERIOD) -> Example:
    objectives = []
    number = 0
    for objective in reply.objectives:
        krs = []
        for text in objective.key_results:
            number += 1
            flaw = Flaw(sorted(request.expected, key=lambda c: (c != request.flaw, c)), (reply.fixed or "").strip()) if request.flaw and number == reply.flawed_key_result else None
            krs.append(Item("key_result", text.strip(), flaw))
        objectives.append(ObjectiveView(Item("objective", objective.title.strip()), krs))
    return Example("generated", request.function, language, team, period, objectives, model=model)


@dataclass
class Generator:
    """Generates and verifies workshop examples with one configured model."""

    settings: LLMSettings
    linter: Linter
    language: str
    industry: Optional[str] = None
    goal: Optional[str] = None
    regenerations: int = REGENERATIONS
    client: Any = None
    link: Optional[ModelLink] = None

    def __post_init__(self) -> None:
        if self.link is None:
            self.link = ModelLink(self.settings, client=self.client)

    @property
    def usage(self) -> Usage:
        assert self.link is not None
        return self.link.usage

    def team_for(self, function: str) -> str:
        library = load_library().get(function)
        return library.names.get(self.language, function) if library else function  # type: ignore[call-overload]

    @staticmethod
    def function_name(function: str) -> str:
        """How the prompt names the function (the library's English name, e.g. People (HR))."""
        library = load_library().get(function)
        return library.names["en"] if library else function.replace("-", " ")

    def messages(self, request: Request, problems: Optional[list[str]] = None) -> list[dict[str, str]]:
        flaw = None
        if request.flaw:
            rule = self.linter.rubric.find(request.flaw)
            if rule is not None:
                flaw = {"code": rule.code, "name": rule.name, "why": " ".join(rule.why.split())}
        prompt = render(
            "workshop_examples",
            language=self.language,
            count=1,
            function=self.function_name(request.function),
            industry=self.industry,
            goal=self.goal,
            flaw=flaw,
            problems=problems or [],
        )
        return [{"role": "system", "content": render("system", language=self.language)}, {"role": "user", "content": prompt}]

    async def one(self, request: Request, on_status: Optional[Callable[[str], None]] = None) -> Outcome:
        """Generate one example, regenerating it until it verifies or the attempts run out."""
        status = on_status or (lambda _: None)
        team = self.team_for(request.function)
        outcome = Outcome(request, None, 0)
        problems: list[str] = []
        for attempt in range(1 + max(self.regenerations, 0)):
            outcome.attempts = attempt + 1
            assert self.link is not None
            self.link.on_status = status
            answer = await self.link.ask(GeneratedExample, self.messages(request, problems))
            if answer.value is None:
                problems = [f"the reply was not usable: {answer.problem}"]
                outcome.problems.append(problems)
                status(f"  attempt {attempt + 1}: {problems[0]}")
                continue
            reply = answer.value
            assert isinstance(reply, GeneratedExample)
            problems = verify(reply, request, self.linter, self.language, team)
            outcome.problems.append(problems)
            if not problems:
                outcome.example = to_example(reply, request, self.language, team, self.settings.effective_model)
                return outcome
            status(f"  attempt {attempt + 1}: the rubric disagrees ({problems[0]})")
        return outcome

    async def run(self, requests: list[Request], on_status: Optional[Callable[[str], None]] = None) -> list[Outcome]:
        """Every request in order (one at a time, so the endpoint sees a steady, bounded load)."""
        status = on_status or (lambda _: None)
        outcomes = []
        for index, request in enumerate(requests, start=1):
            kind = f"flawed ({request.flaw})" if request.flaw else "good"
            status(f"generating example {index}/{len(requests)}: {request.function}, {kind}…")
            outcomes.append(await self.one(request, on_status))
        return outcomes
