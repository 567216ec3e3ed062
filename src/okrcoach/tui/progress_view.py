"""The progress screen of the TUI.

`ProgressScreen` shows a set's progress, grades, expected progress, status and confidence trend as
at a date (today unless changed), and what is at risk; every number comes from `okrcoach.progress`.

Everything it says about the set is in the set's language (declared, else detected), as `okrcoach
status` says it. User text is always rendered as plain `Text`, never as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, Static

from okrcoach import excerpt
from okrcoach.excerpt import one_line
from okrcoach.i18n import LocalisedText, resolve
from okrcoach.i18n import text as words
from okrcoach.model import OkrSet
from okrcoach.progress import AT_RISK, CONFIDENCE_DOWN, NOT_STARTED, OFF_TRACK, ON_TRACK, UNKNOWN, RiskItem, SetStatus, band, grade, percent, set_status
from okrcoach.renderers.progress import bar, grade_number
from okrcoach.set_language import language_of

from . import actions
from .base import CoachScreen
from .widgets import header
from .words import ui

STATUS_STYLES = {ON_TRACK: "green", AT_RISK: "yellow", OFF_TRACK: "bold red", NOT_STARTED: "dim", UNKNOWN: "magenta", CONFIDENCE_DOWN: "yellow"}
BAND_STYLES = {"red": "red", "yellow": "yellow", "green": "green"}
ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
BAR_WIDTH = 10
# The narrowest a column's data is: a grade (`0,7`), an expected share (`100 %`), a confidence
# with its trend arrow (`0,7 ↓`).
_GRADE_DATA, _EXPECTED_DATA, _CONFIDENCE_DATA = 3, 5, 5
_STATES = (ON_TRACK, AT_RISK, OFF_TRACK, NOT_STARTED, UNKNOWN, CONFIDENCE_DOWN)
_MIN_NAME = 24
# How narrow the name column may get before a row is wider than the screen; a name longer than its
# column goes on in the lines under it (`name_lines`), and the screen's text width is what the
# table is laid out for.
_NARROWEST_NAME = 14


# What to do about unknown progress, in this app's own keys (the CLI's wording names commands):
# the keys of `progress.tui-missing` in the catalogues.
TUI_MISSING = ("target", "baseline", "checkin")


def say(key: str, language: str, /, **params) -> str:
    """`progress.<key>` in `language`."""
    return words(f"progress.{key}", language, **params)


def status_label(state: str, language: str = "en") -> str:
    """A status in `language`: `at risk`, `i fare`."""
    return say("status", language, status=state)


def unknown_reason(missing: Optional[str], reason: Optional[LocalisedText], language: str = "en") -> str:
    """Why progress is unknown and what to do, said with the TUI's keys where the TUI can do it."""
    if missing in TUI_MISSING:
        return say("tui-missing", language, missing=missing)
    return resolve(reason, language) or say("unknown", language)


def risk_reason(item: RiskItem, language: str = "en") -> str:
    """Why an item is at risk; unknown progress says what to do with the TUI's keys."""
    if item.missing in TUI_MISSING:
        return unknown_reason(item.missing, item.reason, language) + (f"; {resolve(item.falling, language)}" if item.falling else "")
    return resolve(item.reason, language) or ""


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


def name_lines(ref: str, name: str, width: int) -> list[str]:
    """`ref name` in a column `width` wide, broken between words into as many lines as it takes,
    every line after the first indented under the name (past `KR1 `): a narrow screen shows the
    whole name over several lines rather than its first word and an ellipsis. A word wider than the
    column is cut at the column's edge and goes on in the next line."""
    indent = " " * min(cell_len(ref) + 1, max(width // 2, 0))
    words: list[str] = []
    for word in one_line(name).split(" "):
        if words and word and not any(c.isalnum() for c in word):
            words[-1] += " " + word  # `8 %`, `5 –`: a sign stays with its number
        else:
            words.append(word)
    lines: list[str] = []
    line = ref
    for word in words:
        if not word:
            continue
        joined = f"{line} {word}"
        if cell_len(joined) <= width:
            line = joined
            continue
        if line.strip():
            lines.append(line)
        line = indent + word
        while cell_len(line) > width:  # one word wider than the column
            room = max(width, len(indent) + 1)
            lines.append(line[:room])
            line = indent + line[room:]
    lines.append(line)
    return [piece.ljust(width) for piece in lines]


def _cell(text: str, width: int, right: bool = False) -> str:
    text = _clip(text, width)
    return text.rjust(width) if right else text.ljust(width)


def period_line(okr_set: OkrSet, st: SetStatus, language: str = "en") -> Text:
    """Which set, which period, and how far through it `st.at` is."""
    about = " · ".join(x for x in (okr_set.title, okr_set.team, okr_set.period.label if okr_set.period else None) if x) or ui("untitled-set", language)
    state = {"no period": "tui-no-period", "not started": "not-started", "ended": "ended"}.get(st.state)
    when = say(state, language) if state else say("period-gone", language, share=pct(st.elapsed))
    text = Text()
    text.append(about, style="bold")
    text.append("  ·  " + say("as-of", language, date=st.at.isoformat(), when=when))
    return text


def _widths(language: str) -> dict[str, int]:
    """Widths of the grade, expected and status columns in `language`, wide enough for their headings."""
    return {
        "grade": max(5, len(say("heading-grade", language))),
        "expected": max(8, len(say("heading-expected", language))),
        "status": max(11, len(say("heading-status", language)), *(len(status_label(state, language)) for state in _STATES)),
    }


@dataclass(frozen=True)
class Layout:
    """How the progress table is laid out in a width: each column's width, its heading (as
    written, or shortened to fit: `forv.`), and whether a trend is said in words beside its arrow
    (`↓ ned`) or by the arrow alone. Data is never cut; headings and trend words give way first."""

    name: int
    widths: dict
    headings: dict
    trend_words: bool

    def row_width(self) -> int:
        return self.name + 2 + BAR_WIDTH + 6 + 2 + self.widths["grade"] + 2 + self.widths["expected"] + 2 + self.widths["status"] + 2 + self.widths["confidence"]


def _short(heading: str, width: int) -> str:
    """A heading in `width` columns: as it is when it fits, else cut with a full stop (`forv.`)."""
    if cell_len(heading) <= width:
        return heading
    return heading[: max(width - 1, 1)].rstrip(" /") + "."


def table_layout(language: str, width: int) -> Layout:
    """The widest layout of the table whose rows fit in `width` columns: headings at full length
    and trends in words where there is room; else headings shortened to their data's width (`0,7`,
    `100 %`), then trends by their arrows alone; the name column takes what is left (at least
    `_NARROWEST_NAME`, so a screen narrower than that still shows the numbers in full)."""
    heading = {key: say(f"heading-{key}", language) for key in ("name", "progress", "grade", "expected", "status", "confidence")}
    labels = max(len(status_label(state, language)) for state in _STATES)
    trends = max(len(_trend(trend, language)) for trend in ARROWS)
    full = _widths(language)
    tries = [
        (dict(full, confidence=max(len(heading["confidence"]), 4 + trends)), True, False),
        (dict(grade=max(_GRADE_DATA, 4), expected=_EXPECTED_DATA, status=labels, confidence=4 + trends), True, True),
        (dict(grade=max(_GRADE_DATA, 4), expected=_EXPECTED_DATA, status=labels, confidence=_CONFIDENCE_DATA), False, True),
    ]
    for index, (widths, words_shown, shortened) in enumerate(tries):
        headings = dict(heading)
        if shortened:
            headings.update({key: _short(heading[key], widths[key]) for key in ("grade", "expected", "status", "confidence")})
            headings["progress"] = _short(heading["progress"], BAR_WIDTH + 6)
        layout = Layout(0, widths, headings, words_shown)
        room = width - layout.row_width()
        if room >= _MIN_NAME or index == len(tries) - 1:
            name = max(room, _NARROWEST_NAME)
            headings["name"] = _short(heading["name"], name) if cell_len(heading["name"]) > name else heading["name"]
            return Layout(name, widths, headings, words_shown)
    raise AssertionError("unreachable")  # pragma: no cover - the last try always returns


def _progress_cells(text: Text, progress: Optional[float], expected: Optional[float], state: str, language: str, widths: dict) -> None:
    colour = BAND_STYLES.get(band(progress) or "", "")
    text.append("  ")
    text.append(bar(progress, BAR_WIDTH), style=colour)
    text.append(" " + pct(progress).rjust(5), style=colour)
    g = grade(progress)
    text.append("  ")
    text.append(_cell("" if g is None else grade_number(g, language), widths["grade"]), style=f"bold {colour}" if colour else "")
    text.append("  " + pct(expected).rjust(widths["expected"]) + "  ")
    text.append(_cell(status_label(state, language), widths["status"]), style=STATUS_STYLES[state])


def _trend(trend: str, language: str, words_shown: bool = True) -> str:
    return f"{ARROWS[trend]} {say('trend', language, trend=trend)}" if words_shown else ARROWS[trend]


def progress_table(st: SetStatus, width: int = 120, language: str = "en") -> Text:
    """Every objective and key result: bar, progress, grade (band colour), expected, status,
    confidence, laid out to fit `width` columns (`table_layout`); a name longer than its column
    goes on under itself, in the name column, so it is read whole at 80 columns too."""
    text = Text(no_wrap=True, overflow="ellipsis")
    layout = table_layout(language, width)
    heading, widths, name_width = layout.headings, layout.widths, layout.name
    header = "  ".join(
        (
            _cell(heading["name"], name_width),
            heading["progress"].ljust(BAR_WIDTH + 6),
            heading["grade"].ljust(widths["grade"]),
            heading["expected"].rjust(widths["expected"]),
            heading["status"].ljust(widths["status"]),
            heading["confidence"],
        )
    )
    text.append(header + "\n", style="bold dim")
    if not st.objectives:
        text.append(say("tui-no-objectives", language) + "\n", style="dim")
    for obj in st.objectives:
        name = name_lines(obj.ref, obj.objective.title or say("tui-no-title", language), name_width)
        text.append(name[0], style="bold")
        _progress_cells(text, obj.score.score, obj.expected, obj.status, language, widths)
        text.append("  " + (_trend(obj.trend, language, layout.trend_words) if obj.trend else "–"))
        text.append("\n")
        for more in name[1:]:
            text.append(more.rstrip() + "\n", style="bold")
        if obj.score.score is None:
            text.append(f"    {say('no-measured', language)} ({say('measured-none', language, known=obj.score.known, total=obj.score.total)})\n", style="dim")
        elif obj.score.known < obj.score.total:
            text.append(f"    {say('measured', language, known=obj.score.known, total=obj.score.total)}\n", style="dim")
        for row in obj.key_results:
            name = name_lines(row.ref.split(".")[1], row.key_result.text or say("tui-empty", language), name_width - 3)
            text.append("   " + name[0])
            _progress_cells(text, row.progress.progress, row.expected, row.status, language, widths)
            confidence = "–" if row.confidence is None else grade_number(row.confidence, language)
            if row.trend:
                confidence += " " + _trend(row.trend, language, layout.trend_words)
            text.append("  " + confidence)
            text.append("\n")
            for more in name[1:]:
                text.append("   " + more.rstrip() + "\n")
            if row.progress.progress is None:
                text.append("      ", style="dim")
                text.append(say("unknown-because", language, reason=unknown_reason(row.progress.missing, row.progress.reason, language)) + "\n", style="magenta")
    return text


def risk_summary(st: SetStatus, language: str = "en") -> Text:
    """What is at risk: behind, unmeasured, or losing confidence (from `set_status`)."""
    text = Text()
    if st.state == "not started":
        text.append(say("tui-nothing-expected", language) + "\n", style="dim")
    if not st.at_risk:
        text.append(say("nothing-at-risk", language), style="green")
        return text
    text.append(say("tui-at-risk", language, count=len(st.at_risk)) + "\n", style="bold")
    for item in st.at_risk:
        text.append(f"  {status_label(item.status, language):<{_widths(language)['status']}}", style=STATUS_STYLES.get(item.status, ""))
        text.append(f"{item.ref} ", style="bold")
        text.append(_clip(item.text, 60))
        text.append(f": {risk_reason(item, language)}\n")
    return text


_LEAD = re.compile(r"^( *)(?:(?:O\d+|KR\d+|[A-ZÆØÅÄÖ]?\w{0,2}\d+) )?")


def hanging(text: Text, width: int) -> Text:
    """`text` with every line longer than `width` broken at spaces, its continuation lines
    indented under the line's own text (past its indentation and an `O1 `/`KR2 ` reference; two
    columns in for a line that starts at the edge), so a wrapped row or note never restarts at the
    left edge. Styles are kept; short lines are as they
    were. The screen then draws the lines as they are (no wrapping of its own)."""
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    lines = text.split("\n", allow_blank=True)
    for index, line in enumerate(lines):
        if index:
            out.append("\n")
        plain = line.plain
        if width <= 0 or cell_len(plain) <= width:
            out.append_text(line)
            continue
        lead = _LEAD.match(plain)
        indent = min((lead.end() if lead else 0) or 2, max(width // 2, 0))  # a line at the edge goes on 2 in
        rest, first = line, True
        while True:
            room = width if first else width - indent
            if cell_len(rest.plain) <= room or room <= 0:
                break
            cut = rest.plain.rfind(" ", 0, room + 1)
            if cut <= (0 if not first else indent):
                cut = room
            if not first:
                out.append(" " * indent)
            piece = rest[:cut]
            piece.rstrip()  # in place
            out.append_text(piece)
            out.append("\n")
            tail = rest.plain[cut:]
            rest = rest[cut + len(tail) - len(tail.lstrip(" ")) :]
            first = False
        if not first:
            out.append(" " * indent)
        out.append_text(rest)
    return out


class ProgressScreen(CoachScreen):
    """Progress, grades and status of the set on the review screen, as at a date."""

    CONTEXT = "progress"
    BINDINGS = actions.bindings(CONTEXT)

    def __init__(self, okr_set: OkrSet, at: Optional[date] = None) -> None:
        super().__init__()
        self.okr_set = okr_set
        self.at = at or date.today()
        self.status: SetStatus = set_status(okr_set, self.at)
        self.language = language_of(okr_set)

    @property
    def ui_language(self) -> str:
        return self.language

    def compose(self) -> ComposeResult:
        yield header()
        with Vertical(id="progress"):
            with Horizontal(id="progress-controls"):
                yield Label(say("tui-date-label", self.language), id="progress-date-label")
                yield Input(self.at.isoformat(), id="progress-date", placeholder=ui("date-placeholder", self.language))
                yield Static(Text(""), id="progress-date-error")
            yield Static(Text(""), id="progress-period")
            with VerticalScroll(id="progress-body"):
                yield Static(Text(""), id="progress-table")
                yield Static(Text(""), id="progress-risks")
                yield Static(Text(say("tui-legend", self.language), style="dim"), id="progress-legend")
        yield Footer()

    def on_mount(self) -> None:
        self.render_status()
        self.query_one("#progress-body").focus()

    def on_resize(self) -> None:
        self.render_status()

    def _text_width(self) -> int:
        """Columns a line of the body has: the body's, less its scroll bar (the screen's before layout)."""
        body = self.query_one("#progress-body")
        width = body.content_region.width if body.content_region.width > 0 else self.app.size.width - 2
        return max(width - body.styles.scrollbar_size_vertical, 20)

    def render_status(self) -> None:
        st = self.status
        width = self._text_width()
        self.query_one("#progress-period", Static).update(hanging(period_line(self.okr_set, st, self.language), width))
        self.query_one("#progress-table", Static).update(hanging(progress_table(st, width, self.language), width))
        self.query_one("#progress-risks", Static).update(hanging(risk_summary(st, self.language), width))
        self.query_one("#progress-legend", Static).update(hanging(Text(say("tui-legend", self.language), style="dim"), width))

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
            at = parse_date(raw)
        except UnreadableValue as exc:
            event.input.add_class("invalid")
            error.update(Text(exc.render(self.language) if raw else say("tui-date-missing", self.language), style="red"))
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
