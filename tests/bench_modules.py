"""Loading a bench script (`bench/<name>.py`) as a module in a test, with `bench/` importable for
the time it is used, since some benches import their siblings (`rubric_accuracy`, `lint_speed`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Iterator

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_module(name: str) -> Iterator[ModuleType]:
    """Yield `bench/<name>.py` loaded as module `name`; `bench/` is on `sys.path` until resumed."""
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        yield module
    finally:
        sys.path.remove(str(BENCH))
