"""The blind evaluation set keeps its format: fields, labels, languages and source documents.

These tests check only the files under tests/data/blind/, never the rubric's accuracy on them (the
set must stay untouched by tuning; see tests/data/blind/README.md).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from tests.guideline_labels import CATEGORIES, guideline_labels

BLIND = Path(__file__).resolve().parents[1] / "data" / "blind"
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
KINDS = {"outcome", "output", "activity", "kpi", "unsure"}
GUIDELINE_VALUES = {
    "kind": KINDS,
    "measurable": {"yes", "no", "unsure"},
    "baseline": {"yes", "no"},
    "deadline": {"yes", "no"},
}
REQUIRED = {"objective", "kr", "source", "labels", "guideline"}
OPTIONAL = {"period", "note"}
PERIOD = re.compile(r"^\d{4}(-(Q[1-4]|H[12]))?$")
SOURCE = re.compile(r"^(en|da|sv|de|fi|hu)-[a-z0-9-]+$")

# Letters that mark a language's text, and letters its text never has (so a Swedish item cannot
# sit in the Danish file, a Finnish one in the German file, and so on).
MARKS = {
    "en": ("", "æøåäöüßőűáéíóú"),
    "da": ("æøå", "äöüßőű"),
    "sv": ("åäö", "æøüßőű"),
    "de": ("äöüß", "æøåőű"),
    "fi": ("äö", "æøåüßőűáéíóú"),
    "hu": ("őűáéíóú", "æøåß"),
}


def load(lang: str) -> list[dict]:
    return yaml.safe_load((BLIND / f"{lang}.yaml").read_text(encoding="utf-8"))


def expected_labels(item: dict) -> list[str]:
    """The categories the guideline's mapping gives for an item's guideline fields."""
    return guideline_labels(item["guideline"], item.get("period"))


def test_one_file_per_language_and_nothing_else():
    assert sorted(p.stem for p in BLIND.glob("*.yaml")) == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_item_has_the_fields_and_known_values(lang):
    items = load(lang)
    assert isinstance(items, list) and 50 <= len(items) <= 70
    for n, item in enumerate(items, start=1):
        where = f"{lang}.yaml item {n}"
        assert isinstance(item, dict), where
        assert REQUIRED <= set(item), f"{where}: missing {REQUIRED - set(item)}"
        assert set(item) <= REQUIRED | OPTIONAL, f"{where}: unknown {set(item) - REQUIRED - OPTIONAL}"
        for key in ("objective", "kr", "source"):
            assert isinstance(item[key], str) and item[key].strip() == item[key] and item[key], where
        if "period" in item:
            assert isinstance(item["period"], str) and PERIOD.match(item["period"]), where
        if "note" in item:
            assert isinstance(item["note"], str) and item["note"], where
        assert isinstance(item["labels"], list), where
        assert set(item["labels"]) <= set(CATEGORIES), f"{where}: unknown label {item['labels']}"
        assert len(set(item["labels"])) == len(item["labels"]), where
        guideline = item["guideline"]
        assert set(guideline) == set(GUIDELINE_VALUES), where
        for field, allowed in GUIDELINE_VALUES.items():
            assert guideline[field] in allowed, f"{where}: {field}={guideline[field]!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_follow_the_guideline_mapping_from_the_fields(lang):
    for n, item in enumerate(load(lang), start=1):
        assert item["labels"] == expected_labels(item), f"{lang}.yaml item {n}: {item['kr']}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_items_are_in_their_files_language(lang):
    items = load(lang)
    marks, foreign = MARKS[lang]
    for n, item in enumerate(items, start=1):
        assert SOURCE.match(item["source"]) and item["source"].startswith(f"{lang}-"), f"{lang}.yaml item {n}"
        text = (item["objective"] + " " + item["kr"]).lower()
        assert not set(foreign) & set(text), f"{lang}.yaml item {n} has letters of another language: {item['kr']}"
    if marks:
        marked = sum(bool(set(marks) & set((i["objective"] + " " + i["kr"]).lower())) for i in items)
        assert marked >= len(items) // 3, f"{lang}.yaml: only {marked} items have {marks}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_source_document_is_one_okr_set_of_at_least_six_items(lang):
    items = load(lang)
    by_source: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_source[item["source"]].append(item)
    assert len(by_source) >= 4
    for source, members in by_source.items():
        assert len(members) >= 6, f"{source} has {len(members)} items"
        assert len({m.get("period") for m in members}) == 1, f"{source} mixes periods"
        positions = [items.index(m) for m in members]
        assert positions == list(range(positions[0], positions[0] + len(members))), f"{source} is split"
    pairs = Counter((i["objective"], i["kr"]) for i in items)
    assert max(pairs.values()) == 1, "duplicate item"


def test_the_set_exercises_every_category_kind_and_sets_without_period():
    items = [item for lang in LANGUAGES for item in load(lang)]
    labels = Counter(label for item in items for label in item["labels"])
    kinds = Counter(item["guideline"]["kind"] for item in items)
    assert all(labels[c] >= 20 for c in CATEGORIES), labels
    assert all(kinds[k] >= 30 for k in KINDS - {"unsure"}), kinds
    assert 20 <= sum(1 for item in items if "period" not in item) <= 60
    assert sum(1 for item in items if not item["labels"]) >= 20


def test_both_labelling_passes_cover_the_set():
    ids = {f"{lang}-{n:02d}" for lang in LANGUAGES for n in range(1, len(load(lang)) + 1)}
    for name in ("pass1.tsv", "pass2.tsv"):
        with (BLIND / "labelling" / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        assert {row["id"] for row in rows} == ids and len(rows) == len(ids), name
        for row in rows:
            for field, allowed in GUIDELINE_VALUES.items():
                assert row[field] in allowed, f"{name} {row['id']} {field}"


def test_readme_states_the_rule_never_to_tune_on_the_set():
    text = (BLIND / "README.md").read_text(encoding="utf-8")
    assert "never tune the rubric on this set" in text.lower()
