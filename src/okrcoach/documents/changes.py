"""Changes to an OKR set, applied to the model and found by comparing two models.

A change names its element by position at the moment it is applied: `(objective index, key
result index or None)`, or `None` for the set itself. A list of changes is applied in order, each
to the result of the ones before it, so positions always refer to the current state.

`diff(base, target)` finds the changes that turn `base` (a set as read from a file, whose elements
remember their lines in `source`) into `target` (the same set after edits). Elements are matched
by the line they were read from, so a moved key result is a move and not a delete plus an insert,
and an element edited in place keeps its comments and its shape in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Union

from okrcoach.i18n import Msg, msg
from okrcoach.model import Checkin, KeyResult, Objective, OkrSet

Ref = tuple[int, Optional[int]]
Element = Union[Objective, KeyResult]

SET_FIELDS = ("title", "team", "owner", "period", "language")
OBJECTIVE_FIELDS = ("title", "id", "owner", "kind", "aligns_to", "description", "waive")
KEY_RESULT_FIELDS = ("text", "id", "metric", "baseline", "target", "unit", "direction", "deadline", "owner", "current", "confidence", "guardrail", "weight", "waive")


@dataclass(frozen=True)
class SetField:
    """Set one field of the set (`ref` None), an objective or a key result; `value` None removes it."""

    ref: Optional[Ref]
    name: str
    value: Any


@dataclass(frozen=True)
class Insert:
    """Insert a new objective (`ref` = (index, None)) or key result (`ref` = (objective, index))."""

    ref: Ref
    element: Element


@dataclass(frozen=True)
class Delete:
    """Delete an objective (with its key results) or a key result."""

    ref: Ref


@dataclass(frozen=True)
class Move:
    """Move an element to index `to` among its siblings (as `insert(to, pop(index))`)."""

    ref: Ref
    to: int


@dataclass(frozen=True)
class AddCheckin:
    """Append a check-in to a key result's `checkins` (set `current` with a `SetField`)."""

    ref: Ref
    checkin: Checkin


@dataclass(frozen=True)
class SetCheckins:
    """Replace a key result's whole check-in history (an edit that is not an append)."""

    ref: Ref
    checkins: tuple[Checkin, ...]


Change = Union[SetField, Insert, Delete, Move, AddCheckin, SetCheckins]


def describe(change: Change) -> Msg:
    """A short description of a change, for messages, said in the reader's language ("set
    `target` of O1.KR2")."""
    if isinstance(change, SetField):
        what = "set" if change.ref is None else label(change.ref)
        return msg("phrases.edit-change", kind="remove" if change.value is None else "set", name=change.name, ref=what)
    if isinstance(change, Insert):
        return msg("phrases.edit-change", kind="add-objective" if change.ref[1] is None else "add-key-result", ref=label(change.ref))
    if isinstance(change, Delete):
        return msg("phrases.edit-change", kind="delete", ref=label(change.ref))
    if isinstance(change, Move):
        return msg("phrases.edit-change", kind="move", ref=label(change.ref), position=change.to + 1)
    if isinstance(change, AddCheckin):
        return msg("phrases.edit-change", kind="checkin", ref=label(change.ref))
    return msg("phrases.edit-change", kind="checkins", ref=label(change.ref))


def label(ref: Ref) -> str:
    oi, ki = ref
    return f"O{oi + 1}" + ("" if ki is None else f".KR{ki + 1}")


# -- applying to the model -------------------------------------------------------------------------


def element(okr_set: OkrSet, ref: Ref) -> Element:
    oi, ki = ref
    objective = okr_set.objectives[oi]
    return objective if ki is None else objective.key_results[ki]


def apply(okr_set: OkrSet, change: Change) -> OkrSet:
    """A copy of `okr_set` with `change` applied (the input is left as it is)."""
    result = okr_set.model_copy(deep=True)
    if isinstance(change, SetField):
        target: Any = result if change.ref is None else element(result, change.ref)
        setattr(target, change.name, _model_value(change.name, change.value))
    elif isinstance(change, Insert):
        oi, ki = change.ref
        if ki is None:
            result.objectives.insert(oi, change.element.model_copy(deep=True))  # type: ignore[arg-type]
        else:
            result.objectives[oi].key_results.insert(ki, change.element.model_copy(deep=True))  # type: ignore[arg-type]
    elif isinstance(change, Delete):
        oi, ki = change.ref
        if ki is None:
            del result.objectives[oi]
        else:
            del result.objectives[oi].key_results[ki]
    elif isinstance(change, Move):
        oi, ki = change.ref
        items: list = result.objectives if ki is None else result.objectives[oi].key_results
        items.insert(change.to, items.pop(oi if ki is None else ki))
    elif isinstance(change, AddCheckin):
        kr = element(result, change.ref)
        kr.checkins.append(change.checkin.model_copy())  # type: ignore[union-attr]
    elif isinstance(change, SetCheckins):
        kr = element(result, change.ref)
        kr.checkins = [c.model_copy() for c in change.checkins]  # type: ignore[union-attr]
    return result


def _model_value(name: str, value: Any) -> Any:
    """The value a field holds after `SetField(name, value)` (None removes: empty list, False)."""
    if value is None:
        return [] if name == "waive" else (False if name == "guardrail" else None)
    if name == "period" and isinstance(value, str):
        from okrcoach.model import parse_period

        return parse_period(value)
    if isinstance(value, (list, tuple)):
        return [v.model_copy(deep=True) if hasattr(v, "model_copy") else v for v in value]
    return value


def map_texts(okr_set: OkrSet, fn: Any) -> OkrSet:
    """A copy of the set with `fn` applied to every text (titles, texts, owners, notes, …)."""
    result = okr_set.model_copy(deep=True)

    def fix(model: Any) -> None:
        if not hasattr(model, "__dict__"):
            return
        for name, value in list(model.__dict__.items()):
            if name != "source" and isinstance(value, str):
                setattr(model, name, fn(value))

    fix(result)
    for objective in result.objectives:
        fix(objective)
        for waiver in objective.waive:
            fix(waiver)
        for kr in objective.key_results:
            fix(kr)
            for item in [*kr.checkins, *kr.waive]:
                fix(item)
    return result


def same(a: OkrSet, b: OkrSet) -> bool:
    """Whether two sets hold the same OKRs (lines and other reading details aside)."""
    return a.model_dump() == b.model_dump()


# -- finding the changes between two sets ------------------------------------------------------------


def _identity(item: Element) -> Optional[int]:
    return item.source.line if item.source is not None else None


def _text(item: Element) -> str:
    return item.title if isinstance(item, Objective) else item.text


def _identities(items: list) -> list[Optional[tuple[int, int]]]:
    """Each item's identity: its line, and its rank among the items read from that line."""
    seen: dict[int, int] = {}
    found: list[Optional[tuple[int, int]]] = []
    for item in items:
        line = _identity(item)
        if line is None:
            found.append(None)
            continue
        rank = seen.get(line, 0)
        seen[line] = rank + 1
        found.append((line, rank))
    return found


def match(base: list, target: list, positional: bool) -> list[Optional[int]]:
    """For each target item, the index of the base item it is (None: a new item).

    Items are matched by the line they were read from (and their rank among items read from
    the same line, as in `[a, b]`). When `positional` (the target lost its lines, e.g. a restored
    draft), unmatched items are matched by equal text, then by position.
    """
    claimed: set[int] = set()
    by_identity = {identity: index for index, identity in enumerate(_identities(base)) if identity is not None}
    result: list[Optional[int]] = []
    for identity in _identities(target):
        index = by_identity.get(identity) if identity is not None else None
        if index is not None and index not in claimed:
            claimed.add(index)
            result.append(index)
        else:
            result.append(None)
    if positional:
        for t, item in enumerate(target):
            if result[t] is None:
                found = next((b for b, old in enumerate(base) if b not in claimed and _text(old) == _text(item)), None)
                if found is not None:
                    claimed.add(found)
                    result[t] = found
        for t in range(len(target)):
            if result[t] is None and t < len(base) and t not in claimed:
                claimed.add(t)
                result[t] = t
    return result


def _has_lines(okr_set: OkrSet) -> bool:
    return any(o.source is not None and o.source.line is not None for o in okr_set.objectives) or any(
        kr.source is not None and kr.source.line is not None for o in okr_set.objectives for kr in o.key_results
    )


def _list_changes(current: list, target: list, matched: list[Optional[int]], make_ref, changes: list[Change]) -> list[Optional[int]]:
    """Deletes, moves and inserts that turn `current` into `target`; returns, for each target item,
    the index its base item had (None for inserted items)."""
    order = list(range(len(current)))  # base index of each item now in the list
    kept = {m for m in matched if m is not None}
    if current and not kept and target:
        # Every item replaced: insert the new ones after the old before deleting those, so the file
        # never passes through a state with none (a set with no objectives does not read back).
        for position, item in enumerate(target):
            changes.append(Insert(make_ref(len(current) + position), item))
        for index in reversed(range(len(current))):
            changes.append(Delete(make_ref(index)))
        return matched
    for index in reversed(range(len(order))):
        if order[index] not in kept:
            changes.append(Delete(make_ref(index)))
            del order[index]
    wanted = [m for m in matched if m is not None]
    for position, base_index in enumerate(wanted):
        now = order.index(base_index)
        if now != position:
            changes.append(Move(make_ref(now), position))
            order.insert(position, order.pop(now))
    for position, base_index in enumerate(matched):
        if base_index is None:
            changes.append(Insert(make_ref(position), target[position]))
            order.insert(position, -1)
    return matched


def _field_changes(ref: Optional[Ref], old: Any, new: Any, names: tuple[str, ...], changes: list[Change]) -> None:
    for name in names:
        before, after = getattr(old, name), getattr(new, name)
        if name == "period":
            if (before.model_dump() if before else None) != (after.model_dump() if after else None):
                changes.append(SetField(ref, name, after))
        elif name == "waive":
            if [w.model_dump() for w in before] != [w.model_dump() for w in after]:
                changes.append(SetField(ref, name, [w.model_copy() for w in after] or None))
        elif name == "guardrail":
            if bool(before) != bool(after):
                changes.append(SetField(ref, name, True if after else None))
        elif before != after:
            changes.append(SetField(ref, name, after))


def diff(base: OkrSet, target: OkrSet, positional: Optional[bool] = None) -> list[Change]:
    """The changes that turn `base` into `target`, in the order they are to be applied.

    `positional`: match elements without lines by text and position (a restored draft, which lost
    its lines); False when elements without lines are new ones (an opened file after edits, even
    one whose every original element was deleted); None decides by whether `target` has lines.
    """
    changes: list[Change] = []
    _field_changes(None, base, target, SET_FIELDS, changes)
    if positional is None:
        positional = not _has_lines(target)
    matched = match(base.objectives, target.objectives, positional)
    _list_changes(base.objectives, target.objectives, matched, lambda i: (i, None), changes)
    for oi, (objective, base_index) in enumerate(zip(target.objectives, matched)):
        if base_index is None:
            continue
        old = base.objectives[base_index]
        _field_changes((oi, None), old, objective, OBJECTIVE_FIELDS, changes)
        kr_matched = match(old.key_results, objective.key_results, positional)
        _list_changes(old.key_results, objective.key_results, kr_matched, lambda i, oi=oi: (oi, i), changes)
        for ki, (kr, kr_base) in enumerate(zip(objective.key_results, kr_matched)):
            if kr_base is None:
                continue
            old_kr = old.key_results[kr_base]
            before = [c.model_dump() for c in old_kr.checkins]
            after = [c.model_dump() for c in kr.checkins]
            appended = before != after and after[: len(before)] == before
            if before != after and not appended:  # history rewritten (an undone check-in): first,
                changes.append(SetCheckins((oi, ki), tuple(kr.checkins)))  # so `current` can follow
            # a unit the file already writes changes before the numbers, so a number written
            # after it knows its unit (`2 h` keeps ` h` only while the unit is `h`)
            names = ("unit", *(n for n in KEY_RESULT_FIELDS if n != "unit")) if old_kr.unit is not None else KEY_RESULT_FIELDS
            _field_changes((oi, ki), old_kr, kr, names, changes)
            if appended:  # after `current`, as `okrcoach checkin` writes them
                changes.extend(AddCheckin((oi, ki), c) for c in kr.checkins[len(before) :])
    return changes
