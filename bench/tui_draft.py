"""Drive the TUI's draft flow headless against the configured LLM and print what it showed.

Usage (settings from OKRCOACH_* variables, as `okrcoach tui` reads them):
    python bench/tui_draft.py "Grow webshop sales in the Nordics" --period 2027-Q1 --objectives 1
    python bench/tui_draft.py "Vi vil vokse blandt danske webshops" --lang da --team Salg

Types the goal into the brief screen, presses ctrl+g (a streamed draft), waits for the review
screen or the failure message, and prints one JSON line: the note the review screen showed (the
verdict sentence), the failure text if drafting failed, the key results drafted, partial updates
seen, tokens and seconds. Exit 0 when the TUI said the draft passed, 1 when it showed a draft that
did not pass, 3 when drafting failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path


async def drive(goal: str, period: str, objectives: int, timeout: float, language: str = "", team: str = "") -> dict:
    from okrcoach.recovery import RecoveryStore
    from okrcoach.rubric import Linter
    from okrcoach.rubric.cache import load_cached_rubric as _load_rubric
    from okrcoach.settings import load_settings
    from okrcoach.tui.app import OkrCoachApp, ReviewScreen
    from okrcoach.tui.messages import DraftFailed, DraftFinished, DraftProgressed

    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    settings = load_settings()
    messages: list = []
    app = OkrCoachApp(settings, Linter(_load_rubric()), recovery=RecoveryStore(Path(tempfile.mkdtemp(prefix="okrcoach-tui-bench-")), session="bench"), offer_restore=False)
    started = time.monotonic()
    result: dict = {"note": "", "failed": "", "key_results": [], "partials": 0}
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.press("n")
        await pilot.press(*goal)
        app.screen.query_one("#period").value = period
        app.screen.query_one("#objectives").value = objectives
        if language:
            app.screen.query_one("#language").value = language
        if team:
            app.screen.query_one("#team").value = team
        await pilot.press("ctrl+g")
        while time.monotonic() - started < timeout:
            if any(isinstance(m, (DraftFinished, DraftFailed)) for m in messages) and (isinstance(app.screen, ReviewScreen) or any(isinstance(m, DraftFailed) for m in messages)):
                break
            await pilot.pause(0.2)
        await pilot.pause(0.3)
        failed = next((m for m in messages if isinstance(m, DraftFailed)), None)
        if failed is not None:
            shown = getattr(app.screen, "ui_language", "en")  # the brief screen says it in the UI's language
            result["failed"] = f"{failed.error.message_in(shown)} {failed.error.hint_in(shown)}".strip()
        if isinstance(app.screen, ReviewScreen):
            result["note"] = app.screen.note
            result["key_results"] = [kr.text for o in app.screen.document.okr_set.objectives for kr in o.key_results]
        result["partials"] = sum(1 for m in messages if isinstance(m, DraftProgressed))
        result["tokens"] = app.tokens
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("goal")
    parser.add_argument("--period", default="2027-Q1")
    parser.add_argument("--objectives", type=int, default=1)
    parser.add_argument("--lang", default="", help="the brief's language (default: the brief screen's, from the goal)")
    parser.add_argument("--team", default="")
    parser.add_argument("--wait", type=float, default=1800, help="seconds to wait for the draft")
    args = parser.parse_args(argv)
    result = asyncio.run(drive(args.goal, args.period, args.objectives, args.wait, args.lang, args.team))
    print(json.dumps(result, ensure_ascii=False))
    if result["failed"] or not result["note"]:
        print(f"okrcoach: {result['failed'] or 'no draft was shown'}", file=sys.stderr)
        return 3
    print(f"okrcoach: {result['note']}", file=sys.stderr)
    from okrcoach.i18n import languages, template

    passed = {template("report.draft-summary-passed", language).split("{", 1)[0] for language in languages()}
    return 0 if result["note"].startswith(tuple(passed)) else 1


if __name__ == "__main__":
    sys.exit(main())
