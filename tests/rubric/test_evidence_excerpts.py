"""A finding quotes whole words of what the user wrote, and the part the finding is about.

Every rule's fail examples, in every language, are linted and each quoted evidence is found back in
the example: it must start and end between words (a quote cut inside a word reads as a bug), and a
long quote is shortened between words with an ellipsis.
"""

from __future__ import annotations

import pytest

from okrcoach.excerpt import clip, whole_words
from okrcoach.language_data import language_codes
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric
from okrcoach.rubric.findings import EVIDENCE_LIMIT
from tests.rule_examples import lint_example

RUBRIC = load_rubric(bundled_dir("rubrics"))
LINTER = Linter(RUBRIC)


def _splits_a_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def _quoted_parts(evidence: str) -> list[str]:
    """The runs of the user's words in a quote: an ellipsis stands where words were left out."""
    return [part.strip() for part in evidence.split("…") if part.strip()]


def _word_cuts(text: str, evidence: str) -> list[str]:
    cuts = []
    for part in _quoted_parts(evidence):
        at = text.find(part)
        if at < 0:
            continue  # a phrase of the rubric's own (a language's name, a count), not a quote
        if _splits_a_word(text, at) or _splits_a_word(text, at + len(part)):
            cuts.append(part)
    return cuts


@pytest.mark.parametrize("language", language_codes())
def test_every_rule_example_quotes_whole_words(language):
    cut = []
    for rule in RUBRIC.rules:
        examples = rule.examples.get(language)
        if examples is None:
            continue
        for example in examples.fail:
            if not isinstance(example, str):
                continue
            for finding in lint_example(example, rule.target, language, LINTER):
                if finding.evidence and finding.code.startswith("OKR"):
                    cut += [(finding.code, example, part) for part in _word_cuts(" ".join(example.split()), finding.evidence)]
    assert not cut, cut


def _key_result_set(text: str, language: str) -> OkrSet:
    return OkrSet(language=language, period="2026-Q3", objectives=[Objective(title="Make the warehouse safe", key_results=[KeyResult(text=text)])])


def test_a_counted_output_is_quoted_to_the_end_of_a_word():
    text = "Train 25 warehouse staff in the new forklift safety procedure and the updated evacuation plan"
    findings = [f for f in LINTER.lint(_key_result_set(text, "en"), "okr.yaml", "en") if f.code == "OKR221"]
    assert findings and findings[0].evidence == "Train 25 warehouse staff in the new"


# A level to hold every period, in each language: the quote keeps the level itself.
RECURRING = {
    "en": ("Every month at least 73% billable hours", "at least 73%"),
    "da": ("Hver måned mindst 73 % fakturerbare timer", "mindst 73 %"),
    "sv": ("Varje månad minst 73 % debiterbar tid", "minst 73 %"),
    "de": ("Jeden Monat mindestens 73 % abrechenbare Stunden", "mindestens 73 %"),
    "fi": ("Joka kuukausi vähintään 73 % laskutettavia tunteja", "vähintään 73 %"),
    "hu": ("Minden hónapban legalább 73% számlázható óra", "legalább 73%"),
}


@pytest.mark.parametrize("language", sorted(RECURRING))
def test_a_recurring_level_quotes_its_number(language):
    text, level = RECURRING[language]
    findings = [f for f in LINTER.lint(_key_result_set(text, language), "okr.yaml", language) if f.code == "OKR231"]
    assert findings, f"OKR231 should fire on {text!r}"
    assert level in findings[0].evidence
    assert level in findings[0].message


def test_long_evidence_keeps_its_start_and_end_and_cuts_between_words():
    text = "Launch the new onboarding portal for warehouse staff with video lessons, quizzes and a certificate by June"
    findings = [f for f in LINTER.lint(_key_result_set(text, "en"), "okr.yaml", "en") if f.code == "OKR201"]
    evidence = findings[0].evidence
    assert len(evidence) <= EVIDENCE_LIMIT
    head, tail = evidence.split(" … ")
    assert text.startswith(head) and text.endswith(tail)
    assert not _word_cuts(text, evidence)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Train 25 warehouse staff in the new forklift procedure", 34, "Train 25 warehouse staff in the…"),
        ("lessons, quizzes and more", 10, "lessons…"),
        ("a" * 50, 10, "a" * 9 + "…"),  # one word longer than the limit: nothing else fits
        ("short", 10, "short"),
        ("Every month, in every team, at least 73 %", 30, "Every month, in … least 73 %"),
    ],
)
def test_clip_cuts_between_words(text, limit, expected):
    assert clip(text, limit, keep_end="73" in text) == expected
    assert len(clip(text, limit, keep_end=True)) <= limit


def test_whole_words_widens_a_span_to_the_words_it_touches():
    text = "staff in the new forklift"
    assert whole_words(text, 0, 14) == (0, 16)
    assert whole_words(text, 7, 8) == (6, 8)
    assert whole_words(text, 13, 16) == (13, 16)


# A zero held under an objective that states the same absence: the quote names what is counted.
ZERO_HELD = {
    "en": ("Nobody gets hurt on site", "Zero lost-time injuries on site", "Zero lost-time injuries"),
    "da": ("Ingen kommer til skade på byggepladsen", "Nul arbejdsulykker med fravær på pladsen", "Nul arbejdsulykker"),
    "da-digit": ("Ingen kommer til skade på byggepladsen", "0 ulykker med fravær", "0 ulykker"),
    "da-after": ("Ingen kommer til skade på byggepladsen", "Arbejdsulykker med fravær: 0", "Arbejdsulykker med fravær: 0"),
    "de": ("Niemand verletzt sich auf der Baustelle", "Null Arbeitsunfälle mit Ausfallzeit", "Null Arbeitsunfälle"),
}


@pytest.mark.parametrize("case", sorted(ZERO_HELD))
def test_a_zero_held_quotes_what_it_counts(case):
    language = case.split("-")[0]
    title, text, quoted = ZERO_HELD[case]
    okr_set = OkrSet(language=language, period="2026-Q3", objectives=[Objective(title=title, key_results=[KeyResult(text=text)])])
    findings = [f for f in LINTER.lint(okr_set, "okr.yaml", language) if f.code == "OKR230"]
    assert findings, f"OKR230 should fire on {text!r} under {title!r}"
    assert findings[0].evidence == quoted
