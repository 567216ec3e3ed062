"""The `okrcoach` command line: results on stdout, diagnostics on stderr.

One module per command group, each with `COMMANDS`, `add_commands(subparsers)` and `run(args)`:
`lint` (lint, rules, rule), `llm` (draft, improve, doctor), `tui` (tui, review, serve), `progress`
(checkin, status, tree) and `workshop` (examples); `common` holds the exit codes, the usage error
and the options they share. Heavy front ends (the TUI, the LLM client) are imported inside their
own commands, so `okrcoach lint` starts fast and never imports textual, openai or instructor.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import NoReturn, Optional, Sequence

from okrcoach import __version__, dataclass_code, paths, regex_code

try:  # the patterns and dataclass methods the imports below compile, from their stored code
    regex_code.seed(paths.bundled_dir("rubrics") / regex_code.SEED_NAME, command_start=True)
    dataclass_code.install(paths.bundled_dir("rubrics") / dataclass_code.FILE_NAME)
except FileNotFoundError:  # no rubric folder: `lint` reports it
    pass

from okrcoach.cli import lint
from okrcoach.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError

__all__ = ["console", "help_texts", "main"]

# The command groups after `lint`, in the order `okrcoach --help` lists them. Each imports nothing
# heavy at module level (the lint path builds the whole parser).
COMMAND_MODULES = ("okrcoach.cli.llm", "okrcoach.cli.tui", "okrcoach.cli.progress", "okrcoach.cli.workshop", "okrcoach.cli.project")


def _parser(core_only: bool = False) -> argparse.ArgumentParser:
    """The argument parser; `core_only` leaves out the front-end commands (a faster `lint`)."""
    from okrcoach.cli.words import LocalParser

    parser = LocalParser(
        prog="okrcoach",
        description="Draft and lint OKRs (Objectives and Key Results) in English, Danish, Swedish, German, Finnish and Hungarian.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"okrcoach {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    lint.add_commands(commands)
    if not core_only:
        for module in _command_modules():
            module.add_commands(commands)
    return parser


def help_texts() -> dict[str, str]:
    """The English help text of every command and option, by its key in the other languages'
    catalogues (`cli.help.…`, `okrcoach.cli.words`)."""
    from okrcoach.cli.words import help_texts as texts

    return texts(_parser())


def _command_modules():
    return [importlib.import_module(name) for name in COMMAND_MODULES]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one command in this process and give its exit code (the console script: `console`).

    Standard error (and standard output on a terminal) is neutralised for the whole command, so
    no text from a file, a model or an argument can act on the terminal (`okrcoach.terminal`).
    """
    from okrcoach.cli.words import spoken
    from okrcoach.terminal import guarded_output

    with guarded_output(), spoken():
        return _main(argv)


def console() -> NoReturn:
    """The `okrcoach` console script and `python -m okrcoach`: `main`, then the process ends.

    After a lint command (`lint.ends_at_once`), with its output flushed, the process ends at once
    (`os._exit`) rather than tearing down the rubric, the report and every module one object at a
    time: that teardown costs about 20 ms of CPU, a fifth of linting a small file, and does nothing
    a lint needs (it starts no thread and registers no exit hook; its files are closed). Every
    other command, and every caller of `main` inside a process, ends as usual.

    The rubric's commands run with the cycle collector paused to the end, as `lint` pauses it for
    its own work: switched back on after it, its first pass walked every object the command had
    made (about 5 ms, whatever the file's size) just before the process ended.
    """
    rubric_command = bool(sys.argv[1:2]) and sys.argv[1] in lint.COMMANDS
    if rubric_command:
        gc.disable()
    code = main()
    if rubric_command and "textual" not in sys.modules:
        _store_dataclass_code()
    if lint.ends_at_once(sys.argv[1:2]):
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            sys.exit(code)  # a closed pipe or stream: let the interpreter end it as it would
        os._exit(code)
    sys.exit(code)


def _store_dataclass_code() -> None:
    """Keep the dataclass methods this command compiled for the next one (`okrcoach.dataclass_code`):
    only after the rubric's commands, whose classes every lint makes, not the TUI's hundreds."""
    try:
        dataclass_code.store(paths.bundled_dir("rubrics") / dataclass_code.FILE_NAME)
    except FileNotFoundError:
        pass


def _main(argv: Optional[Sequence[str]]) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(core_only=bool(words) and words[0] in lint.COMMANDS)
    args = parser.parse_args(argv)
    _speak_the_language_asked_for(args)
    try:
        if args.command in lint.COMMANDS:
            return lint.run(args)
        for module in _command_modules():
            if args.command in module.COMMANDS:
                return module.run(args)
        from okrcoach.cli.tui import run as run_tui

        return run_tui(argparse.Namespace(command="tui", file=None))
    except UsageError as exc:
        from okrcoach.i18n import text

        print(text("cli.usage-error", exc.said_in(), message=exc.render()), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        from okrcoach.cli.words import say

        print(say("interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # last line of defence: a message, never a traceback
        if os.environ.get("OKRCOACH_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {exc}"
        try:
            from okrcoach.cli.words import say

            said = say("internal-error", error=error)
        except Exception:  # noqa: BLE001 - the catalogue itself may be what failed
            said = f"okrcoach: internal error: {error}\nPlease report this; set OKRCOACH_DEBUG=1 to see the traceback."
        print(said, file=sys.stderr)
        return EXIT_USAGE


def _speak_the_language_asked_for(args: argparse.Namespace) -> None:
    """A command's `--language`/`--lang` is the language its diagnostics are said in too (files
    found or skipped, usage errors), as its findings are: `lint --language da` is a Danish run."""
    language = getattr(args, "language", None) or getattr(args, "lang", None)
    if isinstance(language, str) and language:
        from okrcoach.i18n import catalog

        if catalog(language) is None:
            return  # a language okrcoach cannot speak (`--lang xx`): its error is said as configured
        from okrcoach.cli.words import speak

        speak(language)
