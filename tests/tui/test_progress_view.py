"""The TUI's progress view (`p`) and check-in action (`c`), driven with Pilot.

Every expected number is computed with okrcoach.progress, never hard-coded.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from okrcoach.formats import read_path
from okrcoach.model import Checkin
from okrcoach.progress import NOT_STARTED, UNKNOWN, set_status
from okrcoach.tui.app import ReviewScreen
from okrcoach.tui.checkin import CheckinScreen
from okrcoach.tui.progress_view import ProgressScreen, pct, risk_reason, status_label, table_layout
from tests.tui.test_app import make_app, review_ready, wait_for

TODAY = date.today()
START, END = TODAY - timedelta(days=30), TODAY + timedelta(days=60)
SET_YAML = f"""\
# Support OKRs: the comments are kept by `okrcoach checkin`, the TUI saves the set
title: Support [bold]OKRs
team: Support
period: {START.isoformat()}..{END.isoformat()}
objectives:
  - title: Make every customer a fan [/]
    kind: committed
    key_results:
      - text: Raise NPS from 31 to 45
        baseline: 31
        target: 45
        checkins:
          - {{date: {(TODAY - timedelta(days=20)).isoformat()}, value: 35, confidence: 0.8}}
          - {{date: {(TODAY - timedelta(days=5)).isoformat()}, value: 38, confidence: 0.6, note: "slow [red]week"}}
      - text: Cut first response time from 8 to 2 hours
        baseline: 8
        target: 2
        unit: hours
        checkins:
          - {{date: {(TODAY - timedelta(days=10)).isoformat()}, value: 7.5}}
      - text: Analyse support tickets
  - title: Grow in Sweden
    kind: aspirational
    key_results:
      - text: Win 10 customers in Sweden
        baseline: 0
        target: 10
        current: 1
"""


@pytest.fixture(autouse=True)
def calm(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def okr_file(tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(SET_YAML)
    return path


def table_rows(screen: ProgressScreen) -> list[str]:
    """The objective and key result lines of the rendered table (not the header or reason lines)."""
    lines = screen.query_one("#progress-table").render().plain.splitlines()[1:]
    return [line for line in lines if line.startswith("O") or line.startswith("   KR")]


def assert_table_matches(screen: ProgressScreen, at: date) -> None:
    st = set_status(screen.okr_set, at)
    assert screen.status == st
    expected = []
    for obj in st.objectives:
        expected.append((obj.ref, obj.score.score, obj.expected, obj.status))
        expected.extend((row.ref.split(".")[1], row.progress.progress, row.expected, row.status) for row in obj.key_results)
    rows = table_rows(screen)
    assert len(rows) == len(expected)
    for line, (ref, progress, expected_progress, status) in zip(rows, expected):
        assert line.split()[0] == ref, line
        assert pct(progress) in line and pct(expected_progress) in line and status_label(status) in line, (line, progress, expected_progress, status)
    risks = screen.query_one("#progress-risks").render().plain
    for item in st.at_risk:
        assert f"{item.ref} " in risks and risk_reason(item) in risks
    assert "okrcoach checkin" not in risks and "`target:`" not in risks, "the TUI speaks of its own keys, not of commands and file fields"


async def progress_table_lines(pilot, app):
    """Open the progress screen from review; its screen, the table's width and the table's lines,
    none of them wider than the table."""
    await review_ready(pilot, app)
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, ProgressScreen))
    await pilot.pause(0.2)
    screen = app.screen
    width = screen.query_one("#progress-table").content_region.width
    lines = screen.query_one("#progress-table").render().plain.split("\n")
    assert all(len(line) <= width for line in lines), [line for line in lines if len(line) > width]
    return screen, width, lines


async def test_progress_view_shows_progress_status_and_risks(linter, tmp_path, okr_file):
    app = make_app(linter, tmp_path, path=okr_file)
    async with app.run_test(size=(130, 40)) as pilot:
        review = await review_ready(pilot, app)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressScreen))
        screen = app.screen
        assert screen.at == TODAY and screen.query_one("#progress-date").value == TODAY.isoformat()
        assert_table_matches(screen, TODAY)
        st = screen.status
        assert {r.status for o in st.objectives for r in o.key_results} >= {UNKNOWN}, "the file has an unmeasured key result"
        table = screen.query_one("#progress-table").render().plain
        assert "no baseline" in table or "no target" in table, "unknown progress says why"
        assert "↓ down" in table, "confidence fell from 0.8 to 0.6"
        assert "Support [bold]OKRs" in screen.query_one("#progress-period").render().plain, "user text is not markup"
        assert "Make every customer a fan [/]" in table

        later = START + timedelta(days=80)
        screen.query_one("#progress-date").value = later.isoformat()
        await pilot.pause()
        assert screen.at == later
        assert_table_matches(screen, later)

        before = START - timedelta(days=3)
        screen.query_one("#progress-date").value = before.isoformat()
        await pilot.pause()
        assert {o.status for o in screen.status.objectives} == {NOT_STARTED}
        assert_table_matches(screen, before)

        screen.query_one("#progress-date").value = "2027-13-45"
        await pilot.pause()
        assert "no month 13" in screen.query_one("#progress-date-error").render().plain
        assert screen.query_one("#progress-date").has_class("invalid")
        assert screen.at == before, "a bad date keeps the last good view"

        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is review)
        titles = [c.title for c in app.get_system_commands(review)]
        assert "Progress" in titles and "Check in" in titles


async def test_checkin_records_undoes_and_saves(linter, tmp_path, okr_file):
    app = make_app(linter, tmp_path, path=okr_file)
    async with app.run_test(size=(120, 36)) as pilot:
        review = await review_ready(pilot, app)
        await pilot.press("down")
        assert review.selected == (0, 0)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        dialog = app.screen
        assert dialog.query_one("#checkin-date").value == TODAY.isoformat(), "the date defaults to today"
        await pilot.press(*"40,5")
        dialog.query_one("#checkin-confidence").value = "7"
        dialog.query_one("#checkin-note").value = "Two [bold] fixes shipped"
        dialog.query_one("#checkin-value").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is review)

        expected = Checkin(date=TODAY, value=40.5, confidence=7, note="Two [bold] fixes shipped")
        kr = review.document.okr_set.objectives[0].key_results[0]
        assert kr.checkins[-1] == expected and len(kr.checkins) == 3
        assert kr.current == 40.5
        assert review.document.dirty

        await pilot.press("ctrl+z")
        kr = review.document.okr_set.objectives[0].key_results[0]
        assert len(kr.checkins) == 2 and kr.current is None, "one undo step removes the check-in and `current`"
        await pilot.press("ctrl+y")
        assert review.document.okr_set.objectives[0].key_results[0].checkins[-1] == expected

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not review.document.dirty)
        saved = read_path(okr_file).okr_set.objectives[0].key_results[0]
        assert saved.checkins[-1] == expected and saved.current == 40.5
        assert [c.value for c in saved.checkins] == [35, 38, 40.5]


async def test_checkin_bad_input_keeps_the_dialog(linter, tmp_path, okr_file):
    app = make_app(linter, tmp_path, path=okr_file)
    async with app.run_test(size=(120, 36)) as pilot:
        review = await review_ready(pilot, app)
        await pilot.press("down", "down", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        dialog = app.screen
        error = dialog.query_one("#checkin-error")
        for field, value, says in (
            ("value", "12 apples", "must be a number"),
            ("value", "", "Enter the key result's value"),
            ("confidence", "15", "between 0 and 1"),
            ("date", "2027-02-30", "February 2027 has no day 30"),
            ("date", "next tuesday", "31.03.2027"),
        ):
            for name, good in (("value", "6"), ("confidence", ""), ("date", TODAY.isoformat())):
                dialog.query_one(f"#checkin-{name}").value = good
            dialog.query_one(f"#checkin-{field}").value = value
            dialog.query_one(f"#checkin-{field}").focus()
            await pilot.press("enter")
            assert app.screen is dialog, f"bad {field} keeps the dialog open"
            assert says in error.render().plain, error.render().plain
            assert dialog.query_one(f"#checkin-{field}").has_class("invalid")
        assert len(review.document.okr_set.objectives[0].key_results[1].checkins) == 1 and not review.document.dirty
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is review)
        assert not review.document.dirty, "cancel records nothing"


async def test_checkin_on_an_objective_or_the_set_notifies(linter, tmp_path, okr_file):
    app = make_app(linter, tmp_path, path=okr_file)
    async with app.run_test(size=(120, 36)) as pilot:
        review = await review_ready(pilot, app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert any("select a key result" in n.message.lower() for n in app._notifications)
        await pilot.press("up")
        await pilot.pause()
        assert review.selected is None
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is review and not review.document.dirty
        assert sum("select a key result" in n.message.lower() for n in app._notifications) == 2


DANISH_MD = """\
---
team: Vækst
period: 2027-Q1
language: da
---
# Vækst Q1 2027

## Mål 1: Bliv det foretrukne valg for nordiske webshops i hele Norden og Baltikum

- KR1: Øg konverteringen fra prøveperiode til betalt fra 8 % til 12 % blandt alle nye webshops
  - Udgangspunkt: 8 %
  - Målværdi: 12 %
  - Aktuel: 9,5 %
- KR2: Sænk churn fra 5 % til 3 % om måneden for kunder med mere end tre brugere
  - Udgangspunkt: 5 %
  - Målværdi: 3 %
"""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_wrapped_progress_lines_indent_under_their_text(linter, tmp_path, size):
    """A line longer than the screen goes on under its own text, never at the left edge: the
    reason a key result's progress is unknown continues under the reason, a row under its name."""
    path = tmp_path / "vaekst.okr.md"
    path.write_text(DANISH_MD, encoding="utf-8")
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=size) as pilot:
        screen, width, lines = await progress_table_lines(pilot, app)
        reason = next(i for i, line in enumerate(lines) if "fremskridt ukendt" in line)
        lead = len(lines[reason]) - len(lines[reason].lstrip())
        if len(" ".join(line.strip() for line in lines[reason : reason + 3])) > width:  # the reason wraps
            assert len(lines[reason + 1]) - len(lines[reason + 1].lstrip()) == lead, lines[reason : reason + 2]
        for index, line in enumerate(lines[1:], 1):
            if line.strip() and not line.lstrip().startswith(("O1", "KR", "1 af", "fremskridt")):
                assert line.startswith("  "), f"line {index} starts at the edge: {line!r}"


@pytest.mark.parametrize("language", ["en", "da", "sv", "de", "fi", "hu"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_language_s_progress_table_fits_the_screen(linter, tmp_path, language, size):
    """At 80 columns as at 120, every row of the table is one line holding its data in full
    (progress, expected share, status in the set's language); headings give way (shortened),
    the data does not."""
    path = tmp_path / "support.okr.yaml"
    path.write_text(f"language: {language}\n" + SET_YAML.split("\n", 1)[1], encoding="utf-8")
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=size) as pilot:
        screen, width, lines = await progress_table_lines(pilot, app)
        header = lines[0]
        assert header.split()[-1] and not lines[1].startswith("  "), "the header is one line"
        st = screen.status
        rows = table_rows(screen)
        expected = []
        for o in st.objectives:
            expected.append((o.ref, o.score.score, o.expected, o.status))
            expected += [(r.ref.split(".")[1], r.progress.progress, r.expected, r.status) for r in o.key_results]
        assert len(rows) == len(expected), lines
        for row, (ref, progress, expected_share, status) in zip(rows, expected):
            assert row.split()[0] == ref, row
            assert pct(progress) in row and pct(expected_share) in row and status_label(status, language) in row, (row, status_label(status, language))


@pytest.mark.parametrize("language", ["en", "da", "sv", "de", "fi", "hu"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_name_is_shown_whole_in_its_column(linter, tmp_path, language, size):
    """A name longer than its column goes on in the lines under it, in the name column: read down
    that column, every objective and key result is there in full (at 80 columns too, where the
    numbers leave the name little more than 20 columns), never its first word and an ellipsis."""
    path = tmp_path / "support.okr.yaml"
    path.write_text(f"language: {language}\n" + SET_YAML.split("\n", 1)[1], encoding="utf-8")
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=size) as pilot:
        screen, width, lines = await progress_table_lines(pilot, app)
        column = table_layout(language, width).name
        names = " ".join(" ".join(line[:column].split()) for line in lines[1:])
        for objective in screen.okr_set.objectives:
            assert objective.title.strip() in names, (objective.title, lines)
            for ki, kr in enumerate(objective.key_results, 1):
                assert f"KR{ki} {kr.text}" in names, (kr.text, lines)
        assert "…" not in names
