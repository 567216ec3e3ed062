"""The most a batch (column-wise) judging path could gain, measured with oracles before it is built.

Usage:
    python bench/batch_bound.py                                  # generated hu and en, real en and de
    python bench/batch_bound.py --generated hu,fi --real "" --krs 1000 --rounds 5

Issue 17 asks for 30,000 key results per CPU second (33 µs a key result). The batch path proposed
for it judges a file column-wise: each word class searched once over all of a file's texts, a fact
held as the set of key results it is true for, a rule's condition as set algebra over them, and
per-key-result Python only where a rule can still fire. However such a path decides which rules
can still fire, it cannot do better than knowing it beforehand for nothing, nor can a column layer
that computes the facts every key result needs do better than having them for nothing. This bench
measures both oracles on today's engine, so the decision is made on figures:

- `full`: today's fused key-result stage (`Linter._on_key_result`): a fresh facts object per key
  result, every rule, facts computed as the rules read them.
- `oracle`: per key result only the rules that fire on it (found in a first pass), fused the same
  way (`kinds.element_stage` over those rules, in the stored fact order): a batch path that settled
  every other rule at no cost. Its hits are checked to be the full stage's.
- `rare`: the full stage with the facts that are computed for nearly every key result and false
  for nearly every one (`--share`, 90 % by default) already in each facts object, copied from the
  first pass: a batch path that held each of them as the small set of key results it is true for,
  computed for nothing.
- `masked`: the full stage with only the masked text (numbers that are no targets blanked, the
  costliest single fact in `bench/fact_costs.py`, read by nearly every other) already in place: a column-wise mask for free.
- `column`: the same with every fact computed for nearly every key result (the masked text, the
  head verb, the words, the target number, and the rules' first facts, …): a column layer that made
  all of them free.
- `both`: the oracle with the `column` facts free: what is left is the facts only the firing rules
  need, beyond the common ones.
- `build`: only the facts objects (and the per-text language check the engine makes): the floor.

Each mode runs in alternating rounds (`--rounds`) on CPU time (`time.process_time`), on the
throughput bench's generated sets (files of 20 key results, `bench/lint_speed.py`) and the real key
results of ../shared/data (each in its own set with its objective; skipped when absent). It times
the key-result stage only: set checks, objectives, waivers and rendering findings come on top in a
lint. Besides the rates it prints the share of key results no rule fires on and the rare facts; with
`--per-fact N`, the N rare facts that save most copied in alone (where a gate would pay). Figures
are CPU time on a shared machine: compare modes within a run.
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
from typing import Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lint_speed  # the throughput bench's sets and linter


def generated_sets(language: str, krs: int) -> list:
    """The throughput bench's sets (5 objectives of 4 key results), with its seed for `language`."""
    from okrcoach.formats import read_text

    rng = random.Random(len(language) * 7 + ord(language[0]))
    sets = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(max(1, krs // 20)):
            path = Path(folder) / f"{language}-{index}.okr.yaml"
            lint_speed.write_yaml(lint_speed.make_set_data(language, 5, 4, rng), path)
            sets.append(read_text(path.read_text(encoding="utf-8"), str(path), "yaml").okr_set)
    return sets


class Plan:
    """Every key result of some sets with what judging it needs, and the first pass's results:
    the rules that fired on it, the stage made of those rules alone, and its facts' values."""

    def __init__(self, linter, sets: list, share: float) -> None:
        from okrcoach.rubric import kinds
        from okrcoach.rubric.analysis import KeyResultFacts, ObjectiveFacts
        from okrcoach.rubric.fact_order import ORDER

        self.linter, self.share = linter, share
        active = [rule for rule in linter.rubric.rules if linter.options.is_enabled(rule)]
        checks = [(rule, check) for rule in active if (check := kinds.compile_check(rule, linter.thresholds)) is not None]
        checks = [(rule, check) for rule, check in checks if hasattr(check, "on_key_result")]
        order = {code: names.split() for code, names in ORDER.get("key_result", {}).items()}
        stages: dict = {}
        self.items: list = []  # (key result, objective, set, set lexicon, objective lexicon, objective facts, oracle stage, hits, values)
        computed: collections.Counter = collections.Counter()
        held: collections.Counter = collections.Counter()
        for okr_set in sets:
            lexicon = linter.lexicon_for(linter.language_of(okr_set))
            for objective in okr_set.objectives:
                objective_lexicon = linter.own_lexicon(objective.title, lexicon)
                objective_facts = ObjectiveFacts(objective, okr_set, objective_lexicon, lexicon.language)
                for kr in objective.key_results:
                    facts = KeyResultFacts(kr, objective, okr_set, linter.own_lexicon(kr.text, lexicon), lexicon.language, objective_lexicon, objective_facts)
                    hits = linter._on_key_result(kr, facts)
                    codes = frozenset(rule.code for rule, _ in hits)
                    if codes not in stages:
                        chosen = [(rule, check) for rule, check in checks if rule.code in codes]
                        stages[codes] = kinds.element_stage(chosen, "on_key_result", order) if chosen else _no_rule
                    values = {name: value for name, value in facts.__dict__.items() if name not in _FIELDS}
                    computed.update(values.keys())
                    held.update(name for name, value in values.items() if value)
                    self.items.append((kr, objective, okr_set, lexicon, objective_lexicon, objective_facts, stages[codes], _comparable(hits), values))
        total = len(self.items)
        self.column = [name for name, count in computed.items() if count >= share * total]
        self.rare = [name for name in self.column if held[name] <= (1 - share) * total]
        self.silent = sum(1 for item in self.items if item[6] is _no_rule) / max(total, 1)
        self.rule_sets = len(stages)

    def run(self, mode: str, free: Sequence[str] = ()) -> float:
        """CPU seconds of one pass over every key result in `mode` (with `free`: the full stage
        with those facts copied in); checks the oracle's hits."""
        from okrcoach.rubric.analysis import KeyResultFacts

        linter, own_lexicon, full = self.linter, self.linter.own_lexicon, self.linter._on_key_result
        free = free or {"rare": self.rare, "masked": ("masked",), "column": self.column, "both": self.column}.get(mode, ())
        started = time.process_time()
        for kr, objective, okr_set, lexicon, objective_lexicon, objective_facts, oracle, _, values in self.items:
            facts = KeyResultFacts(kr, objective, okr_set, own_lexicon(kr.text, lexicon), lexicon.language, objective_lexicon, objective_facts)
            if mode == "build":
                continue
            if free:
                facts.__dict__.update({name: values[name] for name in free if name in values})
            (oracle if mode in ("oracle", "both") else full)(kr, facts)
        elapsed = time.process_time() - started
        if mode == "oracle":
            self._check_oracle()
        del linter
        return elapsed

    def _check_oracle(self) -> None:
        from okrcoach.rubric.analysis import KeyResultFacts

        for kr, objective, okr_set, lexicon, objective_lexicon, objective_facts, oracle, hits, _ in self.items:
            facts = KeyResultFacts(kr, objective, okr_set, self.linter.own_lexicon(kr.text, lexicon), lexicon.language, objective_lexicon, objective_facts)
            if _comparable(oracle(kr, facts)) != hits:
                raise SystemExit(f"the oracle stage's hits differ from the full stage's on {kr.text!r}")


_FIELDS = frozenset({"text", "lexicon", "lower", "set_language", "key_result", "objective", "okr_set", "objective_lexicon", "objective_facts", "row"})
MODES = ("full", "oracle", "rare", "masked", "column", "both", "build")


def _no_rule(element, facts) -> list:
    return []


def _comparable(hits: list) -> list:
    return [(rule.code, sorted((key, str(value)) for key, value in values.items())) for rule, values in hits]


def measure(name: str, plan: Plan, rounds: int) -> dict[str, float]:
    """Key results per CPU second in each mode, the median of alternating rounds."""
    seconds: dict[str, list[float]] = {mode: [] for mode in MODES}
    plan.run("full")  # warm-up: patterns and programs in place
    for _ in range(rounds):
        for mode in MODES:
            seconds[mode].append(plan.run(mode))
    total = len(plan.items)
    rates = {mode: total / statistics.median(values) for mode, values in seconds.items()}
    print(f"\n{name}: {total} key results; no rule fires on {plan.silent:.0%}; {plan.rule_sets} different sets of firing rules")
    for mode in MODES:
        print(f"  {mode:7s} {rates[mode]:8.0f}/s  {1e6 / rates[mode]:6.0f} µs/KR  {rates[mode] / rates['full']:5.2f}× full")
    print(f"  rare facts ({len(plan.rare)} of the {len(plan.column)} computed for ≥ {plan.share:.0%} of key results, false for as many): {', '.join(sorted(plan.rare))}")
    return rates


def rare_by_fact(plan: Plan, rounds: int, top: int) -> None:
    """Each rare fact copied in alone: the time it saves per key result (its own cost and that of
    what only it reads), the `top` largest, medians of alternating rounds against the full stage."""
    total = len(plan.items)
    full: list[float] = []
    alone: dict[str, list[float]] = {name: [] for name in plan.rare}
    for _ in range(rounds):
        for name in plan.rare:
            full.append(plan.run("full"))
            alone[name].append(plan.run("full", (name,)))
    base = statistics.median(full)
    saved = sorted(((base - statistics.median(times)) / total * 1e6, name) for name, times in alone.items())[::-1]
    print(f"  rare facts alone, µs saved per key result of {base / total * 1e6:.0f}: " + ", ".join(f"{name} {micro:.1f}" for micro, name in saved[:top]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", default="hu,en", help="languages of generated sets (comma-separated; empty for none)")
    parser.add_argument("--real", default="en,de", help="languages of the real key results (comma-separated; empty for none)")
    parser.add_argument("--krs", type=int, default=1000, help="generated key results per language")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per mode")
    parser.add_argument("--share", type=float, default=0.9, help="a fact computed for (and false for) at least this share of key results is common (rare)")
    parser.add_argument("--per-fact", type=int, default=0, metavar="N", help="also time each rare fact copied in alone and print the N that save most")
    args = parser.parse_args()
    linter = lint_speed._linter()
    corpora = [(f"{language} generated", generated_sets(language, args.krs)) for language in filter(None, args.generated.split(","))]
    real = lint_speed.real_sets() if args.real else {}
    corpora += [(f"{language} real", real[language]) for language in filter(None, args.real.split(",")) if language in real]
    for name, sets in corpora:
        plan = Plan(linter, sets, args.share)
        measure(name, plan, args.rounds)
        if args.per_fact:
            rare_by_fact(plan, args.rounds, args.per_fact)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
