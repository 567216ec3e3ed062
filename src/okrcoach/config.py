"""Lint configuration: `[tool.okrcoach]` in pyproject.toml, `okrcoach.toml` or `.okrcoach.toml`.

The nearest file to the linted path wins (as in ruff); command-line options override it. Unknown
keys, rule codes, levels and languages are configuration errors with a close-match suggestion.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from okrcoach.model import LANGUAGES, Level
from okrcoach.rubric import DEFAULT_THRESHOLDS, LintOptions, Rubric

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10
    import tomli as tomllib

CONFIG_FILES = (".okrcoach.toml", "okrcoach.toml", "pyproject.toml")
KNOWN_KEYS = ("select", "ignore", "extend-select", "levels", "language", "fail-level", "thresholds", "rubric-paths", "llm")
# Tables that belong to other parts of okrcoach: accepted here, validated where they are used
# (`llm` by `okrcoach.settings`, for draft, improve, doctor, examples and the TUI).
OTHER_TABLES = ("llm",)
LEVEL_NAMES = tuple(level.value for level in Level)


class ConfigError(ValueError):
    """The configuration is invalid; the message says where and how to fix it."""


@dataclass(frozen=True)
class LintConfig:
    """Validated lint settings from one config file (or none) plus the command line."""

    source: Optional[Path] = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=dict)
    language: Optional[str] = None
    fail_level: str = "warning"
    thresholds: dict[str, int] = field(default_factory=dict)
    rubric_paths: tuple[Path, ...] = ()

    def lint_options(self, rubric: Rubric) -> LintOptions:
        """Resolve selectors against the rubric; unknown selectors are a ConfigError."""
        where = f" in {self.source}" if self.source else ""

        def codes(selectors: tuple[str, ...], key: str) -> set[str]:
            found: set[str] = set()
            for selector in selectors:
                rules = rubric.matching(selector)
                if not rules:
                    close = rubric.suggest(selector)
                    hint = f"; did you mean {close}?" if close else "; run `okrcoach rules` to list them"
                    raise ConfigError(f"unknown rule `{selector}` in {key}{where}{hint}")
                found |= {r.code for r in rules}
            return found

        if self.select:
            enabled = codes(self.select, "select")
        else:
            enabled = {r.code for r in rubric.rules if r.status != "deprecated"}
        enabled |= codes(self.extend_select, "extend-select")
        enabled -= codes(self.ignore, "ignore")
        levels: dict[str, Level] = {}
        for selector, level in self.levels.items():
            for code in codes((selector,), "levels"):
                levels[code] = Level(level)
        return LintOptions(enabled=frozenset(enabled), levels=levels, thresholds=dict(self.thresholds), language=self.language)


def _suggest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"; did you mean `{close[0]}`?" if close else f"; use one of: {', '.join(choices)}"


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"`{key}`{where} must be a list of rule codes or names, e.g. [\"OKR201\", \"activity-key-result\"]")
    return tuple(value)


def parse_config(data: dict[str, Any], source: Optional[Path] = None) -> LintConfig:
    """Validate a `[tool.okrcoach]` table (or the whole of an okrcoach.toml)."""
    where = f" in {source}" if source else ""
    normalised = {str(k).replace("_", "-"): v for k, v in data.items()}
    for key in normalised:
        if key not in KNOWN_KEYS:
            raise ConfigError(f"unknown key `{key}`{where}{_suggest(key, KNOWN_KEYS)}")
    for table in OTHER_TABLES:
        if table in normalised and not isinstance(normalised[table], dict):
            raise ConfigError(f"`{table}`{where} must be a table, e.g. [tool.okrcoach.{table}] in pyproject.toml or [{table}] in okrcoach.toml")
    levels = normalised.get("levels", {})
    if not isinstance(levels, dict):
        raise ConfigError(f"`levels`{where} must be a table of rule = \"error|warning|info\"")
    for rule, level in levels.items():
        if level not in LEVEL_NAMES:
            raise ConfigError(f"level `{level}` for {rule}{where} is not a level{_suggest(str(level), LEVEL_NAMES)}")
    fail_level = normalised.get("fail-level", "warning")
    if fail_level not in LEVEL_NAMES:
        raise ConfigError(f"fail-level `{fail_level}`{where} is not a level{_suggest(str(fail_level), LEVEL_NAMES)}")
    language = normalised.get("language")
    if language is not None and language not in LANGUAGES:
        raise ConfigError(f"language `{language}`{where} is not supported{_suggest(str(language), LANGUAGES)}")
    thresholds = normalised.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise ConfigError(f"`thresholds`{where} must be a table, e.g. max-key-results = 4")
    clean_thresholds = {}
    for key, value in thresholds.items():
        name = str(key).replace("_", "-")
        if name not in DEFAULT_THRESHOLDS:
            raise ConfigError(f"unknown threshold `{key}`{where}{_suggest(name, tuple(DEFAULT_THRESHOLDS))}")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"threshold `{key}`{where} must be a whole number ≥ 0")
        clean_thresholds[name] = value
    base = source.parent if source else Path.cwd()
    paths = _strings(normalised.get("rubric-paths", []), "rubric-paths", where)
    return LintConfig(
        source=source,
        select=_strings(normalised.get("select", []), "select", where),
        ignore=_strings(normalised.get("ignore", []), "ignore", where),
        extend_select=_strings(normalised.get("extend-select", []), "extend-select", where),
        levels={str(k): str(v) for k, v in levels.items()},
        language=language,
        fail_level=fail_level,
        thresholds=clean_thresholds,
        rubric_paths=tuple((base / p).resolve() for p in paths),
    )


def read_config_file(path: Path) -> Optional[LintConfig]:
    """Read one config file; a pyproject.toml without `[tool.okrcoach]` gives None."""
    from okrcoach.gate import Refused, read_text_file

    text = read_text_file(path)
    if isinstance(text, Refused):
        raise ConfigError(f"cannot read config {path}: {text.message}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("okrcoach")
        if table is None:
            return None
        return parse_config(table, path)
    return parse_config(data, path)


def find_config(start: Path) -> Optional[LintConfig]:
    """The nearest config at or above `start` (a file's folder or the working directory)."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for directory in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                config = read_config_file(candidate)
                if config is not None:
                    return config
    return None
