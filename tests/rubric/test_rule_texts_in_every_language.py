"""No rule speaks English about a file in another language: every rule (structure, format, meta,
alignment and progress rules included) is made to fire on files in each language, written from
the language's own fail examples in the rule files (a text or a key result's fields as a YAML
file of that language, a whole file, several files side by side), and linted with `okrcoach lint`
as a user runs it. Its text and JSON output are searched for the English catalogue's and English
rule texts' phrases (`test_no_english_in_other_languages`); the search is shown to find English
where there is some.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from okrcoach.cli import main
from okrcoach.formats import write
from okrcoach.paths import bundled_dir
from okrcoach.rubric.loader import load_rubric
from tests.rule_examples import example_set
from tests.test_no_english_in_other_languages import _english_in, _english_phrases

LANGUAGES = ("da", "sv", "de", "fi", "hu")


def write_examples(folder: Path, language: str) -> set[str]:
    """Every rule's fail examples in `language` as files under `folder`, one folder per example
    (several files of one example side by side); the codes of the rules that have any."""
    rubric = load_rubric(bundled_dir("rubrics"))
    codes = set()
    for rule in rubric.rules:
        examples = rule.examples.get(language)
        for index, example in enumerate(examples.fail if examples else ()):
            place = folder / f"{rule.code}-{index}"
            place.mkdir(parents=True)
            codes.add(rule.code)
            if isinstance(example, dict) and "files" in example:
                files = example["files"]
            elif isinstance(example, dict) and "content" in example:
                files = [example]
            else:
                okr_set = example_set(example, rule.target, language)
                files = [{"file": "example.okr.yaml", "content": write(okr_set, "yaml")}]
            for file in files:
                target = place / str(file.get("file", "example.okr.yaml"))
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(str(file["content"]).encode(str(file.get("encoding") or "utf-8")))
    return codes


def lint_output(folder: Path, capsys, *options: str) -> str:
    main(["lint", "--isolated", "--no-respect-gitignore", *options, str(folder)])
    captured = capsys.readouterr()
    return captured.out + "\n" + captured.err


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_rule_fires_and_speaks_the_file_s_language(language, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    codes = write_examples(tmp_path / "okrs", language)
    assert codes == {rule.code for rule in load_rubric(bundled_dir("rubrics")).rules}
    report = json.loads(lint_output(tmp_path / "okrs", capsys, "--format", "json").split("\n\n")[0])
    fired = {finding["code"] for finding in report["findings"]}
    assert codes <= fired, sorted(codes - fired)
    shown = {"lint": lint_output(tmp_path / "okrs", capsys), "lint --format json": "\n".join(f"{f['message']}\n{f['fix']}" for f in report["findings"])}
    english = _english_in(shown, _english_phrases(language))
    assert not english, f"English in the lint of {language} files: {english}"


def test_the_search_finds_english_in_english_findings(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_examples(tmp_path / "okrs", "en")
    assert len(_english_in({"lint": lint_output(tmp_path / "okrs", capsys)}, _english_phrases("da"))["lint"]) > 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_workshop_handout_and_its_answer_key_speak_the_language(language, tmp_path, capsys, monkeypatch):
    """The handout's items and its answer key's explanations (each flaw's rule, "why" and fixed
    version) in the handout's language, for as many flaws as the library has in it."""
    monkeypatch.chdir(tmp_path)
    assert main(["examples", "--lang", language, "--count", "20", "--flawed", "60", "--seed", "7", "-o", "handout.md", "--answers", "answers.md"]) == 0
    capsys.readouterr()
    shown = {name: (tmp_path / name).read_text(encoding="utf-8") for name in ("handout.md", "answers.md")}
    flawed = set(re.findall(r"\bOKR\d{3}\b", shown["answers.md"]))
    assert len(flawed) >= 8, flawed
    english = _english_in(shown, _english_phrases(language))
    assert not english, f"English in the {language} handout: {english}"
