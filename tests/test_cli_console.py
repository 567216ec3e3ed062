"""The console script ends a lint process at once, with everything it wrote delivered.

`okrcoach.cli.console` (the `okrcoach` script, `python -m okrcoach`) ends a process that ran a
lint command with `os._exit` once its output is flushed, skipping the interpreter's teardown. These
tests run it as a user does, in a fresh process, and hold it to what `main` gives in process: the
same bytes on standard output (more than a pipe holds at once), the same exit code, and an exit
hook registered by anything else in the process still runs.
"""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from okrcoach.cli import main

REPO = Path(__file__).resolve().parents[1]


def _big_file(folder: Path) -> Path:
    lines = ["period: 2027-Q1", "language: en", "objectives:"]
    for o in range(60):
        lines += [f"  - title: Objective {o} for the support team", "    key_results:"]
        lines += [f"      - Publish {k + 2} reports on topic {o}" for k in range(5)]
    path = folder / "big.okr.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _console(*words: str, before: str = "") -> subprocess.CompletedProcess:
    code = f"import sys\n{before}\nsys.argv = ['okrcoach', *{list(words)!r}]\nfrom okrcoach.cli import console\nconsole()\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, env={"NO_COLOR": "1", "PATH": ""}, cwd=REPO, check=False)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_lint_ended_at_once_delivers_what_main_writes(tmp_path: Path, fmt: str) -> None:
    path = _big_file(tmp_path)
    words = ["lint", "--isolated", "--format", fmt, str(path)]
    done = _console(*words)
    written = io.StringIO()
    with redirect_stdout(written):
        code = main(words)
    assert done.returncode == code == 1
    assert len(done.stdout) > 65536  # more than a pipe holds: the flush waited for the reader
    assert done.stdout.decode("utf-8") == written.getvalue()
    assert done.stderr == b""


def test_an_exit_hook_of_the_process_still_runs_after_a_lint(tmp_path: Path) -> None:
    hook = "import atexit\natexit.register(lambda: print('hook ran', file=sys.stderr))"
    done = _console("lint", "--isolated", str(_big_file(tmp_path)), before=hook)
    assert done.returncode == 1 and b"hook ran" in done.stderr


def test_only_lint_commands_end_at_once() -> None:
    code = "from okrcoach.cli.lint import ends_at_once\nprint([ends_at_once(w) for w in (['lint'], ['rules'], ['rule'], ['draft'], ['tui'], ['serve'], [])])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[True, True, True, False, False, False, False]"


def test_a_usage_error_ends_with_its_code_and_message() -> None:
    done = _console("lint", "--isolated", "no-such-file.okr.yaml")
    assert done.returncode == 2 and b"no-such-file.okr.yaml" in done.stderr


def test_a_lint_from_the_console_script_runs_no_collection_after_its_imports(tmp_path: Path) -> None:
    """The cycle collector stays paused from the command's start to the process's end: switched
    back on before the exit, its first pass walked everything the lint had made."""
    probe = (
        "import gc, os\n"
        "passes = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'stop' and passes.append(info['generation']))\n"
        "import okrcoach.cli\n"
        "at_start = len(passes)\n"
        "real_exit = os._exit\n"
        "os._exit = lambda code: (print('passes', len(passes) - at_start, file=sys.stderr), sys.stderr.flush(), real_exit(code))\n"
    )
    done = _console("lint", "--isolated", str(_big_file(tmp_path)), before=probe)
    assert done.returncode == 1
    assert b"passes 0" in done.stderr, done.stderr
