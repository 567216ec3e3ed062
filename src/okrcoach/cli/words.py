"""The command line's own words in the user's language: argparse's messages and headings, and
okrcoach's usage errors.

The language is the config's `language` (the project's, else the user's), else English; it is
looked up only when something is said (an error, `--help`), so a run that says nothing reads no
catalogue. argparse takes its words through `gettext` (`argparse._` and `argparse.ngettext`):
while a `LocalParser` parses or formats, those two names answer from the catalogue's
`cli.argparse` templates instead, keyed by argparse's English format strings; argparse is not
changed, and a string it has that the catalogue lacks stays English.

The help texts of okrcoach's own commands and options are written in English where each option is
added (as a rule's English texts are in its rule file); the other catalogues translate them under
`cli.help.<command>.<name>` (`summary` is the command's line in `okrcoach --help`, `description`
and `epilog` its own help's, `group-<first option>` a titled group of options, any other name an
option by its first long flag or a positional by its name). An option with the same help in every
command that has it (the LLM options) is translated once, as `cli.help.<name>`. `help_texts()`
lists every key with its English text; `--help` in another language swaps the texts in while it
formats, so English help reads no catalogue.
"""

from __future__ import annotations

import argparse
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

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
    "show program's version number and exit": "version",
}

_language: Optional[str] = None


def cli_language() -> str:
    """The language the command line speaks (looked up once per process)."""
    global _language
    if _language is None:
        _language = ui_language(None)
    return _language


def speak(language: str) -> None:
    """Say the command line's words in `language` for the rest of the command (its `--language`)."""
    global _language
    _language = language


@contextmanager
def spoken() -> Iterator[None]:
    """One command: the language `speak` chose ends with it (`main` runs many in one process in tests)."""
    global _language
    before = _language
    try:
        yield
    finally:
        _language = before


def configured_language_among(available: Iterable[str]) -> str:
    """The command line's language where `available` has it (a language only a custom rubric
    brings has no starter or examples), else English: the default of a command's `--lang`."""
    language = cli_language()
    return language if language in set(available) else "en"


def ui_language(given: Optional[str], near: Optional[Path] = None) -> str:
    """The language a front end speaks where no OKR file decides it: `given` (`--language`), else
    the config's `language` (the project's, else the user's), else English. A config with a
    mistake elsewhere still says it in the language it states: the command that reads it for real
    reports the mistake."""
    if given:
        return given
    from okrcoach.config import ConfigError, find_config, stated_language

    try:
        config = find_config(near or Path.cwd())
    except ConfigError:
        return stated_language(near or Path.cwd()) or "en"
    except OSError:
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
        # Headings, the -h and -V lines and okrcoach's own help texts were set, in English, when
        # the parser was built: swapped for the language's while formatting, then put back.
        language = cli_language()
        if language == "en":
            return super().format_help()
        with _help_in(self, language), _speaking():
            return super().format_help()

    def error(self, message: str) -> Any:  # type: ignore[override]
        self.print_usage(sys.stderr)
        with _speaking():
            self.exit(2, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})  # type: ignore[attr-defined]


# -- okrcoach's own help texts ----------------------------------------------------------------------

_OWN_WORDS = ("summary", "description", "epilog")


def _command_of(parser: argparse.ArgumentParser) -> str:
    """`okrcoach lint` → lint; the top-level parser → okrcoach."""
    words = parser.prog.split()
    return words[1] if len(words) > 1 else words[0]


def _name_of(action: argparse.Action) -> str:
    """An option's first long flag without dashes (`--fail-level` → fail-level), else its flag, else
    a positional's name."""
    flags = [flag for flag in action.option_strings if flag.startswith("--")] or list(action.option_strings)
    return flags[0].lstrip("-") if flags else action.dest


def _group_name(group: argparse._ArgumentGroup) -> Optional[str]:
    """A titled group's name, from its first option (`group-model`); None for argparse's own."""
    actions = group._group_actions
    return f"group-{_name_of(actions[0])}" if actions else None


def _own_texts(parser: argparse.ArgumentParser) -> Iterator[tuple[Any, str, str, str]]:
    """(holder, attribute, name, English) for every help text of okrcoach's own in one parser."""
    if parser.description:
        yield parser, "description", "description", parser.description
    if parser.epilog:
        yield parser, "epilog", "epilog", parser.epilog
    for group in parser._action_groups:
        name = _group_name(group)
        if group.title and group.title not in _ARGPARSE and name:
            yield group, "title", name, group.title
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    yield choice, "help", f"{choice.dest}.summary", choice.help
        elif action.help and action.help != argparse.SUPPRESS and action.help not in _ARGPARSE:
            yield action, "help", _name_of(action), action.help


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def help_texts(top: argparse.ArgumentParser) -> dict[str, str]:
    """Every help text of okrcoach's own commands in `top` (the whole command line's parser), by
    catalogue key, in English (from the code)."""
    found: dict[str, dict[str, str]] = {}  # name → {command: English}
    for parser in _parsers(top):
        command = _command_of(parser)
        for _, _, name, english in _own_texts(parser):
            if name.endswith(".summary"):
                found.setdefault(name, {})[name.split(".")[0]] = english
            else:
                found.setdefault(name, {})[command] = english
    out: dict[str, str] = {}
    for name, by_command in found.items():
        shared = len(by_command) > 1 and len(set(by_command.values())) == 1 and name not in _OWN_WORDS and not name.endswith(".summary")
        if shared:
            out[f"cli.help.{name}"] = next(iter(by_command.values()))
        else:
            for command, english in by_command.items():
                out[f"cli.help.{name}" if name.endswith(".summary") else f"cli.help.{command}.{name}"] = english
    return out


def _own_translation(command: str, name: str, language: str) -> Optional[str]:
    from okrcoach.i18n import translation

    if name.endswith(".summary"):
        return translation(f"cli.help.{name}", language)
    return translation(f"cli.help.{command}.{name}", language) or (None if name in _OWN_WORDS else translation(f"cli.help.{name}", language))


@contextmanager
def _help_in(parser: argparse.ArgumentParser, language: str) -> Iterator[None]:
    """The parser's headings, -h/-V lines and own help texts in `language` while the block runs."""
    saved: list[tuple[Any, str, Any]] = []
    command = _command_of(parser)
    for group in parser._action_groups:
        if group.title in _ARGPARSE:
            saved.append((group, "title", group.title))
    for action in parser._actions:
        if action.help in _ARGPARSE:
            saved.append((action, "help", action.help))
    for holder, attribute, name, english in _own_texts(parser):
        said = _own_translation(command, name, language)
        if said is not None:
            saved.append((holder, attribute, english))
            if attribute == "help":  # argparse fills `%(default)s` and the like into option help
                said = re.sub(r"%(?!\()", "%%", said)
            setattr(holder, attribute, said)
    for holder, attribute, english in saved:
        if english in _ARGPARSE:
            setattr(holder, attribute, _gettext(english))
    try:
        yield
    finally:
        for holder, attribute, english in saved:
            setattr(holder, attribute, english)
