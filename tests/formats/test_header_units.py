"""A column header that names its cells' unit (`Target %`, `Baseline (%)`, `Zielwert [€]`) gives
that unit to cells written without one: `12` under `Target %` reads 12 %, in CSV and Markdown
tables, and a check-in writes into such a column."""

from __future__ import annotations

import pytest

from okrcoach.checkin import record_checkin
from okrcoach.formats import read_text
from okrcoach.formats.vocabulary import cell_with_unit, header_column
from okrcoach.model import Checkin


@pytest.mark.parametrize(
    "header, field, unit",
    [
        ("Target %", "target", "%"),
        ("Target (%)", "target", "%"),
        ("Baseline [%]", "baseline", "%"),
        ("Zielwert (€)", "target", "€"),
        ("Mål værdi %", "target", "%"),
        ("Current (days)", "current", "days"),
        ("Target", "target", None),
        ("Owner", "owner", None),
    ],
)
def test_a_header_names_its_field_and_its_unit(header, field, unit):
    target, got_unit = header_column(header)
    assert (target[1], got_unit) == (field, unit)


def test_a_header_no_reader_knows_stays_unknown():
    assert header_column("Favourite colour (%)") == (None, None)


@pytest.mark.parametrize("cell, unit, want", [("12", "%", "12 %"), ("12 %", "%", "12 %"), ("12,5", "%", "12,5 %"), ("12 €", "%", "12 €"), ("", "%", ""), ("12", None, "12"), ("n/a", "%", "n/a")])
def test_only_a_number_without_its_own_unit_takes_the_headers(cell, unit, want):
    assert cell_with_unit(cell, unit) == want


CSV = "Objective,Key result,Baseline %,Target %\nBecome the first choice for webshops,Raise conversion rate by Q2 2027,8,12\n"


def test_a_percent_column_without_units_in_its_cells_reads_percent():
    result = read_text(CSV, "s.okr.csv", "csv")
    assert result.issues == []
    kr = result.okr_set.objectives[0].key_results[0]
    assert (kr.baseline, kr.target, kr.unit) == (8, 12, "%")


def test_a_percent_column_in_a_markdown_table():
    text = "| Objective | Key result | Target (%) |\n|---|---|---|\n| Become the first choice for webshops | Raise conversion rate by Q2 2027 | 12 |\n"
    result = read_text(text, "s.okr.md", "md")
    assert result.issues == []
    kr = result.okr_set.objectives[0].key_results[0]
    assert (kr.target, kr.unit) == (12, "%")


def test_a_checkin_writes_into_a_current_column_that_names_its_unit():
    text = CSV.replace("Target %\n", "Target %,Current %\n").replace(",8,12\n", ",8,12,9\n")
    edited = record_checkin(text, "csv", 0, 0, Checkin.model_validate({"date": "2027-02-01", "value": 10}))
    assert edited.text.splitlines()[0] == "Objective,Key result,Baseline %,Target %,Current %,Checkin Date"
    assert edited.text.splitlines()[1].endswith(",8,12,10,2027-02-01")
    kr = read_text(edited.text, "s.okr.csv", "csv").okr_set.objectives[0].key_results[0]
    assert (kr.current, kr.unit) == (10, "%")
