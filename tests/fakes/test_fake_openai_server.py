"""The fake OpenAI server, exercised with the REAL openai SDK and instructor.

No mocks: every call below is an HTTP request to FakeOpenAI on 127.0.0.1.

What instructor 1.17 (v2 runtime) does with failures, as asserted here:

* Any exception raised by the SDK call itself (HTTP errors, timeouts, broken
  connections) is NOT retried by instructor: it raises
  ``instructor.core.InstructorRetryException`` after one attempt
  (``n_attempts == 1``, ``failed_attempts == []``), with the original error as
  ``__cause__``. Retrying those is the SDK's job (``max_retries`` on the client).
* Parse/validation errors (JSONDecodeError, pydantic ValidationError,
  ResponseParsingError) are re-asked up to ``max_retries`` times; when they run
  out, InstructorRetryException has ``n_attempts == max_retries + 1``, one
  ``FailedAttempt`` per attempt in ``.failed_attempts`` (each with the
  ``exception`` and the ``completion``), and ``__cause__`` is the last
  ValidationError.
* A stream that breaks mid-way surfaces the transport error unwrapped by the
  SDK (``httpx2.RemoteProtocolError``, not an ``openai.APIError``) as the
  ``__cause__`` of InstructorRetryException.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import warnings

import httpx2
import instructor
import openai
import pytest
from instructor.core import InstructorRetryException
from pydantic import BaseModel, ValidationError, field_validator

from tests.fakes.openai_server import FAST_RETRY, FakeOpenAI, Reply

MODES = [
    instructor.Mode.TOOLS,
    instructor.Mode.JSON,
    instructor.Mode.JSON_SCHEMA,
    instructor.Mode.MD_JSON,
]
MODE_IDS = [m.name for m in MODES]
KEY = "sk-test-local"
MESSAGES = [{"role": "user", "content": "Draft one objective."}]


class Objective(BaseModel):
    title: str
    key_results: list[str]
    confidence: int


OBJ = {
    "title": "Make onboarding delightful for every new customer",
    "key_results": ["Cut time-to-first-value to 2 days", "Raise activation to 60%"],
    "confidence": 7,
}


class Shouted(BaseModel):
    title: str

    @field_validator("title")
    @classmethod
    def must_be_upper(cls, value: str) -> str:
        if value != value.upper():
            raise ValueError("title must be UPPER CASE")
        return value


def sdk(fake: FakeOpenAI, **kw) -> openai.OpenAI:
    kw.setdefault("api_key", KEY)
    kw.setdefault("max_retries", 0)
    kw.setdefault("timeout", 5)
    return openai.OpenAI(base_url=fake.base_url, **kw)


def async_sdk(fake: FakeOpenAI, **kw) -> openai.AsyncOpenAI:
    kw.setdefault("api_key", KEY)
    kw.setdefault("max_retries", 0)
    kw.setdefault("timeout", 5)
    return openai.AsyncOpenAI(base_url=fake.base_url, **kw)


def create(client, **kw):
    kw.setdefault("model", "fake-model")
    kw.setdefault("messages", [dict(m) for m in MESSAGES])
    kw.setdefault("response_model", Objective)
    return client.chat.completions.create(**kw)


# --------------------------------------------------------------------------
# happy paths, per mode
# --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
def test_sync_create_returns_scripted_object(fake_openai: FakeOpenAI, mode) -> None:
    fake_openai.script(Reply.data(OBJ))
    client = instructor.from_openai(sdk(fake_openai), mode=mode)

    result = create(client)

    assert result.model_dump() == OBJ
    [body] = fake_openai.chat_requests
    # How each mode shapes the request (and so how the fake must answer).
    if mode == instructor.Mode.TOOLS:
        assert body["tools"][0]["function"]["name"] == "Objective"
        assert body["tool_choice"] == {"type": "function", "function": {"name": "Objective"}}
        assert "response_format" not in body
    elif mode == instructor.Mode.JSON:
        assert body["response_format"] == {"type": "json_object"}
        assert "tools" not in body
    elif mode == instructor.Mode.JSON_SCHEMA:
        assert body["response_format"]["type"] == "json_schema"
        assert body["response_format"]["json_schema"]["name"] == "Objective"
    else:  # MD_JSON: schema only in the prompt, answer in a ```json fence
        assert "tools" not in body and "response_format" not in body
        assert "```json" in body["messages"][-1]["content"]
    assert fake_openai.pending == 0
    assert fake_openai.errors == []


def test_tools_strict_is_normalised_to_tools(fake_openai: FakeOpenAI) -> None:
    # instructor 1.17 maps the deprecated Mode.TOOLS_STRICT to Mode.TOOLS
    # (DeprecationWarning); the schema is NOT marked strict.
    fake_openai.script(Reply.data(OBJ))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        client = instructor.from_openai(sdk(fake_openai), mode=instructor.Mode.TOOLS_STRICT)
    assert client.mode == instructor.Mode.TOOLS
    assert create(client).model_dump() == OBJ
    [body] = fake_openai.chat_requests
    assert body["tools"][0]["function"]["name"] == "Objective"
    assert "strict" not in body["tools"][0]["function"]


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
def test_create_with_completion_exposes_usage(fake_openai: FakeOpenAI, mode) -> None:
    fake_openai.script(
        Reply.data(OBJ, usage={"prompt_tokens": 11, "completion_tokens": 7}),
        Reply.data(OBJ),
    )
    client = instructor.from_openai(sdk(fake_openai), mode=mode)

    result, completion = client.chat.completions.create_with_completion(model="fake-model", messages=MESSAGES, response_model=Objective)
    assert result.model_dump() == OBJ
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (11, 7)
    assert completion.usage.total_tokens == 18
    assert completion.model == "fake-model"
    assert completion.object == "chat.completion"

    # default usage: derived from body sizes, never zero
    _, completion = client.chat.completions.create_with_completion(model="fake-model", messages=MESSAGES, response_model=Objective)
    usage = completion.usage
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
async def test_async_create(fake_openai: FakeOpenAI, mode) -> None:
    fake_openai.script(Reply.data(OBJ))
    raw = async_sdk(fake_openai)
    try:
        client = instructor.from_openai(raw, mode=mode)
        result = await create(client)
    finally:
        await raw.close()
    assert result.model_dump() == OBJ
    assert len(fake_openai.chat_requests) == 1


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
def test_create_partial_streams(fake_openai: FakeOpenAI, mode) -> None:
    fake_openai.script(Reply.data(OBJ))
    client = instructor.from_openai(sdk(fake_openai), mode=mode)

    partials = list(client.chat.completions.create_partial(model="fake-model", messages=MESSAGES, response_model=Objective))

    assert len(partials) > 2
    assert partials[-1].model_dump() == OBJ
    assert partials[0].model_dump() != OBJ  # really incremental
    [body] = fake_openai.chat_requests
    assert body["stream"] is True


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
async def test_async_create_partial_streams(fake_openai: FakeOpenAI, mode) -> None:
    fake_openai.script(Reply.data(OBJ))
    raw = async_sdk(fake_openai)
    try:
        client = instructor.from_openai(raw, mode=mode)
        partials = [p async for p in client.chat.completions.create_partial(model="fake-model", messages=MESSAGES, response_model=Objective)]
    finally:
        await raw.close()
    assert len(partials) > 2
    assert partials[-1].model_dump() == OBJ


# --------------------------------------------------------------------------
# re-asks (instructor's own retries)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
def test_malformed_json_is_reasked(fake_openai: FakeOpenAI, mode) -> None:
    fake_openai.script(Reply.text("not json"), Reply.data(OBJ))
    client = instructor.from_openai(sdk(fake_openai), mode=mode)

    assert create(client, max_retries=2).model_dump() == OBJ

    first, second = fake_openai.chat_requests
    assert len(second["messages"]) > len(first["messages"])
    assert second["messages"][: len(first["messages"])] == first["messages"]
    assert fake_openai.pending == 0


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
def test_validator_error_is_sent_back(fake_openai: FakeOpenAI, mode) -> None:
    fake_openai.script(Reply.data({"title": "quiet"}), Reply.data({"title": "LOUD"}))
    client = instructor.from_openai(sdk(fake_openai), mode=mode)

    assert create(client, response_model=Shouted, max_retries=2).title == "LOUD"

    first, second = fake_openai.chat_requests
    assert "title must be UPPER CASE" not in json.dumps(first["messages"])
    assert "title must be UPPER CASE" in json.dumps(second["messages"])
    if mode == instructor.Mode.TOOLS:  # re-ask answers the tool call
        assert second["messages"][-1]["role"] == "tool"
    else:
        assert second["messages"][-1]["role"] == "user"


def test_invalid_json_after_all_reasks(fake_openai: FakeOpenAI) -> None:
    fake_openai.default = Reply.text("still not json")
    client = instructor.from_openai(sdk(fake_openai), mode=instructor.Mode.JSON)

    with pytest.raises(InstructorRetryException) as info:
        create(client, max_retries=1)

    exc = info.value
    assert exc.n_attempts == 2
    assert len(fake_openai.chat_requests) == 2
    assert [a.attempt_number for a in exc.failed_attempts] == [1, 2]
    assert all(isinstance(a.exception, ValidationError) for a in exc.failed_attempts)
    assert exc.failed_attempts[-1].completion.choices[0].message.content == "still not json"
    assert isinstance(exc.__cause__, ValidationError)
    assert exc.total_usage.total_tokens > 0  # summed over both attempts


# --------------------------------------------------------------------------
# HTTP errors (the SDK's retries, instructor's wrapping)
# --------------------------------------------------------------------------


def test_rate_limit_is_retried_by_the_sdk(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(
        Reply.error(429, "Rate limit reached for requests", code="rate_limit_exceeded", headers=FAST_RETRY),
        Reply.data(OBJ),
    )
    client = instructor.from_openai(sdk(fake_openai, max_retries=2), mode=instructor.Mode.TOOLS)
    attempts: list[dict] = []
    client.on("completion:kwargs", lambda *a, **kw: attempts.append(kw))

    # FAST_RETRY = Retry-After: 0 + retry-after-ms: 1. A bare "Retry-After: 0"
    # works too but costs the SDK's 0.375-0.5 s backoff (0 means "unspecified").
    assert create(client).model_dump() == OBJ

    assert len(attempts) == 1  # one instructor attempt ...
    first, second = fake_openai.chat_requests  # ... two HTTP requests
    assert first == second
    retry_counts = [r.headers.get("x-stainless-retry-count") for r in fake_openai.requests]
    assert retry_counts == ["0", "1"]


def test_rate_limit_exhausted(fake_openai: FakeOpenAI) -> None:
    fake_openai.default = Reply.error(429, "Rate limit reached", code="rate_limit_exceeded", headers=FAST_RETRY)
    client = instructor.from_openai(sdk(fake_openai, max_retries=1), mode=instructor.Mode.TOOLS)

    with pytest.raises(InstructorRetryException) as info:
        create(client, max_retries=3)

    exc = info.value
    assert isinstance(exc.__cause__, openai.RateLimitError)
    assert exc.__cause__.code == "rate_limit_exceeded"
    assert exc.n_attempts == 1 and exc.failed_attempts == []
    assert len(fake_openai.chat_requests) == 2  # SDK: 1 + max_retries


def test_persistent_500(fake_openai: FakeOpenAI) -> None:
    fake_openai.default = Reply.error(500, "The server had an error", headers=FAST_RETRY)
    client = instructor.from_openai(sdk(fake_openai, max_retries=1), mode=instructor.Mode.TOOLS)

    with pytest.raises(InstructorRetryException) as info:
        create(client, max_retries=3)

    exc = info.value
    assert isinstance(exc.__cause__, openai.InternalServerError)
    assert exc.__cause__.status_code == 500
    assert exc.__cause__.body == {
        "message": "The server had an error",
        "type": "server_error",
        "param": None,
        "code": None,
    }
    assert exc.n_attempts == 1 and exc.failed_attempts == []
    assert len(fake_openai.chat_requests) == 2


def test_unscripted_request_fails_fast_and_clearly(fake_openai: FakeOpenAI) -> None:
    client = sdk(fake_openai, max_retries=2)
    with pytest.raises(openai.InternalServerError, match="no scripted reply left"):
        client.chat.completions.create(model="fake-model", messages=MESSAGES)
    assert len(fake_openai.requests) == 1  # x-should-retry: false


def test_bad_api_key(fake_openai: FakeOpenAI) -> None:
    fake_openai.require_key = "sk-the-right-one"
    fake_openai.script(Reply.data(OBJ))
    raw = sdk(fake_openai, api_key="sk-wrong-key-123", max_retries=2)
    client = instructor.from_openai(raw, mode=instructor.Mode.TOOLS)

    # Through instructor: wrapped in InstructorRetryException (no re-ask, no SDK retry).
    with pytest.raises(InstructorRetryException) as info:
        create(client)
    cause = info.value.__cause__
    assert isinstance(cause, openai.AuthenticationError)
    assert cause.status_code == 401 and cause.code == "invalid_api_key"
    assert info.value.n_attempts == 1

    # The bare SDK raises the AuthenticationError itself; all routes are guarded.
    with pytest.raises(openai.AuthenticationError):
        raw.models.list()
    assert len(fake_openai.requests) == 2
    assert fake_openai.pending == 1  # rejected requests do not consume replies

    good = instructor.from_openai(sdk(fake_openai, api_key="sk-the-right-one"), mode=instructor.Mode.TOOLS)
    assert create(good).model_dump() == OBJ
    assert fake_openai.requests[-1].headers["authorization"] == "Bearer sk-the-right-one"


def test_unknown_model(fake_openai: FakeOpenAI) -> None:
    fake_openai.known_models = ["gpt-known"]
    fake_openai.script(Reply.data(OBJ))
    raw = sdk(fake_openai, max_retries=2)
    client = instructor.from_openai(raw, mode=instructor.Mode.TOOLS)

    with pytest.raises(InstructorRetryException) as info:
        create(client, model="gpt-missing")
    cause = info.value.__cause__
    assert isinstance(cause, openai.NotFoundError)
    assert cause.code == "model_not_found"
    assert "The model `gpt-missing` does not exist or you do not have access to it." in str(cause)
    assert len(fake_openai.chat_requests) == 1 and fake_openai.pending == 1

    assert create(client, model="gpt-known").model_dump() == OBJ
    assert [m.id for m in raw.models.list()] == ["gpt-known"]
    assert raw.models.retrieve("gpt-known").id == "gpt-known"
    with pytest.raises(openai.NotFoundError):
        raw.models.retrieve("gpt-missing")


def test_models_default_and_unknown_route(fake_openai: FakeOpenAI) -> None:
    assert [m.id for m in sdk(fake_openai).models.list()] == ["fake-model"]
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(fake_openai.base_url + "/nope", timeout=5)
    assert info.value.code == 404
    assert json.loads(info.value.read())["error"]["message"] == "Invalid URL (GET /v1/nope)"
    assert fake_openai.chat_requests == []
    assert [r.path for r in fake_openai.requests] == ["/v1/models", "/v1/nope"]


# --------------------------------------------------------------------------
# transport failures
# --------------------------------------------------------------------------


def test_slow_reply_times_out(fake_openai: FakeOpenAI, capfd) -> None:
    fake_openai.script(Reply.slow(2.0, Reply.data(OBJ)), Reply.data(OBJ))
    client = instructor.from_openai(sdk(fake_openai, timeout=0.2, max_retries=0), mode=instructor.Mode.TOOLS)

    started = time.monotonic()
    with pytest.raises(InstructorRetryException) as info:
        create(client, max_retries=3)
    assert time.monotonic() - started < 1.5
    assert isinstance(info.value.__cause__, openai.APITimeoutError)
    assert info.value.n_attempts == 1  # instructor does not re-ask timeouts
    # the server keeps serving after the client hung up
    assert create(client).model_dump() == OBJ
    assert fake_openai.errors == []
    assert "Traceback" not in capfd.readouterr().err


def test_truncated_stream(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Reply.truncated(OBJ, after_chunks=3))
    client = instructor.from_openai(sdk(fake_openai), mode=instructor.Mode.TOOLS)

    with pytest.raises(InstructorRetryException) as info:
        list(client.chat.completions.create_partial(model="fake-model", messages=MESSAGES, response_model=Objective, max_retries=2))
    # The SDK does not wrap errors raised while iterating a stream: the cause
    # is the HTTP client's own RemoteProtocolError ("incomplete chunked read").
    assert isinstance(info.value.__cause__, httpx2.RemoteProtocolError)
    assert not isinstance(info.value.__cause__, openai.APIError)
    assert info.value.n_attempts == 1
    assert len(fake_openai.chat_requests) == 1


async def test_truncated_stream_async(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Reply.truncated(OBJ, after_chunks=4))
    raw = async_sdk(fake_openai)
    client = instructor.from_openai(raw, mode=instructor.Mode.TOOLS)
    partials = []
    try:
        with pytest.raises(httpx2.RemoteProtocolError):
            async for partial in client.chat.completions.create_partial(model="fake-model", messages=MESSAGES, response_model=Objective, max_retries=2):
                partials.append(partial)
    finally:
        await raw.close()
    # Unlike the sync path (which drains the stream inside instructor's retry
    # loop and wraps the error), async create_partial yields partials lazily
    # outside that loop: the consumer sees some partial objects, then the raw,
    # unwrapped httpx2.RemoteProtocolError.
    assert partials and partials[-1].model_dump() != OBJ
    assert len(fake_openai.chat_requests) == 1


def test_truncated_non_stream_is_a_connection_error(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Reply.truncated(OBJ))
    client = instructor.from_openai(sdk(fake_openai, max_retries=0), mode=instructor.Mode.TOOLS)
    with pytest.raises(InstructorRetryException) as info:
        create(client)
    assert type(info.value.__cause__) is openai.APIConnectionError
    assert isinstance(info.value.__cause__.__cause__, httpx2.RemoteProtocolError)


# --------------------------------------------------------------------------
# wire format details
# --------------------------------------------------------------------------


def test_sse_framing_and_usage_chunk(fake_openai: FakeOpenAI) -> None:
    body = {
        "model": "fake-model",
        "messages": MESSAGES,
        "stream": True,
        "stream_options": {"include_usage": True},
        "tools": [{"type": "function", "function": {"name": "Objective", "parameters": {}}}],
    }
    fake_openai.script(Reply.data(OBJ, usage={"prompt_tokens": 3, "completion_tokens": 4}))
    request = urllib.request.Request(
        fake_openai.base_url + "/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer x"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        raw = response.read().decode()

    events = raw.split("\n\n")
    assert events[-1] == "" and events[-2] == "data: [DONE]"
    chunks = [json.loads(e.removeprefix("data: ")) for e in events[:-2]]
    assert all(e.startswith("data: ") for e in events[:-1])
    first = chunks[0]["choices"][0]["delta"]["tool_calls"][0]
    assert first["index"] == 0 and first["id"].startswith("call_")
    assert first["function"]["name"] == "Objective"
    args = "".join(c["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"] for c in chunks if c["choices"] and c["choices"][0]["delta"].get("tool_calls"))
    assert json.loads(args) == OBJ
    assert 6 <= len(chunks) - 3 <= 8  # ~8 argument pieces
    assert chunks[-2]["choices"][0]["finish_reason"] == "tool_calls"
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"] == {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}

    [recorded] = fake_openai.requests
    assert recorded.method == "POST" and recorded.path == "/v1/chat/completions"
    assert recorded.headers["authorization"] == "Bearer x"
    assert recorded.body == body


def test_sdk_stream_of_text(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Reply.text("hello there, world"))
    stream = sdk(fake_openai).chat.completions.create(
        model="fake-model",
        messages=MESSAGES,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "hello there, world"
    assert chunks[-1].usage.total_tokens > 0


def test_length_finish_reason_raises_incomplete_output(fake_openai: FakeOpenAI) -> None:
    from instructor.core import IncompleteOutputException

    fake_openai.script(Reply.data(OBJ, finish_reason="length"))
    client = instructor.from_openai(sdk(fake_openai), mode=instructor.Mode.TOOLS)
    with pytest.raises(IncompleteOutputException):
        create(client, max_retries=2)
    assert len(fake_openai.chat_requests) == 1  # not re-asked


def test_standalone_context_manager() -> None:
    with FakeOpenAI(known_models=["m1", "m2"], require_key="k") as fake:
        url = fake.base_url
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        assert [m.id for m in openai.OpenAI(api_key="k", base_url=url, max_retries=0).models.list()] == [
            "m1",
            "m2",
        ]
    with pytest.raises(openai.APIConnectionError):
        openai.OpenAI(api_key="k", base_url=url, max_retries=0, timeout=1).models.list()


async def test_async_http_errors_are_wrapped_too(fake_openai: FakeOpenAI) -> None:
    # Errors raised by the request itself (before any chunk arrives) are
    # wrapped the same way on the async path, for create and create_partial.
    fake_openai.require_key = "sk-the-right-one"
    raw = async_sdk(fake_openai, api_key="sk-wrong-key-123")
    client = instructor.from_openai(raw, mode=instructor.Mode.TOOLS)
    try:
        with pytest.raises(InstructorRetryException) as info:
            await create(client)
        assert isinstance(info.value.__cause__, openai.AuthenticationError)
        with pytest.raises(InstructorRetryException) as info:
            async for _ in client.chat.completions.create_partial(model="fake-model", messages=MESSAGES, response_model=Objective):
                pass
        assert isinstance(info.value.__cause__, openai.AuthenticationError)
    finally:
        await raw.close()
    assert len(fake_openai.chat_requests) == 2
