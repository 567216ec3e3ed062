"""Plain data that remembers its lines, the common shape every reader produces.

Readers turn YAML, JSON, Markdown and CSV into `LocatedMap`/`LocatedList` trees; one builder
(`okrcoach.formats.build`) turns those into the domain model and reports problems by line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from okrcoach.i18n import SOURCE_LANGUAGE, text


class LocatedMap(dict):
    """A mapping with the line of the mapping itself and of each key.

    `raw` keeps the source text of scalar values, so text fields keep what the user typed
    (`title: no` stays "no", `text: 1.10` stays "1.10"). `span` is set by readers that know the
    lines and shape of an objective or key result (`okrcoach.model.Span`); the builder copies it
    to the element's `source.span`.
    """

    def __init__(self, *args: Any, line: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.key_lines: dict[str, int] = {}
        self.raw: dict[str, str] = {}
        self.span: Optional[Any] = None

    def set(self, key: str, value: Any, line: Optional[int] = None, raw: Optional[str] = None) -> None:
        self[key] = value
        if line is not None:
            self.key_lines[key] = line
        if raw is not None:
            self.raw[key] = raw

    def line_of(self, key: str) -> Optional[int]:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A list with the line of each item (and raw text of scalar items)."""

    def __init__(self, *args: Any, line: Optional[int] = None) -> None:
        super().__init__(*args)
        self.line = line
        self.item_lines: list[Optional[int]] = []
        self.raw_items: list[Optional[str]] = []

    def add(self, value: Any, line: Optional[int] = None, raw: Optional[str] = None) -> None:
        self.append(value)
        self.item_lines.append(line)
        self.raw_items.append(raw)

    def line_of(self, index: int) -> Optional[int]:
        if index < len(self.item_lines) and self.item_lines[index] is not None:
            return self.item_lines[index]
        return self.line


@dataclass(frozen=True)
class ReadIssue:
    """A problem met while reading a file, reported as a `format` finding by the linter.

    Build it with `ReadIssue.of(code, line, key, **params)`: `key` names the message and fix in
    `issues:` of the catalogues (`rubrics/messages/<lang>.yaml`), so the finding speaks the file's
    language; `message` and `fix` hold the English text for front ends that show issues as they are.
    """

    code: str
    line: Optional[int]
    message: str
    fix: str
    evidence: Optional[str] = None
    key: Optional[str] = None
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, line: Optional[int], key: str, /, evidence: Optional[str] = None, **params: Any) -> "ReadIssue":
        """The issue `key` (a key of `issues:` in the catalogues) with its template parameters."""
        english = {**params, "evidence": evidence} if evidence is not None and "evidence" not in params else params
        return cls(
            code=code,
            line=line,
            message=text(f"issues.{key}.message", SOURCE_LANGUAGE, **english),
            fix=text(f"issues.{key}.fix", SOURCE_LANGUAGE, **english),
            evidence=evidence,
            key=key,
            params=tuple(english.items()),
        )

    def text_in(self, field: str, language: str) -> str:
        """The message or fix in `language` (the stored English text for an issue without a key)."""
        if self.key is None:
            return self.message if field == "message" else self.fix
        return text(f"issues.{self.key}.{field}", language, **dict(self.params))
