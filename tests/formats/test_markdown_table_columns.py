"""A Markdown table's column that is no field, no check-in column and not close to a known name is
not read; the reader says so once per table, at the header line, as it does for a CSV file's unknown
column. Columns the lexicons name as carrying no OKR field (`Status`, `Kommentar`) and a row
number's `#` stay silent."""

from __future__ import annotations

from okrcoach.formats import read_text

NOTION = """# Growth

## Objective 1: Delight our customers

| Key Result | Owner | Baseline | Target | Trend | Status |
| --- | --- | --- | --- | --- | --- |
| Raise NPS from 30 to 45 | Anna | 30 | 45 | ↑ | On track |
| Cut churn from 5% to 3% | Bo | 5% | 3% | → | At risk |
"""

CONFLUENCE_DA = """## Mål 1: Gøre kunderne gladere

|**Nøgleresultat**|**Ansvarlig**|**Udgangspunkt**|**Kommentar**|**Tendens**|
|---|---|---|---|---|
|Øge NPS fra 30 til 45|Anna|30|godt i gang|stigende|
"""

GOOGLE_DOCS = """**Objective 1: Grow revenue**

| \\# | Key result | Target | Trend | Next step |
| :---- | :---- | :---- | :---- | :---- |
| 1 | Grow ARR from 1 to 2 million | 2 | up | hire |
| 2 | Win 10 new logos | 10 | flat | events |
"""


def _unknown(text: str) -> list[tuple[int, str]]:
    result = read_text(text, "t", "md")
    assert result.okr_set is not None
    return [(i.line, i.evidence) for i in result.issues if i.code == "OKR003"]


def test_notion_table_reports_its_unknown_column_once_and_keeps_the_rest():
    assert _unknown(NOTION) == [(5, "Trend")]
    okr_set = read_text(NOTION, "t", "md").okr_set
    assert [(kr.owner, kr.baseline, kr.target) for kr in okr_set.objectives[0].key_results] == [("Anna", 30, 45), ("Bo", 5, 3)]


def test_confluence_danish_table_reports_only_the_column_no_lexicon_knows():
    assert _unknown(CONFLUENCE_DA) == [(3, "Tendens")]


def test_google_docs_table_with_a_row_number_column():
    assert _unknown(GOOGLE_DOCS) == [(3, "Trend"), (3, "Next step")]
    okr_set = read_text(GOOGLE_DOCS, "t", "md").okr_set
    assert [kr.text for kr in okr_set.objectives[0].key_results] == ["Grow ARR from 1 to 2 million", "Win 10 new logos"]


def test_a_close_name_still_gets_its_suggestion():
    text = "## Objective 1: Grow\n\n| Key result | Targt |\n| --- | --- |\n| Win 10 new logos | 10 |\n"
    issues = [i for i in read_text(text, "t", "md").issues if i.code == "OKR003"]
    assert [(i.evidence, i.key) for i in issues] == [("Targt", "md-unknown-column")]


def test_the_known_columns_an_unknown_one_lists_are_in_the_sheets_own_language():
    from okrcoach.formats.vocabulary import known_columns

    danish = known_columns(["Mål", "Nøgleresultat", "Ansvarlig", "Trend"]).split(", ")
    assert {"mål", "nøgleresultat", "ansvarlig", "udgangspunkt", "målværdi"} <= set(danish)
    english = known_columns(["Objective", "Key result", "Trend"]).split(", ")
    assert {"objective", "key_result", "owner", "baseline", "target"} <= set(english)
    assert len(english) == len(set(english)) == len(danish)  # one name for each field


def test_a_misspelt_column_is_matched_in_the_sheets_own_language_and_english_only():
    from okrcoach.formats.vocabulary import suggestable_columns

    english = suggestable_columns(["objective", "key_result", "trend"])
    assert "owner" in english and "enhed" not in english  # `trend` is no misspelt Danish `enhed`
    assert "ansvarlig" in suggestable_columns(["Mål", "Nøgleresultat", "Ansvarlg"])
