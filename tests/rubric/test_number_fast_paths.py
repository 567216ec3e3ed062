"""The fast paths of the number, date and masking facts find exactly what the plain ones find.

- masking in one pass (the lexicon's `mask_near_digits`) gives the spans of the mask tried at each
  word start shortly before a digit (`TextFacts._spans_near_digits`);
- masking with the mask split by first character (`Lexicon.mask_at`, `TextFacts._mask_spans`) gives
  the spans of the one pass, from any place on; the last word before a place read backwards
  (`_last_word`) is the one `_LAST_WORD` finds;
- a date reader that skips a text without any word its forms need (`needed`) skips only texts
  in which it would find no date form;
- a pattern class behind its first-character guard (`first_chars.guarded`) finds what the class
  alone finds.

Each is checked on every language's rule examples, cut and joined so words meet in new places, with
numbers, years, dates, signs and placeholders put in.
"""

from __future__ import annotations

import random
import re

import pytest

from okrcoach.model import KeyResult
from okrcoach.paths import bundled_dir
from okrcoach.rubric import KeyResultFacts, load_rubric
from okrcoach.rubric.analysis import TextFacts, _blank, normalise
from okrcoach.rubric.first_chars import first_char_guard, guarded
from tests.rule_examples import example_texts

RUBRIC = load_rubric(bundled_dir("rubrics"))
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
_INSERTS = (
    "42",
    "3,5 %",
    "1 200",
    "2027",
    "1999",
    "2027-03-31",
    "31.12.2027",
    "2027. 03. 31.",
    "q3 2027",
    "2027/q4",
    "h2",
    "#12",
    "@anna",
    "$5",
    "v2.1",
    "3rd",
    "24/7",
    "x %",
    "n5",
    "tbd",
    "??",
    "->",
    "→ 40",
    "(today 12)",
    "[n]",
    "kr 3:",
)


def _texts(language: str) -> list[str]:
    """The language's rule examples, examples cut and joined, and examples with numbers, dates,
    signs and placeholders put in at random places."""
    texts = [normalise(text) for text in example_texts(RUBRIC, language)]
    rng = random.Random(f"number-fast-paths-{language}")
    joined = [rng.choice(texts)[: rng.randrange(1, 60)] + " " + rng.choice(texts)[rng.randrange(0, 20) :] for _ in range(len(texts) // 2)]
    inserted = []
    for _ in range(len(texts)):
        words = rng.choice(texts).split()
        for _ in range(rng.randrange(1, 4)):
            words.insert(rng.randrange(0, len(words) + 1), rng.choice(_INSERTS))
        inserted.append(" ".join(words))
    return texts + joined + inserted


@pytest.mark.parametrize("language", LANGUAGES)
def test_masking_in_one_pass_blanks_what_the_mask_at_each_place_blanks(language: str) -> None:
    lexicon = RUBRIC.lexicons[language]
    assert lexicon.has("mask_near_digits")
    compared = 0
    for text in _texts(language):
        facts = KeyResultFacts(KeyResult(text=text), None, None, lexicon)
        plain = facts._spans_near_digits("mask")
        one_pass = [m.span() for m in lexicon.finditer("mask_near_digits", facts.lower) if m.end() > m.start()]
        assert one_pass == plain, text
        names = facts._name_number_spans() + facts._label_number_spans()
        structural = facts._year_spans() + names + facts._listed_after(names) + facts._issue_key_spans() + facts._outline_number_spans()
        structural += [m.span() for m in lexicon.finditer("example_bracket", facts.lower)]
        structural += facts._attribute_number_spans()
        spans = facts._without_standard_time(plain + structural) if re.search(r"\d", facts.lower) else []
        spans += [m.span() for m in lexicon.finditer("comment_bracket", facts.lower)]
        expected = _blank(facts.lower, spans)
        # A row's date cells are blanked after the mask (`KeyResultFacts.masked`); the mask itself is compared.
        assert TextFacts.masked.func(facts) == expected, text
        compared += bool(one_pass)
    assert compared > 20, "too few texts had anything masked for the comparison to mean much"


@pytest.mark.parametrize("language", LANGUAGES)
def test_masking_by_first_character_finds_what_the_one_pass_finds(language: str) -> None:
    lexicon = RUBRIC.lexicons[language]
    lexicon.resolve_mask_starts()
    assert isinstance(lexicon.mask_starts, dict), "the mask could not be split: the fast path is never used"
    by_start = lexicon.mask_at()
    assert by_start is not None
    near_digits = lexicon.pattern("mask_near_digits")
    found = 0
    for text in _texts(language) + [t.upper() for t in _texts(language)[:50]]:
        facts = KeyResultFacts(KeyResult(text=text), None, None, lexicon)
        for start in (0, 1, 5, 17):
            one_pass = [m.span() for m in near_digits.finditer(facts.lower, start) if m.end() > m.start()]
            assert facts._mask_spans(by_start, start) == one_pass, (text, start)
            found += bool(one_pass)
    assert found > 20, "too few texts had anything masked for the comparison to mean much"


@pytest.mark.parametrize(
    ("entries", "split"),
    [
        ([r"\bq[1-4]\b", r"\bby\s+\d{4}", r"\d{4}-\d{2}"], True),
        ([r"\bq[1-4]\b", r"\d*x"], True),  # may start with a digit or an `x`: kept for both
        ([r"\bq[1-4]\b", r"\d*"], False),  # may match nothing: one place and `finditer` differ
        ([r"(?i)q[1-4]", r"fy\d\d"], False),  # flags for the whole pattern: kept only whole
    ],
)
def test_the_mask_is_split_by_first_character_only_where_that_is_safe(entries: list[str], split: bool) -> None:
    from okrcoach.rubric.lexicon import _factored_union, mask_start_sources

    found = mask_start_sources(entries)
    assert (found is not None) == split
    if found is None:
        return
    table, sources = found
    whole = re.compile(_factored_union(entries))
    for text in ("q3 by 2027 q5 2027-03 x", "by 12 q1 12x 3-4 fy27", "bq1 q4x 1x"):
        for pos, char in enumerate(text):
            index = table.get(char, -1)
            part = whole if index == -1 else None if index is None else re.compile(sources[index])
            assert _span(part.match(text, pos) if part else None) == _span(whole.match(text, pos)), (text, pos)


def _span(m: "re.Match | None"):
    return m and m.span()


def test_the_last_word_read_backwards_is_the_one_the_pattern_finds() -> None:
    from okrcoach.rubric.analysis import _LAST_WORD, _last_word

    rng = random.Random("last-word")
    alphabet = ("a", "b", "é", "ő", "_", "1", "٣", "²", " ", "\t", "\n", "\u00a0", "-", ".", "Z", "ß")
    for _ in range(50000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))
        start = rng.randrange(0, len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        m = _LAST_WORD.search(text, start, end)
        assert _last_word(text, start, end) == (m.span() if m else None), (text, start, end)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_text_the_date_reader_skips_has_no_date_form(language: str) -> None:
    reader = RUBRIC.lexicons[language].date_reader()
    needed = reader._pattern("needed")
    assert needed is not None
    skipped = with_form = 0
    for text in _texts(language):
        kinds = reader.keys.kinds(text)
        if needed.search(text) is None:
            skipped += 1
            assert not kinds, (text, kinds)
        with_form += bool(kinds)
    assert skipped and with_form, "the texts must have dates and lack them"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_guarded_pattern_class_finds_what_the_class_alone_finds(language: str) -> None:
    lexicon = RUBRIC.lexicons[language]
    patterns = {}
    for name in list(lexicon.regexes):
        source = lexicon.pattern(name).pattern
        if source.startswith("(?=["):
            inner = source[source.index("])(?:") + 5 : -1]
            assert guarded(inner) == source, name
            patterns[name] = (lexicon.pattern(name), re.compile(inner))
    assert "placeholder" in patterns, sorted(patterns)
    for text in _texts(language):
        for name, (fast, plain) in patterns.items():
            assert _found(fast.search(text)) == _found(plain.search(text)), (name, text)
            assert [_found(m) for m in fast.finditer(text)] == [_found(m) for m in plain.finditer(text)], (name, text)
            for pos in (0, 3):
                assert _found(fast.match(text, pos)) == _found(plain.match(text, pos)), (name, text)


def _found(m: "re.Match | None"):
    return m and (m.span(), m.groupdict())


@pytest.mark.parametrize(
    ("source", "guard"),
    [
        (r"\b(?:tbd|tbc)\b|(?<![\w.])x{1,}\s?%|\?{2,}", r"(?=[?tx])"),
        (r"(?<!\w)(?:n|x)\d?\b|\[(?:n|x)\]", r"(?=[\[nx])"),
        (r"(?<![\d.,])(?P<from>\d[\d.,]*)\s*->", r"(?=[\d])"),
        (r"\b(?:a|b)?c", r"(?=[abc])"),  # an optional start: what follows can start the match too
        (r"\bx*", ""),  # may match nothing: it starts with no character
        (r"\b[^\W\d_]+\d", ""),  # any letter: too many to help
        (r"\b.x", ""),  # any character
        (r"\b(?i:ab)", ""),  # a letter stands for its other case too
        (r"tbd|xxx", ""),  # the engine already skips to a `t` or an `x`
        (r"[?x]y", ""),  # likewise to a `?` or an `x`
    ],
)
def test_first_char_guard(source: str, guard: str) -> None:
    assert first_char_guard(source) == guard
    fast, plain = re.compile(guarded(source)), re.compile(source)
    for text in ("tbd", "a xx %", "n5 posts", "[x] and ??", "from 12 -> 14", "bc", "c", "xx", "ab1", "Ab", "?x y"):
        assert [_found(m) for m in fast.finditer(text)] == [_found(m) for m in plain.finditer(text)], text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_date_forms_found_in_a_text_are_those_with_all_their_words_there(language: str) -> None:
    keys = RUBRIC.lexicons[language].date_reader().keys
    forms = [(kind, ((word, False),)) for word, kinds in keys.exact.items() for kind in kinds]
    forms += [(kind, ((stem, True),)) for entries in keys.stems.values() for stem, kind in entries]
    forms += [form for entries in keys.multi.values() for form in entries]
    forms += [(kind, words) for entries in keys.multi_stems.values() for _stem, kind, words in entries]
    assert any(len(words) > 1 for _kind, words in forms)
    for text in _texts(language):
        tokens = set(re.findall(r"[^\W_]+", text))
        expected = {kind for kind, words in forms if all(any(t.startswith(w) for t in tokens) if is_stem else w in tokens for w, is_stem in words)}
        assert keys.kinds(text) == expected, text


def test_the_year_pattern_finds_what_its_plain_form_finds() -> None:
    from okrcoach.rubric.analysis import _YEAR

    plain = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,]?\d)")
    rng = random.Random("years")
    for _ in range(20000):
        text = "".join(rng.choice(("19", "20", "2027", "1", "0", "9", ".", ",", " ", "a", "-")) for _ in range(rng.randrange(0, 10)))
        assert [m.span() for m in _YEAR.finditer(text)] == [m.span() for m in plain.finditer(text)], text


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (r"(?P<from>\d[\d.,]*)\s*(?:→|->|=>)\s*(?P<to>\d+)", {"→", "->", "=>"}),  # an arrow is rare in a text
        (r"\d+\s?%", None),  # a single ASCII sign is not
        (r"\b(?:to|up)\s+\d", None),  # nor is a short word
    ],
)
def test_an_arrow_gates_an_entry(entry: str, words) -> None:
    from okrcoach.rubric.lexicon import entry_anchors

    assert entry_anchors(entry) == (frozenset(words) if words is not None else None)
