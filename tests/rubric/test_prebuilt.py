"""The pre-built rubric is used only when it was built from exactly the files beside it."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from okrcoach.paths import bundled_dir
from okrcoach.rubric import load_rubric, prebuilt


@contextlib.contextmanager
def _no_stored_programs() -> Iterator[None]:
    """The process's stored regex programs emptied for the block and put back after it."""
    from okrcoach import regex_code

    saved, saved_packed = dict(regex_code._PROGRAMS), dict(regex_code._PROGRAMS.packed)
    regex_code._PROGRAMS.clear()
    regex_code._PROGRAMS.packed.clear()
    try:
        yield
    finally:
        regex_code._PROGRAMS.clear()
        regex_code._PROGRAMS.update(saved)
        regex_code._PROGRAMS.packed.clear()
        regex_code._PROGRAMS.packed.update(saved_packed)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rubrics"
    shutil.copytree(bundled_dir("rubrics"), folder, ignore=shutil.ignore_patterns(prebuilt.FILE_NAME, "*.tmp", "prebuilt-programs-*"))
    return folder


def test_prebuilt_rubric_is_the_parsed_rubric(tmp_path):
    folder = _copy(tmp_path)
    assert prebuilt.load(folder) is None
    parsed = load_rubric(folder)
    assert prebuilt.dump(parsed, folder) == folder / prebuilt.FILE_NAME
    loaded = prebuilt.load(folder)
    assert loaded is not None
    assert [r.model_dump() for r in loaded.rules] == [r.model_dump() for r in parsed.rules]
    assert sorted(loaded.lexicons) == sorted(parsed.lexicons)


def test_a_changed_rule_or_lexicon_file_is_never_served_stale(tmp_path):
    folder = _copy(tmp_path)
    prebuilt.dump(load_rubric(folder), folder)
    rule = next(folder.rglob("activity-key-result.yaml"))
    rule.write_text(rule.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert prebuilt.load(folder) is None
    prebuilt.dump(load_rubric(folder), folder)
    assert prebuilt.load(folder) is not None
    lexicon = folder / "lexicons" / "en.yaml"
    lexicon.write_bytes(lexicon.read_bytes().replace(b"\n", b"\n ", 0) + b"# changed\n")
    assert prebuilt.load(folder) is None


def test_a_broken_prebuilt_file_is_ignored(tmp_path):
    folder = _copy(tmp_path)
    (folder / prebuilt.FILE_NAME).write_bytes(b"not a pickle")
    assert prebuilt.load(folder) is None


def test_stored_regex_programs_give_the_patterns_re_compile_gives():
    import re

    from okrcoach import regex_code

    rubric = load_rubric(bundled_dir("rubrics"))
    texts = [p.read_text(encoding="utf-8").lower() for p in sorted(bundled_dir("rubrics").rglob("*.yaml"))[:40]]
    for lexicon in rubric.lexicons.values():
        lexicon.regexes.resolve_sources()
        sources = sorted({s for s in lexicon.regexes.values() if isinstance(s, str)})
        stored = regex_code.programs_for(sources)
        assert stored["stamp"] == regex_code.STAMP and len(stored["programs"]) == len(sources)
        regex_code.install(stored)
        for source in sources:
            fast, plain = regex_code.compile(source), re.compile(source)
            assert (fast.pattern, fast.flags, fast.groups, fast.groupindex) == (plain.pattern, plain.flags, plain.groups, plain.groupindex)
            for text in texts[:: max(1, len(texts) // 8)]:
                assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], source[:80]


def test_programs_from_another_python_are_not_used():
    from okrcoach import regex_code

    stored = regex_code.programs_for([r"\bunusual-only-here\b"])
    stored["stamp"] = ("another python",)
    regex_code.install(stored)
    assert (r"\bunusual-only-here\b", 0) not in regex_code._PROGRAMS


def test_a_stamped_load_trusts_unchanged_files_and_catches_a_rewrite_of_the_same_size(tmp_path, monkeypatch):
    import os

    folder = _copy(tmp_path)
    prebuilt.dump(load_rubric(folder), folder)
    assert prebuilt.load(folder) is not None
    assert (folder / prebuilt.STAMP_NAME).is_file()

    def unread(inputs):
        raise AssertionError("the stamp should have spared reading the inputs")

    with monkeypatch.context() as patch:
        patch.setattr(prebuilt, "_digest_of", unread)
        assert prebuilt.load(folder) is not None
    lexicon = folder / "lexicons" / "en.yaml"
    before = lexicon.stat()
    data = lexicon.read_bytes()
    lexicon.write_bytes(data.replace(b"a", b"b", 1))
    os.utime(lexicon, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert lexicon.stat().st_size == before.st_size
    assert prebuilt.load(folder) is None


def test_a_stamp_that_cannot_be_written_leaves_the_content_digest_in_charge(tmp_path, monkeypatch):
    folder = _copy(tmp_path)
    prebuilt.dump(load_rubric(folder), folder)
    monkeypatch.setattr(prebuilt.os, "replace", lambda *a: (_ for _ in ()).throw(PermissionError("read-only")))
    assert prebuilt.load(folder) is not None
    assert not (folder / prebuilt.STAMP_NAME).exists()
    assert not list(folder.glob(".prebuilt-*.tmp"))


def test_a_lint_unpacks_only_its_languages_stored_programs(tmp_path):
    """The stored programs are packed per language: linting a Danish set unpacks the Danish ones
    only, and a pattern of another language still gets its stored program (every pack is opened)."""
    from okrcoach import regex_code
    from okrcoach.model import KeyResult, Objective, OkrSet
    from okrcoach.rubric import Linter
    from okrcoach.rubric.lexicon import dispatch_code

    folder = _copy(tmp_path)
    assert prebuilt.dump(load_rubric(folder), folder) is not None
    with _no_stored_programs():
        loaded = prebuilt.load(folder)
        assert loaded is not None
        assert sorted(regex_code._PROGRAMS.packed) == sorted(loaded.lexicons) and not dict(regex_code._PROGRAMS)
        assert all((folder / prebuilt.PACK_NAME.format(language=language)).is_file() for language in loaded.lexicons)
        krs = [KeyResult(text="Øg kundetilfredsheden fra 70 % til 80 % inden udgangen af 2. kvartal"), KeyResult(text="Afhold en workshop om den nye portal")]
        okr_set = OkrSet(language="da", period="2027-Q1", objectives=[Objective(title="Vi skal have flere tilfredse kunder", key_results=krs)])
        assert Linter(loaded).lint(okr_set, "da.okr.yaml")
        assert "da" not in regex_code._PROGRAMS.packed
        assert sorted(regex_code._PROGRAMS.packed) == sorted(set(loaded.lexicons) - {"da"})
        source = dict.get(loaded.lexicons["hu"].regexes, "placeholder")
        assert isinstance(source, str)
        assert regex_code._PROGRAMS.get((source, 0)) == regex_code.program(source, 0, dispatch_code)
        assert not regex_code._PROGRAMS.packed


def test_a_pack_of_programs_from_another_build_is_not_used(tmp_path):
    import marshal
    import re

    from okrcoach import regex_code

    folder = _copy(tmp_path)
    assert prebuilt.dump(load_rubric(folder), folder) is not None
    (folder / prebuilt.PACK_NAME.format(language="en")).write_bytes(marshal.dumps("another build") + marshal.dumps({("x", 0): "junk"}))
    with _no_stored_programs():
        loaded = prebuilt.load(folder)
        assert loaded is not None
        source = dict.get(loaded.lexicons["en"].regexes, "placeholder")
        pattern = loaded.lexicons["en"].pattern("placeholder")
        assert "en" not in regex_code._PROGRAMS.packed and ("x", 0) not in dict(regex_code._PROGRAMS)
        assert (pattern.pattern, pattern.groupindex) == (source, re.compile(source).groupindex)
        for text in ("target: x %", "tbd", "reach 40 % by q3"):
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in re.compile(source).finditer(text)]


def test_the_lexicon_blocks_it_stores_are_the_ones_read_from_the_files(tmp_path, monkeypatch):
    """`language_data.section` of the stored keys serves the pre-built copy for the bundled
    lexicons, with exactly what parsing their files gives, and reads the files once a rubric
    folder brings another language."""
    from okrcoach import language_data

    lexicons = bundled_dir("rubrics") / "lexicons"
    from_files = {key: language_data._section_of(language_data._files_in([lexicons]), key) for key in prebuilt.SECTIONS}
    assert from_files["reader"] and from_files["months"]
    assert language_data.parsed_sections(lexicons, prebuilt.SECTIONS) == from_files
    stored = {key: {"xx": {"marker": key}} for key in prebuilt.SECTIONS}
    monkeypatch.setattr(language_data, "_PARSED_SECTIONS", {lexicons: stored})
    language_data.section.cache_clear()
    try:
        assert language_data.section("reader") is stored["reader"]  # served, not parsed
        monkeypatch.setattr(language_data, "_EXTRA_FOLDERS", [tmp_path])
        language_data.section.cache_clear()
        assert language_data.section("reader") == from_files["reader"]
    finally:
        language_data.section.cache_clear()
