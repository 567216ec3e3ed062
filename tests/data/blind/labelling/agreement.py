"""Agreement between the two labelling passes of the blind set, and of each with the settled labels.

Run from the checkout: ``python tests/data/blind/labelling/agreement.py``. It prints, per guideline
field and per rubric category, how often pass 1 and pass 2 agree, Cohen's kappa where it is defined,
and every item where they differ. Items are keyed ``<lang>-<NN>``, NN being the item's 1-based
position in ``tests/data/blind/<lang>.yaml``.

It reads only this set's own files; it never runs the rubric.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SET = HERE.parent
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
FIELDS = ("kind", "measurable", "baseline", "deadline")
CATEGORIES = ("measurable", "outcome", "kpi", "baseline", "time-bound")


def read_pass(name: str) -> dict[str, dict[str, str]]:
    """One labelling pass: item id -> the guideline's four fields."""
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return {row["id"]: {f: row[f] for f in FIELDS} for row in csv.DictReader(handle, delimiter="\t")}


def read_set() -> dict[str, dict]:
    """The settled set: item id -> its YAML item."""
    items: dict[str, dict] = {}
    for lang in LANGUAGES:
        data = yaml.safe_load((SET / f"{lang}.yaml").read_text(encoding="utf-8"))
        for n, item in enumerate(data, start=1):
            items[f"{lang}-{n:02d}"] = item
    return items


def categories(label: dict[str, str], has_period: bool) -> set[str]:
    """The rubric categories a label implies, by the mapping at the end of the guideline."""
    found = set()
    if label["measurable"] == "no":
        found.add("measurable")
    if label["kind"] in ("activity", "output"):
        found.add("outcome")
    if label["kind"] == "kpi":
        found.add("kpi")
    if label["measurable"] == "yes" and label["kind"] == "outcome" and label["baseline"] == "no":
        found.add("baseline")
    if label["deadline"] == "no" and not has_period:
        found.add("time-bound")
    return found


def kappa(a: list[str], b: list[str]) -> float | None:
    """Cohen's kappa of two label lists; None when chance agreement is total."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def report(name: str, first: dict, second: dict, periods: dict[str, bool]) -> None:
    ids = sorted(first)
    print(f"\n{name} ({len(ids)} items)")
    for field in FIELDS:
        a = [first[i][field] for i in ids]
        b = [second[i][field] for i in ids]
        k = kappa(a, b)
        agree = sum(x == y for x, y in zip(a, b))
        print(f"  {field:<12} {agree}/{len(ids)} = {agree / len(ids):.1%}  kappa {'n/a' if k is None else f'{k:.3f}'}")
    for cat in CATEGORIES:
        a = [str(cat in categories(first[i], periods[i])) for i in ids]
        b = [str(cat in categories(second[i], periods[i])) for i in ids]
        agree = sum(x == y for x, y in zip(a, b))
        k = kappa(a, b)
        print(f"  {'[' + cat + ']':<12} {agree}/{len(ids)} = {agree / len(ids):.1%}  kappa {'n/a' if k is None else f'{k:.3f}'}")
    for i in ids:
        diff = {f: (first[i][f], second[i][f]) for f in FIELDS if first[i][f] != second[i][f]}
        if diff:
            print(f"  differs: {i} {diff}")


def main() -> None:
    items = read_set()
    settled = {i: {f: str(item["guideline"][f]) for f in FIELDS} for i, item in items.items()}
    periods = {i: bool(item.get("period")) for i, item in items.items()}
    first, second = read_pass("pass1.tsv"), read_pass("pass2.tsv")
    assert set(first) == set(second) == set(items), "passes and set cover different items"
    report("pass 1 vs pass 2", first, second, periods)
    report("pass 1 vs settled", first, settled, periods)
    report("pass 2 vs settled", second, settled, periods)


if __name__ == "__main__":
    main()
