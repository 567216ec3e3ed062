"""YAML, the canonical OKR file format: a guarded safe reader that keeps lines, and a writer.

The reader composes nodes with PyYAML's safe machinery and converts them itself, so it can
refuse anchors and aliases (no alias bombs), refuse duplicate keys, cap nesting depth, and
remember the line of every key and list item.
"""

from __future__ import annotations

import re
from typing import Any, Literal

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


_scalar_constructor = SafeConstructor()


def _scalar(node: ScalarNode) -> Any:
    try:
        return _scalar_constructor.construct_object(node, deep=True)
    except ValueError:
        # `2027-13-45` matches YAML's timestamp pattern but is no date: keep the text, and the
        # builder reports the field with its line instead of the reader crashing.
        return node.value


def _convert(node: Any, depth: int = 0) -> Any:
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
            value = _convert(value_node, depth + 1)
            raw = value_node.value if isinstance(value_node, ScalarNode) else None
            result.set(key, value, key_node.start_mark.line + 1, raw)
        return result
    if isinstance(node, SequenceNode):
        items = LocatedList(line=line)
        for item in node.value:
            raw = item.value if isinstance(item, ScalarNode) else None
            items.add(_convert(item, depth + 1), item.start_mark.line + 1, raw)
        return items
    return _scalar(node)


def load_located(text: str) -> tuple[Any, list[ReadIssue]]:
    """Parse YAML text into located data; syntax problems come back as issues, never raised."""
    loader = None
    try:
        loader = _GuardedLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, []
        return _convert(node), []
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


def dump(okr_set: OkrSet) -> str:
    """Serialise a set as canonical YAML (field order as in the model)."""
    data = to_data(okr_set)
    for objective in data.get("objectives", []):
        objective.setdefault("key_results", [])
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
