"""Every action of the TUI, declared once: its key, title, description and where it is available.

The app's and each screen's key bindings, the command palette's entries and the help screen are
all derived from `ACTIONS`, so a key cannot be added without a palette entry and a help line, and
the help cannot name a key the app does not have. The modal dialogs' answer keys (y/n, escape) are
printed on their own buttons and are not part of this table.

A context is where an action is available: `app` (every screen) or one screen's `CONTEXT`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator, Optional

from textual.binding import Binding, BindingType

# The help screen's sections, in order, with their headings.
SECTIONS = {"app": "Everywhere", "home": "Home", "brief": "Draft", "review": "Review", "progress": "Progress"}


@dataclass(frozen=True)
class Action:
    """One thing the user can do, and the one place that says how."""

    id: str  # unique: "<context>.<name>"
    action: str  # the Textual action run: a method `action_<name>` of the screen, or `app.<name>`
    keys: str  # Textual key names, comma-separated: "question_mark,f1"
    title: str  # footer label and palette title
    description: str  # palette help text and the help screen's line
    contexts: tuple[str, ...]
    footer: bool = True  # shown in the footer
    hidden_in: tuple[str, ...] = ()  # contexts whose footer leaves it out although `footer` is set
    priority: bool = False  # runs before the focused widget sees the key
    palette: bool = True  # focus moves only make sense from the keyboard: the palette takes focus
    served_only: bool = False  # only for `okrcoach serve` visitors (bound when the screen mounts)
    everywhere: bool = False  # in every screen's palette, run as the app's action of the same name
    key_label: Optional[str] = None  # how the help names the keys, when not derived from `keys`
    # A browser at 1280×800 gives `okrcoach serve` about 130 columns: served footers use shorter
    # labels and leave out what the palette and help still offer, so every entry (Download too) shows.
    served_title: Optional[str] = None  # the served footer's label, when shorter than `title`
    served_footer: bool = True  # shown in a served footer (when `footer` is set)

    def binding(self, context: str) -> Binding:
        show = self.footer and context not in self.hidden_in
        return Binding(self.keys, self.action_in(context), self.title, show=show, priority=self.priority, id=self.id)

    def served_binding(self, context: str) -> Binding:
        """The binding as a served screen shows it: its shorter label, or left out of the footer."""
        binding = self.binding(context)
        return replace(binding, description=self.served_title or self.title, show=binding.show and self.served_footer)

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
    description: str


ACTIONS: tuple[Action, ...] = (
    # -- everywhere ---------------------------------------------------------------------------
    Action("app.help", "app.help", "question_mark,f1", "Help", "this help: keys and LLM setup", ("app", "home", "brief", "review", "progress"), hidden_in=("brief", "review", "progress")),
    # Not priority: keys typed before it reach their field first, so quitting right after typing
    # still sees (and keeps) every key.
    Action("app.quit", "app.quit_app", "ctrl+q", "Quit", "quit (asks when there are unsaved changes)", ("app",)),
    # -- home ---------------------------------------------------------------------------------
    # From the palette these run anywhere, on the app (a new draft there brings back the last brief).
    Action("home.new_draft", "new_draft", "n", "New draft", "new draft from a goal", ("home",), everywhere=True),
    Action("home.open_file", "app.open_file", "o", "Open file", "open an OKR file", ("home",), everywhere=True),
    Action("home.examples", "app.examples", "w", "Workshop examples", "workshop examples (good and flawed sets from the library)", ("home",), everywhere=True),
    # -- brief / draft ------------------------------------------------------------------------
    # Not priority: these keys queue behind the keys typed before them, so a fast typist (or a
    # browser sending a burst) drafts from the brief as typed, period included.
    Action("brief.generate", "generate", "ctrl+g", "Generate", "generate a draft with the configured LLM", ("brief",)),
    # Browsers keep ctrl+t (a new tab) for themselves, so `okrcoach serve` visitors use ctrl+o.
    Action("brief.offline", "offline", "ctrl+t,ctrl+o", "Offline template", "offline template draft, no LLM (in a browser: ctrl+o)", ("brief",), key_label="ctrl+t"),
    Action("brief.cancel_or_back", "cancel_or_back", "escape", "Cancel/back", "cancel a running draft, or go back home", ("brief",)),
    # Priority, so focus moves before the next typed key is delivered: fast typing or a paste of
    # "goal<tab>team" must not land in the goal box.
    Action("brief.next_field", "app.focus_next", "tab", "Next field", "next field (goal, team, period, …)", ("brief",), footer=False, priority=True, palette=False),
    Action("brief.previous_field", "app.focus_previous", "shift+tab", "Previous field", "previous field", ("brief",), footer=False, priority=True, palette=False),
    # -- review -------------------------------------------------------------------------------
    # Not priority, and in a fixed order: keys behind a Tab (End, typing) land in the field it
    # moved to, even when the key result's fields appeared with the same burst of keys.
    Action("review.next_field", "next_field(1)", "tab", "Next field", "next field (text, baseline, target, unit, deadline)", ("review",), footer=False, palette=False),
    Action("review.previous_field", "next_field(-1)", "shift+tab", "Previous field", "previous field", ("review",), footer=False, palette=False),
    Action("review.edit", "edit", "e", "Edit", "edit the selected text (re-judged as you type)", ("review",)),
    Action("review.add_key_result", "add_key_result", "a", "Add KR", "add a key result after the selection", ("review",)),
    Action("review.add_objective", "add_objective", "o", "Add objective", "add an objective", ("review",), served_title="Add obj"),
    Action("review.delete", "delete", "delete", "Delete", "delete the selected element (ctrl+z brings it back)", ("review",)),
    Action("review.move_up", "move(-1)", "alt+up", "Move up", "move the selected element up", ("review",), footer=False, key_label="alt+↑"),
    Action("review.move_down", "move(1)", "alt+down", "Move down", "move the selected element down", ("review",), footer=False, key_label="alt+↓"),
    # Not priority: undo, redo and save queue behind the keys typed before them (no text box
    # binds these keys), so a save right after typing saves what was typed.
    Action("review.undo", "undo", "ctrl+z", "Undo", "undo the last change", ("review",), served_footer=False),
    Action("review.redo", "redo", "ctrl+y", "Redo", "redo the change undone last", ("review",), served_footer=False),
    Action("review.improve", "improve", "i", "Improve with AI", "improve the selected element with AI", ("review",), served_title="Improve"),
    Action("review.save", "save", "ctrl+s", "Save", "save to the current file", ("review",)),
    Action("review.save_as", "save_as", "S", "Save as", "save as another file or format (.okr.yaml, .okr.md, .okr.json, .okr.csv)", ("review",)),
    Action("review.progress", "progress", "p", "Progress", "progress, grades and what is at risk", ("review",)),
    Action("review.checkin", "checkin", "c", "Check in", "check in on the selected key result (value, confidence, note)", ("review",)),
    Action("review.back", "back", "escape", "Back", "from a field to the tree; from the tree home", ("review",), footer=False),
    Action("review.download", "download", "d", "Download", "download the saved file (in a browser)", ("review",), served_only=True),
    # -- progress -----------------------------------------------------------------------------
    Action("progress.close", "close", "escape", "Close", "back to review", ("progress",)),
    Action("progress.focus_date", "focus_date", "d", "Change date", "change the date the progress is shown at", ("progress",)),
)

KEY_NOTES: tuple[KeyNote, ...] = (
    KeyNote("app", "ctrl+p", "command palette (every action is there)"),
    KeyNote("app", "escape", "back one screen (closes this help)"),
    KeyNote("home", "enter", "open the selected menu entry or recent file"),
    KeyNote("review", "↑ ↓ enter", "select an objective or key result"),
)

LLM_SETUP = """\
LLM setup
  OpenAI:  export OPENAI_API_KEY=sk-…
  Ollama:  export OKRCOACH_BASE_URL=http://localhost:11434/v1 OKRCOACH_MODEL=llama3.1
  Check it with `okrcoach doctor`."""


def actions_in(context: str, served: bool = False) -> Iterator[Action]:
    """The actions available in one context, in table order."""
    for action in ACTIONS:
        if context in action.contexts and (served or not action.served_only):
            yield action


def bindings(context: str) -> list[BindingType]:
    """The key bindings of a context, its own actions first (the footer's order); served-only
    actions are bound by the screen when it is served."""
    available = list(actions_in(context))
    own = [action for action in available if action.contexts[0] == context]
    shared = [action for action in available if action.contexts[0] != context]
    return [action.binding(context) for action in own + shared]


def served_actions(context: str) -> list[Action]:
    return [action for action in ACTIONS if context in action.contexts and action.served_only]


def palette_actions(context: str, served: bool = False) -> list[Action]:
    """The palette's entries on a screen of `context`: its own actions, the app's, and those
    offered everywhere."""
    return [action for action in ACTIONS if action.palette and (served or not action.served_only) and (context in action.contexts or "app" in action.contexts or action.everywhere)]


def help_text() -> str:
    """The help screen: every action's keys and description, section by section."""
    lines = ["okrcoach — keys"]
    for context, heading in SECTIONS.items():
        lines.append("")
        lines.append(heading)
        entries = [(note.keys, note.description) for note in KEY_NOTES if note.context == context]
        entries += [(action.help_keys(), action.description) for action in ACTIONS if action.contexts[0] == context]
        for keys, description in entries:
            lines.append(f"  {keys:<13} {description}")
    lines.append("")
    lines.append(LLM_SETUP)
    return "\n".join(lines) + "\n"
