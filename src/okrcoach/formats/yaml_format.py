"""YAML, the canonical OKR file format: a guarded safe reader that keeps lines, and a writer.

The reader composes nodes with PyYAML's safe machinery and converts them itself, so it can
refuse anchors and aliases (no alias bombs), refuse duplicate keys, cap nesting depth, and
remember the line of every key and list item.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Optional

import yaml
from yaml.constructor import SafeConstructor
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


def load_located(text: str) -> tuple[Any, list[ReadIssue]]:
    """Parse YAML text into located data; syntax problems come back as issues, never raised."""
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
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        detail = exc.problem or exc.context or "invalid YAML"
        problem, char = _yaml_problem(exc.problem or "", exc.context or "")
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
    (`colon`, `tab`, `character`, `indent`, `quote`, `bracket`, else `other`), and the character."""
    if "mapping values are not allowed" in problem:
        return "colon", ""
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
