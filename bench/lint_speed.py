"""Speed of `okrcoach lint`: cold start on a 50-key-result file, and in-process throughput.

Usage:
    python bench/lint_speed.py              # both measurements
    python bench/lint_speed.py --runs 20    # more cold-start runs

Targets on the project's 2-core machine: cold run ≤ 300 ms; ≥ 10,000 key results per second
in-process with the whole catalogue. Prints figures; it does not assert them.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from okrcoach.formats import write
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric

TEMPLATES = {
    "en": [
        "Raise {metric} from {a}% to {b}%",
        "Grow {metric} by {a}%",
        "Analyse {thing} with the {team} team",
        "Publish {a} {things}",
        "Maintain {metric} above {b}%",
        "Launch the new {thing}",
        "Win {a} new customers in the {region}",
        "Reduce {metric} to {a} by the end of Q2",
        "Customer satisfaction",
        "Every month at least {b}% {metric}",
    ],
    "da": [
        "Øg {metric} fra {a} % til {b} %",
        "Afhold en workshop om {thing}",
        "Vind {a} nye kunder i {region}",
        "Fasthold {metric} over {b} %",
    ],
    "de": [
        "{metric} von {a} % auf {b} % steigern",
        "Wir erstellen ein Konzept für {thing}",
        "Wir gewinnen {a} Neukunden in {region}",
        "In jedem Monat mindestens {b} % {metric}",
    ],
}
WORDS = {
    "metric": ["trial conversion", "churn", "NPS", "activation", "win rate", "gross margin", "first response time"],
    "thing": ["pricing page", "onboarding flow", "partner portal", "data platform", "help centre"],
    "things": ["blog posts", "webinars", "case studies", "releases"],
    "team": ["sales", "support", "product"],
    "region": ["Nordics", "DACH", "Jutland", "Budapest"],
}


def make_sets(total_krs: int, seed: int = 7) -> list[OkrSet]:
    rng = random.Random(seed)
    sets, count = [], 0
    while count < total_krs:
        language = rng.choice(list(TEMPLATES))
        objectives = []
        for o in range(5):
            krs = []
            for _ in range(4):
                template = rng.choice(TEMPLATES[language])
                values = {k: rng.choice(v) for k, v in WORDS.items()}
                text = template.format(a=rng.randint(2, 60), b=rng.randint(61, 99), **values)
                krs.append(KeyResult(text=text))
                count += 1
            objectives.append(Objective(title=f"Objective {o} for the {rng.choice(WORDS['team'])} team", key_results=krs))
        sets.append(OkrSet(language=language, period="2027-Q1", objectives=objectives))
    return sets


def throughput(total_krs: int) -> tuple[float, float, int]:
    rubric = load_rubric(bundled_dir("rubrics"))
    linter = Linter(rubric)
    sets = make_sets(total_krs)
    for language in TEMPLATES:  # compile each language's patterns before timing
        linter.lint(next(s for s in sets if s.language == language), "warm-up")
    start = time.process_time()
    findings = sum(len(linter.lint(s, "bench")) for s in sets)
    elapsed = time.process_time() - start
    tracemalloc.start()  # a second, traced pass for memory (tracing slows it down)
    for s in sets[:200]:
        linter.lint(s, "bench")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    krs = sum(s.key_result_count() for s in sets)
    return krs / elapsed, peak / 1e6, findings


def cold_runs(runs: int) -> tuple[list[float], list[float], str]:
    okrcoach = shutil.which("okrcoach") or str(Path(sys.executable).with_name("okrcoach"))
    sets = make_sets(50)
    sample = sets[0].model_copy(update={"objectives": sets[0].objectives + sets[1].objectives + sets[2].objectives[:3]})
    assert sample.key_result_count() >= 50
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fifty.okr.yaml"
        path.write_text(write(sample, "yaml"), encoding="utf-8")
        env = {**os.environ, "NO_COLOR": "1"}
        timings, cpu = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            result = subprocess.run([okrcoach, "lint", "--isolated", str(path)], capture_output=True, env=env, check=False)
            timings.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
            if result.returncode not in (0, 1):
                raise SystemExit(f"okrcoach lint failed ({result.returncode}): {result.stderr[-500:]}")
    return timings, cpu, sample.language or "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--krs", type=int, default=10_000)
    args = parser.parse_args()
    timings, cpu, language = cold_runs(args.runs)
    print(f"cold `okrcoach lint` on a 50-key-result file ({language}): median {statistics.median(timings) * 1000:.0f} ms, best {min(timings) * 1000:.0f} ms over {args.runs} runs (target ≤ 300 ms)")
    print(f"  CPU time of the same runs (user+sys, steadier than wall time on a shared machine): median {statistics.median(cpu) * 1000:.0f} ms, best {min(cpu) * 1000:.0f} ms")
    rate, peak_mb, findings = throughput(args.krs)
    print(f"in-process throughput: {rate:,.0f} key results/s over {args.krs:,} key results with the whole catalogue ({findings:,} findings; CPU time; peak {peak_mb:.1f} MB traced while linting) (target ≥ 10,000/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
