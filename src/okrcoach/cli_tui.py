"""`okrcoach` (no arguments), `okrcoach tui [FILE]` and `okrcoach review FILE`: the terminal UI.

Textual is imported only here, inside `run`, so every other command starts without it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

COMMANDS = ("tui", "review")


def add_commands(commands: Any) -> None:
    tui = commands.add_parser("tui", help="open the terminal UI (the default with no command)", description="Draft, review and improve OKRs interactively.")
    tui.add_argument("file", nargs="?", help="an OKR file to open straight into review")
    review = commands.add_parser("review", help="open an OKR file in the terminal UI", description="Open an OKR file in the terminal UI to review and improve it.")
    review.add_argument("file", help="an OKR file")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file) if getattr(args, "file", None) else None
    if path is not None and not path.is_file():
        print(f"okrcoach: error: no such file: {args.file}", file=sys.stderr)
        return 2
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("okrcoach: the terminal UI needs an interactive terminal; for scripts use `okrcoach lint`, `okrcoach draft` or `okrcoach improve` (see `okrcoach --help`).", file=sys.stderr)
        return 2
    from okrcoach.cli import _load_rubric
    from okrcoach.rubric import Linter
    from okrcoach.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"okrcoach: LLM settings ignored: {exc}", file=sys.stderr)
        settings = None
    from okrcoach.tui.app import OkrCoachApp

    OkrCoachApp(settings, Linter(_load_rubric()), path=path).run()
    return 0
