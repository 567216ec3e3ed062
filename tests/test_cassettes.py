"""Real model servers' answers, replayed: every cassette in tests/cassettes runs its command again.

Each cassette was recorded by `bench/draft_flow.py --record` while okrcoach talked to a real
llama-server or llama-cpp-python server with a small GGUF model (SmolLM2-135M-Instruct, Gemma 3
270M). The fake server now answers exactly as the real one did, in the same order, and the same
command must end the same way: the same exit code, the same requests (mode and streaming), the
same message naming the cause, a draft okrcoach calls passed that `okrcoach lint` passes too,
and junk never called clean. When okrcoach's behaviour changes on purpose (a prompt, a request
more or less), record the cassettes again against the real servers.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.recorder import Cassette, models_reply, replies, request_summary

REPO = Path(__file__).resolve().parents[1]
CASSETTES = sorted((Path(__file__).parent / "cassettes").glob("*.json.gz"))


def _normalise(text: str) -> list[str]:
    """okrcoach's own message lines, with addresses, times and token counts made comparable."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("okrcoach:"):
            continue
        line = re.sub(r"http://127\.0\.0\.1:\d+/v1", "<endpoint>", line)
        line = re.sub(r"\d+(?:\.\d+)? s\b", "<n> s", line)
        line = re.sub(r"/tmp/\S+", "<path>", line)
        lines.append(line)
    return lines


@pytest.mark.skipif(not CASSETTES, reason="no cassettes recorded")
@pytest.mark.parametrize("path", CASSETTES, ids=[p.name.removesuffix(".json.gz") for p in CASSETTES])
def test_replayed_real_traffic_ends_as_it_did(path: Path, fake_openai, tmp_path):
    cassette = Cassette.load(path)
    fake_openai.script(*replies(cassette))
    fake_openai.models_reply = models_reply(cassette)
    for exchange in cassette.exchanges:
        for name, text in (exchange.get("files") or {}).items():
            (tmp_path / name).write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))}
    env.update({"NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / ".cache"), "XDG_CONFIG_HOME": str(tmp_path / ".config"), "OKRCOACH_STATE_DIR": str(tmp_path / ".state")})
    env.update({"OKRCOACH_BASE_URL": fake_openai.base_url, "OKRCOACH_MODEL": cassette.model, "OKRCOACH_TIMEOUT": str(min(cassette.timeout or 30, 30)), "OKRCOACH_RETRIES": "0", **cassette.env})
    script = cassette.command[0] if cassette.command and cassette.command[0].endswith(".py") else None
    command = [sys.executable, str(REPO / script), *cassette.command[1:]] if script else [sys.executable, "-m", "okrcoach", *cassette.command]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    said = done.stderr + done.stdout
    assert "Traceback" not in said
    replayed = [request_summary(body) for body in fake_openai.chat_requests]
    recorded = [e["request"] for e in cassette.chat]
    assert [(r["mode"], r["stream"]) for r in replayed] == [(r["mode"], r["stream"]) for r in recorded], "okrcoach sent other requests than when this was recorded: record again"
    assert done.returncode == cassette.exit_code, f"recorded exit {cassette.exit_code}, now {done.returncode}:\n{said}"
    if done.returncode == 3:
        # An LLM failure is named as it was when recorded (the rubric may have grown stricter
        # since on the drafts that did arrive, so their findings are not compared).
        assert _normalise(said) == _normalise(cassette.stderr + cassette.stdout)
        assert _normalise(said), "an LLM failure names its cause in an `okrcoach:` line"
    output = tmp_path / "out.okr.yaml"
    if output.exists():
        lint = subprocess.run([sys.executable, "-m", "okrcoach", "lint", "out.okr.yaml"], cwd=tmp_path, env=env, capture_output=True, text=True)
        if done.returncode == 0:
            assert lint.returncode == 0, "a draft okrcoach called passed must pass lint"
        junk = [f for f in ("OKR250", "OKR106", "OKR204") if f in lint.stdout]
        if junk:
            assert done.returncode != 0, f"a draft with {junk} was called clean"
    if script == "bench/tui_improve.py":
        # The TUI's i then y: a suggestion the rubric refused stays out of the set whatever the
        # user presses; one it offered is what the set holds after y.
        import json

        shown = json.loads(done.stdout)
        if shown["refused"]:
            assert shown["after"] == shown["original"] and not shown["closed_by_y"], "y accepted a refused suggestion"
        elif shown["ready"]:
            assert shown["after"] == shown["suggestion"].strip()
    if cassette.command[:1] == ["improve"] and "--write" in cassette.command:
        _assert_only_one_key_result_in_the_files_language_was_written(cassette, tmp_path)
    if any(e.get("events") and not any('"usage": {' in ev or '"usage":{' in ev for ev in e["events"]) for e in cassette.chat if e.get("status") == 200):
        if re.search(r"tokens in \d+ request", said):
            assert "estimated from the text" in said, "a stream without usage is counted from its text, marked as an estimate"


def _assert_only_one_key_result_in_the_files_language_was_written(cassette: Cassette, folder: Path) -> None:
    """What `improve --write` put in the file is, element by element, one key result or title in
    the file's language: whatever a real model answered, the rubric decided what was written."""
    from okrcoach.cli.common import lint_setup
    from okrcoach.drafting.responses import item_parts
    from okrcoach.formats import read_text
    from okrcoach.rubric import TextFacts

    linter, _ = lint_setup(folder)
    for name, original in next(e["files"] for e in cassette.exchanges if e.get("files")).items():
        written = (folder / name).read_text(encoding="utf-8")
        if written == original:
            continue
        before, after = (read_text(text, name, "yaml").okr_set for text in (original, written))
        language = linter.language_of(before)
        lexicon = linter.lexicon_for(language)
        old = [o.title for o in before.objectives] + [kr.text for o in before.objectives for kr in o.key_results]
        new = [o.title for o in after.objectives] + [kr.text for o in after.objectives for kr in o.key_results]
        for text in (t for t in new if t not in old):
            assert item_parts(text, TextFacts(text, lexicon).masked) == 1, f"improve --write wrote more than one key result: {text!r}"
            assert linter.text_language(text) in (None, language), f"improve --write wrote another language than the file's ({language}): {text!r}"


@pytest.mark.parametrize("model", ["smollm2", "gemma3"])
def test_a_small_models_finnish_junk_is_refused_in_finnish_and_the_file_is_unchanged(model, fake_openai, tmp_path):
    """Recorded: llama-cpp-python's SmolLM2 answered two sentences of made-up Finnish words, Gemma 3
    two lines (a date, then a sentence); `improve --write` wrote both into the file before the
    rubric judged a rewrite as one key result."""
    cassette = Cassette.load(REPO / "tests" / "cassettes" / f"llama-cpp-python-{model}-improve-fi.json.gz")
    fake_openai.script(*replies(cassette))
    original = cassette.exchanges[0]["files"]["support.okr.yaml"]
    (tmp_path / "support.okr.yaml").write_text(original, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))}
    env.update({"NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / ".cache"), "XDG_CONFIG_HOME": str(tmp_path / ".config"), "OKRCOACH_STATE_DIR": str(tmp_path / ".state")})
    env.update({"OKRCOACH_BASE_URL": fake_openai.base_url, "OKRCOACH_MODEL": cassette.model, "OKRCOACH_TIMEOUT": "30", "OKRCOACH_RETRIES": "0", **cassette.env})
    done = subprocess.run([sys.executable, "-m", "okrcoach", *cassette.command], cwd=tmp_path, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert (tmp_path / "support.okr.yaml").read_text(encoding="utf-8") == original, "nothing written"
    assert done.stdout == "", "no diff: nothing changes"
    assert "O1.KR2: ei otettu käyttöön" in done.stderr
    assert "ehdotuksessa on 2 virkettä tai riviä, ei yksi avaintulos" in done.stderr
    refused = next(line for line in done.stderr.splitlines() if "ei otettu käyttöön" in line)
    assert ("⏎" in refused) == (model == "gemma3"), "a reply of several lines is quoted on one line, its breaks shown"
    assert done.returncode == 1
