"""The progress screen of the TUI.

`ProgressScreen` shows a set's progress, grades, expected progress, status and confidence trend as
at a date (today unless changed), and what is at risk; every number comes from `okrcoach.progress`.

User text is always rendered as plain `Text`, never as markup.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Static

from okrcoach import excerpt
from okrcoach.i18n import LocalisedText, resolve
from okrcoach.model import OkrSet
from okrcoach.progress import AT_RISK, CONFIDENCE_DOWN, NOT_STARTED, OFF_TRACK, ON_TRACK, UNKNOWN, RiskItem, SetStatus, band, grade, percent, set_status
from okrcoach.renderers.progress import bar

from . import actions
from .base import CoachScreen

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


def unknown_reason(missing: Optional[str], reason: Optional[LocalisedText]) -> str:
    """Why progress is unknown and what to do, said with the TUI's keys where the TUI can do it."""
    return TUI_MISSING.get(missing or "", resolve(reason, "en") or "progress unknown")


def risk_reason(item: RiskItem) -> str:
    """Why an item is at risk; unknown progress says what to do with the TUI's keys."""
    if item.missing in TUI_MISSING:
        return unknown_reason(item.missing, item.reason) + (f"; {resolve(item.falling, 'en')}" if item.falling else "")
    return resolve(item.reason, "en") or ""


def pct(value: Optional[float]) -> str:
    """A share as shown in the view: `64 %`, or `–` when unknown."""
    return "–" if value is None else f"{percent(value)} %"


def number(value: Optional[float], decimal_comma: bool = False) -> str:
    """A number as shown: `2.5`, or `2,5` for a file that writes decimal commas; `–` when unknown."""
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") if decimal_comma and isinstance(value, float) else text


def _clip(text: str, width: int) -> str:
    return excerpt.clip(text, width)


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


class ProgressScreen(CoachScreen):
    """Progress, grades and status of the set on the review screen, as at a date."""

    CONTEXT = "progress"
    BINDINGS = actions.bindings(CONTEXT)

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
