"""`okrcoach schema`, `okrcoach init` and `okrcoach completion`: what an editor, a new user and a
shell get from them."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from okrcoach import model
from okrcoach.cli import main
from okrcoach.language_data import language_codes, placeholders
from okrcoach.schema_export import DESCRIBES, schema_text, shipped_schema_path
from okrcoach.starter import next_quarter, starter_languages

jsonschema = pytest.importorskip("jsonschema")

REPO = Path(__file__).resolve().parents[1]
EXPORTS = REPO / "tests" / "data" / "exports"


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def as_json(path: Path):
    """A YAML file as an editor's language server sees it: plain JSON values (dates as text)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(shipped_schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# -- schema ---------------------------------------------------------------------------------------


def test_shipped_schema_is_the_generated_one(capsys):
    assert shipped_schema_path().read_text(encoding="utf-8") == schema_text(), "run `okrcoach schema > src/okrcoach/okr.schema.json`"
    code, out, _ = run(["schema"], capsys)
    assert code == 0 and out == schema_text()
    code, out, _ = run(["schema", "--path"], capsys)
    assert Path(out.strip()) == shipped_schema_path()


def _fields(cls) -> set[str]:
    if dataclasses.is_dataclass(cls):
        return {f.name for f in dataclasses.fields(cls)}
    return set(cls.model_fields)


@pytest.mark.parametrize("name", sorted(DESCRIBES))
def test_schema_describes_every_field_of_the_model(name):
    """The file description and `okrcoach.model` cannot drift apart: same fields, both ways."""
    model_fields = _fields(getattr(model, name)) - {"source"}
    assert _fields(DESCRIBES[name]) == model_fields


def test_the_bundled_example_validates(validator):
    path = REPO / "examples" / "marketing.okr.yaml"
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(as_json(path))]
    assert errors == []


def test_what_okrcoach_writes_from_real_exports_validates(validator):
    """Files as Notion, Confluence, Google Docs and Excel export them, read and written as YAML
    and JSON: an editor with the schema accepts every one."""
    from okrcoach.formats import format_for_path, read_path, write

    paths = sorted(p for p in [*EXPORTS.iterdir(), *(REPO / "examples").iterdir()] if format_for_path(p) and ".expected." not in p.name)
    assert len(paths) > 20
    for path in paths:
        okr_set = read_path(path).okr_set
        assert okr_set is not None
        assert not list(validator.iter_errors(json.loads(write(okr_set, "json")))), path.name
        assert not list(validator.iter_errors(json.loads(json.dumps(yaml.safe_load(write(okr_set, "yaml")), default=str)))), path.name


def test_schema_catches_what_an_editor_should_flag(validator):
    good = {"period": "2027-Q1", "objectives": [{"title": "Win", "krs": ["Grow leads from 1 to 2", {"text": "Cut churn from 3% to 2%", "due": "2027-03-31"}]}]}
    assert not list(validator.iter_errors(good)), "aliases the readers accept are valid (deprecated)"
    for bad in (
        {"objectivs": []},
        {"objectives": [{"title": "Win", "key_results": [{"text": "x", "direction": "up"}]}]},
        {"objectives": [{"title": "Win", "kind": "stretch"}]},
        {"language": "no"},
        {"objectives": [{"key_results": ["x"]}]},
        {"objectives": [{"title": "Win", "waive": [{"code": "OKR220", "reason": ""}]}]},
    ):
        assert list(validator.iter_errors(bad)), bad
    schema = json.loads(schema_text())
    assert schema["$defs"]["Objective"]["properties"]["krs"]["deprecated"] is True


DANISH_YAML = """\
periode: 2027-Q1
mål:
  - målsætning: Gladere kunder
    beskrivelse: Kunderne skal få svar hurtigere
    nøgleresultater:
      - nøgleresultat: Hæv NPS fra 31 til 45
        udgangspunkt: 31
        målværdi: 45
        Ansvarlig: Søren
"""

GERMAN_YAML = """\
Zeitraum: 2027-Q1
objectives:
  - Ziel: Zufriedenere Kunden
    key_results:
      - Schlüsselergebnis: CSAT von 3,8 auf 4,5 steigern
        Ausgangswert: "3,8"
        Zielwert: "4,5"
        Einheit: Punkte
        Frist: 2027-03-31
"""


@pytest.mark.parametrize("text", [DANISH_YAML, GERMAN_YAML], ids=["da", "de"])
def test_a_file_in_its_own_language_validates(validator, text):
    """The keys the readers take in the file's language are keys the schema offers."""
    from okrcoach.formats import read_text

    assert read_text(text, "x.okr.yaml", "yaml").issues == []
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(json.loads(json.dumps(yaml.safe_load(text), default=str)))]
    assert errors == []


_SAMPLE = {
    "baseline": 3,
    "target": 4,
    "current": 3,
    "confidence": 0.7,
    "weight": 1,
    "deadline": "2027-03-31",
    "direction": "increase",
    "guardrail": True,
    "kind": "committed",
    "period": "2027-Q1",
    "checkins": [],
    "waive": [],
}


def test_every_local_key_the_schema_offers_is_read_as_its_field():
    """The schema's local keys are the readers' table: each one, in a file, is read without an
    unknown-field issue, as the field the schema says."""
    from okrcoach.formats import read_text

    schema = json.loads(schema_text())
    offered = {
        kind: {key: prop["description"].split("`")[1] for key, prop in schema_part["properties"].items() if " in " in prop.get("description", "") and "okrcoach reads it as" in prop["description"]}
        for kind, schema_part in (("set", schema), ("objective", schema["$defs"]["Objective"]), ("key_result", schema["$defs"]["KeyResult"]))
    }
    assert len(offered["key_result"]) > 100 and "udgangspunkt" in offered["key_result"] and "Zielwert" in offered["key_result"]
    for key, field in offered["key_result"].items():
        kr = {"text": "Raise NPS from 30 to 45"} if field != "text" else {}
        kr[key] = _SAMPLE.get(field, "Raise NPS from 30 to 45" if field == "text" else "x")
        result = read_text(json.dumps({"objectives": [{"title": "Win", "key_results": [kr]}]}, ensure_ascii=False), "x.okr.json", "json")
        assert [i.key for i in result.issues] == [], (key, field, result.issues)
        value = getattr(result.okr_set.objectives[0].key_results[0], field)
        assert value not in (None, [], False) or field in ("checkins", "waive"), (key, field)
    for key, field in offered["objective"].items():
        objective = {"title": "Win"} if field != "title" else {}
        objective[key] = _SAMPLE.get(field, [] if field in ("key_results",) else "Win")
        result = read_text(json.dumps({"objectives": [objective]}, ensure_ascii=False), "x.okr.json", "json")
        assert [i.key for i in result.issues if i.key != "nothing-found-json"] == [], (key, field, result.issues)


# -- init -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "da", "sv", "de", "fi", "hu"])
def test_init_writes_a_starter_the_rubric_explains(tmp_path, monkeypatch, capsys, validator, language):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["init", "--lang", language, "--team", "Kundeservice Nord", "--period", "2027-Q2"], capsys)
    path = tmp_path / "kundeservice-nord.okr.yaml"
    assert code == 0 and path.is_file() and "okrcoach lint kundeservice-nord.okr.yaml" in err and out == ""
    data = as_json(path)
    assert (data["team"], data["period"], data["language"]) == ("Kundeservice Nord", "2027-Q2", language)
    assert not list(validator.iter_errors(data))
    code, out, _ = run(["lint", "--format", "json", path.name], capsys)
    report = json.loads(out)
    key_results = report["files"][0]["key_results"]
    assert code == 1 and key_results >= 4
    codes = [f["code"] for f in report["findings"]]
    assert codes.count("OKR202") == key_results, "every key result's placeholder target is explained"
    assert set(codes) == {"OKR202"}, "the starter's only findings are the placeholders left to fill in"
    target = placeholders(language)["target"]
    assert all(target in f["message"] for f in report["findings"]), "explained in the starter's language"


def test_init_never_overwrites(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.okr.yaml").write_text("title: mine\n", encoding="utf-8")
    code, _, err = run(["init", "mine.okr.yaml"], capsys)
    assert code == 2 and "already exists" in err and "never overwrites" in err
    assert (tmp_path / "mine.okr.yaml").read_text(encoding="utf-8") == "title: mine\n"
    code, _, err = run(["init", "--period", "Q5 2027", "new.okr.yaml"], capsys)
    assert code == 2 and "2027-Q1" in err and not (tmp_path / "new.okr.yaml").exists()


def test_init_defaults(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run(["init"], capsys)[0] == 0
    data = as_json(tmp_path / "okrs.okr.yaml")
    assert data["period"] == next_quarter() and data["language"] == "en" and data["team"] == "<team>"
    assert starter_languages() == tuple(sorted(language_codes())), "a starter for every language"


def test_next_quarter():
    from datetime import date

    assert next_quarter(date(2026, 12, 6)) == "2027-Q1"
    assert next_quarter(date(2027, 4, 1)) == "2027-Q3"


# -- completion -----------------------------------------------------------------------------------


def _script(shell: str, capsys) -> str:
    code, out, _ = run(["completion", shell], capsys)
    assert code == 0 and out
    return out


def test_bash_completion_completes_commands_and_options(tmp_path, capsys):
    script = tmp_path / "okrcoach.bash"
    script.write_text(_script("bash", capsys), encoding="utf-8")

    def complete(*words: str) -> list[str]:
        line = " ".join(words)
        probe = f'source {script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; COMP_LINE=\'{line}\'; COMP_POINT=${{#COMP_LINE}}\n_shtab_okrcoach okrcoach\nprintf "%s\\n" "${{COMPREPLY[@]}}"\n'
        result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert "lint" in complete("okrcoach", "li")
    assert {"init", "schema", "completion"} <= set(complete("okrcoach", ""))
    assert "--statistics" in complete("okrcoach", "lint", "--stat")
    assert set(complete("okrcoach", "completion", "")) >= {"bash", "zsh", "fish"}


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_know_the_commands(capsys, tmp_path, shell):
    script = _script(shell, capsys)
    for word in ("lint", "init", "schema", "show-settings"):
        assert word in script
    binary = shutil.which(shell)
    if binary:  # the shell's own syntax check, where the shell is installed
        path = tmp_path / f"okrcoach.{shell}"
        path.write_text(script, encoding="utf-8")
        result = subprocess.run([binary, "-n", str(path)], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr


def test_lint_loads_neither_the_completer_nor_the_schema_validator(tmp_path):
    code = (
        "import sys\nfrom okrcoach.cli import main\n"
        f"main(['lint', '--exit-zero', '-q', {str(REPO / 'examples')!r}])\n"
        "print(sorted(m for m in ('shtab', 'jsonschema', 'okrcoach.schema_export', 'okrcoach.starter') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]"
