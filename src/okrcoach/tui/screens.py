"""Modal dialogs: help, paths, confirmations, restore offers and AI suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from okrcoach.recovery import Recovered
from okrcoach.workspace import OutsideWorkspace, Workspace

from .actions import help_text

HELP = help_text()


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(Text(HELP), id="help-text")
            yield Button("Close", id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no."""

    BINDINGS = [Binding("escape,n", "answer(False)", "No"), Binding("y", "answer(True)", "Yes")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="warning")
                yield Button(self.no, id="no", variant="primary")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class PathScreen(ModalScreen[Optional[Path]]):
    """Ask for a file path (open, save as); with a workspace, only paths inside it are accepted."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, initial: str = "", must_exist: bool = False, workspace: Optional[Workspace] = None) -> None:
        super().__init__()
        self.title_text, self.initial, self.must_exist, self.workspace = title, initial, must_exist, workspace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text))
            if self.workspace is not None:
                files = self.workspace.files()
                listing = ", ".join(files[:12]) + (" …" if len(files) > 12 else "") if files else "no files yet"
                yield Static(Text(f"Your workspace (only you see it): {listing}\nAfter saving, press d on the review screen to download the file to your computer."), id="path-workspace")
            yield Input(value=self.initial, placeholder="team.okr.yaml" if self.workspace is not None else "path/to/team.okr.yaml", id="path")
            yield Static("", id="path-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            return
        if self.workspace is not None:
            try:
                path = self.workspace.resolve(value)
            except OutsideWorkspace as exc:
                self.query_one("#path-error", Static).update(Text(str(exc)))
                return
        else:
            path = Path(value).expanduser()
        if self.must_exist and not path.is_file():
            self.query_one("#path-error", Static).update(Text(f"No such file: {value}"))
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class RestoreScreen(ModalScreen[Optional[tuple[str, Recovered]]]):
    """Offer unsaved drafts from sessions that ended without saving."""

    BINDINGS = [Binding("escape", "later", "Later")]

    def __init__(self, drafts: list[Recovered]) -> None:
        super().__init__()
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"okrcoach kept {len(self.drafts)} unsaved draft(s) from a session that ended without saving. Restore one?"), classes="question")
            yield OptionList(*[Option(Text(d.describe()), id=str(i)) for i, d in enumerate(self.drafts)], id="drafts")
            with Horizontal(classes="buttons"):
                yield Button("Restore", id="restore", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Later", id="later")

    def _selected(self) -> Recovered:
        index = self.query_one("#drafts", OptionList).highlighted or 0
        return self.drafts[index]

    def action_later(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#restore")
    def restore(self) -> None:
        self.dismiss(("restore", self._selected()))

    @on(Button.Pressed, "#discard")
    def discard(self) -> None:
        self.dismiss(("discard", self._selected()))

    @on(Button.Pressed, "#later")
    def later(self) -> None:
        self.dismiss(None)


class SuggestionScreen(ModalScreen[bool]):
    """The AI's rewrite beside the original, to accept or reject."""

    BINDINGS = [Binding("y,a", "answer(True)", "Accept"), Binding("escape,n,r", "answer(False)", "Reject")]

    def __init__(self, original: str, suggestion: str, rationale: str, remaining: list[str]) -> None:
        super().__init__()
        self.original, self.suggestion, self.rationale, self.remaining = original, suggestion, rationale, remaining

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Improve with AI")
            with Horizontal(id="compare"):
                with Vertical(classes="side"):
                    yield Label("Original")
                    yield Static(Text(self.original), id="original", classes="pane")
                with Vertical(classes="side"):
                    yield Label("Suggestion")
                    yield Static(Text(self.suggestion), id="suggestion", classes="pane")
            note = self.rationale
            if self.remaining:
                note += "\nThe rubric still says: " + "; ".join(self.remaining)
            yield Static(Text(note), id="rationale")
            with Horizontal(classes="buttons"):
                yield Button("Accept (y)", id="accept", variant="success")
                yield Button("Reject (n)", id="reject", variant="error")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "accept")
