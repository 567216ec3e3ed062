"""The conventions people who lint in CI know from ruff: stdin sniffing, -V, concise output,
statistics, show-settings, show-files, -o suffixes, each file once, .gitignore and exclude,
extend and per-file-ignores in the config, status and tree defaults."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from okrcoach import __version__
from okrcoach.cli import main
from okrcoach.formats import format_for_path, sniff_format, write

REPO = Path(__file__).resolve().parents[1]
EXPORTS = REPO / "tests" / "data" / "exports"

ACTIVITY = """\
period: 2027-Q1
objectives:
  - title: Become the first choice for Nordic webshops
    key_results:
      - Raise trial-to-paid conversion from 8% to 12%
      - Analyse churn drivers
"""
CLEAN = """\
period: 2027-Q1
objectives:
  - title: Become the first choice for Nordic webshops
    key_results:
      - Raise trial-to-paid conversion from 8% to 12%
      - Grow qualified leads from 120 to 160 a month
"""


def run(args, capsys, monkeypatch=None, stdin: bytes | None = None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


def write_file(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. standard input and version ---------------------------------------------------------------


@pytest.mark.parametrize("export", sorted(p.name for p in EXPORTS.iterdir() if format_for_path(p)), ids=str)
def test_sniffing_tells_every_real_export_by_its_bytes(export):
    """Files as Notion, Confluence, Google Docs, Excel, Numbers and GitHub export them, and the
    YAML we expect from them: the sniffed format is the one their suffix names."""
    path = EXPORTS / export
    assert sniff_format(path.read_bytes()) == format_for_path(path)


def test_sniffing_json_front_matter_and_yaml_comments():
    from okrcoach.formats import read_bytes

    okr_set = read_bytes(CLEAN.encode(), "x.okr.yaml").okr_set
    assert sniff_format(write(okr_set, "json").encode()) == "json"
    assert sniff_format(write(okr_set, "md").encode()) == "md"
    assert sniff_format(write(okr_set, "csv").encode()) == "csv"
    assert sniff_format(b"# Team OKRs for Q1\n" + CLEAN.encode()) == "yaml", "a YAML comment is not a Markdown heading"
    assert sniff_format(b"---\nteam: Sales\n---\n# Objective 1: Win\n- KR1: Grow leads from 1 to 2\n") == "md"
    assert sniff_format(b"Objective: Win the north\n- Grow leads from 1 to 2\n") == "md"
    assert sniff_format(b"just some words\n") == "yaml", "unknown text goes to the YAML reader, which says what is wrong"


def test_stdin_dash_is_sniffed(workdir, capsys, monkeypatch):
    md = "## Objective: Delight customers\n- Analyse churn drivers\n"
    code, out, err = run(["lint", "--format", "json", "-"], capsys, monkeypatch, stdin=md.encode())
    data = json.loads(out)
    assert code == 1 and err == ""
    assert data["files"][0]["key_results"] == 1
    assert any(f["code"] == "OKR220" and f["line"] == 2 for f in data["findings"])
    csv = (EXPORTS / "excel-da-semikolon-bom.csv").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(csv)))
    code, out, _ = run(["lint", "--format", "json", "-"], capsys)
    assert json.loads(out)["files"][0]["objectives"] >= 1


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(capsys, flag):
    with pytest.raises(SystemExit) as exit_:
        main([flag])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"okrcoach {__version__}"


# -- 2. output ---------------------------------------------------------------------------------


def test_concise_is_one_grepable_line_per_finding(workdir, capsys):
    write_file(workdir / "team.okr.yaml", ACTIVITY)
    code, out, _ = run(["lint", "--format", "concise", "team.okr.yaml"], capsys)
    lines = out.splitlines()
    assert code == 1
    assert any(line.startswith("team.okr.yaml:6:1: OKR220 [warning] ") for line in lines), out
    assert lines[-1].startswith("Found ")
    code, quiet, _ = run(["lint", "--format", "concise", "-q", "team.okr.yaml"], capsys)
    assert quiet.splitlines() == lines[:-1]


def test_statistics_count_per_rule(workdir, capsys):
    write_file(workdir / "a.okr.yaml", ACTIVITY)
    write_file(workdir / "b.okr.yaml", ACTIVITY.replace("churn", "pricing"))
    code, out, _ = run(["lint", "--statistics"], capsys)
    assert code == 1
    rows = [line.split() for line in out.splitlines()[:-1]]
    assert ["2", "OKR220", "activity-key-result", "warning"] in rows
    assert [int(row[0]) for row in rows] == sorted((int(row[0]) for row in rows), reverse=True), "most frequent first"
    assert out.splitlines()[-1].endswith("in 2 files.")
    code, out, _ = run(["lint", "--statistics", "--format", "json"], capsys)
    data = json.loads(out)
    assert data["version"] == 1 and {"code": "OKR220", "name": "activity-key-result", "level": "warning", "count": 2, "files": 2} in data["statistics"]


def test_show_files_lists_what_would_be_linted_once(workdir, capsys):
    write_file(workdir / "a.okr.yaml", CLEAN)
    write_file(workdir / "team" / "b.okr.md", "# Objective: Win\n- Grow leads from 1 to 2\n")
    code, out, _ = run(["lint", "--show-files", ".", "a.okr.yaml", "team", "./team/b.okr.md"], capsys)
    assert code == 0 and out.splitlines() == ["a.okr.yaml", "team/b.okr.md"]


def test_a_file_named_twice_is_linted_once(workdir, capsys):
    write_file(workdir / "a.okr.yaml", ACTIVITY)
    code, out, _ = run(["lint", "--format", "json", "a.okr.yaml", "./a.okr.yaml", "."], capsys)
    data = json.loads(out)
    assert [f["path"] for f in data["files"]] == ["a.okr.yaml"]
    assert sum(f["code"] == "OKR220" for f in data["findings"]) == 1


def test_quiet_counts_every_file_read(workdir, capsys):
    write_file(workdir / "a.okr.yaml", CLEAN)
    write_file(workdir / "b.okr.yaml", CLEAN)
    code, out, _ = run(["lint", "--select", "OKR9", "-q"], capsys)
    assert code == 0 and out.strip() == "No findings in 2 files."


@pytest.mark.parametrize(("name", "kind"), [("report.json", "json"), ("report.sarif", "sarif"), ("report.sarif.json", "sarif"), ("report.txt", "text")])
def test_output_suffix_picks_the_format(workdir, capsys, name, kind):
    write_file(workdir / "a.okr.yaml", ACTIVITY)
    run(["lint", "-o", name, "a.okr.yaml"], capsys)
    text = (workdir / name).read_text(encoding="utf-8")
    if kind == "text":
        assert text.startswith("a.okr.yaml") and "OKR220" in text
    else:
        data = json.loads(text)
        assert ("runs" in data) == (kind == "sarif") and ("findings" in data) == (kind == "json")
    run(["lint", "--format", "concise", "-o", "x.json", "a.okr.yaml"], capsys)
    assert (workdir / "x.json").read_text(encoding="utf-8").startswith("a.okr.yaml:"), "--format wins over the suffix"


def test_show_settings_says_where_each_value_came_from(workdir, capsys):
    write_file(workdir / "okrcoach.toml", 'exclude = ["old/"]\n[lint]\nfail-level = "error"\nignore = ["OKR230"]\n[lint.per-file-ignores]\n"drafts/*" = ["OKR220"]\n[llm]\nmodel = "smollm2"\n')
    write_file(workdir / "team" / "okrcoach.toml", 'extend = "../okrcoach.toml"\n[lint]\nlanguage = "da"\n')
    write_file(workdir / "team" / "a.okr.yaml", CLEAN)
    code, out, _ = run(["lint", "--show-settings", "--select", "OKR2", "team/a.okr.yaml"], capsys)
    assert code == 0
    root, team = str(workdir / "okrcoach.toml"), str(workdir / "team" / "okrcoach.toml")
    # The config there says `language = "da"`: the text speaks Danish; keys, values and paths stay.
    assert out.startswith("Indstillinger for team/a.okr.yaml\n"), out
    assert f'language = "da"  # {team}' in out
    assert f'fail-level = "error"  # {root}' in out
    assert 'select = ["OKR2"]  # kommandolinjen' in out
    assert f'model = "smollm2"  # {root}' in out
    assert "respect-gitignore = true  # standard" in out
    code, out, _ = run(["lint", "--show-settings", "--select", "OKR2", "--language", "en", "team/a.okr.yaml"], capsys)
    assert 'select = ["OKR2"]  # command line' in out and "respect-gitignore = true  # default" in out
    code, out, _ = run(["lint", "--show-settings", "--format", "json", "team/a.okr.yaml"], capsys)
    data = json.loads(out)
    assert data["config"] == team and data["config_files"] == [root, team]
    assert data["lint"]["ignore"] == {"value": ["OKR230"], "source": root}
    assert "OKR230" not in data["rules"]["enabled"]


# -- 3. discovery and config ---------------------------------------------------------------------


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout


def test_discovery_agrees_with_git_on_nested_ignore_files(workdir, capsys):
    """Nested .gitignore files with anchored, folder-only, negated and ** patterns: okrcoach
    leaves out exactly what `git ls-files --others --exclude-standard` leaves out."""
    git(workdir, "init", "-q")
    write_file(workdir / ".gitignore", "drafts/\n*.tmp.okr.yaml\n/top-only.okr.yaml\n**/archive/**\n")
    write_file(workdir / "team" / ".gitignore", "!keep.tmp.okr.yaml\nlocal/*.okr.md\n")
    write_file(workdir / ".git" / "info" / "exclude", "secret.okr.yaml\n")
    names = [
        "a.okr.yaml",
        "top-only.okr.yaml",
        "team/top-only.okr.yaml",
        "drafts/x.okr.yaml",
        "team/drafts/y.okr.yaml",
        "scratch.tmp.okr.yaml",
        "team/keep.tmp.okr.yaml",
        "team/local/n.okr.md",
        "team/local/deeper/n.okr.md",
        "q/archive/old.okr.yaml",
        "q/archive/2026/old.okr.yaml",
        "secret.okr.yaml",
        "team/b.okr.csv",
    ]
    for name in names:
        write_file(workdir / name, CLEAN)
    expected = sorted(line for line in git(workdir, "ls-files", "--others", "--exclude-standard").splitlines() if ".okr." in line)
    code, out, _ = run(["lint", "--show-files"], capsys)
    assert sorted(out.splitlines()) == expected
    assert "a.okr.yaml" in expected and "team/keep.tmp.okr.yaml" in expected and "drafts/x.okr.yaml" not in expected
    code, out, _ = run(["lint", "--show-files", "--no-respect-gitignore"], capsys)
    assert sorted(out.splitlines()) == sorted(names)


def test_dot_ignore_wins_over_gitignore_and_config_can_turn_it_off(workdir, capsys):
    write_file(workdir / ".gitignore", "*.okr.md\n")
    write_file(workdir / ".ignore", "!shown.okr.md\n")
    write_file(workdir / "shown.okr.md", "# Objective: Win\n- Grow leads from 1 to 2\n")
    write_file(workdir / "hidden.okr.md", "# Objective: Win\n- Grow leads from 1 to 2\n")
    assert run(["lint", "--show-files"], capsys)[1].splitlines() == ["shown.okr.md"]
    write_file(workdir / "okrcoach.toml", "respect-gitignore = false\n")
    assert run(["lint", "--show-files"], capsys)[1].splitlines() == ["hidden.okr.md", "shown.okr.md"]
    assert run(["lint", "--show-files", "--respect-gitignore"], capsys)[1].splitlines() == ["shown.okr.md"]


def test_exclude_and_extend_exclude(workdir, capsys):
    for name in ("a.okr.yaml", "build/b.okr.yaml", "old/c.okr.yaml", "team/old/d.okr.yaml", "team/e.draft.okr.yaml"):
        write_file(workdir / name, CLEAN)
    assert run(["lint", "--show-files"], capsys)[1].splitlines() == ["a.okr.yaml", "old/c.okr.yaml", "team/e.draft.okr.yaml", "team/old/d.okr.yaml"]
    write_file(workdir / "okrcoach.toml", 'extend-exclude = ["/old/", "*.draft.okr.yaml"]\n')
    assert run(["lint", "--show-files"], capsys)[1].splitlines() == ["a.okr.yaml", "team/old/d.okr.yaml"]
    write_file(workdir / "okrcoach.toml", 'exclude = ["old"]\n')
    assert run(["lint", "--show-files"], capsys)[1].splitlines() == ["a.okr.yaml", "build/b.okr.yaml", "team/e.draft.okr.yaml"]
    # A file named on the command line is read anyway, unless --force-exclude (as in ruff).
    assert run(["lint", "--show-files", "old/c.okr.yaml"], capsys)[1].splitlines() == ["old/c.okr.yaml"]
    assert run(["lint", "--show-files", "--force-exclude", "old/c.okr.yaml"], capsys)[1].splitlines() == []


def test_extend_and_per_file_ignores(workdir, capsys):
    write_file(workdir / "okrcoach.toml", 'fail-level = "error"\n[lint.per-file-ignores]\n"drafts/" = ["activity-key-result"]\n')
    write_file(workdir / "team" / "okrcoach.toml", 'extend = "../okrcoach.toml"\n[lint]\nfail-level = "warning"\n')
    write_file(workdir / "team" / "a.okr.yaml", ACTIVITY)
    write_file(workdir / "team" / "drafts" / "b.okr.yaml", ACTIVITY)
    code, out, _ = run(["lint", "--format", "json", "team"], capsys)
    codes = {(f["path"], f["code"]) for f in json.loads(out)["findings"]}
    assert ("team/a.okr.yaml", "OKR220") in codes and ("team/drafts/b.okr.yaml", "OKR220") not in codes
    assert code == 1, "the team file's own fail-level (warning) is laid over the one it extends"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"okrcoach.toml": 'extend = "missing.toml"\n'}, "no such file"),
        ({"okrcoach.toml": 'extend = "b.toml"\n', "b.toml": 'extend = "okrcoach.toml"\n'}, "circle"),
        ({"okrcoach.toml": "[lint]\nselct = []\n"}, "did you mean `select`"),
        ({"okrcoach.toml": 'ignore = ["OKR201"]\n[lint]\nignore = ["OKR220"]\n'}, "both at the top and in [lint]"),
        ({"okrcoach.toml": 'exclude = "drafts"\nrespect-gitignore = "no"\n'}, "respect-gitignore"),
        ({"okrcoach.toml": '[lint.per-file-ignores]\n"x/*" = ["OKR999"]\n'}, "unknown rule `OKR999`"),
    ],
)
def test_bad_config_names_the_file(workdir, capsys, files, expected):
    for name, text in files.items():
        write_file(workdir / name, text)
    write_file(workdir / "x" / "a.okr.yaml", CLEAN)
    code, _, err = run(["lint", "x"], capsys)
    assert code == 2 and expected in err and "okrcoach.toml" in err + "".join(files)


def test_one_config_serves_lint_and_llm(workdir):
    from okrcoach.config import discover_config
    from okrcoach.settings import load_settings

    write_file(workdir / "base.toml", '[lint]\nfail-level = "error"\n[llm]\nmodel = "from-base"\ntimeout = 9\n')
    write_file(workdir / "pyproject.toml", '[tool.okrcoach]\nextend = "base.toml"\n\n[tool.okrcoach.llm]\nmodel = "smollm2"\n')
    config = discover_config(workdir)
    assert config.lint.fail_level == "error" and config.llm == {"model": "smollm2", "timeout": 9}
    settings = load_settings({}, environ={}, cwd=workdir, user_config=workdir / "none.toml")
    assert (settings.model, settings.timeout) == ("smollm2", 9)
    assert settings.sources["model"].endswith("pyproject.toml") and settings.sources["timeout"].endswith("base.toml")


# -- status and tree -----------------------------------------------------------------------------


def test_status_and_tree_default_to_here_and_tree_has_json(capsys, monkeypatch):
    monkeypatch.chdir(REPO / "examples")
    code, out, _ = run(["status"], capsys)
    assert code == 0 and "marketing.okr.yaml" in out and "salg.okr.md" in out
    code, out, _ = run(["tree", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["version"] == 1
    assert {f["path"] for f in data["files"]} == {"marketing.okr.yaml", "salg.okr.md"}
    first = data["objectives"][0]
    assert first["id"] == f"{first['path']}#O1" and "children" in first and "parent" in first


# -- README ------------------------------------------------------------------------------------


def _readme_block(after: str, fence: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"```{fence}\n", text.index(after)) + len(fence) + 4
    return text[start : text.index("```", start)]


def test_readme_first_command_ends_with_exit_0_and_says_why(capsys, monkeypatch):
    command = _readme_block("On a fresh machine", "sh").strip()
    assert command.endswith("okrcoach lint --exit-zero examples/")
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "flawed on purpose" in text[: text.index("## Linting")]
    monkeypatch.chdir(REPO)
    code, out, _ = run(["lint", "--exit-zero", "examples/"], capsys)
    assert code == 0 and out.rstrip().splitlines()[-1].startswith("Found "), "the examples have findings, on purpose"


def test_readme_config_example_is_valid(tmp_path):
    from okrcoach.config import load_config

    (tmp_path / "okrcoach.toml").write_text("", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    block = _readme_block("### Configuration", "toml")
    (tmp_path / "sub" / "pyproject.toml").write_text(block, encoding="utf-8")
    config = load_config(tmp_path / "sub" / "pyproject.toml")
    assert config.lint.ignore == ("output-key-result",) and config.lint.thresholds["max-key-results"] == 4
    assert config.lint.levels == {"OKR240": "info"} and len(config.lint.per_file_ignores) == 2
    assert config.llm["model"] == "llama3.1"
    assert [p.name for p in config.files] == ["okrcoach.toml", "pyproject.toml"], "extend reads the file it names first"


def test_status_and_tree_leave_out_what_lint_leaves_out(workdir, capsys):
    write_file(workdir / "a.okr.yaml", CLEAN)
    write_file(workdir / "drafts" / "b.okr.yaml", CLEAN.replace("Nordic", "Baltic"))
    write_file(workdir / "old" / "c.okr.yaml", CLEAN.replace("Nordic", "German"))
    write_file(workdir / ".gitignore", "drafts/\n")
    write_file(workdir / "okrcoach.toml", 'extend-exclude = ["old/"]\n')
    code, out, _ = run(["tree", "--format", "json"], capsys)
    assert [f["path"] for f in json.loads(out)["files"]] == ["a.okr.yaml"]
    code, out, _ = run(["status", "--format", "json"], capsys)
    assert "drafts/b.okr.yaml" not in out and "old/c.okr.yaml" not in out and "a.okr.yaml" in out


def test_the_pre_commit_hook_leaves_out_what_the_config_excludes(workdir, capsys):
    """pre-commit names every staged file on the command line, so the hook's entry must ask for
    --force-exclude, or the config's `exclude` and `extend-exclude` do nothing under pre-commit."""
    import shlex

    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = shlex.split(next(h for h in hooks if h["id"] == "okrcoach")["entry"])
    assert entry[0] == "okrcoach"
    write_file(workdir / "okrcoach.toml", 'extend-exclude = ["drafts/"]\n')
    write_file(workdir / "a.okr.yaml", CLEAN)
    write_file(workdir / "drafts" / "b.okr.yaml", CLEAN)
    assert run([*entry[1:], "--show-files", "a.okr.yaml", "drafts/b.okr.yaml"], capsys)[1].splitlines() == ["a.okr.yaml"]
