"""Apply changes to a file's text in place, verifying each one by reading the result back.

Each format has an editor module with `candidates(text, okr_set, change)`: the possible new texts
for one change, most faithful first, each touching only the lines of what changed. The engine
takes the first candidate that reads back to exactly the expected model (and brings no new reading
problem); if none does, the edit is refused with a message and the caller writes nothing.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from okrcoach.formats import ReadResult, read_text
from okrcoach.i18n import Msg, msg
from okrcoach.model import OkrSet

from .changes import Change, apply, describe, diff, same
from .text import EditRefused, issue_said

_EDITORS = {"yaml": "yaml_edit", "json": "json_edit", "csv": "csv_edit", "md": "markdown_edit"}


@dataclass
class Edited:
    """The new text, the set it reads back to, and the changes that were applied."""

    text: str
    okr_set: OkrSet
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _editor(fmt: str) -> Any:
    if fmt not in _EDITORS:
        raise EditRefused(msg("phrases.cannot-edit-format", format=repr(fmt)))
    return importlib.import_module(f"{__package__}.{_EDITORS[fmt]}")


def _read(text: str, fmt: str, path: str) -> ReadResult:
    return read_text(text, path, fmt)


def expected_after(okr_set: OkrSet, change: Change, fmt: str) -> OkrSet:
    """The set a file of format `fmt` should read back to after `change`."""
    editor = _editor(fmt)
    hook = getattr(editor, "expected", None)
    return hook(okr_set, change) if hook is not None else apply(okr_set, change)


def _new_problem(before: ReadResult, after: ReadResult) -> Optional[Msg]:
    had = Counter(issue.code for issue in before.issues)
    for issue in after.issues:
        if had[issue.code] > 0:
            had[issue.code] -= 1
            continue
        if issue.line:
            return msg("phrases.edit-new-problem-at", line=issue.line, problem=issue_said(issue))
        return msg("phrases.edit-new-problem", problem=issue_said(issue))
    return None


def _difference(expected: OkrSet, actual: Optional[OkrSet]) -> Msg:
    if actual is None:
        return msg("phrases.edit-not-read-back")
    a, b = expected.model_dump(mode="json"), actual.model_dump(mode="json")
    return _first_difference(a, b, []) or msg("phrases.edit-reads-differently")


def _place(path: list) -> Msg:
    """Where in the set a path points, said in the reader's language: the element (`O1.KR2`, or
    the set) and the field under it (`text`, `checkins #2 value`); in English
    `["objectives", 0, "key_results", 1, "text"]` is `O1.KR2 text`."""
    ref: list[str] = []
    rest = list(path)
    while len(rest) >= 2 and rest[0] in ("objectives", "key_results") and isinstance(rest[1], int):
        key, index = rest.pop(0), rest.pop(0)
        ref.append(f"O{index + 1}" if key == "objectives" else f"KR{index + 1}")
    field = " ".join(f"#{key + 1}" if isinstance(key, int) else str(key).replace("_", " ") for key in rest)
    return msg("phrases.edit-place", ref=".".join(ref) or "set", field=field or "none")


def _first_difference(a: Any, b: Any, path: list) -> Optional[Msg]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), [*path, key])
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            items = str(path[-1]) if path else ""
            count = {"count": len(b), "expected": len(a), "list": items, "field": items.replace("_", " ")}
            if path[:-1]:
                return msg("phrases.edit-count-differs-in", scope=_place(path[:-1]), **count)
            return msg("phrases.edit-count-differs", **count)
        for index, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, [*path, index])
        return None
    return msg("phrases.edit-value-differs", place=_place(path), actual=repr(b), expected=repr(a))


def apply_one(text: str, fmt: str, current: ReadResult, change: Change, path: str = "document") -> tuple[str, ReadResult]:
    """Apply one change to `text` (which reads as `current`); returns the new text and its reading."""
    return _apply_step(text, fmt, current, (change,), path)


def _steps(fmt: str, changes: Iterable[Change]) -> list[tuple[Change, ...]]:
    """The changes as the steps they are applied and verified in: one change a step, unless the
    format's editor groups some (`steps`), because each alone would read back as something else
    (a CSV groups rows by objective title, so two objectives swapping titles pass through a file
    where both have the same one)."""
    grouping = getattr(_editor(fmt), "steps", None)
    return grouping(list(changes)) if grouping is not None else [(change,) for change in changes]


def _apply_step(text: str, fmt: str, current: ReadResult, step: tuple[Change, ...], path: str) -> tuple[str, ReadResult]:
    if current.okr_set is None:
        raise EditRefused(msg("phrases.cannot-edit-internal", what="unreadable"))
    editor = _editor(fmt)
    expected = current.okr_set
    for change in step:
        expected = expected_after(expected, change, fmt)
    what = describe(step[-1])
    for change in reversed(step[:-1]):
        what = msg("phrases.edit-changes-and", first=describe(change), rest=what)
    found = editor.candidates(text, current.okr_set, step[0]) if len(step) == 1 else editor.candidates_together(text, current.okr_set, step)
    reason: Optional[Msg] = None
    tried = 0
    for candidate in found:
        tried += 1
        after = _read(candidate, fmt, path)
        if after.okr_set is None or not same(after.okr_set, expected):
            reason = _difference(expected, after.okr_set)
            continue
        problem = _new_problem(current, after)
        if problem is not None:
            reason = problem
            continue
        return candidate, after
    if not tried:
        raise EditRefused(msg("phrases.edit-cannot-here", what=what))
    raise EditRefused(msg("phrases.edit-cannot-in-place", what=what, reason=reason or msg("phrases.edit-reads-differently")))


def apply_changes(text: str, fmt: str, changes: Iterable[Change], path: str = "document") -> Edited:
    """`text` with every change applied in order; raises EditRefused (nothing applied) if one cannot be."""
    current = _read(text, fmt, path)
    if current.okr_set is None:
        raise EditRefused(msg("phrases.cannot-edit-unreadable", problem=issue_said(current.issues[0]) if current.issues else msg("tui.open-nothing-read")))
    applied: list[Change] = []
    for step in _steps(fmt, changes):
        text, current = _apply_step(text, fmt, current, step, path)
        applied.extend(step)
    return Edited(text, current.okr_set, applied)  # type: ignore[arg-type]


def save(text: str, fmt: str, target: OkrSet, path: str = "document", positional: Optional[bool] = None) -> Edited:
    """`text` edited in place so it reads as `target`, touching only what differs.

    `target` is the set as read from `text` and then edited (its elements keep the lines they
    were read from). With no difference the text comes back unchanged. What a format cannot hold
    is normalised first (Markdown and CSV trim the spaces around a text; a CSV row keeps one
    check-in), so a stray space typed into the TUI never blocks a save.
    """
    current = _read(text, fmt, path)
    if current.okr_set is None:
        raise EditRefused(msg("phrases.cannot-edit-unreadable", problem=issue_said(current.issues[0]) if current.issues else msg("tui.open-nothing-read")))
    target = normalised(target, fmt)
    for oi, objective in enumerate(target.objectives):
        if not objective.title.strip():
            raise EditRefused(msg("phrases.cannot-edit-no-title", ref=f"O{oi + 1}"))
        for ki, kr in enumerate(objective.key_results):
            if not kr.text.strip():
                raise EditRefused(msg("phrases.cannot-edit-no-text", ref=f"O{oi + 1}.KR{ki + 1}"))
    changes = diff(current.okr_set, target, positional)
    edited = apply_changes(text, fmt, changes, path) if changes else Edited(text, current.okr_set, [])
    if not same(edited.okr_set, target):
        raise EditRefused(msg("phrases.edit-not-held", reason=_difference(target, edited.okr_set)))
    return edited


def normalised(okr_set: OkrSet, fmt: str) -> OkrSet:
    """The set as a file of format `fmt` holds it (Markdown and CSV trim texts; CSV keeps one
    check-in per key result)."""
    hook = getattr(_editor(fmt), "normalise", None)
    return hook(okr_set) if hook is not None else okr_set


__all__ = ["EditRefused", "Edited", "apply_changes", "apply_one", "expected_after", "normalised", "save"]
