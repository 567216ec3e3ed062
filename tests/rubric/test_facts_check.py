"""A `facts` rule fires exactly as its groups say, on a few hundred varied texts in every language.

The engine runs each rule's stage method for every key result and objective, so it is written for
speed (`kinds/facts.py`). These tests hold it to a plain reading of the rule: every `all` fact
holds, one `any` fact does, no `none` fact does; the evidence is the first `all` fact's, else the
`any` fact's, unless `evidence:` names another (or `any`); else the text itself.
"""

from __future__ import annotations

import random

import pytest

from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import kinds, load_rubric
from okrcoach.rubric.analysis import KeyResultFacts, ObjectiveFacts
from okrcoach.rubric.kinds.facts import as_written

RUBRIC = load_rubric(bundled_dir("rubrics"))
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
_EXTRAS = ["3", "25 %", "from 10 to 20", "fra 78 % til 88 %", "8 % → 12 %", "2027", "Q3", "by 31 December 2027", "TBD", "N5", "every month", "at least", "(#1234)", "Tech:", "weekly", "100 %"]


def _example_texts(language: str) -> list[str]:
    texts = []
    for rule in RUBRIC.rules:
        examples = rule.examples.get(language)
        if examples is None:
            continue
        for example in (*examples.fail, *examples.pass_):
            if isinstance(example, str):
                texts.append(example)
            elif isinstance(example, dict) and isinstance(example.get("text"), str):
                texts.append(example["text"])
    return texts


def _varied_texts(language: str, count: int = 60) -> list[str]:
    """The rule examples of a language and random changes of them: words dropped, swapped, joined
    with another example, numbers, dates and placeholders put in."""
    examples = _example_texts(language)
    rng = random.Random(f"facts-check-{language}")
    texts = rng.sample(examples, min(len(examples), count // 2))
    while len(texts) < count:
        words = rng.choice(examples).split()
        change = rng.randrange(4)
        if change == 0 and len(words) > 1:
            del words[rng.randrange(len(words))]
        elif change == 1 and len(words) > 1:
            i, j = rng.randrange(len(words)), rng.randrange(len(words))
            words[i], words[j] = words[j], words[i]
        elif change == 2:
            words += rng.choice(examples).split()[:4]
        else:
            words.insert(rng.randrange(len(words) + 1), rng.choice(_EXTRAS))
        texts.append(" ".join(words))
    return texts


def _expected(rule, facts, text: str):
    """The rule's values read plainly off every fact it names."""
    params = rule.params
    if not all(getattr(facts, name) for name in params.get("all", [])):
        return None
    if any(getattr(facts, name) for name in params.get("none", [])):
        return None
    found = next((value for value in (getattr(facts, name) for name in params.get("any", [])) if value), None)
    if params.get("any") and not found:
        return None
    evidence = (getattr(facts, params["all"][0]) if params.get("all") else None) or found
    if params.get("evidence") == "any":
        evidence = found or evidence
    elif params.get("evidence"):
        evidence = getattr(facts, params["evidence"]) or evidence
    evidence = evidence or facts.text
    if not evidence:
        return None
    values = {"evidence": as_written(facts.as_in_text(evidence), text, facts.lexicon)}
    if params.get("any"):
        values["fact"] = next(name for name in params["any"] if getattr(facts, name))
    return values  # judged in its own language here, so no set-language values


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_facts_rule_fires_as_its_groups_say(language):
    lexicon = RUBRIC.lexicons[language]
    rules = [rule for rule in RUBRIC.rules if rule.check == "facts"]
    checks = [(rule, kinds.compile_check(rule, {})) for rule in rules]
    compared = fired = 0
    for text in _varied_texts(language):
        period = "2027-Q1" if len(text) % 2 else None
        kr = KeyResult(text=text, target=10 if len(text) % 7 == 0 else None)
        objective = Objective(title=text, key_results=[kr])
        okr_set = OkrSet(language=language, period=period, objectives=[objective])
        for rule, check in checks:
            if hasattr(check, "on_key_result"):
                got = check.on_key_result(kr, KeyResultFacts(kr, objective, okr_set, lexicon, language))
                assert got == _expected(rule, KeyResultFacts(kr, objective, okr_set, lexicon, language), text), (rule.code, text)
                compared += 1
                fired += got is not None
            if hasattr(check, "on_objective"):
                got = check.on_objective(objective, ObjectiveFacts(objective, okr_set, lexicon, language))
                assert got == _expected(rule, ObjectiveFacts(objective, okr_set, lexicon, language), text), (rule.code, text)
                compared += 1
                fired += got is not None
    assert compared > 1000 and fired > 50  # the texts exercise the rules, firing and not


class _Reads:
    """Facts with given truth values that record the order they are read in."""

    def __init__(self, truths: dict[str, bool]) -> None:
        self._truths, self.read, self.text = truths, [], "text"

    def __getattr__(self, name: str):
        self.read.append(name)
        return name if self._truths.get(name) else None


def _names_of(params: dict) -> list[str]:
    return sorted({name for group in ("all", "any", "none") for name in params.get(group) or ()})


@pytest.mark.parametrize(
    "params",
    [
        *[dict(rule.params) for rule in RUBRIC.rules if rule.check == "facts"],
        {"none": ["a", "b"], "all": ["c"], "any": ["d", "e"]},
        {"any": [], "all": ["a"]},
        {"all": [], "none": []},
    ],
)
def test_the_generated_gate_reads_the_facts_evidence_of_reads_and_decides_alike(params):
    from types import SimpleNamespace

    from okrcoach.rubric.kinds.facts import _KeyResultCheck, evidence_of, fused_stage, gate_source

    rule = SimpleNamespace(params=params, target="key_result")
    names = _names_of(params)
    compiled = _KeyResultCheck(rule)
    compiled._values = compiled._values_once_held = lambda facts, text: {"evidence": text}
    run = fused_stage([(rule, compiled)], "on_key_result")

    def check(element, facts):
        found = run(element, facts)
        return found[0][1] if found else None

    rng = random.Random(len(names))
    for _ in range(200):
        truths = {name: rng.random() < 0.4 for name in names}
        by_gate, by_evidence = _Reads(truths), _Reads(truths)
        fired = check(SimpleNamespace(text="t"), by_gate) is not None
        assert fired == (evidence_of(rule)(by_evidence) is not None)
        assert by_gate.read == by_evidence.read[: len(by_gate.read)]  # the same facts, in the same order, up to the decision
    assert gate_source(SimpleNamespace(params={"all": ["not a name"]})) is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_stage_run_as_one_function_gives_what_each_check_gives_in_rule_order(language):
    lexicon = RUBRIC.lexicons[language]
    compiled = [(rule, check) for rule in RUBRIC.rules if (check := kinds.compile_check(rule, {})) is not None]
    on_key_result = kinds.element_stage(compiled, "on_key_result")  # all facts checks: one generated function
    on_objective = kinds.element_stage(compiled, "on_objective")  # count and length checks called in their place
    fired, other_kinds = 0, set()
    for text in _varied_texts(language):
        kr = KeyResult(text=text)
        title = text if len(text) % 3 else " ".join([text] * 4)  # sometimes longer than `objective-max-length`
        objective = Objective(title=title, key_results=[kr] * (1 + len(text) % 7))  # sometimes more than `max-key-results`
        okr_set = OkrSet(language=language, objectives=[objective])
        facts = KeyResultFacts(kr, objective, okr_set, lexicon, language)
        expected = [(rule, values) for rule, check in compiled if hasattr(check, "on_key_result") and (values := check.on_key_result(kr, KeyResultFacts(kr, objective, okr_set, lexicon, language)))]
        assert on_key_result(kr, facts) == expected, text
        objective_facts = ObjectiveFacts(objective, okr_set, lexicon, language)
        expected = [
            (rule, values)
            for rule in RUBRIC.rules
            if (check := kinds.compile_check(rule, {})) is not None
            and hasattr(check, "on_objective")
            and (values := check.on_objective(objective, ObjectiveFacts(objective, okr_set, lexicon, language)))
        ]
        assert on_objective(objective, objective_facts) == expected, text
        fired += len(expected)
        other_kinds.update(rule.check for rule, _ in expected if rule.check != "facts")
    assert fired > 20
    assert other_kinds == {"count", "length"}
