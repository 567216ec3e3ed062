"""Render a rule as a help page (`okrcoach rule CODE`), generated from its file."""

from __future__ import annotations

from typing import Any, Optional

from okrcoach import i18n

from .schema import RuleSpec


def _example_text(example: Any, language: str = "en") -> str:
    """An example as the page shows it: its text (and fields), or the file or files it is, labelled
    in `language`."""
    if isinstance(example, str):
        return example
    if "files" in example:
        return i18n.text("docs.example_files", language) + ":\n" + "\n".join("    " + _example_text(f, language) for f in example["files"])
    if "content" in example:
        encoding = f" ({example['encoding']})" if example.get("encoding") else ""
        head = i18n.text("docs.example_file", language, name=example.get("file", ""), encoding=encoding)
        return f"{head}:\n" + "\n".join("      " + line for line in str(example["content"]).splitlines())
    text = example.get("text", "")
    extras = ", ".join(f"{k}: {v}" for k, v in example.items() if k != "text")
    return f"{text}  ({extras})" if extras else text


def _category(rule: RuleSpec, language: str) -> str:
    """A rule's category by its name in `language`, with the id (`rules --category ID`) after it
    where the name is another word."""
    name = i18n.text("docs.category_value", language, category=rule.category)
    return name if name.casefold() == rule.category else f"{name} ({rule.category})"


def _general_values(rule: RuleSpec, template: str, fill_arguments: bool) -> dict[str, Any]:
    """Values that turn a template's plural and select syntax into words when no finding fills
    it: the rule's own numbers (`max: 5`), the general (`other`) branch of a choice, "…" for a
    count only a finding knows; with `fill_arguments`, "…" for every plain placeholder too."""
    choices = i18n.branches(template)
    values: dict[str, Any] = {}
    for name in i18n.placeholders(template):
        given = rule.params.get(name)
        if isinstance(given, (int, float)) and not isinstance(given, bool):
            values[name] = given
        elif name == "format":
            values[name] = "fields"
        elif name in choices or fill_arguments:
            values[name] = "…"
    return values


def general_wording(rule: RuleSpec, field: str, language: str) -> str:
    """A rule's message or fix with nothing found yet, as plain words: for a rule's description
    (SARIF `help`, listings), never showing template syntax."""
    template = rule.template(field, language)
    return rule.render(field, language, _general_values(rule, template, fill_arguments=True))


def shown_templates(rule: RuleSpec, field: str, language: str) -> list[str]:
    """A rule's message or fix as a reader sees it, plain placeholders as written: one text per
    kind of thing a `facts` rule can have found (its `{fact, select, …}` branches, in the rule's
    order), a fix that names where a field goes shown for YAML, JSON and Markdown, and counts in
    words ("… key results (more than 5)")."""
    template = rule.template(field, language)
    fixed: dict[str, Any] = _general_values(rule, template, fill_arguments=False)
    fixed.pop("fact", None)
    if "fact" not in i18n.branches(template):
        return [rule.render(field, language, fixed) if fixed else template]
    shown: list[str] = []
    for fact in [*(rule.params.get("any") or ()), ""]:
        text = rule.render(field, language, {**fixed, "fact": fact})
        if text not in shown:
            shown.append(text)
    return shown


def one_line_template(rule: RuleSpec, field: str, language: str) -> str:
    """A rule's message or fix on one line for a listing: its general wording (the `other`
    branch of what was found), placeholders as written."""
    return shown_templates(rule, field, language)[-1]


def rule_as_text(rule: RuleSpec, language: Optional[str] = None) -> str:
    """A plain-text page: title, facts, message, why, fix, examples.

    With `language`, the page is in that language (message, why, fix and headings from its
    catalogue) and shows that language's examples; without, English with every language's examples.
    """
    lang = language or "en"

    def label(key: str, **params: Any) -> str:
        return i18n.text(f"docs.{key}", lang, **params)

    lines = [
        f"{rule.code} {rule.name}",
        "",
        f"  {label('level')}: {label('level_value', level=rule.level.value)}    {label('category')}: {_category(rule, lang)}    {label('applies_to')}: {label('target_value', target=rule.target)}    {label('status')}: {label('status_value', status=rule.status)}",
    ]
    if rule.aliases:
        lines.append(f"  {label('aliases')}: {', '.join(rule.aliases)}")
    lines += ["", f"{label('message')}:", *(f"  {text}" for text in shown_templates(rule, "message", lang)), "", f"{label('why')}:"]
    lines += [f"  {line}" for line in rule.template("why", lang).strip().splitlines()]
    lines += ["", f"{label('fix')}:", *(f"  {text}" for text in shown_templates(rule, "fix", lang))]
    shown = [(code, rule.examples[code]) for code in ([language] if language else rule.examples) if code in rule.examples]
    for code, examples in shown:
        lines += ["", label("examples", language=label("languages", language=code)) + ":"]
        lines += [f"  ✗ {_example_text(e, lang)}" for e in examples.fail]
        lines += [f"  ✓ {_example_text(e, lang)}" for e in examples.pass_]
    if rule.references:
        lines += ["", f"{label('references')}:"] + [f"  {ref}" for ref in rule.references]
    return "\n".join(lines) + "\n"


def rule_as_data(rule: RuleSpec, language: Optional[str] = None) -> dict[str, Any]:
    """The rule file as data; with `language`, its message, fix and why in that language as well."""
    data = rule.model_dump(mode="json", by_alias=True)
    if language:
        data["translation"] = {"language": language, **{field: rule.template(field, language) for field in ("message", "fix", "why")}}
    return data
