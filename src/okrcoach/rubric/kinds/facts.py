"""`facts`: combine named facts of a key result or an objective (`all`, `any`, `none`).

The facts are the analysis's (`KEY_RESULT_FACTS`, `OBJECTIVE_FACTS`); a rule names which must all
hold, which one of must hold and which must not. The evidence is the first `all` fact's, else the
`any` fact's; `evidence: <fact>` names another, and `evidence: any` the `any` fact's. A rule with an
`any` group also gets `fact`, the name of the `any` fact that held, for a message that says what
was found.
"""

from __future__ import annotations

import keyword
from typing import Any, Callable, Optional, Sequence

from okrcoach.excerpt import number_after, whole_words
from okrcoach.i18n import LocalisedText, msg

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
                import difflib  # only for a misspelt fact

                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                return [f"unknown fact `{name}` in params.{group}{hint}"]
    if not any(rule.params.get(group) for group in _GROUPS):
        return ["a `facts` check needs params.all, params.any or params.none"]
    return unknown_params(rule, {*_GROUPS, "evidence"})


def evidence_of(rule: Any) -> Callable[[TextFacts], Optional[str]]:
    """The evidence a rule's facts give for one element, or None when the rule does not fire.

    The groups are checked in the order the rule file lists them, so a rule can put its cheapest,
    most often decisive group first; the result does not depend on the order. The rule's groups are
    unpacked once, as the check runs for every key result.
    """
    groups = [(group, tuple(rule.params[group])) for group in rule.params if group in _GROUPS]
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


def _stage_method(values: Callable[[TextFacts, str], Optional[dict[str, Any]]], text_field: str) -> Callable[[Any, TextFacts], Optional[dict[str, Any]]]:
    """The check's stage method `(element, facts) -> values or None` on its own, for an element
    whose text is `text_field`; the engine runs a stage's checks together (`fused_stage`)."""

    def check(element: Any, facts: TextFacts) -> Optional[dict[str, Any]]:
        return values(facts, getattr(element, text_field))

    return check


_TEXT_FIELDS = {"on_objective": "title", "on_key_result": "text"}


def _atoms(rule: Any) -> Optional[list[tuple[str, tuple[str, ...]]]]:
    """The rule's groups as a conjunction of atoms, in the rule's order: `("fact", (name,))` for
    each `all` fact, `("not", (name,))` for each `none` fact, `("any", names)` for the `any`
    group; None when a fact's name cannot be written as an attribute (`gate_source`)."""
    atoms: list[tuple[str, tuple[str, ...]]] = []
    for group in rule.params:
        if group not in _GROUPS:
            continue
        names = tuple(rule.params[group])
        if not all(name.isidentifier() and not keyword.iskeyword(name) for name in names):
            return None
        if group == "all":
            atoms += [("fact", (name,)) for name in names]
        elif group == "none":
            atoms += [("not", (name,)) for name in names]
        else:
            atoms.append(("any", names))
    return atoms


def reading_order(rule: Any, known: Optional[set[str]] = None, order: Optional[Sequence[str]] = None) -> Optional[list[tuple[str, tuple[str, ...]]]]:
    """The rule's atoms (`_atoms`) in the order a fused stage reads them, or None when a fact's
    name cannot be written as an attribute.

    First the atoms whose facts are all in `known` (those an earlier rule of the same stage surely
    read: free to read again, as a fact is computed once per element), then the others in the
    measured `order` of the rule's fact names (cheap facts that often decide first:
    `okrcoach.rubric.fact_order`), the facts it does not name after those it names, in the rule's
    order; without `order`, in the rule's order. Facts are pure: the order changes what is
    computed, never the answer. Adds to `known` the fact the condition surely reads, if any.
    """
    atoms = _atoms(rule)
    if atoms is None:
        return None
    if order:
        rank = {name: index for index, name in reversed(list(enumerate(order)))}
        unnamed = len(rank)
        atoms = [(kind, tuple(sorted(names, key=lambda name: rank.get(name, unnamed)))) for kind, names in atoms]
        atoms.sort(key=lambda atom: min((rank.get(name, unnamed) for name in atom[1]), default=unnamed))
    known = set() if known is None else known
    free = [atom for atom in atoms if all(name in known for name in atom[1])]
    rest = [atom for atom in atoms if not all(name in known for name in atom[1])]
    if not free and rest and rest[0][1]:
        known.add(rest[0][1][0])  # read whatever it says (a fact read after a free one may not be)
    return free + rest


def gate_source(rule: Any, known: Optional[set[str]] = None, order: Optional[Sequence[str]] = None) -> Optional[str]:
    """The rule's groups as one Python condition on `f` (the facts), or None when a fact's name
    cannot be written as an attribute. It holds exactly when `evidence_of` finds evidence, short
    of the element's empty text, and stops reading facts as soon as the answer is known; it reads
    them in `reading_order` (which adds to `known` the fact it surely reads)."""
    atoms = reading_order(rule, known, order)
    if atoms is None:
        return None
    parts = []
    for kind, names in atoms:
        if kind == "fact":
            parts.append(f"f.{names[0]}")
        elif kind == "not":
            parts.append(f"not f.{names[0]}")
        else:
            parts.append(f"({' or '.join(f'f.{name}' for name in names)})" if names else "False")
    return " and ".join(parts) or "True"


def fused_stage(checks: list[tuple[Any, Any]], stage: str, order: Optional[dict[str, Sequence[str]]] = None) -> Optional[Callable[[Any, TextFacts], list[tuple[Any, dict[str, Any]]]]]:
    """One function `(element, facts) -> [(rule, values), …]` that runs every check of a stage
    (`on_objective`, `on_key_result`) in their order: each rule's groups inline (`gate_source`,
    reading first the facts earlier rules surely read, then in the measured `order` of the rule's
    code when there is one: `okrcoach.rubric.fact_order`), its values made only when they hold
    (`_values_once_held`, which does not read the groups again).
    A check of another kind (`count`, `length`) is called through its own stage method, in its
    place. The engine calls it once per element instead of once per rule and element. None unless
    every check has that stage and at least one is a facts check."""
    field = _TEXT_FIELDS[stage]
    if not all(hasattr(check, stage) for _, check in checks) or not any(isinstance(check, _FactsCheck) for _, check in checks):
        return None
    lines = ["def run(element, f):", "    found = []", f"    text = element.{field}"]
    namespace: dict[str, Any] = {}
    known: set[str] = set()
    for index, (rule, check) in enumerate(checks):
        namespace[f"rule{index}"] = rule
        if not isinstance(check, _FactsCheck):
            namespace[f"stage{index}"] = getattr(check, stage)
            lines += [f"    v = stage{index}(element, f)", "    if v:", f"        found.append((rule{index}, v))"]
            continue
        condition = gate_source(rule, known, order.get(rule.code) if order else None)  # None: a fact name that is no attribute; `values` decides alone
        namespace[f"values{index}"] = check._values if condition is None else check._values_once_held
        indent = "    " if condition is None else "        "
        if condition is not None:
            lines.append(f"    if {condition}:")
        lines += [f"{indent}v = values{index}(f, text)", f"{indent}if v:", f"{indent}    found.append((rule{index}, v))"]
    lines.append("    return found")
    # The source holds only fact names checked to be identifiers (`gate_source`), and indexes.
    exec("\n".join(lines) + "\n", namespace)
    return namespace["run"]


def _evidence_once_held(rule: Any) -> Callable[[TextFacts], tuple[Optional[str], str]]:
    """`evidence_of` for an element the rule's groups are known to hold for (its `gate_source`
    held): the groups are not read again, only the facts the evidence comes from. Also gives the
    name of the `any` fact that held ("" without an `any` group)."""
    first = rule.params["all"][0] if rule.params.get("all") else None
    any_names = tuple(rule.params.get("any") or ())
    evidence_fact = rule.params.get("evidence")

    def evidence(facts: TextFacts) -> tuple[Optional[str], str]:
        found, fact = None, ""
        for name in any_names:
            found = getattr(facts, name)
            if found:
                fact = name
                break
        evidence = (getattr(facts, first) if first else None) or found
        if evidence_fact == "any":
            evidence = found or evidence
        elif evidence_fact:
            evidence = getattr(facts, evidence_fact) or evidence
        return evidence or facts.text, fact

    return evidence


class _FactsCheck:
    def __init__(self, rule: Any) -> None:
        self._evidence = evidence_of(rule)
        self._evidence_once_held = _evidence_once_held(rule)
        self._any = tuple(rule.params.get("any") or ())

    def _values(self, facts: TextFacts, text: str) -> Optional[dict[str, Any]]:
        """The message values of a hit on the element with text `text`, or None."""
        evidence = self._evidence(facts)
        if not evidence:
            return None
        # Which `any` fact held, so a message can say what was found (`{fact, select, …}`).
        fact = next((name for name in self._any if getattr(facts, name)), "") if self._any else ""
        return self._written(facts, text, evidence, fact)

    def _values_once_held(self, facts: TextFacts, text: str) -> Optional[dict[str, Any]]:
        """`_values` for an element the rule's groups hold for (the fused stage checked them)."""
        evidence, fact = self._evidence_once_held(facts)
        return self._written(facts, text, evidence, fact) if evidence else None

    def _written(self, facts: TextFacts, text: str, evidence: LocalisedText, fact: str) -> dict[str, Any]:
        evidence = facts.as_in_text(evidence)  # a row's reading quoted as the user wrote the row
        values: dict[str, Any] = {"evidence": as_written(evidence, text, facts.lexicon, facts.lower if facts.text is text else None)}
        if self._any:
            values["fact"] = fact
        if facts.set_language and facts.lexicon.language != facts.set_language:
            # Judged with another language's words: the set's language by name, and the code the
            # text's own language is declared with.
            values["set_language"] = msg("phrases.language-name", language=facts.set_language)
            values["language_code"] = facts.lexicon.language
        return values


class _ObjectiveCheck(_FactsCheck):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.on_objective = _stage_method(self._values, "title")


class _KeyResultCheck(_FactsCheck):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.on_key_result = _stage_method(self._values, "text")


class _BothCheck(_FactsCheck):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.on_objective = _stage_method(self._values, "title")
        self.on_key_result = _stage_method(self._values, "text")


def compile(rule: Any, thresholds: dict[str, int]) -> _FactsCheck:
    return {"objective": _ObjectiveCheck, "key_result": _KeyResultCheck}.get(rule.target, _BothCheck)(rule)


def as_written(evidence: LocalisedText, text: str, lexicon: Any = None, lower: Optional[str] = None) -> LocalisedText:
    """The evidence as the user wrote it, in whole words: facts are found in lower-cased text ("q4
    2026") and some are cut at a fixed width, so the span is found in `text` and widened to the
    words it touches. A span that ends on a comparator ("every month at least") keeps the number
    it compares, which is what the finding is about. A catalogue phrase (a language's name) is
    rendered later, in the file's language. `lower`: `normalise(text)`, when the caller has it."""
    if not evidence or not isinstance(evidence, str):
        return evidence
    at = text.find(evidence)
    if at < 0:
        at = (normalise(text) if lower is None else lower).find(evidence)
        if at < 0:
            return evidence
    start, end = whole_words(text, at, at + len(evidence))
    widened = number_after(text, end)  # a number follows (rarely): is the span's end a comparator?
    if widened != end and lexicon is not None and lexicon.has("comparator"):
        lowered = normalise(text[start:end])
        if any(m.end() == len(lowered) for m in lexicon.finditer("comparator", lowered)):
            end = widened
    return text[start:end].strip()
