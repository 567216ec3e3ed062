"""Recovery files: found after a crash, never offered while their owner still runs."""

from __future__ import annotations

import json
import os
import sys
import time

import pytest

from okrcoach.model import Objective, OkrSet
from okrcoach.recovery import RecoveryStore, _alive


def test_own_drafts_are_not_orphans_but_dead_owners_are(tmp_path):
    mine = RecoveryStore(tmp_path, session="mine")
    mine.save(OkrSet(objectives=[Objective(title="Mine")]))
    other = RecoveryStore(tmp_path, session="other")
    other.save(OkrSet(objectives=[Objective(title="Theirs")]))
    assert mine.orphans() == [], "a live process's draft is never offered to another session"
    data = json.loads(other.path.read_text())
    data["pid"] = 99_999_999
    other.path.write_text(json.dumps(data))
    assert [r.okr_set.objectives[0].title for r in mine.orphans()] == ["Theirs"]
    (tmp_path / "broken.json").write_text("{not json")
    assert len(mine.orphans()) == 1, "unreadable recovery files are skipped, not fatal"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="zombies are read from /proc")
def test_a_killed_process_not_yet_reaped_counts_as_gone():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        deadline = time.monotonic() + 5
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _alive(pid)
    finally:
        os.waitpid(pid, 0)
