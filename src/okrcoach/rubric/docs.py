"""Render a rule as a help page (`okrcoach rule CODE`), generated from its file."""

from __future__ import annotations

from typing import Any

from .schema import RuleSpec

LANGUAGE_NAMES = {"en": "English", "da": "Danish", "sv": "Swedish", "de": "German", "fi": "Finnish", "hu": "Hungarian"}


def _example_text(example: Any) -> str:
    if isinstance(example, str):
        return example
    if "files" in example:
        return "files:\n" + "\n".join("    " + _example_text(f) for f in example["files"])
    if "content" in example:
        return f"file {example.get('file', '')}:\n" + "\n".join("      " + line for line in str(example["content"]).splitlines())
    text = example.get("text", "")
    extras = ", ".join(f"{k}: {v}" for k, v in example.items() if k != "text")
    return f"{text}  ({extras})" if extras else text


def rule_as_text(rule: RuleSpec) -> str:
    """A plain-text page: title, facts, message, why, fix, examples per language."""
    lines = [
        f"{rule.code} {rule.name}",
        "",
        f"  level: {rule.level.value}    category: {rule.category}    applies to: {rule.target.replace('_', ' ')}    status: {rule.status}",
    ]
    if rule.aliases:
        lines.append(f"  aliases: {', '.join(rule.aliases)}")
    lines += ["", "Message:", f"  {rule.text('message', 'en')}", "", "Why:"]
    lines += [f"  {line}" for line in rule.why.strip().splitlines()]
    lines += ["", "Fix:", f"  {rule.text('fix', 'en')}"]
    for language, examples in rule.examples.items():
        lines += ["", f"Examples ({LANGUAGE_NAMES.get(language, language)}):"]
        lines += [f"  ✗ {_example_text(e)}" for e in examples.fail]
        lines += [f"  ✓ {_example_text(e)}" for e in examples.pass_]
    if rule.references:
        lines += ["", "References:"] + [f"  {ref}" for ref in rule.references]
    return "\n".join(lines) + "\n"


def rule_as_data(rule: RuleSpec) -> dict[str, Any]:
    data = rule.model_dump(mode="json", by_alias=True)
    return data
