"""Tell the format of OKR text that has no file name (`okrcoach lint -`): JSON, CSV, Markdown or YAML.

In order: a JSON object (or array) is JSON; a first line of delimited cells that names a known
column (`objective`, `key result`, `Mål`, …) is CSV; text whose YAML is a mapping is YAML (a YAML
comment looks like a Markdown heading, so the parse decides); text with Markdown headings, list
items or tables (front matter allowed) is Markdown; anything else is read as YAML, whose reader
then says what is wrong and on which line.
"""

from __future__ import annotations

import json
import re

# List markers: Markdown's, and the bullets a Word, Google Docs, Outlook or Slack paste brings
# (`•`, `◦`, `▪`, `–`, Word's Symbol-font bullet as `·` or U+F0B7), which people keep in .md files.
BULLETS = "-*+•◦▪▫‣⁃●○■□►▸➢➤–·\uf0b7\uf0a7"
_MD_LINE = re.compile(rf"^(?:#{{1,6}}\s+\S|\s{{0,3}}(?:[{re.escape(BULLETS)}]|\d{{1,3}}[.)])\s+\S|\s*\|.*\|\s*$)")
_YAML_KEY = re.compile(r"^[^\s#\-|{\[][^:]*:(?:\s|$)")


def sniff_text(text: str, fallback: str = "yaml") -> str:
    """The format of decoded `text`: "json", "csv", "md" or "yaml"; `fallback` when nothing tells.
    Standard input falls back to YAML, whose reader says what is wrong and where; a `.txt` file to
    Markdown, whose reader knows plain-text pastes (a title line, `Objective:` lines and lines)."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "json"
    if stripped.startswith("["):
        try:
            json.loads(stripped)
            return "json"
        except ValueError:
            pass
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return fallback
    if _is_csv(lines):
        return "csv"
    if _yaml_mapping(text):
        return "yaml"
    if any(_MD_LINE.match(line) for line in _without_front_matter(text.splitlines())):
        return "md"
    return fallback


def _without_front_matter(lines: list[str]) -> list[str]:
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return lines[index + 1 :]
    return lines


def _yaml_mapping(text: str) -> bool:
    """Whether the text is one YAML document holding a mapping (cheap: no traversal of aliases)."""
    import yaml

    if not any(_YAML_KEY.match(line) for line in text.splitlines()):
        return False
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return False
    return isinstance(node, yaml.MappingNode)


_PREAMBLE_LINES = 11  # a sheet's header row is looked for this far down, as the CSV reader does


def _is_csv(lines: list[str]) -> bool:
    """A header line of delimited cells naming a known column, within the first lines (a
    spreadsheet may put a table name, a `Team: Sales` row padded to the used range with `;;;`, or
    `sep=;` above it)."""
    for line in lines[:_PREAMBLE_LINES]:
        if re.match(r'^\s*"?sep=.\"?\s*$', line, re.I):
            return True
        padded = re.search(r"[;,\t]{2,}\s*$", line)  # a spreadsheet row, whatever its first cell looks like
        if not padded and (_MD_LINE.match(line) or _YAML_KEY.match(line) and not line.lstrip().startswith('"')):
            return False
        if _header(line):
            return True
    return False


def _header(line: str) -> bool:
    import csv

    from .build import canonical_key
    from .csv_format import _sniff as csv_delimiter
    from .vocabulary import vocabulary

    delimiter = csv_delimiter(line)
    if delimiter is None:
        return False

    cells = next(csv.reader([line], delimiter=delimiter), [])
    columns = vocabulary().columns
    return len(cells) >= 2 and any(canonical_key(cell.strip()) in columns for cell in cells)
