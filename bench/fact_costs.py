"""Where judging spends its time: each fact's own (exclusive) time, per language, on generated and
real key results, and optionally each lexicon class's search time.

Usage:
    python bench/fact_costs.py                          # every language, generated and real sets
    python bench/fact_costs.py --languages en,hu --top 15
    python bench/fact_costs.py --sets real --classes    # also the time of each lexicon class's searches

A fact (`okrcoach.rubric.analysis`) is computed once per text, on first use, through
`cached_property`; facts use other facts, so a fact's own time is its time minus the time of the
facts it asked for first (exclusive time). The bench wraps `cached_property.__get__` to measure that,
lints each set with the whole catalogue as `okrcoach lint` does (after one warm-up set, so patterns
are compiled), and prints per language: the wall time of the lint, the share spent in facts, and
the costliest facts with their number of computations and cost per key result. What is not in a fact
(the engine, language detection, findings, rule evaluation) is the rest.

With `--classes`, `Lexicon.search`, `finditer` and `match_at` are timed per class as well (a
class's time is also inside the facts that search it), with how many calls found something.

With `--counts`, a second lint of the same sets runs under `cProfile` and the bench prints what a
key result costs in calls: Python function calls, regex operations run (`search`, `match`,
`finditer`, `findall`, … of compiled patterns), lexicon questions (`Lexicon.search`, `finditer`,
`match_at`) and how many of those a token gate answered without its class's regex, and token index
passes (`TokenIndex`: one per text asked about more than once).

Generated sets are the throughput bench's (`bench/lint_speed.py`); real ones the 715 real key
results of ../shared/data, read at run time (skipped when absent), each in its set with its
objective. Figures are wall time on a shared machine: compare facts with each other in one run,
and compare runs only on a quiet machine. The timing wrappers add about a microsecond per fact and
per search, so absolute figures are higher than in `bench/lint_speed.py`.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lint_speed  # the throughput bench's sets and linter

LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")


def generated_sets(language: str, krs: int) -> list:
    """Sets of 5 objectives with 4 key results each, as the throughput bench makes them."""
    from okrcoach.formats import read_text

    rng = random.Random(5)
    sets = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(max(1, krs // 20)):
            path = Path(folder) / f"{index}.okr.yaml"
            lint_speed.write_yaml(lint_speed.make_set_data(language, 5, 4, rng), path)
            sets.append(read_text(path.read_text(encoding="utf-8"), str(path), "yaml").okr_set)
    return sets


class FactClock:
    """Exclusive time and count per fact while installed (`cached_property.__get__` wrapped)."""

    def __init__(self) -> None:
        from okrcoach.rubric import analysis

        self.analysis = analysis
        self.times: dict[str, list] = collections.defaultdict(lambda: [0, 0.0])
        self._stack: list[float] = []
        self._original = analysis.cached_property.__get__

    def install(self) -> None:
        clock = self
        counter = time.perf_counter

        def timed_get(prop, instance, owner=None):
            if instance is None:
                return prop
            started = counter()
            clock._stack.append(0.0)
            try:
                value = prop.func(instance)
            finally:
                elapsed = counter() - started
                children = clock._stack.pop()
                if clock._stack:
                    clock._stack[-1] += elapsed
                entry = clock.times[f"{type(instance).__name__}.{prop.name}"]
                entry[0] += 1
                entry[1] += elapsed - children
            instance.__dict__[prop.name] = value
            return value

        self.analysis.cached_property.__get__ = timed_get

    def remove(self) -> None:
        self.analysis.cached_property.__get__ = self._original


class ClassClock:
    """Time, calls and finds per lexicon class of `search`, `finditer` (consumed) and `match_at`."""

    METHODS = ("search", "finditer", "match_at")

    def __init__(self) -> None:
        from okrcoach.rubric.lexicon import Lexicon

        self.lexicon_type = Lexicon
        self.times: dict[tuple[str, str], list] = collections.defaultdict(lambda: [0, 0, 0.0])
        self._originals = {name: getattr(Lexicon, name) for name in self.METHODS}

    def install(self) -> None:
        counter = time.perf_counter

        def wrap(method: str, original):
            def timed(lexicon, name, text, *args):
                started = counter()
                result = original(lexicon, name, text, *args)
                if method == "finditer":
                    result = iter(list(result))
                    found = result.__length_hint__() > 0
                else:
                    found = result is not None
                entry = self.times[(method, name)]
                entry[0] += 1
                entry[1] += found
                entry[2] += counter() - started
                return result

            return timed

        for method, original in self._originals.items():
            setattr(self.lexicon_type, method, wrap(method, original))

    def remove(self) -> None:
        for method, original in self._originals.items():
            setattr(self.lexicon_type, method, original)


def measure(linter, sets: list, classes: bool) -> dict:
    """Lint `sets` once with the clocks installed; the figures."""
    key_results = sum(len(objective.key_results) for okr_set in sets for objective in okr_set.objectives)
    facts = FactClock()
    lexicon_classes = ClassClock() if classes else None
    linter.lint(sets[0], "warm-up")
    facts.install()
    if lexicon_classes:
        lexicon_classes.install()
    try:
        started = time.perf_counter()
        for okr_set in sets:
            linter.lint(okr_set, "bench")
        elapsed = time.perf_counter() - started
    finally:
        facts.remove()
        if lexicon_classes:
            lexicon_classes.remove()
    return {"key_results": key_results, "seconds": elapsed, "facts": dict(facts.times), "classes": dict(lexicon_classes.times) if lexicon_classes else {}}


def counts(linter, sets: list) -> dict[str, float]:
    """Calls per key result in one lint of `sets`, counted by `cProfile` (see the module's docstring)."""
    import cProfile
    import pstats

    key_results = sum(len(objective.key_results) for okr_set in sets for objective in okr_set.objectives)
    linter.lint(sets[0], "warm-up")
    profile = cProfile.Profile()
    profile.enable()
    for okr_set in sets:
        linter.lint(okr_set, "bench")
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    from okrcoach.rubric import lexicon as lexicon_module

    asked = {(getattr(lexicon_module.Lexicon, name).__code__.co_firstlineno, name) for name in ("search", "finditer", "match_at", "search_any")}
    index = getattr(lexicon_module, "TokenIndex", None)
    passes = index._find.__code__.co_firstlineno if index is not None and hasattr(index, "_find") else None
    figures: dict[str, float] = collections.Counter()
    for (filename, line, function), (primitive, _, _, _, _) in stats.items():
        if filename != "~":
            figures["Python function calls"] += primitive
            if filename.endswith("lexicon.py") and (line, function) in asked:
                figures[f"lexicon questions: Lexicon.{function}"] += primitive
            if filename.endswith("lexicon.py") and line == passes:
                figures["token index passes"] += primitive
        elif "re.Pattern" in function:
            figures["regex operations"] += primitive
            figures["  of which " + function.split("'")[1]] += primitive
    figures["lexicon questions a token gate answered"] = _closed_gates(linter, sets)
    return {name: value / key_results for name, value in figures.items()}


def _closed_gates(linter, sets: list) -> int:
    """How many searches of a token-gated class found its gate closed (no regex of the class run)."""
    from okrcoach.rubric import lexicon as lexicon_module

    gated = getattr(lexicon_module, "TokenGated", None)
    if gated is None:
        return 0
    closed = [0]
    original_search, original_finditer = gated.search, gated.finditer

    def search(self, text, pos=0):
        found = self.index.gate(text)
        if found is not None and not found & self.bit:
            closed[0] += 1
            return self.failed.search(text, pos) if self.failed is not None else None
        return self.passed.search(text, pos)

    def finditer(self, text):
        found = self.index.gate(text)
        if found is not None and not found & self.bit:
            closed[0] += 1
            return self.failed.finditer(text) if self.failed is not None else iter(())
        return self.passed.finditer(text)

    gated.search, gated.finditer = search, finditer
    try:
        for okr_set in sets:
            linter.lint(okr_set, "bench")
    finally:
        gated.search, gated.finditer = original_search, original_finditer
    return closed[0]


def report(language: str, kind: str, figures: dict, top: int) -> None:
    krs = figures["key_results"]
    total = figures["seconds"]
    in_facts = sum(seconds for _, seconds in figures["facts"].values())
    print(
        f"\n{language} {kind}: {krs} key results, {total * 1e3:.0f} ms ({total / krs * 1e6:.0f} µs per key result); facts {in_facts * 1e3:.0f} ms ({in_facts / total:.0%}), the rest {(total - in_facts) * 1e3:.0f} ms"
    )
    print(f"  {'ms':>8} {'µs/KR':>7} {'count':>7}  fact (exclusive)")
    for name, (count, seconds) in sorted(figures["facts"].items(), key=lambda item: -item[1][1])[:top]:
        print(f"  {seconds * 1e3:8.1f} {seconds / krs * 1e6:7.1f} {count:7d}  {name}")
    if figures["classes"]:
        print(f"  {'ms':>8} {'µs/KR':>7} {'calls':>7} {'found':>7}  lexicon class")
        for (method, name), (calls, found, seconds) in sorted(figures["classes"].items(), key=lambda item: -item[1][2])[:top]:
            print(f"  {seconds * 1e3:8.1f} {seconds / krs * 1e6:7.1f} {calls:7d} {found:7d}  {method} {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="comma-separated language codes")
    parser.add_argument("--sets", default="generated,real", help="generated, real or both (comma-separated)")
    parser.add_argument("--krs", type=int, default=2000, help="generated key results per language")
    parser.add_argument("--top", type=int, default=20, help="how many facts (and classes) to print per language")
    parser.add_argument("--classes", action="store_true", help="also time each lexicon class's searches")
    parser.add_argument("--counts", action="store_true", help="also count calls per key result (cProfile): Python, regex, lexicon, token gates")
    args = parser.parse_args()
    linter = lint_speed._linter()
    kinds = [kind.strip() for kind in args.sets.split(",") if kind.strip()]
    real = lint_speed.real_sets() if "real" in kinds else {}
    if "real" in kinds and not real:
        print(f"real sets skipped: {lint_speed.REAL_CORPUS} not found", file=sys.stderr)
    for language in [code.strip() for code in args.languages.split(",") if code.strip()]:
        for kind in kinds:
            sets = generated_sets(language, args.krs) if kind == "generated" else real.get(language, [])
            if not sets:
                continue
            report(language, kind, measure(linter, sets, args.classes), args.top)
            if args.counts:
                print(f"  calls per key result ({language} {kind}):")
                for name, value in counts(linter, sets).items():
                    print(f"  {value:9.1f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
