"""Typed field values: read leniently, and kept while invalid (okrcoach.field_values)."""

from __future__ import annotations

from datetime import date

import pytest

from okrcoach.field_values import PendingFields, parse_field
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.values import UnreadableValue


@pytest.mark.parametrize(
    ("name", "raw", "value", "unit"),
    [
        ("deadline", "31.03.2027", date(2027, 3, 31), None),
        ("deadline", "31. maaliskuuta 2027", date(2027, 3, 31), None),
        ("target", "8 %", 8, "%"),
        ("baseline", "1 234,5", 1234.5, None),
        ("confidence", "70 %", 0.7, None),
        ("unit", " kr. ", "kr.", None),
        ("deadline", "  ", None, None),
    ],
)
def test_fields_as_people_type_them(name, raw, value, unit):
    parsed = parse_field(name, raw)
    assert (parsed.value, parsed.unit) == (value, unit)


def test_an_invalid_value_says_what_is_accepted():
    with pytest.raises(UnreadableValue, match=r"The deadline must be a date such as 2027-03-31, 31\.03\.2027"):
        parse_field("deadline", "next tuesday")


def test_pending_values_follow_their_element_and_go_with_it():
    a, b = KeyResult(text="a"), KeyResult(text="b")
    okr_set = OkrSet(objectives=[Objective(title="o", key_results=[a, b])])
    pending = PendingFields()
    pending.set(b, "O1.KR2", "deadline", "soon", "not a date")
    okr_set.objectives[0].key_results.reverse()  # moved: still b's
    assert pending.get(b, "deadline").raw == "soon" and pending.get(a, "deadline") is None
    assert pending.prune(okr_set) == []
    okr_set.objectives[0].key_results.remove(b)
    assert [p.raw for p in pending.prune(okr_set)] == ["soon"] and not pending
