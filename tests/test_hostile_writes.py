"""Writers under pressure: concurrent check-ins, symbolic links, failed writes, a busy file.

The first release lost one of two concurrent check-ins (21 of 30 tries, both exit 0), replaced a
shared symbolic link with a plain file, exited 2 after writing (so a retry recorded twice), and on
a full disk or read-only folder lost a paid-for draft. Exit codes here are the README's: 0 written,
4 nothing written (kept in the state folder, the message says where; a retry is safe).
"""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from okrcoach.cli import main
from okrcoach.documents import storage

SET = """\
# Growth OKRs
team: Growth
period: 2027-Q1
objectives:
  - title: Win the mid-market   # the big one
    key_results:
      - text: Raise MRR from 100k to 140k
        baseline: 100
        target: 140
      - Raise NPS from 31 to 45
"""


def _env(tmp_path: Path) -> dict:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "OKRCOACH", "AZURE"))}
    return {**keep, "OKRCOACH_STATE_DIR": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config"), "NO_COLOR": "1"}


def _checkins(path: Path, kr: int = 0) -> list:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["objectives"][0]["key_results"][kr].get("checkins") or []


@pytest.mark.slow
def test_ten_concurrent_checkins_on_one_file_all_land(tmp_path):
    path = tmp_path / "growth.okr.yaml"
    path.write_text(SET, encoding="utf-8")
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "okrcoach", "checkin", path.name, "O1.KR1", str(101 + i), "--date", f"2027-01-{10 + i:02d}"],
            cwd=tmp_path,
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(10)
    ]
    results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in processes]  # type: ignore[union-attr]
    for process in processes:
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0] * 10, results
    landed = sorted(c["value"] for c in _checkins(path))
    assert landed == list(range(101, 111)), "every check-in is in the file once"
    assert path.read_text(encoding="utf-8").startswith("# Growth OKRs\n"), "the comment stays"
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"


def test_a_checkin_through_a_symbolic_link_changes_the_shared_target(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "growth.okr.yaml"
    target.write_text(SET, encoding="utf-8")
    team = tmp_path / "team"
    team.mkdir()
    link = team / "growth.okr.yaml"
    link.symlink_to(Path("..") / "shared" / "growth.okr.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["checkin", "team/growth.okr.yaml", "O1.KR1", "118", "--date", "2027-02-01"]) == 0
    assert link.is_symlink(), "the link stays a link"
    assert [c["value"] for c in _checkins(target)] == [118], "the check-in is in the shared file"


def test_a_checkin_waits_for_another_writer_and_says_so_when_it_does_not_finish(tmp_path, monkeypatch, capsys):
    path = tmp_path / "growth.okr.yaml"
    path.write_text(SET, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(storage, "LOCK_WAIT", 0.3)
    holder = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        assert main(["checkin", "growth.okr.yaml", "O1.KR1", "118"]) == 4
    finally:
        os.close(holder)
    err = capsys.readouterr().err
    assert "another okrcoach is writing growth.okr.yaml" in err and "nothing was written" in err
    assert path.read_text(encoding="utf-8") == SET
    assert main(["checkin", "growth.okr.yaml", "O1.KR1", "118"]) == 0, "once the other writer is done, a retry lands"
    assert [c["value"] for c in _checkins(path)] == [118]


def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_checkin_that_cannot_be_written_exits_4_and_keeps_the_edit(tmp_path, monkeypatch, capsys):
    path = tmp_path / "growth.okr.yaml"
    path.write_text(SET, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", _full_disk)
        code = main(["checkin", "growth.okr.yaml", "O1.KR1", "118", "--date", "2027-02-01"])
    err = capsys.readouterr().err
    assert code == 4, err
    assert path.read_text(encoding="utf-8") == SET, "nothing was written"
    assert "the disk is full" in err and "nothing was written" in err
    assert "could not be kept either" in err, "the state folder is on the same full disk"


def test_a_checkin_that_cannot_be_written_names_where_the_edit_is_kept(tmp_path, monkeypatch, capsys):
    path = tmp_path / "growth.okr.yaml"
    path.write_text(SET, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    real_replace = os.replace

    def refuse_in_the_folder(src, dst, *args, **kwargs):
        if Path(dst).resolve().parent == tmp_path.resolve():
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse_in_the_folder)
    code = main(["checkin", "growth.okr.yaml", "O1.KR1", "118", "--date", "2027-02-01"])
    err = capsys.readouterr().err
    assert code == 4, err
    assert path.read_text(encoding="utf-8") == SET
    kept = Path(err.split("is kept in ")[1].split(".okr.yaml")[0] + ".okr.yaml")
    assert kept.is_file() and kept.parent.parent == Path(os.environ["OKRCOACH_STATE_DIR"])
    assert "permission denied" in err
    assert "# Growth OKRs" in kept.read_text(encoding="utf-8") and "118" in kept.read_text(encoding="utf-8"), "the kept file is the whole edited file"


def test_an_edit_made_from_an_older_text_lands_on_the_newer_one(tmp_path):
    """`improve --write` takes minutes; a check-in made meanwhile must survive its write."""
    from okrcoach.checkin import record_checkin
    from okrcoach.documents import diff, save
    from okrcoach.formats import read_text
    from okrcoach.model import Checkin

    path = tmp_path / "growth.okr.yaml"
    path.write_text(SET, encoding="utf-8")
    base, _ = storage.load(path)
    before = read_text(base.text, "g", "yaml").okr_set
    improved = before.model_copy(deep=True)
    improved.objectives[0].key_results[1].text = "Raise NPS from 31 to 50"
    text = save(base.text, "yaml", improved).text
    meanwhile = record_checkin(SET, "yaml", 0, 0, Checkin(date="2027-02-01", value=118))
    path.write_text(meanwhile.text, encoding="utf-8")
    written, merged = storage.store_edit(path, base, text, diff(before, improved), "yaml")
    assert written and merged
    after = path.read_text(encoding="utf-8")
    assert "Raise NPS from 31 to 50" in after and [c["value"] for c in _checkins(path)] == [118]


def test_draft_to_a_folder_that_cannot_be_made_exits_4_and_keeps_draft_and_brief(tmp_path):
    (tmp_path / "reports").write_text("a file where a folder should be", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "okrcoach", "draft", "Grow mid-market revenue", "--team", "Sales", "--period", "2027-Q1", "--offline", "-o", "reports/sales.okr.yaml"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 4, done.stderr
    assert "internal error" not in done.stderr
    kept = Path(done.stderr.split("the draft is kept in ")[1].split(" and its brief in ")[0])
    brief = Path(done.stderr.split(" and its brief in ")[1].split()[0].rstrip("."))
    assert kept.parent == brief.parent == tmp_path / "state" / "briefs"
    assert yaml.safe_load(kept.read_text(encoding="utf-8"))["team"] == "Sales"
    assert "Grow mid-market revenue" in brief.read_text(encoding="utf-8")


def test_draft_on_a_full_disk_keeps_the_draft(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    real_replace = os.replace

    def full_here(src, dst, *args, **kwargs):
        if Path(dst).resolve().parent == tmp_path.resolve():
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_here)
    code = main(["draft", "Grow mid-market revenue", "--team", "Sales", "--period", "2027-Q1", "--offline", "-o", "sales.okr.yaml"])
    err = capsys.readouterr().err
    assert code == 4 and "the disk is full" in err and "the draft is kept in" in err, err
    assert not (tmp_path / "sales.okr.yaml").exists()


@pytest.mark.parametrize("suffix", ["csv", "json", "md", "yaml"])
def test_draft_writes_the_format_its_output_suffix_names(tmp_path, monkeypatch, suffix):
    from okrcoach.formats import read_path

    monkeypatch.chdir(tmp_path)
    main(["draft", "Grow mid-market revenue", "--team", "Sales", "--period", "2027-Q1", "--offline", "-o", f"sales.okr.{suffix}"])
    result = read_path(tmp_path / f"sales.okr.{suffix}")
    assert result.format == suffix and result.okr_set is not None and result.okr_set.objectives
    assert not [issue for issue in result.issues if issue.code in ("OKR001", "OKR002", "OKR003")], result.issues
    if suffix != "yaml":
        assert not (tmp_path / f"sales.okr.{suffix}").read_text(encoding="utf-8").startswith(("team:", "objectives:"))


def test_draft_refuses_a_format_its_output_suffix_contradicts(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["draft", "Grow revenue", "--offline", "--format", "yaml", "-o", "sales.okr.csv"]) == 2
    assert "names a csv file but --format is yaml" in capsys.readouterr().err
    assert not (tmp_path / "sales.okr.csv").exists()


def test_the_tui_save_waits_for_a_checkin_and_writes_through_a_link(tmp_path, monkeypatch):
    from okrcoach.document import OkrDocument

    target = tmp_path / "real.okr.yaml"
    target.write_text(SET, encoding="utf-8")
    link = tmp_path / "link.okr.yaml"
    link.symlink_to("real.okr.yaml")
    document, _ = OkrDocument.open(link)
    document.okr_set.objectives[0].title = "Own the mid-market"
    monkeypatch.setattr(storage, "LOCK_WAIT", 60)
    monkeypatch.setattr(storage, "INTERACTIVE_WAIT", 0.2)  # a screen never waits the long wait
    holder = os.open(target, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(storage.Busy, match="another okrcoach is writing"):
            document.save()
    finally:
        os.close(holder)
    assert target.read_text(encoding="utf-8") == SET
    assert document.save().written
    assert link.is_symlink() and "Own the mid-market   # the big one" in target.read_text(encoding="utf-8")


IMPROVABLE = """\
# Support OKRs
period: 2027-Q1
objectives:
  - title: Make every customer a fan
    key_results:
      - Raise NPS from 31 to 45
      - Analyse support tickets
"""


def _llm_env(monkeypatch, fake, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "OKRCOACH_BASE_URL": fake.base_url,
        "OKRCOACH_MODEL": "fake-model",
        "OKRCOACH_RETRIES": "0",
        "OKRCOACH_TIMEOUT": "10",
        "OKRCOACH_API_KEY": "sk-test-abcdefghijklmnop1234",
    }.items():
        monkeypatch.setenv(name, value)


def test_improve_write_that_fails_exits_4_and_keeps_the_improved_file(fake_openai, tmp_path, monkeypatch, capsys):
    from tests.fakes.openai_server import Reply

    path = tmp_path / "support.okr.yaml"
    path.write_text(IMPROVABLE, encoding="utf-8")
    _llm_env(monkeypatch, fake_openai, tmp_path)
    fake_openai.script(Reply.data({"text": "Resolve 80% of tickets at first contact", "rationale": "r"}))
    real_replace = os.replace

    def read_only_here(src, dst, *args, **kwargs):
        if Path(dst).resolve().parent == tmp_path.resolve():
            raise OSError(errno.EROFS, "Read-only file system")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", read_only_here)
    code = main(["improve", "support.okr.yaml", "--objective", "1", "--kr", "2", "--write"])
    err = capsys.readouterr().err
    assert code == 4, err
    assert "the file system is read-only" in err and "nothing was written" in err
    assert path.read_text(encoding="utf-8") == IMPROVABLE
    kept = Path(err.split("the improved file is kept in ")[1].split(".okr.yaml")[0] + ".okr.yaml")
    assert kept.read_text(encoding="utf-8") == IMPROVABLE.replace("Analyse support tickets", "Resolve 80% of tickets at first contact")


def test_a_checkin_that_was_written_exits_0_even_when_its_summary_fails(tmp_path, monkeypatch, capsys):
    """The first release exited 2 after writing, so a retry recorded the check-in twice."""
    from okrcoach.cli import progress as cli_progress

    path = tmp_path / "growth.okr.yaml"
    path.write_text(SET, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def broken(*args, **kwargs):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(cli_progress, "_checkin_written", broken)
    assert main(["checkin", "growth.okr.yaml", "O1.KR1", "118", "--date", "2027-02-01"]) == 0
    assert "the check-in is written to growth.okr.yaml" in capsys.readouterr().err
    assert [c["value"] for c in _checkins(path)] == [118]


async def test_a_tui_save_that_fails_says_where_the_changes_are_kept(tmp_path, monkeypatch, linter):
    from okrcoach.recovery import RecoveryStore
    from okrcoach.settings import load_settings
    from okrcoach.tui.app import OkrCoachApp, ReviewScreen

    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    path = tmp_path / "growth.okr.yaml"
    path.write_text(SET, encoding="utf-8")
    settings = load_settings({}, environ={}, cwd=tmp_path, user_config=tmp_path / "none.toml")
    store = RecoveryStore(tmp_path / "recovery", session="tui")
    app = OkrCoachApp(settings, linter, path=path, recovery=store)
    real_replace = os.replace

    def full_here(src, dst, *args, **kwargs):
        if Path(dst).resolve().parent == tmp_path.resolve():
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(200):
            if isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None):
                break
            await pilot.pause(0.05)
        await pilot.press("down", "e", "x", "escape")
        await pilot.pause()
        monkeypatch.setattr(os, "replace", full_here)
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        shown = [n.message for n in app._notifications]
    assert any("the disk is full" in m and str(store.path) in m and "Nothing was written" in m for m in shown), shown
    assert path.read_text(encoding="utf-8") == SET
    assert store.path.exists(), "the unsaved change is in the recovery file"
