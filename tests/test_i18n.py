"""The template language of the message catalogues: parameters, plurals, selects, numbers, nesting."""

from __future__ import annotations

import pytest

from okrcoach import i18n
from okrcoach.i18n import TemplateError, msg, parse, placeholders, render


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "no key results"), (1, "1 key result"), (4, "4 key results"), (1.0, "1 key result")],
)
def test_plural_chooses_exact_one_or_other(count, expected):
    template = "{count, plural, =0 {no key results} one {# key result} other {# key results}}"
    assert render(template, {"count": count}, "en") == expected


def test_select_falls_back_to_other_and_nests_parameters():
    template = "{kind, select, tab {a tab} other {`{kind}`}}"
    assert render(template, {"kind": "tab"}, "en") == "a tab"
    assert render(template, {"kind": ";"}, "en") == "`;`"


@pytest.mark.parametrize(("language", "expected"), [("en", "1,048,576 bytes, grade 0.7"), ("da", "1.048.576 bytes, grade 0,7"), ("fi", "1 048 576 bytes, grade 0,7")])
def test_numbers_are_written_the_languages_way(language, expected):
    assert render("{size, number} bytes, grade {grade}", {"size": 1048576, "grade": 0.7}, language) == expected


def test_braces_that_open_no_parameter_are_text():
    assert render("Write `- {date: 2027-02-01, value: 42}` for {name}.", {"name": "x"}, "en") == "Write `- {date: 2027-02-01, value: 42}` for x."


def test_a_missing_parameter_stays_visible_instead_of_failing():
    assert render("{count} of {max}", {"count": 3}, "en") == "3 of {max}"


def test_a_phrase_parameter_is_rendered_in_the_same_language():
    where = msg("phrases.in-element", element="key_result")
    assert render("`baselin` {where}", {"where": where}, "da") == "`baselin` i et nøgleresultat"
    assert i18n.text("issues.unknown-field.message", "fi", key="baselin", where=where, hint="", known="") == "tuntematon kenttä `baselin` avaintuloksessa jätetään huomiotta"


def test_an_untranslated_key_falls_back_to_english_and_an_unknown_key_shows_itself():
    assert i18n.text("issues.file-empty.message", "xx") == "file is empty"
    assert i18n.text("issues.no-such-key.message", "da") == "issues.no-such-key.message"


@pytest.mark.parametrize(
    "template",
    ["{n, plural, one {x}}", "{n, plural, one {x} other {y}", "{n, select, =1 {x} other {y}}", "{n, number, x}", "{n, plural}"],
)
def test_malformed_templates_are_refused(template):
    with pytest.raises(TemplateError):
        parse(template)


def test_placeholders_include_those_inside_branches():
    assert placeholders("{a, plural, one {# {b}} other {{c}}} {d}") == {"a", "b", "c", "d"}
