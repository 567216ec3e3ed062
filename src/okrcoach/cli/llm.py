"""The LLM commands: `okrcoach draft`, `okrcoach improve` and `okrcoach doctor`.

Exit codes: 0 done (and the rubric is satisfied), 1 done but findings remain (draft, draft --offline,
improve) or a check failed (doctor), 2 usage or configuration error, 3 the LLM call failed (the
message says why; a brief that could not be drafted is kept on disk), 4 the draft or the improved
file could not be written (nothing was written; it is kept in the state folder, the message says
where, and a retry is safe).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

from okrcoach.cli.common import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_LLM, EXIT_NOT_WRITTEN, EXIT_OK, LANGUAGES, UsageError, add_llm_options, format_of, lint_setup, llm_settings, quiet_llm_libraries
from okrcoach.cli.common import say as _say
from okrcoach.i18n import Msg, SaidError, msg
from okrcoach.i18n import text as catalogue_text

PROBE_TOKENS = 200
COMMANDS = ("draft", "improve", "doctor")
LLM_OPTIONS = "LLM options (override OKRCOACH_* variables and config)"


def add_commands(commands: Any) -> None:
    draft = commands.add_parser(
        "draft",
        help="draft OKRs from a goal with an LLM",
        description="Draft OKRs from a business goal. The rubric checks the draft and its findings go back to the model for repair; baselines the model invents are rejected.",
    )
    draft.add_argument("goal", help="the business goal, in your own words and language")
    draft.add_argument("--team", help="team name")
    draft.add_argument("--period", help="period, e.g. 2027-Q1")
    draft.add_argument("--lang", choices=LANGUAGES, help="language of the OKRs (default: the goal's language)")
    draft.add_argument("--context", metavar="FILE", help="a text file with context and known numbers (baselines)")
    draft.add_argument("--objectives", type=int, default=3, help="number of objectives (1-5, default 3)")
    draft.add_argument("--key-results", type=int, metavar="N", help="key results per objective (1-5; default: 2 to 4, as the model sees fit)")
    draft.add_argument("-o", "--output", metavar="FILE", help="write the draft to FILE (atomic; refuses to overwrite without --force)")
    draft.add_argument("--format", choices=("yaml", "md", "json", "csv"), help="format of the draft (default: what -o's suffix names, else yaml)")
    draft.add_argument("--force", action="store_true", help="overwrite an existing output file")
    draft.add_argument("--no-stream", action="store_true", help="do not stream partial drafts")
    draft.add_argument("--offline", action="store_true", help="no LLM: a template draft from the example library, with placeholders for every number you have not given")
    draft.add_argument("--json", action="store_true", help="print a JSON report (draft, findings, token usage) on stdout")
    draft.add_argument("-v", "--verbose", action="store_true", help="print token usage and repair rounds")
    add_llm_options(draft.add_argument_group(LLM_OPTIONS))

    improve = commands.add_parser(
        "improve",
        help="rewrite what the rubric flags in an OKR file, with an LLM",
        description="Rewrite the key results (or objectives) the rubric flags. Shows a diff; --write applies it in place, leaving the rest of the file unchanged.",
    )
    improve.add_argument("file", help="an OKR file (YAML, JSON, Markdown or CSV)")
    improve.add_argument("--objective", type=int, metavar="I", help="only objective I (1-based)")
    improve.add_argument("--kr", type=int, metavar="J", help="only key result J of that objective (1-based); without it, the objective's title")
    improve.add_argument("--write", action="store_true", help="apply the changes to the file (atomic)")
    improve.add_argument("--max", type=int, default=10, help="improve at most this many elements (default 10)")
    improve.add_argument("-v", "--verbose", action="store_true")
    add_llm_options(improve.add_argument_group(LLM_OPTIONS))

    doctor = commands.add_parser(
        "doctor", help="check the LLM configuration", description="Show the effective LLM settings (key masked), reach the endpoint, check the model and find the structured-output mode that works."
    )
    doctor.add_argument("--all-modes", action="store_true", help="try every mode, not only until one works")
    add_llm_options(doctor.add_argument_group(LLM_OPTIONS))


class _NotWritten(Exception):
    """The output could not be written; the message (a catalogue text) says where what was made is
    kept (exit 4)."""

    def __init__(self, message: Any) -> None:
        self.message = message
        super().__init__(message)


def run(args: argparse.Namespace) -> int:
    quiet_llm_libraries()
    try:
        if args.command == "draft":
            with _terminate_as_interrupt():
                return _draft(args)
        if args.command == "improve":
            with _terminate_as_interrupt():
                return _improve(args)
        return _doctor(args)
    except _NotWritten as exc:
        from okrcoach.cli.words import say

        print(say("usage-error", message=exc.message), file=sys.stderr)
        return EXIT_NOT_WRITTEN


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP (`kill`, a cancelled CI job, a closed terminal) are handled like Ctrl-C:
    `draft` keeps the brief and `improve` leaves the file as it was, both exit 130."""
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            previous[number] = signal.signal(number, interrupt)
        except ValueError:  # not the main thread (tests calling in-process from a worker)
            continue
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# -- draft ----------------------------------------------------------------------------------------


def _draft(args: argparse.Namespace) -> int:
    import asyncio

    from okrcoach.drafting.client import DraftError
    from okrcoach.drafting.drafter import Brief, Drafter, draft_text, judge_draft
    from okrcoach.files import keep_brief
    from okrcoach.gate import text_problem
    from okrcoach.model import PeriodError, parse_period

    for option, value in (("the goal", args.goal), ("--team", args.team), ("--period", args.period)):
        problem = text_problem(value) if value else None
        if problem is not None:
            raise UsageError(msg("cli.draft.not-plain-text", option=msg("cli.draft.the-goal") if option == "the goal" else option, problem=problem))
    if args.period:
        try:
            parse_period(args.period)
        except ValueError as exc:
            period = repr(args.period.strip())
            problem = msg("phrases.period-reversed", period=period) if isinstance(exc, PeriodError) and exc.reversed else msg("phrases.period-unknown", period=period)
            raise UsageError(msg("cli.option-problem", option="--period", problem=problem)) from exc
    context = None
    if args.context:
        from okrcoach.gate import Refused, read_text_file

        context = read_text_file(args.context)
        if isinstance(context, Refused):
            raise UsageError(msg("cli.context-unreadable", path=args.context, problem=context.said))
    named = format_of(args.output, ("yaml", "md", "json", "csv")) if args.output else None
    if args.format and named and args.format != named:
        raise UsageError(msg("cli.output-format-clash", path=args.output, named=named, format=args.format))
    fmt = args.format or named or "yaml"
    if args.output and Path(args.output).exists() and not args.force:
        raise UsageError(msg("cli.exists-force", path=args.output))
    if not args.goal.strip():
        raise UsageError(msg("phrases.empty-goal"))
    if not 1 <= args.objectives <= 5:
        raise UsageError(msg("cli.draft.between-1-and-5", option="--objectives"))
    if args.key_results is not None and not 1 <= args.key_results <= 5:
        raise UsageError(msg("cli.draft.between-1-and-5", option="--key-results"))
    brief = Brief(goal=args.goal, team=args.team, period=args.period, language=args.lang, context=context, objectives=args.objectives, key_results=args.key_results)
    if args.offline:
        return _draft_offline(args, brief, fmt)
    settings = llm_settings(args)
    target = Path(args.output) if args.output else None
    linter, fail_level = lint_setup(target)
    drafter = Drafter(settings, linter, fail_level=fail_level)
    streaming = not args.no_stream
    live = streaming and sys.stderr.isatty()
    said_in = drafter.language_for(brief)

    def on_partial(partial: Any) -> None:
        if not live:
            return
        objectives = [o for o in (partial.objectives or []) if o is not None]
        krs = sum(len([k for k in (o.key_results or []) if k is not None]) for o in objectives)
        last = ""
        if objectives and objectives[-1].key_results:
            tail = objectives[-1].key_results[-1]
            last = (tail.text or "") if tail is not None else ""
        elif objectives:
            last = objectives[-1].title or ""
        counts = f"{catalogue_text('phrases.objective-count', said_in, count=len(objectives))}, {catalogue_text('phrases.key-result-count', said_in, count=krs)}"
        line = f"  {counts}  {last}"[: _width() - 1]
        sys.stderr.write("\r\033[K" + line)
        sys.stderr.flush()

    def on_status(text: str) -> None:
        if live:
            sys.stderr.write("\r\033[K")
        _say(text)

    try:
        result = asyncio.run(drafter.draft(brief, on_partial=on_partial if streaming else None, on_status=on_status))
    except KeyboardInterrupt:
        path = keep_brief(brief.model_dump())
        _say("\n" + _text(drafter.language_for(brief), "draft-cancelled", path=path))
        return EXIT_INTERRUPTED
    except DraftError as exc:
        if live:
            sys.stderr.write("\n")
        path = keep_brief(brief.model_dump())
        language = drafter.language_for(brief)
        _say(f"okrcoach: {exc.message_in(language)}")
        if exc.hint:
            _say(exc.hint_in(language))
        if args.verbose and exc.detail and language != "en":  # English says it in the line above
            _say(_text(language, "llm-reply-detail", detail=exc.detail))
        _say(_text(language, "draft-brief-kept", path=path))
        _keep_streamed(drafter, brief, exc, fmt, args, language)
        return EXIT_LLM
    if live:
        sys.stderr.write("\r\033[K")
    text = draft_text(result, fmt)
    judged = judge_draft(result, linter, fail_level, fmt, args.output)
    lint_verdict, passed = judged.lint, judged.passed
    language = result.okr_set.language or drafter.language_for(brief)
    _emit(text, args, to_stdout=not args.json, brief=brief.model_dump(), language=language)
    _report(result, lint_verdict, args.output, language)
    if args.verbose or args.json:
        _say(_cli_text(language, "rounds-tokens", rounds=result.rounds, usage=_usage_text(result.usage, language)))
    if args.json:
        from okrcoach.formats.yaml_format import to_data

        report = {
            "version": 2,
            "okrs": to_data(result.okr_set, mode="json"),
            "passed": passed,
            "fail_level": lint_verdict.fail_level.value,
            "rounds": result.rounds,
            "findings": [f.model_dump(mode="json") for f in result.findings],
            # Texts in the draft's language, as lint's JSON messages are; the English notes are the
            # words the model was given.
            "notes": [{"ref": n.ref_in(language), "kind": n.kind, "message": n.message if language == "en" else n.message_in(language), "number": n.number} for n in result.notes],
            "unverified_baselines": result.unverified,
            "unreadable_replies": result.unreadable,
            "stopped": result.stopped.message_in(language) if result.stopped else None,
            "usage": result.usage.as_dict(),
            "model": settings.effective_model,
            "mode": drafter.link.mode,
            "output": args.output,
        }
        from okrcoach.terminal import dumps_json

        print(dumps_json(report))
    return EXIT_OK if passed else EXIT_FINDINGS


def _emit(text: str, args: argparse.Namespace, to_stdout: bool = True, brief: Optional[dict] = None, language: str = "en") -> None:
    """A draft goes to `-o` (atomic, no overwrite without --force) or to standard output.

    A draft that cannot be written (a read-only folder, a full disk) is kept with its brief in the
    state folder, and `_NotWritten` says where: a paid-for draft is never lost.
    """
    from okrcoach.documents.storage import keep_unwritten, write_problem, written_path
    from okrcoach.files import FileExistsRefused, atomic_write, keep_brief

    if args.output:
        try:
            atomic_write(written_path(Path(args.output)), text, overwrite=args.force)
        except FileExistsRefused as exc:
            raise UsageError(str(exc)) from exc
        except OSError as exc:
            kept = keep_unwritten(text, Path(args.output).name, folder="briefs")
            try:
                kept_brief = keep_brief(brief) if brief is not None else None
            except OSError:
                kept_brief = None
            where = _cli_text(language, "kept", what="draft", path=str(kept)) if kept else _cli_text(language, "not-kept", what="draft")
            if kept_brief is not None:
                where += _cli_text(language, "brief-kept", path=str(kept_brief))
            raise _NotWritten(msg("cli.draft-not-written", path=args.output, problem=write_problem(exc), where=where)) from exc
        _say(_text(language, "wrote", file=args.output))
    elif to_stdout:
        sys.stdout.write(text)


def _keep_streamed(drafter: Any, brief: Any, stopped: Any, fmt: str, args: argparse.Namespace, language: str) -> None:
    """After a reply that stopped part-way (a slow local model at the timeout, a dropped
    connection), what it had written is kept in the state folder beside the brief, judged like
    any draft, and the user is told where: a leader who waited minutes loses nothing. The file
    asked for (`-o`) is not written: the draft did not finish (exit 3)."""
    from okrcoach.documents.storage import keep_unwritten
    from okrcoach.drafting.client import DraftError
    from okrcoach.drafting.drafter import draft_text

    if stopped.kind not in ("timeout", "connection"):
        return
    try:
        result = drafter.keep_streamed(brief, stopped)
    except DraftError:
        return
    name = Path(args.output).name if args.output else f"draft.okr.{fmt}"
    kept = keep_unwritten(draft_text(result, fmt), name, folder="briefs")
    if kept is not None:
        key_results = sum(len(o.key_results) for o in result.okr_set.objectives)
        _say(_text(language, "draft-partial-kept", objectives=len(result.okr_set.objectives), key_results=key_results, path=str(kept)))


def _draft_offline(args: argparse.Namespace, brief, fmt: str) -> int:
    """A template draft from the curated library: no LLM, no invented numbers."""
    from okrcoach.formats import write
    from okrcoach.workshop.offline import template_draft

    try:
        template = template_draft(goal=brief.goal, team=brief.team, period=brief.period, language=brief.language, objectives=brief.objectives)
    except ValueError as exc:
        raise UsageError(exc.message if isinstance(exc, SaidError) else str(exc)) from exc
    okr_set = template.okr_set
    language = okr_set.language or "en"
    _emit(write(okr_set, fmt), args, brief=brief.model_dump(), language=language)
    _say(_text(language, "draft-template"))
    _say(_text(language, "draft-template-from", matched="yes" if template.matched else "no", functions=template.functions_in(language)))
    if len(okr_set.objectives) < brief.objectives:
        _say(_text(language, "draft-template-fewer", found=len(okr_set.objectives), wanted=brief.objectives))
    findings = lint_setup()[0].lint(okr_set, args.output or "draft")
    _report_findings(findings, language)
    # The same rule as `draft`: 0 only when nothing at or above the fail level (warning) is left,
    # and a template's placeholders are exactly that.
    return EXIT_FINDINGS if _fails(findings) else EXIT_OK


def _fails(findings: list) -> bool:
    """Whether findings fail a draft: any at warning level or above (lint's default fail level)."""
    from okrcoach.model import Level

    return any(f.level.rank >= Level.warning.rank for f in findings)


def _width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 20)).columns


def _text(language: str, key: str, **params: Any) -> str:
    """A line of `draft` or `improve` in the brief's or the file's language (`report.<key>`)."""
    from okrcoach.i18n import text

    return text(f"report.{key}", language, **params)


def _cli_text(language: str, key: str, **params: Any) -> str:
    """`cli.<key>` in the brief's or the file's language."""
    from okrcoach.i18n import text

    return text(f"cli.{key}", language, **params)


def _usage_text(usage: Any, language: str) -> str:
    """“1,234 prompt + 567 completion = 1,801 tokens in 2 requests” in `language`, marked when
    the server sent no counts and they were estimated."""
    said = _cli_text(language, "doctor.usage", prompt=usage.prompt_tokens, completion=usage.completion_tokens, total=usage.total_tokens, requests=usage.requests)
    return said + (_cli_text(language, "doctor.usage-estimated") if usage.estimated else "")


def _report_findings(findings: list, language: str) -> None:
    """Findings of a set okrcoach wrote without an LLM (offline drafts)."""
    shown = [f for f in findings if f.level.value != "info"]
    if not shown:
        _say(_text(language, "draft-no-warnings"))
        return
    _say(_text(language, "draft-findings", count=len(shown)))
    for f in shown:
        _say(f"  {_where(f):<8} {f.code} {f.name}: {f.message}")


def _where(f) -> str:
    where = f"O{f.objective_index + 1}" if f.objective_index is not None else "set"
    if f.key_result_index is not None:
        where += f".KR{f.key_result_index + 1}"
    return where


def _report(result, lint_verdict, output: Optional[str], language: str = "en") -> None:
    """What stands between this draft and a clean one, in the order a person fixes it, in the
    draft's language."""
    from okrcoach.drafting.responses import BRIEF_NOTES, NUMBER_NOTES

    if result.stopped is not None:
        _say(_text(language, "draft-stopped", reason=result.stopped.message_in(language)))
    if result.unreadable:
        last = result.unreadable_said[-1] if result.unreadable_said else result.unreadable[-1]
        _say(_text(language, "draft-unreadable", count=len(result.unreadable), reason=last.render(language) if isinstance(last, Msg) else last))
    brief_notes = [n for n in result.notes if n.kind in BRIEF_NOTES]
    if brief_notes:
        _say(_text(language, "draft-brief-unmet"))
        for note in brief_notes:
            _say(f"  {note.ref_in(language) + ':':<9} {note.message_in(language)}")
    numbers = [n for n in result.notes if n.kind in NUMBER_NOTES]
    if numbers:
        _say(_text(language, "draft-numbers"))
        for note in numbers:
            _say(f"  {note.ref_in(language) + ':':<9} {note.message_in(language)} {_text(language, 'draft-number-done', kind=note.kind)}")
    shown = list(lint_verdict.blocking) + [f for f in lint_verdict.below if f.level.value != "info"]
    if shown:
        _say(_text(language, "draft-findings", count=len(shown)))
        for f in shown:
            _say(f"  {_where(f):<8} {f.code} {f.name}: {f.message}")
    subject = output or _text(language, "the-draft")
    verdict = lint_verdict.summary(language)
    if lint_verdict.passed and not result.notes:
        _say(_text(language, "draft-verdict", subject=subject, verdict=verdict))
    elif lint_verdict.passed:
        _say(_text(language, "draft-verdict-brief-unmet", subject=subject, verdict=verdict))
    else:
        _say(_text(language, "draft-verdict-failed", subject=subject, verdict=verdict))


# -- improve --------------------------------------------------------------------------------------


def _improve(args: argparse.Namespace) -> int:
    import asyncio
    import difflib
    import time

    from okrcoach.cli.words import cli_language
    from okrcoach.documents import EditRefused, save
    from okrcoach.documents import diff as diff_sets
    from okrcoach.documents.storage import load
    from okrcoach.documents.text import issue_said
    from okrcoach.drafting.client import DraftError
    from okrcoach.drafting.drafter import Drafter
    from okrcoach.formats import format_of, read_text
    from okrcoach.i18n import resolve
    from okrcoach.linting import verdict_of_text

    path = Path(args.file)
    if not os.path.lexists(path):
        raise UsageError(msg("cli.no-such-file", path=args.file))
    stored, issue = load(path)
    fmt = format_of(path, stored.text if stored is not None else None) or "yaml"
    if stored is None and issue is not None and issue.code == "OKR001" and issue.key not in ("file-empty", "file-binary", "file-not-utf8", "file-not-utf16"):
        raise UsageError(msg("cli.checkin.cannot-read", path=args.file, problem=issue_said(issue)))
    result = read_text(stored.text, args.file, fmt) if stored is not None else None
    if result is None or result.okr_set is None:
        for problem in result.issues if result is not None else [issue]:
            if problem is not None:
                _say(f"{args.file}:{problem.line or '-'}: {resolve(issue_said(problem), cli_language())}")
        raise UsageError(msg("cli.draft.fix-first", path=args.file))
    okr_set = result.okr_set
    linter, fail_level = lint_setup(path)
    findings = linter.lint(okr_set, args.file)
    language = linter.language_of(okr_set)
    targets = _targets(okr_set, findings, args, language)
    left = _left_to_you(findings) if args.objective is None else []
    if not targets:
        before, _ = verdict_of_text(stored.text, args.file, linter, fail_level, result.format)  # type: ignore[union-attr]
        if not left:
            _say(_text(language, "improve-nothing"))
            return EXIT_OK
        _say(_text(language, "improve-nothing-left", count=len(left)))
        _say_left(left, args.file, language, infos=sum(1 for f in findings if f.level.value == "info"))
        _say(_text(language, "improve-verdict", file=args.file, verdict=before.summary(language)))
        return EXIT_OK if before.passed else EXIT_FINDINGS
    settings = llm_settings(args)
    drafter = Drafter(settings, linter, fail_level=fail_level)
    original = stored.text  # type: ignore[union-attr]
    state = {"updated": original, "okr_set": okr_set, "unapplied": 0}

    live = sys.stderr.isatty()

    async def improve_one(current: Any, oi: int, ki: Optional[int], ref: str) -> Any:
        """One element improved; at a terminal the line under way counts the seconds, as the TUI's
        status bar does (a small local model can take minutes); piped, one line says it."""
        if not live:
            _say(_text(language, "improve-working", ref=ref))
            return await drafter.improve(current, oi, ki, on_status=lambda text: _say(f"  {text}"))
        started = time.monotonic()

        def draw() -> None:
            line = catalogue_text("tui.status-improving", language, ref=ref, seconds=int(time.monotonic() - started))  # the TUI's words
            sys.stderr.write("\r\033[K" + line[: _width() - 1])
            sys.stderr.flush()

        def on_status(text: str) -> None:
            sys.stderr.write("\r\033[K")
            _say(f"  {text}")
            draw()

        async def tick() -> None:
            while True:
                draw()
                await asyncio.sleep(1)

        ticker = asyncio.create_task(tick())
        try:
            return await drafter.improve(current, oi, ki, on_status=on_status)
        finally:
            ticker.cancel()
            draw()  # the time it took stays on its line
            sys.stderr.write("\n")
            sys.stderr.flush()

    async def improve_all() -> None:
        for oi, ki in targets[: args.max]:
            ref = f"O{oi + 1}" + (f".KR{ki + 1}" if ki is not None else "")
            current = state["okr_set"]
            improvement = await improve_one(current, oi, ki, ref)
            if improvement.remaining:
                # A rewrite that still fails the checks never replaces what the user wrote.
                _say("  " + _text(language, "improve-not-applied", ref=ref, text=_one_line(improvement.suggestion.text)))
                for line_text in improvement.remaining_said:
                    _say(f"    {line_text}")
                state["unapplied"] += 1
                continue
            try:
                state["updated"] = save(state["updated"], fmt, improvement.okr_set, args.file).text
            except EditRefused as exc:
                _say("  " + _text(language, "improve-not-in-place", ref=ref, text=_one_line(improvement.suggestion.text), reason=exc.message))
                state["unapplied"] += 1
                continue
            state["okr_set"] = improvement.okr_set
            if improvement.rationale:
                _say(f"  {ref}: {improvement.rationale}")

    try:
        asyncio.run(improve_all())
    except KeyboardInterrupt:
        _say(_text(language, "improve-cancelled"))
        return EXIT_INTERRUPTED
    except DraftError as exc:
        _say(f"okrcoach: {exc.message_in(language)}")
        if exc.hint:
            _say(exc.hint_in(language))
        if args.verbose and exc.detail and language != "en":  # English says it in the line above
            _say(_text(language, "llm-reply-detail", detail=exc.detail))
        _say(_text(language, "improve-unchanged"))
        return EXIT_LLM
    updated = state["updated"]
    diff = "".join(difflib.unified_diff(original.splitlines(keepends=True), updated.splitlines(keepends=True), fromfile=f"a/{args.file}", tofile=f"b/{args.file}"))
    sys.stdout.write(diff)
    if args.verbose:
        _say(_cli_text(language, "tokens", usage=_usage_text(drafter.usage, language)))
    after, _ = verdict_of_text(updated, args.file, linter, fail_level, result.format)
    if args.write and updated != original:
        written = _write_improved(path, args.file, stored, updated, diff_sets(okr_set, state["okr_set"]), fmt, language)
        if written is not None:
            return written
    elif updated != original:
        _say(_text(language, "improve-run-with-write"))
    if left:
        _say(_text(language, "improve-left", count=len(left)))
        _say_left(left, args.file, language)
    _say(_text(language, "improve-verdict-improved" if updated != original else "improve-verdict", file=args.file, verdict=after.summary(language)))
    return EXIT_OK if after.passed and not state["unapplied"] else EXIT_FINDINGS


def _one_line(suggestion: str) -> str:
    """A model's suggestion quoted in one message line: its line breaks shown as ⏎, so a reply of
    several lines reads as what it is and the message stays one line."""
    return " ⏎ ".join(line.strip() for line in suggestion.strip().splitlines() if line.strip())


def _write_improved(path: Path, name: str, stored: Any, updated: str, changes: list, fmt: str, language: str = "en") -> Optional[int]:
    """Write the improved text under the file's lock (see `store_edit`); None when written, else
    the exit code (4: nothing written, the improved file is kept and the message says where)."""
    from okrcoach.documents import EditRefused
    from okrcoach.documents.storage import keep_unwritten, store_edit, write_problem

    try:
        _, merged = store_edit(path, stored, updated, changes, fmt, on_wait=lambda why: _say(f"okrcoach: {why.render(language)}…"))
    except (OSError, EditRefused) as exc:
        why = write_problem(exc) if isinstance(exc, OSError) else msg("cli.improve-changed", reason=exc.message)
        kept = keep_unwritten(stored.kept(updated), path.name)
        where = msg("cli.kept", what="improved", path=str(kept)) if kept else msg("cli.not-kept", what="improved")
        _say(_cli_text(language, "usage-error", message=msg("cli.not-written", path=name, problem=why, where=where)))
        return EXIT_NOT_WRITTEN
    _say(_text(language, "wrote-merged" if merged else "wrote", file=name))
    return None


def _targets(okr_set, findings, args, language: str) -> list[tuple[int, Optional[int]]]:
    """The elements to improve: those named, else those with findings `improve` rewrites; a
    reference the file does not have is an error in the file's `language`."""
    if args.objective is not None:
        oi = args.objective - 1
        if not 0 <= oi < len(okr_set.objectives):
            raise UsageError(msg("cli.draft.no-such-objective", objective=args.objective, count=len(okr_set.objectives)), language)
        if args.kr is not None:
            ki = args.kr - 1
            if not 0 <= ki < len(okr_set.objectives[oi].key_results):
                raise UsageError(msg("cli.draft.no-such-key-result", kr=args.kr, objective=args.objective, count=len(okr_set.objectives[oi].key_results)), language)
            return [(oi, ki)]
        return [(oi, None)]
    if args.kr is not None:
        raise UsageError(msg("cli.draft.kr-needs-objective"), language)
    chosen: list[tuple[int, Optional[int]]] = []
    for f in findings:
        if f.level.value == "info" or not _improvable(f):
            continue
        key = (f.objective_index, f.key_result_index)
        if key not in chosen:
            chosen.append(key)
    return chosen


# What a model cannot rewrite without inventing what only the user knows: a starting value, a
# deadline, the number or word a placeholder stands for, the set's shape (how many objectives and
# key results, their language), and the file itself (what could not be read).
_NOT_IMPROVABLE = ("format", "structure", "baseline", "time-bound")


def _improvable(finding: Any) -> bool:
    """Whether `improve` rewrites the element a finding is about: a sentence's wording (outcome,
    KPI, measurability, the objective), never the user's own numbers, dates or the set's shape."""
    return finding.objective_index is not None and finding.category not in _NOT_IMPROVABLE


def _left_to_you(findings: list) -> list:
    """The findings at warning or above that `improve` leaves to the user (see `_improvable`)."""
    return [f for f in findings if f.level.value != "info" and not _improvable(f)]


def _say_left(left: list, file: str, language: str, infos: int = 0) -> None:
    """One line per rule among `left` (`6 × OKR202 placeholder-target: …`), with why improve
    leaves it, the count of info findings (which lint also counts), and what to do next."""
    counts: dict[tuple[str, str, str], int] = {}
    for finding in left:
        key = (finding.code, finding.name, finding.category)
        counts[key] = counts.get(key, 0) + 1
    for (code, name, category), count in counts.items():
        kind = "placeholder" if "placeholder" in name else category  # `<target>`, TBD: a number only the user has
        _say(f"  {count} × {code} {name}: {_text(language, 'improve-left-why', category=kind)}")
    if infos:
        _say("  " + _text(language, "improve-left-info", count=infos))
    _say(_text(language, "improve-left-next", file=file))


# -- doctor ---------------------------------------------------------------------------------------


def _doctor(args: argparse.Namespace) -> int:
    import asyncio

    from okrcoach.cli.words import cli_language
    from okrcoach.drafting.exchange import ModeMemory, mode_order

    settings = llm_settings(args)
    memory = ModeMemory()
    remembered = memory.entry(settings)
    words = _DoctorWords(cli_language())
    say, source = words.say, words.source
    print("okrcoach doctor")
    print(words.row("endpoint", f"{settings.base_url or 'https://api.openai.com/v1'}  ({settings.backend})  [{source(settings.sources.get('base-url'))}]"))
    print(words.row("model", f"{settings.effective_model or say('none')}  [{source(settings.sources.get('model'))}]"))
    if settings.mode == "auto":
        order = mode_order(settings, remembered.get("mode"))
        known = say("remembered", mode=remembered["mode"]) if remembered.get("mode") else say("nothing-remembered")
        print(words.row("mode", f"{say('auto-tries', modes=', '.join(order))}  ({known})  [{source(settings.sources.get('mode'))}]"))
        for mode, why in sorted((remembered.get("rejected") or {}).items()):
            print(words.row("", say("was-rejected", mode=mode, why=why)))
    else:
        print(words.row("mode", f"{settings.mode}  [{source(settings.sources.get('mode'))}]"))
    masked = settings.masked_key()
    masked = {"(none)": say("none"), "(placeholder for a local server)": say("placeholder-key")}.get(masked, masked)
    key_source = settings.api_key_source or say("placeholder" if settings.is_local else "not-set")
    print(words.row("api-key", f"{masked}  [{key_source}]"))
    cap = say("token-cap", tokens=settings.max_tokens) if settings.max_tokens else say("no-token-cap")
    limits = say("limits", timeout=words.number(settings.timeout, "g"), cap=cap, retries=settings.retries, rounds=settings.repair_rounds)
    print(words.row("limits", limits))
    problems = settings.problems(words.language)
    if problems:
        print("\n" + say("not-configured"))
        for problem in problems:
            print(f"  ✗ {problem}")
        return EXIT_FINDINGS
    return asyncio.run(_doctor_checks(settings, args.all_modes, memory, words))


class _DoctorWords:
    """`okrcoach doctor`'s words in the command line's language (`cli.doctor.*`)."""

    LABELS = ("endpoint", "model", "mode", "api-key", "limits")

    def __init__(self, language: str) -> None:
        from okrcoach.i18n import catalog

        self.language = language
        self.labels = {label: self.say(f"label-{label}") for label in self.LABELS}
        self.width = max(map(len, self.labels.values())) + 3
        self.decimal = (catalog(language) or catalog("en")).decimal  # type: ignore[union-attr]

    def say(self, key: str, /, **params: Any) -> str:
        from okrcoach.i18n import text

        return text(f"cli.doctor.{key}", self.language, **params)

    def row(self, label: str, value: str) -> str:
        """`  endpoint   value`: the labels in one column."""
        return f"  {self.labels.get(label, ''):<{self.width}}{value}"

    def source(self, where: Optional[str]) -> str:
        """Where a setting came from: a file or a variable as it is; the default and the command line in words."""
        if where is None or where == "default":
            return self.say("default")
        return self.say("command-line") if where == "command line" else where

    def number(self, value: float, spec: str) -> str:
        """A number of seconds written the language's way (`2.5`, `2,5`)."""
        return format(value, spec).replace(".", self.decimal)


async def _doctor_checks(settings, all_modes: bool, memory, words: _DoctorWords) -> int:
    import asyncio
    import dataclasses
    import time

    from pydantic import BaseModel

    from okrcoach.drafting.client import Usage, api_error_kind, explain, make_client
    from okrcoach.drafting.exchange import format_rejection, mode_order, status_of

    class Ping(BaseModel):
        ok: bool
        word: str

    say, language = words.say, words.language

    def seconds(started: float) -> str:
        return words.number(time.monotonic() - started, ".1f")

    usage = Usage()
    # The probes are tiny: a short cap keeps a rambling model from costing minutes per mode.
    settings = dataclasses.replace(settings, max_tokens=min(settings.max_tokens or PROBE_TOKENS, PROBE_TOKENS))
    client = make_client(settings, usage)
    raw = client.client
    print("\n" + say("checks"))
    models: Optional[list[str]] = None
    started = time.monotonic()
    timeout = words.number(settings.timeout, "g")
    try:
        page = await asyncio.wait_for(raw.models.list(), timeout=settings.timeout)
        models = [m.id for m in page.data]
        shown = ", ".join(models[:8]) + (" …" if len(models) > 8 else "")
        print("  ✓ " + say("reached", count=len(models), models=shown or say("none")))
    except asyncio.TimeoutError:
        print("  ✗ " + say("no-models-answer", endpoint=settings.base_url or say("the-endpoint"), timeout=timeout, elapsed=seconds(started)))
        return EXIT_FINDINGS
    except Exception as exc:
        kind = api_error_kind(exc)
        if kind is None:
            raise
        if kind in ("auth", "connection"):
            error = explain(exc, settings)
            print(f"  ✗ {error.message_in(language)}\n    {error.hint_in(language)}")
            return EXIT_FINDINGS
        print("  · " + say("no-model-list"))
    model = settings.effective_model
    if models is not None and model not in models:
        suggestion = _alias_hint(models, model, settings.backend, language)
        print("  ! " + say("model-not-listed", model=model, suggestion=suggestion))
        print("    " + say("checking-anyway"))
    elif models is not None:
        print("  ✓ " + say("model-served", model=model))
    order = mode_order(settings, memory.remembered(settings)) if settings.mode == "auto" else [settings.mode] + [m for m in ("tools", "json_schema", "json", "md_json") if m != settings.mode]
    working: list[str] = []
    for mode in order:
        started = time.monotonic()
        try:
            client = make_client(settings, usage, mode=mode)
            await asyncio.wait_for(
                client.chat.completions.create(
                    model=model, response_model=Ping, max_retries=0, max_tokens=settings.max_tokens, messages=[{"role": "user", "content": "Reply with ok=true and word='okr'."}]
                ),
                timeout=settings.timeout,
            )
            print("  ✓ " + say("mode-works", mode=mode, elapsed=seconds(started)))
            working.append(mode)
            memory.record(settings, accepted=mode if len(working) == 1 else None)
            if not all_modes:
                break
        except asyncio.TimeoutError:
            print("  ✗ " + say("mode-timeout", mode=mode, timeout=timeout, elapsed=seconds(started)))
            print("    " + say("needs-longer-timeout"))
            return EXIT_FINDINGS
        except Exception as exc:  # noqa: BLE001 - each mode's failure is reported, not raised
            rejected = format_rejection(exc)
            if rejected is not None:
                print("  ✗ " + say("mode-rejected", mode=mode, status=str(status_of(exc)), reason=rejected))
                memory.record(settings, rejected={mode: rejected})
                continue
            error = explain(exc, settings)
            if error.kind in ("auth", "connection", "timeout"):
                print("  ✗ " + say("mode-failed", mode=mode, message=error.message_in(language)) + f"\n    {error.hint_in(language)}")
                return EXIT_FINDINGS
            if error.kind == "model":
                print("  ✗ " + say("mode-failed", mode=mode, message=error.message_in(language)) + f"\n    {_alias_hint(models or [], model, settings.backend, language)}")
                return EXIT_FINDINGS
            print("  ✗ " + say("mode-unusable", mode=mode, message=error.message_in(language)))
    if not working:
        print("  ✗ " + say("no-mode-worked"))
        return EXIT_FINDINGS
    if settings.mode not in ("auto", working[0]):
        print("\n" + say("use-mode", mode=working[0]))
    tokens = say("usage", prompt=usage.prompt_tokens, completion=usage.completion_tokens, total=usage.total_tokens, requests=usage.requests)
    tokens += say("usage-estimated") if usage.estimated else ""
    print("\n" + say("ready", model=model, mode=working[0], tokens=tokens))
    return EXIT_OK


def _alias_hint(models: list[str], model: Optional[str], backend: str, language: str = "en") -> str:
    """How to name the model: llama-server lists the model file unless started with --alias."""
    from okrcoach.i18n import text

    if not models:
        return text("cli.doctor.set-model", language)
    first = models[0]
    looks_like_path = "/" in first or first.endswith(".gguf")
    if looks_like_path:
        stem = first.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".gguf")
        alias = stem.split(".")[0].lower() or "local"
        return text("cli.doctor.alias-hint", language, file=first, alias=alias)
    return text("cli.doctor.set-model-to", language, model=first)
