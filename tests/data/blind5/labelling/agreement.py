"""Agreement between the two labelling passes of the blind5 set, overall and per language.

Run from the repository root: `python tests/data/blind5/labelling/agreement.py`. It prints, per guideline
field and per rubric category (through the guideline's mapping), how often pass 1 and pass 2 agree and
Cohen's kappa, overall and per language, then pass 2 against the settled labels, then the items where the
passes differ (ids and field values only, never sentences). Then, per field and per rubric category, overall
and per language, the independent pass 3 of a second labeller (`pass3_independent.tsv`) against the settled
labels before its adjudication (rebuilt from `adjudication.tsv`) and after it, how many settled labels the
adjudication changed per field and language, and how many pass-3 labels hang on each named guideline
ambiguity (the note names it) and how many of those differ. It is blind4's script
(`tests/data/blind4/labelling/agreement.py`, itself built on blind3's tables and `tests/blind_sets.py`),
pointed at this set, followed by `tests/blind_sets.py`'s ambiguity count.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SET_DIR = Path(__file__).resolve().parents[1]
BLIND4_AGREEMENT = SET_DIR.parent / "blind4" / "labelling" / "agreement.py"


def blind4_agreement():
    """blind4's agreement script as a module, without running its `main`."""
    sys.path.insert(0, str(BLIND4_AGREEMENT.parent))
    spec = importlib.util.spec_from_file_location("blind4_agreement", BLIND4_AGREEMENT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    script = blind4_agreement()
    script.SET_DIR = SET_DIR
    script.main()
    script.blind_sets.print_ambiguity_notes(SET_DIR)


if __name__ == "__main__":
    main()
