"""Lint read files: reader problems and rubric findings, per file, in one report.

This joins the readers (`okrcoach.formats`) and the rubric for the front ends, so the CLI, the TUI
and tests lint a file the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from okrcoach.formats import ReadResult, read_bytes
from okrcoach.model import Finding, KeyResult, Objective, OkrSet
from okrcoach.rubric import Linter


@dataclass
class FileReport:
    """Everything the linter says about one file."""

    path: str
    language: Optional[str]
    okr_set: Optional[OkrSet]
    findings: list[Finding] = field(default_factory=list)

    @property
    def period(self) -> Optional[str]:
        return self.okr_set.period.label if self.okr_set and self.okr_set.period else None

    @property
    def objective_count(self) -> int:
        return len(self.okr_set.objectives) if self.okr_set else 0

    @property
    def key_result_count(self) -> int:
        return self.okr_set.key_result_count() if self.okr_set else 0


def reader_findings(result: ReadResult, linter: Linter) -> list[Finding]:
    """Turn a reader's issues into `format` findings carrying their rule's code, name and level."""
    findings = []
    for issue in result.issues:
        rule = linter.rubric.find(issue.code)
        if rule is None or not linter.options.is_enabled(rule):
            continue
        findings.append(
            Finding(
                path=result.path,
                line=issue.line,
                code=rule.code,
                name=rule.name,
                category=rule.category,
                level=linter.options.level_of(rule),
                target="set",
                message=issue.message,
                fix=issue.fix,
                evidence=issue.evidence,
            )
        )
    return findings


def lint_result(result: ReadResult, linter: Linter) -> FileReport:
    """Lint whatever part of the file could be read, after its reader findings."""
    findings = reader_findings(result, linter)
    language = None
    if result.okr_set is not None:
        language = linter.language_of(result.okr_set)
        findings += linter.lint(result.okr_set, result.path, language)
    findings.sort(key=lambda f: (f.line or 0, f.code))
    return FileReport(path=result.path, language=language, okr_set=result.okr_set, findings=findings)


def example_set(example: Any, target: str, language: str) -> OkrSet:
    """Build the OKR set a rule example stands for (a text, or a mapping of fields)."""
    fields = {"text": example} if isinstance(example, str) else dict(example)
    period = fields.pop("period", None)
    if target == "objective":
        title = fields.pop("text", fields.pop("title", ""))
        objective = Objective(title=title, kind=fields.pop("kind", None))
        return OkrSet(language=language, period=period, objectives=[objective])
    objective = Objective(
        title=fields.pop("objective", "Example objective"),
        kind=fields.pop("objective_kind", None),
        key_results=[KeyResult(**fields)],
    )
    return OkrSet(language=language, period=period, objectives=[objective])


def lint_example(example: Any, target: str, language: str, linter: Linter) -> list[Finding]:
    """Findings for one rule example: a whole file (`file` + `content`), several files (`files`) or one element."""
    if isinstance(example, dict) and "files" in example:
        from okrcoach.alignment import lint_collection

        reports = [lint_result(read_bytes(str(f["content"]).encode("utf-8"), str(f["file"])), linter) for f in example["files"]]
        lint_collection(reports, [linter] * len(reports))
        return [finding for report in reports for finding in report.findings]
    if isinstance(example, dict) and "content" in example:
        name = str(example.get("file", "example.okr.yaml"))
        result = read_bytes(str(example["content"]).encode("utf-8"), name)
        return lint_result(result, linter).findings
    return linter.lint(example_set(example, target, language), "example", language)
