"""The OKR domain: sets, objectives, key results, periods and findings.

Plain data with no I/O, so every other layer (readers, rubric, drafting, front ends) shares one
vocabulary. Source locations are kept beside the data (excluded from dumps) so a finding can
point at the line a user wrote.

The classes are dataclasses, not pydantic models: reading and judging a file (`okrcoach lint`)
builds thousands of them and must not pay pydantic's import. They keep the pydantic-style methods
the rest of the code uses (`model_dump`, `model_copy`, `model_fields`, `model_construct`), and
`model_validate` validates through pydantic, imported only when it is called (the TUI, recovery,
drafting): the field annotations carry their checks (`Finite`, `NonBlank`, `PeriodLabel`) in the
form pydantic reads from `Annotated`, so both paths accept and refuse the same values.
"""

import dataclasses
import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Annotated, Any, Callable, ClassVar, Literal, Mapping, Optional, Union, get_args, get_origin


def _finite(value: Any) -> Any:
    """A metric's number must be finite and fit a float: progress is computed with it."""
    try:
        if math.isfinite(value):
            return value
    except OverflowError:
        raise ValueError("the number is too large to compute with") from None
    raise ValueError("the number must be finite (not inf or nan)")


class _Check:
    """A check on a field's value, written in `Annotated` metadata in the protocol pydantic reads
    (`__get_pydantic_core_schema__`), so validating with pydantic applies it without this module
    importing pydantic. `before` checks run on the raw input, the others on the validated value."""

    def __init__(self, function: Callable[[Any], Any], before: bool = False, skip: bool = False) -> None:
        self.function = function
        self.before = before
        self.skip = skip

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        if self.skip:
            return core_schema.any_schema()
        if self.before:
            return core_schema.no_info_before_validator_function(self.function, handler(source))
        return core_schema.no_info_after_validator_function(self.function, handler(source))

    def __repr__(self) -> str:
        return f"_Check({self.function.__name__})"


Finite = _Check(_finite)
Number = Annotated[Union[int, float], Finite]
FiniteFloat = Annotated[float, Finite]


def _language_code(value: str) -> str:
    """A language is named by its lexicon's code (`da`, `nb`); which codes exist is rubric data
    (`okrcoach.language_data.available_languages`), checked by the readers and the config."""
    if not re.fullmatch(r"[a-z]{2,3}", value):
        raise ValueError("a language is a two- or three-letter code such as en, da or nb")
    return value


Language = Annotated[str, _Check(_language_code)]


class Level(str, Enum):
    """How serious a finding is; ordered info < warning < error."""

    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.info: 0, Level.warning: 1, Level.error: 2}


@dataclass(frozen=True)
class Spot:
    """Where one value's source text sits: from column `start` of `line` to column `end` (exclusive)
    of `end_line` (lines 1-based, columns 0-based, in characters of the decoded line).

    The range is the value as written, markup and escapes included (`**SSO**`, `tier\\-1`), without
    its label (`KR1: `), list marker, checkbox or table pipes: replacing exactly this range with the
    new value (escaped for the format) edits the value and nothing else.
    """

    line: int
    start: int
    end: int
    end_line: Optional[int] = None  # set when the value continues on following lines

    @property
    def last_line(self) -> int:
        return self.end_line if self.end_line is not None else self.line


@dataclass(frozen=True)
class Span:
    """The lines an objective or key result occupies in its file and the shape it was written in.

    `first`..`last` (1-based, inclusive) cover the element's own lines: a waiver comment just
    before it, its line, wrapped continuation lines, field and note sub-bullets, property lines and
    description, and for an objective all its key results. Blank lines and rules around it are not
    included. `shape` is how the element is written:

    * `heading` (ATX `## …`, `level` is the number of `#`), `setext_heading` (underlined);
    * `bullet` (`marker` `-`, `*` or `+`), `numbered` (`marker` `1.` or `1)`), `checkbox` (a bullet
      with `[ ]`/`[x]`; `checked` says which);
    * `numbered_paragraph` (a hand-numbered paragraph a word processor escaped: `1\\. Objective: …`);
    * `bold_line` (a paragraph that is wholly bold, `**Objective 1**`), `paragraph` (a labelled
      paragraph such as `KR1: …`);
    * `table_row` (a Markdown table row) and `csv_row` (a CSV record): `columns` maps each field
      read from the row (`title`/`text`, `owner`, `baseline`, …) to its 0-based column.

    `bold` says the element's text was wrapped in `**…**`; `indent` is the indentation (in columns,
    tabs counted as 4) of a list item's marker; `child_indent` the indentation of its sub-bullets
    (fields and notes), if it has any. `text` is where the objective title or key-result text sits,
    `fields` where each structured field's value sits. A field on its own line (a `- baseline: 120`
    sub-bullet, an `Owner: Anna` line) owns that whole line; in a `table_row` or `csv_row` a field is
    one cell. In a Markdown `table_row`, `layout` says where the table's check-in columns stand,
    filled or not (`checkin.entry`, `checkin.date`, `checkin.value`, `checkin.confidence`,
    `checkin.note`, and `key_result.current` and `key_result.confidence`), and `checkin_value` which
    of them the row's check-in took its value from: an editor writes a check-in into those cells.
    """

    first: int
    last: int
    shape: str
    text: Optional[Spot] = None
    fields: Mapping[str, Spot] = field(default_factory=dict)
    marker: str = ""
    level: Optional[int] = None
    indent: int = 0
    child_indent: Optional[int] = None
    checked: Optional[bool] = None
    bold: bool = False
    columns: Mapping[str, int] = field(default_factory=dict)
    layout: Mapping[str, int] = field(default_factory=dict)


class _FieldInfo:
    """What `model_fields` tells about one field: its annotation, default and whether dumps leave it out."""

    __slots__ = ("name", "annotation", "default", "default_factory", "exclude")

    def __init__(self, spec: dataclasses.Field) -> None:
        self.name = spec.name
        self.annotation = spec.type
        self.default = spec.default  # dataclasses.MISSING when the field has none
        self.default_factory = None if spec.default_factory is dataclasses.MISSING else spec.default_factory
        self.exclude = bool(spec.metadata.get("exclude"))

    def is_required(self) -> bool:
        return self.default is dataclasses.MISSING and self.default_factory is None

    def get_default(self) -> Any:
        return self.default_factory() if self.default_factory is not None else self.default

    def __repr__(self) -> str:
        return f"FieldInfo({self.name}: {self.annotation!r})"


def _dumped(value: Any, json_mode: bool, exclude_none: bool, exclude_defaults: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(mode="json" if json_mode else "python", exclude_none=exclude_none, exclude_defaults=exclude_defaults)
    if isinstance(value, list):
        return [_dumped(v, json_mode, exclude_none, exclude_defaults) for v in value]
    if json_mode:
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, date):
            return value.isoformat()
    return value


_new_object = object.__new__


class Record:
    """Plain data with the pydantic-style methods the rest of okrcoach calls on model objects.

    Subclasses are keyword-only dataclasses made with `record`. Construction does not convert or
    check values (readers validate each field as they build, see `okrcoach.formats.build`);
    `model_validate` does, through pydantic, for data from outside (recovery files, the TUI).
    """

    model_fields: ClassVar[dict[str, _FieldInfo]] = {}
    _dump_as: ClassVar[dict[str, Callable[[Any], Any]]] = {}
    _plain_fields: ClassVar[tuple[tuple[str, Callable[[Any], bool]], ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _factories: ClassVar[tuple[tuple[str, Callable[[], Any]], ...]] = ()
    _required: ClassVar[frozenset[str]] = frozenset()

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False, exclude_defaults: bool = False) -> dict[str, Any]:
        """The fields as plain data, nested records included (`source` and other excluded fields left out).

        `mode="json"` gives dates as ISO text and enums as their values; `exclude_none` and
        `exclude_defaults` leave out fields that are None or hold their default, at every level.
        """
        json_mode = mode == "json"
        result: dict[str, Any] = {}
        for name, info in self.model_fields.items():
            if info.exclude:
                continue
            value = getattr(self, name)
            if exclude_none and value is None:
                continue
            if exclude_defaults and not info.is_required() and value == info.get_default():
                continue
            dump_as = self._dump_as.get(name)
            result[name] = dump_as(value) if dump_as is not None and value is not None else _dumped(value, json_mode, exclude_none, exclude_defaults)
        return result

    def model_copy(self, *, update: Optional[Mapping[str, Any]] = None, deep: bool = False):
        """A copy (deep: nested records and lists copied too), with `update`'s fields replaced as given."""
        import copy

        clone = copy.deepcopy(self) if deep else copy.copy(self)
        for name, value in (update or {}).items():
            object.__setattr__(clone, name, value)
        return clone

    @classmethod
    def model_construct(cls, **fields: Any):
        """An instance from trusted values, with no check or conversion (defaults filled in).

        The readers and the rubric build thousands of records this way (a 5,000 key-result file),
        so the defaults are laid down from `_defaults` and `_factories`, made once per class."""
        return cls.from_fields(fields)

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]):
        """`model_construct` from a mapping of the fields, for a caller that has them in one
        already (a reader, the finding factory): no keyword arguments to pack again."""
        if not fields.keys() >= cls._required:
            missing = next(name for name in cls.model_fields if name in cls._required and name not in fields)
            raise TypeError(f"{cls.__name__}.model_construct() missing the field {missing!r}")
        instance = _new_object(cls)
        values = instance.__dict__  # records keep their fields in __dict__ (frozen ones too)
        values.update(cls._defaults)
        for name, factory in cls._factories:
            if name not in fields:
                values[name] = factory()
        values.update(fields)
        return instance

    def __post_init__(self) -> None:
        # A value of another type than the field's (`deadline="2027-03-31"`, `baseline="12"`,
        # key results as dicts) is converted, or refused with pydantic's ValidationError, as a
        # pydantic model would; values of the right type (all of them, when a reader built the
        # element) cost one type test each.
        for name, plain in self._plain_fields:
            value = getattr(self, name)
            if not plain(value):
                object.__setattr__(self, name, _field_adapter(type(self), name).validate_python(value))

    @classmethod
    def model_validate(cls, data: Any):
        """An instance from outside data, converted and checked as pydantic does (raises its
        ValidationError, a ValueError, naming the field). Imports pydantic on first call."""
        if isinstance(data, cls):
            return data
        fields = cls.model_fields
        if type(data) is dict and data.keys() <= fields.keys() and all(name in data for name, info in fields.items() if info.is_required()):
            # The constructor converts or refuses each field as pydantic does (see __post_init__),
            # so data whose values already have their types never imports pydantic.
            return cls(**data)
        return _adapter(cls).validate_python(data)


_ADAPTERS: dict[type, Any] = {}


def _adapter(cls: type) -> Any:
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


_FIELD_ADAPTERS: dict[tuple[type, str], Any] = {}


def _field_adapter(cls: type, name: str) -> Any:
    adapter = _FIELD_ADAPTERS.get((cls, name))
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _FIELD_ADAPTERS[(cls, name)] = TypeAdapter(cls.model_fields[name].annotation)
    return adapter


def _plain_check(annotation: Any) -> Optional[Callable[[Any], bool]]:
    """A test that a value already is what pydantic would make of it for `annotation` (so it can
    be kept as it is); None when any value is kept (text-typed annotations, mappings, spans)."""
    if isinstance(annotation, str) or annotation is Any:
        return None
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        checks = [m for m in metadata if isinstance(m, _Check)]
        if any(c.skip or c.before for c in checks):
            return None
        inner = _plain_check(base) or (lambda value: True)
        after = tuple(c.function for c in checks)

        def checked(value: Any) -> bool:
            if not inner(value):
                return False
            try:
                for function in after:
                    function(value)
            except (ValueError, TypeError, OverflowError):
                return False
            return True

        return checked
    if origin is Union:
        options = get_args(annotation)
        tests = [_plain_check(option) for option in options if option is not type(None)]
        if any(test is None for test in tests):
            return None
        allows_none = type(None) in options
        return lambda value: (allows_none and value is None) or any(test(value) for test in tests)  # type: ignore[misc]
    if origin is Literal:
        choices = frozenset(get_args(annotation))
        return lambda value: type(value) is str and value in choices
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        test = _plain_check(item)
        if test is None:
            return lambda value: type(value) is list
        return lambda value: type(value) is list and all(test(v) for v in value)
    if annotation in (str, int, float, bool, date):
        return lambda value: type(value) is annotation
    if isinstance(annotation, type) and (issubclass(annotation, (Record, Enum))):
        return lambda value: isinstance(value, annotation)
    return None


def record(cls=None, *, frozen: bool = False):
    """Make `cls` a keyword-only dataclass record with `model_fields` (see `Record`)."""

    def make(klass: type) -> type:
        made = dataclass(klass, kw_only=True, frozen=frozen)
        made.model_fields = {spec.name: _FieldInfo(spec) for spec in dataclasses.fields(made)}
        plain = ((name, _plain_check(info.annotation)) for name, info in made.model_fields.items())
        made._plain_fields = tuple((name, test) for name, test in plain if test is not None)
        made._defaults = {name: info.default for name, info in made.model_fields.items() if info.default is not dataclasses.MISSING}
        made._factories = tuple((name, info.default_factory) for name, info in made.model_fields.items() if info.default_factory is not None)
        made._required = frozenset(name for name, info in made.model_fields.items() if info.is_required())
        return made

    return make if cls is None else make(cls)


def _excluded(default: Any = None) -> Any:
    """A field kept beside the data but left out of dumps and reprs (where it was read from)."""
    return field(default=default, repr=False, metadata={"exclude": True})


@record(frozen=True)
class Source(Record):
    """Where an element was read from: path (None for generated data), 1-based line and, when the
    reader knows it, the element's span of lines and shape (see `Span`)."""

    path: Optional[str] = None
    line: Optional[int] = None
    span: Annotated[Optional[Span], _Check(lambda value: value, skip=True)] = None


@record(frozen=True)
class Period(Record):
    """An OKR period as the user wrote it, normalised to inclusive start and end dates."""

    label: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


_QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def _span(label: str, year: int, first_month: int, last_month: int) -> Period:
    import calendar

    last_day = calendar.monthrange(year, last_month)[1]
    return Period(label=label, start=date(year, first_month, 1), end=date(year, last_month, last_day))


class PeriodError(ValueError):
    """A period okrcoach cannot read; `reversed` when it ends before it starts."""

    def __init__(self, message: str, reversed: bool = False) -> None:
        super().__init__(message)
        self.reversed = reversed


def parse_period(label: str) -> Period:
    """Parse `2027-Q1`, `Q1 2027`, `2027-H1`, `FY2027`, `2027` or `2027-01-01..2027-03-31`.

    Raises ValueError with an explanation of the accepted forms when the label is not one.
    """
    text = label.strip()
    compact = re.sub(r"\s+", " ", text).upper()
    m = re.fullmatch(r"(\d{4})[- /]?Q([1-4])", compact) or None
    if m:
        year, quarter = int(m.group(1)), int(m.group(2))
        return _span(text, year, *_QUARTER_MONTHS[quarter])
    m = re.fullmatch(r"Q([1-4])[- /]?(\d{4})", compact)
    if m:
        quarter, year = int(m.group(1)), int(m.group(2))
        return _span(text, year, *_QUARTER_MONTHS[quarter])
    m = re.fullmatch(r"(\d{4})[- /]?H([12])", compact) or re.fullmatch(r"H([12])[- /]?(\d{4})", compact)
    if m:
        a, b = m.group(1), m.group(2)
        year, half = (int(a), int(b)) if len(a) == 4 else (int(b), int(a))
        return _span(text, year, 1, 6) if half == 1 else _span(text, year, 7, 12)
    m = re.fullmatch(r"(?:FY|CY) ?(\d{4}|\d{2})", compact) or re.fullmatch(r"(\d{4})", compact)
    if m:
        year = int(m.group(1))
        if year < 100:
            year += 2000
        return _span(text, year, 1, 12)
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2}) ?\.\. ?(\d{4}-\d{2}-\d{2})", compact)
    if m:
        start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        if end < start:
            raise PeriodError(f"period {text!r} ends before it starts; write it as 2027-Q1 or start..end, e.g. 2027-01-01..2027-03-31", reversed=True)
        return Period(label=text, start=start, end=end)
    local = _worded_period(text)
    if local is not None:
        return local
    raise PeriodError(f"{text!r} is not a period okrcoach understands; write it as 2027-Q1, Q1 2027, 2027-H1, FY2027, 2027 or 2027-01-01..2027-03-31")


# The months a part of the year spans: quarters, halves and tertials (four months), by number.
_PARTS = {"quarter": _QUARTER_MONTHS, "half": {1: (1, 6), 2: (7, 12)}, "tertial": {1: (1, 4), 2: (5, 8), 3: (9, 12)}}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class _PeriodWords:
    """The words every language names a period with (the lexicons' `periods:` blocks, merged)."""

    units: tuple[tuple[re.Pattern, str], ...]  # quarter, half, tertial, year
    ordinals: tuple[tuple[re.Pattern, int], ...]
    seasons: tuple[tuple[re.Pattern, int], ...]  # a season's half: 1 or 2
    suffix: Optional[re.Pattern]  # what an ordinal digit carries (`1st`, `1:a`)


def _word_pattern(words: Any) -> Optional[re.Pattern]:
    """One whole token of these words; `word*` is a stem, a space matches a space or a hyphen."""
    parts = sorted({str(w).strip().lower() for w in words or [] if str(w).strip()}, key=len, reverse=True)
    if not parts:
        return None
    alternatives = (r"[ -]".join(re.escape(piece) for piece in word.rstrip("*").split()) + (r"\w*" if word.endswith("*") else "") for word in parts)
    return re.compile("(?:" + "|".join(alternatives) + ")")


@functools.lru_cache(maxsize=1)
def _period_words() -> _PeriodWords:
    from okrcoach.language_data import derived_from_sections, section

    derived_from_sections(_period_words.cache_clear)  # a rubric folder's language brings its words
    units: list[tuple[re.Pattern, str]] = []
    ordinals: list[tuple[re.Pattern, int]] = []
    seasons: list[tuple[re.Pattern, int]] = []
    suffixes: list[str] = []
    for data in section("periods").values():
        for unit in ("quarter", "half", "tertial", "year"):
            pattern = _word_pattern((data or {}).get(unit))
            if pattern is not None:
                units.append((pattern, unit))
        for number, words in enumerate((data or {}).get("ordinals") or [], start=1):
            pattern = _word_pattern(words)
            if pattern is not None:
                ordinals.append((pattern, number))
        for half, key in ((1, "first_half"), (2, "second_half")):
            pattern = _word_pattern((data or {}).get(key))
            if pattern is not None:
                seasons.append((pattern, half))
        suffixes.extend(str(s) for s in (data or {}).get("number_suffixes") or [])
    suffix = re.compile(r"(?<![\d.])([1-4])(?:" + "|".join(re.escape(s) for s in sorted(set(suffixes), key=len, reverse=True)) + r")(?![^\W\d_])", re.I) if suffixes else None
    return _PeriodWords(tuple(units), tuple(ordinals), tuple(seasons), suffix)


def _worded_period(text: str) -> Optional[Period]:
    """A period written with words in any of the lexicons' languages, or None: a part of a year
    (quarter, half, tertial) named by a number, a Roman numeral or an ordinal, and a year, in
    either order (`1. Quartal 2027`, `2027. I. negyedév`, `kvartal 1 2027`, `Kv1 2027`, `1H 2027`),
    a season that names a half (`kevät 2027`), or a (financial) year by name (`Geschäftsjahr 2027`).
    Each word of the text must be one of these; one year, at most one part and one number."""
    if len(text) > 60 or not re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text):
        return None  # no year: no period, and no lexicon read for a heading that names none
    words = _period_words()
    lowered = text.lower()
    if words.suffix is not None:
        lowered = words.suffix.sub(r"\1.", lowered)
    # A letter glued to a digit is two words (`Q1`, `Kv1`, `1H`, `FY2027`); `/`, `,` and dashes part words.
    spaced = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", lowered)
    tokens = [t for t in re.split(r"[\s/,–—]+|(?<=\w)-(?=\d)|(?<=\d)-(?=\w)", spaced) if t]
    year: Optional[int] = None
    unit: Optional[str] = None
    number: Optional[int] = None
    season: Optional[int] = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        m = re.fullmatch(r"((?:19|20)\d{2})\.?", token)
        if m:
            if year is not None:
                return None
            year, i = int(m.group(1)), i + 1
            continue
        m = re.fullmatch(r"([1-4])\.?", token) or re.fullmatch(r"(iv|i{1,3})\.", token)
        if m:
            if number is not None:
                return None
            number, i = int(m.group(1)) if m.group(1).isdigit() else _ROMAN[m.group(1)], i + 1
            continue
        # A word, or two words that are one name (`fiscal year`, `üzleti év`): the longest first.
        for width in (3, 2, 1):
            phrase = " ".join(tokens[i : i + width]).rstrip(".")
            if i + width > len(tokens) or not phrase:
                continue
            found = next((u for p, u in words.units if p.fullmatch(phrase)), None)
            if found is not None:
                if unit is not None:
                    return None
                unit = found
                break
            found_season = next((h for p, h in words.seasons if p.fullmatch(phrase)), None)
            if found_season is not None:
                if season is not None:
                    return None
                season = found_season
                break
            found_number = next((n for p, n in words.ordinals if p.fullmatch(phrase)), None)
            if found_number is not None:
                if number is not None:
                    return None
                number = found_number
                break
        else:
            return None
        i += width
    if year is None:
        return None
    if season is not None:
        return _span(text, year, *_PARTS["half"][season]) if unit in (None, "half") and number is None else None
    if unit is None or unit == "year":
        return _span(text, year, 1, 12) if unit == "year" and number is None else None
    months = _PARTS[unit].get(number) if number is not None else None
    return _span(text, year, *months) if months else None


_PART_CODE = re.compile(r"(?<![^\W\d_])(?:q[1-4]|h[12]|[1-4]q|[1-4]h)(?![^\W\d_])", re.I)


def names_a_period_part(text: str) -> bool:
    """Whether `text` names a part of a year (a quarter, half or tertial in any lexicon's words,
    `Q2`, `H1`, a season that names a half): a title such as `Mål for 2. kvartal` or `OKRs for Q2`
    seems to give a period even when it cannot be read as one (no year, a form no lexicon has)."""
    if len(text) > 400:
        return False
    if _PART_CODE.search(text):
        return True
    words = _period_words()
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    patterns = [p for p, unit in words.units if unit != "year"] + [p for p, _ in words.seasons]
    return any(p.fullmatch(token) for token in tokens for p in patterns)


def _reason_required(value: str) -> str:
    if not value.strip():
        raise ValueError("a waiver needs a reason")
    return value


@record
class Waiver(Record):
    """A deliberate exception to one rule on one element; the reason is required."""

    code: str
    reason: Annotated[str, _Check(_reason_required)]
    source: Optional[Source] = _excluded()


@record
class Checkin(Record):
    """One progress report on a key result."""

    date: date
    value: Number
    confidence: Optional[FiniteFloat] = None
    note: Optional[str] = None


@record
class KeyResult(Record):
    """A measurable result: free text plus optional structured fields."""

    text: str
    id: Optional[str] = None
    metric: Optional[str] = None
    baseline: Optional[Number] = None
    target: Optional[Number] = None
    unit: Optional[str] = None
    direction: Optional[Literal["increase", "decrease", "maintain"]] = None
    deadline: Optional[date] = None
    owner: Optional[str] = None
    current: Optional[Number] = None
    confidence: Optional[FiniteFloat] = None
    guardrail: bool = False
    weight: Optional[FiniteFloat] = None
    checkins: list[Checkin] = field(default_factory=list)
    waive: list[Waiver] = field(default_factory=list)
    source: Optional[Source] = _excluded()


@record
class Objective(Record):
    """A qualitative direction with the key results that measure it."""

    title: str
    id: Optional[str] = None
    owner: Optional[str] = None
    kind: Optional[Literal["committed", "aspirational"]] = None
    aligns_to: Optional[str] = None
    description: Optional[str] = None
    key_results: list[KeyResult] = field(default_factory=list)
    waive: list[Waiver] = field(default_factory=list)
    source: Optional[Source] = _excluded()


def _period_of(value: Any) -> Any:
    """A period written as text (`2027-Q1`) or a year number, parsed; a Period as it is."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return parse_period(str(value))
    return value


@record
class OkrSet(Record):
    """The OKRs of one team (or company) for one period: what one OKR file holds.

    `period` may be given as text (`OkrSet(period="2027-Q1")`): it is parsed on construction.
    """

    title: Optional[str] = None
    team: Optional[str] = None
    owner: Optional[str] = None
    period: Annotated[Optional[Period], _Check(_period_of, before=True)] = None
    language: Optional[Language] = None
    objectives: list[Objective] = field(default_factory=list)
    source: Optional[Source] = _excluded()

    _dump_as: ClassVar[dict[str, Callable[[Any], Any]]] = {"period": lambda period: period.label}

    def __post_init__(self) -> None:
        if self.period is not None and not isinstance(self.period, Period):
            self.period = _period_of(self.period)
        super().__post_init__()

    def key_result_count(self) -> int:
        return sum(len(o.key_results) for o in self.objectives)


Target = Literal["set", "objective", "key_result"]


def _same(text: str) -> str:
    return text


@record(frozen=True)
class Finding(Record):
    """One thing the rubric (or a reader) says about one element of one file."""

    path: str
    line: Optional[int]
    code: str
    name: str
    category: str
    level: Level
    target: Target
    objective_index: Optional[int] = None
    key_result_index: Optional[int] = None
    message: str
    fix: str
    evidence: Optional[str] = None

    @classmethod
    def deferred(cls, fields: Mapping[str, Any], rule: Any, language: str, values: Mapping[str, Any]) -> "Finding":
        """A finding whose `message` and `fix`, when `fields` lacks them, are the rule's, written
        by `rule.render(field, language, values)` on first read. Sorting, counting and levelling a
        finding never reads them, and the engine makes many findings no one reads (the TUI judges
        a whole set on every keystroke and shows one element's findings). A `_rewrite` in its
        state (a function of a text) is applied to each text as it is written (the file's own
        field keys, `okrcoach.linting.FileKeys`)."""
        instance = _new_object(cls)
        state = instance.__dict__
        state.update(cls._defaults)
        state.update(fields)
        state["_texts"] = (rule, language, values)
        return instance

    def write_texts(self) -> None:
        """Write `message` and `fix` now if they are deferred (`deferred`)."""
        state = self.__dict__
        texts = state.get("_texts")
        if texts is not None:
            rule, language, values = texts
            rewrite = state.get("_rewrite") or _same
            if "message" not in state:
                state["message"] = rewrite(rule.render("message", language, values))
            if "fix" not in state:
                state["fix"] = rewrite(rule.render("fix", language, values))

    def __getattr__(self, name: str) -> Any:
        # Only called for an attribute not set: `message` or `fix` of a deferred finding.
        if name in ("message", "fix") and "_texts" in self.__dict__:
            self.write_texts()
            return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        """The fields, `message` and `fix` written: a copy or a pickle holds text, not the writer."""
        self.write_texts()
        state = dict(self.__dict__)
        state.pop("_texts", None)
        state.pop("_rewrite", None)
        return state
