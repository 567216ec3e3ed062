"""Format checks for the eighth blind evaluation set, tests/data/blind8.

What every blind set shares (format, label mapping, periods, sources, labelling passes, wholly English key
results, notes that agree with the labels, a date outside the period, kinds in proportions like real OKR
sets, source names and word 4-grams new to every earlier set, six different periods per language) is
checked in tests/test_blind_set_formats.py; this file checks what this set adds: a `style` on every item
(`typical` or `sheet`) that is its source's style in the README, four `typical` and two `sheet` sources per
language, every kind and both measurable values in both styles, `sheet` cells terser than `typical`
sentences and the only ones written with arrows and comparison signs, wholly English key results only in
`sheet` sources, one or two items with a deadline and relative changes with no start value in every
language, and the README's counts table agreeing with the items. They never run the rubric on the set (its
untouched half, tests/data/split.yaml, is scored by the lead alone) and print no sentence of any set.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import partial
from pathlib import Path
from statistics import mean

import pytest

from tests import blind_sets
from tests.blind_sets import LANGS

DATA = Path(__file__).resolve().parent / "data"
SET_DIR = DATA / "blind8"
STYLES = {"typical": 4, "sheet": 2}
load = partial(blind_sets.load_items, SET_DIR)
# What a spreadsheet cell writes instead of a verb: an arrow from baseline to target, a comparison sign, or a
# signed change (`NPS 31 → 40`, `≥ 95 %`, `<2 d`, `+8 pts`, `−25 %`).
SHEET_SIGN = re.compile(r"[→≥≤<>]|[+−]\s?\d")


@pytest.mark.parametrize("lang", LANGS)
def test_every_item_has_its_sources_style_and_each_language_four_typical_and_two_sheet_sources(lang: str) -> None:
    blind_sets.assert_styles_as_the_readme_says(SET_DIR, lang, STYLES)


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_and_both_measurable_values_occur_in_both_styles(lang: str) -> None:
    blind_sets.assert_every_kind_and_both_measurable_values_in_each_style(SET_DIR, lang, STYLES)


@pytest.mark.parametrize("lang", LANGS)
def test_sheet_cells_are_terser_and_alone_carry_arrows_and_signs(lang: str) -> None:
    words = {style: [len(item["kr"].split()) for item in load(lang) if item["style"] == style] for style in STYLES}
    assert mean(words["sheet"]) < mean(words["typical"]), (lang, mean(words["sheet"]), mean(words["typical"]))
    signed = Counter(item["style"] for item in load(lang) if SHEET_SIGN.search(item["kr"]))
    assert signed["sheet"] >= 6, (lang, signed)
    assert signed["typical"] == 0, (lang, signed)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_wholly_english_key_results_stand_only_in_sheet_sources(lang: str) -> None:
    for where, item in blind_sets.numbered_items(SET_DIR, lang):
        if "written wholly in English" in item.get("note", ""):
            assert item["style"] == "sheet", where


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_one_or_two_deadlines_and_relative_changes_without_a_start(lang: str) -> None:
    items = load(lang)
    assert 1 <= sum(item["guideline"]["deadline"] == "yes" for item in items) <= 2
    relative = [item for item in items if item.get("note", "").startswith("relative change")]
    assert len(relative) >= 3
    assert all(item["guideline"]["baseline"] == "no" for item in relative)


def test_the_readmes_counts_table_agrees_with_the_items() -> None:
    blind_sets.assert_readme_counts_table_agrees(SET_DIR, ("typical", "sheet"))
