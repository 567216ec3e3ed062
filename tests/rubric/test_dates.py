"""Dates written in free text are read in each language's own words."""

from __future__ import annotations

import pytest

from okrcoach.paths import bundled_dir
from okrcoach.rubric import load_rubric

RUBRIC = load_rubric(bundled_dir("rubrics"))


def _read(language: str, text: str) -> list[tuple[int, int, object, object]]:
    lexicon = RUBRIC.lexicons[language]
    found = lexicon.date_reader().read(text.lower(), lambda word: bool(lexicon.match_at("time_prepositions", word, 0)))
    return [(d.start_month, d.end_month, d.year, d.day) for d in found]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "by 31 December 2027", [(12, 12, 2027, 31)]),
        ("en", "by December 31, 2027", [(12, 12, 2027, 31)]),
        ("en", "by Dec. 2027", [(12, 12, 2027, None)]),
        ("en", "by the end of 2027", [(12, 12, 2027, 31)]),
        ("en", "by the end of the year", [(12, 12, None, 31)]),
        ("en", "in Q3", [(7, 9, None, None)]),
        ("en", "in H2 2027", [(7, 12, 2027, None)]),
        ("en", "in the third quarter", [(7, 9, None, None)]),
        ("en", "we may launch in the spring", []),
        ("en", "first response time under 4 hours", []),
        ("da", "senest 31. december 2027", [(12, 12, 2027, 31)]),
        ("da", "inden udgangen af året", [(12, 12, None, 31)]),
        ("da", "i 3. kvartal", [(7, 9, None, None)]),
        ("da", "i andet halvår", [(7, 12, None, None)]),
        ("sv", "senast 31 december 2027", [(12, 12, 2027, 31)]),
        ("sv", "under tredje kvartalet", [(7, 9, None, None)]),
        ("sv", "vid slutet av 2027", [(12, 12, 2027, 31)]),
        ("de", "bis 31. Dezember 2027", [(12, 12, 2027, 31)]),
        ("de", "bis Ende 2027", [(12, 12, 2027, 31)]),
        ("de", "im zweiten Halbjahr 2027", [(7, 12, 2027, None)]),
        ("fi", "31. joulukuuta 2027 mennessä", [(12, 12, 2027, 31)]),
        ("fi", "vuoden 2027 loppuun mennessä", [(12, 12, 2027, 31)]),
        ("fi", "kolmannella neljänneksellä", [(7, 9, None, None)]),
        ("fi", "joulukuussa", [(12, 12, None, None)]),
        ("hu", "2027. december 31-ig", [(12, 12, 2027, 31)]),
        ("hu", "2027 végéig", [(12, 12, 2027, 31)]),
        ("hu", "a harmadik negyedévben", [(7, 9, None, None)]),
        ("hu", "decemberig", [(12, 12, None, None)]),
    ],
)
def test_dates_are_read_in_their_language(language, text, expected):
    assert _read(language, text) == expected
