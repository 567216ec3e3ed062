"""Run a rule's pass/fail examples through the linter, the way the rule files write them.

Test support only: a rule example is a text, a mapping of key-result fields, one file
(`file` + `content`) or several files (`files`, linted together with the collection rules).
"""

from __future__ import annotations

from typing import Any

from okrcoach.alignment import lint_collection
from okrcoach.formats import read_bytes
from okrcoach.linting import lint_result
from okrcoach.model import Finding, KeyResult, Objective, OkrSet
from okrcoach.rubric import Linter


def example_set(example: Any, target: str, language: str) -> OkrSet:
    """Build the OKR set a rule example stands for (a text, or a mapping of fields)."""
    fields = {"text": example} if isinstance(example, str) else dict(example)
    period = fields.pop("period", None)
    if target == "objective":
        title = fields.pop("text", fields.pop("title", ""))
        objective = Objective(title=title, kind=fields.pop("kind", None))
        return OkrSet(language=language, period=period, objectives=[objective])
    objective = Objective(
        title=fields.pop("objective", "Example objective"),
        kind=fields.pop("objective_kind", None),
        key_results=[KeyResult(**fields)],
    )
    return OkrSet(language=language, period=period, objectives=[objective])


def _example_bytes(example: dict) -> bytes:
    """A file example's content as bytes: UTF-8, or the `encoding:` it names (`latin-1`, `utf-16`)."""
    return str(example["content"]).encode(str(example.get("encoding") or "utf-8"))


def lint_example(example: Any, target: str, language: str, linter: Linter) -> list[Finding]:
    """Findings for one rule example: a whole file (`file` + `content`), several files (`files`) or one element."""
    if isinstance(example, dict) and "files" in example:
        reports = [lint_result(read_bytes(_example_bytes(f), str(f["file"])), linter) for f in example["files"]]
        lint_collection(reports, [linter] * len(reports))
        return [finding for report in reports for finding in report.findings]
    if isinstance(example, dict) and "content" in example:
        name = str(example.get("file", "example.okr.yaml"))
        result = read_bytes(_example_bytes(example), name)
        return lint_result(result, linter).findings
    return linter.lint(example_set(example, target, language), "example", language)


def example_texts(rubric: Any, language: str) -> list[str]:
    """Every text of the language's rule examples, pass and fail, as written (examples that are a
    text, or a mapping with a `text`): the varied input the fast-path tests compare on."""
    texts = []
    for rule in rubric.rules:
        examples = rule.examples.get(language)
        for example in (*examples.fail, *examples.pass_) if examples else ():
            text = example if isinstance(example, str) else example.get("text") if isinstance(example, dict) else None
            if isinstance(text, str):
                texts.append(text)
    return texts
