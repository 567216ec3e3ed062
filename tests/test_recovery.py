"""Recovery files: found after a crash, never offered while their owner still runs."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Static

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


# -- a file changed after the draft began ----------------------------------------------------------

SET_YAML = """\
# Support OKRs
period: 2027-Q1
objectives:
  - title: Make every customer a fan
    key_results:
      - Raise NPS from 31 to 45
      - Analyse support tickets
"""


def _crashed_while_editing(tmp_path, monkeypatch):
    """Open a file in the editing model, change it, crash (the recovery file stays): the store,
    the file and the draft."""
    from okrcoach.document import OkrDocument

    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "s.okr.yaml"
    path.write_text(SET_YAML, encoding="utf-8")
    monkeypatch.chdir(folder)
    document, _ = OkrDocument.open(path.relative_to(folder))
    document.okr_set.objectives[0].title = "Make every customer a fan for life"
    crashed = RecoveryStore(tmp_path / "recovery", session="crashed")
    crashed.save(document.okr_set, document.path, None, document.disk_digest)
    data = json.loads(crashed.path.read_text())
    data["pid"] = 99_999_999
    crashed.path.write_text(json.dumps(data))
    return RecoveryStore(tmp_path / "recovery", session="next"), path


def test_the_recovery_file_names_the_file_absolutely_so_another_folder_finds_the_same_one(tmp_path, monkeypatch):
    store, path = _crashed_while_editing(tmp_path, monkeypatch)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "s.okr.yaml").write_text("objectives: []\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    [recovered] = store.orphans()
    assert Path(recovered.source) == path, "not the unrelated file of the same name here"
    assert not recovered.changed_since()


def test_an_old_recovery_file_with_a_relative_path_is_restored_as_never_saved(tmp_path):
    store = RecoveryStore(tmp_path, session="old")
    store.save(OkrSet(objectives=[Objective(title="Mine")]))
    data = json.loads(store.path.read_text())
    data.update({"version": 1, "pid": 99_999_999, "source": "s.okr.yaml"})
    store.path.write_text(json.dumps(data))
    [recovered] = RecoveryStore(tmp_path, session="next").orphans()
    assert recovered.source is None, "a relative path may name another folder's file: Save asks where"


def test_a_checkin_made_after_the_crash_is_seen_and_never_silently_overwritten(tmp_path, monkeypatch):
    from okrcoach.cli import main
    from okrcoach.document import OkrDocument

    store, path = _crashed_while_editing(tmp_path, monkeypatch)
    assert main(["checkin", str(path), "O1.KR1", "38", "--date", "2027-02-01"]) == 0
    with_checkin = path.read_text(encoding="utf-8")
    [recovered] = store.orphans()
    assert recovered.changed_since() and "the file has changed since" in recovered.describe()
    document = OkrDocument.restored(recovered.okr_set, Path(recovered.source), recovered.digest)
    assert document.changed_on_disk(), "the restored draft knows the file changed after it began"
    assert path.read_text(encoding="utf-8") == with_checkin


def test_the_fingerprint_is_the_one_when_editing_began_not_at_restore(tmp_path, monkeypatch):
    store, path = _crashed_while_editing(tmp_path, monkeypatch)
    [recovered] = store.orphans()
    from okrcoach.document import file_digest

    assert recovered.digest == hashlib.sha256(SET_YAML.encode()).hexdigest() == file_digest(path)


async def test_the_tui_shows_a_changed_file_beside_the_draft_and_asks_before_saving(tmp_path, monkeypatch, linter):
    from okrcoach.cli import main
    from okrcoach.settings import load_settings
    from okrcoach.tui.app import OkrCoachApp, ReviewScreen
    from okrcoach.tui.compare import ChangedFileScreen
    from okrcoach.tui.screens import ConfirmScreen, RestoreScreen

    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    store, path = _crashed_while_editing(tmp_path, monkeypatch)
    assert main(["checkin", str(path), "O1.KR1", "38", "--date", "2027-02-01"]) == 0
    with_checkin = path.read_text(encoding="utf-8")
    settings = load_settings({}, environ={}, cwd=tmp_path, user_config=tmp_path / "none.toml")
    app = OkrCoachApp(settings, linter, recovery=store)

    async def until(pilot, condition) -> None:
        for _ in range(200):
            if condition():
                return
            await pilot.pause(0.05)
        raise AssertionError(f"not shown: {app.screen!r}")

    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RestoreScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChangedFileScreen))
        now = str(app.screen.query_one("#file-now", Static).render())
        draft = str(app.screen.query_one("#draft", Static).render())
        assert "checkins:" in now and "38" in now, "the file as it is now, with the check-in"
        assert "for life" in draft and "checkins:" not in draft, "the draft as it was left"
        await pilot.click("#open")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "changed on disk" in str(app.screen.query_one(".question").render())
        await pilot.press("escape")
        await pilot.pause()
    assert path.read_text(encoding="utf-8") == with_checkin, "the check-in is never silently overwritten"
