"""Evidence for choosing a morphology tool: cold-start cost and what a stemmer would add.

Usage:
    pip install simplemma PyStemmer        # not dependencies of okrcoach; only this bench uses them
    python bench/morphology_tools.py

Prints, per tool and language, the import time and the cost of the first and of later words, and
the precision/recall of the core categories on every set (tuned and untouched part) with and
without a Snowball stem fallback for head verbs (a word whose stem equals a listed verb's stem
is taken for that verb), plus the words the fallback took for verbs, to read.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rubric_accuracy as ra
from okrcoach.rubric import analysis
from okrcoach.rubric.analysis import VERB_CLASSES, Head

SNOWBALL = {"en": "english", "da": "danish", "sv": "swedish", "de": "german", "fi": "finnish", "hu": "hungarian"}
SAMPLE = {"en": "tracked", "da": "kundetilfredsheden", "sv": "kundnöjdheten", "de": "Kundenzufriedenheit", "fi": "asiakaspoistumaa", "hu": "lemorzsolódást"}


def cold_costs() -> None:
    for tool, code in (
        (
            "simplemma",
            "import time,simplemma as s;t=time.perf_counter();s.lemmatize({w!r},lang={l!r});a=time.perf_counter()-t;t=time.perf_counter();s.lemmatize({w!r},lang={l!r});print(a*1000,(time.perf_counter()-t)*1e6)",
        ),
        (
            "PyStemmer",
            "import time,Stemmer;t=time.perf_counter();s=Stemmer.Stemmer({a!r});s.stemWord({w!r});a=time.perf_counter()-t;t=time.perf_counter();s.stemWord({w!r});print(a*1000,(time.perf_counter()-t)*1e6)",
        ),
    ):
        module = "simplemma" if tool == "simplemma" else "Stemmer"
        start = time.perf_counter()
        ok = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0
        if not ok:
            print(f"{tool}: not installed (pip install {tool})")
            continue
        imported = (time.perf_counter() - start) * 1000
        print(f"{tool}: a fresh interpreter that imports it takes {imported:.0f} ms")
        for lang, word in SAMPLE.items():
            out = subprocess.run([sys.executable, "-c", code.format(w=word, l=lang, a=SNOWBALL[lang])], capture_output=True, text=True).stdout.split()
            if out:
                print(f"  {lang}: first word {float(out[0]):.1f} ms (loading), then {float(out[1]):.1f} µs a word")


def stem_fallback():
    import Stemmer

    tables = {}
    for lang, algorithm in SNOWBALL.items():
        data = yaml.safe_load((ra.ROOT / "rubrics" / "lexicons" / f"{lang}.yaml").read_text(encoding="utf-8"))
        stemmer = Stemmer.Stemmer(algorithm)
        table: dict[str, set[str]] = {}
        for name in VERB_CLASSES:
            for entry in (data.get("classes") or {}).get(name) or []:
                entry = str(entry).strip().lower()
                if not (entry.startswith("*") or entry.endswith("*") or " " in entry):
                    table.setdefault(stemmer.stemWord(entry.lstrip("=")), set()).add(name)
        tables[lang] = (stemmer, table)
    original = analysis.TextFacts._verb_at
    taken: list[str] = []

    def verb_at(self, pos):
        head = original(self, pos)
        if head is not None:
            return head
        m = re.match(r"[^\W\d_][\w\-']*", self.masked[pos:])
        if not m:
            return None
        stemmer, table = tables[self.lexicon.language]
        classes = table.get(stemmer.stemWord(m.group()))
        if not classes:
            return None
        taken.append(f"{self.lexicon.language}:{self.text[pos : pos + m.end()]}")
        return Head(pos, pos + m.end(), self.text[pos : pos + m.end()], frozenset(classes))

    return original, verb_at, taken


def figures(label: str) -> None:
    linter = ra.Linter(ra.load_rubric(ra.bundled_dir("rubrics")))
    for name in ra.SETS:
        items = ra.items_of(name)
        result = ra.evaluate(items, linter)
        for part in ra.PARTS:
            part_items = [i for i in items if i.part == part]
            if not part_items:
                continue
            row = ra.figures(result["counts"], part, sorted({i.language for i in part_items}))["all"]
            cells = "  ".join(f"{c} {ra._fmt(row[c]['precision'])}/{ra._fmt(row[c]['recall'])}" for c in ra.CORE)
            print(f"  {label:<14} {name:<9} {part:<9} {cells}")


def main() -> int:
    cold_costs()
    print("\nprecision/recall, all languages:")
    figures("lists only")
    try:
        original, verb_at, taken = stem_fallback()
    except ImportError:
        print("PyStemmer is not installed: no stem fallback figures")
        return 0
    analysis.TextFacts._verb_at = verb_at
    try:
        figures("+ stem verbs")
    finally:
        analysis.TextFacts._verb_at = original
    print(f"\nwords the stem fallback took for verbs ({len(taken)}): " + ", ".join(sorted(set(taken))[:60]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
