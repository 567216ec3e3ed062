"""A served visitor's workspace: the one folder its open and save dialogs may reach.

`okrcoach serve` gives every browser visitor a folder of its own. What the visitor types in a
path dialog is read as a path inside that folder: absolute paths, `~`, `..` and anything that
resolves outside it (a symlink pointing out, say) are refused with a message that says so. The
check is made on the resolved path, so a symlink placed inside the folder cannot lead out either.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from okrcoach.i18n import SaidError, msg

OKR_SUFFIXES = (".yaml", ".yml", ".json", ".md", ".markdown", ".csv")


class OutsideWorkspace(SaidError):
    """A path that would leave the workspace (or is not a plain relative path); the message is a
    catalogue text, said in the visitor's language."""


class Workspace:
    """The folder a visitor's files live in; `resolve` turns what the visitor typed into a path."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def resolve(self, typed: str) -> Path:
        """The path inside the workspace that `typed` names; OutsideWorkspace if it would leave it."""
        text = typed.strip()
        if not text:
            raise OutsideWorkspace(msg("tui.workspace-no-name"))
        if "\x00" in text:
            raise OutsideWorkspace(msg("tui.workspace-nul"))
        if text.startswith("~") or PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
            raise OutsideWorkspace(msg("tui.workspace-full-path"))
        parts = PurePosixPath(text.replace("\\", "/")).parts
        if ".." in parts:
            raise OutsideWorkspace(msg("tui.workspace-parent"))
        candidate = self.root.joinpath(*parts)
        resolved = candidate.resolve()
        if not _inside(resolved, self.root):
            raise OutsideWorkspace(msg("tui.workspace-link-out"))
        return resolved

    def files(self, limit: int = 50) -> list[str]:
        """OKR-looking files in the workspace, as names relative to it (for the open dialog)."""
        found: list[str] = []
        for folder, dirs, names in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                path = Path(folder) / name
                if name.startswith(".") or path.suffix.lower() not in OKR_SUFFIXES or path.is_symlink():
                    continue
                found.append(path.relative_to(self.root).as_posix())
                if len(found) >= limit:
                    return found
        return found

    def show(self, path: Path) -> str:
        """A path as the visitor sees it: relative to the workspace."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).name


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
