"""Shared fixtures: the bundled rubric, the fake OpenAI server, and an isolated environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, Rubric, load_rubric

pytest_plugins = ["tests.fakes.fixtures"]

REPO = Path(__file__).resolve().parents[1]
_LLM_VARIABLES = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_API_BASE",
    "OPENAI_MODEL",
    "OPENAI_API_VERSION",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_ENDPOINT",
    "OPENROUTER_API_KEY",
    "OKRCOACH_API_KEY",
    "OKRCOACH_BASE_URL",
    "OKRCOACH_MODEL",
    "OKRCOACH_MODE",
    "OKRCOACH_TIMEOUT",
    "OKRCOACH_RETRIES",
    "OKRCOACH_REPAIR_ROUNDS",
    "GITHUB_ACTIONS",
    "FORCE_COLOR",
)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    """No test sees the developer's keys, endpoints, config or state: nothing reaches the network."""
    for name in _LLM_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("OKRCOACH_STATE_DIR", str(home / "state" / "okrcoach"))


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return load_rubric(bundled_dir("rubrics"))


@pytest.fixture(scope="session")
def linter(rubric: Rubric) -> Linter:
    return Linter(rubric)
