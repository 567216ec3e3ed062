"""Small shared pieces of the screens: finding badges, paths as the user knows them, plain-text
widgets that redraw only on change, and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, cast

from rich.text import Text
from textual.visual import visualize
from textual.widgets import Static

from okrcoach.model import Finding
from okrcoach.settings import LLMSettings

BADGE_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def badges(findings: list[Finding]) -> Text:
    """Counts per level as a short coloured badge: ✖1 ⚠2 ℹ1."""
    text = Text()
    for level, symbol in (("error", "✖"), ("warning", "⚠"), ("info", "ℹ")):
        count = sum(1 for f in findings if f.level.value == level)
        if count:
            text.append(f"{symbol}{count} ", style=BADGE_STYLE[level])
    return text


def shown_path(path: Path) -> str:
    """A file as the user knows it: relative to the working folder when inside it (for a served
    visitor, its own folder), else as given."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def same_text(a: Text, b: Text) -> bool:
    return a.plain == b.plain and a.spans == b.spans


class PlainText(Static):
    """User and model text as plain `Text` (never markup), redrawn only when it changes: every
    update re-lays out the screen."""

    def __init__(self, text: Text | str = "", *, id: Optional[str] = None, classes: Optional[str] = None) -> None:
        shown = text if isinstance(text, Text) else Text(text)
        super().__init__(shown, id=id, classes=classes, markup=False)
        self.shown: Optional[Text] = None
        self._measured: tuple[int, Optional[int]] = (0, None)

    def show(self, text: Text) -> None:
        if self.shown is not None and same_text(self.shown, text):
            return
        # A layout pass re-arranges the whole screen (a 300-node tree included): it is needed only
        # when the new text takes another number of lines than the old at this width, measured
        # the way the layout itself measures it.
        width = self.content_size.width
        height = visualize(self, text, markup=False).get_height(cast(Any, self.styles), width) if width > 0 else None
        layout = height is None or self._measured != (width, height)
        self._measured = (width, height)
        self.shown = text
        self.update(text, layout=layout)


class StatusBar(PlainText):
    """Model and endpoint, tokens used, rubric summary, unsaved state."""

    def show_state(self, settings: Optional[LLMSettings], tokens: int, findings: list[Finding], dirty: bool, path: Optional[Path]) -> None:
        text = Text()
        if settings is not None and not settings.problems():
            text.append(f"{settings.effective_model} @ {settings.base_url or 'api.openai.com'}", style="bold")
        else:
            text.append("no LLM configured (press ? for setup)", style="dim")
        text.append(f"  ·  {tokens:,} tokens  ·  ")
        counts = {level: sum(1 for f in findings if f.level.value == level) for level in ("error", "warning", "info")}
        text.append(f"{counts['error']} error  {counts['warning']} warning  {counts['info']} info", style="bold red" if counts["error"] else ("yellow" if counts["warning"] else "green"))
        text.append("  ·  ")
        text.append(shown_path(path) if path else "not saved yet")
        if dirty:
            text.append("  ● modified", style="bold yellow")
        self.show(text)
