"""The TUI on hostile files: every case opens (or is refused with a message), takes an edit and
keeps it in the recovery file, and what it sends to the terminal carries no control sequence
from the file."""

from __future__ import annotations

import json
import re

import pytest

from okrcoach.recovery import RecoveryStore
from okrcoach.settings import load_settings
from okrcoach.terminal import UNSAFE
from okrcoach.tui.app import OkrCoachApp, ReviewScreen
from tests import hostile
from tests.tui.test_app import wait_for

_OUR_SEQUENCES = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


@pytest.fixture(autouse=True)
def calm(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def terminal_output(app) -> str:
    """What the app would write to the terminal for the whole screen now."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def assert_no_raw_sequences_from_the_file(output: str) -> None:
    assert "PWNED\x07" not in output and "]0;PWNED" not in output.replace("␛]0;PWNED", ""), "the window title sequence reached the terminal"
    rest = _OUR_SEQUENCES.sub("", output)  # Textual's own cursor moves and colours
    assert "\x1b" not in rest and "\x07" not in rest
    assert not UNSAFE.search(rest.replace("\r", "").replace("\n", "")), repr(UNSAFE.search(rest).group())


# The cases that reach the screen differently: escapes in each kind of text, a lone surrogate (it
# once broke the first keystroke and the recovery write), numbers that once stopped the file opening.
OPENABLE = ["escape.okr.yaml", "escape.okr.json", "surrogate.okr.json", "big-number.okr.json", "huge-current.okr.yaml", "long-aligns.okr.yaml"]
UNREADABLE = ["fifo", "zero", "loop", "outside-link", "dangling"]


async def test_every_hostile_file_opens_takes_an_edit_and_shows_no_raw_sequence(linter, tmp_path, monkeypatch):
    """One app session opens each case in turn (one Textual start keeps the suite fast)."""
    cases = hostile.build(tmp_path / "h")
    monkeypatch.chdir(cases.tree)
    settings = load_settings({}, environ={}, cwd=tmp_path, user_config=tmp_path / "none.toml")
    store = RecoveryStore(tmp_path / "recovery", session="test")
    app = OkrCoachApp(settings, linter, recovery=store)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            home = app.screen
            for name in OPENABLE:
                app.open_path(cases.files[name])
                await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
                screen = app.screen
                await pilot.pause()
                assert_no_raw_sequences_from_the_file(terminal_output(app))
                await pilot.press("down", "e", "end", "x", "escape")
                await pilot.pause()
                assert screen.document.dirty, name
                assert_no_raw_sequences_from_the_file(terminal_output(app))
                screen.flush_recovery()  # written after a pause in typing; the test does not wait for it
                saved = json.loads(store.path.read_text(encoding="utf-8"))
                assert saved["okrs"]["objectives"], f"{name}: the edit is kept in the recovery file"
                store.path.unlink()
                while app.screen is not home:
                    app.pop_screen()
                await pilot.pause()
            for case in UNREADABLE:
                app.clear_notifications()
                app.open_path(cases.specials[case])
                await pilot.pause(0.2)
                assert app.screen is home, case
                assert any("Cannot open" in str(n.message) for n in app._notifications), (case, list(app._notifications))
                assert_no_raw_sequences_from_the_file(terminal_output(app))
    finally:
        hostile.unlock(cases)
