"""A language is data: one lexicon file (and its message catalogue), no code.

The Norwegian test drops a lexicon and a catalogue into a rubric folder of its own, names the folder
in `okrcoach.toml` (`rubric-paths`), and lints a Norwegian file with the installed command, in a
fresh process, as a user would.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from okrcoach.language_data import available_languages, bundled_languages, language_codes, objective_heading, placeholders
from okrcoach.paths import bundled_dir

LEXICONS = bundled_dir("rubrics") / "lexicons"
SRC = Path(__file__).resolve().parents[2] / "src" / "okrcoach"


def test_the_languages_are_the_lexicon_files_with_their_names():
    files = sorted(p.stem for p in LEXICONS.glob("*.yaml") if p.stem != "common")
    assert sorted(bundled_languages()) == files
    assert next(iter(bundled_languages())) == "en"  # English first: the source language
    for code, info in bundled_languages().items():
        text = (LEXICONS / f"{code}.yaml").read_text(encoding="utf-8")
        assert f"\nname: {info.name}\n" in text and f"\nenglish_name: {info.english_name}\n" in text
    assert bundled_languages()["da"].name == "Dansk" and bundled_languages()["da"].english_name == "Danish"


def test_every_bundled_language_has_its_placeholders_and_heading_word():
    for code in bundled_languages():
        words = placeholders(code)
        assert set(words) == {"baseline", "target", "segment"}
        assert all(w.startswith("<") and w.endswith(">") for w in words.values())
        assert objective_heading(code)[:1].isupper()
    assert placeholders("xx") == placeholders("en")  # a language without the block falls back to English


def _string_constants(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            yield [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        elif isinstance(node, ast.Dict):
            yield [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]


def test_no_code_lists_or_tables_the_languages():
    """A list, tuple, set or dict keyed by two or more language codes in `src/` is a language
    table in code: it belongs in the lexicon or catalogue of each language."""
    codes = set(bundled_languages()) - {"en"}
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for strings in _string_constants(tree):
            if len(codes & set(strings)) >= 2:
                offenders.append(f"{path.relative_to(SRC)}: {sorted(codes & set(strings))}")
    assert offenders == []


NORWEGIAN_CATALOGUE = """\
language: nb
name: Norsk bokmål
numbers: {group: " ", decimal: ","}
plural: {one: [1]}
rules:
  OKR220:
    message: "Nøkkelresultatet starter med aktiviteten «{evidence}»: det beskriver arbeid som skal gjøres, ikke et resultat som skal oppnås"
    fix: "Spør «hva skal det føre til?», og skriv det resultatet som nøkkelresultat; behold arbeidet som et tiltak."
"""

NORWEGIAN_FILE = """\
period: 2027-Q1
objectives:
  - title: Bli førstevalget for nordiske nettbutikker
    key_results:
      - text: Analysere årsakene til kundefrafall
      - text: Øke månedlig gjentakende omsetning fra 10 000 til 14 000 kr
"""

NORWEGIAN_MARKDOWN = """\
# Salg 2027-Q1

## Mål 1: Bli førstevalget for nordiske nettbutikker

- Nøkkelresultat 1: Analysere årsakene til kundefrafall
- Nøkkelresultat 2: Øke månedlig gjentakende omsetning fra 10 000 til 14 000 kr
"""


def _norwegian_lexicon() -> str:
    """A Norwegian (bokmål) lexicon: Danish is its nearest bundled neighbour, so it starts from the
    Danish file, as a contributor would, with its own code and names."""
    text = (LEXICONS / "da.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^language: da$", "language: nb", text, count=1, flags=re.M)
    text = re.sub(r"^name: .*$", "name: Norsk bokmål", text, count=1, flags=re.M)
    text = re.sub(r"^  key_result: \[.*\]$", "  key_result: [nøkkelresultat]", text, count=1, flags=re.M)
    return re.sub(r"^english_name: .*$", "english_name: Norwegian Bokmål", text, count=1, flags=re.M)


@pytest.fixture
def norwegian(tmp_path: Path) -> Path:
    folder = tmp_path / "norsk"
    (folder / "lexicons").mkdir(parents=True)
    (folder / "messages").mkdir()
    (folder / "lexicons" / "nb.yaml").write_text(_norwegian_lexicon(), encoding="utf-8")
    (folder / "messages" / "nb.yaml").write_text(NORWEGIAN_CATALOGUE, encoding="utf-8")
    (tmp_path / "okrcoach.toml").write_text('rubric-paths = ["norsk"]\n', encoding="utf-8")
    (tmp_path / "salg.okr.yaml").write_text(NORWEGIAN_FILE, encoding="utf-8")
    (tmp_path / "erklaert.okr.yaml").write_text("language: nb\n" + NORWEGIAN_FILE, encoding="utf-8")
    (tmp_path / "salg.okr.md").write_text(NORWEGIAN_MARKDOWN, encoding="utf-8")
    return tmp_path


def _okrcoach(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "OKRCOACH_NO_CACHE": "1", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "okrcoach", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_a_dropped_in_lexicon_adds_a_language_without_code(norwegian: Path):
    assert "nb" in language_codes((norwegian / "norsk",))
    assert available_languages((norwegian / "norsk",))["nb"].name == "Norsk bokmål"

    chosen = _okrcoach(norwegian, "lint", "--lang", "nb", "--format", "json", "salg.okr.yaml")
    assert chosen.returncode == 1, chosen.stderr
    report = json.loads(chosen.stdout)
    assert report["files"][0]["language"] == "nb"
    activity = [f for f in report["findings"] if f["code"] == "OKR220"]
    assert activity and activity[0]["message"].startswith("Nøkkelresultatet starter med aktiviteten «Analysere»")
    untranslated = [f for f in report["findings"] if f["code"] == "OKR201"]
    assert untranslated and untranslated[0]["message"].startswith("No gradeable target")  # English where the catalogue is silent

    declared = _okrcoach(norwegian, "lint", "--format", "json", "erklaert.okr.yaml")
    assert declared.returncode == 1, declared.stderr
    report = json.loads(declared.stdout)
    assert report["files"][0]["language"] == "nb"
    assert "OKR004" not in {f["code"] for f in report["findings"]}
    assert "OKR220" in {f["code"] for f in report["findings"]}


def test_a_language_no_rubric_folder_brings_is_refused_with_the_languages_there_are(norwegian: Path):
    isolated = _okrcoach(norwegian, "lint", "--isolated", "--format", "json", "erklaert.okr.yaml")
    report = json.loads(isolated.stdout)
    invalid = [f for f in report["findings"] if f["code"] == "OKR004"]
    assert invalid and invalid[0]["evidence"] == "nb"  # said in Danish, the nearest language the rubric knows
    assert ", ".join(bundled_languages()) in invalid[0]["fix"]

    refused = _okrcoach(norwegian, "lint", "--isolated", "--lang", "nb", "salg.okr.yaml")
    assert refused.returncode == 2
    assert "language `nb` is not supported" in refused.stderr and "Traceback" not in refused.stderr

    not_a_code = _okrcoach(norwegian, "lint", "--lang", "norwegian", "salg.okr.yaml")
    assert not_a_code.returncode == 2 and "not a language code" in not_a_code.stderr


def test_the_readers_learn_a_dropped_in_languages_labels(norwegian: Path):
    """`Nøkkelresultat 1:` is a key result label only in the Norwegian lexicon's `reader:` block."""
    read = _okrcoach(norwegian, "lint", "--lang", "nb", "--format", "json", "salg.okr.md")
    report = json.loads(read.stdout)
    assert report["files"][0]["key_results"] == 2, read.stdout
    assert [f["evidence"] for f in report["findings"] if f["code"] == "OKR220"] == ["Analysere"]

    without = _okrcoach(norwegian, "lint", "--isolated", "--format", "json", "salg.okr.md")
    assert "OKR220" not in {f["code"] for f in json.loads(without.stdout)["findings"]}  # the label is not read as one


def _booleans(value, path):
    if isinstance(value, bool):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _booleans(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _booleans(item, f"{path}[{index}]")


@pytest.mark.parametrize("path", sorted(LEXICONS.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_word_of_a_lexicon_is_read_as_a_yaml_boolean(path):
    """YAML reads a bare `on`, `no`, `yes` or `off` as true or false: "on" (English preposition,
    Finnish "is") and "no" (English determiner) must be quoted, or the word is lost."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [p for p in _booleans(data, path.stem) if not p.endswith((".verb_second", ".closed_compounds"))]
    assert not found, f"quote these words: {found}"
