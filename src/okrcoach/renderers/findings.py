"""Lint output formats: text for people; JSON, SARIF and GitHub annotations for machines.

JSON (`"version": 1`) and SARIF are versioned contracts: fields may be added, never renamed or
removed without a new version. The text format is for people and may change.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Optional

from okrcoach import __version__
from okrcoach.linting import FileReport
from okrcoach.model import Finding, Level
from okrcoach.renderers.report_words import annotations_summary, file_details, language_of_report, level_words, report_language, summary_line, words
from okrcoach.rubric import Rubric
from okrcoach.terminal import UNSAFE, JsonText, dumps_json, printable

JSON_VERSION = 1
_COLOURS = {"error": "31", "warning": "33", "info": "36"}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def summary_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.level for f in findings)
    return {level.value: counts.get(level, 0) for level in (Level.error, Level.warning, Level.info)}


def _all_findings(reports: list[FileReport]) -> list[Finding]:
    return [f for report in reports for f in report.findings]


def to_text(reports: list[FileReport], colour: bool = False, show_fix: bool = True, file_count: Optional[int] = None, language: Optional[str] = None) -> str:
    """Findings grouped by file: line, level, code and name, message, and the fix below; the
    summary in `language` (the config's) when no file has a language of its own.

    Every text from a file (paths, periods, quoted evidence) goes through `printable`: the only
    escape sequences in the output are the colours painted here.
    """

    def paint(text: str, code: str) -> str:
        text = printable(text, single_line=True)
        return f"\033[{code}m{text}\033[0m" if colour else text

    lines: list[str] = []
    language = report_language(reports, language)
    for report in reports:
        # Each file's findings in its own words, the summary in the words the files share.
        file_language = language_of_report(report) or language
        levels = level_words(file_language)
        level_width = max(7, *map(len, levels.values()))
        fix_label = words("fix", file_language)
        details = []
        if report.language:
            details.append(report.language)
        if report.period:
            details.append(report.period)
        if report.okr_set is not None:
            details += file_details(report.objective_count, report.key_result_count, file_language)
        header = paint(report.path, "1") + (f"  ({printable(', '.join(details), single_line=True)})" if details else "")
        lines.append(header)
        if not report.findings:
            lines.append("  " + paint(words("no-findings", file_language), "32"))
        if not colour:
            # Nothing to neutralise or paint in any finding (most files): the texts go out as they
            # are. Lines whose every character is printable (one scan of them all) are what the
            # careful path below would write; otherwise the texts decide (`_all_shown_as_is`).
            plain = _plain_lines(report.findings, levels, level_width, fix_label if show_fix else None)
            if "".join(plain).isprintable() or _all_shown_as_is(report.findings):
                lines += plain
                lines.append("")
                continue
        for finding in report.findings:
            where = f"{finding.line}" if finding.line else "-"
            if not colour and _shown_as_is(f"{finding.code} {finding.name} {finding.message} {finding.fix}"):
                # Nothing to neutralise or paint: the texts go out as they are (most findings).
                lines.append(f"  {where:>4}  {levels[finding.level.value]:<{level_width}}  {finding.code} {finding.name}  {finding.message}")
                if show_fix and finding.fix:
                    lines.append(f"        {'':{level_width}}  {fix_label} {finding.fix}")
                continue
            level = paint(f"{levels[finding.level.value]:<{level_width}}", _COLOURS[finding.level.value])
            lines.append(f"  {where:>4}  {level}  {paint(finding.code, '1')} {printable(f'{finding.name}  {finding.message}', single_line=True)}")
            if show_fix and finding.fix:
                lines.append(f"        {'':{level_width}}  {paint(fix_label, '2')} {printable(finding.fix, single_line=True)}")
        lines.append("")
    lines.append(summary_line(reports, file_count, language))
    return "\n".join(lines) + "\n"


def _plain_lines(findings: list[Finding], levels: dict[str, str], level_width: int, fix_label: Optional[str]) -> list[str]:
    """The text format's lines for findings whose texts need no neutralising, without colour:
    what `to_text` writes for each of them, with the level column and fix indent laid out once."""
    level_column = {Level(level): f"{word:<{level_width}}" for level, word in levels.items()}
    fix_start = f"        {'':{level_width}}  {fix_label} "
    lines: list[str] = []
    append = lines.append
    for finding in findings:
        where = str(finding.line) if finding.line else "-"
        append(f"  {where:>4}  {level_column[finding.level]}  {finding.code} {finding.name}  {finding.message}")
        if fix_label is not None and finding.fix:
            append(fix_start + finding.fix)
    return lines


def _all_shown_as_is(findings: list[Finding]) -> bool:
    """Whether every finding's code, name, message and fix is `_shown_as_is`, in one scan."""
    return _shown_as_is(" ".join([text for f in findings for text in (f.code, f.name, f.message, f.fix)]))


def _shown_as_is(text: str) -> bool:
    """Whether `printable(text, single_line=True)` is `text` itself: nothing unsafe, no line break or tab.
    Printable text (`str.isprintable`, one quick scan) has none of them; other text is looked at closely."""
    return text.isprintable() or ("\n" not in text and "\t" not in text and not UNSAFE.search(text))


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

    language = report_language(reports)
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": general_wording(rule, "message", language).split(":")[0]},
            "fullDescription": {"text": " ".join(rule.template("why", language).split())},
            "help": {"text": general_wording(rule, "fix", language)},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.level.value]},
            "properties": {"category": rule.category, "target": rule.target},
        }
        for rule in rubric.rules
    ]
    index = {rule.code: i for i, rule in enumerate(rubric.rules)}
    results = []
    said = _SarifSaid()
    for report in reports:
        report_language_ = language_of_report(report) or language
        for finding in report.findings:
            results.append(_sarif_result_json(finding, index, report_language_, said))
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "language": language,
                "tool": {"driver": {"name": "okrcoach", "version": __version__, "informationUri": "https://pypi.org/project/okrcoach/", "rules": rules}},
                "results": results,
            }
        ],
    }
    return dumps_json(sarif) + "\n"


class _SarifSaid:
    """What every result of one SARIF report repeats, worked out once: each language's
    `report.fix-inline` template as a function of its values (`i18n.renderer`: the text
    `words("fix-inline", …)` writes) and each file's URI (`sarif_uri`); a 5,000 key-result
    file's report has ten thousand results, all in one language and one file."""

    def __init__(self) -> None:
        self._fix_inline: dict[str, Any] = {}
        self._uris: dict[str, str] = {}

    def message(self, language: str, message: str, fix: str) -> str:
        write = self._fix_inline.get(language)
        if write is None:
            from okrcoach.i18n import renderer, template

            found = template("report.fix-inline", language)
            write = self._fix_inline[language] = renderer(found, language) if found is not None else (lambda params: "report.fix-inline")
        return write({"message": message, "fix": fix})

    def uri(self, path: str) -> str:
        uri = self._uris.get(path)
        if uri is None:
            uri = self._uris[path] = sarif_uri(path)
        return uri


def _sarif_result(finding: Finding, index: dict[str, int], language: str, said: Optional[_SarifSaid] = None) -> dict:
    return _sarif_result_of(*_sarif_values(finding, index, language, said))


def _sarif_values(finding: Finding, index: dict[str, int], language: str, said: Optional[_SarifSaid] = None) -> tuple:
    """What a SARIF result says of a finding, in `_sarif_result_of`'s order."""
    if said is None:
        said = _SarifSaid()
    message = said.message(language, finding.message, finding.fix)
    return finding.code, index.get(finding.code, 0), _SARIF_LEVEL[finding.level.value], message, said.uri(finding.path), finding.line or 1, _fingerprint(finding)


_URI_PATH_SAFE = "/!$&'()*+,;=@"  # what RFC 3986 lets a path segment hold as it is (not `:`: a first segment with one reads as a scheme)


def sarif_uri(path: str) -> str:
    """A file's path as the URI reference SARIF's `artifactLocation.uri` must be (RFC 3986), which
    GitHub's upload-sarif checks: a relative path stays relative, with `/` between its parts and
    each part percent-encoded (a Notion export's `Q1 OKRs 8f2a….md` has spaces; a `:` would read as a
    scheme); an absolute path is a `file:` URI."""
    from urllib.parse import quote

    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe=_URI_PATH_SAFE)
    if posix[:1].isascii() and posix[:1].isalpha() and posix[1:3] == ":/":  # a Windows drive
        return "file:///" + posix[:2] + quote(posix[2:], safe=_URI_PATH_SAFE)
    return quote(posix, safe=_URI_PATH_SAFE)


def _sarif_result_of(rule_id: str, rule_index: int, level: str, message: str, uri: str, line: int, fingerprint: str) -> dict:
    return {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": line},
                }
            }
        ],
        "partialFingerprints": {"okrcoach/v1": fingerprint},
    }


_SARIF_RESULT_PARTS: list[tuple[str, ...]] = []  # made on first use: SARIF only
_SLOT = "@@slot{}@@"
_RESULT_LEVEL = 4  # where `to_sarif` puts a result: in runs[0].results


def _sarif_result_parts() -> tuple[str, ...]:
    """`_sarif_result_of`'s JSON as `dumps_json` lays it out in `runs[0].results`, cut where its
    values go: the layout of a result made of markers, so it cannot drift from the dict."""
    if not _SARIF_RESULT_PARTS:
        import json
        import re

        slots = range(_sarif_result_of.__code__.co_argcount)
        laid_out = json.dumps(_sarif_result_of(*map(_SLOT.format, slots)), ensure_ascii=False, indent=JsonText.indent)
        laid_out = laid_out.replace("\n", "\n" + " " * JsonText.indent * _RESULT_LEVEL)
        parts = re.split("|".join(re.escape(json.dumps(_SLOT.format(slot))) for slot in slots), laid_out)
        assert len(parts) == len(slots) + 1 and all(json.dumps(_SLOT.format(slot)) in laid_out for slot in slots)
        _SARIF_RESULT_PARTS.append(tuple(parts))
    return _SARIF_RESULT_PARTS[0]


def _sarif_result_json(finding: Finding, index: dict[str, int], language: str, said: Optional[_SarifSaid] = None) -> "JsonText | dict":
    """`_sarif_result` already written as JSON (`JsonText`): its layout filled with its values,
    texts quoted as `json.dumps` quotes them."""
    from json.encoder import encode_basestring as quote

    rule_id, rule_index, level, message, uri, line, fingerprint = values = _sarif_values(finding, index, language, said)
    if type(rule_index) is not int or type(line) is not int:
        return _sarif_result_of(*values)
    p = _sarif_result_parts()
    filled = "".join((p[0], quote(rule_id), p[1], str(rule_index), p[2], quote(level), p[3], quote(message), p[4], quote(uri), p[5], str(line), p[6], quote(fingerprint), p[7]))
    return JsonText(filled, _RESULT_LEVEL)


def _escape_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(reports: list[FileReport], language: Optional[str] = None) -> str:
    """GitHub Actions workflow commands: one annotation per finding, grouped by file; the summary
    in `language` (the config's) when no file has a language of its own."""
    lines = []
    language = report_language(reports, language)
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
            lines.append(f"::{_GITHUB_LEVEL[f.level.value]} {props}::{_escape_data(words('fix-inline', language_of_report(report) or language, message=f.message, fix=f.fix))}")
        lines.append("::endgroup::")
    lines.append(annotations_summary(reports, summary_counts(_all_findings(reports)), language))
    return "\n".join(lines) + "\n"
