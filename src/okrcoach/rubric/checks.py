"""The closed set of check kinds a rule can configure.

Each check is a pure function of the element and the rule's params that returns the evidence
(the words that triggered it) for each hit. Rules choose a kind and set its params; they never
carry code.

- `facts` (`compile_facts`): combine named facts of a key result or objective (`all`, `any`, `none`);
- `count`: how many key results an objective has, or objectives a set has (`min`, `max`);
- `length`: characters in an objective title (`max`);
- `duplicate`: key results whose text repeats an earlier one in the set;
- `reader`: raised while reading a file (syntax, encoding, fields), not by the engine;
- `waiver`: raised by the engine about waivers themselves;
- `collection`: raised over several sets (alignment, check-in history) by `okrcoach.alignment`, not by the engine.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator, Optional

from okrcoach.model import KeyResult, OkrSet

from .analysis import TextFacts
from .schema import RuleSpec


def compile_facts(rule: RuleSpec) -> Callable[[TextFacts], Optional[str]]:
    """The `facts` check for one rule: evidence when every `all` fact holds, one `any` fact holds
    and no `none` fact holds. The evidence is the first `all` fact's, else the `any` fact's;
    `evidence: <fact>` names another, and `evidence: any` the `any` fact's.

    The groups are checked in the order the rule file lists them, so a rule can put its cheapest,
    most often decisive group first; the result does not depend on the order. The rule's groups are
    unpacked once, as the check runs for every key result.
    """
    groups = [(group, tuple(rule.params[group])) for group in rule.params if group in ("all", "any", "none")]
    first = rule.params["all"][0] if rule.params.get("all") else None
    evidence_fact = rule.params.get("evidence")

    def check(facts: TextFacts) -> Optional[str]:
        found: Optional[str] = None
        for group, names in groups:
            if group == "none":
                for name in names:
                    if getattr(facts, name):
                        return None
            elif group == "all":
                for name in names:
                    if not getattr(facts, name):
                        return None
            else:
                found = next((v for v in (getattr(facts, n) for n in names) if v), None)
                if not found:
                    return None
        evidence = (getattr(facts, first) if first else None) or found
        if evidence_fact == "any":
            evidence = found or evidence  # the `all` group is only a gate; say what the `any` fact found
        elif evidence_fact:
            evidence = getattr(facts, evidence_fact) or evidence
        return evidence or facts.text

    return check


def threshold(rule: RuleSpec, key: str, thresholds: dict[str, int]) -> Optional[int]:
    """A numeric param, overridden by the config threshold named for it in `params.thresholds`."""
    name = (rule.params.get("thresholds") or {}).get(key)
    if name and name in thresholds:
        return thresholds[name]
    value = rule.params.get(key)
    return int(value) if value is not None else None


def count_check(rule: RuleSpec, count: int, thresholds: dict[str, int]) -> Optional[dict[str, Any]]:
    """Context for the message when `count` is below `min` or above `max`.

    `applies_from` leaves smaller counts to another rule: "only one key result" (min 2,
    applies_from 1) says nothing about an objective with none, which "no key results" reports."""
    low, high = threshold(rule, "min", thresholds), threshold(rule, "max", thresholds)
    floor = rule.params.get("applies_from")
    if floor is not None and count < int(floor):
        return None
    if low is not None and count < low:
        return {"count": count, "min": low, "max": high}
    if high is not None and count > high:
        return {"count": count, "min": low, "max": high}
    return None


def length_check(rule: RuleSpec, text: str, thresholds: dict[str, int]) -> Optional[dict[str, Any]]:
    high = threshold(rule, "max", thresholds)
    length = len(text.strip())
    if high is not None and length > high:
        return {"count": length, "max": high}
    return None


_PUNCTUATION = re.compile(r"[^\w%]+")


def duplicate_keys(okr_set: OkrSet) -> Iterator[tuple[int, int, KeyResult, tuple[int, int]]]:
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
