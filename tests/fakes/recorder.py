"""Record real model-server traffic as cassettes, and replay them through the fake server.

Recording: a `RecordingProxy` listens on 127.0.0.1 and forwards every request to a real
OpenAI-compatible server (llama-server, llama-cpp-python's server …), passing the answer back
as it arrives (SSE streams event by event) and keeping a copy. When the client goes away before
the answer is complete (okrcoach's timeout or a cancel), the proxy closes the upstream connection
too, as the client's own close would, and records that the client closed it.

Replay: `replies(cassette)` turns the recorded chat answers into `Reply` objects for
`FakeOpenAI`, in order; `models_reply(cassette)` answers `GET /v1/models` as the real server did.
A recorded answer the client abandoned is replayed as a reply that never finishes, so the client
times out again.

A cassette is gzip-compressed JSON (`*.json.gz`): what was run (`command`, `scenario`, server and
model), what okrcoach said (`exit_code`, `stderr`), and every exchange (request summary, status,
body or SSE events, the assistant's text, seconds, whether the client closed it).
"""

from __future__ import annotations

import gzip
import http.client
import json
import queue
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlparse

from tests.fakes.openai_server import Reply, _Exchange

_HOP_HEADERS = {"host", "content-length", "connection", "keep-alive", "transfer-encoding", "accept-encoding"}


def request_summary(body: Any) -> dict[str, Any]:
    """What a cassette keeps of a chat request: the mode-relevant shape, not the prompt text."""
    if not isinstance(body, dict):
        return {}
    response_format = body.get("response_format") or {}
    if body.get("tools"):
        mode = "tools"
    elif response_format.get("type") == "json_schema":
        mode = "json_schema"
    elif response_format.get("type") == "json_object":
        mode = "json"
    else:
        mode = "md_json"
    messages = body.get("messages") or []
    return {
        "model": body.get("model"),
        "mode": mode,
        "stream": bool(body.get("stream")),
        "max_tokens": body.get("max_tokens"),
        "temperature": body.get("temperature"),
        "messages": len(messages),
        "prompt_characters": len(json.dumps(messages, ensure_ascii=False)),
    }


def reply_text(status: int, body: str, events: list[str]) -> str:
    """The assistant's text in a recorded answer (content or tool-call arguments)."""
    if status != 200:
        return ""
    parts: list[str] = []
    if events:
        for data in events:
            try:
                chunk = json.loads(data)
            except ValueError:
                continue
            for choice in chunk.get("choices") or []:
                delta = choice.get("delta") or {}
                parts.append(delta.get("content") or "")
                for call in delta.get("tool_calls") or []:
                    parts.append((call.get("function") or {}).get("arguments") or "")
        return "".join(parts)
    try:
        data = json.loads(body)
        message = data["choices"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError):
        return ""
    calls = message.get("tool_calls") or []
    if calls:
        return "".join((c.get("function") or {}).get("arguments") or "" for c in calls)
    return message.get("content") or ""


@dataclass
class Cassette:
    """Everything recorded while one okrcoach command ran against a real server."""

    scenario: str
    server: str
    model: str
    language: str = "en"
    command: list[str] = field(default_factory=list)
    exit_code: Optional[int] = None
    stderr: str = ""
    stdout: str = ""
    seconds: float = 0.0
    timeout: Optional[float] = None
    env: dict[str, str] = field(default_factory=dict)
    """okrcoach settings the command ran with (OKRCOACH_MAX_TOKENS, OKRCOACH_REPAIR_ROUNDS …)."""
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[str] = field(default_factory=list)
    """Edits made to okrcoach's own recorded output (`stderr`) after a deliberate change of its wording,
    each saying what changed and why; the server's exchanges are never edited."""

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(self.__dict__, ensure_ascii=False, indent=0).encode("utf-8")
        path.write_bytes(gzip.compress(data, mtime=0))

    @staticmethod
    def load(path: Path) -> "Cassette":
        return Cassette(**json.loads(gzip.decompress(path.read_bytes())))

    @property
    def chat(self) -> list[dict[str, Any]]:
        return [e for e in self.exchanges if e["method"] == "POST" and e["path"].endswith("/chat/completions")]


class RecordingProxy:
    """A loopback proxy to `upstream` that records each exchange into `exchanges`."""

    def __init__(self, upstream: str) -> None:
        parsed = urlparse(upstream)
        self.host = parsed.hostname or "127.0.0.1"
        self.port_upstream = parsed.port or 80
        self.exchanges: list[dict[str, Any]] = []
        self.in_flight = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                proxy._forward(self)

            def do_POST(self) -> None:
                proxy._forward(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> "RecordingProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def take(self, wait: float = 10.0) -> list[dict[str, Any]]:
        """The exchanges recorded so far, once no request is in flight (a client that just hung up
        is noticed within a fraction of a second)."""
        deadline = time.monotonic() + wait
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.1)
        with self._lock:
            taken, self.exchanges = self.exchanges, []
        return taken

    def _forward(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.in_flight += 1
        try:
            self._relay(handler)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _relay(self, handler: BaseHTTPRequestHandler) -> None:
        started = time.monotonic()
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in _HOP_HEADERS}
        upstream = http.client.HTTPConnection(self.host, self.port_upstream, timeout=3600)
        record: dict[str, Any] = {
            "method": handler.command,
            "path": handler.path,
            "request": request_summary(body) if handler.command == "POST" else {},
            "status": None,
            "content_type": "",
            "body": "",
            "events": [],
            "client_closed": False,
        }
        result: dict[str, Any] = {}

        def call() -> None:
            try:
                upstream.request(handler.command, handler.path, body=raw or None, headers=headers)
                result["response"] = upstream.getresponse()
            except Exception as exc:  # recorded as a failed exchange
                result["error"] = exc

        worker = threading.Thread(target=call, daemon=True)
        worker.start()
        client = handler.connection
        while worker.is_alive():
            worker.join(0.2)
            if worker.is_alive() and _client_gone(client):
                record["client_closed"] = True
                _close(upstream)
                break
        response = result.get("response")
        try:
            if record["client_closed"] or response is None:
                if "error" in result:
                    record["error"] = repr(result["error"])
                return
            record["status"] = response.status
            content_type = response.getheader("Content-Type") or ""
            record["content_type"] = content_type
            if "text/event-stream" in content_type:
                handler.send_response(response.status)
                handler.send_header("Content-Type", content_type)
                handler.send_header("Transfer-Encoding", "chunked")
                handler.end_headers()
                buffer = b""
                chunks: "queue.Queue[bytes]" = queue.Queue()

                def pump() -> None:
                    try:
                        while True:
                            data = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
                            chunks.put(data)
                            if not data:
                                return
                    except Exception:  # the upstream was closed under it
                        chunks.put(b"")

                threading.Thread(target=pump, daemon=True).start()
                while True:
                    try:
                        chunk = chunks.get(timeout=0.2)
                    except queue.Empty:
                        if _client_gone(client):  # gone while the server was still thinking
                            record["client_closed"] = True
                            _close(upstream)
                            return
                        continue
                    if not chunk:
                        break
                    buffer += chunk
                    while b"\n\n" in buffer:
                        event, buffer = buffer.split(b"\n\n", 1)
                        for line in event.decode("utf-8", "replace").splitlines():
                            if line.startswith("data:"):
                                data = line[5:].strip()
                                if data != "[DONE]":
                                    record["events"].append(data)
                    try:
                        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        handler.wfile.flush()
                    except OSError:
                        record["client_closed"] = True
                        _close(upstream)
                        return
                handler.wfile.write(b"0\r\n\r\n")
                handler.wfile.flush()
            else:
                data = response.read()
                record["body"] = data.decode("utf-8", "replace")
                try:
                    handler.send_response(response.status)
                    handler.send_header("Content-Type", content_type or "application/json")
                    handler.send_header("Content-Length", str(len(data)))
                    handler.end_headers()
                    handler.wfile.write(data)
                    handler.wfile.flush()
                except OSError:
                    record["client_closed"] = True
        finally:
            record["seconds"] = round(time.monotonic() - started, 2)
            record["reply_text"] = reply_text(record["status"] or 0, record["body"], record["events"])
            with self._lock:
                self.exchanges.append(record)
            handler.close_connection = True


def _client_gone(sock: socket.socket) -> bool:
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _close(connection: http.client.HTTPConnection) -> None:
    try:
        if connection.sock is not None:
            connection.sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    connection.close()


# -- replay ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedReply(Reply):
    """A recorded answer sent back as the real server sent it (status, body or SSE events)."""

    status: int = 200
    content_type: str = "application/json"
    body: str = ""
    events: tuple[str, ...] = ()
    never_finishes: bool = False

    def respond(self, ex: _Exchange) -> None:
        if self.events:
            ex.start_stream()
            for data in self.events:
                ex.send_event(data)
        if self.never_finishes:
            # The real server was still generating when the client closed the connection (a
            # timeout, a cancel, or a reply the client had read enough of): so is this one.
            while not ex.fake._stopping.wait(0.2):
                try:
                    if self.events:
                        ex.write(b"2\r\n\n\n\r\n")  # keep-alive blank lines, as the model's trailing whitespace
                except OSError:
                    return
            ex.abort()
            return
        if self.events:
            ex.send_event("[DONE]")
            ex.end_stream()
            return
        raw = self.body.encode("utf-8")
        ex.send_headers(self.status, {"Content-Type": self.content_type or "application/json", "Content-Length": str(len(raw))})
        ex.write(raw)


def finished(exchange: dict[str, Any]) -> bool:
    """Whether the server finished its answer before the client went (a stream's last choice has
    a finish_reason; a plain answer has a body). Servers that keep a stream open after its last
    event (sse-starlette pings) are closed by the client after a complete answer."""
    if exchange.get("body"):
        return True
    for data in reversed(exchange.get("events") or []):
        try:
            chunk = json.loads(data)
        except ValueError:
            continue
        if any(choice.get("finish_reason") for choice in chunk.get("choices") or []):
            return True
    return False


def replies(cassette: Cassette) -> list[RecordedReply]:
    """The recorded chat answers, in order, for `FakeOpenAI.script`."""
    return [
        RecordedReply(
            status=e["status"] or 200,
            content_type=e.get("content_type") or "application/json",
            body=e.get("body") or "",
            events=tuple(e.get("events") or ()),
            never_finishes=bool(e.get("client_closed")) and not finished(e),
        )
        for e in cassette.chat
    ]


def models_reply(cassette: Cassette) -> Optional[RecordedReply]:
    """The recorded answer to GET /v1/models, if the command asked for it."""
    for e in cassette.exchanges:
        if e["method"] == "GET" and e["path"].rstrip("/").endswith("/models"):
            return RecordedReply(status=e["status"] or 200, content_type=e.get("content_type") or "application/json", body=e.get("body") or "")
    return None
