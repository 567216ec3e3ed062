"""A class searched through its token gate finds exactly what the whole class finds.

`TokenGated` searches a class without the entries none of whose beginnings starts a word of the
text (`TokenIndex`), so it is only right if every match of a gated entry starts a word with one of
the beginnings `word_entry_start` or `pattern_entry_starts` names, and if the rest keeps the whole
class's order. These tests check both on the bundled lexicons (every class of every language, on
each language's rule examples and changes of them, with digits, signs, other scripts' digits and
upper case put in), on hand-made entries, and that a lexicon made from new entries gets gates too.
"""

from __future__ import annotations

import random
import re

import pytest

from okrcoach.paths import bundled_dir
from okrcoach.rubric import load_rubric
from okrcoach.rubric.analysis import normalise
from okrcoach.rubric.lexicon import DELIVERABLE_CUES, TokenGated, compile_lexicon, pattern_entry_starts, word_entry_start
from tests.rule_examples import example_texts

RUBRIC = load_rubric(bundled_dir("rubrics"))
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
_PUT_IN = [" 12 ", "3,5 %", "-", " +", "٣", "２０", "\n", " Q3 ", "x", "a", "é", "ő", "ä"]


def _texts(language: str) -> list[str]:
    """The language's rule examples (as written and normalised), and examples cut, joined and with
    characters put in, so words start and end in new places."""
    raw = example_texts(RUBRIC, language)
    texts = [normalise(text) for text in raw] + raw[:40]
    rng = random.Random(f"token-gates-{language}")
    changed = []
    for _ in range(len(texts)):
        text = rng.choice(texts)[rng.randrange(0, 30) :] + rng.choice(["", " ", "-"]) + rng.choice(texts)[: rng.randrange(1, 80)]
        at = rng.randrange(0, len(text) + 1)
        changed.append(text[:at] + rng.choice(_PUT_IN) + text[at:])
    return texts + changed


_WORD_STARTS = re.compile(r"(?<!\w)\w")


def _found(m: "re.Match | None"):
    # Groups of entries left out are absent from the rest's match, not None: compare those set.
    return m and (m.span(), {k: v for k, v in m.groupdict().items() if v is not None})


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_token_gated_class_finds_what_the_whole_class_finds(language: str) -> None:
    lexicon = RUBRIC.lexicons[language]
    lexicon.resolve_token_gates()  # as the pre-built rubric has them
    lexicon._matchers.clear()
    gated = {name: lexicon._matcher(name) for name in list(lexicon.regexes)}
    gated = {name: m for name, m in gated.items() if isinstance(m, TokenGated)}
    assert len(gated) > 40, "few classes are token gated: the gate would hardly be tested"
    closed = 0
    for text in _texts(language):
        for name, pattern in gated.items():
            closed += not pattern.index.starts(text) & pattern.bit
            for pos in (0, 3):
                assert _found(pattern.search(text, pos)) == _found(pattern.full.search(text, pos)), (name, text, pos)
            # A match at a place (`match_at`), the text indexed: at the first words' starts too.
            for pos in (0, 3, *(m.start() for m in _WORD_STARTS.finditer(text, 1, 60))):
                assert _found(pattern.match(text, pos)) == _found(pattern.full.match(text, pos)), (name, text, pos)
            assert [_found(m) for m in pattern.finditer(text)] == [_found(m) for m in pattern.full.finditer(text)], (name, text)
    assert closed, "the gate never closed: nothing was tested"


@pytest.mark.parametrize("language", LANGUAGES)
def test_lexicon_search_gives_the_whole_class_match(language: str) -> None:
    # Through the public API, the gated search of several classes as `search_any` makes it.
    lexicon = RUBRIC.lexicons[language]
    lexicon.resolve_token_gates()
    lexicon._matchers.clear()
    union = re.compile(lexicon.union_source(DELIVERABLE_CUES))
    for text in _texts(language)[:300]:
        found, expected = lexicon.search_any(DELIVERABLE_CUES, text), union.search(text)
        assert (found and found.span()) == (expected and expected.span()), text


@pytest.mark.parametrize(
    ("entry", "starts"),
    [
        (r"\bby\s+\d+", {"by"}),
        (r"(?<!\w)kept (?:steady|stable)", {"kept"}),
        (r"(?<![\w.])v\d+", {"v"}),  # "v٣": `\d` is no ASCII digit after the first character
        (r"\b\dx", set("0123456789")),
        (r"\b(?:double|halve|twice)\b", {"doub", "halv", "twic"}),
        (r"\b\d+(?:[.,]\d+)?\s?x\b", set("0123456789")),
        (r"^(?:todo|tbd)", {"todo", "tbd"}),
        (r"\b[ab]c", {"ac", "bc"}),
        (r"\b(?:take|takes|took|taken)\s+place", {"take", "took"}),
        # A word start may follow a character that is no word character, or come later on.
        (r"(?:^|\s)(?:live|launched)\b", {"live", "laun"}),
        (r"^[^%]*?\b(?:ist|sind)\b", {"ist", "sind"}),
        (r"by\s+\d+", set("0123456789")),
        (r"(?:^|\s)[+-]\s?\d", set("0123456789")),
        (r"x\s?-\s?foo", {"foo"}),
        (r"by\d+", None),  # no word start: it may match inside a word
        (r"\d\s?(?:%|pp\b)", None),
        (r"[\s-]?(?:ms|s|sec)\b", None),  # the space may be missing: "5ms"
        (r"\b\w+ing\b", None),  # any word character
        (r"(?i)\bstable", None),  # a literal stands for its other cases too
        (r"(?a)\bfoo", None),  # under ASCII rules a word starts inside "éfoo"
        (r"\b(?:stable)?ly", None),  # may start with either
        (r"\b(?:the\s+)?team", None),  # the optional words may come first
        (r"(?<!\d[.,])\d+", None),  # the look-behind does not exclude a word character
        (r"(?:\bfoo|bar)", None),  # one path has no word start
    ],
)
def test_pattern_entry_starts(entry: str, starts) -> None:
    assert pattern_entry_starts(entry) == (frozenset(starts) if starts is not None else None)


@pytest.mark.parametrize(("entry", "start"), [("launch", "laun"), ("set up", "set"), ("=ok", "ok"), ("kick*", "kick"), ("e-mail", "e"), ("*möte", None), ("=%", None)])
def test_word_entry_start(entry: str, start) -> None:
    assert word_entry_start(entry) == start


def test_a_new_class_is_gated_and_keeps_compound_endings_and_order() -> None:
    lexicon = compile_lexicon(
        {
            "language": "xx",
            "suffixes": {"noun": "(?:s|en)?"},
            "classes": {"thing_nouns": ["widget", "gadget box", "*möte"]},
            "patterns": {"level": [r"\bkept (?:steady|stable)", r"(?<!\w)xy", r"\bx\w\w"]},
        }
    )
    assert lexicon._matcher("level") is not None and not isinstance(lexicon._matcher("level"), TokenGated)  # no index yet
    lexicon.resolve_token_gates()
    lexicon._matchers.clear()
    things, level = lexicon._matcher("thing_nouns"), lexicon._matcher("level")
    assert isinstance(things, TokenGated) and isinstance(level, TokenGated)
    assert things.failed is not None  # the compound ending is searched when no beginning is there
    assert lexicon.search("thing_nouns", "ett kickoffmöte").group() == "kickoffmöte"
    assert lexicon.search("thing_nouns", "two gadget boxen").group() == "gadget boxen"
    assert lexicon.search("thing_nouns", "nothing here") is None
    # The whole class tries its `\b` entries first: at "xyz" `\bx\w\w` wins over `(?<!\w)xy`.
    for text in ("xyz", "a xyz kept steady", "kept steady", "xy", "nothing"):
        assert _found(level.search(text)) == _found(level.full.search(text)), text


def test_a_digit_of_another_script_opens_a_gate_on_digits() -> None:
    # `\d` matches "٣" and "２" too: the ten ASCII digits stand for them in the gate.
    lexicon = compile_lexicon({"language": "xx", "patterns": {"times": [r"\b\d+\s?x\b"]}})
    lexicon.resolve_token_gates()
    assert isinstance(lexicon._matcher("times"), TokenGated)
    for text in ("grow 3x", "grow ٣x", "grow ２x", "ärger ٣x", "grow x"):
        for _ in range(2):  # the second search of a text goes through the gate
            assert _found(lexicon.search("times", text)) == _found(re.search(r"\b\d+\s?x\b", text)), text
    lexicon = compile_lexicon({"language": "xx", "patterns": {"version": [r"(?<![\w.])v\d", r"\b\dx"]}})
    lexicon.resolve_token_gates()
    assert isinstance(lexicon._matcher("version"), TokenGated)
    for text in ("v3 or 3x", "v٣", "٣x", "ärger v٣", "ärger ٣x", "vx"):
        for _ in range(2):
            assert _found(lexicon.search("version", text)) == _found(lexicon.pattern("version").search(text)), text


def test_the_prebuilt_rubric_holds_the_token_index_and_its_programs(tmp_path) -> None:
    import shutil

    from okrcoach import regex_code
    from okrcoach.rubric import prebuilt

    folder = tmp_path / "rubrics"
    shutil.copytree(bundled_dir("rubrics"), folder, ignore=shutil.ignore_patterns(prebuilt.FILE_NAME, "*.tmp"))
    assert prebuilt.dump(load_rubric(folder), folder) is not None
    loaded = prebuilt.load(folder)
    assert loaded is not None
    for language in LANGUAGES:
        lexicon = loaded.lexicons[language]
        assert lexicon.token_index is not None, language
        assert (lexicon.token_index.source, 0) in regex_code._PROGRAMS, language  # not compiled again per run
        gated = lexicon._matcher("done_states")
        assert isinstance(gated, TokenGated), language
        for text in ("all done", "nothing here", "nothing here"):
            assert _found(lexicon.search("done_states", text)) == _found(lexicon.pattern("done_states").search(text)), (language, text)
