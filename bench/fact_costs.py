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

With `--models`, the bench measures other evaluation models against the per-text one, on CPU time
(`time.process_time`), alternating rounds (issue 17 asked for each to be measured before it is built):
- batch: every lexicon question of a lint (`Lexicon.search` from the start of a text, `finditer`) is
  recorded and replayed twice: as asked (per text), and per file, where each class runs once over all
  of a file's whole texts (their lower-case or masked forms, joined with a separator) and a question
  about a text no hit touches is answered "none" without a search (texts a hit touches are searched
  as before). It prints both, the lint's own CPU time (so the share questions have), and, per class,
  texts the joined search and the per-text search disagree about (a match crossing the separator,
  or one the joined scan skips).
- column: the hottest facts computed for every key result of a file the first time one asks
  (`--column-facts`), against each key result computing its own; findings compared.
- descriptor: what a fact's first read costs through `cached_property` over a plain call.
`--file-krs` sets how many key results a generated file has (20 by default; one big file shows what
a 5,000-key-result lint would do).

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
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lint_speed  # the throughput bench's sets and linter

LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")


def generated_sets(language: str, krs: int, per_file: int = 20) -> list:
    """Sets of 4 key results per objective (5 objectives, or `per_file` / 4), as the throughput
    bench makes them."""
    from okrcoach.formats import read_text

    rng = random.Random(5)
    sets = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(max(1, krs // per_file)):
            path = Path(folder) / f"{index}.okr.yaml"
            lint_speed.write_yaml(lint_speed.make_set_data(language, max(1, per_file // 4), 4, rng), path)
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


HOT_FACTS = ("masked", "words", "head", "_head_start", "_head_starts", "_label_end", "_milestone_span", "_written_dates", "deliverable_cue")
SEPARATOR = "\n\x00\n"


def _lint_cpu(linter, sets: list) -> float:
    started = time.process_time()
    for okr_set in sets:
        linter.lint(okr_set, "bench")
    return time.process_time() - started


def _questions(linter, sets: list) -> list:
    """Every `Lexicon.search` and `finditer` a lint of `sets` asks: (set index, kind, class, text, start, lexicon)."""
    from okrcoach.rubric.lexicon import Lexicon

    asked: list = []
    current = [0]
    search, finditer = Lexicon.search, Lexicon.finditer

    def recorded_search(lexicon, name, text, start=0):
        asked.append((current[0], "search", name, text, start, lexicon))
        return search(lexicon, name, text, start)

    def recorded_finditer(lexicon, name, text):
        asked.append((current[0], "finditer", name, text, 0, lexicon))
        return finditer(lexicon, name, text)

    Lexicon.search, Lexicon.finditer = recorded_search, recorded_finditer  # type: ignore[method-assign]
    try:
        for index, okr_set in enumerate(sets):
            current[0] = index
            linter.lint(okr_set, "bench")
    finally:
        Lexicon.search, Lexicon.finditer = search, finditer  # type: ignore[method-assign]
    return asked


def _whole_texts(linter, okr_set) -> dict[str, str]:
    """A file's whole texts as facts search them: each title's and key result's lower-case
    ("lower") and masked ("masked") form."""
    from okrcoach.rubric.analysis import TextFacts

    lexicon = linter.lexicon_for(linter.language_of(okr_set))
    whole: dict[str, str] = {}
    for objective in okr_set.objectives:
        for text in [objective.title, *(kr.text for kr in objective.key_results)]:
            facts = TextFacts(text, lexicon)
            whole.setdefault(facts.lower, "lower")
            whole.setdefault(facts.masked, "masked")
    return whole


def _replay(asked: list, whole: Optional[list] = None, disagreements: Optional[collections.Counter] = None) -> float:
    """CPU time to answer `asked` again: per text, or (`whole`: each set's whole texts) per file."""
    import bisect

    hits_of: dict = {}
    joined_of: dict = {}
    started = time.process_time()
    for index, kind, name, text, start, lexicon in asked:
        if whole is not None and start == 0:
            form = whole[index].get(text)
            if form is not None:
                key = (index, name, id(lexicon), form)
                hits = hits_of.get(key)
                if hits is None:
                    joined = joined_of.get((index, form))
                    if joined is None:
                        texts = sorted(t for t, f in whole[index].items() if f == form)
                        offsets, at = [], 0
                        for t in texts:
                            offsets.append(at)
                            at += len(t) + len(SEPARATOR)
                        joined = joined_of[(index, form)] = (texts, SEPARATOR.join(texts), offsets)
                    texts, together, offsets = joined
                    hits = hits_of[key] = {texts[bisect.bisect_right(offsets, m.start()) - 1] for m in lexicon.finditer(name, together)}
                    if disagreements is not None:
                        for t in texts:
                            if (t in hits) != (lexicon.search(name, t) is not None):
                                disagreements[name] += 1
                if text not in hits:
                    continue
        if kind == "search":
            lexicon.search(name, text, start)
        else:
            for _ in lexicon.finditer(name, text):
                pass
    return time.process_time() - started


def _column_lint(linter, sets: list, names: tuple[str, ...]):
    """Lint `sets` with the facts `names` computed for every key result of a set the first time
    one asks; returns (CPU seconds, findings)."""
    from okrcoach.rubric import analysis, engine

    per_text, get = engine.KeyResultFacts, analysis.cached_property.__get__
    column = frozenset(names)
    files: dict = {"set": None, "facts": {}}

    class ColumnFacts(per_text):  # type: ignore[misc,valid-type]
        siblings: list = []

    def facts_for(kr, objective, okr_set, lexicon, set_language=None, objective_lexicon=None, objective_facts=None):
        if files["set"] is not okr_set:
            files["set"], siblings, files["facts"] = okr_set, [], {}
            for o in okr_set.objectives:
                for k in o.key_results:
                    sibling = ColumnFacts(k, o, okr_set, lexicon, set_language, objective_lexicon)
                    sibling.siblings = siblings
                    siblings.append(sibling)
                    files["facts"][id(k)] = sibling
        facts = files["facts"][id(kr)]
        if facts.lexicon is not lexicon or facts.objective_lexicon is not (objective_lexicon or lexicon):
            return per_text(kr, objective, okr_set, lexicon, set_language, objective_lexicon, objective_facts)
        return facts

    def column_get(prop, instance, owner=None):
        if instance is None:
            return prop
        if prop.name in column and type(instance) is ColumnFacts:
            for sibling in instance.siblings:
                if prop.name not in sibling.__dict__:
                    sibling.__dict__[prop.name] = prop.func(sibling)
            return instance.__dict__[prop.name]
        value = instance.__dict__[prop.name] = prop.func(instance)
        return value

    engine.KeyResultFacts, analysis.cached_property.__get__ = facts_for, column_get  # type: ignore[misc,method-assign]
    try:
        started = time.process_time()
        found = [linter.lint(okr_set, "bench") for okr_set in sets]
        return time.process_time() - started, found
    finally:
        engine.KeyResultFacts, analysis.cached_property.__get__ = per_text, get  # type: ignore[misc,method-assign]


def _descriptor_cost() -> tuple[float, float]:
    """µs of a first read through `cached_property` and of the same plain call, each on a new object."""
    import timeit

    from okrcoach.rubric.analysis import cached_property

    class Facts:
        @cached_property
        def fact(self):
            return 1

        def plain(self):
            return 1

    def through_descriptor():
        return Facts().fact

    def plain_call():
        facts = Facts()
        facts.__dict__["fact"] = facts.plain()

    rounds = 100_000
    return (
        min(timeit.repeat(through_descriptor, number=rounds, repeat=5)) / rounds * 1e6,
        min(timeit.repeat(plain_call, number=rounds, repeat=5)) / rounds * 1e6,
    )


def models(linter, sets: list, language: str, rounds: int, column_facts: tuple[str, ...]) -> None:
    """Print the evaluation models' figures (`--models`) for one language's sets."""
    krs = sum(len(objective.key_results) for okr_set in sets for objective in okr_set.objectives)
    linter.lint(sets[0], "warm-up")
    asked = _questions(linter, sets)
    whole = [_whole_texts(linter, okr_set) for okr_set in sets]
    disagreements: collections.Counter = collections.Counter()
    _replay(asked, whole, disagreements)
    lint, per_text, per_file = [], [], []
    for _ in range(rounds):
        lint.append(_lint_cpu(linter, sets))
        per_text.append(_replay(asked))
        per_file.append(_replay(asked, whole))
    median = statistics.median
    print(f"\n{language} models: {krs} key results in {len(sets)} files; CPU ms, median of {rounds} alternating rounds")
    print(f"  lint {median(lint) * 1e3:.1f} ms; its {len(asked)} lexicon questions ({len(asked) / krs:.1f} per key result) replayed:")
    print(f"  batch: per text {median(per_text) * 1e3:.1f} ms, per file (joined) {median(per_file) * 1e3:.1f} ms")
    if disagreements:
        print("  joined and per-text searches disagree (texts): " + ", ".join(f"{name} {n}" for name, n in disagreements.most_common()))
    else:
        print("  joined and per-text searches agree on every text")
    plain_findings = [linter.lint(okr_set, "bench") for okr_set in sets]
    per_kr, column = [], []
    same = True
    for _ in range(rounds):
        per_kr.append(_lint_cpu(linter, sets))
        seconds, found = _column_lint(linter, sets, column_facts)
        column.append(seconds)
        same = same and [[repr(f) for f in one] for one in found] == [[repr(f) for f in one] for one in plain_findings]
    print(f"  column ({len(column_facts)} facts): per key result {median(per_kr) * 1e3:.1f} ms, per file {median(column) * 1e3:.1f} ms; findings {'identical' if same else 'DIFFERENT'}")
    through, plain = _descriptor_cost()
    print(f"  descriptor: a fact's first read {through:.3f} µs through cached_property, {plain:.3f} µs as a plain call")


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
    parser.add_argument("--models", action="store_true", help="measure the batch and column evaluation models instead (generated sets)")
    parser.add_argument("--file-krs", type=int, default=20, help="key results per generated file")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per figure with --models")
    parser.add_argument("--column-facts", default=",".join(HOT_FACTS), help="facts the column model computes per file")
    parser.add_argument("--counts", action="store_true", help="also count calls per key result (cProfile): Python, regex, lexicon, token gates")
    args = parser.parse_args()
    linter = lint_speed._linter()
    kinds = [kind.strip() for kind in args.sets.split(",") if kind.strip()]
    real = lint_speed.real_sets() if "real" in kinds else {}
    if "real" in kinds and not real:
        print(f"real sets skipped: {lint_speed.REAL_CORPUS} not found", file=sys.stderr)
    for language in [code.strip() for code in args.languages.split(",") if code.strip()]:
        if args.models:
            column_facts = tuple(name.strip() for name in args.column_facts.split(",") if name.strip())
            models(linter, generated_sets(language, args.krs, args.file_krs), language, args.rounds, column_facts)
            continue
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
