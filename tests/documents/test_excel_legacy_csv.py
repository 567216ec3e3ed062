"""A CSV that Excel saved on Windows as "CSV (comma delimited)" is Windows-1252 without a byte-order
mark; in Danish and German locales the same choice writes `;` between cells and decimal commas.
okrcoach reads such a sheet (saying on standard error which encoding it read it as), and a check-in
or a save writes it back in the same encoding, separator and line endings, every untouched byte as
it was. The files are built as Excel writes them: Python's `csv` writer in Excel's dialect (quotes
around a cell holding the separator or a quote, doubled quotes, `\\r\\n`), encoded as cp1252.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from okrcoach.cli import main
from okrcoach.document import OkrDocument
from okrcoach.formats import read_bytes, read_path

DANISH_ROWS = [
    ["Mål", "Nøgleresultat", "Udgangspunkt", "Målværdi", "Enhed", "Frist", "Ansvarlig"],
    ["Gladere kunder", "Hæv tilfredsheden fra 31 til 45 point; målt hver måned", "31", "45", "point", "31-03-2027", "Søren"],
    ["", 'Sænk svartiden på "akutte" sager fra 12,5 til 4,5 timer', "12,5", "4,5", "timer", "31-03-2027", "Åse"],
]
ENGLISH_ROWS = [
    ["Objective", "Key Result", "Baseline", "Target", "Unit", "Owner"],
    ["Café customers love us", "Raise the rating of the café from 3.9 to 4.5, measured weekly", "3.9", "4.5", "stars", "Renée"],
    ["", "Cut “cold coffee” complaints from 40 to 10 a month", "40", "10", "complaints", "Zoë"],
]


def excel_csv(rows: list[list[str]], separator: str) -> bytes:
    """The bytes Excel's "CSV (comma delimited)" writes on Windows in a locale whose list separator is `separator`."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue().encode("cp1252")


SHEETS = {"da-semicolon": (DANISH_ROWS, ";"), "en-comma": (ENGLISH_ROWS, ",")}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OKRCOACH_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def test_the_bytes_are_what_excel_writes():
    data = excel_csv(DANISH_ROWS, ";")
    assert b"\r\n" in data and b"\xe5" in data and b'"S\xe6nk svartiden p\xe5 ""akutte"" sager' in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.parametrize("name", SHEETS)
def test_a_windows_1252_sheet_is_read(name):
    rows, separator = SHEETS[name]
    result = read_bytes(excel_csv(rows, separator), "team.okr.csv")
    assert result.issues == [] and result.encoding == "cp1252"
    objective = result.okr_set.objectives[0]
    assert objective.title == rows[1][0]
    assert [kr.text for kr in objective.key_results] == [rows[1][1], rows[2][1]]
    assert [kr.owner for kr in objective.key_results] == [rows[1][-1], rows[2][-1]]
    second = objective.key_results[1]
    assert (second.baseline, second.target) == ((12.5, 4.5) if separator == ";" else (40, 10))


def test_a_yaml_file_that_is_not_utf8_is_still_refused():
    """Only a sheet is read in Excel's legacy encoding: a YAML or Markdown file is written by an
    editor that says its encoding, and a wrong guess there would change what the user wrote."""
    result = read_bytes("objectives:\n  - title: Bliv bedst i Århus\n".encode("cp1252"), "team.okr.yaml")
    assert result.okr_set is None and result.issues[0].key == "file-not-utf8"


def test_lint_says_on_stderr_which_encoding_it_read(workdir, capsys):
    (workdir / "team.okr.csv").write_bytes(excel_csv(DANISH_ROWS, ";"))
    code = main(["lint", "team.okr.csv"])
    out, err = capsys.readouterr()
    assert code == 0, out
    assert "Windows-1252" in err and "team.okr.csv" in err and "Windows-1252" not in out
    assert "bemærk" in err  # the file's language


@pytest.mark.parametrize("name", SHEETS)
def test_a_checkin_keeps_encoding_separator_and_line_endings(workdir, capsys, name):
    rows, separator = SHEETS[name]
    before = excel_csv(rows, separator)
    path = workdir / "team.okr.csv"
    path.write_bytes(before)
    code = main(["checkin", "team.okr.csv", "O1.KR2", "7,5" if separator == ";" else "30", "--date", "2027-01-15", "--note", "Ny vagtplan – færre sager"])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "Windows-1252" in err
    after = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        after.decode("utf-8")
    before_lines, after_lines = before.split(b"\r\n"), after.split(b"\r\n")
    assert len(after_lines) == len(before_lines) and after.count(b"\r\n") == before.count(b"\r\n") and b"\n" not in after.replace(b"\r\n", b"")
    assert after_lines[1].startswith(before_lines[1])  # untouched rows keep their bytes
    assert after_lines[2].startswith(before_lines[2])
    assert after_lines[0].startswith(before_lines[0] + separator.encode())
    assert "Ny vagtplan – færre sager".encode("cp1252") in after_lines[2]
    if separator == ";":
        assert b";7,5;" in after_lines[2]  # the sheet's decimal comma
    kr = read_path(path).okr_set.objectives[0].key_results[1]
    assert kr.checkins[-1].value == (7.5 if separator == ";" else 30)
    assert kr.checkins[-1].note == "Ny vagtplan – færre sager"


def test_a_checkin_the_encoding_cannot_hold_writes_nothing_and_keeps_the_text(workdir, capsys):
    before = excel_csv(DANISH_ROWS, ";")
    path = workdir / "team.okr.csv"
    path.write_bytes(before)
    code = main(["checkin", "team.okr.csv", "O1.KR2", "7", "--date", "2027-01-15", "--note", "fra 12 → 7 timer"])
    _, err = capsys.readouterr()
    assert code == 4
    assert "U+2192" in err and "Windows-1252" in err and "Traceback" not in err
    assert path.read_bytes() == before
    kept = list((workdir / "state" / "unsaved").iterdir())
    assert len(kept) == 1 and "fra 12 → 7 timer" in kept[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SHEETS)
def test_a_save_without_an_edit_writes_the_same_bytes(workdir, name):
    rows, separator = SHEETS[name]
    before = excel_csv(rows, separator)
    path = workdir / "team.okr.csv"
    path.write_bytes(before)
    document, issues = OkrDocument.open(path)
    assert issues == []
    document.save()
    assert path.read_bytes() == before


def test_an_edit_in_the_editor_keeps_the_encoding_and_the_rest(workdir):
    before = excel_csv(DANISH_ROWS, ";")
    path = workdir / "team.okr.csv"
    path.write_bytes(before)
    document, _ = OkrDocument.open(path)
    document.set_field((0, 1), "target", 3.5)
    document.save()
    after = path.read_bytes()
    assert after == before.replace(b"12,5;4,5;timer", b"12,5;3,5;timer")
    reopened, _ = OkrDocument.open(Path(path))
    assert reopened.okr_set.objectives[0].key_results[1].target == 3.5


# A Hungarian Excel on Windows writes its "CSV" in Central Europe's code page, Windows-1250: ő and
# ű are the bytes 0xF5 and 0xFB, which Windows-1252 reads as õ and û.
HUNGARIAN_ROWS = [
    ["Célkitűzés", "Kulcseredmény", "Kiindulás", "Célérték", "Egység", "Felelős"],
    ["Elégedettebb ügyfelek", "Növeljük az elégedettséget 31 pontról 45 pontra, havonta mérve", "31", "45", "pont", "Győző"],
    ["", "Csökkentjük a sürgős ügyek válaszidejét 12,5 óráról 4,5 órára", "12,5", "4,5", "óra", "Ünőke Kőszegi"],
]
# Polish, a language the rubric does not know: ł, ą, ż are 0xB3, 0xB9, 0xBF, symbols in Windows-1252.
POLISH_ROWS = [
    ["Objective", "Key Result", "Baseline", "Target"],
    ["Zadowoleni klienci", "Zwiększyć ocenę sklepu z 3,9 do 4,5 w każdym miesiącu", "3,9", "4,5"],
    ["", "Skrócić czas obsługi zgłoszeń z 48 do 24 godzin; mierzone co tydzień", "48", "24"],
]


def _encoded(rows: list[list[str]], separator: str, codec: str) -> bytes:
    """The bytes Excel writes in a locale whose ANSI code page is `codec`."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue().encode(codec)


def test_the_central_european_bytes_are_what_excel_writes():
    data = _encoded(HUNGARIAN_ROWS, ";", "cp1250")
    assert b"C\xe9lkit\xfbz\xe9s" in data and b"Gy\xf5z\xf5" in data and b"\r\n" in data
    assert "Győző" not in data.decode("cp1252")  # Windows-1252 reads "Gyõzõ"


@pytest.mark.parametrize("rows", [HUNGARIAN_ROWS, POLISH_ROWS], ids=["hu", "pl"])
def test_a_windows_1250_sheet_is_read_in_windows_1250(rows):
    result = read_bytes(_encoded(rows, ";", "cp1250"), "team.okr.csv")
    assert result.issues == [] and result.encoding == "cp1250"
    objective = result.okr_set.objectives[0]
    assert objective.title == rows[1][0]
    assert [kr.text for kr in objective.key_results] == [rows[1][1], rows[2][1]]


@pytest.mark.parametrize("name", SHEETS)
def test_a_western_sheet_stays_windows_1252(name):
    """Danish æ, ø, å read in Windows-1250 would be ć, ř, ĺ; German and Finnish ä, ö, ü are the
    same bytes in both, and the tie goes to Windows-1252."""
    rows, separator = SHEETS[name]
    assert read_bytes(excel_csv(rows, separator), "team.okr.csv").encoding == "cp1252"
    german = [["Ziel", "Schlüsselergebnis"], ["Zufriedenere Kunden", "Kundenzufriedenheit von 31 auf 45 Punkte erhöhen; monatlich gemessen, größer"]]
    assert read_bytes(_encoded(german, ";", "cp1252"), "team.okr.csv").encoding == "cp1252"


def test_encoding_forces_the_code_page(workdir, capsys):
    """What `--encoding` names is what the file is read in, whatever the guess would be; a name
    Python does not know is a usage error."""
    path = workdir / "team.okr.csv"
    path.write_bytes(_encoded(POLISH_ROWS, ";", "cp1250"))
    forced = read_path(path, encoding="cp1252")
    assert forced.encoding == "cp1252"
    assert forced.okr_set.objectives[0].key_results[0].text == POLISH_ROWS[1][1].encode("cp1250").decode("cp1252")
    assert main(["lint", "--encoding", "windows-1252", "team.okr.csv"]) in (0, 1)
    assert "Windows-125" not in capsys.readouterr().err  # asked for, so no note
    with pytest.raises(SystemExit) as exited:
        main(["lint", "--encoding", "no-such-codec", "team.okr.csv"])
    assert exited.value.code == 2 and "no-such-codec" in capsys.readouterr().err
    assert main(["checkin", "--encoding", "cp1250", "team.okr.csv", "O1.KR1", "4,1", "--date", "2027-01-15", "--note", "Łódź"]) == 0
    assert read_path(path).okr_set.objectives[0].key_results[0].checkins[-1].note == "Łódź"


def test_lint_names_the_code_page_and_how_to_force_another(workdir, capsys):
    (workdir / "team.okr.csv").write_bytes(_encoded(HUNGARIAN_ROWS, ";", "cp1250"))
    main(["lint", "team.okr.csv"])
    _, err = capsys.readouterr()
    assert "Windows-1250" in err and "--encoding cp1252" in err
    assert "kódolás" in err  # the file's language


def test_a_checkin_in_a_windows_1250_sheet_keeps_its_bytes(workdir, capsys):
    before = _encoded(HUNGARIAN_ROWS, ";", "cp1250")
    path = workdir / "team.okr.csv"
    path.write_bytes(before)
    code = main(["checkin", "team.okr.csv", "O1.KR2", "7,5", "--date", "2027-01-15", "--note", "Új beosztás – kevesebb sürgős ügy, Győző"])
    _, err = capsys.readouterr()
    assert code == 0, err
    after = path.read_bytes()
    before_lines, after_lines = before.split(b"\r\n"), after.split(b"\r\n")
    assert after_lines[1].startswith(before_lines[1]) and after_lines[2].startswith(before_lines[2])
    assert "Új beosztás – kevesebb sürgős ügy, Győző".encode("cp1250") in after_lines[2]
    kr = read_path(path).okr_set.objectives[0].key_results[1]
    assert kr.checkins[-1].value == 7.5 and kr.checkins[-1].note == "Új beosztás – kevesebb sürgős ügy, Győző"
    assert kr.owner == "Ünőke Kőszegi"


@pytest.mark.parametrize("rows", [HUNGARIAN_ROWS, POLISH_ROWS], ids=["hu", "pl"])
def test_a_save_of_a_windows_1250_sheet_without_an_edit_writes_the_same_bytes(workdir, rows):
    before = _encoded(rows, ";", "cp1250")
    path = workdir / "team.okr.csv"
    path.write_bytes(before)
    document, issues = OkrDocument.open(path)
    assert issues == [] and document.base.encoding == "cp1250"
    document.save()
    assert path.read_bytes() == before


def test_encoding_names_and_a_forced_encoding_writes_the_same_bytes():
    """`--encoding` takes the names people use; what it reads is written back byte for byte, a
    BOM-less UTF-16 file included (no byte-order mark is added)."""
    from okrcoach.documents.storage import decode_stored
    from okrcoach.formats import known_codec

    assert (known_codec("Windows-1250"), known_codec("ISO-8859-2"), known_codec("utf-16"), known_codec("rot13"), known_codec("nope")) == ("cp1250", "iso8859-2", "utf-16-le", None, None)
    for codec in ("cp1250", "utf-16-le", "iso8859-2"):
        data = _encoded(HUNGARIAN_ROWS, ";", codec)
        stored, issue = decode_stored(data, "csv", known_codec(codec))
        assert issue is None and stored.encode(stored.text) == data
