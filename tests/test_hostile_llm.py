"""LLM commands under hostile conditions: a stream that ends mid-reply, SIGTERM, bad timeouts.

The first release accepted a stream cut off mid-reply as the draft, lost the brief on SIGTERM and
accepted `--timeout 0` and `-1`. (The whole-request deadline is tested in
tests/drafting/test_real_server_behaviour.py.)
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from okrcoach.drafting.client import DraftError
from okrcoach.drafting.drafter import Brief, Drafter
from okrcoach.settings import load_settings
from tests.fakes.openai_server import DataReply, Reply

TWO = {
    "objectives": [
        {
            "title": "Become the first choice for Nordic webshops",
            "key_results": [{"text": "Raise trial-to-paid conversion from 8% to 12%", "baseline": 8, "target": 12, "unit": "%"}, {"text": "Win 15 new webshop customers in Denmark", "target": 15}],
        },
        {
            "title": "Make every customer a fan",
            "key_results": [{"text": "Raise NPS from 31 to 45", "baseline": 31, "target": 45}, {"text": "Cut first response time from 6 to 2 hours", "baseline": 6, "target": 2, "unit": "hours"}],
        },
    ]
}
BRIEF = Brief(goal="Grow webshop sales in the Nordics", period="2027-Q1", context="Trial-to-paid conversion is 8 % today. NPS is 31; first response takes 6 hours.", objectives=2)


@dataclass(frozen=True)
class EndsEarly(Reply):
    """A stream that stops cleanly (`[DONE]`, closed) part-way through the reply, with no finish
    reason: what a proxy or a crashed worker behind a load balancer sends."""

    obj: Any = None
    fraction: float = 0.6

    def respond(self, ex) -> None:
        events = DataReply(obj=self.obj).chunks(ex.body, None)
        content = [e for e in events if json.loads(e)["choices"] and json.loads(e)["choices"][0]["finish_reason"] is None]
        ex.send_stream(content[: int(len(content) * self.fraction)])


def _drafter(fake, linter, mode: str) -> Drafter:
    settings = load_settings({"base-url": fake.base_url, "model": "fake-model", "retries": 0, "timeout": 10, "mode": mode}, environ={})
    return Drafter(settings, linter)


@pytest.mark.parametrize("mode", ["json_schema", "tools"])
def test_a_stream_that_ends_mid_reply_is_never_the_draft(fake_openai, linter, mode):
    fake_openai.default = EndsEarly(TWO)
    with pytest.raises(DraftError) as caught:
        asyncio.run(_drafter(fake_openai, linter, mode).draft(BRIEF, on_partial=lambda _: None))
    assert caught.value.kind == "invalid_output"
    assert "before it was complete" in caught.value.message or "ended" in caught.value.message, caught.value.message


@pytest.mark.parametrize("mode", ["json_schema", "tools"])
def test_a_whole_stream_is_still_the_draft(fake_openai, linter, mode):
    fake_openai.default = Reply.data(TWO)
    result = asyncio.run(_drafter(fake_openai, linter, mode).draft(BRIEF, on_partial=lambda _: None))
    assert len(result.okr_set.objectives) == 2


def _env(fake, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))}
    env.update(
        {
            "NO_COLOR": "1",
            "OKRCOACH_STATE_DIR": str(tmp_path / "state"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "OKRCOACH_BASE_URL": fake.base_url,
            "OKRCOACH_MODEL": "fake-model",
            "OKRCOACH_RETRIES": "0",
            "OKRCOACH_TIMEOUT": "60",
            "OKRCOACH_API_KEY": "sk-test-abcdefghijklmnop1234",
        }
    )
    return env


def _terminated(args: list[str], fake, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run okrcoach until its request reaches the (slow) server, then send SIGTERM."""
    fake.default = Reply.slow(30, Reply.data(TWO))
    process = subprocess.Popen([sys.executable, "-m", "okrcoach", *args], cwd=tmp_path, env=_env(fake, tmp_path), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not fake.chat_requests and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert fake.chat_requests, "the request never reached the server"
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.slow
def test_sigterm_during_draft_keeps_the_brief(fake_openai, tmp_path):
    done = _terminated(["draft", "Grow webshop sales in the Nordics", "--team", "Sales", "--period", "2027-Q1", "-o", "sales.okr.yaml"], fake_openai, tmp_path)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    kept = list((tmp_path / "state" / "briefs").glob("brief-*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text(encoding="utf-8"))["goal"] == "Grow webshop sales in the Nordics"
    assert str(kept[0]) in done.stderr
    assert not (tmp_path / "sales.okr.yaml").exists()


@pytest.mark.slow
def test_sigterm_during_improve_leaves_the_file_as_it_was(fake_openai, tmp_path):
    text = "period: 2027-Q1\nobjectives:\n  - title: Make every customer a fan\n    key_results:\n      - Analyse support tickets\n"
    (tmp_path / "s.okr.yaml").write_text(text, encoding="utf-8")
    done = _terminated(["improve", "s.okr.yaml", "--write"], fake_openai, tmp_path)
    assert done.returncode == 130, done.stderr
    assert "the file is unchanged" in done.stderr
    assert (tmp_path / "s.okr.yaml").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("value", ["0", "-1", "inf", "nan", "soon"])
@pytest.mark.parametrize("command", [["draft", "Grow revenue"], ["improve", "x.okr.yaml"], ["doctor"]])
def test_a_timeout_that_is_no_deadline_is_a_usage_error(value, command, capsys):
    from okrcoach.cli import main

    with pytest.raises(SystemExit) as exited:
        main([*command, f"--timeout={value}"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--timeout" in err and "e.g. --timeout 120" in err and "validation error" not in err


IMPROVABLE = """\
period: 2027-Q1
objectives:
  - title: Make every customer a fan
    key_results:
      - Raise NPS from 31 to 45 by March 2027
      - Analyse support tickets
"""


@pytest.mark.parametrize(
    "rewrite, why",
    [
        ("Raise NPS from 31 to 45 by March 2027", "repeats o1.kr1"),
        ("Raise NPS from 31 to 45 by March 2027.", "repeats o1.kr1"),
        ("Cut first response time from 9 to 2 hours by March 2027", "the number 9 is not in the OKR set"),
    ],
    ids=["same as another key result", "same but a full stop", "invented baseline"],
)
def test_improve_write_never_writes_a_duplicate_or_an_invented_number(fake_openai, tmp_path, rewrite, why):
    path = tmp_path / "s.okr.yaml"
    path.write_text(IMPROVABLE, encoding="utf-8")
    fake_openai.default = Reply.data({"text": rewrite, "rationale": "r"})
    done = subprocess.run(
        [sys.executable, "-m", "okrcoach", "improve", "s.okr.yaml", "--objective", "1", "--kr", "2", "--write"],
        cwd=tmp_path,
        env=_env(fake_openai, tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert path.read_text(encoding="utf-8") == IMPROVABLE, done.stderr
    assert done.returncode == 1 and "not applied" in done.stderr and why.lower() in done.stderr.lower(), done.stderr
