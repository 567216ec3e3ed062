"""The words the Markdown and CSV readers know, in all six languages.

Labels of objectives and key results (`Objective 1:`, `Mål:`, `Schlüsselergebnis`,
`1.1 kulcseredmény:`), label-only headings, sections that hold no objectives, and the names people
give fields in sub-bullets, properties, table columns and spreadsheet headers are data: the
`reader:` block of each `rubrics/lexicons/<lang>.yaml`, read once per process without the rubric
engine. Every language's words are known in every file, as people mix English OKR terms into
their own language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Optional

from .build import KEY_RESULT_ALIASES, OBJECTIVE_ALIASES, SET_ALIASES, canonical_key

OBJECTIVE_META = {"owner", "kind", "aligns_to", "id", "description"}
SET_META = {"title", "team", "owner", "period", "language"}
KR_FIELDS = {"baseline", "target", "unit", "deadline", "owner", "metric", "direction", "current", "confidence", "id", "guardrail", "weight"}
CHECKIN_KEYS = {"checkin", "checkins", "check_in", "check_ins"}

# Spreadsheet and table columns in English and the OpenOKR import template: canonical name ->
# (level, field). The lexicons add each language's names.
COLUMNS: dict[str, tuple[str, str]] = {
    "objective": ("objective", "title"),
    "goal": ("objective", "title"),
    "objective_title": ("objective", "title"),
    "goal_title": ("objective", "title"),
    "objective_owner": ("objective", "owner"),
    "goal_owner": ("objective", "owner"),
    "objective_id": ("objective", "id"),
    "goal_id": ("objective", "id"),
    "kind": ("objective", "kind"),
    "objective_kind": ("objective", "kind"),
    "goal_kind": ("objective", "kind"),
    "aligns_to": ("objective", "aligns_to"),
    "objective_description": ("objective", "description"),
    "key_result": ("key_result", "text"),
    "kr": ("key_result", "text"),
    "title": ("key_result", "text"),
    "key_result_text": ("key_result", "text"),
    "key_result_title": ("key_result", "text"),
    "owner": ("key_result", "owner"),
    "key_result_owner": ("key_result", "owner"),
    "baseline": ("key_result", "baseline"),
    "baseline_value": ("key_result", "baseline"),
    "target": ("key_result", "target"),
    "target_value": ("key_result", "target"),
    "current": ("key_result", "current"),
    "current_value": ("key_result", "current"),
    "unit": ("key_result", "unit"),
    "deadline": ("key_result", "deadline"),
    "due": ("key_result", "deadline"),
    "due_on": ("key_result", "deadline"),
    "due_date": ("key_result", "deadline"),
    "direction": ("key_result", "direction"),
    "metric": ("key_result", "metric"),
    "id": ("key_result", "id"),
    "external_id": ("key_result", "id"),
    "kr_id": ("key_result", "id"),
    "key_result_id": ("key_result", "id"),
    "confidence": ("key_result", "confidence"),
    "guardrail": ("key_result", "guardrail"),
    "weight": ("key_result", "weight"),
    "checkin_date": ("checkin", "date"),
    "check_in_date": ("checkin", "date"),
    "last_checkin": ("checkin", "date"),
    "last_check_in": ("checkin", "date"),
    "checkin_confidence": ("checkin", "confidence"),
    "check_in_confidence": ("checkin", "confidence"),
    "note": ("checkin", "note"),
    "checkin_note": ("checkin", "note"),
    "check_in_note": ("checkin", "note"),
    "period": ("set", "period"),
    "quarter": ("set", "period"),
    "cycle": ("set", "period"),
    "team": ("set", "team"),
}


# Lexicon field names that name a check-in's columns in a spreadsheet (the row's latest check-in).
CHECKIN_COLUMNS = {"checkin_date": "date", "checkin_confidence": "confidence", "checkin_note": "note"}
# The lexicon field name of a Markdown check-in line (`- opfølgning: 2027-02-01 42`): no column.
CHECKIN_LINE = "checkin"


def _column_target(name: str) -> tuple[str, str]:
    """(level, field) of a lexicon field name used as a column header."""
    if name in CHECKIN_COLUMNS:
        return "checkin", CHECKIN_COLUMNS[name]
    return ("set", name) if name in ("period", "team") else ("key_result", name)


def _words_regex(words: Iterable[str]) -> str:
    """An alternation of phrases (longest first); `word*` is a stem, spaces match any whitespace."""
    parts = []
    for word in sorted({w.strip().lower() for w in words if str(w).strip()}, key=len, reverse=True):
        stem = word.endswith("*")
        body = r"[\s-]+".join(re.escape(w) for w in word.rstrip("*").split())
        parts.append(body + (r"\w*" if stem else ""))
    return "(?:" + "|".join(parts) + ")"


class Names(dict):
    """Canonical names (`mål_værdi`) -> what they name, found however the words are spelled apart:
    `Målværdi`, `Mål værdi`, `Mål-Værdi` and `MålVærdi` are one name, as are `Zielwert` and
    `Ziel-Wert`, `kiinduló érték` and `kiindulóérték`. A lookup tries the name as given, then
    without its word breaks; a lexicon need not list each way of writing a compound."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._joined: Optional[dict[str, Any]] = None

    def _squashed(self) -> dict[str, Any]:
        if self._joined is None:
            joined: dict[str, Any] = {}
            for name, value in self.items():
                joined.setdefault(name.replace("_", ""), value)
            self._joined = joined
        return self._joined

    def __missing__(self, key: Any) -> Any:
        if isinstance(key, str) and "_" in key:
            joined = self._squashed()
            squashed = key.replace("_", "")
            if squashed in joined:
                return joined[squashed]
        elif isinstance(key, str):
            joined = self._squashed()
            if key in joined:
                return joined[key]
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self._joined = None

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if not dict.__contains__(self, key):
            self[key] = default
        return dict.__getitem__(self, key)


@dataclass(frozen=True)
class _Vocabulary:
    objective: re.Pattern  # a labelled objective: group "rest" is the title
    objective_bare: re.Pattern  # `Objective 1` alone
    key_result: re.Pattern  # a labelled key result: group "rest" is the text
    key_result_bare: re.Pattern  # `KR1.2` alone (a reference, not a key result)
    key_result_owned: re.Pattern  # `Sales KR: …` (GitLab's and Sourcegraph's owner-first format)
    label: re.Pattern  # a heading or line that only labels a list
    section: re.Pattern  # a section that holds no objectives
    fields: dict[str, str]  # canonical key -> field (kr fields, objective meta, set meta)
    columns: dict[str, tuple[str, str]]  # canonical column name -> (level, field)
    ignored: frozenset[str]
    known_keys: tuple[str, ...]
    record_names: frozenset[str]  # a database export's title column (`Name`): a key result when no column names one


_NUM = r"(?:\s*#?\d+(?:\.\d+)*\.?)"
_SEP = r"(?:\s*[:.)]|\s+[-–—]|\s*[–—]|\s*::)"
_DECOR = r"(?:[^\w\s*#\\|<>\[\]()`~_=\"'.,:;!?/&%$€£+-]+\s*)*"  # emoji and symbols before a label


@lru_cache(maxsize=1)
def vocabulary() -> _Vocabulary:
    """The reader's words in all six languages, from the lexicons (read once per process)."""
    from okrcoach.language_data import derived_from_sections, section

    derived_from_sections(vocabulary.cache_clear)  # rebuilt when a rubric folder brings a language
    data = section("reader")
    words: dict[str, list[str]] = {}
    fields = _lexicon_fields()
    ignored: set[str] = set()
    record_names: set[str] = set()
    for lang_data in data.values():
        for key in ("objective", "key_result", "labels", "sections"):
            words.setdefault(key, []).extend(str(w) for w in lang_data.get(key) or [])
        ignored.update(canonical_key(n) for n in lang_data.get("ignored") or [])
        record_names.update(canonical_key(str(n)) for n in lang_data.get("record_name") or [])
    objective = _words_regex(words["objective"])
    key_result = _words_regex(words["key_result"])
    obj = re.compile(
        rf"^{_DECOR}(?:\d{{1,2}}[.)]\s+)?(?:{objective}{_NUM}?{_SEP}|(?-i:O){_NUM}{_SEP}|\d+(?:\.\d+)*\.?\s+{objective}{_SEP})\s*(?P<rest>.*)$",
        re.I | re.S,
    )
    obj_bare = re.compile(rf"^{_DECOR}(?:{objective}{_NUM}|(?-i:O){_NUM}|\d+\.\s+{objective})\s*:?$", re.I)
    kr = re.compile(
        rf"^{_DECOR}(?:{key_result}{_NUM}?{_SEP}|(?-i:KRs?){_NUM}(?:{_SEP}|\s+|$)|(?-i:KRs?){_SEP}|\d+(?:\.\d+)*\.?\s+{key_result}{_SEP})\s*(?P<rest>.*)$",
        re.I | re.S,
    )
    kr_bare = re.compile(rf"^{_DECOR}(?:{key_result}|(?-i:KRs?)){_NUM}?$", re.I)
    kr_owned = re.compile(rf"^(?P<owner>[^\W\d_][^:\n]{{0,48}}?)\s+(?:(?-i:KRs?)|{key_result}){_NUM}?\s*:\s*(?P<rest>\S.*)$", re.I | re.S)
    label = re.compile(rf"^{_DECOR}{_words_regex(words['labels'])}\s*:?$", re.I)
    section_re = re.compile(rf"^{_DECOR}(?:\d{{1,2}}[.)]\s+)?{_words_regex(words['sections'])}(?!\w)", re.I)
    field_map = _field_names()
    columns = dict(COLUMNS)
    for name in fields:
        if name == CHECKIN_LINE:
            continue
        for n in fields[name]:
            columns.setdefault(canonical_key(n), _column_target(name))
    for n in words["objective"]:
        columns[canonical_key(n.rstrip("*"))] = ("objective", "title")
    for n in words["key_result"]:
        columns[canonical_key(n.rstrip("*"))] = ("key_result", "text")
    for n in ("key_results", "krs", "kr"):
        columns[n] = ("key_result", "text")
    for n in ("objectives", "goals", "o"):
        columns[n] = ("objective", "title")
    known = tuple(sorted(set(field_map) | set(columns)))
    return _Vocabulary(obj, obj_bare, kr, kr_bare, kr_owned, label, section_re, field_map, Names(columns), frozenset(ignored), known, frozenset(record_names))


def _lexicon_fields() -> dict[str, list[str]]:
    """Each field's names in every language's `reader.fields` (`baseline` -> `Udgangspunkt`, …)."""
    from okrcoach.language_data import section

    fields: dict[str, list[str]] = {}
    for lang_data in section("reader").values():
        for name, names in (lang_data.get("fields") or {}).items():
            fields.setdefault(str(name), []).extend(str(n) for n in names or [])
    return fields


@lru_cache(maxsize=1)
def _field_names() -> "Names":
    """Canonical key -> the field it names, in all six languages: what `field_name` asks, without
    the readers' patterns (`vocabulary`), which a YAML or JSON file never needs."""
    from okrcoach.language_data import derived_from_sections, section

    derived_from_sections(_field_names.cache_clear)  # rebuilt when a rubric folder brings a language
    derived_from_sections(own_keys.cache_clear)  # and what was read with the names it replaces
    objective_words: list[tuple[str, str]] = []
    for lang_data in section("reader").values():
        for name, names in (lang_data.get("objective_fields") or {}).items():
            if name in OBJECTIVE_META:  # an objective's own lines (`Beskrivelse:`), never a column
                objective_words.extend((canonical_key(str(n)), str(name)) for n in names or [])
        for name, names in (lang_data.get("set_fields") or {}).items():
            if name in SET_META:  # the set's own keys and property lines (`Titel:`), never a column
                objective_words.extend((canonical_key(str(n)), str(name)) for n in names or [])
        # The language line (`sprog: da`, `Sprache: de`): the set's `language`, never a column.
        objective_words.extend((canonical_key(str(n)), "language") for n in lang_data.get("language") or [])
    field_map: dict[str, str] = {}
    for name, names in _lexicon_fields().items():
        if name in CHECKIN_COLUMNS:
            continue  # spreadsheet columns only; a Markdown check-in is one `checkin:` line
        for n in names:
            field_map.setdefault(canonical_key(n), name)
    for word, name in objective_words:
        field_map.setdefault(word, name)
    for name in KR_FIELDS | OBJECTIVE_META | SET_META | CHECKIN_KEYS:
        field_map[name] = name
    for alias, name in {**KEY_RESULT_ALIASES, **OBJECTIVE_ALIASES, **SET_ALIASES}.items():
        if name in KR_FIELDS | OBJECTIVE_META | SET_META:
            field_map.setdefault(alias, name)
    return Names(field_map)


_NUMBER_COLUMNS = ("baseline", "target", "current")


def number_column(name: str, cells: Iterable[str]) -> Optional[tuple[str, str]]:
    """The field a column named like an objective holds when it holds only numbers: Danish and
    Swedish `Mål` is both the objective and the target, and a column of `4,5` and `30 %` under
    it is the target (an objective is never a number). None when a cell is not a number."""
    from okrcoach.values import parse_quantity

    field = field_name(name)
    if field not in _NUMBER_COLUMNS:
        return None
    filled = [cell.strip() for cell in cells if cell.strip()]
    if not filled:
        return None
    for cell in filled:
        try:
            parse_quantity(cell)
        except ValueError:  # UnreadableValue: words, not a number
            return None
    return _column_target(field)


UNIT_FIELDS = ("baseline", "target", "current", "confidence", "weight")  # the number fields a header's unit applies to
# A column header that names its unit after the field: `Target %`, `Baseline (%)`, `Zielwert [€]`,
# `Current (days)`. The unit is short, in brackets or a symbol of its own.
_HEADER_UNIT = re.compile(r"^(?P<name>.*?[^\s(\[])\s*(?:\((?P<paren>[^()]{1,15})\)|\[(?P<bracket>[^\[\]]{1,15})\]|(?P<symbol>[%‰€$£]))\s*$")


def header_column(header: str) -> tuple[Optional[tuple[str, str]], Optional[str]]:
    """(level, field) of a table or spreadsheet column header and the unit the header gives its
    cells: `Target %` → (("key_result", "target"), "%"), `Owner` → (("key_result", "owner"), None),
    (None, None) for a header no reader knows. Every reader and editor of columns asks this."""
    columns = vocabulary().columns
    target = columns.get(canonical_key(header))
    if target is not None:
        return target, None
    m = _HEADER_UNIT.match(header.strip())
    if m:
        target = columns.get(canonical_key(m.group("name")))
        if target is not None:
            return target, (m.group("paren") or m.group("bracket") or m.group("symbol")).strip()
    return None, None


def cell_with_unit(cell: str, unit: Optional[str]) -> str:
    """A number cell under a header that gives its unit (`Target %`), with that unit when the
    cell has none: `12` → `12 %`; a cell with its own unit, or one that would not read as a
    number with it, as it is."""
    if not unit or not cell.strip():
        return cell
    from okrcoach.values import parse_quantity

    try:
        _, own = parse_quantity(cell, "cell", None)
    except ValueError:
        return cell
    if own is not None:
        return cell
    joined = f"{cell.strip()} {unit}"
    try:
        parse_quantity(joined, "cell", None)
    except ValueError:
        return cell
    return joined


def field_name(key: str) -> Optional[str]:
    """The field a key names in any of the six languages (`Udgangspunkt` → baseline), or None."""
    return _field_names().get(canonical_key(key))


@lru_cache(maxsize=1)
def _local_columns() -> dict[str, dict[str, tuple[str, str]]]:
    """Each language's own column names (canonical) -> (level, field), in the lexicon's order."""
    from okrcoach.language_data import section

    out: dict[str, dict[str, tuple[str, str]]] = {}
    for language, data in section("reader").items():
        names: dict[str, tuple[str, str]] = {}
        for word in data.get("objective") or []:
            names.setdefault(canonical_key(str(word).rstrip("*")), ("objective", "title"))
        for word in data.get("key_result") or []:
            names.setdefault(canonical_key(str(word).rstrip("*")), ("key_result", "text"))
        for name, words in (data.get("fields") or {}).items():
            for word in words or [] if name != CHECKIN_LINE else []:
                names.setdefault(canonical_key(str(word)), _column_target(str(name)))
        out[str(language)] = Names(names)
    return out


def column_language(headers: Iterable[str]) -> Optional[str]:
    """The language whose own words name most of a spreadsheet's columns (`Mål`, `Nøgleresultat`,
    `Ansvarlig` → da), or None when no language's words stand out."""
    keys = [canonical_key(h) for h in headers if h.strip()]
    counts = {language: sum(1 for k in keys if k in names) for language, names in _local_columns().items()}
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def local_column(target: tuple[str, str], language: Optional[str]) -> Optional[str]:
    """The first name `language`'s lexicon gives a column for (level, field), as written there
    (`aktuel` for a Danish key result's current value), or None."""
    from okrcoach.language_data import section

    if language is None:
        return None
    data = section("reader").get(language) or {}
    for name, words in (data.get("fields") or {}).items():
        if _column_target(str(name)) == target and words:
            return str(words[0])
    return None


def suggestable_columns(headers: Iterable[str]) -> list[str]:
    """The column names an unknown column may be a misspelling of: the canonical (English) names and
    those of the language whose words name the sheet's own columns, never another language's (an
    English sheet's `trend` is not a misspelt Danish `enhed`)."""
    language = column_language(headers)
    names = list(COLUMNS)
    if language not in (None, "en"):
        names += [name for name in _local_columns().get(language, {}) if name not in COLUMNS]
    return names


def known_columns(headers: Iterable[str]) -> str:
    """The columns a spreadsheet or table can have, one name for each field, in the language whose
    words name the sheet's own columns (`mål, nøgleresultat, …` for a Danish sheet), the canonical
    names (`key_result`, `baseline`) for an English sheet, one a language lacks, or a sheet whose
    language does not stand out: what an unknown column's fix lists."""
    from okrcoach.language_data import section

    language = column_language(headers)
    if language == "en":
        language = None  # English sheets are told the columns' canonical names (`key_result`)
    reader = (section("reader").get(language) or {}) if language is not None else {}
    names: dict[tuple[str, str], str] = {}
    for name, target in COLUMNS.items():
        if target in names:
            continue
        if target in (("objective", "title"), ("key_result", "text")):
            words = reader.get(target[0]) or []
            local = str(words[0]).rstrip("*") if words else None
        else:
            local = local_column(target, language)
        names[target] = local or name
    return ", ".join(names.values())


def local_objective_label(name: str, language: Optional[str]) -> Optional[str]:
    """The label an objective's own line is written with in `language` (`Beskrivelse` for
    description in Danish, `Ansvarlig` for owner), capitalised, when the reader reads it back as
    that field; None for English and for a field the language has no word for."""
    from okrcoach.language_data import section

    if not language or language == "en":
        return None
    if name == "owner":
        word = local_column(("key_result", "owner"), language)
    else:
        words = ((section("reader").get(language) or {}).get("objective_fields") or {}).get(name) or []
        word = str(words[0]) if words else None
    if not word or field_name(word) != name:
        return None
    return word[:1].upper() + word[1:]


def local_field_key(name: str, language: Optional[str]) -> Optional[str]:
    """The key a key result's field is written with in `language` (`udgangspunkt` for baseline
    in Danish, `Zielwert` for target in German): the first word its lexicon gives the field, as
    written there, when the reader reads that word back as the same field; None for English and
    for a field the language has no word for (the English name is then written)."""
    if not language or language == "en":
        return None
    word = local_column(("key_result", name), language)
    read_as = field_name(word) if word else None
    return word if read_as == name or (name == CHECKIN_LINE and read_as in CHECKIN_KEYS) else None


def local_field(key: Any, what: str, value: Any = None) -> Optional[str]:
    """The field a key names in one of the six languages at an element of kind `what` (set,
    objective, key_result), or None: the words the Markdown reader knows for fields and
    properties (`periode`, `időszak`, `Zielwert`, `Verantwortlich`, `titel`), an objective's label
    as its title (`tavoite:`) and a key result's as its text, a list label as the list it names
    (`célok:` above objectives, `Schlüsselergebnisse:` under one), and a key result's check-in
    list and a check-in's own keys (`opfølgninger:`, `dato:`, `værdi:`; kind `checkin`,
    `checkin_key`). One table for every reader:
    YAML, JSON and Markdown front matter accept the same names."""
    from okrcoach.model import KeyResult, Objective, OkrSet

    from .build import known_fields

    if what == "checkin":
        return checkin_field(key) if isinstance(key, str) else None
    model = {"set": OkrSet, "objective": Objective, "key_result": KeyResult}.get(what)
    if model is None or not isinstance(key, str):
        return None
    if what == "key_result" and checkin_field(key) == "checkins":
        return "checkins"
    known = known_fields(model)
    field = field_name(key)
    if field in known:
        return field
    voc = vocabulary()
    column = voc.columns.get(canonical_key(key))
    if what == "objective" and column == ("objective", "title"):
        return "title"
    if what == "key_result" and column == ("key_result", "text"):
        return "text"
    if isinstance(value, list) and voc.label.match(key.strip()):
        return {"set": "objectives", "objective": "key_results"}.get(what)
    return None


def local_keys(what: str) -> dict[str, tuple[str, str]]:
    """Every key the readers take, in the lexicons' other languages, for a field of an element of kind
    `what` (set, objective, key_result) other than its English names and aliases: key as the
    lexicon writes it, in lower case and capitalised -> (field, language). The words are the
    lexicons' reader words; each is kept only where `local_field` reads it as that field (a list
    label as the list it names), so this is the table the readers use, listed (the JSON Schema
    offers these keys to editors)."""
    from okrcoach.language_data import section

    from .build import KEY_RESULT_ALIASES, OBJECTIVE_ALIASES, SET_ALIASES

    english = {"set": SET_ALIASES, "objective": OBJECTIVE_ALIASES, "key_result": KEY_RESULT_ALIASES}[what]
    found: dict[str, tuple[str, str]] = {}
    for language, data in section("reader").items():
        if language == "en":
            continue  # English words beyond the field names are the aliases' business
        words: list[str] = [str(w).rstrip("*") for key in ("objective", "key_result", "labels", "language") for w in data.get(key) or []]
        for group in ("fields", "objective_fields", "set_fields"):
            for name, names in (data.get(group) or {}).items():
                if name not in CHECKIN_COLUMNS and name != CHECKIN_LINE:
                    words.extend(str(w) for w in names or [])
        for word in words:
            field = local_field(word, what, []) if word.strip() else None
            canonical = canonical_key(word)
            if field is None or canonical == field or canonical in english:
                continue
            for form in dict.fromkeys((word, word.lower(), word[:1].upper() + word[1:])):
                found.setdefault(form, (field, str(language)))
    return found


@lru_cache(maxsize=1)
def _checkin_words() -> dict[str, dict[str, str]]:
    """Each language's words for a key result's check-in list and a check-in's own keys (the
    lexicons' `reader: checkin_fields:`): language -> {word as written: field}, in their order."""
    from okrcoach.language_data import derived_from_sections, section

    derived_from_sections(_checkin_words.cache_clear)
    out: dict[str, dict[str, str]] = {}
    for language, data in section("reader").items():
        words: dict[str, str] = {}
        for name, names in (data.get("checkin_fields") or {}).items():
            for word in names or []:
                words.setdefault(str(word), str(name))
        out[str(language)] = words
    return out


def checkin_field(key: str) -> Optional[str]:
    """What a key names at a check-in in any language (`værdi` → value, `dato` → date), or
    `checkins` for a key result's check-in list (`opfølgninger`); None when it is none of them."""
    canonical = canonical_key(key)
    for words in _checkin_words().values():
        for word, name in words.items():
            if canonical_key(word) == canonical:
                return name
    return None


def checkin_key(name: str, language: Optional[str]) -> str:
    """The key a check-in's field `name` (or `checkins`, the list) is written with in `language`:
    its lexicon's first word for it, when it reads back as the same field; else the English name."""
    words = _checkin_words().get(language or "en") or {}
    word = next((w for w, field in words.items() if field == name), None)
    return word if word is not None and checkin_field(word) == name else name


def key_language(keys: Iterable[str]) -> Optional[str]:
    """The language whose own words most of a file's keys are (`aktuel`, `målværdi` → da), or
    None when none is (English keys) or two tie: the language a writer adds new keys in."""
    counts: dict[str, int] = {}
    tables = [local_keys(what) for what in ("set", "objective", "key_result")]
    # A check-in word English shares with another language (`note` is Danish too) says nothing
    # about the file's language: counted for Danish, it turned a file of English keys Danish
    # after its first check-in with a note, and the next check-in was written `opfølgninger:`.
    english = _checkin_words().get("en", {})
    for key in keys:
        if not isinstance(key, str):
            continue
        found = next((table[key][1] for table in tables if key in table), None)
        if found is None and key not in english:
            found = next((language for language, words in _checkin_words().items() if key in words and language != "en"), None)
        if found is not None:
            counts[found] = counts.get(found, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


_KEY_BEFORE_COLON = re.compile(r"^[\s>]*(?:[-*+]\s+(?:\[.\]\s+)?|\d+[.)]\s+)?(?:\*\*|__)?(?P<key>[^\W\d_][\w\- ]{0,40}?)\s*(?:\*\*|__)?\s*:")
_JSON_KEY = re.compile(r'"(?P<key>[^"\\\n]{1,40})"\s*:')


def hint_key(name: str, text: Optional[str], fmt: Optional[str], language: Optional[str]) -> str:
    """The key a hint asks the user to add for a key result's field `name`, as this file writes it:
    the file's own key for that field when it has one (`Tavoitetaso:`, a `Zielwert` column),
    else the word its editor writes (Markdown and CSV: the lexicon's first reader word in the set's
    language, `tavoitetaso:`; YAML and JSON: that word in the language of the file's own keys,
    English in a file of English keys, `target:`, `"target":`)."""
    own = _own_key(name, text or "", fmt)
    if own is not None:
        return own
    if fmt == "csv":
        return (local_column(("key_result", name), language) if language not in (None, "en") else None) or name
    if fmt == "md":
        return f"{local_field_key(name, language) or name}:"
    # YAML and JSON: the key their editor adds, in the language of the file's own keys (`tekst:`,
    # `mål:` → `udgangspunkt:`), English in a file of English keys.
    local = local_field_key(name, _keys_language(text or "", fmt))
    return f'"{local or name}":' if fmt == "json" else f"{local or name}:"


@lru_cache(maxsize=4)  # asked once per hint: a file of many key results is read once, not once a hint
def _keys_language(text: str, fmt: Optional[str]) -> Optional[str]:
    """The language of the keys a YAML or JSON text writes (`key_language`), or None."""
    if fmt == "json":
        keys = [m.group("key") for m in _JSON_KEY.finditer(text)]
    else:
        keys = [m.group("key") for m in map(_KEY_BEFORE_COLON.match, text.splitlines()) if m]
    return key_language(keys)


def file_key(name: str, text: Optional[str], fmt: Optional[str], language: Optional[str]) -> Optional[str]:
    """The key a message should name field `name` with in this file when it is not the English
    `name:`: the file's own key for it (`lähtötaso:`, `"nykyinen":`, a `Lähtötaso` column), else
    in Markdown the word its editor writes in the file's language; None when the English key is
    the one to name (a YAML or JSON file that has no own key for it: its editor writes `name:`)."""
    own = _own_key(name, text or "", fmt)
    if own is None and fmt == "md":
        own = f"{local_field_key(name, language) or name}:"
    return None if own is None or own == f"{name}:" else own


def _own_key(name: str, text: str, fmt: Optional[str]) -> Optional[str]:
    """The key, column or table heading `text` already names field `name` with, as written, or None."""
    return own_keys(text, fmt).get(name)


def _column_field(header: str) -> Optional[str]:
    """The field a column header names as the readers take it (`Ziel` and `Mål` are the objective's
    column, not the target's, though they are target words too), or None."""
    target, _ = header_column(header) if header else (None, None)
    return None if target is None or target == ("objective", "title") else target[1]


@lru_cache(maxsize=8)
def own_keys(text: str, fmt: Optional[str]) -> dict[str, str]:
    """Field -> the first key, column or table heading `text` names it with, as written (`_own_key`
    for every field at once: a report asks for several fields of one file, and each would read
    every line of it again)."""
    found: dict[str, str] = {}
    if fmt == "json":
        for m in _JSON_KEY.finditer(text):
            field = field_name(m["key"])
            if field is not None and field not in found:
                found[field] = f'"{m["key"]}":'
        return found
    lines = text.splitlines()
    if fmt == "csv":
        header = next((line for line in lines if line.strip()), "")
        delimiter = max((",", ";", "\t"), key=header.count)
        for cell in (cell.strip().strip('"').strip() for cell in header.split(delimiter)):
            field = _column_field(cell)
            if field is not None and field not in found:
                found[field] = cell
        return found
    seen: set[str] = set()  # keys already looked up: the same key names the same field (or none) again
    for line in lines:
        if ":" not in line and "|" not in line:
            continue  # neither a table row nor a `key:` line (most lines of a large file: its texts)
        if line.lstrip().startswith("|"):
            first: dict[str, str] = {}  # the row's first cell naming each field
            for cell in (c.strip(" *_") for c in line.strip().strip("|").split("|")):
                field = _column_field(cell)
                if field is not None and field not in first:
                    first[field] = cell
            for field, cell in first.items():
                if cell and field not in found:
                    found[field] = cell
            continue
        m = _KEY_BEFORE_COLON.match(line)
        if m and m["key"] not in seen:
            key = m["key"]
            seen.add(key)
            field = field_name(key)
            if field is not None and field not in found:
                found[field] = f"{key}:"
    return found


def checkin_column(header: str) -> Optional[tuple[str, str]]:
    """A table column that holds a check-in's part in any language: the check-in itself
    (`Check-in`, `Opfølgning`, `Incheckning`), its `Date` (`Dato`, `Datum`, `Päivämäärä`, `Dátum`),
    `Value` or note (the lexicons' check-in keys); None for any other header."""
    if field_name(header) in CHECKIN_KEYS:
        return ("checkin", "entry")
    name = checkin_field(header)
    if name == "checkins":
        return ("checkin", "entry")
    return ("checkin", name) if name in ("date", "value", "note") else None
