"""The JSON Schema of the OKR file format (`okrcoach schema`), for editors that complete and check
`*.okr.yaml` and `*.okr.json` (yaml-language-server, VS Code, JetBrains).

The schema is generated from a pydantic description of the file as people write it (periods as
text, key results and objectives as plain strings or mappings, numbers with units such as `8 %`),
which a test keeps field for field in step with `okrcoach.model`; the aliases the readers accept
(`krs`, `due`, `quarter`, …) come from `okrcoach.formats.build` and are marked deprecated, so an
editor suggests the canonical name; the keys of the other languages (`udgangspunkt`, `Zielwert`,
`tavoite`) come from the readers' own table (`okrcoach.formats.vocabulary.local_keys`) and are
offered as they are, so a file written in its own language is valid. The same schema ships in the package as `okr.schema.json`
(`okrcoach schema --path`); a test checks that file equals what this module generates.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from okrcoach.language_data import language_codes

SCHEMA_FILE = "okr.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

Amount = Union[float, str]
_AMOUNT = 'A number, or a number with its unit as people write it: 120, 12.5, "12,5", "8 %", "1.2k".'


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckinFile(_Strict):
    """One progress report on a key result (`okrcoach checkin` appends these)."""

    model_config = ConfigDict(extra="forbid", title="Check-in")

    date: datetime.date = Field(description="Day of the check-in, YYYY-MM-DD.")
    value: Amount = Field(description="The metric's value that day. " + _AMOUNT)
    confidence: Optional[Amount] = Field(default=None, description='How sure the owner is of reaching the target: 0-1 (0.7) or a percentage ("70 %").')
    note: Optional[str] = Field(default=None, description="What changed, what blocks it.")


class WaiverFile(_Strict):
    """A deliberate exception to one rule on this element; okrcoach reports a waiver without a reason."""

    model_config = ConfigDict(extra="forbid", title="Waiver")

    code: str = Field(description="The rule's code or name, e.g. OKR220 or activity-key-result (`okrcoach rules` lists them).")
    reason: str = Field(min_length=1, description="Why the rule does not apply here.")


class KeyResultFile(_Strict):
    """A measurable result: its text, and optional structured fields that make it gradeable."""

    model_config = ConfigDict(extra="forbid", title="Key result")

    text: str = Field(description="The key result as a sentence: `Raise trial-to-paid conversion from 8% to 12%`.")
    id: Optional[str] = Field(default=None, description="A stable id for check-ins and alignment (`okrcoach checkin FILE ID VALUE`).")
    metric: Optional[str] = Field(default=None, description="The name of the metric measured.")
    baseline: Optional[Amount] = Field(default=None, description="Where the metric starts. " + _AMOUNT)
    target: Optional[Amount] = Field(default=None, description="The value that means done. " + _AMOUNT)
    unit: Optional[str] = Field(default=None, description="Unit of baseline, target and current: %, leads/month, days, EUR.")
    direction: Optional[Literal["increase", "decrease", "maintain"]] = Field(default=None, description="Whether the metric should go up, down or stay (a health metric).")
    deadline: Optional[datetime.date] = Field(default=None, description="Day the target is due, YYYY-MM-DD (default: the end of the period).")
    owner: Optional[str] = Field(default=None, description="Who reports on this key result.")
    current: Optional[Amount] = Field(default=None, description="The metric's value now (set by `okrcoach checkin`). " + _AMOUNT)
    confidence: Optional[Amount] = Field(default=None, description="How sure the owner is of reaching the target: 0-1 or a percentage.")
    guardrail: bool = Field(default=False, description="A metric that must not get worse while the others move (not graded as progress).")
    weight: Optional[Amount] = Field(default=None, description="Weight in the objective's score (default 1).")
    checkins: list[CheckinFile] = Field(default_factory=list, description="Progress reports, oldest first.")
    waive: list[WaiverFile] = Field(default_factory=list, description="Rules deliberately not applied to this key result, each with a reason.")


class ObjectiveFile(_Strict):
    """A qualitative direction and the key results that measure it."""

    model_config = ConfigDict(extra="forbid", title="Objective")

    title: str = Field(description="The objective: qualitative, inspiring, no numbers (`Become the first choice for Nordic webshops`).")
    id: Optional[str] = Field(default=None, description="A stable id that other files can align to.")
    owner: Optional[str] = Field(default=None, description="Who owns the objective.")
    kind: Optional[Literal["committed", "aspirational"]] = Field(default=None, description="Committed (expected 1.0) or aspirational (0.7 is a success).")
    aligns_to: Optional[str] = Field(default=None, description="The objective this one supports: `company.okr.yaml#O1`, an id, or free text.")
    description: Optional[str] = Field(default=None, description="Why this objective matters now.")
    key_results: list[Union[str, KeyResultFile]] = Field(default_factory=list, description="Two to five key results: sentences, or mappings with `text` and fields.")
    waive: list[WaiverFile] = Field(default_factory=list, description="Rules deliberately not applied to this objective, each with a reason.")


class OkrFile(_Strict):
    """The OKRs of one team (or company) for one period: one `*.okr.yaml` / `*.okr.json` file."""

    model_config = ConfigDict(extra="forbid", title="okrcoach OKR file")

    title: Optional[str] = Field(default=None, description="A title for the set.")
    team: Optional[str] = Field(default=None, description="The team (or company) whose OKRs these are.")
    owner: Optional[str] = Field(default=None, description="Who owns the set.")
    period: Optional[Union[str, int]] = Field(default=None, description="The period: 2027-Q1, Q1 2027, 2027-H1, FY2027, 2027 or 2027-01-01..2027-03-31.")
    language: Optional[Literal[language_codes()]] = Field(default=None, description="Language of the OKRs (default: detected).")  # type: ignore[valid-type]
    objectives: list[Union[str, ObjectiveFile]] = Field(default_factory=list, description="Three to five objectives.")


# Which description class stands for which model class, and their alias tables (by model name).
DESCRIBES = {"OkrSet": OkrFile, "Objective": ObjectiveFile, "KeyResult": KeyResultFile, "Checkin": CheckinFile, "Waiver": WaiverFile}
_DEFINITIONS = {"OkrFile": "OkrSet", "ObjectiveFile": "Objective", "KeyResultFile": "KeyResult", "CheckinFile": "Checkin", "WaiverFile": "Waiver"}


def _aliases() -> dict[str, dict[str, str]]:
    from okrcoach.formats.build import KEY_RESULT_ALIASES, OBJECTIVE_ALIASES, SET_ALIASES

    return {"OkrSet": SET_ALIASES, "Objective": OBJECTIVE_ALIASES, "KeyResult": KEY_RESULT_ALIASES, "Waiver": {"rule": "code", "why": "reason"}, "Checkin": {}}


def _add_aliases(schema: dict[str, Any], model: str) -> None:
    properties = schema["properties"]
    for alias, canonical in sorted(_aliases()[model].items()):
        if alias in properties or canonical not in properties:
            continue
        entry = {key: value for key, value in properties[canonical].items() if key not in ("description", "title", "default")}
        entry["description"] = f"Another name for `{canonical}`, which okrcoach reads the same way; prefer `{canonical}`."
        entry["deprecated"] = True
        properties[alias] = entry


_KINDS = {"OkrSet": "set", "Objective": "objective", "KeyResult": "key_result"}


def _add_local_keys(schema: dict[str, Any], model: str) -> None:
    """The keys the readers take in the other languages (`udgangspunkt`, `Zielwert`, `tavoite`;
    `okrcoach.formats.vocabulary.local_keys`, the readers' own table), as properties like the
    field they name, so an editor accepts a file written in its own language."""
    from okrcoach.formats.vocabulary import local_keys
    from okrcoach.language_data import english_name

    kind = _KINDS.get(model)
    if kind is None:
        return
    properties = schema["properties"]
    for key, (canonical, language) in sorted(local_keys(kind).items()):
        if key in properties or canonical not in properties:
            continue
        entry = {name: value for name, value in properties[canonical].items() if name not in ("description", "title", "default", "deprecated")}
        entry["description"] = f"`{canonical}` in {english_name(language)}: okrcoach reads it as `{canonical}`."
        properties[key] = entry
    required = schema.get("required") or []
    if len(required) == 1:  # an objective's title, a key result's text: under any of its names
        (main,) = required
        names = [main, *sorted(a for a, c in _aliases()[model].items() if c == main and a in properties), *sorted(k for k, (c, _) in local_keys(kind).items() if c == main and k in properties)]
        if len(names) > 1:
            del schema["required"]
            schema["anyOf"] = [{"required": [name]} for name in dict.fromkeys(names)]


def _tidy(node: Any) -> Any:
    """Drop pydantic's per-property titles (noise in editor hovers) and null defaults."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                out[key] = {name: _tidy({k: v for k, v in prop.items() if k != "title" and not (k == "default" and v is None)}) for name, prop in value.items()}
            else:
                out[key] = _tidy(value)
        return out
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    return node


def okr_file_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an OKR file."""
    text = json.dumps(OkrFile.model_json_schema(ref_template="#/$defs/{model}"))
    for old, new in _DEFINITIONS.items():
        text = text.replace(f'"#/$defs/{old}"', f'"#/$defs/{new}"')
    root = json.loads(text)
    defs = {_DEFINITIONS[name]: body for name, body in root.pop("$defs", {}).items()}
    _add_aliases(root, "OkrSet")
    _add_local_keys(root, "OkrSet")
    for name, body in defs.items():
        _add_aliases(body, name)
        _add_local_keys(body, name)
    schema = {"$schema": DRAFT, **_tidy(root), "$defs": _tidy(defs)}
    return schema


def schema_text() -> str:
    """The schema as the shipped file holds it: two-space JSON and a final newline."""
    return json.dumps(okr_file_schema(), ensure_ascii=False, indent=2) + "\n"


def shipped_schema_path() -> Path:
    """Where the package keeps `okr.schema.json` (beside this module)."""
    return Path(__file__).resolve().parent / SCHEMA_FILE
