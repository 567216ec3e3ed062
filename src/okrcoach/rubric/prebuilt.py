"""The bundled rubric pre-built: rules and lexicons parsed once, stored beside the rule files.

Parsing the ~60 rule and lexicon files (and validating each rule) costs more than linting a file,
so a fresh process with an empty user cache would pay it on every `okrcoach lint`. A wheel ships
the parsed rubric as `rubrics/prebuilt.pickle` (built by `hatch_build.py`); a source checkout
writes the same file on its first run (it is ignored by git, like `__pycache__`).

It also holds the compiled program of every word-class regex for the Python that built it
(`okrcoach.regex_code`), used only by that same Python version, packed per language in files
beside it (`PACK_NAME`) so a run reads only the programs of the languages it lints
(`regex_code.use`), the message
catalogues parsed (`okrcoach.i18n.parsed_catalogs`), so a finding's text needs no YAML parse, and
the lexicon blocks the readers use in every language (`SECTIONS`, `language_data.section`).

The file is trusted only when it was built from exactly these files: it carries a digest of
the content of every rule, lexicon and message file and of the code whose objects it holds
(`okrcoach/model.py`, `okrcoach/rubric/*.py`), and a file built from anything else is ignored
and rebuilt. Reading and hashing the digest's inputs costs a few milliseconds (parsing them costs
a hundred), so once a load has found the digest current it writes `prebuilt.stamp` beside the
file: the digest with the name, size and modification time of every input. A later run whose
inputs have exactly those names, sizes and times trusts the digest without reading them again;
any write to an input changes its time, and the content digest decides again.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any, Optional

from okrcoach import __version__

FILE_NAME = "prebuilt.pickle"
STAMP_NAME = "prebuilt.stamp"
# Each language's stored regex programs, beside the pre-built file (`regex_code.write_pack`).
PACK_NAME = "prebuilt-programs-{language}.marshal"
# The lexicon blocks readers and value parsers read in every language (`language_data.section`),
# stored parsed: a lint that names a field in the file's own words reads the `reader` block of all six.
SECTIONS = ("reader", "months", "placeholders", "periods")
_FORMAT = 9


def _inputs(rubric_dir: Path) -> list[tuple[Path, str]]:
    """Every file a pre-built rubric is made from, with the name the digest gives it."""
    code = Path(__file__).resolve().parents[1]
    sources = [code / "model.py", *(code / "rubric" / name for name in _files_under(code / "rubric", ".py", recurse=False))]
    inputs = [(path, str(path.relative_to(code))) for path in sources]
    inputs += [(rubric_dir / name, name) for name in _files_under(rubric_dir, ".yaml")]
    return inputs


def _files_under(folder: Path, suffix: str, recurse: bool = True) -> list[str]:
    """The names (relative, with `/`) of the files ending in `suffix` in `folder` and, with
    `recurse`, its subfolders, in the order `sorted(folder.rglob("*" + suffix))` gives them (by
    their parts): one scan of each folder, which every run's check of the inputs makes (pathlib's
    glob took ~1 ms of it)."""
    found: list[tuple[str, ...]] = []
    pending: list[tuple[str, ...]] = [()]
    while pending:
        parts = pending.pop()
        with os.scandir(os.path.join(folder, *parts)) as entries:
            for entry in entries:
                if entry.is_dir():
                    if recurse:
                        pending.append((*parts, entry.name))
                elif entry.name.endswith(suffix):
                    found.append((*parts, entry.name))
    return ["/".join(parts) for parts in sorted(found)]


def _digest_of(inputs: list[tuple[Path, str]]) -> str:
    import hashlib

    sha = hashlib.sha256(f"{__version__}\0{_FORMAT}\n".encode())
    for path, name in inputs:
        sha.update(f"{name}\0".encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


def digest(rubric_dir: Path) -> str:
    """The digest of everything a pre-built rubric is made from: rule, lexicon and message files
    (their names and bytes), the code of the objects it holds, and okrcoach's version."""
    return _digest_of(_inputs(rubric_dir))


def _signature(inputs: list[tuple[Path, str]]) -> str:
    """The full path, size and modification time (ns) of every input, one line each."""
    lines = []
    for path, _ in inputs:
        status = path.stat()
        lines.append(f"{path}\0{status.st_size}\0{status.st_mtime_ns}")
    return "\n".join(lines)


def _current(rubric_dir: Path, stored_digest: str) -> bool:
    """Whether `stored_digest` is the digest of the current inputs: by the stamp when their
    names, sizes and times are the ones it recorded, else by reading them (then stamped)."""
    inputs = _inputs(rubric_dir)
    signature = _signature(inputs)
    stamp = rubric_dir / STAMP_NAME
    expected = f"{__version__}\0{_FORMAT}\0{stored_digest}\n{signature}"
    try:
        if stamp.read_text(encoding="utf-8") == expected:
            return True
    except (OSError, UnicodeError):
        pass
    if _digest_of(inputs) != stored_digest:
        return False
    tmp = rubric_dir / f".prebuilt-{os.getpid()}.tmp"
    try:
        tmp.write_text(expected, encoding="utf-8")
        os.replace(tmp, stamp)
    except OSError:  # a read-only installation: the content digest decides on every run
        tmp.unlink(missing_ok=True)
    return True


def load(rubric_dir: Path) -> Optional[Any]:
    """The pre-built rubric of `rubric_dir` if one was built from its current files, else None."""
    path = rubric_dir / FILE_NAME
    try:
        with path.open("rb") as handle:
            stored_digest, rubric, programs, catalogs, sections = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, unreadable or from other code: parse the files instead
        return None
    try:
        if not _current(rubric_dir, stored_digest):
            return None
    except OSError:
        return None
    from okrcoach import i18n, language_data, regex_code

    regex_code.install(programs, rubric_dir, stored_digest)
    i18n.use_parsed_catalogs(rubric_dir / "messages", catalogs)
    language_data.use_parsed_sections(rubric_dir / "lexicons", sections)
    if not (rubric_dir / regex_code.SEED_NAME).exists():  # built before seeds were kept: seed the next runs
        patterns = regex_code.start_patterns()
        if patterns is not None:
            regex_code.write_seed(rubric_dir / regex_code.SEED_NAME, patterns)
    return rubric


def dump(rubric: Any, rubric_dir: Path, target: Optional[Path] = None, seed: Optional[list[tuple[str, int]]] = None) -> Optional[Path]:
    """Store a rubric parsed from `rubric_dir` as its pre-built file (or at `target`); None when
    the folder cannot be written (an installed package read-only to this user). `seed`: the
    patterns a command compiles before it loads the rubric, stored beside it for the next
    commands (`okrcoach.regex_code.seed`)."""
    import tempfile

    from okrcoach import i18n, regex_code

    by_language: dict[str, list[str]] = {}
    for lexicon in getattr(rubric, "lexicons", {}).values():
        sources = by_language.setdefault(lexicon.language, [])
        lexicon.resolve_mask_starts()  # the mask split by first character, as classes `mask_at_<n>`
        lexicon.regexes.resolve_sources()  # the regex sources are built once, here, not per run
        sources += [source for source in lexicon.regexes.values() if isinstance(source, str)]
        sources.append(lexicon.verb_gate_source())  # its union of verb classes, likewise
        lexicon.resolve_gates()  # the literal gates of pattern classes, likewise
        sources += [source for gate in lexicon.gates.values() if gate for source in gate if source is not None]
        index = lexicon.resolve_token_gates()  # the token gates and their index, likewise
        sources.append(index.source)
        for token_gate in lexicon.token_gates.values():
            if token_gate is not None:
                _, rest, rest_gate = token_gate
                sources += [source for source in (rest, *(rest_gate or ())) if source is not None]
        sources += lexicon.date_reader().sources()  # the reader is stored with its lexicon
    from .lexicon import dispatch_code

    # One chunk per language, unpacked when a lexicon of that language first compiles a pattern.
    programs = regex_code.programs_in_chunks({language: sorted(set(sources)) for language, sources in by_language.items()}, dispatch_code)
    catalogs = i18n.parsed_catalogs(rubric_dir / "messages") if (rubric_dir / "messages").is_dir() else {}
    from okrcoach.language_data import parsed_sections

    sections = parsed_sections(rubric_dir / "lexicons", SECTIONS)
    target = target or rubric_dir / FILE_NAME
    token = digest(rubric_dir)
    programs = _packs_in_files(programs, target.parent, token)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".prebuilt-", suffix=".tmp")
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((token, rubric, programs, catalogs, sections), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # readable by every user of an installed package, like its other files
        os.replace(tmp, target)
        (target.parent / STAMP_NAME).unlink(missing_ok=True)  # stamped again by the first load
        if seed is not None and target == rubric_dir / FILE_NAME:
            regex_code.write_seed(rubric_dir / regex_code.SEED_NAME, seed)
        elif target == rubric_dir / FILE_NAME:
            # Built outside a command's start (a test, a bench, a library): the seed may hold the
            # patterns of older code, so the next command's start writes it again (`load`).
            (rubric_dir / regex_code.SEED_NAME).unlink(missing_ok=True)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return None
    return target


def _packs_in_files(programs: dict[str, Any], folder: Path, token: str) -> dict[str, Any]:
    """The stored programs with each language's pack in its own file in `folder` (`PACK_NAME`),
    which only a run that lints that language reads; kept inside the pre-built file when the packs
    cannot be written."""
    from okrcoach import regex_code

    chunks = programs.get("chunks")
    if not chunks or not all(name.isalnum() for name in chunks):
        return programs
    files = {name: PACK_NAME.format(language=name) for name in chunks}
    if not all(regex_code.write_pack(folder / files[name], token, pack) for name, pack in chunks.items()):
        return programs
    return {"stamp": programs["stamp"], "chunk_files": files}
