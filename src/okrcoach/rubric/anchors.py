"""Literal pre-checks: the few characters a class's match must begin with, so a text without any
of them is answered "no match" without running the class's regex.

Most word classes and patterns find nothing in most texts, and a regex costs a scan of the text
even when it fails. Every match of a class begins with one of a small set of *anchors*: the first
two letters of a word ("ra" for "raise", "re" for "reduce"), when the match starts a word; else
its first character, or "a digit" / "a space" (`DIGIT`, `SPACE`). A text's keys (`text_keys`:
its characters, the first two letters of each of its words, and the two markers) are computed
once; a class none of whose anchors is among them cannot match, which a set lookup answers.

A word class's anchors come from its entries; a pattern's are read off its regex (`\\b` or
`(?<![\\w])` before two letters make a word start). A class whose first character cannot be told
(a pattern starting with `\\w` or `.`) has no anchors and is always searched. `Anchors.at_start`
says whether the anchors begin every match (so `match_at` can test the characters at a position);
a compound ending (`*möte`) only promises its first letter somewhere in the text.

The anchors of every class are worked out when the rubric is built and kept in the pre-built
rubric with the regex sources.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

try:  # Python 3.11+
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# Above this many possible starts, a class is searched without a pre-check.
_MAX_ANCHORS = 4000
# A character set larger than this (`[a-zäö…]`) is not spelled out character by character.
_MAX_SET = 64

# "A digit" and "a space" as the regex engine reads them (`\\d`, `\\s`): private-use characters, so
# a text that holds one only makes the check weaker.
DIGIT = "\ue000"
SPACE = "\ue001"
# "A space at the very start": what `^\\s*` can begin with.
LEADING_SPACE = "\ue002"
_MARKERS = (DIGIT, SPACE, LEADING_SPACE)
_HAS_DIGIT = re.compile(r"\d")
_HAS_SPACE = re.compile(r"\s")
_IS_WORD = re.compile(r"\w")
# The first two letters of every word (one, for a one-letter word), as the regex engine reads words.
_WORD_STARTS = re.compile(r"(?<!\w)\w\w?")


class Anchors(NamedTuple):
    """What every match of a class begins with: single characters (anywhere in the text),
    two-letter word starts, `DIGIT` or `SPACE`; all at the match's start when `at_start`."""

    keys: frozenset[str]
    at_start: bool


def text_keys(text: str) -> frozenset[str]:
    """A text's characters, the first two letters of each of its words, and `DIGIT`/`SPACE` when
    it holds a digit or a space: what `Anchors.keys` are looked up in."""
    keys = set(text)
    keys.update(_WORD_STARTS.findall(text))
    if _HAS_DIGIT.search(text):
        keys.add(DIGIT)
    if _HAS_SPACE.search(text):
        keys.add(SPACE)
        if _HAS_SPACE.match(text):
            keys.add(LEADING_SPACE)
    return frozenset(keys)


def may_match(anchors: Optional[Anchors], keys: frozenset[str]) -> bool:
    """Whether a text with these keys can hold a match (always, when the class has no anchors)."""
    return anchors is None or not anchors.keys.isdisjoint(keys)


def may_match_at(anchors: Optional[Anchors], text: str, pos: int) -> bool:
    """Whether a match can start at `pos` (always, when the anchors do not stand at the start)."""
    if anchors is None or not anchors.at_start:
        return True
    keys = anchors.keys
    return text[pos : pos + 2] in keys or text[pos : pos + 1] in keys or class_at(keys, text, pos)


def class_at(keys: frozenset[str], text: str, pos: int) -> bool:
    """Whether the character at `pos` is a digit or a space the anchors allow."""
    return (DIGIT in keys and _HAS_DIGIT.match(text, pos) is not None) or ((SPACE in keys or LEADING_SPACE in keys) and _HAS_SPACE.match(text, pos) is not None)


def _key(start: str, word_start: int) -> str:
    """The anchor for a match beginning with `start`: two letters when they start a word, else the
    first character (a space at the text's start, when the match can only start there)."""
    if len(start) >= 2 and word_start and _IS_WORD.match(start[0]) and _IS_WORD.match(start[1]):
        return start[:2]
    if start[:1] == SPACE and word_start == _TEXT_START:
        return LEADING_SPACE
    return start[:1]


# -- word classes -----------------------------------------------------------------------------------


def entry_anchors(entries: list[str]) -> Optional[Anchors]:
    """The anchors of a word class from its entries (`word`, `word*`, `*word`, `=word`, phrases).

    A class's matches start a word (`(?<![\\w])`), and the first word of an entry is literal up to
    the class's suffix, so its first two letters start every match of it; a compound ending
    (`*möte`) stands inside a word, so only its first letter is known to be in the text.
    """
    keys: set[str] = set()
    at_start = True
    for raw in entries:
        entry = " ".join(raw.strip().lower().split())
        compound = entry.startswith("*")
        entry = entry.lstrip("*=").rstrip("*")
        first = entry.split(" ")[0] if entry else ""
        if not first:
            return None
        if compound:
            at_start = False
            keys.add(first[:1])
        else:
            keys.add(_key(first, True))
    return Anchors(frozenset(keys), at_start)


def union(anchors: list[Optional[Anchors]]) -> Optional[Anchors]:
    """The anchors of several classes searched as one (None when any class has none)."""
    if not anchors or any(a is None for a in anchors):
        return None
    return Anchors(frozenset().union(*(a.keys for a in anchors)), all(a.at_start for a in anchors))  # type: ignore[union-attr]


# -- patterns -----------------------------------------------------------------------------------------


class _Unknown(Exception):
    """The pattern's characters cannot be compared literally (it ignores case)."""


_C = _sre_constants
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT} | ({_C.POSSESSIVE_REPEAT} if hasattr(_C, "POSSESSIVE_REPEAT") else set())
_ATOMIC = getattr(_C, "ATOMIC_GROUP", None)
_DIGITS = {_C.CATEGORY_DIGIT, _C.CATEGORY_UNI_DIGIT}
_SPACES = {_C.CATEGORY_SPACE, _C.CATEGORY_UNI_SPACE}
_WORDS = {_C.CATEGORY_WORD, _C.CATEGORY_UNI_WORD}
# Where an assertion puts the start of a match: nowhere known, at a word start (a letter after
# `\\b`, `^` in multi-line mode, `(?<![\\w])`) or at the start of the text (`^`, `\\A`).
_ANYWHERE, _WORD_START, _TEXT_START = 0, 1, 2
_WORD_EDGES = {_C.AT_BOUNDARY: _WORD_START, _C.AT_BEGINNING_LINE: _WORD_START, _C.AT_BEGINNING: _TEXT_START, _C.AT_BEGINNING_STRING: _TEXT_START}

Start = tuple  # (characters, whole, where the match starts: _ANYWHERE, _WORD_START or _TEXT_START)

# A character that cannot be told: the start so far is all that is known.
_OPEN = {("", False, _ANYWHERE)}


def pattern_anchors(source: str) -> Optional[Anchors]:
    """The anchors of a regular expression, read off its parse: the first two letters of a match
    that starts a word, else its first character, `DIGIT` or `SPACE`; None when a match may start
    with a character from an open class (`\\w`, `.`, `[^…]`), may be empty, or the pattern ignores case."""
    try:
        parsed = _sre_parse.parse(source)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE | re.MULTILINE):
            return None
        starts = _sequence(list(parsed), 2)
    except (_Unknown, re.error, RecursionError, TypeError, ValueError):
        return None
    keys = {_key(start, word_start) for start, _whole, word_start in starts}
    if not keys or "" in keys:
        return None
    return Anchors(frozenset(keys), True)


def _sequence(items: list, k: int) -> set[Start]:
    """Possible starts (up to `k` characters) of a sequence of parse items, each with whether it
    is all the sequence matches and whether a word-start assertion stands before it."""
    if not items:
        return {("", True, _ANYWHERE)}
    result: set[Start] = set()
    rest: Optional[set[Start]] = None
    for start, whole, word_start in _item(items[0], k):
        if whole and len(start) < k:
            if rest is None:
                rest = _sequence(items[1:], k)
            for more, more_whole, more_word_start in rest:
                if start and more[:1] in _MARKERS:
                    result.add((start, False, word_start))  # "a digit" or "a space" stands only first
                    continue
                joined = start + more
                result.add((joined[:k], more_whole and len(joined) <= k, word_start if start else max(word_start, more_word_start)))
        else:
            result.add((start[:k], False, word_start))
        if len(result) > _MAX_ANCHORS:
            raise _Unknown
    return result


def _item(item: tuple, k: int) -> set[Start]:
    op, av = item
    if op is _C.LITERAL:
        return {(chr(av), True, _ANYWHERE)}
    if op is _C.AT:
        return {("", True, _WORD_EDGES.get(av, _ANYWHERE))}
    if op is _C.ASSERT_NOT:
        direction, sub = av
        return {("", True, _WORD_START if direction < 0 and _is_word_class(list(sub)) else _ANYWHERE)}
    if op is _C.ASSERT:
        return {("", True, _ANYWHERE)}
    if op is _C.IN:
        starts: set[Start] = set()
        for kind, value in av:
            if kind is _C.LITERAL:
                starts.add((chr(value), True, _ANYWHERE))
            elif kind is _C.RANGE and value[1] - value[0] < _MAX_SET:
                starts.update((chr(c), True, _ANYWHERE) for c in range(value[0], value[1] + 1))
            elif kind is _C.CATEGORY and value in _DIGITS:
                starts.add((DIGIT, False, _ANYWHERE))
            elif kind is _C.CATEGORY and value in _SPACES:
                starts.add((SPACE, False, _ANYWHERE))
            else:
                return _OPEN  # a negated set, another category (`\\w`) or a wide range
        return starts if len(starts) <= _MAX_SET else _OPEN
    if op is _C.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & (re.IGNORECASE | re.VERBOSE | re.MULTILINE):
            raise _Unknown
        return _sequence(list(sub), k)
    if _ATOMIC is not None and op is _ATOMIC:
        return _sequence(list(av), k)
    if op is _C.BRANCH:
        result: set[Start] = set()
        for alternative in av[1]:
            result |= _sequence(list(alternative), k)
        return result
    if op in _REPEATS:
        low, high, sub = av
        # One repetition is whole only when there can be no second one.
        result = {(s, whole and high == 1, word_start) for s, whole, word_start in _sequence(list(sub), k)}
        if low == 0:
            result.add(("", True, _ANYWHERE))
        return result
    return _OPEN  # any character, a back-reference, …


def _is_word_class(items: list) -> bool:
    """Whether a lookbehind's content is one character class holding every word character
    (`(?<![\\w])`, `(?<!\\w)`, `(?<![\\w\\-])`): not preceded by a letter, so at a word start."""
    if len(items) != 1:
        return False
    op, av = items[0]
    return op is _C.IN and any(kind is _C.CATEGORY and value in _WORDS for kind, value in av) and not any(kind is _C.NEGATE for kind, _ in av)
