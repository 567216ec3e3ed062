"""`facts`: combine named facts of a key result or an objective (`all`, `any`, `none`).

The facts are the analysis's (`KEY_RESULT_FACTS`, `OBJECTIVE_FACTS`); a rule names which must all
hold, which one of must hold and which must not. The evidence is the first `all` fact's, else the
`any` fact's; `evidence: <fact>` names another, and `evidence: any` the `any` fact's.
"""

from __future__ import annotations

import difflib
from typing import Any, Callable, Optional

from okrcoach.i18n import LocalisedText

from ..analysis import KEY_RESULT_FACTS, OBJECTIVE_FACTS, TextFacts, normalise
from ._params import unknown_params

NAME = "facts"
_GROUPS = ("all", "any", "none")
_FACTS_FOR = {"key_result": KEY_RESULT_FACTS, "objective": OBJECTIVE_FACTS, "objective_or_key_result": KEY_RESULT_FACTS & OBJECTIVE_FACTS}


def validate(rule: Any) -> list[str]:
    known = _FACTS_FOR.get(rule.target)
    if known is None:
        return [f"check `facts` works on key_result, objective or objective_or_key_result targets, not {rule.target}"]
    for group in _GROUPS:
        names = rule.params.get(group, [])
        if not isinstance(names, list):
            return [f"params.{group} must be a list of fact names"]
        for name in names:
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                return [f"unknown fact `{name}` in params.{group}{hint}"]
    if not any(rule.params.get(group) for group in _GROUPS):
        return ["a `facts` check needs params.all, params.any or params.none"]
    return unknown_params(rule, {*_GROUPS, "evidence"})


def _values_of(rule: Any, text_field: str) -> Callable[[Any, TextFacts], Optional[dict[str, Any]]]:
    """The stage method of a rule: an element (key result or objective, whose text is its
    `text_field`) and its facts in, the message values of a hit (its evidence) or None out.

    The groups are checked in the order the rule file lists them, so a rule can put its cheapest,
    most often decisive group first; the result does not depend on the order. The engine calls this
    for every rule and every element, so the rule's groups are unpacked once and walked in this one
    function: nothing else is called unless a fact is computed or the rule fires.
    """
    groups = tuple((group, tuple(rule.params[group])) for group in rule.params if group in _GROUPS)
    first = rule.params["all"][0] if rule.params.get("all") else None
    evidence_fact = rule.params.get("evidence")

    def values(element: Any, facts: TextFacts) -> Optional[dict[str, Any]]:
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
                for name in names:
                    found = getattr(facts, name)
                    if found:
                        break
                else:
                    return None
        evidence = (getattr(facts, first) if first else None) or found
        if evidence_fact == "any":
            evidence = found or evidence  # the `all` group is only a gate; say what the `any` fact found
        elif evidence_fact:
            evidence = getattr(facts, evidence_fact) or evidence
        evidence = evidence or facts.text
        return {"evidence": as_written(evidence, getattr(element, text_field))} if evidence else None

    return values


class _ObjectiveCheck:
    def __init__(self, rule: Any) -> None:
        self.on_objective = _values_of(rule, "title")


class _KeyResultCheck:
    def __init__(self, rule: Any) -> None:
        self.on_key_result = _values_of(rule, "text")


class _BothCheck:
    def __init__(self, rule: Any) -> None:
        self.on_objective = _values_of(rule, "title")
        self.on_key_result = _values_of(rule, "text")


def compile(rule: Any, thresholds: dict[str, int]) -> Any:
    return {"objective": _ObjectiveCheck, "key_result": _KeyResultCheck}.get(rule.target, _BothCheck)(rule)


def as_written(evidence: LocalisedText, text: str) -> LocalisedText:
    """The evidence as the user wrote it: facts are found in lower-cased text ("q4 2026"). A
    catalogue phrase (a language's name) is rendered later, in the file's language."""
    if not evidence or not isinstance(evidence, str) or evidence in text:
        return evidence
    at = normalise(text).find(evidence)
    return text[at : at + len(evidence)] if at >= 0 else evidence
