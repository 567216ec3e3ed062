"""Format checks for the tenth blind evaluation set, tests/data/blind10.

What every blind set shares (format, label mapping, periods, sources, labelling passes, no wholly English
key results here, notes that agree with the labels, a date outside the period, kinds in proportions like
real OKR sets, source names and word 4-grams new to every earlier set, six different periods per language)
is checked in tests/test_blind_set_formats.py; this file checks what this set adds: a `style` on every item
(`typical` or `assistant`) that is its source's style in the README, four `typical` and two `assistant`
sources per language, every kind and both measurable values in both styles, `assistant` key results that
read like a chat assistant's fluent draft (longer sentences, the only leading bold labels) next to the terse
`typical` ones, one or two items with a deadline and relative changes with no start value in every
language, the README's counts table agreeing with the items, and the set being wholly untouched in
tests/data/split.yaml. They never run the rubric on the set (it is scored by the lead alone) and print no
sentence of any set.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from statistics import mean

import pytest
import yaml

from tests import blind_sets
from tests.blind_sets import LANGS

DATA = Path(__file__).resolve().parent / "data"
SET_DIR = DATA / "blind10"
STYLES = {"typical": 4, "assistant": 2}
load = partial(blind_sets.load_items, SET_DIR)
# A leading bold label, as a chat assistant's Markdown puts it before a key result (`**Orchard tours:** …`).
BOLD_LABEL = re.compile(r"^\*\*[^*]+:\*\* ")
# How much longer, in words on average, an assistant's fluent sentences run than a team's own terse lines.
ASSISTANT_LENGTH_RATIO = 1.4


@pytest.mark.parametrize("lang", LANGS)
def test_every_item_has_its_sources_style_and_each_language_four_typical_and_two_assistant_sources(lang: str) -> None:
    blind_sets.assert_styles_as_the_readme_says(SET_DIR, lang, STYLES)


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_and_both_measurable_values_occur_in_both_styles(lang: str) -> None:
    blind_sets.assert_every_kind_and_both_measurable_values_in_each_style(SET_DIR, lang, STYLES)


@pytest.mark.parametrize("lang", LANGS)
def test_assistant_key_results_read_like_a_fluent_draft_and_typical_ones_do_not(lang: str) -> None:
    items = load(lang)
    words = {style: [len(item["kr"].split()) for item in items if item["style"] == style] for style in STYLES}
    assert mean(words["assistant"]) >= ASSISTANT_LENGTH_RATIO * mean(words["typical"]), (lang, mean(words["assistant"]), mean(words["typical"]))
    labelled = [item["style"] for item in items if BOLD_LABEL.match(item["kr"])]
    assert labelled and set(labelled) == {"assistant"}, (lang, labelled)
    assert not any("**" in item["kr"] for item in items if item["style"] == "typical"), lang


def test_the_bold_label_pattern_tells_a_label_from_emphasis() -> None:
    assert BOLD_LABEL.match("**Employer engagement:** Secure 15 new partners")
    assert not BOLD_LABEL.match("Secure **15** new partners")
    assert not BOLD_LABEL.match("**Secure 15 new partners**")


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_one_or_two_deadlines_and_relative_changes_without_a_start(lang: str) -> None:
    items = load(lang)
    assert 1 <= sum(item["guideline"]["deadline"] == "yes" for item in items) <= 2
    relative = [item for item in items if item.get("note", "").startswith("relative change")]
    assert len(relative) >= 3
    assert all(item["guideline"]["baseline"] == "no" for item in relative)


def test_the_readmes_counts_table_agrees_with_the_items() -> None:
    blind_sets.assert_readme_counts_table_agrees(SET_DIR, ("typical", "assistant"))


def test_the_set_is_wholly_untouched() -> None:
    split = yaml.safe_load((DATA / "split.yaml").read_text(encoding="utf-8"))
    assert split["blind10"] == {"untouched": "all"}
