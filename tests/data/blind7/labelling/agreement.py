"""Agreement between the two labelling passes of the blind7 set, overall and per language.

Run from the repository root: `python tests/data/blind7/labelling/agreement.py`. It prints, per guideline
field and per rubric category (through the guideline's mapping), how often pass 1 and pass 2 agree and
Cohen's kappa, overall and per language, then pass 2 against the settled labels, then the items where the
passes differ (ids and field values only, never sentences); once a second labeller's independent pass 3
exists, the same against the settled labels before and after its adjudication, overall and per language,
with the number of settled labels the adjudication changed per field and language, then again per item
style (`typical`, `mixed`, and per language and style). It is blind4's script (reached through blind5's,
which loads it), pointed at this set, followed by `tests/blind_sets.py`'s per-style tables and its count
of pass-3 labels per named guideline ambiguity.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _reuse import blind5_script

SET_DIR = Path(__file__).resolve().parents[1]


def main(set_dir: Path = SET_DIR) -> None:
    """The agreement tables of the blind set in `set_dir` (this set; blind8's script passes its own)."""
    script = blind5_script("agreement").blind4_agreement()
    script.SET_DIR = set_dir
    script.main()
    script.blind_sets.print_independent_pass_by_style(set_dir)
    script.blind_sets.print_ambiguity_notes(set_dir)


if __name__ == "__main__":
    main()
