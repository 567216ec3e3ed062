"""The English summary lines pluralise their counts as the other languages do: `12 warnings`, `1 error`."""

from __future__ import annotations

import pytest

from okrcoach.i18n import text


@pytest.mark.parametrize(
    ("key", "counts", "expected"),
    [
        ("report.found", {"total": 14, "error": 0, "warning": 12, "info": 2, "files": 1}, "Found 14 findings (0 errors, 12 warnings, 2 info) in 1 file."),
        ("report.found", {"total": 2, "error": 1, "warning": 1, "info": 0, "files": 2}, "Found 2 findings (1 error, 1 warning, 0 info) in 2 files."),
        ("report.annotations", {"error": 3, "warning": 1, "info": 5, "files": 1}, "okrcoach: 3 errors, 1 warning, 5 info in 1 file"),
        ("report.counts", {"error": 1, "warning": 0, "info": 0}, "1 error  0 warnings  0 info"),
    ],
)
def test_english_summaries_pluralise_errors_and_warnings(key: str, counts: dict[str, int], expected: str) -> None:
    assert text(key, "en", **counts) == expected
