"""Lint the shared corpus of real published key results (../shared/data/real-okrs-dev.jsonl).

Usage:
    python bench/real_corpus.py                 # finding counts per rule and a sample per rule
    python bench/real_corpus.py --sample 10

The corpus is unlabelled: read the sample the way a coach would. Nothing is copied into the repo.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from pathlib import Path

from okrcoach.language_data import bundled_languages
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric

LANGUAGES = tuple(bundled_languages())  # the languages okrcoach ships, from the lexicon files

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "real-okrs-dev.jsonl"


def rows(path: Path = CORPUS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lint_rows(items: list[dict]):
    linter = Linter(load_rubric(bundled_dir("rubrics")))
    for row in items:
        language = row.get("lang") if row.get("lang") in LANGUAGES else None
        okr_set = OkrSet(language=language, objectives=[Objective(title=row.get("objective") or "", key_results=[KeyResult(text=row["key_result"])])])
        yield row, linter.lint(okr_set, row.get("source", "corpus"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    items = rows()
    start = time.perf_counter()
    results = list(lint_rows(items))
    elapsed = time.perf_counter() - start
    counts: collections.Counter = collections.Counter()
    examples: dict[str, list] = collections.defaultdict(list)
    clean = 0
    for row, findings in results:
        shown = [f for f in findings if f.target == "key_result" and f.level.value != "info" and f.code != "OKR210"]
        clean += not shown
        for f in shown:
            counts[f.code] += 1
            examples[f.code].append((row["lang"], row["key_result"][:110], f.evidence))
    print(f"{len(items)} real key results linted in {elapsed:.2f} s; {clean} with no warning beyond the missing period")
    rng = random.Random(args.seed)
    for code, count in counts.most_common():
        print(f"\n{code} ×{count}")
        for lang, text, evidence in rng.sample(examples[code], min(args.sample, len(examples[code]))):
            print(f"  [{lang}] {text}   ← {evidence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
