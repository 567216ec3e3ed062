"""The rubric as the authority on examples: do an example's labels match what the rubric raises?

Used by the library's tests, by `okrcoach examples --generate` (a generated example is shown only
when it verifies) and by the answer key (which quotes the rubric's own message).
"""

from __future__ import annotations

from typing import Iterable, Optional

from okrcoach.model import Finding, Level, OkrSet
from okrcoach.rubric import Linter

Position = tuple[Optional[int], Optional[int]]


def serious(findings: Iterable[Finding]) -> list[Finding]:
    """Findings at warning level or above (info-level findings are advice, not flaws)."""
    return [f for f in findings if f.level.rank >= Level.warning.rank]


def lint_warnings(linter: Linter, okr_set: OkrSet, language: Optional[str] = None) -> list[Finding]:
    language = language or okr_set.language or linter.language_of(okr_set)
    return serious(linter.lint(okr_set, "example", language))


def position(finding: Finding) -> Position:
    return (finding.objective_index, finding.key_result_index)


def ref(pos: Position) -> str:
    oi, ki = pos
    if oi is None:
        return "the set"
    return f"O{oi + 1}" + (f".KR{ki + 1}" if ki is not None else "")


def disagreements(findings: Iterable[Finding], expected: dict[Position, set[str]]) -> list[str]:
    """How warning-level findings differ from the expected codes per element ([] when they agree).

    Elements missing from `expected` must raise nothing.
    """
    actual: dict[Position, set[str]] = {}
    for finding in serious(findings):
        actual.setdefault(position(finding), set()).add(finding.code)
    problems = []
    for pos in sorted(set(actual) | set(expected), key=lambda p: (p[0] if p[0] is not None else -1, p[1] if p[1] is not None else -1)):
        want, got = expected.get(pos, set()), actual.get(pos, set())
        if want != got:
            missing, extra = sorted(want - got), sorted(got - want)
            parts = []
            if missing:
                parts.append(f"expected {', '.join(missing)} but the rubric does not raise it")
            if extra:
                parts.append(f"the rubric also raises {', '.join(extra)}")
            problems.append(f"{ref(pos)}: " + "; ".join(parts))
    return problems


def check(linter: Linter, okr_set: OkrSet, expected: dict[Position, set[str]], language: Optional[str] = None) -> list[str]:
    """Lint `okr_set` in its language and compare with the expected codes per element."""
    return disagreements(lint_warnings(linter, okr_set, language), expected)
