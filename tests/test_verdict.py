"""`passes` (what `okrcoach lint` exits on) says what `verdict(...).passed` says, for any findings."""

from __future__ import annotations

import itertools

from okrcoach.linting import passes, verdict
from okrcoach.model import Finding, Level


def _finding(level: Level) -> Finding:
    return Finding.model_construct(path="x.okr.yaml", line=1, code="OKR201", name="key-result-without-target", category="measurable", level=level, target="key_result", message="m", fix="f")


def test_passes_is_the_verdict() -> None:
    levels = list(Level)
    checked = 0
    for size in range(4):
        for chosen in itertools.product(levels, repeat=size):
            findings = [_finding(level) for level in chosen]
            for fail_level in [*levels, "error", "warning", "info"]:
                assert passes(findings, fail_level) == verdict(findings, fail_level).passed, (chosen, fail_level)
                checked += not verdict(findings, fail_level).passed
    assert checked  # some sets fail: both answers are exercised
