"""Per-language word lists and patterns, compiled once into one regex per class.

Lexicons are data files (`rubrics/lexicons/<lang>.yaml`, plus `common.yaml` shared by all);
this module only knows the entry syntax:

- `word`: the word plus the class's inflection suffix (`suffixes.verb` for `*_verbs` classes,
  `suffixes.noun` for `*_nouns`, none otherwise); in a phrase the suffix follows the first word;
- `word*`: any word starting with the stem (Finnish and Hungarian inflection);
- `=word`: exactly this word;
- pattern classes (`patterns:`) are regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

_WORD_EDGE_LEFT = r"(?<![\w])"
_WORD_EDGE_RIGHT = r"(?![\w])"


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


def _entry_regex(entry: str, suffix: str) -> str:
    entry = entry.strip().lower()
    if not entry:
        raise ValueError("empty entry")
    if entry.startswith("="):
        body, tail = entry[1:], ""
    elif entry.endswith("*"):
        body, tail = entry[:-1], r"[\w\-:%]*"
    else:
        body, tail = entry, suffix
    words = body.split()
    escaped = [re.escape(w) for w in words]
    if tail and len(escaped) > 1 and not entry.endswith("*"):
        escaped[0] += tail
        return r"\s+".join(escaped)
    return r"\s+".join(escaped) + tail


@dataclass
class Lexicon:
    """Compiled word classes and patterns for one language."""

    language: str
    name: str = ""
    head_window: int = 2
    subject_words: list[str] = field(default_factory=list)
    words: dict[str, list[str]] = field(default_factory=dict)
    regexes: dict[str, re.Pattern] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.regexes

    def search(self, name: str, text: str, start: int = 0) -> Optional[re.Match]:
        pattern = self.regexes.get(name)
        return pattern.search(text, start) if pattern else None

    def finditer(self, name: str, text: str):
        pattern = self.regexes.get(name)
        return pattern.finditer(text) if pattern else iter(())

    def match_at(self, name: str, text: str, pos: int) -> Optional[re.Match]:
        pattern = self.regexes.get(name)
        return pattern.match(text, pos) if pattern else None


def group(match: re.Match, name: str) -> Optional[str]:
    """The text of named group `name` in whichever pattern entry matched."""
    for key, value in match.groupdict().items():
        if value is not None and key.split("__")[0] == name:
            return value
    return None


def _suffix_for(class_name: str, suffixes: dict[str, str]) -> str:
    if class_name in suffixes:
        return suffixes[class_name]
    if class_name.endswith("_verbs"):
        return suffixes.get("verb", "")
    if class_name.endswith("_nouns"):
        return suffixes.get("noun", "")
    return ""


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a lexicon must be a mapping")
    return data


def compile_lexicon(data: dict, common: Optional[dict] = None, source: str = "lexicon") -> Lexicon:
    """Compile lexicon data (merged with the `common` patterns) into a Lexicon."""
    lexicon = Lexicon(
        language=str(data.get("language", "")),
        name=str(data.get("name", "")),
        head_window=int(data.get("head_window", 2)),
        subject_words=[str(w).lower() for w in data.get("subject_words", [])],
        messages={str(k): str(v) for k, v in (data.get("messages") or {}).items()},
    )
    suffixes = {str(k): str(v) for k, v in (data.get("suffixes") or {}).items()}
    classes: dict[str, list[str]] = {}
    for name, entries in (data.get("classes") or {}).items():
        classes[name] = [str(e) for e in entries or []]
    if "stopwords" in data:
        classes["stopwords"] = [f"={w}" for w in data["stopwords"]]
    if lexicon.subject_words:
        classes["subject_words"] = [f"={w}" for w in lexicon.subject_words]
    for name, entries in classes.items():
        suffix = _suffix_for(name, suffixes)
        parts = []
        for entry in entries:
            try:
                parts.append(_entry_regex(entry, suffix))
            except ValueError as exc:
                raise LexiconError(f"{source}: class {name}: entry {entry!r}: {exc}") from exc
        lexicon.words[name] = entries
        if parts:
            parts.sort(key=len, reverse=True)
            lexicon.regexes[name] = re.compile(_WORD_EDGE_LEFT + "(?:" + "|".join(parts) + ")" + _WORD_EDGE_RIGHT)
    patterns: dict[str, list[str]] = {}
    for source_data in (common or {}, data):
        for name, entries in (source_data.get("patterns") or {}).items():
            patterns.setdefault(name, []).extend(str(e) for e in entries or [])
    for name, entries in patterns.items():
        try:
            # Named groups may repeat across entries; number them so the alternation compiles.
            numbered = [re.sub(r"\(\?P<(\w+)>", rf"(?P<\1__{i}>", e) for i, e in enumerate(entries)]
            lexicon.regexes[name] = re.compile("|".join(f"(?:{e})" for e in numbered))
        except re.error as exc:
            raise LexiconError(f"{source}: pattern class {name}: {exc}") from exc
    return lexicon


def load_lexicons(directory: Path) -> dict[str, Lexicon]:
    """Load every `<lang>.yaml` in a directory, each merged with `common.yaml`.

    English verb classes are also added to every other language, because people mix English
    OKR verbs ("launch", "implement") into their own language.
    """
    common_path = directory / "common.yaml"
    common = _read(common_path) if common_path.exists() else {}
    raw = {p.stem: _read(p) for p in sorted(directory.glob("*.yaml")) if p.stem != "common"}
    english = raw.get("en") or {}
    english_suffix = (english.get("suffixes") or {}).get("verb", "")
    english_verbs = {
        name: [_entry_regex(str(entry), english_suffix) for entry in entries or []]
        for name, entries in (english.get("classes") or {}).items()
        if name in _ENGLISH_IN_EVERY_LANGUAGE
    }
    lexicons = {}
    for lang, data in raw.items():
        lexicon = compile_lexicon(data, common, str(directory / f"{lang}.yaml"))
        if lang != "en":
            for name, parts in english_verbs.items():
                if parts:
                    parts = sorted(parts, key=len, reverse=True)
                    lexicon.regexes[f"english_{name}"] = re.compile(_WORD_EDGE_LEFT + "(?:" + "|".join(parts) + ")" + _WORD_EDGE_RIGHT)
        lexicons[lang] = lexicon
    return lexicons


_ENGLISH_IN_EVERY_LANGUAGE = ("activity_verbs", "milestone_verbs", "outcome_verbs", "acquisition_verbs", "maintain_verbs")
