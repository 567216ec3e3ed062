"""Project set-up commands: `okrcoach init`, `okrcoach schema` and `okrcoach completion`.

Exit codes: 0 done, 2 usage error (the file exists, an unknown language or period). Imports
nothing heavy at module level: `okrcoach lint` builds the whole parser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2
COMMANDS = ("init", "schema", "completion")
SHELLS = ("bash", "zsh", "fish")


def add_commands(commands: Any) -> None:
    from okrcoach.cli.common import LANGUAGES

    init = commands.add_parser(
        "init",
        help="write a starter OKR file to fill in",
        description=(
            "Write a starter OKR file in your language for a team and a period, with <placeholders> "
            "where your words and numbers go; `okrcoach lint FILE` then says what is still missing. "
            "Never overwrites a file."
        ),
    )
    init.add_argument("file", nargs="?", metavar="FILE", help="the file to write (default: TEAM.okr.yaml, or okrs.okr.yaml)")
    init.add_argument("--lang", "--language", dest="language", choices=LANGUAGES, help="language of the starter (default: the config's `language`, else en)")
    init.add_argument("--period", metavar="P", help="the period: 2027-Q1, 2027-H1, FY2027, … (default: the next quarter)")
    init.add_argument("--team", metavar="T", help="the team whose OKRs these are")

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the OKR file format",
        description=(
            "Print the JSON Schema (draft 2020-12) of OKR files, for editors that complete and check "
            "*.okr.yaml and *.okr.json (yaml-language-server, VS Code). `--path` prints where the "
            "installed package keeps the same schema as a file."
        ),
    )
    schema.add_argument("--path", action="store_true", help="print the path of the schema file shipped in the package instead")

    completion = commands.add_parser(
        "completion",
        help="print a shell completion script",
        description=(
            "Print the completion script for bash, zsh or fish. "
            "bash: `okrcoach completion bash > ~/.local/share/bash-completion/completions/okrcoach`; "
            'zsh: `okrcoach completion zsh > "${fpath[1]}/_okrcoach"`; '
            "fish: `okrcoach completion fish > ~/.config/fish/completions/okrcoach.fish`."
        ),
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell")


def run(args: argparse.Namespace) -> int:
    if args.command == "init":
        return _init(args)
    if args.command == "schema":
        return _schema(args)
    return _completion(args)


def _init(args: argparse.Namespace) -> int:
    from okrcoach.cli.words import configured_language_among, say
    from okrcoach.i18n import msg, os_problem
    from okrcoach.starter import StarterError, default_file, starter_languages, starter_text, write_starter
    from okrcoach.terminal import printable

    file = args.file or default_file(args.team)
    path = Path(file)
    language = args.language or configured_language_among(starter_languages())
    try:
        text = starter_text(language, args.period, args.team, file=path.as_posix())
        write_starter(path, text)
    except StarterError as exc:
        print(printable(say("usage-error", message=exc.message), single_line=True), file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(say("usage-error", message=msg("cli.cannot-write", path=printable(file, single_line=True), error=os_problem(exc))), file=sys.stderr)
        return EXIT_USAGE
    shown = printable(path.as_posix(), single_line=True)
    print(say("init-wrote", path=shown), file=sys.stderr)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from okrcoach.schema_export import schema_text, shipped_schema_path

    if args.path:
        print(shipped_schema_path())
    else:
        sys.stdout.write(schema_text())
    return EXIT_OK


def _completion(args: argparse.Namespace) -> int:
    import shtab

    from okrcoach.cli import _parser

    parser = _parser()
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return EXIT_OK
