"""A word class's literal gate never hides a match: `Lexicon.may_occur` says False only for a text
none of whose parts the class matches in.

The facts ask `may_occur` once before asking `match_at` of a class at many places of a text and
of parts cut from it (`TextFacts._label_number_spans`, `_signed_name_spans`, `_time_bound`), so
the gate is only right if every match of every entry holds one of the class's literal words
(`class_literals`) as written. These tests check that on the bundled lexicons (every word class
of every language, on each language's rule examples, parts of them and changes of them), on
hand-made entries of every form, and that a lexicon made from new entries gets gates too.
"""

from __future__ import annotations

import random

import pytest

from okrcoach.paths import bundled_dir
from okrcoach.rubric import load_rubric
from okrcoach.rubric.analysis import normalise
from okrcoach.rubric.lexicon import class_literals, compile_lexicon
from tests.rule_examples import example_texts

RUBRIC = load_rubric(bundled_dir("rubrics"))
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
_PUT_IN = [" 12 ", "3,5 %", "-", " no. ", " nr ", "\n", " at most ", "x", "é", "ő", "ä"]


def _texts(language: str) -> list[str]:
    """The language's rule examples normalised, parts cut from them (a part may start or end inside
    a word, as the facts' windows do), and examples joined with characters put in."""
    texts = [normalise(text) for text in example_texts(RUBRIC, language)]
    rng = random.Random(f"literal-gates-{language}")
    parts = []
    for text in texts:
        start = rng.randrange(0, len(text) + 1)
        parts.append(text[start : start + rng.randrange(1, 41)])
        joined = text + rng.choice(["", " ", "-"]) + rng.choice(texts)[: rng.randrange(1, 80)]
        at = rng.randrange(0, len(joined) + 1)
        parts.append(joined[:at] + rng.choice(_PUT_IN) + joined[at:])
    return texts + parts


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_closed_literal_gate_hides_no_match_of_its_class(language: str) -> None:
    lexicon = RUBRIC.lexicons[language]
    gated = [name for name in lexicon.literal_gates if lexicon.pattern(name) is not None]
    assert len(gated) > 40, "few word classes have a literal gate: the gate would hardly be tested"
    closed = 0
    for text in _texts(language):
        for name in gated:
            if not lexicon.may_occur(name, text):
                closed += 1
                assert lexicon.pattern(name).search(text) is None, (name, text)
    assert closed, "the gate never closed: nothing was tested"


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("launch", "we launched it"),  # a word and the class's suffix
        ("set up", "sets  up a board"),  # a phrase, the suffix on its first word, any space between
        ("blog post", "three blog posts"),  # a noun phrase, the suffix on its last word
        ("=no.", "mill no. 2"),  # an exact word
        ("kehit*", "kehittämisen"),  # a stem
        ("*möte", "kickoffmöten"),  # a compound's ending, with the suffix
        ("*möte*", "kickoffmötesrum"),  # an open compound ending
    ],
)
def test_every_form_of_entry_keeps_its_literal_words(entry: str, text: str) -> None:
    data = {"language": "xx", "suffixes": {"verb": "(?:s|ed|ing)?", "noun": "(?:s|n|ns)?"}, "classes": {"some_verbs": [entry], "some_nouns": [entry]}}
    lexicon = compile_lexicon(data)
    for name in ("some_verbs", "some_nouns"):
        match = lexicon.pattern(name).search(text)
        if match is None:
            continue  # the form belongs to the other kind of class
        assert lexicon.may_occur(name, text), (entry, name, text)
        assert lexicon.may_occur(name, match.group()), (entry, name, match.group())
    assert lexicon.pattern("some_verbs").search(text) or lexicon.pattern("some_nouns").search(text), "no class matched: nothing was tested"


def test_the_gate_closes_on_a_text_without_the_words() -> None:
    lexicon = compile_lexicon({"language": "xx", "classes": {"number_signs": ["=no.", "=nr", "=number"]}})
    assert not lexicon.may_occur("number_signs", "reach 40 customers in 2 regions")
    assert lexicon.may_occur("number_signs", "cnc mill nr 2")
    assert lexicon.may_occur("pattern_or_unknown_class", "any text")  # no literal words known: open


def test_literals_are_each_entrys_words_without_marks() -> None:
    literals = class_literals(["Launch", "set  up", "=no.", "kehit*", "*möte", "*möte*"])
    assert literals is not None
    for word in ("launch", "no.", "kehit", "möte"):
        assert word in literals
    assert "set" in literals or "up" in literals
