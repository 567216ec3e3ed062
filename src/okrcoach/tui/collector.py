"""The cycle collector while a set is being edited: full collections at pauses in typing.

A full (generation 2) collection scans every object the collector tracks. With the rubric, Textual
and a 50 × 5 set loaded that took 70–115 ms, and the collector started one inside whichever
keystroke crossed its threshold. While a review screen is open, what exists when it opens is frozen
(never scanned again; refcounting still frees it), automatic full collections are off, and the
screen runs one at each pause in typing. Young collections run as always.

The collection at a pause freezes what survives it too: otherwise each pause scanned everything
made since the set opened (render caches, findings, strips: 50,000 objects after a minute of
typing at 50 × 5, 25–35 ms of CPU), and a key typed as the pause ended waited for it. Frozen, each
pause scans only what the typing since the last one made. Cycles among frozen objects that become
garbage later (a dismissed notification) are collected by `sweep`, which the screen runs after a
long idle spell: it scans everything once and freezes it again.
"""

from __future__ import annotations

import gc
from typing import Optional

# A generation-2 threshold no session of typing reaches: full collections only at pauses.
FULL_AT_PAUSES_ONLY = 1 << 30

_holders = 0
_saved: Optional[tuple[int, ...]] = None


def hold() -> None:
    """A review screen opens: freeze what exists and leave full collections to its pauses."""
    global _holders, _saved
    if _holders == 0:
        _saved = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(_saved[0], _saved[1], FULL_AT_PAUSES_ONLY)
    _holders += 1


def release() -> None:
    """A review screen closes: when none is left open, the collector is as it was."""
    global _holders, _saved
    if _holders == 0:
        return
    _holders -= 1
    if _holders == 0 and _saved is not None:
        gc.set_threshold(*_saved)
        gc.unfreeze()
        _saved = None


def pause() -> None:
    """Typing has paused: the full collection the collector would have run mid-keystroke, over
    what was made since the last pause; what survives it is frozen."""
    if _holders:
        gc.collect()
        gc.freeze()


def sweep() -> None:
    """A long idle spell: collect everything made while the set was open (cycles among objects
    frozen at pauses included), then freeze the survivors again."""
    if _holders:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
