"""A number marked as a past value ("(60) a year ago", "60 i fjor", "vor einem Jahr 60") is where
the metric stood: a baseline, never the target (judgement guideline P8). lint, status and the
check-in dialog read it the same way, through the rubric's one reading (`stated_range`), in all
six languages: with no other number there is no target; beside a target it is the start."""

from __future__ import annotations

import pytest

from okrcoach import progress as p
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.tui.checkin import describe_key_result

# Only a past value: no target.
ONLY_PAST = [
    ("en", "Grow the share of repeat buyers, (60) a year ago"),
    ("en", "Grow the share of repeat buyers (60 last year)"),
    ("da", "Hæv andelen af tilbagevendende købere, (60) for et år siden"),
    ("da", "Hæv andelen af tilbagevendende købere (60 i fjor)"),
    ("sv", "Höj andelen återkommande köpare, (60) för ett år sedan"),
    ("sv", "Höj andelen återkommande köpare (60 förra året)"),
    ("de", "Anteil der Stammkäufer erhöhen, (60) vor einem Jahr"),
    ("de", "Anteil der Stammkäufer erhöhen (60 im Vorjahr)"),
    ("fi", "Kasvatetaan kanta-asiakkaiden osuutta, (60) vuosi sitten"),
    ("fi", "Kasvatetaan kanta-asiakkaiden osuutta (60 viime vuonna)"),
    ("hu", "Növeljük a visszatérő vevők arányát, (60) egy éve"),
    ("hu", "Növeljük a visszatérő vevők arányát (60 tavaly)"),
]

# A target with the past value beside it: the past value is the start.
BESIDE_TARGET = [
    ("en", "Grow the share of repeat buyers to 70 (60 a year ago)"),
    ("en", "Grow the share of repeat buyers to 70 (a year ago: 60)"),
    ("da", "Hæv andelen af tilbagevendende købere til 70 (60 for et år siden)"),
    ("sv", "Höj andelen återkommande köpare till 70 (60 för ett år sedan)"),
    ("de", "Anteil der Stammkäufer auf 70 erhöhen (60 vor einem Jahr)"),
    ("de", "Anteil der Stammkäufer auf 70 erhöhen (vor einem Jahr: 60)"),
    ("fi", "Kasvatetaan kanta-asiakkaiden osuus 70:een (60 vuosi sitten)"),
    ("hu", "Növeljük a visszatérő vevők arányát 70-re (60 egy éve)"),
    ("hu", "Növeljük a visszatérő vevők arányát 70-re (egy éve: 60)"),
]


def findings(linter, text: str, language: str) -> dict[str, str]:
    okr_set = OkrSet(language=language, period="2027-Q1", objectives=[Objective(title="Flere kunder kommer igen", key_results=[KeyResult(text=text)])])
    return {f.code: f.evidence for f in linter.lint(okr_set, "s.okr.yaml", language) if f.target == "key_result"}


@pytest.mark.parametrize(("language", "text"), ONLY_PAST)
def test_a_past_value_alone_is_no_target_for_lint_status_and_the_checkin_dialog(linter, language, text):
    found = findings(linter, text, language)
    assert "OKR240" not in found, f"lint took the past value for a target: {found}"
    assert "OKR201" in found, f"lint says no target, as status does: {found}"
    got = p.key_result_progress(KeyResult(text=text, current=65), language=language)
    assert got.progress is None and got.missing == "target"
    assert p.key_result_progress(KeyResult(text=text, current=65)).missing == "target"  # language unknown, as the check-in dialog asks


@pytest.mark.parametrize(("language", "text"), BESIDE_TARGET)
def test_a_past_value_beside_a_target_is_its_start_for_lint_status_and_the_checkin_dialog(linter, language, text):
    found = findings(linter, text, language)
    assert "OKR240" not in found and "OKR201" not in found, found
    assert p.text_range(text, language) == (60, 70)
    assert p.key_result_progress(KeyResult(text=text, current=65), language=language).progress == pytest.approx(0.5)
    shown = describe_key_result(KeyResult(text=text, current=65), language="en").plain
    assert "baseline 60" in shown and "target 70" in shown, shown


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Grow the share of repeat buyers to 70 by next year"),
        ("da", "Sælg 20 % mere end sidste år"),
        ("de", "Umsatz um 20 % gegenüber dem letzten Jahr steigern"),
        ("hu", "Növeljük az árbevételt 20%-kal a tavalyihoz képest"),
    ],
)
def test_a_number_not_marked_as_past_stays_a_target(linter, language, text):
    assert p.text_range(text, language) is None
    assert "OKR201" not in findings(linter, text, language)
