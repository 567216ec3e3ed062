"""Format checks for the second blind evaluation set, tests/data/blind2.

They check the files only: that they parse, have the documented fields and values, that each
item's `labels` follow from its `guideline` fields by the judgement guideline's mapping, that the
periods and sources agree with the set's README, and that both labelling passes cover the set.
They never run the rubric on the set: it is an untouched evaluation set.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path

import pytest

from tests import blind_sets
from tests.blind_sets import ALLOWED, GUIDELINE_VALUES, ITEMS_PER_LANG, LANGS, REQUIRED, TIME_FRAME_IN_OBJECTIVE
from tests.guideline_labels import guideline_labels

SET_DIR = Path(__file__).resolve().parent / "data" / "blind2"
PERIOD = re.compile(r"^2027(-H[12]|-Q[1-4])?$")
load = partial(blind_sets.load_items, SET_DIR)
readme_sources = partial(blind_sets.readme_sources, SET_DIR)
read_pass = partial(blind_sets.read_pass, SET_DIR)


@pytest.mark.parametrize("lang", LANGS)
def test_file_parses_with_sixty_items(lang: str) -> None:
    items = load(lang)
    assert isinstance(items, list)
    assert len(items) == ITEMS_PER_LANG
    assert all(isinstance(item, dict) for item in items)


@pytest.mark.parametrize("lang", LANGS)
def test_items_have_required_keys_and_known_values(lang: str) -> None:
    for number, item in enumerate(load(lang), 1):
        where = f"{lang}-{number:02d}"
        assert REQUIRED <= item.keys() <= ALLOWED, where
        for key in ("objective", "kr", "source"):
            assert isinstance(item[key], str) and item[key].strip() == item[key] != "", where
        assert set(item["guideline"]) == set(GUIDELINE_VALUES), where
        for field, values in GUIDELINE_VALUES.items():
            # a bare yes/no would load as a boolean: the values must be quoted strings
            assert item["guideline"][field] in values, (where, field, item["guideline"][field])
        if "note" in item:
            assert isinstance(item["note"], str) and item["note"], where


@pytest.mark.parametrize("lang", LANGS)
def test_labels_follow_the_guideline_mapping(lang: str) -> None:
    for number, item in enumerate(load(lang), 1):
        assert item["labels"] == guideline_labels(item["guideline"], item.get("period")), f"{lang}-{number:02d}"


@pytest.mark.parametrize("lang", LANGS)
def test_periods_are_well_formed(lang: str) -> None:
    for number, item in enumerate(load(lang), 1):
        if "period" in item:
            assert isinstance(item["period"], str), f"{lang}-{number:02d}"
            assert PERIOD.match(item["period"]), (f"{lang}-{number:02d}", item["period"])


def test_every_source_is_in_the_readme_table_with_its_language_period_and_size() -> None:
    table = readme_sources()
    assert len(table) == 6 * len(LANGS)
    seen: dict[str, list[dict]] = defaultdict(list)
    for lang in LANGS:
        for item in load(lang):
            assert item["source"] in table, item["source"]
            assert table[item["source"]]["lang"] == lang, item["source"]
            seen[item["source"]].append(item)
    assert set(seen) == set(table)
    for source, items in seen.items():
        assert 7 <= len(items) <= 12, source
        assert len(items) == int(table[source]["items"]), source
        periods = {item.get("period") for item in items}
        assert len(periods) == 1, source
        (period,) = periods
        assert (period or "—") == table[source]["period"], source


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_six_sources_and_one_without_period(lang: str) -> None:
    sources = {item["source"]: item.get("period") for item in load(lang)}
    assert len(sources) == 6
    assert sum(period is None for period in sources.values()) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_objectives_of_sets_without_period_name_no_time_frame(lang: str) -> None:
    for item in load(lang):
        if "period" not in item:
            assert not TIME_FRAME_IN_OBJECTIVE.search(item["objective"]), item["objective"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_occurs_in_every_language(lang: str) -> None:
    kinds = Counter(item["guideline"]["kind"] for item in load(lang))
    for kind in ("outcome", "output", "activity", "kpi"):
        assert kinds[kind] >= 8, (lang, kind, kinds[kind])


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_other_languages_hold_key_results_written_wholly_in_english(lang: str) -> None:
    notes = [item.get("note", "") for item in load(lang)]
    assert 3 <= sum("written wholly in English" in note for note in notes) <= 4


def test_both_labelling_passes_cover_the_set_and_settled_changes_are_noted() -> None:
    first, second = read_pass("pass1.tsv"), read_pass("pass2.tsv")
    ids = set()
    for lang in LANGS:
        for number, item in enumerate(load(lang), 1):
            key = f"{lang}-{number:02d}"
            ids.add(key)
            for passed in (first, second):
                row = passed[key]
                for field, values in GUIDELINE_VALUES.items():
                    assert row[field] in values, (key, field)
            if any(first[key][field] != item["guideline"][field] for field in GUIDELINE_VALUES):
                assert "adjudicated" in item.get("note", ""), key
    assert set(first) == set(second) == ids


def read_adjudication() -> list[dict[str, str]]:
    return blind_sets.read_rows(SET_DIR, "adjudication.tsv")


def test_independent_pass_covers_the_set_and_every_difference_is_adjudicated() -> None:
    """Pass 3 (a second labeller) covers every item; each field where it differs from the settled
    label before adjudication has one row in adjudication.tsv, and the YAML holds its decision."""
    third = read_pass("pass3_independent.tsv")
    log = {(row["id"], row["field"]): row for row in read_adjudication()}
    settled = {f"{lang}-{number:02d}": item["guideline"] for lang in LANGS for number, item in enumerate(load(lang), 1)}
    assert set(third) == set(settled)
    for (key, field), row in log.items():
        assert row["independent"] == third[key][field], (key, field)
        assert row["decision"] == "settled stands" or row["decision"] == f"changed to {row['independent']}", (key, field)
        assert row["reason"].strip(), (key, field)
        expected = row["settled"] if row["decision"] == "settled stands" else row["independent"]
        assert settled[key][field] == expected, (key, field)
        if row["decision"] != "settled stands":
            assert row["settled"] != row["independent"], (key, field)
    for key, fields in settled.items():
        for field, values in GUIDELINE_VALUES.items():
            assert third[key][field] in values, (key, field)
            if third[key][field] != fields[field]:
                assert log[key, field]["decision"] == "settled stands", (key, field)
