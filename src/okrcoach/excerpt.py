"""Excerpts of a user's text for messages: whole words, on one line, shortened with an ellipsis.

A finding quotes the words that triggered it, and a reader's message quotes the line it could not
read. A quote cut inside a word ("… staff in the n") reads as a bug and can drop the very number
the message is about, so every excerpt is cut between words: `clip` shortens a long text at word
boundaries, keeping its start and, when there is room, its end ("Every month … at least 73 %"),
and `whole_words` widens a span found in a text to the words it touches.
"""

from __future__ import annotations

import re
from typing import Optional

ELLIPSIS = "…"
# Punctuation that reads badly right before an ellipsis ("lessons,…").
_TRAILING = ",;:-–—(/"
_LEADING = ",;:.)-–—/"


def one_line(text: Optional[str]) -> str:
    """`text` with every run of white space (newlines too) as one space."""
    if not text:
        return ""
    # Printable text has no white space but " " (`str.isprintable`): with no run of spaces and
    # none at either end it is already on one line (most quotes), and is its own answer.
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    return " ".join(text.split())


def _head(text: str, room: int) -> str:
    """The longest start of `text` that ends between words and fits in `room` characters."""
    if room <= 0:
        return ""
    if len(text) <= room:
        return text
    cut = text[: room + 1]
    at = cut.rfind(" ")
    head = cut[:at] if at > 0 else ""
    return head.rstrip().rstrip(_TRAILING).rstrip()


def _tail(text: str, room: int) -> str:
    """The longest end of `text` that starts between words and fits in `room` characters."""
    if room <= 0:
        return ""
    if len(text) <= room:
        return text
    cut = text[-room - 1 :]
    at = cut.find(" ")
    tail = cut[at + 1 :] if at >= 0 else ""
    return tail.lstrip().lstrip(_LEADING).lstrip()


def clip(text: Optional[str], limit: int, *, keep_end: bool = False) -> str:
    """`text` on one line, at most `limit` characters, cut between words with an ellipsis.

    With `keep_end` the middle goes instead of the end, so a quote keeps both its first words (the
    verb) and its last (where a matched phrase ends: the number, the level). Only a single word
    longer than the limit (a URL, a 400-digit number) is cut inside, as nothing else fits.
    """
    text = one_line(text)
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    if keep_end:
        middle = f" {ELLIPSIS} "
        room = limit - len(middle)
        tail = _tail(text, room * 2 // 5)
        head = _head(text, room - len(tail)) if tail else ""
        if head and tail:
            return head + middle + tail
    head = _head(text, limit - 1)
    if not head:
        return text[: limit - 1] + ELLIPSIS
    return head + ELLIPSIS


def _inside_word(text: str, at: int) -> bool:
    """Whether position `at` (between two characters) splits a word."""
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span `start:end` of `text` widened so it neither starts nor ends inside a word."""
    start, end = max(0, start), min(len(text), end)
    # Most spans already start and end between words: one look at each end decides (`_inside_word`).
    if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        while _inside_word(text, start):
            start -= 1
    if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        while _inside_word(text, end):
            end += 1
    return start, end


# A number right after a span: digits with grouping and decimals, and a percent or per-mille sign.
_NUMBER_AFTER = re.compile(r"\s*[-+−]?\d(?:[\d.,]|[\s\u00a0\u202f](?=\d{3}(?!\d)))*(?:[\s\u00a0]?[%‰])?")


def number_after(text: str, end: int) -> int:
    """Where a number that directly follows position `end` ends (`end` itself when none does)."""
    m = _NUMBER_AFTER.match(text, end)
    if not m:
        return end
    stop = m.end()
    while stop > end and text[stop - 1] in ".,":
        stop -= 1  # "at least 73." ends a sentence
    return whole_words(text, end, stop)[1]
