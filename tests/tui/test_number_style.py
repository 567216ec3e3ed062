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


GERMAN_MD = """\
---
period: 2027-Q1
---
# Vertrieb

## Ziel 1: Wir werden der bevorzugte Partner im Mittelstand

- KR1: Abschlussquote von 12,5 % auf 18 % erhöhen
  - Ausgangswert: 12,5 %
  - Zielwert: 18 %
  - Aktueller Wert: 14,5 %
- KR2: Neukundenumsatz von 12.000 € auf 18.500 € im Monat steigern
  - Ausgangswert: 12.000 €
  - Zielwert: 18.500 €
"""


async def test_fields_the_checkin_dialog_and_its_note_follow_the_files_thousands_and_suffix(linter, tmp_path):
    from okrcoach.tui.checkin import CheckinScreen

    path = tmp_path / "vertrieb.okr.md"
    path.write_text(GERMAN_MD, encoding="utf-8")
    before = path.read_bytes()
    app = make_app(linter, tmp_path, path=path)
    notes: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kwargs: (notes.append(str(message)), notify(message, **kwargs))[1]  # type: ignore[method-assign]
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await select_kr1(pilot, app)
        assert (shown(screen, "baseline"), shown(screen, "target")) == ("12,5", "18")
        await pilot.press("down")
        await wait_for(pilot, lambda: screen.selected == (0, 1))
        assert (shown(screen, "baseline"), shown(screen, "target")) == ("12.000", "18.500")
        await pilot.press("ctrl+s")  # nothing edited: the same bytes
        await pilot.pause()
        assert path.read_bytes() == before
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        about = str(app.screen.query_one("#checkin-about").render())
        assert about.startswith("Ausgangswert 12.000 € · Zielwert 18.500 €"), about
        app.screen.query_one("#checkin-value").value = "15.000"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and any("Check-in" in note for note in notes))
    said = next(note for note in notes if "Check-in" in note)
    assert "15.000 €" in said and "15000" not in said, said


def test_the_checkin_command_says_values_the_files_way(tmp_path, monkeypatch, capsys):
    from okrcoach.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "vertrieb.okr.md").write_text(GERMAN_MD, encoding="utf-8")
    assert main(["checkin", "vertrieb.okr.md", "O1.KR1", "15,5", "--date", "2027-02-01"]) == 0
    assert "14,5 % → 15,5 % am 2027-02-01" in capsys.readouterr().out
    assert main(["checkin", "vertrieb.okr.md", "O1.KR2", "14500", "--date", "2027-02-01"]) == 0
    out = capsys.readouterr().out
    assert "14.500 € am 2027-02-01" in out, out
    assert "  - Aktueller Wert: 14.500 €\n" in (tmp_path / "vertrieb.okr.md").read_text(encoding="utf-8")


def test_the_checkin_dialog_shows_the_baseline_and_target_the_text_states(tmp_path):
    """Empty fields, a text that states both: the dialog shows them, as progress reads them, in
    the file's number style."""
    from okrcoach.document import OkrDocument
    from okrcoach.model import KeyResult
    from okrcoach.tui.checkin import describe_key_result

    english = KeyResult(text="Reduce monthly churn from 12 % to 8 %", unit="%")
    assert describe_key_result(english).plain.startswith("baseline 12 · target 8")
    path = tmp_path / "kunder.okr.yaml"
    path.write_text("language: da\nobjectives:\n  - title: Loyale kunder\n    key_results:\n      - text: Sænk churn fra 12,5 % til 8 %\n        unit: '%'\n", encoding="utf-8")
    document, _ = OkrDocument.open(path)
    kr = document.element((0, 0))
    about = describe_key_result(kr, True, "da", lambda value, name: document.shown_number(value, (0, 0), name)).plain
    assert "12,5" in about and "8" in about and "–" not in about.split("·")[0], about
