"""Every writer's output reads back to an equal model (property test over random sets)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrcoach.formats import read_text, write
from okrcoach.language_data import bundled_languages
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, Waiver

LANGUAGES = tuple(bundled_languages())  # the languages okrcoach ships, from the lexicon files

# Realistic words in the six languages, plus tokens that look like Markdown/OKR syntax, so the
# writers have to escape rather than the strategy having to avoid them.
WORDS = [
    "Increase",
    "reduce",
    "weekly",
    "active",
    "teams",
    "from",
    "to",
    "by",
    "customers",
    "churn",
    "Øg",
    "antallet",
    "af",
    "kunder",
    "måned",
    "større",
    "Höja",
    "nöjda",
    "kunder",
    "erhöhen",
    "Umsatz",
    "Schlüsselergebnis",
    "Kundenzufriedenheit",
    "lisää",
    "myyntiä",
    "növelése",
    "elégedettség",
    "őszinte",
    "űrlap",
    "ÆØÅ",
    "äöü",
    "NPS",
    "MRR",
    "SSO",
    "v2.0",
    "5%",
    "8,5",
    "1.200",
    "€",
    "(beta)",
    "Q1",
    "2027",
    "Q1 2027",
    "2027-Q1",
    "H1",
    "FY2027",
    "KR1:",
    "KR",
    "Objective",
    "Objective 1:",
    "O1:",
    "Mål:",
    "Ziel",
    "Key results",
    "Owner:",
    "Kind:",
    "Description:",
    "-",
    "*",
    "**",
    "#",
    "##",
    "1.",
    "2)",
    ">",
    "|",
    "`code`",
    "<!--",
    "-->",
    "\\",
    "\\*",
    "[ ]",
    "---",
    "===",
    ":",
    "—",
    "&",
    "_x_",
    "okrcoach:",
    "waive",
    "~~",
    "~~gone~~",
    "==",
    "==marked==",
    "<br>",
    "<mark>",
    "</aside>",
    "%%",
    "[[Page]]",
    "Owner::",
    "1\\.",
    "🚀",
    "Risks",
    "**KR1.1**",
]
LETTERS = "abcdefghijklmnopqrstuvwxyzæøåäöüőűéABCÆØÅÄÖÜŐŰ"

word = st.one_of(st.sampled_from(WORDS), st.text(alphabet=LETTERS, min_size=1, max_size=9))
phrase = st.lists(word, min_size=1, max_size=7).map(" ".join)
short = st.lists(word, min_size=1, max_size=3).map(" ".join)
maybe_short = st.none() | short
number = st.integers(-1_000_000, 1_000_000) | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3))
fraction = st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 2))
dates = st.dates(date(2020, 1, 1), date(2035, 12, 31))
years = st.integers(2020, 2035)
periods = st.one_of(
    st.builds(lambda y, q: f"{y}-Q{q}", years, st.integers(1, 4)),
    st.builds(lambda y, q: f"Q{q} {y}", years, st.integers(1, 4)),
    st.builds(lambda y, h: f"{y}-H{h}", years, st.integers(1, 2)),
    st.builds(lambda y, h: f"H{h} {y}", years, st.integers(1, 2)),
    st.builds(lambda y: f"FY{y}", years),
    st.builds(str, years),
    st.builds(lambda y: f"{y}-01-01..{y}-03-31", years),
)
codes = st.sampled_from(["OKR220", "OKR101", "OKR305", "vague-language", "no-baseline"])
waivers = st.lists(st.builds(Waiver, code=codes, reason=phrase), max_size=2)
checkins = st.lists(
    st.builds(Checkin, date=dates, value=number, confidence=st.none() | fraction, note=st.none() | phrase),
    max_size=2,
)


def key_results(full: bool):
    return st.builds(
        KeyResult,
        text=phrase,
        id=maybe_short,
        metric=maybe_short,
        baseline=st.none() | number,
        target=st.none() | number,
        unit=st.none() | st.sampled_from(["%", "users", "€", "kr.", "NPS", "Mio €", "timer"]),
        direction=st.none() | st.sampled_from(["increase", "decrease", "maintain"]),
        deadline=st.none() | dates,
        owner=maybe_short,
        current=st.none() | number,
        confidence=st.none() | fraction,
        guardrail=st.booleans(),
        weight=st.none() | fraction,
        checkins=checkins if full else st.just([]),
        waive=waivers if full else st.just([]),
    )


def objectives(full: bool):
    return st.builds(
        Objective,
        title=phrase,
        id=maybe_short,
        owner=maybe_short,
        kind=st.none() | st.sampled_from(["committed", "aspirational"]),
        aligns_to=maybe_short,
        description=st.none() | phrase,
        key_results=st.lists(key_results(full), max_size=4),
        waive=waivers if full else st.just([]),
    )


full_sets = st.builds(
    OkrSet,
    title=st.none() | phrase,
    team=maybe_short,
    owner=maybe_short,
    period=st.none() | periods,
    language=st.none() | st.sampled_from(LANGUAGES),
    objectives=st.lists(objectives(True), min_size=1, max_size=4),
)
csv_sets = st.builds(
    OkrSet,
    team=maybe_short,
    period=st.none() | periods,
    objectives=st.lists(objectives(False), min_size=1, max_size=4, unique_by=lambda o: o.title),
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _round_trip(okr_set: OkrSet, fmt: str) -> None:
    text = write(okr_set, fmt)
    result = read_text(text, f"x.okr.{fmt}", fmt)
    assert result.issues == [], f"{fmt} issues: {result.issues}\n--- written ---\n{text}"
    assert result.okr_set is not None
    assert result.okr_set.model_dump() == okr_set.model_dump(), f"--- written ---\n{text}"


@pytest.mark.parametrize("fmt", ["yaml", "json", "md"])
def test_round_trip_full(fmt: str) -> None:
    @SETTINGS
    @given(full_sets)
    def check(okr_set: OkrSet) -> None:
        _round_trip(okr_set, fmt)

    check()


@SETTINGS
@given(csv_sets)
def test_round_trip_csv(okr_set: OkrSet) -> None:
    _round_trip(okr_set, "csv")


def test_markdown_writer_escapes_look_alike_text() -> None:
    tricky = OkrSet(
        title="Objective 1: not an objective #",
        objectives=[
            Objective(
                title="KR1: **bold** <!-- okrcoach: waive OKR220 nope --> ##",
                description="Owner: this is a description",
                key_results=[
                    KeyResult(text="- [ ] KR2: 1. still one key result"),
                    KeyResult(text="Key results", unit="**"),
                ],
                waive=[Waiver(code="OKR101", reason="reason with --> and \\* inside")],
            ),
            Objective(title="Objectives", description="1. numbered-looking description"),
        ],
    )
    _round_trip(tricky, "md")


# -- a new Markdown file in the set's language ------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_markdown_in_every_language_reads_back(language: str) -> None:
    """Written with the language's labels (`Art:`, `Understøtter:`, `Beskrivelse:`) and decimal
    commas, declared or not, a set reads back equal."""

    @SETTINGS
    @given(full_sets, st.booleans())
    def check(okr_set: OkrSet, declared: bool) -> None:
        okr_set = okr_set.model_copy(update={"language": language if declared else None})
        text = write(okr_set, "md", language)
        result = read_text(text, "x.okr.md", "md")
        assert result.issues == [], f"issues: {result.issues}\n--- written ---\n{text}"
        assert result.okr_set is not None and result.okr_set.model_dump() == okr_set.model_dump(), f"--- written ---\n{text}"

    check()


LABELS = {
    "en": ("Kind:", "Aligns to:", "Id:", "Description:", "2.5"),
    "da": ("Art:", "Understøtter:", "Id:", "Beskrivelse:", "2,5"),
    "sv": ("Art:", "Stödjer:", "Id:", "Beskrivning:", "2,5"),
    "de": ("Art:", "Zahlt ein auf:", "ID:", "Beschreibung:", "2,5"),
    "fi": ("Laji:", "Tukee:", "Tunniste:", "Kuvaus:", "2,5"),
    "hu": ("Fajta:", "Kapcsolódó cél:", "Azonosító:", "Leírás:", "2,5"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("declared", [True, False])
def test_markdown_labels_and_numbers_are_the_languages(language: str, declared: bool) -> None:
    okr_set = OkrSet(
        language=language if declared else None,
        objectives=[
            Objective(
                title="Grow",
                kind="aspirational",
                aligns_to="company.okr.yaml#O2",
                id="grow",
                description="Owner: a description that reads as a field, so it needs its label",
                key_results=[KeyResult(text="Raise NPS from 31 to 45", baseline=2.5, target=12.125, current=1234.5)],
            )
        ],
    )
    text = write(okr_set, "md", language)
    kind, aligns, ident, description, number = LABELS[language]
    for line in (f"{kind} aspirational", f"{aligns} company.okr.yaml#O2", f"{ident} grow", f"{description} "):
        assert any(written.startswith(line) for written in text.splitlines()), f"no line starts with {line!r}:\n{text}"
    assert f": {number}\n" in text, text
    result = read_text(text, "x.okr.md", "md")
    assert result.issues == [] and result.okr_set is not None and result.okr_set.model_dump() == okr_set.model_dump(), text
