"""Whether a model's rewrite is made of words of its language, or of words it made up.

A small model asked to rewrite a key result in Finnish or Hungarian can answer with fluent-looking
text of invented words ("Kuusimmelfa ainen, joka lukuikoljekkä …"); the rubric, which looks for
verbs, numbers and targets, cannot tell. What okrcoach knows of a language is its data: the
lexicon's word classes and lists (`rubrics/lexicons/<lang>.yaml`) and the sentences of its message
catalogue (`rubrics/messages/<lang>.yaml`). A word is known when that data lists it (with the
class's endings), or when it looks like a word of the data or of the user's own set (the same
start, for most of the shorter word: `tukipyynnöt`, `tukipyyntöjen`); a word another language's
data knows is a loanword (`forecast` in a German set), not an invented one. Every team writes words the
data lacks (its product, its domain), so a rewrite is judged against the set it belongs to: it is
refused only when it brings several unknown words and a clearly larger share of them than the set's
own text has for that data.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from okrcoach.i18n import catalog, parse
from okrcoach.language_data import bundled_languages, section
from okrcoach.rubric.cache import store_in_user_cache, user_cache_file

# A word: letters, with inner apostrophes or hyphens (`model's`, `e-mail`). Words of fewer than
# four letters (function words, `NPS`) and acronyms say nothing about made-up vocabulary.
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SHORTEST = 4
# The lexicon's lists of whole words, beside its `classes:` (entries with the class's endings).
_LISTS = ("stopwords", "subject_words", "determiners", "prepositions", "irregular_participles", "copulas", "inverted_subjects")
# The longest ending a listed stem may take (`kunde` → `kundernes`, `szám` → `számait`).
_ENDING = 6
# Two words look alike when they start the same for at least this many letters and this share
# of the shorter one (`tukipyynnöt`/`tukipyyntöjen`: 8 of 11), so inflections and compounds of a
# known word are known, and a made-up word that shares three letters with one is not.
_SAME_START, _SAME_SHARE = 4, 0.6
# The shortest end of a compound a lexicon lists (`*zufriedenheit`) that makes a word known; shorter
# entries are endings (`*lla`, `*hoz`) that any made-up word can have.
_COMPOUND_END = 5
# A rewrite is refused when at least this many of its words are unknown and their share exceeds the
# set's own share of unknown words by at least this much. Measured: no fixed version of the
# workshop library (288, six languages) and 708 of 715 real key results written by people (each
# as if it were a rewrite of itself in its own set, the set's other key results and objectives as
# the set) stay within these bounds; SmolLM2's invented Finnish and Hungarian (9-10 unknown words,
# 43-50 % of their words) do not. At a margin of 0.2 the Finnish reply sat within 0.02 of the bound
# and one more word in the lexicons let it through.
MIN_UNKNOWN, MARGIN = 4, 0.15


def words_of(text: str) -> list[str]:
    """The words of `text` that can show invented vocabulary, lower-cased."""
    return [w.lower() for w in (m.group() for m in _WORD.finditer(text)) if len(w) >= _SHORTEST and not w.isupper()]


@dataclass(frozen=True)
class Vocabulary:
    """What a language's data knows: whole words, stems (which take an ending) and compound ends."""

    words: frozenset[str]
    stems: frozenset[str]
    ends: frozenset[str]
    by_start: dict[str, tuple[str, ...]]
    """The words by their first `_SAME_START` letters: a like word can only be among those."""

    def knows(self, word: str, also: frozenset[str] = frozenset()) -> bool:
        """Whether the data (or `also`, the set's own words) knows `word`, or a compound of two
        words it knows (`asiakas` + `tyytyväisyys`)."""
        if self._knows(word, also):
            return True
        return any((word[:cut] in self.words or word[:cut] in self.stems or word[:cut] in also) and self._knows(word[cut:], also) for cut in range(_SHORTEST, len(word) - _SHORTEST + 1))

    def _knows(self, word: str, also: frozenset[str]) -> bool:
        if word in self.words or word in also:
            return True
        size = len(word)
        for cut in range(3, size + 1):
            if size - cut <= _ENDING and word[:cut] in self.stems:
                return True
        for start in range(1, size - 2):
            for end in range(start + _COMPOUND_END, size + 1):
                if size - end <= _ENDING and word[start:end] in self.ends:
                    return True
        return like_any(word, self.by_start.get(word[:_SAME_START], ())) or like_any(word, also)


def _same_start(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def like_any(word: str, words: Iterable[str]) -> bool:
    """Whether `word` looks like one of `words`: the same start for most of the shorter word, and
    no more after it than an ending (`tukipyynnöt`, `tukipyyntöjen`; not `luku`, `lukuikoljekkä`)."""
    for other in words:
        same = _same_start(word, other)
        if same >= max(_SAME_START, _SAME_SHARE * min(len(word), len(other))) and max(len(word), len(other)) - same <= _ENDING + 2:
            return True
    return False


def vocabulary(language: str) -> Vocabulary:
    """The words `language`'s lexicon and message catalogue hold (every bundled language's is
    built at once, or read from the user cache: `vocabularies`)."""
    return vocabularies().get(language) or _built(language)


@lru_cache(maxsize=1)
def vocabularies() -> dict[str, Vocabulary]:
    """Every language's vocabulary, read from the user cache when it was built from the same
    lexicons, catalogues and code, else built and stored there.

    Building them reads every lexicon class and catalogue template of six languages, about a
    second of CPU (more on a busy machine): a rewrite is judged against all six (a word another
    language knows is a loanword), so the first improve of every process paid it, stalling the
    TUI between the answer and the suggestion. From the cache it is a few milliseconds; the TUI
    also loads them on a thread while the AI is asked (`warm_up`)."""
    path = _cache_file()
    if path is not None:
        try:
            with path.open("rb") as handle:
                found = pickle.load(handle)
            if isinstance(found, dict) and all(isinstance(v, Vocabulary) for v in found.values()):
                return found
        except Exception:  # noqa: BLE001 - a missing, stale or broken cache is rebuilt
            pass
    built = {language: _built(language) for language in bundled_languages()}
    if path is not None:
        store_in_user_cache(path, "vocabulary", built)
    return built


def warm_up() -> None:
    """Load the vocabularies now (from a worker thread), so the first improve does not wait."""
    vocabularies()


def _cache_file() -> Optional[Path]:
    """Where the vocabularies built from the files in effect are cached; None when caching is off."""
    from okrcoach.language_data import lexicon_folders

    sources = [Path(__file__)]
    for folder in lexicon_folders():
        sources += sorted(folder.glob("*.yaml")) + sorted((folder.parent / "messages").glob("*.yaml"))
    return user_cache_file("vocabulary", sources)


def _built(language: str) -> Vocabulary:
    """The words `language`'s lexicon and message catalogue hold, read from their files."""
    words: set[str] = set()
    stems: set[str] = set()
    ends: set[str] = set()
    for key in _LISTS:
        listed = section(key).get(language)
        words.update(str(w).lower() for w in listed or [] if isinstance(w, str))

    def entry(raw: str) -> None:
        for token in raw.lower().split():
            if token.startswith("*"):
                ends.add(token.strip("*="))
            elif token.startswith("="):
                words.add(token[1:].rstrip("*"))
            elif _WORD.fullmatch(token.rstrip("*")):
                stems.add(token.rstrip("*"))

    def walk(value: Any) -> None:
        if isinstance(value, str):
            entry(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(section("classes").get(language) or {})
    said = catalog(language)
    for template in said.entries.values() if said is not None else ():
        for piece in _literal_text(template):
            words.update(words_of(piece))
    words = {w for w in words if len(w) >= _SHORTEST}
    by_start: dict[str, list[str]] = {}
    for word in sorted(words):
        by_start.setdefault(word[:_SAME_START], []).append(word)
    return Vocabulary(
        words=frozenset(words),
        stems=frozenset(s for s in stems if len(s) >= 3),
        ends=frozenset(e for e in ends if len(e) >= _COMPOUND_END),
        by_start={start: tuple(found) for start, found in by_start.items()},
    )


def _literal_text(template: str) -> list[str]:
    """A catalogue template's own words: its text and its plural and select branches, without
    parameter names or code in backticks."""
    try:
        nodes = parse(template)
    except ValueError:
        return []
    found: list[str] = []

    def walk(items: list) -> None:
        for node in items:
            if isinstance(node, str):
                found.append(re.sub(r"`[^`]*`", " ", node))
            elif isinstance(node, tuple) and node[0] in ("plural", "select"):
                for branch in node[2].values():
                    walk(branch)

    walk(nodes)
    return found


@dataclass(frozen=True)
class MadeUpWords:
    """A rewrite's words that neither the language's data nor the set knows, and the shares."""

    unknown: tuple[str, ...]
    share: float
    """Of the rewrite's words, the share that is unknown."""
    set_share: float
    """Of the set's own words, the share the language's data does not know."""

    @property
    def refused(self) -> bool:
        return len(self.unknown) >= MIN_UNKNOWN and self.share >= self.set_share + MARGIN


def made_up_words(rewrite: str, set_text: str, language: str) -> MadeUpWords:
    """How much of `rewrite` is words that neither `language`'s data nor the set (`set_text`: its
    titles and key results, the original among them) knows, against the set's own share."""
    known = vocabulary(language)
    own = words_of(set_text)
    seen = frozenset(own)
    rewritten = words_of(rewrite)
    # A word another language's data knows is a loanword (`forecast`, `social media` in a German
    # set), not an invented one.
    others = [vocabulary(other) for other in bundled_languages() if other != language]
    unknown = tuple(dict.fromkeys(w for w in rewritten if not known.knows(w, seen) and not any(data.knows(w) for data in others)))
    share = sum(1 for w in rewritten if w in unknown) / len(rewritten) if rewritten else 0.0
    # How much of the team's own vocabulary (its domain, its loanwords) the language's data lacks:
    # the share a rewrite in the team's words may have too.
    set_share = sum(1 for w in own if not known.knows(w)) / len(own) if own else 0.0
    return MadeUpWords(unknown=unknown, share=share, set_share=set_share)
