"""Model text on a real terminal: `draft` and `improve` run on a pseudo-terminal against the fake
server, whose replies carry escape sequences. Only okrcoach's own colours and erase-line may reach
the terminal; the model's sequences arrive as visible symbols."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from tests import hostile
from tests.fakes.openai_server import Reply

OWN = re.compile(rb"\x1b\[[0-9;]*m|\r\x1b\[K")
KR = f"Win 15 new {hostile.TITLE}webshop customers in Denmark {hostile.CLEAR}{hostile.CSI_8BIT}"
DRAFT = {
    "objectives": [
        {
            "title": f"Become the first choice {hostile.BIDI}for Nordic webshops",
            "key_results": [{"text": "Raise trial-to-paid conversion from 8% to 12%", "baseline": 8, "target": 12, "unit": "%"}, {"text": KR, "target": 15}],
        }
    ]
}


def on_terminal(args: list[str], fake, cwd: Path, timeout: float = 60) -> tuple[int, bytes]:
    """Run okrcoach with standard output and error on a pseudo-terminal; all it wrote there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OKRCOACH_", "AZURE_", "NO_COLOR", "FORCE_COLOR"))}
    env.update(
        {
            "OKRCOACH_STATE_DIR": str(cwd / "state"),
            "XDG_CONFIG_HOME": str(cwd / "config"),
            "OKRCOACH_BASE_URL": fake.base_url,
            "OKRCOACH_MODEL": "fake-model",
            "OKRCOACH_RETRIES": "0",
            "OKRCOACH_TIMEOUT": "10",
            "OKRCOACH_API_KEY": "sk-test-abcdefghijklmnop1234",
            "TERM": "xterm",
        }
    )
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "okrcoach", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + timeout
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
        else:
            process.kill()
            raise AssertionError(f"okrcoach {args} did not finish:\n{output.decode(errors='replace')}")
    finally:
        os.close(master)
    return process.wait(timeout=10), output


def assert_only_own_sequences(output: bytes) -> None:
    rest = OWN.sub(b"", output)
    for forbidden in hostile.FORBIDDEN_BYTES:
        assert forbidden not in rest, (forbidden, output.decode(errors="replace")[-2000:])


def test_draft_on_a_terminal_shows_model_escapes_as_symbols(fake_openai, tmp_path):
    fake_openai.script(Reply.data(DRAFT), Reply.data(DRAFT), Reply.data(DRAFT))
    code, output = on_terminal(["draft", "Grow webshop sales in the Nordics", "--period", "2027-Q1"], fake_openai, tmp_path)
    assert code in (0, 1), output.decode(errors="replace")
    assert_only_own_sequences(output)
    assert "␛]0;PWNED␇webshop".encode() in output


def test_improve_on_a_terminal_shows_model_escapes_as_symbols(fake_openai, tmp_path):
    (tmp_path / "support.okr.yaml").write_text(
        "period: 2027-Q1\nobjectives:\n  - title: Make every customer a fan\n    key_results:\n      - Raise NPS from 31 to 45\n      - Analyse support tickets\n"
    )
    fake_openai.script(Reply.data({"text": f"Cut first response time {hostile.TITLE}from 8 to 2 hours{hostile.CLEAR}", "rationale": f"{hostile.CLEAR}Response time is an outcome."}))
    code, output = on_terminal(["improve", "support.okr.yaml", "--objective", "1", "--kr", "2"], fake_openai, tmp_path)
    assert code in (0, 1), output.decode(errors="replace")
    assert_only_own_sequences(output)
    assert "␛]0;PWNED␇from 8 to 2".encode() in output


def test_a_swedish_drafts_live_progress_line_is_swedish(fake_openai, tmp_path):
    """The line a streamed draft redraws on a terminal counts what arrived in the brief's language
    (it said "1 objective(s), 2 key result(s)" in a Swedish session)."""
    swedish = {
        "objectives": [
            {
                "title": "Bli förstahandsvalet för svenska e-handlare",
                "key_results": [{"text": "Höj konverteringen från provperiod till betalande från 8 % till 12 %", "target": 12}, {"text": "Vinn 15 nya e-handlare i Sverige", "target": 15}],
            }
        ]
    }
    fake_openai.default = Reply.data(swedish)
    goal = "Vi vill växa bland svenska e-handlare; konverteringen från provperiod är 8 % i dag"
    code, output = on_terminal(["draft", goal, "--lang", "sv", "--period", "2027-Q1", "--objectives", "1"], fake_openai, tmp_path)
    shown = output.decode(errors="replace")
    assert code in (0, 1), shown
    assert "1 mål, 2 nyckelresultat" in shown, shown
    assert "objective(s)" not in shown and "key result(s)" not in shown, shown
