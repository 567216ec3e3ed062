"""YAML, the canonical OKR file format: a guarded safe reader that keeps lines, and a writer.

The reader composes nodes with PyYAML's safe machinery and converts them itself, so it can
refuse anchors and aliases (no alias bombs), refuse duplicate keys, cap nesting depth, and
remember the line of every key and list item.
"""

from __future__ import annotations

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
            raise _Refused(
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                f"YAML alias `*{event.anchor}` is not allowed in OKR files",
                "Write the value out in full instead of using anchors (&) and aliases (*).",
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                f"YAML anchor `&{anchor}` is not allowed in OKR files",
                "Remove the anchor (&name) and write each value out in full.",
            )
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str, fix: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.fix = line, column, message, fix


_TAG_WORDS = {"int": "a whole number", "float": "a number", "timestamp": "a date", "bool": "true or false", "binary": "base64 data", "null": "empty"}


class _Scalars:
    """Builds the scalars of one document and collects the values that cannot be built."""

    def __init__(self) -> None:
        self.constructor = SafeConstructor()
        self.issues: list[ReadIssue] = []

    def value(self, node: ScalarNode) -> Any:
        """A scalar's value; one that cannot be built (a 4,400-digit integer, `!!int abc`,
        `2027-13-45`, an unknown tag) is reported with its line and left out (None)."""
        try:
            value = self.constructor.construct_object(node, deep=True)
        except Exception as exc:  # noqa: BLE001 - PyYAML raises what it meets (`!!timestamp` on junk gives AttributeError)
            self.issues.append(_bad_scalar(node, exc))
            return None
        finally:
            self.constructor.constructed_objects.clear()
            self.constructor.recursive_objects.clear()
        return value


def _bad_scalar(node: ScalarNode, exc: Exception) -> ReadIssue:
    from okrcoach.gate import number_text_problem
    from okrcoach.terminal import printable

    line = node.start_mark.line + 1
    tag = str(node.tag or "")
    short = "!!" + tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else tag
    value = printable(str(node.value), single_line=True)
    value = value if len(value) <= 40 else value[:39] + "…"
    mark = node.start_mark
    explicit = mark.buffer is not None and mark.pointer < len(mark.buffer) and mark.buffer[mark.pointer] == "!"
    too_long = number_text_problem(str(node.value)) if short in ("!!int", "!!float") else None
    if too_long:
        message = f"{too_long} (line {line}); the value is left out"
    else:
        word = _TAG_WORDS.get(short[2:], f"a value tagged `{short}`") if short.startswith("!!") else f"a value tagged `{short}`"
        reason = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        written = f"`{short} {value}`" if explicit else f"`{value}`"
        message = f"{written} (line {line}) is not {word}: {printable(str(reason), single_line=True)[:80]}; the value is left out"
    return ReadIssue("OKR004", line, message, "Write the value plainly (42, 12.5, 2027-03-31, true) without a `!!` tag, or quote it to keep it as text.", evidence=value)


def _convert(node: Any, scalars: _Scalars, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise _Refused(node.start_mark.line + 1, node.start_mark.column + 1, f"the document nests deeper than {MAX_DEPTH} levels", "Flatten the structure: objectives → key results.")
    line = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        result = LocatedMap(line=line)
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node.start_mark.line + 1, key_node.start_mark.column + 1, "a mapping key must be plain text", "Use a simple word as the key, e.g. `title:`.")
            key = str(key_node.value)
            if key in result:
                raise _Refused(key_node.start_mark.line + 1, key_node.start_mark.column + 1, f"duplicate key `{key}` (first on line {result.key_lines[key]})", f"Keep one `{key}:` and delete the other.")
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
        return None, [ReadIssue("OKR002", refused.line, f"{refused.message} (line {refused.line}, column {refused.column})", refused.fix)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        where = f" (line {line}, column {column})" if line else ""
        return None, [ReadIssue("OKR002", line, f"YAML syntax error: {problem}{where}", _yaml_fix(problem))]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return None, [ReadIssue("OKR002", line, f"the file contains a control character (U+{int(exc.character) if isinstance(exc.character, int) else ord(str(exc.character)[:1] or ' '):04X}) that YAML does not allow (line {line})", "Remove the control character; it is usually a copy-paste accident.")]
    except yaml.YAMLError as exc:
        return None, [ReadIssue("OKR002", None, f"YAML error: {' '.join(str(exc).split())}", "Check the file is valid YAML, e.g. with an editor plug-in.")]
    except RecursionError:
        return None, [ReadIssue("OKR002", None, "the document nests too deeply", "Flatten the structure: objectives → key results.")]
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_fix(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "Quote text that contains `: `, e.g. `- \"Ratio: from 1 to 2\"`."
    if "tab" in problem:
        return "Indent with spaces, not tabs."
    if "indentation" in problem or "block end" in problem:
        return "Line up the indentation: list items under a key start with `- ` at the same column."
    return "Fix the YAML at the line shown; quoting the text often helps."


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
