"""Precision and recall of the rubric per category and language on the labelled set.

Usage:
    python bench/rubric_accuracy.py                 # table for all languages
    python bench/rubric_accuracy.py --errors da     # also list false positives/negatives for Danish
    python bench/rubric_accuracy.py --json          # machine-readable figures
    python bench/rubric_accuracy.py --data holdout  # the held-out set nobody tuned on

The labelled set lives in tests/data/labelled/<lang>.yaml: each item is one key result with the
categories a coach would report at warning level (`labels`). A category is predicted when the
rubric raises a warning or error of that category on the key result.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from okrcoach.model import KeyResult, Level, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
LABELLED = DATA / "labelled"
CATEGORIES = ("measurable", "time-bound", "outcome", "kpi", "baseline")
CORE = ("measurable", "time-bound", "outcome", "kpi")
KR_FIELDS = ("baseline", "target", "unit", "deadline", "guardrail", "direction", "metric")


def load_items(language: str, folder: Path = LABELLED) -> list[dict[str, Any]]:
    data = yaml.safe_load((folder / f"{language}.yaml").read_text(encoding="utf-8"))
    return data["items"]


def item_set(item: dict[str, Any], language: str) -> OkrSet:
    kr = KeyResult(text=item["kr"], **{k: item[k] for k in KR_FIELDS if k in item})
    objective = Objective(title=item.get("objective") or "", kind=item.get("objective_kind"), key_results=[kr])
    return OkrSet(language=language, period=item.get("period"), objectives=[objective])


def predict(linter: Linter, item: dict[str, Any], language: str) -> tuple[set[str], list]:
    findings = linter.lint(item_set(item, language), "labelled", language)
    relevant = [f for f in findings if f.target == "key_result" and f.level.rank >= Level.warning.rank and f.category in CATEGORIES]
    return {f.category for f in relevant}, relevant


def evaluate(languages: list[str], folder: Path = LABELLED) -> dict[str, Any]:
    linter = Linter(load_rubric(bundled_dir("rubrics")))
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    errors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for language in languages:
        for item in load_items(language, folder):
            expected = set(item.get("labels") or [])
            predicted, findings = predict(linter, item, language)
            for category in CATEGORIES:
                key = (language, category)
                if category in predicted and category in expected:
                    counts[key]["tp"] += 1
                elif category in predicted:
                    counts[key]["fp"] += 1
                    errors[language].append({"kind": "FP", "category": category, "kr": item["kr"], "findings": [f"{f.code} {f.message}" for f in findings if f.category == category]})
                elif category in expected:
                    counts[key]["fn"] += 1
                    errors[language].append({"kind": "FN", "category": category, "kr": item["kr"], "note": item.get("note")})
    return {"counts": counts, "errors": errors}


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def figures(counts: dict[tuple[str, str], dict[str, int]], languages: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for language in [*languages, "all"]:
        row = {}
        for category in CATEGORIES:
            keys = [(lang, category) for lang in languages] if language == "all" else [(language, category)]
            tp = sum(counts[k]["tp"] for k in keys)
            fp = sum(counts[k]["fp"] for k in keys)
            fn = sum(counts[k]["fn"] for k in keys)
            row[category] = {"precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn), "tp": tp, "fp": fp, "fn": fn}
        table[language] = row
    return table


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="labelled", help="labelled (the tuning set) or holdout (written separately, never tuned on)")
    parser.add_argument("--languages", help="comma-separated languages (default: all in the set)")
    parser.add_argument("--errors", metavar="LANG", help="list false positives and negatives for a language")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    folder = DATA / args.data
    languages = [lang for lang in (args.languages or ",".join(sorted(p.stem for p in folder.glob("*.yaml")))).split(",") if lang]
    result = evaluate(languages, folder)
    table = figures(result["counts"], languages)
    if args.json:
        print(json.dumps(table, indent=2))
        return 0
    print(f"{'lang':<5}" + "".join(f"{c:>20}" for c in CATEGORIES))
    print(f"{'':<5}" + "".join(f"{'P    R   (n)':>20}" for _ in CATEGORIES))
    for language, row in table.items():
        cells = "".join(f"{_fmt(v['precision']):>9} {_fmt(v['recall']):>5} {'(' + str(v['tp'] + v['fn']) + ')':>5}" for v in row.values())
        print(f"{language:<5}{cells}")
    if args.errors:
        for error in result["errors"].get(args.errors, []):
            detail = error.get("findings") or error.get("note") or ""
            print(f"{error['kind']} {error['category']:<10} {error['kr']}  | {detail}", file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
