"""Edits in place on files shaped like real exports: only the edited lines change, byte for byte.

The fixtures mimic a hand-commented YAML file, a Notion page export (emoji headings, a callout
quote, an HTML comment, prose and a table), a Danish Excel CSV (semicolons, CRLF, UTF-8 BOM,
decimal commas) and an API's camelCase JSON.
"""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from okrcoach.document import OkrDocument
from okrcoach.documents import AddCheckin, Delete, EditRefused, Insert, Move, SetField, apply_changes, save
from okrcoach.documents.storage import decode_stored, store
from okrcoach.formats import read_text
from okrcoach.model import Checkin, KeyResult, Waiver

FIXTURES = Path(__file__).parent / "fixtures"
YAML = (FIXTURES / "team.okr.yaml").read_text(encoding="utf-8")
MARKDOWN = (FIXTURES / "notion-growth.okr.md").read_text(encoding="utf-8")
CSV = (FIXTURES / "excel-salg.okr.csv").read_bytes().decode("utf-8-sig")
JSON = (FIXTURES / "api-export.okr.json").read_text(encoding="utf-8")


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# -- one text, one line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt", "ref", "new", "old_line", "new_line"),
    [
        (YAML, "yaml", (0, 1), "Reduce monthly churn from 5% to 2.5%", "      - text: 'Reduce monthly churn from 5% to 3%'\n", "      - text: 'Reduce monthly churn from 5% to 2.5%'\n"),
        (
            YAML,
            "yaml",
            (0, 0),
            "Increase weekly active teams to 250",
            "      - Increase weekly active teams from 120 to 200  # counted on Mondays\n",
            "      - Increase weekly active teams to 250  # counted on Mondays\n",
        ),
        (YAML, "yaml", (1, 1), "Raise onboarding NPS: 31 → 50", "Raise onboarding NPS from 31 to 45]", '"Raise onboarding NPS: 31 → 50"]'),
        (MARKDOWN, "md", (0, 1), "Reduce monthly churn from 5% to 2.5%", "- KR2: Reduce monthly churn from 5% to 3%\n", "- KR2: Reduce monthly churn from 5% to 2.5%\n"),
        (MARKDOWN, "md", (1, 0), "Cut time to *first* invoice to 1 day", "- KR1: Cut time to first invoice from 3 days to 1 day\n", "- KR1: Cut time to *first* invoice to 1 day\n"),
        (CSV, "csv", (1, 0), "Øg NPS fra 32 til 50; målt kvartalsvis", '"Øg NPS fra 32 til 45; målt kvartalsvis"', '"Øg NPS fra 32 til 50; målt kvartalsvis"'),
        (CSV, "csv", (0, 1), "Vind 20 nye kunder", ";Vind 15 nye kunder i Jylland;", ";Vind 20 nye kunder;"),
        (JSON, "json", (0, 0), "Cut median deploy time to 8 minutes", '"title": "Cut median deploy time from 40 to 10 minutes"', '"title": "Cut median deploy time to 8 minutes"'),
        (JSON, "json", (1, 0), "Keep p95 API latency under 250 ms", '"Keep p95 API latency under 300 ms"', '"Keep p95 API latency under 250 ms"'),
    ],
)
def test_a_key_result_text_changes_its_line_only(text, fmt, ref, new, old_line, new_line):
    edited = apply_changes(text, fmt, [SetField(ref, "text", new)])
    assert edited.text == replaced(text, old_line, new_line)
    assert edited.okr_set.objectives[ref[0]].key_results[ref[1]].text == new


@pytest.mark.parametrize(("text", "fmt"), [(YAML, "yaml"), (MARKDOWN, "md"), (CSV, "csv"), (JSON, "json")])
def test_saving_without_a_change_gives_the_same_text(text, fmt):
    okr_set = read_text(text, "t", fmt).okr_set
    edited = save(text, fmt, okr_set)
    assert edited.text == text and not edited.changed


# -- fields, new elements, deletes and moves in each shape --------------------------------------------


def test_yaml_fields_keep_their_neighbours():
    edited = apply_changes(YAML, "yaml", [SetField((0, 1), "target", 2.5), SetField((0, 1), "owner", "Bo"), SetField((0, 1), "unit", None)])
    assert edited.text == replaced(YAML, '        target: 3\n        unit: "%"\n', "        target: 2.5\n        owner: Bo\n")


def test_yaml_new_key_result_takes_its_neighbours_shape():
    edited = apply_changes(YAML, "yaml", [Insert((0, 3), KeyResult(text="Keep NPS above 40")), Insert((1, 2), KeyResult(text="Ship the setup wizard", deadline=date(2027, 3, 1)))])
    expected = replaced(YAML, "      - Win 15 new webshop customers in Denmark\n", "      - Win 15 new webshop customers in Denmark\n      - Keep NPS above 40\n")
    expected = replaced(expected, "Raise onboarding NPS from 31 to 45]", "Raise onboarding NPS from 31 to 45, {text: Ship the setup wizard, deadline: 2027-03-01}]")
    assert edited.text == expected


def test_yaml_delete_and_move_carry_comments_on_the_elements_lines():
    edited = apply_changes(YAML, "yaml", [Move((0, 0), 2), Delete((1, None))])
    lines = edited.text.splitlines()
    assert lines[-1] == "# Next review: 2027-02-01" and "  # --- onboarding -----------------------------------------------------" in lines
    assert "      - Increase weekly active teams from 120 to 200  # counted on Mondays" == lines[lines.index("      - Win 15 new webshop customers in Denmark") + 1]
    assert "Make onboarding effortless" not in edited.text


def test_markdown_new_key_result_is_numbered_like_its_siblings():
    edited = apply_changes(MARKDOWN, "md", [Insert((0, 1), KeyResult(text="Keep NPS above 40", target=40))])
    assert edited.text == replaced(
        MARKDOWN,
        "- KR2: Reduce monthly churn from 5% to 3%\n- KR3: Win 15",
        "- KR2: Keep NPS above 40\n    - target: 40\n- KR3: Reduce monthly churn from 5% to 3%\n- KR4: Win 15",
    )


def test_markdown_move_keeps_numbers_with_places_and_leaves_prose_and_tables():
    edited = apply_changes(MARKDOWN, "md", [Move((1, None), 0)])
    assert edited.text.index("Make onboarding effortless") < edited.text.index("Become the go-to tool")
    for kept in (
        "> 💡 We review these every Monday in the growth stand-up.",
        "<!-- Exported from Notion on 2027-01-04 -->",
        "| O2.KR1 | Bo | At risk |",
        "Webshops should pick us before they look anywhere else.",
    ):
        assert kept in edited.text
    assert edited.text.endswith("| O2.KR1 | Bo | At risk |\n")


def test_markdown_numbers_follow_the_places():
    text = "## Objective 1: Grow\n\n- KR1: A\n- KR2: B\n\n## Objective 2: Hire\n\n1. KR 2.1: C\n"
    edited = apply_changes(text, "md", [Move((1, None), 0), Insert((0, 0), KeyResult(text="D")), Delete((1, 0))])
    assert edited.text == "## Objective 1: Hire\n\n1. KR 1.1: D\n2. KR 1.2: C\n\n## Objective 2: Grow\n\n- KR1: B\n"


def test_markdown_fields_are_sub_bullets_and_objective_meta_lines():
    edited = apply_changes(MARKDOWN, "md", [SetField((0, 0), "target", 250), SetField((0, 1), "owner", "Bo"), SetField((1, None), "owner", "Carla")])
    expected = replaced(MARKDOWN, "    - target: 200\n", "    - target: 250\n")
    expected = replaced(expected, "- KR2: Reduce monthly churn from 5% to 3%\n", "- KR2: Reduce monthly churn from 5% to 3%\n    - owner: Bo\n")  # as deep as KR1's fields
    expected = replaced(expected, "## 🚀 Objective 2: Make onboarding effortless\n", "## 🚀 Objective 2: Make onboarding effortless\nOwner: Carla\n")
    assert edited.text == expected


def test_csv_new_row_copies_the_objective_cells_and_delete_keeps_merged_cells_readable():
    text = "Objective;Key Result;Team\r\nGrow;A;Sales\r\n;B;Sales\r\n"
    edited = apply_changes(text, "csv", [Insert((0, 2), KeyResult(text="C; fast", owner="Bo")), Delete((0, 0))])
    assert edited.text == 'Objective;Key Result;Team;Owner\r\nGrow;B;Sales\r\nGrow;"C; fast";Sales;Bo\r\n'


def test_csv_objective_title_changes_on_each_of_its_rows():
    edited = apply_changes(CSV, "csv", [SetField((0, None), "title", "Bliv nummer ét for webshops")])
    assert edited.text == CSV.replace("Bliv førstevalget for danske webshops;", "Bliv nummer ét for webshops;")


def test_json_new_members_follow_the_files_indentation_and_key_spelling():
    edited = apply_changes(JSON, "json", [SetField((0, 1), "owner", "Kim"), Insert((1, 1), KeyResult(text="Keep error rate under 0.1%", target=0.1))])
    assert '        {\n          "text": "Raise the share of deploys without rollback from 92% to 99%",\n          "owner": "Kim"\n        }' in edited.text
    assert '"keyResults": ["Keep p95 API latency under 300 ms", {"text": "Keep error rate under 0.1%", "target": 0.1}]' in edited.text


def test_check_ins_land_in_each_formats_place():
    checkin = Checkin(date=date(2027, 2, 1), value=4, note="pricing: new plan")
    for text, fmt in ((YAML, "yaml"), (MARKDOWN, "md"), (JSON, "json")):
        edited = apply_changes(text, fmt, [SetField((0, 1), "current", 4), AddCheckin((0, 1), checkin)])
        kr = edited.okr_set.objectives[0].key_results[1]
        assert kr.current == 4 and kr.checkins == [checkin]
    edited = apply_changes(MARKDOWN, "md", [SetField((0, 1), "current", 4), AddCheckin((0, 1), checkin)])
    assert edited.text == replaced(
        MARKDOWN,
        "- KR2: Reduce monthly churn from 5% to 3%\n",
        "- KR2: Reduce monthly churn from 5% to 3%\n    - current: 4\n    - checkin: 2027-02-01 4 – pricing: new plan\n",
    )


# -- what cannot be done is refused with a reason ------------------------------------------------------


def test_refusals_say_why_and_change_nothing():
    with pytest.raises(EditRefused, match="no place for the set's title"):
        apply_changes(CSV, "csv", [SetField(None, "title", "Salg")])
    with pytest.raises(EditRefused, match="no place for waivers"):
        apply_changes(CSV, "csv", [SetField((0, 0), "waive", [Waiver(code="OKR220", reason="monthly on purpose")])])
    okr_set = read_text(MARKDOWN, "t", "md").okr_set
    okr_set.objectives[0].key_results[1].text = "  "
    with pytest.raises(EditRefused, match="O1.KR2 has no text"):
        save(MARKDOWN, "md", okr_set)


# -- the TUI's document ---------------------------------------------------------------------------------


@pytest.fixture
def copies(tmp_path):
    for path in FIXTURES.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    return tmp_path


@pytest.mark.parametrize("name", ["team.okr.yaml", "notion-growth.okr.md", "excel-salg.okr.csv", "api-export.okr.json"])
def test_document_save_without_edit_writes_nothing(copies, name):
    path = copies / name
    before = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    doc, _ = OkrDocument.open(path)
    saved = doc.save()
    assert not saved.written and path.read_bytes() == before and path.stat().st_mtime_ns == stamp


def test_document_edits_undo_and_saves_again_after_the_lines_moved(copies):
    path = copies / "team.okr.yaml"
    doc, _ = OkrDocument.open(path)
    doc.add_key_result(0, 0, "Keep NPS above 40")  # lines below move down by one
    doc.set_field((0, 2), "target", "2")
    assert doc.save().written
    assert path.read_text() == replaced(
        replaced(YAML, "      - text: 'Reduce monthly churn", "      - Keep NPS above 40\n      - text: 'Reduce monthly churn"), "        target: 3\n", "        target: 2\n"
    )
    doc.set_text((0, 3), "Win 20 new webshop customers in Denmark")
    doc.undo()
    doc.undo()  # the target back to 3
    assert doc.save().written
    assert path.read_text() == replaced(YAML, "      - text: 'Reduce monthly churn", "      - Keep NPS above 40\n      - text: 'Reduce monthly churn")
    doc.undo()  # the new key result goes again
    doc.save()
    assert path.read_text() == YAML


def test_save_as_same_format_keeps_comments_other_format_writes_new(copies):
    doc, _ = OkrDocument.open(copies / "team.okr.yaml")
    doc.set_text((0, 2), "Win 20 new webshop customers in Denmark")
    doc.save(copies / "copy.okr.yaml", "yaml")
    assert (copies / "copy.okr.yaml").read_text() == YAML.replace("Win 15 new", "Win 20 new")
    doc.save(copies / "copy.okr.md", "md")
    assert read_text((copies / "copy.okr.md").read_text(), "t", "md").okr_set.objectives[0].key_results[2].text == "Win 20 new webshop customers in Denmark"
    assert (copies / "team.okr.yaml").read_text() == YAML  # the original is untouched


def test_a_restored_draft_saves_in_place_by_matching_elements(copies):
    path = copies / "team.okr.yaml"
    edited = read_text(YAML, "t", "yaml").okr_set
    edited.objectives[0].key_results[2].text = "Win 20 new webshop customers in Denmark"
    restored = edited.model_copy(deep=True)
    for objective in restored.objectives:  # a recovery file keeps no lines
        objective.source = None
        for kr in objective.key_results:
            kr.source = None
    doc = OkrDocument.restored(restored, path)
    doc.save()
    assert path.read_text() == YAML.replace("Win 15 new", "Win 20 new")


def test_utf16_and_bom_files_are_written_back_in_their_encoding(tmp_path):
    text = "objective\tkey_result\r\nGrow\tRaise A\r\n"
    for encoding, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8", codecs.BOM_UTF8)):
        path = tmp_path / f"{encoding}.okr.csv"
        path.write_bytes(bom + text.encode(encoding))
        stored, issue = decode_stored(path.read_bytes())
        assert issue is None and stored.text == text
        assert store(path, stored, text) is False
        assert store(path, stored, text.replace("Raise A", "Raise B"))
        assert path.read_bytes() == bom + text.replace("Raise A", "Raise B").encode(encoding)


TABLE = (FIXTURES / "notion-table.okr.md").read_text(encoding="utf-8")


def test_markdown_table_rows_are_edited_cell_by_cell():
    edited = apply_changes(TABLE, "md", [SetField((0, 1), "text", "Reduce monthly churn from 5% to 2.5%"), SetField((0, 1), "target", 2.5), SetField((0, 0), "owner", None)])
    assert edited.text == replaced(
        replaced(TABLE, "| Reduce monthly churn from 5% to 3% | Bo | 3 | 0.5 |", "| Reduce monthly churn from 5% to 2.5% | Bo | 2.5 | 0.5 |"),
        "| Increase weekly active teams from 120 to 200 | Anna | 200 | 0.7 |",
        "| Increase weekly active teams from 120 to 200 |  | 200 | 0.7 |",
    )


def test_markdown_new_key_result_in_a_table_is_a_row():
    edited = apply_changes(TABLE, "md", [Insert((0, 2), KeyResult(text="Win 15 new shops | DK", owner="Carla", target=15))])
    assert edited.text == replaced(TABLE, "| Bo | 3 | 0.5 |\n", "| Bo | 3 | 0.5 |\n| Win 15 new shops \\| DK | Carla | 15 |  |\n")
    with pytest.raises(EditRefused, match="no `Unit` column"):
        apply_changes(TABLE, "md", [SetField((0, 0), "unit", "teams")])


def test_csv_objective_title_keeps_a_notion_relation_link_on_every_row():
    """Notion writes a relation cell as the related page's title and its link: a new title
    replaces the title and keeps the link, in every row of the objective."""
    link = "(https://www.notion.so/Happy-customers-4f1c2a9e8b7d4c3a9f0e1d2c3b4a5968?pvs=21)"
    text = f"Name,Objective\nRaise NPS from 30 to 45,Happy customers {link}\nCut churn from 3 % to 2 %,Happy customers {link}\n"
    edited = apply_changes(text, "csv", [SetField((0, None), "title", "Loyal customers")])
    assert edited.text == text.replace("Happy customers (", "Loyal customers (")
    assert [o.title for o in edited.okr_set.objectives] == ["Loyal customers"]


def test_a_table_cell_is_edited_in_the_column_the_reader_took_the_field_from():
    """A Danish `Mål` column of numbers is the target: a new target goes into that cell."""
    text = "## Mål 1: Kunderne føler sig hørt\n\n| Nøgleresultat | Mål |\n| --- | --- |\n| Øg CSAT fra 4,1 til 4,5 | 4,5 |\n"
    edited = apply_changes(text, "md", [SetField((0, 0), "target", 5)])
    assert edited.text == text.replace("| 4,5 |", "| 5 |")
    assert edited.okr_set.objectives[0].key_results[0].target == 5


def test_csv_delete_of_the_row_that_holds_an_objective_field_keeps_it_on_the_next_row():
    text = "objective,key_result\nIncrease,Raise NPS from 3 to 4\nIncrease,Win 5 customers\n"
    edited = apply_changes(text, "csv", [SetField((0, None), "owner", "Ann"), Delete((0, 0))])
    okr_set = read_text(edited.text, "t", "csv").okr_set
    assert okr_set is not None and okr_set.objectives[0].owner == "Ann"
    assert [kr.text for kr in okr_set.objectives[0].key_results] == ["Win 5 customers"]
