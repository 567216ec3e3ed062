"""A field or column name is found however its words are spelled apart: Danish `Mål værdi` and
`Mål-Værdi` are `målværdi`, German `Ziel-Wert` is `Zielwert`, Hungarian `kiindulóérték` is
`kiinduló érték`, in every language, in CSV headers, Markdown sub-bullets and YAML keys."""

from __future__ import annotations

import pytest

from okrcoach.formats import read_text
from okrcoach.formats.build import canonical_key
from okrcoach.formats.vocabulary import field_name, vocabulary
from okrcoach.language_data import section

FIELD_WORDS = sorted(
    {(language, str(name), str(word)) for language, data in section("reader").items() for name, words in (data.get("fields") or {}).items() if name != "checkin" for word in words or []}
)


def _spellings(word: str) -> set[str]:
    """The ways people write a name: joined, apart, hyphenated, capitalised, and a compound split
    anywhere between two letters."""
    parts = word.split()
    ways = {word, "".join(parts), "-".join(parts), " ".join(p[:1].upper() + p[1:] for p in parts), word.upper()}
    joined = "".join(parts)
    ways.update(joined[:i] + " " + joined[i:] for i in range(2, len(joined) - 1) if joined[i - 1].isalpha() and joined[i].isalpha())
    return ways


@pytest.mark.parametrize("language, name, word", FIELD_WORDS, ids=[f"{lang}-{word}" for lang, _, word in FIELD_WORDS])
def test_every_lexicon_field_name_is_found_however_it_is_spelled_apart(language, name, word):
    columns = vocabulary().columns
    want = (field_name(word), columns.get(canonical_key(word)))
    assert want != (None, None)  # a sub-bullet key or property, a column, or both
    for spelled in _spellings(word):
        assert (field_name(spelled), columns.get(canonical_key(spelled))) == want, spelled


@pytest.mark.parametrize("header", ["Mål værdi", "Mål-Værdi", "målværdi", "MÅL VÆRDI"])
def test_a_danish_target_column_spelled_apart_is_the_target(header):
    text = f"Mål;Nøgleresultat;{header};Udgangs punkt\nBliv førstevalget for webshops;Øg konverteringsraten til 12 %;12;8\n"
    result = read_text(text, "salg.okr.csv", "csv")
    assert result.issues == []
    kr = result.okr_set.objectives[0].key_results[0]
    assert (kr.target, kr.baseline) == (12, 8)


def test_a_spelled_apart_field_in_markdown_and_yaml():
    md = "# Mål 1: Bliv førstevalget for webshops\n\n- Øg konverteringsraten til 12 %\n  - Mål værdi: 12\n  - Udgangs-punkt: 8\n"
    kr = read_text(md, "salg.okr.md", "md").okr_set.objectives[0].key_results[0]
    assert (kr.target, kr.baseline) == (12, 8)
    yaml_text = "objectives:\n  - title: Bliv førstevalget for webshops\n    key_results:\n      - text: Øg konverteringsraten til 12 %\n        Mål værdi: 12\n        Ziel-Wert: 12\n"
    result = read_text(yaml_text, "salg.okr.yaml", "yaml")
    assert [i.key for i in result.issues] == ["field-twice"]  # both name the target: the second is reported, not dropped in silence
    assert result.okr_set.objectives[0].key_results[0].target == 12
