"""The improve gate refuses a rewrite made of words no one wrote: a small model's invented vocabulary.

Real replies come from the recorded cassettes (SmolLM2 and Gemma 3 answering `okrcoach improve`
in six languages): SmolLM2 answered in Finnish and Hungarian with fluent-looking made-up words,
which the rubric alone (verbs, numbers, targets) cannot tell from a key result. Good rewrites come
from the same cassettes and from the workshop library, where every flawed element has a fixed
version written by people, in all six languages: none of them may be refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from okrcoach.drafting.known_words import made_up_words
from okrcoach.drafting.responses import ImprovedItem, ItemCheck
from okrcoach.formats import read_text, write
from okrcoach.i18n import text
from okrcoach.workshop.library import all_sets
from tests.fakes.recorder import Cassette

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"
IMPROVE = sorted(CASSETTES.glob("*improve*.json.gz"))
# The replies of invented words, as the recordings hold them (Finnish: "Kuusimmelfa ainen, joka
# lukuikoljekkä …"; Hungarian: "A kadar benyekben bőkérej, …").
INVENTED = {"llama-cpp-python-smollm2-improve-fi", "llama-cpp-python-smollm2-tui-improve-hu"}


def _rewrites(cassette: Cassette) -> list[str]:
    """The `text` of every rewrite the model sent, as okrcoach would read it."""
    found: list[str] = []
    for exchange in cassette.chat:
        try:
            message = json.loads(exchange.get("body") or "")["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            continue
        calls = message.get("tool_calls") or []
        said = calls[0]["function"]["arguments"] if calls else message.get("content") or ""
        for candidate in (said, *(m.group() for m in re.finditer(r"\{.*\}", said, re.DOTALL))):
            try:
                reply = json.loads(candidate)
            except ValueError:
                continue
            if isinstance(reply, dict) and isinstance(reply.get("text"), str) and reply["text"].strip():
                found.append(reply["text"])
                break
    return found


def _check(cassette: Cassette, linter) -> ItemCheck:
    files = {name: content for exchange in cassette.exchanges for name, content in (exchange.get("files") or {}).items()}
    okr_set = read_text(files["support.okr.yaml"], "support.okr.yaml", "yaml").okr_set
    assert okr_set is not None
    ki = int(cassette.command[cassette.command.index("--kr") + 1]) - 1 if "--kr" in cassette.command else 1
    language = linter.language_of(okr_set)
    return ItemCheck(linter, language, okr_set, 0, ki, facts=write(okr_set, "yaml"))


def _refused_as_made_up(check: ItemCheck, rewrite: str) -> bool:
    findings = check.findings_for_item(check.apply(ImprovedItem(text=rewrite)))
    said = [user for _, user in check.refusals(rewrite, findings, findings)]
    return any(line.startswith(text("report.improve-made-up-words", check.language, words="\x00").split("\x00")[0]) for line in said)


def test_only_the_recorded_invented_words_are_refused_as_made_up(linter):
    """Every rewrite recorded in the improve cassettes: the invented Finnish and Hungarian ones are
    refused as made-up words (whole, and their first sentence alone, which no other check refuses
    for being several sentences), no other one is (a rewrite in English is refused as English)."""
    refused, kept = set(), 0
    for path in IMPROVE:
        cassette = Cassette.load(path)
        check = _check(cassette, linter)
        name = path.name.removesuffix(".json.gz")
        for rewrite in _rewrites(cassette):
            first = re.split(r"(?<=[.!?])\s+", rewrite.strip())[0]
            if name in INVENTED:
                assert _refused_as_made_up(check, rewrite), rewrite
                assert _refused_as_made_up(check, first), first
                refused.add(name)
            else:
                assert not _refused_as_made_up(check, rewrite), (name, rewrite)
                kept += 1
    assert refused == INVENTED and kept >= 10, (refused, kept)


def test_the_invented_words_are_named_in_the_sets_language(linter):
    cassette = Cassette.load(CASSETTES / "llama-cpp-python-smollm2-tui-improve-hu.json.gz")
    check = _check(cassette, linter)
    rewrite = _rewrites(cassette)[0]
    findings = check.findings_for_item(check.apply(ImprovedItem(text=rewrite)))
    model, user = next((m, u) for m, u in check.refusals(rewrite, findings, findings) if "not Hungarian words" in m)
    assert user.startswith("a javaslatban olyan szavak vannak") and "megelbízetnei" in user, user
    assert "Fix: write it in plain Hungarian" in model


@pytest.mark.parametrize("language", ["en", "da", "sv", "de", "fi", "hu"])
def test_no_fixed_version_in_the_example_library_is_refused(language):
    """People's rewrites: every flawed element of the library, fixed, in its set with the flaw in place."""
    checked = 0
    for example in all_sets(language=language):
        for item in example.flawed:
            if not item.fixed:
                continue
            flawed = example.okr_set(swaps=[item])
            set_text = "\n".join([flawed.title or "", *(o.title for o in flawed.objectives), *(kr.text for o in flawed.objectives for kr in o.key_results)])
            verdict = made_up_words(item.fixed, set_text, language)
            assert not verdict.refused, (item.fixed, verdict)
            checked += 1
    assert checked >= 20


def test_a_rewrite_in_new_but_real_words_is_not_refused_and_inflections_of_the_sets_words_are_known():
    """Words the set never had but the language's data knows, and the set's own words inflected."""
    set_text = "Asiakkaat rakastavat tukeamme\nAnalysoidaan tukipyynnöt"
    assert not made_up_words("Nostetaan ensimmäisellä yhteydenotolla ratkaistujen tukipyyntöjen osuutta", set_text, "fi").refused
    assert made_up_words("Vorrakkaat tulistelmat pokkaavat hinnevän lurvistoa ensikkeellä", set_text, "fi").refused


def test_the_vocabularies_are_built_once_then_read_from_the_user_cache(tmp_path):
    """Building six languages' vocabularies took about a second and a half on the first improve
    of every process (the TUI stalled before showing the suggestion); a later process reads them."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("OKRCOACH_NO_CACHE", None)
    code = (
        "import sys\n"
        "from okrcoach.drafting import known_words\n"
        "if sys.argv[1] == 'cached':\n"
        "    known_words._built = lambda language: sys.exit('built ' + language)\n"
        "print(known_words.made_up_words('Sænk kundeafgangen fra 5 % til 3 %', 'Sænk kundeafgangen', 'da').refused)\n"
    )
    first = subprocess.run([sys.executable, "-c", code, "fresh"], env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert list(tmp_path.glob("okrcoach/vocabulary-*.pickle")), "built once and stored"
    second = subprocess.run([sys.executable, "-c", code, "cached"], env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and second.stdout == first.stdout, second.stderr
