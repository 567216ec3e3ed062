"""Word 4-grams the blind3 set shares with other text, printed as counts and the shared 4-grams only.

Run from the repository root: `python tests/data/blind3/labelling/overlap.py [../shared/data/real-okrs-dev.jsonl]`.
It compares this set's objectives and key results (lower-cased `\\w+` tokens) with the development data
and with the earlier blind sets, and never prints a sentence of any of them.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[2]
LANGS = ("en", "da", "sv", "de", "fi", "hu")
WORD = re.compile(r"\w+")


def grams(text: str) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def set_texts(name: str) -> dict[str, list[str]]:
    texts = {}
    for lang in LANGS:
        for number, item in enumerate(yaml.safe_load((DATA / name / f"{lang}.yaml").read_text(encoding="utf-8")), 1):
            texts[f"{lang}-{number:02d}"] = [item["objective"], item["kr"]]
    return texts


def compare(ours: dict[str, list[str]], label: str, theirs: list[str]) -> None:
    their_grams = set().union(*(grams(text) for text in theirs))
    their_texts = {text.strip().lower() for text in theirs}
    shared = defaultdict(set)
    identical = 0
    for key, texts in ours.items():
        identical += any(text.strip().lower() in their_texts for text in texts[1:])
        for text in texts:
            for gram in grams(text) & their_grams:
                shared[" ".join(gram)].add(key)
    items = set().union(*shared.values()) if shared else set()
    print(f"{label}: {len(shared)} shared 4-grams touching {len(items)} items; {identical} identical key results")
    for gram, keys in sorted(shared.items()):
        print(f"  {gram!r}: {', '.join(sorted(keys))}")


def main() -> None:
    ours = set_texts("blind3")
    dev = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/real-okrs-dev.jsonl")
    if dev.exists():
        rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
        compare(ours, "development data", [row.get(key) or "" for row in rows for key in ("objective", "key_result")])
    for other in ("blind2", "blind"):
        if (DATA / other).exists():
            compare(ours, other, [text for texts in set_texts(other).values() for text in texts])


if __name__ == "__main__":
    main()
