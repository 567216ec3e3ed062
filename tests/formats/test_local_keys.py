"""Local key names (`cím`, `időszak`, `titel`, `periode`, `tavoite`, `Zielwert`, …) mean the same in
YAML, JSON and Markdown front matter: one table, the lexicons' reader words. A key no reader knows
is reported with its line, in every format."""

from __future__ import annotations

import json

import pytest

from okrcoach.formats import read_text
from okrcoach.language_data import section

KRS = "    key_results:\n      - Raise NPS from 30 to 45 by June 2027\n      - Cut churn from 3 % to 2 % by June 2027\n"


def _set_words() -> list[tuple[str, str, str]]:
    """(language, field, word) for every local name of a set field the lexicons give."""
    out = []
    for language, data in section("reader").items():
        for field in ("period", "team"):
            out.extend((language, field, str(word)) for word in (data.get("fields") or {}).get(field) or [])
        out.extend((language, "title", str(word)) for word in (data.get("set_fields") or {}).get("title") or [])
    return out


SET_WORDS = _set_words()
VALUES = {"period": "2027-Q2", "team": "Support", "title": "Support OKRs"}


def _field(okr_set, field):
    value = getattr(okr_set, field)
    return value.label if field == "period" else value


@pytest.mark.parametrize("language, field, word", SET_WORDS, ids=[f"{lang}-{word}" for lang, _, word in SET_WORDS])
def test_a_local_set_key_reads_the_same_in_yaml_json_and_front_matter(language, field, word):
    value = VALUES[field]
    yaml_text = f"{word}: {value}\nobjectives:\n  - title: Customers love our support\n{KRS}"
    front = f"---\n{word}: {value}\n---\n# Objective 1: Customers love our support\n\n- Raise NPS from 30 to 45 by June 2027\n"
    as_json = json.dumps({word: value, "objectives": [{"title": "Customers love our support", "key_results": ["Raise NPS from 30 to 45"]}]})
    for text, fmt in ((yaml_text, "yaml"), (front, "md"), (as_json, "json")):
        result = read_text(text, f"x.okr.{fmt}", fmt)
        assert [i.key for i in result.issues] == [], (fmt, result.issues)
        assert _field(result.okr_set, field) == value, fmt


def test_a_hungarian_yaml_file_in_its_own_words():
    text = "cím: Értékesítési OKR-ek\nidőszak: 2027-Q1\ncsapat: Értékesítés\ncélok:\n  - cél: Legyünk a hazai webshopok első választása\n    felelős: Kata\n    kulcseredmények:\n      - kulcseredmény: Növeljük a konverziót 8 %-ról 12 %-ra\n        célérték: 12\n        határidő: 2027-03-31\n"
    result = read_text(text, "hu.okr.yaml", "yaml")
    assert result.issues == []
    okr_set = result.okr_set
    assert (okr_set.title, okr_set.period.label, okr_set.team) == ("Értékesítési OKR-ek", "2027-Q1", "Értékesítés")
    objective = okr_set.objectives[0]
    assert (objective.title, objective.owner) == ("Legyünk a hazai webshopok első választása", "Kata")
    kr = objective.key_results[0]
    assert (kr.text, kr.target, str(kr.deadline)) == ("Növeljük a konverziót 8 %-ról 12 %-ra", 12, "2027-03-31")


def test_german_and_finnish_keys_on_objectives_and_key_results():
    text = "titel: Vertrieb\nperiode: 2027-Q1\nziele:\n  - tavoite: Wir werden der bevorzugte Partner im Mittelstand\n    Verantwortlich: Jonas\n    Schlüsselergebnisse:\n      - text: Abschlussquote von 18,5 % auf 24 % erhöhen\n        Zielwert: 24\n        Ausgangswert: 18,5\n"
    result = read_text(text, "de.okr.yaml", "yaml")
    assert result.issues == []
    kr = result.okr_set.objectives[0].key_results[0]
    assert (result.okr_set.title, result.okr_set.objectives[0].owner, kr.target, kr.baseline) == ("Vertrieb", "Jonas", 24, 18.5)


@pytest.mark.parametrize(
    "text, fmt, line",
    [
        ("team: Support\nfavourite_colour: blue\nobjectives:\n  - title: Customers love our support\n" + KRS, "yaml", 2),
        ("---\nteam: Support\nfavourite_colour: blue\n---\n# Objective 1: Customers love our support\n\n- Raise NPS from 30 to 45 by June 2027\n", "md", 3),
    ],
)
def test_a_key_no_reader_knows_is_reported_with_its_line(text, fmt, line):
    result = read_text(text, f"x.okr.{fmt}", fmt)
    unknown = [i for i in result.issues if i.code == "OKR003"]
    assert [(i.line, i.evidence) for i in unknown] == [(line, "favourite_colour")]


def test_a_note_tools_own_front_matter_keys_are_left_alone():
    text = "---\ntags: [okr]\naliases: [Q2]\ncreated: 2027-04-01\nauthor: Maya\nperiod: 2027-Q2\n---\n# Objective 1: Customers love our support\n\n- Raise NPS from 30 to 45 by June 2027\n"
    assert read_text(text, "x.okr.md", "md").issues == []


def _language_words() -> list[tuple[str, str]]:
    """(language, word) for every name the lexicons give the set's language line (`sprog`, `nyelv`)."""
    return [(language, str(word)) for language, data in section("reader").items() for word in data.get("language") or []]


LANGUAGE_WORDS = _language_words()


@pytest.mark.parametrize("language, word", LANGUAGE_WORDS, ids=[f"{lang}-{word}" for lang, word in LANGUAGE_WORDS])
def test_the_language_line_in_its_own_words_is_the_sets_language(language, word):
    # A language other than the words' own, so the declared one, not detection, is what is read.
    declared = "hu" if language != "hu" else "de"
    yaml_text = f"{word}: {declared}\nobjectives:\n  - title: Customers love our support\n{KRS}"
    front = f"---\n{word.capitalize()}: {declared}\n---\n# Objective 1: Customers love our support\n\n- Raise NPS from 30 to 45 by June 2027\n"
    as_json = json.dumps({word: declared, "objectives": [{"title": "Customers love our support", "key_results": ["Raise NPS from 30 to 45"]}]})
    for text, fmt in ((yaml_text, "yaml"), (front, "md"), (as_json, "json")):
        result = read_text(text, f"x.okr.{fmt}", fmt)
        assert [i.key for i in result.issues] == [], (fmt, result.issues)
        assert result.okr_set.language == declared, fmt


def test_a_danish_language_line_reads_danish_numbers():
    # `sprog: da` makes `1,500` one and a half (the Danish decimal comma), as `language: da` does.
    text = "sprog: da\nmål:\n  - titel: Kunderne elsker vores support\n    nøgleresultater:\n      - text: Øg antal anmeldelser\n        målværdi: 1,500 kr.\n"
    result = read_text(text, "x.okr.yaml", "yaml")
    assert [i.key for i in result.issues] == []
    assert result.okr_set.objectives[0].key_results[0].target == 1.5


_KR_FIELD_VALUES = {
    "text": "Raise NPS from 30 to 45",
    "baseline": "30",
    "target": "45",
    "current": "35",
    "unit": "points",
    "deadline": "2027-06-30",
    "owner": "Anna",
    "metric": "NPS survey",
    "direction": "increase",
    "confidence": "0.7",
    "guardrail": "true",
    "weight": "2",
}


def _kr_words() -> list[tuple[str, str, str]]:
    """(language, field, word) for every key-result field and every language: each language must
    give a word for each field (a key result's text included), and every word must read."""
    out = []
    for language, data in section("reader").items():
        fields = data.get("fields") or {}
        for field in _KR_FIELD_VALUES:
            words = [str(word) for word in fields.get(field) or []]
            out.extend((language, field, word) for word in words)
            if not words:
                out.append((language, field, ""))
    return out


KR_WORDS = _kr_words()


@pytest.mark.parametrize("language, field, word", KR_WORDS, ids=[f"{lang}-{field}-{word}" for lang, field, word in KR_WORDS])
def test_every_language_names_every_key_result_field_and_yaml_and_json_read_it(language, field, word):
    assert word, f"rubrics/lexicons/{language}.yaml gives no `reader: fields: {field}:` word"
    entry = {word: _KR_FIELD_VALUES[field]}
    if field != "text":
        entry["text"] = _KR_FIELD_VALUES["text"]
    lines = "".join(f"        {key}: {value}\n" for key, value in entry.items())
    yaml_text = "objectives:\n  - title: Customers love our support\n    key_results:\n      - " + lines.lstrip()
    as_json = json.dumps({"objectives": [{"title": "Customers love our support", "key_results": [entry]}]})
    for text, fmt in ((yaml_text, "yaml"), (as_json, "json")):
        result = read_text(text, f"x.okr.{fmt}", fmt)
        assert [i.key for i in result.issues] == [], (fmt, result.issues)
        assert getattr(result.okr_set.objectives[0].key_results[0], field) not in (None, ""), fmt


def test_a_danish_key_result_written_with_tekst_reads_its_text():
    text = "objectives:\n  - titel: Kunderne elsker vores support\n    nøgleresultater:\n      - tekst: Hæv NPS fra 30 til 45\n        udgangspunkt: 30\n"
    result = read_text(text, "da.okr.yaml", "yaml")
    assert result.issues == []
    assert result.okr_set.objectives[0].key_results[0].text == "Hæv NPS fra 30 til 45"
