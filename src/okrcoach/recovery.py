"""Recovery files: every unsaved change is kept in the user state dir until it is saved.

One file per editing session (`recovery/<session>.json`) holds the set, the brief, the file it
belongs to (an absolute path, so a restore from another folder finds the same file) with the
fingerprint that file had when editing began, and the owning process id. On start the TUI offers
to restore drafts whose process is gone (a crash, a killed terminal); a file changed since (a
check-in made meanwhile) is shown beside the draft and never overwritten without asking. A clean
save or an explicit discard removes them.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from okrcoach.files import atomic_write, state_dir
from okrcoach.model import OkrSet
from okrcoach.terminal import dumps_json


@dataclass
class Recovered:
    """An unsaved draft left behind by a process that is no longer running."""

    path: Path
    okr_set: OkrSet
    source: Optional[str]
    brief: Optional[dict[str, Any]]
    saved_at: float
    digest: Optional[str] = None  # the file's fingerprint when editing began

    def changed_since(self) -> bool:
        """Whether the file was changed (or removed) after this draft's editing began."""
        if self.source is None or self.digest is None:
            return False
        return fingerprint(Path(self.source)) != self.digest

    def belongs_to(self, file: Path) -> bool:
        """Whether this is a draft of `file` (however it was named: relative, `..`, a symlink)."""
        if self.source is None:
            return False
        return os.path.abspath(file) == self.source or os.path.realpath(file) == os.path.realpath(self.source)

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        title = self.okr_set.title or (self.okr_set.objectives[0].title if self.okr_set.objectives else "empty draft")
        where = self.source or "never saved"
        changed = "; the file has changed since" if self.changed_since() else ""
        return f"{title} ({self.okr_set.key_result_count()} key results; {where}{changed}; {when})"


def fingerprint(path: Path) -> Optional[str]:
    """A fingerprint of a file's bytes (None when it cannot be read); the same as the TUI's
    `okrcoach.document.file_digest`."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _alive(pid: int) -> bool:
    """Whether a process still runs; a killed process waiting to be reaped (zombie) does not."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        return True


class RecoveryStore:
    """Writes this session's recovery file and finds the ones other sessions left behind."""

    def __init__(self, folder: Optional[Path] = None, session: Optional[str] = None) -> None:
        self.folder = folder or (state_dir() / "recovery")
        self.session = session or os.environ.get("OKRCOACH_SESSION") or uuid.uuid4().hex[:12]
        self.path = self.folder / f"{self.session}.json"

    def save(self, okr_set: OkrSet, source: Optional[Path] = None, brief: Optional[dict[str, Any]] = None, digest: Optional[str] = None) -> None:
        """Keep the set; `digest` is the fingerprint `source` had when editing began (when it was
        opened or last saved), so a restore can tell whether someone changed it since."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "version": 2,
            "pid": os.getpid(),
            "saved_at": time.time(),
            "source": os.path.abspath(source) if source else None,
            "digest": digest if source else None,
            "brief": brief,
            "okrs": okr_set.model_dump(mode="json"),
        }
        atomic_write(self.path, dumps_json(data, indent=1), durable=False)  # escapes lone surrogates: the write never fails on text

    def discard(self, path: Optional[Path] = None) -> None:
        try:
            (path or self.path).unlink()
        except FileNotFoundError:
            pass

    def orphans(self) -> list[Recovered]:
        """Drafts whose owning process has ended, newest first (unreadable files are skipped)."""
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            if path == self.path:
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if _alive(int(data.get("pid", 0))):
                    continue
                okr_set = OkrSet.model_validate(data["okrs"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            source = data.get("source")
            if not isinstance(source, str) or not os.path.isabs(source):
                source = None  # an old recovery file's relative path may name another folder's file
            digest = data.get("digest") if isinstance(data.get("digest"), str) else None
            found.append(Recovered(path, okr_set, source, data.get("brief"), float(data.get("saved_at", 0)), digest))
        return sorted(found, key=lambda r: r.saved_at, reverse=True)

    def adopt(self, recovered: Recovered) -> None:
        """Take over a recovered draft: this session now owns it, the old file goes."""
        self.save(recovered.okr_set, Path(recovered.source) if recovered.source else None, recovered.brief, recovered.digest)
        self.discard(recovered.path)


def recent_files(limit: int = 10) -> list[Path]:
    path = state_dir() / "recent.json"
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [Path(p) for p in items if isinstance(p, str)][:limit]


def remember_file(file: Path) -> None:
    path = state_dir() / "recent.json"
    items = [str(p) for p in recent_files(20) if p.resolve() != file.resolve()]
    atomic_write(path, json.dumps([str(file.resolve()), *items][:20], ensure_ascii=False))
