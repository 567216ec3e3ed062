"""OKRs pasted into a `.txt` file (from Google Docs, an e-mail, Slack): every command reads it as
what it is (an outline, `●`/`•` bullets, plain lines, or a CSV/JSON/YAML saved as text), the
same way, and writes back in its own shape."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from okrcoach.cli import main
from okrcoach.document import OkrDocument
from okrcoach.formats import format_of, read_path

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"

PLAIN_LINES = """\
Marketing OKRs 2027-Q1
Objective: Become the best known brand among Danish SMEs
Grow website visitors from 10000 to 15000 a month
Win 20 new customers from the SME segment

Objective: Make onboarding painless
Reduce time to first value from 14 days to 5 days
Raise trial-to-paid conversion from 8 % to 12 %

Best regards,
Anna
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_format_of_a_text_file_is_its_content():
    assert format_of("okrs.txt", PLAIN_LINES) == "md"
    assert format_of("okrs.txt", '{"objectives": []}') == "json"
    assert format_of("okrs.txt", "objective;key result\nGrow;Raise NPS from 30 to 40\n") == "csv"
    assert format_of("okrs.txt", "objectives:\n  - title: Grow\n") == "yaml"
    assert format_of("okrs.TXT", "just some words") == "md"
    assert format_of("okrs.okr.yaml", PLAIN_LINES) == "yaml"  # a name that tells wins
    assert format_of("okrs.doc", PLAIN_LINES) is None


def test_plain_lines_under_an_objective_are_its_key_results_and_a_sign_off_is_not(workdir):
    (workdir / "okrs.txt").write_text(PLAIN_LINES, encoding="utf-8")
    result = read_path(workdir / "okrs.txt")
    assert result.format == "md" and result.issues == []
    okr_set = result.okr_set
    assert okr_set.period.label == "2027-Q1"
    assert [[kr.text for kr in o.key_results] for o in okr_set.objectives] == [
        ["Grow website visitors from 10000 to 15000 a month", "Win 20 new customers from the SME segment"],
        ["Reduce time to first value from 14 days to 5 days", "Raise trial-to-paid conversion from 8 % to 12 %"],
    ]


def test_lint_reads_a_text_file_named_on_the_command_line(workdir, capsys):
    shutil.copy(EXPORTS / "gdocs-en-bullets.txt", workdir / "okrs.txt")
    code, out, err = run(["lint", "okrs.txt"], capsys)
    assert code == 0, err
    assert "okrs.txt  (en, Q3 2027, 2 objectives, 5 key results)" in out


@pytest.mark.parametrize(
    "name, ref, value, added",
    [
        ("gdocs-en-bullets.txt", "O1.KR3", "250", ["\t○ Current: 250\n", "\t○ Checkin: 2027-08-01 250\n"]),
        ("email-de-plain-lines.txt", "O1.KR2", "21,5", ["  - Aktueller Wert: 21,5\r\n", "  - Check-in: 2027-05-01 21,5\r\n"]),
    ],
)
def test_checkin_on_a_text_file_adds_sub_bullets_in_its_style_and_nothing_else(workdir, capsys, name, ref, value, added):
    shutil.copy(EXPORTS / name, workdir / "okrs.txt")
    before = (workdir / "okrs.txt").read_bytes()
    checkin_day = "2027-08-01" if "gdocs" in name else "2027-05-01"
    code, out, err = run(["checkin", "okrs.txt", ref, value, "--date", checkin_day], capsys)
    assert code == 0, err
    after = (workdir / "okrs.txt").read_bytes()
    old_lines = before.decode("utf-8-sig").splitlines(keepends=True)
    new_lines = after.decode("utf-8-sig").splitlines(keepends=True)
    assert after.startswith(before[:3])  # a BOM stays
    assert [line for line in new_lines if line not in old_lines] == added
    assert [line for line in old_lines if line not in new_lines] == []
    oi, ki = (int(part) - 1 for part in ref.replace("O", "").replace("KR", "").split("."))
    kr = read_path(workdir / "okrs.txt").okr_set.objectives[oi].key_results[ki]
    assert kr.current == float(value.replace(",", ".")) and kr.checkins[0].date == date.fromisoformat(checkin_day)


def test_status_and_checkin_agree_on_a_json_saved_as_text(workdir, capsys):
    (workdir / "okrs.txt").write_text('{"objectives": [{"title": "Delight our customers", "key_results": ["Raise NPS from 30 to 40 by June 2027"]}]}\n', encoding="utf-8")
    code, _, err = run(["checkin", "okrs.txt", "O1.KR1", "33", "--date", "2027-02-01"], capsys)
    assert code == 0, err
    assert read_path(workdir / "okrs.txt").format == "json"
    code, out, err = run(["status", "okrs.txt", "--at", "2027-02-02"], capsys)
    assert code == 0, err and "30 %" in out


def test_the_tui_document_opens_a_text_file_and_saves_it_unchanged(workdir):
    shutil.copy(EXPORTS / "email-de-plain-lines.txt", workdir / "okrs.txt")
    before = (workdir / "okrs.txt").read_bytes()
    document, issues = OkrDocument.open(workdir / "okrs.txt")
    assert document.format == "md" and issues == []
    assert len(document.okr_set.objectives) == 2
    document.save()
    assert (workdir / "okrs.txt").read_bytes() == before
