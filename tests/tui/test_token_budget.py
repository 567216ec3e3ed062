"""A served visitor's token budget holds however a call ends: finished, failed, cancelled or timed out."""

from __future__ import annotations

import argparse
import asyncio
from functools import partial

import pytest

from okrcoach.drafting.client import DraftError
from okrcoach.drafting.drafter import Brief, Drafter
from okrcoach.recovery import RecoveryStore
from okrcoach.settings import load_settings
from okrcoach.tui.app import OkrCoachApp, ReviewScreen
from okrcoach.tui.messages import ImprovementFailed
from tests.fakes.openai_server import Reply
from tests.tui import waiting

DRAFT = {"objectives": [{"title": "Become the first choice for Nordic webshops", "key_results": [{"text": "Raise trial-to-paid conversion from 8% to 12%"}]}]}
SET_YAML = "period: 2027-Q1\nobjectives:\n  - title: Delight customers\n    key_results: [Raise NPS from 31 to 45, Analyse tickets]\n"


def settings_for(fake, tmp_path, timeout=20):
    return load_settings({"base-url": fake.base_url, "model": "fake-model", "retries": 0, "timeout": timeout}, environ={}, cwd=tmp_path, user_config=tmp_path / "none.toml")


wait_for = partial(waiting.wait_for, timeout=15.0)  # this file's workers take longer


def budget_refused(app) -> bool:
    return any("budget" in n.message and "used up" in n.message for n in app._notifications)


async def test_cancelling_a_draft_before_its_first_token_still_spends_the_budget(linter, tmp_path, fake_openai):
    """Escape while the server is still reading the prompt: the prompt was paid for, so a visitor
    cannot draft for free by cancelling each request before its reply starts."""
    fake_openai.default = Reply.slow(30, Reply.data(DRAFT))
    app = OkrCoachApp(settings_for(fake_openai, tmp_path), linter, recovery=RecoveryStore(tmp_path / "recovery", session="visitor"), token_budget=50, offer_restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Grow webshop sales in the Nordics")
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: len(fake_openai.requests) == 1)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.screen.generating)
        await pilot.press("ctrl+g")
        await pilot.pause(0.5)
        assert app.tokens >= 50, "the cancelled request's prompt counts"
        assert budget_refused(app), "the visitor is told the budget is used up"
        assert len(fake_openai.requests) == 1, "no second request over budget"


async def test_a_failed_improvement_spends_the_budget(linter, tmp_path, fake_openai):
    """Improve answered with text that cannot be read: it cost tokens, and the next Improve is refused."""
    fake_openai.default = Reply.text("Sure! A better key result: {")
    path = tmp_path / "s.okr.yaml"
    path.write_text(SET_YAML)
    messages: list = []
    app = OkrCoachApp(settings_for(fake_openai, tmp_path), linter, path=path, recovery=RecoveryStore(tmp_path / "recovery", session="visitor"), token_budget=50, offer_restore=False)
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None))
        await pilot.press("down", "down", "i")
        await wait_for(pilot, lambda: any(isinstance(m, ImprovementFailed) for m in messages), timeout=30)
        await pilot.pause(0.2)
        assert app.tokens >= 50
        sent = len(fake_openai.requests)
        await pilot.press("i")
        await pilot.pause(0.5)
        assert budget_refused(app)
        assert len(fake_openai.requests) == sent, "no request over budget"


@pytest.mark.parametrize("how", ["cancelled", "timed out"])
async def test_a_request_given_up_before_its_reply_counts_its_prompt(linter, tmp_path, fake_openai, how):
    fake_openai.default = Reply.slow(30, Reply.data(DRAFT))
    drafter = Drafter(settings_for(fake_openai, tmp_path, timeout=1.5), linter)
    brief = Brief(goal="Grow webshop sales in the Nordics", language="en", objectives=1)
    if how == "cancelled":
        task = asyncio.create_task(drafter.draft(brief, on_partial=lambda partial: None))
        while not fake_openai.requests:
            await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    else:
        with pytest.raises(DraftError):
            await drafter.draft(brief, on_partial=lambda partial: None)
    assert drafter.usage.requests == 1
    assert drafter.usage.prompt_tokens > 100 and drafter.usage.estimated, drafter.usage.describe()


async def test_a_served_visitor_with_no_budget_gets_no_llm_even_with_a_config_file(tmp_path, fake_openai, monkeypatch):
    """`serve --token-budget 0` with an okrcoach.toml that names a model: the visitor's app has no LLM."""
    from okrcoach.cli import tui as cli_tui

    (tmp_path / "okrcoach.toml").write_text(f'[llm]\nbase-url = "{fake_openai.base_url}"\nmodel = "fake-model"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OKRCOACH_SERVE_ROOT", str(tmp_path / "root"))
    monkeypatch.setenv("OKRCOACH_TOKEN_BUDGET", "0")
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual_serve")
    monkeypatch.setenv("OKRCOACH_STATE_DIR", str(tmp_path / "state"))
    started: list = []
    monkeypatch.setattr(cli_tui, "_end_with_the_server", lambda *a, **k: None)
    monkeypatch.setattr(OkrCoachApp, "run", lambda self: started.append(self))
    assert cli_tui.run(argparse.Namespace(command="tui", file=None)) == 0
    app = started[0]
    assert app.settings is None and app.token_budget == 0 and not app.budget_left()


@pytest.mark.parametrize("language", ["en", "da", "hu"])
async def test_with_no_budget_the_template_is_the_primary_action_and_generate_says_why_it_is_off(linter, tmp_path, language):
    """`serve --token-budget 0`: the visitor's brief has Generate disabled (its button and its key
    hint), the offline template as the primary button, and the panel saying why, in the room's
    language; ctrl+g drafts nothing and the template still works."""
    from textual.widgets import Button

    from okrcoach.tui.brief import BriefScreen
    from okrcoach.tui.words import ui

    app = OkrCoachApp(None, linter, recovery=RecoveryStore(tmp_path / "recovery", session="visitor"), token_budget=0, offer_restore=False, language=language)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefScreen))
        await pilot.pause()
        brief = app.screen
        generate, offline = brief.query_one("#generate", Button), brief.query_one("#offline", Button)
        assert generate.disabled and generate.variant != "primary"
        assert offline.variant == "primary" and not offline.disabled
        assert [button.id for button in brief.query("#brief-form Button")] == ["offline", "generate"], "the primary action first, whole in a phone's column"
        assert ui("brief-no-budget", language, key="ctrl+t") in str(brief.query_one("#draft-status").render())
        shown = {active.binding.action: active.enabled for active in brief.active_bindings.values() if active.binding.show}
        assert shown.get("generate") is False, shown  # in the key hints, dimmed
        await pilot.press(*"Grow webshop sales")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.screen is brief and not brief.generating
        await pilot.click("#offline")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None))
        await pilot.pause()


@pytest.mark.parametrize("budget", [0, None])
async def test_review_offers_improve_only_when_the_ai_can_run_and_says_why_not(linter, tmp_path, fake_openai, budget):
    """`serve --token-budget 0` (a workshop without AI): the review screen does not offer Improve,
    and its status bar says why; with a budget left it offers it."""
    path = tmp_path / "s.okr.yaml"
    path.write_text(SET_YAML)
    app = OkrCoachApp(settings_for(fake_openai, tmp_path), linter, path=path, recovery=RecoveryStore(tmp_path / "recovery", session="visitor"), token_budget=budget, offer_restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None))
        offered = {active.binding.action for active in app.screen.active_bindings.values() if active.enabled}
        status = str(app.screen.query_one("#status").render())
        await pilot.press("down", "down", "i")
        await pilot.pause(0.3)
        if budget == 0:
            assert "improve" not in offered
            assert "no LLM budget" in status
            assert not fake_openai.requests, "nothing is asked of the AI"
        else:
            assert "improve" in offered
            assert "no LLM budget" not in status and "fake-model" in status
