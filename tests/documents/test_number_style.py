"""A number okrcoach writes into a file follows the number style the file already uses.

Every writer of a number into an existing file (a check-in from the CLI, a field edit in the TUI,
an `improve` result saved in place) writes `14.000` into a sheet of `12.000`, `14 000` beside
`12 000`, `4,6` into a table of `4,1` and `60%` into a column of `99,5%`; a file that shows no
style gets today's `14000` and `4.6`; a YAML number stays a YAML number. What is written reads
back as the value that was meant.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrcoach.checkin import record_checkin
from okrcoach.cli import main
from okrcoach.document import OkrDocument
from okrcoach.documents import save
from okrcoach.documents.numstyle import NumberStyle, number_forms, style_at
from okrcoach.formats import read_text
from okrcoach.model import Checkin

DANISH_SHEET = "Mål;Nøgleresultat;Udgangspunkt;Målværdi;Aktuel\r\nFlere kunder;Øg antallet af kunder fra 10.000 til 20.000;10.000;20.000;12.000\r\nGladere kunder;Hæv NPS fra 31 til 45;31;45;\r\n"

FINNISH_SHEET = "Tavoite;Avaintulos;Lähtötaso;Tavoitearvo;Nykyinen\nAsiakkaat;Kasvata tilauksia 10 000:sta 20 000:een;10 000;20 000;12 000\n"

NARROW_SHEET = FINNISH_SHEET.replace("10 000;20 000;12 000", "10\u202f000;20\u202f000;12\u202f000")

GERMAN_TABLE = """\
# Vertrieb Q1 2027

## Ziel 1: Kunden lieben uns

| Schlüsselergebnis | Ausgangswert | Zielwert | Aktuell |
|---|---|---|---|
| CSAT von 3,8 auf 4,5 steigern | 3,8 | 4,5 | 4,1 |
| Tickets pro Woche senken | 40 | 20 | 35 |
"""

GERMAN_LIST = """\
# Vertrieb Q1 2027

## Ziel 1: Kunden lieben uns

- KR1: Umsatz von 10.000 auf 20.000 steigern
  - Ausgangswert: 10.000
  - Zielwert: 20.000
  - Aktuell: 12.000
- KR2: CSAT von 3,8 auf 4,5 steigern
  - Ausgangswert: 3,8
  - Zielwert: 4,5
"""

PERCENT_SHEET = 'Objective,Key result,Baseline,Target,Current\nReliable service,Raise uptime,"98,1%","99,5%",\nFewer tickets,Cut tickets per week,,,\n'

PERCENT_TABLE = """\
## Objective 1: Reliable service

| Key result | Baseline | Target | Current |
|---|---|---|---|
| Raise uptime | 98,1% | 99,5% | |
| Keep error budget | | | |
"""

PLAIN_SHEET = "Objective,Key result\nMore customers,Win new customers\n"

PLAIN_LIST = "## Objective 1: More customers\n\n- KR1: Win new customers\n  - owner: Maya\n"

# A unit word after each number (`2 h`): the key result's unit, kept, never given to another
HOURS_LIST = "## Objective 1: Faster support\n\n- KR1: Cut first response time\n  - baseline: 4 h\n  - target: 2 h\n- KR2: Answer more tickets\n  - baseline: 40\n  - target: 50\n"

HOURS_TABLE = "## Objective 1: Faster support\n\n| Key result | Baseline | Target |\n|---|---|---|\n| Cut first response time | 4 h | 2 h |\n| Answer more tickets | 40 | 50 |\n"

HOURS_SHEET = 'Objective,Key result,Baseline,Target\nFaster support,Cut first response time,"4,5 h",2 h\nFaster support,Answer more tickets,40,50\n'


def _tui(path: Path, ref: tuple[int, int], name: str, value: Any) -> None:
    document, _ = OkrDocument.open(path)
    document.set_field(ref, name, value)
    document.save()


def _improve(path: Path, ref: tuple[int, int], name: str, value: Any) -> None:
    """As `okrcoach improve` saves a set that differs in one field: `save` of the edited set."""
    text = path.read_text(encoding="utf-8")
    fmt = "csv" if path.suffix == ".csv" else "md"
    okr_set = read_text(text, str(path), fmt).okr_set
    oi, ki = ref
    objective = okr_set.objectives[oi]
    krs = list(objective.key_results)
    krs[ki] = krs[ki].model_copy(update={name: value})
    edited = okr_set.model_copy(update={"objectives": [*okr_set.objectives[:oi], objective.model_copy(update={"key_results": krs}), *okr_set.objectives[oi + 1 :]]})
    path.write_text(save(text, fmt, edited, str(path)).text, encoding="utf-8", newline="")


def _checkin(path: Path, ref: tuple[int, int], name: str, value: Any) -> None:
    assert name == "current"
    assert main(["checkin", str(path), f"O{ref[0] + 1}.KR{ref[1] + 1}", str(value), "--date", "2027-01-15"]) == 0


WRITERS = {"checkin": _checkin, "tui": _tui, "improve": _improve}

# (file, suffix, key result, field, value, what the file then holds, the writers that write it)
CASES = [
    ("danish-sheet", DANISH_SHEET, ".csv", (0, 0), "current", 14000, ";14.000", ("checkin", "tui", "improve")),
    ("danish-sheet-target", DANISH_SHEET, ".csv", (0, 0), "target", 25000, ";25.000;", ("tui", "improve")),
    ("finnish-sheet", FINNISH_SHEET, ".csv", (0, 0), "current", 14000, ";20 000;14 000", ("checkin", "tui", "improve")),
    ("narrow-nbsp-sheet", NARROW_SHEET, ".csv", (0, 0), "current", 14000, ";20\u202f000;14\u202f000", ("checkin", "tui", "improve")),
    ("german-table", GERMAN_TABLE, ".md", (0, 0), "current", 4.6, "| 3,8 | 4,5 | 4,6 |", ("tui", "improve")),
    ("german-table-other-row", GERMAN_TABLE, ".md", (0, 1), "target", 22.5, "| 40 | 22,5 | 35 |", ("tui", "improve")),
    ("german-list", GERMAN_LIST, ".md", (0, 0), "current", 14000, "  - Aktuell: 14.000\n", ("checkin", "tui", "improve")),
    ("german-list-comma", GERMAN_LIST, ".md", (0, 1), "target", 4.6, "  - Zielwert: 4,6\n", ("tui", "improve")),
    ("percent-sheet-current", PERCENT_SHEET, ".csv", (0, 0), "current", 99.1, ',"99,5%","99,1%"', ("checkin", "tui", "improve")),
    ("percent-sheet-target", PERCENT_SHEET, ".csv", (0, 0), "target", 60, ',"98,1%","60%",', ("tui", "improve")),
    # a key result without a unit keeps none: `60%` would give it the unit `%` no one set
    ("percent-sheet-no-unit", PERCENT_SHEET, ".csv", (1, 0), "target", 60, ",,60,\n", ("tui", "improve")),
    ("percent-table", PERCENT_TABLE, ".md", (0, 0), "target", 99.9, "| 98,1% | 99,9% |", ("tui", "improve")),
    ("percent-table-target", PERCENT_TABLE, ".md", (0, 0), "target", 60, "| 98,1% | 60% |", ("tui", "improve")),
    ("percent-table-no-unit", PERCENT_TABLE, ".md", (0, 1), "target", 60, "| Keep error budget | | 60 | |", ("tui", "improve")),
    ("unit-word-list", HOURS_LIST, ".md", (0, 0), "target", 1.5, "  - target: 1.5 h\n", ("tui", "improve")),
    ("unit-word-list-other-kr", HOURS_LIST, ".md", (0, 1), "target", 60, "  - target: 60\n", ("tui", "improve")),
    ("unit-word-table", HOURS_TABLE, ".md", (0, 0), "target", 1.5, "| 4 h | 1.5 h |", ("tui", "improve")),
    ("unit-word-table-other-kr", HOURS_TABLE, ".md", (0, 1), "target", 60, "| 40 | 60 |", ("tui", "improve")),
    ("unit-word-sheet", HOURS_SHEET, ".csv", (0, 0), "target", 1.5, ',"4,5 h","1,5 h"\n', ("tui", "improve")),
    ("no-style-sheet", PLAIN_SHEET, ".csv", (0, 0), "current", 14000, ",14000", ("checkin", "tui", "improve")),
    ("no-style-sheet-decimal", PLAIN_SHEET, ".csv", (0, 0), "current", 4.6, ",4.6", ("checkin", "tui", "improve")),
    ("no-style-list", PLAIN_LIST, ".md", (0, 0), "current", 14000, "  - current: 14000\n", ("checkin", "tui", "improve")),
    ("no-style-list-decimal", PLAIN_LIST, ".md", (0, 0), "target", 4.6, "  - target: 4.6\n", ("tui", "improve")),
]


@pytest.mark.parametrize(
    ("writer", "text", "suffix", "ref", "name", "value", "expected"),
    [pytest.param(w, text, suffix, ref, name, value, expected, id=f"{w}-{case}") for case, text, suffix, ref, name, value, expected, writers in CASES for w in writers],
)
def test_a_written_number_follows_the_files_style_and_reads_back(tmp_path, monkeypatch, writer, text, suffix, ref, name, value, expected):
    path = tmp_path / f"okrs.okr{suffix}"
    path.write_bytes(text.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    WRITERS[writer](path, ref, name, value)
    written = path.read_bytes().decode("utf-8")
    assert expected in written
    okr_set = read_text(written, str(path), suffix.lstrip(".")).okr_set
    assert getattr(okr_set.objectives[ref[0]].key_results[ref[1]], name) == value


def test_a_markdown_checkin_line_follows_the_current_fields_style():
    recorded = record_checkin(GERMAN_LIST, "md", 0, 0, Checkin(date=date(2027, 1, 15), value=14000))
    assert "  - Aktuell: 14.000\n" in recorded.text
    assert recorded.text.splitlines()[8].endswith("2027-01-15 14.000")
    assert recorded.key_result.checkins[-1].value == 14000


def test_a_currency_the_key_results_cells_carry_is_kept_and_no_grouping_is_invented():
    text = "Ziel;Schlüsselergebnis;Ausgangswert;Zielwert\nKunden;Warenkorb von 54,90 € auf 62,00 € erhöhen;54,90 €;62,00 €\n"
    recorded = record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 1, 15), value=1296.5))
    assert recorded.text.splitlines()[1].endswith(";54,90 €;62,00 €;1296,5 €;2027-01-15")
    assert recorded.key_result.current == 1296.5


def test_an_english_sheet_gets_its_thousands_commas_and_quotes_them():
    text = 'Objective,Key result,Baseline,Target\nGrowth,Grow orders,"10,000","20,000"\n'
    recorded = record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 1, 15), value=14500.5))
    assert recorded.text.splitlines()[1].startswith('Growth,Grow orders,"10,000","20,000","14,500.5",')
    assert recorded.key_result.current == 14500.5


@pytest.mark.parametrize("value", [4.6, 25000, 0.25])
def test_a_yaml_number_stays_a_yaml_number(tmp_path, value):
    path = tmp_path / "salg.okr.yaml"
    path.write_text(
        "language: de\nobjectives:\n  - title: Kunden\n    key_results:\n      - text: CSAT von 3,8 auf 4,5 (10.000 Antworten)\n        baseline: 3.8\n        target: 4.5\n", encoding="utf-8"
    )
    _tui(path, (0, 0), "target", value)
    written = path.read_text(encoding="utf-8")
    assert written.endswith(f"        target: {value}\n")
    assert read_text(written, "x.yaml", "yaml").okr_set.objectives[0].key_results[0].target == value


@pytest.mark.parametrize("text,suffix", [(DANISH_SHEET, ".csv"), (FINNISH_SHEET, ".csv"), (GERMAN_TABLE, ".md"), (GERMAN_LIST, ".md"), (PERCENT_SHEET, ".csv"), (PERCENT_TABLE, ".md")])
def test_a_save_without_an_edit_writes_the_same_bytes(tmp_path, text, suffix):
    path = tmp_path / f"okrs.okr{suffix}"
    path.write_bytes(text.encode("utf-8"))
    document, _ = OkrDocument.open(path)
    document.save()
    assert path.read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize(
    "samples,language_mark,expected",
    [
        (["12.000", "10.000"], None, NumberStyle(",", ".", "")),
        (["12.000"], ".", NumberStyle(".", "", "")),  # read as twelve in a language with a decimal point
        (["12 000"], None, NumberStyle(".", " ", "")),
        (["1.234,5"], None, NumberStyle(",", ".", "")),
        (["1,234.5"], None, NumberStyle(".", ",", "")),
        (["99,5 %"], None, NumberStyle(",", "", " %")),
        (["2027"], None, NumberStyle(".", "", "")),  # four digits may be a year: no word on grouping
        (["12000"], None, NumberStyle(".", "", "")),
        (["about 12"], None, NumberStyle(".", "", "")),
    ],
)
def test_the_style_of_written_numbers(samples, language_mark, expected):
    assert style_at([{"target": s} for s in samples], -1, "target", False, language_mark) == expected


def test_the_key_results_own_numbers_decide_the_suffix_before_its_column():
    fields = [{"baseline": "98,1%", "target": "99,5%"}, {"baseline": "40", "target": ""}]
    assert style_at(fields, 1, "target").suffix == ""
    assert style_at(fields, 0, "current").suffix == "%"
    assert number_forms(14000, NumberStyle(",", ".", "%"))[:3] == ["14.000%", "14000%", "14.000"]


_STYLED_SHEETS = {
    "danish-dots": (DANISH_SHEET, ".", ","),
    "finnish-spaces": (FINNISH_SHEET, " ", ","),
    "english-commas": ('Objective,Key result,Baseline,Target,Current\nGrowth,Grow orders,"10,000.5","20,000",\n', ",", "."),
}


@settings(max_examples=150, deadline=None)
@given(
    sheet=st.sampled_from(sorted(_STYLED_SHEETS)),
    value=st.one_of(st.integers(min_value=0, max_value=10**12), st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False).map(float)),
)
def test_any_value_written_in_a_styled_sheet_reads_back_as_itself(sheet, value):
    text, group, decimal = _STYLED_SHEETS[sheet]
    recorded = record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 1, 15), value=value))
    assert recorded.key_result.current == value
    whole = number_forms(int(value), NumberStyle(decimal, group, ""))[0]
    assert whole in recorded.text  # the thousands are grouped the sheet's way


@settings(max_examples=60, deadline=None)
@given(value=st.one_of(st.integers(min_value=0, max_value=10**9), st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False).map(float)))
def test_any_checkin_in_a_german_list_reads_back_as_itself(value):
    recorded = record_checkin(GERMAN_LIST, "md", 0, 0, Checkin(date=date(2027, 1, 15), value=value))
    assert recorded.key_result.current == value
    assert recorded.key_result.checkins[-1].value == value


def test_a_yaml_target_keeps_the_unit_word_its_numbers_carry(tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text("objectives:\n  - title: Faster support\n    key_results:\n      - text: Cut first response time\n        baseline: 4 h\n        target: 2 h\n", encoding="utf-8")
    _tui(path, (0, 0), "target", 1.5)
    assert path.read_text(encoding="utf-8").endswith("        baseline: 4 h\n        target: 1.5 h\n")


@pytest.mark.parametrize(
    "text,suffix",
    [(HOURS_LIST, ".md"), (HOURS_TABLE.replace("| Target |", "| Target | Unit |").replace("|---|---|---|", "|---|---|---|---|").replace(" 2 h |", " 2 h | |").replace(" 50 |", " 50 | |"), ".md")],
)
def test_a_unit_the_user_changed_is_not_written_after_the_new_number(tmp_path, text, suffix):
    """`2 h` and a new unit `min` with the target 90: `90`, never `90 h`."""
    path = tmp_path / f"support.okr{suffix}"
    path.write_text(text, encoding="utf-8")
    document, _ = OkrDocument.open(path)
    document.set_field((0, 0), "unit", "min")
    document.set_field((0, 0), "target", 90)
    document.save()
    written = path.read_text(encoding="utf-8")
    assert "90 h" not in written and "90" in written
    kr = read_text(written, str(path), "md").okr_set.objectives[0].key_results[0]
    assert (kr.target, kr.unit) == (90, "min")
