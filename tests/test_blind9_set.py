"""Format checks for the ninth blind evaluation set, tests/data/blind9.

What every blind set shares (format, label mapping, periods, sources, labelling passes, no wholly English
key results here, notes that agree with the labels, a date outside the period, kinds in proportions like
real OKR sets, source names and word 4-grams new to every earlier set, six different periods per language)
is checked in tests/test_blind_set_formats.py; this file checks what this set adds: a `style` on every item
(`typical` or `page`) that is its source's style in the README, four `typical` and two `page` sources per
language, every kind and both measurable values in both styles, `page` key results that each carry what a
Notion, Confluence or Jira page puts around a key result (an owner, a status, a due date, a ticket or page
reference, a progress note) while `typical` ones carry none of it, one or two items with a deadline and
relative changes with no start value in every language, and the README's counts table agreeing with the
items. They never run the rubric on the set (its untouched half, tests/data/split.yaml, is scored by the
lead alone) and print no sentence of any set.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import partial
from pathlib import Path

import pytest

from tests import blind_sets
from tests.blind_sets import LANGS

DATA = Path(__file__).resolve().parent / "data"
SET_DIR = DATA / "blind9"
STYLES = {"typical": 4, "page": 2}
load = partial(blind_sets.load_items, SET_DIR)
# What a copied or exported page puts around a key result, one alternative per kind: an owner mention
# (`@Anna`, `Owner: Tom`, `(Ansvarlig: Line)`), a status emoji or bracketed status word (`🟢`, `[at risk]`),
# a ticket id (`PROJ-123`), a page or dashboard reference (`see …`, `siehe Dashboard`), a due-date suffix
# (`– due 15/7`, `fällig 15.10.`) and a progress note (`(currently 130)`, `(pt. 9 lukket)`, `(4/6 online)`).
OWNER = r"@\w|\b(Owner|Ansvarlig|Ejer|Ägare|Ansvarig|Vastuu|Omistaja|Felelős):"
STATUS = r"[🟢🟡🔴✅]|\[[^\]]+\]"
TICKET = r"\b[A-Z]{2,5}-\d+\b"
REFERENCE = r"\b(see|se|siehe|lásd)\b|\(dashboard|\(Matomo\)|\(Metabase\)|Shopify\)"
DUE = r"\b(due|deadline|klar|fällig|eräpäivä|határidő):? \d"
PROGRESS = r"\((currently|pt\.|just nu|hittills|Stand:|tähän mennessä|jelenleg) |\(\d+(/| of )\d+\b"
PAGE_FURNITURE = {name: re.compile(pattern) for name, pattern in {"owner": OWNER, "status": STATUS, "ticket": TICKET, "reference": REFERENCE, "due date": DUE, "progress": PROGRESS}.items()}


def furniture(text: str) -> set[str]:
    """The kinds of page furniture a key result's text carries."""
    return {name for name, pattern in PAGE_FURNITURE.items() if pattern.search(text)}


@pytest.mark.parametrize("lang", LANGS)
def test_every_item_has_its_sources_style_and_each_language_four_typical_and_two_page_sources(lang: str) -> None:
    blind_sets.assert_styles_as_the_readme_says(SET_DIR, lang, STYLES)


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_and_both_measurable_values_occur_in_both_styles(lang: str) -> None:
    blind_sets.assert_every_kind_and_both_measurable_values_in_each_style(SET_DIR, lang, STYLES)


@pytest.mark.parametrize("lang", LANGS)
def test_page_key_results_carry_page_furniture_and_typical_ones_none(lang: str) -> None:
    seen: Counter = Counter()
    for where, item in blind_sets.numbered_items(SET_DIR, lang):
        found = furniture(item["kr"])
        if item["style"] == "page":
            assert 1 <= len(found) <= 3, (where, sorted(found))
            seen.update(found)
        else:
            assert not found, (where, sorted(found))
    # varied: at least four of the six kinds of furniture in every language's page sources
    assert len(seen) >= 4, (lang, seen)


def test_the_page_furniture_patterns_tell_a_page_from_a_plain_key_result() -> None:
    assert furniture("Grow sales from 10 to 12 @Ann 🟢") == {"owner", "status"}
    assert furniture("Ship the form – OPS-12 [blocked]") == {"ticket", "status"}
    assert furniture("Sell 40 boxes (currently 13) – due 30/6") == {"progress", "due date"}
    assert furniture("Kunden-Zufriedenheit (siehe Dashboard)") == {"reference"}
    assert furniture("Raise the win rate from 22% to 35% by 31 March") == set()
    assert furniture("Let 95% of rooms for the 2028/29 year") == set()


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_one_or_two_deadlines_and_relative_changes_without_a_start(lang: str) -> None:
    items = load(lang)
    assert 1 <= sum(item["guideline"]["deadline"] == "yes" for item in items) <= 2
    relative = [item for item in items if item.get("note", "").startswith("relative change")]
    assert len(relative) >= 3
    assert all(item["guideline"]["baseline"] == "no" for item in relative)


def test_the_readmes_counts_table_agrees_with_the_items() -> None:
    blind_sets.assert_readme_counts_table_agrees(SET_DIR, ("typical", "page"))
