"""JSON with the same structure as the canonical YAML (`*.okr.json`)."""

from __future__ import annotations

import json
from typing import Any

from okrcoach.gate import number_text_problem
from okrcoach.model import OkrSet

from . import yaml_format
from .located import ReadIssue


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
    """Parse JSON strictly, then take line numbers from the YAML composer when it agrees.

    JSON is (nearly) a subset of YAML, so the YAML reader supplies lines; where it cannot read
    the text (rare escapes), the JSON data is used without lines.
    """
    too_long: list[str] = []
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=lambda digits: _integer(digits, too_long))
    except _DuplicateKey as exc:
        return None, [ReadIssue("OKR002", _find_key_line(text, str(exc)), f"duplicate key `{exc}`", f"Keep one `{exc}` and delete the other.")]
    except json.JSONDecodeError as exc:
        return None, [ReadIssue("OKR002", exc.lineno, f"JSON syntax error: {exc.msg} (line {exc.lineno}, column {exc.colno})", "Fix the JSON at the line shown: check commas, quotes and brackets.")]
    except RecursionError:
        return None, [ReadIssue("OKR002", None, "the document nests too deeply", "Flatten the structure: objectives → key results.")]
    located, issues = yaml_format.load_located(text)
    if located is not None and located == data:
        return located, issues  # value issues (a number too long) carry their line from YAML
    return data, [ReadIssue("OKR004", None, f"{problem}; the value is left out", _LONG_NUMBER_FIX) for problem in too_long]


_LONG_NUMBER_FIX = "Write the value plainly (42, 12.5), or quote it to keep it as text."


def _integer(digits: str, too_long: list[str]) -> int | None:
    """An integer from JSON, or None (reported) when it has more digits than Python converts."""
    problem = number_text_problem(digits)
    if problem is not None:
        too_long.append(problem)
        return None
    return int(digits)


def _find_key_line(text: str, key: str) -> int | None:
    needle = json.dumps(key)
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[1] if len(lines) > 1 else (lines[0] if lines else None)


def dump(okr_set: OkrSet) -> str:
    """Serialise a set as JSON with the canonical structure."""
    return json.dumps(yaml_format.to_data(okr_set, mode="json"), ensure_ascii=False, indent=2) + "\n"
