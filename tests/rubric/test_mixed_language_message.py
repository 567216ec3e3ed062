"""OKR309 says exactly what happened: the text is in one language, the set's language is another.

The set's language is the one it declares (or the one given or detected), not "the rest of the
set": a Danish-declared set written wholly in English has no Danish rest, so the message names both
languages and the fix says how to declare the set's real language.
"""

from __future__ import annotations

import pytest

from okrcoach.i18n import msg
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric

RUBRIC = load_rubric(bundled_dir("rubrics"))
LINTER = Linter(RUBRIC)
MIXED = RUBRIC.find("OKR309")

ENGLISH = ["Reduce monthly churn from 3% to 2% by the end of the quarter", "Raise repeat purchases from 18% to 25% of all orders by the end of the quarter"]
DANISH = ["Vi reducerer churn fra 3 % til 2 % i løbet af kvartalet", "Vi øger andelen af genkøb fra 18 % til 25 % af alle ordrer i løbet af kvartalet"]


@pytest.mark.parametrize("language", ["en", "da", "sv", "de", "fi", "hu"])
def test_a_set_written_wholly_in_another_language_is_told_both_languages(language):
    texts, written_in = (DANISH, "da") if language == "en" else (ENGLISH, "en")
    objective = Objective(title="Example objective", key_results=[KeyResult(text=t) for t in texts])
    findings = [f for f in LINTER.lint(OkrSet(language=language, period="2026-Q3", objectives=[objective]), "okr.yaml", language) if f.code == "OKR309" and f.target == "key_result"]
    assert len(findings) == 2
    text_name = msg("phrases.language-name", language=written_in).render(language)
    set_name = msg("phrases.language-name", language=language).render(language)
    values = {"evidence": msg("phrases.language-name", language=written_in), "set_language": msg("phrases.language-name", language=language), "language_code": written_in}
    for finding in findings:
        assert finding.message == MIXED.render("message", language, values)
        assert text_name in finding.message and set_name in finding.message
        assert f"`{written_in}`" in finding.fix
        assert "{" not in finding.message + finding.fix


def test_the_english_message_no_longer_speaks_of_the_rest_of_the_set():
    objective = Objective(title="Example objective", key_results=[KeyResult(text=t) for t in ENGLISH])
    finding = next(f for f in LINTER.lint(OkrSet(language="da", objectives=[objective]), "okr.yaml", "da") if f.code == "OKR309")
    english = MIXED.render("message", "en", {"evidence": "English", "set_language": "Danish"})
    assert english == "Written in English, not in the set's language (Danish); it is judged with that language's words"
    assert "resten af sættet" not in finding.message
