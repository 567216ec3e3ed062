"""What a finding says depends on the file it is about: one finding per fact (an objective with no
key results is not also "only one key result"), and a fix that names the place a field has in
that kind of file (a spreadsheet has a period column, not a `period:` line)."""

from __future__ import annotations

import pytest

from okrcoach.language_data import bundled_languages
from okrcoach.linting import verdict_of_text
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, LintOptions, load_rubric

LANGUAGES = tuple(bundled_languages())
LINTER = Linter(load_rubric(bundled_dir("rubrics")))


def _codes(text: str, path: str) -> list[str]:
    return [f.code for f in verdict_of_text(text, path, LINTER)[1].findings]


def test_an_objective_without_key_results_is_reported_once():
    codes = _codes("# Sales OKRs Q1 2027\n\n## Objective 1: Become the first choice of Danish webshops\n\nSome words.\n", "s.okr.md")
    assert "OKR301" in codes
    assert "OKR302" not in codes


def test_an_objective_with_one_key_result_still_gets_the_hint():
    codes = _codes("period: 2027-Q1\nobjectives:\n  - title: Delight our customers\n    key_results: [Raise NPS from 31 to 45]\n", "s.okr.yaml")
    assert "OKR302" in codes and "OKR301" not in codes


def test_only_one_key_result_stays_quiet_at_zero_even_when_no_key_results_is_ignored():
    rubric = load_rubric(bundled_dir("rubrics"))
    linter = Linter(rubric, LintOptions(enabled=frozenset(r.code for r in rubric.rules if r.code != "OKR301")))
    report = verdict_of_text("objectives:\n  - title: Delight our customers\n", "s.okr.yaml", linter)[1]
    assert [f.code for f in report.findings if f.code in ("OKR301", "OKR302")] == []


CSV = "Objective,Key result\nDelight our customers,Raise NPS from 31 to 45\n"
YAML = "objectives:\n  - title: Delight our customers\n    key_results: [Raise NPS from 31 to 45]\n"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_time_frame_fix_names_a_column_in_a_spreadsheet_and_a_field_elsewhere(language):
    linter = Linter(load_rubric(bundled_dir("rubrics")), LintOptions(language=language))
    csv_fix = next(f.fix for f in verdict_of_text(CSV, "s.okr.csv", linter)[1].findings if f.code == "OKR210")
    yaml_fix = next(f.fix for f in verdict_of_text(YAML, "s.okr.yaml", linter)[1].findings if f.code == "OKR210")
    assert "`period:`" in yaml_fix
    assert "`period:`" not in csv_fix
    assert csv_fix != yaml_fix
    assert "{" not in csv_fix and "{" not in yaml_fix
