"""Format checks for the second blind evaluation set, tests/data/blind2.

What every blind set shares (format, label mapping, periods, sources, labelling passes) is checked
in tests/test_blind_set_formats.py; this file checks what this set adds: its wholly English key
results. They never run the rubric on the set.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from tests import blind_sets

SET_DIR = Path(__file__).resolve().parent / "data" / "blind2"
load = partial(blind_sets.load_items, SET_DIR)
