"""A short objective title in another language than its set is reported as mixed (OKR309): its
evidence is one function word among its opening words ("Win the Nordic market" in a Danish set),
as a title has too few words for the two a sentence needs. A title in the set's language with an
English OKR term after its own head word ("Kortere time to market") is not."""

from __future__ import annotations

import pytest

from okrcoach.linting import verdict_of_text

KEY_RESULTS = {
    "da": "Øg andelen af genkøb fra 18 % til 25 % af alle ordrer inden udgangen af juni",
    "sv": "Öka andelen återkommande köp från 18 % till 25 % av alla ordrar före utgången av juni",
    "de": "Wiederkäufe von 18 % auf 25 % aller Bestellungen bis Ende Juni steigern",
    "fi": "Nostetaan uusintaostojen osuus 18 %:sta 25 %:iin kaikista tilauksista kesäkuun loppuun mennessä",
    "hu": "Az ismételt vásárlások arányát 18 %-ról 25 %-ra növeljük június végéig",
}
OWN_TITLES_WITH_AN_ENGLISH_TERM = {
    "da": ["Kortere time to market", "Bedre customer experience", "Styrk vores go-to-market"],
    "sv": ["Snabbare time to market", "Bättre customer experience"],
    "de": ["Bessere Time to Market", "Mehr Customer Success"],
    "fi": ["Nopeampi time to market", "Parempi customer experience"],
    "hu": ["Gyorsabb time to market", "Jobb customer experience"],
}
ENGLISH_SHORT_TITLES = ["Win the Nordic market", "Delight our customers", "Make customers happy", "Become the market leader"]


def mixed_lines(linter, language: str, titles: list[str]) -> list[int]:
    lines = [f"language: {language}", "objectives:"]
    for title in titles:
        lines += [f"  - title: {title}", "    key_results:", f"      - text: {KEY_RESULTS[language]}"]
    _, report = verdict_of_text("\n".join(lines) + "\n", "team.okr.yaml", linter)
    return [finding.line for finding in report.findings if finding.code == "OKR309"]


@pytest.mark.parametrize("language", KEY_RESULTS)
def test_a_short_english_title_in_another_language_s_set_is_mixed(linter, language):
    assert mixed_lines(linter, language, ENGLISH_SHORT_TITLES) == [3 + 3 * i for i in range(len(ENGLISH_SHORT_TITLES))]


@pytest.mark.parametrize("language", KEY_RESULTS)
def test_a_title_with_one_english_okr_term_is_not_mixed(linter, language):
    assert mixed_lines(linter, language, OWN_TITLES_WITH_AN_ENGLISH_TERM[language]) == []


def test_a_short_title_in_the_set_s_language_is_not_mixed(linter):
    lines = ["language: en", "objectives:", "  - title: Win the Nordic market", "    key_results:", "      - text: Raise repeat purchases from 18% to 25% of all orders by June"]
    _, report = verdict_of_text("\n".join(lines) + "\n", "team.okr.yaml", linter)
    assert [f for f in report.findings if f.code == "OKR309"] == []
