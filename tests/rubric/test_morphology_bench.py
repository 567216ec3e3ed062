"""The morphology bench's fallback really reaches the rubric's word-class lookups.

bench/morphology_tools.py puts a stem fallback behind the Lexicon's compiled classes (its private
`_compiled`, `first_chars`, verb gate and `search_any`); if those change, the bench would quietly
measure nothing and report "no gain". These tests use a small suffix-stripping stemmer of their own
(the bench's tools are not dependencies) to check that a form no list knows is found through its
stem in a real lint, that the endings check leaves agent nouns out, and that a compound's longest
known last part is taken.
"""

from __future__ import annotations

import pytest

from okrcoach.model import KeyResult, Level, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric
from tests.bench_modules import bench_module


@pytest.fixture(scope="module")
def bench():
    yield from bench_module("morphology_tools")


def suffix_stem(word: str) -> str:
    """Strip one common ending (English and German enough for these tests), then a final e."""
    for ending in ("ungen", "ung", "ing", "ers", "er", "en", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def findings(linter: Linter, language: str, text: str) -> set[str]:
    okr_set = OkrSet(objectives=[Objective(title="Customers get value faster", key_results=[KeyResult(text=text)])], language=language, period="2027-Q1")
    return {f.code for f in linter.lint(okr_set, "bench", language) if f.target == "key_result" and f.level.rank >= Level.warning.rank}


def fallback_linter(bench, classes, split=frozenset(), endings=False, languages=("en",)):
    rubric = load_rubric(bundled_dir("rubrics"))
    tables = bench.StemTables(languages, classes, False, suffix_stem, endings=endings)
    index = bench.WordIndex(tables, frozenset(split), False)
    bench.install(rubric.lexicons, tables, index)
    return Linter(rubric), index


def test_a_form_no_list_knows_is_found_through_its_stem(bench):
    text = "Completing the migration of every service"  # "complete" is listed; "completing" is not
    assert "OKR203" not in findings(Linter(load_rubric(bundled_dir("rubrics"))), "en", text)
    linter, index = fallback_linter(bench, bench.VERB_CLASSES)
    index.recording = True
    assert "OKR203" in findings(linter, "en", text)
    assert any(key.lower().endswith(":completing") for key in index.taken)


def test_a_look_alike_with_another_ending_is_left_out(bench):
    tables = bench.StemTables(["en"], bench.VERB_CLASSES, False, suffix_stem, endings=True)
    index = bench.WordIndex(tables, frozenset(), False)
    assert "activity_verbs" in index.classes_of("en", "developing")
    assert not index.classes_of("en", "developers")  # develop|ers: an agent noun, not the verb


def test_a_compound_is_read_by_its_longest_known_last_part(bench):
    tables = bench.StemTables(["de"], bench.VERB_CLASSES, False, suffix_stem)
    index = bench.WordIndex(tables, frozenset({"de"}), False)
    assert not bench.WordIndex(tables, frozenset(), False).classes_of("de", "kundenbefragungen")
    assert "activity_verbs" in index.classes_of("de", "kundenbefragungen")  # … + befragen
