"""Check kinds are modules in one registry; one factory builds every finding; waivers resolve once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from okrcoach.formats import read_bytes
from okrcoach.linting import lint_result
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, RubricError, load_rubric
from okrcoach.rubric.kinds import KINDS
from tests.rule_examples import lint_example

RUBRIC_DIR = bundled_dir("rubrics")
RUBRIC = load_rubric(RUBRIC_DIR)
SRC = Path(__file__).resolve().parents[2] / "src" / "okrcoach"


def test_every_rule_names_a_registered_kind_and_every_kind_is_a_module_with_its_three_parts():
    assert {rule.check for rule in RUBRIC.rules} <= set(KINDS)
    for name, module in KINDS.items():
        assert module.NAME == name
        assert Path(module.__file__).name == f"{name}.py"
        assert callable(module.validate) and callable(module.compile)


def _custom_rule(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "custom"
    folder.mkdir()
    (folder / "my-rule.yaml").write_text(
        "code: OKR990\nname: my-rule\ntarget: objective\ncategory: structure\nlevel: warning\n" + body + 'message: "m {evidence}"\nfix: f\nwhy: w\n',
        encoding="utf-8",
    )
    return folder


def test_an_unknown_kind_is_refused_naming_the_file_and_the_closest_kind(tmp_path):
    folder = _custom_rule(tmp_path, "check: fact\nparams: {all: [activity_head]}\n")
    with pytest.raises(RubricError, match=r"my-rule\.yaml: unknown check kind `fact` \(did you mean `facts`\?\)"):
        load_rubric(RUBRIC_DIR, (folder,))


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("check: count\nparams: {of: key_results}\n", "needs params.min or params.max"),
        ("check: length\nparams: {}\n", "needs params.max"),
        ("check: facts\nparams: {all: [no_such_fact]}\n", "unknown fact `no_such_fact`"),
        ("check: collection\nparams: {cycles: 3}\n", "unknown params ['cycles']"),
    ],
)
def test_each_kind_validates_its_own_params(tmp_path, body, problem):
    folder = _custom_rule(tmp_path, body)
    with pytest.raises(RubricError, match=re.escape(problem)):
        load_rubric(RUBRIC_DIR, (folder,))


def test_a_custom_rule_of_an_engine_kind_runs_through_the_registry(tmp_path):
    folder = _custom_rule(tmp_path, "check: length\nparams: {max: 10}\n")
    linter = Linter(load_rubric(RUBRIC_DIR, (folder,)))
    text = b"period: 2027-Q1\nobjectives:\n  - title: Become the first choice of Nordic web shops\n    key_results:\n      - text: Raise NPS from 30 to 45\n"
    findings = lint_result(read_bytes(text, "a.okr.yaml"), linter).findings
    hit = [f for f in findings if f.code == "OKR990"]
    assert len(hit) == 1 and hit[0].line == 3 and hit[0].target == "objective" and hit[0].objective_index == 0


def test_findings_are_built_in_one_place():
    builders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "findings.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bFinding(?:\.model_construct)?\(", line) and not line.lstrip().startswith("class ")
    ]
    assert builders == []


ALIGNED = """\
period: 2027-Q1
objectives:
  - title: Grow revenue in the Nordics
    waive:
      - {code: OKR401, reason: the company set is published next week}
      - {code: OKR402, reason: a waiver for a rule that raises nothing here}
    aligns_to: company.okr.yaml#O9
    key_results:
      - text: Raise MRR from 10k to 14k
      - text: Cut monthly churn from 3% to 2%
"""


def test_a_waiver_that_silences_a_collection_finding_is_used_and_an_idle_one_is_reported_once():
    linter = Linter(RUBRIC)
    findings = lint_example({"files": [{"file": "team.okr.yaml", "content": ALIGNED}]}, "objective", "en", linter)
    codes = [f.code for f in findings]
    assert "OKR401" not in codes  # the dangling reference is waived
    unused = [f for f in findings if f.name == "unused-waiver"]
    assert [f.evidence for f in unused] == ["OKR402"]  # the OKR401 waiver was used; only the idle one is reported
