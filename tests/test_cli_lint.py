"""`okrcoach lint` end to end: formats, exit codes, config, stdin, waivers, bad input."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from okrcoach.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

GOOD = """\
period: 2027-Q1
objectives:
  - title: Become the first choice for Nordic webshops
    key_results:
      - Raise trial-to-paid conversion from 8% to 12%
      - Grow qualified leads from 120 to 160 a month
"""


def run(args: list[str], capsys, monkeypatch=None, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_examples_have_real_findings_and_exit_1(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, err = run(["lint", "examples"], capsys)
    assert code == 1
    assert "examples/marketing.okr.yaml" in out and "examples/salg.okr.md" in out
    for expected in ("OKR221 output-key-result", "OKR220 activity-key-result", "OKR203 milestone-key-result", "OKR230 maintain-key-result"):
        assert expected in out
    assert "fix:" in out
    assert out.rstrip().splitlines()[-1].startswith("Found ")
    assert err == ""


def test_clean_file_exits_0(workdir, capsys):
    write(workdir / "good.okr.yaml", GOOD)
    code, out, _ = run(["lint", "good.okr.yaml"], capsys)
    assert code == 0, out
    assert "No findings in 1 file." in out


def test_json_follows_the_versioned_contract(workdir, capsys):
    write(workdir / "a.okr.yaml", GOOD.replace("Grow qualified leads from 120 to 160 a month", "Analyse churn drivers"))
    code, out, _ = run(["lint", "--format", "json", "a.okr.yaml"], capsys)
    data = json.loads(out)
    assert code == 1
    assert data["version"] == 1
    assert data["files"] == [{"path": "a.okr.yaml", "language": "en", "period": "2027-Q1", "objectives": 1, "key_results": 2}]
    required = {"path", "line", "code", "name", "category", "level", "target", "objective_index", "key_result_index", "message", "fix"}
    assert data["findings"], out
    for finding in data["findings"]:
        assert required <= finding.keys()
        assert finding["level"] in ("error", "warning", "info")
        assert finding["target"] in ("set", "objective", "key_result")
        assert finding["category"] in ("measurable", "time-bound", "outcome", "kpi", "baseline", "objective", "structure", "format")
    activity = next(f for f in data["findings"] if f["code"] == "OKR220")
    assert activity == {**activity, "line": 6, "target": "key_result", "objective_index": 0, "key_result_index": 1, "name": "activity-key-result", "category": "outcome"}
    assert data["summary"] == {level: sum(f["level"] == level for f in data["findings"]) for level in ("error", "warning", "info")}


def test_sarif_and_github_formats(workdir, capsys):
    write(workdir / "a.okr.yaml", GOOD.replace("Grow qualified leads from 120 to 160 a month", "Analyse churn drivers"))
    code, out, _ = run(["lint", "--format", "sarif", "a.okr.yaml"], capsys)
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    rule_ids = {r["id"] for r in run_["tool"]["driver"]["rules"]}
    assert "OKR220" in rule_ids
    result = next(r for r in run_["results"] if r["ruleId"] == "OKR220")
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    assert result["partialFingerprints"]
    code, out, _ = run(["lint", "--format", "github", "a.okr.yaml"], capsys)
    assert "::warning file=a.okr.yaml,line=6,title=OKR220 activity-key-result::" in out
    assert out.startswith("::group::a.okr.yaml")


def test_sarif_uris_are_uri_references_for_names_with_spaces_and_absolute_paths(workdir, capsys, tmp_path_factory):
    """GitHub's upload-sarif rejects an `artifactLocation.uri` that is not an RFC 3986 URI reference;
    a Notion export is named `Q1 OKRs 8f2a….md`, and a file outside the working folder is absolute."""
    import re
    from urllib.parse import unquote

    bad = GOOD.replace("Grow qualified leads from 120 to 160 a month", "Analyse churn drivers")
    write(workdir / "okrs" / "Q1 OKRs: Growth 8f2a.okr.yaml", bad)
    elsewhere = tmp_path_factory.mktemp("shared drive") / "a.okr.yaml"
    write(elsewhere, bad)
    _, out, _ = run(["lint", "--format", "sarif", "okrs/Q1 OKRs: Growth 8f2a.okr.yaml", str(elsewhere)], capsys)
    uris = sorted({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]})
    reference = re.compile(r"(?:file://)?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")
    assert all(reference.fullmatch(uri) for uri in uris), uris
    assert uris == [elsewhere.as_uri(), "okrs/Q1%20OKRs%3A%20Growth%208f2a.okr.yaml"]
    assert unquote(uris[1]) == "okrs/Q1 OKRs: Growth 8f2a.okr.yaml"


def test_github_format_is_automatic_under_github_actions(workdir, capsys, monkeypatch):
    write(workdir / "a.okr.yaml", GOOD)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(["lint", "a.okr.yaml"], capsys)
    assert out.startswith("::group::")


def test_fail_level_and_exit_zero(workdir, capsys):
    write(workdir / "a.okr.yaml", GOOD.replace("Grow qualified leads from 120 to 160 a month", "Analyse churn drivers"))
    assert run(["lint", "a.okr.yaml"], capsys)[0] == 1
    assert run(["lint", "--fail-level", "error", "a.okr.yaml"], capsys)[0] == 0
    assert run(["lint", "--exit-zero", "a.okr.yaml"], capsys)[0] == 0
    write(workdir / "one.okr.yaml", "period: 2027-Q1\nobjectives:\n  - title: Delight customers\n    key_results: [Raise NPS from 31 to 45]\n")
    assert run(["lint", "one.okr.yaml"], capsys)[0] == 0  # only an info finding
    assert run(["lint", "--fail-level", "info", "one.okr.yaml"], capsys)[0] == 1


def test_select_ignore_and_unknown_rule(workdir, capsys):
    write(workdir / "a.okr.yaml", GOOD.replace("Grow qualified leads from 120 to 160 a month", "Analyse churn drivers"))
    code, out, _ = run(["lint", "--format", "json", "--ignore", "OKR220,key-result-without-target", "a.okr.yaml"], capsys)
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert "OKR220" not in codes and "OKR201" not in codes
    code, out, _ = run(["lint", "--format", "json", "--select", "outcome", "a.okr.yaml"], capsys)
    assert {f["category"] for f in json.loads(out)["findings"]} == {"outcome"}
    code, out, err = run(["lint", "--select", "OKR22O", "a.okr.yaml"], capsys)
    assert code == 2
    assert "unknown rule `OKR22O`" in err and "did you mean OKR220" in err


def test_config_discovery_nearest_wins(workdir, capsys):
    write(workdir / "pyproject.toml", '[tool.okrcoach]\nignore = ["OKR220"]\n')
    write(workdir / "team" / "okrcoach.toml", 'ignore = ["OKR201"]\n')
    text = GOOD.replace("Grow qualified leads from 120 to 160 a month", "Analyse churn drivers")
    write(workdir / "a.okr.yaml", text)
    write(workdir / "team" / "b.okr.yaml", text)
    _, out, _ = run(["lint", "--format", "json", "."], capsys)
    by_file: dict[str, set[str]] = {}
    for f in json.loads(out)["findings"]:
        by_file.setdefault(f["path"], set()).add(f["code"])
    assert "OKR220" not in by_file["a.okr.yaml"] and "OKR201" in by_file["a.okr.yaml"]
    assert "OKR201" not in by_file["team/b.okr.yaml"] and "OKR220" in by_file["team/b.okr.yaml"]
    _, out, _ = run(["lint", "--format", "json", "--isolated", "a.okr.yaml"], capsys)
    assert {"OKR201", "OKR220"} <= {f["code"] for f in json.loads(out)["findings"]}


def test_config_levels_thresholds_and_fail_level(workdir, capsys):
    write(workdir / "okrcoach.toml", 'fail-level = "error"\n[levels]\nactivity-key-result = "error"\n[thresholds]\nmax-key-results = 1\n')
    write(workdir / "a.okr.yaml", GOOD.replace("Grow qualified leads from 120 to 160 a month", "Analyse churn drivers"))
    code, out, _ = run(["lint", "--format", "json", "a.okr.yaml"], capsys)
    findings = json.loads(out)["findings"]
    assert next(f for f in findings if f["code"] == "OKR220")["level"] == "error"
    assert any(f["code"] == "OKR303" for f in findings)
    assert code == 1


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('selct = ["OKR201"]\n', "unknown key `selct`"),
        ('fail-level = "warn"\n', "did you mean `warning`"),
        ('language = "dk"\n', "language `dk`"),
        ("[thresholds]\nmax-krs = 3\n", "unknown threshold `max-krs`"),
        ('ignore = ["OKR999"]\n', "unknown rule `OKR999`"),
        ("this is not toml\n", "not valid TOML"),
        ('[levels]\nOKR307 = "info"\nambiguous-metric = "error"\n', "line 3 sets the level of OKR307 twice, as `OKR307` and as `ambiguous-metric`"),
        ('levels = { "ambiguous-metric" = "info", OKR307 = "info" }\n', "line 1 sets the level of OKR307 twice"),
    ],
)
def test_bad_config_exits_2_with_suggestion(workdir, capsys, config, expected):
    write(workdir / "okrcoach.toml", config)
    write(workdir / "a.okr.yaml", GOOD)
    code, out, err = run(["lint", "a.okr.yaml"], capsys)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err


def test_explicit_config_file(workdir, capsys):
    write(workdir / "conf" / "strict.toml", 'fail-level = "info"\n')
    write(workdir / "one.okr.yaml", "period: 2027-Q1\nobjectives:\n  - title: Delight customers\n    key_results: [Raise NPS from 31 to 45]\n")
    assert run(["lint", "--config", "conf/strict.toml", "one.okr.yaml"], capsys)[0] == 1
    code, _, err = run(["lint", "--config", "missing.toml", "one.okr.yaml"], capsys)
    assert code == 2 and "config file not found" in err


def test_stdin_format_is_sniffed_or_given(workdir, capsys, monkeypatch):
    code, out, err = run(["lint", "--format", "json", "-"], capsys, monkeypatch, stdin=GOOD)
    assert code == 0 and err == ""
    assert json.loads(out)["files"][0]["key_results"] == 2
    code, out, _ = run(["lint", "--input-format", "yaml", "--format", "json", "-"], capsys, monkeypatch, stdin=GOOD)
    assert code == 0
    assert json.loads(out)["files"][0]["path"] == "-"
    md = "## Objective: Delight customers\n- Analyse churn drivers\n"
    code, out, _ = run(["lint", "--stdin-filename", "team.okr.md", "--format", "json", "-"], capsys, monkeypatch, stdin=md)
    data = json.loads(out)
    assert data["files"][0]["path"] == "team.okr.md"
    assert any(f["code"] == "OKR220" and f["line"] == 2 for f in data["findings"])


def test_directory_discovery_only_picks_okr_files(workdir, capsys):
    write(workdir / "okrs" / "team.okr.yaml", GOOD)
    write(workdir / "okrs" / "notes.yaml", "not: okrs\n")
    write(workdir / "okrs" / ".hidden" / "x.okr.yaml", "broken: [\n")
    write(workdir / "okrs" / "node_modules" / "y.okr.yaml", "broken: [\n")
    _, out, _ = run(["lint", "--format", "json", "okrs"], capsys)
    assert [f["path"] for f in json.loads(out)["files"]] == ["okrs/team.okr.yaml"]


def test_missing_path_is_a_usage_error(workdir, capsys):
    code, _, err = run(["lint", "nope.okr.yaml"], capsys)
    assert code == 2 and "no such file or directory: nope.okr.yaml" in err


def test_broken_file_is_a_finding_and_others_are_still_linted(workdir, capsys):
    write(workdir / "broken.okr.yaml", "objectives:\n  - title: Grow\n    key_results: [\n      - x\n")
    write(workdir / "good.okr.yaml", GOOD)
    code, out, _ = run(["lint", "--format", "json", "broken.okr.yaml", "good.okr.yaml"], capsys)
    data = json.loads(out)
    assert code == 1
    broken = [f for f in data["findings"] if f["path"] == "broken.okr.yaml"]
    assert broken[0]["code"] == "OKR002" and broken[0]["level"] == "error" and broken[0]["line"]
    assert "line" in broken[0]["message"]
    assert [f["path"] for f in data["files"]] == ["broken.okr.yaml", "good.okr.yaml"]


def test_unknown_field_suggests_the_known_one(workdir, capsys):
    write(workdir / "a.okr.yaml", GOOD.replace("      - Raise trial-to-paid conversion from 8% to 12%\n", "      - text: Raise trial-to-paid conversion to 12%\n        baselin: 8\n"))
    _, out, _ = run(["lint", "--format", "json", "a.okr.yaml"], capsys)
    unknown = next(f for f in json.loads(out)["findings"] if f["code"] == "OKR003")
    assert unknown["line"] == 6
    assert "`baseline`" in unknown["fix"]


def test_waivers_suppress_and_unused_waivers_are_reported(workdir, capsys):
    text = """\
period: 2027-Q1
objectives:
  - title: Understand our churn
    key_results:
      - text: Analyse churn drivers with 20 customer interviews
        waive: [{code: output-key-result, reason: research quarter agreed with the CEO}]
      - text: Cut monthly churn from 3% to 2%
        waive: [{code: OKR220, reason: no longer needed}]
      - text: Analyse pricing
        waive: [{code: OKR2200, reason: typo}]
"""
    write(workdir / "w.okr.yaml", text)
    _, out, _ = run(["lint", "--format", "json", "w.okr.yaml"], capsys)
    findings = json.loads(out)["findings"]
    assert not any(f["code"] == "OKR221" for f in findings)
    unused = [f for f in findings if f["code"] == "OKR900"]
    assert [u["line"] for u in unused] == [8, 10]
    assert "did you mean OKR220" in unused[1]["message"]


def test_waiver_without_reason_is_an_error(workdir, capsys):
    write(workdir / "w.okr.yaml", GOOD.replace("      - Raise trial-to-paid conversion from 8% to 12%\n", "      - text: Analyse churn\n        waive: [{code: OKR220}]\n"))
    code, out, _ = run(["lint", "--format", "json", "w.okr.yaml"], capsys)
    assert any(f["code"] == "OKR901" and f["level"] == "error" for f in json.loads(out)["findings"])
    assert code == 1


def test_markdown_waiver_comment(workdir, capsys):
    text = "# Team OKRs 2027-Q1\n\n## Objective: Understand churn\n\n- Analyse churn drivers <!-- okrcoach: waive OKR220 research quarter -->\n- Cut monthly churn from 3% to 2%\n"
    write(workdir / "t.okr.md", text)
    _, out, _ = run(["lint", "--format", "json", "t.okr.md"], capsys)
    codes = [(f["code"], f["line"]) for f in json.loads(out)["findings"]]
    assert ("OKR220", 5) not in codes
    assert ("OKR201", 5) in codes


def test_colour_only_on_request(workdir, capsys, monkeypatch):
    write(workdir / "a.okr.yaml", GOOD.replace("Grow qualified leads from 120 to 160 a month", "Analyse churn drivers"))
    _, out, _ = run(["lint", "a.okr.yaml"], capsys)
    assert "\033[" not in out
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(["lint", "a.okr.yaml"], capsys)
    assert "\033[33m" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(["lint", "a.okr.yaml"], capsys)
    assert "\033[" not in out


def test_output_file(workdir, capsys):
    write(workdir / "a.okr.yaml", GOOD)
    code, out, _ = run(["lint", "--format", "sarif", "-o", "report.sarif", "a.okr.yaml"], capsys)
    assert out == ""
    assert json.loads((workdir / "report.sarif").read_text())["version"] == "2.1.0"


def test_rules_and_rule_commands(capsys):
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    assert "OKR201  key-result-without-target" in out
    code, out, _ = run(["rules", "--format", "json"], capsys)
    rules = json.loads(out)["rules"]
    assert {"OKR201", "OKR210", "OKR220", "OKR230"} <= {r["code"] for r in rules}
    code, out, _ = run(["rule", "activity-key-result"], capsys)
    assert code == 0
    assert out.startswith("OKR220 activity-key-result")
    assert "Why:" in out and "Fix:" in out and "✗ Analyse customer feedback" in out
    code, _, err = run(["rule", "OKR2O1"], capsys)
    assert code == 2 and "did you mean OKR201" in err


def test_parsed_rubric_cache_follows_rule_changes(tmp_path, monkeypatch):
    from okrcoach.paths import bundled_dir
    from okrcoach.rubric import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    extra = tmp_path / "rules"
    extra.mkdir()
    rule = (bundled_dir("rubrics") / "key-result" / "bare-metric.yaml").read_text().replace("OKR232", "OKR999").replace("name: bare-metric", "name: my-rule")
    (extra / "my-rule.yaml").write_text(rule)
    folders = (bundled_dir("rubrics"), extra)
    first = cache.cache_file(folders)
    cache.store_rubric(folders, cache.parse_rubric(folders))
    assert first.is_file() and cache.cached_rubric(folders).find("OKR999") is not None
    (extra / "my-rule.yaml").write_text(rule.replace("level: warning", "level: error"))
    os.utime(extra / "my-rule.yaml", ns=(1, 1))
    assert cache.cache_file(folders) != first, "a changed rule file must not be served from the cache"
    monkeypatch.setenv("OKRCOACH_NO_CACHE", "1")
    assert cache.cache_file(folders) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pyproject.toml", '[tool.okrcoach]\nfail-level = "error"\n\n[tool.okrcoach.llm]\nmodel = "smollm2"\nbase-url = "http://localhost:8080/v1"\n'),
        ("okrcoach.toml", 'fail-level = "error"\n\n[llm]\nmodel = "smollm2"\nmax-tokens = 1200\n'),
        ("pyproject.toml", '[tool.okrcoach.llm]\nmodel = "smollm2"\n'),
    ],
)
def test_llm_table_is_accepted_by_lint(workdir, capsys, name, content):
    """The README's `[tool.okrcoach.llm]` / `[llm]` config must not break `okrcoach lint` (it did: exit 2)."""
    write(workdir / name, content)
    write(workdir / "a.okr.yaml", GOOD)
    code, _, err = run(["lint", "a.okr.yaml"], capsys)
    assert code == 0, err
    assert "unknown key" not in err


def test_llm_key_that_is_not_a_table_is_a_clear_error(workdir, capsys):
    write(workdir / "okrcoach.toml", 'llm = "smollm2"\n')
    write(workdir / "a.okr.yaml", GOOD)
    code, _, err = run(["lint", "a.okr.yaml"], capsys)
    assert code == 2 and "`llm`" in err and "must be a table" in err


def test_a_partly_read_markdown_file_is_never_reported_clean(workdir, capsys):
    write(
        workdir / "team.okr.md",
        "# Sales OKRs Q1 2027\n\n## Objective 1: Grow repeat sales\n\n"
        "- KR1: Raise repeat orders from 120 to 156 a month by 31 March 2027\n"
        "- KR2: Win 12 new accounts by 31 March 2027, up from 8\n"
        "- ~~KR3: Launch the loyalty app~~\n",
    )
    code, out, _ = run(["lint", "team.okr.md"], capsys)
    assert code == 1
    assert "7  warning  OKR006 unread-line  key result `Launch the loyalty app` is struck through" in out
    assert "No findings" not in out


def test_lint_runs_with_the_cycle_collector_paused_and_leaves_it_as_it_was(workdir, capsys, monkeypatch):
    import gc

    from okrcoach.cli import lint as lint_command

    seen = []
    real = lint_command._lint
    monkeypatch.setattr(lint_command, "_lint", lambda args: seen.append(gc.isenabled()) or real(args))
    (workdir / "good.okr.yaml").write_text(GOOD, encoding="utf-8")
    assert gc.isenabled()
    assert run(["lint", "good.okr.yaml"], capsys)[0] == 0
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        assert run(["lint", "missing.okr.yaml"], capsys)[0] == 2  # a usage error on the way out too
        assert not gc.isenabled()  # paused by the caller: left paused
    finally:
        gc.enable()
    seen.clear()
    assert run(["lint", "missing.okr.yaml"], capsys)[0] == 2
    assert seen == [False] and gc.isenabled()
