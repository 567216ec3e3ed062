"""Which files a run reads: command-line paths expanded into targets, as ruff does it.

Folders are searched for `*.okr.{yaml,yml,json,md,csv}`, leaving out what `.gitignore`, `.ignore`
and `.git/info/exclude` ignore (unless `respect-gitignore = false` or `--no-respect-gitignore`),
what the nearest config's `exclude` (default: .git, .venv, node_modules, build, dist, …) and
`extend-exclude` name, and hidden folders. A file named on the command line is read even when a
pattern would leave it out, unless `--force-exclude`. Each file is read once, however many times
it is named or found. `-` is standard input.
"""

from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NamedTuple, Optional

from okrcoach.i18n import SaidError, msg, text

if TYPE_CHECKING:
    from okrcoach.config import LintConfig
    from okrcoach.gate import Refused

OKR_GLOBS = "*.okr.yaml, *.okr.yml, *.okr.json, *.okr.md, *.okr.csv"


class DiscoveryError(SaidError):
    """A path on the command line cannot be used (missing, or of a format no reader knows); the
    message is a catalogue text, said in the command line's language."""


class Target(NamedTuple):
    """One input of a run: how it is shown, the file (None for standard input), the folder it was
    found in (links must stay inside it), and why the reading gate refused it, if it did."""

    display: str
    file: Optional[Path]
    root: Optional[Path] = None
    refused: Optional["Refused"] = None


def display_path(path: Path) -> str:
    """A path as shown in reports: relative to the working folder when inside it. The path's own
    last part is kept (a link is shown as the link, not as what it points to)."""
    try:
        real = Path(os.path.realpath(path.parent)) / path.name
        return real.relative_to(os.path.realpath(os.getcwd())).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def discover(
    paths: list[str],
    input_format: Optional[str] = None,
    config_for: Optional[Callable[[Path], "LintConfig"]] = None,
    respect_gitignore: Optional[bool] = None,
    force_exclude: bool = False,
    notes_language: Callable[[], str] = lambda: "en",
    notes: Optional[list[Callable[[str], str]]] = None,
) -> list[Target]:
    """Expand command-line paths into targets, each file once, in the order given.

    `config_for(folder)` is the lint config that applies in a folder (its `exclude`,
    `extend-exclude` and `respect-gitignore`); `respect_gitignore` overrides the config's.
    Folders are walked through the reading gate: links out of the folder and folders that cannot
    be listed come back as refused targets (reported, never skipped in silence); links to folders
    outside are noted on standard error, in `notes_language()` (asked only when there is a note).
    With `notes`, each note is added there instead, as a function of the language to say it in,
    for a caller that says them once it knows the language of the files it read.
    """
    from okrcoach.config import LintConfig
    from okrcoach.formats import format_for_path, is_okr_file, read_by_content
    from okrcoach.gate import walk
    from okrcoach.ignore import IgnoreRules
    from okrcoach.terminal import printable

    configs: Callable[[Path], LintConfig] = config_for or (lambda folder: LintConfig())
    rules = IgnoreRules()

    def excluded_in(walked: Path) -> Callable[[Path, bool], bool]:
        def excluded(path: Path, is_dir: bool) -> bool:
            config = configs(path.parent)
            if config.excluded(path, is_dir):
                return True
            respect = config.respect_gitignore if respect_gitignore is None else respect_gitignore
            return respect and rules.ignored(path, is_dir, walked)

        return excluded

    found: list[Target] = []
    seen: set[str] = set()

    def say(note: Callable[[str], str]) -> None:
        if notes is not None:
            notes.append(note)
        else:
            print(note(notes_language()), file=sys.stderr)

    def add(target: Target) -> None:
        key = "-" if target.file is None else os.path.realpath(target.file)
        if key not in seen:
            seen.add(key)
            found.append(target)

    def wanted_in(skipped: list[Path], other: list[Path]) -> Callable[[Path], bool]:
        def wanted(path: Path) -> bool:
            if is_okr_file(path):
                return True
            readable = format_for_path(path) is not None
            if (readable or read_by_content(path)) and configs(path.parent).included(path):
                return True
            (skipped if readable else other).append(path)
            return False

        return wanted

    for raw in paths:
        if raw == "-":
            add(Target("-", None))
            continue
        path = Path(raw)
        if os.path.isdir(path):
            skipped: list[Path] = []
            other: list[Path] = []
            read = 0
            for entry in walk(path, wanted_in(skipped, other), skip=lambda name: name.startswith("."), excluded=excluded_in(path)):
                if entry.note and entry.refused is not None:
                    say(partial(_note, printable(display_path(entry.path), single_line=True), entry.refused))
                    continue
                read += 1
                add(Target(display_path(entry.path), entry.path, path, entry.refused))
            if skipped:
                say(partial(_skipped_note, raw, read, skipped, len(other)))
        elif os.path.lexists(path):  # a file, or a link the gate will judge (a loop, a dangling link)
            if format_for_path(path) is None and input_format is None and not read_by_content(path):
                raise DiscoveryError(msg("cli.format-unknown", path=raw))
            if force_exclude and _explicitly_excluded(path, configs, rules, respect_gitignore):
                continue
            add(Target(display_path(path), path))
        else:
            raise DiscoveryError(msg("cli.no-such-path", path=raw))
    return found


_NAMES_SHOWN = 3  # how many skipped files a note names


def _skipped_note(folder: str, read: int, skipped: list[Path], other: int, language: str) -> str:
    """What a folder's walk left out that okrcoach could read (a Notion export's `OKR Q1 2027
    3f2a….md`), how many files of other formats, and how to read them: said on standard error, so
    a folder whose files were all left out never looks like a folder with nothing to report."""
    from okrcoach.terminal import printable

    names = [printable(display_path(p), single_line=True) for p in skipped[:_NAMES_SHOWN]]
    shown = ", ".join(names) + (", …" if len(skipped) > _NAMES_SHOWN else "")
    first = skipped[0]
    example = first.stem + ".okr" + first.suffix
    return text(
        "cli.files-skipped",
        language,
        path=printable(folder, single_line=True),
        read=read,
        skipped=len(skipped),
        names=shown,
        other=other,
        example=printable(example, single_line=True),
        pattern="*" + first.suffix.lower(),
    )


def _note(path: str, refused: "Refused", language: str) -> str:
    """`okrcoach: note: docs/shared is a symbolic link …` in `language`."""
    return "okrcoach: " + text("report.note", language, note=f"{path} {refused.text_in('message', language)}")


def _explicitly_excluded(path: Path, configs: Callable[[Path], "LintConfig"], rules, respect_gitignore: Optional[bool]) -> bool:
    absolute = Path(os.path.abspath(path))
    config = configs(absolute.parent)
    if config.excluded(absolute, False):
        return True
    for folder in absolute.parents:
        if configs(folder).excluded(folder, True):
            return True
        if folder == Path(os.path.abspath(os.getcwd())):
            break
    respect = config.respect_gitignore if respect_gitignore is None else respect_gitignore
    return respect and rules.ignored_with_parents(absolute, absolute.parent)
