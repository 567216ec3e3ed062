"""Progress of a key result whose baseline and target are only in its text (`fra 78 % til 88 %`):
read as lint reads the text, in each of the six languages; a field always wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrcoach import progress as p
from okrcoach.cli import main
from okrcoach.model import KeyResult

STATED = [
    ("en", "Raise customer satisfaction from 78 % to 88 %"),
    ("da", "Hæv andelen af tilfredse kunder fra 78 % til 88 %"),
    ("sv", "Höj andelen nöjda kunder från 78 % till 88 %"),
    ("de", "Kundenzufriedenheit von 78 % auf 88 % steigern"),
    ("fi", "Nostetaan asiakastyytyväisyys 78 prosentista 88 prosenttiin"),
    ("hu", "Az elégedett ügyfelek arányának növelése 78 %-ról 88 %-ra"),
]


@pytest.mark.parametrize(("language", "text"), STATED)
def test_a_from_to_in_the_text_gives_progress_when_the_fields_are_empty(language, text):
    got = p.key_result_progress(KeyResult(text=text, current=83), language=language)
    assert got.progress == pytest.approx(0.5) and got.direction == "increase"
    assert p.key_result_progress(KeyResult(text=text, current=83)).progress == pytest.approx(0.5)  # language unknown


APART = [
    ("en", "88 % of customers are satisfied (today 78 %)"),
    ("en", "Raise satisfied customers to 88 %, up from 78 %"),
    ("da", "88 % af kunderne er tilfredse (i dag 78 %)"),
    ("sv", "Höj andelen nöjda kunder till 88 % (idag 78 %)"),
    ("de", "88 % der Kunden sind zufrieden (heute 78 %)"),
    ("fi", "88 % asiakkaista on tyytyväisiä (nyt 78 %)"),
    ("hu", "Az ügyfelek 88%-a elégedett (jelenleg 78%)"),
]


@pytest.mark.parametrize(("language", "text"), APART)
def test_a_baseline_stated_apart_from_the_target_gives_progress(language, text):
    """A baseline in brackets or after "up from" belongs to the target written before it."""
    got = p.key_result_progress(KeyResult(text=text, current=83), language=language)
    assert got.progress == pytest.approx(0.5) and got.direction == "increase"


def test_a_baseline_apart_in_thousands_is_not_guessed():
    assert p.key_result_progress(KeyResult(text="Reach 140k users (today 100k)", current=110)).progress is None


def test_a_decrease_in_the_text_counts_the_way_down():
    got = p.key_result_progress(KeyResult(text="Sænk churn fra 3,5 % til 2,5 %", current=3))
    assert got.direction == "decrease" and got.progress == pytest.approx(0.5)


def test_fields_win_over_the_text_and_a_text_without_both_numbers_stays_unknown():
    assert p.key_result_progress(KeyResult(text="Raise NPS from 31 to 45", baseline=30, target=50, current=40)).progress == pytest.approx(0.5)
    assert p.key_result_progress(KeyResult(text="Raise NPS from 31 to 45", target=51, current=41)).progress == pytest.approx(0.5)
    unknown = p.key_result_progress(KeyResult(text="Win 15 new customers in Jutland", current=4))
    assert unknown.progress is None and unknown.missing == "target"


@pytest.mark.parametrize("text", ["Raise MRR from 100k to 140k", "Grow pipeline from €1.2M to €2M", "Øg omsætningen fra 12 mio. kr. til 15 mio. kr."])
def test_thousands_and_millions_in_the_text_are_not_guessed(text):
    """A value of 110 or 110000 could both be meant; okrcoach never guesses a baseline."""
    assert p.key_result_progress(KeyResult(text=text, current=110)).progress is None


def test_status_of_a_danish_sheet_measures_the_key_results_its_text_states(tmp_path: Path, capsys, monkeypatch):
    sheet = tmp_path / "salg.okr.csv"
    sheet.write_bytes(
        "\ufeffMål;Nøgleresultat;Ansvarlig;Aktuel;Periode\r\n"
        "Gladere kunder;Hæv andelen af tilfredse kunder fra 78 % til 88 %;Mette;83 %;2027-Q1\r\n"
        "Gladere kunder;Vind 15 nye kunder i Jylland;Jonas;4;2027-Q1\r\n".encode("utf-8")
    )
    monkeypatch.chdir(tmp_path)
    main(["status", "salg.okr.csv", "--at", "2027-02-15"])
    out = capsys.readouterr().out
    first = next(line for line in out.splitlines() if "KR1" in line)
    assert "50 %" in first and "intet mål" not in first
    second = next(line for line in out.splitlines() if "KR2" in line)
    assert "intet mål" in second, "a Danish sheet's status speaks Danish"


BESIDE_A_QUALIFIER = [
    ("en", "Reach 40 % activation in 12 markets (today 31 %)"),
    ("da", "Nå 40 % aktivering i 12 markeder (i dag 31 %)"),
    ("sv", "Nå 40 % aktivering på 12 marknader (idag 31 %)"),
    ("de", "40 % Aktivierung in 12 Märkten erreichen (heute 31 %)"),
    ("fi", "40 % aktivointi 12 markkinalla (nyt 31 %)"),
    ("hu", "40% aktiválás 12 piacon (jelenleg 31%)"),
]


@pytest.mark.parametrize(("language", "text"), BESIDE_A_QUALIFIER)
def test_a_baseline_apart_pairs_with_the_target_in_its_unit_not_the_nearest_number(language, text):
    """`(today 31 %)` is the starting value of the `40 %`, not of the `12` markets between them."""
    got = p.key_result_progress(KeyResult(text=text, current=35.5), language=language)
    assert got.progress == pytest.approx(0.5), p.text_range(text, language)


def test_a_baseline_apart_with_several_numbers_before_it_and_none_in_its_unit_is_not_guessed():
    """`(Q1: 14)` after "25 new customers with more than 50 employees": 25 or 50 could be the
    target, and a wrong one gives a wrong progress (17 % where 55 % is meant)."""
    got = p.key_result_progress(KeyResult(text="Win 25 new customers with more than 50 employees (Q1: 14)", current=20))
    assert got.progress is None
