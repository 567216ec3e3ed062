"""Workshop examples in the TUI: open a library set, good or with its flaws, into review."""

from __future__ import annotations

from typing import Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Select
from textual.widgets.option_list import Option

from okrcoach.language_data import language_options
from okrcoach.model import OkrSet

LANGUAGE_OPTIONS = language_options()


class ExamplesScreen(ModalScreen[Optional[tuple[OkrSet, str]]]):
    """Pick a library set; the flawed version shows the rubric's badges on its planted flaws."""

    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, language: str = "en") -> None:
        super().__init__()
        self.language = language
        self.entries: list[tuple[OkrSet, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Workshop examples: open one to review it (the flawed versions carry planted mistakes)")
            yield Select(LANGUAGE_OPTIONS, value=self.language, allow_blank=False, id="examples-language")
            yield OptionList(id="examples-list")

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#examples-list", OptionList).focus()

    def _fill(self) -> None:
        from okrcoach.workshop.library import all_sets

        options = self.query_one("#examples-list", OptionList)
        options.clear_options()
        self.entries = []
        for example in all_sets(language=self.language):
            good = example.okr_set()
            flawed = example.okr_set(swaps=[item for item in example.flawed if not item.no_period])
            for variant, okr_set, note in (
                ("good", good, "A good example set from the library."),
                ("with flaws", flawed, "A flawed example: find the planted mistakes, then compare with the badges."),
            ):
                self.entries.append((okr_set, note))
                options.add_option(Option(Text(f"{example.function:<17} {variant:<11} {example.title}"), id=str(len(self.entries) - 1)))
        if self.entries:
            options.highlighted = 0  # enter opens the first at once

    @on(Select.Changed, "#examples-language")
    def language_changed(self, event: Select.Changed) -> None:
        self.language = str(event.value)
        self._fill()

    @on(OptionList.OptionSelected, "#examples-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.entries[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
