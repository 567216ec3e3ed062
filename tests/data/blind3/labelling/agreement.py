"""Agreement between the two labelling passes of the blind3 set, and between each pass and the settled labels.

Run from the repository root: `python tests/data/blind3/labelling/agreement.py`. It prints, per guideline
field and per rubric category (through the guideline's mapping), how often pass 1 and pass 2 agree and
Cohen's kappa, then the items where they differ (ids and field values only, never sentences). Then the
same figures, overall and per language, between the independent pass 3 (a second labeller,
`pass3_independent.tsv`) and the settled labels, both as they stood before the adjudication of pass 3
(rebuilt from `adjudication.tsv`) and as they stand now, and how many settled labels it changed.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from tests.blind_sets import cohen_kappa, print_independent_pass, settled_labels  # noqa: E402
from tests.guideline_labels import CATEGORIES, guideline_labels  # noqa: E402

SET_DIR = Path(__file__).resolve().parents[1]
LANGS = ("en", "da", "sv", "de", "fi", "hu")
FIELDS = ("kind", "measurable", "baseline", "deadline")


def read_pass(name: str) -> dict[str, dict[str, str]]:
    with (SET_DIR / "labelling" / name).open(encoding="utf-8") as handle:
        return {row["id"]: {field: row[field] for field in FIELDS} for row in csv.DictReader(handle, delimiter="\t")}


def report(name: str, first: list[str], second: list[str]) -> None:
    same = sum(a == b for a, b in zip(first, second))
    print(f"| {name} | {same}/{len(first)} = {same / len(first):.1%} | {cohen_kappa(first, second):.3f} |")


def compare(title: str, left: dict[str, dict[str, str]], right: dict[str, dict[str, str]], periods: dict[str, str | None]) -> None:
    ids = sorted(periods)
    print(f"\n| field | {title} | Cohen's κ |\n|---|---|---|")
    for field in FIELDS:
        report(field, [left[key][field] for key in ids], [right[key][field] for key in ids])
    for category in CATEGORIES:
        found = [[str(category in guideline_labels(side[key], periods[key])) for key in ids] for side in (left, right)]
        report(f"category `{category}`", *found)


def main() -> None:
    one, two = read_pass("pass1.tsv"), read_pass("pass2.tsv")
    settled_fields, periods = settled_labels(SET_DIR)
    assert set(one) == set(two) == set(settled_fields), "both passes must cover the set"
    compare("pass 1 = pass 2", one, two, periods)
    compare("pass 2 = settled", two, settled_fields, periods)
    differing = [key for key in sorted(settled_fields) if one[key] != two[key]]
    print(f"\n{len(differing)} items differ between the passes:")
    for key in differing:
        changed = {field: (one[key][field], two[key][field]) for field in FIELDS if one[key][field] != two[key][field]}
        print(f"  {key}: {changed}; settled {[settled_fields[key][field] for field in changed]}")
    print_independent_pass(SET_DIR, settled_fields, periods)


if __name__ == "__main__":
    main()
