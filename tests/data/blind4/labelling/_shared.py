"""Loads the blind3 set's labelling scripts as modules, so blind4's scripts reuse their code instead of copying it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BLIND3_LABELLING = Path(__file__).resolve().parents[2] / "blind3" / "labelling"


def blind3_script(name: str) -> ModuleType:
    """The module `tests/data/blind3/labelling/<name>.py`, loaded without running its `main`."""
    spec = importlib.util.spec_from_file_location(f"blind3_{name}", BLIND3_LABELLING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
