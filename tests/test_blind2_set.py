"""Format checks for the second blind evaluation set, tests/data/blind2.

What every blind set shares (format, label mapping, periods, sources, labelling passes) is checked
in tests/test_blind_set_formats.py; this file checks what this set adds: its wholly English key
results and the independent second labeller's pass with its adjudication. They never run the
rubric on the set.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from tests import blind_sets
from tests.blind_sets import GUIDELINE_VALUES, LANGS

SET_DIR = Path(__file__).resolve().parent / "data" / "blind2"
load = partial(blind_sets.load_items, SET_DIR)
read_pass = partial(blind_sets.read_pass, SET_DIR)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_other_languages_hold_key_results_written_wholly_in_english(lang: str) -> None:
    notes = [item.get("note", "") for item in load(lang)]
    assert 3 <= sum("written wholly in English" in note for note in notes) <= 4


def read_adjudication() -> list[dict[str, str]]:
    return blind_sets.read_rows(SET_DIR, "adjudication.tsv")


def test_independent_pass_covers_the_set_and_every_difference_is_adjudicated() -> None:
    """Pass 3 (a second labeller) covers every item; each field where it differs from the settled
    label before adjudication has one row in adjudication.tsv, and the YAML holds its decision."""
    third = read_pass("pass3_independent.tsv")
    log = {(row["id"], row["field"]): row for row in read_adjudication()}
    settled = {f"{lang}-{number:02d}": item["guideline"] for lang in LANGS for number, item in enumerate(load(lang), 1)}
    assert set(third) == set(settled)
    for (key, field), row in log.items():
        assert row["independent"] == third[key][field], (key, field)
        assert row["decision"] == "settled stands" or row["decision"] == f"changed to {row['independent']}", (key, field)
        assert row["reason"].strip(), (key, field)
        expected = row["settled"] if row["decision"] == "settled stands" else row["independent"]
        assert settled[key][field] == expected, (key, field)
        if row["decision"] != "settled stands":
            assert row["settled"] != row["independent"], (key, field)
    for key, fields in settled.items():
        for field, values in GUIDELINE_VALUES.items():
            assert third[key][field] in values, (key, field)
            if third[key][field] != fields[field]:
                assert log[key, field]["decision"] == "settled stands", (key, field)
