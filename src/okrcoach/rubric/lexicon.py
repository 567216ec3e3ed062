"""Per-language word lists and patterns, compiled once into one regex per class.

Lexicons are data files (`rubrics/lexicons/<lang>.yaml`, plus `common.yaml` shared by all);
this module only knows the entry syntax:

- `word`: the word plus the class's inflection suffix (`suffixes.verb` for `*_verbs` classes,
  `suffixes.noun` for `*_nouns`, none otherwise); in a phrase the suffix follows the first word of a verb
  ("set up" → "sets up") and the last word of a noun ("blog post" → "blog posts");
- `word*`: any word starting with the stem (Finnish and Hungarian inflection);
- `*word`: a word ending a compound ("kickoffmöte" for `*möte`), with the class's suffix;
- `=word`: exactly this word;
- pattern classes (`patterns:`) are regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Optional

import yaml

from okrcoach import regex_code

from .bounded import bound_repetition
from .first_chars import guarded

# libyaml's C loader when present: rule files are trusted data, parsed on every start.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_WORD_EDGE_LEFT = r"(?<![\w])"
_WORD_EDGE_RIGHT = r"(?![\w])"
# A word part is read at most this far: longer than any word, and no try scans a whole text.
_WORD_REACH = 64
# A compound ending is looked for from the start of a hyphenated word, or after a number's hyphen
# ("3-tage-workshop" read from "tage"), never again from every hyphen of "a-b-c-…".
_COMPOUND_START = r"(?:(?<![\w\-])|(?<=\d-))"
_COMPOUND_HEAD = rf"[\w\-]{{0,{_WORD_REACH}}}"


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


def _entry_regex(entry: str, suffix: str, suffix_on_last: bool = False) -> str:
    entry = entry.strip().lower()
    if not entry:
        raise ValueError("empty entry")
    if entry.startswith("="):
        body, tail = entry[1:], ""
    elif entry.endswith("*"):
        body, tail = entry[:-1], _STAR_TAIL
    else:
        body, tail = entry, suffix
    words = body.split()
    escaped = [re.escape(w) for w in words]
    if tail and len(escaped) > 1 and not entry.endswith("*"):
        escaped[-1 if suffix_on_last else 0] += tail
        return r"\s+".join(escaped)
    return r"\s+".join(escaped) + tail


class LazyPatterns(dict):
    """Regex sources (or functions that build them) by class name, compiled on first use.

    A start-up lints one file in one language, so compiling every class of every language
    eagerly would cost more than the lint itself.
    """

    def get(self, name: str, default: Optional[re.Pattern] = None) -> Optional[re.Pattern]:  # type: ignore[override]
        value = dict.get(self, name)
        if value is None:
            return default
        if callable(value):
            value = value()
        if isinstance(value, str):
            try:
                value = regex_code.compile(value)
            except re.error as exc:
                raise LexiconError(f"lexicon class {name}: {exc}") from exc
            self[name] = value
        return value

    def compile_all(self) -> None:
        for name in list(self):
            self.get(name)

    def resolve_sources(self) -> None:
        """Build every class's regex source now (tries, factored unions), leaving only the final
        `re.compile` for first use: a pre-built rubric stores the sources, so a run skips the work."""
        for name, value in list(self.items()):
            if callable(value):
                self[name] = value()


_STAR_TAIL = rf"[\w\-:%]{{0,{_WORD_REACH}}}"


def _trie_regex(words: list[str], space: str = r"\s+") -> str:
    """One regex for many literal words with shared prefixes factored out (`an(?:alyse|swer)`);
    a space in a word matches `space` (any run of white space unless told otherwise).

    Python's regex engine tries alternatives one by one; a trie makes a class of hundreds of
    words cost about as much as one word. Longer words win, as optional groups are greedy.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends_here = "" in node
        branches = [(space if char == " " else re.escape(char)) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends_here else "(?:" + "|".join(branches) + ")"
        if ends_here:
            body = body if body.startswith("(?:") and body.endswith(")") and len(branches) > 1 else f"(?:{body})"
            return body + "?"
        return body

    return build(trie)


def _first_chars(entries: list[str]) -> Optional[frozenset[str]]:
    """Letters a class's matches can start with; None when compound entries (`*x`) allow any."""
    if any(e.strip().startswith("*") for e in entries):
        return None
    return frozenset(e.strip().lower().lstrip("=")[:1] for e in entries if e.strip().lstrip("="))


def class_literals(entries: list[str]) -> Optional[frozenset[str]]:
    """Words one of which every match of a word class holds as written (lower case), for
    `Lexicon.may_occur`: each entry's longest word without its `=` or `*` marks (a plain word or
    phrase, a stem, an exact word, a compound's ending all match each of their words letter for
    letter, only followed by a suffix or preceded by a compound's head; the longest is the rarest:
    "less" of "or less", not "or", which most texts hold). None when an entry has no word."""
    found = set()
    for raw in entries:
        entry = " ".join(raw.strip().lower().split())
        if entry.startswith("="):
            entry = entry[1:]
        entry = entry.strip("*").strip()
        if not entry:
            return None
        found.add(max(entry.split(), key=len))
    return frozenset(found)


def class_regex(entries: list[str], suffix: str, suffix_on_last: bool = False) -> str:
    """The regex for a word class: tries for plain, stem (`*`) and exact (`=`) entries."""
    plain: list[str] = []
    stems: list[str] = []
    exact: list[str] = []
    phrases: list[str] = []
    compound_suffixed: list[str] = []
    compound_open: list[str] = []
    for raw in entries:
        entry = " ".join(raw.strip().lower().split())
        if not entry or entry in ("=", "*"):
            raise ValueError("empty entry")
        if entry.startswith("*") and len(entry) > 1:
            # `*möte`: the end of a compound ("kickoffmöte"), with the class's suffix.
            body = " ".join(entry[1:].rstrip("*").split())
            (compound_open if entry.endswith("*") else compound_suffixed).append(body)
        elif entry.startswith("="):
            exact.append(entry[1:])
        elif entry.endswith("*"):
            stems.append(entry[:-1])
        elif " " in entry and suffix:
            phrases.append(_entry_regex(entry, suffix, suffix_on_last))
        else:
            plain.append(entry)
    parts = sorted(phrases, key=len, reverse=True)
    # Compound endings share one `[\w\-]*` and one trie, so a word is scanned once, not once per entry.
    if compound_suffixed:
        parts.append(_COMPOUND_START + _COMPOUND_HEAD + "(?:" + _trie_regex(compound_suffixed) + ")" + suffix)
    if compound_open:
        parts.append(_COMPOUND_START + _COMPOUND_HEAD + "(?:" + _trie_regex(compound_open) + ")" + _STAR_TAIL)
    if plain:
        parts.append(f"(?:{_trie_regex(plain)}){suffix}")
    if stems:
        parts.append(f"(?:{_trie_regex(stems)}){_STAR_TAIL}")
    if exact:
        parts.append(f"(?:{_trie_regex(exact)})")
    return _WORD_EDGE_LEFT + "(?:" + "|".join(parts) + ")" + _WORD_EDGE_RIGHT


_MISSING = object()

# Classes a fact searches for together, through `Lexicon.search_any`: work delivered or in place
# (having, taking part, covering, done).
DELIVERABLE_CUES = ("possession", "possession_final", "participation_verbs", "coverage_states", "done_states")


@dataclass
class Lexicon:
    """Compiled word classes and patterns for one language."""

    language: str
    name: str = ""
    head_window: int = 2
    verb_second: bool = False
    closed_compounds: bool = False
    subject_words: list[str] = field(default_factory=list)
    stopwords: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    inverted_subjects: frozenset[str] = frozenset()
    participle_endings: tuple[str, ...] = ()
    copulas: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    irregular_participles: frozenset[str] = frozenset()
    language_letters: str = ""
    language_endings: tuple[str, ...] = ()
    months: tuple[tuple[str, ...], ...] = ()
    quarters: tuple[tuple[str, ...], ...] = ()
    halves: tuple[tuple[str, ...], ...] = ()
    year_end: tuple[str, ...] = ()
    regexes: LazyPatterns = field(default_factory=LazyPatterns)
    first_chars: dict[str, frozenset[str]] = field(default_factory=dict)
    # Pattern classes' literal gates (`gate_sources`), by class: built on first use, or stored resolved.
    gates: dict = field(default_factory=dict, repr=False)
    # Classes' token gates (`word_class_token_gate`, `pattern_token_gate`), by class: built on first
    # use, or stored resolved, with the language's `TokenIndex` made from them all.
    token_gates: dict = field(default_factory=dict, repr=False)
    token_index: Optional["TokenIndex"] = field(default=None, repr=False)
    # Word classes' literal words (`class_literals`), by class: compiled into one regex on first use.
    literal_gates: dict = field(default_factory=dict, repr=False)
    _compiled: dict[str, Optional[re.Pattern]] = field(default_factory=dict, repr=False)
    _matchers: dict = field(default_factory=dict, repr=False)
    _starting_with: dict = field(default_factory=dict, repr=False)
    _verb_lookups: int = field(default=0, repr=False)
    _verb_gate: Optional[re.Pattern] = field(default=None, repr=False)
    # The mask's entries by a match's first character (`mask_start_sources`, or what builds it).
    mask_starts: object = field(default=None, repr=False)
    _mask_at: Optional[dict] = field(default=None, repr=False)
    _class_bits: dict = field(default_factory=dict, repr=False)

    def verb_gate(self) -> Optional[re.Pattern]:
        """One regex for all verb classes, to reject most words with a single match.

        Compiling it costs 15–500 ms (Hungarian's is the largest), more than linting a small file
        takes; the pre-built rubric stores its program, so it is made at once, but it is still
        used only once this lexicon has looked for head verbs a few hundred times (large runs),
        where it pays for itself.
        """
        self._verb_lookups += 1
        if self._verb_lookups < 300:
            return None
        if self._verb_gate is None:
            regex_code.use(self.language)
            self._verb_gate = regex_code.compile(self.verb_gate_source())
        return self._verb_gate

    def verb_gate_source(self) -> str:
        """The source of `verb_gate`: a match of any verb class, native or English."""
        sources = []
        for name in _ENGLISH_IN_EVERY_LANGUAGE:
            for qualified in (name, f"english_{name}"):
                value = dict.get(self.regexes, qualified)
                if value is not None:
                    source = value() if callable(value) else value if isinstance(value, str) else value.pattern
                    sources.append(f"(?:{source})")
        return "|".join(sources) if sources else r"(?!)"

    def resolve_mask_starts(self) -> None:
        """Build the mask split by first character now (for the pre-built rubric): its sources
        become classes `mask_at_<n>`, stored with their programs."""
        if callable(self.mask_starts):
            found = self.mask_starts()
            if found is None:
                self.mask_starts = None
                return
            table, sources = found
            for index, source in enumerate(sources):
                self.regexes[f"mask_at_{index}"] = source
            self.mask_starts = {char: None if index is None else f"mask_at_{index}" for char, index in table.items()}

    def mask_at(self) -> Optional[dict]:
        """The mask's patterns by the character a match starts with (None: no entry can start with
        it; a character not in it: the whole mask), or None when the split is not used: matched
        where the character stands, each gives what the whole mask gives. The split is used only
        as the pre-built rubric holds it (`resolve_mask_starts`), with the programs of its
        patterns: building it and compiling its patterns costs more than it saves in most runs."""
        table = self._mask_at
        if table is not None:
            return table
        if not isinstance(self.mask_starts, dict):
            return None
        table = self._mask_at = _MaskByStart(self, self.mask_starts)
        return table

    def date_reader(self):
        """The reader of dates written in this language ("31. marts 2027", "in Q3", "end of year")."""
        regex_code.use(self.language)  # its patterns' programs are stored with the language's (a pre-built reader compiles them on first use)
        reader = self.__dict__.get("_date_reader")
        if reader is None:
            from .dates import reader_for

            reader = self.__dict__["_date_reader"] = reader_for(self.months, self.quarters, self.halves, self.year_end)
        return reader

    def pattern(self, name: str) -> Optional[re.Pattern]:
        """The compiled regex of a class, or None when the language does not define it."""
        compiled = self._compiled.get(name, _MISSING)
        if compiled is _MISSING:
            regex_code.use(self.language)  # this language's stored programs, unpacked once
            compiled = self._compiled[name] = self.regexes.get(name)
        return compiled  # type: ignore[return-value]

    def gate(self, name: str) -> Optional[tuple[str, Optional[str]]]:
        """The sources of a pattern class's literal gate (`gate_sources`), or None."""
        value = self.gates.get(name)
        if callable(value):
            value = self.gates[name] = value()
        return value

    def resolve_gates(self) -> None:
        """Build every gate's sources now, for the pre-built rubric."""
        for name in list(self.gates):
            self.gate(name)

    def token_gate(self, name: str) -> Optional[tuple]:
        """A class's token gate (its beginnings, the source of its other entries and their literal
        gate), or None."""
        value = self.token_gates.get(name)
        if callable(value):
            value = self.token_gates[name] = value()
        return value

    def resolve_token_gates(self) -> "TokenIndex":
        """Build every token gate and the language's `TokenIndex` now (for the pre-built rubric)."""
        if self.token_index is None:
            beginnings = {}
            for name in list(self.token_gates):
                gate = self.token_gate(name)
                if gate is not None:
                    beginnings[name] = gate[0]
            self.token_index = TokenIndex.build(beginnings)
            for name in beginnings:  # what is left of a gate is its other entries: the index holds the rest
                self.token_gates[name] = (None, *self.token_gates[name][1:])
        return self.token_index

    def _literal_matcher(self, name: str):
        """A class's pattern, or its `GatedPattern`; None when not defined."""
        pattern = self.pattern(name)
        gate = self.gate(name) if pattern is not None else None
        if gate is not None:
            words, rest = gate
            pattern = GatedPattern(regex_code.compile(words), regex_code.compile(rest) if rest is not None else None, pattern)
        return pattern

    def _matcher(self, name: str):
        """What searches a class: its `TokenGated` pattern when it has a token gate and the
        lexicon its `token_index` (built with the pre-built rubric: building it reads every class,
        more than a small lint costs), else its `_literal_matcher`; None when not defined."""
        pattern = self._literal_matcher(name)
        index = self.token_index
        token_gate = self.token_gate(name) if pattern is not None and index is not None else None
        if token_gate is not None and index is not None:
            _, rest, rest_gate = token_gate
            failed = None
            if rest is not None:
                failed = regex_code.compile(rest)
                if rest_gate is not None:
                    words, rest_of_rest = rest_gate
                    failed = GatedPattern(regex_code.compile(words), regex_code.compile(rest_of_rest) if rest_of_rest is not None else None, failed)
            pattern = TokenGated(index, index.bits[name], pattern, failed, self.pattern(name))
        self._matchers[name] = pattern
        return pattern

    def union_source(self, names: tuple[str, ...]) -> Optional[str]:
        """The regex source of a match of any of several classes (None when none is defined)."""
        sources = []
        for name in names:
            value = dict.get(self.regexes, name)
            if value is None:
                continue
            source = value() if callable(value) else value if isinstance(value, str) else value.pattern
            # Group names may repeat across classes: the union is only a gate, so drop them.
            sources.append(re.sub(r"\(\?P<\w+>", "(?:", source))
        return "|".join(f"(?:{s})" for s in sources) if sources else None

    def search_any(self, names: tuple[str, ...], text: str) -> Optional[re.Match]:
        """A match of any of several classes: the one their union (`union_source`) finds, the
        leftmost, and at one place the first class's in `names` order (the same text and span).

        Each class is searched on its own: the union of whole classes is one long alternation
        tried at every position, while a class alone is gated by its words (`GatedPattern`)."""
        best = None
        for name in names:
            m = self.search(name, text)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def classes_starting_with(self, classes: tuple[tuple[str, str], ...], char: str) -> tuple[tuple[str, re.Pattern], ...]:
        """Of `classes` ((name, class) pairs), in their order, those defined here whose matches can
        start with `char`, with their patterns: what `match_at` would try, looked up once per letter."""
        try:
            return self._starting_with[(classes, char)]
        except KeyError:
            pass
        found = []
        for name, qualified in classes:
            firsts = self.first_chars.get(qualified)
            if firsts is not None and char not in firsts:
                continue
            pattern = self.pattern(qualified)
            if pattern is not None:
                found.append((name, pattern))
        result = self._starting_with[(classes, char)] = tuple(found)
        return result

    def class_bits(self, classes: tuple[tuple[str, str], ...]) -> tuple[tuple[tuple[str, str], Optional[int]], ...]:
        """Each of `classes` ((name, class) pairs) with the class's bit in `token_index` when the
        index gates all its entries (a text whose `TokenIndex.starts` lacks the bit has no match
        of it anywhere), else None (no gate, or entries outside it)."""
        try:
            return self._class_bits[classes]
        except KeyError:
            pass
        index = self.token_index
        found = []
        for pair in classes:
            gate = self.token_gate(pair[1]) if index is not None and pair[1] in self.regexes else None
            bit = index.bits.get(pair[1]) if gate is not None and gate[1] is None and index is not None else None
            found.append((pair, bit))
        result = self._class_bits[classes] = tuple(found)
        return result

    def has(self, name: str) -> bool:
        return name in self.regexes

    def may_occur(self, name: str, text: str) -> bool:
        """False when no match of word class `name` can lie in `text` nor in any part of it: none
        of the words one of which every match holds (`class_literals`) is in it. A loop that asks
        `match_at` of a class at many places of a text and its parts asks this once first: one
        scan for a few literal words instead of a regex at every place. True when one is, and for
        a class without such words (a pattern class, or one not defined here)."""
        gate = self.literal_gates.get(name)
        if gate is None:
            return True
        if not isinstance(gate, re.Pattern):
            gate = self.literal_gates[name] = re.compile("|".join(re.escape(word) for word in sorted(gate, key=len, reverse=True)))
        return gate.search(text) is not None

    def search(self, name: str, text: str, start: int = 0) -> Optional[re.Match]:
        try:
            pattern = self._matchers[name]
        except KeyError:
            pattern = self._matcher(name)
        return pattern.search(text, start) if pattern is not None else None

    def finditer(self, name: str, text: str):
        try:
            pattern = self._matchers[name]
        except KeyError:
            pattern = self._matcher(name)
        return pattern.finditer(text) if pattern is not None else iter(())

    def match_at(self, name: str, text: str, pos: int) -> Optional[re.Match]:
        """A match of a class starting exactly at `pos` (word classes skip on the first letter)."""
        firsts = self.first_chars.get(name)
        if firsts is not None and (pos >= len(text) or text[pos] not in firsts):
            return None
        try:
            pattern = self._matchers[name]
        except KeyError:
            pattern = self._matcher(name)
        return pattern.match(text, pos) if pattern is not None else None


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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a lexicon must be a mapping")
    return data


def _forms(data: dict, key: str, source: str) -> tuple[tuple[str, ...], ...]:
    """A list of lists of written forms (`months:` has 12, `quarters:` 4, `halves:` 2)."""
    value = data.get(key) or []
    expected = {"months": 12, "quarters": 4, "halves": 2}[key]
    if value and (not isinstance(value, list) or len(value) != expected or not all(isinstance(v, list) and v for v in value)):
        raise LexiconError(f"{source}: `{key}` must be {expected} lists of forms, the first first")
    return tuple(tuple(str(f).lower() for f in forms) for forms in value)


def compile_lexicon(data: dict, common: Optional[dict] = None, source: str = "lexicon") -> Lexicon:
    """Compile lexicon data (merged with the `common` patterns) into a Lexicon."""
    if "messages" in data:
        raise LexiconError(f"{source}: `messages:` no longer belongs in a lexicon; rule texts are translated in rubrics/messages/<lang>.yaml (rules: CODE: message, fix, why)")
    lexicon = Lexicon(
        language=str(data.get("language", "")),
        name=str(data.get("name", "")),
        head_window=int(data.get("head_window", 2)),
        verb_second=bool(data.get("verb_second", False)),
        closed_compounds=bool(data.get("closed_compounds", False)),
        subject_words=[str(w).lower() for w in data.get("subject_words", [])],
        stopwords=frozenset(str(w).lower() for w in data.get("stopwords") or []),
        determiners=frozenset(str(w).lower() for w in data.get("determiners") or []),
        inverted_subjects=frozenset(str(w).lower() for w in data.get("inverted_subjects") or []),
        participle_endings=tuple(str(w).lower() for w in data.get("participle_endings") or []),
        copulas=frozenset(str(w).lower() for w in data.get("copulas") or []),
        prepositions=frozenset(str(w).lower() for w in data.get("prepositions") or []),
        irregular_participles=frozenset(str(w).lower() for w in data.get("irregular_participles") or []),
        language_letters=str(data.get("language_letters") or "").lower(),
        language_endings=tuple(str(e).lower() for e in data.get("language_endings") or []),
        months=_forms(data, "months", source),
        quarters=_forms(data, "quarters", source),
        halves=_forms(data, "halves", source),
        year_end=tuple(str(e).lower() for e in data.get("year_end") or []),
    )
    suffixes = {str(k): str(v) for k, v in (data.get("suffixes") or {}).items()}
    classes: dict[str, list[str]] = {}
    for name, entries in (data.get("classes") or {}).items():
        classes[name] = [str(e) for e in entries or []]
    if lexicon.subject_words:
        classes["subject_words"] = [f"={w}" for w in lexicon.subject_words]
    for name, entries in classes.items():
        suffix = _suffix_for(name, suffixes)
        if entries:
            if any(not str(e).strip() or str(e).strip() in ("=", "*") for e in entries):
                raise LexiconError(f"{source}: class {name}: empty entry")
            firsts = _first_chars(entries)
            if firsts is not None:
                lexicon.first_chars[name] = firsts
            # A noun phrase inflects on its last word ("blog posts"), a verb phrase on its first ("sets up").
            lexicon.regexes[name] = partial(class_regex, entries, suffix, name.endswith("_nouns"))
            lexicon.token_gates[name] = partial(word_class_token_gate, entries, suffix, name.endswith("_nouns"))
            literals = class_literals(entries)
            if literals:
                lexicon.literal_gates[name] = literals
    patterns: dict[str, list[str]] = {}
    for source_data in (common or {}, data):
        for name, entries in (source_data.get("patterns") or {}).items():
            patterns.setdefault(name, []).extend(str(e) for e in entries or [])
    # Numbers that are not targets: time frames first (longer phrases), then IDs, versions, ….
    patterns["mask"] = patterns.get("time_frame", []) + patterns.get("non_target_number", [])
    numbered_mask: list[str] = []
    for name, entries in patterns.items():
        # Named groups may repeat across entries; number them so the alternation compiles.
        numbered = [re.sub(r"\(\?P<(\w+)>", rf"(?P<\1__{i}>", bound_repetition(e)) for i, e in enumerate(entries)]
        if name == "mask":
            numbered_mask = numbered
        lexicon.regexes[name] = partial(_factored_union, numbered)
        lexicon.gates[name] = partial(gate_sources, numbered)
        lexicon.token_gates[name] = partial(pattern_token_gate, numbered)
    # The mask where it is tried (`TextFacts.masked`), as one pattern: a text is masked in one pass.
    lexicon.regexes["mask_near_digits"] = partial(_near_digits, lexicon.regexes["mask"])
    # The mask's entries by the character a match starts with (`Lexicon.mask_at`), built on first use.
    lexicon.mask_starts = partial(mask_start_sources, numbered_mask)
    return lexicon


# Where a mask entry is tried: a word's start, or `#@$€£`, with a digit at most 24 characters on.
_NEAR_DIGITS = r"(?:\b(?=\w)|(?=[#@$€£]))(?=\D{0,24}\d)"


def _near_digits(mask) -> str:
    """The mask class tried only where `_NEAR_DIGITS` holds: `finditer` then finds, left to right,
    the same spans as matching the mask at each such place not inside a span already found."""
    return _NEAR_DIGITS + "(?:" + (mask() if callable(mask) else mask) + ")"


class _MaskByStart(dict):
    """The mask pattern to match where a character stands, by character, compiled on first use."""

    def __init__(self, lexicon: "Lexicon", names: dict) -> None:
        super().__init__()
        self.lexicon, self.names = lexicon, names

    def __missing__(self, char: str) -> Optional[re.Pattern]:
        name = self.names.get(char, "mask")
        pattern = self[char] = None if name is None else self.lexicon.pattern(name)
        return pattern


# Characters a mask match is looked up for by its first character (`mask_start_sources`); any other
# character (rare in lower-cased text) is matched with the whole mask, the same answer.
_MASK_START_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_#@$€£äöüåæøáéíóúőűß"


def mask_start_sources(entries: list[str]) -> Optional[tuple[dict[str, Optional[int]], list[str]]]:
    """The mask union (`_factored_union(entries)`) split by the character a match starts with: for
    each character of `_MASK_START_CHARS` (and the others its entries name), the index in the
    returned sources of the union of only those entries a match of which can start with it, in
    the union's order (None: no entry can), so matching that union at a place where the character
    stands gives the same match as the whole union. None when that cannot be told safely: an entry
    that sets flags for the whole pattern or may match nothing (then `finditer` and a match at one
    place differ)."""
    from okrcoach.regex_code import sre_compile, sre_parse
    from okrcoach.regex_code import sre_constants as sre

    plain_flags = sre_parse.parse("a").state.flags
    tests: list[Optional[re.Pattern]] = []
    chars = set(_MASK_START_CHARS)
    try:
        for entry in entries:
            parsed = sre_parse.parse(entry)
            if parsed.state.flags != plain_flags or parsed.getwidth()[0] == 0:
                return None
            first = _first_characters(parsed.data, sre)
            if first is None or first[1] or not first[0]:
                tests.append(None)  # may start with any character: kept for every one
                continue
            for op, av in first[0]:
                if op is sre.LITERAL:
                    chars.add(chr(av).lower())
                elif op is sre.RANGE and av[1] - av[0] < 64:
                    chars.update(chr(c).lower() for c in range(av[0], av[1] + 1))
            charset = sre_parse.SubPattern(parsed.state, [(sre.IN, first[0])])
            tests.append(sre_compile.compile(charset, 0))
    except (re.error, RecursionError):
        return None
    sources: list[str] = []
    by_keep: dict[tuple[bool, ...], Optional[int]] = {}
    table: dict[str, Optional[int]] = {}
    for char in sorted(chars):
        keep = tuple(test is None or test.match(char) is not None for test in tests)
        if keep not in by_keep:
            source = _factored_union(entries, list(keep)) if any(keep) else ""
            by_keep[keep] = len(sources) if source else None
            if source:
                sources.append(source)
        table[char] = by_keep[keep]
    return table, sources


_LEADING_ASSERTIONS = (r"\b", r"(?<![\w])", r"(?<!\w)")


def _factored_union(entries: list[str], keep: Optional[list[bool]] = None) -> str:
    r"""`a|b|…` with a shared leading `\b` or `(?<!\w)` pulled out of the alternatives.

    `\bX|\bY` and `\b(?:X|Y)` match the same text, but the factored form fails once per
    position inside a word instead of once per alternative, several times faster on short texts.
    """
    groups: dict[str, list[str]] = {}
    for index, entry in enumerate(entries):
        lead = next((a for a in _LEADING_ASSERTIONS if entry.startswith(a) and not entry.startswith(a + "|")), "")
        body = entry[len(lead) :]
        # `keep` leaves entries out but not the order of the groups: the rest of a union tries its
        # entries in the order the whole union does.
        kept = keep is None or keep[index]
        if lead and _balanced(body):
            groups.setdefault(lead, []).extend([body] if kept else [])
        else:
            groups.setdefault("", []).extend([entry] if kept else [])
    parts = [f"{lead}(?:{'|'.join(f'(?:{b})' for b in bodies)})" for lead, bodies in groups.items() if lead and bodies]
    parts += [f"(?:{e})" for e in groups.get("", [])]
    # Searched only where a match can start (`first_chars.guarded`), when few characters can.
    return guarded("|".join(parts)) if parts else ""


def _balanced(pattern: str) -> bool:
    """Whether removing a prefix left the pattern a valid regex of its own."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return "|" not in _top_level(pattern)


def _top_level(pattern: str) -> str:
    depth, out, escaped = 0, [], False
    for char in pattern:
        if escaped:
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char == "|":
            out.append(char)
    return "".join(out)


# -- literal gates ------------------------------------------------------------------------------
# A pattern class is a union of entries, and most entries can only match where a certain word
# stands ("at any time", "megőrzése", "as usual"). Where none of those words is in a text, the
# entries that need them cannot match it, and the class is searched with the other entries alone:
# the same first match (an entry that cannot match anywhere changes no leftmost-first result),
# often no search at all. One literal scan answers whether any such word is there.

_MIN_ANCHOR = 3
_MAX_ANCHORS = 32
_WORD_CHAR = re.compile(r"\w")


def _rare_sign(anchor: str) -> bool:
    """Signs without a letter or digit, of two characters or beyond ASCII ("->", "→", "≥")."""
    return not _WORD_CHAR.search(anchor) and (len(anchor) > 1 or not anchor.isascii())


def _anchor_sets(items: list) -> Optional[frozenset[str]]:
    """Strings one of which every match of the parsed regex sequence `items` contains, or None.

    Among the candidates in the sequence (runs of literal characters, the union of the best set of
    each branch of an alternation, the body of a repetition of at least one) it takes the set whose
    shortest string is longest."""
    from okrcoach.regex_code import sre_constants as sre

    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        inner: Optional[frozenset[str]] = None
        if op is sre.SUBPATTERN:
            group, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:
                inner = _anchor_sets(list(sub.data))
        elif op is sre.BRANCH:
            union: set[str] = set()
            for alternative in av[1]:
                found = _anchor_sets(list(alternative.data))
                if found is None:
                    union = set()
                    break
                union |= found
            inner = frozenset(union) if union else None
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            inner = _anchor_sets(list(av[2].data))
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            inner = _anchor_sets(list(av.data))
        if inner:
            candidates.append(inner)
    close_run()
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def entry_anchors(entry: str) -> Optional[frozenset[str]]:
    """Words one of which every match of a pattern entry contains, or None when no set of few words
    of at least three characters (or signs of any length) is required (the entry is then always searched)."""
    from okrcoach.regex_code import sre_parse

    try:
        parsed = sre_parse.parse(entry)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None  # a literal then stands for its other cases too
    found = _anchor_sets(list(parsed.data))
    # A short word is in most texts, and so is a single ASCII sign ("%", ".", "-"); an arrow
    # ("→", "->", "=>") rarely is.
    if not found or len(found) > _MAX_ANCHORS or any(len(w) < _MIN_ANCHOR and not _rare_sign(w) for w in found):
        return None
    return found


def gate_sources(entries: list[str], keep: Optional[list[bool]] = None) -> Optional[tuple[str, Optional[str]]]:
    """For a pattern class (its numbered entries): the regex of the words its gated entries need and
    the class without those entries (None when no entry is left), or None when no entry is gated.
    `keep`: only these entries are the class (in the whole class's order, see `_factored_union`)."""
    kept = [True] * len(entries) if keep is None else keep
    anchors = [entry_anchors(entry) if k else None for entry, k in zip(entries, kept)]
    gated = sum(len(entry) for entry, found in zip(entries, anchors) if found)
    if 2 * gated < sum(len(entry) for entry, k in zip(entries, kept) if k):
        return None  # most of the class is searched anyway: the gate would cost more than it saves
    words = sorted({word for found in anchors if found for word in found})
    return _trie_regex(words, space=re.escape(" ")), _factored_union(entries, keep=[k and found is None for k, found in zip(kept, anchors)]) or None


class GatedPattern:
    """A pattern class searched with only the entries that can match the text at hand: the whole
    class when a word one of its gated entries needs is in the text, else the rest (or nothing).
    Answers `search`, `finditer` and `match` (always the whole class) as the class's pattern does."""

    __slots__ = ("words", "rest", "full")

    def __init__(self, words: re.Pattern, rest: Optional[re.Pattern], full: re.Pattern) -> None:
        self.words, self.rest, self.full = words, rest, full

    def search(self, text: str, pos: int = 0) -> Optional[re.Match]:
        if self.words.search(text) is not None:
            return self.full.search(text, pos)
        return self.rest.search(text, pos) if self.rest is not None else None

    def match(self, text: str, pos: int = 0) -> Optional[re.Match]:
        # At one place the whole class costs less than a scan of the text for its words.
        return self.full.match(text, pos)

    def finditer(self, text: str):
        if self.words.search(text) is not None:
            return self.full.finditer(text)
        return self.rest.finditer(text) if self.rest is not None else iter(())


# -- token gates ----------------------------------------------------------------------------------
# Most matches of a class start at the start of a word with one of a few known beginnings: a word
# class's entries begin with their first word ("launch", "set up"), and many pattern entries with a
# word after `\b` ("\bby\s+…"). One pass over a text finds, at every word start, the longest of all
# the language's beginnings that the word starts with (`TokenIndex`); a class none of whose
# beginnings (nor a longer beginning extending one of them) was found cannot match with those
# entries, and is searched with its other entries alone (often none: no search at all). One AND of
# the class's bit with the text's then stands for a search, and the pass is made once per text
# (asked about more than once), not once per class. The regex engine already skips most places of
# a short text fast, so a search saved is worth about a microsecond: the gate is a plain attribute
# and dictionary read, or it would cost what it saves.

_TOKEN_PREFIX = 4  # characters of a beginning kept: more rarely rejects more, and grows the pass
_MAX_START_SET = 40  # characters a leading character set may hold to be spelled out
_DIGITS = frozenset("0123456789")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


def word_entry_start(entry: str) -> Optional[str]:
    """The beginning every match of a word-class entry starts a word with (the first word's leading
    letters, at most `_TOKEN_PREFIX`), or None for a compound ending (`*x`), which starts anywhere."""
    entry = " ".join(entry.strip().lower().split())
    if entry.startswith("*"):
        return None
    m = _WORD_RUN.match(entry.lstrip("=").rstrip("*"))
    return m.group()[:_TOKEN_PREFIX] if m else None


_WORD_RUN = re.compile(r"\w+")


def pattern_entry_starts(entry: str) -> Optional[frozenset[str]]:
    r"""Beginnings (word characters, at most `_TOKEN_PREFIX`) one of which starts a word of every
    text the entry matches in, or None when that cannot be told. Such a word is one every match
    holds: letters or digits spelled out (`\d` stands for the ten digits and any other) right after
    a word start (`\b`, `^`, `(?<!\w)`, `(?<![\w…])`, or a character that is no word character,
    as a space), on every path through the entry ("\bby\s", "(?:^|\s)live", "^[^%]*?\bist\b")."""
    from okrcoach.regex_code import sre_constants as sre
    from okrcoach.regex_code import sre_parse

    try:
        parsed = sre_parse.parse(entry)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE | re.ASCII):
        return None  # other cases, or a word start inside a word ("é|foo" under ASCII rules)
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)} - {None}
    word_starts = {sre.AT_BEGINNING, sre.AT_BEGINNING_STRING, sre.AT_BOUNDARY}
    no_word = {sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD}

    def blocks_word(items) -> bool:
        """Whether a look-behind's body matches every word character (so its negation asserts none)."""
        return len(items) == 1 and items[0][0] is sre.IN and (sre.CATEGORY, sre.CATEGORY_WORD) in items[0][1]

    def characters(op, av, first: bool = True) -> Optional[tuple[frozenset[str], bool]]:
        r"""The characters one item consumes, when few and all word characters, and whether they
        stand for `\d`: that is only known as the first character of a beginning ("v٣" starts
        with no "v3", but with a digit), and no later character is then known."""
        by_category = False
        if op is sre.LITERAL:
            chars = {chr(av)}
        elif op is sre.IN:
            chars = set()
            for item_op, item in av:
                if item_op is sre.LITERAL:
                    chars.add(chr(item))
                elif item_op is sre.RANGE and item[1] - item[0] < _MAX_START_SET:
                    chars.update(chr(c) for c in range(item[0], item[1] + 1))
                elif item_op is sre.CATEGORY and item is sre.CATEGORY_DIGIT and first:
                    chars |= _DIGITS
                    by_category = True
                else:
                    return None
        else:
            return None
        if len(chars) > _MAX_START_SET or not all(_WORD_CHAR.match(c) for c in chars):
            return None
        return frozenset(chars), by_category

    def no_word_character(op, av) -> bool:
        """Whether one item consumes a character that is no word character (a space, "-", "%")."""
        if op is sre.LITERAL:
            return not _WORD_CHAR.match(chr(av))
        if op is sre.IN:
            return all((item_op is sre.LITERAL and not _WORD_CHAR.match(chr(item))) or (item_op is sre.CATEGORY and item in no_word) for item_op, item in av)
        return False

    def run(items: list, first: bool) -> tuple[frozenset[str], bool]:
        """Strings of word characters one of which every match of `items` starts with ("" when
        none is known), cut at `_TOKEN_PREFIX`, and whether each is the whole match. `first`:
        whether they begin the beginning."""
        prefixes = frozenset([""])
        for op, av in items:
            if min(map(len, prefixes)) >= _TOKEN_PREFIX:
                return prefixes, False
            at_first = first and prefixes == {""}
            whole = True
            if op is sre.SUBPATTERN and not av[1] and not av[2]:
                more, whole = run(list(av[3].data), at_first)
            elif op is sre.BRANCH:
                found = [run(list(alternative.data), at_first) for alternative in av[1]]
                more, whole = frozenset().union(*(f[0] for f in found)), all(f[1] for f in found)
            elif op in repeats and av[0] >= 1:
                more, whole = run(list(av[2].data), at_first)
                whole = whole and av[0] == av[1] == 1
            else:
                got = characters(op, av, at_first)
                more, whole = (got[0], not got[1]) if got is not None else (frozenset([""]), False)
            if "" in more:
                return prefixes, False
            extended = frozenset((p + m)[:_TOKEN_PREFIX] for p in prefixes for m in more)
            if len(extended) > _MAX_START_SET:
                return prefixes, False
            prefixes = extended
            if not whole:
                return prefixes, False
        return prefixes, True

    def starts(items: list, at_word_start: bool) -> Optional[frozenset[str]]:
        for index, (op, av) in enumerate(items):
            if op is sre.AT:
                at_word_start = at_word_start or av in word_starts
            elif op is sre.ASSERT_NOT:
                at_word_start = at_word_start or (av[0] < 0 and blocks_word(list(av[1].data)))
            elif op is sre.ASSERT:
                continue
            elif op is sre.SUBPATTERN:
                if av[1] or av[2]:
                    return None
                return starts(list(av[3].data) + items[index + 1 :], at_word_start)
            elif op is sre.BRANCH:
                found: set[str] = set()
                for alternative in av[1]:
                    one = starts(list(alternative.data) + items[index + 1 :], at_word_start)
                    if one is None:
                        return None
                    found |= one
                return frozenset(found)
            elif characters(op, av) is not None or op in repeats and av[0] >= 1 and len(av[2].data) == 1 and characters(*av[2].data[0]) is not None:
                if at_word_start:
                    prefixes, _ = run(items[index:], True)
                    if "" not in prefixes:
                        return prefixes
                at_word_start = False
            elif no_word_character(op, av) or op in repeats and av[0] >= 1 and len(av[2].data) == 1 and no_word_character(*av[2].data[0]):
                at_word_start = True
            elif op in repeats and len(av[2].data) == 1 and no_word_character(*av[2].data[0]):
                continue  # consumed or not, what comes next is as it was or after no word character
            else:
                at_word_start = False
        return None  # no word every match holds

    try:
        return starts(list(parsed.data), False)
    except RecursionError:
        return None


def _gated_share(entries: list[str], gated: list[bool]) -> bool:
    """Whether the gated entries are most of the class (else the gate rarely saves a search)."""
    return 2 * sum(len(e) for e, g in zip(entries, gated) if g) >= sum(len(e) for e in entries)


def word_class_token_gate(entries: list[str], suffix: str, suffix_on_last: bool = False) -> Optional[tuple[frozenset[str], Optional[str], None]]:
    """A word class's token gate: the beginnings of its entries, and the regex of its compound
    endings (searched when no beginning is in the text; None when it has none)."""
    found = [word_entry_start(e) for e in entries]
    if not _gated_share(entries, [f is not None for f in found]):
        return None
    compounds = [e for e, f in zip(entries, found) if f is None]
    return frozenset(f for f in found if f is not None), (class_regex(compounds, suffix, suffix_on_last) if compounds else None), None


def pattern_token_gate(entries: list[str]) -> Optional[tuple[frozenset[str], Optional[str], Optional[tuple[str, Optional[str]]]]]:
    """A pattern class's token gate: the beginnings of its entries that have them, the regex of the
    other entries in the class's order (None when none is left) and that rest's literal gate."""
    found = [pattern_entry_starts(e) for e in entries]
    gated = [f is not None for f in found]
    if not any(gated) or not _gated_share(entries, gated):
        return None
    keep = [not g for g in gated]
    rest = _factored_union(entries, keep=keep) if any(keep) else None
    return frozenset(s for f in found if f for s in f), rest or None, (gate_sources(entries, keep=keep) if rest else None)


class TokenIndex:
    """The beginnings of one language's classes, found in a text in one pass (see above).

    Each gated class has a bit (`bits`); `opens[b]` holds the bits of the classes one of whose
    beginnings is `b` or starts it (a word starting with "laun" starts with "la" too).
    `starts(text)`: the bits of the classes whose beginnings start a word of `text`, from the
    longest beginning found at each word start; a class whose bit is not set cannot match there
    with its gated entries.
    """

    __slots__ = ("source", "_tables", "_packed", "_pattern", "_last")

    def __init__(self, source: str, bits: dict[str, int], opens: dict[str, int], digits: int) -> None:
        self.source, self._tables, self._packed = source, (bits, opens, digits), None
        self._pattern: Optional[re.Pattern] = None
        self._last: dict[str, Optional[int]] = {}

    @property
    def bits(self) -> dict[str, int]:
        return self._unpacked()[0]

    @property
    def opens(self) -> dict[str, int]:
        return self._unpacked()[1]

    @property
    def digits(self) -> int:
        return self._unpacked()[2]

    def _unpacked(self) -> tuple[dict[str, int], dict[str, int], int]:
        if self._tables is None:
            import marshal

            self._tables = marshal.loads(self._packed)
        return self._tables

    @classmethod
    def build(cls, beginnings: dict[str, frozenset[str]]) -> "TokenIndex":
        bits = {name: 1 << index for index, name in enumerate(beginnings)}
        owners: dict[str, int] = {}
        for name, own in beginnings.items():
            for beginning in own:
                owners[beginning] = owners.get(beginning, 0) | bits[name]
        opens = {b: _or(owners.get(b[:k], 0) for k in range(1, len(b) + 1)) for b in sorted(owners)}
        source = _WORD_EDGE_LEFT + "(?:" + _trie_regex(sorted(opens)) + ")" if opens else r"(?!)"
        return cls(source, bits, opens, _or(owners.get(d, 0) for d in _DIGITS))

    def __getstate__(self):
        # The tables as one marshalled string: a run unpacks only its own language's, on first use.
        import marshal

        return self.source, self._packed if self._tables is None else marshal.dumps(self._tables)

    def __setstate__(self, state) -> None:
        self.source, self._packed = state
        self._tables, self._pattern, self._last = None, None, {}

    def starts(self, text: str) -> int:
        """The bits of the classes one of whose beginnings starts a word of `text` (kept for the
        last few texts: a key result's facts ask about the same few texts many times)."""
        found = self._last.get(text)
        return found if found is not None else self._find(text)

    def _find(self, text: str) -> int:
        if self._pattern is None:
            self._pattern = regex_code.compile(self.source)
        _, opens, digits = self._unpacked()
        found = 0
        for beginning in self._pattern.findall(text):
            found |= opens[beginning]
        if not text.isascii() and _NON_ASCII_DIGIT.search(text):
            found |= digits  # `\d` matches other digits too: an entry starting with one may match
        if len(self._last) > 16:
            self._last.clear()  # the texts of one key result, not more
        self._last[text] = found
        return found

    def gate(self, text: str) -> Optional[int]:
        """`starts(text)`, or None the first time `text` is asked about: a text searched once (a
        part cut out for one question) is cheaper searched than indexed."""
        last = self._last
        try:
            found = last[text]
        except KeyError:
            if len(last) > 16:
                last.clear()
            last[text] = None
            return None
        return found if found is not None else self._find(text)


def _or(values) -> int:
    result = 0
    for value in values:
        result |= value
    return result


class TokenGated:
    """A class searched through its token gate: as `passed` (the whole class) when one of its
    beginnings is in the text (its `bit` in `index.starts`), else as `failed` (its other entries;
    None: no match). Answers `search`, `finditer` and `match` as the class's pattern does."""

    __slots__ = ("index", "bit", "passed", "failed", "full", "known")

    def __init__(self, index: TokenIndex, bit: int, passed, failed, full: re.Pattern) -> None:
        self.index, self.bit, self.passed, self.failed, self.full = index, bit, passed, failed, full
        self.known = index._last  # the index's texts, read here at once: most questions are about one of them

    def search(self, text: str, pos: int = 0) -> Optional[re.Match]:
        found = self.known.get(text)
        if found is None:
            found = self.index.gate(text)
        if found is not None and not found & self.bit:
            return self.failed.search(text, pos) if self.failed is not None else None
        return self.passed.search(text, pos)

    def match(self, text: str, pos: int = 0) -> Optional[re.Match]:
        # A text already indexed without the class's beginnings has no match of its gated entries
        # anywhere; with no other entries, none at `pos` either. A text not yet indexed is not
        # indexed for one match: that costs more than the match.
        if self.failed is None:
            found = self.known.get(text)
            if found is not None and not found & self.bit:
                return None
        return self.full.match(text, pos)

    def finditer(self, text: str):
        found = self.known.get(text)
        if found is None:
            found = self.index.gate(text)
        if found is not None and not found & self.bit:
            return self.failed.finditer(text) if self.failed is not None else iter(())
        return self.passed.finditer(text)


# -- first-character dispatch -------------------------------------------------------------------
# At each place in a text the regex engine tries the alternatives of a union one by one, but skips
# at once an alternative whose code starts with a character (or a set of characters) the text does
# not have there; an alternative that starts with a group of alternatives ("(?:every|each|per)\s+
# year") is entered every time. The pattern classes are unions of such entries, so at every word
# start a class of thirty entries entered thirty. Spreading a leading group over the rest of its
# alternative ("every\s+year|each\s+year|per\s+year") makes each alternative start with a
# character: the same attempts in the same order, so the same matches, at a fraction of the cost.
# Only what holds no capturing group is copied (a group's number must stay unique), and a union
# grows at most so far. The stored programs of the pre-built rubric are made this way
# (`dispatch_code`, through `okrcoach.regex_code.program`'s `code_of`); a pattern compiled from
# its source is the same regex, only slower.

_MAX_SPREAD = 64  # alternatives one alternative may become
_MAX_COPIED = 300  # items copied in spreading one alternative: more grows the stored programs for little


def first_character_dispatch(parsed):
    """The parsed regex (`re._parser.parse`) with leading groups of alternatives spread over their
    alternatives' rest (see above); the same regex, a new tree."""
    from okrcoach.regex_code import sre_constants as sre
    from okrcoach.regex_code import sre_parse

    state = parsed.state
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)} - {None}
    references = {getattr(sre, name) for name in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE", "GROUPREF_LOC_IGNORE", "GROUPREF_UNI_IGNORE") if hasattr(sre, name)}

    def size_and_groups(items) -> tuple[int, bool]:
        """How many items, all levels, and whether any captures or refers to a group."""
        size, groups = 0, False
        for op, av in items:
            size += 1
            if op in references:
                groups = True
            elif op is sre.SUBPATTERN:
                groups = groups or av[0] is not None
                inner = size_and_groups(av[3].data)
            elif op is sre.BRANCH:
                inner = (0, False)
                for alternative in av[1]:
                    found = size_and_groups(alternative.data)
                    inner = (inner[0] + found[0], inner[1] or found[1])
            elif op in repeats:
                inner = size_and_groups(av[2].data)
            elif op is sre.ATOMIC_GROUP:
                inner = size_and_groups(av.data)
            elif op is sre.ASSERT or op is sre.ASSERT_NOT:
                inner = size_and_groups(av[1].data)
            else:
                continue
            size, groups = size + inner[0], groups or inner[1]
        return size, groups

    def sub(items) -> "sre_parse.SubPattern":
        return sre_parse.SubPattern(state, items)

    def sequence(items) -> list:
        """A sequence with every union in it (not in look-arounds) spread."""
        out = []
        for op, av in items:
            if op is sre.BRANCH:
                alternatives: list = []
                for alternative in av[1]:
                    alternatives.extend(spread(sequence(alternative.data)))
                out.append((op, (av[0], [sub(a) for a in alternatives])))
            elif op is sre.SUBPATTERN:
                group, add_flags, del_flags, inner = av
                out.append((op, (group, add_flags, del_flags, sub(sequence(inner.data)))))
            elif op in repeats:
                low, high, inner = av
                out.append((op, (low, high, sub(sequence(inner.data)))))
            elif op is sre.ATOMIC_GROUP:
                out.append((op, sub(sequence(av.data))))
            else:
                out.append((op, av))
        return out

    def spread(items: list) -> list[list]:
        """One alternative (its items, already rewritten) as the alternatives it spreads into."""
        if not items or items[0][0] is not sre.BRANCH:
            return [items]
        leading, rest = items[0][1][1], items[1:]
        if not rest:
            return [list(a.data) for a in leading]  # "(?:a|b)" alone: its alternatives, in order
        size, groups = size_and_groups(rest)
        if groups or len(leading) > _MAX_SPREAD or size * (len(leading) - 1) > _MAX_COPIED:
            return [items]
        result: list[list] = []
        for alternative in leading:
            result.extend(spread(list(alternative.data) + rest))
            if len(result) > _MAX_SPREAD:
                return [items]
        return result

    top = spread(sequence(parsed.data))
    return sub(top[0]) if len(top) == 1 else sub([(sre.BRANCH, (None, [sub(a) for a in top]))])


def _first_characters(items, sre) -> "Optional[tuple[list, bool]]":
    """The set items (`re._parser` IN items) one of which is the first character every match of the
    parsed sequence `items` consumes, and whether the sequence can match nothing (then what follows
    it may give the first character); None when that cannot be told (any character, a negated
    class, a back-reference, a change of case)."""
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)} - {None}
    found: list = []
    for op, av in items:
        if op is sre.AT or op is sre.ASSERT or op is sre.ASSERT_NOT:
            continue  # zero width: the match's first character is still to come
        if op is sre.LITERAL:
            return found + [(sre.LITERAL, av)], False
        if op is sre.IN:
            if any(item_op is sre.NEGATE for item_op, _ in av):
                return None
            return found + list(av), False
        if op is sre.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                return None
            inner = _first_characters(sub.data, sre)
        elif op is sre.BRANCH:
            inner_items: list = []
            empty = False
            for alternative in av[1]:
                one = _first_characters(alternative.data, sre)
                if one is None:
                    return None
                inner_items += one[0]
                empty = empty or one[1]
            inner = (inner_items, empty)
        elif op in repeats:
            low, _, sub = av
            inner = _first_characters(sub.data, sre)
            if inner is not None and low == 0:
                inner = (inner[0], True)
        elif op is sre.ATOMIC_GROUP:
            inner = _first_characters(av.data, sre)
        else:
            return None
        if inner is None:
            return None
        found += inner[0]
        if not inner[1]:
            return found, False
    return found, True


def dispatch_code(parsed, flags: int) -> list[int]:
    r"""The code of a parsed regex, as `re` makes it, with two changes that leave every match the
    same: leading groups of alternatives spread (`first_character_dispatch`), and, where `re` finds
    no first character to search for because the pattern starts with `\b` or a look-behind (every
    word class does), the set of characters a match can start with in the search's info block.
    A search then skips at once the places where no match can start, as it does for a pattern
    that starts with a character; at the places it stops, the whole pattern, `\b` and look-behind
    first, is matched as before. A match at one place (`match`) ignores the info block."""
    from okrcoach.regex_code import sre_compile
    from okrcoach.regex_code import sre_constants as sre

    parsed = first_character_dispatch(parsed)
    flags = parsed.state.flags | flags
    code: list[int] = []
    low, high = parsed.getwidth()
    starts = None
    if low and not flags & (re.IGNORECASE | re.LOCALE):
        prefix, _, _ = sre_compile._get_literal_prefix(parsed, flags)
        if not prefix and not sre_compile._get_charset_prefix(parsed, flags):
            first = _first_characters(parsed.data, sre)
            if first is not None and not first[1] and first[0]:
                charset, hascased = sre_compile._optimize_charset(first[0])
                starts = None if hascased else charset
    if starts is None:
        sre_compile._compile_info(code, parsed, flags)
    else:
        code.extend([sre.INFO, 0, sre.SRE_INFO_CHARSET, min(low, sre_compile.MAXCODE), min(high, sre_compile.MAXCODE)])
        sre_compile._compile_charset(starts, flags, code)
        code[1] = len(code) - 1
    sre_compile._compile(code, parsed.data, flags)
    code.append(sre.SUCCESS)
    return code


def load_lexicons(directory: Path, extra_directories: tuple[Path, ...] = ()) -> dict[str, Lexicon]:
    """Load every `<lang>.yaml` in a directory, each merged with `common.yaml`.

    `extra_directories` (a custom rubric's `lexicons/`) add languages, or replace a language's file.

    English verb classes are also added to every other language, because people mix English
    OKR verbs ("launch", "implement") into their own language. There they take English endings or
    the language's own (`suffixes.english_verb`, else `suffixes.verb`): an English stem is inflected
    as a native verb ("onboarden", "launcha", "Launchataan").
    """
    common_path = directory / "common.yaml"
    common = _read(common_path) if common_path.exists() else {}
    raw = {p.stem: _read(p) for p in sorted(directory.glob("*.yaml")) if p.stem != "common"}
    for folder in extra_directories:
        raw.update({p.stem: _read(p) for p in sorted(folder.glob("*.yaml")) if p.stem != "common"})
    english = raw.get("en") or {}
    english_suffix = (english.get("suffixes") or {}).get("verb", "")
    english_classes = {name: [str(e) for e in entries] for name, entries in (english.get("classes") or {}).items() if name in _ENGLISH_IN_EVERY_LANGUAGE and entries}
    lexicons = {}
    for lang, data in raw.items():
        lexicon = compile_lexicon(data, common, str(next((f / f"{lang}.yaml" for f in reversed(extra_directories) if (f / f"{lang}.yaml").is_file()), directory / f"{lang}.yaml")))
        if lang != "en":
            # English words that are ordinary words of this language are left out ("audit" in Hungarian).
            excluded = {str(e).strip().lower() for e in data.get("exclude_english") or []}
            suffixes = data.get("suffixes") or {}
            native = suffixes.get("english_verb", suffixes.get("verb", ""))
            suffix = f"(?:{english_suffix}|{native})" if native else english_suffix
            english_verbs = {
                name: (partial(class_regex, kept, suffix), _first_chars(kept)) for name, entries in english_classes.items() if (kept := [e for e in entries if e.strip().lower() not in excluded])
            }
            for name, (regex, firsts) in english_verbs.items():
                lexicon.regexes[f"english_{name}"] = regex
                lexicon.token_gates[f"english_{name}"] = partial(word_class_token_gate, *regex.args)
                if firsts is not None:
                    lexicon.first_chars[f"english_{name}"] = firsts
        lexicons[lang] = lexicon
    return lexicons


_ENGLISH_IN_EVERY_LANGUAGE = ("activity_verbs", "milestone_verbs", "outcome_verbs", "acquisition_verbs", "maintain_verbs")
