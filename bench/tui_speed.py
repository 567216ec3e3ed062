"""TUI responsiveness: cold start to the first screen, and keystroke-to-frame latency while editing.

Usage:
    python bench/tui_speed.py                 # cold starts, then 10×5 and 50×5 sets
    python bench/tui_speed.py --keys 60       # more keystrokes per set
    python bench/tui_speed.py --only start --starts 9 --baseline-src /tmp/base/src   # before and after

Cold start is the real command: `okrcoach tui` (through the console script, as a user types it)
in a fresh process in a 120×40 pseudo-terminal, with empty cache, config and state folders,
timed until the home screen is drawn (its footer is on the terminal), as wall time and as the
process's CPU time at that moment (from /proc: steadier than wall time on a shared machine).
okrcoach is compiled to bytecode first, as installing a wheel does (without that, a machine with
PYTHONDONTWRITEBYTECODE set times Python compiling okrcoach's source on every start: about 150 ms
of CPU). The peer, run interleaved (one of each per round, so load hits all alike), is a bare
Textual app that draws what the home screen draws; the ratio is okrcoach's CPU median over the
peer's. `--baseline-src DIR` (the `src` folder of another checkout) starts that okrcoach in the
same rounds. A first round, not counted, lets a checkout write its pre-built rubric.

Keystroke latency is timed from the moment the key event is posted to the app (as a terminal
driver posts it) to the end of the first frame drawn after the review screen has handled the edit,
with no polling: a hook on the app's display records each frame the moment it is composed, and the
frame is rendered to the escape sequences a real terminal would receive (headless apps skip that
step, so the bench does it). "Handler" is the time the review screen spends on the edit itself
(re-judging, findings, status), as wall and as CPU time (the machine may be shared). Keys are typed in bursts of eight at 100 ms intervals (a fast
typist) with a pause between bursts, so the deferred work (tree badges, recovery file) runs as it
does for a real user; its cost is printed separately.

The rubric is loaded as `okrcoach tui` loads it (`okrcoach.cli.common.load_rubric`: the pre-built
rubric with its stored regex programs), so a class first searched on some keystroke costs what it
costs a user. The first keystroke's handler is printed on its own: first uses (a pattern, a message
catalogue, an import) land there.

The budget is one frame at 60 Hz: 16 ms from key to frame. Target: a keystroke's handler ≤ 16 ms at
50 objectives × 5 key results. The peer figure printed beside each is Textual's own floor on this
machine in the same run: the same keystroke into a bare `Input` in an otherwise empty app.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Optional

FRAME_BUDGET_MS = 16.0

# The peer of a cold start: a bare Textual app that draws what okrcoach's home screen draws (a
# header, a title, a list of three choices, a footer of key bindings), started the same way.
PEER_APP = r"""
from textual.app import App
from textual.widgets import Footer, Header, OptionList, Static

class Bare(App):
    BINDINGS = [("n", "bell", "New draft"), ("o", "bell", "Open file"), ("w", "bell", "Workshop examples")]

    def compose(self):
        yield Header()
        yield Static("a bare Textual app")
        yield OptionList("New draft from a goal", "Open an OKR file", "Workshop examples")
        yield Footer()

Bare().run()
"""
# What the first screen shows once it is drawn: okrcoach's home screen (in English: the test's
# config folder is empty) and the peer's.
HOME_DRAWN = (b"Workshop", b"palette")


def _in_terminal(command: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Start `command` in a new 120×40 pseudo-terminal and return the wall time and the process's
    CPU time (user + system, read from /proc the moment it is seen) until its first screen is drawn."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    tick = os.sysconf("SC_CLK_TCK")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < 60:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                seen += os.read(master, 1 << 16)
            except OSError:
                break
            if all(marker in seen for marker in HOME_DRAWN):
                wall = time.perf_counter() - start
                fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
                return wall, (int(fields[11]) + int(fields[12])) / tick
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        os.close(master)
    raise RuntimeError(f"{command[-1]!r} drew no first screen within a minute; its output ended: {seen[-300:]!r}")


def cold_starts(runs: int, baseline: Optional[Path] = None) -> dict[str, tuple[list[float], list[float]]]:
    """`okrcoach tui` started cold `runs` times, interleaved with the peer (and the baseline): each
    a fresh process in a pseudo-terminal with empty cache, config and state folders; wall and CPU
    seconds to the first screen drawn."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import lint_speed  # okrcoach's modules compiled to bytecode, as installing a wheel does

    lint_speed.compile_package(None)
    commands = {"okrcoach": [*lint_speed._okrcoach(None), "tui"]}
    if baseline is not None:
        lint_speed.compile_package(baseline)
        commands["baseline"] = [*lint_speed._okrcoach(baseline), "tui"]
    commands["peer"] = [sys.executable, "-c", PEER_APP]
    figures: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in commands}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            with tempfile.TemporaryDirectory() as home:
                env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", "HOME": home, "OKRCOACH_STATE_DIR": home}
                env.update({f"XDG_{kind}_HOME": f"{home}/{kind.lower()}" for kind in ("CACHE", "CONFIG", "STATE", "DATA")})
                for variable in ("OKRCOACH_NO_CACHE", "COLUMNS", "LINES", "TEXTUAL_DRIVER", "OKRCOACH_SERVE_ROOT"):
                    env.pop(variable, None)
                wall, cpu = _in_terminal(command, env, home)
            if round_:  # the first round writes what a checkout writes on its first run (the pre-built rubric)
                figures[name][0].append(wall)
                figures[name][1].append(cpu)
    return figures


def okr_file(objectives: int, key_results: int = 5) -> str:
    lines = ["period: 2027-Q1", "objectives:"]
    texts = ["Raise trial conversion from {a}% to {b}%", "Analyse churn drivers in segment {a}", "Win {a} new customers in region {b}", "Maintain NPS above {b}", "Publish {a} case studies"]
    for o in range(objectives):
        lines.append(f"  - title: Objective number {o} for the team")
        lines.append("    key_results:")
        for k in range(key_results):
            lines.append(f"      - {texts[k % len(texts)].format(a=o + k + 2, b=60 + o + k)}")
    return "\n".join(lines) + "\n"


class FrameClock:
    """Records when each frame is composed and rendered, by wrapping the app's display step."""

    def __init__(self, app: Any) -> None:
        from textual._compositor import CompositorUpdate

        self.frames: list[float] = []
        self.frame_cpu: list[float] = []
        self.waiting: tuple[float, asyncio.Future] | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # what a real terminal would be sent
            now = time.perf_counter()
            self.frames.append(now)
            self.frame_cpu.append(time.thread_time())
            if self.waiting is not None and now >= self.waiting[0] and not self.waiting[1].done():
                self.waiting[1].set_result(now)

        app._display = display


async def type_keys(app: Any, clock: FrameClock, keys: int, handled: Callable[[], float | None], cpu: list[float] | None = None) -> list[float]:
    """Post `keys` key events; for each, the ms from posting to the first frame after it was handled
    (and in `cpu`, the CPU time this thread spent in between: the app's own cost, whatever the load)."""
    from textual import events

    latencies = []
    for i in range(keys):
        char = "x" if i % 2 else "y"
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        clock.waiting = (float("inf"), future)
        before = handled()
        start, start_cpu = time.perf_counter(), time.thread_time()
        app.post_message(events.Key(char, char))
        # The frame that counts is the first one composed after the edit was handled.
        while handled() == before:
            await asyncio.sleep(0)
            if time.perf_counter() - start > 2:
                raise RuntimeError("the key was never handled")
        clock.waiting = (handled() or start, future)
        if clock.frames and clock.frames[-1] >= (handled() or start) and not future.done():
            future.set_result(clock.frames[-1])
        frame = await asyncio.wait_for(future, timeout=2)
        latencies.append((frame - start) * 1000)
        if cpu is not None:
            cpu.append((clock.frame_cpu[clock.frames.index(frame)] - start_cpu) * 1000)
        await asyncio.sleep(0.1 if (i + 1) % 8 else 0.6)
    return latencies


async def review_latency(objectives: int, keys: int) -> dict[str, list[float]]:
    from okrcoach.cli.common import load_rubric
    from okrcoach.recovery import RecoveryStore
    from okrcoach.rubric import Linter
    from okrcoach.settings import load_settings
    from okrcoach.tui.app import OkrCoachApp, ReviewScreen

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "set.okr.yaml"
        path.write_text(okr_file(objectives), encoding="utf-8")
        app = OkrCoachApp(load_settings({}, environ={}), Linter(load_rubric()), path=path, recovery=RecoveryStore(Path(folder) / "recovery", session="bench"))
        async with app.run_test(size=(140, 44)) as pilot:
            while not (isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None)):
                await asyncio.sleep(0.005)
            screen = app.screen
            await pilot.press("down", "down", "e")
            await pilot.pause(0.3)
            text_input = screen.query_one("#element-text")
            text_input.cursor_blink = False
            clock = FrameClock(app)
            handler_ms: list[float] = []
            handler_cpu_ms: list[float] = []
            deferred_ms: list[float] = []
            last_handled: list[float] = []
            changed = screen.changed

            def timed_changed(*args: Any, **kwargs: Any) -> None:
                started, cpu = time.perf_counter(), time.thread_time()
                changed(*args, **kwargs)
                handler_ms.append((time.perf_counter() - started) * 1000)
                handler_cpu_ms.append((time.thread_time() - cpu) * 1000)
                last_handled.append(time.perf_counter())

            screen.changed = timed_changed
            for owner, name in ((screen, "refresh_labels"), (screen, "write_recovery"), (app, "save_recovery")):
                deferred = getattr(owner, name, None)
                if deferred is None:
                    continue

                def timed(*args: Any, _deferred: Any = deferred, **kwargs: Any) -> Any:
                    started = time.perf_counter()
                    try:
                        return _deferred(*args, **kwargs)
                    finally:
                        deferred_ms.append((time.perf_counter() - started) * 1000)

                setattr(owner, name, timed)
            from okrcoach.tui import collector

            collect_ms: list[float] = []
            pause_collection = collector.pause

            def timed_collection() -> None:
                started = time.thread_time()
                pause_collection()
                collect_ms.append((time.thread_time() - started) * 1000)

            collector.pause = timed_collection
            frame_cpu: list[float] = []
            latency = await type_keys(app, clock, keys, lambda: last_handled[-1] if last_handled else None, frame_cpu)
            await asyncio.sleep(1.2)
            collector.pause = pause_collection
    return {"frame": latency, "frame_cpu": frame_cpu, "handler": handler_ms, "handler_cpu": handler_cpu_ms, "deferred": deferred_ms, "collection": collect_ms}


async def bare_input_latency(keys: int, cpu: list[float]) -> list[float]:
    """Textual's own floor: the same keystrokes into a lone Input."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    handled: list[float] = []

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Input(id="bare")

        def on_input_changed(self) -> None:
            handled.append(time.perf_counter())

    app = Bare()
    async with app.run_test(size=(140, 44)) as pilot:
        app.query_one(Input).cursor_blink = False
        app.query_one(Input).focus()
        await pilot.pause(0.2)
        clock = FrameClock(app)
        return await type_keys(app, clock, keys, lambda: handled[-1] if handled else None, cpu)


def summary(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, worst {max(values):.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--baseline-src", metavar="DIR", type=Path, help="the src folder of another okrcoach checkout, started cold beside this one")
    parser.add_argument("--only", choices=("start", "keys"), help="only the cold starts, or only the keystrokes")
    args = parser.parse_args()
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    if args.starts and args.only != "keys":
        starts = cold_starts(args.starts, args.baseline_src.resolve() if args.baseline_src else None)
        peer_cpu = statistics.median(starts["peer"][1])
        for name, (wall, cpu) in starts.items():
            ratio = "" if name == "peer" else f"; CPU {statistics.median(cpu) / peer_cpu:.2f}× the bare Textual app"
            what = {"peer": "a bare Textual app (peer)", "baseline": f"okrcoach tui ({args.baseline_src})"}.get(name, "okrcoach tui")
            print(f"cold start to the first screen drawn, {what}: CPU median {statistics.median(cpu) * 1000:.0f} ms, wall median {statistics.median(wall) * 1000:.0f} ms over {len(cpu)} runs{ratio}")
        print("(target: ≤ 1000 ms wall to an interactive first screen)")
    if args.only == "start":
        return 0
    floor_cpu: list[float] = []
    floor = asyncio.run(bare_input_latency(args.keys, floor_cpu))
    print(f"peer, a bare Textual Input, key to frame: {summary(floor)}; CPU time {summary(floor_cpu)}")
    for objectives in (10, 50):
        figures = asyncio.run(review_latency(objectives, args.keys))
        frame, handler = figures["frame"], figures["handler"]
        within = sum(1 for value in frame if value <= FRAME_BUDGET_MS)
        print(
            f"{objectives}×5 key to frame: {summary(frame)}; {within}/{len(frame)} within the {FRAME_BUDGET_MS:.0f} ms frame budget; {statistics.median(frame) / statistics.median(floor):.1f}× the bare Input"
        )
        print(f"{objectives}×5 key to frame, CPU time: {summary(figures['frame_cpu'])}; {statistics.median(figures['frame_cpu']) / statistics.median(floor_cpu):.1f}× the bare Input")
        print(
            f"{objectives}×5 handler:      {summary(handler)} (target ≤ {FRAME_BUDGET_MS:.0f} ms at 50×5); CPU time {summary(figures['handler_cpu'])}; first keystroke {handler[0]:.1f} ms, CPU {figures['handler_cpu'][0]:.1f} ms"
        )
        print(f"{objectives}×5 deferred work after a pause (tree badges, recovery file): {summary(figures['deferred'])}")
        if figures["collection"]:  # an older checkout collects at pauses without `collector.pause`
            print(f"{objectives}×5 cycle collection at a pause in typing, CPU time: {summary(figures['collection'])} (a key typed as the pause ends waits for it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
