"""Alignment across OKR sets, and the rules that need more than one file or the check-ins.

Pure: it works on sets already read; the only way it reaches a file that was not linted is the
`load` callback a front end may pass (the CLI reads referenced files from disk with it).

`aligns_to` grammar (an objective's parent objective):

* `FILE#O2`   objective 2 (1-based) of the set in FILE;
* `FILE#ID`   the objective with `id: ID` in FILE (an id wins over a position: `#O2` names the
              objective whose id is `O2` if there is one);
* `#O2`, `#ID` the same, in the referencing file itself;
* `ID`        the objective with that id in any of the sets (when several sets use the id, the
              ones whose period overlaps the referencing set's are preferred); a bare `O2` with no
              such id means objective 2 of the same file.

FILE is a path relative to the referencing file's folder; when there is no such file, the linted
file whose path ends with FILE is used. Text with spaces and no `#` ("Company goal: grow") is a
free-text note: it counts as aligned but is not checked.

Rules (rule files in rubrics/alignment/ and rubrics/progress/, check kind `collection`):
OKR401 dangling-alignment, OKR402 alignment-cycle, OKR403 objective-without-parent,
OKR410 committed-miss-without-note, OKR411 possible-sandbagging.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional, Sequence, Union

from okrcoach.i18n import Msg, msg
from okrcoach.model import Objective, OkrSet
from okrcoach.progress import grade, graded_on, objective_score, sorted_checkins
from okrcoach.rubric.findings import Hit as RuleHit
from okrcoach.rubric.findings import hit_at
from okrcoach.rubric.kinds import collection

if TYPE_CHECKING:  # pragma: no cover
    from okrcoach.linting import FileReport
    from okrcoach.rubric import Linter

ObjKey = tuple[int, int]  # (entry index, objective index)
Loader = Callable[[str], Optional[OkrSet]]
Problem = Optional[Msg]  # why a reference leads nowhere, rendered in the file's language

DANGLING, CYCLE, NO_PARENT = "OKR401", "OKR402", "OKR403"
MISSED_WITHOUT_NOTE, SANDBAGGING = "OKR410", "OKR411"
_OKR_FILE = re.compile(r".*\.okr\.(?:ya?ml|json|md|markdown|csv|tsv)$", re.I)
_POSITION = re.compile(r"[Oo](\d{1,4})")


def load_set(path: str) -> Optional[OkrSet]:
    """A `Loader` that reads an OKR file from disk; None if its name is not an OKR format or
    nothing could be read. An `aligns_to` may name any file; the reading gate still guards the read."""
    from pathlib import Path

    from okrcoach.formats import format_for_path, read_by_content, read_path

    file = Path(path)
    if format_for_path(file) is None and not read_by_content(file):
        return None
    return read_path(file, root=Path("/")).okr_set


@dataclass(frozen=True)
class Reference:
    """A parsed `aligns_to`: a file part (or None) and a fragment (id or `O<n>`, or None)."""

    raw: str
    file: Optional[str]
    fragment: Optional[str]
    anchored: bool  # written with `#`


def parse_reference(text: Optional[str]) -> Optional[Reference]:
    """The reference `text` stands for, or None for empty or free text."""
    if text is None:
        return None
    raw = text.strip()
    if not raw:
        return None
    if "#" in raw:
        file, fragment = raw.split("#", 1)
        file, fragment = file.strip(), fragment.strip()
        if re.search(r"\s", file) or re.search(r"\s", fragment):
            return None
        return Reference(raw, file or None, fragment or None, True)
    if re.search(r"\s", raw):
        return None
    if _OKR_FILE.match(raw):
        return Reference(raw, raw, None, False)
    return Reference(raw, None, raw, False)


@dataclass
class Entry:
    """One set in the collection: its path (posix, as displayed) and whether it was linted."""

    path: str
    okr_set: OkrSet
    linted: bool = True


@dataclass
class Alignment:
    """Resolved alignment of a collection of sets."""

    entries: list[Entry]
    parents: dict[ObjKey, ObjKey] = field(default_factory=dict)
    dangling: dict[ObjKey, tuple[str, Msg]] = field(default_factory=dict)  # key -> (reference, reason)
    free_text: set[ObjKey] = field(default_factory=set)
    cycles: list[list[ObjKey]] = field(default_factory=list)

    def objective(self, key: ObjKey) -> Objective:
        return self.entries[key[0]].okr_set.objectives[key[1]]

    def label(self, key: ObjKey) -> str:
        return f"{self.entries[key[0]].path}#O{key[1] + 1}"

    def children(self) -> dict[ObjKey, list[ObjKey]]:
        found: dict[ObjKey, list[ObjKey]] = {}
        for child, parent in sorted(self.parents.items()):
            found.setdefault(parent, []).append(child)
        return found

    def in_cycle(self) -> set[ObjKey]:
        return {key for cycle in self.cycles for key in cycle}


def _norm(path: str) -> str:
    path = path.replace("\\", "/")
    normal = posixpath.normpath(path)
    return normal[2:] if normal.startswith("./") else normal


def _overlaps(a: OkrSet, b: OkrSet) -> bool:
    if a.period is None or b.period is None:
        return True
    return a.period.start <= b.period.end and b.period.start <= a.period.end


class _Resolver:
    def __init__(self, entries: list[Entry], load: Optional[Loader]) -> None:
        self.entries = entries
        self.load = load
        self.by_path = {_norm(e.path): i for i, e in enumerate(entries)}
        self.tried: set[str] = set()

    def file(self, origin: int, name: str) -> tuple[Optional[int], Problem]:
        base = posixpath.dirname(_norm(self.entries[origin].path))
        candidate = _norm(posixpath.join(base, name.replace("\\", "/")))
        if candidate in self.by_path:
            return self.by_path[candidate], None
        if self.load is not None and candidate not in self.tried:
            self.tried.add(candidate)
            loaded = self.load(candidate)
            if loaded is not None:
                self.entries.append(Entry(candidate, loaded, linted=False))
                self.by_path[candidate] = len(self.entries) - 1
                return self.by_path[candidate], None
        wanted = _norm(name)
        matches = [i for p, i in self.by_path.items() if p == wanted or p.endswith("/" + wanted)]
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            paths = ", ".join(sorted(self.entries[i].path for i in matches))
            return None, msg("phrases.alignment-several-files", name=name, paths=paths)
        return None, msg("phrases.alignment-no-file", name=name, candidate=candidate)

    def objective(self, index: int, fragment: str) -> tuple[Optional[int], Problem]:
        objectives = self.entries[index].okr_set.objectives
        path = self.entries[index].path
        exact = [i for i, o in enumerate(objectives) if o.id == fragment]
        if len(exact) == 1:
            return exact[0], None
        if len(exact) > 1:
            return None, msg("phrases.alignment-id-used-twice", id=fragment, positions=", ".join(f"O{i + 1}" for i in exact), path=path)
        position = _POSITION.fullmatch(fragment)
        if position:
            number = int(position.group(1))
            if 1 <= number <= len(objectives):
                return number - 1, None
            return None, msg("phrases.alignment-no-position", path=path, count=len(objectives), number=number)
        folded = [i for i, o in enumerate(objectives) if o.id and o.id.casefold() == fragment.casefold()]
        if len(folded) == 1:
            return folded[0], None
        ids = [o.id for o in objectives if o.id]
        close = difflib.get_close_matches(fragment, ids, n=1)
        if close:
            return None, msg("phrases.alignment-no-id-close", id=fragment, path=path, close=close[0])
        if ids:
            return None, msg("phrases.alignment-no-id-listed", id=fragment, path=path, ids=", ".join(ids))
        return None, msg("phrases.alignment-no-id-none", id=fragment, path=path)

    def by_id(self, origin: int, fragment: str) -> tuple[Optional[ObjKey], Problem]:
        found = [(ei, oi) for ei, e in enumerate(self.entries) for oi, o in enumerate(e.okr_set.objectives) if o.id == fragment]
        if len(found) > 1:
            here = self.entries[origin].okr_set
            found = [k for k in found if _overlaps(here, self.entries[k[0]].okr_set)] or found
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            where = ", ".join(self.entries[ei].path for ei, _ in found)
            return None, msg("phrases.alignment-id-in-several-sets", id=fragment, paths=where)
        if _POSITION.fullmatch(fragment):
            oi, problem = self.objective(origin, fragment)
            return ((origin, oi), None) if oi is not None else (None, problem)
        ids = sorted({o.id for e in self.entries for o in e.okr_set.objectives if o.id})
        close = difflib.get_close_matches(fragment, ids, n=1)
        if close:
            return None, msg("phrases.alignment-unknown-id-close", id=fragment, close=close[0])
        return None, msg("phrases.alignment-unknown-id", id=fragment)

    def resolve(self, origin: int, ref: Reference) -> tuple[Optional[ObjKey], Problem]:
        if ref.file is not None:
            index, problem = self.file(origin, ref.file)
            if index is None:
                return None, problem
            if ref.fragment is None:
                return None, msg("phrases.alignment-file-only", ref=ref.raw)
            oi, problem = self.objective(index, ref.fragment)
            return ((index, oi), None) if oi is not None else (None, problem)
        if ref.fragment is None:
            return None, msg("phrases.alignment-empty-fragment")
        if ref.anchored:
            oi, problem = self.objective(origin, ref.fragment)
            return ((origin, oi), None) if oi is not None else (None, problem)
        return self.by_id(origin, ref.fragment)


def align(entries: Sequence[Entry], load: Optional[Loader] = None) -> Alignment:
    """Resolve every objective's `aligns_to` in the collection, then find cycles.

    Files referenced but not in `entries` are fetched with `load` (if given) and added as
    entries with `linted=False`; their own references are resolved too.
    """
    result = Alignment(list(entries))
    resolver = _Resolver(result.entries, load)
    ei = 0
    while ei < len(result.entries):  # loaded entries are appended and resolved in turn
        for oi, objective in enumerate(result.entries[ei].okr_set.objectives):
            text = objective.aligns_to
            ref = parse_reference(text)
            if ref is None:
                if text and text.strip():
                    result.free_text.add((ei, oi))
                continue
            target, problem = resolver.resolve(ei, ref)
            if target is None:
                result.dangling[(ei, oi)] = (ref.raw, problem or msg("phrases.alignment-empty-fragment"))
            else:
                result.parents[(ei, oi)] = target
        ei += 1
    result.cycles = _cycles(result.parents)
    return result


def _cycles(parents: dict[ObjKey, ObjKey]) -> list[list[ObjKey]]:
    """Each cycle once, starting from its smallest member, in order of that member."""
    state: dict[ObjKey, int] = {}  # 1 on the current path, 2 done
    cycles = []
    for start in sorted(parents):
        path: list[ObjKey] = []
        node: Optional[ObjKey] = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parents.get(node)
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            first = cycle.index(min(cycle))
            cycles.append(cycle[first:] + cycle[:first])
        for visited in path:
            state[visited] = 2
    return sorted(cycles)


def parent_sets(alignment: Alignment) -> dict[int, set[int]]:
    """For each entry, the other entries its objectives align to."""
    found: dict[int, set[int]] = {}
    for (ei, _), (pi, _) in alignment.parents.items():
        if pi != ei:
            found.setdefault(ei, set()).add(pi)
    return found


# -- rule hits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One collection rule firing on one objective (or a whole set when objective is None)."""

    code: str
    entry: int
    objective: Optional[int]
    evidence: Union[str, float, Msg]
    reason: Union[str, Msg] = ""


def alignment_hits(alignment: Alignment) -> list[Hit]:
    """OKR401 dangling references, OKR402 cycles and OKR403 objectives without a parent."""
    entries = alignment.entries
    hits = [Hit(DANGLING, ei, oi, ref, reason) for (ei, oi), (ref, reason) in sorted(alignment.dangling.items()) if entries[ei].linted]
    for cycle in alignment.cycles:
        linted = [k for k in cycle if entries[k[0]].linted]
        if linted:
            first = cycle.index(linted[0])
            loop = cycle[first:] + cycle[:first]
            chain = " → ".join(alignment.label(k) for k in loop + [loop[0]])
            hits.append(Hit(CYCLE, linted[0][0], linted[0][1], chain))
    parents = parent_sets(alignment)
    referenced = {p for targets in parents.values() for p in targets}
    for ei, entry in enumerate(entries):
        if not entry.linted:
            continue
        if ei in parents:
            names = ", ".join(sorted(entries[p].path for p in parents[ei]))
            reason = msg("phrases.parent-set-of-siblings", names=names)
        elif ei in referenced:
            continue
        else:
            candidates = sorted(entries[p].path for p in referenced if p != ei and _overlaps(entry.okr_set, entries[p].okr_set))
            if not candidates:
                continue
            reason = msg("phrases.parent-set-of-others", names=", ".join(candidates), count=len(candidates))
        for oi, objective in enumerate(entry.okr_set.objectives):
            if (ei, oi) in alignment.parents or (ei, oi) in alignment.dangling or (ei, oi) in alignment.free_text:
                continue
            hits.append(Hit(NO_PARENT, ei, oi, objective.title, reason))
    return hits


def missed_without_note(entry_index: int, okr_set: OkrSet) -> list[Hit]:
    """OKR410: committed objectives graded below 1.0 whose key results' last check-ins have no note.

    The grading date is the set's last check-in when that is on or after the period's end (never
    the clock); sets not yet graded are skipped.
    """
    graded = graded_on(okr_set)
    if graded is None:
        return []
    hits = []
    for oi, objective in enumerate(okr_set.objectives):
        if objective.kind != "committed":
            continue
        value = grade(objective_score(objective, graded).score)
        if value is None or value >= 1.0:
            continue
        lasts = [sorted_checkins(kr.checkins, graded)[-1:] for kr in objective.key_results]
        if any(last and (last[0].note or "").strip() for last in lasts):
            continue
        hits.append(Hit(MISSED_WITHOUT_NOTE, entry_index, oi, round(value, 1), msg("phrases.graded-on", date=graded.isoformat())))
    return hits


def team_key(entry: Entry) -> str:
    """Sets of one team: the same `team:` (case-insensitive), else the same folder."""
    team = (entry.okr_set.team or "").strip().casefold()
    return f"team:{team}" if team else f"folder:{posixpath.dirname(_norm(entry.path))}"


def sandbagging(entries: Sequence[Entry], min_cycles: int = 3) -> list[Hit]:
    """OKR411: a team whose aspirational objectives were graded 1.0 in every one of its graded periods.

    A set counts as graded when a later set of the same team exists, or when its own last check-in
    is on or after its period's end. Needs at least `min_cycles` graded sets with scored
    aspirational objectives; the hit goes on the latest of them.
    """
    teams: dict[str, list[int]] = {}
    for ei, entry in enumerate(entries):
        if entry.linted and entry.okr_set.period is not None:
            teams.setdefault(team_key(entry), []).append(ei)
    hits = []
    for members in teams.values():
        members.sort(key=lambda i: (entries[i].okr_set.period.start, entries[i].path))  # type: ignore[union-attr]
        cycles: list[tuple[int, bool]] = []
        for position, ei in enumerate(members):
            okr_set = entries[ei].okr_set
            later = position < len(members) - 1
            if not later and graded_on(okr_set) is None:
                continue
            at = graded_on(okr_set)
            grades = [grade(objective_score(o, at).score) for o in okr_set.objectives if o.kind == "aspirational"]
            grades = [g for g in grades if g is not None]
            if grades:
                cycles.append((ei, all(g >= 1.0 for g in grades)))
        if len(cycles) >= min_cycles and all(full for _, full in cycles):
            last = cycles[-1][0]
            team = entries[last].okr_set.team or posixpath.dirname(_norm(entries[last].path)) or "."
            periods = ", ".join(entries[ei].okr_set.period.label for ei, _ in cycles)  # type: ignore[union-attr]
            hits.append(Hit(SANDBAGGING, last, None, msg("phrases.sandbagging-evidence", team=team, count=len(cycles), periods=periods)))
    return hits


# -- findings -------------------------------------------------------------------------------------


def collection_hits(entries: Sequence[Entry], linters: Sequence["Linter"], load: Optional[Loader] = None) -> list[list[RuleHit]]:
    """The collection rules' hits per linted entry, before waivers (`Linter.findings` resolves them
    together with the engine's hits).

    `linters[i]` belongs to `entries[i]`; a rule not enabled by an entry's linter is not reported for it.
    """
    alignment = align(entries, load)
    hits = alignment_hits(alignment)
    for ei, entry in enumerate(alignment.entries):
        if entry.linted:
            hits.extend(missed_without_note(ei, entry.okr_set))
    rubric = linters[0].rubric if linters else None
    rule = rubric.find(SANDBAGGING) if rubric else None
    hits.extend(sandbagging(alignment.entries, int((rule.params if rule else {}).get("min_cycles", 3))))

    per_entry: list[list[RuleHit]] = [[] for _ in entries]
    for hit in hits:
        linter = linters[hit.entry]
        rule = linter.rubric.find(hit.code)
        if rule is None or not linter.options.is_enabled(rule):
            continue
        values = {"evidence": hit.evidence, "reason": hit.reason}
        per_entry[hit.entry].append(hit_at(rule, alignment.entries[hit.entry].okr_set, hit.objective, None, values, collection.EVIDENCE_LIMIT))
    return per_entry


def lint_collection(reports: list["FileReport"], linters: Sequence["Linter"], load: Optional[Loader] = None) -> None:
    """Add the collection rules' hits to per-file lint reports and settle their findings, in place.

    `linters[i]` is the linter of `reports[i]`. Waivers are resolved over the engine's and the
    collection's hits together, so a waiver that silenced a collection finding is used.
    """
    index = [i for i, r in enumerate(reports) if r.okr_set is not None]
    entries = [Entry(reports[i].path, reports[i].okr_set) for i in index]  # type: ignore[arg-type]
    if not entries:
        return
    per_entry = collection_hits(entries, [linters[i] for i in index], load)
    for position, i in enumerate(index):
        if per_entry[position]:
            reports[i].hits.extend(per_entry[position])
            reports[i].settle(linters[i])
