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
        ("en", "KR2.3) Explore a partner programme for resellers"),
        ("da", "KR1.2) Undersøg nye prismodeller"),
        ("sv", "OKR3.1 Kartlägg kundresan"),
        ("de", "KR2.1) Kundenbeirat gründen"),
        ("fi", "KR1.4) Selvitetään uusi hinnoittelu"),
        ("hu", "KR3.2) Az új árazás feltérképezése"),
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


@pytest.mark.parametrize(
    "language, text, target",
    [
        ("en", "KR3) Hire 2 support engineers", "2"),
        ("da", "KR1.1) Ansæt 2 supportere", "2"),
        ("sv", "KR2.2) Anställ 3 säljare", "3"),
        ("de", "KR1.3) 4 Pilotkunden gewinnen", "4"),
        ("fi", "KR2.1) Rekrytoidaan 2 myyjää", "2"),
        ("hu", "KR1.2) 3 új értékesítő felvétele", "3"),
    ],
)
def test_a_count_after_a_fused_key_result_label_stays_a_target(language: str, text: str, target: str) -> None:
    assert _facts(language, text).target_number == target


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Grow partner revenue (e.g. 3 new resellers)"),
        ("da", "Styrke partnersalget (fx 3 nye forhandlere)"),
        ("sv", "Stärka partnerförsäljningen (t.ex. 3 nya återförsäljare)"),
        ("de", "Partnerumsatz ausbauen (z. B. 2 neue Reseller)"),
        ("fi", "Kasvatetaan kumppanimyyntiä (esim. 3 uutta jälleenmyyjää)"),
        ("hu", "Partnerértékesítés erősítése (pl. 3 új viszonteladó)"),
        ("en", "Falls per 1,000 bed days on the wards"),
        ("fi", "Kaatumiset 1 000 hoitopäivää kohden"),
        ("hu", "Az 1000 ápolási napra jutó elesések"),
        ("da", "Åbningstid kl. 8-16 i kundeservice"),
        ("de", "Servicezeiten 8–16 Uhr in der Hotline"),
        ("hu", "Az ügyfélszolgálat 8–16 óráig nyitva tart"),
        ("de", "Bauabschnitt 3 fertigstellen"),
        ("en", "Publish the runbook (owner: Team 2)"),
        ("en", "Python 3.12 upgrade finished on the build servers"),
    ],
)
def test_a_number_that_illustrates_counts_against_says_when_or_names_is_no_target(language: str, text: str) -> None:
    assert _facts(language, text).target_number is None


@pytest.mark.parametrize(
    "language, text, target",
    [
        ("en", "Falls per 1,000 bed days down to 2", "2"),
        ("fi", "Käsittelyaika lyhenee 10 viikosta 6 viikkoon", "10"),
        ("en", "Cut handle time to 4:30 min", "4:30"),
        ("en", "Reach 4.25 in the pulse survey", "4.25"),
        ("en", "Raise activation from 31% to 40% (e.g. via onboarding emails)", "31%"),
    ],
)
def test_a_target_beside_them_stays(language: str, text: str, target: str) -> None:
    assert _facts(language, text).target_number == target


@pytest.mark.parametrize(
    "language, text, label, target",
    [
        ("en", "KR1.4) Raise NPS from 31 to 40", "KR1.4", "40"),
        ("da", "KR2.1: Returandel: følges fortløbende", "KR2.1", None),
        ("sv", "OKR3.2) Svarstid under 4 timmar", "OKR3.2", "4"),
        ("de", "KR3.2) Retourenquote: fortlaufend beobachten", "KR3.2", None),
        ("fi", "KR1.2 – Nostetaan NPS 31:stä 40:een", "KR1.2", "40"),
        ("hu", "KR2.3) Az NPS emelése 31-ről 40-re", "KR2.3", "40"),
    ],
)
def test_an_outline_number_on_the_key_result_label_is_a_label(language: str, text: str, label: str, target) -> None:
    masked = _facts(language, text).masked
    start = text.index(label)
    assert not re.search(r"\d", masked[start : start + len(label)])
    if target:
        assert re.search(rf"\b{target}\b", masked)


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "KR1.2) Explore a partnership with the city museum"),
        ("en", "O1 KR3) Draft the new pricing page"),
        ("da", "KR 2: Opret en vagtplan for frivillige"),
        ("sv", "NR1.4 – Utforska ett samarbete med biblioteket"),
        ("de", "- KR2.3) Kooperation mit der Stadtbibliothek prüfen"),
        ("hu", "KE 3: Együttműködés feltérképezése a könyvtárral"),
    ],
)
def test_a_key_results_own_label_is_no_target(language: str, text: str) -> None:
    assert _facts(language, text).target_number is None


@pytest.mark.parametrize(
    "language, text, number",
    [
        ("da", "Kr 500 sparet pr. kunde om måneden", "500"),
        ("sv", "kr 40 lägre kostnad per order", "40"),
        ("da", "KR 2: 500 nye abonnenter", "500"),
    ],
)
def test_an_amount_after_the_currency_or_a_label_stays_a_target(language: str, text: str, number: str) -> None:
    assert _facts(language, text).target_number == number


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Make onboarding better [comment: +1, every week we lose 3 people]"),
        ("da", "Gør onboarding bedre [kommentar: 3 stemmer for]"),
        ("de", "Onboarding verbessern (Anmerkung: 3 Teams betroffen)"),
        ("hu", "Jobb betanítás [megjegyzés: minden héten 3 embert veszítünk]"),
    ],
)
def test_a_reviewers_comment_counts_nothing(language: str, text: str) -> None:
    facts = _facts(language, text)
    assert facts.target_number is None and facts.coverage_quantifier is None


@pytest.mark.parametrize(
    "language, text, number",
    [
        ("en", "Refund claims are handled within 3 months", "3"),
        ("sv", "Återbetalningsärenden hanteras inom 3 månader", "3"),
        ("fi", "Palautushakemukset käsitellään 3 kuukauden kuluessa", "3"),
    ],
)
def test_the_time_each_item_of_a_flow_takes_is_a_threshold(language: str, text: str, number: str) -> None:
    assert _facts(language, text).target_number == number


def test_a_launch_within_a_time_keeps_its_deadline_masked() -> None:
    assert _facts("en", "The new member portal is launched within 6 weeks").target_number is None


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Replace the stage lighting by 15 March 2028"),
        ("en", "Move the docs to Docusaurus by Feb 15"),
        ("en", "Move the docs by March 15, 2028"),
    ],
)
def test_an_english_date_with_a_month_name_is_no_target(language: str, text: str) -> None:
    assert _facts(language, text).target_number is None


@pytest.mark.parametrize(
    "language, text, name",
    [
        ("de", "Qualitätshandbuch nach § 37a SGB V fertigstellen", "37a"),
        ("da", "Færdiggør beredskabsplanen efter §12 i bekendtgørelsen", "12"),
        ("sv", "Slutför registerförteckningen enligt art. 30 GDPR", "30"),
        ("fi", "Omavalvontasuunnitelma valmis asetuksen 1352/2015 mukaisesti", "1352/2015"),
        ("hu", "Beszállítói auditok az IATF 16949 szerint", "16949"),
        ("en", "Bring the gas certificates in line with the 1998 Regulations", "1998"),
    ],
)
def test_a_number_naming_a_law_article_or_standard_is_a_name(language: str, text: str, name: str) -> None:
    facts = _facts(language, text)
    start = text.index(name)
    assert facts.masked[start : start + len(name)].strip() == ""
    assert facts.target_number is None


@pytest.mark.parametrize(
    "language, text, target",
    [
        ("de", "Beschwerden nach § 12 von 40 auf 20 senken", "20"),
        ("en", "Cut complaints under Art. 5 from 40 to 20", "20"),
        ("en", "Sell 1998 tickets for the spring show", "1998"),
    ],
)
def test_a_target_beside_a_legal_reference_stays(language: str, text: str, target: str) -> None:
    assert re.search(rf"\b{target}\b", _facts(language, text).masked)
