"""The review screen at 80×24 (the smallest terminal people use): the key result's field boxes
stand two by two, each wide enough to show its value and its label; at 120×40 they stay in one
row. A long text shown in its box reads from its start."""

from __future__ import annotations

import pytest

from tests.tui.test_app import make_app, review_ready, wait_for
from tests.tui.test_number_style import GERMAN_MD

FIELDS = ("baseline", "target", "unit", "deadline")


async def _fields_at(linter, tmp_path, size):
    path = tmp_path / "vertrieb.okr.md"
    path.write_text(GERMAN_MD, encoding="utf-8")
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=size) as pilot:
        screen = await review_ready(pilot, app)
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: screen.selected == (0, 1))
        await pilot.pause(0.2)
        boxes = {name: screen.query_one(f"#field-{name}") for name in FIELDS}
        labels = {name: screen.query_one(f"#label-{name}") for name in FIELDS}
        text = screen.query_one("#element-text")
        return (
            {name: (box.region, box.content_region.width, box.value) for name, box in boxes.items()},
            {name: (str(label.render()), label.content_region.width) for name, label in labels.items()},
            (text.scroll_x, text.value),
            screen.has_class("-narrow"),
        )


async def test_at_80_by_24_every_field_shows_its_whole_value_and_label(linter, tmp_path):
    boxes, labels, (scroll_x, _), narrow = await _fields_at(linter, tmp_path, (80, 24))
    assert narrow
    for name, (region, width, value) in boxes.items():
        assert width >= max(len(value), 10) + 1, f"{name}: {width} cells for {value!r}"
        assert region.bottom <= 24
    rows = sorted({region.y for region, _, _ in boxes.values()})
    assert len(rows) == 2, "two by two"
    for name, (label, width) in labels.items():
        assert "…" not in label and width >= len(label), f"{name}: {label!r} cut"
    assert scroll_x == 0, "the key result's text reads from its start"


@pytest.mark.parametrize("size", [(120, 40), (140, 40)])
async def test_a_wide_terminal_keeps_the_fields_in_one_row(linter, tmp_path, size):
    boxes, _, _, narrow = await _fields_at(linter, tmp_path, size)
    assert not narrow
    assert len({region.y for region, _, _ in boxes.values()}) == 1
    for name, (_, width, value) in boxes.items():
        assert width >= len(value) + 1, name


async def test_on_a_phone_the_details_stand_under_the_tree_at_full_width(linter, tmp_path):
    """A visitor of `okrcoach serve` on a phone (390 px: about 43 columns) sees the tree and the
    key result's text each across the screen, one under the other, not two half-width columns
    that cut every key result to its first words."""
    path = tmp_path / "vertrieb.okr.md"
    path.write_text(GERMAN_MD, encoding="utf-8")
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=(43, 50)) as pilot:
        screen = await review_ready(pilot, app)
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: screen.selected == (0, 1))
        await pilot.pause(0.2)
        tree, details = screen.query_one("#okr-tree").region, screen.query_one("#details").region
        text = screen.query_one("#element-text").content_region
        assert tree.width >= 40 and details.width >= 40, (tree, details)
        assert details.y >= tree.bottom, "the details stand under the tree"
        assert text.width >= 30
        assert details.bottom <= 50


CHECKIN_FILES = {
    "da": "language: da\nobjectives:\n  - title: Hurtigere support\n    key_results:\n      - text: Sænk svartiden fra 4,5 timer til 2,5 timer\n        udgangspunkt: 4,5 h\n        målværdi: 2,5 h\n",
    "fi": "language: fi\nobjectives:\n  - title: Nopeampi tuki\n    key_results:\n      - text: Lyhennetään vasteaikaa 4,5 tunnista 2,5 tuntiin\n        lähtötaso: 4,5 h\n        tavoitearvo: 2,5 h\n",
    "de": "language: de\nobjectives:\n  - title: Schnellerer Support\n    key_results:\n      - text: Antwortzeit von 4,5 auf 2,5 Stunden senken\n        Ausgangswert: 4,5 h\n        Zielwert: 2,5 h\n",
    "hu": "language: hu\nobjectives:\n  - title: Gyorsabb ügyfélszolgálat\n    key_results:\n      - text: A válaszidő csökkentése 4,5 óráról 2,5 órára\n        kiinduló érték: 4,5 h\n        célérték: 2,5 h\n",
}


@pytest.mark.parametrize("language", sorted(CHECKIN_FILES))
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_checkin_dialog_shows_its_labels_and_a_whole_date(linter, tmp_path, language, size):
    from okrcoach.tui.checkin import CheckinScreen

    path = tmp_path / "support.okr.yaml"
    path.write_text(CHECKIN_FILES[language], encoding="utf-8")
    app = make_app(linter, tmp_path, path=path)
    async with app.run_test(size=size) as pilot:
        screen = await review_ready(pilot, app)
        await pilot.press("down")
        await wait_for(pilot, lambda: screen.selected == (0, 0))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.pause(0.2)
        dialog = app.screen
        box = dialog.query_one("#checkin-box")
        assert box.region.bottom <= size[1] and box.region.right <= size[0]
        for label in dialog.query(".checkin-row .field Label"):
            said = str(label.render())
            assert "…" not in said and label.content_region.width >= len(said), f"{said!r} cut at {label.content_region.width}"
        day = dialog.query_one("#checkin-date")
        assert day.content_region.width >= len(day.value) + 1, f"the date shows {day.content_region.width} of {len(day.value)} characters"
        ok = dialog.query_one("#ok")
        assert ok.region.bottom <= size[1]
