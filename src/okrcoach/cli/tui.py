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

from okrcoach.cli.common import LANGUAGES

COMMANDS = ("tui", "review", "serve")
DEFAULT_MAX_VISITORS = 40


def add_commands(commands: Any) -> None:
    tui = commands.add_parser("tui", help="open the terminal UI (the default with no command)", description="Draft, review and improve OKRs interactively.")
    tui.add_argument("file", nargs="?", help="an OKR file to open straight into review")
    review = commands.add_parser("review", help="open an OKR file in the terminal UI", description="Open an OKR file in the terminal UI to review and improve it.")
    review.add_argument("file", help="an OKR file")
    serve = commands.add_parser(
        "serve",
        help="serve the terminal UI in a browser (workshops)",
        description="Serve the TUI to browsers on this machine or a workshop network. Each browser tab gets its own okrcoach process, folder and LLM budget; no visitor sees another's files.",
    )
    speaks = {
        tui: "the language the UI speaks where no OKR set is open (a set is shown in its own language); default: the config's `language`, else English",
        serve: "the language every visitor's UI speaks where no OKR set is open; default: the `language` of the config beside `serve`, else English",
    }
    for parser in (tui, review, serve):
        parser.add_argument("--lang", "--language", dest="language", choices=LANGUAGES, metavar="LANG", help=speaks.get(parser, speaks[tui]))
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only; 0.0.0.0 opens it to the network: use only on a trusted one)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--public-url", help="the URL visitors use, when behind a proxy (default: the address each browser used)")
    serve.add_argument("--token-budget", type=int, default=20000, help="LLM tokens each visitor may use (default 20000; 0 = no LLM, offline templates only)")
    serve.add_argument("--max-visitors", type=int, default=DEFAULT_MAX_VISITORS, help=f"visitors at once; more get a page saying the room is full (default {DEFAULT_MAX_VISITORS})")
    serve.add_argument("-v", "--verbose", action="store_true", help="log every request and visitor session to standard error (default: warnings only)")
    serve.add_argument("--workspace", metavar="DIR", help="folder that holds each visitor's own folder (default: a new folder in the system's temporary folder; kept when the server stops)")


def run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        return _serve(args)
    return _without_collection_at_start(_tui, args)


def _without_collection_at_start(command: Any, args: argparse.Namespace) -> int:
    """Run the TUI `command` with Python's cycle collector paused until the app starts.

    Importing Textual and the TUI's screens and loading the rubric allocate a few hundred thousand
    objects (modules, classes, the rubric's rules and lexicons) that live until the process ends;
    each collection their allocations trigger walks them for nothing: about 190 collections, some
    55 ms of CPU before the first screen. The collector is switched back on (as it was) when the
    app is about to run, after `gc.freeze` has moved what exists then out of its sight for good
    (reference counting still frees it), so the collections while the app runs scan only what it
    makes: `command` calls the function it is given (`_app_starting`) just before the app runs.
    """
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        return command(args, lambda: _app_starting(collecting))
    finally:
        if collecting and not gc.isenabled():
            gc.enable()


def _app_starting(collecting: bool) -> None:
    """The setup before the app's first screen is done: freeze what exists, collect again."""
    import gc

    gc.freeze()
    if collecting:
        gc.enable()


def _tui(args: argparse.Namespace, starting: Any) -> int:
    path = Path(args.file) if getattr(args, "file", None) else None
    if path is not None:
        from okrcoach.gate import Refused, read_file

        refused = read_file(path)  # a pipe, a device, a link out of the folder: refused here, never opened
        if isinstance(refused, Refused):
            from okrcoach.cli.words import say

            problem = say("no-such-file", path=args.file) if not os.path.lexists(path) else say("cannot-open", path=args.file, problem=refused.said)
            print(say("usage-error", message=problem), file=sys.stderr)
            return 2
    from okrcoach.cli.words import say, ui_language

    served = _served_visitor()
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(say("needs-terminal"), file=sys.stderr)
        return 2
    from okrcoach.cli.common import load_rubric
    from okrcoach.i18n import text
    from okrcoach.rubric import Linter
    from okrcoach.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(text("cli.llm-settings-ignored", ui_language(getattr(args, "language", None)), reason=exc.message), file=sys.stderr)
        settings = None
    # The rubric before the screens: loading it serves the message catalogues already parsed, which
    # the screens' modules ask for as they are imported.
    linter = Linter(load_rubric())
    from okrcoach.recovery import RecoveryStore
    from okrcoach.tui.app import OkrCoachApp

    if not served:
        app = OkrCoachApp(settings, linter, path=path, language=ui_language(getattr(args, "language", None)))
        starting()
        app.run()
        return 0
    budget = int(os.environ.get("OKRCOACH_TOKEN_BUDGET", "0") or 0)
    _end_with_the_server()
    # The facilitator's language, from `serve --lang` or the config beside `serve` (this process
    # starts there): decided before the visitor moves into a folder of its own.
    language = ui_language(getattr(args, "language", None))
    workspace, state = _visitor_folders(Path(os.environ["OKRCOACH_SERVE_ROOT"]))
    app = OkrCoachApp(
        settings if budget > 0 else None,
        linter,
        recovery=RecoveryStore(state / "recovery", session="visitor"),
        token_budget=budget,
        offer_restore=False,
        workspace=workspace,
        language=language,
    )
    starting()
    app.run()
    return 0


def _served_visitor() -> bool:
    """Whether this process is a browser visitor's, started by `okrcoach serve` through textual-serve."""
    return bool(os.environ.get("OKRCOACH_SERVE_ROOT")) and bool(os.environ.get("TEXTUAL_DRIVER"))


def _end_with_the_server(interval: float = 1.0) -> None:
    """End this visitor's process when the server that started it is gone.

    textual-serve tells a visitor's app to quit when its browser leaves; when the server itself
    stops (ctrl+c, a crash, a kill), nothing does, and the app would be left writing to a closed
    pipe forever. A watcher thread notices that the parent process changed and ends the process;
    every change is already in the visitor's recovery file.
    """
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="okrcoach-serve-watch", daemon=True).start()


def _visitor_folders(root: Path):
    """A new folder for this visitor: `files/` (its workspace, the working directory) and `state/`.

    The state folder holds the recent-files list and recovery file, so no visitor sees another's.
    """
    from okrcoach.workspace import Workspace

    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="visitor-", dir=root))
    files, state = folder / "files", folder / "state"
    files.mkdir()
    state.mkdir()
    os.environ["OKRCOACH_STATE_DIR"] = str(state)
    os.chdir(files)
    return Workspace(files), state


def _serve(args: argparse.Namespace) -> int:
    from okrcoach.cli.words import say, ui_language

    try:
        from okrcoach.tui.serve import WorkshopServer
    except ImportError:
        print(say("usage-error", message=say("serve.needs-textual-serve")), file=sys.stderr)
        return 2
    if args.token_budget < 0:
        print(say("usage-error", message=say("serve.token-budget")), file=sys.stderr)
        return 2
    if args.max_visitors < 1:
        print(say("usage-error", message=say("serve.max-visitors")), file=sys.stderr)
        return 2
    if args.workspace:
        root = Path(args.workspace).resolve()
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(say("usage-error", message=say("serve.cannot-create-workspace", path=args.workspace, error=exc.strerror or str(exc))), file=sys.stderr)
            return 2
    else:
        root = Path(tempfile.mkdtemp(prefix="okrcoach-serve-"))
    from okrcoach.i18n import text

    language = ui_language(args.language)  # the room's: the banner speaks it, as the pages and the log do
    llm = _llm_line(args.token_budget, language)
    where = args.public_url or f"http://{'localhost' if args.host in ('127.0.0.1', '::1') else args.host}:{args.port}"
    banner = text("cli.serve.banner", language, where=where, visitors=args.max_visitors, root=str(root), llm=llm)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        banner += "\n  " + text("cli.serve.bound", language, host=args.host)
    # textual-serve starts every visitor's process with this process's environment.
    os.environ["OKRCOACH_SERVE_ROOT"] = str(root)
    os.environ["OKRCOACH_TOKEN_BUDGET"] = str(args.token_budget)
    command = f"exec {shlex.quote(sys.executable)} -m okrcoach tui"  # exec: the visitor's app is the process textual-serve stops
    if args.language:
        command += f" --lang {shlex.quote(args.language)}"
    try:
        WorkshopServer(command, host=args.host, port=args.port, max_visitors=args.max_visitors, public_url=args.public_url, banner=banner, verbose=args.verbose, language=language).serve()
    except OSError as exc:
        print(say("usage-error", message=say("serve.cannot-serve", host=args.host, port=args.port, error=exc.strerror or str(exc))), file=sys.stderr)
        return 2
    return 0


def _llm_line(budget: int, language: str) -> str:
    """What visitors will draft with, said once at start (in `language`, the server's) so the
    facilitator can fix it before the room arrives."""
    from okrcoach.i18n import text

    def say(key: str, **params: Any) -> str:
        return text(f"cli.{key}", language, **params)

    if budget == 0:
        return say("serve.llm-none")
    from okrcoach.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        return say("serve.llm-invalid", reason=exc.message)
    problems = settings.problems(language)
    if problems:
        return say("serve.llm-not-configured", problems=" ".join(problems))
    return say("serve.llm-drafting", model=str(settings.effective_model), url=settings.base_url or "api.openai.com", budget=budget)
