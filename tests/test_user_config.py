"""The user config (`~/.config/okrcoach/config.toml`) applies where no project config is found.

As in ruff: a project's own config replaces it entirely (a project lints the same on every
machine), `--isolated` ignores it, and `--show-settings` says that it applied and where from.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from okrcoach.cli import main

SET = """\
language: en
period: 2027-Q1
objectives:
  - title: Delight our customers
    key_results:
      - Reduce support wait times
      - Raise NPS from 31 to 45
"""


@pytest.fixture
def user_config() -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "okrcoach" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[lint]\nignore = ["OKR201"]\nfail-level = "error"\n\n[llm]\nmodel = "local"\n', encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "okrs"
    folder.mkdir()
    (folder / "team.okr.yaml").write_text(SET, encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def _codes(capsys) -> set[str]:
    data = json.loads(capsys.readouterr().out)
    return {f["code"] for f in data["findings"]}


def test_show_settings_shows_the_user_config_and_its_values(user_config: Path, project: Path, capsys):
    assert main(["lint", "--show-settings", "--format", "json", "team.okr.yaml"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["config"] == str(user_config) and data["user_config"] is True
    assert data["lint"]["ignore"] == {"value": ["OKR201"], "source": str(user_config)}
    assert data["lint"]["fail-level"]["value"] == "error"
    assert data["llm"]["model"] == {"value": "local", "source": str(user_config)}
    assert main(["lint", "--show-settings", "team.okr.yaml"]) == 0
    assert "the user config" in capsys.readouterr().out


def test_lint_applies_the_user_config(user_config: Path, project: Path, capsys):
    assert main(["lint", "--format", "json", "team.okr.yaml"]) == 0
    assert "OKR201" not in _codes(capsys)
    assert main(["lint", "--isolated", "--format", "json", "team.okr.yaml"]) == 1
    assert "OKR201" in _codes(capsys)


def test_a_project_config_replaces_the_user_config(user_config: Path, project: Path, capsys):
    (project / "okrcoach.toml").write_text('[lint]\nselect = ["ALL"]\n', encoding="utf-8")
    assert main(["lint", "--format", "json", "team.okr.yaml"]) == 1
    assert "OKR201" in _codes(capsys)
    assert main(["lint", "--show-settings", "--format", "json", "team.okr.yaml"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["config"] == str(project / "okrcoach.toml") and data["user_config"] is False


def test_without_any_config_the_defaults_apply(project: Path, capsys):
    assert main(["lint", "--show-settings", "--format", "json", "team.okr.yaml"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["config"] is None and data["lint"]["ignore"]["source"] == "default"
