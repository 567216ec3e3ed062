"""Key-result fields in the TUI never lose what was typed (Pilot).

A value in any form people type (31.03.2027, 8 %, 12,5) is taken; one that is not valid
(`next tuesday`) stays in its input with a message saying what is accepted, marks the document
modified, and blocks saving, naming the field, until it is fixed or Esc cancels the edit.
"""

from __future__ import annotations

from datetime import date

import yaml

from okrcoach.model import KeyResult, Objective
from okrcoach.tui.app import ReviewScreen
from tests.tui.test_app import make_app, review_ready, wait_for

SET_YAML = """\
# Support OKRs
period: 2027-Q1
objectives:
  - title: Make every customer a fan
    key_results:
      - Raise NPS from 31 to 45
      - text: Cut first response time from 8 to 2 hours
        deadline: 2027-03-15
"""


async def select_kr2(pilot, app) -> ReviewScreen:
    screen = await review_ready(pilot, app)
    await pilot.press("down", "down")
    await wait_for(pilot, lambda: screen.selected == (0, 1))
    return screen


async def type_into(pilot, screen, name: str, text: str) -> None:
    """Select what the field holds and type over it, as a user does (ctrl+shift+a, then keys)."""
    field = screen.query_one(f"#field-{name}")
    field.focus()
    await pilot.pause()
    await pilot.press("ctrl+shift+a", *text)
    await pilot.pause()


def kr2(screen) -> KeyResult:
    element = screen.document.element((0, 1))
    assert isinstance(element, KeyResult)
    return element


async def test_dates_and_numbers_as_people_type_them(linter, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(SET_YAML)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr2(pilot, app)
        await type_into(pilot, screen, "deadline", "31.03.2027")
        assert kr2(screen).deadline == date(2027, 3, 31)
        assert not screen.query_one("#field-deadline").has_class("invalid")
        await type_into(pilot, screen, "deadline", "30. marts 2027")
        assert kr2(screen).deadline == date(2027, 3, 30)
        await type_into(pilot, screen, "target", "1.234,5")
        assert kr2(screen).target == 1234.5
        await type_into(pilot, screen, "baseline", "8 %")
        assert (kr2(screen).baseline, kr2(screen).unit) == (8, "%")
        assert screen.query_one("#field-unit").value == "%"
        assert not screen.pending and screen.document.dirty


async def test_an_invalid_value_is_kept_shown_and_blocks_save(linter, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(SET_YAML)
    before = path.read_bytes()
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr2(pilot, app)
        await type_into(pilot, screen, "deadline", "next tuesday")
        field = screen.query_one("#field-deadline")
        assert field.value == "next tuesday" and field.has_class("invalid")
        message = screen.query_one("#field-error").render().plain
        assert "must be a date such as 2027-03-31, 31.03.2027, 31/03/2027 or 31 March 2027" in message and "next tuesday" in message
        assert "modified" in screen.query_one("#status").render().plain
        assert kr2(screen).deadline == date(2027, 3, 15), "the model keeps the last valid value"

        # the value survives moving to another element and back
        screen.query_one("#okr-tree").focus()
        await pilot.press("up")
        await wait_for(pilot, lambda: screen.selected == (0, 0))
        await pilot.press("down")
        await wait_for(pilot, lambda: screen.selected == (0, 1))
        assert screen.query_one("#field-deadline").value == "next tuesday"

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() == before, "save waits for the field"
        notes = [n.message for n in app._notifications]
        assert any("Not saved: O1.KR2 deadline" in n and "next tuesday" in n for n in notes), notes
        assert screen.focused is screen.query_one("#field-deadline")

        # fixing it saves
        await type_into(pilot, screen, "deadline", "31/03/2027")
        assert not screen.pending
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = yaml.safe_load(path.read_text())
        assert saved["objectives"][0]["key_results"][1]["deadline"] == date(2027, 3, 31)
        assert "modified" not in screen.query_one("#status").render().plain


async def test_esc_cancels_an_invalid_edit(linter, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(SET_YAML)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr2(pilot, app)
        await type_into(pilot, screen, "target", "forty-five")
        assert screen.pending and "must be a number" in screen.query_one("#field-error").render().plain
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.pending
        assert screen.query_one("#field-target").value == "" and not screen.query_one("#field-target").has_class("invalid")
        assert not screen.query_one("#field-error").display
        assert "modified" not in screen.query_one("#status").render().plain, "nothing else changed"


async def test_quitting_with_an_invalid_value_asks_first(linter, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(SET_YAML)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr2(pilot, app)
        await type_into(pilot, screen, "deadline", "soon")
        assert app._unsaved()


async def test_deleting_the_key_result_says_its_typed_value_went_with_it(linter, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(SET_YAML)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr2(pilot, app)
        await type_into(pilot, screen, "deadline", "soon")
        screen.query_one("#okr-tree").focus()
        await pilot.press("delete")
        await pilot.pause()
        assert not screen.pending
        assert any("went with the key result" in n.message for n in app._notifications)
        assert not any(isinstance(o, Objective) and len(o.key_results) > 1 for o in screen.document.okr_set.objectives)


async def test_one_undo_step_per_edit_of_a_field_not_per_keystroke(linter, tmp_path):
    """`1,5` typed as the target, saved, undone: the target before the edit, never `1`; an edit of
    another field, and the text, are steps of their own."""
    path = tmp_path / "support.okr.yaml"
    path.write_text(SET_YAML.replace("        deadline: 2027-03-15\n", "        target: 2\n        deadline: 2027-03-15\n"))
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr2(pilot, app)
        await type_into(pilot, screen, "target", "1,5")
        assert kr2(screen).target == 1.5
        await type_into(pilot, screen, "baseline", "8")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.document.dirty)
        screen.query_one("#okr-tree").focus()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert (kr2(screen).baseline, kr2(screen).target) == (None, 1.5)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert kr2(screen).target == 2
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert kr2(screen).target == 1.5


def test_typing_in_one_field_after_another_edit_is_a_step_of_its_own(tmp_path):
    """The document folds typing into one step only while the same field of the same element is
    typed in: a text typed after a field edit undoes alone."""
    from okrcoach.document import OkrDocument

    document = OkrDocument(_set())
    document.set_field((0, 0), "target", 1, typing="target")
    document.set_field((0, 0), "target", 1.5, typing="target")
    document.set_text((0, 0), "Cut response time to 1", merge=True)
    document.set_text((0, 0), "Cut response time to 1.5 h", merge=True)
    assert document.undo() and (document.element((0, 0)).text, document.element((0, 0)).target) == ("Cut response time", 1.5)
    assert document.undo() and document.element((0, 0)).target == 2
    assert not document.undo()


def _set():
    from okrcoach.model import OkrSet

    return OkrSet(objectives=[Objective(title="Fans", key_results=[KeyResult(text="Cut response time", target=2)])])
