"""The libyaml reader gives exactly what the guarded pure-Python reader gives, on any text.

`load_located` reads plain YAML from libyaml's events and hands everything else (anchors,
aliases, repeated keys, deep nesting, errors) to the guarded reader. These tests compare the two
paths on real and hostile files and on mutations of them: the same data, the same lines of every
key and item, the same raw texts, the same issues. They also check that plain files do take the
fast path, so it is not silently unused.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrcoach.formats import decode, yaml_format
from okrcoach.formats.located import LocatedList, LocatedMap
from tests import hostile

REPO = Path(__file__).resolve().parents[2]


def shape(data: Any) -> Any:
    """Data with every line and raw text it carries, for an exact comparison."""
    if isinstance(data, LocatedMap):
        return ("map", data.line, [(k, data.key_lines.get(k), data.raw.get(k), shape(v)) for k, v in data.items()])
    if isinstance(data, LocatedList):
        return ("list", data.line, list(data.item_lines), list(data.raw_items), [shape(v) for v in data])
    return (type(data).__name__, data)


def both(text: str) -> tuple[Any, Any]:
    data, issues = yaml_format.load_located(text)
    guarded_data, guarded_issues = yaml_format._guarded_located(text)
    return (shape(data), issues), (shape(guarded_data), guarded_issues)


def _texts() -> list[tuple[str, str]]:
    found = []
    for path in sorted([*REPO.glob("examples/*.yaml"), *REPO.glob("tests/**/*.yaml"), *REPO.glob("tests/**/*.yml")]):
        found.append((str(path.relative_to(REPO)), path.read_text(encoding="utf-8", errors="replace")))
    for name, data in sorted(hostile.SEEDS.items()):
        text, _ = decode(data)
        if text is not None:
            found.append((f"seed:{name}", text))
    return found


TEXTS = _texts()
EDGE = [
    "",
    "# only a comment\n",
    "---\n",
    "42\n",
    "a: 1\n---\nb: 2\n",
    "a: &x [1]\nb: *x\n",
    "a: &x 1\n",
    "title: A\ntitle: B\n",
    "? [a]\n: b\n",
    "[" * 41 + "]" * 41,
    "[" * 40 + "]" * 40,
    "[" * 5000 + "]" * 5000,
    "objectives:\n  - title: x\n    key_results: [1.10, yes, no, 2027-01-01, 2027-13-45, !!int abc, !!timestamp soon, !foo bar, ~, .inf]\n",
    "2027-13-45: x\n!!int abc: y\n",
    'title: "unterminated\n',
    "a:\n\tb: 1\n",
    "title: x\u2028y: 1\nz: \u0085w\n",
    "title: ok\r\nobjectives:\r\n  - Grow\r\n",
    "big: " + hostile.BIG + "\n",
    "x: !!binary aGVsbG8=\n",
    "x: !!float 1e999\n",
    "%YAML 1.1\n---\na: 1\n...\n",
    "a: {b: [c, {d: e}]}\n",
    "a: 'it''s'\nb: |\n  line one\n  line two\nc: >\n  folded\n  text\n",
]


@pytest.mark.parametrize("name_text", TEXTS + [(f"edge:{i}", t) for i, t in enumerate(EDGE)], ids=lambda nt: nt[0])
def test_fast_reader_reads_as_the_guarded_reader(name_text):
    _, text = name_text
    fast, guarded = both(text)
    assert fast == guarded


TOKENS = [
    "&a ",
    "*a",
    "{",
    "}",
    "[",
    "]",
    '"',
    "'",
    ",",
    "#",
    ": ",
    "- ",
    "\t",
    "\n",
    "? ",
    "!!int ",
    "!!str ",
    "!foo ",
    "---\n",
    "...\n",
    "2027-13-45",
    "1e999",
    "yes",
    "~",
    "|\n",
    ">\n",
    "  ",
    "\u2028",
    "\r",
    "key: ",
    "title: ",
    "ä",
]


@st.composite
def mutated(draw) -> str:
    _, text = draw(st.sampled_from(TEXTS))
    chars = list(text)
    for _ in range(draw(st.integers(1, 5))):
        where = draw(st.integers(0, len(chars)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            chars[where:where] = list(draw(st.sampled_from(TOKENS)))
        elif action == "delete":
            del chars[where : where + draw(st.integers(1, 12))]
        else:
            chars[where:where] = chars[max(0, where - 30) : where]
    return "".join(chars)


@settings(max_examples=int(os.environ.get("OKRCOACH_FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fast_reader_reads_mutants_as_the_guarded_reader(text):
    fast, guarded = both(text)
    assert fast == guarded


def test_plain_files_take_the_fast_path():
    rng = random.Random(3)
    lines = ["period: 2027-Q1", "language: en", "objectives:"]
    for o in range(200):
        lines += [f"  - title: Objective {o}", "    owner: Anna", "    key_results:"]
        for _ in range(5):
            lines.append(f"      - text: Raise conversion from {rng.randint(1, 40)}% to {rng.randint(41, 90)}%")
            lines.append(f"        baseline: {rng.randint(1, 40)}\n        deadline: 2027-03-31\n        guardrail: false")
    text = "\n".join(lines) + "\n"
    data, issues = yaml_format._fast_located(text)  # raises if it would fall back
    assert shape(data) == shape(yaml_format._guarded_located(text)[0]) and issues == []
    for path in REPO.glob("examples/*.yaml"):
        yaml_format._fast_located(path.read_text(encoding="utf-8"))
