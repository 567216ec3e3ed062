"""Live checks against a real endpoint; deselected by default (`-m online` runs them).

Set OKRCOACH_LIVE_BASE_URL (and OKRCOACH_LIVE_MODEL, OKRCOACH_LIVE_API_KEY if needed), e.g. a local
Ollama: OKRCOACH_LIVE_BASE_URL=http://localhost:11434/v1 OKRCOACH_LIVE_MODEL=llama3.1.
"""

from __future__ import annotations

import asyncio
import os

import pytest

from okrcoach.drafting.drafter import Brief, Drafter
from okrcoach.settings import load_settings

pytestmark = pytest.mark.online


@pytest.fixture
def live_settings():
    base_url = os.environ.get("OKRCOACH_LIVE_BASE_URL")
    if not base_url and not os.environ.get("OKRCOACH_LIVE_API_KEY"):
        pytest.skip("set OKRCOACH_LIVE_BASE_URL or OKRCOACH_LIVE_API_KEY to run live tests")
    env = {"OKRCOACH_API_KEY": os.environ.get("OKRCOACH_LIVE_API_KEY", "")} if os.environ.get("OKRCOACH_LIVE_API_KEY") else {}
    return load_settings({"base-url": base_url, "model": os.environ.get("OKRCOACH_LIVE_MODEL")}, environ=env)


def test_live_draft_passes_or_keeps_its_findings(live_settings, linter):
    brief = Brief(goal="Grow brand awareness among Danish SMEs", team="Marketing", period="2027-Q1", context="Aided awareness today is 12 % (survey, November 2026).")
    result = asyncio.run(Drafter(live_settings, linter).draft(brief, on_partial=lambda _: None))
    assert result.okr_set.objectives
    assert all(kr.baseline in (None, 12) for o in result.okr_set.objectives for kr in o.key_results)
