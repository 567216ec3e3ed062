"""Drafting for a brief in another language than English, as small models answer it.

SmolLM2-135M and Gemma 3 270M, asked in an English prompt for a Danish, German or Hungarian set,
often answer in English. A set written wholly in English is no answer to a Danish brief even when
each of its short key results passes the rubric, so the brief checks name it, the repair round asks
for the brief's language, and such a draft is never called passed.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from okrcoach.drafting.drafter import Brief, Drafter, draft_text
from okrcoach.i18n import text
from okrcoach.settings import load_settings
from tests.fakes.openai_server import Reply

# Short English key results that pass the rubric on their own: an acquisition count and a
# from-to change whose start is in the brief.
ENGLISH = {"objectives": [{"title": "Happy webshop customers", "key_results": [{"text": "Win 40 new enterprise customers", "target": 40}, {"text": "Win 60 new webshop customers", "target": 60}]}]}

# (language, the brief, a draft in that language with English OKR terms that passes the rubric)
BRIEFS = [
    (
        "da",
        "Vi vil vokse blandt danske webshops og øge kundetilfredsheden",
        {"objectives": [{"title": "Bliv det naturlige valg for danske webshops", "key_results": [{"text": "Vind 40 nye enterprise-kunder"}, {"text": "Vind 60 nye webshop-kunder i Jylland"}]}]},
    ),
    (
        "de",
        "Wir wollen im Onlinehandel wachsen und mehr Stammkunden gewinnen",
        {"objectives": [{"title": "Die erste Wahl für Onlinehändler werden", "key_results": [{"text": "40 neue Enterprise-Kunden gewinnen"}, {"text": "60 neue Stammkunden im Onlineshop gewinnen"}]}]},
    ),
    (
        "hu",
        "Növelni szeretnénk a webáruházunk forgalmát és a visszatérő vásárlók arányát",
        {
            "objectives": [
                {"title": "A webáruházak első számú partnere leszünk", "key_results": [{"text": "40 új enterprise ügyfél megnyerése"}, {"text": "60 új visszatérő vásárló megnyerése a webáruházban"}]}
            ]
        },
    ),
    (
        "sv",
        "Vi vill växa bland svenska e-handlare och öka kundnöjdheten",
        {"objectives": [{"title": "Bli förstahandsvalet för svenska e-handlare", "key_results": [{"text": "Vinn 40 nya enterprise-kunder"}, {"text": "Vinn 60 nya kunder i webbutiken"}]}]},
    ),
    (
        "fi",
        "Haluamme kasvattaa verkkokaupan myyntiä ja parantaa asiakastyytyväisyyttä",
        {
            "objectives": [
                {"title": "Verkkokauppojen ensisijainen kumppani", "key_results": [{"text": "Hankitaan 40 uutta enterprise-asiakasta"}, {"text": "Hankitaan 60 uutta verkkokaupan asiakasta"}]}
            ]
        },
    ),
]


def drafter(fake, linter) -> Drafter:
    settings = load_settings({"base-url": fake.base_url, "model": "fake-model", "retries": 0, "timeout": 5, "repair-rounds": 1}, environ={})
    return Drafter(settings, linter)


def test_the_english_set_passes_on_its_own_so_only_the_language_check_can_catch_it(linter):
    """The premise: as an English set, the reply above is clean; the finding must come from the brief."""
    from okrcoach.model import KeyResult, Objective, OkrSet

    okr_set = OkrSet(
        period="2027-Q1", language="en", objectives=[Objective(title=o["title"], key_results=[KeyResult(text=k["text"], target=k["target"]) for k in o["key_results"]]) for o in ENGLISH["objectives"]]
    )
    assert not [f for f in linter.lint(okr_set, "draft", "en") if f.level.value != "info"]


@pytest.mark.parametrize(("language", "goal", "answer"), BRIEFS, ids=[b[0] for b in BRIEFS])
def test_an_english_answer_to_a_brief_in_another_language_is_never_passed(fake_openai, linter, language, goal, answer):
    fake_openai.script(Reply.data(ENGLISH), Reply.data(ENGLISH))
    result = asyncio.run(drafter(fake_openai, linter).draft(Brief(goal=goal, language=language, period="2027-Q1", objectives=1)))
    assert not result.passed
    notes = [n for n in result.notes if n.kind == "language"]
    assert len(notes) == 1
    said = notes[0].message_in(language)
    assert said == text("report.note-wrong-language", language, written="en", asked=language) and said != text("report.note-wrong-language", "en", written="en", asked=language)
    assert len(fake_openai.chat_requests) == 2, "the language is sent back for repair"
    reask = fake_openai.chat_requests[1]["messages"][-1]["content"]
    assert "it is written in English, not in" in reask and "Write every objective and key result in" in reask


@pytest.mark.parametrize(("language", "goal", "answer"), BRIEFS, ids=[b[0] for b in BRIEFS])
def test_a_repaired_answer_in_the_briefs_language_passes(fake_openai, linter, language, goal, answer):
    fake_openai.script(Reply.data(ENGLISH), Reply.data(answer))
    result = asyncio.run(drafter(fake_openai, linter).draft(Brief(goal=goal, language=language, period="2027-Q1", objectives=1)))
    assert result.passed, (result.notes, result.findings)
    assert result.okr_set.objectives[0].title == answer["objectives"][0]["title"]


@pytest.mark.parametrize(("language", "goal", "answer"), BRIEFS, ids=[b[0] for b in BRIEFS])
def test_english_okr_terms_in_the_briefs_language_are_no_language_problem(fake_openai, linter, language, goal, answer):
    fake_openai.script(Reply.data(answer))
    result = asyncio.run(drafter(fake_openai, linter).draft(Brief(goal=goal, language=language, period="2027-Q1", objectives=1)))
    assert result.passed and not result.notes
    assert len(fake_openai.chat_requests) == 1


@pytest.mark.parametrize(("language", "goal", "answer"), BRIEFS, ids=[b[0] for b in BRIEFS])
def test_the_unverified_mark_in_a_yaml_draft_speaks_the_sets_language(fake_openai, linter, language, goal, answer):
    extra = {"objectives": [dict(answer["objectives"][0], key_results=[dict(answer["objectives"][0]["key_results"][0], text=answer["objectives"][0]["key_results"][0]["text"] + " (47 %)")])]}
    fake_openai.script(Reply.data(extra), Reply.data(extra))
    result = asyncio.run(drafter(fake_openai, linter).draft(Brief(goal=goal, language=language, period="2027-Q1", objectives=1)))
    saved = draft_text(result, "yaml")
    numbers = [n.number for n in result.notes if n.kind == "unverified"]
    assert numbers
    mark = "  # unverified: " + text("report.unverified-mark", language, number=numbers[0]) + "\n"
    assert mark in saved, saved
    if language != "en":
        assert "is not in your brief or context" not in saved


# A model writes a number as a string in its language's way; with the fact in the brief's context.
NUMBERS = [
    ("da", "Vi har 1.200 aktive webshops og en tilfredshed på 4,1.", "Øg antallet af aktive webshops fra 1.200 til 1.500", "1.200", "1.500", "Hæv tilfredsheden fra 4,1 til 4,5", "4,1", "4,5"),
    ("de", "Wir haben 1.200 aktive Shops und eine Zufriedenheit von 4,1.", "Aktive Shops von 1.200 auf 1.500 steigern", "1.200", "1.500", "Zufriedenheit von 4,1 auf 4,5 steigern", "4,1", "4,5"),
    ("en", "We have 1,200 active shops and a satisfaction score of 4.1.", "Grow active shops from 1,200 to 1,500", "1,200", "1,500", "Raise the satisfaction score from 4.1 to 4.5", "4.1", "4.5"),
]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize(("language", "context", "text1", "base1", "target1", "text2", "base2", "target2"), NUMBERS, ids=[n[0] for n in NUMBERS])
def test_numbers_written_as_strings_are_read_as_the_drafts_language_writes_them(fake_openai, linter, stream, language, context, text1, base1, target1, text2, base2, target2):
    title = {"da": "Bliv det naturlige valg for webshops", "de": "Die erste Wahl für Onlinehändler werden", "en": "Become the first choice for webshops"}[language]
    reply = {"objectives": [{"title": title, "key_results": [{"text": text1, "baseline": base1, "target": target1}, {"text": text2, "baseline": base2, "target": target2}]}]}
    fake_openai.script(Reply.text(json.dumps(reply, ensure_ascii=False)), Reply.text(json.dumps(reply, ensure_ascii=False)))
    settings = load_settings({"base-url": fake_openai.base_url, "model": "fake-model", "retries": 0, "timeout": 5, "repair-rounds": 1, "mode": "json"}, environ={})
    partials: list = []
    brief = Brief(goal=title, language=language, period="2027-Q1", context=context, objectives=1)
    result = asyncio.run(Drafter(settings, linter).draft(brief, on_partial=partials.append if stream else None))
    krs = result.okr_set.objectives[0].key_results
    assert [(kr.baseline, kr.target) for kr in krs] == [(1200, 1500), (4.1, 4.5)]
    assert not [n for n in result.notes if n.kind in ("baseline", "start", "unverified")], result.notes
    assert result.passed, (result.notes, result.findings)
