"""The CSV reader: spreadsheet exports and the OpenOKR import template."""

from __future__ import annotations

from datetime import date

import pytest

from okrcoach.formats import read_text, write
from okrcoach.formats.csv_format import load_located
from okrcoach.model import KeyResult, Objective, OkrSet


def read(text: str):
    return read_text(text, "x.okr.csv", "csv")


def outline(okr_set: OkrSet):
    return [(o.source.line, o.title, [(kr.source.line, kr.text) for kr in o.key_results]) for o in okr_set.objectives]


def test_openokr_key_results_template() -> None:
    text = (
        "externalId,goal,title,direction,unit,baselineValue,targetValue,currentValue,dueOn,owner\n"
        "kr-1,Grow revenue,Increase MRR,increase,EUR,100,150,110,2027-03-31,anna\n"
        "kr-2,Happy customers,Raise NPS,increase,,30,45,,,\n"
        "kr-3,Grow revenue,Win 10 new logos,increase,logos,0,10,,2027-03-31,bo\n"
    )
    result = read(text)
    assert result.issues == []
    s = result.okr_set
    assert outline(s) == [
        (2, "Grow revenue", [(2, "Increase MRR"), (4, "Win 10 new logos")]),
        (3, "Happy customers", [(3, "Raise NPS")]),
    ]
    kr = s.objectives[0].key_results[0]
    assert (kr.id, kr.direction, kr.unit, kr.baseline, kr.target, kr.current, kr.deadline, kr.owner) == (
        "kr-1",
        "increase",
        "EUR",
        100,
        150,
        110,
        date(2027, 3, 31),
        "anna",
    )
    assert s.objectives[1].key_results[0].unit is None  # empty cells are absent fields


def test_semicolon_delimiter_decimal_comma_and_set_columns() -> None:
    text = (
        "Objective;Key Result;Baseline;Target;Unit;Period;Team\n"
        "Flere leads;Konvertering fra 2,5 % til 4 %;2,5;4;%;2027-Q1;Marketing\n"
        "Flere leads;Leads pr. måned fra 120 til 200;120;200;leads;;\n"
        "Stærkere brand;5.000 følgere;1800;5000;følgere;2027-Q1;Salg\n"
    )
    result = read(text)
    s = result.okr_set
    assert s.period is not None and s.period.label == "2027-Q1" and s.team == "Marketing"
    kr = s.objectives[0].key_results[0]
    assert (kr.text, kr.baseline, kr.target) == ("Konvertering fra 2,5 % til 4 %", 2.5, 4)  # text keeps its comma
    assert [(i.code, i.line) for i in result.issues] == [("OKR004", 4)]
    assert "Marketing" in result.issues[0].message and "Salg" in result.issues[0].message


def test_tab_delimiter() -> None:
    s = read("objective\tkey_result\ttarget\nA\tB, with a comma\t5\n").okr_set
    assert outline(s) == [(2, "A", [(2, "B, with a comma")])]


def test_quoted_multiline_cells_keep_physical_line_numbers() -> None:
    text = 'objective,key_result,target\n"Grow\nrevenue",Increase MRR,150\nShip,"Ship the\nnew\nonboarding",3\nShip,Another one,4\n'
    result = read(text)
    assert result.issues == []
    assert outline(result.okr_set) == [(2, "Grow\nrevenue", [(2, "Increase MRR")]), (4, "Ship", [(4, "Ship the\nnew\nonboarding"), (7, "Another one")])]


def test_objective_only_rows_and_merged_cells() -> None:
    text = "objective,key_result,kind\nA,,committed\nB,first,\n,second,\n\nC,,\n"
    result = read(text)
    assert result.issues == []
    s = result.okr_set
    assert outline(s) == [(2, "A", []), (3, "B", [(3, "first"), (4, "second")]), (6, "C", [])]
    assert s.objectives[0].kind == "committed"


def test_invalid_values_are_reported_at_the_row() -> None:
    result = read("objective,key_result,target,deadline\nA,B,about 156,2027-02-30\n")
    assert sorted((i.code, i.line) for i in result.issues) == [("OKR004", 2), ("OKR004", 2)]


@pytest.mark.parametrize(
    "header, missing",
    [("name,value", "no objective and no key result column"), ("objective,owner", "no key result column"), ("kr,owner", "no objective column")],
)
def test_missing_required_columns(header: str, missing: str) -> None:
    data, issues = load_located(header + "\na,b\n")
    assert data is None
    assert [(i.code, i.line) for i in issues] == [("OKR002", 1)]
    assert missing in issues[0].message
    assert "objective" in issues[0].fix or "key_result" in issues[0].fix


def test_unknown_column_suggests_a_close_match() -> None:
    result = read("objective,key_result,targt,Notes,Budget,Status\nA,B,5,x,9,on track\n")
    codes = [(i.code, i.line, i.evidence) for i in result.issues]
    # columns that carry no OKR field in any language (Notes, Status, Fremskridt) are read silently
    assert codes == [("OKR003", 1, "targt"), ("OKR003", 1, "Budget")]
    assert "Did you mean `target`?" in result.issues[0].fix
    assert result.okr_set is not None and result.okr_set.objectives[0].key_results[0].target is None


@pytest.mark.parametrize("text", ["", "   \n\n", "objective,key_result\n", "objective;key_result\n\n"])
def test_empty_file_and_header_only(text: str) -> None:
    data, issues = load_located(text)
    assert data is None and [i.code for i in issues] == ["OKR005"]
    result = read(text)
    assert result.okr_set is None and [i.code for i in result.issues] == ["OKR005"]


def test_extra_cells_from_an_unquoted_delimiter_are_reported() -> None:
    result = read("objective,key_result,target\nGrow, fast,Double revenue,2\nA,B,3,,\n")
    # the shifted cell also lands in `target`, which the builder reports
    assert [(i.code, i.line) for i in result.issues] == [("OKR002", 2), ("OKR004", 2)]
    assert "double quotes" in result.issues[0].fix


def test_junk_never_raises() -> None:
    for text in ['"unclosed,quote\n', "\x00\x01;;;\n,,,", "a\rb\rc", "objective,key_result\n" + "x," * 5000]:
        result = read(text)
        assert result.issues


def test_writer_header_and_extra_columns() -> None:
    s = OkrSet(
        team="Ops",
        period="2027-Q1",
        objectives=[
            Objective(title="Stable", kind="committed", owner="Ida", key_results=[KeyResult(text="Uptime 99.9%", target=99.9, unit="%", guardrail=True)]),
            Objective(title="No KRs yet"),
        ],
    )
    text = write(s, "csv")
    lines = text.splitlines()
    assert lines[0] == "objective,key_result,owner,baseline,target,unit,deadline,period,team,kind,objective_owner,guardrail"
    assert lines[2] == "No KRs yet,,,,,,,2027-Q1,Ops,,,"
    back = read(text)
    assert back.issues == [] and back.okr_set.model_dump() == s.model_dump()


def test_spreadsheet_exports_in_six_languages() -> None:
    text = (
        "sep=;\r\n"
        "Mål;Nøgleresultat;Ansvarlig;Udgangspunkt;Målværdi;Deadline;Konfidens\r\n"
        "Flere leads;Øg konverteringen fra 1,8 % til 2,6 %;Mette;1,8 %;2,6 %;31.03.2027;70 %\r\n"
        ";Øg leads fra 1.200 til 1.500 om måneden;Jonas;1.200;1.500;31/03/2027;0,6\r\n"
    )
    result = read(text)
    assert result.issues == []
    krs = result.okr_set.objectives[0].key_results
    assert [(kr.owner, kr.baseline, kr.target, kr.unit, kr.deadline, kr.confidence) for kr in krs] == [
        ("Mette", 1.8, 2.6, "%", date(2027, 3, 31), 0.7),
        ("Jonas", 1200, 1500, None, date(2027, 3, 31), 0.6),
    ]
    assert krs[0].source.line == 3 and krs[0].source.span.columns == {"text": 1, "owner": 2, "baseline": 3, "target": 4, "deadline": 5, "confidence": 6}
    spot = krs[0].source.span.fields["baseline"]
    assert text.split("\r\n")[2][spot.start : spot.end] == "1,8 %"


@pytest.mark.parametrize("text", ["Key result,Objective\nWin 5 deals\n", "Objective,Owner,Key result\nGrow,Ann\n", "Key result,Owner,Objective\nWin 5 \r\nd,Grow,Ann\n"])
def test_a_row_shorter_than_the_header_is_read_with_empty_cells(text: str) -> None:
    """A sheet that drops trailing empty cells (or a stray line break in a cell) gives rows shorter
    than the header: their missing cells are empty, never a crash."""
    result = read(text)
    assert result.okr_set is not None
    assert [i.code for i in result.issues if i.code not in ("OKR004",)] == []


def test_a_mal_column_of_numbers_beside_an_objective_column_is_the_target() -> None:
    """`Mål` (Danish, Swedish) is the objective or the target: a column of numbers is the target."""
    result = read("Målsætning;Nøgleresultat;Udgangspunkt;Mål\nFlere kunder;Øg NPS fra 30 til 45;30;45\n;Vind 12 kunder;0;12 kunder\n")
    assert result.issues == []
    assert [(o.title, [(kr.text, kr.target) for kr in o.key_results]) for o in result.okr_set.objectives] == [("Flere kunder", [("Øg NPS fra 30 til 45", 45), ("Vind 12 kunder", 12)])]
    assert outline(read("Mål;Nøgleresultat\nFlere kunder;Øg NPS fra 30 til 45\n").okr_set) == [(2, "Flere kunder", [(2, "Øg NPS fra 30 til 45")])]


@pytest.mark.parametrize("name", ["Name", "Navn", "Namn", "Nimi", "Név"])
def test_a_database_export_title_column_is_the_key_result(name: str) -> None:
    """Notion exports a key-results database with its title column `Name` (in the workspace's
    language) and a relation to the objectives, each cell the page's title with its link."""
    text = (
        f"\ufeff{name},Objective,Owner\n"
        "Raise NPS from 30 to 45,Happy customers (https://www.notion.so/Happy-customers-4f1c2a9e8b7d4c3a9f0e1d2c3b4a5968?pvs=21),Ann\n"
        "Cut churn from 3 % to 2 %,Happy customers (Happy%20customers%204f1c2a9e8b7d4c3a9f0e1d2c3b4a5968.md),Bo\n"
    )
    result = read(text)
    assert result.issues == []
    assert outline(result.okr_set) == [(2, "Happy customers", [(2, "Raise NPS from 30 to 45"), (3, "Cut churn from 3 % to 2 %")])]


def test_a_name_column_beside_a_key_result_column_is_reported() -> None:
    result = read("Name,Objective,Key result\nx,Grow,Win 5 deals\n")
    assert [(i.code, i.line) for i in result.issues] == [("OKR003", 1)]
    assert outline(result.okr_set) == [(2, "Grow", [(2, "Win 5 deals")])]


def test_a_table_name_line_before_the_header_is_skipped() -> None:
    result = read("Table 1\nObjective,Key result\nGrow,Raise NPS from 30 to 45\n")
    assert result.issues == [] and result.okr_set.objectives[0].key_results[0].source.line == 3


def test_values_that_are_not_numbers_or_dates_say_what_is_accepted() -> None:
    result = read("objective;key_result;target;deadline\nGrow;Raise NPS;forty-five;next tuesday\n")
    said = [(i.message, i.fix) for i in result.issues]
    assert all("invalid character" not in m and "Input should" not in m for m, _ in said)
    assert any("must be a number" in m and "forty-five" in m and "8 %" in f for m, f in said)
    assert any("must be a date" in m and "next tuesday" in m and "31.03.2027, 31/03/2027 or 31 March 2027 (day before month)" in f for m, f in said)


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        ("\ufeffobjective\tkey_result\r\nGrow\tRaise NPS from 30 to 45\r\n".encode("utf-16-le"), "utf-16-le"),
        ("\ufeffobjective\tkey_result\r\nGrow\tRaise NPS from 30 to 45\r\n".encode("utf-16-be"), "utf-16-be"),
        ("objective;key_result\nGrow;Raise NPS from 30 to 45\n".encode("utf-8-sig"), "utf-8"),
    ],
)
def test_unicode_text_and_bom_files(data: bytes, codec: str) -> None:
    from okrcoach.formats import encoding_of, read_bytes

    result = read_bytes(data, "team.okr.csv")
    assert result.issues == [] and result.okr_set.objectives[0].key_results[0].text == "Raise NPS from 30 to 45"
    assert encoding_of(data)[0] == codec


def test_rows_above_the_table_are_skipped_up_to_the_row_naming_objective_and_key_result() -> None:
    """A sheet often has a title, a `Team:` line of two cells and a blank row above its table, and
    exports every row padded to the used range: the header is the first row naming both columns."""
    text = "\ufeffOKR Vertrieb 2027;;;\r\nTeam:;Vertrieb;;\r\n;;;\r\nZiel;Schlüsselergebnis;Verantwortlich;\r\nMehr Stammkunden;Steigere den Anteil von 34 % auf 45 %;Jana;\r\n;Senke die Retourenquote von 18,5 % auf 12 %;Tobias;\r\n"
    result = read(text)
    assert result.issues == []
    assert outline(result.okr_set) == [(5, "Mehr Stammkunden", [(5, "Steigere den Anteil von 34 % auf 45 %"), (6, "Senke die Retourenquote von 18,5 % auf 12 %")])]


def test_a_checkin_in_a_sheet_with_rows_above_its_table_extends_the_header_row() -> None:
    from okrcoach.checkin import record_checkin
    from okrcoach.model import Checkin

    text = "Sales OKRs,,\r\nOwner: Maria,,\r\nObjective,Key result,Owner\r\nMore deals,Raise win rate from 21% to 26%,Maria\r\n"
    recorded = record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 2, 1), value=23))
    lines = recorded.text.split("\r\n")
    assert lines[:2] == ["Sales OKRs,,", "Owner: Maria,,"]
    assert lines[2] == "Objective,Key result,Owner,Current,Checkin Date"
    assert lines[3] == "More deals,Raise win rate from 21% to 26%,Maria,23,2027-02-01"


def test_a_new_column_takes_the_place_of_the_empty_column_a_spreadsheet_pads_its_rows_with() -> None:
    """Google Sheets and Excel pad every row to the used range (`Owner,`): a check-in's new columns
    fill that empty column rather than leave it empty between `Owner` and `Current`; an unnamed
    column with a cell in it is no one's to take, so the new ones go after it."""
    from okrcoach.checkin import record_checkin
    from okrcoach.model import Checkin

    padded = "Objective,Key result,Owner,\r\nMore deals,Raise win rate from 21% to 26%,Maria,\r\n,Cut the cycle from 64 to 45 days,Tom,\r\n"
    lines = record_checkin(padded, "csv", 0, 0, Checkin(date=date(2027, 2, 1), value=23)).text.split("\r\n")
    assert lines[:3] == ["Objective,Key result,Owner,Current,Checkin Date", "More deals,Raise win rate from 21% to 26%,Maria,23,2027-02-01", ",Cut the cycle from 64 to 45 days,Tom,"]
    used = "Objective,Key result,Owner,\r\nMore deals,Raise win rate from 21% to 26%,Maria,ask Tom\r\n"
    lines = record_checkin(used, "csv", 0, 0, Checkin(date=date(2027, 2, 1), value=23)).text.split("\r\n")
    assert lines[:2] == ["Objective,Key result,Owner,,Current,Checkin Date", "More deals,Raise win rate from 21% to 26%,Maria,ask Tom,23,2027-02-01"]


def test_a_cell_under_a_column_without_a_name_is_reported_not_dropped_in_silence() -> None:
    """A sheet's unnamed column (a note typed beside the table) has nowhere to go: it is said once,
    at the first row that has a cell there, and the key results around it are read as usual."""
    result = read("Objective,Key result,Owner,,\nMore deals,Raise win rate from 21% to 26%,Maria,ask Tom,\n,Cut the cycle from 64 to 45 days,Tom,check with finance,\n")
    assert [(i.code, i.line, i.evidence) for i in result.issues] == [("OKR003", 2, "ask Tom")]
    assert "column 4" in result.issues[0].message
    assert outline(result.okr_set) == [(2, "More deals", [(2, "Raise win rate from 21% to 26%"), (3, "Cut the cycle from 64 to 45 days")])]


def test_a_period_in_the_title_above_the_table_is_the_sets_period() -> None:
    """`Sales OKRs Q1 2027` in A1 says the quarter, as a Markdown title does; a period column wins."""
    assert read("Sales OKRs Q1 2027,,\n,,\nObjective,Key result,Owner\nMore deals,Raise win rate from 21% to 26%,Maria\n").okr_set.period.label == "Q1 2027"
    assert read("Mål 2027-H1;;\nMål;Nøgleresultat;Periode\nFlere kunder;Øg NPS fra 30 til 45;2027-Q2\n").okr_set.period.label == "2027-Q2"
    assert read("Sales OKRs,,\nObjective,Key result,Owner\nMore deals,Raise win rate from 21% to 26%,Maria\n").okr_set.period is None


# (objective column, target column that is also a word for the objective, key result column,
# semicolon sheets as Excel writes them in the language's locale)
AMBIGUOUS_HEADERS = [
    ("Célkitűzés", "Cél", "Kulcseredmény"),
    ("Målsætning", "Mål", "Nøgleresultat"),
    ("Målsättning", "Mål", "Nyckelresultat"),
    ("Objective", "Ziel", "Schlüsselergebnis"),
    ("Objective", "Tavoite", "Avaintulos"),
]


@pytest.mark.parametrize("objective, target, key_result", AMBIGUOUS_HEADERS, ids=[t for _, t, _ in AMBIGUOUS_HEADERS])
@pytest.mark.parametrize("target_first", [False, True], ids=["objective-first", "target-first"])
@pytest.mark.parametrize("numbers", [True, False], ids=["numbers", "numbers-with-words"])
def test_a_column_named_like_the_objective_holds_the_targets_beside_the_objective_column(objective, target, key_result, target_first, numbers):
    values = ("12 %", "3 %") if numbers else ("12 % (Q1)", "3 % eller mindre")
    header = [target, key_result, objective] if target_first else [objective, key_result, target]
    rows = [["Win the Nordic market", "Raise conversion from 8 % to 12 %", values[0]], ["Win the Nordic market", "Cut churn from 5 % to 3 %", values[1]]]
    if target_first:
        rows = [[r[2], r[1], r[0]] for r in rows]
    text = "\n".join(";".join(row) for row in [header, *rows]) + "\n"
    result = read(text)
    if numbers:
        assert result.issues == []
        krs = result.okr_set.objectives[0].key_results
        assert [kr.target for kr in krs] == [12, 3]
    else:  # the targets' column is never the objective: a cell that is no number is reported by its line
        assert {i.key for i in result.issues} == {"not-a-number"}
        assert [i.line for i in result.issues] == [2, 3]
    assert [o.title for o in result.okr_set.objectives] == ["Win the Nordic market"]


# A sheet with rows above its table, as Excel saves it in a Danish locale (BOM, `;`, CRLF, every row
# padded to the used range) and as Google Sheets downloads it (`,`, LF, padded with `,`).
ROWS_ABOVE = [
    ("Salg OKR 1. kvartal 2027", "title"),
    ("Team: Salg", "team"),
    ("Ansvarlig:;Mette Kjær", "owner"),
    ("Periode: 1. kvartal 2027", "period"),
    ("Sidst redigeret 03.02.2027", None),
    ("Budgettet er godkendt af direktionen", "unread"),
]
SHEET_BODY = ["Mål;Nøgleresultat;Udgangspunkt;Målværdi", "Flere kunder i Jylland;Øg antallet af nye kunder fra 40 til 60 inden 31.03.2027;40;60"]


def _sheet(delimiter: str, newline: str, bom: str) -> str:
    rows = [row for row, _ in ROWS_ABOVE] + [""] + SHEET_BODY
    width = 4
    padded = [";".join((row.split(";") + [""] * width)[:width]) for row in rows]
    return bom + newline.join(row.replace(";", delimiter) for row in padded) + newline


@pytest.mark.parametrize("delimiter, newline, bom", [(";", "\r\n", "\ufeff"), (",", "\n", "")], ids=["excel-da", "google-sheets"])
def test_rows_above_a_sheets_table_give_the_set_its_fields_and_an_unread_row_is_reported(delimiter, newline, bom):
    result = read(_sheet(delimiter, newline, bom))
    okr_set = result.okr_set
    assert (okr_set.title, okr_set.team, okr_set.owner, okr_set.period.label) == ("Salg OKR 1. kvartal 2027", "Salg", "Mette Kjær", "1. kvartal 2027")
    assert [(i.key, i.line) for i in result.issues] == [("csv-row-above-table", 6)]
    assert "Budgettet er godkendt af direktionen" in result.issues[0].message
    assert [kr.text for kr in okr_set.objectives[0].key_results] == ["Øg antallet af nye kunder fra 40 til 60 inden 31.03.2027"]


def test_a_set_column_wins_over_a_row_above_the_table():
    text = "Team: Salg\nMål;Nøgleresultat;Team\nFlere kunder;Øg antallet af kunder fra 40 til 60;Marketing\n"
    result = read(text)
    assert result.okr_set.team == "Marketing"
    assert result.issues == []


def test_a_checkin_keeps_the_rows_above_the_table_and_a_save_without_an_edit_the_bytes(tmp_path):
    from okrcoach.checkin import record_checkin
    from okrcoach.document import OkrDocument
    from okrcoach.model import Checkin

    text = _sheet(";", "\r\n", "")
    recorded = record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 2, 1), value=45))
    assert recorded.text.split("\r\n")[:7] == text.split("\r\n")[:7]
    path = tmp_path / "salg.okr.csv"
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    document, issues = OkrDocument.open(path)
    document.save()
    assert path.read_bytes() == ("\ufeff" + text).encode("utf-8")
