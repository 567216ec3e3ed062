"""What every command of the `okrcoach` command line shares: exit codes, the usage error, the
language and LLM options, the file-name → format map, finding OKR files, and the rubric.

Imports nothing heavy at module level: `okrcoach lint` loads this module.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from okrcoach.language_data import LanguageChoices

if TYPE_CHECKING:
    from okrcoach.discovery import Target
    from okrcoach.i18n import Msg
    from okrcoach.rubric import Rubric

# Exit codes, the same for every command: 0 done and nothing to report, 1 done with findings (or a
# check failed, or a file could not be read), 2 usage or configuration error, 3 the LLM call failed,
# 130 interrupted.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_LLM, EXIT_NOT_WRITTEN, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130

# The languages the rubric speaks, as `--lang` choices.
LANGUAGES = LanguageChoices()
LLM_MODES = ("auto", "tools", "tools_strict", "json", "json_schema", "md_json")
NO_OKR_FILES = "looked for *.okr.yaml, *.okr.yml, *.okr.json, *.okr.md, *.okr.csv"
# Output-only formats a command may write besides the OKR formats of `okrcoach.formats`.
_OUTPUT_SUFFIXES = {".html": "html", ".htm": "html"}


class UsageError(Exception):
    """A problem with how okrcoach was called or configured: `okrcoach: error: …`, exit 2. The
    message is English text, or a catalogue text (`Msg`) said in the command line's language."""

    def __init__(self, message: "str | Msg", language: Optional[str] = None) -> None:
        self.message = message
        self.language = language
        """The language of the file the error is about, when it was read (a Danish file's missing
        objective is said in Danish); else the command line's."""
        super().__init__(message if isinstance(message, str) else message.render("en"))

    def said_in(self) -> str:
        """The language the error is said in: the file's, else the command line's."""
        from okrcoach.cli.words import cli_language

        return self.language or cli_language()

    def render(self) -> str:
        """The message in `said_in()`."""
        if isinstance(self.message, str):
            return self.message
        return self.message.render(self.said_in())


def say(text: str) -> None:
    """A diagnostic line on standard error, flushed (progress of a long command, notes)."""
    print(text, file=sys.stderr, flush=True)


def note_read_as(path: str, codec: str, language: Optional[str] = None) -> None:
    """`okrcoach: note: team.okr.csv is not UTF-8; it was read as Windows-1252 …` on standard
    error, in `language` (the file's), else the command line's: a sheet read in Excel's legacy
    encoding, with how to name another (`--encoding`)."""
    from okrcoach.cli.words import cli_language
    from okrcoach.formats import LEGACY_ENCODINGS, encoding_name
    from okrcoach.i18n import text
    from okrcoach.terminal import printable

    language = language or cli_language()
    note = text("report.read-as-legacy", language, path=printable(path, single_line=True), encoding=encoding_name(codec), other=next(c for c in LEGACY_ENCODINGS if c != codec))
    say("okrcoach: " + text("report.note", language, note=note))


def encoding_option(parser) -> None:
    """`--encoding NAME`: the encoding of files that are not UTF-8, when the guess is wrong."""
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        type=_codec,
        help="read (and write back) files without a byte-order mark in this encoding, e.g. cp1250 for a Hungarian or Polish Excel CSV (default: UTF-8, and for a CSV that is not, the Windows code page its words read best in)",
    )


def _codec(name: str) -> str:
    """argparse `type=` for `--encoding`: Python's name of the codec, said in the command line's
    language when there is none."""
    from okrcoach.formats import known_codec

    codec = known_codec(name)
    if codec is None:
        from okrcoach.cli.words import say

        raise argparse.ArgumentTypeError(say("not-an-encoding", value=name))
    return codec


def split_list(value: Optional[str]) -> tuple[str, ...]:
    """`a, b,,c` → ("a", "b", "c"): the comma-separated lists of `--select` and friends."""
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def format_of(name: str | Path, choices: Optional[tuple[str, ...]] = None) -> Optional[str]:
    """The format a file name implies (`x.okr.md` → md, `handout.html` → html), or None when the
    suffix is unknown or names a format not among `choices`."""
    from okrcoach.formats import format_for_path

    fmt = format_for_path(name) or _OUTPUT_SUFFIXES.get(Path(name).suffix.lower())
    return fmt if choices is None or fmt in choices else None


# -- LLM options ----------------------------------------------------------------------------------


def language_code(value: str) -> str:
    """argparse `type=` for `--lang`: `okrcoach.language_data.code_shape`, said in the command
    line's language."""
    from okrcoach.language_data import code_shape, language_codes

    try:
        return code_shape(value)
    except argparse.ArgumentTypeError:
        from okrcoach.cli.words import say

        raise argparse.ArgumentTypeError(say("not-a-language-code", value=value, choices=", ".join(language_codes()))) from None


def _seconds(text: str) -> float:
    """A timeout in seconds: a finite number above 0 (0, -1 or inf would mean no deadline at all)."""
    import math

    from okrcoach.cli.words import say

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("not-seconds", value=repr(text))) from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(say("no-deadline", value=text))
    return value


def add_llm_options(group: Any, repair_rounds: bool = True) -> None:
    """The options that override the LLM settings (`OKRCOACH_*` variables and config)."""
    group.add_argument("--model", help="model name (Azure: deployment name)")
    group.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1")
    group.add_argument("--mode", choices=LLM_MODES, help="structured-output mode (default: auto per backend)")
    group.add_argument("--timeout", type=_seconds, help="seconds one request may take, to its last token (default 120); never retried")
    group.add_argument("--max-tokens", type=int, help="cap on tokens per reply (default 1500; 0 leaves it to the server)")
    group.add_argument("--temperature", type=float, help="sampling temperature (default: the server's)")
    if repair_rounds:
        group.add_argument("--repair-rounds", type=int, help="times the rubric's findings go back to the model (default 2)")


def llm_settings(args: argparse.Namespace):
    """The LLM settings with the command line's `add_llm_options` applied over the environment and config."""
    from okrcoach.settings import SettingsError, load_settings

    overrides = {
        "model": args.model,
        "base-url": args.base_url,
        "mode": args.mode,
        "timeout": args.timeout,
        "repair-rounds": getattr(args, "repair_rounds", None),
        "max-tokens": getattr(args, "max_tokens", None),
        "temperature": getattr(args, "temperature", None),
    }
    try:
        return load_settings(overrides)
    except SettingsError as exc:
        raise UsageError(exc.message) from exc


def quiet_llm_libraries() -> None:
    """Libraries log failed attempts (with tracebacks) to stderr; okrcoach reports them itself.

    openai 3.x logs through `httpx2`/`httpcore2`, older releases through `httpx`/`httpcore`.
    """
    import logging

    if os.environ.get("OKRCOACH_DEBUG"):
        return
    for name in ("instructor", "openai", "httpx", "httpcore", "httpx2", "httpcore2"):
        library = logging.getLogger(name)
        library.addHandler(logging.NullHandler())
        library.propagate = False


# -- the rubric -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def load_rubric(extra: tuple[Path, ...] = ()) -> "Rubric":
    """The bundled rubric plus extra rule folders (parsed once per process, cached on disk)."""
    from okrcoach.rubric import RubricError
    from okrcoach.rubric.cache import load_cached_rubric

    try:
        return load_cached_rubric(extra)
    except (RubricError, FileNotFoundError) as exc:
        raise UsageError(str(exc)) from exc


def configured_rubric(near: Optional[Path] = None) -> "Rubric":
    """The rubric `okrcoach lint` would use in the folder `near` (default: here): the bundled rules
    plus the config's `rubric-paths`, whose languages the readers and catalogues then know."""
    from okrcoach.config import ConfigError, find_config
    from okrcoach.language_data import use_rubric_folders

    try:
        config = find_config(near if near is not None else Path.cwd())
    except ConfigError as exc:
        raise UsageError(exc.message) from exc
    rubric = load_rubric(config.rubric_paths if config is not None else ())
    use_rubric_folders(rubric.extra_folders)
    return rubric


def lint_setup(near: Optional[Path] = None):
    """The linter and fail level `okrcoach lint` would use for a file in the folder `near` (default: here)."""
    from okrcoach.config import ConfigError, LintConfig, find_config
    from okrcoach.rubric import Linter

    try:
        config = (find_config(near if near is not None else Path.cwd()) or LintConfig()).for_file(near)
        rubric = load_rubric(config.rubric_paths)
        return Linter(rubric, config.lint_options(rubric)), config.fail_level  # type: ignore[arg-type]
    except ConfigError as exc:
        raise UsageError(exc.message) from exc


# -- finding OKR files ----------------------------------------------------------------------------


def discover(paths: list[str], input_format: Optional[str], **options: Any) -> list["Target"]:
    """Command-line paths expanded into targets (`okrcoach.discovery`: ignore files, `exclude`,
    each file once), with usage errors as UsageError."""
    from okrcoach.cli.words import cli_language
    from okrcoach.discovery import DiscoveryError
    from okrcoach.discovery import discover as expand

    try:
        return expand(paths, input_format, notes_language=cli_language, **options)
    except DiscoveryError as exc:
        raise UsageError(exc.message) from exc


def colour_wanted(stream: Any) -> bool:
    """Colour on a terminal, unless NO_COLOR; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()
