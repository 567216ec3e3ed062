"""A file's bytes around its text: encoding and byte-order mark, kept exactly on every write.

An edit changes the text; the bytes around it (a UTF-8 BOM from Excel, UTF-16 "Unicode text"
exports, the Windows-1252 of Excel's plain "CSV") are written back as they came, so a save without
a change gives the same bytes.

Every read-modify-write (checkin, improve --write, the TUI's save) holds the file's advisory
lock (`locked`) from reading to writing, so two okrcoach processes never lose each other's edit;
a write goes through a symbolic link to its target; what could not be written is kept in the
state folder (`keep_unwritten`) and the message says where.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

from okrcoach.files import atomic_write_bytes
from okrcoach.formats import ReadIssue, decode, encoding_name, encoding_of, is_legacy
from okrcoach.i18n import Msg, msg, os_problem


@dataclass(frozen=True)
class StoredText:
    """Decoded text plus what is needed to write it back byte for byte."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """The bytes of `text` in the file's encoding; `NotEncodable` (an OSError, so every write
        path reports it as a failed write and keeps the text) when a legacy encoding cannot hold
        a character of it."""
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise NotEncodable(text[exc.start : exc.end], self.encoding) from None

    def kept(self, text: str) -> bytes:
        """The bytes to keep `text` in when it could not be written: the file's encoding, or
        UTF-8 when that cannot hold it."""
        try:
            return self.encode(text)
        except NotEncodable:
            return text.encode("utf-8", "surrogatepass")

    @property
    def legacy(self) -> bool:
        """Whether the file was read in a legacy 8-bit code page, e.g. Excel's (worth a note)."""
        return is_legacy(self.encoding)


class NotEncodable(OSError):
    """The edited text holds a character the file's legacy encoding (Windows-1252, Windows-1250) cannot
    write; nothing was written."""

    def __init__(self, chars: str, encoding: str) -> None:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in dict.fromkeys(chars))
        self.said = msg("phrases.not-encodable", chars=shown, encoding=encoding_name(encoding))
        super().__init__(self.said.render("en"))


def decode_stored(data: bytes, fmt: Optional[str] = None, forced: Optional[str] = None) -> tuple[Optional[StoredText], Optional[ReadIssue]]:
    """Decode a file's bytes as the readers do (`okrcoach.formats.decode`, `fmt` and `forced` as
    there), remembering its codec and byte-order mark."""
    text, issue = decode(data, fmt, forced)
    if text is None:
        return None, issue
    codec, bom = encoding_of(data, fmt, forced)
    return StoredText(text, codec, bom), None


def load(path: Path) -> tuple[Optional[StoredText], Optional[ReadIssue]]:
    """A file's stored text, read through the reading gate (regular files only, bounded); an
    unreadable file is an issue, never an exception."""
    from okrcoach.formats import format_for_path
    from okrcoach.gate import Refused, read_file

    data = read_file(Path(path))
    if isinstance(data, Refused):
        return None, ReadIssue.of("OKR001", None, data.key, **data.args)
    return decode_stored(data, format_for_path(path))


def store(path: Path, stored: StoredText, text: str) -> bool:
    """Write `text` in the file's encoding, atomically; False (no write) when nothing changed.

    A symbolic link is written through to its target (`written_path`). Call it inside `locked`
    when the text was computed from the file's current content.
    """
    target = written_path(path)
    data = stored.encode(text)
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write_bytes(target, data)
    return True


# -- writing safely ---------------------------------------------------------------------------------

try:  # POSIX advisory locks; elsewhere (Windows) writes are not locked
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]

# How long a writer waits for another okrcoach to finish with the same file: a read-modify-write
# takes milliseconds on an idle machine and seconds on a loaded one with dozens of writers in line;
# a wait this long means something is stuck.
LOCK_WAIT = 30.0
# After this long in line, the waiting writer says why it waits (`on_wait`).
LOCK_NOTICE = 1.0
# A screen that waits freezes: the TUI's save waits this long, then says the file is busy.
INTERACTIVE_WAIT = 3.0


class Busy(OSError):
    """Another okrcoach held the file's lock for longer than the wait; nothing was written."""

    def __init__(self, path: Path) -> None:
        self.said = msg("phrases.file-busy", path=str(path))
        super().__init__(self.said.render("en"))
        self.path = path


def written_path(path: Path) -> Path:
    """Where a write to `path` lands: a symbolic link is written through to its target, so a link
    shared by several folders keeps pointing at the one changed file."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextlib.contextmanager
def locked(path: Path, wait: Optional[float] = None, on_wait: Optional[Callable[[Msg], None]] = None) -> Iterator[Path]:
    """Hold the advisory lock of the file behind `path` for one read-modify-write.

    Read the file, compute the edit and `store` it inside the block: a second okrcoach editing the
    same file waits here until the first has written, then reads the new text, so no edit is lost.
    The lock is on the file itself (no lock file is left in the user's folder); as a write replaces
    the file, a lock taken on a file that was replaced meanwhile is dropped and taken again on the
    new one. Yields the path to write to (see `written_path`). Raises `Busy` after `wait` seconds
    (default `LOCK_WAIT`); `on_wait` hears once why it waits, after `LOCK_NOTICE` seconds.
    """
    target = written_path(path)
    if _fcntl is None:  # pragma: no cover - Windows
        yield target
        return
    started = time.monotonic()
    deadline = started + (LOCK_WAIT if wait is None else wait)
    told = on_wait is None
    while True:
        try:
            fd = os.open(target, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            fd = None  # a new file (nothing to lose), or one the reading gate will report
        if fd is None:
            yield target
            return
        try:
            while True:
                try:
                    _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    now = time.monotonic()
                    if now >= deadline:
                        raise Busy(Path(path)) from None
                    if not told and now - started >= LOCK_NOTICE:
                        on_wait(msg("phrases.file-waiting", path=str(path)))  # type: ignore[misc]
                        told = True
                    time.sleep(0.01)
            held, now = os.fstat(fd), _identity(target)
            if now == (held.st_dev, held.st_ino):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the file was replaced while we waited: lock the new one
    try:
        yield target
    finally:
        os.close(fd)


def _identity(path: Path) -> Optional[tuple[int, int]]:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def keep_unwritten(data: "bytes | str", name: str, folder: str = "unsaved") -> Optional[Path]:
    """Keep text that could not be written where it was meant to go, in okrcoach's state folder
    (`<state>/<folder>/<time>-<pid>-<name>`), so a failed write loses nothing; None when even that
    fails (the caller then says so)."""
    from okrcoach.files import atomic_write_bytes, state_dir

    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    try:
        place = state_dir() / folder
        place.mkdir(parents=True, exist_ok=True)
        kept = place / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{Path(name).name}"
        atomic_write_bytes(kept, raw)
    except OSError:
        return None
    return kept


def write_problem(exc: OSError) -> Msg:
    """Why a write failed, in words ("the file system is read-only", "the disk is full"), to say
    in the reader's language (`phrases.write-problem`)."""
    if isinstance(exc, (Busy, NotEncodable)):
        return exc.said
    return msg("phrases.write-problem", name=errno.errorcode.get(exc.errno or 0, "other"), detail=os_problem(exc))


def store_edit(path: Path, base: StoredText, text: str, changes: list, fmt: str, on_wait: Optional[Callable[[Msg], None]] = None) -> tuple[bool, bool]:
    """Write an edit computed from `base` (the file's text when the edit began) under the lock.

    When the file still holds `base`, `text` is written. When someone changed it meanwhile (a
    check-in while a model was thinking), `changes` are applied to what it holds now, so both
    edits land; `EditRefused` (nothing written) when they cannot be. Returns (written, merged).
    """
    from okrcoach.gate import Refused, read_file

    from .engine import apply_changes
    from .text import EditRefused, issue_said

    with locked(path, on_wait=on_wait) as target:
        now = read_file(target)
        if isinstance(now, Refused):
            raise EditRefused(msg("phrases.cannot-edit-unreadable-now", problem=now.said))
        if now == base.encode(base.text):
            return store(target, base, text), False
        current, issue = decode_stored(now, fmt, base.encoding if base.legacy else None)
        if current is None:
            raise EditRefused(msg("phrases.cannot-edit-unreadable-now", problem=issue_said(issue) if issue else "unreadable"))
        merged = apply_changes(current.text, fmt, changes, str(path))
        return store(target, current, merged.text), True
