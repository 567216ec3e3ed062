"""Keys that arrive in one burst (a loaded machine, a laggy `serve` websocket) edit what the user
sees selected, and every typed character lands in the field it was typed into (Pilot).

`burst` hands all keys to the driver before the app processes any of them, so the app sees them
the way a slow terminal delivers them: tree moves, the edit key and the typing all queued before
the first highlight or change message is handled.
"""

from __future__ import annotations

from textual import events

from okrcoach.model import KeyResult
from okrcoach.tui.app import ReviewScreen
from okrcoach.tui.checkin import CheckinScreen
from tests.tui.test_app import make_app, review_ready, wait_for

GDOCS_MD = """\
# Vertrieb OKRs 2027-Q1
1. **Objective: Marktführer im DACH-Onlinehandel werden**
   1. Umsatz mit Neukunden von 1,2 Mio. € auf 1,8 Mio. € steigern
   2. Conversion Rate von 2,1 % auf 3,0 % erhöhen
"""

COMMENTED_YAML = """\
# Support OKRs for Q1 (owner: Bo)
period: 2027-Q1
objectives:
  - title: Make every customer a fan  # the team's own words
    key_results:
      - Raise NPS from 31 to 45
      # agreed with finance
      - text: Cut first response time from 8 to 2 hours
        deadline: 2027-03-31
"""


async def burst(pilot, *keys: str) -> None:
    """Queue every key at once, then let the app work through them."""
    driver = pilot.app._driver
    for key in keys:
        char = key if len(key) == 1 else {"space": " "}.get(key)
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause(0.3)


def chars(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


def key_result(screen: ReviewScreen, oi: int, ki: int) -> KeyResult:
    element = screen.document.element((oi, ki))
    assert isinstance(element, KeyResult)
    return element


async def test_moving_in_a_burst_changes_nothing(linter, tmp_path):
    path = tmp_path / "gdocs.okr.md"
    path.write_text(GDOCS_MD)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await review_ready(pilot, app)
        await burst(pilot, "down", "down")
        await wait_for(pilot, lambda: screen.selected == (0, 1))
        assert key_result(screen, 0, 1).text == "Conversion Rate von 2,1 % auf 3,0 % erhöhen"
        assert key_result(screen, 0, 0).text == "Umsatz mit Neukunden von 1,2 Mio. € auf 1,8 Mio. € steigern"
        assert not screen.document.dirty
        assert "modified" not in screen.query_one("#status").render().plain
        assert screen.query_one("#element-text").value == "Conversion Rate von 2,1 % auf 3,0 % erhöhen"


async def test_an_edit_typed_in_a_burst_lands_on_the_selected_key_result(linter, tmp_path):
    path = tmp_path / "gdocs.okr.md"
    path.write_text(GDOCS_MD)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await review_ready(pilot, app)
        await burst(pilot, "down", "down", "e", "end", *chars(" rev"))
        await wait_for(pilot, lambda: screen.query_one("#element-text").value.endswith(" rev"))
        assert key_result(screen, 0, 1).text == "Conversion Rate von 2,1 % auf 3,0 % erhöhen rev"
        assert key_result(screen, 0, 0).text == "Umsatz mit Neukunden von 1,2 Mio. € auf 1,8 Mio. € steigern"
        assert screen.selected == (0, 1)
        await burst(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not screen.document.dirty)
    lines = path.read_text().splitlines()
    assert lines == GDOCS_MD.replace("erhöhen", "erhöhen rev").splitlines()


async def test_text_cleared_and_retyped_in_a_burst_is_kept(linter, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(COMMENTED_YAML)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await review_ready(pilot, app)
        await burst(pilot, "down", "down", "e", "ctrl+u", *chars("Answer in 2 hours"))
        await wait_for(pilot, lambda: key_result(screen, 0, 1).text == "Answer in 2 hours")
        assert screen.query_one("#element-text").value == "Answer in 2 hours"
        assert key_result(screen, 0, 0).text == "Raise NPS from 31 to 45"


async def test_an_invalid_deadline_typed_in_a_burst_stays_with_its_error(linter, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(COMMENTED_YAML)
    before = path.read_bytes()
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await review_ready(pilot, app)
        await burst(pilot, "down", "down", "e", "tab", "tab", "tab", "tab", "end", *["backspace"] * 10, *chars("31.13.2027"))
        field = screen.query_one("#field-deadline")
        await wait_for(pilot, lambda: field.value == "31.13.2027")
        assert field.has_class("invalid")
        assert "31.13.2027" in screen.query_one("#field-error").render().plain
        # the backspaces emptied the field (no deadline); what was typed after them waits, shown
        assert key_result(screen, 0, 1).deadline is None and screen.pending
        assert key_result(screen, 0, 0).deadline is None and key_result(screen, 0, 0).text == "Raise NPS from 31 to 45"
        assert screen.query_one("#element-text").value == "Cut first response time from 8 to 2 hours"
        await burst(pilot, "ctrl+s")
        assert path.read_bytes() == before, "save waits for the field"
        assert any("Not saved: O1.KR2 deadline" in n.message for n in app._notifications)


async def test_a_check_in_key_in_a_burst_checks_in_what_the_form_shows(linter, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(COMMENTED_YAML)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await review_ready(pilot, app)
        await burst(pilot, "down", "c")
        assert not any("Select a key result" in n.message for n in app._notifications)
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        assert app.screen.ref_label == "O1.KR1" and app.screen.key_result is key_result(screen, 0, 0)
        assert screen.selected == (0, 0)


async def test_a_check_in_typed_in_a_burst_puts_each_value_in_its_field(linter, tmp_path):
    """`50<tab>0,6` typed fast in the check-in dialog recorded the value 500,6: the confidence's
    keys arrived before the focus moved. Tab moves it first, as on the brief form."""
    path = tmp_path / "support.okr.yaml"
    path.write_text(COMMENTED_YAML)
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        await review_ready(pilot, app)
        await burst(pilot, "down", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await burst(pilot, *chars("50"), "tab", *chars("0,6"))
        assert app.screen.query_one("#checkin-value").value == "50"
        assert app.screen.query_one("#checkin-confidence").value == "0,6"
