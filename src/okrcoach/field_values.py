"""Structured fields typed by hand: read leniently, and kept while they are not valid yet.

An editor (the TUI's key-result fields) must never drop what someone typed: `31.03.2027` is a
deadline, `8 %` a target with its unit, and `next tuesday` stays in its input with a message
saying what is accepted, marks the document modified and blocks saving until it is fixed or the
edit is cancelled. Pure logic, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from okrcoach.i18n import SOURCE_LANGUAGE, Msg, msg
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.values import CONFIDENCE_FORMS_TEXT, DATE_FORMS_TEXT, QUANTITY_FORMS_TEXT, parse_confidence, parse_date, parse_quantity

NUMBER_FIELDS = ("baseline", "target", "current", "confidence", "weight")
DATE_FIELDS = ("deadline",)


@dataclass(frozen=True)
class Parsed:
    """A typed field's value (None when the input is empty) and a unit typed with a number."""

    value: Any
    unit: Optional[str] = None


def parse_field(name: str, raw: str, language: Optional[str] = None) -> Parsed:
    """Read what was typed into field `name`; raises UnreadableValue whose message names the field,
    what was typed and what is accepted."""
    text = raw.strip()
    if not text:
        return Parsed(None)
    if name == "confidence":
        return Parsed(parse_confidence(text, msg("phrases.value-subject", name=name), language))
    if name in NUMBER_FIELDS:
        value, unit = parse_quantity(text, msg("phrases.value-subject", name=name), language)
        if name in ("confidence", "weight") and unit == "%":
            return Parsed(round(value / 100, 10))
        return Parsed(value, unit)
    if name in DATE_FIELDS:
        return Parsed(parse_date(text, msg("phrases.value-subject", name=name)))
    return Parsed(text)


def accepted_forms(name: str, language: str = SOURCE_LANGUAGE) -> str:
    """What a field accepts, in `language`, for hints and messages."""
    return accepted_forms_text(name).render(language)


def accepted_forms_text(name: str) -> Msg:
    """What a field accepts, in any language."""
    if name == "confidence":
        return CONFIDENCE_FORMS_TEXT
    if name in NUMBER_FIELDS:
        return QUANTITY_FORMS_TEXT
    if name in DATE_FIELDS:
        return DATE_FORMS_TEXT
    return msg("phrases.any-text")


@dataclass(frozen=True)
class Pending:
    """A value typed into a field that is not valid yet."""

    element: Objective | KeyResult
    label: str  # O1.KR2
    field: str
    raw: str
    message: str

    def describe(self) -> str:
        return f"{self.label} {self.field}: {self.message}"


class PendingFields:
    """Invalid typed values by element and field; elements are matched by identity, so a value
    follows its key result when key results are moved."""

    def __init__(self) -> None:
        self._entries: dict[tuple[int, str], Pending] = {}

    def __bool__(self) -> bool:
        return bool(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return iter(list(self._entries.values()))

    def set(self, element: Objective | KeyResult, label: str, field: str, raw: str, message: str) -> None:
        self._entries[(id(element), field)] = Pending(element, label, field, raw, message)

    def get(self, element: Objective | KeyResult, field: str) -> Optional[Pending]:
        entry = self._entries.get((id(element), field))
        return entry if entry is not None and entry.element is element else None

    def clear(self, element: Objective | KeyResult, field: str) -> Optional[Pending]:
        return self._entries.pop((id(element), field), None)

    def prune(self, okr_set: OkrSet) -> list[Pending]:
        """Drop (and return) values whose element is no longer in the set (deleted, or replaced by
        undo or an accepted suggestion)."""
        present = {id(o) for o in okr_set.objectives} | {id(kr) for o in okr_set.objectives for kr in o.key_results}
        gone = [key for key, entry in self._entries.items() if key[0] not in present]
        return [self._entries.pop(key) for key in gone]
