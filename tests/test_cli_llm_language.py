"""`okrcoach draft` and `improve` speak the brief's or the file's language on standard error, and
a drafted Markdown file has the language's field keys; JSON reports keep their English keys."""

from __future__ import annotations

import json
import re

import pytest

from okrcoach.formats import read_text
from okrcoach.i18n import catalog, text
from okrcoach.language_data import bundled_languages
from okrcoach.linting import verdict
from okrcoach.model import Finding, Level
from tests.fakes.openai_server import Reply
from tests.test_cli_llm import okrcoach

# A Danish draft whose second key result is an activity (OKR220), so the report lists findings.
DANISH = {
    "objectives": [
        {
            "title": "Bliv det foretrukne valg for nordiske webshops",
            "key_results": [
                {"text": "Øg konverteringen fra prøveperiode til betalt fra 8 % til 12 %", "baseline": 8, "target": 12, "unit": "%"},
                {"text": "Analysere konkurrenternes priser"},
            ],
        }
    ]
}
REPORT_KEYS = [key for key in catalog("en").entries if key.startswith("report.") and key.split(".", 1)[1].startswith(("lint-", "level-count", "the-draft", "draft-", "wrote", "improve-"))]


def test_a_danish_draft_reports_in_danish_and_writes_danish_markdown_keys(fake_openai, tmp_path):
    (tmp_path / "facts.txt").write_text("Konverteringen fra prøveperiode til betalt er 8 % i dag.\n", encoding="utf-8")
    fake_openai.script(Reply.data(DANISH), Reply.data(DANISH), Reply.data(DANISH))
    result = okrcoach(
        ["draft", "Vi vil sælge mere til webshops i Norden", "--lang", "da", "--period", "2027-Q1", "--objectives", "1", "--context", "facts.txt", "-o", "salg.okr.md", "--no-stream"],
        fake_openai,
        tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert "skriver udkast med fake-model" in result.stderr and "runde 2: retter 2 problemer…" in result.stderr
    assert "skrev salg.okr.md" in result.stderr
    assert "Reglerne finder 2 fund i dette udkast:" in result.stderr
    assert "salg.okr.md består ikke `okrcoach lint` (fejlgrænse: advarsel): 2 advarsler: ikke godkendt." in result.stderr
    assert "The rubric" not in result.stderr and "not passed" not in result.stderr and "repairing" not in result.stderr
    written = (tmp_path / "salg.okr.md").read_text(encoding="utf-8")
    assert "## Mål 1: Bliv det foretrukne valg" in written
    assert "  - udgangspunkt: 8\n  - målværdi: 12\n  - enhed: %\n" in written and "baseline:" not in written
    again = read_text(written, "salg.okr.md", "md")
    assert not again.issues and again.okr_set.objectives[0].key_results[0].baseline == 8


@pytest.mark.parametrize(("language", "title"), [("da", "Salg – OKR'er"), ("en", "Salg OKRs")])
def test_a_drafts_title_names_the_team_in_the_drafts_language(fake_openai, tmp_path, language, title):
    fake_openai.default = Reply.data(DANISH)
    result = okrcoach(
        ["draft", "Vi vil sælge mere til webshops i Norden", "--lang", language, "--team", "Salg", "--period", "2027-Q1", "--objectives", "1", "-o", "salg.okr.yaml", "--no-stream"],
        fake_openai,
        tmp_path,
    )
    assert result.returncode in (0, 1), result.stderr
    assert read_text((tmp_path / "salg.okr.yaml").read_text(encoding="utf-8"), "salg.okr.yaml", "yaml").okr_set.title == title


def test_a_danish_draft_json_report_keeps_its_english_contract(fake_openai, tmp_path):
    (tmp_path / "facts.txt").write_text("Konverteringen fra prøveperiode til betalt er 8 % i dag.\n", encoding="utf-8")
    fake_openai.script(Reply.data(DANISH), Reply.data(DANISH), Reply.data(DANISH))
    result = okrcoach(["draft", "Vi vil sælge mere til webshops i Norden", "--lang", "da", "--objectives", "1", "--context", "facts.txt", "--json", "--no-stream"], fake_openai, tmp_path)
    report = json.loads(result.stdout)
    assert {"version", "okrs", "passed", "fail_level", "findings", "usage"} <= set(report)
    assert report["fail_level"] == "warning" and report["passed"] is False


def test_improve_speaks_the_files_language(fake_openai, tmp_path):
    path = tmp_path / "s.okr.md"
    path.write_text("# Kundeservice 2027-Q1\n\n## Mål 1: Gør hver kunde til fan\n\n- Hæv NPS fra 31 til 45\n- Analysere supportsager\n", encoding="utf-8")
    fake_openai.script(Reply.data({"text": "Løs 80 % af sagerne ved første kontakt", "rationale": "r"}))
    result = okrcoach(["improve", "s.okr.md"], fake_openai, tmp_path)
    assert "forbedrer O1.KR2…" in result.stderr, result.stderr
    assert "Kør igen med --write for at gemme ændringerne." in result.stderr
    assert "s.okr.md med forbedringerne" in result.stderr
    assert "improving" not in result.stderr and "as improved" not in result.stderr


@pytest.mark.parametrize("language", [code for code in bundled_languages() if code != "en"])
def test_every_draft_and_improve_line_is_translated(language):
    """Each line `draft` and `improve` write has its own wording in every language, not the English one."""
    english = catalog("en").entries
    same = [key for key in REPORT_KEYS if catalog(language).entries[key] == english[key] and key not in ("report.draft-verdict", "report.improve-verdict")]
    assert not same, f"{language}.yaml repeats the English text of {same}"


@pytest.mark.parametrize("language", sorted(bundled_languages()))
def test_the_lint_verdict_reads_in_every_language(language):
    finding = Finding(code="OKR220", name="activity-key-result", level=Level.warning, category="outcome", message="m", fix="f", path="x.okr.md", line=None, target="key_result")
    failed = verdict([finding, finding], "warning").summary(language)
    assert "`okrcoach lint`" in failed and "2" in failed
    assert failed != verdict([finding], "warning").summary(language)
    assert verdict([], "warning").summary(language) == text("report.lint-passes", language, level=text("report.level", language, level="warning"))
    if language == "en":
        assert failed == "does not pass `okrcoach lint` (fail level: warning): 2 warnings"


@pytest.mark.parametrize(("language", "says"), [("da", "afviste API-nøglen"), ("hu", "elutasította az API-kulcsot")])
def test_a_failed_draft_says_why_in_the_briefs_language(fake_openai, tmp_path, language, says):
    fake_openai.script(Reply.error(401, "Incorrect API key provided", code="invalid_api_key"))
    result = okrcoach(["draft", "Vi vil sælge mere til webshops i Norden", "--lang", language, "--no-stream"], fake_openai, tmp_path)
    assert result.returncode == 3, result.stderr
    assert says in result.stderr and "okrcoach doctor" in result.stderr, result.stderr
    assert "rejected the API key" not in result.stderr and "Check the key" not in result.stderr


def test_a_draft_without_an_llm_says_what_to_set_in_the_briefs_language(tmp_path):
    result = okrcoach(["draft", "Vi vil sælge mere til webshops i Norden", "--lang", "da", "--no-stream"], None, tmp_path, key=None)
    assert "Der er ikke opsat nogen LLM." in result.stderr and "OPENAI_API_KEY" in result.stderr, result.stderr
    assert "No LLM is configured" not in result.stderr and "No API key" not in result.stderr


@pytest.mark.parametrize("language", [code for code in bundled_languages() if code != "en"])
def test_every_llm_failure_is_translated(language):
    """Why an LLM call failed and what to do, in every language's own words."""
    english = catalog("en").entries
    keys = [key for key in english if key.startswith("report.llm-")]
    assert len(keys) > 40
    same = [key for key in keys if catalog(language).entries[key] == english[key]]
    assert not same, f"{language}.yaml repeats the English text of {same}"


def test_the_brief_checks_speak_the_briefs_language(fake_openai, tmp_path):
    fake_openai.default = Reply.data(DANISH)  # one objective, every round, where two are asked for
    result = okrcoach(["draft", "Vi vil sælge mere til webshops i Norden", "--lang", "da", "--objectives", "2", "--no-stream"], fake_openai, tmp_path)
    assert "Sættet:" in result.stderr and "det har 1 målsætning, men der blev bedt om 2" in result.stderr, result.stderr
    assert "were asked for" not in result.stderr and "The set" not in result.stderr


def test_an_english_answer_to_a_danish_brief_is_named_in_danish_and_not_passed(fake_openai, tmp_path):
    """A small model answering a Danish brief in English: every round, the same English set, whose
    short key results pass the rubric's other rules one by one; the draft is saved, said to be in
    English, and not passed; `okrcoach lint` of the saved file (which does not know the brief)
    reports only that its short English key results are not in the set's language (OKR309: "Win"
    and "new" open each of them)."""
    english = {"objectives": [{"title": "Happy webshop customers", "key_results": [{"text": "Win 40 new enterprise customers"}, {"text": "Win 60 new webshop customers"}]}]}
    fake_openai.default = Reply.data(english)
    result = okrcoach(["draft", "Vi vil vokse blandt danske webshops", "--lang", "da", "--period", "2027-Q1", "--objectives", "1", "-o", "salg.okr.yaml", "--json"], fake_openai, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Udkastet opfylder ikke oplægget:" in result.stderr and "det er skrevet på engelsk, ikke på dansk som ønsket" in result.stderr, result.stderr
    assert "ikke godkendt" in result.stderr and "written in English" not in result.stderr
    report = json.loads(result.stdout)
    assert report["passed"] is False and [n["kind"] for n in report["notes"]] == ["language"]
    assert len(fake_openai.chat_requests) == 3, "the language was sent back in each repair round"
    linted = okrcoach(["lint", "salg.okr.yaml", "--format", "json"], None, tmp_path)
    assert linted.returncode == 1, linted.stderr
    assert [(f["code"], f["target"]) for f in json.loads(linted.stdout)["findings"]] == [("OKR309", "key_result"), ("OKR309", "key_result")]


@pytest.mark.parametrize("language", ["da", "de", "hu"])
def test_a_rewrite_improve_does_not_apply_is_explained_in_the_files_language(fake_openai, tmp_path, language):
    """A small model's English rewrite with a number the set never had: what stands in the way is
    said in the file's language, never as the English re-ask okrcoach sends the model."""
    words = {"da": ("Gør hver kunde til fan", "Hæv NPS fra 31 til 45", "Analysér supportsager"), "de": ("Jeden Kunden zum Fan machen", "NPS von 31 auf 45 steigern", "Supporttickets analysieren")}
    words["hu"] = ("Minden ügyfelünkből rajongót csinálunk", "Az NPS emelése 31-ről 45-re", "A supportjegyek elemzése")
    objective, outcome, activity = words[language]
    (tmp_path / "s.okr.yaml").write_text(f"period: 2027-Q1\nlanguage: {language}\nobjectives:\n  - title: {objective}\n    key_results:\n      - {outcome}\n      - {activity}\n", encoding="utf-8")
    fake_openai.default = Reply.data({"text": "Reduce the average response time to support tickets from 24 to 8 hours", "rationale": "r"})
    result = okrcoach(["improve", "s.okr.yaml", "--write"], fake_openai, tmp_path, timeout=240)
    assert result.returncode == 1, result.stderr
    assert text("report.improve-number-not-in-set", language, number="24") in result.stderr, result.stderr
    assert (
        "OKR309 mixed-language: "
        + text("rules.OKR309.message", language, evidence=text("phrases.language-name", language, language="en"), set_language=text("phrases.language-name", language, language=language))
        in result.stderr
    )
    assert "Fix:" not in result.stderr and "is not in the OKR set" not in result.stderr


@pytest.mark.parametrize("stream", [False, True])
def test_why_a_reply_could_not_be_read_is_said_in_the_briefs_language(fake_openai, tmp_path, stream):
    """A small model's reply cut off at max_tokens, then prose: both reasons in Danish, on the
    round's status line and in the final message; the model itself is told in English."""
    cut = '{"objectives": [{"title": "Bliv det naturlige valg for danske webshops", "key_results": [{"text": "Øg antallet af aktive webshops fra 1.2'
    fake_openai.script(Reply.text(cut, finish_reason="length"), Reply.text("Her er dine OKR'er: Målsætning 1 …"), Reply.text(cut, finish_reason="length"))
    args = ["draft", "Vi vil vokse blandt danske webshops", "--lang", "da", "--period", "2027-Q1", "--objectives", "1", "--mode", "json", "-o", "out.okr.yaml"]
    result = okrcoach([*args, *([] if stream else ["--no-stream"])], fake_openai, tmp_path, extra_env={"OKRCOACH_REPAIR_ROUNDS": "1"}, timeout=240)
    assert result.returncode == 3, result.stderr
    cut_off = text("report.reply-cut-off-at", "da", limit="1500") if stream else text("report.reply-cut-off", "da")
    assert text("report.draft-status-unreadable", "da", reason=cut_off) in result.stderr, result.stderr
    last = next(line for line in result.stderr.splitlines() if line.startswith("okrcoach: "))
    assert last.startswith("okrcoach: Modellen svarede 2 gange, men intet svar kunne læses som OKR'er: svaret ")
    for english in ("the reply", "cut off", "requested"):
        assert english not in result.stderr
    reask = fake_openai.chat_requests[1]["messages"][-1]["content"]
    assert "the reply was cut off at max_tokens" in reask, "the model is told in English, as every prompt is"


def test_draft_and_improve_verbose_token_lines_speak_the_language(fake_openai, tmp_path):
    fake_openai.script(Reply.data(DANISH), Reply.data(DANISH), Reply.data(DANISH))
    drafted = okrcoach(["draft", "Vi vil sælge mere til webshops i Norden", "--lang", "da", "--objectives", "1", "-v", "--no-stream"], fake_openai, tmp_path)
    line = next(line for line in drafted.stderr.splitlines() if "tokenforbrug:" in line)
    assert "runder; tokenforbrug: " in line and " svar = " in line and " kald" in line, drafted.stderr
    assert "round(s)" not in drafted.stderr and "completion" not in drafted.stderr and "request(s)" not in drafted.stderr
    path = tmp_path / "s.okr.md"
    path.write_text("# Kundeservice 2027-Q1\n\n## Mål 1: Gør hver kunde til fan\n\n- Hæv NPS fra 31 til 45\n- Analysere supportsager\n", encoding="utf-8")
    fake_openai.script(Reply.data({"text": "Løs 80 % af sagerne ved første kontakt", "rationale": "r"}))
    improved = okrcoach(["improve", "s.okr.md", "-v"], fake_openai, tmp_path)
    assert any(line.startswith("tokenforbrug: ") and " svar = " in line for line in improved.stderr.splitlines()), improved.stderr
    assert "tokens: " not in improved.stderr and "completion" not in improved.stderr
    # In English the lines read as before.
    fake_openai.script(Reply.data({"text": "Resolve 80% of cases at first contact", "rationale": "r"}))
    (tmp_path / "e.okr.md").write_text("# Support 2027-Q1\n\n## Objective 1: Make every customer a fan\n\n- Raise NPS from 31 to 45\n- Analyse support tickets\n", encoding="utf-8")
    english = okrcoach(["improve", "e.okr.md", "-v"], fake_openai, tmp_path)
    assert any(line.startswith("tokens: ") and " completion = " in line and re.search(r" in (?:1 request|(?!1 )\d+ requests)$", line) for line in english.stderr.splitlines()), english.stderr


def test_a_danish_draft_json_report_says_its_notes_in_danish(fake_openai, tmp_path):
    """The keys are the contract; the notes' and findings' texts are the draft's language, as lint's
    JSON messages are (a baseline the brief never gave is noted in Danish)."""
    (tmp_path / "facts.txt").write_text("Vi sælger til webshops i Norden.\n", encoding="utf-8")
    fake_openai.script(Reply.data(DANISH), Reply.data(DANISH), Reply.data(DANISH))
    result = okrcoach(["draft", "Vi vil sælge mere til webshops i Norden", "--lang", "da", "--objectives", "1", "--context", "facts.txt", "--json", "--no-stream"], fake_openai, tmp_path)
    report = json.loads(result.stdout)
    notes = report["notes"]
    assert notes and all(set(note) == {"ref", "kind", "message", "number"} for note in notes), notes
    said = [note["message"] for note in notes]
    assert text("report.note-not-given", "da", what="baseline", number="8") in said and not [m for m in said if "facts you were given" in m], said


def test_a_mode_fallback_is_said_in_the_files_language(fake_openai, tmp_path):
    """A model whose replies do not fit the structure: okrcoach says, in the Swedish file's language,
    that it tries the next mode (the server's and pydantic's own words aside)."""
    (tmp_path / "support.okr.yaml").write_text(
        "language: sv\nperiod: 2027-Q1\nobjectives:\n  - title: Gör self-service till det självklara första steget\n    key_results:\n      - Håll en workshop om hjälpcentret varje månad\n",
        encoding="utf-8",
    )
    fake_openai.default = Reply.data({"objectives": []})
    result = okrcoach(["improve", "support.okr.yaml", "--objective", "1", "--kr", "1"], fake_openai, tmp_path, extra_env={"OKRCOACH_RETRIES": "0"})
    assert "modellens svar i läget json_schema kunde inte läsas; nästa begäran använder läget json" in result.stderr, result.stderr
    assert "could not be read; the next request" not in result.stderr


def test_a_retry_is_said_in_the_drafts_language(fake_openai, tmp_path):
    fake_openai.script(Reply.error(503, "busy"), Reply.data(DANISH), Reply.data(DANISH), Reply.data(DANISH))
    result = okrcoach(["draft", "Vi vil sælge mere til webshops i Norden", "--lang", "da", "--objectives", "1", "--no-stream", "--verbose"], fake_openai, tmp_path, extra_env={"OKRCOACH_RETRIES": "1"})
    assert "svarede 503; prøver igen om " in result.stderr, result.stderr
    assert "retrying in" not in result.stderr


def test_improves_no_rewrite_message_speaks_the_files_language_and_keeps_the_validator_for_v(fake_openai, tmp_path):
    """Replies that never fit the structure: the reason is said in the file's language; what the
    validator said (English, pydantic's words) is shown only with -v, labelled as such."""
    (tmp_path / "support.okr.yaml").write_text(
        "language: da\nperiod: 2027-Q1\nobjectives:\n  - title: Gør selvbetjening til det naturlige første skridt\n    key_results:\n      - Hold en workshop om hjælpecentret hver måned\n",
        encoding="utf-8",
    )
    fake_openai.default = Reply.data({"objectives": []})
    args = ["improve", "support.okr.yaml", "--objective", "1", "--kr", "1"]
    result = okrcoach(args, fake_openai, tmp_path, extra_env={"OKRCOACH_RETRIES": "0"})
    assert result.returncode == 3, result.stderr
    line = next(line for line in result.stderr.splitlines() if "intet svar kunne læses som en omskrivning" in line)
    assert line.endswith("svaret havde ikke de felter, der blev bedt om."), line
    assert "Field required" not in result.stderr and "field required" not in result.stderr.lower()
    verbose = okrcoach([*args, "-v"], fake_openai, tmp_path, extra_env={"OKRCOACH_RETRIES": "0"})
    detail = next(line for line in verbose.stderr.splitlines() if line.startswith("hvad der var galt med det sidste svar"))
    assert "text" in detail and "required" in detail.lower(), verbose.stderr


def test_a_drafts_no_okrs_message_speaks_the_drafts_language(fake_openai, tmp_path):
    fake_openai.default = Reply.text("Jeg kan ikke svare i JSON i dag {")
    result = okrcoach(["draft", "Vi vil sælge mere til webshops i Norden", "--lang", "da", "--objectives", "1", "--no-stream"], fake_openai, tmp_path, extra_env={"OKRCOACH_RETRIES": "0"})
    assert result.returncode == 3, result.stderr
    line = next(line for line in result.stderr.splitlines() if "intet svar kunne læses som OKR" in line)
    assert line.endswith("svaret var ikke den ønskede JSON.") or line.endswith("svaret havde ikke de felter, der blev bedt om."), line
    assert "Expecting" not in result.stderr and "JSON (" not in result.stderr
