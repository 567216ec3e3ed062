"""The brief form: a goal in the user's words, drafted by the LLM (streamed in) or offline."""

from __future__ import annotations

import asyncio
from typing import Any, Optional

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, LoadingIndicator, Select, Static, TextArea

from okrcoach.i18n import text as catalogue_text
from okrcoach.language_data import language_options
from okrcoach.set_language import language_of

from . import actions
from .base import CoachScreen
from .messages import DraftFailed, DraftFinished, DraftProgressed, DraftStatusChanged
from .widgets import header
from .words import ui


def language_choices(language: str) -> list[tuple[str, str]]:
    """The brief's language choices: "auto" in `language`, then each language in its own name."""
    return [(ui("brief-language-auto", language), ""), *language_options()]


LANGUAGE_OPTIONS = language_choices("en")


class BriefScreen(CoachScreen):
    """The brief form; Generate streams a draft in, escape cancels."""

    CONTEXT = "brief"
    BINDINGS = actions.bindings(CONTEXT)

    def __init__(self, brief: Optional[dict[str, Any]] = None) -> None:
        super().__init__()
        self.initial = brief or {}
        self.generating = False
        self.stopped: Any = None
        self.drafted: Any = None
        """The brief of the last draft asked for."""
        """Why the last draft stopped when what the model had streamed can be kept (`keep_streamed`)."""

    def compose(self) -> ComposeResult:
        yield header()
        with Horizontal(id="brief-layout"):
            with VerticalScroll(id="brief-form"):
                yield Label(self.words("brief-goal"))
                yield TextArea(self.initial.get("goal", ""), id="goal", soft_wrap=True)
                yield Label(self.words("brief-team"))
                yield Input(self.initial.get("team") or "", id="team", placeholder=self.words("brief-team-example"))
                yield Label(self.words("brief-period"))
                yield Input(self.initial.get("period") or "", id="period", placeholder="2027-Q1")
                yield Label(self.words("brief-language"))
                yield Select(language_choices(self.ui_language), value=self.initial.get("language") or "", allow_blank=False, id="language")
                yield Label(self.words("brief-objectives"))
                yield Select([(str(n), n) for n in range(1, 6)], value=int(self.initial.get("objectives") or 3), allow_blank=False, id="objectives")
                yield Label(self.words("brief-context"))
                yield TextArea(self.initial.get("context") or "", id="context", soft_wrap=True)
                with Horizontal(classes="buttons"):
                    # Without an LLM the template is what the user can do: it is the primary button,
                    # first (a phone's narrow column shows it whole), and Generate is disabled (the
                    # panel beside says why).
                    off = self.drafting_off()
                    generate = Button(self.words("brief-generate"), id="generate", variant="default" if off else "primary", disabled=off)
                    offline = Button(self.words("brief-offline", key=self._offline_key()), id="offline", variant="primary" if off else "default")
                    yield from (offline, generate) if off else (generate, offline)
            with Vertical(id="brief-preview"):
                yield Static(Text(self._setup_hint()), id="draft-status")
                yield LoadingIndicator(id="spinner")
                # The streamed draft scrolls in its own region, so the keep button below it stays
                # whole on screen however long the draft grew (80×24 included).
                with VerticalScroll(id="draft-preview-scroll"):
                    yield Static(Text(""), id="draft-preview")
                yield Button(self.words("brief-keep"), id="keep", variant="primary")
        yield Footer()

    def _offline_key(self) -> str:
        """The offline template's key as this screen's user presses it: ctrl+o in a browser."""
        action = actions.action_by_id("brief.offline")
        served = self.coach.workspace is not None and action is not None and action.served_key
        return served or "ctrl+t"

    def drafting_off(self) -> bool:
        """Whether this session cannot draft with AI at all: no LLM is set up, or the room's token
        budget is 0 (`okrcoach serve --token-budget 0`). A budget used up is said when Generate
        is pressed, with the tokens it had."""
        settings = self.coach.settings
        return self.coach.token_budget == 0 or settings is None or bool(settings.problems())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> Optional[bool]:
        """Generate is shown disabled in the key hints when drafting is off, as its button is."""
        if action == "generate" and self.drafting_off():
            return None
        # Keeping a partial draft is offered only after a reply stopped part-way.
        return not (action == "keep_streamed" and self.stopped is None)

    def _setup_hint(self) -> str:
        if self.coach.token_budget == 0:
            return self.words("brief-no-budget", key=self._offline_key())
        settings = self.coach.settings
        problems = settings.problems(self.ui_language) if settings is not None else [self.words("brief-no-settings")]
        if settings is not None and not problems:
            return self.words("brief-ready", model=settings.effective_model)
        return self.words("brief-no-llm") + "\n" + "\n".join(problems) + "\n\n" + self.words("brief-no-llm-offline")

    def on_mount(self) -> None:
        if self.coach.workspace is not None:
            self.show_served_keys()
        self.query_one("#spinner").display = False
        self.query_one("#keep").display = False
        self.query_one("#goal", TextArea).focus()
        settings = self.coach.settings
        if settings is not None and not settings.problems():
            # The LLM libraries take about a second to import: start once the form is drawn, on a
            # thread, while the goal is typed. Generate waits for this one import (on a thread
            # too), never blocking the screen; a session that never drafts never pays it.
            self.call_after_refresh(self.run_worker, _load_llm_libraries, thread=True, exit_on_error=False, group="warm-up")

    def brief_data(self) -> dict[str, Any]:
        return {
            "goal": self.query_one("#goal", TextArea).text.strip(),
            "team": self.query_one("#team", Input).value.strip() or None,
            "period": self.query_one("#period", Input).value.strip() or None,
            "language": self.query_one("#language", Select).value or None,
            "context": self.query_one("#context", TextArea).text.strip() or None,
            "objectives": objectives if isinstance(objectives := self.query_one("#objectives", Select).value, int) else 3,
        }

    def _valid_brief(self):
        from pydantic import ValidationError

        from okrcoach.drafting.drafter import Brief
        from okrcoach.i18n import msg
        from okrcoach.model import PeriodError, parse_period

        data = self.brief_data()
        if not data["goal"]:
            self.notify(self.words("brief-goal-first"), severity="warning")
            return None
        if data["period"]:
            try:
                parse_period(data["period"])
            except ValueError as exc:
                period = repr(data["period"].strip())
                said = msg("phrases.period-reversed", period=period) if isinstance(exc, PeriodError) and exc.reversed else msg("phrases.period-unknown", period=period)
                self.notify(said.render(self.ui_language), severity="error", markup=False)
                return None
        try:
            return Brief(**data)
        except ValidationError as exc:
            self.notify(str(exc.errors()[0]["msg"]), severity="error", markup=False)
            return None

    @on(Button.Pressed, "#generate")
    def action_generate(self) -> None:
        if self.generating:
            return
        brief = self._valid_brief()
        if brief is None:
            return
        settings = self.coach.settings
        if settings is None or settings.problems():
            self.notify(self.words("brief-no-llm-generate"), severity="warning", timeout=8)
            return
        if not self.coach.budget_left():
            return
        self.coach.remember_brief(brief.model_dump())
        self.drafted = brief
        self._set_generating(True)
        self.run_draft(brief)

    @on(Button.Pressed, "#offline")
    def action_offline(self) -> None:
        brief = self._valid_brief()
        if brief is None:
            return
        try:
            from okrcoach.workshop.offline import template_draft
        except ImportError:
            self.notify(self.words("brief-offline-unavailable"), severity="error")
            return
        template = template_draft(goal=brief.goal, team=brief.team, period=brief.period, language=brief.language, objectives=brief.objectives)
        okr_set = template.okr_set
        language = language_of(okr_set) if okr_set.objectives else self.ui_language
        chosen = catalogue_text("report.draft-template-from", language, matched="yes" if template.matched else "no", functions=template.functions_in(language))
        note = ui("brief-template-note", language) + " " + chosen
        if len(okr_set.objectives) < brief.objectives:
            note += ui("brief-template-fewer", language, count=len(okr_set.objectives))
        self.coach.show_draft(okr_set, brief.model_dump(), note=note)

    def _set_generating(self, value: bool) -> None:
        self.generating = value
        if value:
            self._can_keep(None)
        self.query_one("#spinner").display = value
        self.query_one("#generate", Button).disabled = value or self.drafting_off()
        if value:
            self.query_one("#draft-status", Static).update(Text(self.words("brief-drafting")))

    @work(exclusive=True, exit_on_error=False, group="llm")
    async def run_draft(self, brief) -> None:
        from okrcoach.drafting.client import DraftError, explain

        drafter = self.coach.drafter()
        try:
            result = await drafter.draft(brief, on_partial=lambda p: self.post_message(DraftProgressed(p)), on_status=lambda s: self.post_message(DraftStatusChanged(s)))
        except DraftError as exc:
            self.post_message(DraftFailed(exc))
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure is a notification, never a crash
            self.post_message(DraftFailed(explain(exc, drafter.settings)))
            return
        self.post_message(DraftFinished(result))

    @on(DraftStatusChanged)
    def status_changed(self, event: DraftStatusChanged) -> None:
        self.query_one("#draft-status", Static).update(Text(event.text))

    @on(DraftProgressed)
    def progressed(self, event: DraftProgressed) -> None:
        text = Text()
        # A partial is the model's reply as far as it came, in whatever shape the model chose
        # (small models write `"objectives": {…}`): only what has the expected shape is shown.
        objectives = getattr(event.partial, "objectives", None)
        for objective in objectives if isinstance(objectives, list) else []:
            title = getattr(objective, "title", None)
            text.append(f"■ {title if isinstance(title, str) and title else '…'}\n", style="bold")
            key_results = getattr(objective, "key_results", None)
            for kr in key_results if isinstance(key_results, list) else []:
                kr_text = getattr(kr, "text", None)
                text.append(f"   • {kr_text if isinstance(kr_text, str) and kr_text else '…'}\n")
        self.query_one("#draft-preview", Static).update(text)
        self.query_one("#draft-preview-scroll", VerticalScroll).scroll_end(animate=False)  # the newest lines in view

    @on(DraftFinished)
    def finished(self, event: DraftFinished) -> None:
        self._set_generating(False)
        result = event.result
        self.coach.tokens = result.usage.total_tokens
        from okrcoach.drafting.drafter import judge_draft

        language = language_of(result.okr_set)
        note = judge_draft(result, self.coach.linter).summary(language)
        if result.stopped is not None:
            note = catalogue_text("report.draft-status-stopped", language, reason=result.stopped.message_in(language)) + " " + note
        self.coach.show_draft(result.okr_set, self.brief_data(), note=note, numbers=tuple(result.notes))

    @on(DraftFailed)
    def failed(self, event: DraftFailed) -> None:
        self._set_generating(False)
        # A failed draft used tokens too (every reply that could not be read): they count against
        # a served visitor's budget.
        drafter = self.coach.drafter()
        self.coach.tokens = drafter.usage.total_tokens
        error = event.error
        message, hint = error.message_in(self.ui_language), error.hint_in(self.ui_language, in_tui=True)
        streamed = streamed_counts(drafter) if error.kind in KEEPABLE else None
        if streamed is not None:
            # The reply stopped part-way (a slow local model, a dropped connection): what it wrote
            # stays in the preview, and can become a draft the rubric judges.
            objectives, key_results = streamed
            self._can_keep(error)
            said = self.words("brief-stopped-streamed", objectives=objectives, key_results=key_results)
            self.query_one("#draft-status", Static).update(Text(f"{message}\n{said}"))
            self.notify(f"{message} {said}", title=self.words("brief-failed-title"), severity="warning", timeout=10, markup=False)
            return
        self.query_one("#draft-status", Static).update(Text(f"{message}\n{hint}\n" + self.words("brief-failed")))
        self.notify(f"{message} {hint}", title=self.words("brief-failed-title"), severity="error", timeout=10, markup=False)

    def _can_keep(self, stopped: Any) -> None:
        """Offer (or stop offering) to keep what the model streamed before `stopped` ended it."""
        self.stopped = stopped
        keep = self.query_one("#keep", Button)
        keep.display = stopped is not None
        if stopped is not None:
            keep.focus()
        self.refresh_bindings()

    @on(Button.Pressed, "#keep")
    def action_keep_streamed(self) -> None:
        """What the model wrote before it stopped, as a draft: judged, reviewed, saved like any."""
        stopped = self.stopped
        if stopped is None:
            return
        from okrcoach.drafting.client import DraftError
        from okrcoach.drafting.drafter import judge_draft

        try:
            result = self.coach.drafter().keep_streamed(self.drafted, stopped)
        except DraftError:
            self._can_keep(None)
            return
        self._can_keep(None)
        language = language_of(result.okr_set)
        note = ui("draft-unfinished", language, reason=stopped.message_in(language)) + judge_draft(result, self.coach.linter).summary(language)
        self.coach.show_draft(result.okr_set, self.brief_data(), note=note, numbers=tuple(result.notes))

    def action_cancel_or_back(self) -> None:
        if self.generating:
            self.workers.cancel_group(self, "llm")
            self._set_generating(False)
            self.query_one("#draft-status", Static).update(Text(self.words("brief-cancelled")))
            self.notify(self.words("brief-cancelled-note"))
            return
        self.app.pop_screen()


# Failures that end a reply part-way, after which what it streamed is worth keeping.
KEEPABLE = ("timeout", "connection")


def streamed_counts(drafter: Any) -> Optional[tuple[int, int]]:
    """How many objectives and key results of the model's unfinished reply can be kept, or None
    when it had written none."""
    from okrcoach.drafting.drafter import streamed_draft

    draft = streamed_draft(drafter.streamed)
    if draft is None:
        return None
    return len(draft.objectives), sum(len(o.key_results) for o in draft.objectives)


def _load_llm_libraries() -> None:
    from okrcoach.drafting.client import load_libraries

    load_libraries()
