"""Whether two okrcoach checkouts give identical findings on every input at hand.

Usage:
    git archive <commit> | tar -x -C /tmp/base
    python bench/findings_equivalence.py --baseline-src /tmp/base/src            # all inputs
    python bench/findings_equivalence.py --baseline-src /tmp/base/src --mutations 20000

A change that only makes judging faster must not change one finding. Both checkouts lint the
same inputs, each in its own process, and every finding (code, line, place, level, message, fix,
evidence) is compared:

- every rule's pass/fail examples, every OKR file under `examples/` and `tests/`, and the export
  corpus (`tests/data/exports`: files as Notion, Confluence, Google Docs and Excel write them);
- the labelled, holdout and blind sets (blind, blind2, blind3, blind4; `tests/data`), item by item, as the accuracy bench builds
  them (the blind set's sentences are never printed);
- the 715 real key results (`../shared/data/real-okrs-dev.jsonl`, read at run time when present);
- the throughput bench's generated sets (`bench/lint_speed.py`);
- random mutations of all of those texts (words dropped, swapped, repeated or borrowed from the
  lexicons, numbers and dates inserted, case, spacing, dashes and labels changed, texts joined),
  in sets of one to six key results with and without a period, declared language or fields.

Prints how many inputs and findings were compared and each difference; exits 1 on any.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
REAL = ROOT.parent / "shared" / "data" / "real-okrs-dev.jsonl"
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
OKR_SUFFIXES = (".yaml", ".yml", ".md", ".json", ".csv", ".tsv", ".txt")
KR_FIELDS = ("baseline", "target", "unit", "deadline", "guardrail", "direction", "metric")


# -- inputs (plain data, built once, the same for both checkouts) -------------------------------------


def _file_inputs() -> list[dict[str, Any]]:
    items = []
    folders = [ROOT / "examples", ROOT / "tests"]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in OKR_SUFFIXES or "cassettes" in path.parts:
                continue
            if path.name.endswith(".expected.yaml") or path.parent.name in _SETS or path.name == "split.yaml":
                continue
            data = path.read_bytes()
            if len(data) > 200_000:
                continue
            items.append({"kind": "file", "id": f"file:{path.relative_to(ROOT)}", "name": path.name, "data": base64.b64encode(data).decode()})
    return items


# The labelled sets, read item by item as the accuracy bench builds them (absent ones are skipped).
_SETS = ("labelled", "holdout", "blind", "blind2", "blind3", "blind4")


def _labelled_inputs() -> list[dict[str, Any]]:
    import yaml

    items = []
    for name in _SETS:
        for path in sorted((DATA / name).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            rows = data["items"] if isinstance(data, dict) else data
            for n, raw in enumerate(rows):
                kr = {"text": raw["kr"], **{k: raw[k] for k in KR_FIELDS if k in raw}}
                for key, value in list(kr.items()):
                    if hasattr(value, "isoformat"):
                        kr[key] = value.isoformat()
                period = raw.get("period")
                items.append(
                    {
                        "kind": "set",
                        "id": f"{name}:{path.stem}:{n}",
                        "private": name.startswith("blind"),
                        "set": {
                            "language": path.stem,
                            "period": str(period) if period is not None else None,
                            "objectives": [{"title": raw.get("objective") or "", "kind": raw.get("objective_kind"), "key_results": [kr]}],
                        },
                    }
                )
    return items


def _real_inputs() -> list[dict[str, Any]]:
    if not REAL.is_file():
        return []
    items = []
    for n, line in enumerate(REAL.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            row = json.loads(line)
            okr_set = {"language": row["lang"], "period": None, "objectives": [{"title": row.get("objective") or "", "key_results": [{"text": row["key_result"]}]}]}
            items.append({"kind": "set", "id": f"real:{n}", "private": True, "set": okr_set})
    return items


def _generated_inputs() -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "bench"))
    import lint_speed

    items = []
    for language in LANGUAGES:
        rng = random.Random(f"generated-{language}")
        for n in range(25):
            data = lint_speed.make_set_data(language, 5, 4, rng)
            objectives = [{"title": o["title"], "key_results": [{"text": kr} for kr in o["key_results"]]} for o in data["objectives"]]
            items.append({"kind": "set", "id": f"generated:{language}:{n}", "set": {"language": language, "period": data["period"], "objectives": objectives}})
    return items


def _lexicon_words() -> dict[str, list[str]]:
    """Entries of every word class and a few written forms, per language, as words to borrow."""
    import yaml

    words: dict[str, list[str]] = {}
    for path in sorted((ROOT / "rubrics" / "lexicons").glob("*.yaml")):
        if path.stem == "common":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found = []
        for entries in (data.get("classes") or {}).values():
            for entry in entries or []:
                word = str(entry).strip().strip("*=").strip()
                if word:
                    found.append(word)
        for key in ("subject_words", "stopwords", "determiners", "copulas", "prepositions"):
            found += [str(w) for w in data.get(key) or []]
        words[path.stem] = found
    return words


_INSERTS = [
    "3",
    "25 %",
    "12%",
    "from 10 to 20",
    "fra 78 % til 88 %",
    "8 % → 12 %",
    "2027",
    "Q3",
    "Q2 2026",
    "by 31 December 2027",
    "31.03.2027",
    "2027-06-30",
    "€ 40 000",
    "1,200",
    "x",
    "N5",
    "TBD",
    "???",
    "10k",
    "#1234",
    "(@jane)",
    "✅",
    "v2.0",
    "ISO 27001",
    "weekly",
    "every month",
    "at least",
    "100 %",
    "twice",
    "-",
    ":",
    "und",
    "og",
    "és",
    "ja",
]
_LABELS = ["Tech: ", "[Ops] ", "KR 1.2 – ", "Search: Better results. ", "Q1: ", "Sales & marketing: "]
_SPACES = [" ", "\u00a0", "  ", "\t", " - ", " – ", ", ", ". ", "? ", "\n"]


def mutate(text: str, pool: list[str], words: list[str], rng: random.Random) -> str:
    """One random change (sometimes several) to a text."""
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        tokens = text.split()
        choice = rng.randrange(12)
        if choice == 0 and len(tokens) > 1:
            del tokens[rng.randrange(len(tokens))]
        elif choice == 1 and len(tokens) > 1:
            i, j = rng.randrange(len(tokens)), rng.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif choice == 2 and tokens:
            i = rng.randrange(len(tokens))
            tokens.insert(i, tokens[i])
        elif choice in (3, 4) and words:
            tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(words))
        elif choice == 5:
            tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(_INSERTS))
        elif choice == 6:
            text = rng.choice((str.upper, str.lower, str.title, str.capitalize))(text)
            continue
        elif choice == 7:
            text = rng.choice(_LABELS) + text
            continue
        elif choice == 8:
            text = text + rng.choice(_SPACES) + rng.choice(pool)
            continue
        elif choice == 9 and tokens:
            i = rng.randrange(len(tokens))
            word = tokens[i]
            if len(word) > 3:
                cut = rng.randrange(1, len(word))
                tokens[i] = rng.choice((word[:cut], word[:cut] + word[cut + 1 :], word[:cut] + "-" + word[cut:], word + rng.choice(("s", "en", "ed", "ing", "ja", "nak", "et", "er"))))
        elif choice == 10:
            return rng.choice(_SPACES).join(tokens)
        elif choice == 11 and tokens:
            i = rng.randrange(len(tokens))
            tokens[i] = rng.choice(("", "\u2019", "\u201c", "\u2013", "\x1b[2J", "\u200b", "é", "ő", "ø")).join((tokens[i][:1], tokens[i][1:]))
        text = " ".join(tokens)
    return text


def _mutation_inputs(sources: list[dict[str, Any]], count: int, seed: int) -> list[dict[str, Any]]:
    texts: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    titles: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for item in sources:
        if item["kind"] != "set":
            continue
        language = item["set"]["language"] if item["set"]["language"] in texts else "en"
        for objective in item["set"]["objectives"]:
            titles[language].append(objective["title"])
            texts[language] += [kr["text"] for kr in objective["key_results"]]
    words = _lexicon_words()
    everything = [t for group in texts.values() for t in group]
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    made = 0
    while made < count:
        language = rng.choice(LANGUAGES)
        pool = texts[language] or everything
        key_results = []
        for _ in range(rng.randint(1, 6)):
            source = rng.choice(pool if rng.random() < 0.85 else everything)
            kr: dict[str, Any] = {"text": mutate(source, pool, words.get(language, []), rng)}
            if rng.random() < 0.08:
                kr["target"] = rng.choice((10, 0.5, 100))
            if rng.random() < 0.05:
                kr["baseline"] = rng.choice((5, 200))
            if rng.random() < 0.03:
                kr["guardrail"] = True
            key_results.append(kr)
        made += len(key_results)
        title = mutate(rng.choice(titles[language] or ["Objective"]), pool, words.get(language, []), rng)
        period = rng.choice((None, "2027-Q1", "2026", "2027-H2", "FY27"))
        declared = language if rng.random() < 0.8 else None
        items.append({"kind": "set", "id": f"mutation:{len(items)}", "private": True, "set": {"language": declared, "period": period, "objectives": [{"title": title, "key_results": key_results}]}})
    return items


# -- the worker: lints every input with one checkout ----------------------------------------------------


def _finding_row(finding: Any) -> list:
    return [finding.path, finding.line, finding.code, finding.level.value, finding.target, finding.objective_index, finding.key_result_index, finding.message, finding.fix, finding.evidence]


def work(src: Path, root: Path, inputs: Path, output: Path) -> None:
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(src))
    import okrcoach

    assert Path(okrcoach.__file__).resolve().is_relative_to(src.resolve()), okrcoach.__file__
    from okrcoach.formats import read_bytes
    from okrcoach.linting import lint_result
    from okrcoach.model import KeyResult, Objective, OkrSet
    from okrcoach.paths import bundled_dir
    from okrcoach.rubric import Linter, load_rubric
    from tests.rule_examples import lint_example

    linter = Linter(load_rubric(bundled_dir("rubrics")))
    results: dict[str, Any] = {}
    for rule in linter.rubric.rules:
        for language, examples in rule.examples.items():
            for kind, group in (("fail", examples.fail), ("pass", examples.pass_)):
                for n, example in enumerate(group):
                    results[f"example:{rule.code}:{language}:{kind}:{n}"] = [_finding_row(f) for f in lint_example(example, rule.target, language, linter)]
    for item in json.loads(inputs.read_text(encoding="utf-8")):
        if item["kind"] == "file":
            report = lint_result(read_bytes(base64.b64decode(item["data"]), item["name"]), linter)
            results[item["id"]] = [_finding_row(f) for f in report.findings]
            continue
        data = item["set"]
        objectives = [Objective(title=o["title"], kind=o.get("kind"), key_results=[KeyResult(**kr) for kr in o["key_results"]]) for o in data["objectives"]]
        okr_set = OkrSet(language=data["language"], period=data["period"], objectives=objectives)
        results[item["id"]] = [_finding_row(f) for f in linter.lint(okr_set, "input")]
    output.write_text(json.dumps(results), encoding="utf-8")


def _run(src: Path, root: Path, inputs: Path, folder: Path, label: str) -> dict[str, Any]:
    output = folder / f"{label}.json"
    env = {**os.environ, "OKRCOACH_NO_CACHE": "1"}
    subprocess.run([sys.executable, __file__, "--worker", str(src), str(root), str(inputs), str(output)], check=True, env=env)
    return json.loads(output.read_text(encoding="utf-8"))


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, help="the src folder of the checkout to compare with")
    parser.add_argument("--mutations", type=int, default=10000, help="key results in mutated sets (default 10000)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--worker", nargs=4, metavar=("SRC", "ROOT", "INPUTS", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        work(*(Path(p) for p in args.worker))
        return 0
    if args.baseline_src is None:
        parser.error("--baseline-src is required")
    baseline = args.baseline_src.resolve()
    sources = _file_inputs() + _labelled_inputs() + _real_inputs() + _generated_inputs()
    inputs_list = sources + _mutation_inputs(sources, args.mutations, args.seed)
    private = {item["id"] for item in inputs_list if item.get("private")}
    texts = {item["id"]: item["set"] for item in inputs_list if item["kind"] == "set"}
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "inputs.json"
        inputs.write_text(json.dumps(inputs_list), encoding="utf-8")
        ours = _run(ROOT / "src", ROOT, inputs, Path(folder), "ours")
        theirs = _run(baseline, baseline.parent, inputs, Path(folder), "baseline")
    groups: dict[str, list[int]] = {}
    differences = 0
    for key in sorted(set(ours) | set(theirs)):
        group = key.split(":")[0]
        counts = groups.setdefault(group, [0, 0, 0])
        counts[0] += 1
        counts[1] += len(ours.get(key) or [])
        if ours.get(key) != theirs.get(key):
            counts[2] += 1
            differences += 1
            if differences <= 30:
                shown = "(text not shown)" if key.startswith(("blind", "real")) else json.dumps(texts.get(key), ensure_ascii=False)[:600]
                print(f"DIFFERENT {key}: {shown}")
                for row in ours.get(key) or []:
                    if row not in (theirs.get(key) or []):
                        print(f"   only here:     {row[2]} {row[9] if key not in private or key.startswith('mutation') else ''}")
                for row in theirs.get(key) or []:
                    if row not in (ours.get(key) or []):
                        print(f"   only baseline: {row[2]} {row[9] if key not in private or key.startswith('mutation') else ''}")
    key_results = sum(sum(len(o["key_results"]) for o in s["objectives"]) for s in texts.values())
    for group, (inputs_count, findings, different) in sorted(groups.items()):
        print(f"{group:<10} {inputs_count:6d} inputs {findings:7d} findings  {different} different")
    print(f"compared {len(ours)} inputs ({key_results} key results in sets, plus files and rule examples), {sum(g[1] for g in groups.values())} findings: {differences} different")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
