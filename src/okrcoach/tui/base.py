"""What every okrcoach screen may ask of the app, typed: the `Coach` protocol and `CoachScreen`.

Screens reach the app's settings, linter, recovery store and navigation through `self.coach`,
which `OkrCoachApp` implements, so no screen needs an untyped `self.app.<attribute>`; each
screen's key bindings come from the actions registry by its `CONTEXT`, labelled in the screen's
language (`ui_language`) whenever it becomes the active screen.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, Optional, Protocol, cast

from textual.screen import Screen

from okrcoach.document import OkrDocument
from okrcoach.model import OkrSet
from okrcoach.recovery import RecoveryStore
from okrcoach.rubric import Linter
from okrcoach.settings import LLMSettings
from okrcoach.workspace import Workspace

from . import actions
from .words import relabel, ui


class Coach(Protocol):
    """The app as its screens see it."""

    settings: Optional[LLMSettings]
    linter: Linter
    recovery: RecoveryStore
    workspace: Optional[Workspace]
    tokens: int
    token_budget: Optional[int]
    language: str

    def speak(self, language: str) -> None: ...

    def drafter(self) -> Any: ...

    def budget_left(self) -> bool: ...

    def ai_off(self, language: str, spent: bool = True) -> Optional[str]: ...

    def remember_brief(self, brief: dict[str, Any]) -> None: ...

    def show_draft(self, okr_set: OkrSet, brief: Optional[dict[str, Any]], note: str = "", numbers: tuple[Any, ...] = ()) -> None: ...

    def open_path(self, path: Path) -> None: ...

    def go_home(self) -> None: ...

    def save_recovery(self, document: OkrDocument, brief: Optional[dict[str, Any]]) -> None: ...

    def action_examples(self) -> None: ...

    def action_open_file(self) -> None: ...


class CoachScreen(Screen[None]):
    """A full screen of the app: typed access to the app, bindings from the actions registry."""

    CONTEXT: ClassVar[str] = ""

    @property
    def coach(self) -> Coach:
        return cast(Coach, self.app)

    @property
    def ui_language(self) -> str:
        """The language this screen speaks: the app's, unless the screen shows a set in another."""
        return self.coach.language

    def words(self, key: str, /, **params: Any) -> str:
        """`tui.<key>` in the screen's language."""
        return ui(key, self.ui_language, **params)

    def speak(self) -> None:
        """Label this screen's key bindings, and the app's, in the screen's language."""
        language = self.ui_language
        relabel(self, actions.labels(language, served=self.coach.workspace is not None))
        self.coach.speak(language)
        self.refresh_bindings()  # a footer drawn while the app's labels were in another language too
        from textual.widgets._header import HeaderIcon

        for icon in self.query(HeaderIcon):  # Textual's own tooltip on the header's palette icon
            icon.tooltip = ui("palette-tooltip", language)

    def on_screen_resume(self) -> None:
        self.speak()

    def show_served_keys(self) -> None:
        """In a browser, the footer shows the key a browser lets through (ctrl+o for the offline
        template: browsers keep ctrl+t, a new tab, for themselves); the other keys still work."""
        for action in actions.actions_in(self.CONTEXT):
            if action.served_key is None:
                continue
            for key in (key.strip() for key in action.keys.split(",")):
                if key != action.served_key and key in self._bindings.key_to_bindings:  # a new list: the class's is shared
                    self._bindings.key_to_bindings[key] = [replace(b, show=False) if b.id == action.id else b for b in self._bindings.key_to_bindings[key]]
        self.refresh_bindings()
