"""A fake OpenAI-compatible HTTP server for tests.

Modelled on instructor's own loopback tests
(``tests/core/test_retry_http_semantics.py`` in instructor-ai/instructor): the
real ``openai`` SDK (and instructor on top of it) talks HTTP to a stdlib
``ThreadingHTTPServer`` bound to ``127.0.0.1`` on an ephemeral port. Nothing is
mocked on the client side, so retries, timeouts, SSE parsing and error mapping
are the SDK's own.

Typical use::

    with FakeOpenAI() as fake:
        fake.script(Reply.error(429, "slow down", headers=FAST_RETRY), Reply.data({"a": 1}))
        client = openai.OpenAI(api_key="sk-test", base_url=fake.base_url)
        ...
        assert len(fake.chat_requests) == 2

Each POST /v1/chat/completions consumes one scripted reply (FIFO); when the
queue is empty ``fake.default`` answers (initially a non-retryable 500 whose
message says "no scripted reply left"). Requests rejected by ``require_key``
or ``known_models`` do not consume a scripted reply.

Notes on the SDK (openai 3.x) that matter for fast tests:

* ``Retry-After: 0`` is treated as "no server-directed delay": the SDK falls
  back to its exponential backoff (0.375-0.5 s for the first retry). Only a
  *positive* ``retry-after-ms`` / ``Retry-After`` value is honoured as is, so
  use :data:`FAST_RETRY` (``Retry-After: 0`` plus ``retry-after-ms: 1``) to
  make SDK retries take ~1 ms.
* A stream that simply ends (EOF) without ``data: [DONE]`` is *not* an error
  for the SDK, and instructor's Partial parser silently skips final validation
  of incomplete JSON. :meth:`Reply.truncated` therefore uses chunked transfer
  encoding and drops the connection before the terminating chunk, which the
  HTTP client reports as ``RemoteProtocolError`` (a real broken connection).
"""

from __future__ import annotations

import json
import math
import socket
import sys
import threading
import time
import traceback
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = [
    "CHAT_COMPLETIONS_PATH",
    "FAST_RETRY",
    "DataReply",
    "ErrorReply",
    "FakeOpenAI",
    "RecordedRequest",
    "Reply",
    "SlowReply",
    "TextReply",
    "TruncatedReply",
]

CHAT_COMPLETIONS_PATH = "/v1/chat/completions"
DEFAULT_MODEL_IDS = ("fake-model",)
STREAM_PIECES = 8

#: Headers that make the SDK retry after ~1 ms instead of its 0.5 s backoff.
FAST_RETRY: Mapping[str, str] = {"Retry-After": "0", "retry-after-ms": "1"}

# Errors that mean "the client went away"; never worth a traceback.
_DISCONNECT_ERRORS = (
    BrokenPipeError,
    ConnectionResetError,
    ConnectionAbortedError,
    TimeoutError,  # socket.timeout on idle keep-alive connections
)


# --------------------------------------------------------------------------
# recorded requests
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request as the fake server saw it."""

    method: str
    path: str  # without the query string
    headers: dict[str, str]  # lower-case names
    body: Any  # parsed JSON; raw text if not JSON; None if empty
    query: str = ""


# --------------------------------------------------------------------------
# replies
# --------------------------------------------------------------------------


def _to_jsonable(obj: Any) -> Any:
    if hasattr(obj, "model_dump"):  # pydantic models
        return obj.model_dump(mode="json")
    return obj


def _split(text: str, pieces: int = STREAM_PIECES) -> list[str]:
    if not text:
        return [""]
    size = max(1, math.ceil(len(text) / pieces))
    return [text[i : i + size] for i in range(0, len(text), size)]


def _new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:24]}"


def _error_payload(message: str, type_: str, code: str | None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def _default_error_type(status: int) -> str:
    if status == 429:
        return "requests"
    if status >= 500:
        return "server_error"
    return "invalid_request_error"


class Reply:
    """A scripted answer to one chat-completions request.

    Build replies with the factories (``Reply.data``, ``Reply.text``,
    ``Reply.error``, ``Reply.slow``, ``Reply.truncated``); every reply works
    for both streamed (``"stream": true``) and non-streamed requests.
    """

    def respond(self, ex: _Exchange) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- factories ---------------------------------------------------------

    @staticmethod
    def data(
        obj: Any,
        usage: Mapping[str, int] | None = None,
        *,
        finish_reason: str | None = None,
        sends_usage: bool = True,
    ) -> DataReply:
        """The structured answer ``obj`` (dict/list/pydantic model), shaped for the
        request: a tool call when the request has ``tools``, plain JSON content
        when it has ``response_format``, a ```json fence otherwise (MD_JSON).
        ``sends_usage=False`` answers like servers that ignore ``stream_options``
        and report no token counts at all."""
        return DataReply(obj=obj, usage=usage, finish_reason=finish_reason, sends_usage=sends_usage)

    @staticmethod
    def text(
        content: str,
        usage: Mapping[str, int] | None = None,
        *,
        finish_reason: str = "stop",
    ) -> TextReply:
        """Raw assistant ``content`` (e.g. malformed JSON), no tool call."""
        return TextReply(content=content, usage=usage, finish_reason=finish_reason)

    @staticmethod
    def error(
        status: int,
        message: str,
        type_: str | None = None,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        param: str | None = None,
    ) -> ErrorReply:
        """An OpenAI-style error: ``{"error": {"message", "type", "param", "code"}}``.

        ``type_`` defaults by status: ``requests`` for 429, ``server_error`` for
        5xx, ``invalid_request_error`` otherwise."""
        return ErrorReply(
            status=status,
            message=message,
            type_=type_ or _default_error_type(status),
            code=code,
            headers=dict(headers or {}),
            param=param,
        )

    @staticmethod
    def slow(seconds: float, then: Reply) -> SlowReply:
        """Wait ``seconds`` (interrupted by ``FakeOpenAI.stop()``), then send ``then``."""
        return SlowReply(seconds=seconds, then=then)

    @staticmethod
    def stalled(obj: Any, after_chunks: int, seconds: float = 30.0) -> StalledReply:
        """Start streaming ``obj`` and stop sending after ``after_chunks`` SSE events, keeping the
        connection open for ``seconds`` (a slow local model that has not finished by the client's
        timeout). Non-streamed: wait, then send the whole reply."""
        return StalledReply(obj=obj, after_chunks=after_chunks, seconds=seconds)

    @staticmethod
    def truncated(
        obj: Any,
        after_chunks: int = 3,
        usage: Mapping[str, int] | None = None,
    ) -> TruncatedReply:
        """Start answering with ``obj`` and drop the connection part-way.

        Streamed: send ``after_chunks`` SSE events, then close without the
        terminating HTTP chunk and without ``data: [DONE]``. Non-streamed: send
        the headers and half of the JSON body, then close."""
        return TruncatedReply(obj=obj, after_chunks=after_chunks, usage=usage)


@dataclass(frozen=True)
class _CompletionReply(Reply):
    """Shared machinery for replies that produce a completion."""

    def _plan(self, body: dict) -> tuple[str | None, str, str]:
        """(tool name or None, text, finish_reason) for this request."""
        raise NotImplementedError

    def _usage_for(self, body: dict, text: str, usage: Mapping[str, int] | None) -> dict:
        if usage is not None:
            prompt = int(usage.get("prompt_tokens", 0))
            completion = int(usage.get("completion_tokens", 0))
            total = int(usage.get("total_tokens", prompt + completion))
            return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": total}
        prompt = max(1, len(json.dumps(body.get("messages", []))) // 4)
        completion = max(1, len(text) // 4)
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    # non-streamed ---------------------------------------------------------

    def completion(self, body: dict, usage: Mapping[str, int] | None) -> dict:
        tool, text, finish = self._plan(body)
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None, "annotations": []}
        if tool is not None:
            message["tool_calls"] = [
                {
                    "id": _new_id("call_"),
                    "type": "function",
                    "function": {"name": tool, "arguments": text},
                }
            ]
        else:
            message["content"] = text
        return {
            "id": _new_id("chatcmpl-"),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or "fake-model",
            "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
            "usage": self._usage_for(body, text, usage),
        }

    # streamed -------------------------------------------------------------

    def chunks(self, body: dict, usage: Mapping[str, int] | None) -> list[str]:
        """The SSE ``data:`` payloads (JSON strings) of a full stream, without [DONE]."""
        tool, text, finish = self._plan(body)
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        base = {
            "id": _new_id("chatcmpl-"),
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model") or "fake-model",
            "system_fingerprint": "fp_fake",
        }

        def chunk(delta: dict, finish_reason: str | None = None) -> str:
            payload = dict(base)
            payload["choices"] = [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}]
            if include_usage:
                payload["usage"] = None
            return json.dumps(payload)

        out: list[str] = []
        if tool is not None:
            out.append(
                chunk(
                    {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {
                                "index": 0,
                                "id": _new_id("call_"),
                                "type": "function",
                                "function": {"name": tool, "arguments": ""},
                            }
                        ],
                    }
                )
            )
            for piece in _split(text):
                out.append(chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}))
        else:
            out.append(chunk({"role": "assistant", "content": "", "refusal": None}))
            for piece in _split(text):
                out.append(chunk({"content": piece}))
        out.append(chunk({}, finish))
        if include_usage:
            payload = dict(base)
            payload["choices"] = []
            payload["usage"] = self._usage_for(body, text, usage)
            out.append(json.dumps(payload))
        return out


def _tool_name(body: dict) -> str | None:
    tools = body.get("tools") or []
    if not tools:
        return None
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name") or choice.get("name")
        if name:
            return name
    first = tools[0]
    return (first.get("function") or {}).get("name") or first.get("name") or "tool"


@dataclass(frozen=True)
class DataReply(_CompletionReply):
    obj: Any = None
    usage: Mapping[str, int] | None = None
    finish_reason: str | None = None
    sends_usage: bool = True

    def _plan(self, body: dict) -> tuple[str | None, str, str]:
        text = json.dumps(_to_jsonable(self.obj))
        tool = _tool_name(body)
        if tool is not None:
            return tool, text, self.finish_reason or "tool_calls"
        if not body.get("response_format"):  # MD_JSON: schema only in the prompt
            text = f"```json\n{text}\n```"
        return None, text, self.finish_reason or "stop"

    def respond(self, ex: _Exchange) -> None:
        body = ex.body if self.sends_usage else {k: v for k, v in ex.body.items() if k != "stream_options"}
        if ex.stream:
            ex.send_stream(self.chunks(body, self.usage))
        else:
            completion = self.completion(body, self.usage)
            if not self.sends_usage:
                completion.pop("usage", None)
            ex.send_json(200, completion)


@dataclass(frozen=True)
class TextReply(_CompletionReply):
    content: str = ""
    usage: Mapping[str, int] | None = None
    finish_reason: str = "stop"

    def _plan(self, body: dict) -> tuple[str | None, str, str]:
        return None, self.content, self.finish_reason

    def respond(self, ex: _Exchange) -> None:
        if ex.stream:
            ex.send_stream(self.chunks(ex.body, self.usage))
        else:
            ex.send_json(200, self.completion(ex.body, self.usage))


@dataclass(frozen=True)
class ErrorReply(Reply):
    status: int = 500
    message: str = "error"
    type_: str = "server_error"
    code: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    param: str | None = None

    def respond(self, ex: _Exchange) -> None:
        # OpenAI answers errors with a JSON body even for stream=true requests.
        ex.send_json(self.status, _error_payload(self.message, self.type_, self.code, self.param), self.headers)


@dataclass(frozen=True)
class SlowReply(Reply):
    seconds: float = 1.0
    then: Reply = field(default_factory=lambda: Reply.data({}))

    def respond(self, ex: _Exchange) -> None:
        if ex.fake._stopping.wait(self.seconds):
            ex.abort()  # server is shutting down: just hang up
            return
        # The client has usually given up by now; writing then raises a
        # disconnect error, which the server swallows quietly.
        self.then.respond(ex)


@dataclass(frozen=True)
class StalledReply(Reply):
    obj: Any = None
    after_chunks: int = 3
    seconds: float = 30.0

    def respond(self, ex: _Exchange) -> None:
        full = DataReply(obj=self.obj)
        if not ex.stream:
            SlowReply(self.seconds, full).respond(ex)
            return
        ex.start_stream()
        for data in full.chunks(ex.body, None)[: max(0, self.after_chunks)]:
            ex.send_event(data)
        ex.fake._stopping.wait(self.seconds)
        ex.abort()


@dataclass(frozen=True)
class TruncatedReply(Reply):
    obj: Any = None
    after_chunks: int = 3
    usage: Mapping[str, int] | None = None

    def respond(self, ex: _Exchange) -> None:
        full = DataReply(obj=self.obj, usage=self.usage)
        if ex.stream:
            events = full.chunks(ex.body, self.usage)
            ex.start_stream()
            for data in events[: max(0, self.after_chunks)]:
                ex.send_event(data)
        else:
            raw = json.dumps(full.completion(ex.body, self.usage)).encode()
            ex.send_headers(200, {"Content-Type": "application/json", "Content-Length": str(len(raw))})
            ex.write(raw[: len(raw) // 2])
        ex.abort()


# --------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------


class _Exchange:
    """One request/response on a handler, with helpers for the reply classes."""

    def __init__(self, handler: _Handler, fake: FakeOpenAI, body: Any) -> None:
        self.handler = handler
        self.fake = fake
        self.body: dict = body if isinstance(body, dict) else {}

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    def write(self, data: bytes) -> None:
        self.handler.wfile.write(data)
        self.handler.wfile.flush()

    def send_headers(self, status: int, headers: Mapping[str, str]) -> None:
        h = self.handler
        h.send_response(status)
        h.send_header("x-request-id", _new_id("req_"))
        for name, value in headers.items():
            h.send_header(name, value)
        h.end_headers()

    def send_json(self, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        raw = json.dumps(payload).encode()
        self.send_headers(
            status,
            {"Content-Type": "application/json", "Content-Length": str(len(raw)), **(headers or {})},
        )
        self.write(raw)

    def start_stream(self) -> None:
        self.send_headers(
            200,
            {
                "Content-Type": "text/event-stream; charset=utf-8",
                "Cache-Control": "no-cache",
                "Transfer-Encoding": "chunked",
            },
        )

    def send_event(self, data: str) -> None:
        payload = f"data: {data}\n\n".encode()
        self.write(b"%x\r\n%s\r\n" % (len(payload), payload))

    def end_stream(self) -> None:
        self.write(b"0\r\n\r\n")

    def send_stream(self, events: list[str]) -> None:
        self.start_stream()
        for data in events:
            self.send_event(data)
        self.send_event("[DONE]")
        self.end_stream()

    def abort(self) -> None:
        """Close the connection now (no terminating chunk, no more requests)."""
        self.handler.close_connection = True
        try:
            self.handler.wfile.flush()
            self.handler.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real API
    server_version = "FakeOpenAI/1.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections eventually go away
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.fake._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.fake._track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # stay quiet

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(parts)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self) -> None:
        fake = self.server.fake
        try:
            raw = self._read_body()
            body: Any = None
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
            path, _, query = self.path.partition("?")
            headers = {k.lower(): v for k, v in self.headers.items()}
            fake._record(RecordedRequest(self.command, path, headers, body, query))
            fake._route(_Exchange(self, fake, body), self.command, path, headers, body)
        except _DISCONNECT_ERRORS:
            self.close_connection = True
        except Exception as exc:  # a bug in the fake or in a test's Reply
            self.close_connection = True
            fake.errors.append(exc)
            print("FakeOpenAI: error while handling a request:", file=sys.stderr)
            traceback.print_exc()
            try:
                ex = _Exchange(self, fake, None)
                ex.send_json(500, _error_payload(f"FakeOpenAI internal error: {exc!r}", "server_error", None))
            except Exception:
                pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, fake: FakeOpenAI) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (*_DISCONNECT_ERRORS, OSError)):
            return  # normal client disconnects / shutdown: no traceback
        if exc is not None:
            self.fake.errors.append(exc)
        super().handle_error(request, client_address)


# --------------------------------------------------------------------------
# the fake
# --------------------------------------------------------------------------


class FakeOpenAI:
    """An OpenAI-compatible chat-completions server on 127.0.0.1:<ephemeral>.

    Attributes:
        base_url: ``http://127.0.0.1:PORT/v1`` (after ``start()``).
        default: reply used when the scripted queue is empty.
        known_models: ``None`` accepts any model; otherwise other models get
            404 ``model_not_found`` and ``GET /v1/models`` lists these.
        require_key: ``None`` accepts any key; otherwise every route needs
            ``Authorization: Bearer <require_key>`` or gets 401 ``invalid_api_key``.
        errors: exceptions raised inside the fake while handling requests
            (should stay empty; client disconnects are not recorded).
    """

    def __init__(
        self,
        *,
        known_models: list[str] | tuple[str, ...] | None = None,
        require_key: str | None = None,
    ) -> None:
        self.known_models = list(known_models) if known_models is not None else None
        self.require_key = require_key
        self.default: Reply = Reply.error(
            500,
            "FakeOpenAI: no scripted reply left (call fake.script(...) or set fake.default)",
            type_="server_error",
            headers={"x-should-retry": "false"},  # fail fast: the SDK must not retry this
        )
        self.errors: list[BaseException] = []
        #: Answers GET /v1/models instead of the generated list (e.g. a recorded real answer).
        self.models_reply: Reply | None = None
        self._lock = threading.Lock()
        self._queue: deque[Reply] = deque()
        self._requests: list[RecordedRequest] = []
        self._conns: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> FakeOpenAI:
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"FakeOpenAI:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()  # wakes up Reply.slow
        server.shutdown()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:  # drop idle keep-alive connections
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeOpenAI is not running; call start()")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting ---------------------------------------------------------

    def script(self, *replies: Reply) -> FakeOpenAI:
        """Queue replies; each chat-completions request consumes one (FIFO)."""
        for reply in replies:
            if not isinstance(reply, Reply):
                raise TypeError(f"expected a Reply, got {reply!r}")
        with self._lock:
            self._queue.extend(replies)
        return self

    @property
    def pending(self) -> int:
        """Scripted replies not consumed yet."""
        with self._lock:
            return len(self._queue)

    def reset(self) -> None:
        """Forget scripted replies and recorded requests."""
        with self._lock:
            self._queue.clear()
            self._requests.clear()

    # -- request log -------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Snapshot of every request received, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[dict]:
        """Bodies of the POST /v1/chat/completions requests, in arrival order."""
        return [r.body for r in self.requests if r.method == "POST" and r.path == CHAT_COMPLETIONS_PATH]

    # -- internals ---------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._conns.add(conn)
            else:
                self._conns.discard(conn)

    def _next_reply(self) -> Reply:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

    def _model_ids(self) -> list[str]:
        return list(self.known_models) if self.known_models is not None else list(DEFAULT_MODEL_IDS)

    @staticmethod
    def _model_obj(model_id: str) -> dict:
        return {"id": model_id, "object": "model", "created": 1700000000, "owned_by": "fake-openai"}

    @staticmethod
    def _model_not_found(model: str) -> ErrorReply:
        return Reply.error(
            404,
            f"The model `{model}` does not exist or you do not have access to it.",
            type_="invalid_request_error",
            code="model_not_found",
        )

    def _route(self, ex: _Exchange, method: str, path: str, headers: dict, body: Any) -> None:
        if self.require_key is not None and headers.get("authorization") != f"Bearer {self.require_key}":
            auth = headers.get("authorization", "")
            if not auth:
                message = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            else:
                given = auth.removeprefix("Bearer ").strip()
                shown = f"{given[:3]}***{given[-4:]}" if len(given) > 8 else "***"
                message = f"Incorrect API key provided: {shown}. You can find your API key at https://platform.openai.com/account/api-keys."
            Reply.error(401, message, type_="invalid_request_error", code="invalid_api_key").respond(ex)
            return

        if path == CHAT_COMPLETIONS_PATH and method == "POST":
            self._chat(ex, body)
        elif path == "/v1/models" and method == "GET" and self.models_reply is not None:
            self.models_reply.respond(ex)
        elif path == "/v1/models" and method == "GET":
            ex.send_json(200, {"object": "list", "data": [self._model_obj(m) for m in self._model_ids()]})
        elif path.startswith("/v1/models/") and method == "GET":
            model = path[len("/v1/models/") :]
            if self.known_models is None or model in self.known_models:
                ex.send_json(200, self._model_obj(model))
            else:
                self._model_not_found(model).respond(ex)
        else:
            Reply.error(404, f"Invalid URL ({method} {path})", type_="invalid_request_error").respond(ex)

    def _chat(self, ex: _Exchange, body: Any) -> None:
        if not isinstance(body, dict):
            Reply.error(
                400,
                "We could not parse the JSON body of your request. (HINT: This likely means you "
                "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
                "but what was sent was not valid JSON.)",
                type_="invalid_request_error",
            ).respond(ex)
            return
        model = body.get("model")
        if not model:
            Reply.error(400, "you must provide a model parameter", type_="invalid_request_error", param="model").respond(ex)
            return
        if self.known_models is not None and model not in self.known_models:
            self._model_not_found(model).respond(ex)
            return
        self._next_reply().respond(ex)
