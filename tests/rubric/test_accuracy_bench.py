"""The accuracy bench reads every labelled set the way its README says, the blind set included.

These tests check how the bench loads and splits the sets; they never look at the rubric's errors on
the blind set (only the bench's figures may be read from it).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "rubric_accuracy.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("rubric_accuracy", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_blind_set_is_a_set_of_the_bench_and_wholly_tuned(bench):
    """Its figures steered several rounds of choices, so the split counts it as tuned."""
    assert "blind" in bench.SETS
    items = bench.items_of("blind")
    assert len(items) == 360
    assert {item.part for item in items} == {"tuned"}
    assert {item.language for item in items} == {"en", "da", "sv", "de", "fi", "hu"}


def test_blind2_is_split_by_source_document_in_every_language(bench):
    items = bench.items_of("blind2")
    for language in ("en", "da", "sv", "de", "fi", "hu"):
        of_language = [item for item in items if item.language == language]
        untouched = [item for item in of_language if item.part == "untouched"]
        assert 0.4 <= len(untouched) / len(of_language) <= 0.6
    assert len(items) == 360


def test_blind_labels_follow_the_guideline_fields(bench):
    """Expected categories come from `guideline` by the mapping the real set uses, not from `labels`."""
    expected = bench.real_expected({"kind": "output", "measurable": "yes", "baseline": "no", "deadline": "no"}, has_period=False)
    assert expected[0] == {"outcome", "time-bound"}
    unsure, known = bench.real_expected({"kind": "kpi", "measurable": "unsure", "baseline": "no", "deadline": "yes"}, has_period=True)
    assert unsure == {"kpi"} and "measurable" not in known and "baseline" not in known
    items = bench.items_of("blind")
    assert sum("kpi" in item.expected for item in items) == 61
    assert sum("outcome" in item.expected for item in items) == 156
    assert sum("time-bound" in item.expected for item in items) == 36


def test_labelled_set_keeps_its_own_labels_and_split(bench):
    items = bench.items_of("labelled", ["da"])
    assert {item.part for item in items} == {"tuned", "untouched"}
    assert all(set(item.known) == set(bench.CATEGORIES) for item in items)
