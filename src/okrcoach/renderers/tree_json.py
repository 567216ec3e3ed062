"""`okrcoach tree --format json`: the alignment cascade as data (a versioned contract, `"version": 1`).

Every objective of every file read appears once with its `id` (`path#O2`), its score and grade,
the `id` of the objective it aligns to (`parent`, null for a root) and the ids aligned under it
(`children`); `aligns_to` references that point at nothing and free-text alignments are kept as
written, and alignment cycles are listed by id.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

TREE_JSON_VERSION = 1


def tree_data(alignment: Any, at: Optional[date] = None) -> dict[str, Any]:
    from okrcoach.progress import band, grade, objective_score

    children = alignment.children()
    files = []
    objectives = []
    for ei, entry in enumerate(alignment.entries):
        okr_set = entry.okr_set
        files.append(
            {
                "path": entry.path,
                "team": okr_set.team,
                "title": okr_set.title,
                "period": okr_set.period.label if okr_set.period else None,
                "linted": bool(entry.linted),
            }
        )
        for oi, objective in enumerate(okr_set.objectives):
            key = (ei, oi)
            score = objective_score(objective, at).score
            parent = alignment.parents.get(key)
            dangling = alignment.dangling.get(key)
            objectives.append(
                {
                    "id": alignment.label(key),
                    "path": entry.path,
                    "index": oi,
                    "title": objective.title,
                    "score": None if score is None else round(score, 4),
                    "grade": grade(score),
                    "band": band(score),
                    "parent": alignment.label(parent) if parent is not None else None,
                    "children": [alignment.label(child) for child in children.get(key, [])],
                    "aligns_to": objective.aligns_to,
                    "dangling": dangling[0] if dangling else None,
                    "free_text": key in alignment.free_text,
                }
            )
    return {
        "version": TREE_JSON_VERSION,
        "at": at.isoformat() if at else None,
        "files": files,
        "objectives": objectives,
        "cycles": [[alignment.label(key) for key in cycle] for cycle in alignment.cycles],
    }
