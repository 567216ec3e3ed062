"""`okrcoach` (no arguments), `okrcoach tui [FILE]` and `okrcoach review FILE`: the terminal UI.

Textual is imported only here, inside `run`, so every other command starts without it.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any

COMMANDS = ("tui", "review", "serve")


def add_commands(commands: Any) -> None:
    tui = commands.add_parser("tui", help="open the terminal UI (the default with no command)", description="Draft, review and improve OKRs interactively.")
    tui.add_argument("file", nargs="?", help="an OKR file to open straight into review")
    review = commands.add_parser("review", help="open an OKR file in the terminal UI", description="Open an OKR file in the terminal UI to review and improve it.")
    review.add_argument("file", help="an OKR file")
    serve = commands.add_parser(
        "serve",
        help="serve the terminal UI in a browser (workshops)",
        description="Serve the TUI to browsers on this machine or a workshop network. Each visitor gets their own process, drafts and LLM budget.",
    )
    serve.add_argument("--host", default="localhost", help="address to bind (default localhost; use 0.0.0.0 only behind a trusted network)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--public-url", help="the URL visitors use, when behind a proxy")
    serve.add_argument("--token-budget", type=int, default=20000, help="LLM tokens each visitor may use (default 20000; 0 = no LLM)")


def run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        return _serve(args)
    path = Path(args.file) if getattr(args, "file", None) else None
    if path is not None:
        from okrcoach.gate import Refused, read_file

        refused = read_file(path)  # a pipe, a device, a link out of the folder: refused here, never opened
        if isinstance(refused, Refused):
            print(f"okrcoach: error: no such file: {args.file}" if not os.path.lexists(path) else f"okrcoach: error: cannot open {args.file}: {refused.message}", file=sys.stderr)
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
    from okrcoach.recovery import RecoveryStore
    from okrcoach.tui.app import OkrCoachApp

    visitor = os.environ.get("OKRCOACH_SERVE_VISITOR") == "1"
    budget = int(os.environ.get("OKRCOACH_TOKEN_BUDGET", "0") or 0) or None
    # A served visitor's drafts live in a folder of its own process, so no visitor sees another's.
    recovery = RecoveryStore(Path(tempfile.mkdtemp(prefix="okrcoach-visitor-")), session="visitor") if visitor else None
    OkrCoachApp(settings, Linter(_load_rubric()), path=path, recovery=recovery, token_budget=budget, offer_restore=not visitor).run()
    return 0


def _serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print("okrcoach: error: `okrcoach serve` needs textual-serve: pip install 'okrcoach[serve]'", file=sys.stderr)
        return 2
    if args.token_budget < 0:
        print("okrcoach: error: --token-budget must be 0 or more", file=sys.stderr)
        return 2
    command = f"env OKRCOACH_SERVE_VISITOR=1 OKRCOACH_TOKEN_BUDGET={args.token_budget} {shlex.quote(sys.executable)} -m okrcoach tui"
    if args.token_budget == 0:
        command = f"env OKRCOACH_SERVE_VISITOR=1 OKRCOACH_BASE_URL= OKRCOACH_MODEL= OPENAI_API_KEY= OKRCOACH_API_KEY= {shlex.quote(sys.executable)} -m okrcoach tui"
    where = args.public_url or f"http://{args.host}:{args.port}"
    print(f"okrcoach: serving the TUI at {where} (each visitor: own process and drafts, {args.token_budget or 'no'} LLM tokens); ctrl+c stops", file=sys.stderr)
    Server(command, host=args.host, port=args.port, title="okrcoach", public_url=args.public_url).serve()
    return 0
