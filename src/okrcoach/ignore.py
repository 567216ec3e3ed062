"""Gitignore-style patterns: `.gitignore`, `.ignore`, `.git/info/exclude` and config `exclude`.

The semantics are git's (gitignore(5)): blank lines and `#` lines are skipped, `\\` escapes, `!`
re-includes, a trailing `/` matches folders only, a pattern with a slash anywhere but at its end
is anchored at the folder of the file it is in, otherwise it matches a name at any depth; `*` and
`?` stop at `/`, `**/`, `/**/` and `/**` cross folders. In a folder the last matching pattern
wins; a deeper file wins over a shallower one; `.ignore` wins over `.gitignore` (as in ripgrep and
ruff); a file inside an ignored folder stays ignored (git cannot re-include it either).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

IGNORE_FILES = (".gitignore", ".ignore")


@dataclass(frozen=True)
class Pattern:
    """One compiled line: its regex over a relative POSIX path, and what a match means."""

    regex: "re.Pattern[str]"
    negated: bool
    directory_only: bool
    anchored: bool
    text: str


def _translate(body: str) -> str:
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if body.startswith("**/", i) and (i == 0 or body[i - 1] == "/"):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("/**", i) and i + 3 == n:
            out.append("/.+")
            i += 3
        elif ch == "*":
            while i < n and body[i] == "*":
                i += 1
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            end = body.find("]", i + 2 if body[i + 1 : i + 2] in ("!", "^", "]") else i + 1)
            if end == -1:
                out.append(re.escape(ch))
                i += 1
                continue
            inner = body[i + 1 : end]
            if inner[:1] in ("!", "^"):
                inner = "^" + inner[1:]
            out.append("[" + inner.replace("\\", "\\\\") + "]")
            i = end + 1
        elif ch == "\\" and i + 1 < n:
            out.append(re.escape(body[i + 1]))
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def compile_line(line: str) -> Optional[Pattern]:
    """One gitignore line as a `Pattern`, or None for a blank line or a comment."""
    text = line.rstrip("\n").rstrip("\r")
    # Trailing spaces are dropped unless escaped with a backslash.
    stripped = text.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(text):
        stripped += " "
    text = stripped
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated or text.startswith("\\!") or text.startswith("\\#"):
        text = text[1:]
    directory_only = text.endswith("/") and not text.endswith("\\/")
    if directory_only:
        text = text.rstrip("/")
    if not text:
        return None
    anchored = "/" in text
    body = text[1:] if text.startswith("/") else text
    prefix = "" if anchored else "(?:.*/)?"
    regex = re.compile(f"^{prefix}{_translate(body)}$", re.S)
    return Pattern(regex, negated, directory_only, anchored, line)


def compile_patterns(lines: Sequence[str]) -> tuple[Pattern, ...]:
    return tuple(p for p in (compile_line(line) for line in lines) if p is not None)


def decide(patterns: Sequence[Pattern], relative: str, is_dir: bool) -> Optional[bool]:
    """True ignored, False re-included, None no pattern matched (`relative`: POSIX, no leading /).

    A folder on the way to the path that the patterns ignore ignores the path too.
    """
    parts = relative.split("/")
    for depth in range(1, len(parts)):
        if last_match(patterns, "/".join(parts[:depth]), True):
            return True
    return last_match(patterns, relative, is_dir)


def last_match(patterns: Sequence[Pattern], relative: str, is_dir: bool) -> Optional[bool]:
    result: Optional[bool] = None
    for pattern in patterns:
        if pattern.directory_only and not is_dir:
            continue
        if pattern.regex.match(relative):
            result = not pattern.negated
    return result


def repository_root(folder: Path) -> Optional[Path]:
    """The nearest folder at or above `folder` holding `.git` (a folder or a worktree's file)."""
    for directory in (folder, *folder.parents):
        if os.path.lexists(directory / ".git"):
            return directory
    return None


class IgnoreRules:
    """Decides whether a path under a walked folder is ignored by the ignore files around it.

    Ignore files are read from the repository root (or the walked folder when it is in no
    repository) down to each path's folder, each once per run.
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[tuple[Path, tuple[Pattern, ...]], ...]] = {}
        self._tops: dict[Path, Path] = {}

    def _rules_in(self, folder: Path) -> tuple[tuple[Path, tuple[Pattern, ...]], ...]:
        if folder not in self._files:
            found = []
            names = list(IGNORE_FILES)
            if os.path.isdir(folder / ".git"):
                names.insert(0, ".git/info/exclude")
            for name in names:
                path = folder / name
                try:
                    if not path.is_file() or path.stat().st_size > 1_000_000:
                        continue
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                patterns = compile_patterns(text.splitlines())
                if patterns:
                    found.append((folder, patterns))
            self._files[folder] = tuple(found)
        return self._files[folder]

    def top_for(self, walked: Path) -> Path:
        """Where ignore files start to count for a walk of `walked`."""
        walked = Path(os.path.abspath(walked))
        if walked not in self._tops:
            self._tops[walked] = repository_root(walked) or walked
        return self._tops[walked]

    def ignored(self, path: Path, is_dir: bool, walked: Path) -> bool:
        """Whether `path` (found walking `walked`) is ignored; its folders were checked on the way down."""
        absolute = Path(os.path.abspath(path))
        top = self.top_for(walked)
        try:
            relative_parts = absolute.relative_to(top).parts
        except ValueError:
            return False
        result: Optional[bool] = None
        folder = top
        folders = [top]
        for part in relative_parts[:-1]:
            folder = folder / part
            folders.append(folder)
        for directory in folders:
            for base, patterns in self._rules_in(directory):
                relative = absolute.relative_to(base).as_posix()
                verdict = last_match(patterns, relative, is_dir)
                if verdict is not None:
                    result = verdict
        return bool(result)

    def ignored_with_parents(self, path: Path, walked: Path) -> bool:
        """Whether `path` or a folder between `walked` and it is ignored (for a path not walked to)."""
        absolute = Path(os.path.abspath(path))
        top = self.top_for(walked)
        try:
            parts = absolute.relative_to(top).parts
        except ValueError:
            return False
        current = top
        for part in parts[:-1]:
            current = current / part
            if self.ignored(current, True, walked):
                return True
        return self.ignored(absolute, absolute.is_dir(), walked)
