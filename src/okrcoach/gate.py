"""The reading gate: every byte okrcoach reads from a user's disk or standard input comes through here.

What is not a regular file (a named pipe, a device, a socket, a folder) is refused before it is
opened, so nothing hangs; reads stop at the size limit plus one byte, also on standard input; a
symbolic link is followed only while it stays inside the folder being read, so a link to
`/etc` or to another user's files is reported, never read or quoted; a loop, a dangling link, a
path too long or a folder that cannot be listed is reported, never raised or skipped in silence.
Every refusal is a `Refused`: an issue key of the message catalogues (`issues.<key>` in
`rubrics/messages/<lang>.yaml`) and its parameters, so the finding it becomes speaks the file's
language, while `message` and `fix` give the English text for command-line errors. Numbers and
texts from a file are checked here too (`number_problem`, `text_problem`, both giving a phrase as
an `okrcoach.i18n.Msg`), so a value that would break Python (a 4,400-digit integer) or a terminal
(an escape sequence) is a finding with a line, never an exception.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Optional, Union

from okrcoach.i18n import SOURCE_LANGUAGE, Msg, msg, os_problem, text
from okrcoach.terminal import REPORTED, control_kind, printable, surrogate_byte

MAX_FILE_BYTES = 1024 * 1024
# Python refuses to turn longer digit strings into integers (CVE-2020-10735); so does okrcoach.
MAX_NUMBER_DIGITS = 4300
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Refused:
    """Why a path or stream was not read: the issue `key` (`issues.<key>` in the catalogues) that
    names what it is and what to do, with its template parameters. Build it with
    `Refused.of(key, **params)`; a reader turns it into a finding with `ReadIssue.of`."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: Any) -> "Refused":
        return cls(key, tuple(params.items()))

    @property
    def args(self) -> dict[str, Any]:
        return dict(self.params)

    def text_in(self, field: str, language: str) -> str:
        """The message or fix in `language`."""
        return text(f"issues.{self.key}.{field}", language, **self.args)

    @property
    def message(self) -> str:
        """The English message."""
        return self.text_in("message", SOURCE_LANGUAGE)

    @property
    def said(self) -> Msg:
        """The message as a text to say in the reader's language (a command-line error's)."""
        return msg(f"issues.{self.key}.message", **self.args)

    @property
    def fix(self) -> str:
        return self.text_in("fix", SOURCE_LANGUAGE)


@dataclass(frozen=True)
class Found:
    """One path a folder walk found: a file to read, or a folder it could not enter (`refused`)."""

    path: Path
    refused: Optional[Refused] = None
    note: bool = False  # a refusal worth a note, not a finding (a link to a folder elsewhere)


_KINDS = {
    stat.S_IFDIR: "folder",
    stat.S_IFIFO: "fifo",
    stat.S_IFCHR: "char-device",
    stat.S_IFBLK: "block-device",
    stat.S_IFSOCK: "socket",
}


def _kind(mode: int) -> str:
    """What a path that is not a regular file is, as a selector of `issues.not-a-regular-file`."""
    return _KINDS.get(stat.S_IFMT(mode), "other")


def _oserror(exc: OSError, what: str = "file") -> Refused:
    """Why an OS error stopped a read; `what` is `file` or `folder` (a folder being listed)."""
    if exc.errno == errno.ENOENT:
        return Refused.of("path-missing", what=what)
    if exc.errno == errno.ELOOP:
        return Refused.of("path-link-loop")
    if exc.errno == errno.ENAMETOOLONG:
        return Refused.of("path-too-long")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Refused.of("permission-denied", what=what)
    reason = os_problem(exc, exc.strerror or type(exc).__name__)
    return Refused.of("cannot-list", reason=reason) if what == "folder" else Refused.of("cannot-read", reason=reason)


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
            return Refused.of("link-dangling", target=_shown(target))
        return _oserror(exc)
    boundary = os.path.realpath(os.fspath(root)) if root is not None else boundary_for(path)
    target = os.path.realpath(path)
    if not _inside(target, boundary):
        return Refused.of("link-outside", target=_shown(target), boundary=_shown(boundary))
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
        return _oserror(exc) if isinstance(exc, OSError) else Refused.of("path-invalid", detail=printable(str(exc), single_line=True))
    if stat.S_ISLNK(link.st_mode):
        refused = _link_refusal(name, root)
        if refused is not None:
            return refused
    try:
        info = os.stat(name)
    except OSError as exc:
        return _oserror(exc)
    if not stat.S_ISREG(info.st_mode):
        return Refused.of("not-a-regular-file", kind=_kind(info.st_mode))
    if info.st_size > limit:
        return Refused.of("file-too-large", size=info.st_size, limit=limit)
    try:
        # O_NONBLOCK: had the path become a pipe since the check above, opening it would not wait.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return _oserror(exc)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return Refused.of("not-a-regular-file", kind="other")
        data = _read_bounded(lambda size: os.read(fd, size), limit)
    except OSError as exc:
        return _oserror(exc)
    finally:
        os.close(fd)
    if len(data) > limit:
        return Refused.of("input-too-large", source="file", limit=limit)
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


def read_stream(stream: BinaryIO, limit: int = MAX_FILE_BYTES) -> Union[bytes, Refused]:
    """At most `limit` bytes of standard input; more is refused after `limit` + 1."""
    try:
        data = _read_bounded(stream.read, limit)
    except OSError as exc:
        return Refused.of("stdin-unreadable", reason=os_problem(exc))
    if len(data) > limit:
        return Refused.of("input-too-large", source="stdin", limit=limit)
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
        return Refused.of("file-not-utf8", byte=f"{data[exc.start]:#04x}", line=line)


def walk(
    root: Union[str, Path],
    wanted: Callable[[Path], bool],
    skip: Callable[[str], bool] = lambda name: False,
    excluded: Optional[Callable[[Path, bool], bool]] = None,
) -> list[Found]:
    """Every wanted file under `root`, in order, plus the folders that could not be listed.

    Links to folders are not followed: one that leads out of `root` is reported as a note (its
    files are not read); one inside `root` leads to files the walk reaches anyway. `excluded(path,
    is_dir)` leaves out folders (not entered) and files (ignore files, `exclude` patterns).
    """
    top = Path(root)
    boundary = os.path.realpath(top)
    found: list[Found] = []

    def unlistable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else top
        found.append(Found(where, _oserror(exc, "folder")))

    for dirpath, dirnames, filenames in os.walk(top, onerror=unlistable):
        kept = []
        for name in sorted(dirnames):
            if skip(name):
                continue
            folder = Path(dirpath) / name
            if excluded is not None and excluded(folder, True):
                continue
            if os.path.islink(folder):
                target = os.path.realpath(folder)
                if not _inside(target, boundary):
                    found.append(Found(folder, Refused.of("folder-link-outside", target=_shown(target), boundary=_shown(boundary)), note=True))
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            candidate = Path(dirpath) / name
            if wanted(candidate) and (excluded is None or not excluded(candidate, False)):
                found.append(Found(candidate))
    return found


# -- values ---------------------------------------------------------------------------------------


def number_text_problem(text: str) -> Optional[Msg]:
    """Why a number as written cannot be read (too many digits), or None."""
    digits = sum(1 for c in text if c.isdigit())
    if digits > MAX_NUMBER_DIGITS:
        return msg("phrases.number-too-long", digits=digits, limit=MAX_NUMBER_DIGITS)
    return None


def number_problem(value: Union[int, float]) -> Optional[str]:
    """Why a number cannot be used as a metric's value: `not-finite` (infinity, not a number) or
    `too-large` (beyond a float, so progress cannot be computed); None for a usable number."""
    try:
        if value != value or value in (float("inf"), float("-inf")):
            return "not-finite"
        float(value)
    except OverflowError:
        return "too-large"
    return None


def text_problem(text: str) -> Optional[Msg]:
    """What in a text could act on a terminal or cannot be written (control characters,
    bidirectional overrides, lone surrogates), as a phrase completing "the text … " (`contains
    U+001B (escape), which can change what a terminal shows`); None for ordinary text (tabs and
    newlines included)."""
    found = REPORTED.findall(text)
    if not found:
        return None
    distinct = list(dict.fromkeys(found))
    shown = tuple(_character(c) for c in distinct[:3])
    surrogates = any("\ud800" <= c <= "\udfff" for c in distinct)
    controls = any(not "\ud800" <= c <= "\udfff" for c in distinct)
    kind = "mixed" if surrogates and controls else "surrogate" if surrogates else "control"
    return msg("phrases.text-problem", chars=shown, more=len(distinct) - len(shown), count=len(distinct), kind=kind)


def _character(char: str) -> Msg:
    """`U+001B (escape)`, `U+202E (right-to-left override)` in the reader's language."""
    kind = control_kind(char)
    return msg("phrases.character", code=f"U+{ord(char):04X}", kind=kind, byte=surrogate_byte(char) if kind == "surrogate-byte" else "")


def without_surrogates(text: str) -> str:
    """Lone surrogates (from `\\ud800` escapes) replaced by U+FFFD: they cannot be encoded or shown."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


_SURROGATE = re.compile("[\ud800-\udfff]")
