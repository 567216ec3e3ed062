"""Numbers that are no target: what the mask blanks before a key result's target is looked for.

Each case is a sentence of our own; the fact `target_number` is what a key result's measurable
check reads, so a blanked number leaves a task with no target (OKR201) and a kept one scores it.
"""

from __future__ import annotations

import re

import pytest

from okrcoach.model import KeyResult
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric
from okrcoach.rubric.analysis import KeyResultFacts

_LINTER = Linter(load_rubric(bundled_dir("rubrics")))


def _facts(language: str, text: str) -> KeyResultFacts:
    return KeyResultFacts(KeyResult(text=text), None, None, _LINTER.lexicon_for(language))


@pytest.mark.parametrize(
    "language, text, key",
    [
        ("en", "WMS-433 Investigate the picking errors", "WMS-433"),
        ("en", "Close the epic after OPS-12 and OPS-14 ship", "OPS-12"),
        ("da", "- [ ] drift-88: Flyt byggeagenterne", "drift-88"),
        ("de", "[x] BETR–12 Build-Agenten umziehen", "BETR–12"),
        ("fi", "☑ Ops-7 Siirretään palvelin", "Ops-7"),
    ],
)
def test_an_issue_key_is_a_name(language: str, text: str, key: str) -> None:
    facts = _facts(language, text)
    start = text.index(key)
    assert facts.masked[start : start + len(key)].strip() == ""


@pytest.mark.parametrize(
    "language, text, number",
    [
        ("en", "Top-5 in the app store ranking for our category", "5"),
        ("en", "Raise the share of Covid-19 vaccinated staff from 60 % to 80 %", "80"),
    ],
)
def test_what_only_looks_like_an_issue_key_keeps_its_number(language: str, text: str, number: str) -> None:
    assert re.search(rf"\b{number}\b", _facts(language, text).masked)


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "2.3 Prepare the tender documents"),
        ("en", "- [ ] 1.4.2 Move the wiki"),
        ("da", "3) Flyt wikien til Confluence"),
        ("de", "2.1. Prozesse dokumentieren"),
        ("fi", "1.2 Selvitetään vaihtoehdot"),
        ("hu", "3.3 Áttérés az új rendszerre"),
        ("sv", "2.4 – Byt leverantör"),
    ],
)
def test_an_outline_number_opening_the_text_is_its_place(language: str, text: str) -> None:
    assert _facts(language, text).target_number is None


@pytest.mark.parametrize(
    "language, text, target",
    [
        ("en", "2.2 million new readers", "2.2"),
        ("en", "1.5 days from order to delivery", "1.5"),
        ("en", "2.5 releases a month", "2.5"),
        ("de", "2.5 Mio. Umsatz im Onlineshop", "2.5"),
        ("fi", "2.5 miljoonaa sivunkatselua", "2.5"),
        ("da", "3 nye kunder i Jylland", "3"),
    ],
)
def test_a_decimal_or_count_opening_the_text_stays_a_target(language: str, text: str, target: str) -> None:
    assert _facts(language, text).target_number == target
