"""`okrcoach serve`: the TUI in a browser, each visitor apart, with an LLM budget."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

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


@pytest.mark.slow
async def test_a_page_on_another_site_cannot_open_or_drive_a_session(tmp_path):
    """A page open in the facilitator's browser sends its own Origin: the upgrade and the page are refused."""
    with serve(tmp_path, "--token-budget", "0", "--public-url", "https://room.example.org") as served:
        port = served.url.rsplit(":", 1)[1]
        websocket_url = served.url.replace("http", "ws") + "/ws?width=80&height=24"
        async with aiohttp.ClientSession() as http:
            for foreign in ("http://evil.example", f"http://evil.example:{port}", f"http://127.0.0.1:{int(port) + 1}", "null", "http://room.example.org"):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    async with http.ws_connect(websocket_url, origin=foreign):
                        pass
                assert refused.value.status == 403, foreign
                async with http.get(served.url + "/", headers={"Origin": foreign}) as page:
                    assert page.status == 403 and "--public-url" in await page.text()
            for own in (served.url, "https://room.example.org", "https://ROOM.example.org:443"):
                async with http.get(served.url + "/", headers={"Origin": own}) as page:
                    assert page.status == 200, own
            async with http.ws_connect(websocket_url, origin=served.url) as visitor:
                await read_until(visitor, pyte.Screen(80, 24), "draft and review OKRs")
        assert served.visitor_folders() and len(served.visitor_folders()) == 1, "only the same-origin visitor started a session"
        assert "refused GET /ws from a page at http://evil.example" in served.output()


@pytest.mark.slow
@pytest.mark.parametrize("verbose", [False, True])
def test_serve_logs_requests_only_when_verbose_and_never_on_stdout(tmp_path, verbose):
    with serve(tmp_path, "--token-budget", "0", *(["--verbose"] if verbose else []), split=True) as served:
        for page in ("/", "/static/css/xterm.css", "/"):
            with urllib.request.urlopen(served.url + page, timeout=5):
                pass
        time.sleep(0.3)
    assert served.out.read_text(encoding="utf-8") == "", "nothing but results on standard output"
    log = served.output()
    assert "serving the TUI at" in log
    assert ('"GET / HTTP/1.1" 200' in log) is verbose, log
    assert ("xterm.css" in log) is verbose


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


@pytest.mark.parametrize("language", ["en", "da", "sv", "de", "fi", "hu"])
@pytest.mark.parametrize("columns", [130, 140])
async def test_a_visitors_footer_shows_download_in_a_1280_wide_browser(linter, tmp_path, monkeypatch, columns, language):
    """A 1280×800 browser gives textual-serve's 16px terminal about 130 columns (a 16px monospace
    cell is about 9.6px wide): every footer entry of a served review, Download and Quit last, is on
    screen, in every language."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    from okrcoach.tui.actions import action_by_id
    from okrcoach.tui.words import ui
    from okrcoach.workspace import Workspace

    files = tmp_path / "files"
    files.mkdir()
    (files / "mine.okr.yaml").write_text(f"language: {language}\nperiod: 2027-Q1\nobjectives:\n  - title: Delight customers\n    key_results: [Raise NPS from 31 to 45]\n")
    monkeypatch.chdir(files)
    app = OkrCoachApp(None, linter, path=Path("mine.okr.yaml"), recovery=RecoveryStore(tmp_path / "state", session="visitor"), offer_restore=False, workspace=Workspace(files), language=language)
    expected = [action.served_title_in(language) for action in (action_by_id("review.download"), action_by_id("app.quit")) if action is not None]
    async with app.run_test(size=(columns, 40)) as pilot:
        while not isinstance(app.screen, ReviewScreen):
            await pilot.pause(0.05)

        def cut_off() -> list[str]:
            keys = list(app.screen.query_one(Footer).query(FooterKey))
            palette = next((key.region.x for key in keys if key.has_class("-command-palette")), columns)
            shown = {key.description: key.region for key in keys if not key.has_class("-command-palette")}
            missing = [f"{name} (not in the footer)" for name in expected if name not in shown]
            return missing + [name for name, region in shown.items() if region.width == 0 or region.right > palette]

        deadline = time.monotonic() + 5  # the footer settles a few refreshes after the screen mounts
        while cut_off() and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert not cut_off(), f"footer entries cut off at {columns} columns: {cut_off()}"
    terminal = OkrCoachApp(None, linter, path=Path("mine.okr.yaml"), recovery=RecoveryStore(tmp_path / "state", session="terminal"), offer_restore=False, language=language)
    async with terminal.run_test(size=(columns, 40)) as pilot:
        while not isinstance(terminal.screen, ReviewScreen):
            await pilot.pause(0.05)
        deadline = time.monotonic() + 5
        edit, improve, undo, download = (ui(f"action.review.{name}.title", language) for name in ("edit", "improve", "undo", "download"))
        while edit not in (labels := [key.description for key in terminal.screen.query_one(Footer).query(FooterKey)]) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert edit in labels and undo in labels and download not in labels, "a terminal's footer keeps its full labels"
        assert improve not in labels, "with no LLM set up, Improve is not offered (the status bar says why)"


@pytest.mark.slow
@pytest.mark.parametrize(("config", "args", "home"), [('[lint]\nlanguage = "hu"\n', (), "OKR-ek megírása és áttekintése"), ("", ("--lang", "fi"), "Uusi luonnos")], ids=["config", "flag"])
async def test_visitors_speak_the_facilitators_language(tmp_path, config, args, home):
    """A Hungarian facilitator's room is Hungarian: the language of the config beside `serve` (or
    `serve --lang`) is every visitor's, though each visitor works in a folder of its own."""
    facilitator = tmp_path / "facilitator"  # beside the visitors' folders, not above them
    facilitator.mkdir()
    if config:
        (facilitator / "okrcoach.toml").write_text(config, encoding="utf-8")
    with serve(tmp_path, "--token-budget", "0", *args, cwd=facilitator) as served:
        async with aiohttp.ClientSession() as http, http.ws_connect(served.url.replace("http", "ws") + "/ws?width=100&height=30") as visitor:
            await asyncio.wait_for(read_until(visitor, pyte.Screen(100, 30), home), 40)


async def test_a_visitors_download_key_is_labelled_in_the_sets_language(linter, tmp_path, monkeypatch):
    """The served-only Download key speaks the set's language like every other footer entry."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    from okrcoach.workspace import Workspace

    files = tmp_path / "files"
    files.mkdir()
    (files / "csapat.okr.yaml").write_text(
        "language: hu\nperiod: 2027-Q1\nobjectives:\n  - title: Ügyfeleink szeressenek minket\n    key_results: [Növeljük az NPS-t 31-ről 45-re]\n", encoding="utf-8"
    )
    monkeypatch.chdir(files)
    app = OkrCoachApp(None, linter, path=Path("csapat.okr.yaml"), recovery=RecoveryStore(tmp_path / "state", session="visitor"), offer_restore=False, workspace=Workspace(files))
    async with app.run_test(size=(140, 40)) as pilot:
        while not isinstance(app.screen, ReviewScreen):
            await pilot.pause(0.05)
        deadline = time.monotonic() + 5
        while "Mentés" not in (labels := [key.description for key in app.screen.query_one(Footer).query(FooterKey)]) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert "Mentés" in labels, labels
        assert "Letöltés" in labels and "Download" not in labels, labels


LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_servers_own_pages_speak_the_rooms_language(language):
    """The room-is-full page, the 403 refusal and textual-serve's session-ended dialog are in the
    language every visitor's UI speaks, with textual-serve's English gone."""
    from okrcoach.i18n import text
    from okrcoach.tui.serve import WorkshopServer

    server = WorkshopServer("true", host="127.0.0.1", port=0, max_visitors=7, language=language)
    full = server.full_page().text or ""
    index = server._page_template("app_index.html") or ""
    for key, params in (("full-heading", {}), ("full-try-now", {}), ("full-title", {})):
        assert text(f"cli.serve.page-{key}", language, **params) in full, (key, full)
    assert f'lang="{language}"' in full and f'lang="{language}"' in index
    assert "7" in full and "<code>--max-visitors</code>" in full and '<a href="/">' in full
    assert text("cli.serve.page-session-ended", language).split(".")[0] in index, index
    assert f">{text('cli.serve.page-restart', language)}</button>" in index and f'id="start">{text("cli.serve.page-start", language)}</button>' in index
    if language != "en":
        for english in ("The room is full", "try again now", "start the server", "Session ended", ">Restart<"):
            assert english not in full + index, english


@pytest.mark.slow
async def test_a_hungarian_rooms_full_page_refusal_and_session_end_are_hungarian(tmp_path):
    """`serve` beside a Hungarian config, as a browser sees it over HTTP."""
    from okrcoach.i18n import text

    facilitator = tmp_path / "facilitator"
    facilitator.mkdir()
    (facilitator / "okrcoach.toml").write_text('[lint]\nlanguage = "hu"\n', encoding="utf-8")
    with serve(tmp_path, "--token-budget", "0", "--max-visitors", "1", cwd=facilitator) as served:
        async with aiohttp.ClientSession() as http:
            async with http.get(served.url + "/") as page:
                body = await page.text()
            assert page.status == 200 and "Az okrcoach-munkameneted véget ért" in body and ">Újraindítás</button>" in body and "Session ended" not in body
            async with http.get(served.url + "/", headers={"Origin": "http://evil.example"}) as page:
                refused = await page.text()
            assert page.status == 403 and refused.startswith(text("cli.serve.page-refused", "hu", origin="http://evil.example")), refused
            async with http.ws_connect(served.url.replace("http", "ws") + "/ws?width=100&height=30") as visitor:
                await read_until(visitor, pyte.Screen(100, 30), "OKR-ek megírása és áttekintése")
                async with http.get(served.url + "/") as page:
                    full = await page.text()
                assert page.status == 503 and "<h1>A terem megtelt</h1>" in full and "room is full" not in full, full


@pytest.mark.slow
def test_the_servers_warnings_speak_its_language(tmp_path):
    """A refused page and a full room are logged in the server's `--lang`, as its pages are."""
    with serve(tmp_path, "--token-budget", "0", "--lang", "da", split=True) as served:
        request = urllib.request.Request(served.url + "/", headers={"Origin": "http://evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
        deadline = time.monotonic() + 5
        while "evil.example" not in served.log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.1)
    log = served.log.read_text(encoding="utf-8")
    assert "okrcoach: afviste GET / fra en side på http://evil.example" in log, log
    assert "refused GET" not in log
    assert "okrcoach: serverer TUI'en på " in log and "ingen LLM (--token-budget 0)" in log, log
    assert "serving the TUI" not in log and "no LLM" not in log


async def test_a_visitors_brief_screen_names_ctrl_o_for_the_offline_template(linter, tmp_path, monkeypatch):
    """Browsers keep ctrl+t (a new tab) for themselves: a served brief screen's footer and button
    name ctrl+o, which reaches the app, while a terminal's name ctrl+t; both keys work in both."""
    from textual.widgets import Button, Footer
    from textual.widgets._footer import FooterKey

    from okrcoach.tui.brief import BriefScreen
    from okrcoach.workspace import Workspace

    files = tmp_path / "files"
    files.mkdir()
    monkeypatch.chdir(files)

    async def shown(workspace) -> tuple[list[str], str]:
        app = OkrCoachApp(None, linter, recovery=RecoveryStore(tmp_path / "state", session=str(workspace is not None)), offer_restore=False, workspace=workspace, language="da")
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.press("n")
            while not isinstance(app.screen, BriefScreen):
                await pilot.pause(0.05)
            deadline = time.monotonic() + 5  # the footer settles a few refreshes after the screen mounts
            while not (keys := [key.key for key in app.screen.query_one(Footer).query(FooterKey) if key.action == "offline"]) and time.monotonic() < deadline:
                await pilot.pause(0.05)
            return keys, str(app.screen.query_one("#offline", Button).label)

    assert await shown(Workspace(files)) == (["ctrl+o"], "Offline skabelon (ctrl+o)")
    assert await shown(None) == (["ctrl+t"], "Offline skabelon (ctrl+t)")
