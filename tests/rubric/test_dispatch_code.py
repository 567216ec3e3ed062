"""The lexicon's regexes made by `dispatch_code` match exactly what `re.compile` makes of them.

`dispatch_code` spreads leading groups of alternatives over the rest of their alternative and gives
a pattern that starts with `\\b` or a look-behind the set of characters its matches start with,
so a search skips the places no match can start. Both must leave every search, iteration and
match the same: these tests compare the two on every class, literal gate and date-reader pattern of
every language, on the language's rule examples and changes of them, and check on small patterns
that the optimisation is really made (else the speed it exists for is silently lost).
"""

from __future__ import annotations

import random
import re

import pytest

from okrcoach import regex_code
from okrcoach.paths import bundled_dir
from okrcoach.rubric import load_rubric
from okrcoach.rubric.analysis import normalise
from okrcoach.rubric.lexicon import dispatch_code
from tests.rule_examples import example_texts

RUBRIC = load_rubric(bundled_dir("rubrics"))
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
_INFO_CHARSET = 4  # SRE_INFO_CHARSET in the info block's flags


def _dispatched(source: str) -> re.Pattern:
    return regex_code._pattern(source, regex_code.program(source, 0, dispatch_code))


def _sources(language: str) -> list[str]:
    lexicon = RUBRIC.lexicons[language]
    lexicon.regexes.resolve_sources()
    lexicon.resolve_gates()
    sources = {value if isinstance(value, str) else value.pattern for value in lexicon.regexes.values()}
    sources.add(lexicon.verb_gate_source())
    sources |= {source for gate in lexicon.gates.values() if gate for source in gate if source is not None}
    sources |= set(lexicon.date_reader().sources())
    return sorted(sources)


def _texts(language: str) -> list[str]:
    """The language's rule examples, cut and joined so words meet in new places, with digits,
    signs and line breaks put in."""
    texts = [normalise(text) for text in example_texts(RUBRIC, language)]
    rng = random.Random(f"dispatch-{language}")
    extra = []
    for _ in range(len(texts) // 2):
        joined = rng.choice(texts)[: rng.randrange(1, 60)] + rng.choice((" ", "-", "\n", ": ", "(")) + rng.choice(texts)[rng.randrange(0, 20) :]
        at = rng.randrange(0, len(joined) + 1)
        extra.append(joined[:at] + rng.choice(("", "12 ", "3,5 % ", "≥", "q3 ", "_", "2027-")) + joined[at:])
    return texts + extra


def _found(m: "re.Match | None"):
    return m and (m.span(), m.groupdict(), m.lastindex)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dispatched_programs_match_what_re_compiles(language: str) -> None:
    texts = _texts(language)
    for source in _sources(language):
        plain, fast = re.compile(source), _dispatched(source)
        assert (fast.pattern, fast.flags, fast.groups, fast.groupindex) == (plain.pattern, plain.flags, plain.groups, plain.groupindex)
        for text in texts:
            assert _found(fast.search(text)) == _found(plain.search(text)), (source[:80], text)
            assert _found(fast.search(text, 5)) == _found(plain.search(text, 5)), (source[:80], text)
            assert [_found(m) for m in fast.finditer(text)] == [_found(m) for m in plain.finditer(text)], (source[:80], text)
            for pos in (0, len(text) // 2):
                assert _found(fast.match(text, pos)) == _found(plain.match(text, pos)), (source[:80], text, pos)


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        (r"\b(?:every|each|per)\s+(?:day|week)\b", ["each week", "reach week", "per  day", "x every day"]),
        (r"(?<![\w])(?:launch|ship)(?:es|ed)?(?![\w])", ["we launched it", "relaunch", "ship", "shipshape ships"]),
        (r"(?<![\w.])x{1,}\s?%|\bn\d?\b", ["xx %", "x%", "a.x %", "n3 of", "in n"]),
        (r"\b(?:at least|no more than)\s+(?P<to>\d+)", ["at least 5", "no more than 12", "flat least 5"]),
        (r"(?:\bfoo|bar)(baz)?", ["foobaz", "xbarbaz", "afoo", "foo"]),
    ],
)
def test_hand_made_patterns_match_the_same(pattern: str, texts: list[str]) -> None:
    plain, fast = re.compile(pattern), _dispatched(pattern)
    for text in texts:
        assert _found(fast.search(text)) == _found(plain.search(text)), text
        assert [_found(m) for m in fast.finditer(text)] == [_found(m) for m in plain.finditer(text)], text


def _info_flags(source: str, code_of=None) -> int:
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    code = (code_of or (lambda p, f: __import__("re")._compiler._code(p, f)))(sre_parse.parse(source), 0)
    return code[2]


def test_a_word_start_pattern_gets_the_characters_its_matches_start_with() -> None:
    for source in (r"\b(?:every|each|per)\s+year\b", r"(?<![\w])(?:a(?:nalyse|udit)|build)(?![\w])", r"(?<![\w.])x+%|\bn\d"):
        assert not _info_flags(source) & _INFO_CHARSET  # re finds none: the pattern starts with an assertion
        assert _info_flags(source, dispatch_code) & _INFO_CHARSET, source


def test_no_start_set_where_a_match_can_start_anywhere() -> None:
    # An empty match, any character, a negated class or a case-blind pattern can start anywhere.
    for source in (r"\b(?:x|)", r"\b.x", r"\b[^a]x", r"(?i)\bfoo", r"\b(?:a|.)b"):
        assert not _info_flags(source, dispatch_code) & _INFO_CHARSET, source
        plain, fast = re.compile(source), _dispatched(source)
        for text in ("x", "foo FOO", "ab .b", "bx zx"):
            assert [_found(m) for m in fast.finditer(text)] == [_found(m) for m in plain.finditer(text)], (source, text)


def test_a_group_is_never_copied() -> None:
    # "(?:a|b)(c)" cannot be spread: group 1 would then stand twice.
    source = r"\b(?:a|b)(?P<x>c)"
    fast = _dispatched(source)
    assert fast.groupindex == {"x": 1}
    assert fast.search("zz bc").group("x") == "c"


def test_the_prebuilt_rubric_stores_dispatched_programs(tmp_path) -> None:
    import shutil

    from okrcoach.rubric import prebuilt

    folder = tmp_path / "rubrics"
    shutil.copytree(bundled_dir("rubrics"), folder, ignore=shutil.ignore_patterns("prebuilt*"))
    rubric = load_rubric(folder)
    assert prebuilt.dump(rubric, folder) is not None
    saved = dict(regex_code._PROGRAMS)
    try:
        regex_code._PROGRAMS.clear()
        loaded = prebuilt.load(folder)
        assert loaded is not None
        source = dict.get(loaded.lexicons["en"].regexes, "placeholder")
        assert isinstance(source, str)  # stored resolved
        assert regex_code._PROGRAMS[(source, 0)] == regex_code.program(source, 0, dispatch_code)
    finally:
        regex_code._PROGRAMS.clear()
        regex_code._PROGRAMS.update(saved)
