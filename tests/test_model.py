"""Periods normalise to start and end dates; models keep what users wrote."""

from __future__ import annotations

from datetime import date

import pytest

from okrcoach.model import Level, OkrSet, parse_period


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2027-Q1", date(2027, 1, 1), date(2027, 3, 31)),
        ("Q1 2027", date(2027, 1, 1), date(2027, 3, 31)),
        ("q4-2027", date(2027, 10, 1), date(2027, 12, 31)),
        ("2027 Q2", date(2027, 4, 1), date(2027, 6, 30)),
        ("2027-H1", date(2027, 1, 1), date(2027, 6, 30)),
        ("H2 2027", date(2027, 7, 1), date(2027, 12, 31)),
        ("FY2027", date(2027, 1, 1), date(2027, 12, 31)),
        ("FY27", date(2027, 1, 1), date(2027, 12, 31)),
        ("2027", date(2027, 1, 1), date(2027, 12, 31)),
        ("2027-01-01..2027-03-31", date(2027, 1, 1), date(2027, 3, 31)),
        ("2028-Q1", date(2028, 1, 1), date(2028, 3, 31)),
    ],
)
def test_period_forms(label, start, end):
    period = parse_period(label)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.contains(start) and period.contains(end)


@pytest.mark.parametrize("label", ["next quarter", "2027-Q5", "Q0 2027", "2027-03-31..2027-01-01", ""])
def test_bad_periods_explain_the_accepted_forms(label):
    with pytest.raises(ValueError, match="2027-Q1"):
        parse_period(label)


def test_set_period_round_trips_as_its_label():
    okr_set = OkrSet(period="Q1 2027")
    assert okr_set.period is not None and okr_set.period.end == date(2027, 3, 31)
    assert okr_set.model_dump()["period"] == "Q1 2027"


def test_levels_are_ordered():
    assert Level.info.rank < Level.warning.rank < Level.error.rank


def test_a_deferred_finding_writes_its_texts_on_first_read_and_copies_and_pickles_as_text():
    import copy
    import pickle

    from okrcoach.model import Finding, Level

    class Rule:
        def __init__(self) -> None:
            self.written: list[str] = []

        def render(self, field: str, language: str, values: dict) -> str:
            self.written.append(field)
            return f"the {field} in {language} of {values['evidence']}"

    rule = Rule()
    fields = dict(path="a.okr.yaml", line=3, code="OKR201", name="n", category="c", level=Level.warning, target="key_result")
    finding = Finding.deferred(fields, rule, "da", {"evidence": "x"})
    assert rule.written == []  # nothing rendered until read
    assert finding.message == "the message in da of x" and rule.written == ["message", "fix"]
    assert finding.fix == "the fix in da of x" and rule.written == ["message", "fix"]  # once
    plain = Finding.model_construct(**fields, message="the message in da of x", fix="the fix in da of x")
    assert finding == plain and finding.model_dump() == plain.model_dump()
    for clone in (
        copy.copy(Finding.deferred(fields, rule, "da", {"evidence": "x"})),
        pickle.loads(pickle.dumps(finding)),
        Finding.deferred(fields, rule, "da", {"evidence": "x"}).model_copy(update={"line": 4}),
    ):
        assert "_texts" not in vars(clone) and clone.fix == "the fix in da of x"
    assert not hasattr(finding, "no_such_field")
