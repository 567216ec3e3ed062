"""Agreement between the two labelling passes of the blind10 set, overall and per language.

Run from the repository root: `python tests/data/blind10/labelling/agreement.py`. It prints, per guideline
field and per rubric category (through the guideline's mapping), how often pass 1 and pass 2 agree and
Cohen's kappa, overall and per language, then pass 2 against the settled labels, then the items where the
passes differ (ids and field values only, never sentences); then the second labeller's independent pass 3
against the settled labels before and after its adjudication, overall, per language and per item style
(`typical`, `assistant`, and per language and style), with the number of settled labels the adjudication
changed and the count of pass-3 labels per named guideline ambiguity. It is blind9's script (blind8's and
blind7's, reached through it) pointed at this set.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

SET_DIR = Path(__file__).resolve().parents[1]
BLIND9_AGREEMENT = SET_DIR.parent / "blind9" / "labelling" / "agreement.py"


def main() -> None:
    spec = importlib.util.spec_from_file_location("blind9_agreement", BLIND9_AGREEMENT)
    blind9_agreement = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(blind9_agreement)
    blind9_agreement.SET_DIR = SET_DIR  # its `main` hands its module's SET_DIR on to blind8's and blind7's
    blind9_agreement.main()


if __name__ == "__main__":
    main()
