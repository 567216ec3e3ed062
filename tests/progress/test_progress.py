"""Every progress calculation: directions, missing data, weights, periods, expectations, trends."""

from __future__ import annotations

from datetime import date

import pytest

from okrcoach import progress as p
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, parse_period

Q1 = parse_period("2027-Q1")  # 2027-01-01..2027-03-31, 90 days


def en(text) -> str:
    """A reason as the English status shows it (reasons are rendered in the file's language)."""
    from okrcoach.i18n import resolve

    return resolve(text, "en")


def kr(**fields) -> KeyResult:
    return KeyResult(text=fields.pop("text", "Move a metric"), **fields)


def ci(day: str, value: float, confidence: float | None = None, note: str | None = None) -> Checkin:
    return Checkin(date=date.fromisoformat(day), value=value, confidence=confidence, note=note)


# -- key result progress ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"baseline": 100, "target": 140, "current": 110}, 0.25),  # increase
        ({"baseline": 100, "target": 140, "current": 140}, 1.0),
        ({"baseline": 3, "target": 2, "current": 2.5}, 0.5),  # decrease target
        ({"baseline": 3, "target": 2, "current": 2}, 1.0),
        ({"baseline": 8, "target": 2, "current": 6.5, "direction": "decrease"}, 0.25),
        ({"baseline": 0, "target": 12, "current": 3}, 0.25),
    ],
)
def test_progress_from_baseline_to_target(fields, expected):
    assert p.key_result_progress(kr(**fields)).progress == pytest.approx(expected)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"baseline": 100, "target": 140, "current": 180}, 1.0),  # overshoot clipped
        ({"baseline": 100, "target": 140, "current": 90}, 0.0),  # went backwards, clipped
        ({"baseline": 3, "target": 2, "current": 1}, 1.0),  # decrease overshoot
        ({"baseline": 3, "target": 2, "current": 4}, 0.0),  # decrease gone wrong
    ],
)
def test_progress_is_clipped_to_0_and_1(fields, expected):
    assert p.key_result_progress(kr(**fields)).progress == expected


def test_direction_is_the_field_else_inferred():
    assert p.resolve_direction(kr(baseline=1, target=2)) == "increase"
    assert p.resolve_direction(kr(baseline=2, target=1)) == "decrease"
    assert p.resolve_direction(kr(baseline=2, target=2)) == "maintain"
    assert p.resolve_direction(kr(target=2)) is None
    assert p.resolve_direction(kr(target=2, direction="maintain")) == "maintain"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"target": 50, "direction": "maintain", "current": 55}, 1.0),  # keep at or above
        ({"target": 50, "direction": "maintain", "current": 49}, 0.0),
        ({"baseline": 55, "target": 50, "direction": "maintain", "current": 50}, 1.0),
        ({"baseline": 0.8, "target": 1.0, "direction": "maintain", "current": 0.9}, 1.0),  # keep at or below
        ({"baseline": 0.8, "target": 1.0, "direction": "maintain", "current": 1.2}, 0.0),
        ({"baseline": 99.9, "target": 99.9, "current": 99.95}, 1.0),  # inferred maintain
        ({"baseline": 5, "target": 5, "direction": "decrease", "current": 4}, 1.0),
        ({"baseline": 5, "target": 5, "direction": "decrease", "current": 6}, 0.0),
    ],
)
def test_maintain_is_met_or_not(fields, expected):
    assert p.key_result_progress(kr(**fields)).progress == expected


def test_missing_baseline_is_unknown_with_a_reason_not_a_guess():
    result = p.key_result_progress(kr(target=12, current=3, text="Win 12 new customers"))
    assert result.progress is None
    assert "no baseline" in en(result.reason) and "baseline:" in en(result.reason)


def test_missing_target_and_no_checkins_are_unknown():
    assert "no target" in en(p.key_result_progress(kr(baseline=1, current=2)).reason)
    no_data = p.key_result_progress(kr(baseline=1, target=2))
    assert no_data.progress is None and "no check-in yet" in en(no_data.reason)


def test_contradicting_direction_is_unknown():
    result = p.key_result_progress(kr(baseline=50, target=40, direction="increase", current=45))
    assert result.progress is None and "contradicts" in en(result.reason)


def test_latest_value_is_current_else_last_checkin_by_date():
    checkins = [ci("2027-02-01", 120), ci("2027-01-10", 110)]
    assert p.latest_value(kr(checkins=checkins)) == (120, date(2027, 2, 1))
    assert p.latest_value(kr(checkins=checkins, current=125)) == (125, None)
    same_day = [ci("2027-02-01", 1), ci("2027-02-01", 2)]
    assert p.latest_value(kr(checkins=same_day))[0] == 2  # the later entry wins a tie


def test_latest_value_as_at_a_date_ignores_later_checkins():
    item = kr(baseline=100, target=200, current=180, checkins=[ci("2027-01-15", 120), ci("2027-02-15", 180)])
    assert p.latest_value(item, date(2027, 2, 1)) == (120, date(2027, 1, 15))
    assert p.key_result_progress(item, date(2027, 2, 1)).progress == pytest.approx(0.2)
    assert p.latest_value(item, date(2027, 1, 1)) == (None, None)
    assert p.latest_value(item, date(2027, 3, 1)) == (180, None)  # `current` once no check-in is later


# -- objective score ---------------------------------------------------------------------------------


def test_objective_score_is_the_mean_of_known_key_results():
    objective = Objective(
        title="Grow",
        key_results=[kr(baseline=0, target=10, current=5), kr(baseline=0, target=10, current=10), kr(target=10, current=3)],
    )
    score = p.objective_score(objective)
    assert score.score == pytest.approx(0.75)
    assert (score.known, score.total) == (2, 3)


def test_objective_score_uses_weights():
    objective = Objective(title="Grow", key_results=[kr(baseline=0, target=10, current=10, weight=3), kr(baseline=0, target=10, current=0, weight=1)])
    assert p.objective_score(objective).score == pytest.approx(0.75)
    zero = Objective(title="Grow", key_results=[kr(baseline=0, target=10, current=10, weight=0), kr(baseline=0, target=10, current=0)])
    assert p.objective_score(zero).score == 0.0


def test_objective_without_known_progress_has_no_score():
    assert p.objective_score(Objective(title="Grow", key_results=[kr(target=10)])).score is None
    assert p.objective_score(Objective(title="Grow")).score is None


# -- time and expectations -----------------------------------------------------------------------------


def test_elapsed_fraction_of_the_period():
    assert p.elapsed_fraction(Q1, date(2026, 12, 31)) == 0.0
    assert p.elapsed_fraction(Q1, date(2027, 1, 1)) == pytest.approx(1 / 90)
    assert p.elapsed_fraction(Q1, date(2027, 2, 14)) == pytest.approx(45 / 90)
    assert p.elapsed_fraction(Q1, date(2027, 3, 31)) == 1.0
    assert p.elapsed_fraction(Q1, date(2027, 6, 1)) == 1.0
    assert p.elapsed_fraction(None, date(2027, 2, 1)) is None


def test_committed_expected_at_1_aspirational_at_0_7():
    mid = date(2027, 2, 14)
    assert p.expected_progress(Q1, mid, "committed") == pytest.approx(0.5)
    assert p.expected_progress(Q1, mid, None) == pytest.approx(0.5)
    assert p.expected_progress(Q1, mid, "aspirational") == pytest.approx(0.35)
    assert p.expected_progress(Q1, date(2027, 3, 31), "committed") == 1.0
    assert p.expected_progress(Q1, date(2027, 3, 31), "aspirational") == pytest.approx(0.7)


def test_period_not_yet_started():
    before = date(2026, 12, 15)
    assert p.expected_progress(Q1, before, "committed") == 0.0
    assert p.period_state(Q1, before) == "not started"
    assert p.status(0.0, 0.0, started=False) == p.NOT_STARTED
    okr_set = OkrSet(period=Q1, objectives=[Objective(title="Grow", key_results=[kr(baseline=0, target=10)])])
    result = p.set_status(okr_set, before)
    assert result.state == "not started"
    assert result.objectives[0].status == p.NOT_STARTED
    assert result.objectives[0].key_results[0].status == p.NOT_STARTED
    assert result.at_risk == []  # nothing is at risk before the start, not even missing check-ins


@pytest.mark.parametrize(
    ("progress", "expected", "status"),
    [
        (0.5, 0.5, p.ON_TRACK),
        (0.8, 0.5, p.ON_TRACK),
        (0.40, 0.5, p.ON_TRACK),  # within 10 points
        (0.38, 0.5, p.ON_TRACK),  # 24 % behind
        (0.35, 0.5, p.AT_RISK),  # 30 % behind
        (0.26, 0.5, p.AT_RISK),  # 48 % behind
        (0.24, 0.5, p.OFF_TRACK),  # 52 % behind
        (0.0, 0.05, p.ON_TRACK),  # early in the period: within 10 points
        (0.0, 0.2, p.OFF_TRACK),
        (0.7, 1.0, p.AT_RISK),  # end of the period, committed at 0.7
        (None, 0.5, p.UNKNOWN),
        (0.5, None, p.UNKNOWN),  # no period
    ],
)
def test_status_thresholds(progress, expected, status):
    assert p.status(progress, expected) == status


def test_aspirational_objective_at_0_7_is_on_track_at_the_end_committed_is_not():
    def one(kind):
        return OkrSet(period=Q1, objectives=[Objective(title="Grow", kind=kind, key_results=[kr(baseline=0, target=10, current=7)])])

    end = date(2027, 3, 31)
    assert p.set_status(one("aspirational"), end).objectives[0].status == p.ON_TRACK
    assert p.set_status(one("committed"), end).objectives[0].status == p.AT_RISK


# -- grades and confidence -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade", "band"),
    [(0.0, 0.0, "red"), (0.3, 0.3, "red"), (0.34, 0.3, "red"), (0.35, 0.4, "yellow"), (0.6, 0.6, "yellow"), (0.649, 0.6, "yellow"), (0.65, 0.7, "green"), (1.0, 1.0, "green"), (None, None, None)],
)
def test_grades_and_google_colour_bands(score, grade, band):
    assert p.grade(score) == grade
    assert p.band(score) == band


def test_confidence_is_normalised_from_0_10():
    assert p.normalise_confidence(7) == 0.7
    assert p.normalise_confidence(0.7) == 0.7
    assert p.normalise_confidence(1) == 1
    assert p.normalise_confidence(None) is None


def test_confidence_trend_from_the_last_two_checkins_with_a_confidence():
    def trend(*values):
        return p.confidence_trend(kr(checkins=[ci(f"2027-01-{i + 10}", 1, c) for i, c in enumerate(values)]))

    assert trend(0.5, 0.7) == "up"
    assert trend(0.7, 5) == "down"  # mixed scales: 0.7 then 5/10
    assert trend(0.6, 6) == "flat"
    assert trend(0.9, None, 0.4) == "down"  # check-ins without a confidence are skipped
    assert trend(0.6) is None
    assert trend() is None


def test_objective_confidence_trend_is_the_mean_change():
    up = kr(checkins=[ci("2027-01-10", 1, 0.5), ci("2027-02-10", 1, 0.8)])
    down = kr(checkins=[ci("2027-01-10", 1, 0.6), ci("2027-02-10", 1, 0.5)])
    assert p.objective_confidence_trend(Objective(title="O", key_results=[up, down])) == "up"
    assert p.objective_confidence_trend(Objective(title="O", key_results=[kr()])) is None


# -- a whole set ------------------------------------------------------------------------------------------


def test_set_status_lists_what_is_at_risk():
    okr_set = OkrSet(
        period=Q1,
        objectives=[
            Objective(
                title="Grow revenue",
                key_results=[
                    kr(text="Raise MRR", baseline=100, target=140, checkins=[ci("2027-01-20", 102, 0.8), ci("2027-02-10", 104, 0.5)]),
                    kr(text="Win customers", target=12, current=3),
                    kr(text="Cut churn", baseline=3, target=2, current=2.5),
                ],
            )
        ],
    )
    result = p.set_status(okr_set, date(2027, 2, 14))
    assert result.elapsed == pytest.approx(0.5)
    rows = result.objectives[0].key_results
    assert [r.status for r in rows] == [p.OFF_TRACK, p.UNKNOWN, p.ON_TRACK]
    assert rows[0].trend == "down" and rows[0].confidence == 0.5
    risks = [(r.ref, r.status) for r in result.at_risk]
    assert risks == [("O1.KR1", p.OFF_TRACK), ("O1", p.AT_RISK), ("O1.KR2", p.UNKNOWN)]
    assert en(result.at_risk[0].reason) == "10 % done, 50 % expected by now; confidence down from 0.8 to 0.5"
    assert "no baseline" in en(result.at_risk[2].reason)


def test_falling_confidence_alone_is_listed():
    item = kr(text="Raise MRR", baseline=100, target=140, checkins=[ci("2027-01-20", 110, 9), ci("2027-02-10", 125, 6)])
    result = p.set_status(OkrSet(period=Q1, objectives=[Objective(title="O", key_results=[item])]), date(2027, 2, 14))
    assert [(r.ref, r.status, en(r.reason)) for r in result.at_risk] == [("O1.KR1", p.CONFIDENCE_DOWN, "confidence down from 0.9 to 0.6")]


def test_grading_date_comes_from_checkins_never_the_clock():
    okr_set = OkrSet(period=Q1, objectives=[Objective(title="O", key_results=[kr(checkins=[ci("2027-02-01", 1)])])])
    assert p.last_checkin_date(okr_set) == date(2027, 2, 1)
    assert p.graded_on(okr_set) is None
    okr_set.objectives[0].key_results[0].checkins.append(ci("2027-04-02", 2))
    assert p.graded_on(okr_set) == date(2027, 4, 2)
    assert p.graded_on(OkrSet(objectives=okr_set.objectives)) is None  # no period


def test_a_set_with_no_period_lists_no_unmeasured_key_result_as_at_risk():
    """With no period there is no pace: a key result without a check-in is not behind anything.
    Its row still says what it lacks; a falling confidence is still worth a line."""
    falling = kr(text="Raise MRR", baseline=100, target=140, checkins=[ci("2027-01-20", 110, 9), ci("2027-02-10", 125, 6)])
    unmeasured = [kr(text=f"Key result {n}", baseline=0, target=10) for n in range(5)]
    okr_set = OkrSet(objectives=[Objective(title="O", key_results=[falling, *unmeasured])])
    result = p.set_status(okr_set, date(2027, 2, 14))
    assert result.state == "no period"
    assert [(r.ref, r.status) for r in result.at_risk] == [("O1.KR1", p.CONFIDENCE_DOWN)]
    assert [en(r.progress.reason) for r in result.objectives[0].key_results[1:]] == [en(p.key_result_progress(unmeasured[0]).reason)] * 5
    with_period = p.set_status(OkrSet(period=Q1, objectives=okr_set.objectives), date(2027, 2, 14))
    assert [r.status for r in with_period.at_risk].count(p.UNKNOWN) == 5
