"""How a file writes its numbers, so a value written into it looks like the values around it.

A number okrcoach writes into an existing file (a check-in's value, a baseline, target or
current set in the TUI or by `improve`) follows the style the file already uses: its decimal
mark (`4,1` or `4.1`), its thousands separator (`12.000`, `12 000` with a space or a narrow no-break space,
`12,000` or `12000`) and a percent or currency suffix (`99,5%`, `54,90 €`, `950 kr.`). The style is judged
from the key result's own numeric fields first, then the same field of the other key results
(a table's column), then every numeric field of the file (never its prose, where `2027` is a
year). Where the file shows nothing, the output is `number`'s (`14000`, `4.6`).

Every editor gives its values to `number_forms` and tries the forms in order; the engine reads
each edit back, so a form the reader would take for another value (`1,375` in a file read as
English, or `60%` that would give a key result without a unit the unit `%`) is passed over
for the next one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Optional, Sequence

from okrcoach.language_data import decimal_mark
from okrcoach.model import OkrSet

from .text import number, writes_decimal_comma

NUMERIC_FIELDS = ("baseline", "target", "current")

_SPACES = " \u00a0\u202f\u2009"
_SAMPLE = re.compile(
    r"[+\-\u2212]?(?P<body>\d(?:[\d.,\u00a0\u202f\u2009 ]*\d)?)"
    r"(?P<suffix>[ \u00a0\u202f]?(?:[%‰€$£¥]|(?i:eur|usd|gbp|dkk|sek|nok|chf|huf|kr\.?|ft)(?![^\W\d_])))?"
)
# A key result's own numbers may also end in its unit word (`2 h`, `30 min`, `500 Nutzer`): kept
# while it is still the key result's unit, never spread to other key results, whose units differ.
_OWN_SAMPLE = re.compile(_SAMPLE.pattern.replace("(?i:eur", "[^\\W\\d_]+\\.?(?![^\\W\\d_])|(?i:eur", 1))


@dataclass(frozen=True)
class NumberStyle:
    """A way to write numbers; None where the samples did not show it."""

    decimal: Optional[str] = None  # "," or "."
    group: Optional[str] = None  # the thousands separator; "" for none
    suffix: Optional[str] = None  # "%", " %" …; "" for none

    def merged(self, fallback: "NumberStyle") -> "NumberStyle":
        """This style, with what it does not show taken from `fallback`."""
        return NumberStyle(
            self.decimal if self.decimal is not None else fallback.decimal,
            self.group if self.group is not None else fallback.group,
            self.suffix if self.suffix is not None else fallback.suffix,
        )

    def write(self, value: object, grouped: bool = True, suffixed: bool = True, padded: bool = False) -> str:
        """`value` written in this style: 14000 → `14.000`, 4.6 → `4,6`, 60 → `60%`; `padded`
        writes three decimals with a fourth 0 (`1,0010`), as `1,001` may read as thousands."""
        plain = number(value)
        sign = "-" if plain.startswith("-") else ""
        whole, _, fraction = plain.lstrip("-").partition(".")
        decimal = self.decimal or "."
        group = self.group or ""
        if grouped and group and group != decimal and len(whole) > 3 and whole.isdigit():
            head = len(whole) % 3 or 3
            whole = whole[:head] + "".join(group + whole[i : i + 3] for i in range(head, len(whole), 3))
        if padded and len(fraction) == 3:
            fraction += "0"
        text = sign + whole + (decimal + fraction if fraction else "")
        return text + (self.suffix or "" if suffixed else "")


def _evidence(sample: str, language_mark: Optional[str], unit: Optional[str] = None) -> Optional[NumberStyle]:
    """What one written value shows of its style, or None when it is not a plain number; `unit`:
    the unit of the key result the value belongs to, whose word after it (`2 h`) is its suffix."""
    m = _SAMPLE.fullmatch(sample.strip())
    if m is None and unit:
        m = _OWN_SAMPLE.fullmatch(sample.strip())
        if m is not None and (m.group("suffix") or "").strip() != unit.strip():
            return None
    if m is None:
        return None
    body = m.group("body")
    suffix = m.group("suffix") or ""
    separators = [ch for ch in body if not ch.isdigit()]
    if not separators:
        return NumberStyle(None, "" if len(body) > 4 else None, suffix)  # `2027` may be a year: 5 digits say it
    kinds = list(dict.fromkeys(" " if ch in _SPACES else ch for ch in separators))
    if len(kinds) > 2:
        return None
    if len(kinds) == 2:
        decimal = separators[-1]
        if decimal not in ".," or body.count(decimal) > 1:
            return None
        whole = body[: body.rfind(decimal)]
        group = next(ch for ch in separators if ch != decimal)
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", whole):
            return None
        return NumberStyle(decimal, group, suffix)
    separator = separators[0]
    if len(separators) > 1 or separator in _SPACES:
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+", body):
            return None
        if separator in _SPACES and len(set(separators)) > 1:
            return None
        decimal = {".": ",", ",": "."}.get(separator)
        return NumberStyle(decimal, separator, suffix)
    whole, _, fraction = body.partition(separator)
    if len(fraction) == 3 and 1 <= len(whole) <= 3 and whole[0] != "0" and language_mark != separator:
        return NumberStyle({".": ",", ",": "."}[separator], separator, suffix)  # `12.000` reads as twelve thousand
    return NumberStyle(separator, "" if len(whole) > 3 else None, suffix)


def _vote(samples: Iterable[str], language_mark: Optional[str], suffix: bool, unit: Optional[str] = None) -> NumberStyle:
    """The style most of `samples` show (attribute by attribute); `unit`: theirs, for samples of
    one key result."""
    found = [e for e in (_evidence(s, language_mark, unit) for s in samples if s and s.strip()) if e is not None]

    def most(values: list[str]) -> Optional[str]:
        return Counter(values).most_common(1)[0][0] if values else None

    decimal = most([e.decimal for e in found if e.decimal is not None])
    group = most([e.group for e in found if e.group is not None])
    kept = most([e.suffix for e in found if e.suffix is not None]) if suffix else None
    return NumberStyle(decimal, group, kept)


def style_at(
    fields: Sequence[Mapping[str, str]],
    at: int,
    name: str,
    decimal_comma: bool = False,
    language_mark: Optional[str] = None,
    unit: Optional[str] = None,
) -> NumberStyle:
    """The style for a value of field `name` of key result `at`, given the written text of every
    key result's numeric fields (`fields[k][name]`, in file order). `decimal_comma` is the file's
    decimal mark where no value shows one (a `;` sheet). `language_mark` is the decimal mark of the
    language the file is read in, which tells `12.000` (twelve thousand) from `12.000` (twelve).
    `unit` is key result `at`'s: its word after its own numbers (`2 h`) stays in what is written,
    unless the field itself is written without it (`3`), whose form is kept."""
    own = [text for key, text in fields[at].items() if key in NUMERIC_FIELDS] if 0 <= at < len(fields) else []
    itself = fields[at].get(name, "") if 0 <= at < len(fields) else ""
    column = [kr.get(name, "") for i, kr in enumerate(fields) if i != at]
    everywhere = [text for kr in fields for key, text in kr.items() if key in NUMERIC_FIELDS]
    # The field's own form first: a value written over `3` stays without the unit word its
    # siblings have (`2 h`), one written over `3 h` keeps it.
    style = _vote([itself], language_mark, suffix=True, unit=unit).merged(_vote(own, language_mark, suffix=True, unit=unit))
    style = style.merged(_vote(column, language_mark, suffix=True))
    return style.merged(style_of(everywhere, decimal_comma, language_mark, suffix=False))


def style_of(samples: Iterable[str], decimal_comma: bool = False, language_mark: Optional[str] = None, suffix: bool = True, unit: Optional[str] = None) -> NumberStyle:
    """The style `samples` show, with today's output (`number`'s, `,` in a file of decimal
    commas) for what they do not show; `unit`: for samples of one key result, its unit, whose
    word after a number (`2 h`) is kept."""
    return _vote(samples, language_mark, suffix, unit).merged(NumberStyle("," if decimal_comma else ".", "", ""))


def number_forms(value: object, style: NumberStyle) -> list[str]:
    """Ways to write a number, the file's own first, then with less of its style (and with a
    fourth decimal where three would read as thousands), then `number`'s."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return [number(value)]
    lesser = (style, NumberStyle(style.decimal, "", style.suffix), NumberStyle(style.decimal, style.group, ""), NumberStyle(style.decimal, "", ""))
    forms = [way.write(value, padded=padded) for padded in (False, True) for way in lesser]
    return list(dict.fromkeys([*forms, number(value)]))


def style_in_file(text: str, okr_set: OkrSet, oi: int, ki: int, name: str, written: Callable[[int, int], Mapping[str, str]]) -> NumberStyle:
    """`style_at` for field `name` of key result (oi, ki) of a file (`text`, read as `okr_set`), where
    `written(o, k)` gives key result (o, k)'s numeric fields as the file writes them."""
    fields: list[Mapping[str, str]] = []
    at = -1
    for o, objective in enumerate(okr_set.objectives):
        for k in range(len(objective.key_results)):
            if (o, k) == (oi, ki):
                at = len(fields)
            fields.append(written(o, k))
    unit = okr_set.objectives[oi].key_results[ki].unit
    return style_at(fields, at, name, writes_decimal_comma(text), decimal_mark(okr_set.language), unit)
