"""Record a check-in inside an OKR file, leaving every other byte alone.

`record_checkin` takes a file's text and returns the new text: the check-in is appended to the key
result's `checkins` and `current` is set to the newest check-in's value. The edit goes through the
document layer (`okrcoach.documents`), which touches only the key result's own lines and reads
the result back; a CSV row holds one check-in (its latest: `current`, `checkin_date`,
`checkin_confidence`, `note`), so there a newer check-in replaces the row's one.

Pure: text in, text out; no clock, no file system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Union

from okrcoach import values
from okrcoach.documents import AddCheckin, Change, EditRefused, SetField, apply_changes, table_row_checkin
from okrcoach.formats import read_text
from okrcoach.i18n import Msg, SaidError, msg
from okrcoach.model import Checkin, KeyResult, OkrSet
from okrcoach.progress import sorted_checkins
from okrcoach.values import UnreadableValue, parse_quantity
from okrcoach.values import parse_confidence as read_confidence

Number = Union[int, float]


class CheckinError(SaidError):
    """A bad reference, value, confidence or date (the caller's mistake; exit 2); the message is a
    catalogue text, said in the reader's language."""


WriteRefused = EditRefused  # the check-in cannot be written in place; nothing is written


# -- values -----------------------------------------------------------------------------------------


def parse_confidence(text: str) -> Number:
    """A confidence on a 0-1 scale (0.7) or a 0-10 scale (7), kept as written; `70 %` and `7/10`
    are the fraction (0.7)."""
    try:
        value = read_confidence(text, "--confidence")
    except UnreadableValue as exc:
        raise CheckinError(exc.message) from None
    if not 0 <= value <= 10:
        raise CheckinError(msg("cli.checkin.confidence-range", value=text))
    return value


def checkin_value(text: str, kr: KeyResult, ref: str, language: Optional[str] = None) -> Number:
    """The value a check-in of `kr` records, from what the user typed: a number (`42`, `12,5`), or
    a number with the key result's own unit (`23%`, `23 %`, `23,5 %` for a key result in %, `1.200
    €` for one in €), read in the file's `language`. A unit the key result is not counted in is
    refused with what to type instead: the number alone would be recorded as if in its unit."""
    try:
        return values.parse_number(text, "VALUE", language)  # through the module: one reader for every value
    except UnreadableValue as exc:
        unreadable = exc  # its words say what is wrong with a number (`1,2,3`, `12x`)
    try:
        number, unit = parse_quantity(text, "VALUE", language)
    except UnreadableValue:
        raise CheckinError(unreadable.message) from None
    if unit is None:
        raise CheckinError(unreadable.message)
    if _counts_in(kr, unit):
        return number
    if unit.strip() == "%" and not kr.unit and _counts_in_fractions(kr):
        return number / 100  # `70 %` of a key result written as fractions (0.6 to 0.75) is 0.7
    if not re.fullmatch(r"[^\w\s]+", unit.strip()) and not kr.unit:
        raise CheckinError(unreadable.message)  # `12x`: a slip of the keyboard more likely than a unit
    shown = format(number, "g") if isinstance(number, float) else str(number)
    if kr.unit:
        raise CheckinError(msg("cli.checkin.value-other-unit", ref=ref, unit=kr.unit, typed=unit, number=shown))
    raise CheckinError(msg("cli.checkin.value-no-unit", ref=ref, typed=unit, number=shown))


def _counts_in(kr: KeyResult, unit: str) -> bool:
    """Whether `kr` is counted in `unit`: its `unit` field says so or, without one, its text
    writes its numbers with it (`from 60 % to 75 %`)."""
    wanted = unit.strip().lower().rstrip(".")
    if kr.unit:
        return kr.unit.strip().lower().rstrip(".") == wanted
    return re.search(r"\d\s?" + re.escape(unit.strip()), kr.text, re.I) is not None


def _counts_in_fractions(kr: KeyResult) -> bool:
    """Whether `kr` writes its numbers as fractions: a baseline or target, each between 0 and 1."""
    numbers = [n for n in (kr.baseline, kr.target) if n is not None]
    return bool(numbers) and all(0 <= n <= 1 for n in numbers) and any(isinstance(n, float) for n in numbers)


# -- references -------------------------------------------------------------------------------------

_POSITIONAL = re.compile(r"\s*[Oo]\s*(\d+)\s*[.:/ ]?\s*[Kk][Rr]\s*(\d+)\s*")


def find_key_result(okr_set: OkrSet, ref: str) -> tuple[int, int]:
    """(objective index, key result index) for `O2.KR1` (1-based) or a key result `id`.

    An exact id wins over the positional form; ids are then matched ignoring case.
    """
    located = [(oi, ki, kr) for oi, o in enumerate(okr_set.objectives) for ki, kr in enumerate(o.key_results)]
    for matcher in (lambda kr: kr.id == ref.strip(), lambda kr: kr.id is not None and kr.id.casefold() == ref.strip().casefold()):
        found = [(oi, ki) for oi, ki, kr in located if matcher(kr)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            refs = [f"O{oi + 1}.KR{ki + 1}" for oi, ki in found]
            where: "Msg | str" = refs[0]
            for other in refs[1:]:
                where = msg("cli.checkin.and", first=where, last=other)
            raise CheckinError(msg("cli.checkin.id-twice", id=repr(ref), refs=where, example=refs[0]))
        if _POSITIONAL.fullmatch(ref):
            break
    m = _POSITIONAL.fullmatch(ref)
    if m:
        oi, ki = int(m.group(1)), int(m.group(2))
        count = len(okr_set.objectives)
        if not 1 <= oi <= count:
            raise CheckinError(msg("cli.checkin.no-such-objective", ref=ref.strip(), count=count))
        krs = okr_set.objectives[oi - 1].key_results
        if not 1 <= ki <= len(krs):
            raise CheckinError(msg("cli.checkin.no-such-key-result", ref=ref.strip(), objective=f"O{oi}", count=len(krs)))
        return oi - 1, ki - 1
    ids = [kr.id for _, _, kr in located if kr.id]
    import difflib

    close = difflib.get_close_matches(ref.strip(), ids, n=1)
    hint = msg("cli.config.did-you-mean-rule", name=repr(close[0])) if close else (msg("cli.checkin.the-ids", ids=", ".join(ids)) if ids else msg("cli.checkin.no-ids"))
    raise CheckinError(msg("cli.checkin.no-key-result", ref=repr(ref.strip()), hint=hint))


# -- the edit ---------------------------------------------------------------------------------------


@dataclass
class Recorded:
    text: str
    okr_set: OkrSet  # the set as it reads after the edit
    key_result: KeyResult
    previous: Optional[Number]  # `current` before (or the last check-in's value)
    history_kept: bool  # False for CSV: a row holds only the latest check-in
    replaced: Optional[Checkin] = None  # CSV: the row's check-in this one replaced


def checkin_changes(okr_set: OkrSet, oi: int, ki: int, checkin: Checkin, fmt: str) -> list[Change]:
    """The changes that record `checkin`: `current` to the newest value, and the check-in itself."""
    kr = okr_set.objectives[oi].key_results[ki]
    held = table_row_checkin(kr, checkin) if fmt == "md" else None
    if held is not None:  # a Markdown table row holds one check-in, as a CSV row does
        changes: list[Change] = [AddCheckin((oi, ki), checkin)]
        if held.current is not None and held.current != checkin.value:
            changes.append(SetField((oi, ki), "current", checkin.value))  # a `Current` column beside the `Check-in` one
        return changes
    if fmt == "csv":
        latest = sorted_checkins(kr.checkins)[-1] if kr.checkins else None
        if latest is not None and latest.date > checkin.date:
            raise WriteRefused(msg("phrases.cannot-edit-csv-older-checkin", date=latest.date.isoformat()))
        newest = checkin.value
    else:
        newest = sorted_checkins([*kr.checkins, checkin])[-1].value
    changes = []
    if kr.current != newest or kr.current is None:
        changes.append(SetField((oi, ki), "current", newest))
    changes.append(AddCheckin((oi, ki), checkin))
    return changes


def record_checkin(text: str, fmt: str, objective_index: int, key_result_index: int, checkin: Checkin) -> Recorded:
    """The file's new text with the check-in recorded; raises WriteRefused if that is not safe."""
    before = read_text(text, "file", fmt)
    if before.okr_set is None:
        raise WriteRefused(msg("phrases.cannot-edit-internal", what="unreadable"))
    old_kr = before.okr_set.objectives[objective_index].key_results[key_result_index]
    previous = old_kr.current if old_kr.current is not None else (sorted_checkins(old_kr.checkins)[-1].value if old_kr.checkins else None)
    changes = checkin_changes(before.okr_set, objective_index, key_result_index, checkin, fmt)
    edited = apply_changes(text, fmt, changes, "file")
    new_kr = edited.okr_set.objectives[objective_index].key_results[key_result_index]
    one_a_row = fmt == "csv" or (fmt == "md" and table_row_checkin(old_kr, checkin) is not None)
    replaced = sorted_checkins(old_kr.checkins)[-1] if one_a_row and old_kr.checkins else None
    return Recorded(edited.text, edited.okr_set, new_kr, previous, not one_a_row, replaced)
