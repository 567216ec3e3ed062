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
