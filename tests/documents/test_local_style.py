"""Check-ins and edits write numbers, dates and new column names the way the file already does:
`2,9` in a sheet of decimal commas (`3,2 %`), `15.01.2027` beside `31.03.2027` deadlines, an
`Aktuel` column beside `Nøgleresultat`; a note that belongs to no check-in is never taken over."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrcoach.checkin import record_checkin
from okrcoach.cli import main
from okrcoach.document import OkrDocument
from okrcoach.documents import EditRefused
from okrcoach.model import Checkin

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"

DANISH_SHEET = (
    "\ufeffMål;Nøgleresultat;Ansvarlig;Udgangspunkt;Målværdi;Deadline;Noter\r\n"
    "Flere kunder;Øg konverteringen fra 2,1 % til 3,2 %;Mette;2,1 %;3,2 %;31.03.2027;\r\n"
    "Gladere kunder;Hæv NPS fra 31 til 45;Jonas;31;45;31.03.2027;spørg support\r\n"
)


def _rows(text: str) -> list[list[str]]:
    return [line.split(";") for line in text.lstrip("\ufeff").split("\r\n") if line]


def test_a_checkin_in_a_danish_sheet_is_written_in_danish(tmp_path: Path, capsys, monkeypatch):
    sheet = tmp_path / "salg.okr.csv"
    sheet.write_bytes(DANISH_SHEET.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert main(["checkin", "salg.okr.csv", "O1.KR1", "2,9", "--date", "2027-01-15", "--confidence", "7", "--note", "godt på vej"]) == 0
    header, first, second = _rows(sheet.read_bytes().decode("utf-8"))
    assert header == ["Mål", "Nøgleresultat", "Ansvarlig", "Udgangspunkt", "Målværdi", "Deadline", "Noter", "Aktuel", "Check-in-dato", "Check-in-konfidens", "Check-in-note"]
    assert first[7:] == ["2,9 %", "15.01.2027", "7", "godt på vej"]
    assert first[6] == "" and second == ["Gladere kunder", "Hæv NPS fra 31 til 45", "Jonas", "31", "45", "31.03.2027", "spørg support"]


def test_a_semicolon_sheet_without_decimals_writes_a_decimal_comma():
    text = "Mål;Nøgleresultat;Udgangspunkt;Målværdi\nKunder;Hæv NPS fra 31 til 45;31;45\n"
    recorded = record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 1, 15), value=38.5))
    assert recorded.text.splitlines()[1] == "Kunder;Hæv NPS fra 31 til 45;31;45;38,5;2027-01-15"
    assert recorded.key_result.current == 38.5


def test_an_english_sheet_keeps_its_decimal_point_and_english_names():
    text = "Objective,Key result,Baseline,Target\nCustomers,Raise CSAT from 81.5 to 90,81.5,90\n"
    recorded = record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 1, 15), value=84.5))
    assert recorded.text.splitlines() == ["Objective,Key result,Baseline,Target,Current,Checkin Date", "Customers,Raise CSAT from 81.5 to 90,81.5,90,84.5,2027-01-15"]


def test_an_existing_localised_column_is_reused():
    text = "Ziel;Schlüsselergebnis;Ausgangswert;Zielwert;Aktueller Wert\nKunden;NPS von 31 auf 45 steigern;31;45;33\n"
    recorded = record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 1, 15), value=38.5))
    header, row = recorded.text.splitlines()
    assert header == "Ziel;Schlüsselergebnis;Ausgangswert;Zielwert;Aktueller Wert;Check-in-Datum"
    assert row == "Kunden;NPS von 31 auf 45 steigern;31;45;38,5;2027-01-15"


def test_a_note_that_belongs_to_no_checkin_is_never_taken_over():
    text = "Objective,Key result,Baseline,Target,Note\nGrow,Raise NPS from 31 to 45,31,45,ask support\n"
    with pytest.raises(EditRefused, match="ask support"):
        record_checkin(text, "csv", 0, 0, Checkin(date=date(2027, 1, 15), value=35))


def test_a_markdown_checkin_writes_the_files_decimal_comma():
    text = "# Salg Q1 2027\n\n## Mål 1: Flere kunder\n\n- KR1: Øg konverteringsraten fra 1,8 % til 2,6 %\n  - udgangspunkt: 1,8\n  - målværdi: 2,6\n"
    recorded = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 1, 20), value=2.4))
    assert recorded.text.endswith("  - målværdi: 2,6\n  - aktuel: 2,4\n  - opfølgning: 2027-01-20 2,4\n")
    assert recorded.key_result.current == 2.4 and recorded.key_result.checkins[0].value == 2.4


_CHECKIN_WORDS = {"en": "checkin", "da": "opfølgning", "sv": "incheckning", "de": "Check-in", "fi": "tilannepäivitys", "hu": "állapotfelmérés"}
_SETS = {
    "en": "## Objective 1: More customers\n\n- KR1: Raise conversion from 2 % to 3 %\n",
    "da": "## Mål 1: Flere kunder\n\n- KR1: Øg konverteringsraten fra 2 % til 3 %\n",
    "sv": "## Mål 1: Fler kunder\n\n- KR1: Öka konverteringen från 2 % till 3 %\n",
    "de": "## Objective 1: Mehr Kunden\n\n- KR1: Conversion Rate von 2 % auf 3 % steigern\n",
    "fi": "## Tavoite 1: Lisää asiakkaita\n\n- KR1: Nostetaan konversio 2 %:sta 3 %:iin\n",
    "hu": "## Célkitűzés 1: Több ügyfél\n\n- KR1: A konverziót 2%-ról 3%-ra növeljük\n",
}


@pytest.mark.parametrize("language", sorted(_SETS))
def test_a_markdown_checkin_is_written_with_the_files_word_and_read_back(language):
    """A check-in line's key is the file's language's word (`opfølgning`, `állapotfelmérés`), detected
    from the text, and the reader takes it back as a check-in, with a note and confidence too."""
    first = record_checkin(_SETS[language], "md", 0, 0, Checkin(date=date(2027, 1, 20), value=2.4))
    assert f"  - {_CHECKIN_WORDS[language]}: 2027-01-20 " in first.text
    second = record_checkin(first.text, "md", 0, 0, Checkin(date=date(2027, 2, 3), value=2.6, confidence=0.7, note="ok"))
    assert f"  - {_CHECKIN_WORDS[language]}: 2027-01-20 2.4\n" in second.text, "the first check-in is kept as written"
    assert second.text.count(f"  - {_CHECKIN_WORDS[language]}: ") == 2
    checkins = second.key_result.checkins
    assert [(c.date, c.value, c.confidence, c.note) for c in checkins] == [(date(2027, 1, 20), 2.4, None, None), (date(2027, 2, 3), 2.6, 0.7, "ok")]


def test_a_markdown_checkin_keeps_the_key_the_files_checkins_have():
    text = "## Mål 1: Flere kunder\n\n- KR1: Øg konverteringsraten fra 2 % til 3 %\n  - checkin: 2027-01-10 2,1\n"
    recorded = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 1, 20), value=2.4))
    assert recorded.text.endswith("  - checkin: 2027-01-20 2,4\n") and recorded.text.count("checkin:") == 2


def test_a_markdown_file_with_decimal_points_keeps_them():
    text = "## Objective 1: More customers\n\n- KR1: Raise conversion from 1.8 % to 2.6 %\n  - baseline: 1.8\n"
    recorded = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 1, 20), value=2.4))
    assert recorded.text.endswith("  - current: 2.4\n  - checkin: 2027-01-20 2.4\n")


def test_the_tui_checkin_saves_in_the_sheets_own_style(tmp_path: Path):
    """The TUI records a check-in on its document and saves through the same document layer."""
    sheet = tmp_path / "salg.okr.csv"
    sheet.write_bytes(DANISH_SHEET.encode("utf-8"))
    document, _ = OkrDocument.open(sheet)
    document.add_checkin((0, 0), Checkin(date=date(2027, 1, 15), value=2.9))
    document.save()
    header, first, _ = _rows(sheet.read_bytes().decode("utf-8"))
    assert header[7:] == ["Aktuel", "Check-in-dato"]
    assert first[7:] == ["2,9 %", "15.01.2027"]
