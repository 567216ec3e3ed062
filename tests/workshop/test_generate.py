"""Generated examples against the fake OpenAI server: the rubric verifies, regenerates and drops."""

from __future__ import annotations

import asyncio
import random

import pytest

from okrcoach.drafting.client import DraftError
from okrcoach.settings import load_settings
from okrcoach.workshop import generate as g
from okrcoach.workshop.handout import Exercise, answers_markdown, finish, handout_markdown
from tests.fakes.openai_server import Reply

GOOD = {
    "objectives": [
        {
            "title": "Become the first choice for mid-sized webshops",
            "key_results": ["Win 15 new mid-sized webshop customers", "Raise the win rate on qualified opportunities from 22 % to 30 %", "Grow new annual recurring revenue from €1.2M to €1.8M"],
        },
        {
            "title": "Get more out of every sales conversation",
            "key_results": [
                "Shorten the average sales cycle from 64 to 45 days",
                "Raise the share of demos that lead to a proposal from 40 % to 60 %",
                "Grow the average first-year deal size from €18k to €24k",
            ],
        },
    ],
    "flawed_key_result": None,
    "fixed": None,
}


def flawed(kr: str, number: int = 2, fixed: str = "Raise the win rate on qualified opportunities from 22 % to 30 %") -> dict:
    data = {"objectives": [dict(o, key_results=list(o["key_results"])) for o in GOOD["objectives"]], "flawed_key_result": number, "fixed": fixed}
    oi, ki = divmod(number - 1, 3)
    data["objectives"][oi]["key_results"][ki] = kr
    return data


ACTIVITY = flawed("Analyse why we lose deals to competitors")  # OKR220 + OKR201
OUTPUT = flawed("Send 300 proposals to prospects")  # OKR221, not OKR220
MAINTAIN = flawed("Keep the win rate above 22 %")  # OKR230


def generator(fake, linter, **kwargs) -> g.Generator:
    settings = load_settings({"base-url": fake.base_url, "model": "fake-model", "retries": 0, "timeout": 5}, environ={})
    return g.Generator(settings, linter, "en", industry="software", **kwargs)


def prompts(request) -> str:
    return "\n".join(m["content"] for m in request["messages"] if isinstance(m.get("content"), str))


def test_verify_accepts_good_and_correctly_flawed_examples(linter):
    assert g.verify(g.GeneratedExample.model_validate(GOOD), g.Request("sales"), linter, "en", "Sales") == []
    assert g.verify(g.GeneratedExample.model_validate(ACTIVITY), g.Request("sales", "OKR220"), linter, "en", "Sales") == []
    assert g.verify(g.GeneratedExample.model_validate(MAINTAIN), g.Request("sales", "OKR230"), linter, "en", "Sales") == []


@pytest.mark.parametrize(
    ("reply", "request_", "problem"),
    [
        (OUTPUT, g.Request("sales", "OKR220"), "should break OKR220 activity-key-result but does not"),
        (ACTIVITY, g.Request("sales", "OKR221"), "OKR220"),
        (dict(ACTIVITY, flawed_key_result=9), g.Request("sales", "OKR220"), "must number one of the key results (1 to 6)"),
        (flawed("Keep the win rate above 22 %", fixed="Keep the win rate above 25 %"), g.Request("sales", "OKR230"), "the fixed version"),
        (flawed("Keep the win rate above 22 %", fixed=""), g.Request("sales", "OKR230"), "`fixed` must hold"),
        (ACTIVITY, g.Request("sales"), "this must be a good set"),
        ({"objectives": [{"title": "", "key_results": []}]}, g.Request("sales"), "needs a title and key results"),
    ],
)
def test_verify_explains_what_the_rubric_disagrees_with(linter, reply, request_, problem):
    problems = g.verify(g.GeneratedExample.model_validate(reply), request_, linter, "en", "Sales")
    assert problems and any(problem in p for p in problems), problems


def test_a_flawed_example_that_fails_first_is_regenerated_with_the_findings(fake_openai, linter):
    fake_openai.script(Reply.data(OUTPUT), Reply.data(ACTIVITY))
    outcome = asyncio.run(generator(fake_openai, linter).one(g.Request("sales", "OKR220")))
    assert outcome.example is not None and outcome.attempts == 2
    requests = fake_openai.chat_requests
    assert len(requests) == 2
    assert "did not pass the OKR rubric" not in prompts(requests[0])
    retry = prompts(requests[1])
    assert "did not pass the OKR rubric" in retry and "Send 300 proposals to prospects" in retry and "OKR220" in retry
    item = outcome.example.objectives[0].key_results[1]
    assert item.text == "Analyse why we lose deals to competitors" and item.flaw.codes == ["OKR220", "OKR201"]
    assert outcome.example.source == "generated" and outcome.example.model == "fake-model"


def test_an_example_that_never_verifies_is_dropped_after_the_bounded_regenerations(fake_openai, linter):
    fake_openai.script(*[Reply.data(OUTPUT)] * 4)
    outcome = asyncio.run(generator(fake_openai, linter).one(g.Request("sales", "OKR220")))
    assert outcome.example is None and outcome.attempts == 1 + g.REGENERATIONS == 4
    assert len(fake_openai.chat_requests) == 4 and fake_openai.pending == 0
    assert all(problems for problems in outcome.problems)


def test_unusable_replies_count_as_failed_attempts(fake_openai, linter):
    fake_openai.script(Reply.text("Sure! Here are some OKRs: {"), Reply.data(GOOD))
    outcome = asyncio.run(generator(fake_openai, linter, regenerations=1).one(g.Request("sales")))
    assert outcome.example is not None and outcome.attempts == 2
    assert len(outcome.problems[0]) == 1 and outcome.problems[0][0].startswith("the reply was not usable: the reply did not fit the requested structure")
    assert "Invalid JSON" in outcome.problems[0][0], "the problem names the real cause"


def test_a_broken_endpoint_stops_generation_with_a_message(fake_openai, linter):
    fake_openai.script(Reply.error(503, "overloaded"))
    with pytest.raises(DraftError, match="server error"):
        asyncio.run(generator(fake_openai, linter).one(g.Request("sales")))
    assert len(fake_openai.chat_requests) == 1


def test_run_generates_in_order_and_the_handout_marks_generated_examples(fake_openai, linter):
    fake_openai.script(Reply.data(GOOD), Reply.data(MAINTAIN), Reply.data(MAINTAIN), Reply.data(MAINTAIN), Reply.data(MAINTAIN))
    requests = [g.Request("sales"), g.Request("sales", "OKR231")]
    outcomes = asyncio.run(generator(fake_openai, linter).run(requests))
    assert [o.example is not None for o in outcomes] == [True, False]
    exercise = Exercise("en", 1, [o.example for o in outcomes if o.example], function="sales")
    finish(exercise, linter)
    assert "generated by fake-model, checked by the okrcoach rubric" in handout_markdown(exercise)
    assert exercise.flawed_count == 0 and "| 1 | good |" in answers_markdown(exercise)


def test_plan_asks_for_different_flaws_and_is_seeded():
    one = g.plan(6, 4, "finance", random.Random(3))
    assert [r.function for r in one] == ["finance"] * 6
    flaws = [r.flaw for r in one if r.flaw]
    assert len(flaws) == 4 and len(set(flaws)) == 4 and set(flaws) <= set(g.FLAW_CODES)
    assert [(r.function, r.flaw) for r in g.plan(6, 4, None, random.Random(3))] == [(r.function, r.flaw) for r in g.plan(6, 4, None, random.Random(3))]


def test_the_prompt_names_the_flaw_its_rule_and_the_fields(linter, fake_openai):
    messages = generator(fake_openai, linter).messages(g.Request("customer-support", "OKR232"), ["O1.KR1 “x”: problem"])
    user = messages[1]["content"]
    assert "for the Customer Support function in software, in English" in user
    assert "OKR232 bare-metric" in user and "`flawed_key_result`" in user and "`fixed`" in user
    assert "<findings>\n- O1.KR1 “x”: problem\n</findings>" in user
