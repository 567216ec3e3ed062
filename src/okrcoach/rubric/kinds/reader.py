"""`reader`: raised while a file is read (syntax, encoding, unknown fields), not by the engine.

The readers in `okrcoach.formats` report issues with the rule's code; `okrcoach.linting` turns
them into findings with `rubric.findings.build_finding`.
"""

from __future__ import annotations

from typing import Any

NAME = "reader"


def validate(rule: Any) -> list[str]:
    return []


def compile(rule: Any, thresholds: dict[str, int]) -> None:
    return None
