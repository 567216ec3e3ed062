"""The words around findings in a lint report, in the report's language.

A report speaks the language of its files when they share one (declared, given with `--language`
or in the config, else detected: the language each file's findings are written in), and English
when they mix languages or none is known. Only words for people are translated: codes, rule
names, paths and the keys of JSON and SARIF stay as they are.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterable, Optional

from okrcoach.i18n import SOURCE_LANGUAGE, text

if TYPE_CHECKING:
    from okrcoach.linting import FileReport

LEVELS = ("error", "warning", "info")


def report_language(reports: Iterable["FileReport"], fallback: Optional[str] = None) -> str:
    """The one language of the reports' files (a file that could not be read counts in the
    language its findings are written in), else `fallback` when no file has one (the config's
    language: "No findings in 0 files" in the user's words), else English."""
    found = {language_of_report(report) for report in reports} - {None}
    if len(found) == 1:
        return found.pop()  # type: ignore[return-value]
    return (fallback or SOURCE_LANGUAGE) if not found else SOURCE_LANGUAGE


def language_of_report(report: "FileReport") -> Optional[str]:
    """The language a file's report speaks: its set's, else that of its findings."""
    return report.language or getattr(report, "written_in", None)


def words(key: str, language: str, /, **params) -> str:
    """`report.<key>` in `language`."""
    return text(f"report.{key}", language, **params)


def level_words(language: str) -> dict[str, str]:
    """Each level's word in `language`: `warning` → `advarsel`."""
    return {level: words("level", language, level=level) for level in LEVELS}


def file_details(objectives: int, key_results: int, language: str) -> list[str]:
    """`2 objectives`, `6 key results` in `language`."""
    return [words("objectives", language, count=objectives), words("key-results", language, count=key_results)]


def summary_line(reports: list["FileReport"], file_count: Optional[int] = None, language: Optional[str] = None, fallback: Optional[str] = None) -> str:
    """`Found 3 findings (1 error, 2 warnings, 0 info) in 2 files.` or `No findings in 2 files.`"""
    language = language or report_language(reports, fallback)
    counts = {level.value: n for level, n in Counter(f.level for r in reports for f in r.findings).items()}
    total = sum(counts.values())
    files = len(reports) if file_count is None else file_count
    if not total:
        return words("clean", language, files=files)
    return words("found", language, total=total, files=files, **{level: counts.get(level, 0) for level in LEVELS})


def annotations_summary(reports: list["FileReport"], counts: dict[str, int], language: str) -> str:
    """The last line of GitHub annotations: `okrcoach: 0 errors, 5 warnings, 0 info in 1 file`."""
    return words("annotations", language, files=len(reports), **counts)
