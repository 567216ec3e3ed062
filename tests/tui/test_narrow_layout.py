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
