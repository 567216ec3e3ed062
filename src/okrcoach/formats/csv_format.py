"""csv reader and writer (being written)."""

from __future__ import annotations

from typing import Any

from okrcoach.model import OkrSet

from .located import ReadIssue


def load_located(text: str) -> tuple[Any, list[ReadIssue]]:
    raise NotImplementedError


def dump(okr_set: OkrSet) -> str:
    raise NotImplementedError
