"""Modal dialogs: help, paths, confirmations, restore offers and AI suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from okrcoach.i18n import resolve
from okrcoach.recovery import Recovered
from okrcoach.workspace import OutsideWorkspace, Workspace

from .actions import help_text
from .words import relabel, ui

HELP = help_text()  # in English; the screen shows it in the user's language


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "app.pop_screen", "Close")]

    def __init__(self, language: str = "en") -> None:
        super().__init__()
        self.language = language
        relabel(self, {"app.pop_screen": ui("close", language)})

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(Text(help_text(self.language)), id="help-text")
            yield Button(ui("close", self.language), id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no."""

    BINDINGS = [Binding("escape,n", "answer(False)", "No"), Binding("y", "answer(True)", "Yes")]

    def __init__(self, question: str, yes: Optional[str] = None, no: Optional[str] = None, language: str = "en") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes or ui("answer-yes", language), no or ui("answer-no", language)
        relabel(self, {"answer(False)": self.no, "answer(True)": self.yes})

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

    def __init__(self, title: str, initial: str = "", must_exist: bool = False, workspace: Optional[Workspace] = None, language: str = "en") -> None:
        super().__init__()
        self.title_text, self.initial, self.must_exist, self.workspace = title, initial, must_exist, workspace
        self.language = language
        relabel(self, {"cancel": ui("cancel", language)})

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text))
            if self.workspace is not None:
                files = self.workspace.files()
                listing = ", ".join(files[:12]) + (" …" if len(files) > 12 else "") if files else ui("path-no-files", self.language)
                yield Static(Text(ui("path-workspace", self.language, files=listing) + "\n" + ui("path-download", self.language)), id="path-workspace")
            yield Input(value=self.initial, placeholder="team.okr.yaml" if self.workspace is not None else ui("path-example", self.language), id="path")
            yield Static("", id="path-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(ui("ok", self.language), id="ok", variant="primary")
                yield Button(ui("cancel", self.language), id="cancel")

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
                self.query_one("#path-error", Static).update(Text(resolve(exc.message, self.language) or ""))
                return
        else:
            path = Path(value).expanduser()
        if self.must_exist and not path.is_file():
            self.query_one("#path-error", Static).update(Text(ui("path-no-such-file", self.language, path=value)))
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


def describe_draft(draft: Recovered, language: str) -> str:
    """A kept draft as the restore offer lists it: title, size, file, when."""
    import time

    okr_set = draft.okr_set
    title = okr_set.title or (okr_set.objectives[0].title if okr_set.objectives else "") or ui("restore-empty-draft", language)
    return ui(
        "restore-draft",
        language,
        title=title,
        count=okr_set.key_result_count(),
        where=draft.source or ui("restore-never-saved", language),
        changed=ui("restore-changed", language) if draft.changed_since() else "",
        when=time.strftime("%Y-%m-%d %H:%M", time.localtime(draft.saved_at)),
    )


class RestoreScreen(ModalScreen[Optional[tuple[str, Recovered]]]):
    """Offer unsaved drafts from sessions that ended without saving."""

    BINDINGS = [Binding("escape", "later", "Later")]

    def __init__(self, drafts: list[Recovered], language: str = "en") -> None:
        super().__init__()
        self.drafts = drafts
        self.language = language
        relabel(self, {"later": ui("later", language)})

    def compose(self) -> ComposeResult:
        say = self.language
        with Vertical(classes="dialog"):
            yield Static(Text(ui("restore-question", say, count=len(self.drafts))), classes="question")
            yield OptionList(*[Option(Text(describe_draft(d, say)), id=str(i)) for i, d in enumerate(self.drafts)], id="drafts")
            with Horizontal(classes="buttons"):
                yield Button(ui("restore", say), id="restore", variant="primary")
                yield Button(ui("discard", say), id="discard", variant="error")
                yield Button(ui("later", say), id="later")

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
    """The AI's rewrite beside the original, to accept or reject; or, when the rubric refused it
    (`refused`: why, one line each in the user's language), to read and close: the rubric decides
    what may replace the user's text, never the model."""

    BINDINGS = [Binding("y,a", "answer(True)", "Accept"), Binding("escape,n,r", "answer(False)", "Reject")]

    def __init__(self, original: str, suggestion: str, rationale: str, remaining: list[str], language: str = "en", refused: Sequence[str] = ()) -> None:
        super().__init__()
        self.original, self.suggestion, self.rationale, self.remaining = original, suggestion, rationale, remaining
        self.language = language
        self.refused = list(refused)
        relabel(self, {"answer(False)": ui("close", language)} if self.refused else {"answer(True)": ui("accept", language), "answer(False)": ui("reject", language)})

    def compose(self) -> ComposeResult:
        say = self.language
        with Vertical(classes="dialog wide"):
            yield Label(ui("suggestion-title", say))
            with Horizontal(id="compare"):
                with Vertical(classes="side"):
                    yield Label(ui("suggestion-original", say))
                    yield Static(Text(self.original), id="original", classes="pane")
                with Vertical(classes="side"):
                    yield Label(ui("suggestion-new", say))
                    yield Static(Text(self.suggestion), id="suggestion", classes="pane")
            note = self.rationale
            if self.refused:
                note = "\n".join([ui("suggestion-refused", say), *(f"• {line}" for line in self.refused)])
            elif self.remaining:
                note += "\n" + ui("suggestion-remaining", say, findings="; ".join(self.remaining))
            yield Static(Text(note), id="refused" if self.refused else "rationale")
            with Horizontal(classes="buttons"):
                if self.refused:
                    yield Button(ui("close", say), id="reject", variant="primary")
                else:
                    yield Button(ui("accept-key", say), id="accept", variant="success")
                    yield Button(ui("reject-key", say), id="reject", variant="error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> Optional[bool]:
        """A refused suggestion cannot be accepted (y and a do nothing); the screen says why."""
        return not (action == "answer" and parameters == (True,) and self.refused)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value and not self.refused)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "accept")
