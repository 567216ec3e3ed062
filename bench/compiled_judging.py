"""What compiling the judging modules to C would gain: the same code, pure Python against Cython.

Usage:
    python bench/compiled_judging.py                       # build, compare findings, measure throughput
    python bench/compiled_judging.py --krs 2000 --rounds 3
    python bench/compiled_judging.py --modules analysis,lexicon

Judging is Python logic more than regex: about 80 facts per key result, each a few microseconds
of Python, and a rule's facts cannot be read in a cheaper order (`bench/fact_order.py` prints the
least any order could compute: within a few per cent of the stored order); the lexicon questions
of a lint, replayed alone, are about a sixth of its time (`bench/fact_costs.py --models`). So the
structural lever left is the cost of the Python itself. This bench measures it without changing a
line: it copies this checkout's `src` (and `rubrics`, `prompts`) to a temporary folder, compiles
the judging modules there with Cython (`okrcoach/rubric/<module>.py`, unchanged, annotations not
used as C types, so every object behaves as in Python), then, in child processes:

- compares every finding of both (`bench/findings_equivalence.py`: rule examples, files, the
  labelled, blind, real and generated sets and mutations of them);
- measures in-process throughput of both (`bench/lint_speed.py`'s generated, real and labelled
  sets), alternating rounds, and prints the medians side by side with the ratio.

It needs Cython and a C compiler (`pip install cython`; gcc and the Python headers); without them
it says so and stops. Nothing is installed or written outside the temporary folder. Compiling
takes minutes (analysis.py is large).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
DEFAULT_MODULES = ("analysis", "lexicon", "dates", "language", "findings", "engine")


def build(modules: list[str], folder: Path) -> Path:
    """A copy of this checkout's src, rubrics and prompts in `folder`, with `modules` compiled."""
    src = folder / "src"
    shutil.copytree(REPO / "src", src, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
    for name in ("rubrics", "prompts"):
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("prebuilt*"))
    (folder / "tests").mkdir()
    for name in ("__init__.py", "rule_examples.py"):  # what the findings comparison lints rule examples with
        if (REPO / "tests" / name).is_file():
            shutil.copy2(REPO / "tests" / name, folder / "tests" / name)
    rubric = src / "okrcoach" / "rubric"
    files = [str(rubric / f"{name}.py") for name in modules]
    command = [sys.executable, "-m", "Cython.Build.Cythonize", "-i", "-3", "-q", "-X", "annotation_typing=False", "-X", "binding=True", *files]
    subprocess.run(command, check=True, cwd=rubric, capture_output=True)
    return src


def equivalent(src: Path, mutations: int) -> bool:
    """Whether the okrcoach in `src` gives this checkout's findings (`bench/findings_equivalence.py`:
    rule examples, files, labelled, blind, real and generated sets, `mutations` mutated key results)."""
    done = subprocess.run([sys.executable, str(BENCH / "findings_equivalence.py"), "--baseline-src", str(src), "--mutations", str(mutations)], capture_output=True, text=True)
    print("findings, pure Python against compiled: " + (done.stdout.strip().splitlines() or done.stderr.strip().splitlines()[-1:] or ["(no output)"])[-1])
    return done.returncode == 0


def throughput_of(src: Path, krs: int) -> dict:
    code = f"import sys, json; sys.path.insert(0, {str(src)!r}); sys.path.insert(1, {str(BENCH)!r}); import lint_speed; print(json.dumps(lint_speed.throughput_all({krs})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", default=",".join(DEFAULT_MODULES), help="modules of okrcoach/rubric to compile (default: %(default)s)")
    parser.add_argument("--krs", type=int, default=2000, help="generated key results per language for throughput (default 2000)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating throughput rounds per build (default 3)")
    parser.add_argument("--mutations", type=int, default=2000, help="mutated key results in the findings comparison (default 2000)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args()
    try:
        import Cython  # noqa: F401
    except ImportError:
        print("Cython is not installed: pip install cython (and a C compiler with the Python headers)")
        return 2
    modules = [m.strip() for m in args.modules.split(",") if m.strip()]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="okrcoach-compiled-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        try:
            compiled = build(modules, folder)
        except subprocess.CalledProcessError as exc:
            print(f"compiling failed: {exc.stderr.decode(errors='replace')[-2000:] if exc.stderr else exc}")
            return 2
        plain = REPO / "src"
        same = equivalent(compiled, args.mutations)
        rounds: dict[str, list[dict]] = {"python": [], "compiled": []}
        for _ in range(max(1, args.rounds)):
            for label, source in (("python", plain), ("compiled", compiled)):
                rounds[label].append(throughput_of(source, args.krs))
        print(f"in-process throughput, key results per CPU second, median of {max(1, args.rounds)} alternating rounds:")
        for kind in rounds["python"][0]:
            medians = {label: {lang: statistics.median(run[kind][lang] for run in runs) for lang in runs[0][kind]} for label, runs in rounds.items()}
            for label, rates in medians.items():
                print(f"  {kind:<9} {label:<9} " + "  ".join(f"{lang} {rate:,.0f}/s" for lang, rate in rates.items()) + f"   lowest {min(rates.values()):,.0f}/s")
            ratios = [medians["compiled"][lang] / medians["python"][lang] for lang in medians["python"]]
            print(f"  {kind:<9} compiled/python: " + "  ".join(f"{lang} {r:.2f}×" for lang, r in zip(medians["python"], ratios)))
        return 0 if same else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
