"""Each objective and key result is judged in its own language when a set mixes languages."""

from __future__ import annotations

import pytest

from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric
from okrcoach.rubric.language import LanguageGuesser, text_language

RUBRIC = load_rubric(bundled_dir("rubrics"))
LINTER = Linter(RUBRIC)
GUESSER = LanguageGuesser(RUBRIC.lexicons)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Reduce churn from 3% to 2% by the end of the quarter", "en"),
        ("Øg NPS fra 30 til 45 blandt vores enterprise-kunder", "da"),
        ("Reducer churn fra 3 % til 2 % i Q3", "da"),
        ("Minska churn från 3 % till 2 % under kvartalet", "sv"),
        ("Wir senken die Churn-Rate von 3 % auf 2 %", "de"),
        ("Nostetaan NPS 30:stä 45:een vuoden loppuun mennessä", "fi"),
        ("Növeljük az NPS-t 30-ról 45-re", "hu"),
    ],
)
def test_a_sentence_is_told_its_language_with_english_okr_terms_inside(text, language):
    assert GUESSER.confident_language(text) == language
    assert text_language(text, RUBRIC.lexicons) == language


@pytest.mark.parametrize("text", ["Hire 2 engineers", "Churn", "NPS 45", "Onboarding flow live", "Vi hire 2 engineers"])
def test_short_or_mixed_texts_are_unsure(text):
    assert GUESSER.confident_language(text) is None


def test_one_word_shared_by_two_languages_counts_for_both():
    scores = GUESSER.scores("med")
    assert scores["da"] == scores["sv"] == 0.5
    assert GUESSER.scores("hos møder")["da"] > GUESSER.scores("hos møder")["sv"]


def _danish_set(kr: str, objective: str = "Bliv førstevalget for danske webshops", period: str | None = None) -> OkrSet:
    return OkrSet(language="da", period=period, objectives=[Objective(title=objective, key_results=[KeyResult(text=kr)])])


def test_an_english_key_result_in_a_danish_set_is_judged_with_english_words_and_reported():
    findings = LINTER.lint(_danish_set("Reduce churn from 3 % to 2 % by the end of the quarter"), "x.okr.yaml")
    codes = {f.code for f in findings if f.target == "key_result"}
    # English from–to and time frame are read: no missing baseline, no missing time frame.
    assert "OKR240" not in codes and "OKR210" not in codes
    mixed = [f for f in findings if f.code == "OKR309"]
    assert len(mixed) == 1 and mixed[0].evidence == "engelsk" and mixed[0].key_result_index == 0
    # The message speaks the set's language, the language's name too.
    assert mixed[0].message.startswith("Skrevet på engelsk, ikke på sættets sprog (dansk)")


def test_a_danish_key_result_with_english_terms_is_not_mixed():
    findings = LINTER.lint(_danish_set("Reducer churn og øg NPS for enterprise-kunder fra 30 til 45", period="2027-Q1"), "x")
    assert not [f for f in findings if f.code == "OKR309"]


def test_an_english_objective_in_a_german_set_is_reported_on_the_objective():
    okr_set = OkrSet(
        language="de",
        period="2027-Q1",
        objectives=[Objective(title="Become the first choice for all online shops in Europe", key_results=[KeyResult(text="Wir steigern die Wiederkaufrate von 18 % auf 25 %")])],
    )
    mixed = [f for f in LINTER.lint(okr_set, "x") if f.code == "OKR309"]
    assert [(f.target, f.objective_index, f.key_result_index) for f in mixed] == [("objective", 0, None)]


def test_an_objectives_time_frame_is_read_in_the_objectives_language():
    okr_set = _danish_set("Reduce churn from 3 % to 2 % for our enterprise customers", objective="Færre kunder forlader os inden udgangen af 2027")
    codes = {f.code for f in LINTER.lint(okr_set, "x")}
    assert "OKR210" not in codes and "OKR309" in codes


def test_an_undeclared_set_language_is_the_most_likely_one():
    okr_set = OkrSet(objectives=[Objective(title="Flere kunder vælger os", key_results=[KeyResult(text="Øg antallet af kunder fra 200 til 260 inden udgangen af året")])])
    assert LINTER.language_of(okr_set) == "da"
    assert LINTER.language_of(OkrSet(objectives=[Objective(title="NPS", key_results=[])])) == "en"


@pytest.mark.parametrize(
    ("language", "text", "verb"),
    [
        ("da", "launche den nye app", "launche"),
        ("sv", "deploya den nya tjänsten", "deploya"),
        ("de", "das neue portal deployen", "deployen"),
        ("fi", "launchataan uusi varausappi", "launchataan"),
        ("hu", "deployoljuk az új appot", "deployoljuk"),
    ],
)
def test_an_english_verb_takes_the_languages_own_endings(language, text, verb):
    lexicon = LINTER.lexicon_for(language)
    found = lexicon.search("english_milestone_verbs", text)
    assert found is not None and found.group() == verb


@pytest.mark.parametrize(("language", "text"), [("fi", "launchkatu"), ("hu", "deploynak"), ("de", "deployment")])
def test_an_english_stem_with_other_endings_is_not_the_verb(language, text):
    assert LINTER.lexicon_for(language).search("english_milestone_verbs", text) is None
