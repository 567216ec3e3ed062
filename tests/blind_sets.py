"""Reading the blind evaluation sets (tests/data/blind2, blind3, blind4) for their format tests.

Each set is one `<lang>.yaml` per language, a README whose source table lists every source document
with its language, period and size, and `labelling/pass1.tsv` and `pass2.tsv` with the two labelling
passes. The format tests read the files only; they never run the rubric on a set.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import yaml

LANGS = ("en", "da", "sv", "de", "fi", "hu")
ITEMS_PER_LANG = 60
REQUIRED = {"objective", "kr", "source", "labels", "guideline"}
ALLOWED = REQUIRED | {"period", "note"}
GUIDELINE_VALUES = {
    "kind": {"outcome", "output", "activity", "kpi", "unsure"},
    "measurable": {"yes", "no", "unsure"},
    "baseline": {"yes", "no"},
    "deadline": {"yes", "no"},
}
SOURCE_ROW = re.compile(r"^\| `(?P<source>[a-z0-9-]+)` \| (?P<lang>[a-z]{2}) \| (?P<period>[^|]+?) \| (?P<items>\d+) \|")
TIME_FRAME_IN_OBJECTIVE = re.compile(r"\b(19|20)\d\d\b|\bQ[1-4]\b|\bH[12]\b")


def load_items(set_dir: Path, lang: str) -> list[dict]:
    """The items of one language file of a set, as `yaml.safe_load` reads them."""
    return yaml.safe_load((set_dir / f"{lang}.yaml").read_text(encoding="utf-8"))


def readme_sources(set_dir: Path) -> dict[str, dict[str, str]]:
    """The rows of the set README's source table, by source name."""
    rows = {}
    for line in (set_dir / "README.md").read_text(encoding="utf-8").splitlines():
        match = SOURCE_ROW.match(line)
        if match:
            rows[match["source"]] = match.groupdict()
    return rows


def read_pass(set_dir: Path, name: str) -> dict[str, dict[str, str]]:
    """One labelling pass (`labelling/<name>`, tab-separated), by item id (`<lang>-<NN>`)."""
    with (set_dir / "labelling" / name).open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}


def read_rows(set_dir: Path, name: str) -> list[dict[str, str]]:
    """The rows of a tab-separated file under `labelling/` (e.g. an adjudication log), in order."""
    with (set_dir / "labelling" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa of two labellings of the same items (1.0 where chance agreement is total)."""
    total = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / total
    left, right = Counter(first), Counter(second)
    expected = sum(left[value] * right[value] for value in set(left) | set(right)) / total**2
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)
