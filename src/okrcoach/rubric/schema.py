"""The rule file format: one YAML file per rule in `rubrics/`."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any, Literal, Optional, Union

from okrcoach.i18n import SOURCE_LANGUAGE, render, translation
from okrcoach.model import Level, Record, record

Category = Literal["measurable", "time-bound", "outcome", "kpi", "baseline", "objective", "structure", "format"]
RuleTarget = Literal["set", "objective", "key_result", "objective_or_key_result"]
Localised = Union[str, dict[str, str]]
Example = Union[str, dict[str, Any]]


@record
class ExampleSet(Record):
    """Examples for one language: `fail` must raise the rule, `pass` must not."""

    fail: list[Example] = field(default_factory=list)
    pass_: list[Example] = field(default_factory=list)

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False, exclude_defaults: bool = False, by_alias: bool = False) -> dict[str, Any]:
        data = super().model_dump(mode=mode, exclude_none=exclude_none, exclude_defaults=exclude_defaults)
        if by_alias and "pass_" in data:
            data["pass"] = data.pop("pass_")
        return data


@record(frozen=True)
class RuleSpec(Record):
    """One rule: what it checks (a check kind with params), how it reads, and its examples.

    Plain data, so judging a file needs no pydantic; `validate_rule` checks a rule file's data
    (with pydantic, imported then) before it becomes one.
    """

    code: str
    name: str
    aliases: list[str] = field(default_factory=list)
    target: RuleTarget
    category: Category
    level: Level
    check: str  # a kind in `rubric.kinds.KINDS`; the loader checks it and its params
    params: dict[str, Any] = field(default_factory=dict)
    message: Localised
    fix: Localised
    why: str
    references: list[str] = field(default_factory=list)
    status: Literal["preview", "stable", "deprecated"] = "stable"
    since: str = "0.1.0"
    examples: dict[str, ExampleSet] = field(default_factory=dict)

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False, exclude_defaults: bool = False, by_alias: bool = False) -> dict[str, Any]:
        data = super().model_dump(mode=mode, exclude_none=exclude_none, exclude_defaults=exclude_defaults)
        data["examples"] = {lang: examples.model_dump(mode=mode, exclude_none=exclude_none, exclude_defaults=exclude_defaults, by_alias=by_alias) for lang, examples in self.examples.items()}
        return data

    def text(self, field: str, language: Optional[str]) -> str:
        """The rule's own message or fix in `language` (its file's text), falling back to English."""
        value = getattr(self, field)
        if isinstance(value, str):
            return value
        return value.get(language or "en") or value["en"]

    def template(self, field: str, language: Optional[str]) -> str:
        """The template of the rule's `message`, `fix` or `why` in `language`.

        A translation in the rule file itself wins (custom rules carry their own), then the
        language's catalogue (`rubrics/messages/<lang>.yaml`, `rules.<code>.<field>`), then English.
        """
        value = getattr(self, field)
        if isinstance(value, dict) and language in value:
            return value[language]
        if language and language != SOURCE_LANGUAGE:
            found = translation(f"rules.{self.code}.{field}", language)
            if found:
                return found
        return self.text(field, SOURCE_LANGUAGE)

    def render(self, field: str, language: Optional[str], params: Optional[dict[str, Any]] = None) -> str:
        """The rule's `message`, `fix` or `why` in `language`, filled with `params`."""
        language = language or SOURCE_LANGUAGE
        return render(self.template(field, language), params or {}, language)

    @property
    def languages(self) -> list[str]:
        return list(self.examples)


def validate_rule(data: Any) -> RuleSpec:
    """A rule from a rule file's data, checked field by field; raises pydantic's ValidationError
    (a ValueError whose `errors()` name each field) when the data is not a valid rule."""
    validated = _rule_model().model_validate(data)
    examples = {lang: ExampleSet(fail=list(ex.fail), pass_=list(ex.pass_)) for lang, ex in validated.examples.items()}
    values = {name: getattr(validated, name) for name in RuleSpec.model_fields if name != "examples"}
    return RuleSpec(**values, examples=examples)


_RULE_MODEL: list[Any] = []


def _rule_model() -> Any:
    """The pydantic model of a rule file (built on first use: only parsing rule files needs it)."""
    if _RULE_MODEL:
        return _RULE_MODEL[0]
    from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

    class ExampleSetFile(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True)

        fail: list[Example] = Field(default_factory=list)
        pass_: list[Example] = Field(default_factory=list, alias="pass")

    class RuleFile(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        code: str
        name: str
        aliases: list[str] = Field(default_factory=list)
        target: RuleTarget
        category: Category
        level: Level
        check: str
        params: dict[str, Any] = Field(default_factory=dict)
        message: Localised
        fix: Localised
        why: str
        references: list[str] = Field(default_factory=list)
        status: Literal["preview", "stable", "deprecated"] = "stable"
        since: str = "0.1.0"
        examples: dict[str, ExampleSetFile] = Field(default_factory=dict)

        @field_validator("code")
        @classmethod
        def _code_shape(cls, value: str) -> str:
            if not re.fullmatch(r"OKR\d{3}", value):
                raise ValueError("a rule code is OKR followed by three digits, e.g. OKR201")
            return value

        @field_validator("name")
        @classmethod
        def _slug_shape(cls, value: str) -> str:
            if not re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", value):
                raise ValueError("a rule name is a lower-case slug, e.g. key-result-without-target")
            return value

        @model_validator(mode="after")
        def _english_texts(self) -> "RuleFile":
            for name in ("message", "fix"):
                value = getattr(self, name)
                if isinstance(value, dict) and "en" not in value:
                    raise ValueError(f"`{name}` needs an English (`en`) text")
            return self

    _RULE_MODEL.append(RuleFile)
    return RuleFile
