"""The deterministic rubric: rules as data, check kinds as modules (`kinds/`), per-language lexicons.

This package's front: code outside `okrcoach.rubric` imports from here, not from its modules.
"""

from .analysis import KeyResultFacts, TextFacts, parse_number, stated_range
from .engine import DEFAULT_THRESHOLDS, Linter, LintOptions, detect_language, detect_text_language
from .lexicon import group as match_group
from .loader import Rubric, RubricError, load_rubric
from .schema import RuleSpec

__all__ = [
    "DEFAULT_THRESHOLDS",
    "KeyResultFacts",
    "LintOptions",
    "Linter",
    "Rubric",
    "RubricError",
    "RuleSpec",
    "TextFacts",
    "detect_language",
    "detect_text_language",
    "load_rubric",
    "match_group",
    "parse_number",
    "stated_range",
]
