"""Loads the labelling scripts of the earlier blind sets as modules, so blind5's scripts reuse their code
instead of copying it: blind3's counting and agreement tables (through blind4's loader)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BLIND4_LABELLING = Path(__file__).resolve().parents[2] / "blind4" / "labelling"


def blind4_loader() -> ModuleType:
    """blind4's `_shared` module, whose `blind3_script` loads `tests/data/blind3/labelling/<name>.py`."""
    spec = importlib.util.spec_from_file_location("blind4_shared", BLIND4_LABELLING / "_shared.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def blind3_script(name: str) -> ModuleType:
    """The module `tests/data/blind3/labelling/<name>.py`, loaded without running its `main`."""
    return blind4_loader().blind3_script(name)


if str(Path(__file__).resolve().parents[4]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[4]))
