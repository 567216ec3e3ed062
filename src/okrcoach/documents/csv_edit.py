"""CSV edited in place: cells are replaced where they stand, rows added and removed whole.

A spreadsheet export has one row per key result, with the objective (and often the period and
team) repeated on each row. A change touches the cells it is about: a key result's field is its
row's cell, an objective's title is the title cell on each of its rows, a missing column is added
at the end of the header line (rows that leave it out read it as empty). A new key result is a new
row shaped like its sibling's; the file's delimiter, quoting, decimal comma and line breaks are
kept. A row holds its key result's latest check-in (`current`, `checkin_date`,
`checkin_confidence`, `note`), so a newer check-in replaces the row's one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Optional

from okrcoach.formats.csv_format import RELATION_LINK
from okrcoach.formats.vocabulary import column_language, header_column, local_column
from okrcoach.i18n import msg
from okrcoach.language_data import decimal_mark
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, Period

from .changes import AddCheckin, Change, Delete, Insert, Move, SetCheckins, SetField, apply, map_texts
from .numstyle import NUMERIC_FIELDS, NumberStyle, number_forms, style_at, style_of
from .text import EditRefused, Splice, newline, plain_number, splice

_SET_COLUMN = {"period": "period", "team": "team"}
_OBJECTIVE_COLUMN = {"title": "objective", "owner": "objective_owner", "id": "objective_id", "kind": "kind", "aligns_to": "aligns_to", "description": "objective_description"}
_KR_COLUMN = {name: name for name in ("owner", "baseline", "target", "unit", "deadline", "current", "direction", "metric", "id", "confidence", "guardrail", "weight")}
_KR_COLUMN["text"] = "key_result"
_CHECKIN_COLUMN = {"date": "checkin_date", "confidence": "checkin_confidence", "note": "note"}


# -- rows and cells ---------------------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    start: int
    end: int  # index of the line terminator (or end of text)
    after: int  # index after the line terminator
    cells: list[tuple[int, int]]


def _rows(text: str, delimiter: str) -> list[_Row]:
    rows: list[_Row] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        start, first_line = i, line
        cells: list[tuple[int, int]] = []
        while True:
            cell_start = i
            if i < n and text[i] == '"':
                i += 1
                while i < n:
                    if text[i] == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            i += 2
                            continue
                        i += 1
                        break
                    if text[i] == "\n" or (text[i] == "\r" and text[i + 1 : i + 2] != "\n"):
                        line += 1
                    i += 1
            while i < n and text[i] not in (delimiter, "\r", "\n"):
                i += 1
            cells.append((cell_start, i))
            if i < n and text[i] == delimiter:
                i += 1
                continue
            break
        end = i
        if text[i : i + 2] == "\r\n":
            i += 2
        elif i < n:
            i += 1
        line += 1
        if text[start:end].strip():
            rows.append(_Row(first_line, start, end, i, cells))
    return rows


_DECIMAL_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:[.\u00a0\u202f ]\d{3})+|\d+),(?:\d{1,2}|\d{4,})(?:\s?%|\s?[^\W\d_]{1,6}\.?)?|[+-]?0,\d+(?:\s?%)?")
_DECIMAL_POINT = re.compile(r"[+-]?(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+)\.(?:\d{1,2}|\d{4,})(?:\s?%|\s?[^\W\d_]{1,6}\.?)?|[+-]?0\.\d+(?:\s?%)?")


def _value(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1].replace('""', '"')
    return raw


def _sniff(header_line: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Sheet:
    def __init__(self, text: str, okr_set: OkrSet) -> None:
        self.body = text.lstrip("\ufeff")
        self.offset = len(text) - len(self.body)
        self.okr_set = okr_set
        lines = self.body.splitlines()
        sep = re.fullmatch(r'\s*"?sep=(.)"?\s*', lines[0]) if lines else None  # Excel's `sep=;` line
        header_line = okr_set.source.line if okr_set.source is not None and okr_set.source.line else None
        first = lines[header_line - 1] if header_line and header_line <= len(lines) else next((line for line in lines if line.strip() and not (sep and line is lines[0])), "")
        self.delimiter = sep.group(1) if sep else _sniff(first)
        self.rows = _rows(self.body, self.delimiter)
        if not self.rows:
            raise EditRefused(msg("phrases.cannot-edit-csv-no-rows"))
        # The header is the row the reader took it from (a `sep=` line or a table name may come first).
        self.header = next((r for r in self.rows if header_line is not None and r.line == header_line), None) or self.rows[1 if sep else 0]
        self.rows = self.rows[self.rows.index(self.header) :]
        self.by_field: dict[tuple[str, str], int] = {}
        for index in range(len(self.header.cells)):
            target = header_column(_value(self.cell_text(self.header, index)))[0]  # `Target %` too
            if target is not None and target not in self.by_field:
                self.by_field[target] = index
        self.nl = newline(self.body)
        self.language = column_language(_value(self.cell_text(self.header, i)) for i in range(len(self.header.cells)))
        self.decimal_comma = self._writes_decimal_comma()
        self.edits: list[Splice] = []
        self.added: list[str] = []  # columns appended to the header in this edit
        self.free = self._free_columns()
        self.appends: dict[int, tuple[_Row, dict[int, str]]] = {}  # cells past a row's last one

    def _free_columns(self) -> list[int]:
        """The unnamed columns after the header's last name whose cells are empty in every row: a
        spreadsheet pads each row to its used range (`Progress,` then nothing), and a new column
        takes such a place rather than leaving an empty column before it."""
        named = [i for i in range(len(self.header.cells)) if _value(self.cell_text(self.header, i))]
        start = named[-1] + 1 if named else len(self.header.cells)
        return [i for i in range(start, len(self.header.cells)) if not any(self.cell(row, i) for row in self.rows[1:])]

    def _writes_decimal_comma(self) -> bool:
        """Whether the sheet writes `2,9` rather than `2.9`: its numbers say so (`3,2 %`, `1.234,5`),
        or, with none to go by, its `;` separator does (Excel uses `;` where `,` is the decimal mark)."""
        cells = [self.cell(row, i) for row in self.rows[1:] for i in range(len(row.cells))]
        if any(_DECIMAL_COMMA.fullmatch(c) for c in cells):
            return True
        if any(_DECIMAL_POINT.fullmatch(c) for c in cells):
            return False
        return self.delimiter == ";"

    def cell_text(self, row: _Row, index: int) -> str:
        start, end = row.cells[index]
        return self.body[start:end]

    def cell(self, row: _Row, index: Optional[int]) -> str:
        if index is None or index >= len(row.cells):
            return ""
        return _value(self.cell_text(row, index))

    def row_at(self, line: Optional[int]) -> _Row:
        row = next((r for r in self.rows[1:] if line is not None and r.line == line), None)
        if row is None:
            raise EditRefused(msg("phrases.cannot-edit-internal", what="row"))
        return row

    def column(self, level: str, name: str) -> int:
        """The index of a field's column, adding it to the header when the file has none."""
        index = self.by_field.get((level, name))
        if index is not None:
            return index
        heading = {"objective": _OBJECTIVE_COLUMN, "key_result": _KR_COLUMN, "set": _SET_COLUMN, "checkin": _CHECKIN_COLUMN}[level][name]
        local = local_column((level, name), self.language) if self.language not in (None, "en") else None
        if self.free:
            index = self.free.pop(0)
            start, end = self.header.cells[index]
            self.edits.append(Splice(start, end, self.heading_style(heading, local), 99))
            self.by_field[(level, name)] = index
            return index
        index = len(self.header.cells) + len(self.added)
        self.added.append(self.heading_style(heading, local))
        self.by_field[(level, name)] = index
        return index

    def heading_style(self, name: str, local: Optional[str] = None) -> str:
        """A new column named like the others: `checkin_date`, or `Checkin Date` in a header of
        capitalised names such as `Key Result`; in the header's language when the reader knows
        that language's name for it (`Aktuel`, `Check-in-dato` beside `Nøgleresultat`)."""
        names = [_value(self.cell_text(self.header, i)) for i in range(len(self.header.cells))]
        words = [n for n in names if n[:1].isalpha()]
        capitalised = bool(words) and all(n[:1].isupper() for n in words)
        if local is not None:
            return local[:1].upper() + local[1:] if capitalised else local
        if capitalised:
            return " ".join(part.capitalize() for part in name.split("_"))
        return name

    # -- rendering -------------------------------------------------------------------------

    def quote(self, text: str, was_quoted: bool = False) -> str:
        needs = any(ch in text for ch in (self.delimiter, '"', "\n", "\r")) or text != text.strip()
        if needs or was_quoted:
            return '"' + text.replace('"', '""') + '"'
        return text

    def forms(self, value: Any, old: str = "", style: Optional[NumberStyle] = None) -> list[str]:
        """Ways to write a value in a cell, the file's own way first: a number in `style`, else in
        the style of the cell's old text `old`."""
        if value is None:
            return [""]
        if isinstance(value, bool):
            return ["true" if value else "false"]
        if isinstance(value, (int, float)):
            return number_forms(value, style if style is not None else style_of([_value(old)], self.decimal_comma, decimal_mark(self.okr_set.language)))
        if isinstance(value, Period):
            value = value.label
        if hasattr(value, "isoformat"):
            iso = value.isoformat()
            written = _value(old)
            forms = []
            m = re.fullmatch(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})", written)
            if m:
                forms.append(f"{value.day:02d}{m.group(2)}{value.month:02d}{m.group(2)}{value.year}")
            return forms + [iso]
        return [str(value)]

    def set_cell(self, row: _Row, index: int, text: str, order: int = 0) -> None:
        if index < len(row.cells):
            start, end = row.cells[index]
            self.edits.append(Splice(start, end, text, order))
        else:
            self.appends.setdefault(row.start, (row, {}))[1][index] = text

    def finish(self) -> str:
        edits = list(self.edits)
        for row, cells in self.appends.values():
            tail = [cells.get(i, "") for i in range(len(row.cells), max(cells) + 1)]
            edits.append(Splice(row.end, row.end, "".join(self.delimiter + cell for cell in tail), 1))
        if self.added:
            edits.append(Splice(self.header.end, self.header.end, "".join(self.delimiter + name for name in self.added), 99))
        body = splice(self.body, edits)
        return "\ufeff" * self.offset + body

    # -- elements --------------------------------------------------------------------------

    def objective_rows(self, oi: int) -> list[_Row]:
        objective = self.okr_set.objectives[oi]
        lines = {kr.source.line for kr in objective.key_results if kr.source is not None}
        if objective.source is not None:
            lines.add(objective.source.line)
        rows = [r for r in self.rows[1:] if r.line in lines]
        if not rows:
            raise EditRefused(msg("phrases.cannot-edit-internal", what="rows"))
        return rows

    def number_style(self, row: _Row, name: str) -> NumberStyle:
        """The style a number in key result field `name` of `row` is written in: the row's other
        numbers', else the column's, else the sheet's (`numstyle.style_at`)."""
        kr_rows = [r for r in self.rows[1:] if any(self.cell(r, self.by_field.get(("key_result", f))) for f in NUMERIC_FIELDS)]
        if row not in kr_rows:
            kr_rows.append(row)
        fields = [{f: self.cell(r, self.by_field.get(("key_result", f))) for f in NUMERIC_FIELDS} for r in kr_rows]
        unit = next((kr.unit for o in self.okr_set.objectives for kr in o.key_results if kr.source is not None and kr.source.line == row.line), None)
        return style_at(fields, kr_rows.index(row), name, self.decimal_comma, decimal_mark(self.okr_set.language), unit)

    def kr_row(self, oi: int, ki: int) -> _Row:
        kr = self.okr_set.objectives[oi].key_results[ki]
        return self.row_at(kr.source.line if kr.source else None)

    def is_kr_level(self, index: int) -> bool:
        for (level, _), column in self.by_field.items():
            if column == index:
                return level in ("key_result", "checkin")
        return True  # unknown columns travel with their key result

    def row_text(self, cells: list[str]) -> str:
        while cells and cells[-1] == "" and len(cells) > len(self.header.cells) + len(self.added):
            cells.pop()
        return self.delimiter.join(cells)


# -- the edits -------------------------------------------------------------------------------------


def _kr_cells(sheet: _Sheet, kr: KeyResult) -> dict[int, str]:
    cells: dict[int, str] = {}
    for name in _KR_COLUMN:
        value = getattr(kr, name)
        if value is None or (name == "guardrail" and not value):
            continue
        cells[sheet.column("key_result", name)] = sheet.quote(sheet.forms(value)[0])
    latest = max(kr.checkins, key=lambda c: c.date) if kr.checkins else None
    if latest is not None:
        cells[sheet.column("key_result", "current")] = sheet.quote(sheet.forms(latest.value)[0])
        for name in ("date", "confidence", "note"):
            value = getattr(latest, name)
            if value is not None:
                cells[sheet.column("checkin", name)] = sheet.quote(sheet.forms(value)[0])
    return cells


def _new_row(sheet: _Sheet, model: Optional[_Row], objective: Objective, kr: Optional[KeyResult]) -> str:
    """A row for `kr` of `objective`, copying the objective- and set-level cells of `model`."""
    cells: dict[int, str] = {}
    if model is not None:
        for index in range(len(model.cells)):
            if not sheet.is_kr_level(index):
                cells[index] = sheet.cell_text(model, index)
    title_column = sheet.column("objective", "title")
    if not _value(cells.get(title_column, "")):
        cells[title_column] = sheet.quote(objective.title)
    if model is None:
        for name in ("owner", "id", "kind", "aligns_to", "description"):
            value = getattr(objective, name)
            if value is not None:
                cells[sheet.column("objective", name)] = sheet.quote(sheet.forms(value)[0])
        okr_set = sheet.okr_set
        for name in ("period", "team"):
            value = getattr(okr_set, name)
            if value is not None and ("set", name) in sheet.by_field:
                cells[sheet.by_field[("set", name)]] = sheet.quote(sheet.forms(value)[0])
    if kr is not None:
        cells.update(_kr_cells(sheet, kr))
    width = max([max(cells) + 1 if cells else 1, len(model.cells) if model is not None else 0])  # as many cells as its sibling
    return sheet.delimiter.join(cells.get(i, "") for i in range(width))


def _set_field(sheet: _Sheet, change: SetField) -> Iterator[str]:
    name, value = change.name, change.value
    if change.ref is None:
        if name not in _SET_COLUMN:
            raise EditRefused(msg("phrases.cannot-edit-csv-set-field", name=name))
        rows = [r for r in sheet.rows[1:] if sheet.cell(r, sheet.by_field.get(("set", name)))]
        if value is None:
            for row in rows:
                sheet.set_cell(row, sheet.by_field[("set", name)], "")
            yield sheet.finish()
            return
        index = sheet.column("set", name)
        for form in sheet.forms(value):
            attempt = _copy(sheet)
            for row in rows or sheet.rows[1:2]:
                attempt.set_cell(row, index, attempt.quote(form))
            yield attempt.finish()
        return
    oi, ki = change.ref
    if name == "waive":
        raise EditRefused(msg("phrases.cannot-edit-csv-waivers"))
    if ki is None:
        for attempt in _objective_field(sheet, oi, name, value):
            yield attempt.finish()
        return
    if name not in _KR_COLUMN:
        raise EditRefused(msg("phrases.cannot-edit-csv-kr-column", name=name))
    row = sheet.kr_row(oi, ki)
    existing = sheet.by_field.get(("key_result", name))
    if value is None:
        if existing is not None and existing < len(row.cells):
            sheet.set_cell(row, existing, "")
        yield sheet.finish()
        return
    index = sheet.column("key_result", name)
    old = sheet.cell_text(row, index) if index < len(row.cells) else ""
    style = sheet.number_style(row, name) if name in NUMERIC_FIELDS else None
    for form in sheet.forms(value, old, style):
        attempt = _copy(sheet)
        attempt.set_cell(row, index, attempt.quote(form, old.strip().startswith('"')))
        yield attempt.finish()


def _objective_field(sheet: _Sheet, oi: int, name: str, value: Any) -> Iterator[_Sheet]:
    """The sheet with an objective's field set in the cells of its rows, once for each way to
    write the value, the file's own way first."""
    if name not in _OBJECTIVE_COLUMN:
        raise EditRefused(msg("phrases.cannot-edit-csv-objective-column", name=name))
    rows = sheet.objective_rows(oi)
    existing = sheet.by_field.get(("objective", name))
    filled = [r for r in rows if sheet.cell(r, existing)] if existing is not None else []
    if value is None:
        attempt = _copy(sheet)
        for row in filled:
            attempt.set_cell(row, existing, "")  # type: ignore[arg-type]
        yield attempt
        return
    index = sheet.column("objective", name)
    for form in sheet.forms(value, sheet.cell_text(filled[0], index) if filled else ""):
        attempt = _copy(sheet)
        for row in filled or rows[:1]:
            was_quoted = index < len(row.cells) and attempt.cell_text(row, index).strip().startswith('"')
            link = RELATION_LINK.search(sheet.cell(row, index)) if name == "title" else None
            kept = link.group(0) if link is not None and link.start() > 0 else ""  # a Notion relation's link stays
            attempt.set_cell(row, index, attempt.quote(form + kept, was_quoted))
        yield attempt


def _copy(sheet: _Sheet) -> _Sheet:
    clone = object.__new__(_Sheet)
    clone.__dict__.update(sheet.__dict__)
    clone.edits = list(sheet.edits)
    clone.added = list(sheet.added)
    clone.free = list(sheet.free)
    clone.appends = {k: (row, dict(cells)) for k, (row, cells) in sheet.appends.items()}
    clone.by_field = dict(sheet.by_field)
    return clone


def _checkin_cells(sheet: _Sheet, row: _Row, checkin: Optional[Checkin], had_checkin: bool = True) -> None:
    """The row's check-in cells set to `checkin` (cleared for None). Without a check-in on the row
    (`had_checkin` False), a filled note cell is someone's note, not a check-in's: it is never
    written over or cleared."""
    for name in ("date", "confidence", "note"):
        value = getattr(checkin, name) if checkin is not None else None
        existing = sheet.by_field.get(("checkin", name))
        if name == "note" and not had_checkin and existing is not None and sheet.cell(row, existing):
            header = _value(sheet.cell_text(sheet.header, existing))
            raise EditRefused(msg("phrases.cannot-edit-csv-stray-note", header=header, note=repr(sheet.cell(row, existing))))
        if value is None:
            if existing is not None and sheet.cell(row, existing):
                sheet.set_cell(row, existing, "")
            continue
        if name == "confidence":
            value = plain_number(value)
        index = sheet.column("checkin", name)
        old = sheet.cell_text(row, index) if index < len(row.cells) else ""
        style = old if _value(old) or name != "date" else sheet.cell(row, sheet.by_field.get(("key_result", "deadline")))  # `31.03.2027` like the deadline
        sheet.set_cell(row, index, sheet.quote(sheet.forms(value, style)[0], old.strip().startswith('"')))


def _insert(sheet: _Sheet, change: Insert) -> Iterator[str]:
    oi, ki = change.ref
    okr_set = sheet.okr_set
    if ki is None:
        objective: Objective = change.element  # type: ignore[assignment]
        lines = [_new_row(sheet, None, objective, kr) for kr in objective.key_results or [None]]  # type: ignore[list-item]
        block = "".join(line + sheet.nl for line in lines)
        if oi < len(okr_set.objectives):
            at = sheet.objective_rows(oi)[0].start
            sheet.edits.append(Splice(at, at, block))
        else:
            last = max((r for i in range(len(okr_set.objectives)) for r in sheet.objective_rows(i)), key=lambda r: r.start, default=sheet.header)
            _append_after(sheet, last, block)
        yield sheet.finish()
        return
    objective = okr_set.objectives[oi]
    kr: KeyResult = change.element  # type: ignore[assignment]
    rows = sheet.objective_rows(oi)
    if not objective.key_results:
        row = rows[0]  # the objective's row without a key result: fill it in
        for index, text in _kr_cells(sheet, kr).items():
            sheet.set_cell(row, index, text)
        yield sheet.finish()
        return
    model = sheet.kr_row(oi, ki - 1) if ki > 0 else sheet.kr_row(oi, 0)
    line = _new_row(sheet, model, objective, kr)
    if ki < len(objective.key_results):
        at = sheet.kr_row(oi, ki).start
        sheet.edits.append(Splice(at, at, line + sheet.nl))
    else:
        _append_after(sheet, sheet.kr_row(oi, ki - 1), line + sheet.nl)
    yield sheet.finish()


def _append_after(sheet: _Sheet, row: _Row, block: str) -> None:
    if row.after == row.end:  # the last line has no line break
        sheet.edits.append(Splice(row.end, row.end, sheet.nl + block[: -len(sheet.nl)]))
    else:
        sheet.edits.append(Splice(row.after, row.after, block))


def _delete(sheet: _Sheet, change: Delete) -> Iterator[str]:
    oi, ki = change.ref
    if ki is None:
        sheet.edits.extend(_drop_rows(sheet, sheet.objective_rows(oi)))
        yield sheet.finish()
        return
    objective = sheet.okr_set.objectives[oi]
    row = sheet.kr_row(oi, ki)
    if len(objective.key_results) == 1:
        for index in range(len(row.cells)):
            if sheet.is_kr_level(index) and sheet.cell(row, index):
                sheet.set_cell(row, index, "")
        yield sheet.finish()
        return
    rows = sheet.objective_rows(oi)
    others = [r for r in rows if r is not row]
    title = sheet.by_field.get(("objective", "title"))
    merged = row is rows[0] and title is not None and not sheet.cell(rows[1], title)
    for index in range(len(row.cells)):
        if sheet.is_kr_level(index) or not sheet.cell(row, index):
            continue
        if merged and not sheet.cell(rows[1], index):
            # The next row continues this one (merged cells): it takes over the objective's cells.
            sheet.set_cell(rows[1], index, sheet.cell_text(row, index))
        elif not merged and not any(sheet.cell(r, index) for r in others):
            # An objective's cell written on this row only (a field set on its first row) goes to
            # the objective's next row, so the objective keeps it.
            sheet.set_cell(others[0], index, sheet.cell_text(row, index))
    sheet.edits.extend(_drop_rows(sheet, [row]))
    yield sheet.finish()


def _drop_rows(sheet: _Sheet, rows: list[_Row]) -> list[Splice]:
    """Splices removing whole rows; runs of neighbouring rows go as one."""
    ordered = sorted(rows, key=lambda r: r.start)
    groups: list[list[_Row]] = []
    for row in ordered:
        if groups and sheet.rows.index(row) == sheet.rows.index(groups[-1][-1]) + 1:
            groups[-1].append(row)
        else:
            groups.append([row])
    splices = []
    for group in groups:
        first, last = group[0], group[-1]
        if last.after == last.end:  # the file's last line has no line break: take the one before
            previous = max((r for r in sheet.rows if r.after <= first.start), key=lambda r: r.start)
            splices.append(Splice(previous.end, last.end, ""))
        else:
            splices.append(Splice(first.start, last.after, ""))
    return splices


def _move(sheet: _Sheet, change: Move) -> Iterator[str]:
    oi, ki = change.ref
    okr_set = sheet.okr_set
    if ki is None:
        blocks = []
        for index in range(len(okr_set.objectives)):
            rows = sorted(sheet.objective_rows(index), key=lambda r: r.start)
            position = [sheet.rows.index(r) for r in rows]
            if position != list(range(position[0], position[0] + len(position))):
                raise EditRefused(msg("phrases.cannot-edit-csv-scattered-rows"))
            blocks.append((rows[0].start, rows[-1].end))
        texts = [sheet.body[s:e] for s, e in blocks]
        order = list(range(len(blocks)))
        order.insert(change.to, order.pop(oi))
        for slot, (start, end) in enumerate(blocks):
            if order[slot] != slot:
                sheet.edits.append(Splice(start, end, texts[order[slot]]))
        yield sheet.finish()
        return
    krs = okr_set.objectives[oi].key_results
    rows = [sheet.kr_row(oi, i) for i in range(len(krs))]
    order = list(range(len(rows)))
    order.insert(change.to, order.pop(ki))
    for slot, row in enumerate(rows):
        source = rows[order[slot]]
        if source is row:
            continue
        width = max(len(row.cells), len(source.cells))
        cells = []
        for index in range(width):
            take = source if sheet.is_kr_level(index) else row
            cells.append(sheet.cell_text(take, index) if index < len(take.cells) else "")
        sheet.edits.append(Splice(row.start, row.end, sheet.row_text(cells)))
    yield sheet.finish()


def _record(sheet: _Sheet, ref: tuple[int, Optional[int]], checkin: Optional[Checkin], replace: bool = False) -> Iterator[str]:
    oi, ki = ref
    row = sheet.kr_row(oi, ki)  # type: ignore[arg-type]
    kr = sheet.okr_set.objectives[oi].key_results[ki]  # type: ignore[index]
    latest = max(kr.checkins, key=lambda c: c.date) if kr.checkins else None
    if not replace and checkin is not None and latest is not None and latest.date > checkin.date:
        raise EditRefused(msg("phrases.cannot-edit-csv-older-checkin", date=latest.date.isoformat()))
    _checkin_cells(sheet, row, checkin, had_checkin=latest is not None)
    yield sheet.finish()


def _is_title(change: Change) -> bool:
    return isinstance(change, SetField) and change.name == "title" and change.ref is not None and change.ref[1] is None


def _reorders_objectives(change: Change) -> bool:
    return isinstance(change, (Insert, Delete, Move)) and change.ref is not None and change.ref[1] is None


def steps(changes: list[Change]) -> list[tuple[Change, ...]]:
    """The changes in the steps they are applied in: the objectives' new titles go in together.

    The reader groups rows by objective title, so titles changed one at a time can pass through
    a file where two objectives share one (a swap, or `B` renamed to `C` after `A` to `B`) and it
    reads back with fewer objectives. Title changes made while the objectives stay in place are
    therefore one step, at the place of the first; the key-result changes they move ahead of do
    not depend on titles.
    """
    result: list[tuple[Change, ...]] = []
    titles: Optional[int] = None  # where the current group of title changes stands in `result`
    for change in changes:
        if _is_title(change):
            if titles is None or any(done.ref == change.ref for done in result[titles]):  # the same title twice: in turn
                titles = len(result)
                result.append(())
            result[titles] = (*result[titles], change)
            continue
        if _reorders_objectives(change):
            titles = None
        result.append((change,))
    return result


def candidates_together(text: str, okr_set: OkrSet, group: tuple[Change, ...]) -> Iterator[str]:
    """New texts for several objective title changes made at once (see `steps`)."""
    if not all(_is_title(change) for change in group):
        raise EditRefused(msg("phrases.cannot-edit-internal", what="titles-only"))
    sheet = _Sheet(text, okr_set)
    for change in group:
        sheet = next(_objective_field(sheet, change.ref[0], "title", change.value))  # type: ignore[union-attr,index]
    yield sheet.finish()


def writes_decimal_comma(text: str, okr_set: OkrSet) -> bool:
    """Whether the sheet writes `2,9` rather than `2.9` (False when it cannot be read as a sheet)."""
    try:
        return _Sheet(text, okr_set).decimal_comma
    except EditRefused:
        return False


def candidates(text: str, okr_set: OkrSet, change: Change) -> Iterator[str]:
    sheet = _Sheet(text, okr_set)
    if isinstance(change, SetField):
        if change.name == "checkins":
            yield from _record(sheet, change.ref, None, replace=True)  # type: ignore[arg-type]
        else:
            yield from _set_field(sheet, change)
    elif isinstance(change, Insert):
        yield from _insert(sheet, change)
    elif isinstance(change, Delete):
        yield from _delete(sheet, change)
    elif isinstance(change, Move):
        yield from _move(sheet, change)
    elif isinstance(change, AddCheckin):
        yield from _record(sheet, change.ref, change.checkin)
    elif isinstance(change, SetCheckins):
        latest = max(change.checkins, key=lambda c: c.date) if change.checkins else None
        yield from _record(sheet, change.ref, latest, replace=True)


# -- what a CSV keeps -------------------------------------------------------------------------------


def normalise(okr_set: OkrSet) -> OkrSet:
    """The set as a CSV holds it: each key result keeps its latest check-in, whose value is the
    row's `current`."""
    result = map_texts(okr_set, str.strip)
    for objective in result.objectives:
        for kr in objective.key_results:
            if kr.checkins:
                latest = max(kr.checkins, key=lambda c: c.date).model_copy()
                if kr.current is not None:
                    latest.value = kr.current
                kr.checkins = [latest]
    return result


def expected(okr_set: OkrSet, change: Change) -> OkrSet:
    """The set a CSV reads back to after `change`: a recorded check-in replaces the row's one."""
    result = apply(okr_set, change)
    if isinstance(change, AddCheckin):
        kr = result.objectives[change.ref[0]].key_results[change.ref[1]]  # type: ignore[index]
        kr.checkins = [change.checkin.model_copy()]
    return normalise(result)
