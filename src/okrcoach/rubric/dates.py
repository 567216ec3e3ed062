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


class DateReader:
    """Compiled date patterns for one language (built on first use, one per lexicon)."""

    def __init__(self, months: Sequence[Sequence[str]], quarters: Sequence[Sequence[str]], halves: Sequence[Sequence[str]], year_end: Sequence[str]) -> None:
        self.exact_months = {i: {f.lower().rstrip("*") for f in forms if not f.endswith("*")} for i, forms in enumerate(months, 1)}
        left, right = r"(?<![\w\-])", r"(?![\w])"
        month = _alternation(months, "m") if months else r"(?!)"
        self.patterns: list[tuple[str, re.Pattern]] = []
        for kind, source in (
            ("dmy", rf"{left}{_DAY}\.?\s*(?:of\s+)?{month}\.?,?\s*{_YEAR}{right}"),
            ("mdy", rf"{left}{month}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}{right}"),
            ("ymd", rf"{left}{_YEAR}\.?\s*{month}\s*{_DAY}\.?(?!\d)"),
            ("my", rf"{left}{month}\.?,?\s*{_YEAR}{right}"),
            ("ym", rf"{left}{_YEAR}\.?\s*{month}"),
            ("dm", rf"{left}{_DAY}\.?\s*(?:of\s+)?{month}"),
            ("md", rf"{left}{month}\s+{_DAY}(?:st|nd|rd|th)?{right}"),
            ("m", rf"{left}{month}"),
        ):
            self.patterns.append((kind, re.compile(source)))
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
        # One cheap search decides whether a text has any date word at all.
        words = [month, quarter, half] + ends
        self.trigger = re.compile(left + "(?:" + "|".join(re.sub(r"\(\?P<\w+>", "(?:", w) for w in words) + ")")

    def read(self, text: str, is_time_word) -> list[TextDate]:
        """Every date in lower-cased `text`; `is_time_word(word)` tells a time preposition."""
        if not self.trigger.search(text):
            return []
        found: list[TextDate] = []
        taken: list[tuple[int, int]] = []

        def free(span: tuple[int, int]) -> bool:
            return all(span[1] <= a or span[0] >= b for a, b in taken)

        for kind, pattern in self.patterns:
            for m in pattern.finditer(text):
                if not free(m.span()):
                    continue
                month = next(int(k[1:]) for k, v in m.groupdict().items() if k.startswith("m") and v)
                groups = m.groupdict()
                year = int(groups["year"]) if groups.get("year") else None
                day = int(groups["day"]) if groups.get("day") else None
                if day is not None and not 1 <= day <= 31:
                    continue
                if kind == "m" and not self._bare_month_is_date(text, m, month, is_time_word):
                    continue
                taken.append(m.span())
                found.append(TextDate(m.group().strip(), month, month, year, day, *m.span()))
        for m in self.quarter.finditer(text):
            if not free(m.span()):
                continue
            groups = m.groupdict()
            quarter = int(groups["qn"]) if groups.get("qn") else next(int(k[1:]) for k, v in groups.items() if re.fullmatch(r"q\d", k) and v)
            year = groups.get("after") or groups.get("before")
            taken.append(m.span())
            found.append(TextDate(m.group().strip(), quarter * 3 - 2, quarter * 3, int(year) if year else None, None, *m.span()))
        for m in self.half.finditer(text):
            if not free(m.span()):
                continue
            groups = m.groupdict()
            half = int(groups["hn"]) if groups.get("hn") else next(int(k[1:]) for k, v in groups.items() if re.fullmatch(r"h\d", k) and v)
            year = groups.get("after") or groups.get("before")
            taken.append(m.span())
            found.append(TextDate(m.group().strip(), 1 if half == 1 else 7, 6 if half == 1 else 12, int(year) if year else None, None, *m.span()))
        if self.year_end is not None:
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
