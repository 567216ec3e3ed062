"""A pattern class searched through its literal gate finds exactly what the whole class finds.

`GatedPattern` searches a class without the entries whose required words are absent from the
text, so the gate is only right if every match of an entry contains one of the words
`entry_anchors` names, and if the rest of the class tries its entries in the whole class's order.
These tests check both on the bundled lexicons (every gated class of every language, on each
language's rule examples and changes of them), on hand-made entries, and that `search_any` gives
the union's match.
"""

from __future__ import annotations

import random
import re

import pytest

from okrcoach.paths import bundled_dir
from okrcoach.rubric import load_rubric
from okrcoach.rubric.analysis import normalise
from okrcoach.rubric.lexicon import DELIVERABLE_CUES, GatedPattern, compile_lexicon, entry_anchors
from tests.rule_examples import example_texts

RUBRIC = load_rubric(bundled_dir("rubrics"))
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")


def _texts(language: str) -> list[str]:
    """The language's rule examples, and examples joined and cut so words meet in new places."""
    texts = [normalise(text) for text in example_texts(RUBRIC, language)]
    rng = random.Random(f"gates-{language}")
    joined = [rng.choice(texts)[: rng.randrange(1, 60)] + " " + rng.choice(texts)[rng.randrange(0, 20) :] for _ in range(len(texts) // 2)]
    return texts + joined


def _found(m: "re.Match | None"):
    # Groups of entries left out are absent from the rest's match, not None: compare those set.
    return m and (m.span(), {k: v for k, v in m.groupdict().items() if v is not None})


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_gated_class_finds_what_the_whole_class_finds(language: str) -> None:
    lexicon = RUBRIC.lexicons[language]
    gated = {name: lexicon._literal_matcher(name) for name in list(lexicon.regexes)}
    gated = {name: m for name, m in gated.items() if isinstance(m, GatedPattern)}
    assert gated, "no pattern class is gated: the gate would never be tested"
    texts = _texts(language)
    for name, pattern in gated.items():
        for text in texts:
            for pos in (0, 4):
                assert _found(pattern.search(text, pos)) == _found(pattern.full.search(text, pos)), (name, text)
                assert _found(pattern.match(text, pos)) == _found(pattern.full.match(text, pos)), (name, text)
            assert [_found(m) for m in pattern.finditer(text)] == [_found(m) for m in pattern.full.finditer(text)], (name, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_match_of_a_gated_entry_contains_one_of_its_words(language: str) -> None:
    lexicon = RUBRIC.lexicons[language]
    texts = _texts(language)
    checked = 0
    for name, entries in _pattern_entries(language).items():
        for entry in entries:
            words = entry_anchors(entry)
            if not words:
                continue
            pattern = re.compile(entry)
            for text in texts:
                for m in pattern.finditer(text):
                    checked += 1
                    assert any(word in m.group() for word in words), (name, entry, m.group(), words)
    assert checked, f"no gated entry of {lexicon.language} matched an example"


def _pattern_entries(language: str) -> dict[str, list[str]]:
    import yaml

    folder = bundled_dir("rubrics") / "lexicons"
    entries: dict[str, list[str]] = {}
    for path in (folder / "common.yaml", folder / f"{language}.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, values in (data.get("patterns") or {}).items():
            entries.setdefault(name, []).extend(str(v) for v in values or [])
    return entries


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (r"\bas usual\b", {"as usual"}),
        (r"\b(?:stays?|remains?)\s+(?:above|below)\b", {"above", "below"}),
        # The parser factors "at a" out of the alternatives; what follows it is longer.
        (r"(?:\d|\bzero\b)[^.;]{0,60}?\b(?:at any time|at all times)\b", {"ny time", "ll times"}),
        (r"(?:foo)?bar\w+", {"bar"}),
        (r"(?i:stable) level", {" level"}),
        (r"\bno\b", None),  # too short to be worth a scan
        (r"(?i)stable", None),  # a literal stands for its other cases too
        (r"x(?=later)y", None),  # a look-ahead's words are not part of the match
        (r"(?:abc|d)", None),  # one branch needs no word of three letters
    ],
)
def test_entry_anchors(entry: str, words) -> None:
    assert entry_anchors(entry) == (frozenset(words) if words is not None else None)


def test_the_rest_keeps_the_order_of_the_whole_class() -> None:
    # The whole class tries the `\b` entries first (the first entry leads with `\b`), so at "xyz"
    # `\bx\w\w` wins over `(?<!\w)xy`; with the gated first entry left out, the rest must too.
    lexicon = compile_lexicon({"language": "xx", "patterns": {"level": [r"\bkept (?:steady|stable|level|constant)", r"(?<!\w)xy", r"\bx\w\w"]}})
    pattern = lexicon._literal_matcher("level")
    assert isinstance(pattern, GatedPattern) and pattern.rest is not None
    assert pattern.full.search("xyz").span() == (0, 3)
    for text in ("xyz", "a xyz kept steady", "kept steady", "xy"):
        assert _found(pattern.search(text)) == _found(pattern.full.search(text)), text
    assert pattern.search("xyz").span() == (0, 3)
    assert pattern.search("nothing here") is None


def test_search_any_gives_the_unions_match() -> None:
    for language in LANGUAGES:
        lexicon = RUBRIC.lexicons[language]
        union = re.compile(lexicon.union_source(DELIVERABLE_CUES))
        for text in _texts(language):
            found, expected = lexicon.search_any(DELIVERABLE_CUES, text), union.search(text)
            assert (found and found.span()) == (expected and expected.span()), (language, text)
