"""What every okrcoach screen may ask of the app, typed: the `Coach` protocol and `CoachScreen`.

Screens reach the app's settings, linter, recovery store and navigation through `self.coach`,
which `OkrCoachApp` implements, so no screen needs an untyped `self.app.<attribute>`; and each
screen's key bindings come from the actions registry by its `CONTEXT`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Optional, Protocol, cast

from textual.screen import Screen

from okrcoach.document import OkrDocument
from okrcoach.model import OkrSet
from okrcoach.recovery import RecoveryStore
from okrcoach.rubric import Linter
from okrcoach.settings import LLMSettings
from okrcoach.workspace import Workspace


class Coach(Protocol):
    """The app as its screens see it."""

    settings: Optional[LLMSettings]
    linter: Linter
    recovery: RecoveryStore
    workspace: Optional[Workspace]
    tokens: int

    def drafter(self) -> Any: ...

    def budget_left(self) -> bool: ...

    def remember_brief(self, brief: dict[str, Any]) -> None: ...

    def show_draft(self, okr_set: OkrSet, brief: Optional[dict[str, Any]], note: str = "") -> None: ...

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
