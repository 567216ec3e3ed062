"""JSON with the same structure as the canonical YAML (`*.okr.json`)."""

from __future__ import annotations

import json
from typing import Any

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
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        return None, [ReadIssue.of("OKR002", _find_key_line(text, str(exc)), "json-duplicate-key", key=str(exc))]
    except json.JSONDecodeError as exc:
        return None, [ReadIssue.of("OKR002", exc.lineno, "json-syntax", problem=_JSON_PROBLEMS.get(exc.msg, "other"), detail=exc.msg, line=exc.lineno, column=exc.colno)]
    except RecursionError:
        return None, [ReadIssue.of("OKR002", None, "too-deep")]
    located, issues = yaml_format.load_located(text)
    if not issues and located == data:
        return located, []
    return data, []


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
