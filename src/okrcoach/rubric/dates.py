"""Dates written in free text, in the language of a lexicon: "by 31 December 2027", "Dec 2027",
"2027. december 31.", "in Q3", "H2", "3. kvartal", "end of year", "vuoden 2027 loppuun".

The words come from the lexicon (`months:`, `quarters:`, `halves:`, `year_end:`); this module
only knows how dates are put together. A date without a year stands for the period's year: it is
read for each calendar year the period touches, and only reported as outside when it is outside
for all of them. Quarters and halves without a year are not read against a fiscal period (its
quarters are not the calendar's).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Iterable, Optional, Sequence

from okrcoach import regex_code

_WORDS = re.compile(r"[^\W_]+")
_AFTER_DAY_YEAR = re.compile(r"\.?\s+([0-3]?\d)(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})(?!\d)")
_AFTER_YEAR = re.compile(r"\.?,?\s*((?:19|20)\d{2})(?!\d)")
_AFTER_DAY = re.compile(r"\.?\s*([0-3]?\d)(?:st|nd|rd|th)?\.?(?![\d.,]*\d)(?!\s*%)")
_BEFORE_DAY = re.compile(r"(?<![\d.,])([0-3]?\d)\.?\s*(?:of\s+)?$")
_BEFORE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\.?\s*$")


@dataclass(frozen=True)
class TextDate:
    """A date or span read from text; `year` is None when the text gave none."""

    label: str
    start_month: int
    end_month: int
    year: Optional[int]
    day: Optional[int] = None
    start: int = 0
    end: int = 0

    def span(self, year: int) -> tuple[date, date]:
        if self.day is not None:
            last = calendar.monthrange(year, self.start_month)[1]
            day = date(year, self.start_month, min(self.day, last))
            return day, day
        end_day = calendar.monthrange(year, self.end_month)[1]
        return date(year, self.start_month, 1), date(year, self.end_month, end_day)


def _form_regex(form: str) -> str:
    """One written form: words joined by spaces, `*` for any ending, a short word may end in a dot."""
    parts = []
    for word in form.strip().lower().split():
        lead = word.startswith("*")
        stem = word.strip("*")
        body = re.escape(stem)
        if lead:
            body = r"[\w\-]*" + body
        if word.endswith("*") and len(word) > 1:
            body += r"[\w\-:]*"
        elif len(stem) <= 5 and stem.isalpha():
            body += r"\.?"
        parts.append(body)
    return r"\s+".join(parts)


def _alternation(groups: Sequence[Sequence[str]], prefix: str) -> str:
    branches = []
    for index, forms in enumerate(groups, 1):
        ordered = sorted((str(f) for f in forms), key=len, reverse=True)
        branches.append(f"(?P<{prefix}{index}>" + "|".join(_form_regex(f) for f in ordered) + ")")
    return "(?:" + "|".join(branches) + ")"


def _by_first_letter(words: Iterable[str]) -> str:
    """An alternation of words grouped by their first letter, so a place is tried once per letter."""
    rests: dict[str, list[str]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        rests.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(re.escape(first) + "(?:" + "|".join(rest) + ")" for first, rest in sorted(rests.items())) + ")"


class _KeyIndex:
    """The words a text must contain for a kind of date form to be in it, looked up word by word
    before any pattern runs: exact words, word stems (`word*`) and, for a form of several words,
    all of its words ("first quarter" is not in "first response time")."""

    def __init__(self) -> None:
        self.exact: dict[str, set[str]] = {}
        self.stems: dict[str, list[tuple[str, str]]] = {}
        # Forms of several words, by their first word, or with the stem it starts with.
        self.multi: dict[str, list[tuple[str, tuple[tuple[str, bool], ...]]]] = {}
        self.multi_stems: dict[str, list[tuple[str, str, tuple[tuple[str, bool], ...]]]] = {}
        # One word of each form that a text must contain (`kinds` is empty without all of them):
        # whole words, and stems a word may start with.
        self.needed_words: set[str] = set()
        self.needed_stems: tuple[str, ...] = ()

    def add(self, kind: str, forms: Iterable[str]) -> None:
        for form in forms:
            words = []
            for word in str(form).replace("{year}", " ").lower().split():
                stem = word.strip("*.:")
                if len(stem) < 2 or not any(c.isalpha() for c in stem) or word.startswith("*"):
                    continue  # numbers ("3.") and compound endings ("*neljännes") are not keys
                words.append((stem, word.endswith("*")))
            if not words:
                continue
            if len(words) == 1:
                stem, is_stem = words[0]
                if is_stem:
                    self.stems.setdefault(stem[:2], []).append((stem, kind))
                else:
                    self.exact.setdefault(stem, set()).add(kind)
            elif words[0][1]:
                self.multi_stems.setdefault(words[0][0][:2], []).append((words[0][0], kind, tuple(words)))
            else:
                self.multi.setdefault(words[0][0], []).append((kind, tuple(words)))
            # Its longest word (the rarest, most likely) stands for a form of several words.
            stem, is_stem = max(words, key=lambda w: len(w[0]))
            if is_stem:
                self.needed_stems += () if stem in self.needed_stems else (stem,)
            else:
                self.needed_words.add(stem)

    def needed_source(self) -> str:
        """A regex that finds a needed word (`needed_words`, `needed_stems`) of some form in a
        text, which every text with a date form has (words no text's word can be are left out)."""
        words = [w for w in self.needed_words if _WORDS.fullmatch(w)]
        stems = [s for s in self.needed_stems if _WORDS.fullmatch(s)]
        parts = ([f"{_by_first_letter(words)}(?![^\\W_])"] if words else []) + ([_by_first_letter(stems)] if stems else [])
        return r"(?<![^\W_])(?:" + "|".join(parts) + ")" if parts else r"(?!)"

    def kinds(self, text: str) -> set[str]:
        """The kinds of date form whose words are all in `text`: its distinct words looked up at
        once, each form of several words decided only when its first word is there."""
        tokens = set(_WORDS.findall(text))
        found: set[str] = set()
        exact, multi = self.exact, self.multi
        for token in tokens.intersection(exact):
            found |= exact[token]
        forms = [form for token in tokens.intersection(multi) for form in multi[token]]
        if self.stems or self.multi_stems:
            stems, multi_stems = self.stems, self.multi_stems
            for token in tokens:
                start = token[:2]
                if start in stems:
                    for stem, kind in stems[start]:
                        if token.startswith(stem):
                            found.add(kind)
                if start in multi_stems:
                    forms += [(kind, words) for stem, kind, words in multi_stems[start] if token.startswith(stem)]
        for kind, words in forms:
            if kind not in found and all((any(t.startswith(w) for t in tokens) if is_stem else w in tokens) for w, is_stem in words):
                found.add(kind)
        return found


class DateReader:
    """Date patterns for one language, each compiled the first time a text needs it."""

    def _pattern(self, name: str) -> Optional[re.Pattern]:
        compiled = self.__dict__.get("_compiled_" + name)
        if compiled is None and name in self._sources:
            compiled = self.__dict__["_compiled_" + name] = regex_code.compile(self._sources[name])
        return compiled

    def sources(self) -> list[str]:
        """The regex source of every pattern this reader compiles (for the pre-built rubric)."""
        return list(self._sources.values())

    def __getstate__(self) -> dict:
        # Stored without compiled patterns: unpickling one would compile it again, while a
        # stored program (regex_code) makes it at once on first use.
        return {key: value for key, value in self.__dict__.items() if not key.startswith("_compiled_")}

    def __init__(self, months: Sequence[Sequence[str]], quarters: Sequence[Sequence[str]], halves: Sequence[Sequence[str]], year_end: Sequence[str]) -> None:
        self.exact_months = {i: {f.lower().rstrip("*") for f in forms if not f.endswith("*")} for i, forms in enumerate(months, 1)}
        left, right = r"(?<![\w\-])", r"(?![\w])"
        # A month name is found once; the day and year around it are read with small patterns.
        self._sources = {"month": left + (_alternation(months, "m") if months else r"(?!)")}
        generic_q = r"q(?P<qn>[1-4])(?::?[\w]*)?"
        generic_h = r"h(?P<hn>[12])(?::?[\w]*)?"
        quarter = "|".join([generic_q] + ([_alternation(quarters, "q")] if quarters else []))
        half = "|".join([generic_h] + ([_alternation(halves, "h")] if halves else []))
        near_year = r"(?:\s*[/\-]?\s*(?:of\s+|de\s+)?(?P<after>(?:19|20)\d{2}))?"
        before_year = r"(?:(?P<before>(?:19|20)\d{2})\.?\s*[/\-]?\s*)?"
        self._sources["quarter"] = rf"{left}{before_year}(?:{quarter}){near_year}{right}"
        self._sources["half"] = rf"{left}{before_year}(?:{half}){near_year}{right}"
        ends = []
        for index, form in enumerate(year_end):
            text = str(form).lower()
            if "{year}" in text:
                head, _, tail = text.partition("{year}")
                ends.append(_form_regex(head) + (r"\s*" if head.strip() else "") + rf"(?P<yy{index}>(?:19|20)\d{{2}})\.?" + (r"\s*" + _form_regex(tail) if tail.strip() else ""))
            else:
                ends.append(_form_regex(text))
        if ends:
            self._sources["year_end"] = rf"{left}(?:" + "|".join(ends) + rf"){right}"
        # The words of every form: a text with none of them has no date, and no pattern runs.
        self.keys = _KeyIndex()
        self.keys.add("month", (f for group in months for f in group))
        self.keys.add("quarter", [f for group in quarters for f in group] + ["q1", "q2", "q3", "q4"])
        self.keys.add("half", [f for group in halves for f in group] + ["h1", "h2"])
        self.keys.add("end", (str(f) for f in year_end))
        self._sources["needed"] = self.keys.needed_source()

    def read(self, text: str, is_time_word) -> list[TextDate]:
        """Every date in lower-cased `text`; `is_time_word(word)` tells a time preposition."""
        needed = self._pattern("needed")
        if needed is not None and needed.search(text) is None:
            return []  # no word a date form needs: `kinds` would find none
        kinds = self.keys.kinds(text)
        if not kinds:
            return []
        has_month, has_quarter, has_half, has_end = "month" in kinds, "quarter" in kinds, "half" in kinds, "end" in kinds
        found: list[TextDate] = []
        taken: list[tuple[int, int]] = []

        def free(span: tuple[int, int]) -> bool:
            return all(span[1] <= a or span[0] >= b for a, b in taken)

        for m in self._pattern("month").finditer(text) if has_month else ():
            month = next(int(k[1:]) for k, v in m.groupdict().items() if v)
            start, end = m.span()
            day = year = None
            before, after = text[max(0, start - 12) : start], text[end : end + 16]
            if (a := _AFTER_DAY_YEAR.match(after)) is not None:  # December 31, 2027
                day, year, end = int(a.group(1)), int(a.group(2)), end + a.end()
            elif (a := _AFTER_YEAR.match(after)) is not None:  # December 2027
                year, end = int(a.group(1)), end + a.end()
            elif (a := _AFTER_DAY.match(after)) is not None and not (b := _BEFORE_DAY.search(before)):  # March 31
                day, end = int(a.group(1)), end + a.end()
            if (b := _BEFORE_DAY.search(before)) is not None and day is None:  # 31 December (2027)
                day, start = int(b.group(1)), start - len(before) + b.start()
            if year is None and (b := _BEFORE_YEAR.search(text[max(0, start - 8) : start])) is not None:  # 2027. december 31.
                year = int(b.group(1))
                start = start - len(text[max(0, start - 8) : start]) + b.start()
                if day is None and (a := _AFTER_DAY.match(text[end : end + 6])) is not None:
                    day, end = int(a.group(1)), end + a.end()
            if day is not None and not 1 <= day <= 31:
                continue
            if day is None and year is None and not self._bare_month_is_date(text, m, month, is_time_word):
                continue
            if not free((start, end)):
                continue
            taken.append((start, end))
            found.append(TextDate(text[start:end].strip(), month, month, year, day, start, end))
        for m in self._pattern("quarter").finditer(text) if has_quarter else ():
            if not free(m.span()):
                continue
            groups = m.groupdict()
            quarter = int(groups["qn"]) if groups.get("qn") else next(int(k[1:]) for k, v in groups.items() if re.fullmatch(r"q\d", k) and v)
            year = groups.get("after") or groups.get("before")
            taken.append(m.span())
            found.append(TextDate(m.group().strip(), quarter * 3 - 2, quarter * 3, int(year) if year else None, None, *m.span()))
        for m in self._pattern("half").finditer(text) if has_half else ():
            if not free(m.span()):
                continue
            groups = m.groupdict()
            half = int(groups["hn"]) if groups.get("hn") else next(int(k[1:]) for k, v in groups.items() if re.fullmatch(r"h\d", k) and v)
            year = groups.get("after") or groups.get("before")
            taken.append(m.span())
            found.append(TextDate(m.group().strip(), 1 if half == 1 else 7, 6 if half == 1 else 12, int(year) if year else None, None, *m.span()))
        if has_end and "year_end" in self._sources:
            for m in self._pattern("year_end").finditer(text):
                if not free(m.span()):
                    continue
                year = next((v for k, v in m.groupdict().items() if k.startswith("yy") and v), None)
                taken.append(m.span())
                found.append(TextDate(m.group().strip(), 12, 12, int(year) if year else None, 31, *m.span()))
        return found

    def _bare_month_is_date(self, text: str, m: re.Match, month: int, is_time_word) -> bool:
        """A month name alone is a date after a time word ("by March", "inden udgangen af marts")
        or when inflected as one ("joulukuussa", "decemberig"); "may" alone is a verb."""
        word = m.group().strip().rstrip(".")
        if word not in self.exact_months.get(month, set()) and len(word) > 3:
            return True  # an inflected form of a stem entry (Finnish and Hungarian cases)
        before = text[max(0, m.start() - 30) : m.start()].split()
        if before and (is_time_word(before[-1]) or (len(before) > 1 and is_time_word(before[-2]) and before[-1] in ("the", "of", "af", "av", "des", "end"))):
            return True
        after = text[m.end() : m.end() + 20].split()
        return bool(after) and is_time_word(after[0].strip(".,;"))


@cache
def _reader(key: tuple) -> DateReader:
    months, quarters, halves, year_end = key
    return DateReader(months, quarters, halves, year_end)


def reader_for(months: Iterable, quarters: Iterable, halves: Iterable, year_end: Iterable) -> DateReader:
    key = (tuple(tuple(m) for m in months), tuple(tuple(q) for q in quarters), tuple(tuple(h) for h in halves), tuple(year_end))
    return _reader(key)
