"""One actions registry: every key binding of the app and its screens has a palette entry and a
help line, and every registry entry is bound, in the palette (focus moves aside) and in the help."""

from __future__ import annotations

import pytest

from okrcoach.language_data import bundled_languages
from okrcoach.tui import actions
from okrcoach.tui.app import OkrCoachApp
from okrcoach.tui.base import CoachScreen
from okrcoach.tui.brief import BriefScreen
from okrcoach.tui.home import HomeScreen
from okrcoach.tui.progress_view import ProgressScreen
from okrcoach.tui.review import ReviewScreen
from okrcoach.tui.screens import HELP
from tests.tui.test_app import SET_YAML, make_app, review_ready, wait_for

DANISH_SET = """\
language: da
period: 2027-Q1
objectives:
  - title: Bliv førstevalget for danske webshops
    key_results:
      - Øg konverteringsraten fra 8 % til 12 %
      - Vind 15 nye kunder i Jylland
"""

OWNERS = {"app": OkrCoachApp, "home": HomeScreen, "brief": BriefScreen, "review": ReviewScreen, "progress": ProgressScreen}


def bound(owner) -> list[tuple[str, str]]:
    """(key, action) for every binding a class declares."""
    pairs = []
    for binding in owner.BINDINGS:
        for key in binding.key.split(","):
            pairs.append((key.strip(), binding.action))
    return pairs


def help_lines() -> set[tuple[str, str]]:
    return {(line[2:15].strip(), line[16:].strip()) for line in HELP.splitlines() if line.startswith("  ") and len(line) > 16}


def test_every_context_is_a_class_and_every_class_names_its_context():
    assert set(OWNERS) == set(actions.SECTIONS)
    for context, owner in OWNERS.items():
        assert owner.CONTEXT == context
    assert {c for a in actions.ACTIONS for c in a.contexts} <= set(OWNERS)


@pytest.mark.parametrize("context", sorted(OWNERS))
def test_every_binding_has_a_registry_entry_a_palette_entry_and_a_help_line(context):
    owner = OWNERS[context]
    entries = {action.action_in(context): action for action in actions.actions_in(context, served=True)}
    palette = {action.id for action in actions.palette_actions(context, served=True)}
    lines = help_lines()
    for key, action_name in bound(owner):
        assert action_name in entries, f"{owner.__name__} binds {key} to {action_name}, which the registry does not declare"
        entry = entries[action_name]
        assert entry.palette is False or entry.id in palette, f"{entry.id} is bound but not in the palette"
        assert (entry.help_keys(), entry.description) in lines, f"{entry.id} is bound but the help does not say so"
    assert len(bound(owner)) == len({pair for pair in bound(owner)}), f"{owner.__name__} binds a key twice"


def test_every_registry_entry_is_bound_in_the_palette_and_in_the_help():
    lines = help_lines()
    for action in actions.ACTIONS:
        for context in action.contexts:
            keys = {key for key, name in bound(OWNERS[context]) if name == action.action_in(context)}
            if action.served_only:
                assert not keys, f"{action.id} is for served visitors only, yet always bound"
            else:
                assert keys == {k.strip() for k in action.keys.split(",")}, f"{action.id} is not bound to {action.keys} in {context}"
                assert keys, f"{action.id} has no key"
            assert action.palette is False or action in actions.palette_actions(context, served=True)
        assert (action.help_keys(), action.description) in lines, f"{action.id} has no help line"
        if not action.palette:
            assert action.action.startswith(("app.focus_", "next_field(")), f"{action.id}: only focus moves stay out of the palette"


def test_the_help_names_no_key_the_registry_does_not_know():
    known = {action.help_keys() for action in actions.ACTIONS} | {note.keys for note in actions.KEY_NOTES}
    for keys, _ in help_lines():
        if keys and not keys.startswith(("OpenAI", "Ollama", "Check")):
            assert keys in known, f"the help names {keys!r}, which no action or widget has"


async def test_the_palette_offers_each_screens_actions_and_runs_them(linter, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(SET_YAML)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        review = await review_ready(pilot, app)
        commands = {command.title: command for command in app.get_system_commands(review)}
        for action in actions.palette_actions("review"):
            assert action.title in commands
        assert "Download" not in commands, "downloads are for served visitors"
        assert "Next field" not in commands
        await pilot.press("down")
        before = review.document.okr_set.objectives[0].key_results[0].text
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Move down")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is review)
        await pilot.pause(0.1)
        assert review.document.okr_set.objectives[0].key_results[1].text == before, "the palette entry ran the screen's action"
        home_commands = {command.title for command in app.get_system_commands(HomeScreen())}
        assert {"New draft", "Open file", "Workshop examples", "Help", "Quit"} <= home_commands
        assert "Save" not in home_commands
        assert isinstance(review, CoachScreen)


@pytest.mark.parametrize("language", sorted(bundled_languages()))
def test_no_two_palette_entries_share_a_title_in_any_language(language):
    """The palette of every screen lists Textual's own commands and the screen's actions: each
    title once, so "Afslut" (ask first) and "Afslut straks" (quit now) are told apart."""
    from okrcoach.tui.app import _SYSTEM_COMMANDS
    from okrcoach.tui.words import ui

    system = [ui("system-command", language, command=name.removesuffix("-hide")) for name in dict.fromkeys(_SYSTEM_COMMANDS.values()) if name != "keys-hide"]
    for context in sorted(OWNERS):
        for served in (False, True):
            titles = system + [action.title_in(language) for action in actions.palette_actions(context, served=served)]
            repeated = sorted({t for t in titles if titles.count(t) > 1})
            assert not repeated, f"{language}, {context}: {repeated} stand twice in the palette"


async def test_the_danish_palette_shows_each_title_once_and_quit_now_keeps_the_draft(linter, tmp_path):
    path = tmp_path / "salg.okr.yaml"
    path.write_text(DANISH_SET, encoding="utf-8")
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        review = await review_ready(pilot, app)
        assert review.ui_language == "da"
        titles = [command.title for command in app.get_system_commands(review)]
        assert len(titles) == len(set(titles)), titles
        assert {"Afslut", "Afslut straks"} <= set(titles)
        await pilot.press("delete")  # an unsaved change
        await pilot.pause(0.1)
        await app.action_quit()
    assert app.recovery.path.exists(), "quit now keeps the unsaved draft for next time"
