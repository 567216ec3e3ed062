"""The okrcoach terminal app: home, draft from a brief, review and edit, improve with AI, save.

The app holds what its screens share (settings, linter, recovery store, token count) and moves
between screens; each screen lives in its own module and reaches the app through the typed `Coach`
protocol. Key bindings, palette entries and help all come from the actions registry. Workers (LLM
calls) only post messages; user and model text is always rendered as plain `Text`, so brackets
never become markup. An unsaved draft is kept in a recovery file and offered back after a crash.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Iterable, Optional

from textual.app import App, SystemCommand
from textual.screen import Screen

from okrcoach.document import OkrDocument
from okrcoach.model import OkrSet
from okrcoach.recovery import RecoveryStore, remember_file
from okrcoach.rubric import Linter
from okrcoach.settings import LLMSettings
from okrcoach.workspace import Workspace

from . import actions
from .base import CoachScreen
from .brief import LANGUAGE_OPTIONS, BriefScreen
from .home import HomeScreen
from .review import ReviewScreen
from .screens import ConfirmScreen, HelpScreen, PathScreen, RestoreScreen
from .widgets import badges, shown_path

__all__ = ["LANGUAGE_OPTIONS", "BriefScreen", "HomeScreen", "OkrCoachApp", "ReviewScreen", "badges", "shown_path"]


class OkrCoachApp(App):
    """okrcoach's TUI; settings, linter and recovery store are passed in, never global."""

    CSS_PATH = "app.tcss"
    TITLE = "okrcoach"
    CONTEXT = "app"
    BINDINGS = actions.bindings(CONTEXT)

    def __init__(
        self,
        settings: Optional[LLMSettings],
        linter: Linter,
        path: Optional[Path] = None,
        recovery: Optional[RecoveryStore] = None,
        drafter: Any = None,
        token_budget: Optional[int] = None,
        offer_restore: bool = True,
        workspace: Optional[Workspace] = None,
    ) -> None:
        super().__init__()
        self.token_budget = token_budget
        self.workspace = workspace
        self.offer_restore = offer_restore
        self.settings = settings
        self.linter = linter
        self.start_path = path
        self.recovery = recovery or RecoveryStore()
        self.tokens = 0
        self._drafter = drafter
        self._brief: Optional[dict[str, Any]] = None

    def drafter(self):
        if self._drafter is None:
            from okrcoach.drafting.drafter import Drafter

            if self.settings is None:
                raise RuntimeError("drafting needs LLM settings")
            self._drafter = Drafter(self.settings, self.linter)
        return self._drafter

    def on_mount(self) -> None:
        if self.start_path is not None:
            self.push_screen(HomeScreen())
            self.open_path(self.start_path)
        else:
            self.push_screen(HomeScreen())
        orphans = self.recovery.orphans() if self.offer_restore else []
        if self.start_path is not None:
            # Opening one file offers only that file's draft; the others wait for the home screen.
            orphans = [recovered for recovered in orphans if recovered.belongs_to(self.start_path)]
        if orphans:
            self.push_screen(RestoreScreen(orphans), self._restore_decided)

    def _restore_decided(self, choice: Optional[tuple[str, Any]]) -> None:
        if choice is None:
            return
        action, recovered = choice
        if action == "discard":
            self.recovery.discard(recovered.path)
            self.notify("Discarded the unsaved draft.")
            return
        if recovered.changed_since():
            self._compare_before_restore(recovered)
            return
        self._restore(recovered, "Restored your unsaved draft. Save it with ctrl+s.")

    def _restore(self, recovered: Any, note: str) -> None:
        self.recovery.adopt(recovered)
        source = Path(recovered.source) if recovered.source else None
        document = OkrDocument.restored(recovered.okr_set, source, recovered.digest)
        self.push_screen(ReviewScreen(document, recovered.brief, note=note))

    def _compare_before_restore(self, recovered: Any) -> None:
        """The file changed after the draft began: show both before anything can overwrite it."""
        from okrcoach.documents import new_text
        from okrcoach.documents.storage import load
        from okrcoach.formats import format_for_path

        from .compare import ChangedFileScreen

        source = Path(recovered.source)
        stored, _ = load(source)
        now = stored.text if stored is not None else "(the file is gone or cannot be read)"
        draft = new_text(recovered.okr_set, format_for_path(source) or "yaml")

        def decided(answer: Optional[str]) -> None:
            if answer == "open":
                self._restore(recovered, f"Restored your unsaved draft; {source.name} changed since it began, so saving asks before overwriting it (Save as keeps both).")
            elif answer == "discard":
                self.recovery.discard(recovered.path)
                self.notify("Discarded the unsaved draft.")

        self.push_screen(ChangedFileScreen(str(source), now, draft), decided)

    def open_path(self, path: Path) -> None:
        from okrcoach.document import OpenError

        try:
            document, issues = OkrDocument.open(path)
        except OpenError as exc:
            self.notify(f"Cannot open {path}: {exc}", severity="error", timeout=10, markup=False)
            return
        for issue in issues[:3]:
            self.notify(f"{path.name}:{issue.line or '-'} {issue.message}", severity="warning", timeout=8, markup=False)
        remember_file(path)
        self.push_screen(ReviewScreen(document))

    def show_draft(self, okr_set: OkrSet, brief: Optional[dict[str, Any]], note: str = "") -> None:
        document = OkrDocument(okr_set, dirty=True)
        self.save_recovery(document, brief)
        self.push_screen(ReviewScreen(document, brief, note=note))

    def budget_left(self) -> bool:
        """Whether this session may still call the LLM (workshop budgets); says why when not."""
        # Whatever the last call did (finished, failed, cancelled, timed out), the drafter counted
        # what it used: the budget sees it even when no screen reported it.
        self.tokens = max(self.tokens, getattr(getattr(self._drafter, "usage", None), "total_tokens", 0))
        if self.token_budget is not None and self.tokens >= self.token_budget:
            self.notify(f"This session's LLM budget of {self.token_budget:,} tokens is used up; edit by hand or save your work.", severity="warning", timeout=10)
            return False
        return True

    def action_examples(self) -> None:
        from .examples_view import ExamplesScreen

        def chosen(choice: Optional[tuple[OkrSet, str]]) -> None:
            if choice is not None:
                okr_set, note = choice
                self.push_screen(ReviewScreen(OkrDocument(okr_set), note=note))

        self.push_screen(ExamplesScreen(), chosen)

    def remember_brief(self, brief: dict[str, Any]) -> None:
        self._brief = brief

    def save_recovery(self, document: OkrDocument, brief: Optional[dict[str, Any]]) -> None:
        try:
            self.recovery.save(document.okr_set, document.path, brief, document.disk_digest)
        except OSError as exc:
            self.notify(f"Could not write the recovery file: {exc}", severity="warning", markup=False)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_open_file(self) -> None:
        def chosen(path: Optional[Path]) -> None:
            if path is not None:
                self.open_path(path)

        self.push_screen(PathScreen("Open an OKR file", must_exist=True, workspace=self.workspace), chosen)

    def action_new_draft(self) -> None:
        self.push_screen(BriefScreen(self._brief))

    def go_home(self) -> None:
        """Close every screen above the home screen."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def _unsaved(self) -> bool:
        return any(isinstance(s, ReviewScreen) and (s.document.dirty or bool(s.pending)) for s in self.screen_stack)

    def action_quit_app(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.flush_recovery()  # the keys typed since the last pause are kept too
        if not self._unsaved():
            self.recovery.discard()
            self.exit()
            return

        def answered(quit_anyway: Optional[bool]) -> None:
            if quit_anyway:
                self.exit()  # the recovery file stays, so the draft is offered next time

        self.push_screen(ConfirmScreen("There are unsaved changes. Quit anyway? (They are kept in a recovery file and offered next time.)", yes="Quit", no="Stay"), answered)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then every action available on `screen`, from the registry."""
        yield from super().get_system_commands(screen)
        context = screen.CONTEXT if isinstance(screen, CoachScreen) else ""
        for action in actions.palette_actions(context, served=self.workspace is not None):
            yield SystemCommand(action.title, action.description[:1].upper() + action.description[1:], partial(self.run_action, action.palette_action(context), screen))
