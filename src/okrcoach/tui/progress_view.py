"""Progress view and check-in dialog of the TUI.

`ProgressScreen` shows a set's progress, grades, expected progress, status and confidence trend as
at a date (today unless changed), and what is at risk; every number comes from `okrcoach.progress`.
`CheckinScreen` asks for a key result's value, confidence, note and date and returns a `Checkin`;
the review screen records it in the document (one undo step), and ctrl+s writes it like any edit.

User text is always rendered as plain `Text`, never as markup.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from okrcoach.cli_progress import bar
from okrcoach.document import OkrDocument, Ref
from okrcoach.model import Checkin, KeyResult, OkrSet
from okrcoach.progress import AT_RISK, CONFIDENCE_DOWN, NOT_STARTED, OFF_TRACK, ON_TRACK, UNKNOWN, RiskItem, SetStatus, band, grade, key_result_progress, latest_value, percent, set_status

STATUS_LABELS = {ON_TRACK: "on track", AT_RISK: "at risk", OFF_TRACK: "off track", NOT_STARTED: "not started", UNKNOWN: "unknown", CONFIDENCE_DOWN: "confidence"}
STATUS_STYLES = {ON_TRACK: "green", AT_RISK: "yellow", OFF_TRACK: "bold red", NOT_STARTED: "dim", UNKNOWN: "magenta", CONFIDENCE_DOWN: "yellow"}
BAND_STYLES = {"red": "red", "yellow": "yellow", "green": "green"}
ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
BAR_WIDTH = 10
# Widths of the columns after the name: "  " bar " " pct "  " grade "  " expected "  " status "  " confidence.
_FIXED = 2 + BAR_WIDTH + 1 + 5 + 2 + 5 + 2 + 8 + 2 + 11 + 2 + 10
_MIN_NAME = 24


# What to do about unknown progress, in this app's own keys (the CLI's wording names commands).
TUI_MISSING = {
    "target": "no target: fill in the key result's target field on the review screen",
    "baseline": "no baseline: fill in the key result's baseline field on the review screen",
    "checkin": "no check-in yet: select the key result on the review screen and press c to record one",
}


def unknown_reason(missing: Optional[str], reason: Optional[str]) -> str:
    """Why progress is unknown and what to do, said with the TUI's keys where the TUI can do it."""
    return TUI_MISSING.get(missing or "", reason or "progress unknown")


def risk_reason(item: RiskItem) -> str:
    """Why an item is at risk; unknown progress says what to do with the TUI's keys."""
    if item.missing in TUI_MISSING:
        return unknown_reason(item.missing, item.reason) + (f"; {item.falling}" if item.falling else "")
    return item.reason


def pct(value: Optional[float]) -> str:
    """A share as shown in the view: `64 %`, or `–` when unknown."""
    return "–" if value is None else f"{percent(value)} %"


def number(value: Optional[float]) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _cell(text: str, width: int, right: bool = False) -> str:
    text = _clip(text, width)
    return text.rjust(width) if right else text.ljust(width)


def period_line(okr_set: OkrSet, st: SetStatus) -> Text:
    """Which set, which period, and how far through it `st.at` is."""
    about = " · ".join(x for x in (okr_set.title, okr_set.team, okr_set.period.label if okr_set.period else None) if x) or "OKRs"
    when = {
        "no period": "no period, so no expected progress (add `period:` to the file)",
        "not started": "the period has not started",
        "ended": "the period has ended",
    }.get(st.state) or f"{pct(st.elapsed)} of the period gone"
    text = Text()
    text.append(about, style="bold")
    text.append(f"  ·  as at {st.at.isoformat()}: {when}")
    return text


def _progress_cells(text: Text, progress: Optional[float], expected: Optional[float], state: str) -> None:
    colour = BAND_STYLES.get(band(progress) or "", "")
    text.append("  ")
    text.append(bar(progress, BAR_WIDTH), style=colour)
    text.append(" " + pct(progress).rjust(5), style=colour)
    g = grade(progress)
    text.append("  ")
    text.append(_cell("" if g is None else f"{g:.1f}", 5), style=f"bold {colour}" if colour else "")
    text.append("  " + pct(expected).rjust(8) + "  ")
    text.append(_cell(STATUS_LABELS[state], 11), style=STATUS_STYLES[state])


def progress_table(st: SetStatus, name_width: int = 44) -> Text:
    """Every objective and key result: bar, progress, grade (band colour), expected, status, confidence."""
    name_width = max(_MIN_NAME, name_width)
    text = Text(no_wrap=True, overflow="ellipsis")
    header = f"{_cell('objective / key result', name_width)}  {'progress'.ljust(BAR_WIDTH + 6)}  {'grade'}  {'expected'.rjust(8)}  {'status'.ljust(11)}  confidence"
    text.append(header + "\n", style="bold dim")
    if not st.objectives:
        text.append("No objectives yet.\n", style="dim")
    for obj in st.objectives:
        text.append(_cell(f"{obj.ref} {obj.objective.title or '(no title)'}", name_width), style="bold")
        _progress_cells(text, obj.score.score, obj.expected, obj.status)
        text.append("  " + (f"{ARROWS[obj.trend]} {obj.trend}" if obj.trend else "–"))
        text.append("\n")
        if obj.score.score is None:
            text.append(f"    no measured key results ({obj.score.known} of {obj.score.total})\n", style="dim")
        elif obj.score.known < obj.score.total:
            text.append(f"    {obj.score.known} of {obj.score.total} key results measured\n", style="dim")
        for row in obj.key_results:
            text.append("   " + _cell(f"{row.ref.split('.')[1]} {row.key_result.text or '(empty)'}", name_width - 3))
            _progress_cells(text, row.progress.progress, row.expected, row.status)
            confidence = "–" if row.confidence is None else f"{row.confidence:.1f}"
            if row.trend:
                confidence += f" {ARROWS[row.trend]} {row.trend}"
            text.append("  " + confidence)
            text.append("\n")
            if row.progress.progress is None:
                text.append("      ", style="dim")
                text.append(f"unknown: {unknown_reason(row.progress.missing, row.progress.reason)}\n", style="magenta")
    return text


def risk_summary(st: SetStatus) -> Text:
    """What is at risk: behind, unmeasured, or losing confidence (from `set_status`)."""
    text = Text()
    if st.state == "not started":
        text.append("The period has not started: nothing is expected yet.\n", style="dim")
    if not st.at_risk:
        text.append("Nothing at risk.", style="green")
        return text
    text.append(f"At risk ({len(st.at_risk)})\n", style="bold")
    for item in st.at_risk:
        text.append(f"  {STATUS_LABELS.get(item.status, item.status):<11}", style=STATUS_STYLES.get(item.status, ""))
        text.append(f"{item.ref} ", style="bold")
        text.append(_clip(item.text, 60))
        text.append(f": {risk_reason(item)}\n")
    return text


LEGEND = "Grades: 0.0–0.3 red · 0.4–0.6 yellow · 0.7–1.0 green.  Expected: share of the period gone × the goal (1.0 committed, 0.7 aspirational)."


class ProgressScreen(Screen):
    """Progress, grades and status of the set on the review screen, as at a date."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("d", "focus_date", "Change date"),
        Binding("question_mark,f1", "app.help", "Help", show=False),
    ]

    def __init__(self, okr_set: OkrSet, at: Optional[date] = None) -> None:
        super().__init__()
        self.okr_set = okr_set
        self.at = at or date.today()
        self.status: SetStatus = set_status(okr_set, self.at)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="progress"):
            with Horizontal(id="progress-controls"):
                yield Label("As at (YYYY-MM-DD)", id="progress-date-label")
                yield Input(self.at.isoformat(), id="progress-date", placeholder="YYYY-MM-DD")
                yield Static(Text(""), id="progress-date-error")
            yield Static(Text(""), id="progress-period")
            with VerticalScroll(id="progress-body"):
                yield Static(Text(""), id="progress-table")
                yield Static(Text(""), id="progress-risks")
                yield Static(Text(LEGEND, style="dim"), id="progress-legend")
        yield Footer()

    def on_mount(self) -> None:
        self.render_status()
        self.query_one("#progress-body").focus()

    def on_resize(self) -> None:
        self.render_status()

    def _name_width(self) -> int:
        return max(_MIN_NAME, self.app.size.width - _FIXED - 6)

    def render_status(self) -> None:
        st = self.status
        self.query_one("#progress-period", Static).update(period_line(self.okr_set, st))
        self.query_one("#progress-table", Static).update(progress_table(st, self._name_width()))
        self.query_one("#progress-risks", Static).update(risk_summary(st))

    def set_date(self, at: date) -> None:
        self.at = at
        self.status = set_status(self.okr_set, at)
        self.render_status()

    @on(Input.Changed, "#progress-date")
    def date_changed(self, event: Input.Changed) -> None:
        raw = event.value.strip()
        error = self.query_one("#progress-date-error", Static)
        from okrcoach.values import UnreadableValue, parse_date

        try:
            at = parse_date(raw, "The date")
        except UnreadableValue as exc:
            event.input.add_class("invalid")
            error.update(Text(str(exc) if raw else "Enter a date (YYYY-MM-DD or 31.03.2027).", style="red"))
            return
        event.input.remove_class("invalid")
        error.update(Text(""))
        if at != self.at:
            self.set_date(at)

    @on(Input.Submitted, "#progress-date")
    def date_submitted(self) -> None:
        self.query_one("#progress-body").focus()

    def action_focus_date(self) -> None:
        self.query_one("#progress-date", Input).focus()

    def action_close(self) -> None:
        self.app.pop_screen()


# -- check-in --------------------------------------------------------------------------------------


def describe_key_result(kr: KeyResult) -> Text:
    """Baseline, target and the latest value, so the user sees what the new value moves."""
    value, when = latest_value(kr)
    parts = [f"baseline {number(kr.baseline)}", f"target {number(kr.target)}"]
    now = f"now {number(value)}" + (f" (check-in of {when.isoformat()})" if when else "")
    parts.append(now)
    unit = f" {kr.unit}" if kr.unit else ""
    return Text(" · ".join(parts) + unit, style="dim")


def apply_checkin(document: OkrDocument, ref: Ref, checkin: Checkin) -> str:
    """Record a check-in on a key result (one undo step); returns the notification to show."""
    previous = latest_value(document.element(ref))[0]  # type: ignore[arg-type]
    document.add_checkin(ref, checkin)
    label = f"O{ref[0] + 1}.KR{(ref[1] or 0) + 1}"
    return checkin_summary(label, previous, document.element(ref), checkin, document.okr_set)  # type: ignore[arg-type]


def checkin_summary(ref_label: str, previous: Optional[float], kr: KeyResult, checkin: Checkin, okr_set: OkrSet) -> str:
    """The notification after a check-in: old → new value, and how far along the key result is."""
    progress = key_result_progress(kr)
    how = f"{pct(progress.progress)} of the way" if progress.progress is not None else f"progress unknown: {unknown_reason(progress.missing, progress.reason)}"
    before = "" if previous is None else f"{number(previous)} → "
    message = f"Check-in on {ref_label}: {before}{number(checkin.value)} on {checkin.date.isoformat()} ({how}). Save with ctrl+s; ctrl+z undoes it."
    period = okr_set.period
    if period is not None and not period.contains(checkin.date):
        message += f" Note: {checkin.date.isoformat()} is outside the period {period.label}."
    return message


class CheckinScreen(ModalScreen[Optional[Checkin]]):
    """Value, confidence, note and date of a check-in; bad input is explained here, never a crash."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, ref_label: str, key_result: KeyResult, today: Optional[date] = None) -> None:
        super().__init__()
        self.ref_label, self.key_result = ref_label, key_result
        self.today = today or date.today()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="checkin-box"):
            yield Label(Text(f"Check in {self.ref_label}", style="bold"))
            yield Static(Text(self.key_result.text or "(empty)"), id="checkin-kr")
            yield Static(describe_key_result(self.key_result), id="checkin-about")
            with Horizontal(classes="checkin-row"):
                with Vertical(classes="field"):
                    yield Label("Value now (42, 12.5 or 12,5)")
                    yield Input("", id="checkin-value", placeholder="value")
                with Vertical(classes="field"):
                    yield Label("Confidence (0–1 or 0–10, optional)")
                    yield Input("", id="checkin-confidence", placeholder="e.g. 0.7")
            with Horizontal(classes="checkin-row"):
                with Vertical(classes="field"):
                    yield Label("Date (YYYY-MM-DD)")
                    yield Input(self.today.isoformat(), id="checkin-date")
                with Vertical(classes="field wide-field"):
                    yield Label("Note (optional)")
                    yield Input("", id="checkin-note", placeholder="what changed, what blocks it")
            yield Static(Text(""), id="checkin-error")
            with Horizontal(classes="buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

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
            self._fail("value", "Enter the key result's value now, e.g. 42, 12.5 or 12,5.")
            return None
        try:
            value = parse_number(raw_value, "The value")
        except UnreadableValue as exc:
            self._fail("value", str(exc))
            return None
        confidence = None
        if raw_confidence:
            try:
                confidence = parse_confidence(raw_confidence, "The confidence")
            except UnreadableValue as exc:
                self._fail("confidence", str(exc))
                return None
            if not 0 <= confidence <= 10:
                self._fail("confidence", f"The confidence must be between 0 and 1 (e.g. 0.7) or 0 and 10 (e.g. 7), not {raw_confidence}.")
                return None
        try:
            day = parse_date(raw_date, "The date")
        except UnreadableValue as exc:
            self._fail("date", f"{exc}. Today is {self.today.isoformat()}." if "such as" in str(exc) else str(exc))
            return None
        try:
            return Checkin(date=day, value=value, confidence=confidence, note=note)
        except ValueError as exc:  # pydantic: anything the model itself refuses
            self._fail("value", f"This check-in cannot be recorded: {exc}")
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
