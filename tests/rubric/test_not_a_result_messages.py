"""What is not an objective or a key result is named for what it is, once, in every language.

A lone word given a target ("Growth: 1.5") is told it is a lone word, not handed advice about
questions and feelings; a numbered placeholder title ("Objective 1") is "not an objective" and
nothing else: a number-in-objective hint beside it would send the author the wrong way.
"""

from __future__ import annotations

import pytest

from okrcoach import i18n
from okrcoach.language_data import language_codes
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric

RUBRIC = load_rubric(bundled_dir("rubrics"))
LINTER = Linter(RUBRIC)
NOT_A_KEY_RESULT = RUBRIC.find("OKR250")
KINDS = ("chatter", "question", "reader_instruction", "feeling_statement", "wordless", "lone_word")

# A numbered placeholder title and a lone word with a target, in each language.
PLACEHOLDERS = {
    "en": ("Objective 1", "Growth"),
    "da": ("Mål 1", "Vækst"),
    "sv": ("Mål 2", "Tillväxt"),
    "de": ("Ziel 1", "Wachstum"),
    "fi": ("Tavoite 1", "Kasvu"),
    "hu": ("1. célkitűzés", "Növekedés"),
}


def _lint(language: str, title: str, key_result: KeyResult) -> list:
    objective = Objective(title=title, key_results=[key_result, KeyResult(text="Raise week-1 activation from 31% to 40%")])
    return LINTER.lint(OkrSet(language=language, period="2026-Q3", objectives=[objective]), "okr.yaml", language)


def test_every_language_names_each_kind_of_non_result():
    for language in language_codes():
        for field in ("message", "fix"):
            template = NOT_A_KEY_RESULT.template(field, language)
            assert set(KINDS) <= i18n.branches(template)["fact"], (language, field)


@pytest.mark.parametrize("language", sorted(PLACEHOLDERS))
def test_a_lone_word_with_a_target_is_told_it_is_a_lone_word(language):
    word = PLACEHOLDERS[language][1]
    findings = [f for f in _lint(language, "Delight our customers", KeyResult(text=word, target=1.5)) if f.code == "OKR250"]
    assert len(findings) == 1
    values = {"evidence": word, "fact": "lone_word"}
    assert findings[0].message == NOT_A_KEY_RESULT.render("message", language, values)
    assert findings[0].fix == NOT_A_KEY_RESULT.render("fix", language, values)
    other = NOT_A_KEY_RESULT.render("fix", language, {"evidence": word, "fact": "question"})
    assert findings[0].fix != other


def test_the_english_lone_word_fix_speaks_of_the_word_not_of_questions():
    finding = next(f for f in _lint("en", "Delight our customers", KeyResult(text="Growth", target=1.5)) if f.code == "OKR250")
    assert "lone word" in finding.message and "“Growth”" in finding.message
    assert "question" not in finding.fix and "feeling" not in finding.fix


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("How can we make onboarding faster?", "a question"),
        ("You should track churn every week", "advice to the reader"),
        ("We are proud of how much we have accomplished", "a feeling"),
        ("3.34%", "has no words"),
        ("Here are your OKRs for the quarter:", "an assistant"),
    ],
)
def test_each_kind_is_named(text, kind):
    finding = next(f for f in _lint("en", "Delight our customers", KeyResult(text=text)) if f.code == "OKR250")
    assert kind in finding.message


@pytest.mark.parametrize("language", sorted(PLACEHOLDERS))
def test_a_numbered_placeholder_title_is_only_not_an_objective(language):
    title = PLACEHOLDERS[language][0]
    codes = {f.code for f in _lint(language, title, KeyResult(text="Raise week-1 activation from 31% to 40%")) if f.target == "objective"}
    assert "OKR106" in codes
    assert "OKR101" not in codes


@pytest.mark.parametrize("language", sorted(PLACEHOLDERS))
def test_the_rule_page_and_listing_show_each_wording_not_the_template_syntax(language):
    from okrcoach.rubric.docs import one_line_template, rule_as_text

    page = rule_as_text(NOT_A_KEY_RESULT, language)
    assert "{fact" not in page and "select," not in page
    lone_word = NOT_A_KEY_RESULT.render("message", language, {"fact": "lone_word"})
    assert f"  {lone_word}\n" in page
    listed = one_line_template(NOT_A_KEY_RESULT, "message", language)
    assert "{fact" not in listed and "{evidence}" in listed
