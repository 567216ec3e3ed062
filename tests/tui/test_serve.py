"""`okrcoach serve`: the TUI in a browser, each visitor apart, with an LLM budget."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import sys
import time

import aiohttp
import pyte
import pytest

from okrcoach.model import Objective, OkrSet
from okrcoach.recovery import RecoveryStore
from okrcoach.settings import load_settings
from okrcoach.tui.app import OkrCoachApp, ReviewScreen
from okrcoach.tui.messages import ImprovementFailed, ImprovementReady
from okrcoach.tui.screens import RestoreScreen
from tests.tui.serving import serve


def screen_text(screen: pyte.Screen) -> str:
    return "\n".join(screen.display)


async def read_until(websocket, screen: pyte.Screen, text: str, timeout: float = 30.0) -> None:
    """Feed the terminal bytes a visitor's browser would get into `screen` until `text` shows."""
    stream = pyte.ByteStream(screen)
    deadline = time.monotonic() + timeout
    while text not in screen_text(screen):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{text!r} did not appear; the screen shows:\n{screen_text(screen)}")
        message = await websocket.receive(timeout=left)
        if message.type == aiohttp.WSMsgType.BINARY:
            stream.feed(message.data)
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise AssertionError(f"the session closed before {text!r} appeared:\n{screen_text(screen)}")


@pytest.mark.slow
async def test_every_visitor_gets_the_home_screen_until_the_room_is_full(tmp_path):
    with serve(tmp_path, "--max-visitors", "1") as served:
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(served.url.replace("http", "ws") + "/ws?width=100&height=30") as visitor:
                await read_until(visitor, pyte.Screen(100, 30), "draft and review OKRs")
                async with http.get(served.url + "/") as page:
                    body = await page.text()
                    assert page.status == 503 and "The room is full" in body and "--max-visitors" in body
                async with http.ws_connect(served.url.replace("http", "ws") + "/ws?width=100&height=30") as refused:
                    message = await refused.receive(timeout=10)
                    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            deadline = time.monotonic() + 15
            while True:
                async with http.get(served.url + "/") as page:
                    body = await page.text()
                if page.status == 200 or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.2)
            assert page.status == 200 and "ws://127.0.0.1:" in body, "a place frees up when the visitor leaves; the page points back where the browser came from"
            assert served.wait_until_visitors_gone() == [], "the visitor's app ends when its browser leaves"
            assert "fonts.googleapis.com" not in body, "the page loads nothing from the internet"
    assert "Application failed to start" not in served.output()
    assert len(served.visitor_folders()) == 1


@pytest.mark.slow
def test_serve_binds_to_loopback_only_by_default(tmp_path):
    with serve(tmp_path, "--token-budget", "0") as served:
        port = int(served.url.rsplit(":", 1)[1])
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.2", port), timeout=2).close()
        assert "no LLM (--token-budget 0)" in served.output()


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


async def test_a_visitors_open_and_save_dialogs_stay_in_its_workspace(linter, tmp_path, monkeypatch):
    from textual.widgets import Input, Static

    from okrcoach.tui.app import HomeScreen
    from okrcoach.tui.screens import PathScreen
    from okrcoach.workspace import Workspace

    files = tmp_path / "visitor-a" / "files"
    files.mkdir(parents=True)
    (files / "mine.okr.yaml").write_text("period: 2027-Q1\nobjectives:\n  - title: Delight customers\n    key_results: [Raise NPS from 31 to 45]\n")
    other = tmp_path / "visitor-b" / "files" / "theirs.okr.yaml"
    other.parent.mkdir(parents=True)
    other.write_text("objectives:\n  - title: Someone else's plan\n    key_results: [Win 5 deals]\n")
    monkeypatch.chdir(files)  # as a served visitor's process does
    app = OkrCoachApp(None, linter, recovery=RecoveryStore(tmp_path / "state", session="visitor"), offer_restore=False, workspace=Workspace(files))

    async def answer(pilot, typed: str) -> str:
        app.screen.query_one("#path", Input).value = typed
        await pilot.press("enter")
        await pilot.pause()
        return str(app.screen.query_one("#path-error", Static).render()) if isinstance(app.screen, PathScreen) else ""

    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("o")
        assert isinstance(app.screen, PathScreen)
        listing = str(app.screen.query_one("#path-workspace", Static).render())
        assert "mine.okr.yaml" in listing and "theirs" not in listing
        assert "not allowed" in await answer(pilot, "../../visitor-b/files/theirs.okr.yaml")
        assert "not a full path" in await answer(pilot, str(other))
        await answer(pilot, "mine.okr.yaml")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.active_bindings["d"].binding.action == "download"
        await pilot.press("S")
        assert isinstance(app.screen, PathScreen) and app.screen.query_one("#path", Input).value == "mine.okr.yaml"
        assert "not a full path" in await answer(pilot, str(tmp_path / "escaped.okr.yaml"))
        await answer(pilot, "copy.okr.md")
        await pilot.pause(0.2)
        assert (files / "copy.okr.md").is_file()
        status = str(app.screen.query_one("#status").render())
        assert status.endswith("copy.okr.md") and str(tmp_path) not in status, "the visitor sees its file's name, not the server's folders"
        assert not (tmp_path / "escaped.okr.yaml").exists()
        assert "Someone else" not in (files / "copy.okr.md").read_text()


async def drain(websocket) -> None:
    """Read until the server closes the connection."""
    while not websocket.closed:
        message = await websocket.receive()
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            return


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGKILL], ids=["ctrl+c", "killed"])
async def test_stopping_the_server_ends_every_visitors_process(tmp_path, signal_number):
    """A facilitator's ctrl+c (or a crash) with the room still connected leaves no okrcoach running."""
    with serve(tmp_path, "--token-budget", "0") as served:
        async with aiohttp.ClientSession() as http, http.ws_connect(served.url.replace("http", "ws") + "/ws?width=100&height=30") as visitor:
            await read_until(visitor, pyte.Screen(100, 30), "draft and review OKRs")
            assert served.visitor_processes(), "the visitor's process runs in its folder"
            started = time.monotonic()
            reading = asyncio.create_task(drain(visitor))  # as a browser does, it keeps reading
            served.process.send_signal(signal_number)
            await asyncio.to_thread(served.process.wait, 15)
            await asyncio.wait_for(reading, 5)
            assert time.monotonic() - started < 12, "ctrl+c does not wait for every browser to leave"
        assert served.wait_until_visitors_gone() == []
