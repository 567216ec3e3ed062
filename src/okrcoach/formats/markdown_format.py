"""Markdown OKRs as people actually write them: a reader that keeps lines, and a writer.

Grammar (case-insensitive; bold `**…**` around prefixes and whole lines is ignored):

* optional YAML front matter (`---` … `---`) with set fields (title, team, owner, period, language);
* the first heading, if it is an H1 without an objective prefix, is the set title; a period in
  it (`Q1 2027`, `2027-Q1`, `H1 2027`, `FY2027`) becomes the set period when none is given;
  a heading that is only a period (`## 2018 Q3`) sets the period too;
* objectives: headings or top-level numbered items with a prefix (`Objective 1:`, `O1:`,
  `Mål:`, `Målsætning:`, `Ziel 1:`, `Tavoite:`, `Cél:`, `Célkitűzés:`, `Goal:`), a bold line
  such as `**Objective 1**` or `**Ship the beta**` followed by bullets; without any prefixed
  heading, every heading that directly holds bullets is an objective;
* label headings/lines (`Objectives`, `Key results:`, `Nøgleresultater`, `Schlüsselergebnisse`,
  `Avaintulokset`, `Kulcseredmények`, …) are skipped;
* key results: bullets (`-`, `*`, `+`, `- [ ]`) or numbered items under an objective, optional
  prefix stripped (`KR1:`, `KR 1.2:`, `Key result:`, `Nøgleresultat:`, `Schlüsselergebnis:`, …);
* a sub-bullet `key: value` under a key result sets a field (baseline, target, unit, deadline,
  owner, metric, direction, current, confidence, id, guardrail, weight, checkin); other
  sub-bullets are notes and ignored;
* `Owner:`, `Kind:`, `Aligns to:`, `Id:`, `Description:` lines under an objective set those
  fields, any other paragraph before its key results is the description;
* `<!-- okrcoach: waive OKR220 reason -->` waives a rule for the element on the same line or,
  alone on its line, for the next objective or key result.

A backslash escapes Markdown punctuation (`\\*`, `\\#`, `\\:`) as in CommonMark; the writer uses
that to keep any text intact through a round trip.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional

import yaml

from okrcoach.model import KeyResult, Objective, OkrSet, parse_period

from . import yaml_format
from .build import KEY_RESULT_ALIASES, OBJECTIVE_ALIASES, SET_ALIASES, canonical_key
from .located import LocatedList, LocatedMap, ReadIssue

# -- escapes ---------------------------------------------------------------------------------

_PUA = 0xF0000  # escaped ASCII punctuation is parked in a private-use plane while parsing
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PARKED = re.compile("[\U000f0021-\U000f007e]")


def _protect(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(_PUA + ord(m.group(1))), text)


def _restore(text: str) -> str:
    return _PARKED.sub(lambda m: chr(ord(m.group()) - _PUA), text)


def _unbold(text: str) -> str:
    return re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", text)


# -- vocabulary ------------------------------------------------------------------------------

_SEP = r"(?:\s*[:.)]|\s+[-–—]|\s*[–—])"
_NUM = r"(?:\s*#?\d+(?:\.\d+)*)"
_OBJ_WORDS = (
    r"(?:objective|goal|m[åa]ls[æa]tning|m[åa]ls[äa]ttning|m[åa]l|ziel|tavoite|"
    r"c[ée]lkit[űu]z[ée]s|c[ée]l)"
)
_OBJ_PREFIX = re.compile(rf"^(?:{_OBJ_WORDS}{_NUM}?{_SEP}|(?-i:O){_NUM}{_SEP})\s*", re.I)
_OBJ_BARE = re.compile(rf"^(?:{_OBJ_WORDS}|(?-i:O)){_NUM}$", re.I)
_KR_WORDS = (
    r"(?:key[\s-]*results?|n[øo]gleresultat(?:er)?|nyckelresultat(?:en)?|"
    r"schl[üu]sselergebnis(?:se)?|avaintulos|avaintulokset|kulcseredm[ée]ny(?:ek)?)"
)
_KR_PREFIX = re.compile(rf"^(?:{_KR_WORDS}{_NUM}?{_SEP}|(?-i:KRs?){_NUM}(?:{_SEP}|\s+|$)|(?-i:KRs?){_SEP})\s*", re.I)
_LABEL = re.compile(
    r"^(?:objectives?|goals?|key[\s-]*results?|okrs?|objectives?\s*(?:and|&|\+)\s*key[\s-]*results?|"
    r"n[øo]gleresultat(?:er)?|nyckelresultat(?:en)?|schl[üu]sselergebniss?e?|avaintulos|avaintulokset|"
    r"kulcseredm[ée]ny(?:ek)?|m[åa]l|m[åa]ls[æa]tning(?:er)?|m[åa]ls[äa]ttning(?:ar)?|ziele?|"
    r"tavoite|tavoitteet|c[ée]lok|c[ée]lkit[űu]z[ée]s(?:ek)?)\s*:?$",
    re.I,
)
_KEY_VALUE = re.compile(r"^([^\W\d_][^\W_]*(?:[ _-][^\W_]+){0,3})\s*:\s*(.*)$")
_PERIOD_IN_TEXT = re.compile(
    r"(?<!\w)(Q[1-4][ /-]?\d{4}|\d{4}[ /-]?Q[1-4]|H[12][ /-]?\d{4}|\d{4}[ /-]?H[12]|FY ?\d{4}|FY ?\d{2}|"
    r"\d{4}-\d{2}-\d{2} ?\.\. ?\d{4}-\d{2}-\d{2})(?!\w)",
    re.I,
)

_LOCAL_KEYS = {
    "ansvarlig": "owner",
    "ejer": "owner",
    "ägare": "owner",
    "ansvarig": "owner",
    "verantwortlich": "owner",
    "omistaja": "owner",
    "vastuuhenkilö": "owner",
    "felelős": "owner",
    "periode": "period",
    "zeitraum": "period",
    "kvartal": "period",
    "quartal": "period",
}
_OBJECTIVE_META = {"owner", "kind", "aligns_to", "id", "description"}
_SET_META = {"title", "team", "owner", "period", "language"}
_KR_FIELDS = {"baseline", "target", "unit", "deadline", "owner", "metric", "direction", "current", "confidence", "id", "guardrail", "weight"}
_KR_NUMBERS = {"baseline", "target", "current", "confidence", "weight"}
_CHECKIN_KEYS = {"checkin", "checkins", "check_in", "check_ins"}

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*?))?[ \t]*$")
_TASK = re.compile(r"^\[[ xX]\](?:[ \t]+|$)")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_WAIVE = re.compile(r"^\s*okrcoach\s*[:\-]?\s*waive\b(.*)$", re.I | re.S)
_BOLD_LINE = re.compile(r"^\*\*(?=\S)(.+?)(?<=\S)\*\*$")


def _indent(line: str) -> int:
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def _alias(key: str, aliases: dict[str, str]) -> str:
    name = canonical_key(key)
    name = _LOCAL_KEYS.get(name, name)
    return aliases.get(name, name)


def _parse_waiver(body: str) -> tuple[str, str]:
    """`OKR220 reason`, `OKR220: reason`, `vague-language — reason` → (code, reason)."""
    body = _restore(body).strip()
    m = re.match(r"([^\s:—–]*)(.*)$", body, re.S)
    code, rest = (m.group(1), m.group(2)) if m else ("", body)
    rest = re.sub(r"^\s*(?:[:—–]|--?(?=\s|$))?\s*", "", rest, count=1)
    return code, rest.strip()


def _period_candidate(text: str) -> Optional[str]:
    for m in _PERIOD_IN_TEXT.finditer(text):
        try:
            parse_period(m.group(1))
        except ValueError:
            continue
        return m.group(1)
    return None


def _is_period(text: str) -> bool:
    if not text or len(text) > 40:
        return False
    try:
        parse_period(text)
    except ValueError:
        return False
    return True


def _strip_comments(protected: str) -> tuple[str, list[tuple[str, str]], Optional[str]]:
    """Remove HTML comments; return the rest, okrcoach waivers, and an unclosed comment's body."""
    waivers: list[tuple[str, str]] = []

    def take(m: re.Match) -> str:
        w = _WAIVE.match(m.group(1))
        if w:
            waivers.append(_parse_waiver(w.group(1)))
        return ""

    text = _COMMENT.sub(take, protected)
    unclosed = None
    start = text.find("<!--")
    if start >= 0:
        unclosed = text[start + 4 :]
        text = text[:start]
    return text, waivers, unclosed


def _heading(protected: str) -> Optional[tuple[int, str]]:
    m = _ATX.match(protected)
    if not m:
        return None
    content = _ATX_CLOSE.sub("", m.group(2) or "")
    return len(m.group(1)), content.strip()


# -- reader ----------------------------------------------------------------------------------


@dataclass
class _Kr:
    map: LocatedMap
    indent: int
    sub_indent: Optional[int] = None
    extra: list[str] = field(default_factory=list)  # lazy continuation lines of the text


@dataclass
class _Obj:
    map: LocatedMap
    line: int
    mode: str  # explicit | pending | title
    prefixed: bool = False
    heading: bool = False
    indent: Optional[int] = None  # set for numbered/bulleted objectives
    bare: bool = False
    krs: LocatedList = field(default_factory=LocatedList)
    kr_base: Optional[int] = None
    last_kr: Optional[_Kr] = None
    has_meta: bool = False
    desc: list[str] = field(default_factory=list)
    desc_line: Optional[int] = None


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.issues: list[ReadIssue] = []
        self.data = LocatedMap(line=1)
        self.front: set[str] = set()  # canonical set fields given in front matter
        self.objectives: list[_Obj] = []
        self.section: Optional[_Obj] = None  # heading/line objective whose content we are in
        self.context = "outside"  # outside | title | objective | closed
        self.item: Optional[_Obj] = None  # numbered/bulleted objective
        self.title_obj: Optional[_Obj] = None
        self.pending: list[tuple[str, str, int]] = []
        self.continued: list[_Kr] = []
        self.seen_heading = False
        self.kr_cont = False
        self.prev_blank = True
        self.prev_para = False
        self.prefix_mode = False

    # -- entry ---------------------------------------------------------------------------

    def read(self) -> tuple[Any, list[ReadIssue]]:
        start = self._front_matter()
        if start is None:
            return None, self.issues
        self.prefix_mode = self._has_prefixed_heading(start)
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
        for key, value in data.items():
            self.data.set(key, value, data.line_of(key), data.raw.get(key))
            self.front.add(_alias(key, SET_ALIASES))
        return end + 1

    def _has_prefixed_heading(self, start: int) -> bool:
        fence = None
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
            head = _heading(_protect(raw))
            if head and _OBJ_PREFIX.match(_unbold(_strip_comments(head[1])[0]).strip()):
                return True
        return False

    # -- body ----------------------------------------------------------------------------

    def _body(self, start: int) -> None:
        fence: Optional[str] = None
        comment: Optional[tuple[int, list[str]]] = None
        skip = -1
        for i in range(start, len(self.lines)):
            if i <= skip:
                continue
            raw, no = self.lines[i], i + 1
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
            if not raw.strip():
                self._blank()
                continue
            m = _FENCE.match(raw)
            if m:
                fence = m.group(1)
                self._blank()
                continue
            text, waivers, unclosed = _strip_comments(_protect(raw))
            if unclosed is not None:
                comment = (no, [unclosed])
            if not text.strip():
                self._comment_only(waivers, no)
                continue
            indent = _indent(text)
            head = _heading(text)
            if head is None and not self.prev_para and self.prev_blank and i + 1 < len(self.lines) and not _ITEM.match(text) and not _HR.match(text) and _indent(text) < 4:
                under = _SETEXT.match(self.lines[i + 1])
                if under and not text.lstrip().startswith((">", "|")):
                    head = (1 if under.group(1)[0] == "=" else 2, text.strip())
                    skip = i + 1
            if head is not None:
                self._heading(head[0], head[1], no, waivers)
                self._after(blank=False, para=False)
                continue
            if _HR.match(text):
                self._comment_only(waivers, no)
                continue
            item = _ITEM.match(text)
            if item:
                self._item(i, _indent(item.group(1)), item.group(2), item.group(3) or "", no, waivers)
                self.prev_blank, self.prev_para = False, False
                continue
            stripped = text.strip()
            if stripped.startswith((">", "|")):
                self._comment_only(waivers, no)
                continue
            self._paragraph(i, indent, stripped, no, waivers)
            self.prev_blank, self.prev_para = False, True
        if comment is not None:
            self.issues.append(ReadIssue.of("OKR002", comment[0], "md-comment-unclosed"))

    def _blank(self) -> None:
        self._after(blank=True, para=False)

    def _after(self, blank: bool, para: bool) -> None:
        self.kr_cont = False
        self.prev_blank, self.prev_para = blank, para

    def _comment_only(self, waivers: list[tuple[str, str]], no: int) -> None:
        self.pending.extend((code, reason, no) for code, reason in waivers)
        self._after(blank=False, para=False)

    # -- elements ------------------------------------------------------------------------

    def _target(self) -> Optional[_Obj]:
        if self.item is not None:
            return self.item
        if self.context in ("objective", "title"):
            return self.section
        return None

    def _waive(self, target: LocatedMap, waivers: list[tuple[str, str]], no: int) -> None:
        items = [(c, r, line) for c, r, line in self.pending] + [(c, r, no) for c, r in waivers]
        self.pending = []
        if not items:
            return
        lst = target.get("waive")
        if not isinstance(lst, LocatedList):
            lst = LocatedList(line=items[0][2])
            target.set("waive", lst, items[0][2])
        for code, reason, line in items:
            w = LocatedMap(line=line)
            w.set("code", code, line, code)
            w.set("reason", reason, line, reason)
            lst.add(w, line)

    def _new_objective(self, title_p: str, no: int, mode: str, waivers: list[tuple[str, str]], prefixed: bool = False, indent: Optional[int] = None) -> _Obj:
        bare = False
        m = _OBJ_PREFIX.match(title_p)
        if m:
            title_p = title_p[m.end() :]
            prefixed = True
        elif _OBJ_BARE.match(title_p):
            bare = prefixed = True
        elif mode == "pending":
            title_p = re.sub(r"^\d{1,2}[.)]\s+", "", title_p)
        title = _restore(title_p).strip()
        omap = LocatedMap(line=no)
        omap.set("title", title, no, title)
        obj = _Obj(map=omap, line=no, mode=mode, prefixed=prefixed, indent=indent, bare=bare)
        obj.krs = LocatedList(line=no)
        self._waive(omap, waivers, no)
        if mode != "title":
            self.objectives.append(obj)
        return obj

    def _new_kr(self, obj: _Obj, text_p: str, indent: int, no: int, waivers: list[tuple[str, str]]) -> None:
        m = _KR_PREFIX.match(text_p)
        if m:
            text_p = text_p[m.end() :]
        text = _restore(text_p).strip()
        kmap = LocatedMap(line=no)
        kmap.set("text", text, no, text)
        self._waive(kmap, waivers, no)
        obj.krs.add(kmap, no)
        obj.last_kr = _Kr(kmap, indent)
        if obj.kr_base is None or indent < obj.kr_base:
            obj.kr_base = indent

    def _heading(self, level: int, content: str, no: int, waivers: list[tuple[str, str]]) -> None:
        text = _unbold(content).strip()
        first = not self.seen_heading
        self.seen_heading = True
        self.item = None
        if first and level == 1 and not _OBJ_PREFIX.match(text) and not _OBJ_BARE.match(text) and not self.objectives:
            self._set_title(_restore(text).strip(), no)
            self.title_obj = self._new_objective(text, no, "title", [])
            self.section, self.context = self.title_obj, "title"
            self.pending.extend((c, r, no) for c, r in waivers)
            return
        if _LABEL.match(text) and not _OBJ_BARE.match(text):
            self.pending.extend((c, r, no) for c, r in waivers)
            return
        target = self._target()
        if _KR_PREFIX.match(text) and target is not None and target.mode != "title":
            self._new_kr(target, text, 0, no, waivers)
            target.last_kr.indent = 0
            return
        if _OBJ_PREFIX.match(text) or _OBJ_BARE.match(text):
            self.section = self._new_objective(text, no, "explicit", waivers)
            self.section.heading = True
            self.context = "objective"
            return
        plain = _restore(text).strip()
        if _is_period(plain):
            self._set_period(plain, no)
            self.section, self.context = None, "outside"
            self.pending.extend((c, r, no) for c, r in waivers)
            return
        if self.prefix_mode:
            self.section, self.context = None, "closed"
            self.pending.extend((c, r, no) for c, r in waivers)
            return
        self.section = self._new_objective(text, no, "pending", waivers)
        self.section.heading = True
        self.context = "objective"

    def _item(self, i: int, indent: int, marker: str, content: str, no: int, waivers: list[tuple[str, str]]) -> None:
        content = _TASK.sub("", content.strip(), count=1)
        text = _unbold(content).strip()
        if self.item is not None and indent > self.item.indent:
            self._kr_item(self.item, i, indent, text, no, waivers)
            return
        self.item = None
        explicit = self.context == "objective" and self.section is not None and self.section.prefixed and self.section.heading
        if _OBJ_PREFIX.match(text) and not explicit:
            self.item = self._new_objective(text, no, "explicit", waivers, indent=indent)
            return
        if self.context == "objective" and self.section is not None:
            self._kr_item(self.section, i, indent, text, no, waivers)
            return
        if self.context in ("outside", "title"):
            if marker[0].isdigit() or self._has_children(i, indent):
                self.item = self._new_objective(text, no, "explicit", waivers, indent=indent)
                return
            if self.context == "title" and self.title_obj is not None:
                self._kr_item(self.title_obj, i, indent, text, no, waivers)
                return
        self.pending.extend((c, r, no) for c, r in waivers)

    def _kr_item(self, obj: _Obj, i: int, indent: int, text: str, no: int, waivers: list[tuple[str, str]]) -> None:
        kr = obj.last_kr
        if kr is None or obj.kr_base is None or indent <= obj.kr_base or indent <= kr.indent:
            self._new_kr(obj, text, indent, no, waivers)
            self.kr_cont = True
            return
        self.kr_cont = False
        if kr.sub_indent is None or indent < kr.sub_indent:
            kr.sub_indent = indent
        if indent == kr.sub_indent:
            self._kr_field(kr, text, no, self.lines[i])
        self._waive(kr.map, waivers, no)

    def _kr_field(self, kr: _Kr, text_p: str, no: int, raw_line: str) -> bool:
        m = _KEY_VALUE.match(text_p)
        if not m:
            return False
        key = _alias(m.group(1), KEY_RESULT_ALIASES)
        if key in _CHECKIN_KEYS:
            raw = re.match(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])?[ \t]*(?:\[[ xX]\][ \t]+)?[^:]*:(.*)$", raw_line)
            self._checkin(kr, (raw.group(1) if raw else m.group(2)).strip(), no)
            return True
        if key not in _KR_FIELDS:
            return False
        value = _restore(m.group(2)).strip()
        if not value:
            return True
        if key in _KR_NUMBERS and re.fullmatch(r"[+-]?\d+,\d+", value):
            value = value.replace(",", ".")
        if key in kr.map:
            self.issues.append(ReadIssue.of("OKR002", no, "md-key-result-field-twice", key=key))
            return True
        kr.map.set(key, value, no, value)
        return True

    def _checkin(self, kr: _Kr, value: str, no: int) -> None:
        data: Any = None
        plain = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*[:=]?\s*(\S+)", value)
        if plain:
            data = {"date": plain.group(1), "value": plain.group(2).replace(",", ".") if re.fullmatch(r"[+-]?\d+,\d+", plain.group(2)) else plain.group(2)}
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

    def _paragraph(self, i: int, indent: int, protected: str, no: int, waivers: list[tuple[str, str]]) -> None:
        text = _unbold(protected).strip()
        if self.item is not None and indent <= self.item.indent and self.prev_blank:
            self.item = None
        obj = self._target()
        if _LABEL.match(text):
            self.pending.extend((c, r, no) for c, r in waivers)
            self._after(blank=False, para=True)
            return
        if _OBJ_PREFIX.match(text) or (_OBJ_BARE.match(text) and _BOLD_LINE.match(protected)):
            self.item = None
            self.section, self.context = self._new_objective(text, no, "explicit", waivers), "objective"
            self.kr_cont = False
            return
        if obj is not None and obj.mode != "title" and _KR_PREFIX.match(text):
            self._new_kr(obj, text, indent, no, waivers)
            self.kr_cont = True
            return
        kr = obj.last_kr if obj is not None else None
        bold = _BOLD_LINE.match(protected)
        if (
            bold
            and "**" not in bold.group(1)
            and not (obj is not None and obj.prefixed and obj.heading)
            and (kr is None or indent <= max(kr.indent, 0))
            and not self._looks_like_meta(text)
            and self._next_is_item(i)
        ):
            self.item = None
            self.section, self.context = self._new_objective(text, no, "explicit", waivers), "objective"
            self.kr_cont = False
            return
        if kr is not None and indent > max(kr.indent, 0) and indent > (obj.indent if obj.indent is not None else -1):
            if not self._kr_field(kr, text, no, self.lines[i]) and self.kr_cont:
                self._append_kr_text(kr, text)
            self._waive(kr.map, waivers, no)
            return
        if kr is not None and self.kr_cont:
            if not self._objective_meta(obj, text, no):
                self._append_kr_text(kr, text)
                self._waive(kr.map, waivers, no)
            else:
                self._waive(obj.map, waivers, no)
            return
        if obj is not None and obj.mode != "title":
            if self._objective_meta(obj, text, no):
                self._waive(obj.map, waivers, no)
                self.kr_cont = False
                return
        elif not self.objectives and self._set_meta(text, no):
            self.pending.extend((c, r, no) for c, r in waivers)
            return
        if obj is not None and obj.mode != "title" and not obj.krs:
            plain = _restore(text).strip()
            if obj.bare and not obj.desc:
                obj.map.set("title", plain, obj.line, plain)
                obj.bare = False
            else:
                obj.desc.append(plain)
                obj.desc_line = obj.desc_line or no
            self._waive(obj.map, waivers, no)
            return
        self.pending.extend((c, r, no) for c, r in waivers)

    def _append_kr_text(self, kr: _Kr, text_p: str) -> None:
        extra = _restore(text_p).strip()
        if extra:
            if not kr.extra:
                self.continued.append(kr)
            kr.extra.append(extra)

    @staticmethod
    def _looks_like_meta(text_p: str) -> bool:
        m = _KEY_VALUE.match(text_p)
        return bool(m) and (_alias(m.group(1), OBJECTIVE_ALIASES) in _OBJECTIVE_META or _alias(m.group(1), SET_ALIASES) in _SET_META)

    def _objective_meta(self, obj: _Obj, text_p: str, no: int) -> bool:
        m = _KEY_VALUE.match(text_p)
        if not m:
            return False
        key = _alias(m.group(1), OBJECTIVE_ALIASES)
        if key not in _OBJECTIVE_META:
            return False
        value = _restore(m.group(2)).strip()
        obj.has_meta = True
        if not value:
            return True
        if key in obj.map:
            self.issues.append(ReadIssue.of("OKR002", no, "md-objective-field-twice", key=key))
            return True
        obj.map.set(key, value, no, value)
        return True

    def _set_meta(self, text_p: str, no: int) -> bool:
        m = _KEY_VALUE.match(text_p)
        if not m:
            return False
        key = _alias(m.group(1), SET_ALIASES)
        if key not in _SET_META:
            return False
        value = _restore(m.group(2)).strip()
        if value and key not in self.front and key not in self.data:
            self.data.set(key, value, no, value)
        return True

    def _set_title(self, title: str, no: int) -> None:
        if "title" not in self.front:
            self.data.set("title", title, no, title)
        candidate = _period_candidate(title)
        if candidate:
            self._set_period(candidate, no)

    def _set_period(self, label: str, no: int) -> None:
        if "period" not in self.front and "period" not in self.data:
            self.data.set("period", label, no, label)

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
                text = _unbold(_protect(_TASK.sub("", (m.group(3) or "").strip()))).strip()
                kv = _KEY_VALUE.match(text)
                if not (kv and _alias(kv.group(1), KEY_RESULT_ALIASES) in _KR_FIELDS | _CHECKIN_KEYS):
                    return True
        return False

    # -- result --------------------------------------------------------------------------

    def _finish(self) -> tuple[Any, list[ReadIssue]]:
        for kr in self.continued:
            joined = " ".join([kr.map["text"], *kr.extra]).strip()
            kr.map.set("text", joined, kr.map.line, joined)
        for code, _reason, line in self.pending:
            self.issues.append(ReadIssue.of("OKR002", line, "md-waiver-applies-to-nothing", code=code or "?"))
        kept = [o for o in self.objectives if o.mode != "pending" or o.krs or o.has_meta or "waive" in o.map]
        if not kept and self.title_obj is not None and self.title_obj.krs:
            kept = [self.title_obj]
        if kept:
            objectives = LocatedList(line=kept[0].line)
            for obj in kept:
                if obj.desc and "description" not in obj.map:
                    desc = " ".join(obj.desc)
                    obj.map.set("description", desc, obj.desc_line, desc)
                obj.map.set("key_results", obj.krs, obj.krs.line)
                objectives.add(obj.map, obj.line)
            if "objectives" in self.data:
                self.issues.append(ReadIssue.of("OKR002", kept[0].line, "md-objectives-twice"))
            self.data.set("objectives", objectives, objectives.line)
        elif not any(_alias(k, SET_ALIASES) == "objectives" for k in self.data):
            return None, self.issues + [ReadIssue.of("OKR005", None, "md-nothing-found")]
        return self.data, self.issues


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
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "\\" and nxt and _ESCAPE.match("\\" + nxt):
            out.append("\\\\")
        elif (ch == "*" and bold) or (ch == "<" and nxt == "!") or (ch == ">" and text[max(0, i - 2) : i] == "--"):
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
    """Whether the reader takes `line` back as `expected` in role `kind`."""
    if kind == "title":
        head = _heading(_strip_comments(_protect(line))[0])
        if not head or head[0] != 1:
            return False
        text = _unbold(head[1]).strip()
        return not _OBJ_PREFIX.match(text) and not _OBJ_BARE.match(text) and _restore(text).strip() == expected
    if kind == "description":
        protected, waivers, unclosed = _strip_comments(_protect(line))
        if waivers or unclosed is not None or _ITEM.match(protected) or _heading(protected) or _HR.match(protected) or _FENCE.match(protected):
            return False
        if _SETEXT.match(protected) or protected.strip() != protected or protected.startswith((">", "|")):
            return False
        text = _unbold(protected).strip()
        if _LABEL.match(text) or _OBJ_PREFIX.match(text) or _OBJ_BARE.match(text) or _KR_PREFIX.match(text):
            return False
        if _BOLD_LINE.match(protected):
            return False
        m = _KEY_VALUE.match(text)
        if m and _alias(m.group(1), OBJECTIVE_ALIASES) in _OBJECTIVE_META:
            return False
        return _restore(text).strip() == expected
    return False


def _description_line(description: str) -> str:
    text = _one_line(description)
    candidate = _esc(text)
    if _reads_back(candidate, text, "description"):
        return candidate
    if candidate[:1] and candidate[0] in "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~":
        escaped = "\\" + candidate
        if _reads_back(escaped, text, "description"):
            return escaped
    numbered = re.sub(r"^(\d{1,9})([.)])", r"\1\\\2", candidate)
    if numbered != candidate and _reads_back(numbered, text, "description"):
        return numbered
    return f"Description: {candidate}"


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else repr(value)


def _waiver_comment(code: str, reason: str) -> str:
    return f"<!-- okrcoach: waive {code}: {_esc(_one_line(reason))} -->"


_KR_FIELD_ORDER = ("id", "metric", "baseline", "target", "unit", "direction", "deadline", "owner", "current", "confidence", "weight")


def _kr_lines(n: int, kr: KeyResult) -> list[str]:
    lines = [_waiver_comment(w.code, w.reason) for w in kr.waive]
    lines.append(f"- KR{n}: {_esc(_one_line(kr.text))}")
    for name in _KR_FIELD_ORDER:
        value = getattr(kr, name)
        if value is None:
            continue
        if name in _KR_NUMBERS:
            text = _number(value)
        elif name == "deadline":
            text = value.isoformat()
        else:
            text = _esc(_one_line(str(value)))
        lines.append(f"  - {name}: {text}")
    if kr.guardrail:
        lines.append("  - guardrail: true")
    for checkin in kr.checkins:
        data = checkin.model_dump(mode="json", exclude_none=True)
        if set(data) == {"date", "value"}:
            lines.append(f"  - checkin: {data['date']} {_number(checkin.value)}")
        else:
            lines.append("  - checkin: " + json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))
    return lines


# The objective heading people use in each language (all are read back by `load_located`).
_OBJECTIVE_LABEL = {"en": "Objective", "da": "Mål", "sv": "Mål", "de": "Ziel", "fi": "Tavoite", "hu": "Célkitűzés"}


def _objective_lines(n: int, objective: Objective, language: Optional[str] = None) -> list[str]:
    lines = [_waiver_comment(w.code, w.reason) for w in objective.waive]
    label = _OBJECTIVE_LABEL.get(language or "en", "Objective")
    lines.append(f"## {label} {n}: {_esc_heading_tail(_one_line(objective.title))}")
    for label, value in (("Owner", objective.owner), ("Kind", objective.kind), ("Aligns to", objective.aligns_to), ("Id", objective.id)):
        if value is not None:
            lines.append(f"{label}: {_esc(_one_line(str(value)))}")
    if objective.description is not None and objective.description.strip():
        lines += ["", _description_line(objective.description)]
    if objective.key_results:
        lines.append("")
        for m, kr in enumerate(objective.key_results, 1):
            lines += _kr_lines(m, kr)
    return lines


def dump(okr_set: OkrSet) -> str:
    """Serialise a set as Markdown that `load_located` reads back to an equal model."""
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
    elif title_line is not None and _period_candidate(title):
        meta["period"] = None  # keeps the reader from taking the period from the title
    if okr_set.language is not None:
        meta["language"] = okr_set.language
    out: list[str] = []
    if meta:
        out += ["---", yaml.dump(meta, Dumper=yaml_format._Dumper, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n"), "---", ""]
    if title_line is not None:
        out += [title_line, ""]
    for n, objective in enumerate(okr_set.objectives, 1):
        out += _objective_lines(n, objective, okr_set.language)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
