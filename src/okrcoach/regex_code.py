"""Compiled regex programs kept with the pre-built rubric, so a run does not compile them again.

Python compiles a regex in two steps: parsing and code generation in Python (`re._compiler`),
which is slow for the long word-class patterns, then `_sre.compile`, which turns the generated
program (a list of integers) into a pattern object at once. The program depends only on the
pattern, its flags and the Python version, like a `.pyc` file does on the source. So the
pre-built rubric stores the program of every lexicon class (`programs_in_chunks`: packed per
language, unpacked when a lexicon of that language first compiles, `use`), stamped with the
Python version and the regex engine's MAGIC number; `compile` builds a pattern from a stored
program when the stamp matches and compiles normally otherwise. The pattern object is the one
`re.compile` would give: same program, flags, groups and group names.

The patterns modules compile when they are imported (okrcoach's own, PyYAML's) cost a fresh
command about a fifth of a small lint. `write_seed` stores the programs of every pattern in `re`'s
own cache beside the pre-built rubric, and `seed`, called by the command line before it imports
anything else, puts them back in that cache, so each `re.compile` at import finds its pattern
there. A seed only ever holds what `re.compile` itself would build for this Python; a pattern it
lacks is compiled as usual.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from array import array
from typing import Any, Callable, Iterable, Optional

# The regex compiler's own modules, for every module that reads or builds regex programs: under
# `re` from Python 3.11, top-level modules in 3.10.
try:  # Python 3.11+
    from re import _compiler as sre_compile  # type: ignore[attr-defined]
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile  # type: ignore[no-redef]
    import sre_constants  # type: ignore[no-redef]  # noqa: F401 - for the modules that import it from here
    import sre_parse  # type: ignore[no-redef]

import _sre

STAMP = (sys.hexversion, getattr(_sre, "MAGIC", None), getattr(_sre, "CODESIZE", None))
# Programs are kept as the bytes of an `array` of code words: unpickling them is a copy, and only
# the patterns a run uses are turned back into the list `_sre.compile` takes.
_CODE_TYPE = {2: "H", 4: "I", 8: "Q"}.get(getattr(_sre, "CODESIZE", 4), "I")


class _StoredPrograms(dict):
    """Stored programs by (source, flags). Programs stored in chunks (`programs_in_chunks`: one per
    language of the pre-built rubric) stay packed until wanted: a chunk by name (`use`), and every
    chunk still packed when a program is looked for that none unpacked holds. A lint in one language
    then unpacks only that language's programs, and any other pattern still finds its program."""

    def __init__(self) -> None:
        super().__init__()
        self.packed: dict[str, Any] = {}  # a pack, or where its file is (`install`)

    def use(self, name: str) -> None:
        data = self.packed.pop(name, None)
        if isinstance(data, tuple):
            self.update(_pack_in_file(*data))
        elif data is not None:
            self.update(marshal.loads(data))

    def _unpack_all(self) -> bool:
        if not self.packed:
            return False
        for name in list(self.packed):
            self.use(name)
        return True

    def __missing__(self, key):
        if self._unpack_all():
            return self[key]
        raise KeyError(key)

    def get(self, key, default=None):  # type: ignore[override]
        value = dict.get(self, key)
        if value is None and self._unpack_all():
            value = dict.get(self, key)
        return default if value is None else value

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or (self._unpack_all() and dict.__contains__(self, key))


_PROGRAMS = _StoredPrograms()


def _pack_in_file(path: str, token: object) -> dict:
    """The programs of the pack stored in a file by `write_pack` with this `token`, else none
    (missing, unreadable, or written by another build: its patterns are then compiled as usual)."""
    try:
        with open(path, "rb") as handle:
            if marshal.load(handle) != token:
                return {}
            programs = marshal.load(handle)
    except Exception:  # noqa: BLE001 - unreadable or from other code
        return {}
    return programs if isinstance(programs, dict) else {}


def write_pack(path: "os.PathLike[str] | str", token: object, pack: bytes) -> bool:
    """Store one pack of `programs_in_chunks` at `path` (atomically) after `token` (the pre-built
    rubric's digest), for `install`; False when it cannot be written."""
    return _store_bytes(path, marshal.dumps(token) + pack)


def _store_bytes(path: "os.PathLike[str] | str", data: bytes) -> bool:
    """Write `data` to `path` atomically (`okrcoach.files`, loaded only when something is stored);
    False when it cannot be written (a read-only installation: the programs are then compiled as
    usual)."""
    from okrcoach.files import atomic_write_bytes

    try:
        atomic_write_bytes(path, data, durable=False)
    except OSError:
        return False
    return True


# The seed's file, beside the pre-built rubric (`okrcoach.rubric.prebuilt` writes it).
SEED_NAME = "prebuilt-patterns.marshal"


def _pattern(source: str, stored: tuple[int, bytes, int, dict[str, int], tuple[Optional[str], ...]]) -> re.Pattern:
    """The pattern object of a stored program (as `re.compile(source)` would build it)."""
    flags, code, groups, groupindex, indexgroup = stored
    return _sre.compile(source, flags, array(_CODE_TYPE, code).tolist(), groups, groupindex, indexgroup)


def program(source: str, flags: int = 0, code_of: Optional[Callable[[Any, int], list[int]]] = None) -> tuple[int, bytes, int, dict[str, int], tuple[Optional[str], ...]]:
    """The program `re.compile(source, flags)` builds, as plain data (what `_sre.compile` takes).
    `code_of(parsed, flags)` makes the code instead of `re`, for a program that matches the same
    (the lexicon classes' `okrcoach.rubric.lexicon.dispatch_code`)."""
    parsed = sre_parse.parse(source, flags)
    code = (code_of or sre_compile._code)(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[Optional[str]] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, array(_CODE_TYPE, code).tobytes(), parsed.state.groups - 1, groupindex, tuple(indexgroup)


def programs_for(sources: Iterable[str], code_of: Optional[Callable[[Any, int], list[int]]] = None) -> dict[str, Any]:
    """Stored programs for these regex sources (their code made by `code_of`, see `program`),
    stamped with this Python; {} if it cannot tell."""
    programs = {}
    try:
        for source in sources:
            programs[(source, 0)] = program(source, 0, code_of)
    except Exception:  # noqa: BLE001 - an internal API changed: patterns are compiled as usual
        return {}
    return {"stamp": STAMP, "programs": programs}


def programs_in_chunks(sources: dict[str, Iterable[str]], code_of: Optional[Callable[[Any, int], list[int]]] = None) -> dict[str, Any]:
    """`programs_for` the sources of each named chunk (a language's patterns), each chunk packed
    on its own (`install`, `use`); a source in several chunks is compiled once, stored in each."""
    made: dict[str, Any] = {}
    try:
        chunks = {}
        for name, chunk_sources in sources.items():
            programs = {}
            for source in chunk_sources:
                if source not in made:
                    made[source] = program(source, 0, code_of)
                programs[(source, 0)] = made[source]
            chunks[name] = marshal.dumps(programs)
    except Exception:  # noqa: BLE001 - an internal API changed: patterns are compiled as usual
        return {}
    return {"stamp": STAMP, "chunks": chunks}


def compiled_patterns() -> list[tuple[str, int]]:
    """The text patterns (source, flags) in `re`'s cache now: what this process has compiled."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return []
    return [(key[1], key[2]) for key in list(cache) if isinstance(key, tuple) and len(key) == 3 and key[0] is str and isinstance(key[2], int) and not key[2] & re.DEBUG]


def write_seed(path: "os.PathLike[str] | str", patterns: Iterable[tuple[str, int]]) -> bool:
    """Store the programs of `patterns` (from `compiled_patterns`) at `path`, for `seed`; False
    when they cannot be made or written."""
    programs = {}
    try:
        for source, flags in patterns:
            programs[(source, int(flags))] = program(source, int(flags))
        data = marshal.dumps({"stamp": STAMP, "programs": programs})
    except Exception:  # noqa: BLE001 - an internal API changed: no seed, patterns compile as usual
        return False
    return _store_bytes(path, data)


_command_start = False


def start_patterns() -> Optional[list[tuple[str, int]]]:
    """The patterns compiled so far by a command started from the command line (`seed` called
    with `command_start`), to be its seed; None in any other process (a test run, a program
    using okrcoach as a library) and once the TUI is loaded: their caches hold patterns a command
    never compiles at its start, and a seed that large costs more to load than it saves."""
    if not _command_start or "textual" in sys.modules:
        return None
    return compiled_patterns()


def seed(path: "os.PathLike[str] | str", command_start: bool = False) -> int:
    """Put the patterns stored at `path` by `write_seed` into `re`'s cache, when they were made by
    this Python; how many. A missing, foreign or broken file seeds nothing. `command_start`: this
    is the command line starting (not a test importing it), so its patterns may seed later runs."""
    global _command_start
    _command_start = command_start and "_pytest" not in sys.modules
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return 0
    try:
        with open(path, "rb") as handle:
            stored = marshal.load(handle)
        if not isinstance(stored, dict) or stored.get("stamp") != STAMP:
            return 0
        room = getattr(re, "_MAXCACHE", 512) - len(cache)
        seeded = 0
        for (source, flags), program_data in stored["programs"].items():
            if seeded >= room:
                break
            key = (str, source, flags)
            if key not in cache:
                cache[key] = _pattern(source, program_data)
                seeded += 1
        return seeded
    except Exception:  # noqa: BLE001 - unreadable, or made by other code: patterns compile as usual
        return 0


def install(stored: Optional[dict[str, Any]], folder: "os.PathLike[str] | str | None" = None, token: object = None) -> None:
    """Make stored programs (`programs_for`, `programs_in_chunks`) available to `compile` when they
    were made by this Python; chunks stay packed until used. `chunk_files` names, by chunk, the
    file in `folder` its pack was written to (`write_pack`, with `token`): read only when used."""
    if stored and stored.get("stamp") == STAMP:
        _PROGRAMS.update(stored.get("programs") or {})
        _PROGRAMS.packed.update(stored.get("chunks") or {})
        if folder is not None:
            for name, file_name in (stored.get("chunk_files") or {}).items():
                _PROGRAMS.packed[name] = (os.path.join(folder, file_name), token)


def use(chunk: str) -> None:
    """Unpack the stored programs of one chunk (a language's patterns) now, if still packed: the
    patterns a lexicon compiles then find theirs without unpacking every other language's."""
    if _PROGRAMS.packed:
        _PROGRAMS.use(chunk)


def compile(source: str) -> re.Pattern:
    """`re.compile(source)`, from a stored program when there is one for this Python."""
    stored = _PROGRAMS.get((source, 0))
    if stored is not None:
        try:
            return _pattern(source, stored)
        except Exception:  # noqa: BLE001 - a program this engine rejects: compile the source
            _PROGRAMS.pop((source, 0), None)
    return re.compile(source)
