"""Files written by hand the way people and tools write them (tests/data/trial8), each of which
once showed a defect: a CI run over a folder, a tool's API export, a Finnish team's Markdown kept
with `okrcoach checkin`."""

from __future__ import annotations

import json
import re
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


def test_json_checkin_lines_do_not_outvote_a_finnish_files_decimal_commas():
    """A Finnish Markdown file kept with `okrcoach checkin`: check-ins with a confidence or note are
    JSON lines, whose numbers have a decimal point by JSON's syntax, not by the file's style. The
    file writes `15,5 %`, so a new value is written `2,5`, not `2.5`."""
    from datetime import date

    from okrcoach.checkin import record_checkin
    from okrcoach.model import Checkin

    text = (DATA / "tuki.okr.md").read_text(encoding="utf-8")
    recorded = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 3, 10), value=2.5))
    # the decimal comma, and the field's own form: `nykyinen: 3` has no unit word, so neither has
    # the new value (its baseline and target write ` h`)
    assert re.search(r"^  - nykyinen: 2,5$", recorded.text, re.M), recorded.text
    assert "  - tilannepäivitys: 2027-03-10 2,5\n" in recorded.text, recorded.text
    assert recorded.key_result.current == 2.5


def test_an_okr_tools_api_export_names_its_key_results_like_its_objectives(capsys):
    """OKR tools' APIs call an objective's and a key result's text alike (`name`): both are read,
    and an edit in place (a check-in) writes the key result's `name`."""
    from datetime import date

    from okrcoach.checkin import record_checkin
    from okrcoach.formats import read_path
    from okrcoach.model import Checkin

    path = DATA / "growth-api-export.okr.json"
    result = read_path(path)
    assert not result.issues, result.issues
    (objective,) = result.okr_set.objectives
    assert [kr.text for kr in objective.key_results] == ["Increase trial-to-paid conversion from 4.1% to 6%", "Cut time to first value from 3 days to 1 day"]
    assert objective.key_results[0].baseline == 4.1 and objective.key_results[1].current == 2
    recorded = record_checkin(path.read_text(encoding="utf-8"), "json", 0, 1, Checkin(date=date(2027, 2, 1), value=1.5))
    assert recorded.key_result.text == "Cut time to first value from 3 days to 1 day" and recorded.key_result.current == 1.5
    code, report = lint_json([str(path)], capsys)
    assert not [f for f in report["findings"] if f["category"] == "format"], report["findings"]
