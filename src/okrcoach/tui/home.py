"""The home screen: new draft, open a file, workshop examples, recent files."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from okrcoach.recovery import recent_files

from . import actions
from .base import CoachScreen
from .brief import BriefScreen
from .widgets import header


class HomeScreen(CoachScreen):
    CONTEXT = "home"
    BINDINGS = actions.bindings(CONTEXT)

    def compose(self) -> ComposeResult:
        yield header()
        with Vertical(id="home"):
            yield Static(Text(self.words("home-title"), style="bold"), id="home-title")
            options = [Option(self.words("home-new"), id="new"), Option(self.words("home-open"), id="open"), Option(self.words("home-examples"), id="examples")]
            for i, path in enumerate(recent_files()):
                options.append(Option(Text(self.words("home-recent", path=str(path))), id=f"recent:{i}"))
            yield OptionList(*options, id="home-menu")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#home-menu", OptionList).focus()

    @on(OptionList.OptionSelected, "#home-menu")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == "new":
            self.action_new_draft()
        elif option_id == "open":
            self.coach.action_open_file()
        elif option_id == "examples":
            self.coach.action_examples()
        elif option_id.startswith("recent:"):
            path = recent_files()[int(option_id.split(":")[1])]
            self.coach.open_path(path)

    def action_new_draft(self) -> None:
        self.app.push_screen(BriefScreen())
