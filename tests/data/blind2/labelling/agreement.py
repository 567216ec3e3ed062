"""Agreement between the labelling passes of tests/data/blind2, and with the settled labels.

Run from anywhere: python tests/data/blind2/labelling/agreement.py
Prints, per guideline field and per rubric category, plain agreement and Cohen's kappa between
pass 1 and pass 2 (one author), the items where they differ, and how many settled labels (the YAML
files) differ from each pass. Then the same figures, overall and per language, between the
independent pass 3 (a second labeller, `pass3_independent.tsv`) and the settled labels, both as they
stood before the adjudication of pass 3 (rebuilt from `adjudication.tsv`) and as they stand now.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SET = HERE.parent
sys.path.insert(0, str(SET.parents[2]))

from tests.blind_sets import FIELDS, cohen_kappa, print_independent_pass, read_pass, settled_labels  # noqa: E402
from tests.guideline_labels import CATEGORIES, guideline_labels  # noqa: E402


def main() -> None:
    one, two = read_pass(SET, "pass1.tsv"), read_pass(SET, "pass2.tsv")
    settled, periods = settled_labels(SET)
    keys = sorted(settled)
    assert set(one) == set(two) == set(settled), "both passes must cover every item"
    print("| field | pass 1 = pass 2 | Cohen's κ |\n|---|---|---|")
    for field in FIELDS:
        a = [one[k][field] for k in keys]
        b = [two[k][field] for k in keys]
        same = sum(x == y for x, y in zip(a, b))
        print(f"| {field} | {same}/{len(keys)} = {same / len(keys):.1%} | {cohen_kappa(a, b):.3f} |")
    for category in CATEGORIES:
        a = [str(category in guideline_labels(one[k], periods[k])) for k in keys]
        b = [str(category in guideline_labels(two[k], periods[k])) for k in keys]
        same = sum(x == y for x, y in zip(a, b))
        print(f"| category `{category}` | {same}/{len(keys)} = {same / len(keys):.1%} | {cohen_kappa(a, b):.3f} |")
    differ = [k for k in keys if any(one[k][f] != two[k][f] for f in FIELDS)]
    print(f"\nitems where the passes differ: {len(differ)}")
    for k in differ:
        changes = ", ".join(f"{f} {one[k][f]}/{two[k][f]}" for f in FIELDS if one[k][f] != two[k][f])
        print(f"  {k}: {changes}")
    for name, labels in (("pass 1", one), ("pass 2", two)):
        off = [k for k in keys if any(labels[k][f] != settled[k][f] for f in FIELDS)]
        print(f"settled labels differing from {name}: {len(off)} {' '.join(off)}")
    print_independent_pass(SET, settled, periods)


if __name__ == "__main__":
    main()
