"""What the command line says on standard error about files is said in their language: notes on
what a folder's walk left out, errors about a file it read, and everything with `--language`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okrcoach.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def danish_folder(tmp_path, monkeypatch):
    """A folder of Danish OKRs with no config, and a Markdown page not named *.okr.md."""
    shutil.copy(EXAMPLES / "salg.okr.md", tmp_path / "salg.okr.md")
    shutil.copy(EXAMPLES / "salg.okr.md", tmp_path / "noter.md")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-user-config"))
    return tmp_path


def test_a_folder_of_danish_files_hears_what_was_skipped_in_danish(danish_folder, capsys):
    main(["lint", "--exit-zero", "."])
    err = capsys.readouterr().err
    assert "1 OKR-fil læst; 1 fil sprunget over" in err, err
    main(["status", "."])
    assert "1 OKR-fil læst; 1 fil sprunget over" in capsys.readouterr().err


def test_language_option_is_the_language_of_the_diagnostics(tmp_path, monkeypatch, capsys):
    shutil.copy(EXAMPLES / "marketing.okr.yaml", tmp_path / "marketing.okr.yaml")
    shutil.copy(EXAMPLES / "marketing.okr.yaml", tmp_path / "notes.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-user-config"))
    main(["lint", "--exit-zero", "."])
    assert "1 OKR file read; 1 file skipped" in capsys.readouterr().err
    main(["lint", "--exit-zero", "--language", "da", "."])
    assert "1 OKR-fil læst; 1 fil sprunget over" in capsys.readouterr().err
    assert main(["lint", "--language", "da", "mangler.okr.yaml"]) == 2
    assert "okrcoach: fejl: filen eller mappen findes ikke: mangler.okr.yaml" in capsys.readouterr().err
    main(["lint", "--exit-zero", "."])
    assert "1 OKR file read" in capsys.readouterr().err, "the next command speaks as configured again"


def test_errors_about_a_danish_file_are_danish(danish_folder, capsys):
    assert main(["checkin", "salg.okr.md", "O9.KR1", "3"]) == 2
    assert "okrcoach: fejl: O9.KR1: filen har 2 målsætninger (O1-O2)" in capsys.readouterr().err
    assert main(["checkin", "salg.okr.md", "O1.KR1", "3abc"]) == 2
    assert "okrcoach: fejl: VALUE skal være et tal" in capsys.readouterr().err
    assert main(["improve", "salg.okr.md", "--objective", "9"]) == 2
    assert "okrcoach: fejl: --objective 9: filen har 2 målsætninger" in capsys.readouterr().err


def test_context_given_as_a_sentence_says_it_names_a_file(tmp_path, monkeypatch, capsys):
    """A leader typed the facts after --context (the README's `--context facts.txt` names a file)."""
    monkeypatch.chdir(tmp_path)
    assert main(["draft", "Vi vil øge salget", "--lang", "da", "--context", "Vi har 40 webshops"]) == 2
    err = capsys.readouterr().err
    assert "kan ikke læse --context Vi har 40 webshops" in err and "--context angiver en fil med fakta" in err
