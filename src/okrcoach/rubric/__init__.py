"""The deterministic rubric: rules as data, a closed set of check kinds, per-language lexicons."""

from .engine import DEFAULT_THRESHOLDS, Linter, LintOptions, detect_language, lint
from .loader import Rubric, RubricError, load_rubric
from .schema import RuleSpec

__all__ = ["DEFAULT_THRESHOLDS", "LintOptions", "Linter", "Rubric", "RubricError", "RuleSpec", "detect_language", "lint", "load_rubric"]
