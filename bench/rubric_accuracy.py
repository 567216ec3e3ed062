"""Precision and recall of the rubric per category and language, on every labelled set, for the
part it was tuned on and the part it was not.

Usage:
    python bench/rubric_accuracy.py                      # every set, tuned and untouched parts
    python bench/rubric_accuracy.py --sets real          # one set (labelled, holdout, real)
    python bench/rubric_accuracy.py --errors en --sets real   # also the tuned part's misses for English
    python bench/rubric_accuracy.py --json               # machine-readable figures

Sets:
- `labelled` (tests/data/labelled/<lang>.yaml): written for okrcoach; labels per its README.
- `holdout` (tests/data/holdout/<lang>.yaml): written separately, never tuned on.
- `real` (../shared/data/real-okrs-dev.jsonl with -labels.jsonl): 715 real key results (English and
  German) labelled by ../shared/reference/judgement-guideline.md; read at run time, never copied.
- `blind` (tests/data/blind/<lang>.yaml): 360 key results written by someone who never read the
  rubric, labelled by the guideline's fields (its `guideline` key) as `real` is. Its figures steered
  several rounds of choices, so it is now wholly tuned.
- `blind2` (tests/data/blind2/<lang>.yaml): a second set written the same way, later, by another
  author, with a shifted distribution; scored once while wholly unseen, now split by source
  document into a tuned and an untouched half.
- `blind3` (tests/data/blind3/<lang>.yaml): a third set written the same way by a third author;
  scored while wholly unseen, now split by source document into a tuned and an untouched half.
- `blind4` (tests/data/blind4/<lang>.yaml): a fourth set by a fourth author; scored while wholly
  unseen, now split by source document into a tuned and an untouched half.
- `blind5` (tests/data/blind5/<lang>.yaml): a fifth set by a fifth author; scored while wholly
  unseen, now split by source document into a tuned and an untouched half.
- `blind6` (tests/data/blind6/<lang>.yaml): a sixth set by a sixth author; scored while wholly
  unseen, now split by source document into a tuned and an untouched half.
- `blind7` (tests/data/blind7/<lang>.yaml): a seventh set by a seventh author; scored while wholly
  unseen, now split by source document into a tuned and an untouched half.
- `blind8` (tests/data/blind8/<lang>.yaml): an eighth set by an eighth author; scored while wholly
  unseen, now split by source document into a tuned and an untouched half.
- `blind9` (tests/data/blind9/<lang>.yaml): a ninth set by a ninth author; scored while wholly
  unseen, now split by source document into a tuned and an untouched half.
- `blind10` (tests/data/blind10/<lang>.yaml): a tenth set by a tenth author; wholly untouched, its
  errors are never listed. Absent sets are skipped.

Each set is split once, by source document, into a tuned and an untouched part
(tests/data/split.yaml). Both parts are reported every time; a change that lifts the tuned part
and not the untouched one is overfitting. Errors are listed for the tuned part only.

A category is predicted when the rubric raises a warning or error of that category on the key
result. For the real set the expected categories follow the guideline's mapping: `measurable` ⇔
measurable: no; `outcome` ⇔ kind activity or output; `kpi` ⇔ kind kpi; `baseline` ⇔ a measurable
outcome with baseline: no; `time-bound` ⇔ deadline: no and no period (`unsure` is left out). The
blind set's expected categories come from its `guideline` fields by the same mapping.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from okrcoach.model import KeyResult, Level, Objective, OkrSet, parse_period
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
LABELLED = DATA / "labelled"
SPLIT = DATA / "split.yaml"
SHARED = ROOT.parent / "shared" / "data"
REAL = SHARED / "real-okrs-dev.jsonl"
REAL_LABELS = SHARED / "real-okrs-dev-labels.jsonl"
CATEGORIES = ("measurable", "outcome", "kpi", "time-bound", "baseline")
CORE = ("measurable", "outcome", "kpi", "time-bound")
SETS = ("labelled", "holdout", "real", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10")
PARTS = ("tuned", "untouched")
KR_FIELDS = ("baseline", "target", "unit", "deadline", "guardrail", "direction", "metric")
TARGET_PRECISION, TARGET_RECALL, TARGET_LANGUAGE_RECALL = 0.95, 0.85, 0.75


class Item:
    """One labelled key result: the set it stands in, the categories expected, and its part."""

    __slots__ = ("language", "okr_set", "expected", "known", "part", "text", "note")

    def __init__(self, language: str, okr_set: OkrSet, expected: set[str], known: Iterable[str], part: str, note: str = "") -> None:
        self.language = language
        self.okr_set = okr_set
        self.expected = expected
        self.known = tuple(known)  # categories the label decides (not `unsure`)
        self.part = part
        self.text = okr_set.objectives[0].key_results[0].text
        self.note = note


def _split() -> dict[str, Any]:
    return yaml.safe_load(SPLIT.read_text(encoding="utf-8"))


def load_items(language: str, folder: Path = LABELLED) -> list[dict[str, Any]]:
    """The items of one language's file: a mapping with `items`, or (the blind set) a bare list."""
    data = yaml.safe_load((folder / f"{language}.yaml").read_text(encoding="utf-8"))
    return data["items"] if isinstance(data, dict) else data


def item_set(item: dict[str, Any], language: str) -> OkrSet:
    kr = KeyResult(text=item["kr"], **{k: item[k] for k in KR_FIELDS if k in item})
    objective = Objective(title=item.get("objective") or "", kind=item.get("objective_kind"), key_results=[kr])
    return OkrSet(language=language, period=item.get("period"), objectives=[objective])


def project_items(name: str, languages: Optional[list[str]] = None) -> list[Item]:
    folder = DATA / name
    split = _split().get(name) or {}
    items = []
    for path in sorted(folder.glob("*.yaml")):
        language = path.stem
        if languages and language not in languages:
            continue
        untouched = set((split.get(language) or {}).get("untouched_objectives") or [])
        untouched_sources = set((split.get(language) or {}).get("untouched_sources") or [])
        everything = split.get("untouched") == "all"
        for raw in load_items(language, folder):
            chosen = raw.get("objective") in untouched or raw.get("source") in untouched_sources
            part = "untouched" if everything or chosen else "tuned"
            okr_set = item_set(raw, language)
            if "guideline" in raw:
                expected, known = real_expected(raw["guideline"], okr_set.period is not None)
            else:
                expected, known = set(raw.get("labels") or []), list(CATEGORIES)
            items.append(Item(language, okr_set, expected, known, part, raw.get("note") or ""))
    return items


def real_period(label: Optional[str]) -> Optional[str]:
    """A period okrcoach reads from the real set's labels ("CY19-Q3 (2019-07-01..2019-09-30)", "2019 Q1")."""
    if not label:
        return None
    m = re.search(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})", label)
    if m:
        return f"{m.group(1)}..{m.group(2)}"
    bare = re.sub(r"\(.*?\)", "", label).strip()
    try:
        parse_period(bare)
        return bare
    except ValueError:
        pass
    m = re.search(r"(?<!\d)(20\d{2})(?!\d)", label) or re.search(r"(?:FY|CY)(\d{2})\b", label)
    if m:
        year = m.group(1)
        return year if len(year) == 4 else f"20{year}"
    return None


def real_expected(label: dict[str, str], has_period: bool) -> tuple[set[str], list[str]]:
    expected, known = set(), []
    if label["measurable"] != "unsure":
        known.append("measurable")
        if label["measurable"] == "no":
            expected.add("measurable")
    if label["kind"] != "unsure":
        known += ["outcome", "kpi"]
        if label["kind"] in ("activity", "output"):
            expected.add("outcome")
        if label["kind"] == "kpi":
            expected.add("kpi")
    if label["measurable"] != "unsure" and label["kind"] != "unsure":
        known.append("baseline")
        if label["measurable"] == "yes" and label["kind"] == "outcome" and label["baseline"] == "no":
            expected.add("baseline")
    known.append("time-bound")
    if label["deadline"] == "no" and not has_period:
        expected.add("time-bound")
    return expected, known


def real_items(languages: Optional[list[str]] = None) -> list[Item]:
    if not REAL.is_file() or not REAL_LABELS.is_file():
        return []
    rows = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = {}
    for line in REAL_LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            labels[entry["n"]] = entry
    split = _split().get("real") or {}
    untouched = {source for part in split.values() for source in part.get("untouched_sources") or []}
    items = []
    for n, row in enumerate(rows):
        language = row["lang"]
        if languages and language not in languages:
            continue
        source = row.get("source") or ""
        part = "untouched" if source in untouched or source.split("#")[0] in untouched else "tuned"
        period = real_period(row.get("period"))
        okr_set = OkrSet(language=language, period=period, objectives=[Objective(title=row.get("objective") or "", key_results=[KeyResult(text=row["key_result"])])])
        expected, known = real_expected(labels[n]["label"], period is not None)
        items.append(Item(language, okr_set, expected, known, part, f"#{n}"))
    return items


def predict(linter: Linter, item: Item) -> tuple[set[str], list]:
    findings = linter.lint(item.okr_set, "labelled", item.language)
    relevant = [f for f in findings if f.target == "key_result" and f.level.rank >= Level.warning.rank and f.category in CATEGORIES]
    return {f.category for f in relevant}, relevant


def evaluate(items: list[Item], linter: Optional[Linter] = None) -> dict[str, Any]:
    """Counts per (part, language, category) and the errors of each part."""
    linter = linter or Linter(load_rubric(bundled_dir("rubrics")))
    counts: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    errors: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        predicted, findings = predict(linter, item)
        for category in item.known:
            key = (item.part, item.language, category)
            if category in predicted and category in item.expected:
                counts[key]["tp"] += 1
            elif category in predicted:
                counts[key]["fp"] += 1
                errors[(item.part, item.language)].append(
                    {"kind": "FP", "category": category, "kr": item.text, "note": item.note, "findings": [f"{f.code} {f.evidence}" for f in findings if f.category == category]}
                )
            elif category in item.expected:
                counts[key]["fn"] += 1
                errors[(item.part, item.language)].append({"kind": "FN", "category": category, "kr": item.text, "note": item.note, "findings": [f"{f.code}" for f in findings]})
    return {"counts": counts, "errors": errors}


def ratio(a: int, b: int) -> Optional[float]:
    return a / b if b else None


def figures(counts: dict, part: str, languages: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for language in [*languages, "all"]:
        row = {}
        for category in CATEGORIES:
            keys = [(part, lang, category) for lang in languages] if language == "all" else [(part, language, category)]
            tp = sum(counts[k]["tp"] for k in keys if k in counts)
            fp = sum(counts[k]["fp"] for k in keys if k in counts)
            fn = sum(counts[k]["fn"] for k in keys if k in counts)
            row[category] = {"precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn), "tp": tp, "fp": fp, "fn": fn}
        table[language] = row
    return table


def _fmt(value: Optional[float]) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def _mark(cell: dict[str, Any], category: str, language: str) -> str:
    """`!` where a core category misses the issue's target (precision, or recall overall / per language)."""
    if category not in CORE:
        return " "
    low_precision = cell["precision"] is not None and cell["precision"] < TARGET_PRECISION and language == "all"
    floor = TARGET_RECALL if language == "all" else TARGET_LANGUAGE_RECALL
    low_recall = cell["recall"] is not None and cell["recall"] < floor
    return "!" if low_precision or low_recall else " "


def print_table(title: str, table: dict[str, dict[str, dict[str, Any]]], out=sys.stdout) -> None:
    print(f"\n{title}", file=out)
    print(f"{'lang':<5}" + "".join(f"{c:>21}" for c in CATEGORIES), file=out)
    print(f"{'':<5}" + "".join(f"{'P    R    (n) ':>21}" for _ in CATEGORIES), file=out)
    for language, row in table.items():
        cells = "".join(f"{_fmt(v['precision']):>9} {_fmt(v['recall']):>5} {'(' + str(v['tp'] + v['fn']) + ')':>5}{_mark(v, c, language)}" for c, v in row.items())
        print(f"{language:<5}{cells}", file=out)


def items_of(name: str, languages: Optional[list[str]] = None) -> list[Item]:
    return real_items(languages) if name == "real" else project_items(name, languages)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets: " + ", ".join(SETS))
    parser.add_argument("--languages", help="comma-separated languages (default: all in the set)")
    parser.add_argument("--errors", metavar="LANG", help="list the tuned part's false positives and negatives for a language")
    parser.add_argument("--category", help="with --errors: only this category")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    languages = [lang for lang in (args.languages or "").split(",") if lang] or None
    linter = Linter(load_rubric(bundled_dir("rubrics")))
    report: dict[str, Any] = {}
    for name in [s for s in args.sets.split(",") if s]:
        if name not in SETS:
            parser.error(f"unknown set {name!r}; choose from {', '.join(SETS)}")
        items = items_of(name, languages)
        if not items:
            where = REAL if name == "real" else DATA / name
            print(f"\n{name}: no items (is {where} there?)", file=sys.stderr)
            continue
        result = evaluate(items, linter)
        present = sorted({i.language for i in items}, key=lambda lang: ("en", "da", "sv", "de", "fi", "hu").index(lang) if lang in ("en", "da", "sv", "de", "fi", "hu") else 9)
        report[name] = {}
        for part in PARTS:
            part_items = [i for i in items if i.part == part]
            if not part_items:
                continue
            table = figures(result["counts"], part, [lang for lang in present if any(i.language == lang for i in part_items)])
            report[name][part] = table
            if not args.json:
                print_table(f"{name} — {part} part ({len(part_items)} key results)", table)
        if args.errors and not args.json:
            errors = [e for e in result["errors"].get(("tuned", args.errors), []) if not args.category or e["category"] == args.category]
            print(f"\n{name} — tuned part, errors for {args.errors} ({len(errors)}):")
            for error in errors:
                print(f"  {error['kind']} {error['category']:<10} {error['kr']}  | {' '.join(error['findings'])} {error['note']}")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"\n! marks a core category below target: precision ≥ {TARGET_PRECISION} and recall ≥ {TARGET_RECALL} overall, recall ≥ {TARGET_LANGUAGE_RECALL} per language.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
