"""TUI responsiveness: time to the first interactive screen, and re-lint latency per keystroke.

Usage:
    python bench/tui_speed.py            # 5 cold starts, 30 keystrokes on a ten-objective set

Targets on the project's 2-core machine: first screen interactive within 1 s; re-linting after a
keystroke without visible lag (well under 50 ms) on a ten-objective set. Prints figures only.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STARTUP_SCRIPT = r"""
import time
started = time.perf_counter()
import asyncio, sys
from pathlib import Path

async def main():
    from okrcoach.rubric.cache import load_cached_rubric as _load_rubric
    from okrcoach.rubric import Linter
    from okrcoach.settings import load_settings
    from okrcoach.recovery import RecoveryStore
    from okrcoach.tui.app import OkrCoachApp, HomeScreen
    app = OkrCoachApp(load_settings({}, environ={}), Linter(_load_rubric()), recovery=RecoveryStore(Path(sys.argv[1]), session="bench"))
    async with app.run_test(size=(120, 36)) as pilot:
        while not isinstance(app.screen, HomeScreen):
            await pilot.pause(0.01)
        await pilot.pause()
        print(f"{time.perf_counter() - started:.4f}")
        print("openai" in sys.modules, "instructor" in sys.modules)

asyncio.run(main())
"""


def cold_starts(runs: int) -> tuple[list[float], str]:
    timings = []
    heavy = ""
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-c", STARTUP_SCRIPT, folder], capture_output=True, text=True, env={**os.environ, "TEXTUAL_ANIMATIONS": "none"}, check=True)
            wall = time.perf_counter() - start
            lines = result.stdout.split()
            timings.append(wall)
            heavy = f"openai imported at start: {lines[1]}, instructor: {lines[2]}"
    return timings, heavy


def ten_objectives() -> str:
    lines = ["period: 2027-Q1", "objectives:"]
    texts = ["Raise trial conversion from {a}% to {b}%", "Analyse churn drivers in segment {a}", "Win {a} new customers in region {b}", "Maintain NPS above {b}", "Publish {a} case studies"]
    for o in range(10):
        lines.append(f"  - title: Objective number {o} for the team")
        lines.append("    key_results:")
        for k in range(5):
            lines.append(f"      - {texts[k].format(a=o + k + 2, b=60 + o + k)}")
    return "\n".join(lines) + "\n"


async def keystroke_latency(keystrokes: int) -> list[float]:
    from okrcoach.recovery import RecoveryStore
    from okrcoach.rubric import Linter
    from okrcoach.rubric.cache import load_cached_rubric as _load_rubric
    from okrcoach.settings import load_settings
    from okrcoach.tui.app import OkrCoachApp, ReviewScreen

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ten.okr.yaml"
        path.write_text(ten_objectives(), encoding="utf-8")
        app = OkrCoachApp(load_settings({}, environ={}), Linter(_load_rubric()), path=path, recovery=RecoveryStore(Path(folder) / "recovery", session="bench"))
        timings = []
        async with app.run_test(size=(120, 40)) as pilot:
            while not (isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None)):
                await pilot.pause(0.01)
            screen = app.screen
            await pilot.press("down", "down", "e")
            text_input = screen.query_one("#element-text")
            for i in range(keystrokes):
                start = time.perf_counter()
                text_input.insert_text_at_cursor("x" if i % 2 else " ")
                await pilot.pause()
                timings.append(time.perf_counter() - start)
    return timings


def main() -> int:
    starts, heavy = cold_starts(5)
    print(f"TUI cold start to an interactive first screen: median {statistics.median(starts) * 1000:.0f} ms, best {min(starts) * 1000:.0f} ms over {len(starts)} runs (target ≤ 1000 ms; {heavy})")
    latency = asyncio.run(keystroke_latency(30))
    print(f"re-lint + redraw per keystroke on 10 objectives × 5 key results: median {statistics.median(latency) * 1000:.1f} ms, worst {max(latency) * 1000:.1f} ms over {len(latency)} keystrokes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
