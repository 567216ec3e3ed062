"""A draft whose reply stops part-way (a slow local model hitting the timeout) keeps what was
streamed: it stays in the preview, the timeout is said, and it can be kept as a draft the rubric
judges, reviewed and saved, or asked for again."""

from __future__ import annotations

from functools import partial

from okrcoach.recovery import RecoveryStore
from okrcoach.settings import load_settings
from okrcoach.tui.app import BriefScreen, OkrCoachApp, ReviewScreen
from okrcoach.tui.messages import DraftFailed
from okrcoach.tui.screens import PathScreen
from tests.fakes.openai_server import Reply
from tests.tui import waiting

LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")

DANISH = {
    "objectives": [
        {
            "title": "Bliv førstevalget for danske webshops",
            "key_results": [{"text": "Øg antallet af betalende webshops fra 40 til 60"}, {"text": "Vind 15 nye kunder i Jylland"}],
        },
        {"title": "Gør kunderne mere tilfredse med supporten", "key_results": [{"text": "Hæv NPS fra 31 til 45"}, {"text": "Sænk svartiden fra 8 til 2 timer"}]},
    ]
}


def make_app(linter, tmp_path, fake, timeout: float) -> OkrCoachApp:
    settings = load_settings({"base-url": fake.base_url, "model": "fake-model", "retries": 0, "timeout": timeout}, environ={}, cwd=tmp_path, user_config=tmp_path / "none.toml")
    return OkrCoachApp(settings, linter, recovery=RecoveryStore(tmp_path / "recovery", session="test"), offer_restore=False, language="da")


wait_for = partial(waiting.wait_for, timeout=20.0)  # this file's workers take longer


async def test_a_timed_out_draft_keeps_what_was_streamed_as_a_judged_draft(linter, tmp_path, fake_openai):
    # Role chunk and five of eight pieces: the first objective whole, the second begun.
    fake_openai.default = Reply.stalled(DANISH, after_chunks=6, seconds=30)
    messages: list = []
    app = make_app(linter, tmp_path, fake_openai, timeout=2)
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.press("n")
        await pilot.press(*"Vækst i salget til danske webshops")
        app.screen.query_one("#period").value = "2027-Q1"
        app.screen.query_one("#language").value = "da"
        app.screen.query_one("#objectives").value = 2
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: any(isinstance(m, DraftFailed) for m in messages))
        await pilot.pause(0.2)
        brief = app.screen
        assert isinstance(brief, BriefScreen), "the brief stays open"
        preview = str(brief.query_one("#draft-preview").render())
        assert "Bliv førstevalget for danske webshops" in preview, "what was streamed stays visible"
        status = str(brief.query_one("#draft-status").render())
        assert "tidsgrænsen på 2 s" in status, "the timeout is said plainly, in the brief's language"
        assert "ctrl+g" in status and "ctrl+r" in status, "keep and ask again are offered"
        assert brief.query_one("#keep").display
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        okr_set = review.document.okr_set
        assert okr_set.objectives[0].title == "Bliv førstevalget for danske webshops"
        assert [kr.text for kr in okr_set.objectives[0].key_results] == [
            "Øg antallet af betalende webshops fra <udgangspunkt> til 60",  # a starting value the brief never gave, as any draft
            "Vind 15 nye kunder i Jylland",
        ]
        assert review.note.startswith("Ufærdigt udkast: ") and "tidsgrænsen på 2 s" in review.note, review.note
        assert "lint" in review.note, "the rubric's verdict on the kept part is said"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PathScreen))
        app.screen.query_one("#path").value = str(tmp_path / "salg.okr.yaml")
        await pilot.press("enter")
        await wait_for(pilot, lambda: (tmp_path / "salg.okr.yaml").exists())
        assert "Bliv førstevalget for danske webshops" in (tmp_path / "salg.okr.yaml").read_text(encoding="utf-8")


async def test_a_timeout_before_anything_was_streamed_offers_nothing_to_keep(linter, tmp_path, fake_openai):
    fake_openai.default = Reply.stalled(DANISH, after_chunks=1, seconds=30)
    messages: list = []
    app = make_app(linter, tmp_path, fake_openai, timeout=1)
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.press("n")
        await pilot.press(*"Vækst i salget til danske webshops")
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: any(isinstance(m, DraftFailed) for m in messages))
        await pilot.pause(0.2)
        assert not app.screen.query_one("#keep").display
        status = str(app.screen.query_one("#draft-status").render())
        assert "OKRCOACH_TIMEOUT" in status and "--timeout" not in status, "the advice is one that works inside the TUI: " + status
        await pilot.press("ctrl+r")
        await pilot.pause(0.2)
        assert isinstance(app.screen, BriefScreen)


async def test_a_number_the_brief_never_gave_stays_marked_on_its_key_result(linter, tmp_path, fake_openai):
    """The draft's note about invented figures is gone in seconds; the key result that holds one
    says so whenever it is selected, until an edit takes the number out."""
    invented = {"objectives": [{"title": "Bliv førstevalget for danske webshops", "key_results": [{"text": "Vind 15 nye kunder i Jylland med 3 nye sælgere"}, {"text": "Hæv NPS til 45"}]}]}
    fake_openai.default = Reply.data(invented)
    app = make_app(linter, tmp_path, fake_openai, timeout=10)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Flere kunder i Jylland, NPS 45")
        app.screen.query_one("#objectives").value = 1
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.selected == (0, None))
        review = app.screen
        await pilot.press("down")
        await wait_for(pilot, lambda: review.selected == (0, 0))
        shown = str(review.query_one("#findings").render())
        assert "15 står hverken i dit oplæg eller i din kontekst" in shown, shown
        await pilot.press("down")
        await wait_for(pilot, lambda: review.selected == (0, 1))
        assert "står hverken i dit oplæg" not in str(review.query_one("#findings").render()), "45 was in the brief"


def test_the_timeout_advice_in_the_tui_names_what_reaches_it_in_every_language():
    """In the TUI no command-line flag can be given: its timeout advice names the environment
    variable and the config file; the command line's advice keeps the flag."""
    from okrcoach.drafting.client import DraftError
    from okrcoach.i18n import msg

    for kind in ("llm-timeout-hint", "llm-reply-timeout-hint"):
        error = DraftError("timeout", "slow", msg(f"report.{kind}"), tui_hint=msg(f"report.{kind}-tui"))
        for language in LANGUAGES:
            cli, tui = error.hint_in(language), error.hint_in(language, in_tui=True)
            assert "--timeout" in cli, (kind, language, cli)
            assert "--timeout" not in tui and "OKRCOACH_TIMEOUT" in tui and "[llm]" in tui, (kind, language, tui)
