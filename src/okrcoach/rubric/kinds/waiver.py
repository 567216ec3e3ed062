"""`waiver`: raised about waivers themselves, when the waivers of a set are resolved.

`unused-waiver` is the one rule of this kind: a waiver that silenced no finding once every finding
of the set exists (engine and collection alike). See `rubric.findings.resolve_waivers`.
"""

from __future__ import annotations

from typing import Any

NAME = "waiver"


def validate(rule: Any) -> list[str]:
    return []


def compile(rule: Any, thresholds: dict[str, int]) -> None:
    return None
