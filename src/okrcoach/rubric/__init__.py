"""The deterministic rubric: rules as data, check kinds as modules (`kinds/`), per-language lexicons."""

from .engine import DEFAULT_THRESHOLDS, Linter, LintOptions, detect_language
from .loader import Rubric, RubricError, load_rubric
from .schema import RuleSpec

__all__ = ["DEFAULT_THRESHOLDS", "LintOptions", "Linter", "Rubric", "RubricError", "RuleSpec", "detect_language", "load_rubric"]
