"""`okrcoach examples`: handouts and answer keys from the library, and generated with the fake server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from okrcoach.cli import main
from tests.fakes.openai_server import Reply
from tests.workshop.test_generate import ACTIVITY, GOOD, OUTPUT


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def okrcoach(args: list[str], cwd: Path, fake=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))}
    env.update({"NO_COLOR": "1", "OKRCOACH_STATE_DIR": str(cwd / "state"), "XDG_CONFIG_HOME": str(cwd / "config")})
    if fake is not None:
        env.update({"OKRCOACH_BASE_URL": fake.base_url, "OKRCOACH_MODEL": "fake-model", "OKRCOACH_RETRIES": "0", "OKRCOACH_TIMEOUT": "10"})
    return subprocess.run([sys.executable, "-m", "okrcoach", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_a_danish_marketing_handout_and_answer_key_in_html(here, capsys):
    assert main(["examples", "--function", "marketing", "--lang", "da", "--format", "html", "-o", "handout.html"]) == 0
    err = capsys.readouterr().err
    assert "skrev handout.html og handout-answers.html" in err, "the note speaks the handout's language"
    sheet = (here / "handout.html").read_text(encoding="utf-8")
    key = (here / "handout-answers.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in sheet and "Find fejlen: Marketing" in sheet and "OKR2" not in sheet
    assert "Facitliste" in key and "OKR" in key and "Bedre:" in key
    assert "@page { size: A4" in sheet and "@page { size: A4" in key


def test_output_is_deterministic_for_a_seed_and_refuses_to_overwrite(here, capsys):
    assert main(["examples", "--lang", "sv", "--seed", "4", "-o", "a.md"]) == 0
    assert main(["examples", "--lang", "sv", "--seed", "4", "-o", "b.md"]) == 0
    assert (here / "a.md").read_text() == (here / "b.md").read_text()
    assert (here / "a-answers.md").read_text() == (here / "b-answers.md").read_text()
    capsys.readouterr()
    (here / "c-answers.md").write_text("precious\n")
    assert main(["examples", "-o", "c.md"]) == 2
    assert "c-answers.md already exists; pass --force" in capsys.readouterr().err
    assert not (here / "c.md").exists() and (here / "c-answers.md").read_text() == "precious\n"
    assert main(["examples", "-o", "c.md", "--force"]) == 0
    assert (here / "c-answers.md").read_text() != "precious\n"


def test_without_output_the_key_follows_the_handout(here, capsys):
    assert main(["examples", "--function", "hr", "--lang", "fi"]) == 0
    out = capsys.readouterr().out
    assert out.index("# Etsi virhe: Henkilöstö") < out.index("\n---\n") < out.index("# Vastaukset")
    assert main(["examples", "--lang", "hu", "--format", "html", "--answers", "key.html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and "Megoldókulcs" not in out
    assert "Megoldókulcs" in (here / "key.html").read_text(encoding="utf-8")


def test_yaml_and_json_give_the_examples_with_labels(here, capsys):
    assert main(["examples", "--lang", "de", "--count", "3", "--flawed", "5", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["flawed"] == 5 and len({e["library_id"].split(":")[0] for e in data["examples"]}) == 3
    assert main(["examples", "--function", "operations", "-o", "ops.yaml"]) == 0
    data = yaml.safe_load((here / "ops.yaml").read_text(encoding="utf-8"))
    assert data["kind"] == "okrcoach-workshop-examples" and data["function"] == "operations"
    assert not (here / "ops-answers.yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--function", "marketting"], "did you mean marketing?"),
        (["--count", "0"], "--count must be between 1 and 20"),
        (["--flawed", "-1"], "--flawed cannot be negative"),
        (["--format", "json", "--answers", "x.json"], "--answers is for md and html"),
        (["--industry", "retail"], "add --generate"),
        (["--generate"], "--generate needs --industry or --goal"),
        (["--generate", "--goal", "x", "--count", "2", "--flawed", "3"], "--flawed can be at most --count"),
        (["-o", "same.md", "--answers", "same.md"], "would be the same file"),
        (["--flaws", "OKR2O1"], "did you mean OKR201?"),
        (["--generate", "--goal", "x", "--flaws", "OKR104"], "generated examples can teach"),
    ],
)
def test_usage_errors_exit_2_with_a_message(here, capsys, args, message):
    assert main(["examples", *args]) == 2
    assert message in capsys.readouterr().err


def test_generate_without_an_llm_says_how_to_configure_one(here, capsys):
    assert main(["examples", "--generate", "--industry", "retail"]) == 3
    err = capsys.readouterr().err
    assert "No LLM is configured" in err and "OPENAI_API_KEY" in err and "without --generate" in err.lower()


def test_the_library_handout_needs_no_llm_libraries(tmp_path):
    code = (
        "import sys\nfrom okrcoach.cli import main\n"
        "main(['examples', '--lang', 'da', '--function', 'marketing', '--format', 'html'])\n"
        "print([m for m in ('openai', 'instructor', 'textual', 'httpx') if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_generated_examples_are_verified_regenerated_dropped_and_marked(fake_openai, tmp_path):
    # Example 1 (flawed, OKR220): wrong flaw first, regenerated, then right. Example 2 (good): never
    # verifies (it is flawed every time) and is dropped after 1 + 3 attempts.
    fake_openai.script(Reply.data(OUTPUT), Reply.data(ACTIVITY), *[Reply.data(ACTIVITY)] * 4)
    result = okrcoach(
        [
            "examples",
            "--generate",
            "--industry",
            "B2B software",
            "--function",
            "sales",
            "--count",
            "2",
            "--flawed",
            "1",
            "--flaws",
            "activity-key-result",
            "--seed",
            "3",
            "--format",
            "html",
            "-o",
            "gen.html",
        ],
        tmp_path,
        fake_openai,
    )
    plan_first = "flawed (OKR220)" in result.stderr.splitlines()[0]
    assert result.returncode == 1, result.stderr
    assert len(fake_openai.chat_requests) == 6 and fake_openai.pending == 0
    assert "1 of 2 generated examples passed the rubric" in result.stderr
    assert "dropped a good sales example: it did not pass the rubric in 4 attempts" in result.stderr
    sheet = (tmp_path / "gen.html").read_text(encoding="utf-8")
    key = (tmp_path / "gen-answers.html").read_text(encoding="utf-8")
    assert "generated by fake-model, checked by the okrcoach rubric" in sheet
    assert "Analyse why we lose deals to competitors" in sheet and "Send 300 proposals" not in sheet
    assert "OKR220 activity-key-result" in key and "OKR201 key-result-without-target" in key
    assert "Raise the win rate on qualified opportunities from 22 % to 30 %" in key
    assert plan_first, "the seed puts the flawed example first; the scripted replies rely on it"


def test_generated_good_examples_pass_and_exit_0(fake_openai, tmp_path):
    fake_openai.script(Reply.data(GOOD))
    result = okrcoach(["examples", "--generate", "--goal", "Win more new customers among webshops", "--count", "1", "--flawed", "0", "--format", "json"], tmp_path, fake_openai)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["examples"][0]["source"] == "generated" and data["examples"][0]["model"] == "fake-model"
    assert data["examples"][0]["function"] == "sales" and data["flawed"] == 0
    body = fake_openai.chat_requests[0]
    assert "Goal: Win more new customers among webshops" in json.dumps(body, ensure_ascii=False)


def test_a_failing_endpoint_exits_3_and_writes_nothing(fake_openai, tmp_path):
    fake_openai.default = Reply.error(401, "Incorrect API key provided", code="invalid_api_key")
    result = okrcoach(["examples", "--generate", "--industry", "retail", "-o", "x.md"], tmp_path, fake_openai)
    assert result.returncode == 3 and "rejected the API key" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.md").exists()


def test_count_is_the_number_of_examples_and_stdout_holds_one_document(here, capsys):
    for count in (1, 2, 3, 4):
        assert main(["examples", "--count", str(count)]) == 0
        out = capsys.readouterr().out
        handout = out.split("\n---\n")[0]
        assert handout.count("\n## ") == count
        titles = [line for line in handout.splitlines() if line.startswith("**")]
        assert len(titles) == len(set(titles))
    for lang in ("en", "hu"):
        assert main(["examples", "--lang", lang, "--format", "html", "--count", "3"]) == 0
        out = capsys.readouterr().out
        assert out.count("<!DOCTYPE") == 1 and out.count("</html>") == 1
        assert out.index("<h1>") < out.index('<div class="answer-key">') < out.rindex("</body>")


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "only 1 example set matches; the handout has 1 instead of 3"),
        ("sv", "bara 1 exempeluppsättning passar; materialet har 1 i stället för 3"),
        ("fi", "vain 1 esimerkkikokonaisuus sopii; monisteessa on 1 eikä 3"),
    ],
)
def test_fewer_example_sets_than_asked_for_is_said_in_the_number_it_is(here, capsys, language, said):
    """A facilitator asking one function for three examples reads one sentence in singular, not
    `set(s)`, `exempeluppsättning(ar)` or a Finnish partitive after 1."""
    assert main(["examples", "--function", "sales", "--lang", language, "--count", "3", "-o", "round.md"]) == 0
    assert said in capsys.readouterr().err
