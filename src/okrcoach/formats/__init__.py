"""Read and write OKR files: YAML (canonical), JSON, Markdown and CSV.

`read_bytes` never raises on bad input: whatever is wrong (size, encoding, binary, syntax,
unknown fields, invalid values) comes back as `ReadIssue`s with a line and a fix, alongside
whatever part of the set could still be built.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from okrcoach.gate import MAX_FILE_BYTES, Refused, read_file
from okrcoach.model import OkrSet
from okrcoach.terminal import REPORTED

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
# Suffixes of plain text, whose format is told from the content: OKRs pasted from Google Docs, an
# e-mail or Slack into a `.txt` file are an outline, bullets (`●`, `•`) or plain lines, or a CSV,
# JSON or YAML someone saved as text.
_BY_CONTENT = (".txt", ".text")
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
    # The decoded text, so the language of a file that could not be built can still be told.
    text: Optional[str] = field(default=None, repr=False, compare=False)
    # The codec the bytes were read with (`encoding_of`); `LEGACY_ENCODING` deserves a note.
    encoding: str = field(default="utf-8", compare=False)


def format_for_path(path: str | Path) -> Optional[str]:
    """The format implied by a file name (`x.okr.yaml` → yaml), or None if unknown."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def read_by_content(path: str | Path) -> bool:
    """Whether a file's name leaves its format to its content (`okrs.txt`)."""
    return Path(path).suffix.lower() in _BY_CONTENT


def format_of(path: str | Path, text: Optional[str]) -> Optional[str]:
    """The format of a file: its name's (`x.okr.md` → md), or for a text file (`okrs.txt`) what
    its decoded `text` is (`sniff.sniff_text`, Markdown when nothing else tells); None when
    neither tells. Every command that reads or writes a file asks this, so they agree."""
    fmt = format_for_path(path)
    if fmt is None and text is not None and read_by_content(path):
        from .sniff import sniff_text

        fmt = sniff_text(text, fallback="md")
    return fmt


def is_okr_file(path: Path) -> bool:
    """Whether directory discovery picks this file up: `*.okr.{yaml,yml,json,md,csv}`."""
    name = path.name.lower()
    return any(name.endswith(".okr" + suffix) for suffix in _SUFFIXES)


_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8"))
# What Excel's "CSV (comma delimited)" (and the semicolon CSV of Danish, German, Swedish, Finnish
# locales) writes on Windows: the ANSI code page, no byte-order mark. A sheet that is not UTF-8 is
# read in it, and written back in it.
LEGACY_ENCODING = "cp1252"


def encoding_of(data: bytes, fmt: Optional[str] = None) -> tuple[str, bytes]:
    """(codec, byte-order mark) of file bytes: UTF-16 with a BOM (Excel's "Unicode text"), UTF-8
    with or without one, or for a sheet (`fmt` csv) that is not UTF-8, Excel's legacy Windows
    encoding (`LEGACY_ENCODING`) when the bytes are valid in it. A writer that encodes with the
    same codec and BOM keeps the file's encoding."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, bom
    if fmt == "csv" and not _is_utf8(data) and b"\x00" not in data[:8192]:
        try:
            data.decode(LEGACY_ENCODING)
        except UnicodeDecodeError:
            return "utf-8", b""
        return LEGACY_ENCODING, b""
    return "utf-8", b""


def encoding_name(codec: str) -> str:
    """How people name a codec of `encoding_of`: `Windows-1252`, `UTF-8`, `UTF-16`."""
    return {LEGACY_ENCODING: "Windows-1252", "utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(codec, codec)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, fmt: Optional[str] = None) -> tuple[Optional[str], Optional[ReadIssue]]:
    """Decode file bytes (UTF-8, with or without BOM, UTF-16 with BOM, and for a sheet, `fmt` csv,
    Excel's legacy Windows encoding), refusing binary and oversized input."""
    if len(data) > MAX_FILE_BYTES:
        return None, ReadIssue.of("OKR001", None, "file-too-large", size=len(data), limit=MAX_FILE_BYTES)
    codec, bom = encoding_of(data, fmt)
    if codec == LEGACY_ENCODING:
        text = data.decode(codec)
    elif codec.startswith("utf-16"):
        try:
            text = data[len(bom) :].decode(codec)
        except UnicodeDecodeError as exc:
            return None, ReadIssue.of("OKR001", None, "file-not-utf16", byte=exc.start + len(bom))
        if "\x00" in text:
            return None, ReadIssue.of("OKR001", None, "file-binary")
    else:
        if b"\x00" in data[:8192]:
            return None, ReadIssue.of("OKR001", None, "file-binary")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            return None, ReadIssue.of("OKR001", line, "file-not-utf8", byte=f"{data[exc.start]:#04x}", line=line)
    if not text.strip():
        return None, ReadIssue.of("OKR001", None, "file-empty")
    return text, None


def read_text(text: str, path: str, fmt: str) -> ReadResult:
    """Parse text of a known format into an `OkrSet` plus issues."""
    data, issues = _module(fmt).load_located(text)
    if issues and data is None:
        return ReadResult(path=path, format=fmt, okr_set=None, issues=issues, text=text)
    if _may_hold_unsafe_text(text):
        issues = issues + check_texts(data)
    from .vocabulary import local_field

    builder = Builder(path, local_field)
    okr_set = builder.okr_set(data) if data is not None else None
    if data is None:
        builder.issue("OKR005", None, f"nothing-found-{fmt}")
    return ReadResult(path=path, format=fmt, okr_set=okr_set, issues=issues + builder.issues, text=text)


def _may_hold_unsafe_text(text: str) -> bool:
    """Whether a value read from `text` can hold what `check_texts` reports (control characters,
    bidirectional overrides, lone surrogates): only when the file has one itself, or a backslash
    (the escapes of YAML and JSON strings, Markdown's escaped characters) that can write one. Every
    reader's texts are the file's characters or such escapes, so a file with neither (most) needs
    no walk over its values."""
    return "\\" in text or REPORTED.search(text) is not None


def read_bytes(data: bytes, path: str, fmt: Optional[str] = None) -> ReadResult:
    """Decode and parse one file's bytes; `fmt` overrides the format implied by `path`."""
    fmt = fmt or format_for_path(path)
    if fmt is None and not read_by_content(path):
        return ReadResult(path, None, None, [ReadIssue.of("OKR001", None, "unknown-format", path=path)])
    text, issue = decode(data, fmt)
    if issue:
        return ReadResult(path, fmt, None, [issue], text=_language_hint(data))
    result = read_text(text, path, fmt or format_of(path, text))  # type: ignore[arg-type]
    result.encoding = encoding_of(data, fmt)[0]
    return result


def _language_hint(data: bytes) -> str:
    """Text good enough to tell the language of bytes that are not UTF-8: legacy 8-bit files read
    as Latin-1, UTF-16 exports with their NUL bytes dropped. Never shown, never parsed."""
    return data[:65536].replace(b"\x00", b"").decode("latin-1")


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
    return ReadResult(path, fmt, None, [ReadIssue.of("OKR001", None, refused.key, **refused.args)])


def sniff_format(data: bytes) -> str:
    """The format of bytes that have no file name (standard input): json, csv, md or yaml."""
    from .sniff import sniff_text

    codec, bom = encoding_of(data)
    return sniff_text(data[len(bom) :].decode(codec, errors="replace"))


def write(okr_set: OkrSet, fmt: str, language: Optional[str] = None) -> str:
    """Serialise a set in one of FORMATS; Markdown writes its labels and field keys in `language`
    (the set's declared language when not given)."""
    if fmt == "md":
        return _module(fmt).dump(okr_set, language)
    return _module(fmt).dump(okr_set)


__all__ = [
    "FORMATS",
    "LEGACY_ENCODING",
    "MAX_FILE_BYTES",
    "ReadIssue",
    "ReadResult",
    "decode",
    "encoding_name",
    "encoding_of",
    "format_for_path",
    "format_of",
    "is_okr_file",
    "read_by_content",
    "read_bytes",
    "read_path",
    "read_text",
    "refused_result",
    "write",
]
