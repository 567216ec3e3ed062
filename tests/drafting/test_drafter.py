"""Drafting against the fake OpenAI server: repair loop, baseline honesty, streaming, failures."""

from __future__ import annotations

import asyncio
import json

import pytest

from okrcoach.drafting.client import DraftError
from okrcoach.drafting.drafter import Brief, Drafter
from okrcoach.settings import load_settings
from tests.fakes.openai_server import FAST_RETRY, Reply

BAD = {
    "objectives": [
        {
            "title": "Become the first choice for Nordic webshops",
            "key_results": [{"text": "Analyse competitor pricing"}, {"text": "Raise trial conversion from 8% to 12%", "baseline": 8, "target": 12, "unit": "%"}],
        }
    ]
}
GOOD = {
    "objectives": [
        {
            "title": "Become the first choice for Nordic webshops",
            "key_results": [{"text": "Raise trial-to-paid conversion from 8% to 12%", "baseline": 8, "target": 12, "unit": "%"}, {"text": "Win 15 new webshop customers in Denmark", "target": 15}],
        }
    ]
}
BRIEF = Brief(goal="Grow webshop sales in the Nordics", period="2027-Q1", context="Trial-to-paid conversion is 8 % today.", objectives=1)


def drafter(fake, linter, **overrides) -> Drafter:
    settings = load_settings({"base-url": fake.base_url, "model": "fake-model", "retries": 0, "timeout": 5, **overrides}, environ={})
    return Drafter(settings, linter)


def user_messages(request) -> list[str]:
    """What the client said (user turns and tool results), where instructor puts a re-ask."""
    return [m["content"] for m in request["messages"] if m["role"] in ("user", "tool") and isinstance(m.get("content"), str)]


@pytest.mark.parametrize("mode", ["tools", "json", "json_schema", "md_json"])
@pytest.mark.parametrize("stream", [False, True])
def test_findings_drive_the_repair_and_the_reask_carries_them(fake_openai, linter, mode, stream):
    fake_openai.script(Reply.data(BAD), Reply.data(GOOD))
    partials = []
    result = asyncio.run(drafter(fake_openai, linter, mode=mode).draft(BRIEF, on_partial=partials.append if stream else None))
    assert result.passed and result.rounds == 2
    assert [kr.text for kr in result.okr_set.objectives[0].key_results] == [kr["text"] for kr in GOOD["objectives"][0]["key_results"]]
    assert result.okr_set.period is not None and result.okr_set.period.label == "2027-Q1"
    requests = fake_openai.chat_requests
    assert len(requests) == 2
    reask = "\n".join(user_messages(requests[1]))
    assert "Analyse competitor pricing" in reask, "the re-ask must name the flagged key result"
    assert "describes work to do, not a result to achieve" in reask, "the re-ask must carry the rubric's message"
    assert "so that what?" in reask, "the re-ask must carry the rubric's fix"
    if stream:
        assert len(partials) > 2 and requests[0].get("stream") is True
    assert result.usage.total_tokens > 0 and result.usage.requests == 2


def test_best_draft_is_kept_after_the_last_round(fake_openai, linter):
    fake_openai.script(Reply.data(BAD), Reply.data(BAD), Reply.data(BAD))
    result = asyncio.run(drafter(fake_openai, linter, **{"repair-rounds": 2}).draft(BRIEF))
    assert len(fake_openai.chat_requests) == 3
    assert not result.passed and result.rounds == 3
    assert {f.code for f in result.findings} >= {"OKR220", "OKR201"}
    assert result.okr_set.objectives[0].key_results[0].text == "Analyse competitor pricing"


def test_invented_baseline_is_rejected_and_left_empty(fake_openai, linter):
    invented = {
        "objectives": [
            {
                "title": "Become the first choice for Nordic webshops",
                "key_results": [{"text": "Raise NPS to 45", "baseline": 31, "target": 45}, {"text": "Win 15 new webshop customers in Denmark", "target": 15}],
            }
        ]
    }
    fake_openai.script(Reply.data(invented), Reply.data(invented), Reply.data(invented))
    result = asyncio.run(drafter(fake_openai, linter).draft(BRIEF))
    reask = "\n".join(user_messages(fake_openai.chat_requests[1]))
    assert "the baseline 31 is not among the facts you were given" in reask and "Leave the baseline empty" in reask
    assert result.okr_set.objectives[0].key_results[0].baseline is None
    assert result.unverified and "31" in result.unverified[0]
    assert any(f.code == "OKR240" for f in result.findings), "the rubric then asks the user for the baseline"


def test_baseline_from_the_context_is_kept(fake_openai, linter):
    fake_openai.script(Reply.data(GOOD))
    result = asyncio.run(drafter(fake_openai, linter).draft(BRIEF))
    assert result.passed and result.okr_set.objectives[0].key_results[0].baseline == 8
    assert len(fake_openai.chat_requests) == 1


def test_invented_from_value_in_the_text_is_caught(fake_openai, linter):
    text_only = {"objectives": [{"title": "Become the first choice for Nordic webshops", "key_results": [{"text": "Raise NPS from 31 to 45"}, {"text": "Win 15 new webshop customers in Denmark"}]}]}
    fake_openai.script(Reply.data(text_only), Reply.data(GOOD))
    asyncio.run(drafter(fake_openai, linter).draft(BRIEF))
    assert "starting value 31 is not among the facts" in "\n".join(user_messages(fake_openai.chat_requests[1]))


def test_language_follows_the_brief(fake_openai, linter):
    fake_openai.script(Reply.data({"objectives": [{"title": "Bliv førstevalget for danske webshops", "key_results": [{"text": "Vind 15 nye kunder i Jylland"}, {"text": "Øg NPS fra 32 til 45"}]}]}))
    brief = Brief(goal="Vi vil vokse blandt danske webshops og øge kundetilfredsheden", period="2027-Q1", context="NPS er 32 i dag.")
    result = asyncio.run(drafter(fake_openai, linter).draft(brief))
    system = fake_openai.chat_requests[0]["messages"][0]["content"]
    assert "Write everything in Danish" in system
    assert result.okr_set.language == "da"


@pytest.mark.parametrize(
    ("reply", "kind", "text"),
    [
        (Reply.error(401, "Incorrect API key provided", code="invalid_api_key"), "auth", "rejected the API key"),
        (Reply.error(404, "The model `fake-model` does not exist", code="model_not_found"), "model", "does not know the model"),
        (Reply.error(429, "Rate limit reached", headers=FAST_RETRY), "rate_limit", "rate-limiting"),
        (Reply.error(500, "boom"), "server", "server error"),
        (Reply.error(400, "response_format json_object is not supported"), "mode", "rejected every structured-output mode"),
        (Reply.error(400, "temperature must be at most 2"), "bad_request", "rejected the request (400): temperature must be at most 2"),
    ],
)
def test_http_failures_become_messages(fake_openai, linter, reply, kind, text):
    fake_openai.default = reply
    with pytest.raises(DraftError) as caught:
        asyncio.run(drafter(fake_openai, linter).draft(BRIEF))
    assert caught.value.kind == kind
    assert text in caught.value.message and caught.value.hint


def test_rate_limit_is_retried_by_the_sdk_then_succeeds(fake_openai, linter):
    fake_openai.script(Reply.error(429, "slow down", headers=FAST_RETRY), Reply.data(GOOD))
    result = asyncio.run(drafter(fake_openai, linter, retries=2).draft(BRIEF))
    assert result.passed and len(fake_openai.chat_requests) == 2


def test_timeout_is_a_message(fake_openai, linter):
    fake_openai.default = Reply.slow(2, Reply.data(GOOD))
    with pytest.raises(DraftError) as caught:
        asyncio.run(drafter(fake_openai, linter, timeout=0.3).draft(BRIEF))
    assert caught.value.kind == "timeout" and "0.3 s" in caught.value.message


def test_invalid_json_after_all_reasks_is_a_one_paragraph_summary(fake_openai, linter):
    fake_openai.default = Reply.text("Sure! Here are your OKRs: objectives: blah {")
    with pytest.raises(DraftError) as caught:
        asyncio.run(drafter(fake_openai, linter).draft(BRIEF))
    assert caught.value.kind == "invalid_output"
    assert "\n" not in caught.value.message and "blah" not in str(caught.value)
    assert len(fake_openai.chat_requests) == 3


def test_truncated_stream_is_a_message(fake_openai, linter):
    fake_openai.default = Reply.truncated(GOOD, after_chunks=3)
    with pytest.raises(DraftError) as caught:
        asyncio.run(drafter(fake_openai, linter).draft(BRIEF, on_partial=lambda _: None))
    assert caught.value.kind == "connection" and "broke off" in caught.value.message
    assert "Traceback" not in str(caught.value)


def test_unreachable_endpoint(linter):
    settings = load_settings({"base-url": "http://127.0.0.1:9/v1", "model": "m", "retries": 0, "timeout": 2}, environ={})
    with pytest.raises(DraftError) as caught:
        asyncio.run(Drafter(settings, linter).draft(BRIEF))
    assert caught.value.kind == "connection" and "Cannot reach http://127.0.0.1:9/v1" in caught.value.message


def test_not_configured_says_how_to_set_up_openai_and_ollama(linter):
    settings = load_settings({}, environ={})
    with pytest.raises(DraftError) as caught:
        asyncio.run(Drafter(settings, linter).draft(BRIEF))
    assert caught.value.kind == "not_configured"
    assert "OPENAI_API_KEY" in caught.value.hint and "11434" in caught.value.hint


def test_key_is_sent_only_as_the_bearer_token(fake_openai, linter):
    fake_openai.require_key = "sk-test-1234567890"
    fake_openai.script(Reply.data(GOOD))
    settings = load_settings({"base-url": fake_openai.base_url, "model": "fake-model"}, environ={"OKRCOACH_API_KEY": "sk-test-1234567890"})
    asyncio.run(Drafter(settings, linter).draft(BRIEF))
    request = fake_openai.chat_requests[0]
    assert "sk-test-1234567890" not in json.dumps(request["messages"])


def test_improve_rewrites_one_key_result_and_rechecks_it(fake_openai, linter):
    from okrcoach.model import KeyResult, Objective, OkrSet

    okr_set = OkrSet(
        period="2027-Q1", language="en", objectives=[Objective(title="Delight customers", key_results=[KeyResult(text="Raise NPS from 31 to 45"), KeyResult(text="Analyse support tickets")])]
    )
    fake_openai.script(
        Reply.data({"text": "Analyse more tickets", "rationale": "x"}), Reply.data({"text": "Cut first response time from 8 to 2 hours", "rationale": "Measures the result of the analysis."})
    )
    improvement = asyncio.run(drafter(fake_openai, linter).improve(okr_set, 0, 1))
    assert improvement.original == "Analyse support tickets"
    assert improvement.suggestion.text == "Cut first response time from 8 to 2 hours"
    assert not [f for f in improvement.findings if f.level.value != "info"]
    assert "describes work to do" in "\n".join(user_messages(fake_openai.chat_requests[1]))
    assert improvement.okr_set.objectives[0].key_results[0].text == "Raise NPS from 31 to 45"


def test_json_debris_in_a_words_field_is_no_metric_or_unit(fake_openai, linter):
    """A small model that loses its place in the JSON writes structure into a string field
    (Gemma 3 270M on llama-cpp-python wrote `"metric": "}, {"` in a Danish draft): that is no metric, and the
    saved draft must not carry it; a unit of symbols only (`%`, `€`) is a unit."""
    debris = {
        "objectives": [
            {
                "title": "Become the first choice for Nordic webshops",
                "key_results": [
                    {"text": "Raise trial-to-paid conversion from 8% to 12%", "metric": "}, {", "baseline": 8, "target": 12, "unit": "%"},
                    {"text": "Win 15 new webshop customers in Denmark", "metric": " ", "target": 15, "unit": '"],'},
                ],
            }
        ]
    }
    fake_openai.script(Reply.data(debris))
    result = asyncio.run(drafter(fake_openai, linter).draft(BRIEF))
    first, second = result.okr_set.objectives[0].key_results
    assert (first.metric, first.unit) == (None, "%")
    assert (second.metric, second.unit) == (None, None)
