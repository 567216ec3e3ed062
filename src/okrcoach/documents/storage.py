"""A file's bytes around its text: encoding and byte-order mark, kept exactly on every write.

An edit changes the text; the bytes around it (a UTF-8 BOM from Excel, UTF-16 "Unicode text"
exports) are written back as they came, so a save without a change gives the same bytes.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from okrcoach.files import atomic_write_bytes
from okrcoach.formats import MAX_FILE_BYTES, ReadIssue, decode

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class StoredText:
    """Decoded text plus what is needed to write it back byte for byte."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:  # pragma: no cover - UTF encodings take any text
            raise ValueError(f"the new text cannot be written as {self.encoding}: {exc.reason}") from exc


def decode_stored(data: bytes) -> tuple[Optional[StoredText], Optional[ReadIssue]]:
    """Decode a file's bytes (UTF-8 with or without BOM, UTF-16 with BOM) as the readers do."""
    for bom, encoding in _BOMS:
        if data.startswith(bom) and encoding != "utf-8":
            if len(data) > MAX_FILE_BYTES:
                break
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None, ReadIssue("OKR001", None, f"file starts like {encoding.upper()} text but is not valid {encoding.upper()}", "Save the file as UTF-8.")
            if not text.strip():
                return None, ReadIssue("OKR001", None, "file is empty", "Add objectives and key results.")
            return StoredText(text, encoding, bom), None
    text, issue = decode(data)
    if text is None:
        return None, issue
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    if text.startswith("\ufeff"):  # pragma: no cover - decode() takes the BOM off
        text = text[1:]
    return StoredText(text, "utf-8", bom), None


def load(path: Path) -> tuple[Optional[StoredText], Optional[ReadIssue]]:
    """A file's stored text; an unreadable file is an issue, never an exception."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, ReadIssue("OKR001", None, f"cannot read file: {exc.strerror or exc}", "Check the path and its permissions.")
    return decode_stored(data)


def store(path: Path, stored: StoredText, text: str) -> bool:
    """Write `text` in the file's encoding, atomically; False (no write) when nothing changed."""
    data = stored.encode(text)
    try:
        if Path(path).read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write_bytes(Path(path), data)
    return True
