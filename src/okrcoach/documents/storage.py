"""A file's bytes around its text: encoding and byte-order mark, kept exactly on every write.

An edit changes the text; the bytes around it (a UTF-8 BOM from Excel, UTF-16 "Unicode text"
exports) are written back as they came, so a save without a change gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from okrcoach.files import atomic_write_bytes
from okrcoach.formats import ReadIssue, decode, encoding_of


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
    """Decode a file's bytes as the readers do (`okrcoach.formats.decode`), remembering its codec
    and byte-order mark."""
    text, issue = decode(data)
    if text is None:
        return None, issue
    codec, bom = encoding_of(data)
    return StoredText(text, codec, bom), None


def load(path: Path) -> tuple[Optional[StoredText], Optional[ReadIssue]]:
    """A file's stored text, read through the reading gate (regular files only, bounded); an
    unreadable file is an issue, never an exception."""
    from okrcoach.gate import Refused, read_file

    data = read_file(Path(path))
    if isinstance(data, Refused):
        return None, ReadIssue.of("OKR001", None, data.key, **data.args)
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
