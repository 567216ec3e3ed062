"""JSON with the same structure as the canonical YAML (`*.okr.json`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, Union

from okrcoach.gate import number_text_problem
from okrcoach.i18n import Msg
from okrcoach.model import OkrSet

from . import yaml_format
from .located import LocatedList, LocatedMap, ReadIssue


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def load_located(text: str) -> tuple[Any, list[ReadIssue]]:
    """Parse JSON strictly (json.loads), then again with spans so every key and item has its line."""
    too_long: list[Msg] = []
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=lambda digits: _integer(digits, too_long))
    except _DuplicateKey as exc:
        return None, [ReadIssue.of("OKR002", _find_key_line(text, str(exc)), "json-duplicate-key", key=str(exc))]
    except json.JSONDecodeError as exc:
        return None, [ReadIssue.of("OKR002", exc.lineno, "json-syntax", problem=_JSON_PROBLEMS.get(exc.msg, "other"), detail=exc.msg, line=exc.lineno, column=exc.colno)]
    except RecursionError:
        return None, [ReadIssue.of("OKR002", None, "too-deep")]
    text = text.lstrip("\ufeff")
    try:
        parser = _Parser(text)
        located = _located(parser.parse(), text)
    except (ValueError, RecursionError):  # pragma: no cover - json.loads accepted the text
        return data, [ReadIssue.of("OKR004", None, "number-too-long", problem=problem) for problem in too_long]
    return located, [ReadIssue.of("OKR004", text.count("\n", 0, at) + 1, "number-too-long", problem=problem) for at, problem in parser.too_long]


def _integer(digits: str, too_long: list[Msg]) -> int | None:
    """An integer from JSON, or None (reported) when it has more digits than Python converts."""
    problem = number_text_problem(digits)
    if problem is not None:
        too_long.append(problem)
        return None
    return int(digits)


# -- spans: where each value stands in the text --------------------------------------------------------


@dataclass
class JScalar:
    start: int
    end: int
    value: Any


@dataclass
class JMember:
    key: str
    key_start: int
    value: "JNode"


@dataclass
class JObject:
    start: int
    end: int
    members: list[JMember] = field(default_factory=list)


@dataclass
class JArray:
    start: int
    end: int
    items: list["JNode"] = field(default_factory=list)


JNode = Union[JScalar, JObject, JArray]
_WS = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.too_long: list[tuple[int, Msg]] = []  # (offset, problem) of integers too long to convert

    def parse(self) -> "JNode":
        try:
            return self.value(0)[0]
        except IndexError as exc:
            raise ValueError("unexpected end of the JSON") from exc

    def ws(self, i: int) -> int:
        return _WS.match(self.text, i).end()  # type: ignore[union-attr]

    def value(self, i: int) -> tuple[JNode, int]:
        i = self.ws(i)
        ch = self.text[i : i + 1]
        if ch == "{":
            node = JObject(i, i)
            i = self.ws(i + 1)
            if self.text[i : i + 1] == "}":
                node.end = i + 1
                return node, i + 1
            while True:
                i = self.ws(i)
                key_start = i
                key, i = scanstring(self.text, i + 1)
                i = self.ws(i) + 1  # ':'
                value, i = self.value(i)
                node.members.append(JMember(key, key_start, value))
                i = self.ws(i)
                if self.text[i] == ",":
                    i += 1
                    continue
                node.end = i + 1
                return node, i + 1
        if ch == "[":
            array = JArray(i, i)
            i = self.ws(i + 1)
            if self.text[i : i + 1] == "]":
                array.end = i + 1
                return array, i + 1
            while True:
                item, i = self.value(i)
                array.items.append(item)
                i = self.ws(i)
                if self.text[i] == ",":
                    i += 1
                    continue
                array.end = i + 1
                return array, i + 1
        if ch == '"':
            text, end = scanstring(self.text, i + 1)
            return JScalar(i, end, text), end
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, i):
                return JScalar(i, i + len(word), value), i + len(word)
        m = _NUMBER.match(self.text, i)
        if not m:
            raise ValueError(f"unexpected character at {i}")
        token = m.group()
        problem = number_text_problem(token.lstrip("-")) if token.lstrip("-").isdigit() else None
        if problem is not None:
            self.too_long.append((i, problem))
            return JScalar(i, m.end(), None), m.end()
        return JScalar(i, m.end(), json.loads(token)), m.end()


def parse_spans(text: str) -> JNode:
    """The JSON value of `text` with the span of every member and item (text json.loads accepts)."""
    return _Parser(text).parse()


def _located(node: JNode, text: str, depth: int = 0) -> Any:
    if depth > 40:
        raise RecursionError
    line = text.count("\n", 0, node.start) + 1
    if isinstance(node, JObject):
        result = LocatedMap(line=line)
        for member in node.members:
            value = member.value
            raw = value.value if isinstance(value, JScalar) and isinstance(value.value, str) else None
            result.set(member.key, _located(value, text, depth + 1), text.count("\n", 0, member.key_start) + 1, raw)
        return result
    if isinstance(node, JArray):
        items = LocatedList(line=line)
        for item in node.items:
            raw = item.value if isinstance(item, JScalar) and isinstance(item.value, str) else None
            items.add(_located(item, text, depth + 1), text.count("\n", 0, item.start) + 1, raw)
        return items
    return node.value


# The json module's messages, as selectors the templates explain in every language.
_JSON_PROBLEMS = {
    "Expecting ',' delimiter": "comma",
    "Expecting ':' delimiter": "colon",
    "Expecting property name enclosed in double quotes": "name",
    "Expecting value": "value",
    "Unterminated string starting at": "string",
    "Extra data": "extra",
    "Invalid control character at": "control",
}


def _find_key_line(text: str, key: str) -> int | None:
    needle = json.dumps(key)
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[1] if len(lines) > 1 else (lines[0] if lines else None)


def dump(okr_set: OkrSet) -> str:
    """Serialise a set as JSON with the canonical structure."""
    return json.dumps(yaml_format.to_data(okr_set, mode="json"), ensure_ascii=False, indent=2) + "\n"
