"""A served visitor's workspace: what the path dialogs accept and refuse."""

from __future__ import annotations

import os

import pytest

from okrcoach.workspace import OutsideWorkspace, Workspace


@pytest.fixture
def workspace(tmp_path):
    root = tmp_path / "visitor" / "files"
    root.mkdir(parents=True)
    return Workspace(root)


@pytest.mark.parametrize("typed", ["../x.okr.yaml", "a/../../x.okr.yaml", "..", "a\\..\\..\\x.yaml", "/etc/passwd", "~/x.okr.yaml", "~root/x", "C:\\x.yaml", "", "   ", "a\x00b"])
def test_paths_that_would_leave_the_workspace_are_refused(workspace, typed):
    with pytest.raises(OutsideWorkspace):
        workspace.resolve(typed)


def test_a_plain_name_or_subfolder_stays_inside(workspace):
    assert workspace.resolve("team.okr.yaml") == workspace.root / "team.okr.yaml"
    assert workspace.resolve(" drafts/team.okr.md ") == workspace.root / "drafts" / "team.okr.md"


def test_a_symlink_out_is_refused_and_one_inside_is_fine(workspace, tmp_path):
    secret = tmp_path / "other-visitor.okr.yaml"
    secret.write_text("objectives: []\n")
    os.symlink(secret, workspace.root / "link.okr.yaml")
    os.symlink(tmp_path, workspace.root / "outside")
    with pytest.raises(OutsideWorkspace, match="outside your workspace"):
        workspace.resolve("link.okr.yaml")
    with pytest.raises(OutsideWorkspace):
        workspace.resolve("outside/other-visitor.okr.yaml")
    (workspace.root / "mine.okr.yaml").write_text("objectives: []\n")
    os.symlink(workspace.root / "mine.okr.yaml", workspace.root / "alias.okr.yaml")
    assert workspace.resolve("alias.okr.yaml") == workspace.root / "mine.okr.yaml"


def test_the_listing_shows_own_okr_files_only(workspace, tmp_path):
    (workspace.root / "a.okr.yaml").write_text("")
    (workspace.root / "notes.txt").write_text("")
    (workspace.root / ".hidden.yaml").write_text("")
    (tmp_path / "elsewhere.okr.yaml").write_text("")
    os.symlink(tmp_path / "elsewhere.okr.yaml", workspace.root / "b.okr.yaml")
    assert workspace.files() == ["a.okr.yaml"]
    assert workspace.show(workspace.root / "a.okr.yaml") == "a.okr.yaml"
