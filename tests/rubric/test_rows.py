"""A key result pasted or exported as a row is cut into typed cells and judged on its reading.

The rows are written the way the tools put them on the clipboard or into an export: a Notion or
Confluence table row (pipes), an Excel or Airtable grid copied (tabs), a Planner or Excel export saved
as CSV with semicolons, an Asana or Notion property line (middle dots), a Trello card with its list
and due date, a Markdown check list with owner initials, a Slack message with a mention and an emoji.
"""

from __future__ import annotations

import pytest

from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric
from okrcoach.rubric.analysis import KeyResultFacts, normalise
from okrcoach.rubric.rows import DATE, OWNER, PROPERTY, STATEMENT, STATUS, might_be_row, split_row

RUBRIC = load_rubric(bundled_dir("rubrics"))
LINTER = Linter(RUBRIC)


def _row(language: str, text: str):
    return split_row(text, RUBRIC.lexicons[language], normalise(text))


def _cell(row, kind: str) -> str:
    cell = row.first(kind)
    return row.words(cell) if cell is not None else ""


@pytest.mark.parametrize(
    ("language", "text", "statement", "today", "target", "deadline"),
    [
        # Notion database exported to Markdown: Name | Current | Target | Quarter | Owner
        ("en", "| Weekly active teams | 1 240 | 1 600 | Q3 | Priya N. |", "Weekly active teams", "1 240", "1 600", "Q3"),
        # Excel range copied and pasted: Area <tab> Metric <tab> Today <tab> Target <tab> Owner
        ("da", "Kundeservice\tGennemsnitlig ventetid i telefonen\t6 min\tunder 3 min\tTeamleder", "Gennemsnitlig ventetid i telefonen", "6 min", "under 3 min", ""),
        # Planner export saved as CSV (semicolons): Task; Bucket; Progress; Assigned to; Due
        ("de", "Neue Filiale in Graz eröffnen;Expansion;In Arbeit;Lena Wolf;30.09.2027", "Neue Filiale in Graz eröffnen", "", "", "30.09.2027"),
        # Airtable grid copied: Key result <tab> Status <tab> Owner <tab> Due date
        ("sv", "Minska ledtiden för offerter till 2 dagar\tPågår\tEK\t2027-10-31", "Minska ledtiden för offerter till 2 dagar", "", "", "2027-10-31"),
        # Confluence table with a dash for a baseline nobody filled in, the target and the owner
        ("fi", "| Uusien asiakkaiden määrä | – | vähintään 40 | Myynti |", "Uusien asiakkaiden määrä", "", "vähintään 40", ""),
        # A spreadsheet row with labelled columns: baseline, target for the half-year, actual
        ("hu", "Ügyfélpanaszok száma; kiinduló: 120; H2 cél: 80; tény: –", "Ügyfélpanaszok száma", "120", "80", "H2"),
    ],
)
def test_a_table_row_is_cut_into_statement_values_and_date(language, text, statement, today, target, deadline) -> None:
    row = _row(language, text)
    assert row is not None and row.separated
    assert row.words(row.statement) == statement
    assert (row.words(row.today) if row.today else "") == today
    assert (row.words(row.target) if row.target else "") == target
    assert (row.words(row.deadline) if row.deadline else "") == deadline


@pytest.mark.parametrize(
    ("language", "text", "kinds"),
    [
        # Asana or Notion properties after the title
        ("en", "Cut refund requests to 2 % · Status: On track · Owner: AB · Due: 30/9", [STATEMENT, PROPERTY, PROPERTY, PROPERTY, DATE]),
        # Trello: the card's list and due date
        ("da", "Online booking af køretimer er live · Liste: I gang · Forfalder: uge 33", [STATEMENT, PROPERTY, PROPERTY, DATE]),
        # An OKR tool's check-in line: progress and confidence
        ("hu", "Eladott példányszám 38 000-ről 45 000-re · Haladás: 20% · Bizalom: 6/10", [STATEMENT, PROPERTY, PROPERTY]),
        # A status in its own cell of a Markdown table
        ("de", "| Self-Service-Terminal in jeder Filiale | Erledigt | IT |", [STATEMENT, STATUS, OWNER]),
    ],
)
def test_tool_properties_are_typed(language, text, kinds) -> None:
    row = _row(language, text)
    assert row is not None
    assert [c.kind for c in row.cells if row.words(c)] == kinds


@pytest.mark.parametrize(
    ("language", "text", "reading"),
    [
        ("en", "- [x] Migrate billing to the new provider (AB, 15/3) ✅", "Migrate billing to the new provider , 15/3"),
        ("sv", "☐ Snittbetyg i appbutiken hålls över 4,5 (JL)", "Snittbetyg i appbutiken hålls över 4,5"),
        ("de", "@jan Reklamationen wöchentlich auswerten :eyes:", "Reklamationen wöchentlich auswerten"),
        ("fi", "| Asiakastyytyväisyys | 4,1 | vähintään 4,5 | Asiakaspalvelu |", "Asiakastyytyväisyys : 4,1 → vähintään 4,5"),
        ("da", "Salg\tAndel billetter købt online\t41 %\t60 %\tDigital", "Andel billetter købt online:41 %→60 %"),
    ],
)
def test_the_reading_blanks_what_counts_nothing_and_joins_the_cells(language, text, reading) -> None:
    row = _row(language, text)
    assert row is not None
    assert len(row.reading) == len(text)  # every offset still points at the user's words
    assert " ".join(row.reading.split()) == " ".join(reading.split())


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Raise trial-to-paid conversion from 8 % to 12 %"),
        ("en", "Startup benchmark runs on every pull request; regressions above 5 % block the merge"),
        ("en", "Source 10 % of pipeline in Q1; 20 % in Q2; 30 % in Q3"),
        ("da", "Churn: fra 3,1 % til 2,5 %"),
        ("de", "Kundenzufriedenheit (CSAT) von 4,1 auf 4,5 steigern"),
        ("hu", "Az ügyfélelégedettség 7,1-ről 8,0-ra nő (felmérés: Q2)"),
    ],
)
def test_prose_is_no_row(language, text) -> None:
    assert _row(language, text) is None
    kr = KeyResult(text=text)
    assert KeyResultFacts(kr, None, None, RUBRIC.lexicons[language]).text == text


def test_the_quick_check_lets_plain_prose_through() -> None:
    assert not might_be_row("Raise trial-to-paid conversion from 8 % to 12 % by the end of Q3")
    assert might_be_row("| Churn | 5.2 % | 4 % |")
    assert might_be_row("Reduce churn · Status: On track")


def _categories(language: str, text: str, period: str | None = None) -> set[str]:
    okr_set = OkrSet(language=language, period=period, objectives=[Objective(title="Example objective", key_results=[KeyResult(text=text)])])
    findings = LINTER.lint(okr_set, "example", language)
    return {f.category for f in findings if f.target == "key_result" and f.level.name in ("warning", "error")}


@pytest.mark.parametrize(
    ("language", "row", "sentence"),
    [
        ("en", "| Support tickets per 100 customers | 14 | 9 | Support |", "Support tickets per 100 customers: 14 → 9"),
        ("sv", "Försäljning; Kunder som handlar online; 22 %; 35 %; E-handel", "Kunder som handlar online: 22 % → 35 %"),
        ("de", "Partnerportal starten · Fortschritt: 40 % · Zuversicht: 7/10", "Partnerportal starten"),
        ("fi", "☐ Henkilöstökysely kahdesti vuodessa (MK)", "Henkilöstökysely kahdesti vuodessa"),
        ("hu", "Selejtarány 2% alatt tartása · 🟢 Terv szerint", "Selejtarány 2% alatt tartása"),
    ],
)
def test_a_row_is_judged_as_its_sentence(language, row, sentence) -> None:
    assert _categories(language, row, "2027-Q2") == _categories(language, sentence, "2027-Q2")


def test_a_date_cell_is_the_deadline_and_no_target() -> None:
    assert "time-bound" not in _categories("sv", "☐ Vinna 3 nya återförsäljare (AB, 30/9)")
    assert "time-bound" in _categories("sv", "☐ Vinna 3 nya återförsäljare (AB)")
    # The hire has no numeral; the 1/8 beside the initials is a date, not a count.
    assert "measurable" in _categories("sv", "✅ Ny analytiker på plats (MK, 1/8)")


def test_progress_and_confidence_are_no_target() -> None:
    assert "measurable" in _categories("en", "Launch the partner portal · Progress: 40 % · Confidence: 7/10", "2027-Q2")
    assert "measurable" not in _categories("en", "Sign 4 partners · Progress: 40 % · Confidence: 7/10", "2027-Q2")


def test_kpi_row_cells_keep_their_reading() -> None:
    """The kpi facts' cells come from the same split: a keep word or a met bound in the target cell
    is a level held; today's value below a floor is a change."""
    assert "kpi" in _categories("de", "| Online-Ticket-Anteil | 63 % | halten | Digital |", "2027-Q2")
    assert "kpi" in _categories("en", "Ops; Revenue per visit; 6.40 €; at least 6.40 €; Finance", "2027-Q2")
    assert "kpi" not in _categories("en", "| Handling time | ca. 12 days | under 5 days | Service |", "2027-Q2")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Sågverk; Ny programvara i kantverket installeras; –; v. 20; IT"),
        ("fi", "| Uuden salin avajaiset | – | 1.6. | Markkinointi |"),
        ("de", "Einkauf;Lieferantenbewertung Verpackung;–;Q2;Einkauf"),
    ],
)
def test_a_row_whose_only_target_is_a_date_is_a_milestone(language, text) -> None:
    assert {"measurable", "outcome"} <= _categories(language, text, "2027-Q2")
    assert "kpi" not in _categories(language, text, "2027-Q2")


def test_a_due_date_property_makes_no_milestone() -> None:
    """A tool's due date may follow any key result: only a table's own date column is a target."""
    row = _row("da", "Flere elever består i første forsøg · Forfalder: 30/9")
    assert row is not None and row.deadline is not None
    kr = KeyResult(text=row.text)
    assert KeyResultFacts(kr, None, None, RUBRIC.lexicons["da"]).row_milestone is None
