"""`okrcoach status` (text and the JSON contract) and `okrcoach tree`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrcoach.cli import main

COMPANY = """\
team: Company
period: 2027-Q1
objectives:
  - title: Grow revenue in the Nordics
    id: C-GROW
    kind: committed
    key_results:
      - text: Raise MRR from 100k to 140k
        baseline: 100
        target: 140
        checkins:
          - {date: 2027-01-20, value: 110, confidence: 0.8}
          - {date: 2027-02-10, value: 118, confidence: 0.6, note: two deals slipped}
  - title: Keep customers happy
    kind: aspirational
    key_results:
      - {text: Cut monthly churn from 3% to 2%, baseline: 3, target: 2, current: 2.8}
"""

SALES = """\
---
team: Sales
period: 2027-Q1
---
# Sales OKRs

## Objective 1: Win the Danish market
Aligns to: ../company.okr.yaml#C-GROW

- KR1: Raise Danish MRR from 20k to 40k
  - baseline: 20
  - target: 40
  - current: 36

## Objective 2: Build the best sales team
- KR1: Win 12 new enterprise customers
  - target: 12
"""

OPS = """\
team: Ops
period: 2027-Q1
objectives:
  - title: Make deliveries boringly reliable
    aligns_to: company.okr.yaml#O1
    key_results:
      - {text: Raise on-time deliveries from 91% to 97%, baseline: 91, target: 97, current: 97}
  - title: Cut delivery cost
    aligns_to: "#O1"
    key_results:
      - {text: Cut cost per delivery from 12 to 10, baseline: 12, target: 10, current: 11}
"""


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def okrs(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "okrs" / "teams").mkdir(parents=True)
    (tmp_path / "okrs" / "company.okr.yaml").write_text(COMPANY)
    (tmp_path / "okrs" / "teams" / "sales.okr.md").write_text(SALES)
    (tmp_path / "okrs" / "teams" / "ops.okr.yaml").write_text(OPS)
    return tmp_path / "okrs"


def test_status_text_table(okrs, capsys):
    code, out, err = run(["status", "okrs/company.okr.yaml", "--at", "2027-02-14"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "okrs/company.okr.yaml  Company, 2027-Q1  (at 2027-02-14: 50 % of the period gone)"
    row = next(line for line in lines if line.strip().startswith("O1 Grow revenue"))
    assert "█████░░░░░  45 %" in row and "0.5 yellow" in row and "50 %" in row and "on track" in row and "↓ down" in row
    kr_row = next(line for line in lines if "KR1 Raise MRR" in line)
    assert kr_row.startswith("     KR1") and "0.6 ↓" in kr_row
    aspirational = next(line for line in lines if line.strip().startswith("O2 Keep customers"))
    assert "35 %" in aspirational and "at risk" in aspirational
    risks = out.split("At risk:")[1]
    assert "O2.KR1 Cut monthly churn from 3% to 2%: 20 % done, 35 % expected by now" in risks
    assert "confidence  O1.KR1 Raise MRR from 100k to 140k: confidence down from 0.8 to 0.6" in risks


def test_status_of_a_directory_shows_unknowns_and_reasons(okrs, capsys):
    code, out, _ = run(["status", "okrs", "--at", "2027-02-14"], capsys)
    assert code == 0
    assert out.index("okrs/company.okr.yaml") < out.index("okrs/teams/ops.okr.yaml") < out.index("okrs/teams/sales.okr.md")
    assert "no measured key results (0 of 1)" in out
    assert "?  no baseline: add `baseline:`" in out


def test_status_before_the_period(okrs, capsys):
    _, out, _ = run(["status", "okrs/company.okr.yaml", "--at", "2026-12-01"], capsys)
    assert "the period has not started" in out and "not started" in out and "Nothing at risk." in out


def test_status_json_contract(okrs, capsys):
    code, out, _ = run(["status", "okrs", "--format", "json", "--at", "2027-02-14"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["version"] == 1 and data["at"] == "2027-02-14" and data["errors"] == []
    company = data["files"][0]
    assert {k: company[k] for k in ("path", "team", "period", "period_start", "period_end", "state", "elapsed")} == {
        "path": "okrs/company.okr.yaml",
        "team": "Company",
        "period": "2027-Q1",
        "period_start": "2027-01-01",
        "period_end": "2027-03-31",
        "state": "running",
        "elapsed": 0.5,
    }
    o1 = company["objectives"][0]
    assert {k: o1[k] for k in ("ref", "id", "kind", "score", "grade", "band", "expected", "status", "confidence_trend", "measured")} == {
        "ref": "O1",
        "id": "C-GROW",
        "kind": "committed",
        "score": 0.45,
        "grade": 0.5,
        "band": "yellow",
        "expected": 0.5,
        "status": "on_track",
        "confidence_trend": "down",
        "measured": 1,
    }
    kr = o1["key_results"][0]
    assert kr["ref"] == "O1.KR1" and kr["direction"] == "increase" and kr["value"] == 118 and kr["value_date"] == "2027-02-10"
    assert kr["progress"] == 0.45 and kr["confidence"] == 0.6 and kr["checkins"] == 2
    assert kr["last_checkin"] == {"date": "2027-02-10", "value": 118, "confidence": 0.6, "note": "two deals slipped"}
    assert company["objectives"][1]["expected"] == 0.35
    statuses = {r["status"] for f in data["files"] for r in f["at_risk"]}
    assert statuses <= {"off_track", "at_risk", "unknown", "confidence_down"}
    sales = next(f for f in data["files"] if f["path"].endswith("sales.okr.md"))
    unknown = sales["objectives"][1]["key_results"][0]
    assert unknown["progress"] is None and "no baseline" in unknown["reason"] and unknown["status"] == "unknown"


def test_status_with_an_unreadable_file_exits_1(okrs, capsys):
    (okrs / "broken.okr.yaml").write_text("objectives: [\n")
    code, out, _ = run(["status", "okrs", "--format", "json", "--at", "2027-02-14"], capsys)
    assert code == 1
    data = json.loads(out)
    assert data["errors"][0]["path"] == "okrs/broken.okr.yaml" and "YAML" in data["errors"][0]["message"]
    assert len(data["files"]) == 3


def test_status_usage_errors(okrs, capsys):
    assert run(["status", "okrs", "--at", "next week"], capsys)[0] == 2
    assert run(["status", "nowhere"], capsys)[0] == 2
    (okrs.parent / "empty").mkdir()
    code, _, err = run(["status", "empty"], capsys)
    assert code == 2 and "no OKR files found" in err


def test_tree_shows_the_cascade_with_scores(okrs, capsys):
    code, out, err = run(["tree", "okrs"], capsys)
    assert code == 0, err
    assert out.splitlines() == [
        "okrs/company.okr.yaml  (Company, 2027-Q1)",
        "  O1 Grow revenue in the Nordics — █████░░░░░ 45 % (0.5 yellow)",
        "    ↳ okrs/teams/ops.okr.yaml O1 Make deliveries boringly reliable — ██████████ 100 % (1.0 green)",
        "      ↳ O2 Cut delivery cost — █████░░░░░ 50 % (0.5 yellow)",
        "    ↳ okrs/teams/sales.okr.md O1 Win the Danish market — ████████░░ 80 % (0.8 green)",
        "  O2 Keep customers happy — ██░░░░░░░░ 20 % (0.2 red)",
        "",
        "okrs/teams/sales.okr.md  (Sales, 2027-Q1)",
        "  O2 Build the best sales team — no measured key results",
    ]


def test_tree_marks_dangling_references_and_cycles(okrs, capsys):
    (okrs / "teams" / "ops.okr.yaml").write_text(OPS.replace("company.okr.yaml#O1", "company.okr.yaml#O9").replace('"#O1"', '"#O2"'))
    _, out, _ = run(["tree", "okrs", "--at", "2027-01-31"], capsys)
    assert "aligns_to `company.okr.yaml#O9` points at nothing" in out
    assert "In a cycle" in out and "okrs/teams/ops.okr.yaml#O2 → okrs/teams/ops.okr.yaml#O2" in out
    assert "O1 Grow revenue in the Nordics — ███░░░░░░░ 25 % (0.3 red)" in out  # --at ignores later check-ins


def test_tree_of_a_team_folder_reads_the_parent_from_disk(okrs, capsys):
    _, out, _ = run(["tree", "okrs/teams"], capsys)
    assert out.splitlines()[0] == "okrs/company.okr.yaml  (Company, 2027-Q1)  [outside the files shown]"


def test_a_hint_names_the_key_in_the_language_of_the_files_own_keys(tmp_path, capsys):
    """A YAML file written with Danish keys is told to add `udgangspunkt:` (what its editor adds and
    its reader reads), not the English `baseline:`; a file of English keys keeps `baseline:`."""
    danish = tmp_path / "kunder.okr.yaml"
    danish.write_text("periode: 2027-Q3\nsprog: da\nmål:\n  - titel: Flere glade kunder\n    nøgleresultater:\n      - tekst: Kundetilfredshed\n        målværdi: 70\n", encoding="utf-8")
    english = tmp_path / "customers.okr.yaml"
    english.write_text("period: 2027-Q3\nobjectives:\n  - title: Happier customers\n    key_results:\n      - text: Customer satisfaction\n        target: 70\n", encoding="utf-8")
    main(["status", str(danish)])
    assert "tilføj `udgangspunkt:`" in capsys.readouterr().out
    main(["status", str(english)])
    assert "add `baseline:`" in capsys.readouterr().out
