"""Lint read files: reader problems and rubric findings, per file, in one report.

This joins the readers (`okrcoach.formats`) and the rubric for the front ends, so the CLI, the TUI
and tests lint a file the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from okrcoach.formats import ReadResult, read_bytes
from okrcoach.language_data import derived_from_sections, language_labels
from okrcoach.model import Finding, Level, OkrSet
from okrcoach.rubric import Linter, detect_text_language
from okrcoach.rubric.findings import Hit, build_finding


@dataclass
class FileReport:
    """Everything the linter says about one file."""

    path: str
    language: Optional[str]
    okr_set: Optional[OkrSet]
    findings: list[Finding] = field(default_factory=list)
    reader_findings: list[Finding] = field(default_factory=list, repr=False)
    """The readers' findings (format problems): no waiver applies to them."""
    hits: list[Hit] = field(default_factory=list, repr=False)
    """Every rule hit on the set before waivers: the engine's, then the collection rules'."""
    written_in: Optional[str] = field(default=None, repr=False)
    """The language its findings are written in, known even for a file that could not be read
    (whose `language` is None): the report's words around them speak it too."""
    keys: Optional["FileKeys"] = field(default=None, repr=False)
    """How the file names its fields, so a message or fix says `lähtötaso:` where it says `baseline:`."""

    def settle(self, linter: Linter) -> None:
        """Resolve the waivers over all hits and write `findings`: the reader's, then the rules'."""
        findings = list(self.reader_findings)
        if self.okr_set is not None:
            findings += linter.findings(self.okr_set, self.hits, self.path, self.language or None)
        findings.sort(key=lambda f: (f.line or 0, f.code))
        if self.keys is not None:
            findings = [self.keys.finding(f) for f in findings]
        self.findings = findings

    @property
    def period(self) -> Optional[str]:
        return self.okr_set.period.label if self.okr_set and self.okr_set.period else None

    @property
    def objective_count(self) -> int:
        return len(self.okr_set.objectives) if self.okr_set else 0

    @property
    def key_result_count(self) -> int:
        return self.okr_set.key_result_count() if self.okr_set else 0


# A field key named in a message or fix: `baseline:`, `guardrail: true`, `aligns_to: {evidence}`.
_NAMED_KEY = re.compile(r"`([a-z_]+):((?: [^`\n]*)?)`")


class FileKeys:
    """Rewrites the English field keys a finding's message and fix name (`baseline:`) into the
    keys this file uses for those fields (`lähtötaso:`, a `Lähtötaso` column), so the fix tells
    the user what to type in their own file (`okrcoach.formats.vocabulary.file_key`). Texts that
    name no key, and files whose keys are the English ones, are left as they are."""

    def __init__(self, text: Optional[str], fmt: Optional[str], language: Optional[str]) -> None:
        from okrcoach.formats.vocabulary import KR_FIELDS, OBJECTIVE_META, SET_META

        self.text, self.fmt, self.language = text, fmt, language
        self._fields = KR_FIELDS | OBJECTIVE_META | SET_META | {"guardrail", "aligns_to"}
        self._keys: dict[str, Optional[str]] = {}
        self._rewrites: Optional[bool] = None

    def rewrites(self) -> bool:
        """Whether this file names any field otherwise than its English key: when it does not (a
        YAML or JSON file with English keys, most files), no text changes and none is looked at."""
        if self._rewrites is None:
            self._rewrites = any(self._key(name) is not None for name in self._fields)
        return self._rewrites

    def _key(self, name: str) -> Optional[str]:
        if name not in self._keys:
            from okrcoach.formats.vocabulary import file_key

            self._keys[name] = file_key(name, self.text, self.fmt, self.language) if name in self._fields else None
        return self._keys[name]

    def __call__(self, said: str) -> str:
        if "`" not in said:
            return said

        def local(m: re.Match[str]) -> str:
            key = self._key(m.group(1))
            if key is None or (self.fmt == "csv" and m.group(2)):
                return m.group(0)
            return f"`{key}{m.group(2)}`"

        return _NAMED_KEY.sub(local, said)

    def finding(self, finding: Finding) -> Finding:
        """The finding with its message and fix naming the file's keys; a finding whose texts are
        not written yet gets them written so when they are (`Finding.deferred`)."""
        if not self.rewrites():
            return finding
        state = finding.__dict__
        texts = state.get("_texts")
        if texts is not None and ("message" not in state or "fix" not in state):
            state["_rewrite"] = self
            return finding
        message, fix = self(finding.message), self(finding.fix)
        if message == finding.message and fix == finding.fix:
            return finding
        return finding.model_copy(update={"message": message, "fix": fix})


@dataclass(frozen=True)
class Verdict:
    """Whether a set passes at a fail level: what `okrcoach lint` decides, in one place.

    `lint` exits 1 exactly when `passed` is False; `draft`, `improve` and the TUI use the same
    verdict, so "passed" never means anything else.
    """

    passed: bool
    fail_level: Level
    blocking: tuple[Finding, ...]
    """Findings at or above the fail level."""
    below: tuple[Finding, ...]
    """Findings under the fail level (shown, not blocking)."""

    def summary(self, language: str = "en") -> str:
        """One phrase for people, after a subject: "passes `okrcoach lint` (fail level: warning)",
        or why not, in `language` (the message catalogue's `report.lint-*`)."""
        from okrcoach.i18n import text

        level = text("report.level", language, level=self.fail_level.value)
        if self.passed and self.below:
            return text("report.lint-passes-below", language, level=level, counts=self._levels(self.below, language))
        if self.passed:
            return text("report.lint-passes", language, level=level)
        return text("report.lint-fails", language, level=level, counts=self._levels(self.blocking, language))

    @staticmethod
    def _levels(findings: tuple[Finding, ...], language: str) -> str:
        from okrcoach.i18n import text

        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.level.value] = counts.get(finding.level.value, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: -Level(item[0]).rank)
        return ", ".join(text("report.level-count", language, level=level, count=n) for level, n in ranked)


def verdict(findings: list[Finding], fail_level: "Level | str" = "warning") -> Verdict:
    """The verdict on findings at `fail_level` (error, warning or info)."""
    level = Level(fail_level)
    blocking = tuple(f for f in findings if f.level.rank >= level.rank)
    below = tuple(f for f in findings if f.level.rank < level.rank)
    return Verdict(passed=not blocking, fail_level=level, blocking=blocking, below=below)


def passes(findings: list[Finding], fail_level: "Level | str" = "warning") -> bool:
    """`verdict(findings, fail_level).passed`, stopping at the first finding at or above the fail
    level (what `okrcoach lint` needs for its exit code, for thousands of findings)."""
    rank = Level(fail_level).rank
    blocking = frozenset(level for level in Level if level.rank >= rank)
    return not any(finding.level in blocking for finding in findings)


def verdict_of_text(text: str, path: str, linter: Linter, fail_level: "Level | str" = "warning", fmt: Optional[str] = None) -> tuple[Verdict, FileReport]:
    """Read `text` as the file `path` would be read and lint it: the verdict `okrcoach lint path`
    gives once the text is saved there (same reader, rubric options and fail level)."""
    report = lint_result(read_bytes(text.encode("utf-8"), path, fmt), linter)
    return verdict(report.findings, fail_level), report


def reader_findings(result: ReadResult, linter: Linter, language: str = "en") -> list[Finding]:
    """Turn a reader's issues into `format` findings carrying their rule's code, name and level,
    their message and fix in `language`."""
    findings = []
    for issue in result.issues:
        rule = linter.rubric.find(issue.code)
        if rule is None or not linter.options.is_enabled(rule):
            continue
        findings.append(
            build_finding(
                rule,
                path=result.path,
                level=linter.options.level_of(rule),
                language=language,
                line=issue.line,
                values={"evidence": issue.evidence},
                message=issue.text_in("message", language),
                fix=issue.text_in("fix", language),
                evidence_limit=None,
            )
        )
    return findings


def file_language(result: ReadResult, linter: Linter) -> str:
    """The language a file's findings are written in: the `--language`/config override, the
    set's `language:` or the language of its text; for a file that could not be built, a
    `language:` line in its text, else the language of the text, else English."""
    if linter.options.language:
        return linter.options.language
    okr_set = result.okr_set
    if okr_set is not None and (okr_set.language or any(o.title.strip() or o.key_results for o in okr_set.objectives)):
        return linter.language_of(okr_set)
    text = result.text or ""
    declared = _declared_language().search(text)
    if declared and declared.group(1).lower() in linter.rubric.lexicons:
        return declared.group(1).lower()
    return detect_text_language(text, linter.rubric.lexicons) if text.strip() else "en"


@lru_cache(maxsize=1)
def _declared_language() -> re.Pattern[str]:
    """A `language: da` line, with the label in any language (the lexicons' `reader.language`)."""
    derived_from_sections(_declared_language.cache_clear)  # rebuilt when a rubric folder brings a language
    labels = "|".join(sorted({re.escape(w) for w in language_labels()}, key=len, reverse=True)) or "language"
    return re.compile(rf"^\W*(?:{labels})\W*\s*[:=]\s*[\"']?([A-Za-z]{{2,3}})\b", re.I | re.M)


def lint_result(result: ReadResult, linter: Linter) -> FileReport:
    """Lint whatever part of the file could be read, after its reader findings.

    Every finding, the reader's included, is written in the file's language (`file_language`).
    """
    language = file_language(result, linter)
    report = FileReport(path=result.path, language=language if result.okr_set is not None else None, okr_set=result.okr_set, written_in=language, keys=FileKeys(result.text, result.format, language))
    report.reader_findings = reader_findings(result, linter, language)
    if result.okr_set is not None:
        report.hits = linter.hits(result.okr_set, language)
    report.settle(linter)
    return report
