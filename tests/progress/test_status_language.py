"""`okrcoach status` speaks the file's language: its headings, status words, grades and reasons.

The words are data (the `progress:` section of each message catalogue), chosen by the set's
declared language, else the one its text is written in; the JSON report keeps its English reasons
(a versioned contract).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrcoach.cli import main
from okrcoach.i18n import text

# A set behind schedule with one unmeasured key result, in each language.
SETS = {
    "en": ("Win the Nordic webshops", "Raise conversion from 8 % to 12 %", "Win 15 new customers in Jutland"),
    "da": ("Bliv førstevalget for danske webshops", "Øg konverteringsraten fra 8 % til 12 %", "Vind 15 nye kunder i Jylland"),
    "sv": ("Bli förstahandsvalet för svenska webbutiker", "Öka konverteringsgraden från 8 % till 12 %", "Vinn 15 nya kunder i Skåne"),
    "de": ("Erste Wahl für deutsche Webshops werden", "Die Konversionsrate von 8 % auf 12 % steigern", "15 neue Kunden in Bayern gewinnen"),
    "fi": ("Meistä tulee suomalaisten verkkokauppojen ensisijainen valinta", "Nostetaan konversioaste 8 %:sta 12 %:iin", "Voitetaan 15 uutta asiakasta Tampereelta"),
    "hu": ("Legyünk a magyar webáruházak első választása", "A konverziós arányt 8%-ról 12%-ra növeljük", "15 új ügyfelet nyerünk Debrecenben"),
}


def _write(tmp_path: Path, language: str, declared: bool) -> Path:
    title, measured, unmeasured = SETS[language]
    head = f"language: {language}\n" if declared else ""
    path = tmp_path / "team.okr.yaml"
    path.write_text(
        f'{head}period: 2027-Q1\nobjectives:\n  - title: {title}\n    key_results:\n      - text: "{measured}"\n        baseline: 8\n        target: 12\n        current: 9\n      - "{unmeasured}"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "detected"])
@pytest.mark.parametrize("language", sorted(SETS))
def test_status_words_are_in_the_files_language(tmp_path: Path, capsys, language: str, declared: bool):
    path = _write(tmp_path, language, declared)
    assert main(["status", str(path), "--at", "2027-02-15"]) == 0
    out = capsys.readouterr().out
    for key, params in (("heading-name", {}), ("heading-status", {}), ("at-risk", {}), ("no-target", {"key": "target:"}), ("status", {"status": "off_track"})):
        assert text(f"progress.{key}", language, **params) in out, (key, out)
    if language != "en":
        for english in ("objective / key result", "At risk:", "off track", "no target", "of the period gone"):
            assert english not in out, (english, out)


def test_the_json_report_keeps_english_reasons(tmp_path: Path, capsys):
    path = _write(tmp_path, "da", True)
    assert main(["status", str(path), "--at", "2027-02-15", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    reasons = [r["reason"] for r in data["files"][0]["at_risk"]]
    assert any(r.startswith("no target") for r in reasons), reasons


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "detected"])
@pytest.mark.parametrize("language", sorted(SETS))
def test_checkin_summary_is_in_the_files_language(tmp_path: Path, capsys, language: str, declared: bool):
    path = _write(tmp_path, language, declared)
    assert main(["checkin", str(path), "O1.KR1", "10", "--date", "2027-02-15"]) == 0
    measured = capsys.readouterr().out
    assert "9 → 10" in measured and "2027-02-15" in measured, measured
    assert text("progress.of-the-way", language, share="50 %") in measured, measured
    assert main(["checkin", str(path), "O1.KR2", "3", "--date", "2027-02-16"]) == 0
    unmeasured = capsys.readouterr().out
    assert text("progress.unknown-because", language, reason=text("progress.no-target", language, key="target:")) in unmeasured, unmeasured
    if language != "en":
        for english in ("of the way", "progress unknown", " on 2027"):
            assert english not in measured + unmeasured, (english, measured + unmeasured)


# A Finnish Markdown file as a person writes it: its keys are Finnish, the second key result has
# no target and the third no baseline.
FINNISH_MARKDOWN = """# Tiimin OKR:t Q1 2027

Jakso: 2027-Q1

## Tavoite 1: Asiakkaat suosittelevat meitä

- Avaintulos 1: Nosta NPS 31:stä 45:een
  - lähtötaso: 31
  - tavoitetaso: 45
  - nykyinen: 38
- Avaintulos 2: Kasvata kuukausittaisia aktiivisia käyttäjiä
  - lähtötaso: 1200
- Avaintulos 3: Lyhennä tukipyyntöjen vasteaikaa
  - Tavoitetaso: 4
"""


def test_status_hints_name_the_keys_the_file_writes(tmp_path: Path, capsys):
    path = tmp_path / "tiimi.okr.md"
    path.write_text(FINNISH_MARKDOWN, encoding="utf-8")
    assert main(["status", str(path), "--at", "2027-02-15"]) == 0
    out = capsys.readouterr().out
    assert text("progress.no-target", "fi", key="tavoitetaso:") in out, out
    assert text("progress.no-baseline", "fi", key="lähtötaso:") in out, out
    assert "`target:`" not in out and "`baseline:`" not in out, out


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        # No key result has the field yet: Markdown says it in the file's language, YAML and JSON in English.
        ("ziele.okr.md", "# Q1 2027\n\n## Ziel 1: Kunden empfehlen uns\n\n- Schlüsselergebnis 1: Mehr aktive Nutzer gewinnen\n", "Zielwert:"),
        ("ziele.okr.yaml", "language: de\nperiod: 2027-Q1\nobjectives:\n  - title: Kunden empfehlen uns\n    key_results: [Mehr aktive Nutzer gewinnen]\n", "target:"),
        ("goals.okr.json", '{"period": "2027-Q1", "objectives": [{"title": "Win the Nordic webshops", "keyResults": [{"text": "Win more customers", "baselineValue": 3}]}]}', '"target":'),
        # A YAML file that writes its keys in Finnish, and a spreadsheet's own column.
        (
            "tiimi.okr.yaml",
            "period: 2027-Q1\nobjectives:\n  - title: Asiakkaat suosittelevat meitä\n    key_results:\n      - text: Kasvata aktiivisia käyttäjiä\n        lähtötaso: 1200\n      - text: Nosta NPS\n        lähtötaso: 31\n        tavoitetaso: 45\n",
            "tavoitetaso:",
        ),
        ("ziele.okr.csv", "Ziel;Schlüsselergebnis;Ausgangswert;Zielwert\nKunden empfehlen uns;Mehr aktive Nutzer gewinnen;1200;\n", "Zielwert"),
    ],
)
def test_a_missing_target_is_named_as_the_file_would_write_it(tmp_path: Path, capsys, name: str, content: str, expected: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    main(["status", str(path), "--at", "2027-02-15"])
    out = capsys.readouterr().out
    assert f"`{expected}`" in out, out


NO_PERIOD = """\
title: Support OKRs
objectives:
  - title: Customers love our support
    key_results:
      - text: Raise NPS from 30 to 45
        baseline: 30
        target: 45
      - text: Cut first response time from 4 h to 1 h
        baseline: 4
        target: 1
      - text: Publish 20 help articles
        baseline: 0
        target: 20
        current: 5
"""


def test_status_of_a_file_with_no_period_says_so_once_and_raises_no_false_alarms(tmp_path, capsys):
    (tmp_path / "support.okr.yaml").write_text(NO_PERIOD, encoding="utf-8")
    assert main(["status", str(tmp_path / "support.okr.yaml"), "--at", "2027-02-14"]) == 0
    out = capsys.readouterr().out
    assert "At risk:" not in out and out.count("no check-in yet") == 2  # once in each unmeasured row
    assert out.count("no period") == 1 and "No period, so nothing can be behind yet" in out
    assert "25 %" in out  # what is known is shown
