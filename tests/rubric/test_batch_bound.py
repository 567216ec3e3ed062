"""The batch bound bench measures what it says: its oracle stage gives the full stage's hits, and a
fact put in a facts object beforehand is read, not computed again.

bench/batch_bound.py times today's key-result stage against oracles made of it (only the rules that
fire; facts copied in from a first pass). If the engine's stage or the facts' caching changed so
that a copied fact were computed anyway, or the oracle missed a rule, the bench would report a
bound that is no bound; these tests would fail first.
"""

from __future__ import annotations

import pytest

from okrcoach.rubric import analysis
from tests.bench_modules import bench_module


@pytest.fixture(scope="module")
def bench():
    yield from bench_module("batch_bound")


@pytest.fixture(scope="module")
def plan(bench):
    import lint_speed

    sets = bench.generated_sets("hu", 40) + bench.generated_sets("en", 40)
    return bench.Plan(lint_speed._linter(), sets, 0.9)


def test_the_oracle_stage_gives_the_full_stages_hits(plan):
    assert any(item[7] for item in plan.items), "some rule fires on the generated key results"
    plan._check_oracle()  # SystemExit on the first key result whose hits differ


def test_copied_facts_are_read_not_computed(bench, plan, monkeypatch):
    from okrcoach.rubric.analysis import KeyResultFacts

    assert "masked" in plan.column and plan.rare, "the common and rare facts are found"
    computed: list[str] = []
    original = analysis.cached_property.__get__

    def counting(prop, instance, owner=None):
        if instance is not None:
            computed.append(prop.name)
        return original(prop, instance, owner)

    monkeypatch.setattr(analysis.cached_property, "__get__", counting)
    for kr, objective, okr_set, lexicon, objective_lexicon, objective_facts, _, hits, values in plan.items:
        facts = KeyResultFacts(kr, objective, okr_set, plan.linter.own_lexicon(kr.text, lexicon), lexicon.language, objective_lexicon, objective_facts)
        facts.__dict__.update({name: values[name] for name in plan.column if name in values})
        found = plan.linter._on_key_result(kr, facts)
        assert bench._comparable(found) == hits, kr.text
    assert not set(computed) & set(plan.column), "a copied fact was computed again"
