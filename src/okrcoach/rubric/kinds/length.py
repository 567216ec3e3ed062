"""`length`: characters in an objective's title (`max`, overridable by a config threshold)."""

from __future__ import annotations

from typing import Any, Optional

from ..findings import clip
from ._params import threshold

NAME = "length"


def validate(rule: Any) -> list[str]:
    if rule.target != "objective":
        return [f"check `length` works on objective targets, not {rule.target}"]
    return [] if "max" in rule.params else ["a `length` check needs params.max"]


class _Length:
    def __init__(self, high: Optional[int]) -> None:
        self.high = high

    def on_objective(self, objective: Any, facts: Any) -> Optional[dict[str, Any]]:
        length = len(objective.title.strip())
        if self.high is not None and length > self.high:
            return {"count": length, "max": self.high, "evidence": clip(objective.title, 60)}
        return None


def compile(rule: Any, thresholds: dict[str, int]) -> _Length:
    return _Length(threshold(rule, "max", thresholds))
