"""The engine's shortcuts give what the plain computations give, on varied texts in six languages.

- `normalise` skips Unicode normalisation and the control and space clean-up for text that needs
  none (printable, already in NFC): it must equal the full clean-up on every text.
- `LanguageGuesser` remembers what each word adds to the scores: the scores must equal a word by
  word computation, also once its memory has been emptied.
- `as_written` looks for a comparator at the end of the quote only when a number follows it: the
  quote must be what looking every time gives.
- the generated stage function reads first the facts earlier rules of the stage surely read
  (`gate_source` with `known`), then in the measured order (`okrcoach.rubric.fact_order`, or any
  order naming some, all or other facts): with any truth values of the facts, every rule must fire
  exactly as `evidence_of` says.
"""

from __future__ import annotations

import random
import re
import unicodedata
from types import SimpleNamespace
from typing import Optional

import pytest

from okrcoach.excerpt import number_after, whole_words
from okrcoach.paths import bundled_dir
from okrcoach.rubric import language as language_module
from okrcoach.rubric import load_rubric
from okrcoach.rubric.analysis import _CONTROL, _CONTROL_CHAR, _QUOTES, _SPACES, normalise
from okrcoach.rubric.kinds.facts import _KeyResultCheck, as_written, evidence_of, fused_stage
from okrcoach.rubric.language import _MARK_WEIGHT, _TOKEN, LanguageGuesser
from tests.rule_examples import example_texts

RUBRIC = load_rubric(bundled_dir("rubrics"))
LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
# Letters, marks, spaces, quotes, dashes and controls `normalise` treats specially, and the words of
# every language's examples around them.
_ODD = [
    "\xa0",
    "\u2007",
    "\u202f",
    "\u2009",
    "\u200a",
    "\t",
    "\n",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x9b",
    "\u202a",
    "\u2066",
    "’",
    "‘",
    "“",
    "”",
    "–",
    "−",
    "İ",
    "ǅ",
    "ﬁ",
    "\u0301",
    "\u0308",
    "\x00",
    "\x7f",
    "\u200b",
    "\ufeff",
    "K",
]


def _examples(language: str) -> list[str]:
    return example_texts(RUBRIC, language)


def _varied(language: str) -> list[str]:
    """The language's examples, as written, decomposed (NFD), and with odd characters put in."""
    texts = _examples(language)
    rng = random.Random(f"fast-paths-{language}")
    varied = []
    for text in texts:
        varied.append(unicodedata.normalize("NFD", text))
        at = rng.randrange(len(text) + 1)
        varied.append(text[:at] + rng.choice(_ODD) + text[at:])
        varied.append(text.upper())
    return texts + varied


def _normalise_plainly(text: str) -> str:
    """`normalise` with every step taken whatever the text."""
    text = unicodedata.normalize("NFC", text)
    if _CONTROL_CHAR.search(text):
        text = _CONTROL.sub(lambda m: " " * len(m.group()), text)
    text = _SPACES.sub(" ", text).translate(_QUOTES)
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.casefold()[: len(text)].ljust(len(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_normalise_gives_the_full_clean_up_on_every_text(language: str) -> None:
    texts = _varied(language)
    rng = random.Random(language)
    texts += ["".join(rng.choice(_ODD + list("aZ æøåäöüßőű 1%.,-'\"")) for _ in range(rng.randrange(12))) for _ in range(2000)]
    shortcut = 0
    for text in texts:
        assert normalise(text) == _normalise_plainly(text), repr(text)
        shortcut += text.isprintable()
    assert shortcut > len(texts) // 3  # the shortcut is taken, and the full path too


def _scores_plainly(guesser: LanguageGuesser, text: str) -> list[float]:
    """The scores word by word, nothing remembered."""
    scores = [0.0] * len(guesser.languages)
    for token in _TOKEN.findall(text.lower()):
        hits = guesser._words.get(token)
        if hits is not None:
            for i, weight in hits:
                scores[i] += weight
            continue
        if len(token) < 4:
            continue
        marked: Optional[frozenset[int]] = None
        if not token.isascii():
            for char in token:
                langs = guesser._letters.get(char)
                if langs is not None:
                    marked = langs if marked is None else (marked & langs or marked | langs)
        if len(token) > 5 and token.endswith(guesser._any_ending):
            ending = next(frozenset(langs) for end, langs in guesser._endings if token.endswith(end))
            marked = ending if marked is None else (marked & ending or marked)
        if marked:
            for i in marked:
                scores[i] += _MARK_WEIGHT / len(marked)
    return scores


def test_the_guesser_scores_every_text_as_word_by_word(monkeypatch: pytest.MonkeyPatch) -> None:
    guesser = LanguageGuesser(RUBRIC.lexicons)
    texts = [text for language in LANGUAGES for text in _varied(language)]
    for text in texts:
        assert guesser._score_list(text) == _scores_plainly(guesser, text), text
    again = [guesser._score_list(text) for text in texts]  # every word now remembered
    assert again == [_scores_plainly(guesser, text) for text in texts]
    monkeypatch.setattr(language_module, "_KNOWN_TOKENS", 5)  # forgets every few words
    small = LanguageGuesser(RUBRIC.lexicons)
    assert [small._score_list(text) for text in texts] == again
    assert len(small._known) <= 5
    assert any(small.confident_language(text) not in (None, "en") for text in texts)


class _Truths:
    """Facts with given truth values that count what is read."""

    def __init__(self, truths: dict[str, bool]) -> None:
        self._truths, self.read, self.text = truths, [], "text"

    def __getattr__(self, name: str):
        self.read.append(name)
        return name if self._truths.get(name) else None


def _fact_rules_and_checks() -> tuple[list, list]:
    """The bundled key-result fact rules and two made-up ones, each with a check whose values
    are its code, so a stage's output names the rules that fired."""
    rules = [rule for rule in RUBRIC.rules if rule.check == "facts" and rule.target != "objective"]
    rules += [SimpleNamespace(code="X1", params={"none": ["a", "b"], "all": ["c"], "any": ["d", "e"]}, target="key_result")]
    rules += [SimpleNamespace(code="X2", params={"all": ["c", "a"], "any": ["e"]}, target="key_result")]
    checks = []
    for rule in rules:
        check = _KeyResultCheck(rule)
        check._values = check._values_once_held = lambda facts, text, rule=rule: {"evidence": rule.code}
        checks.append((rule, check))
    return rules, checks


def test_a_stage_that_reads_known_facts_first_fires_as_each_rule_says() -> None:
    rules, checks = _fact_rules_and_checks()
    run = fused_stage(checks, "on_key_result")
    names = sorted({name for rule in rules for group in ("all", "any", "none") for name in rule.params.get(group) or ()})
    rng = random.Random(17)
    saved = 0
    for _ in range(400):
        truths = {name: rng.random() < 0.3 for name in names}
        fired = {rule.code for rule, _ in run(SimpleNamespace(text="t"), _Truths(truths))}
        expected = {rule.code for rule in rules if evidence_of(rule)(_Truths(truths)) is not None}
        assert fired == expected
        by_stage, by_rules = _Truths(truths), _Truths(truths)
        run(SimpleNamespace(text="t"), by_stage)
        for rule in rules:
            evidence_of(rule)(by_rules)
        saved += len(set(by_rules.read)) - len(set(by_stage.read))
        assert set(by_stage.read) <= set(by_rules.read)  # nothing read that a rule on its own would not read
    assert saved > 0  # the order spares facts


def test_a_stage_read_in_any_order_fires_as_each_rule_says() -> None:
    from okrcoach.rubric.fact_order import ORDER
    from okrcoach.rubric.kinds.facts import reading_order

    rules, checks = _fact_rules_and_checks()
    names = sorted({name for rule in rules for group in ("all", "any", "none") for name in rule.params.get(group) or ()})
    rng = random.Random(23)
    orders = [{code: names.split() for code, names in ORDER["key_result"].items()}]
    for _ in range(12):
        # Each rule's facts shuffled, some left out, some named twice, and facts no rule has.
        order = {}
        for rule in rules:
            own = [name for group in ("all", "any", "none") for name in rule.params.get(group) or ()]
            chosen = rng.sample(own, rng.randint(0, len(own))) + rng.sample(own, min(1, len(own))) + ["not_a_fact"]
            rng.shuffle(chosen)
            order[rule.code] = tuple(chosen)
        orders.append(order)
    for order in orders:
        for rule in rules:
            atoms = [(kind, tuple(sorted(names))) for kind, names in reading_order(rule, set(), order.get(rule.code))]
            assert sorted(atoms) == sorted((kind, tuple(sorted(names))) for kind, names in reading_order(rule)), rule.code  # every atom, once
        run = fused_stage(checks, "on_key_result", order)
        for _ in range(150):
            truths = {name: rng.random() < 0.3 for name in names}
            fired = [rule.code for rule, _ in run(SimpleNamespace(text="t"), _Truths(truths))]
            assert fired == [rule.code for rule in rules if evidence_of(rule)(_Truths(truths)) is not None]


def test_gate_source_refuses_a_name_that_is_no_attribute() -> None:
    from okrcoach.rubric.kinds.facts import gate_source

    assert gate_source(SimpleNamespace(params={"all": ["not a name"]})) is None
    assert re.fullmatch(r"f\.a and not f\.b", gate_source(SimpleNamespace(params={"all": ["a"], "none": ["b"]})) or "")


def _as_written_plainly(evidence: str, text: str, lexicon) -> str:
    """`as_written` looking for a comparator at the end of every quote."""
    at = text.find(evidence)
    if at < 0:
        at = normalise(text).find(evidence)
        if at < 0:
            return evidence
    start, end = whole_words(text, at, at + len(evidence))
    if lexicon.has("comparator"):
        lowered = normalise(text[start:end])
        if any(m.end() == len(lowered) for m in lexicon.finditer("comparator", lowered)):
            end = number_after(text, end)
    return text[start:end].strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_quote_is_widened_to_the_number_its_comparator_compares_as_always(language: str) -> None:
    lexicon = RUBRIC.lexicons[language]
    rng = random.Random(f"quote-{language}")
    comparators = ["at least", "mindst", "minst", "mindestens", "vähintään", "legalább", "over", "under", "≥", "max", "below"]
    widened = 0
    for text in _varied(language):
        words = text.split()
        for _ in range(3):
            cut = rng.randrange(len(words) + 1)
            written = " ".join([*words[:cut], rng.choice(comparators), rng.choice(["73 %", "1 200", "-5", "3.", "x", ""]), *words[cut:]])
            lowered = normalise(written)
            for evidence in (written, lowered[: rng.randrange(len(lowered) + 1)], " ".join(lowered.split()[: cut + 1])):
                if not evidence:
                    continue
                got = as_written(evidence, written, lexicon)
                assert got == _as_written_plainly(evidence, written, lexicon), (evidence, written)
                widened += len(got) > len(evidence.strip()) + 1
    assert widened > 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_report_writes_every_finding_as_its_rule_renders_it(language: str) -> None:
    """`write_texts` fills each rule's templates through functions made once per rule and language
    (`rule_renderers`): every message and fix must be what `rule.render` writes, plural, select
    and number placeholders included (a set with too many objectives and key results)."""
    from okrcoach.model import KeyResult, Objective, OkrSet
    from okrcoach.rubric import Linter
    from okrcoach.rubric.findings import write_texts

    texts = _examples(language)
    objectives = [Objective(title=text, key_results=[KeyResult(text=t) for t in texts[i : i + 7]]) for i, text in enumerate(texts[::7])]
    findings = Linter(RUBRIC).lint(OkrSet(language=language, period="2027-Q1", objectives=objectives))
    write_texts(findings)
    assert len({f.code for f in findings}) > 15 and any(f.code == "OKR304" for f in findings)
    for finding in findings:
        rule, written_in, values = finding.__dict__["_texts"]
        assert (finding.message, finding.fix) == (rule.render("message", written_in, values), rule.render("fix", written_in, values))


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_line_gives_the_split_and_join_on_every_text(language: str) -> None:
    """`one_line` returns printable text with single inner spaces as it is: it must equal joining
    its words on every text, with odd spaces, line breaks and controls put in."""
    from okrcoach.excerpt import one_line

    rng = random.Random(f"one-line-{language}")
    as_is = 0
    for text in _varied(language):
        for variant in (text, f" {text}", f"{text} ", text.replace(" ", "  ", 1), text.replace(" ", rng.choice(_ODD), 1), "", " ", rng.choice(_ODD)):
            assert one_line(variant) == " ".join(variant.split()), repr(variant)
            as_is += one_line(variant) is variant
    assert as_is > 10
