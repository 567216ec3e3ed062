"""Key results added to a Markdown file of plain lines (an e-mail or a plain-text paste: bold or
labelled objectives, no headings, lists or tables), where each line under an objective is one of its
key results. A new key result is a plain line like theirs, its fields indented sub-bullets; a
top-level list item would turn every other objective's lines into descriptions."""

from __future__ import annotations

import pytest

from okrcoach.document import OkrDocument
from okrcoach.formats import read_text

ONE = "**Objective 1: Increase**\n\nWhy: we want more customers to stay.\n"
TWO = "**Objective 1: Increase**\n\nWhy: we want more customers to stay.\n\n**Objective 2: Grow**\n"
TWO_WITH_LINES = "**Objective 1: Increase**\n\nWhy: we want more customers to stay.\n\n**Objective 2: Grow**\n\nWin two partners.\n\nThanks, Anna\n"


def _texts(text: str) -> list[tuple[str, list[tuple[str, object]]]]:
    okr_set = read_text(text, "t", "md").okr_set
    assert okr_set is not None
    return [(o.title, [(kr.text, kr.baseline) for kr in o.key_results]) for o in okr_set.objectives]


@pytest.mark.parametrize(
    ("text", "objective", "added"),
    [
        (ONE, 0, "**Objective 1: Increase**\n\nWhy: we want more customers to stay.\nRaise NPS from 30 to 45 by Q4\n  - baseline: 30\n"),
        (TWO, 1, "**Objective 1: Increase**\n\nWhy: we want more customers to stay.\n\n**Objective 2: Grow**\n\nRaise NPS from 30 to 45 by Q4\n  - baseline: 30\n"),
        (
            TWO_WITH_LINES,
            1,
            "**Objective 1: Increase**\n\nWhy: we want more customers to stay.\n\n**Objective 2: Grow**\n\nWin two partners.\nRaise NPS from 30 to 45 by Q4\n  - baseline: 30\n\nThanks, Anna\n",
        ),
    ],
)
def test_a_key_result_with_fields_is_added_as_a_plain_line(text, objective, added, tmp_path):
    path = tmp_path / "team.okr.md"
    path.write_text(text, encoding="utf-8")
    doc, _ = OkrDocument.open(path)
    before = _texts(text)
    ref = doc.add_key_result(objective, None, "Raise NPS from 30 to 45 by Q4")
    doc.set_field(ref, "baseline", 30)
    assert doc.save().written
    assert path.read_text(encoding="utf-8") == added
    after = _texts(added)
    assert after[objective][1][-1] == ("Raise NPS from 30 to 45 by Q4", 30)
    assert [(title, krs) for title, krs in after if title != after[objective][0]] == [(title, krs) for title, krs in before if title != before[objective][0]]
    assert doc.save().written is False


def test_a_key_result_without_fields_is_added_as_a_plain_line(tmp_path):
    path = tmp_path / "team.okr.md"
    path.write_text(TWO, encoding="utf-8")
    doc, _ = OkrDocument.open(path)
    doc.add_key_result(1, None, "Sign two partners by June")
    doc.save()
    assert path.read_text(encoding="utf-8") == TWO + "\nSign two partners by June\n"
    assert _texts(path.read_text(encoding="utf-8"))[0] == ("Increase", [("Why: we want more customers to stay.", None)])


def test_a_structured_file_still_gets_a_list_item(tmp_path):
    """With a list in the file, the new key result under an objective with none is a list item."""
    text = "**Objective 1: Increase**\n\n- Raise NPS from 30 to 45\n\n**Objective 2: Grow**\n"
    path = tmp_path / "team.okr.md"
    path.write_text(text, encoding="utf-8")
    doc, _ = OkrDocument.open(path)
    ref = doc.add_key_result(1, None, "Sign two partners by June")
    doc.set_field(ref, "baseline", 0)
    doc.save()
    assert path.read_text(encoding="utf-8") == text + "\n- Sign two partners by June\n  - baseline: 0\n"
