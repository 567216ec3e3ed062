"""Shared fixtures: the bundled rubric, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, Rubric, load_rubric

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return load_rubric(bundled_dir("rubrics"))


@pytest.fixture(scope="session")
def linter(rubric: Rubric) -> Linter:
    return Linter(rubric)
