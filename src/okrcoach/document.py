"""An OKR set being edited: changes, undo/redo, dirty state and where it lives on disk.

Pure data and logic (no Textual), so the TUI stays a thin view and every editing operation is
testable on its own. Each change keeps a snapshot for undo; elements are addressed by position
(objective index, key-result index or None for the objective itself).

The document keeps the text it was loaded from. Its elements remember the lines they were read
from, so a save finds what changed relative to that text (`okrcoach.documents.diff`) and edits
just those lines in place; a save without a change writes nothing. Save-as into another format
writes a new file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from okrcoach.i18n import SOURCE_LANGUAGE, LocalisedText, msg, resolve
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet, Source
from okrcoach.progress import sorted_checkins

MAX_UNDO = 200
Ref = tuple[int, Optional[int]]


def ref_label(ref: Ref) -> str:
    """How the user names an element: `O2` for the second objective, `O2.KR3` for its third key result."""
    return f"O{ref[0] + 1}" + (f".KR{ref[1] + 1}" if ref[1] is not None else "")


def file_digest(path: Path) -> Optional[str]:
    """A fingerprint of a file's bytes (None when it does not exist)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class OpenError(Exception):
    """A file could not be opened as OKRs; the message (a catalogue text, said in the reader's
    language) names the problems. `str()` is the English."""

    def __init__(self, message: "LocalisedText") -> None:
        self.message = message
        super().__init__(resolve(message, SOURCE_LANGUAGE))


@dataclass
class Saved:
    """What a save did: whether bytes were written, and anything the user should know."""

    path: Path
    written: bool
    note: str = ""


@dataclass
class OkrDocument:
    """The set on screen, its file (if any), the text it was loaded from, and its history."""

    okr_set: OkrSet
    path: Optional[Path] = None
    format: str = "yaml"
    disk_digest: Optional[str] = None
    dirty: bool = False
    base: Any = None  # okrcoach.documents.storage.StoredText the file held when opened or saved
    lost_lines: bool = False  # a restored draft: its elements no longer know their lines until saved
    _undo: list[OkrSet] = field(default_factory=list, repr=False)
    _redo: list[OkrSet] = field(default_factory=list, repr=False)
    _comma: Optional[tuple[Any, bool]] = field(default=None, repr=False)  # (base, decimal_comma)
    _styles: Optional[tuple[Any, dict]] = field(default=None, repr=False)  # (base, {(key result id, field): NumberStyle})
    _typing: Optional[tuple[int, str]] = field(default=None, repr=False)  # (element id, field) the last undo step is being typed in

    @property
    def decimal_comma(self) -> bool:
        """Whether the file writes its numbers `2,1` rather than `2.1`: numbers are shown in its
        style, as its editor writes them. False for a draft with no file."""
        if self.base is None:
            return False
        if self._comma is None or self._comma[0] is not self.base:
            from okrcoach.documents import writes_decimal_comma

            self._comma = (self.base, writes_decimal_comma(self.base.text, self.format, self.okr_set))
        return self._comma[1]

    def number_style(self, ref: Ref, name: str) -> Any:
        """The `NumberStyle` the file writes field `name` of key result `ref` in (`12,5 %`,
        `18.500 €`; `okrcoach.documents.number_style`), so what is shown of a value looks as
        the file writes it; a draft with no file writes `number`'s."""
        from okrcoach.documents import NumberStyle, number_style

        oi, ki = ref
        if self.base is None or ki is None:
            return NumberStyle(",", "", "") if self.decimal_comma else NumberStyle(".", "", "")
        if self._styles is None or self._styles[0] is not self.base:
            self._styles = (self.base, {})
        styles = self._styles[1]
        key = (id(self.okr_set.objectives[oi].key_results[ki]), name)
        if key not in styles:
            styles[key] = number_style(self.base.text, self.format, self.okr_set, oi, ki, name)
        return styles[key]

    def shown_number(self, value: Any, ref: Ref, name: str, suffixed: bool = True) -> str:
        """A number of key result `ref` as the file writes it (`15,5 %`, `14.500 €`), for what
        okrcoach shows; with `suffixed` False without its `%` or currency (an input beside a unit
        field). `–` for no value."""
        if value is None:
            return "–"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return str(value)
        return self.number_style(ref, name).write(value, suffixed=suffixed)

    @classmethod
    def open(cls, path: Path, fmt: Optional[str] = None) -> tuple["OkrDocument", list[Any]]:
        """Open a file for editing; returns the document and the reading issues to show."""
        from okrcoach.documents.storage import load
        from okrcoach.documents.text import issue_said
        from okrcoach.formats import format_for_path, format_of, read_by_content, read_text

        fmt = fmt or format_for_path(path)
        if fmt is None and not read_by_content(path):
            raise OpenError(msg("tui.open-format-unknown", path=str(path)))
        stored, issue = load(path)
        if stored is None:
            raise OpenError(issue_said(issue) if issue else msg("tui.open-unreadable"))
        fmt = fmt or format_of(path, stored.text)
        result = read_text(stored.text, str(path), fmt)
        if result.okr_set is None:
            said = [msg("tui.open-issue-at-line", line=i.line, message=issue_said(i)) if i.line else issue_said(i) for i in result.issues[:3]]
            problems = said[0] if said else msg("tui.open-nothing-read")
            for more in said[1:]:
                problems = msg("tui.open-issues", first=problems, then=more)
            raise OpenError(problems)
        return cls(result.okr_set, path=path, format=fmt, disk_digest=file_digest(path), base=stored), result.issues

    @classmethod
    def restored(cls, okr_set: OkrSet, source: Optional[Path], digest: Optional[str] = None) -> "OkrDocument":
        """A draft recovered after a crash; its file (if it still reads) is the text to edit.

        `digest` is the file's fingerprint when editing began: when the file changed since (a
        check-in made meanwhile), `changed_on_disk` says so and a save asks before overwriting.
        """
        from okrcoach.formats import format_of

        base = None
        if source is not None:
            from okrcoach.documents.storage import load

            base, _ = load(source)
        fmt = (format_of(source, base.text if base is not None else None) if source else None) or "yaml"
        began = digest if digest is not None else (file_digest(source) if source else None)
        return cls(okr_set, path=source, format=fmt, disk_digest=began, dirty=True, base=base, lost_lines=True)

    # -- history ----------------------------------------------------------------------------

    def _snapshot(self) -> OkrSet:
        return self.okr_set.model_copy(deep=True)

    def _restore(self, snapshot: OkrSet) -> None:
        self.okr_set = snapshot

    def _change(self) -> None:
        self._undo.append(self._snapshot())
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self.dirty = True
        self._typing = None

    def _typed(self, ref: Ref, name: str) -> None:
        """Take an undo step for a keystroke in field `name` of element `ref`, unless the last step
        is an edit of that same field still being typed: one step per edit, not per keystroke."""
        key = (id(self.element(ref)), name)
        if self._typing == key and self._undo:
            self._redo.clear()
            self.dirty = True
        else:
            self._change()
        self._typing = key

    def end_typing(self) -> None:
        """The edit being typed is over (the field lost focus, the file was saved): the next
        keystroke starts a new undo step."""
        self._typing = None

    def undo(self) -> bool:
        self._typing = None
        if not self._undo:
            return False
        self._redo.append(self._snapshot())
        self._restore(self._undo.pop())
        self.dirty = True
        return True

    def redo(self) -> bool:
        self._typing = None
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
        """Change an objective title or key-result text; `merge`: a keystroke, folded into the undo
        step of the edit it belongs to (`_typed`)."""
        if self.text_of(ref) == text:
            return
        if merge:
            self._typed(ref, "text")
        else:
            self._change()
        element = self.element(ref)
        if isinstance(element, Objective):
            element.title = text
        else:
            element.text = text

    def set_field(self, ref: Ref, name: str, value: Any, typing: Optional[str] = None) -> None:
        """Set a structured field (owner, kind, baseline, target, unit, deadline, …); `typing`: the
        field a keystroke was typed in, whose edit this change belongs to (one undo step per edit)."""
        element = self.element(ref)
        validated = getattr(type(element).model_validate({**element.model_dump(), name: value}), name)
        if getattr(element, name) == validated:
            return  # "31" typed (or shown) for 31 is no change: no undo step, not dirty
        if typing:
            self._typed(ref, typing)
        else:
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

    # -- saving -----------------------------------------------------------------------------

    def edits_in_place(self, path: Optional[Path] = None, fmt: Optional[str] = None) -> bool:
        """Whether saving to `path` in `fmt` edits the loaded text (else a new file is written)."""
        return self.base is not None and (fmt or self.format) == self.format

    def save(self, path: Optional[Path] = None, fmt: Optional[str] = None) -> Saved:
        """Write the set to `path` (default: its own file).

        In the file's own format the loaded text is edited in place (only what changed); in
        another format, or for a new draft, a new file is written. Raises
        `okrcoach.documents.EditRefused` (nothing written) or OSError.
        """
        from okrcoach.documents import new_text, save, storage
        from okrcoach.documents.changes import same
        from okrcoach.documents.storage import StoredText, locked, store, written_path
        from okrcoach.files import atomic_write

        target = Path(path or self.path)  # type: ignore[arg-type]
        fmt = fmt or self.format
        note = ""
        if self.edits_in_place(target, fmt):
            edited = save(self.base.text, fmt, self.okr_set, str(target), positional=None if self.lost_lines else False)
            with locked(target, wait=storage.INTERACTIVE_WAIT):  # no `checkin` writes between our check and our write
                written = store(target, self.base, edited.text)
            self.base = StoredText(edited.text, self.base.encoding, self.base.bom)
            if not same(_as_measured(edited.okr_set), _as_measured(self.okr_set)):
                note = _lossy_note(fmt)
            self._rebase(edited.okr_set)
        else:
            from okrcoach.formats import read_text

            text = new_text(self.okr_set, fmt)
            atomic_write(written_path(target), text)
            written = True
            self.base = StoredText(text)
            reread = read_text(text, str(target), fmt).okr_set
            if reread is not None:
                if not same(reread, self.okr_set):
                    note = _lossy_note(fmt)
                self._rebase(reread, forget=True)
        self.path, self.format = target, fmt
        self.lost_lines = False
        self.disk_digest = file_digest(target)
        self.dirty = False
        self._typing = None  # typing after a save is a new undo step
        return Saved(target, written, note)

    def _rebase(self, saved: OkrSet, forget: bool = False) -> None:
        """After a save, elements take the lines they now have in the file; the undo history is
        mapped along, so a later save still finds each element (`forget`: a new file, whose lines
        have nothing to do with the old one's)."""
        mapping: dict[tuple[str, int], Optional[Source]] = {}
        current = self.okr_set
        from okrcoach.documents.changes import same

        keep = same(saved, current)
        for old_o, new_o in zip(current.objectives, saved.objectives):
            if old_o.source is not None and old_o.source.line is not None:
                mapping[("o", old_o.source.line)] = new_o.source
            for old_k, new_k in zip(old_o.key_results, new_o.key_results):
                if old_k.source is not None and old_k.source.line is not None:
                    mapping[("k", old_k.source.line)] = new_k.source
        if keep:
            for old_o, new_o in zip(current.objectives, saved.objectives):
                old_o.source = new_o.source
                for old_k, new_k in zip(old_o.key_results, new_o.key_results):
                    old_k.source = new_k.source
        else:
            self.okr_set = saved.model_copy(deep=True)
        for snapshot in self._undo + self._redo:
            for objective in snapshot.objectives:
                objective.source = None if forget else _mapped(mapping, "o", objective.source)
                for kr in objective.key_results:
                    kr.source = None if forget else _mapped(mapping, "k", kr.source)

    def changed_on_disk(self) -> bool:
        """Whether the file was changed by someone else since it was opened or saved."""
        return self.path is not None and self.disk_digest is not None and file_digest(self.path) != self.disk_digest


def _mapped(mapping: dict[tuple[str, int], Optional[Source]], kind: str, source: Optional[Source]) -> Optional[Source]:
    if source is None or source.line is None:
        return None
    return mapping.get((kind, source.line))


def _as_measured(okr_set: OkrSet) -> OkrSet:
    """The set with each key result's `current` as its newest check-in says it when it has none of
    its own: a `current` equal to the check-in just recorded is no detail lost when the file keeps
    only the check-in (a Markdown table row's `Check-in` cell)."""
    measured = okr_set.model_copy(deep=True)
    for objective in measured.objectives:
        for kr in objective.key_results:
            if kr.current is None and kr.checkins:
                kr.current = sorted_checkins(kr.checkins)[-1].value
    return measured


def _lossy_note(fmt: str) -> str:
    if fmt == "csv":
        return "A CSV row keeps one check-in per key result (the latest) and no waivers; the rest was not written."
    return f"Some details have no place in a {fmt} file and were not written."
