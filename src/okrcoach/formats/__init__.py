"""Read and write OKR files: YAML (canonical), JSON, Markdown and CSV.

`read_bytes` never raises on bad input: whatever is wrong (size, encoding, binary, syntax,
unknown fields, invalid values) comes back as `ReadIssue`s with a line and a fix, alongside
whatever part of the set could still be built.
"""

from __future__ import annotations

import importlib
import re
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
# What Excel's "CSV (comma delimited)" (and the semicolon CSV of Danish, German, Swedish, Finnish,
# Hungarian locales) writes on Windows: the ANSI code page of the machine's locale, no byte-order
# mark. Western Europe's (Windows-1252) comes first and wins a tie; Central Europe's (Windows-1250,
# Hungarian, Polish, Czech) holds ő, ű, ł, ą where Windows-1252 has õ, û, ³, ¹. A sheet that is not
# UTF-8 is read in the one whose text its language can hold (`legacy_encoding`), and written back in it.
LEGACY_ENCODINGS = ("cp1252", "cp1250")
LEGACY_ENCODING = LEGACY_ENCODINGS[0]
_UNICODE_CODECS = ("utf-8", "utf-16-le", "utf-16-be")
# A word, for weighing a code page: a run of what is neither space nor ASCII punctuation or digit.
_WORD = re.compile(r"[^\s\x00-\x40\x5b-\x60\x7b-\x7f]+")


def encoding_of(data: bytes, fmt: Optional[str] = None, forced: Optional[str] = None) -> tuple[str, bytes]:
    """(codec, byte-order mark) of file bytes: UTF-16 with a BOM (Excel's "Unicode text"), UTF-8
    with or without one, or for a sheet (`fmt` csv) that is not UTF-8, the legacy Windows code page
    its text reads best in (`legacy_encoding`). `forced` (the user's `--encoding`) replaces the
    guess for any file without a BOM. A writer that encodes with the same codec and BOM keeps the
    file's encoding."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, bom
    if forced is not None:
        return forced, b""
    if fmt == "csv" and not _is_utf8(data) and b"\x00" not in data[:8192]:
        return legacy_encoding(data) or "utf-8", b""
    return "utf-8", b""


def legacy_encoding(data: bytes) -> Optional[str]:
    """The legacy code page (`LEGACY_ENCODINGS`) in which `data` reads as the most plausible
    words, or None when none decodes it. Only words holding a letter beyond ASCII are weighed:
    one whose letters are all letters one of the rubric's languages writes (`language_letters`:
    Hungarian's ő and ű, Danish's æ, ø, å) counts 2, one of other letters (õ, û, ł) 1, and one
    with a symbol between its letters (³, ¹, ¿ where Windows-1252 misreads ł, ą, ż) -1. The
    first code page wins a tie, so a German or Finnish sheet (ä, ö, ü, the same bytes in both)
    stays Windows-1252."""
    from okrcoach.language_data import section

    alphabets = [frozenset(str(letters)) for letters in section("language_letters").values() if letters]
    best: Optional[str] = None
    best_score = 0.0
    for codec in LEGACY_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = sum(_word_score(word, alphabets) for word in _WORD.findall(text.lower()) if not word.isascii())
        if best is None or score > best_score:
            best, best_score = codec, score
    return best


def _word_score(word: str, alphabets: list[frozenset[str]]) -> int:
    beyond = {char for char in word if not char.isascii()}
    if not all(char.isalpha() for char in beyond):
        return -1
    return 2 if any(beyond <= alphabet for alphabet in alphabets) else 1


def is_legacy(codec: str) -> bool:
    """Whether a file was read in an 8-bit code page rather than Unicode (worth a note: what
    okrcoach writes into it stays in that code page)."""
    return codec not in _UNICODE_CODECS


def known_codec(name: str) -> Optional[str]:
    """Python's name of a codec the user named (`cp1250`, `windows-1250`, `iso-8859-2`), or None
    when Python knows no such codec or it is not a text encoding. UTF-16 and UTF-32 without a
    byte-order mark are read (and written back) little-endian, as Python reads them, without
    adding a mark a save would put before unchanged text."""
    import codecs

    try:
        info = codecs.lookup(name.strip())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    return {"utf-8-sig": "utf-8", "utf_8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(info.name, info.name)


def encoding_name(codec: str) -> str:
    """How people name a codec of `encoding_of`: `Windows-1252`, `Windows-1250`, `UTF-8`, `UTF-16`."""
    if re.fullmatch(r"cp12\d\d", codec):
        return "Windows-" + codec[2:]
    return {"utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(codec, codec)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, fmt: Optional[str] = None, forced: Optional[str] = None) -> tuple[Optional[str], Optional[ReadIssue]]:
    """Decode file bytes (UTF-8, with or without BOM, UTF-16 with BOM, and for a sheet, `fmt` csv,
    a legacy Windows code page), refusing binary and oversized input; `forced` is the user's
    `--encoding` (`encoding_of`)."""
    if len(data) > MAX_FILE_BYTES:
        return None, ReadIssue.of("OKR001", None, "file-too-large", size=len(data), limit=MAX_FILE_BYTES)
    codec, bom = encoding_of(data, fmt, forced)
    if codec.startswith("utf-16"):
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
            text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            if codec != "utf-8":
                return None, ReadIssue.of("OKR001", line, "file-not-in-encoding", byte=f"{data[exc.start]:#04x}", line=line, encoding=encoding_name(codec))
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


def read_bytes(data: bytes, path: str, fmt: Optional[str] = None, encoding: Optional[str] = None) -> ReadResult:
    """Decode and parse one file's bytes; `fmt` overrides the format implied by `path`, `encoding`
    (the user's `--encoding`) the encoding told from the bytes."""
    fmt = fmt or format_for_path(path)
    if fmt is None and not read_by_content(path):
        return ReadResult(path, None, None, [ReadIssue.of("OKR001", None, "unknown-format", path=path)])
    text, issue = decode(data, fmt, encoding)
    if issue:
        return ReadResult(path, fmt, None, [issue], text=_language_hint(data))
    result = read_text(text, path, fmt or format_of(path, text))  # type: ignore[arg-type]
    result.encoding = encoding_of(data, fmt, encoding)[0]
    return result


def _language_hint(data: bytes) -> str:
    """Text good enough to tell the language of bytes that are not UTF-8: legacy 8-bit files read
    as Latin-1, UTF-16 exports with their NUL bytes dropped. Never shown, never parsed."""
    return data[:65536].replace(b"\x00", b"").decode("latin-1")


def read_path(path: Path, fmt: Optional[str] = None, root: Optional[Path] = None, encoding: Optional[str] = None) -> ReadResult:
    """Read a file from disk through the reading gate (`okrcoach.gate`): whatever stops it (not
    a regular file, too big, a link out of `root`, no permission) becomes an issue, never an
    exception or a hang."""
    data = read_file(path, root=root)
    if isinstance(data, Refused):
        return refused_result(str(path), fmt or format_for_path(path), data)
    return read_bytes(data, str(path), fmt, encoding)


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
    "LEGACY_ENCODINGS",
    "MAX_FILE_BYTES",
    "ReadIssue",
    "ReadResult",
    "decode",
    "encoding_name",
    "encoding_of",
    "format_for_path",
    "format_of",
    "is_legacy",
    "is_okr_file",
    "known_codec",
    "legacy_encoding",
    "read_by_content",
    "read_bytes",
    "read_path",
    "read_text",
    "refused_result",
    "write",
]
