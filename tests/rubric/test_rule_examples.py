"""Every rule's examples are its tests: each `fail` raises it once, each `pass` never."""

from __future__ import annotations

import pytest

from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric
from tests.rule_examples import lint_example

RUBRIC = load_rubric(bundled_dir("rubrics"))
LINTER = Linter(RUBRIC)

CASES = [
    pytest.param(rule, language, kind, example, id=f"{rule.code}-{rule.name}-{language}-{kind}{i}")
    for rule in RUBRIC.rules
    for language, examples in rule.examples.items()
    for kind, items in (("fail", examples.fail), ("pass", examples.pass_))
    for i, example in enumerate(items)
]


@pytest.mark.parametrize(("rule", "language", "kind", "example"), CASES)
def test_rule_example(rule, language, kind, example):
    findings = lint_example(example, rule.target, language, LINTER)
    hits = [f for f in findings if f.code == rule.code]
    shown = [(f.code, f.message) for f in findings]
    if kind == "fail":
        assert len(hits) == 1, f"{rule.code} should fire once on fail example {example!r} ({language}); findings: {shown}"
    else:
        assert not hits, f"{rule.code} fired on pass example {example!r} ({language}): {[h.message for h in hits]}"
