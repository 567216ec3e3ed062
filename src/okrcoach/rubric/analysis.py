"""Facts about one key result or objective, read off its text with a language's lexicon.

Rules never look at text themselves: they combine named facts (`has_target`, `activity_head`,
`from_to`, …). Each fact is computed lazily and at most once, and returns evidence (the words
that made it true) or None, so every finding can say what triggered it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Optional

from okrcoach.i18n import LocalisedText, Msg, msg
from okrcoach.model import KeyResult, Objective, OkrSet

from .lexicon import DELIVERABLE_CUES, Lexicon, group
from .rows import COUNTED, DATE, PERIOD, Row, might_be_row, split_row

_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\t]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2212": "-"})
# A terminal control sequence (`ESC ] 0 ; title BEL`, `ESC [ 2 J`, their 8-bit forms) and every other
# control or bidirectional formatting character are no words: they are blanked before judging, so
# `]0;` is not a number and `[2J` no word (the reader reports them, OKR007).
_CONTROL_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b\\]|\x9d)[^\x07\x1b\x9c\n]{0,200}(?:\x07|\x1b\\\\|\x9c)|(?:\x1b\\]|\x9d)[0-9;]*|\x1b[@-_]?|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
_WORD = re.compile(r"[^\W\d_][\w'\-]*|\d[\d.,]*")
_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
# A number as written, from the start of its word: "1 200", "3,5 %", "+12pp" (`target_number`).
_NUMBER_TOKEN = re.compile(r"[^\s]*\d(?:[^\s]|\s(?=\d{3}\b))*(?:\s?%)?")
_TWO_LETTERS = re.compile(r"[^\W\d_]{2,}")
_TWO_NUMBERS = re.compile(r"\d\D+\d")
# Where the mask is tried (`lexicon._NEAR_DIGITS`): a word's first character, or one of `#@$€£`,
# with a digit at most 24 characters on (it or one of the 23 after it), each match one character
# long so no place is skipped.
# A possessive `{0,23}+` (Python 3.11+) only saves the backtracking: `\D` never matches the `\d`
# that must follow, so the greedy form finds the same places.
_MASK_PLACE = re.compile(r"(?:(?<!\w)\w|[#@$€£])(?:(?<=\d)|(?=\D{0,23}" + ("+" if sys.version_info >= (3, 11) else "") + r"\d))")
_TOKEN_BEFORE_DIGIT = re.compile(r"(?=[^\d]{0,24}\d)(?:(?<![\w])[\w#@$€£]|[#@$€£])")
_COUNT_BEFORE_NOUN = re.compile(r"(?<![\w.,])(?<!top )(?<!top-)(\d{1,3}(?:[ .,]\d{3})+|\d+)\+?(?![.,]\d)(?:\s+[^\W\d][\w\-']*){0,3}\s*$")
_ROLE_AFTER = re.compile(r"[\s-]+(?:managers?|committees?|panels?|leads?)\b")
# "Identify the top 3 reasons", "the top 10 questions": a count of things found (guideline P5), not
# a rank ("hits the top 5 in Hacker News", where a preposition follows).
_TOP_COUNT = re.compile(r"\btop[ -]?(\d{1,2})(?=\s+(?!(?:in|on|of|at|for|among|within|by|positions?|spots?|places?|ranks?)\b)[^\W\d])")
# A redacted count ("N5 case studies", "X posts") stands for a number (guideline P1).
_PLACEHOLDER_BEFORE_NOUN = re.compile(r"(?<![\w.,])(n\d{1,2}|x{1,3})(?:\s+[^\W\d][\w\-']*){0,2}\s*$")
_FISCAL = re.compile(r"\b(?:fy|gj|wj|fiscal|räkenskapsår|regnskabsår|geschäftsjahr|tilikausi|üzleti év)")
_NEXT_WORD = re.compile(r"[\s\-]*([^\W\d_][\w\-']*)")
# A number as written, with thousands separators ("50.000", "1 000", "2,5").
_NUMBER_AT = re.compile(r"\d{1,3}(?:[ .,]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
_COUNT = re.compile(r"(?<![\w.,])(?<!top )(?<!top-)(\d{1,3}(?:[ .,]\d{3})+|\d+)(?![.,]\d)(?![\d.,]*\s?(?:%|‰|x\b))(?![\w%])")
# A label before a key result: up to four words and a colon ("Web app and integrations:"), or a tag in brackets.
# Words that name a result beside a coverage quantifier (fact coverage_of_work): a metric, people
# or uses counted, a quality, a change, keeping or following a level, something won or earned.
COVERAGE_RESULT_CLASSES = (
    "metric_nouns",
    "operating_metric_nouns",
    "comparatives",
    "degree_comparatives",
    "change_participles",
    "quality_words",
    "ability_words",
    "maintain_verbs",
    "tracking_verbs",
    "acquisition_verbs",
    "earned_media",
)
# Work a person does or takes part in (fact coverage_of_work): "every manager holds 1:1s", "100 %
# der Mitarbeitenden haben ein Gespräch geführt", "alle nurses complete the course".
COVERAGE_WORK_CLASSES = ("participation_verbs", "possession", "possession_final", "activity_verbs", "milestone_verbs", "done_states", "coverage_states")
_LABEL = re.compile(r"\s*(?:\[[^\]\n]{1,60}\]|[^\W\d_][\w&+/'\-]*(?:[ \t]+[\w&+/'\-]+){0,3}[ \t]*:)[ \t]+(?=\S)")
_SENTENCE_END = re.compile(r"(?<!\b[a-zA-Z])(?<!\d)[.!?](?=\s+[^\s])")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b")
# Dates with slashes: year first ("2027/03/16"), or day and month in either order before the year
# ("16/3/2027", "3/16/27"); and day.month.two-digit year ("16.3.27"), not inside a version number.
_SLASH_YEAR_FIRST = re.compile(r"(?<![\d/])((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?![\d/])")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2}|\d{2})(?![\d/])")
_DOT_DATE_SHORT_YEAR = re.compile(r"(?<![\w.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2})(?![\w.,]|\.\d)")
# A day and a month with no year, as a page's due date writes them ("30/9", "20.11.", "11.15.").
_DAY_MONTH = re.compile(r"(\d{1,2})\s?[/.]\s?(\d{1,2})\.?")
_HU_DATE = re.compile(r"\b((?:19|20)\d{2})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?(?!\d)")
# What trails a key result without being part of it: an owner or issue in brackets, a mention, a
# status emoji ("Partner portal live (#1234)", "Billing migrated ✅ @jane").
_TRAILER = re.compile(r"(?:\s*(?:\([^()]{0,60}\)|\[[^\[\]]{0,60}\]|@[\w.\-]+|#\d+|:[a-z0-9_+\-]{2,40}:|[^\w\s()\[\]@#%€$£.,;:!?'\"-]+))+\s*$")
# A capitalised name (with a lower-case letter: not an acronym such as NPS) and a version-like
# number after it: "Postgres 16", "Python 3.12", "React Native 0.80".
_NUMBER_AFTER_WORD = re.compile(r"(?<=[^\W\d_] )\d{1,3}(?:\.\d{1,3}){0,2}(?![\w%‰]|[.,]\d)")
_NAME = re.compile(r"[^\W\d_]*[A-ZÀ-ÞŐŰ][^\W\d_]*[a-zß-ÿőű][^\W\d_]*|[a-zß-ÿ][^\W\d_]*[A-ZÀ-Þ][^\W\d_]*")
# "Trustpilot 4.5", "App Store 4.7": a rating on a platform's five-point scale is a target.
_RATING = re.compile(r"[0-5]\.[1-9]")
# A capital after a name's first letter ("OAuth", "GitHub", "macOS"): a product's own spelling.
_INNER_CAPITAL = re.compile(r"[A-ZÀ-ÞŐŰ]")
_LAST_WORD = re.compile(r"[^\W\d_]+(?=\s+$)")
_LETTERS = re.compile(r"[^\W\d_]+")


def _last_word(text: str, start: int, end: int) -> Optional[tuple[int, int]]:
    """The span `_LAST_WORD.search(text, start, end)` finds (the letters right before the white space
    that ends `text[start:end]`), read backwards from `end` rather than tried at every place."""
    before = text[start:end]
    kept = before.rstrip()
    if len(kept) == len(before) or not kept:
        return None
    letters = _LETTERS.match(kept[::-1])
    if letters is None:
        return None
    word_end = start + len(kept)
    return word_end - letters.end(), word_end


_MIXED_CASE = re.compile(r"[^\W\d_][A-ZÀ-ÞŐŰ]|^[a-zß-ÿ]")
_SENTENCE_OPENERS = frozenset(".:;!?([{•*-–—>|\"'“”„«»")
_UNIT_AFTER = re.compile(r"\s?(?:%|‰|€|\$|£|[-–]\s?\d|x\b|k\b|m\b|bn\b|mio\b|mrd\b|pp\b|pts?\b)")
# A year, and what tells one in a text from a target (`TextFacts._year_spans`). The year is
# `(?<![\d.,])(?:19|20)\d{2}(?![\d.,]?\d)`, its look-behind put after "19"/"20" so the engine
# skips to a "1" or a "2" rather than trying every place.
_YEAR = re.compile(r"(?:19|20)(?<![\d.,]..)\d{2}(?![\d.,]?\d)")
_WORD_AHEAD = re.compile(r"\s*[^\W\d_]{2,}")
_AMOUNT_AHEAD = re.compile(r"\s?(?:%|€|\$|kr|k\b)")
# A day and month in digits ending the text before a year ("1/5", "30.9."): the year completes the date.
_DAY_MONTH_END = re.compile(r"(?<![\d.,/])(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])\.?$")
_AFTER_NUMBER = re.compile(r"(?<![^\W\d_])\d[\d,]*(?:\s?%)?(?:[-:][^\W\d_]+)?\s+(?:([^\W\d_]+)\s+)?$")
# A number standing alone (not part of a date, a decimal, a version or an amount) and what lists
# more of the same after it (`_label_number_spans`, `_listed_after`).
_BARE_NUMBER = re.compile(r"(?<![\w.,:/\-])\d{1,4}(?![\w%‰°]|[.,:/]\d|\s?[%‰])")
# A range that starts at 1 after a word ("plads 1-60"): numbered units, read by `_numbered_range_spans`.
_NUMBERED_RANGE = re.compile(r"(?<=[^\W\d_] )(1)\s?[-–]\s?(\d{1,4})(?![\w%‰°]|[.,]\d|\s?[%‰])")
# A major release number after a word ("multistream 2.0"), read by `_release_number_spans`.
_RELEASE_NUMBER = re.compile(r"(?<=[^\W\d_] )\d{1,2}\.0(?![\w%‰°]|[.,]\d|\s?[%‰])")
_LIST_GAP = re.compile(r"\s*([,/&+]|[-–](?=\s?\d))\s*|\s+([^\W\d_]{2,6})\s+")
_LISTED_NUMBER = re.compile(r"\d{1,4}(?:\.\d{1,2})?(?:-?[^\W\d_]{1,3})?(?![\w%‰°]|[.,]\d|\s?[%‰])")
# An issue or ticket key ("WMS-433", "OPS-12", "- [ ] pay-12: …"): letters (and digits), a hyphen and
# a number, a name. Anywhere in capitals, as trackers write keys; in any case where it opens the text
# (after a bullet or check box), as a ticket list does; a rank ("Top-5 …") is no key.
_ISSUE_KEY = re.compile(
    r"(?<![\w\-])(?:[A-Z][A-Z0-9]{1,9}|(?:(?<=^)|(?<=^[-*•☐☑✅✔] )|(?<=^\[[ xX]\] )|(?<=^[-*] \[[ xX]\] ))(?!(?i:top|bottom|best|worst)-)[^\W\d_][^\W_]{1,9})"
    r"[-–]\d{1,6}(?![\w%‰]|[.,]\d|\s?[%‰])"
)
# An outline number opening the text, as a numbered list in Google Docs, Word or Confluence writes it
# ("2.3 Prepare …", "1.4.2 Migrate …", "3) Hire …", "- 2.1. Reduce …"): the item's place, not a target.
_OUTLINE_NUMBER = re.compile(r"\s*(?:[-*•]\s*)?(?:\[[ xX✓✔]?\]\s*)?(\d{1,2}(?:\.\d{1,2}){1,3}(\.|\))?|\d{1,2}\.?\))(?=[ \t]*\S)")
# A key result's own label opening the text, as OKR documents number them in every language ("KR 1.2 –
# …", "KR1.2) …", "KR2:", "O1 KR3)", "OKR 3:"; Swedish and Danish "NR", Hungarian "KE"): its place in the
# set, not a target. A bare number after the letters needs a stop after it ("KR 2: …"), so that an
# amount after the Nordic currency ("kr 500 …") stays.
_KEY_RESULT_LABEL = re.compile(
    r"[ \t]*(?:[-*•][ \t]*)?(?:\[[ xX✓✔]?\][ \t]*)?(?:(?i:o|obj)[ \t]?\d{1,2}[ \t]?[.\-/:]?[ \t]?)?(?i:okr|kr|nr|ke)"
    r"(?:\d{1,2}(?:\.\d{1,2}){0,3}|[ \t]?[-#]?[ \t]?\d{1,2}(?:\.\d{1,2}){1,3}|[ \t]?[-#]?[ \t]?\d{1,2}(?=[ \t]*[.:)\-–—]))"
    r"(?![\w%‰,]|[ \t]?[%‰€$£])[.:)]?(?=[ \t]*\S)"
)
# A Markdown or Notion check box before a task ("- [ ]", "[x]"), and a letter: decoration has none.
# A share among the amounts ("50 %", "30 procent", "40 százalék"), not money.
_SHARE = re.compile(r"%|procent|prosent|prozent|prosenttia|százalék|pct")
# A verb that is the first part of a compound noun ("use-case", "use case").
_COMPOUND_AFTER = re.compile(r"-\w|\s+cases?\b")
_CHECKBOX = re.compile(r"\[[ xX✓✔]?\]")
_LEADING_CHECKBOX = re.compile(r"\s*(?:[-*+•]\s*)?(\[[ x✓✔]?\])")
_LETTER = re.compile(r"[^\W\d_]")
# A value to fill in, written as a slot in angle brackets ("<baseline>", "<kiinduló érték>").
_FILL_IN_SLOT = re.compile(r"<[^<>\d\n]{1,40}>")
_QUARTER_YEAR = re.compile(r"\bq([1-4])\s?[/-]?\s?((?:19|20)\d{2})\b|\b((?:19|20)\d{2})\s?[/-]?\s?q([1-4])\b")


def _valid_days(year: int, month_days: list[tuple[int, int]]) -> list[date]:
    """The real days among (month, day) readings of one year."""
    days = []
    for month, day in month_days:
        try:
            days.append(date(year, month, day))
        except ValueError:
            continue
    return days


def _outside(start: date, end: date, period) -> bool:
    return end < period.start or start > period.end


class cached_property:  # lower case: a drop-in for functools.cached_property
    """A per-instance cache without functools' lock: facts are computed per text, in one thread."""

    def __init__(self, func: Callable) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value


VERB_CLASSES = ("maintain_verbs", "milestone_verbs", "outcome_verbs", "acquisition_verbs", "activity_verbs")
# Verbs a key result opens with before a count ("Hire 3 …", "Reach 4.25 …", "Cut 1.5 …").
_OPENING_VERB_CLASSES = VERB_CLASSES + ("increase_verbs", "decrease_verbs", "english_activity_verbs", "english_outcome_verbs")
_QUALIFIED_VERB_CLASSES = tuple((name, prefix + name) for name in VERB_CLASSES for prefix in ("", "english_"))


# A count of zero ("0 positives", "0 pro Release"), not a decimal, a range or part of a number.
_ZERO_COUNT = re.compile(r"(?<![\d.,\-–→])\b0\b(?![.,]\d|\s*(?:%|→|->|-|–))")

# A section number opening a line before a capitalised word ("2.1 Customer …", "3.4. Kunden…").
_SECTION_NUMBER = re.compile(r"\s*\d{1,2}(?:\.\d{1,2})+\.?\s+(?=[A-ZÄÖÜÅÆØÁÉÍÓÚŐŰ])")

# A number inflected into a case of movement ("alle 4 %:iin", "yli 90 prosenttiin", "4:ään"):
# Finnish says "to below 4 %" with the illative, a change, where "alle 4 %" alone is a level.
_TO_LEVEL_CASE = re.compile(r"\s*[-+±~]?\d[\d.,  ]*\s?(?:%\s?)?(?::[a-zäö]{0,3}(?:iin|een|aan|ään|seen|hin|hen)|prosentti(?:in|yksikköön))\b")

# Where a heading's name ends and a note follows: a comma, semicolon, colon or spaced dash.
_HEADING_BREAK = re.compile(r",|;|:|\s[–—-]\s")

# A share written with its percentage ("95 %", "95%-a", "95 % af"): a rate over many items.
_SHARE = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d+)?\s?%")
# A value, an arrow and a value ("2 % → 2 %", "45 -> ≥ 45"): the two numbers and their units.
_ARROW_PAIR = re.compile(r"(?<![\w.,])(\d[\d.,]*)\s?(%|[^\W\d_]{1,6}\.?)?\s*(?:→|->|⟶|=>)\s*(?:[≥≤]\s*|>=\s*|<=\s*)?(\d[\d.,]*)\s?(%|[^\W\d_]{1,6}\.?)?(?![\d.,])")
# A value and an arrow to what follows it ("9 % → halten").
_ARROW_TO_WORD = re.compile(r"(?<![\w.,])\d[\d.,]*\s?(?:%|[^\W\d_]{1,6}\.?)?\s*(?:→|->|⟶|=>)\s*")
# A share followed by the items it is a share of ("90 % of calls", "95 %:lle asiakkaista"),
# not a share that ends the text or a cell ("97 %", "97 % (2025)").
_SHARE_OF_ITEMS = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d+)?\s?%(?:-?[^\W\d_]{1,4}|:[^\W\d_]+)?\s+[^\W\d_]")
# A cap written as a sign right before its number ("< 2 min", "≤ 10 days"), read as "within".
_CAP_SIGN = re.compile(r"(?:<=?|≤)\s*$")
# Any text: a match over a span found in parts (`_SPAN.match(text, start, end)`).
_SPAN = re.compile(r"[\s\S]+")
# An arrow from one value to another ("34 % → 45 %", "34 % -> 45 %").
_ARROW = re.compile(r"→|->|⟶|=>")

# A bracketed note ending a text ("… (2 %)", "… (today 35)", "… (Jira dashboard)").
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")

# A value per unit of something ("cost per order", "Kosten je Auftrag", "omkostning pr. ordre",
# "kostnad per order", "kustannus tilausta kohden", "költség megrendelésenként"): a rate, a level.
_PER_UNIT = re.compile(r"[^\W\d_]{3,}\s+(?:per|pro|je|pr\.?)\s+[^\W\d_]{3,}|[^\W\d_]{3,}\s+kohden\b|[^\W\d_]{3,}(?:[eéoö]n|a|e)ként\b")


# The numbers of a date as a row's date cell writes it ("30/9", "1.6.", "15-ig", "2027-03-31").
_DATE_NUMBER = re.compile(r"\d[\d./:\-]*")


def normalise(text: str) -> str:
    """Lower-case text with spaces, quotes and dashes unified; same length as the input."""
    # Printable text has no control character and no space but " " (`str.isprintable`); ASCII is in NFC.
    printable = text.isprintable()
    if printable and text.isascii():
        return text.lower()
    if not (printable and unicodedata.is_normalized("NFC", text)):
        text = unicodedata.normalize("NFC", text)
        if _CONTROL_CHAR.search(text):
            text = _CONTROL.sub(lambda m: " " * len(m.group()), text)
        text = _SPACES.sub(" ", text)
    text = text.translate(_QUOTES)
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.casefold()[: len(text)].ljust(len(text))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _unscoped(text: str, lexicon: Lexicon) -> str:
    """The text with the periods that say what work is for rather than when it is due blanked ("a
    roadmap for FY23", "Planung für den Q1", "Q1:lle", class `scoped_period`): they are no deadline."""
    if not lexicon.search("scoped_period", text):
        return text
    return _blank(text, [m.span() for m in lexicon.finditer("scoped_period", text)])


@dataclass(frozen=True)
class Head:
    """The head verb of a text: where it stands, its words and the classes it belongs to."""

    start: int
    end: int
    words: str
    classes: frozenset[str]


_OUTCOME_CLASSES = ("outcome_verbs", "english_outcome_verbs", "acquisition_verbs")
# Head verb classes of an objective that names a change or work to do, not a state to keep.
_CHANGE_HEADS = frozenset({"outcome_verbs", "activity_verbs", "milestone_verbs", "acquisition_verbs"})
_WORK_HEADS = frozenset({"activity_verbs", "milestone_verbs"})
# Things counted as they come to the team or happen to it, not made by it: events and returns
# (complaints, recalls, defects), harms to people or property (violence, threats, thefts), what
# people do with what the team offers (page views, downloads, sign-ups, bookings), and readings
# and safety events recorded on a routine (temperatures, accidents). A verbless heading of one names a count.
_COUNTED_EVENT_CLASSES = ("counted_event_nouns", "harm_event_nouns", "counted_flow_nouns", "observation_nouns")
# The last word of an English metric whose name opens with a verb ("win rate", "lead time").
_METRIC_TAIL = re.compile(r"(?:rate|time|ratio|frequency|volume)s?\b")


class _FirstAfter:
    """The first match of a pattern at or after a position, for positions asked in rising order.

    A match at a position does not depend on where the search started, so once the first match
    after `p` is known to be at `q`, it is also the first after any position up to `q`, and no
    match after `p` means none after anything later: each pattern scans the text once.
    """

    def __init__(self, text: str, lexicon: Lexicon) -> None:
        self.text, self.lexicon = text, lexicon
        self._known: dict[object, tuple[int, Optional[re.Match]]] = {}

    def find(self, pattern: "str | re.Pattern", pos: int) -> Optional[re.Match]:
        known = self._known.get(pattern)
        if known is not None:
            asked, found = known
            if asked <= pos and (found is None or found.start() >= pos):
                return found
        if isinstance(pattern, str):
            found = self.lexicon.search(pattern, self.text, pos) if self.lexicon.has(pattern) else None
        else:
            found = pattern.search(self.text, pos)
        self._known[pattern] = (pos, found)
        return found


class TextFacts:
    """Facts every text shares, key result or objective."""

    # A key result written as a row, read as fields (`rows.split_row`); None for prose.
    row: Optional[Row] = None
    # A keep verb's level under a cap (`KeyResultFacts._capped_level`): an objective states none.
    _capped_level: bool = False

    def as_in_text(self, evidence: LocalisedText) -> LocalisedText:
        """Evidence found in a row's reading as the row writes it: the reading has the row's length,
        so the same place in the row, less what counts nothing at its ends ("Churn | 5.2 % | 4 %"
        for "Churn : 5.2 % → 4 %"). Any other evidence as it is."""
        row = self.row
        if row is None or not isinstance(evidence, str) or not evidence.strip():
            return evidence
        if evidence.strip() == self.text.strip() and row.statement is not None:
            return row.words(row.statement)  # the whole key result: its statement names it
        at = self.text.find(evidence)
        if at < 0:
            return evidence
        end = at + len(evidence)
        kept = [c for c in row.cells if c.kind in COUNTED and c.start < end and c.end > at]
        statement = row.statement
        if statement is not None and statement.start <= at < statement.end and any(c.kind == DATE and c.start >= statement.end for c in kept):
            # Words of the statement read on into a due date after it ("… guides – due 30/9"): the
            # statement's words are the evidence, the date its own.
            kept = [c for c in kept if c.kind != DATE]
        if kept:
            at, end = max(at, min(c.start for c in kept)), min(end, max(c.end for c in kept))
        quoted = row.text[at:end]
        if quoted.count("(") > quoted.count(")") and ")" in row.text[end:]:
            quoted = row.text[at : row.text.index(")", end) + 1]  # "(MK, 1/8)": the bracket it opened
        return quoted.strip() or evidence

    def __init__(self, text: str, lexicon: Lexicon, set_language: Optional[str] = None) -> None:
        self.text = text
        self.lexicon = lexicon
        self.lower = normalise(text)
        self.set_language = set_language or lexicon.language

    # -- derived text ---------------------------------------------------------------------

    @cached_property
    def masked(self) -> str:
        """The text with numbers that are not targets (dates, years, IDs, …) blanked out."""
        spans: list[tuple[int, int]] = []
        digit = _DIGIT.search(self.lower)
        if digit:
            # Only numbers need masking, so the (long) mask pattern is tried only at word starts
            # shortly before a digit: the same spans as a full scan, at a fraction of the cost,
            # found in one pass by the lexicon's `mask_near_digits` (`_spans_near_digits` spelled
            # out) from 24 characters before the first digit (no place before that qualifies);
            # with the pre-built rubric, by `_mask_spans`, the same spans by smaller patterns.
            by_start = self.lexicon.mask_at()
            if by_start is not None:
                spans += self._mask_spans(by_start, max(0, digit.start() - 24))
            else:
                near_digits = self.lexicon.pattern("mask_near_digits")
                if near_digits is not None:
                    spans += [m.span() for m in near_digits.finditer(self.lower, max(0, digit.start() - 24)) if m.end() > m.start()]
                else:
                    spans += self._spans_near_digits("mask")
            spans += self._year_spans()
            names = self._name_number_spans() + self._label_number_spans()
            spans += names + self._listed_after(names) + self._issue_key_spans() + self._outline_number_spans()
            if "(" in self.lower:
                spans += [m.span() for m in self.lexicon.finditer("example_bracket", self.lower)]
            spans += self._attribute_number_spans()
            spans = self._without_standard_time(spans)
        if "[" in self.lower or "(" in self.lower:
            # A reviewer's comment (`comment_bracket`) is blanked whole, words and numbers: a count or
            # "every Saturday" in it says nothing of the key result's target.
            spans += [m.span() for m in self.lexicon.finditer("comment_bracket", self.lower)]
        return _blank(self.lower, spans)

    def _mask_spans(self, by_start: dict, start: int) -> list[tuple[int, int]]:
        """The spans `mask_near_digits.finditer(self.lower, start)` finds. At each place the mask is
        tried (`_MASK_PLACE`), left to right and not inside a span already found, only the mask's
        entries that can start with the character there are matched (`Lexicon.mask_at`); no entry
        matches nothing, so the first match at a place is the whole mask's."""
        text = self.lower
        spans: list[tuple[int, int]] = []
        covered = start
        for m in _MASK_PLACE.finditer(text, start):
            pos = m.start()
            if pos < covered:
                continue
            pattern = by_start[m.group()]
            if pattern is not None:
                hit = pattern.match(text, pos)
                if hit is not None:
                    spans.append(hit.span())
                    covered = hit.end()
        return spans

    def _without_standard_time(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The spans less a span of time that is the standard of a recurring flow (class
        `standard_passive`: "Refund claims are handled within 3 months", "Ärenden hanteras inom 3
        månader", "Anträge werden innerhalb von 3 Monaten bearbeitet"): the time each item takes, a
        threshold to grade (guideline: a duration that is part of the metric is not a deadline). A
        launch or a new thing within a time ("Den nye portal lanceres inden for 6 uger") is a one-off
        milestone with its deadline: its span stays."""
        lex = self.lexicon
        timed = [(start, end) for start, end in spans if _DIGIT.search(self.lower, start, end) and not _YEAR.search(self.lower, start, end)]
        if not timed or not lex.has("standard_passive"):
            return spans
        m = lex.search("standard_passive", self.lower)
        if m is None or lex.has("new_adjectives") and lex.search("new_adjectives", self.lower):
            return spans
        if lex.has("milestone_verbs") and lex.search("milestone_verbs", self.lower):
            return spans
        return [span for span in spans if span not in timed or not (m.start() <= span[0] and span[1] <= m.end())]

    def _spans_near_digits(self, name: str) -> list[tuple[int, int]]:
        """The spans of class `name` matched at each word start (or `#@$€£`) shortly before a
        digit, left to right, none inside a span already found."""
        pattern = self.lexicon.pattern(name)
        if pattern is None:
            return []
        text = self.lower
        spans: list[tuple[int, int]] = []
        covered = -1
        for m in _TOKEN_BEFORE_DIGIT.finditer(text):
            pos = m.start()
            if pos < covered:
                continue
            hit = pattern.match(text, pos)
            if hit and hit.end() > pos:
                spans.append(hit.span())
                covered = hit.end()
        return spans

    def _year_spans(self) -> list[tuple[int, int]]:
        spans = []
        for m in _YEAR.finditer(self.lower):
            # Only the words around a year matter: a window keeps many years from costing n² reads.
            before = self.lower[max(0, m.start() - 200) : m.start()].rstrip()
            if m.start() <= len(self.lower) - len(self.lower.lstrip()):
                before = ""
            after = self.lower[m.end() : m.end() + 200]
            previous = before.split()[-1] if before.split() else ""
            follows_word = _WORD_AHEAD.match(after)
            is_target = bool(_AMOUNT_AHEAD.match(after)) or (follows_word and not self._is_time_word(follows_word.group().strip()))
            after_number = _AFTER_NUMBER.search(before[-24:] + " ")
            # "senest 1/5 2027", "by 30/9 2027": the year closes a date written day/month first, as
            # "1. maj 2027" does; it is no second number of a from–to (guideline P1: years are no targets).
            if after_number and _DAY_MONTH_END.search(before[-8:]):
                after_number = None
            if after_number and not (after_number.group(1) and self._is_time_word(after_number.group(1))):
                continue  # "1500-ról 2000-re", "from 1500 to 2000": the second number is a target
            planning_year = 2020 <= int(m.group()) <= 2039 and not _AMOUNT_AHEAD.match(after)
            if not before or planning_year or self._is_time_word(previous) or not is_target:
                spans.append(m.span())
        return spans

    def _name_number_spans(self) -> list[tuple[int, int]]:
        """A number right after a capitalised name inside a sentence ("Migrate to Postgres 16",
        "React Native 0.80", "Windows 11 on every laptop"): a version or model, not a target.
        Not a rating ("Trustpilot 4.5"), nor after a sentence's first word, a metric ("Net Promoter
        Score 30"), a month or a word of the language's own ("To 500"). Where every noun is
        capitalised (German), only a name in mixed case ("iOS 18", "PostgreSQL 16") or after a
        word of the class `version_name_after` ("Umstieg auf Java 21")."""
        if len(self.text) != len(self.lower):
            return []
        spans = self._release_number_spans()
        for m in _NUMBER_AFTER_WORD.finditer(self.text):
            name_start = self.text.rfind(" ", 0, m.start() - 1) + 1
            if not _NAME.fullmatch(self.text, name_start, m.start() - 1):
                continue
            before = self.text[:name_start].rstrip()
            opens = not before or before[-1] in _SENTENCE_OPENERS or not _LETTER.search(_CHECKBOX.sub("", before))
            if not opens and before[-1] == ")":
                # "KR3) Hire 2 developers": the label opens the text
                outline = _KEY_RESULT_LABEL.match(self.text) or _OUTLINE_NUMBER.match(self.text)
                opens = bool(outline and not self.text[outline.end() : name_start].strip())
            if opens and not self._version_opens(name_start, m):
                continue  # "🚀 Hire 3 developers", "- [x] Ship 3 guides": the name opens the text
            name = self.lower[name_start : m.start() - 1]
            if name in self.lexicon.stopwords or self._is_time_word(name) or self.lexicon.match_at("metric_nouns", self.lower, name_start):
                continue
            after = self.lower[m.end() : m.end() + 12]
            # A rating-like number after a product name with a capital inside ("OAuth 2.1", "macOS 14.1")
            # is its version: a rating follows a plain name ("Trustpilot 4.5").
            rating = _RATING.fullmatch(m.group()) and not _INNER_CAPITAL.search(self.text, name_start + 1, m.start() - 1)
            if rating or _UNIT_AFTER.match(after) or self.lexicon.match_at("duration", self.lower, m.end()):
                continue
            if self.lexicon.has("version_name_after") and not _MIXED_CASE.search(self.text[name_start : m.start() - 1]):
                previous = _last_word(self.lower, 0, name_start)
                if not previous or not self.lexicon.match_at("version_name_after", self.lower, previous[0]):
                    continue
            spans.append(m.span())
        return spans

    def _release_number_spans(self) -> list[tuple[int, int]]:
        """A major release number ("2.0", "1.0") right after a name in any case ("multistream 2.0
        is implemented", "go-ipfs 1.0"): a version, which the guideline names as no target (P1). Not
        after a verb, a function word, a time word, a metric or a comparator ("Reach 4.0", "a
        rating of 4.0"), nor before a unit ("2.0 seconds"); and only of a thing released, done or
        gone live (`milestone_verbs` before it, `milestone_states` or `done_states` after it), where
        a level reached ("App store rating 4.0") is said no such way."""
        spans = []
        text = self.lower
        lex = self.lexicon
        for m in _RELEASE_NUMBER.finditer(text):
            if self._unit_follows(m.end()):
                continue
            word = _last_word(text, max(0, m.start() - 40), m.start())
            if not word:
                continue
            name = text[word[0] : word[1]]
            if name in lex.stopwords or self._is_time_word(name) or self.any_verb(name):
                continue
            if any(lex.has(c) and lex.match_at(c, text, word[0]) for c in ("metric_nouns", "comparator", "cap_comparator", "average_words", "number_words")):
                continue
            # What is done with the release says it is one: it ships, goes live or is done ("is
            # implemented", "Release … 2.0"); a level reached is said no such way ("rating 4.0").
            after, before = text[m.end() :], text[: word[0]]
            if not any(lex.has(c) and lex.search(c, after) for c in ("milestone_states", "done_states")) and not (lex.has("milestone_verbs") and lex.search("milestone_verbs", before)):
                continue
            spans.append(m.span())
        return spans

    def _version_opens(self, name_start: int, number: re.Match) -> bool:
        """A name and a version with a dot opening the text ("Kubernetes 1.31 upgrade done", "Python
        3.12 on every build agent"): not a verb and its count ("Hire 3 developers", "Reach 4.25"),
        nor a rating ("Trustpilot 4.5")."""
        if "." not in number.group() or _RATING.fullmatch(number.group()):
            return False
        return not any(self.lexicon.has(name) and self.lexicon.match_at(name, self.lower, name_start) for name in _OPENING_VERB_CLASSES)

    def _label_number_spans(self) -> list[tuple[int, int]]:
        """A number that says which one of several places or units is meant: after a word of the
        class `numbered_label_nouns` ("aisle 14", "Linie 4", "kølerum 2", "linjoilla 4") or written
        as a name in the language's own morphology (class `label_number`: Hungarian "a 3-as soron"),
        or a range of them from 1 (`_numbered_range_spans`: "pitches 1–60").
        Not a count or level to reach: a unit or duration after it, or a metric noun after a
        numbered name ("a 4-es átlag"), keeps it a target."""
        spans = []
        text = self.lower
        if self.lexicon.has("numbered_label_nouns") and self.lexicon.may_occur("numbered_label_nouns", text):
            for m in _BARE_NUMBER.finditer(text):
                word = _last_word(text, max(0, m.start() - 40), m.start())
                if not word:
                    continue
                label = self.lexicon.match_at("numbered_label_nouns", text, word[0])
                if not label or label.end() != word[1] or self._unit_follows(m.end()):
                    continue
                spans.append(m.span())
        if self.lexicon.has("number_signs") and self.lexicon.may_occur("number_signs", text):
            spans += self._signed_name_spans()
        spans += self._numbered_range_spans()
        if self.lexicon.has("label_number"):
            for m in self.lexicon.finditer("label_number", text):
                after = _NEXT_WORD.match(text, m.end())
                if after and self.lexicon.match_at("metric_nouns", text, after.start(1)):
                    continue
                spans.append(m.span())
        return spans

    def _numbered_range_spans(self) -> list[tuple[int, int]]:
        """A range from 1 right after a noun, closing the text or its clause ("on pitches 1–60",
        "väylille 1–9", "Zimmer 1–12"): it says which numbered units are meant, a scope, not a
        quantity to reach (guideline P1: names are no targets). Not a range of an amount: a unit or
        a noun after it ("1–2 days", "Hire 1–3 engineers"), a verb or a function word before it
        ("Reduce to 1–3"), nor a metric ("score 1–5")."""
        spans = []
        text = self.lower
        lex = self.lexicon
        for m in _NUMBERED_RANGE.finditer(text):
            if int(m.group(2)) < 3 or self._unit_follows(m.end()):
                continue
            after = _NEXT_WORD.match(text, m.end())
            rest = text[m.end() :].lstrip()
            if rest and rest[0].isalnum() and not (after and after.group(1) in lex.stopwords):
                continue
            word = _last_word(text, max(0, m.start() - 40), m.start())
            if not word:
                continue
            name = text[word[0] : word[1]]
            if len(name) < 3 or name in lex.stopwords or self._is_time_word(name) or self.any_verb(name):
                continue
            if any(lex.has(c) and lex.match_at(c, text, word[0]) for c in ("metric_nouns", "comparator", "cap_comparator", "from_to")):
                continue
            spans.append(m.span())
        return spans

    def _signed_name_spans(self) -> list[tuple[int, int]]:
        """A number after a number sign that follows a noun (class `number_signs`: "CNC-fräs nr 2",
        "mill no. 2", "Fräse Nr. 2", "jyrsin nro 2"): which machine or unit is meant, a name. Number 1
        after a sign is a rank ("Danmarks nr. 1", "alueen nro 1"), and so is any number after a verb, a
        copula or a function word, or opening the text ("blive nr. 2", "Nr. 3 in der Region"): they
        stay."""
        spans = []
        text = self.lower
        lex = self.lexicon
        for m in _BARE_NUMBER.finditer(text):
            if m.group() == "1" or self._unit_follows(m.end()):
                continue
            before = text[max(0, m.start() - 40) : m.start()].rstrip()
            sign = _last_word(before.rstrip(".:") + " ", 0, len(before.rstrip(".:")) + 1)
            if not sign or not lex.match_at("number_signs", before, sign[0]):
                continue
            owner = _last_word(before, 0, sign[0])
            if not owner:
                continue
            word = before[owner[0] : owner[1]]
            if word in lex.stopwords or word in lex.copulas or any(lex.has(name) and lex.match_at(name, before, owner[0]) for name in _OPENING_VERB_CLASSES):
                continue
            spans.append(m.span())
        return spans

    def _unit_follows(self, end: int) -> bool:
        after = self.lower[end : end + 12]
        return bool(_UNIT_AFTER.match(after) or self.lexicon.match_at("duration", self.lower, end))

    def _outline_number_spans(self) -> list[tuple[int, int]]:
        """A key result's label opening the text (`_KEY_RESULT_LABEL`: "KR1.2) Explore …", "KR 2: …"),
        or a list's outline number (`_OUTLINE_NUMBER`: "2.3 Prepare the tender", "3) Hire …"). A number with several levels is a decimal where a unit, amount, magnitude or metric
        follows ("2.5 days", "1.2 million users", "4.5 Rating") or a word in lower case ("2.2
        releases"): then it stays."""
        if len(self.text) != len(self.lower):
            return []
        label = _KEY_RESULT_LABEL.match(self.text)
        if label:
            return [label.span()]
        m = _OUTLINE_NUMBER.match(self.text)
        if not m:
            return []
        number = m.group(1)
        if not number.endswith(")"):
            end = m.end(1)
            after = self.text[end:].lstrip(" \t")
            if self._unit_follows(end) or _MAGNITUDE.match(self.lower, end) or self.lexicon.match_at("amount", self.lower, end - 1):
                return []
            if not m.group(2) and not (after[:1].isupper() or after[:1] in ":–—-"):
                return []
            word = _NEXT_WORD.match(self.lower, end)
            if word and self.lexicon.match_at("metric_nouns", self.lower, word.start(1)):
                return []  # "4.5 Rating im App Store": a level on a scale
        return [m.span(1)]

    def _attribute_number_spans(self) -> list[tuple[int, int]]:
        """A span fused into an attribute of a deliverable or event (class `duration_attribute` before
        a word of `deliverable_nouns` or `event_nouns` at most two words on: "Run a 2-day hackathon",
        "Afholde et 2-dages hackathon", "12 hónapos hűségprogram"): it says what kind of thing is
        made, it counts nothing. "Cut delivery to a 2-day window" names no deliverable: it stays."""
        if not self.lexicon.has("duration_attribute"):
            return []
        spans = []
        text = self.lower
        for m in self.lexicon.finditer("duration_attribute", text):
            pos = m.end()
            for _ in range(2):
                word = _NEXT_WORD.match(text, pos)
                if not word:
                    break
                start = word.start(1)
                if any(self.lexicon.has(name) and self.lexicon.match_at(name, text, start) for name in ("deliverable_nouns", "event_nouns")):
                    spans.append(m.span())
                    break
                pos = word.end()
        return spans

    def _issue_key_spans(self) -> list[tuple[int, int]]:
        """An issue or ticket key (`_ISSUE_KEY`: "WMS-433", "OPS-12", "- [ ] pay-12: …"): a name, not a
        target; the only place keys are told from numbers (no lexicon class repeats it)."""
        if "-" not in self.lower:
            return []
        text = self.lower if len(self.text) != len(self.lower) else self.text
        # A row's reading blanks the check box before its statement: the key opens the statement.
        row = self.row
        opens = row.statement.start if row is not None and row.statement is not None else 0
        opens += len(text[opens:]) - len(text[opens:].lstrip())
        return [(m.start() + opens, m.end() + opens) for m in _ISSUE_KEY.finditer(text[opens:])] + [m.span() for m in _ISSUE_KEY.finditer(text[:opens])]

    def _listed_after(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Numbers listed after a number that is no target, with a comma, slash or "and" ("Linie 4
        und 5", "Python 3.13 and 3.14", "a 4-es és 5-ös soron"): the same kind of name."""
        found = []
        text = self.lower
        for _, end in sorted(spans):
            while True:
                gap = _LIST_GAP.match(text, end)
                if not gap:
                    break
                stop = gap.end()
                if not gap.group(1):
                    conjunction = self.lexicon.match_at("conjunction", text, gap.start(2))
                    if not conjunction or conjunction.end() != gap.end(2):
                        break
                number = _LISTED_NUMBER.match(text, stop)
                if not number or self._unit_follows(number.end()):
                    break
                found.append(number.span())
                end = number.end()
        return found

    def _is_time_word(self, word: str) -> bool:
        return bool(self.lexicon.match_at("time_prepositions", word, 0)) or bool(self.lexicon.match_at("month_names", word, 0))

    @cached_property
    def words(self) -> list[re.Match]:
        return list(_WORD.finditer(self.masked))

    @cached_property
    def head(self) -> Optional[Head]:
        """The first verb of a known class within the language's head window.

        After a label ("Search: …", "[Data] …") a key result often restates its objective and then
        says what will be done ("Search: Better results for new users. Change the default to literal
        search"): the verb of that detail heads the key result, else the summary's.
        """
        if not self._verb_classes:
            return None  # no verb of any class anywhere in the text (every head is read by `_verb_at`)
        inverted = self._inverted_head()
        if inverted:
            return inverted
        for start in self._head_starts:
            head = self._head_from(start)
            if head:
                return head
        return None

    def _inverted_head(self) -> Optional[Head]:
        """In a verb-second language the finite verb stands right before an inverted subject after a
        fronted phrase ("Durch koordinierte Aktivitäten gewinnen wir neue Aufträge", "I Q3 øger vi
        …", "Under hösten kartlägger vi …"): that verb heads the text whatever precedes it."""
        inverted = self.lexicon.inverted_subjects
        if not inverted:
            return None
        padded = f" {self.masked} "
        if not any(f" {subject} " in padded for subject in inverted):
            return None
        words = self.words
        for index in range(max(self._head_start, 1) + 1, min(len(words), self._head_start + 10)):
            if words[index].group() in inverted and not self._marks_noun(words[index - 2].group()):
                head = self._verb_at(words[index - 1].start())
                if head:
                    return head
        return None

    def _head_from(self, start: int) -> Optional[Head]:
        words = self.words
        lex = self.lexicon
        determiners, endings = lex.determiners, lex.participle_endings
        # An infinitive clause ("ohne uns zu kontaktieren", "um Wartezeiten zu vermeiden") says how
        # or why; its verb never heads the text.
        clauses = [m.span() for m in lex.finditer("infinitive_clause", self.masked)] if lex.has("infinitive_clause") else ()
        for index in range(start, min(len(words), start + max(lex.head_window, 1))):
            if clauses and any(a <= words[index].start() < b for a, b in clauses):
                continue
            if index:
                previous = words[index - 1].group()
                if previous in determiners or _DIGIT.search(previous):
                    continue  # "All interviews …", "1 post hits the top 5": a noun, not the head verb
            if endings and words[index].group().endswith(endings) and self._attribute_participle(index):
                continue  # "Updated messaging is adopted by all teams": the participle describes the subject
            head = self._verb_at(words[index].start())
            if head:
                return head
        return None

    def _attribute_participle(self, index: int) -> bool:
        """A participle before its noun ("Updated brand messaging is adopted …") when the sentence
        has its own finite verb later: an attribute of the subject, not the head verb."""
        copulas = self.lexicon.copulas
        return any(w.group() in copulas for w in self.words[index + 2 : index + 12])

    def _marks_noun(self, word: str) -> bool:
        """Whether the word after `word` is a noun: after a determiner or a numeral."""
        return word in self.lexicon.determiners or _DIGIT.search(word) is not None

    @cached_property
    def _label_end(self) -> int:
        """Where a leading label ends ("Distribution: …", "[Tech ops] …", "Rekrutierung: …"), else 0."""
        text = self.masked
        if ":" not in text[:80] and "[" not in text[:8]:
            return 0
        m = _LABEL.match(text)
        return m.end() if m else 0

    @cached_property
    def _head_start(self) -> int:
        """Index of the first word after a leading label, subjects, modals and time frames."""
        label_end = self._label_end
        index = 0
        if label_end:
            index = next((i for i, w in enumerate(self.words) if w.start() >= label_end), len(self.words))
        return self._start_after(index)

    @cached_property
    def _head_starts(self) -> tuple[int, ...]:
        """Where to look for the head verb: the detail after a labelled summary first, then the start."""
        if self._label_end:
            end = _SENTENCE_END.search(self.masked, self._label_end)
            if end:
                index = next((i for i, w in enumerate(self.words) if w.start() > end.start()), None)
                if index is not None:
                    return (self._start_after(index), self._head_start)
        return (self._head_start,)

    def _start_after(self, index: int) -> int:
        """The first word from `index` on that is not a subject, modal or leading time frame."""
        lex = self.lexicon
        words = self.words
        while index < len(words):
            position = words[index].start()
            if lex.match_at("subject_words", self.masked, position):
                index += 1
                continue
            # A leading time frame ("I dette kvartal øger vi …", "By the end of Q2, …") is not the head.
            frame = lex.match_at("time_frame", self.lower, position)
            if frame and frame.end() > position:
                while index < len(words) and words[index].start() < frame.end():
                    index += 1
                continue
            break
        return index

    @cached_property
    def _verb_metric_starts(self) -> frozenset[int]:
        """Where an English metric whose name opens with a verb starts ("win rate", "lead time")."""
        if not self.lexicon.has("verb_metric_compounds") or not _METRIC_TAIL.search(self.masked):
            return frozenset()
        return frozenset(m.start() for m in self.lexicon.finditer("verb_metric_compounds", self.masked))

    @cached_property
    def _verb_classes(self) -> tuple[tuple[str, str], ...]:
        """The verb classes (`_QUALIFIED_VERB_CLASSES`) that may match in the masked text: each one
        one of whose first words starts a word of it (`TokenIndex.starts`; without one the class
        matches nowhere in it), and each one with no such gate."""
        lex = self.lexicon
        index = lex.token_index
        if index is None:
            return _QUALIFIED_VERB_CLASSES
        present = index.starts(self.masked)
        bits = lex.class_bits(_QUALIFIED_VERB_CLASSES)
        kept = tuple(pair for pair, bit in bits if bit is None or present & bit)
        return _QUALIFIED_VERB_CLASSES if len(kept) == len(bits) else kept

    def _verb_at(self, pos: int) -> Optional[Head]:
        lex = self.lexicon
        classes_here = self._verb_classes
        if not classes_here:
            return None  # no verb of any class anywhere in the text
        gate = lex.verb_gate()
        if gate is not None and not gate.match(self.masked, pos):
            return None  # not a verb of any class
        if pos in self._verb_metric_starts:
            return None  # "Win rate", "Lead time", "Run rate": a metric's name, not a verb
        best_end, classes = pos, set()
        for name, pattern in lex.classes_starting_with(classes_here, self.masked[pos : pos + 1]):
            m = pattern.match(self.masked, pos)
            if m and m.end() > pos:
                if m.end() > best_end:
                    best_end, classes = m.end(), {name}
                elif m.end() == best_end:
                    classes.add(name)
        if not classes:
            return None
        if "activity_verbs" in classes and "maintain_verbs" in classes:
            # "hold a workshop" and "hold four open days" are activities; "hold uptime at 99.9 %"
            # and "hold no-shows at workshops under 3 a month" keep a level.
            window = self.masked[max(0, pos - 40) : pos] + " " + self.masked[best_end : best_end + 60]
            held = lex.search("event_nouns", window) or self._counted_object(best_end)
            classes.discard("maintain_verbs" if held and not self._capped_level else "activity_verbs")
        return Head(pos, best_end, self.text[pos:best_end], frozenset(classes))

    def _counted_object(self, end: int) -> bool:
        """Whether the verb ending at `end` takes a counted object: a numeral or a number word right
        after it ("hold four open days", "pidetään 4 talkoopäivää"), not an amount, a share or a
        duration. A level is kept at a value ("hold uptime at 99.9 %"), never as a number of
        things: a hold verb with a counted object runs that many events (guideline P4, P5). Not
        with a cadence or a rate ("hold 2 meetings every month", "… a year"): a number of events
        kept period after period is a level held (P9)."""
        lex = self.lexicon
        if any(lex.has(name) and lex.search(name, self.masked) for name in ("cadence", "rate", "recurring_level")):
            return False
        start = end + len(self.masked[end:]) - len(self.masked[end:].lstrip())
        count = _COUNT.match(self.masked, start)
        if count is None:
            word = _NEXT_WORD.match(self.masked, end)
            if word is None or word.start(1) != start or not lex.match_at("number_words", self.masked, start) or lex.match_at("zero_words", self.masked, start):
                return False
            count_end = word.end(1)
        elif count.group(1) == "0":
            return False  # "keep 0 open incidents": an absence held, a level (P9)
        else:
            count_end = count.end()
        if lex.match_at("duration", self.masked, count_end) or lex.has("duration_attribute") and lex.match_at("duration_attribute", self.masked, start):
            return False  # "hold 2 weeks of stock", "pidetään 2 viikon varasto": a level in time
        if lex.search("amount", self.masked[end : count_end + 12]) or self.relative_change_any:
            return False
        if lex.has("fraction_of") and lex.search("fraction_of", self.masked[max(0, start - 30) : count_end + 30]):
            return False  # "keep two thirds of the stock": a share held
        noun = _NEXT_WORD.match(self.masked, count_end)
        if noun is None or not self.masked[count_end : noun.start(1)].isspace():
            return False  # "24/7", "8-16", "3:1": hours or a ratio kept, not things counted
        # "keep 2 deputies on call": people kept at a number are staffing held, not events run.
        return not any(lex.has(name) and lex.match_at(name, self.masked, noun.start(1)) for name in ("staff_nouns", "contributor_nouns", "ambiguous_metric_nouns"))

    @cached_property
    def wished_by_others(self) -> Optional[str]:
        """The head verb is what people other than the team want or choose to do: an infinitive
        after a wish verb with a noun subject ("The best engineers want to work here", "Die besten
        Entwickler wollen bei uns arbeiten", "A legjobb fejlesztők nálunk akarnak dolgozni"), or a
        content clause with its own subject after one ("Wir wollen, dass zwei Drittel der Abbrecher
        den Kurs wechseln"). Their doing it is the end state, not the team's task; a first-person
        wish ("Wir wollen Workshops durchführen", "Több workshopot akarunk tartani") stays the
        team's own work (the Finnish and Hungarian class holds third-person forms only)."""
        head = self.head
        lex = self.lexicon
        if head is None or not lex.has("wish_verbs"):
            return None
        words = self.words
        first = words[self._head_start].start() if self._head_start < len(words) else len(self.masked)
        for m in lex.finditer("wish_verbs", self.masked[: head.start]):
            if m.start() > first:
                return self._evidence(m)  # a noun subject stands before the wish
            clause = lex.search("complementizers", self.masked[: head.start], m.end()) if lex.has("complementizers") else None
            if clause:
                subject = _WORD.search(self.masked, clause.end())
                if subject and subject.start() < head.start and not lex.match_at("subject_words", subject.group(), 0):
                    return self._evidence(m)  # "…, dass zwei Drittel der Abbrecher … wechseln": the clause has its own subject
        return None

    def head_is(self, name: str) -> Optional[str]:
        head = self.head
        return head.words if head and name in head.classes else None

    def search(self, name: str, text: Optional[str] = None) -> Optional[str]:
        m = self.lexicon.search(name, self.lower if text is None else text)
        return self._evidence(m) if m else None

    def _evidence(self, m: re.Match) -> str:
        return self.text[m.start() : m.end()].strip() or m.group().strip()

    def any_verb(self, text: Optional[str] = None) -> Optional[str]:
        text = self.masked if text is None else text
        for name in VERB_CLASSES:
            for prefix in ("", "english_"):
                m = self.lexicon.search(prefix + name, text)
                if m:
                    return self._evidence(m)
        return None

    def outcome_verb_after(self, pos: int) -> Optional[str]:
        for name in _OUTCOME_CLASSES:
            m = self.lexicon.search(name, self.masked, pos) if self.lexicon.has(name) else None
            if m:
                return self._evidence(m)
        return None

    # -- facts shared by key results and objectives -------------------------------------------

    @cached_property
    def _past_values(self) -> list[re.Match]:
        """Numbers marked as past values (`past_value`: "(60) a year ago", "60 i fjor"): where the
        metric stood, a baseline, never a target (guideline P8); `KeyResultFacts.from_to_matches`."""
        return list(self.lexicon.finditer("past_value", self.masked)) if self.lexicon.has("past_value") else []

    @cached_property
    def target_number(self) -> Optional[str]:
        """A number left after masking: digits, a number word or a multiplier. Not one in a clause
        giving the reason (`reason_clause`: "… because 40 % of tickets are how-to questions"): the
        situation that motivates the key result, not what it is graded by."""
        masked = self.masked
        if self.lexicon.has("reason_clause") and self.lexicon.search("reason_clause", masked):
            masked = _blank(masked, [m.span() for m in self.lexicon.finditer("reason_clause", masked)])
        if self._past_values:
            # A number marked as a past value ("(60) a year ago") is where the metric stood, not a target.
            masked = _blank(masked, [_past_number_span(masked, m) for m in self._past_values])
        m = _DIGIT.search(masked)
        if m:
            start = masked.rfind(" ", 0, m.start()) + 1
            token = _NUMBER_TOKEN.match(masked, start)
            return token.group().strip(" ,.;:()") if token else m.group()
        if self.lexicon.search("number_words", masked):
            not_targets = self._ordinal_spans() + [m.span() for name in ("vague_amounts", "one_place") for m in self.lexicon.finditer(name, masked)]
            for word in self.lexicon.finditer("number_words", masked):
                if not any(start <= word.start() < end for start, end in not_targets):
                    return self._evidence(word)
        return self.search("relative_change", masked)

    def _ordinal_spans(self) -> list[tuple[int, int]]:
        """Ordinal words ("first", "zweite") are not targets; looked up only when a number word is,
        as are vague amounts (`vague_amounts`: "thousands of", "Hunderte", "tusindvis", "több ezer")
        and "one" of gathering (`one_place`: "in one place", "an einem Ort", "egy helyen")."""
        return [m.span() for m in self.lexicon.finditer("ordinals", self.lower)]

    @cached_property
    def relative_change_any(self) -> Optional[str]:
        return self.search("relative_change", self.masked)

    @cached_property
    def quantifier(self) -> Optional[str]:
        return self.search("quantifiers", self.masked)

    @cached_property
    def outcome_head(self) -> Optional[str]:
        return self.head_is("outcome_verbs") or self.head_is("acquisition_verbs")

    @cached_property
    def maintain_head(self) -> Optional[str]:
        return self.head_is("maintain_verbs")

    @cached_property
    def activity_head(self) -> Optional[str]:
        return self.head_is("activity_verbs")

    @cached_property
    def milestone_head(self) -> Optional[str]:
        return self.head_is("milestone_verbs")

    @cached_property
    def maintain_phrase(self) -> Optional[str]:
        return self.search("maintain_phrases")

    @cached_property
    def own_time_frame(self) -> Optional[str]:
        text = _unscoped(self.lower, self.lexicon)
        found = self.search("time_frame", text)
        if found:
            return found
        # The dates of the whole text are read once (`_written_dates`); only a text with a scoped
        # period blanked is read again.
        dates = self._written_dates if text is self.lower else self.lexicon.date_reader().read(text, self._is_time_word)
        return self.text[dates[0].start : dates[0].end].strip() if dates else None

    @cached_property
    def _written_dates(self) -> list:
        """The dates written with words in the text (`DateReader.read`), read once for all facts."""
        return self.lexicon.date_reader().read(self.lower, self._is_time_word)

    # -- prose that is not an OKR at all ---------------------------------------------------------

    @cached_property
    def question(self) -> Optional[str]:
        """A text that asks rather than states ("How can we grow?"); "???" is a placeholder, not this."""
        if "?" not in self.text:
            return None
        text = re.sub(r"\s*\([^()]*\)\s*$", "", self.text.strip()).rstrip("\"'”’» ")
        if text.endswith("?") and not text.endswith("??"):
            return self.text.strip()
        return None

    @cached_property
    def chatter(self) -> Optional[str]:
        """An assistant talking about its answer ("Here are your OKRs", "I hope this helps")."""
        return self.search("chatter")

    @cached_property
    def reader_instruction(self) -> Optional[str]:
        """Advice addressed to the reader ("You should …", "Remember to …")."""
        return self.search("reader_instruction")

    @cached_property
    def feeling_statement(self) -> Optional[str]:
        """A first-person feeling, opinion or look back ("We are proud of how much we have accomplished")."""
        return self.search("feeling_statement")

    @cached_property
    def wordless(self) -> Optional[str]:
        """A text with no word in it ("3.34%", "12", "-"): it names nothing to achieve."""
        text = self.text.strip()
        if text and not _TWO_LETTERS.search(text):
            return text
        return None

    @cached_property
    def lone_word(self) -> Optional[str]:
        """A text of one word and nothing else ("Growth", "Sales", "Goal", "Vækst"): a heading or
        a label, naming neither a change nor where the team wants to be."""
        text = self.text.strip()
        if _DIGIT.search(text):
            return None
        words = [w for w in _WORD.findall(text) if len(w) > 1]
        return text if len(words) == 1 else None

    @cached_property
    def not_a_result(self) -> Optional[str]:
        """Text that is no OKR: a question, chatter, advice to the reader, a feeling, no words, or
        a lone word."""
        if self.chatter or self.question or self.reader_instruction or self.feeling_statement or self.wordless or self.lone_word:
            return self.text.strip()
        return None

    @cached_property
    def other_language(self) -> Optional[Msg]:
        """The language the text is written in when it is not its set's language, named in the
        reader's language (a Danish file says "engelsk", not "English").

        The engine hands a text the lexicon of its own language when it is clearly written in
        another one, so this is true exactly when the text was judged with other words than its set.
        """
        return msg("phrases.language-name", language=self.lexicon.language) if self.lexicon.language != self.set_language else None


class KeyResultFacts(TextFacts):
    """Facts about one key result in its objective and set."""

    def __init__(
        self,
        kr: KeyResult,
        objective: Optional[Objective],
        okr_set: Optional[OkrSet],
        lexicon: Lexicon,
        set_language: Optional[str] = None,
        objective_lexicon: Optional[Lexicon] = None,
        objective_facts: Optional["ObjectiveFacts"] = None,
    ) -> None:
        # A key result written as a row (a table or export row, a statement with a tool's
        # properties) is judged on its reading: what counts nothing blanked, the cells joined as a
        # sentence would join them (`rows.split_row`); any other text as written.
        self.row: Optional[Row] = split_row(kr.text, lexicon, normalise(kr.text)) if might_be_row(kr.text) else None
        super().__init__(self.row.reading if self.row is not None else kr.text, lexicon, set_language)
        self.kr = kr
        self.objective = objective
        self.okr_set = okr_set
        self.objective_lexicon = objective_lexicon or lexicon
        # The objective's own facts when the caller has them (the engine reads them once per
        # objective): what this key result asks of its objective's text is read from them.
        self.objective_facts = objective_facts

    @cached_property
    def masked(self) -> str:
        """`TextFacts.masked`, and in a row the numbers of its date cells blanked too ("| … | 30/9 |",
        "(AB, 1/8)", "| v. 20 |"): a date is no target however it is written."""
        masked = TextFacts.masked.func(self)
        row = self.row
        if row is None:
            return masked
        spans = [m.span() for cell in row.cells if cell.kind in (DATE, PERIOD) for m in _DATE_NUMBER.finditer(masked, cell.start, cell.end)]
        return _blank(masked, spans) if spans else masked

    # measurable -----------------------------------------------------------------------------

    @cached_property
    def lone_word(self) -> Optional[str]:
        """A lone word ("Growth", "Sales", "Increase") given a bare target. Not when the row gives
        it a baseline and a target (a spreadsheet's metric column: "Churn | 3 % | 2 %" is a terse
        key result), nor a metric with no target at all ("Kundetilfredshed": a bare metric)."""
        if self.kr.baseline is not None and self.kr.target is not None:
            return None
        if self.kr.target is None and self.bare_metric:
            return None
        return TextFacts.lone_word.func(self)

    @cached_property
    def placeholder(self) -> Optional[str]:
        """A value not filled in ("X %", "TBD", "[N]"); a check box before a task ("- [x] Ship …")
        is no placeholder."""
        box = _LEADING_CHECKBOX.match(self.lower) if "[" in self.lower[:12] else None
        return self.search("placeholder", _blank(self.lower, [box.span(1)]) if box else None)

    @cached_property
    def structured_target(self) -> Optional[LocalisedText]:
        if self.kr.target is not None:
            return msg("phrases.field-target", value=self.kr.target)
        return None

    @cached_property
    def has_target(self) -> Optional[LocalisedText]:
        return self.structured_target or self.target_number or self.coverage_quantifier or self.counted_recurrence or self.worded_limit or self.reference_level

    @cached_property
    def reference_level(self) -> Optional[str]:
        """A level set against a past period, in words (`reference_level`: "on a par with last year",
        "mindst lige så mange som sidste år", "auf Vorjahresniveau", "a tavalyi szinten"): a
        threshold whose value is known, so gradeable."""
        return self.search("reference_level", self.masked) if self.lexicon.has("reference_level") else None

    @cached_property
    def coverage_quantifier(self) -> Optional[str]:
        """A quantifier that makes a target of a whole population ("all customers", "every team",
        "jokaiseen kuntaan"): not one over the parts of a single thing ("all aspects of the audit",
        "jeden Schritt des Prozesses"), nor everyone a thing is made available to ("available to
        all users", "für alle sichtbar"), nor the first half of a compound ("all-remote"), nor the
        cadence of tracking ("follow up every week"). Those describe one deliverable done in full, a
        done/not-done milestone (guideline P2, P6), or when a metric is looked at."""
        if not self.quantifier:
            return None
        text = self.masked
        opened = [m.span() for m in self.lexicon.finditer("open_to_all", text)]
        # "follow up every week", "jede Woche nachverfolgen", "FÖLJ UPP VARJE VECKA": the cadence of
        # tracking (classes `cadence`, `tracking_verbs`), when a metric is looked at, no population.
        if self.lexicon.search("tracking_verbs", text):
            opened += [m.span() for m in self.lexicon.finditer("cadence", text)]
        for m in self.lexicon.finditer("quantifiers", text):
            if text.startswith("-", m.end()) or any(start <= m.start() < end for start, end in opened):
                continue
            after = text[m.end() : m.end() + 48]
            part = self.lexicon.search("part_nouns", after)
            if part and len(after[: part.start()].split()) <= 2:
                continue
            return self._evidence(m)
        return None

    @cached_property
    def worded_limit(self) -> Optional[str]:
        """A limit written in words rather than digits: a duration of one ("within a day", "inden
        for en arbejdsdag", "egy napon belül", "the same day") or a budget or quota kept ("stay
        within budget", "das Budget einhalten"). A duration or threshold is a quantity (guideline)."""
        return self.search("worded_limit", self.masked)

    @cached_property
    def recurring_deliverable(self) -> Optional[str]:
        """A deliverable at a precise cadence ("weekly reviews", "monthly financial updates", "ein
        Newsletter pro Monat", "uutiskirje joka kuukausi"): a countable recurring output, so
        measurable (guideline P5)."""
        return self._at_cadence(("deliverable_nouns",))

    @cached_property
    def _recurring_work(self) -> Optional[str]:
        """A deliverable or an event at a precise cadence ("Jeden Monat ein Workshop", "havonta egy
        poszt", "Kvartalsvise kundemøder"): the team's recurring output (guideline P5)."""
        return self.recurring_deliverable or self._at_cadence(("event_nouns",))

    def _at_cadence(self, classes: tuple[str, ...]) -> Optional[str]:
        """A noun of the classes within three words after a cadence, or two words before it."""
        lex = self.lexicon
        for m in lex.finditer("cadence", self.masked):
            after = self.masked[m.end() : m.end() + 40]
            for name in classes:
                noun = lex.search(name, after)
                if noun and len(after[: noun.start()].split()) <= 3:
                    return self.text[m.start() : m.end() + noun.end()].strip()
            start = max(0, m.start() - 60)
            before = self.masked[start : m.start()]
            nouns = sorted((n for name in classes for n in lex.finditer(name, before) if start == 0 or n.start() > 0), key=lambda n: n.end())
            if nouns and len(self.masked[start + nouns[-1].end() : m.start()].split()) <= 2:
                return self.text[start + nouns[-1].start() : m.end()].strip()
        return None

    @cached_property
    def counted_recurrence(self) -> Optional[str]:
        """A recurring deliverable at a precise cadence: a target. A vague cadence ("regular
        reporting", "regelmäßiges Controlling", "reviews held regularly", `vague_cadence`) counts
        nothing (guideline P5), before or after what recurs. Nor does a review that goes over the
        same figures or readings ("Review cold-room temperatures daily", `_review_at_cadence`): it
        follows them, tracking, with no target of its own. Nor does the report a metric's name points
        to ("Cost per m², monthly report", `_reported_metric`): a bare metric, followed in that report
        (guideline: a bare metric name with no target is not measurable)."""
        found = self.recurring_deliverable
        if found and (self.lexicon.search("vague_cadence", normalise(found)) or self._review_at_cadence or self._reported_metric):
            return None
        return found

    @cached_property
    def recurring_output(self) -> Optional[str]:
        """A deliverable at a cadence that measures nothing else ("Weekly update emails to all
        customers", "Månedlig produktopdatering til partnere"): a recurring output (guideline P5).
        A report at a cadence on a metric the text names ("Churn, weekly dashboard", "Üzemeltetési
        költség, havi riport") follows the metric, a KPI ("Track CTR weekly"), not an output."""
        found = self._recurring_work
        if not found or self.measured_result or self.lexicon.search("amount", self.masked) or self._review_at_cadence:
            return None
        if self.search("metric_nouns", self.masked) or self.search("operating_metric_nouns", self.masked):
            return None
        return found

    @cached_property
    def numeric_target(self) -> Optional[LocalisedText]:
        """A target written as a number (not a quantifier such as "all" or "every")."""
        return self.structured_target or self.target_number

    @cached_property
    def names_metric(self) -> Optional[str]:
        """The text names what is measured: the `metric` field's words, or a metric noun."""
        if self.kr.metric:
            words = re.findall(r"[^\W\d_]{4,}", normalise(self.kr.metric))
            found = [word for word in words if word[:5] in self.lower]
            if words and 2 * len(found) >= len(words):
                return " ".join(found)
            acronym = re.search(r"\b[A-Z]{2,6}\b", self.kr.metric)
            if acronym and acronym.group().lower() in self.lower:
                return acronym.group()
            return None
        return self.search("metric_nouns") or self.direction_word

    @cached_property
    def direction_word(self) -> Optional[str]:
        """A word that says which way a measure moves ("reduce", "weniger", "raise"): the text then
        names what its structured target measures ("Reduce flaky CI runs", target 10)."""
        return (
            self.search("increase_verbs", self.masked)
            or self.search("decrease_verbs", self.masked)
            or self.search("outcome_verbs", self.masked)
            or self.search("english_outcome_verbs", self.masked)
            or self.search("comparatives", self.masked)
        )

    @cached_property
    def target_only_in_field(self) -> Optional[LocalisedText]:
        """A structured target whose text states neither it nor the metric it measures."""
        if self.kr.target is None or not self.text.strip():
            return None
        if self.target_number or self.quantifier or self.placeholder or self.names_metric:
            return None
        return msg("phrases.field-target", value=self.kr.target)

    @cached_property
    def milestone(self) -> Optional[str]:
        """Done/not-done work: a launch or delivery verb, or a state saying work is done or in place."""
        span = self._milestone_span
        return self.text[span[0] : span[1]].strip() if span else None

    @cached_property
    def _milestone_span(self) -> Optional[tuple[int, int]]:
        head = self.head
        if head and "milestone_verbs" in head.classes:
            return head.start, head.end
        end = self._statement_end
        m = self.lexicon.search("milestone_states", self.lower[:end]) or self.lexicon.search("done_states", self.masked[:end])
        if m is None:
            dated = self._dated_end(end)
            m = self.lexicon.search("milestone_states", self.lower[:dated]) if dated < end else None
        return m.span() if m else self._done_participle() or self._passive_work()

    def _dated_end(self, end: int) -> int:
        """Where the statement ends before a date that closes it ("Uusi varastojärjestelmä käyttöön
        viikolla 8", "Ny booking-app live 1. maj", "New booking app live on 1 May"): a headline state
        is read as it would be with no date after it."""
        last = None
        for last in self.lexicon.finditer("time_frame", self.lower[:end]):  # noqa: B007 - keeps the last match
            pass
        if last is None or self.lower[last.end() : end].strip(" .,;:!") or not self.lower[: last.start()].strip():
            return end
        return len(self.lower[: last.start()].rstrip())

    def _passive_work(self) -> Optional[tuple[int, int]]:
        """A copula and the participle of a work verb ("100 % of the invoices are digitised", "Alle
        Verträge sind digitalisiert", "Fakturaerne er digitaliseret"): work reported done, in the
        passive. A change verb ("churn is reduced") states a result and is not this."""
        lex = self.lexicon
        copulas = lex.copulas
        if not copulas:
            return None
        words = self.words
        for index, word in enumerate(words[:-1]):
            if word.group() not in copulas:
                continue
            participle = words[index + 1]
            if lex.participle_endings and not participle.group().endswith(lex.participle_endings) and participle.group() not in lex.irregular_participles and not lex.verb_second:
                continue
            head = self._verb_at(participle.start())
            if head and head.classes & {"activity_verbs", "milestone_verbs"} and not head.classes & {"outcome_verbs", "acquisition_verbs"} and head.end == participle.end():
                return word.start(), participle.end()
        if len(words) > 1 and words[-1].group() in copulas and lex.participle_endings:
            # The participle before a copula that closes the statement ("A számlák 100 %-a
            # digitalizálva van"): its stem is the work verb.
            participle = words[-2].group()
            ending = next((e for e in lex.participle_endings if participle.endswith(e)), None)
            stem = participle[: -len(ending)] if ending else ""
            if stem and any((m := lex.match_at(name, stem, 0)) and m.end() == len(stem) for name in ("activity_verbs", "milestone_verbs")):
                if not any(lex.match_at(name, stem, 0) for name in ("outcome_verbs", "acquisition_verbs")):
                    return words[-2].start(), words[-1].end()
        return None

    @cached_property
    def _statement_end(self) -> int:
        """Where the statement ends, before what trails it (an owner or issue in brackets, a
        mention, a status emoji or its code ":tada:"): "… live (#1234)" ends after "live". In a row's
        reading what trails is blanked already: the statement ends at its last word."""
        text = self.lower
        tail = text.rstrip()[-1:]
        if not (tail in ")]:" or tail and not tail.isascii() and not tail.isalnum()) and "@" not in text and "#" not in text:
            # nothing can trail: no bracket, symbol, emoji code, mention or issue at the end
            return len(text.rstrip()) if self.row is not None else len(text)
        m = _TRAILER.search(text)
        return m.start() if m and m.start() > 0 else len(text)

    def _done_participle(self) -> Optional[tuple[int, int]]:
        """A participle of work right after what it was done to, as a headline states it ("Account
        plans built for the top 20 accounts", "Champions programme deployed with 15 champions"):
        work reported done. The verb classes give the participles: a work verb with a participle
        ending, or an irregular participle, followed by a preposition or nothing."""
        lex = self.lexicon
        if not lex.participle_endings or not lex.prepositions:
            return None
        # What trails the statement (an owner or issue in brackets, an emoji) does not follow it.
        end = self._statement_end
        words = self.words if end == len(self.masked) else [w for w in self.words if w.start() < end]
        for index in range(1, min(len(words), 10)):
            word = words[index].group()
            irregular = word in lex.irregular_participles
            if not irregular and (lex.verb_second or not word.endswith(lex.participle_endings)):
                continue  # German infinitives end like participles ("überarbeiten"): only listed ones count
            previous = words[index - 1].group()
            if previous in lex.copulas or previous in lex.determiners or previous in lex.prepositions or previous in lex.subject_words:
                continue  # "is deployed" (read elsewhere), "the updated plan", "we deployed"
            following = words[index + 1].group() if index + 1 < len(words) else ""
            if following and following not in lex.prepositions:
                continue
            if not irregular:
                head = self._verb_at(words[index].start())
                if head is None or not head.classes & {"activity_verbs", "milestone_verbs"} or head.classes & {"outcome_verbs", "acquisition_verbs"}:
                    continue
            return words[index].span()
        return None

    @cached_property
    def _headline_participle(self) -> Optional[str]:
        """A count of things and the participle of work done to them, as a headline states an output
        ("10 grant applications submitted", "To nye integrationer udgivet", "3 Regionalbüros
        eingerichtet"): the count opens the text and the participle follows within a few words."""
        words = self.words[self._head_start :]
        if not words or not (_DIGIT.match(words[0].group()) or self.lexicon.match_at("number_words", self.masked, words[0].start())):
            return None
        span = self._done_participle()
        if span is None or len([w for w in words if w.start() < span[0]]) > 5:
            return None
        return self.text[span[0] : span[1]]

    @cached_property
    def row_milestone(self) -> Optional[str]:
        """A table row whose only target is a date in its own column after the statement ("| Opening
        party | – | 1.6. | Marketing |", "Purchasing;Packaging review;–;Q2;Purchasing", "…; new
        scanner installed; –; wk 20; IT"): a thing done by a day, a binary milestone (guideline:
        activity, "a binary milestone"). Not when the text names a target, a change or a direction,
        a level kept or a metric tracked."""
        row = self.row
        if row is None or not row.separated or row.values or row.statement is None:
            return None
        deadline = row.deadline
        if deadline is None or deadline.start < row.statement.end:
            return None
        column = next(((a, b) for a, b in row.columns if a <= deadline.start < b), None)
        if column is None or row.text[column[0] : deadline.start].strip():
            return None  # a due date among a tool's properties ("· Due: 30/9") may follow any key result
        if self.has_target or self.result_signal or self.comparative_change or self.direction_only or self.maintain or self.tracking:
            return None
        return row.words(row.statement)

    @cached_property
    def milestone_with_result(self) -> Optional[str]:
        """A milestone that also names a change in a result ("The new CRM is live and cuts handling
        time"), outside the words of the milestone itself ("Achieve SOC 2 certification")."""
        span = self._milestone_span
        if span is None:
            return None
        for m in self._result_verbs():
            if m.end() <= span[0] or m.start() >= span[1]:
                return self._evidence(m)
        return self.from_to or self.relative_change_any

    @cached_property
    def new_people(self) -> Optional[str]:
        """New or more people counted as a metric as what the text is about ("New customers are live
        on the portal", "Weitere Mitglieder sind auf der Plattform im Einsatz", "Flere brugere er
        i gang med appen"): people won or taking it up, a result (guideline P7: usage, new
        customers), even when a milestone word says where they are. People the work is for ("for
        new users", "uusille käyttäjille") are its beneficiaries, not this."""
        lex = self.lexicon
        for m in lex.finditer("new_words", self.masked):
            after = self.masked[m.end() : m.end() + 40]
            noun = lex.search("ambiguous_metric_nouns", after)
            if noun is None or len(after[: noun.start()].split()) > 2:
                continue
            before = self.masked[: m.start()].split()
            if before and before[-1] in lex.prepositions:
                continue
            word = _WORD.match(after, noun.start())
            if word and lex.has("oblique_cases") and lex.match_at("oblique_cases", word.group(), 0):
                continue  # "uusille asiakkaille", "az új ügyfeleknek": a case ending makes them the beneficiaries
            return self.text[m.start() : m.end() + noun.end()].strip()
        return None

    # outcome --------------------------------------------------------------------------------

    @cached_property
    def impact_clause(self) -> Optional[str]:
        """A purpose clause after the head that names a change or a measured result."""
        head = self.head
        start = head.end if head else 0
        # Each marker asks what follows it; `after` answers from one scan per pattern, so a text of
        # many markers ("to to to …") costs no more than one.
        after = _FirstAfter(self.masked, self.lexicon)
        for m in self.lexicon.finditer("purpose_markers", self.masked):
            if m.start() < start:
                continue
            if after.find("amount", m.end()):
                return self.text[m.start() :].strip()
            # A change verb names a result when something measures it ("to raise sign-ups by 25 %"),
            # not in "to raise questions" or "for onboarding".
            measured = after.find(_DIGIT, m.end()) or after.find("relative_change", m.end()) or after.find("number_words", m.end())
            if measured and any(after.find(name, m.end()) for name in _OUTCOME_CLASSES):
                return self.text[m.start() :].strip()
        return None

    @cached_property
    def people_change(self) -> Optional[str]:
        """More or fewer people doing something ("More members take part in club life", "Több
        hallgató fejezi be a képzést időben", "Yhä useampi asukas käyttää joukkoliikennettä"), or
        people doing it more often or to a greater degree ("Nuoret osallistuvat toimintaan
        aktiivisemmin", "Studenter genomför kurserna i högre grad"): a change in behaviour, a result
        (guideline P7), whatever verb names what they do."""
        lex = self.lexicon
        text = self.masked
        for m in lex.finditer("comparatives", text):
            after = text[m.end() : m.end() + 40]
            noun = lex.search("people_nouns", after)
            before = text[: m.start()].split()
            if before and before[-1] in lex.prepositions:
                continue  # "live for more customers": the people the work is for, not a change in them
            if noun and len(after[: noun.start()].split()) <= 1:
                return self.text[m.start() : m.end() + noun.end()].strip()
        if lex.has("degree_comparatives"):
            m = lex.search("degree_comparatives", text)
            if m and lex.search("people_nouns", text):
                return self._evidence(m)
        return self._people_act_alone or self._people_behave

    @cached_property
    def _people_behave(self) -> Optional[str]:
        """People or teams, the subject, doing what a product or service is for ("Teams across the
        company use feature flags", "Kunderne anbefaler os", "Az ügyfelek a webshopot választják"):
        their behaviour, a result (guideline: customer or user behaviour). The verb follows the
        noun within three words; not work done for them ("Help customers use …": the head verb comes
        first), not people as an object ("for users"), nor what they merely can do."""
        lex = self.lexicon
        if not lex.has("behaviour_verbs"):
            return None
        text = self.masked
        head = self.head
        for verb in lex.finditer("behaviour_verbs", text):
            if _COMPOUND_AFTER.match(text, verb.end()):
                continue  # "use-case centric reviews", "use case demos": a noun, not the verb
            for name in ("people_nouns", "team_nouns"):
                for noun in lex.finditer(name, text[: verb.start()]):
                    between = text[noun.end() : verb.start()]
                    if len(between.split()) > 3 or head and head.start < noun.start() or lex.search("ability_words", between):
                        continue
                    words = text[: noun.start()].split()
                    if words and words[-1] in lex.prepositions:
                        continue  # "live for new users who …": the people the work is for
                    if head and noun.end() <= head.start and (head.start < verb.start() or verb.end() < head.end) and text[noun.start() : noun.end()].strip() in lex.subject_words:
                        continue  # "Me selvitämme, voisiko … käyttää", "We find out whether …": the team's own verb heads
                    return self.text[noun.start() : verb.end()].strip()
        return None

    @cached_property
    def _people_act_alone(self) -> Optional[str]:
        """People or teams, the subject, doing something on their own ("Teams ship features without
        waiting on the platform team", "Kunden lösen ihre Anliegen selbstständig", "Az ügyfelek
        önállóan intézik"): a change in behaviour, a result (guideline: "Customers resolve tickets
        without contacting us"). Not work the team does for them ("Help customers set up SSO on
        their own": the head verb comes first), nor what they merely can do ("Customers can
        download invoices without calling us": a feature delivered)."""
        lex = self.lexicon
        if not lex.has("independence_phrases"):
            return None
        text = self.masked
        m = lex.search("independence_phrases", text)
        if not m:
            return None
        before = text[: m.start()]
        noun = lex.search("people_nouns", before) or lex.search("team_nouns", before)
        head = self.head
        if not noun or head and head.start < noun.start() or lex.search("ability_words", before[noun.end() :]):
            return None
        return self._evidence(m)

    @cached_property
    def acquisition_head(self) -> Optional[str]:
        return self.head_is("acquisition_verbs")

    @cached_property
    def count_output(self) -> Optional[str]:
        """An activity or milestone verb followed by a plain count: a counted deliverable. A change
        the text names beside it ("Run 3 experiments that cut churn from 4 % to 3 %", "Hold 5
        workshops and lift renewals by 10 %") makes it work judged by its result (guideline P7);
        a counted deliverable noun stays an output whatever follows (`counted_deliverable`)."""
        head = self.head
        if not head or not (head.classes & {"activity_verbs", "milestone_verbs"}) or "acquisition_verbs" in head.classes or self.people_subject:
            return None
        if self.result_signal or self.wished_by_others:
            return None
        if self.lexicon.search("amount", self.masked):
            # Percentages and amounts measure results, not outputs.
            return None
        after = self.masked[head.end :]
        m = _COUNT.search(after) or self.lexicon.search("number_words", after) or (self._heads_text and _TOP_COUNT.search(after))
        if m:
            if self.lexicon.match_at("duration", after, m.end()) or self.lexicon.search("comparator", after[max(0, m.start() - 20) : m.start()]):
                return None
            return self.text[head.start : head.end + m.end() + 25].strip()
        # Verb-final word order ("12 blogcikket publikálunk"): the count stands before the verb.
        before = self.masked[: head.start]
        m = _COUNT.search(before) or self.lexicon.search("number_words", before)
        if m and not self.lexicon.match_at("duration", before, m.end()) and not self.lexicon.search("comparator", before[m.end() :]):
            return self.text[m.start() : head.end].strip()
        return None

    @cached_property
    def people_subject(self) -> Optional[str]:
        """People counted as a metric (customers, users, members) as the subject of the head verb
        ("10 Kunden setzen die Lösung produktiv ein", "Customers set up SSO without help", "200
        käyttäjää luo projektin"): what they do is behaviour, a result, not the team's work or output.
        The noun stands right before the verb (a count or qualifier may stand with it) and no
        preposition makes it an object ("Bei 10 Kunden setzen wir …", "for 20 users")."""
        head = self.head
        if not head or not head.start:
            return None
        if self.lexicon.verb_second and not self.masked[head.end :].strip(" .!"):
            return None  # "200 Kunden kontaktieren": a verb-final infinitive, whose object stands before it
        before = self.masked[: head.start]
        noun = None
        for noun in self.lexicon.finditer("ambiguous_metric_nouns", before):  # noqa: B007 - keeps the last match
            pass
        if noun is None or before[noun.end() :].strip(" ,") and len(before[noun.end() :].split()) > 1:
            return None
        lex = self.lexicon
        word = _WORD.match(before, noun.start())
        if word and lex.match_at("oblique_cases", word.group(), 0):
            return None  # "10 ügyfélnél bevezetjük": a case ending makes the noun an adverbial
        for word in reversed(before[: noun.start()].split()[-3:]):
            if word in lex.prepositions or word in lex.subject_words and word not in lex.determiners:
                return None  # "for 20 users", "team members": an object, or the team's own people
            if not (_DIGIT.search(word) or lex.match_at("number_words", word, 0) or lex.match_at("metric_qualifiers", word, 0) or word in lex.determiners):
                break
        return self.text[noun.start() : head.end].strip()

    @property
    def _heads_text(self) -> bool:
        """Whether the head verb opens the text (after subjects and time frames): "Identify the top 3
        reasons", not "Account plans built for the top 20 accounts"."""
        head = self.head
        return bool(head and self._head_start < len(self.words) and head.start == self.words[self._head_start].start())

    @cached_property
    def output_count(self) -> Optional[str]:
        """A counted output: a count of deliverables (kept even with an outcome qualifier, guideline
        P3/P5), or an activity verb with a plain count and no measured impact."""
        return (None if self.impact_clause else self.count_output or self.counted_work_object) or self.counted_deliverable or self.contributor_count or self.staff_count

    @cached_property
    def counted_work_object(self) -> Optional[str]:
        """A count of things a verb the lexicon does not list acts on, the verb known by the
        language's grammar (`work_verb_initial`: the imperative or infinitive that opens an English
        or Scandinavian key result, a Finnish impersonal passive; `work_verb_final`: a German
        infinitive ending the text, a Hungarian first person plural): "Repaint 40 benches",
        "Uusitaan 6 siltaa", "12 Brücken sanieren", "5 hidat felújítunk". Work with a count of the
        things it is done to is an output (guideline P5), whatever the verb. Not when the text
        names a result (a change, an amount, people who act), when the count is of people or uses
        (customers, visitors: a result, P7), or a level in time."""
        if self.head is not None or not (_DIGIT.search(self.masked) or self.lexicon.search("number_words", self.masked)):
            return None
        lex = self.lexicon
        if self.result_signal or self.wished_by_others or lex.search("amount", self.masked) or self.people_subject:
            return None
        if any(lex.has(name) and lex.search(name, self.masked) for name in ("rate", "recurring_level")):
            return None  # "handle 40 applications a week": a throughput held, a level (P9)
        words = self.words
        first = self._head_start
        if first < len(words) and lex.has("work_verb_initial"):
            verb = words[first]
            if self._unclassed_verb(verb, "work_verb_initial"):
                count = self._count_after(verb.end())
                if count:
                    return self.text[verb.start() : count].strip()
        if lex.has("work_verb_final"):
            text = self.masked
            trailer = _TRAILER.search(text)
            end = trailer.start() if trailer else len(text)
            for verb in lex.finditer("work_verb_final", text[:end]):
                if not self.text[verb.start()].islower() or not self._unclassed_verb(_WORD.match(text, verb.start()), "work_verb_final"):
                    continue
                for count in _COUNT.finditer(text, 0, verb.start()):
                    if _NEXT_WORD.match(text, count.end()).start(1) >= verb.start():
                        continue  # "2 címünk": the word after the count is the counted noun, not a verb
                    if self._counted_thing(count.start(), count.end()):
                        return self.text[count.start() : verb.end()].strip()
        return None

    def _unclassed_verb(self, word: Optional[re.Match], name: str) -> bool:
        """Whether the word has the grammar of class `name` (a verb form) and is none of the words
        the lexicon classes otherwise: no small word, number, quantifier, comparator, noun of a
        metric, deliverable, event or person, and no acronym ("NPS 40 points")."""
        if word is None:
            return False
        lex = self.lexicon
        text, pos, token = self.masked, word.start(), word.group()
        m = lex.match_at(name, text, pos)
        if m is None or m.end() != word.end():
            return False
        if token in lex.stopwords or token in lex.prepositions or token in lex.determiners:
            return False
        if _INNER_CAPITAL.search(self.text, pos + 1, word.end()):
            return False  # "NPS 40", "eNPS ≥ 30": an acronym or a name, not a verb
        small = ("subject_words", "number_words", "quantifiers", "comparator", "time_frame")
        nouns = ("metric_nouns", "ambiguous_metric_nouns", "consumption_nouns", "metric_head_nouns", "deliverable_nouns", "event_nouns", "staff_nouns", "contributor_nouns")
        return not any(lex.has(n) and lex.match_at(n, text, pos) for n in small + nouns)

    def _count_after(self, end: int) -> Optional[int]:
        """Where the counted object after a verb ending at `end` ends: a numeral or number word
        within three words, only a quantifier or a floor between ("Lukke alle 23 …", "Märka minst
        15 …"), with the noun it counts; None otherwise."""
        lex = self.lexicon
        text = self.masked
        pos = end
        for _ in range(3):
            gap = len(text[pos:]) - len(text[pos:].lstrip())
            start = pos + gap
            count = _COUNT.match(text, start)
            if count is None and lex.match_at("number_words", text, start) and not lex.match_at("zero_words", text, start):
                count = _WORD.match(text, start)
            if count is not None:
                return count.end() + 40 if self._counted_thing(start, count.end()) else None
            skip = lex.match_at("quantifiers", text, start) or lex.match_at("comparator", text, start)
            if skip is None or skip.end() <= start or lex.has("cap_comparator") and lex.match_at("cap_comparator", text, start):
                return None
            pos = skip.end()
        return None

    def _counted_thing(self, start: int, end: int) -> bool:
        """Whether the count at `start`-`end` counts things: not zero, not a duration, a share or
        an amount, and followed by a noun that names no people or uses counted as a result."""
        lex = self.lexicon
        text = self.masked
        if text[start:end] == "0" or lex.match_at("duration", text, end):
            return False
        if lex.has("duration_attribute") and lex.match_at("duration_attribute", text, start):
            return False
        noun = _NEXT_WORD.match(text, end)
        if noun is None or not text[end : noun.start(1)].isspace() or self._in_fraction(start, noun.end(1)):
            return False  # "8–16", "24/7", "two thirds of": hours, a ratio or a share, not things counted
        if noun.group(1) in lex.stopwords or noun.group(1) in lex.prepositions:
            return False  # "≥ 30 in the survey", "top 3 in the ranking": a level or a rank, no noun counted
        return not self._people_or_uses(noun.start(1))

    def _people_or_uses(self, pos: int) -> bool:
        """Whether the noun phrase at `pos` (up to two words) names people, uses or events counted as a
        result: customers, visitors, sign-ups, outages, complaints, a metric (P7)."""
        lex = self.lexicon
        text = self.masked
        window = text[pos : pos + 40].split()[:2]
        at = pos
        for word in window:
            at = text.find(word, at)
            if any(lex.has(n) and lex.match_at(n, text, at) for n in ("people_nouns", "ambiguous_metric_nouns", "consumption_nouns", "counted_event_nouns", "metric_nouns", "metric_head_nouns")):
                return True
            at += len(word)
        return False

    @cached_property
    def staff_count(self) -> Optional[str]:
        """A count of the team's own staff (employees, apprentices, technicians, freelancers) taken
        on, added or put through training, with or without a verb ("+2 cleaners for the conference
        centre", "3 harjoittelijaa lisää kesäksi", "3 Auszubildende durch die Gesellenprüfung
        bringen"): staffing, an output however it is won (guideline P4, P5), as a hire is. Not
        when the staff are the ones who act ("200 technicians use the job app"): their behaviour is
        a result; nor with a share, an amount, a from–to or a relative change, which measure
        something."""
        lex = self.lexicon
        if not lex.has("staff_nouns") or not _DIGIT.search(self.masked) and not lex.search("number_words", self.masked):
            return None
        if self.from_to or self.relative_change_any or lex.search("amount", self.masked) or self.hiring:
            return None  # a hire is reported as one (rule hiring-key-result)
        for m in lex.finditer("staff_nouns", self.masked):
            before = self.masked[: m.start()]  # whole, so that no number is cut at a window's edge
            count = _COUNT_BEFORE_NOUN.search(before)
            number_end = count.end(1) if count else 0
            if count is None:
                before = before[-30:]
                count = self._number_word_before(before)
                number_end = count.end() if count else 0
            if not count or self._in_fraction(m.start() - len(before) + count.start(), m.end()):
                continue
            if any(w in lex.stopwords or w in lex.prepositions for w in before[number_end:].split()):
                continue  # "Visit 5 sites with a technician": the count is of something else
            after = self.masked[m.end() :]
            if any(lex.has(name) and lex.search(name, after) for name in ("behaviour_verbs", "perception_verbs")) or lex.search("metric_nouns", after[:25]):
                continue  # "12 technicians use the app", "apprentices' pass rate": what they do or a measure of them
            return self.text[m.start() - len(before) + count.start() : m.end()].strip()
        return None

    @cached_property
    def contributor_count(self) -> Optional[str]:
        """A count of people joining the team's own work ("Onboard 2 new contributors", "Add 5
        members to the advisory board" as mentors, volunteers or board members): an output
        (guideline P5), not customers won. The count and the noun stand within three words."""
        if not _DIGIT.search(self.masked) and not self.lexicon.search("number_words", self.masked):
            return None
        for m in self.lexicon.finditer("contributor_nouns", self.masked):
            before = self.masked[max(0, m.start() - 30) : m.start()]
            count = _COUNT_BEFORE_NOUN.search(before) or self._number_word_before(before)
            if count and not self.from_to and not self.relative_change_any and not self._in_fraction(m.start() - len(before) + count.start(), m.end()):
                return self.text[m.start() - len(before) + count.start() : m.end()].strip()
        return None

    def _in_fraction(self, start: int, end: int) -> bool:
        """Whether a fraction (`fraction_of`: "3 of 4 volunteers", "3 von 4 Ehrenamtlichen", "a 4
        önkéntesből 3", "zwei Drittel der Mitglieder") overlaps the span: a share of the people
        named, not a count of people joining."""
        lex = self.lexicon
        if not lex.has("fraction_of"):
            return False
        offset = max(0, start - 30)
        return any(offset + m.start() < end and start < offset + m.end() for m in lex.finditer("fraction_of", self.masked[offset : end + 30]))

    @cached_property
    def new_count(self) -> Optional[str]:
        return self.acquisition_head or self.count_output or self.search("new_words", self.masked)

    @cached_property
    def result_signal(self) -> Optional[str]:
        """Words that name a change in a result anywhere in the text: a change verb (native or
        English), a from–to or a relative change. Work that states one is judged as an outcome."""
        for m in self._result_verbs():
            return self._evidence(m)
        return self.from_to or self.relative_change_any

    def _result_verbs(self):
        """Change verbs in the text, not inside a hyphenated compound ("drop-off", "Churn-Rate")."""
        text = self.masked
        for name in ("outcome_verbs", "english_outcome_verbs"):
            for m in self.lexicon.finditer(name, text):
                if text[m.end() : m.end() + 1] == "-" or text[m.start() - 1 : m.start()] == "-":
                    continue
                yield m

    @cached_property
    def counted_deliverable(self) -> Optional[str]:
        """A count of things the team produces ("10 blog posts", "at least 2 guides", "60 Interviews"),
        whatever verb carries it: the guideline calls it an output even with an outcome qualifier."""
        if not _DIGIT.search(self.lower) and not self.lexicon.search("number_words", self.masked):
            return None
        found = self._counted_deliverable_span()
        if found is None:
            return None
        if self.result_signal and not (self.head and self.head.classes & {"activity_verbs", "milestone_verbs"}) and not self._qualified_count(found):
            return None  # "1 post hits the top 5": the deliverable is the subject of a result
        if self.earned_media:
            return None  # "3 press articles about us": published by others, a result
        if self.people_subject:
            return None  # "Customers publish 500 reviews": made by the people counted, a result
        return found

    def _qualified_count(self, found: str) -> bool:
        """Whether every change the text names stands in a qualifier after the counted deliverables
        ("3 customer stories per quarter to lift trust", "60 Interviews, die die Conversion
        steigern"): the count stays the target, an output with an outcome qualifier (guideline P3)."""
        end = self.lower.find(found.lower())
        if end < 0:
            return False
        end += len(found)
        markers = [m for name in ("purpose_markers", "relative_clauses") for m in self.lexicon.finditer(name, self.masked) if m.start() >= end]
        if not markers:
            return False
        marker = min(markers, key=lambda m: m.start())
        if any(m.start() < marker.start() for m in self.from_to_matches) or self.lexicon.search("relative_change", self.masked[: marker.start()]):
            return False  # "10 posts grow traffic by 30 % …": the change is stated before any qualifier
        return all(m.start() >= marker.start() for m in self._result_verbs())

    def _counted_deliverable_span(self) -> Optional[str]:
        for m in self.lexicon.finditer("deliverable_nouns", self.masked):
            before = self.masked[max(0, m.start() - 40) : m.start()]
            count = _COUNT_BEFORE_NOUN.search(before) or _PLACEHOLDER_BEFORE_NOUN.search(self.lower[max(0, m.start() - 40) : m.start()])
            if count:
                number_end = count.end(1)
            else:
                count = self._number_word_before(before)
                if not count:
                    continue
                number_end = count.end()
            between = before[number_end:].split()
            if any(w in self.lexicon.stopwords for w in between):
                continue  # "30 000 subscribers to the newsletter": the count is of something else
            if self.lexicon.match_at("duration", before, number_end) or self.lexicon.search("amount", before[count.start() :]):
                continue
            nxt = _NEXT_WORD.match(self.masked, m.end())
            if nxt and self.lexicon.match_at("consumption_nouns", self.masked, nxt.start(1)):
                continue  # "500 webinar sign-ups": the deliverable only qualifies what is counted
            start = m.start() - len(before) + count.start()
            return self.text[start : m.end()].strip()
        return self._deliverable_heading_count()

    def _deliverable_heading_count(self) -> Optional[str]:
        """A deliverable heading the text with the units it is made with counted after it
        ("Partnership agreements with at least 5 municipalities", "Samverkansavtal med tre
        kommuner", "Yhteistyösopimus kolmen kunnan kanssa", "Megállapodás három
        önkormányzattal"): one deliverable per unit, a count of outputs (guideline P3, P5). Only
        prepositions or small words stand between the noun and the count."""
        words = self.words
        lex = self.lexicon
        first = self._head_start
        if first >= len(words):
            return None
        m = lex.match_at("deliverable_nouns", self.masked, words[first].start())
        if m is None and first + 1 < len(words):
            m = lex.match_at("deliverable_nouns", self.masked, words[first + 1].start())
        if m is None:
            return None
        after = self.masked[m.end() : m.end() + 40]
        count = _COUNT.search(after) or lex.search("number_words", after)
        if not count or any(w not in lex.stopwords and w not in lex.prepositions for w in after[: count.start()].split()) or len(after[: count.start()].split()) > 3:
            return None
        if lex.match_at("duration", after, count.end()) or lex.search("amount", after[count.start() :]):
            return None
        unit = _NEXT_WORD.match(after, count.end())
        if unit is None:
            return None
        for name in ("consumption_nouns", "ambiguous_metric_nouns", "metric_nouns", "part_nouns"):
            if lex.match_at(name, after, unit.start(1)):
                return None  # "Newsletter with 5,000 subscribers", "Runbook with 3 steps": a measure or parts, not units reached
        return self.text[m.start() : m.end() + unit.end()].strip()

    @cached_property
    def done_work_count(self) -> Optional[str]:
        """Work done for a number of units ("Leveling guides exist for 5+ teams", "6 SDRs ramped",
        "Review 100 % of compensation at least twice a year"): coverage of a deliverable, an output.
        Customers or users reached by a launch ("deployed to 40 customers") are adoption, not output."""
        if not self.numeric_target:
            return None
        state = self.search("done_states", self.masked) or self.search("coverage_states", self.masked) or self._headline_participle
        if not state or self.result_signal:
            return None
        if self.search("ambiguous_metric_nouns", self.masked) or self.search("amount", self.masked) and not self._reach_quantifier:
            return None
        return state

    @cached_property
    def coverage_state(self) -> Optional[str]:
        """People or units covered by a deliverable ("100 % of managers have access to pay data",
        "all agents are certified"): an output by the guideline (P3)."""
        m = self.lexicon.search("coverage_states", self.masked)
        if not m or self.measured_result or self._users_act_before(m.start()):
            return None  # "80 % of new users take part in the welcome webinar": users acting, a result
        return self._evidence(m)

    @cached_property
    def coverage_of_work(self) -> Optional[str]:
        """A quantifier over the units work reaches, with nothing measured but the reach ("Cache
        the dependencies in all workflows", "Alla balanskonton avstämda varje månad", "Wartungsplan
        für alle Maschinen hinterlegt", "Jokaiselle asiakkaalle nimetty yhteyshenkilö", "Utastájékoztatás
        minden megállóban"): the team's work done for each unit, an output (guideline P2, P3),
        whatever verb or noun carries it. Not when the text names a result (a change, a metric,
        people or uses counted, a quality, a threshold, an amount), a time limit (a service level, a
        KPI), a cadence only ("every week"), or has customers or users as the ones who act ("all
        customers pay by card": usage); people who act must do work (take part, hold, have)."""
        found = self.coverage_quantifier
        if not found or self.result_signal or self.measured_result or self.worded_limit or self.placeholder:
            return None
        if self.unmeasured_work or self.hiring:
            return None  # "Implement the template in all quotes": the work itself is reported, once
        lex = self.lexicon
        text = _blank(self.masked, self._scope_spans)  # "every job over €50,000": which units, no threshold or change
        for name in COVERAGE_RESULT_CLASSES:
            if lex.search(name, text):
                return None
        windowed = self._training_window
        if any(not self._floor_on_frequency(m) and not (windowed and lex.match_at("within_words", text, m.start())) for m in lex.finditer("comparator", text)):
            return None  # "below 3 s across all search types": a threshold on a measure
        quantified = [m.span() for m in lex.finditer("quantifiers", text)]
        if any(not any(a <= m.start() < b for a, b in quantified) for m in lex.finditer("amount", text)):
            return None  # an amount of its own ("every invoice under €500", "80 % of"): a measure, not reach
        if not windowed and any(lex.match_at("duration", text, count.end()) for count in _COUNT.finditer(text)) and self._duration_limit:
            return None  # "every request answered within 2 days": a service level
        if not self._reach_quantifier:
            return None  # "every week", "joka viikko": how often, not how far the work reaches
        for name in ("ambiguous_metric_nouns", "consumption_nouns"):
            for m in lex.finditer(name, text):
                word = _WORD.match(text, m.start())
                before = text[: m.start()].split()
                if before and before[-1] in lex.prepositions:
                    continue  # "for all customers": the ones the work is for
                if word and lex.has("oblique_cases") and lex.match_at("oblique_cases", word.group(), 0):
                    continue  # "jokaiselle asiakkaalle", "minden ügyfélnek": the ones the work is for
                return None  # customers acting or uses counted: usage or adoption, a result (P7)
        if self._people_act() and not any(lex.search(name, text) for name in COVERAGE_WORK_CLASSES):
            return None  # "every school leaver gets a place": what people gain, not work done for them
        return found

    @cached_property
    def _training_window(self) -> bool:
        """Whether each unit covered takes part in a training or process the team runs ("every new
        leader completes the basic course within three months", "alle nye medarbejdere gennemfører
        introforløbet inden for 30 dage"): a time window inside the coverage is when each one gets
        the deliverable, not a service level on a measure; coverage of a training is an output
        (guideline P3)."""
        lex = self.lexicon
        return lex.has("within_words") and bool(lex.search("within_words", self.masked)) and any(lex.has(n) and lex.search(n, self.masked) for n in ("coverage_states", "participation_verbs"))

    def _floor_on_frequency(self, comparator: re.Match) -> bool:
        """Whether the comparator bounds how often the work is done ("at least twice
        a year", "mindst to gange om ugen", "vähintään kaksi kertaa kesässä"): a floor on a count
        of times is a cadence of work for each unit (guideline P5), not a threshold on a measure."""
        lex = self.lexicon
        if not lex.has("frequency") or lex.has("cap_comparator") and lex.match_at("cap_comparator", self.masked, comparator.start()):
            return False  # "at most twice a month": a cap, a level held (P9)
        end = comparator.end()
        start = end + len(self.masked[end:]) - len(self.masked[end:].lstrip())
        return start > end and lex.match_at("frequency", self.masked, start) is not None

    @cached_property
    def _scope_spans(self) -> list[tuple[int, int]]:
        """Bounds that say which units a quantifier takes in, inside its noun phrase ("every job over
        €50,000", "alle Baustellen über 500 m²", "jokaiselle yli 50 hengen osastolle", "minden 10 főnél
        nagyobb telephelyen"): a comparator within two words of the quantifier, with no verb between,
        and its number with the word after it. The set stays finite and countable (guideline P2); the
        bound is its scope, not a threshold on a measure."""
        lex = self.lexicon
        text = self.masked
        spans = []
        cadences = [m.span() for m in lex.finditer("cadence", text)] if lex.has("cadence") else []
        for q in lex.finditer("quantifiers", text):
            if any(a <= q.start() < b for a, b in cadences):
                continue  # "in every month more than …": how often, no units to scope
            after = text[q.end() : q.end() + 40]
            bound = lex.search("comparator", after)
            if bound is None or len(after[: bound.start()].split()) > 2 or self.any_verb(after[: bound.start()]):
                continue
            number = _NUMBER_AT.search(after, bound.end())
            if number is None or after[bound.end() : number.start()].strip():
                continue
            if lex.match_at("duration", after, number.end()) or after[number.end() :].lstrip().startswith("%"):
                continue  # "all pages under 2 s", "every batch under 1 %": a limit on a measure
            unit = _NEXT_WORD.match(after, number.end())
            end = unit.end() if unit else number.end()
            if unit and self.any_verb(unit.group(1)):
                continue  # "ROAS in every campaign at least 4.0 stays": the bound is the predicate's
            spans.append((q.end() + bound.start(), q.end() + end))
        return spans

    @cached_property
    def _duration_limit(self) -> bool:
        """Whether a duration in the text is a limit: a bound stands beside it ("within 2 days",
        "højst 24 timer", "4 órán belül", "no later than 3 days after", `_time_bound`), or a
        comparator just before its number ("under 3 s", "mindst 5 dage"). A duration with no bound is
        what something lasts or how long before an event it happens ("a 3-day intro programme",
        "Introprogram på 3 dage", "a reminder 48 hours before every appointment"): part of the
        deliverable, not a time it must be done in."""
        if self._time_bound is not None:
            return True
        lex = self.lexicon
        text = self.masked
        for count in _COUNT.finditer(text):
            if not lex.match_at("duration", text, count.end()):
                continue
            before = text[max(0, count.start() - 24) : count.start()]
            if lex.search("comparator", before) or lex.has("cap_comparator") and lex.search("cap_comparator", before):
                return True
        return False

    @cached_property
    def _reach_quantifier(self) -> Optional[str]:
        """A quantifier outside a cadence: how far something reaches ("all invoices", "in jedem
        Werk"), not how often ("every week", "in jedem Monat", "joka viikko")."""
        if not self.quantifier:
            return None
        cadences = [m.span() for m in self.lexicon.finditer("cadence", self.masked)]
        for m in self.lexicon.finditer("quantifiers", self.masked):
            if not any(a <= m.start() < b for a, b in cadences):
                return self._evidence(m)
        return None

    def _people_act(self) -> bool:
        """Whether people (not customers counted as a metric) stand in the text as the ones who act:
        a people noun not after a preposition nor in an oblique case. Words that only pick out which
        people (a quantifier, "new", a count) may stand between the preposition and the noun: "for
        all new employees", "for alle nye medarbejdere" are the people the work is for."""
        lex = self.lexicon
        text = self.masked
        quantifiers = {m.start() for m in lex.finditer("quantifiers", text)}
        for m in lex.finditer("people_nouns", text):
            if m.start() in quantifiers:
                continue  # "alla balanskonton": the quantifier, not "everyone"
            word = _WORD.match(text, m.start())
            before = text[: m.start()].split()
            while len(before) > 1 and self._picks_out_people(before[-1]):
                before.pop()
            if before and before[-1] in lex.prepositions:
                continue
            if word and lex.has("oblique_cases") and lex.match_at("oblique_cases", word.group(), 0):
                continue
            return True
        return False

    def _picks_out_people(self, word: str) -> bool:
        """Whether a word before a people noun only says which or how many ("all", "new", "12",
        "alle", "nye", "jede", "neuen"): a quantifier, a determiner, a qualifier or a number."""
        lex = self.lexicon
        if _DIGIT.search(word) or word in lex.determiners:
            return True
        for name in ("quantifiers", "new_words", "metric_qualifiers", "number_words"):
            m = lex.match_at(name, word, 0) if lex.has(name) else None
            if m and m.end() == len(word):
                return True
        return False

    @cached_property
    def comparative_change(self) -> Optional[str]:
        """A change stated as a direction: what the subject becomes ("The docs become clearer", "Die
        Doku wird verständlicher", "Scope creep skal ned", "ohjeet selkeämmiksi", "a folyamat
        gyorsabbá válik"). Direction only is still an outcome (guideline P6), never work or a
        deliverable, though it is not measurable."""
        return self.search("become_comparative", self.masked)

    @cached_property
    def direction_only(self) -> Optional[str]:
        """A verbless or stative text that says which way something moves ("Fewer questions to the
        data team", "Färre frågor om var data finns"), or a stated change: a result, not a
        delivered state."""
        if self.comparative_change:
            return self.comparative_change
        if self.head is not None:
            return None  # "Write better docs": the comparative qualifies what the work produces
        return self.search("comparatives", self.masked)

    @cached_property
    def measured_result(self) -> Optional[str]:
        """A result the text measures: a from–to, a relative change, a measured impact clause, or a
        change verb with a number ("… and churn drops to 2 %"); "to drive pipeline" is not one."""
        if self.from_to or self.relative_change_any or self.impact_clause:
            return self.from_to or self.relative_change_any or self.impact_clause
        return self.result_signal if self.result_signal and self.numeric_target else None

    @cached_property
    def bare_deliverable(self) -> Optional[str]:
        """A deliverable named with no verb ("Public product roadmap tied to use cases", "Weekly
        reviews of the handbook", "POC of WebBluetooth"): what the team will produce, an output."""
        if _DIGIT.search(self.lower) or not self.lexicon.search("deliverable_nouns", self.masked):
            return None  # counted ones are outputs of their own kind; "N7 projects link to us" is a result
        if self._ratio_unit_start is not None and all(m.start() >= self._ratio_unit_start for m in self.lexicon.finditer("deliverable_nouns", self.masked)):
            return None  # "Catering cost per workshop", "Cateringköltség workshoponként": the deliverable is the unit of a ratio
        if self.lexicon.search("number_words", self.masked) or self.placeholder:
            return None
        if self.head or self.result_signal or self.bare_metric or self.milestone or self.search("metric_nouns", self.masked):
            return None
        if self.search("amount", self.masked) or self.search("ambiguous_metric_nouns", self.masked):
            return None
        if self.lexicon.search("quality_words", self.masked):
            return None  # "The API is stable enough for production use": a quality it has, a result
        return self.text.strip()

    @cached_property
    def new_thing(self) -> Optional[str]:
        """A new thing named with no verb ("New chat service on the webshop", "Uusi chat-palvelu
        verkkokauppaan", "Új ügyfélkapu a lakosságnak"): what the team will build or set up, an
        output, as a bare deliverable is. The new adjective opens the text and names no people or
        measure ("New customers in the Nordics", "Nye abonnenter", "New revenue streams" are results)."""
        lex = self.lexicon
        if not lex.has("new_adjectives") or _DIGIT.search(self.lower) or self.placeholder:
            return None
        words = self.words[self._head_start :]
        if not 2 <= len(words) <= 8 or not lex.match_at("new_adjectives", self.masked, words[0].start()):
            return None
        if self.head or self.result_signal or self.bare_metric or self.milestone or lex.search("number_words", self.masked):
            return None
        following = words[1].group()  # the noun (or a qualifier) the adjective makes new
        for name in ("people_nouns", "ambiguous_metric_nouns", "consumption_nouns", "metric_nouns", "operating_metric_nouns", "new_words", "metric_qualifiers"):
            if lex.search(name, following):
                return None
        for name in ("metric_nouns", "amount", "quality_words", "comparatives", "maintain_verbs", "tracking_verbs"):
            if lex.search(name, self.masked):
                return None
        return self.text.strip()

    @cached_property
    def improves_deliverable(self) -> Optional[str]:
        """A change verb applied to a deliverable ("Improve the in-app documentation", "Expand the
        jobs page with videos"): work on the output, not a change in a result (guideline P7)."""
        head = self.head
        if not head or "outcome_verbs" not in head.classes or self.numeric_target or self.search("metric_nouns", self.masked):
            return None
        if self.lexicon.search("metric_heads", self.masked):
            return None  # "Nő a képzésekre jelentkezők száma": the number of people who take it up changes
        after = self.masked[head.end : head.end + 45]
        noun = self.lexicon.search("deliverable_nouns", after)
        if noun and len(after[: noun.start()].split()) <= 3:
            return self.text[head.start : head.end + noun.end()].strip()
        if not self.masked[head.end :].strip(" .!"):
            # Verb last ("Die Dokumentation in der App verbessern"): the object stands before it.
            before = self.masked[max(0, head.start - 60) : head.start]
            noun = self.lexicon.search("deliverable_nouns", before)
            if noun:
                return self.text[head.start - len(before) + noun.start() : head.end].strip()
        return None

    @cached_property
    def activity_work(self) -> Optional[str]:
        """An activity verb heading the text, or a change verb applied to a deliverable."""
        if self.wished_by_others:
            return None  # "Die besten Entwickler wollen bei uns arbeiten": what others want to do, an end state
        if self.activity_head and not self.outcome_head and not (self.from_to or self.relative_change_any) and not self.people_subject and not self.causative_result:
            if self._noun_before_change():
                return None
            return self.activity_head
        return self.improves_deliverable

    def _noun_before_change(self) -> bool:
        """Whether the word read as the head verb is a noun of the subject, the text's predicate a
        change verb after it ("Staff survey score improves", "Flaky tests i main skal elimineres",
        "Die Testabdeckung im Kern steigt"): the head stands after another word of the opening
        phrase and a change verb follows it."""
        head = self.head
        words = self.words
        start = self._head_start
        if head is None or start >= len(words) or words[start].start() >= head.start:
            return False
        return any(m.start() > head.end for m in self._result_verbs())

    @cached_property
    def causative_result(self) -> Optional[str]:
        """A verb that makes something into a state, with a comparative or a quality as its
        complement ("Make onboarding faster by automating setup", "Wir machen die Plattform
        stabiler, indem wir …", "Gyorsabbá tesszük az onboardingot"), listed or known by its ending
        closing the clause (`comparative_ending`: "sicherer", "nemmere"): a result, whatever activity
        names the means. The complement follows its object in the same clause ("make more calls"
        names no state), or stands right before a verb-final causative. A causative after the head
        verb is its purpose ("Identify tools to make support scalable"): the work still heads."""
        text = self.masked
        head = self.head
        for verb in self.lexicon.finditer("causative_verbs", text):
            if head and verb.start() > head.start:
                break
            clause = re.split(r"[,;:.!?]", text[verb.end() : verb.end() + 60])[0]
            for name in ("comparatives", "quality_words", "comparative_ending"):
                if not self.lexicon.has(name):
                    continue
                m = self.lexicon.search(name, clause)
                if m and clause[: m.start()].strip():
                    return self.text[verb.start() : verb.end() + m.end()].strip()
                before = text[max(0, verb.start() - 30) : verb.start()].split()
                if name != "comparative_ending" and before and self.lexicon.match_at(name, before[-1], 0):
                    return self.text[verb.start() - len(text[max(0, verb.start() - 30) : verb.start()]) + text[max(0, verb.start() - 30) : verb.start()].rfind(before[-1]) : verb.end()].strip()
        return None

    @cached_property
    def number_measures_result(self) -> Optional[str]:
        """Whether the text's number measures a result rather than counting the team's work.

        Work carries the burden of proof: "Identify at least 10 target accounts", "Launch in 3 new
        markets" and "Deploy to one customer" stay work, as a number alone says nothing
        about a change. A number measures a result when the text also names a change (a change
        verb, a from–to, a relative change), an acquisition, a metric ("conversion", "NPS", "MAU"),
        the people or uses counted ("customers", "sign-ups"), a share or money ("90 % of offer letters",
        "€ 40 000"), or a duration (a service level, reported as a KPI).
        """
        if not self.numeric_target and not self.placeholder:
            return None
        found = self.result_signal or self.search("acquisition_verbs", self.masked)
        if found:
            return found
        for name in ("metric_nouns", "consumption_nouns", "ambiguous_metric_nouns"):
            found = self._metric_outside_milestone(name)
            if found:
                return found
        found = self._counted_qualifier()
        if found:
            return found
        amount = self.lexicon.search("amount", self.masked)
        if amount and not self._share_of_work(amount):
            return self._evidence(amount)  # a share, a threshold or money ("90 % of offer letters", "under 2 %")
        m = _COUNT.search(self.masked)
        if m and self.lexicon.match_at("duration", self.masked, m.end()):
            return self._evidence(m)
        return None

    def _metric_outside_milestone(self, name: str) -> Optional[str]:
        """A word of class `name` that is not one of the words of the milestone itself: "forgalom"
        (traffic, turnover) in "forgalomba állítása" (put into service) names the delivery, not a
        metric, as "Achieve SOC 2 certification" names no result (`milestone_with_result`)."""
        m = self.lexicon.search(name, self.masked)
        if m is None:
            return None
        span = self._milestone_span
        if span is None or not (span[0] <= m.start() < span[1]):
            return self._evidence(m)
        for m in self.lexicon.finditer(name, self.masked):
            if not (span[0] <= m.start() < span[1]):
                return self._evidence(m)
        return None

    def _counted_qualifier(self) -> Optional[str]:
        """A qualifier of what is counted as a metric ("1,200 weekly actives", "500 paying", "aktive
        pr. måned"), with no metric or people noun in the text. "New" alone (class `new_adjectives`:
        "15 new electric buses", "två nya servicebilar", "40 új autó") qualifies things made or put
        in place: with no people or metric it names, new things counted are deliverables (guideline
        P5), not people won."""
        lex = self.lexicon
        for m in lex.finditer("metric_qualifiers", self.masked):
            new = lex.match_at("new_adjectives", self.masked, m.start()) if lex.has("new_adjectives") else None
            if new is None or new.end() != m.end():
                return self._evidence(m)
        return None

    def _share_of_work(self, amount: re.Match) -> bool:
        """A share of the things an activity verb works on ("Digitise 80 % of the paper forms",
        "Automate 75 % of the release tests"): how much of the work gets done, not a result. A
        bounded share ("under 2 %") or money is a level or an amount, not this."""
        if "%" not in amount.group():
            return False
        head = self.head
        if not head or "activity_verbs" not in head.classes:
            # "100 % of the invoices are digitised": the share is of work reported done after it,
            # unless a quality says what the work achieves ("… completed without manual editing").
            end = self._statement_end
            state = self.lexicon.search("milestone_states", self.lower[:end]) or self.lexicon.search("done_states", self.masked[:end])
            span = state.span() if state else self._passive_work()
            if span is None or span[0] < amount.end() or self.lexicon.search("quality_words", self.masked):
                return False
        before = self.masked[max(0, amount.start() - 20) : amount.start()]
        return not self.lexicon.search("comparator", before)

    @cached_property
    def unmeasured_work(self) -> Optional[str]:
        """An activity heading a text that shows no result: with no number, or with a number that
        counts no result ("Automate 75 % of the release tests", "Identify at least 10 target
        accounts"), it is work with a number attached."""
        if not self.activity_work or self.number_measures_result:
            return None
        return self.activity_work

    def _number_word_before(self, before: str) -> Optional[re.Match]:
        m = None
        for m in self.lexicon.finditer("number_words", before):  # noqa: B007 - keeps the last match
            pass
        if m is None:
            return None
        # Only the last number word, and only when at most two words stand between it and the noun.
        return m if len(before[m.end() :].split()) <= 2 else None

    @cached_property
    def done_state(self) -> Optional[str]:
        """The text states that work is done or in place ("Handbook describes …", "X is documented",
        "6 recruiters hired", "Prozess ist eingeführt"), with no change in a result named."""
        m = self.lexicon.search("done_states", self.masked)
        if not m or self.result_signal:
            return None
        return self._evidence(m)

    @cached_property
    def deliverable_cue(self) -> Optional[str]:
        """Any word that can make a deliverable, coverage or done-work reading (one search)."""
        m = self.lexicon.search_any(DELIVERABLE_CUES, self.masked)
        if m:
            return m.group()
        if self.quantifier and self.coverage_of_work:
            return self.coverage_of_work
        if self._headline_participle:
            return self._headline_participle
        if self.recurring_output:
            return self.recurring_output  # "3.2 Havonta egy poszt a blogon": a deliverable at a cadence
        # A bare deliverable has no verb and no number: a short heading.
        return self.text if len(self.words) <= 10 and not _DIGIT.search(self.lower) else None

    @cached_property
    def has_deliverable(self) -> Optional[str]:
        """Having an artifact the team produces ("Each team has a documented runbook", "Wir haben
        einen Plan"): the guideline counts it as an output, not a change in a result."""
        for m in self.lexicon.finditer("possession", self.masked):
            rest = self.masked[m.end() : m.end() + 70]
            noun = self.lexicon.search("deliverable_nouns", rest)
            if noun and not self.measured_result and not self._counted_possession(rest[: noun.start()]) and not self._perfect_of_change(m):
                return self.text[m.start() : m.end() + noun.end()].strip()
        # Verb-final order ("Minden csapatnak dokumentált runbookja van"): the artifact comes first.
        for m in self.lexicon.finditer("possession_final", self.masked):
            start = max(0, m.start() - 60)
            noun = self.lexicon.search("deliverable_nouns", self.masked[start : m.start()])
            if noun and not self.measured_result:
                return self.text[start + noun.start() : m.end()].strip()
        return None

    def _perfect_of_change(self, possession: re.Match) -> bool:
        """Whether the possession verb is the auxiliary of a change in its own clause ("We have
        reduced the cost per event", "Wir haben die Durchlaufzeit des Prozesses halbiert", "Vi har
        halveret …"): a result stated in the perfect, not a deliverable had. The clause ends at a
        punctuation mark, a purpose or a relative clause ("has a plan to reduce churn")."""
        text = self.masked
        if not self.lexicon.match_at("perfect_auxiliaries", text, possession.start()):
            return False
        start = possession.end()
        end = len(text)
        stop = re.search(r"[,;:.!?]", text[start:])
        if stop:
            end = start + stop.start()
        for name in ("purpose_markers", "relative_clauses"):
            marker = self.lexicon.search(name, text, start)
            if marker and marker.start() < end:
                end = marker.start()
        return any(start <= m.start() < end for m in self._result_verbs())

    def _counted_possession(self, between: str) -> bool:
        """Whether what is had is counted people or uses, not the deliverable after them ("Have 20
        paying customers on the new plan"): a number before a people or consumption noun."""
        if not _DIGIT.search(between) and not self.lexicon.search("number_words", between):
            return False
        return bool(self.lexicon.search("people_nouns", between) or self.lexicon.search("consumption_nouns", between))

    @cached_property
    def unnumbered(self) -> Optional[str]:
        """The text has no number, number word or placeholder: a cheap gate for the facts that need none."""
        return None if self.numeric_target or self.placeholder else self.text

    @cached_property
    def capability(self) -> Optional[str]:
        """People able to do something with what the team builds ("Admins can see the progress of
        permission syncing", "Kunden können Rechnungen selbst herunterladen"), with nothing measured:
        a feature delivered. What they then do differently (fewer tickets, more use) is the result."""
        if self.numeric_target or self.placeholder:
            return None
        m = self.lexicon.search("capability", self.masked)
        if not m or self.result_signal or self.search("metric_nouns", self.masked):
            return None
        return self._evidence(m)

    @cached_property
    def feature_support(self) -> Optional[str]:
        """A product stating what it supports, works with or runs on ("Code search supports regex in
        all languages", "Die CLI funktioniert mit Bitbucket", "A keresés támogatja a regexet"): a
        feature in place, work delivered, as a capability is. Not when people are the subject
        ("Partners support 3 regions"), nor with a change or a metric named."""
        m = self.lexicon.search("feature_verbs", self.masked)
        if not m or not m.start() or self.result_signal or self.numeric_target or self.placeholder:
            return None  # at the start it is an imperative ("Support 3 regions"): work, read elsewhere
        lex = self.lexicon
        subject = self.masked[: m.start()].split()[-2:]
        if any(lex.match_at(name, word, 0) for word in subject for name in ("people_nouns", "ambiguous_metric_nouns", "team_nouns")):
            return None
        for name in ("metric_nouns", "operating_metric_nouns", "consumption_nouns", "amount"):
            if lex.search(name, self.masked):
                return None
        return self.text[: m.end()].strip()

    @cached_property
    def unmeasured_state(self) -> Optional[str]:
        """A state of a product or project that names no change, no number, no metric and no people
        ("go and js are interoperable", "The mobile app supports offline mode"): work the team
        delivers, stated as done. A result must show itself: a change, a measure, what people (users,
        customers, "we") do, feel or know, what a system can do, or a quality it has ("works reliably",
        "without errors"). Statements
        about people are left to the other facts."""
        if self.head is not None or len(self.words) < 2:
            return None
        if self.numeric_target or self.placeholder or self.quantifier or self.result_signal:
            return None
        for name in (
            "people_nouns",
            "ability_words",
            "perception_verbs",
            "metric_nouns",
            "consumption_nouns",
            "ambiguous_metric_nouns",
            "acquisition_verbs",
            "new_words",
            "maintain_verbs",
            "tracking_verbs",
            "metric_qualifiers",
            "earned_media",
            "quality_words",
        ):
            if self.lexicon.search(name, self.masked):
                return None
        if self.maintain_phrase or self.bare_metric or self._metric_heading_shape:
            return None  # a name shaped as a metric's ("Returns per 100 orders", "Lead time in days"): a quantity, no state
        return self.text.strip()

    @cached_property
    def earned_media(self) -> Optional[str]:
        """Press, media or analysts ("Have the press publish 3 articles about us"): what they
        publish is earned, a result, not the team's deliverable. A press release is the team's own
        deliverable ("Eine Pressemitteilung pro Monat", "havi sajtóközlemény"): a word that is also a
        deliverable noun is not earned."""
        lex = self.lexicon
        for m in lex.finditer("earned_media", self.masked):
            if not lex.match_at("deliverable_nouns", self.masked, m.start()):
                return self._evidence(m)
        return None

    @cached_property
    def participation(self) -> Optional[str]:
        """People taking part in or receiving what the team produces ("100 % of agents finish the
        onboarding course", "The board receives monthly reports"): coverage is an output (P3)."""
        first = self.words[self._head_start].start() if self._head_start < len(self.words) else -1
        for m in self.lexicon.finditer("participation_verbs", self.masked):
            if m.start() == first:
                continue  # "Genomför en workshop": the team runs it, an activity (reported as such)
            rest = self.masked[m.end() : m.end() + 60]
            noun = self.lexicon.search("deliverable_nouns", rest) or self.lexicon.search("event_nouns", rest)
            if self._users_act_before(m.start()):
                continue  # "80 % of new users complete onboarding": users acting, a result (activation), not coverage
            if noun and not self.measured_result:
                return self.text[m.start() : m.end() + noun.end()].strip()
        return None

    def _users_act_before(self, pos: int) -> bool:
        """Whether customers or users (people counted as a metric) are the subject of the verb at
        `pos`: one stands in the few words before it, with no preposition making it an object ("for
        new users")."""
        lex = self.lexicon
        before = self.masked[max(0, pos - 60) : pos]
        noun = None
        for noun in lex.finditer("ambiguous_metric_nouns", before):  # noqa: B007 - keeps the last match
            pass
        if noun is None:
            return False
        words = before[: noun.start()].split()
        return not (words and words[-1] in lex.prepositions)

    @cached_property
    def hiring(self) -> Optional[str]:
        """Hiring or staffing people, counted or not ("Hire 2 engineers", "VP Talent hired", "Q2 hiring
        is 85 % of plan"): an output (P4), unless a metric of hiring is what changes."""
        # "Hiring managers report …" names people by their role, not hiring; "50 % of new teammates
        # hired in April rate …" names the people a share measures.
        m = next((m for m in self.lexicon.finditer("hiring_words", self.masked) if not _ROLE_AFTER.match(self.masked, m.end()) and not self._share_of_hired(m)), None)
        if not m or self.result_signal or self.search("hiring_metric_nouns", self.masked):
            return self.team_growth
        return self._evidence(m)

    def _share_of_hired(self, m: re.Match) -> bool:
        """Whether the hiring word names people a share measures: it stands with a people noun
        (within two words) and a percentage stands a few words before or after them ("50 % of new
        teammates hired in April rate …", "90 % of new hires say …", "80 % keväällä palkatuista
        työntekijöistä", "A tavasszal felvett munkatársak 80 %-a"). Hiring is what they went
        through, not the target."""
        text = self.masked
        before, after = text[max(0, m.start() - 60) : m.start()], text[m.end() : m.end() + 50]
        near = " ".join(before.split()[-2:] + [m.group()] + after.split()[:2])
        if not self.lexicon.search("people_nouns", near):
            return False
        shares = [a for a in self.lexicon.finditer("amount", before) if _SHARE.search(a.group()) and len(before[a.end() :].split()) <= 6]
        shares += [a for a in self.lexicon.finditer("amount", after) if _SHARE.search(a.group()) and len(after[: a.start()].split()) <= 4]
        return bool(shares)

    @cached_property
    def team_growth(self) -> Optional[str]:
        """Growing the team itself by a number of people ("Expand the support team by 3 agents",
        "Das Support-Team um 3 Mitarbeitende erweitern", "3 fővel bővítjük a csapatot"): staffing,
        an output (P4). Not when what grows is a metric of the team ("Increase team velocity by
        20 %"), a share or money, or people counted as a metric ("the number of teams using it")."""
        lex = self.lexicon
        text = self.masked
        if not _DIGIT.search(text) and not lex.search("number_words", text):
            return None
        team = lex.search("team_nouns", text)
        verb = lex.search("increase_verbs", text) if team else None
        if not verb or abs(verb.start() - team.start()) > 40:
            return None
        for name in ("metric_heads", "amount", "ambiguous_metric_nouns", "consumption_nouns"):
            if lex.search(name, text):
                return None
        if lex.search("metric_nouns", text, team.end()) or lex.search("operating_metric_nouns", text, team.end()):
            return None
        if any(lex.match_at("metric_qualifiers", w, 0) for w in text[max(0, team.start() - 30) : team.start()].split()[-2:]):
            return None  # "Grow weekly active teams to 156": teams counted as users of a product
        start, end = min(verb.start(), team.start()), max(verb.end(), team.end())
        return self.text[start:end].strip()

    @cached_property
    def spending(self) -> Optional[str]:
        """An amount to spend or invest ("Invest 10 % of the marketing budget in video"): an input."""
        if not _DIGIT.search(self.masked) or not self.lexicon.search("spending_verbs", self.masked):
            return None
        head = self.head_word("spending_verbs")
        if not head or self.result_signal:
            return None
        return head

    def head_word(self, name: str) -> Optional[str]:
        """A word of class `name` where the head verb may stand (after subjects and time frames)."""
        lex = self.lexicon
        if not lex.has(name):
            return None
        for word in self.words[self._head_start : self._head_start + max(lex.head_window, 1)]:
            m = lex.match_at(name, self.masked, word.start())
            if m:
                return self._evidence(m)
        return None

    # kpi ------------------------------------------------------------------------------------

    @cached_property
    def maintain(self) -> Optional[str]:
        """A level to keep: a keep verb at the head, a keep phrase, a keep verb beside its bound, a
        keep phrase before a note, a zero the objective holds, or a row or an arrow whose goal keeps
        today's value. Not when a change verb heads the text outside a keep phrase, the keep verb holds an
        event, or a change from one value to another is stated. What keeps is looked for first:
        it is absent from most key results, and then nothing else needs reading."""
        kept_row = self._row_keeps or self._arrow_keeps
        if kept_row:
            return kept_row
        kept = self.maintain_head or self.maintain_phrase or self._kept_bound or self._kept_before_note or self._zero_held
        if not kept:
            return None
        if self.outcome_head and not self._negated_change:
            return None
        if self._holds_event:
            return None
        if self.from_to and not (self._keeps_level and self._baseline_notes_only):
            return None
        if self._opens_with_comparative:
            return None  # "Weniger Angebote, die ohne Rückmeldung liegen bleiben": fewer is the change; the keep verb says which items
        return kept

    @cached_property
    def _opens_with_comparative(self) -> bool:
        """The text's first word is a comparative ("Fewer quotes that stay unanswered", "Weniger
        Angebote, die liegen bleiben", "Färre ärenden som blir liggande"): it asks for a change in
        how many or how much, and a keep verb after it describes the items counted."""
        lex = self.lexicon
        first = self.words[self._head_start] if self._head_start < len(self.words) else None
        m = lex.match_at("comparatives", self.masked, first.start()) if first is not None and lex.has("comparatives") else None
        if m is None or lex.has("cap_comparator") and lex.match_at("cap_comparator", self.masked, first.start()):
            return False  # "Fewer than 3 injuries", "Weniger als 3 Unfälle": a cap, no change
        return not re.match(r"\s*\d", self.masked[m.end() :])

    @cached_property
    def _objective_states_absence(self) -> bool:
        """The objective states a standing absence of harm or fault, with a zero or a "nobody"
        ("Nobody gets hurt on site", "Wir liefern null Fehler an unsere Kunden", "Senki sem sérül
        meg"): a condition to keep every day, not a change. It names no comparative and no change
        word, whatever its verb."""
        if self.objective is None or not self.objective.title:
            return False
        lex = self.objective_lexicon
        title = self.objective.title.lower()
        if not (lex.has("absence_words") and lex.search("absence_words", title)):
            return False
        names = ("comparative_forms", "comparatives", "increase_verbs", "decrease_verbs", "change_participles")
        return not any(lex.has(n) and lex.search(n, title) for n in names)

    @cached_property
    def _zero_held(self) -> Optional[str]:
        """A zero count with no date under an objective that states the same absence ("Zero falls
        from scaffolding" under "Nobody gets hurt on site"): the objective's standing condition,
        kept, a level (guideline P9). With a date ("0 open P1 bugs by June") the zero is reached."""
        if not self._objective_states_absence or self.own_time_frame or self.from_to:
            return None
        lex = self.lexicon
        zero = _ZERO_COUNT.search(self.masked) or (lex.search("zero_words", self.masked) if lex.has("zero_words") else None)
        if zero is None or self._change_word(self.masked):
            return None
        return self._zero_phrase(zero.start(), zero.end())

    def _zero_phrase(self, start: int, end: int) -> str:
        """The zero with what it counts, as evidence ("Nul arbejdsulykker", "0 open P1 bugs",
        "Lost-time injuries: 0"): the words after it up to a preposition, an article or a stop
        ("Nincs kritikus megállapítás", not "… a"), at most three, else up to three words
        before it, so a reader knows which zero is meant."""
        words, at = [], end
        lex = self.lexicon
        while len(words) < 3:
            word = _NEXT_WORD.match(self.masked, at)
            if word is None or word.group(1).lower() in lex.prepositions or words and word.group(1).lower() in lex.determiners:
                break
            words.append(word)
            at = word.end()
        if words:
            return self.text[start : words[-1].end()].strip()
        clause = re.split(r"[.;!?()\n]", self.masked[:start])[-1]
        before = list(_WORD.finditer(clause))[-3:]
        return self.text[start - len(clause) + before[0].start() : end].strip() if before else self.text[start:end].strip()

    @cached_property
    def _kept_before_note(self) -> Optional[str]:
        """A keep phrase that ends the text before a bracketed note ("Churn unchanged (2 %)",
        "A lemorzsolódás változatlan (2 %)", "Budget overholdes (jf. plan)"): the note says where
        the level stands or where it is written down, not what should change."""
        stripped = _TRAILING_NOTE.sub("", self.lower)
        return self.search("maintain_phrases", stripped) if stripped != self.lower else None

    @cached_property
    def _kept_bound(self) -> Optional[str]:
        """A keep verb wherever it stands, with the level it keeps beside it: a bound right after it
        ("App Store rating stays ≥ 4.6", "Appens bedømmelse forbliver ≥ 4,6") or the level right
        before it when it ends the text, as verb-final German and Hungarian put it ("Uptime 99,95 %
        halten"). A text that also names a change is not one."""
        lex = self.lexicon
        if not lex.has("maintain_verbs") or not _DIGIT.search(self.masked):
            return None
        text = self.masked
        for m in lex.finditer("maintain_verbs", text):
            pos = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip())
            bound = lex.match_at("comparator", text, pos) if lex.has("comparator") and pos < len(text) else None
            kept_after = bound is not None and _DIGIT.search(text[bound.end() : bound.end() + 4])
            kept_before = not text[m.end() :].strip(" .!") and (re.search(r"\d[\d.,]*\s?%?$", text[: m.start()].rstrip()) or self._bound_before(m.start()))
            if kept_after or kept_before:
                rest = _blank(text, [m.span()])
                if self._change_word(rest) or any(lex.has(n) and lex.search(n, rest) for n in ("comparatives", "direction_particles")):
                    return None
                return self._evidence(m)
        return None

    def _bound_before(self, end: int) -> bool:
        """A comparator with its number stands before `end` ("Reklamationsquote unter 0,5 % der
        Sendungen halten", "Hibaarány 1 % alatt a teljes évben tartása"): verb-final languages put
        the level, and what it is a share of, before the keep verb."""
        lex = self.lexicon
        text = self.masked[:end]
        return any(_DIGIT.search(text[m.end() : m.end() + 4]) for m in lex.finditer("comparator", text)) if lex.has("comparator") else False

    @cached_property
    def _holds_event(self) -> bool:
        """The keep verb holds an event ("Holde brown bag om observability", "12 Kaizen-workshop
        megtartása", "Pidetään työpaja"): work the team does, not a level it keeps. A metric named
        beside the event ("Hold workshop attendance above 80 %") keeps the level, and so does a keep
        verb with its level beside it ("Views per stream are held above 2,500", "Visningar per stream
        hålls över 2 500"): an event is held, never held above a number."""
        lex = self.lexicon
        if not lex.has("event_nouns") or not lex.search("event_nouns", self.lower):
            return False
        phrase = lex.search("maintain_phrases", self.masked) if lex.has("maintain_phrases") else None
        if self._kept_bound or phrase and _DIGIT.search(self.masked[phrase.end() : phrase.end() + 4]):
            return False
        keeps = [m.span() for m in lex.finditer("maintain_verbs", self.masked)] if lex.has("maintain_verbs") else []
        if keeps and self._capped_level:
            return False  # "Keep callback complaints under 3 per month": what is kept under a cap is a level, not an event
        rest = _blank(self.masked, keeps)  # "megtartása" (holding it) is not the retention metric here
        return not any(lex.has(n) and lex.search(n, rest) for n in ("metric_nouns", "operating_metric_nouns", "metric_head_nouns"))

    @cached_property
    def _capped_level(self) -> bool:
        """A cap bounds a level ("… under 3 per month", "… unter 2 % halten", "… havi 3 alatt
        tartjuk"): a ceiling on a count, a rate or a share (`_level_bound`), not a time to do a
        thing within ("Hold the kickoff within 2 weeks") nor a floor ("Hold at least 4 workshops",
        a count of events to reach). Nobody holds an event under a number: what a keep verb keeps
        under a cap is a level (guideline P9: "no more than 1 dev-month per month")."""
        lex = self.lexicon
        bound = self._number_bound
        if bound is None or not lex.has("cap_comparator") or not lex.match_at("cap_comparator", self.masked, bound.start()):
            return False
        if lex.has("within_words") and lex.match_at("within_words", self.masked, bound.start()):
            return False
        return self._level_bound(bound)

    @cached_property
    def _keeps_level(self) -> bool:
        """A keep verb says the level is held, wherever it stands (head, verb-final, nominal)."""
        return bool(self.maintain_head or self.lexicon.search("maintain_verbs", self.masked) or self._kept_before_note)

    @cached_property
    def _baseline_notes_only(self) -> bool:
        """Every starting value is a note with no value to move to ("Keep churn below 2 % (today
        1.8 %)", "…, bisher 1,8 %"): under a keep verb it says where the level stands, not a change."""
        return not any(group(m, "to") for m in self.from_to_matches)

    @cached_property
    def _negated_change(self) -> bool:
        """The change verb at the head is inside a phrase that keeps a level ("must not exceed",
        "darf nicht überschreiten", "nem nő"): a cap, not a change."""
        head = self.head
        m = self.lexicon.search("maintain_phrases", self.lower) if head else None
        return bool(m and m.start() <= head.start < m.end())

    @cached_property
    def _row_cells(self) -> list[str]:
        """The cells of a spreadsheet or table row pasted as one text ("Ops | Handling time | ca. 12
        days | under 5 days | Service", "HR;Attrition;30 %/yr;max 20 %/yr;HR", tab-separated), as
        `rows.split_row` cuts them: a name, often today's value, then the target. A column with
        anything that counts is its slice of `masked`; one where nothing counts (an owner, an area, a
        status) its words as written, lower-cased. Empty for prose and for fewer than three cells."""
        row = self.row
        if row is None or not row.separated:
            return []
        cells = []
        for start, end in row.columns:
            counted = self.masked[start:end].strip()
            if counted:
                cells.append(counted)
            elif _DIGIT.search(row.text, start, end) is None:
                cells.append(normalise(row.text[start:end]).strip())
        cells = [c for c in cells if c]
        return cells if len(cells) >= 3 else []

    @cached_property
    def _row_current_and_goal(self) -> Optional[tuple[str, str, int]]:
        """Today's value and the target cell right after it, in a row with a metric's name before
        them ("| Handling time | ca. 12 days | under 5 days |", "Margin; ca 9 %; keep"): the row
        states where the metric stands and what it should be. Gives both cells and the goal's
        index. Today's value is one number with at most a unit and an approximation word ("ca.",
        "noin", "kb."), or a count out of a whole ("4 of 11", "3 av 9", "11-ből 4": the language's
        `part_of_whole`), and no comparator; a name cell with no digit, or the row's statement,
        stands before it."""
        cells = self._row_cells
        lex = self.lexicon
        statement = self.row.statement if cells else None
        named = self.masked[statement.start : statement.end].strip() if statement is not None else None
        for i in range(2, len(cells)):
            current, goal = cells[i - 1], cells[i]
            whole = lex.search("part_of_whole", current)
            one_value = len(_NUMBER.findall(current)) == 1 or (whole is not None and whole.group().strip() == current.strip())
            if not one_value or len(current.split()) > 3 or lex.search("comparator", current):
                continue
            if any(not _DIGIT.search(c) and re.search(r"[^\W\d_]{3}", c) or c == named for c in cells[: i - 1]):
                return current, goal, i
        return None

    @cached_property
    def _row_bound_against_today(self) -> Optional[bool]:
        """Whether today's value already meets the row's cap or floor: True when it does ("| Churn
        | 1,8 % | max. 2 % |", "| Revenue per visit | 6,40 € | at least 6,40 € |": the level is held,
        nothing changes), False when it does not ("| Handling time | ca. 12 days | under 5 days |":
        the row asks for a change from today), None when the row states no such pair. A cap is a
        `cap_comparator` or "<"/"≤"; any other comparator is a floor."""
        pair = self._row_current_and_goal
        lex = self.lexicon
        if pair is not None:
            current, goal, _ = pair
            todays = [_NUMBER.search(current).group()]
        else:
            # Today's values written into the name, in the target's unit ("Fill rate per site: North
            # 71 %, South 64 % | – | at least 75 % in all"): each one against the bound.
            goal = self._row_goal_cell
            share = goal is not None and _SHARE.search(goal)
            if not share:
                return None
            before = self.masked[: self.masked.index(goal)]
            todays = [m.group().rstrip(" %") for m in _SHARE.finditer(before)]
            if not todays:
                return None
        bound = lex.search("comparator", goal)
        numbers = _NUMBER.findall(goal)
        if bound is None or len(numbers) != 1 or len(goal.split()) > 8:
            return None
        values, target = [parse_number(t, lex.language) for t in todays], parse_number(numbers[0], lex.language)
        if target is None or None in values:
            return None
        cap = bound.group().startswith(("<", "≤")) or bool(lex.has("cap_comparator") and lex.match_at("cap_comparator", goal, bound.start()))
        return all(v <= target if cap else v >= target for v in values)

    def _note_meets_bound(self, bound: re.Match) -> bool:
        """Every starting value is a note beside the target ("Sick leave below 4 % (today 3.1 %)",
        "Krankenstand unter 4 % (Vorjahr 3,1 %)") and today's value already meets the cap or floor
        `bound` sets: no change is stated or implied, the level is held (guideline: kpi)."""
        if not self._baseline_notes_only:
            return False
        lex = self.lexicon
        cap = bound.group().startswith(("<", "≤")) or bool(lex.has("cap_comparator") and lex.match_at("cap_comparator", self.masked, bound.start()))
        for m in self.from_to_matches:
            apart = _baseline_apart(self.masked, m, lex.language)
            if apart is None:
                return False
            today, target = apart
            if not (today <= target if cap else today >= target):
                return False
        return bool(self.from_to_matches)

    @cached_property
    def _row_keeps(self) -> Optional[str]:
        """A row whose target cell keeps the metric where it is: a keep word alone ("| Online share |
        63 % | keep |", "Marginal; ca 9 %; hålla", "…; 41 %; halten"), or a cap or floor that
        today's value already meets ("| Revenue per visit | 6,40 € | at least 6,40 € |"). No
        change is stated or implied: a level to hold (guideline: kpi)."""
        pair = self._row_current_and_goal
        if pair is None:
            return None
        goal = pair[1]
        lex = self.lexicon
        for name in ("maintain_verbs", "maintain_phrases"):
            m = lex.match_at(name, goal, 0) if lex.has(name) else None
            if m and not goal[m.end() :].strip(" .!"):
                return goal
        if self._row_target_is_today:
            return goal
        return goal if self._row_bound_against_today else None

    @cached_property
    def _arrow_keeps(self) -> Optional[str]:
        """An arrow from today's value to the same value, or to a keep word, as slides and sheets
        write a target ("Churn 2 % → 2 %", "NPS 45 → ≥ 45", "Marge 9 % -> halten"): the arrow
        states no change, a level to hold (guideline P9). An arrow to another value is a change."""
        if not _ARROW.search(self.masked):
            return None
        lex = self.lexicon
        for m in _ARROW_PAIR.finditer(self.masked):
            today, target = parse_number(m.group(1), lex.language), parse_number(m.group(3), lex.language)
            units = (m.group(2) or "").strip(), (m.group(4) or "").strip()
            if today is not None and today == target and (units[0] == units[1] or not units[1]):
                return self.text[m.start() : m.end()].strip()
        for m in _ARROW_TO_WORD.finditer(self.masked):
            rest = self.masked[m.end() :]
            word = next((lex.match_at(n, rest, 0) for n in ("maintain_verbs", "maintain_phrases") if lex.has(n) and lex.match_at(n, rest, 0)), None)
            if word is not None and not rest[word.end() :].strip(" .!"):
                return self.text[m.start() :].strip()
        return None

    @cached_property
    def _row_target_is_today(self) -> bool:
        """The row's target cell repeats today's value ("| Incidents reported within 72 h | 100 % |
        100 % |", "Marginal; 9 %; 9 %"): the level is to be held, no change is asked (guideline: kpi)."""
        pair = self._row_current_and_goal
        if pair is None:
            return False
        current, goal, _ = pair
        numbers = _NUMBER.findall(goal)
        if len(numbers) != 1 or len(goal.split()) > 3 or self.lexicon.search("comparator", goal):
            return False
        language = self.lexicon.language
        today, target = parse_number(_NUMBER.search(current).group(), language), parse_number(numbers[0], language)
        return today is not None and today == target

    @cached_property
    def recurring_level(self) -> Optional[str]:
        """A level to hold every period ("Every month at least 73 %"). A floor on how often work is
        done ("reviewed at least twice a year") is a cadence of work, not a level of a metric."""
        found = self.lexicon.search("recurring_level", _ABBREVIATION_DOT.sub(lambda a: a.group().replace(".", " "), self.lower))
        zero = None if found else self._zero_per_period
        m = found or zero
        if not m or self.lexicon.has("frequency") and self.lexicon.search("frequency", self.lower[m.start() : m.end() + 20]):
            return None
        if (self.output_count or self.earned_media) and zero is None:
            return None  # "At least 2 posts a week": a recurring deliverable, an output (guideline P5); nobody produces zero of one
        if self.from_to or any(self.lexicon.has(n) and self.lexicon.search(n, self.masked) for n in ("increase_verbs", "decrease_verbs")):
            return None  # "Grow leads from 300 to at least 500 a month": a change, not a level
        if self._row_bound_against_today is False:
            return None  # "| Late deliveries | 12 | at most 4 a quarter |": today's 12 must come down, a change
        return self._evidence(m)

    @cached_property
    def _zero_per_period(self) -> Optional[re.Match]:
        """Zero of something in every period ("Crunch weeks: 0 per release", "Salmonellaprover: 0
        positiva, varje månad", "Nulla visszahívás havonta"): a cap of zero held each period, a
        level. A zero reached once ("0 open P1 bugs by June") names no period."""
        zero = _ZERO_COUNT.search(self.masked)
        if zero is None or not self.lexicon.has("rate"):
            return None
        period = next((r for r in self.lexicon.finditer("rate", self.masked) if not _DIGIT.search(r.group())), None)
        return zero if period else None

    @cached_property
    def tracking(self) -> Optional[str]:
        """Following a metric at a cadence ("Track CTR weekly", "Følge churn måned for måned",
        "A lemorzsolódás havi nyomon követése"): a KPI to watch, not a change to make."""
        reviewed = self._review_at_cadence
        m = self.lexicon.search("tracking_verbs", self.masked) or reviewed
        if not m and not self.result_signal:
            return self._reported_metric
        # A review or check at a cadence counts itself as a recurring deliverable ("daily review"):
        # that recurrence is the cadence it is tracked at, no target of its own.
        target = self._target_besides_recurrence if m is reviewed else self.has_target
        if not m or self.result_signal or target and not self.quantifier:
            return None
        head = self.head
        if head is not None and (head.end <= m.start() or head.start >= m.end()) and head.classes & _WORK_HEADS:
            return None  # "Start tracking churn monthly", "Set up weekly tracking": work to do first
        cadence = self.lexicon.search("cadence", self.masked)
        if cadence:
            return self._evidence(m) + " … " + self._evidence(cadence)
        watched = m is not reviewed and self.lexicon.has("watch_verbs") and self.lexicon.match_at("watch_verbs", self.masked, m.start())
        return self._evidence(m) if watched and self._follows_metric(m) else None

    def _follows_metric(self, verb: re.Match) -> bool:
        """What a verb of watching follows is a metric's name and nothing made ("Keep an eye on churn", "Følge
        op på andelen af fejlleverancer", "Kundenzufriedenheit im Blick behalten", "Az elégedettség
        nyomon követése"): with no cadence written it is still a figure watched, not changed (guideline
        kpi: "Track CTR weekly", an ongoing metric with no change targeted). A report, dashboard or
        other deliverable beside it ("Track churn in a new dashboard") makes the text that work, and
        so does a participle or a copula before the verb ("Search usage is tracked in our
        analytics"): the tracking is set up, a state of the instrumentation, not a figure watched."""
        lex = self.lexicon
        word = verb.group().split()[-1]
        before = self.masked[: verb.start()].split()
        if word.endswith(lex.participle_endings) or word in lex.irregular_participles or before and before[-1] in lex.copulas:
            return False
        rest = _blank(self.masked, [verb.span()])
        if not any(lex.has(n) and lex.search(n, rest) for n in ("metric_nouns", "operating_metric_nouns", "metric_head_nouns", "metric_heads")):
            return False
        return not any(lex.has(n) and lex.search(n, rest) for n in ("deliverable_nouns", "report_nouns", "event_nouns"))

    @cached_property
    def _target_besides_recurrence(self) -> Optional[LocalisedText]:
        """A target other than a recurring deliverable: a number, a coverage quantifier, a limit or
        a reference level."""
        return self.structured_target or self.target_number or self.coverage_quantifier or self.worded_limit or self.reference_level

    @cached_property
    def _review_at_cadence(self) -> Optional[re.Match]:
        """A verb of reviewing, evaluating, updating or checking with its cadence right beside it and
        nothing but the object between ("Evaluate material use weekly", "Check cold-store
        temperatures daily", "Materialverbrauch wöchentlich auswerten", "A balesetek havi
        kiértékelése", "Liquiditätsplanung wöchentlich aktualisieren"): going over the same figures,
        readings or condition every period, tracking (guideline kpi: "Track CTR weekly"), not a
        change. What is gone over is a metric, a reading, or anything measured that is not a
        deliverable or an event the team makes ("Review the roadmap monthly", "Check the weekly
        newsletter" are work). Without a cadence ("Analyse the funnel") it is an activity."""
        lex = self.lexicon
        if not lex.has("cadence"):
            return None
        review = next((lex.search(n, self.masked) for n in ("review_verbs", "check_verbs") if lex.has(n) and lex.search(n, self.masked)), None)
        if review is None or self._quantifier_beside_cadence:
            return None  # "Review all access rights quarterly": a process run for every unit, an output (P3)
        rest = _blank(self.masked, [review.span()])
        if not any(lex.has(n) and lex.search(n, rest) for n in ("metric_nouns", "operating_metric_nouns", "metric_head_nouns", "metric_heads", "observation_nouns")):
            # The cadence itself is no event ("kuukausittainen" reads as one in Finnish).
            rest = _blank(rest, [m.span() for m in lex.finditer("cadence", rest)])
            if any(lex.has(n) and lex.search(n, rest) for n in ("deliverable_nouns", "event_nouns")):
                return None  # "Review the roadmap monthly": what is gone over is work, no metric nor reading
        for cadence in lex.finditer("cadence", self.masked):
            between = self.masked[cadence.end() : review.start()] if cadence.end() <= review.start() else self.masked[review.end() : cadence.start()]
            if len(between.split()) <= 3 and not _DIGIT.search(between):
                return review
        return None

    @cached_property
    def _reported_metric(self) -> Optional[str]:
        """A metric's name, then after a comma or dash the report it is followed in at a cadence
        and nothing else ("OTIF (top accounts) – weekly dashboard", "Üzemeltetési költség
        m²-enként, havi riport", "Reklamationsquote, Monatsbericht"): tracked, a KPI. The name holds
        no verb and no deliverable; a report alone ("Weekly report to the board") is an output."""
        lex = self.lexicon
        if not lex.has("report_nouns") or not lex.has("cadence") or self.head is not None:
            return None
        parts = self._reported_row or [part.strip() for part in _HEADING_BREAK.split(self.masked)]
        if len(parts) != 2 or not parts[0] or self.any_verb(parts[0]):
            return None
        name, tail = parts
        report = lex.search("report_nouns", tail)
        cadence = lex.search("cadence", tail) or lex.search("cadence", report.group()) if report else None
        if not report or not cadence or len(tail.split()) > 3 or _DIGIT.search(tail):
            return None
        if lex.has("deliverable_nouns") and lex.search("deliverable_nouns", name):
            return None
        # The matches are in the tail alone: their words are read from the text at the tail's place.
        at = self.masked.rfind(tail)
        words = [self.text[at + m.start() : at + m.end()].strip() or m.group() for m in (report, cadence)]
        return words[0] if report.start() <= cadence.start() else words[1] + " " + words[0]

    @cached_property
    def _reported_row(self) -> Optional[list[str]]:
        """A row's metric name and the cell after it that says how it is reported, when no cell
        holds a number ("| Energy cost per site | reported monthly | – | Facilities |", "Drift;
        Stromkosten je Filiale; wird monatlich berichtet; ; Facility"): the two as name and tail."""
        cells = self._row_cells
        lex = self.lexicon
        if not cells or any(_DIGIT.search(c) for c in cells):
            return None
        for i in range(1, len(cells)):
            if lex.search("report_nouns", cells[i]) and lex.search("cadence", cells[i]):
                return [cells[i - 1], cells[i]]
        return None

    @cached_property
    def service_level(self) -> Optional[str]:
        """A standard to meet every time ("Answer every ticket within 4 hours", "Jede Anfrage wird
        innerhalb von 24 Stunden beantwortet"): a service level to hold, not a change."""
        m = self.lexicon.search("service_level", self.masked) or self._standard_passive or self._share_in_time or self._timed_heading or self._share_to_standard
        if not m or self._objective_changes:
            return None
        if self.result_signal and (self.from_to or self.relative_change_any or any(v.start() < m.start() or v.end() > m.end() for v in self._result_verbs())):
            return None  # a change named beside the standard; a verb inside it says how each item is handled ("Kérések teljesítése 2 napon belül")
        if self.participation and self._time_bound is None:
            return None  # "Every manager receives the monthly report by working day 3": a deliverable reaching each person on a date, an output (P3)
        return self._evidence(m)

    @cached_property
    def _objective_compares(self) -> bool:
        """The objective holds a comparative or superlative ("Faster deliveries", "Gyorsabb
        ügyintézés", "Nopeampi palvelu"): it asks for a change in a level."""
        if self.objective is None or not self.objective.title:
            return False
        lex = self.objective_lexicon
        title = self.objective.title.lower()
        return any(lex.has(n) and lex.search(n, title) for n in ("comparative_forms", "comparatives"))

    @cached_property
    def _objective_speeds_up(self) -> bool:
        """The objective asks for speed ("Faster deliveries", "Kunderne får pakken hurtigere",
        "Gyorsabb ügyintézés"): a share of items meeting their standard is where that change
        lands. A comparative of another kind ("Better cash management", "Jobb cash menedzsment")
        asks for no faster flow: a standard met under it is still a level to hold."""
        if self.objective is None or not self.objective.title:
            return False
        lex = self.objective_lexicon
        return bool(lex.has("speed_comparatives") and lex.search("speed_comparatives", self.objective.title.lower()))

    @cached_property
    def _row_moves(self) -> bool:
        """A row states today's value and a different target ("| Departures on time | 87 % | 95 %
        |"): it asks for a change from today."""
        pair = self._row_current_and_goal
        if pair is None:
            return False
        current, goal, _ = pair
        today, target = _NUMBER.search(current), _NUMBER.search(goal)
        return bool(today and target and parse_number(today.group(), self.lexicon.language) != parse_number(target.group(), self.lexicon.language))

    @cached_property
    def _share_in_time(self) -> Optional[re.Match]:
        """A share of the items of a flow handled within a fixed time, with no change and no work
        named ("80 % der Anrufe innerhalb von 60 Sekunden angenommen", "Share of minutes sent no
        later than 24 hours after the meeting: min. 95 %", "A hibajegyek 90 %-a 4 órán belül
        lezárva"): a service standard met every day, at the share it is met at; the duration is part
        of the metric (guideline: deadline, P9). Gives the bound and its time."""
        if not _SHARE.search(self.masked):
            return None
        time = self._time_bound
        if time is None or self.from_to or self.relative_change_any or self._change_word(self.masked):
            return None
        if _ARROW.search(self.masked) or self._row_moves:
            return None  # "34 % (today) → 45 %", "| On time | 87 % | 95 % |": the share moves, a change
        if self._objective_compares:
            return None  # "Faster deliveries": the share in time is where the objective's change lands
        if self.head is not None and self.head.classes & _WORK_HEADS and not self._verb_in_name:
            return None  # "Train 80 % of agents within 6 weeks": work to do
        lex = self.lexicon
        if any(lex.has(n) and lex.search(n, self.masked) for n in ("comparatives", "direction_particles", "new_words")):
            return None
        return time

    @cached_property
    def _share_to_standard(self) -> Optional[re.Match]:
        """A share of the items of a flow that meet their standard, on time or without error or
        incident, with no change and no work named ("At least 96 % of pharmacy deliveries arrive on
        time", "Mindst 96 % af apotekets forsendelser leveres rettidigt", "A patikai szállítások
        legalább 96%-a határidőre megérkezik", "98 % of payroll runs without errors"): a service
        standard met every day, at the share it is met at, a threshold on a business-as-usual
        metric (guideline P9). Gives the word of the standard. The team's own deliverables on time
        ("90 % of releases shipped on time") say how it delivers its work, not a standard it serves."""
        lex = self.lexicon
        if not lex.has("standard_met") or not _SHARE.search(self.masked):
            return None
        met = lex.search("standard_met", self.masked)
        if met is None or self.from_to or self.relative_change_any or self._change_word(self.masked):
            return None
        opens = self._head_start < len(self.words) and met.start() == self.words[self._head_start].start()
        if opens and (self._number_bound is not None or not _SHARE_OF_ITEMS.search(self.masked)):
            return None  # "On-time delivery ≥ 97 %": the word opens the metric's name, a threshold on it
        if self._number_bound is not None and lex.has("metric_heads") and lex.search("metric_heads", self.masked[: met.start()]):
            return None  # "| Share of orders sent the same day | min. 95 % |": the word ends the share's name, a threshold on it
        # "Same-day response for 90 % of calls": unbounded, a share of the items, each meets the standard.
        if _ARROW.search(self.masked) or self._row_moves or self._objective_speeds_up:
            return None  # "| On time | 87 % | 95 % |", "Faster deliveries": the share moves, a change
        if self.head is not None and self.head.classes & _WORK_HEADS and not self._verb_in_name:
            return None  # "Train 95 % of agents on time": work to do
        if any(lex.has(n) and lex.search(n, self.masked) for n in ("comparatives", "direction_particles", "new_words")):
            return None
        if lex.has("deliverable_nouns") and lex.search("deliverable_nouns", self.masked):
            return None  # "90 % of releases shipped on time": the team's own deliverables, how it delivers them
        return met

    @cached_property
    def _timed_heading(self) -> Optional[re.Match]:
        """Items named with a fixed time and nothing else, no verb, no change, under an objective
        that states none ("Incident reports within 48 h in the system", "Einsatzberichte innerhalb
        von 48 h im System"): the time every item is handled in, a service standard (guideline P9;
        the duration is part of the metric, not a deadline)."""
        time = self._time_bound
        if time is None or self._standard_heading is None or self.from_to or self.relative_change_any or self._change_word(self.masked):
            return None
        lex = self.lexicon
        if not (lex.has("within_words") and lex.search("within_words", self.masked[max(0, time.start() - 4) : time.end() + 12])):
            return None  # "CI pipeline time below 10 minutes": a cap on a duration, how fast a thing runs, not a standard per item
        if self._objective_compares or self._row_moves or self._row_bound_against_today is False:
            return None
        if any(lex.has(n) and lex.search(n, self.masked) for n in ("comparatives", "direction_particles", "new_words", "new_adjectives", "milestone_verbs")):
            return None
        return time

    @cached_property
    def _time_bound(self) -> Optional[re.Match]:
        """A fixed time with its bound: "within 2 days", "senest 24 timer", "4 órán belül", "2
        työpäivän kuluessa" (a time in a case form before its postposition), and a sign read as
        its word ("< 2 min", "≤ 10 days after receipt", as sheets write "within")."""
        lex = self.lexicon
        signed = "<" in self.masked or "≤" in self.masked
        if not (signed or lex.may_occur("cap_comparator", self.masked) or lex.may_occur("deadline_words", self.masked)):
            return None  # every time found below has a bound from one of those classes or a sign, in the text
        for m in lex.finditer("duration", self.masked) if lex.has("duration") else ():
            before = self.masked[max(0, m.start() - 28) : m.start()]
            number = re.search(r"(\d[\d.,]*)\s*$", before)
            if number is None:
                continue
            bound = before[: number.start()]
            sign = _CAP_SIGN.search(bound) if signed else None
            if sign is not None:
                return _SPAN.match(self.masked, max(0, m.start() - 28) + sign.start(), m.end())
            after = self.masked[m.end() : m.end() + 12]
            word = lex.search("cap_comparator", bound[-24:]) if lex.has("cap_comparator") else None
            word = word or (lex.search("deadline_words", bound[-24:]) if lex.has("deadline_words") else None)
            if word is not None:
                start = max(0, m.start() - len(before)) + len(bound) - len(bound[-24:]) + word.start()
                return _SPAN.match(self.masked, start, m.end())
            if any(lex.has(n) and lex.match_at(n, after.lstrip(), 0) for n in ("cap_comparator", "deadline_words")):
                return m  # "5 munkanapon belül": the bound after its time
        if not lex.has("deadline_words"):
            return None
        for m in re.finditer(r"(?<![\d.,])\d+(?:[.,]\d+)?\s+[^\W\d_]+\s+", self.masked):
            if lex.match_at("deadline_words", self.masked, m.end()) and not _SHARE.match(self.masked, m.start()):
                return m
        return None

    @cached_property
    def _standard_passive(self) -> Optional[re.Match]:
        """Items of a recurring flow handled within a fixed time, said in the passive or with a
        plural ("Supplier invoices are settled within 10 days", "Leverantörsfakturor regleras inom 10
        dagar", "Laskut maksetaan 10 päivän kuluessa"): a process's standard, whatever its nouns and
        verbs. A launch or a new thing within a time ("Den nye portal lanceres inden for 6 uger") is
        a one-off milestone, not a standard; a share of the items done in time ("Hibabejelentések
        95 %-a 48 órán belül lezárva") is a rate, not a milestone, whatever its participle."""
        lex = self.lexicon
        m = lex.search("standard_passive", self.masked) if lex.has("standard_passive") else None
        if m is None or lex.has("new_adjectives") and lex.search("new_adjectives", self.masked):
            return None
        if _SHARE.search(self.masked):
            return m  # "95 % of fault reports closed within 24 hours": many items, a rate
        if self.milestone or lex.has("milestone_verbs") and lex.search("milestone_verbs", self.masked):
            return None
        return m

    @cached_property
    def _objective_changes(self) -> bool:
        """The objective names a change or work to do ("Upgrade systems and automate processes",
        "Wir verbessern den Bürgerservice"): a standard under it is what that change reaches, a
        result, not a level the team already holds. An objective that states a state ("Reliable
        service for every resident"), keeps one ("Keep our customers happy") or states a standing
        absence ("Wir liefern null Fehler an unsere Kunden") does not."""
        if self.objective is None or not self.objective.title or self._objective_states_absence:
            return False
        facts = self.objective_facts
        if facts is None or facts.lexicon is not self.objective_lexicon or facts.text != self.objective.title:
            facts = ObjectiveFacts(self.objective, None, self.objective_lexicon)
        head = facts.head
        if not head or not head.classes & _CHANGE_HEADS or facts._head_start >= len(facts.words):
            return False
        return head.start == facts.words[facts._head_start].start()

    @cached_property
    def bare_metric(self) -> Optional[str]:
        if self.placeholder or self.kr.metric and self.kr.target is not None:
            return None
        if _DIGIT.search(self.masked) and not self._outline_number_only or self.relative_change_any:
            return None
        if self.kr.target is None and self.lexicon.has("genitive_metric_heading") and self.lexicon.search("genitive_metric_heading", self.masked[self._label_end :].strip()):
            # "Aktiivisten käyttäjien määrä": the metric's head noun ends the text and every word
            # before it is its genitive attribute, a participle among them included; no verb of the text's own.
            return self.text.strip()
        if self.kr.target is not None or self._opens_with_direction:
            return None  # "Higher customer satisfaction", "Javuló ügyfélelégedettség": a direction, not a name
        if self._direction_comparative and not self.lexicon.search("metric_heads", self.masked):
            return None  # "Agents spend less time on rework": a comparative states a direction, a change, not a name
        # "Number of / share of …" headings name a metric however long their qualifier
        # ("Andel kunder med mere end ét køb"); other headings are short.
        heading = self.lexicon.search("metric_heads", self.masked)
        leading = heading is not None and self._heading_leads(heading.start())
        if self._quantifier_beside_cadence and not leading:
            return None
        if heading and self._ends_with_change:
            return None  # "Andelen ärenden som prioriteras rätt ska öka": the heading is the subject of a change
        if heading:
            spans = [heading.span()]
            relative = self.lexicon.search("relative_clause", self.masked, heading.end()) if self.lexicon.has("relative_clause") else None
            if relative:
                spans.append((relative.start(), len(self.masked)))  # "Andel af opkald, der løses …": the clause qualifies the metric
            if not self.any_verb(_blank(self.masked, spans)):
                return self.text.strip()
            if leading and not self._change_word(self.masked[heading.end() :]):
                return self.text.strip()  # "Share of tickets solved at first contact": what follows says what is counted
        if self._quantifier_beside_cadence:
            return None
        shape = self._metric_heading_shape
        # A participle inside the unit of a ratio ("Energy use per kg of produced goods") qualifies the unit.
        verb = self.any_verb(self.masked[: shape.start()]) if shape and self._ratio_shape else self.any_verb()
        # A verb ending the text after the ratio's unit ("Online-Terminbuchung pro Filiale einführen", "… pr.
        # afdeling indføres") is the text's own, verb-last: a task, the "per" names the means or scope.
        if shape and self._ratio_shape and not verb:
            verb = self._verb_ending_after(shape.end())
        if self.has_target and not self._outline_number_only or len(self.words) > 6 or verb:
            return None
        # Items counted by a standard they meet, opening the heading ("Crash-free sessions",
        # "Fehlerfreie Lohnläufe", "Hibátlan futások"): the count or share that meets it, a metric,
        # whatever the items are, not the deliverables themselves.
        if self._head_start < len(self.words) and self.lexicon.has("standard_adjectives") and self.lexicon.match_at("standard_adjectives", self.masked, self.words[self._head_start].start()):
            return self.text.strip()
        deliverable = self.lexicon.search("deliverable_nouns", self.masked)
        # The unit a ratio is counted per is no deliverable of the team's, whether it follows "per" or
        # is a word of its own ("Ticket revenue per event", "Jegybevétel rendezvényenként").
        per_unit = bool(shape and deliverable and deliverable.start() >= min(shape.end() - 1, shape.start() + shape.group().rstrip().rfind(" ") + 1))
        if deliverable and not self._metric_leads(deliverable.start()) and not per_unit:
            return None  # "Churn-Prognosemodell", "a model that predicts churn": a deliverable, not a metric
        if self._artefact_head and not self._counted_events:
            return None  # "Churn prediction model", "Mitgliederportal": a thing built, whatever it is about
        if self.search("metric_nouns") or self.search("operating_metric_nouns", self.masked) or self.search("metric_head_nouns", self.masked) or shape:
            return self.text.strip()
        # A population counted with its qualifier ("Monthly active users", "Zahlende Kunden"): a metric.
        # Not a new thing in use by a date ("Uusi jäsenjärjestelmä käytössä kesäkuussa"): a milestone.
        if self.search("metric_qualifiers", self.masked) and self.search("ambiguous_metric_nouns", self.masked) and not self.milestone:
            return self.text.strip()
        return self.text.strip() if self._counted_per_period or self._counted_events else None

    @cached_property
    def _artefact_head(self) -> bool:
        """The head noun of a verbless heading is a thing the team builds or sets up ("Churn
        prediction model", "Churn-Prognosemodell", "Lemorzsolódási modell"): a deliverable
        (guideline P4/P5, "Launch the new website"), not a metric's name. In all six languages the
        head of a noun phrase is its last word before any preposition or article, the words before
        it its modifiers, and the head of a compound written as one word is its last part. (A
        heading of counted things with the place they are counted at after it, "Seitenaufrufe
        Hilfeportal", is read by `_counted_events` first.)"""
        lex = self.lexicon
        words = [w for w in self.words[self._head_start :] if w.start() >= self._label_end]
        if not lex.has("artefact_nouns") or not words:
            return False
        head = words[-1]
        for i, w in enumerate(words[1:], 1):
            if w.group() in lex.prepositions or w.group() in lex.determiners:
                head = words[i - 1]
                break
        m = lex.match_at("artefact_nouns", self.masked, head.start())
        return bool(m) and m.end() >= head.end()

    def _verb_ending_after(self, start: int) -> Optional[str]:
        """A verb or verb phrase of any class that ends the text and starts at or after `start`
        ("… einführen", "… indføres", "… otetaan käyttöön"): the text's own verb, written last. A
        participle before a noun ("… of produced goods") ends nothing."""
        tail = self.masked[start:]
        for name in VERB_CLASSES:
            for prefix in ("", "english_"):
                if not self.lexicon.has(prefix + name):
                    continue
                for m in self.lexicon.finditer(prefix + name, tail):
                    if not tail[m.end() :].strip(" .!"):
                        return self._evidence(m)
        return None

    @cached_property
    def _counted_events(self) -> bool:
        """A heading of things that come to the team or happen to it, counted as they come, and
        nothing else ("Customer complaints", "Garantierückrufe", "Hibák a gyártósoron",
        "Gåvor från privatpersoner", "Threats against drivers", "Seitenaufrufe Hilfeportal"): the
        name of a count, a bare metric (guideline kpi: "Monthly unique visitors"). What is counted
        is the head of the heading: its last word, the word before a preposition or article, or
        its first word with the place or source it is counted at after it; no verb, no number, at
        most five words, and no deliverable, event or work anywhere in it ("Incident runbook",
        "Complaint handling" are things the team makes or does)."""
        lex = self.lexicon
        if not lex.has("counted_event_nouns") or len(self.words) > 5 or _DIGIT.search(self.masked) or self.any_verb():
            return False
        if self._head_start >= len(self.words):
            return False
        opening = self.words[self._head_start].start()
        for name in _COUNTED_EVENT_CLASSES:
            for m in lex.finditer(name, self.masked) if lex.has(name) else ():
                after = self.masked[m.end() :].split()
                apposition = lex.closed_compounds and m.start() == opening
                if not after or after[0] in lex.prepositions or after[0] in lex.determiners or apposition:
                    # The counted noun may share its form with a verb ("Returns from …", "Bookings"); any other verb makes a sentence.
                    if self.any_verb(_blank(self.masked, [m.span()])):
                        return False
                    return not any(lex.has(n) and lex.search(n, self.masked) for n in ("deliverable_nouns", "event_nouns", "action_nouns"))
        return False

    @cached_property
    def _direction_comparative(self) -> bool:
        """A comparative that is no bound ("less time on terminology", "mindre tid", "kürzere
        Wartezeiten"): it says which way something should move. One inside a comparator ("more
        than one purchase", "mere end ét køb") qualifies what is counted, and so does one in a
        metric heading ("Az egynél több vásárlással rendelkező ügyfelek aránya"; the caller
        checks the heading)."""
        lex = self.lexicon
        if not lex.has("comparatives"):
            return False
        bounds = [m.span() for m in lex.finditer("comparator", self.masked)] if lex.has("comparator") else []
        return bool(lex.search("comparatives", _blank(self.masked, bounds)))

    @cached_property
    def _counted_per_period(self) -> bool:
        """A heading of a thing counted per period and nothing else ("Vehicle breakdowns per quarter",
        "Fahrzeugausfälle pro Quartal", "Járműhibák negyedévente"): the name of a rate, a bare
        metric. Not what the team produces or holds ("Blog posts per month", "Guided tour every
        Saturday") nor work it does ("Roaster maintenance monthly", "Pörkölő karbantartása
        havonta"), which are a recurring deliverable or task (P5)."""
        lex = self.lexicon
        if not lex.has("rate") or _DIGIT.search(self.masked):
            return False
        rate = next((m for m in lex.finditer("rate", self.masked) if not self.masked[m.end() :].strip(" .")), None)
        if rate is None or self.masked[rate.end() :].strip(" .") or not self.masked[: rate.start()].strip():
            return False
        name = self.masked[: rate.start()]
        return not any(lex.has(n) and lex.search(n, name) for n in ("deliverable_nouns", "event_nouns", "earned_media", "action_nouns"))

    @cached_property
    def _outline_number_only(self) -> bool:
        """The only number is a document's section number before a capitalised heading ("2.1
        Customer satisfaction", "3.4. Kundenzufriedenheit"), as Docs and Word number their lines:
        a place in the document, not a target."""
        outline = _SECTION_NUMBER.match(self.text)
        return bool(outline) and not _DIGIT.search(self.text[outline.end() :])

    @cached_property
    def _metric_heading_shape(self) -> Optional[re.Match]:
        """A heading shaped as a metric's name whatever its words: a ratio ("Energy use per kg of
        product", "Klickrate pro Kampagne", "Költség rendelésenként") or a unit in brackets ending
        it ("Time to value (days)", "Time-to-value (päivinä)"). What is counted per unit, or in a
        unit, is a quantity to watch; a deliverable is not written that way."""
        lex = self.lexicon
        # Read once numbers that are no target are blanked, so the round base of a rate ("per 1,000
        # moves", "1 000 ikkunaa kohden") leaves the ratio's shape, as it leaves no target.
        return lex.search("metric_heading_shape", self.masked) if lex.has("metric_heading_shape") else None

    @cached_property
    def _ratio_unit_start(self) -> Optional[int]:
        """Where the unit of a metric heading's ratio starts: the shape's last two words, the unit
        and the word that makes it one, in either order ("per workshop" in "Catering cost per
        workshop", "työpajaa kohden", "workshoponként" alone). What stands there is what the metric
        is counted per, not a deliverable."""
        shape = self._metric_heading_shape
        if not shape or not self._ratio_shape:
            return None
        starts = [m.start() for m in re.finditer(r"\S+", self.lower[shape.start() : shape.end()])]
        return shape.start() + (starts[-2] if len(starts) > 1 else 0)

    @property
    def _ratio_shape(self) -> bool:
        """The metric heading's shape is a ratio, not a unit in brackets at the end."""
        shape = self._metric_heading_shape
        return bool(shape and not shape.group().startswith("("))

    @cached_property
    def _opens_with_direction(self) -> bool:
        """The text opens with a word of direction ("Higher …", "Improved …", "Gesteigerte …",
        "Javuló …"): it says which way a metric should move."""
        if self._head_start >= len(self.words):
            return False
        start = self.words[self._head_start].start()
        names = ("comparatives", "change_participles", "increase_verbs", "decrease_verbs", "outcome_verbs", "english_outcome_verbs")
        return any(self.lexicon.has(name) and self.lexicon.match_at(name, self.masked, start) for name in names)

    def _heading_leads(self, start: int) -> bool:
        """A metric heading opens the text, after a label and determiners only ("Share of …",
        "Die Anzahl der …", "KR2: Andel af …"): the words after it say what is counted."""
        determiners = self.lexicon.determiners
        return all(w.group() in determiners for w in self.words if self._label_end <= w.start() and w.end() <= start)

    @cached_property
    def _ends_with_change(self) -> bool:
        """A word of change among the last two words, the predicate of the whole text ("Andelen
        … ska öka", "Der Anteil … nimmt zu", "… osuus kasvaa", "… aránya nő"): a direction."""
        words = self.words
        if len(words) < 3 or not self._change_word(self.masked[words[-2].start() :]):
            return False
        lex = self.lexicon
        if not (lex.has("relative_clause") and lex.search("relative_clause", self.masked)):
            return True
        # After a relative clause the last verb may be the clause's own ("Anzahl der Mitglieder, die
        # jedes Jahr verlängern"); a modal before it makes it the whole text's ("… som löses direkt ska öka").
        return words[-2].group().lower() in lex.subject_words

    def _change_word(self, text: str) -> bool:
        """A word of change in `text` ("Number of customers increases"): a direction, not a name."""
        return any(self.lexicon.has(name) and self.lexicon.search(name, text) for name in ("outcome_verbs", "english_outcome_verbs", "increase_verbs", "decrease_verbs"))

    @cached_property
    def _quantifier_beside_cadence(self) -> Optional[str]:
        """A quantifier that is not the cadence a metric is counted at: "every" in "who sign up every
        month" says how often the metric is counted, not that it covers every unit."""
        if not self.quantifier:
            return None
        cadences = [m.span() for m in self.lexicon.finditer("cadence", self.masked)] if self.lexicon.has("cadence") else []
        return self.search("quantifiers", _blank(self.masked, cadences)) if cadences else self.quantifier

    def _metric_leads(self, before: int) -> bool:
        """A whole metric word opens the heading and a preposition follows it before `before`
        ("Ventetid på genoptræning", "Waiting time for occupational therapy"): what follows
        qualifies the metric. "Churn prediction model" is a model, not a metric."""
        words = self.words
        if not words or len(words) < 3:
            return False
        for name in ("metric_nouns", "operating_metric_nouns", "metric_head_nouns"):
            m = self.lexicon.match_at(name, self.masked, words[0].start()) if self.lexicon.has(name) else None
            if m and m.end() <= before and self.masked[m.end() : m.end() + 1] != "-":
                between = self.masked[m.end() : before].split()
                return bool(between) and between[0] in self.lexicon.prepositions
        return False

    @cached_property
    def _assurance_head(self) -> bool:
        """The head verb secures a level ("Ensure availability of at least 99.9 %", "Sikre en oppetid
        på mindst 99,9 %"): with a threshold on an operating metric, a level to hold."""
        head = self.head
        return bool(head and self.lexicon.has("assurance_verbs") and self.lexicon.match_at("assurance_verbs", self.masked, head.start))

    @cached_property
    def _flow_metric(self) -> Optional[re.Match]:
        """A time or rate measured on the items of a recurring flow the team handles ("Response time
        on enquiries at most 3 days", "Svartid på henvendelser max 3 dage", "Válaszidő a
        megkeresésekre legfeljebb 3 nap"): a service level, not what a product does."""
        lex = self.lexicon
        if not lex.has("flow_item_nouns") or not lex.has("metric_head_nouns"):
            return None
        head = lex.search("metric_head_nouns", self.masked)
        if head is None:
            return None
        item = lex.search("flow_item_nouns", self.masked[head.start() : head.end() + 40])
        return head if item else None

    @cached_property
    def _assures_level(self) -> bool:
        """A verb or noun of securing a level stands in the text, at the head or not ("Ensure …",
        "… sicherstellen", "… biztosítása", "Sicherstellung …"): the level it secures is held."""
        lex = self.lexicon
        return bool(self._assurance_head or lex.has("assurance_verbs") and lex.search("assurance_verbs", self.masked))

    @cached_property
    def _standard_heading(self) -> Optional[re.Match]:
        """A metric's name with a bound and nothing else ("Refund requests < 2 % of new
        subscriptions", "Mobiiliverkon saatavuus vähintään 99,95 %", "Gästbetyg | minst 4,5"): no
        verb of any class, no time frame, under an objective that states no change, or a cap under
        one that lowers nothing (`_cap_against_objective`). Written as a standard to meet, not a
        result to reach: a level to hold (guideline P9)."""
        if self.own_time_frame and not self._whole_period_span or self._objective_implies_change and not self._cap_against_objective:
            return None
        if self.any_verb() and not self._bound_cell and not self._only_assurance_verb and not self._verb_in_name:
            return None
        return _DIGIT.search(self.masked)

    @cached_property
    def _whole_period_span(self) -> bool:
        """The text's only dates are a span from the first to the last day of the set's period
        ("Timeline: okt 1 – dec 31" in a 2027-Q4 set, as a tool's timeline column writes it): the
        level holds over the whole cycle, no date to reach it by."""
        period = self.okr_set.period if self.okr_set is not None else None
        dates = self._written_dates
        if period is None or len(dates) != 2:
            return False
        first, last = dates
        if self.lower[first.end : last.start].strip() not in ("-", "–", "—", "..", "/"):
            return False
        lex = self.lexicon
        if any(m.start() < first.start or m.end() > last.end for m in lex.finditer("time_frame", _unscoped(self.lower, lex))):
            return False  # another time frame beside the span ("… in Q3")
        start, end = period.start, period.end
        return first.start_month == start.month and first.day in (None, start.day) and last.end_month == end.month and last.day in (None, end.day)

    @cached_property
    def _only_assurance_verb(self) -> bool:
        """The text's one verb secures the level, wherever it stands ("Lieferfähigkeit von
        mindestens 97 % sicherstellen", "Ensure availability of at least 99.5 %", "Toimitusvarmuus
        vähintään 97 % varmistetaan"): a metric's name with a bound, held."""
        lex = self.lexicon
        if not lex.has("assurance_verbs"):
            return False
        spans = [m.span() for m in lex.finditer("assurance_verbs", self.masked)]
        return bool(spans) and not self.any_verb(_blank(self.masked, spans))

    @cached_property
    def _verb_in_name(self) -> bool:
        """The head verb stands inside a row's metric name, after its first word ("Claims settled
        …: ≥ 98 %", "Refusioner godkendt af …: min. 95 %"): it says what is counted. A verb opening
        the text ("Reduce handling time: under 6 min") is the work or change the row asks for."""
        head, words = self.head, self.words
        if head is None or not (self._bound_cell or self._bound_after_name) or self._head_start >= len(words):
            return False
        return head.start > words[self._head_start].start()

    @cached_property
    def _bound_after_name(self) -> bool:
        """A comparator and its number right after the head verb, and nothing after them but the
        unit ("Quotes sent < 2 working days", "Tilbud sendt < 2 hverdage", "Claims settled ≥ 98
        %"): the verb ends the metric's name, as in a row's cell (`_bound_cell`), and the bound is
        the level it is held at."""
        head, bound = self.head, self._number_bound
        if head is None or bound is None or self.masked[head.end : bound.start()].strip():
            return False
        last = _TRAILING_NOTE.sub("", self.masked[bound.start() :]).strip(" .")
        return bool(re.fullmatch(r"\S*?\s*[-+±~]?\d[\d.,  ]*\s?(?:%|[^\W\d_]{1,12})?", last))

    @cached_property
    def _bound_cell(self) -> bool:
        """The text is a metric's name and, after a colon or in its own table cell, a bound and
        nothing else ("Claims settled within authority limits: ≥ 98 % (monthly sample)", "| Share
        of orders shipped same day | Ops | min. 95 % |"): a spreadsheet row of a KPI. The name may
        hold any words, a participle among them, since it only says what is counted."""
        if self._row_goal_cell is not None:
            return True
        cells = [c for c in re.split(r"[|:]", self.masked) if c.strip()]
        if len(cells) < 2:
            return False
        last = _TRAILING_NOTE.sub("", cells[-1]).strip(" .")
        lex = self.lexicon
        m = lex.match_at("comparator", last, 0) if lex.has("comparator") else None
        return bool(m and re.fullmatch(r"\s*[-+±~]?\d[\d.,  ]*\s?(?:%|[^\W\d_]{1,12})?", last[m.end() :]))

    @cached_property
    def _row_goal_cell(self) -> Optional[str]:
        """The target cell of a row whose other cells hold no number ("Sales; Complaints; at most
        0.8 % of volume shipped; ; Quality", "| Share of same-day orders | – | min. 95 % | Ops |"):
        a comparator opening it, then a number and a few words (what the share is of). The cells
        before it name the metric (a dash or an empty cell for today's value not filled in); the
        cells after it name an owner or an area."""
        cells = self._row_cells
        lex = self.lexicon
        with_digits = [i for i, c in enumerate(cells) if _DIGIT.search(c)]
        if not with_digits or with_digits[-1] == 0 or not lex.has("comparator"):
            return None
        goal = cells[with_digits[-1]]
        m = lex.match_at("comparator", goal, 0)
        if not m or not re.match(r"\s*[-+±~]?\d", goal[m.end() :]) or len(goal.split()) > 8:
            return None
        # The name (the first cell with a word) may carry numbers (today's values per site, a
        # rate's base); no other cell may.
        name = next((i for i, c in enumerate(cells) if re.search(r"[^\W\d_]{3}", c)), None)
        return goal if with_digits[:-1] in ([], [name]) else None

    def _level_bound(self, bound: re.Match) -> bool:
        """The number a comparator bounds is a level: a percentage, a score ("4,5", "4.2/5"), a
        count per unit or period ("max 2 pages pr. nat"), a ceiling on a count or an amount ("max
        12 complaints", "< 25 MSEK", a sign read as its word), a cap on a time counted in working
        days ("< 15 AT": the time each item of a flow is handled in, a service standard), or a bare
        number ending the text. Not a floor on a count of things ("at least 3 deals") or on an
        amount of money, which are totals to reach, nor any other duration, which says how fast a
        thing is done rather than a level the team runs at."""
        text = self.masked
        # An abbreviated comparator keeps its dot after the match ("max. 2", "min. 84", "vähint. 4,5").
        after = re.match(r"\.?\s*[-+±~]?(\d[\d.,  ]{0,24})", text[bound.end() :])
        if after:
            number, tail = after.group(1).strip(), text[bound.end() + after.end() :]
        else:
            before = re.search(r"(\d[\d.,]*)(\s?%?[^\s|:;()]*)\s*$", text[max(0, bound.start() - 24) : bound.start()])
            if before is None:
                return False
            number, tail = before.group(1), before.group(2) + " " + text[bound.end() :]
        tail = tail.lstrip()
        if re.match(r"(?:%|‰|pp\b|/\s?\d|procent|prosent|prozent|prosentt|százalék)", tail):
            return True
        # A sign caps as its word does ("< 12 complaints" as "max 12 complaints").
        cap = bound.group().startswith(("<", "≤")) or bool(self.lexicon.has("cap_comparator") and self.lexicon.match_at("cap_comparator", self.masked, bound.start()))
        if cap and self.lexicon.has("working_day_units") and self.lexicon.match_at("working_day_units", tail, 0):
            return True  # "Bauzeit < 15 AT", "Tilbudstid højst 2 hverdage": a time counted in working days is a service time per item, a level to hold
        if self.lexicon.match_at("duration", " " + tail, 0):
            return False
        if cap:
            return True  # "max 12 complaints", "under 25 MSEK": a ceiling on a count or an amount is a cap to stay under
        if self.lexicon.search("amount", number + tail[:6]):
            # "Average basket at least 45 EUR", "Kosten je Auftrag ≤ 40 €": an average or a value per
            # unit is a level, a sum is a total
            if self.lexicon.has("average_words") and self.lexicon.search("average_words", self.masked):
                return True
            return bool(_PER_UNIT.search(text[: bound.start()]))
        if not tail or tail[0] in "|;()[]" or re.match(r"(?:of|af|av|von|aus|ud af|out of|på|de)\s+\d", tail):
            return True  # "vähintään 40", "≥ 75 [Sofie]", "4,5 von 5": a score or a bare level
        if re.search(r"[.,]\d", number):
            return True  # "minst 4,5 på alla hotell": a decimal is a score, not a count
        # A count per unit or period ("2 pages pr. nat", "0 pro Release"): a rate to hold.
        return bool(self.lexicon.has("rate") and self.lexicon.search("rate", tail[:40]) or re.match(r"[^\W\d_]+\s+(?:per|pr\.?|pro|je|kohden|/)\s", tail))

    @cached_property
    def _measured_once(self) -> bool:
        """The level is read at one measuring occasion ("NPS ≥ 40 in the September survey", "eNPS
        legalább +20 a tavaszi felmérésben"): a result to reach by then, not a level held all
        along. A survey repeated at a cadence ("in every monthly pulse") is tracking a level."""
        lex = self.lexicon
        event = lex.search("measurement_event", self.masked) if lex.has("measurement_event") else None
        if event is None:
            return False
        if lex.has("quantifiers") and lex.search("quantifiers", self.masked[max(0, event.start() - 24) : event.end()]):
            return False  # "jokaisessa kuukausikyselyssä", "minden havi felmérésben": every survey, a level held
        return not any(lex.has(n) and lex.search(n, self.masked) for n in ("cadence", "rate", "recurring_level"))

    @cached_property
    def _objective_implies_change(self) -> bool:
        """The objective names a change: a change or work verb at its head ("Improve …"), or a
        comparative, superlative or change word anywhere ("Faster claims", "Stabilabb platform",
        "Nopeammin tuotantoon", "A legjobb munkahely"). A threshold under it is where that change
        should land, a result."""
        if self._objective_changes:
            return True
        if self.objective is None or not self.objective.title:
            return False
        lex = self.objective_lexicon
        title = self.objective.title.lower()
        names = ("comparative_forms", "comparatives", "increase_verbs", "decrease_verbs", "outcome_verbs", "english_outcome_verbs", "change_participles")
        return any(lex.has(n) and lex.search(n, title) for n in names)

    @cached_property
    def _number_bound(self) -> Optional[re.Match]:
        """The first comparator that bounds a number right before or after it ("under 4 %", "10 nap
        alatt", "a bevétel 15 %-a alatt", where the share's case ending follows the hyphen)."""
        lex = self.lexicon
        if not lex.has("comparator"):
            return None
        for m in lex.finditer("comparator", self.masked):
            if _DIGIT.search(self.masked[m.end() : m.end() + 4]) or re.search(r"\d[\d.,]*\s?(?:%|[^\W\d_]+)?(?:-[^\W\d_]{1,4})?\s*$", self.masked[max(0, m.start() - 16) : m.start()]):
                return m
        return None

    @cached_property
    def _cap_against_objective(self) -> bool:
        """The text caps its metric ("Bad debt < 1 % of revenue", "Reklamationer max 3 %") under an
        objective that lowers nothing: no decrease verb and no word of less ("Wir wachsen mit den
        richtigen Mandanten", "Glasögonen blir klara snabbare"). The objective's change is elsewhere,
        so the cap states no change of its own: a guardrail on a business-as-usual metric, a level to
        hold (guideline P9). Under "Fewer disputed payments" or "Stabler API" the cap is where the
        objective's change lands, a result."""
        bound = self._number_bound
        if bound is None or self.objective is None or not self.objective.title:
            return False
        lex = self.lexicon
        if not (bound.group().startswith(("<", "≤")) or lex.has("cap_comparator") and lex.match_at("cap_comparator", self.masked, bound.start())):
            return False
        olex = self.objective_lexicon
        title = self.objective.title.lower()
        return not any(olex.has(n) and olex.search(n, title) for n in ("decrease_verbs", "lowering_words"))

    @cached_property
    def _zero_standard(self) -> Optional[str]:
        """A count of zero held as a standard: what is counted with a zero or a word of none before
        it or as its value, and nothing else ("Zero reportable incidents", "No critical findings at
        the audit", "Complaints to the regulator: 0", "Keine Ausfälle während der Shows", "Ei
        yhtään tietomurtoa", "0 érdemi megállapítás"). No verb heads it, no change, no date of its
        own, and the objective lowers nothing: a cap of zero on a business-as-usual count, kept
        (guideline P9, "zero P1 incidents" is a threshold). "Reduce incidents to zero", "from 4 to
        0", "0 open P1 bugs by June" or a zero under "Fewer incidents on site" is where a change
        lands, a result."""
        lex = self.lexicon
        masked = self.masked
        zero = _ZERO_COUNT.search(masked) or (lex.search("zero_words", masked) if lex.has("zero_words") else None)
        if zero is None and lex.has("none_words"):
            # A word of none opens the text or the value after the metric's name ("Broken links: none left open").
            starts = [self.words[self._head_start].start()] if self._head_start < len(self.words) else []
            starts += [m.end() for m in _HEADING_BREAK.finditer(masked)]
            for start in starts:
                zero = lex.match_at("none_words", masked, len(masked) - len(masked[start:].lstrip()))
                if zero is not None:
                    break
        if zero is None or masked[zero.end() : zero.end() + 1] == "-":
            return None  # "Zero-downtime deploys", "No-code forms": the zero names a kind, it counts nothing
        if self.head is not None and not self._assurance_head or self.from_to or self.relative_change_any or self._change_word(masked):
            return None
        if self.own_time_frame and not self._whole_period_span or _ARROW.search(masked) or self._row_moves:
            return None
        if _TO_LEVEL_CASE.match(masked, zero.start()) or lex.has("direction_particles") and lex.search("direction_particles", masked):
            return None  # "nollaan", "back to zero": the count moves to zero
        before = _LAST_WORD.search(masked, 0, zero.start())
        if before is not None and lex.has("to_level_words") and lex.match_at("to_level_words", masked, before.start()):
            return None  # "Incidents down to 0", "Unfälle auf 0": a level to reach
        if self.objective is not None and self.objective.title:
            olex, title = self.objective_lexicon, self.objective.title.lower()
            if not self._objective_states_absence and any(olex.has(n) and olex.search(n, title) for n in ("decrease_verbs", "lowering_words")):
                return None  # "Fewer incidents on site": the zero is where the objective's change lands
        return self._zero_phrase(zero.start(), zero.end())

    @cached_property
    def threshold_level(self) -> Optional[str]:
        """A cap or floor on a metric a team runs on every day, with no change stated ("Average
        handling time below 6 minutes", "Wartezeit beträgt höchstens 3 Minuten", "Az átlagos
        ügyintézési idő 10 nap alatt"): a level to hold, a KPI (guideline P9). A text that names a
        change (a change verb, a from–to, a relative change, a comparative), new things won, or work
        to do (a head verb of any class) is not one; nor is a threshold on what a product does
        ("p95 latency below 300 ms"), which coaches read as a result to reach. The metric is one
        the team runs on (`operating_metric_nouns`), a time on a flow of items, or any metric
        written as a heading with a bound and nothing else (`_standard_heading`)."""
        zero = self._zero_standard
        if zero is not None:
            return zero
        if not _DIGIT.search(self.masked) or self.head is not None and not self._assurance_head and not self._verb_in_name:
            return None
        lex = self.lexicon
        metric = lex.search("operating_metric_nouns", self.masked) or self._flow_metric or self._standard_heading
        if metric is None:
            return None
        found = self._number_bound
        if found is None and self._assures_level:
            # "Ensure 99.9 % availability", "A 99,9%-os rendelkezésre állás biztosítása": the level secured is the bound.
            found = re.search(r"(?<![\w.,])\d[\d.,]*\s?%|(?<![\w.,])\d+[.,]\d+(?![\d.,])", self.masked)
        if found is None or self.relative_change_any or self._measured_once:
            return None
        if self.result_signal and not self.from_to or self.from_to and not self._note_meets_bound(found):
            return None  # "Sick leave below 4 % (today 5.2 %)": today's value is outside the bound, a change
        if self._row_bound_against_today is False:
            return None  # "| Handling time | ca. 12 days | under 5 days |": today's value is outside the bound, a change
        if metric is self._standard_heading and not self._level_bound(found):
            return None
        rest = _blank(self.masked, [found.span()] + ([(self.head.start, self.head.end)] if self.head else []))
        for name in ("comparatives", "increase_verbs", "decrease_verbs", "acquisition_verbs", "new_words"):
            # "< 2 % of new subscriptions": after a heading's bound, "new" names the base of a share.
            within = rest[: found.start()] if name == "new_words" and metric is self._standard_heading else rest
            if name == "new_words" and self._flow_metric is not None:
                continue  # "Svartid på henvendelser fra nye frivillige max 3 dage": "new" picks the items timed
            if lex.has(name) and lex.search(name, within):
                return None
        if lex.has("direction_particles") and lex.search("direction_particles", self.masked):
            return None  # "NPS op på mindst 50", "back below 2 %": the level moves, a change
        if _TO_LEVEL_CASE.match(self.masked, found.end()):
            return None  # "alle 4 %:iin", "alle 4 prosenttiin": the illative moves the metric to the level
        number = re.match(r"\s*[^\s]*\d[\d.,]*(?:\s?[^\W\d_]+|\s?%)?", self.masked[found.end() :])
        end = found.end() + number.end() if number else found.end()
        if metric.start() < found.start():
            return self.text[metric.start() : metric.end()].strip() + " … " + self.text[found.start() : end].strip()
        return self.text[min(found.start(), metric.start()) : max(end, metric.end())].strip()

    @cached_property
    def guardrail(self) -> Optional[LocalisedText]:
        if self.kr.guardrail:
            return msg("phrases.field-guardrail")
        return self.search("guardrail_marker")

    @cached_property
    def committed(self) -> Optional[LocalisedText]:
        return msg("phrases.field-committed") if self.objective is not None and self.objective.kind == "committed" else None

    # time-bound -----------------------------------------------------------------------------

    @cached_property
    def time_frame(self) -> Optional[LocalisedText]:
        if self.kr.deadline is not None:
            return msg("phrases.field-deadline", date=self.kr.deadline.isoformat())
        return self.own_time_frame or self._row_deadline

    @cached_property
    def _row_deadline(self) -> Optional[str]:
        """A row's date cell ("| … | 3 | Q2 | AB |", "Due: 30/9", "(TB, 30/9)"): the key result's
        deadline, however the date is written."""
        cell = self.row.deadline if self.row is not None else None
        return self.row.words(cell) if cell is not None else None

    @cached_property
    def inherited_time_frame(self) -> Optional[LocalisedText]:
        if self.okr_set is not None and self.okr_set.period is not None:
            return msg("phrases.field-period", period=self.okr_set.period.label)
        if self.objective is not None:
            title = _unscoped(normalise(self.objective.title), self.objective_lexicon)
            m = self.objective_lexicon.search("time_frame", title)
            if m:
                return self.objective.title[m.start() : m.end()]
            lex = self.objective_lexicon
            dates = lex.date_reader().read(title, lambda word: bool(lex.match_at("time_prepositions", word, 0) or lex.match_at("month_names", word, 0)))
            return self.objective.title[dates[0].start : dates[0].end] if dates else None
        return None

    @cached_property
    def deadline_outside_period(self) -> Optional[LocalisedText]:
        period = self.okr_set.period if self.okr_set is not None else None
        if period is None:
            return None
        written = self._written_date_outside(period) or self._numeric_date_outside(period) or self._week_outside(period) or self._row_day_outside(period)
        if written:
            return written
        if self.kr.deadline is None and not _FOUR_DIGITS.search(self.lower):
            return None  # every date below has a year
        days: list[tuple[str, date, date]] = []
        if self.kr.deadline is not None:
            days.append((msg("phrases.field-deadline", date=self.kr.deadline.isoformat()), self.kr.deadline, self.kr.deadline))
        for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_DAY_MONTH_YEAR, (3, 2, 1)), (_HU_DATE, (1, 2, 3))):
            for m in pattern.finditer(self.lower):
                year, month, day_of_month = (int(m.group(i)) for i in order)
                try:
                    day = date(year, month, day_of_month)
                except ValueError:
                    continue
                days.append((m.group(), day, day))
        for m in _QUARTER_YEAR.finditer(self.lower):
            quarter, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            first = (int(quarter) - 1) * 3 + 1
            end_month = first + 2
            end_day = 31 if end_month in (3, 12) else 30
            days.append((m.group(), date(int(year), first, 1), date(int(year), end_month, end_day)))
        for label, start, end in days:
            if end < period.start or start > period.end:
                return label
        return None

    def _row_day_outside(self, period) -> Optional[str]:
        """A row's date cell written as a day and a month with no year ("Due: 30/9", "– due 15/7", "–
        fällig 20.11.", "– határidő: 11.15.") outside the period. Without a year it stands for each
        calendar year the period touches; a day/month order the numbers leave open ("1/10": 1 October
        or 10 January) is outside only when every reading is."""
        row = self.row
        if row is None:
            return None
        years = range(period.start.year, period.end.year + 1)
        for cell in row.cells:
            if cell.kind != DATE:
                continue
            words = row.words(cell)
            m = _DAY_MONTH.fullmatch(words)
            if m is None:
                continue
            first, second = int(m.group(1)), int(m.group(2))
            days = [day for year in years for day in _valid_days(year, [(second, first), (first, second)])]
            if days and all(_outside(day, day, period) for day in days):
                return words
        return None

    def _numeric_date_outside(self, period) -> Optional[str]:
        """A date written with slashes or a two-digit year ("2027/03/16", "16/3/2027", "16.3.27")
        outside the period. A day/month order the numbers leave open ("4/5/2027": 4 May or 5
        April) is outside only when every reading is."""
        if "/" not in self.lower and "." not in self.lower:
            return None
        for m in _SLASH_YEAR_FIRST.finditer(self.lower):
            days = _valid_days(int(m.group(1)), [(int(m.group(2)), int(m.group(3)))])
            if days and all(_outside(day, day, period) for day in days):
                return m.group()
        versions = [v.span() for v in self.lexicon.finditer("version_number", self.lower)]
        for pattern in (_SLASH_DATE, _DOT_DATE_SHORT_YEAR):
            for m in pattern.finditer(self.lower):
                if any(start <= m.start() and m.end() <= end for start, end in versions):
                    continue
                first, second, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
                year += 2000 if year < 100 else 0
                orders = [(second, first)] if pattern is _DOT_DATE_SHORT_YEAR else [(second, first), (first, second)]
                days = _valid_days(year, orders)
                if days and all(_outside(day, day, period) for day in days):
                    return m.group()
        return None

    def _week_outside(self, period) -> Optional[str]:
        """A calendar week written as a deadline ("by week 12", "senest uge 12", "KW 12/2027",
        "viikkoon 12 mennessä", "a 12. hétig": the language's `week_number`) outside the period:
        ISO weeks, Monday to Sunday; without a year it stands for each calendar year the period
        touches, like a date without a year."""
        for m in self.lexicon.finditer("week_number", self.lower):
            numbers = [int(n) for n in re.findall(r"\d+", m.group())]
            weeks = [n for n in numbers if n < 100]
            years = [n for n in numbers if n >= 1900] or sorted({period.start.year, period.end.year})
            if not weeks or not 1 <= weeks[0] <= 53:
                continue
            spans = []
            for year in years:
                try:
                    monday = date.fromisocalendar(year, weeks[0], 1)
                except ValueError:
                    continue
                spans.append((monday, monday + timedelta(days=6)))
            if spans and all(_outside(start, end, period) for start, end in spans):
                return self.text[m.start() : m.end()].strip()
        return None

    def _written_date_outside(self, period) -> Optional[LocalisedText]:
        """A date written with words ("by 31 December 2027", "in Q3", "end of year") outside the
        period. Without a year it stands for each calendar year the period touches; a quarter or
        half without a year is not read against a fiscal period, whose quarters are its own; one
        that labels a figure (the language's `period_value_label`: "(Q1: 14)", "Q1 actual 14") is
        no deadline at all."""
        dates = self._written_dates
        if not dates:
            return None
        fiscal = bool(_FISCAL.search(period.label.lower()))
        years = sorted({period.start.year, period.end.year})
        labels = [m.span() for m in self.lexicon.finditer("period_value_label", self.lower)] if _DIGIT.search(self.lower) else []
        for found in dates:
            if found.year is None and fiscal and found.day is None and found.end_month != found.start_month:
                continue
            if any(start <= found.start < end for start, end in labels):
                continue  # `(Q1: 14)`, `Q4-tal: 14`, `Q1-ben 14`: the label of a past or breakdown figure, not a deadline
            candidates = [found.year] if found.year is not None else years
            spans = [found.span(year) for year in candidates]
            if all(end < period.start or start > period.end for start, end in spans):
                return self.text[found.start : found.end].strip() or found.label
        return None

    # baseline -------------------------------------------------------------------------------

    @cached_property
    def from_to_matches(self) -> list[re.Match]:
        """Where the text states a starting value: a from→to (`from_to`) or a number marked as a
        past value (`past_value`: "(60) a year ago", "60 i fjor", "vor einem Jahr 60"), which is a
        baseline and never the target (guideline P8). Lint, status and the check-in dialog all read
        the starting value through this (`stated_range`)."""
        if not _DIGIT.search(self.masked):
            return []
        found = list(self.lexicon.finditer("from_to", self.masked))
        found += [p for p in self._past_values if not any(m.start() < p.end() and p.start() < m.end() for m in found)]  # one statement, read once
        return sorted(found, key=lambda m: m.start())

    @cached_property
    def from_to(self) -> Optional[str]:
        if self._row_full_coverage:
            return None
        return self._evidence(self.from_to_matches[0]) if self.from_to_matches else None

    @cached_property
    def _row_full_coverage(self) -> bool:
        """A row whose target cell covers every unit, after today's share or count ("| Datasets with
        an owner | 35 % | 100 % |", "| Crew leads certified | 4 of 11 | all 11 |", "3 av 9 | 9 av
        9"): today's value says how far the work has reached, not where a result stands, so the
        kind is read from the statement and its target alone (guideline P3, P5: coverage and
        counted deliverables stay output with a starting value written)."""
        row = self.row
        if row is None or row.today is None:
            return False
        goal = normalise(row.words(row.target))
        numbers = [parse_number(n, self.lexicon.language) for n in _NUMBER.findall(goal)]
        if len(numbers) == 2 and numbers[0] is not None and numbers[0] == numbers[1]:
            return True  # "9 av 9", "12 von 12"
        if numbers == [100.0] and "%" in goal:
            return True
        return bool(self.lexicon.has("quantifiers") and self.lexicon.match_at("quantifiers", goal, 0))

    @cached_property
    def relative_change(self) -> Optional[str]:
        return self.relative_change_any

    @cached_property
    def row_baseline(self) -> Optional[str]:
        """Today's value in its own cell of a row, right before the target's cell ("| Days to
        switch-on | 58 | 35 | Ops |", "Sales;Online share;41 %;60 %;Digital"): the row's baseline."""
        pair = self._row_current_and_goal
        return pair[0] if pair and _DIGIT.search(pair[1]) else None

    @cached_property
    def baseline_field(self) -> Optional[LocalisedText]:
        return msg("phrases.field-baseline", value=self.kr.baseline) if self.kr.baseline is not None else None

    @cached_property
    def placeholder_target(self) -> Optional[str]:
        """A placeholder standing for the target ("Reach N0 MAU", "Land N2 enterprise logos"): a
        value not filled in counts as a number (guideline P1), so a result whose text gives no
        starting value asks the baseline question as a written target does. Not beside a from–to
        read with each value to fill in as a number (`slot_from_to`) or a written relative change
        ("3x YoY (N1)", reported by OKR241)."""
        if not self.placeholder or self.relative_change or self.slot_from_to:
            return None
        return self.placeholder

    @cached_property
    def slot_from_to(self) -> Optional[str]:
        """A from–to whose start or target is a value to fill in ("from 71 % to N %", "from N1 to
        N2", "N0-ról N1-re", a template's "from <baseline> to <target>"): read with each
        placeholder and each slot in angle brackets as a number, every language's from–to pattern
        applies, and the text does give its starting value (or a place for it)."""
        if not self.placeholder and "<" not in self.lower:
            return None
        placeholders = self.lexicon.pattern("placeholder")
        filled = placeholders.sub(lambda m: "0" * len(m.group()), self.lower) if placeholders is not None else self.lower
        filled = _FILL_IN_SLOT.sub(lambda m: "0" * len(m.group()), filled)
        if filled == self.lower:
            return None
        found = self.lexicon.search("from_to", filled)
        return self.text[found.start() : found.end()] if found else None

    @cached_property
    def absolute_target(self) -> Optional[str]:
        if self.from_to or self.relative_change or self.slot_from_to:
            return None
        return self.target_number if self.target_number and _DIGIT.search(self.target_number) else None

    # structure ------------------------------------------------------------------------------

    @cached_property
    def compound(self) -> Optional[str]:
        if not _TWO_NUMBERS.search(self.masked):
            return None  # two results need two numbers
        if len(self.from_to_matches) >= 2:
            return self.text
        verbs = [m for name in ("outcome_verbs", "english_outcome_verbs") for m in self.lexicon.finditer(name, self.masked)]
        verbs.sort(key=lambda m: m.start())
        if len(verbs) >= 2:
            between = self.masked[verbs[0].end() : verbs[1].start()]
            conjunction = self.lexicon.search("conjunction", between)
            split = verbs[0].end() + conjunction.start() if conjunction else 0
            if conjunction and _DIGIT.search(self.masked[:split]) and _DIGIT.search(self.masked[split:]):
                return self.text[verbs[0].start() : verbs[1].end()]
        return None

    @cached_property
    def ambiguous_metric(self) -> Optional[str]:
        if not _DIGIT.search(self.masked):
            return None
        nouns = list(self.lexicon.finditer("ambiguous_metric_nouns", self.masked))
        if not nouns or self.search("metric_qualifiers", self.masked):
            return None
        for m in nouns:
            # Only a count of the noun is ambiguous ("1 million users"), not "customer satisfaction".
            before = self.masked[max(0, m.start() - 20) : m.start()]
            after = self.masked[m.end() : m.end() + 12]
            if re.search(r"\d[\d.,\s]*\s?(?:k|m|mio\.?|mill\.?|million\w*|millioner|miljon\w*|miljoon\w*|millió|thousand|tusind|tusen|tausend|ezer|tuhat\w*)?\s*$", before) or re.match(
                r"\s+\S+\s+\d", after
            ):
                return self._evidence(m)
        return None

    @cached_property
    def direction_contradiction(self) -> Optional[LocalisedText]:
        kr = self.kr
        if kr.baseline is not None and kr.target is not None and kr.direction in ("increase", "decrease"):
            if (kr.direction == "increase" and kr.target < kr.baseline) or (kr.direction == "decrease" and kr.target > kr.baseline):
                return msg("phrases.direction-values", direction=kr.direction, baseline=kr.baseline, target=kr.target)
        if not self.from_to_matches:
            return None
        m = self.from_to_matches[0]
        start_text, end_text = group(m, "from") or "", group(m, "to") or ""
        start = parse_number(start_text, self.lexicon.language)
        end = parse_number(end_text, self.lexicon.language)
        start_unit, end_unit = _unit_after_number(start_text), _unit_after_number(self.masked[m.start() :][len(m.group()) - len(end_text) :] if end_text else "")
        if start_unit and end_unit and start_unit != end_unit:
            return None  # "from 6 hours to 45 minutes": different units, no contradiction to judge
        if start is None or end is None or start == end:
            return None
        outside = self.masked[: m.start()] + " " + self.masked[m.end() :]
        increase = self.search("increase_verbs", outside)
        decrease = self.search("decrease_verbs", outside)
        if increase and not decrease and end < start:
            return self._evidence(m)
        if decrease and not increase and end > start:
            return self._evidence(m)
        return None


class ObjectiveFacts(TextFacts):
    """Facts about an objective's title."""

    def __init__(self, objective: Objective, okr_set: Optional[OkrSet], lexicon: Lexicon, set_language: Optional[str] = None) -> None:
        super().__init__(objective.title, lexicon, set_language)
        self.objective = objective
        self.okr_set = okr_set

    @cached_property
    def number_in_objective(self) -> Optional[str]:
        return self.target_number

    @cached_property
    def lone_word(self) -> Optional[str]:
        """A title of one word, alone or numbered ("Goal", "Objective 1", "Mål 2."): a label,
        not a place the team wants to be."""
        text = self.text.strip()
        words = [w for w in _WORD.findall(text) if len(w) > 1 and not _DIGIT.match(w)]
        numbers = [w for w in _WORD.findall(text) if _DIGIT.match(w)]
        return text if len(words) == 1 and len(numbers) <= 1 and not re.search(r"[%€$£]", text) else None

    @cached_property
    def multi_sentence(self) -> Optional[str]:
        abbreviation = self.lexicon.pattern("abbreviation")
        text = self.text.strip()
        if abbreviation is not None:
            text = abbreviation.sub(lambda m: "x" * len(m.group()), text)
        ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        return self.text.strip()[ends[0] + 1 :].strip() if ends else None

    @cached_property
    def business_as_usual(self) -> Optional[str]:
        if self.search("outcome_verbs", self.masked) or self.search("english_outcome_verbs", self.masked):
            return None
        return self.maintain_head or self.maintain_phrase

    @cached_property
    def task_shaped(self) -> Optional[str]:
        if self.search("outcome_verbs", self.masked) or self.search("english_outcome_verbs", self.masked):
            return None
        head = self.head
        if head is None or self._after_noun_subject(head) or self.wished_by_others:
            return None
        return self.activity_head or self.milestone_head

    def _after_noun_subject(self, head: Head) -> bool:
        """Whether a noun subject stands before the verb ("Designers ship without waiting for
        engineering"): a statement of an end state, not a task. Only for languages that put the
        verb of a task first (a narrow head window); verb-final infinitives ("CRM einführen") are
        tasks whatever precedes them."""
        if self.lexicon.match_at("statement_verb_forms", self.masked, head.start):
            return True  # a third-person form ("szállítanak", "julkaisevat") states what others do
        if self._head_start >= len(self.words):
            return False
        if self.lexicon.head_window <= 4:
            return head.start > self.words[self._head_start].start()
        if not self.lexicon.verb_second:
            return False
        # Verb-second with a noun subject ("Designer liefern ohne Wartezeit …"), unlike a
        # verb-final infinitive ("Neues CRM einführen"): one or two words before, more after.
        index = next((i for i, w in enumerate(self.words) if w.start() == head.start), None)
        if index is None:
            return False
        return 1 <= index - self._head_start <= 2 and len(self.words) - index - 1 >= 2


def _unit_after_number(text: str) -> str:
    """The word or symbol right after a number ("6 hours" → "hours", "8 %" → "%")."""
    m = _UNIT_AFTER_NUMBER.search(text)
    return m.group(1) if m else ""


_UNIT_AFTER_NUMBER = re.compile(r"\d[\d.,]*\s?([^\W\d_]+|%)")
# A number as written locally, and its groups of three (`parse_number`).
_LOCAL_NUMBER = re.compile(r"\d[\d .,']*")
_COMMA_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_DOT_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def parse_number(text: str, language: str = "en") -> Optional[float]:
    """Parse a number as written locally: 1.234,5 / 1,234.5 / 1 234,5 / 12 % / 8,5."""
    m = _LOCAL_NUMBER.search(text)
    if not m:
        return None
    raw = m.group().strip().replace(" ", "").replace("'", "").rstrip(".,")
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        raw = raw.replace(thousands, "").replace(decimal, ".")
    elif "," in raw:
        if language == "en" and _COMMA_THOUSANDS.fullmatch(raw):
            raw = raw.replace(",", "")
        else:
            raw = raw.replace(",", ".") if raw.count(",") == 1 else raw.replace(",", "")
    elif "." in raw:
        if language != "en" and _DOT_THOUSANDS.fullmatch(raw) or raw.count(".") > 1:
            raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


_INTERNAL = {
    "_headline_participle",
    "_statement_end",
    "masked",
    "words",
    "head",
    "_head_start",
    "_head_starts",
    "_label_end",
    "_milestone_span",
    "relative_change_any",
    "from_to_matches",
    "_past_values",
}


def _facts_of(*classes: type) -> frozenset[str]:
    return frozenset(name for cls in classes for name, value in vars(cls).items() if isinstance(value, cached_property) and name not in _INTERNAL)


KEY_RESULT_FACTS = _facts_of(KeyResultFacts, TextFacts)
OBJECTIVE_FACTS = _facts_of(ObjectiveFacts, TextFacts)


_MAGNITUDE = re.compile(r"\s?(?:k|m|mn|bn|b|t|mio|mia|mrd|md|mill\w*|milj\w*|milli\w*|thousand\w*|tusind\w*|tusen\w*|tausend\w*|tuhat\w*|ezer\w*)(?![^\W\d_])")


# The dot of an abbreviated amount ("2 Mio. €", "3 mio. kr.", "5 tsd."), which does not end a sentence.
_ABBREVIATION_DOT = re.compile(r"\d\s?(?:mio|mia|mrd|md|mill|milj|tsd|tkr|mkr|mnkr|kr|mn)\.(?:\s?(?:kr|dkk|sek|nok)\.)?")

_IN_MAGNITUDE = re.compile(r"\D{0,3}[\d.,\s]*\d" + _MAGNITUDE.pattern)


def _end_of(match: re.Match, name: str) -> int:
    for key, value in match.groupdict().items():
        if value is not None and key.split("__")[0] == name:
            return match.end(key)
    return -1


_NUMBER = re.compile(r"(?<![\w.,])\d[\d.,]*(?:[  ]\d{3}(?![\d.,]))*")


def _target_beside(masked: str, baseline: re.Match, candidates: list[re.Match]) -> Optional[re.Match]:
    """The number a baseline stated apart is the starting value of: the only candidate, else the
    one candidate in the baseline's unit (`40 %` for `(today 31 %)`, not the `12` markets between
    them); None when several could be meant (`25 customers with more than 50 employees (Q1:
    14)`), since a wrong pair gives a wrong progress."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None

    def counted(number: re.Match) -> str:
        m = _UNIT_AFTER_NUMBER.match(masked, number.start())
        return m.group(1).casefold() if m else ""

    unit = counted(baseline)
    alike = [n for n in candidates if unit and counted(n) == unit]
    return alike[0] if len(alike) == 1 else None


def _baseline_apart(masked: str, m: re.Match, language: str, by_unit: bool = False) -> Optional[tuple[float, float]]:
    """A baseline stated apart from its target ("70 % of teams use it (today 20 %)", "NPS 40, up
    from 31", "baseline 8 %, target 12 %"): the number inside the baseline phrase, and the target
    outside it: the nearest before it, else the nearest after it; `by_unit` (progress) takes of
    several before it only the one in the baseline's unit (`_target_beside`). None when either is
    missing (or, `by_unit`, ambiguous), or in thousands or millions ("12k (today 8k)": 8 could be
    8 or 8000). Only a phrase that ends in its number is
    read ("(heute 8 %", "up from 31"), so a target word after it ("baseline 8 %, target") is not
    taken for the baseline."""
    numbers = list(_NUMBER.finditer(masked))
    inside = next((n for n in numbers if n.start() < m.end() <= n.end()), None)
    if inside is None:
        return None
    before = [n for n in numbers if n.end() <= inside.start()]
    after = [n for n in numbers if n.start() >= inside.end()]
    if by_unit:
        target = _target_beside(masked, inside, before) if before else _target_beside(masked, inside, after[:1])
    else:
        target = before[-1] if before else next(iter(after), None)
    if target is None or any(_MAGNITUDE.match(masked, n.end()) for n in (inside, target)):
        return None
    baseline, goal = parse_number(inside.group(), language), parse_number(target.group(), language)
    return (baseline, goal) if baseline is not None and goal is not None else None


def _past_number_span(masked: str, m: re.Match) -> tuple[int, int]:
    """The span of a `past_value` match and the whole of the number it ends in ("(for et år siden 1.200")."""
    inside = next((n for n in _NUMBER.finditer(masked) if n.start() < m.end() <= n.end()), None)
    return m.start(), max(m.end(), inside.end()) if inside else m.end()


def stated_range(kr: KeyResult, lexicon: Lexicon) -> Optional[tuple[float, float]]:
    """The starting value and the target a key result's text states (`fra 78 % til 88 %`, `8 % →
    12 %`), read the way lint reads them (`from_to`), or None when the text states no both, or
    states them in thousands or millions (`from 100k to 140k`: a value could be 110 or 110000)."""
    facts = KeyResultFacts(kr, None, None, lexicon)
    for m in facts.from_to_matches:
        start, end = group(m, "from"), group(m, "to")
        if not start and not end:
            apart = _baseline_apart(facts.masked, m, lexicon.language, by_unit=True)
            if apart:
                return apart
            continue
        if not (start and end) or any(_MAGNITUDE.match(facts.masked, _end_of(m, name)) or _IN_MAGNITUDE.fullmatch(text) for name, text in (("from", start), ("to", end))):
            continue
        baseline, target = parse_number(start, lexicon.language), parse_number(end, lexicon.language)
        if baseline is not None and target is not None:
            return baseline, target
    return None
