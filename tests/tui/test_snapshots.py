"""A small gallery of the key screens; review changes with `pytest tests/tui --snapshot-update`."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from okrcoach.recovery import RecoveryStore
from okrcoach.settings import load_settings
from okrcoach.tui.app import OkrCoachApp, ReviewScreen
from okrcoach.tui.screens import SuggestionScreen

REPO = Path(__file__).resolve().parents[2]
SIZE = (110, 32)


@pytest.fixture
def app_factory(linter, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")

    def make(path=None, configured=False):
        overrides = {"base-url": "http://127.0.0.1:9/v1", "model": "llama3.1"} if configured else {}
        settings = load_settings(overrides, environ={}, cwd=tmp_path, user_config=tmp_path / "none.toml")
        return OkrCoachApp(settings, linter, path=path, recovery=RecoveryStore(tmp_path / "recovery", session="snap"))

    return make


async def _wait_for_review(pilot):
    while not (isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.selected == (0, None)):
        await pilot.pause(0.05)


def test_home(snap_compare, app_factory):
    assert snap_compare(app_factory(), terminal_size=SIZE)


def test_review_with_findings(snap_compare, app_factory):
    async def select_activity(pilot):
        await _wait_for_review(pilot)
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()

    assert snap_compare(app_factory(path=Path("examples/marketing.okr.yaml")), terminal_size=SIZE, run_before=select_activity)


def test_brief_without_llm(snap_compare, app_factory):
    assert snap_compare(app_factory(), press=["n", *"Grow brand awareness among Danish SMEs"], terminal_size=SIZE)


def test_brief_with_llm(snap_compare, app_factory):
    async def open_brief(pilot):
        await pilot.press("n")
        # The goal's cursor blinks every 0.5 s, and the libraries import on a worker thread
        # meanwhile: under load the picture was taken in either phase. Once the import is done,
        # the blink restarts in its visible phase and the picture is taken well within it.
        while not isinstance(pilot.app.focused, TextArea):
            await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        pilot.app.focused.cursor_blink = False
        pilot.app.focused.cursor_blink = True

    assert snap_compare(app_factory(configured=True), run_before=open_brief, terminal_size=SIZE)


def test_suggestion_dialog(snap_compare, app_factory):
    async def show(pilot):
        await _wait_for_review(pilot)
        pilot.app.push_screen(
            SuggestionScreen("Analyse the competitors' pricing pages", "Raise win rate against the two main competitors from 20% to 30%", "Measures what the pricing analysis should change.", [])
        )
        await pilot.pause()

    assert snap_compare(app_factory(path=Path("examples/marketing.okr.yaml")), terminal_size=SIZE, run_before=show)


def test_help(snap_compare, app_factory):
    assert snap_compare(app_factory(), press=["question_mark"], terminal_size=SIZE)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_brief_keeps_a_stopped_draft_with_its_button_whole(snap_compare, app_factory, size):
    """A draft that stopped part-way after streaming a long preview: the button that keeps it sits
    whole below the preview (which scrolls), at 80×24 as at 120×40."""
    from rich.text import Text
    from textual.widgets import Static

    from okrcoach.drafting.client import DraftError

    async def stopped_draft(pilot):
        await pilot.press("n")
        while not isinstance(pilot.app.focused, TextArea):
            await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        brief = pilot.app.screen
        streamed = Text()
        for o in range(1, 4):
            streamed.append(f"■ Objective {o}: customers come back for more\n", style="bold")
            for k in range(1, 5):
                streamed.append(f"   • Key result {o}.{k}: raise the repeat rate from 20 % to 3{k} %\n")
        brief.query_one("#draft-preview", Static).update(streamed)
        brief.query_one("#draft-status", Static).update(Text("The model stopped after 120 s. 3 objectives and 12 key results came through: ctrl+r keeps them."))
        brief._can_keep(DraftError("timeout", "stopped"))
        await pilot.pause(0.1)
        keep, footer = brief.query_one("#keep").region, brief.query_one("Footer").region
        assert keep.height == 3 and keep.bottom <= footer.y, f"the keep button is cut off: {keep} above {footer}"

    assert snap_compare(app_factory(configured=True), run_before=stopped_draft, terminal_size=size)
