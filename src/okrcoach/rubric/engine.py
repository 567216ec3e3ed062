"""Run a rubric over an OKR set: pure, deterministic, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from okrcoach.i18n import LocalisedText, msg, resolve
from okrcoach.model import Finding, KeyResult, Level, Objective, OkrSet, Waiver

from . import checks
from .analysis import KeyResultFacts, ObjectiveFacts, normalise
from .language import LanguageGuesser
from .lexicon import Lexicon
from .loader import Rubric
from .schema import RuleSpec

DEFAULT_THRESHOLDS = {"max-key-results": 5, "max-objectives": 5, "objective-max-length": 110}


@dataclass(frozen=True)
class LintOptions:
    """Which rules run and how: selection, per-rule levels, thresholds, language override."""

    enabled: Optional[frozenset[str]] = None
    levels: dict[str, Level] = field(default_factory=dict)
    thresholds: dict[str, int] = field(default_factory=dict)
    language: Optional[str] = None

    def is_enabled(self, rule: RuleSpec) -> bool:
        if self.enabled is None:
            return rule.status != "deprecated"
        return rule.code in self.enabled

    def level_of(self, rule: RuleSpec) -> Level:
        return self.levels.get(rule.code, rule.level)


def _clip(text: Optional[str], limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def detect_language(okr_set: OkrSet, lexicons: dict[str, Lexicon], guesser: Optional[LanguageGuesser] = None) -> str:
    """The set's declared language, else the one whose function words its text uses most."""
    if okr_set.language:
        return okr_set.language
    texts = [okr_set.title or ""]
    for objective in okr_set.objectives:
        texts.append(objective.title)
        texts.extend(kr.text for kr in objective.key_results)
    return (guesser or LanguageGuesser(lexicons)).most_likely(" \n ".join(texts))


def detect_text_language(text: str, lexicons: dict[str, Lexicon]) -> str:
    """The most likely language of a text, English when nothing points anywhere."""
    return LanguageGuesser(lexicons).most_likely(text)


@dataclass
class _Element:
    target: str
    objective_index: Optional[int]
    key_result_index: Optional[int]
    line: Optional[int]
    waivers: list[Waiver]


class Linter:
    """Applies one rubric with one set of options to any number of sets."""

    def __init__(self, rubric: Rubric, options: Optional[LintOptions] = None) -> None:
        self.rubric = rubric
        self.options = options or LintOptions()
        self.thresholds = {**DEFAULT_THRESHOLDS, **self.options.thresholds}
        active = [r for r in rubric.rules if self.options.is_enabled(r)]
        self.kr_rules = [r for r in active if r.target in ("key_result", "objective_or_key_result") and r.check == "facts"]
        self._kr_checks = [(rule, checks.compile_facts(rule)) for rule in self.kr_rules]
        self.objective_rules = [r for r in active if r.target in ("objective", "objective_or_key_result") and r.check in ("facts", "length")]
        self._objective_checks = {r.code: checks.compile_facts(r) for r in self.objective_rules if r.check == "facts"}
        self.count_rules = [r for r in active if r.check == "count"]
        self.duplicate_rules = [r for r in active if r.check == "duplicate"]
        self.waiver_rules = {r.name: r for r in active if r.check == "waiver"}

        self.guesser = LanguageGuesser(rubric.lexicons)

    def lexicon_for(self, language: str) -> Lexicon:
        return self.rubric.lexicons.get(language) or self.rubric.lexicons["en"]

    def language_of(self, okr_set: OkrSet) -> str:
        if self.options.language:
            return self.options.language
        return detect_language(okr_set, self.rubric.lexicons, self.guesser)

    def text_language(self, text: str) -> Optional[str]:
        """The language one objective or key result is confidently written in, or None when unsure."""
        return self.guesser.confident_language(text)

    def own_lexicon(self, text: str, set_lexicon: Lexicon) -> Lexicon:
        """The lexicon to judge one text with: its own language's when it is clearly written in
        another language than its set ("Reduce churn from 3 % to 2 %" in a Danish set), else the set's."""
        language = self.guesser.confident_language(text)
        if language is None or language == set_lexicon.language:
            return set_lexicon
        return self.rubric.lexicons.get(language) or set_lexicon

    def lint(self, okr_set: OkrSet, path: Optional[str] = None, language: Optional[str] = None) -> list[Finding]:
        """All findings for one set, waivers applied, sorted by line."""
        path = path or (okr_set.source.path if okr_set.source and okr_set.source.path else "<input>")
        language = language or self.language_of(okr_set)
        lexicon = self.lexicon_for(language)
        raw: list[tuple[_Element, RuleSpec, dict[str, Any]]] = []
        set_line = okr_set.source.line if okr_set.source else None
        set_element = _Element("set", None, None, set_line, [])

        for rule in self.count_rules:
            if rule.params["of"] == "objectives":
                context = checks.count_check(rule, len(okr_set.objectives), self.thresholds)
                if context:
                    raw.append((set_element, rule, {**context, "evidence": msg("phrases.objective-count", count=len(okr_set.objectives))}))

        for oi, objective in enumerate(okr_set.objectives):
            element = _Element("objective", oi, None, _line(objective, set_line), objective.waive)
            objective_lexicon = self.own_lexicon(objective.title, lexicon)
            facts = ObjectiveFacts(objective, okr_set, objective_lexicon, lexicon.language)
            for rule in self.objective_rules:
                if rule.check == "facts":
                    evidence = self._objective_checks[rule.code](facts)
                    if evidence:
                        raw.append((element, rule, {"evidence": _as_written(evidence, objective.title)}))
                else:
                    context = checks.length_check(rule, objective.title, self.thresholds)
                    if context:
                        raw.append((element, rule, {**context, "evidence": _clip(objective.title, 60)}))
            for rule in self.count_rules:
                if rule.params["of"] == "key_results":
                    context = checks.count_check(rule, len(objective.key_results), self.thresholds)
                    if context:
                        raw.append((element, rule, {**context, "evidence": msg("phrases.key-result-count", count=len(objective.key_results))}))
            for ki, kr in enumerate(objective.key_results):
                kr_element = _Element("key_result", oi, ki, _line(kr, element.line), kr.waive + objective.waive)
                kr_facts = KeyResultFacts(kr, objective, okr_set, self.own_lexicon(kr.text, lexicon), lexicon.language, objective_lexicon)
                for rule, check in self._kr_checks:
                    evidence = check(kr_facts)
                    if evidence:
                        raw.append((kr_element, rule, {"evidence": _as_written(evidence, kr.text)}))

        for rule in self.duplicate_rules:
            for oi, ki, kr, (first_oi, first_ki) in checks.duplicate_keys(okr_set):
                objective = okr_set.objectives[oi]
                element = _Element("key_result", oi, ki, _line(kr, _line(objective, set_line)), kr.waive + objective.waive)
                raw.append((element, rule, {"evidence": kr.text, "first": f"O{first_oi + 1}.KR{first_ki + 1}"}))

        findings: list[Finding] = []
        used: set[int] = set()
        period = okr_set.period.label if okr_set.period else ""
        layout = _layout(path)
        for element, rule, context in raw:
            waiver = self._waiver_for(element.waivers, rule)
            if waiver is not None:
                used.add(id(waiver))
                continue
            findings.append(self._finding(path, element, rule, {"period": period, "format": layout, **context}, language))
        findings.extend(self._unused_waivers(okr_set, used, path, language))
        findings.sort(key=_sort_key)
        return findings

    def _waiver_for(self, waivers: list[Waiver], rule: RuleSpec) -> Optional[Waiver]:
        for waiver in waivers:
            key = waiver.code.strip()
            if key.upper() == rule.code or key.lower() == rule.name or key.lower() in rule.aliases:
                return waiver
        return None

    def _unused_waivers(self, okr_set: OkrSet, used: set[int], path: str, language: str) -> Iterable[Finding]:
        rule = self.waiver_rules.get("unused-waiver")
        if rule is None:
            return []
        found = []
        for oi, objective in enumerate(okr_set.objectives):
            owners: list[tuple[_Element, list[Waiver]]] = [(_Element("objective", oi, None, _line(objective, None), []), objective.waive)]
            for ki, kr in enumerate(objective.key_results):
                owners.append((_Element("key_result", oi, ki, _line(kr, None), []), kr.waive))
            for element, waivers in owners:
                for waiver in waivers:
                    if id(waiver) in used:
                        continue
                    known = self.rubric.find(waiver.code)
                    if known is None:
                        close = self.rubric.suggest(waiver.code)
                        reason = msg("phrases.waiver-not-a-rule-close", code=waiver.code, close=close) if close else msg("phrases.waiver-not-a-rule", code=waiver.code)
                    else:
                        reason = msg("phrases.waiver-raised-nothing", code=known.code, name=known.name)
                    line = waiver.source.line if waiver.source and waiver.source.line else element.line
                    located = _Element(element.target, element.objective_index, element.key_result_index, line, [])
                    found.append(self._finding(path, located, rule, {"evidence": waiver.code, "reason": reason}, language))
        return found

    def _finding(self, path: str, element: _Element, rule: RuleSpec, context: dict[str, Any], language: str) -> Finding:
        values = dict(context)
        values["evidence"] = _clip(resolve(context.get("evidence"), language) or "")
        message = rule.render("message", language, values)
        fix = rule.render("fix", language, values)
        # Every value here comes from the rubric and the model, already validated: skip re-validation.
        return Finding.model_construct(
            path=path,
            line=element.line,
            code=rule.code,
            name=rule.name,
            category=rule.category,
            level=self.options.level_of(rule),
            target=element.target,  # type: ignore[arg-type]
            objective_index=element.objective_index,
            key_result_index=element.key_result_index,
            message=message,
            fix=fix,
            evidence=values["evidence"] or None,
        )


def _as_written(evidence: LocalisedText, text: str) -> LocalisedText:
    """The evidence as the user wrote it: facts are found in lower-cased text ("q4 2026"). A
    catalogue phrase (a language's name) is rendered later, in the file's language."""
    if not evidence or not isinstance(evidence, str) or evidence in text:
        return evidence
    at = normalise(text).find(evidence)
    return text[at : at + len(evidence)] if at >= 0 else evidence


def _layout(path: str) -> str:
    """`csv` for a spreadsheet file (its set fields are columns, not `key:` lines), else `fields`;
    a fix names the place a field has in the file (`{format, select, csv {…} other {…}}`)."""
    return "csv" if path.lower().endswith((".csv", ".tsv")) else "fields"


def _line(element: Objective | KeyResult, default: Optional[int]) -> Optional[int]:
    if element.source is not None and element.source.line is not None:
        return element.source.line
    return default


def _sort_key(finding: Finding) -> tuple:
    return (finding.line or 0, finding.objective_index if finding.objective_index is not None else -1, finding.key_result_index if finding.key_result_index is not None else -1, finding.code)


def lint(okr_set: OkrSet, rubric: Rubric, options: Optional[LintOptions] = None, path: Optional[str] = None) -> list[Finding]:
    """Convenience wrapper: lint one set with a fresh `Linter`."""
    return Linter(rubric, options).lint(okr_set, path)
