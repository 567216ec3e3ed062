"""Every finding speaks the file's language.

The catalogues (`rubrics/messages/<lang>.yaml`) have every key the English source has, with the same
parameters; the readers raise only keys that exist; and linting every rule's own fail examples in
each language gives findings whose message and fix were rendered from that language's templates
(not from the English ones), with every placeholder filled.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from okrcoach import i18n
from okrcoach.i18n import load_catalog, messages_dir, parse, placeholders
from okrcoach.language_data import bundled_languages
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, load_rubric
from tests.rule_examples import lint_example

LANGUAGES = tuple(bundled_languages())  # the languages okrcoach ships, from the lexicon files

RUBRIC = load_rubric(bundled_dir("rubrics"))
LINTER = Linter(RUBRIC)
OTHER_LANGUAGES = [language for language in LANGUAGES if language != "en"]
SOURCE = Path(__file__).resolve().parents[2] / "src" / "okrcoach"
_UNFILLED = re.compile(r"\{[A-Za-z_]\w*(?:,[^{}]*)?\}")


@cache
def catalogue(language: str) -> dict[str, str]:
    return load_catalog(messages_dir() / f"{language}.yaml").entries


@cache
def english() -> dict[str, str]:
    """Every English template: the English catalogue plus each rule's texts from its file and the
    command line's help texts from the code that adds each option."""
    from okrcoach.cli import help_texts

    entries = dict(catalogue("en"))
    for rule in RUBRIC.rules:
        for field in ("message", "fix", "why"):
            entries[f"rules.{rule.code}.{field}"] = rule.text(field, "en")
    entries.update(help_texts())
    return entries


def test_catalogues_exist_for_every_language():
    assert sorted(i18n.languages()) == sorted(LANGUAGES)


def test_english_catalogue_leaves_rule_texts_to_the_rule_files():
    assert not [key for key in catalogue("en") if key.startswith("rules.")]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_catalogue_has_every_key_and_nothing_else(language):
    expected, found = set(english()), set(catalogue(language))
    assert not sorted(expected - found), f"{language}.yaml lacks {sorted(expected - found)}"
    assert not sorted(found - expected), f"{language}.yaml has keys English does not: {sorted(found - expected)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_templates_parse_and_keep_the_english_parameters(language):
    entries = english() if language == "en" else catalogue(language)
    problems = []
    for key, template in sorted(entries.items()):
        try:
            names = placeholders(template)
        except i18n.TemplateError as exc:
            problems.append(f"{key}: {exc}")
            continue
        source = english()[key]
        if names != placeholders(source):
            problems.append(f"{key}: parameters {sorted(names)}, English has {sorted(placeholders(source))}")
        for name, selectors in i18n.branches(source).items():
            kind = _kind_of(source, name)
            if kind == "select":
                missing = selectors - i18n.branches(template).get(name, set())
                if missing:
                    problems.append(f"{key}: `{name}` lacks the branches {sorted(missing)}")
    assert not problems, "\n".join(problems)


def _kind_of(template: str, name: str) -> str:
    for node in _walk(parse(template)):
        if isinstance(node, tuple) and node[0] in ("plural", "select") and node[1] == name:
            return node[0]
    return ""


def _walk(nodes):
    for node in nodes:
        yield node
        if isinstance(node, tuple) and node[0] in ("plural", "select"):
            for branch in node[2].values():
                yield from _walk(branch)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_text_is_translated(language):
    """A finding's message or fix that reads the same as the English one was not translated."""
    same = [key for key, text in catalogue(language).items() if text == english()[key] and key.startswith(("rules.", "issues.", "phrases.")) and _has_words(text)]
    assert not same, f"{language}.yaml repeats the English text of {same}"


def _has_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{4,}", re.sub(r"`[^`]*`|\{[^{}]*\}", "", text)))


# -- the keys the code raises --------------------------------------------------------------------


def _calls():
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                yield path, node


def _key_pattern(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(re.escape(part.value) if isinstance(part, ast.Constant) else r"[\w-]+" for part in node.values)
    if isinstance(node, ast.IfExp):
        body, orelse = _key_pattern(node.body), _key_pattern(node.orelse)
        return f"(?:{body}|{orelse})" if body and orelse else None
    return None


def _forwards(node: ast.AST) -> bool:
    """`ReadIssue.of(code, line, key, …)` inside a helper that passes its own `key` on."""
    return isinstance(node, ast.Name) and node.id == "key" or isinstance(node, ast.Attribute) and node.attr == "key"


def _raised_issue_keys() -> list[tuple[str, str]]:
    keys = []
    for path, call in _calls():
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        receiver = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        if (name == "of" and receiver == "ReadIssue") or name in ("issue", "_Refused") and len(call.args) >= 3:
            if len(call.args) > 2 and _forwards(call.args[2]):
                continue
            pattern = _key_pattern(call.args[2]) if len(call.args) > 2 else None
            keys.append((f"{path.name}:{call.lineno}", pattern or "<not a literal>"))
        elif name == "of" and receiver == "Refused":  # the reading gate: `Refused.of(key, **params)`
            pattern = _key_pattern(call.args[0]) if call.args else None
            keys.append((f"{path.name}:{call.lineno}", pattern or "<not a literal>"))
    return keys


def test_readers_raise_issues_by_key_only():
    """A reader builds a `ReadIssue` with `ReadIssue.of(code, line, key, …)`, and the reading gate a
    `Refused` with `Refused.of(key, …)`, never with English text."""
    direct = [f"{path.relative_to(SOURCE)}:{call.lineno}" for path, call in _calls() if isinstance(call.func, ast.Name) and call.func.id in ("ReadIssue", "Refused")]
    assert not direct, (
        f"ReadIssue(...) or Refused(...) with a ready-made message at {direct}: use ReadIssue.of(code, line, key, **params) or Refused.of(key, **params) and add the key to rubrics/messages/*.yaml"
    )


def test_every_raised_issue_key_has_templates_and_every_template_is_raised():
    defined = {key.split(".")[1] for key in catalogue("en") if key.startswith("issues.")}
    raised = _raised_issue_keys()
    assert len(raised) > 40
    unknown = [(where, pattern) for where, pattern in raised if not any(re.fullmatch(pattern, key) for key in defined)]
    assert not unknown, f"issue keys raised but missing from rubrics/messages/en.yaml: {unknown}"
    unused = sorted(key for key in defined if not any(re.fullmatch(pattern, key) for _, pattern in raised))
    assert not unused, f"issue keys no code raises: {unused}"


def test_every_phrase_is_used():
    used = set()
    for _, call in _calls():
        if isinstance(call.func, ast.Name) and call.func.id == "msg" and call.args and isinstance(call.args[0], ast.Constant):
            used.add(call.args[0].value)
    defined = {key for key in catalogue("en") if key.startswith("phrases.")}
    assert used <= set(catalogue("en")), f"texts used but not defined: {sorted(used - set(catalogue('en')))}"
    used = {key for key in used if key.startswith("phrases.")}
    assert used <= defined, f"phrases used but not defined: {sorted(used - defined)}"
    assert defined <= used, f"phrases defined but never used: {sorted(defined - used)}"


# -- findings in every language --------------------------------------------------------------------


def _regex(template: str) -> str:
    return "".join(_node_regex(node) for node in parse(template))


def _node_regex(node) -> str:
    if isinstance(node, str):
        return re.escape(node)
    if node[0] in ("plural", "select"):
        return "(?:" + "|".join("".join(_node_regex(n) for n in branch) for branch in node[2].values()) + ")"
    return ".*?"


@cache
def templates_for(language: str, code: str, field: str) -> tuple[re.Pattern, ...]:
    """What a finding's message or fix may have been rendered from: the rule's template, and for
    the rules readers raise, every reader message."""
    entries = english() if language == "en" else catalogue(language)
    rule = RUBRIC.find(code)
    sources = [entries[f"rules.{code}.{field}"]]
    if rule is not None and rule.check == "reader":
        sources += [text for key, text in entries.items() if key.startswith("issues.") and key.endswith("." + field)]
    return tuple(re.compile(_regex(source), re.S) for source in sources)


def assert_speaks(finding, language: str) -> None:
    for field in ("message", "fix"):
        text = getattr(finding, field)
        assert not _UNFILLED.search(text), f"{finding.code} {field} has an unfilled placeholder: {text!r}"
        assert any(p.fullmatch(text) for p in templates_for(language, finding.code, field)), f"{finding.code} {field} in a {language} file is not from the {language} templates: {text!r}"
        if language != "en":
            assert not any(p.fullmatch(text) for p in templates_for("en", finding.code, field)), f"{finding.code} {field} is English in a {language} file: {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rule", RUBRIC.rules, ids=lambda r: r.code)
def test_rule_fail_examples_speak_the_language(rule, language):
    examples = rule.examples.get(language)
    assert examples is not None and examples.fail, f"{rule.code} has no {language} fail examples"
    seen = set()
    for example in examples.fail:
        for finding in lint_example(example, rule.target, language, LINTER):
            assert_speaks(finding, language)
            seen.add(finding.code)
    assert rule.code in seen


def test_linting_reads_only_the_catalogue_of_the_files_language(monkeypatch):
    """Catalogues load on demand: an English file reads none, a Danish one only the Danish."""
    from okrcoach.model import KeyResult, Objective, OkrSet

    monkeypatch.setattr(i18n, "_CATALOGS", {})
    english = OkrSet(language="en", period="2027-Q1", objectives=[Objective(title="Grow", key_results=[KeyResult(text="Analyse churn reasons"), KeyResult(text="Cut churn from 3% to 2%")])])
    assert LINTER.lint(english, "en.okr.yaml")
    assert not i18n._CATALOGS
    danish = OkrSet(language="da", period="2027-Q1", objectives=[Objective(title="Vækst", key_results=[KeyResult(text="Analysér årsagerne til churn")])])  # and OKR302
    assert LINTER.lint(danish, "da.okr.yaml")
    assert [language for _, language in i18n._CATALOGS] == ["da"]


_ENGLISH_EVIDENCE = re.compile(r"\b(?:English|Danish|Swedish|German|Finnish|Hungarian|deadline \d|direction (?:increase|decrease)|baseline \d|target \d)\b")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_evidence_speaks_the_language_or_the_files_syntax(language):
    """What a finding quotes is the user's words, the file's own syntax (`deadline: 2026-12-31`) or a
    catalogue phrase: a Danish file hears "engelsk", never "English"."""
    from okrcoach.model import KeyResult, Objective, OkrSet

    krs = [
        KeyResult(text="Reduce monthly churn from 3% to 2% by the end of the quarter"),
        KeyResult(text="MRR", baseline=50, target=40, direction="increase"),
        KeyResult(text="NPS 45", deadline="2026-12-31"),
    ]
    okr_set = OkrSet(language=language, period="2027-Q1", objectives=[Objective(title="Mål", key_results=krs)])
    findings = {f.code: f for f in LINTER.lint(okr_set, f"{language}.okr.yaml")}
    assert {"OKR211", "OKR308", "OKR309"} <= set(findings)
    for code in ("OKR211", "OKR308", "OKR309"):
        finding = findings[code]
        for text in (finding.evidence or "", finding.message):
            assert not _ENGLISH_EVIDENCE.search(text), f"{code} speaks English in a {language} file: {text!r}"
    assert i18n.text("phrases.language-name", language, language="en") in findings["OKR309"].message
