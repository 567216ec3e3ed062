"""Agreement between the two labelling passes of the blind8 set, overall and per language.

Run from the repository root: `python tests/data/blind8/labelling/agreement.py`. It prints, per guideline
field and per rubric category (through the guideline's mapping), how often pass 1 and pass 2 agree and
Cohen's kappa, overall and per language, then pass 2 against the settled labels, then the items where the
passes differ (ids and field values only, never sentences); once a second labeller's independent pass 3
exists, the same against the settled labels before and after its adjudication, overall and per language,
with the number of settled labels the adjudication changed per field and language, then again per item
style (`typical`, `sheet`, and per language and style). It is blind7's script (blind4's, reached through
blind5's), pointed at this set, followed by `tests/blind_sets.py`'s per-style tables and its count
of pass-3 labels per named guideline ambiguity.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SET_DIR = Path(__file__).resolve().parents[1]
BLIND7_LABELLING = SET_DIR.parent / "blind7" / "labelling"


def main() -> None:
    sys.path.insert(0, str(BLIND7_LABELLING))  # blind7's script finds its `_reuse` there
    spec = importlib.util.spec_from_file_location("blind7_agreement", BLIND7_LABELLING / "agreement.py")
    blind7_agreement = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(blind7_agreement)
    blind7_agreement.main(SET_DIR)


if __name__ == "__main__":
    main()
