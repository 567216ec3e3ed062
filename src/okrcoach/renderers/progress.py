"""Progress as text: bars, percentages, grades, status labels and trend arrows, and the `status`
and `tree` reports built from them.

Shared by the command line (`okrcoach status`, `tree`, `checkin`) and the terminal UI, so a number
reads the same in both. Every number comes from `okrcoach.progress`; text from files goes through
`printable`. The `status --format json` document (`status_json`) is a versioned contract.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Optional

from okrcoach import excerpt
from okrcoach.terminal import printable

STATUS_JSON_VERSION = 1
STATUS_LABELS = {"on_track": "on track", "at_risk": "at risk", "off_track": "off track", "not_started": "not started", "unknown": "unknown", "confidence_down": "confidence"}
ARROWS = {"up": "↑", "down": "↓", "flat": "→"}


def bar(progress: Optional[float], width: int = 10) -> str:
    """A plain-text progress bar: ████░░░░░░."""
    if progress is None:
        return " " * width
    filled = math.floor(max(0.0, min(1.0, progress)) * width + 0.5 + 1e-9)
    return "█" * filled + "░" * (width - filled)


def pct(value: Optional[float]) -> str:
    """A share as shown to people: `64 %`, or `–` when unknown."""
    from okrcoach.progress import percent

    return "–" if value is None else f"{percent(value)} %"


def number(value: Any) -> str:
    """A metric value without a needless `.0`: 42, 12.5."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def clip(text: str, width: int) -> str:
    """Text on one line, cut between words to `width` characters with an ellipsis."""
    return excerpt.clip(text, width)


def grade_words(score: Optional[float], language: str) -> str:
    """A score's grade and band in `language`: `0.7 green`, `0,7 grøn`; empty when unknown."""
    from okrcoach.i18n import text
    from okrcoach.progress import band, grade

    g = grade(score)
    return "" if g is None else text("progress.grade", language, grade=grade_number(g, language), band=band(score))


def _short(heading: str, width: int) -> str:
    """A heading in `width` columns: as it is when it fits, else cut with a full stop (`forv.`)."""
    return heading if len(heading) <= width else heading[: max(width - 1, 1)].rstrip(" /") + "."


# The narrowest the name column of `status` gets when the table is fitted to a width; names are
# clipped between words with an ellipsis, numbers and words of the other columns never are.
_NARROWEST_NAME = 14
_ROOMY_NAME = 24
_WIDE_NAME = 44


def _wrapped(line: str, width: Optional[int], indent: int) -> list[str]:
    """`line` as it is, or with `width` broken at spaces into lines of at most `width` columns, the
    ones after the first indented by `indent` (under the text they continue)."""
    if width is None or len(line) <= width:
        return [line]
    import textwrap

    lead = len(line) - len(line.lstrip(" "))
    indent = min(indent, width // 2)
    kept = line.lstrip(" ").replace(" %", "\u00a0%")  # `36 %` stays on one line
    wrapped = textwrap.wrap(kept, width, initial_indent=" " * lead, subsequent_indent=" " * indent, break_long_words=False, break_on_hyphens=False)
    return [part.replace("\u00a0%", " %") for part in wrapped] or [line]


def _rest(grade: int, expected: int, status: int, confidence: int) -> int:
    """Columns a `status` row takes besides its name: progress bar and share, grade, expected
    share, status and confidence, with two spaces before each (and before the name)."""
    return 2 + 2 + 16 + 2 + grade + 2 + expected + 2 + status + 2 + confidence


def status_text(results, errors, said: Optional[dict] = None, errors_language: str = "en", width: Optional[int] = None) -> str:
    """`okrcoach status` for people: per file, a table of objectives and key results, then what is at
    risk, in the file's language (its declared one, else the one its text is written in); then the
    files that cannot be read, in `errors_language`, each with its problem (`said`, by path, else English).

    With `width` (a terminal's columns), each row of the table fits in it: the name column gives
    way first (down to `_NARROWEST_NAME`), then the headings are shortened to their column's data
    (`kar.`, `forv.`), then trends are shown by their arrows alone; an objective's "2 of 3
    measured" goes on a line of its own. The data (bars, shares, grades, statuses) is never cut."""
    from okrcoach.i18n import resolve, text
    from okrcoach.set_language import language_of

    out: list[str] = []
    for display, okr_set, st in results:
        language = language_of(okr_set)

        def words(key: str, language: str = language, **params: Any) -> str:
            return text(f"progress.{key}", language, **params)

        statuses = {name: words("status", status=name) for name in STATUS_LABELS}
        labels = max(len(label) for label in statuses.values())
        grades = max(len(grade_words(score, language)) for score in (0.0, 0.45, 0.75, 1.0))
        trends = max(len(f"{ARROWS[trend]} {words('trend', trend=trend)}") for trend in ARROWS)
        heading = {key: words(f"heading-{key}") for key in ("name", "progress", "grade", "expected", "status", "confidence")}
        grade_width = max(10, len(heading["grade"]), grades)
        status_width = max(11, labels)
        expected_width = 8
        name_width = _WIDE_NAME
        trend_words = True
        if width is not None:
            if width - _rest(grade_width, expected_width, status_width, 4 + trends) < _ROOMY_NAME:
                grade_width, expected_width, status_width = grades, 5, labels
                trend_words = width - _rest(grade_width, expected_width, status_width, 4 + trends) >= _ROOMY_NAME
                heading.update(
                    grade=_short(heading["grade"], grade_width),
                    expected=_short(heading["expected"], expected_width),
                    status=_short(heading["status"], status_width),
                    progress=_short(heading["progress"], 16),
                    confidence=_short(heading["confidence"], 4 + trends if trend_words else 5),
                )
            name_width = max(_NARROWEST_NAME, min(_WIDE_NAME, width - _rest(grade_width, expected_width, status_width, 4 + trends if trend_words else 5)))
            heading["name"] = _short(heading["name"], name_width)
        shown_words = trend_words

        about = ", ".join(x for x in (okr_set.team or okr_set.title, okr_set.period.label if okr_set.period else None) if x)
        when = {"no period": words("no-period"), "not started": words("not-started"), "ended": words("ended")}.get(st.state)
        if when is None:
            when = words("period-gone", share=pct(st.elapsed))
        out.extend(_wrapped(f"{display}{'  ' + about if about else ''}  ({words('as-of', date=st.at.isoformat(), when=when)})", width, 2))
        out.append("")
        out.append(
            f"  {heading['name']:<{name_width}}  {heading['progress']:<16}  {heading['grade']:<{grade_width}}  {heading['expected']:>{expected_width}}  {heading['status']:<{status_width}}  {heading['confidence']}"
        )
        for obj in st.objectives:
            score = obj.score.score
            label = f"{obj.ref} {obj.objective.title}"
            measured = "" if obj.score.known == obj.score.total else "  (" + words("measured", known=obj.score.known, total=obj.score.total) + ")"
            if score is None:
                measured = " (" + words("measured-none", known=obj.score.known, total=obj.score.total) + ")"
            shown_trend = (f"{ARROWS[obj.trend]} {words('trend', trend=obj.trend)}" if shown_words else ARROWS[obj.trend]) if obj.trend else "–"
            if score is None:
                out.append(f"  {clip(label, name_width):<{name_width}}  {words('no-measured')}{measured}")
            else:
                row = f"  {clip(label, name_width):<{name_width}}  {bar(score)} {pct(score):>5}  {grade_words(score, language):<{grade_width}}  {pct(obj.expected):>{expected_width}}  {statuses[obj.status]:<{status_width}}  {shown_trend}"
                if width is not None and measured and len(row) + len(measured) > width:
                    out.extend([row, "     " + measured.strip()])
                else:
                    out.append(row + measured)
            for row in obj.key_results:
                label = "   " + clip(f"{row.ref.split('.')[1]} {row.key_result.text}", name_width - 3)
                progress = row.progress.progress
                if progress is None:
                    out.extend(_wrapped(f"  {label:<{name_width}}  ?  {resolve(row.progress.reason, language)}", width, name_width + 7))
                    continue
                confidence = "–" if row.confidence is None else grade_number(row.confidence, language)
                if row.trend:
                    confidence += f" {ARROWS[row.trend]}"
                out.append(
                    f"  {label:<{name_width}}  {bar(progress)} {pct(progress):>5}  {grade_words(progress, language):<{grade_width}}  {pct(row.expected):>{expected_width}}  {statuses[row.status]:<{status_width}}  {confidence}"
                )
        out.append("")
        if st.at_risk:
            out.append("  " + words("at-risk"))
            risk_width = max(10, *(len(statuses.get(item.status, item.status)) for item in st.at_risk))
            for item in st.at_risk:
                out.extend(_wrapped(f"    {statuses.get(item.status, item.status):<{risk_width}}  {item.ref} {clip(item.text, 50)}: {resolve(item.reason, language)}", width, risk_width + 6))
        else:
            out.append("  " + words("no-period-no-risk" if st.state == "no period" else "nothing-at-risk"))
        out.append("")
    for error in errors:
        out.append(text("progress.unreadable-lint", errors_language, path=error["path"], problem=(said or {}).get(error["path"], error["message"])))
    return printable("\n".join(out).rstrip("\n") + "\n")


def grade_number(value: float, language: str) -> str:
    """A 0.0–1.0 figure with one decimal, in the language's decimal mark: `0.7`, `0,7`."""
    from okrcoach.i18n import catalog

    numbers = catalog(language)
    return f"{value:.1f}".replace(".", numbers.decimal if numbers else ".")


def status_json(results, errors, at: date) -> dict[str, Any]:
    """The `okrcoach status --format json` contract, version 1 (see README); its reasons are English."""
    from okrcoach.i18n import resolve
    from okrcoach.progress import band, grade

    files = []
    for display, okr_set, st in results:
        objectives = []
        for obj in st.objectives:
            o = obj.objective
            key_results = []
            for row in obj.key_results:
                kr = row.key_result
                last = row.last_checkin
                key_results.append(
                    {
                        "ref": row.ref,
                        "id": kr.id,
                        "text": kr.text,
                        "baseline": kr.baseline,
                        "target": kr.target,
                        "unit": kr.unit,
                        "direction": row.progress.direction,
                        "weight": kr.weight,
                        "value": row.progress.value,
                        "value_date": row.progress.value_date.isoformat() if row.progress.value_date else None,
                        "progress": round_share(row.progress.progress),
                        "reason": resolve(row.progress.reason, "en"),
                        "grade": grade(row.progress.progress),
                        "band": band(row.progress.progress),
                        "expected": round_share(row.expected),
                        "status": row.status,
                        "confidence": round_share(row.confidence),
                        "confidence_trend": row.trend,
                        "checkins": sum(1 for c in kr.checkins if c.date <= at),
                        "last_checkin": last.model_dump(mode="json") if last else None,
                    }
                )
            objectives.append(
                {
                    "ref": obj.ref,
                    "id": o.id,
                    "title": o.title,
                    "kind": o.kind,
                    "aligns_to": o.aligns_to,
                    "score": round_share(obj.score.score),
                    "grade": grade(obj.score.score),
                    "band": band(obj.score.score),
                    "expected": round_share(obj.expected),
                    "status": obj.status,
                    "confidence_trend": obj.trend,
                    "measured": obj.score.known,
                    "key_results": key_results,
                }
            )
        period = okr_set.period
        files.append(
            {
                "path": display,
                "title": okr_set.title,
                "team": okr_set.team,
                "period": period.label if period else None,
                "period_start": period.start.isoformat() if period else None,
                "period_end": period.end.isoformat() if period else None,
                "state": st.state.replace(" ", "_"),
                "elapsed": round_share(st.elapsed),
                "objectives": objectives,
                "at_risk": [{"ref": r.ref, "text": r.text, "status": r.status, "reason": resolve(r.reason, "en")} for r in st.at_risk],
            }
        )
    return {"version": STATUS_JSON_VERSION, "at": at.isoformat(), "files": files, "errors": errors}


def round_share(value: Optional[float]) -> Optional[float]:
    """A share rounded for the JSON contract (4 places)."""
    return None if value is None else round(value, 4)


def tree_text(alignment, at: Optional[date] = None, language: str = "en") -> str:
    """The cascade: parent sets first, each root objective with the objectives aligned under it,
    each set in its language; the notes about all of them in the language they share, else
    English; `language` (the config's) when there is no set at all."""
    from okrcoach.alignment import parent_sets
    from okrcoach.i18n import text
    from okrcoach.progress import objective_score
    from okrcoach.set_language import language_of

    entries = alignment.entries
    languages = [language_of(entry.okr_set) for entry in entries]
    shared = languages[0] if len(set(languages)) == 1 else language if not languages else "en"
    children = alignment.children()
    cycle_members = alignment.in_cycle()
    ups = parent_sets(alignment)

    def depth(ei: int, seen: frozenset = frozenset()) -> int:
        if ei in seen:
            return 0
        return 1 + max((depth(p, seen | {ei}) for p in ups.get(ei, ())), default=-1)

    def describe(key, origin: Optional[int]) -> str:
        objective = alignment.objective(key)
        score = objective_score(objective, at).score
        language = languages[key[0]]
        where = "" if origin == key[0] else f"{entries[key[0]].path} "
        shown = text("progress.no-measured", language) if score is None else f"{bar(score)} {pct(score)} ({grade_words(score, language)})"
        extra = ""
        if key in alignment.dangling:
            extra = "  [" + text("progress.tree-points-nowhere", language, ref=alignment.dangling[key][0]) + "]"
        elif key in alignment.free_text:
            extra = "  [" + text("progress.tree-aligns-to", language, text=clip(objective.aligns_to or "", 40)) + "]"
        return f"{where}O{key[1] + 1} {clip(objective.title, 60)} — {shown}{extra}"

    out: list[str] = []

    def walk(key, indent: int, origin: int, seen: set) -> None:
        for child in children.get(key, []):
            if child in seen or child in cycle_members:
                continue
            seen.add(child)
            out.append(" " * indent + "↳ " + describe(child, origin))
            walk(child, indent + 2, child[0], seen)

    order = sorted(range(len(entries)), key=lambda ei: (depth(ei), entries[ei].path))
    for ei in order:
        entry = entries[ei]
        roots = [(ei, oi) for oi in range(len(entry.okr_set.objectives)) if (ei, oi) not in alignment.parents]
        if not roots:
            continue
        okr_set = entry.okr_set
        about = ", ".join(x for x in (okr_set.team or okr_set.title, okr_set.period.label if okr_set.period else None) if x)
        outside = "" if entry.linted else "  [" + text("progress.tree-outside", languages[ei]) + "]"
        out.append(f"{entry.path}{f'  ({about})' if about else ''}{outside}")
        for key in roots:
            out.append("  " + describe(key, ei))
            walk(key, 4, ei, {key})
        out.append("")
    if alignment.cycles:
        out.append(text("progress.tree-cycle", shared))
        for cycle in alignment.cycles:
            out.append("  " + " → ".join(alignment.label(k) for k in cycle + [cycle[0]]))
            for key in cycle:
                walk(key, 4, key[0], set(cycle))
        out.append("")
    return printable("\n".join(out).rstrip("\n") + "\n") if out else text("progress.tree-empty", shared) + "\n"
