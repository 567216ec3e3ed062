"""The language an OKR set is written in: what it declares, else what lint detects from its text.

Words okrcoach writes into a file or shows about it (Markdown field keys, status words) follow
this language, so a Danish file gets Danish words whether or not it says `language: da`.
"""

from __future__ import annotations

from functools import lru_cache

from okrcoach.model import OkrSet


@lru_cache(maxsize=1)
def _lexicons() -> dict:
    from okrcoach.rubric.cache import load_cached_rubric

    return load_cached_rubric().lexicons  # the rubric lint uses, pre-built


def language_of(okr_set: OkrSet) -> str:
    """The set's declared language, else the one whose function words its text uses most
    (English when nothing points anywhere), as `okrcoach lint` decides it."""
    if okr_set.language:
        return okr_set.language
    from okrcoach.rubric import detect_language

    return detect_language(okr_set, _lexicons())
