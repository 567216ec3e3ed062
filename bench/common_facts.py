"""What the facts every key result pays for cost, one by one, in CPU time, per language.

Usage:
    python bench/common_facts.py                        # en and hu, 5,000 generated key results each
    python bench/common_facts.py --languages en,hu,de --krs 2000
    python bench/common_facts.py --sets generated,real

Whatever rules fire, judging a key result reads its masked text (`masked`: numbers that are no
target blanked), its words, its head verb (`head`, after `_head_start` and `_verb_classes`, the
classes a verb may belong to), its target number, and the language of its text (the guesser,
before any fact). `bench/fact_costs.py` times every fact inside a whole lint through a wrapper
around `cached_property`, in wall time: on a shared machine its figures move with the load. This
bench instead builds the facts of every key result of a set of texts and reads the common facts
one at a time, in dependency order, each timed with `time.process_time` around its first read
only (so a fact's figure excludes the facts read before it), and the steps of `masked` one by one
(`_mask_spans`, `_year_spans`, …, replayed as `TextFacts.masked` calls them). Each figure is the
median of `--rounds` passes over fresh facts; the clock call itself costs about 0.5 µs, included.

It also prints, for the head verb, the figure with the language's head window set to 2 (as in
English and Danish) beside its own: the part of the head's cost the window decides (and how many
key results then have no head verb, which is why the window is what it is); and the whole lint
per key result, so each fact's share can be read.

Measured on a loaded machine (load 13–15 on 2 cores; 5,000 generated key results; µs of CPU per
key result, median of 3): the whole lint 271 en, 353 hu. Common facts: the language guess 3 en,
3 hu; masked 19 en, 21 hu (of which `_mask_spans` 9–10: about three places a text, each a match of
the mask's entries that can start with the character there; the digit places, over a quarter of
them, match nothing in generated text); words ~4; `_head_start` 3–4; `_verb_classes` 5–6;
`_verb_metric_starts` 2; head 6 en, 13 hu once its inputs are read (with a window of 2 words the
Hungarian head costs 8 µs, but 2,811 of 5,000 key results then lose their head verb: the window of
8 is the language's word order, not waste); target number 4 en, 7 hu. Together ~52 µs en and
~65 µs hu, under a fifth of a key result: were they free, en would run at ~4,600/s. The rest is
spread over the ~78 facts a key result reads, none more than a few per cent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fact_costs  # the generated and real sets
import lint_speed  # the linter as `okrcoach lint` loads it

LANGUAGES = ("en", "hu")
# The common facts, in the order they depend on each other: each is read after those it uses.
FACTS = ("masked", "words", "_label_end", "_head_start", "_head_starts", "_verb_classes", "_verb_metric_starts", "head", "target_number", "has_target")
clock = time.process_time


def _mask_steps(facts, analysis) -> dict[str, float]:
    """The steps of `TextFacts.masked`, as it runs them, each timed on its own (seconds, summed)."""
    spent = dict.fromkeys(
        (
            "digit search",
            "_mask_spans",
            "_year_spans",
            "_name_number_spans",
            "_label_number_spans",
            "_listed_after",
            "_issue_key_spans",
            "_outline_number_spans",
            "example_bracket",
            "_attribute_number_spans",
            "_without_standard_time",
            "comment_bracket",
            "_blank",
        ),
        0.0,
    )
    for f in facts:
        lexicon = f.lexicon
        t0 = clock()
        digit = analysis._DIGIT.search(f.lower)
        t1 = clock()
        spent["digit search"] += t1 - t0
        if digit:
            by_start = lexicon.mask_at()
            if by_start is not None:
                f._mask_spans(by_start, max(0, digit.start() - 24))
            t2 = clock()
            f._year_spans()
            t3 = clock()
            names = f._name_number_spans()
            t4 = clock()
            names += f._label_number_spans()
            t5 = clock()
            f._listed_after(names)
            t6 = clock()
            f._issue_key_spans()
            t7 = clock()
            f._outline_number_spans()
            t8 = clock()
            if "(" in f.lower:
                list(lexicon.finditer("example_bracket", f.lower))
            t9 = clock()
            f._attribute_number_spans()
            t10 = clock()
            f._without_standard_time([])
            t11 = clock()
            for name, took in zip(list(spent)[1:11], (t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6, t8 - t7, t9 - t8, t10 - t9, t11 - t10)):
                spent[name] += took
        t0 = clock()
        if "[" in f.lower or "(" in f.lower:
            list(lexicon.finditer("comment_bracket", f.lower))
        t1 = clock()
        analysis._blank(f.lower, [])
        spent["comment_bracket"] += t1 - t0
        spent["_blank"] += clock() - t1
    return spent


def measure(language: str, sets: list, rounds: int) -> None:
    from okrcoach.rubric import analysis

    linter = lint_speed._linter()
    for okr_set in sets[:20]:
        linter.lint(okr_set, "warm-up")  # patterns compiled, the verb gate built (it waits for 300 lookups)
    lexicon = linter.lexicon_for(language)
    items = [(kr, objective, okr_set) for okr_set in sets for objective in okr_set.objectives for kr in objective.key_results]
    count = len(items)
    figures: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        figures.setdefault(name, []).append(seconds / count * 1e6)

    window = lexicon.head_window
    heads_with_two = 0
    for _ in range(rounds):
        started = clock()
        for okr_set in sets:
            linter.lint(okr_set, "bench")
        note("whole lint", clock() - started)
        started = clock()
        for kr, _objective, _set in items:
            linter.own_lexicon(kr.text, lexicon)
        note("language guess (own_lexicon)", clock() - started)
        facts = [analysis.KeyResultFacts(kr, objective, okr_set, lexicon) for kr, objective, okr_set in items]
        for name in FACTS:
            spent = 0.0
            for f in facts:
                started = clock()
                getattr(f, name)
                spent += clock() - started
            note(name, spent)
        for name, spent in _mask_steps([analysis.KeyResultFacts(kr, objective, okr_set, lexicon) for kr, objective, okr_set in items], analysis).items():
            note(f"  masked: {name}", spent)
        if window != 2:
            lexicon.head_window = 2
            try:
                facts = [analysis.KeyResultFacts(kr, objective, okr_set, lexicon) for kr, objective, okr_set in items]
                for name in FACTS[:-3]:
                    for f in facts:
                        getattr(f, name)
                spent = 0.0
                for f in facts:
                    started = clock()
                    getattr(f, "head")  # noqa: B009 - a read, timed
                    spent += clock() - started
                note("head with a window of 2 words", spent)
                heads_with_two = sum(1 for f in facts if f.head is not None)
            finally:
                lexicon.head_window = window
    with_heads = sum(1 for kr, objective, okr_set in items if analysis.KeyResultFacts(kr, objective, okr_set, lexicon).head is not None)
    print(f"\n{language}: {count} key results, µs per key result, CPU, median of {rounds} (head window {window})")
    for name, values in figures.items():
        print(f"  {statistics.median(values):8.1f}  {name}")
    if window != 2:
        print(f"  key results with a head verb: {with_heads} with the window of {window}, {heads_with_two} with 2")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="comma-separated language codes")
    parser.add_argument("--sets", default="generated", help="generated, real or both (comma-separated)")
    parser.add_argument("--krs", type=int, default=5000, help="generated key results per language")
    parser.add_argument("--rounds", type=int, default=3, help="passes per figure (the median is printed)")
    args = parser.parse_args()
    kinds = args.sets.split(",")
    for language in args.languages.split(","):
        if "generated" in kinds:
            measure(language, fact_costs.generated_sets(language, args.krs), args.rounds)
        real = lint_speed.real_sets().get(language) if "real" in kinds else None
        if real:
            measure(language, real, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
