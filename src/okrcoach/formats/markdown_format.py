"""Markdown OKRs as people write them and as their tools export them: a reader that accounts for
every line, and a writer.

The reader takes what Notion, Confluence, Google Docs, Obsidian and GitHub write, in any of the six
languages (labels and field names come from the `reader:` block of each `rubrics/lexicons/<lang>.yaml`):

* YAML front matter (`---` … `---`) gives set fields (title, team, owner, period, language, also
  under their local names: `periode:`, `jakso:`); other keys (tags, aliases) are the note tool's own;
* the first H1 without an objective label is the set title; a period in it (`Q1 2027`, `2027-Q1`,
  `H1 2027`, `FY2027`, `Q2/2027`) or in another heading before the first objective is the period;
  `Key: value` lines before the first objective are set properties (Notion's page properties,
  Obsidian's `Owner:: Anna`), two-column key/value tables too (Confluence's page properties);
* objectives: headings, list items, bold lines, hand-numbered paragraphs (`1\\. …` from Google Docs)
  or table rows labelled `Objective 1:`, `O1 —`, `Mål:`, `Ziel 2:`, `Tavoite:`, `1. célkitűzés:`,
  optionally after an emoji (`## 🚀 Objective 2: …`) and numbering (`## 1. Objective: …`); a numbered
  heading (`## 3. Cut fraud losses`) at the level of the labelled ones is one too. Where no
  objective is labelled, every heading that directly holds list items is an objective, and so is a
  bold line, numbered item or bullet with children. Where some are labelled, an unlabelled heading,
  bold line or bullet is an objective only when a key result under it is labelled (`KR1:`);
* key results: list items (`-`, `*`, `+`, `1.`, `- [ ]`, `- [x]`, and the `•`, `◦`, `▪`, `–`, `·`
  bullets of a Word or Slack paste) or labelled paragraphs and
  headings (`KR1:`, `KR 1.2`, `**KR 1.1**`, `Key result 2:`, `Nøgleresultat:`, `1.1 kulcseredmény:`)
  under an objective, and rows of a table with a key-result column (`| Objective | Key result |
  Owner | Confidence |`), which may also have an objective column (an empty cell continues the
  objective above);
* fields: a sub-bullet `key: value` or `key:: value` under a key result (baseline, target, unit,
  deadline, owner, metric, direction, current, confidence, id, guardrail, weight, checkin, or their
  local names: `Udgangspunkt`, `Zielwert`, `Määräaika`, `Határidő`, …), a table column, or an
  Obsidian Tasks due date (`📅 2027-03-31`); other sub-bullets are notes. A key result's text ends
  at a `<br>` (a Notion or Confluence second line) unless a lower-case word goes on: after it comes
  a note or a `key: value` field. `Owner:`, `Kind:`, `Aligns to:`, `Id:`, `Description:` lines
  under an objective set those fields, any other paragraph before its key results is its
  description;
* an italic line labelled as an objective or key result (`*Mål 1: …*`, Slack's bold pasted as
  Markdown) is one; any other wholly italic line is a note;
* `~~struck~~` text is deleted text: a struck key result or objective is left out and reported;
  struck words inside a text are dropped;
* prose is read as prose: paragraphs, block quotes and callouts (`> [!NOTE]`, Notion's `<aside>`),
  `<details>`, italic notes, images, link definitions, code blocks, Obsidian `%%` comments, tables
  without OKR columns, and the bullets of sections that are not objectives (`## Risks`);
* `<!-- okrcoach: waive OKR220 reason -->` waives a rule for the element on the same line or,
  alone on its line, for the next objective or key result.

A line that looks like OKR content but cannot be placed (a labelled key result with no objective
above it, a struck one, a table row with nowhere to go) is reported (OKR006) with its line, so a
file that was only partly read is never reported clean.

Every objective and key result gets a `Span` (`okrcoach.model.Span`): the lines it occupies, the
shape it was written in, and where its text and each field sit, so an editor can change it in place.

A backslash escapes Markdown punctuation (`\\*`, `\\#`, `\\:`) as in CommonMark; the writer uses
that to keep any text intact through a round trip.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from okrcoach import excerpt
from okrcoach.model import KeyResult, Objective, OkrSet, Span, Spot, names_a_period_part, parse_period
from okrcoach.values import NUMERIC_DATE, format_number

from . import yaml_format
from .build import OBJECTIVE_ALIASES, SET_ALIASES, canonical_key, period_in_text
from .located import LocatedList, LocatedMap, ReadIssue
from .sniff import BULLETS
from .vocabulary import CHECKIN_KEYS as _CHECKIN_KEYS
from .vocabulary import KR_FIELDS as _KR_FIELDS
from .vocabulary import OBJECTIVE_META as _OBJECTIVE_META
from .vocabulary import SET_META as _SET_META
from .vocabulary import UNIT_FIELDS, cell_with_unit, checkin_column, header_column, known_columns, local_field, number_column, vocabulary
from .vocabulary import field_name as _field_name
from .vocabulary import local_field_key as _local_field_key
from .vocabulary import local_objective_label as _local_objective_label

UNREAD = "OKR006"

# -- vocabulary ------------------------------------------------------------------------------------

_KR_NUMBERS = {"baseline", "target", "current", "confidence", "weight"}


# -- text with its source columns ------------------------------------------------------------------

_PUA = 0xF0000  # escaped ASCII punctuation is parked in a private-use plane while parsing
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _protect(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(_PUA + ord(m.group(1))), text)


_PARKED = re.compile("[\U000f0021-\U000f007e]")


def _unpark(m: re.Match) -> str:
    return chr(ord(m.group()) - _PUA)


def _restore(text: str) -> str:
    if text.isascii():  # nothing parked (a parked escape is a private-use character); O(1) in CPython
        return text
    return _PARKED.sub(_unpark, text)


class _Src:
    """A piece of one line with, for each character, the raw columns it came from.

    Escapes are parked (`\\*` becomes one private-use character covering both raw columns),
    comments and markup are removed, and a value's `Spot` is read back from the columns.
    """

    __slots__ = ("text", "_starts", "_ends", "_base")

    def __init__(self, text: str, starts: Optional[list[int]], ends: Optional[list[int]], base: int = 0) -> None:
        # Without `starts` and `ends`, character i came from column base + i alone (no escape parked,
        # nothing dropped): the column lists are made only when a piece is dropped.
        self.text, self._starts, self._ends, self._base = text, starts, ends, base

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            return list(range(self._base, self._base + len(self.text)))
        return self._starts

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            return list(range(self._base + 1, self._base + len(self.text) + 1))
        return self._ends

    @classmethod
    def of(cls, raw: str) -> "_Src":
        if "\\" not in raw:
            return cls(raw, None, None)
        chars, starts, ends = [], [], []
        pos = 0
        for m in _ESCAPE.finditer(raw):
            chars.append(raw[pos : m.start()])
            starts.extend(range(pos, m.start()))
            ends.extend(range(pos + 1, m.start() + 1))
            chars.append(chr(_PUA + ord(m.group(1))))
            starts.append(m.start())
            ends.append(m.end())
            pos = m.end()
        chars.append(raw[pos:])
        starts.extend(range(pos, len(raw)))
        ends.extend(range(pos + 1, len(raw) + 1))
        return cls("".join(chars), starts, ends)

    def slice(self, a: int, b: Optional[int] = None) -> "_Src":
        b = len(self.text) if b is None else b
        if self._starts is None:
            first = a if 0 <= a <= len(self.text) else slice(a, b).indices(len(self.text))[0]
            return _Src(self.text[a:b], None, None, self._base + first)
        return _Src(self.text[a:b], self._starts[a:b], self._ends[a:b])  # type: ignore[index]

    def strip(self) -> "_Src":
        text = self.text
        a = len(text) - len(text.lstrip())
        b = len(text.rstrip())
        return self.slice(a, max(a, b))

    def drop(self, ranges: list[tuple[int, int]]) -> "_Src":
        if not ranges:
            return self
        text, starts, ends = [], [], []
        pos = 0
        for a, b in sorted(ranges):
            if a > pos:
                text.append(self.text[pos:a])
                starts.extend(self.starts[pos:a])
                ends.extend(self.ends[pos:a])
            pos = max(pos, b)
        text.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return _Src("".join(text), starts, ends)

    def unwrap(self, pattern: re.Pattern) -> "_Src":
        """Remove the delimiters of each match, keeping its group 1 (`**bold**` → `bold`)."""
        ranges = []
        for m in pattern.finditer(self.text):
            ranges += [(m.start(), m.start(1)), (m.end(1), m.end())]
        return self.drop(ranges)

    def spot(self, line: int) -> Optional[Spot]:
        if not self.text:
            return None
        if self._starts is None:
            return Spot(line, self._base, self._base + len(self.text))
        return Spot(line, self._starts[0], self._ends[-1])  # type: ignore[index]

    @property
    def value(self) -> str:
        return _restore(self.text).strip()


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_BOLD_LINE = re.compile(r"^(\*\*\*?|__)(?=\S)(.+?)(?<=\S)\1$")
_ITALIC_LINE = re.compile(r"^([*_])(?=\S)(.+?)(?<=\S)\1$")
_HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_STRUCK = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_INLINE_CODE = re.compile(r"`[^`]*`")
_MARK_TAG = re.compile(r"</?(?:mark|font|span|u|ins|b|strong|em|i)\b[^>]*>", re.I)


def _unbold(src: _Src) -> _Src:
    """Bold and highlight markers removed (`**KR1:** text` → `KR1: text`); code spans kept."""
    if "**" not in src.text and "__" not in src.text and "==" not in src.text:
        return src
    out = src
    for pattern in (_BOLD, _HIGHLIGHT):
        ranges = []
        protected = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(out.text)]
        for m in pattern.finditer(out.text):
            if any(a <= m.start() < b for a, b in protected):
                continue
            inner = 1 if m.group(1) is not None else 2
            ranges += [(m.start(), m.start(inner)), (m.end(inner), m.end())]
        out = out.drop(ranges)
    return out


def _unwrap_line(src: _Src) -> tuple[_Src, bool]:
    """A wholly bold (or bold-italic) line without its markers, and whether it was bold."""
    m = _BOLD_LINE.match(src.text)
    if m and "**" not in m.group(2).replace("***", "") and "__" not in m.group(2):
        inner = src.slice(m.start(2), m.end(2))
        if inner.text.startswith("*") and inner.text.endswith("*") and len(inner.text) > 2:
            inner = inner.slice(1, len(inner.text) - 1)
        return inner.strip(), True
    return src, False


def _italic_line(text: str) -> bool:
    """A wholly italic line (`*Note: …*`, `_Hinweis: …_`): a note, unless it is labelled as an
    objective or key result (`*Mål 1: …*`, Slack's bold pasted as Markdown), see `_unitalic`."""
    m = _ITALIC_LINE.match(text)
    return bool(m) and len(text) > 2 and text[1] not in "*_" and text[-2] not in "*_"


def _unitalic(src: _Src) -> Optional[_Src]:
    """The inside of a wholly italic line that is a labelled objective or key result, else None."""
    text = src.strip()
    if not _italic_line(text.text):
        return None
    inner = text.slice(1, len(text.text) - 1).strip()
    plain = _restore(inner.text)
    voc = vocabulary()
    return inner if voc.objective.match(plain) or voc.key_result.match(plain) else None


_REMARK = re.compile(r"\([^()]*\)|(?<!\w)_[^_]+_(?!\w)|(?<![*\w])\*[^*]+\*(?![*\w])")


def _plain(src: _Src) -> tuple[_Src, bool]:
    """The text of a line or cell without bold/highlight markup, and whether it was wholly bold."""
    text, bold = _unwrap_line(src)
    return _unbold(text), bold


def _struck(src: _Src) -> tuple[bool, _Src]:
    """(wholly struck, the text without struck parts). A text is wholly struck when only a label,
    emoji or a remark in brackets or italics is left outside `~~…~~`."""
    matches = list(_STRUCK.finditer(src.text))
    if not matches:
        return False, src
    rest = _STRUCK.sub(" ", src.text)
    rest = _REMARK.sub(" ", rest)
    voc = vocabulary()
    m = voc.key_result.match(rest.strip()) or voc.objective.match(rest.strip())
    if m:
        rest = m.group("rest")
    if not re.search(r"\w", _restore(rest)):
        return True, src
    ranges = []
    for m in matches:  # struck words go with one space beside them
        end = m.end() + 1 if m.end() < len(src.text) and src.text[m.end()] == " " and (m.start() == 0 or src.text[m.start() - 1] == " ") else m.end()
        ranges.append((m.start(), end))
    return False, src.drop(ranges)


def _clean_markup(src: _Src) -> _Src:
    """HTML inline tags (`<mark>`, `<br>` → space) removed from a cell or line."""
    if "<" not in src.text:
        return src
    ranges = [(m.start(), m.end()) for m in _MARK_TAG.finditer(src.text)]
    return src.drop(ranges)


# -- lines -----------------------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_ITEM = re.compile(rf"^([ \t]*)([{re.escape(BULLETS)}]|\d{{1,9}}[.)])(?:[ \t]+(.*?))?[ \t]*$")
_TASK = re.compile(r"^\[([ xX])\](?:[ \t]+|$)")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_WAIVE = re.compile(r"^\s*okrcoach\s*[:\-]?\s*waive\b(.*)$", re.I | re.S)
_HTML_LINE = re.compile(r"^\s*</?([A-Za-z][\w-]*)\b[^>]*>.*$")
_CONTAINERS = {"aside", "details"}
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.I | re.S)
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
_IMAGE_LINE = re.compile(r"^\s*(?:!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])\s*)+$")
_TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_KEY_VALUE = re.compile(r"^([^\W\d_][^\W_]*(?:[ _\-][^\W_]+){0,3})\s*::?\s*(.*)$")
_NUMBERED_PARA = re.compile("^(\\d{1,3})(\U000f002e|\\\\\\.)\\s+(.*)$")  # `1\. text` (escaped dot)
_NUMBERED_HEADING = re.compile("^(\\d{1,2})(?:[.)]|\U000f002e)\\s+(?=\\S)")
_LINK_ONLY = re.compile(r"^\s*\[[^\]]*\]\([^)]*\)\s*$")  # a table-of-contents or reading-list entry
_DUE = re.compile(r"\s*📅\s*(\d{4}-\d{2}-\d{2})\s*$")
_WIKI = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")


def _wiki_text(m: re.Match) -> str:
    """`[[Maya]]` → `Maya`, `[[people/maya|Maya]]` → `Maya` (Obsidian links in field values)."""
    return m.group(2) or m.group(1)


def _indent(line: str) -> int:
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def _parse_waiver(body: str) -> tuple[str, str]:
    """`OKR220 reason`, `OKR220: reason`, `vague-language — reason` → (code, reason)."""
    body = _restore(body).strip()
    m = re.match(r"([^\s:—–]*)(.*)$", body, re.S)
    code, rest = (m.group(1), m.group(2)) if m else ("", body)
    rest = re.sub(r"^\s*(?:[:—–]|--?(?=\s|$))?\s*", "", rest, count=1)
    return code, rest.strip()


def _is_period(text: str) -> bool:
    if not text or len(text) > 40:
        return False
    try:
        parse_period(text)
    except ValueError:
        return False
    return True


def _strip_comments(src: _Src) -> tuple[_Src, list[tuple[str, str]], Optional[str]]:
    """Remove HTML comments; return the rest, okrcoach waivers, and an unclosed comment's body."""
    waivers: list[tuple[str, str]] = []
    if "<!--" not in src.text:
        return src, waivers, None
    ranges = []
    text, pos = src.text, 0
    # `<!--(.*?)-->` by hand: with no `-->` left, the regex tried every `<!--` to the end of the
    # text (120 KB of them took 39 s); here each comment is found once and the scan stops there.
    while True:
        start = text.find("<!--", pos)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            break
        w = _WAIVE.match(text[start + 4 : end])
        if w:
            waivers.append(_parse_waiver(w.group(1)))
        ranges.append((start, end + 3))
        pos = end + 3
    out = src.drop(ranges)
    unclosed = None
    start = out.text.find("<!--")
    if start >= 0:
        unclosed = out.text[start + 4 :]
        out = out.slice(0, start)
    return out, waivers, unclosed


def _heading(text: str) -> Optional[tuple[int, int, int]]:
    """(level, content start, content end) of an ATX heading line."""
    m = _ATX.match(text)
    if not m:
        return None
    if m.group(2) is None:
        return len(m.group(1)), len(text), len(text)
    start, end = m.start(2), m.end(2)
    close = _ATX_CLOSE.search(m.group(2))
    if close:
        end = start + close.start()
    return len(m.group(1)), start, end


def _cells(src: _Src) -> list[_Src]:
    """The cells of a table row (pipes inside code spans and escaped pipes do not split)."""
    text = src.text
    code = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(text)]
    bounds = [k for k, ch in enumerate(text) if ch == "|" and not any(a <= k < b for a, b in code)]
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    if bounds and bounds[0] == lead:
        bounds = bounds[1:]
        start = lead + 1
    else:
        start = 0
    cells = []
    for b in bounds:
        cells.append(src.slice(start, b))
        start = b + 1
    tail = src.slice(start)
    if tail.text.strip() or not stripped.endswith("|"):
        cells.append(tail)
    return [c.strip() for c in cells]


def _br(src: _Src) -> str:
    """The value with each line break (`<br>`) read as a space; an escaped `\\<br>` is text."""
    return _restore(re.sub(r"\s*<br\s*/?>\s*", " ", src.text, flags=re.I)).strip()


_BREAK = re.compile(r"<br\s*/?>", re.I)


def _at_break(src: _Src) -> tuple[_Src, list[_Src]]:
    """A key result's text ends at a line break (`<br>`, as Notion and Confluence write a cell's or
    item's second line): the text before it, and the pieces after it (its details: a note such as
    `_tracked in Zendesk_` or `(blue, green)`, or a field such as `owner: Maya`). A break followed
    by a lower-case word or a number only wraps the sentence (`Grow weekly active teams<br>from
    120 to 200`), which goes on."""
    breaks = list(_BREAK.finditer(src.text))
    ends = [b.start() for b in breaks[1:]] + [len(src.text)]
    for i, brk in enumerate(breaks):
        piece = _restore(src.text[brk.end() : ends[i]]).strip()
        kv = _KEY_VALUE.match(piece)
        field_like = bool(kv) and _field_name(kv.group(1)) in _KR_FIELDS | _CHECKIN_KEYS
        if piece[:1].isalnum() and not piece[:1].isupper() and not field_like:
            continue
        pieces = [src.slice(breaks[j].end(), ends[j]).strip() for j in range(i, len(breaks))]
        return src.slice(0, brk.start()).strip(), [p for p in pieces if p.text]
    return src, []


# -- elements being read ---------------------------------------------------------------------------


@dataclass
class _Kr:
    map: LocatedMap
    indent: int
    shape: str
    first: int
    last: int
    text: Optional[Spot]
    marker: str = ""
    level: Optional[int] = None
    checked: Optional[bool] = None
    bold: bool = False
    sub_indent: Optional[int] = None
    extra: list[str] = field(default_factory=list)  # lazy continuation lines of the text
    fields: dict[str, Spot] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)
    layout: dict[str, int] = field(default_factory=dict)  # a table row's check-in columns (`Span.layout`)
    labelled: bool = False  # written with a label (`KR1:`), so it is a key result wherever it stands


@dataclass
class _Obj:
    map: LocatedMap
    line: int
    mode: str  # explicit | pending | title
    shape: str = "heading"
    prefixed: bool = False
    heading: bool = False
    level: Optional[int] = None  # heading level
    indent: Optional[int] = None  # set for list-item objectives
    marker: str = ""
    bold: bool = False
    checked: Optional[bool] = None
    bare: bool = False
    first: int = 0
    last: int = 0
    text: Optional[Spot] = None
    fields: dict[str, Spot] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)
    krs: LocatedList = field(default_factory=LocatedList)
    kr_spans: list[_Kr] = field(default_factory=list)
    kr_base: Optional[int] = None
    last_kr: Optional[_Kr] = None
    has_meta: bool = False
    desc: list[str] = field(default_factory=list)
    desc_line: Optional[int] = None
    child_indent: Optional[int] = None

    def reach(self, no: int) -> None:
        if no > self.last:
            self.last = no


@dataclass
class _Line:
    no: int
    raw: str
    src: _Src  # escapes parked, comments removed, not stripped
    waivers: list[tuple[str, str]]


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.voc = vocabulary()
        self.issues: list[ReadIssue] = []
        self.data = LocatedMap(line=1)
        self.front: set[str] = set()  # canonical set fields given in front matter
        self.objectives: list[_Obj] = []
        self.section: Optional[_Obj] = None  # heading/line objective whose content we are in
        self.context = "outside"  # outside | title | objective | closed | struck
        self.closed_by: Optional[str] = None  # heading text that closed the context
        self.items: list[_Obj] = []  # list-item objectives, outermost first (`1. **CEO: …**` › `1. **Sales: …**`)
        self.title_obj: Optional[_Obj] = None
        self.pending: list[tuple[str, str, int]] = []
        self.continued: list[_Kr] = []
        self.seen_heading = False
        self.period_from_heading = False  # the period was taken from a title or heading, not written as a field
        self.unread_period: Optional[tuple[int, str]] = None  # a title or heading that seems to name a period no reader reads
        self.body_start = 0
        self.kr_cont = False
        self.prev_blank = True
        self.prev_para = False
        self.prefix_mode = False
        self.plain_lines = False  # no headings, lists or tables: a line under an objective is a key result
        self.plain_ended: Optional[_Obj] = None  # in plain lines, the objective a blank line closed
        self.objective_level: Optional[int] = None

    # -- entry ---------------------------------------------------------------------------

    def read(self) -> tuple[Any, list[ReadIssue]]:
        start = self._front_matter()
        if start is None:
            return None, self.issues
        self._prescan(start)
        self._body(start)
        return self._finish()

    def _front_matter(self) -> Optional[int]:
        if not self.lines or self.lines[0].rstrip() != "---":
            return 0
        end = next((i for i in range(1, len(self.lines)) if self.lines[i].rstrip() in ("---", "...")), None)
        if end is None:
            self.issues.append(ReadIssue.of("OKR002", 1, "md-front-matter-unclosed"))
            return None
        data, issues = yaml_format.load_located("\n" + "\n".join(self.lines[1:end]))
        if issues:
            self.issues.extend(issues)
            return None
        if data is None:
            return end + 1
        if not isinstance(data, dict):
            self.issues.append(ReadIssue.of("OKR002", 2, "md-front-matter-not-fields"))
            return None
        known = [f for f in OkrSet.model_fields if f != "source"]
        for key, value in data.items():
            name = canonical_key(key)
            name = SET_ALIASES.get(name, name)
            if name not in known:
                name = local_field(key, "set", value) or name
                if name not in known and canonical_key(key) in self.voc.ignored:
                    continue  # the note tool's own keys (tags, aliases, created)
            # Any other key is the builder's to report (OKR003, with its line), as in YAML.
            self.data.set(name if name in known else key, value, data.line_of(key), data.raw.get(key))
            self.front.add(name)
        return end + 1

    def _prescan(self, start: int) -> None:
        """Whether any objective is labelled (`Objective 1:`), the heading level of those, and
        whether the text is plain lines (an e-mail or a plain-text paste: labelled objectives, no
        headings, list items, tables or labelled key results), where each line under an objective
        is one of its key results."""
        fence = None
        levels = []
        structured = False
        for j in range(start, len(self.lines)):
            raw = self.lines[j]
            m = _FENCE.match(raw)
            if m and not fence:
                fence = m.group(1)[0]
                continue
            if fence:
                if m and m.group(1)[0] == fence:
                    fence = None
                continue
            src = _strip_comments(_Src.of(raw))[0]
            head = _heading(src.text)
            if head:
                text = _plain(src.slice(head[1], head[2]).strip())[0]
                plain = _restore(text.text)
                if self.voc.objective.match(plain) or self.voc.objective_bare.match(plain):
                    self.prefix_mode = True
                    levels.append(head[0])
                structured = True
                continue
            stripped = src.text.strip()
            item = _ITEM.match(src.text)
            if item and not _HR.match(src.text):
                structured = structured or (not item.group(1) and bool((item.group(3) or "").strip()))
                stripped = _TASK.sub("", (item.group(3) or "").strip())
            else:
                para = _NUMBERED_PARA.match(stripped)
                if para:
                    stripped = para.group(3)
            whole = _Src(stripped, None, None)
            text = _plain(_unitalic(whole) or whole)[0].text
            if self.voc.objective.match(_restore(text)):
                self.prefix_mode = True
            elif stripped.startswith("|") or self.voc.key_result.match(_restore(text)) or self.voc.key_result_bare.match(_restore(text)):
                structured = True
        if levels:
            self.objective_level = min(levels)
        self.plain_lines = self.prefix_mode and not structured

    # -- body ----------------------------------------------------------------------------

    def _body(self, start: int) -> None:
        self.body_start = start
        fence: Optional[str] = None
        comment: Optional[tuple[int, list[str]]] = None
        obsidian_comment = False
        containers: list[str] = []
        i = start
        while i < len(self.lines):
            raw, no = self.lines[i], i + 1
            i += 1
            if fence:
                m = _FENCE.match(raw)
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not raw.strip().strip(fence[0]):
                    fence = None
                continue
            if comment is not None:
                end = raw.find("-->")
                comment[1].append(raw if end < 0 else raw[:end])
                if end >= 0:
                    w = _WAIVE.match(_protect(" ".join(comment[1])))
                    if w:
                        code, reason = _parse_waiver(w.group(1))
                        self.pending.append((code, reason, comment[0]))
                    comment = None
                continue
            if obsidian_comment:
                if raw.strip().endswith("%%"):
                    obsidian_comment = False
                continue
            if not raw.strip():
                self._blank()
                continue
            m = _FENCE.match(raw)
            if m:
                fence = m.group(1)
                self._blank()
                continue
            if raw.strip().startswith("%%"):
                obsidian_comment = not (raw.strip().endswith("%%") and len(raw.strip()) >= 4)
                continue
            src, waivers, unclosed = _strip_comments(_Src.of(raw))
            if unclosed is not None:
                comment = (no, [unclosed])
            line = _Line(no, raw, src, waivers)
            if not src.text.strip():
                self._comment_only(waivers, no)
                continue
            html = _HTML_LINE.match(src.text)
            if html and src.text.lstrip().startswith("<"):
                tag = html.group(1).lower()
                closing = src.text.lstrip().startswith("</")
                if tag in _CONTAINERS:
                    if closing:
                        if tag in containers:
                            del containers[len(containers) - 1 - containers[::-1].index(tag)]
                    elif f"</{tag}" not in src.text.lower() and not self._labels_a_list(tag, i - 1):
                        containers.append(tag)
                self._comment_only(waivers, no)
                continue
            if containers:
                self._comment_only(waivers, no)
                self._after(blank=False, para=False)
                continue
            text = src.text
            if i < len(self.lines) and "|" in text and _TABLE_DELIM.match(self.lines[i]) and "|" in self.lines[i] and not _ITEM.match(text):
                dsrc, dwaivers, _ = _strip_comments(_Src.of(self.lines[i]))
                rows = [line, _Line(i + 1, self.lines[i], dsrc, dwaivers)]
                j = i + 1
                while j < len(self.lines) and "|" in self.lines[j] and self.lines[j].strip():
                    rsrc, rwaivers, _ = _strip_comments(_Src.of(self.lines[j]))
                    rows.append(_Line(j + 1, self.lines[j], rsrc, rwaivers))
                    j += 1
                self._table(rows)
                i = j
                self._after(blank=False, para=False)
                continue
            head = _heading(text)
            if head is None and not self.prev_para and self.prev_blank and i < len(self.lines) and not _ITEM.match(text) and not _HR.match(text) and _indent(text) < 4:
                under = _SETEXT.match(self.lines[i])
                if under and not text.lstrip().startswith((">", "|")):
                    stripped = src.strip()
                    self._heading(1 if under.group(1)[0] == "=" else 2, stripped, line, "setext_heading")
                    self._after(blank=False, para=False)
                    i += 1
                    continue
            if head is not None:
                content = src.slice(head[1], head[2]).strip()
                self._heading(head[0], content, line, "heading", marker="#" * head[0])
                self._after(blank=False, para=False)
                continue
            if _HR.match(text):
                self._comment_only(waivers, no)
                continue
            item = _ITEM.match(text)
            if item:
                content_start = item.start(3) if item.group(3) is not None else len(text)
                self._item(line, _indent(item.group(1)), item.group(2), src.slice(content_start).strip())
                self.prev_blank, self.prev_para = False, False
                continue
            stripped = text.strip()
            if stripped.startswith((">", "|")) or _LINK_DEF.match(text) or _IMAGE_LINE.match(text):
                self._prose(line)
                self._after(blank=False, para=False)
                continue
            para = _NUMBERED_PARA.match(stripped)
            if para:
                offset = len(text) - len(text.lstrip())
                self._numbered_paragraph(line, src.slice(offset + para.start(3)).strip(), src.slice(offset, offset + para.end(2)).value)
                self._after(blank=False, para=True)
                continue
            self._paragraph(line, _indent(text), src.strip())
            self.prev_blank, self.prev_para = False, True
        if comment is not None:
            self.issues.append(ReadIssue.of("OKR002", comment[0], "md-comment-unclosed"))

    def _labels_a_list(self, tag: str, index: int) -> bool:
        """Whether the `<details>` opened on line `index` is a toggle whose `<summary>` only labels
        what it holds (`Key results`, `Kulcseredmények`): Notion exports a toggle heading so, and
        the key results in it are read as if the toggle were open, not taken for a note."""
        if tag != "details":
            return False
        here = self.lines[index]
        after = next((line for line in self.lines[index + 1 : index + 4] if line.strip()), "")
        m = _SUMMARY.search(here) or _SUMMARY.search(after)
        if m is None:
            return False
        summary = _plain(_strip_comments(_Src.of(m.group(1).strip()))[0])[0].text
        return bool(summary) and self.voc.label.match(summary) is not None

    def _blank(self) -> None:
        self._after(blank=True, para=False)

    def _after(self, blank: bool, para: bool) -> None:
        self.kr_cont = False
        self.prev_blank, self.prev_para = blank, para

    def _comment_only(self, waivers: list[tuple[str, str]], no: int) -> None:
        self.pending.extend((code, reason, no) for code, reason in waivers)
        self._after(blank=False, para=False)

    def _prose(self, line: _Line) -> None:
        self.pending.extend((c, r, line.no) for c, r in line.waivers)
        target = self._target()
        if target is not None and target.mode != "title":
            target.reach(line.no)

    # -- reports -------------------------------------------------------------------------

    def _report_struck(self, no: int, what: str, text: str) -> None:
        """`what` is `objective`, `key_result` or `row`."""
        shown = re.sub(r"~~", "", text).strip()
        m = (self.voc.objective if what == "objective" else self.voc.key_result).match(shown)
        if m and m.group("rest").strip():
            shown = m.group("rest").strip()
        self.issues.append(ReadIssue.of(UNREAD, no, "md-struck", evidence=shown, what=what, text=_clip(shown)))

    def _report_orphan(self, no: int, text: str, heading: Optional[str] = None) -> None:
        """A key result with no objective above it, or under a heading not read as one."""
        self.issues.append(ReadIssue.of(UNREAD, no, "md-orphan-key-result", evidence=text, text=_clip(text), why="heading" if heading else "none", heading=_clip(heading or "")))

    # -- elements ------------------------------------------------------------------------

    def _named_without_key_results(self, title: str) -> Optional[_Obj]:
        """An objective read before, titled `title`, with nothing of its own yet (no key results,
        description or fields), which a table's rows can name again."""
        for obj in self.objectives:
            if obj.shape != "table_row" and obj.map.get("title") == title and not len(obj.krs) and not obj.desc and not obj.has_meta:
                return obj
        return None

    def _target(self) -> Optional[_Obj]:
        if self.items:
            return self.items[-1]
        if self.context in ("objective", "title"):
            return self.section
        return None

    def _waive(self, target: LocatedMap, waivers: list[tuple[str, str]], no: int) -> Optional[int]:
        """Attach pending and same-line waivers; the first line of a waiver comment, if any."""
        items = [(c, r, line) for c, r, line in self.pending] + [(c, r, no) for c, r in waivers]
        self.pending = []
        if not items:
            return None
        lst = target.get("waive")
        if not isinstance(lst, LocatedList):
            lst = LocatedList(line=items[0][2])
            target.set("waive", lst, items[0][2])
        for code, reason, line in items:
            w = LocatedMap(line=line)
            w.set("code", code, line, code)
            w.set("reason", reason, line, reason)
            lst.add(w, line)
        return min(line for _, _, line in items)

    def _new_objective(
        self,
        title: _Src,
        line: _Line,
        mode: str,
        shape: str,
        *,
        prefixed: bool = False,
        bare: bool = False,
        indent: Optional[int] = None,
        marker: str = "",
        bold: bool = False,
        level: Optional[int] = None,
        checked: Optional[bool] = None,
    ) -> _Obj:
        no = line.no
        value = title.value
        omap = LocatedMap(line=no)
        omap.set("title", value, no, value)
        obj = _Obj(
            map=omap, line=no, mode=mode, shape=shape, prefixed=prefixed, indent=indent, bare=bare, marker=marker, bold=bold, level=level, checked=checked, first=no, last=no, text=title.spot(no)
        )
        obj.krs = LocatedList(line=no)
        first = self._waive(omap, line.waivers, no)
        if first is not None:
            obj.first = min(obj.first, first)
        if mode != "title":
            self.objectives.append(obj)
        if self.context == "closed" and mode != "title":
            self.closed_by = None
        return obj

    def _label(self, text: _Src, is_objective: bool) -> tuple[Optional[_Src], bool]:
        """(the text after a label, False) for a labelled objective or key result, (None, True) for a
        bare label (`**Objective 1**`, `KR1.2`), else (None, False)."""
        plain = _restore(text.text)  # same length: escaped `1\\.` counts as `1.`
        pattern = self.voc.objective if is_objective else self.voc.key_result
        m = pattern.match(plain) or (None if is_objective else self._owned(plain))
        if m:
            return text.slice(m.start("rest")).strip(), False
        bare = self.voc.objective_bare if is_objective else self.voc.key_result_bare
        if bare.match(plain):
            return None, True
        return None, False

    def _owned(self, plain: str) -> Optional[re.Match]:
        """`Sales (Closing Deals) KR: …`: a key result labelled after its owner (a few words)."""
        m = self.voc.key_result_owned.match(plain)
        return m if m and len(m.group("owner").split()) <= 6 else None

    def _new_kr(
        self, obj: _Obj, text: _Src, line: _Line, indent: int, shape: str, *, marker: str = "", level: Optional[int] = None, checked: Optional[bool] = None, bold: bool = False
    ) -> Optional[_Kr]:
        no = line.no
        text, details = _at_break(text)
        struck, text = _struck(text)
        if struck:
            self._report_struck(no, "key_result", text.value)
            obj.reach(no)
            self.pending = []
            return None
        owned = None if self.voc.key_result.match(_restore(text.text)) else self._owned(_restore(text.text))
        owner_src = text.slice(owned.start("owner"), owned.end("owner")) if owned else None
        rest, _ = self._label(text, False)
        if rest is not None:
            text = rest
        labelled = rest is not None
        due = _DUE.search(text.text)
        due_spot = None
        if due:
            due_spot = text.slice(due.start(1), due.end(1)).spot(no)
            due_value = due.group(1)
            text = text.slice(0, due.start()).strip()
        value = _br(text)
        kmap = LocatedMap(line=no)
        kmap.set("text", value, no, value)
        first = self._waive(kmap, line.waivers, no)
        obj.krs.add(kmap, no)
        kr = _Kr(kmap, indent, shape, first if first is not None else no, no, text.spot(no), marker=marker, level=level, checked=checked, bold=bold, labelled=labelled)
        if due:
            kmap.set("deadline", due_value, no, due_value)
            kr.fields["deadline"] = due_spot  # type: ignore[assignment]
        if owner_src is not None:
            kmap.set("owner", owner_src.value, no, owner_src.value)
            kr.fields["owner"] = owner_src.spot(no)  # type: ignore[assignment]
        for detail in details:  # `owner: Maya` after a break is a field; anything else a note
            if self._field_key(detail) in _KR_FIELDS:
                self._kr_field(kr, detail, no, line.raw)
        obj.kr_spans.append(kr)
        obj.last_kr = kr
        obj.reach(no)
        if obj.kr_base is None or indent < obj.kr_base:
            obj.kr_base = indent
        return kr

    # -- headings --------------------------------------------------------------------------

    def _heading(self, level: int, content: _Src, line: _Line, shape: str, marker: str = "") -> None:
        no = line.no
        text, bold = _plain(content)
        plain = text.value
        first = not self.seen_heading
        self.seen_heading = True
        self.items.clear()
        obj_rest, obj_bare = self._label(text, True)
        if first and level == 1 and obj_rest is None and not self.objectives and not _NUMBERED_HEADING.match(text.text):
            self._set_title(plain, no)
            self.title_obj = self._new_objective(text, line, "title", shape, level=level, marker=marker, bold=bold)
            self.section, self.context = self.title_obj, "title"
            self.pending.extend((c, r, no) for c, r in line.waivers)
            return
        if self.voc.label.match(text.text) and not obj_bare:
            self._period_from(plain, no)
            self.pending.extend((c, r, no) for c, r in line.waivers)
            return
        target = self._target()
        struck, _ = _struck(text)
        kr_rest, _ = self._label(text, False)
        if kr_rest is not None and target is not None and target.mode != "title" and obj_rest is None:
            kr = self._new_kr(target, text, line, 0, shape, marker=marker, level=level)
            if kr is not None:
                kr.indent = 0
            return
        if struck and (
            self._label(text.drop([(m.start(), m.start() + 2) for m in _STRUCK.finditer(text.text)] + [(m.end() - 2, m.end()) for m in _STRUCK.finditer(text.text)]), True)[0] is not None
            or self.context == "objective"
        ):
            self._report_struck(no, "objective", plain)
            self.section, self.context = None, "struck"
            self.pending = []
            return
        if obj_rest is not None or obj_bare:
            title = obj_rest if obj_rest is not None else text
            self.section = self._new_objective(title, line, "explicit", shape, prefixed=True, bare=obj_bare, level=level, marker=marker, bold=bold)
            self.section.heading = True
            self.context = "objective"
            return
        if _is_period(plain):
            self._set_period(plain, no)
            self.section, self.context = None, "outside"
            self.pending.extend((c, r, no) for c, r in line.waivers)
            return
        numbered = _NUMBERED_HEADING.match(text.text)
        if self.voc.section.match(text.text):
            self._period_from(plain, no)
            self.section, self.context, self.closed_by = None, "closed", plain
            self.pending.extend((c, r, no) for c, r in line.waivers)
            return
        if self.prefix_mode:
            at_level = self.objective_level is None or level == self.objective_level
            evidence = self._evidence(no, level)
            if (numbered and at_level and evidence is not None) or evidence == "labelled":
                title = text.slice(numbered.end()).strip() if numbered else text
                self.section = self._new_objective(title, line, "explicit", shape, level=level, marker=marker, bold=bold)
                self.section.heading = True
                self.context = "objective"
                return
            self._period_from(plain, no)
            self.section, self.context, self.closed_by = None, "closed", plain
            self.pending.extend((c, r, no) for c, r in line.waivers)
            return
        title = text.slice(numbered.end()).strip() if numbered else text
        self.section = self._new_objective(title, line, "pending", shape, level=level, marker=marker, bold=bold)
        self.section.heading = True
        self.context = "objective"

    def _evidence(self, no: int, level: Optional[int], indent: Optional[int] = None) -> Optional[str]:
        """What the list items under a heading (or bold line, or item with children) say about it:
        `labelled` if one is a labelled key result, `items` if it holds items, else None."""
        found = None
        fence = None
        for j in range(no, len(self.lines)):
            raw = self.lines[j]
            m = _FENCE.match(raw)
            if m:
                fence = None if fence else m.group(1)
                continue
            if fence or not raw.strip():
                continue
            src = _strip_comments(_Src.of(raw))[0]
            head = _heading(src.text)
            if head is not None:
                if level is None or head[0] <= level or indent is not None:
                    break
                continue
            if indent is not None and _indent(src.text) <= indent:
                break
            item = _ITEM.match(src.text)
            if not item or _HR.match(src.text):
                if level is None and indent is None and not item:
                    if _BOLD_LINE.match(src.text.strip()):
                        break
                continue
            text = _unbold(_Src.of(_TASK.sub("", (item.group(3) or "").strip()))).text
            if self.voc.objective.match(text):
                break
            found = found or "items"
            if self.voc.key_result.match(_restore(text)) or self._owned(_restore(text)):
                return "labelled"
        return found

    # -- list items and paragraphs ---------------------------------------------------------

    def _item(self, line: _Line, indent: int, marker: str, content: _Src) -> None:
        no = line.no
        checked = None
        task = _TASK.match(content.text)
        if task:
            checked = task.group(1) != " "
            content = content.slice(task.end()).strip()
        text, bold = _plain(_clean_markup(content))
        shape = "checkbox" if checked is not None else ("numbered" if marker[0].isdigit() else "bullet")
        while self.items and indent <= (self.items[-1].indent or 0):
            top = self.items[-1]
            if indent == top.indent and self._label(text, True)[0] is None and (marker[0].isdigit() != top.marker[0:1].isdigit() or (top.prefixed and self._label(text, False)[0] is not None)):
                # `1. Objective: …` then `- KR …`, or `- Objective: …` then `- KR: …` at the same level
                self._kr_item(top, line, indent, text, shape, marker, checked, bold)
                return
            self.items.pop()
        if self.items:
            parent = self.items[-1]
            nested_rest = self._label(text, True)[0]
            at_kr_level = parent.last_kr is None or indent <= parent.last_kr.indent
            if at_kr_level and (nested_rest is not None or bold) and (nested_rest is not None or (self._label(text, False)[0] is None and self._evidence(no, None, indent) == "labelled")):
                # a nested objective: labelled, or bold with labelled key results under it
                self.items.append(
                    self._new_objective(
                        nested_rest if nested_rest is not None else text, line, "explicit", shape, prefixed=nested_rest is not None, indent=indent, marker=marker, bold=bold, checked=checked
                    )
                )
                return
            self._kr_item(parent, line, indent, text, shape, marker, checked, bold)
            return
        explicit = self.context == "objective" and self.section is not None and self.section.prefixed and self.section.heading
        obj_rest, obj_bare = self._label(text, True)
        if obj_rest is not None and not explicit:
            struck, _ = _struck(text)
            if struck:
                self._report_struck(no, "objective", text.value)
                self.context, self.section = "struck", None
                return
            self.items.append(self._new_objective(obj_rest, line, "explicit", shape, prefixed=True, indent=indent, marker=marker, bold=bold, checked=checked))
            return
        if self.context == "objective" and self.section is not None:
            self._kr_item(self.section, line, indent, text, shape, marker, checked, bold)
            return
        if self.context in ("outside", "title"):
            candidate = marker[0].isdigit() or self._has_children(no - 1, indent)
            if candidate and self.prefix_mode:
                candidate = self._evidence(no, None, indent) == "labelled"
            if candidate and (indent == 0 or self.context == "outside"):
                struck, _ = _struck(text)
                if struck:
                    self._report_struck(no, "objective", text.value)
                    return
                self.items.append(self._new_objective(text, line, "explicit", shape, indent=indent, marker=marker, bold=bold, checked=checked))
                return
            if self.context == "title" and self.title_obj is not None:
                self._kr_item(self.title_obj, line, indent, text, shape, marker, checked, bold)
                return
        self._orphan(line, text)

    def _orphan(self, line: _Line, text: _Src) -> None:
        """A line outside any objective: prose, unless it is a labelled key result."""
        self.pending.extend((c, r, line.no) for c, r in line.waivers)
        if self.context == "struck":
            return
        struck, clean = _struck(text)
        rest, _ = self._label(clean, False)
        if rest is None or not rest.text or self.voc.key_result_bare.match(text.text):
            return
        if struck:
            self._report_struck(line.no, "key_result", text.value)
        elif self.context == "closed" and self.closed_by:
            self._report_orphan(line.no, text.value, self.closed_by)
        else:
            self._report_orphan(line.no, text.value)

    def _kr_item(self, obj: _Obj, line: _Line, indent: int, text: _Src, shape: str, marker: str, checked: Optional[bool], bold: bool) -> None:
        no = line.no
        kr = obj.last_kr
        obj.reach(no)
        labelled = self._label(text, False)[0] is not None
        if not labelled and self.voc.label.match(_restore(text.text)):
            # `- Key Results` inside an objective's list: a label; the items under it are the key results
            obj.last_kr, obj.kr_base = None, None
            self.pending.extend((c, r, no) for c, r in line.waivers)
            return
        if kr is not None and kr.shape in ("heading", "setext_heading") and not labelled:
            # `### Key Result 1.1: …` with `- Target: …` bullets under it: its fields and notes
            self.kr_cont = False
            kr.last = max(kr.last, no)
            if kr.sub_indent is None or indent < kr.sub_indent:
                kr.sub_indent = indent
            if indent == kr.sub_indent:
                self._kr_field(kr, text, no, line.raw)
            self._waive(kr.map, line.waivers, no)
            return
        if kr is None or obj.kr_base is None or indent <= obj.kr_base or indent <= kr.indent or (labelled and not self._field_key(text)):
            made = self._new_kr(obj, text, line, indent, shape, marker=marker, checked=checked, bold=bold)
            self.kr_cont = made is not None
            if obj.indent is not None and made is not None:
                obj.child_indent = obj.child_indent if obj.child_indent is not None else indent
            return
        if shape == "checkbox" and self._is_group(kr, indent) and obj.krs and obj.krs[-1] is kr.map:
            # `- Robustness` with `- [ ] …` tasks under it: a group label; the tasks are the key results
            obj.krs.pop()
            obj.krs.item_lines.pop()
            obj.krs.raw_items.pop()
            obj.kr_spans.remove(kr)
            self.pending.extend((w["code"], w["reason"], w.line) for w in kr.map.get("waive") or [])
            obj.kr_base = min((k.indent for k in obj.kr_spans), default=None)
            obj.last_kr = None
            made = self._new_kr(obj, text, line, indent, shape, marker=marker, checked=checked, bold=bold)
            self.kr_cont = made is not None
            return
        self.kr_cont = False
        kr.last = max(kr.last, no)
        if kr.sub_indent is None or indent < kr.sub_indent:
            kr.sub_indent = indent
        if indent == kr.sub_indent:
            self._kr_field(kr, text, no, line.raw)
        self._waive(kr.map, line.waivers, no)

    @staticmethod
    def _is_group(kr: _Kr, indent: int) -> bool:
        """A list item that only labels the checkboxes under it (no fields, notes or digits)."""
        return kr.shape in ("bullet", "numbered") and not kr.fields and not kr.extra and kr.sub_indent is None and len(kr.map["text"].split()) <= 4 and not re.search(r"\d", kr.map["text"])

    @staticmethod
    def _field_key(text: _Src) -> Optional[str]:
        m = _KEY_VALUE.match(_restore(text.text))
        if not m:
            return None
        name = _field_name(m.group(1))
        return name if name in _KR_FIELDS | _CHECKIN_KEYS else None

    def _kr_field(self, kr: _Kr, text: _Src, no: int, raw_line: str) -> bool:
        m = _KEY_VALUE.match(text.text)
        if not m:
            return False
        key = _field_name(m.group(1))
        if key in _CHECKIN_KEYS:
            raw = re.match(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])?[ \t]*(?:\[[ xX]\][ \t]+)?[^:]*::?(.*)$", raw_line)
            self._checkin(kr, (raw.group(1) if raw else m.group(2)).strip(), no)
            return True
        if key not in _KR_FIELDS:
            return False
        value_src = text.slice(m.start(2)).strip()
        value = _restore(_WIKI.sub(_wiki_text, value_src.text)).strip()
        if not value:
            return True
        if key in kr.map:
            self.issues.append(ReadIssue.of("OKR002", no, "md-key-result-field-twice", key=key))
            return True
        kr.map.set(key, value, no, value)
        spot = value_src.spot(no)
        if spot is not None:
            kr.fields[key] = spot
        return True

    def _checkin(self, kr: _Kr, value: str, no: int) -> None:
        data: Any = None
        plain = re.fullmatch(rf"({NUMERIC_DATE})\s*[:=]?\s*(\S+)", value)
        if plain:
            data = {"date": plain.group(1), "value": plain.group(2)}
        elif (worded := read_checkin_words(value)) is not None:
            data = worded
        else:
            try:
                data = json.loads(value)
            except (ValueError, RecursionError):
                loaded, issues = yaml_format.load_located(value)
                data = loaded if not issues else None
        if not isinstance(data, dict):
            self.issues.append(ReadIssue.of("OKR004", no, "md-checkin-unreadable", value=value))
            return
        entry = LocatedMap(line=no)
        for key, val in data.items():
            entry.set(str(key), val, no, val if isinstance(val, str) else None)
        lst = kr.map.get("checkins")
        if not isinstance(lst, LocatedList):
            lst = LocatedList(line=no)
            kr.map.set("checkins", lst, no)
        lst.add(entry, no)

    def _numbered_paragraph(self, line: _Line, content: _Src, number: str) -> None:
        """`1\\. Objective: …` (a word processor's escaped hand numbering): an objective if labelled,
        else a numbered key result of the objective above."""
        text, bold = _plain(content)
        self.items.clear()
        rest, bare = self._label(text, True)
        if rest is not None or (not self.prefix_mode and self.context in ("outside", "title") and self._next_is_item(line.no - 1)):
            struck, _ = _struck(text)
            if struck:
                self._report_struck(line.no, "objective", text.value)
                self.context, self.section = "struck", None
                return
            self.section = self._new_objective(rest if rest is not None else text, line, "explicit", "numbered_paragraph", prefixed=rest is not None, marker=number, bold=bold)
            self.context = "objective"
            return
        target = self._target()
        if target is not None and target.mode != "title":
            self._new_kr(target, text, line, 0, "numbered_paragraph", marker=number, bold=bold)
            return
        self._orphan(line, text)

    def _paragraph(self, line: _Line, indent: int, src: _Src) -> None:
        no = line.no
        waivers = line.waivers
        if _italic_line(src.text):
            labelled = _unitalic(src)
            if labelled is None:
                self._prose(line)
                return
            src = labelled
        text, bold_line = _plain(_clean_markup(src))
        while self.items and indent <= (self.items[-1].indent or 0) and self.prev_blank:
            self.items.pop()
        obj = self._target()
        if self.voc.label.match(text.text):
            self.pending.extend((c, r, no) for c, r in waivers)
            self._after(blank=False, para=True)
            if obj is not None and obj.mode != "title":
                obj.reach(no)
            return
        obj_rest, obj_bare = self._label(text, True)
        kr = obj.last_kr if obj is not None else None
        if kr is not None and indent > max(kr.indent, 0) and indent > (obj.indent if obj.indent is not None else -1) and self._field_key(text):
            self._kr_field(kr, text, no, line.raw)
            kr.last = max(kr.last, no)
            obj.reach(no)
            self._waive(kr.map, waivers, no)
            return
        if obj_rest is not None or (obj_bare and bold_line):
            struck, _ = _struck(text)
            self.items.clear()
            if struck:
                self._report_struck(no, "objective", text.value)
                self.context, self.section = "struck", None
                return
            self.section = self._new_objective(obj_rest if obj_rest is not None else text, line, "explicit", "bold_line" if bold_line else "paragraph", prefixed=True, bare=obj_bare, bold=bold_line)
            self.context = "objective"
            self.kr_cont = False
            return
        if obj is not None and obj.mode != "title" and self._label(text, False)[0] is not None:
            made = self._new_kr(obj, text, line, indent, "bold_line" if bold_line else "paragraph", bold=bold_line)
            self.kr_cont = made is not None
            return
        if (
            bold_line
            and not (obj is not None and obj.prefixed and obj.heading)
            and (kr is None or indent <= max(kr.indent, 0))
            and not self._looks_like_meta(text.text)
            and self._next_is_item(no - 1)
            and (not self.prefix_mode or self._evidence(no, None) == "labelled")
        ):
            self.items.clear()
            self.section = self._new_objective(text, line, "explicit", "bold_line", bold=True)
            self.context = "objective"
            self.kr_cont = False
            return
        if kr is not None and indent > max(kr.indent, 0) and indent > (obj.indent if obj.indent is not None else -1):
            if not self._kr_field(kr, text, no, line.raw) and self.kr_cont:
                self._append_kr_text(kr, text, no)
            kr.last = max(kr.last, no)
            obj.reach(no)
            self._waive(kr.map, waivers, no)
            return
        if kr is not None and self.kr_cont:
            if not self._objective_meta(obj, text, no):
                self._append_kr_text(kr, text, no)
                kr.last = max(kr.last, no)
                self._waive(kr.map, waivers, no)
            else:
                self._waive(obj.map, waivers, no)
            obj.reach(no)
            return
        if obj is not None and obj.mode != "title":
            obj.reach(no)
            if self._objective_meta(obj, text, no):
                self._waive(obj.map, waivers, no)
                self.kr_cont = False
                return
        elif not self.objectives and self._set_meta(text.text, no):
            self.pending.extend((c, r, no) for c, r in waivers)
            return
        elif obj is None and self._plain_title_line(no, text.value):
            self._set_title(text.value, no)
            self.pending.extend((c, r, no) for c, r in waivers)
            return
        if self.plain_lines and obj is not None and self.prev_blank and obj.krs:
            self.plain_ended = obj
        if self.plain_lines and obj is not None and obj.mode != "title" and text.value and self.plain_ended is not obj:
            # A blank line ends an objective's key results, as it ends a paragraph: what stands
            # after it (a sign-off, a note) is prose until the next objective.
            self._new_kr(obj, text, line, indent, "bold_line" if bold_line else "paragraph", bold=bold_line)
            self.kr_cont = False
            return
        if obj is not None and obj.mode != "title" and not obj.krs:
            plain = text.value
            if obj.bare and not obj.desc:
                obj.map.set("title", plain, obj.line, plain)
                obj.text = text.spot(no)
                obj.bare = False
            elif not bold_line or obj.desc:
                obj.desc.append(plain)
                obj.desc_line = obj.desc_line or no
            self._waive(obj.map, waivers, no)
            return
        self._orphan(line, text)

    def _append_kr_text(self, kr: _Kr, text: _Src, no: int) -> None:
        extra = text.value
        if extra:
            if not kr.extra:
                self.continued.append(kr)
            kr.extra.append(extra)
            end = text.spot(no)
            if kr.text is not None and end is not None:
                kr.text = Spot(kr.text.line, kr.text.start, end.end, end_line=no)

    def _plain_title_line(self, no: int, text: str) -> bool:
        """Whether line `no` is the title of a file without headings, as Google Docs' "Download as
        plain text" or a paste from Word writes it: the first line, short, no sentence, standing
        alone or over the page's properties (`Ejer: Henrik`). A period in it is the set's period."""
        if self.objectives or self.seen_heading or "title" in self.data or not text or len(text) > 100 or text[-1] in ".:;?!,":
            return False
        if any(line.strip() for line in self.lines[self.body_start : no - 1]):
            return False
        after = self.lines[no] if no < len(self.lines) else ""
        return not after.strip() or _KEY_VALUE.match(after.strip()) is not None

    def _looks_like_meta(self, text: str) -> bool:
        m = _KEY_VALUE.match(text)
        return bool(m) and (_field_name(m.group(1)) in _OBJECTIVE_META | _SET_META)

    def _objective_meta(self, obj: _Obj, text: _Src, no: int) -> bool:
        m = _KEY_VALUE.match(text.text)
        if not m:
            return False
        key = canonical_key(m.group(1))
        key = OBJECTIVE_ALIASES.get(key, key) if key in OBJECTIVE_ALIASES and OBJECTIVE_ALIASES[key] in _OBJECTIVE_META else _field_name(m.group(1))
        if key not in _OBJECTIVE_META and canonical_key(m.group(1)) in self.voc.ignored:
            return True  # a property of the note tool (Status, Tags): read, carries no field
        if key not in _OBJECTIVE_META:
            return False
        value_src = text.slice(m.start(2)).strip()
        value = _restore(_WIKI.sub(_wiki_text, value_src.text)).strip()
        obj.has_meta = True
        if not value:
            return True
        if key in obj.map:
            self.issues.append(ReadIssue.of("OKR002", no, "md-objective-field-twice", key=key))
            return True
        obj.map.set(key, value, no, value)
        spot = value_src.spot(no)
        if spot is not None:
            obj.fields[key] = spot
        return True

    def _set_meta(self, text: str, no: int) -> bool:
        """A `Key: value` line before the first objective: a set field, or a note tool's property."""
        m = _KEY_VALUE.match(text)
        if not m:
            return False
        key = canonical_key(m.group(1))
        key = SET_ALIASES.get(key, key) if key in SET_ALIASES else (_field_name(m.group(1)) or key)
        value = _restore(_WIKI.sub(_wiki_text, m.group(2))).strip()
        if key in _SET_META:
            # A `Periode:` line says the period outright: it wins over one read from the title.
            replaces = key == "period" and self.period_from_heading
            if value and key not in self.front and (key not in self.data or replaces):
                self.data.set(key, value, no, value)
                self.period_from_heading = self.period_from_heading and key != "period"
            return True
        return bool(value)  # another property (Status, Created, Tags): the note tool's own

    def _period_from(self, heading: str, no: int) -> None:
        """A period in a heading that is not an objective, before the first objective (`## OKR Q2 2027`)."""
        if not self.objectives:
            candidate = period_in_text(heading)
            if candidate:
                self._set_period(candidate, no)
            elif self.unread_period is None and names_a_period_part(heading):
                self.unread_period = (no, heading)

    def _set_title(self, title: str, no: int) -> None:
        if "title" not in self.front:
            self.data.set("title", title, no, title)
        candidate = period_in_text(title)
        if candidate:
            self._set_period(candidate, no)
        elif self.unread_period is None and names_a_period_part(title):
            self.unread_period = (no, title)  # said at the end, unless a `Period:` line gives one

    def _set_period(self, label: str, no: int) -> None:
        """The period a title or heading names, unless the file states one as a field."""
        if "period" not in self.front and "period" not in self.data:
            self.data.set("period", label, no, label)
            self.period_from_heading = True

    # -- tables ----------------------------------------------------------------------------

    def _table(self, rows: list[_Line]) -> None:
        """A Markdown table: key results (and objectives) by column, a key/value table of
        properties, or prose."""
        header = [_plain(_clean_markup(c))[0].value for c in _cells(rows[0].src)]
        body = rows[2:]
        columns: dict[int, tuple[str, str]] = {}
        units: dict[tuple[str, str], str] = {}  # the unit a header gives its number cells (`Target %`)
        taken: set[tuple[str, str]] = set()
        for index, name in enumerate(header):
            target, unit = header_column(_restore(name))
            if target is None:
                target = checkin_column(_restore(name))
            if unit is not None and target is not None and target[1] in UNIT_FIELDS:
                units[target] = unit
            if target is None or target in taken:
                continue
            if target == ("objective", "title"):
                numbers = number_column(_restore(name), [_plain(_clean_markup(c[index]))[0].value if index < len(c) else "" for c in (_cells(r.src) for r in body)])
                if numbers is not None and numbers not in taken:
                    target = numbers  # `| Mål |` holding 4,5 and 30 %: the target, not the objective
            taken.add(target)
            columns[index] = target
        has_kr = ("key_result", "text") in taken
        has_obj = ("objective", "title") in taken and (has_kr or columns.get(0) == ("objective", "title"))
        for row in rows:
            self.pending.extend((c, r, row.no) for c, r in row.waivers)
        if not has_kr and not has_obj:
            if self._property_table(rows):
                return
            target = self._target()
            if target is not None and target.mode != "title":
                target.reach(rows[-1].no)
            return
        kr_col = next((i for i, t in columns.items() if t == ("key_result", "text")), None)
        if kr_col is not None:
            texts = [_cells(r.src)[kr_col] if kr_col < len(_cells(r.src)) else None for r in body]
            filled = [t for t in texts if t is not None and t.text.strip()]
            if filled and all(self.voc.key_result_bare.match(_unbold(t).text.strip()) for t in filled):
                return  # a status table that only refers to key results by number
        for index, name in enumerate(header):
            key = canonical_key(_restore(name))
            if index in columns or not key or key in self.voc.ignored:
                continue
            close = difflib.get_close_matches(key, self.voc.known_keys, n=1, cutoff=0.8)
            if close:
                self.issues.append(ReadIssue.of("OKR003", rows[0].no, "md-unknown-column", evidence=_restore(name), name=_restore(name), close=close[0]))
            elif any(c.isalpha() for c in key):  # as a CSV file's unknown column (a row number's `#` is no field): its cells are not read, so say so once, at the header
                self.issues.append(ReadIssue.of("OKR003", rows[0].no, "md-table-unknown-column", evidence=_restore(name), name=_restore(name), known=known_columns(_restore(h) for h in header)))
        if has_kr and ("checkin", "date") in taken and not taken & {("checkin", "entry"), ("checkin", "value"), ("key_result", "current")}:
            # A date with no value to go with it is no check-in; a `Date` column may be meant as a deadline.
            index = next(i for i, t in columns.items() if t == ("checkin", "date"))
            self.issues.append(ReadIssue.of(UNREAD, rows[0].no, "md-table-checkin-no-value", evidence=_restore(header[index]), name=_restore(header[index])))
            del columns[index]  # said once, for the column: its rows say nothing more
        above = self.section if has_obj and self.context == "objective" else None  # the heading over the table
        self.items.clear()
        table_objectives: dict[str, _Obj] = {}
        current: Optional[_Obj] = self._target() if not has_obj else None
        if current is not None and current.mode == "title":
            current = None if self.objectives else current
        for row in body:
            cells = _cells(row.src)
            values: dict[tuple[str, str], _Src] = {}
            for index, target in columns.items():
                if index < len(cells) and cells[index].text.strip():
                    values[target] = _unbold(_clean_markup(cells[index]))
            if not values:
                continue
            spots = {target: cells[index].spot(row.no) for index, target in columns.items() if index < len(cells) and cells[index].text.strip()}
            col_of = {target[1]: index for index, target in columns.items()}
            title_src = values.get(("objective", "title"))
            kr_src = values.get(("key_result", "text"))
            if title_src is not None:
                struck, title_src = _struck(title_src)
                if struck:
                    self._report_struck(row.no, "objective" if kr_src is None else "row", _br(title_src) + (f" | {_br(kr_src)}" if kr_src is not None else ""))
                    current = None
                    continue
                rest, _ = self._label(title_src, True)
                if rest is not None:
                    title_src = rest
                title = _br(title_src)
                earlier = self._named_without_key_results(title) if title not in table_objectives else None
                if title in table_objectives:
                    current = table_objectives[title]
                elif earlier is not None and earlier is above:
                    # `## Objective: Grow` and a table whose rows name `Grow` again: one objective.
                    current = table_objectives[title] = earlier
                else:
                    if earlier is not None:
                        # A list of the objectives' titles before the table that gives their key
                        # results (Confluence's numbered summary): the table's rows are the objectives.
                        self.objectives.remove(earlier)
                    current = self._new_objective(title_src, row, "explicit", "table_row", prefixed=True)
                    current.map.set("title", title, row.no, title)
                    current.columns = {"title": col_of["title"]}
                    table_objectives[title] = current
                current.reach(row.no)
                for (level, name), src in values.items():
                    if level == "objective" and name != "title" and name not in current.map:
                        current.map.set(name, _br(src), row.no, _br(src))
                        current.columns[name] = col_of[name]
                        if spots.get((level, name)) is not None:
                            current.fields[name] = spots[(level, name)]  # type: ignore[assignment]
            for (level, name), src in values.items():
                if level == "set" and name not in self.data and name not in self.front:
                    self.data.set(name, _br(src), row.no, _br(src))
            if kr_src is None:
                continue
            if current is None:
                current = self.title_obj if self.title_obj is not None and not self.objectives else None
            struck, kr_src = _struck(kr_src)
            if current is None:
                if struck:
                    self._report_struck(row.no, "key_result", _br(kr_src))
                else:
                    self.issues.append(ReadIssue.of(UNREAD, row.no, "md-table-row-without-objective", evidence=_br(kr_src), text=_clip(_br(kr_src))))
                continue
            if struck:
                self._report_struck(row.no, "key_result", _br(kr_src))
                current.reach(row.no)
                continue
            rest, _ = self._label(kr_src, False)
            text_src, details = _at_break(rest if rest is not None else kr_src)
            text = _br(text_src)
            kmap = LocatedMap(line=row.no)
            kmap.set("text", text, row.no, text)
            kr = _Kr(kmap, 0, "table_row", row.no, row.no, text_src.spot(row.no), columns={"text": col_of["text"]}, labelled=True)
            # The table's check-in layout, empty cells included, for an editor to write a check-in into the row.
            kr.layout.update({f"{level}.{name}": index for index, (level, name) in columns.items() if level == "checkin" or name in ("current", "confidence")})
            for detail in details:  # `owner: Maya` on the cell's next line, unless a column gives it
                name = self._field_key(detail)
                if name in _KR_FIELDS and ("key_result", name) not in values:
                    self._kr_field(kr, detail, row.no, row.raw)
            for (level, name), src in values.items():
                if level == "key_result" and name != "text":
                    value = cell_with_unit(_br(src), units.get((level, name)))
                    kmap.set(name, value, row.no, value)
                    kr.columns[name] = col_of[name]
                    if spots.get((level, name)) is not None:
                        kr.fields[name] = spots[(level, name)]  # type: ignore[assignment]
            self._row_checkin(kmap, kr, {name: _br(src) for (level, name), src in values.items() if level == "checkin"}, col_of, row.no)
            self._waive(kmap, row.waivers, row.no)
            current.krs.add(kmap, row.no)
            current.kr_spans.append(kr)
            current.last_kr = None
            current.reach(row.no)

    def _row_checkin(self, kmap: LocatedMap, kr: _Kr, cells: dict[str, str], col_of: dict[str, int], no: int) -> None:
        """The check-in a table row holds, as a spreadsheet row holds its latest one: a `Check-in`
        cell (a value, a date, or `2027-02-01 42 (confidence 0.7)`), a `Date` (`Check-in date`,
        `Dato`, `Datum`) cell, a check-in confidence and note, and the value from the `Current`
        cell when no cell gives one. A value with no date is the key result's `current` when the
        row has none; what still cannot make a check-in is reported with its line."""
        if not cells.keys() & {"entry", "date", "value"}:
            return  # a note or confidence alone is no check-in (a `Notes` column of remarks)
        entry = cells.pop("entry", None)
        data: dict[str, str] = {}
        if entry is not None:
            plain = re.fullmatch(rf"({NUMERIC_DATE})\s*[:=]?\s*(\S+)", entry)
            worded = read_checkin_words(entry)
            if plain:
                data = {"date": plain.group(1), "value": plain.group(2)}
            elif worded is not None:
                data = worded
            elif re.fullmatch(NUMERIC_DATE, entry):
                data = {"date": entry}
            elif re.search(r"\d", entry):
                data = {"value": entry}
            else:  # `Yes`, `On track`: neither a value nor a date
                self.issues.append(ReadIssue.of(UNREAD, no, "md-table-checkin-incomplete", evidence=_clip(entry), missing="both"))
                return
        for name in ("date", "value", "confidence", "note"):
            if name in cells and name not in data:
                data[name] = cells[name]
        source = "entry" if entry is not None and "value" in data and "value" not in cells else "value"
        if "value" not in data and "current" in kmap:
            data["value"], source = kmap["current"], "current"
        if "confidence" not in data and "confidence" in kmap and "date" in cells:
            data["confidence"] = kmap["confidence"]  # `| Check-in | Date | Confidence |`: the row's confidence is its check-in's
        if "date" not in data and "value" in data and set(data) == {"value"} and "current" not in kmap:
            kmap.set("current", data["value"], no, data["value"])  # a value with no date: where the key result stands
            kr.columns["current"] = col_of.get("entry", col_of.get("value", 0))
            return
        if "date" in data and "value" in data:
            if source in col_of:
                kr.layout["checkin_value"] = col_of[source]
            item = LocatedMap(line=no)
            for name, value in data.items():
                item.set(name, value, no, value)
            checkins = LocatedList(line=no)
            checkins.add(item, no)
            kmap.set("checkins", checkins, no)
            return
        missing = "date" if "date" not in data else "value"
        self.issues.append(ReadIssue.of(UNREAD, no, "md-table-checkin-incomplete", evidence=_clip(entry or " | ".join(cells.values())), missing=missing))

    def _property_table(self, rows: list[_Line]) -> bool:
        """A two-column table whose first column names set or objective fields (Confluence's page
        properties): read as `Key: value` lines."""
        pairs = []
        for row in [rows[0]] + rows[2:]:
            cells = _cells(row.src)
            if len([c for c in cells if c.text]) != 2 or len(cells) != 2:
                return False
            key = _plain(cells[0])[0].value
            pairs.append((row.no, key, _clean_markup(cells[1]).value))
        known = [p for p in pairs if (_field_name(p[1]) or canonical_key(p[1])) in _SET_META | _OBJECTIVE_META or canonical_key(p[1]) in self.voc.ignored]
        if not known or len(known) * 2 < len(pairs):
            return False
        target = self._target()
        for no, key, value in pairs:
            text = f"{key}: {value}"
            if target is not None and target.mode != "title":
                self._objective_meta(target, _Src.of(text), no)
                target.reach(no)
            elif not self.objectives:
                self._set_meta(text, no)
        return True

    # -- lookahead -----------------------------------------------------------------------

    def _next_is_item(self, i: int) -> bool:
        for j in range(i + 1, len(self.lines)):
            raw = self.lines[j]
            if raw.strip():
                return bool(_ITEM.match(raw)) and not _HR.match(raw)
        return False

    def _has_children(self, i: int, indent: int) -> bool:
        for j in range(i + 1, len(self.lines)):
            raw = self.lines[j]
            if not raw.strip():
                continue
            if _HR.match(raw) or _heading(raw):
                return False
            ind = _indent(raw)
            if ind <= indent:
                return False
            m = _ITEM.match(raw)
            if m:
                text = _unbold(_Src.of(_TASK.sub("", (m.group(3) or "").strip()))).text
                kv = _KEY_VALUE.match(_restore(text))
                if not (kv and _field_name(kv.group(1)) in _KR_FIELDS | _CHECKIN_KEYS):
                    return True
        return False

    # -- result --------------------------------------------------------------------------

    def _finish(self) -> tuple[Any, list[ReadIssue]]:
        for kr in self.continued:
            joined = " ".join([kr.map["text"], *kr.extra]).strip()
            kr.map.set("text", joined, kr.map.line, joined)
        for code, _reason, line in self.pending:
            self.issues.append(ReadIssue.of("OKR002", line, "md-waiver-applies-to-nothing", code=code or "?"))
        if self.unread_period is not None and "period" not in self.data and "period" not in self.front:
            no, heading = self.unread_period
            self.issues.append(ReadIssue.of(UNREAD, no, "title-period-unread", evidence=_clip(heading), text=_clip(heading)))
        kept = [o for o in self.objectives if o.mode != "pending" or o.has_meta or "waive" in o.map or any(not _LINK_ONLY.match(kr["text"]) for kr in o.krs)]
        if not kept and self.title_obj is not None and self.title_obj.krs:
            kept = [self.title_obj]
        elif self.title_obj is not None:
            for kr in self.title_obj.kr_spans:  # bullets under the title, before any objective
                if kr.labelled:
                    self._report_orphan(kr.map.line, kr.map["text"])
        self.issues.sort(key=lambda issue: issue.line or 0)
        if kept:
            objectives = LocatedList(line=kept[0].line)
            for obj in kept:
                if obj.desc and "description" not in obj.map:
                    desc = " ".join(obj.desc)
                    obj.map.set("description", desc, obj.desc_line, desc)
                obj.map.set("key_results", obj.krs, obj.krs.line)
                for kr in obj.kr_spans:
                    kr.map.span = Span(
                        first=kr.first,
                        last=kr.last,
                        shape=kr.shape,
                        text=kr.text,
                        fields=dict(kr.fields),
                        marker=kr.marker,
                        level=kr.level,
                        indent=kr.indent,
                        child_indent=kr.sub_indent,
                        checked=kr.checked,
                        bold=kr.bold,
                        columns=dict(kr.columns),
                        layout=dict(kr.layout),
                    )
                    obj.reach(kr.last)
                obj.map.span = Span(
                    first=obj.first,
                    last=obj.last,
                    shape=obj.shape,
                    text=obj.text,
                    fields=dict(obj.fields),
                    marker=obj.marker,
                    level=obj.level,
                    indent=obj.indent or 0,
                    child_indent=obj.child_indent,
                    checked=obj.checked,
                    bold=obj.bold,
                    columns=dict(obj.columns),
                )
                objectives.add(obj.map, obj.line)
            if "objectives" in self.data:
                self.issues.append(ReadIssue.of("OKR002", kept[0].line, "md-objectives-twice"))
            self.data.set("objectives", objectives, objectives.line)
        elif not any(canonical_key(k) in ("objectives", "okrs", "goals") for k in self.data):
            return None, self.issues + [ReadIssue.of("OKR005", None, "md-nothing-found")]
        return self.data, self.issues


def _clip(text: str, width: int = 70) -> str:
    return excerpt.clip(text, width)


def load_located(text: str) -> tuple[Any, list[ReadIssue]]:
    """Parse Markdown into located data shaped like the canonical YAML; never raises on bad input."""
    try:
        return _Reader(text).read()
    except RecursionError:  # pragma: no cover - defensive: the reader does not recurse deeply
        return None, [ReadIssue.of("OKR002", None, "too-deep")]


# -- writer ----------------------------------------------------------------------------------


def _esc(text: str) -> str:
    """Escape text so the reader gives it back unchanged (see module docstring)."""
    bold = "**" in text
    struck = "~~" in text
    marked = "==" in text
    linked = "[[" in text
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "\\" and nxt and _ESCAPE.match("\\" + nxt):
            out.append("\\\\")
        elif (
            (ch == "*" and bold)
            or (ch == "~" and struck)
            or (ch == "=" and marked)
            or (ch == "[" and linked)
            or (ch == "<" and (nxt == "!" or nxt == "/" or nxt.isalpha()))
            or (ch == ">" and text[max(0, i - 2) : i] == "--")
        ):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _one_line(text: str) -> str:
    return re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", text).strip()


def _esc_heading_tail(text: str) -> str:
    out = _esc(text)
    if out.endswith("#"):
        out = out[:-1] + "\\#"
    return out


def _reads_back(line: str, expected: str, kind: str) -> bool:
    """Whether the reader takes `line` back as `expected` in role `kind` (title or description)."""
    if kind == "title":
        data, issues = load_located(f"{line}\n\n## Objective 1: x\n- KR1: y\n")
        return not issues and data is not None and data.get("title") == expected and len(data["objectives"]) == 1
    data, issues = load_located(f"## Objective 1: x\n\n{line}\n")
    if issues or data is None or len(data["objectives"]) != 1:
        return False
    objective = data["objectives"][0]
    return objective.get("description") == expected and not objective["key_results"] and set(objective) == {"title", "description", "key_results"}


def _description_line(description: str, label: str = "Description") -> str:
    text = _one_line(description)
    candidate = _esc(text)
    for line in (candidate, "\\" + candidate if candidate[:1] in "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~" else None):
        if line is not None and _reads_back(line, text, "description"):
            return line
    return f"{label}: {candidate}"


def _number(value: Any, style: Optional[str] = None, declared: Optional[str] = None) -> str:
    """A number for a new file: with the decimal comma of `style` (the set's language) when that
    language writes one and the reader, knowing only the `declared` language, reads it back as
    the same number (`2,5`); else with a point (`2.5`, `1.3750`), which every reader reads."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = format_number(value)
    if style and isinstance(value, float) and "." in text and _writes_decimal_comma(style):
        from okrcoach.values import UnreadableValue, parse_quantity

        comma = text.replace(".", ",")
        try:
            if parse_quantity(comma, "", declared)[0] == value:
                return comma
        except UnreadableValue:
            pass
    return text


def _writes_decimal_comma(language: str) -> bool:
    from okrcoach.i18n import catalog

    found = catalog(language)
    return found is not None and found.decimal == ","


def _waiver_comment(code: str, reason: str) -> str:
    return f"<!-- okrcoach: waive {code}: {_esc(_one_line(reason))} -->"


_KR_FIELD_ORDER = ("id", "metric", "baseline", "target", "unit", "direction", "deadline", "owner", "current", "confidence", "weight")


def _key(name: str, language: Optional[str]) -> str:
    """A key result's field key in `language` (`udgangspunkt` in Danish), else the English name."""
    return _local_field_key(name, language) or name


def _kr_lines(n: int, kr: KeyResult, language: Optional[str] = None, declared: Optional[str] = None) -> list[str]:
    lines = [_waiver_comment(w.code, w.reason) for w in kr.waive]
    lines.append(f"- KR{n}: {_esc(_one_line(kr.text))}")
    for name in _KR_FIELD_ORDER:
        value = getattr(kr, name)
        if value is None:
            continue
        if name in _KR_NUMBERS:
            text = _number(value, language, declared)
        elif name == "deadline":
            text = value.isoformat()
        else:
            text = _esc(_one_line(str(value)))
        lines.append(f"  - {_key(name, language)}: {text}")
    if kr.guardrail:
        lines.append(f"  - {_key('guardrail', language)}: true")
    checkin_key = _key("checkin", language)
    for checkin in kr.checkins:
        data = checkin.model_dump(mode="json", exclude_none=True)
        value = _number(checkin.value, language, declared)
        worded = checkin_words(data["date"], value, checkin.confidence, checkin.note, language, "," if "," in value or _writes_decimal_comma(language or "en") else ".")
        if worded is not None:
            lines.append(f"  - {checkin_key}: {worded}")
        else:
            lines.append(f"  - {checkin_key}: " + json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))
    return lines


# A check-in line's words after its date and value: `(konfidens 0,7)` and ` – a note`.
_CHECKIN_WORDS = re.compile(rf"({NUMERIC_DATE})\s*[:=]?\s*([^\s()]+)(?:\s*\(\s*([^()\d]*?[^()\d\s:])\s*:?\s*([^()\s]+)\s*\))?(?:\s+[–—-]\s+(.+))?")
_CONFIDENCE_COLUMNS = {("key_result", "confidence"), ("checkin", "confidence")}
# Characters a note cannot hold on a check-in line (it would end the line or act on a terminal),
# so such a check-in is written as JSON, which escapes them.
_NOT_ON_A_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def checkin_words(date: str, value: str, confidence: Optional[float], note: Optional[str], language: Optional[str], decimal: str = ".") -> Optional[str]:
    """A check-in as a Markdown file states values, in its language: `2027-02-01 42`, then
    `(konfidens 0,7)` with the language's word for confidence and the file's decimal mark, then
    ` – ` and the note. `value` is written as given. None when the note cannot sit on one line
    (the caller then writes JSON, which `read_checkin_words` is not needed for)."""
    parts = [f"{date} {value}"]
    if confidence is not None:
        shown = format_number(int(confidence) if float(confidence).is_integer() else confidence)
        parts.append(f" ({_key('confidence', language)} {shown.replace('.', decimal) if decimal == ',' else shown})")
    if note is not None:
        if not note.strip() or note != note.strip() or _NOT_ON_A_LINE.search(note):
            return None
        parts.append(" – " + note.replace("\\", "\\\\").replace("<", "\\<"))
    return "".join(parts)


def read_checkin_words(text: str) -> Optional[dict[str, str]]:
    """The check-in `checkin_words` writes (`2027-02-01 42 (konfidens 0,7) – God fremgang`), in
    any of the six languages, as the fields the builder reads; None for anything else."""
    m = _CHECKIN_WORDS.fullmatch(text.strip())
    if m is None or (m.group(3) is None and m.group(5) is None):
        return None
    data = {"date": m.group(1), "value": m.group(2)}
    if m.group(3) is not None:
        if vocabulary().columns.get(canonical_key(m.group(3))) not in _CONFIDENCE_COLUMNS and canonical_key(m.group(3)) != "confidence":
            return None
        data["confidence"] = m.group(4)
    if m.group(5) is not None:
        data["note"] = re.sub(r"\\([\\<])", r"\1", m.group(5).strip())
    return data


def _objective_lines(n: int, objective: Objective, language: Optional[str] = None, declared: Optional[str] = None) -> list[str]:
    lines = [_waiver_comment(w.code, w.reason) for w in objective.waive]
    from okrcoach.language_data import objective_heading  # the language's own word, read back by `load_located`

    label = objective_heading(language)
    lines.append(f"## {label} {n}: {_esc_heading_tail(_one_line(objective.title))}")
    for name, english in (("owner", "Owner"), ("kind", "Kind"), ("aligns_to", "Aligns to"), ("id", "Id")):
        value = getattr(objective, name)
        if value is not None:
            lines.append(f"{_local_objective_label(name, language) or english}: {_esc(_one_line(str(value)))}")
    if objective.description is not None and objective.description.strip():
        lines += ["", _description_line(objective.description, _local_objective_label("description", language) or "Description")]
    if objective.key_results:
        lines.append("")
        for m, kr in enumerate(objective.key_results, 1):
            lines += _kr_lines(m, kr, language, declared)
    return lines


def dump(okr_set: OkrSet, language: Optional[str] = None) -> str:
    """Serialise a set as Markdown that `load_located` reads back to an equal model, with the
    objective headings, owner labels and key result field keys in `language` (the set's declared
    language when not given; English when neither says)."""
    language = language or okr_set.language
    meta: dict[str, Any] = {}
    title = okr_set.title
    title_line = None
    if title is not None:
        candidate = "# " + _esc_heading_tail(title)
        if _reads_back(candidate, title, "title") and "\n" not in title:
            title_line = candidate
        else:
            meta["title"] = title
    if okr_set.team is not None:
        meta["team"] = okr_set.team
    if okr_set.owner is not None:
        meta["owner"] = okr_set.owner
    if okr_set.period is not None:
        meta["period"] = okr_set.period.label
    elif title_line is not None and period_in_text(title):
        meta["period"] = None  # keeps the reader from taking the period from the title
    if okr_set.language is not None:
        meta["language"] = okr_set.language
    out: list[str] = []
    if meta:
        out += ["---", yaml_format.dump_data(meta, width=1000).rstrip("\n"), "---", ""]
    if title_line is not None:
        out += [title_line, ""]
    for n, objective in enumerate(okr_set.objectives, 1):
        out += _objective_lines(n, objective, language, okr_set.language)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
