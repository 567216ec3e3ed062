"""A rubric with the user's own rule folder, cached, searches its classes through token gates,
and finds exactly what the same rubric parsed afresh (no gates built) finds.

The bundled rubric gets its token gates from the pre-built file (`okrcoach.rubric.prebuilt`); a
rubric with extra folders is cached in the user cache folder instead (`okrcoach.rubric.cache`),
which builds the same gates before it stores the rubric (`resolve_for_cache`).
"""

from __future__ import annotations

import random
import re

import pytest

from okrcoach.model import KeyResult, Objective, OkrSet
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, cache
from okrcoach.rubric.lexicon import TokenGated
from tests.rule_examples import example_texts

LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")


@pytest.fixture(scope="module")
def linters(tmp_path_factory: pytest.TempPathFactory):
    """A rule folder of the user's (one rule of their own, and an English lexicon with a verb of
    their own in `activity_verbs`: "wrangle"), its rubric loaded as `okrcoach lint` loads it (parsed,
    gates built, cached, then read from the cache), and the same rubric parsed afresh."""
    tmp_path = tmp_path_factory.mktemp("own-rules")
    folder = tmp_path / "rules"
    (folder / "lexicons").mkdir(parents=True)
    rule = (bundled_dir("rubrics") / "key-result" / "bare-metric.yaml").read_text(encoding="utf-8")
    (folder / "my-rule.yaml").write_text(rule.replace("OKR232", "OKR999").replace("name: bare-metric", "name: my-rule"), encoding="utf-8")
    english = (bundled_dir("rubrics") / "lexicons" / "en.yaml").read_text(encoding="utf-8")
    english, added = re.subn(r"^(  activity_verbs:\s*\n(?:\s*#.*\n)*)((\s+)- )", r"\1\3- wrangle\n\2", english, count=1, flags=re.M)
    assert added == 1, "the English lexicon's activity verbs are not a block list any more: adapt the fixture"
    (folder / "lexicons" / "en.yaml").write_text(english, encoding="utf-8")
    folders = (bundled_dir("rubrics"), folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        patch.delenv("OKRCOACH_NO_CACHE", raising=False)
        cache.load_cached_rubric((folder,))
        cached = cache.cached_rubric(folders)
    plain = cache.parse_rubric(folders)
    return Linter(cached), Linter(plain)


def _texts(language: str, rubric) -> list[str]:
    """Some of the language's rule examples, and pairs of them joined with a number or a date."""
    rng = random.Random(f"cache-gates-{language}")
    texts = rng.sample(example_texts(rubric, language), 80)
    return texts + [rng.choice(texts)[rng.randrange(0, 20) :] + rng.choice([" ", " 12 % ", " by Q3 "]) + rng.choice(texts) for _ in range(40)]


def _findings(linter: Linter, language: str, texts: list[str]) -> list[tuple]:
    found = []
    for text in texts:
        okr_set = OkrSet(language=language, period="2027-Q1", objectives=[Objective(title=text, key_results=[KeyResult(text=text)])])
        found.append([(f.code, f.line, f.evidence, f.message) for f in linter.lint(okr_set, "x.okr.yaml")])
    return found


def test_a_cached_rubric_with_an_own_folder_has_token_gates(linters) -> None:
    gated, plain = linters
    assert gated.rubric.find("OKR999") is not None
    for language in LANGUAGES:
        lexicon = gated.rubric.lexicons[language]
        assert lexicon.token_index is not None, language
        matchers = [name for name in list(lexicon.regexes) if isinstance(lexicon._matcher(name), TokenGated)]
        assert len(matchers) > 40, (language, len(matchers))
    assert all(lexicon.token_index is None for lexicon in plain.rubric.lexicons.values())
    # The user's own word is behind its class's gate, and found through it.
    okr_set = OkrSet(language="en", objectives=[Objective(title="Tidy data", key_results=[KeyResult(text="Wrangle the data warehouse")])])
    assert "OKR220" in [f.code for f in gated.lint(okr_set, "x.okr.yaml")]


@pytest.mark.parametrize("language", ("en", "da", "hu"))
def test_the_gated_cached_rubric_finds_what_the_parsed_one_finds(linters, language: str) -> None:
    gated, plain = linters
    texts = _texts(language, plain.rubric)
    assert _findings(gated, language, texts) == _findings(plain, language, texts)
