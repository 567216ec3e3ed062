"""Texts in the reader's language: templates held as data, filled with parameters.

Every text okrcoach writes into a finding (a rule's message and fix, a reader's complaint about a
file, the pieces those embed) and every word of a workshop handout is a template, looked up by key
in the catalogue of the file's language, `rubrics/messages/<lang>.yaml`, and filled with
parameters. English is the source: a rule's English message, fix and why stay in its rule file;
every other English template is in `rubrics/messages/en.yaml`; each other catalogue translates them
key for key. A catalogue is read the first time a text in its language is needed, so linting an
English file never reads the Danish catalogue.

Template syntax, a small subset of ICU MessageFormat:

    {name}                                  the parameter's value
    {name, number}                          a number written the language's way (1,234.5 / 1.234,5)
    {name, plural, one {…} other {…}}       a branch chosen by a count; `#` in it is the count,
                                            `=0 {…}` matches one exact number
    {name, select, a {…} b {…} other {…}}   a branch chosen by the parameter's value

A brace that does not open a parameter (`{date: 2027-02-01, value: 42}`) is literal text. A
parameter may itself be a `Msg`, rendered in the same language first. A parameter the caller did
not give is left as `{name}`, visible, rather than failing a lint.

This module sits at the bottom of the layers beside `okrcoach.model`: readers and the rubric both
use it, and it imports neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Union

import yaml

# libyaml's C loader when present: catalogues are trusted data.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SOURCE_LANGUAGE = "en"
SECTIONS = ("rules", "issues", "phrases", "handout", "docs", "progress", "report", "tui", "cli")


class TemplateError(ValueError):
    """A template is malformed; the message says where."""


@dataclass(frozen=True)
class Msg:
    """A text to render later, in whatever language the reader needs: a catalogue key and its parameters."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def args(self) -> dict[str, Any]:
        return dict(self.params)

    def render(self, language: str) -> str:
        return text(self.key, language, **self.args)


def msg(key: str, /, **params: Any) -> Msg:
    """`Msg(key, params)` with the parameters as keywords: `msg("phrases.no-such-file", name=…)`."""
    return Msg(key, tuple(params.items()))


# -- catalogues ---------------------------------------------------------------------------------


@dataclass
class Catalog:
    """One language's templates by flat key (`rules.OKR303.message`, `issues.yaml-syntax.fix`)."""

    language: str
    name: str = ""
    entries: dict[str, str] = field(default_factory=dict)
    group: str = ","
    decimal: str = "."
    plural_one: frozenset = frozenset({1})


@lru_cache(maxsize=1)
def messages_dir() -> Path:
    """The bundled catalogue folder, `rubrics/messages/`."""
    from okrcoach.paths import bundled_dir

    return bundled_dir("rubrics") / "messages"


def _flatten(prefix: str, value: Any, out: dict[str, str], source: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), item, out, source)
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        out[prefix] = str(value)
    else:
        raise TemplateError(f"{source}: `{prefix}` must be text or a mapping of texts")


def load_catalog(path: Path) -> Catalog:
    """Read one catalogue file; a malformed file raises TemplateError naming it."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"{path}: cannot read the message catalogue: {exc}") from exc
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: a message catalogue is a mapping")
    numbers = data.get("numbers") or {}
    plural = data.get("plural") or {}
    entries: dict[str, str] = {}
    for section in SECTIONS:
        if section in data:
            _flatten(section, data[section], entries, str(path))
    unknown = set(data) - {"language", "name", "numbers", "plural", *SECTIONS}
    if unknown:
        raise TemplateError(f"{path}: unknown sections {sorted(unknown)}; use {', '.join(SECTIONS)}")
    return Catalog(
        language=str(data.get("language") or path.stem),
        name=str(data.get("name") or ""),
        entries=entries,
        group=str(numbers.get("group", ",")),
        decimal=str(numbers.get("decimal", ".")),
        plural_one=frozenset(plural.get("one", [1])),
    )


_CATALOGS: dict[tuple[Optional[str], str], Optional[Catalog]] = {}
_PARSED: dict[Path, dict[str, bytes]] = {}  # catalogues already parsed, pickled, by folder (the pre-built rubric's)
_EXTRA_FOLDERS: list[Path] = []  # `messages/` folders of extra rubric folders, searched before the bundled one


def use_catalogue_folders(folders: list[Path]) -> None:
    """Search these catalogue folders (a custom rubric's `messages/`) before the bundled one: a
    rubric folder that brings a language brings its catalogue too."""
    for folder in folders:
        if folder not in _EXTRA_FOLDERS:
            _EXTRA_FOLDERS.insert(0, folder)
            for language in [lang for (where, lang) in _CATALOGS if where is None]:
                if (folder / f"{language}.yaml").is_file():
                    del _CATALOGS[(None, language)]


def catalog(language: str, directory: Optional[Path] = None) -> Optional[Catalog]:
    """The catalogue of `language` (None when there is none), read once per process."""
    key = (str(directory) if directory else None, language)
    try:
        return _CATALOGS[key]
    except KeyError:
        folders = [directory] if directory else [*_EXTRA_FOLDERS, messages_dir()]
        path = next((f / f"{language}.yaml" for f in folders if (f / f"{language}.yaml").is_file()), None)
        found = None
        if re.fullmatch(r"[a-z]{2,3}", language or "") and path is not None:
            parsed = _PARSED.get(path.parent, {}).get(language)
            if parsed is not None:
                import pickle

                found = pickle.loads(parsed)
            else:
                found = load_catalog(path)
        _CATALOGS[key] = found
        return found


def parsed_catalogs(folder: Path) -> dict[str, bytes]:
    """Every catalogue of a folder, parsed and pickled, for `use_parsed_catalogs` (the pre-built
    rubric stores the bundled ones, so a run does not parse their YAML again)."""
    import pickle

    return {path.stem: pickle.dumps(load_catalog(path), protocol=pickle.HIGHEST_PROTOCOL) for path in sorted(folder.glob("*.yaml"))}


def use_parsed_catalogs(folder: Path, parsed: dict[str, bytes]) -> None:
    """Serve the catalogues of `folder` from `parsed` (made by `parsed_catalogs` from its current
    files) instead of reading them."""
    _PARSED[folder] = parsed


def languages(directory: Optional[Path] = None) -> list[str]:
    """Languages that have a catalogue."""
    folders = [directory] if directory else [*_EXTRA_FOLDERS, messages_dir()]
    return sorted({p.stem for folder in folders for p in folder.glob("*.yaml")})


def translation(key: str, language: str) -> Optional[str]:
    """The template of `key` in `language` itself, without falling back to English."""
    found = catalog(language)
    return found.entries.get(key) if found else None


def template(key: str, language: str) -> Optional[str]:
    """The template of `key` in `language`, else in English, else None."""
    return translation(key, language) or (translation(key, SOURCE_LANGUAGE) if language != SOURCE_LANGUAGE else None)


def text(key: str, language: str, /, **params: Any) -> str:
    """The text of `key` in `language` (English when untranslated), filled with `params`.

    An unknown key renders as the key itself, so a missing template shows up in the output (and
    fails the catalogue tests) instead of failing the lint.
    """
    found = template(key, language)
    return render(found, params, language) if found is not None else key


# -- templates ----------------------------------------------------------------------------------

_ARG = re.compile(r"\{\s*([A-Za-z_]\w*)\s*(?:(\})|,\s*(number|plural|select)\s*(\}|,))")
_BRANCH = re.compile(r"\s*(=\d+|[A-Za-z_][\w-]*)\s*\{")
_TEMPLATES: dict[str, list] = {}  # templates already parsed, by source


def parse(source: str) -> list:
    """A template as nodes: literal text, `("arg", name)`, `("number", name)`, `("count",)`,
    `("plural"|"select", name, {selector: nodes})`. Raises TemplateError when malformed."""
    nodes = _TEMPLATES.get(source)
    if nodes is None:
        nodes, _ = _parse(source, 0, None, False)
        _TEMPLATES[source] = nodes
    return nodes


def _parse(source: str, pos: int, counting: Optional[str], nested: bool) -> tuple[list, int]:
    nodes: list = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            nodes.append("".join(buffer))
            buffer.clear()

    while pos < len(source):
        char = source[pos]
        if char == "{":
            m = _ARG.match(source, pos)
            if m is None:
                buffer.append(char)  # a literal brace: `{date: 2027-02-01}`
                pos += 1
                continue
            flush()
            name, kind = m.group(1), m.group(3)
            pos = m.end()
            if m.group(2):
                nodes.append(("arg", name))
                continue
            if kind == "number":
                if m.group(4) != "}":
                    raise TemplateError(f"`{{{name}, number}}` takes no branches: {source!r}")
                nodes.append(("number", name))
                continue
            if m.group(4) != ",":
                raise TemplateError(f"`{{{name}, {kind}, …}}` needs branches: {source!r}")
            branches: dict[str, list] = {}
            while True:
                while pos < len(source) and source[pos].isspace():
                    pos += 1
                if pos >= len(source):
                    raise TemplateError(f"`{{{name}, {kind}, …}}` is not closed: {source!r}")
                if source[pos] == "}":
                    pos += 1
                    break
                b = _BRANCH.match(source, pos)
                if b is None:
                    raise TemplateError(f"expected a branch such as `other {{…}}` in `{{{name}, {kind}, …}}` at {source[pos : pos + 20]!r}")
                if b.group(1).startswith("=") and kind != "plural":
                    raise TemplateError(f"`{b.group(1)}` works in plural, not select: {source!r}")
                branches[b.group(1)], pos = _parse(source, b.end(), name if kind == "plural" else counting, True)
            if "other" not in branches:
                raise TemplateError(f"`{{{name}, {kind}, …}}` needs an `other {{…}}` branch: {source!r}")
            nodes.append((kind, name, branches))
            continue
        if char == "}" and nested:
            flush()
            return nodes, pos + 1
        if char == "#" and counting is not None:
            flush()
            nodes.append(("count", counting))
            pos += 1
            continue
        buffer.append(char)
        pos += 1
    if nested:
        raise TemplateError(f"a branch is not closed: {source!r}")
    flush()
    return nodes, pos


def placeholders(source: str) -> set[str]:
    """The parameter names a template uses."""
    names: set[str] = set()

    def walk(nodes: list) -> None:
        for node in nodes:
            if isinstance(node, tuple) and node[0] != "count":
                names.add(node[1])
                if node[0] in ("plural", "select"):
                    for branch in node[2].values():
                        walk(branch)

    walk(parse(source))
    return names


def branches(source: str) -> dict[str, set[str]]:
    """For each plural or select parameter of a template, the selectors of its branches."""
    found: dict[str, set[str]] = {}

    def walk(nodes: list) -> None:
        for node in nodes:
            if isinstance(node, tuple) and node[0] in ("plural", "select"):
                found.setdefault(node[1], set()).update(node[2])
                for branch in node[2].values():
                    walk(branch)

    walk(parse(source))
    return found


def render(source: str, params: Mapping[str, Any], language: str) -> str:
    """Fill a template with `params` in `language` (its numbers, plural forms and nested texts)."""
    return _render(parse(source), params, _Numbers(language), language, {})


def renderer(source: str, language: str) -> Callable[[Mapping[str, Any]], str]:
    """`render` of one template in one language as a function of its params, for filling it many
    times (a report's findings): parsed once, the language's conventions looked up once, and a
    template without placeholders is its text."""
    nodes = parse(source)
    if all(type(node) is str for node in nodes):
        text = "".join(nodes)
        return lambda params: text
    numbers = _Numbers(language)
    return lambda params: _render(nodes, params, numbers, language, {})


class _Numbers:
    """The language's number and plural conventions, looked up only if a template needs them
    (most messages have none, and an English lint then reads no catalogue at all)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._catalog: Optional[Catalog] = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = catalog(self.language) or catalog(SOURCE_LANGUAGE) or Catalog(SOURCE_LANGUAGE)
        return self._catalog


def _render(nodes: list, params: Mapping[str, Any], numbers: "_Numbers", language: str, counts: dict[str, Any]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        kind = node[0]
        if kind == "count":
            out.append(_number(counts.get(node[1], params.get(node[1], "#")), numbers.catalog))
            continue
        name = node[1]
        if name not in params:
            out.append("{" + name + "}")
            continue
        value = params[name]
        if kind == "arg":
            out.append(value if isinstance(value, str) else value_text(value, language, numbers.catalog if isinstance(value, float) else None))
        elif kind == "number":
            out.append(_number(value, numbers.catalog))
        elif kind == "plural":
            options = node[2]
            exact = f"={value}"
            if exact in options:
                chosen = options[exact]
            elif "one" in options and _is_one(value, numbers.catalog):
                chosen = options["one"]
            else:
                chosen = options["other"]
            out.append(_render(chosen, params, numbers, language, {**counts, name: value}))
        else:
            options = node[2]
            chosen = options.get(str(value.key if isinstance(value, Msg) else value), options["other"])
            out.append(_render(chosen, params, numbers, language, counts))
    return "".join(out)


def _is_one(value: Any, cat: Catalog) -> bool:
    try:
        return float(value) in {float(n) for n in cat.plural_one}
    except (TypeError, ValueError):
        return False


def _number(value: Any, cat: Catalog) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    written = format(value, ",") if isinstance(value, int) else format(value, ",.10g") if abs(value) >= 1000 else format(value, ".10g")
    return written.translate({ord(","): cat.group, ord("."): cat.decimal})


def value_text(value: Any, language: str, cat: Optional[Catalog] = None) -> str:
    """A parameter as text: a `Msg` rendered in `language`, a decimal with the language's mark."""
    if isinstance(value, Msg):
        return value.render(language)
    if isinstance(value, float):
        return _number(value, cat or catalog(language) or Catalog(language))
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(item, language, cat) for item in value)
    return str(value)


LocalisedText = Union[str, Msg]


def resolve(value: Optional[LocalisedText], language: str) -> Optional[str]:
    """A plain string as it is, a `Msg` rendered in `language`."""
    return value.render(language) if isinstance(value, Msg) else value


class SaidError(ValueError):
    """An error whose `message` is a catalogue text (`Msg`), said in the reader's language where it
    is shown, or plain text; `str()` is the English."""

    def __init__(self, message: LocalisedText) -> None:
        self.message = message
        super().__init__(resolve(message, SOURCE_LANGUAGE))


def os_problem(exc: OSError, detail: Optional[str] = None) -> Msg:
    """What the operating system said about a file (`phrases.os-error`), named by its error
    (`ENOENT`, `EACCES`, …) so each language can say it in its own words; in English, and for an
    error no catalogue names, it is the system's own text (`detail`, default `exc.strerror`),
    which the other languages quote as the system's words."""
    import errno

    return msg("phrases.os-error", name=errno.errorcode.get(exc.errno or 0, "other"), detail=detail if detail is not None else (exc.strerror or str(exc)))
