"""The head verb found with the verb classes a text's first words allow is the one all classes find.

`TextFacts._verb_classes` leaves out the verb classes none of whose first words starts a word of the
masked text (`TokenIndex.starts`): such a class matches nowhere in it, so the head verb, and what
reads verbs at a place (`_passive_work`, `_done_participle`), must come out the same as when every
class is tried. Checked on every language's rule examples, cut and joined so words meet in new
places, and with English verbs put in.
"""

from __future__ import annotations

import random

import pytest

from okrcoach.model import KeyResult, Objective
from okrcoach.paths import bundled_dir
from okrcoach.rubric import KeyResultFacts, load_rubric
from okrcoach.rubric.analysis import _QUALIFIED_VERB_CLASSES
from tests.rule_examples import example_texts

RUBRIC = load_rubric(bundled_dir("rubrics"))
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
_ENGLISH = ("increase", "launch", "maintain", "hire", "run", "reduce", "ship", "win rate", "is deployed", "lead time")


def _texts(language: str) -> list[str]:
    texts = list(example_texts(RUBRIC, language))
    rng = random.Random(f"head-fast-paths-{language}")
    joined = [rng.choice(texts)[: rng.randrange(1, 60)] + " " + rng.choice(texts)[rng.randrange(0, 20) :] for _ in range(len(texts) // 2)]
    english = []
    for _ in range(len(texts) // 2):
        words = rng.choice(texts).split()
        words.insert(rng.randrange(0, min(3, len(words)) + 1), rng.choice(_ENGLISH))
        english.append(" ".join(words))
    return texts + joined + english


def _facts(text: str, lexicon, all_classes: bool) -> KeyResultFacts:
    facts = KeyResultFacts(KeyResult(text=text), Objective(title="Grow"), None, lexicon)
    if all_classes:
        facts.__dict__["_verb_classes"] = _QUALIFIED_VERB_CLASSES
    return facts


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_head_verb_is_the_same_with_the_classes_a_text_allows(language: str) -> None:
    lexicon = RUBRIC.lexicons[language]
    lexicon.resolve_token_gates()
    assert lexicon.token_index is not None
    left_out = 0
    for text in _texts(language):
        fast, plain = _facts(text, lexicon, False), _facts(text, lexicon, True)
        assert fast.head == plain.head, text
        assert fast._milestone_span == plain._milestone_span, text
        assert fast._passive_work() == plain._passive_work(), text
        assert fast._done_participle() == plain._done_participle(), text
        left_out += len(fast._verb_classes) < len(_QUALIFIED_VERB_CLASSES)
    assert left_out > 20, "too few texts left a class out for the comparison to mean much"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_key_result_reads_its_objective_from_the_objective_facts_given(language: str) -> None:
    from okrcoach.rubric.analysis import ObjectiveFacts

    lexicon = RUBRIC.lexicons[language]
    changes = 0
    for title in _texts(language)[:200]:
        objective = Objective(title=title)
        given = ObjectiveFacts(objective, None, lexicon, "en")
        kr = KeyResult(text="Serve 95 % of requests within 2 s")
        with_facts = KeyResultFacts(kr, objective, None, lexicon, objective_facts=given)
        alone = KeyResultFacts(kr, objective, None, lexicon)
        assert with_facts._objective_changes == alone._objective_changes, title
        changes += alone._objective_changes
    assert changes, "no objective named a change: the comparison would mean little"
