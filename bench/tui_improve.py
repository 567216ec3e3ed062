"""Drive the TUI's improve-and-accept flow headless against the configured LLM and print what it showed.

Usage (settings from OKRCOACH_* variables, as `okrcoach tui` reads them):
    python bench/tui_improve.py support.okr.yaml --objective 1 --kr 2
    python bench/tui_improve.py support.okr.yaml --objective 1 --kr 2 --lang fi

Opens the file in the review screen, selects the key result (or the objective without --kr),
presses i (improve), waits for the suggestion screen or the failure message, then presses y
(accept) as a user who accepts whatever is shown would. Prints one JSON line: the suggestion, the
lines saying why the rubric refused it (empty when it was offered), the text of the element after
y, the failure text if the request failed, tokens and seconds. Exit 0 when a suggestion was
offered and accepted, 1 when the rubric refused it (the text stays), 3 when improving failed.
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
from typing import Optional


async def drive(path: Path, objective: int, kr: Optional[int], timeout: float, language: str = "en") -> dict:
    from okrcoach.recovery import RecoveryStore
    from okrcoach.rubric import Linter
    from okrcoach.rubric.cache import load_cached_rubric as _load_rubric
    from okrcoach.settings import load_settings
    from okrcoach.tui.app import OkrCoachApp, ReviewScreen
    from okrcoach.tui.messages import ImprovementFailed, ImprovementReady
    from okrcoach.tui.screens import SuggestionScreen

    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    settings = load_settings()
    messages: list = []
    recovery = RecoveryStore(Path(tempfile.mkdtemp(prefix="okrcoach-tui-bench-")), session="bench")
    app = OkrCoachApp(settings, Linter(_load_rubric()), path=path, recovery=recovery, offer_restore=False, language=language)
    started = time.monotonic()
    ref = (objective - 1, None if kr is None else kr - 1)
    result: dict = {"original": "", "suggestion": "", "refused": [], "after": "", "failed": ""}
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        while not isinstance(app.screen, ReviewScreen) and time.monotonic() - started < 30:
            await pilot.pause(0.1)
        review = app.screen
        review.rebuild_tree(ref)
        await pilot.pause(0.2)
        result["original"] = review.document.text_of(ref)
        await pilot.press("i")
        while time.monotonic() - started < timeout:
            if isinstance(app.screen, SuggestionScreen) or any(isinstance(m, ImprovementFailed) for m in messages):
                break
            await pilot.pause(0.2)
        await pilot.pause(0.3)
        failed = next((m for m in messages if isinstance(m, ImprovementFailed)), None)
        if failed is not None:
            shown = review.ui_language
            result["failed"] = f"{failed.error.message_in(shown)} {failed.error.hint_in(shown)}".strip()
        if isinstance(app.screen, SuggestionScreen):
            screen = app.screen
            result["suggestion"] = screen.suggestion
            result["refused"] = screen.refused
            result["buttons"] = [str(button.label) for button in screen.query("Button")]
            await pilot.press("y")
            await pilot.pause(0.3)
            result["closed_by_y"] = not isinstance(app.screen, SuggestionScreen)
            if isinstance(app.screen, SuggestionScreen):
                await pilot.press("escape")
                await pilot.pause(0.3)
        result["after"] = review.document.text_of(ref)
        result["ready"] = any(isinstance(m, ImprovementReady) for m in messages)
        result["tokens"] = app.tokens
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--objective", type=int, default=1)
    parser.add_argument("--kr", type=int)
    parser.add_argument("--lang", default="en", help="the UI's language where no set is open (the set speaks its own)")
    parser.add_argument("--wait", type=float, default=1800, help="seconds to wait for the suggestion")
    args = parser.parse_args(argv)
    result = asyncio.run(drive(Path(args.file), args.objective, args.kr, args.wait, args.lang))
    print(json.dumps(result, ensure_ascii=False))
    if result["failed"] or not result["ready"]:
        print(f"okrcoach: {result['failed'] or 'no suggestion was shown'}", file=sys.stderr)
        return 3
    return 1 if result["refused"] else 0


if __name__ == "__main__":
    sys.exit(main())
