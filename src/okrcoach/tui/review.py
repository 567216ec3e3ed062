"""The review screen: objectives and key results as a tree with the rubric's badges; edit,
reorder, check in, improve with AI and save.

Findings follow every keystroke, re-judging only the edited objective (`LiveFindings`); the tree's
badges follow a short pause in typing, and the recovery file a longer one (`RECOVERY_PAUSE`), so a
crash loses at most the keys typed in that pause; quitting, leaving and structural changes write it
at once.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Optional

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Tree

from okrcoach.document import OkrDocument, Ref, ref_label
from okrcoach.field_values import PendingFields, accepted_forms, parse_field
from okrcoach.model import Finding, KeyResult, Level, Objective
from okrcoach.recovery import remember_file

from . import actions, collector
from .base import CoachScreen
from .checkin import CheckinScreen, apply_checkin
from .judging import LiveFindings
from .messages import ImprovementFailed, ImprovementReady
from .progress_view import ProgressScreen
from .screens import ConfirmScreen, PathScreen, SuggestionScreen
from .widgets import BADGE_STYLE, ElementInput, OkrTree, PlainText, StatusBar, badges, changed_element, header, same_text, shown_path

WRITABLE = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".md": "md", ".markdown": "md", ".csv": "csv"}
LABELS_PAUSE = 0.15  # seconds of no typing before the tree's badges follow
RECOVERY_PAUSE = 0.5  # seconds of no typing before the recovery file is written
SWEEP_PAUSE = 10.0  # seconds of no typing before the cycle collector looks at everything again


def _ref_of(document: OkrDocument, element: object) -> Optional[Ref]:
    """Where `element` (matched by identity) is in the set now, or None if it is gone."""
    for oi, objective in enumerate(document.okr_set.objectives):
        if objective is element:
            return (oi, None)
        for ki, key_result in enumerate(objective.key_results):
            if key_result is element:
                return (oi, ki)
    return None


def _relabel(node: Any, label: Text) -> None:
    if not same_text(node.label, label):
        node.set_label(label)


class ReviewScreen(CoachScreen):
    """Objectives and key results as a tree with rubric badges; edit, reorder, improve, save."""

    CONTEXT = "review"
    BINDINGS = actions.bindings(CONTEXT)
    # Below 110 columns (an 80×24 terminal) the key result's four field boxes stand two by two,
    # so each is wide enough for its value and label (app.tcss: `.-narrow`); below 60 (a phone
    # visiting `okrcoach serve`) the details also stand under the tree, each at full width
    # (`.-phone`).
    HORIZONTAL_BREAKPOINTS = [(0, "-phone"), (60, "-narrow"), (110, "-wide")]

    def __init__(self, document: OkrDocument, brief: Optional[dict[str, Any]] = None, note: str = "", numbers: tuple[Any, ...] = ()) -> None:
        super().__init__()
        self.document = document
        self.brief = brief
        self.note = note
        self.numbers = tuple(n for n in numbers if n.kind == "unverified" and n.number and n.objective_index is not None)
        """A draft's numbers that its brief never gave (`drafting.Note`), shown with the element
        while its text still holds the number: the draft's note is gone in seconds, and a small
        model invents figures a leader must check before saving."""
        self._ai_off: Optional[str] = None
        self.live: Optional[LiveFindings] = None
        self._by_ref: dict[Optional[Ref], list[Finding]] = {}
        self.selected: Optional[Ref] = None
        self._shown: object = None  # the element the form shows (identity): what `selected` was when shown
        self._label_timer: Optional[Timer] = None
        self._recovery_timer: Optional[Timer] = None
        self._sweep_timer: Optional[Timer] = None
        self.improving: Optional[tuple[str, float]] = None
        """The element the AI is improving and when it was asked (monotonic), shown in the status bar."""
        self._improving_timer: Optional[Timer] = None
        self._stale_labels: Optional[set[int]] = set()  # objectives whose tree labels may be stale; None: all
        self.pending = PendingFields()  # typed values that are not valid yet: kept, shown, block saving
        self._spoken = ""  # the language the keys' labels were last given in

    def compose(self) -> ComposeResult:
        yield header()
        with Horizontal(id="review"):
            yield OkrTree(Text(self._root_label()), id="okr-tree")
            with VerticalScroll(id="details"):
                yield Label("", id="element-kind")
                yield ElementInput("", id="element-text", placeholder=self.words("review-select"))
                with Horizontal(id="kr-fields"):
                    for name in ("baseline", "target", "unit", "deadline"):
                        with Vertical(classes="field"):
                            yield Label(name, id=f"label-{name}")
                            yield ElementInput("", id=f"field-{name}", placeholder="—", tooltip=self.words("field-accepts", forms=accepted_forms(name, self.ui_language)))
                yield PlainText(id="field-error")
                yield PlainText(id="findings")
        yield StatusBar(id="status")
        yield Footer()

    def _root_label(self) -> str:
        s = self.document.okr_set
        parts = [s.title or self.words("untitled-set")]
        if s.team:
            parts.append(s.team)
        if s.period:
            parts.append(s.period.label)
        return " · ".join(parts)

    def on_mount(self) -> None:
        if self.coach.workspace is not None:
            # Only served visitors download: a terminal user has the file already. (Bound here
            # rather than disabled by check_action, which made an underlying screen eat keys.)
            language = self.ui_language
            for action in actions.served_actions(self.CONTEXT):
                # With the action's id, so `speak` relabels it in the set's language like the rest.
                served = action.served_binding(self.CONTEXT, language)
                for key in (key.strip() for key in action.keys.split(",")):
                    self._bindings.key_to_bindings[key] = [*self._bindings.key_to_bindings.get(key, []), replace(served, key=key)]
            for action in actions.actions_in(self.CONTEXT):
                served = action.served_binding(self.CONTEXT, language)
                for key in (key.strip() for key in action.keys.split(",")):
                    if key in self._bindings.key_to_bindings:  # a new list: the class's is shared by every screen
                        self._bindings.key_to_bindings[key] = [served if binding.id == action.id else binding for binding in self._bindings.key_to_bindings[key]]
            self.refresh_bindings()
        self.judge()
        self.rebuild_tree((0, None) if self.document.okr_set.objectives else None)
        self.query_one("#okr-tree", Tree).focus()
        if self.coach.ai_off(self.ui_language) is None:
            # What improve judges a rewrite's words by, loaded while the set is read, not after
            # the AI answers (on the event loop, where it stopped the screen for a second).
            self.call_after_refresh(self.run_worker, _load_vocabularies, thread=True, exit_on_error=False, group="warm-up")
        collector.hold()
        # What drawing the screen for the first time makes is collected and frozen at once, not
        # at the first pause in typing.
        self.set_timer(RECOVERY_PAUSE, collector.pause)
        if self.note:
            self.notify(self.note, timeout=8, markup=False)

    # -- rendering --------------------------------------------------------------------------

    @property
    def findings(self) -> list[Finding]:
        """The rubric's findings on the set as it is now (equal to a full lint of it)."""
        return self.live.findings if self.live is not None else []

    @property
    def findings_language(self) -> str:
        """The document's language: findings and their "why" are in it."""
        return self.live.language if self.live is not None else "en"

    @property
    def ui_language(self) -> str:
        """The set's language once it has words to tell it by (or declares one); until then, as
        for a new empty draft, the app's."""
        okr_set = self.document.okr_set
        if self.live is not None and (okr_set.language or okr_set.title or any(o.title or any(kr.text for kr in o.key_results) for o in okr_set.objectives)):
            return self.live.language
        return self.coach.language

    def judge(self, edited: Optional[Ref] = None) -> None:
        """Judge the set again: after an in-place edit of `edited` only what it can change, else all."""
        path = str(self.document.path or "draft")
        if self.live is None or self.live.path != path:
            self.live = LiveFindings(self.coach.linter, path)
            edited = None
        if edited is None:
            findings = self.live.judge_all(self.document.okr_set)
        else:
            findings = self.live.judge_edit(self.document.okr_set, *edited)
        if self.ui_language != self._spoken:
            self._spoken = self.ui_language
            self.speak()  # the set's language changed (or became known): the keys' labels follow
        by_ref: dict[Optional[Ref], list[Finding]] = {}
        for finding in findings:
            ref = None if finding.objective_index is None else (finding.objective_index, finding.key_result_index)
            by_ref.setdefault(ref, []).append(finding)
        self._by_ref = by_ref
        self.refresh_status()

    def findings_for(self, ref: Optional[Ref]) -> list[Finding]:
        return self._by_ref.get(ref, [])

    def label_for(self, ref: Ref) -> Text:
        element = self.document.element(ref)
        text = Text()
        text.append_text(badges(self.findings_for(ref)))
        if isinstance(element, Objective):
            text.append(element.title or self.words("no-title"), style="bold")
        else:
            text.append(element.text or self.words("empty"))
        return text

    def rebuild_tree(self, select: Optional[Ref] = None) -> None:
        self._stale_labels = set()
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
            # At once (the tree builds its lines on demand), not after a refresh: a key already
            # queued behind this change must move from the new selection.
            line = 0 if tree.show_root else -1
            for node in tree.root.children:
                line += 1
                if node is target_node:
                    break
                if target_node in node.children:
                    line += 1 + list(node.children).index(target_node)
                    break
                line += len(node.children)
            tree.move_cursor_to_line(line)
        self.show_element(select)

    def refresh_labels(self) -> None:
        """Relabel only the nodes whose text or badges changed (a relabel costs a re-layout); after
        typing that re-judged one objective, only that objective's nodes can have changed."""
        stale, self._stale_labels = self._stale_labels, set()
        tree = self.query_one("#okr-tree", Tree)
        _relabel(tree.root, Text.assemble(badges(self.findings_for(None)), self._root_label()))
        for node in tree.root.children:
            if stale is not None and (node.data is None or node.data[0] not in stale):
                continue
            if node.data is not None and self.document.exists(node.data):
                _relabel(node, self.label_for(node.data))
            for leaf in node.children:
                if leaf.data is not None and self.document.exists(leaf.data):
                    _relabel(leaf, self.label_for(leaf.data))

    def show_element(self, ref: Optional[Ref]) -> None:
        """Show `ref` in the form. Values shown post no change messages (`ElementInput.show`)."""
        self.selected = ref if ref is not None and self.document.exists(ref) else None
        kind = self.query_one("#element-kind", Label)
        text_input = self.query_one("#element-text", ElementInput)
        kr_fields = self.query_one("#kr-fields")
        if self.selected is None:
            self._shown = None
            kind.update(Text(self._words("tui-whole-set")))
            text_input.placeholder = self.words("review-select")  # the set's language, known only now
            text_input.show("", None)
            text_input.disabled = True
            kr_fields.display = False
        else:
            element = self.document.element(self.selected)
            self._shown = element
            text_input.disabled = False
            if isinstance(element, KeyResult):
                kind.update(Text(self._words("tui-key-result", ref=ref_label(self.selected))))
                text_input.show(element.text, element)
                kr_fields.display = True
                self._field_labels()
                for name in ("baseline", "target", "unit", "deadline"):
                    field_input = self.query_one(f"#field-{name}", ElementInput)
                    pending = self.pending.get(element, name)
                    if pending is not None:  # what was typed stays until it is fixed or cancelled
                        field_input.show(pending.raw, element)
                        field_input.add_class("invalid")
                    else:
                        field_input.show(self.field_text(getattr(element, name), name), element)
                        field_input.remove_class("invalid")
            else:
                kind.update(Text(self._words("tui-objective", ref=ref_label((self.selected[0], None)))))
                text_input.show(element.title, element)
                kr_fields.display = False
        self.show_field_error()
        self.show_findings()

    def _field_labels(self) -> None:
        """Name the key result's fields with the set's language's words (`udgangspunkt`, `Zielwert`),
        the words its Markdown files use; English names where the lexicon has none."""
        from okrcoach.formats.vocabulary import local_column

        language = self.findings_language
        for name in ("baseline", "target", "unit", "deadline"):
            word = local_column(("key_result", name), language) if language != "en" else None
            self.query_one(f"#label-{name}", Label).update(word or self.words("field", name=name))
            self.query_one(f"#field-{name}", ElementInput).tooltip = f"{word or self.words('field', name=name)}: " + self.words("field-accepts", forms=accepted_forms(name, self.ui_language))

    def field_text(self, value: Any, name: str = "") -> str:
        """A field's value as its input shows it: a number in the file's style (`2,1` in a file
        that writes decimal commas, `18.500` beside `12.000`), as the file's editor writes it
        back, without the `%` or currency the unit field shows; the style's form only when it
        reads back as the same value, so an untouched field never changes."""
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            from okrcoach.documents.text import local_number

            plain = local_number(value, self.document.decimal_comma)
            if self.selected is None or self.selected[1] is None or name not in ("baseline", "target", "current"):
                return plain
            styled = self.document.shown_number(value, self.selected, name, suffixed=False)
            try:
                same = parse_field(name, styled, self.document.okr_set.language).value == value
            except ValueError:
                same = False
            return styled if same else plain
        return str(value)

    def show_field_error(self) -> None:
        """The message of each invalid value typed into the selected key result's fields."""
        widget = self.query_one("#field-error", PlainText)
        element = self.document.element(self.selected) if self.selected is not None else None
        entries = [p for p in self.pending if p.element is element] if element is not None else []
        text = Text()
        for entry in entries:
            text.append(f"{entry.message}. ", style="bold red")
            text.append(self.words("field-waits") + "\n", style="red")
        widget.show(text)
        widget.display = bool(entries)

    def _words(self, key: str, **params: Any) -> str:
        """`report.<key>` in the set's language."""
        from okrcoach.i18n import text as words

        return words(f"report.{key}", self.findings_language, **params)

    def unverified_numbers(self, ref: Optional[Ref]) -> list[str]:
        """The numbers of the selected element its draft's brief never gave, as long as its text
        still holds them (an edit that removes one removes its warning)."""
        if ref is None or not self.numbers:
            return []
        try:
            written = self.document.text_of(ref)
        except IndexError:
            return []
        return [n.number for n in self.numbers if (n.objective_index, n.key_result_index) == ref and n.number in written]

    def show_findings(self) -> None:
        from okrcoach.i18n import text as words

        findings = self.findings_for(self.selected)
        language = self.findings_language
        text = Text()
        unverified = self.unverified_numbers(self.selected)
        if unverified:
            text.append(self._words("draft-numbers") + "\n", style="bold yellow")
            for number in unverified:
                text.append("  • " + self._words("unverified-mark", number=number) + "\n", style="yellow")
            text.append("\n")
        if not findings:
            text.append(self._words("tui-no-findings"), style="green")
        rubric = self.coach.linter.rubric
        levels = {level: self._words("level", level=level).upper() for level in ("error", "warning", "info")}
        width = max(8, *(len(word) + 1 for word in levels.values()))
        for finding in findings:
            text.append(f"{levels[finding.level.value]:<{width}}", style=BADGE_STYLE[finding.level.value])
            text.append(f"{finding.code} {finding.name}\n", style="bold")
            text.append(f"{finding.message}\n")
            text.append(words("docs.fix", language) + ": ", style="bold")
            text.append(f"{finding.fix}\n")
            rule = rubric.find(finding.code)
            if rule is not None:
                text.append(words("docs.why", language) + ": ", style="dim bold")
                text.append(" ".join(rule.render("why", self.findings_language).split()) + "\n", style="dim")
            text.append("\n")
        self.query_one("#findings", PlainText).show(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> Optional[bool]:
        """Improve is offered only in a session that can ask the AI (the status bar says why not)."""
        return not (action == "improve" and self.coach.ai_off(self.ui_language, spent=False) is not None)

    def refresh_status(self) -> None:
        coach = self.coach
        dirty = self.document.dirty or bool(self.pending)
        busy = ""
        if self.improving is not None:
            ref, asked = self.improving
            busy = self.words("status-improving", ref=ref, seconds=int(time.monotonic() - asked))
        off = coach.ai_off(self.ui_language)
        if off != self._ai_off:
            self._ai_off = off
            self.refresh_bindings()
        self.query_one(StatusBar).show_state(coach.settings, coach.tokens, self.findings, dirty, self.document.path, self.ui_language, busy=busy, ai_off=off)

    def improving_done(self) -> None:
        """The AI answered or failed: the status bar stops counting."""
        self.improving = None
        if self._improving_timer is not None:
            self._improving_timer.stop()
            self._improving_timer = None

    def changed(self, structural: bool = False, select: Optional[Ref] = None, edited: Optional[Ref] = None) -> None:
        """After any change: the findings at once (only `edited` re-judged when the change was typing
        in it), then the tree, and the recovery file (after a pause in typing, else at once)."""
        full_runs = self.live.full_runs if self.live is not None else -1
        self.judge(edited)
        if edited is None or self.live is None or self.live.full_runs != full_runs or self._stale_labels is None:
            self._stale_labels = None  # the whole set was judged again: any badge may have changed
        else:
            self._stale_labels.add(edited[0])
        for dropped in self.pending.prune(self.document.okr_set):
            self.notify(self.words("field-dropped", ref=dropped.label, name=self.words("field", name=dropped.field), value=repr(dropped.raw)), severity="warning", timeout=8, markup=False)
        if structural:
            self.rebuild_tree(select)
        else:
            # Findings and status follow each keystroke; the tree's badges follow a pause in typing.
            self.show_findings()
            if self._label_timer is not None:
                self._label_timer.stop()
            self._label_timer = self.set_timer(LABELS_PAUSE, self.refresh_labels)
        if edited is None:
            self.write_recovery()
        else:
            if self._recovery_timer is not None:
                self._recovery_timer.stop()
            self._recovery_timer = self.set_timer(RECOVERY_PAUSE, self.typing_paused)
            if self._sweep_timer is not None:
                self._sweep_timer.stop()
                self._sweep_timer = None

    def typing_paused(self) -> None:
        """A pause in typing: the recovery file, then the cycle collector's collection of what the
        typing made (`collector.pause`); a long idle spell after it, the collector's sweep."""
        self.write_recovery()
        collector.pause()
        self._sweep_timer = self.set_timer(SWEEP_PAUSE, self.idle_sweep)

    def idle_sweep(self) -> None:
        self._sweep_timer = None
        collector.sweep()

    def write_recovery(self) -> None:
        """Write the recovery file now (and drop a pending write)."""
        self.cancel_recovery()
        self.coach.save_recovery(self.document, self.brief)

    def cancel_recovery(self) -> None:
        """Drop a pending recovery write: the draft was saved or deliberately left."""
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
            self._recovery_timer = None

    def flush_recovery(self) -> None:
        """Write a pending recovery file at once (quitting, leaving the screen)."""
        if self._recovery_timer is not None:
            self.write_recovery()

    def on_unmount(self) -> None:
        self.flush_recovery()
        collector.release()

    # -- events -----------------------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#okr-tree")
    def highlighted(self, event: Tree.NodeHighlighted) -> None:
        tree = self.query_one("#okr-tree", Tree)
        if event.node is not tree.cursor_node:
            return  # a highlight the cursor has already moved on from (keys arrived in a burst)
        self.show_selected_node()

    def show_selected_node(self) -> None:
        """Make the form show what the tree's cursor is on, unless it already does.

        Actions on "the selected element" call this first: with keys arriving in a burst, the
        tree's cursor has moved before its highlight message is handled, and the user means what
        the cursor is on. Re-showing what is already shown would overwrite typing whose change
        messages are still on their way, so it is skipped.
        """
        node = self.query_one("#okr-tree", Tree).cursor_node
        if node is None:
            return
        ref = node.data
        element = self.document.element(ref) if ref is not None and self.document.exists(ref) else None
        if ref == self.selected and element is self._shown:
            return
        self.show_element(ref)

    def apply_change(self, event: Input.Changed) -> None:
        """Apply a change to the text or a field now (a binding is about to act on the document)."""
        if (event.input.id or "") == "element-text":
            self.text_changed(event)
        elif (event.input.id or "").startswith("field-"):
            self.field_changed(event)

    @on(Input.Changed, "#element-text")
    def text_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, ElementInput) and not event.input.take(event):
            return  # superseded by a later change already applied
        ref = _ref_of(self.document, changed_element(event))
        if ref is None:
            return  # typed for an element that is gone (deleted, undone): nothing to apply it to
        if self.document.text_of(ref) == event.value:
            return
        self.document.set_text(ref, event.value, merge=True)
        self.changed(edited=ref)

    @on(Input.Blurred, "#element-text")
    @on(Input.Blurred, "#kr-fields Input")
    def edit_left(self) -> None:
        """Leaving a text or field ends its edit: typing there again is a new undo step."""
        self.document.end_typing()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.set_focus(self.query_one("#okr-tree", Tree))

    @on(Input.Changed, "#kr-fields Input")
    def field_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, ElementInput) and not event.input.take(event):
            return  # superseded by a later change already applied
        element = changed_element(event)
        ref = _ref_of(self.document, element)
        if ref is None or ref[1] is None or not isinstance(element, KeyResult):
            return  # typed for a key result that is gone: nothing to apply it to
        from okrcoach.values import UnreadableValue

        name = (event.input.id or "").removeprefix("field-")
        label = ref_label(ref)
        try:
            parsed = parse_field(name, event.value, self.document.okr_set.language)
            self.document.set_field(ref, name, parsed.value, typing=name)
        except (UnreadableValue, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            # kept in its input, shown, and it blocks saving: never silently dropped
            message = (
                exc.render(self.ui_language)
                if isinstance(exc, UnreadableValue)
                else self.words("field-unusable", name=self.words("field", name=name), value=repr(event.value.strip()), forms=accepted_forms(name, self.ui_language))
            )
            self.pending.set(element, label, name, event.value, message)
            if getattr(event.input, "element", None) is element:
                event.input.add_class("invalid")
            self.show_field_error()
            self.refresh_status()
            return
        if getattr(event.input, "element", None) is element:
            event.input.remove_class("invalid")
        self.pending.clear(element, name)
        if parsed.unit and name in ("baseline", "target", "current") and not getattr(element, "unit", None) and not self.pending.get(element, "unit"):
            self.document.set_field(ref, "unit", parsed.unit, typing=name)  # `8 %` typed as the target: the unit is %, same step
            unit_input = self.query_one("#field-unit", ElementInput)
            if unit_input.element is element:
                unit_input.show(parsed.unit, element)
        self.show_field_error()
        self.changed(edited=ref)

    def cancel_field_edit(self) -> bool:
        """Esc in a field holding an invalid value: put the saved value back. True if one was cancelled."""
        focused = self.focused
        if not isinstance(focused, ElementInput) or not (focused.id or "").startswith("field-") or not isinstance(focused.element, KeyResult):
            return False
        name = (focused.id or "").removeprefix("field-")
        element = focused.element
        if self.pending.clear(element, name) is None:
            return False
        value = getattr(element, name)
        focused.show(self.field_text(value, name), element)
        focused.remove_class("invalid")
        self.show_field_error()
        self.refresh_status()
        field = self.words("field", name=name)
        shown = self.field_text(value, name)
        self.notify(self.words("field-cancelled", name=field, value=shown) if shown else self.words("field-cancelled-empty", name=field), markup=False)
        return True

    def refuse_save_with_pending(self) -> bool:
        """Saving waits while a field holds a value that is not valid: show which, and go there."""
        entries = list(self.pending)
        if not entries:
            return False
        entry = entries[0]
        self.notify(
            self.words("save-waits", what=f"{entry.label} {self.words('field', name=entry.field)}: {entry.message}")
            + (self.words("save-waits-more", count=len(entries) - 1) if len(entries) > 1 else ""),
            title=self.words("save-waits-title"),
            severity="error",
            timeout=10,
            markup=False,
        )
        ref = next(((oi, ki) for oi, o in enumerate(self.document.okr_set.objectives) for ki, kr in enumerate(o.key_results) if kr is entry.element), None)
        if ref is not None:
            self.rebuild_tree(ref)
            self.set_focus(self.query_one(f"#field-{entry.field}", Input))
        return True

    # -- actions ----------------------------------------------------------------------------

    def action_download(self) -> None:
        """A served visitor takes the saved file home: the browser downloads it."""
        path = self.document.path
        if path is None or not path.is_file():
            self.notify(self.words("download-save-first"), severity="warning")
            return
        if self.document.dirty:
            self.notify(self.words("download-unsaved"), severity="warning", timeout=8)
        self.app.deliver_text(path, open_method="download", mime_type="text/plain")
        self.notify(self.words("downloading", name=path.name), markup=False)

    def action_back(self) -> None:
        """Escape: from a field back to the tree; from the tree back home (asking first if unsaved)."""
        tree = self.query_one("#okr-tree", Tree)
        if self.focused is not tree:
            if not self.cancel_field_edit():
                self.set_focus(tree)
            return
        if not self.document.dirty:
            self.coach.go_home()
            return

        def answered(leave: Optional[bool]) -> None:
            if leave:
                self.cancel_recovery()
                self.coach.recovery.discard()
                self.coach.go_home()

        self.app.push_screen(ConfirmScreen(self.words("leave-unsaved"), yes=self.words("leave"), no=self.words("stay"), language=self.ui_language), answered)

    def action_next_field(self, step: int) -> None:
        """Tab / shift+Tab: tree, text, then the key result's fields, in a fixed order that does
        not wait for a layout (fields shown by the same burst of keys are already in it)."""
        order: list[Any] = [self.query_one("#okr-tree", Tree)]
        if self.selected is not None:
            order.append(self.query_one("#element-text", Input))
            if self.selected[1] is not None:
                order += [self.query_one(f"#field-{name}", Input) for name in ("baseline", "target", "unit", "deadline")]
        index = order.index(self.focused) if self.focused in order else 0
        self.set_focus(order[(index + step) % len(order)])

    def action_edit(self) -> None:
        self.show_selected_node()
        if self.selected is not None:
            # At once, not after a refresh as `focus()` does: keys typed right after `e` are
            # already queued, and they belong in the box.
            self.set_focus(self.query_one("#element-text", Input))

    def action_add_key_result(self) -> None:
        self.show_selected_node()
        if not self.document.okr_set.objectives:
            self.action_add_objective()
            return
        oi, ki = self.selected or (len(self.document.okr_set.objectives) - 1, None)
        ref = self.document.add_key_result(oi, ki, text=self.words("new-key-result"))
        self.changed(structural=True, select=ref)
        self.action_edit()

    def action_add_objective(self) -> None:
        self.show_selected_node()
        after = self.selected[0] if self.selected else None
        ref = self.document.add_objective(after, title=self.words("new-objective"))
        self.changed(structural=True, select=ref)
        self.action_edit()

    def action_delete(self) -> None:
        self.show_selected_node()
        if self.selected is None:
            return
        select = self.document.delete(self.selected)
        self.changed(structural=True, select=select)
        self.notify(self.words("deleted"))

    def action_move(self, step: int) -> None:
        self.show_selected_node()
        if self.selected is None:
            return
        ref = self.document.move(self.selected, step)
        self.changed(structural=True, select=ref)

    def action_undo(self) -> None:
        if self.document.undo():
            self.changed(structural=True, select=self.selected if self.selected and self.document.exists(self.selected) else None)
        else:
            self.notify(self.words("nothing-to-undo"))

    def action_redo(self) -> None:
        if self.document.redo():
            self.changed(structural=True, select=self.selected if self.selected and self.document.exists(self.selected) else None)

    def action_progress(self) -> None:
        self.app.push_screen(ProgressScreen(self.document.okr_set))

    def action_checkin(self) -> None:
        self.show_selected_node()
        if self.selected is None or self.selected[1] is None:
            self.notify(self.words("checkin-select"), severity="warning")
            return
        ref = self.selected
        label = ref_label(ref)

        def entered(checkin: Optional[Any]) -> None:
            if checkin is not None and self.document.exists(ref):
                message = apply_checkin(self.document, ref, checkin)
                self.changed(structural=False)
                self.notify(message, timeout=8, markup=False)

        key_result = self.document.element(ref)
        if isinstance(key_result, KeyResult):
            self.app.push_screen(
                CheckinScreen(label, key_result, decimal_comma=self.document.decimal_comma, language=self.ui_language, shown=lambda value, name: self.document.shown_number(value, ref, name)), entered
            )

    def action_improve(self) -> None:
        self.show_selected_node()
        if self.selected is None:
            self.notify(self.words("improve-select"))
            return
        settings = self.coach.settings
        if settings is None or settings.problems():
            self.notify(self.words("improve-no-llm", problems=" ".join(settings.problems(self.ui_language) if settings else [])), severity="warning", timeout=10, markup=False)
            return
        if not self.coach.budget_left():
            return
        self.notify(self.words("improve-asking"))
        ref = self.selected
        self.improving = (ref_label(ref), time.monotonic())
        if self._improving_timer is None:
            self._improving_timer = self.set_interval(1, self.refresh_status)
        self.refresh_status()
        self.run_improve(ref)

    @work(exclusive=True, exit_on_error=False, group="llm")
    async def run_improve(self, ref: Ref) -> None:
        from okrcoach.drafting.client import DraftError, explain

        drafter = self.coach.drafter()
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
        self.improving_done()
        self.coach.tokens = self.coach.drafter().usage.total_tokens
        self.refresh_status()
        improvement = event.improvement
        remaining = [f"{f.code} {f.message}" for f in improvement.findings if f.level != Level.info]
        # What the rubric refused is shown with why and cannot be accepted (as `improve --write`).
        refused = improvement.remaining_said if improvement.remaining else []

        def decided(accept: Optional[bool]) -> None:
            if accept and not refused and self.document.exists(event.ref):
                self.document.replace(improvement.okr_set)
                self.changed(structural=True, select=event.ref)
                self.notify(self.words("improve-accepted"))

        self.app.push_screen(SuggestionScreen(improvement.original, improvement.suggestion.text, improvement.rationale, remaining, self.ui_language, refused=refused), decided)

    @on(ImprovementFailed)
    def improvement_failed(self, event: ImprovementFailed) -> None:
        self.improving_done()
        self.coach.tokens = self.coach.drafter().usage.total_tokens  # a failed request cost tokens too
        self.refresh_status()
        self.notify(
            f"{event.error.message_in(self.ui_language)} {event.error.hint_in(self.ui_language, in_tui=True)}", title=self.words("improve-failed-title"), severity="error", timeout=10, markup=False
        )

    def action_save(self) -> None:
        if self.refuse_save_with_pending():
            return
        path = self.document.path
        if path is None or (path.suffix.lower() not in WRITABLE and not self.document.edits_in_place()):
            self.action_save_as()
            return
        if self.document.changed_on_disk():

            def answered(overwrite: Optional[bool]) -> None:
                if overwrite:
                    self.write_to(path)

            self.app.push_screen(ConfirmScreen(self.words("changed-on-disk", path=str(path)), yes=self.words("overwrite"), no=self.words("cancel"), language=self.ui_language), answered)
            return
        self.write_to(path)

    def action_save_as(self) -> None:
        if self.refuse_save_with_pending():
            return
        workspace = self.coach.workspace
        suggestion = str(self.document.path) if self.document.path else f"{(self.document.okr_set.team or 'team').lower().replace(' ', '-')}.okr.yaml"
        if workspace is not None and self.document.path is not None:
            suggestion = workspace.show(self.document.path)

        def chosen(path: Optional[Path]) -> None:
            if path is None:
                return
            if path.suffix.lower() not in WRITABLE:
                self.notify(self.words("save-as-formats"), severity="error")
                return
            if path.exists() and path != self.document.path:

                def confirmed(overwrite: Optional[bool]) -> None:
                    if overwrite:
                        self.write_to(path)

                self.app.push_screen(ConfirmScreen(self.words("exists-overwrite", path=str(path)), yes=self.words("overwrite"), no=self.words("cancel"), language=self.ui_language), confirmed)
                return
            self.write_to(path)

        self.app.push_screen(PathScreen(self.words("save-as-title"), suggestion, workspace=workspace, language=self.ui_language), chosen)

    def write_to(self, path: Path) -> None:
        """Save: the file's own format is edited in place (only what changed); another format or
        a new draft is written as a new file. A refused edit writes nothing and says why."""
        from okrcoach.documents import EditRefused

        if self.refuse_save_with_pending():
            return

        same_file = self.document.path is not None and path.resolve() == self.document.path.resolve()
        fmt = self.document.format if same_file and path.suffix.lower() not in WRITABLE else WRITABLE[path.suffix.lower()]
        try:
            saved = self.document.save(path, fmt)
        except EditRefused as exc:
            self.notify(self.words("save-refused", reason=exc.message), title=self.words("save-refused-title"), severity="error", timeout=15, markup=False)
            return
        except OSError as exc:
            from okrcoach.documents.storage import write_problem

            self.flush_recovery()
            kept = self.coach.recovery.path
            self.notify(self.words("cannot-save", path=shown_path(path), problem=write_problem(exc), kept=str(kept)), severity="error", timeout=15, markup=False)
            return
        remember_file(path)
        self.cancel_recovery()
        self.coach.recovery.discard()
        self.refresh_status()
        if saved.note:
            self.rebuild_tree(self.selected)
        message = self.words("saved", path=shown_path(path)) if saved.written else self.words("saved-same", path=shown_path(path))
        self.notify(message + (f" {saved.note}" if saved.note else ""), markup=False, timeout=8 if saved.note else 4)


def _load_vocabularies() -> None:
    from okrcoach.drafting.known_words import warm_up

    warm_up()
