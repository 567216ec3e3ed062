"""Files as Notion, Confluence, Google Docs, Obsidian, GitHub and spreadsheets export them.

Each file in tests/data/exports mimics one tool's export in one of the six languages; its sidecar
`<file>.expected.yaml` holds what a person reads from it: the objectives and key results (with
some fields), and the lines okrcoach cannot read and must report (OKR006). A file passes when the
reader finds exactly that model and reports exactly those lines, with no other reader finding.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from okrcoach.formats import read_path
from okrcoach.language_data import bundled_languages
from okrcoach.model import KeyResult

LANGUAGES = tuple(bundled_languages())  # the languages okrcoach ships, from the lexicon files

CORPUS = Path(__file__).resolve().parents[1] / "data" / "exports"
FILES = sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".expected.yaml"))
TOOLS = {"notion", "confluence", "google-docs", "obsidian", "github", "excel", "libreoffice", "google-sheets", "numbers", "word", "slack", "email"}


def expected_of(path: Path) -> dict:
    return yaml.safe_load((CORPUS / f"{path.name}.expected.yaml").read_text(encoding="utf-8"))


def test_the_corpus_covers_every_tool_and_language() -> None:
    assert len(FILES) >= 30
    sidecars = [expected_of(p) for p in FILES]
    assert {s["tool"] for s in sidecars} == TOOLS
    assert {s["language"] for s in sidecars} == set(LANGUAGES)
    for language in LANGUAGES:
        markdown = [s for p, s in zip(FILES, sidecars) if s["language"] == language and p.suffix == ".md"]
        assert len(markdown) >= 3, f"{language}: at least three Markdown exports"


def _field(kr: KeyResult, name: str):
    value = getattr(kr, name)
    if name == "waive":
        return [w.code for w in value]
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_export_reads_as_a_person_reads_it(path: Path) -> None:
    expected = expected_of(path)
    result = read_path(path)
    unread = [i for i in result.issues if i.code == "OKR006"]
    others = [i for i in result.issues if i.code != "OKR006"]
    assert others == [], f"unexpected reader findings: {others}"
    want_unread = expected.get("unread", [])
    assert [i.line for i in unread] == [u["line"] for u in want_unread], [f"{i.line}: {i.message}" for i in unread]
    for issue, want in zip(unread, want_unread):
        assert want["says"] in issue.message
    okr_set = result.okr_set
    assert okr_set is not None
    for name, value in (expected.get("set") or {}).items():
        got = getattr(okr_set, name)
        assert (got.label if name == "period" and got is not None else got) == value, name
    got_model = [(o.title, [kr.text for kr in o.key_results]) for o in okr_set.objectives]
    want_model = [(o["title"], [kr if isinstance(kr, str) else kr["text"] for kr in o["key_results"]]) for o in expected["objectives"]]
    assert got_model == want_model
    for objective, want in zip(okr_set.objectives, expected["objectives"]):
        if "description" in want:
            assert objective.description == want["description"]
        for kr, want_kr in zip(objective.key_results, want["key_results"]):
            if isinstance(want_kr, dict):
                fields = {name: _field(kr, name) for name in want_kr if name != "text"}
                assert fields == {name: value for name, value in want_kr.items() if name != "text"}, kr.text


def _source_text(lines: list[str], spot) -> str:
    """What a Spot covers, with the markup a reader drops removed (escapes, bold, <br>, highlights)."""
    if spot.end_line is None:
        raw = lines[spot.line - 1][spot.start : spot.end]
    else:
        raw = " ".join([lines[spot.line - 1][spot.start :], *lines[spot.line : spot.end_line - 1], lines[spot.end_line - 1][: spot.end]])
    raw = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", raw)
    raw = re.sub(r"\*\*|==|~~[^~]*~~", "", raw)
    raw = re.sub(r"\s*<br\s*/?>\s*", " ", raw)
    raw = re.sub(r"\s*📅\s*\S+$", "", raw)
    return " ".join(raw.split())


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_element_knows_its_lines_and_shape(path: Path) -> None:
    """The located model tells an editor where each objective and key result sits: its lines,
    its shape, and the exact columns of its text and of each field read."""
    okr_set = read_path(path).okr_set
    text = path.read_bytes().decode("utf-16" if path.read_bytes()[:2] == b"\xff\xfe" else "utf-8-sig")
    lines = re.split(r"\r\n|\r|\n", text)
    for objective in okr_set.objectives:
        span = objective.source.span
        assert span is not None and span.first <= span.last and span.text is not None
        assert span.shape in SHAPES
        if path.suffix in (".md", ".txt"):
            assert _source_text(lines, span.text) == " ".join(objective.title.split())
        for kr in objective.key_results:
            kr_span = kr.source.span
            assert kr_span is not None and span.first <= kr_span.first <= kr_span.last <= span.last
            assert kr_span.text is not None and kr_span.text.line == kr.source.line
            assert kr_span.shape in SHAPES
            if path.suffix in (".md", ".txt"):
                assert _source_text(lines, kr_span.text) == " ".join(kr.text.split())
                for name, spot in kr_span.fields.items():
                    assert spot.line >= kr_span.first and spot.last_line <= kr_span.last
                    assert _source_text(lines, spot), name


SHAPES = {"heading", "setext_heading", "bullet", "numbered", "checkbox", "numbered_paragraph", "bold_line", "paragraph", "table_row", "csv_row"}


def test_every_export_lints_without_a_format_error_and_never_clean_when_partly_read(linter) -> None:
    from okrcoach.linting import lint_result

    for path in FILES:
        report = lint_result(read_path(path), linter)
        format_findings = [f for f in report.findings if f.category == "format"]
        assert [f for f in format_findings if f.level.value == "error"] == [], path.name
        unread = expected_of(path).get("unread", [])
        assert [f.line for f in format_findings if f.code == "OKR006"] == [u["line"] for u in unread], path.name
        assert report.objective_count == len(expected_of(path)["objectives"]), path.name
