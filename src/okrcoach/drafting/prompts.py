"""Render the prompt templates in `prompts/` (Jinja, sandboxed, StrictUndefined)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from okrcoach.language_data import english_name

_DELIMITER = re.compile(r"<\s*/?\s*(?:brief|context|okrs|findings|item)(?!\w)(?:[^<>\n]{0,200}>)?", re.IGNORECASE)

# Characters a reader (or a model) may take for `<`, `>` or `/` that NFKC leaves alone. The
# defused form's own quotation marks ‹ › are deliberately not among them: they are the safe form.
_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("\u2329\u3008\u27e8\u276e\u02c2\u1438\u276c\u2770", "<"),
        **dict.fromkeys("\u232a\u3009\u27e9\u276f\u02c3\u1433\u276d\u2771", ">"),
        **dict.fromkeys("\u2044\u2215\u29f8\u27cb\u2571", "/"),
    }
)


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` as a tag matcher should see it, with the index in `text` of every folded character.

    Each character is NFKC-normalised on its own (so ＜ and ﹤ read as <), format characters (Cf:
    zero-width space, word joiner, soft hyphen) and combining marks (Mn) are dropped, and the
    lookalike brackets and slashes above are mapped to their ASCII forms.
    """
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            folded.append(char)
            origin.append(index)
            continue
        if unicodedata.category(char) in ("Cf", "Mn"):
            continue
        for piece in unicodedata.normalize("NFKC", char).translate(_LOOKALIKES):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def data(text: object) -> str:
    """User or file text for a delimited section: tags that could open or close a section are defused.

    A tag is recognised however it is disguised (attributes, spaces, zero-width or format characters
    inside it, fullwidth or lookalike brackets and slashes); its brackets become ‹ › and every other
    character of the text is kept as written.
    """
    text = str(text)
    folded, origin = _folded(text)
    replacements: dict[int, str] = {}
    for match in _DELIMITER.finditer(folded):
        replacements[origin[match.start()]] = "\u2039"
        if match.group(0).endswith(">"):
            replacements[origin[match.end() - 1]] = "\u203a"
    if not replacements:
        return text
    return "".join(replacements.get(index, char) for index, char in enumerate(text))


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
