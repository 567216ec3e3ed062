"""The okrcoach terminal app: home, draft from a brief, review and edit, improve with AI, save.

The app holds what its screens share (settings, linter, recovery store, token count) and moves
between screens; each screen lives in its own module and reaches the app through the typed `Coach`
protocol. Key bindings, palette entries and help all come from the actions registry. Workers (LLM
calls) only post messages; user and model text is always rendered as plain `Text`, so brackets
never become markup. An unsaved draft is kept in a recovery file and offered back after a crash.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Optional

from textual.app import App, SystemCommand
from textual.command import CommandPalette
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
from .words import relabel, ui

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
        language: str = "en",
    ) -> None:
        super().__init__()
        self.language = language  # spoken where no set is open (home, brief, dialogs about files)
        self._spoken = "en"
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
            self.push_screen(RestoreScreen(orphans, self._drafts_language(orphans)), self._restore_decided)

    def _drafts_language(self, drafts: list[Any]) -> str:
        """The language to offer drafts back in: theirs, when they share one (a Hungarian file's
        draft is offered in Hungarian, as the review screen under the offer speaks), else the app's."""
        languages = {self.linter.language_of(d.okr_set) for d in drafts if d.okr_set.objectives}
        return languages.pop() if len(languages) == 1 else self.language

    def _restore_decided(self, choice: Optional[tuple[str, Any]]) -> None:
        if choice is None:
            return
        action, recovered = choice
        say = self._drafts_language([recovered])
        if action == "discard":
            self.recovery.discard(recovered.path)
            self.notify(ui("discarded", say))
            return
        if recovered.changed_since():
            self._compare_before_restore(recovered)
            return
        self._restore(recovered, ui("restored", say))

    def _restore(self, recovered: Any, note: str) -> None:
        self.recovery.adopt(recovered)
        source = Path(recovered.source) if recovered.source else None
        document = OkrDocument.restored(recovered.okr_set, source, recovered.digest)
        self.push_screen(ReviewScreen(document, recovered.brief, note=note))

    def _compare_before_restore(self, recovered: Any) -> None:
        """The file changed after the draft began: show both before anything can overwrite it."""
        from okrcoach.documents import new_text
        from okrcoach.documents.storage import load
        from okrcoach.formats import format_of

        from .compare import ChangedFileScreen

        source = Path(recovered.source)
        say = self._drafts_language([recovered])
        stored, _ = load(source)
        now = stored.text if stored is not None else ui("file-gone", say)
        draft = new_text(recovered.okr_set, format_of(source, stored.text if stored is not None else None) or "yaml")

        def decided(answer: Optional[str]) -> None:
            if answer == "open":
                self._restore(recovered, ui("restored-changed", say, name=source.name))
            elif answer == "discard":
                self.recovery.discard(recovered.path)
                self.notify(ui("discarded", say))

        self.push_screen(ChangedFileScreen(str(source), now, draft, say), decided)

    def open_path(self, path: Path) -> None:
        from okrcoach.document import OpenError

        try:
            document, issues = OkrDocument.open(path)
        except OpenError as exc:
            self.notify(ui("cannot-open", self.language, path=str(path), reason=exc.message), severity="error", timeout=10, markup=False)
            return
        language = self.linter.language_of(document.okr_set) if document.okr_set.objectives else self.language
        for issue in issues[:3]:
            self.notify(f"{path.name}:{issue.line or '-'} {issue.text_in('message', language)}", severity="warning", timeout=8, markup=False)
        remember_file(path)
        self.push_screen(ReviewScreen(document))

    def show_draft(self, okr_set: OkrSet, brief: Optional[dict[str, Any]], note: str = "", numbers: tuple[Any, ...] = ()) -> None:
        """Review a new draft; `numbers` are its notes on figures the brief never gave."""
        document = OkrDocument(okr_set, dirty=True)
        self.save_recovery(document, brief)
        self.push_screen(ReviewScreen(document, brief, note=note, numbers=numbers))

    def ai_off(self, language: str, spent: bool = True) -> Optional[str]:
        """Why this session cannot ask the AI anything now, in `language`, or None when it can:
        no LLM set up or a workshop without an LLM budget (`serve --token-budget 0`), for the
        whole session; with `spent`, also a budget used up. Screens do not offer AI actions the
        session can never run, and show the reason; a budget used up is said when they are asked
        for (`budget_left`), with the tokens it had."""
        if self.token_budget == 0:
            return ui("ai-off-no-budget", language)
        if self.settings is None or self.settings.problems():
            return ui("status-no-llm", language)
        self.tokens = max(self.tokens, getattr(getattr(self._drafter, "usage", None), "total_tokens", 0))
        if spent and self.token_budget is not None and self.tokens >= self.token_budget:
            return ui("budget-used", language, budget=self.token_budget)
        return None

    def budget_left(self) -> bool:
        """Whether this session may still call the LLM (workshop budgets); says why when not."""
        # Whatever the last call did (finished, failed, cancelled, timed out), the drafter counted
        # what it used: the budget sees it even when no screen reported it.
        self.tokens = max(self.tokens, getattr(getattr(self._drafter, "usage", None), "total_tokens", 0))
        if self.token_budget is not None and self.tokens >= self.token_budget:
            self.notify(ui("budget-used", self.screen_language(), budget=self.token_budget), severity="warning", timeout=10)
            return False
        return True

    def action_examples(self) -> None:
        from .examples_view import ExamplesScreen

        def chosen(choice: Optional[tuple[OkrSet, str]]) -> None:
            if choice is not None:
                okr_set, note = choice
                self.push_screen(ReviewScreen(OkrDocument(okr_set), note=note))

        self.push_screen(ExamplesScreen(self.language, ui_language=self.screen_language()), chosen)

    def remember_brief(self, brief: dict[str, Any]) -> None:
        self._brief = brief

    def save_recovery(self, document: OkrDocument, brief: Optional[dict[str, Any]]) -> None:
        try:
            self.recovery.save(document.okr_set, document.path, brief, document.disk_digest)
        except OSError as exc:
            self.notify(ui("recovery-not-written", self.screen_language(), reason=str(exc)), severity="warning", markup=False)

    def screen_language(self) -> str:
        """The language of the screen the user is on (the set's on a review screen)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, CoachScreen):
                return screen.ui_language
        return self.language

    def speak(self, language: str) -> None:
        """Label the app's own key bindings (quit, help, the palette) in `language`."""
        if language == self._spoken:
            return
        self._spoken = language
        names = actions.labels(language)
        names["command_palette"] = ui("palette", language)
        relabel(self, names)
        keymap = self._bindings.key_to_bindings
        for key, found in keymap.items():
            keymap[key] = [replace(b, tooltip=ui("palette-tooltip", language)) if b.action == "command_palette" else b for b in found]
        self.refresh_bindings()

    def action_command_palette(self) -> None:
        """Textual's command palette, its search box in the screen's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=ui("palette-search", self.screen_language()), id="--command-palette"))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.screen_language()))

    def action_open_file(self) -> None:
        def chosen(path: Optional[Path]) -> None:
            if path is not None:
                self.open_path(path)

        language = self.screen_language()
        self.push_screen(PathScreen(ui("open-title", language), must_exist=True, workspace=self.workspace, language=language), chosen)

    def action_new_draft(self) -> None:
        self.push_screen(BriefScreen(self._brief))

    def go_home(self) -> None:
        """Close every screen above the home screen."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def _unsaved(self) -> bool:
        return any(isinstance(s, ReviewScreen) and (s.document.dirty or bool(s.pending)) for s in self.screen_stack)

    async def action_quit(self) -> None:
        """The palette's "Quit now": quit without asking; unsaved changes are kept in the
        recovery file (the keys typed since the last pause too) and offered next time."""
        self._flush_recovery()
        if not self._unsaved():
            self.recovery.discard()
        self.exit()

    def _flush_recovery(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.flush_recovery()  # the keys typed since the last pause are kept too

    def action_quit_app(self) -> None:
        self._flush_recovery()
        if not self._unsaved():
            self.recovery.discard()
            self.exit()
            return

        def answered(quit_anyway: Optional[bool]) -> None:
            if quit_anyway:
                self.exit()  # the recovery file stays, so the draft is offered next time

        language = self.screen_language()
        self.push_screen(ConfirmScreen(ui("quit-unsaved", language), yes=ui("quit", language), no=ui("stay", language), language=language), answered)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then every action available on `screen`, from the registry, in
        the screen's language."""
        language = screen.ui_language if isinstance(screen, CoachScreen) else self.screen_language()
        for command in super().get_system_commands(screen):
            name = _SYSTEM_COMMANDS.get(command.help, "")
            title = ui("system-command", language, command=name.removesuffix("-hide")) if name else command.title
            yield command._replace(title=title, help=ui("system-help", language, command=name) if name else command.help)
        context = screen.CONTEXT if isinstance(screen, CoachScreen) else ""
        for action in actions.palette_actions(context, served=self.workspace is not None):
            description = action.description_in(language)
            yield SystemCommand(action.title_in(language), description[:1].upper() + description[1:], partial(self.run_action, action.palette_action(context), screen))


# Textual's own palette commands, by their English help text (the one thing that tells the two
# "Keys" commands apart), as `tui.system-command` and `tui.system-help` name them.
_SYSTEM_COMMANDS = {
    "Change the current theme": "theme",
    "Quit the application as soon as possible": "quit",
    "Hide the keys and widget help panel": "keys-hide",
    "Show help for the focused widget and a summary of available keys": "keys",
    "Minimize the widget and restore to normal size": "minimize",
    "Maximize the focused widget": "maximize",
    "Save an SVG 'screenshot' of the current screen": "screenshot",
}
