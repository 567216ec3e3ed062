"""Escape sequences in a key result, in a real terminal (tmux): the window keeps its title, the
screen is not cleared, and the sequences show as visible symbols, in the TUI and in the CLI."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from tests import hostile
from tests.tui.test_tmux_walkthrough import Terminal

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


def title(term: Terminal) -> str:
    return term.tmux("display", "-p", "-t", term.name, "#{pane_title}").stdout.strip()


@pytest.fixture
def env(tmp_path):
    return {"OKRCOACH_STATE_DIR": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config"), "TEXTUAL_ANIMATIONS": "none", "TERM": "xterm-256color", "PATH": os.environ.get("PATH", "")}


def test_tui_review_keeps_the_window_title_and_shows_the_escapes(tmp_path, env):
    (tmp_path / "escape.okr.yaml").write_bytes(hostile.SEEDS["escape.okr.yaml"])
    term = Terminal(f"'{sys.executable}' -m okrcoach review escape.okr.yaml", env, tmp_path)
    try:
        term.tmux("select-pane", "-t", term.name, "-T", "BEFORE", check=True)
        screen = term.wait_for("Launch the ␛]0;PWNED")
        assert "Publish 10 ␛[2J blog posts" in screen
        term.keys("Down")
        term.keys("e")
        term.keys("End")
        term.type(" more")
        term.wait_for("website ␛[2J more")
        assert title(term) == "BEFORE", "a key result retitled the window"
    finally:
        term.kill()


def test_cli_commands_keep_the_window_title(tmp_path, env):
    (tmp_path / "escape.okr.yaml").write_bytes(hostile.SEEDS["escape.okr.yaml"])
    (tmp_path / "escape.okr.json").write_bytes(hostile.SEEDS["escape.okr.json"])
    run = f"'{sys.executable}' -m okrcoach"
    commands = f"{run} lint --isolated .; {run} lint --isolated --format github .; {run} status .; {run} tree .; {run} checkin escape.okr.yaml O1.KR3 41; echo ALL-DONE; sleep 30"
    term = Terminal(f'sh -c "{commands}"', env, tmp_path)
    try:
        term.tmux("select-pane", "-t", term.name, "-T", "BEFORE", check=True)
        term.wait_for("ALL-DONE")
        screen = term.tmux("capture-pane", "-t", term.name, "-p", "-S", "-500").stdout
        assert "Launch the ␛]0;PWNED␇ website ␛[2J" in screen
        assert screen.count("escape.okr.yaml") > 3, "nothing was cleared"
        assert title(term) == "BEFORE", "a key result retitled the window"
    finally:
        term.kill()
