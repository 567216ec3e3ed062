"""Start `okrcoach serve` as a facilitator would, on a free port, for the serve tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    workspace: Path
    log: Path
    out: Optional[Path] = None  # standard output, when kept apart from the log (standard error)

    def visitor_folders(self) -> list[Path]:
        return sorted(p for p in self.workspace.glob("visitor-*") if p.is_dir())

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def visitor_processes(self) -> list[int]:
        """Processes still working in a visitor's folder (Linux: their working directory)."""
        root = str(self.workspace.resolve())
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                cwd = os.readlink(entry / "cwd")
            except OSError:
                continue
            if cwd.startswith(root + os.sep):
                found.append(int(entry.name))
        return found

    def wait_until_visitors_gone(self, timeout: float = 10.0) -> list[int]:
        deadline = time.monotonic() + timeout
        while (left := self.visitor_processes()) and time.monotonic() < deadline:
            time.sleep(0.2)
        return left


@contextlib.contextmanager
def serve(tmp_path: Path, *args: str, env: Optional[dict[str, str]] = None, timeout: float = 20.0, split: bool = False, cwd: Optional[Path] = None) -> Iterator[Served]:
    """`okrcoach serve --port P --workspace tmp/workspace ARGS`, run in `cwd` (default `tmp_path`),
    stopped (and reaped) afterwards; with `split`, standard output goes to `out` and standard error
    alone to `log`."""
    port = free_port()
    workspace = tmp_path / "workspace"
    log = tmp_path / "serve.log"
    out = tmp_path / "serve.out" if split else None
    environment = {**os.environ, "TEXTUAL_ANIMATIONS": "none", **(env or {})}
    with log.open("wb") as sink, out.open("wb") if out else contextlib.nullcontext() as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "okrcoach", "serve", "--port", str(port), "--workspace", str(workspace), *args],
            cwd=cwd or tmp_path,
            stdout=stdout if out else sink,
            stderr=sink if out else subprocess.STDOUT,
            env=environment,
        )
    served = Served(process, f"http://127.0.0.1:{port}", workspace, log, out)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"okrcoach serve exited with {process.returncode}:\n{served.output()}")
            try:
                with urllib.request.urlopen(served.url + "/", timeout=2):
                    break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"okrcoach serve did not answer in {timeout:.0f} s:\n{served.output()}") from None
                time.sleep(0.1)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        left = served.wait_until_visitors_gone()
        for pid in left:  # never leave a test's process behind, even when the check below fails
            with contextlib.suppress(OSError):
                os.kill(pid, 9)
        assert not left, f"visitor processes outlived the server: {left}"
