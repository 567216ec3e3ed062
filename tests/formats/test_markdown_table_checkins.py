"""Check-ins in a Markdown table, as Notion, Confluence and Google Docs export a table of key results:
a `Check-in` column (a value, or `2027-02-01 42 (confidence 0.7)`), a `Date` column beside it or a
`Current` one, a confidence, in any of the six languages. A row holds its key result's latest
check-in, as a spreadsheet row does; what cannot make one is reported with its line, never dropped.
A check-in is written into the row (a `Check-in` column added when the table has none), and only
that row's cells (with the header and rule of an added column) change."""

from __future__ import annotations

import difflib
from datetime import date

import pytest

from okrcoach.cli import main
from okrcoach.documents import SetField, apply_changes
from okrcoach.formats import read_text
from okrcoach.model import Checkin

# The table of the brief's user: a check-in value, its date and a confidence per key result.
CHECKIN_TABLE = """\
# Growth OKRs Q1 2027

## Objective 1: Grow revenue

| Key result | Target | Check-in | Date | Confidence |
| --- | --- | --- | --- | --- |
| Raise MRR from 40000 to 60000 | 60000 | 45000 | 2027-02-01 | 0.7 |
| Raise NPS from 30 to 45 | 45 | 35 | 2027-02-08 | 0.6 |
| Cut churn from 3% to 2% | 2 |  |  |  |
"""

# (language, title, key-result column, check-in column, date column, confidence column, objective)
HEADERS = [
    ("en", "Growth OKRs Q1 2027", "Key result", "Check-in", "Date", "Confidence", "Objective 1: Grow revenue"),
    ("da", "Vækst OKR Q1 2027", "Nøgleresultat", "Opfølgning", "Dato", "Konfidens", "Mål 1: Øg omsætningen"),
    ("sv", "Tillväxt OKR Q1 2027", "Nyckelresultat", "Incheckning", "Datum", "Tilltro", "Mål 1: Öka intäkterna"),
    ("de", "Wachstum OKR Q1 2027", "Schlüsselergebnis", "Check-in", "Datum", "Zuversicht", "Ziel 1: Umsatz steigern"),
    ("fi", "Kasvu OKR Q1 2027", "Avaintulos", "Tilannepäivitys", "Päivämäärä", "Luottamus", "Tavoite 1: Kasvatetaan liikevaihtoa"),
    ("hu", "Növekedés OKR Q1 2027", "Kulcseredmény", "Állapotfelmérés", "Dátum", "Bizalom", "1. célkitűzés: Növeljük a bevételt"),
]


def _table(title, kr, checkin, day, confidence, objective):
    return f"# {title}\n\n## {objective}\n\n| {kr} | {checkin} | {day} | {confidence} |\n| --- | --- | --- | --- |\n| Raise NPS from 30 to 45 | 35 | 2027-02-08 | 0.6 |\n"


@pytest.mark.parametrize("language, title, kr, checkin, day, confidence, objective", HEADERS, ids=[h[0] for h in HEADERS])
def test_check_in_date_and_confidence_columns_are_read_as_the_list_form_reads_them(language, title, kr, checkin, day, confidence, objective):
    result = read_text(_table(title, kr, checkin, day, confidence, objective), "x.okr.md", "md")
    assert [i for i in result.issues if i.code in ("OKR003", "OKR006")] == []
    read = result.okr_set.objectives[0].key_results[0]
    assert read.checkins == [Checkin(date=date(2027, 2, 8), value=35, confidence=0.6)]
    listed = read_text(f"# {title}\n\n## {objective}\n\n- Raise NPS from 30 to 45\n  - checkin: 2027-02-08 35 (confidence 0.6)\n  - confidence: 0.6\n", "x.okr.md", "md")
    assert read.checkins == listed.okr_set.objectives[0].key_results[0].checkins


def test_a_check_in_cell_in_words_carries_its_own_date():
    text = "## Objective 1: Grow\n\n| Key result | Check-in |\n| :---- | :---- |\n| Raise NPS from 30 to 45 | 2027-02-08 35 (confidence 0.6) – survey moved |\n"
    kr = read_text(text, "x.okr.md", "md").okr_set.objectives[0].key_results[0]
    assert kr.checkins == [Checkin(date=date(2027, 2, 8), value=35, confidence=0.6, note="survey moved")]


def test_a_current_column_and_a_check_in_date_make_the_row_s_check_in():
    text = "## Objective 1: Grow\n\n| Key result | Current | Check-in date |\n| --- | --- | --- |\n| Raise NPS from 30 to 45 | 35 | 2027-02-08 |\n"
    kr = read_text(text, "x.okr.md", "md").okr_set.objectives[0].key_results[0]
    assert kr.current == 35 and kr.checkins == [Checkin(date=date(2027, 2, 8), value=35)]


@pytest.mark.parametrize(
    "table, line, words",
    [
        ("| Key result | Date |\n| --- | --- |\n| Raise NPS from 30 to 45 | 2027-02-08 |\n", 3, "column `Date` is not read"),  # a date with no value beside it
        ("| Key result | Check-in | Date |\n| --- | --- | --- |\n| Raise NPS from 30 to 45 |  | 2027-02-08 |\n", 5, "has no value"),
        ("| Key result | Check-in |\n| --- | --- |\n| Raise NPS from 30 to 45 | 2027-02-08 |\n", 5, "has no value"),
        ("| Key result | Check-in | Date |\n| --- | --- | --- |\n| Raise NPS from 30 to 45 | Yes | 2027-02-08 |\n", 5, "has no date or value"),
    ],
    ids=["date-column-alone", "empty-check-in-cell", "date-only-cell", "words-not-a-value"],
)
def test_a_check_in_part_that_cannot_make_a_check_in_is_reported_with_its_line(table, line, words):
    result = read_text("## Objective 1: Grow\n\n" + table, "x.okr.md", "md")
    unread = [i for i in result.issues if i.code == "OKR006"]
    assert [(i.line, words in i.message) for i in unread] == [(line, True)], unread
    assert result.okr_set.objectives[0].key_results[0].checkins == []


def test_a_value_with_no_date_is_where_the_key_result_stands():
    text = "## Objective 1: Grow\n\n| Key result | Check-in |\n| --- | --- |\n| Raise NPS from 30 to 45 | 35 |\n"
    result = read_text(text, "x.okr.md", "md")
    assert result.issues == [] and result.okr_set.objectives[0].key_results[0].current == 35


# -- writing -------------------------------------------------------------------------------------------


def _changed(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_a_save_without_an_edit_writes_the_same_bytes():
    for text in (CHECKIN_TABLE, CHECKIN_TABLE.replace("\n", "\r\n"), _table(*HEADERS[1][1:])):
        assert apply_changes(text, "md", [], "x.okr.md").text == text


def test_editing_one_key_result_changes_its_cell_only():
    edited = apply_changes(CHECKIN_TABLE, "md", [SetField((0, 1), "text", "Raise NPS from 30 to 50")], "x.okr.md")
    assert _changed(CHECKIN_TABLE, edited.text) == ["-| Raise NPS from 30 to 45 | 45 | 35 | 2027-02-08 | 0.6 |", "+| Raise NPS from 30 to 50 | 45 | 35 | 2027-02-08 | 0.6 |"]
    assert edited.okr_set.objectives[0].key_results[1].checkins == [Checkin(date=date(2027, 2, 8), value=35, confidence=0.6)]


def test_editing_current_moves_the_row_s_check_in_that_takes_its_value_from_it():
    text = "## Objective 1: Grow\n\n| Key result | Current | Check-in date |\n| --- | --- | --- |\n| Raise NPS from 30 to 45 | 35 | 2027-02-08 |\n| Cut churn from 3% to 2% | 2.5 | 2027-02-08 |\n"
    edited = apply_changes(text, "md", [SetField((0, 0), "current", 36)], "x.okr.md")
    assert _changed(text, edited.text) == ["-| Raise NPS from 30 to 45 | 35 | 2027-02-08 |", "+| Raise NPS from 30 to 45 | 36 | 2027-02-08 |"]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_checkin_writes_into_the_row_s_check_in_date_and_confidence_cells(workdir, capsys):
    (workdir / "growth.okr.md").write_text(CHECKIN_TABLE, encoding="utf-8")
    assert main(["checkin", "growth.okr.md", "O1.KR3", "2.6", "--date", "2027-02-15", "--confidence", "0.5"]) == 0
    after = (workdir / "growth.okr.md").read_text(encoding="utf-8")
    assert _changed(CHECKIN_TABLE, after) == ["-| Cut churn from 3% to 2% | 2 |  |  |  |", "+| Cut churn from 3% to 2% | 2 | 2.6 | 2027-02-15 | 0.5 |"]
    assert main(["checkin", "growth.okr.md", "O1.KR1", "50000", "--date", "2027-02-15"]) == 0
    out, err = capsys.readouterr()
    assert "table row keeps only its latest check-in; the one of 2027-02-01 was replaced" in err
    kr = read_text((workdir / "growth.okr.md").read_text(encoding="utf-8"), "x", "md").okr_set.objectives[0].key_results[0]
    assert kr.checkins == [Checkin(date=date(2027, 2, 15), value=50000, confidence=0.7)]  # the row's confidence cell stays


def test_checkin_adds_a_check_in_column_to_a_table_that_has_none_touching_no_other_row(workdir, capsys):
    text = "# Support OKRs Q1 2027\n\n| Objective | Key result | Owner |\n|---|---|---|\n| Customers love our support | Raise NPS from 30 to 45 | Maya |\n| | Cut first response time from 4 h to 1 h | Ole |\n"
    (workdir / "support.okr.md").write_text(text, encoding="utf-8")
    assert main(["checkin", "support.okr.md", "O1.KR2", "3", "--date", "2027-02-01", "--confidence", "0.7"]) == 0
    after = (workdir / "support.okr.md").read_text(encoding="utf-8")
    assert sorted(_changed(text, after)) == sorted(
        [
            "+| | Cut first response time from 4 h to 1 h | Ole | 2027-02-01 3 (confidence 0.7) |",
            "+| Objective | Key result | Owner | Check-in |",
            "+|---|---|---|---|",
            "-| | Cut first response time from 4 h to 1 h | Ole |",
            "-| Objective | Key result | Owner |",
            "-|---|---|---|",
        ]
    )
    okr_set = read_text(after, "x", "md").okr_set
    assert okr_set.objectives[0].key_results[1].checkins == [Checkin(date=date(2027, 2, 1), value=3, confidence=0.7)]
    assert okr_set.objectives[0].key_results[0].checkins == []


def test_a_danish_table_gets_a_danish_check_in_column(workdir, capsys):
    text = "# Support OKR Q1 2027\n\n## Mål 1: Kunderne elsker vores support\n\n| Nøgleresultat | Ansvarlig |\n| --- | --- |\n| Hæv NPS fra 30 til 45 | Maja |\n"
    (workdir / "support.okr.md").write_text(text, encoding="utf-8")
    assert main(["checkin", "support.okr.md", "O1.KR1", "35", "--date", "2027-02-01", "--confidence", "0.7"]) == 0
    after = (workdir / "support.okr.md").read_text(encoding="utf-8")
    assert "| Nøgleresultat | Ansvarlig | Opfølgning |" in after and "| Hæv NPS fra 30 til 45 | Maja | 2027-02-01 35 (konfidens 0,7) |" in after


def test_a_note_the_table_has_no_column_for_gets_a_column_of_its_own(workdir, capsys):
    (workdir / "growth.okr.md").write_text(CHECKIN_TABLE, encoding="utf-8")
    assert main(["checkin", "growth.okr.md", "O1.KR3", "2.6", "--date", "2027-02-15", "--note", "pricing | page live"]) == 0
    after = (workdir / "growth.okr.md").read_text(encoding="utf-8")
    assert sorted(_changed(CHECKIN_TABLE, after)) == sorted(
        [
            "-| Key result | Target | Check-in | Date | Confidence |",
            "-| --- | --- | --- | --- | --- |",
            "-| Cut churn from 3% to 2% | 2 |  |  |  |",
            "+| Key result | Target | Check-in | Date | Confidence | Note |",
            "+| --- | --- | --- | --- | --- | --- |",
            "+| Cut churn from 3% to 2% | 2 | 2.6 | 2027-02-15 |  | pricing \\| page live |",
        ]
    )
    kr = read_text(after, "x", "md").okr_set.objectives[0].key_results[2]
    assert kr.checkins == [Checkin(date=date(2027, 2, 15), value=2.6, note="pricing | page live")]


def test_a_check_in_recorded_in_the_tui_is_saved_into_the_row_with_nothing_said_lost(tmp_path):
    from okrcoach.document import OkrDocument

    path = tmp_path / "support.okr.md"
    text = "# Support OKRs Q1 2027\n\n| Objective | Key result | Owner |\n|---|---|---|\n| Customers love our support | Raise NPS from 30 to 45 | Maya |\n| | Cut first response time from 4 h to 1 h | Ole |\n"
    path.write_text(text, encoding="utf-8")
    doc, _ = OkrDocument.open(path)
    doc.add_checkin((0, 1), Checkin(date=date(2027, 2, 1), value=3, confidence=0.7))
    saved = doc.save()
    assert saved.written and saved.note == ""
    assert path.read_text(encoding="utf-8").splitlines()[5] == "| | Cut first response time from 4 h to 1 h | Ole | 2027-02-01 3 (confidence 0.7) |"
    doc.add_checkin((0, 1), Checkin(date=date(2027, 2, 15), value=2.5))
    saved = doc.save()
    assert saved.note != ""  # the row keeps only the newest check-in: the first is said lost
    assert path.read_text(encoding="utf-8").splitlines()[5] == "| | Cut first response time from 4 h to 1 h | Ole | 2027-02-15 2.5 |"


EXPORTS = __import__("pathlib").Path(__file__).resolve().parents[1] / "data" / "exports"


def test_a_check_in_on_a_google_docs_table_row_adds_a_german_column_and_keeps_every_other_byte(workdir, capsys):
    """Google Docs' own Markdown export: `| :---- |` rules, `\\-` escapes, `31.12.2027` dates."""
    text = (EXPORTS / "gdocs-de-vertrieb-headings.md").read_text(encoding="utf-8")
    (workdir / "vertrieb.okr.md").write_text(text, encoding="utf-8")
    assert main(["checkin", "vertrieb.okr.md", "O2.KR2", "5,2", "--date", "15.11.2027"]) == 0
    after = (workdir / "vertrieb.okr.md").read_text(encoding="utf-8")
    assert sorted(_changed(text, after)) == sorted(
        [
            "-| Schlüsselergebnis | Verantwortlich | Frist |",
            "-| :---- | :---- | :---- |",
            "-| Kündigungsquote von 6 % auf 4 % senken | Ali | 31.12.2027 |",
            "+| Schlüsselergebnis | Verantwortlich | Frist | Check-in |",
            "+| :---- | :---- | :---- | :---- |",
            "+| Kündigungsquote von 6 % auf 4 % senken | Ali | 31.12.2027 | 15.11.2027 5,2 |",
        ]
    )
    kr = read_text(after, "x", "md").okr_set.objectives[1].key_results[1]
    assert kr.checkins == [Checkin(date=date(2027, 11, 15), value=5.2)]


@pytest.mark.parametrize("name", sorted(p.name for p in EXPORTS.glob("*.md") if "|" in p.read_text(encoding="utf-8")))
def test_every_exported_table_saves_without_an_edit_to_the_same_bytes_and_reports_no_check_in_problem(name):
    text = (EXPORTS / name).read_text(encoding="utf-8")
    result = read_text(text, name, "md")
    assert [i.key for i in result.issues if i.key and i.key.startswith("md-table-checkin")] == []
    if result.okr_set is not None:
        assert apply_changes(text, "md", [], name).text == text
