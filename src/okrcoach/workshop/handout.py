"""Spot-the-flaw exercises: choose examples, number them, and render a handout and an answer key.

An `Exercise` is a list of example OKR sets whose objectives are lettered (A, B, …) and whose key
results are numbered (1, 2, …) across the whole handout. Some elements are flawed; the handout
shows them without hints, the answer key gives each flaw's rule (code and name), the rubric's own
message in the audience's language, the rule's `why` and a fixed version.

Choosing is deterministic for a seed. Rendering is pure: Markdown, HTML (printable on A4) and
plain data (YAML/JSON) with the labels.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from typing import Any, Optional

from okrcoach import i18n
from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.rubric import Linter

from .library import FlawedItem, LibrarySet, all_sets, load_library
from .verify import lint_warnings, position

DEFAULT_COUNT = 2
FLAWS_PER_SET = 3

HANDOUT_KEYS = (
    "title",
    "answer_key",
    "example",
    "objective",
    "key_results",
    "no_period",
    "period",
    "instructions",
    "generated",
    "an_llm",
    "good",
    "flawed",
    "why",
    "fixed",
    "item",
    "verdict",
    "rule",
    "summary",
    "details",
    "footer",
)


def texts(language: str) -> dict[str, str]:
    """The handout's words in `language` (templates from `handout:` in rubrics/messages/<lang>.yaml).

    `generated` and `footer` are templates: fill them with `fill`.
    """
    return {key: i18n.template(f"handout.{key}", language) or key for key in HANDOUT_KEYS}


def fill(template: str, language: str, **params: Any) -> str:
    return i18n.render(template, params, language)


@dataclass
class FlawDetail:
    """One broken rule: its code and name, the rubric's message in the set's language, its why."""

    code: str
    name: str
    message: str
    why: str


@dataclass
class Flaw:
    codes: list[str]
    fixed: str
    details: list[FlawDetail] = field(default_factory=list)


@dataclass
class Item:
    """One numbered element of the handout: an objective (lettered) or a key result (numbered)."""

    kind: str
    text: str
    flaw: Optional[Flaw] = None
    label: str = ""


@dataclass
class ObjectiveView:
    item: Item
    key_results: list[Item]


@dataclass
class Example:
    """One example set as the handout shows it."""

    source: str
    function: str
    language: str
    team: Optional[str]
    period: Optional[str]
    objectives: list[ObjectiveView]
    set_id: Optional[str] = None
    model: Optional[str] = None
    number: int = 0

    def okr_set(self) -> OkrSet:
        objectives = [Objective(title=o.item.text, key_results=[KeyResult(text=k.text) for k in o.key_results]) for o in self.objectives]
        return OkrSet(team=self.team, period=self.period, language=self.language, objectives=objectives)  # type: ignore[arg-type]

    def items(self) -> list[Item]:
        out: list[Item] = []
        for objective in self.objectives:
            out.append(objective.item)
            out.extend(objective.key_results)
        return out


@dataclass
class Exercise:
    language: str
    seed: int
    examples: list[Example]
    function: Optional[str] = None
    notes: list[str] = field(default_factory=list)

    def items(self) -> list[Item]:
        return [item for example in self.examples for item in example.items()]

    @property
    def flawed_count(self) -> int:
        return sum(1 for item in self.items() if item.flaw)

    def title(self) -> str:
        t = texts(self.language)
        if self.function:
            library = load_library().get(self.function)
            name = library.names.get(self.language, self.function) if library else self.function  # type: ignore[call-overload]
            return f"{t['title']}: {name}"
        return t["title"]


# -- choosing ---------------------------------------------------------------------------------------


def choose(
    sets: list[LibrarySet], count: Optional[int], flawed: Optional[int], rng: random.Random, codes: Optional[set[str]] = None
) -> tuple[list[tuple[LibrarySet, list[FlawedItem]]], list[i18n.Msg]]:
    """Pick `count` examples and `flawed` flawed elements among them (each position at most once).

    An example is a whole library set with flawed elements swapped in, or, for a rule only a
    set without a period can show (a `no_period` item, OKR210), that item alone under its
    objective. Such an example counts as one of the `count` and comes from a set that is not also
    shown whole, so every example is a different set and no objective title repeats. It is used
    only when `codes` asks for a rule that no whole set in the choice can show.

    Flaws are spread over the sets and prefer codes not used yet, so a handout shows different
    mistakes; with `codes`, only elements that break one of those rules are used. Returns the
    choice and notes about anything that could not be met.
    """
    notes: list[i18n.Msg] = []

    def teaches(item: FlawedItem) -> bool:
        return not codes or bool(codes & set(item.flaws))

    def whole(example: LibrarySet) -> list[FlawedItem]:
        return [item for item in example.flawed if not item.no_period and teaches(item)]

    if codes:
        # Sets that have an example of the flaws asked for come first.
        sets = [s for s in sets if whole(s)] + [s for s in sets if not whole(s)]
    if count is None:
        count = min(DEFAULT_COUNT, len(sets))
    elif count > len(sets):
        notes.append(i18n.msg("report.examples-fewer-sets", sets=len(sets), count=count))
    count = min(count, len(sets))
    shown_whole = {code for s in sets for item in s.flawed if not item.no_period for code in item.flaws}
    alone_codes = set(codes or ()) - shown_whole
    alone: list[tuple[LibrarySet, list[FlawedItem]]] = []
    if alone_codes:
        slots = count if not (set(codes or ()) - alone_codes) else max(1, count // 2) if count > 1 else 0
        for example in rng.sample(sets, len(sets)):
            items = [item for item in example.flawed if item.no_period and alone_codes & set(item.flaws)]
            if items and len(alone) < slots:
                alone.append((example, [rng.choice(items)]))
        if not alone:
            notes.append(i18n.msg("report.examples-rule-not-shown", codes=", ".join(sorted(alone_codes))))
    used = {example.id for example, _ in alone}
    rest = [s for s in sets if s.id not in used]
    if codes:
        with_flaws = sum(1 for s in rest if whole(s))
        first = rng.sample(rest[:with_flaws], min(count - len(alone), with_flaws))
        chosen = first + rng.sample(rest[with_flaws:], min(count - len(alone), len(rest)) - len(first))
    else:
        chosen = rng.sample(rest, min(count - len(alone), len(rest)))
    candidates = [(index, item) for index, example in enumerate(chosen) for item in whole(example)]
    if flawed is None:
        wanted = min(FLAWS_PER_SET * len(chosen), len({(i, item.at) for i, item in candidates}))
    else:
        wanted = max(0, flawed - len(alone))
    rng.shuffle(candidates)
    picked: list[tuple[int, FlawedItem]] = []
    used_positions: set[tuple[int, str]] = set()
    used_codes: set[str] = {code for _, items in alone for item in items for code in item.flaws}
    per_set = [0] * len(chosen)
    while len(picked) < wanted:
        options = [(rank, c) for rank, c in enumerate(candidates) if (c[0], c[1].at) not in used_positions and c not in picked]
        if not options:
            break
        _, best = min(options, key=lambda rc: (0 if set(rc[1][1].flaws) - used_codes else 1, per_set[rc[1][0]], rc[0]))
        picked.append(best)
        used_positions.add((best[0], best[1].at))
        used_codes.update(best[1].flaws)
        per_set[best[0]] += 1
    if len(picked) < wanted:
        notes.append(i18n.msg("report.examples-fewer-flaws", available=len(picked) + len(alone), wanted=wanted + len(alone)))
    result = []
    for index, example in enumerate(chosen):
        items = [item for i, item in picked if i == index]
        items.sort(key=lambda item: (item.objective_index, -1 if item.key_result_index is None else item.key_result_index))
        result.append((example, items))
    return result + alone, notes


def _library_examples(example: LibrarySet, swaps: list[FlawedItem]) -> list[Example]:
    """The set with flawed elements swapped in; or, for a `no_period` item, that item alone."""
    if swaps and all(item.no_period for item in swaps):
        out = []
        for item in swaps:
            objective = example.objectives[item.objective_index]
            view = ObjectiveView(Item("objective", objective.title), [Item("key_result", item.text, Flaw(list(item.flaws), item.fixed))])
            out.append(Example("library", example.function, example.language, example.team, None, [view], set_id=f"{example.id}:{item.at}"))
        return out
    at = {item.at: item for item in swaps}
    objectives = []
    for oi, objective in enumerate(example.objectives):
        title_flaw = at.get(f"O{oi + 1}")
        title = Item("objective", title_flaw.text if title_flaw else objective.title, Flaw(list(title_flaw.flaws), title_flaw.fixed) if title_flaw else None)
        krs = []
        for ki, text in enumerate(objective.key_results):
            swap = at.get(f"O{oi + 1}.KR{ki + 1}")
            krs.append(Item("key_result", swap.text if swap else text, Flaw(list(swap.flaws), swap.fixed) if swap else None))
        objectives.append(ObjectiveView(title, krs))
    return [Example("library", example.function, example.language, example.team, example.period, objectives, set_id=example.id)]


def library_exercise(
    linter: Linter, language: str = "en", function: Optional[str] = None, count: Optional[int] = None, flawed: Optional[int] = None, seed: int = 1, codes: Optional[set[str]] = None
) -> Exercise:
    """A spot-the-flaw exercise from the curated library, deterministic for `seed`.

    `count` sets (default: 2, or all there are when fewer match), with `flawed` flawed elements
    among them (default: 3 per set); with `codes`, only flaws that break one of those rules.
    """
    rng = random.Random(f"okrcoach-examples:{seed}")
    sets = all_sets(language=language, function=function)
    choice, notes = choose(sets, count, flawed, rng, codes)
    examples = [shown for example, swaps in choice for shown in _library_examples(example, swaps)]
    exercise = Exercise(language=language, seed=seed, examples=examples, function=function, notes=[note.render(language) for note in notes])
    finish(exercise, linter)
    return exercise


def finish(exercise: Exercise, linter: Linter) -> None:
    """Number the examples and items, and explain each flaw with the rubric's own words."""
    letter, number = 0, 0
    for index, example in enumerate(exercise.examples, start=1):
        example.number = index
        for objective in example.objectives:
            objective.item.label = _letters(letter)
            letter += 1
            for kr in objective.key_results:
                number += 1
                kr.label = str(number)
        explain(example, linter)


def _letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def explain(example: Example, linter: Linter) -> None:
    """Fill each flaw's details from the rubric: its name, message (in the set's language) and why."""
    findings = lint_warnings(linter, example.okr_set(), example.language)
    by_position: dict[tuple, dict[str, str]] = {}
    for finding in findings:
        by_position.setdefault(position(finding), {}).setdefault(finding.code, finding.message)
    for oi, objective in enumerate(example.objectives):
        elements = [((oi, None), objective.item)] + [((oi, ki), kr) for ki, kr in enumerate(objective.key_results)]
        for pos, item in elements:
            if item.flaw is None:
                continue
            messages = by_position.get(pos, {})
            details = []
            for code in item.flaw.codes:
                rule = linter.rubric.find(code)
                name = rule.name if rule else code
                why = " ".join(rule.render("why", example.language).split()) if rule else ""
                message = messages.get(code) or (rule.render("message", example.language, {"evidence": item.text, "period": example.period or ""}) if rule else "")
                details.append(FlawDetail(code, name, message, why))
            item.flaw.details = details


# -- data -------------------------------------------------------------------------------------------


def to_data(exercise: Exercise) -> dict[str, Any]:
    """The chosen examples with their labels, for YAML or JSON output."""
    examples = []
    for example in exercise.examples:
        objectives = []
        for objective in example.objectives:
            entry: dict[str, Any] = {"label": objective.item.label, "title": objective.item.text}
            entry.update(_flaw_data(objective.item))
            entry["key_results"] = [{"number": int(kr.label), "text": kr.text, **_flaw_data(kr)} for kr in objective.key_results]
            objectives.append(entry)
        data: dict[str, Any] = {
            "example": example.number,
            "source": example.source,
            "function": example.function,
            "language": example.language,
            "team": example.team,
            "period": example.period,
        }
        if example.set_id:
            data["library_id"] = example.set_id
        if example.model:
            data["model"] = example.model
        data["objectives"] = objectives
        examples.append(data)
    return {
        "version": 1,
        "kind": "okrcoach-workshop-examples",
        "language": exercise.language,
        "function": exercise.function,
        "seed": exercise.seed,
        "flawed": exercise.flawed_count,
        "examples": examples,
    }


def _flaw_data(item: Item) -> dict[str, Any]:
    if item.flaw is None:
        return {"flaws": []}
    return {
        "flaws": list(item.flaw.codes),
        "rules": [{"code": d.code, "name": d.name, "message": d.message, "why": d.why} for d in item.flaw.details],
        "fixed": item.flaw.fixed,
    }


# -- Markdown ---------------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text in Markdown with the characters that would change its meaning escaped."""
    out = []
    for char in text:
        if char in "\\`*_[]<>#|":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _heading(example: Example, t: dict[str, str]) -> str:
    library = load_library().get(example.function)
    name = library.names.get(example.language, example.function) if library else example.function  # type: ignore[call-overload]
    parts = [f"{t['example']} {example.number}", example.team or name, example.period or t["no_period"]]
    return " · ".join(parts)


def _generated_note(example: Example, t: dict[str, str]) -> Optional[str]:
    if example.source != "generated":
        return None
    return fill(t["generated"], example.language, model=example.model or t["an_llm"])


def handout_markdown(exercise: Exercise) -> str:
    t = texts(exercise.language)
    lines = [f"# {_md(exercise.title())}", "", _md(t["instructions"]), ""]
    for example in exercise.examples:
        lines.append(f"## {_md(_heading(example, t))}")
        note = _generated_note(example, t)
        if note:
            lines += ["", f"*{_md(note)}*"]
        lines.append("")
        for objective in example.objectives:
            lines.append(f"**{objective.item.label}. {_md(objective.item.text)}**")
            lines.append("")
            for kr in objective.key_results:
                lines.append(f"{kr.label}. {_md(kr.text)}")
            lines.append("")
    lines.append(f"<!-- {fill(t['footer'], exercise.language, seed=exercise.seed)} -->")
    return "\n".join(lines).rstrip() + "\n"


def answers_markdown(exercise: Exercise) -> str:
    t = texts(exercise.language)
    lines = [f"# {_md(t['answer_key'])}: {_md(exercise.title())}", ""]
    lines += [f"| {t['item']} | {t['verdict']} | {t['rule']} |", "|---|---|---|"]
    for item in exercise.items():
        verdict = t["flawed"] if item.flaw else t["good"]
        rules = ", ".join(f"{d.code} {d.name}" for d in item.flaw.details) if item.flaw else ""
        lines.append(f"| {item.label} | {verdict} | {rules} |")
    lines += ["", f"## {_md(t['details'])}", ""]
    for example in exercise.examples:
        flawed = [item for item in example.items() if item.flaw]
        if not flawed:
            continue
        lines.append(f"### {_md(_heading(example, t))}")
        note = _generated_note(example, t)
        if note:
            lines += ["", f"*{_md(note)}*"]
        lines.append("")
        for item in flawed:
            assert item.flaw is not None
            lines.append(f"**{item.label}. {_md(item.text)}**")
            lines.append("")
            for detail in item.flaw.details:
                lines.append(f"- **{detail.code} {detail.name}**: {_md(detail.message)}")
                if detail.why:
                    lines.append(f"  - {t['why']}: {_md(detail.why)}")
            lines.append(f"- {t['fixed']}: {_md(item.flaw.fixed)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# -- HTML -------------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
html { font-family: "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", sans-serif; font-size: 11pt; line-height: 1.4; color: #111; }
body { max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.4mm solid #999; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p.instructions { margin: 0 0 5mm; }
p.generated { margin: 0 0 2mm; font-style: italic; color: #444; }
.example { break-inside: avoid; page-break-inside: avoid; margin-bottom: 4mm; }
.objective { margin: 3mm 0 1mm; font-weight: 600; }
.label { display: inline-block; min-width: 8mm; font-weight: 700; text-indent: 0; }
.objective { padding-left: 8mm; text-indent: -8mm; }
ol.krs { list-style: none; margin: 0 0 2mm; padding: 0 0 0 8mm; }
ol.krs li { margin: 1.2mm 0; padding-left: 8mm; text-indent: -8mm; break-inside: avoid; page-break-inside: avoid; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 6mm; page-break-inside: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.3mm solid #bbb; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.flawed { font-weight: 600; }
.answer { break-inside: avoid; page-break-inside: avoid; border-left: 1mm solid #c33; padding: 1mm 0 1mm 3mm; margin: 0 0 4mm; }
.answer .text { font-weight: 600; margin-bottom: 1mm; padding-left: 8mm; text-indent: -8mm; }
.answer ul { margin: 0; padding-left: 5mm; }
.answer .why { color: #333; font-size: 10pt; }
.answer .fixed { margin-top: 1mm; }
.answer .fixed span { font-weight: 600; }
.answer-key { break-before: page; page-break-before: always; }
footer { margin-top: 8mm; font-size: 8pt; color: #777; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _document(title: str, language: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _handout_body(exercise: Exercise) -> str:
    t = texts(exercise.language)
    parts = [f"<h1>{_e(exercise.title())}</h1>\n", f'<p class="instructions">{_e(t["instructions"])}</p>\n']
    for example in exercise.examples:
        parts.append('<section class="example">\n')
        parts.append(f"<h2>{_e(_heading(example, t))}</h2>\n")
        note = _generated_note(example, t)
        if note:
            parts.append(f'<p class="generated">{_e(note)}</p>\n')
        for objective in example.objectives:
            parts.append(f'<div class="objective"><span class="label">{_e(objective.item.label)}.</span>{_e(objective.item.text)}</div>\n')
            parts.append('<ol class="krs">\n')
            for kr in objective.key_results:
                parts.append(f'<li value="{_e(kr.label)}"><span class="label">{_e(kr.label)}.</span>{_e(kr.text)}</li>\n')
            parts.append("</ol>\n")
        parts.append("</section>\n")
    return "".join(parts)


def _answers_body(exercise: Exercise) -> str:
    t = texts(exercise.language)
    parts = [f"<h1>{_e(t['answer_key'])}: {_e(exercise.title())}</h1>\n", f"<h2>{_e(t['summary'])}</h2>\n"]
    parts.append(f"<table>\n<thead><tr><th>{_e(t['item'])}</th><th>{_e(t['verdict'])}</th><th>{_e(t['rule'])}</th></tr></thead>\n<tbody>\n")
    for item in exercise.items():
        if item.flaw:
            rules = "<br>".join(f"{_e(d.code)} {_e(d.name)}" for d in item.flaw.details)
            parts.append(f'<tr><td>{_e(item.label)}</td><td class="flawed">{_e(t["flawed"])}</td><td>{rules}</td></tr>\n')
        else:
            parts.append(f"<tr><td>{_e(item.label)}</td><td>{_e(t['good'])}</td><td></td></tr>\n")
    parts.append("</tbody>\n</table>\n")
    parts.append(f"<h2>{_e(t['details'])}</h2>\n")
    for example in exercise.examples:
        flawed = [item for item in example.items() if item.flaw]
        if not flawed:
            continue
        parts.append(f"<h3>{_e(_heading(example, t))}</h3>\n")
        note = _generated_note(example, t)
        if note:
            parts.append(f'<p class="generated">{_e(note)}</p>\n')
        for item in flawed:
            assert item.flaw is not None
            parts.append('<div class="answer">\n')
            parts.append(f'<div class="text"><span class="label">{_e(item.label)}.</span>{_e(item.text)}</div>\n<ul>\n')
            for detail in item.flaw.details:
                parts.append(f"<li><strong>{_e(detail.code)} {_e(detail.name)}</strong>: {_e(detail.message)}")
                if detail.why:
                    parts.append(f'<div class="why">{_e(t["why"])}: {_e(detail.why)}</div>')
                parts.append("</li>\n")
            parts.append(f'</ul>\n<div class="fixed"><span>{_e(t["fixed"])}:</span> {_e(item.flaw.fixed)}</div>\n</div>\n')
    return "".join(parts)


def _footer(exercise: Exercise) -> str:
    return f"<footer>{_e(fill(texts(exercise.language)['footer'], exercise.language, seed=exercise.seed))}</footer>\n"


def handout_html(exercise: Exercise, with_answers: bool = False) -> str:
    """The handout as a printable HTML page; with `with_answers`, the key follows on a new page."""
    body = _handout_body(exercise)
    if with_answers:
        body += f'<div class="answer-key">\n{_answers_body(exercise)}</div>\n'
    return _document(exercise.title(), exercise.language, body + _footer(exercise))


def answers_html(exercise: Exercise) -> str:
    t = texts(exercise.language)
    return _document(f"{t['answer_key']}: {exercise.title()}", exercise.language, _answers_body(exercise) + _footer(exercise))
