"""The command line's own words in the user's language: argparse's messages and headings, and
okrcoach's usage errors.

The language is the config's `language` (the project's, else the user's), else English; it is
looked up only when something is said (an error, `--help`), so a run that says nothing reads no
catalogue. argparse takes its words through `gettext` (`argparse._` and `argparse.ngettext`):
while a `LocalParser` parses or formats, those two names answer from the catalogue's
`cli.argparse` templates instead, keyed by argparse's English format strings; argparse is not
changed, and a string it has that the catalogue lacks stays English. The help texts of
okrcoach's own commands and options are English.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

# argparse's format strings (Python 3.9–3.13) → `cli.argparse.<key>`.
_ARGPARSE = {
    "usage: ": "usage",
    "argument %(argument_name)s: %(message)s": "argument",
    "positional arguments": "positional",
    "options": "options",
    "show this help message and exit": "help",
    "unrecognized arguments: %s": "unrecognized",
    "not allowed with argument %s": "not-allowed",
    "the following arguments are required: %s": "required",
    "one of the arguments %s is required": "one-of",
    "expected one argument": "expected-one",
    "expected at most one argument": "expected-at-most-one",
    "expected at least one argument": "expected-at-least-one",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
    "invalid %(type)s value: %(value)r": "invalid-value",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid-choice",
    "%(prog)s: error: %(message)s\n": "error",
    "can't open '%(filename)s': %(error)s": "cannot-open",
    "expected %s argument": "expected-n",
}

_language: Optional[str] = None


def cli_language() -> str:
    """The language the command line speaks (looked up once per process)."""
    global _language
    if _language is None:
        _language = ui_language(None)
    return _language


def ui_language(given: Optional[str], near: Optional[Path] = None) -> str:
    """The language a front end speaks where no OKR file decides it: `given` (`--language`), else
    the config's `language` (the project's, else the user's), else English. A config that cannot
    be read leaves it to English: the command that reads it for real reports the problem."""
    if given:
        return given
    from okrcoach.config import ConfigError, find_config

    try:
        config = find_config(near or Path.cwd())
    except (ConfigError, OSError):
        return "en"
    return (config.language if config is not None else None) or "en"


def say(key: str, /, **params: Any) -> str:
    """`cli.<key>` in the command line's language."""
    from okrcoach.i18n import text

    return text(f"cli.{key}", cli_language(), **params)


def _gettext(message: str) -> str:
    key = _ARGPARSE.get(message)
    if key is None or cli_language() == "en":
        return message
    return say(f"argparse.{key}")


def _ngettext(singular: str, plural: str, count: int) -> str:
    key = _ARGPARSE.get(singular)
    if key is None or cli_language() == "en":
        return singular if count == 1 else plural
    return say(f"argparse.{key}", count=count)


@contextmanager
def _speaking() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class LocalParser(argparse.ArgumentParser):
    """An argument parser whose own words (errors, `usage:`, section headings, `-h`) are in the
    command line's language; subcommands' parsers are of this class too."""

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        with _speaking():  # "unrecognized arguments" is said here, after parse_known_args
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        with _speaking():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _speaking():
            return super().format_usage()

    def format_help(self) -> str:
        # Headings and the -h line were set, in English, when the parser was built.
        if cli_language() == "en":
            return super().format_help()
        saved = [(group, group.title) for group in self._action_groups]
        helps = [(action, action.help) for action in self._actions if isinstance(action, argparse._HelpAction)]
        try:
            for group, title in saved:
                group.title = _gettext(title) if title else title
            for action, text in helps:
                action.help = _gettext(text or "")
            with _speaking():
                return super().format_help()
        finally:
            for group, title in saved:
                group.title = title
            for action, text in helps:
                action.help = text

    def error(self, message: str) -> Any:  # type: ignore[override]
        self.print_usage(sys.stderr)
        with _speaking():
            self.exit(2, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})  # type: ignore[attr-defined]
