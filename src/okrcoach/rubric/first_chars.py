"""The characters a regex's matches can start with, as a lookahead that skips every other place.

Python's regex engine scans a text fast for a pattern that starts with a literal or a character
class, but tries a pattern that starts with an assertion (`\\b`, `(?<![\\w.])`: most lexicon
patterns) in full at every position. A pattern class whose matches can only start with a few
characters (a placeholder starts with `n`, `x`, `t`, `?`, `$`, `<` or `[`) is searched as
`(?=[those])(?:pattern)`: the same matches, as no match starts anywhere else, with one cheap test
at each other position instead of every alternative. A pattern the engine already scans for by its
first character keeps that scan (a guard would hide it).
"""

from __future__ import annotations

import re

from okrcoach.regex_code import sre_constants as _sre
from okrcoach.regex_code import sre_parse as _sre_parse

# A guard that lets most characters through costs more than it saves.
_MAX_CHARACTERS = 24
_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s"}
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = tuple(op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op is not None)


class _Unknown(Exception):
    """Some match may start with a character the analysis cannot bound."""


def _first(items: list, chars: set[str], classes: set[str]) -> bool:
    """Add the first characters of a sequence's matches to `chars` (literal characters) and
    `classes` (`\\d`, `\\s`); True when the sequence can match the empty string."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # an assertion consumes nothing: the next item starts the match
        if op is _sre.LITERAL:
            chars.add(chr(av))
            return False
        if op is _sre.IN:
            for item_op, item in av:
                if item_op is _sre.LITERAL:
                    chars.add(chr(item))
                elif item_op is _sre.RANGE and item[1] - item[0] < _MAX_CHARACTERS:
                    chars.update(chr(c) for c in range(item[0], item[1] + 1))
                elif item_op is _sre.CATEGORY and item in _CATEGORIES:
                    classes.add(_CATEGORIES[item])
                else:
                    raise _Unknown
            return False
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown
            if not _first(list(sub.data), chars, classes):
                return False
            continue
        if op is getattr(_sre, "ATOMIC_GROUP", None):
            if not _first(list(av.data), chars, classes):
                return False
            continue
        if op is _sre.BRANCH:
            empty = False
            for alternative in av[1]:
                empty = _first(list(alternative.data), chars, classes) or empty
            if not empty:
                return False
            continue
        if op in _REPEATS:
            low, _high, sub = av
            if not _first(list(sub.data), chars, classes) and low > 0:
                return False
            continue
        raise _Unknown  # any character, a negated class, a back reference, …
    return True


def first_char_guard(source: str) -> str:
    """A lookahead for the characters every match of `source` starts with, or "" when they are
    unknown, too many to help, or a match may be empty (it would start with no character)."""
    try:
        parsed = _sre_parse.parse(source)
    except (re.error, RecursionError):
        return ""
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE | re.DOTALL):
        return ""
    if _scanned_by_prefix(list(parsed.data)):
        return ""
    chars: set[str] = set()
    classes: set[str] = set()
    try:
        if _first(list(parsed.data), chars, classes):
            return ""
    except (_Unknown, RecursionError):
        return ""
    if not chars and not classes or len(chars) > _MAX_CHARACTERS:
        return ""
    return "(?=[" + "".join(_escape(c) for c in sorted(chars)) + "".join(sorted(classes)) + "])"


def _scanned_by_prefix(items: list) -> bool:
    """Whether the engine already skips to where a match can start: the pattern starts with a
    character, a class, or alternatives that each start with a character."""
    while items and items[0][0] is _sre.SUBPATTERN and not items[0][1][1] and not items[0][1][2]:
        items = list(items[0][1][3].data)
    if not items:
        return False
    op, av = items[0]
    if op in (_sre.LITERAL, _sre.IN):
        return True
    return op is _sre.BRANCH and all(alternative.data and alternative.data[0][0] is _sre.LITERAL for alternative in av[1])


def _escape(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


def guarded(source: str) -> str:
    """`source` behind its first-character guard, when it has a useful one."""
    guard = first_char_guard(source)
    return f"{guard}(?:{source})" if guard else source
