"""`collection`: raised over several sets (alignment, check-in history), not by the one-set engine.

`okrcoach.alignment` runs these rules over every linted file at once and hands its hits to the
same finding factory and waiver resolution as the engine. Params: `min_cycles` (sandbagging).
"""

from __future__ import annotations

from typing import Any

from ._params import unknown_params

NAME = "collection"
EVIDENCE_LIMIT = 160  # collection evidence is a chain of references or a team's periods: allow more


def validate(rule: Any) -> list[str]:
    if rule.target not in ("set", "objective"):
        return [f"check `collection` works on set or objective targets, not {rule.target}"]
    return unknown_params(rule, {"min_cycles"})


def compile(rule: Any, thresholds: dict[str, int]) -> None:
    return None
