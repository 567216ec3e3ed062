"""The machine reports laid out from templates are byte for byte what laying out their data gives.

SARIF results are written from a template (`JsonText`) instead of being walked one by one, and the
text report lays out a file's findings in one pass when none needs neutralising. Both must give
exactly what the plain layout gives, on files in every language and on texts with quotes,
backslashes, line breaks, controls, bidirectional marks and lone surrogates.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrcoach.formats import read_bytes
from okrcoach.linting import lint_result
from okrcoach.paths import bundled_dir
from okrcoach.renderers import findings as formats
from okrcoach.rubric import Linter, load_rubric
from okrcoach.rubric.findings import write_texts
from okrcoach.terminal import JsonText, dumps_json

REPO = Path(__file__).resolve().parents[1]
RUBRIC = load_rubric(bundled_dir("rubrics"))
ODD = ['"quoted"', "back\\slash", "tab\there", "bell\x07", "esc\x1b[2J", "c1\x9b", "rlo\u202e", "lone\udcff", "nbsp\u00a0", "emoji ✅", "æøå ő"]


def _reports() -> list:
    linter = Linter(RUBRIC)
    paths = sorted((REPO / "examples").glob("*.okr.*")) + sorted((REPO / "tests" / "data" / "exports").glob("*.md"))[:6]
    reports = [lint_result(read_bytes(path.read_bytes(), str(path)), linter) for path in paths]
    lines = ["period: 2027-Q1", "objectives:"]
    for odd in ODD:
        lines += [f"  - title: {json.dumps('Objective ' + odd)}", "    key_results:", f"      - {json.dumps('Launch the ' + odd + ' portal')}", f"      - {json.dumps(odd)}"]
    text = "\n".join(lines) + "\n"
    reports.append(lint_result(read_bytes(text.encode("utf-8", "surrogateescape"), "odd/pa\\th \u202e.okr.yaml"), linter))
    for report in reports:
        write_texts(report.findings)
    assert sum(len(r.findings) for r in reports) > 50
    return reports


REPORTS = _reports()


def test_sarif_results_from_the_template_are_the_laid_out_results(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = formats.to_sarif(REPORTS, RUBRIC)
    monkeypatch.setattr(formats, "_sarif_result_json", formats._sarif_result)
    assert fast == formats.to_sarif(REPORTS, RUBRIC)
    assert json.loads(fast)["runs"][0]["results"][0]["ruleId"]


@pytest.mark.parametrize("language", ["en", "da", "sv", "de", "fi", "hu", "xx"])
def test_sarif_messages_written_once_per_language_are_the_report_words(language: str) -> None:
    from okrcoach.renderers.report_words import words

    said = formats._SarifSaid()
    for message, fix in [("Add a target", "Write `target: 40`"), ("{odd} 50 %", ""), *zip(ODD, reversed(ODD))]:
        assert said.message(language, message, fix) == words("fix-inline", language, message=message, fix=fix)
    for path in ["a b/ø.okr.md", "/abs/x:y.okr.yaml", "C:\\okr\\q1.okr.csv", "a b/ø.okr.md"]:
        assert said.uri(path) == formats.sarif_uri(path)


def test_json_text_is_placed_as_it_stands_or_read_back_for_another_layout() -> None:
    value = {"a": ["x\u202e", 1, None, {"b": [True, 2.5]}], "c": {}}
    for level in range(4):
        text = JsonText(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level), level)
        data = {"outer": [{"inner": [text]}]} if level == 4 else {"list": [text, text]} if level == 2 else {"k": text}
        plain = {"outer": [{"inner": [value]}]} if level == 4 else {"list": [value, value]} if level == 2 else {"k": value}
        assert dumps_json(data) == dumps_json(plain)
        assert dumps_json(data, indent=1) == dumps_json(plain, indent=1)  # another layout: read back


def test_the_text_report_lays_out_clean_files_as_finding_by_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    clean = [report for report in REPORTS if formats._all_shown_as_is(report.findings)]
    assert clean and len(clean) < len(REPORTS)  # files laid out in one pass, and one that is not
    for show_fix in (True, False):
        fast = formats.to_text(REPORTS, colour=False, show_fix=show_fix)
        with monkeypatch.context() as patched:
            patched.setattr(formats, "_all_shown_as_is", lambda findings: False)  # finding by finding
            assert formats.to_text(REPORTS, colour=False, show_fix=show_fix) == fast
