"""Workshop examples in the TUI: open a library set, good or with its flaws, into review."""

from __future__ import annotations

from typing import Optional

from rich.cells import cell_len
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

from .words import relabel, ui

LANGUAGE_OPTIONS = language_options()


class ExamplesScreen(ModalScreen[Optional[tuple[OkrSet, str]]]):
    """Pick a library set; the flawed version shows the rubric's badges on its planted flaws."""

    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, language: str = "en", ui_language: Optional[str] = None) -> None:
        super().__init__()
        self.language = language  # the examples'
        self.ui_language = ui_language or language  # the dialog's own words'
        self.entries: list[tuple[OkrSet, str]] = []
        relabel(self, {"cancel": ui("close", self.ui_language)})

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(ui("examples-title", self.ui_language))
            yield Select(LANGUAGE_OPTIONS, value=self.language, allow_blank=False, id="examples-language")
            yield OptionList(id="examples-list")

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#examples-list", OptionList).focus()

    def _fill(self) -> None:
        from okrcoach.workshop.library import all_sets, function_name

        options = self.query_one("#examples-list", OptionList)
        options.clear_options()
        self.entries = []
        examples = all_sets(language=self.language)
        # The function and the variant in the room's words (`Salg`, `med fejl`), the title in the
        # set's own language; each column as wide as its widest entry.
        functions = {example.function: function_name(example.function, self.ui_language) for example in examples}
        variants = {variant: ui("examples-variant", self.ui_language, variant=variant) for variant in ("good", "flawed")}
        function_width = max((cell_len(name) for name in functions.values()), default=0)
        variant_width = max(cell_len(word) for word in variants.values())
        for example in examples:
            good = example.okr_set()
            flawed = example.okr_set(swaps=[item for item in example.flawed if not item.no_period])
            for variant, okr_set, note in (("good", good, "examples-good-note"), ("flawed", flawed, "examples-flawed-note")):
                # The note is shown over the opened set: in the set's language, as its screen speaks.
                self.entries.append((okr_set, ui(note, self.language)))
                function, word = functions[example.function], variants[variant]
                shown = f"{function}{' ' * (function_width - cell_len(function))}  {word}{' ' * (variant_width - cell_len(word))}  {example.title}"
                options.add_option(Option(Text(shown), id=str(len(self.entries) - 1)))
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
