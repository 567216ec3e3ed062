"""`okrcoach lint`, `okrcoach rules` and `okrcoach rule`: the rubric's commands.

Exit codes for `lint`: 0 nothing at or above the fail level, 1 findings at or above it, 2 usage or
configuration error. Imports nothing heavy at module level: this is the fast path, and it never
imports textual, openai or instructor.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

from okrcoach.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, colour_wanted, configured_rubric, discover, encoding_option, format_of, language_code, load_rubric, note_read_as, split_list

COMMANDS = ("lint", "rules", "rule")
LINT_FORMATS = ("text", "concise", "json", "sarif", "github")


def add_commands(commands: Any) -> None:
    lint = commands.add_parser(
        "lint",
        help="check OKR files against the rubric",
        description="Check OKR files (YAML, JSON, Markdown, CSV) against the rubric. Directories are searched for *.okr.{yaml,yml,json,md,csv}; `-` reads standard input.",
    )
    lint.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or - for standard input (default: the current directory)")
    lint.add_argument("--format", choices=LINT_FORMATS, help="output format (default: text; github under GitHub Actions; with -o, json or sarif from the file's suffix)")
    lint.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output (*.json gives json, *.sarif sarif, unless --format)")
    lint.add_argument("--fail-level", choices=("error", "warning", "info"), help="lowest level that makes the exit code 1 (default: warning)")
    lint.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (still 2 on usage errors)")
    lint.add_argument("--select", metavar="RULES", help="comma-separated rule codes, names, code prefixes (OKR2) or categories to run, replacing the configured selection")
    lint.add_argument("--extend-select", metavar="RULES", help="rules to run in addition to the selection")
    lint.add_argument("--ignore", metavar="RULES", help="rules not to run")
    lint.add_argument(
        "--language",
        "--lang",
        dest="language",
        type=language_code,
        metavar="LANG",
        help="language of the OKRs: the code of a language the rubric has a lexicon for, e.g. da (default: the file's `language:`, else detected)",
    )
    lint.add_argument("--input-format", choices=("yaml", "json", "md", "csv"), help="format of standard input or of files with other names")
    encoding_option(lint)
    lint.add_argument("--stdin-filename", metavar="NAME", help="name to report for standard input (default: -)")
    lint.add_argument("--config", metavar="FILE", help="use this config file (pyproject.toml or okrcoach.toml) instead of discovering one")
    lint.add_argument("--isolated", action="store_true", help="ignore all config files")
    lint.add_argument("--no-fix", action="store_true", help="do not print the fix under each finding (text format)")
    lint.add_argument("-q", "--quiet", action="store_true", help="text format: print only files with findings and the summary")
    lint.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead of the findings")
    lint.add_argument("--show-settings", action="store_true", help="print the resolved settings for the first PATH (or here) and where each came from, then exit")
    lint.add_argument("--show-files", action="store_true", help="print the files that would be linted, then exit")
    gitignore = lint.add_mutually_exclusive_group()
    gitignore.add_argument("--respect-gitignore", dest="respect_gitignore", action="store_true", default=None, help="leave out files that .gitignore, .ignore or .git/info/exclude ignore (default)")
    gitignore.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false", help="read files even if .gitignore, .ignore or .git/info/exclude ignore them")
    lint.add_argument(
        "--extend-include",
        metavar="PATTERNS",
        action="append",
        help="also read files with these names in folders, beside *.okr.*: comma-separated patterns such as '*.md' (a Notion export's pages)",
    )
    lint.add_argument("--force-exclude", action="store_true", help="apply exclude, extend-exclude and ignore files to files named on the command line too")

    rules = commands.add_parser("rules", help="list the rubric's rules", description="List every rule with its code, name, level and category.")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--category", help="only rules of this category")
    rules.add_argument(
        "--lang", "--language", dest="language", type=language_code, metavar="LANG", help="also show each rule's message in this language (one the rubric has, with the config's `rubric-paths`)"
    )

    rule = commands.add_parser("rule", help="explain one rule", description="Print one rule: what it checks, why, how to fix it, and its examples.")
    rule.add_argument("rule", metavar="CODE-OR-NAME")
    rule.add_argument("--format", choices=("text", "json"), default="text")
    rule.add_argument(
        "--lang",
        "--language",
        dest="language",
        type=language_code,
        metavar="LANG",
        help="show the rule's message, why, fix and examples in this language (one the rubric has, with the config's `rubric-paths`)",
    )


def ends_at_once(words: Sequence[str]) -> bool:
    """Whether a process that ran the command `words` (its first word) may end without the
    interpreter's teardown (`okrcoach.cli.console`): one of this module's commands, which start no
    thread and register no exit hook, with no thread left running and no exit hook registered
    (by anything else in the process: a coverage tool, `weakref.finalize`). When the interpreter
    cannot say how many exit hooks there are, it may not."""
    import atexit

    if not words or words[0] not in COMMANDS:
        return False
    threading = sys.modules.get("threading")  # not imported: no thread was started through it
    hooks = getattr(atexit, "_ncallbacks", None)
    return (threading is None or threading.active_count() == 1) and hooks is not None and hooks() == 0


def run(args: argparse.Namespace) -> int:
    if args.command == "lint":
        return _without_cycle_collection(_lint, args)
    if args.command == "rules":
        return _rules(args)
    return _rule(args)


# -- lint ---------------------------------------------------------------------------------------


def _without_cycle_collection(command: Any, args: argparse.Namespace) -> int:
    """Run `command` with Python's cycle collector paused.

    Reading and judging a file allocates hundreds of thousands of objects that reference counting
    frees, and next to no reference cycles (a 5,000 key-result file: a few hundred objects). The
    collector would still walk every surviving object again and again as the set and its findings
    grow: about 0.2 s of a 1.3 s lint of that file. Paused, it costs nothing; it is switched back on
    (as it was) when the command ends.
    """
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return command(args)
    finally:
        if was_enabled:
            gc.enable()


def _lint(args: argparse.Namespace) -> int:
    from okrcoach.config import Config, ConfigError, ConfigFinder, LintConfig
    from okrcoach.formats import is_legacy, read_bytes, read_path, refused_result
    from okrcoach.gate import Refused, read_stream
    from okrcoach.i18n import msg
    from okrcoach.linting import lint_result
    from okrcoach.model import Level
    from okrcoach.rubric import Linter

    paths = args.paths or ["."]
    if paths.count("-") > 1:
        raise UsageError(msg("cli.stdin-twice"))
    finder = ConfigFinder()
    forced: dict[str, Optional[Config]] = {}

    def file_config(near: Optional[Path]) -> Optional[Config]:
        """The config file that applies at `near` (a file or folder; None: here)."""
        try:
            if args.isolated:
                return None
            if args.config:
                if "forced" not in forced:
                    config_path = Path(args.config)
                    if not config_path.is_file():
                        raise UsageError(msg("cli.config-not-found", path=args.config))
                    forced["forced"] = finder.load(config_path) or Config(source=config_path, lint=LintConfig(source=config_path))
                return forced["forced"]
            return finder.nearest(near if near is not None else Path.cwd())
        except ConfigError as exc:
            raise UsageError(exc.message) from exc

    def config_for(file: Optional[Path], per_file: bool = True) -> LintConfig:
        found = file_config(file)
        config = _with_cli_overrides(found.lint if found is not None else LintConfig(), args)
        return config.for_file(file) if per_file else config

    if args.show_settings:
        from okrcoach.renderers.lint_views import settings_data, settings_target, to_settings

        target = settings_target(paths) or Path(".")
        if not os.path.lexists(target):
            raise UsageError(msg("cli.no-such-path", path=str(target)))
        config = config_for(target, per_file=False)
        rubric = load_rubric(config.rubric_paths)
        try:
            data = settings_data(target.as_posix(), config, file_config(target), rubric, config.for_file(target))
        except ConfigError as exc:
            raise UsageError(exc.message) from exc
        from okrcoach.cli.words import cli_language

        sys.stdout.write(to_settings(data, "json" if args.format == "json" else "text", config.language or cli_language()))
        return EXIT_OK

    notes: list = []  # what the folders' walk left out, said once the files' language is known
    targets = discover(paths, args.input_format, config_for=lambda folder: config_for(folder / "."), respect_gitignore=args.respect_gitignore, force_exclude=args.force_exclude, notes=notes)
    if args.show_files:
        from okrcoach.renderers.lint_views import to_files

        sys.stdout.write(to_files([t.display for t in targets]))
        return EXIT_OK

    linters: dict[str, tuple[Linter, str]] = {}
    rubrics: dict[tuple[Path, ...], object] = {}

    def linter_for(config: LintConfig) -> tuple[Linter, str]:
        key = repr(config)
        if key not in linters:
            rubric = rubrics.get(config.rubric_paths) or load_rubric(config.rubric_paths)
            rubrics[config.rubric_paths] = rubric
            try:
                options = config.lint_options(rubric)  # type: ignore[arg-type]
            except ConfigError as exc:
                raise UsageError(exc.message) from exc
            linters[key] = (Linter(rubric, options), config.fail_level)  # type: ignore[arg-type]
        return linters[key]

    reports = []
    report_linters = []
    fail_levels = []
    for display, file, root, refused in targets:
        config = config_for(file)
        linter, fail_level = linter_for(config)
        if file is None:
            name = args.stdin_filename or "-"
            data = read_stream(sys.stdin.buffer)
            if isinstance(data, Refused):
                result = refused_result(name, args.input_format or format_of(name) or "yaml", data)
            else:
                result = read_bytes(data, name, args.input_format or format_of(name) or _sniffed(data), args.encoding)
        elif refused is not None:
            result = refused_result(display, args.input_format or format_of(display), refused)
        else:
            result = read_path(file, args.input_format, root=root, encoding=args.encoding)
            result.path = display
        report = lint_result(result, linter)
        if is_legacy(result.encoding) and not args.encoding:
            note_read_as(display, result.encoding, report.language)
        for index, finding in enumerate(report.findings):
            if finding.path != display and file is not None:
                report.findings[index] = finding.model_copy(update={"path": display})
        reports.append(report)
        report_linters.append(linter)
        fail_levels.append(Level(fail_level))

    if len(reports) > 1 or any(o.aligns_to for r in reports if r.okr_set for o in r.okr_set.objectives):
        from okrcoach.alignment import lint_collection, load_set  # alignment and check-in rules across the files

        lint_collection(reports, report_linters, load_set)

    if notes:
        said_in = _notes_language(args, reports)
        for note in notes:
            print(note(said_in), file=sys.stderr)
    if not reports:
        from okrcoach.cli.words import say

        print(say("no-okr-files-found"), file=sys.stderr)
        if _output_format(args) in ("text", "concise") and not args.statistics:
            from okrcoach.cli.common import EXIT_USAGE

            return EXIT_USAGE  # nothing was read: no "No findings" for a folder whose files were all left out

    output = _render(args, reports, next(iter(linters.values()))[0].rubric if linters else None)
    if args.output:
        try:
            Path(args.output).write_text(output, encoding="utf-8")
        except OSError as exc:
            raise UsageError(msg("cli.cannot-write", path=args.output, error=exc.strerror or str(exc))) from exc
    else:
        sys.stdout.write(output)
        sys.stdout.flush()

    if args.exit_zero:
        return EXIT_OK
    from okrcoach.linting import passes

    for report, fail_level in zip(reports, fail_levels):
        if not passes(report.findings, fail_level):
            return EXIT_FINDINGS
    return EXIT_OK


def _sniffed(data: bytes) -> str:
    from okrcoach.formats import sniff_format

    return sniff_format(data)


def _with_cli_overrides(config, args: argparse.Namespace):
    from dataclasses import replace

    changes = {}
    if args.select:
        changes["select"] = split_list(args.select)
    if args.extend_select:
        changes["extend_select"] = config.extend_select + split_list(args.extend_select)
    if args.ignore:
        changes["ignore"] = config.ignore + split_list(args.ignore)
    if args.fail_level:
        changes["fail_level"] = args.fail_level
    if args.language:
        changes["language"] = args.language
    if getattr(args, "extend_include", None):
        from okrcoach.config import Patterns

        changes["extend_include"] = config.extend_include + (Patterns(Path.cwd(), tuple(p for given in args.extend_include for p in split_list(given))),)
    if not changes:
        return config
    from okrcoach.config import COMMAND_LINE

    sources = {**config.sources, **{key.replace("_", "-"): COMMAND_LINE for key in changes}}
    return replace(config, **changes, sources=sources)


def _render(args: argparse.Namespace, reports, rubric) -> str:
    from okrcoach.renderers import findings as formats

    fmt = _output_format(args)
    language = _unsaid_language(args, reports)
    if not args.statistics:
        from okrcoach.rubric.findings import write_texts

        write_texts(finding for report in reports for finding in report.findings)  # every format prints them
    if args.statistics:
        from okrcoach.renderers.lint_views import to_statistics

        return to_statistics(reports, "json" if fmt == "json" else "text", language)
    if fmt == "concise":
        from okrcoach.renderers.lint_views import to_concise

        return to_concise(reports, quiet=args.quiet, language=language)
    if fmt == "json":
        return formats.to_json(reports)
    if fmt == "sarif":
        return formats.to_sarif(reports, rubric or load_rubric())
    if fmt == "github":
        return formats.to_github(reports, language)
    shown = [r for r in reports if r.findings] if args.quiet else reports
    colour = not args.output and colour_wanted(sys.stdout)
    return formats.to_text(shown, colour=colour, show_fix=not args.no_fix, file_count=len(reports), language=language)


def _unsaid_language(args: argparse.Namespace, reports) -> Optional[str]:
    """The language of a report whose files have none (no file found, or only files that could
    not be read in a known language): `--language`, else the config's; None when a file has one."""
    from okrcoach.renderers.report_words import language_of_report

    if any(language_of_report(report) for report in reports):
        return None
    from okrcoach.cli.words import cli_language

    return args.language or cli_language()


def _notes_language(args: argparse.Namespace, reports) -> str:
    """The language of notes on what was read: `--language`, else the language every file read
    speaks (a folder of Danish files hears its notes in Danish), else the command line's."""
    from okrcoach.cli.words import cli_language
    from okrcoach.renderers.report_words import language_of_report

    if args.language:
        return args.language
    spoken = {language_of_report(report) for report in reports} - {None}
    return spoken.pop() if len(spoken) == 1 else cli_language()


def _output_format(args: argparse.Namespace) -> str:
    """--format if given; else from the suffix of -o (json, sarif); else github under GitHub
    Actions when writing to standard output; else text."""
    if args.format:
        return args.format
    if args.output:
        name = args.output.lower()
        if name.endswith(".sarif") or name.endswith(".sarif.json"):
            return "sarif"
        if name.endswith(".json"):
            return "json"
        return "text"
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


# -- rules --------------------------------------------------------------------------------------


def _known_language(language: Optional[str]) -> Optional[str]:
    """`--lang` checked against the languages of the rubric in effect (bundled and `rubric-paths`)."""
    from okrcoach.i18n import msg
    from okrcoach.language_data import language_codes

    if language is not None and language not in language_codes():
        raise UsageError(msg("cli.unknown-language", language=language, choices=", ".join(language_codes())))
    return language


def _configured_language() -> Optional[str]:
    """The config's `language` when it names one other than English: `rules` and `rule` then
    speak it as if `--lang` had asked (English keeps the table of categories and languages)."""
    from okrcoach.cli.words import cli_language
    from okrcoach.language_data import language_codes

    language = cli_language()
    return language if language != "en" and language in language_codes() else None


def _rules(args: argparse.Namespace) -> int:
    rubric = configured_rubric()
    _known_language(args.language)
    rules = [r for r in rubric.rules if not args.category or r.category == args.category]
    if args.category and not rules:
        from okrcoach.i18n import msg

        categories = sorted({r.category for r in rubric.rules})
        raise UsageError(msg("cli.no-rules-in-category", category=repr(args.category), categories=", ".join(categories)))
    language = args.language
    if args.format == "json":  # a contract: the messages only when `--lang` asks for them
        data = []
        for r in rules:
            entry = {"code": r.code, "name": r.name, "level": r.level.value, "category": r.category, "target": r.target, "languages": r.languages, "status": r.status}
            if language:
                entry.update(message=r.template("message", language), fix=r.template("fix", language))
            data.append(entry)
        import json

        print(json.dumps({"version": 1, "rules": data}, ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max(len(r.name) for r in rules)
    from okrcoach.i18n import text

    language = language or _configured_language()
    if language:
        # One rule per line with its message in the language asked for (placeholders as written).
        from okrcoach.rubric.docs import one_line_template

        levels = {r.level.value: text("docs.level_value", language, level=r.level.value) for r in rules}
        level_width = max(7, *map(len, levels.values()))
        heading = [text(f"docs.heading_{key}", language) for key in ("code", "name")] + [text("docs.level", language), text("docs.heading_message", language, language=language)]
        print(f"{heading[0]:<7} {heading[1]:<{width}}  {heading[2]:<{level_width}}  {heading[3]}")
        for r in rules:
            print(f"{r.code:<7} {r.name:<{width}}  {levels[r.level.value]:<{level_width}}  {one_line_template(r, 'message', language)}")
    else:
        print(f"{'code':<7} {'name':<{width}}  {'level':<7}  {'category':<10}  languages")
        for r in rules:
            print(f"{r.code:<7} {r.name:<{width}}  {r.level.value:<7}  {r.category:<10}  {','.join(r.languages)}")
    print("\n" + text("docs.rules_footer", language or "en", count=len(rules)))
    return EXIT_OK


def _rule(args: argparse.Namespace) -> int:
    from okrcoach.rubric.docs import rule_as_data, rule_as_text

    rubric = configured_rubric()
    _known_language(args.language)
    rule = rubric.find(args.rule)
    if rule is None:
        from okrcoach.i18n import msg

        close = rubric.suggest(args.rule)
        hint = msg("cli.config.did-you-mean-rule", name=close) if close else msg("cli.config.list-rules")
        raise UsageError(msg("cli.unknown-rule", rule=repr(args.rule), hint=hint))
    if args.format == "json":
        import json

        print(json.dumps(rule_as_data(rule, args.language), ensure_ascii=False, indent=2, default=str))
    else:
        sys.stdout.write(rule_as_text(rule, args.language or _configured_language()))
    return EXIT_OK
