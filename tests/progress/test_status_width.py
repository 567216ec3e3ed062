"""`okrcoach status` fits its table to the terminal: at 80 columns every language's output fits,
the headings shortened and prose wrapped under its text, the data (bars, shares, grades, statuses)
whole; written to a file or pipe (no `COLUMNS`, no terminal) the full table is printed."""

from __future__ import annotations

import re
from datetime import date

import pytest

from okrcoach.cli import main
from okrcoach.formats import read_path
from okrcoach.progress import set_status
from okrcoach.renderers.progress import pct
from okrcoach.set_language import language_of
from okrcoach.tui.progress_view import status_label

SET = """language: {language}
team: Kundeteam
period: 2027-Q1
objectives:
  - title: Gladere kunder i hele landet og i resten af Norden
    key_results:
      - text: Hæv kundetilfredsheden fra 31 til 45 point målt månedligt
        baseline: 31
        target: 45
        checkins:
          - {{date: 2027-02-01, value: 38, confidence: 0.7}}
          - {{date: 2027-02-15, value: 36, confidence: 0.5}}
      - text: Sænk svartiden fra 12 til 4 timer
        baseline: 12
        target: 4
        current: 11
      - text: Nyt onboardingforløb for kunder
  - title: Flere kunder
    key_results:
      - text: Vind 40 nye kunder
        baseline: 0
        target: 40
        current: 30
"""
AT = date(2027, 2, 20)


@pytest.mark.parametrize("language", ["en", "da", "sv", "de", "fi", "hu"])
@pytest.mark.parametrize("columns", [80, 100])
def test_status_fits_the_terminal_in_every_language(language, columns, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "team.okr.yaml"
    path.write_text(SET.format(language=language), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)  # a terminal of `columns` columns
    assert main(["status", "team.okr.yaml", "--at", AT.isoformat()]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= columns for line in lines), [line for line in lines if len(line) > columns]
    okr_set = read_path(path).okr_set
    st = set_status(okr_set, AT)
    assert language_of(okr_set) == language
    rows = [line for line in lines if re.match(r"  O\d+ |     KR\d+ ", line)]
    expected = []
    for o in st.objectives:
        expected.append((o.ref, o.score.score, o.expected, o.status))
        expected += [(r.ref.split(".")[1], r.progress.progress, r.expected, r.status) for r in o.key_results]
    assert len(rows) == len(expected), lines
    for row, (ref, progress, share, status) in zip(rows, expected):
        assert row.split()[0] == ref
        if progress is not None:
            assert pct(progress) in row and pct(share) in row and status_label(status, language) in row, row


def test_status_to_a_pipe_prints_the_full_table(tmp_path, capsys, monkeypatch):
    path = tmp_path / "team.okr.yaml"
    path.write_text(SET.format(language="da"), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")  # set by the shell, but the output is not a terminal
    main(["status", str(path), "--at", AT.isoformat()])
    out = capsys.readouterr().out
    assert "målsætning / nøgleresultat" in out and "forventet" in out and "↓ ned" in out
    assert max(len(line) for line in out.splitlines()) > 100
