"""Helpers the check kinds share for reading a rule's params."""

from __future__ import annotations

from typing import Any, Optional


def threshold(rule: Any, key: str, thresholds: dict[str, int]) -> Optional[int]:
    """A numeric param, overridden by the config threshold named for it in `params.thresholds`."""
    name = (rule.params.get("thresholds") or {}).get(key)
    if name and name in thresholds:
        return thresholds[name]
    value = rule.params.get(key)
    return int(value) if value is not None else None


def unknown_params(rule: Any, allowed: set[str]) -> list[str]:
    """A problem naming params the kind does not read, or none."""
    unknown = set(rule.params) - allowed
    return [f"unknown params {sorted(unknown)} for check `{rule.check}`"] if unknown else []
