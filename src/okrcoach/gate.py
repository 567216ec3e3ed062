"""The reading gate: every byte okrcoach reads from a user's disk or standard input comes through here.

What is not a regular file (a named pipe, a device, a socket, a folder) is refused before it is
opened, so nothing hangs; reads stop at the size limit plus one byte, also on standard input; a
symbolic link is followed only while it stays inside the folder being read, so a link to
`/etc` or to another user's files is reported, never read or quoted; a loop, a dangling link, a
path too long or a folder that cannot be listed is reported, never raised or skipped in silence.
Every refusal is a `Refused` with a message and a fix, which callers turn into a finding or an
error. Numbers and texts from a file are checked here too (`number_problem`, `text_problem`), so
a value that would break Python (a 4,400-digit integer) or a terminal (an escape sequence) is a
finding with a line, never an exception.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Optional, Union

from okrcoach.terminal import REPORTED, describe, printable

MAX_FILE_BYTES = 1024 * 1024
# Python refuses to turn longer digit strings into integers (CVE-2020-10735); so does okrcoach.
MAX_NUMBER_DIGITS = 4300
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Refused:
    """Why a path or stream was not read: a message that names what it is, and what to do."""

    message: str
    fix: str


@dataclass(frozen=True)
class Found:
    """One path a folder walk found: a file to read, or a folder it could not enter (`refused`)."""

    path: Path
    refused: Optional[Refused] = None
    note: bool = False  # a refusal worth a note, not a finding (a link to a folder elsewhere)


_CHECK_PATH = "Check the path and its permissions."
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _oserror(exc: OSError, what: str = "file") -> Refused:
    if exc.errno == errno.ENOENT:
        return Refused(f"the {what} does not exist", _CHECK_PATH)
    if exc.errno == errno.ELOOP:
        return Refused("the path is a symbolic link loop (a link that leads back to itself)", "Point the link at a real file, or delete it.")
    if exc.errno == errno.ENAMETOOLONG:
        return Refused("the path is too long for this system", "Use a shorter path.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Refused(f"cannot read the {what}: permission denied", "Give yourself read permission (chmod u+r), or leave it out of the run.")
    reason = exc.strerror or type(exc).__name__
    return Refused(f"cannot read the {what}: {reason}", _CHECK_PATH)


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def boundary_for(path: Union[str, Path]) -> str:
    """The folder a link named on the command line must stay in: the working folder, or the
    link's own folder when the link lies outside the working folder."""
    cwd = os.path.realpath(os.getcwd())
    folder = os.path.realpath(os.path.dirname(os.path.abspath(os.fspath(path))) or ".")
    return cwd if _inside(folder, cwd) else folder


def _shown(path: Union[str, Path]) -> str:
    return printable(os.fspath(path), single_line=True)


def _link_refusal(path: str, root: Optional[Union[str, Path]]) -> Optional[Refused]:
    """Why a symbolic link at `path` may not be followed, or None when it stays inside."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return Refused(f"the path is a symbolic link to {_shown(target)}, which does not exist", "Point the link at an existing file, or delete it.")
        return _oserror(exc)
    boundary = os.path.realpath(os.fspath(root)) if root is not None else boundary_for(path)
    target = os.path.realpath(path)
    if not _inside(target, boundary):
        return Refused(
            f"the path is a symbolic link to {_shown(target)}, outside {_shown(boundary)}; it is not read",
            "Lint the file it points to directly, or copy it into the folder.",
        )
    return None


def read_file(path: Union[str, Path], root: Optional[Union[str, Path]] = None, limit: int = MAX_FILE_BYTES) -> Union[bytes, Refused]:
    """The bytes of a regular file, or why it was not read.

    `root` is the folder being linted: a symbolic link is followed only to a target inside it
    (default: `boundary_for(path)`). At most `limit` + 1 bytes are read; a larger file is refused.
    """
    name = os.fspath(path)
    try:
        link = os.lstat(name)
    except (OSError, ValueError) as exc:
        return _oserror(exc) if isinstance(exc, OSError) else Refused(f"the path is not valid: {exc}", _CHECK_PATH)
    if stat.S_ISLNK(link.st_mode):
        refused = _link_refusal(name, root)
        if refused is not None:
            return refused
    try:
        info = os.stat(name)
    except OSError as exc:
        return _oserror(exc)
    if not stat.S_ISREG(info.st_mode):
        return Refused(f"the path is {_kind(info.st_mode)}, not a regular file; it is not read", "Give the path of an OKR file (YAML, JSON, Markdown or CSV).")
    if info.st_size > limit:
        return _too_big(f"the file is {info.st_size:,} bytes", limit)
    try:
        # O_NONBLOCK: had the path become a pipe since the check above, opening it would not wait.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return _oserror(exc)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return Refused("the path is not a regular file; it is not read", "Give the path of an OKR file (YAML, JSON, Markdown or CSV).")
        data = _read_bounded(lambda size: os.read(fd, size), limit)
    except OSError as exc:
        return _oserror(exc)
    finally:
        os.close(fd)
    if len(data) > limit:
        return _too_big(f"the file is over {limit:,} bytes", limit)
    return data


def _read_bounded(read: Callable[[int], bytes], limit: int) -> bytes:
    chunks, total = [], 0
    while total <= limit:
        chunk = read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _too_big(what: str, limit: int) -> Refused:
    return Refused(f"{what}, over the {limit:,}-byte limit for OKR files", "Split the file into one file per team or period.")


def read_stream(stream: BinaryIO, limit: int = MAX_FILE_BYTES, name: str = "standard input") -> Union[bytes, Refused]:
    """At most `limit` bytes of a stream (standard input); more is refused after `limit` + 1."""
    try:
        data = _read_bounded(stream.read, limit)
    except OSError as exc:
        return Refused(f"cannot read {name}: {exc.strerror or exc}", "Pipe an OKR file into okrcoach, e.g. `okrcoach lint - < okrs.okr.yaml`.")
    if len(data) > limit:
        return _too_big(f"{name} is over {limit:,} bytes", limit)
    return data


def read_text_file(path: Union[str, Path], limit: int = MAX_FILE_BYTES) -> Union[str, Refused]:
    """A UTF-8 text file (config, context) through the gate: the text, or why it was not read."""
    data = read_file(path, limit=limit)
    if isinstance(data, Refused):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Refused(f"the file is not valid UTF-8 (byte {data[exc.start]:#04x} at line {line})", "Save the file as UTF-8, e.g. with `iconv -f latin1 -t utf-8`.")


def walk(root: Union[str, Path], wanted: Callable[[Path], bool], skip: Callable[[str], bool] = lambda name: False) -> list[Found]:
    """Every wanted file under `root`, in order, plus the folders that could not be listed.

    Links to folders are not followed: one that leads out of `root` is reported as a note (its
    files are not read); one inside `root` leads to files the walk reaches anyway.
    """
    top = Path(root)
    boundary = os.path.realpath(top)
    found: list[Found] = []

    def unlistable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else top
        refused = _oserror(exc, "folder")
        found.append(Found(where, Refused(refused.message.replace("cannot read the folder", "cannot list this folder"), refused.fix)))

    for dirpath, dirnames, filenames in os.walk(top, onerror=unlistable):
        kept = []
        for name in sorted(dirnames):
            if skip(name):
                continue
            folder = Path(dirpath) / name
            if os.path.islink(folder):
                target = os.path.realpath(folder)
                if not _inside(target, boundary):
                    found.append(Found(folder, Refused(f"is a symbolic link to the folder {_shown(target)}, outside {_shown(boundary)}; its files are not read", "Lint that folder directly if you mean to."), note=True))
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            candidate = Path(dirpath) / name
            if wanted(candidate):
                found.append(Found(candidate))
    return found


# -- values ---------------------------------------------------------------------------------------


def number_text_problem(text: str) -> Optional[str]:
    """Why a number as written cannot be read (too many digits), or None."""
    digits = sum(1 for c in text if c.isdigit())
    if digits > MAX_NUMBER_DIGITS:
        return f"a number with {digits:,} digits is longer than okrcoach reads ({MAX_NUMBER_DIGITS:,} digits)"
    return None


def number_problem(value: Union[int, float]) -> Optional[str]:
    """Why a number cannot be used as a metric's value (infinite, not a number, beyond a float)."""
    try:
        if value != value or value in (float("inf"), float("-inf")):
            return "must be a finite number"
        float(value)
    except OverflowError:
        return "is too large to compute with"
    return None


def text_problem(text: str) -> Optional[str]:
    """What in a text could act on a terminal or cannot be written (control characters,
    bidirectional overrides, lone surrogates), as a clause for a message; None for ordinary text
    (tabs and newlines included)."""
    found = REPORTED.findall(text)
    if not found:
        return None
    distinct = list(dict.fromkeys(found))
    names = [describe(c) for c in distinct[:3]] + ([f"{len(distinct) - 3} more"] if len(distinct) > 3 else [])
    named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    surrogates = any("\ud800" <= c <= "\udfff" for c in distinct)
    controls = any(not "\ud800" <= c <= "\udfff" for c in distinct)
    if surrogates and controls:
        return f"contains {named}: controls can change what a terminal shows, and lone surrogates are not characters (read as \ufffd)"
    if surrogates:
        return f"contains {named}, which is not a character (read as \ufffd)"
    return f"contains {named}, which can change what a terminal shows"


def without_surrogates(text: str) -> str:
    """Lone surrogates (from `\\ud800` escapes) replaced by U+FFFD: they cannot be encoded or shown."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


_SURROGATE = re.compile("[\ud800-\udfff]")
