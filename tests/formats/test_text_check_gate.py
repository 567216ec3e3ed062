"""Reading skips the walk for unsafe characters over a file's values when the file cannot hold any.

`read_text` reports control characters, bidirectional overrides and lone surrogates in any value
(`check_texts`), and replaces lone surrogates. A value can only hold one when the file text does,
or has a backslash (YAML and JSON escapes, Markdown's escaped characters) that writes one, so for
other files the walk is skipped. These tests read every format's texts, hostile ones included,
both ways and compare the whole result: the set, the issues and every value.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from okrcoach import formats
from okrcoach.formats import decode, read_text
from okrcoach.formats.located import check_texts
from tests import hostile

REPO = Path(__file__).resolve().parents[2]
# What a file can write an unsafe character with, and the characters themselves.
_WRITTEN = ["\\x1b[2J", "\\e", "\\u202e", "\\ud800", "\\x07", "\\N", "\\\\", "\\*", "&#27;", "%1B"]
_RAW = ["\x1b]0;t\x07", "\u202e", "\x9b", "\x85", "\u2028", "\x00", "\x7f", "\t", "\r\n"]


def _read_walking_always(text: str, path: str, fmt: str, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patch:
        patch.setattr(formats, "_may_hold_unsafe_text", lambda text: True)
        return read_text(text, path, fmt)


def _texts() -> list[tuple[str, str]]:
    """(format, text) of the hostile seeds, the export corpus and the examples, and of each with
    an escape or an unsafe character put into one of its values."""
    found: list[tuple[str, str]] = []
    for name, data in hostile.SEEDS.items():
        fmt = formats.format_for_path(name)
        text, issue = decode(data)
        if fmt and text is not None:
            found.append((fmt, text))
    for path in sorted([*(REPO / "tests" / "data" / "exports").iterdir(), *(REPO / "examples").iterdir()]):
        fmt = formats.format_for_path(path.name) or {".md": "md", ".csv": "csv", ".tsv": "csv"}.get(path.suffix)
        if fmt and not path.name.endswith(".expected.yaml"):
            text, issue = decode(path.read_bytes())
            if text is not None:
                found.append((fmt, text))
    rng = random.Random(29)
    varied = []
    for fmt, text in found:
        for _ in range(6):
            at = rng.choice([i for i, char in enumerate(text) if char.isalpha()] or [0])
            for inserted in (rng.choice(_WRITTEN), rng.choice(_RAW)):
                varied.append((fmt, text[:at] + inserted + text[at:]))
    return found + varied


def test_a_file_read_without_the_walk_reads_as_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    skipped = reported = 0
    for fmt, text in _texts():
        path = f"file.okr.{fmt}"
        fast, walked = read_text(text, path, fmt), _read_walking_always(text, path, fmt, monkeypatch)
        assert fast.issues == walked.issues, text[:200]
        assert (fast.okr_set.model_dump() if fast.okr_set else None) == (walked.okr_set.model_dump() if walked.okr_set else None), text[:200]
        skipped += not formats._may_hold_unsafe_text(text)
        reported += any(issue.code == "OKR007" for issue in walked.issues)
    assert skipped > 50 and reported > 20  # both paths taken, and unsafe characters met


def test_a_value_can_hold_an_unsafe_character_only_where_the_gate_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wherever the walk reports something, the gate lets it walk (checked on the located data)."""
    for fmt, text in _texts():
        data, _ = formats._module(fmt).load_located(text)
        if data is not None and check_texts(data):
            assert formats._may_hold_unsafe_text(text), text[:200]
