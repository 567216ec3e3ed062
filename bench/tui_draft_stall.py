"""How long the TUI stops drawing when Generate is pressed: the longest event-loop stall while a draft
replays a real llama-server answer (tests/cassettes) from a local fake server.

Usage:
    python bench/tui_draft_stall.py                          # this checkout, 5 rounds
    python bench/tui_draft_stall.py --baseline-src DIR       # and another checkout's src, interleaved

Each round is a fresh process (the LLM libraries are imported once per process): the app runs
headless (`run_test`), the goal is typed on the brief screen, ctrl+g is pressed after `--wait`
seconds (0: at once, while the import the brief screen started may still run), and a task that
sleeps 5 ms at a time records how late each wake-up is until the review screen shows. A stall is
time the event loop could not draw or read keys: an import on the loop's thread shows as one long
stall. On a loaded machine every figure includes time the process waited for a CPU.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import asyncio, json, os, sys, tempfile, time
from pathlib import Path
src, repo, wait = sys.argv[1], sys.argv[2], float(sys.argv[3])
if src:
    sys.path.insert(0, src)
sys.path.insert(1, repo)
os.environ["TEXTUAL_ANIMATIONS"] = "none"
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.recorder import Cassette, replies


async def main():
    from okrcoach.recovery import RecoveryStore
    from okrcoach.rubric import Linter
    from okrcoach.rubric.cache import load_cached_rubric
    from okrcoach.settings import load_settings
    from okrcoach.tui.app import OkrCoachApp, ReviewScreen

    cassette = Cassette.load(Path(repo) / "tests/cassettes/llama-server-smollm2-tui-draft.json.gz")
    with FakeOpenAI() as server, tempfile.TemporaryDirectory() as home:
        server.script(*replies(cassette))
        overrides = {"base-url": server.base_url, "model": cassette.model, "retries": 0, "timeout": 60, "max-tokens": 400, "repair-rounds": 1}
        settings = load_settings(overrides, environ={}, cwd=Path(home), user_config=Path(home) / "none.toml")
        app = OkrCoachApp(settings, Linter(load_cached_rubric()), recovery=RecoveryStore(Path(home) / "recovery", session="bench"), offer_restore=False)
        stalls = []

        async def ticker():
            while True:
                before = time.perf_counter()
                await asyncio.sleep(0.005)
                stalls.append(time.perf_counter() - before - 0.005)

        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("n")
            await pilot.press(*"Grow webshop sales in the Nordics")
            await pilot.pause(wait)
            task = asyncio.create_task(ticker())
            started = time.perf_counter()
            await pilot.press("ctrl+g")
            while not isinstance(app.screen, ReviewScreen) and time.perf_counter() - started < 120:
                await pilot.pause(0.05)
            took = time.perf_counter() - started
            task.cancel()
            reviewed = isinstance(app.screen, ReviewScreen)
        print(json.dumps({"stall": max(stalls), "seconds": took, "requests": len(server.chat_requests), "reviewed": reviewed, "expected": len(cassette.exchanges)}))


asyncio.run(main())
"""


def one_round(src: Optional[Path], wait: float) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(src or ""), str(REPO), str(wait)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the TUI run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    row = json.loads(done.stdout.strip().splitlines()[-1])
    if not row["reviewed"] or row["requests"] != row["expected"]:
        raise SystemExit(f"the draft did not finish as recorded: {row}")
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--wait", type=float, action="append", help="seconds on the brief screen before ctrl+g (repeatable; default 0 and 3)")
    parser.add_argument("--baseline-src", type=Path, metavar="DIR", help="the src folder of another okrcoach checkout, measured interleaved")
    args = parser.parse_args()
    sources = {"okrcoach": None, **({"baseline": args.baseline_src.resolve()} if args.baseline_src else {})}
    for wait in args.wait or [0.0, 3.0]:
        rows: dict[str, list[dict]] = {name: [] for name in sources}
        for _ in range(args.rounds):
            for name, src in sources.items():
                rows[name].append(one_round(src, wait))
        print(f"ctrl+g {wait:g} s after the brief screen opened, median of {args.rounds} interleaved rounds:")
        for name, runs in rows.items():
            stall = statistics.median(r["stall"] for r in runs)
            seconds = statistics.median(r["seconds"] for r in runs)
            print(f"  {name:<9} longest event-loop stall {stall * 1000:5.0f} ms (worst {max(r['stall'] for r in runs) * 1000:.0f}), ctrl+g to review screen {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
