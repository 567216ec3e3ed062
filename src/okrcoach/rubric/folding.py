"""Reading text typed without diacritics ("kayttoon", "megduplazasa", "oppna", "durchfuhrung").

People type on keyboards without their language's letters, or in a hurry, and a Finnish "otetaan
käyttöön" arrives as "otetaan kayttoon". A lexicon's words carry the letters, so such a text would
match nothing of its language. A text whose letters are all ASCII, in a language whose lexicon names
letters of its own (`language_letters`), is read with the lexicon's *folded twin*: the same classes
and patterns with every letter reduced to its base letter ("ä" → "a", "ő" → "o", "ß" → "ss").

Folding merges words ("øg" (increase) and "og" (and) are both "og" in Danish). A folded class never
matches a function word of the language (stopwords, determiners, prepositions, subject words, copulas)
that the class did not match before folding: such a match comes from the folding alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields
from functools import partial

from .lexicon import LazyPatterns, Lexicon

# Letters that do not decompose into a base letter and a mark.
_SPECIAL = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "œ": "oe", "ð": "d", "þ": "th", "ł": "l"})

# Folded twins by the id of their lexicon (the lexicon is kept with its twin, so the id stays its own).
_TWINS: dict[int, tuple[Lexicon, Lexicon]] = {}


def fold(text: str) -> str:
    """`text` with every letter reduced to its base letter; ASCII stays as it is."""
    if text.isascii():
        return text
    text = text.translate(_SPECIAL)
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def needs_folding(text: str, lexicon: Lexicon) -> bool:
    """Whether `text` is written without its language's letters: letters, all ASCII, in a language
    whose lexicon has letters of its own."""
    return bool(lexicon.language_letters) and text.isascii() and any(c.isalpha() for c in text)


def folded(lexicon: Lexicon) -> Lexicon:
    """The folded twin of `lexicon` (built once; its classes are compiled on first use)."""
    known = _TWINS.get(id(lexicon))
    if known is not None and known[0] is lexicon:
        return known[1]
    function_words = sorted({w for words in (lexicon.stopwords, lexicon.determiners, lexicon.prepositions, lexicon.subject_words, lexicon.copulas) for w in words})
    regexes = LazyPatterns()
    for name in dict.keys(lexicon.regexes):
        regexes[name] = partial(_folded_source, lexicon, name, function_words)
    values = {f.name: getattr(lexicon, f.name) for f in fields(lexicon) if f.init and not f.name.startswith("_")}
    values.update(
        regexes=regexes,
        subject_words=[fold(w) for w in lexicon.subject_words],
        stopwords=frozenset(fold(w) for w in lexicon.stopwords),
        determiners=frozenset(fold(w) for w in lexicon.determiners),
        inverted_subjects=frozenset(fold(w) for w in lexicon.inverted_subjects),
        participle_endings=tuple(fold(w) for w in lexicon.participle_endings),
        copulas=frozenset(fold(w) for w in lexicon.copulas),
        prepositions=frozenset(fold(w) for w in lexicon.prepositions),
        irregular_participles=frozenset(fold(w) for w in lexicon.irregular_participles),
        language_endings=tuple(fold(w) for w in lexicon.language_endings),
        months=tuple(tuple(fold(f) for f in forms) for forms in lexicon.months),
        quarters=tuple(tuple(fold(f) for f in forms) for forms in lexicon.quarters),
        halves=tuple(tuple(fold(f) for f in forms) for forms in lexicon.halves),
        year_end=tuple(fold(f) for f in lexicon.year_end),
        first_chars={name: frozenset(fold(c)[:1] or c for c in chars) for name, chars in lexicon.first_chars.items()},
        # Gates, token gates and the mask split are built from the unfolded entries: the twin goes without.
        gates={},
        token_gates={},
        token_index=None,
        mask_starts=None,
    )
    twin = Lexicon(**values)
    _TWINS[id(lexicon)] = (lexicon, twin)
    return twin


def _source(lexicon: Lexicon, name: str) -> str:
    value = dict.get(lexicon.regexes, name)
    if callable(value):
        value = value()
    return value if isinstance(value, str) else value.pattern


def _folded_source(lexicon: Lexicon, name: str, function_words: list[str]) -> str:
    """The class's regex with its letters folded, kept from matching a function word of the language
    that it matched only through the folding ("og", "and", for "øg", "increase")."""
    source = _source(lexicon, name)
    folded_source = fold(source)
    if folded_source == source:
        return source
    try:
        before, after = re.compile(source), re.compile(folded_source)
    except re.error:
        return source  # a character range that folding turns around: the class keeps its letters
    merged = sorted({fold(w) for w in function_words if after.fullmatch(fold(w)) and not before.fullmatch(w)})
    if not merged:
        return folded_source
    return r"(?!(?:" + "|".join(re.escape(w) for w in merged) + r")(?![\w]))(?:" + folded_source + ")"
