"""Word 4-grams the blind5 set shares with other text, printed as counts and the shared 4-grams only.

Run from the repository root: `python tests/data/blind5/labelling/overlap.py [../shared/data/real-okrs-dev.jsonl]`.
It compares this set's objectives and key results (lower-cased `\\w+` tokens) with the development data and
with the four earlier blind sets, and never prints a sentence of any of them. The counting is blind3's
(`tests/data/blind3/labelling/overlap.py`), called here for this set.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import blind3_script

counting = blind3_script("overlap")
EARLIER = ("blind4", "blind3", "blind2", "blind")


def report(name: str, earlier: tuple[str, ...], dev: Path) -> None:
    """Print the 4-grams set `name` shares with the development data at `dev` and with each of `earlier`."""
    ours = counting.set_texts(name)
    if dev.exists():
        rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
        counting.compare(ours, "development data", [row.get(key) or "" for row in rows for key in ("objective", "key_result")])
    for other in earlier:
        if (counting.DATA / other).exists():
            counting.compare(ours, other, [text for texts in counting.set_texts(other).values() for text in texts])


def main() -> None:
    report("blind5", EARLIER, Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/real-okrs-dev.jsonl"))


if __name__ == "__main__":
    main()
