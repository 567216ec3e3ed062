"""Read and write OKR files: YAML (canonical), JSON, Markdown and CSV.

`read_bytes` never raises on bad input: whatever is wrong (size, encoding, binary, syntax,
unknown fields, invalid values) comes back as `ReadIssue`s with a line and a fix, alongside
whatever part of the set could still be built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from okrcoach.model import OkrSet

import importlib

from okrcoach.gate import MAX_FILE_BYTES, Refused, read_file

from .build import Builder
from .located import ReadIssue, check_texts

FORMATS = ("yaml", "json", "md", "csv")
_SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".tsv": "csv",
}
_MODULES = {"yaml": "yaml_format", "json": "json_format", "md": "markdown_format", "csv": "csv_format"}


def _module(fmt: str):
    """The reader/writer module of a format, imported on first use (a lint of YAML needs no CSV)."""
    return importlib.import_module(f"{__name__}.{_MODULES[fmt]}")


@dataclass
class ReadResult:
    """What reading one file gave: the set (None if nothing could be built) and the issues."""

    path: str
    format: Optional[str]
    okr_set: Optional[OkrSet]
    issues: list[ReadIssue] = field(default_factory=list)


def format_for_path(path: str | Path) -> Optional[str]:
    """The format implied by a file name (`x.okr.yaml` → yaml), or None if unknown."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def is_okr_file(path: Path) -> bool:
    """Whether directory discovery picks this file up: `*.okr.{yaml,yml,json,md,csv}`."""
    name = path.name.lower()
    return any(name.endswith(".okr" + suffix) for suffix in _SUFFIXES)


def decode(data: bytes) -> tuple[Optional[str], Optional[ReadIssue]]:
    """Decode file bytes as UTF-8 (BOM allowed), refusing binary and oversized input."""
    if len(data) > MAX_FILE_BYTES:
        return None, ReadIssue("OKR001", None, f"file is {len(data):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for OKR files", "Split the file into one file per team or period.")
    if b"\x00" in data[:8192]:
        return None, ReadIssue("OKR001", None, "file looks binary (it contains NUL bytes), not an OKR text file", "Lint the YAML, JSON, Markdown or CSV file instead; export spreadsheets as CSV (UTF-8).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, ReadIssue("OKR001", line, f"file is not valid UTF-8 (byte {data[exc.start]:#04x} at line {line})", "Save the file as UTF-8, e.g. in your editor's 'Save with encoding' or `iconv -f latin1 -t utf-8`.")
    if not text.strip():
        return None, ReadIssue("OKR001", None, "file is empty", "Add objectives and key results, or remove the file from the lint run.")
    return text, None


def read_text(text: str, path: str, fmt: str) -> ReadResult:
    """Parse text of a known format into an `OkrSet` plus issues."""
    data, issues = _module(fmt).load_located(text)
    if issues and data is None:
        return ReadResult(path=path, format=fmt, okr_set=None, issues=issues)
    issues = issues + check_texts(data)
    builder = Builder(path)
    okr_set = builder.okr_set(data) if data is not None else None
    if data is None:
        builder.issue("OKR005", None, "no objectives or key results found", _NOTHING_FOUND_FIX[fmt])
    return ReadResult(path=path, format=fmt, okr_set=okr_set, issues=issues + builder.issues)


def read_bytes(data: bytes, path: str, fmt: Optional[str] = None) -> ReadResult:
    """Decode and parse one file's bytes; `fmt` overrides the format implied by `path`."""
    fmt = fmt or format_for_path(path)
    if fmt is None:
        return ReadResult(path, None, None, [ReadIssue("OKR001", None, f"cannot tell the format of {path!r} from its name", "Name the file *.okr.yaml, *.okr.json, *.okr.md or *.okr.csv, or pass --input-format.")])
    text, issue = decode(data)
    if issue:
        return ReadResult(path, fmt, None, [issue])
    return read_text(text, path, fmt)


def read_path(path: Path, fmt: Optional[str] = None, root: Optional[Path] = None) -> ReadResult:
    """Read a file from disk through the reading gate (`okrcoach.gate`): whatever stops it (not
    a regular file, too big, a link out of `root`, no permission) becomes an issue, never an
    exception or a hang."""
    data = read_file(path, root=root)
    if isinstance(data, Refused):
        return refused_result(str(path), fmt or format_for_path(path), data)
    return read_bytes(data, str(path), fmt)


def refused_result(path: str, fmt: Optional[str], refused: Refused) -> ReadResult:
    """The result for a path the gate did not read: one OKR001 issue saying why."""
    return ReadResult(path, fmt, None, [ReadIssue("OKR001", None, refused.message, refused.fix)])


def write(okr_set: OkrSet, fmt: str) -> str:
    """Serialise a set in one of FORMATS."""
    return _module(fmt).dump(okr_set)


_NOTHING_FOUND_FIX = {
    "yaml": "Start the file with `objectives:` and list each objective with its `key_results:`.",
    "json": 'Write {"objectives": [{"title": ..., "key_results": [...]}]}.',
    "md": "Write each objective as a heading (`## Objective: …`) or numbered item and each key result as a `- ` bullet under it.",
    "csv": "Give the CSV a header row with at least `objective` and `key_result` columns.",
}

__all__ = ["FORMATS", "MAX_FILE_BYTES", "ReadIssue", "ReadResult", "format_for_path", "is_okr_file", "read_bytes", "read_path", "read_text", "refused_result", "write"]
