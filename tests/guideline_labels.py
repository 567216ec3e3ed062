"""The mapping at the end of ../shared/reference/judgement-guideline.md from an item's guideline
fields to the rubric categories a careful coach reports: test support for the blind sets, whose
`labels` must follow from their `guideline` fields with nothing added by hand."""

from __future__ import annotations

from typing import Optional

CATEGORIES = ("measurable", "outcome", "kpi", "baseline", "time-bound")


def guideline_labels(guideline: dict[str, str], period: Optional[str]) -> list[str]:
    """The categories the guideline's mapping gives for one item, in `CATEGORIES` order."""
    found = set()
    if guideline["measurable"] == "no":
        found.add("measurable")
    if guideline["kind"] in ("activity", "output"):
        found.add("outcome")
    if guideline["kind"] == "kpi":
        found.add("kpi")
    if guideline["measurable"] == "yes" and guideline["kind"] == "outcome" and guideline["baseline"] == "no":
        found.add("baseline")
    if guideline["deadline"] == "no" and not period:
        found.add("time-bound")
    return [category for category in CATEGORIES if category in found]
