"""`okrcoach lint` reads and judges files as plain data: pydantic (and its plugin scan of every
installed package) is not imported on the lint path, in any format, with an empty user cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from okrcoach.paths import bundled_dir
from okrcoach.rubric import load_rubric, prebuilt

REPO = Path(__file__).resolve().parents[1]
FILES = {
    "team.okr.yaml": "period: 2027-Q1\nlanguage: en\nobjectives:\n  - title: Delight our customers\n    key_results:\n      - text: Raise NPS from 31 to 45\n        baseline: 31\n        target: 45\n        deadline: 2027-03-31\n        guardrail: false\n        confidence: 0.7\n        checkins: [{date: 2027-01-15, value: 33}]\n      - Analyse churn\n",
    "team.okr.json": '{"period": "2027-Q1", "objectives": [{"title": "Grow", "kind": "committed", "key_results": [{"text": "Raise MRR from 10k to 14k", "direction": "increase", "target": 14000}]}]}',
    "team.okr.md": "# Q1 2027\n\n## Objective: Grow in the Nordics\n- KR1: Raise trial conversion from 8% to 12%\n  - owner: Anna\n- KR2: Analyse churn\n",
    "team.okr.csv": "objective,key_result,baseline,target\nGrow,Raise NPS from 31 to 45,31,45\n",
}


def test_lint_imports_no_pydantic(tmp_path):
    folder = bundled_dir("rubrics")
    if prebuilt.load(folder) is None:  # a wheel ships it; a fresh checkout builds it on first use
        prebuilt.dump(load_rubric(folder), folder)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = (
        "import sys\n"
        "from okrcoach.cli import main\n"
        f"rc = main(['lint', '--isolated', '--format', 'json', {str(tmp_path)!r}, {str(REPO / 'examples')!r}])\n"
        "print(rc, sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core', 'annotated_types')}))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "empty-cache"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("OKRCOACH_NO_CACHE", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1 []", result.stdout[-800:]
