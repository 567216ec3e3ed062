"""A rule described with no finding at hand (SARIF's rule list, `okrcoach rule`) reads as words:
never ICU template syntax such as `{max, plural, …}` or `{format, select, …}`."""

import json
import re

import pytest

from okrcoach.paths import bundled_dir
from okrcoach.renderers.findings import to_sarif
from okrcoach.rubric import load_rubric
from okrcoach.rubric.docs import general_wording, rule_as_text

RUBRIC = load_rubric(bundled_dir("rubrics"))
SYNTAX = re.compile(r"\{\w+\s*,\s*(?:plural|select)\b")


def test_sarif_rule_help_and_short_description_have_no_template_syntax():
    sarif = json.loads(to_sarif([], RUBRIC))
    described = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert len(described) == len(RUBRIC.rules)
    for rule in described:
        for text in (rule["help"]["text"], rule["shortDescription"]["text"]):
            assert "{" not in text and "}" not in text, (rule["id"], text)


def test_general_wording_fills_counts_from_the_rules_own_numbers():
    rule = next(r for r in RUBRIC.rules if r.code == "OKR303")
    assert general_wording(rule, "fix", "en").startswith("Keep the 5 that matter most")
    assert general_wording(rule, "message", "en") == "The objective has … key results (more than 5)"


@pytest.mark.parametrize("language", ["en", "da", "sv", "de", "fi", "hu"])
def test_rule_pages_show_no_plural_or_select_syntax(language):
    for rule in RUBRIC.rules:
        page = rule_as_text(rule, language)
        assert not SYNTAX.search(page), (rule.code, language, SYNTAX.search(page).group())
