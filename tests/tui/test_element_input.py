"""The review form's input scrolls and shows what it holds exactly as Textual's own `Input` does,
although a change of its width does not lay the screen out again (`ElementInput.virtual_size`)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from okrcoach.tui.widgets import ElementInput

KEYS = [*"Raise active teams to 45 % by June", "home", "end", *["backspace"] * 16, "left", "x"]


class Side(App):
    """A plain `Input` and the review's `ElementInput`, the same fixed width."""

    CSS = "Input { width: 24; }"

    def compose(self) -> ComposeResult:
        yield Input(id="plain")
        yield ElementInput("", id="element")


def _state(widget: Input) -> tuple:
    return (widget.value, widget.cursor_position, widget.scroll_x, widget.max_scroll_x, [strip.text for strip in widget.render_lines(widget.region.reset_offset)])


async def test_the_element_input_scrolls_and_shows_as_a_plain_input():
    app = Side()
    async with app.run_test(size=(60, 10)) as pilot:
        plain, element = app.query_one("#plain", Input), app.query_one("#element", ElementInput)
        for widget in (plain, element):
            widget.cursor_blink = False
        for widget in (plain, element):
            widget.focus()
            states = []
            for key in KEYS:
                await pilot.press(key)
                states.append(_state(widget))
            if widget is plain:
                expected = states
        assert states == expected


async def test_typing_in_the_element_input_lays_nothing_out():
    app = Side()
    async with app.run_test(size=(60, 10)) as pilot:
        element = app.query_one("#element", ElementInput)
        element.focus()
        await pilot.pause()
        layouts = element._layout_updates
        await pilot.press(*"a text longer than its box")
        await pilot.pause()
        assert element.value == "a text longer than its box"
        assert element._layout_updates == layouts
