"""The rubric decides whether a model's rewrite replaces what the user wrote, in every language.

A rewrite is applied only if it is one key result (not several sentences, lines or a list), in
the set's language, keeps the key result's numbers unless a finding asks for another metric, and
has no more warnings and errors than the original. Otherwise it is refused with the reasons in
the set's language, and neither `improve --write` nor the TUI's accept puts it in place. The
replies here are written for these tests; recorded real ones are replayed in test_cassettes.py.
"""

from __future__ import annotations

import asyncio

import pytest

from okrcoach.drafting.drafter import Drafter
from okrcoach.drafting.responses import item_parts
from okrcoach.i18n import text
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.rubric import TextFacts
from okrcoach.settings import load_settings
from tests.fakes.openai_server import Reply

# Per language: an objective, a from-to key result, an activity the rubric flags, one good
# rewrite of the activity (one sentence, no new numbers), a rewrite of two sentences, a rewrite
# of the from-to key result that drops its starting value, and one sentence with a date (in
# German the day's dot stands before a capitalised month, and ends no sentence).
SETS = {
    "en": {
        "objective": "Customers love our support",
        "outcome": "Raise NPS from 31 to 45",
        "activity": "Analyse support tickets",
        "good": "Raise the share of tickets solved on first contact to 45 %",
        "two": "Raise the share of tickets solved on first contact to 45 %. Then publish the analysis for everyone.",
        "dropped": "Raise NPS to 45 among support customers",
        "dated": "Raise NPS from 31 to 45 by June 30, 2027. ",
    },
    "da": {
        "objective": "Kunderne elsker vores support",
        "outcome": "Hæv NPS fra 31 til 45",
        "activity": "Analysér supporthenvendelserne",
        "good": "Hæv andelen af henvendelser løst ved første kontakt til 45 %",
        "two": "Hæv andelen af henvendelser løst ved første kontakt til 45 %. Derefter deler vi analysen med alle.",
        "dropped": "Hæv NPS til 45 blandt supportkunderne",
        "dated": "Hæv NPS fra 31 til 45 inden 30. juni 2027",
    },
    "sv": {
        "objective": "Kunderna älskar vår support",
        "outcome": "Höj NPS från 31 till 45",
        "activity": "Analysera supportärendena",
        "good": "Höj andelen ärenden som löses vid första kontakten till 45 %",
        "two": "Höj andelen ärenden som löses vid första kontakten till 45 %. Sedan delar vi analysen med alla.",
        "dropped": "Höj NPS till 45 bland supportkunderna",
        "dated": "Höj NPS från 31 till 45 senast 30 juni 2027.",
    },
    "de": {
        "objective": "Unsere Kunden lieben unseren Support",
        "outcome": "NPS von 31 auf 45 steigern",
        "activity": "Supporttickets analysieren",
        "good": "Anteil der beim ersten Kontakt gelösten Tickets auf 45 % steigern",
        "two": "Anteil der beim ersten Kontakt gelösten Tickets auf 45 % steigern. Danach teilen wir die Analyse mit allen.",
        "dropped": "NPS bei Supportkunden auf 45 steigern",
        "dated": "NPS von 31 auf 45 steigern bis zum 30. Juni",
    },
    "fi": {
        "objective": "Asiakkaat rakastavat tukeamme",
        "outcome": "Nostetaan NPS 31:stä 45:een",
        "activity": "Analysoidaan tukipyynnöt",
        "good": "Nostetaan ensimmäisellä yhteydenotolla ratkaistujen tukipyyntöjen osuus 45 %:iin",
        "two": "Nostetaan ensimmäisellä yhteydenotolla ratkaistujen tukipyyntöjen osuus 45 %:iin. Sitten jaetaan analyysi kaikille.",
        "dropped": "Nostetaan tukiasiakkaiden NPS 45:een",
        "dated": "Nostetaan NPS 31:stä 45:een 30. kesäkuuta 2027 mennessä",
    },
    "hu": {
        "objective": "Az ügyfeleink imádják a supportunkat",
        "outcome": "Az NPS emelése 31-ről 45-re",
        "activity": "A supportjegyek elemzése",
        "good": "Az első kapcsolatfelvételkor megoldott jegyek arányának emelése 45 %-ra",
        "two": "Az első kapcsolatfelvételkor megoldott jegyek arányának emelése 45 %-ra. Utána megosztjuk az elemzést mindenkivel.",
        "dropped": "A supportügyfelek NPS-ének emelése 45-re",
        "dated": "Az NPS emelése 31-ről 45-re 2027. június 30-ig",
    },
}
LANGUAGES = tuple(SETS)


def okr_set(language: str) -> OkrSet:
    words = SETS[language]
    return OkrSet(
        period="2027-Q1",
        language=language,
        objectives=[Objective(title=words["objective"], key_results=[KeyResult(text=words["outcome"]), KeyResult(text=words["activity"])])],
    )


def improve(fake, linter, language: str, kr: int, *replies: dict):
    fake.script(*(Reply.data(reply) for reply in replies))
    settings = load_settings({"base-url": fake.base_url, "model": "fake-model", "retries": 0, "timeout": 5, "repair-rounds": len(replies) - 1}, environ={})
    return asyncio.run(Drafter(settings, linter).improve(okr_set(language), 0, kr))


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_sentence_is_one_part_and_two_sentences_lines_or_a_list_are_more(linter, language):
    words = SETS[language]
    lexicon = linter.lexicon_for(language)

    def parts(sentence: str) -> int:
        return item_parts(sentence, TextFacts(sentence, lexicon).masked)

    assert parts(words["good"]) == 1
    assert parts(words["good"] + ".") == 1, "a full stop at the end ends the one sentence"
    assert parts(words["dated"]) == 1, "a date's dot (German: before a capitalised month) ends no sentence"
    assert parts(words["two"]) == 2
    assert parts(words["good"] + "\n" + words["outcome"]) == 2, "two lines are two key results"
    assert parts(f"- {words['good']}\n- {words['outcome']}") == 2, "a list is as many key results as it has items"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_good_rewrite_in_the_sets_language_is_applied(fake_openai, linter, language):
    improvement = improve(fake_openai, linter, language, 1, {"text": SETS[language]["good"]})
    assert not improvement.remaining, improvement.remaining_said
    assert improvement.okr_set.objectives[0].key_results[1].text == SETS[language]["good"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_sentences_are_refused_with_the_reason_in_the_sets_language(fake_openai, linter, language):
    improvement = improve(fake_openai, linter, language, 1, {"text": SETS[language]["two"]})
    assert improvement.remaining, "several sentences are not one key result"
    assert text("report.improve-not-one", language, count=2, kind="key-result") in improvement.remaining_said
    assert "sentences or lines" in improvement.remaining, "the model is told in the prompts' English"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rewrite_of_several_lines_is_refused(fake_openai, linter, language):
    words = SETS[language]
    improvement = improve(fake_openai, linter, language, 1, {"text": f"{words['good']}\n{words['good']}"})
    assert text("report.improve-not-one", language, count=2, kind="key-result") in improvement.remaining_said


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_an_english_rewrite_of_a_key_result_in_another_language_is_refused(fake_openai, linter, language):
    improvement = improve(fake_openai, linter, language, 1, {"text": "Raise the share of tickets we solve on the first contact to 45 % by the end of the quarter"})
    assert improvement.remaining
    said = "\n".join(improvement.remaining_said)
    assert text("phrases.language-name", language, language="en") in said, said


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rewrite_that_drops_the_key_results_numbers_is_refused(fake_openai, linter, language):
    improvement = improve(fake_openai, linter, language, 0, {"text": SETS[language]["dropped"]})
    assert improvement.remaining
    assert text("report.improve-number-dropped", language, number="31") in improvement.remaining_said
    assert improvement.okr_set.objectives[0].key_results[0].text == SETS[language]["dropped"], "the set as it would be, for the TUI to show"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rewrite_with_more_findings_than_the_original_is_refused(fake_openai, linter, language):
    # The original has no finding; the rewrite loses its starting value, which the rubric flags
    # (a baseline finding, which is never sent back for repair, so only this comparison refuses it).
    improvement = improve(fake_openai, linter, language, 0, {"text": SETS[language]["dropped"]})
    worse = text("report.improve-worse", language, errors=0, warnings=1, errors_before=0, warnings_before=0)
    assert worse in improvement.remaining_said
    assert any(line.startswith("OKR240 ") for line in improvement.remaining_said), "the new finding is named"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_model_is_asked_again_with_the_reasons_and_a_good_second_answer_is_applied(fake_openai, linter, language):
    words = SETS[language]
    improvement = improve(fake_openai, linter, language, 1, {"text": words["two"]}, {"text": words["good"]})
    assert not improvement.remaining
    assert improvement.suggestion.text == words["good"]
    reask = fake_openai.chat_requests[1]["messages"][-1]["content"]
    assert "sentences or lines, not one key result" in reask


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_a_reason_written_in_english_is_not_shown_in_another_languages_session(fake_openai, linter, language):
    words = SETS[language]
    english = "The new key result measures the outcome that the analysis of the tickets should change"
    improvement = improve(fake_openai, linter, language, 1, {"text": words["good"], "rationale": english})
    assert not improvement.remaining
    assert improvement.rationale == "", "an English explanation in a session in another language is left out"
    assert improvement.suggestion.rationale == english, "what the model said is kept"
    own = improve(fake_openai, linter, language, 1, {"text": words["good"], "rationale": words["two"]})
    assert own.rationale == words["two"], "a reason in the set's language is shown"
