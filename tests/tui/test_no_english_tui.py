"""The TUI speaks the language of the open set, and of `--language` where no set is open.

A Danish and a Hungarian file are opened headless (`App.run_test`) with the app's language set to
theirs, and every screen and dialog a user meets is visited: review (a key result selected, an
invalid field value typed, a save refused for it), help, progress, check-in (with its error), save
as, the quit question, the command palette's entries, home, the brief form, workshop examples, and
the restore, suggestion and changed-file dialogs. Every string the widgets render (text, labels,
buttons, placeholders, tooltips, options, tree labels, footer keys) and every notification is
searched for the English catalogue's phrases, as `tests/test_no_english_in_other_languages.py`
does for the command line. The same walk over an English file finds English: the search can fail.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from rich.text import Text
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea, Tree

from okrcoach import i18n
from okrcoach.documents import markdown_edit, yaml_edit
from okrcoach.formats import read_path
from okrcoach.recovery import Recovered, RecoveryStore
from okrcoach.settings import load_settings
from okrcoach.tui.app import OkrCoachApp, ReviewScreen
from okrcoach.tui.brief import BriefScreen
from okrcoach.tui.checkin import CheckinScreen
from okrcoach.tui.compare import ChangedFileScreen
from okrcoach.tui.examples_view import ExamplesScreen
from okrcoach.tui.home import HomeScreen
from okrcoach.tui.progress_view import ProgressScreen
from okrcoach.tui.screens import ConfirmScreen, HelpScreen, PathScreen, RestoreScreen, SuggestionScreen
from tests.test_no_english_in_other_languages import SETS, _english_phrases

ENGLISH = (
    "support.okr.yaml",
    """language: en
team: Support
period: 2027-Q1
objectives:
  - title: Make every customer a fan
    key_results:
      - text: Raise NPS from 31 to 45
        baseline: 31
        target: 45
      - text: Analyse support tickets
""",
)


@pytest.fixture(autouse=True)
def calm(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.plain
    plain = getattr(value, "plain", None)
    return plain if isinstance(plain, str) else str(value)


def _shown(app: OkrCoachApp) -> list[str]:
    """Every string the active screen's widgets render, and its footer's key labels."""
    screen = app.screen
    out: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, (Static, Label)):
            out.append(_plain(widget.visual if hasattr(widget, "visual") else widget.render()))
            out.append(_plain(getattr(widget, "content", "")))
        if isinstance(widget, Button):
            out.append(_plain(widget.label))
        if isinstance(widget, Input):
            out += [_plain(widget.placeholder), widget.value]
        if isinstance(widget, TextArea):
            out.append(widget.text)
        if isinstance(widget, Select):
            out += [_plain(prompt) for prompt, _ in widget._options]
        if isinstance(widget, OptionList):
            out += [_plain(option.prompt) for option in widget.options]
        if isinstance(widget, Tree):
            nodes = [widget.root]
            while nodes:
                node = nodes.pop()
                out.append(_plain(node.label))
                nodes += list(node.children)
        out.append(_plain(widget.tooltip))
    out += [binding.description for (_, binding, enabled, _) in screen.active_bindings.values() if binding.show]
    return [text for text in out if text]


async def _settle(pilot, condition=lambda: True, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while not condition():
        assert time.monotonic() < deadline, "the screen did not come"
        await pilot.pause(0.05)


async def _walk(folder: Path, name: str, language: str) -> dict[str, list[str]]:
    """Visit every screen and dialog; what each shows, by where."""
    from okrcoach.rubric import Linter
    from okrcoach.rubric.cache import load_cached_rubric

    settings = load_settings({}, environ={}, cwd=folder, user_config=folder / "none.toml")
    app = OkrCoachApp(settings, Linter(load_cached_rubric()), path=folder / name, recovery=RecoveryStore(folder / "recovery", session="words"), language=language)
    notes: list[str] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", **kwargs: Any) -> None:
        notes.extend([message, title])
        notify(message, title=title, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None))
        review = app.screen
        seen["review, objective"] = _shown(app)
        await pilot.press("down")
        await _settle(pilot, lambda: review.selected == (0, 0))
        seen["review, key result"] = _shown(app)
        # An invalid target: the field's error, then a save that waits for it, then Esc.
        review.set_focus(review.query_one("#field-target", Input))
        await pilot.press(*"zwölf")
        await _settle(pilot, lambda: bool(review.pending))
        seen["review, invalid field"] = _shown(app)
        await pilot.press("ctrl+s")
        await _settle(pilot)
        seen["review, save waits"] = _shown(app)
        await pilot.press("escape")  # cancels the invalid value, then back to the tree
        await _settle(pilot, lambda: not review.pending)
        await pilot.press("escape")
        await _settle(pilot, lambda: isinstance(app.focused, Tree))
        seen["palette entries"] = [part for command in app.get_system_commands(review) for part in (command.title, command.help)]
        for key, screen_type, where in (("question_mark", HelpScreen, "help"), ("p", ProgressScreen, "progress"), ("c", CheckinScreen, "check-in"), ("S", PathScreen, "save as")):
            await pilot.press(key)
            await _settle(pilot, lambda t=screen_type: isinstance(app.screen, t))
            seen[where] = _shown(app)
            if screen_type is CheckinScreen:
                await pilot.press("enter")  # no value: the dialog says what to enter
                await _settle(pilot)
                seen["check-in, no value"] = _shown(app)
            await pilot.press("escape")
            await _settle(pilot, lambda: app.screen is review)
        await pilot.press("delete")  # unsaved now: quitting asks
        await _settle(pilot)
        await pilot.press("ctrl+q")
        await _settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        seen["quit question"] = _shown(app)
        await pilot.press("n")
        await _settle(pilot, lambda: app.screen is review)
        await pilot.press("ctrl+z", "i")  # improve without an LLM: says so
        await _settle(pilot)
        seen["review, after undo and improve"] = _shown(app)
        # A save the edit engine cannot make: a stand-in editor offers no way to write the change.
        await pilot.press("delete")
        await _settle(pilot)
        with mock.patch.object(markdown_edit, "candidates", lambda *_: []), mock.patch.object(yaml_edit, "candidates", lambda *_: []):
            await pilot.press("ctrl+s")
            await _settle(pilot)
        seen["review, a save the engine cannot make"] = _shown(app)
        await pilot.press("ctrl+z")
        await _settle(pilot)
        (folder / "a-file").write_text("not a folder\n", encoding="utf-8")
        review.write_to(folder / "a-file" / name)  # the system's error, said in the language
        await _settle(pilot)
        app.push_screen(SuggestionScreen("Original", "Suggested", "rationale", ["OKR230 …"], review.ui_language))
        await _settle(pilot, lambda: isinstance(app.screen, SuggestionScreen))
        seen["suggestion"] = _shown(app)
        await pilot.press("n")
        await _settle(pilot, lambda: app.screen is review)
        app.push_screen(SuggestionScreen("Original", "Suggested", "rationale", [], review.ui_language, refused=["OKR309 …"]))
        await _settle(pilot, lambda: isinstance(app.screen, SuggestionScreen))
        seen["suggestion the rubric refused"] = _shown(app)
        await pilot.press("n")
        await _settle(pilot, lambda: app.screen is review)
        await pilot.press("escape")  # from the tree home, leaving the unsaved change? it asks
        await _settle(pilot, lambda: isinstance(app.screen, (ConfirmScreen, HomeScreen)))
        if isinstance(app.screen, ConfirmScreen):
            seen["leave question"] = _shown(app)
            await pilot.press("y")
            await _settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        seen["home"] = _shown(app)
        await pilot.press("n")
        await _settle(pilot, lambda: isinstance(app.screen, BriefScreen))
        seen["brief"] = _shown(app)
        # Drafting is off without an LLM (Generate disabled); the template checks the brief the same way.
        await pilot.press("ctrl+t")  # no goal yet
        await _settle(pilot)
        brief = app.screen
        brief.query_one("#goal", TextArea).load_text("Sell more")
        for period in ("Q5 2027", "2027-03-01..2027-01-01"):  # not a period; one that ends before it starts
            brief.query_one("#period", Input).value = period
            brief.set_focus(brief.query_one("#period", Input))
            await pilot.press("ctrl+t")
            await _settle(pilot)
        await pilot.press("escape")
        await _settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("w")
        await _settle(pilot, lambda: isinstance(app.screen, ExamplesScreen) and bool(app.screen.entries))
        seen["workshop examples"] = _shown(app)
        await pilot.press("escape")
        await _settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        # Files that cannot be opened: a name with no OKR format, YAML that cannot be read at all.
        (folder / "notes.txt").write_text("objectives:\n", encoding="utf-8")
        (folder / "broken.okr.yaml").write_text("objectives: [\n  - title: x\n", encoding="utf-8")
        (folder / "two.okr.yaml").write_text("objectives: []\n---\nobjectives: []\n", encoding="utf-8")
        app.open_path(folder / "notes.txt")
        app.open_path(folder / "broken.okr.yaml")
        app.open_path(folder / "two.okr.yaml")  # the YAML reader's own words ("but found another document")
        await _settle(pilot)
        okr_set = review.document.okr_set
        app.push_screen(RestoreScreen([Recovered(path=folder / "r.json", okr_set=okr_set, source=None, brief=None, saved_at=0.0, digest=None)], language))
        await _settle(pilot, lambda: isinstance(app.screen, RestoreScreen))
        seen["restore offer"] = _shown(app)
        await pilot.press("escape")
        app.push_screen(ChangedFileScreen(name, "a", "b", language))
        await _settle(pilot, lambda: isinstance(app.screen, ChangedFileScreen))
        seen["changed file"] = _shown(app)
        await pilot.press("escape")
        await _settle(pilot)
    seen["notifications"] = [note for note in notes if note]
    return seen


def _english_in(seen: dict[str, list[str]], phrases: set[str]) -> dict[str, list[str]]:
    found = {where: sorted({p for p in phrases for text in texts if p in text}) for where, texts in seen.items()}
    return {where: hits for where, hits in found.items() if hits}


@pytest.mark.parametrize("language", sorted(SETS))
async def test_the_tui_speaks_the_files_language(language, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name, text = SETS[language]
    (tmp_path / name).write_text(text, encoding="utf-8")
    seen = await _walk(tmp_path, name, language)
    assert all(seen.values()), f"a screen showed nothing: {[where for where, texts in seen.items() if not texts]}"
    assert len(seen["notifications"]) >= 8, seen["notifications"]
    phrases = _english_phrases(language)
    english = _english_in(seen, phrases)
    assert not english, f"English in the TUI on a {language} file: {english}"
    # The system's and the YAML reader's own English words are not shown either.
    notes = "\n".join(seen["notifications"])
    assert not [os.strerror(n) for n in range(1, 134) if os.strerror(n) in notes] and "another document" not in notes, notes
    assert i18n.text("tui.cannot-save", language, path="\0", problem="", kept="").split("\0")[0] in notes, notes
    if not read_path(tmp_path / name).okr_set.title:  # a set without a title is named in the language
        untitled = i18n.text("tui.untitled-set", language)
        assert untitled != "OKRs" and any(shown.startswith(f"{untitled} · ") for shown in seen["review, objective"]), seen["review, objective"]
    refused = i18n.text("tui.save-refused", language, reason=i18n.msg("phrases.edit-cannot-here", what=i18n.msg("phrases.edit-change", kind="delete", ref="O1.KR1")))
    assert refused in notes, notes


async def test_the_search_finds_english_in_an_english_tui(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name, text = ENGLISH
    (tmp_path / name).write_text(text, encoding="utf-8")
    seen = await _walk(tmp_path, name, "en")
    english = _english_in(seen, _english_phrases("da"))
    # Every screen and dialog, and the notifications, speak English here: the search sees it.
    quiet = [where for where in seen if where not in english and where != "palette entries"]
    assert not quiet, f"the search found no English in {quiet}"
    assert [os.strerror(n) for n in range(1, 134) if os.strerror(n) in "\n".join(seen["notifications"])]


@pytest.mark.parametrize("language", sorted(SETS))
async def test_new_elements_and_the_empty_form_speak_the_sets_language_in_an_english_app(language, tmp_path, monkeypatch):
    """An English app (the default) opens a set in another language: a key result or objective
    added with `a` or `o` starts with a placeholder in the set's language (it is saved as typed
    if left), and the form's hint with the whole set selected is in it too."""
    from okrcoach.rubric import Linter
    from okrcoach.rubric.cache import load_cached_rubric

    monkeypatch.chdir(tmp_path)
    name, text = SETS[language]
    (tmp_path / name).write_text(text, encoding="utf-8")
    settings = load_settings({}, environ={}, cwd=tmp_path, user_config=tmp_path / "none.toml")
    app = OkrCoachApp(settings, Linter(load_cached_rubric()), path=tmp_path / name, recovery=RecoveryStore(tmp_path / "recovery", session="new"), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None))
        review = app.screen
        await pilot.press("a")
        await _settle(pilot, lambda: review.selected is not None and review.selected[1] is not None)
        assert review.document.element(review.selected).text == i18n.text("tui.new-key-result", language)
        await pilot.press("escape", "o")
        await _settle(pilot, lambda: review.selected is not None and review.selected[0] == 1 and review.selected[1] is None)
        assert review.document.element(review.selected).title == i18n.text("tui.new-objective", language)
        await pilot.press("escape")
        await _settle(pilot, lambda: isinstance(app.focused, Tree))
        review.show_element(None)
        await _settle(pilot)
        placeholder = _plain(review.query_one("#element-text", Input).placeholder)
    assert placeholder == i18n.text("tui.review-select", language) != i18n.text("tui.review-select", "en")
    assert i18n.text("tui.new-key-result", language) != i18n.text("tui.new-key-result", "en")
