"""The command line's own words follow the config's `language`: argparse's errors, `usage:` and
help headings, and okrcoach's usage errors; without a language they stay English."""

from __future__ import annotations

import re

import pytest

from okrcoach.cli import help_texts, main
from okrcoach.cli import words as cli_words
from okrcoach.i18n import catalog
from okrcoach.language_data import bundled_languages


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_words, "_language", None)  # looked up once per process
    return tmp_path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own exits
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_danish_project_gets_danish_usage_errors_and_help(folder, capsys):
    (folder / "okrcoach.toml").write_text('[lint]\nlanguage = "da"\n', encoding="utf-8")
    code, _, err = _run(capsys, "lint", "--format", "nope", "x.okr.yaml")
    assert code == 2 and "brug: okrcoach lint" in err and "ugyldigt valg: 'nope' (vælg mellem" in err, err
    code, _, err = _run(capsys, "checkin", "nope.okr.md", "O1.KR1", "5")
    assert code == 2 and err.strip() == "okrcoach: fejl: filen findes ikke: nope.okr.md"
    code, _, err = _run(capsys, "checkin")
    assert code == 2 and "fejl: disse argumenter mangler: FILE, KR, VALUE" in err
    code, out, _ = _run(capsys, "--help")
    assert code == 0 and out.startswith("brug: okrcoach") and "tilvalg:" in out and "vis denne hjælp og afslut" in out
    assert "usage:" not in out and "show this help message" not in out


def test_without_a_language_the_command_line_speaks_english(folder, capsys):
    code, _, err = _run(capsys, "checkin", "nope.okr.md", "O1.KR1", "5")
    assert code == 2 and err.strip() == "okrcoach: error: no such file: nope.okr.md"
    code, out, _ = _run(capsys, "--help")
    assert out.startswith("usage: okrcoach") and "show this help message and exit" in out


@pytest.mark.parametrize("language", [code for code in bundled_languages() if code != "en"])
def test_every_command_line_word_is_translated(language):
    english = {**catalog("en").entries, **help_texts()}
    keys = [key for key in english if key.startswith("cli.") and key != "cli.argparse.argument"]
    same = [key for key in keys if catalog(language).entries[key] == english[key] and re.search(r"[^\W\d_]{3,}", re.sub(r"\{[^{}]*\}", "", english[key]))]
    assert len(keys) > 140 and not same, f"{language}.yaml repeats the English text of {same}"
