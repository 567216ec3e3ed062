"""Property tests over every format: random documents, random edit sequences.

After each sequence the file reads back to exactly the edited model, the comments, prose and
tables outside the elements survive byte for byte, and every line that belongs to no edited
element is unchanged. A save with no change gives the same text. Edits go both through explicit
changes (as `checkin` and `improve --write` make them) and through the TUI's document with undo
and redo (whose save finds the changes by comparing models).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrcoach.document import OkrDocument
from okrcoach.documents import AddCheckin, Delete, EditRefused, Insert, Move, SetField, apply_changes, save
from okrcoach.documents.changes import same
from okrcoach.documents.engine import expected_after
from okrcoach.formats import read_text
from okrcoach.model import Checkin, KeyResult, OkrSet

from .strategies import DOCUMENTS, edit_sequences, texts

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _lines(text: str, fmt: str) -> list[str]:
    lines = re.split(r"\r\n|\r|\n", text)
    if fmt == "json":  # a member added after the last one gives that line a comma
        lines = [line.rstrip().rstrip(",") for line in lines]
    return lines


class _Owners:
    """Which lines of the original text belong to which element (by the lines they were read from)."""

    def __init__(self, text: str, okr_set: OkrSet, fmt: str) -> None:
        self.count = len(re.split(r"\r\n|\r|\n", text))
        raw = re.split(r"\r\n|\r|\n", text)
        starts: list[tuple[int, tuple]] = []
        for oi, objective in enumerate(okr_set.objectives):
            starts.append((objective.source.line - 1, (oi, None)))
            for ki, kr in enumerate(objective.key_results):
                starts.append((kr.source.line - 1, (oi, ki)))
        if fmt == "md":  # a waiver comment just above an element is the element's
            starts = [(self._above(raw, line), ref) for line, ref in starts]
        starts.sort(key=lambda start: start[0])
        self.first = starts[0][0] if starts else self.count
        self.lines: dict[tuple, set[int]] = {}
        distinct = sorted({line for line, _ in starts})
        for line, ref in starts:
            later = [other for other in distinct if other > line]
            end = later[0] if later else self.count
            self.lines.setdefault(ref, set()).update(range(line, end))
        self.fmt = fmt
        self.okr_set = okr_set

    @staticmethod
    def _above(raw: list[str], line: int) -> int:
        while line > 0 and re.match(r"^\s*<!--\s*okrcoach", raw[line - 1]):
            line -= 1
        return line

    def subtree(self, oi: int) -> set[int]:
        found = set(self.lines.get((oi, None), set()))
        for ki in range(len(self.okr_set.objectives[oi].key_results)):
            found |= self.lines.get((oi, ki), set())
        return found


def _allowed(owners: _Owners, base: OkrSet, changes: list, fmt: str) -> set[int]:
    """Lines of the original text an edit may change: those of the elements it edits.

    Positions shift as changes apply, so each change is mapped back to the original elements.
    An element whose place among its siblings changes is edited too (Markdown renumbers
    `KR2` to `KR3`); in CSV an objective's fields stand on every row of its key results.
    """
    ids: list[list] = [[oi, list(range(len(o.key_results)))] for oi, o in enumerate(base.objectives)]
    elements: set[tuple] = set()
    trees: set[int] = set()
    header = fmt == "csv"  # a new column goes at the end of the header line

    def objective(oi: int, tree: bool = False) -> None:
        if ids[oi][0] is not None:
            elements.add((ids[oi][0], None))
            if tree or fmt == "csv":
                trees.add(ids[oi][0])

    def key_result(oi: int, ki: int) -> None:
        if ids[oi][0] is not None and ids[oi][1][ki] is not None:
            elements.add((ids[oi][0], ids[oi][1][ki]))

    for change in changes:
        if change.ref is None:
            header = True
            continue
        oi, ki = change.ref
        if isinstance(change, (SetField, AddCheckin)):
            objective(oi) if ki is None else key_result(oi, ki)
        elif isinstance(change, Insert) and ki is None:
            for later in range(max(0, oi - 1) if fmt == "json" else oi, len(ids)):  # JSON: a comma after the one before
                objective(later)
            ids.insert(oi, [None, [None] * len(change.element.key_results)])
        elif isinstance(change, Insert):
            for later in range(max(0, ki - 1), len(ids[oi][1])):  # `[a, b]` and JSON: the new item joins the line before
                key_result(oi, later)
            if ids[oi][0] is not None:  # the objective's `key_results:` line (`[]`, `[a, b]`)
                elements.add((ids[oi][0], None))
            ids[oi][1].insert(ki, None)
        elif isinstance(change, Delete) and ki is None:
            for later in range(oi, len(ids)):
                objective(later, tree=later == oi)
            del ids[oi]
        elif isinstance(change, Delete):
            for later in range(ki, len(ids[oi][1])):
                key_result(oi, later)
            if ids[oi][0] is not None:  # the last one gone: `"key_results": []`
                elements.add((ids[oi][0], None))
            del ids[oi][1][ki]
        elif isinstance(change, Move) and ki is None:
            for index in range(min(oi, change.to), max(oi, change.to) + 1):
                objective(index, tree=True)
            ids.insert(change.to, ids.pop(oi))
        elif isinstance(change, Move):
            for index in range(min(ki, change.to), max(ki, change.to) + 1):
                key_result(oi, index)
            ids[oi][1].insert(change.to, ids[oi][1].pop(ki))
    allowed: set[int] = set()
    for ref in elements:
        allowed |= owners.lines.get(ref, set())
    for oi in trees:
        allowed |= owners.subtree(oi)
    if header:  # set fields stand before the first objective (or on its line, in one-line JSON)
        allowed |= set(range(0, owners.first + (1 if fmt == "csv" or owners.first == 0 else 0)))
    return allowed


def check_edit(text: str, fmt: str, free: list[str], changes: list) -> str:
    base = read_text(text, "t", fmt)
    assert base.okr_set is not None
    expected = base.okr_set
    for change in changes:
        expected = expected_after(expected, change, fmt)
    edited = apply_changes(text, fmt, changes, "t")
    reread = read_text(edited.text, "t", fmt)
    assert reread.okr_set is not None and same(reread.okr_set, expected)
    new_lines = _lines(edited.text, fmt)
    for line in free:
        assert line in new_lines, f"{line!r} was lost"
    old_lines = _lines(text, fmt)
    allowed = _allowed(_Owners(text, base.okr_set, fmt), base.okr_set, changes, fmt)
    kept = iter(new_lines)
    for number, line in enumerate(old_lines):  # the untouched lines survive, in order
        if number not in allowed:
            assert any(line == new for new in kept), f"line {number + 1} ({line!r}) changed or moved, but it belongs to no edited element"
    return edited.text


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "md"])
@SETTINGS
@given(data=st.data())
def test_edit_sequences_touch_only_what_changed(fmt, data):
    document = data.draw(DOCUMENTS[fmt]())
    base = read_text(document.text, "t", fmt).okr_set
    assert base is not None and base.objectives
    assert save(document.text, fmt, base).text == document.text  # no change: same text
    changes = data.draw(edit_sequences(base, fmt))
    check_edit(document.text, fmt, document.free, changes)


@st.composite
def _document_actions(draw, doc: OkrDocument) -> None:
    """Drive an OkrDocument as the TUI does (typing, fields, add, delete, move, check-in, undo)."""
    for _ in range(draw(st.integers(1, 6))):
        objectives = doc.okr_set.objectives
        krs = [(oi, ki) for oi, o in enumerate(objectives) for ki in range(len(o.key_results))]
        action = draw(st.sampled_from(["text", "field", "add_kr", "add_objective", "delete", "move", "checkin", "undo", "redo"]))
        if action == "text" and objectives:
            ref = draw(st.sampled_from(krs + [(oi, None) for oi in range(len(objectives))]))
            doc.set_text(ref, draw(texts), merge=draw(st.booleans()))
        elif action == "field" and krs:
            ref = draw(st.sampled_from(krs))
            name = draw(st.sampled_from(["baseline", "target", "unit", "deadline"]))
            value = draw(
                st.none()
                | {"baseline": st.integers(0, 500), "target": st.integers(0, 500), "unit": st.sampled_from(["%", "customers"]), "deadline": st.dates(date(2000, 1, 1), date(2100, 12, 31))}[name].map(
                    str
                )
            )
            if name == "deadline" and value is not None:
                value = value[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) else None
            doc.set_field(ref, name, value)
        elif action == "add_kr" and objectives:
            oi = draw(st.integers(0, len(objectives) - 1))
            count = len(objectives[oi].key_results)
            doc.add_key_result(oi, draw(st.none() | st.integers(0, count - 1)) if count else None, draw(texts))
        elif action == "add_objective":
            doc.add_objective(draw(st.none() | st.integers(0, max(0, len(objectives) - 1))) if objectives else None, draw(texts) + " " + str(len(objectives)))
        elif action == "delete" and krs and len(objectives) > 1:
            doc.delete(draw(st.sampled_from(krs + [(oi, None) for oi in range(len(objectives))])))
        elif action == "move" and krs:
            doc.move(draw(st.sampled_from(krs + [(oi, None) for oi in range(len(objectives))])), draw(st.sampled_from([-1, 1])))
        elif action == "checkin" and krs:
            ref = draw(st.sampled_from(krs))
            kr: KeyResult = doc.element(ref)  # type: ignore[assignment]
            latest = max((c.date for c in kr.checkins), default=None)
            day = (latest or date(2027, 1, 1)) + timedelta(days=draw(st.integers(1, 30)))
            doc.add_checkin(ref, Checkin(date=day, value=draw(st.integers(0, 100)), note=draw(st.none() | texts)))
        elif action == "undo":
            doc.undo()
        elif action == "redo":
            doc.redo()


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "md"])
@SETTINGS
@given(data=st.data())
def test_tui_document_saves_in_place(fmt, data, tmp_path_factory):
    document = data.draw(DOCUMENTS[fmt]())
    folder = tmp_path_factory.mktemp("doc")
    path = folder / f"team.okr.{fmt}"
    path.write_bytes(document.text.encode("utf-8"))
    doc, _ = OkrDocument.open(path)
    saved = doc.save()
    assert not saved.written and path.read_bytes() == document.text.encode("utf-8")  # no edit: no write
    for _ in range(2):  # edit, save, edit again (the lines have moved), save
        before = path.read_text(encoding="utf-8")
        data.draw(_document_actions(doc))
        if fmt == "csv":
            titles = [o.title for o in doc.okr_set.objectives]
            if len(set(titles)) != len(titles):
                return  # a CSV groups rows by objective title: two equal titles are one objective
        try:
            doc.save()
        except EditRefused as exc:  # pragma: no cover - a refusal is a failure of this test
            raise AssertionError(f"save refused: {exc}") from exc
        after = read_text(path.read_text(encoding="utf-8"), "t", fmt).okr_set
        from okrcoach.documents.engine import normalised

        assert after is not None and same(after, normalised(doc.okr_set, fmt))
        for line in document.free:
            assert line in _lines(path.read_text(encoding="utf-8"), fmt)
        assert doc.save().written is False  # saved twice: nothing more to write
        assert path.read_text(encoding="utf-8") != before or same(read_text(before, "t", fmt).okr_set, after)


@pytest.mark.parametrize(
    "fmt, text",
    [
        ("md", "## Objective 1: Increase\n\nWhy: we want more customers to stay.\n"),
        ("yaml", "objectives:\n  # keep\n  - title: Increase\n    key_results: []\n"),
        ("json", '{"objectives": [{"title": "Increase"}]}\n'),
        ("csv", "objective,key_result\nIncrease,Raise NPS from 3 to 4\n"),
    ],
)
def test_replacing_every_objective_saves_in_place(fmt, text, tmp_path):
    """A new objective added and every original one deleted is a replacement, not an edit of the
    old objective into the new one (which would have to remove its description paragraph)."""
    path = tmp_path / f"team.okr.{fmt}"
    path.write_text(text, encoding="utf-8")
    doc, _ = OkrDocument.open(path)
    doc.add_objective(None, "Win the Nordic market")
    doc.delete((0, None))
    doc.save()
    after = read_text(path.read_text(encoding="utf-8"), "t", fmt).okr_set
    assert after is not None and [o.title for o in after.objectives] == ["Win the Nordic market"]


@pytest.mark.parametrize(
    "fmt, text",
    [
        ("csv", "objective,key_result\nIncrease weekly,\nIncrease,\n"),  # the shrunk example hypothesis found
        ("csv", "objective,key_result,target\nIncrease weekly,Raise NPS,4\nIncrease weekly,Cut churn,2\nIncrease,Win deals,5\n"),
        ("yaml", "objectives:\n  - title: Increase weekly\n  - title: Increase\n"),
        ("json", '{"objectives": [{"title": "Increase weekly"}, {"title": "Increase"}]}\n'),
        ("md", "## Objective 1: Increase weekly\n\n## Objective 2: Increase\n"),
    ],
)
def test_objectives_swapping_titles_save_in_place(fmt, text, tmp_path):
    """Two objectives swapping titles save, though in a CSV (which groups rows by title) each
    change alone would make the two one objective; the lines keep their places."""
    path = tmp_path / f"team.okr.{fmt}"
    path.write_text(text, encoding="utf-8")
    doc, _ = OkrDocument.open(path)
    doc.set_text((0, None), "Increase", merge=False)
    doc.set_text((1, None), "Increase weekly", merge=False)
    assert doc.save().written
    after = read_text(path.read_text(encoding="utf-8"), "t", fmt).okr_set
    assert after is not None and [o.title for o in after.objectives] == ["Increase", "Increase weekly"]
    assert [[kr.text for kr in o.key_results] for o in after.objectives] == [[kr.text for kr in o.key_results] for o in doc.okr_set.objectives]
    assert doc.save().written is False
    doc.set_text((0, None), "Increase weekly", merge=False)  # and back: the file as it was
    doc.set_text((1, None), "Increase", merge=False)
    doc.save()
    assert path.read_text(encoding="utf-8") == text


def test_csv_titles_renamed_in_a_chain_and_set_twice():
    """`A`→`B`, `B`→`C`, `C`→`A` as explicit changes, with a key result added between and one
    title set twice: each read alone would merge two objectives."""
    text = "objective,key_result,target\nA,Raise NPS,4\nA,Cut churn,2\nB,Win deals,5\nC,Ship v2,1\n"
    changes = [
        SetField((0, None), "title", "B"),
        Insert((0, 2), KeyResult(text="Keep 90% of customers")),
        SetField((1, None), "title", "X"),
        SetField((1, None), "title", "C"),
        SetField((2, None), "title", "A"),
    ]
    edited = apply_changes(text, "csv", changes, "t")
    assert edited.text == "objective,key_result,target\nB,Raise NPS,4\nB,Cut churn,2\nB,Keep 90% of customers,\nC,Win deals,5\nA,Ship v2,1\n"
