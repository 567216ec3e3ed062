"""An OKR set being edited: changes, undo/redo, dirty state and where it lives on disk.

Pure data and logic (no Textual), so the TUI stays a thin view and every editing operation is
testable on its own. Each change keeps a snapshot for undo; elements are addressed by position
(objective index, key-result index or None for the objective itself).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from okrcoach.model import Checkin, KeyResult, Objective, OkrSet
from okrcoach.progress import sorted_checkins

MAX_UNDO = 200
Ref = tuple[int, Optional[int]]


def file_digest(path: Path) -> Optional[str]:
    """A fingerprint of a file's bytes (None when it does not exist)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class OkrDocument:
    """The set on screen, its file (if any) and its history."""

    okr_set: OkrSet
    path: Optional[Path] = None
    format: str = "yaml"
    disk_digest: Optional[str] = None
    dirty: bool = False
    _undo: list[dict[str, Any]] = field(default_factory=list, repr=False)
    _redo: list[dict[str, Any]] = field(default_factory=list, repr=False)

    # -- history ----------------------------------------------------------------------------

    def _snapshot(self) -> dict[str, Any]:
        return self.okr_set.model_dump(mode="python")

    def _restore(self, snapshot: dict[str, Any]) -> None:
        self.okr_set = OkrSet.model_validate(snapshot)

    def _change(self) -> None:
        self._undo.append(self._snapshot())
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self.dirty = True

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self._snapshot())
        self._restore(self._undo.pop())
        self.dirty = True
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self._snapshot())
        self._restore(self._redo.pop())
        self.dirty = True
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- reading ----------------------------------------------------------------------------

    def element(self, ref: Ref) -> Objective | KeyResult:
        oi, ki = ref
        objective = self.okr_set.objectives[oi]
        return objective if ki is None else objective.key_results[ki]

    def text_of(self, ref: Ref) -> str:
        element = self.element(ref)
        return element.title if isinstance(element, Objective) else element.text

    def exists(self, ref: Ref) -> bool:
        oi, ki = ref
        if not 0 <= oi < len(self.okr_set.objectives):
            return False
        return ki is None or 0 <= ki < len(self.okr_set.objectives[oi].key_results)

    # -- editing ----------------------------------------------------------------------------

    def set_text(self, ref: Ref, text: str, merge: bool = False) -> None:
        """Change an objective title or key-result text; `merge` folds typing into one undo step."""
        if self.text_of(ref) == text:
            return
        if not merge or not self._undo:
            self._change()
        else:
            self._redo.clear()
            self.dirty = True
        element = self.element(ref)
        if isinstance(element, Objective):
            element.title = text
        else:
            element.text = text

    def set_field(self, ref: Ref, name: str, value: Any) -> None:
        """Set a structured field (owner, kind, baseline, target, unit, deadline, …)."""
        element = self.element(ref)
        validated = getattr(type(element).model_validate({**element.model_dump(), name: value}), name)
        if getattr(element, name) == validated:
            return  # "31" typed (or shown) for 31 is no change: no undo step, not dirty
        self._change()
        setattr(element, name, validated)

    def add_objective(self, after: Optional[int] = None, title: str = "New objective") -> Ref:
        self._change()
        index = len(self.okr_set.objectives) if after is None else after + 1
        self.okr_set.objectives.insert(index, Objective(title=title))
        return (index, None)

    def add_key_result(self, objective_index: int, after: Optional[int] = None, text: str = "New key result") -> Ref:
        self._change()
        krs = self.okr_set.objectives[objective_index].key_results
        index = len(krs) if after is None else after + 1
        krs.insert(index, KeyResult(text=text))
        return (objective_index, index)

    def delete(self, ref: Ref) -> Optional[Ref]:
        """Delete an element; returns the element to select afterwards."""
        self._change()
        oi, ki = ref
        if ki is None:
            del self.okr_set.objectives[oi]
            if not self.okr_set.objectives:
                return None
            return (min(oi, len(self.okr_set.objectives) - 1), None)
        krs = self.okr_set.objectives[oi].key_results
        del krs[ki]
        return (oi, min(ki, len(krs) - 1)) if krs else (oi, None)

    def move(self, ref: Ref, step: int) -> Ref:
        """Move an element up (-1) or down (+1) among its siblings; returns its new place."""
        oi, ki = ref
        items = self.okr_set.objectives if ki is None else self.okr_set.objectives[oi].key_results
        index = oi if ki is None else ki
        target = index + step
        if not 0 <= target < len(items):
            return ref
        self._change()
        items[index], items[target] = items[target], items[index]
        return (target, None) if ki is None else (oi, target)

    def add_checkin(self, ref: Ref, checkin: Checkin) -> None:
        """Record a check-in on a key result as one undo step: append it to `checkins` and set
        `current` to the newest check-in's value (by date), as `okrcoach checkin` does."""
        element = self.element(ref)
        if not isinstance(element, KeyResult):
            raise ValueError("check-ins belong to key results, not objectives")
        self._change()
        element.checkins.append(checkin)
        element.current = sorted_checkins(element.checkins)[-1].value

    def replace(self, okr_set: OkrSet) -> None:
        """Replace the whole set (an accepted AI suggestion, a fresh draft) as one undo step."""
        self._change()
        self.okr_set = okr_set

    def mark_saved(self, path: Path, fmt: str) -> None:
        self.path, self.format = path, fmt
        self.disk_digest = file_digest(path)
        self.dirty = False

    def changed_on_disk(self) -> bool:
        """Whether the file was changed by someone else since it was opened or saved."""
        return self.path is not None and self.disk_digest is not None and file_digest(self.path) != self.disk_digest
