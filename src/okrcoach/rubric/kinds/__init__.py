"""The closed set of check kinds a rule can configure: one module per kind, in one registry.

A rule file names its kind (`check: facts`) and sets the kind's `params`; it never carries code.
Each kind module has the same three parts:

- `NAME`: the word rule files use;
- `validate(rule) -> list[str]`: what is wrong with the rule's target and params (the loader names
  the file); an empty list when the rule is sound;
- `compile(rule, thresholds) -> Optional[Check]`: the check the engine runs, built once per
  linter; None for kinds the engine does not run (`reader` findings come from the file readers,
  `collection` findings from `okrcoach.alignment`, `waiver` findings from waiver resolution).

A `Check` answers at the stages it has a method for: `on_set(okr_set)` yields
`(objective index, key result index, values)` for set-wide hits, `on_objective(objective, facts)`
and `on_key_result(key_result, facts)` return the message values of a hit or None. The values
carry `evidence` (the words that triggered the hit) and whatever the rule's message names.

Adding a kind: write `kinds/<kind>.py` with the three parts and list it in `KINDS` below.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Iterable, Optional, Sequence

from . import collection, count, duplicate, facts, length, reader, waiver

KINDS: dict[str, ModuleType] = {module.NAME: module for module in (facts, count, length, duplicate, reader, waiver, collection)}


def kind(name: str) -> ModuleType:
    """The module of check kind `name` (KeyError when there is none)."""
    return KINDS[name]


def unknown_kind_problem(name: str) -> str:
    """What to say about a `check:` that names no kind, with the closest kind when one is near."""
    import difflib  # only for a misspelt kind

    close = difflib.get_close_matches(name, sorted(KINDS), n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    return f"unknown check kind `{name}`{hint}; the kinds are {', '.join(sorted(KINDS))}"


def validate(rule: Any) -> list[str]:
    """Problems with a rule's check kind and params, as sentences without the file name."""
    module = KINDS.get(rule.check)
    if module is None:
        return [unknown_kind_problem(rule.check)]
    return list(module.validate(rule))


def compile_check(rule: Any, thresholds: dict[str, int]) -> Optional[Any]:
    """The engine's check for `rule`, or None when the engine does not run its kind."""
    return KINDS[rule.check].compile(rule, thresholds)


def stage(checks: Iterable[tuple[Any, Any]], method: str) -> list[tuple[Any, Any]]:
    """The (rule, bound stage method) pairs of the compiled checks that answer at `method`."""
    return [(rule, getattr(check, method)) for rule, check in checks if hasattr(check, method)]


def element_stage(checks: Iterable[tuple[Any, Any]], method: str, order: Optional[dict[str, Sequence[str]]] = None) -> Any:
    """One function `(element, facts) -> [(rule, values), …]` for the compiled checks that answer
    at `method` (`on_objective`, `on_key_result`), in their order: fused by the facts kind when
    any of them is a facts check (the bundled rubric's are), reading each rule's facts in `order`
    (fact names by rule code, `okrcoach.rubric.fact_order`) where it names them, else a loop over
    their stage methods."""
    answering = [(rule, check) for rule, check in checks if hasattr(check, method)]
    fused = facts.fused_stage(answering, method, order)
    if fused is not None:
        return fused
    pairs = [(rule, getattr(check, method)) for rule, check in answering]

    def run(element: Any, element_facts: Any) -> list[tuple[Any, Any]]:
        found = []
        for rule, check in pairs:
            values = check(element, element_facts)
            if values:
                found.append((rule, values))
        return found

    return run
