"""The lint path stays light: it never imports textual, openai, instructor, or the document layer
(the in-place editors, and ruamel.yaml should it ever be used)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("textual", "openai", "instructor", "rich", "httpx", "ruamel", "ruamel.yaml", "okrcoach.documents", "okrcoach.document", "okrcoach.checkin")


def test_lint_imports_no_heavy_modules():
    code = f"import sys\nfrom okrcoach.cli import main\nrc = main(['lint', '--format', 'json', {str(REPO / 'examples')!r}])\nprint([m for m in {HEAVY!r} if m in sys.modules])\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout[-500:]


def test_core_layers_do_not_reach_up():
    """model ← formats/rubric ← linting/cli: the core never imports its front ends."""
    code = (
        "import sys\n"
        "import okrcoach.model, okrcoach.rubric, okrcoach.formats\n"
        "print(sorted(m for m in sys.modules if m.startswith('okrcoach.') and m.split('.')[1] in ('cli', 'tui', 'drafting', 'linting', 'renderers', 'config', 'documents', 'document', 'checkin')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_terminal_ui_starts_without_the_llm_libraries_or_pydantic(tmp_path):
    """`okrcoach tui` reaches its first screen without openai, instructor or pydantic: the brief
    screen loads the LLM libraries on a thread when it opens, and nothing before the first screen
    validates with pydantic (the settings are a plain record)."""
    code = (
        "import io, sys\n"
        "from okrcoach.tui.app import OkrCoachApp\n"
        "def run(self, *args, **kwargs):\n"
        "    with open('imported.txt', 'w') as out:\n"
        "        out.write(repr([m for m in ('openai', 'instructor', 'pydantic') if m in sys.modules]))\n"
        "OkrCoachApp.run = run  # the app would start here: what is imported by now came before the first screen\n"
        "class Terminal(io.StringIO):\n"
        "    def isatty(self):\n"
        "        return True\n"
        "sys.stdin, sys.stdout = Terminal(), Terminal()\n"
        "from okrcoach.cli import main\n"
        "sys.exit(main(['tui']))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "OKRCOACH_STATE_DIR": str(tmp_path), **{f"XDG_{kind}_HOME": str(tmp_path / kind.lower()) for kind in ("CACHE", "CONFIG", "STATE", "DATA")}}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr[-1000:]
    assert (tmp_path / "imported.txt").read_text() == "[]"
