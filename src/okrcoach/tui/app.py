"""The okrcoach terminal app: home, draft from a brief, review and edit, improve with AI, save.

Screens own their state; workers (LLM calls) only post messages; user and model text is always
rendered as plain `Text`, so brackets never become markup. Every change is written to a recovery
file at once, and an unsaved draft is offered back after a crash.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Iterable, Optional

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, LoadingIndicator, OptionList, Select, Static, TextArea, Tree
from textual.widgets.option_list import Option

from okrcoach.document import OkrDocument, Ref
from okrcoach.field_values import PendingFields, accepted_forms, parse_field
from okrcoach.model import Finding, KeyResult, Level, Objective, OkrSet
from okrcoach.recovery import RecoveryStore, recent_files, remember_file
from okrcoach.rubric import Linter
from okrcoach.settings import LLMSettings
from okrcoach.workspace import Workspace

from .messages import DraftFailed, DraftFinished, DraftProgressed, DraftStatusChanged, ImprovementFailed, ImprovementReady
from .progress_view import CheckinScreen, ProgressScreen, apply_checkin
from .screens import ConfirmScreen, HelpScreen, PathScreen, RestoreScreen, SuggestionScreen

LANGUAGE_OPTIONS = [("auto (from the goal)", ""), ("English", "en"), ("Dansk", "da"), ("Svenska", "sv"), ("Deutsch", "de"), ("Suomi", "fi"), ("Magyar", "hu")]
_BADGE_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_WRITABLE = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".md": "md", ".markdown": "md", ".csv": "csv"}


def badges(findings: list[Finding]) -> Text:
    """Counts per level as a short coloured badge: ✖1 ⚠2 ℹ1."""
    text = Text()
    for level, symbol in (("error", "✖"), ("warning", "⚠"), ("info", "ℹ")):
        count = sum(1 for f in findings if f.level.value == level)
        if count:
            text.append(f"{symbol}{count} ", style=_BADGE_STYLE[level])
    return text


def shown_path(path: Path) -> str:
    """A file as the user knows it: relative to the working folder when inside it (for a served
    visitor, its own folder), else as given."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _same(a: Text, b: Text) -> bool:
    return a.plain == b.plain and a.spans == b.spans


def _relabel(node, label: Text) -> None:
    if not _same(node.label, label):
        node.set_label(label)


def _update_if_changed(widget: Static, text: Text) -> None:
    """Update a Static only when its text changes: every update re-lays out the screen."""
    previous = getattr(widget, "_okr_shown", None)
    if previous is None or not _same(previous, text):
        widget._okr_shown = text  # type: ignore[attr-defined]
        widget.update(text)


class StatusBar(Static):
    """Model and endpoint, tokens used, rubric summary, unsaved state."""

    def show(self, settings: Optional[LLMSettings], tokens: int, findings: list[Finding], dirty: bool, path: Optional[Path]) -> None:
        text = Text()
        if settings is not None and not settings.problems():
            text.append(f"{settings.effective_model} @ {settings.base_url or 'api.openai.com'}", style="bold")
        else:
            text.append("no LLM configured (press ? for setup)", style="dim")
        text.append(f"  ·  {tokens:,} tokens  ·  ")
        counts = {level: sum(1 for f in findings if f.level.value == level) for level in ("error", "warning", "info")}
        text.append(f"{counts['error']} error  {counts['warning']} warning  {counts['info']} info", style="bold red" if counts["error"] else ("yellow" if counts["warning"] else "green"))
        text.append("  ·  ")
        text.append(shown_path(path) if path else "not saved yet")
        if dirty:
            text.append("  ● modified", style="bold yellow")
        _update_if_changed(self, text)


# -- home ------------------------------------------------------------------------------------------


class HomeScreen(Screen):
    BINDINGS = [Binding("n", "new_draft", "New draft"), Binding("o", "open_file", "Open file"), Binding("w", "app.examples", "Workshop examples"), Binding("question_mark,f1", "app.help", "Help")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="home"):
            yield Static(Text("okrcoach — draft and review OKRs", style="bold"), id="home-title")
            options = [Option("New draft from a goal", id="new"), Option("Open an OKR file…", id="open"), Option("Workshop examples…", id="examples")]
            for i, path in enumerate(recent_files()):
                options.append(Option(Text(f"Recent: {path}"), id=f"recent:{i}"))
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
            self.action_open_file()
        elif option_id == "examples":
            self.app.action_examples()  # type: ignore[attr-defined]
        elif option_id.startswith("recent:"):
            path = recent_files()[int(option_id.split(":")[1])]
            self.app.open_path(path)  # type: ignore[attr-defined]

    def action_new_draft(self) -> None:
        self.app.push_screen(BriefScreen())

    def action_open_file(self) -> None:
        self.app.action_open_file()  # type: ignore[attr-defined]


# -- brief / draft ---------------------------------------------------------------------------------


class BriefScreen(Screen):
    """The brief form; Generate streams a draft in, escape cancels."""

    BINDINGS = [
        # Not priority: these keys queue behind the keys typed before them, so a fast typist (or a
        # browser sending a burst) drafts from the brief as typed, period included.
        Binding("ctrl+g", "generate", "Generate"),
        Binding("ctrl+t", "offline", "Offline template"),
        # Browsers keep ctrl+t (a new tab) for themselves, so `okrcoach serve` visitors use ctrl+o.
        Binding("ctrl+o", "offline", "Offline template", show=False),
        Binding("escape", "cancel_or_back", "Cancel/back"),
        # Priority, so focus moves before the next typed key is delivered: fast typing or a paste
        # of "goal<tab>team" must not land in the goal box.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
        Binding("question_mark,f1", "app.help", "Help", show=False),
    ]

    def __init__(self, brief: Optional[dict[str, Any]] = None) -> None:
        super().__init__()
        self.initial = brief or {}
        self.generating = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="brief-layout"):
            with VerticalScroll(id="brief-form"):
                yield Label("Goal (in your own words and language)")
                yield TextArea(self.initial.get("goal", ""), id="goal", soft_wrap=True)
                yield Label("Team")
                yield Input(self.initial.get("team") or "", id="team", placeholder="Marketing")
                yield Label("Period")
                yield Input(self.initial.get("period") or "", id="period", placeholder="2027-Q1")
                yield Label("Language")
                yield Select(LANGUAGE_OPTIONS, value=self.initial.get("language") or "", allow_blank=False, id="language")
                yield Label("Objectives")
                yield Select([(str(n), n) for n in range(1, 6)], value=int(self.initial.get("objectives") or 3), allow_blank=False, id="objectives")
                yield Label("Context and known numbers (baselines are taken only from here)")
                yield TextArea(self.initial.get("context") or "", id="context", soft_wrap=True)
                with Horizontal(classes="buttons"):
                    yield Button("Generate (ctrl+g)", id="generate", variant="primary")
                    yield Button("Offline template (ctrl+t)", id="offline")
            with Vertical(id="brief-preview"):
                yield Static(Text(self._setup_hint()), id="draft-status")
                yield LoadingIndicator(id="spinner")
                yield Static(Text(""), id="draft-preview")
        yield Footer()

    def _setup_hint(self) -> str:
        settings = self.app.settings  # type: ignore[attr-defined]
        problems = settings.problems() if settings is not None else ["No LLM settings."]
        if not problems:
            return f"Ready to draft with {settings.effective_model}. Fill in the goal and press ctrl+g."
        return "No LLM is configured, so drafting with AI is off.\n" + "\n".join(problems) + "\n\nWithout an LLM: ctrl+t (in a browser: ctrl+o) makes an offline template draft from the example library, with placeholders for every number you have not given."

    def on_mount(self) -> None:
        self.query_one("#spinner").display = False
        self.query_one("#goal", TextArea).focus()

    def brief_data(self) -> dict[str, Any]:
        return {
            "goal": self.query_one("#goal", TextArea).text.strip(),
            "team": self.query_one("#team", Input).value.strip() or None,
            "period": self.query_one("#period", Input).value.strip() or None,
            "language": self.query_one("#language", Select).value or None,
            "context": self.query_one("#context", TextArea).text.strip() or None,
            "objectives": int(self.query_one("#objectives", Select).value or 3),  # type: ignore[arg-type]
        }

    def _valid_brief(self):
        from pydantic import ValidationError

        from okrcoach.drafting.drafter import Brief
        from okrcoach.model import parse_period

        data = self.brief_data()
        if not data["goal"]:
            self.notify("Write the goal first.", severity="warning")
            return None
        if data["period"]:
            try:
                parse_period(data["period"])
            except ValueError as exc:
                self.notify(str(exc), severity="error", markup=False)
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
        settings = self.app.settings  # type: ignore[attr-defined]
        if settings is None or settings.problems():
            self.notify("No LLM is configured. See the panel on the right, or press ctrl+t for an offline template.", severity="warning", timeout=8)
            return
        if not self.app.budget_left():  # type: ignore[attr-defined]
            return
        self.app.remember_brief(brief.model_dump())  # type: ignore[attr-defined]
        self._set_generating(True)
        self.run_draft(brief)

    @on(Button.Pressed, "#offline")
    def action_offline(self) -> None:
        brief = self._valid_brief()
        if brief is None:
            return
        try:
            from okrcoach.workshop.offline import draft_offline
        except ImportError:
            self.notify("Offline drafting is not available in this installation.", severity="error")
            return
        okr_set = draft_offline(goal=brief.goal, team=brief.team, period=brief.period, language=brief.language, objectives=brief.objectives)
        note = "Template draft from the example library: replace every <placeholder> with your own numbers and words."
        if len(okr_set.objectives) < brief.objectives:
            note += f" The library has {len(okr_set.objectives)} objective(s) that fit your goal; add the rest with o."
        self.app.show_draft(okr_set, brief.model_dump(), note=note)  # type: ignore[attr-defined]

    def _set_generating(self, value: bool) -> None:
        self.generating = value
        self.query_one("#spinner").display = value
        self.query_one("#generate", Button).disabled = value
        if value:
            self.query_one("#draft-status", Static).update(Text("Drafting… (escape cancels)"))

    @work(exclusive=True, exit_on_error=False, group="llm")
    async def run_draft(self, brief) -> None:
        from okrcoach.drafting.client import DraftError, explain

        drafter = self.app.drafter()  # type: ignore[attr-defined]
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

    @on(DraftFinished)
    def finished(self, event: DraftFinished) -> None:
        self._set_generating(False)
        result = event.result
        self.app.tokens = result.usage.total_tokens  # type: ignore[attr-defined]
        from okrcoach.drafting.drafter import judge_draft

        note = judge_draft(result, self.app.linter).summary()  # type: ignore[attr-defined]
        self.app.show_draft(result.okr_set, self.brief_data(), note=note)  # type: ignore[attr-defined]

    @on(DraftFailed)
    def failed(self, event: DraftFailed) -> None:
        self._set_generating(False)
        # A failed draft used tokens too (every reply that could not be read): they count against
        # a served visitor's budget.
        self.app.tokens = self.app.drafter().usage.total_tokens  # type: ignore[attr-defined]
        error = event.error
        self.query_one("#draft-status", Static).update(Text(f"{error.message}\n{error.hint}\nYour brief is still here; fix the problem and press ctrl+g again."))
        self.notify(f"{error.message} {error.hint}", title="Drafting failed", severity="error", timeout=10, markup=False)

    def action_cancel_or_back(self) -> None:
        if self.generating:
            self.workers.cancel_group(self, "llm")
            self._set_generating(False)
            self.query_one("#draft-status", Static).update(Text("Cancelled. Your brief is still here."))
            self.notify("Drafting cancelled.")
            return
        self.app.pop_screen()


# -- review ----------------------------------------------------------------------------------------


class ReviewScreen(Screen):
    """Objectives and key results as a tree with rubric badges; edit, reorder, improve, save."""

    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("a", "add_key_result", "Add KR"),
        Binding("o", "add_objective", "Add objective"),
        Binding("delete", "delete", "Delete"),
        Binding("alt+up", "move(-1)", "Move up", show=False),
        Binding("alt+down", "move(1)", "Move down", show=False),
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", priority=True),
        Binding("i", "improve", "Improve with AI"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("S", "save_as", "Save as"),
        Binding("p", "progress", "Progress"),
        Binding("c", "checkin", "Check in"),
        Binding("escape", "back", "Back", show=False),
        Binding("question_mark,f1", "app.help", "Help", show=False),
    ]

    def __init__(self, document: OkrDocument, brief: Optional[dict[str, Any]] = None, note: str = "") -> None:
        super().__init__()
        self.document = document
        self.brief = brief
        self.note = note
        self.findings: list[Finding] = []
        self.findings_language = "en"  # the document's language: findings and their "why" are in it
        self.selected: Optional[Ref] = None
        self._loading_fields = False
        self._label_timer: Any = None
        self.pending = PendingFields()  # typed values that are not valid yet: kept, shown, block saving

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="review"):
            yield Tree(Text(self._root_label()), id="okr-tree")
            with VerticalScroll(id="details"):
                yield Label("", id="element-kind")
                yield Input("", id="element-text", placeholder="Select an objective or key result")
                with Horizontal(id="kr-fields"):
                    for name in ("baseline", "target", "unit", "deadline"):
                        with Vertical(classes="field"):
                            yield Label(name)
                            yield Input("", id=f"field-{name}", placeholder="—", tooltip=f"Accepts {accepted_forms(name)}")
                yield Static(Text(""), id="field-error")
                yield Static(Text(""), id="findings")
        yield StatusBar(id="status")
        yield Footer()

    def _root_label(self) -> str:
        s = self.document.okr_set
        parts = [s.title or "OKRs"]
        if s.team:
            parts.append(s.team)
        if s.period:
            parts.append(s.period.label)
        return " · ".join(parts)

    def on_mount(self) -> None:
        if self.app.workspace is not None:  # type: ignore[attr-defined]
            # Only served visitors download: a terminal user has the file already. (Bound here
            # rather than disabled by check_action, which made an underlying screen eat keys.)
            self._bindings.bind("d", "download", "Download")
            self.refresh_bindings()
        self.relint()
        self.rebuild_tree((0, None) if self.document.okr_set.objectives else None)
        self.query_one("#okr-tree", Tree).focus()
        if self.note:
            self.notify(self.note, timeout=8, markup=False)

    # -- rendering --------------------------------------------------------------------------

    def relint(self) -> None:
        linter: Linter = self.app.linter  # type: ignore[attr-defined]
        self.findings_language = linter.language_of(self.document.okr_set)
        self.findings = linter.lint(self.document.okr_set, str(self.document.path or "draft"), self.findings_language)
        self.refresh_status()

    def findings_for(self, ref: Optional[Ref]) -> list[Finding]:
        if ref is None:
            return [f for f in self.findings if f.objective_index is None]
        oi, ki = ref
        return [f for f in self.findings if f.objective_index == oi and f.key_result_index == ki]

    def label_for(self, ref: Ref) -> Text:
        element = self.document.element(ref)
        text = Text()
        text.append_text(badges(self.findings_for(ref)))
        if isinstance(element, Objective):
            text.append(element.title or "(no title)", style="bold")
        else:
            text.append(element.text or "(empty)")
        return text

    def rebuild_tree(self, select: Optional[Ref] = None) -> None:
        tree = self.query_one("#okr-tree", Tree)
        tree.clear()
        tree.root.set_label(Text.assemble(badges(self.findings_for(None)), self._root_label()))
        tree.root.data = None
        target_node = None
        for oi, objective in enumerate(self.document.okr_set.objectives):
            node = tree.root.add(self.label_for((oi, None)), data=(oi, None), expand=True)
            if select == (oi, None):
                target_node = node
            for ki, _ in enumerate(objective.key_results):
                leaf = node.add_leaf(self.label_for((oi, ki)), data=(oi, ki))
                if select == (oi, ki):
                    target_node = leaf
        tree.root.expand()
        if target_node is not None:
            self.call_after_refresh(tree.move_cursor, target_node)
        self.show_element(select)

    def refresh_labels(self) -> None:
        """Relabel only the nodes whose text or badges changed (a relabel costs a re-layout)."""
        tree = self.query_one("#okr-tree", Tree)
        _relabel(tree.root, Text.assemble(badges(self.findings_for(None)), self._root_label()))
        for node in tree.root.children:
            if node.data is not None and self.document.exists(node.data):
                _relabel(node, self.label_for(node.data))
            for leaf in node.children:
                if leaf.data is not None and self.document.exists(leaf.data):
                    _relabel(leaf, self.label_for(leaf.data))

    def show_element(self, ref: Optional[Ref]) -> None:
        self.selected = ref if ref is not None and self.document.exists(ref) else None
        self._loading_fields = True
        kind = self.query_one("#element-kind", Label)
        text_input = self.query_one("#element-text", Input)
        kr_fields = self.query_one("#kr-fields")
        if self.selected is None:
            kind.update(Text("The whole set"))
            text_input.value = ""
            text_input.disabled = True
            kr_fields.display = False
        else:
            element = self.document.element(self.selected)
            text_input.disabled = False
            if isinstance(element, KeyResult):
                kind.update(Text(f"Key result O{self.selected[0] + 1}.KR{(self.selected[1] or 0) + 1}"))
                text_input.value = element.text
                kr_fields.display = True
                for name in ("baseline", "target", "unit", "deadline"):
                    field_input = self.query_one(f"#field-{name}", Input)
                    pending = self.pending.get(element, name)
                    if pending is not None:  # what was typed stays until it is fixed or cancelled
                        field_input.value = pending.raw
                        field_input.add_class("invalid")
                    else:
                        value = getattr(element, name)
                        field_input.value = "" if value is None else str(value)
                        field_input.remove_class("invalid")
            else:
                kind.update(Text(f"Objective O{self.selected[0] + 1}"))
                text_input.value = element.title
                kr_fields.display = False
        self._loading_fields = False
        self.show_field_error()
        self.show_findings()

    def show_field_error(self) -> None:
        """The message of each invalid value typed into the selected key result's fields."""
        widget = self.query_one("#field-error", Static)
        element = self.document.element(self.selected) if self.selected is not None else None
        entries = [p for p in self.pending if p.element is element] if element is not None else []
        text = Text()
        for entry in entries:
            text.append(f"{entry.message}. ", style="bold red")
            text.append("Saving waits until it is fixed; Esc in the field cancels the edit.\n", style="red")
        widget.update(text)
        widget.display = bool(entries)

    def show_findings(self) -> None:
        findings = self.findings_for(self.selected)
        text = Text()
        if not findings:
            text.append("No findings here.", style="green")
        rubric = self.app.linter.rubric  # type: ignore[attr-defined]
        for finding in findings:
            text.append(f"{finding.level.value.upper():<8}", style=_BADGE_STYLE[finding.level.value])
            text.append(f"{finding.code} {finding.name}\n", style="bold")
            text.append(f"{finding.message}\n")
            text.append("Fix: ", style="bold")
            text.append(f"{finding.fix}\n")
            rule = rubric.find(finding.code)
            if rule is not None:
                text.append("Why: ", style="dim bold")
                text.append(" ".join(rule.render("why", self.findings_language).split()) + "\n", style="dim")
            text.append("\n")
        _update_if_changed(self.query_one("#findings", Static), text)

    def refresh_status(self) -> None:
        app = self.app
        dirty = self.document.dirty or bool(self.pending)
        self.query_one(StatusBar).show(app.settings, app.tokens, self.findings, dirty, self.document.path)  # type: ignore[attr-defined]

    def changed(self, structural: bool = False, select: Optional[Ref] = None) -> None:
        """After any edit: re-lint at once, refresh what shows, write the recovery file."""
        self.relint()
        for dropped in self.pending.prune(self.document.okr_set):
            self.notify(f"{dropped.label} {dropped.field}: the value you typed, {dropped.raw!r}, went with the key result it belonged to.", severity="warning", timeout=8, markup=False)
        if structural:
            self.rebuild_tree(select)
        else:
            # Findings and status follow each keystroke; the tree's badges follow a pause in typing.
            self.show_findings()
            if self._label_timer is not None:
                self._label_timer.stop()
            self._label_timer = self.set_timer(0.15, self.refresh_labels)
        self.app.save_recovery(self.document, self.brief)  # type: ignore[attr-defined]

    # -- events -----------------------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#okr-tree")
    def highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.show_element(event.node.data)

    @on(Input.Changed, "#element-text")
    def text_changed(self, event: Input.Changed) -> None:
        if self._loading_fields or self.selected is None:
            return
        self.document.set_text(self.selected, event.value, merge=True)
        self.changed()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.query_one("#okr-tree", Tree).focus()

    @on(Input.Changed, "#kr-fields Input")
    def field_changed(self, event: Input.Changed) -> None:
        if self._loading_fields or self.selected is None or self.selected[1] is None:
            return
        from pydantic import ValidationError

        from okrcoach.values import UnreadableValue

        name = (event.input.id or "").removeprefix("field-")
        ref = self.selected
        element = self.document.element(ref)
        label = f"O{ref[0] + 1}.KR{(ref[1] or 0) + 1}"
        try:
            parsed = parse_field(name, event.value, self.document.okr_set.language)
            self.document.set_field(ref, name, parsed.value)
        except (UnreadableValue, ValidationError, ValueError) as exc:
            # kept in its input, shown, and it blocks saving: never silently dropped
            message = str(exc) if isinstance(exc, UnreadableValue) else f"The {name} {event.value.strip()!r} cannot be used; it accepts {accepted_forms(name)}"
            self.pending.set(element, label, name, event.value, message)
            event.input.add_class("invalid")
            self.show_field_error()
            self.refresh_status()
            return
        event.input.remove_class("invalid")
        self.pending.clear(element, name)
        if parsed.unit and name in ("baseline", "target", "current") and not getattr(element, "unit", None) and not self.pending.get(element, "unit"):
            self.document.set_field(ref, "unit", parsed.unit)  # `8 %` typed as the target: the unit is %
            self._loading_fields = True
            self.query_one("#field-unit", Input).value = parsed.unit
            self._loading_fields = False
        self.show_field_error()
        self.changed()

    def cancel_field_edit(self) -> bool:
        """Esc in a field holding an invalid value: put the saved value back. True if one was cancelled."""
        focused = self.focused
        if not isinstance(focused, Input) or not (focused.id or "").startswith("field-") or self.selected is None or self.selected[1] is None:
            return False
        name = focused.id.removeprefix("field-")
        element = self.document.element(self.selected)
        if self.pending.clear(element, name) is None:
            return False
        value = getattr(element, name)
        self._loading_fields = True
        focused.value = "" if value is None else str(value)
        self._loading_fields = False
        focused.remove_class("invalid")
        self.show_field_error()
        self.refresh_status()
        self.notify(f"Cancelled the {name} edit; it is {value if value is not None else 'empty'} again.", markup=False)
        return True

    def refuse_save_with_pending(self) -> bool:
        """Saving waits while a field holds a value that is not valid: show which, and go there."""
        entries = list(self.pending)
        if not entries:
            return False
        entry = entries[0]
        self.notify(
            f"Not saved: {entry.describe()}. Fix it, or press Esc in the field to cancel the edit." + (f" ({len(entries) - 1} more field(s) to fix.)" if len(entries) > 1 else ""),
            title="Save waits for a field",
            severity="error",
            timeout=10,
            markup=False,
        )
        ref = next(((oi, ki) for oi, o in enumerate(self.document.okr_set.objectives) for ki, kr in enumerate(o.key_results) if kr is entry.element), None)
        if ref is not None:
            self.rebuild_tree(ref)
            self.call_after_refresh(self.query_one(f"#field-{entry.field}", Input).focus)
        return True

    # -- actions ----------------------------------------------------------------------------

    def action_download(self) -> None:
        """A served visitor takes the saved file home: the browser downloads it."""
        path = self.document.path
        if path is None or not path.is_file():
            self.notify("Save the set first (ctrl+s), then press d to download it.", severity="warning")
            return
        if self.document.dirty:
            self.notify("This downloads the saved file; your latest changes are not saved yet (ctrl+s).", severity="warning", timeout=8)
        self.app.deliver_text(path, open_method="download", mime_type="text/plain")
        self.notify(f"Downloading {path.name}…", markup=False)

    def action_back(self) -> None:
        """Escape: from a field back to the tree; from the tree back home (asking first if unsaved)."""
        tree = self.query_one("#okr-tree", Tree)
        if self.focused is not tree:
            if not self.cancel_field_edit():
                tree.focus()
            return
        if not self.document.dirty:
            self.app.go_home()  # type: ignore[attr-defined]
            return

        def answered(leave: Optional[bool]) -> None:
            if leave:
                self.app.recovery.discard()  # type: ignore[attr-defined]
                self.app.go_home()  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmScreen("This set has unsaved changes. Leave it and go home without saving? (ctrl+s saves it first)", yes="Leave", no="Stay"), answered)

    def action_edit(self) -> None:
        if self.selected is not None:
            self.query_one("#element-text", Input).focus()

    def action_add_key_result(self) -> None:
        if not self.document.okr_set.objectives:
            self.action_add_objective()
            return
        oi, ki = self.selected or (len(self.document.okr_set.objectives) - 1, None)
        ref = self.document.add_key_result(oi, ki)
        self.changed(structural=True, select=ref)
        self.action_edit()

    def action_add_objective(self) -> None:
        after = self.selected[0] if self.selected else None
        ref = self.document.add_objective(after)
        self.changed(structural=True, select=ref)
        self.action_edit()

    def action_delete(self) -> None:
        if self.selected is None:
            return
        select = self.document.delete(self.selected)
        self.changed(structural=True, select=select)
        self.notify("Deleted (ctrl+z to undo).")

    def action_move(self, step: int) -> None:
        if self.selected is None:
            return
        ref = self.document.move(self.selected, step)
        self.changed(structural=True, select=ref)

    def action_undo(self) -> None:
        if self.document.undo():
            self.changed(structural=True, select=self.selected if self.selected and self.document.exists(self.selected) else None)
        else:
            self.notify("Nothing to undo.")

    def action_redo(self) -> None:
        if self.document.redo():
            self.changed(structural=True, select=self.selected if self.selected and self.document.exists(self.selected) else None)

    def action_progress(self) -> None:
        self.app.push_screen(ProgressScreen(self.document.okr_set))

    def action_checkin(self) -> None:
        if self.selected is None or self.selected[1] is None:
            self.notify("Select a key result to check in: check-ins record a key result's value.", severity="warning")
            return
        ref = self.selected
        label = f"O{ref[0] + 1}.KR{(ref[1] or 0) + 1}"

        def entered(checkin: Optional[Any]) -> None:
            if checkin is not None and self.document.exists(ref):
                message = apply_checkin(self.document, ref, checkin)
                self.changed(structural=False)
                self.notify(message, timeout=8, markup=False)

        self.app.push_screen(CheckinScreen(label, self.document.element(ref)), entered)  # type: ignore[arg-type]

    def action_improve(self) -> None:
        if self.selected is None:
            self.notify("Select an objective or key result first.")
            return
        settings = self.app.settings  # type: ignore[attr-defined]
        if settings is None or settings.problems():
            self.notify("No LLM is configured: " + " ".join(settings.problems() if settings else []), severity="warning", timeout=10, markup=False)
            return
        if not self.app.budget_left():  # type: ignore[attr-defined]
            return
        self.notify("Asking the AI for a better version…")
        self.run_improve(self.selected)

    @work(exclusive=True, exit_on_error=False, group="llm")
    async def run_improve(self, ref: Ref) -> None:
        from okrcoach.drafting.client import DraftError, explain

        drafter = self.app.drafter()  # type: ignore[attr-defined]
        try:
            improvement = await drafter.improve(self.document.okr_set, ref[0], ref[1])
        except DraftError as exc:
            self.post_message(ImprovementFailed(ref, exc))
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001
            self.post_message(ImprovementFailed(ref, explain(exc, drafter.settings)))
            return
        self.post_message(ImprovementReady(ref, improvement))

    @on(ImprovementReady)
    def improvement_ready(self, event: ImprovementReady) -> None:
        self.app.tokens = self.app.drafter().usage.total_tokens  # type: ignore[attr-defined]
        self.refresh_status()
        improvement = event.improvement
        remaining = [f"{f.code} {f.message}" for f in improvement.findings if f.level != Level.info]

        def decided(accept: Optional[bool]) -> None:
            if accept and self.document.exists(event.ref):
                self.document.replace(improvement.okr_set)
                self.changed(structural=True, select=event.ref)
                self.notify("Suggestion accepted (ctrl+z to undo).")

        self.app.push_screen(SuggestionScreen(improvement.original, improvement.suggestion.text, improvement.suggestion.rationale, remaining), decided)

    @on(ImprovementFailed)
    def improvement_failed(self, event: ImprovementFailed) -> None:
        self.notify(f"{event.error.message} {event.error.hint}", title="Improve failed", severity="error", timeout=10, markup=False)

    def action_save(self) -> None:
        if self.refuse_save_with_pending():
            return
        if self.document.path is None or (self.document.path.suffix.lower() not in _WRITABLE and not self.document.edits_in_place()):
            self.action_save_as()
            return
        if self.document.changed_on_disk():

            def answered(overwrite: Optional[bool]) -> None:
                if overwrite:
                    self.write_to(self.document.path)  # type: ignore[arg-type]

            self.app.push_screen(ConfirmScreen(f"{self.document.path} changed on disk since you opened it. Overwrite it with your version?", yes="Overwrite", no="Cancel"), answered)
            return
        self.write_to(self.document.path)

    def action_save_as(self) -> None:
        if self.refuse_save_with_pending():
            return
        workspace = self.app.workspace  # type: ignore[attr-defined]
        suggestion = str(self.document.path) if self.document.path else f"{(self.document.okr_set.team or 'team').lower().replace(' ', '-')}.okr.yaml"
        if workspace is not None and self.document.path is not None:
            suggestion = workspace.show(self.document.path)

        def chosen(path: Optional[Path]) -> None:
            if path is None:
                return
            if path.suffix.lower() not in _WRITABLE:
                self.notify("Save as .okr.yaml, .okr.md, .okr.json or .okr.csv.", severity="error")
                return
            if path.exists() and path != self.document.path:

                def confirmed(overwrite: Optional[bool]) -> None:
                    if overwrite:
                        self.write_to(path)

                self.app.push_screen(ConfirmScreen(f"{path} exists. Overwrite it?", yes="Overwrite", no="Cancel"), confirmed)
                return
            self.write_to(path)

        self.app.push_screen(PathScreen("Save as (.okr.yaml, .okr.md, .okr.json, .okr.csv)", suggestion, workspace=workspace), chosen)

    def write_to(self, path: Path) -> None:
        """Save: the file's own format is edited in place (only what changed); another format or
        a new draft is written as a new file. A refused edit writes nothing and says why."""
        from okrcoach.documents import EditRefused
        if self.refuse_save_with_pending():
            return

        same_file = self.document.path is not None and path.resolve() == self.document.path.resolve()
        fmt = self.document.format if same_file and path.suffix.lower() not in _WRITABLE else _WRITABLE[path.suffix.lower()]
        try:
            saved = self.document.save(path, fmt)
        except EditRefused as exc:
            self.notify(f"Not saved: {exc}. Nothing was written. Save as (S) another file to keep your changes.", title="Save refused", severity="error", timeout=15, markup=False)
            return
        except OSError as exc:
            from okrcoach.documents.storage import write_problem

            kept = self.app.recovery.path  # type: ignore[attr-defined]
            self.notify(f"Cannot save {shown_path(path)}: {write_problem(exc)}. Nothing was written; your changes are kept in {kept} until you save.", severity="error", timeout=15, markup=False)
            return
        remember_file(path)
        self.app.recovery.discard()  # type: ignore[attr-defined]
        self.refresh_status()
        if saved.note:
            self.rebuild_tree(self.selected)
        message = f"Saved {shown_path(path)}" if saved.written else f"Saved: {shown_path(path)} already holds these OKRs (nothing to write)"
        self.notify(message + (f" {saved.note}" if saved.note else ""), markup=False, timeout=8 if saved.note else 4)


# -- app -------------------------------------------------------------------------------------------


class OkrCoachApp(App):
    """okrcoach's TUI; settings, linter and recovery store are passed in, never global."""

    CSS_PATH = "app.tcss"
    TITLE = "okrcoach"
    BINDINGS = [Binding("question_mark,f1", "help", "Help"), Binding("ctrl+q", "quit_app", "Quit", priority=True)]

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

            self._drafter = Drafter(self.settings, self.linter)  # type: ignore[arg-type]
        return self._drafter

    def on_mount(self) -> None:
        if self.start_path is not None:
            self.push_screen(HomeScreen())
            self.open_path(self.start_path)
        else:
            self.push_screen(HomeScreen())
        orphans = self.recovery.orphans() if self.offer_restore else []
        if orphans:
            self.push_screen(RestoreScreen(orphans), self._restore_decided)
        if self.settings is not None and not self.settings.problems():
            self.set_timer(1.5, self._warm_up)

    def _warm_up(self) -> None:
        """Import the LLM libraries in the background, so the first Generate starts at once."""
        self.run_worker(_import_llm_libraries, thread=True, exit_on_error=False, group="warm-up")

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
        if not self._unsaved():
            self.recovery.discard()
            self.exit()
            return

        def answered(quit_anyway: Optional[bool]) -> None:
            if quit_anyway:
                self.exit()  # the recovery file stays, so the draft is offered next time

        self.push_screen(ConfirmScreen("There are unsaved changes. Quit anyway? (They are kept in a recovery file and offered next time.)", yes="Quit", no="Stay"), answered)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New draft", "Draft OKRs from a goal", self.action_new_draft)
        yield SystemCommand("Open file", "Open an OKR file for review", self.action_open_file)
        yield SystemCommand("Workshop examples", "Open an example set from the library", self.action_examples)
        yield SystemCommand("Help", "Keys and LLM setup", self.action_help)
        if isinstance(screen, ReviewScreen):
            for title, help_text, action in (
                ("Save", "Save to the current file", screen.action_save),
                ("Save as", "Save to another file or format", screen.action_save_as),
                ("Improve with AI", "Rewrite the selected element", screen.action_improve),
                ("Add key result", "Add a key result after the selection", screen.action_add_key_result),
                ("Add objective", "Add an objective", screen.action_add_objective),
                ("Delete", "Delete the selected element", screen.action_delete),
                ("Move up", "Move the selected element up", lambda: screen.action_move(-1)),
                ("Move down", "Move the selected element down", lambda: screen.action_move(1)),
                ("Undo", "Undo the last change", screen.action_undo),
                ("Redo", "Redo", screen.action_redo),
                ("Progress", "Progress, grades and what is at risk", screen.action_progress),
                ("Check in", "Record a check-in on the selected key result", screen.action_checkin),
            ):
                yield SystemCommand(title, help_text, action)
        if isinstance(screen, BriefScreen):
            yield SystemCommand("Generate", "Draft with the configured LLM", screen.action_generate)
            yield SystemCommand("Offline template", "Template draft without an LLM", screen.action_offline)


def _import_llm_libraries() -> None:
    import instructor  # noqa: F401
    import openai  # noqa: F401
