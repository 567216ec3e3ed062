"""A finding's fix names the key the user's file uses for the field (`lähtötaso:`, a `Lähtötaso`
column, `"nykyinen":`), not the English key (`baseline:`) the catalogue's text names, in every
output format; a file whose keys are the English ones keeps them."""

from __future__ import annotations

import json

import pytest

from okrcoach.cli import main

FINNISH_YAML = """\
language: fi
objectives:
  - title: Kasvatetaan myyntiä
    key_results:
      - text: Kasvatetaan uusien asiakkaiden määrää 40:stä 60:een kuukaudessa
        lähtötaso: 40
        tavoitearvo: 60
      - text: Nostetaan asiakastyytyväisyys 90 prosenttiin
        tavoitearvo: 90
        yksikkö: "%"
"""

FINNISH_MARKDOWN = """\
# Myynti Q1 2027

## Tavoite 1: Kasvatetaan myyntiä

- KR1: Nostetaan asiakastyytyväisyys 90 prosenttiin
  - tavoitearvo: 90
"""

FINNISH_SHEET = "Tavoite;Avaintulos;Tavoitearvo;Lähtötaso\nKasvatetaan myyntiä;Nostetaan asiakastyytyväisyys 90 prosenttiin;90;\n"

GERMAN_JSON = json.dumps(
    {
        "language": "de",
        "objectives": [
            {
                "title": "Mehr Umsatz",
                "key_results": [
                    {"text": "Neukunden von 40 auf 60 im Monat steigern", "Ausgangswert": 40, "Zielwert": 60},
                    {"text": "Kundenzufriedenheit auf 90 % steigern", "Zielwert": 90, "unit": "%"},
                ],
            }
        ],
    },
    ensure_ascii=False,
    indent=2,
)

CASES = {
    "yaml": ("myynti.okr.yaml", FINNISH_YAML, "`lähtötaso:`"),
    "md": ("myynti.okr.md", FINNISH_MARKDOWN, "`lähtötaso:`"),
    "csv": ("myynti.okr.csv", FINNISH_SHEET, "`Lähtötaso`"),
    "json": ("umsatz.okr.json", GERMAN_JSON, '`"Ausgangswert":`'),
}


@pytest.mark.parametrize("fmt", CASES)
@pytest.mark.parametrize("output", ["text", "json"])
def test_the_fix_names_the_files_own_key(tmp_path, monkeypatch, capsys, fmt, output):
    name, text, key = CASES[fmt]
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    main(["lint", name, "--format", output, "--select", "OKR240"])
    out = capsys.readouterr().out
    said = out if output == "text" else " ".join(f["fix"] for f in json.loads(out)["findings"])
    assert key in said, said
    assert "`baseline:`" not in said


def test_a_file_with_english_keys_is_told_the_english_key(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    english = FINNISH_YAML.replace("lähtötaso:", "baseline:").replace("tavoitearvo:", "target:").replace("yksikkö:", "unit:")
    (tmp_path / "myynti.okr.yaml").write_text(english, encoding="utf-8")
    main(["lint", "myynti.okr.yaml", "--select", "OKR240"])
    assert "`baseline:`" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", CASES)
def test_a_file_with_its_own_keys_rewrites_and_one_with_english_keys_rewrites_nothing(fmt):
    """`FileKeys.rewrites` decides whether the findings' texts are looked at at all: true for a
    file that names a field with its own key, false for the same file with the English keys,
    whose findings then come back as they are."""
    from okrcoach.linting import FileKeys

    name, text, _ = CASES[fmt]
    language = "de" if fmt == "json" else "fi"
    assert FileKeys(text, fmt, language).rewrites()
    if fmt == "yaml":  # Markdown names fields in its language's words, JSON quotes its keys (`"text":`)
        english = text.replace("lähtötaso:", "baseline:").replace("tavoitearvo:", "target:").replace("yksikkö:", "unit:")
        keys = FileKeys(english, fmt, language)
        assert not keys.rewrites()
        assert keys("add `baseline: 40` and `target:`") == "add `baseline: 40` and `target:`"
