"""Lint output formats: text for people; JSON, SARIF and GitHub annotations for machines.

JSON (`"version": 1`) and SARIF are versioned contracts: fields may be added, never renamed or
removed without a new version. The text format is for people and may change.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional

from okrcoach import __version__
from okrcoach.linting import FileReport
from okrcoach.model import Finding, Level
from okrcoach.rubric import Rubric
from okrcoach.terminal import UNSAFE, dumps_json, printable

JSON_VERSION = 1
_COLOURS = {"error": "31", "warning": "33", "info": "36"}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def summary_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.level.value for f in findings)
    return {level.value: counts.get(level.value, 0) for level in (Level.error, Level.warning, Level.info)}


def _all_findings(reports: list[FileReport]) -> list[Finding]:
    return [f for report in reports for f in report.findings]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def to_text(reports: list[FileReport], colour: bool = False, show_fix: bool = True, file_count: Optional[int] = None) -> str:
    """Findings grouped by file: line, level, code and name, message, and the fix below.

    Every text from a file (paths, periods, quoted evidence) goes through `printable`: the only
    escape sequences in the output are the colours painted here.
    """

    def paint(text: str, code: str) -> str:
        text = printable(text, single_line=True)
        return f"\033[{code}m{text}\033[0m" if colour else text

    lines: list[str] = []
    for report in reports:
        details = []
        if report.language:
            details.append(report.language)
        if report.period:
            details.append(report.period)
        if report.okr_set is not None:
            details.append(_plural(report.objective_count, "objective"))
            details.append(_plural(report.key_result_count, "key result"))
        header = paint(report.path, "1") + (f"  ({printable(', '.join(details), single_line=True)})" if details else "")
        lines.append(header)
        if not report.findings:
            lines.append("  " + paint("no findings", "32"))
        for finding in report.findings:
            where = f"{finding.line}" if finding.line else "-"
            if not colour and _shown_as_is(f"{finding.code} {finding.name} {finding.message} {finding.fix}"):
                # Nothing to neutralise or paint: the texts go out as they are (most findings).
                lines.append(f"  {where:>4}  {finding.level.value:<7}  {finding.code} {finding.name}  {finding.message}")
                if show_fix and finding.fix:
                    lines.append(f"        {'':7}  fix: {finding.fix}")
                continue
            level = paint(f"{finding.level.value:<7}", _COLOURS[finding.level.value])
            lines.append(f"  {where:>4}  {level}  {paint(finding.code, '1')} {printable(f'{finding.name}  {finding.message}', single_line=True)}")
            if show_fix and finding.fix:
                lines.append(f"        {'':7}  {paint('fix:', '2')} {printable(finding.fix, single_line=True)}")
        lines.append("")
    counts = summary_counts(_all_findings(reports))
    total = sum(counts.values())
    files = _plural(len(reports) if file_count is None else file_count, "file")
    if total:
        lines.append(f"Found {_plural(total, 'finding')} ({counts['error']} error, {counts['warning']} warning, {counts['info']} info) in {files}.")
    else:
        lines.append(f"No findings in {files}.")
    return "\n".join(lines) + "\n"


def _shown_as_is(text: str) -> bool:
    """Whether `printable(text, single_line=True)` is `text` itself: nothing unsafe, no line break or tab."""
    return "\n" not in text and "\t" not in text and not UNSAFE.search(text)


def to_json_data(reports: list[FileReport]) -> dict:
    """The JSON contract, version 1."""
    findings = _all_findings(reports)
    return {
        "version": JSON_VERSION,
        "tool": {"name": "okrcoach", "version": __version__},
        "files": [
            {
                "path": r.path,
                "language": r.language,
                "period": r.period,
                "objectives": r.objective_count,
                "key_results": r.key_result_count,
            }
            for r in reports
        ],
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "code": f.code,
                "name": f.name,
                "category": f.category,
                "level": f.level.value,
                "target": f.target,
                "objective_index": f.objective_index,
                "key_result_index": f.key_result_index,
                "message": f.message,
                "fix": f.fix,
                "evidence": f.evidence,
            }
            for f in findings
        ],
        "summary": summary_counts(findings),
    }


def to_json(reports: list[FileReport]) -> str:
    """The JSON report: texts faithful to the files, escaped where a terminal would act on them."""
    return dumps_json(to_json_data(reports)) + "\n"


def _fingerprint(finding: Finding) -> str:
    import hashlib  # SARIF only

    key = "|".join(str(x) for x in (finding.path, finding.code, finding.objective_index, finding.key_result_index, finding.evidence))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def to_sarif(reports: list[FileReport], rubric: Rubric) -> str:
    """SARIF 2.1.0 for code-scanning tools, with every rule described once."""
    from okrcoach.rubric.docs import general_wording  # only SARIF describes rules

    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": general_wording(rule, "message", "en").split(":")[0]},
            "fullDescription": {"text": " ".join(rule.why.split())},
            "help": {"text": general_wording(rule, "fix", "en")},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.level.value]},
            "properties": {"category": rule.category, "target": rule.target},
        }
        for rule in rubric.rules
    ]
    index = {rule.code: i for i, rule in enumerate(rubric.rules)}
    results = []
    for finding in _all_findings(reports):
        result = {
            "ruleId": finding.code,
            "ruleIndex": index.get(finding.code, 0),
            "level": _SARIF_LEVEL[finding.level.value],
            "message": {"text": f"{finding.message}. Fix: {finding.fix}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": finding.path.replace("\\", "/")},
                        "region": {"startLine": finding.line or 1},
                    }
                }
            ],
            "partialFingerprints": {"okrcoach/v1": _fingerprint(finding)},
        }
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "okrcoach", "version": __version__, "informationUri": "https://pypi.org/project/okrcoach/", "rules": rules}},
                "results": results,
            }
        ],
    }
    return dumps_json(sarif) + "\n"


def _escape_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(reports: list[FileReport]) -> str:
    """GitHub Actions workflow commands: one annotation per finding, grouped by file."""
    lines = []
    paths: dict[str, str] = {}  # a report's findings share their path: escape it once
    for report in reports:
        lines.append(f"::group::{_escape_data(report.path)}")
        for f in report.findings:
            path = paths.get(f.path)
            if path is None:
                path = paths[f.path] = _escape_property(f.path)
            props = f"file={path}"
            if f.line:
                props += f",line={f.line}"
            props += f",title={_escape_property(f'{f.code} {f.name}')}"
            lines.append(f"::{_GITHUB_LEVEL[f.level.value]} {props}::{_escape_data(f'{f.message}. Fix: {f.fix}')}")
        lines.append("::endgroup::")
    counts = summary_counts(_all_findings(reports))
    lines.append(f"okrcoach: {counts['error']} error, {counts['warning']} warning, {counts['info']} info in {_plural(len(reports), 'file')}")
    return "\n".join(lines) + "\n"
