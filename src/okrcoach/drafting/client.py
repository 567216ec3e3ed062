"""The one place that imports openai and instructor: build a client from settings, explain errors.

Everything else in okrcoach talks to models through `Drafter`, which loads the libraries
(`load_libraries`) only when it first needs a model, so their cost (most of a draft's CPU time
besides the model, nearly all of it `import openai`) is paid only by commands that draft, once,
and off the event loop.
"""

from __future__ import annotations

import asyncio
import gc
import importlib.abc
import importlib.machinery
import importlib.util
import json
import math
import sys
import threading
import types
from dataclasses import dataclass, field
from typing import Any, Optional

from okrcoach.i18n import SOURCE_LANGUAGE, Msg, msg, resolve
from okrcoach.settings import LOCAL_PLACEHOLDER_KEY, LLMSettings

_MODE_NAMES = {"tools": "TOOLS", "tools_strict": "TOOLS_STRICT", "json": "JSON", "json_schema": "JSON_SCHEMA", "md_json": "MD_JSON"}


class DraftError(Exception):
    """An LLM call failed; `message` says what happened, `hint` what to do. Never a traceback.

    Both are English as attributes; `message_in` and `hint_in` say them in another language
    (the catalogue's `report.llm-*`), the brief's or the file's. `detail` is what a library said
    (a validator's English), for `-v` only. `tui_hint`, when given, is what to do from inside the
    TUI, where command-line flags such as `--timeout` cannot be given (only the environment and
    config files reach it)."""

    def __init__(self, kind: str, message: "str | Msg", hint: "str | Msg | list[Msg]" = "", detail: str = "", tui_hint: "str | Msg" = "") -> None:
        self.kind = kind
        self.detail = detail
        self._texts = (message, hint)
        self._tui_hint = tui_hint
        self.message = self.message_in(SOURCE_LANGUAGE)
        self.hint = self.hint_in(SOURCE_LANGUAGE)
        super().__init__(self.message)

    def message_in(self, language: str) -> str:
        return _said(self._texts[0], language)

    def hint_in(self, language: str, in_tui: bool = False) -> str:
        """What to do, in `language`; `in_tui` asks for the advice that works inside the TUI."""
        if in_tui and self._tui_hint:
            return _said(self._tui_hint, language)
        return _said(self._texts[1], language)


def _said(value: "str | Msg | list[Msg]", language: str) -> str:
    """A text in `language`; several (settings problems), one per line."""
    if isinstance(value, list):
        return "\n".join(_said(item, language) for item in value)
    return resolve(value, language) or ""

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


@dataclass
class StreamRecord:
    """What one streamed reply carried: its text, finish reason and (if the server sent it) usage."""

    prompt_characters: int = 0
    parts: list[str] = field(default_factory=list)
    finish_reason: Optional[str] = None
    usage: Any = None
    counted: bool = False

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Usage:
    """Tokens and requests used by one drafter (all attempts, streamed or not).

    Servers that send no usage (some ignore `stream_options.include_usage`) are counted from the
    text instead (`estimate_tokens`), and `estimated` says so wherever the figures are shown.
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0
    estimated: bool = False
    by_call: list[dict[str, Any]] = field(default_factory=list)
    open_streams: list[Any] = field(default_factory=list, repr=False)
    _prompt_characters: int = field(default=0, repr=False)
    _stream: Optional[StreamRecord] = field(default=None, repr=False)
    _in_flight: bool = field(default=False, repr=False)

    def begin_stream(self) -> StreamRecord:
        """The record the next streamed reply is read into."""
        self._stream = StreamRecord()
        return self._stream

    async def close_streams(self) -> None:
        """Close streamed responses that were abandoned part-way (timeout, cancel, unreadable reply),
        so the connection is dropped and the server stops generating; count what they used."""
        while self.open_streams:
            stream = self.open_streams.pop()
            try:
                await stream.close()
            except Exception:  # noqa: BLE001 - closing a broken stream may fail; nothing to report
                pass
        record = self._stream
        if record is not None and not record.counted:
            self._count_stream(record)

    def abandon(self) -> None:
        """The request in flight is given up (cancelled, timed out) before its reply was counted.

        The server has read its prompt by then, so the request costs at least an estimate of the
        prompt: a budget cannot be stretched by cancelling or timing out before the first token.
        Counted at once (a stream with what it carried so far), so the next budget check sees it.
        """
        if not self._in_flight:
            return
        record = self._stream
        if record is not None and not record.counted:
            record.prompt_characters = record.prompt_characters or self._prompt_characters
            self._count_stream(record)
        else:
            self.add(None, self._prompt_characters, "")

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def add(self, usage: Any, prompt_characters: int = 0, completion_text: str = "") -> None:
        """Count one reply: the server's usage when it sent any, else an estimate from the text."""
        self._in_flight = False
        prompt = int(getattr(usage, "prompt_tokens", 0) or 0) if usage is not None else 0
        completion = int(getattr(usage, "completion_tokens", 0) or 0) if usage is not None else 0
        estimated = False
        if prompt + completion == 0:
            prompt, completion, estimated = estimate_tokens(prompt_characters), estimate_tokens(len(completion_text)), True
            self.estimated = True
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.by_call.append({"prompt_tokens": prompt, "completion_tokens": completion, "estimated": estimated})

    def _count_stream(self, record: StreamRecord) -> None:
        record.counted = True
        self.add(record.usage, record.prompt_characters, record.text)

    def as_dict(self) -> dict[str, Any]:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens, "total_tokens": self.total_tokens, "requests": self.requests, "estimated": self.estimated}

    def describe(self) -> str:
        """“1,234 prompt + 567 completion = 1,801 tokens in 2 requests”, marked when estimated."""
        text = f"{self.prompt_tokens:,} prompt + {self.completion_tokens:,} completion = {self.total_tokens:,} tokens in {self.requests} request{'' if self.requests == 1 else 's'}"
        if self.estimated:
            text += " (estimated from the text: the server sent no token counts)"
        return text


def make_client(settings: LLMSettings, usage: Usage, mode: Optional[str] = None):
    """An async instructor client for the settings, counting tokens into `usage`.

    The SDK itself never retries (`max_retries=0`): `exchange.ModelLink` retries load refusals
    only, and never a timed-out request, which a local server would still be generating.
    """
    problems = settings.problems()
    if problems:
        raise DraftError("not_configured", msg("report.llm-not-configured"), settings.problem_texts())
    load_libraries()
    import instructor
    import openai

    key = settings.api_key.get_secret_value() if settings.api_key else LOCAL_PLACEHOLDER_KEY
    if settings.backend == "azure":
        raw = openai.AsyncAzureOpenAI(
            azure_endpoint=settings.base_url or "",
            api_key=key,
            api_version=settings.api_version or "2024-10-21",
            timeout=settings.timeout,
            max_retries=0,
        )
    else:
        raw = openai.AsyncOpenAI(base_url=settings.base_url, api_key=key, timeout=settings.timeout, max_retries=0)
    chosen = mode or settings.effective_mode
    client = instructor.from_openai(raw, mode=getattr(instructor.Mode, _MODE_NAMES[chosen]))

    def count_request(*args: Any, **kwargs: Any) -> None:
        usage.requests += 1
        usage._in_flight = True
        sent = {k: kwargs.get(k) for k in ("messages", "tools", "response_format") if kwargs.get(k) is not None}
        usage._prompt_characters = len(json.dumps(sent, ensure_ascii=False, default=str))

    def count_usage(response: Any) -> None:
        inner = getattr(response, "_iterator", None)
        if inner is not None and hasattr(inner, "__anext__"):
            # A stream: usage arrives in its last chunk (stream_options.include_usage), if at all.
            record = usage._stream if usage._stream is not None and not usage._stream.counted and not usage._stream.parts else usage.begin_stream()
            record.prompt_characters = usage._prompt_characters

            async def tap():
                try:
                    async for chunk in inner:
                        if getattr(chunk, "usage", None) is not None:
                            record.usage = chunk.usage
                        for choice in getattr(chunk, "choices", None) or []:
                            delta = getattr(choice, "delta", None)
                            if delta is not None:
                                record.parts.append(getattr(delta, "content", None) or "")
                                for call in getattr(delta, "tool_calls", None) or []:
                                    record.parts.append(getattr(getattr(call, "function", None), "arguments", None) or "")
                            if getattr(choice, "finish_reason", None):
                                record.finish_reason = choice.finish_reason
                        yield chunk
                finally:
                    if not record.counted:
                        usage._count_stream(record)

            response._iterator = tap()
            usage.open_streams.append(response)
            return
        usage.add(getattr(response, "usage", None), usage._prompt_characters, completion_text(response))

    client.on("completion:kwargs", count_request)
    client.on("completion:response", count_usage)
    return client


def _chain(exc: BaseException):
    """The exception and everything behind it: causes, contexts and instructor's failed attempts."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend([current.__cause__, current.__context__])  # type: ignore[list-item]
        for attempt in getattr(current, "failed_attempts", None) or []:
            inner = getattr(attempt, "exception", None)
            if isinstance(inner, BaseException):
                stack.append(inner)


_TRANSPORT_ERRORS = ("RemoteProtocolError", "ReadError", "WriteError", "LocalProtocolError", "ConnectError", "ReadTimeout", "ConnectTimeout")


def explain(exc: BaseException, settings: LLMSettings) -> DraftError:
    """Turn any failure of an LLM call into a short message with what to do next."""
    import openai

    if isinstance(exc, DraftError):
        return exc
    where = settings.base_url or "api.openai.com"
    model = settings.effective_model
    for error in _chain(exc):
        if isinstance(error, (asyncio.CancelledError, KeyboardInterrupt)):
            return DraftError("cancelled", msg("report.llm-cancelled"), "")
        if isinstance(error, openai.AuthenticationError):
            source = settings.api_key_source or "no key"
            return DraftError(
                "auth",
                msg("report.llm-auth", where=where, source=source, key=settings.masked_key()),
                msg("report.llm-auth-hint"),
            )
        if isinstance(error, openai.PermissionDeniedError):
            return DraftError("auth", msg("report.llm-forbidden", where=where, model=model), msg("report.llm-forbidden-hint"))
        if isinstance(error, openai.NotFoundError):
            return DraftError("model", msg("report.llm-no-model", where=where, model=model), msg("report.llm-no-model-hint"))
        if isinstance(error, openai.RateLimitError):
            return DraftError(
                "rate_limit",
                msg("report.llm-rate-limit", where=where, detail=_detail(error)),
                msg("report.llm-rate-limit-hint", retries=settings.retries),
            )
        if isinstance(error, openai.APITimeoutError):
            return DraftError(
                "timeout",
                msg("report.llm-timeout", where=where, seconds=f"{settings.timeout:g}"),
                msg("report.llm-timeout-hint"),
                tui_hint=msg("report.llm-timeout-hint-tui"),
            )
        if isinstance(error, openai.APIConnectionError):
            return DraftError(
                "connection",
                msg("report.llm-unreachable", where=where),
                msg("report.llm-unreachable-hint"),
            )
        if isinstance(error, openai.APIStatusError) and error.status_code >= 500:
            return DraftError(
                "server",
                msg("report.llm-server", where=where, status=str(error.status_code), detail=_detail(error)),
                msg("report.llm-server-hint"),
            )
        if type(error).__name__ in _TRANSPORT_ERRORS:
            return DraftError("connection", msg("report.llm-broke-off", where=where), msg("report.llm-broke-off-hint"))
        if isinstance(error, openai.APIStatusError):
            return DraftError(
                "bad_request",
                msg("report.llm-bad-request", where=where, status=str(error.status_code), detail=_detail(error)),
                msg("report.llm-bad-request-hint", mode=str(settings.effective_mode)),
            )
    name = type(exc).__name__
    names = {type(e).__name__ for e in _chain(exc)}
    if "IncompleteOutputException" in names:
        return DraftError(
            "invalid_output",
            msg("report.llm-cut-off", max_tokens=str(settings.max_tokens)),
            msg("report.llm-cut-off-hint"),
        )
    if name in ("InstructorRetryException", "ValidationError", "ResponseParsingError"):
        from pydantic import ValidationError

        attempts = getattr(exc, "n_attempts", None)
        validation = next((e for e in _chain(exc) if isinstance(e, ValidationError)), None)
        if validation is not None:
            return DraftError(
                "invalid_output",
                msg("report.llm-unreadable", attempts=attempts or 0, detail=validation_summary(validation).removeprefix("the reply did not fit the requested structure: ")),
                msg("report.llm-unreadable-hint", model=model),
            )
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else name
        return DraftError(
            "invalid_output",
            msg("report.llm-unreadable", attempts=attempts or 0, detail=_short(first_line)),
            msg("report.llm-unreadable-hint", model=model),
        )
    return DraftError("unexpected", msg("report.llm-failed", error=f"{name}: {_short(str(exc))}"), msg("report.llm-failed-hint"))


def estimate_tokens(characters: int) -> int:
    """Tokens for text a server did not count: about 4 characters a token (English; Nordic,
    German and Hungarian text runs nearer 3, so this errs low there)."""
    return max(1, math.ceil(characters / 4)) if characters > 0 else 0


def completion_text(completion: Any) -> str:
    """The text of a chat completion: its content, or its tool call's arguments."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return ""
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return "".join(getattr(getattr(call, "function", None), "arguments", "") or "" for call in calls)
    return getattr(message, "content", None) or ""


def validation_summary(exc: Any) -> str:
    """A pydantic `ValidationError` in a line: where the reply failed the structure, and why (first four)."""
    problems = []
    for error in exc.errors()[:4]:
        where = ".".join(str(part) for part in error.get("loc", ()))
        problems.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    more = f" (and {exc.error_count() - 4} more)" if exc.error_count() > 4 else ""
    return "the reply did not fit the requested structure: " + "; ".join(problems) + more


def _detail(error: Any) -> str:
    """The server's own words from an error reply."""
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return _short(str(message))
        detail = body.get("detail")
        if detail:
            return _short(json.dumps(detail, ensure_ascii=False) if not isinstance(detail, str) else detail)
    return _short(getattr(error, "message", None) or str(error))


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def api_error_kind(exc: BaseException) -> Optional[str]:
    """What kind of API failure `exc` is, for callers that must not import openai themselves:
    "auth" (the key was rejected, 401), "connection" (unreachable, or no answer in time), "api"
    (any other error reply), or None when it is not an error of the API client at all."""
    import openai

    if isinstance(exc, openai.AuthenticationError):
        return "auth"
    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError)):
        return "connection"
    if isinstance(exc, openai.APIError):
        return "api"
    return None


_LOADING = threading.Lock()
_LOADED = False


def load_libraries() -> None:
    """Import everything a request needs from openai and instructor, once per process.

    Safe from any thread: a second caller waits for the first one's import instead of starting
    its own, so the TUI can start it on a worker thread when the brief screen opens and the
    draft, whenever it starts, waits for that one import (`ModelLink` waits on a thread too, so
    the event loop never blocks on it).

    Loaded here, not on first use, is all that a request touches: `openai` (its package imports
    the SDK's whole type tree, most of the cost), the chat resource (what `client.chat` imports),
    instructor's OpenAI provider (its handlers import `requests`, for multimodal messages) and
    what building a client and sending the first request would import (`_first_request_modules`).
    Three things openai would import besides are left out (`_import_openai_without_unused_parts`):
    the API's other resources, the aiohttp transport and the top-level type modules, together
    about half of the cost.

    The cyclic garbage collector is paused while they load: the imports allocate hundreds of
    thousands of objects (classes, pydantic schemas) that live until the process ends, so every
    collection the allocations trigger scans them for nothing. Afterwards `gc.freeze` moves them
    out of the collector's sight for good: later collections, and the one at interpreter exit,
    no longer scan them (at exit that alone was about 0.4 s of CPU). What is frozen is what is
    alive at this moment (modules, their classes, the objects of a running TUI); it is only
    exempt from cyclic collection, and reference counting still frees it.
    """
    global _LOADED
    if _LOADED:
        return
    with _LOADING:
        if _LOADED:
            return
        collecting = gc.isenabled()
        gc.disable()
        type_tree = _TypeTreeFinder() if "openai" not in sys.modules else None
        if type_tree is not None:
            sys.meta_path.insert(0, type_tree)
        try:
            _import_openai_without_unused_parts()
            import instructor
            import openai.resources.chat  # noqa: F401 - what `client.chat` imports on first use

            instructor.from_openai  # noqa: B018 - a lazy attribute: this imports the OpenAI provider
            instructor.Mode  # noqa: B018 - likewise
            for name in _first_request_modules():
                try:
                    importlib.import_module(name)
                except ImportError:  # another release's layout: the request imports what it needs
                    pass
        finally:
            if type_tree is not None:
                sys.meta_path.remove(type_tree)
            if collecting:
                gc.enable()
        gc.freeze()
        _LOADED = True


def _first_request_modules() -> tuple[str, ...]:
    """What the first request imports on whichever thread sends it, unless it is loaded before:
    the HTTP core under openai's transport (imported when a client is built), anyio's asyncio
    backend (the first connection), instructor's reply parser and the module its streamed
    replies look for token usage in (instructor tries its Anthropic provider's)."""
    core = "httpcore2" if "httpx2" in sys.modules else "httpcore"
    return (core, "anyio._backends._asyncio", "anyio.streams.tls", "instructor.v2.core.function_calls", "instructor.v2.providers.anthropic.usage")


# openai's optional aiohttp transport (`openai.DefaultAioHttpClient`, chosen by passing it as
# `http_client`). openai imports it, and with it aiohttp, whenever aiohttp is installed (instructor
# requires it); okrcoach sends every request through openai's default httpx transport.
_AIOHTTP_TRANSPORT = "openai._vendor.httpx_aiohttp"


def _import_openai_without_unused_parts() -> None:
    """Import openai without the parts of it no okrcoach request uses; everything else as usual.

    - The aiohttp transport is not imported: while `openai` loads, its module is marked as not
      importable, so openai takes the branch it takes when aiohttp is not installed (the one
      thing that changes: `openai.DefaultAioHttpClient` asks for the aiohttp extra). The mark
      is removed at once, so aiohttp itself, and that module, stay importable for anyone.
    - `openai.resources` is set up as a package whose submodules import on their own: the
      clients import each resource's module on first use (`client.chat` imports
      `openai.resources.chat`), and the package's `__init__`, which imports every resource of
      the API to re-export its classes, runs only when something reads one of those names from
      the package itself (`_PackageCompletedOnDemand`).
    - The packages of openai's type tree (`openai.types`, `openai.types.beta`, …) load what is
      read from them, not everything they re-export: `load_libraries` puts `_TypeTreeFinder` in
      front of the import system while it loads.

    Nothing is left out when openai was imported before (its parts are loaded then).
    """
    if "openai" in sys.modules:
        return
    marked = _AIOHTTP_TRANSPORT not in sys.modules
    if marked:
        sys.modules[_AIOHTTP_TRANSPORT] = None  # type: ignore[assignment] - "not importable"
    try:
        import openai
    finally:
        if marked and sys.modules.get(_AIOHTTP_TRANSPORT, False) is None:
            del sys.modules[_AIOHTTP_TRANSPORT]
    if "openai.resources" in sys.modules:
        return
    spec = importlib.util.find_spec("openai.resources")
    if spec is not None and spec.loader is not None and spec.submodule_search_locations is not None:
        package = _PackageCompletedOnDemand.of(spec)
        sys.modules[spec.name] = package
        openai.resources = package  # type: ignore[attr-defined] - as the import system sets a submodule


class _PackageCompletedOnDemand(types.ModuleType):
    """A package whose `__init__` runs when a name it defines is first read, not when it is imported.

    Its submodules import as usual (`__path__` is set), so `import openai.resources.chat` loads
    the chat resource and nothing else. Reading any attribute the package does not have
    (`openai.resources.Beta`, `from openai.resources import Beta` or `*`, `dir()`) first runs the
    package's own `__init__` in it, once, so from then on it is the package a plain import gives.
    Special names other than `__all__` (which that `__init__` does not define) are answered
    without running it: tools probe every module in `sys.modules` for such names
    (`__warningregistry__`, `__wrapped__`), some while iterating it, which an import would upset.
    """

    _completing = threading.RLock()
    _pending: set[str] = set()

    @classmethod
    def of(cls, spec: Any) -> types.ModuleType:
        """The package of `spec`, with the attributes the import system gives it, its `__init__` not run."""
        package = importlib.util.module_from_spec(spec)
        package.__class__ = cls
        cls._pending.add(spec.name)
        return package

    def _complete(self) -> None:
        with self._completing:
            if self.__name__ in self._pending:
                self._pending.discard(self.__name__)
                loader = self.__spec__.loader
                getattr(loader, "package_loader", loader).exec_module(self)

    def __getattr__(self, name: str) -> Any:
        if self.__name__ not in self._pending or (name.startswith("__") and name.endswith("__") and name != "__all__"):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        self._complete()
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        self._complete()
        return sorted(self.__dict__)


class _ReexportsOnDemand(_PackageCompletedOnDemand):
    """A package completed on demand whose names load one at a time when its `__init__` only
    re-exports them.

    `openai.types/__init__.py` is a list of `from .module import Name as Name`: reading
    `CompletionUsage` from it imports `openai.types.completion_usage` and gives its class, the
    object the whole `__init__` would have bound, without importing the rest of the API's types.
    What the `__init__` holds is read from its source, once; if it does anything but re-export
    (or the source cannot be read), or for a name it does not list, the package completes as its
    parent class does. `dir()` and `*` imports complete it too.
    """

    _sources: dict[str, Optional[dict[str, tuple[Optional[str], str]]]] = {}

    def __getattr__(self, name: str) -> Any:
        if self.__name__ in self._pending and not (name.startswith("__") and name.endswith("__")):
            found = self._reexports().get(name)
            if found is not None:
                module_name, original = found
                if module_name is None:  # `from . import submodule`
                    value = importlib.import_module(f"{self.__name__}.{original}")
                else:
                    value = getattr(importlib.import_module(f"{self.__name__}.{module_name}"), original)
                setattr(self, name, value)
                return value
            if self._sources.get(self.__name__) is not None and importlib.machinery.PathFinder.find_spec(f"{self.__name__}.{name}", list(self.__path__)):
                # A submodule the `__init__` does not import: `from package import submodule`
                # asks with `hasattr` first, then imports it as usual.
                raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        return super().__getattr__(name)

    def _reexports(self) -> dict[str, tuple[Optional[str], str]]:
        with self._completing:
            if self.__name__ not in self._sources:
                self._sources[self.__name__] = _reexports_of(self.__spec__.origin)
            return self._sources[self.__name__] or {}


class _TypeTreeFinder(importlib.abc.MetaPathFinder):
    """Finds each package of openai's type tree whose `__init__` only re-exports as a
    `_ReexportsOnDemand`: its names load one by one as they are read.

    `openai.types` re-exports every top-level type of the API and its subpackages (`beta`,
    `responses`, `chat`, …) each re-export theirs; openai's own modules import names from them
    (`from ..types.beta import AssistantStreamEvent`), so a plain import loads every type module
    of the API, about half of what loading openai costs. A package whose `__init__` does
    anything else is left to the import system. In front of the import system only while
    `load_libraries` loads."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "openai.types" and not name.startswith("openai.types."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            return None
        names = _reexports_of(spec.origin)
        if names is None:
            return None
        _ReexportsOnDemand._sources[name] = names
        waiting = importlib.machinery.ModuleSpec(name, _WaitingLoader(spec.loader), origin=spec.origin, is_package=True)
        waiting.submodule_search_locations = spec.submodule_search_locations
        waiting.has_location = spec.has_location
        return waiting


class _WaitingLoader(importlib.abc.Loader):
    """Makes a package a `_ReexportsOnDemand` and leaves its `__init__` to `package_loader`,
    which runs it when the package completes."""

    def __init__(self, package_loader: Any) -> None:
        self.package_loader = package_loader

    def create_module(self, spec: Any) -> types.ModuleType:
        package = types.ModuleType(spec.name)
        package.__class__ = _ReexportsOnDemand
        _PackageCompletedOnDemand._pending.add(spec.name)
        return package

    def exec_module(self, module: types.ModuleType) -> None:
        if module.__name__ not in _PackageCompletedOnDemand._pending:  # reloaded after completing
            self.package_loader.exec_module(module)


def _reexports_of(path: Optional[str]) -> Optional[dict[str, tuple[Optional[str], str]]]:
    """What a package's `__init__` re-exports, name → (its module relative to the package, or
    None for a submodule itself; the name there), when re-exporting is all the `__init__` does;
    otherwise None."""
    import ast

    try:
        with open(path or "", encoding="utf-8") as source:
            tree = ast.parse(source.read())
    except (OSError, SyntaxError, ValueError):
        return None
    names: dict[str, tuple[Optional[str], str]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # the docstring
        if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
            continue
        if not isinstance(statement, ast.ImportFrom) or statement.level != 1:
            return None
        for alias in statement.names:
            if alias.name == "*":
                return None
            names[alias.asname or alias.name] = (statement.module, alias.name)
    return names
