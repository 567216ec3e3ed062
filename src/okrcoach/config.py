"""The one okrcoach configuration: `[tool.okrcoach]` in pyproject.toml, `okrcoach.toml` or
`.okrcoach.toml`, found once and read into one typed object (`Config`); with none of them in the
folder or above it, the user config (`config.toml` in the platform config folder, e.g.
~/.config/okrcoach/), as ruff falls back to its user-level config.

A config file has file-discovery keys at its top (`extend`, `exclude`, `extend-exclude`,
`respect-gitignore`), a `[lint]` section (also accepted at the top, as before) and an `[llm]`
section. The nearest file to the linted path wins (as in ruff); `extend = "../okrcoach.toml"` reads
another file first and lays this one over it, key by key; command-line options override both.
Paths and patterns are relative to the folder of the file that sets them. Unknown keys, rule codes,
levels and languages are configuration errors that name the file and suggest a close match.

Every resolved value remembers where it came from (a file, the command line, or the default), so
`okrcoach lint --show-settings` and `okrcoach doctor` can say why a value is what it is.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Optional

from okrcoach.i18n import Msg, SaidError, msg
from okrcoach.language_data import language_codes
from okrcoach.model import Level
from okrcoach.rubric import DEFAULT_THRESHOLDS, LintOptions, Rubric

CONFIG_FILES = (".okrcoach.toml", "okrcoach.toml", "pyproject.toml")
LINT_KEYS = ("select", "ignore", "extend-select", "levels", "language", "fail-level", "thresholds", "rubric-paths", "per-file-ignores")
FILE_KEYS = ("extend", "exclude", "extend-exclude", "extend-include", "respect-gitignore")
SECTIONS = ("lint", "llm")
KNOWN_KEYS = (*FILE_KEYS, *SECTIONS, *LINT_KEYS)
LLM_KEYS = ("model", "base-url", "api-key-env", "mode", "timeout", "retries", "repair-rounds", "repair-level", "temperature", "max-tokens", "api-version")
LEVEL_NAMES = tuple(level.value for level in Level)
# Folders never searched unless `exclude` replaces this list (as ruff's default `exclude`).
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache", "build", "dist")
DEFAULT = "default"
COMMAND_LINE = "command line"


class ConfigError(SaidError):
    """The configuration is invalid; the message (`cli.config.*` in the catalogues) says where and
    how to fix it."""


@dataclass(frozen=True)
class Patterns:
    """Gitignore-style patterns and the folder they are relative to (the file that set them)."""

    base: Path
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class LintConfig:
    """Validated lint settings from the config files (or none) plus the command line.

    `sources` maps each key that is not at its default to where it was set (a file or
    "command line"); `source` is the config file that applies (the nearest one).
    """

    source: Optional[Path] = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=dict)
    language: Optional[str] = None
    fail_level: str = "warning"
    thresholds: dict[str, int] = field(default_factory=dict)
    rubric_paths: tuple[Path, ...] = ()
    per_file_ignores: tuple[tuple[Patterns, tuple[str, ...]], ...] = ()
    exclude: Optional[Patterns] = None
    extend_exclude: tuple[Patterns, ...] = ()
    extend_include: tuple[Patterns, ...] = ()  # file names read beside *.okr.* (`*.md` for a Notion export)
    respect_gitignore: bool = True
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def lint_options(self, rubric: Rubric) -> LintOptions:
        """Resolve selectors against the rubric; unknown selectors are a ConfigError."""

        def codes(selectors: tuple[str, ...], key: str) -> set[str]:
            found: set[str] = set()
            origin = self.sources.get(key)
            where = msg("cli.config.from", origin=msg("cli.config.command-line") if origin == COMMAND_LINE else origin) if origin else ""
            for selector in selectors:
                rules = rubric.matching(selector)
                if not rules:
                    close = rubric.suggest(selector)
                    hint = msg("cli.config.did-you-mean-rule", name=close) if close else msg("cli.config.list-rules")
                    raise ConfigError(msg("cli.config.unknown-rule", selector=selector, key=key, where=where, hint=hint))
                found |= {r.code for r in rules}
            return found

        if self.select:
            enabled = codes(self.select, "select")
        else:
            enabled = {r.code for r in rubric.rules if r.status != "deprecated"}
        enabled |= codes(self.extend_select, "extend-select")
        enabled -= codes(self.ignore, "ignore")
        for _, rules in self.per_file_ignores:
            codes(rules, "per-file-ignores")
        levels: dict[str, Level] = {}
        named_by: dict[str, str] = {}  # a rule's code → the selector that names that one rule
        for selector, level in self.levels.items():
            found = codes((selector,), "levels")
            if len(found) == 1:
                (code,) = found
                if code in named_by:
                    self._level_set_twice(code, named_by[code], selector)
                named_by[code] = selector
            for code in found:
                levels[code] = Level(level)
        if self.language is not None and self.language not in rubric.lexicons:
            known = tuple(sorted(rubric.lexicons, key=lambda code: (code != "en", code)))
            raise ConfigError(msg("cli.config.unsupported-language", language=self.language, where="", hint=_suggest(self.language, known)))
        return LintOptions(enabled=frozenset(enabled), levels=levels, thresholds=dict(self.thresholds), language=self.language)

    def _level_set_twice(self, code: str, first: str, second: str) -> None:
        """One rule given two levels under `levels` (`OKR307` and `ambiguous-metric`): which one
        was meant is the user's to say, so neither silently wins."""
        origin = self.sources.get("levels")
        where = msg("cli.config.from", origin=msg("cli.config.command-line") if origin == COMMAND_LINE else origin) if origin else ""
        line = _line_of_key(Path(origin), second) if origin and origin != COMMAND_LINE else None
        raise ConfigError(msg("cli.config.level-set-twice", code=code, first=first, second=second, where=where, line=line or "none"))

    def for_file(self, path: Optional[Path]) -> "LintConfig":
        """This config with the `per-file-ignores` that match `path` added to `ignore`."""
        if path is None or not self.per_file_ignores:
            return self
        extra: list[str] = []
        for patterns, rules in self.per_file_ignores:
            if matches(patterns, path):
                extra += [r for r in rules if r not in extra]
        if not extra:
            return self
        return replace(self, ignore=self.ignore + tuple(extra))

    def included(self, path: Path) -> bool:
        """Whether directory discovery reads `path` though it is not named `*.okr.*`: `extend-include` names it."""
        return any(matches(p, path, False, parents=False) for p in self.extend_include)

    def excluded(self, path: Path, is_dir: bool) -> bool:
        """Whether directory discovery leaves `path` out (`exclude` or its default, `extend-exclude`)."""
        sets = [self.exclude] if self.exclude is not None else [Patterns(Path(path).parent, DEFAULT_EXCLUDE)]
        return any(matches(p, path, is_dir, parents=False) for p in (*sets, *self.extend_exclude))


@dataclass(frozen=True)
class Config:
    """Everything one config file (with what it extends) says: the lint section, the LLM section
    (validated names, raw values: `okrcoach.settings` types them) and where each value came from."""

    source: Optional[Path] = None
    lint: LintConfig = field(default_factory=LintConfig)
    llm: dict[str, Any] = field(default_factory=dict)
    llm_sources: dict[str, str] = field(default_factory=dict)
    files: tuple[Path, ...] = ()


def matches(patterns: Patterns, path: Path, is_dir: bool = False, parents: bool = True) -> bool:
    """Whether gitignore-style `patterns` (relative to their base folder) match `path`.

    A pattern without a slash matches a name at any depth (`drafts`, `*.tmp.okr.yaml`); one with
    a slash is anchored at the base folder (`team/old/*.okr.md`); a trailing slash matches folders
    only; `!` re-includes. A path outside the base folder matches only patterns without a slash.
    With `parents`, a matching folder between the base folder and the path matches what is inside
    it (a walk checks each folder itself on the way down, so it passes False).
    """
    from okrcoach.ignore import compile_patterns, decide, last_match

    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(os.path.abspath(patterns.base)).as_posix()
    except ValueError:
        relative = None
    compiled = compile_patterns(patterns.patterns)
    if relative is None or relative == ".":
        compiled = tuple(p for p in compiled if not p.anchored)
        relative = absolute.name
    return bool(decide(compiled, relative, is_dir) if parents else last_match(compiled, relative, is_dir))


# -- reading --------------------------------------------------------------------------------------


def _suggest(value: str, choices: tuple[str, ...] | list[str]) -> Msg:
    import difflib  # only a mistake in a config file needs it

    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return msg("cli.config.did-you-mean", name=close[0]) if close else msg("cli.config.use-one-of", choices=", ".join(choices))


def _in(path: Optional[Path]) -> "Msg | str":
    """` in FILE` after what a message names (nothing when no file set it)."""
    return msg("cli.config.in-file", path=str(path)) if path is not None else ""


def _strings(value: Any, key: str, where: "Msg | str", what: str = "rules") -> tuple[str, ...]:
    """A list of strings (or one string); `what` (rules, folders or patterns) names what it lists."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(msg("cli.config.not-a-list", key=key, where=where, what=what))
    return tuple(value)


def _normalised(table: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k).replace("_", "-"): v for k, v in table.items()}


@dataclass
class _Layer:
    """The keys one file sets (after what it extends), each with the file that set it."""

    values: dict[str, tuple[Any, Path]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _toml(path: Path) -> dict[str, Any]:
    from okrcoach.gate import Refused, read_text_file

    if sys.version_info >= (3, 11):
        import tomllib  # only a run that finds a config file reads TOML
    else:  # pragma: no cover - exercised on Python 3.10
        import tomli as tomllib

    text = read_text_file(path)
    if isinstance(text, Refused):
        raise ConfigError(msg("cli.config.cannot-read", path=str(path), problem=text.said))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(msg("cli.config.not-toml", path=str(path), error=toml_problem(str(exc)))) from exc


# The TOML reader's (tomllib's) messages okrcoach can say in every language, by selector; any
# other is quoted as the reader's words. Its position, `(at line 3, column 5)`, is read apart.
_TOML_PROBLEMS = {
    "Invalid statement": "statement",
    "Expected newline or end of document after a statement": "newline",
    "Expected '=' after a key in a key/value pair": "equals",
    "Invalid value": "value",
    "Unclosed array": "array",
    "Unclosed inline table": "inline-table",
    "Unterminated string": "string",
    "Cannot overwrite a value": "overwrite",
    "Invalid initial character for a key part": "key",
    "Expected ']' at the end of a table declaration": "table",
    "Invalid date or datetime": "date",
}
_TOML_AT = re.compile(r"^(?P<problem>.*?) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|(?P<end>end of document))\)$", re.S)


def toml_problem(error: str) -> Msg:
    """tomllib's message as `phrases.toml-error`: a known problem by selector, its position apart;
    the English renders the message as tomllib wrote it."""
    found = _TOML_AT.match(error)
    if found is None:
        return msg("phrases.toml-error", problem="other", detail=error, name="", where="none", line="", column="")
    problem = found["problem"]
    named = re.fullmatch(r"(Cannot declare (?P<twice>.+) twice|Illegal character (?P<illegal>.+)|Found invalid character (?P<invalid>.+))", problem, re.S)
    selector, name = _TOML_PROBLEMS.get(problem, "other"), ""
    if named is not None:
        selector, name = next((kind, named[group]) for kind, group in (("twice", "twice"), ("illegal", "illegal"), ("invalid-char", "invalid")) if named[group])
    where = "end" if found["end"] else "line"
    return msg("phrases.toml-error", problem=selector, detail=problem, name=name, where=where, line=found["line"] or "", column=found["column"] or "")


def _line_of_key(path: Path, key: str) -> Optional[int]:
    """The 1-based line of a config file where `key` is given a value (`key = …`, `"key" = …`),
    for errors about a value TOML itself accepted; None when the file cannot be read or the key
    is not found."""
    name = re.escape(key)
    pattern = re.compile(rf"""(?:^|[\s{{,])(?:{name}|"{name}"|'{name}')\s*=""")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, 1) if pattern.search(line)), None)


def _table_of(path: Path, data: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The okrcoach table of a file: `[tool.okrcoach]` of a pyproject.toml, else the whole file."""
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("okrcoach") if isinstance(data.get("tool"), dict) else None
        return table if isinstance(table, dict) else None
    return data


def _read_layer(path: Path, chain: tuple[Path, ...] = ()) -> Optional[_Layer]:
    """The keys of one file as `section.key` (`lint.select`, `llm.model`, `exclude`), with what
    it `extend`s read first and laid under it."""
    resolved = path.resolve()
    if resolved in chain:
        loop = " → ".join(str(p) for p in (*chain, resolved))
        raise ConfigError(msg("cli.config.extend-circle", loop=loop))
    table = _table_of(path, _toml(path))
    if table is None:
        return None
    return _layer_from_table(table, path, (*chain, resolved))


def _layer_from_table(table: dict[str, Any], path: Path, chain: tuple[Path, ...] = ()) -> _Layer:
    """The layer of one okrcoach table read from `path`."""
    where = _in(path)
    table = _normalised(table)
    own: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            raise ConfigError(msg("cli.config.unknown-key", key=key, where=where, hint=_suggest(key, KNOWN_KEYS)))
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(msg("cli.config.not-a-section", key=key, where=where))
            for inner, inner_value in _normalised(value).items():
                known = LINT_KEYS if key == "lint" else LLM_KEYS
                if key == "llm" and inner in ("api-key", "key"):
                    raise ConfigError(msg("cli.config.api-key", path=str(path)))
                if inner not in known:
                    raise ConfigError(msg("cli.config.unknown-section-key", key=inner, section=key, where=where, hint=_suggest(inner, known)))
                name = f"{key}.{inner}"
                if name in own:
                    raise ConfigError(msg("cli.config.set-twice", key=inner, where=where))
                own[name] = inner_value
        elif key in LINT_KEYS:
            name = f"lint.{key}"
            if name in own:
                raise ConfigError(msg("cli.config.set-twice", key=key, where=where))
            own[name] = value
        else:
            own[key] = value
    layer = _Layer()
    extend = own.pop("extend", None)
    if extend is not None:
        if not isinstance(extend, str):
            raise ConfigError(msg("cli.config.extend-not-a-path", where=where))
        base_path = (path.parent / Path(extend).expanduser()).resolve()
        if not base_path.is_file():
            raise ConfigError(msg("cli.config.extend-missing", extend=extend, where=where, path=str(base_path)))
        base = _read_layer(base_path, chain)
        if base is None:
            raise ConfigError(msg("cli.config.extend-no-table", extend=extend, where=where, path=str(base_path)))
        layer = base
    for name, value in own.items():
        layer.values[name] = (value, path)
    layer.files.append(path)
    return layer


def _build(layer: _Layer, source: Optional[Path]) -> Config:
    """Validate a layer's values into a `Config`."""
    values = layer.values

    def get(name: str, default: Any = None) -> Any:
        return values[name][0] if name in values else default

    def where(name: str) -> "Msg | str":
        return _in(values[name][1] if name in values else None)

    def folder(name: str) -> Path:
        return values[name][1].parent.resolve() if name in values else Path.cwd()

    levels = get("lint.levels", {})
    if not isinstance(levels, dict):
        raise ConfigError(msg("cli.config.levels-not-a-table", where=where("lint.levels")))
    for rule, level in levels.items():
        if level not in LEVEL_NAMES:
            raise ConfigError(msg("cli.config.not-a-level", level=str(level), rule=str(rule), where=where("lint.levels"), hint=_suggest(str(level), LEVEL_NAMES)))
    fail_level = get("lint.fail-level", "warning")
    if fail_level not in LEVEL_NAMES:
        raise ConfigError(msg("cli.config.fail-level", level=str(fail_level), where=where("lint.fail-level"), hint=_suggest(str(fail_level), LEVEL_NAMES)))
    language = get("lint.language")
    thresholds = get("lint.thresholds", {})
    if not isinstance(thresholds, dict):
        raise ConfigError(msg("cli.config.thresholds-not-a-table", where=where("lint.thresholds")))
    clean_thresholds = {}
    for key, value in thresholds.items():
        name = str(key).replace("_", "-")
        if name not in DEFAULT_THRESHOLDS:
            raise ConfigError(msg("cli.config.unknown-threshold", key=str(key), where=where("lint.thresholds"), hint=_suggest(name, tuple(DEFAULT_THRESHOLDS))))
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(msg("cli.config.threshold-not-a-count", key=str(key), where=where("lint.thresholds")))
        clean_thresholds[name] = value
    paths = _strings(get("lint.rubric-paths", []), "rubric-paths", where("lint.rubric-paths"), "folders")
    rubric_paths = tuple((folder("lint.rubric-paths") / p).resolve() for p in paths)
    known = language_codes(rubric_paths)  # a rubric folder may bring languages
    if language is not None and language not in known:
        raise ConfigError(msg("cli.config.unsupported-language", language=str(language), where=where("lint.language"), hint=_suggest(str(language), known)))
    per_file = get("lint.per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(msg("cli.config.per-file-ignores-not-a-table", where=where("lint.per-file-ignores")))
    per_file_ignores = tuple(
        (Patterns(folder("lint.per-file-ignores"), (str(pattern),)), _strings(rules, f'per-file-ignores."{pattern}"', where("lint.per-file-ignores"))) for pattern, rules in per_file.items()
    )
    exclude = None
    if "exclude" in values:
        exclude = Patterns(folder("exclude"), _strings(get("exclude"), "exclude", where("exclude"), "patterns"))
    extend_exclude = ()
    if "extend-exclude" in values:
        extend_exclude = (Patterns(folder("extend-exclude"), _strings(get("extend-exclude"), "extend-exclude", where("extend-exclude"), "patterns")),)
    extend_include = ()
    if "extend-include" in values:
        extend_include = (Patterns(folder("extend-include"), _strings(get("extend-include"), "extend-include", where("extend-include"), "patterns")),)
    respect = get("respect-gitignore", True)
    if not isinstance(respect, bool):
        raise ConfigError(msg("cli.config.not-true-or-false", key="respect-gitignore", where=where("respect-gitignore")))
    sources = {name.split(".", 1)[1] if name.startswith("lint.") else name: str(origin) for name, (_, origin) in values.items() if not name.startswith("llm.")}
    lint = LintConfig(
        source=source,
        select=_strings(get("lint.select", []), "select", where("lint.select")),
        ignore=_strings(get("lint.ignore", []), "ignore", where("lint.ignore")),
        extend_select=_strings(get("lint.extend-select", []), "extend-select", where("lint.extend-select")),
        levels={str(k): str(v) for k, v in levels.items()},
        language=language,
        fail_level=fail_level,
        thresholds=clean_thresholds,
        rubric_paths=rubric_paths,
        per_file_ignores=per_file_ignores,
        exclude=exclude,
        extend_exclude=extend_exclude,
        extend_include=extend_include,
        respect_gitignore=respect,
        sources=sources,
    )
    llm = {name[4:]: value for name, (value, _) in values.items() if name.startswith("llm.")}
    llm_sources = {name[4:]: str(origin) for name, (_, origin) in values.items() if name.startswith("llm.")}
    return Config(source=source, lint=lint, llm=llm, llm_sources=llm_sources, files=tuple(layer.files))


def parse_config(data: dict[str, Any], source: Optional[Path] = None) -> LintConfig:
    """Validate an okrcoach table given as data (`[tool.okrcoach]`, or a whole okrcoach.toml)."""
    return _build(_layer_from_table(data, source or Path.cwd() / "okrcoach.toml"), source).lint


def load_config(path: Path) -> Optional[Config]:
    """Read one config file (and what it extends); a pyproject.toml without `[tool.okrcoach]` gives None."""
    layer = _read_layer(Path(path))
    if layer is None:
        return None
    return _build(layer, Path(path))


def read_config_file(path: Path) -> Optional[LintConfig]:
    """The lint section of one config file; None for a pyproject.toml without `[tool.okrcoach]`."""
    config = load_config(path)
    return config.lint if config is not None else None


class ConfigFinder:
    """Finds the nearest config for many paths, reading each file once per run."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, Optional[Config]] = {}
        self._by_file: dict[Path, Optional[Config]] = {}

    def load(self, path: Path) -> Optional[Config]:
        key = Path(path).resolve()
        if key not in self._by_file:
            self._by_file[key] = load_config(path)
        return self._by_file[key]

    def nearest(self, start: Path) -> Optional[Config]:
        """The nearest config at or above `start` (a file's folder, or a folder)."""
        folder = Path(start)
        folder = (folder if folder.is_dir() else folder.parent).resolve()
        walked: list[Path] = []
        found: Optional[Config] = None
        for directory in (folder, *folder.parents):
            if directory in self._by_folder:
                found = self._by_folder[directory]
                break
            walked.append(directory)
            hit = False
            for name in CONFIG_FILES:
                candidate = directory / name
                if candidate.is_file():
                    config = self.load(candidate)
                    if config is not None:
                        found, hit = config, True
                        break
            if hit:
                break
        else:
            found = self.user()  # no project config up to the root: the user's own, as in ruff
        for directory in walked:
            self._by_folder[directory] = found
        return found

    def user(self) -> Optional[Config]:
        """The user-level config (`config.toml` in the platform config folder), or None."""
        path = user_config_path()
        return self.load(path) if path.is_file() else None


def user_config_path() -> Path:
    """The user-level config file: `config.toml` in the platform config folder
    (~/.config/okrcoach/ on Linux, `$XDG_CONFIG_HOME` honoured)."""
    from platformdirs import user_config_path as platform_config

    return platform_config("okrcoach", appauthor=False) / "config.toml"


def discover_config(start: Path) -> Optional[Config]:
    """The nearest config at or above `start` (a file's folder or the working directory)."""
    return ConfigFinder().nearest(start)


def stated_language(start: Path) -> Optional[str]:
    """The `language` the nearest config file states (at its top or in `[lint]`), read without
    checking the rest of it: the language to say that file's own errors in. None when the file
    states none, or no language okrcoach has, or cannot be read as TOML at all."""
    folder = Path(start).resolve()
    candidates = [folder / name for directory in (folder, *folder.parents) for name in CONFIG_FILES]
    for path in [*candidates, user_config_path()]:
        if not path.is_file():
            continue
        try:
            table = _table_of(path, _toml(path))
        except ConfigError:
            return _language_line(path)
        except OSError:
            return None
        if table is None:
            continue
        table = _normalised(table)
        lint = table.get("lint")
        language = table.get("language") or (_normalised(lint).get("language") if isinstance(lint, dict) else None)
        return language if isinstance(language, str) and language in language_codes() else None
    return None


def _language_line(path: Path) -> Optional[str]:
    """The language a config that is not valid TOML states on a `language = "da"` line (in a
    pyproject.toml, after `[tool.okrcoach`): the language to say why it cannot be read in."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if path.name == "pyproject.toml":
        start = text.find("[tool.okrcoach")
        if start < 0:
            return None
        text = text[start:]
    found = re.search(r"^[ \t]*language[ \t]*=[ \t]*[\"']([A-Za-z]{2,3})[\"']", text, re.M)
    language = found.group(1).lower() if found else None
    return language if language in language_codes() else None


def find_config(start: Path) -> Optional[LintConfig]:
    """The lint section of the nearest config at or above `start`."""
    config = discover_config(start)
    return config.lint if config is not None else None
