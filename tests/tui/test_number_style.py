"""The TUI shows numbers the way the file writes them (Pilot).

A Danish Markdown file or a semicolon sheet writes `2,1`; its baseline and target fields show
`2,1`, not `2.1`, an edit is written back that way, and moving through the fields and saving
without an edit leaves the file's bytes as they were.
"""

from __future__ import annotations

from okrcoach.tui.app import ReviewScreen
from tests.tui.test_app import make_app, review_ready, wait_for

DANISH_MD = """\
# Salg Q1 2027

## Mål 1: Flere kunder

- KR1: Øg konverteringsraten fra 2,1 % til 3,2 %
  - udgangspunkt: 2,1
  - målværdi: 3,2
"""

SHEET = "Mål;Nøgleresultat;Udgangspunkt;Målværdi\r\nFlere kunder;Øg konverteringsraten fra 2,1 % til 3,2 %;2,1;3,2\r\n"

ENGLISH_MD = """\
## Objective 1: More customers

- KR1: Raise conversion from 2.1 % to 3.2 %
  - baseline: 2.1
  - target: 3.2
"""


async def select_kr1(pilot, app) -> ReviewScreen:
    screen = await review_ready(pilot, app)
    await pilot.press("down")
    await wait_for(pilot, lambda: screen.selected == (0, 0))
    return screen


def shown(screen, name: str) -> str:
    return screen.query_one(f"#field-{name}").value


async def test_a_decimal_comma_file_shows_and_writes_decimal_commas(linter, tmp_path):
    path = tmp_path / "salg.okr.md"
    path.write_text(DANISH_MD, encoding="utf-8")
    before = path.read_bytes()
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr1(pilot, app)
        assert (shown(screen, "baseline"), shown(screen, "target")) == ("2,1", "3,2")
        # through every field and back, then save: nothing was edited, nothing is written
        screen.query_one("#field-baseline").focus()
        await pilot.press("tab", "tab", "tab", "shift+tab", "shift+tab", "shift+tab")
        await pilot.pause()
        assert not screen.document.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() == before
        # an edit is shown and written the file's way
        field = screen.query_one("#field-target")
        field.focus()
        await pilot.pause()
        await pilot.press("ctrl+shift+a", *"3,5")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(screen, "target") == "3,5"
    assert path.read_text(encoding="utf-8") == DANISH_MD.replace("målværdi: 3,2", "målværdi: 3,5")


async def test_a_semicolon_sheet_shows_decimal_commas(linter, tmp_path):
    path = tmp_path / "salg.okr.csv"
    path.write_bytes(SHEET.encode("utf-8"))
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr1(pilot, app)
        assert (shown(screen, "baseline"), shown(screen, "target")) == ("2,1", "3,2")


async def test_a_decimal_point_file_keeps_decimal_points(linter, tmp_path):
    path = tmp_path / "sales.okr.md"
    path.write_text(ENGLISH_MD, encoding="utf-8")
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr1(pilot, app)
        assert (shown(screen, "baseline"), shown(screen, "target")) == ("2.1", "3.2")


def test_the_checkin_dialog_describes_numbers_the_files_way():
    from okrcoach.model import KeyResult
    from okrcoach.tui.checkin import describe_key_result

    kr = KeyResult(text="Øg konverteringsraten", baseline=2.1, target=3.2)
    assert describe_key_result(kr, decimal_comma=True).plain.startswith("baseline 2,1 · target 3,2")
    assert describe_key_result(kr).plain.startswith("baseline 2.1 · target 3.2")


def test_a_yaml_file_of_decimal_commas_gets_its_edits_written_with_a_comma(tmp_path):
    from okrcoach.document import OkrDocument

    path = tmp_path / "salg.okr.yaml"
    path.write_text("language: da\nobjectives:\n  - title: Flere kunder\n    key_results:\n      - text: Øg konverteringen\n        baseline: 2,1\n        target: 3,2\n", encoding="utf-8")
    document, _ = OkrDocument.open(path)
    assert document.decimal_comma
    document.set_field((0, 0), "target", 3.5)
    document.save()
    assert path.read_text(encoding="utf-8").endswith("        baseline: 2,1\n        target: 3,5\n")
