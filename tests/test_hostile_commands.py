"""Crash-proofing: every command, run as a real program, on every hostile case.

Each case once gave an internal error, a hang or an escape sequence on the terminal. Commands that
take many files get the whole hostile folder at once; the others run once per case. A timeout
turns a hang into a quick failure. Nothing may say "internal error", and no byte of an escape
sequence from a file may reach standard output or standard error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import hostile

pytestmark = pytest.mark.slow
TIMEOUT = 30


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    laid_out = hostile.build(tmp_path_factory.mktemp("hostile"))
    yield laid_out
    hostile.unlock(laid_out)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "OKRCOACH", "AZURE", "GITHUB", "FORCE_COLOR"))}
    return {**keep, "XDG_CONFIG_HOME": str(home / "c"), "XDG_STATE_HOME": str(home / "s"), "XDG_CACHE_HOME": str(home / "k"), "OKRCOACH_STATE_DIR": str(home / "s" / "okrcoach"), "NO_COLOR": "1"}


def okrcoach(args: list[str], cwd: Path, env: dict, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run([sys.executable, "-m", "okrcoach", *(os.fsencode(a) for a in args)], cwd=cwd, env=env, stdin=stdin, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"`okrcoach {' '.join(args)[:200]}` hung for {TIMEOUT} s") from exc
    for name, stream in (("stdout", done.stdout), ("stderr", done.stderr)):
        text = stream.decode("utf-8", "replace")
        assert "internal error" not in text and "Traceback" not in text, f"`okrcoach {' '.join(args)[:200]}` {name}:\n{text[-3000:]}"
        for forbidden in hostile.FORBIDDEN_BYTES:
            assert forbidden not in stream, f"`okrcoach {' '.join(args)[:200]}` wrote {forbidden!r} raw to {name}:\n{text[-2000:]!r}"
        stream.decode("utf-8")  # whatever it wrote is valid UTF-8
    assert hostile.OUTSIDE_SECRET not in (done.stdout + done.stderr).decode("utf-8", "replace"), "text behind a link out of the tree was quoted"
    return done


def names_in(text: str, cases) -> set[str]:
    return {name for name in [*cases.files, *(p.name for p in cases.specials.values())] if name in text}


EXPECTED_FINDINGS = {
    "fifo.okr.yaml": "named pipe",
    "zero.okr.yaml": "outside",
    "loop.okr.yaml": "loop",
    "outside.okr.yaml": "outside",
    "dangling.okr.yaml": "does not exist",
}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_lint_reports_every_hostile_file_and_still_lints_the_rest(cases, env, fmt):
    done = okrcoach(["lint", "--isolated", "--format", fmt, "tree"], cases.root, env)
    assert done.returncode == 1, done.stderr.decode()
    out = done.stdout.decode()
    assert "tree/outside-folder is a symbolic link to the folder" in done.stderr.decode(), "a link to a folder elsewhere is noted"
    if fmt == "json":
        report = json.loads(out)
        by_path: dict[str, list[dict]] = {}
        for finding in report["findings"]:
            by_path.setdefault(Path(finding["path"]).name, []).append(finding)
        for name, words in EXPECTED_FINDINGS.items():
            assert any(words in f["message"] for f in by_path.get(name, [])), (name, by_path.get(name))
        assert "good.okr.yaml" in {Path(f["path"]).name for f in report["files"]} and "good.okr.yaml" not in by_path
        for name in ("big-number.okr.yaml", "big-number.okr.json", "bad-int-tag.okr.yaml", "bad-timestamp-tag.okr.yaml", "bad-date.okr.yaml", "huge-current.okr.yaml", "infinite.okr.json"):
            assert any(f["code"] == "OKR004" for f in by_path[name]), (name, by_path.get(name))
        for name in ("surrogate.okr.json", "surrogate.okr.yaml", "escape.okr.yaml", "escape.okr.json", "escape.okr.md", "escape.okr.csv"):
            assert any(f["code"] == "OKR007" for f in by_path[name]), (name, by_path.get(name))
        escaped = [f for f in report["findings"] if "\x1b" in f["message"] or "\x1b" in (f["evidence"] or "")]
        assert escaped, "JSON keeps the text faithful (escaped as \\u001b)"
        assert "\\u001b]0;PWNED\\u0007" in out
        paths = {Path(f["path"]).name for f in report["findings"]}
        assert hostile.ESCAPE_NAME in {Path(f["path"]).name for f in report["files"]} | paths
        if cases.unreadable is not None:
            assert any("locked" in f["path"] and "cannot list" in f["message"] for f in report["findings"])
    elif fmt == "sarif":
        sarif = json.loads(out)
        assert sarif["runs"][0]["results"]
    else:
        missing = {"good.okr.yaml", *EXPECTED_FINDINGS} - names_in(out, cases)
        assert not missing, out[-3000:]
        if fmt == "text":
            assert "␛]0;PWNED␇" in out, "an escape is shown, visibly, where it is"


def test_lint_of_each_hostile_path_named_explicitly(cases, env):
    paths = [str(p.relative_to(cases.tree)) for p in cases.all_paths() if p.name != "outside-folder"]
    done = okrcoach(["lint", "--isolated", "--format", "json", *paths], cases.tree, env)
    assert done.returncode == 1, done.stderr.decode()
    report = json.loads(done.stdout)
    reported = {Path(f["path"]).name for f in report["findings"]} | {Path(f["path"]).name for f in report["files"]}
    assert {p.name for p in cases.specials.values() if p.name != "outside-folder"} <= reported


def test_lint_of_a_path_too_long_is_a_usage_error(cases, env):
    done = okrcoach(["lint", "tree/" + "a/" * 3000 + "x.okr.yaml"], cases.root, env)
    assert done.returncode == 2 and b"no such file" in done.stderr


def test_lint_standard_input_from_dev_zero_ends_with_a_finding(cases, env):
    with open("/dev/zero", "rb") as zero:
        done = okrcoach(["lint", "--isolated", "--format", "json", "--input-format", "yaml", "-"], cases.root, env, stdin=zero)
    assert done.returncode == 1
    finding = json.loads(done.stdout)["findings"][0]
    assert finding["code"] == "OKR001" and "limit" in finding["message"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_status_reads_what_it_can_and_names_the_rest(cases, env, fmt):
    done = okrcoach(["status", "--format", fmt, "--at", "2027-02-01", "tree"], cases.root, env)
    assert done.returncode == 1, done.stderr.decode()
    out = done.stdout.decode()
    assert {"good.okr.yaml", "escape.okr.yaml", *EXPECTED_FINDINGS} <= names_in(out, cases)
    if fmt == "json":
        data = json.loads(out)
        assert any(f["path"].endswith("surrogate.okr.json") for f in data["files"])


def test_tree_reads_what_it_can_and_names_the_rest(cases, env):
    done = okrcoach(["tree", "tree"], cases.root, env)
    assert done.returncode == 1
    assert "good.okr.yaml" in done.stdout.decode()
    assert {"fifo.okr.yaml", "loop.okr.yaml", "zero.okr.yaml"} <= names_in(done.stderr.decode(), cases)


CHECKIN_CASES = [n for n in hostile.SEEDS] + [hostile.ESCAPE_NAME, hostile.UNDECODABLE_NAME, "fifo.okr.yaml", "loop.okr.yaml", "zero.okr.yaml", "outside.okr.yaml", "dangling.okr.yaml"]


UNREADABLE = ("fifo.okr.yaml", "zero.okr.yaml", "loop.okr.yaml", "dangling.okr.yaml", "outside.okr.yaml")


@pytest.mark.parametrize("name", CHECKIN_CASES)
def test_checkin_on_each_hostile_file(tmp_path, env, name):
    cases = hostile.build(tmp_path)
    try:
        done = okrcoach(["checkin", name, "O1.KR2", "4", "--date", "2027-02-01", "--note", "fine \x1b[2J"], cases.tree, env)
    finally:
        hostile.unlock(cases)
    assert done.returncode in (0, 1, 2)
    if name in UNREADABLE:
        assert done.returncode == 2 and b"cannot read" in done.stderr


@pytest.mark.parametrize("value", [hostile.BIG, hostile.HUGE, "1e999", "\x1b]0;PWNED\x07"], ids=["4400-digits", "400-digits", "1e999", "escape"])
def test_checkin_refuses_unusable_values(tmp_path, env, value):
    (tmp_path / "good.okr.yaml").write_bytes(hostile.GOOD)
    done = okrcoach(["checkin", "good.okr.yaml", "O1.KR1", value], tmp_path, env)
    assert done.returncode == 2
    assert (tmp_path / "good.okr.yaml").read_bytes() == hostile.GOOD, "nothing is written"


# improve reads through the same gate and readers as checkin; one case per kind keeps it quick.
IMPROVE_CASES = [*UNREADABLE, "escape.okr.yaml", "escape.okr.csv", "surrogate.okr.json", "big-number.okr.json", "huge-current.okr.yaml", hostile.ESCAPE_NAME, hostile.UNDECODABLE_NAME]


@pytest.mark.parametrize("name", IMPROVE_CASES)
def test_improve_reads_each_hostile_file_safely(cases, env, name):
    done = okrcoach(["improve", name], cases.tree, env)
    assert done.returncode in (0, 1, 2, 3)  # 3: no LLM is configured, after the file was read
    if name in UNREADABLE:
        assert done.returncode == 2 and b"cannot read" in done.stderr


@pytest.mark.parametrize("name", ["fifo.okr.yaml", "zero.okr.yaml", "loop.okr.yaml", "outside.okr.yaml", "escape.okr.yaml"])
def test_draft_context_file_is_read_through_the_gate(cases, env, name):
    done = okrcoach(["draft", "Grow webshop sales", "--context", name], cases.tree, env)
    if name == "escape.okr.yaml":
        assert done.returncode == 3  # read; then no LLM is configured
    else:
        assert done.returncode == 2 and b"cannot read --context" in done.stderr


@pytest.mark.parametrize("goal", [os.fsdecode(b"Grow \xff sales"), f"Grow {hostile.TITLE} sales"], ids=["not-utf8", "escape"])
def test_draft_refuses_a_goal_that_is_not_plain_text(cases, env, goal):
    done = okrcoach(["draft", goal], cases.tree, env)
    assert done.returncode == 2 and b"type it again as plain text" in done.stderr


def test_unknown_command_input_with_escapes_is_neutralised(cases, env):
    done = okrcoach(["rule", "\x1b]0;PWNED\x07"], cases.root, env)
    assert done.returncode == 2


@pytest.mark.parametrize("name", [*UNREADABLE, "escape.okr.yaml"])
def test_review_refuses_what_the_gate_refuses_before_starting_the_ui(cases, env, name):
    done = okrcoach(["review", name], cases.tree, env)
    assert done.returncode == 2
    expected = b"interactive terminal" if name == "escape.okr.yaml" else b"cannot open"
    assert expected in done.stderr, done.stderr
