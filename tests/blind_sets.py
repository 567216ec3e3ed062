"""Reading the blind evaluation sets (tests/data/blind2 to blind10) for their format tests
and their agreement scripts (`labelling/agreement.py`).

Each set is one `<lang>.yaml` per language, a README whose source table lists every source document
with its language, period and size, `labelling/pass1.tsv` and `pass2.tsv` with the two labelling
passes, and, once a second labeller has labelled it, `labelling/pass3_independent.tsv` with that
independent pass and `labelling/adjudication.tsv` with the decision on each difference from the
settled labels. The tests and scripts read the files only; they never run the rubric on a set.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import yaml

from tests.guideline_labels import CATEGORIES, guideline_labels

LANGS = ("en", "da", "sv", "de", "fi", "hu")
ITEMS_PER_LANG = 60
REQUIRED = {"objective", "kr", "source", "labels", "guideline"}
ALLOWED = REQUIRED | {"period", "note"}
GUIDELINE_VALUES = {
    "kind": {"outcome", "output", "activity", "kpi", "unsure"},
    "measurable": {"yes", "no", "unsure"},
    "baseline": {"yes", "no"},
    "deadline": {"yes", "no"},
}
SOURCE_ROW = re.compile(r"^\| `(?P<source>[a-z0-9-]+)` \| (?P<lang>[a-z]{2}) \| (?P<period>[^|]+?) \| (?P<items>\d+) \|")
FIELDS = tuple(GUIDELINE_VALUES)
INDEPENDENT = "pass3_independent.tsv"
ADJUDICATION = "adjudication.tsv"
TIME_FRAME_IN_OBJECTIVE = re.compile(r"\b(19|20)\d\d\b|\bQ[1-4]\b|\bH[12]\b")
# The guideline questions an independent labeller names in a pass-3 note where one decided the label
# (the wording the relabelling briefs use), by a pattern matched against the note.
AMBIGUITIES = {
    'P9 "no change stated" and the objective': re.compile(r"no change stated"),
    "P3 coverage against P9 recurring 100 % standards": re.compile(r"P3 coverage vs P9"),
    "a cadence deliverable against tracking": re.compile(r"cadence deliverable vs tracking"),
    "a time window inside the metric as a deadline": re.compile(r"inside the metric"),
    "a threshold given by a reference year": re.compile(r"reference year"),
    "a team's own understanding": re.compile(r"own understanding"),
    "a date named by an event or an OKR tool's due-date field": re.compile(r"read as (a time frame|deadline)"),
    'P5 "add N members" against P7 new customers': re.compile(r"add members"),
    "an OKR tool's progress figure as a start value": re.compile(r"is not a start value"),
    "zero as a held standard or a target": re.compile(r"zero as a (held standard|target)"),
    "a named class as a threshold": re.compile(r"named class as a threshold"),
}


def load_items(set_dir: Path, lang: str) -> list[dict]:
    """The items of one language file of a set, as `yaml.safe_load` reads them."""
    return yaml.safe_load((set_dir / f"{lang}.yaml").read_text(encoding="utf-8"))


def readme_sources(set_dir: Path) -> dict[str, dict[str, str]]:
    """The rows of the set README's source table, by source name."""
    rows = {}
    for line in (set_dir / "README.md").read_text(encoding="utf-8").splitlines():
        match = SOURCE_ROW.match(line)
        if match:
            rows[match["source"]] = match.groupdict()
    return rows


STYLE_ROW = re.compile(r"^\| `(?P<source>[a-z0-9-]+)` \| [a-z]{2} \| [^|]+ \| \d+ \| (?P<style>[a-z]+) \|")


def assert_styles_as_the_readme_says(set_dir: Path, lang: str, sources_per_style: dict[str, int]) -> None:
    """Every item of `lang` carries its source's style from the README's source table, and the
    language has `sources_per_style` sources of each style."""
    table = {}
    for line in (set_dir / "README.md").read_text(encoding="utf-8").splitlines():
        match = STYLE_ROW.match(line)
        if match:
            table[match["source"]] = match["style"]
    assert len(table) == 6 * len(LANGS)
    styles = {}
    for where, item in numbered_items(set_dir, lang):
        assert item["style"] in sources_per_style, where
        assert item["style"] == table[item["source"]], where
        styles[item["source"]] = item["style"]
    assert Counter(styles.values()) == sources_per_style


def assert_every_kind_and_both_measurable_values_in_each_style(set_dir: Path, lang: str, styles: list[str] | dict[str, int]) -> None:
    """Each style of `lang` holds every kind (outcome, output, activity, kpi) and both measurable
    values, so a figure per style can be read for every category."""
    for style in styles:
        items = [item for _, item in numbered_items(set_dir, lang) if item["style"] == style]
        kinds = Counter(item["guideline"]["kind"] for item in items)
        assert all(kinds[kind] for kind in ("outcome", "output", "activity", "kpi")), (lang, style, kinds)
        assert {"yes", "no"} <= {item["guideline"]["measurable"] for item in items}, (lang, style)


def read_pass(set_dir: Path, name: str) -> dict[str, dict[str, str]]:
    """One labelling pass (`labelling/<name>`, tab-separated), by item id (`<lang>-<NN>`)."""
    with (set_dir / "labelling" / name).open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}


def read_rows(set_dir: Path, name: str) -> list[dict[str, str]]:
    """The rows of a tab-separated file under `labelling/` (e.g. an adjudication log), in order."""
    with (set_dir / "labelling" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa of two labellings of the same items (1.0 where chance agreement is total)."""
    total = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / total
    left, right = Counter(first), Counter(second)
    expected = sum(left[value] * right[value] for value in set(left) | set(right)) / total**2
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def settled_labels(set_dir: Path) -> tuple[dict[str, dict[str, str]], dict[str, str | None]]:
    """The settled `guideline` fields and the period of every item of a set, by item id."""
    fields: dict[str, dict[str, str]] = {}
    periods: dict[str, str | None] = {}
    for lang in LANGS:
        for number, item in enumerate(load_items(set_dir, lang), 1):
            key = f"{lang}-{number:02d}"
            fields[key] = item["guideline"]
            periods[key] = item.get("period")
    return fields, periods


def read_adjudication(set_dir: Path) -> list[dict[str, str]]:
    """The adjudication log of the independent pass against the settled labels (empty before it exists)."""
    if not (set_dir / "labelling" / ADJUDICATION).exists():
        return []
    return read_rows(set_dir, ADJUDICATION)


def before_adjudication(settled: dict[str, dict[str, str]], log: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """The settled labels as they were before the log's changes were applied to the YAML files."""
    before = {key: dict(fields) for key, fields in settled.items()}
    for row in log:
        if row["decision"].startswith("changed"):
            before[row["id"]][row["field"]] = row["settled"]
    return before


def agreement_cell(first: list[str], second: list[str]) -> str:
    """Plain agreement and Cohen's kappa of two labellings, as one table cell."""
    same = sum(x == y for x, y in zip(first, second))
    return f"{same / len(first):.1%} κ {cohen_kappa(first, second):.3f}"


def print_agreement_by_language(
    title: str,
    first: dict[str, dict[str, str]],
    second: dict[str, dict[str, str]],
    periods: dict[str, str | None],
) -> None:
    """One table: per field and per rubric category, agreement and κ overall and per language, then
    the items that differ (ids and field values only, never sentences)."""
    keys = sorted(second)
    groups = [("all", keys)] + [(lang, [k for k in keys if k.startswith(f"{lang}-")]) for lang in LANGS]
    print_agreement_by_group(title, first, second, periods, groups)


def print_agreement_by_group(
    title: str,
    first: dict[str, dict[str, str]],
    second: dict[str, dict[str, str]],
    periods: dict[str, str | None],
    groups: list[tuple[str, list[str]]],
    list_differences: bool = True,
) -> None:
    """One table: per field and per rubric category, agreement and κ in each named group of item ids
    (the first group holding every id), then (unless told not to) the items that differ (ids and field
    values only, never sentences)."""
    keys = groups[0][1]
    print(f"\n{title}\n")
    print("| field | " + " | ".join(f"{name} (n={len(group)})" for name, group in groups) + " |")
    print("|---" * (len(groups) + 1) + "|")
    for field in FIELDS:
        cells = [agreement_cell([first[k][field] for k in group], [second[k][field] for k in group]) for _, group in groups]
        print(f"| {field} | " + " | ".join(cells) + " |")
    for category in CATEGORIES:
        cells = []
        for _, group in groups:
            a = [str(category in guideline_labels(first[k], periods[k])) for k in group]
            b = [str(category in guideline_labels(second[k], periods[k])) for k in group]
            cells.append(agreement_cell(a, b))
        print(f"| category `{category}` | " + " | ".join(cells) + " |")
    if not list_differences:
        return
    differ = [k for k in keys if any(first[k][f] != second[k][f] for f in FIELDS)]
    print(f"\nitems that differ: {len(differ)}")
    for k in differ:
        changes = ", ".join(f"{f} {second[k][f]}/{first[k][f]}" for f in FIELDS if first[k][f] != second[k][f])
        print(f"  {k}: {changes} (settled/independent)")


def print_independent_pass(set_dir: Path, settled: dict[str, dict[str, str]], periods: dict[str, str | None]) -> None:
    """The independent pass against the settled labels, before and after its adjudication, and the
    number of settled labels the adjudication changed, per field and language."""
    if not (set_dir / "labelling" / INDEPENDENT).exists():
        return
    three = read_pass(set_dir, INDEPENDENT)
    assert set(three) == set(settled), "pass 3 must cover every item"
    log = read_adjudication(set_dir)
    before = before_adjudication(settled, log)
    print_agreement_by_language("Pass 3 (independent) against the settled labels before adjudication:", three, before, periods)
    print_agreement_by_language("Pass 3 (independent) against the settled labels after adjudication:", three, settled, periods)
    changed = Counter((row["field"], row["id"].split("-")[0]) for row in log if row["decision"].startswith("changed"))
    print(f"\nadjudication: {len(log)} differences, {sum(changed.values())} settled labels changed")
    for field in FIELDS:
        per_lang = ", ".join(f"{lang} {changed[field, lang]}" for lang in LANGS)
        print(f"  {field}: {sum(changed[field, lang] for lang in LANGS)} ({per_lang})")


def item_styles(set_dir: Path) -> dict[str, str]:
    """The `style` of every item of a set that writes one (`typical`, `novel`, `mixed`, `sheet` or `page`), by item id."""
    return {key: item["style"] for lang in LANGS for key, item in numbered_items(set_dir, lang) if "style" in item}


def print_independent_pass_by_style(set_dir: Path) -> None:
    """The independent pass against the settled labels before and after its adjudication, per field and
    per rubric category, overall and per item style (`typical`, `novel`, `mixed`, `sheet`, `page`, `assistant`, each also per language)."""
    if not (set_dir / "labelling" / INDEPENDENT).exists():
        return
    three = read_pass(set_dir, INDEPENDENT)
    settled, periods = settled_labels(set_dir)
    before = before_adjudication(settled, read_adjudication(set_dir))
    styles = item_styles(set_dir)
    keys = sorted(settled)
    names = sorted(set(styles.values()), key=["typical", "novel", "mixed", "sheet", "page", "assistant"].index)
    groups = [("all", keys)] + [(name, [k for k in keys if styles.get(k) == name]) for name in names]
    crossed = [(f"{lang} {name}", [k for k in keys if k.startswith(f"{lang}-") and styles.get(k) == name]) for lang in LANGS for name in names]
    for when, labels in (("before", before), ("after", settled)):
        title = f"Pass 3 (independent) against the settled labels {when} adjudication"
        print_agreement_by_group(f"{title}, per style:", three, labels, periods, groups, list_differences=False)
        print_agreement_by_group(f"{title}, per language and style:", three, labels, periods, [groups[0]] + crossed, list_differences=False)


def print_ambiguity_notes(set_dir: Path) -> None:
    """How many labels of the independent pass hang on each named guideline ambiguity (its note names
    it), and how many of those differ from the settled labels before adjudication, per field."""
    if not (set_dir / "labelling" / INDEPENDENT).exists():
        return
    three = read_pass(set_dir, INDEPENDENT)
    settled, _ = settled_labels(set_dir)
    before = before_adjudication(settled, read_adjudication(set_dir))
    print("\nPass 3 labels decided by a named ambiguity (the note names it); differing from the settled labels:\n")
    print("| ambiguity | items | differ | " + " | ".join(f"differ in {field}" for field in FIELDS) + " |")
    print("|---" * (3 + len(FIELDS)) + "|")
    for name, pattern in AMBIGUITIES.items():
        keys = [key for key, row in three.items() if pattern.search(row.get("note") or "")]
        differ = {field: sum(three[key][field] != before[key][field] for key in keys) for field in FIELDS}
        any_differ = sum(any(three[key][field] != before[key][field] for field in FIELDS) for key in keys)
        print(f"| {name} | {len(keys)} | {any_differ} | " + " | ".join(str(differ[field]) for field in FIELDS) + " |")


def numbered_items(set_dir: Path, lang: str) -> list[tuple[str, dict]]:
    """A language's items with their ids (`<lang>-NN`, NN the 1-based position in its file)."""
    return [(f"{lang}-{number:02d}", item) for number, item in enumerate(load_items(set_dir, lang), 1)]


def assert_notes_agree_with_labels(set_dir: Path, lang: str) -> None:
    """Every note that explains a label agrees with it, as each set's README promises: a relative
    change or a count of new things carries the baseline finding (the guideline's mapping), a date
    outside the set's period is a deadline in a set with a period, a deadline in a set without one
    has no period, and a key result written wholly in English stands in another language's file."""
    for where, item in numbered_items(set_dir, lang):
        note, guideline = item.get("note", ""), item["guideline"]
        if note.startswith(("relative change", "count of new")) or "; relative change" in note:
            assert "baseline" in item["labels"], where
        if "outside the set's period" in note:
            assert guideline["deadline"] == "yes" and "period" in item, where
        if "in a set without a period" in note:
            assert guideline["deadline"] == "yes" and "period" not in item, where
        if "written wholly in English" in note:
            assert lang != "en", where


def assert_a_date_outside_the_period_and_a_deadline_without_one(set_dir: Path, lang: str) -> None:
    """A language has a date outside its set's period (noted) and a deadline in its set without a
    period, as the later sets' READMEs promise."""
    items = load_items(set_dir, lang)
    assert any("outside the set's period" in item.get("note", "") for item in items)
    assert any(item["guideline"]["deadline"] == "yes" for item in items if "period" not in item)


def assert_kinds_like_real_okr_sets(set_dir: Path, lang: str) -> None:
    """A language's kinds come in proportions like real OKR sets: 35–45 % outcomes, at least 30 %
    outputs and activities, 15 % kpi, and 20 % of key results with no measurable target."""
    items = load_items(set_dir, lang)
    kinds = Counter(item["guideline"]["kind"] for item in items)
    assert 0.35 * ITEMS_PER_LANG <= kinds["outcome"] <= 0.45 * ITEMS_PER_LANG, kinds
    assert kinds["output"] + kinds["activity"] >= 0.3 * ITEMS_PER_LANG, kinds
    assert kinds["kpi"] >= 0.15 * ITEMS_PER_LANG, kinds
    assert sum(item["guideline"]["measurable"] == "no" for item in items) >= 0.2 * ITEMS_PER_LANG


COUNTS_ROW = re.compile(r"^\| (?P<lang>[a-z]{2}|all) \| (?P<cells>\d.*) \|$")


def counts_row(items: list[dict], styles: tuple[str, str]) -> list[str]:
    """The cells of a styled set README's counts table for these items, after the language column:
    items, the two styles' item counts, items without a period, kinds, measurable yes/no/unsure,
    baseline and deadline yes, rubric categories, items with no label, and wholly English items."""
    count: Counter = Counter()
    for item in items:
        fields = item["guideline"]
        count[item["style"]] += 1
        count["no period"] += "period" not in item
        count[fields["kind"]] += 1
        count["m " + fields["measurable"]] += 1
        count["baseline"] += fields["baseline"] == "yes"
        count["deadline"] += fields["deadline"] == "yes"
        count.update("[" + label + "]" for label in item["labels"])
        count["no label"] += not item["labels"]
        count["english"] += "written wholly in English" in item.get("note", "")
    return [
        str(len(items)),
        "/".join(str(count[style]) for style in styles),
        str(count["no period"]),
        *(str(count[kind]) for kind in ("outcome", "output", "activity", "kpi", "unsure")),
        f"{count['m yes']}/{count['m no']}/{count['m unsure']}",
        str(count["baseline"]),
        str(count["deadline"]),
        *(str(count["[" + category + "]"]) for category in CATEGORIES),
        str(count["no label"]),
        str(count["english"]),
    ]


def assert_readme_counts_table_agrees(set_dir: Path, styles: tuple[str, str]) -> None:
    """The README's counts table (one row per language and one for `all`) holds the counts of the items."""
    table = {}
    for line in (set_dir / "README.md").read_text(encoding="utf-8").splitlines():
        match = COUNTS_ROW.match(line)
        if match:
            table[match["lang"]] = [cell.strip() for cell in match["cells"].split("|")]
    assert set(table) == set(LANGS) | {"all"}
    for lang in LANGS:
        assert table[lang] == counts_row(load_items(set_dir, lang), styles), lang
    assert table["all"] == counts_row([item for lang in LANGS for item in load_items(set_dir, lang)], styles)
