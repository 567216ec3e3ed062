"""Terminal safety: text from a file or a model never acts on the terminal that shows it.

An OKR file, a file name or a model's reply can carry escape sequences (`ESC ] 0 ; … BEL` retitles
the window, `ESC [ 2 J` clears the screen), C1 controls, bidirectional overrides that reorder what
is shown, or lone surrogates that cannot be written at all. `printable` is the one neutraliser:
every text for people passes through it before a terminal sees it. It maps each such character to
one visible character (a control picture such as ␛, or �), so what the file holds stays visible
and column widths stay put. JSON keeps the text faithful instead, escaped (`dumps_json`).

`guarded_output` wraps standard output (on a terminal) and standard error for a whole command, so
a message someone forgot to pass through `printable` is still neutralised; only okrcoach's own
colours and its erase-line pass. `guard_rich_rendering` does the same for the TUI, inside Rich and
Textual, which strip a few controls but pass ESC.
"""

from __future__ import annotations

import contextlib
import re
import sys
from typing import Any, Iterator, TextIO

# Characters that must not reach a terminal raw: C0 controls (tab and newline are layout), DEL,
# C1 controls, bidirectional embeddings/overrides/isolates, and lone surrogates.
_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
# What the reading gate reports: the same, less carriage return (a Windows line end, not a threat
# in a file's values; `printable` still shows a lone one).
REPORTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, one column each
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


_PICTURES = {code: _picture(code) for code in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000)]}
_SINGLE_LINE = {**_PICTURES, 0x09: " ", 0x0A: " "}


def printable(text: str, single_line: bool = False) -> str:
    """`text` as it may be shown on a terminal: every unsafe character made visible and inert.

    Tabs and newlines stay (a CRLF becomes a newline) unless `single_line`, which turns them into
    spaces for one-line layouts. Anything else unsafe becomes one visible character in its place.
    """
    if not isinstance(text, str):
        text = str(text)
    if single_line:
        return text.replace("\r\n", "\n").translate(_SINGLE_LINE) if (UNSAFE.search(text) or "\n" in text or "\t" in text) else text
    if not UNSAFE.search(text):
        return text
    return text.replace("\r\n", "\n").translate(_PICTURES)


def control_kind(char: str) -> str:
    """What an unsafe character is, as a selector the message catalogues name in every language:
    `escape`, `bell`, … for the common controls, `c0`/`c1` for the other controls, the bidirectional
    format characters by their Unicode abbreviation (`rlo`, `lri`, …), `surrogate-byte` for a lone
    surrogate that stands for a byte of text that was not UTF-8 (see `surrogate_byte`), `surrogate`."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return "surrogate-byte"
    if 0xD800 <= code <= 0xDFFF:
        return "surrogate"
    return _KINDS.get(code) or ("c1" if 0x80 <= code <= 0x9F else "c0")


def surrogate_byte(char: str) -> str:
    """The byte a lone surrogate from `surrogateescape` decoding stands for, as `0xe6`."""
    return f"{ord(char) - 0xDC00:#04x}"


_KINDS = {
    0x00: "null",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical-tab",
    0x0C: "form-feed",
    0x0D: "carriage-return",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next-line",
    0x9B: "csi",
    0x9D: "osc",
    0x202A: "lre",
    0x202B: "rle",
    0x202C: "pdf",
    0x202D: "lro",
    0x202E: "rlo",
    0x2066: "lri",
    0x2067: "rli",
    0x2068: "fsi",
    0x2069: "pdi",
}


def dumps_json(data: Any, indent: int | None = 2) -> str:
    """JSON for tools: faithful to the text, with nothing a terminal would act on left raw.

    `json.dumps(ensure_ascii=False)` escapes C0 controls but leaves C1 controls, bidirectional
    overrides and lone surrogates raw (a surrogate cannot even be encoded as UTF-8); they are
    written as `\\uXXXX` escapes here, which every JSON reader turns back into the same text.
    """
    import json  # the machine formats only; a text report never needs it

    try:
        text = _indented(data, indent) if indent is not None else json.dumps(_decoded(data), ensure_ascii=False)
    except _NotPlain:
        text = json.dumps(_decoded(data), ensure_ascii=False, indent=indent)
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JsonText(str):
    """A value already written as JSON, laid out as `dumps_json` (`json.dumps(value,
    ensure_ascii=False, indent=2)`) lays it out at nesting `level`, for `dumps_json` to place as it
    stands, indented further if it goes deeper: a renderer that writes thousands of values of one
    shape fills a template for each instead of having every one walked. Any other layout reads
    it back first (`_decoded`)."""

    indent = 2

    def __new__(cls, text: str, level: int = 0) -> "JsonText":
        made = super().__new__(cls, text)
        made.level = level
        return made


def _decoded(data: Any) -> Any:
    """`data` with every `JsonText` read back into the value it stands for."""
    import json

    kind = type(data)
    if kind is JsonText:
        return json.loads(data)
    if kind is dict:
        return {key: _decoded(value) for key, value in data.items()}
    if kind is list or kind is tuple:
        return [_decoded(value) for value in data]
    return data


_SCALARS = frozenset({str, int, float, bool, type(None)})


class _NotPlain(Exception):
    """Data `_indented` leaves to `json.dumps`: another type, a key that is not text, deep nesting."""


def _indented(data: Any, indent: int) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=indent)`, character for character, for plain
    data (dicts with text keys, lists, tuples, text, numbers, booleans, None).

    `json.dumps` with an indent runs its pure-Python encoder, one generator step per token: the
    JSON report of a 5,000 key-result file took longer than linting it. Here a container whose
    items are all scalars (a finding, a location) is written by json's C encoder in one call, its
    item separator carrying the line break and indentation; the rest is laid out here, each text
    quoted by json's C quoting.
    """
    from json.encoder import c_make_encoder
    from json.encoder import encode_basestring as quote

    pad = " " * indent
    out: list[str] = []
    append = out.append
    flat_encoders: dict[int, Any] = {}

    def flat(value: Any, level: int) -> bool:
        """Write a non-empty container of scalars at `level` in one C call; False if it is not one."""
        if c_make_encoder is None or not _SCALARS.issuperset(map(type, value.values() if type(value) is dict else value)):
            return False
        encoder = flat_encoders.get(level)
        if encoder is None:
            encoder = flat_encoders[level] = c_make_encoder(None, None, quote, None, ": ", ",\n" + pad * (level + 1), False, False, True)
        written = "".join(encoder(value, 0))
        append(written[0] + "\n" + pad * (level + 1) + written[1:-1] + "\n" + pad * level + written[-1])
        return True

    def write(value: Any, level: int) -> None:
        kind = type(value)
        if kind is str:
            append(quote(value))
        elif kind is JsonText:
            if indent != JsonText.indent or value.level > level:
                raise _NotPlain
            append(value if value.level == level else value.replace("\n", "\n" + pad * (level - value.level)))
        elif kind is dict:
            if not value:
                append("{}")
                return
            if flat(value, level):
                return
            if level > 200:
                raise _NotPlain
            separator = ",\n" + pad * (level + 1)
            append("{\n" + pad * (level + 1))
            first = True
            for key, item in value.items():
                if type(key) is not str:
                    raise _NotPlain
                if not first:
                    append(separator)
                first = False
                if type(item) is str:  # most values: one piece, no call
                    append(quote(key) + ": " + quote(item))
                else:
                    append(quote(key) + ": ")
                    write(item, level + 1)
            append("\n" + pad * level + "}")
        elif kind is list or kind is tuple:
            if not value:
                append("[]")
                return
            if flat(value, level):
                return
            if level > 200:
                raise _NotPlain
            separator = ",\n" + pad * (level + 1)
            append("[\n" + pad * (level + 1))
            first = True
            for item in value:
                if not first:
                    append(separator)
                first = False
                if type(item) is str:
                    append(quote(item))
                else:
                    write(item, level + 1)
            append("\n" + pad * level + "]")
        elif value is None:
            append("null")
        elif value is True:
            append("true")
        elif value is False:
            append("false")
        elif kind is int:
            append(int.__repr__(value))
        elif kind is float:
            if value != value:
                append("NaN")
            elif value in (float("inf"), float("-inf")):
                append("Infinity" if value > 0 else "-Infinity")
            else:
                append(float.__repr__(value))
        else:
            raise _NotPlain

    write(data, 0)
    return "".join(out)


# okrcoach's own sequences: colours (SGR) and the live progress line's erase-line.
_OWN_SEQUENCE = re.compile(r"\x1b\[[0-9;]*m|\r\x1b\[K")


def neutralise_output(text: str) -> str:
    """Text on its way to a terminal with only okrcoach's own colour and erase-line sequences kept."""
    if not UNSAFE.search(text):
        return text
    kept = _OWN_SEQUENCE.split(text)
    own = _OWN_SEQUENCE.findall(text)
    parts = [printable(kept[0])]
    for sequence, rest in zip(own, kept[1:]):
        parts.append(sequence)
        parts.append(printable(rest))
    return "".join(parts)


class GuardedStream:
    """A text stream that neutralises everything written through it (see `neutralise_output`)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(neutralise_output(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """Neutralise standard error, and standard output when it is a terminal, for one command.

    Standard output that goes to a file or a pipe carries data (a draft, JSON, a diff) and is left
    as the command wrote it; every human-readable renderer passes its texts through `printable`.
    """
    out, err = sys.stdout, sys.stderr
    try:
        if err is not None and not isinstance(err, GuardedStream):
            sys.stderr = GuardedStream(err)  # type: ignore[assignment]
        if out is not None and not isinstance(out, GuardedStream) and _isatty(out):
            sys.stdout = GuardedStream(out)  # type: ignore[assignment]
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def guard_rich_rendering() -> None:
    """Make Rich and Textual show unsafe characters as pictures instead of sending them raw.

    Both libraries pass every text they render through one translation table that drops only
    BEL, BS, VT, FF and CR; ESC, C1 controls, bidirectional overrides and lone surrogates pass.
    The same mapping as `printable` is added to those tables (one character for one, so cursor
    positions in inputs stay right). Call it once in the TUI process, before the app runs.
    """
    import rich.control
    import textual.content

    for table in (rich.control._CONTROL_STRIP_TRANSLATE, textual.content._CONTROL_STRIP_TRANSLATE):
        for code, picture in _PICTURES.items():
            table.setdefault(code, picture)
