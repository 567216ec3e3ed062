"""`okrcoach checkin` and `okrcoach improve --write` change only the lines of what changed, in
every format (improve runs as a real subprocess against the fake OpenAI server)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from okrcoach.cli import main
from tests.fakes.openai_server import Reply
from tests.test_cli_llm import okrcoach

FIXTURES = Path(__file__).parent / "fixtures"


def changed(before: bytes, after: bytes) -> list[str]:
    a, b = before.decode("utf-8-sig").splitlines(), after.decode("utf-8-sig").splitlines()
    return [line for line in difflib.unified_diff(a, b, n=0, lineterm="") if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize(
    ("name", "suggestion", "old", "new"),
    [
        ("team.okr.yaml", "Cut monthly churn from 5% to 3% of paying teams", "      - text: 'Reduce monthly churn from 5% to 3%'", "      - text: 'Cut monthly churn from 5% to 3% of paying teams'"),
        ("notion-growth.okr.md", "Cut monthly churn from 5% to 3% of paying teams", "- KR2: Reduce monthly churn from 5% to 3%", "- KR2: Cut monthly churn from 5% to 3% of paying teams"),
        (
            "excel-salg.okr.csv",
            "Vind 15 nye kunder i Jylland og på Fyn",
            "Bliv førstevalget for danske webshops;Vind 15 nye kunder i Jylland;Bo;0;15;kunder;2027-03-31",
            "Bliv førstevalget for danske webshops;Vind 15 nye kunder i Jylland og på Fyn;Bo;0;15;kunder;2027-03-31",
        ),
        (
            "api-export.okr.json",
            "Raise the share of production deploys without rollback from 92% to 99%",
            '        "Raise the share of deploys without rollback from 92% to 99%"',
            '        "Raise the share of production deploys without rollback from 92% to 99%"',
        ),
    ],
)
def test_improve_write_changes_one_line(fake_openai, tmp_path, name, suggestion, old, new):
    path = tmp_path / name
    original = (FIXTURES / name).read_bytes()
    path.write_bytes(original)
    fake_openai.script(Reply.data({"text": suggestion, "rationale": "r"}))
    result = okrcoach(["improve", name, "--objective", "1", "--kr", "2", "--write"], fake_openai, tmp_path)
    written = "skrev" if name.startswith("excel-salg") else "wrote"  # the Danish sheet is told in Danish
    assert f"{written} {name}" in result.stderr, result.stderr
    assert changed(original, path.read_bytes()) == [f"-{old}", f"+{new}"]
    assert path.read_bytes()[:3] == original[:3]  # a BOM stays


def test_improve_write_also_writes_the_suggested_fields(fake_openai, tmp_path):
    path = tmp_path / "team.okr.yaml"
    original = (FIXTURES / "team.okr.yaml").read_bytes()
    path.write_bytes(original)
    fake_openai.script(Reply.data({"text": "Win 15 new webshop customers in Denmark by March", "target": 15, "unit": "customers", "rationale": "r"}))
    result = okrcoach(["improve", "team.okr.yaml", "--objective", "1", "--kr", "3", "--write"], fake_openai, tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert changed(original, path.read_bytes()) == [
        "-      - Win 15 new webshop customers in Denmark",
        "+      - text: Win 15 new webshop customers in Denmark by March",
        "+        target: 15",
        "+        unit: customers",
    ]


@pytest.mark.parametrize(
    ("name", "ref", "expected"),
    [
        (
            "team.okr.yaml",
            "O2.KR1",
            [
                "-    key_results: [Cut time to first invoice from 3 days to 1 day, Raise onboarding NPS from 31 to 45]",
                '+    key_results: [{text: Cut time to first invoice from 3 days to 1 day, current: 2, checkins: [{date: 2027-02-01, value: 2, note: "pricing: new plan"}]}, Raise onboarding NPS from 31 to 45]',
            ],
        ),
        ("notion-growth.okr.md", "O1.KR2", ["+    - current: 2", "+    - checkin: 2027-02-01 2 – pricing: new plan"]),
        (
            "excel-salg.okr.csv",
            "O1.KR2",
            [
                "-Objective;Key Result;Owner;Baseline;Target;Unit;Deadline",
                "+Objective;Key Result;Owner;Baseline;Target;Unit;Deadline;Current;Checkin Date;Note",
                "-Bliv førstevalget for danske webshops;Vind 15 nye kunder i Jylland;Bo;0;15;kunder;2027-03-31",
                "+Bliv førstevalget for danske webshops;Vind 15 nye kunder i Jylland;Bo;0;15;kunder;2027-03-31;2;2027-02-01;pricing: new plan",
            ],
        ),
        (
            "api-export.okr.json",
            "O2.KR1",
            [
                '-      "keyResults": ["Keep p95 API latency under 300 ms"]',
                '+      "keyResults": [{"text": "Keep p95 API latency under 300 ms", "current": 2, "checkins": [{"date": "2027-02-01", "value": 2, "note": "pricing: new plan"}]}]',
            ],
        ),
    ],
)
def test_checkin_changes_only_the_key_results_lines(tmp_path, monkeypatch, capsys, name, ref, expected):
    monkeypatch.chdir(tmp_path)
    original = (FIXTURES / name).read_bytes()
    (tmp_path / name).write_bytes(original)
    assert main(["checkin", name, ref, "2", "--date", "2027-02-01", "--note", "pricing: new plan"]) == 0, capsys.readouterr().err
    assert changed(original, (tmp_path / name).read_bytes()) == expected
