"""Every lexicon pattern is linear in its input: no text under the size limit can freeze a command.

A pattern with an unbounded repetition inside something tried at every position (`\\d[\\d.,\\s]*`
before an arrow, `[\\w-]*` before a compound ending) costs the square of the text: a 40 KB key
result of digits took a minute to lint, and one keystroke froze the TUI. Each word class and
each pattern class of every language is run here over adversarial strings of 100 KB (runs of
digits and separators, one endless word, hyphen chains, the language's own words back to back);
a linear scan takes milliseconds, a quadratic one minutes, so the bound is generous.
"""

from __future__ import annotations

import random
import re
import time
from functools import cache
from pathlib import Path

import pytest

from okrcoach.rubric.bounded import REPEAT_LIMIT, bound_repetition, is_bounded
from okrcoach.rubric.lexicon import load_lexicons

SIZE = 100_000
BOUND = 1.0  # CPU seconds for one class over one 100 KB string; a linear scan takes a few ms
# CPU time, not wall time: the machine may be busy with other work, which must not fail the test.
clock = time.process_time
LEXICONS = Path(__file__).resolve().parents[1] / "rubrics" / "lexicons"
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")


def _fill(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


# Shapes that make a backtracking engine retry: what a repetition can eat, then a miss at the end.
GENERAL = {
    "one long word": "a" * SIZE,
    "hyphen chain": _fill("a-"),
    "digits and spaces": _fill("1 "),
    "digits and dots": _fill("1."),
    "digits and commas": _fill("1,"),
    "digits and no-break spaces": _fill("1\u00a0"),
    "one long number": "1" * SIZE,
    "thousands": _fill("1 000 "),
    "spaces": " " * SIZE,
    "arrows": _fill("1 -> "),
    "percentages": _fill("1 % "),
    "open parentheses": _fill("( "),
    "words with digits": _fill("a1 "),
    "from and a number": _fill("from 1 "),
}


@cache
def lexicons():
    return load_lexicons(LEXICONS)


def _own_words(lexicon) -> list[str]:
    words: set[str] = set()
    for name in lexicon.regexes:
        pattern = lexicon.pattern(name)
        words.update(re.findall(r"[^\W\d_]{2,}", pattern.pattern.replace("\\s+", " ")))
    return sorted(words)


def _language_strings(lexicon) -> dict[str, str]:
    """The language's own words back to back, with and without spaces and numbers: every class
    starts a match at every word, and a pattern that scans on to a later word pays for it."""
    rnd = random.Random(lexicon.language)
    words = _own_words(lexicon)
    return {
        "own words": " ".join(rnd.choice(words) for _ in range(SIZE // 4))[:SIZE],
        "own words and numbers": " ".join(rnd.choice(words) if rnd.random() < 0.7 else str(rnd.randint(0, 99)) for _ in range(SIZE // 4))[:SIZE],
        "own words run together": "".join(rnd.choice(words) for _ in range(SIZE // 4))[:SIZE],
    }


def _slow(lexicon, name: str, cases: dict[str, str]) -> list[str]:
    pattern = lexicon.pattern(name)
    slow = []
    for shape, text in cases.items():
        started = clock()
        for _ in pattern.finditer(text):
            pass
        took = clock() - started
        if took > BOUND:
            slow.append(f"{lexicon.language} {name} on {shape}: {took:.1f} s")
    return slow


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_class_of_a_language_is_linear_on_100_kb(language):
    lexicon = lexicons()[language]
    own = _language_strings(lexicon)
    slow: list[str] = []
    for name in sorted(lexicon.regexes):
        slow += _slow(lexicon, name, GENERAL | own)
    assert not slow, "patterns slower than linear:\n" + "\n".join(slow)


def _kr(text: str) -> dict:
    return {"team": "T", "period": "2027-Q1", "objectives": [{"title": "Win the market", "key_results": [{"text": text}]}]}


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        _fill("1 ") + "→ 2",
        _fill("1.") + " -> 2",
        "Raise " + _fill("1 000 ") + " → ",
        "from " + _fill("1 ") + " to x",
    ],
    ids=["digits then arrow", "dots then arrow", "thousands then arrow", "from without to"],
)
def test_a_40_kb_from_to_key_result_is_linted_in_a_moment(text, linter):
    """The first release took 65 s on a 40 KB key result of this shape."""
    from okrcoach.model import OkrSet

    text = text[:40_000]
    for language in LANGUAGES:
        okr_set = OkrSet.model_validate(_kr(text) | {"language": language})
        started = clock()
        linter.lint(okr_set, "kr.okr.yaml")
        assert clock() - started < 5, f"{language}: a 40 KB key result took {clock() - started:.1f} s"


@pytest.mark.slow
def test_120_kb_of_unclosed_html_comments_reads_in_a_moment():
    """The first release took 39 s on this Markdown file."""
    from okrcoach.formats import read_text

    text = "# Sales 2027-Q1\n\n## Objective: Win the market\n\n- Raise revenue from 1 to 2\n" + _fill("<!-- ")[:120_000]
    started = clock()
    result = read_text(text, "s.okr.md", "md")
    assert clock() - started < 3
    assert result.okr_set is not None and result.okr_set.objectives
    assert any("comment" in issue.message for issue in result.issues), "the unclosed comment is reported"


def test_bound_repetition_bounds_every_unbounded_quantifier():
    assert bound_repetition(r"\d[\d.,]*\s*→") == rf"\d[\d.,]{{0,{REPEAT_LIMIT}}}\s{{0,{REPEAT_LIMIT}}}→"
    assert bound_repetition(r"a+?b*+c{2,}d{1,3}") == rf"a{{1,{REPEAT_LIMIT}}}?b{{0,{REPEAT_LIMIT}}}+c{{2,{REPEAT_LIMIT}}}d{{1,3}}"
    assert bound_repetition(r"[*+]\*\+(?:x)?(?P<n>y)(?#a*)\{") == r"[*+]\*\+(?:x)?(?P<n>y)(?#a*)\{", "classes, escapes, groups and comments stay"
    assert is_bounded(r"\d{1,4}(?:\s\d{3}){0,5}") and not is_bounded(r"\d+")


@pytest.mark.parametrize("source", [r"\d[\d.,]*\s?%", r"(?<![\w])[^\W\d_]+(?:vat|vät)", r"\bfrom\s+(?P<from>[^\s]*\d)"])
def test_bounded_patterns_match_what_the_unbounded_ones_match_on_real_lengths(source):
    bounded = re.compile(bound_repetition(source))
    for text in ("from 12,5 % to 14 %", "kehittävät", "8 % → 12 %", "from 100k"):
        assert [m.group() for m in re.finditer(source, text)] == [m.group() for m in bounded.finditer(text)]


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_40_kb_key_result_of_the_languages_own_words_is_linted_in_a_moment(language, linter):
    """Every rule at once, on the words its lexicon knows, as one key result and as its objective."""
    from okrcoach.model import OkrSet

    for shape, text in _language_strings(lexicons()[language]).items():
        text = text[:40_000]
        okr_set = OkrSet.model_validate({"language": language, "period": "2027-Q1", "objectives": [{"title": text[:4000], "key_results": [{"text": text}]}]})
        started = clock()
        linter.lint(okr_set, "kr.okr.yaml")
        assert clock() - started < 5, f"{language} {shape}: {clock() - started:.1f} s"
