"""Stored dataclass methods: a command starts from the code an earlier one compiled."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

from okrcoach import dataclass_code


def _classes():
    """Dataclasses of the kinds okrcoach makes: frozen, keyword-only, defaults, factories, slots-less."""

    @dataclasses.dataclass(frozen=True)
    class Frozen:
        code: str
        line: Optional[int] = None
        tags: tuple[str, ...] = ()

    @dataclasses.dataclass(kw_only=True)
    class Record:
        text: str
        items: list = dataclasses.field(default_factory=list)
        hidden: int = dataclasses.field(default=0, repr=False, compare=False)

    @dataclasses.dataclass(order=True)
    class Ordered:
        rank: int
        name: str = "x"

    return Frozen, Record, Ordered


def _behaviour(frozen, record, ordered) -> list:
    made = []
    a, b = frozen("A1", 3), frozen("A1", 3, ())
    made += [repr(a), a == b, hash(a) == hash(b), frozen.__init__.__annotations__, frozen.__init__.__defaults__]
    try:
        a.code = "B"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError as exc:
        made.append(type(exc).__name__)
    r = record(text="t")
    r.items.append(1)
    made += [repr(r), r == record(text="t", items=[1], hidden=5), record(text="u").items]
    try:
        record("positional")  # type: ignore[misc]
    except TypeError as exc:
        made.append(str(exc))
    made += [ordered(1) < ordered(2), repr(sorted([ordered(2, "b"), ordered(1, "c")])), repr(ordered(4))]
    return made


def test_classes_made_from_stored_code_behave_as_classes_compiled_from_their_text(tmp_path):
    plain_exec = dataclasses.__dict__.pop("exec", None)  # this process may have it installed already
    try:
        expected = _behaviour(*_classes())
        store = tmp_path / dataclass_code.FILE_NAME
        dataclass_code._made.clear()
        dataclass_code.install(store)  # no file yet: records what it compiles
        recorded = _behaviour(*_classes())
        assert dataclass_code._made, "the texts compiled were not recorded"
        assert dataclass_code.store(store)
        assert not dataclass_code._made
        dataclass_code._stored.clear()
        assert dataclass_code.install(store) > 0
        stored = _behaviour(*_classes())
        assert not dataclass_code._made, "a stored text was compiled again"
    finally:
        if plain_exec is None:
            dataclasses.__dict__.pop("exec", None)
        else:
            dataclasses.exec = plain_exec  # type: ignore[attr-defined]
    assert recorded == expected
    assert stored == expected
    # `__init__`'s return annotation is the object None, not the text "_return_type": the
    # compiling module's `from __future__ import annotations` is not passed on to the code.
    assert stored[3]["return"] is None


def test_a_foreign_or_broken_file_stores_nothing_and_classes_still_compile(tmp_path):
    import marshal

    store = tmp_path / dataclass_code.FILE_NAME
    plain_exec = dataclasses.__dict__.pop("exec", None)
    dataclass_code._stored.clear()
    try:
        for broken in (b"", b"not marshal", marshal.dumps({"stamp": ("another python",), "code": {"x = 1": compile("x = 1", "<string>", "exec")}}), marshal.dumps([1, 2])):
            store.write_bytes(broken)
            assert dataclass_code.install(store) == 0
            assert _behaviour(*_classes()) == _behaviour(*_classes())
        assert dataclass_code.install(tmp_path / "missing.marshal") == 0
        assert dataclass_code.installed()
        # Damaged entries of a file from this Python: each text is compiled again.
        expected = _behaviour(*_classes())
        texts = {**dataclass_code._made}
        dataclass_code._made.clear()
        store.write_bytes(marshal.dumps({"stamp": dataclass_code.STAMP, "code": {text: b"\x00damaged" for text in texts}}))
        dataclass_code._stored.clear()
        assert dataclass_code.install(store) == len(texts) > 0
        assert _behaviour(*_classes()) == expected
        assert set(dataclass_code._made) == set(texts)
    finally:
        dataclass_code._made.clear()
        dataclass_code._stored.clear()
        if plain_exec is None:
            dataclasses.__dict__.pop("exec", None)
        else:
            dataclasses.exec = plain_exec  # type: ignore[attr-defined]


def test_a_lint_stores_the_methods_it_compiled_and_the_next_lint_compiles_none(tmp_path):
    """A copy of the package tree: the console script's first lint stores the dataclass code it
    compiled; the next one compiles no dataclass text and prints the same report."""
    import shutil

    from okrcoach.paths import bundled_dir

    root = tmp_path / "tree"
    shutil.copytree(Path(dataclass_code.__file__).parent, root / "src" / "okrcoach", ignore=shutil.ignore_patterns("__pycache__", "rubrics", "prompts"))
    shutil.copytree(bundled_dir("rubrics"), root / "rubrics", ignore=shutil.ignore_patterns(dataclass_code.FILE_NAME, "*.tmp"))
    okr = tmp_path / "team.okr.yaml"
    okr.write_text("objectives:\n  - title: Win the Nordic market\n    key_results:\n      - Raise NPS from 31 to 45 by 2027-12-31\n      - Launch the portal\n", encoding="utf-8")
    probe = (
        "import atexit, sys\n"
        f"sys.argv = ['okrcoach', 'lint', '--isolated', {str(okr)!r}]\n"
        "from okrcoach import dataclass_code\n"
        "atexit.register(lambda: print(len(dataclass_code._made), len(dataclass_code._stored), file=sys.stderr))\n"
        "from okrcoach.cli import console\n"
        "console()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "XDG_CACHE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "OKRCOACH_STATE_DIR": str(tmp_path), "NO_COLOR": "1"}
    env.pop("OKRCOACH_NO_CACHE", None)
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    stored = root / "rubrics" / dataclass_code.FILE_NAME
    assert stored.is_file(), first.stderr
    second = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    made, found = (int(n) for n in second.stderr.split()[-2:])
    assert made == 0 and found > 50, second.stderr
    assert first.stdout == second.stdout and "Found" in first.stdout
    assert first.returncode == second.returncode == 1
