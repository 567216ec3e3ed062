"""Hostile input for crash-proofing: every file, link and stream that once broke a command.

`build(folder)` lays out a folder to lint (`tree/`) beside files outside it (`outside/`). Every
case is named for what it is; `SEEDS` holds the file contents as bytes for in-process fuzzing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

# Texts a terminal must never receive raw: a window-title change and a screen clear.
TITLE = "\x1b]0;PWNED\x07"
CLEAR = "\x1b[2J"
CSI_8BIT = "\u009b2J"
BIDI = "\u202e"
# Text of a file outside the linted folder: it must never be quoted.
OUTSIDE_SECRET = "Outside secret never to be quoted"
FORBIDDEN_BYTES = (b"\x1b", b"\x07", "\u009b".encode(), "\u009d".encode(), BIDI.encode())

GOOD = b"""period: 2027-Q1
objectives:
  - title: Become the first choice for Nordic webshops
    key_results:
      - Raise trial-to-paid conversion from 8% to 12%
      - Grow qualified leads from 120 to 160 a month
"""


def _kr_file(field: str) -> bytes:
    return (f"period: 2027-Q1\nobjectives:\n  - title: Delight our customers\n    key_results:\n      - text: Raise NPS from 31 to 45\n        {field}\n      - Cut churn from 5% to 3%\n").encode()


BIG = "9" * 4400
HUGE = "9" * 400
SEEDS: dict[str, bytes] = {
    "good.okr.yaml": GOOD,
    "big-number.okr.yaml": _kr_file(f"target: {BIG}"),
    "big-number.okr.json": (
        f'{{"period": "2027-Q1", "objectives": [{{"title": "Delight our customers", "key_results": [{{"text": "Raise NPS from 31 to 45", "target": {BIG}}}, "Cut churn from 5% to 3%"]}}]}}'
    ).encode(),
    "huge-current.okr.yaml": _kr_file(f"current: {HUGE}"),
    "infinite.okr.json": b'{"objectives": [{"title": "Delight our customers", "key_results": [{"text": "Raise NPS from 31 to 45", "target": Infinity, "current": NaN}]}]}',
    "bad-int-tag.okr.yaml": _kr_file("target: !!int abc"),
    "bad-timestamp-tag.okr.yaml": _kr_file("deadline: !!timestamp 2027-13-45"),
    "bad-date.okr.yaml": _kr_file("deadline: 2027-13-45"),
    "junk-timestamp-tag.okr.yaml": _kr_file("deadline: !!timestamp soon"),
    "bad-bool-tag.okr.yaml": _kr_file("guardrail: !!bool perhaps"),
    "surrogate.okr.json": b'{"period": "2027-Q1", "objectives": [{"title": "Delight \\ud800 customers", "key_results": ["Raise NPS \\udfff from 31 to 45", "Cut churn from 5% to 3%"]}]}',
    "surrogate.okr.yaml": b'objectives:\n  - title: "Delight \\ud800 customers"\n    key_results: ["Raise NPS from 31 to 45 \\udc00"]\n',
    "escape.okr.yaml": (
        b'period: 2027-Q1\nobjectives:\n  - title: "Grow \\e]0;PWNED\\a fast"\n    key_results:\n'
        b'      - "Launch the \\e]0;PWNED\\a website \\e[2J"\n      - "Publish 10 \\e[2J blog posts"\n'
        b'      - text: "Raise NPS from 31 to 45 \\e[31m"\n        current: 40\n        checkins: [{date: 2027-01-15, value: 40, note: "\\e]0;PWNED\\a"}]\n'
    ),
    "escape.okr.json": (
        b'{"period": "2027-Q1", "team": "Ops \\u001b]0;PWNED\\u0007", "objectives": [{"title": "Grow \\u009b2J \\u202e fast", "key_results": '
        b'["Launch the \\u001b]0;PWNED\\u0007 website \\u001b[2J", {"text": "Raise NPS \\u009d0;PWNED\\u0007 from 31 to 45", "current": 40}]}]}'
    ),
    "escape.okr.md": b"# Ops \x1b]0;PWNED\x07\n\n## Objective: Grow \x1b[2J fast\n\n- Launch the \x1b]0;PWNED\x07 website\n- Raise NPS from 31 to 45\n",
    "escape.okr.csv": b"objective,key_result\nGrow \x1b[2J fast,Launch the \x1b]0;PWNED\x07 website\nGrow \x1b[2J fast,Raise NPS from 31 to 45\n",
    "long-aligns.okr.yaml": (
        "period: 2027-Q1\nobjectives:\n  - title: Delight our customers\n    aligns_to: " + "a/" * 3000 + "company.okr.yaml#O1\n    key_results: [Raise NPS from 31 to 45, Cut churn from 5% to 3%]\n"
    ).encode(),
    "long-aligns-id.okr.yaml": (
        "period: 2027-Q1\nobjectives:\n  - title: Delight our customers\n    aligns_to: " + "x" * 6000 + "\n    key_results: [Raise NPS from 31 to 45, Cut churn from 5% to 3%]\n"
    ).encode(),
}
# A file name that is itself an escape sequence.
ESCAPE_NAME = f"name{TITLE}{CLEAR}.okr.yaml"
UNDECODABLE_NAME = os.fsdecode(b"latin-\xe6\xf8\xe5.okr.yaml")


@dataclass
class Hostile:
    """The laid-out cases: the folder to lint and where each case lives."""

    root: Path
    tree: Path
    outside: Path
    files: dict[str, Path]
    specials: dict[str, Path]
    unreadable: Optional[Path]

    def all_paths(self) -> list[Path]:
        return list(self.files.values()) + list(self.specials.values())


def build(folder: Path) -> Hostile:
    """Lay out the hostile tree under `folder` and return where everything is."""
    tree, outside = folder / "tree", folder / "outside"
    tree.mkdir(parents=True)
    outside.mkdir()
    files = {}
    for name, data in SEEDS.items():
        (tree / name).write_bytes(data)
        files[name] = tree / name
    (tree / ESCAPE_NAME).write_bytes(GOOD)
    files[ESCAPE_NAME] = tree / ESCAPE_NAME
    (tree / UNDECODABLE_NAME).write_bytes(GOOD)  # a name that is not UTF-8 (Python reads it with a lone surrogate)
    files[UNDECODABLE_NAME] = tree / UNDECODABLE_NAME
    (outside / "secret.okr.yaml").write_text(f"objectives:\n  - title: {OUTSIDE_SECRET}\n    key_results: [Publish 10 blog posts about {OUTSIDE_SECRET}]\n")
    (outside / "inner").mkdir()
    (outside / "inner" / "secret.okr.yaml").write_text(f"objectives:\n  - title: {OUTSIDE_SECRET}\n    key_results: [Launch {OUTSIDE_SECRET}]\n")
    specials = {}
    os.mkfifo(tree / "fifo.okr.yaml")
    specials["fifo"] = tree / "fifo.okr.yaml"
    os.symlink("loop.okr.yaml", tree / "loop.okr.yaml")
    specials["loop"] = tree / "loop.okr.yaml"
    os.symlink("/dev/zero", tree / "zero.okr.yaml")
    specials["zero"] = tree / "zero.okr.yaml"
    os.symlink(outside / "secret.okr.yaml", tree / "outside.okr.yaml")
    specials["outside-link"] = tree / "outside.okr.yaml"
    os.symlink(outside / "inner", tree / "outside-folder")
    specials["outside-folder-link"] = tree / "outside-folder"
    os.symlink(tree / "missing.okr.yaml", tree / "dangling.okr.yaml")
    specials["dangling"] = tree / "dangling.okr.yaml"
    unreadable = None
    locked = tree / "locked"
    locked.mkdir()
    (locked / "hidden.okr.yaml").write_bytes(GOOD)
    locked.chmod(0)
    if not os.access(locked, os.R_OK):  # root reads every folder: the case needs an ordinary user
        unreadable = locked
    return Hostile(folder, tree, outside, files, specials, unreadable)


def unlock(hostile: Hostile) -> None:
    """Give the locked folder its permissions back, so the temporary folder can be removed."""
    (hostile.tree / "locked").chmod(0o755)
