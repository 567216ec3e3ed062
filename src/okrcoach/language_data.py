"""One top-level block of every bundled lexicon (`rubrics/lexicons/<lang>.yaml`), read on demand.

Readers and value parsers need a little language data (month names, the labels people give
objectives, key results and fields) without loading the rubric engine or whole lexicons: a cold
`okrcoach lint` must not pay for them. So this module cuts one top-level block (`months:`,
`reader:`) out of each language file and parses only that, once per process.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from okrcoach.model import LANGUAGES
from okrcoach.paths import bundled_dir

_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*:", re.M)


def _block(text: str, key: str) -> str:
    """The text of top-level `key:` up to the next top-level key (or the end of the file)."""
    m = re.search(rf"^{re.escape(key)}:", text, re.M)
    if not m:
        return ""
    following = _TOP_LEVEL_KEY.search(text, m.end())
    return text[m.start() : following.start() if following else len(text)]


@cache
def section(key: str) -> dict[str, Any]:
    """`{language: value of key}` for every bundled language that has the key."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    directory = bundled_dir("rubrics") / "lexicons"
    found: dict[str, Any] = {}
    for language in LANGUAGES:
        try:
            text = (directory / f"{language}.yaml").read_text(encoding="utf-8")
        except OSError:
            continue
        block = _block(text, key)
        if not block:
            continue
        data = yaml.load(block, Loader=loader) or {}
        if data.get(key) is not None:
            found[language] = data[key]
    return found
