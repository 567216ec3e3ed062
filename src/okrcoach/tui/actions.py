"""Every action of the TUI, declared once: its key, where it is available, and (in the catalogue,
`tui.action.<id>`) its title and description in every language.

The app's and each screen's key bindings, the command palette's entries and the help screen are
all derived from `ACTIONS`, so a key cannot be added without a palette entry and a help line, and
the help cannot name a key the app does not have. The modal dialogs' answer keys (y/n, escape) are
printed on their own buttons and are not part of this table. The keys are the same in every
language; only the words change.

A context is where an action is available: `app` (every screen) or one screen's `CONTEXT`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator, Optional

from textual.binding import Binding, BindingType

from okrcoach.i18n import SOURCE_LANGUAGE, translation

from .words import ui

# The help screen's sections, in order (their headings are `tui.help-section`).
SECTIONS = ("app", "home", "brief", "review", "progress")


@dataclass(frozen=True)
class Action:
    """One thing the user can do, and the one place that says how."""

    id: str  # unique: "<context>.<name>"; its words are `tui.action.<id>.title|served|description`
    action: str  # the Textual action run: a method `action_<name>` of the screen, or `app.<name>`
    keys: str  # Textual key names, comma-separated: "question_mark,f1"
    contexts: tuple[str, ...]
    footer: bool = True  # shown in the footer
    hidden_in: tuple[str, ...] = ()  # contexts whose footer leaves it out although `footer` is set
    priority: bool = False  # runs before the focused widget sees the key
    palette: bool = True  # focus moves only make sense from the keyboard: the palette takes focus
    served_only: bool = False  # only for `okrcoach serve` visitors (bound when the screen mounts)
    everywhere: bool = False  # in every screen's palette, run as the app's action of the same name
    key_label: Optional[str] = None  # how the help names the keys, when not derived from `keys`
    # A browser at 1280×800 gives `okrcoach serve` about 130 columns: served footers use shorter
    # labels (`tui.action.<id>.served`) and leave out what the palette and help still offer, so
    # every entry (Download and Quit too) shows in each of the six languages.
    served_footer: bool = True  # shown in a served footer (when `footer` is set)
    served_key: Optional[str] = None  # the one of `keys` a served footer shows, where a browser keeps the others

    def title_in(self, language: str) -> str:
        """The footer label and palette title in `language`."""
        return ui(f"action.{self.id}.title", language)

    def served_title_in(self, language: str) -> str:
        """The served footer's label: shorter where the language's catalogue has a shorter one."""
        if translation(f"tui.action.{self.id}.served", language) is None:
            return self.title_in(language)
        return ui(f"action.{self.id}.served", language)

    def description_in(self, language: str) -> str:
        """The palette's help text and the help screen's line in `language`."""
        return ui(f"action.{self.id}.description", language)

    @property
    def title(self) -> str:
        return self.title_in(SOURCE_LANGUAGE)

    @property
    def served_title(self) -> str:
        return self.served_title_in(SOURCE_LANGUAGE)

    @property
    def description(self) -> str:
        return self.description_in(SOURCE_LANGUAGE)

    def binding(self, context: str, language: str = SOURCE_LANGUAGE) -> Binding:
        show = self.footer and context not in self.hidden_in
        return Binding(self.keys, self.action_in(context), self.title_in(language), show=show, priority=self.priority, id=self.id)

    def served_binding(self, context: str, language: str = SOURCE_LANGUAGE) -> Binding:
        """The binding as a served screen shows it: its shorter label, or left out of the footer."""
        binding = self.binding(context, language)
        return replace(binding, description=self.served_title_in(language), show=binding.show and self.served_footer)

    def action_in(self, context: str) -> str:
        """The action string as bound in `context`: app actions need their namespace on a screen."""
        if self.action.startswith("app.") and context == "app":
            return self.action.removeprefix("app.")
        return self.action

    def palette_action(self, context: str) -> str:
        """The action string the palette runs on a screen of `context`."""
        if self.everywhere:
            return "app." + self.action.removeprefix("app.")
        return self.action_in(context if context in self.contexts else "app")

    def help_keys(self) -> str:
        if self.key_label:
            return self.key_label
        names = {"question_mark": "?", "delete": "delete", "escape": "escape"}
        return "  ".join(names.get(key.strip(), key.strip()) for key in self.keys.split(","))


@dataclass(frozen=True)
class KeyNote:
    """A key a widget handles itself (the tree's arrows, the palette's ctrl+p): help only."""

    context: str
    keys: str
    note: str  # `tui.key-note.<note>`

    def description_in(self, language: str) -> str:
        return ui(f"key-note.{self.note}", language)

    @property
    def description(self) -> str:
        return self.description_in(SOURCE_LANGUAGE)


ACTIONS: tuple[Action, ...] = (
    # -- everywhere ---------------------------------------------------------------------------
    Action("app.help", "app.help", "question_mark,f1", ("app", "home", "brief", "review", "progress"), hidden_in=("brief", "review", "progress")),
    # Not priority: keys typed before it reach their field first, so quitting right after typing
    # still sees (and keeps) every key.
    Action("app.quit", "app.quit_app", "ctrl+q", ("app",)),
    # -- home ---------------------------------------------------------------------------------
    # From the palette these run anywhere, on the app (a new draft there brings back the last brief).
    Action("home.new_draft", "new_draft", "n", ("home",), everywhere=True),
    Action("home.open_file", "app.open_file", "o", ("home",), everywhere=True),
    Action("home.examples", "app.examples", "w", ("home",), everywhere=True),
    # -- brief / draft ------------------------------------------------------------------------
    # Not priority: these keys queue behind the keys typed before them, so a fast typist (or a
    # browser sending a burst) drafts from the brief as typed, period included.
    Action("brief.generate", "generate", "ctrl+g", ("brief",)),
    # Browsers keep ctrl+t (a new tab) for themselves, so `okrcoach serve` visitors use ctrl+o.
    Action("brief.offline", "offline", "ctrl+t,ctrl+o", ("brief",), key_label="ctrl+t", served_key="ctrl+o"),
    # After a timeout, what the model had streamed becomes a draft. Not in a served footer: a
    # browser keeps ctrl+r (reload) for itself, and the button beside the preview does the same.
    Action("brief.keep_streamed", "keep_streamed", "ctrl+r", ("brief",), served_footer=False),
    Action("brief.cancel_or_back", "cancel_or_back", "escape", ("brief",)),
    # Priority, so focus moves before the next typed key is delivered: fast typing or a paste of
    # "goal<tab>team" must not land in the goal box.
    Action("brief.next_field", "app.focus_next", "tab", ("brief",), footer=False, priority=True, palette=False),
    Action("brief.previous_field", "app.focus_previous", "shift+tab", ("brief",), footer=False, priority=True, palette=False),
    # -- review -------------------------------------------------------------------------------
    # Not priority, and in a fixed order: keys behind a Tab (End, typing) land in the field it
    # moved to, even when the key result's fields appeared with the same burst of keys.
    Action("review.next_field", "next_field(1)", "tab", ("review",), footer=False, palette=False),
    Action("review.previous_field", "next_field(-1)", "shift+tab", ("review",), footer=False, palette=False),
    Action("review.edit", "edit", "e", ("review",)),
    Action("review.add_key_result", "add_key_result", "a", ("review",)),
    Action("review.add_objective", "add_objective", "o", ("review",)),
    Action("review.delete", "delete", "delete", ("review",)),
    Action("review.move_up", "move(-1)", "alt+up", ("review",), footer=False, key_label="alt+↑"),
    Action("review.move_down", "move(1)", "alt+down", ("review",), footer=False, key_label="alt+↓"),
    # Not priority: undo, redo and save queue behind the keys typed before them (no text box
    # binds these keys), so a save right after typing saves what was typed.
    Action("review.undo", "undo", "ctrl+z", ("review",), served_footer=False),
    Action("review.redo", "redo", "ctrl+y", ("review",), served_footer=False),
    Action("review.improve", "improve", "i", ("review",)),
    Action("review.save", "save", "ctrl+s", ("review",)),
    Action("review.save_as", "save_as", "S", ("review",), served_footer=False),
    Action("review.progress", "progress", "p", ("review",)),
    Action("review.checkin", "checkin", "c", ("review",), served_footer=False),
    Action("review.back", "back", "escape", ("review",), footer=False),
    Action("review.download", "download", "d", ("review",), served_only=True),
    # -- progress -----------------------------------------------------------------------------
    Action("progress.close", "close", "escape", ("progress",)),
    Action("progress.focus_date", "focus_date", "d", ("progress",)),
)

KEY_NOTES: tuple[KeyNote, ...] = (
    KeyNote("app", "ctrl+p", "palette"),
    KeyNote("app", "escape", "back"),
    KeyNote("home", "enter", "home-enter"),
    KeyNote("review", "↑ ↓ enter", "review-select"),
)

LLM_SETUP = """\
  OpenAI:  export OPENAI_API_KEY=sk-…
  Ollama:  export OKRCOACH_BASE_URL=http://localhost:11434/v1 OKRCOACH_MODEL=llama3.1"""

_BY_ID = {action.id: action for action in ACTIONS}


def actions_in(context: str, served: bool = False) -> Iterator[Action]:
    """The actions available in one context, in table order."""
    for action in ACTIONS:
        if context in action.contexts and (served or not action.served_only):
            yield action


def bindings(context: str) -> list[BindingType]:
    """The key bindings of a context, its own actions first (the footer's order); served-only
    actions are bound by the screen when it is served. Labels are English until the screen
    knows its language (`labels`)."""
    available = list(actions_in(context))
    own = [action for action in available if action.contexts[0] == context]
    shared = [action for action in available if action.contexts[0] != context]
    return [action.binding(context) for action in own + shared]


def labels(language: str, served: bool = False) -> dict[str, str]:
    """Every action's footer label in `language`, by action id (served footers' shorter ones when
    `served`)."""
    return {action.id: action.served_title_in(language) if served else action.title_in(language) for action in ACTIONS}


def action_by_id(action_id: str) -> Optional[Action]:
    return _BY_ID.get(action_id)


def served_actions(context: str) -> list[Action]:
    return [action for action in ACTIONS if context in action.contexts and action.served_only]


def palette_actions(context: str, served: bool = False) -> list[Action]:
    """The palette's entries on a screen of `context`: its own actions, the app's, and those
    offered everywhere."""
    return [action for action in ACTIONS if action.palette and (served or not action.served_only) and (context in action.contexts or "app" in action.contexts or action.everywhere)]


def help_text(language: str = SOURCE_LANGUAGE) -> str:
    """The help screen in `language`: every action's keys and description, section by section."""
    lines = [ui("help-title", language)]
    for context in SECTIONS:
        lines.append("")
        lines.append(ui("help-section", language, context=context))
        entries = [(note.keys, note.description_in(language)) for note in KEY_NOTES if note.context == context]
        entries += [(action.help_keys(), action.description_in(language)) for action in ACTIONS if action.contexts[0] == context]
        for keys, description in entries:
            lines.append(f"  {keys:<13} {description}")
    lines.append("")
    lines.append(ui("help-llm", language))
    lines.append(LLM_SETUP)
    lines.append("  " + ui("help-llm-check", language))
    return "\n".join(lines) + "\n"
