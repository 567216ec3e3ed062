"""Format checks for the seventh blind evaluation set, tests/data/blind7.

What every blind set shares (format, label mapping, periods, sources, labelling passes, wholly English key
results, notes that agree with the labels, a date outside the period, kinds in proportions like real OKR
sets, source names and word 4-grams new to every earlier set, six different periods per language) is
checked in tests/test_blind_set_formats.py; this file checks what this set adds: a `style` on every item
(`typical` or `mixed`) that is its source's style in the README, four `typical` and two `mixed` sources per
language, English terms in every `mixed` source of the other languages and decimal commas in the English
`mixed` sources (written by non-native speakers) but not in the `typical` ones, wholly English key results
only in `mixed` sources, and the README's counts table agreeing with the items. They never run the rubric on
the set (its untouched half, tests/data/split.yaml, is scored by the lead alone) and print no sentence of
any set.
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
SET_DIR = DATA / "blind7"
STYLES = {"typical": 4, "mixed": 2}
load = partial(blind_sets.load_items, SET_DIR)
# English OKR and business terms as teams that mix languages write them (also inflected: `trackes`,
# `onboarden`, `Launchataan`, `launcholunk`); a `mixed` source of another language holds them in most items.
ENGLISH_TERM = re.compile(
    r"(?i)\b(conversion|churn|onboard\w*|go-live|live|pipeline|leads?|NPS|CAC|GMV|OEE|PPM|KPI|rate|track\w*|"
    r"hire\w*|release\w*|launch\w*|retention|uptime|support|sales|seller|marketplace|connector\w*|case studies|"
    r"freelancer|rigging|crew|shows?|downloads|sponsorship|listeners|membership|pricing|clinics|events?|"
    r"organizer\w*|testing|queue|flow|value|supplier|quality|engineer|premium|freight|reports?|bundle|"
    r"remote|diagnostics|customer|delivery|traffic|organic|booking|landing page|turnaround|incident|fix|content\w*|mobile\w*|DAU|MAU|"
    r"employee experience|field|product owner|data analysts?|response time|win|qualified|time-to-staff)\b"
)
# A decimal comma (`4,5 %`, `2,1`), as German- and Finnish-English writers put it; never a thousands comma.
DECIMAL_COMMA = re.compile(r"\d,\d{1,2}(?!\d)")


def by_source(lang: str) -> dict[str, list[dict]]:
    sources: dict[str, list[dict]] = {}
    for item in load(lang):
        sources.setdefault(item["source"], []).append(item)
    return sources


@pytest.mark.parametrize("lang", LANGS)
def test_every_item_has_its_sources_style_and_each_language_four_typical_and_two_mixed_sources(lang: str) -> None:
    blind_sets.assert_styles_as_the_readme_says(SET_DIR, lang, STYLES)


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_occurs_in_both_styles(lang: str) -> None:
    kinds = {style: Counter() for style in STYLES}
    for item in load(lang):
        kinds[item["style"]][item["guideline"]["kind"]] += 1
    for style, counted in kinds.items():
        assert all(counted[kind] for kind in ("outcome", "output", "activity", "kpi")), (lang, style)
        assert {"yes", "no"} <= {item["guideline"]["measurable"] for item in load(lang) if item["style"] == style}


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_mixed_sources_hold_english_terms_in_most_items(lang: str) -> None:
    for source, items in by_source(lang).items():
        with_terms = sum(bool(ENGLISH_TERM.search(item["kr"])) for item in items)
        if items[0]["style"] == "mixed":
            assert with_terms >= 6, (source, with_terms)


def test_english_mixed_sources_write_decimal_commas_and_typical_ones_do_not() -> None:
    for source, items in by_source("en").items():
        commas = sum(bool(DECIMAL_COMMA.search(item["kr"])) for item in items)
        if items[0]["style"] == "mixed":
            assert commas >= 1, source
        else:
            assert commas == 0, source


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_wholly_english_key_results_stand_only_in_mixed_sources(lang: str) -> None:
    for where, item in blind_sets.numbered_items(SET_DIR, lang):
        if "written wholly in English" in item.get("note", ""):
            assert item["style"] == "mixed", where


def test_the_readmes_counts_table_agrees_with_the_items() -> None:
    blind_sets.assert_readme_counts_table_agrees(SET_DIR, ("typical", "mixed"))
