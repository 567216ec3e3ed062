"""JSON edited in place: a small parser keeps the span of every value, so a change replaces
only its own characters and new members or items follow the layout around them (one line or
one member per line, the file's indentation, its key spelling such as `keyResults`)."""

from __future__ import annotations

import json
import re
from typing import Any, Iterator, Optional, Union

from okrcoach.formats.build import KEY_RESULT_ALIASES, OBJECTIVE_ALIASES, SET_ALIASES, canonical_key
from okrcoach.formats.json_format import JArray, JMember, JNode, JObject, JScalar, parse_spans
from okrcoach.formats.vocabulary import checkin_key, key_language, local_field_key
from okrcoach.i18n import msg
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, Period, Waiver

from .changes import AddCheckin, Change, Delete, Insert, Move, SetCheckins, SetField
from .numstyle import NUMERIC_FIELDS, NumberStyle, number_forms, style_in_file
from .text import EditRefused, Splice, column, field_of_key, line_start, newline, number, plain_number, splice

_ALIASES = {"set": SET_ALIASES, "objective": OBJECTIVE_ALIASES, "key_result": KEY_RESULT_ALIASES}
_KR_ORDER = ("text", "id", "metric", "baseline", "target", "unit", "direction", "deadline", "owner", "current", "confidence", "guardrail", "weight")
_OBJECTIVE_ORDER = ("title", "id", "owner", "kind", "aligns_to", "description")


# -- the document -----------------------------------------------------------------------------------


_KIND_OF_ALIASES = {id(SET_ALIASES): "set", id(OBJECTIVE_ALIASES): "objective", id(KEY_RESULT_ALIASES): "key_result"}


def _find(obj: JNode, name: str, aliases: dict[str, str]) -> Optional[JMember]:
    """The member of `obj` naming field `name`, as the reader takes its key (local words included)."""
    if not isinstance(obj, JObject):
        return None
    kind = _KIND_OF_ALIASES.get(id(aliases))
    for member in obj.members:
        canon = canonical_key(member.key)
        if (aliases.get(canon, canon) if kind is None else field_of_key(member.key, kind, aliases, isinstance(member.value, JArray))) == name:
            return member
    return None


class _Doc:
    def __init__(self, text: str, okr_set: OkrSet) -> None:
        self.text = text
        self.okr_set = okr_set
        try:
            self.root = parse_spans(text)
        except ValueError as exc:
            raise EditRefused(msg("phrases.cannot-edit-internal", what="reparse")) from exc
        self.nl = newline(text)
        self.ascii = all(ord(ch) < 128 for ch in text) and "\\u" in text
        self.unit = self._indent_unit()
        self.camel = bool(re.search(r'"[a-z]+[A-Z][A-Za-z]*"\s*:', text)) and not re.search(r'"[a-z]+_[a-z_]+"\s*:', text)

    def _indent_unit(self) -> Union[int, str]:
        widths = [m.group(1) for m in re.finditer(r"(?:\r\n|\r|\n)([ \t]+)\S", self.text)]
        if any("\t" in w for w in widths):
            return "\t"
        return min((len(w) for w in widths), default=2) or 2

    def dumps(self, value: Any, indent: Optional[int] = None) -> str:
        """A JSON value in the file's style; multi-line values start at column `indent`."""
        if indent is None:
            return json.dumps(value, ensure_ascii=self.ascii)
        text = json.dumps(value, ensure_ascii=self.ascii, indent=self.unit)
        return text.replace("\n", self.nl + (" " * indent if self.unit != "\t" else "\t" * (indent // 4)))

    @property
    def key_language(self) -> Optional[str]:
        """The language the file's own keys are in (`aktuel`, `målværdi` → da), or None for English
        keys: a field or check-in the editor adds is written in it, as the YAML editor writes it."""
        if not hasattr(self, "_key_language"):
            keys: list[str] = []
            stack: list[Any] = [self.root]
            while stack:
                node = stack.pop()
                if isinstance(node, JObject):
                    keys.extend(member.key for member in node.members)
                    stack.extend(member.value for member in node.members)
                elif isinstance(node, JArray):
                    stack.extend(node.items)
            self._key_language = key_language(keys)
        return self._key_language

    def new_key(self, kind: str, name: str) -> str:
        """The key a new field `name` of an element of `kind` is written with: the file's key
        language's word for it (`opfølgninger`, `aktuel`), else its English name in the file's spelling."""
        language = self.key_language
        if language is not None:
            if name == "checkins":
                return checkin_key(name, language)
            if kind == "key_result":
                return local_field_key(name, language) or self.key(name)
        return self.key(name)

    def key(self, name: str) -> str:
        if not self.camel:
            return name
        head, *rest = name.split("_")
        return head + "".join(part.capitalize() for part in rest)

    def multiline(self, node: Union[JObject, JArray]) -> bool:
        first = node.members[0].key_start if isinstance(node, JObject) and node.members else (node.items[0].start if isinstance(node, JArray) and node.items else node.end - 1)
        return bool(re.search(r"[\r\n]", self.text[node.start : first]))

    def inner_indent(self, node: Union[JObject, JArray]) -> int:
        if isinstance(node, JObject) and node.members:
            return column(self.text, node.members[0].key_start)
        if isinstance(node, JArray) and node.items:
            return column(self.text, node.items[0].start)
        return self.indent_of(node) + (self.unit if isinstance(self.unit, int) else 4)

    def indent_of(self, node: JNode) -> int:
        start = line_start(self.text, node.start)
        line = self.text[start:]
        return len(line) - len(line.lstrip(" \t"))

    # -- elements --------------------------------------------------------------------------

    def objectives(self) -> Optional[JNode]:
        if isinstance(self.root, JArray):
            return self.root
        member = _find(self.root, "objectives", SET_ALIASES)
        return member.value if member else None

    def _item(self, array: Optional[JNode], index: int, siblings: list) -> JNode:
        if not isinstance(array, JArray):
            raise EditRefused(msg("phrases.cannot-edit-internal", what="place"))
        source = siblings[index].source
        line = source.line if source is not None else None
        if line is not None:
            on_line = [n for n in array.items if self.text.count("\n", 0, n.start) + 1 == line]
            rank = sum(1 for other in siblings[:index] if other.source is not None and other.source.line == line)
            if rank < len(on_line):
                return on_line[rank]
        if len(array.items) == len(siblings):
            return array.items[index]
        raise EditRefused(msg("phrases.cannot-edit-internal", what="place"))

    def objective(self, oi: int) -> JNode:
        return self._item(self.objectives(), oi, self.okr_set.objectives)

    def key_results(self, objective: JNode) -> Optional[JNode]:
        member = _find(objective, "key_results", OBJECTIVE_ALIASES)
        return member.value if member else None

    def key_result(self, oi: int, ki: int) -> JNode:
        return self._item(self.key_results(self.objective(oi)), ki, self.okr_set.objectives[oi].key_results)

    def node(self, ref: Optional[tuple[int, Optional[int]]]) -> tuple[JNode, str]:
        if ref is None:
            if not isinstance(self.root, JObject):
                raise EditRefused(msg("phrases.cannot-edit-bare-list"))
            return self.root, "set"
        oi, ki = ref
        return (self.objective(oi), "objective") if ki is None else (self.key_result(oi, ki), "key_result")

    def parent(self, ref: tuple[int, Optional[int]]) -> JArray:
        oi, ki = ref
        array = self.objectives() if ki is None else self.key_results(self.objective(oi))
        if not isinstance(array, JArray):
            raise EditRefused(msg("phrases.cannot-edit-internal", what="list"))
        return array


# -- values -----------------------------------------------------------------------------------------


def _plain(value: Any, language: Optional[str] = None) -> Any:
    """A value as JSON data; a check-in's keys in `language` (the file's key language:
    `{"dato": …, "værdi": …}`), English when None."""
    if isinstance(value, Period):
        return value.label
    if isinstance(value, Checkin):
        key = {name: checkin_key(name, language) for name in ("date", "value", "confidence", "note")} if language else {}
        data: dict[str, Any] = {key.get("date", "date"): value.date.isoformat(), key.get("value", "value"): value.value}
        if value.confidence is not None:
            data[key.get("confidence", "confidence")] = plain_number(value.confidence)
        if value.note is not None:
            data[key.get("note", "note")] = value.note
        return data
    if isinstance(value, Waiver):
        return {"code": value.code, "reason": value.reason}
    if isinstance(value, (list, tuple)):
        return [_plain(v, language) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _element(doc: _Doc, item: Union[Objective, KeyResult], plain_text: bool) -> Any:
    if isinstance(item, KeyResult):
        data = {doc.key(name): _plain(getattr(item, name)) for name in _KR_ORDER if getattr(item, name) is not None and not (name == "guardrail" and not item.guardrail)}
        if item.checkins:
            data[doc.new_key("key_result", "checkins")] = _plain(item.checkins, doc.key_language)
        if item.waive:
            data[doc.key("waive")] = _plain(item.waive)
        if plain_text and list(data) == ["text"]:
            return item.text
        return data
    data = {doc.key(name): _plain(getattr(item, name)) for name in _OBJECTIVE_ORDER if getattr(item, name) is not None}
    if item.waive:
        data["waive"] = _plain(item.waive)
    data[doc.key("key_results")] = [_element(doc, kr, True) for kr in item.key_results]
    return data


# -- edits ------------------------------------------------------------------------------------------


def _render(doc: _Doc, value: Any, container: Union[JObject, JArray]) -> str:
    if isinstance(value, (dict, list)) and value and doc.multiline(container):
        return doc.dumps(value, doc.inner_indent(container))
    return doc.dumps(value)


def _numeric_members(node: Optional[JNode]) -> dict[str, JScalar]:
    """A key result object's numeric fields that hold a scalar (a JSON number or a text)."""
    found = {f: _find(node, f, KEY_RESULT_ALIASES) for f in NUMERIC_FIELDS} if isinstance(node, JObject) else {}
    return {f: m.value for f, m in found.items() if m is not None and isinstance(m.value, JScalar) and m.value.value is not None}


def _is_json_number(node: JScalar) -> bool:
    return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)


def _number_style(doc: _Doc, oi: int, ki: int, name: str) -> NumberStyle:
    members = _numeric_members(_key_result_or_none(doc, oi, ki))
    own = members.get(name)
    if (own is not None and _is_json_number(own)) or (own is None and any(_is_json_number(n) for n in members.values())):
        return NumberStyle(".", "", "")  # a JSON number has JSON's decimal point, whatever the file's prose writes

    def written(o: int, k: int) -> dict[str, str]:
        return {f: n.value for f, n in _numeric_members(_key_result_or_none(doc, o, k)).items() if isinstance(n.value, str)}

    return style_in_file(doc.text, doc.okr_set, oi, ki, name, written)


def _key_result_or_none(doc: _Doc, oi: int, ki: int) -> Optional[JNode]:
    try:
        return doc.key_result(oi, ki)
    except EditRefused:
        return None


def number_style(text: str, okr_set: OkrSet, oi: int, ki: int, name: str) -> NumberStyle:
    """The style field `name` of key result (oi, ki) is written in: JSON's decimal point where the
    field is (or its key result's fields are) JSON numbers, which stay numbers; the style of the
    file's texts (`"4,5 h"`: `numstyle.style_at`, the field's own form first) where they are texts,
    as the editor writes a value there and as okrcoach shows it."""
    return _number_style(_Doc(text, okr_set), oi, ki, name)


def _number_texts(doc: _Doc, obj: JObject, ref: tuple[int, int], name: str, value: Any) -> list[str]:
    """A key result's number as JSON texts written the way the file's texts are (`"1,5 h"` over
    `"2 h"`), or [] where the field (or, for a new field, its key result's fields) holds JSON
    numbers, which stay numbers."""
    members = _numeric_members(obj)
    own = members.get(name)
    if not members or (own is not None and _is_json_number(own)) or (own is None and any(_is_json_number(n) for n in members.values())):
        return []
    style = _number_style(doc, ref[0], ref[1], name)
    return [json.dumps(form, ensure_ascii=doc.ascii) for form in number_forms(value, style)]


class _Raw(str):
    """A value already written as JSON (a number as the file's texts write it: `"1,5 h"`)."""


def _set_member(doc: _Doc, obj: JObject, kind: str, name: str, value: Any) -> str:
    member = _find(obj, name, _ALIASES[kind])
    text = doc.text
    if member is not None:
        node = member.value
        if isinstance(value, _Raw):
            rendered = str(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            rendered = number(value)
        else:
            rendered = _render(doc, value, obj)
        return splice(text, [Splice(node.start, node.end, rendered)])
    key = json.dumps(doc.new_key(kind, name), ensure_ascii=doc.ascii)
    if isinstance(value, _Raw):
        rendered = str(value)
    else:
        rendered = number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else _render(doc, value, obj)
    if not obj.members:
        if doc.multiline(obj) or isinstance(value, (dict, list)) and value:
            indent = doc.inner_indent(obj)
            rendered = doc.dumps(value, indent) if isinstance(value, (dict, list)) else rendered
            return splice(text, [Splice(obj.start + 1, obj.end - 1, f"{doc.nl}{' ' * indent}{key}: {rendered}{doc.nl}{' ' * doc.indent_of(obj)}")])
        return splice(text, [Splice(obj.start + 1, obj.end - 1, f"{key}: {rendered}")])
    last = obj.members[-1].value
    if doc.multiline(obj):
        return splice(text, [Splice(last.end, last.end, f",{doc.nl}{' ' * doc.inner_indent(obj)}{key}: {rendered}")])
    return splice(text, [Splice(last.end, last.end, f", {key}: {rendered}")])


def _remove_member(doc: _Doc, obj: JObject, kind: str, name: str) -> str:
    member = _find(obj, name, _ALIASES[kind])
    if member is None:
        return doc.text
    index = obj.members.index(member)
    if index > 0:
        return splice(doc.text, [Splice(obj.members[index - 1].value.end, member.value.end, "")])
    if len(obj.members) > 1:
        return splice(doc.text, [Splice(member.key_start, obj.members[1].key_start, "")])
    return splice(doc.text, [Splice(obj.start + 1, obj.end - 1, "")])


def _as_object(doc: _Doc, node: JScalar, parent: JArray, main: str, extra: dict[str, Any]) -> str:
    data = {doc.key(main): node.value, **{doc.key(k): v for k, v in extra.items()}}
    return splice(doc.text, [Splice(node.start, node.end, _render(doc, data, parent))])


def _insert_item(doc: _Doc, array: JArray, index: int, value: Any) -> str:
    text = doc.text
    if not array.items:
        if isinstance(value, dict):
            indent = doc.indent_of(array) + (doc.unit if isinstance(doc.unit, int) else 4)
            return splice(text, [Splice(array.start + 1, array.end - 1, f"{doc.nl}{' ' * indent}{doc.dumps(value, indent)}{doc.nl}{' ' * doc.indent_of(array)}")])
        return splice(text, [Splice(array.start + 1, array.end - 1, doc.dumps(value))])
    rendered = _render(doc, value, array)
    if doc.multiline(array):
        indent = doc.inner_indent(array)
        if index < len(array.items):
            at = array.items[index].start
            return splice(text, [Splice(at, at, f"{rendered},{doc.nl}{' ' * indent}")])
        last = array.items[-1]
        return splice(text, [Splice(last.end, last.end, f",{doc.nl}{' ' * indent}{rendered}")])
    if index < len(array.items):
        at = array.items[index].start
        return splice(text, [Splice(at, at, f"{rendered}, ")])
    last = array.items[-1]
    return splice(text, [Splice(last.end, last.end, f", {rendered}")])


def _delete_item(doc: _Doc, array: JArray, index: int) -> str:
    items = array.items
    if index > 0:
        return splice(doc.text, [Splice(items[index - 1].end, items[index].end, "")])
    if len(items) > 1:
        return splice(doc.text, [Splice(items[0].start, items[1].start, "")])
    return splice(doc.text, [Splice(array.start + 1, array.end - 1, "")])


def candidates(text: str, okr_set: OkrSet, change: Change) -> Iterator[str]:
    doc = _Doc(text, okr_set)
    if isinstance(change, SetField):
        node, kind = doc.node(change.ref)
        main = {"objective": "title", "key_result": "text"}.get(kind)
        if isinstance(node, JScalar):
            if change.value is None:
                yield text
                return
            parent = doc.parent(change.ref)  # type: ignore[arg-type]
            if change.name == main:
                yield splice(text, [Splice(node.start, node.end, doc.dumps(_plain(change.value)))])
            else:
                yield _as_object(doc, node, parent, main or "text", {change.name: _plain(change.value)})
            return
        if not isinstance(node, JObject):
            raise EditRefused(msg("phrases.cannot-edit-internal", what="element-not-object"))
        if change.value is None:
            yield _remove_member(doc, node, kind, change.name)
            return
        if kind == "key_result" and change.name in NUMERIC_FIELDS and isinstance(change.value, (int, float)) and not isinstance(change.value, bool):
            member = _find(node, change.name, KEY_RESULT_ALIASES)
            for written in _number_texts(doc, node, change.ref, change.name, change.value):  # type: ignore[arg-type]
                if member is not None:
                    yield splice(text, [Splice(member.value.start, member.value.end, written)])
                else:
                    yield _set_member(doc, node, kind, change.name, _Raw(written))
        yield _set_member(doc, node, kind, change.name, _plain(change.value))
        return
    if isinstance(change, (AddCheckin, SetCheckins)):
        node, _ = doc.node(change.ref)
        entries = [_plain(change.checkin, doc.key_language)] if isinstance(change, AddCheckin) else _plain(list(change.checkins), doc.key_language)
        if isinstance(node, JScalar):
            yield _as_object(doc, node, doc.parent(change.ref), "text", {doc.new_key("key_result", "checkins"): entries})
            return
        if not isinstance(node, JObject):
            raise EditRefused(msg("phrases.cannot-edit-internal", what="kr-not-object"))
        member = _find(node, "checkins", KEY_RESULT_ALIASES)
        if isinstance(change, SetCheckins):
            yield _set_member(doc, node, "key_result", "checkins", entries) if entries else _remove_member(doc, node, "key_result", "checkins")
        elif member is not None and isinstance(member.value, JArray):
            yield _insert_item(doc, member.value, len(member.value.items), entries[0])
        elif member is None or (isinstance(member.value, JScalar) and member.value.value is None):
            yield _set_member(doc, node, "key_result", "checkins", entries)
        else:
            raise EditRefused(msg("phrases.cannot-edit-internal", what="checkins-not-list"))
        return
    if isinstance(change, Insert):
        oi, ki = change.ref
        plain = True
        if ki is None:
            array = doc.objectives()
            index = oi
        else:
            owner = doc.objective(oi)
            array = doc.key_results(owner)
            index = ki
            if isinstance(owner, JScalar):
                yield _as_object(doc, owner, doc.parent((oi, None)), "title", {"key_results": [_element(doc, change.element, True)]})
                return
            if array is None or (isinstance(array, JScalar) and array.value is None):
                yield _set_member(doc, owner, "objective", "key_results", [_element(doc, change.element, True)])  # type: ignore[arg-type]
                return
        if not isinstance(array, JArray):
            if ki is None and isinstance(doc.root, JObject) and array is None:
                yield _set_member(doc, doc.root, "set", "objectives", [_element(doc, change.element, True)])
                return
            raise EditRefused(msg("phrases.cannot-edit-internal", what="add-list"))
        if array.items:
            neighbour = array.items[index - 1] if index > 0 else array.items[0]
            plain = isinstance(neighbour, JScalar)
        yield _insert_item(doc, array, index, _element(doc, change.element, plain))
        return
    if isinstance(change, Delete):
        array = doc.parent(change.ref)
        node = doc.objective(change.ref[0]) if change.ref[1] is None else doc.key_result(change.ref[0], change.ref[1])
        yield _delete_item(doc, array, next(i for i, n in enumerate(array.items) if n is node))
        return
    if isinstance(change, Move):
        array = doc.parent(change.ref)
        node = doc.objective(change.ref[0]) if change.ref[1] is None else doc.key_result(change.ref[0], change.ref[1])
        index = next(i for i, n in enumerate(array.items) if n is node)
        spans = [(item.start, item.end) for item in array.items]
        texts = [text[s:e] for s, e in spans]
        order = list(range(len(spans)))
        order.insert(change.to, order.pop(index))
        yield splice(text, [Splice(s, e, texts[order[slot]]) for slot, (s, e) in enumerate(spans) if order[slot] != slot])
        return
    raise EditRefused(f"unknown change {change!r}")  # pragma: no cover
