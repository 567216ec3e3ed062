"""`count`: how many key results an objective has, or objectives a set has (`min`, `max`).

`params.of` is `key_results` or `objectives`; `params.thresholds` maps `min`/`max` to the config
threshold that overrides it (`{max: max-key-results}`).
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

from okrcoach.i18n import msg

from ._params import threshold

NAME = "count"


def validate(rule: Any) -> list[str]:
    if rule.params.get("of") not in ("key_results", "objectives"):
        return ["a `count` check needs params.of: key_results or objectives"]
    if "min" not in rule.params and "max" not in rule.params:
        return ["a `count` check needs params.min or params.max"]
    return []


def outside(count: int, low: Optional[int], high: Optional[int]) -> Optional[dict[str, Any]]:
    """Message values when `count` is below `low` or above `high`."""
    if (low is not None and count < low) or (high is not None and count > high):
        return {"count": count, "min": low, "max": high}
    return None


class _Bounds:
    """`applies_from` leaves smaller counts to another rule: "only one key result" (min 2,
    applies_from 1) says nothing about an objective with none, which "no key results" reports."""

    def __init__(self, low: Optional[int], high: Optional[int], floor: Optional[int] = None) -> None:
        self.low, self.high, self.floor = low, high, floor

    def values(self, count: int) -> Optional[dict[str, Any]]:
        if self.floor is not None and count < self.floor:
            return None
        return outside(count, self.low, self.high)


class _Objectives(_Bounds):
    def on_set(self, okr_set: Any) -> Iterator[tuple[Optional[int], Optional[int], dict[str, Any]]]:
        count = len(okr_set.objectives)
        values = self.values(count)
        if values:
            yield None, None, {**values, "evidence": msg("phrases.objective-count", count=count)}


class _KeyResults(_Bounds):
    def on_objective(self, objective: Any, facts: Any) -> Optional[dict[str, Any]]:
        count = len(objective.key_results)
        values = self.values(count)
        return {**values, "evidence": msg("phrases.key-result-count", count=count)} if values else None


def compile(rule: Any, thresholds: dict[str, int]) -> _Bounds:
    low, high = threshold(rule, "min", thresholds), threshold(rule, "max", thresholds)
    floor = rule.params.get("applies_from")
    return (_Objectives if rule.params["of"] == "objectives" else _KeyResults)(low, high, int(floor) if floor is not None else None)
