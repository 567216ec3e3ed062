"""Audit: every path from file or model text to a terminal, with escape sequences in a key result.

`ESC ] 0 ; x BEL` retitles a terminal window and `ESC [ 2 J` clears the screen. Each command that
shows a key result (or an objective, a note, a file name) is run as a program, with its output to
a pipe (what CI logs and `| less` see) and, for the text formats, once more on a pseudo-terminal;
no ESC, BEL, C1 control or bidirectional override may reach either. JSON and SARIF keep the text
faithful, escaped (`\\u001b`).
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import hostile
from tests.fakes.openai_server import Reply

pytestmark = pytest.mark.slow

KR = "Raise NPS \x1b]0;x\x07from 31 to 45 \u001b[2J by March 2027"
OBJECTIVE = "Make every \u202ecustomer a fan"
NOTE = "new pricing \x1b[31mlive"
FILES = {
    "s.okr.yaml": 'team: Support\nperiod: 2027-Q1\nobjectives:\n  - title: "Make every \\u202Ecustomer a fan"\n    key_results:\n      - text: "Raise NPS \\e]0;x\\afrom 31 to 45 \\e[2J by March 2027"\n        baseline: 31\n        target: 45\n      - Analyse support tickets\n',
    "s.okr.json": json.dumps({"team": "Support", "period": "2027-Q1", "objectives": [{"title": OBJECTIVE, "key_results": [{"text": KR, "baseline": 31, "target": 45}, "Analyse support tickets"]}]}),
    "s.okr.md": f"# Support 2027-Q1\n\n## Objective: {OBJECTIVE}\n\n- {KR}\n- Analyse support tickets\n",
    "s.okr.csv": f"objective,key_result,baseline,target,period,team\n{OBJECTIVE},{KR},31,45,2027-Q1,Support\n{OBJECTIVE},Analyse support tickets,,,2027-Q1,Support\n",
}


def _env(tmp_path: Path, fake=None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "OKRCOACH", "AZURE", "GITHUB", "FORCE_COLOR", "NO_COLOR"))}
    env.update({"OKRCOACH_STATE_DIR": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config"), "TERM": "xterm"})
    if fake is not None:
        env.update({"OKRCOACH_BASE_URL": fake.base_url, "OKRCOACH_MODEL": "fake-model", "OKRCOACH_RETRIES": "0", "OKRCOACH_TIMEOUT": "10", "OKRCOACH_API_KEY": "sk-test-abcdefghijklmnop1234"})
    return env


@pytest.fixture
def folder(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _piped(args: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "okrcoach", *args], cwd=cwd, env=env, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)


def _on_terminal(args: list[str], cwd: Path, env: dict, timeout: float = 60) -> bytes:
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "okrcoach", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    output, deadline = b"", time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
    finally:
        process.wait(timeout=10)
        os.close(master)
    return output


# okrcoach's own colours and the live progress line's erase-line, on a terminal only.
OWN = re.compile(rb"\x1b\[[0-9;]*m|\r\x1b\[K")


def _no_raw_controls(data: bytes, what: str, terminal: bool = False) -> None:
    if terminal:
        data = OWN.sub(b"", data)
    for forbidden in hostile.FORBIDDEN_BYTES:
        assert forbidden not in data, f"{what} wrote {forbidden!r} raw:\n{data.decode('utf-8', 'replace')[-1500:]!r}"


def _shown(data: bytes) -> str:
    return data.decode("utf-8")


TEXT_COMMANDS = [
    ["lint", "--isolated", "--format", "text", "."],
    ["lint", "--isolated", "--format", "github", "."],
    ["status", "."],
    ["tree", "."],
]


@pytest.mark.parametrize("args", TEXT_COMMANDS, ids=lambda a: " ".join(a[:4]))
def test_text_commands_show_escapes_as_symbols_on_a_pipe_and_a_terminal(folder, args):
    env = _env(folder)
    done = _piped(args, folder, env)
    assert done.returncode in (0, 1), done.stderr.decode()
    _no_raw_controls(done.stdout + done.stderr, " ".join(args))
    assert "internal error" not in _shown(done.stdout + done.stderr)
    _no_raw_controls(_on_terminal(args, folder, env), " ".join(args) + " on a terminal", terminal=True)


@pytest.mark.parametrize("name", list(FILES))
def test_checkin_shows_the_key_result_and_note_without_escapes(folder, name):
    env = _env(folder)
    for args in (["checkin", name, "O1.KR1", "38", "--date", "2027-02-01"], ["checkin", name, "O1.KR1", "39", "--note", NOTE]):
        done = _piped(args, folder, env)
        _no_raw_controls(done.stdout + done.stderr, " ".join(args))
        assert "internal error" not in _shown(done.stdout + done.stderr)
    done = _piped(["checkin", name, "O1.KR1", "40", "--date", "2027-02-02"], folder, env)
    assert done.returncode == 0, done.stderr.decode()
    assert "␛]0;x␇" in _shown(done.stdout), "the key result is shown, its escape as a visible symbol"
    _no_raw_controls(_on_terminal(["checkin", name, "O1.KR1", "41", "--date", "2027-02-03"], folder, env), "checkin on a terminal", terminal=True)


@pytest.mark.parametrize(
    "args", [["lint", "--isolated", "--format", "json", "."], ["lint", "--isolated", "--format", "sarif", "."], ["status", "--format", "json", "."]], ids=["lint json", "lint sarif", "status json"]
)
def test_json_and_sarif_keep_the_text_escaped(folder, args):
    done = _piped(args, folder, _env(folder))
    _no_raw_controls(done.stdout + done.stderr, " ".join(args))
    report = json.loads(done.stdout.decode())
    if args[0] == "status":
        texts = [kr["text"] for file in report["files"] for o in file["objectives"] for kr in o["key_results"]]
        assert KR in texts and b"\\u001b" in done.stdout, "the text is kept faithfully, escaped"


def test_improve_shows_model_and_file_text_without_escapes(folder, fake_openai):
    env = _env(folder, fake_openai)
    fake_openai.default = Reply.data({"text": "Resolve \x1b]0;x\x0780% of tickets \u001b[2J at first contact by March 2027", "rationale": "Because \x1b[2J it measures"})
    for name in FILES:
        done = _piped(["improve", name, "--objective", "1", "--kr", "2"], folder, env)
        _no_raw_controls(done.stderr, f"improve {name} (stderr)")
        assert "internal error" not in _shown(done.stderr)
        _no_raw_controls(_on_terminal(["improve", name, "--objective", "1", "--kr", "2"], folder, env), f"improve {name} on a terminal", terminal=True)


def test_draft_shows_model_text_without_escapes(folder, fake_openai):
    env = _env(folder, fake_openai)
    fake_openai.default = Reply.data({"objectives": [{"title": OBJECTIVE, "key_results": [{"text": KR, "baseline": 31, "target": 45}, {"text": "Analyse \x1b[2J tickets"}]}]})
    done = _piped(["draft", "Delight our customers", "--period", "2027-Q1", "--objectives", "1", "-o", "d.okr.yaml"], folder, env)
    _no_raw_controls(done.stdout + done.stderr, "draft -o")
    assert "internal error" not in _shown(done.stderr)
    _no_raw_controls(_on_terminal(["draft", "Delight our customers", "--period", "2027-Q1", "--objectives", "1"], folder, env), "draft on a terminal", terminal=True)
