"""The English summary lines pluralise their counts as the other languages do: `12 warnings`, `1 error`."""

from __future__ import annotations

import re

import pytest

from okrcoach.i18n import catalog, text

LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")


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


# A hedge such as `file(s)`, `målsætning(er)`, `tavoite(tta)`: a count whose noun the template did
# not choose. Every catalogue chooses with `{n, plural, one {…} other {…}}` instead.
HEDGED_PLURAL = re.compile(r"[^\W\d_]\((?:s|e|er|en|ar|or|n|ta|tta|ä|tä|ttä)\)(?![^\W\d_])")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_hedges_a_plural(language: str) -> None:
    found = catalog(language)
    assert found is not None
    hedged = {key: template for key, template in found.entries.items() if HEDGED_PLURAL.search(template)}
    assert not hedged, hedged


SKIPPED = {"path": "okrs", "names": "a.md", "example": "a.okr.md", "pattern": "*.md"}


@pytest.mark.parametrize(
    ("language", "counts", "expected"),
    [
        ("en", (1, 1, 0), "1 OKR file read; 1 file skipped that okrcoach could read but that is not named *.okr.* (a.md), 0 files of other formats skipped."),
        ("en", (2, 3, 1), "2 OKR files read; 3 files skipped that okrcoach could read but that are not named *.okr.* (a.md), 1 file of other formats skipped."),
        ("da", (1, 1, 0), "1 OKR-fil læst; 1 fil sprunget over, som okrcoach kan læse, men som ikke hedder *.okr.* (a.md), 0 filer i andre formater sprunget over."),
        ("da", (2, 3, 1), "2 OKR-filer læst; 3 filer sprunget over, som okrcoach kan læse, men som ikke hedder *.okr.* (a.md), 1 fil i andre formater sprunget over."),
        ("sv", (1, 2, 1), "1 OKR-fil läst; 2 filer hoppades över som okrcoach kan läsa men som inte heter *.okr.* (a.md), 1 fil i andra format hoppades över."),
        ("de", (1, 1, 2), "1 OKR-Datei gelesen; 1 Datei übersprungen, die okrcoach lesen kann, die aber nicht *.okr.* heißt (a.md), 2 Dateien anderer Formate übersprungen."),
        ("fi", (1, 1, 0), "1 OKR-tiedosto luettu; ohitettiin 1 tiedosto, jonka okrcoach osaa lukea mutta jonka nimi ei ole muotoa *.okr.* (a.md), ja 0 muun muotoista tiedostoa."),
        ("hu", (1, 2, 0), "1 OKR-fájl beolvasva; 2 fájl kimaradt, amelyet az okrcoach el tudna olvasni, de a neve nem *.okr.* (a.md), 0 más formátumú fájl kimaradt."),
    ],
)
def test_the_skipped_files_note_reads_naturally_at_zero_one_and_many(language: str, counts: tuple[int, int, int], expected: str) -> None:
    read, skipped, other = counts
    said = text("cli.files-skipped", language, read=read, skipped=skipped, other=other, **SKIPPED)
    assert expected in said


@pytest.mark.parametrize("language", LANGUAGES)
def test_improve_names_the_objectives_a_file_has_at_zero_one_and_many(language: str) -> None:
    said = [text("cli.draft.no-such-objective", language, objective=4, count=count) for count in (0, 1, 3)]
    assert len(set(said)) == 3, said
    assert "0" not in said[0], "no objectives is said in words"
