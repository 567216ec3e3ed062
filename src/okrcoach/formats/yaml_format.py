"""YAML, the canonical OKR file format: a guarded safe reader that keeps lines, and a writer.

The reader composes nodes with PyYAML's safe machinery and converts them itself, so it can
refuse anchors and aliases (no alias bombs), refuse duplicate keys, cap nesting depth, and
remember the line of every key and list item.

Two paths give the same result. The fast one reads libyaml's events (`yaml.CSafeLoader`, the C
scanner and parser) and builds the located data straight from them with an explicit stack, no
recursion; it stops at the first event that is not plain data (an anchor, an alias, a second
document, a key that is not a scalar, a repeated key, nesting deeper than MAX_DEPTH), at any
error, at a plain `?` inside `[…]` or `{…}`, and before it starts on a text with a tab (where
libyaml reads what PyYAML's scanner refuses); the guarded pure-Python path then reads the whole
text again and reports it exactly as it always has. Only well-formed, plain files take the fast path, so nothing refused before is let
through and every message, line and column stays the same.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Optional

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import Mark
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from okrcoach.model import OkrSet

from .located import LocatedList, LocatedMap, ReadIssue

MAX_DEPTH = 40


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader that rejects anchors and aliases as they are composed."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1, event.start_mark.column + 1, "yaml-alias", anchor=event.anchor)
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark.line + 1, event.start_mark.column + 1, "yaml-anchor", anchor=anchor)
        return super().compose_node(parent, index)


class _Refused(Exception):
    """Something the guarded reader will not accept: an issue key and its parameters."""

    def __init__(self, line: int, column: int, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.line, self.column, self.key, self.params = line, column, key, params


class _Scalars:
    """Builds the scalars of one document and collects the values that cannot be built."""

    def __init__(self) -> None:
        self.constructor = SafeConstructor()
        self.issues: list[ReadIssue] = []

    def value(self, node: ScalarNode) -> Any:
        """A scalar's value. A number too long to read (4,400 digits) and a value under an explicit
        tag that does not fit it (`!!int abc`, `!!timestamp soon`, an unknown `!tag`) are reported
        with their line and left out (None). A plain value that only looks like a date
        (`2027-13-45`) stays text, so the builder reports it by its field."""
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception as exc:  # noqa: BLE001 - PyYAML raises what it meets (`!!timestamp` on junk gives AttributeError)
            issue = _bad_scalar(node)
            if issue is None and isinstance(exc, ValueError):
                return node.value
            self.issues.append(issue or _bad_scalar(node, explicit=True))
            return None
        finally:
            self.constructor.constructed_objects.clear()
            self.constructor.recursive_objects.clear()


_TAG_KINDS = {"int", "float", "timestamp", "bool", "binary", "null"}


def _bad_scalar(node: ScalarNode, explicit: bool = False) -> Optional[ReadIssue]:
    """The issue for a scalar that cannot be built: a number too long to read, or (`explicit`, or
    when its tag is written in the file) a value that does not fit its tag; else None."""
    from okrcoach.gate import number_text_problem
    from okrcoach.terminal import printable

    line = node.start_mark.line + 1
    tag = str(node.tag or "")
    short = "!!" + tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else tag
    value = printable(str(node.value), single_line=True)
    value = value if len(value) <= 40 else value[:39] + "…"
    too_long = number_text_problem(str(node.value)) if short in ("!!int", "!!float") else None
    if too_long is not None:
        return ReadIssue.of("OKR004", line, "number-too-long", problem=too_long)
    mark = node.start_mark
    written = mark.buffer is not None and mark.pointer < len(mark.buffer) and mark.buffer[mark.pointer] == "!"
    if not (explicit or written):
        return None
    kind = short[2:] if short.startswith("!!") and short[2:] in _TAG_KINDS else "other"
    shown = f"{printable(short, single_line=True)} {value}" if written else value
    return ReadIssue.of("OKR004", line, "yaml-bad-value", evidence=value, value=shown, kind=kind, tag=printable(short, single_line=True))


def _convert(node: Any, scalars: _Scalars, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise _Refused(node.start_mark.line + 1, node.start_mark.column + 1, "yaml-too-deep", depth=MAX_DEPTH)
    line = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        result = LocatedMap(line=line)
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node.start_mark.line + 1, key_node.start_mark.column + 1, "yaml-complex-key")
            key = str(key_node.value)
            if key in result:
                raise _Refused(key_node.start_mark.line + 1, key_node.start_mark.column + 1, "yaml-duplicate-key", key=key, first=result.key_lines[key])
            value = _convert(value_node, scalars, depth + 1)
            raw = value_node.value if isinstance(value_node, ScalarNode) else None
            result.set(key, value, key_node.start_mark.line + 1, raw)
        return result
    if isinstance(node, SequenceNode):
        items = LocatedList(line=line)
        for item in node.value:
            raw = item.value if isinstance(item, ScalarNode) else None
            items.add(_convert(item, scalars, depth + 1), item.start_mark.line + 1, raw)
        return items
    return scalars.value(node)


_CParser = getattr(yaml, "CSafeLoader", None)
_STR_TAG = "tag:yaml.org,2002:str"


class _NotPlain(Exception):
    """The fast reader met something only the guarded reader may judge (see the module doc)."""


def _fast_located(text: str) -> tuple[Any, list[ReadIssue]]:
    """The located data of plain YAML from libyaml's events; raises _NotPlain (or any error
    libyaml raises) for anything else, so the caller falls back to the guarded reader."""
    if "\t" in text:
        raise _NotPlain  # libyaml accepts tabs where PyYAML's scanner refuses them (`l\tanguage: da`)
    parser = _CParser(text)  # type: ignore[misc]
    try:
        get_event = parser.get_event
        resolve = parser.resolve
        scalars = _Scalars()
        constructors = scalars.constructor.yaml_constructors
        if not isinstance(get_event(), yaml.StreamStartEvent):
            raise _NotPlain
        event = get_event()
        if isinstance(event, yaml.StreamEndEvent):
            return None, []
        if not isinstance(event, yaml.DocumentStartEvent):
            raise _NotPlain
        # Each open collection: [container, is_mapping, pending key or None, its key's line, in flow style].
        stack: list[list[Any]] = []
        root: Any = None
        lines: Optional[list[int]] = None
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    raise _NotPlain
                mark = event.start_mark
                value = event.value
                top = stack[-1] if stack else None
                if top is not None and top[4] and not event.style and "?" in value:
                    raise _NotPlain  # libyaml reads `{d? ate: 1}`; PyYAML's scanner refuses it

                if top is not None and top[1] and top[2] is None:
                    # A key: kept as written, never built (a key `2027-13-45` is no date problem).
                    key = str(value)
                    if key in top[0]:
                        raise _NotPlain
                    top[2], top[3] = key, mark.line + 1
                    continue
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(ScalarNode, value, event.implicit)
                if tag == _STR_TAG:
                    built = value
                elif tag in constructors:
                    if lines is None:
                        lines = _line_starts(text)
                    pointer = lines[mark.line] + mark.column if mark.line < len(lines) else len(text)
                    start = Mark("<unicode string>", pointer, mark.line, mark.column, text, pointer)
                    built = scalars.value(ScalarNode(tag, value, start, start, event.style))
                else:
                    raise _NotPlain
                if top is None:
                    root = built
                elif top[1]:
                    top[0].set(top[2], built, top[3], value)
                    top[2] = None
                else:
                    top[0].add(built, mark.line + 1, value)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or len(stack) >= MAX_DEPTH:
                    raise _NotPlain
                line = event.start_mark.line + 1
                mapping = kind is yaml.MappingStartEvent
                container = LocatedMap(line=line) if mapping else LocatedList(line=line)
                if stack:
                    top = stack[-1]
                    if top[1]:
                        if top[2] is None:
                            raise _NotPlain  # a key that is a mapping or a list
                        top[0].set(top[2], container, top[3], None)
                        top[2] = None
                    else:
                        top[0].add(container, line, None)
                else:
                    root = container
                stack.append([container, mapping, None, None, bool(event.flow_style) or (bool(stack) and stack[-1][4])])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.DocumentEndEvent:
                break
            else:
                raise _NotPlain  # an alias, or anything unexpected
        if not isinstance(get_event(), yaml.StreamEndEvent):
            raise _NotPlain  # a second document
        return root, scalars.issues
    finally:
        parser.dispose()


def _line_starts(text: str) -> list[int]:
    """The offset where each line starts, with the line breaks YAML counts (\r\n, \r, \n, NEL,
    LS, PS), for the marks a scalar's problem is reported with."""
    starts = [0]
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\r" and index + 1 < length and text[index + 1] == "\n":
            index += 1
            starts.append(index + 1)
        elif char in "\r\n\x85\u2028\u2029":
            starts.append(index + 1)
        index += 1
    return starts


def load_located(text: str) -> tuple[Any, list[ReadIssue]]:
    """Parse YAML text into located data; syntax problems come back as issues, never raised."""
    if _CParser is not None:
        try:
            return _fast_located(text)
        except Exception:  # noqa: BLE001 - whatever libyaml or the fast path stops at, the guarded reader judges
            pass
    return _guarded_located(text)


def _guarded_located(text: str) -> tuple[Any, list[ReadIssue]]:
    """The pure-Python guarded reader: every refusal and syntax problem, with its line."""
    loader = None
    try:
        loader = _GuardedLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, []
        scalars = _Scalars()
        return _convert(node, scalars), scalars.issues
    except _Refused as refused:
        return None, [ReadIssue.of("OKR002", refused.line, refused.key, line=refused.line, column=refused.column, **refused.params)]
    except yaml.MarkedYAMLError as exc:
        problem, char = _yaml_problem(exc.problem or "", exc.context or "")
        # A quote or bracket never closed is fixed where it opens, not where the parser gave up
        # (often the end of the file).
        opened = problem in ("quote", "bracket") and exc.context_mark is not None
        mark = exc.context_mark if opened else exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        detail = exc.problem or exc.context or "invalid YAML"
        if line is None:
            return None, [ReadIssue.of("OKR002", None, "yaml-syntax-unplaced", problem=problem, detail=detail, char=char)]
        return None, [ReadIssue.of("OKR002", line, "yaml-syntax", problem=problem, detail=detail, char=char, line=line, column=column)]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        code_point = int(exc.character) if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        return None, [ReadIssue.of("OKR002", line, "yaml-control-character", char=f"U+{code_point:04X}", line=line)]
    except yaml.YAMLError as exc:
        return None, [ReadIssue.of("OKR002", None, "yaml-error", detail=" ".join(str(exc).split()))]
    except RecursionError:
        return None, [ReadIssue.of("OKR002", None, "too-deep")]
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_problem(problem: str, context: str) -> tuple[str, str]:
    """What a PyYAML error means, as a selector the templates explain in every language
    (`colon`, `tab`, `character`, `indent`, `quote`, `bracket`, `documents`, else `other`), and the
    character."""
    if "mapping values are not allowed" in problem:
        return "colon", ""
    if problem == "but found another document":
        return "documents", ""
    found = re.search(r"found character '(.+?)' that cannot start any token", problem)
    if found:
        char = found.group(1)
        return ("tab", "") if char in ("\t", "\\t") else ("character", char)
    if "block end" in problem or "did not find expected" in problem or "could not find expected ':'" in problem:
        return "indent", ""
    if "quoted scalar" in context:
        return "quote", ""
    if "flow sequence" in context or "flow mapping" in context:
        return "bracket", ""
    return "other", ""


# -- writing --------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def to_data(okr_set: OkrSet, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
    """The canonical plain structure of a set (shared by the YAML and JSON writers)."""
    data = okr_set.model_dump(mode=mode, exclude_none=True, exclude_defaults=True)
    for objective in data.get("objectives", []):
        objective["key_results"] = [_compact_kr(kr) for kr in objective.get("key_results", [])]
    return data


def _compact_kr(kr: dict[str, Any]) -> Any:
    if set(kr) == {"text"}:
        return kr["text"]
    return kr


def dump_data(data: Any, width: int = 100) -> str:
    """Plain data as YAML the way okrcoach writes it: keys in order, strings that read back as strings."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=width)


def dump(okr_set: OkrSet) -> str:
    """Serialise a set as canonical YAML (field order as in the model)."""
    data = to_data(okr_set)
    for objective in data.get("objectives", []):
        objective.setdefault("key_results", [])
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
