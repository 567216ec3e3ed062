"""Periods as teams write them in each of the six languages (`1. Quartal 2027`, `2027. I.
negyedév`, `kvartal 1 2027`, `T1 2027`, `kevät 2027`) are read in a `period:` field, a Markdown
title or heading and a spreadsheet's title row, from the lexicons' `periods:` words; a form
okrcoach cannot read is reported with its line and the forms to write instead, never dropped."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from okrcoach.formats import read_text
from okrcoach.model import parse_period
from okrcoach.paths import bundled_dir

Q1 = (date(2027, 1, 1), date(2027, 3, 31))
Q4 = (date(2027, 10, 1), date(2027, 12, 31))
H1 = (date(2027, 1, 1), date(2027, 6, 30))
H2 = (date(2027, 7, 1), date(2027, 12, 31))
T2 = (date(2027, 5, 1), date(2027, 8, 31))
YEAR = (date(2027, 1, 1), date(2027, 12, 31))

# (language, label, span): the forms teams write, quarters, halves, tertials and years.
FORMS = [
    ("en", "first quarter 2027", Q1),
    ("en", "1st quarter 2027", Q1),
    ("en", "1H 2027", H1),
    ("en", "fiscal year 2027", YEAR),
    ("da", "1. kvartal 2027", Q1),
    ("da", "1. kvt. 2027", Q1),
    ("da", "fjerde kvartal 2027", Q4),
    ("da", "1. halvår 2027", H1),
    ("da", "andet halvår 2027", H2),
    ("da", "regnskabsår 2027", YEAR),
    ("sv", "1. kvartal 2027", Q1),
    ("sv", "kvartal 1 2027", Q1),
    ("sv", "Kv1 2027", Q1),
    ("sv", "2:a halvåret 2027", H2),
    ("sv", "T2 2027", T2),
    ("sv", "tertial 2 2027", T2),
    ("sv", "VT 2027", H1),
    ("sv", "HT 2027", H2),
    ("de", "1. Quartal 2027", Q1),
    ("de", "Q1/2027", Q1),
    ("de", "erstes Quartal 2027", Q1),
    ("de", "IV. Quartal 2027", Q4),
    ("de", "2. Halbjahr 2027", H2),
    ("de", "GJ 2027", YEAR),
    ("de", "Geschäftsjahr 2027", YEAR),
    ("fi", "1. kvartaali 2027", Q1),
    ("fi", "Q1/2027", Q1),
    ("fi", "ensimmäinen vuosineljännes 2027", Q1),
    ("fi", "neljäs neljännes 2027", Q4),
    ("fi", "1. vuosipuolisko 2027", H1),
    ("fi", "2. tertiaali 2027", T2),
    ("fi", "kevät 2027", H1),
    ("fi", "syksy 2027", H2),
    ("fi", "tilikausi 2027", YEAR),
    ("hu", "2027. Q1", Q1),
    ("hu", "I. negyedév 2027", Q1),
    ("hu", "2027. I. negyedév", Q1),
    ("hu", "2027. negyedik negyedév", Q4),
    ("hu", "2027. első félév", H1),
    ("hu", "2027. II. félév", H2),
    ("hu", "2027. üzleti év", YEAR),
]
IDS = [f"{language}-{label}" for language, label, _ in FORMS]

OBJECTIVE = "Customers love our support"
KR = "Raise NPS from 30 to 45"


@pytest.mark.parametrize("language, label, span", FORMS, ids=IDS)
def test_a_worded_period_reads_as_its_span_and_keeps_its_words(language, label, span):
    period = parse_period(label)
    assert (period.start, period.end) == span
    assert period.label == label


@pytest.mark.parametrize("language, label, span", FORMS, ids=IDS)
def test_a_worded_period_is_read_in_every_format(language, label, span):
    files = {
        "yaml": f"period: {json.dumps(label)}\nobjectives:\n  - title: {OBJECTIVE}\n    key_results:\n      - {KR}\n",
        "json": json.dumps({"period": label, "objectives": [{"title": OBJECTIVE, "key_results": [KR]}]}),
        "md": f"# Support OKRs {label}\n\n## Objective 1: {OBJECTIVE}\n\n- {KR}\n",
        "csv": f"Support OKRs {label}\nObjective,Key result\n{OBJECTIVE},{KR}\n",
    }
    for fmt, text in files.items():
        result = read_text(text, f"x.okr.{fmt}", fmt)
        assert [i.key for i in result.issues] == [], (fmt, result.issues)
        period = result.okr_set.period
        assert period is not None, fmt
        assert (period.label, period.start, period.end) == (label, *span), fmt


def test_a_heading_that_is_a_worded_period_sets_the_period():
    text = f"# Support\n\n## 2027. I. negyedév\n\n## Objective 1: {OBJECTIVE}\n\n- {KR}\n"
    assert read_text(text, "x.okr.md", "md").okr_set.period.label == "2027. I. negyedév"


@pytest.mark.parametrize(
    "text",
    ["Vision 2030", "Support 2027", "Q5 2027", "5. Quartal 2027", "III. félév 2027", "kvartal 2027", "1. Quartal", "Q1 2027 Q2 2027"],
)
def test_what_is_no_period_is_not_read_as_one(text):
    with pytest.raises(ValueError):
        parse_period(text)
    md = f"# {text}\n\n## Objective 1: {OBJECTIVE}\n\n- {KR}\n"
    if text not in ("Q1 2027 Q2 2027",):  # a title names its first period
        assert read_text(md, "x.okr.md", "md").okr_set.period is None


@pytest.mark.parametrize("fmt", ["yaml", "json", "md", "csv"])
def test_a_period_no_one_can_read_is_reported_with_its_line_and_what_to_write(fmt):
    label = "Frühling 2027"
    files = {
        "yaml": f"team: Support\nperiod: {label}\nobjectives:\n  - title: {OBJECTIVE}\n    key_results:\n      - {KR}\n",
        "json": '{\n  "team": "Support",\n  "period": "' + label + '",\n  "objectives": [{"title": "' + OBJECTIVE + '", "key_results": ["' + KR + '"]}]\n}',
        "md": f"---\nteam: Support\nperiod: {label}\n---\n# Objective 1: {OBJECTIVE}\n\n- {KR}\n",
        "csv": f"Team,Period,Objective,Key result\nSupport,{label},{OBJECTIVE},{KR}\n",
    }
    result = read_text(files[fmt], f"x.okr.{fmt}", fmt)
    found = [i for i in result.issues if i.key == "period-unknown"]
    assert len(found) == 1, result.issues
    assert found[0].line == {"yaml": 2, "json": 3, "md": 3, "csv": 2}[fmt]
    assert "2027-Q1" in found[0].fix and "first quarter 2027" in found[0].fix


def test_the_period_words_are_the_lexicons_data():
    """Every language has a `periods:` block, and each word of it reads a period with a year."""
    words = 0
    for path in sorted((bundled_dir("rubrics") / "lexicons").glob("*.yaml")):
        if path.stem == "common":
            continue
        import yaml

        block = yaml.safe_load(path.read_text(encoding="utf-8")).get("periods")
        assert block, path.name
        for part, number in (("quarter", "3."), ("half", "2."), ("tertial", "2.")):
            for word in block.get(part) or []:
                word = str(word).rstrip("*")
                if len(word) > 1:
                    assert parse_period(f"{number} {word} 2027").start.year == 2027, (path.name, word)
                    words += 1
        for word in block.get("year") or []:
            assert parse_period(f"{str(word).rstrip('*')} 2027").end == date(2027, 12, 31), (path.name, word)
    assert words > 20


def test_a_language_a_rubric_folder_brings_brings_its_period_words(tmp_path: Path):
    from okrcoach import language_data

    folder = tmp_path / "house"
    (folder / "lexicons").mkdir(parents=True)
    (folder / "lexicons" / "nl.yaml").write_text("language: nl\nname: Nederlands\nperiods:\n  quarter: [kwarta*]\n  ordinals: [[eerste]]\n", encoding="utf-8")
    with pytest.raises(ValueError):
        parse_period("eerste kwartaal 2027")
    before = list(language_data._EXTRA_FOLDERS)
    try:
        language_data.use_rubric_folders([folder])
        assert (parse_period("eerste kwartaal 2027").start, parse_period("eerste kwartaal 2027").end) == Q1
    finally:
        language_data._EXTRA_FOLDERS[:] = before
        language_data.section.cache_clear()
        for clear in language_data._DERIVED:
            clear()


def test_a_period_line_wins_over_the_period_a_title_names():
    # Notion's page title names the quarter in words; its `Periode:` property states the period.
    text = f"# Salg – OKR 2. kvartal 2027\n\nAnsvarlig: Mette\nPeriode: 2027-Q3\n\n## Mål 1: {OBJECTIVE}\n\n- {KR}\n"
    result = read_text(text, "x.okr.md", "md")
    assert [i.key for i in result.issues] == []
    assert result.okr_set.period.label == "2027-Q3"


# Titles that seem to name a period but give none a reader can read (no year, a number in words),
# one or more a language, and titles that name none.
UNREAD_TITLES = [
    ("da", "Mål for 2. kvartal"),
    ("da", "Mål for kvartal to 2027"),
    ("sv", "Mål för andra kvartalet"),
    ("de", "Ziele für das zweite Quartal"),
    ("fi", "Tavoitteet toiselle neljännekselle"),
    ("hu", "Célok a második negyedévre"),
    ("en", "OKRs for Q2"),
    ("en", "Second half goals"),
]


@pytest.mark.parametrize("language, title", UNREAD_TITLES, ids=[title for _, title in UNREAD_TITLES])
def test_a_title_that_seems_to_name_a_period_but_cannot_be_read_is_reported_with_its_line(language, title):
    text = f"# {title}\n\n## Objective 1: Customers love our support\n\n- Raise NPS from 30 to 45\n"
    result = read_text(text, "x.okr.md", "md")
    assert result.okr_set.period is None
    [issue] = [i for i in result.issues if i.key == "title-period-unread"]
    assert issue.line == 1 and issue.code == "OKR006" and title in issue.message
    assert "2027-Q2" in issue.text_in("fix", language)


@pytest.mark.parametrize(
    "text",
    [
        "# Mål for 2. kvartal\nPeriode: 2027-Q2\n\n## Mål 1: Kunderne elsker os\n\n- Hæv NPS fra 30 til 45\n",  # a property line gives it
        "---\nperiode: 2027-Q2\n---\n# Mål for 2. kvartal\n\n## Mål 1: Kunderne elsker os\n\n- Hæv NPS fra 30 til 45\n",
        "# Mål for 2. kvartal 2027\n\n## Mål 1: Kunderne elsker os\n\n- Hæv NPS fra 30 til 45\n",
        "# Årets mål for kundeservice\n\n## Mål 1: Kunderne elsker os\n\n- Hæv NPS fra 30 til 45\n",  # names no part of a year
    ],
    ids=["property-line", "front-matter", "read", "no-period-named"],
)
def test_a_title_is_not_reported_when_the_period_is_read_or_none_is_named(text):
    result = read_text(text, "x.okr.md", "md")
    assert [i for i in result.issues if i.key == "title-period-unread"] == []


def test_status_and_checkin_say_on_stderr_that_the_title_s_period_cannot_be_read(tmp_path, monkeypatch, capsys):
    from okrcoach.cli import main

    monkeypatch.chdir(tmp_path)
    text = "# Mål for 2. kvartal\n\n## Mål 1: Kunderne elsker vores support\n\n- Hæv NPS fra 30 til 45\n"
    (tmp_path / "support.okr.md").write_text(text, encoding="utf-8")
    assert main(["status", "support.okr.md"]) == 0
    out, err = capsys.readouterr()
    assert "support.okr.md:1: `Mål for 2. kvartal` ser ud til at nævne en periode" in err and "`2. kvartal 2027`" in err
    assert "ser ud til" not in out
    assert main(["checkin", "support.okr.md", "O1.KR1", "33", "--date", "2027-05-01"]) == 0
    assert "support.okr.md:1:" in capsys.readouterr().err


def test_a_spreadsheet_title_row_that_seems_to_name_a_period_is_reported_too():
    text = "Salg – mål for 2. kvartal;;\nMål;Nøgleresultat;Ansvarlig\nVind flere kunder;Vind 15 nye kunder;Bo\n"
    result = read_text(text, "salg.okr.csv", "csv")
    assert result.okr_set.period is None
    assert [(i.line, i.code) for i in result.issues if i.key == "title-period-unread"] == [(1, "OKR006")]
    read = read_text(text.replace("2. kvartal", "2. kvartal 2027"), "salg.okr.csv", "csv")
    assert read.okr_set.period is not None and [i for i in read.issues if i.key == "title-period-unread"] == []
