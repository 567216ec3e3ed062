"""`okrcoach rules` and `okrcoach rule` see the rubric lint uses: a config's `rubric-paths`
bring their rules and their languages (a lexicon and a message catalogue dropped into a folder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrcoach.cli import main
from okrcoach.paths import bundled_dir

RUBRICS = bundled_dir("rubrics")
CATALOGUE = """\
language: nb
name: Norsk bokmål
numbers: {group: " ", decimal: ","}
plural: {one: [1]}
rules:
  OKR220:
    message: "Nøkkelresultatet starter med aktiviteten «{evidence}»"
    fix: "Skriv resultatet arbeidet skal føre til."
  OKR990:
    message: "Nøkkelresultatet nevner et internt system: «{evidence}»"
    fix: "Skriv hva systemet skal endre for kundene."
"""


@pytest.fixture(autouse=True)
def forget_the_extra_languages():
    """The languages a rubric folder brings are made known process-wide: forget them afterwards."""
    from okrcoach import i18n, language_data

    before = (list(language_data._EXTRA_FOLDERS), list(i18n._EXTRA_FOLDERS))
    yield
    language_data._EXTRA_FOLDERS[:], i18n._EXTRA_FOLDERS[:] = before
    language_data.section.cache_clear()
    for clear in language_data._DERIVED:
        clear()
    i18n._CATALOGS.clear()


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "house-rules"
    (folder / "lexicons").mkdir(parents=True)
    (folder / "messages").mkdir()
    lexicon = (RUBRICS / "lexicons" / "da.yaml").read_text(encoding="utf-8")
    lexicon = lexicon.replace("\nlanguage: da\n", "\nlanguage: nb\n", 1).replace("\nname: Dansk\n", "\nname: Norsk bokmål\n", 1)
    (folder / "lexicons" / "nb.yaml").write_text(lexicon, encoding="utf-8")
    (folder / "messages" / "nb.yaml").write_text(CATALOGUE, encoding="utf-8")
    rule = (RUBRICS / "key-result" / "bare-metric.yaml").read_text(encoding="utf-8")
    (folder / "internal-system.yaml").write_text(rule.replace("code: OKR232", "code: OKR990").replace("name: bare-metric", "name: internal-system"), encoding="utf-8")
    (tmp_path / "okrcoach.toml").write_text('[lint]\nrubric-paths = ["house-rules"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_rules_lists_the_rules_of_the_configs_rubric_paths(project: Path, capsys):
    assert main(["rules", "--format", "json"]) == 0
    codes = {r["code"] for r in json.loads(capsys.readouterr().out)["rules"]}
    assert {"OKR990", "OKR232", "OKR220"} <= codes
    assert main(["rules"]) == 0
    assert "internal-system" in capsys.readouterr().out


def test_rules_and_rule_speak_a_language_the_rubric_paths_bring(project: Path, capsys):
    assert main(["rules", "--lang", "nb"]) == 0
    listing = capsys.readouterr().out
    assert "Nøkkelresultatet nevner et internt system" in listing and "Nøkkelresultatet starter med aktiviteten" in listing
    assert main(["rule", "OKR990", "--lang", "nb"]) == 0
    assert "Nøkkelresultatet nevner et internt system" in capsys.readouterr().out


def test_a_language_no_folder_brings_is_refused_with_those_there_are(project: Path, capsys):
    assert main(["rules", "--lang", "xx"]) == 2
    assert "nb" in capsys.readouterr().err


def test_without_the_config_the_extra_rules_are_not_listed(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["rules", "--format", "json"]) == 0
    assert "OKR990" not in {r["code"] for r in json.loads(capsys.readouterr().out)["rules"]}
