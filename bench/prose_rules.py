"""How often the rules that keep junk out fire on text people really write (false positives), and
how much junk they catch (recall).

Rules measured: OKR250 not-a-key-result, OKR106 not-an-objective, OKR204 target-only-in-field.

Usage:
    python bench/prose_rules.py            # table of figures
    python bench/prose_rules.py --show     # also every hit on the normal sets (each one is a false positive)

Normal text (every hit is a false positive):
- ../shared/data/real-okrs-dev.jsonl: 715 key results real organisations published (en, de), with
  their objectives; read at run time, never copied;
- tests/data/labelled and tests/data/holdout: the project's labelled key results in six languages;
- the workshop example library's good and flawed sets (six languages).

Junk (every miss is a false negative): the replies of small local models recorded in
tests/cassettes (SmolLM2-135M and Gemma 3 270M behind llama-server and llama-cpp-python), and the
rules' own fail examples are not counted here (they are tests).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any, Iterator

import yaml

from okrcoach.language_data import bundled_languages
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric

LANGUAGES = tuple(bundled_languages())  # the languages okrcoach ships, from the lexicon files

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "real-okrs-dev.jsonl"
CODES = {"OKR250": "key_result", "OKR106": "objective", "OKR204": "key_result"}


def real_corpus() -> Iterator[tuple[str, str, OkrSet]]:
    if not CORPUS.is_file():
        return
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        language = row.get("lang") if row.get("lang") in LANGUAGES else "en"
        yield "real-okrs-dev", language, OkrSet(language=language, objectives=[Objective(title=row.get("objective") or "", key_results=[KeyResult(text=row["key_result"])])])


def labelled() -> Iterator[tuple[str, str, OkrSet]]:
    fields = ("baseline", "target", "unit", "deadline", "guardrail", "direction", "metric")
    for folder in ("labelled", "holdout"):
        for path in sorted((REPO / "tests" / "data" / folder).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            language = data["language"]
            for item in data["items"]:
                kr = KeyResult(text=item["kr"], **{k: item[k] for k in fields if k in item})
                yield f"tests/data/{folder}", language, OkrSet(language=language, period=item.get("period"), objectives=[Objective(title=item.get("objective") or "Objective", key_results=[kr])])


def library() -> Iterator[tuple[str, str, OkrSet]]:
    from okrcoach.workshop.library import load_library

    for function in load_library().values():
        for example in function.sets:
            objectives = [Objective(title=o.title, key_results=[KeyResult(text=t) for t in o.key_results]) for o in example.objectives]
            yield "workshop library", example.language, OkrSet(language=example.language, objectives=objectives)


def recorded_junk() -> Iterator[tuple[str, str, OkrSet]]:
    """Drafts the small models returned, as okrcoach read them, from the recorded cassettes (without
    a period, so OKR210 no-time-frame fires on each; the brief checks, which flag invented numbers in
    a real draft, are not part of this count)."""
    from okrcoach.drafting.responses import DraftedOkrSet

    for path in sorted((REPO / "tests" / "cassettes").glob("*.json.gz")):
        cassette = json.loads(gzip.decompress(path.read_bytes()))
        language = cassette.get("language", "en")
        for exchange in cassette["exchanges"]:
            text = exchange.get("reply_text") or ""
            if "objectives" not in text:
                continue
            try:
                draft = DraftedOkrSet.model_validate_json(text)
            except Exception:  # noqa: BLE001 - unreadable replies are not drafts
                continue
            objectives = [Objective(title=o.title, key_results=[KeyResult(text=k.text, target=k.target, metric=k.metric) for k in o.key_results]) for o in draft.objectives]
            if objectives:
                yield f"cassette {path.name}", language, OkrSet(language=language, objectives=objectives)


def count(linter: Linter, sets: Iterator[tuple[str, str, OkrSet]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    table: dict[str, dict[str, Any]] = {}
    hits: list[str] = []
    for source, language, okr_set in sets:
        row = table.setdefault(source, {"key_results": 0, "objectives": 0, **{code: 0 for code in CODES}, "any_kr": 0, "any_objective": 0, "any_rule": 0})
        row["objectives"] += len(okr_set.objectives)
        row["key_results"] += okr_set.key_result_count()
        everything = linter.lint(okr_set, source, language)
        row["any_rule"] += len({(f.objective_index, f.key_result_index) for f in everything if f.key_result_index is not None and f.level.value != "info" and f.code != "OKR210"})
        findings = [f for f in everything if f.code in CODES]
        flagged_krs = {(f.objective_index, f.key_result_index) for f in findings if f.key_result_index is not None}
        flagged_objectives = {f.objective_index for f in findings if f.code == "OKR106"}
        row["any_kr"] += len(flagged_krs)
        row["any_objective"] += len(flagged_objectives)
        for f in findings:
            row[f.code] += 1
            hits.append(f"{source} [{language}] {f.code}: {f.evidence or f.message}")
    return table, hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list every hit")
    args = parser.parse_args(argv)
    linter = Linter(load_rubric(bundled_dir("rubrics")))
    print("Normal text: every hit is a false positive")
    normal, normal_hits = count(linter, _chain(real_corpus(), labelled(), library()))
    _print(normal)
    print("\nRecorded junk from small local models: hits are true positives")
    junk, junk_hits = count(linter, recorded_junk())
    _print(junk)
    if args.show:
        print("\nHits on normal text:")
        for hit in normal_hits:
            print("  " + hit)
        print("\nHits on recorded junk:")
        for hit in junk_hits:
            print("  " + hit)
    return 0


def _chain(*iterators):
    for iterator in iterators:
        yield from iterator


def _print(table: dict[str, dict[str, Any]]) -> None:
    if not table:
        print("  (no data)")
        return
    print(f"  {'source':<48}{'KRs':>6}{'objs':>6}{'OKR250':>8}{'OKR204':>8}{'OKR106':>8}   KRs flagged   objectives flagged   KRs with any warning (OKR210 aside)")
    for source, row in table.items():
        kr_rate = row["any_kr"] / row["key_results"] if row["key_results"] else 0.0
        obj_rate = row["any_objective"] / row["objectives"] if row["objectives"] else 0.0
        print(
            f"  {source[:48]:<48}{row['key_results']:>6}{row['objectives']:>6}{row['OKR250']:>8}{row['OKR204']:>8}{row['OKR106']:>8}   {row['any_kr']:>4} ({kr_rate:.1%})   {row['any_objective']:>4} ({obj_rate:.1%})   {row['any_rule']:>4}"
        )


if __name__ == "__main__":
    sys.exit(main())
