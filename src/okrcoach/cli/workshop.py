"""The workshop command: `okrcoach examples`, a spot-the-flaw handout and its answer key.

Exit codes: 0 done, 1 done but some generated examples never passed the rubric and were dropped
(or none did), 2 usage error (including refusing to overwrite a file), 3 the LLM call failed.
Nothing heavy is imported here at module level: the library and the renderers load when the
command runs, and openai/instructor only with --generate.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Optional

from okrcoach.cli.common import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_LLM, EXIT_OK, LANGUAGES, UsageError, add_llm_options, format_of, llm_settings, load_rubric, quiet_llm_libraries
from okrcoach.cli.common import say as _say
from okrcoach.i18n import msg
from okrcoach.i18n import text as i18n_text

EXIT_DROPPED = EXIT_FINDINGS
COMMANDS = ("examples",)
FUNCTIONS = ("marketing", "sales", "product", "engineering", "customer-support", "people", "finance", "operations")
_ALIASES = {
    "hr": "people",
    "people-hr": "people",
    "human-resources": "people",
    "support": "customer-support",
    "customer-service": "customer-support",
    "service": "customer-support",
    "ops": "operations",
    "logistics": "operations",
    "eng": "engineering",
    "development": "engineering",
}
FORMATS = ("md", "html", "yaml", "json")
MAX_COUNT = 20


def add_commands(commands: Any) -> None:
    examples = commands.add_parser(
        "examples",
        help="print a spot-the-flaw workshop handout and its answer key",
        description=(
            "Print an exercise handout for an OKR workshop: good and flawed objectives and key results, "
            "mixed and numbered with no hints, and a separate answer key with each flaw's rule, why it "
            "matters and a fixed version. Examples come from okrcoach's curated library (no LLM, no "
            "network), or with --generate from an LLM, checked by the rubric before they are shown."
        ),
        epilog="Example: okrcoach examples --function marketing --lang da --format html -o handout.html   (writes handout.html and handout-answers.html)",
    )
    examples.add_argument("--function", metavar="F", help=f"business function: {', '.join(FUNCTIONS)} (default: all)")
    examples.add_argument("--lang", choices=LANGUAGES, help="language of the examples and the handout (default: the config's `language`, else en)")
    examples.add_argument("--count", type=int, metavar="N", help="number of examples, each from a different set (default: 2, or as many as the library has for --function and --lang)")
    examples.add_argument("--flawed", type=int, metavar="N", help="number of flawed objectives and key results mixed in (default: 3 per set; with --generate, half the sets)")
    examples.add_argument("--flaws", metavar="CODES", help="only flaws that break these rules, comma-separated codes or names, e.g. OKR220,OKR221 or activity-key-result")
    examples.add_argument("--seed", type=int, default=1, metavar="S", help="the same seed gives the same handout (default: 1)")
    examples.add_argument("--format", choices=FORMATS, help="md and html: handout and answer key; yaml and json: the chosen examples with their labels (default: from -o, else md)")
    examples.add_argument("-o", "--output", metavar="FILE", help="write the handout to FILE and the answer key to --answers (atomic; refuses to overwrite without --force)")
    examples.add_argument(
        "--answers", metavar="FILE", help="where the answer key goes (default with -o: <stem>-answers.<ext>; without -o and --answers, standard output gets one document: the handout, then the key)"
    )
    examples.add_argument("--force", action="store_true", help="overwrite existing output files")
    generate = examples.add_argument_group("generated examples (need a configured LLM; see `okrcoach doctor`)")
    generate.add_argument("--generate", action="store_true", help="have the LLM write new examples; the rubric verifies each one, regenerates failures and drops those that never pass")
    generate.add_argument("--industry", help="industry the generated examples are set in, e.g. 'retail banking'")
    generate.add_argument("--goal", help="a business goal the generated examples should serve")
    add_llm_options(generate, repair_rounds=False)


def run(args: argparse.Namespace) -> int:
    return _examples(args)


def _function(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    key = value.strip().lower().replace(" ", "-").replace("_", "-")
    key = _ALIASES.get(key, key)
    if key not in FUNCTIONS:
        import difflib

        close = difflib.get_close_matches(key, FUNCTIONS + tuple(_ALIASES), n=1)
        hint = msg("cli.config.did-you-mean-rule", name=_ALIASES.get(close[0], close[0])) if close else ""
        raise UsageError(msg("cli.examples.unknown-function", value=repr(value), hint=hint, functions=", ".join(FUNCTIONS)))
    return key


def _paths(args: argparse.Namespace, fmt: str) -> tuple[Optional[Path], Optional[Path]]:
    output = Path(args.output) if args.output else None
    answers = Path(args.answers) if args.answers else None
    if answers is not None and fmt in ("yaml", "json"):
        raise UsageError(msg("cli.examples.answers-format"))
    if output is not None and answers is None and fmt in ("md", "html"):
        answers = output.with_name(f"{output.stem}-answers{output.suffix or '.' + fmt}")
    if output is not None and answers is not None and output.resolve() == answers.resolve():
        raise UsageError(msg("cli.examples.same-file"))
    for path in (output, answers):
        if path is not None and path.exists() and not args.force:
            raise UsageError(msg("cli.examples.exists", path=str(path)))
    return output, answers


def _examples(args: argparse.Namespace) -> int:
    from okrcoach.cli.words import configured_language_among
    from okrcoach.language_data import bundled_languages

    args.lang = args.lang or configured_language_among(bundled_languages())
    function = _function(args.function)
    if args.count is not None and not 1 <= args.count <= MAX_COUNT:
        raise UsageError(msg("cli.examples.count-range", most=MAX_COUNT))
    if args.flawed is not None and args.flawed < 0:
        raise UsageError(msg("cli.examples.flawed-negative"))
    if (args.industry or args.goal) and not args.generate:
        raise UsageError(msg("cli.examples.needs-generate"))
    fmt = args.format or (format_of(args.output, FORMATS) if args.output else None) or "md"
    output, answers = _paths(args, fmt)

    from okrcoach.rubric import Linter

    linter = Linter(load_rubric())
    codes = _codes(args.flaws, linter)
    status = EXIT_OK
    if args.generate:
        exercise, status = _generated(args, function, linter, codes)
        if exercise is None:
            return status
    else:
        from okrcoach.workshop.handout import library_exercise

        exercise = library_exercise(linter, language=args.lang, function=function, count=args.count, flawed=args.flawed, seed=args.seed, codes=set(codes) if codes else None)
    _write(exercise, fmt, output, answers, args.force)
    for note in exercise.notes:
        _say(i18n_text("report.note", exercise.language, note=note))
    return status


def _codes(value: Optional[str], linter) -> Optional[list[str]]:
    """Rule codes from --flaws (codes, names or aliases), in the order given."""
    if not value:
        return None
    codes = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        rule = linter.rubric.find(part)
        if rule is None:
            close = linter.rubric.suggest(part)
            raise UsageError(msg("cli.examples.unknown-flaw", rule=repr(part), hint=msg("cli.config.did-you-mean-rule", name=close) if close else msg("cli.examples.rules-list")))
        codes.append(rule.code)
    return codes or None


def _generated(args: argparse.Namespace, function: Optional[str], linter, codes: Optional[list[str]] = None):
    import asyncio
    import math
    import random

    from okrcoach.drafting.client import DraftError
    from okrcoach.workshop.generate import Generator, plan
    from okrcoach.workshop.handout import Exercise, finish

    if not (args.industry or args.goal):
        raise UsageError(msg("cli.examples.generate-needs-topic"))
    count = args.count or 2
    if codes:
        from okrcoach.workshop.generate import FLAW_CODES

        unsupported = [c for c in codes if c not in FLAW_CODES]
        if unsupported:
            raise UsageError(msg("cli.examples.flaws-not-generated", codes=", ".join(FLAW_CODES), unsupported=", ".join(unsupported)))
    flawed = math.ceil(count / 2) if args.flawed is None else args.flawed
    if flawed > count:
        raise UsageError(msg("cli.examples.flawed-at-most-count", count=count))
    if function is None:
        from okrcoach.workshop.offline import match_functions

        best, score = match_functions(" ".join(filter(None, (args.goal, args.industry))))[0]
        function = best if score > 0 else None
    settings = llm_settings(args)
    language = args.lang or "en"

    def said(key: str, **params: Any) -> str:
        return i18n_text(f"cli.examples.{key}", language, **params)

    problems = settings.problems(language)
    if problems:
        _say(said("no-llm"))
        for problem in problems:
            _say(problem)
        _say(said("without-generate"))
        return None, EXIT_LLM
    quiet_llm_libraries()
    rng = random.Random(f"okrcoach-generate:{args.seed}")
    requests = plan(count, flawed, function, rng, codes)
    generator = Generator(settings, linter, args.lang, industry=args.industry, goal=args.goal)
    try:
        outcomes = asyncio.run(generator.run(requests, on_status=_say))
    except KeyboardInterrupt:
        _say(said("cancelled"))
        return None, EXIT_INTERRUPTED
    except DraftError as exc:
        _say(f"okrcoach: {exc.message_in(language)}")
        if exc.hint:
            _say(exc.hint.replace("; your brief is kept", ""))
        return None, EXIT_LLM
    kept = [o.example for o in outcomes if o.example is not None]
    dropped = [o for o in outcomes if o.example is None]
    for outcome in dropped:
        last = outcome.problems[-1][0] if outcome.problems and outcome.problems[-1] else said("no-usable-reply")
        _say(said("dropped", kind="flawed" if outcome.request.flaw else "good", flaw=outcome.request.flaw or "", function=outcome.request.function, attempts=outcome.attempts, last=last))
    from okrcoach.cli.llm import _usage_text

    _say(said("generated", kept=len(kept), total=len(outcomes), usage=_usage_text(generator.usage, language)))
    if not kept:
        _say(said("none-passed"))
        return None, EXIT_DROPPED
    exercise = Exercise(language=args.lang, seed=args.seed, examples=kept, function=function)  # type: ignore[arg-type]
    finish(exercise, linter)
    return exercise, (EXIT_DROPPED if dropped else EXIT_OK)


def _write(exercise, fmt: str, output: Optional[Path], answers: Optional[Path], force: bool) -> None:
    from okrcoach.files import FileExistsRefused, atomic_write
    from okrcoach.workshop import handout

    if fmt in ("yaml", "json"):
        data = handout.to_data(exercise)
        if fmt == "json":
            import json

            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            import yaml

            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        handout_text, answers_text = text, None
    elif fmt == "html":
        handout_text = handout.handout_html(exercise, with_answers=output is None and answers is None)
        answers_text = handout.answers_html(exercise)
    else:
        handout_text = handout.handout_markdown(exercise)
        answers_text = handout.answers_markdown(exercise)
        if output is None and answers is None:
            handout_text = handout_text + "\n---\n\n" + answers_text
    try:
        if answers is not None and answers_text is not None:
            atomic_write(answers, answers_text, overwrite=force)
        if output is not None:
            atomic_write(output, handout_text, overwrite=force)
    except FileExistsRefused as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(msg("cli.examples.cannot-write", error=exc.strerror or str(exc))) from exc
    if output is None:
        sys.stdout.write(handout_text)
        sys.stdout.flush()
    written = [str(p) for p in (output, answers) if p is not None and (p is output or answers_text is not None)]
    if written:
        paths = written[0] if len(written) == 1 else i18n_text("report.and", exercise.language, first=written[0], second=written[1])
        _say(i18n_text("report.examples-wrote", exercise.language, paths=paths, examples=len(exercise.examples), flawed=exercise.flawed_count))
