"""Agreement between the two labelling passes of the blind4 set, overall and per language.

Run from the repository root: `python tests/data/blind4/labelling/agreement.py`. It prints, per guideline
field and per rubric category (through the guideline's mapping), how often pass 1 and pass 2 agree and
Cohen's kappa, then the same between pass 2 and the settled labels, then the items where the passes
differ (ids and field values only, never sentences). Then, per field and per rubric category, overall
and per language, the independent pass 3 of a second labeller (`pass3_independent.tsv`) against the
settled labels before its adjudication (rebuilt from `adjudication.tsv`) and after it, and how many
settled labels the adjudication changed per field and language. The tables are blind3's
(`tests/data/blind3/labelling/agreement.py`) and `tests/blind_sets.py`'s, called here for this set.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import blind3_script

tables = blind3_script("agreement")  # also puts the repository root on sys.path

from tests import blind_sets  # noqa: E402

SET_DIR = Path(__file__).resolve().parents[1]
FIELDS = tables.FIELDS


def read_pass(name: str) -> dict[str, dict[str, str]]:
    return {key: {field: row[field] for field in FIELDS} for key, row in blind_sets.read_pass(SET_DIR, name).items()}


def settled() -> dict[str, tuple[dict[str, str], str | None]]:
    items = {}
    for lang in blind_sets.LANGS:
        for number, item in enumerate(blind_sets.load_items(SET_DIR, lang), 1):
            items[f"{lang}-{number:02d}"] = (item["guideline"], item.get("period"))
    return items


def main() -> None:
    one, two, final = read_pass("pass1.tsv"), read_pass("pass2.tsv"), settled()
    assert set(one) == set(two) == set(final), "both passes must cover the set"
    periods = {key: period for key, (_, period) in final.items()}
    settled_fields = {key: guideline for key, (guideline, _) in final.items()}
    tables.compare("pass 1 = pass 2", one, two, periods)
    for lang in blind_sets.LANGS:
        tables.compare(f"{lang}: pass 1 = pass 2", one, two, {key: period for key, period in periods.items() if key.startswith(f"{lang}-")})
    tables.compare("pass 2 = settled", two, settled_fields, periods)
    differing = [key for key in sorted(final) if one[key] != two[key]]
    print(f"\n{len(differing)} items differ between the passes:")
    for key in differing:
        changed = {field: (one[key][field], two[key][field]) for field in FIELDS if one[key][field] != two[key][field]}
        print(f"  {key}: {changed}; settled {[settled_fields[key][field] for field in changed]}")
    blind_sets.print_independent_pass(SET_DIR, settled_fields, periods)


if __name__ == "__main__":
    main()
