"""Numbers and dates as people type them, in the six languages.

One lenient parser for every reader (YAML, JSON, Markdown, CSV), `okrcoach checkin` and the TUI,
so `8 %`, `1.234,5` and `31.03.2027` mean the same thing wherever they are typed.

Numbers: `12`, `-3`, `12.5`, `12,5`, `1 234,5`, `1.234,5`, `1,234.5`, `1'234.5`. With both `.`
and `,`, the last one is the decimal separator. A lone separator is a decimal separator
(`1,5`, `1.5`), except with exactly three digits after it and a whole part other than 0
(`1.234`, `12,500`): OKR numbers are far more often thousands than three-decimal fractions, so
that groups thousands, unless the set's language writes that separator as its decimal mark
(`.` in English, `,` in the other five languages). `parse_quantity` also takes a unit after the number (`8 %`,
`8%`, `1.200 €`) or a currency before it (`€ 1.200`, `$1,200`); `parse_confidence` also reads a share of a scale (`8/10`, Notion's `🟢 8/10`).

Dates: `2027-03-31`, `2027/03/31`, `2027. 03. 31.`, `31.03.2027`, `31/03/2027`, `31-03-2027`,
`31.03.27`, and with month names in any of the six languages: `31 March 2027`, `March 31, 2027`,
`31. marts 2027`, `31. März 2027`, `31 mars 2027`, `31. maaliskuuta 2027`, `2027. március 31.`.
Ambiguity rule: in `03/04/2027` the day comes first (3 April), as in all six languages'
conventions except US English; a form that only reads one way (`03/31/2027`) is read that way.
Month names are data: the `months:` block of each `rubrics/lexicons/<lang>.yaml`, loaded only
when a date contains a word.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date
from functools import lru_cache
from typing import Optional, Union

from okrcoach.gate import MAX_NUMBER_DIGITS
from okrcoach.i18n import SOURCE_LANGUAGE, Msg, msg

Number = Union[int, float]

# What is accepted, as the messages say it (in English here; `phrases.*-forms` in every language).
NUMBER_FORMS_TEXT = msg("phrases.number-forms")
QUANTITY_FORMS_TEXT = msg("phrases.quantity-forms")
DATE_FORMS_TEXT = msg("phrases.date-forms")
CONFIDENCE_FORMS_TEXT = msg("phrases.confidence-forms")
# The same in English as plain text: `NUMBER_FORMS`, `QUANTITY_FORMS`, `DATE_FORMS` and
# `CONFIDENCE_FORMS`, written on first use (`__getattr__`), so importing this module (every
# reader does) reads no message catalogue.
_FORMS_IN_ENGLISH = {"NUMBER_FORMS": NUMBER_FORMS_TEXT, "QUANTITY_FORMS": QUANTITY_FORMS_TEXT, "DATE_FORMS": DATE_FORMS_TEXT, "CONFIDENCE_FORMS": CONFIDENCE_FORMS_TEXT}


def __getattr__(name: str) -> str:
    if name in _FORMS_IN_ENGLISH:
        return _FORMS_IN_ENGLISH[name].render(SOURCE_LANGUAGE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Subject = Union[str, Msg]  # what a message says was typed: "The target", "--date", a `Msg` in any language
THE_VALUE, THE_CONFIDENCE, THE_DATE = (msg("phrases.value-subject", name=name) for name in ("value", "confidence", "date"))


class UnreadableValue(ValueError):
    """A value that is not a number or date in any form okrcoach reads; the message says why, in
    English as `str(exc)` and in any language with `render`."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.render(SOURCE_LANGUAGE))
        self.message = message

    def render(self, language: str) -> str:
        return self.message.render(language)


class NumberTooLarge(UnreadableValue):
    """A number written correctly but too large to compute progress with (beyond a float), or with
    more digits than Python turns into an integer (`okrcoach.gate.MAX_NUMBER_DIGITS`)."""


# -- numbers ----------------------------------------------------------------------------------------

_GROUPING = re.compile(r"[ \u00a0\u202f\u2009']")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_PERCENT = ("%", "‰")
_CURRENCY_SYMBOLS = ("€", "$", "£", "¥", "₣")
_CURRENCY_CODES = ("eur", "usd", "gbp", "dkk", "sek", "nok", "chf", "huf", "kr.", "kr", "ft", "mio €", "mio. €")
_UNIT_WORDS = re.compile(r"([+\-\u2212]?\d[\d.,'\u00a0\u202f\u2009 ]*?)\s*([^\W\d_]+(?:[ -][^\W\d_]+){0,2})")


def parse_number(text: str, what: Subject = THE_VALUE, language: Optional[str] = None) -> Number:
    """A plain number (no unit); raises UnreadableValue naming `what` and the accepted forms."""
    raw = str(text).strip()
    cleaned = _GROUPING.sub("", raw).translate(_MINUS)
    if not re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", cleaned):
        if re.search(r"\d", cleaned) and re.search(r"[^\d.,+\-\s]", cleaned):
            raise UnreadableValue(msg("phrases.value-not-a-number-unit", what=what, raw=repr(raw), forms=NUMBER_FORMS_TEXT))
        raise UnreadableValue(msg("phrases.value-not-a-number", what=what, raw=repr(raw), forms=NUMBER_FORMS_TEXT))
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = cleaned[0].replace("+", ""), cleaned[1:]
    dots, commas = cleaned.count("."), cleaned.count(",")
    decimal: Optional[str] = None
    if dots and commas:
        decimal = "." if cleaned.rfind(".") > cleaned.rfind(",") else ","
        grouping = "," if decimal == "." else "."
        if cleaned.count(decimal) > 1:
            raise UnreadableValue(msg("phrases.value-two-separators", what=what, raw=repr(raw), forms=NUMBER_FORMS_TEXT))
        whole = cleaned[: cleaned.rfind(decimal)]
        if not re.fullmatch(rf"\d{{1,3}}(?:\{grouping}\d{{3}})*", whole):
            raise UnreadableValue(msg("phrases.value-grouping-mixed", what=what, raw=repr(raw)))
        cleaned = cleaned.replace(grouping, "")
    elif dots > 1 or commas > 1:
        separator = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(?:\{separator}\d{{3}})+", cleaned):
            raise UnreadableValue(msg("phrases.value-grouping", what=what, raw=repr(raw)))
        cleaned = cleaned.replace(separator, "")
    elif dots or commas:
        separator = "." if dots else ","
        from okrcoach.language_data import decimal_mark  # language data on demand: a cold lint skips it

        groups = decimal_mark(language) != separator
        if groups and re.fullmatch(rf"[1-9]\d{{0,2}}\{separator}\d{{3}}", cleaned):
            cleaned = cleaned.replace(separator, "")
        else:
            decimal = separator
    if decimal:
        whole, _, fraction = cleaned.replace(decimal, ".").partition(".")
        value: Number = float(f"{sign}{whole or '0'}.{fraction or '0'}")
        if not math.isfinite(value):
            raise NumberTooLarge(msg("phrases.value-too-large", what=what, raw=repr(_clip(raw))))
        return value
    if sum(1 for c in cleaned if c.isdigit()) > MAX_NUMBER_DIGITS:
        raise NumberTooLarge(msg("phrases.value-too-many-digits", what=what, limit=MAX_NUMBER_DIGITS, raw=repr(_clip(raw))))
    number = int(sign + cleaned) if sign != "-" or cleaned.strip("0") else 0
    try:
        float(number)
    except OverflowError:
        raise NumberTooLarge(msg("phrases.value-too-large", what=what, raw=repr(_clip(raw)))) from None
    return number


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_number(value: Number) -> str:
    """A number written so `parse_number` reads it back exactly, whatever the language: `.` as the
    decimal mark, no exponent, and a trailing 0 where three decimals would read as thousands
    (1.375 → `1.3750`)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text or "E" in text:
        from decimal import Decimal

        text = format(Decimal(text), "f")
        if "." not in text:
            text += ".0"
    if re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", text):
        text += "0"
    return text


def parse_quantity(text: str, what: Subject = THE_VALUE, language: Optional[str] = None) -> tuple[Number, Optional[str]]:
    """A number with an optional unit: `8 %` → (8, "%"), `€ 1.200` → (1200, "€"), `156 users` →
    (156, "users"), `12` → (12, None). A unit is up to three words after the number."""
    raw = str(text).strip()
    words = _UNIT_WORDS.fullmatch(raw)
    if words and words.group(2).lower().rstrip(".") not in _CURRENCY_CODES:
        try:
            return parse_number(words.group(1), what, language), words.group(2)
        except NumberTooLarge:
            raise
        except UnreadableValue:
            pass
    body, unit = raw, None
    lowered = raw.lower()
    for mark in _PERCENT + _CURRENCY_SYMBOLS:
        if raw.endswith(mark):
            body, unit = raw[: -len(mark)], mark
            break
        if mark in _CURRENCY_SYMBOLS and raw.startswith(mark):
            body, unit = raw[len(mark) :], mark
            break
    else:
        for code in _CURRENCY_CODES:
            if lowered.endswith(code) and re.search(r"[\d\s]$", raw[: -len(code)]):
                body, unit = raw[: -len(code)], raw[-len(code) :]
                break
    if unit is not None and not re.search(r"\d", body):
        raise UnreadableValue(msg("phrases.value-not-a-number", what=what, raw=repr(raw), forms=QUANTITY_FORMS_TEXT))
    try:
        return parse_number(body, what, language), unit
    except NumberTooLarge:
        raise
    except UnreadableValue:
        if unit is None:
            raise UnreadableValue(msg("phrases.value-not-a-number", what=what, raw=repr(raw), forms=QUANTITY_FORMS_TEXT)) from None
        raise UnreadableValue(msg("phrases.value-not-a-number", what=what, raw=repr(raw), forms=QUANTITY_FORMS_TEXT)) from None


_SIGNS = re.compile(r"^[^\w.,+\-\u2212]+|[^\w.,%‰]+$")  # traffic lights and other emoji around it
_OUT_OF = re.compile(r"(.+?)\s*/\s*([\d.,]+)")


def parse_confidence(text: str, what: Subject = THE_CONFIDENCE, language: Optional[str] = None) -> Number:
    """A confidence as people write it: `0.7` and `7` as written (0-1 or 0-10), `70 %` and Notion's
    `🟢 8/10` as the fraction (0.7, 0.8); an emoji or traffic light beside the number is left out."""
    raw = str(text).strip()
    body = _SIGNS.sub("", raw).strip()
    out_of = _OUT_OF.fullmatch(body)
    try:
        if out_of:
            value, scale = parse_number(out_of.group(1), what, language), parse_number(out_of.group(2), what, language)
            if scale <= 0 or not 0 <= value <= scale:
                raise UnreadableValue(msg("phrases.value-share", what=what, raw=repr(raw)))
            return round(value / scale, 10)
        value, unit = parse_quantity(body, what, language)
    except NumberTooLarge:
        raise
    except UnreadableValue as exc:
        if "scale" in str(exc):
            raise
        raise UnreadableValue(msg("phrases.value-not-a-number", what=what, raw=repr(raw), forms=CONFIDENCE_FORMS_TEXT)) from None
    if unit in _PERCENT:
        return round(value / (100 if unit == "%" else 1000), 10)
    if unit is not None:
        raise UnreadableValue(msg("phrases.value-not-a-number", what=what, raw=repr(raw), forms=CONFIDENCE_FORMS_TEXT))
    return value


# -- dates ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _month_forms() -> tuple[dict[str, int], tuple[tuple[str, int], ...]]:
    """Exact month words and stems (`maaliskuu*`) of all six languages, from the lexicons."""
    from okrcoach.language_data import derived_from_sections, section

    derived_from_sections(_month_forms.cache_clear)  # rebuilt when a rubric folder brings a language
    exact: dict[str, int] = {}
    stems: list[tuple[str, int]] = []
    for months in section("months").values():
        for number, forms in enumerate(months or [], 1):
            for form in forms or []:
                word = str(form).strip().lower()
                if word.endswith("*"):
                    stems.append((word[:-1], number))
                else:
                    exact[word.rstrip(".")] = number
    stems.sort(key=lambda stem: -len(stem[0]))
    return exact, tuple(stems)


def month_number(word: str) -> Optional[int]:
    """1-12 for a month name or abbreviation in any of the six languages (`März`, `márc.`), else None."""
    word = word.strip().lower().rstrip(".")
    if not word:
        return None
    exact, stems = _month_forms()
    if word in exact:
        return exact[word]
    for stem, number in stems:
        if word.startswith(stem):
            return number
    return None


_TIME = re.compile(r"[\sT,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?\s*$")
_ISO_LIKE = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\.?")
_DAY_FIRST = re.compile(r"(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\.?")
_WORD = r"([^\W\d_]+\.?)"
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th|\.)?\s*(?:of\s+)?{_WORD},?\s+(\d{{4}})\.?", re.I)
_MONTH_DAY_YEAR = re.compile(rf"{_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th|\.)?,?\s+(\d{{4}})", re.I)
_YEAR_MONTH_DAY = re.compile(rf"(\d{{4}})\.?\s+{_WORD}\s+(\d{{1,2}})\.?", re.I)


def _make(year: int, month: int, day: int) -> Optional[date]:
    if year < 100:
        year += 2000
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _impossible(what: Subject, text: str, year: int, month: int, day: int) -> UnreadableValue:
    if 1 <= month <= 12:
        return UnreadableValue(msg("phrases.value-no-such-day", what=what, raw=repr(text), month=month, year=str(year if year > 99 else 2000 + year), day=day))
    return UnreadableValue(msg("phrases.value-no-such-month", what=what, raw=repr(text), month=month, forms=DATE_FORMS_TEXT))


def parse_date(text: str, what: Subject = THE_DATE) -> date:
    """A date in any form listed in the module docstring; raises UnreadableValue saying what is accepted."""
    raw = str(text).strip()
    body = _TIME.sub("", raw).strip()
    body = re.sub(r"(?<=\d)-[^\W\d_]+$", "", body)  # Hungarian case endings: 31-ig, 31-én
    m = _ISO_LIKE.fullmatch(body)
    if m:
        year, month, day = (int(g) for g in m.groups())
        found = _make(year, month, day)
        if found is None:
            raise _impossible(what, raw, year, month, day)
        return found
    m = _DAY_FIRST.fullmatch(body)
    if m:
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        found = _make(year, second, first) or (_make(year, first, second) if m.group(2) == "/" else None)
        if found is None:
            raise _impossible(what, raw, year, second, first)
        return found
    if re.search(r"[^\W\d_]", body):
        for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_YEAR_MONTH_DAY, "ymd")):
            m = pattern.fullmatch(body)
            if not m:
                continue
            parts = dict(zip(order, m.groups()))
            month = month_number(parts["m"])
            if month is None:
                continue
            year, day = int(parts["y"]), int(parts["d"])
            found = _make(year, month, day)
            if found is None:
                raise _impossible(what, raw, year, month, day)
            return found
    raise UnreadableValue(msg("phrases.value-not-a-date", what=what, raw=repr(raw), forms=DATE_FORMS_TEXT))


# Numeric dates as people write them in a file, for writing a new date the same way: ISO
# (`2027-03-16`), day first with `.`, `-` or `/` (`16.03.2027`, `16-3-2027`), and Hungarian
# year first with dots (`2027. 03. 16.`, `2027.03.16.`). `NUMERIC_DATE` finds them in a text.
NUMERIC_DATE = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}\.[ ]?\d{1,2}\.[ ]?\d{1,2}\.)"
_DATE_IN_TEXT = re.compile(rf"(?<![\w./-]){NUMERIC_DATE}(?![\w/-]|\.\d)")


def date_like(value: date, example: str) -> str:
    """`value` written the way `example` (a date in the file) is: `16.03.2027` beside
    `31.03.2027`, `2027. 03. 16.` beside `2027. 03. 31.`, `6-3-2027` beside `31-3-2027` (two-digit days and months
    when the example pads one or writes both with two); ISO
    when `example` is ISO or no numeric date."""
    m = re.fullmatch(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})", example)
    if m:
        pad = _padded(m.group(1), m.group(3))
        day, month = (f"{value.day:02d}", f"{value.month:02d}") if pad else (str(value.day), str(value.month))
        return f"{day}{m.group(2)}{month}{m.group(2)}{value.year}"
    m = re.fullmatch(r"\d{4}\.( ?)(\d{1,2})\.( ?)(\d{1,2})\.", example)
    if m:
        pad = _padded(m.group(2), m.group(4))
        month, day = (f"{value.month:02d}", f"{value.day:02d}") if pad else (str(value.month), str(value.day))
        return f"{value.year}.{m.group(1)}{month}.{m.group(3)}{day}."
    return value.isoformat()


def _padded(*parts: str) -> bool:
    """Whether a date's day and month are written with two digits (`06.03.`, `31.12.`), not as
    few as needed (`6.3.`, `31.3.`)."""
    return any(part.startswith("0") for part in parts) or all(len(part) == 2 for part in parts)


def date_style_in(text: str) -> Optional[str]:
    """A date as `text` writes its numeric dates most often (the first of that form), for
    `date_like`; None when it writes none. Forms count by shape (`16.03.2027` and `31.03.2027`
    are one), and ISO wins a tie, so a file of mixed forms gets ISO."""
    counts: dict[tuple, list[str]] = {}
    for m in _DATE_IN_TEXT.finditer(text):
        written = m.group(0)
        shape = tuple("9" if ch.isdigit() else ch for ch in re.sub(r"\d+", lambda d: "99" if len(d.group(0)) == 2 else ("9999" if len(d.group(0)) == 4 else "9"), written))
        try:
            parse_date(written)
        except UnreadableValue:
            continue
        counts.setdefault(shape, []).append(written)
    if not counts:
        return None
    ranked = sorted(counts.values(), key=lambda found: (-len(found), not re.fullmatch(r"\d{4}-\d{2}-\d{2}", found[0])))
    return ranked[0][0]
