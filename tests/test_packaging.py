"""The wheel carries rubrics/ and prompts/, and an installed okrcoach lints from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)], check=True, capture_output=True, text=True)
    wheels = list(out.glob("okrcoach-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.mark.slow
def test_wheel_contains_rubrics_and_prompts(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "okrcoach/rubrics/key-result/activity-key-result.yaml" in names
    assert "okrcoach/rubrics/lexicons/en.yaml" in names
    assert "okrcoach/prompts/README.md" in names
    assert "okrcoach/rubrics/prebuilt.pickle" in names and "okrcoach/rubrics/prebuilt-dataclasses.marshal" in names  # built by hatch_build.py
    assert "okrcoach/cli/__init__.py" in names and "okrcoach/renderers/findings.py" in names
    assert any(name.startswith("okrcoach/workshop/library/") and name.endswith(".yaml") for name in names)
    assert not any(name.startswith("tests/") for name in names)


def test_wheel_carries_the_schema_and_the_starters(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "okrcoach/okr.schema.json" in names
    assert {f"okrcoach/starters/{lang}.okr.yaml.j2" for lang in ("en", "da", "sv", "de", "fi", "hu")} <= set(names)


@pytest.mark.slow
def test_installed_wheel_lints_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    # Dependencies come from this test environment; the wheel itself is installed for real.
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True)
    site = sysconfig.get_paths()["purelib"]
    env = {**os.environ, "PYTHONPATH": site, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    okr = tmp_path / "elsewhere" / "team.okr.yaml"
    okr.parent.mkdir()
    okr.write_text("period: 2027-Q1\nobjectives:\n  - title: Grow\n    key_results: [Analyse churn drivers, Raise MRR from 10k to 14k]\n", encoding="utf-8")
    script = env_dir / ("Scripts" if os.name == "nt" else "bin") / "okrcoach"
    result = subprocess.run([str(script), "lint", "team.okr.yaml"], cwd=okr.parent, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "OKR220 activity-key-result" in result.stdout
    where = subprocess.run([str(python), "-c", "import okrcoach.paths as p; print(p.bundled_dir('rubrics'))"], cwd=okr.parent, env=env, capture_output=True, text=True, check=True)
    assert str(env_dir) in where.stdout
    # The wheel's pre-built rubric matches its files, so a fresh lint parses no rule file.
    check = "import okrcoach.paths as p, okrcoach.rubric.prebuilt as b; print(b.load(p.bundled_dir('rubrics')) is not None)"
    prebuilt = subprocess.run([str(python), "-c", check], cwd=okr.parent, env=env, capture_output=True, text=True, check=True)
    assert prebuilt.stdout.strip() == "True"
