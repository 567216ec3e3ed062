"""Numbers and dates as people type them in the six languages (okrcoach.values)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from okrcoach.values import UnreadableValue, month_number, parse_date, parse_number, parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42),
        ("-3", -3),
        ("+3", 3),
        ("12.5", 12.5),
        ("12,5", 12.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1'234.5", 1234.5),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("\u22122,5", -2.5),
        ("0", 0),
        ("0,125", 0.125),
        (",5", 0.5),
        ("12.", 12.0),
    ],
)
def test_numbers_in_local_formats(text, value):
    result = parse_number(text)
    assert result == value and type(result) is type(value)


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("1.200", None, 1200),
        ("1,200", None, 1200),  # a lone separator before three digits groups thousands…
        ("1.200", "en", 1.2),
        ("1,200", "da", 1.2),
        ("1,200", "hu", 1.2),  # …unless it is the language's decimal mark
        ("1.200", "de", 1200),
        ("1,200", "en", 1200),
        ("1,5", "en", 1.5),
        ("1.5", "da", 1.5),
    ],
)
def test_lone_separator_before_three_digits(text, language, value):
    assert parse_number(text, language=language) == value


@pytest.mark.parametrize("text", ["", "abc", "1e5", "nan", "1,2,3", "1.2.3,4,5", "--1", "12x", "1.23,4.5"])
def test_not_numbers(text):
    with pytest.raises(UnreadableValue) as caught:
        parse_number(text, "The target")
    assert str(caught.value).startswith("The target")
    assert "invalid" not in str(caught.value)  # our words, not a library's


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8%", (8, "%")), ("8 %", (8, "%")), ("8,5 %", (8.5, "%")), ("12", (12, None)), ("1.200 €", (1200, "€")), ("€ 1.200", (1200, "€")), ("$1,200", (1200, "$")), ("100 DKK", (100, "DKK"))],
)
def test_quantities(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("156 users", (156, "users")), ("2 hours", (2, "hours")), ("1.200 new customers", (1200, "new customers")), ("3,5 Tage", (3.5, "Tage"))])
def test_a_unit_of_up_to_three_words(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["about 150", "150 to 200 users", "3 new hires by June", "High", "[Specific number]"])
def test_not_quantities(text):
    with pytest.raises(UnreadableValue, match="must be a number such as .* 156 users"):
        parse_quantity(text, "The target")


def test_a_plain_number_refuses_a_unit():
    with pytest.raises(UnreadableValue, match="leave the unit out"):
        parse_number("12 %", "VALUE")


MARCH_31 = [
    "2027-03-31",
    "2027/03/31",
    "2027. 03. 31.",
    "2027.03.31.",
    "31.03.2027",
    "31.3.2027",
    "31. 3. 2027",
    "31/03/2027",
    "31-03-2027",
    "31.03.27",
    "03/31/2027",  # only reads one way
    "31 March 2027",
    "31st March 2027",
    "March 31, 2027",
    "Mar 31 2027",
    "March 31, 2027 10:24 AM",
    "2027-03-31T09:00",
    "31. marts 2027",
    "31. mar. 2027",  # da
    "31 mars 2027",
    "den 31 mars 2027".removeprefix("den "),  # sv
    "31. März 2027",
    "31. Maerz 2027",
    "31. Mrz. 2027",  # de
    "31. maaliskuuta 2027",
    "31. maaliskuu 2027",
    "31. maalisk. 2027",  # fi
    "2027. március 31.",
    "2027. márc. 31.",
    "2027. március 31-ig",  # hu
]


@pytest.mark.parametrize("text", MARCH_31)
def test_dates_as_people_type_them(text):
    assert parse_date(text) == date(2027, 3, 31)


def test_day_comes_first_when_both_readings_are_dates():
    assert parse_date("03/04/2027") == date(2027, 4, 3)
    assert parse_date("04.03.2027") == date(2027, 3, 4)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("next tuesday", "must be a date such as 2027-03-31, 31.03.2027, 31/03/2027 or 31 March 2027 (day before month)"),
        ("2027-02-30", "February 2027 has no day 30"),
        ("31.02.2027", "February 2027 has no day 31"),
        ("31 Smarch 2027", "must be a date such as"),
        ("31.03.", "must be a date such as"),
    ],
)
def test_not_dates(text, says):
    with pytest.raises(UnreadableValue) as caught:
        parse_date(text, "The deadline")
    assert says in str(caught.value) and str(caught.value).startswith("The deadline")


@pytest.mark.parametrize(
    ("word", "month"),
    [("januar", 1), ("Jänner", 1), ("feb.", 2), ("März", 3), ("maaliskuuta", 3), ("kesäkuun", 6), ("júniusban", 6), ("szept.", 9), ("okt", 10), ("joulukuu", 12), ("tuesday", None), ("", None)],
)
def test_month_names_come_from_the_lexicons(word, month):
    assert month_number(word) == month


def test_month_names_are_loaded_only_when_a_date_has_a_word():
    code = (
        "import okrcoach.values as v, sys\n"
        "v.parse_date('31.03.2027'); v.parse_number('1.234,5')\n"
        "assert v._month_forms.cache_info().currsize == 0, 'numeric dates must not load month names'\n"
        "assert 'okrcoach.rubric' not in sys.modules\n"
        "v.parse_date('31 March 2027')\n"
        "assert v._month_forms.cache_info().currsize == 1\n"
        "assert 'okrcoach.rubric' not in sys.modules, 'month names are read without the rubric engine'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.7", 0.7), ("7", 7), ("0,7", 0.7), ("70%", 0.7), ("70 %", 0.7), ("8/10", 0.8), ("🟢 8/10", 0.8), ("🔴 3 / 10", 0.3), ("8/10 🟡", 0.8), ("⚠️ 60 %", 0.6), ("4/5", 0.8)],
)
def test_confidence_as_people_write_it(text, value):
    from okrcoach.values import parse_confidence

    assert parse_confidence(text) == value


@pytest.mark.parametrize("text", ["high", "🟢", "11/10", "8/0", "8 users"])
def test_a_confidence_that_is_not_one_says_what_is_accepted(text):
    from okrcoach.values import parse_confidence

    with pytest.raises(UnreadableValue, match="7/10"):
        parse_confidence(text)
