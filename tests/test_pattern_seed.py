"""The start-up seed: patterns the command line compiles as it imports, from stored programs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from okrcoach import regex_code

# Patterns of the kinds modules compile at import: flags, groups, names, Unicode classes, bounds.
SOURCES = [
    (r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})", 0),
    ("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", 0),
    (r"^\s*(?:#|//)\s*okrcoach:\s*(\w+)", re.MULTILINE | re.IGNORECASE),
    (r"\b(?:q([1-4])\s?[/-]?\s?((?:19|20)\d{2}))\b", re.IGNORECASE),
    (r"(?<![\w.,])\d[\d.,]*(?:[  ]\d{3}(?![\d.,]))*", 0),
]
TEXTS = ["Q3 2027 and 2026-12 # okrcoach: ignore", "Raise NPS from 31 to 45 by q4/2027\x07", "// OKRCOACH: all 12 000 users ü"]


def test_a_seeded_pattern_is_the_one_re_compile_gives_and_re_compile_returns_it(tmp_path):
    seed = tmp_path / "seed.marshal"
    assert regex_code.write_seed(seed, SOURCES)
    re.purge()
    try:
        assert regex_code.seed(seed) == len(SOURCES)
        for source, flags in SOURCES:
            seeded = re.compile(source, flags)  # found in re's cache: not compiled again
            assert re._cache[(str, source, flags)] is seeded  # type: ignore[attr-defined]
            re.purge()
            plain = re.compile(source, flags)
            assert (seeded.pattern, seeded.flags, seeded.groups, seeded.groupindex) == (plain.pattern, plain.flags, plain.groups, plain.groupindex)
            for text in TEXTS:
                assert [m.span() for m in seeded.finditer(text)] == [m.span() for m in plain.finditer(text)]
                assert [m.groups() for m in seeded.finditer(text)] == [m.groups() for m in plain.finditer(text)]
            regex_code.seed(seed)
    finally:
        re.purge()


def test_a_foreign_or_broken_seed_seeds_nothing(tmp_path):
    seed = tmp_path / "seed.marshal"
    assert regex_code.write_seed(seed, SOURCES)
    data = seed.read_bytes()
    for broken in (b"", b"not marshal", data[: len(data) // 2]):
        seed.write_bytes(broken)
        assert regex_code.seed(seed) == 0
    assert regex_code.seed(tmp_path / "missing.marshal") == 0
    import marshal

    stored = marshal.loads(data)
    stored["stamp"] = ("another python",)
    seed.write_bytes(marshal.dumps(stored))
    assert regex_code.seed(seed) == 0


def test_compiled_patterns_lists_what_re_has_compiled():
    source = r"\bseed-probe-(\d+)\b"
    re.compile(source, re.IGNORECASE)
    assert (source, int(re.IGNORECASE)) in regex_code.compiled_patterns()


def test_a_lint_that_builds_the_rubric_leaves_a_seed_that_the_next_lint_uses(tmp_path):
    """A copy of the package tree: the first lint pre-builds the rubric and stores the patterns
    it compiled while importing; the next lint compiles none of them (counted in the child)."""
    import shutil

    from okrcoach.paths import bundled_dir

    root = tmp_path / "tree"
    shutil.copytree(Path(regex_code.__file__).parent, root / "src" / "okrcoach", ignore=shutil.ignore_patterns("__pycache__", "rubrics", "prompts"))
    shutil.copytree(bundled_dir("rubrics"), root / "rubrics", ignore=shutil.ignore_patterns("prebuilt*", "*.tmp"))
    okr = tmp_path / "team.okr.yaml"
    okr.write_text("objectives:\n  - title: Win the Nordic market\n    key_results:\n      - Raise NPS from 31 to 45 by 2027-12-31\n", encoding="utf-8")
    probe = (
        "import re, sys\n"
        "compiled = []\n"
        "original = re._compiler.compile\n"
        "re._compiler.compile = lambda p, flags=0: (compiled.append(p), original(p, flags))[1]\n"
        f"sys.argv = ['okrcoach', 'lint', '--isolated', {str(okr)!r}]\n"
        "from okrcoach.cli import main\n"
        "code = main()\n"
        "import yaml.reader\n"
        "print(len(compiled), yaml.reader.Reader.NON_PRINTABLE.pattern in compiled, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "XDG_CACHE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "OKRCOACH_STATE_DIR": str(tmp_path)}
    env.pop("OKRCOACH_NO_CACHE", None)
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    assert (root / "rubrics" / regex_code.SEED_NAME).is_file(), first.stderr
    second = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    first_count, first_yaml = first.stderr.split()[-2:]
    second_count, second_yaml = second.stderr.split()[-2:]
    assert first_yaml == "True" and second_yaml == "False", (first.stderr, second.stderr)
    assert int(second_count) < int(first_count) // 3, (first_count, second_count)
    assert first.stdout == second.stdout


def test_only_a_command_line_start_writes_a_seed(tmp_path):
    """A seed holds what a command compiles as it starts. A process that merely uses okrcoach (a
    test run, a library user, the TUI) has compiled patterns no start needs; seeding with those
    made every later lint load hundreds of programs it never uses, so such a process writes none."""
    import textwrap

    from okrcoach.paths import bundled_dir
    from okrcoach.rubric import prebuilt

    assert regex_code.start_patterns() is None  # this is a test process
    folder = tmp_path / "rubrics"
    import shutil

    shutil.copytree(bundled_dir("rubrics"), folder, ignore=shutil.ignore_patterns("prebuilt*", "*.tmp"))
    for n in range(40):  # what a long-running process has in re's cache besides the start's patterns
        re.compile(rf"\bunrelated-{n}-(\w+)\b")
    from okrcoach.rubric.loader import load_rubric

    assert prebuilt.dump(load_rubric(folder), folder) is not None
    assert prebuilt.load(folder) is not None
    assert not (folder / regex_code.SEED_NAME).exists()
    probe = textwrap.dedent(
        """
        import sys
        from okrcoach import regex_code
        regex_code.seed("/nonexistent", command_start=True)
        started = regex_code.start_patterns() is not None
        import textual
        print(started, regex_code.start_patterns() is None)
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", "True"], done.stderr


def test_a_rubric_built_outside_a_command_start_drops_the_old_seed(tmp_path):
    """A seed holds the start patterns of the code that wrote it. A rubric rebuilt by a test, a
    bench or a library (code changed since) removes it, so the next command start writes a fresh
    one instead of seeding old patterns and compiling the new ones at every start."""
    import shutil

    from okrcoach.paths import bundled_dir
    from okrcoach.rubric import prebuilt
    from okrcoach.rubric.loader import load_rubric

    folder = tmp_path / "rubrics"
    shutil.copytree(bundled_dir("rubrics"), folder, ignore=shutil.ignore_patterns("prebuilt*", "*.tmp"))
    assert regex_code.write_seed(folder / regex_code.SEED_NAME, [(r"\bold-(\w+)", 0)])
    assert prebuilt.dump(load_rubric(folder), folder) is not None
    assert not (folder / regex_code.SEED_NAME).exists()
