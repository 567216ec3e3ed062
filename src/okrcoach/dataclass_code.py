"""Compiled methods of dataclasses kept beside the pre-built rubric, so a command does not compile them again.

`@dataclass` writes each class's `__init__`, `__repr__`, `__eq__`, `__setattr__` … as Python
source text and compiles it with `exec` as the class is made: about 170 functions and 15 ms of
CPU for the classes `okrcoach lint` imports, an eighth of linting a small file. The compiled code
depends only on that text and the Python version, like a `.pyc` file on its module's source. So
the command line stores the code of every text it compiled (`store`, beside the pre-built rubric,
as `regex_code` stores its seed) and the next command starts from it (`install`): `dataclasses`
then runs the stored code object of a text it has seen and compiles any other text as usual.
The functions made are the ones `exec` of the text would make (same code, flags and file name);
a file from another Python, or one that cannot be read, is ignored.

Only the command line installs it (`okrcoach.cli`): a program that uses okrcoach as a library
keeps `dataclasses` as it is.
"""

from __future__ import annotations

import marshal
import os
import sys
from types import CodeType
from typing import Any, Mapping, Optional

# The file beside the pre-built rubric (`okrcoach.paths.bundled_dir("rubrics")`).
FILE_NAME = "prebuilt-dataclasses.marshal"
# Code objects are marshalled for one Python: its version and bytecode tag.
STAMP = (sys.hexversion, sys.implementation.cache_tag)

# Stored code by source text, each marshalled on its own: a command unmarshals only the code of
# the classes it makes, not that of every class any command made.
_stored: dict[str, bytes] = {}
_made: dict[str, CodeType] = {}


def _exec(source: Any, namespace: Optional[dict] = None, local_names: Optional[Mapping] = None, /) -> None:
    """`exec` as `dataclasses` calls it, running the stored code of a source text it has seen.

    Compiled as `exec(source)` inside `dataclasses` compiles it: file name `<string>`, and none of
    this module's `__future__` flags (`dont_inherit`), which `dataclasses` does not have."""
    if type(source) is str:
        stored = _stored.get(source)
        code = None
        if stored is not None:
            try:
                code = marshal.loads(stored)
            except (ValueError, EOFError, TypeError):  # a damaged entry: compile the text
                del _stored[source]
        if type(code) is not CodeType:
            code = _made.get(source)
        if code is None:
            code = _made[source] = compile(source, "<string>", "exec", dont_inherit=True)
        source = code
    exec(source, namespace, local_names)


def install(path: "os.PathLike[str] | str") -> int:
    """Make `dataclasses` run the code stored at `path` by `store` for the texts it holds, and
    record what it compiles besides; how many texts were stored (0: a missing, foreign or broken
    file, which changes nothing but the recording)."""
    import dataclasses

    count = 0
    try:
        with open(path, "rb") as handle:
            stored = marshal.load(handle)
        if isinstance(stored, dict) and stored.get("stamp") == STAMP and isinstance(stored.get("code"), dict):
            code = {source: value for source, value in stored["code"].items() if type(source) is str and type(value) is bytes}
            _stored.update(code)
            count = len(code)
    except Exception:  # noqa: BLE001 - unreadable, or made by other code: dataclasses compile as usual
        count = 0
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # found before the builtin by `_create_fn`
    return count


def installed() -> bool:
    """Whether `install` has made `dataclasses` use stored code in this process."""
    return getattr(sys.modules.get("dataclasses"), "exec", None) is _exec


def store(path: "os.PathLike[str] | str") -> bool:
    """Store the code of every text this process compiled and did not find at `path`, with what it
    found there, for the next command (atomically). Nothing to add, or a folder that cannot be
    written (a read-only installation): False, and dataclasses keep compiling those texts."""
    if not _made:
        return False
    try:
        made = {source: marshal.dumps(code) for source, code in _made.items()}
        data = marshal.dumps({"stamp": STAMP, "code": {**_stored, **made}})
    except ValueError:  # a constant marshal cannot store
        return False
    from okrcoach.files import atomic_write_bytes  # loaded only when something is stored

    try:
        atomic_write_bytes(path, data, durable=False)
    except OSError:
        return False
    _stored.update(made)
    _made.clear()
    return True
