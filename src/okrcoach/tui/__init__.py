"""The Textual front end: draft, review and improve OKRs interactively.

Importing it makes Rich and Textual show control characters from files and models as visible
symbols instead of sending them to the terminal (`okrcoach.terminal.guard_rich_rendering`), so
no screen of the app can be retitled, cleared or scrambled by the text it shows.
"""

from okrcoach.terminal import guard_rich_rendering

guard_rich_rendering()
