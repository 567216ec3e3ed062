"""Render the prompt templates in `prompts/` (Jinja, sandboxed, StrictUndefined)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from okrcoach.language_data import english_name

_DELIMITER = re.compile(r"<\s*/?\s*(brief|context|okrs|findings|item)\s*>", re.IGNORECASE)


def data(text: object) -> str:
    """User or file text for a delimited section: tags that could close the section are defused."""
    return _DELIMITER.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), str(text))


@lru_cache(maxsize=4)
def _environment(folder: str) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["data"] = data
    return environment


def render(name: str, folder: Optional[Path] = None, **context: Any) -> str:
    """Render `prompts/<name>.md.jinja`; a missing variable is an error, never an empty string."""
    if folder is None:
        from okrcoach.paths import bundled_dir

        folder = bundled_dir("prompts")
    if "language" in context and "language_name" not in context:
        context["language_name"] = english_name(context["language"])
    text = _environment(str(folder)).get_template(f"{name}.md.jinja").render(**context)
    return text.strip() + "\n"
