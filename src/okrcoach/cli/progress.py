"""Progress commands: `okrcoach checkin`, `okrcoach status` and `okrcoach tree`.

Exit codes: `checkin` 0 recorded, 1 it could not be written without changing other parts of the
file (nothing was written), 2 usage error (bad file, key result, value, confidence or date);
`status` and `tree` 0, 1 when a file could not be read, 2 usage error.

Imports nothing heavy at module level: `okrcoach lint` builds the whole parser.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, Optional, Sequence

from okrcoach.cli.common import EXIT_FINDINGS as EXIT_FAILED
from okrcoach.cli.common import EXIT_NOT_WRITTEN, EXIT_OK, UsageError, discover, encoding_option, note_read_as
from okrcoach.i18n import msg, text
from okrcoach.renderers.progress import clip, pct, status_json, status_text, tree_text
from okrcoach.terminal import printable

COMMANDS = ("checkin", "status", "tree")


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
    checkin.add_argument("value", metavar="VALUE", help="the metric's value now: 42, -3, 12.5 or 12,5, with the key result's unit or without (23 %%)")
    checkin.add_argument("--confidence", metavar="C", help="how sure you are of reaching the target: 0-1 (0.7) or 0-10 (7)")
    checkin.add_argument("--note", metavar="TEXT", help="what changed, what blocks it")
    checkin.add_argument("--date", metavar="D", help="date of the check-in, YYYY-MM-DD (default: today)")
    encoding_option(checkin)
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
    encoding_option(status)

    tree = commands.add_parser(
        "tree",
        help="show how objectives align, company to teams",
        description="Print the alignment cascade of the OKR files in a directory: each objective with its score, and under it the objectives that align to it (`aligns_to`).",
    )
    tree.add_argument("paths", nargs="*", metavar="DIR", help="directories or files (default: the current directory)")
    tree.add_argument("--at", metavar="DATE", help="score as at this date, YYYY-MM-DD (default: all check-ins)")
    tree.add_argument("--format", choices=("text", "json"), default="text", help="text for people, json (versioned contract) for tools")
    encoding_option(tree)


def run(args: argparse.Namespace) -> int:
    if args.command == "checkin":
        return _checkin(args)
    if args.command == "status":
        return _status(args)
    return _tree(args)


def _at(text: Optional[str]) -> Optional[date]:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(msg("cli.checkin.at-not-a-date", value=repr(text))) from None


def _read_all(paths: Sequence[str], encoding: Optional[str] = None):
    from okrcoach.formats import read_path

    if "-" in paths:
        raise UsageError(msg("cli.checkin.no-stdin"))
    from okrcoach.config import ConfigError, ConfigFinder, LintConfig

    finder = ConfigFinder()

    def config_for(folder: Path) -> LintConfig:
        found = finder.nearest(folder)
        return found.lint if found is not None else LintConfig()

    notes: list = []  # what the folders' walk left out, said once the files' language is known
    try:
        targets = discover(list(paths), None, config_for=config_for, notes=notes)
    except ConfigError as exc:
        raise UsageError(exc.message) from exc
    if not targets:
        raise UsageError(msg("cli.no-okr-files", paths=printable(", ".join(paths), single_line=True)))
    from okrcoach.documents.text import issue_said

    read, errors = [], []
    said: dict[str, Any] = {}  # each unreadable file's problem, to say in the user's language
    written: dict[str, tuple[Optional[str], Optional[str]]] = {}  # each read file's text and format, for hints that name its keys
    for display, file, root, refused in targets:
        if refused is not None:
            errors.append({"path": display, "message": refused.message})
            said[display] = refused.said
            continue
        result = read_path(file, root=root, encoding=encoding)  # type: ignore[arg-type]
        if result.okr_set is None:
            message = result.issues[0].message if result.issues else "nothing could be read"
            errors.append({"path": display, "message": message})
            said[display] = issue_said(result.issues[0]) if result.issues else msg("progress.nothing-read")
        else:
            read.append((display, _in_configured_language(result.okr_set, config_for(Path(file).parent))))  # type: ignore[arg-type]
            _say_read_issues(display, result.issues, read[-1][1])
            written[display] = (result.text, result.format)
    if notes:
        from okrcoach.cli.words import cli_language
        from okrcoach.set_language import language_of

        spoken = {language_of(okr_set) for _, okr_set in read}
        said_in = spoken.pop() if len(spoken) == 1 else cli_language()
        for note in notes:
            print(note(said_in), file=sys.stderr)
    return read, errors, said, written


def _configured_language(path: Path) -> Optional[str]:
    """The `language` of the config that applies to the file, as `okrcoach lint` reads it."""
    from okrcoach.config import ConfigError, find_config

    try:
        config = find_config(path.parent)
    except (ConfigError, OSError):
        return None
    return config.language if config is not None else None


# Reader issues that change what `status` and `checkin` show without stopping them: said on stderr
# with the file and line, so a user who never runs `lint` learns why a file has, say, no period.
_SAID_WHILE_READING = ("title-period-unread",)


def _say_read_issues(display: str, issues: Sequence[Any], okr_set: Any) -> None:
    from okrcoach.set_language import language_of

    language = language_of(okr_set)
    for issue in issues:
        if issue.key in _SAID_WHILE_READING:
            where = f"{display}:{issue.line}" if issue.line else display
            said = printable(f"{issue.text_in('message', language)}. {issue.text_in('fix', language)}")
            print(f"okrcoach: {printable(where, single_line=True)}: {said}", file=sys.stderr)


def _in_configured_language(okr_set: Any, config: Any) -> Any:
    """The set as `okrcoach lint` reads it: a config's `language` is the language of every file it
    applies to (a set with no words to tell its language by still speaks the user's)."""
    if config.language and okr_set.language != config.language:
        return okr_set.model_copy(update={"language": config.language})
    return okr_set


# -- checkin --------------------------------------------------------------------------------------


def _checkin(args: argparse.Namespace) -> int:
    """Record a check-in holding the file's lock from reading to writing, so concurrent check-ins
    on one file all land; a file busy past the wait, or a failed write, exits 4 (nothing written)."""
    from okrcoach.cli.words import cli_language, say
    from okrcoach.documents.storage import Busy, locked

    try:
        with locked(Path(args.file), on_wait=lambda why: print(f"okrcoach: {why.render(cli_language())}…", file=sys.stderr, flush=True)):
            return _checkin_locked(args)
    except Busy as exc:
        print(say("usage-error", message=exc.said), file=sys.stderr)
        return EXIT_NOT_WRITTEN


def _checkin_locked(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from okrcoach.checkin import CheckinError, WriteRefused, checkin_value, find_key_result, parse_confidence, record_checkin
    from okrcoach.cli.words import say
    from okrcoach.documents.storage import decode_stored, keep_unwritten, store, write_problem
    from okrcoach.documents.text import issue_said
    from okrcoach.formats import format_for_path, format_of, read_by_content, read_text
    from okrcoach.gate import Refused, number_text_problem, read_file, text_problem
    from okrcoach.model import Checkin
    from okrcoach.values import UnreadableValue, parse_date

    path = Path(args.file)
    if format_for_path(path) is None and not read_by_content(path):
        raise UsageError(msg("cli.checkin.format-unknown", path=args.file))
    data = read_file(path)
    if isinstance(data, Refused):
        raise UsageError(msg("cli.no-such-file", path=args.file) if not os.path.lexists(path) else msg("cli.checkin.cannot-read", path=args.file, problem=data.said))
    stored, issue = decode_stored(data, format_for_path(path), args.encoding)
    if stored is None:
        raise UsageError(msg("cli.checkin.cannot-read", path=args.file, problem=issue_said(issue) if issue else "unreadable"))
    text = stored.text
    fmt = format_of(path, text)
    result = read_text(text, args.file, fmt)  # type: ignore[arg-type]
    if stored.legacy and not args.encoding:
        from okrcoach.set_language import language_of

        note_read_as(args.file, stored.encoding, _configured_language(path) or (language_of(result.okr_set) if result.okr_set is not None else None))
    if result.okr_set is None:
        problem = issue_said(result.issues[0]) if result.issues else msg("cli.checkin.no-objectives")
        raise UsageError(msg("cli.checkin.fix-first", path=args.file, problem=problem))
    _say_read_issues(args.file, result.issues, result.okr_set)
    from okrcoach.set_language import language_of

    # What is wrong with the check-in is said in the file's language, as a written one is reported.
    spoken = _configured_language(path) or language_of(result.okr_set)
    too_long = number_text_problem(args.value)
    if too_long is not None:
        raise UsageError(msg("cli.option-problem", option="VALUE", problem=too_long), spoken)
    try:
        oi, ki = find_key_result(result.okr_set, args.kr)
        value = checkin_value(args.value, result.okr_set.objectives[oi].key_results[ki], f"O{oi + 1}.KR{ki + 1}", result.okr_set.language)
        confidence = parse_confidence(args.confidence) if args.confidence is not None else None
        day = parse_date(args.date, "--date") if args.date is not None else date.today()
    except (CheckinError, UnreadableValue) as exc:
        raise UsageError(exc.message, spoken) from exc
    note = args.note.strip() if args.note is not None and args.note.strip() else None
    problem = text_problem(note) if note is not None else None
    if problem is not None:
        raise UsageError(msg("cli.checkin.note-control", problem=problem), spoken)
    try:
        checkin = Checkin(date=day, value=value, confidence=confidence, note=note)
    except ValidationError as exc:
        shown = args.value if len(args.value) <= 40 else args.value[:39] + "…"
        detail = exc.errors()[0]["msg"].removeprefix("Value error, ")
        problem = {"the number is too large to compute with": "too-large", "the number must be finite (not inf or nan)": "not-finite"}.get(detail, "other")
        raise UsageError(msg("cli.checkin.value-not-recorded", value=repr(shown), problem=problem, detail=detail), spoken) from None
    try:
        recorded = record_checkin(text, fmt, oi, ki, checkin)  # type: ignore[arg-type]
    except WriteRefused as exc:
        print(_checkin_refused(args, result.okr_set, exc.message, oi, ki, day), file=sys.stderr)
        return EXIT_FAILED
    try:
        store(path, stored, recorded.text)
    except OSError as exc:
        kept = keep_unwritten(stored.kept(recorded.text), path.name)
        where = msg("cli.kept", what="checkin", path=str(kept)) if kept else msg("cli.not-kept", what="checkin")
        print(say("usage-error", message=msg("cli.not-written", path=args.file, problem=write_problem(exc), where=where)), file=sys.stderr)
        return EXIT_NOT_WRITTEN
    try:
        _checkin_written(args, recorded, value, day, oi, ki, fmt)
    except Exception as exc:  # noqa: BLE001 - written is written: a retry must not record it twice
        print(say("checkin-summary-failed", path=args.file, error=type(exc).__name__), file=sys.stderr)
    return EXIT_OK


def _checkin_refused(args: argparse.Namespace, okr_set: Any, reason: Any, oi: int, ki: int, day: date) -> str:
    """Why the check-in was not written, in the file's language (as a written one is reported),
    and how to add it by hand; a table row gets no such hint, since the reason says which cell
    takes the value and a row has no place for the rest."""
    from okrcoach.i18n import text
    from okrcoach.set_language import language_of

    language = _configured_language(Path(args.file)) or language_of(okr_set)
    ref = f"O{oi + 1}.KR{ki + 1}"
    said = text("cli.usage-error", language, message=text("cli.checkin-write-refused", language, path=args.file, reason=reason))
    span = getattr(okr_set.objectives[oi].key_results[ki].source, "span", None)
    if getattr(span, "shape", None) == "table_row":
        return said
    return said + "\n" + text("cli.checkin-by-hand", language, ref=ref, value=args.value, date=day.isoformat())


def _checkin_written(args: argparse.Namespace, recorded: Any, value: Any, day: date, oi: int, ki: int, fmt: str = "yaml") -> None:
    """What a written check-in changed, for the person who typed it, in the file's language and
    its number style (`14,5 % → 15,5 %` in a file that writes `12,5 %`)."""
    from okrcoach.documents import number_style
    from okrcoach.i18n import resolve, text
    from okrcoach.progress import key_result_progress
    from okrcoach.set_language import language_of

    kr = recorded.key_result
    language = _configured_language(Path(args.file)) or language_of(recorded.okr_set)
    progress = key_result_progress(kr, keys=_file_keys(recorded.okr_set, recorded.text, fmt))
    style = number_style(recorded.text, fmt, recorded.okr_set, oi, ki, "current")
    before = "" if recorded.previous is None else f"{style.write(recorded.previous)} → "
    if progress.progress is not None:
        how = text("progress.of-the-way", language, share=pct(progress.progress))
    else:
        how = text("progress.unknown-because", language, reason=resolve(progress.reason, language))
    summary = text("progress.checkin-written", language, file=args.file, ref=f"O{oi + 1}.KR{ki + 1}", text=clip(kr.text, 60), change=before, value=style.write(value), date=day.isoformat(), how=how)
    print(printable(summary))
    period = recorded.okr_set.period
    if period is not None and not period.contains(day):
        note = text("report.checkin-outside-period", language, date=day.isoformat(), period=period.label, start=period.start, end=period.end)
        print(f"okrcoach: {note}", file=sys.stderr)
    if recorded.replaced is not None:
        replaced = "report.checkin-csv-replaced" if fmt == "csv" else "report.checkin-table-replaced"
        print(f"okrcoach: {text(replaced, language, date=recorded.replaced.date.isoformat())}", file=sys.stderr)


# -- status ---------------------------------------------------------------------------------------


def _status(args: argparse.Namespace) -> int:
    from okrcoach.progress import set_status

    at = _at(args.at) or date.today()
    read, errors, said, written = _read_all(args.paths or ["."], args.encoding)
    results = [(display, okr_set, set_status(okr_set, at, keys=_file_keys(okr_set, *written[display]))) for display, okr_set in read]
    if args.format == "json":
        from okrcoach.terminal import dumps_json

        print(dumps_json(status_json(results, errors, at)))
    else:
        sys.stdout.write(status_text(results, errors, said, _unreadable_language(read), _terminal_width()))
    return EXIT_FAILED if errors else EXIT_OK


def _terminal_width() -> Optional[int]:
    """The columns `status` fits its table to when it writes to a terminal: `COLUMNS` when set
    (as a shell sets it), else the terminal's; None (the full table) for a file or pipe, which
    no one reads at a terminal's width."""
    import shutil

    if not sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return shutil.get_terminal_size().columns


def _file_keys(okr_set: Any, text: Optional[str], fmt: Optional[str]) -> Any:
    """How hints name a key result's field in this file: its own key, else its format's in its language."""
    from okrcoach.formats.vocabulary import hint_key
    from okrcoach.set_language import language_of

    language = language_of(okr_set)
    return lambda name: hint_key(name, text, fmt, language)


# -- tree -----------------------------------------------------------------------------------------


def _tree(args: argparse.Namespace) -> int:
    from okrcoach.alignment import Entry, align, load_set

    at = _at(args.at)
    read, errors, said, _ = _read_all(args.paths or ["."], args.encoding)
    alignment = align([Entry(display, okr_set) for display, okr_set in read], load_set)
    if args.format == "json":
        from okrcoach.renderers.tree_json import tree_data
        from okrcoach.terminal import dumps_json

        print(dumps_json({**tree_data(alignment, at), "errors": errors}))
    else:
        sys.stdout.write(tree_text(alignment, at, _unreadable_language(read)))
    language = _unreadable_language(read) if errors else "en"
    for error in errors:
        problem = said.get(error["path"], error["message"])
        print(f"okrcoach: {text('progress.unreadable', language, path=error['path'], problem=problem)}", file=sys.stderr)
    return EXIT_FAILED if errors else EXIT_OK


def _unreadable_language(read: list) -> str:
    """The language to say that files cannot be read in: the one the readable sets share, else
    the command line's (the config's)."""
    from okrcoach.cli.words import cli_language
    from okrcoach.set_language import language_of

    languages = {language_of(okr_set) for _, okr_set in read}
    return languages.pop() if len(languages) == 1 else cli_language()
