"""`okrcoach checkin`: the check-in lands in the file and every other byte stays as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrcoach.checkin import CheckinError, WriteRefused, find_key_result, record_checkin
from okrcoach.cli import main
from okrcoach.documents import apply_changes
from okrcoach.formats import read_path, read_text
from okrcoach.model import Checkin

YAML = """\
# Team OKRs, reviewed every Monday
period: 2027-Q1   # the quarter
objectives:
  - title: Grow revenue   # the big one
    key_results:
      - Raise MRR from 100k to 140k  # keep this comment
      - text: Cut churn from 3% to 2%
        id: churn
        baseline: 3
        target: 2
  # comment between objectives
  - title: Hire well
    key_results: [Hire 2 senior engineers, Onboard both within 30 days]
# trailing comment
"""


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# -- YAML -----------------------------------------------------------------------------------------


def test_yaml_plain_string_key_result_becomes_a_mapping_in_place(workdir, capsys):
    file = write(workdir / "team.okr.yaml", YAML)
    code, out, err = run(["checkin", "team.okr.yaml", "O1.KR1", "110", "--date", "2027-01-20", "--confidence", "0.8", "--note", "two deals slipped"], capsys)
    assert code == 0, err
    assert "O1.KR1" in out and "110" in out and "25 %" not in out  # no baseline field: progress unknown
    assert file.read_text() == YAML.replace(
        "      - Raise MRR from 100k to 140k  # keep this comment\n",
        "      - text: Raise MRR from 100k to 140k  # keep this comment\n"
        "        current: 110\n"
        "        checkins:\n"
        "          - {date: 2027-01-20, value: 110, confidence: 0.8, note: two deals slipped}\n",
    )


def test_yaml_mapping_key_result_by_id_gets_current_and_checkins(workdir, capsys):
    file = write(workdir / "team.okr.yaml", YAML)
    assert run(["checkin", "team.okr.yaml", "churn", "2,5", "--date", "2027-02-01"], capsys)[0] == 0
    expected = YAML.replace("        target: 2\n", "        target: 2\n        current: 2.5\n        checkins:\n          - {date: 2027-02-01, value: 2.5}\n")
    assert file.read_text() == expected
    code, out, _ = run(["checkin", "team.okr.yaml", "churn", "2.2", "--date", "2027-03-01", "--note", "pricing: new plan, live"], capsys)
    assert code == 0 and "2.5 → 2.2" in out and "80 %" in out
    assert file.read_text() == expected.replace("current: 2.5\n", "current: 2.2\n").replace(
        "          - {date: 2027-02-01, value: 2.5}\n",
        '          - {date: 2027-02-01, value: 2.5}\n          - {date: 2027-03-01, value: 2.2, note: "pricing: new plan, live"}\n',
    )
    kr = read_path(file).okr_set.objectives[0].key_results[1]
    assert kr.current == 2.2 and [c.value for c in kr.checkins] == [2.5, 2.2]
    assert kr.checkins[1].note == "pricing: new plan, live"


def test_yaml_flow_items_and_a_file_without_final_newline(workdir, capsys):
    file = write(workdir / "team.okr.yaml", YAML.rstrip("\n"))
    assert run(["checkin", "team.okr.yaml", "O2.KR2", "14", "--date", "2027-02-01"], capsys)[0] == 0
    assert file.read_text() == YAML.rstrip("\n").replace("Onboard both within 30 days]", "{text: Onboard both within 30 days, current: 14, checkins: [{date: 2027-02-01, value: 14}]}]")


def test_yaml_existing_block_checkins_keep_their_style():
    text = (
        "objectives:\n"
        "  - title: Grow\n"
        "    key_results:\n"
        "      - text: Cut churn\n"
        "        baseline: 3\n"
        "        target: 2\n"
        "        checkins:\n"
        "          - date: 2027-01-10\n"
        "            value: 2.9\n"
        "        owner: Ann   # owner last\n"
    )
    result = record_checkin(text, "yaml", 0, 0, Checkin(date=date(2027, 2, 1), value=2.5))
    assert result.text == text.replace(
        "        checkins:\n",
        "        current: 2.5\n        checkins:\n",
    ).replace("            value: 2.9\n", "            value: 2.9\n          - date: 2027-02-01\n            value: 2.5\n")


def test_yaml_backdated_checkin_keeps_current_at_the_newest():
    text = "objectives:\n  - title: Grow\n    key_results:\n      - text: Cut churn\n        current: 2.4\n        checkins: [{date: 2027-02-01, value: 2.4}]\n"
    result = record_checkin(text, "yaml", 0, 0, Checkin(date=date(2027, 1, 15), value=2.8))
    assert result.text == text.replace("}]", "}, {date: 2027-01-15, value: 2.8}]")
    assert result.key_result.current == 2.4


def test_crlf_and_bom_are_kept(workdir, capsys):
    text = "\ufeff" + YAML.replace("\n", "\r\n")
    file = workdir / "team.okr.yaml"
    file.write_bytes(text.encode("utf-8"))
    assert run(["checkin", "team.okr.yaml", "churn", "2.5", "--date", "2027-02-01"], capsys)[0] == 0
    data = file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"        current: 2.5\r\n        checkins:\r\n          - {date: 2027-02-01, value: 2.5}\r\n" in data


# -- Markdown ---------------------------------------------------------------------------------------

MARKDOWN = """\
---
team: Growth
period: 2027-Q1
---
# Growth OKRs

<!-- reviewed on Mondays -->
## Objective 1: Become the go-to tool
Owner: Anna

- KR1: Increase weekly active teams from 120 to 200
  - baseline: 120
  - target: 200
  - Remember: this excludes trial teams
- KR2: Reduce churn from 5% to 3% <!-- okrcoach: waive OKR220 — monthly -->
  - current: 4.5
  - checkin: 2027-01-15 4.5

## Objective 2: Hire well
1. KR 1: Hire 2 senior engineers
"""


def test_markdown_adds_sub_bullets_the_reader_understands(workdir, capsys):
    file = write(workdir / "growth.okr.md", MARKDOWN)
    assert run(["checkin", "growth.okr.md", "O1.KR1", "150", "--date", "2027-02-01", "--confidence", "7", "--note", "on <b>track</b>"], capsys)[0] == 0
    assert file.read_text() == MARKDOWN.replace(
        "  - Remember: this excludes trial teams\n",
        "  - Remember: this excludes trial teams\n  - current: 150\n  - checkin: 2027-02-01 150 (confidence 7) – on \\<b>track\\</b>\n",
    )
    kr = read_path(file).okr_set.objectives[0].key_results[0]
    assert kr.current == 150 and kr.checkins[0].note == "on <b>track</b>" and kr.checkins[0].confidence == 7


def test_markdown_replaces_current_and_appends_after_the_last_checkin(workdir, capsys):
    file = write(workdir / "growth.okr.md", MARKDOWN)
    assert run(["checkin", "growth.okr.md", "O1.KR2", "4", "--date", "2027-02-01"], capsys)[0] == 0
    assert run(["checkin", "growth.okr.md", "O2.KR1", "1", "--date", "2027-02-01"], capsys)[0] == 0
    assert file.read_text() == MARKDOWN.replace("  - current: 4.5\n  - checkin: 2027-01-15 4.5\n", "  - current: 4\n  - checkin: 2027-01-15 4.5\n  - checkin: 2027-02-01 4\n").replace(
        "1. KR 1: Hire 2 senior engineers\n", "1. KR 1: Hire 2 senior engineers\n   - current: 1\n   - checkin: 2027-02-01 1\n"
    )


# -- JSON and CSV -----------------------------------------------------------------------------------


def test_json_is_rewritten_with_its_key_order_and_indent(workdir, capsys):
    text = '{\n    "period": "2027-Q1",\n    "objectives": [\n        {\n            "title": "Grow",\n            "keyResults": [\n                "Raise A from 1 to 2",\n                {\n                    "text": "Ærø sales",\n                    "currentValue": 1,\n                    "target": 3\n                }\n            ]\n        }\n    ]\n}\n'
    file = write(workdir / "team.okr.json", text)
    assert run(["checkin", "team.okr.json", "O1.KR2", "2", "--date", "2027-02-01"], capsys)[0] == 0
    assert file.read_text() == text.replace('"currentValue": 1,', '"currentValue": 2,').replace(
        '"target": 3\n',
        '"target": 3,\n                    "checkins": [\n                        {\n                            "date": "2027-02-01",\n                            "value": 2\n                        }\n                    ]\n',
    )
    assert run(["checkin", "team.okr.json", "O1.KR1", "1,5", "--date", "2027-02-01"], capsys)[0] == 0
    kr = read_path(file).okr_set.objectives[0].key_results[0]
    assert kr.text == "Raise A from 1 to 2" and kr.current == 1.5 and len(kr.checkins) == 1


def test_csv_keeps_the_latest_check_in_adding_its_columns(workdir, capsys):
    text = 'objective;key_result;baseline;target;owner\nGrow;Raise A from 1 to 2;1;2\n"Grow";"Raise B; fast";1,5;3,5;Ann\n'
    file = write(workdir / "team.okr.csv", text)
    code, _, err = run(["checkin", "team.okr.csv", "O1.KR2", "2,25", "--date", "2027-01-10", "--confidence", "0.7", "--note", "two; deals"], capsys)
    assert code == 0, err
    assert "keeps only its latest check-in" not in err  # nothing was replaced
    assert file.read_text() == text.replace("objective;key_result;baseline;target;owner\n", "objective;key_result;baseline;target;owner;current;checkin_date;checkin_confidence;note\n").replace(
        ";Ann\n", ';Ann;2,25;2027-01-10;0,7;"two; deals"\n'
    )
    kr = read_path(file).okr_set.objectives[0].key_results[1]
    assert kr.current == 2.25 and [(c.date, c.value, c.confidence, c.note) for c in kr.checkins] == [(date(2027, 1, 10), 2.25, 0.7, "two; deals")]
    code, _, err = run(["checkin", "team.okr.csv", "O1.KR2", "2,5", "--date", "2027-02-01"], capsys)
    assert code == 0 and "keeps only its latest check-in" in err
    assert file.read_text().splitlines()[2] == '"Grow";"Raise B; fast";1,5;3,5;Ann;2,5;2027-02-01;;'
    assert run(["checkin", "team.okr.csv", "O1.KR1", "2", "--date", "2027-02-01"], capsys)[0] == 0
    assert file.read_text().splitlines()[1] == "Grow;Raise A from 1 to 2;1;2;;2;2027-02-01"


def test_csv_existing_current_column():
    text = "objective,key_result,current,target\r\nGrow,A,1,5\r\nGrow,B,,5\r\n"
    result = record_checkin(text, "csv", 0, 1, Checkin(date=date(2027, 2, 1), value=2))
    assert result.text == text.replace("current,target\r\n", "current,target,checkin_date\r\n").replace("Grow,B,,5", "Grow,B,2,5,2027-02-01")
    assert not result.history_kept


def test_csv_refuses_a_check_in_older_than_the_rows():
    text = "objective,key_result,current,checkin_date\nGrow,A,3,2027-03-01\n"
    with pytest.raises(WriteRefused, match="keeps only the latest check-in"):
        record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 2, 1), value=2))


# -- bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["O3.KR1", "1"], "the file has 2 objectives (O1-O2)"),
        (["O1.KR3", "1"], "objective O1 has 2 key results (KR1-KR2)"),
        (["chrun", "1"], "did you mean 'churn'?"),
        (["O1.KR1", "12x"], "VALUE must be a number"),
        (["O1.KR1", "12 %"], "O1.KR1 has no unit, so % cannot be its value: type the number alone, e.g. 12"),
        (["O1.KR1", "1,2,3"], "thousands are grouped in threes"),
        (["O1.KR1", "1", "--confidence", "11"], "--confidence must be between 0 and 1"),
        (["O1.KR1", "1", "--confidence", "high"], "--confidence must be a number"),
        (["O1.KR1", "1", "--date", "2027-02-30"], "--date '2027-02-30' is not a date: February 2027 has no day 30"),
        (["O1.KR1", "1", "--date", "next tuesday"], "--date must be a date such as 2027-03-31, 31.03.2027"),
    ],
)
def test_bad_references_and_values_exit_2_and_change_nothing(workdir, capsys, args, message):
    file = write(workdir / "team.okr.yaml", YAML)
    code, out, err = run(["checkin", "team.okr.yaml", *args], capsys)
    assert code == 2
    assert message in err and err.startswith("okrcoach: error: ")
    assert out == ""
    assert file.read_text() == YAML


def test_bad_files_exit_2(workdir, capsys):
    assert "no such file" in run(["checkin", "missing.okr.yaml", "O1.KR1", "1"], capsys)[2]
    write(workdir / "notes.doc", "x")
    assert "cannot tell the format" in run(["checkin", "notes.doc", "O1.KR1", "1"], capsys)[2]
    write(workdir / "notes.txt", "x")  # a text file is read as what it holds: here, nothing
    code, _, err = run(["checkin", "notes.txt", "O1.KR1", "1"], capsys)
    assert code == 2 and "cannot read notes.txt" in err
    write(workdir / "broken.okr.yaml", "objectives: [\n")
    code, _, err = run(["checkin", "broken.okr.yaml", "O1.KR1", "1"], capsys)
    assert code == 2 and "cannot read broken.okr.yaml" in err


def test_a_check_in_that_cannot_be_verified_is_refused(monkeypatch, workdir, capsys):
    import okrcoach.documents.yaml_edit as module

    file = write(workdir / "team.okr.yaml", YAML)
    monkeypatch.setattr(module, "candidates", lambda text, *a: iter([text.replace("Grow revenue", "Grow profit")]))
    code, _, err = run(["checkin", "team.okr.yaml", "O1.KR1", "1"], capsys)
    assert code == 1
    assert "nothing was written" in err and "Add it by hand under O1.KR1" in err
    assert file.read_text() == YAML


def test_negative_values_with_a_decimal_comma(workdir, capsys):
    file = write(workdir / "team.okr.yaml", YAML)
    code, _, err = run(["checkin", "team.okr.yaml", "churn", "-0,5", "--date", "2027-02-01"], capsys)
    assert code == 0, err
    assert read_path(file).okr_set.objectives[0].key_results[1].current == -0.5


def test_date_outside_the_period_is_recorded_with_a_note(workdir, capsys):
    write(workdir / "team.okr.yaml", YAML)
    code, _, err = run(["checkin", "team.okr.yaml", "churn", "2", "--date", "2027-05-02"], capsys)
    assert code == 0 and "outside the period 2027-Q1" in err


def test_key_result_references():
    okr_set = read_text(YAML, "t", "yaml").okr_set
    assert find_key_result(okr_set, "O1.KR2") == (0, 1)
    assert find_key_result(okr_set, "o2.kr1") == (1, 0)
    assert find_key_result(okr_set, "churn") == (0, 1)
    assert find_key_result(okr_set, "CHURN") == (0, 1)
    with pytest.raises(CheckinError, match="no key result"):
        find_key_result(okr_set, "O1-KR9x")


def test_record_checkin_refuses_what_it_cannot_read():
    with pytest.raises(WriteRefused):
        record_checkin("objectives: [\n", "yaml", 0, 0, Checkin(date=date(2027, 1, 1), value=1))


def test_checkin_keeps_an_excel_unicode_text_file_utf16(workdir, capsys):
    text = "\ufeffObjective\tKey Result\tBaseline\tTarget\r\nGrow\tRaise NPS from 30 to 45\t30\t45\r\n"
    file = workdir / "team.okr.tsv"
    file.write_bytes(text.encode("utf-16-le"))
    code, out, err = run(["checkin", "team.okr.tsv", "O1.KR1", "36,5", "--date", "1.2.2027"], capsys)
    assert code == 0, err
    data = file.read_bytes()
    assert data.startswith(b"\xff\xfe")
    lines = data[2:].decode("utf-16-le").splitlines()
    assert lines[0].endswith("\tCurrent\tCheckin Date") and lines[1].endswith("\t36.5\t2027-02-01")


# A Confluence page of OKRs as a Markdown table (Swedish), as confluence-markdown-exporter writes
# one: a mention, a status column and a `<br/>` note in a cell.
CONFLUENCE_TABLE = """\
# Kundtjänst OKR Q2 2027

| Mål | Nyckelresultat | Ansvarig | Status |{current_head}
| --- | --- | --- | --- |{current_rule}
| Höj kundnöjdheten | Öka NPS från 31 till 40<br/>_mäts kvartalsvis_ | @Sara Lind | PÅ RÄTT SPÅR |{cell}
|  | Sänk svarstiden i chatten från 4,5 till 2 minuter | @Sara Lind | I FARA |{cell}
"""


@pytest.mark.parametrize("current_column", [False, True], ids=["no-current-column", "current-column"])
def test_a_check_in_on_a_table_row_goes_into_a_check_in_column_in_the_file_s_words(workdir, capsys, current_column):
    """A table row holds its latest check-in, as a spreadsheet row does. A table with no check-in
    column gets one, headed in the file's language (`Incheckning`), holding the check-in in words;
    only the header, the rule and the row change, every other row keeps its bytes."""
    cells = {"current_head": " Aktuellt |", "current_rule": " --- |", "cell": "  |"} if current_column else {"current_head": "", "current_rule": "", "cell": ""}
    text = CONFLUENCE_TABLE.format(**cells)
    file = write(workdir / "kundtjanst.okr.md", text)
    code, out, err = run(["checkin", "kundtjanst.okr.md", "O1.KR2", "3,6", "--date", "2027-04-30"], capsys)
    assert code == 0, err
    after = file.read_text().splitlines()
    before = text.splitlines()
    assert after[2] == before[2] + " Incheckning |" and after[3] == before[3] + " --- |"
    assert after[4] == before[4]  # the other row
    assert after[5] == before[5] + " 2027-04-30 3,6 |"
    kr = read_path(file).okr_set.objectives[0].key_results[1]
    assert [(c.date, c.value) for c in kr.checkins] == [(date(2027, 4, 30), 3.6)]


# An e-mail or Slack outline pasted into a text file: the key results are `*` or `•` bullets.
PASTED_OUTLINE = "OKRs Q1 2027\n\nObjective: Grow revenue\n{indent}{bullet} Raise MRR from 40k to 60k\n{indent}{bullet} Raise NPS from 30 to 45\n\nRisks: none yet\n"


@pytest.mark.parametrize("bullet, indent", [("*", "  "), ("•", ""), ("+", " ")], ids=["star", "dot", "plus"])
def test_a_text_file_s_check_in_follows_its_own_bullet_and_indentation(workdir, capsys, bullet, indent):
    text = PASTED_OUTLINE.format(bullet=bullet, indent=indent)
    assert apply_changes(text, "md", [], "okrs.txt").text == text  # a save without an edit
    file = write(workdir / "okrs.txt", text)
    assert run(["checkin", "okrs.txt", "O1.KR2", "35", "--date", "2027-02-01"], capsys)[0] == 0
    under = indent + " " * (len(bullet) + 1) + bullet
    expected = text.replace("NPS from 30 to 45\n", f"NPS from 30 to 45\n{under} current: 35\n{under} checkin: 2027-02-01 35\n")
    assert file.read_text() == expected
    # A second key result's check-in follows the first one's sub-bullets, every other byte as it was.
    assert run(["checkin", "okrs.txt", "O1.KR1", "45", "--date", "2027-02-01"], capsys)[0] == 0
    assert file.read_text() == expected.replace("40k to 60k\n", f"40k to 60k\n{under} current: 45\n{under} checkin: 2027-02-01 45\n")
    kr = read_path(file).okr_set.objectives[0].key_results[1]
    assert kr.current == 35 and [c.value for c in kr.checkins] == [35]


def test_a_check_in_follows_the_sub_bullets_another_key_result_already_has(workdir, capsys):
    text = "# Q1 2027\n\n## Objective: Grow revenue\n\n* Raise MRR from 40k to 60k\n    + current: 41\n* Raise NPS from 30 to 45\n"
    file = write(workdir / "growth.okr.md", text)
    assert run(["checkin", "growth.okr.md", "O1.KR2", "35", "--date", "2027-02-01"], capsys)[0] == 0
    assert file.read_text() == text + "    + current: 35\n    + checkin: 2027-02-01 35\n"
