"""`duplicate`: key results whose text repeats an earlier one in the set (punctuation and case aside)."""

from __future__ import annotations

import re
from typing import Any, Iterator, Optional

NAME = "duplicate"
_PUNCTUATION = re.compile(r"[^\w%]+")


def validate(rule: Any) -> list[str]:
    return []


def duplicate_keys(okr_set: Any) -> Iterator[tuple[int, int, Any, tuple[int, int]]]:
    """Yield (objective index, key result index, kr, first occurrence) for repeated key results."""
    first: dict[str, tuple[int, int]] = {}
    for oi, objective in enumerate(okr_set.objectives):
        for ki, kr in enumerate(objective.key_results):
            key = _PUNCTUATION.sub(" ", kr.text.lower()).strip()
            if not key:
                continue
            if key in first:
                yield oi, ki, kr, first[key]
            else:
                first[key] = (oi, ki)


class _Duplicate:
    def on_set(self, okr_set: Any) -> Iterator[tuple[Optional[int], Optional[int], dict[str, Any]]]:
        for oi, ki, kr, (first_oi, first_ki) in duplicate_keys(okr_set):
            yield oi, ki, {"evidence": kr.text, "first": f"O{first_oi + 1}.KR{first_ki + 1}"}


def compile(rule: Any, thresholds: dict[str, int]) -> _Duplicate:
    return _Duplicate()
