"""Word 4-grams the blind10 set shares with other text, printed as counts and the shared 4-grams only.

Run from the repository root: `python tests/data/blind10/labelling/overlap.py [../shared/data/real-okrs-dev.jsonl]`.
It compares this set's objectives and key results (lower-cased `\\w+` tokens) with the development data and
with the nine earlier blind sets, and never prints a sentence of any of them. The counting is blind3's
(`tests/data/blind3/labelling/overlap.py`), reached through blind5's overlap script by blind7's `_reuse`,
as the overlap scripts of blind8 and blind9 reach it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "blind7" / "labelling"))  # blind7's `_reuse`

from _reuse import blind5_script

EARLIER = ("blind9", "blind8", "blind7", "blind6", "blind5", "blind4", "blind3", "blind2", "blind")


def main() -> None:
    blind5_script("overlap").report("blind10", EARLIER, Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/real-okrs-dev.jsonl"))


if __name__ == "__main__":
    main()
