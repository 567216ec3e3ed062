"""Agreement between the labelling passes of tests/data/blind2, and with the settled labels.

Run from anywhere: python tests/data/blind2/labelling/agreement.py
Prints, per guideline field and per rubric category, plain agreement and Cohen's kappa between
pass 1 and pass 2 (one author), the items where they differ, and how many settled labels (the YAML
files) differ from each pass. Then the same figures, overall and per language, between the
independent pass 3 (a second labeller, `pass3_independent.tsv`) and the settled labels, both as they
stood before the adjudication of pass 3 (rebuilt from `adjudication.tsv`) and as they stand now.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SET = HERE.parent
sys.path.insert(0, str(SET.parents[2]))

from tests.blind_sets import cohen_kappa  # noqa: E402
from tests.guideline_labels import CATEGORIES, guideline_labels  # noqa: E402

LANGS = ("en", "da", "sv", "de", "fi", "hu")
FIELDS = ("kind", "measurable", "baseline", "deadline")
INDEPENDENT = "pass3_independent.tsv"
ADJUDICATION = "adjudication.tsv"


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


def read_adjudication() -> list[dict[str, str]]:
    """The adjudication log of pass 3 against the settled labels (empty before it exists)."""
    path = HERE / ADJUDICATION
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def before_adjudication(settled: dict[str, dict[str, str]], log: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """The settled labels as they were before the log's changes were applied to the YAML files."""
    before = {key: dict(fields) for key, fields in settled.items()}
    for row in log:
        if row["decision"].startswith("changed"):
            before[row["id"]][row["field"]] = row["settled"]
    return before


def agreement_cell(first: list[str], second: list[str]) -> str:
    same = sum(x == y for x, y in zip(first, second))
    return f"{same / len(first):.1%} κ {cohen_kappa(first, second):.3f}"


def agreement_by_language(
    title: str,
    first: dict[str, dict[str, str]],
    second: dict[str, dict[str, str]],
    periods: dict[str, str | None],
) -> None:
    """One table: per field and per rubric category, agreement and κ overall and per language."""
    keys = sorted(second)
    groups = [("all", keys)] + [(lang, [k for k in keys if k.startswith(f"{lang}-")]) for lang in LANGS]
    print(f"\n{title}\n")
    print("| field | " + " | ".join(f"{name} (n={len(group)})" for name, group in groups) + " |")
    print("|---" * (len(groups) + 1) + "|")
    for field in FIELDS:
        cells = [agreement_cell([first[k][field] for k in group], [second[k][field] for k in group]) for _, group in groups]
        print(f"| {field} | " + " | ".join(cells) + " |")
    for category in CATEGORIES:
        cells = []
        for _, group in groups:
            a = [str(category in guideline_labels(first[k], periods[k])) for k in group]
            b = [str(category in guideline_labels(second[k], periods[k])) for k in group]
            cells.append(agreement_cell(a, b))
        print(f"| category `{category}` | " + " | ".join(cells) + " |")
    differ = [k for k in keys if any(first[k][f] != second[k][f] for f in FIELDS)]
    print(f"\nitems that differ: {len(differ)}")
    for k in differ:
        changes = ", ".join(f"{f} {second[k][f]}/{first[k][f]}" for f in FIELDS if first[k][f] != second[k][f])
        print(f"  {k}: {changes} (settled/independent)")


def independent_pass(settled: dict[str, dict[str, str]], periods: dict[str, str | None]) -> None:
    """Pass 3 against the settled labels, before and after its adjudication, and the changes made."""
    if not (HERE / INDEPENDENT).exists():
        return
    three = read_pass(INDEPENDENT)
    assert set(three) == set(settled), "pass 3 must cover every item"
    log = read_adjudication()
    before = before_adjudication(settled, log)
    agreement_by_language("Pass 3 (independent) against the settled labels before adjudication:", three, before, periods)
    agreement_by_language("Pass 3 (independent) against the settled labels after adjudication:", three, settled, periods)
    changed = Counter((row["field"], row["id"].split("-")[0]) for row in log if row["decision"].startswith("changed"))
    print(f"\nadjudication: {len(log)} differences, {sum(changed.values())} settled labels changed")
    for field in FIELDS:
        per_lang = ", ".join(f"{lang} {changed[field, lang]}" for lang in LANGS)
        print(f"  {field}: {sum(changed[field, lang] for lang in LANGS)} ({per_lang})")


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
    independent_pass(settled, periods)


if __name__ == "__main__":
    main()
