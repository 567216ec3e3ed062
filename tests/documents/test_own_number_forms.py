"""A value written into a YAML, Markdown or JSON file keeps the form the file gives it.

- a file of decimal commas gets `1,5`, as the editor shows it, never `1.5`;
- a value written over a unit-less `3` stays unit-less (`2,5`), one written over `2 h` keeps ` h`;
- a field the file names in its own language (`nykyinen:`, `målværdi:`) is the one written, not
  a second English key beside it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from okrcoach.checkin import record_checkin
from okrcoach.cli import main
from okrcoach.document import OkrDocument
from okrcoach.formats import read_text
from okrcoach.model import Checkin

DANISH_YAML = """\
language: da
objectives:
  - title: Hurtigere support
    key_results:
      - text: Sænk svartiden fra 4 timer til 2 timer
        udgangspunkt: 4 h
        målværdi: 2 h
        enhed: h
        aktuel: 3
      - text: Hæv tilfredsheden fra 3,5 til 4,5
        udgangspunkt: "3,5"
        målværdi: "4,5"
"""

FINNISH_YAML = """\
language: fi
objectives:
  - title: Nopeampi tuki
    key_results:
      - text: Lyhennetään vasteaikaa 4,5 tunnista 2 tuntiin
        lähtötaso: 4,5 h
        tavoitearvo: 2 h
        yksikkö: h
        nykyinen: 3
"""

FINNISH_MARKDOWN = """\
# Tuki Q1 2027

## Tavoite 1: Nopeampi tuki

- KR1: Lyhennetään vasteaikaa 9 tunnista 2 tuntiin
  - lähtötaso: 9 h
  - tavoitetaso: 2 h
  - nykyinen: 3
- KR2: Kasvatetaan itsepalvelun osuutta 15,5 %:sta 28 %:iin
  - lähtötaso: 15,5 %
  - tavoitetaso: 28 %
"""

FINNISH_JSON = """\
{
  "language": "fi",
  "objectives": [
    {
      "title": "Nopeampi tuki",
      "key_results": [
        {"text": "Lyhennetään vasteaikaa 9 tunnista 2 tuntiin", "lähtötaso": 9, "tavoitearvo": 2, "nykyinen": 3}
      ]
    }
  ]
}
"""


def _edit(path: Path, ref: tuple[int, int], **values: float) -> OkrDocument:
    document, issues = OkrDocument.open(path)
    assert issues == []
    for name, value in values.items():
        document.set_field(ref, name, value)
    document.save()
    return document


def test_a_danish_yaml_gets_decimal_commas_as_shown_and_its_own_keys(tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(DANISH_YAML, encoding="utf-8")
    shown, _ = OkrDocument.open(path)
    assert shown.shown_number(1.5, (0, 0), "target") == "1,5 h"
    assert shown.shown_number(2.5, (0, 0), "current") == "2,5"
    document = _edit(path, (0, 0), target=1.5, current=2.5)
    written = path.read_text(encoding="utf-8")
    assert written == DANISH_YAML.replace("målværdi: 2 h", "målværdi: 1,5 h").replace("aktuel: 3", "aktuel: 2,5")
    kr = read_text(written, "x.yaml", "yaml").okr_set.objectives[0].key_results[0]
    assert (kr.target, kr.current, kr.unit) == (1.5, 2.5, "h")
    assert document.okr_set.objectives[0].key_results[0].target == 1.5


def test_a_value_over_a_unit_less_value_stays_unit_less(tmp_path):
    path = tmp_path / "tuki.okr.yaml"
    path.write_text(FINNISH_YAML, encoding="utf-8")
    _edit(path, (0, 0), current=2.5)
    assert path.read_text(encoding="utf-8") == FINNISH_YAML.replace("nykyinen: 3", "nykyinen: 2,5")
    _edit(path, (0, 0), target=1.5)
    assert path.read_text(encoding="utf-8") == FINNISH_YAML.replace("nykyinen: 3", "nykyinen: 2,5").replace("tavoitearvo: 2 h", "tavoitearvo: 1,5 h")


def test_a_markdown_checkin_over_a_unit_less_current_stays_unit_less():
    recorded = record_checkin(FINNISH_MARKDOWN, "md", 0, 0, Checkin(date=date(2027, 3, 10), value=2.5))
    assert "  - nykyinen: 2,5\n" in recorded.text
    assert "  - tilannepäivitys: 2027-03-10 2,5\n" in recorded.text


def test_a_yaml_checkin_writes_the_files_own_current_key(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "tuki.okr.yaml"
    path.write_text(FINNISH_YAML, encoding="utf-8")
    assert main(["checkin", "tuki.okr.yaml", "O1.KR1", "2,5", "--date", "2027-01-15"]) == 0, capsys.readouterr().err
    written = path.read_text(encoding="utf-8")
    assert "nykyinen: 2,5\n" in written and "current:" not in written


def test_a_json_edit_writes_the_files_own_key(tmp_path):
    path = tmp_path / "tuki.okr.json"
    path.write_text(FINNISH_JSON, encoding="utf-8")
    _edit(path, (0, 0), current=4)
    written = path.read_text(encoding="utf-8")
    assert written == FINNISH_JSON.replace('"nykyinen": 3', '"nykyinen": 4')
    assert json.loads(written)["objectives"][0]["key_results"][0]["nykyinen"] == 4


@pytest.mark.parametrize(("text", "suffix"), [(DANISH_YAML, "yaml"), (FINNISH_YAML, "yaml"), (FINNISH_MARKDOWN, "md"), (FINNISH_JSON, "json")])
def test_a_save_without_an_edit_writes_the_same_bytes(tmp_path, text, suffix):
    path = tmp_path / f"okrs.okr.{suffix}"
    path.write_bytes(text.encode("utf-8"))
    document, _ = OkrDocument.open(path)
    document.save()
    assert path.read_bytes() == text.encode("utf-8")


DANISH_JSON = """\
{
  "language": "da",
  "objectives": [
    {
      "title": "Hurtigere support",
      "key_results": [
        {"text": "Sænk svartiden fra 4 timer til 2 timer", "udgangspunkt": "4 h", "målværdi": "2 h", "enhed": "h", "aktuel": "3"},
        {"text": "Hæv tilfredsheden fra 3,5 til 4,5", "udgangspunkt": "3,5", "målværdi": "4,5"},
        {"text": "Øg antallet af kunder fra 100 til 140", "baseline": 100, "target": 140}
      ]
    }
  ]
}
"""


def test_a_json_file_of_texts_shows_and_keeps_its_number_style(tmp_path):
    path = tmp_path / "support.okr.json"
    path.write_text(DANISH_JSON, encoding="utf-8")
    shown, _ = OkrDocument.open(path)
    assert shown.shown_number(1.5, (0, 0), "target") == "1,5 h"
    assert shown.shown_number(2.5, (0, 0), "current") == "2,5"
    assert shown.shown_number(150.5, (0, 2), "target") == "150.5"  # a JSON number: JSON's point
    _edit(path, (0, 0), target=1.5, current=2.5)
    _edit(path, (0, 2), target=150.5)
    written = path.read_text(encoding="utf-8")
    expected = DANISH_JSON.replace('"målværdi": "2 h"', '"målværdi": "1,5 h"').replace('"aktuel": "3"', '"aktuel": "2,5"').replace('"target": 140', '"target": 150.5')
    assert written == expected
    krs = read_text(written, "x.json", "json").okr_set.objectives[0].key_results
    assert (krs[0].target, krs[0].current, krs[2].target) == (1.5, 2.5, 150.5)


def test_a_json_checkin_writes_the_files_style(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "support.okr.json"
    path.write_text(DANISH_JSON, encoding="utf-8")
    assert main(["checkin", "support.okr.json", "O1.KR1", "2,5", "--date", "2027-01-15"]) == 0, capsys.readouterr().err
    assert '"aktuel": "2,5"' in path.read_text(encoding="utf-8")


def test_a_json_save_without_an_edit_writes_the_same_bytes(tmp_path):
    path = tmp_path / "support.okr.json"
    path.write_bytes(DANISH_JSON.encode("utf-8"))
    document, _ = OkrDocument.open(path)
    document.save()
    assert path.read_bytes() == DANISH_JSON.encode("utf-8")


def test_a_yaml_file_named_wholly_in_danish_takes_a_checkin(tmp_path, monkeypatch, capsys):
    """`mål:` above the objectives and `nøgleresultater:` above the key results are the lists the
    reader takes them for; the editor finds them too."""
    text = "periode: 2027-Q1\nmål:\n  - målsætning: Gladere kunder\n    nøgleresultater:\n      - nøgleresultat: Hæv NPS fra 31 til 45\n        udgangspunkt: 31\n        målværdi: 45\n"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mal.okr.yaml").write_text(text, encoding="utf-8")
    assert main(["checkin", "mal.okr.yaml", "O1.KR1", "33", "--date", "2027-01-10"]) == 0, capsys.readouterr().err
    written = (tmp_path / "mal.okr.yaml").read_text(encoding="utf-8")
    assert written.startswith(text) and read_text(written, "x.yaml", "yaml").okr_set.objectives[0].key_results[0].current == 33
