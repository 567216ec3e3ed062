"""The Markdown reader on OKRs written the way people write them, in several languages."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from okrcoach.formats import read_text
from okrcoach.formats.markdown_format import load_located
from okrcoach.model import OkrSet


def read_ok(text: str) -> OkrSet:
    result = read_text(dedent(text).lstrip("\n"), "x.okr.md", "md")
    assert result.issues == [], result.issues
    assert result.okr_set is not None
    return result.okr_set


def outline(okr_set: OkrSet) -> list[tuple[int, str, list[tuple[int, str]]]]:
    return [(o.source.line, o.title, [(kr.source.line, kr.text) for kr in o.key_results]) for o in okr_set.objectives]


ENGLISH = """
---
team: Growth
owner: Anna Berg
language: en
---
# Growth OKRs Q1 2027

## Objective 1: Become the go-to tool for small teams
Owner: Anna Berg
Kind: committed
Aligns to: Company O2
Id: G-1

Small teams should pick us first
when they start planning.

- KR1: Increase weekly active teams from 120 to 200
  - baseline: 120
  - target: 200
  - unit: teams
  - deadline: 2027-03-31
  - Remember: this excludes trial teams
- KR2: Reduce monthly churn from 5% to 3% <!-- okrcoach: waive OKR220 — churn is only measured monthly -->
<!-- okrcoach: waive vague-language: wording agreed with legal -->
- KR3: Ship **SSO** to 10 paying customers

## Objective 2: Hire well
- [ ] KR 1: Hire 2 senior engineers
- [x] Key Result 2: Onboard both within 30 days
"""


def test_english_headings_front_matter_and_fields() -> None:
    s = read_ok(ENGLISH)
    assert (s.title, s.team, s.owner, s.language) == ("Growth OKRs Q1 2027", "Growth", "Anna Berg", "en")
    assert s.period is not None and s.period.label == "Q1 2027" and s.period.start == date(2027, 1, 1)
    assert outline(s) == [
        (
            8,
            "Become the go-to tool for small teams",
            [
                (17, "Increase weekly active teams from 120 to 200"),
                (23, "Reduce monthly churn from 5% to 3%"),
                (25, "Ship SSO to 10 paying customers"),
            ],
        ),
        (27, "Hire well", [(28, "Hire 2 senior engineers"), (29, "Onboard both within 30 days")]),
    ]
    o = s.objectives[0]
    assert (o.owner, o.kind, o.aligns_to, o.id) == ("Anna Berg", "committed", "Company O2", "G-1")
    assert o.description == "Small teams should pick us first when they start planning."
    kr = o.key_results[0]
    assert kr.source.line == 17 and s.objectives[1].source.line == 27
    assert (kr.baseline, kr.target, kr.unit, kr.deadline) == (120, 200, "teams", date(2027, 3, 31))
    # waiver on the same line, and a waiver alone on the line before the key result
    assert [(w.code, w.reason, w.source.line) for w in o.key_results[1].waive] == [("OKR220", "churn is only measured monthly", 23)]
    assert [(w.code, w.reason, w.source.line) for w in o.key_results[2].waive] == [("vague-language", "wording agreed with legal", 24)]


def test_danish_mal_headings_and_label_heading() -> None:
    s = read_ok("""
        # Marketing OKR Q1 2027

        ## Mål: Flere kvalificerede leads
        Ansvarlig: Mette
        ### Nøgleresultater
        - Øg antallet af leads fra 120 til 200 om måneden
        - Nøgleresultat: Øg konverteringen fra 2,5 % til 4 %
          - baseline: 2,5
          - target: 4

        ## Målsætning: Et stærkere brand
        * Nå 5.000 følgere på LinkedIn
    """)
    assert s.title == "Marketing OKR Q1 2027"
    assert s.period is not None and s.period.label == "Q1 2027"
    assert outline(s) == [
        (3, "Flere kvalificerede leads", [(6, "Øg antallet af leads fra 120 til 200 om måneden"), (7, "Øg konverteringen fra 2,5 % til 4 %")]),
        (11, "Et stærkere brand", [(12, "Nå 5.000 følgere på LinkedIn")]),
    ]
    assert s.objectives[0].owner == "Mette"
    assert (s.objectives[0].key_results[1].baseline, s.objectives[0].key_results[1].target) == (2.5, 4)


def test_german_numbered_objectives_with_indented_key_results() -> None:
    s = read_ok("""
        # Team Berlin OKRs 2027-Q1

        1. Ziel: Umsatz steigern
           - Schlüsselergebnis: Umsatz von 1,2 Mio auf 1,5 Mio € erhöhen
           - Schlüsselergebnis: 30 neue Kunden gewinnen
        2. Ziel 2: Kundenzufriedenheit verbessern
           Schlüsselergebnisse:
           - NPS von 30 auf 45 steigern
             - Ziel: 45 ist ambitioniert
    """)
    assert s.period is not None and s.period.label == "2027-Q1"
    assert outline(s) == [
        (3, "Umsatz steigern", [(4, "Umsatz von 1,2 Mio auf 1,5 Mio € erhöhen"), (5, "30 neue Kunden gewinnen")]),
        (6, "Kundenzufriedenheit verbessern", [(8, "NPS von 30 auf 45 steigern")]),
    ]


def test_ipfs_style_bold_objectives_under_period_heading() -> None:
    s = read_ok("""
        # Quarterly Objectives and Key Results

        We try to frame our ongoing work using OKRs.

        ## 2018 Q3

        **WORK IN PROGRESS. This document will change.**

        **Objective 1**
        - KR 1 It takes less than 48 hours to transfer a 1TB dataset
        - KR 2 There is a prototype implementation of GraphSync

        **The bandwidth usage is reduced significantly**
        - `P1` - Users can opt out of providing every IPLD node

        ## 2018 Q2

        Find the OKRs for 2018 Q2 in the spreadsheet.
    """)
    assert s.title == "Quarterly Objectives and Key Results"
    assert s.period is not None and s.period.label == "2018 Q3"
    assert outline(s) == [
        (9, "Objective 1", [(10, "It takes less than 48 hours to transfer a 1TB dataset"), (11, "There is a prototype implementation of GraphSync")]),
        (13, "The bandwidth usage is reduced significantly", [(14, "`P1` - Users can opt out of providing every IPLD node")]),
    ]


def test_unprefixed_headings_with_generic_label_headings() -> None:
    s = read_ok("""
        # Platform OKRs

        ## Objectives

        ### Make deploys boring
        #### Key Results
        - Cut deploy time from 30 to 10 minutes
        - Keep failed deploys below 2%

        ### Cut cloud cost
        Key results:
        - Reduce the monthly bill from 40k to 30k EUR

        ### Team notes
        Nothing to see here.
    """)
    assert s.title == "Platform OKRs" and s.period is None
    assert outline(s) == [
        (5, "Make deploys boring", [(7, "Cut deploy time from 30 to 10 minutes"), (8, "Keep failed deploys below 2%")]),
        (10, "Cut cloud cost", [(12, "Reduce the monthly bill from 40k to 30k EUR")]),
    ]


def test_swedish_finnish_hungarian_prefixes() -> None:
    s = read_ok("""
        ## Mål 1: Nöjdare kunder
        - Nyckelresultat: NPS från 20 till 40
        ## Tavoite 2: Lisää myyntiä
        - Avaintulos: Myynti 1 M€ → 1,3 M€
        ## Célkitűzés: Gyorsabb szállítás
        - Kulcseredmény 1: Átfutási idő 5 napról 3 napra
        ## O4. Hire
        - KR4.1: Two hires
    """)
    assert [o.title for o in s.objectives] == ["Nöjdare kunder", "Lisää myyntiä", "Gyorsabb szállítás", "Hire"]
    assert [kr.text for o in s.objectives for kr in o.key_results] == [
        "NPS från 20 till 40",
        "Myynti 1 M€ → 1,3 M€",
        "Átfutási idő 5 napról 3 napra",
        "Two hires",
    ]


def test_waiver_alone_before_objective_and_on_heading_line() -> None:
    s = read_ok("""
        <!-- okrcoach: waive OKR101 board-mandated wording -->
        ## Objective 1: Be compliant
        - KR1: Pass the audit
        ## Objective 2: Grow <!-- okrcoach: waive OKR310: only one KR this quarter -->
        - KR1: Double revenue
    """)
    assert [(w.code, w.reason, w.source.line) for w in s.objectives[0].waive] == [("OKR101", "board-mandated wording", 1)]
    assert [(w.code, w.reason, w.source.line) for w in s.objectives[1].waive] == [("OKR310", "only one KR this quarter", 4)]
    assert s.objectives[0].key_results[0].waive == []


def test_waiver_without_reason_is_reported_by_the_builder() -> None:
    result = read_text("## Objective 1: A <!-- okrcoach: waive OKR220 -->\n- KR1: b\n", "x.md", "md")
    assert [(i.code, i.line) for i in result.issues] == [("OKR901", 1)]
    data, issues = load_located("## Objective 1: A <!-- okrcoach: waive OKR220 -->\n- KR1: b\n")
    assert issues == [] and data["objectives"][0]["waive"] == [{"code": "OKR220", "reason": ""}]


def test_dangling_waiver_is_reported() -> None:
    result = read_text("## Objective 1: A\n- KR1: b\n\n<!-- okrcoach: waive OKR220 because -->\n", "x.md", "md")
    assert [(i.code, i.line) for i in result.issues] == [("OKR002", 4)]


def test_structured_fields_aliases_and_notes() -> None:
    s = read_ok("""
        ## Objective: Faster support
        - KR1: First response time from 8 to 2 hours
          - Baseline value: 8,5
          - Target value: 2
          - Unit: hours
          - Due date: 2027-06-30
          - Owner: Support lead
          - Direction: decrease
          - Confidence: 0.6
          - Guardrail: false
          - This sub-bullet is a note and not a key result
            - nor is this one
        - KR2: CSAT above 90%
          - checkin: 2027-02-01 87
    """)
    krs = s.objectives[0].key_results
    assert len(krs) == 2
    kr = krs[0]
    assert (kr.baseline, kr.target, kr.unit, kr.deadline, kr.owner, kr.direction, kr.confidence) == (
        8.5,
        2,
        "hours",
        date(2027, 6, 30),
        "Support lead",
        "decrease",
        0.6,
    )
    assert [(c.date, c.value) for c in krs[1].checkins] == [(date(2027, 2, 1), 87)]


def test_invalid_field_value_is_reported_at_its_line() -> None:
    result = read_text("## Objective: A\n- KR1: b\n  - target: about 156\n", "x.md", "md")
    assert [(i.code, i.line) for i in result.issues] == [("OKR004", 3)]


def test_top_level_bullets_with_children_are_objectives() -> None:
    s = read_ok("""
        - Grow awareness
          - Reach 10k followers
          - Get 3 press mentions
        - Retain users
          - Churn below 2%
    """)
    assert outline(s) == [(1, "Grow awareness", [(2, "Reach 10k followers"), (3, "Get 3 press mentions")]), (4, "Retain users", [(5, "Churn below 2%")])]


def test_code_fences_are_skipped_and_lazy_lines_continue_a_key_result() -> None:
    s = read_ok("""
        ## Objective: A
        ```
        ## Objective: B
        - not a key result
        ```
        - KR1: a long key result that
        continues on the next line
    """)
    assert outline(s) == [(1, "A", [(6, "a long key result that continues on the next line")])]


def test_front_matter_period_wins_over_title_and_lines_are_shifted() -> None:
    data, issues = load_located("---\n\nperiod: 2027-H2\nteam: Ops\n---\n# Ops Q1 2027\n## Objective: X\n- KR1: y\n")
    assert issues == []
    assert data["period"] == "2027-H2" and data.line_of("period") == 3 and data.line_of("team") == 4
    assert data["title"] == "Ops Q1 2027" and data.line_of("title") == 6


@pytest.mark.parametrize(
    "text, line",
    [("---\nteam: [unclosed\n---\n## Objective: a\n- b\n", 2), ("---\nteam: a\n## Objective: a\n", 1)],
)
def test_front_matter_syntax_errors(text: str, line: int) -> None:
    data, issues = load_located(text)
    assert data is None and [(i.code, i.line) for i in issues] == [("OKR002", line)]


@pytest.mark.parametrize(
    "text",
    [
        "# Marketing plan\n\nWe will do great things.\n\n## Background\n\nMore text.\n",
        "just some words",
        "\x01\x02 }{][ <<<>>> ```\n~~~\n<!-- \n",
        "---\n---\n",
    ],
)
def test_nothing_recognisable(text: str) -> None:
    data, issues = load_located(text)
    assert data is None
    assert [i.code for i in issues] == ["OKR005"] and "## Objective" in issues[0].fix
    result = read_text(text, "x.md", "md")
    assert result.okr_set is None and [i.code for i in result.issues] == ["OKR005"]


# -- accounting for every line ---------------------------------------------------------------------


def unread(text: str) -> list[tuple[int, str]]:
    result = read_text(dedent(text).lstrip("\n"), "x.okr.md", "md")
    return [(i.line, i.message) for i in result.issues if i.code == "OKR006"]


def test_a_struck_key_result_is_left_out_and_reported_with_its_line() -> None:
    text = """
        ## Objective 1: Grow repeat sales
        - KR1: Raise repeat orders from 120 to 156 a month
        - ~~KR2: Launch the loyalty app~~
        - [ ] KR3: ~~Run 4 webinars~~ (moved to Q3)
        - KR4: Win 12 new accounts, not ~~10~~ 8
    """
    s = read_text(dedent(text).lstrip("\n"), "x.okr.md", "md").okr_set
    assert [kr.text for kr in s.objectives[0].key_results] == ["Raise repeat orders from 120 to 156 a month", "Win 12 new accounts, not 8"]
    assert [line for line, _ in unread(text)] == [3, 4]
    assert "Launch the loyalty app" in unread(text)[0][1] and "struck through" in unread(text)[0][1]


def test_labelled_key_results_that_cannot_be_placed_are_reported_and_prose_is_not() -> None:
    text = """
        # Sales OKRs

        - KR1: Raise repeat orders from 120 to 156 a month

        ## Objective 1: Grow repeat sales
        - KR2: Win 12 new accounts

        ## Risks

        - Hiring may slip from June to August
        - KR3: Cut churn from 4% to 3%

        > KR4: quoted, so it is prose

        Some closing words with 3 numbers: 1, 2 and 4.
    """
    assert [(line, "no objective above it" in m, "Risks" in m) for line, m in unread(text)] == [(3, True, False), (11, False, True)]


def test_a_table_row_with_nowhere_to_go_is_reported() -> None:
    text = """
        | Key result | Owner |
        | --- | --- |
        | Cut churn from 4% to 3% | Ann |
    """
    assert [line for line, _ in unread(text)] == [3]


def test_mixed_objective_headings_are_all_read() -> None:
    s = read_ok("""
        ## Objective 1: Faster checkout
        - KR 1.1: Cut load time from 2.4 s to 1.2 s
        ## 🚀 Objective 2: More ways to pay
        - KR 2.1: Offer wallets in 100% of markets (now 40%)
        ## 3. Lower fraud losses
        - KR 3.1: Cut the chargeback rate from 0.9% to 0.5%
        ## Appendix
        - Data comes from Looker
    """)
    assert [(o.title, len(o.key_results)) for o in s.objectives] == [("Faster checkout", 1), ("More ways to pay", 1), ("Lower fraud losses", 1)]


def test_key_result_table_under_an_objective_and_objective_column_tables() -> None:
    s = read_ok("""
        ## Objective 1: Faster answers

        | Key result | Owner | Baseline | Target | Confidence |
        | --- | --- | --- | --- | --- |
        | Cut first response time from 11 to 4 hours | Lea | 11 | 4 | 60 % |

        | Objective | Key result | Owner |
        | :-- | :-- | :-- |
        | Self-service first | Grow help-centre visits from 21k to 35k | Sara |
        |  | Publish 40 help articles | Tim |
    """)
    assert [(o.title, [(kr.text, kr.owner) for kr in o.key_results]) for o in s.objectives] == [
        ("Faster answers", [("Cut first response time from 11 to 4 hours", "Lea")]),
        ("Self-service first", [("Grow help-centre visits from 21k to 35k", "Sara"), ("Publish 40 help articles", "Tim")]),
    ]
    kr = s.objectives[0].key_results[0]
    assert (kr.baseline, kr.target, kr.confidence) == (11, 4, 0.6)
    assert kr.source.span.shape == "table_row" and kr.source.span.columns == {"text": 0, "owner": 1, "baseline": 2, "target": 3, "confidence": 4}


def test_a_status_table_that_only_names_key_results_is_prose() -> None:
    s = read_ok("""
        ## O1: Fast builds
        - KR1.1: Median CI time from 18 min to 8 min

        | KR | Status |
        |----|--------|
        | KR1.1 | at risk |
    """)
    assert [kr.text for kr in s.objectives[0].key_results] == ["Median CI time from 18 min to 8 min"]


def test_notion_callouts_details_and_obsidian_comments_are_prose() -> None:
    s = read_ok("""
        ## Objective: Grow engaged readers
        - KR1: Raise day-30 retention from 21% to 27%

        <aside>
        💡 - KR2: this is a note inside a callout
        </aside>

        <details>
        <summary>How we measure</summary>

        - Retention comes from Amplitude.
        </details>

        %%
        - KR3: a draft, commented out
        %%
    """)
    assert [kr.text for kr in s.objectives[0].key_results] == ["Raise day-30 retention from 21% to 27%"]


def test_a_toggle_whose_summary_labels_key_results_holds_key_results() -> None:
    """Notion exports a toggle heading as `<details><summary>…</summary>`: when the summary only
    labels the list (`Key results`), what it holds is read, not dropped as a note without a word."""
    s = read_ok("""
        ## Objective: Grow engaged readers

        <details>
        <summary>Key results</summary>

        - KR1: Raise day-30 retention from 21% to 27%
        - KR2: Raise weekly active readers from 40k to 55k

        </details>

        <details><summary>How we measure</summary>

        - KR3: a note about the measurement
        </details>
    """)
    assert [kr.text for kr in s.objectives[0].key_results] == ["Raise day-30 retention from 21% to 27%", "Raise weekly active readers from 40k to 55k"]


def test_a_table_that_names_objectives_read_before_gives_them_their_key_results() -> None:
    """A heading (or a summary list) names an objective, then a key-result table names it again in
    its objective column: one objective, not an empty one beside the table's."""
    under_heading = read_ok("""
        ## Objective: Grow revenue

        | Objective | Key result |
        | --- | --- |
        | Grow revenue | Win 5 new customers |
        | | Raise ARR from 1.2M to 1.6M |
    """)
    assert [(o.title, len(o.key_results)) for o in under_heading.objectives] == [("Grow revenue", 2)]
    after_summary = read_ok("""
        1. **Objective: Grow revenue**
        2. **Objective: Happy users**

        | Objective | Key result |
        | --- | --- |
        | Grow revenue | Win 5 new customers |
        | Happy users | Raise NPS from 30 to 40 |
    """)
    assert [(o.title, len(o.key_results)) for o in after_summary.objectives] == [("Grow revenue", 1), ("Happy users", 1)]


@pytest.mark.parametrize(
    ("text", "title", "period"),
    [
        ("Support OKRs Q2 2027\nOwner: Ann\n\nObjective 1: Fast help\n- KR1: Cut first reply time from 9 h to 2 h\n", "Support OKRs Q2 2027", "Q2 2027"),
        ("Support OKRs Q2 2027\n\nObjective 1: Fast help\n- KR1: Cut first reply time from 9 h to 2 h\n", "Support OKRs Q2 2027", "Q2 2027"),
        ("These are our goals for the quarter.\n\nObjective 1: Fast help\n- KR1: Cut first reply time from 9 h to 2 h\n", None, None),
        ("# Support\n\nSupport OKRs Q2 2027\n\nObjective 1: Fast help\n- KR1: Cut first reply time from 9 h to 2 h\n", "Support", None),
    ],
)
def test_the_first_line_of_a_plain_text_export_is_its_title(text: str, title, period) -> None:
    """Google Docs' plain-text download has no `#`: its first line, alone or over the page's
    properties, is the title, and a period in it the set's; a sentence is not a title."""
    s = read_ok(text)
    assert (s.title, s.period.label if s.period else None) == (title, period)
    assert [o.title for o in s.objectives] == ["Fast help"]


def test_a_table_column_named_like_an_objective_that_holds_numbers_is_the_target() -> None:
    """Danish and Swedish `Mål` is the objective and the target: under an objective heading, a
    `Mål` column of numbers is each key result's target, never an objective per row."""
    s = read_ok("""
        ## Mål 1: Kunderne føler sig hørt

        | Nøgleresultat | Udgangspunkt | Mål |
        | --- | --- | --- |
        | Øg CSAT fra 4,1 til 4,5 | 4,1 | 4,5 |
        | Sænk svartiden fra 9 timer til 2 timer | 9 | 2 timer |
    """)
    assert [(o.title, [(kr.text, kr.target) for kr in o.key_results]) for o in s.objectives] == [
        ("Kunderne føler sig hørt", [("Øg CSAT fra 4,1 til 4,5", 4.5), ("Sænk svartiden fra 9 timer til 2 timer", 2)])
    ]
    words = read_ok("""
        | Mål | Nøgleresultat |
        | --- | --- |
        | Kunderne føler sig hørt | Øg CSAT fra 4,1 til 4,5 |
    """)
    assert [o.title for o in words.objectives] == ["Kunderne føler sig hørt"]


def test_nested_objectives_and_owner_first_key_results() -> None:
    """GitLab's and Sourcegraph's handbook format: bold objectives nested in the parent's list,
    key results labelled after their owner (`Sales KR: …`)."""
    s = read_ok("""
        1. **CEO: Grow net new ARR**
           1. **Sales: Close 4 tier-1 deals.**
              1. Sales KR: Convert 70% of free trials to paid customers.
           1. **Marketing: Build the lead engine.**
              1. Marketing KR: Grow weekly MQLs by 3x.
              1. Marketing KR: Hire two online marketers.
           1. CEO KR: Raise board reporting to monthly.
    """)
    assert [(o.title, [(kr.text, kr.owner) for kr in o.key_results]) for o in s.objectives] == [
        ("CEO: Grow net new ARR", [("Raise board reporting to monthly.", "CEO")]),
        ("Sales: Close 4 tier-1 deals.", [("Convert 70% of free trials to paid customers.", "Sales")]),
        ("Marketing: Build the lead engine.", [("Grow weekly MQLs by 3x.", "Marketing"), ("Hire two online marketers.", "Marketing")]),
    ]


def test_group_labels_over_checkboxes_are_not_key_results() -> None:
    s = read_ok("""
        **Objective:** A private, delightful editor

        **Key Results:**
          - Robustness
            - [ ] Handles 10 users for an hour without a failure
            - [ ] Handles 20 users for an hour without a failure
          - Runtime support
            - [x] Runs on Chrome and Firefox
    """)
    assert [kr.text for kr in s.objectives[0].key_results] == [
        "Handles 10 users for an hour without a failure",
        "Handles 20 users for an hour without a failure",
        "Runs on Chrome and Firefox",
    ]


def test_link_lists_are_not_objectives() -> None:
    s = read_ok("""
        # Team OKRs

        ## Table of contents
        - [Goals](#goals)
        - [Q1 2027](#q1-2027)

        ## Ship the new editor
        - Reach 500 weekly editors
    """)
    assert [o.title for o in s.objectives] == ["Ship the new editor"]


def test_front_matter_keeps_set_fields_and_ignores_the_note_tools_own() -> None:
    result = read_text("---\ntags: [okr]\naliases: [Q3]\ncreated: 2027-06-28\njakso: Q3 2027\nperod: 2027-Q3\n---\n## Tavoite: Nopeampi\n- KR1: x\n", "x.okr.md", "md")
    assert result.okr_set.period.label == "Q3 2027"
    assert [(i.code, i.evidence) for i in result.issues] == [("OKR003", "perod")]


# -- spans -----------------------------------------------------------------------------------------


def test_spans_say_where_each_element_and_field_sits() -> None:
    text = dedent("""
        # Growth OKRs Q1 2027
        <!-- okrcoach: waive OKR101 board wording -->
        ## 🚀 Objective 1: Become **the** default tool
        Owner: Priya

        - [ ] **KR 1.1** Grow active agencies from 340 to 520
            - Baseline: 340
            - Target: 520
            - a note
        - KR 1.2: Cut onboarding from 3 days
          to 1 day

        1\\. Objective: Turn the blog into a pipeline source

        * Grow demo requests from 35 to 80 per month
    """).lstrip("\n")
    lines = text.splitlines()
    s = read_text(text, "x.okr.md", "md").okr_set
    o1, o2 = s.objectives
    span = o1.source.span
    assert (span.first, span.last, span.shape, span.level, span.marker) == (2, 11, "heading", 2, "##")
    assert lines[2][span.text.start : span.text.end] == "Become **the** default tool"
    assert lines[3][span.fields["owner"].start : span.fields["owner"].end] == "Priya"
    kr1, kr2 = o1.key_results
    k = kr1.source.span
    assert (k.first, k.last, k.shape, k.checked, k.marker, k.indent, k.child_indent) == (6, 9, "checkbox", False, "-", 0, 4)
    assert lines[5][k.text.start : k.text.end] == "Grow active agencies from 340 to 520"
    assert {name: lines[spot.line - 1][spot.start : spot.end] for name, spot in k.fields.items()} == {"baseline": "340", "target": "520"}
    k2 = kr2.source.span
    assert (k2.first, k2.last, k2.text.line, k2.text.end_line) == (10, 11, 10, 11)
    assert kr2.text == "Cut onboarding from 3 days to 1 day"
    assert (o2.source.span.shape, o2.source.span.marker, o2.source.span.first) == ("numbered_paragraph", "1.", 13)
    assert o2.key_results[0].source.span.shape == "bullet" and o2.key_results[0].source.span.marker == "*"


def test_key_result_headings_take_the_bullets_under_them_as_fields() -> None:
    s = read_ok("""
        ## Objective 1: Win the mid-market

        ### Key Result 1.1: Grow mid-market ARR from 1.2M to 1.8M
        - **Target:** 1.8M
        - **Owner:** Dana
        - **Status:** on track

        ### Key Result 1.2: Cut the sales cycle from 64 to 45 days
        - **Current:** 64 days
    """)
    krs = s.objectives[0].key_results
    assert [(kr.text, kr.owner, kr.current) for kr in krs] == [("Grow mid-market ARR from 1.2M to 1.8M", "Dana", None), ("Cut the sales cycle from 64 to 45 days", None, 64)]
    assert krs[0].source.span.shape == "heading" and krs[0].source.span.last == 6


def test_a_key_results_label_item_and_a_flat_objective_list() -> None:
    s = read_ok("""
        - Objective: Where we want to go
        	- Key Results
        		- Grow weekly readers from 12k to 20k
        		- Raise retention from 21% to 27%

        - Objective: Lower costs
        - KR: Cut the cloud bill from 62k to 48k
        - KR: Retire 3 legacy clusters
    """)
    assert [(o.title, [kr.text for kr in o.key_results]) for o in s.objectives] == [
        ("Where we want to go", ["Grow weekly readers from 12k to 20k", "Raise retention from 21% to 27%"]),
        ("Lower costs", ["Cut the cloud bill from 62k to 48k", "Retire 3 legacy clusters"]),
    ]


def test_a_comparison_table_with_a_goal_column_is_prose() -> None:
    s = read_ok("""
        ## Objective 1: Ship weekly
        - KR1: Release every week in 12 of 13 weeks

        | Aspect | OKR | Goal |
        |--------|-----|------|
        | Timeframe | Quarterly | 1-4 months |
    """)
    assert [o.title for o in s.objectives] == ["Ship weekly"]
