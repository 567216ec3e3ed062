"""Offline drafting: a template OKR set from the example library, with no LLM.

The goal (and team name) is matched against each function's keywords in all six languages (the
`keywords:` of `library/<function>.yaml`); the good sets of the functions the goal matches, in
the wanted language, give the objectives and key results, and no other function's do (a sales
goal gets sales patterns only, even if that makes fewer objectives than asked for). When nothing
matches, the library's functions in order give a general start, and the description says so.
Team and period are the user's. Every example number in a key result is replaced by an explicit
placeholder (`<baseline>`, `<target>`, or the language's own), and the example's own customers
(`segment:`) by a segment placeholder, so nothing the user has not said is presented as a fact.
A from→to (or a target) the goal states, read as lint reads it, fills the key result that
measures the same thing, as the user wrote the numbers; the other key results keep placeholders.
The goal itself is quoted in the first objective's description, never made a key result: a goal
is what the key results measure, not one of them. The set's title says it is a template draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from okrcoach.i18n import SaidError, msg, text
from okrcoach.language_data import bundled_languages, placeholders
from okrcoach.model import KeyResult, Objective, OkrSet, parse_period

from .library import FUNCTIONS, NUMBER, LibraryFunction, load_library, segment_text, template_text

MAX_OBJECTIVES = 5


@lru_cache(maxsize=1)
def _lexicons():
    from okrcoach.rubric.cache import load_cached_rubric

    return load_cached_rubric().lexicons


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a pattern: whole words; `*` ends a word with any letters (`kund*` is `kunder`,
    `kundernas`), so a phrase can name each of its words by its stem (`behåll* kund*`); a phrase's
    words may stand one word apart, as a quantifier or adverb puts them ("behåll fler kunder",
    "Kunden länger halten")."""
    keyword = " ".join(keyword.strip().lower().split())
    words = [r"[\w\-]*".join(re.escape(part) for part in word.split("*")) for word in keyword.split(" ")]
    source = r"\s+(?:[\w\-]+\s+)?".join(words)
    return re.compile(r"(?<![\w])" + source + ("" if keyword.endswith("*") else r"(?![\w])"), re.UNICODE)


@lru_cache(maxsize=8)
def _patterns(function: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    """Each keyword's pattern and its specificity (the length of its literal part)."""
    library = load_library()[function]
    words = [w for keywords in library.keywords.values() for w in keywords]
    words += [name for name in library.names.values()]
    return tuple((_keyword_pattern(w), len(w.strip().rstrip("*"))) for w in dict.fromkeys(words))


def match_functions(text: str) -> list[tuple[str, int]]:
    """Functions ranked by how many of their keywords (any language) the text contains.

    Where keywords of different functions overlap, the most specific one wins ("kundeservice"
    counts for customer support, not as "kunde*" for sales). Every function is listed; of equal
    scores, the function named first in the text comes first, then the library's order. A score
    of 0 means no keyword matched.
    """
    lowered = text.lower()
    functions = list(load_library())
    hits = [(function, m.start(), m.end(), specificity) for function in functions for pattern, specificity in _patterns(function) for m in pattern.finditer(lowered)]
    scores = dict.fromkeys(functions, 0)
    first = dict.fromkeys(functions, len(lowered))
    for function, start, end, specificity in hits:
        if any(s < end and start < e and spec > specificity for _, s, e, spec in hits):
            continue
        scores[function] += 1
        first[function] = min(first[function], start)
    # Of functions the goal names equally often, the one it names first: a goal says what it is
    # about before its circumstances ("reduce churn among our new customers" is about retention).
    ranked = sorted(functions, key=lambda f: (-scores[f], first[f], functions.index(f)))
    return [(function, scores[function]) for function in ranked]


def _language(goal: str, team: Optional[str]) -> str:
    from okrcoach.rubric import detect_text_language

    return detect_text_language(" ".join(filter(None, (goal, team))), _lexicons())


@dataclass(frozen=True)
class TemplateDraft:
    """A template draft and where it came from: the library functions whose examples it took, in
    order, and whether the goal named them (else the library in order gave a general start)."""

    okr_set: OkrSet
    functions: tuple[str, ...]
    matched: bool

    def functions_in(self, language: str) -> str:
        """The functions' names in `language`, joined: “Produkt, Kundeservice”."""
        library = load_library()
        return ", ".join(library[function].names.get(language) or library[function].names["en"] for function in self.functions)


def draft_offline(goal: str, team: Optional[str] = None, period: Optional[str] = None, language: Optional[str] = None, objectives: int = 3) -> OkrSet:
    """A template draft for `goal` (`template_draft`'s set)."""
    return template_draft(goal, team, period, language, objectives).okr_set


def template_draft(goal: str, team: Optional[str] = None, period: Optional[str] = None, language: Optional[str] = None, objectives: int = 3) -> TemplateDraft:
    """A template draft for `goal` from the example library, with placeholders for numbers not given.

    - `language`: en, da, sv, de, fi or hu; default: detected from the goal (and team).
    - `period`: any period okrcoach reads (2027-Q1, FY2027, …); a ValueError says what is wrong.
    - `objectives`: 1 to 5, taken from the matched functions in turn; fewer when the matched
      functions have fewer (the caller can tell from the result).

    Each key result's numbers become `<baseline>` / `<target>` (in the set's language) and the
    example's own customers a segment placeholder, except that the goal's own from→to or target
    fills the key result that measures it (`_fill_goal_numbers`). The title and the first objective's
    description say it is a template draft and quote the goal.
    """
    if not goal or not goal.strip():
        raise SaidError(msg("phrases.empty-goal"))
    if not 1 <= objectives <= MAX_OBJECTIVES:
        raise SaidError(msg("phrases.offline-objectives", most=MAX_OBJECTIVES))
    if language is not None and language not in bundled_languages():
        raise SaidError(msg("phrases.offline-unknown-language", language=repr(language), languages=", ".join(bundled_languages())))
    if period:
        parse_period(period)
    language = language or _language(goal, team)
    library = load_library()
    scores = match_functions(" ".join(filter(None, (goal, team))))
    matched = scores[0][1] > 0
    # Only the functions the goal names give patterns; with none, the library in order is a general start.
    ranked = [function for function, score in scores if score > 0] if matched else [function for function, _ in scores]
    drafted: list[Objective] = []
    used: list[str] = []
    originals: dict[int, str] = {}  # id of a drafted key result -> the library text it came from
    for function in ranked:
        for example in _sets(library[function], language):
            for objective in example.objectives:
                if len(drafted) >= objectives:
                    break
                if function not in used:
                    used.append(function)
                krs = [KeyResult(text=template_text(text, example.language, example.segment)) for text in objective.key_results]
                originals.update((id(kr), segment_text(text, example.language, example.segment)) for kr, text in zip(krs, objective.key_results))
                drafted.append(Objective(title=segment_text(objective.title, example.language, example.segment), key_results=krs))
        if len(drafted) >= objectives:
            break
    _fill_goal_numbers(goal, language, drafted, originals)
    names = ", ".join(library[function].names[language] for function in used)
    how = text("handout.template_draft.how_matched" if matched else "handout.template_draft.how_general", language, functions=names)
    drafted[0].description = text("handout.template_draft.description", language, goal=" ".join(goal.split()), how=how)
    title = text("handout.template_draft.title", language, team=f" – {team}" if team else "")
    okr_set = OkrSet(title=title, team=team, period=period, language=language, objectives=drafted)  # type: ignore[arg-type]
    return TemplateDraft(okr_set, tuple(used), matched)


_STEM = 5
_WORD = re.compile(r"[^\W\d_]{4,}")
_AFTER = re.compile(r"[\s:\-]*([^\W\d_]+)")


def _stems(text: str, stopwords: frozenset[str]) -> set[str]:
    """The first letters of the text's content words (four letters or more, no stopword)."""
    return {w.lower()[:_STEM] for w in _WORD.findall(NUMBER.sub(" ", text)) if w.lower() not in stopwords}


def _unit(number_text: str) -> str:
    """The unit a number carries (`%`, `€`, `mio.` …), or '' for a bare count."""
    return re.sub(r"[\d\s\u00a0\u202f.,]", "", number_text).lower()


def _foreign_unit(text: str, number: re.Match, goal: str, stopwords: frozenset[str]) -> bool:
    """Whether the word right after `number` (a unit: days, euros) is one the goal does not use."""
    after = _AFTER.match(text, number.end())
    word = after.group(1).lower() if after else ""
    return len(word) >= 4 and word not in stopwords and word[:_STEM] not in goal


def _goal_numbers(goal: str, lexicon) -> Optional[tuple[Optional[re.Match], re.Match]]:
    """The goal's starting value and target as the user wrote them, read as lint reads them:
    a from→to (`stated_range`) or else a lone target (`absolute_target`); None when it states neither."""
    from okrcoach.rubric import KeyResultFacts, parse_number, stated_range

    found = stated_range(KeyResult(text=goal), lexicon)
    if found is None:
        target = KeyResultFacts(KeyResult(text=goal), None, None, lexicon).absolute_target
        value = parse_number(target, lexicon.language) if target else None
        found = (None, value) if value is not None else None
    if found is None:
        return None
    matches = list(NUMBER.finditer(goal))
    written = [next((m for m in matches if parse_number(m.group(), lexicon.language) == value), None) if value is not None else None for value in found]
    if written[1] is None or (found[0] is not None and written[0] is None):
        return None
    return written[0], written[1]  # type: ignore[return-value]


def _fill_goal_numbers(goal: str, language: str, drafted: list[Objective], originals: dict[int, str]) -> None:
    """Put the from→to (or the target) the goal states into the key result that measures it.

    The key result chosen shares a content word stem with the goal, carries the same unit (a bare
    count, %, a currency …) and no unit word the goal does not use (`64 days`, `18 000 euros`),
    and moves its number the same way (a shorter sales cycle cannot carry more deals). A from→to
    goes into a from→to key result, or its target into a key result with one number. With no such
    key result the placeholders stay: a number the user gave is never put on a metric they did not
    name, and no number is made up.
    """
    from okrcoach.rubric import parse_number

    lexicon = _lexicons().get(language)
    stated = _goal_numbers(goal, lexicon) if lexicon else None
    if stated is None:
        return
    start, end = stated
    unit = _unit(end.group())
    if start is not None and _unit(start.group()) != unit:
        return
    rising = start is None or parse_number(end.group(), language) > parse_number(start.group(), language)  # type: ignore[operator]
    stopwords = lexicon.stopwords
    goal_lower = goal.lower()
    goal_stems = _stems(goal, stopwords)
    best, best_rank = None, (0, 0)
    for objective in drafted:
        for kr in objective.key_results:
            original = originals.get(id(kr), "")
            numbers = list(NUMBER.finditer(original))
            if not 1 <= len(numbers) <= (2 if start is not None else 1):
                continue
            if any(_unit(m.group()) != unit or _foreign_unit(original, m, goal_lower, stopwords) for m in numbers):
                continue
            if len(numbers) == 2:
                values = [parse_number(m.group(), language) for m in numbers]
                if None in values or (values[1] > values[0]) != rising:  # type: ignore[operator]
                    continue
            score = sum(1 for stem in _stems(original, stopwords) if stem in goal_lower or any(g in stem for g in goal_stems))
            rank = (score, len(numbers))
            if score and rank > best_rank:
                best, best_rank = kr, rank
    if best is None:
        return
    words = placeholders(language)
    if best_rank[1] == 2 and start is not None:
        best.text = best.text.replace(words["baseline"], start.group().strip(), 1)
    best.text = best.text.replace(words["target"], end.group().strip(), 1)


def _sets(library: LibraryFunction, language: str):
    own = library.sets_in(language)
    return own or library.sets_in("en")


__all__ = ["FUNCTIONS", "TemplateDraft", "draft_offline", "match_functions", "template_draft"]
