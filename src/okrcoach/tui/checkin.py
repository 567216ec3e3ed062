"""The check-in dialog: a key result's value, confidence, note and date, returned as a `Checkin`.

The review screen records it in the document (one undo step), and ctrl+s writes it like any edit.
User text is always rendered as plain `Text`, never as markup.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from okrcoach.document import OkrDocument, Ref, ref_label
from okrcoach.model import Checkin, KeyResult, OkrSet
from okrcoach.progress import key_result_progress, latest_value, with_stated_range
from okrcoach.set_language import language_of

from .progress_view import number, pct, say, unknown_reason
from .words import relabel, ui

# A key result's number as the file writes it: (value, field) → `12,5 %`, `18.500 €`
# (`OkrDocument.shown_number` for the key result); None shows numbers as `progress_view.number`.
Shown = Callable[[Optional[float], str], str]


def describe_key_result(kr: KeyResult, decimal_comma: bool = False, language: str = "en", shown: Optional[Shown] = None) -> Text:
    """Baseline, target and the latest value, so the user sees what the new value moves; numbers
    in the file's style (`2,1` in a file of decimal commas, `18.500 €`), words in `language`.
    Empty fields show what the text states (`from 12 % to 8 %`), read as progress reads them."""
    kr = with_stated_range(kr)
    value, when = latest_value(kr)
    show: Shown = shown or (lambda number_value, name: number(number_value, decimal_comma))
    numbers = {"baseline": show(kr.baseline, "baseline"), "target": show(kr.target, "target"), "value": show(value, "current")}
    about = ui("checkin-about", language, **numbers)
    if when:
        about += ui("checkin-about-when", language, date=when.isoformat())
    said = kr.unit and any(text.endswith(kr.unit) for text in numbers.values())  # `12,5 %` says its unit
    unit = f" {kr.unit}" if kr.unit and not said else ""
    return Text(about + unit, style="dim")


def apply_checkin(document: OkrDocument, ref: Ref, checkin: Checkin) -> str:
    """Record a check-in on a key result (one undo step); returns the notification to show."""
    key_result = document.element(ref)
    if not isinstance(key_result, KeyResult):
        raise ValueError("check-ins belong to key results, not objectives")
    previous = latest_value(key_result)[0]
    document.add_checkin(ref, checkin)
    label = ref_label(ref)
    return checkin_summary(label, previous, key_result, checkin, document.okr_set, document.decimal_comma, lambda value, name: document.shown_number(value, ref, name))


def checkin_summary(ref_label: str, previous: Optional[float], kr: KeyResult, checkin: Checkin, okr_set: OkrSet, decimal_comma: bool = False, shown: Optional[Shown] = None) -> str:
    """The notification after a check-in: old → new value (in the file's number style), and how
    far along the key result is."""
    show: Shown = shown or (lambda value, name: number(value, decimal_comma))
    progress = key_result_progress(kr)
    language = language_of(okr_set)
    if progress.progress is not None:
        how = say("of-the-way", language, share=pct(progress.progress))
    else:
        how = say("unknown-because", language, reason=unknown_reason(progress.missing, progress.reason, language))
    before = "" if previous is None else f"{show(previous, 'current')} → "
    message = say("tui-checkin-done", language, ref=ref_label, change=before, value=show(checkin.value, "current"), date=checkin.date.isoformat(), how=how)
    period = okr_set.period
    if period is not None and not period.contains(checkin.date):
        message += say("tui-checkin-outside", language, date=checkin.date.isoformat(), period=period.label)
    return message


class CheckinScreen(ModalScreen[Optional[Checkin]]):
    """Value, confidence, note and date of a check-in; bad input is explained here, never a crash."""

    # Tab and shift+tab with priority, as on the brief form: focus moves before the next typed
    # key is delivered, so "50<tab>0,6" typed fast (or pasted) lands as value 50, confidence 0,6,
    # not as the value 500,6.
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def __init__(self, ref_label: str, key_result: KeyResult, today: Optional[date] = None, decimal_comma: bool = False, language: str = "en", shown: Optional[Shown] = None) -> None:
        super().__init__()
        self.ref_label, self.key_result = ref_label, key_result
        self.today = today or date.today()
        self.decimal_comma = decimal_comma
        self.shown = shown
        self.language = language
        relabel(self, {"cancel": ui("cancel", language)})

    def words(self, key: str, /, **params: object) -> str:
        return ui(key, self.language, **params)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="checkin-box"):
            yield Label(Text(self.words("checkin-title", ref=self.ref_label), style="bold"))
            yield Static(Text(self.key_result.text or self.words("empty")), id="checkin-kr")
            yield Static(describe_key_result(self.key_result, self.decimal_comma, self.language, self.shown), id="checkin-about")
            with Horizontal(classes="checkin-row"):
                with Vertical(classes="field"):
                    yield Label(self.words("checkin-value"))
                    yield Input("", id="checkin-value", placeholder=self.words("checkin-value-placeholder"))
                with Vertical(classes="field"):
                    yield Label(self.words("checkin-confidence"))
                    yield Input("", id="checkin-confidence", placeholder=self.words("checkin-confidence-placeholder"))
            with Horizontal(classes="checkin-row"):
                with Vertical(classes="field date-field"):
                    yield Label(self.words("checkin-date"))
                    yield Input(self.today.isoformat(), id="checkin-date")
                with Vertical(classes="field wide-field"):
                    yield Label(self.words("checkin-note"))
                    yield Input("", id="checkin-note", placeholder=self.words("checkin-note-placeholder"))
            yield Static(Text(""), id="checkin-error")
            with Horizontal(classes="buttons"):
                yield Button(self.words("ok"), id="ok", variant="primary")
                yield Button(self.words("cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#checkin-value", Input).focus()

    def _fail(self, field: str, message: str) -> None:
        for widget in self.query(Input):
            widget.remove_class("invalid")
        field_input = self.query_one(f"#checkin-{field}", Input)
        field_input.add_class("invalid")
        field_input.focus()
        self.query_one("#checkin-error", Static).update(Text(message, style="bold red"))

    def read_checkin(self) -> Optional[Checkin]:
        """The check-in from the fields, or None after showing what is wrong."""
        from okrcoach.values import UnreadableValue, parse_confidence, parse_date, parse_number

        raw_value = self.query_one("#checkin-value", Input).value.strip()
        raw_confidence = self.query_one("#checkin-confidence", Input).value.strip()
        raw_date = self.query_one("#checkin-date", Input).value.strip()
        note = self.query_one("#checkin-note", Input).value.strip() or None
        if not raw_value:
            self._fail("value", self.words("checkin-value-missing"))
            return None
        try:
            value = parse_number(raw_value)
        except UnreadableValue as exc:
            self._fail("value", exc.render(self.language))
            return None
        confidence = None
        if raw_confidence:
            try:
                confidence = parse_confidence(raw_confidence)
            except UnreadableValue as exc:
                self._fail("confidence", exc.render(self.language))
                return None
            if not 0 <= confidence <= 10:
                self._fail("confidence", self.words("checkin-confidence-range", value=raw_confidence))
                return None
        try:
            day = parse_date(raw_date)
        except UnreadableValue as exc:
            problem = exc.render(self.language)
            self._fail("date", self.words("checkin-today", problem=problem, date=self.today.isoformat()) if exc.message.key == "phrases.value-not-a-date" else problem)
            return None
        try:
            return Checkin(date=day, value=value, confidence=confidence, note=note)
        except ValueError as exc:  # pydantic: anything the model itself refuses
            self._fail("value", self.words("checkin-refused", reason=str(exc)))
            return None

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        checkin = self.read_checkin()
        if checkin is not None:
            self.dismiss(checkin)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
