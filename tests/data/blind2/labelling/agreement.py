"""Agreement between the two labelling passes of tests/data/blind2, and with the settled labels.

Run from anywhere: python tests/data/blind2/labelling/agreement.py
Prints, per guideline field and per rubric category, plain agreement and Cohen's kappa between
pass 1 and pass 2, the items where they differ, and how many settled labels (the YAML files)
differ from each pass.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SET = HERE.parent
LANGS = ("en", "da", "sv", "de", "fi", "hu")
FIELDS = ("kind", "measurable", "baseline", "deadline")
CATEGORIES = ("measurable", "outcome", "kpi", "baseline", "time-bound")


def read_pass(name: str) -> dict[str, dict[str, str]]:
    with (HERE / name).open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}


def read_settled() -> tuple[dict[str, dict[str, str]], dict[str, str | None]]:
    fields: dict[str, dict[str, str]] = {}
    periods: dict[str, str | None] = {}
    for lang in LANGS:
        items = yaml.safe_load((SET / f"{lang}.yaml").read_text(encoding="utf-8"))
        for number, item in enumerate(items, 1):
            key = f"{lang}-{number:02d}"
            fields[key] = item["guideline"]
            periods[key] = item.get("period")
    return fields, periods


def categories(row: dict[str, str], period: str | None) -> set[str]:
    """The rubric categories the guideline's mapping gives for one labelled item."""
    found = set()
    if row["measurable"] == "no":
        found.add("measurable")
    if row["kind"] in ("activity", "output"):
        found.add("outcome")
    if row["kind"] == "kpi":
        found.add("kpi")
    if row["measurable"] == "yes" and row["kind"] == "outcome" and row["baseline"] == "no":
        found.add("baseline")
    if row["deadline"] == "no" and not period:
        found.add("time-bound")
    return found


def kappa(first: list[str], second: list[str]) -> float:
    total = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / total
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[value] * count_b[value] for value in set(first) | set(second)) / total**2
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def main() -> None:
    one, two = read_pass("pass1.tsv"), read_pass("pass2.tsv")
    settled, periods = read_settled()
    keys = sorted(settled)
    assert set(one) == set(two) == set(settled), "both passes must cover every item"
    print("| field | pass 1 = pass 2 | Cohen's κ |\n|---|---|---|")
    for field in FIELDS:
        a = [one[k][field] for k in keys]
        b = [two[k][field] for k in keys]
        same = sum(x == y for x, y in zip(a, b))
        print(f"| {field} | {same}/{len(keys)} = {same / len(keys):.1%} | {kappa(a, b):.3f} |")
    for category in CATEGORIES:
        a = [str(category in categories(one[k], periods[k])) for k in keys]
        b = [str(category in categories(two[k], periods[k])) for k in keys]
        same = sum(x == y for x, y in zip(a, b))
        print(f"| category `{category}` | {same}/{len(keys)} = {same / len(keys):.1%} | {kappa(a, b):.3f} |")
    differ = [k for k in keys if any(one[k][f] != two[k][f] for f in FIELDS)]
    print(f"\nitems where the passes differ: {len(differ)}")
    for k in differ:
        changes = ", ".join(f"{f} {one[k][f]}/{two[k][f]}" for f in FIELDS if one[k][f] != two[k][f])
        print(f"  {k}: {changes}")
    for name, labels in (("pass 1", one), ("pass 2", two)):
        off = [k for k in keys if any(labels[k][f] != settled[k][f] for f in FIELDS)]
        print(f"settled labels differing from {name}: {len(off)} {' '.join(off)}")


if __name__ == "__main__":
    main()
