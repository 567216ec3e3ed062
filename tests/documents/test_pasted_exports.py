"""Edits in place on files pasted from Word, Slack, Notion and Confluence: `•`/`◦`/`–` bullets,
`<br>` second lines and italic objective lines are edited where they stand, and nothing else in
the file moves. The files are the export corpus in tests/data/exports."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest

from okrcoach.documents import AddCheckin, Delete, Insert, SetField, apply_changes
from okrcoach.model import Checkin, KeyResult

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"


def _text(name: str) -> str:
    return (EXPORTS / name).read_bytes().decode("utf-8")


def _changed(before: str, after: str) -> list[tuple[str, str]]:
    """(removed, added) line pairs, compared line by line with their line breaks."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    out = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(("".join(old[a1:a2]), "".join(new[b1:b2])))
    return out


@pytest.mark.parametrize(
    "name", ["word-paste-en-sales.md", "slack-da-salg.md", "notion-de-vertrieb-ampel.md", "confluence-en-support-breaks.md", "gdocs-en-marketing-bold-numbered.md", "gdocs-de-vertrieb-headings.md"]
)
def test_a_save_without_an_edit_writes_the_same_bytes(name):
    text = _text(name)
    assert apply_changes(text, "md", [], name).text == text


def test_editing_a_bullet_pasted_from_word_touches_its_line_only():
    text = _text("word-paste-en-sales.md")
    edited = apply_changes(text, "md", [SetField((0, 1), "text", "Raise lead-to-opportunity rate from 9% to 15%")], "s.okr.md")
    assert _changed(text, edited.text) == [("•\tRaise lead-to-opportunity rate from 9% to 14%\r\n", "•\tRaise lead-to-opportunity rate from 9% to 15%\r\n")]


def test_a_field_and_a_checkin_go_under_a_pasted_bullet_as_sub_bullets():
    text = _text("word-paste-en-sales.md")
    edited = apply_changes(text, "md", [SetField((1, 0), "owner", "Ida"), AddCheckin((1, 0), Checkin(date=date(2027, 2, 1), value=3))], "s.okr.md")
    kr = edited.okr_set.objectives[1].key_results[0]
    assert kr.owner == "Ida" and kr.checkins[0].value == 3
    [(removed, added)] = _changed(text, edited.text)
    assert removed == "" and added == "    · owner: Ida\r\n    · checkin: 2027-02-01 3\r\n"  # the file's own bullet, under the text after `·<tab>`


def test_new_and_deleted_key_results_among_slack_bullets():
    text = _text("slack-da-salg.md")
    inserted = apply_changes(text, "md", [Insert((1, 3), KeyResult(text="Øg genkøbsraten fra 20 % til 30 %"))], "s.okr.md")
    assert _changed(text, inserted.text) == [("", "▪ Øg genkøbsraten fra 20 % til 30 %\n")]
    deleted = apply_changes(text, "md", [Delete((1, 0))], "s.okr.md")
    assert _changed(text, deleted.text) == [("– Hæv NPS fra 31 til 45\n", "")]


def test_an_italic_objective_line_keeps_its_markup_when_renamed():
    text = _text("slack-da-salg.md")
    edited = apply_changes(text, "md", [SetField((1, None), "title", "Endnu gladere kunder")], "s.okr.md")
    assert _changed(text, edited.text) == [("*Mål 2: Gladere kunder*\n", "*Mål 2: Endnu gladere kunder*\n")]


def test_a_key_result_text_ends_at_its_break_and_an_edit_keeps_the_note_after_it():
    text = _text("notion-de-vertrieb-ampel.md")
    edited = apply_changes(text, "md", [SetField((0, 0), "text", "Steigere die Zahl der Neukunden von 12 auf 24")], "s.okr.md")
    [(removed, added)] = _changed(text, edited.text)
    assert removed.replace("von 12 auf 20", "von 12 auf 24") == added
    assert "<br>_gemessen in HubSpot_" in added


def test_a_field_after_a_break_is_edited_where_it_stands():
    text = _text("confluence-en-support-breaks.md")
    edited = apply_changes(text, "md", [SetField((0, 1), "owner", "Maya")], "s.okr.md")
    assert _changed(text, edited.text) == [
        (
            "* KR2: Raise CSAT from 81 % to 90 %<br/>owner: Priya<br/>_survey after every closed ticket_\n",
            "* KR2: Raise CSAT from 81 % to 90 %<br/>owner: Maya<br/>_survey after every closed ticket_\n",
        )
    ]


def test_editing_a_google_docs_line_keeps_its_escapes_for_every_character_it_did_not_change():
    """Google Docs escapes `-` and `.` (`tier\\-1`, `June 30\\.`); an edit changes what was typed and
    writes every other character of the line with the bytes it had."""
    text = (EXPORTS / "gdocs-en-marketing-bold-numbered.md").read_text(encoding="utf-8")
    okr_set = apply_changes(text, "md", [], "s.okr.md").okr_set
    ref = next((oi, ki) for oi, o in enumerate(okr_set.objectives) for ki, kr in enumerate(o.key_results) if kr.text.startswith("Lift newsletter"))
    old = okr_set.objectives[ref[0]].key_results[ref[1]].text
    edited = apply_changes(text, "md", [SetField(ref, "text", old.replace("3.5%", "4%").replace("June 30", "June 30 - the quarter's end"))], "s.okr.md")
    assert _changed(text, edited.text) == [
        ("   2. Lift newsletter click\\-through rate from 2.1% to 3.5% by June 30\\.  \n", "   2. Lift newsletter click\\-through rate from 2.1% to 4% by June 30 \\- the quarter's end\\.  \n")
    ]
    assert edited.okr_set.objectives[ref[0]].key_results[ref[1]].text == "Lift newsletter click-through rate from 2.1% to 4% by June 30 - the quarter's end."
