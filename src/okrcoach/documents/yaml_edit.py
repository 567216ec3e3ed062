"""YAML edited in place: PyYAML's located nodes say where each value stands in the text.

Only the characters of what changed are replaced: a value keeps its key, its comment and the
quoting style the user chose where the new value allows it; a new key goes in at the indentation
of its siblings; a new item takes the shape of its siblings (plain text, `text:` mapping or flow
`[…]`). A key result written as plain text becomes a `text:` mapping in place when it gets a field.

Why node surgery and not a round-trip library: ruamel.yaml re-serialises the whole document on
dump, so alignment, `~`/`null` spelling, spacing inside `[ … ]`, line breaks (CRLF) and mixed
indentation change on lines no one edited (bench/yaml_machinery.py measures it); PyYAML's marks
already give the exact spans, and PyYAML is on the reading path anyway.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Iterator, Optional

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from okrcoach.formats.build import KEY_RESULT_ALIASES, OBJECTIVE_ALIASES, SET_ALIASES, canonical_key
from okrcoach.formats.vocabulary import checkin_key, key_language, local_field_key
from okrcoach.i18n import msg
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, Period, Waiver

from .changes import AddCheckin, Change, Delete, Insert, Move, SetCheckins, SetField
from .numstyle import NUMERIC_FIELDS, NumberStyle, number_forms, style_in_file
from .text import EditRefused, Splice, after_line, column, field_of_key, line_start, newline, number, plain_number, splice, starts_line, with_final_newline, without_added_newline

_KR_ORDER = ("text", "id", "metric", "baseline", "target", "unit", "direction", "deadline", "owner", "current", "confidence", "guardrail", "weight")
_OBJECTIVE_ORDER = ("title", "id", "owner", "kind", "aligns_to", "description")
# A new field goes in before the first of these keys that the element already has.
_BEFORE = {"set": ("objectives",), "objective": ("key_results", "waive"), "key_result": ("checkins", "waive")}
_ALIASES = {"set": SET_ALIASES, "objective": OBJECTIVE_ALIASES, "key_result": KEY_RESULT_ALIASES}


# -- scalars ----------------------------------------------------------------------------------------

_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|:\s|\s#|[\n\r\t]|:$|\s$")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def _escape_controls(text: str) -> str:
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") and ch not in "\n\t" else ch for ch in text)


def double_quoted(text: str) -> str:
    """A double-quoted scalar that YAML (and JSON) read back as `text`."""
    return _escape_controls(json.dumps(text, ensure_ascii=False))


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or _PLAIN_UNSAFE.search(text) or (flow and _FLOW_UNSAFE.search(text)):
        return False
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") for ch in text):
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def text_forms(text: str, style: Optional[str] = None, flow: bool = False) -> list[str]:
    """Ways to write `text` as a YAML scalar, the user's style (`'`, `"` or plain) first."""
    forms: list[str] = []
    if _plain_ok(text, flow):
        forms.append(text)
    forms.append(double_quoted(text))
    if "\n" not in text and "\r" not in text and not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") for ch in text):
        forms.append("'" + text.replace("'", "''") + "'")
    preferred = {"'": "'", '"': '"'}.get(style or "")
    if preferred:
        forms.sort(key=lambda form: 0 if form.startswith(preferred) else 1)
    return forms


def value_forms(value: Any, style: Optional[str] = None, flow: bool = False) -> list[str]:
    """Ways to write a field value: numbers, dates and words as they are; text by `text_forms`."""
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, (int, float)):
        return [number(value)]
    if isinstance(value, Period):
        return text_forms(value.label, style, flow)
    if hasattr(value, "isoformat"):
        return [value.isoformat()]
    if isinstance(value, (list, tuple)):
        return [flow_list(value)]
    return text_forms(str(value), style, flow)


def flow_entry(item: Any, language: Optional[str] = None) -> str:
    """A check-in or waiver as a one-line `{…}` mapping; a check-in's keys in `language` (the
    file's key language, `_Doc.key_language`: `{dato: …, værdi: …}`), English when None."""
    if isinstance(item, Checkin):
        key = {name: checkin_key(name, language) for name in ("date", "value", "confidence", "note")}
        parts = [f"{key['date']}: {item.date.isoformat()}", f"{key['value']}: {number(item.value)}"]
        if item.confidence is not None:
            parts.append(f"{key['confidence']}: {number(plain_number(item.confidence))}")
        if item.note is not None:
            parts.append(f"{key['note']}: {text_forms(item.note, flow=True)[0]}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(item, Waiver):
        return "{" + f"code: {text_forms(item.code, flow=True)[0]}, reason: {text_forms(item.reason, flow=True)[0]}" + "}"
    return value_forms(item, flow=True)[0]


def flow_list(items: Any, language: Optional[str] = None) -> str:
    return "[" + ", ".join(flow_entry(item, language) for item in items) + "]"


# -- nodes ------------------------------------------------------------------------------------------


_KIND_OF_ALIASES = {id(SET_ALIASES): "set", id(OBJECTIVE_ALIASES): "objective", id(KEY_RESULT_ALIASES): "key_result"}


def _key(node: Node, aliases: dict[str, str], value: Optional[Node] = None) -> Optional[str]:
    """The field a mapping's key names, as the reader takes it (local words included; a list
    label, `mål:` above a list, names the list)."""
    if not isinstance(node, ScalarNode):
        return None
    kind = _KIND_OF_ALIASES.get(id(aliases))
    if kind is None:
        name = canonical_key(node.value)
        return aliases.get(name, name)
    return field_of_key(str(node.value), kind, aliases, isinstance(value, SequenceNode))


def find(mapping: Node, name: str, aliases: dict[str, str]) -> Optional[tuple[Node, Node]]:
    if not isinstance(mapping, MappingNode):
        return None
    for key, value in mapping.value:
        if _key(key, aliases, value) == name:
            return key, value
    return None


def content_end(text: str, node: Node) -> int:
    """Index just after the last character of a node's own text (trailing breaks excluded)."""
    if isinstance(node, ScalarNode):
        end = node.end_mark.index
        if node.style in ("|", ">"):
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return content_end(text, last[1] if isinstance(node, MappingNode) else last)


def _is_null(node: Optional[Node]) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


class _Doc:
    """One YAML text being edited: its nodes, its line break and the edits collected so far."""

    def __init__(self, text: str, okr_set: OkrSet) -> None:
        self.text = text
        self.okr_set = okr_set
        self.nl = newline(text)
        try:
            self.root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:  # pragma: no cover - the reader accepted the text
            raise EditRefused(f"the YAML could not be parsed again: {exc}") from exc
        self.edits: list[Splice] = []

    # -- finding elements --------------------------------------------------------------------

    def objectives(self) -> Optional[Node]:
        if isinstance(self.root, SequenceNode):
            return self.root
        found = find(self.root, "objectives", SET_ALIASES) if self.root is not None else None
        return found[1] if found else None

    def _item(self, sequence: Optional[Node], index: int, siblings: list) -> Node:
        """The node of model item `index`, found by its line (items that did not build are skipped)."""
        if not isinstance(sequence, SequenceNode):
            raise EditRefused(msg("phrases.cannot-edit-internal", what="place"))
        items = sequence.value
        source = siblings[index].source
        line = source.line if source is not None else None
        if line is None:
            if index < len(items) and len(items) == len(siblings):
                return items[index]
            raise EditRefused(msg("phrases.cannot-edit-internal", what="place"))
        on_line = [n for n in items if n.start_mark.line + 1 == line]
        rank = sum(1 for other in siblings[:index] if other.source is not None and other.source.line == line)
        if rank < len(on_line):
            return on_line[rank]
        raise EditRefused(msg("phrases.cannot-edit-internal", what="place"))

    def objective(self, oi: int) -> Node:
        return self._item(self.objectives(), oi, self.okr_set.objectives)

    def key_results(self, objective_node: Node) -> Optional[Node]:
        found = find(objective_node, "key_results", OBJECTIVE_ALIASES)
        return found[1] if found else None

    def key_result(self, oi: int, ki: int) -> Node:
        return self._item(self.key_results(self.objective(oi)), ki, self.okr_set.objectives[oi].key_results)

    def node(self, ref: Optional[tuple[int, Optional[int]]]) -> tuple[Node, str]:
        if ref is None:
            if not isinstance(self.root, MappingNode):
                raise EditRefused(msg("phrases.cannot-edit-bare-list-yaml"))
            return self.root, "set"
        oi, ki = ref
        return (self.objective(oi), "objective") if ki is None else (self.key_result(oi, ki), "key_result")

    # -- layout ------------------------------------------------------------------------------

    def dash_column(self, item: Node) -> int:
        start = item.start_mark.index
        prefix = self.text[line_start(self.text, start) : start]
        dash = prefix.rfind("-")
        return len(prefix[:dash]) if dash >= 0 else column(self.text, start)

    def sequence_offset(self) -> int:
        """How far a file indents a list under its key (`key:\\n  - a` → 2, `key:\\n- a` → 0)."""
        for node in self._walk(self.root):
            if isinstance(node, MappingNode) and not node.flow_style:
                for key, value in node.value:
                    if isinstance(value, SequenceNode) and not value.flow_style and value.value:
                        return max(0, self.dash_column(value.value[0]) - key.start_mark.column)
        return 2

    def item_gap(self) -> int:
        """Columns between a list dash and its mapping keys (`-   title:` → 4)."""
        for node in self._walk(self.root):
            if isinstance(node, SequenceNode) and not node.flow_style:
                for item in node.value:
                    if isinstance(item, MappingNode) and not item.flow_style:
                        return max(2, item.start_mark.column - self.dash_column(item))
        return 2

    def _walk(self, node: Optional[Node]) -> Iterator[Node]:
        if node is None:
            return
        yield node
        if isinstance(node, MappingNode):
            for _, value in node.value:
                yield from self._walk(value)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                yield from self._walk(item)

    @property
    def key_language(self) -> Optional[str]:
        """The language the file's own keys are in (`aktuel:`, `nykyinen:` → da, fi), or None for
        English keys: a key or check-in the editor adds is written in it, as the readers read it."""
        if not hasattr(self, "_key_language"):
            keys = [str(key.value) for node in self._walk(self.root) if isinstance(node, MappingNode) for key, _ in node.value if isinstance(key, ScalarNode)]
            self._key_language = key_language(keys)
        return self._key_language

    def new_key(self, kind: str, name: str) -> str:
        """The key a new field `name` of an element of `kind` is written with: the file's key
        language's word for it (`checkin_key`, `local_field_key`), else its English name."""
        language = self.key_language
        if language is None:
            return name
        if name == "checkins":
            return checkin_key(name, language)
        if kind == "key_result":
            return local_field_key(name, language) or name
        return name

    def key_indent(self, mapping: MappingNode) -> int:
        return mapping.value[0][0].start_mark.column if mapping.value else mapping.start_mark.column

    # -- primitive edits ---------------------------------------------------------------------

    def replace(self, start: int, end: int, new: str, order: int = 0) -> None:
        self.edits.append(Splice(start, end, new, order))

    def result(self) -> str:
        return splice(self.text, self.edits)


# -- rendering new elements ------------------------------------------------------------------------


def _fields(item: Objective | KeyResult) -> list[tuple[str, Any]]:
    order = _OBJECTIVE_ORDER if isinstance(item, Objective) else _KR_ORDER
    out = []
    for name in order:
        value = getattr(item, name)
        if value is None or (name == "guardrail" and not value):
            continue
        out.append((name, value))
    if isinstance(item, KeyResult) and item.checkins:
        out.append(("checkins", item.checkins))
    if item.waive:
        out.append(("waive", item.waive))
    return out


def _block_mapping(fields: list[tuple[str, Any]], indent: int, nl: str, offset: int, gap: int) -> list[str]:
    """Lines of a block mapping at `indent` (the first line without its indentation)."""
    lines: list[str] = []
    for name, value in fields:
        lead = "" if not lines else " " * indent
        if name == "key_results":
            lines.append(f"{lead}key_results:")
            for kr in value:
                lines.extend(_block_item(kr, indent + offset, nl, offset, gap, plain_text=True))
            if not value:
                lines[-1] += " []"
        elif name == "checkins":
            lines.append(f"{lead}checkins:")
            lines.extend(" " * (indent + offset) + "- " + flow_entry(c) for c in value)
        else:
            lines.append(f"{lead}{name}: {value_forms(value)[0]}")
    return lines


def _block_item(item: Objective | KeyResult, dash: int, nl: str, offset: int, gap: int, plain_text: bool) -> list[str]:
    """Lines of a new block list item whose dash stands at column `dash`."""
    fields = _fields(item)
    if isinstance(item, Objective):
        fields.append(("key_results", item.key_results))
    if isinstance(item, KeyResult) and plain_text and len(fields) == 1:
        return [" " * dash + "- " + text_forms(item.text)[0]]
    lines = _block_mapping(fields, dash + gap, nl, offset, gap)
    return [" " * dash + "-" + " " * (gap - 1) + lines[0], *lines[1:]]


def _flow_item(item: Objective | KeyResult, plain_text: bool) -> str:
    fields = _fields(item)
    if isinstance(item, KeyResult) and plain_text and len(fields) == 1:
        return text_forms(item.text, flow=True)[0]
    parts = []
    for name, value in fields:
        parts.append(f"{name}: {flow_list(value) if isinstance(value, list) else value_forms(value, flow=True)[0]}")
    if isinstance(item, Objective):
        parts.append("key_results: [" + ", ".join(_flow_item(kr, True) for kr in item.key_results) + "]")
    return "{" + ", ".join(parts) + "}"


# -- the edits -------------------------------------------------------------------------------------


def _scalar_shown(doc: _Doc, node: ScalarNode) -> list[str]:
    """The scalar as written (when on one line), else as a double-quoted string."""
    written = doc.text[node.start_mark.index : content_end(doc.text, node)]
    if node.style not in ("|", ">") and "\n" not in written and "\r" not in written:
        return [written]
    return [double_quoted(node.value)]


def _set_in_mapping(doc: _Doc, mapping: MappingNode, kind: str, name: str, forms: list[str], multiline: Optional[list[str]] = None) -> Iterator[str]:
    """Candidates with `name` set in a mapping: its value replaced, or a new key line."""
    aliases = _ALIASES[kind]
    found = find(mapping, name, aliases)
    text = doc.text
    if found is not None:
        key, value = found
        if isinstance(value, ScalarNode):
            start, end = value.start_mark.index, content_end(text, value)
            space = " " if start == end and text[start - 1 : start] == ":" else ""
            for form in forms:
                yield splice(text, doc.edits + [Splice(start, end, space + form)])
            return
        colon = text.index(":", key.end_mark.index)
        for form in forms:
            yield splice(text, doc.edits + [Splice(colon + 1, content_end(text, value), " " + form)])
        return
    if mapping.flow_style:
        close = mapping.end_mark.index - 1
        if text[close : close + 1] != "}":
            raise EditRefused(msg("phrases.cannot-edit-flow-mapping"))
        inside = text[mapping.start_mark.index + 1 : close]
        separator = "" if not inside.strip() else ("" if inside.rstrip().endswith(",") else ", ")
        trailing = len(inside) - len(inside.rstrip())
        for form in forms:
            yield splice(text, doc.edits + [Splice(close - trailing, close - trailing, f"{separator}{name}: {form}")])
        return
    indent = doc.key_indent(mapping)
    nl = doc.nl
    before = next((k for k, _ in mapping.value if _key(k, aliases) in _BEFORE[kind] and starts_line(text, k.start_mark.index)), None)
    at = line_start(text, before.start_mark.index) if before is not None else after_line(text, content_end(text, mapping))
    for form in forms:
        extra = "".join(nl + line for line in (multiline or []))
        key = doc.new_key(kind, name)
        written = f"{key}: {form}" if form else f"{key}:"
        yield splice(text, doc.edits + [Splice(at, at, f"{' ' * indent}{written}{extra}{nl}")])


def _remove_from_mapping(doc: _Doc, mapping: MappingNode, kind: str, name: str) -> Iterator[str]:
    found = find(mapping, name, _ALIASES[kind])
    if found is None:
        yield doc.result()
        return
    key, value = found
    text = doc.text
    pairs = mapping.value
    index = next(i for i, (k, _) in enumerate(pairs) if k is key)
    end = content_end(text, value)
    if mapping.flow_style:
        if index + 1 < len(pairs):
            yield splice(text, doc.edits + [Splice(key.start_mark.index, pairs[index + 1][0].start_mark.index, "")])
        elif index > 0:
            yield splice(text, doc.edits + [Splice(content_end(text, pairs[index - 1][1]), end, "")])
        else:
            yield splice(text, doc.edits + [Splice(key.start_mark.index, end, "")])
        return
    if starts_line(text, key.start_mark.index):
        yield splice(text, doc.edits + [Splice(line_start(text, key.start_mark.index), after_line(text, end), "")])
        return
    if index + 1 < len(pairs):  # the first key of a `- key: value` item: the next key moves up
        yield splice(text, doc.edits + [Splice(key.start_mark.index, pairs[index + 1][0].start_mark.index, "")])
        return
    raise EditRefused(msg("phrases.cannot-edit-only-field", name=name))


def _as_mapping(doc: _Doc, node: ScalarNode, parent: SequenceNode, main: str, fields: list[tuple[str, str]], blocks: Optional[list[str]] = None) -> Iterator[str]:
    """Candidates turning a plain-text item into a `main:` mapping with extra fields."""
    text = doc.text
    start, end = node.start_mark.index, content_end(text, node)
    for shown in _scalar_shown(doc, node):
        if parent.flow_style:
            parts = [f"{main}: {shown}"] + [f"{name}: {form}" for name, form in fields]
            yield splice(text, doc.edits + [Splice(start, end, "{" + ", ".join(parts) + "}")])
            continue
        indent = " " * node.start_mark.column
        lines = "".join(f"{indent}{name}: {form}{doc.nl}" for name, form in fields) + "".join(line + doc.nl for line in (blocks or []))
        at = after_line(text, end)
        yield splice(text, doc.edits + [Splice(start, end, f"{main}: {shown}"), Splice(at, at, lines, 1)])


def _parent_sequence(doc: _Doc, ref: tuple[int, Optional[int]]) -> SequenceNode:
    oi, ki = ref
    sequence = doc.objectives() if ki is None else doc.key_results(doc.objective(oi))
    if not isinstance(sequence, SequenceNode):
        raise EditRefused(msg("phrases.cannot-edit-internal", what="list"))
    return sequence


def _set_field(doc: _Doc, change: SetField) -> Iterator[str]:
    node, kind = doc.node(change.ref)
    name = change.name
    main = {"objective": "title", "key_result": "text"}.get(kind)
    if change.value is None:
        if name == main:
            raise EditRefused(msg("phrases.cannot-edit-needs-field", name=name))
        if isinstance(node, ScalarNode):
            yield doc.result()
            return
        yield from _remove_from_mapping(doc, node, kind, name)  # type: ignore[arg-type]
        return
    if isinstance(node, ScalarNode):
        parent = _parent_sequence(doc, change.ref)  # type: ignore[arg-type]
        forms = value_forms(change.value, node.style, parent.flow_style)
        if name == main:
            start, end = node.start_mark.index, content_end(doc.text, node)
            for form in forms:
                yield splice(doc.text, doc.edits + [Splice(start, end, form)])
            return
        for form in forms:
            yield from _as_mapping(doc, node, parent, main or "text", [(name, form)])
        return
    if not isinstance(node, MappingNode):
        raise EditRefused(msg("phrases.cannot-edit-internal", what="element-not-mapping"))
    found = find(node, name, _ALIASES[kind])
    style = found[1].style if found is not None and isinstance(found[1], ScalarNode) else None
    if found is None and name == main:
        style = None
    forms = value_forms(change.value, style, node.flow_style)
    if kind == "key_result" and name in NUMERIC_FIELDS and isinstance(change.value, (int, float)) and not isinstance(change.value, bool):
        forms = list(dict.fromkeys([*_text_number_forms(doc, node, name, change.value, node.flow_style, change.ref), *forms]))  # type: ignore[arg-type]
    yield from _set_in_mapping(doc, node, kind, name, forms)


def _is_yaml_number(node: Node) -> bool:
    return isinstance(node, ScalarNode) and str(getattr(node, "tag", "")).rsplit(":", 1)[-1] in ("int", "float")


def _written_numbers(node: Optional[Node]) -> dict[str, str]:
    """A key result node's numeric fields as written (`4,5 h`, `3`, `3.8`)."""
    found = {f: find(node, f, _ALIASES["key_result"]) for f in NUMERIC_FIELDS} if isinstance(node, MappingNode) else {}
    return {f: str(pair[1].value) for f, pair in found.items() if pair is not None and isinstance(pair[1], ScalarNode) and not _is_null(pair[1])}


def _number_style(doc: _Doc, oi: int, ki: int, name: str) -> NumberStyle:
    def written(o: int, k: int) -> dict[str, str]:
        try:
            return _written_numbers(doc.key_result(o, k))
        except EditRefused:
            return {}

    return style_in_file(doc.text, doc.okr_set, oi, ki, name, written)


def number_style(text: str, okr_set: OkrSet, oi: int, ki: int, name: str) -> NumberStyle:
    """The style field `name` of key result (oi, ki) is written in (`numstyle.style_at` over the
    file's numeric fields: the field's own form first, then its key result's, its column's, the
    file's decimal mark), as the editor writes a value there and as okrcoach shows it."""
    return _number_style(_Doc(text, okr_set), oi, ki, name)


def _has_fraction(value: Any) -> bool:
    return isinstance(value, float) and not float(value).is_integer()


def _text_number_forms(doc: _Doc, kr: Node, name: str, value: Any, flow: bool, ref: tuple[int, int]) -> list[str]:
    """A key result's number written the way the file writes it (`'2,6'` beside `'2,1'`, `60 %`
    beside `99,5 %`, `1,5 h` over `2 h`, `2,5` over a unit-less `3`), or [] for a YAML number: a
    field that is a YAML number stays one (a float stays a float) unless it is an integer whose
    new value has a fraction in a file that writes decimal commas, where `2,5` is written as the
    file shows it (the reader takes it as 2.5); a new field beside YAML numbers is one too."""
    found = {f: find(kr, f, _ALIASES["key_result"]) for f in NUMERIC_FIELDS}
    nodes = {f: pair[1] for f, pair in found.items() if pair is not None and isinstance(pair[1], ScalarNode) and not _is_null(pair[1])}
    if not nodes:
        return []
    style = _number_style(doc, ref[0], ref[1], name)
    own = nodes.get(name)
    numbers = [n for n in nodes.values() if _is_yaml_number(n)]
    if (own is not None and _is_yaml_number(own)) or (own is None and numbers):
        if style.decimal != "," or not _has_fraction(value) or any("." in str(n.value) for n in ([own] if own is not None else numbers)):
            return []
        return [NumberStyle(",", "", "").write(value)]
    quoting = (own or next(iter(nodes.values()))).style  # `'2,6'` beside `'2,1'`
    return [form for text in number_forms(value, style) for form in text_forms(text, quoting, flow)]


def _new_list_lines(doc: _Doc, items: list[Any], dash: int) -> list[str]:
    offset, gap = doc.sequence_offset(), doc.item_gap()
    lines: list[str] = []
    for item in items:
        lines.extend(_block_item(item, dash, doc.nl, offset, gap, plain_text=True))
    return lines


def _insert(doc: _Doc, change: Insert) -> Iterator[str]:
    oi, ki = change.ref
    item = change.element
    text, nl = doc.text, doc.nl
    if ki is None:
        sequence = doc.objectives()
        owner: Optional[Node] = doc.root
        owner_kind, list_name, index = "set", "objectives", oi
    else:
        owner = doc.objective(oi)
        sequence = doc.key_results(owner)
        owner_kind, list_name, index = "objective", "key_results", ki
        if isinstance(owner, ScalarNode):
            parent = _parent_sequence(doc, (oi, None))
            if parent.flow_style:
                yield from _as_mapping(doc, owner, parent, "title", [("key_results", "[" + _flow_item(item, True) + "]")])
            else:
                dash = owner.start_mark.column + doc.sequence_offset()
                yield from _as_mapping(doc, owner, parent, "title", [], [" " * owner.start_mark.column + "key_results:", *_new_list_lines(doc, [item], dash)])
            return
    if isinstance(sequence, SequenceNode) and sequence.value:
        siblings = sequence.value
        neighbour = siblings[index - 1] if index > 0 else siblings[0]
        plain = isinstance(neighbour, ScalarNode)
        if sequence.flow_style:
            rendered = _flow_item(item, plain)
            if index < len(siblings):
                at = siblings[index].start_mark.index
                yield splice(text, doc.edits + [Splice(at, at, rendered + ", ")])
            else:
                at = content_end(text, siblings[-1])
                yield splice(text, doc.edits + [Splice(at, at, ", " + rendered)])
            return
        dash = doc.dash_column(siblings[0])
        gap = next((s.start_mark.column - doc.dash_column(s) for s in siblings if isinstance(s, MappingNode)), doc.item_gap())
        lines = _block_item(item, dash, nl, doc.sequence_offset(), max(2, gap), plain_text=plain)
        block = "".join(line + nl for line in lines)
        at = line_start(text, siblings[index].start_mark.index) if index < len(siblings) else after_line(text, content_end(text, siblings[-1]))
        yield splice(text, doc.edits + [Splice(at, at, block)])
        return
    if isinstance(sequence, SequenceNode):  # `[]`
        start = sequence.start_mark.index + 1
        yield splice(text, doc.edits + [Splice(start, sequence.end_mark.index - 1, _flow_item(item, True))])
        return
    if not isinstance(owner, MappingNode):
        raise EditRefused(msg("phrases.cannot-edit-no-list", name=list_name))
    found = find(owner, list_name, _ALIASES[owner_kind])
    if owner.flow_style:
        forms = ["[" + _flow_item(item, True) + "]"]
        yield from _set_in_mapping(doc, owner, owner_kind, list_name, forms)
        return
    indent = doc.key_indent(owner)
    dash = indent + doc.sequence_offset()
    lines = _new_list_lines(doc, [item], dash)
    if found is not None:
        key, value = found
        if not _is_null(value):
            raise EditRefused(msg("phrases.cannot-edit-not-a-list", name=f"{list_name}:"))
        at = after_line(text, key.end_mark.index)
        yield splice(text, doc.edits + [Splice(at, at, "".join(line + nl for line in lines))])
        return
    yield from _set_in_mapping(doc, owner, owner_kind, list_name, [""], lines)


def _chunks(doc: _Doc, sequence: SequenceNode) -> list[tuple[int, int]]:
    text = doc.text
    if sequence.flow_style:
        return [(item.start_mark.index, content_end(text, item)) for item in sequence.value]
    return [(line_start(text, item.start_mark.index), after_line(text, content_end(text, item))) for item in sequence.value]


def _delete(doc: _Doc, change: Delete) -> Iterator[str]:
    oi, ki = change.ref
    node = doc.objective(oi) if ki is None else doc.key_result(oi, ki)
    sequence = _parent_sequence(doc, change.ref)
    items = sequence.value
    index = next(i for i, n in enumerate(items) if n is node)
    text = doc.text
    if sequence.flow_style:
        if index + 1 < len(items):
            yield splice(text, doc.edits + [Splice(node.start_mark.index, items[index + 1].start_mark.index, "")])
        elif index > 0:
            yield splice(text, doc.edits + [Splice(content_end(text, items[index - 1]), content_end(text, node), "")])
        else:
            yield splice(text, doc.edits + [Splice(node.start_mark.index, content_end(text, node), "")])
        return
    start, end = _chunks(doc, sequence)[index]
    yield splice(text, doc.edits + [Splice(start, end, "")])


def _move(doc: _Doc, change: Move) -> Iterator[str]:
    oi, ki = change.ref
    sequence = _parent_sequence(doc, change.ref)
    node = doc.objective(oi) if ki is None else doc.key_result(oi, ki)
    items = sequence.value
    index = next(i for i, n in enumerate(items) if n is node)
    chunks = _chunks(doc, sequence)
    texts = [doc.text[s:e] for s, e in chunks]
    order = list(range(len(items)))
    order.insert(change.to, order.pop(index))
    edits = [Splice(s, e, texts[order[slot]]) for slot, (s, e) in enumerate(chunks) if order[slot] != slot]
    yield splice(doc.text, doc.edits + edits)


def _add_checkin(doc: _Doc, change: AddCheckin) -> Iterator[str]:
    oi, ki = change.ref  # type: ignore[misc]
    node = doc.key_result(oi, ki)  # type: ignore[arg-type]
    entry = flow_entry(change.checkin, doc.key_language)
    text, nl = doc.text, doc.nl
    if isinstance(node, ScalarNode):
        parent = _parent_sequence(doc, change.ref)
        if parent.flow_style:
            yield from _as_mapping(doc, node, parent, "text", [("checkins", f"[{entry}]")])
        else:
            indent = " " * node.start_mark.column
            yield from _as_mapping(doc, node, parent, "text", [], [f"{indent}checkins:", f"{indent}  - {entry}"])
        return
    if not isinstance(node, MappingNode):
        raise EditRefused(msg("phrases.cannot-edit-internal", what="kr-not-mapping"))
    found = find(node, "checkins", KEY_RESULT_ALIASES)
    if found is None:
        if node.flow_style:
            yield from _set_in_mapping(doc, node, "key_result", "checkins", [f"[{entry}]"])
        else:
            indent = " " * doc.key_indent(node)
            yield from _set_in_mapping(doc, node, "key_result", "checkins", [""], [f"{indent}  - {entry}"])
        return
    _, sequence = found
    if isinstance(sequence, SequenceNode) and sequence.flow_style:
        close = sequence.end_mark.index - 1
        inside = text[sequence.start_mark.index + 1 : close]
        separator = "" if not inside.strip() else ("" if inside.rstrip().endswith(",") else ", ")
        at = sequence.start_mark.index + 1 + len(inside.rstrip())
        yield splice(text, doc.edits + [Splice(at, at, separator + entry)])
        return
    if isinstance(sequence, SequenceNode) and sequence.value:
        dash = doc.dash_column(sequence.value[0])
        last = sequence.value[-1]
        at = after_line(text, content_end(text, last))
        if isinstance(last, MappingNode) and not last.flow_style and last.value and change.checkin.note is None:
            inner = last.value[0][0].start_mark.column
            fields = entry[1:-1].split(", ")
            lines = [" " * dash + "-" + " " * max(1, inner - dash - 1) + fields[0]] + [" " * inner + f for f in fields[1:]]
            yield splice(text, doc.edits + [Splice(at, at, nl.join(lines) + nl)])
        yield splice(text, doc.edits + [Splice(at, at, f"{' ' * dash}- {entry}{nl}")])
        return
    if _is_null(sequence):
        yield from _set_in_mapping(doc, node, "key_result", "checkins", [f"[{entry}]"])
        return
    raise EditRefused(msg("phrases.cannot-edit-not-a-list", name="checkins:"))


def _set_checkins(doc: _Doc, change: SetCheckins) -> Iterator[str]:
    oi, ki = change.ref  # type: ignore[misc]
    node = doc.key_result(oi, ki)  # type: ignore[arg-type]
    if not change.checkins:
        yield from _set_field(doc, SetField(change.ref, "checkins", None)) if isinstance(node, MappingNode) else iter([doc.result()])
        return
    forms = [flow_list(change.checkins, doc.key_language)]
    if isinstance(node, ScalarNode):
        parent = _parent_sequence(doc, change.ref)
        yield from _as_mapping(doc, node, parent, "text", [("checkins", forms[0])])
        return
    yield from _set_in_mapping(doc, node, "key_result", "checkins", forms)  # type: ignore[arg-type]


def candidates(text: str, okr_set: OkrSet, change: Change) -> Iterator[str]:
    """Possible new texts for one change, most faithful first."""
    work, added = with_final_newline(text)
    doc = _Doc(work, okr_set)
    nl = doc.nl
    if isinstance(change, SetField):
        if change.name == "checkins":
            produced = _remove_from_mapping(doc, doc.node(change.ref)[0], "key_result", "checkins")  # type: ignore[arg-type]
        else:
            produced = _set_field(doc, change)
    elif isinstance(change, Insert):
        produced = _insert(doc, change)
    elif isinstance(change, Delete):
        produced = _delete(doc, change)
    elif isinstance(change, Move):
        produced = _move(doc, change)
    elif isinstance(change, AddCheckin):
        produced = _add_checkin(doc, change)
    elif isinstance(change, SetCheckins):
        produced = _set_checkins(doc, change)
    else:  # pragma: no cover - every change type is handled above
        raise EditRefused(f"unknown change {change!r}")
    for candidate in produced:
        yield without_added_newline(candidate, added, nl)
