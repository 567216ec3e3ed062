"""The languages okrcoach speaks, read from the lexicon files, and blocks of their data on demand.

A language is one lexicon file, `rubrics/lexicons/<code>.yaml` (with its message catalogue
`rubrics/messages/<code>.yaml`): its `language:` code, its `name:` in the language itself and its
`english_name:`. A rubric folder named in the config (`rubric-paths`) may bring more lexicons in its
own `lexicons/` folder and catalogues in its `messages/` folder; `use_rubric_folders` makes them
known to the readers and the message catalogues.

Readers and value parsers need a little language data (month names, the labels people give
objectives, key results and fields) without loading the rubric engine or whole lexicons: a cold
`okrcoach lint` must not pay for them. So `section` cuts one top-level block (`months:`,
`reader:`) out of each language file and parses only that, once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from okrcoach.paths import bundled_dir

_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*:", re.M)
_EXTRA_FOLDERS: list[Path] = []  # rubric folders beside the bundled one, in the order named
_PARSED_SECTIONS: dict[Path, dict[str, dict[str, Any]]] = {}  # lexicon folder -> `parsed_sections` of its files
_DERIVED: list[Callable[[], None]] = []  # cache clearers of what is built from `section`


@dataclass(frozen=True)
class LanguageInfo:
    """One language: its code, its name in itself ("Dansk") and in English ("Danish")."""

    code: str
    name: str
    english_name: str


def _load(text: str) -> Any:
    """Parse a block of YAML (libyaml's loader when present); yaml is imported only when needed, so
    importing this module (the CLI does, for `--lang`) costs a cold start nothing."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _block(text: str, key: str) -> str:
    """The text of top-level `key:` up to the next top-level key (or the end of the file)."""
    m = re.search(rf"^{re.escape(key)}:", text, re.M)
    if not m:
        return ""
    following = _TOP_LEVEL_KEY.search(text, m.end())
    return text[m.start() : following.start() if following else len(text)]


def _scalar(text: str, key: str) -> str:
    """A one-line top-level scalar (`name: Dansk`), without parsing the file."""
    m = re.search(rf"^{re.escape(key)}:[ \t]*(.*?)[ \t]*$", text, re.M)
    if not m:
        return ""
    value = m.group(1)
    return str(_load(value) or "") if value else ""


def lexicon_folders(extra: Iterable[Path] = (), registered: bool = True) -> list[Path]:
    """The lexicon folders in effect: the bundled one, then those of the extra rubric folders."""
    folders = [bundled_dir("rubrics") / "lexicons"]
    for folder in (*(_EXTRA_FOLDERS if registered else ()), *extra):
        lexicons = Path(folder) / "lexicons"
        if lexicons.is_dir() and lexicons not in folders:
            folders.append(lexicons)
    return folders


def _lexicon_files(extra: Iterable[Path] = (), registered: bool = True) -> dict[str, Path]:
    """`{code: lexicon file}`; a later folder's file for a code replaces an earlier one's."""
    return _files_in(lexicon_folders(extra, registered))


def _files_in(folders: Iterable[Path]) -> dict[str, Path]:
    """`{code: lexicon file}` of these lexicon folders, English first; a later folder's file for a
    code replaces an earlier one's."""
    files: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            if path.stem != "common":
                files[path.stem] = path
    return dict(sorted(files.items(), key=lambda item: item[0] != "en"))  # English first


def available_languages(extra: Iterable[Path] = ()) -> dict[str, LanguageInfo]:
    """Every language with a lexicon, English first, then in file-name order: the bundled ones, those
    of the rubric folders made known with `use_rubric_folders`, and those of `extra` rubric folders."""
    return dict(_available(tuple(_EXTRA_FOLDERS), tuple(Path(p) for p in extra)))


def bundled_languages() -> dict[str, LanguageInfo]:
    """The languages okrcoach ships (its own data, such as the example library, covers each)."""
    return dict(_available(None, ()))


@lru_cache(maxsize=16)
def _available(registered: Optional[tuple[Path, ...]], extra: tuple[Path, ...]) -> tuple[tuple[str, LanguageInfo], ...]:
    found: dict[str, LanguageInfo] = {}
    for code, path in _lexicon_files(extra, registered is not None).items():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        code = _scalar(text, "language") or code
        name = _scalar(text, "name") or code
        found[code] = LanguageInfo(code, name, _scalar(text, "english_name") or name)
    return tuple(sorted(found.items(), key=lambda item: (item[0] != "en", item[0])))


def language_codes(extra: Iterable[Path] = ()) -> tuple[str, ...]:
    """The codes of `available_languages`, English first."""
    return tuple(available_languages(extra))


def language_options() -> list[tuple[str, str]]:
    """`(name in the language itself, code)` for each available language, for a select widget."""
    return [(info.name, code) for code, info in available_languages().items()]


def english_name(code: str) -> str:
    """A language's English name ("Danish"), the code itself when no lexicon has it."""
    info = available_languages().get(code)
    return info.english_name if info else code


def derived_from_sections(clear: Callable[[], None]) -> Callable[[], None]:
    """Register the cache clearer of something built from `section` (the reader's vocabulary, the
    month names), so that languages a rubric folder brings reach it too; returns `clear`."""
    if clear not in _DERIVED:
        _DERIVED.append(clear)
    return clear


class LanguageChoices:
    """argparse `choices=` for `--lang`: the available languages, read when a value is checked, so
    the list in `--help` and the check come from the lexicon files, not from code."""

    def __contains__(self, code: object) -> bool:
        return code in language_codes()

    def __iter__(self):
        return iter(language_codes())


def code_shape(value: str) -> str:
    """argparse `type=` for a `--lang` checked later against the rubric in effect (which a config's
    `rubric-paths` may extend): only the shape of a code here."""
    if not re.fullmatch(r"[a-z]{2,3}", value):
        import argparse

        raise argparse.ArgumentTypeError(f"`{value}` is not a language code; use one of {', '.join(language_codes())}")
    return value


def use_rubric_folders(folders: Iterable[Path]) -> None:
    """Make the lexicons and message catalogues of extra rubric folders known process-wide, so a
    reader accepts `language: nb` and findings speak Norwegian when a rubric folder brings `nb`."""
    added = [Path(f) for f in folders if Path(f) not in _EXTRA_FOLDERS and ((Path(f) / "lexicons").is_dir() or (Path(f) / "messages").is_dir())]
    if not added:
        return
    _EXTRA_FOLDERS.extend(added)
    section.cache_clear()
    for clear in _DERIVED:
        clear()
    from okrcoach import i18n

    i18n.use_catalogue_folders([f / "messages" for f in added if (f / "messages").is_dir()])


@cache
def section(key: str) -> dict[str, Any]:
    """`{language: value of key}` for every language that has the key."""
    if not _EXTRA_FOLDERS and _PARSED_SECTIONS:
        parsed = _PARSED_SECTIONS.get(bundled_dir("rubrics") / "lexicons") or {}
        if key in parsed:
            return parsed[key]
    return _section_of(_lexicon_files(), key)


def parsed_sections(lexicon_folder: Path, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """`section(key)` of each key as the lexicon files of `lexicon_folder` alone give it, for
    `use_parsed_sections`: the pre-built rubric stores the bundled folder's, so a lint that reads
    a field's name in any language (`okrcoach.formats.vocabulary`) parses no lexicon block."""
    files = _files_in([lexicon_folder])
    return {key: _section_of(files, key) for key in keys}


def use_parsed_sections(lexicon_folder: Path, parsed: dict[str, dict[str, Any]]) -> None:
    """Serve `section` from `parsed` (made by `parsed_sections` from the current files of
    `lexicon_folder`) while that folder is the only one in effect, instead of reading its files."""
    _PARSED_SECTIONS[lexicon_folder] = parsed


def _section_of(files: dict[str, Path], key: str) -> dict[str, Any]:
    """`{language: value of key}` from these lexicon files."""
    found: dict[str, Any] = {}
    for language, path in files.items():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        block = _block(text, key)
        if not block:
            continue
        data = _load(block) or {}
        if data.get(key) is not None:
            found[language] = data[key]
    return found


def placeholders(language: Optional[str]) -> dict[str, str]:
    """How a language writes what the user must fill in (`baseline`, `target`, `segment`), from its
    lexicon's `placeholders:`, English where it has none."""
    found = section("placeholders")
    return {**found.get("en", {}), **found.get(language or "en", {})}


def objective_heading(language: Optional[str]) -> str:
    """The word an objective's heading starts with in a language ("Mål 1: …"): the first of its
    lexicon's `reader.objective` words, capitalised; "Objective" when it has none."""
    words = (section("reader").get(language or "en") or {}).get("objective") or ["objective"]
    word = str(words[0]).rstrip("*")
    return word[:1].upper() + word[1:]


def language_labels() -> list[str]:
    """What people call the `language:` line in every language (`language`, `sprog`, `nyelv`)."""
    return [str(word) for data in section("reader").values() for word in (data or {}).get("language") or []]


@cache
def _numbers(language: str, registered: tuple[Path, ...]) -> dict[str, Any]:
    from okrcoach import i18n

    for folder in (*(f / "messages" for f in reversed(registered)), i18n.messages_dir()):
        try:
            text = (folder / f"{language}.yaml").read_text(encoding="utf-8")
        except OSError:
            continue
        block = _block(text, "numbers")
        return (_load(block) or {}).get("numbers") or {} if block else {}
    return {}


def decimal_mark(language: Optional[str]) -> Optional[str]:
    """The decimal mark of a language (`,` in Danish), from its catalogue's `numbers:` line, read
    without parsing the whole catalogue; None for a language without a catalogue."""
    if not language or not re.fullmatch(r"[a-z]{2,3}", language):
        return None
    return _numbers(language, tuple(_EXTRA_FOLDERS)).get("decimal")
