"""`okrcoach lint export/` on a folder of a Notion export (`OKR Q1 2027 3f2a….md`): the walk says on
standard error how many files it read and which it left out and why, reads them with
`--extend-include '*.md'` or `extend-include` in okrcoach.toml, and never answers "No findings"
for a folder where nothing was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrcoach.cli import main

PAGE = "# Support OKRs Q1 2027\n\nOwner: Maya\n\n## Objective 1: Customers love our support\n\n- Raise NPS from 30 to 45 by March 2027\n- Cut the first response time from 8 to 4 hours by March 2027\n"
NOTION_NAME = "OKR Q1 2027 3f2a9c1e0b7d4a5f8e6b2c1d0a9f8e7d.md"


@pytest.fixture
def export(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "export"
    (folder / "OKR Q1 2027").mkdir(parents=True)
    (folder / NOTION_NAME).write_text(PAGE, encoding="utf-8")
    (folder / "OKR Q1 2027" / "Untitled 9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e.png").write_bytes(b"\x89PNG\r\n")
    monkeypatch.chdir(tmp_path)
    return folder


def test_a_folder_whose_files_are_all_left_out_says_so_and_why(export: Path, capsys):
    assert main(["lint", "export"]) == 2
    out, err = capsys.readouterr()
    assert "No findings" not in out and out == ""
    assert "0 OKR files read; 1 file skipped" in err
    assert NOTION_NAME in err
    assert "1 file of other formats skipped" in err
    assert "--extend-include '*.md'" in err and 'extend-include = ["*.md"]' in err


def test_extend_include_on_the_command_line_reads_the_export(export: Path, capsys):
    assert main(["lint", "export", "--extend-include", "*.md", "--exit-zero"]) == 0
    out, err = capsys.readouterr()
    assert NOTION_NAME in out and "Q1 2027" in out
    assert "skipped" not in err


def test_extend_include_in_the_config_reads_the_export(export: Path, capsys):
    (export.parent / "okrcoach.toml").write_text('extend-include = ["*.md"]\n', encoding="utf-8")
    assert main(["lint", "export", "--exit-zero"]) == 0
    out, err = capsys.readouterr()
    assert NOTION_NAME in out
    assert "skipped" not in err


def test_a_folder_with_okr_files_and_other_pages_names_what_it_left_out(export: Path, capsys):
    (export / "team.okr.md").write_text(PAGE, encoding="utf-8")
    main(["lint", "export", "--exit-zero"])
    out, err = capsys.readouterr()
    assert "team.okr.md" in out
    assert "1 OKR file read; 1 file skipped" in err


def test_an_empty_folder_is_no_clean_bill_of_health(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert main(["lint", "empty"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "no OKR files found" in err
