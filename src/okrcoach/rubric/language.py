"""Which of the rubric's languages a text is written in, from the lexicons' data.

Each lexicon lists its function words (`stopwords`), the letters that mark it
(`language_letters`) and typical word endings (`language_endings`). A word found in several
languages' lists counts for each of them, split between them, so "med" says Danish or Swedish
and "at" English or Danish. Nouns are not looked at: English OKR terms in a Danish sentence
("churn", "NPS", "onboarding") carry no function words and do not make it English.

Two questions are answered: which language a whole set is most likely in (a default is fine),
and whether one objective or key result is confidently in a language (None when unsure), which
decides whether it is judged with another language's words.
"""

from __future__ import annotations

import re
from typing import Optional

from .lexicon import Lexicon

_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_WORD_WEIGHT = 1.0
_MARK_WEIGHT = 0.5
# A text is confidently in a language when its score reaches this and leads the next language
# by the margin and the ratio below; one function word ("the", "og") is never enough.
_MIN_SCORE = 2.0
_MIN_MARGIN = 1.0
_MIN_RATIO = 2.0
# The most words a short clause has (an objective's title: "Win the Nordic market"): one function
# word among its first two is its evidence (`_opens_short_clause`).
_SHORT_CLAUSE = 6
# How many distinct words a guesser remembers the shares of before it starts again.
_KNOWN_TOKENS = 50_000


class LanguageGuesser:
    """Scores a text for each lexicon's language; built once per rubric, set lookups per word."""

    def __init__(self, lexicons: dict[str, Lexicon]) -> None:
        self.languages = tuple(lexicons)
        index = {language: i for i, language in enumerate(self.languages)}
        words: dict[str, list[int]] = {}
        letters: dict[str, set[int]] = {}
        endings: dict[str, set[int]] = {}
        for language, lexicon in lexicons.items():
            for word in lexicon.stopwords:
                words.setdefault(word, []).append(index[language])
            for letter in lexicon.language_letters:
                letters.setdefault(letter, set()).add(index[language])
            for ending in lexicon.language_endings:
                endings.setdefault(ending, set()).add(index[language])
        self._words = {word: tuple((i, _WORD_WEIGHT / len(langs)) for i in langs) for word, langs in words.items()}
        self._letters = {letter: frozenset(langs) for letter, langs in letters.items()}
        self._endings = tuple(sorted(endings.items(), key=lambda item: -len(item[0])))
        self._any_ending = tuple(endings)
        self._known: dict[str, tuple[tuple[int, float], ...]] = {}  # word -> its shares (`_token_shares`)

    def _score_list(self, text: str) -> list[float]:
        scores = [0.0] * len(self.languages)
        known = self._known
        for token in _TOKEN.findall(text.lower()):
            shares = known.get(token)
            if shares is None:
                shares = self._token_shares(token)
                if len(known) >= _KNOWN_TOKENS:
                    known.clear()  # a bound on memory; the shares are recomputed the same
                known[token] = shares
            for i, share in shares:
                scores[i] += share
        return scores

    def _token_shares(self, token: str) -> tuple[tuple[int, float], ...]:
        """What one word adds to each language's score: a function word's weight split between
        the languages that list it, else a long word's marked letters and ending. The same word
        always adds the same, so `_score_list` looks each word up once per guesser."""
        hits = self._words.get(token)
        if hits is not None:
            return hits
        if len(token) < 4:
            return ()
        marked: Optional[frozenset[int]] = None
        if not token.isascii():
            for char in token:
                langs = self._letters.get(char)
                if langs is not None:
                    # A word with ø and é can only be Danish: intersect what each letter allows.
                    marked = langs if marked is None else (marked & langs or marked | langs)
        if len(token) > 5 and token.endswith(self._any_ending):
            ending = next(frozenset(langs) for end, langs in self._endings if token.endswith(end))
            marked = ending if marked is None else (marked & ending or marked)
        if not marked:
            return ()
        share = _MARK_WEIGHT / len(marked)
        return tuple((i, share) for i in marked)

    def scores(self, text: str) -> dict[str, float]:
        """Evidence for each language: function words, marked letters and endings, shared ones split."""
        return dict(zip(self.languages, self._score_list(text)))

    def confident_language(self, text: str) -> Optional[str]:
        """The language the text is clearly written in, or None when the evidence is thin or mixed."""
        scores = self._score_list(text)
        best_index, best, second = -1, 0.0, 0.0
        for i, score in enumerate(scores):
            if score > best:
                best_index, best, second = i, score, best
            elif score > second:
                second = score
        if best >= _MIN_SCORE and best - second >= _MIN_MARGIN and best >= _MIN_RATIO * second:
            return self.languages[best_index]
        if second == 0 and best >= _WORD_WEIGHT and self._opens_short_clause(text, best_index):
            return self.languages[best_index]
        return None

    def _opens_short_clause(self, text: str, index: int) -> bool:
        """Whether `text` is a short clause (2 to `_SHORT_CLAUSE` words) that one of the first two
        words marks as language `index` alone: a function word only it lists ("Win the Nordics",
        "Delight our customers", "Make customers happy"). A short title has too few words for two
        function words, but its language is carried by its opening words, the verb and the
        determiner after it; an OKR term borrowed into another language stands after that
        language's own head word ("Bedre time to market", "Kortere time to market") and does
        not count. Only where nothing else in the text points to another language (`second` 0)."""
        tokens = _TOKEN.findall(text.lower())
        if not 2 <= len(tokens) <= _SHORT_CLAUSE:
            return False
        return any(self._words.get(token) == ((index, _WORD_WEIGHT),) for token in tokens[:2])

    def most_likely(self, text: str, default: str = "en") -> str:
        """The best-scoring language of a longer text (a whole set); `default` when nothing is known."""
        scores = self.scores(text)
        best = max(scores, key=lambda lang: (scores[lang], lang == default), default=default)
        return best if scores.get(best, 0) > 0 else default


def text_language(text: str, lexicons: dict[str, Lexicon]) -> Optional[str]:
    """The language `text` is confidently written in, or None when unsure (a one-off guesser)."""
    return LanguageGuesser(lexicons).confident_language(text)
