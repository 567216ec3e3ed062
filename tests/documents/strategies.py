"""Hypothesis strategies: OKR files as people write them in each format, and edit sequences.

A generated document is text plus its `free` lines: comments, prose, tables and quotes outside
every element, which must survive any edit byte for byte.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from okrcoach.checkin import checkin_changes
from okrcoach.documents import Delete, Insert, Move, SetField
from okrcoach.documents.engine import expected_after
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet

FIRST = ["Increase", "Reduce", "Grow", "Win", "Cut", "Øg", "Höja", "Steigern", "Lisää", "Növelni", "Make", "Become", "Keep"]
WORDS = [
    "weekly",
    "active",
    "teams",
    "from",
    "to",
    "by",
    "customers",
    "churn",
    "kunder",
    "måned",
    "Kunden",
    "myyntiä",
    "elégedettség",
    "ÆØÅ",
    "äöü",
    "NPS",
    "MRR",
    "v2.0",
    "5%",
    "8,5",
    "1.200",
    "€",
    "(beta)",
    "2027",
    "Q1 2027",
    "KR1:",
    "Objective 1:",
    "Owner:",
    "-",
    "*",
    "**",
    "#",
    "1.",
    ">",
    "|",
    "`code`",
    "<b>",
    "<!--",
    "-->",
    "\\",
    "[ ]",
    ":",
    "—",
    "&",
    "_x_",
    "yes",
    "null",
    "'quoted'",
    '"double"',
    "a: b",
    "x #y",
    "{curly}",
    "[square]",
    "%",
    "@team",
    ",",
    ";",
]
LETTERS = "abcdefghijklmnopqrstuvwxyzæøåäöüőűé"

word = st.one_of(st.sampled_from(WORDS), st.text(alphabet=LETTERS, min_size=3, max_size=8))
texts = st.builds(lambda first, rest: " ".join([first, *rest]), st.sampled_from(FIRST), st.lists(word, max_size=6))
plain_words = st.lists(st.text(alphabet=LETTERS, min_size=3, max_size=8), min_size=1, max_size=4).map(" ".join)
names = st.sampled_from(["Ann", "Bo Ek", "Jürgen", "Kovács Péter", "ops-team", "Ann: lead", "O'Neil", "Lena #2"])
numbers = st.one_of(st.integers(-50, 5000), st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 2)))
units = st.sampled_from(["%", "customers", "leads/month", "€", "hours", "NPS points", "ms: p95"])
deadlines = st.dates(date(2027, 1, 1), date(2027, 12, 31))
confidences = st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 2))


@dataclass
class Document:
    text: str
    fmt: str
    free: list[str] = field(default_factory=list)


# -- elements ---------------------------------------------------------------------------------------


@st.composite
def key_results(draw, fields: tuple[str, ...] = ("baseline", "target", "unit", "deadline", "owner", "current")) -> KeyResult:
    chosen = draw(st.lists(st.sampled_from(fields), unique=True, max_size=3))
    values: dict[str, Any] = {}
    for name in chosen:
        values[name] = {"baseline": numbers, "target": numbers, "current": numbers, "unit": units, "deadline": deadlines, "owner": names, "confidence": confidences}[name]
        values[name] = draw(values[name])
    return KeyResult(text=draw(texts), **values)


@st.composite
def objectives(draw, max_krs: int = 3) -> Objective:
    return Objective(title=draw(texts), owner=draw(st.none() | names), key_results=draw(st.lists(key_results(), min_size=0, max_size=max_krs)))


# -- YAML -------------------------------------------------------------------------------------------


def _yaml_scalar(draw, text: str) -> str:
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "plain":
        import yaml

        try:
            if yaml.safe_load(text) == text and not any(c in text for c in "#:{}[],&*!|>'\"%@`") and not text.startswith(("-", "?")):
                return text
        except yaml.YAMLError:
            pass
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


def _yaml_value(draw, value: Any) -> str:
    if isinstance(value, str):
        return _yaml_scalar(draw, value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@st.composite
def yaml_documents(draw) -> Document:
    indent = draw(st.sampled_from([2, 4]))
    offset = draw(st.sampled_from([0, 2]))
    nl = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    comments = draw(st.booleans())
    free: list[str] = []
    lines: list[str] = []
    if comments:
        free.append("# Team OKRs, reviewed every Monday")
        lines += [free[-1], ""]
    if draw(st.booleans()):
        lines.append("---")
    if draw(st.booleans()):
        lines.append(f"title: {_yaml_scalar(draw, draw(texts))}" + ("   # the set" if comments else ""))
    if draw(st.booleans()):
        lines.append("period: 2027-Q1")
    if draw(st.booleans()):
        lines.append(f"team: {_yaml_scalar(draw, draw(plain_words))}")
    lines.append("objectives:" + ("  # what we want" if comments else ""))
    pad = " " * offset
    count = draw(st.integers(1, 3))
    for oi in range(count):
        objective = draw(objectives())
        if comments and oi:
            lines.append(f"{pad}# objective {oi + 1}")
        inner = pad + " " * indent
        lines.append(f"{pad}-{' ' * (indent - 1)}title: {_yaml_scalar(draw, objective.title)}" + ("  # title" if comments and draw(st.booleans()) else ""))
        if objective.owner:
            lines.append(f"{inner}owner: {_yaml_scalar(draw, objective.owner)}")
        flow = draw(st.booleans()) and all(set(kr.model_dump(exclude_none=True, exclude_defaults=True)) == {"text"} for kr in objective.key_results)
        if flow:
            items = ", ".join(json.dumps(kr.text, ensure_ascii=False) for kr in objective.key_results)
            lines.append(f"{inner}key_results: [{items}]")
            continue
        if not objective.key_results:
            lines.append(f"{inner}key_results: []")
            continue
        lines.append(f"{inner}key_results:")
        kpad = inner + " " * offset
        for kr in objective.key_results:
            data = kr.model_dump(exclude_none=True, exclude_defaults=True)
            if set(data) == {"text"} and draw(st.booleans()):
                lines.append(f"{kpad}-{' ' * (indent - 1)}{_yaml_scalar(draw, kr.text)}" + ("   # keep this" if comments and draw(st.booleans()) else ""))
                continue
            lines.append(f"{kpad}-{' ' * (indent - 1)}text: {_yaml_scalar(draw, kr.text)}")
            for name, value in data.items():
                if name != "text":
                    lines.append(f"{kpad}{' ' * indent}{name}: {_yaml_value(draw, value)}")
    if comments:
        free.append("# end of file")
        lines.append(free[-1])
    return Document(nl.join(lines) + nl, "yaml", free)


# -- JSON -------------------------------------------------------------------------------------------


@st.composite
def json_documents(draw) -> Document:
    camel = draw(st.booleans())
    kr_key = "keyResults" if camel else "key_results"
    data: dict[str, Any] = {}
    if draw(st.booleans()):
        data["period"] = "2027-Q1"
    if draw(st.booleans()):
        data["team"] = draw(plain_words)
    data["objectives"] = []
    for _ in range(draw(st.integers(1, 3))):
        objective = draw(objectives())
        item: dict[str, Any] = {"title": objective.title}
        if objective.owner:
            item["owner"] = objective.owner
        krs = []
        for kr in objective.key_results:
            values = kr.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            krs.append(values["text"] if set(values) == {"text"} and draw(st.booleans()) else values)
        item[kr_key] = krs
        data["objectives"].append(item)
    indent = draw(st.sampled_from([None, 2, 4, "\t"]))
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=indent)
    return Document(text + draw(st.sampled_from(["\n", ""])), "json", [])


# -- CSV --------------------------------------------------------------------------------------------


@st.composite
def csv_documents(draw) -> Document:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    extra = draw(st.lists(st.sampled_from(["owner", "baseline", "target", "unit", "deadline", "current", "period", "team", "Status"]), unique=True, max_size=5))
    header = ["objective", "key_result", *extra]
    order = draw(st.permutations(header))
    quote_all = draw(st.booleans())
    merged = draw(st.booleans())
    team = draw(plain_words)

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and delimiter != ",":
            text = repr(value).replace(".", ",")
        else:
            text = value.isoformat() if isinstance(value, date) else str(value)
        if quote_all or any(ch in text for ch in (delimiter, '"', "\n")) or text != text.strip():
            return '"' + text.replace('"', '""') + '"'
        return text

    rows = [delimiter.join(order)]
    titles: set[str] = set()
    for _ in range(draw(st.integers(1, 3))):
        objective = draw(objectives())
        title = objective.title
        while title in titles:
            title += " x"
        titles.add(title)
        for ki, kr in enumerate(objective.key_results or [None]):
            values = {"objective": "" if merged and ki else title, "key_result": kr.text if kr else None, "period": "2027-Q1", "team": team, "Status": draw(st.sampled_from(["on track", "late", ""]))}
            if kr is not None:
                values.update({name: getattr(kr, name) for name in ("owner", "baseline", "target", "unit", "deadline", "current")})
            rows.append(delimiter.join(cell(values.get(name)) for name in order))
    return Document(nl.join(rows) + draw(st.sampled_from([nl, ""])), "csv", [])


# -- Markdown ---------------------------------------------------------------------------------------


def _md(text: str) -> str:
    from okrcoach.documents.markdown_edit import escape

    return escape(text, full=True)


@st.composite
def markdown_documents(draw) -> Document:
    free: list[str] = []
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", "team: Growth", "period: 2027-Q1", "---"]
    if draw(st.booleans()):
        lines += [f"# {_md(draw(texts))}", ""]
    for decoration in draw(st.lists(st.sampled_from(["intro", "comment", "quote"]), unique=True, max_size=3)):
        free.append({"intro": "This page holds our OKRs; edit it in Notion.", "comment": "<!-- exported from Notion -->", "quote": "> Focus on outcomes, not output."}[decoration])
        lines += [free[-1], ""]
    label = draw(st.sampled_from(["Objective", "Mål", "Ziel", "O"]))
    style = draw(st.sampled_from(["heading", "heading", "numbered", "bold"]))  # Notion, Google Docs, Confluence
    marker = draw(st.sampled_from(["-", "*", "1."]))
    prefix = draw(st.sampled_from(["KR{n}: ", "", "KR {o}.{n}: "]))
    box = draw(st.sampled_from(["", "[ ] "]))
    sub = draw(st.sampled_from(["  ", "    "]))
    for oi in range(draw(st.integers(1, 3))):
        objective = draw(objectives())
        heading = f"{label}{'' if label == 'O' else ' '}{oi + 1}: {_md(objective.title)}"
        indent = ""
        if style == "numbered":
            lines.append(f"{oi + 1}. {heading}")
            indent = "   "
        else:
            lines.append(f"## {heading}" if style == "heading" else f"**{heading}**")
            if objective.owner:
                lines.append(f"Owner: {_md(objective.owner)}")
            lines.append("")
            if draw(st.booleans()):
                lines += ["Why: we want more customers to stay.", ""] if draw(st.booleans()) else ["<!-- reviewed on Mondays -->", ""]
        for ki, kr in enumerate(objective.key_results):
            item = marker if marker != "1." else f"{ki + 1}."
            lines.append(f"{indent}{item} {box}{prefix.format(n=ki + 1, o=oi + 1)}{_md(kr.text)}")
            width = indent + (sub if marker != "1." else "   ")
            for name, value in kr.model_dump(exclude_none=True, exclude_defaults=True).items():
                if name != "text":
                    shown = value.isoformat() if isinstance(value, date) else (_md(value) if isinstance(value, str) else str(value))
                    lines.append(f"{width}- {name}: {shown}")
            if draw(st.booleans()):
                lines.append(f"{width}- Remember: this excludes trial teams")
        if style != "numbered":
            lines.append("")
    if style == "numbered":
        lines.append("")
    if draw(st.booleans()):
        table = ["## Notes", "", "| Area | Status |", "| --- | --- |", "| Sales | on track |", "", "> Next review: Monday"]
        free += [line for line in table if line]
        lines += table
    nl = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return Document(nl.join(lines).rstrip() + nl, "md", free)


DOCUMENTS = {"yaml": yaml_documents, "json": json_documents, "csv": csv_documents, "md": markdown_documents}


# -- edits ------------------------------------------------------------------------------------------

_KR_FIELDS = {
    "yaml": ("owner", "baseline", "target", "unit", "deadline", "current", "confidence"),
    "json": ("owner", "baseline", "target", "unit", "deadline", "current", "confidence"),
    "csv": ("owner", "baseline", "target", "unit", "deadline", "current", "confidence"),
    "md": ("owner", "baseline", "target", "unit", "deadline", "current", "confidence"),
}
_OBJECTIVE_FIELDS = {"yaml": ("owner", "kind", "aligns_to"), "json": ("owner", "kind", "aligns_to"), "csv": ("owner", "kind", "aligns_to"), "md": ("owner", "kind", "aligns_to")}


def _field_value(draw, name: str) -> Any:
    strategy = {
        "owner": names,
        "baseline": numbers,
        "target": numbers,
        "current": numbers,
        "unit": units,
        "deadline": deadlines,
        "confidence": confidences,
        "kind": st.sampled_from(["committed", "aspirational"]),
        "aligns_to": names,
    }[name]
    return draw(st.none() | strategy)


@st.composite
def edit_sequences(draw, okr_set: OkrSet, fmt: str, max_size: int = 4) -> list:
    """Random valid changes, each drawn against the set as the ones before left it."""
    changes: list = []
    current = okr_set
    for _ in range(draw(st.integers(1, max_size))):
        objectives_now = current.objectives
        krs = [(oi, ki) for oi, o in enumerate(objectives_now) for ki in range(len(o.key_results))]
        kinds = ["title", "objective_field", "insert_kr", "insert_objective"]
        if krs:
            kinds += ["text", "kr_field", "kr_field", "delete_kr", "move_kr", "checkin", "checkin"]
        if len(objectives_now) > 1:
            kinds += ["delete_objective", "move_objective"]
        if fmt != "csv":
            kinds.append("set_field")
        kind = draw(st.sampled_from(kinds))
        step: list = []
        if kind == "title":
            oi = draw(st.integers(0, len(objectives_now) - 1))
            title = draw(texts)
            if fmt == "csv":
                title = _unique_title(title, current)
            step = [SetField((oi, None), "title", title)]
        elif kind == "objective_field":
            oi = draw(st.integers(0, len(objectives_now) - 1))
            name = draw(st.sampled_from(_OBJECTIVE_FIELDS[fmt]))
            step = [SetField((oi, None), name, _field_value(draw, name))]
        elif kind == "set_field":
            name = draw(st.sampled_from(["team", "period", "owner"] if fmt != "md" else ["team", "period"]))
            period_in_title = fmt == "md" and re.search(r"\b(?:Q[1-4]|H[12]|FY)\s*/?\s*\d{4}|\d{4}-(?:Q[1-4]|H[12])", okr_set.title or "")
            if name == "period" and period_in_title:
                # A Markdown title heading that names a period gives the set that period: "no period"
                # cannot be written without changing the title, and the editor refuses it.
                value = draw(st.sampled_from(["2027-Q2", "H2 2027", "FY2028"]))
            else:
                value = draw(st.none() | (st.sampled_from(["2027-Q2", "H2 2027", "FY2028"]) if name == "period" else names))
            step = [SetField(None, name, value)]
        elif kind == "text":
            ref = draw(st.sampled_from(krs))
            step = [SetField(ref, "text", draw(texts))]
        elif kind == "kr_field":
            ref = draw(st.sampled_from(krs))
            name = draw(st.sampled_from(_KR_FIELDS[fmt]))
            value = _field_value(draw, name)
            kr = current.objectives[ref[0]].key_results[ref[1]]
            if fmt == "csv" and name == "current" and kr.checkins:
                continue  # a CSV row's `current` is its check-in's value
            step = [SetField(ref, name, value)]
        elif kind == "insert_kr":
            oi = draw(st.integers(0, len(objectives_now) - 1))
            ki = draw(st.integers(0, len(objectives_now[oi].key_results)))
            step = [Insert((oi, ki), draw(key_results()))]
        elif kind == "insert_objective":
            oi = draw(st.integers(0, len(objectives_now)))
            objective = draw(objectives(max_krs=2))
            if fmt == "csv":
                objective.title = _unique_title(objective.title, current)
            step = [Insert((oi, None), objective)]
        elif kind == "delete_kr":
            step = [Delete(draw(st.sampled_from(krs)))]
        elif kind == "delete_objective":
            step = [Delete((draw(st.integers(0, len(objectives_now) - 1)), None))]
        elif kind == "move_kr":
            oi, ki = draw(st.sampled_from(krs))
            count = len(objectives_now[oi].key_results)
            step = [Move((oi, ki), draw(st.integers(0, count - 1)))]
        elif kind == "move_objective":
            step = [Move((draw(st.integers(0, len(objectives_now) - 1)), None), draw(st.integers(0, len(objectives_now) - 1)))]
        elif kind == "checkin":
            oi, ki = draw(st.sampled_from(krs))
            kr = objectives_now[oi].key_results[ki]
            latest = max((c.date for c in kr.checkins), default=date(2027, 1, 1))
            day = latest + timedelta(days=draw(st.integers(0, 40)))
            checkin = Checkin(date=day, value=draw(numbers), confidence=draw(st.none() | confidences), note=draw(st.none() | texts))
            step = checkin_changes(current, oi, ki, checkin, fmt)
        for change in step:
            changes.append(change)
            current = expected_after(current, change, fmt)
    return changes


def _unique_title(title: str, okr_set: OkrSet) -> str:
    taken = {o.title for o in okr_set.objectives}
    while title in taken:
        title += " x"
    return title
