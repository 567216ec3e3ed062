"""Facts about one key result or objective, read off its text with a language's lexicon.

Rules never look at text themselves: they combine named facts (`has_target`, `activity_head`,
`from_to`, …). Each fact is computed lazily and at most once, and returns evidence (the words
that made it true) or None, so every finding can say what triggered it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

from okrcoach.model import KeyResult, Objective, OkrSet

from .lexicon import Lexicon, group

_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\t]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2212": "-"})
_WORD = re.compile(r"[^\W\d_][\w'\-]*|\d[\d.,]*")
_DIGIT = re.compile(r"\d")
_TWO_NUMBERS = re.compile(r"\d\D+\d")
_TOKEN_BEFORE_DIGIT = re.compile(r"(?=[^\d]{0,24}\d)(?:(?<![\w])[\w#@$€£]|[#@$€£])")
_COUNT = re.compile(r"(?<![\w.,])(?<!top )(?<!top-)(\d{1,3}(?:[ .,]\d{3})+|\d+)(?![.,]\d)(?![\d.,]*\s?(?:%|‰|x\b))(?![\w%])")
_SENTENCE_END = re.compile(r"(?<!\b[a-zA-Z])(?<!\d)[.!?](?=\s+[^\s])")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b")
_HU_DATE = re.compile(r"\b((?:19|20)\d{2})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?(?!\d)")
_QUARTER_YEAR = re.compile(r"\bq([1-4])\s?[/-]?\s?((?:19|20)\d{2})\b|\b((?:19|20)\d{2})\s?[/-]?\s?q([1-4])\b")

class cached_property:  # noqa: N801 - a drop-in for functools.cached_property
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
_QUALIFIED_VERB_CLASSES = tuple((name, prefix + name) for name in VERB_CLASSES for prefix in ("", "english_"))


def normalise(text: str) -> str:
    """Lower-case text with spaces, quotes and dashes unified; same length as the input."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text).translate(_QUOTES)
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


@dataclass(frozen=True)
class Head:
    """The head verb of a text: where it stands, its words and the classes it belongs to."""

    start: int
    end: int
    words: str
    classes: frozenset[str]


class TextFacts:
    """Facts every text shares, key result or objective."""

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
        if _DIGIT.search(self.lower):
            # Only numbers need masking, so the (long) mask pattern is tried only at word starts
            # shortly before a digit: the same spans as a full scan, at a fraction of the cost.
            spans += self._spans_near_digits("mask")
            spans += self._year_spans()
        return _blank(self.lower, spans)

    def _spans_near_digits(self, name: str) -> list[tuple[int, int]]:
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
        for m in re.finditer(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,]?\d)", self.lower):
            before = self.lower[: m.start()].rstrip()
            after = self.lower[m.end():]
            previous = before.split()[-1] if before.split() else ""
            follows_word = re.match(r"\s*[^\W\d_]{2,}", after)
            is_target = bool(re.match(r"\s?(?:%|€|\$|kr|k\b)", after)) or (follows_word and not self._is_time_word(follows_word.group().strip()))
            after_number = re.search(r"(?<![^\W\d_])\d[\d,]*(?:\s?%)?(?:[-:][^\W\d_]+)?\s+(?:([^\W\d_]+)\s+)?$", before[-24:] + " ")
            if after_number and not (after_number.group(1) and self._is_time_word(after_number.group(1))):
                continue  # "1500-ról 2000-re", "from 1500 to 2000": the second number is a target
            planning_year = 2020 <= int(m.group()) <= 2039 and not re.match(r"\s?(?:%|€|\$|kr|k\b)", after)
            if not before or planning_year or self._is_time_word(previous) or not is_target:
                spans.append(m.span())
        return spans

    def _is_time_word(self, word: str) -> bool:
        return bool(self.lexicon.match_at("time_prepositions", word, 0)) or bool(self.lexicon.match_at("month_names", word, 0))

    @cached_property
    def words(self) -> list[re.Match]:
        return list(_WORD.finditer(self.masked))

    @cached_property
    def head(self) -> Optional[Head]:
        """The first verb of a known class within the language's head window."""
        lex = self.lexicon
        words = self.words
        index = 0
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
        for word in words[index : index + max(lex.head_window, 1)]:
            head = self._verb_at(word.start())
            if head:
                return head
        return None

    def _verb_at(self, pos: int) -> Optional[Head]:
        lex = self.lexicon
        gate = lex.verb_gate()
        if gate is not None and not gate.match(self.masked, pos):
            return None  # not a verb of any class
        best_end, classes = pos, set()
        char = self.masked[pos : pos + 1]
        for name, qualified in _QUALIFIED_VERB_CLASSES:
            firsts = lex.first_chars.get(qualified)
            if firsts is not None and char not in firsts:
                continue
            pattern = lex.pattern(qualified)
            if pattern is None:
                continue
            m = pattern.match(self.masked, pos)
            if m and m.end() > pos:
                if m.end() > best_end:
                    best_end, classes = m.end(), {name}
                elif m.end() == best_end:
                    classes.add(name)
        if not classes:
            return None
        if "activity_verbs" in classes and "maintain_verbs" in classes:
            # "hold a workshop" is an activity; "hold uptime at 99.9 %" keeps a level.
            window = self.masked[max(0, pos - 40) : pos] + " " + self.masked[best_end : best_end + 60]
            classes.discard("maintain_verbs" if lex.search("event_nouns", window) else "activity_verbs")
        return Head(pos, best_end, self.text[pos:best_end], frozenset(classes))

    def head_is(self, name: str) -> Optional[str]:
        head = self.head
        return head.words if head and name in head.classes else None

    def search(self, name: str, text: Optional[str] = None) -> Optional[str]:
        m = self.lexicon.search(name, self.lower if text is None else text)
        return self._evidence(m) if m else None

    def _evidence(self, m: re.Match) -> str:
        return self.text[m.start() : m.end()].strip() or m.group().strip()

    def any_verb(self) -> Optional[str]:
        for name in VERB_CLASSES:
            for prefix in ("", "english_"):
                m = self.lexicon.search(prefix + name, self.masked)
                if m:
                    return self._evidence(m)
        return None

    def outcome_verb_after(self, pos: int) -> Optional[str]:
        for name in ("outcome_verbs", "english_outcome_verbs", "acquisition_verbs"):
            m = self.lexicon.search(name, self.masked, pos) if self.lexicon.has(name) else None
            if m:
                return self._evidence(m)
        return None

    # -- facts shared by key results and objectives -------------------------------------------

    @cached_property
    def target_number(self) -> Optional[str]:
        """A number left after masking: digits, a number word or a multiplier."""
        m = _DIGIT.search(self.masked)
        if m:
            start = self.masked.rfind(" ", 0, m.start()) + 1
            token = re.match(r"[^\s]*\d(?:[^\s]|\s(?=\d{3}\b))*(?:\s?%)?", self.masked[start:])
            return token.group().strip(" ,.;:()") if token else m.group()
        word = self.lexicon.search("number_words", self.masked)
        if word and not any(start <= word.start() < end for start, end in self._ordinal_spans()):
            return self._evidence(word)
        return self.relative_change_any

    def _ordinal_spans(self) -> list[tuple[int, int]]:
        """Ordinal words ("first", "zweite") are not targets; looked up only when a number word is."""
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
        return self.search("time_frame")

    # -- prose that is not an OKR at all ---------------------------------------------------------

    @cached_property
    def question(self) -> Optional[str]:
        """A text that asks rather than states ("How can we grow?"); "???" is a placeholder, not this."""
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
        if text and not re.search(r"[^\W\d_]{2,}", text):
            return text
        return None

    @cached_property
    def not_a_result(self) -> Optional[str]:
        """Text that is no OKR: a question, chatter, advice to the reader, a feeling, or no words."""
        if self.chatter or self.question or self.reader_instruction or self.feeling_statement or self.wordless:
            return self.text.strip()
        return None

    @cached_property
    def other_language(self) -> Optional[str]:
        """The name of the language the text is written in when it is not its set's language.

        The engine hands a text the lexicon of its own language when it is clearly written in
        another one, so this is true exactly when the text was judged with other words than its set.
        """
        return self.lexicon.name or self.lexicon.language if self.lexicon.language != self.set_language else None


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
    ) -> None:
        super().__init__(kr.text, lexicon, set_language)
        self.kr = kr
        self.objective = objective
        self.okr_set = okr_set
        self.objective_lexicon = objective_lexicon or lexicon

    # measurable -----------------------------------------------------------------------------

    @cached_property
    def placeholder(self) -> Optional[str]:
        return self.search("placeholder")

    @cached_property
    def structured_target(self) -> Optional[str]:
        if self.kr.target is not None:
            return f"target: {self.kr.target}"
        return None

    @cached_property
    def has_target(self) -> Optional[str]:
        return self.structured_target or self.target_number or self.quantifier

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
        return self.search("increase_verbs", self.masked) or self.search("decrease_verbs", self.masked) or self.search("outcome_verbs", self.masked) or self.search("english_outcome_verbs", self.masked) or self.search("comparatives", self.masked)

    @cached_property
    def target_only_in_field(self) -> Optional[str]:
        """A structured target whose text states neither it nor the metric it measures."""
        if self.kr.target is None or not self.text.strip():
            return None
        if self.target_number or self.quantifier or self.placeholder or self.names_metric:
            return None
        return f"target: {self.kr.target}"

    @cached_property
    def milestone(self) -> Optional[str]:
        return self.milestone_head or self.search("milestone_states")

    # outcome --------------------------------------------------------------------------------

    @cached_property
    def impact_clause(self) -> Optional[str]:
        """A purpose clause after the head that names a change or a measured result."""
        head = self.head
        start = head.end if head else 0
        for m in self.lexicon.finditer("purpose_markers", self.masked):
            if m.start() < start:
                continue
            rest = self.masked[m.end():]
            verb = self.outcome_verb_after(m.end())
            if verb or self.lexicon.search("amount", rest):
                return self.text[m.start():].strip()
        return None

    @cached_property
    def acquisition_head(self) -> Optional[str]:
        return self.head_is("acquisition_verbs")

    @cached_property
    def count_output(self) -> Optional[str]:
        """An activity or milestone verb followed by a plain count: a counted deliverable."""
        head = self.head
        if not head or not (head.classes & {"activity_verbs", "milestone_verbs"}) or "acquisition_verbs" in head.classes:
            return None
        if self.lexicon.search("amount", self.masked):
            # Percentages and amounts measure results, not outputs.
            return None
        after = self.masked[head.end:]
        m = _COUNT.search(after) or self.lexicon.search("number_words", after)
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
    def new_count(self) -> Optional[str]:
        return self.acquisition_head or self.count_output or self.search("new_words", self.masked)

    # kpi ------------------------------------------------------------------------------------

    @cached_property
    def maintain(self) -> Optional[str]:
        if self.outcome_head or self.from_to:
            return None
        return self.maintain_head or self.maintain_phrase

    @cached_property
    def recurring_level(self) -> Optional[str]:
        return self.search("recurring_level")

    @cached_property
    def bare_metric(self) -> Optional[str]:
        if self.has_target or self.placeholder or self.kr.metric and self.kr.target is not None:
            return None
        if len(self.words) > 6 or self.any_verb():
            return None
        return self.text.strip() if self.search("metric_nouns") else None

    @cached_property
    def guardrail(self) -> Optional[str]:
        if self.kr.guardrail:
            return "guardrail: true"
        return self.search("guardrail_marker")

    @cached_property
    def committed(self) -> Optional[str]:
        return "kind: committed" if self.objective is not None and self.objective.kind == "committed" else None

    # time-bound -----------------------------------------------------------------------------

    @cached_property
    def time_frame(self) -> Optional[str]:
        if self.kr.deadline is not None:
            return f"deadline: {self.kr.deadline.isoformat()}"
        return self.own_time_frame

    @cached_property
    def inherited_time_frame(self) -> Optional[str]:
        if self.okr_set is not None and self.okr_set.period is not None:
            return f"period: {self.okr_set.period.label}"
        if self.objective is not None:
            m = self.objective_lexicon.search("time_frame", normalise(self.objective.title))
            return self.objective.title[m.start() : m.end()] if m else None
        return None

    @cached_property
    def deadline_outside_period(self) -> Optional[str]:
        period = self.okr_set.period if self.okr_set is not None else None
        if period is None or (self.kr.deadline is None and not _DIGIT.search(self.lower)):
            return None
        days: list[tuple[str, date, date]] = []
        if self.kr.deadline is not None:
            days.append((f"deadline {self.kr.deadline.isoformat()}", self.kr.deadline, self.kr.deadline))
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

    # baseline -------------------------------------------------------------------------------

    @cached_property
    def from_to_matches(self) -> list[re.Match]:
        return list(self.lexicon.finditer("from_to", self.masked)) if _DIGIT.search(self.masked) else []

    @cached_property
    def from_to(self) -> Optional[str]:
        return self._evidence(self.from_to_matches[0]) if self.from_to_matches else None

    @cached_property
    def relative_change(self) -> Optional[str]:
        return self.relative_change_any

    @cached_property
    def baseline_field(self) -> Optional[str]:
        return f"baseline: {self.kr.baseline}" if self.kr.baseline is not None else None

    @cached_property
    def absolute_target(self) -> Optional[str]:
        if self.from_to or self.relative_change:
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
            if re.search(r"\d[\d.,\s]*\s?(?:k|m|mio\.?|mill\.?|million\w*|millioner|miljon\w*|miljoon\w*|millió|thousand|tusind|tusen|tausend|ezer|tuhat\w*)?\s*$", before) or re.match(r"\s+\S+\s+\d", after):
                return self._evidence(m)
        return None

    @cached_property
    def direction_contradiction(self) -> Optional[str]:
        kr = self.kr
        if kr.baseline is not None and kr.target is not None and kr.direction in ("increase", "decrease"):
            if (kr.direction == "increase" and kr.target < kr.baseline) or (kr.direction == "decrease" and kr.target > kr.baseline):
                return f"direction {kr.direction}, baseline {kr.baseline}, target {kr.target}"
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
        return self.activity_head or self.milestone_head


def _unit_after_number(text: str) -> str:
    """The word or symbol right after a number ("6 hours" → "hours", "8 %" → "%")."""
    m = re.search(r"\d[\d.,]*\s?([^\W\d_]+|%)", text)
    return m.group(1) if m else ""


def parse_number(text: str, language: str = "en") -> Optional[float]:
    """Parse a number as written locally: 1.234,5 / 1,234.5 / 1 234,5 / 12 % / 8,5."""
    m = re.search(r"\d[\d .,']*", text)
    if not m:
        return None
    raw = m.group().strip().replace(" ", "").replace("'", "").rstrip(".,")
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        raw = raw.replace(thousands, "").replace(decimal, ".")
    elif "," in raw:
        if language == "en" and re.fullmatch(r"\d{1,3}(,\d{3})+", raw):
            raw = raw.replace(",", "")
        else:
            raw = raw.replace(",", ".") if raw.count(",") == 1 else raw.replace(",", "")
    elif "." in raw:
        if language != "en" and re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
            raw = raw.replace(".", "")
        elif raw.count(".") > 1:
            raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


FactGetter = Callable[[TextFacts], Optional[str]]
_INTERNAL = {"masked", "words", "head", "relative_change_any", "from_to_matches"}
def _facts_of(*classes: type) -> frozenset[str]:
    return frozenset(name for cls in classes for name, value in vars(cls).items() if isinstance(value, cached_property) and name not in _INTERNAL)


KEY_RESULT_FACTS = _facts_of(KeyResultFacts, TextFacts)
OBJECTIVE_FACTS = _facts_of(ObjectiveFacts, TextFacts)
