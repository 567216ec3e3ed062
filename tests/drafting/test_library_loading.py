"""openai and instructor are loaded once per process, off the event loop, and leave the garbage
collector as they found it (paused while loading, the loaded objects frozen afterwards)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from okrcoach.drafting import exchange
from okrcoach.drafting.drafter import Brief, Drafter
from okrcoach.settings import load_settings
from tests.fakes.openai_server import Reply

REPO = Path(__file__).resolve().parents[2]
LOADED = ("openai", "openai.resources.chat", "instructor")


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("collecting", [True, False])
def test_two_threads_load_the_libraries_once_and_the_collector_is_left_as_it_was(collecting):
    code = f"""
import gc, sys, threading
import okrcoach.drafting.client as client
{"" if collecting else "gc.disable()"}
assert not any(m in sys.modules for m in {LOADED!r}), "imported before anyone asked"
frozen = gc.get_freeze_count()
started = threading.Barrier(2)
def load():
    started.wait()
    client.load_libraries()
    assert all(m in sys.modules for m in {LOADED!r}), "a caller returned before the libraries were loaded"
threads = [threading.Thread(target=load) for _ in range(2)]
[t.start() for t in threads]
[t.join() for t in threads]
once = gc.get_freeze_count()
client.load_libraries()
print(gc.isenabled(), once > frozen + 10000, gc.get_freeze_count() == once)
"""
    assert _run(code) == f"{collecting} True True"


def test_make_client_loads_the_libraries_itself():
    code = """
import sys
from okrcoach.drafting.client import Usage, make_client
from okrcoach.settings import load_settings
settings = load_settings({"base-url": "http://127.0.0.1:9/v1", "model": "m"}, environ={})
client = make_client(settings, Usage())
print(type(client).__name__, "openai.resources.chat" in sys.modules)
"""
    assert _run(code) == "AsyncInstructor True"


def test_a_draft_loads_the_libraries_and_builds_its_client_off_the_event_loop(fake_openai, linter, monkeypatch):
    """The TUI draws on the event loop's thread: the import (or the wait for the one a screen
    started) and the client's construction happen on a worker thread."""
    threads: dict[str, int] = {}
    load, make = exchange.load_libraries, exchange.make_client

    def loading() -> None:
        threads["load"] = threading.get_ident()
        load()

    def making(*args):
        threads["make"] = threading.get_ident()
        return make(*args)

    monkeypatch.setattr(exchange, "load_libraries", loading)
    monkeypatch.setattr(exchange, "make_client", making)
    fake_openai.script(Reply.data({"objectives": [{"title": "Become the first choice for Nordic webshops", "key_results": [{"text": "Win 15 new webshop customers in Denmark", "target": 15}]}]}))
    settings = load_settings({"base-url": fake_openai.base_url, "model": "fake-model", "retries": 0, "timeout": 10, "repair-rounds": 0}, environ={})

    async def draft():
        threads["loop"] = threading.get_ident()
        return await Drafter(settings, linter).draft(Brief(goal="Grow webshop sales in the Nordics", period="2027-Q1", objectives=1))

    result = asyncio.run(draft())
    assert result.okr_set.objectives[0].key_results[0].text == "Win 15 new webshop customers in Denmark"
    assert set(threads) == {"load", "make", "loop"}
    assert threads["load"] != threads["loop"] and threads["make"] != threads["loop"]


def test_parts_of_openai_no_request_uses_are_left_out_and_stay_importable():
    """The aiohttp transport and the API's other resources are not imported by a draft; reading
    a name from `openai.resources` still gives what a plain import gives, and aiohttp imports."""
    code = """
import sys
import okrcoach.drafting.client as client
client.load_libraries()
import openai, openai.resources
probed = [hasattr(module, "__warningregistry__") for module in sys.modules.values()]  # iterating: no import may happen
left_out = [m for m in ("aiohttp", "openai._vendor.httpx_aiohttp", "openai.resources.beta", "openai.resources.audio") if m in sys.modules]
from openai.resources import Beta, Models
from openai.resources.beta import Beta as BetaItself
names = set(dir(openai.resources))
star = {}
exec("from openai.resources import *", star)
import aiohttp, openai._vendor.httpx_aiohttp
missing = hasattr(openai.resources, "NoSuchResource")
print(left_out, Beta is BetaItself, Models.__module__, {"AsyncChat", "Beta", "chat"} <= names, "AsyncVideos" in star, missing)
"""
    assert _run(code) == "[] True openai.resources.models True True False"


def test_the_api_type_tree_loads_only_the_types_read_from_it():
    """`openai.types` and its subpackages re-export every type of the API; after a load, reading
    a name from one loads that name's module alone and gives the object a plain import gives,
    `dir()` or a `*` import completes the package, and the import system is as it was."""
    code = """
import sys
import okrcoach.drafting.client as client
client.load_libraries()
import openai, openai.types
left_out = [m for m in ("openai.types.batch", "openai.types.eval_create_params", "openai.types.graders") if m in sys.modules]
from openai.types import CompletionUsage
from openai.types.completion_usage import CompletionUsage as Itself
one_by_one = "openai.types.batch" not in sys.modules and CompletionUsage is Itself
from openai.types import Batch
from openai.types.batch import Batch as BatchItself
star = {}
exec("from openai.types import *", star)
from openai.types.beta import Assistant
from openai.types.beta.assistant import Assistant as AssistantItself
finder_left = any(type(finder).__name__ == "_TypeTreeFinder" for finder in sys.meta_path)
print(left_out, one_by_one, Batch is BatchItself, star["Batch"] is Batch, "ModerationModel" in dir(openai.types), hasattr(openai.types, "NoSuchType"), Assistant is AssistantItself, finder_left)
"""
    assert _run(code) == "[] True True True True False True False"


def test_a_package_whose_init_does_more_than_re_export_completes_as_a_whole(tmp_path):
    """Only an `__init__` made of `from .module import Name` lines is answered name by name."""
    from okrcoach.drafting.client import _reexports_of

    plain = tmp_path / "plain.py"
    plain.write_text('"""Types."""\nfrom __future__ import annotations\nfrom .a import A as A, B\nfrom . import c\n', encoding="utf-8")
    assert _reexports_of(str(plain)) == {"A": ("a", "A"), "B": ("a", "B"), "c": (None, "c")}
    for body in ("from .a import A\nA.rebuild()\n", "from .a import *\n", "import os\n", "from ..up import A\n", "def f(:\n"):
        other = tmp_path / "other.py"
        other.write_text(body, encoding="utf-8")
        assert _reexports_of(str(other)) is None, body
    assert _reexports_of(str(tmp_path / "missing.py")) is None


def test_openai_imported_before_is_used_as_it_is():
    code = """
import sys
import openai, openai.resources
import okrcoach.drafting.client as client
client.load_libraries()
print(type(openai.resources).__name__, "aiohttp" in sys.modules, "openai.resources.beta" in sys.modules)
"""
    assert _run(code) == "module True True"


def test_a_client_lists_models_through_a_resource_loaded_on_first_use(fake_openai):
    """`doctor` reads `client.models`, a resource the draft never loads."""
    code = f"""
import asyncio, sys
import okrcoach.drafting.client as client
client.load_libraries()
import openai
async def main():
    raw = openai.AsyncOpenAI(base_url={fake_openai.base_url!r}, api_key="k", max_retries=0)
    page = await raw.models.list()
    return [m.id for m in page.data]
print(asyncio.run(main()), "openai.resources.models" in sys.modules, "openai.resources.beta" in sys.modules)
"""
    assert _run(code).endswith("True False")


@pytest.mark.parametrize("stream", [False, True])
def test_a_request_imports_nothing_of_the_libraries_the_load_did_not(fake_openai, stream):
    """Building a client and sending requests (plain and streamed) import no module outside the
    standard library after `load_libraries` (openai, instructor, the HTTP stack): the TUI's event loop never stops for an
    import, and every import is paid with the collector paused."""
    reply = {"objectives": [{"title": "Become the first choice for Nordic webshops", "key_results": [{"text": "Win 15 new webshop customers in Denmark", "target": 15}]}]}
    fake_openai.script(Reply.data(reply))
    code = f"""
import asyncio, sys
from okrcoach.drafting import client
from okrcoach.drafting.responses import DraftedOkrSet
from okrcoach.settings import load_settings
settings = load_settings({{"base-url": {fake_openai.base_url!r}, "model": "fake-model", "retries": 0, "mode": "json_schema"}}, environ={{}})
client.load_libraries()
before = set(sys.modules)
made = client.make_client(settings, client.Usage())
async def ask():
    messages = [{{"role": "user", "content": "Draft"}}]
    if {stream!r}:
        async for _ in made.chat.completions.create_partial(model="fake-model", response_model=DraftedOkrSet, messages=messages, max_retries=0):
            pass
    else:
        await made.chat.completions.create(model="fake-model", response_model=DraftedOkrSet, messages=messages, max_retries=0)
asyncio.run(ask())
print(sorted(m for m in set(sys.modules) - before if m.partition(".")[0] not in sys.stdlib_module_names))
"""
    assert _run(code) == "[]"
    assert len(fake_openai.chat_requests) == 1
