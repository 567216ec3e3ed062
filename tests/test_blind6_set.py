"""Format checks for the sixth blind evaluation set, tests/data/blind6.

What every blind set shares (format, label mapping, periods, sources, labelling passes, wholly English key
results, notes that agree with the labels, a date outside the period, kinds in proportions like real OKR
sets, source names and word 4-grams new to every earlier set, six different periods per language) is
checked in tests/test_blind_set_formats.py; this file checks what this set adds: a `style` on every item
(`typical` or `novel`) that is its source's style in the README and three sources of each style per
language, the ways of writing the README lists for its `novel` sources in the languages it names (and in
no `typical` item), and those habits absent from the five earlier READMEs. They never run the rubric on
the set (it is wholly untouched, tests/data/split.yaml, and scored by the lead alone) and print no
sentence of any set.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest

from tests import blind_sets
from tests.blind_sets import LANGS

DATA = Path(__file__).resolve().parent / "data"
SET_DIR = DATA / "blind6"
EARLIER = ("blind", "blind2", "blind3", "blind4", "blind5")
load = partial(blind_sets.load_items, SET_DIR)

# The README's promise for the `novel` sources: each habit, the languages it is written in, and a pattern
# matched against objective and key result. None of them occurs in a `typical` item.
NOVEL_HABITS = {
    "key result as a question": (("da", "de", "hu"), r"\?$"),
    "footnote markers": (("en", "fi", "hu"), r"(?<!m)[¹²³]|\[\d\]"),
    "broken hyphenation pasted from a PDF": (("en", "sv", "fi"), r"[a-zäöåæø]- [a-zäöåæø]"),
    "quarters in Roman numerals": (("sv", "de", "fi", "hu"), r"\bkv\. I{1,3}V?\b|\b(I{1,3}|IV)\. (Quartal|negyedév)|\bI{1,3} neljännek"),
    "English period abbreviations (QoQ, MoM, YoY)": (("en", "da", "fi", "hu"), r"\b(QoQ|MoM|YoY)(?![A-Za-z])"),
    "targets revised in strikethrough": (("da",), r"~~[^~]+~~"),
    "hashtags": (("da",), r"(^|\s)#\w"),
    "thousands separated by an apostrophe": (("de",), r"\d'\d{3}\b"),
    "comparison signs": (("en", "de"), r"[≥≤]"),
    "issue-tracker export fields (YouTrack)": (("en",), r"\bState: \w+ Priority: \w+ Assignee: "),
    "board export columns (Monday.com)": (("sv",), r"\| Timeline: "),
    "note tags (OneNote)": (("de",), r"^(☐ Aufgabe|⭐ Wichtig|❓ Frage):"),
}
# Dictated sources: every objective and key result starts in lower case and has no full stop, comma or colon
# (names and abbreviations keep their capitals, as dictation apps write them).
DICTATED = {"en-uni-it-servicedesk", "sv-bowlinghall", "fi-poronhoito", "hu-gabonatarolo"}
# Words naming the novel habits that no earlier README uses.
NEW_IN_README = ("YouTrack", "Monday.com", "OneNote", "Workplace", "~~", "¹", "QoQ", "MoM", "YoY", "dictat", "hyphenation", "Roman")


@pytest.mark.parametrize("lang", LANGS)
def test_every_item_has_its_sources_style_and_each_language_three_sources_of_each(lang: str) -> None:
    blind_sets.assert_styles_as_the_readme_says(SET_DIR, lang, {"typical": 3, "novel": 3})


@pytest.mark.parametrize("habit", sorted(NOVEL_HABITS))
def test_novel_habits_are_written_where_the_readme_says_and_never_in_typical_items(habit: str) -> None:
    languages, pattern = NOVEL_HABITS[habit]
    regex = re.compile(pattern, re.MULTILINE)
    for lang in LANGS:
        items = load(lang)
        hits = [item for item in items if regex.search(item["kr"]) or regex.search(item["objective"])]
        assert all(item["style"] == "novel" for item in hits), (lang, habit)
        assert bool(hits) == (lang in languages), (lang, habit)


def test_dictated_sources_are_lower_case_without_punctuation() -> None:
    seen = set()
    for lang in LANGS:
        for where, item in blind_sets.numbered_items(SET_DIR, lang):
            if item["source"] in DICTATED:
                seen.add(item["source"])
                for text in (item["objective"], item["kr"]):
                    assert not text[0].isupper() and not re.search(r"[.,:;]\s|[.,:;]$", text), where
    assert seen == DICTATED


def test_the_novel_habits_are_new_to_the_earlier_readmes() -> None:
    for earlier in EARLIER:
        text = (DATA / earlier / "README.md").read_text(encoding="utf-8")
        assert not [word for word in NEW_IN_README if word in text], earlier
