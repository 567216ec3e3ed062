"""Build the domain model from located plain data, reporting every problem by line.

One builder serves every reader, so YAML, JSON, Markdown and CSV accept the same field names
and aliases and report unknown fields and invalid values the same way. A bad field is reported
and left out; the rest of the element is still built, so one typo never hides the other findings.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Optional

from pydantic import BaseModel, TypeAdapter, ValidationError

from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, Source, Waiver, parse_period

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
    text = str(key).strip()
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    return re.sub(r"[\s\-]+", "_", text).lower()


@lru_cache(maxsize=None)
def _adapter(model: type[BaseModel], field: str) -> TypeAdapter:
    return TypeAdapter(model.model_fields[field].annotation)


def _first_error(error: ValidationError) -> str:
    detail = error.errors()[0]
    message = str(detail.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


class Builder:
    """Turns located data into model objects for one file, collecting `ReadIssue`s."""

    def __init__(self, path: Optional[str]) -> None:
        self.path = path
        self.issues: list[ReadIssue] = []

    def issue(self, code: str, line: Optional[int], message: str, fix: str, evidence: Optional[str] = None) -> None:
        self.issues.append(ReadIssue(code=code, line=line, message=message, fix=fix, evidence=evidence))

    # -- public entry points -------------------------------------------------------------

    def okr_set(self, data: Any, line: Optional[int] = 1) -> Optional[OkrSet]:
        if isinstance(data, list):
            wrapped = LocatedMap(line=getattr(data, "line", line))
            wrapped.set("objectives", data, getattr(data, "line", line))
            data = wrapped
        if not isinstance(data, dict):
            self.issue(
                "OKR004",
                line,
                f"the document is a {_kind(data)}, not a mapping of OKR fields",
                "Start the file with `objectives:` and list each objective under it (see `okrcoach lint --help`).",
            )
            return None
        fields = self._fields(data, OkrSet, SET_ALIASES, "OKR set")
        if "objectives" not in fields:
            self.issue(
                "OKR005",
                _line(data),
                "no `objectives:` list found, so there is nothing to lint",
                "Add `objectives:` with at least one objective and its key results.",
            )
        return self._make(OkrSet, fields, data)

    # -- helpers --------------------------------------------------------------------------

    def _fields(self, data: dict, model: type[BaseModel], aliases: dict[str, str], what: str) -> dict[str, Any]:
        known = [f for f in model.model_fields if f != "source"]
        fields: dict[str, Any] = {}
        for key, value in data.items():
            key_line = data.line_of(key) if isinstance(data, LocatedMap) else None
            name = canonical_key(key)
            name = aliases.get(name, name)
            if name not in known:
                suggestion = difflib.get_close_matches(name, known + list(aliases), n=1, cutoff=0.6)
                hint = f"Did you mean `{aliases.get(suggestion[0], suggestion[0])}`? " if suggestion else ""
                self.issue(
                    "OKR003",
                    key_line,
                    f"unknown field `{key}` in {what}; it is ignored",
                    f"{hint}Known fields: {', '.join(known)}.",
                    evidence=str(key),
                )
                continue
            if name in fields:
                self.issue("OKR002", key_line, f"field `{name}` is given twice in {what}", f"Keep one `{name}`.")
                continue
            if value is None and name not in _NESTED:
                continue
            raw = data.raw.get(key) if isinstance(data, LocatedMap) else None
            built = self._value(model, name, value, raw, key_line, what)
            if built is not _INVALID:
                fields[name] = built
        return fields

    def _value(self, model: type[BaseModel], name: str, value: Any, raw: Optional[str], line: Optional[int], what: str) -> Any:
        if name == "objectives":
            return self._list(value, line, self._objective, "objectives", "objective")
        if name == "key_results":
            return self._list(value, line, self._key_result, "key_results", "key result")
        if name == "waive":
            return self._list(value, line, self._waiver, "waive", "waiver")
        if name == "checkins":
            return self._list(value, line, self._checkin, "checkins", "check-in")
        if name in _TEXT_FIELDS:
            if isinstance(value, (dict, list)):
                self.issue("OKR004", line, f"`{name}` in {what} must be text, not a {_kind(value)}", f"Write `{name}` as one line of text.")
                return _INVALID
            if raw is not None:
                return raw
            return _plain_text(value)
        if name == "period":
            if isinstance(value, (dict, list)):
                self.issue("OKR004", line, f"`period` must be text like 2027-Q1, not a {_kind(value)}", "Write the period as 2027-Q1, Q1 2027, 2027-H1, FY2027, 2027 or 2027-01-01..2027-03-31.")
                return _INVALID
            try:
                return parse_period(raw if raw is not None else _plain_text(value))
            except ValueError as exc:
                self.issue("OKR004", line, f"invalid period: {exc}", "Write the period as 2027-Q1, Q1 2027, 2027-H1, FY2027, 2027 or 2027-01-01..2027-03-31.", evidence=str(value))
                return _INVALID
        if isinstance(value, datetime):
            value = value.date()
        try:
            return _adapter(model, name).validate_python(value)
        except ValidationError as exc:
            if name in _NUMBER_FIELDS:
                reason = _first_error(exc)
                detail = f": {reason}" if reason.startswith("the number") else ""
                self.issue("OKR004", line, f"`{name}` in {what} must be a plain number (got {_shown(value)}){detail}", _FIELD_FIX[name], evidence=_shown(value, quote=False))
                return _INVALID
            self.issue(
                "OKR004",
                line,
                f"invalid `{name}` in {what}: {_first_error(exc)} (got {_shown(value)})",
                _FIELD_FIX.get(name, f"Correct `{name}` or remove it."),
                evidence=_shown(value, quote=False),
            )
            return _INVALID

    def _list(self, value: Any, line: Optional[int], build_item, field: str, item_name: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.issue("OKR004", line, f"`{field}` must be a list of {item_name}s, not a {_kind(value)}", f"Write each {item_name} on its own line starting with `- `.")
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
            self.issue("OKR004", line, f"an objective must be a mapping with `title:` and `key_results:`, not a {_kind(item)}", "Write the objective as `- title: …` with `key_results:` under it.")
            return None
        fields = self._fields(item, Objective, OBJECTIVE_ALIASES, "objective")
        return self._make(Objective, fields, item, line)

    def _key_result(self, item: Any, line: Optional[int], raw: Optional[str]) -> Optional[KeyResult]:
        if item is not None and not isinstance(item, (dict, list)):
            item = _wrap(item, "text", line, raw)
        if not isinstance(item, dict):
            self.issue("OKR004", line, f"a key result must be text or a mapping with `text:`, not a {_kind(item)}", "Write the key result as `- Increase X from A to B` or `- text: …`.")
            return None
        fields = self._fields(item, KeyResult, KEY_RESULT_ALIASES, "key result")
        return self._make(KeyResult, fields, item, line)

    def _waiver(self, item: Any, line: Optional[int], raw: Optional[str]) -> Optional[Waiver]:
        if not isinstance(item, dict):
            self.issue("OKR004", line, "a waiver must be a mapping with `code:` and `reason:`", "Write `- {code: OKR220, reason: why this is deliberate}`.")
            return None
        fields = self._fields(item, Waiver, {"rule": "code", "why": "reason"}, "waiver")
        if not str(fields.get("reason", "")).strip():
            self.issue("OKR901", _line(item, line), f"waiver for {fields.get('code', '?')} has no reason", "Add `reason:` saying why this rule does not apply here.")
            return None
        return self._make(Waiver, fields, item, line)

    def _checkin(self, item: Any, line: Optional[int], raw: Optional[str]) -> Optional[Checkin]:
        if not isinstance(item, dict):
            self.issue("OKR004", line, "a check-in must be a mapping with `date:` and `value:`", "Write `- {date: 2027-02-01, value: 42}`.")
            return None
        fields = self._fields(item, Checkin, {}, "check-in")
        return self._make(Checkin, fields, item, line)

    def _make(self, model: type[BaseModel], fields: dict[str, Any], data: Any, line: Optional[int] = None):
        where = _line(data, line)
        required = _REQUIRED_TEXT.get(model)
        if required and not str(fields.get(required, "")).strip():
            if model is Waiver:
                self.issue("OKR004", where, "waiver has no `code:`", "Name the rule code or slug to waive, e.g. `code: OKR220`.")
                return None
            self.issue("OKR004", where, f"{_NAMES[model]} has no `{required}`", f"Give the {_NAMES[model]} a `{required}:`.")
            fields[required] = ""
        if model is Checkin and not {"date", "value"} <= fields.keys():
            self.issue("OKR004", where, "check-in needs both `date:` and `value:`", "Write `- {date: 2027-02-01, value: 42}`.")
            return None
        if "source" in model.model_fields:
            fields["source"] = Source(path=self.path, line=where)
        try:
            return model(**fields)
        except ValidationError as exc:
            self.issue("OKR004", where, f"invalid {_NAMES[model]}: {_first_error(exc)}", "Correct the field named in the message.")
            return None


_INVALID = object()
_NUMBER_FIELDS = {"baseline", "target", "current", "confidence", "weight", "value"}
_NAMES = {OkrSet: "OKR set", Objective: "objective", KeyResult: "key result", Waiver: "waiver", Checkin: "check-in"}
_FIELD_FIX = {
    "deadline": "Write the deadline as a date: YYYY-MM-DD, e.g. 2027-03-31.",
    "date": "Write the date as YYYY-MM-DD, e.g. 2027-02-01.",
    "language": "Use one of en, da, sv, de, fi, hu, or leave `language:` out to detect it.",
    "kind": "Use `committed` or `aspirational`.",
    "direction": "Use `increase`, `decrease` or `maintain`.",
    "baseline": "Write the baseline as a plain number, e.g. 120 or 8.5; put the unit in `unit:`.",
    "target": "Write the target as a plain number, e.g. 156 or 12.5; put the unit in `unit:`.",
    "current": "Write the current value as a plain number; put the unit in `unit:`.",
    "confidence": "Write confidence as a number, e.g. 0.7 or 7.",
    "guardrail": "Use `true` or `false`.",
    "weight": "Write the weight as a number, e.g. 1 or 0.5.",
    "value": "Write the value as a plain number, e.g. 42 or 8.5.",
}


def _wrap(value: Any, field: str, line: Optional[int], raw: Optional[str]) -> LocatedMap:
    wrapped = LocatedMap(line=line)
    wrapped.set(field, value, line, raw if raw is not None else _plain_text(value))
    return wrapped


def _shown(value: Any, quote: bool = True, width: int = 40) -> str:
    """A value for a message, clipped: a 400-digit number or a 6,000-character text stays short."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**width:
        return f"a number with {len(str(abs(value))):,} digits"
    text = repr(value) if quote else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _plain_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _line(data: Any, default: Optional[int] = None) -> Optional[int]:
    line = getattr(data, "line", None)
    return line if line is not None else default


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "empty value"
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, (int, float)):
        return "number"
    return "text"
