"""A check-in is written in the file's own words: in a YAML file whose keys are Danish (`aktuel:`,
`målværdi:`), Finnish (`nykyinen:`) or another language's, the check-in list and its entries take
that language's keys (`opfølgninger: - {dato: …, værdi: …}`), which the readers read back; a
Markdown check-in line writes its date as the file writes its dates (`16.03.2027`,
`2027. 03. 16.`), ISO where the file shows none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrcoach.checkin import record_checkin
from okrcoach.document import OkrDocument
from okrcoach.formats import read_text
from okrcoach.formats.vocabulary import checkin_key, local_field_key
from okrcoach.model import Checkin

LANGUAGES = ("da", "sv", "de", "fi", "hu")


def local_yaml(language: str, with_current: bool = True) -> str:
    """A key result whose fields are written with `language`'s keys, as a user of it writes them."""
    key = lambda name: local_field_key(name, language)  # noqa: E731
    lines = [
        "objectives:",
        "  - title: Objective one",
        "    key_results:",
        "      - text: Raise the score from 31 to 45",
        f"        {key('baseline')}: 31",
        f"        {key('target')}: 45",
    ]
    if with_current:
        lines.append(f"        {key('current')}: 33")
    lines += ["      - text: Cut the wait from 12 to 4 hours", f"        {key('baseline')}: 12", f"        {key('target')}: 4", ""]
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_local_keys_for_a_checkin(language):
    for name in ("checkins", "date", "value"):  # a note is a `note` in Danish too
        assert checkin_key(name, language) != name, (language, name)
    for name in ("baseline", "target", "current"):
        assert local_field_key(name, language) is not None


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_checkin_is_written_in_the_files_key_language_and_read_back(language, fmt):
    text, key = (local_yaml(language), "{}:") if fmt == "yaml" else (local_json(language), '"{}":')
    first = record_checkin(text, fmt, 0, 0, Checkin(date=date(2027, 2, 1), value=38, confidence=0.7, note="on track"))
    for name in ("checkins", "date", "value", "confidence", "note"):
        assert key.format(checkin_key(name, language)) in first.text, (language, name)
    assert not any(key.format(name) in first.text for name in ("date", "value", "checkins")), first.text
    second = record_checkin(first.text, fmt, 0, 1, Checkin(date=date(2027, 2, 1), value=9))
    assert key.format(local_field_key("current", language)) + " 9" in second.text and key.format("current") not in second.text
    third = record_checkin(second.text, fmt, 0, 1, Checkin(date=date(2027, 2, 15), value=8))
    result = read_text(third.text, f"team.okr.{fmt}", fmt)
    assert result.issues == []
    krs = result.okr_set.objectives[0].key_results
    assert [(c.date, c.value, c.confidence, c.note) for c in krs[0].checkins] == [(date(2027, 2, 1), 38, 0.7, "on track")]
    assert [(c.date, c.value) for c in krs[1].checkins] == [(date(2027, 2, 1), 9), (date(2027, 2, 15), 8)]
    assert krs[1].current == 8


def test_a_yaml_file_with_english_keys_keeps_english_keys():
    text = local_yaml("da").replace("udgangspunkt", "baseline").replace("målværdi", "target").replace("aktuel", "current")
    recorded = record_checkin(text, "yaml", 0, 1, Checkin(date=date(2027, 2, 1), value=9, note="ok"))
    assert "checkins:\n" in recorded.text and "{date: 2027-02-01, value: 9, note: ok}" in recorded.text and "current: 9" in recorded.text


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_save_of_a_local_key_file_without_an_edit_writes_the_same_bytes(tmp_path: Path, language, fmt):
    path = tmp_path / f"team.okr.{fmt}"
    text = record_checkin(local_yaml(language) if fmt == "yaml" else local_json(language), fmt, 0, 0, Checkin(date=date(2027, 2, 1), value=38, confidence=0.7)).text
    before = text.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(before)
    document, issues = OkrDocument.open(path)
    assert issues == []
    document.save()
    assert path.read_bytes() == before


MARKDOWN = """# Team OKRs

## Objective 1: Happier customers

- KR1: Raise the score from 31 to 45
  - baseline: 31
  - target: 45
  - deadline: {deadline}
"""


@pytest.mark.parametrize(
    "deadline, written",
    [
        ("31.03.2027", ["16.02.2027", "01.03.2027"]),
        ("31-3-2027", ["16-2-2027", "1-3-2027"]),
        ("2027. 03. 31.", ["2027. 02. 16.", "2027. 03. 01."]),
        ("2027.03.31.", ["2027.02.16.", "2027.03.01."]),
        ("2027-03-31", ["2027-02-16", "2027-03-01"]),
        ("31 March 2027", ["2027-02-16", "2027-03-01"]),
    ],
)
def test_a_markdown_checkin_writes_its_date_as_the_file_does(deadline, written):
    text = MARKDOWN.format(deadline=deadline)
    first = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 2, 16), value=38, confidence=0.7, note="on track"))
    second = record_checkin(first.text, "md", 0, 0, Checkin(date=date(2027, 3, 1), value=40))
    lines = second.text.splitlines()
    assert lines[-2] == f"  - checkin: {written[0]} 38 (confidence 0.7) – on track"
    assert lines[-1] == f"  - checkin: {written[1]} 40"
    result = read_text(second.text, "team.okr.md", "md")
    assert result.issues == []
    checkins = result.okr_set.objectives[0].key_results[0].checkins
    assert [(c.date, c.value, c.confidence, c.note) for c in checkins] == [(date(2027, 2, 16), 38, 0.7, "on track"), (date(2027, 3, 1), 40, None, None)]


@pytest.mark.parametrize("deadline", ["31.03.2027", "2027. 03. 31."])
def test_a_save_of_a_markdown_file_with_local_checkin_dates_without_an_edit_writes_the_same_bytes(tmp_path: Path, deadline):
    text = record_checkin(MARKDOWN.format(deadline=deadline), "md", 0, 0, Checkin(date=date(2027, 2, 16), value=38)).text
    path = tmp_path / "team.okr.md"
    before = text.encode("utf-8")
    path.write_bytes(before)
    document, issues = OkrDocument.open(path)
    assert issues == []
    document.save()
    assert path.read_bytes() == before


def local_json(language: str, with_current: bool = True) -> str:
    """`local_yaml`'s key results as a JSON export writes them, each key in `language`."""
    import json

    key = lambda name: local_field_key(name, language)  # noqa: E731
    first = {"text": "Raise the score from 31 to 45", key("baseline"): 31, key("target"): 45}
    if with_current:
        first[key("current")] = 33
    second = {"text": "Cut the wait from 12 to 4 hours", key("baseline"): 12, key("target"): 4}
    return json.dumps({"objectives": [{"title": "Objective one", "key_results": [first, second]}]}, ensure_ascii=False, indent=2) + "\n"


def test_a_json_file_with_english_keys_keeps_english_keys():
    text = local_json("da").replace("udgangspunkt", "baseline").replace("målværdi", "target").replace("aktuel", "current")
    recorded = record_checkin(text, "json", 0, 1, Checkin(date=date(2027, 2, 1), value=9, note="ok"))
    assert '"checkins": [' in recorded.text and '"date": "2027-02-01"' in recorded.text and '"current": 9' in recorded.text


def test_a_danish_markdown_checkin_without_decimals_in_the_file_writes_a_decimal_comma(tmp_path: Path):
    # The file has only whole numbers: a confidence follows Danish, `0,7`, never `0.7`.
    text = "---\nsprog: da\nperiode: 2027-Q1\n---\n# Salg\n\n## Mål 1: Vi vinder det nordiske marked\n\n- Øg NPS fra 30 til 45\n  - Udgangspunkt: 30\n  - Målværdi: 45\n"
    recorded = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 2, 1), value=35, confidence=0.7))
    assert "(konfidens 0,7)" in recorded.text, recorded.text
    assert "0.7" not in recorded.text
    result = read_text(recorded.text, "x.okr.md", "md")
    assert result.issues == []
    assert [(c.value, c.confidence) for c in result.okr_set.objectives[0].key_results[0].checkins] == [(35, 0.7)]
    path = tmp_path / "x.okr.md"
    path.write_bytes(recorded.text.encode("utf-8"))
    document, issues = OkrDocument.open(path)
    assert issues == []
    document.save()
    assert path.read_bytes() == recorded.text.encode("utf-8")


def test_a_markdown_file_that_writes_decimal_points_keeps_them(tmp_path: Path):
    text = "---\nsprog: da\nperiode: 2027-Q1\n---\n# Salg\n\n## Mål 1: Vi vinder det nordiske marked\n\n- Øg NPS fra 30.5 til 45.5\n  - Udgangspunkt: 30.5\n  - Målværdi: 45.5\n"
    recorded = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 2, 1), value=35, confidence=0.7))
    assert "0.7" in recorded.text and "0,7" not in recorded.text


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_note_does_not_turn_a_file_of_english_keys_danish(fmt):
    """`note` is a Danish check-in word too: after a first check-in with a note, a file of English
    keys took its next check-in as `opfølgninger: - {dato: …, værdi: …}` beside `checkins:`."""
    text = "language: da\nobjectives:\n  - title: Flere faste kunder\n    key_results:\n      - Øg genkøbsraten fra 20 % til 30 %\n      - Sænk kundeafgangen fra 8 % til 5 %\n"
    if fmt == "json":
        import json

        import yaml

        text = json.dumps(yaml.safe_load(text), ensure_ascii=False, indent=2) + "\n"
    first = record_checkin(text, fmt, 0, 0, Checkin(date=date(2027, 2, 1), value=22, confidence=0.6, note="god start"))
    second = record_checkin(first.text, fmt, 0, 1, Checkin(date=date(2027, 2, 1), value=7))
    assert "opfølgninger" not in second.text and "dato" not in second.text, second.text
    assert second.text.count("checkins") == 2
