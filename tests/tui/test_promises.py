"""What the TUI promises a new user: escape goes back, tab moves between the brief's fields, help
speaks of the app's own keys, and "passed" is said only when no warning is left."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, TextArea, Tree

from okrcoach.recovery import RecoveryStore
from okrcoach.settings import load_settings
from okrcoach.tui.app import BriefScreen, HomeScreen, OkrCoachApp, ReviewScreen
from okrcoach.tui.progress_view import ProgressScreen
from okrcoach.tui.screens import HELP, ConfirmScreen, HelpScreen
from tests.fakes.openai_server import Reply
from tests.tui.waiting import wait_for

SET_YAML = """\
period: 2027-Q1
objectives:
  - title: Make every customer a fan
    key_results:
      - Raise NPS from 31 to 45
      - Analyse support tickets
"""
# Clean but for one warning the drafter does not repair (a target without a baseline).
DRAFT_WITH_A_WARNING = {
    "objectives": [
        {
            "title": "Become the first choice for Nordic webshops",
            "key_results": [{"text": "Raise trial-to-paid conversion to 12%", "target": 12, "unit": "%"}, {"text": "Win 15 new webshop customers in Denmark", "target": 15}],
        }
    ]
}
CLEAN_DRAFT = {
    "objectives": [
        {
            "title": "Become the first choice for Nordic webshops",
            "key_results": [{"text": "Raise trial-to-paid conversion from 8% to 12%", "baseline": 8, "target": 12, "unit": "%"}, {"text": "Win 15 new webshop customers in Denmark", "target": 15}],
        }
    ]
}


@pytest.fixture(autouse=True)
def calm(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def make_app(linter, tmp_path, fake=None, path=None) -> OkrCoachApp:
    overrides = {"base-url": fake.base_url, "model": "fake-model", "retries": 0, "timeout": 5} if fake else {}
    settings = load_settings(overrides, environ={}, cwd=tmp_path, user_config=tmp_path / "none.toml")
    return OkrCoachApp(settings, linter, path=path, recovery=RecoveryStore(tmp_path / "recovery", session="test"))


def burst(app: OkrCoachApp, text: str, *then: str) -> None:
    """Keys as a fast typist or a browser delivers them, all queued before the app handles one:
    the characters of `text` (a tab character is the tab key), then the keys named in `then`."""
    for char in text:
        app.post_message(events.Key("tab", None) if char == "\t" else events.Key(char, char))
    for key in then:
        app.post_message(events.Key(key, None))


async def test_tab_moves_between_the_brief_fields_even_when_typed_fast(linter, tmp_path):
    app = make_app(linter, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, BriefScreen) and isinstance(app.focused, TextArea)
        burst(app, "Grow sales\tSales\t2027-Q1")
        await pilot.pause(0.3)
        screen = app.screen
        assert screen.query_one("#goal", TextArea).text == "Grow sales", "team and period text must not land in the goal"
        assert screen.query_one("#team", Input).value == "Sales"
        assert screen.query_one("#period", Input).value == "2027-Q1"
        await pilot.press("shift+tab")
        assert app.focused is screen.query_one("#team", Input)


async def test_a_draft_key_right_after_typing_drafts_what_was_typed(linter, tmp_path):
    app = make_app(linter, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        burst(app, "Grow webshop sales in Sweden\tSales\t2027-Q1", "ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        okr_set = app.screen.document.okr_set
        assert okr_set.team == "Sales" and okr_set.period is not None and okr_set.period.label == "2027-Q1"
        await pilot.pause(0.2)  # let the new screen settle before the app closes


async def test_escape_goes_back_one_screen_and_home_from_review(linter, tmp_path):
    path = tmp_path / "s.okr.yaml"
    path.write_text(SET_YAML)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None))
        review = app.screen
        await pilot.press("p")
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("escape")
        assert app.screen is review, "escape closes progress, back to review"
        await pilot.press("?")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is review
        await pilot.press("e")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.focused, Tree), "from a field, escape returns to the tree"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert len(app.screen_stack) == 2  # textual's default screen under home


async def test_escape_from_an_unsaved_draft_asks_before_going_home(linter, tmp_path):
    app = make_app(linter, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Grow webshop sales in Sweden")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        assert isinstance(app.screen, ReviewScreen), "Stay keeps the draft"
        assert (tmp_path / "recovery" / "test.json").exists()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert not (tmp_path / "recovery" / "test.json").exists(), "a draft left on purpose is not offered back later"


def test_help_speaks_of_the_apps_own_keys():
    assert "escape" in HELP and "tab" in HELP
    assert "from the tree home" in HELP
    assert "okrcoach checkin" not in HELP


async def test_passed_is_said_only_without_warnings(linter, tmp_path, fake_openai):
    fake_openai.script(Reply.data(DRAFT_WITH_A_WARNING), Reply.data(CLEAN_DRAFT))
    app = make_app(linter, tmp_path, fake=fake_openai)
    async with app.run_test(size=(120, 36)) as pilot:
        for expected in ("The rubric still has findings", "The draft passed the rubric."):
            await pilot.press("n")
            app.screen.query_one("#goal", TextArea).text = "Grow webshop sales in the Nordics; trial-to-paid conversion is 8% today"
            app.screen.query_one("#period", Input).value = "2027-Q1"
            app.screen.query_one("#objectives").value = 1  # the drafts below have one objective
            app.clear_notifications()
            await pilot.press("ctrl+g")
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
            review = app.screen
            await pilot.pause(0.2)
            notes = [n.message for n in app._notifications]
            warned = any(f.level.value != "info" for f in review.findings)
            assert any(expected in note for note in notes), (notes, [f.code for f in review.findings])
            assert warned == (expected != "The draft passed the rubric."), "the note agrees with the badges"
            review.document.dirty = False
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_enter_opens_the_first_workshop_example_at_once(linter, tmp_path):
    app = make_app(linter, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("w")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ExamplesScreen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert app.screen.document.okr_set.objectives
        assert "d" not in app.screen.active_bindings, "downloading is for served visitors; a terminal user has the file"
