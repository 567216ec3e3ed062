"""The findings of a set being edited, kept equal to a full lint while re-judging only what an
edit can change.

A full lint of 50 objectives × 5 key results takes tens of milliseconds, too long for every
keystroke. What an edit of one objective's title or one key result can change:
- that objective's own findings and its key results' (a key result is judged with its objective's
  title, kind and language, and the objective's counts and waivers belong to it): re-judged by
  linting the objective alone, in a one-objective copy of the set with the set's language, period
  and path, and putting the findings back at the objective's place;
- duplicates across the set: unchanged unless the edited text shares its duplicate key with
  another key result before or after the edit;
- the set's own findings (objective counts): unchanged by a text edit.
Everything else is taken from the previous judgement. Whenever an edit could reach further (the
set's language changed, a duplicate is involved, a waiver names the duplicate rule, the set's
shape differs from the one judged, or the change was structural) the whole set is linted again,
so the findings always equal `Linter.lint` of the whole set; a test compares them after random
edits.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Optional

from okrcoach.model import Finding, OkrSet
from okrcoach.rubric import Linter


def duplicate_key(text: str) -> str:
    """A key under which the rubric's duplicate check can only find two texts equal if these keys
    are equal too: the lower-cased text with everything but letters, digits, `_` and `%` removed."""
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch in "_%")


def _sort_key(finding: Finding) -> tuple:
    """The order `Linter.lint` returns findings in (by line, then place, then code)."""
    return (
        finding.line or 0,
        finding.objective_index if finding.objective_index is not None else -1,
        finding.key_result_index if finding.key_result_index is not None else -1,
        finding.code,
    )


class LiveFindings:
    """The findings of one set under edit; `judge_all` after any change, `judge_edit` after an
    edit of one element's text or fields."""

    def __init__(self, linter: Linter, path: str) -> None:
        self.linter = linter
        self.path = path
        self.language = "en"
        self.findings: list[Finding] = []
        self.full_runs = 0  # how many edits needed the whole set linted (for tests and benches)
        self._duplicate_codes = {rule.code for rule in linter.duplicate_rules}
        self._set_findings: list[Finding] = []
        self._blocks: list[list[Finding]] = []
        self._duplicates: list[Finding] = []
        self._shape: tuple[int, ...] = ()
        self._keys: list[list[str]] = []
        self._key_counts: Counter[str] = Counter()

    def judge_all(self, okr_set: OkrSet) -> list[Finding]:
        """Lint the whole set and remember its parts."""
        self.full_runs += 1
        self.language = self.linter.language_of(okr_set)
        self.findings = self.linter.lint(okr_set, self.path, self.language)
        self._set_findings, self._duplicates = [], []
        self._blocks = [[] for _ in okr_set.objectives]
        for finding in self.findings:
            if finding.code in self._duplicate_codes:
                self._duplicates.append(finding)
            elif finding.objective_index is None or not 0 <= finding.objective_index < len(self._blocks):
                self._set_findings.append(finding)
            else:
                self._blocks[finding.objective_index].append(finding)
        self._shape = self._shape_of(okr_set)
        self._keys = [[duplicate_key(kr.text) for kr in objective.key_results] for objective in okr_set.objectives]
        self._key_counts = Counter(key for keys in self._keys for key in keys if key)
        return self.findings

    def judge_edit(self, okr_set: OkrSet, objective_index: int, key_result_index: Optional[int]) -> list[Finding]:
        """Re-judge after the text or a field of one objective or key result changed in place."""
        if self._shape_of(okr_set) != self._shape or not 0 <= objective_index < len(self._blocks):
            return self.judge_all(okr_set)
        language = self.linter.language_of(okr_set)
        if language != self.language:
            return self.judge_all(okr_set)
        objective = okr_set.objectives[objective_index]
        if self._waives_duplicates(objective.waive) or any(self._waives_duplicates(kr.waive) for kr in objective.key_results):
            return self.judge_all(okr_set)
        if key_result_index is not None:
            old_key = self._keys[objective_index][key_result_index]
            new_key = duplicate_key(objective.key_results[key_result_index].text)
            if new_key != old_key:
                self._key_counts[old_key] -= 1
                self._key_counts[new_key] += 1
                self._keys[objective_index][key_result_index] = new_key
            # A key shared with another key result (now or before the edit) may start or end a
            # duplicate, or change which one comes first.
            if (old_key and self._key_counts[old_key] > (0 if new_key != old_key else 1)) or (new_key and self._key_counts[new_key] > 1):
                return self.judge_all(okr_set)
        self._blocks[objective_index] = self._judge_objective(okr_set, objective_index)
        findings = [*self._set_findings, *(f for block in self._blocks for f in block), *self._duplicates]
        findings.sort(key=_sort_key)
        self.findings = findings
        return findings

    def _judge_objective(self, okr_set: OkrSet, objective_index: int) -> list[Finding]:
        """One objective's findings and its key results', linted on their own in the set's terms."""
        alone = copy.copy(okr_set)
        alone.objectives = [okr_set.objectives[objective_index]]
        block = []
        for finding in self.linter.lint(alone, self.path, self.language):
            if finding.objective_index is None or finding.code in self._duplicate_codes:
                continue  # the set's own findings and duplicates come from the whole set
            block.append(finding.model_copy(update={"objective_index": objective_index}))
        return block

    def _waives_duplicates(self, waivers: list) -> bool:
        for waiver in waivers:
            rule = self.linter.rubric.find(waiver.code)
            if rule is not None and rule.code in self._duplicate_codes:
                return True
        return False

    @staticmethod
    def _shape_of(okr_set: OkrSet) -> tuple[int, ...]:
        return (len(okr_set.objectives), *(len(objective.key_results) for objective in okr_set.objectives))
