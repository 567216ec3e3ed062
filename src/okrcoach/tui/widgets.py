"""Small shared pieces of the screens: finding badges, paths as the user knows them, plain-text
widgets that redraw only on change, and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, cast

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.visual import visualize
from textual.widgets import Header, Input, Static, Tree

from okrcoach.model import Finding
from okrcoach.settings import LLMSettings

BADGE_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# The header's icon (a click opens the command palette): `≡`, a character of the WGL4 set that every
# monospace font has (DejaVu Sans Mono, Consolas, Menlo, Courier New), so a served page draws it in
# any browser. Textual's own `⭘` is in none of them and shows as an empty box.
HEADER_ICON = "≡"


def header() -> Header:
    """Every screen's header: the app's title, no clock, the icon every browser's fonts can draw."""
    return Header(show_clock=False, icon=HEADER_ICON)


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


class KeysInOrder:
    """Mixin for a widget that takes keys: every key acts in the order it was typed, on the widget
    focused when its turn comes.

    The app hands a key to the widget focused when the key *arrives*; keys arriving in a burst
    (a loaded machine, a laggy `serve` websocket) all go to the widget that was focused then, and
    a binding runs only when its key has bubbled up to the app, after the widget has handled the
    keys behind it. So `e` (edit) followed by typing lost the typing to the tree, and `End` then
    typing inserted the typing before the cursor moved. Here a key whose widget lost focus to an
    earlier key goes on to the widget now focused, and a key the widget itself does not handle runs
    its binding at once, before the next key.
    """

    async def _on_key(self, event: events.Key) -> None:
        widget = cast(Any, self)
        focused = widget.screen.focused
        if focused is not None and focused is not widget:
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))

    async def handle_key(self, event: events.Key) -> bool:
        widget = cast(Any, self)
        if await super().handle_key(event):  # type: ignore[misc]
            return True
        await self.before_binding()
        if await widget.app._check_bindings(event.key):
            event.stop()
            return True
        return False

    async def before_binding(self) -> None:
        """Settle what earlier keys did before a binding acts on it (see `ElementInput`)."""


class OkrTree(KeysInOrder, Tree[Any]):
    """The review screen's tree of objectives and key results (keys act in typed order)."""


class ElementInput(KeysInOrder, Input):
    """An input that edits one element (objective or key result) at a time and says which.

    Keys can arrive in bursts (a loaded machine, a laggy `serve` websocket), so a change message
    may be handled after the form has moved on to another element. Each change is stamped with the
    element the input showed when the change happened (`changed_element`), and a value put in by
    the program (`show`) posts no change at all: a handler applies a change to the element it was
    typed for, never to whatever happens to be selected when it arrives.

    Its virtual size (the width of what it holds) changes with every character typed; for a plain
    `Input` that lays the whole screen out again, which on the review screen (a tree of a few
    hundred lines beside a form) cost more than judging the keystroke. The input's size is fixed
    by its style and its scrolling reads its own virtual size, so here the change only repaints
    the input and keeps its scroll position within the new width (`watch_virtual_size`); an input
    sized by its content still asks for a layout (Textual's `Input` does that itself).
    """

    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.element: object = None
        self.typed = 0  # number of the last change posted
        self.applied = 0  # number of the last change applied: an older one arriving later is stale

    def watch_virtual_size(self) -> None:
        self.scroll_x = self.validate_scroll_x(self.scroll_x)

    def show(self, value: str, element: object) -> None:
        """Show `element`'s value; a value shown is not a value typed, so no change is posted."""
        self.element = element
        with self.prevent(Input.Changed):
            self.value = value
        if not self.has_focus:
            self.cursor_position = 0  # a value shown, not being edited, reads from its start

    def post_message(self, message: Message) -> bool:
        if isinstance(message, Input.Changed) and message.input is self:
            self.typed += 1
            message.__dict__.update(element=self.element, number=self.typed)
        return super().post_message(message)

    async def before_binding(self) -> None:
        """A binding (save, quit, undo…) runs now, in key order, so the change typed before it is
        applied now too, instead of when its message arrives."""
        if self.applied < self.typed:
            change = Input.Changed(self, self.value)
            change.__dict__.update(element=self.element, number=self.typed)
            apply = getattr(self.screen, "apply_change", None)
            if apply is not None:
                apply(change)

    def take(self, event: Input.Changed) -> bool:
        """Whether `event` is news: not a change already superseded by a later one applied."""
        number = event.__dict__.get("number", 0)
        if number <= self.applied:
            return False
        self.applied = number
        return True


def changed_element(event: Input.Changed) -> object:
    """The element an `ElementInput` showed when this change was typed (None for another input)."""
    return event.__dict__.get("element")


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

    def show_state(
        self, settings: Optional[LLMSettings], tokens: int, findings: list[Finding], dirty: bool, path: Optional[Path], language: str = "en", busy: str = "", ai_off: Optional[str] = None
    ) -> None:
        """In `language`, the set's: the findings counted (`0 fejl  5 advarsler  0 info`) and the state;
        `busy` first, while the AI works (a small local model can take minutes); `ai_off`, why
        the AI cannot be asked, in place of the model (improve is not offered then)."""
        from okrcoach.i18n import text as words

        from .words import ui

        text = Text()
        if busy:
            text.append(busy + "  ·  ", style="bold cyan")
        if ai_off is not None:
            text.append(ai_off, style="dim")
        elif settings is not None and not settings.problems():
            text.append(f"{settings.effective_model} @ {settings.base_url or 'api.openai.com'}", style="bold")
        else:
            text.append(ui("status-no-llm", language), style="dim")
        text.append("  ·  " + ui("status-tokens", language, count=tokens) + "  ·  ")
        counts = {level: sum(1 for f in findings if f.level.value == level) for level in ("error", "warning", "info")}
        text.append(words("report.counts", language, **counts), style="bold red" if counts["error"] else ("yellow" if counts["warning"] else "green"))
        text.append("  ·  ")
        text.append(shown_path(path) if path else ui("status-not-saved", language))
        if dirty:
            text.append("  " + ui("status-modified", language), style="bold yellow")
        self.show(text)
