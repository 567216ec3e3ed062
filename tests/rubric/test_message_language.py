"""No rule speaks English in a file of another language.

A finding in a Danish, Swedish, German, Finnish or Hungarian file is rendered from that language's
templates, and what the rubric puts into it is either the user's own words (quoted evidence) or a
phrase in the file's language: a structured field is named as the reader would ("frist 2026-12-31",
not "deadline: 2026-12-31"), a language by its local name. These tests lint every rule's fail
examples, a set that trips the rules on structured fields, and the real-world exports under
tests/data/exports in each language, and look for English words in what okrcoach wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from okrcoach.linting import verdict_of_text
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric
from okrcoach.rubric.analysis import normalise
from tests.rule_examples import lint_example

RUBRIC = load_rubric(bundled_dir("rubrics"))
LINTER = Linter(RUBRIC)
LANGUAGES = ("da", "sv", "de", "fi", "hu")
ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "tests" / "data" / "exports"

# Words of English that none of the five other languages writes (German keeps "Key Result" and
# "Objective" as terms, the Nordic languages "guardrail", so those are not here).
ENGLISH = re.compile(
    r"\b(?:the|and|with|which|should|this|that|has|deadline|baseline|target|direction|increase|decrease|"
    r"english|danish|swedish|german|finnish|hungarian|true|false|committed|marked|rule|file|line|missing|unknown)\b",
    re.IGNORECASE,
)
_CODE = re.compile(r"`[^`]*`")

# A set that trips the rules reading structured fields: a deadline outside the period, a direction
# contradicting its values, a key result in English in another language's set.
STRUCTURED = {
    "da": ("Kunderne bliver hos os længere", "Øg fornyelsesraten fra 80 % til 90 %", "Sænk churn", "Kundetilfredshed"),
    "sv": ("Kunderna stannar längre hos oss", "Öka förnyelsegraden från 80 % till 90 %", "Sänk churn", "Kundnöjdhet"),
    "de": ("Kunden bleiben länger bei uns", "Verlängerungsquote von 80 % auf 90 % steigern", "Churn senken", "Kundenzufriedenheit"),
    "fi": ("Asiakkaat pysyvät kauemmin", "Nostetaan uusimisaste 80 %:sta 90 %:iin", "Lasketaan asiakaspoistumaa", "Asiakastyytyväisyys"),
    "hu": ("Az ügyfelek tovább maradnak velünk", "A megújítási arányt 80%-ról 90%-ra emeljük", "Csökkentjük a lemorzsolódást", "Ügyfélelégedettség"),
}


def structured_file(language: str) -> str:
    objective, renewal, churn, metric = STRUCTURED[language]
    return f"""language: {language}
period: 2026-Q3
objectives:
  - title: {objective}
    key_results:
      - text: {renewal}
        deadline: 2026-12-31
      - text: {churn}
        direction: increase
        baseline: 50
        target: 40
      - text: Reduce the monthly churn of our enterprise customers from 3% to 2% by working closely with account managers
      - text: {metric}
        target: 4.5
"""


def english_words(finding, source: str) -> list[str]:
    """English words in what okrcoach wrote into a finding: its message and fix without the user's
    own words (evidence found in the source, code in backticks)."""
    text = f"{finding.message}\n{finding.fix or ''}"
    evidence = finding.evidence or ""
    pieces = [piece.strip() for piece in evidence.split(" … ") if piece.strip()]
    if pieces and all(normalise(piece) in normalise(source) for piece in pieces):
        for piece in pieces:
            text = text.replace(piece, " ")
    return ENGLISH.findall(_CODE.sub(" ", text))


def _example_source(example) -> str:
    if isinstance(example, dict):
        return " ".join(str(value) for value in example.values())
    return str(example)


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_examples_get_no_english_words(language):
    leaks = []
    for rule in RUBRIC.rules:
        examples = rule.examples.get(language)
        if not examples:
            continue
        for example in examples.fail:
            for finding in lint_example(example, rule.target, language, LINTER):
                found = english_words(finding, _example_source(example))
                if found:
                    leaks.append((finding.code, found, finding.message))
    assert not leaks, f"English in {language} findings: {leaks[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_structured_fields_are_named_in_the_files_language(language):
    text = structured_file(language)
    _, report = verdict_of_text(text, f"set.{language}.okr.yaml", LINTER)
    codes = {finding.code for finding in report.findings}
    assert {"OKR211", "OKR308", "OKR309"} <= codes, sorted(codes)
    leaks = [(f.code, english_words(f, text), f.message) for f in report.findings if english_words(f, text)]
    assert not leaks, f"English in {language} findings: {leaks}"


EXPORT_FILES = sorted(path for path in EXPORTS.iterdir() if not path.name.endswith(".expected.yaml") and "-en-" not in path.name)


@pytest.mark.parametrize("path", EXPORT_FILES, ids=lambda path: path.name)
def test_exports_get_no_english_words(path):
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    _, report = verdict_of_text(text, path.name, LINTER)
    assert report.language in LANGUAGES, report.language
    leaks = [(f.code, english_words(f, text), f.message) for f in report.findings if english_words(f, text)]
    assert not leaks, f"English in {path.name} findings: {leaks}"


def test_the_check_sees_english_when_there_is_some():
    """The detector itself: a field named in English is caught, the user's own English words are not."""
    from okrcoach.model import Finding, Level

    leak = Finding(
        path="x",
        line=1,
        code="OKR211",
        name="n",
        category="structure",
        level=Level.warning,
        target="key_result",
        message="Tidspunktet »deadline: 2026-12-31« ligger uden for perioden",
        fix="",
        evidence="deadline: 2026-12-31",
    )
    assert english_words(leak, "Øg fornyelsesraten") == ["deadline"]
    quoted = Finding(
        path="x",
        line=1,
        code="OKR220",
        name="n",
        category="outcome",
        level=Level.warning,
        target="key_result",
        message="Indledes med aktiviteten »Analyse the funnel«",
        fix="",
        evidence="Analyse the funnel",
    )
    assert english_words(quoted, "Analyse the funnel with the team") == []
