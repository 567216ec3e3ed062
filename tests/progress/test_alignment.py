"""Alignment across sets: the `aligns_to` grammar, resolution, and the collection rules in `okrcoach lint`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrcoach.alignment import Entry, align, alignment_hits, missed_without_note, parse_reference, sandbagging
from okrcoach.cli import main
from okrcoach.formats import read_text
from okrcoach.i18n import value_text


def okr(text: str, path: str = "x.okr.yaml"):
    result = read_text(text, path, "yaml")
    assert result.okr_set is not None, result.issues
    return result.okr_set


def entry(path: str, text: str) -> Entry:
    return Entry(path, okr(text, path))


def objectives(*specs: str, period: str = "2027-Q1", team: str | None = None) -> str:
    """YAML with one objective per spec: 'Title' or 'Title | aligns_to' or 'Title | aligns_to | id'."""
    out = [f"period: {period}"] + ([f"team: {team}"] if team else []) + ["objectives:"]
    for spec in specs:
        parts = [p.strip() for p in spec.split("|")]
        out.append(f"  - title: {parts[0]}")
        if len(parts) > 1 and parts[1]:
            out.append(f"    aligns_to: {json.dumps(parts[1])}")
        if len(parts) > 2:
            out.append(f"    id: {parts[2]}")
        out.append("    key_results: [Raise MRR from 10k to 14k]")
    return "\n".join(out) + "\n"


# -- grammar ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "file", "fragment", "anchored"),
    [
        ("company.okr.yaml#O2", "company.okr.yaml", "O2", True),
        ("../company.okr.yaml#C-GROW", "../company.okr.yaml", "C-GROW", True),
        ("#O2", None, "O2", True),
        ("#grow", None, "grow", True),
        ("C-GROW", None, "C-GROW", False),
        ("O2", None, "O2", False),
        ("company.okr.yaml", "company.okr.yaml", None, False),
        (" company.okr.yaml#O1 ", "company.okr.yaml", "O1", True),
    ],
)
def test_reference_grammar(text, file, fragment, anchored):
    ref = parse_reference(text)
    assert (ref.file, ref.fragment, ref.anchored) == (file, fragment, anchored)


@pytest.mark.parametrize("text", [None, "", "  ", "Company goal 2 (grow revenue)", "Company goal #2"])
def test_free_text_is_not_a_reference(text):
    assert parse_reference(text) is None


# -- resolution -------------------------------------------------------------------------------------


def test_positions_ids_relative_paths_and_same_file():
    company = entry("okrs/company.okr.yaml", objectives("Grow | | C-GROW", "Keep customers"))
    team = entry(
        "okrs/teams/app.okr.yaml",
        objectives("A | ../company.okr.yaml#O2", "B | ../company.okr.yaml#C-GROW", "C | C-GROW", "D | #O1", "E | company.okr.yaml#O1", "F | Company goal 2"),
    )
    result = align([company, team])
    assert result.parents == {(1, 0): (0, 1), (1, 1): (0, 0), (1, 2): (0, 0), (1, 3): (1, 0), (1, 4): (0, 0)}
    assert result.free_text == {(1, 5)}
    assert result.dangling == {} and result.cycles == []


def test_an_id_wins_over_a_position_and_ids_prefer_the_same_period():
    company_q4 = entry("c-2026-Q4.okr.yaml", objectives("Old grow | | C-1", period="2026-Q4"))
    company_q1 = entry("c-2027-Q1.okr.yaml", objectives("Other", "Grow | | C-1", period="2027-Q1"))
    team = entry("team.okr.yaml", objectives("A | C-1", "B | c-2027-Q1.okr.yaml#O1", "C | #O1 | O1"))
    result = align([company_q4, company_q1, team])
    assert result.parents[(2, 0)] == (1, 1)
    assert result.parents[(2, 1)] == (1, 0)
    assert result.parents[(2, 2)] == (2, 2)  # its own id is O1: a cycle of one
    assert result.cycles == [[(2, 2)]]


@pytest.mark.parametrize(
    ("aligns_to", "reason"),
    [
        ("company.okr.yaml#O3", "company.okr.yaml has 1 objective, so there is no O3"),
        ("company.okr.yaml#C-GROWTH", "no objective with id `C-GROWTH` in company.okr.yaml (did you mean `C-GROW`?)"),
        ("compnay.okr.yaml#O1", "there is no OKR file `compnay.okr.yaml`"),
        ("company.okr.yaml", "names a file but not an objective"),
        ("#O4", "team.okr.yaml has 1 objective, so there is no O4"),
        ("NOPE", "no objective has the id `NOPE`"),
        ("dup", "id `dup` is used in several sets"),
    ],
)
def test_dangling_references_say_why(aligns_to, reason):
    company = entry("company.okr.yaml", objectives("Grow | | C-GROW"))
    other = entry("other.okr.yaml", objectives("X | | dup"))
    third = entry("third.okr.yaml", objectives("Y | | dup"))
    team = entry("team.okr.yaml", objectives(f"A | {aligns_to}"))
    result = align([company, other, third, team])
    assert list(result.dangling) == [(3, 0)]
    assert reason in result.dangling[(3, 0)][1].render("en")


def test_a_loader_fetches_referenced_files_once():
    calls = []

    def load(path):
        calls.append(path)
        return okr(objectives("Grow"), path) if path == "company.okr.yaml" else None

    team = entry("teams/app.okr.yaml", objectives("A | ../company.okr.yaml#O1", "B | ../company.okr.yaml#O1", "C | ../missing.okr.yaml#O1"))
    result = align([team], load)
    assert calls == ["company.okr.yaml", "missing.okr.yaml"]
    assert result.entries[1].path == "company.okr.yaml" and not result.entries[1].linted
    assert result.parents[(0, 0)] == (1, 0) and (0, 2) in result.dangling


def test_cycles_are_found_once_each():
    a = entry("a.okr.yaml", objectives("A1 | b.okr.yaml#O1", "A2 | #O2", "A3 | #O1"))
    b = entry("b.okr.yaml", objectives("B1 | a.okr.yaml#O1"))
    result = align([a, b])
    assert result.cycles == [[(0, 0), (1, 0)], [(0, 1)]]
    hits = [h for h in alignment_hits(result) if h.code == "OKR402"]
    assert [(h.entry, h.objective, h.evidence) for h in hits] == [
        (0, 0, "a.okr.yaml#O1 → b.okr.yaml#O1 → a.okr.yaml#O1"),
        (0, 1, "a.okr.yaml#O2 → a.okr.yaml#O2"),
    ]


def test_objectives_without_parent_only_where_a_parent_set_exists():
    company = entry("company.okr.yaml", objectives("Grow"))
    sales = entry("sales.okr.yaml", objectives("Win DK | company.okr.yaml#O1", "Team health", "Sub | #O1"))
    ops = entry("ops.okr.yaml", objectives("Reliable deliveries"))
    later = entry("ops-q2.okr.yaml", objectives("Q2 thing", period="2027-Q2"))
    hits = [(h.entry, h.objective) for h in alignment_hits(align([company, sales, ops, later])) if h.code == "OKR403"]
    assert hits == [(1, 1), (2, 0)]  # not the company, not the aligned ones, not another period
    alone = [h for h in alignment_hits(align([ops])) if h.code == "OKR403"]
    assert alone == []


# -- check-in rules -------------------------------------------------------------------------------------

GRADED = """\
period: 2027-Q1
objectives:
  - title: Deliver on time
    kind: {kind}
    key_results:
      - text: Raise on-time deliveries from 91% to 97%
        baseline: 91
        target: 97
        checkins:
          - {{date: 2027-02-01, value: 93, note: carrier change}}
          - {{date: {day}, value: {value}{note}}}
"""


@pytest.mark.parametrize(
    ("kind", "day", "value", "note", "fires"),
    [
        ("committed", "2027-03-31", 94, "", True),
        ("committed", "2027-04-03", 94, "", True),  # graded after the end
        ("committed", "2027-03-31", 94, ", note: ERP migration slipped", False),
        ("committed", "2027-03-31", 97, "", False),  # met
        ("committed", "2027-03-31", 96.8, "", False),  # grade rounds to 1.0
        ("committed", "2027-03-15", 94, "", False),  # not graded yet: no clock
        ("aspirational", "2027-03-31", 94, "", False),
        ("null", "2027-03-31", 94, "", False),  # unmarked objectives are not promises
    ],
)
def test_committed_miss_without_note(kind, day, value, note, fires):
    okr_set = okr(GRADED.format(kind=kind, day=day, value=value, note=note))
    hits = missed_without_note(0, okr_set)
    assert bool(hits) == fires
    if fires:
        assert hits[0].evidence == 0.5


def _cycle(period: str, current: float, graded: bool = False) -> str:
    day = {"2026-Q3": "2026-09-30", "2026-Q4": "2026-12-31", "2027-Q1": "2027-03-31"}[period]
    checkins = f", checkins: [{{date: {day}, value: {current}}}]" if graded else f", current: {current}"
    return f"team: App\nperiod: {period}\nobjectives:\n  - title: Habit\n    kind: aspirational\n    key_results: [{{text: Raise DAU, baseline: 0, target: 10{checkins}}}]\n"


def test_sandbagging_needs_several_graded_cycles_all_at_1():
    full = [entry(f"app/{p}.okr.yaml", _cycle(p, 10, graded=p == "2027-Q1")) for p in ("2026-Q3", "2026-Q4", "2027-Q1")]
    hits = sandbagging(full)
    assert [(h.entry, value_text(h.evidence, "en")) for h in hits] == [(2, "team App in 3 periods (2026-Q3, 2026-Q4, 2027-Q1)")]
    assert sandbagging(full[:2]) == []  # two cycles are not several
    assert sandbagging(full, min_cycles=4) == []
    ongoing = full[:2] + [entry("app/2027-Q1.okr.yaml", _cycle("2027-Q1", 10))]  # latest not graded yet
    assert sandbagging(ongoing) == []
    one_miss = [full[0], entry("app/2026-Q4.okr.yaml", _cycle("2026-Q4", 7)), full[2]]
    assert sandbagging(one_miss) == []
    renamed = [Entry(e.path, e.okr_set.model_copy(update={"team": team})) for e, team in zip(full, ("App", "Web", "App"))]
    assert sandbagging(renamed) == []


# -- okrcoach lint ----------------------------------------------------------------------------------------


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "okrs" / "teams").mkdir(parents=True)
    (tmp_path / "okrs" / "company.okr.yaml").write_text(objectives("Grow revenue in the Nordics | | C-GROW", team="Company"))
    (tmp_path / "okrs" / "teams" / "sales.okr.yaml").write_text(objectives("Win the Danish market | ../company.okr.yaml#C-GROWTH", "Build a strong team", team="Sales"))
    return tmp_path


def test_lint_directory_reports_alignment_findings(tree, capsys):
    code, out, _ = run(["lint", "okrs", "--select", "OKR4", "--format", "json"], capsys)
    assert code == 1
    found = sorted((f["path"], f["line"], f["code"], f["level"], f["target"], f["objective_index"]) for f in json.loads(out)["findings"])
    assert found == [("okrs/teams/sales.okr.yaml", 4, "OKR401", "error", "objective", 0)]


def test_lint_of_one_file_reads_the_referenced_file_from_disk(tree, capsys):
    path = tree / "okrs" / "teams" / "sales.okr.yaml"
    path.write_text(path.read_text().replace("C-GROWTH", "C-GROW"))
    code, out, _ = run(["lint", "okrs/teams/sales.okr.yaml", "--select", "OKR4", "--format", "json"], capsys)
    findings = json.loads(out)["findings"]
    assert code == 0  # only an info
    assert [(f["code"], f["objective_index"]) for f in findings] == [("OKR403", 1)]
    assert "other objectives of this set align to okrs/company.okr.yaml" in findings[0]["message"]


def test_collection_rules_follow_select_ignore_and_waivers(tree, capsys):
    assert json.loads(run(["lint", "okrs", "--ignore", "OKR401", "--select", "OKR4", "--format", "json"], capsys)[1])["findings"] == []
    path = tree / "okrs" / "teams" / "sales.okr.yaml"
    text = (
        path.read_text()
        .replace("C-GROWTH", "C-GROW")
        .replace("  - title: Build a strong team\n", "  - title: Build a strong team\n    waive: [{code: objective-without-parent, reason: team health agreed with the CEO}]\n")
    )
    path.write_text(text)
    code, out, _ = run(["lint", "okrs", "--select", "OKR4,OKR900", "--format", "json"], capsys)
    assert json.loads(out)["findings"] == []  # waived, and the waiver is not "unused"
    assert code == 0


def test_lint_directory_reports_checkin_rules(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    for period in ("2026-Q3", "2026-Q4", "2027-Q1"):
        (tmp_path / "app" / f"{period}.okr.yaml").write_text(_cycle(period, 10, graded=period == "2027-Q1"))
    (tmp_path / "ops.okr.yaml").write_text(GRADED.format(kind="committed", day="2027-03-31", value=94, note=""))
    code, out, _ = run(["lint", ".", "--select", "OKR410,OKR411"], capsys)
    assert code == 1
    assert "app/2027-Q1.okr.yaml" in out and "OKR411 possible-sandbagging" in out and "team App in 3 periods" in out
    assert "OKR410 committed-miss-without-note  Committed objective graded 0.5 (as of 2027-03-31)" in out


def test_examples_stay_free_of_collection_findings(capsys, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    _, out, _ = run(["lint", "examples", "--select", "OKR4", "--format", "json"], capsys)
    assert json.loads(out)["findings"] == []
