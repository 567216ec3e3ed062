"""Nothing speaks English about a file written in another language.

Every command a user runs on a Danish or Hungarian OKR file (lint in every format, rule and rules
with the file's language, checkin, status, tree) and the TUI's progress screen are run on such
files, and their output is searched for every phrase of the English catalogue and of the English
rule texts. A phrase the language's own catalogue also has (`okrcoach lint`, `OKR402`, column
names such as `checkin_date`) is a name, not English; so are rule codes and names, JSON and SARIF
keys and file paths, which are not in the catalogue.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from okrcoach import i18n
from okrcoach.cli import main
from okrcoach.formats import read_path
from okrcoach.paths import bundled_dir
from okrcoach.progress import set_status
from okrcoach.rubric.loader import load_rubric

SETS = {
    "da": (
        "salg.okr.md",
        """---
team: Salg
period: 2027-Q1
---
# Salgets OKR'er for Q1 2027

<!-- okrcoach: waive OKR230: vi holder bevidst niveauet -->
## Mål 1: Bliv førstevalget for danske webshops

- KR1: Øg konverteringsraten fra 8 % til 12 %
  - udgangspunkt: 8
  - målværdi: 12
- KR2: Vind 15 nye kunder i Jylland
- KR3: Afhold en workshop med salgsteamet
- KR4: Fastholde kundetilfredsheden over 85 % inden udgangen af 2028

## Mål 2: Gør vores kunder til ambassadører

- KR1: Øg NPS fra 32 til 45
- KR2: Lancere det nye henvisningsprogram
""",
    ),
    "hu": (
        "ertekesites.okr.yaml",
        """language: hu
team: Értékesítés
period: 2027-Q1
objectives:
  - title: Legyünk a magyar webshopok első választása
    aligns_to: ceg.okr.yaml#O3
    waive:
      - {code: OKR105, reason: szándékosan}
    key_results:
      - text: A konverziót 8%-ról 12%-ra növeljük
        baseline: 8
        target: 12
        felelős_x: Anna
      - text: Tartsunk workshopot az értékesítéssel
      - text: Az ügyfélelégedettséget 85% felett tartjuk
      - text: A lemorzsolódás havi nyomon követése
      - text: Bevezetjük az új ajánlói programot
""",
    ),
}


def _fragments(template: str) -> set[str]:
    """The literal phrases of a template: its text between parameters and code spans, of two
    words or more (one word alone is too often the same in another language: status, info)."""
    out: set[str] = set()

    def walk(nodes: list) -> None:
        for node in nodes:
            if isinstance(node, str):
                for part in re.split(r"`[^`]*`|[«»“”„\"()\[\]:;,.!?→—–/]|\s-\s", node):
                    part = " ".join(part.split())
                    if len(re.findall(r"[^\W\d_]{2,}", part)) >= 2:
                        out.add(part)
            elif node[0] in ("plural", "select"):
                for branch in node[2].values():
                    walk(branch)

    walk(i18n.parse(template))
    return out


def _english_in(shown_by_where: dict[str, str], phrases: set[str]) -> dict[str, list[str]]:
    """The English phrases found in each text, for the texts that hold any."""
    found = {where: sorted(p for p in phrases if p in shown) for where, shown in shown_by_where.items()}
    return {where: english for where, english in found.items() if english}


def _english_phrases(language: str) -> set[str]:
    from okrcoach.cli import help_texts

    rubric = load_rubric(bundled_dir("rubrics"))
    english = {**i18n.catalog("en").entries, **help_texts()}
    for rule in rubric.rules:
        for field in ("message", "fix", "why"):
            english[f"rules.{rule.code}.{field}"] = rule.text(field, "en")
    own = " ".join(" ".join(text.split()) for text in i18n.catalog(language).entries.values())  # a name wrapped in a catalogue ("Marissa\nMayer") is one phrase
    phrases = set()
    for key, template in english.items():
        if key.startswith("handout.template_draft"):
            continue  # the example library's drafts, not used by these commands
        phrases |= {p for p in _fragments(template) if p not in own}
    return phrases


def _run(capsys, *argv: str) -> str:
    main(list(argv))
    captured = capsys.readouterr()
    return captured.out + "\n" + captured.err


def _outputs(folder: Path, capsys) -> dict[str, str]:
    language = next(lang for lang, s in SETS.items() if (folder / s[0]).exists())
    path = str(folder / SETS[language][0])
    out = {}
    for fmt in ("text", "concise", "github"):
        out[f"lint --format {fmt}"] = _run(capsys, "lint", "--isolated", "--format", fmt, path)
    report = json.loads(_run(capsys, "lint", "--isolated", "--format", "json", path).split("\n\n")[0])
    out["lint --format json (message, fix)"] = "\n".join(f"{f['message']}\n{f['fix']}" for f in report["findings"])
    sarif = json.loads(_run(capsys, "lint", "--isolated", "--format", "sarif", path).split("\n\n")[0])
    run = sarif["runs"][0]
    out["lint --format sarif (texts)"] = "\n".join(
        [r["message"]["text"] for r in run["results"]] + [f"{d['shortDescription']['text']}\n{d['fullDescription']['text']}\n{d['help']['text']}" for d in run["tool"]["driver"]["rules"]]
    )
    out["lint --statistics"] = _run(capsys, "lint", "--isolated", "--statistics", path)
    out["rules --lang"] = _run(capsys, "rules", "--lang", language)
    out["rule --lang"] = _run(capsys, "rule", "OKR230", "--lang", language)
    out["checkin"] = _run(capsys, "checkin", path, "O1.KR1", "9", "--confidence", "0.6", "--note", "ok", "--date", "2026-12-01")
    out["status"] = _run(capsys, "status", path, "--at", "2027-02-10")
    out["tree"] = _run(capsys, "tree", str(folder))
    out["file after checkin"] = (folder / SETS[language][0]).read_text(encoding="utf-8")
    return out


def _tui_progress(folder: Path) -> str:
    pytest.importorskip("textual")
    from okrcoach.set_language import language_of
    from okrcoach.tui.progress_view import period_line, progress_table, risk_summary

    okr_set = read_path(next(folder.glob("*.okr.*"))).okr_set
    language = language_of(okr_set)
    texts = []
    for at in (date(2026, 12, 1), date(2027, 2, 10), date(2027, 6, 1)):
        st = set_status(okr_set, at)
        texts += [period_line(okr_set, st, language).plain, progress_table(st, 60, language).plain, risk_summary(st, language).plain]
    return "\n".join(texts)


@pytest.mark.parametrize("language", sorted(SETS))
def test_no_command_speaks_english_about_a_file_in_another_language(language, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    name, text = SETS[language]
    (tmp_path / name).write_text(text, encoding="utf-8")
    outputs = _outputs(tmp_path, capsys)
    outputs["TUI progress screen"] = _tui_progress(tmp_path)
    phrases = _english_phrases(language)
    assert len(phrases) > 300, "the English phrases to look for were found"
    english = _english_in(outputs, phrases)
    assert not english, f"English in the output for a {language} file: {english}"
    # The search can fail: the file linted as English (`--language en`) shows English phrases.
    forced = _run(capsys, "lint", "--isolated", "--language", "en", str(tmp_path / name))
    assert len([p for p in phrases if p in forced]) >= 3, "the search finds English where there is some"


# -- the command line's own words: every command's --help and its usage errors ----------------------


def _said(capsys, *argv: str) -> str:
    """What a command prints, argparse's own exits (`--help`, usage errors) included."""
    try:
        main(list(argv))
    except SystemExit:
        pass
    captured = capsys.readouterr()
    return captured.out + "\n" + captured.err


def _commands() -> list[str]:
    import argparse

    from okrcoach.cli import _parser

    commands = next(action for action in _parser()._actions if isinstance(action, argparse._SubParsersAction))
    return list(commands.choices)


def _helps(capsys) -> dict[str, str]:
    return {f"okrcoach {command} --help".replace("  ", " "): _said(capsys, *([command] if command else []), "--help") for command in ["", *_commands()]}


@pytest.mark.parametrize("language", sorted(SETS))
def test_every_commands_help_speaks_the_configured_language(language, tmp_path, capsys, monkeypatch):
    from okrcoach.cli import words

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(words, "_language", None)
    (tmp_path / "okrcoach.toml").write_text(f'[lint]\nlanguage = "{language}"\n', encoding="utf-8")
    helps = _helps(capsys)
    assert len(helps) >= 17 and all(len(text) > 200 for text in helps.values()), helps
    phrases = _english_phrases(language)
    english = _english_in(helps, phrases)
    assert not english, f"English in the help of a {language} command line: {english}"
    # The search can fail: every command's English help shows English phrases.
    monkeypatch.setattr(words, "_language", "en")
    quiet = [where for where, shown in _helps(capsys).items() if not any(p in shown for p in phrases)]
    assert not quiet, f"the search found no English in the English {quiet}"


# Usage errors: (what the config file says besides its `language`, the command). Each is a mistake a
# user makes: in the config file (unknown keys, bad values, keys set twice, a circular `extend`) or
# on the command line (conflicting or unknown values).
MISTAKES = [
    ("", ("lint", "-", "-")),
    ("", ("lint", "--config", "nope.toml", "x.okr.yaml")),
    ("", ("lint", "--show-settings", "nope")),
    ("", ("lint", "--select", "OKR999", "x.okr.yaml")),
    ("", ("lint", "--lang", "12", "x.okr.yaml")),
    ("", ("rules", "--category", "nope")),
    ("", ("rule", "OKR999")),
    ("", ("rule", "--lang", "xx", "OKR201")),
    ("", ("draft", "--timeout", "0", "a goal")),
    ("", ("draft", "--timeout", "soon", "a goal")),
    ("", ("draft", "--period", "Q5 2027", "a goal")),
    ("", ("draft", "--objectives", "9", "a goal")),
    ("", ("draft", "  ")),
    ("", ("draft", "--offline", " ")),
    ("", ("improve", "x.okr.yaml", "--kr", "1")),
    ("", ("improve", "x.okr.yaml", "--objective", "7")),
    ("", ("examples", "--function", "markting")),
    ("", ("examples", "--count", "99")),
    ("", ("examples", "--industry", "banking")),
    ("", ("examples", "--flaws", "OKR999")),
    ("", ("examples", "--generate")),
    ("", ("serve", "--token-budget", "-1")),
    ("", ("serve", "--max-visitors", "0")),
    ("", ("checkin", "x.okr.yaml", "O9.KR1", "5")),
    ("", ("checkin", "x.okr.yaml", "O1.KR9", "5")),
    ("", ("checkin", "x.okr.yaml", "nope", "5")),
    ("", ("checkin", "x.okr.yaml", "O1.KR1", "5", "--confidence", "11")),
    ("", ("checkin", "notes.txt", "O1.KR1", "5")),
    ("", ("status", "--at", "soon", "x.okr.yaml")),
    ("", ("status", "-")),
    ("foo = 1", ("lint", "x.okr.yaml")),
    ("respect-gitignore = 3", ("lint", "x.okr.yaml")),
    ("exclude = 3", ("lint", "x.okr.yaml")),
    ("extend = 3", ("lint", "x.okr.yaml")),
    ('extend = "nope.toml"', ("lint", "x.okr.yaml")),
    ('extend = "okrcoach.toml"', ("lint", "x.okr.yaml")),
    ("lint = 3", ("lint", "x.okr.yaml")),
    ('[lint]\nselct = ["OKR201"]', ("lint", "x.okr.yaml")),
    ('[lint]\nlanguage = "da"', ("lint", "x.okr.yaml")),
    ('[lint]\nfail-level = "fatal"', ("lint", "x.okr.yaml")),
    ('[lint]\nselect = ["OKR999"]', ("lint", "x.okr.yaml")),
    ("[lint]\nselect = 3", ("lint", "x.okr.yaml")),
    ("[lint]\nrubric-paths = 3", ("lint", "x.okr.yaml")),
    ('[lint]\nlevels = "x"', ("lint", "x.okr.yaml")),
    ('[lint]\nlevels = {OKR201 = "fatal"}', ("lint", "x.okr.yaml")),
    ("[lint]\nthresholds = 3", ("lint", "x.okr.yaml")),
    ("[lint]\nthresholds = {max-krs = 3}", ("lint", "x.okr.yaml")),
    ("[lint]\nthresholds = {max-key-results = -1}", ("lint", "x.okr.yaml")),
    ("[lint]\nper-file-ignores = 3", ("lint", "x.okr.yaml")),
    ('[llm]\napi-key = "sk-x"', ("lint", "x.okr.yaml")),
    ('[llm]\nmodle = "x"', ("lint", "x.okr.yaml")),
]


def _mistakes(folder: Path, language: str, capsys, monkeypatch) -> dict[str, str]:
    from okrcoach.cli import words
    from okrcoach.cli.common import load_rubric

    (folder / "x.okr.yaml").write_text(SETS["hu"][1], encoding="utf-8")
    (folder / "notes.txt").write_text("objectives:\n", encoding="utf-8")
    said = {}
    for config, argv in MISTAKES:
        (folder / "okrcoach.toml").write_text(f'language = "{language}"\n{config}\n', encoding="utf-8")
        monkeypatch.setattr(words, "_language", None)
        load_rubric.cache_clear()
        said[f"{config!r}: okrcoach {' '.join(argv)}"] = _said(capsys, *argv)
    return said


@pytest.mark.parametrize("language", sorted(SETS))
def test_every_usage_error_speaks_the_configured_language(language, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = _mistakes(tmp_path, language, capsys, monkeypatch)
    assert all(text.strip() for text in said.values()), said
    phrases = _english_phrases(language)
    english = _english_in(said, phrases)
    assert not english, f"English in the usage errors of a {language} command line: {english}"
    # The search can fail: every mistake, said in English, shows English phrases.
    quiet = [where for where, shown in _mistakes(tmp_path, "en", capsys, monkeypatch).items() if not any(p in shown for p in phrases)]
    assert not quiet, f"the search found no English in the English {quiet}"


def _doctors(folder: Path, language: str, fake, capsys, monkeypatch) -> dict[str, str]:
    """`okrcoach doctor` with no LLM set up, with an endpoint that does not answer, and against the
    fake server: a mode it rejects then one that works, a model it does not serve, a wrong key."""
    import os

    from okrcoach.cli import words
    from tests.fakes.openai_server import Reply

    (folder / "okrcoach.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
    for name in [name for name in os.environ if name.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("OKRCOACH_STATE_DIR", str(folder / f"state-{language}"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    monkeypatch.setattr(words, "_language", None)
    said = {"not set up": _said(capsys, "doctor")}
    monkeypatch.setenv("OKRCOACH_RETRIES", "0")
    said["no answer"] = _said(capsys, "doctor", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--timeout", "3")
    for name, value in {"OKRCOACH_BASE_URL": fake.base_url, "OKRCOACH_MODEL": "fake-model", "OKRCOACH_API_KEY": "sk-test-abcdefghijklmnop1234", "OKRCOACH_TIMEOUT": "10"}.items():
        monkeypatch.setenv(name, value)
    fake.known_models = ["fake-model", "other"]
    fake.script(Reply.error(400, "response_format json_schema: unavailable"), Reply.data({"ok": True, "word": "okr"}))  # the server's words
    said["a mode rejected, one works"] = _said(capsys, "doctor")
    fake.script(Reply.data({"ok": True, "word": "okr"}))
    said["the mode remembered"] = _said(capsys, "doctor", "--mode", "tools")
    fake.known_models = ["models/llama-3.1-8b.Q4.gguf"]
    said["a model not served"] = _said(capsys, "doctor")
    fake.require_key = "sk-the-right-key-0000"
    said["a wrong key"] = _said(capsys, "doctor")
    fake.require_key = None
    return said


@pytest.mark.parametrize("language", sorted(SETS))
def test_doctor_speaks_the_configured_language(language, tmp_path, capsys, monkeypatch, fake_openai):
    monkeypatch.chdir(tmp_path)
    said = _doctors(tmp_path, language, fake_openai, capsys, monkeypatch)
    assert "✓" in said["a mode rejected, one works"] and "✗" in said["a wrong key"], said
    phrases = _english_phrases(language)
    english = _english_in(said, phrases)
    assert not english, f"English in `okrcoach doctor` in {language}: {english}"
    quiet = [where for where, shown in _doctors(tmp_path, "en", fake_openai, capsys, monkeypatch).items() if not any(p in shown for p in phrases)]
    assert not quiet, f"the search found no English in the English {quiet}"


def _refusals() -> dict[str, object]:
    """Why edits cannot be made in place (the reason of a refused save in the TUI, of a suggestion
    `improve` cannot apply): each as the `EditRefused` message the front ends say."""
    from okrcoach.documents import EditRefused, SetField, apply_changes, save
    from okrcoach.formats import read_text
    from okrcoach.model import Waiver
    from tests.documents.test_in_place import CSV, MARKDOWN, TABLE

    bare_list = "- title: Grow\n  key_results:\n    - Raise NPS from 31 to 45\n"
    attempts = {
        "CSV, the set's title": lambda: apply_changes(CSV, "csv", [SetField(None, "title", "Salg")]),
        "CSV, a waiver": lambda: apply_changes(CSV, "csv", [SetField((0, 0), "waive", [Waiver(code="OKR220", reason="bevidst")])]),
        "Markdown table, a column it lacks": lambda: apply_changes(TABLE, "md", [SetField((0, 0), "unit", "teams")]),
        "YAML bare list, a period": lambda: apply_changes(bare_list, "yaml", [SetField(None, "period", "2027-Q1")]),
    }
    emptied = read_text(MARKDOWN, "t", "md").okr_set
    emptied.objectives[0].key_results[1].text = "  "
    attempts["a key result without text"] = lambda: save(MARKDOWN, "md", emptied)
    said = {}
    for where, attempt in attempts.items():
        with pytest.raises(EditRefused) as refused:
            attempt()
        said[where] = refused.value.message
    return {**said, **_verification_failures()}


def _verification_failures() -> dict[str, object]:
    """The edit engine's checks: every edit is read back, and one that reads back as something
    else (another value, a key result lost, an objective more, a new problem, no way to write it)
    is refused with what went wrong. A YAML editor that offers such texts stands in for a bug."""
    from unittest import mock

    from okrcoach.documents import EditRefused, SetField, apply_changes, yaml_edit
    from okrcoach.documents.changes import Move

    text = "period: 2027-Q1\nobjectives:\n  - title: Grow\n    key_results:\n      - text: Raise NPS from 31 to 45\n        target: 45\n      - Cut churn from 3 % to 2 %\n"
    offers = {
        "reads back as another value": [text.replace("31 to 45", "31 to 46")],
        "reads back with a key result fewer": [text.replace("      - Cut churn from 3 % to 2 %\n", "")],
        "reads back with an objective more": [text + "  - title: More\n"],
        "cannot be read back": [text + "  - title: [\n"],
        "brings a new problem": [text.replace("target: 45", "target: 50\n        bogus: 1")],
        "has no way to be written": [],
    }
    said = {}
    for what, offered in offers.items():
        for change in (SetField((0, 0), "target", 50), SetField(None, "period", "2027-Q2"), Move((0, 1), 0)):
            with mock.patch.object(yaml_edit, "candidates", lambda *_, offered=offered: list(offered)), pytest.raises(EditRefused) as refused:
                apply_changes(text, "yaml", [change])
            said[f"an edit that {what} ({type(change).__name__})"] = refused.value.message
    return said


@pytest.mark.parametrize("language", sorted(SETS))
def test_a_refused_edit_says_why_in_the_language(language):
    refusals = _refusals()
    phrases = _english_phrases(language)
    said = {where: i18n.resolve(message, language) for where, message in refusals.items()}
    english = _english_in(said, phrases)
    assert not english, f"English in the reasons of refused edits in {language}: {english}"
    quiet = [where for where, message in refusals.items() if not any(p in i18n.resolve(message, "en") for p in phrases)]
    assert not quiet, f"the search found no English in the English {quiet}"


@pytest.mark.parametrize("language", sorted(SETS))
def test_a_served_visitors_path_mistakes_are_said_in_the_language(language, tmp_path):
    from okrcoach.workspace import OutsideWorkspace, Workspace

    (tmp_path / "room").mkdir()
    (tmp_path / "room" / "out").symlink_to(tmp_path)
    messages = {}
    for typed in ("", "a\x00b", "/etc/passwd", "../x.okr.yaml", "out/x.okr.yaml"):
        with pytest.raises(OutsideWorkspace) as refused:
            Workspace(tmp_path / "room").resolve(typed)
        messages[repr(typed)] = refused.value.message
    phrases = _english_phrases(language)
    english = {typed: sorted(p for p in phrases if p in i18n.resolve(m, language)) for typed, m in messages.items()}
    assert not {typed: found for typed, found in english.items() if found}, english
    assert all(any(p in i18n.resolve(m, "en") for p in phrases) for m in messages.values()), "the search finds the English"


# -- bad input of every kind: what okrcoach says about files it cannot read -------------------------

# Files as they go wrong in real use: a tab from an editor, two YAML documents in one file, an empty
# file, prose where OKRs were expected, a JSON export cut short, a CSV with an unclosed quote and no
# known columns, a Markdown page with no OKRs in it.
BROKEN = {
    "tab.okr.yaml": "objectives:\n\t- title: Vækst\n",
    "two.okr.yaml": "objectives: []\n---\nobjectives: []\n",
    "empty.okr.yaml": "",
    "prose.okr.yaml": "noter fra mødet\n",
    "cut.okr.json": '{"objectives": [',
    "quote.okr.csv": 'a,b\n"x\n',
    "runaway.okr.csv": 'objective,key_result\nVækst,"Øg NPS fra 30 til 40\n' + "x" * 140_000 + "\n",
    "notes.okr.md": "# Mødenoter\n\nIntet besluttet endnu.\n",
    "wordless.okr.yaml": "objectives:\n  - title: Q\n    key_results:\n      - text: NPS 30 → 40\n        baseline: 30\n        target: 40\n",
}


def _broken_folder(folder: Path, language: str) -> None:
    for name, text in BROKEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "empty").mkdir()
    (folder / "notes.txt").write_text("objectives:\n", encoding="utf-8")
    (folder / "okrcoach.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
    (folder.parent / "broken").mkdir()
    (folder.parent / "broken" / "okrcoach.toml").write_text(f'language = "{language}"\n[lint\nselect = 3\n', encoding="utf-8")
    (folder.parent / "broken" / "x.okr.yaml").write_text(SETS["hu"][1], encoding="utf-8")


def _bad_input(folder: Path, language: str, capsys, monkeypatch) -> dict[str, str]:
    """Every command on the broken files, in a folder whose config states `language` (and a
    config that is not TOML in a folder beside it)."""
    from okrcoach.cli import words
    from okrcoach.cli.common import load_rubric

    folder = folder / language / "files"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    _broken_folder(folder, language)
    commands = {
        "lint": ("lint", "."),
        "lint --format concise": ("lint", "--format", "concise", "."),
        "lint --format github": ("lint", "--format", "github", "."),
        "lint --statistics": ("lint", "--statistics", "."),
        "lint on a folder without OKR files": ("lint", "empty"),
        "lint --statistics on a folder without OKR files": ("lint", "--statistics", "empty"),
        "lint a missing file": ("lint", "missing.okr.yaml"),
        "lint a file of no known format": ("lint", "notes.txt"),
        "lint --show-settings": ("lint", "--show-settings", "--select", "OKR201"),
        "rules": ("rules",),
        "rule": ("rule", "OKR230"),
        "status": ("status", "."),
        "tree": ("tree", "."),
        "checkin on a broken file": ("checkin", "tab.okr.yaml", "O1.KR1", "5"),
        "improve a broken file": ("improve", "two.okr.yaml"),
        "draft with a missing --context": ("draft", "--context", "missing.txt", "Et mål"),
        "draft -o and --format that disagree": ("draft", "-o", "x.okr.md", "--format", "yaml", "Et mål"),
        "init over an existing file": ("init", "tab.okr.yaml"),
        "init with a period that is none": ("init", "--period", "Q5", "new.okr.yaml"),
        "init": ("init", "starter.okr.yaml"),
        "status of a set with no words to tell its language": ("status", "wordless.okr.yaml", "--at", "2026-12-01"),
        "checkin on a set with no words to tell its language": ("checkin", "wordless.okr.yaml", "O1.KR1", "35", "--date", "2026-12-01"),
    }
    said = {}
    for where, argv in commands.items():
        monkeypatch.setattr(words, "_language", None)
        load_rubric.cache_clear()
        said[where] = _said(capsys, *argv)
    monkeypatch.chdir(folder.parent / "broken")
    monkeypatch.setattr(words, "_language", None)
    said["a config that is not valid TOML"] = _said(capsys, "lint", "x.okr.yaml")
    return said


@pytest.mark.parametrize("language", sorted(SETS))
def test_bad_input_of_every_kind_is_said_in_the_configured_language(language, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    for name in [name for name in __import__("os").environ if name.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))]:
        monkeypatch.delenv(name)
    said = _bad_input(tmp_path, language, capsys, monkeypatch)
    assert all(text.strip() for text in said.values()), said
    assert said["lint a missing file"].count("missing.okr.yaml") == 1 and "TOML" in said["a config that is not valid TOML"], said
    phrases = _english_phrases(language)
    english = _english_in(said, phrases)
    assert not english, f"English about bad input in {language}: {english}"
    # The libraries' own words are shown only as quotations: the YAML reader's, for example.
    assert "another document" not in said["lint"] and "Unclosed" not in said["a config that is not valid TOML"]
    assert "field limit" not in said["lint"] and re.search(r"runaway\.okr\.csv\n +\d+ +\S+ +OKR002", said["lint"]), said["lint"]
    # The statistics table speaks one word at a time (a level, "Found"), too short for the search:
    # its level column and summary are checked against the catalogue, with the English run's counts.
    english = _bad_input(tmp_path, "en", capsys, monkeypatch)
    assert "field larger than field limit" in english["lint"], english["lint"]
    counts = re.search(r"Found (\d+) findings \((\d+) errors?, (\d+) warnings?, (\d+) info\) in (\d+) files\.", english["lint --statistics"])
    assert counts and re.search(r"syntax-error +error\n", english["lint --statistics"]), english["lint --statistics"]
    total, error, warning, info, files = map(int, counts.groups())
    summary = i18n.text("report.found", language, total=total, files=files, error=error, warning=warning, info=info)
    level = i18n.text("report.level", language, level="error")
    assert re.search(rf"syntax-error +{level}\n", said["lint --statistics"]) and summary in said["lint --statistics"], said["lint --statistics"]
    # The search can fail: the same mistakes, said in English, show English phrases.
    quiet = [where for where, shown in english.items() if not any(p in shown for p in phrases) and where != "lint --statistics"]
    assert not quiet, f"the search found no English in the English {quiet}"


def _system_texts() -> dict[str, object]:
    """What the operating system and the libraries say, as okrcoach says it: every errno a read or
    a write meets, a busy file, every form of the TOML reader's message, every internal refusal of
    the edit engine."""
    import errno

    from okrcoach.config import toml_problem
    from okrcoach.documents.storage import Busy, write_problem
    from okrcoach.gate import _oserror

    said: dict[str, object] = {}
    for name in ("ENOENT", "EACCES", "EISDIR", "ENOTDIR", "EIO", "EROFS", "ENOSPC", "EDQUOT", "EBUSY", "ENAMETOOLONG", "ELOOP", "EMFILE"):
        number = getattr(errno, name)
        said[f"read, {name}"] = _oserror(OSError(number, __import__("os").strerror(number))).said
        said[f"list, {name}"] = _oserror(OSError(number, __import__("os").strerror(number)), "folder").said
        said[f"write, {name}"] = write_problem(OSError(number, __import__("os").strerror(number)))
    said["a busy file"] = Busy(Path("salg.okr.yaml")).said
    import tomllib

    for config in ("x", "[lint", "x = [1,", "x = {a = 1", 'x = "abc', "x = 1\nx = 2", "x = 1 2", "x = 2027-13-45", "x = \x01", "[a]\n[a]"):
        try:
            tomllib.loads(config)
        except tomllib.TOMLDecodeError as exc:
            said[f"TOML {config!r}"] = toml_problem(str(exc))
    english = i18n.catalog("en").entries["phrases.cannot-edit-internal"]
    for what in i18n.branches(english)["what"]:
        said[f"edit refused, {what}"] = i18n.msg("phrases.cannot-edit-internal", what=what)
    said["edit refused, flow mapping"] = i18n.msg("phrases.cannot-edit-flow-mapping")
    return said


@pytest.mark.parametrize("language", sorted(SETS))
def test_system_and_library_errors_are_said_in_the_language(language):
    texts = _system_texts()
    phrases = _english_phrases(language)
    said = {where: i18n.resolve(message, language) for where, message in texts.items()}
    english = _english_in(said, phrases)
    assert not english, f"English in system errors in {language}: {english}"
    # The system's own words appear only for an error no catalogue names, and then as a quotation.
    system_words = [os.strerror(number) for number in range(1, 134)]
    raw = {where: shown for where, shown in said.items() if any(words in shown for words in system_words)}
    assert not raw, f"the system's English words in {language}: {raw}"
    in_english = {where: i18n.resolve(message, "en") for where, message in texts.items()}
    quiet = [where for where, shown in in_english.items() if not any(p in shown for p in phrases) and not any(words in shown for words in system_words)]
    assert not quiet, f"the search found no English in the English {quiet}"


def _unrecordable(folder: Path, language: str, capsys, monkeypatch) -> dict[str, str]:
    """`okrcoach checkin` with a value the model refuses after the value reader accepted it (the
    reader stands in for one that lets infinity or a number beyond a float through)."""
    from okrcoach import values
    from okrcoach.cli import words

    (folder / "okrcoach.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
    (folder / "x.okr.yaml").write_text(SETS["hu"][1], encoding="utf-8")
    said = {}
    for what, value in {"infinite": float("inf"), "beyond a float": 10**400, "refused otherwise": "x"}.items():
        monkeypatch.setattr(words, "_language", None)
        monkeypatch.setattr(values, "parse_number", lambda *_, value=value: value)
        said[what] = _said(capsys, "checkin", "x.okr.yaml", "O1.KR1", "5", "--date", "2026-12-01")
    return said


@pytest.mark.parametrize("language", sorted(SETS))
def test_a_value_that_cannot_be_recorded_is_said_in_the_language(language, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = _unrecordable(tmp_path, language, capsys, monkeypatch)
    assert all("VALUE '5'" in shown or "('5')" in shown for shown in said.values()), said
    phrases = _english_phrases(language)
    english = _english_in(said, phrases)
    assert not english, f"English about a value that cannot be recorded in {language}: {english}"
    quiet = [where for where, shown in _unrecordable(tmp_path, "en", capsys, monkeypatch).items() if not any(p in shown for p in phrases)]
    assert not quiet, f"the search found no English in the English {quiet}"


@pytest.mark.parametrize("language", sorted(SETS))
def test_a_rules_page_names_its_category_and_file_examples_in_the_language(language):
    """`okrcoach rule CODE --lang xx`: the category is an id (`rules --category kpi`), shown by its
    name in the language, the id after it where the name is another word; whole-file examples are
    labelled in the language."""
    from okrcoach.rubric.docs import rule_as_text

    rubric = load_rubric(bundled_dir("rubrics"))
    one_per_category = {rule.category: rule for rule in rubric.rules}
    assert len(one_per_category) >= 8
    words = {"category": i18n.text("docs.category", language), "file": i18n.text("docs.example_file", language, name="", encoding="").strip()}
    for category, rule in one_per_category.items():
        name = i18n.text("docs.category_value", language, category=category)
        assert category in i18n.branches(i18n.translation("docs.category_value", language))["category"], (language, category)
        shown = f"{name} ({category})" if name.casefold() != category else name
        page = rule_as_text(rule, language)
        assert f"{words['category']}: {shown}    " in page, page.splitlines()[2]
        assert rule_as_text(rule).splitlines()[2].count(f"category: {category}    ") == 1
    for code in ("OKR001", "OKR401"):
        page = rule_as_text(rubric.find(code), language)
        assert "✗ file " not in page and "✗ files:" not in page and words["file"] in page, page
        assert "✗ file" in rule_as_text(rubric.find(code), "en")


@pytest.mark.parametrize("language", sorted(SETS))
def test_concise_keeps_its_level_token_and_speaks_the_language_in_the_message(language, tmp_path, capsys, monkeypatch):
    """`--format concise` is read by problem matchers and scripts: its level token is `error`,
    `warning` or `info` in every language (a contract, as JSON keys are); the message on the same
    line and the summary after the lines are the file's language."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    name, text = SETS[language]
    (tmp_path / name).write_text(text, encoding="utf-8")
    concise = _run(capsys, "lint", "--isolated", "--format", "concise", name).strip().splitlines()
    report = json.loads(_run(capsys, "lint", "--isolated", "--format", "json", name).split("\n\n")[0])
    expected = [f"{name}:{f['line'] or 1}:1: {f['code']} [{f['level']}] {f['message']}" for f in report["findings"]]
    assert concise[:-1] == expected and len(expected) >= 4, concise
    for line in concise[:-1]:
        assert re.match(rf"{re.escape(name)}:\d+:1: OKR\d{{3}} \[(error|warning|info)\] \S", line), line
    counts = {level: sum(f["level"] == level for f in report["findings"]) for level in ("error", "warning", "info")}
    assert concise[-1] == i18n.text("report.found", language, total=len(expected), files=1, **counts), concise[-1]
    assert not _english_in({"concise": "\n".join(concise)}, _english_phrases(language))


def _written(folder: Path, language: str, capsys, monkeypatch) -> dict[str, str]:
    """What `okrcoach examples` and `okrcoach init` write, with no `--lang`, where the config
    states `language`: the handout, its answer key, the starter file, and what they print."""
    from okrcoach.cli import words

    folder = folder / f"written-{language}"
    folder.mkdir()
    monkeypatch.chdir(folder)
    (folder / "okrcoach.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
    said = {}
    for argv in (("examples", "--count", "2", "-o", "handout.md"), ("init", "--team", "Salg", "starter.okr.yaml")):
        monkeypatch.setattr(words, "_language", None)
        said[f"okrcoach {' '.join(argv)}"] = _said(capsys, *argv)
    for name in ("handout.md", "handout-answers.md", "starter.okr.yaml"):
        said[name] = (folder / name).read_text(encoding="utf-8")
    return said


@pytest.mark.parametrize("language", sorted(SETS))
def test_examples_and_init_write_in_the_configured_language(language, tmp_path, capsys, monkeypatch):
    written = _written(tmp_path, language, capsys, monkeypatch)
    assert f"language: {language}" in written["starter.okr.yaml"], written["starter.okr.yaml"]
    phrases = _english_phrases(language)
    english = _english_in(written, phrases)
    assert not english, f"English in what examples and init write with a {language} config: {english}"
    quiet = [where for where, shown in _written(tmp_path, "en", capsys, monkeypatch).items() if not where.startswith("okrcoach ") and not any(p in shown for p in phrases)]
    assert not quiet, f"the search found no English in the English {quiet}"
