"""One structured request to a model, as real OpenAI-compatible servers behave.

- **Modes.** Servers differ in what they accept: llama-cpp-python's server rejects a `json_schema`
  response format (HTTP 500, "Input should be 'text' or 'json_object'"), llama-server accepts it
  but not `tools`, OpenAI takes everything. In `auto` mode the first request goes out in the
  backend's preferred mode; a 400/422/500 whose message names the response format or the tools
  falls back to the next mode (each mode is tried at most once, and the fallback is reported), and
  the mode the server accepted is remembered per endpoint and model in the user cache
  (`modes.json`), so later runs start with it. `okrcoach doctor` probes and records all modes.
- **Time.** `timeout` bounds one request from sending to its last token, streamed or not. When it
  runs out the request is cancelled, its connection closed (so a local server stops generating
  instead of filling its only slot), and it is never retried; the message gives the real elapsed
  time. Only load refusals (429, 502-504) and connections that failed before any answer are
  retried, `retries` times with backoff.
- **Tokens.** Usage comes from the reply (the final chunk of a stream, with
  `stream_options.include_usage`). A server that sends none gets an estimate counted from the text
  (characters ÷ 4, see `estimate_tokens`), and the usage is marked as estimated wherever shown.

openai and instructor are imported only through `client.load_libraries`, when a request is made.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import time
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Optional

from pydantic import BaseModel, ValidationError

from okrcoach.i18n import SOURCE_LANGUAGE, Msg, msg
from okrcoach.settings import LLMSettings

from .client import DraftError, Usage, _chain, _detail, completion_text, explain, load_libraries, make_client
from .client import validation_summary as _validation_summary

# What each backend is asked first; the rest follow in this order as fallbacks.
_PREFERENCE = {
    "openai": ("tools", "json_schema", "json", "md_json"),
    "azure": ("tools", "json_schema", "json", "md_json"),
    "openrouter": ("tools", "json_schema", "json", "md_json"),
}
# Local servers: a schema-constrained response format first (llama-server, Ollama, LM Studio take
# it); then a JSON object; then a tool call (llama-cpp-python constrains its arguments to the
# schema, where its json_object mode does not); a schema only in the prompt last.
_LOCAL_PREFERENCE = ("json_schema", "json", "tools", "md_json")
# A rejected request whose error text names one of these is about the structured-output mode.
_FORMAT_WORDS = re.compile(r"response_format|json_schema|json_object|\btools?\b|tool_choice|tool call|function[_ ]call|grammar|'text'", re.IGNORECASE)
_LOAD_STATUSES = (429, 502, 503, 504)
_MAX_BACKOFF = 20.0


def mode_order(settings: LLMSettings, remembered: Optional[str] = None) -> list[str]:
    """Modes to try, in order: a fixed mode alone; in auto, the remembered one, then the backend's preference."""
    if settings.mode != "auto":
        return [settings.mode]
    preferred = list(_PREFERENCE.get(settings.backend, _LOCAL_PREFERENCE))
    if remembered in preferred:
        preferred.remove(remembered)  # type: ignore[arg-type]
        preferred.insert(0, remembered)  # type: ignore[arg-type]
    return preferred


class ModeMemory:
    """Which mode each endpoint+model accepted and which it rejected, in the user cache dir."""

    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = path

    def _file(self) -> Optional[Path]:
        if self.path is not None:
            return self.path
        if os.environ.get("OKRCOACH_NO_CACHE"):
            return None
        from platformdirs import user_cache_path

        return user_cache_path("okrcoach", appauthor=False) / "modes.json"

    @staticmethod
    def key(settings: LLMSettings) -> str:
        return f"{settings.base_url or 'https://api.openai.com/v1'}|{settings.effective_model or ''}"

    def _load(self) -> dict[str, Any]:
        path = self._file()
        if path is None or not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a broken cache is forgotten, never an error
        return data if isinstance(data, dict) else {}

    def entry(self, settings: LLMSettings) -> dict[str, Any]:
        entry = self._load().get(self.key(settings))
        return entry if isinstance(entry, dict) else {}

    def remembered(self, settings: LLMSettings) -> Optional[str]:
        mode = self.entry(settings).get("mode")
        return mode if isinstance(mode, str) else None

    def record(self, settings: LLMSettings, accepted: Optional[str] = None, rejected: Optional[dict[str, str]] = None) -> None:
        path = self._file()
        if path is None:
            return
        data = self._load()
        entry = data.get(self.key(settings))
        entry = entry if isinstance(entry, dict) else {}
        if rejected:
            entry.setdefault("rejected", {}).update(rejected)
        if accepted:
            entry["mode"] = accepted
            entry.get("rejected", {}).pop(accepted, None)
        entry["checked"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        data[self.key(settings)] = entry
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # the cache is an optimisation; a read-only home only costs a fallback next time


def api_error(exc: BaseException) -> Optional[BaseException]:
    """The openai SDK error behind a failure (instructor wraps them), or None."""
    import openai

    return next((e for e in _chain(exc) if isinstance(e, openai.APIError)), None)


def format_rejection(exc: BaseException) -> Optional[str]:
    """The server's message when a request was rejected for its structured-output mode, else None."""
    import openai

    exc = api_error(exc) or exc
    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (400, 422, 500):
        return None
    return _detail(exc) if _FORMAT_WORDS.search(_error_text(exc)) else None


def status_of(exc: BaseException) -> str:
    """The HTTP status behind a failure, for messages ("500"), or "?"."""
    return str(getattr(api_error(exc) or exc, "status_code", "?"))


def _error_text(exc: Any) -> str:
    body = getattr(exc, "body", None)
    parts = [str(getattr(exc, "message", "") or "")]
    if body is not None:
        parts.append(json.dumps(body, ensure_ascii=False) if not isinstance(body, str) else body)
    return " ".join(parts)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Reply:
    """What one request produced: the parsed object, or the raw text and why it did not parse."""

    value: Optional[BaseModel]
    text: str
    mode: str
    problem: str = ""
    """Why it did not parse, in English, as the model is told in a re-ask."""
    truncated: bool = False
    seconds: float = 0.0
    said: Optional[Msg] = None
    """The same for people, in any language."""

    @staticmethod
    def unreadable(text: str, mode: str, said: Msg, truncated: bool = False) -> "Reply":
        return Reply(None, text, mode, said.render("en"), truncated=truncated, said=said)

    def problem_in(self, language: str) -> str:
        return self.said.render(language) if self.said is not None else self.problem


@dataclass
class ModelLink:
    """Sends structured requests for one configured model; holds its usage and mode state."""

    settings: LLMSettings
    usage: Usage = field(default_factory=Usage)
    memory: ModeMemory = field(default_factory=ModeMemory)
    client: Any = None
    """A prepared instructor client (tests); then only its mode is used."""
    on_status: Callable[[str], None] = lambda _: None
    language: str = "en"
    """The language `on_status` lines are said in (the draft's or the improved file's)."""
    _clients: dict[str, Any] = field(default_factory=dict, repr=False)
    _rejected: dict[str, str] = field(default_factory=dict, repr=False)
    _unreadable: dict[str, int] = field(default_factory=dict, repr=False)
    _answered: set[str] = field(default_factory=set, repr=False)
    _accepted: Optional[str] = None

    def modes(self) -> list[str]:
        """Modes to use, best first: the one that worked, then the backend's preference; a mode the
        server rejected is gone, and in auto mode one whose replies could not be read gives way
        to a mode not tried yet (a small model may fill a tool call but not a bare JSON object)."""
        if self.client is not None:
            return [self.settings.effective_mode]
        remembered = self._accepted or self.memory.remembered(self.settings)
        order = [m for m in mode_order(self.settings, remembered) if m not in self._rejected]
        if self.settings.mode == "auto" and self._accepted is None:
            failing = [m for m in order if self._unreadable.get(m)]
            order = [m for m in order if m not in failing] + sorted(failing, key=lambda m: self._unreadable[m])
        return order

    @property
    def mode(self) -> str:
        modes = self.modes()
        return modes[0] if modes else self.settings.effective_mode

    async def _client_for(self, mode: str):
        """The client for `mode`. A new one is built on a worker thread: the first build imports
        openai and instructor (or waits for the import a TUI screen started), and the event loop,
        which draws the TUI, must not stop for that."""
        if self.client is not None:
            return self.client
        if mode not in self._clients:
            self._clients[mode] = await asyncio.to_thread(make_client, self.settings, self.usage, mode)
        return self._clients[mode]

    def extra(self) -> dict[str, Any]:
        """Sampling settings sent with every request."""
        extra: dict[str, Any] = {}
        if self.settings.temperature is not None:
            extra["temperature"] = self.settings.temperature
        if self.settings.max_tokens is not None:
            extra["max_tokens"] = self.settings.max_tokens
        return extra

    async def ask(self, response_model: type[BaseModel], messages: list[dict[str, Any]], on_partial: Optional[Callable[[Any], None]] = None) -> Reply:
        """One request (streamed when `on_partial` is given), in the first mode the server accepts.

        Raises DraftError for what the user must act on (endpoint, key, model, time, every mode
        rejected); a reply that does not parse is returned with its text and problem, for a re-ask.
        """
        modes = self.modes()
        if not modes:
            raise self._all_modes_rejected()
        await asyncio.to_thread(load_libraries)  # before anything here imports openai (see `_client_for`)
        for index, mode in enumerate(modes):
            try:
                reply = await self._with_retries(mode, response_model, messages, on_partial)
            except DraftError:
                raise
            except Exception as exc:  # classified below; cancellation passes through
                detail = format_rejection(exc)
                if detail is None:
                    raise explain(exc, self.settings) from exc
                if self.settings.mode != "auto" or self.client is not None:
                    raise DraftError(
                        "mode",
                        msg("report.llm-mode-rejected", where=self._where(), mode=str(mode), detail=detail),
                        msg("report.llm-mode-rejected-hint"),
                    ) from exc
                self._rejected[mode] = detail
                self.memory.record(self.settings, rejected={mode: detail})
                rest = [m for m in modes[index + 1 :] if m not in self._rejected]
                if not rest:
                    raise self._all_modes_rejected() from exc
                self.on_status(msg("report.llm-mode-rejected-next", where=self._where(), mode=str(mode), status=str(status_of(exc)), detail=detail, next=str(rest[0])).render(self.language))
                continue
            self._answered.add(mode)
            if reply.value is None and not reply.truncated:
                self._unreadable[mode] = self._unreadable.get(mode, 0) + 1
                following = self.modes()
                if following and following[0] != mode:
                    self.on_status(msg("report.llm-mode-unreadable-next", mode=str(mode), next=str(following[0])).render(self.language))
            elif reply.value is not None and self._accepted != mode:
                self._accepted = mode
                if self.client is None and self.settings.mode == "auto":
                    self.memory.record(self.settings, accepted=mode)
            return reply
        raise self._all_modes_rejected()

    def unreadable_hint(self, fallback: Msg) -> Msg:
        """What to try after no reply could be read. In auto mode okrcoach has already tried the
        modes the server took, so only modes neither tried nor rejected are worth naming (a
        server that rejected json_schema must not be suggested json_schema); `fallback` when the
        user chose the mode or a prepared client was given."""
        if self.settings.mode != "auto" or self.client is not None:
            return fallback
        model = self.settings.effective_model
        untried = [m for m in _PREFERENCE.get(self.settings.backend, _LOCAL_PREFERENCE) if m not in self._rejected and m not in self._answered]
        if untried:
            return msg("report.llm-modes-left-hint", count=len(untried), modes=", ".join(untried), model=model)
        tried = [m for m in _PREFERENCE.get(self.settings.backend, _LOCAL_PREFERENCE) if m in self._answered]
        return msg("report.llm-no-mode-left-hint", tried=", ".join(tried), model=model)

    def _where(self) -> str:
        return self.settings.base_url or "api.openai.com"

    def _all_modes_rejected(self) -> DraftError:
        tried = "; ".join(f"{mode}: {why}" for mode, why in self._rejected.items())
        return DraftError(
            "mode",
            msg("report.llm-modes-rejected", where=self._where(), tried=tried),
            msg("report.llm-modes-rejected-hint"),
        )

    async def _with_retries(self, mode: str, response_model: type[BaseModel], messages: list[dict[str, Any]], on_partial: Optional[Callable[[Any], None]]) -> Reply:
        import openai

        attempt = 0
        while True:
            try:
                return await self._once(mode, response_model, messages, on_partial)
            except Exception as failure:
                exc = api_error(failure)
                if exc is None:
                    raise
                retryable = isinstance(exc, openai.APIStatusError) and exc.status_code in _LOAD_STATUSES
                retryable = retryable or (isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError))
                if not retryable or attempt >= self.settings.retries:
                    raise failure
                attempt += 1
                delay = _retry_after(exc, attempt)
                status = str(getattr(exc, "status_code", "none"))
                self.on_status(msg("report.llm-retrying", where=self._where(), status=status, seconds=round(delay, 1), attempt=attempt, retries=self.settings.retries).render(self.language))
                await asyncio.sleep(delay)

    async def _once(self, mode: str, response_model: type[BaseModel], messages: list[dict[str, Any]], on_partial: Optional[Callable[[Any], None]]) -> Reply:
        client = await self._client_for(mode)
        started = time.monotonic()
        try:
            if on_partial is not None:
                reply = await asyncio.wait_for(self._stream(client, mode, response_model, messages, on_partial), timeout=self.settings.timeout)
            else:
                reply = await asyncio.wait_for(self._plain(client, mode, response_model, messages), timeout=self.settings.timeout)
        except asyncio.CancelledError:
            self.usage.abandon()
            await asyncio.shield(self._hang_up(mode))
            raise
        except asyncio.TimeoutError as exc:
            self.usage.abandon()
            await self._hang_up(mode)
            raise self._timeout(time.monotonic() - started) from exc
        except Exception as exc:
            import openai

            if isinstance(api_error(exc), openai.APITimeoutError):
                self.usage.abandon()
            await self.usage.close_streams()
            if isinstance(api_error(exc), openai.APITimeoutError):
                await self._hang_up(mode)
                raise self._timeout(time.monotonic() - started) from exc
            raise
        reply.seconds = time.monotonic() - started
        return reply

    async def _hang_up(self, mode: str) -> None:
        """Close the connection of an abandoned request (timeout or cancel), so the server sees
        the client go and stops generating; the next request opens a new connection."""
        await self.usage.close_streams()
        client = self._clients.pop(mode, None) if self.client is None else None
        raw = getattr(client, "client", None)
        if raw is not None:
            try:
                await raw.close()
            except Exception:  # noqa: BLE001 - a connection that is already gone is fine
                pass

    def _timeout(self, elapsed: float) -> DraftError:
        return DraftError(
            "timeout",
            msg("report.llm-reply-timeout", where=self._where(), seconds=f"{self.settings.timeout:g}", elapsed=_one_decimal(elapsed)),
            msg("report.llm-reply-timeout-hint"),
            tui_hint=msg("report.llm-reply-timeout-hint-tui"),
        )

    async def _plain(self, client: Any, mode: str, response_model: type[BaseModel], messages: list[dict[str, Any]]) -> Reply:
        try:
            value, completion = await client.chat.completions.create_with_completion(
                model=self.settings.effective_model, response_model=response_model, messages=messages, max_retries=0, **self.extra()
            )
        except Exception as exc:
            unusable = _unusable(exc)
            if unusable is None:
                raise
            return Reply.unreadable(unusable[0], mode, unusable[1], truncated=unusable[2])
        return Reply(value, completion_text(completion), mode)

    async def _stream(self, client: Any, mode: str, response_model: type[BaseModel], messages: list[dict[str, Any]], on_partial: Callable[[Any], None]) -> Reply:
        final = None
        record = self.usage.begin_stream()
        try:
            stream = client.chat.completions.create_partial(
                model=self.settings.effective_model, response_model=response_model, messages=messages, max_retries=0, stream_options={"include_usage": True}, **self.extra()
            )
            async with aclosing(stream):
                async for partial in stream:
                    final = partial
                    try:
                        on_partial(partial)
                    except Exception:  # noqa: BLE001 - a partial of the wrong shape only misses its preview
                        pass
        except asyncio.CancelledError:  # cancelled, or the deadline ran out: counted before the stream closes
            self.usage.abandon()
            raise
        except Exception as exc:
            unusable = _unusable(exc)
            if unusable is None:
                raise
            return Reply.unreadable(record.text or unusable[0], mode, unusable[1], truncated=unusable[2] or record.finish_reason == "length")
        finally:
            await self.usage.close_streams()
        text = record.text
        if record.finish_reason == "length":
            return Reply.unreadable(text, mode, msg("report.reply-cut-off-at", limit=str(self.settings.max_tokens)), truncated=True)
        if record.finish_reason is None and text.strip() and not _complete_json(text):
            # The stream ended (a proxy, a crashed worker) before the model finished: a partial
            # object may still validate, but it is not what the model meant to say.
            return Reply.unreadable(text, mode, msg("report.reply-ended"), truncated=True)
        if final is None:
            if not text.strip():
                return Reply.unreadable(text, mode, msg("report.reply-empty"))
            try:
                value = response_model.model_validate_json(_json_part(text))
            except ValidationError as exc:
                return Reply.unreadable(text, mode, _structure(exc))
            return Reply(value, text, mode)
        try:
            value = response_model.model_validate(final.model_dump())
        except ValidationError as exc:
            return Reply.unreadable(text, mode, _structure(exc))
        return Reply(value, text, mode)


def _complete_json(text: str) -> bool:
    """Whether a reply's JSON (inside a fence or around prose) is whole: a stream cut off mid-reply
    leaves it unclosed."""
    try:
        json.loads(_json_part(text))
    except ValueError:
        return False
    return True


def _json_part(text: str) -> str:
    """The JSON object in a reply (inside a ```json fence or around prose), for an error message."""
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


@dataclass(frozen=True)
class ReplyProblem(Msg):
    """What was wrong with a reply where the checker's own words are English (pydantic's, the JSON
    parser's): English says them (`english`); any other language says the reason alone
    (`phrases.reply-problem`), never English words in a Danish line (`-v` shows them there)."""

    english: Optional[Msg] = None

    def render(self, language: str) -> str:
        return self.english.render(language) if language == SOURCE_LANGUAGE and self.english is not None else super().render(language)


def _reply_problem(kind: str, english: Msg) -> ReplyProblem:
    said = msg("phrases.reply-problem", kind=kind)
    return ReplyProblem(said.key, said.params, english)


def _structure(exc: Any) -> Msg:
    """Where a reply failed the structure: pydantic's own words in English, the reason alone elsewhere."""
    return _reply_problem("other", msg("report.reply-structure", detail=_validation_summary(exc).removeprefix("the reply did not fit the requested structure: ")))


def _unusable(exc: BaseException) -> Optional[tuple[str, Msg, bool]]:
    """(reply text, what was wrong, cut off?) when a reply arrived but could not be parsed; None for
    failures of the endpoint, the network or the request, which are not the reply's fault."""
    import openai

    chain: list[BaseException] = []
    current: Optional[BaseException] = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, (openai.APIError, asyncio.CancelledError, asyncio.TimeoutError, DraftError)) for e in chain):
        return None
    if any(type(e).__name__ in ("RemoteProtocolError", "ReadError", "WriteError", "LocalProtocolError", "ConnectError", "ReadTimeout", "ConnectTimeout") for e in chain):
        return None
    names = {type(e).__name__ for e in chain}
    truncated = "IncompleteOutputException" in names
    completion = getattr(exc, "last_completion", None) or getattr(exc, "completion", None)
    failed = getattr(exc, "failed_attempts", None) or []
    if completion is None and failed:
        completion = getattr(failed[-1], "completion", None)
    text = completion_text(completion) if completion is not None else ""
    if truncated:
        return text, msg("report.reply-cut-off"), True
    validation = next((e for e in chain if isinstance(e, ValidationError)), None)
    if validation is None:
        for attempt in failed:
            inner = getattr(attempt, "exception", None)
            if isinstance(inner, ValidationError):
                validation = inner
    if validation is not None:
        return text, _structure(validation), False
    if names & {"InstructorRetryException", "ResponseParsingError", "JSONDecodeError", "ValueError", "KeyError", "IndexError", "TypeError", "AttributeError"}:
        return text, _reply_problem("not-json", msg("report.reply-not-json", detail=_short(str(exc), 120))), False
    return None


def _retry_after(exc: Any, attempt: int) -> float:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name) if hasattr(headers, "get") else None
        if value:
            try:
                seconds = float(value) * scale
            except ValueError:
                continue
            if seconds > 0:
                return min(seconds, _MAX_BACKOFF)
    return min(0.5 * 2 ** (attempt - 1), _MAX_BACKOFF) * (1 - 0.25 * random.random())


def _one_decimal(value: float) -> Msg:
    """`1.3` with the decimal mark of the language it is said in (`1,3`)."""
    whole, tenth = f"{value:.1f}".split(".")
    return msg("phrases.one-decimal", whole=whole, tenth=tenth)
