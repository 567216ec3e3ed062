"""The file as it is now beside an unsaved draft of it, when the file changed after the draft began.

A crash leaves a recovery file; if someone recorded a check-in (or edited the file) before the
draft is restored, saving the draft would undo their change. This screen shows both, side by side,
before anything is opened, and says what saving will do.
"""

from __future__ import annotations

from typing import Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from .words import relabel, ui


class ChangedFileScreen(ModalScreen[Optional[str]]):
    """The file now (left) and the recovered draft (right); dismisses with "open", "discard" or
    None (keep the draft for later)."""

    BINDINGS = [Binding("o", "answer('open')", "Open the draft"), Binding("d", "answer('discard')", "Discard"), Binding("escape,l", "answer(None)", "Later")]
    AUTO_FOCUS = "#open"

    def __init__(self, path: str, file_text: str, draft_text: str, language: str = "en") -> None:
        super().__init__()
        self.path, self.file_text, self.draft_text = path, file_text, draft_text
        self.language = language
        relabel(self, {"answer('open')": ui("changed-open-binding", language), "answer('discard')": ui("discard", language), "answer(None)": ui("later", language)})

    def compose(self) -> ComposeResult:
        say = self.language
        with Vertical(classes="dialog wide"):
            yield Static(Text(ui("changed-question", say, path=self.path)), classes="question")
            with Horizontal(id="compare"):
                with Vertical(classes="side"):
                    yield Label(ui("changed-file-now", say))
                    with VerticalScroll(classes="pane"):
                        yield Static(Text(self.file_text), id="file-now")
                with Vertical(classes="side"):
                    yield Label(ui("changed-draft", say))
                    with VerticalScroll(classes="pane"):
                        yield Static(Text(self.draft_text), id="draft")
            yield Static(Text(ui("changed-explain", say)))
            with Horizontal(classes="buttons"):
                yield Button(ui("changed-open", say), id="open", variant="primary")
                yield Button(ui("changed-discard", say), id="discard", variant="error")
                yield Button(ui("changed-later", say), id="later")

    def action_answer(self, answer: Optional[str]) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "later" else event.button.id)


__all__ = ["ChangedFileScreen"]
