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
from functools import lru_cache
from typing import Iterable, Optional, Sequence

_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WORDS = re.compile(r"[^\W_]+")
_DAY = r"(?P<day>[0-3]?\d)"


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


class _KeyIndex:
    """The words a text must contain for a kind of date form to be in it, looked up word by word
    before any pattern runs: exact words, word stems (`word*`) and, for a form of several words,
    all of its words ("first quarter" is not in "first response time")."""

    def __init__(self) -> None:
        self.exact: dict[str, set[str]] = {}
        self.stems: dict[str, list[tuple[str, str]]] = {}
        self.multi: dict[str, list[tuple[str, tuple[tuple[str, bool], ...]]]] = {}

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
            else:
                self.multi.setdefault(words[0][0][:2], []).append((kind, tuple(words)))

    def kinds(self, text: str) -> set[str]:
        tokens = _WORDS.findall(text)
        found: set[str] = set()
        exact, stems, multi = self.exact, self.stems, self.multi
        for token in tokens:
            kinds = exact.get(token)
            if kinds:
                found |= kinds
            start = token[:2]
            for stem, kind in stems.get(start, ()):
                if token.startswith(stem):
                    found.add(kind)
            for kind, words in multi.get(start, ()):
                if kind not in found and all(any((t.startswith(w) if s else t == w) for t in tokens) for w, s in words):
                    found.add(kind)
        return found


class DateReader:
    """Compiled date patterns for one language (built on first use, one per lexicon)."""

    def __init__(self, months: Sequence[Sequence[str]], quarters: Sequence[Sequence[str]], halves: Sequence[Sequence[str]], year_end: Sequence[str]) -> None:
        self.exact_months = {i: {f.lower().rstrip("*") for f in forms if not f.endswith("*")} for i, forms in enumerate(months, 1)}
        left, right = r"(?<![\w\-])", r"(?![\w])"
        month = _alternation(months, "m") if months else r"(?!)"
        # Every way to write a date with a month name, in one pattern: at each place the fullest
        # form wins (31 December 2027 before December 2027 before December).
        kinds = []
        for kind, source in (
            ("dmy", r"{D}\.?\s*(?:of\s+)?{M}\.?,?\s*{Y}{R}"),
            ("mdy", r"{M}\s+{D}(?:st|nd|rd|th)?,?\s+{Y}{R}"),
            ("ymd", r"{Y}\.?\s*{M}\s*{D}\.?(?!\d)"),
            ("my", r"{M}\.?,?\s*{Y}{R}"),
            ("ym", r"{Y}\.?\s*{M}"),
            ("dm", r"{D}\.?\s*(?:of\s+)?{M}"),
            ("md", r"{M}\s+{D}(?:st|nd|rd|th)?{R}"),
            ("m", r"{M}"),
        ):
            body = (
                source.replace("{D}", rf"(?P<day_{kind}>[0-3]?\d)")
                .replace("{Y}", rf"(?P<year_{kind}>(?:19|20)\d{{2}})")
                .replace("{M}", _alternation(months, f"m{kind}_") if months else r"(?!)")
                .replace("{R}", right)
            )
            kinds.append(f"(?P<k_{kind}>{body})")
        self.month_dates = re.compile(left + "(?:" + "|".join(kinds) + ")")
        generic_q = r"q(?P<qn>[1-4])(?::?[\w]*)?"
        generic_h = r"h(?P<hn>[12])(?::?[\w]*)?"
        quarter = "|".join([generic_q] + ([_alternation(quarters, "q")] if quarters else []))
        half = "|".join([generic_h] + ([_alternation(halves, "h")] if halves else []))
        near_year = r"(?:\s*[/\-]?\s*(?:of\s+|de\s+)?(?P<after>(?:19|20)\d{2}))?"
        before_year = r"(?:(?P<before>(?:19|20)\d{2})\.?\s*[/\-]?\s*)?"
        self.quarter = re.compile(rf"{left}{before_year}(?:{quarter}){near_year}{right}")
        self.half = re.compile(rf"{left}{before_year}(?:{half}){near_year}{right}")
        ends = []
        for index, form in enumerate(year_end):
            text = str(form).lower()
            if "{year}" in text:
                head, _, tail = text.partition("{year}")
                ends.append(_form_regex(head) + (r"\s*" if head.strip() else "") + rf"(?P<yy{index}>(?:19|20)\d{{2}})\.?" + (r"\s*" + _form_regex(tail) if tail.strip() else ""))
            else:
                ends.append(_form_regex(text))
        self.year_end = re.compile(rf"{left}(?:" + "|".join(ends) + rf"){right}") if ends else None
        # Word beginnings of every form: a text none of whose words begins like one has no date.
        self.keys = _KeyIndex()
        self.keys.add("month", (f for group in months for f in group))
        self.keys.add("quarter", [f for group in quarters for f in group] + ["q1", "q2", "q3", "q4"])
        self.keys.add("half", [f for group in halves for f in group] + ["h1", "h2"])
        self.keys.add("end", (str(f) for f in year_end))

    def read(self, text: str, is_time_word) -> list[TextDate]:
        """Every date in lower-cased `text`; `is_time_word(word)` tells a time preposition."""
        kinds = self.keys.kinds(text)
        if not kinds:
            return []
        has_month, has_quarter, has_half, has_end = "month" in kinds, "quarter" in kinds, "half" in kinds, "end" in kinds
        found: list[TextDate] = []
        taken: list[tuple[int, int]] = []

        def free(span: tuple[int, int]) -> bool:
            return all(span[1] <= a or span[0] >= b for a, b in taken)

        for m in self.month_dates.finditer(text) if has_month else ():
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            kind = next(k[2:] for k in groups if k.startswith("k_"))
            month = next(int(k.rsplit("_", 1)[1]) for k in groups if k.startswith(f"m{kind}_"))
            year = int(groups[f"year_{kind}"]) if f"year_{kind}" in groups else None
            day = int(groups[f"day_{kind}"]) if f"day_{kind}" in groups else None
            if day is not None and not 1 <= day <= 31:
                continue
            if kind == "m" and not self._bare_month_is_date(text, m, month, is_time_word):
                continue
            taken.append(m.span())
            found.append(TextDate(m.group().strip(), month, month, year, day, *m.span()))
        for m in self.quarter.finditer(text) if has_quarter else ():
            if not free(m.span()):
                continue
            groups = m.groupdict()
            quarter = int(groups["qn"]) if groups.get("qn") else next(int(k[1:]) for k, v in groups.items() if re.fullmatch(r"q\d", k) and v)
            year = groups.get("after") or groups.get("before")
            taken.append(m.span())
            found.append(TextDate(m.group().strip(), quarter * 3 - 2, quarter * 3, int(year) if year else None, None, *m.span()))
        for m in self.half.finditer(text) if has_half else ():
            if not free(m.span()):
                continue
            groups = m.groupdict()
            half = int(groups["hn"]) if groups.get("hn") else next(int(k[1:]) for k, v in groups.items() if re.fullmatch(r"h\d", k) and v)
            year = groups.get("after") or groups.get("before")
            taken.append(m.span())
            found.append(TextDate(m.group().strip(), 1 if half == 1 else 7, 6 if half == 1 else 12, int(year) if year else None, None, *m.span()))
        if self.year_end is not None and has_end:
            for m in self.year_end.finditer(text):
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


@lru_cache(maxsize=None)
def _reader(key: tuple) -> DateReader:
    months, quarters, halves, year_end = key
    return DateReader(months, quarters, halves, year_end)


def reader_for(months: Iterable, quarters: Iterable, halves: Iterable, year_end: Iterable) -> DateReader:
    key = (tuple(tuple(m) for m in months), tuple(tuple(q) for q in quarters), tuple(tuple(h) for h in halves), tuple(year_end))
    return _reader(key)
