"""The reading gate: regular files only, bounded reads, links kept inside the tree, folders reported."""

from __future__ import annotations

import io
import json
import os
import time

import pytest

from okrcoach import gate
from okrcoach.cli import main
from tests import hostile


@pytest.fixture
def cases(tmp_path):
    laid_out = hostile.build(tmp_path)
    yield laid_out
    hostile.unlock(laid_out)


def test_a_regular_file_is_read(cases):
    assert gate.read_file(cases.files["good.okr.yaml"]) == hostile.GOOD


@pytest.mark.parametrize(("case", "words"), [("fifo", "named pipe"), ("zero", "character device"), ("loop", "loop"), ("dangling", "does not exist")])
def test_special_files_are_refused_without_blocking(cases, case, words):
    started = time.monotonic()
    refused = gate.read_file(cases.specials[case], root="/")
    assert isinstance(refused, gate.Refused) and words in refused.message, refused
    assert time.monotonic() - started < 2


def test_a_link_out_of_the_tree_is_refused_and_its_target_not_read(cases):
    refused = gate.read_file(cases.specials["outside-link"], root=cases.tree)
    assert isinstance(refused, gate.Refused) and "outside" in refused.message
    assert hostile.OUTSIDE_SECRET not in refused.message


def test_a_link_inside_the_tree_is_followed(cases):
    os.symlink("good.okr.yaml", cases.tree / "alias.okr.yaml")
    assert gate.read_file(cases.tree / "alias.okr.yaml", root=cases.tree) == hostile.GOOD


def test_an_explicit_link_out_of_the_working_folder_is_refused(cases, monkeypatch):
    monkeypatch.chdir(cases.tree)
    assert isinstance(gate.read_file(cases.specials["outside-link"]), gate.Refused)
    monkeypatch.chdir(cases.root)
    assert gate.read_file(cases.specials["outside-link"]) == (cases.outside / "secret.okr.yaml").read_bytes()


def test_reads_are_bounded(tmp_path):
    big = tmp_path / "big.okr.yaml"
    big.write_bytes(b"x" * 200)
    refused = gate.read_file(big, limit=100)
    assert isinstance(refused, gate.Refused) and "limit" in refused.message
    stream = io.BytesIO(b"y" * 10_000)
    refused = gate.read_stream(stream, limit=100)
    assert isinstance(refused, gate.Refused) and stream.tell() <= 101
    assert refused.message == "standard input is over the 100-byte limit for OKR files"


def test_a_long_path_is_refused_not_raised(tmp_path):
    refused = gate.read_file(tmp_path / ("a/" * 3000 + "x.okr.yaml"))
    assert isinstance(refused, gate.Refused)


@pytest.fixture
def locked_out(monkeypatch):
    """`locked/` cannot be listed, as for an ordinary user (root lists every folder)."""
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_walk_reports_links_out_of_the_tree_and_unlistable_folders(cases, locked_out):
    found = {entry.path.name: entry for entry in gate.walk(cases.tree, lambda p: p.name.endswith(".okr.yaml") or ".okr." in p.name)}
    assert found["outside-folder"].refused and "outside" in found["outside-folder"].refused.message
    assert found["locked"].refused and "cannot list" in found["locked"].refused.message
    assert found["good.okr.yaml"].refused is None
    assert "hidden.okr.yaml" not in found


def test_lint_reports_an_unlistable_folder(cases, locked_out, monkeypatch, capsys):
    monkeypatch.chdir(cases.root)
    assert main(["lint", "--isolated", "--format", "json", "tree"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert any(f["path"] == "tree/locked" and f["code"] == "OKR001" and "cannot list" in f["message"] for f in report["findings"])


def test_an_unreadable_file_is_reported(cases, monkeypatch, capsys):
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("good.okr.yaml"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    refused = gate.read_file(cases.files["good.okr.yaml"])
    assert isinstance(refused, gate.Refused) and "permission denied" in refused.message.lower()


def test_read_text_file_refuses_what_is_not_utf8_text(tmp_path):
    path = tmp_path / "context.txt"
    path.write_bytes("Omsætning 12 mio".encode("latin-1"))
    refused = gate.read_text_file(path)
    assert isinstance(refused, gate.Refused) and "UTF-8" in refused.message
    path.write_text("Omsætning 12 mio")
    assert gate.read_text_file(path) == "Omsætning 12 mio"


def test_number_problems():
    assert gate.number_problem(42) is None
    assert gate.number_problem(1.5) is None
    assert gate.number_problem(float("inf")) == gate.number_problem(float("nan")) == "not-finite"
    assert gate.number_problem(10**400) == "too-large"
    assert gate.number_text_problem("9" * 4400).render("en") == "a number with 4,400 digits is longer than okrcoach reads (4,300 digits)"
    assert gate.number_text_problem("9" * 4400).render("da") == "et tal med 4.400 cifre er længere, end okrcoach læser (4.300 cifre)"
    assert gate.number_text_problem("12,5") is None
