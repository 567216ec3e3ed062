"""Format checks for the fifth blind evaluation set, tests/data/blind5.

What every blind set shares (format, label mapping, periods, sources, labelling passes, wholly English key
results, notes that agree with the labels, kinds in proportions like real OKR sets, a date outside the period,
source names and word 4-grams new to every earlier set, six different periods per language) is checked in
tests/test_blind_set_formats.py; this file checks what this set promises beyond it: the ways of writing
numbers and dates its README lists, in every language. They never run the rubric on the set (its untouched half,
tests/data/split.yaml, is scored by the bench alone) and print no sentence of any set.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest

from tests import blind_sets
from tests.blind_sets import LANGS

DATA = Path(__file__).resolve().parent / "data"
SET_DIR = DATA / "blind5"
load = partial(blind_sets.load_items, SET_DIR)

# The README's promise: in every language at least one key result writes a change in percentage points, a
# multiplier or fraction, a score or rank, a date as a week number, ISO date or day/month, and a first-person
# sentence. One pattern per habit and language, matched against objective and key result.
HABITS = {
    "percentage points": {
        "en": r"\bpp\b",
        "da": r"procentpoint",
        "sv": r"procentenheter",
        "de": r"Prozentpunkt",
        "fi": r"prosenttiyksik",
        "hu": r"százalékpont",
    },
    "multiplier or fraction": {
        "en": r"\b(double|halve|2x|two thirds|3 of 4)\b",
        "da": r"fordoble|halver|\b\d+ af \d+\b",
        "sv": r"fördubbl|halvera|\b2x\b|tredjedel|\b3 av 4\b",
        "de": r"verdoppeln|Drittel",
        "fi": r"puolite|kaksinkertai|kolmannes",
        "hu": r"felére|kétszeres|\b3/4\b",
    },
    "score or rank": {
        "en": r"\d/5\b|out of 10|\btop \d",
        "da": r"\d/5\b|\bnr\. 1\b",
        "sv": r"\btopp \d|\d:a\b",
        "de": r"\bPlatz \d|\d/10\b",
        "fi": r"\d/5\b|\bTop \d",
        "hu": r"\d/5\b|\btop \d",
    },
    "week number or ISO or day/month date": {
        "en": r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}\b",
        "da": r"\buge \d+|\b\d{1,2}/\d{1,2}\b",
        "sv": r"\bv\. \d+|\b\d{4}-\d\d-\d\d\b",
        "de": r"\bKW \d+|\b\d{1,2}\.\d{1,2}\.",
        "fi": r"\bvko \d+|viikolla \d+",
        "hu": r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}\b",
    },
    "first-person sentence": {
        "en": r"^We (will|want|aim)\b",
        "da": r"^Vi vil\b",
        "sv": r"^Vi ska\b",
        "de": r"^Wir (wollen|überarbeiten)\b",
        "fi": r"^(Me|Avaamme)\b",
        "hu": r"^(Szeretnénk|Mi)\b",
    },
}


@pytest.mark.parametrize("habit", sorted(HABITS))
@pytest.mark.parametrize("lang", LANGS)
def test_every_language_writes_the_habits_the_readme_lists(lang: str, habit: str) -> None:
    pattern = re.compile(HABITS[habit][lang], re.IGNORECASE | re.MULTILINE)
    assert any(pattern.search(item["kr"]) or pattern.search(item["objective"]) for item in load(lang)), (lang, habit)
