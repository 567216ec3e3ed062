"""The rule file format: one YAML file per rule in `rubrics/`."""

from __future__ import annotations

import re
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from okrcoach.i18n import SOURCE_LANGUAGE, render, translation
from okrcoach.model import Level

Category = Literal["measurable", "time-bound", "outcome", "kpi", "baseline", "objective", "structure", "format"]
RuleTarget = Literal["set", "objective", "key_result", "objective_or_key_result"]
Localised = Union[str, dict[str, str]]
Example = Union[str, dict[str, Any]]


class ExampleSet(BaseModel):
    """Examples for one language: `fail` must raise the rule, `pass` must not."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    fail: list[Example] = Field(default_factory=list)
    pass_: list[Example] = Field(default_factory=list, alias="pass")


class RuleSpec(BaseModel):
    """One rule: what it checks (a check kind with params), how it reads, and its examples."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    code: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    target: RuleTarget
    category: Category
    level: Level
    check: str  # a kind in `rubric.kinds.KINDS`; the loader checks it and its params
    params: dict[str, Any] = Field(default_factory=dict)
    message: Localised
    fix: Localised
    why: str
    references: list[str] = Field(default_factory=list)
    status: Literal["preview", "stable", "deprecated"] = "stable"
    since: str = "0.1.0"
    examples: dict[str, ExampleSet] = Field(default_factory=dict)

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
    def _english_texts(self) -> "RuleSpec":
        for field in ("message", "fix"):
            value = getattr(self, field)
            if isinstance(value, dict) and "en" not in value:
                raise ValueError(f"`{field}` needs an English (`en`) text")
        return self

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
