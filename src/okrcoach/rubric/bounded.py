"""Bounded repetition for lexicon patterns, so no pattern scans further than a key result is long.

A lexicon pattern such as `every year[^.]*?at least` or `\\d[\\d.,]*\\s*→` is tried at every
position of a text; with an unbounded `*` each try may scan to the end of the text, and a 40 KB
key result of digits took a minute. `bound_repetition` rewrites every unbounded quantifier
(`*`, `+`, `{m,}`) as a bounded one (`{0,N}`, `{1,N}`, `{m,N}`), so a try costs at most N
characters whatever the text. N is far above any real key result's phrase (the longest of 715
real key results is under 350 characters); lazy (`*?`) and possessive (`*+`) forms keep their
meaning.
"""

from __future__ import annotations

import re

# How far one repetition may reach: more than any phrase of a key result or objective.
REPEAT_LIMIT = 200

_COUNTED = re.compile(r"\{(\d*)(,?)(\d*)\}")


def bound_repetition(source: str, limit: int = REPEAT_LIMIT) -> str:
    """`source` with every unbounded quantifier given the upper bound `limit`.

    Escapes, character classes and group openers (`(?:`, `(?P<n>`, `(?<!` …) are copied as they
    are; a `{` that is not a quantifier stays a literal brace.
    """
    out: list[str] = []
    i, n = 0, len(source)
    after_quantifier = False
    while i < n:
        char = source[i]
        if char == "\\":
            end = i + 2
            if source.startswith("N{", i + 1):
                end = source.find("}", i) + 1 or n
            out.append(source[i:end])
            i, after_quantifier = end, False
            continue
        if char == "[":
            end = _class_end(source, i)
            out.append(source[i:end])
            i, after_quantifier = end, False
            continue
        if char == "(":
            if source.startswith("(?#", i):
                end = source.find(")", i) + 1 or n
                out.append(source[i:end])
                i = end
            elif source.startswith("(?", i):
                out.append("(?")
                i += 2
            else:
                out.append("(")
                i += 1
            after_quantifier = False
            continue
        if after_quantifier and char in "?+":
            out.append(char)  # lazy or possessive form of the quantifier just written
            i += 1
            after_quantifier = False
            continue
        if char == "*":
            out.append(f"{{0,{limit}}}")
            i, after_quantifier = i + 1, True
            continue
        if char == "+":
            out.append(f"{{1,{limit}}}")
            i, after_quantifier = i + 1, True
            continue
        if char == "?":
            out.append("?")
            i, after_quantifier = i + 1, True
            continue
        if char == "{":
            m = _COUNTED.match(source, i)
            if m and (m.group(1) or m.group(3)):
                low, comma, high = m.groups()
                if comma and not high:
                    out.append(f"{{{low or 0},{max(int(low or 0), limit)}}}")
                else:
                    out.append(m.group())
                i, after_quantifier = m.end(), True
                continue
        out.append(char)
        i, after_quantifier = i + 1, False
    return "".join(out)


def _class_end(source: str, start: int) -> int:
    """The index just past the `]` closing the character class that opens at `start`."""
    i = start + 1
    if i < len(source) and source[i] == "^":
        i += 1
    if i < len(source) and source[i] == "]":
        i += 1  # a `]` first in a class is a literal
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "]":
            return i + 1
        i += 1
    return len(source)


def is_bounded(source: str) -> bool:
    """Whether a pattern has no unbounded quantifier (what `bound_repetition` would change)."""
    return bound_repetition(source, REPEAT_LIMIT) == source


__all__ = ["REPEAT_LIMIT", "bound_repetition", "is_bounded"]
