"""Meta-tests over every rule file and lexicon: shape, uniqueness, documentation, coverage."""

from __future__ import annotations

import re

import pytest

from okrcoach.i18n import placeholders
from okrcoach.language_data import bundled_languages
from okrcoach.paths import bundled_dir
from okrcoach.rubric import load_rubric
from okrcoach.rubric.loader import RubricError, load_rule

LANGUAGES = tuple(bundled_languages())  # the languages okrcoach ships, from the lexicon files

RUBRIC = load_rubric(bundled_dir("rubrics"))
CORE_CATEGORIES = ("measurable", "time-bound", "outcome", "kpi")
_PLACEHOLDERS = {"evidence", "count", "min", "max", "first", "reason", "period", "format", "fact", "set_language", "language_code"}


@pytest.mark.parametrize("rule", RUBRIC.rules, ids=lambda r: r.code)
def test_rule_is_documented_and_has_examples(rule):
    assert rule.why.strip(), f"{rule.code}: add a `why:` explaining the advice and its source"
    assert rule.text("fix", "en").strip(), f"{rule.code}: add a `fix:` written as an instruction"
    assert "en" in rule.examples, f"{rule.code}: add English examples under examples.en"
    missing = [language for language in LANGUAGES if language not in rule.examples]
    assert not missing, f"{rule.code}: add pass/fail examples in {missing} (house style: every rule in every language)"
    for language, examples in rule.examples.items():
        assert language in LANGUAGES, f"{rule.code}: examples for unknown language {language}"
        assert examples.fail, f"{rule.code}: add at least one `fail` example for {language}"
        assert examples.pass_ or rule.check == "reader", f"{rule.code}: add at least one `pass` example for {language}"


@pytest.mark.parametrize("rule", RUBRIC.rules, ids=lambda r: r.code)
def test_message_placeholders_are_known(rule):
    for field in ("message", "fix"):
        texts = [getattr(rule, field)] if isinstance(getattr(rule, field), str) else list(getattr(rule, field).values())
        for text in texts:
            names = placeholders(text)
            assert names <= _PLACEHOLDERS, f"{rule.code}: unknown placeholders {names - _PLACEHOLDERS} in {field}"


def test_codes_names_and_files_are_unique_and_consistent():
    codes = [r.code for r in RUBRIC.rules]
    names = [r.name for r in RUBRIC.rules]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    for path in bundled_dir("rubrics").rglob("*.yaml"):
        if "lexicons" in path.parts or "messages" in path.parts:
            continue
        rule = load_rule(path)
        assert path.stem == rule.name, f"{path}: rename to {rule.name}.yaml"


def test_one_working_rule_per_core_criterion():
    for category in CORE_CATEGORIES:
        assert any(r.category == category and r.check == "facts" and r.level.value == "warning" for r in RUBRIC.rules), category


def test_every_lexicon_compiles():
    assert "en" in RUBRIC.lexicons
    for language, lexicon in RUBRIC.lexicons.items():
        assert language in LANGUAGES, f"lexicon for unknown language {language}"
        lexicon.regexes.compile_all()


def test_a_lexicon_with_messages_is_refused():
    """Rule texts moved to rubrics/messages/<lang>.yaml; a lexicon still carrying them says where."""
    from okrcoach.rubric.lexicon import LexiconError, compile_lexicon

    with pytest.raises(LexiconError, match="rubrics/messages"):
        compile_lexicon({"language": "da", "messages": {"OKR201": {"message": "x"}}}, source="da.yaml")


def test_invalid_rule_files_are_reported_with_their_path(tmp_path):
    bad = tmp_path / "bad-rule.yaml"
    bad.write_text("code: OKR999\nname: bad-rule\ntarget: key_result\ncategory: outcome\nlevel: warning\ncheck: facts\nparams: {all: [has_targt]}\nmessage: m\nfix: f\nwhy: w\n")
    with pytest.raises(RubricError, match=re.escape(str(bad)) + ".*unknown fact `has_targt`.*did you mean `has_target`"):
        load_rule(bad)
    bad.write_text("code: KR1\nname: Bad Name\n")
    with pytest.raises(RubricError, match="invalid rule"):
        load_rule(bad)


def test_extra_rule_folder_cannot_reuse_a_code(tmp_path):
    (tmp_path / "my-rule.yaml").write_text((bundled_dir("rubrics") / "key-result" / "bare-metric.yaml").read_text().replace("name: bare-metric", "name: my-rule"))
    with pytest.raises(RubricError, match="OKR232"):
        load_rubric(bundled_dir("rubrics"), (tmp_path,))
