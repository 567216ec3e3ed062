"""Format checks for the second blind evaluation set, tests/data/blind2.

What every blind set shares (format, label mapping, periods, sources, labelling passes) is checked
in tests/test_blind_set_formats.py; this file checks what this set adds: its wholly English key
results. They never run the rubric on the set.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from tests import blind_sets
from tests.blind_sets import LANGS

SET_DIR = Path(__file__).resolve().parent / "data" / "blind2"
load = partial(blind_sets.load_items, SET_DIR)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_other_languages_hold_key_results_written_wholly_in_english(lang: str) -> None:
    notes = [item.get("note", "") for item in load(lang)]
    assert 3 <= sum("written wholly in English" in note for note in notes) <= 4
