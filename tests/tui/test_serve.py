"""`okrcoach serve`: the TUI in a browser, each visitor apart, with an LLM budget."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from okrcoach.model import Objective, OkrSet
from okrcoach.recovery import RecoveryStore
from okrcoach.settings import load_settings
from okrcoach.tui.app import OkrCoachApp, ReviewScreen
from okrcoach.tui.messages import ImprovementFailed, ImprovementReady
from okrcoach.tui.screens import RestoreScreen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_answers_on_localhost(tmp_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "okrcoach", "serve", "--port", str(port)], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://localhost:{port}/", timeout=2) as response:
                    body = response.read().decode("utf-8", "replace")
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.3)
        assert "okrcoach" in body and "<html" in body.lower()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_serve_rejects_a_negative_budget(tmp_path):
    result = subprocess.run([sys.executable, "-m", "okrcoach", "serve", "--token-budget", "-1"], cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "--token-budget" in result.stderr


async def test_a_visitor_never_sees_other_drafts_and_has_a_budget(linter, tmp_path):
    other = RecoveryStore(tmp_path / "shared", session="other")
    other.save(OkrSet(objectives=[Objective(title="Someone else's draft")]))
    data = json.loads(other.path.read_text())
    data["pid"] = 99_999_999
    other.path.write_text(json.dumps(data))
    path = tmp_path / "s.okr.yaml"
    path.write_text("period: 2027-Q1\nobjectives:\n  - title: Delight customers\n    key_results: [Raise NPS from 31 to 45, Analyse tickets]\n")
    settings = load_settings({"base-url": "http://127.0.0.1:9/v1", "model": "m"}, environ={}, cwd=tmp_path, user_config=tmp_path / "none.toml")
    app = OkrCoachApp(settings, linter, path=path, recovery=RecoveryStore(tmp_path / "shared", session="visitor"), token_budget=100, offer_restore=False)
    app.tokens = 150
    messages: list = []
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        while not (isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None)):
            await pilot.pause(0.05)
        assert not any(isinstance(s, RestoreScreen) for s in app.screen_stack)
        await pilot.press("down", "down", "i")
        await pilot.pause(0.3)
        assert app.screen.selected == (0, 1)
        assert any("budget" in n.message for n in app._notifications), "the visitor is told the budget is used up"
        assert not any(isinstance(m, (ImprovementReady, ImprovementFailed)) for m in messages), "no LLM call over budget"
