"""Agreement between the two labelling passes of the blind9 set, overall and per language.

Run from the repository root: `python tests/data/blind9/labelling/agreement.py`. It prints, per guideline
field and per rubric category (through the guideline's mapping), how often pass 1 and pass 2 agree and
Cohen's kappa, overall and per language, then pass 2 against the settled labels, then the items where the
passes differ (ids and field values only, never sentences); once a second labeller's independent pass 3
and its adjudication exist, the same against the settled labels before and after the adjudication, then
per item style (`typical`, `page`, and per language and style) and the count of pass-3 labels per named
guideline ambiguity. It is blind8's script (blind7's, reached through it) pointed at this set.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

SET_DIR = Path(__file__).resolve().parents[1]
BLIND8_AGREEMENT = SET_DIR.parent / "blind8" / "labelling" / "agreement.py"


def main() -> None:
    spec = importlib.util.spec_from_file_location("blind8_agreement", BLIND8_AGREEMENT)
    blind8_agreement = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(blind8_agreement)
    blind8_agreement.SET_DIR = SET_DIR  # its `main` passes its module's SET_DIR to blind7's script
    blind8_agreement.main()


if __name__ == "__main__":
    main()
