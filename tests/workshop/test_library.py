"""The example library's labels, proven by the rubric (the authority), in each set's language."""

from __future__ import annotations

import re
from collections import Counter
from itertools import product

import pytest

from okrcoach.cli import workshop as cli_workshop
from okrcoach.language_data import bundled_languages, placeholders
from okrcoach.workshop import library as lib
from okrcoach.workshop.verify import check

LANGUAGES = tuple(bundled_languages())  # the languages okrcoach ships, from the lexicon files

LIBRARY = lib.load_library()
SETS = [s for f in LIBRARY.values() for s in f.sets]
FLAWED = [(s, item) for s in SETS for item in s.flawed]
CORE_CODES = ("OKR104", "OKR201", "OKR202", "OKR203", "OKR210", "OKR211", "OKR220", "OKR221", "OKR230", "OKR231", "OKR232", "OKR240")


def test_every_function_has_a_good_set_in_every_language():
    assert tuple(LIBRARY) == lib.FUNCTIONS == cli_workshop.FUNCTIONS
    for function, library in LIBRARY.items():
        for language in LANGUAGES:
            sets = library.sets_in(language)
            assert sets, f"{function} has no set in {language}"
            for example in sets:
                assert [len(o.key_results) for o in example.objectives] == [3, 3], example.id
                assert example.flawed, f"{example.id} has no flawed variants"


@pytest.mark.parametrize("example", SETS, ids=lambda s: s.id)
def test_good_set_raises_nothing_at_warning_level(example, linter):
    assert check(linter, example.okr_set(), {}, example.language) == []


@pytest.mark.parametrize(("example", "item"), FLAWED, ids=lambda v: v.id if isinstance(v, lib.LibrarySet) else v.at)
def test_flawed_element_raises_exactly_its_labels_and_its_fix_raises_none(example, item, linter):
    if item.no_period:
        flawed, fixed, where = example.isolated(item), example.isolated(item, fixed=True), (0, 0)
    else:
        flawed, fixed, where = example.okr_set([item]), example.okr_set([item], fixed=True), (item.objective_index, item.key_result_index)
    assert check(linter, flawed, {where: set(item.flaws)}, example.language) == [], item.text
    assert check(linter, fixed, {}, example.language) == [], item.fixed


@pytest.mark.parametrize("example", SETS, ids=lambda s: s.id)
def test_flaws_combined_in_one_set_still_raise_exactly_their_labels(example, linter):
    """What a handout shows: several flawed elements swapped into one set at once."""
    by_position: dict[str, list[lib.FlawedItem]] = {}
    for item in example.flawed:
        if not item.no_period:
            by_position.setdefault(item.at, []).append(item)
    choices = list(product(*by_position.values()))[:6]
    for swaps in choices:
        expected = {(i.objective_index, i.key_result_index): set(i.flaws) for i in swaps}
        assert check(linter, example.okr_set(swaps), expected, example.language) == [], [i.at for i in swaps]


def test_the_library_covers_the_core_flaw_codes_in_every_language():
    for language in LANGUAGES:
        codes = Counter(code for s, item in FLAWED if s.language == language for code in item.flaws)
        missing = [code for code in CORE_CODES if not codes[code]]
        assert not missing, f"{language} has no example of {missing}"


def test_flawed_and_fixed_versions_differ_from_what_they_replace():
    for example, item in FLAWED:
        oi, ki = item.objective_index, item.key_result_index
        good = example.objectives[oi].title if ki is None else example.objectives[oi].key_results[ki]
        assert item.fixed.strip() != item.text.strip(), item.text
        if not item.no_period:
            assert item.text.strip() != good.strip(), item.text


@pytest.mark.parametrize("example", SETS, ids=lambda s: s.id)
def test_good_key_results_make_templates_with_no_number_left(example):
    words = placeholders(example.language)
    baseline, target = words["baseline"], words["target"]
    for objective in example.objectives:
        assert not re.search(r"\d", objective.title), objective.title
        for text in objective.key_results:
            numbers = lib.numbers_in(text)
            assert 1 <= len(numbers) <= 2, f"{text!r}: {numbers}"
            template = lib.template_text(text, example.language)
            assert not re.search(r"\d", template), template
            assert target in template and (baseline in template) == (len(numbers) == 2), template


@pytest.mark.parametrize("example", SETS, ids=lambda s: s.id)
def test_templates_raise_only_the_placeholder_finding(example, linter):
    """Offline drafts start from these templates: the rubric must flag only the missing numbers."""
    okr_set = example.okr_set()
    for objective in okr_set.objectives:
        for kr in objective.key_results:
            kr.text = lib.template_text(kr.text, example.language)
    expected = {(oi, ki): {"OKR202"} for oi, o in enumerate(okr_set.objectives) for ki, _ in enumerate(o.key_results)}
    assert check(linter, okr_set, expected, example.language) == []


def test_keywords_and_names_exist_for_every_language():
    for library in LIBRARY.values():
        for language in LANGUAGES:
            assert library.names[language].strip()
            assert all(k.strip() for k in library.keywords[language])


def test_a_broken_library_file_is_reported_with_its_name(tmp_path):
    (tmp_path / "sales.yaml").write_text("function: sales\nnames: {en: Sales}\nkeywords: {en: [sales]}\nsets: []\n", encoding="utf-8")
    with pytest.raises(lib.LibraryError, match="sales.yaml"):
        lib.load_library(str(tmp_path))
    (tmp_path / "sales.yaml").write_text("function: [\n", encoding="utf-8")
    lib.load_library.cache_clear()
    with pytest.raises(lib.LibraryError, match="cannot read"):
        lib.load_library(str(tmp_path))
    lib.load_library.cache_clear()


def test_positions_outside_the_set_are_rejected():
    with pytest.raises(ValueError, match="outside the set"):
        lib.LibrarySet(
            id="x",
            language="en",
            title="t",
            team="T",
            period="2027-Q1",
            objectives=[{"title": "O", "key_results": ["Raise X from 1 to 2"]}],
            flawed=[{"at": "O1.KR4", "text": "x", "flaws": ["OKR201"], "fixed": "y"}],
        )
    with pytest.raises(ValueError, match="O<n>"):
        lib.FlawedItem(at="KR1", text="x", flaws=["OKR201"], fixed="y")


def test_segment_phrases_must_occur_in_the_set_and_become_a_placeholder():
    objectives = [{"title": "Become the first choice for dental clinics", "key_results": ["Win 12 new dental clinic customers"]}]
    with pytest.raises(ValueError, match="does not occur"):
        lib.LibrarySet(id="x", language="en", title="t", team="T", period="2027-Q1", objectives=objectives, segment=["vet clinics"])
    example = lib.LibrarySet(id="x", language="en", title="t", team="T", period="2027-Q1", objectives=objectives, segment=["dental clinics", "dental clinic"])
    assert lib.template_text(example.objectives[0].key_results[0], "en", example.segment) == "Win <target> new <customer segment> customers"
    assert lib.segment_text(example.objectives[0].title, "en", example.segment) == "Become the first choice for <customer segment>"


@pytest.mark.parametrize(
    ("language", "text", "template"),
    [
        ("en", "Grow the pipeline sourced by marketing from €400k to €650k", "Grow the pipeline sourced by marketing from <baseline> to <target>"),
        ("da", "Øg den pipeline, marketing skaber, fra 3 mio. kr. til 4,8 mio. kr.", "Øg den pipeline, marketing skaber, fra <udgangspunkt> til <mål>"),
        ("sv", "Öka antalet organiska registreringar från 1 200 till 1 800 per månad", "Öka antalet organiska registreringar från <utgångsläge> till <målvärde> per månad"),
        ("de", "Kosten pro qualifiziertem Lead von 140 € auf 95 € senken", "Kosten pro qualifiziertem Lead von <Ausgangswert> auf <Zielwert> senken"),
        ("fi", "Nostetaan osuutta 35 %:sta 55 %:iin", "Nostetaan osuutta <lähtötaso>:sta <tavoite>:iin"),
        ("hu", "Növeljük az arányt 35 %-ról 55 %-ra", "Növeljük az arányt <kiinduló érték>-ról <célérték>-ra"),
        ("en", "Win 15 new mid-sized webshop customers", "Win <target> new mid-sized webshop customers"),
    ],
)
def test_template_text_replaces_values_with_placeholders(language, text, template):
    assert lib.template_text(text, language) == template
