"""Files written by hand the way people and tools write them (tests/data/trial8), each of which
once showed a defect: a CI run over a folder, a tool's API export, a Finnish team's Markdown kept
with `okrcoach checkin`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from okrcoach.cli import main

DATA = Path(__file__).parent / "data" / "trial8"


def lint_json(paths: list[str], capsys) -> tuple[int, dict]:
    code = main(["lint", "--format", "json", "--isolated", *paths])
    return code, json.loads(capsys.readouterr().out)


def test_a_quote_never_closed_is_reported_where_it_opens_and_the_other_files_are_still_linted(tmp_path, monkeypatch, capsys):
    okrs = tmp_path / "okrs"
    okrs.mkdir()
    for name in ("platform-broken.okr.yaml", "platform.okr.yaml"):
        shutil.copy(DATA / name, okrs / name)
    monkeypatch.chdir(tmp_path)
    code, report = lint_json(["okrs"], capsys)
    assert code == 1
    broken = [f for f in report["findings"] if f["path"].endswith("platform-broken.okr.yaml")]
    assert [(f["code"], f["line"]) for f in broken] == [("OKR002", 7)], broken  # the line with the opening quote, not the end of the file
    assert "line 7, column 15" in broken[0]["message"]
    assert {Path(f["path"]).name for f in report["files"]} == {"platform-broken.okr.yaml", "platform.okr.yaml"}
    assert any(f["code"] == "OKR221" and f["path"].endswith("/platform.okr.yaml") for f in report["findings"]), "the good file is linted"
