"""Safe file writes: atomic replace, no silent overwrite, and a place to keep unsent briefs."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any


class FileExistsRefused(Exception):
    """The target exists and the caller did not allow overwriting it."""


def atomic_write(path: Path, text: str, overwrite: bool = True, durable: bool = True, encoding: str = "utf-8") -> None:
    """Write text to `path` through a temporary file in the same folder, fsync, then replace.

    A crash leaves either the old file or the new one, never half of each. The new file keeps the
    old file's permissions; `encoding` keeps a file's own (UTF-16 for Excel's "Unicode text").
    `durable=False` skips the fsyncs: still atomic and safe against a
    crashed or killed process, but not against power loss (for per-keystroke recovery files).
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsRefused(f"{path} already exists; pass --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if not durable:
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _default_mode() -> int:
    """The mode a plain `open(path, "w")` would give a new file (0o666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def state_dir() -> Path:
    """okrcoach's user state folder (created on demand): kept briefs, recovery files."""
    override = os.environ.get("OKRCOACH_STATE_DIR")
    if override:
        folder = Path(override)
    else:
        from platformdirs import user_state_path

        folder = user_state_path("okrcoach", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_brief(brief: dict[str, Any]) -> Path:
    """Save a brief that could not be drafted, so nothing the user typed is lost."""
    folder = state_dir() / "briefs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"brief-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.json"
    atomic_write(path, json.dumps(brief, ensure_ascii=False, indent=2) + "\n")
    return path
