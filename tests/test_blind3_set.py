"""Format checks for the third blind evaluation set, tests/data/blind3.

What every blind set shares (format, label mapping, periods, sources, labelling passes) is checked
in tests/test_blind_set_formats.py; this file checks what this set promises beyond it: that the
notes the README promises (relative changes, counts of new things, dates outside the period,
adjudications) agree with the labels, its share of outcomes, and its sources being new. They
never run the rubric on the set (its untouched half, tests/data/split.yaml, is scored by the bench
alone).
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path

import pytest

from tests import blind_sets
from tests.blind_sets import ITEMS_PER_LANG, LANGS

SET_DIR = Path(__file__).resolve().parent / "data" / "blind3"
load = partial(blind_sets.load_items, SET_DIR)
readme_sources = partial(blind_sets.readme_sources, SET_DIR)
read_pass = partial(blind_sets.read_pass, SET_DIR)


def test_no_source_name_repeats_an_earlier_blind_set() -> None:
    earlier = blind_sets.readme_sources(SET_DIR.parent / "blind2")
    assert earlier, "the blind2 README's source table is expected"
    assert not set(readme_sources()) & set(earlier)


@pytest.mark.parametrize("lang", LANGS)
def test_outcomes_are_under_half_of_each_language_as_in_real_okr_sets(lang: str) -> None:
    kinds = Counter(item["guideline"]["kind"] for item in load(lang))
    assert kinds["outcome"] < ITEMS_PER_LANG / 2
