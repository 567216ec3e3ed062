"""Progress commands: `okrcoach checkin`, `okrcoach status` and `okrcoach tree`.

Exit codes: `checkin` 0 recorded, 1 it could not be written without changing other parts of the
file (nothing was written), 2 usage error (bad file, key result, value, confidence or date);
`status` and `tree` 0, 1 when a file could not be read, 2 usage error.

Imports nothing heavy at module level: `okrcoach lint` builds the whole parser.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, Optional, Sequence

from okrcoach.terminal import printable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COMMANDS = ("checkin", "status", "tree")
STATUS_JSON_VERSION = 1


class _Usage(Exception):
    pass


def add_commands(commands: Any) -> None:
    checkin = commands.add_parser(
        "checkin",
        help="record a key result's progress in its OKR file",
        description=(
            "Append a check-in (date, value, confidence, note) to a key result's `checkins` and set its "
            "`current`, keeping the rest of the file byte for byte (comments and order included). "
            "CSV files keep only the current value."
        ),
    )
    checkin.add_argument("file", metavar="FILE", help="an OKR file (YAML, JSON, Markdown or CSV)")
    checkin.add_argument("kr", metavar="KR", help="the key result: O2.KR1 (objective 2, key result 1) or its `id`")
    checkin.add_argument("value", metavar="VALUE", help="the metric's value now: 42, -3, 12.5 or 12,5")
    checkin.add_argument("--confidence", metavar="C", help="how sure you are of reaching the target: 0-1 (0.7) or 0-10 (7)")
    checkin.add_argument("--note", metavar="TEXT", help="what changed, what blocks it")
    checkin.add_argument("--date", metavar="D", help="date of the check-in, YYYY-MM-DD (default: today)")
    # argparse takes `-3,5` or `-1 234` for an option; a leading minus and digits is a value here.
    if hasattr(checkin, "_negative_number_matcher"):
        checkin._negative_number_matcher = re.compile(r"^-\d[\d.,\s\u00a0\u202f']*$")

    status = commands.add_parser(
        "status",
        help="progress, grades and what is at risk",
        description="Show each objective's and key result's progress, grade, expected progress, status (on track, at risk, off track) and confidence trend, and what is at risk.",
    )
    status.add_argument("paths", nargs="*", metavar="FILE|DIR", help="OKR files or directories, searched for *.okr.{yaml,yml,json,md,csv} (default: the current directory)")
    status.add_argument("--format", choices=("text", "json"), default="text", help="text for people, json (versioned contract) for tools")
    status.add_argument("--at", metavar="DATE", help="report as at this date, YYYY-MM-DD (default: today); later check-ins are ignored")

    tree = commands.add_parser(
        "tree",
        help="show how objectives align, company to teams",
        description="Print the alignment cascade of the OKR files in a directory: each objective with its score, and under it the objectives that align to it (`aligns_to`).",
    )
    tree.add_argument("paths", nargs="*", metavar="DIR", help="directories or files (default: the current directory)")
    tree.add_argument("--at", metavar="DATE", help="score as at this date, YYYY-MM-DD (default: all check-ins)")
    tree.add_argument("--format", choices=("text", "json"), default="text", help="text for people, json (versioned contract) for tools")


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "checkin":
            return _checkin(args)
        if args.command == "status":
            return _status(args)
        return _tree(args)
    except _Usage as exc:
        print(f"okrcoach: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _at(text: Optional[str]) -> Optional[date]:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _Usage(f"--at must be a date written YYYY-MM-DD, e.g. 2027-02-14 (got {text!r})") from None


def load_set(path: str):
    """Read one OKR file from disk for alignment; None if it is missing or unreadable."""
    from okrcoach.formats import format_for_path, read_path

    file = Path(path)
    if format_for_path(file) is None:
        return None
    return read_path(file, root=Path("/")).okr_set  # an `aligns_to` may name any file; the gate still guards the read


def lint_collection(reports, linters) -> None:
    """`okrcoach lint`: add alignment and check-in rules over the linted files (reads referenced files)."""
    from okrcoach.alignment import lint_collection as add

    add(reports, linters, load_set)


def _read_all(paths: Sequence[str]):
    from okrcoach.cli import UsageError, _discover
    from okrcoach.formats import read_path

    if "-" in paths:
        raise _Usage("standard input is not supported here; give OKR files or directories")
    from okrcoach.config import ConfigError, ConfigFinder, LintConfig

    finder = ConfigFinder()

    def config_for(folder: Path) -> LintConfig:
        found = finder.nearest(folder)
        return found.lint if found is not None else LintConfig()

    try:
        targets = _discover(list(paths), None, config_for=config_for)
    except (UsageError, ConfigError) as exc:
        raise _Usage(str(exc)) from exc
    if not targets:
        raise _Usage(f"no OKR files found in {printable(', '.join(paths), single_line=True)} (looked for *.okr.yaml, *.okr.yml, *.okr.json, *.okr.md, *.okr.csv)")
    read, errors = [], []
    for display, file, root, refused in targets:
        if refused is not None:
            errors.append({"path": display, "message": refused.message})
            continue
        result = read_path(file, root=root)  # type: ignore[arg-type]
        if result.okr_set is None:
            message = result.issues[0].message if result.issues else "nothing could be read"
            errors.append({"path": display, "message": message})
        else:
            read.append((display, result.okr_set))
    return read, errors


# -- checkin --------------------------------------------------------------------------------------


def _checkin(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from okrcoach.checkin import CheckinError, WriteRefused, find_key_result, parse_confidence, record_checkin
    from okrcoach.documents.storage import decode_stored, store
    from okrcoach.formats import format_for_path, read_text
    from okrcoach.gate import Refused, number_text_problem, read_file, text_problem
    from okrcoach.model import Checkin
    from okrcoach.progress import key_result_progress
    from okrcoach.values import UnreadableValue, parse_date, parse_number

    path = Path(args.file)
    fmt = format_for_path(path)
    if fmt is None:
        raise _Usage(f"cannot tell the format of {args.file}; name it *.okr.yaml, *.okr.json, *.okr.md or *.okr.csv")
    data = read_file(path)
    if isinstance(data, Refused):
        raise _Usage(f"no such file: {args.file}" if not os.path.lexists(path) else f"cannot read {args.file}: {data.message}")
    stored, issue = decode_stored(data)
    if stored is None:
        raise _Usage(f"cannot read {args.file}: {issue.message if issue else 'unreadable'}")
    text = stored.text
    result = read_text(text, args.file, fmt)  # type: ignore[arg-type]
    if result.okr_set is None:
        message = result.issues[0].message if result.issues else "no objectives found"
        raise _Usage(f"cannot read {args.file}: {message}; fix it first (`okrcoach lint {args.file}`)")
    too_long = number_text_problem(args.value)
    if too_long is not None:
        raise _Usage(f"VALUE: {too_long.render('en')}")
    try:
        value = parse_number(args.value, "VALUE")
        confidence = parse_confidence(args.confidence) if args.confidence is not None else None
        day = parse_date(args.date, "--date") if args.date is not None else date.today()
        oi, ki = find_key_result(result.okr_set, args.kr)
    except (CheckinError, UnreadableValue) as exc:
        raise _Usage(str(exc)) from exc
    note = args.note.strip() if args.note is not None and args.note.strip() else None
    problem = text_problem(note) if note is not None else None
    if problem is not None:
        raise _Usage(f"--note {problem.render('en')}; write it without control characters")
    try:
        checkin = Checkin(date=day, value=value, confidence=confidence, note=note)
    except ValidationError as exc:
        shown = args.value if len(args.value) <= 40 else args.value[:39] + "…"
        raise _Usage(f"VALUE {shown!r} cannot be recorded: {exc.errors()[0]['msg'].removeprefix('Value error, ')}") from None
    try:
        recorded = record_checkin(text, fmt, oi, ki, checkin)  # type: ignore[arg-type]
    except WriteRefused as exc:
        print(
            f"okrcoach: error: cannot record the check-in in {args.file} without changing other parts of it ({exc}); nothing was written.\n"
            f"Add it by hand under O{oi + 1}.KR{ki + 1}: `current: {args.value}` and a `checkins:` entry "
            f"{{date: {day.isoformat()}, value: {args.value}}}.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    try:
        store(path, stored, recorded.text)
    except OSError as exc:
        raise _Usage(f"cannot write {args.file}: {exc.strerror or exc}") from exc

    kr = recorded.key_result
    progress = key_result_progress(kr)
    ref = f"O{oi + 1}.KR{ki + 1}"
    before = "" if recorded.previous is None else f"{_number(recorded.previous)} → "
    how = f"{_pct(progress.progress)} of the way" if progress.progress is not None else f"progress unknown: {progress.reason}"
    print(printable(f"{args.file}: {ref} “{_clip(kr.text, 60)}”: {before}{_number(value)} on {day.isoformat()} ({how})"))
    period = recorded.okr_set.period
    if period is not None and not period.contains(day):
        print(f"okrcoach: note: {day.isoformat()} is outside the period {period.label} ({period.start}..{period.end})", file=sys.stderr)
    if recorded.replaced is not None:
        print(f"okrcoach: note: a CSV row keeps only its latest check-in (current, checkin_date, checkin_confidence, note); the one of {recorded.replaced.date.isoformat()} was replaced", file=sys.stderr)
    return EXIT_OK


# -- status ---------------------------------------------------------------------------------------

_LABELS = {"on_track": "on track", "at_risk": "at risk", "off_track": "off track", "not_started": "not started", "unknown": "unknown", "confidence_down": "confidence"}
_ARROWS = {"up": "↑", "down": "↓", "flat": "→"}


def _status(args: argparse.Namespace) -> int:
    from okrcoach.progress import set_status

    at = _at(args.at) or date.today()
    read, errors = _read_all(args.paths or ["."])
    results = [(display, okr_set, set_status(okr_set, at)) for display, okr_set in read]
    if args.format == "json":
        from okrcoach.terminal import dumps_json

        print(dumps_json(status_json(results, errors, at)))
    else:
        sys.stdout.write(status_text(results, errors))
    return EXIT_FAILED if errors else EXIT_OK


def bar(progress: Optional[float], width: int = 10) -> str:
    """A plain-text progress bar: ████░░░░░░."""
    if progress is None:
        return " " * width
    filled = math.floor(max(0.0, min(1.0, progress)) * width + 0.5 + 1e-9)
    return "█" * filled + "░" * (width - filled)


def _pct(value: Optional[float]) -> str:
    from okrcoach.progress import percent

    return "–" if value is None else f"{percent(value)} %"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _grade_text(score: Optional[float]) -> str:
    from okrcoach.progress import band, grade

    g = grade(score)
    return "" if g is None else f"{g:.1f} {band(score)}"


def status_text(results, errors) -> str:
    out: list[str] = []
    name_width = 44
    for display, okr_set, st in results:
        about = ", ".join(x for x in (okr_set.team or okr_set.title, okr_set.period.label if okr_set.period else None) if x)
        when = {"no period": "no period, so no expected progress", "not started": "the period has not started", "ended": "the period has ended"}.get(st.state)
        if when is None:
            when = f"{_pct(st.elapsed)} of the period gone"
        out.append(f"{display}{'  ' + about if about else ''}  (at {st.at.isoformat()}: {when})")
        out.append("")
        out.append(f"  {'objective / key result':<{name_width}}  {'progress':<16}  {'grade':<10}  {'expected':>8}  {'status':<11}  confidence")
        for obj in st.objectives:
            score = obj.score.score
            label = f"{obj.ref} {obj.objective.title}"
            measured = "" if obj.score.known == obj.score.total else f"  ({obj.score.known} of {obj.score.total} key results measured)"
            if score is None:
                measured = f" ({obj.score.known} of {obj.score.total})"
            trend = _ARROWS.get(obj.trend or "", "")
            trend_text = f"{trend} {obj.trend}" if obj.trend else "–"
            if score is None:
                out.append(f"  {_clip(label, name_width):<{name_width}}  no measured key results{measured}")
            else:
                out.append(
                    f"  {_clip(label, name_width):<{name_width}}  {bar(score)} {_pct(score):>5}  {_grade_text(score):<10}  {_pct(obj.expected):>8}  {_LABELS[obj.status]:<11}  {trend_text}{measured}"
                )
            for row in obj.key_results:
                label = "   " + _clip(f"{row.ref.split('.')[1]} {row.key_result.text}", name_width - 3)
                progress = row.progress.progress
                if progress is None:
                    out.append(f"  {label:<{name_width}}  ?  {row.progress.reason}")
                    continue
                confidence = "–" if row.confidence is None else f"{row.confidence:.1f}"
                if row.trend:
                    confidence += f" {_ARROWS[row.trend]}"
                out.append(
                    f"  {label:<{name_width}}  {bar(progress)} {_pct(progress):>5}  {_grade_text(progress):<10}  {_pct(row.expected):>8}  {_LABELS[row.status]:<11}  {confidence}"
                )
        out.append("")
        if st.at_risk:
            out.append("  At risk:")
            for item in st.at_risk:
                out.append(f"    {_LABELS.get(item.status, item.status):<10}  {item.ref} {_clip(item.text, 50)}: {item.reason}")
        else:
            out.append("  Nothing at risk.")
        out.append("")
    for error in errors:
        out.append(f"{error['path']}: cannot be read: {error['message']} (run `okrcoach lint {error['path']}`)")
    return printable("\n".join(out).rstrip("\n") + "\n")


def status_json(results, errors, at: date) -> dict[str, Any]:
    """The `okrcoach status --format json` contract, version 1 (see README)."""
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
                        "progress": _round(row.progress.progress),
                        "reason": row.progress.reason,
                        "grade": grade(row.progress.progress),
                        "band": band(row.progress.progress),
                        "expected": _round(row.expected),
                        "status": row.status,
                        "confidence": _round(row.confidence),
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
                    "score": _round(obj.score.score),
                    "grade": grade(obj.score.score),
                    "band": band(obj.score.score),
                    "expected": _round(obj.expected),
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
                "elapsed": _round(st.elapsed),
                "objectives": objectives,
                "at_risk": [{"ref": r.ref, "text": r.text, "status": r.status, "reason": r.reason} for r in st.at_risk],
            }
        )
    return {"version": STATUS_JSON_VERSION, "at": at.isoformat(), "files": files, "errors": errors}


def _round(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 4)


# -- tree -----------------------------------------------------------------------------------------


def _tree(args: argparse.Namespace) -> int:
    from okrcoach.alignment import Entry, align

    at = _at(args.at)
    read, errors = _read_all(args.paths or ["."])
    alignment = align([Entry(display, okr_set) for display, okr_set in read], load_set)
    if getattr(args, "format", "text") == "json":
        from okrcoach.terminal import dumps_json
        from okrcoach.tree_json import tree_data

        print(dumps_json({**tree_data(alignment, at), "errors": errors}))
    else:
        sys.stdout.write(tree_text(alignment, at))
    for error in errors:
        print(f"okrcoach: {error['path']}: cannot be read: {error['message']}", file=sys.stderr)
    return EXIT_FAILED if errors else EXIT_OK


def tree_text(alignment, at: Optional[date] = None) -> str:
    """The cascade: parent sets first, each root objective with the objectives aligned under it."""
    from okrcoach.alignment import parent_sets
    from okrcoach.progress import objective_score

    entries = alignment.entries
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
        where = "" if origin == key[0] else f"{entries[key[0]].path} "
        shown = "no measured key results" if score is None else f"{bar(score)} {_pct(score)} ({_grade_text(score)})"
        extra = ""
        if key in alignment.dangling:
            extra = f"  [aligns_to `{alignment.dangling[key][0]}` points at nothing]"
        elif key in alignment.free_text:
            extra = f"  [aligns to: {_clip(objective.aligns_to or '', 40)}]"
        return f"{where}O{key[1] + 1} {_clip(objective.title, 60)} — {shown}{extra}"

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
        out.append(f"{entry.path}{f'  ({about})' if about else ''}{'' if entry.linted else '  [outside the files shown]'}")
        for key in roots:
            out.append("  " + describe(key, ei))
            walk(key, 4, ei, {key})
        out.append("")
    if alignment.cycles:
        out.append("In a cycle (fix with `okrcoach lint`, OKR402):")
        for cycle in alignment.cycles:
            out.append("  " + " → ".join(alignment.label(k) for k in cycle + [cycle[0]]))
            for key in cycle:
                walk(key, 4, key[0], set(cycle))
        out.append("")
    return printable("\n".join(out).rstrip("\n") + "\n") if out else "No objectives found.\n"
