"""`okrcoach draft`, `improve` and `doctor` end to end: real subprocesses against the fake server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.fakes.openai_server import FAST_RETRY, Reply

GOOD = {
    "objectives": [
        {
            "title": "Become the first choice for Nordic webshops",
            "key_results": [{"text": "Raise trial-to-paid conversion from 8% to 12%", "baseline": 8, "target": 12, "unit": "%"}, {"text": "Win 15 new webshop customers in Denmark", "target": 15}],
        },
        {
            "title": "Make every customer a fan",
            "key_results": [{"text": "Raise NPS from 31 to 45", "baseline": 31, "target": 45}, {"text": "Cut first response time from 6 to 2 hours", "baseline": 6, "target": 2, "unit": "hours"}],
        },
    ]
}
PLAIN = {
    "objectives": [
        {
            "title": "Become the first choice for Nordic webshops",
            "key_results": [{"text": "Raise trial-to-paid conversion from 8% to 12%", "baseline": 8, "target": 12, "unit": "%"}, {"text": "Win 15 new webshop customers in Denmark", "target": 15}],
        }
    ]
}
FACTS = "Trial-to-paid conversion is 8 % today."
BAD = {"objectives": [{"title": "Become the first choice for Nordic webshops", "key_results": [{"text": "Analyse competitor pricing"}, {"text": "Win 15 new webshop customers in Denmark"}]}]}
KEY = "sk-test-abcdefghijklmnop1234"


def okrcoach(args: list[str], fake, tmp_path: Path, key: str | None = KEY, extra_env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))}
    env.update({"NO_COLOR": "1", "OKRCOACH_STATE_DIR": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config")})
    if fake is not None:
        env.update({"OKRCOACH_BASE_URL": fake.base_url, "OKRCOACH_MODEL": "fake-model", "OKRCOACH_RETRIES": "0", "OKRCOACH_TIMEOUT": "10"})
    if key:
        env["OKRCOACH_API_KEY"] = key
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "okrcoach", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def no_key_anywhere(result: subprocess.CompletedProcess, tmp_path: Path) -> None:
    assert KEY not in result.stdout and KEY not in result.stderr
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert KEY not in path.read_text(encoding="utf-8", errors="replace"), f"the API key leaked into {path}"


def test_draft_writes_a_file_that_passed_the_rubric(fake_openai, tmp_path):
    (tmp_path / "facts.txt").write_text("Trial-to-paid conversion is 8 % today. NPS is 31; first response takes 6 hours.\n")
    fake_openai.script(Reply.data(BAD), Reply.data(GOOD))
    result = okrcoach(
        ["draft", "Grow webshop sales in the Nordics", "--team", "Sales", "--period", "2027-Q1", "--context", "facts.txt", "--objectives", "2", "-o", "sales.okr.yaml", "--verbose"],
        fake_openai,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((tmp_path / "sales.okr.yaml").read_text())
    assert data["team"] == "Sales" and data["period"] == "2027-Q1" and len(data["objectives"]) == 2
    assert "drafting with fake-model" in result.stderr and "wrote sales.okr.yaml" in result.stderr
    assert "tokens:" in result.stderr and "2 rounds" in result.stderr
    assert len(fake_openai.chat_requests) == 2
    lint = subprocess.run([sys.executable, "-m", "okrcoach", "lint", "--format", "json", "sales.okr.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert not [f for f in json.loads(lint.stdout)["findings"] if f["level"] == "error"]
    no_key_anywhere(result, tmp_path)


def test_draft_prints_to_stdout_without_output_and_reports_json(fake_openai, tmp_path):
    fake_openai.script(Reply.data(PLAIN))
    (tmp_path / "facts.txt").write_text(FACTS)
    result = okrcoach(["draft", "Grow webshop sales", "--period", "2027-Q1", "--objectives", "1", "--context", "facts.txt", "--no-stream", "--json"], fake_openai, tmp_path)
    report = json.loads(result.stdout)
    assert report["version"] == 2 and report["passed"] is True and result.returncode == 0
    assert report["usage"]["total_tokens"] > 0 and report["usage"]["requests"] == 1
    assert report["okrs"]["objectives"][0]["title"] == "Become the first choice for Nordic webshops"
    fake_openai.script(Reply.data(PLAIN))
    result = okrcoach(["draft", "Grow webshop sales", "--period", "2027-Q1", "--objectives", "1", "--context", "facts.txt", "--format", "md"], fake_openai, tmp_path)
    assert result.stdout.startswith("---") and "## Objective 1: Become the first choice" in result.stdout


def test_draft_keeps_the_best_draft_with_its_findings(fake_openai, tmp_path):
    fake_openai.script(Reply.data(BAD), Reply.data(BAD), Reply.data(BAD))
    result = okrcoach(["draft", "Grow webshop sales", "--period", "2027-Q1", "-o", "x.okr.yaml"], fake_openai, tmp_path)
    assert result.returncode == 1
    assert "Analyse competitor pricing" in (tmp_path / "x.okr.yaml").read_text()
    assert "OKR220 activity-key-result" in result.stderr


def test_draft_refuses_to_overwrite_without_force(fake_openai, tmp_path):
    (tmp_path / "x.okr.yaml").write_text("precious: true\n")
    result = okrcoach(["draft", "Grow", "-o", "x.okr.yaml"], fake_openai, tmp_path)
    assert result.returncode == 2 and "--force" in result.stderr
    assert (tmp_path / "x.okr.yaml").read_text() == "precious: true\n"
    assert not fake_openai.chat_requests
    fake_openai.script(Reply.data(PLAIN))
    (tmp_path / "facts.txt").write_text(FACTS)
    result = okrcoach(["draft", "Grow", "--period", "2027-Q1", "--objectives", "1", "--context", "facts.txt", "-o", "x.okr.yaml", "--force"], fake_openai, tmp_path)
    assert result.returncode == 0 and "Nordic webshops" in (tmp_path / "x.okr.yaml").read_text()


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply.error(401, "Incorrect API key provided", code="invalid_api_key"), "rejected the API key (401"),
        (Reply.error(404, "The model `fake-model` does not exist", code="model_not_found"), "does not know the model `fake-model`"),
        (Reply.error(429, "Rate limit", headers=FAST_RETRY), "rate-limiting requests (429)"),
        (Reply.error(503, "overloaded"), "server error (503)"),
        (Reply.text("I cannot do JSON today {"), "no reply could be read as OKRs"),
    ],
)
def test_draft_failures_are_messages_and_keep_the_brief(fake_openai, tmp_path, reply, message):
    fake_openai.default = reply
    # A Danish goal drafted in English (`--lang en`): the failure is said in English
    # (tests/test_cli_llm_language.py checks it in the brief's language).
    result = okrcoach(["draft", "Vi vil vokse i Jylland med 20 %", "--team", "Salg", "--lang", "en"], fake_openai, tmp_path)
    assert result.returncode == 3
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    kept = list((tmp_path / "state" / "briefs").glob("*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text())["goal"] == "Vi vil vokse i Jylland med 20 %"
    assert str(kept[0]) in result.stderr
    no_key_anywhere(result, tmp_path)


def test_draft_without_configuration_explains_openai_and_ollama(tmp_path):
    result = okrcoach(["draft", "Grow"], None, tmp_path, key=None)
    assert result.returncode == 3
    assert "OPENAI_API_KEY" in result.stderr and "OKRCOACH_BASE_URL=http://localhost:11434/v1" in result.stderr


def test_openai_key_is_not_sent_to_a_local_server(fake_openai, tmp_path):
    fake_openai.script(Reply.data(PLAIN))
    (tmp_path / "facts.txt").write_text(FACTS)
    result = okrcoach(["draft", "Grow", "--period", "2027-Q1", "--objectives", "1", "--context", "facts.txt"], fake_openai, tmp_path, key=None, extra_env={"OPENAI_API_KEY": "sk-real-openai-key-999"})
    assert result.returncode == 0, result.stderr
    headers = next(r.headers for r in fake_openai.requests if r.path.endswith("/chat/completions"))
    assert "sk-real-openai-key-999" not in headers.get("authorization", "")


IMPROVABLE = """\
# Support OKRs for the first quarter
period: 2027-Q1
objectives:
  - title: Make every customer a fan   # the big one
    key_results:
      - Raise NPS from 31 to 45
      - Analyse support tickets
      - text: Cut first response time from 8 to 2 hours
        owner: Mia
"""


def test_improve_shows_a_diff_and_writes_only_that_line(fake_openai, tmp_path):
    path = tmp_path / "support.okr.yaml"
    path.write_text(IMPROVABLE)
    fake_openai.script(Reply.data({"text": "Resolve 80% of tickets at first contact", "rationale": "Measures what the analysis should change."}))
    result = okrcoach(["improve", "support.okr.yaml", "--objective", "1", "--kr", "2"], fake_openai, tmp_path, extra_env={})
    assert "-      - Analyse support tickets" in result.stdout
    assert "+      - Resolve 80% of tickets at first contact" in result.stdout
    assert path.read_text() == IMPROVABLE, "without --write nothing changes"
    fake_openai.script(Reply.data({"text": "Resolve 80% of tickets at first contact", "rationale": "r"}))
    result = okrcoach(["improve", "support.okr.yaml", "--objective", "1", "--kr", "2", "--write"], fake_openai, tmp_path)
    assert "wrote support.okr.yaml" in result.stderr
    assert path.read_text() == IMPROVABLE.replace("Analyse support tickets", "Resolve 80% of tickets at first contact")


def test_improve_finds_flagged_elements_by_itself(fake_openai, tmp_path):
    (tmp_path / "s.okr.md").write_text("# Support 2027-Q1\n\n## Objective: Make every customer a fan\n\n- Raise NPS from 31 to 45\n- Analyse support tickets\n")
    fake_openai.script(Reply.data({"text": "Cut first response time from 31 to 8 hours", "rationale": "r"}))
    result = okrcoach(["improve", "s.okr.md", "--write"], fake_openai, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "- Cut first response time from 31 to 8 hours" in (tmp_path / "s.okr.md").read_text()
    assert "s.okr.md as improved passes `okrcoach lint`" in result.stderr
    assert len(fake_openai.chat_requests) == 1


def test_improve_exit_code_is_what_lint_says_of_the_improved_file(fake_openai, tmp_path):
    (tmp_path / "s.okr.md").write_text("# Support 2027-Q1\n\n## Objective: Make every customer a fan\n\n- Raise NPS from 31 to 45\n- Analyse support tickets\n")
    fake_openai.script(Reply.data({"text": "Resolve 80% of tickets at first contact", "rationale": "r"}))
    result = okrcoach(["improve", "s.okr.md", "--write"], fake_openai, tmp_path)
    assert "- Resolve 80% of tickets at first contact" in (tmp_path / "s.okr.md").read_text()
    lint = subprocess.run([sys.executable, "-m", "okrcoach", "lint", "s.okr.md"], cwd=tmp_path, capture_output=True, text=True)
    assert lint.returncode == 1, "the target has no baseline: lint fails it"
    assert result.returncode == 1 and "does not pass `okrcoach lint`" in result.stderr


def test_doctor_reports_settings_and_the_working_mode(fake_openai, tmp_path):
    fake_openai.known_models = ["fake-model", "other"]
    fake_openai.script(Reply.data({"ok": True, "word": "okr"}))
    result = okrcoach(["doctor"], fake_openai, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sk-…1234" in result.stdout and KEY not in result.stdout
    assert "✓ reached the endpoint" in result.stdout and "✓ the endpoint serves `fake-model`" in result.stdout
    assert "✓ mode json_schema works" in result.stdout


def test_doctor_diagnoses_a_wrong_key(fake_openai, tmp_path):
    fake_openai.require_key = "sk-the-right-key-0000"
    result = okrcoach(["doctor"], fake_openai, tmp_path)
    assert result.returncode == 1 and "rejected the API key" in result.stdout


def test_doctor_diagnoses_a_wrong_model(fake_openai, tmp_path):
    fake_openai.known_models = ["llama3.1", "qwen2.5"]
    result = okrcoach(["doctor"], fake_openai, tmp_path)
    assert result.returncode == 1
    assert "/models does not list `fake-model`" in result.stdout and "llama3.1" in result.stdout
    assert "Checking the modes with it anyway" in result.stdout, "a missing name must not stop the mode checks"
    assert "does not know the model `fake-model` (404)" in result.stdout


def test_doctor_diagnoses_an_unreachable_endpoint(tmp_path):
    result = okrcoach(["doctor", "--base-url", "http://127.0.0.1:9/v1", "--model", "m"], None, tmp_path, extra_env={"OKRCOACH_RETRIES": "0", "OKRCOACH_TIMEOUT": "3"})
    assert result.returncode == 1 and "Cannot reach http://127.0.0.1:9/v1" in result.stdout


def test_doctor_falls_back_to_a_mode_that_works(fake_openai, tmp_path):
    fake_openai.script(Reply.error(400, "json_schema is not supported"), Reply.data({"ok": True, "word": "okr"}))
    result = okrcoach(["doctor"], fake_openai, tmp_path)
    assert "✗ mode json_schema: the server rejects it (400: json_schema is not supported)" in result.stdout and "✓ mode json works" in result.stdout
    assert "in json mode (remembered for auto mode" in result.stdout
    again = okrcoach(["doctor"], fake_openai, tmp_path)
    assert "auto → tries json, json_schema" in again.stdout and "remembered: json" in again.stdout


def test_offline_draft_needs_no_llm_and_invents_no_numbers(tmp_path):
    result = okrcoach(["draft", "--offline", "Vi vil øge kendskabet til vores brand blandt danske SMV'er", "--team", "Marketing", "--period", "2027-Q1", "-o", "m.okr.yaml"], None, tmp_path, key=None)
    assert result.returncode == 1, "the same rule as `draft`: placeholders are warnings, so not 0"
    assert "OKR202" in result.stderr
    data = yaml.safe_load((tmp_path / "m.okr.yaml").read_text())
    assert data["language"] == "da" and data["period"] == "2027-Q1" and data["team"] == "Marketing"
    texts = [kr if isinstance(kr, str) else kr["text"] for o in data["objectives"] for kr in o["key_results"]]
    assert texts and all("<" in t for t in texts), "every number the user did not give is a placeholder"
    assert not any(ch.isdigit() for t in texts for ch in t)
    assert "skabelonudkast" in result.stderr and "template draft" not in result.stderr, "the notes speak the brief's language"
    assert "OKR202" in result.stderr


def test_improve_never_writes_a_suggestion_that_still_fails(fake_openai, tmp_path):
    """SmolLM2 behind llama-server echoed the re-ask into its rewrite, with numbers the set never
    had; `improve --write` wrote it over the user's key result."""
    path = tmp_path / "support.okr.yaml"
    path.write_text(IMPROVABLE)
    echoed = {"text": "The OKR rubric still finds problems. Fix them. Raise the metric from 3 to 2% to 3%", "rationale": ""}
    fake_openai.script(Reply.data(echoed), Reply.data(echoed), Reply.data(echoed))
    result = okrcoach(["improve", "support.okr.yaml", "--objective", "1", "--kr", "2", "--write"], fake_openai, tmp_path)
    assert path.read_text() == IMPROVABLE, "the user's text is kept"
    assert result.returncode == 1 and "not applied: the rubric still finds problems" in result.stderr
    assert "the number 3 is not in the OKR set" in result.stderr


def test_http_library_loggers_of_every_openai_release_are_quiet(monkeypatch):
    """A failed attempt logged by the HTTP layer (httpx for openai 2.x, httpx2 for 3.x) is not
    printed beside okrcoach's own report."""
    import io
    import logging

    from okrcoach.cli.common import quiet_llm_libraries

    monkeypatch.delenv("OKRCOACH_DEBUG", raising=False)
    stream = io.StringIO()
    root = logging.getLogger()
    handler = logging.StreamHandler(stream)
    root.addHandler(handler)
    try:
        names = ("httpx", "httpcore", "httpx2", "httpcore2")
        saved = {name: (logging.getLogger(name).propagate, list(logging.getLogger(name).handlers)) for name in names}
        quiet_llm_libraries()
        for name in names:
            logging.getLogger(name).warning("retrying request after %s", name)
    finally:
        root.removeHandler(handler)
        for name, (propagate, handlers) in saved.items():
            logging.getLogger(name).propagate = propagate
            logging.getLogger(name).handlers[:] = handlers
    assert stream.getvalue() == ""


def test_improve_on_an_offline_draft_says_what_lint_found_and_why_it_leaves_it(tmp_path):
    """A template draft is all placeholders: improve has nothing a model may rewrite, and says so
    naming lint's findings, and exits as lint does (1), not 0 with "nothing to improve"."""
    drafted = okrcoach(["draft", "Grow brand awareness among Danish SMEs", "--team", "Marketing", "--period", "2027-Q1", "--offline", "-o", "m.okr.yaml"], None, tmp_path, key=None)
    assert drafted.returncode == 1, drafted.stderr
    lint = subprocess.run([sys.executable, "-m", "okrcoach", "lint", "--format", "json", "m.okr.yaml"], cwd=tmp_path, capture_output=True, text=True)
    failing = [f for f in json.loads(lint.stdout)["findings"] if f["level"] != "info"]
    assert lint.returncode == 1 and failing
    result = okrcoach(["improve", "m.okr.yaml"], None, tmp_path, key=None)
    assert result.returncode == 1, result.stderr
    assert "Nothing to improve" not in result.stderr
    assert f"lint's {len(failing)} findings are about what only you know" in result.stderr, result.stderr
    codes = {(f["code"], f["name"]) for f in failing}
    for code, name in codes:
        count = sum(1 for f in failing if f["code"] == code)
        assert f"  {count} × {code} {name}: " in result.stderr
    assert "a placeholder stands for your own number or word" in result.stderr
    assert "m.okr.yaml does not pass `okrcoach lint`" in result.stderr


def test_improve_names_what_it_leaves_to_you_beside_what_it_rewrote(fake_openai, tmp_path):
    (tmp_path / "s.okr.md").write_text("# Support 2027-Q1\n\n## Objective: Make every customer a fan\n\n- Raise NPS to 45\n- Analyse support tickets\n")
    fake_openai.script(Reply.data({"text": "Resolve 80% of tickets at first contact", "rationale": "r"}))
    result = okrcoach(["improve", "s.okr.md"], fake_openai, tmp_path)
    assert "improving O1.KR2" in result.stderr
    assert "Left to you (1 finding;" in result.stderr and "  1 × OKR240 target-without-baseline: the starting value is your own number" in result.stderr, result.stderr


def test_improve_counts_the_seconds_at_a_terminal_and_says_one_line_when_piped(fake_openai, tmp_path):
    """A slow local model: at a terminal standard error counts the seconds on the line under way
    (as the TUI's status bar does) and keeps the time it took; piped, it is one plain line."""
    import pty
    import select

    path = tmp_path / "support.okr.yaml"
    path.write_text(IMPROVABLE)
    rewrite = {"text": "Resolve 80% of tickets at first contact", "rationale": "Measures what the analysis should change."}
    fake_openai.script(Reply.slow(2.5, Reply.data(rewrite)))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))}
    env.update({"NO_COLOR": "1", "OKRCOACH_STATE_DIR": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config"), "OKRCOACH_API_KEY": KEY})
    env.update({"OKRCOACH_BASE_URL": fake_openai.base_url, "OKRCOACH_MODEL": "fake-model", "OKRCOACH_RETRIES": "0", "OKRCOACH_TIMEOUT": "10"})
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "okrcoach", "improve", "support.okr.yaml", "--objective", "1", "--kr", "2"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    shown = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    stdout = process.communicate(timeout=30)[0].decode()
    os.close(controller)
    said = shown.decode()
    assert "+      - Resolve 80% of tickets at first contact" in stdout
    for seconds in (0, 1, 2):
        assert f"improving O1.KR2 with the AI… {seconds} s" in said, said
    assert "\r\x1b[K" in said, "the count is redrawn on its own line"

    fake_openai.script(Reply.slow(1.5, Reply.data(rewrite)))
    piped = okrcoach(["improve", "support.okr.yaml", "--objective", "1", "--kr", "2"], fake_openai, tmp_path)
    assert piped.stderr.count("improving O1.KR2") == 1 and "\r" not in piped.stderr and "\x1b" not in piped.stderr, piped.stderr


def test_a_draft_that_times_out_keeps_what_was_streamed_beside_the_brief(fake_openai, tmp_path):
    """A slow local model at the timeout: the file asked for is not written (exit 3), but what the
    model had written is kept in the state folder, judged as a draft, and the user is told where."""
    fake_openai.default = Reply.stalled(GOOD, after_chunks=6, seconds=30)
    result = okrcoach(["draft", "Grow webshop sales in the Nordics", "--period", "2027-Q1", "--objectives", "2", "-o", "sales.okr.yaml"], fake_openai, tmp_path, extra_env={"OKRCOACH_TIMEOUT": "2"})
    assert result.returncode == 3, result.stderr
    assert not (tmp_path / "sales.okr.yaml").exists()
    kept = list((tmp_path / "state" / "briefs").glob("*-sales.okr.yaml"))
    assert len(kept) == 1, result.stderr
    assert f"is kept in {kept[0]}: finish it with `okrcoach review {kept[0]}`" in result.stderr
    first = GOOD["objectives"][0]
    assert first["title"] in kept[0].read_text(encoding="utf-8")
