"""Load rule files and lexicons from a rubric directory into an immutable `Rubric`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from . import kinds
from .lexicon import Lexicon, LexiconError, load_lexicons
from .schema import RuleSpec, validate_rule

# libyaml's C loader when present: rule files are trusted data, parsed on every start.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RubricError(ValueError):
    """A rule or lexicon file is invalid; the message names the file and what to fix."""


@dataclass(frozen=True)
class Rubric:
    """All rules (in code order) and the lexicons they read text with."""

    rules: tuple[RuleSpec, ...]
    lexicons: dict[str, Lexicon] = field(hash=False)
    extra_folders: tuple[Path, ...] = ()
    """Rubric folders beside the bundled one: their rules, `lexicons/` and `messages/` are part of it."""

    def find(self, code_or_name: str) -> Optional[RuleSpec]:
        key = code_or_name.strip()
        for rule in self.rules:
            if key.upper() == rule.code or key.lower() == rule.name or key.lower() in rule.aliases:
                return rule
        return None

    def suggest(self, code_or_name: str) -> Optional[str]:
        key = code_or_name.strip().upper()
        if key.startswith("OKR"):
            # The commonest typo in a code is the letter O for the digit 0 (or l/I for 1).
            digits = key[3:].replace("O", "0").replace("I", "1").replace("L", "1")
            rule = self.find("OKR" + digits)
            if rule:
                return rule.code
        names = [r.code for r in self.rules] + [r.name for r in self.rules]
        import difflib  # only for a misspelt rule name

        match = difflib.get_close_matches(code_or_name, names, n=1, cutoff=0.5)
        return match[0] if match else None

    def matching(self, selector: str) -> list[RuleSpec]:
        """Rules a selector names: a code, a slug, an alias, a code prefix (`OKR2`) or a category."""
        key = selector.strip()
        rule = self.find(key)
        if rule:
            return [rule]
        if key.upper().startswith("OKR") and key[3:].isdigit():
            return [r for r in self.rules if r.code.startswith(key.upper())]
        if key.upper() == "ALL":
            return list(self.rules)
        return [r for r in self.rules if r.category == key.lower()]


def load_rule(path: Path) -> RuleSpec:
    """Read and validate one rule file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError(f"{path}: cannot read rule: {exc}") from exc
    try:
        rule = validate_rule(data)
    except ValueError as exc:
        if not hasattr(exc, "errors"):
            raise RubricError(f"{path}: invalid rule: {exc}") from exc
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise RubricError(f"{path}: invalid rule: {problems}") from exc
    for problem in kinds.validate(rule):
        raise RubricError(f"{path}: {problem}")
    return rule


def load_rubric(directory: Path, extra_directories: tuple[Path, ...] = ()) -> Rubric:
    """Load every rule under `directory` (and extra rule folders) plus `directory/lexicons`."""
    rules: list[RuleSpec] = []
    seen: dict[str, Path] = {}
    for folder in (directory, *extra_directories):
        for path in sorted(folder.rglob("*.yaml")):
            if {"lexicons", "messages"} & set(path.relative_to(folder).parts):
                continue
            rule = load_rule(path)
            for key in (rule.code, rule.name, *rule.aliases):
                if key in seen:
                    raise RubricError(f"{path}: `{key}` is already used by {seen[key]}")
                seen[key] = path
            if path.stem != rule.name:
                raise RubricError(f"{path}: the file name must be the rule name: rename it to {rule.name}.yaml")
            rules.append(rule)
    try:
        lexicons = load_lexicons(directory / "lexicons", tuple(f / "lexicons" for f in extra_directories if (f / "lexicons").is_dir()))
    except LexiconError as exc:
        raise RubricError(str(exc)) from exc
    if "en" not in lexicons:
        raise RubricError(f"{directory / 'lexicons'}: the English lexicon en.yaml is missing")
    rules.sort(key=lambda r: r.code)
    return Rubric(rules=tuple(rules), lexicons=lexicons, extra_folders=tuple(extra_directories))
