"""Build the domain model from located plain data, reporting every problem by line.

One builder serves every reader, so YAML, JSON, Markdown and CSV accept the same field names
and aliases and report unknown fields and invalid values the same way. A bad field is reported
and left out; the rest of the element is still built, so one typo never hides the other findings.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from functools import cache
from typing import Any, Callable, Literal, Optional, get_args, get_origin

from okrcoach import excerpt
from okrcoach.gate import number_problem, number_text_problem
from okrcoach.i18n import Msg, msg
from okrcoach.language_data import language_codes
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, PeriodError, Record, Source, Waiver, parse_period
from okrcoach.values import NumberTooLarge, UnreadableValue, parse_confidence, parse_date, parse_quantity

from .located import LocatedList, LocatedMap, ReadIssue

# Field aliases people use in the wild (OpenOKR, okrchestra, agentic-okr, Tability exports).
SET_ALIASES = {
    "name": "title",
    "quarter": "period",
    "cycle": "period",
    "lang": "language",
    "okrs": "objectives",
    "goals": "objectives",
}
OBJECTIVE_ALIASES = {
    "objective": "title",
    "name": "title",
    "statement": "title",
    "objective_id": "id",
    "external_id": "id",
    "type": "kind",
    "parent": "aligns_to",
    "aligns_with": "aligns_to",
    "krs": "key_results",
    "results": "key_results",
    "key_result": "key_results",
    "keyresults": "key_results",
    "notes": "description",
    "waivers": "waive",
}
KEY_RESULT_ALIASES = {
    "kr": "text",
    "key_result": "text",
    "title": "text",
    "name": "text",  # API exports of OKR tools name a key result's text as they name an objective's
    "description": "text",
    "statement": "text",
    "kr_id": "id",
    "external_id": "id",
    "metric_key": "metric",
    "baseline_value": "baseline",
    "start": "baseline",
    "start_value": "baseline",
    "from": "baseline",
    "target_value": "target",
    "to": "target",
    "current_value": "current",
    "due": "deadline",
    "due_on": "deadline",
    "due_date": "deadline",
    "owner_id": "owner",
    "waivers": "waive",
    "check_ins": "checkins",
}

# Nested fields are built recursively; the rest are validated one by one.
_NESTED = {"objectives", "key_results", "waive", "checkins"}
_TEXT_FIELDS = {"title", "team", "owner", "text", "id", "metric", "unit", "aligns_to", "description", "reason", "code", "note"}
_REQUIRED_TEXT = {Objective: "title", KeyResult: "text", Waiver: "code"}


def canonical_key(key: Any) -> str:
    """Normalise `Key Results`, `key-results` and `keyResults` to `key_results`."""
    if type(key) is str:
        known = _CANONICAL.get(key)
        if known is not None:
            return known
    text = str(key).strip()
    text = _CAMEL_BREAK.sub("_", text)
    text = _SEPARATORS.sub("_", text).casefold()  # `MESSGRÖSSE` is `Messgröße`
    if type(key) is str and len(_CANONICAL) < 4096:
        _CANONICAL[key] = text  # a file repeats the same few keys thousands of times
    return text


_CAMEL_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS = re.compile(r"[\s\-]+")
_CANONICAL: dict[str, str] = {}


@cache
def _known_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields a file may give for an element (all but `source`), in the model's order."""
    return tuple(f for f in model.model_fields if f != "source")


known_fields = _known_fields


@cache
def _adapter(model: type[Record], field: str) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(model.model_fields[field].annotation)


@cache
def _plain_check(model: type[Record], field: str):
    """A check that accepts a value already of the field's type exactly as pydantic would keep
    it (an int or float for a number, a date, a bool, one of a Literal's strings), else None.

    Values from YAML, JSON and the readers almost always have the right type; only the others
    go through pydantic (imported then), so a lint of a well-formed file never imports it while
    every odd value is converted or refused exactly as before.
    """
    annotation = model.model_fields[field].annotation
    choices = set(_choices(model, field))
    if choices:
        return lambda value: type(value) is str and value in choices
    if field in _NUMBER_FIELDS:
        if field in ("confidence", "weight"):
            return lambda value: type(value) is float and math.isfinite(value)
        return lambda value: (type(value) is float and math.isfinite(value)) or (type(value) is int and -_FLOAT_MAX < value < _FLOAT_MAX)
    if annotation in (date, Optional[date]):
        return lambda value: type(value) is date
    if annotation is bool:
        return lambda value: type(value) is bool
    if model is OkrSet and field == "language":
        return lambda value: type(value) is str and re.fullmatch(r"[a-z]{2,3}", value) is not None
    return None


_FLOAT_MAX = 2**1023  # an int beyond a float's range fails the finite check (OverflowError)


def _validated(model: type[Record], field: str, value: Any) -> Any:
    """The value a field holds: as it is when it has the field's type, else converted by pydantic
    (raising `_Invalid` with pydantic's message when it cannot be)."""
    check = _plain_check(model, field)
    if check is not None and check(value):
        return value
    from pydantic import ValidationError

    try:
        return _adapter(model, field).validate_python(value)
    except ValidationError as exc:
        detail = exc.errors()[0]
        raise _Invalid(str(detail.get("msg", "invalid value")).removeprefix("Value error, ")) from None


class _Invalid(ValueError):
    """A field value pydantic refused; the message is its first error."""


class Builder:
    """Turns located data into model objects for one file, collecting `ReadIssue`s."""

    def __init__(self, path: Optional[str], local_field: Optional[Callable[[Any, str, Any], Optional[str]]] = None) -> None:
        self.path = path
        # The field a key names in a language (`periode` → period), for keys that are no field's
        # English name or alias: `vocabulary.local_field`, given by the caller (the words are
        # the reader's vocabulary, which is built on this module).
        self.local_field = local_field
        self.issues: list[ReadIssue] = []
        self.language: Optional[str] = None  # the set's declared language, for reading `1.234`
        self._units: dict[str, str] = {}  # units written with numbers of the element being built (`8 %`)

    def issue(self, code: str, line: Optional[int], key: str, /, evidence: Optional[str] = None, **params: Any) -> None:
        """Report the issue `key` (see `ReadIssue.of`) at `line`."""
        self.issues.append(ReadIssue.of(code, line, key, evidence=evidence, **params))

    # -- public entry points -------------------------------------------------------------

    def okr_set(self, data: Any, line: Optional[int] = 1) -> Optional[OkrSet]:
        if isinstance(data, list):
            wrapped = LocatedMap(line=getattr(data, "line", line))
            wrapped.set("objectives", data, getattr(data, "line", line))
            data = wrapped
        if not isinstance(data, dict):
            self.issue("OKR004", line, "document-not-mapping", kind=_kind(data))
            return None
        declared = next((v for k, v in data.items() if self._set_key(k, v) == "language"), None)
        self.language = declared if declared in language_codes() else None
        fields = self._fields(data, OkrSet, SET_ALIASES, "set")
        if "objectives" not in fields:
            self.issue("OKR005", _line(data), "no-objectives-list")
        return self._make(OkrSet, fields, data)

    # -- helpers --------------------------------------------------------------------------

    def _set_key(self, key: Any, value: Any) -> Optional[str]:
        """The set's field a key names: its English name or alias, else its name in a language
        (`sprog` → language), as `_fields` reads it."""
        name = canonical_key(key)
        name = SET_ALIASES.get(name, name)
        if name not in _known_fields(OkrSet) and self.local_field is not None:
            name = self.local_field(key, "set", value) or name
        return name

    def _fields(self, data: dict, model: type[Record], aliases: dict[str, str], what: str) -> dict[str, Any]:
        """The known fields of one element; `what` is its kind (set, objective, key_result, waiver, checkin)."""
        known = _known_fields(model)
        fields: dict[str, Any] = {}
        for key, value in data.items():
            key_line = data.line_of(key) if isinstance(data, LocatedMap) else None
            name = canonical_key(key)
            name = aliases.get(name, name)
            if name not in known:
                name = (self.local_field(key, what, value) if self.local_field is not None else None) or name
            if name not in known:
                import difflib

                suggestion = difflib.get_close_matches(name, [*known, *aliases], n=1, cutoff=0.6)
                hint = msg("phrases.did-you-mean", name=aliases.get(suggestion[0], suggestion[0])) if suggestion else ""
                self.issue("OKR003", key_line, "unknown-field", evidence=str(key), key=str(key), where=_where(what), hint=hint, known=", ".join(known))
                continue
            if name in fields:
                self.issue("OKR002", key_line, "field-twice", name=name, where=_where(what))
                continue
            if value is None and name not in _NESTED:
                continue
            raw = data.raw.get(key) if isinstance(data, LocatedMap) else None
            built = self._value(model, name, value, raw, key_line, what)
            if built is not _INVALID:
                fields[name] = built
        return fields

    def _value(self, model: type[Record], name: str, value: Any, raw: Optional[str], line: Optional[int], what: str) -> Any:
        if name == "objectives":
            return self._list(value, line, self._objective, "objectives", "objective")
        if name == "key_results":
            return self._list(value, line, self._key_result, "key_results", "key_result")
        if name == "waive":
            return self._list(value, line, self._waiver, "waive", "waiver")
        if name == "checkins":
            return self._list(value, line, self._checkin, "checkins", "checkin")
        if name in _TEXT_FIELDS:
            if isinstance(value, (dict, list)):
                self.issue("OKR004", line, "field-not-text", name=name, where=_where(what), kind=_kind(value))
                return _INVALID
            if raw is not None:
                return raw
            return _plain_text(value)
        if name == "period":
            if isinstance(value, (dict, list)):
                self.issue("OKR004", line, "period-not-text", kind=_kind(value))
                return _INVALID
            try:
                return parse_period(raw if raw is not None else _plain_text(value))
            except ValueError as exc:
                reversed_ = isinstance(exc, PeriodError) and exc.reversed
                self.issue("OKR004", line, "period-reversed" if reversed_ else "period-unknown", evidence=str(value), value=str(value))
                return _INVALID
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str) and name in _NUMBER_FIELDS:
            too_long = number_text_problem(value)
            if too_long is not None:
                self.issue("OKR004", line, "number-too-long", problem=too_long)
                return _INVALID
            try:
                if name == "confidence":  # `70 %`, `🟢 8/10`: the fraction
                    number, unit = parse_confidence(value, f"`{name}` in {what}", self.language), None
                else:
                    number, unit = parse_quantity(value, f"`{name}` in {what}", self.language)
            except NumberTooLarge:
                self.issue("OKR004", line, "number-too-large", evidence=_clipped(value), name=name, where=_where(what), value=_clipped(value))
                return _INVALID
            except UnreadableValue:
                self.issue("OKR004", line, "not-a-number", evidence=_clipped(value), name=name, where=_where(what), value=_clipped(value))
                return _INVALID
            if unit is not None:
                self._units.setdefault(name, unit)
            value = number
        elif isinstance(value, str) and name in _DATE_FIELDS:
            try:
                return parse_date(value, f"`{name}` in {what}")
            except UnreadableValue:
                self.issue("OKR004", line, "not-a-date", evidence=_clipped(value), name=name, where=_where(what), value=_clipped(value))
                return _INVALID
        if model is OkrSet and name == "language" and value not in language_codes():
            given = _clipped(_plain_text(value))
            self.issue("OKR004", line, "not-a-choice", evidence=given, name=name, where=_where(what), value=given, choices=", ".join(language_codes()))
            return _INVALID
        try:
            return _validated(model, name, value)
        except _Invalid as exc:
            given = _clipped(_plain_text(value))
            if name in _NUMBER_FIELDS:
                problem = number_problem(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
                if problem is not None:
                    self.issue("OKR004", line, "number-not-finite" if problem == "not-finite" else "number-too-large", evidence=given, name=name, where=_where(what), value=given)
                else:
                    self.issue("OKR004", line, "not-a-number", evidence=given, name=name, where=_where(what), value=given)
                return _INVALID
            choices = _choices(model, name)
            if choices:
                self.issue("OKR004", line, "not-a-choice", evidence=given, name=name, where=_where(what), value=given, choices=", ".join(choices))
            elif name in ("deadline", "date"):
                self.issue("OKR004", line, "not-a-date", evidence=given, name=name, where=_where(what), value=given)
            elif name == "guardrail":
                self.issue("OKR004", line, "not-true-or-false", evidence=given, name=name, where=_where(what), value=given)
            else:
                self.issue("OKR004", line, "invalid-field", evidence=given, name=name, where=_where(what), value=given, detail=str(exc))
            return _INVALID

    def _list(self, value: Any, line: Optional[int], build_item, field: str, item_name: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.issue("OKR004", line, "not-a-list", field=field, item=item_name, kind=_kind(value))
            return []
        items = []
        for index, item in enumerate(value):
            item_line = value.line_of(index) if isinstance(value, LocatedList) else line
            raw = value.raw_items[index] if isinstance(value, LocatedList) and index < len(value.raw_items) else None
            built = build_item(item, item_line, raw)
            if built is not None:
                items.append(built)
        return items

    def _objective(self, item: Any, line: Optional[int], raw: Optional[str]) -> Optional[Objective]:
        if isinstance(item, str) or (item is not None and not isinstance(item, (dict, list))):
            item = _wrap(item, "title", line, raw)
        if not isinstance(item, dict):
            self.issue("OKR004", line, "objective-not-mapping", kind=_kind(item))
            return None
        fields = self._fields(item, Objective, OBJECTIVE_ALIASES, "objective")
        return self._make(Objective, fields, item, line)

    def _key_result(self, item: Any, line: Optional[int], raw: Optional[str]) -> Optional[KeyResult]:
        if item is not None and not isinstance(item, (dict, list)):
            # Its text alone (most key results): the one field `_fields` builds from `_wrap(item,
            # "text", …)`, as the user typed it, without a mapping made and read back per key result.
            self._units = {}
            return self._make(KeyResult, {"text": raw if raw is not None else _plain_text(item)}, None, line)
        if not isinstance(item, dict):
            self.issue("OKR004", line, "key-result-not-mapping", kind=_kind(item))
            return None
        self._units = {}
        fields = self._fields(item, KeyResult, KEY_RESULT_ALIASES, "key_result")
        self._apply_units(fields, item, line)
        return self._make(KeyResult, fields, item, line)

    def _apply_units(self, fields: dict[str, Any], item: Any, line: Optional[int]) -> None:
        """`8 %` in a baseline, target or current gives the unit when `unit` is not set; a
        percentage confidence or weight (`70 %`) is the fraction (0.7)."""
        for name in ("confidence", "weight"):
            if self._units.get(name) == "%" and isinstance(fields.get(name), (int, float)):
                fields[name] = round(fields[name] / 100, 10)
        units = [self._units[name] for name in ("baseline", "target", "current") if name in self._units]
        if units and "unit" not in fields:
            fields["unit"] = units[0]
        self._units = {}

    def _waiver(self, item: Any, line: Optional[int], raw: Optional[str]) -> Optional[Waiver]:
        if not isinstance(item, dict):
            self.issue("OKR004", line, "waiver-not-mapping", kind=_kind(item))
            return None
        fields = self._fields(item, Waiver, {"rule": "code", "why": "reason"}, "waiver")
        if not str(fields.get("reason", "")).strip():
            self.issue("OKR901", _line(item, line), "waiver-without-reason", code=fields.get("code", "?"))
            return None
        return self._make(Waiver, fields, item, line)

    def _checkin(self, item: Any, line: Optional[int], raw: Optional[str]) -> Optional[Checkin]:
        if not isinstance(item, dict):
            self.issue("OKR004", line, "checkin-not-mapping", kind=_kind(item))
            return None
        outer, self._units = self._units, {}
        fields = self._fields(item, Checkin, {}, "checkin")
        if self._units.get("confidence") == "%" and isinstance(fields.get("confidence"), (int, float)):
            fields["confidence"] = round(fields["confidence"] / 100, 10)
        self._units = outer
        return self._make(Checkin, fields, item, line)

    def _make(self, model: type[Record], fields: dict[str, Any], data: Any, line: Optional[int] = None):
        where = _line(data, line)
        required = _REQUIRED_TEXT.get(model)
        if required and not str(fields.get(required, "")).strip():
            if model is Waiver:
                self.issue("OKR004", where, "waiver-without-code")
                return None
            self.issue("OKR004", where, "missing-field", element=_NAMES[model], field=required)
            fields[required] = ""
        if model is Checkin and not {"date", "value"} <= fields.keys():
            self.issue("OKR004", where, "checkin-incomplete")
            return None
        if "source" in model.model_fields:
            fields["source"] = Source.model_construct(path=self.path, line=where, span=getattr(data, "span", None))
        # Every field was converted and checked on its own (`_value`, `_validated`, the required
        # texts above), exactly as the model's constructor would: build it without checking again.
        return model.from_fields(fields)


_INVALID = object()
_NUMBER_FIELDS = {"baseline", "target", "current", "confidence", "weight", "value"}
_DATE_FIELDS = {"deadline", "date"}
_NAMES = {OkrSet: "set", Objective: "objective", KeyResult: "key_result", Waiver: "waiver", Checkin: "checkin"}


def _where(what: str) -> Msg:
    """ "in an objective", "i en målsætning", "tavoitteessa": where a field stands, in any language."""
    return msg("phrases.in-element", element=what)


def _choices(model: type[Record], name: str) -> list[str]:
    """The allowed values of a field typed as a `Literal` (kind, direction, language), else none."""
    annotation = model.model_fields[name].annotation
    for candidate in (annotation, *get_args(annotation)):
        if get_origin(candidate) is Literal:
            return [str(v) for v in get_args(candidate)]
    return []


def _wrap(value: Any, field: str, line: Optional[int], raw: Optional[str]) -> LocatedMap:
    wrapped = LocatedMap(line=line)
    wrapped.set(field, value, line, raw if raw is not None else _plain_text(value))
    return wrapped


def _clipped(text: str, width: int = 40) -> str:
    """A value for a message, clipped: a 400-digit number or a 6,000-character text stays short."""
    return excerpt.clip(text, width)


def _plain_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _line(data: Any, default: Optional[int] = None) -> Optional[int]:
    line = getattr(data, "line", None)
    return line if line is not None else default


def _kind(value: Any) -> Msg:
    """What a value is ("a list", "en liste"), for messages about a value of the wrong kind."""
    if isinstance(value, dict):
        kind = "mapping"
    elif isinstance(value, list):
        kind = "list"
    elif value is None:
        kind = "empty"
    elif isinstance(value, bool):
        kind = "boolean"
    elif isinstance(value, (int, float)):
        kind = "number"
    else:
        kind = "text"
    return msg("phrases.value-kind", kind=kind)


PERIOD_IN_TEXT = re.compile(
    r"(?<!\w)(Q[1-4][ /-]?\d{4}|\d{4}[ /-]?Q[1-4]|H[12][ /-]?\d{4}|\d{4}[ /-]?H[12]|FY ?\d{4}|FY ?\d{2}|"
    r"\d{4}-\d{2}-\d{2} ?\.\. ?\d{4}-\d{2}-\d{2})(?!\w)",
    re.I,
)


def period_in_text(text: str) -> Optional[str]:
    """The first period written in a title or heading (`Marketing OKRs Q1 2027`, `FY2027`), as
    written, or None: what the Markdown and CSV readers take as the set's period from a title."""
    for m in PERIOD_IN_TEXT.finditer(text):
        try:
            parse_period(m.group(1))
        except ValueError:
            continue
        return m.group(1)
    return _worded_period_in(text)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_PERIOD_WORDS_AROUND = 3  # how many words before and after a year a worded period may take


def _worded_period_in(text: str) -> Optional[str]:
    """A period in words around a year in a title (`Vertrieb OKRs 1. Quartal 2027`, `Salg – 2.
    halvår 2027`), as written: the longest run of words around the first year that reads as a
    period and says more than the year (a bare year in a title is a name: `Vision 2030`)."""
    if len(text) > 400 or not _YEAR.search(text):
        return None
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    for i, (start, end) in enumerate(words):
        if not _YEAR.search(text, start, end):
            continue
        best: Optional[str] = None
        for first in range(max(0, i - _PERIOD_WORDS_AROUND), i + 1):
            for last in range(i, min(len(words), i + _PERIOD_WORDS_AROUND + 1)):
                candidate = text[words[first][0] : words[last][1]].lstrip("([{\"'–—- ").rstrip(".,:;)]}\"'–—- ")
                if (best is not None and len(candidate) <= len(best)) or re.fullmatch(r"(?:19|20)\d{2}\.?", candidate):
                    continue
                try:
                    parse_period(candidate)
                except ValueError:
                    continue
                best = candidate
        if best is not None:
            return best
    return None
