"""A check-in with a confidence or a note lands in a Markdown file the way the file states its
values, in its language: `- Opfølgning: 2027-01-15 36,5 (konfidens 0,7) – God fremgang` in a
Danish file with decimal commas, never a JSON object with English keys; and it reads back as the
check-in that was recorded.
"""

from __future__ import annotations

from datetime import date

import pytest

from okrcoach.checkin import record_checkin
from okrcoach.cli import main
from okrcoach.document import OkrDocument
from okrcoach.formats import read_path, read_text, write
from okrcoach.model import Checkin

# One key result per language, with the language's own field keys and its decimal mark.
FILES = {
    "en": ("# Support Q1 2027\n\n## Objective 1: Happier customers\n\n- KR1: Raise the rating from 3.5 to 4.5\n  - baseline: 3.5\n  - target: 4.5\n", "confidence", "."),
    "da": ("# Support Q1 2027\n\n## Mål 1: Gladere kunder\n\n- Nøgleresultat: Hæv vurderingen fra 3,5 til 4,5\n  - Udgangspunkt: 3,5\n  - Målværdi: 4,5\n", "konfidens", ","),
    "sv": ("# Support Q1 2027\n\n## Mål 1: Nöjdare kunder\n\n- Nyckelresultat: Höj betyget från 3,5 till 4,5\n  - Utgångsläge: 3,5\n  - Målvärde: 4,5\n", "tilltro", ","),
    "de": ("# Support Q1 2027\n\n## Ziel 1: Zufriedenere Kunden\n\n- Schlüsselergebnis: Die Bewertung von 3,5 auf 4,5 steigern\n  - Ausgangswert: 3,5\n  - Zielwert: 4,5\n", "Zuversicht", ","),
    "fi": ("# Tuki Q1 2027\n\n## Tavoite 1: Tyytyväisemmät asiakkaat\n\n- Avaintulos: Nostetaan arvosana 3,5:stä 4,5:een\n  - Lähtötaso: 3,5\n  - Tavoitearvo: 4,5\n", "luottamus", ","),
    "hu": (
        "# Ügyfélszolgálat Q1 2027\n\n## Célkitűzés 1: Elégedettebb ügyfelek\n\n- Kulcseredmény: Az értékelés növelése 3,5-ről 4,5-re\n  - Kiinduló érték: 3,5\n  - Célérték: 4,5\n",
        "bizalom",
        ",",
    ),
}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OKRCOACH_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


@pytest.mark.parametrize("language", FILES)
def test_a_checkin_with_confidence_and_note_is_written_in_the_files_words(workdir, capsys, language):
    text, confidence_word, decimal = FILES[language]
    path = workdir / "support.okr.md"
    path.write_text(text, encoding="utf-8")
    assert read_path(path).issues == []
    code = main(["checkin", "support.okr.md", "O1.KR1", "4,2" if decimal == "," else "4.2", "--confidence", "70%", "--note", "Nyt <b>flow</b> virker", "--date", "2027-01-15"])
    _, err = capsys.readouterr()
    assert code == 0, err
    written = path.read_text(encoding="utf-8")
    assert written.startswith(text)
    last = written.splitlines()[-1]
    assert "{" not in last and '"date"' not in last and '"note"' not in last
    assert f"2027-01-15 4{decimal}2 ({confidence_word} 0{decimal}7) – Nyt \\<b>flow\\</b> virker" in last
    checkin = read_path(path).okr_set.objectives[0].key_results[0].checkins[-1]
    assert checkin == Checkin(date=date(2027, 1, 15), value=4.2, confidence=0.7, note="Nyt <b>flow</b> virker")
    assert read_path(path).issues == []


@pytest.mark.parametrize("note", ["fra 3 – til 4: se \\\\share\\okr", "only a note", "(konfidens 9) – a note in brackets"])
def test_any_one_line_note_reads_back_as_written(note):
    text = FILES["da"][0]
    okr_set = read_text(text, "x.okr.md", "md").okr_set
    recorded = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 1, 15), value=4, note=note))
    assert "{" not in recorded.text.splitlines()[-1]
    assert read_text(recorded.text, "x.okr.md", "md").okr_set.objectives[0].key_results[0].checkins[-1].note == note
    assert okr_set is not None


def test_a_note_that_cannot_sit_on_one_line_is_still_kept():
    text = FILES["da"][0]
    recorded = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 1, 15), value=4, note="first line\nsecond line"))
    assert read_text(recorded.text, "x.okr.md", "md").okr_set.objectives[0].key_results[0].checkins[-1].note == "first line\nsecond line"


@pytest.mark.parametrize("language", FILES)
def test_a_new_markdown_file_writes_checkins_in_its_language_and_reads_them_back(language):
    okr_set = read_text(FILES[language][0], "x.okr.md", "md").okr_set
    kr = okr_set.objectives[0].key_results[0]
    kr.checkins = [Checkin(date=date(2027, 1, 15), value=4.25, confidence=0.7, note="Godt på vej")]
    written = write(okr_set, "md", language)
    assert f"({FILES[language][1]} 0{FILES[language][2]}7) – Godt på vej" in written
    assert read_text(written, "x.okr.md", "md").okr_set.objectives[0].key_results[0].checkins == kr.checkins


@pytest.mark.parametrize("language", FILES)
def test_a_save_without_an_edit_writes_the_same_bytes(workdir, capsys, language):
    path = workdir / "support.okr.md"
    path.write_text(FILES[language][0], encoding="utf-8")
    assert main(["checkin", "support.okr.md", "O1.KR1", "4", "--confidence", "0.6", "--note", "Stabilt", "--date", "2027-01-15"]) == 0
    capsys.readouterr()
    before = path.read_bytes()
    document, issues = OkrDocument.open(path)
    assert issues == []
    document.save()
    assert path.read_bytes() == before
