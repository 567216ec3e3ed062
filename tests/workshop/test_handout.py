"""Spot-the-flaw exercises: deterministic choice, numbering, labels the rubric agrees with, rendering."""

from __future__ import annotations

import html.parser
import json

import pytest

from okrcoach.language_data import bundled_languages
from okrcoach.workshop import handout as h
from okrcoach.workshop.library import FUNCTIONS, all_sets
from okrcoach.workshop.verify import check, position

LANGUAGES = tuple(bundled_languages())  # the languages okrcoach ships, from the lexicon files


def flawed_items(exercise):
    return [item for item in exercise.items() if item.flaw]


def test_the_same_seed_gives_the_same_handout_and_another_seed_another(linter):
    one = h.library_exercise(linter, "en", count=3, seed=7)
    again = h.library_exercise(linter, "en", count=3, seed=7)
    assert h.handout_markdown(one) == h.handout_markdown(again)
    assert h.answers_markdown(one) == h.answers_markdown(again)
    others = {h.handout_markdown(h.library_exercise(linter, "en", count=3, seed=s)) for s in range(1, 6)}
    assert len(others) > 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rubric_agrees_with_every_label_in_a_handout(language, linter):
    for seed in (1, 2, 3):
        exercise = h.library_exercise(linter, language, count=4, flawed=12, seed=seed)
        assert exercise.flawed_count == 12
        for example in exercise.examples:
            expected = {}
            for oi, objective in enumerate(example.objectives):
                if objective.item.flaw:
                    expected[(oi, None)] = set(objective.item.flaw.codes)
                for ki, kr in enumerate(objective.key_results):
                    if kr.flaw:
                        expected[(oi, ki)] = set(kr.flaw.codes)
            assert check(linter, example.okr_set(), expected, language) == []


def test_numbering_runs_across_the_handout(linter):
    exercise = h.library_exercise(linter, "sv", count=3, seed=3)
    objectives = [o.item.label for e in exercise.examples for o in e.objectives]
    key_results = [kr.label for e in exercise.examples for o in e.objectives for kr in o.key_results]
    assert objectives == [h._letters(i) for i in range(len(objectives))]
    assert key_results == [str(i) for i in range(1, len(key_results) + 1)]
    assert h._letters(25) == "Z" and h._letters(26) == "AA"


def test_flaws_are_spread_and_each_position_is_used_once(linter):
    exercise = h.library_exercise(linter, "de", count=2, flawed=6, seed=11)
    codes = [code for item in flawed_items(exercise) for code in item.flaw.codes]
    assert len(set(codes)) >= 5
    for example in exercise.examples:
        texts = [i.text for i in example.items()]
        assert len(texts) == len(set(texts))


def test_no_period_flaws_are_shown_on_their_own_without_a_period(linter):
    exercise = h.library_exercise(linter, "en", count=3, flawed=6, seed=1, codes={"OKR210", "OKR221"})
    alone = [e for e in exercise.examples if e.period is None]
    assert len(exercise.examples) == 3 and len(alone) == 1
    assert alone[0].objectives[0].key_results[0].flaw.codes == ["OKR210"]
    assert "no period stated" in h.handout_markdown(exercise)
    only = h.library_exercise(linter, "en", function="operations", count=1, seed=1, codes={"OKR210"})
    assert len(only.examples) == 1 and only.examples[0].period is None and only.flawed_count == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_count_gives_that_many_examples_with_distinct_titles(language, linter):
    for count in range(1, 6):
        for seed in (1, 2, 3):
            for codes in (None, {"OKR210", "OKR220", "OKR221"}):
                exercise = h.library_exercise(linter, language, count=count, seed=seed, codes=codes)
                assert len(exercise.examples) == count, (count, seed, codes)
                titles = [o.item.text for e in exercise.examples for o in e.objectives]
                library_titles = [t for e in exercise.examples for t in _library_titles(e)]
                assert len(library_titles) == len(set(library_titles)), "no objective of the library shows twice"
                assert len(titles) == len(set(titles))


def _library_titles(example) -> list[str]:
    """The library's (good) titles of the objectives an example shows, flawed or not."""
    from okrcoach.workshop.library import all_sets

    library = {s.id: s for s in all_sets()}[example.set_id.split(":")[0]]
    if ":" in example.set_id:
        return [library.objectives[int(example.set_id.split(":O")[1].split(".")[0]) - 1].title]
    return [o.title for o in library.objectives]


def test_asking_for_more_than_the_library_has_is_noted(linter):
    exercise = h.library_exercise(linter, "da", function="sales", count=3, flawed=40, seed=1)
    assert len([e for e in exercise.examples if e.period]) == 1
    assert any("kun 1 eksempelsæt passer" in n for n in exercise.notes), "notes speak the handout's language"
    assert any("fejlbehæftede elementer" in n for n in exercise.notes)
    quiet = h.library_exercise(linter, "da", function="sales", seed=1)
    assert quiet.notes == [] and quiet.flawed_count == 3


def test_zero_flaws_is_a_handout_of_good_examples(linter):
    exercise = h.library_exercise(linter, "fi", count=2, flawed=0, seed=2)
    assert exercise.flawed_count == 0
    for example in exercise.examples:
        assert check(linter, example.okr_set(), {}, "fi") == []


def test_the_handout_gives_no_hints_and_the_key_explains_every_flaw(linter):
    exercise = h.library_exercise(linter, "da", function="marketing", seed=1)
    sheet = h.handout_markdown(exercise)
    key = h.answers_markdown(exercise)
    assert "OKR" not in sheet.replace("OKR'er", "") and "Bedre" not in sheet
    assert sheet.startswith("# Find fejlen: Marketing")
    for item in flawed_items(exercise):
        for detail in item.flaw.details:
            assert f"{detail.code} {detail.name}" in key
            assert detail.message and detail.why
            assert detail.message in key.replace("\\", "")
        assert item.flaw.fixed in key.replace("\\", "")
    assert "| A | i orden |" in key or "| A | fejlbehæftet |" in key


def test_answer_messages_come_from_the_rubric_in_the_sets_language(linter):
    exercise = h.library_exercise(linter, "hu", function="engineering", seed=2)
    findings = {}
    for example in exercise.examples:
        for f in linter.lint(example.okr_set(), "x", "hu"):
            findings[(example.number, position(f), f.code)] = f.message
    messages = [d.message for i in flawed_items(exercise) for d in i.flaw.details]
    assert messages and all(m in findings.values() for m in messages)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_the_answer_key_explains_why_in_the_audiences_language(language, linter):
    """The Danish key says "Hvorfor:" and then the Danish explanation, never the English one."""
    from okrcoach import i18n

    exercise = h.library_exercise(linter, language, count=3, seed=4)
    answers = h.answers_markdown(exercise)
    label = h.texts(language)["why"]
    details = [d for i in flawed_items(exercise) for d in i.flaw.details]
    assert details
    for detail in details:
        translated = " ".join(i18n.translation(f"rules.{detail.code}.why", language).split())
        english = " ".join(linter.rubric.find(detail.code).why.split())
        assert detail.why == translated != english
        assert f"  - {label}: {h._md(translated)}" in answers
    assert "okrcoach examples" not in h.answers_html(exercise)


class _Checker(html.parser.HTMLParser):
    VOID = {"meta", "br", "link", "img", "hr", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_well_formed_printable_on_a4_and_escapes_everything(linter):
    exercise = h.library_exercise(linter, "de", count=2, seed=5)
    nasty = "<script>alert('x')</script> & “Ziele” > 5 %"
    flawed_items(exercise)[0].text = nasty
    flawed_items(exercise)[0].flaw.fixed = nasty
    exercise.examples[0].team = "<b>Team</b>"
    for page in (h.handout_html(exercise), h.answers_html(exercise), h.handout_html(exercise, with_answers=True)):
        assert "<script>" not in page and "<b>Team</b>" not in page
        assert "&lt;script&gt;" in page
        assert "@page { size: A4" in page and "break-inside: avoid" in page and "display: table-header-group" in page
        checker = _Checker()
        checker.feed(page)
        assert checker.stack == []
    combined = h.handout_html(exercise, with_answers=True)
    assert 'class="answer-key"' in combined and "page-break-before: always" in combined
    assert '<html lang="de">' in combined


def test_markdown_escapes_what_would_change_its_meaning(linter):
    exercise = h.library_exercise(linter, "en", count=1, seed=1)
    exercise.examples[0].objectives[0].item.text = "Win *big* <now> | [x]"
    sheet = h.handout_markdown(exercise)
    assert r"Win \*big\* \<now\> \| \[x\]" in sheet


def test_data_output_carries_the_labels(linter):
    exercise = h.library_exercise(linter, "en", function="finance", seed=3)
    data = json.loads(json.dumps(h.to_data(exercise)))
    assert data["version"] == 1 and data["language"] == "en" and data["function"] == "finance"
    krs = [kr for e in data["examples"] for o in e["objectives"] for kr in o["key_results"]]
    flawed = [kr for kr in krs if kr["flaws"]] + [o for e in data["examples"] for o in e["objectives"] if o["flaws"]]
    assert len(flawed) == data["flawed"] == 3
    assert all(f["fixed"] and f["rules"][0]["why"] for f in flawed)
    assert [kr["number"] for kr in krs] == list(range(1, len(krs) + 1))


@pytest.mark.parametrize("function", FUNCTIONS)
def test_every_function_makes_a_handout_in_every_language(function, linter):
    for language in LANGUAGES:
        exercise = h.library_exercise(linter, language, function=function, flawed=6, seed=9)
        # Six positions, of which a set without a period shows its own (OKR210) only when asked.
        whole = sum(1 for s in all_sets(language=language, function=function) for i in s.flawed if not i.no_period)
        assert exercise.flawed_count == min(6, whole) >= 5
        assert all(d.message for i in flawed_items(exercise) for d in i.flaw.details)
        assert h.texts(language)["title"] in h.handout_markdown(exercise)


def test_flaws_can_be_limited_to_the_rules_being_taught(linter):
    exercise = h.library_exercise(linter, "sv", count=3, seed=2, codes={"OKR220", "OKR230"})
    items = flawed_items(exercise)
    assert items and all({"OKR220", "OKR230"} & set(i.flaw.codes) for i in items)
    assert not exercise.notes
    assert all(any(i.flaw for i in e.items()) for e in exercise.examples if e.period)
