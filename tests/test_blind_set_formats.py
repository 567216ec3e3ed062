"""Format checks every blind evaluation set shares (tests/data/blind2 to blind10).

They check the files only: that they parse, have the documented fields and values, that each
item's `labels` follow from its `guideline` fields by the judgement guideline's mapping, that the
periods and sources agree with the set's README, that both labelling passes cover the set, and that
the independent second labeller's pass covers it with every difference adjudicated. They never run
the rubric on a set. What one set promises beyond this is checked in its own test file.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests import blind_sets
from tests.blind_sets import ALLOWED, GUIDELINE_VALUES, ITEMS_PER_LANG, LANGS, REQUIRED, TIME_FRAME_IN_OBJECTIVE
from tests.guideline_labels import guideline_labels

DATA = Path(__file__).resolve().parent / "data"
# Each set and the periods its sources use.
PERIODS = {
    "blind2": re.compile(r"^2027(-H[12]|-Q[1-4])?$"),
    "blind3": re.compile(r"^(2027|2027-H2|2027-Q[1-4]|2028-Q1)$"),
    "blind4": re.compile(r"^(2027|2027-H1|2027-Q[1-4]|2028-Q1)$"),
    "blind5": re.compile(r"^(2027|2027-H2|2027-Q[34]|2028-Q1|2028-H1)$"),
    "blind6": re.compile(r"^(2027|2027-H2|2027-Q[34]|2028-Q1|2028-H1)$"),
    "blind7": re.compile(r"^(2027|2027-H2|2027-Q[34]|2028-Q1|2028-H1)$"),
    "blind8": re.compile(r"^(2027|2027-H2|2027-Q[34]|2028-Q1|2028-H1)$"),
    "blind9": re.compile(r"^(2027|2027-H2|2027-Q[34]|2028-Q1|2028-H1)$"),
    "blind10": re.compile(r"^(2027|2027-H2|2027-Q[34]|2028-Q1|2028-H1)$"),
}
# Keys a set adds to the item format (its README describes them; its own test checks their values).
EXTRA_KEYS = {"blind6": {"style"}, "blind7": {"style"}, "blind8": {"style"}, "blind9": {"style"}, "blind10": {"style"}}
SETS = pytest.mark.parametrize("name", sorted(PERIODS))
# The sets a second, independent labeller has labelled.
RELABELLED = pytest.mark.parametrize("name", ["blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10"])
EACH_LANGUAGE = pytest.mark.parametrize("lang", LANGS)
# How many key results each non-English language of a set writes wholly in English (its README's promise).
WHOLLY_ENGLISH = {"blind2": (3, 4), "blind3": (2, 3), "blind4": (2, 3), "blind5": (2, 3), "blind6": (2, 3), "blind7": (2, 3), "blind8": (0, 1), "blind9": (0, 0), "blind10": (0, 0)}


def numbered(name: str, lang: str) -> list[tuple[str, dict]]:
    """The items of one language file with their ids (`<lang>-<NN>`, NN from 1)."""
    return blind_sets.numbered_items(DATA / name, lang)


@SETS
@EACH_LANGUAGE
def test_file_parses_with_sixty_items(name: str, lang: str) -> None:
    items = blind_sets.load_items(DATA / name, lang)
    assert isinstance(items, list)
    assert len(items) == ITEMS_PER_LANG
    assert all(isinstance(item, dict) for item in items)


@SETS
@EACH_LANGUAGE
def test_items_have_required_keys_and_known_values(name: str, lang: str) -> None:
    for where, item in numbered(name, lang):
        assert REQUIRED <= item.keys() <= ALLOWED | EXTRA_KEYS.get(name, set()), where
        for key in ("objective", "kr", "source"):
            assert isinstance(item[key], str) and item[key].strip() == item[key] != "", where
        assert set(item["guideline"]) == set(GUIDELINE_VALUES), where
        for field, values in GUIDELINE_VALUES.items():
            # a bare yes/no would load as a boolean: the values must be quoted strings
            assert item["guideline"][field] in values, (where, field, item["guideline"][field])
        if "note" in item:
            assert isinstance(item["note"], str) and item["note"], where


@SETS
@EACH_LANGUAGE
def test_labels_follow_the_guideline_mapping(name: str, lang: str) -> None:
    for where, item in numbered(name, lang):
        assert item["labels"] == guideline_labels(item["guideline"], item.get("period")), where


@SETS
@EACH_LANGUAGE
def test_periods_are_the_ones_the_set_uses(name: str, lang: str) -> None:
    for where, item in numbered(name, lang):
        if "period" in item:
            assert isinstance(item["period"], str), where
            assert PERIODS[name].match(item["period"]), (where, item["period"])


@SETS
def test_every_source_is_in_the_readme_table_with_its_language_period_and_size(name: str) -> None:
    table = blind_sets.readme_sources(DATA / name)
    assert len(table) == 6 * len(LANGS)
    seen: dict[str, list[dict]] = defaultdict(list)
    for lang in LANGS:
        for _, item in numbered(name, lang):
            assert item["source"] in table, item["source"]
            assert table[item["source"]]["lang"] == lang, item["source"]
            assert item["source"].startswith(f"{lang}-"), item["source"]
            seen[item["source"]].append(item)
    assert set(seen) == set(table)
    for source, items in seen.items():
        assert 7 <= len(items) <= 12, source
        assert len(items) == int(table[source]["items"]), source
        periods = {item.get("period") for item in items}
        assert len(periods) == 1, source
        (period,) = periods
        assert (period or "—") == table[source]["period"], source


@SETS
@EACH_LANGUAGE
def test_each_language_has_six_sources_and_one_without_period(name: str, lang: str) -> None:
    sources = {item["source"]: item.get("period") for _, item in numbered(name, lang)}
    assert len(sources) == 6
    assert sum(period is None for period in sources.values()) == 1


@SETS
@EACH_LANGUAGE
def test_objectives_of_sets_without_period_name_no_time_frame(name: str, lang: str) -> None:
    for where, item in numbered(name, lang):
        if "period" not in item:
            assert not TIME_FRAME_IN_OBJECTIVE.search(item["objective"]), where


@SETS
@EACH_LANGUAGE
def test_every_kind_occurs_in_every_language(name: str, lang: str) -> None:
    kinds = Counter(item["guideline"]["kind"] for _, item in numbered(name, lang))
    for kind in ("outcome", "output", "activity", "kpi"):
        assert kinds[kind] >= 8, (lang, kind, kinds[kind])


@SETS
def test_both_labelling_passes_cover_the_set_and_settled_changes_are_noted(name: str) -> None:
    """Where pass 1 differs from pass 2 or from the settled label, the item's note says it was adjudicated."""
    first = blind_sets.read_pass(DATA / name, "pass1.tsv")
    second = blind_sets.read_pass(DATA / name, "pass2.tsv")
    ids = set()
    for lang in LANGS:
        for key, item in numbered(name, lang):
            ids.add(key)
            for passed in (first, second):
                for field, values in GUIDELINE_VALUES.items():
                    assert passed[key][field] in values, (key, field)
            differs = any(first[key][field] != second[key][field] or first[key][field] != item["guideline"][field] for field in GUIDELINE_VALUES)
            if differs:
                assert "adjudicated" in item.get("note", ""), key
    assert set(first) == set(second) == ids


@RELABELLED
def test_independent_pass_covers_the_set_and_every_difference_is_adjudicated(name: str) -> None:
    """Pass 3 (a second labeller) covers every item; each field where it differs from the settled
    label before adjudication has one row in adjudication.tsv, and the YAML holds its decision."""
    third = blind_sets.read_pass(DATA / name, blind_sets.INDEPENDENT)
    log = {(row["id"], row["field"]): row for row in blind_sets.read_adjudication(DATA / name)}
    settled, _ = blind_sets.settled_labels(DATA / name)
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


@SETS
@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_other_languages_hold_key_results_written_wholly_in_english(name: str, lang: str) -> None:
    least, most = WHOLLY_ENGLISH[name]
    notes = [item.get("note", "") for _, item in numbered(name, lang)]
    assert least <= sum("written wholly in English" in note for note in notes) <= most


@pytest.mark.parametrize("name", ["blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10"])
@EACH_LANGUAGE
def test_notes_that_explain_a_label_agree_with_it(name: str, lang: str) -> None:
    blind_sets.assert_notes_agree_with_labels(DATA / name, lang)


@pytest.mark.parametrize("name", ["blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10"])
@EACH_LANGUAGE
def test_every_language_has_a_date_outside_its_period_and_one_in_its_set_without_period(name: str, lang: str) -> None:
    blind_sets.assert_a_date_outside_the_period_and_a_deadline_without_one(DATA / name, lang)


@pytest.mark.parametrize("name", ["blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10"])
@EACH_LANGUAGE
def test_kinds_come_in_proportions_like_real_okr_sets(name: str, lang: str) -> None:
    blind_sets.assert_kinds_like_real_okr_sets(DATA / name, lang)


# The blind sets in the order they were written: each later set promises names and wording new to all before it.
WRITTEN_IN_ORDER = ("blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10")
LATER_SETS = pytest.mark.parametrize("name", ["blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10"])
# The periods blind5 to blind10 give their sources (one source per language has none).
PERIODS_OF_SIX = {"2027", "2027-H2", "2027-Q3", "2027-Q4", "2028-Q1", "2028-H1", None}


def _earlier(name: str) -> tuple[str, ...]:
    return WRITTEN_IN_ORDER[: WRITTEN_IN_ORDER.index(name)]


def _blind3_overlap_counting():
    """The 4-gram counting of tests/data/blind3/labelling/overlap.py, which every later overlap script uses."""
    spec = importlib.util.spec_from_file_location("blind3_overlap", DATA / "blind3" / "labelling" / "overlap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@LATER_SETS
def test_no_source_name_repeats_an_earlier_blind_set(name: str) -> None:
    ours = set(blind_sets.readme_sources(DATA / name))
    assert len(ours) == 6 * len(LANGS)
    for earlier in _earlier(name)[1:]:
        theirs = set(blind_sets.readme_sources(DATA / earlier))
        assert theirs, f"the {earlier} README's source table is expected"
        assert not ours & theirs, earlier
    earlier_sources = {item["source"] for earlier in _earlier(name) for lang in LANGS for item in blind_sets.load_items(DATA / earlier, lang)}
    assert not ours & earlier_sources


@LATER_SETS
def test_no_word_four_gram_is_shared_with_an_earlier_blind_set(name: str) -> None:
    counting = _blind3_overlap_counting()
    ours = set().union(*(counting.grams(text) for texts in counting.set_texts(name).values() for text in texts))
    for earlier in _earlier(name):
        theirs = set().union(*(counting.grams(text) for texts in counting.set_texts(earlier).values() for text in texts))
        # only the count is checked: each set's labelling/overlap.py prints the shared 4-grams, never this test
        assert len(ours & theirs) == 0, earlier


@pytest.mark.parametrize("name", ["blind5", "blind6", "blind7", "blind8", "blind9", "blind10"])
@EACH_LANGUAGE
def test_each_language_gives_its_six_sources_six_different_periods(name: str, lang: str) -> None:
    periods = list({item["source"]: item.get("period") for item in blind_sets.load_items(DATA / name, lang)}.values())
    assert len(periods) == len(set(periods)) == 6
    assert set(periods) <= PERIODS_OF_SIX


@pytest.mark.parametrize("name", ["blind5", "blind6", "blind7", "blind8", "blind9", "blind10"])
def test_the_set_uses_every_period(name: str) -> None:
    assert {item.get("period") for lang in LANGS for item in blind_sets.load_items(DATA / name, lang)} == PERIODS_OF_SIX
