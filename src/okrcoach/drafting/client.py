"""The one place that imports openai and instructor: build a client from settings, explain errors.

Everything else in okrcoach talks to models through `Drafter`, which calls `make_client` only
when it first needs a model, so the import cost (~2 s) is paid only by commands that draft.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Optional

from okrcoach.settings import LOCAL_PLACEHOLDER_KEY, LLMSettings

_MODE_NAMES = {"tools": "TOOLS", "tools_strict": "TOOLS_STRICT", "json": "JSON", "json_schema": "JSON_SCHEMA", "md_json": "MD_JSON"}


class DraftError(Exception):
    """An LLM call failed; `message` says what happened, `hint` what to do. Never a traceback."""

    def __init__(self, kind: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


@dataclass
class Usage:
    """Tokens and requests used by one drafter (all attempts, streamed or not)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0
    by_call: list[dict[str, int]] = field(default_factory=list)
    open_streams: list[Any] = field(default_factory=list, repr=False)

    async def close_streams(self) -> None:
        """Close streamed responses that were abandoned part-way (e.g. an unreadable reply)."""
        while self.open_streams:
            stream = self.open_streams.pop()
            try:
                await stream.close()
            except Exception:  # noqa: BLE001 - closing a broken stream may fail; nothing to report
                pass

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def add(self, usage: Any) -> None:
        if usage is None:
            return
        prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion = int(getattr(usage, "completion_tokens", 0) or 0)
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.by_call.append({"prompt_tokens": prompt, "completion_tokens": completion})

    def as_dict(self) -> dict[str, int]:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens, "total_tokens": self.total_tokens, "requests": self.requests}


def make_client(settings: LLMSettings, usage: Usage, mode: Optional[str] = None):
    """An async instructor client for the settings, counting tokens into `usage`."""
    problems = settings.problems()
    if problems:
        raise DraftError("not_configured", "No LLM is configured.", "\n".join(problems))
    import instructor
    import openai

    key = settings.api_key.get_secret_value() if settings.api_key else LOCAL_PLACEHOLDER_KEY
    if settings.backend == "azure":
        raw = openai.AsyncAzureOpenAI(
            azure_endpoint=settings.base_url or "",
            api_key=key,
            api_version=settings.api_version or "2024-10-21",
            timeout=settings.timeout,
            max_retries=settings.retries,
        )
    else:
        raw = openai.AsyncOpenAI(base_url=settings.base_url, api_key=key, timeout=settings.timeout, max_retries=settings.retries)
    chosen = mode or settings.effective_mode
    client = instructor.from_openai(raw, mode=getattr(instructor.Mode, _MODE_NAMES[chosen]))

    def count_request(*args: Any, **kwargs: Any) -> None:
        usage.requests += 1

    def count_usage(response: Any) -> None:
        inner = getattr(response, "_iterator", None)
        if inner is not None and hasattr(inner, "__anext__"):
            # A stream: usage arrives in its last chunk (stream_options.include_usage).
            async def tap():
                async for chunk in inner:
                    usage.add(getattr(chunk, "usage", None))
                    yield chunk

            response._iterator = tap()
            usage.open_streams.append(response)
            return
        usage.add(getattr(response, "usage", None))

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


def is_transport_failure(exc: BaseException) -> bool:
    """Whether a failure came from the endpoint or the network, not from the reply's content."""
    import openai

    return any(isinstance(e, openai.APIError) or type(e).__name__ in _TRANSPORT_ERRORS for e in _chain(exc))


def explain(exc: BaseException, settings: LLMSettings) -> DraftError:
    """Turn any failure of an LLM call into a short message with what to do next."""
    import openai

    if isinstance(exc, DraftError):
        return exc
    where = settings.base_url or "api.openai.com"
    model = settings.effective_model
    for error in _chain(exc):
        if isinstance(error, (asyncio.CancelledError, KeyboardInterrupt)):
            return DraftError("cancelled", "Cancelled.", "")
        if isinstance(error, openai.AuthenticationError):
            source = settings.api_key_source or "no key"
            return DraftError("auth", f"{where} rejected the API key (401; key from {source}: {settings.masked_key()}).", "Check the key: set OPENAI_API_KEY for OpenAI, or OKRCOACH_API_KEY for another endpoint; `okrcoach doctor` shows which key is used.")
        if isinstance(error, openai.PermissionDeniedError):
            return DraftError("auth", f"{where} refused access (403) for model {model}.", "Check that your key may use this model.")
        if isinstance(error, openai.NotFoundError):
            return DraftError("model", f"{where} does not know the model `{model}` (404).", "Set OKRCOACH_MODEL to a model the endpoint serves; `okrcoach doctor` lists them.")
        if isinstance(error, openai.RateLimitError):
            return DraftError("rate_limit", f"{where} is rate-limiting requests (429), still after {settings.retries} retries with backoff.", "Wait a minute and try again, or raise OKRCOACH_RETRIES; your brief is kept.")
        if isinstance(error, openai.APITimeoutError):
            return DraftError("timeout", f"{where} did not answer within {settings.timeout:g} s.", "Try again, or raise OKRCOACH_TIMEOUT for a slow (local) model.")
        if isinstance(error, openai.APIConnectionError):
            return DraftError("connection", f"Cannot reach {where}.", "Check the address and that the server is running (for Ollama: `ollama serve`); `okrcoach doctor` tests it.")
        if isinstance(error, openai.InternalServerError) or (isinstance(error, openai.APIStatusError) and error.status_code >= 500):
            status = getattr(error, "status_code", 500)
            return DraftError("server", f"{where} failed with a server error ({status}), still after {settings.retries} retries.", "Try again later; your brief is kept.")
        if type(error).__name__ in _TRANSPORT_ERRORS:
            return DraftError("connection", f"The connection to {where} broke off in the middle of the reply.", "Try again; if it keeps happening, try --no-stream or check the server's logs.")
        if isinstance(error, openai.BadRequestError):
            detail = _short(getattr(error, "message", str(error)))
            return DraftError("bad_request", f"{where} rejected the request (400): {detail}", f"The model may not support the `{settings.effective_mode}` mode; try OKRCOACH_MODE=json_schema or md_json, or run `okrcoach doctor`.")
    name = type(exc).__name__
    if name in ("InstructorRetryException", "ValidationError", "ResponseParsingError", "IncompleteOutputException"):
        attempts = getattr(exc, "n_attempts", None)
        tried = f" after {attempts} attempts" if attempts else ""
        return DraftError("invalid_output", f"The model did not return usable OKRs{tried}: its replies were not valid JSON for the requested structure.", f"Try again, try another mode (OKRCOACH_MODE=json_schema or md_json), or a larger model than `{model}`.")
    return DraftError("unexpected", f"The LLM call failed: {name}: {_short(str(exc))}", "Run `okrcoach doctor` to check the endpoint, model and mode.")


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
