"""The rubric survives every real published key result in the shared corpus (when it is present)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "real_corpus.py"
spec = importlib.util.spec_from_file_location("real_corpus", BENCH)
real_corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(real_corpus)  # type: ignore[union-attr]


@pytest.mark.skipif(not real_corpus.CORPUS.is_file(), reason="the shared corpus is not next to this checkout")
def test_every_real_key_result_lints_without_error():
    results = list(real_corpus.lint_rows(real_corpus.rows()))
    assert len(results) > 700
    for row, findings in results:
        for finding in findings:
            assert finding.message and finding.fix, (row["key_result"], finding)
            assert not re.search(r"\{(evidence|count|min|max|first|reason)\}", finding.message + finding.fix), (row["key_result"], finding)
