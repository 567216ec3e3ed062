"""The document layer: read, write and edit OKR files in place, in every format.

- read: `okrcoach.formats.read_text` / `read_path` give the located model (elements remember
  their lines);
- write a new file: `new_text(okr_set, fmt)`;
- edit in place: `apply_changes(text, fmt, changes)` applies a list of `Change`s, and
  `save(text, fmt, target)` applies whatever differs between the text and an edited set. Only
  the lines of what changed are touched; every edit is read back and must give exactly the edited
  model, or `EditRefused` is raised and nothing should be written.

Not imported on the lint path.
"""

from __future__ import annotations

from typing import Any

from okrcoach.model import OkrSet

from .changes import AddCheckin, Change, Delete, Insert, Move, SetCheckins, SetField, describe, diff
from .engine import Edited, apply_changes, save
from .numstyle import NumberStyle
from .text import EditRefused


def writes_decimal_comma(text: str, fmt: str, okr_set: OkrSet) -> bool:
    """Whether a file writes its numbers `2,1` rather than `2.1`, judged the way its format's
    editor writes them back (a sheet's `;` separator counts when it has no decimals)."""
    if fmt == "csv":
        from .csv_edit import writes_decimal_comma as sheet_writes_decimal_comma

        return sheet_writes_decimal_comma(text, okr_set)
    from .markdown_edit import writes_decimal_comma as text_writes_decimal_comma

    return text_writes_decimal_comma(text)


def number_style(text: str, fmt: str, okr_set: OkrSet, oi: int, ki: int, name: str) -> NumberStyle:
    """The style the file writes field `name` (baseline, target, current) of key result (oi, ki)
    in, as its editor writes a value there (`numstyle.style_at` over the numbers around it:
    `12,5 %`, `18.500 €`): what okrcoach shows of a value follows the file as what it writes
    does. `okr_set` is the set read from `text` (its elements know their lines)."""
    import re

    from okrcoach.language_data import decimal_mark

    from .numstyle import NUMERIC_FIELDS, style_at

    if fmt == "csv":
        from .csv_edit import _Sheet

        try:
            sheet = _Sheet(text, okr_set)
            return sheet.number_style(sheet.kr_row(oi, ki), name)
        except (EditRefused, IndexError, ValueError):
            pass
    if fmt in ("yaml", "json"):
        from .json_edit import number_style as json_number_style
        from .yaml_edit import number_style as yaml_number_style

        try:
            return (yaml_number_style if fmt == "yaml" else json_number_style)(text, okr_set, oi, ki, name)
        except (EditRefused, IndexError):
            pass
    lines = re.split(r"\r\n|\r|\n", text)

    def written(spot: object) -> str:
        line, start, end = getattr(spot, "line", 0), getattr(spot, "start", 0), getattr(spot, "end", 0)
        if getattr(spot, "end_line", None) not in (None, line) or not 1 <= line <= len(lines):
            return ""
        return lines[line - 1][start:end]

    fields, at, unit = [], -1, None
    for o, objective in enumerate(okr_set.objectives):
        for k, kr in enumerate(objective.key_results):
            if (o, k) == (oi, ki):
                at, unit = len(fields), kr.unit
            spots = (getattr(getattr(kr.source, "span", None), "fields", None) or {}) if kr.source is not None else {}
            fields.append({f: written(spots[f]) for f in NUMERIC_FIELDS if f in spots})
    return style_at(fields, at, name, writes_decimal_comma(text, fmt, okr_set), decimal_mark(okr_set.language), unit)


def new_text(okr_set: OkrSet, fmt: str) -> str:
    """A new file's text for a set (save-as into another format, a fresh draft), in the set's
    language (declared, else detected as lint does): a Danish set saved as Markdown gets Danish
    field keys, as an edit in place writes them."""
    from okrcoach.formats import write

    if fmt != "md":
        return write(okr_set, fmt)
    from okrcoach.set_language import language_of

    return write(okr_set, fmt, language_of(okr_set))


def table_row_checkin(kr: Any, checkin: Any) -> Any:
    """A Markdown table row's key result as it reads once `checkin` is written into its row, or
    None for a key result that is no table row (see `markdown_edit.table_row_checkin`)."""
    from .markdown_edit import table_row_checkin as in_row

    return in_row(kr, checkin)


__all__ = [
    "AddCheckin",
    "Change",
    "Delete",
    "EditRefused",
    "Edited",
    "Insert",
    "Move",
    "NumberStyle",
    "SetCheckins",
    "SetField",
    "apply_changes",
    "writes_decimal_comma",
    "describe",
    "diff",
    "new_text",
    "number_style",
    "save",
    "table_row_checkin",
]
