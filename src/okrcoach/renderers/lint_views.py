"""Lint outputs beside the full report, as ruff has them: concise lines, statistics per rule, the
resolved settings for a file (with where each value came from) and the files a run would read.

`--format concise` is one line per finding, `path:line:col: CODE [level] message`, which editors
and terminals make clickable and grep can filter. Its level token is a contract, `error`, `warning`
or `info` in every language (problem matchers read those words, as they do in ruff's and ESLint's
output); the message and the summary are in the file's language. `--statistics --format json` and
`--show-settings --format json` are versioned contracts (`"version": 1`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from okrcoach.renderers.report_words import level_words, report_language, summary_line
from okrcoach.terminal import dumps_json, printable

if TYPE_CHECKING:
    from okrcoach.config import Config, LintConfig
    from okrcoach.linting import FileReport
    from okrcoach.rubric import Rubric

VIEWS_JSON_VERSION = 1


def to_concise(reports: list["FileReport"], quiet: bool = False, language: Optional[str] = None) -> str:
    """One line per finding, `path:line:col: CODE [level] message`, then the summary (not with -q),
    in `language` (the config's) when no file has a language of its own."""
    lines = []
    for report in reports:
        for f in report.findings:
            text = printable(f"{f.path}:{f.line or 1}:1: {f.code} [{f.level.value}] {f.message}", single_line=True)
            lines.append(text)
    if not quiet:
        lines.append(summary_line(reports, fallback=language))
    return "\n".join(lines) + "\n" if lines else ""


def statistics(reports: list["FileReport"]) -> list[dict[str, Any]]:
    """Findings counted per rule, most frequent first (then by code)."""
    counts: Counter[str] = Counter()
    about: dict[str, tuple[str, str]] = {}
    files: dict[str, set[str]] = {}
    for report in reports:
        for f in report.findings:
            counts[f.code] += 1
            about[f.code] = (f.name, f.level.value)
            files.setdefault(f.code, set()).add(report.path)
    order = sorted(counts, key=lambda code: (-counts[code], code))
    return [{"code": code, "name": about[code][0], "level": about[code][1], "count": counts[code], "files": len(files[code])} for code in order]


def to_statistics(reports: list["FileReport"], fmt: str = "text", language: Optional[str] = None) -> str:
    """`--statistics`: a table of counts per rule (text), or the JSON contract; the summary in
    `language` (the config's) when no file has a language of its own."""
    rows = statistics(reports)
    if fmt == "json":
        return dumps_json({"version": VIEWS_JSON_VERSION, "statistics": rows, "files": len(reports)}) + "\n"
    if not rows:
        return summary_line(reports, fallback=language) + "\n"
    width = max(len(str(r["count"])) for r in rows)
    name_width = max(len(r["name"]) for r in rows)
    levels = level_words(report_language(reports, language))
    lines = [f"{r['count']:>{width}}  {r['code']:<7} {r['name']:<{name_width}}  {levels.get(r['level'], r['level'])}" for r in rows]
    lines.append(summary_line(reports, fallback=language))
    return printable("\n".join(lines)) + "\n"


def to_files(displays: list[str]) -> str:
    """`--show-files`: the files a run would read, one a line, in reading order."""
    return "".join(printable(d, single_line=True) + "\n" for d in displays)


def settings_data(path: str, config: "LintConfig", file_config: Optional["Config"], rubric: "Rubric", effective: Optional["LintConfig"] = None) -> dict[str, Any]:
    """The resolved settings for `path`: every lint key with its value and where it came from.

    `config` is the configuration as set (files and command line), `effective` the same with the
    `per-file-ignores` that match `path` applied: the rules listed are the ones that run there.
    """
    from okrcoach.config import matches

    effective = effective or config
    from okrcoach.config import COMMAND_LINE, DEFAULT, DEFAULT_EXCLUDE
    from okrcoach.rubric import DEFAULT_THRESHOLDS

    sources = config.sources

    def entry(key: str, value: Any) -> dict[str, Any]:
        return {"value": value, "source": sources.get(key, DEFAULT)}

    def patterns(p) -> list[str]:
        return list(p.patterns) if p is not None else []

    options = effective.lint_options(rubric)
    enabled = sorted(options.enabled or ())
    applying = [rule for p, rules in config.per_file_ignores if matches(p, Path(path)) for rule in rules]
    thresholds = {**DEFAULT_THRESHOLDS, **config.thresholds}
    lint = {
        "select": entry("select", list(config.select) or ["(all rules that are not deprecated)"]),
        "extend-select": entry("extend-select", list(config.extend_select)),
        "ignore": entry("ignore", list(config.ignore)),
        "per-file-ignores": entry("per-file-ignores", {p.patterns[0]: list(rules) for p, rules in config.per_file_ignores}),
        "per-file-ignores-here": {"value": applying, "source": sources.get("per-file-ignores", DEFAULT)},
        "levels": entry("levels", dict(config.levels)),
        "language": entry("language", config.language or "(the file's `language:`, else detected)"),
        "fail-level": entry("fail-level", config.fail_level),
        "thresholds": {"value": thresholds, "source": sources.get("thresholds", DEFAULT)},
        "rubric-paths": entry("rubric-paths", [str(p) for p in config.rubric_paths]),
    }
    files = {
        "exclude": entry("exclude", patterns(config.exclude) if config.exclude is not None else list(DEFAULT_EXCLUDE)),
        "extend-exclude": entry("extend-exclude", [p for pats in config.extend_exclude for p in pats.patterns]),
        "extend-include": entry("extend-include", [p for pats in config.extend_include for p in pats.patterns]),
        "respect-gitignore": entry("respect-gitignore", config.respect_gitignore),
    }
    llm = {}
    if file_config is not None:
        llm = {key: {"value": value, "source": file_config.llm_sources.get(key, str(file_config.source))} for key, value in file_config.llm.items()}
    chain = [str(p) for p in file_config.files] if file_config is not None else []
    return {
        "version": VIEWS_JSON_VERSION,
        "path": path,
        "config": str(config.source) if config.source else None,
        "user_config": _is_user_config(config.source),
        "config_files": chain,
        "files": files,
        "lint": lint,
        "llm": llm,
        "rules": {"enabled": enabled, "count": len(enabled)},
        "sources_legend": {DEFAULT: "built-in default", COMMAND_LINE: "an option on the command line"},
    }


def _is_user_config(source: Optional[Path]) -> bool:
    """Whether the config that applies is the user-level one (no project config was found)."""
    from okrcoach.config import user_config_path

    return source is not None and Path(source).resolve() == user_config_path().resolve()


def to_settings(data: dict[str, Any], fmt: str = "text", language: str = "en") -> str:
    """`--show-settings`: the settings as `key = value  # source` lines, in `language` (keys,
    values and paths as they are), or the JSON contract."""
    if fmt == "json":
        return dumps_json(data) + "\n"
    import json

    from okrcoach.config import COMMAND_LINE, DEFAULT
    from okrcoach.i18n import text

    def said(key: str, **params: Any) -> str:
        return text(f"cli.settings-{key}", language, **params)

    # The placeholders of the JSON contract, in words when shown to a person.
    shown_values = {"(all rules that are not deprecated)": said("all-rules"), "(the file's `language:`, else detected)": said("file-language")}
    sources = {DEFAULT: "default", COMMAND_LINE: "command-line"}

    def value_text(value: Any) -> str:
        if isinstance(value, str):
            value = shown_values.get(value, value)
        elif isinstance(value, list):
            value = [shown_values.get(item, item) if isinstance(item, str) else item for item in value]
        return json.dumps(value, ensure_ascii=False)

    lines = [said("for", path=data["path"])]
    if data["config"]:
        lines.append(said("config", path=data["config"]) + (said("extends", paths=", ".join(data["config_files"][:-1])) if len(data["config_files"]) > 1 else ""))
        if data.get("user_config"):
            lines.append(said("user-config"))
    else:
        lines.append(said("no-config"))
    for section in ("files", "lint", "llm"):
        lines.append("")
        lines.append(f"[{section}]")
        if not data[section]:
            lines.append(said("nothing-set"))
        for key, item in data[section].items():
            source = said("source", source=sources.get(item["source"], "file"), path=item["source"])
            lines.append(f"{key} = {value_text(item['value'])}  # {source}")
    lines.append("")
    lines.append(said("rules", count=data["rules"]["count"], codes=", ".join(data["rules"]["enabled"])))
    return printable("\n".join(lines)) + "\n"


def settings_target(paths: list[str]) -> Optional[Path]:
    """The file or folder `--show-settings` describes: the first path given (default: here)."""
    for raw in paths:
        if raw != "-":
            return Path(raw)
    return None
