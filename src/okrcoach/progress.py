"""Progress, grades and status of OKRs from their check-ins: pure calculations, no I/O, no clock.

Every function takes the date it reports "as at" (`at`) from its caller, so the same files always
give the same numbers; only the `okrcoach status` front end defaults `at` to today.

Definitions (documented in the README, tested in tests/progress/):

* **Latest value** of a key result: `current` if given, else the value of the last check-in (by
  date; the later entry wins a tie). With `at`, check-ins after `at` are ignored, and `current`
  counts only when no check-in lies after `at` (it is undated, so it is taken to be the newest).
* **Direction**: the `direction` field, else inferred: target above the baseline = increase,
  below = decrease, equal = maintain.
* **Progress** of a key result: `(value - baseline) / (target - baseline)` clipped to 0.0-1.0, so
  decrease targets count the way down. `maintain` is met (1.0) while the value is at or above the
  target (at or below it when the baseline is below the target), else 0.0. Without a target, a
  baseline (except for maintain) or a value, progress is *unknown* and the reason says what to add;
  okrcoach never guesses a baseline: an empty `baseline:`/`target:` is taken only from what the
  text states (`from 78 % to 88 %`, or a target beside a past value, `to 70 (60 a year ago)`, in any
  of the six languages, read as lint reads it).
* **Objective score**: the weighted mean (`weight`, default 1) of its key results with known progress.
* **Expected progress** at `at`: the fraction of the period's days elapsed (the day `at` counted as
  gone), times the objective's goal: 1.0 for committed (and unmarked) objectives, 0.7 for
  aspirational ones. Before the period starts it is 0.0 and the status is "not started".
* **Status**: on track when progress is at least 75 % of the expected progress or within 10
  points of it; at risk when it is more than 25 % behind (below 75 % of expected); off track when
  more than 50 % behind (below 50 % of expected).
* **Grade**: the score rounded to one decimal; Google's colour bands: 0.0-0.3 red, 0.4-0.6 yellow,
  0.7-1.0 green.
* **Confidence**: 0-1, or 0-10 (values above 1 are divided by 10); the trend compares the last two
  check-ins that give one: up, down or flat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Callable, Iterable, Optional

from okrcoach.i18n import LocalisedText, Msg, msg
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, Period

ASPIRATIONAL_GOAL = 0.7
COMMITTED_GOAL = 1.0
AT_RISK_BEHIND = 0.25  # more than 25 % behind the expected progress: at risk
OFF_TRACK_BEHIND = 0.50  # more than 50 % behind: off track
GRACE_POINTS = 0.10  # within 10 points of the expected progress is always on track
TREND_EPSILON = 0.005

ON_TRACK, AT_RISK, OFF_TRACK, NOT_STARTED, UNKNOWN = "on_track", "at_risk", "off_track", "not_started", "unknown"
CONFIDENCE_DOWN = "confidence_down"  # a risk item only: the confidence fell at the last check-in


@dataclass(frozen=True)
class KeyResultProgress:
    """Where one key result stands: the value used, its direction, progress or why it is unknown."""

    value: Optional[float]
    value_date: Optional[date]  # date of the check-in the value came from; None for `current`
    direction: Optional[str]
    progress: Optional[float]
    reason: Optional[Msg] = None  # why progress is unknown, with what to do on the command line (rendered in the file's language)
    missing: Optional[str] = None  # what is missing, for front ends that say how in their own words: target, baseline or checkin


@dataclass(frozen=True)
class ObjectiveScore:
    """The weighted mean of the known key result progress, and how many key results were known."""

    score: Optional[float]
    known: int
    total: int


# -- values ---------------------------------------------------------------------------------------


def sorted_checkins(checkins: Iterable[Checkin], at: Optional[date] = None) -> list[Checkin]:
    """Check-ins in date order (stable, so of two on one day the later entry comes last), up to `at`."""
    ordered = sorted(enumerate(checkins), key=lambda pair: (pair[1].date, pair[0]))
    return [c for _, c in ordered if at is None or c.date <= at]


def latest_value(kr: KeyResult, at: Optional[date] = None) -> tuple[Optional[float], Optional[date]]:
    """The value progress is measured from, and the date of the check-in it came from."""
    upto = sorted_checkins(kr.checkins, at)
    later = at is not None and any(c.date > at for c in kr.checkins)
    if kr.current is not None and not later:
        return kr.current, None
    if upto:
        return upto[-1].value, upto[-1].date
    return None, None


def resolve_direction(kr: KeyResult) -> Optional[str]:
    """The `direction` field, else inferred from baseline and target (None if it cannot be)."""
    if kr.direction:
        return kr.direction
    if kr.baseline is None or kr.target is None:
        return None
    if kr.target > kr.baseline:
        return "increase"
    if kr.target < kr.baseline:
        return "decrease"
    return "maintain"


def clip(value: float) -> float:
    return max(0.0, min(1.0, value))


@lru_cache(maxsize=1)
def _lexicons() -> dict:
    from okrcoach.rubric.cache import load_cached_rubric

    return load_cached_rubric().lexicons  # the rubric lint uses, pre-built: no lexicon parsed twice


@lru_cache(maxsize=4096)
def text_range(text: str, language: Optional[str] = None) -> Optional[tuple[float, float]]:
    """The baseline and target a key result's text states (`from 78 % to 88 %`, `fra 78 % til
    88 %`, `von 78 % auf 88 %`), read by the rubric as lint reads them: in `language` first, then
    in the other five (people mix languages)."""
    from okrcoach.rubric import stated_range

    lexicons = _lexicons()
    for code in dict.fromkeys([language or "en", *sorted(lexicons)]):
        if code in lexicons:
            found = stated_range(KeyResult(text=text), lexicons[code])
            if found is not None:
                return found
    return None


def with_stated_range(kr: KeyResult, language: Optional[str] = None) -> KeyResult:
    """`kr` with an empty `baseline:` or `target:` taken from what its text states; fields win."""
    if kr.baseline is not None and kr.target is not None:
        return kr
    stated = text_range(kr.text, language)
    if stated is None:
        return kr
    baseline = kr.baseline if kr.baseline is not None else stated[0]
    target = kr.target if kr.target is not None else stated[1]
    return kr.model_copy(update={"baseline": baseline, "target": target})


def english_key(name: str) -> str:
    """A field's key as a YAML file writes it (`target:`): what a hint names when the file's own is not known."""
    return f"{name}:"


def key_result_progress(kr: KeyResult, at: Optional[date] = None, language: Optional[str] = None, keys: Callable[[str], str] = english_key) -> KeyResultProgress:
    """Progress of one key result from its baseline to its target, 0.0-1.0, or unknown with a reason.

    Empty `baseline:` and `target:` fields are taken from the text when it states both
    (`from 78 % to 88 %`), as lint reads it. A reason that asks for a field names it with `keys`
    (`okrcoach.formats.vocabulary.hint_key`: `tavoitetaso:` in a Finnish Markdown file)."""
    kr = with_stated_range(kr, language)
    value, when = latest_value(kr, at)
    direction = resolve_direction(kr)

    def unknown(reason: Msg, missing: Optional[str] = None) -> KeyResultProgress:
        return KeyResultProgress(value, when, direction, None, reason, missing)

    if kr.target is None:
        return unknown(msg("progress.no-target", key=keys("target")), "target")
    if kr.baseline is None and direction != "maintain":
        return unknown(msg("progress.no-baseline", key=keys("baseline")), "baseline")
    if value is None:
        return unknown(msg("progress.no-checkin", key=keys("current")), "checkin")
    if not _finite(value, kr.target, kr.baseline):
        return unknown(msg("progress.not-finite"))
    if direction == "maintain":
        below = kr.baseline is not None and kr.baseline < kr.target
        met = value <= kr.target if below else value >= kr.target
        return KeyResultProgress(value, when, direction, 1.0 if met else 0.0)
    assert kr.baseline is not None
    if direction == "increase" and kr.target < kr.baseline or direction == "decrease" and kr.target > kr.baseline:
        return unknown(msg("progress.direction-contradicts", direction=direction, baseline=kr.baseline, target=kr.target))
    if kr.target == kr.baseline:
        met = value >= kr.target if direction == "increase" else value <= kr.target
        return KeyResultProgress(value, when, direction, 1.0 if met else 0.0)
    return KeyResultProgress(value, when, direction, clip((value - kr.baseline) / (kr.target - kr.baseline)))


def _finite(*values: Optional[float]) -> bool:
    return all(v is None or math.isfinite(v) for v in values)


def objective_score(objective: Objective, at: Optional[date] = None) -> ObjectiveScore:
    """Weighted mean of the key results whose progress is known (weights default to 1)."""
    total_weight = 0.0
    weighted = 0.0
    known = 0
    for kr in objective.key_results:
        progress = key_result_progress(kr, at).progress
        if progress is None:
            continue
        known += 1
        weight = 1.0 if kr.weight is None else max(0.0, float(kr.weight))
        total_weight += weight
        weighted += weight * progress
    score = weighted / total_weight if total_weight > 0 else None
    return ObjectiveScore(score, known, len(objective.key_results))


# -- time -----------------------------------------------------------------------------------------


def elapsed_fraction(period: Optional[Period], at: date) -> Optional[float]:
    """Share of the period's days gone by the end of `at`: 0.0 before the start, 1.0 from the end."""
    if period is None:
        return None
    if at < period.start:
        return 0.0
    if at >= period.end:
        return 1.0
    days = (period.end - period.start).days + 1
    return ((at - period.start).days + 1) / days


def goal_for(kind: Optional[str]) -> float:
    """Where an objective is expected to end: 1.0 committed (and unmarked), 0.7 aspirational."""
    return ASPIRATIONAL_GOAL if kind == "aspirational" else COMMITTED_GOAL


def expected_progress(period: Optional[Period], at: date, kind: Optional[str] = None) -> Optional[float]:
    """Progress expected by `at`: elapsed share of the period times the objective's goal."""
    elapsed = elapsed_fraction(period, at)
    return None if elapsed is None else elapsed * goal_for(kind)


def period_state(period: Optional[Period], at: date) -> str:
    """`no period`, `not started`, `running` or `ended` (from the day after the end)."""
    if period is None:
        return "no period"
    if at < period.start:
        return "not started"
    if at > period.end:
        return "ended"
    return "running"


def status(progress: Optional[float], expected: Optional[float], started: bool = True) -> str:
    """on_track / at_risk / off_track from progress against expected progress (see module doc)."""
    if not started:
        return NOT_STARTED
    if progress is None or expected is None:
        return UNKNOWN
    if progress >= expected or expected - progress <= GRACE_POINTS + 1e-9:
        return ON_TRACK
    behind = (expected - progress) / expected
    if behind > OFF_TRACK_BEHIND:
        return OFF_TRACK
    if behind > AT_RISK_BEHIND:
        return AT_RISK
    return ON_TRACK


# -- grades and confidence ---------------------------------------------------------------------------


def grade(score: Optional[float]) -> Optional[float]:
    """The score on Google's 0.0-1.0 scale, rounded half up to one decimal."""
    if score is None:
        return None
    return math.floor(clip(score) * 10 + 0.5 + 1e-9) / 10


def band(score: Optional[float]) -> Optional[str]:
    """Google's colour bands on the grade: 0.0-0.3 red, 0.4-0.6 yellow, 0.7-1.0 green."""
    g = grade(score)
    if g is None:
        return None
    if g >= 0.7:
        return "green"
    if g >= 0.4:
        return "yellow"
    return "red"


def normalise_confidence(value: Optional[float]) -> Optional[float]:
    """Confidence on a 0-1 scale: values above 1 are read as 0-10."""
    if value is None or not math.isfinite(value):
        return None
    return value / 10 if value > 1 else value


def confidences(kr: KeyResult, at: Optional[date] = None) -> list[float]:
    found = (normalise_confidence(c.confidence) for c in sorted_checkins(kr.checkins, at))
    return [c for c in found if c is not None]


def confidence_trend(kr: KeyResult, at: Optional[date] = None) -> Optional[str]:
    """`up`, `down` or `flat` between the last two check-ins with a confidence; None with fewer."""
    values = confidences(kr, at)
    if len(values) < 2:
        return None
    return _trend(values[-1] - values[-2])


def objective_confidence_trend(objective: Objective, at: Optional[date] = None) -> Optional[str]:
    """The mean of the key results' last confidence changes, as up, down or flat."""
    deltas = []
    for kr in objective.key_results:
        values = confidences(kr, at)
        if len(values) >= 2:
            deltas.append(values[-1] - values[-2])
    return _trend(sum(deltas) / len(deltas)) if deltas else None


def _trend(delta: float) -> str:
    if delta > TREND_EPSILON:
        return "up"
    if delta < -TREND_EPSILON:
        return "down"
    return "flat"


# -- a whole set ----------------------------------------------------------------------------------


@dataclass
class KeyResultStatus:
    ref: str
    key_result: KeyResult
    progress: KeyResultProgress
    expected: Optional[float]
    status: str
    confidence: Optional[float]
    trend: Optional[str]
    last_checkin: Optional[Checkin]


@dataclass
class ObjectiveStatus:
    ref: str
    objective: Objective
    score: ObjectiveScore
    expected: Optional[float]
    status: str
    trend: Optional[str]
    key_results: list[KeyResultStatus] = field(default_factory=list)


@dataclass
class RiskItem:
    ref: str
    text: str
    status: str
    reason: LocalisedText
    missing: Optional[str] = None  # as in KeyResultProgress, for unknown progress
    falling: Optional[Msg] = None  # how confidence fell, when it did


@dataclass
class SetStatus:
    at: date
    state: str
    elapsed: Optional[float]
    objectives: list[ObjectiveStatus]
    at_risk: list[RiskItem]


def set_status(okr_set: OkrSet, at: date, keys: Callable[[str], str] = english_key) -> SetStatus:
    """Progress, expectation and status of every objective and key result of a set at `at`; a
    reason that asks for a field names it with `keys` (see `key_result_progress`)."""
    state = period_state(okr_set.period, at)
    started = state != "not started"
    paced = started and state != "no period"  # a key result not measured yet is behind only against a pace
    objectives = []
    risks: list[RiskItem] = []
    for oi, objective in enumerate(okr_set.objectives, 1):
        expected = expected_progress(okr_set.period, at, objective.kind)
        score = objective_score(objective, at)
        rows = []
        for ki, kr in enumerate(objective.key_results, 1):
            progress = key_result_progress(kr, at, keys=keys)
            upto = sorted_checkins(kr.checkins, at)
            values = confidences(kr, at)
            row = KeyResultStatus(
                ref=f"O{oi}.KR{ki}",
                key_result=kr,
                progress=progress,
                expected=expected,
                status=status(progress.progress, expected, started),
                confidence=values[-1] if values else normalise_confidence(kr.confidence),
                trend=confidence_trend(kr, at),
                last_checkin=upto[-1] if upto else None,
            )
            rows.append(row)
            risks.extend(_key_result_risks(row, paced, at))
        row_o = ObjectiveStatus(
            ref=f"O{oi}",
            objective=objective,
            score=score,
            expected=expected,
            status=status(score.score, expected, started),
            trend=objective_confidence_trend(objective, at),
            key_results=rows,
        )
        objectives.append(row_o)
        if row_o.status in (AT_RISK, OFF_TRACK):
            risks.append(RiskItem(row_o.ref, objective.title, row_o.status, _behind(score.score, expected)))
    order = {OFF_TRACK: 0, AT_RISK: 1, CONFIDENCE_DOWN: 2, UNKNOWN: 3}
    risks.sort(key=lambda r: order.get(r.status, 4))
    return SetStatus(at=at, state=state, elapsed=elapsed_fraction(okr_set.period, at), objectives=objectives, at_risk=risks)


def _behind(progress: Optional[float], expected: Optional[float]) -> Msg:
    return msg("progress.behind", done=_pct(progress), expected=_pct(expected))


def _and(first: LocalisedText, second: Optional[LocalisedText]) -> LocalisedText:
    return msg("progress.and", first=first, second=second) if second else first


def percent(value: float) -> int:
    """A share as a whole percentage, rounded half up (0.125 -> 13)."""
    return math.floor(value * 100 + 0.5 + 1e-9)


def _pct(value: Optional[float]) -> str:
    return "?" if value is None else f"{percent(value)} %"


def _key_result_risks(row: KeyResultStatus, paced: bool, at: date) -> list[RiskItem]:
    """One item per key result that is behind, losing confidence, or unmeasured while its period
    runs (`paced`): before the period starts, or in a set with no period, nothing is expected yet,
    so a key result with no check-in is no alarm (its row says what it lacks)."""
    text = row.key_result.text
    falling = None
    if row.trend == "down":
        values = confidences(row.key_result, at)
        falling = msg("progress.confidence-down", before=round(values[-2], 1), after=round(values[-1], 1))
    if row.status in (AT_RISK, OFF_TRACK):
        return [RiskItem(row.ref, text, row.status, _and(_behind(row.progress.progress, row.expected), falling))]
    if paced and row.progress.progress is None:
        reason = row.progress.reason or msg("progress.unknown")
        return [RiskItem(row.ref, text, UNKNOWN, _and(reason, falling), row.progress.missing, falling)]
    return [RiskItem(row.ref, text, CONFIDENCE_DOWN, falling)] if falling else []


# -- dates the rules may use (never the clock) --------------------------------------------------------


def last_checkin_date(okr_set: OkrSet) -> Optional[date]:
    """The newest check-in date anywhere in the set."""
    dates = [c.date for o in okr_set.objectives for kr in o.key_results for c in kr.checkins]
    return max(dates) if dates else None


def graded_on(okr_set: OkrSet) -> Optional[date]:
    """The set's grading date: its last check-in, when that is on or after the period's end; else None."""
    last = last_checkin_date(okr_set)
    if okr_set.period is None or last is None or last < okr_set.period.end:
        return None
    return last
