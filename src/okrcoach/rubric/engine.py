"""Run a rubric over an OKR set: pure and deterministic, no I/O while linting.

Building a `Linter` for a rubric with extra folders makes their languages known process-wide
(`language_data.use_rubric_folders`), so the readers accept them; linting itself reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from okrcoach.language_data import use_rubric_folders
from okrcoach.model import Finding, Level, OkrSet

from . import kinds
from .analysis import KeyResultFacts, ObjectiveFacts
from .findings import Hit, hit_at, hit_findings, line_of, resolve_waivers, sort_key
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


class Linter:
    """Applies one rubric with one set of options to any number of sets.

    Each enabled rule's check kind compiles it once (`rubric.kinds`); `hits` runs the compiled
    checks over a set, and `findings` resolves the waivers over all hits at once and builds the
    findings. `lint` does both for one set.
    """

    def __init__(self, rubric: Rubric, options: Optional[LintOptions] = None) -> None:
        self.rubric = rubric
        self.options = options or LintOptions()
        self.thresholds = {**DEFAULT_THRESHOLDS, **self.options.thresholds}
        active = [r for r in rubric.rules if self.options.is_enabled(r)]
        compiled = [(rule, check) for rule in active if (check := kinds.compile_check(rule, self.thresholds)) is not None]
        self._set_checks = kinds.stage(compiled, "on_set")
        self._key_result_checks = kinds.stage(compiled, "on_key_result")
        # What hits() runs per element: every check of the stage in one call (`kinds.element_stage`),
        # each rule's facts read in the measured order (`fact_order`): the same hits, fewer facts computed.
        from .fact_order import ORDER

        order = {stage: {code: names.split() for code, names in rules.items()} for stage, rules in ORDER.items()}
        self._on_objective = kinds.element_stage(compiled, "on_objective", order.get("objective"))
        self._on_key_result = kinds.element_stage(compiled, "on_key_result", order.get("key_result"))
        self.duplicate_rules = [r for r in active if r.check == "duplicate"]  # findings that depend on more than one key result
        self.unused_waiver_rule = next((r for r in active if r.check == "waiver" and r.name == "unused-waiver"), None)
        self.guesser = LanguageGuesser(rubric.lexicons)
        if rubric.extra_folders:
            use_rubric_folders(rubric.extra_folders)  # the readers and catalogues learn its languages

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
        language = language or self.language_of(okr_set)
        return self.findings(okr_set, self.hits(okr_set, language), path, language)

    def hits(self, okr_set: OkrSet, language: Optional[str] = None) -> list[Hit]:
        """Every hit of the engine's checks on one set, before waivers."""
        language = language or self.language_of(okr_set)
        lexicon = self.lexicon_for(language)
        found: list[Hit] = []
        for rule, on_set in self._set_checks:
            for oi, ki, values in on_set(okr_set):
                found.append(hit_at(rule, okr_set, oi, ki, values))
        set_line = okr_set.source.line if okr_set.source else None
        on_objective, on_key_result, own_lexicon = self._on_objective, self._on_key_result, self.own_lexicon
        set_language = lexicon.language
        for oi, objective in enumerate(okr_set.objectives):
            objective_lexicon = own_lexicon(objective.title, lexicon)
            facts = ObjectiveFacts(objective, okr_set, objective_lexicon, set_language)
            objective_line = line_of(objective, set_line)
            for rule, values in on_objective(objective, facts):
                found.append(Hit(rule, "objective", oi, None, objective_line, values))
            if not self._key_result_checks:
                continue
            for ki, kr in enumerate(objective.key_results):
                kr_hits = on_key_result(kr, KeyResultFacts(kr, objective, okr_set, own_lexicon(kr.text, lexicon), set_language, objective_lexicon, facts))
                if kr_hits:
                    kr_line = line_of(kr, objective_line)
                    found += [Hit(rule, "key_result", oi, ki, kr_line, values) for rule, values in kr_hits]
        return found

    def findings(self, okr_set: OkrSet, hits: Iterable[Hit], path: Optional[str] = None, language: Optional[str] = None) -> list[Finding]:
        """The findings of all hits on one set (engine and collection alike): waivers resolved
        once, unused waivers reported, sorted by line."""
        path = path or (okr_set.source.path if okr_set.source and okr_set.source.path else "<input>")
        language = language or self.language_of(okr_set)
        period = {"period": okr_set.period.label if okr_set.period else "", "format": _layout(path)}
        kept = resolve_waivers(okr_set, hits, self.rubric, self.unused_waiver_rule)
        found = hit_findings(kept, path=path, level_of=self.options.level_of, language=language, extra=period)
        found.sort(key=sort_key)
        return found


def _layout(path: str) -> str:
    """`csv` for a spreadsheet file (its set fields are columns, not `key:` lines), else `fields`;
    a fix names the place a field has in the file (`{format, select, csv {…} other {…}}`)."""
    return "csv" if path.lower().endswith((".csv", ".tsv")) else "fields"
