"""CSV with one row per key result, as spreadsheets export it (Excel, LibreOffice, Google Sheets,
Numbers) and as the OpenOKR import template has it.

Header names are matched after `canonical_key` (`Key Result`, `key-result` and `keyResult` are
all `key_result`) in any of the six languages (`Mål`, `Nøgleresultat`, `Schlüsselergebnis`,
`Avaintulos`, `Kulcseredmény`, `Ansvarlig`, `Zielwert`, `Määräaika`, …; see
`okrcoach.formats.vocabulary`). A row holds its key result's latest check-in: `checkin_date`, the
value in `current`, `checkin_confidence` and `note`. Rows with the same objective text form one objective, in
first-seen order; a row with an empty key result cell is an objective without key results; a row
with an empty objective cell continues the objective above (merged cells in a spreadsheet export).

The delimiter (comma, semicolon or tab) is sniffed from the header row, or taken from Excel's
`sep=;` line. The header is the first row naming both an objective and a key-result column; the
rows above it (a sheet's title, a `Team:` line, a Numbers table name) are skipped. Values are read by the builder's lenient parser: `8 %`, `1.234,5`, `31.03.2027`.
UTF-8 with or without BOM and UTF-16 with BOM (Excel's "Unicode text") are decoded by
`okrcoach.formats.decode`.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from typing import Any, Optional

from okrcoach import excerpt
from okrcoach.i18n import msg
from okrcoach.model import OkrSet, Span, Spot, names_a_period_part
from okrcoach.values import format_number

from .build import canonical_key, period_in_text
from .located import LocatedList, LocatedMap, ReadIssue
from .vocabulary import UNIT_FIELDS, cell_with_unit, field_name, header_column, known_columns, number_column, suggestable_columns, vocabulary

_DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r'^\s*"?sep=(.)"?\s*$', re.I)
# The link after a related page's title in a Notion database export, as a URL or (newer exports)
# the page's file name with its 32-digit id: `Grow revenue (https://www.notion.so/Grow-revenue-4f1c…)`.
RELATION_LINK = re.compile(r"\s*\((?:https?://(?:www\.)?notion\.(?:so|site)/[^()\s]*|[^()]*?[0-9a-f]{32}\.md)\)$")


def _names(field: tuple[str, str]) -> list[str]:
    return sorted(k for k, v in vocabulary().columns.items() if v == field and k.isascii())


def _sniff(header_line: str) -> Optional[str]:
    counts = {d: 0 for d in _DELIMITERS}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else None


def _cell_spots(lines: list[str], first: int, delimiter: str) -> Optional[list[Optional[Spot]]]:
    """Where each cell of the record starting on line index `first` sits (quotes excluded)."""
    spots: list[Optional[Spot]] = []
    line, col = first, 0
    text = lines[line]
    while True:
        if col < len(text) and text[col] == '"':
            start_line, start_col = line, col + 1
            col += 1
            while True:
                pos = text.find('"', col)
                if pos < 0:
                    line += 1
                    if line >= len(lines):
                        return None
                    text, col = lines[line], 0
                    continue
                if pos + 1 < len(text) and text[pos + 1] == '"':
                    col = pos + 2
                    continue
                break
            spots.append(Spot(start_line + 1, start_col, pos, line + 1 if line != start_line else None) if pos > start_col or line != start_line else None)
            col = pos + 1
        else:
            nxt = text.find(delimiter, col)
            end = len(text) if nxt < 0 else nxt
            cell = text[col:end]
            lead = len(cell) - len(cell.lstrip())
            stripped = cell.strip()
            spots.append(Spot(line + 1, col + lead, col + lead + len(stripped)) if stripped else None)
            col = end
        nxt = text.find(delimiter, col)
        if nxt < 0:
            return spots
        col = nxt + 1


_FIELD_LIMIT = re.compile(r"field larger than field limit \((\d+)\)")


_PREAMBLE_ROWS = 10  # how many rows above its header a sheet's table is looked for


def _names_objective_and_key_result(row: list[str]) -> bool:
    """Whether a row's cells name both an objective column and a key-result column: a header."""
    fields = {header_column(cell)[0] for cell in row if cell.strip()}
    return ("objective", "title") in fields and ("key_result", "text") in fields


_ROW_KEY = re.compile(r"^(?P<key>[^\W\d_][^:]{0,40}?)\s*:(?:\s+|$)(?P<value>.*)$", re.S)  # `Team: Sales`, not `2:a halvåret`
_SET_FIELDS_ABOVE = ("title", "team", "owner", "period", "language")  # what a row above the table may give the set


def _read_rows_above(preamble: list[tuple[int, int, list[str]]], data: LocatedMap, taken: dict, issues: list[ReadIssue]) -> None:
    """The rows above a sheet's table: `Team: Sales` (or `Team` and `Sales` in two cells), `Owner:`,
    `Period:`, `Sprog:` give the set its team, owner, period and language; the first row, a single
    cell with no key, is the sheet's title; a note tool's property (`Last updated 03.02.2027`) is
    passed over as its columns are. Any other row is reported with its line, never dropped unsaid."""
    from .build import SET_ALIASES

    voc = vocabulary()
    first = True
    for line, _, row in preamble:
        cells = [cell.strip() for cell in row if cell.strip()]
        if not cells:
            continue
        at_top, first = first, False
        m = _ROW_KEY.match(cells[0])
        key, value = (m["key"].strip(), m["value"].strip() or (cells[1] if len(cells) == 2 else "")) if m else (cells[0], cells[1]) if len(cells) == 2 else (None, "")
        if key is not None:
            name = canonical_key(key)
            field = SET_ALIASES.get(name) or field_name(key)
            if field in _SET_FIELDS_ABOVE and value and (len(cells) <= 2):
                if ("set", field) not in taken and field not in data:
                    data.set(field, value, line, value)
                continue
            if name in voc.ignored:
                continue
        if _is_property(cells[0], voc.ignored) and len(cells) <= 2:
            continue  # `Last updated 03.02.2027`, `Sidst redigeret: …`
        if at_top and len(cells) == 1 and m is None:
            data.set("title", cells[0], line, cells[0])
            continue
        shown = " | ".join(cells)
        issues.append(ReadIssue.of("OKR003", line, "csv-row-above-table", evidence=shown, text=shown if len(shown) <= 80 else shown[:79] + "…"))


def _is_property(cell: str, ignored: frozenset[str]) -> bool:
    """Whether a cell starts with the name of a property that carries no OKR field (`Last updated`)."""
    words = cell.split()
    return any(canonical_key(" ".join(words[:n])) in ignored for n in range(min(3, len(words)), 0, -1))


def _target_among_objectives(header: list[str]) -> Optional[int]:
    """The column that holds the targets where two columns name the objective and one of them is
    also a word for the target: a Hungarian sheet's `Célkitűzés` and `Cél`, a Danish `Målsætning`
    and `Mål`, a German `Objective` and `Ziel`. A sheet has one objective column; the one whose
    name is also the target's is the target, whichever comes first. None when there is no such pair."""
    objectives = [i for i, name in enumerate(header) if name.strip() and header_column(name.strip())[0] == ("objective", "title")]
    if len(objectives) < 2:
        return None
    targets = [i for i in objectives if field_name(header[i].strip()) == "target"]
    return targets[0] if len(targets) == 1 else None


def _period_above(preamble: list[tuple[int, int, list[str]]]) -> Optional[tuple[int, str]]:
    """(line, period) of the first period written in the rows above the table (`Sales OKRs Q1
    2027`): the set's period, as a Markdown file's title gives it."""
    for line, _, row in preamble:
        for cell in row:
            found = period_in_text(cell)
            if found:
                return line, found
    return None


def _csv_problem(detail: str) -> dict[str, Any]:
    """What Python's CSV reader said, as a kind a catalogue can say in the file's language (a cell
    over the size limit, most often a quote never closed; a NUL character), else `other` with the
    reader's own words quoted."""
    limit = _FIELD_LIMIT.search(detail)
    if limit:
        return {"problem": "field-limit", "limit": int(limit.group(1))}
    if "NUL" in detail:
        return {"problem": "nul"}
    return {"problem": "other"}


def load_located(text: str) -> tuple[Any, list[ReadIssue]]:
    """Parse CSV text into located data shaped like the canonical YAML; never raises."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return None, [ReadIssue.of("OKR005", None, "csv-empty")]
    lines = re.split(r"\r\n|\r|\n", text)
    nonempty = [line for line in lines if line.strip()]
    sep = _SEP_LINE.match(nonempty[0]) if nonempty else None
    delimiter = sep.group(1) if sep else next((d for d in map(_sniff, nonempty[:6]) if d), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[tuple[int, int, list[str]]] = []  # (first line, last line, cells)
    last = 0
    try:
        for row in reader:
            start, last = last + 1, reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, last, row))
    except csv.Error as exc:
        return None, [ReadIssue.of("OKR002", last + 1, "csv-syntax", detail=str(exc), line=last + 1, **_csv_problem(str(exc)))]
    if sep and rows and rows[0][2][0].strip().lower().startswith("sep="):
        rows = rows[1:]
    voc = vocabulary()
    # Rows above the table (a sheet's title, a `Team: Sales` line, a note) before the header row:
    # the header is the first row that names both an objective and a key-result column.
    header_at = next((i for i, (_, _, row) in enumerate(rows[: _PREAMBLE_ROWS + 1]) if _names_objective_and_key_result(row)), 0)
    preamble, rows = rows[:header_at], rows[header_at:]
    # A table name or title on its own line before the header (Numbers' "Include table names").
    while len(rows) > 1 and sum(1 for c in rows[0][2] if c.strip()) == 1 and sum(1 for c in rows[1][2] if c.strip()) > 1:
        preamble, rows = preamble + rows[:1], rows[1:]
    if not rows:
        return None, [ReadIssue.of("OKR005", None, "csv-no-rows")]
    header_line, _, header = rows[0]
    issues: list[ReadIssue] = []
    columns: dict[int, tuple[str, str]] = {}
    taken: dict[tuple[str, str], str] = {}
    record_name: Optional[tuple[int, str]] = None  # a database export's `Name` column
    units: dict[int, str] = {}  # the unit a header gives its number cells (`Target %`)
    as_target = _target_among_objectives(header)
    for index, name in enumerate(header):
        name = name.strip()
        if not name:
            continue
        key = canonical_key(name)
        target, unit = header_column(name)
        if index == as_target and ("key_result", "target") not in taken:
            target = ("key_result", "target")
        if target is None:
            if key in voc.ignored:
                continue
            if key in voc.record_names and record_name is None:
                record_name = (index, name)
                continue
            suggestion = difflib.get_close_matches(key, [k for k in suggestable_columns(header) if k.isascii()], n=1, cutoff=0.6)
            hint = msg("phrases.did-you-mean", name=suggestion[0]) if suggestion else ""
            issues.append(ReadIssue.of("OKR003", header_line, "csv-unknown-column", evidence=name, name=name, hint=hint, known=known_columns(header)))
            continue
        if target == ("objective", "title"):
            numbers = number_column(name, [row[index] if index < len(row) else "" for _, _, row in rows[1:]])
            if numbers is not None and numbers not in taken:
                target = numbers  # `Mål` holding 4,5 and 30 %: the target, not the objective
        if target in taken:
            issues.append(ReadIssue.of("OKR003", header_line, "csv-duplicate-column", evidence=name, name=name, other=taken[target]))
            continue
        taken[target] = name
        columns[index] = target
        if unit is not None and target[1] in UNIT_FIELDS:
            units[index] = unit
    if record_name is not None:
        index, name = record_name
        if ("key_result", "text") not in taken and ("objective", "title") in taken:
            # A Notion key-result database: `Name` is the title of each row, the key result.
            taken[("key_result", "text")] = name
            columns[index] = ("key_result", "text")
        else:
            issues.append(ReadIssue.of("OKR003", header_line, "csv-unknown-column", evidence=name, name=name, hint="", known=known_columns(header)))
    missing = [what for what, field in (("objective", ("objective", "title")), ("key_result", ("key_result", "text"))) if field not in taken]
    if missing:
        which = missing[0] if len(missing) == 1 else "both"
        return None, [
            ReadIssue.of(
                "OKR002", header_line, "csv-missing-columns", missing=which, objective_names=", ".join(_names(("objective", "title"))), key_result_names=", ".join(_names(("key_result", "text")))
            )
        ]
    if len(rows) == 1:
        return None, issues + [ReadIssue.of("OKR005", None, "csv-header-only")]

    col_of = {field: index for index, (level, field) in columns.items() if level == "key_result"}
    obj_col = {field: index for index, (level, field) in columns.items() if level == "objective"}  # `owner` is both
    data = LocatedMap(line=header_line)
    _read_rows_above(preamble, data, taken, issues)
    period = _period_above(preamble) if ("set", "period") not in taken and "period" not in data else None
    if period is not None:
        data.set("period", period[1], period[0], period[1])
    elif ("set", "period") not in taken and "period" not in data:
        unread = next(((line, cell.strip()) for line, _, row in preamble for cell in row if cell.strip() and names_a_period_part(cell)), None)
        if unread is not None:  # `Salg – 2. kvartal`: it seems to name a period no reader reads
            issues.append(ReadIssue.of("OKR006", unread[0], "title-period-unread", evidence=excerpt.clip(unread[1], 70), text=excerpt.clip(unread[1], 70)))
    objectives = LocatedList(line=rows[1][0])
    by_title: dict[str, LocatedMap] = {}
    objective_spans: dict[int, dict[str, Any]] = {}
    current: Optional[LocatedMap] = None
    unnamed = {index for index, name in enumerate(header) if not name.strip()}  # a cell there has no column to go to
    for line, end_line, row in rows[1:]:
        for index in sorted(i for i in unnamed if i < len(row) and row[i].strip()):
            unnamed.discard(index)
            issues.append(ReadIssue.of("OKR003", line, "csv-unnamed-column", evidence=row[index].strip(), column=index + 1, cell=row[index].strip()))
        if any(cell.strip() for cell in row[len(header) :]):
            shown = "tab" if delimiter == "\t" else delimiter
            issues.append(ReadIssue.of("OKR002", line, "csv-extra-cells", cells=len(row), columns=len(header), delimiter=shown))
        spots = _cell_spots(lines, line - 1, delimiter)
        if spots is not None and len(spots) != len(row):
            spots = None
        if spots is not None and len(spots) < len(header):  # a short row: its missing cells are empty
            spots = spots + [None] * (len(header) - len(spots))
        values: dict[tuple[str, str], str] = {}
        for index, target in columns.items():
            cell = row[index].strip() if index < len(row) else ""
            if cell:
                values[target] = cell_with_unit(cell, units.get(index))
        for (level, name), value in values.items():
            if level == "set":
                _first_wins(data, name, value, line, "", issues)
        title = values.get(("objective", "title"))
        removed = 0
        if title is not None:
            linked = RELATION_LINK.search(title)
            if linked and linked.start() > 0:  # Notion's relation cell: `Title (https://www.notion.so/…)`
                removed, title = len(title) - linked.start(), title[: linked.start()]
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
            title_spot = spots[obj_col["title"]] if spots is not None else None
            if title_spot is not None and removed:
                title_spot = Spot(title_spot.line, title_spot.start, title_spot.end - removed) if title_spot.end_line is None else None
            objective_spans[id(objective)] = {"first": line, "last": end_line, "text": title_spot, "fields": {}, "columns": {"title": obj_col["title"]}}
        current = objective
        span_info = objective_spans[id(objective)]
        span_info["last"] = max(span_info["last"], end_line)
        for (level, name), value in values.items():
            if level == "objective" and name != "title":
                _first_wins(objective, name, value, line, objective["title"], issues)
                span_info["columns"].setdefault(name, obj_col[name])
                if spots is not None and spots[obj_col[name]] is not None:
                    span_info["fields"].setdefault(name, spots[obj_col[name]])
        kr_values = {name: value for (level, name), value in values.items() if level == "key_result"}
        if kr_values:
            kr = LocatedMap(line=line)
            text_value = kr_values.pop("text", "")
            kr.set("text", text_value, line, text_value)
            for name, value in kr_values.items():
                kr.set(name, value, line, value)
            kr.span = Span(
                first=line,
                last=end_line,
                shape="csv_row",
                text=spots[col_of["text"]] if spots is not None else None,
                fields={name: spots[col_of[name]] for name in kr_values if spots is not None and spots[col_of[name]] is not None},
                columns={name: col_of[name] for name in ["text", *kr_values]},
            )
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
    for objective in objectives:
        info = objective_spans[id(objective)]
        objective.span = Span(first=info["first"], last=info["last"], shape="csv_row", text=info["text"], fields=info["fields"], columns=info["columns"])
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
        return format_number(value)
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
