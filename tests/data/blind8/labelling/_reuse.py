"""Loads the labelling scripts of the earlier blind sets as modules, so blind8's scripts reuse their code
instead of copying it: blind5's agreement and overlap scripts (and through them blind4's and blind3's)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BLIND5_LABELLING = Path(__file__).resolve().parents[2] / "blind5" / "labelling"


def blind5_script(name: str) -> ModuleType:
    """The module `tests/data/blind5/labelling/<name>.py`, loaded without running its `main`."""
    # blind5's scripts import their own `_shared` (this module is named differently so they find theirs)
    if str(BLIND5_LABELLING) not in sys.path:
        sys.path.insert(0, str(BLIND5_LABELLING))
    spec = importlib.util.spec_from_file_location(f"blind5_{name}", BLIND5_LABELLING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if str(Path(__file__).resolve().parents[4]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[4]))
