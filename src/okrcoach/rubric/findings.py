"""Hits, the one finding factory, and waiver resolution.

A check (engine kind or collection rule) produces a `Hit`: which rule fired where, with the values
its message needs. Waivers are resolved once, over all the hits of a set (`resolve_waivers`),
after every check has run, so a waiver that silenced a collection finding is used like any other.
`build_finding` is the only place a `Finding` is made: engine, reader and collection findings
render, clip and level the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Optional

from okrcoach import excerpt
from okrcoach.i18n import SOURCE_LANGUAGE, msg, renderer, value_text
from okrcoach.model import Finding, KeyResult, Level, Objective, OkrSet, Waiver

EVIDENCE_LIMIT = 80


def clip(text: Optional[str], limit: int = EVIDENCE_LIMIT) -> str:
    """Evidence on one line, at most `limit` characters, cut between words with an ellipsis in
    the middle: its first words (the verb) and its last (where a matched phrase ends: the number,
    the level) stay."""
    return excerpt.clip(text, limit, keep_end=True)


@dataclass(slots=True)
class Hit:
    """One rule firing on one element of one set: the set itself, an objective or a key result.

    A light record (slots, no frozen-field set-up): a large file makes thousands of them."""

    rule: Any  # RuleSpec
    target: str
    objective_index: Optional[int]
    key_result_index: Optional[int]
    line: Optional[int]
    values: Mapping[str, Any] = field(default_factory=dict)
    evidence_limit: int = EVIDENCE_LIMIT


def line_of(element: Objective | KeyResult, default: Optional[int]) -> Optional[int]:
    """The line an objective or key result starts on, else `default`."""
    if element.source is not None and element.source.line is not None:
        return element.source.line
    return default


def hit_at(rule: Any, okr_set: OkrSet, objective_index: Optional[int], key_result_index: Optional[int], values: Mapping[str, Any], evidence_limit: int = EVIDENCE_LIMIT) -> Hit:
    """A hit on the set (no indexes), an objective or a key result, at the element's line
    (else its objective's, else the set's)."""
    line = okr_set.source.line if okr_set.source else None
    target = "set"
    if objective_index is not None:
        objective = okr_set.objectives[objective_index]
        line, target = line_of(objective, line), "objective"
        if key_result_index is not None:
            line, target = line_of(objective.key_results[key_result_index], line), "key_result"
    return Hit(rule, target, objective_index, key_result_index, line, values, evidence_limit)


def matches(waiver: Waiver, rule: Any) -> bool:
    """Whether a waiver names the rule: its code, its name or an alias (case aside)."""
    key = waiver.code.strip()
    return key.upper() == rule.code or key.lower() == rule.name or key.lower() in rule.aliases


def waivers_for(okr_set: OkrSet, hit: Hit) -> list[Waiver]:
    """The waivers that may silence a hit: a key result's own, then its objective's."""
    if hit.objective_index is None:
        return []
    objective = okr_set.objectives[hit.objective_index]
    if hit.key_result_index is None:
        return list(objective.waive)
    return list(objective.key_results[hit.key_result_index].waive) + list(objective.waive)


def resolve_waivers(okr_set: OkrSet, hits: Iterable[Hit], rubric: Any, unused_rule: Optional[Any]) -> list[Hit]:
    """The hits no waiver silences, then one `unused_rule` hit per waiver that silenced nothing
    (none when `unused_rule` is None, i.e. the rule is not enabled)."""
    if not any(objective.waive or any(kr.waive for kr in objective.key_results) for objective in okr_set.objectives):
        return list(hits)  # no waiver anywhere (most sets): nothing to silence, nothing unused
    kept: list[Hit] = []
    used: set[int] = set()
    for hit in hits:
        waiver = next((w for w in waivers_for(okr_set, hit) if matches(w, hit.rule)), None)
        if waiver is None:
            kept.append(hit)
        else:
            used.add(id(waiver))
    if unused_rule is None:
        return kept
    for oi, objective in enumerate(okr_set.objectives):
        owners: list[tuple[str, Optional[int], Optional[int], list[Waiver]]] = [("objective", None, line_of(objective, None), objective.waive)]
        owners += [("key_result", ki, line_of(kr, None), kr.waive) for ki, kr in enumerate(objective.key_results)]
        for target, ki, element_line, waivers in owners:
            for waiver in waivers:
                if id(waiver) in used:
                    continue
                known = rubric.find(waiver.code)
                if known is None:
                    close = rubric.suggest(waiver.code)
                    reason = msg("phrases.waiver-not-a-rule-close", code=waiver.code, close=close) if close else msg("phrases.waiver-not-a-rule", code=waiver.code)
                else:
                    reason = msg("phrases.waiver-raised-nothing", code=known.code, name=known.name)
                line = waiver.source.line if waiver.source and waiver.source.line else element_line
                kept.append(Hit(unused_rule, target, oi, ki, line, {"evidence": waiver.code, "reason": reason}))
    return kept


def build_finding(
    rule: Any,
    *,
    path: str,
    level: Level,
    language: str,
    target: str = "set",
    line: Optional[int] = None,
    objective_index: Optional[int] = None,
    key_result_index: Optional[int] = None,
    values: Optional[Mapping[str, Any]] = None,
    message: Optional[str] = None,
    fix: Optional[str] = None,
    evidence_limit: Optional[int] = EVIDENCE_LIMIT,
) -> Finding:
    """The one way a finding is made: the rule's message and fix in `language`, filled with
    `values` (evidence clipped to one line), unless a reader already wrote `message` and `fix`.
    A reader's evidence is quoted as read (`evidence_limit=None`)."""
    return _made(rule, path, level, language, target, line, objective_index, key_result_index, dict(values or {}), message, fix, evidence_limit)


def _made(
    rule: Any,
    path: str,
    level: Level,
    language: str,
    target: str,
    line: Optional[int],
    objective_index: Optional[int],
    key_result_index: Optional[int],
    filled: dict[str, Any],
    message: Optional[str],
    fix: Optional[str],
    evidence_limit: Optional[int],
) -> Finding:
    """`build_finding` with its values in `filled`, a dict the finding takes over (its evidence
    is replaced by the quote)."""
    evidence = filled.get("evidence")
    # Text is its own `value_text`: most evidence is the words the user wrote.
    text = "" if evidence is None else evidence if type(evidence) is str else value_text(evidence, language)
    filled["evidence"] = clip(text, evidence_limit) if evidence_limit is not None else text
    # Every value here comes from the rubric and the model, already validated: skip re-validation.
    fields = {
        "path": path,
        "line": line,
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "level": level,
        "target": target,
        "objective_index": objective_index,
        "key_result_index": key_result_index,
        "evidence": filled["evidence"] or None,
    }
    if message is not None:
        fields["message"] = message
    if fix is not None:
        fields["fix"] = fix
    if message is None or fix is None:
        # The rule's texts are written when first read (`Finding.deferred`), as they would be now.
        return Finding.deferred(fields, rule, language, filled)
    return Finding.from_fields(fields)


def write_texts(findings: Iterable[Finding]) -> None:
    """Write the message and fix of every deferred finding now, for a report that prints them all:
    one pass is cheaper than a first read of each (`Finding.deferred`), with the same texts: each
    rule's templates are looked up and parsed once per language (`i18n.renderer`), not per finding."""
    renderers: dict[tuple[int, str], tuple[Callable[[Mapping[str, Any]], str], Callable[[Mapping[str, Any]], str]]] = {}
    for finding in findings:
        state = finding.__dict__
        texts = state.get("_texts")
        if texts is not None and "message" not in state and "fix" not in state:  # `Finding.write_texts`, inline
            rule, language, values = texts
            key = (id(rule), language)  # the rule outlives the loop: its finding holds it
            pair = renderers.get(key)
            if pair is None:
                pair = renderers[key] = rule_renderers(rule, language)
            rewrite = state.get("_rewrite")
            state["message"] = pair[0](values) if rewrite is None else rewrite(pair[0](values))
            state["fix"] = pair[1](values) if rewrite is None else rewrite(pair[1](values))
        elif texts is not None:
            finding.write_texts()


def rule_renderers(rule: Any, language: Optional[str]) -> tuple[Callable[[Mapping[str, Any]], str], Callable[[Mapping[str, Any]], str]]:
    """The functions that write a rule's `message` and `fix` in `language` from a finding's
    values: the same texts as `rule.render(field, language, values)`."""
    language = language or SOURCE_LANGUAGE
    return renderer(rule.template("message", language), language), renderer(rule.template("fix", language), language)


def hit_finding(hit: Hit, *, path: str, level: Level, language: str, extra: Optional[Mapping[str, Any]] = None) -> Finding:
    """The finding for a hit; `extra` values (the set's period) sit under the hit's own."""
    values = {**extra, **hit.values} if extra else dict(hit.values)
    return _made(hit.rule, path, level, language, hit.target, hit.line, hit.objective_index, hit.key_result_index, values, None, None, hit.evidence_limit)


def hit_findings(hits: Iterable[Hit], *, path: str, level_of: Callable[[Any], Level], language: str, extra: Mapping[str, Any]) -> list[Finding]:
    """`hit_finding` for many hits at once (a set's, after waivers), each at `level_of(rule)`:
    the same findings, made in one loop (a 5,000 key-result file makes ten thousand). What a
    finding takes from its rule (code, name, category, level) is laid out once per rule, in the
    order `Finding.deferred` lays out its fields, and copied into each of its findings."""
    new, limit_default, clip_at = Finding.__new__, EVIDENCE_LIMIT, excerpt.clip
    by_rule: dict[int, dict[str, Any]] = {}  # id(rule) -> its findings' fields; the hits hold the rules
    found = []
    for hit in hits:
        values = {**extra, **hit.values}
        evidence = values.get("evidence")
        quote = "" if evidence is None else evidence if type(evidence) is str else value_text(evidence, language)
        limit = hit.evidence_limit
        if limit is not None:
            quote = clip_at(quote, limit, keep_end=True) if limit == limit_default else clip(quote, limit)
        values["evidence"] = quote
        rule = hit.rule
        base = by_rule.get(id(rule))
        if base is None:
            base = by_rule[id(rule)] = _rule_fields(rule, path, level_of(rule))
        finding = new(Finding)
        state = finding.__dict__
        state.update(base)
        state["line"] = hit.line
        state["target"] = hit.target
        state["objective_index"] = hit.objective_index
        state["key_result_index"] = hit.key_result_index
        state["evidence"] = quote or None
        state["_texts"] = (rule, language, values)
        found.append(finding)
    return found


def _rule_fields(rule: Any, path: str, level: Level) -> dict[str, Any]:
    """The fields of a finding of `rule` in the file at `path`, laid out as `Finding.deferred`
    lays them out (its defaults first, then `hit_findings`' fields in their order); the element's
    fields are set per finding."""
    fields = dict(Finding._defaults)
    fields.update({"path": path, "line": None, "code": rule.code, "name": rule.name, "category": rule.category, "level": level, "target": None})
    for name in ("objective_index", "key_result_index", "evidence"):
        fields.setdefault(name, None)
    return fields


def sort_key(finding: Finding) -> tuple:
    """Findings in reading order: line, objective, key result, code."""
    return (finding.line or 0, finding.objective_index if finding.objective_index is not None else -1, finding.key_result_index if finding.key_result_index is not None else -1, finding.code)
