"""How many facts the engine computes per key result, and the order it reads them in.

Usage:
    python bench/fact_order.py                 # facts computed per key result and objective, per corpus,
                                               # read in each rule's own order and in the stored order
    python bench/fact_order.py --facts 25      # also the facts most often computed, with cost and selectivity
    python bench/fact_order.py --write         # measure, choose the reading order, write okrcoach/rubric/fact_order.py

A rule's condition is a conjunction (`all` facts, no `none` fact, one of the `any` facts); the
engine compiles each stage's rules into one function that reads a fact only when the atoms before
it held (`okrcoach.rubric.kinds.facts.fused_stage`). Facts are pure, so the order of the atoms
changes what is computed, never a finding; the cheapest order reads first the facts that are
cheap and often decide.

The bench traces every fact of every element of a corpus, on fresh facts objects: its truth, its
own (exclusive) time, the least of three computations, and the facts it reads directly. A stage's cost for an element is
then simulated exactly: the facts its atoms read, with everything they read in turn, each counted
once. The corpus is the labelled sets of tests/data and the real key results of ../shared/data
(read at run time, when present), every language, plus the throughput bench's generated sets; the
figures are printed for each part apart, so the generated texts (which the cold bench lints) do not
hide what real text costs. Besides each order's figures it prints the least an engine could compute
that knew every fact's truth beforehand (`least_figures`): how much any order could still save.

`--write` chooses each rule's order greedily along the stage (for each rule in turn, the atom with
the least expected cost per chance of deciding, on the elements that reach it, costs counting what
earlier rules already computed), then improves it by moving single atoms while the simulated cost
falls (`--rounds`; a round takes minutes). The order is chosen on the real and labelled texts of
every language together, with the generated sets at a quarter of their weight; the file holds, per
stage and rule, the fact names in reading order (`okrcoach.rubric.fact_order`). Times are wall time
on a shared machine; the simulation compares orders on the same traces, so it is steady.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path
from typing import Any, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lint_speed  # the throughput bench's sets and linter

LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
STAGES = {"on_key_result": "key_result", "on_objective": "objective"}


# -- the corpus -------------------------------------------------------------------------------------


def generated_sets(language: str, krs: int) -> list:
    """The throughput bench's sets: 5 objectives of 4 key results each."""
    rng = random.Random(len(language) * 7 + ord(language[0]))
    from okrcoach.formats import read_text

    sets = []
    for _ in range(max(1, krs // 20)):
        data = lint_speed.make_set_data(language, 5, 4, rng)
        lines = [f"period: {data['period']}", f"language: {data['language']}", "objectives:"]
        import json

        for objective in data["objectives"]:
            lines.append(f"  - title: {json.dumps(objective['title'], ensure_ascii=False)}")
            lines.append("    key_results:")
            lines.extend(f"      - {json.dumps(kr, ensure_ascii=False)}" for kr in objective["key_results"])
        sets.append(read_text("\n".join(lines) + "\n", "generated.okr.yaml", "yaml").okr_set)
    return sets


def corpus(generated: int) -> dict[str, list]:
    """Sets by part: `real`, `labelled`, `generated` (every language in each)."""
    parts = {"real": [], "labelled": [], "generated": []}
    for sets in lint_speed.real_sets().values():
        parts["real"] += sets
    for sets in lint_speed.labelled_sets().values():
        parts["labelled"] += sets
    for language in LANGUAGES:
        parts["generated"] += generated_sets(language, generated)
    return {name: sets for name, sets in parts.items() if sets}


# -- tracing ------------------------------------------------------------------------------------------


class Trace:
    """One element's facts: truth, own time (µs) and the facts each reads directly."""

    __slots__ = ("truth", "cost", "reads")

    def __init__(self) -> None:
        self.truth: dict[str, bool] = {}
        self.cost: dict[str, float] = {}
        self.reads: dict[str, tuple[str, ...]] = {}


def _fact_names(cls: type) -> list[str]:
    from okrcoach.rubric.analysis import cached_property

    names = []
    for klass in reversed(cls.__mro__):
        names += [name for name, value in vars(klass).items() if isinstance(value, cached_property) and name not in names]
    return names


def made_facts(linter, sets: list) -> list[tuple[str, Any]]:
    """Every facts object the engine makes while judging `sets`, with its stage, in order; made
    again from the same arguments, so none holds a computed fact."""
    from okrcoach.rubric import engine

    made: list[tuple[str, Any, tuple]] = []
    originals = engine.KeyResultFacts, engine.ObjectiveFacts

    def recorder(stage: str, cls: type):
        def make(*args):
            made.append((stage, cls, args))
            return cls(*args)

        return make

    engine.KeyResultFacts = recorder("on_key_result", originals[0])
    engine.ObjectiveFacts = recorder("on_objective", originals[1])
    try:
        for okr_set in sets:
            linter.hits(okr_set)
    finally:
        engine.KeyResultFacts, engine.ObjectiveFacts = originals
    return [(stage, (cls, args)) for stage, cls, args in made]


def trace(made: list[tuple[str, Any]], repeats: int = 3) -> list[tuple[str, Trace]]:
    """Each element's trace; a fact's cost is the least of `repeats` fresh computations."""
    from okrcoach.rubric import analysis

    prop_type = analysis.cached_property
    stack: list[list] = []
    target: list = [None]
    counter = time.perf_counter

    def get(prop, instance, owner=None):
        if instance is None:
            return prop
        if instance is not target[0]:  # another element's facts (an objective's, read by a key result's fact): part of its reader's cost
            cache = instance.__dict__
            if prop.name not in cache:
                cache[prop.name] = prop.func(instance)
            return cache[prop.name]
        if stack:
            stack[-1][1].append(prop.name)
        cache = instance.__dict__
        if prop.name in cache:
            return cache[prop.name]
        frame = [counter(), [], 0.0]
        stack.append(frame)
        try:
            value = prop.func(instance)
        finally:
            stack.pop()
            elapsed = counter() - frame[0]
            if stack:
                stack[-1][2] += elapsed
            instance._trace_log.append((prop.name, elapsed - frame[2], tuple(dict.fromkeys(frame[1]))))
        cache[prop.name] = value
        return value

    def setter(prop, instance, value):  # a data descriptor: every read passes through `get`
        instance.__dict__[prop.name] = value

    original_get = prop_type.__get__
    prop_type.__get__ = get
    prop_type.__set__ = setter
    traces = []
    try:
        names_of: dict[type, list[str]] = {}
        for stage, (cls, args) in made:
            names = names_of.setdefault(cls, _fact_names(cls))
            result = Trace()
            for attempt in range(repeats):
                facts = cls(*args)
                facts._trace_log = []
                target[0] = facts
                for name in names:
                    value = getattr(facts, name)
                    if attempt == 0:
                        result.truth[name] = bool(value)
                for name, own, reads in facts._trace_log:
                    if attempt == 0:
                        result.reads[name] = reads
                        result.cost[name] = own * 1e6
                    else:
                        result.cost[name] = min(result.cost[name], own * 1e6)
            traces.append((stage, result))
    finally:
        prop_type.__get__ = original_get
        del prop_type.__set__
    return traces


# -- the engine's program, simulated -----------------------------------------------------------------


class Program:
    """A stage's rules as the engine runs them: each rule's atoms in reading order, and the facts
    its values read when it holds."""

    def __init__(self, rules: list[tuple[Any, list[tuple[str, tuple[str, ...]]]]]) -> None:
        self.rules = rules

    @staticmethod
    def values_reads(rule) -> tuple[Optional[str], tuple[str, ...], Optional[str]]:
        first = rule.params["all"][0] if rule.params.get("all") else None
        evidence = rule.params.get("evidence")
        return first, tuple(rule.params.get("any") or ()), evidence if evidence not in (None, "any") else None


def engine_program(linter, stage: str, order: Optional[dict] = None) -> Program:
    """The atoms of each facts rule of `stage` in the order the engine reads them."""
    from okrcoach.rubric import kinds
    from okrcoach.rubric.kinds import facts as facts_kind

    active = [rule for rule in linter.rubric.rules if linter.options.is_enabled(rule)]
    compiled = [(rule, check) for rule in active if (check := kinds.compile_check(rule, linter.thresholds)) is not None]
    known: set[str] = set()
    rules = []
    for rule, check in compiled:
        if not hasattr(check, stage) or not isinstance(check, facts_kind._FactsCheck):
            continue
        rules.append((rule, facts_kind.reading_order(rule, known, (order or {}).get(rule.code))))
    return Program(rules)


def simulate(program: Program, element: Trace, computed: Optional[set] = None) -> tuple[float, set]:
    """The cost (µs) of running `program` on one element, and the facts it computed."""
    computed = set() if computed is None else computed
    cost = 0.0
    truth, own, reads = element.truth, element.cost, element.reads

    def read(name: str) -> bool:
        nonlocal cost
        if name not in computed:
            pending = [name]
            while pending:
                fact = pending.pop()
                if fact in computed:
                    continue
                computed.add(fact)
                cost += own.get(fact, 0.0)
                pending += reads.get(fact, ())
        return truth[name]

    for rule, atoms in program.rules:
        held = True
        for kind, names in atoms:
            if kind == "fact":
                held = read(names[0])
            elif kind == "not":
                held = not read(names[0])
            else:
                held = any(read(name) for name in names)
            if not held:
                break
        if held:
            first, any_names, evidence = Program.values_reads(rule)
            for name in any_names:
                if read(name):
                    break
            if first:
                read(first)
            if evidence:
                read(evidence)
    return cost, computed


def least_figures(program: Program, traces: list[Trace]) -> tuple[float, float]:
    """Facts computed and their cost (µs) per element by an engine that knew every fact's truth
    beforehand: for a rule that holds, all its facts; for one that does not, only its cheapest
    deciding atom (rule by rule, counting what is already computed). No reading order computes
    much less: what is left is the cost of the facts themselves."""
    if not traces:
        return 0.0, 0.0
    facts = cost = 0.0
    for element in traces:
        computed: set = set()
        held = [all(_atom_holds(element, atom) for atom in atoms) for _, atoms in program.rules]
        for (_, atoms), holds in zip(program.rules, held):
            if holds:
                for _, names in atoms:
                    for name in names:
                        computed |= _closure(element, name)
        for (_, atoms), holds in zip(program.rules, held):
            if not holds:
                options = [_atom_cost(element, names, computed) for atom in atoms if not _atom_holds(element, atom) for names in (atom[1],)]
                computed |= min(options, key=lambda option: option[0])[1]
        facts += len(computed)
        cost += sum(element.cost.get(fact, 0.0) for fact in computed)
    return facts / len(traces), cost / len(traces)


def stage_figures(program: Program, traces: list[Trace]) -> tuple[float, float]:
    """Facts computed and their cost (µs), per element, over `traces`."""
    if not traces:
        return 0.0, 0.0
    facts = cost = 0.0
    for element in traces:
        spent, computed = simulate(program, element)
        facts += len(computed)
        cost += spent
    return facts / len(traces), cost / len(traces)


# -- choosing the order -----------------------------------------------------------------------------


def _program_cost(rules: list, traces: list[tuple[Trace, float]]) -> float:
    program = Program(rules)
    return sum(weight * simulate(program, element)[0] for element, weight in traces)


def choose(program: Program, traces: list[tuple[Trace, float]], rounds: int = 1) -> Program:
    """A cheaper reading order for `program` on weighted `traces` (see the module's docstring)."""
    computed = [set() for _ in traces]
    rules = []
    for rule, atoms in program.rules:
        reaching = list(range(len(traces)))
        remaining = list(atoms)
        ordered = []
        while remaining:
            best, best_score = None, None
            for atom in remaining:
                kind, names = atom
                spent = decided = weight_sum = 0.0
                for i in reaching:
                    element, weight = traces[i]
                    cost, _ = _atom_cost(element, names, computed[i])
                    spent += weight * cost
                    holds = _atom_holds(element, atom)
                    decided += weight * (not holds)
                    weight_sum += weight
                if weight_sum == 0:
                    score = (0.0, 0.0)
                elif spent == 0:
                    score = (-1.0, -decided)  # free: read first
                else:
                    score = (spent / decided, 0.0) if decided else (float("inf"), spent)
                if best_score is None or score < best_score:
                    best, best_score = atom, score
            remaining.remove(best)
            names = best[1]
            if best[0] == "any":
                names = _order_any(names, [traces[i] for i in reaching], [computed[i] for i in reaching])
                best = ("any", names)
            ordered.append(best)
            still = []
            for i in reaching:
                element = traces[i][0]
                _, touched = _atom_cost(element, best[1], computed[i], any_group=best[0] == "any")
                computed[i] |= touched
                if _atom_holds(element, best):
                    still.append(i)
            reaching = still
        if reaching:  # the rule held: its values read more facts
            for i in reaching:
                element = traces[i][0]
                first, any_names, evidence = Program.values_reads(rule)
                for name in any_names:
                    computed[i] |= _closure(element, name)
                    if element.truth[name]:
                        break
                for name in (first, evidence):
                    if name:
                        computed[i] |= _closure(element, name)
        rules.append((rule, ordered))
    best_cost = _program_cost(rules, traces)
    for _ in range(rounds):
        improved = False
        for index, (rule, atoms) in enumerate(rules):
            for a in range(len(atoms)):
                for b in range(len(atoms)):
                    if a == b:
                        continue
                    moved = list(atoms)
                    moved.insert(b, moved.pop(a))
                    trial = rules[:index] + [(rule, moved)] + rules[index + 1 :]
                    cost = _program_cost(trial, traces)
                    if cost < best_cost - 1e-9:
                        rules, atoms, best_cost, improved = trial, moved, cost, True
        if not improved:
            break
    return Program(rules)


def _closure(element: Trace, name: str, computed: frozenset = frozenset()) -> set:
    found: set = set()
    pending = [name]
    while pending:
        fact = pending.pop()
        if fact in found or fact in computed:
            continue
        found.add(fact)
        pending += element.reads.get(fact, ())
    return found


def _atom_cost(element: Trace, names: tuple[str, ...], computed: set, any_group: bool = True) -> tuple[float, set]:
    """What reading an atom costs on one element beyond `computed`, and the facts it computes
    (an `any` group stops at its first true fact)."""
    touched: set = set()
    for name in names:
        touched |= _closure(element, name, frozenset(computed | touched))
        if element.truth[name]:
            break
    return sum(element.cost.get(fact, 0.0) for fact in touched), touched


def _atom_holds(element: Trace, atom: tuple[str, tuple[str, ...]]) -> bool:
    kind, names = atom
    if kind == "fact":
        return element.truth[names[0]]
    if kind == "not":
        return not element.truth[names[0]]
    return any(element.truth[name] for name in names)


def _order_any(names: tuple[str, ...], traces: list[tuple[Trace, float]], computed: list[set]) -> tuple[str, ...]:
    """An `any` group's facts by cost per chance of being true, on the elements that reach it."""

    def score(name: str) -> tuple[float, float]:
        spent = true = 0.0
        for (element, weight), done in zip(traces, computed):
            spent += weight * sum(element.cost.get(f, 0.0) for f in _closure(element, name, frozenset(done)))
            true += weight * element.truth[name]
        return (spent / true, 0.0) if true else (float("inf"), spent)

    return tuple(sorted(names, key=score))


# -- report and file --------------------------------------------------------------------------------


def fact_table(program: Program, traces: list[Trace], top: int) -> None:
    """Per fact: how often the program computes it per element, its mean own cost, how often it
    is true, and how often its atom decided a rule (was the atom that made the condition fail)."""
    computed_count: collections.Counter = collections.Counter()
    decided: collections.Counter = collections.Counter()
    costs: dict[str, list[float]] = collections.defaultdict(list)
    true: collections.Counter = collections.Counter()
    for element in traces:
        _, computed = simulate(program, element)
        computed_count.update(computed)
        for fact in computed:
            costs[fact].append(element.cost.get(fact, 0.0))
            true[fact] += element.truth.get(fact, False)
        for _, atoms in program.rules:
            for atom in atoms:
                if not _atom_holds(element, atom):
                    decided[atom[1][0] if len(atom[1]) == 1 else "(" + "|".join(atom[1]) + ")"] += 1
                    break
    n = len(traces)
    print(f"  {'per el.':>8} {'µs own':>7} {'true':>6} {'decides':>8}  fact")
    for fact, count in computed_count.most_common(top):
        mean = sum(costs[fact]) / len(costs[fact])
        print(f"  {count / n:8.2f} {mean:7.2f} {true[fact] / count:6.0%} {decided[fact] / n:8.2f}  {fact}")


def write(programs: dict[str, Program], path: Path) -> None:
    """The order module: per stage and rule the fact names in reading order."""
    lines = [
        '"""The order the engine reads each rule\'s facts in: cheap facts that often decide first.',
        "",
        "Written by `bench/fact_order.py --write --rounds 1` from the measured cost and truth of every fact on",
        "real, labelled and generated key results and objectives. It changes what is computed, never a",
        "finding (facts are pure). A rule not listed is read in its own order, and facts a listing does",
        "not name (a rule changed since) after those it names (`okrcoach.rubric.kinds.facts.reading_order`).",
        '"""',
        "",
        "# Per stage, per rule code: the rule's fact names in reading order, separated by spaces.",
        "ORDER: dict[str, dict[str, str]] = {",
    ]
    for stage, program in programs.items():
        lines.append(f'    "{STAGES[stage]}": {{')
        for rule, atoms in program.rules:
            names = [name for _, atom_names in atoms for name in atom_names]
            lines.append(f'        "{rule.code}": "{" ".join(names)}",')
        lines.append("    },")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", type=int, default=400, help="generated key results per language (default 400)")
    parser.add_argument("--facts", type=int, default=0, help="print the N facts most often computed, per stage")
    parser.add_argument("--write", action="store_true", help="choose the reading order and write okrcoach/rubric/fact_order.py")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of single-atom moves after the greedy choice (default 1; each takes minutes)")
    args = parser.parse_args()

    linter = lint_speed._linter()
    try:
        from okrcoach.rubric.fact_order import ORDER as order
    except ImportError:  # a checkout without a stored order
        order = None
    parts = corpus(args.generated)
    traced = {}
    for name, sets in parts.items():
        started = time.perf_counter()
        traced[name] = trace(made_facts(linter, sets))
        print(f"traced {name}: {len(traced[name])} elements in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    programs = {stage: engine_program(linter, stage, {code: names.split() for code, names in order.get(STAGES[stage], {}).items()} if order else None) for stage in STAGES}
    if args.write:
        weights = {"real": 1.0, "labelled": 1.0, "generated": 0.25}
        chosen = {}
        for stage, program in programs.items():
            weighted = [(element, weights[name]) for name, elements in traced.items() for s, element in elements if s == stage]
            started = time.perf_counter()
            chosen[stage] = choose(program, weighted, args.rounds)
            print(f"chose {stage} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        import okrcoach.rubric

        target = Path(okrcoach.rubric.__file__).parent / "fact_order.py"
        write(chosen, target)
        print(f"wrote {target}")
        report = {"before": programs, "after": chosen}
    else:
        report = {"rules": {stage: engine_program(linter, stage) for stage in STAGES}, "stored": programs} if order else {"rules": programs}
    for label, by_stage in report.items():
        for stage, program in by_stage.items():
            for name, elements in traced.items():
                stage_traces = [element for s, element in elements if s == stage]
                count, cost = stage_figures(program, stage_traces)
                print(f"{label:>7} {STAGES[stage]:<10} {name:<9} {len(stage_traces):6d} elements: {count:5.1f} facts computed, {cost:6.1f} µs of facts per element")
                if args.facts:
                    fact_table(program, stage_traces, args.facts)
    for stage, program in programs.items():
        for name, elements in traced.items():
            stage_traces = [element for s, element in elements if s == stage]
            count, cost = least_figures(program, stage_traces)
            print(f"{'least':>7} {STAGES[stage]:<10} {name:<9} {len(stage_traces):6d} elements: {count:5.1f} facts computed, {cost:6.1f} µs of facts per element (knowing every truth beforehand)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
