"""The parsed rubric, cached on disk between runs.

Parsing ~50 rule and lexicon YAML files costs more than linting a file, so the parsed rubric is
pickled in the user cache folder, keyed on every rule and lexicon file and on the code that builds
it (size and modification time of each, and okrcoach's version): any change gives a new key, and a
stale or broken cache file is ignored and rebuilt. `OKRCOACH_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Optional

from okrcoach import __version__
from okrcoach.paths import bundled_dir

from .loader import Rubric, load_rubric

_CODE = Path(__file__).resolve().parent


def load_cached_rubric(extra: tuple[Path, ...] = ()) -> Rubric:
    """The bundled rubric plus extra rule folders, from the cache when it is current.

    Raises `RubricError` or `FileNotFoundError` when the rules cannot be read.
    """
    folders = (bundled_dir("rubrics"), *extra)
    # The bundled rubric alone comes pre-built beside its files (okrcoach.rubric.prebuilt); with
    # extra rule folders, or where that file cannot be written, the user cache serves.
    bundled_only = not extra and not os.environ.get("OKRCOACH_NO_CACHE")
    if bundled_only:
        from . import prebuilt

        rubric = prebuilt.load(folders[0])
        if rubric is not None:
            return rubric
    cached = cached_rubric(folders)
    if cached is not None:
        return cached
    from okrcoach import regex_code

    imported = regex_code.start_patterns()  # before parsing compiles the rules' own patterns
    rubric = parse_rubric(folders)
    if not (bundled_only and prebuilt.dump(rubric, folders[0], seed=imported) is not None):
        resolve_for_cache(rubric)
        store_rubric(folders, rubric)
    return rubric


def resolve_for_cache(rubric: Rubric) -> None:
    """Build now what each lexicon would otherwise build on first use, in every run (regex
    sources, literal gates, token gates and their index), as the pre-built rubric stores them
    (`prebuilt.dump`): a rubric with the user's own rule folders, cached here, then searches its
    classes through the same gates as the bundled one. A lexicon whose gates cannot be built
    (a class the first search would refuse anyway) is cached as parsed."""
    from .lexicon import LexiconError

    for lexicon in rubric.lexicons.values():
        try:
            lexicon.regexes.resolve_sources()
            lexicon.resolve_gates()
            lexicon.resolve_token_gates()
        except (LexiconError, re.error, RecursionError):
            continue


def parse_rubric(folders: tuple[Path, ...]) -> Rubric:
    """Parse the rubric from its files: the bundled folder first, then extra rule folders."""
    return load_rubric(folders[0], tuple(folders[1:]))


def cache_file(folders: tuple[Path, ...]) -> Optional[Path]:
    """Where the rubric parsed from `folders` is cached; None when caching is off."""
    sources = [_CODE.parent / "model.py", *sorted(_CODE.rglob("*.py"))]
    for folder in folders:
        sources += sorted(folder.rglob("*.yaml"))
    return user_cache_file("rubric", sources)


def user_cache_file(kind: str, sources: list[Path]) -> Optional[Path]:
    """Where something built from `sources` is cached in the user's cache folder, named by `kind`
    and a digest of okrcoach's version and each source's path, size and time; None when caching is
    off or a source cannot be read."""
    if os.environ.get("OKRCOACH_NO_CACHE"):
        return None
    import hashlib

    digest = hashlib.sha256(__version__.encode())
    try:
        for path in sources:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    except OSError:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "okrcoach" / f"{kind}-{digest.hexdigest()[:24]}.pickle"


def store_in_user_cache(path: Path, kind: str, value: object) -> None:
    """Pickle `value` at `path` (from `user_cache_file`) atomically, replacing the older files of
    its kind; a cache that cannot be written is skipped (caching never fails a command)."""
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{kind}-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - caching is an optimisation
        return


def cached_rubric(folders: tuple[Path, ...]) -> Optional[Rubric]:
    """The cached rubric for `folders`, or None when there is none or it cannot be read."""
    import pickle

    try:
        path = cache_file(folders)
        if path is None or not path.is_file():
            return None
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - a stale or broken cache is ignored and rebuilt
        return None


def store_rubric(folders: tuple[Path, ...], rubric: Rubric) -> None:
    """Cache a parsed rubric (atomically), replacing older cache files; failures are ignored."""
    path = cache_file(folders)
    if path is not None:
        store_in_user_cache(path, "rubric", rubric)
