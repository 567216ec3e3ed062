"""The cycle collector while a set is edited: a pause in typing collects what the typing made and
freezes the rest; a sweep after a long idle spell collects cycles among frozen objects too."""

from __future__ import annotations

import gc
import weakref

from okrcoach.tui import collector


class Node:
    def __init__(self) -> None:
        self.other: object = None


def _cycle() -> tuple[Node, "weakref.ref[Node]"]:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return a, weakref.ref(b)


def test_a_pause_freezes_survivors_and_a_sweep_collects_the_cycles_they_later_become():
    before = gc.get_threshold()
    collector.hold()
    try:
        garbage_cycle = _cycle()[1]  # made since the set opened, garbage at the pause
        kept, later_garbage = _cycle()
        frozen = gc.get_freeze_count()
        collector.pause()
        assert garbage_cycle() is None, "a pause collects the cycles the typing left"
        assert gc.get_freeze_count() > frozen, "what survives a pause is not scanned at the next one"
        del kept
        gc.collect()
        assert later_garbage() is not None  # frozen: the pauses do not scan it again
        collector.sweep()
        assert later_garbage() is None, "the idle sweep collects cycles among frozen objects"
        assert gc.get_freeze_count() > 0
    finally:
        collector.release()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_without_an_open_set_pauses_and_sweeps_leave_the_collector_alone():
    frozen = gc.get_freeze_count()
    collector.pause()
    collector.sweep()
    assert gc.get_freeze_count() == frozen
