"""CSV with one row per key result (spreadsheet exports, the OpenOKR import template).

Header names are matched after `canonical_key` (`Key Result`, `key-result` and `keyResult`
are all `key_result`). A row holds its key result's latest check-in: `checkin_date`, the value in
`current`, `checkin_confidence` and `note`. Rows with the same objective text form one objective, in first-seen
order; a row with an empty key result cell is an objective without key results; a row with an
empty objective cell continues the objective above (merged cells in a spreadsheet export).
The delimiter (comma, semicolon or tab) is sniffed from the header, and numeric columns accept
a decimal comma (`8,5`).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from typing import Any, Optional

from okrcoach.i18n import msg
from okrcoach.model import OkrSet

from .build import canonical_key
from .located import LocatedList, LocatedMap, ReadIssue

# canonical column name -> (level, field)
COLUMNS: dict[str, tuple[str, str]] = {
    "objective": ("objective", "title"),
    "goal": ("objective", "title"),
    "objective_title": ("objective", "title"),
    "goal_title": ("objective", "title"),
    "objective_owner": ("objective", "owner"),
    "goal_owner": ("objective", "owner"),
    "objective_id": ("objective", "id"),
    "goal_id": ("objective", "id"),
    "kind": ("objective", "kind"),
    "objective_kind": ("objective", "kind"),
    "goal_kind": ("objective", "kind"),
    "aligns_to": ("objective", "aligns_to"),
    "objective_description": ("objective", "description"),
    "key_result": ("key_result", "text"),
    "kr": ("key_result", "text"),
    "title": ("key_result", "text"),
    "key_result_text": ("key_result", "text"),
    "key_result_title": ("key_result", "text"),
    "owner": ("key_result", "owner"),
    "key_result_owner": ("key_result", "owner"),
    "baseline": ("key_result", "baseline"),
    "baseline_value": ("key_result", "baseline"),
    "target": ("key_result", "target"),
    "target_value": ("key_result", "target"),
    "current": ("key_result", "current"),
    "current_value": ("key_result", "current"),
    "unit": ("key_result", "unit"),
    "deadline": ("key_result", "deadline"),
    "due": ("key_result", "deadline"),
    "due_on": ("key_result", "deadline"),
    "due_date": ("key_result", "deadline"),
    "direction": ("key_result", "direction"),
    "metric": ("key_result", "metric"),
    "id": ("key_result", "id"),
    "external_id": ("key_result", "id"),
    "kr_id": ("key_result", "id"),
    "key_result_id": ("key_result", "id"),
    "confidence": ("key_result", "confidence"),
    "guardrail": ("key_result", "guardrail"),
    "weight": ("key_result", "weight"),
    "checkin_date": ("checkin", "date"),
    "check_in_date": ("checkin", "date"),
    "last_checkin": ("checkin", "date"),
    "last_check_in": ("checkin", "date"),
    "checkin_confidence": ("checkin", "confidence"),
    "check_in_confidence": ("checkin", "confidence"),
    "note": ("checkin", "note"),
    "checkin_note": ("checkin", "note"),
    "check_in_note": ("checkin", "note"),
    "period": ("set", "period"),
    "quarter": ("set", "period"),
    "cycle": ("set", "period"),
    "team": ("set", "team"),
}
_NUMERIC = {"baseline", "target", "current", "confidence", "weight"}
CHECKIN_COLUMNS = ("checkin_date", "checkin_confidence", "note")  # a row's latest check-in, with `current`
_OBJECTIVE_NAMES = sorted(k for k, v in COLUMNS.items() if v == ("objective", "title"))
_KR_NAMES = sorted(k for k, v in COLUMNS.items() if v == ("key_result", "text"))
_DELIMITERS = (",", ";", "\t")



def _sniff(header_line: str) -> str:
    counts = {d: 0 for d in _DELIMITERS}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _number(value: str) -> str:
    return value.replace(",", ".") if re.fullmatch(r"[+-]?\d+,\d+", value) else value


def load_located(text: str) -> tuple[Any, list[ReadIssue]]:
    """Parse CSV text into located data shaped like the canonical YAML; never raises."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return None, [ReadIssue.of("OKR005", None, "csv-empty")]
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff(first), strict=False)
    rows: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for row in reader:
            start, last = last + 1, reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, row))
    except csv.Error as exc:
        return None, [ReadIssue.of("OKR002", last + 1, "csv-syntax", detail=str(exc), line=last + 1)]
    if not rows:
        return None, [ReadIssue.of("OKR005", None, "csv-no-rows")]
    header_line, header = rows[0]
    issues: list[ReadIssue] = []
    columns: dict[int, tuple[str, str]] = {}
    taken: dict[tuple[str, str], str] = {}
    for index, name in enumerate(header):
        name = name.strip()
        if not name:
            continue
        key = canonical_key(name)
        target = COLUMNS.get(key)
        if target is None:
            suggestion = difflib.get_close_matches(key, list(COLUMNS), n=1, cutoff=0.6)
            hint = msg("phrases.did-you-mean", name=suggestion[0]) if suggestion else ""
            issues.append(ReadIssue.of("OKR003", header_line, "csv-unknown-column", evidence=name, name=name, hint=hint, known=", ".join(COLUMNS)))
            continue
        if target in taken:
            issues.append(ReadIssue.of("OKR003", header_line, "csv-duplicate-column", evidence=name, name=name, other=taken[target]))
            continue
        taken[target] = name
        columns[index] = target
    missing = [what for what, field in (("objective", ("objective", "title")), ("key_result", ("key_result", "text"))) if field not in taken]
    if missing:
        which = missing[0] if len(missing) == 1 else "both"
        return None, [ReadIssue.of("OKR002", header_line, "csv-missing-columns", missing=which, objective_names=", ".join(_OBJECTIVE_NAMES), key_result_names=", ".join(_KR_NAMES))]
    if len(rows) == 1:
        return None, issues + [ReadIssue.of("OKR005", None, "csv-header-only")]

    data = LocatedMap(line=header_line)
    objectives = LocatedList(line=rows[1][0])
    by_title: dict[str, LocatedMap] = {}
    current: Optional[LocatedMap] = None
    delimiter = reader.dialect.delimiter
    for line, row in rows[1:]:
        if any(cell.strip() for cell in row[len(header) :]):
            shown = "tab" if delimiter == "\t" else delimiter
            issues.append(ReadIssue.of("OKR002", line, "csv-extra-cells", cells=len(row), columns=len(header), delimiter=shown))
        values: dict[tuple[str, str], str] = {}
        for index, target in columns.items():
            cell = row[index].strip() if index < len(row) else ""
            if cell:
                values[target] = _number(cell) if target[1] in _NUMERIC else cell
        for (level, name), value in values.items():
            if level == "set":
                _first_wins(data, name, value, line, "", issues)
        title = values.get(("objective", "title"))
        if title is None and current is not None:
            objective = current
        elif title is not None and title in by_title:
            objective = by_title[title]
        else:
            objective = LocatedMap(line=line)
            objective.set("title", title or "", line, title or "")
            objective.set("key_results", LocatedList(line=line), line)
            objectives.add(objective, line)
            by_title[title or ""] = objective
        current = objective
        for (level, name), value in values.items():
            if level == "objective" and name != "title":
                _first_wins(objective, name, value, line, objective["title"], issues)
        kr_values = {name: value for (level, name), value in values.items() if level == "key_result"}
        if kr_values:
            kr = LocatedMap(line=line)
            text = kr_values.pop("text", "")
            kr.set("text", text, line, text)
            for name, value in kr_values.items():
                kr.set(name, value, line, value)
            checkin = {name: value for (level, name), value in values.items() if level == "checkin"}
            if checkin:
                entry = LocatedMap(line=line)
                for name, value in (("date", checkin.get("date")), ("value", kr_values.get("current")), ("confidence", checkin.get("confidence")), ("note", checkin.get("note"))):
                    if value is not None:
                        entry.set(name, value, line, value)
                checkins = LocatedList(line=line)
                checkins.add(entry, line)
                kr.set("checkins", checkins, line)
            objective["key_results"].add(kr, line)
    data.set("objectives", objectives, objectives.line)
    return data, issues


def _first_wins(target: LocatedMap, name: str, value: str, line: int, objective: str, issues: list[ReadIssue]) -> None:
    """Keep the first value of a set or objective column; a different later value is an issue.

    `objective` is the objective's title, or empty for a set column.
    """
    if name not in target:
        target.set(name, value, line, value)
    elif target[name] != value:
        issues.append(
            ReadIssue.of(
                "OKR004",
                line,
                "csv-conflicting-values",
                evidence=value,
                name=name,
                scope="objective" if objective else "set",
                objective=objective,
                first=target[name],
                first_line=target.line_of(name),
                value=value,
                line=line,
            )
        )


# -- writer ----------------------------------------------------------------------------------

_BASE = ["objective", "key_result", "owner", "baseline", "target", "unit", "deadline", "period", "team"]
_EXTRA_OBJECTIVE = [("kind", "kind"), ("objective_owner", "owner"), ("objective_id", "id"), ("aligns_to", "aligns_to"), ("objective_description", "description")]
_EXTRA_KR = ["current", "direction", "metric", "id", "confidence", "guardrail", "weight"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _latest(kr: Any) -> Any:
    return max(kr.checkins, key=lambda c: c.date) if kr is not None and kr.checkins else None


def dump(okr_set: OkrSet) -> str:
    """Serialise a set as comma CSV, one row per key result with its latest check-in (waivers and
    older check-ins have no place in a CSV row and are not kept)."""
    objective_extra = [col for col, attr in _EXTRA_OBJECTIVE if any(_cell(getattr(o, attr)) for o in okr_set.objectives)]
    kr_extra = [col for col in _EXTRA_KR if any(_cell(getattr(kr, col)) for o in okr_set.objectives for kr in o.key_results)]
    latest = [_latest(kr) for o in okr_set.objectives for kr in o.key_results]
    checkin_extra = [col for col, attr in (("checkin_date", "date"), ("checkin_confidence", "confidence"), ("note", "note")) if any(c is not None and getattr(c, attr) is not None for c in latest)]
    if checkin_extra and "current" not in kr_extra:
        kr_extra.append("current")
    header = _BASE + objective_extra + kr_extra + checkin_extra
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    period = okr_set.period.label if okr_set.period else ""
    team = okr_set.team or ""
    attrs = dict(_EXTRA_OBJECTIVE)
    for objective in okr_set.objectives:
        base_obj = {col: _cell(getattr(objective, attrs[col])) for col in objective_extra}
        for kr in objective.key_results or [None]:
            row = {"objective": objective.title, "period": period, "team": team, **base_obj}
            if kr is not None:
                row.update(key_result=kr.text, owner=_cell(kr.owner), baseline=_cell(kr.baseline), target=_cell(kr.target), unit=_cell(kr.unit), deadline=_cell(kr.deadline))
                row.update({col: _cell(getattr(kr, col)) for col in kr_extra})
                checkin = _latest(kr)
                if checkin is not None:
                    row.update(current=_cell(checkin.value), checkin_date=_cell(checkin.date), checkin_confidence=_cell(checkin.confidence), note=_cell(checkin.note))
            writer.writerow([row.get(col, "") for col in header])
    return out.getvalue()
