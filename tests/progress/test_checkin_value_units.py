"""`okrcoach checkin FILE KR 23%`: a value typed with the key result's unit is read as that number;
a unit the key result is not counted in is refused with what to type; nothing is written then."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrcoach.cli import main

PERCENT = 'period: 2027-Q1\nobjectives:\n  - title: Customers love our support\n    key_results:\n      - text: Raise first-contact resolution from 60 % to 75 %\n        baseline: 60\n        target: 75\n        unit: "%"\n'
PERCENT_IN_TEXT = "period: 2027-Q1\nobjectives:\n  - title: Customers love our support\n    key_results:\n      - text: Raise first-contact resolution from 60 % to 75 %\n"
FRACTIONS = (
    "period: 2027-Q1\nobjectives:\n  - title: Customers love our support\n    key_results:\n      - text: Raise the share of first-contact resolutions\n        baseline: 0.6\n        target: 0.75\n"
)
COUNT = "period: 2027-Q1\nobjectives:\n  - title: Customers love our support\n    key_results:\n      - text: Answer 40 tickets a day\n        target: 40\n"
DANISH = 'sprog: da\nperiode: 2027-Q1\nmål:\n  - titel: Kunderne elsker vores support\n    nøgleresultater:\n      - text: Øg løsning ved første kontakt fra 60 % til 75 %\n        enhed: "%"\n'


@pytest.mark.parametrize(
    "text, typed, recorded",
    [
        (PERCENT, "23%", "23"),
        (PERCENT, "23 %", "23"),
        (PERCENT, "23,5 %", "23.5"),
        (PERCENT, "0,7", "0.7"),
        (PERCENT_IN_TEXT, "23 %", "23"),
        (FRACTIONS, "70 %", "0.7"),
        (DANISH, "23,5 %", "23.5"),  # a YAML number, as YAML writes it
    ],
)
def test_a_value_with_the_key_results_unit_is_recorded_as_its_number(tmp_path: Path, monkeypatch, capsys, text, typed, recorded):
    monkeypatch.chdir(tmp_path)
    Path("x.okr.yaml").write_text(text, encoding="utf-8")
    assert main(["checkin", "x.okr.yaml", "O1.KR1", typed, "--date", "2027-02-01"]) == 0, capsys.readouterr().err
    written = Path("x.okr.yaml").read_text(encoding="utf-8")
    assert written.startswith(text)  # the check-in is added under the key result, nothing else moves
    assert f": {recorded}}}" in written or f": {recorded}\n" in written, written


@pytest.mark.parametrize(
    "text, typed, says",
    [
        (PERCENT, "23 EUR", "O1.KR1 counts in %, not EUR: type its value in %, e.g. 23"),
        (COUNT, "23 %", "O1.KR1 has no unit, so % cannot be its value: type the number alone, e.g. 23"),
        (PERCENT, "lots", "VALUE must be a number such as"),
    ],
)
def test_a_value_that_cannot_be_read_says_what_to_type_and_writes_nothing(tmp_path: Path, monkeypatch, capsys, text, typed, says):
    monkeypatch.chdir(tmp_path)
    Path("x.okr.yaml").write_text(text, encoding="utf-8")
    assert main(["checkin", "x.okr.yaml", "O1.KR1", typed, "--date", "2027-02-01"]) == 2
    err = capsys.readouterr().err
    assert says in err
    assert "Traceback" not in err
    assert Path("x.okr.yaml").read_text(encoding="utf-8") == text
