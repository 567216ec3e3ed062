"""The LLM libraries are imported when the brief screen opens, on a thread, and only then."""

from __future__ import annotations

import threading

import pytest

from okrcoach.tui import brief
from okrcoach.tui.app import BriefScreen
from tests.tui.test_app import make_app, wait_for


@pytest.fixture(autouse=True)
def calm(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def loads(monkeypatch) -> list[int]:
    """The threads `_load_llm_libraries` ran on (recorded, not run: the import is process-wide)."""
    seen: list[int] = []
    monkeypatch.setattr(brief, "_load_llm_libraries", lambda: seen.append(threading.get_ident()))
    return seen


async def test_the_brief_screen_starts_the_import_on_a_thread(linter, tmp_path, fake_openai, loads):
    app = make_app(linter, tmp_path, fake=fake_openai)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        assert loads == [], "the first screen does not pay for the LLM libraries"
        await pilot.press("n")
        assert isinstance(app.screen, BriefScreen)
        await wait_for(pilot, lambda: bool(loads))
        assert loads[0] != threading.get_ident(), "never on the event loop's thread"


async def test_without_an_llm_nothing_is_imported(linter, tmp_path, loads):
    app = make_app(linter, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, BriefScreen)
        await pilot.pause(0.3)
        assert loads == []
