"""The terminal UI's own words in the user's language: `tui.<key>` templates of the catalogue.

A screen about an OKR set speaks the set's language (declared, else detected, as `okrcoach lint`
decides it); the home screen, the brief form and a new empty draft speak the app's language
(`okrcoach tui --language`, else the config's `language`, else English). Key names (ctrl+s,
escape, y/n) are the same in every language: the bindings never change, only their labels.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from okrcoach.i18n import text


def ui(key: str, language: str, /, **params: Any) -> str:
    """`tui.<key>` in `language` (English where a catalogue lacks it)."""
    return text(f"tui.{key}", language, **params)


def relabel(node: Any, labels: Mapping[str, str]) -> bool:
    """Give `node`'s key bindings the labels in `labels` (by binding id, else by action); True if
    any label changed. The lists are replaced, never changed in place: a class's are shared by
    every instance."""
    keymap = node._bindings.key_to_bindings
    changed = False
    for key, found in list(keymap.items()):
        renamed = []
        for binding in found:
            label = labels.get(binding.id or "", labels.get(binding.action))
            if label is not None and label != binding.description:
                binding = replace(binding, description=label)
                changed = True
            renamed.append(binding)
        keymap[key] = renamed
    return changed
