"""Which YAML machinery edits OKR files with the fewest changed lines: ruamel.yaml or node surgery.

For every file of a corpus (the example and workshop-library files, plus YAML as people write it
by hand: aligned values, `~`, mixed indentation, spaces inside `[ … ]`, CRLF, `%YAML`/`...`
markers, long lines, comments everywhere), it measures:

- a save without an edit: does ruamel.yaml's round trip (`preserve_quotes`, no line folding, the
  best of eight indentation settings for that file) give the same bytes?
- an edit of one key result's text: how many lines differ afterwards, with ruamel.yaml and with
  okrcoach's located-node surgery (`okrcoach.documents`)? One is the ideal.
- import cost of each: ruamel.yaml is an extra import; PyYAML is already loaded by the reader.

ruamel.yaml is not an okrcoach dependency; install it to run the comparison:

    pip install ruamel.yaml && python bench/yaml_machinery.py
"""

from __future__ import annotations

import difflib
import io
import subprocess
import sys
import time
from pathlib import Path

from okrcoach.documents import SetField, apply_changes
from okrcoach.formats import read_text

ROOT = Path(__file__).resolve().parents[1]

HAND_WRITTEN = {
    "mixed indentation": "objectives:\n  - title: Grow revenue\n    key_results:\n    - Raise MRR from 100k to 140k\n    - Cut churn from 3% to 2%\n  - title: Hire well\n    key_results:\n        - Hire 2 senior engineers\n",
    "spaces in flow lists": "objectives:\n  - title: Grow revenue\n    key_results: [ Raise MRR from 100k to 140k , 'Cut churn from 3% to 2%' ]\n    owner: { name: Ann }\n",
    "aligned values": "title:      Team OKRs\nperiod:     2027-Q1\nobjectives:\n  - title:  Grow revenue\n    key_results:\n      - text:     Raise MRR from 100k to 140k\n        baseline: 100\n        target:   140\n",
    "comments everywhere": "# Team OKRs\n\nobjectives:   # the list\n  # first\n  - title: Grow revenue # t\n\n    key_results:\n      -   Raise MRR from 100k to 140k   # spaced dash\n      # between\n      - Cut churn from 3% to 2%\n# tail\n",
    "document markers": "%YAML 1.2\n---\nperiod: 2027-Q1\nobjectives:\n  - title: Grow revenue\n    key_results: [Raise MRR from 100k to 140k]\n...\n",
    "null spellings": "title: ~\nowner:\nobjectives:\n  - title: Grow revenue\n    owner: null\n    key_results:\n      - text: Raise MRR from 100k to 140k\n        unit: Null\n",
    "CRLF line breaks": "period: 2027-Q1\r\nobjectives:\r\n  - title: Grow revenue\r\n    key_results:\r\n      - Raise MRR from 100k to 140k # c\r\n",
    "block scalars": "objectives:\n  - title: >\n      Grow the\n      business\n    description: |\n      Line one\n      Line two\n\n    key_results:\n      - Raise MRR from 100k to 140k\n",
    "number spellings": "objectives:\n  - title: Grow revenue\n    key_results:\n      - text: Raise MRR from 100k to 140k\n        baseline: 1.50\n        target: +2e1\n        confidence: .7\n        deadline: 2027-03-31\n",
    "long lines": "objectives:\n  - title: Become the first choice for mid-sized Nordic webshops that sell outdoor gear, clothing, shoes and accessories online\n    key_results:\n      - Raise MRR from 100k to 140k\n",
}


def corpus() -> dict[str, str]:
    files = {name: text for name, text in HAND_WRITTEN.items()}
    for path in sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("src/okrcoach/workshop/library/*.yaml")]):
        files[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return files


def changed_lines(a: str, b: str) -> int:
    """Lines that differ: the larger of lines taken out and lines put in (one edited line: 1)."""
    diff = [line for line in difflib.unified_diff(a.splitlines(True), b.splitlines(True), n=0) if not line.startswith(("+++", "---"))]
    return max(sum(1 for line in diff if line[:1] == "-"), sum(1 for line in diff if line[:1] == "+"))


def ruamel_round_trip(text: str, edit=None) -> tuple[str, str]:
    """The best ruamel.yaml output over eight indentation settings (fewest changed lines)."""
    from ruamel.yaml import YAML

    best = None
    for mapping in (2, 4):
        for sequence in (2, 4):
            for offset in (0, 2):
                if offset >= sequence:
                    continue
                yaml = YAML()
                yaml.preserve_quotes = True
                yaml.width = 4096
                yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
                try:
                    data = yaml.load(text)
                    if edit is not None:
                        edit(data)
                    out = io.StringIO()
                    yaml.dump(data, out)
                except Exception as exc:  # noqa: BLE001 - a refusal is a result here
                    return "", f"error: {type(exc).__name__}"
                result = out.getvalue()
                if best is None or changed_lines(text, result) < changed_lines(text, best):
                    best = result
    return best or "", ""


def first_kr_ruamel(data) -> None:
    objectives = data["objectives"] if isinstance(data, dict) and "objectives" in data else None
    if objectives is None:
        for value in data.values():  # the workshop library keeps sets under `sets:`
            if isinstance(value, list) and value and isinstance(value[0], dict) and "objectives" in value[0]:
                objectives = value[0]["objectives"]
                break
    krs = objectives[0]["key_results"]
    if isinstance(krs[0], str):
        krs[0] = krs[0] + " per month"
    else:
        krs[0]["text"] = krs[0]["text"] + " per month"


def import_ms(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print((time.perf_counter() - t) * 1000)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(out.stdout.strip()) if out.returncode == 0 else float("nan")


def main() -> int:
    try:
        import ruamel.yaml  # noqa: F401
    except ImportError:
        print("ruamel.yaml is not installed; `pip install ruamel.yaml` to compare. okrcoach's own figures follow.")
        have_ruamel = False
    else:
        have_ruamel = True
    rows = []
    for name, text in corpus().items():
        read = read_text(text, name, "yaml")
        surgery = "-"
        if read.okr_set is not None and read.okr_set.objectives and read.okr_set.objectives[0].key_results:
            kr = read.okr_set.objectives[0].key_results[0]
            edited = apply_changes(text, "yaml", [SetField((0, 0), "text", kr.text + " per month")])
            surgery = str(changed_lines(text, edited.text))
        same = edit_lines = "-"
        if have_ruamel:
            out, error = ruamel_round_trip(text)
            same = "error" if error else ("yes" if out == text else f"no ({changed_lines(text, out)} lines)")
            try:
                edited_out, error = ruamel_round_trip(text, first_kr_ruamel)
                edit_lines = "error" if error else str(changed_lines(text, edited_out))
            except (KeyError, IndexError, TypeError):
                edit_lines = "-"
        rows.append((name, same, edit_lines, surgery))
    width = max(len(r[0]) for r in rows)
    print(f"{'file':<{width}}  {'ruamel: save without edit identical':<36}  {'ruamel: lines changed by one edit':<34}  okrcoach: lines changed by one edit")
    for name, same, edit_lines, surgery in rows:
        print(f"{name:<{width}}  {same:<36}  {edit_lines:<34}  {surgery}")
    if have_ruamel:
        identical = sum(1 for r in rows if r[1] == "yes")
        ideal_r = sum(1 for r in rows if r[2] == "1")
        ideal_s = sum(1 for r in rows if r[3] == "1")
        print(f"\nsave without edit identical: ruamel {identical}/{len(rows)}; okrcoach {len(rows)}/{len(rows)} (it writes nothing)")
        print(f"one edit changes exactly one line: ruamel {ideal_r}/{len(rows)}; okrcoach {ideal_s}/{sum(1 for r in rows if r[3] != '-')}")
        print(f"import: ruamel.yaml {import_ms('ruamel.yaml'):.0f} ms (extra); yaml {import_ms('yaml'):.0f} ms (already loaded by the reader)")
    started = time.perf_counter()
    text = (ROOT / "examples" / "marketing.okr.yaml").read_text(encoding="utf-8")
    runs = 50
    for _ in range(runs):
        apply_changes(text, "yaml", [SetField((0, 0), "text", "Raise trial-to-paid conversion from 8% to 13%")])
    print(f"okrcoach edit + verify of examples/marketing.okr.yaml: {(time.perf_counter() - started) / runs * 1000:.1f} ms per edit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
