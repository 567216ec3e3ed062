"""`okrcoach serve`: the TUI in browsers, one okrcoach process and one workspace per visitor.

textual-serve's `Server` runs a shell command for every browser websocket and relays the
terminal. This subclass adds what a workshop room needs:

- a limit on visitors at once (`max_visitors`): the page says the room is full instead of
  starting one more process;
- page addresses taken from the address the browser used, so a server bound to 0.0.0.0 works
  from other machines without `--public-url` (which still wins when given, e.g. behind a proxy);
- a page that loads no fonts or scripts from the internet, so a room without internet access
  starts at once;
- requests from pages on other sites refused (403): a browser sends the page's `Origin` with a
  websocket upgrade, and only pages this server served (the request's own host and port, or
  `--public-url`) may start or drive a session, so a web page open in the facilitator's browser
  cannot.

Each visitor's process makes its own folder under `root` (see `okrcoach.cli.tui`); the server
only tells it where `root` is and what budget it has, through the environment.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import sys
from pathlib import Path
from typing import Any, Optional

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server
from yarl import URL

from okrcoach.i18n import text

_WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)
_SESSION_ENDED = '<div class="message">Session ended.</div>'
_RESTART = '<button type="button" onClick="refresh()">Restart</button>'
_START = '<button type="button" onClick="refresh()" id="start">Start</button>'

FULL_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30">
<title>{title}</title>
<style>
body {{ background: #0c181f; color: #eee; font-family: system-ui, sans-serif; display: flex; align-items: center; justify-content: center; height: 100vh; margin: 0; }}
main {{ max-width: 36em; background: #12232d; padding: 2em 2.5em; border-radius: 6px; }}
h1 {{ font-size: 1.5em; margin-top: 0; }}
a {{ color: #ac5af4; }}
</style>
</head>
<body>
<main id="room-full">
<h1>{heading}</h1>
<p>{places}</p>
<p>{facilitator}</p>
</main>
</body>
</html>
"""
_LINK = "\x00"  # where a sentence's link goes, put in after the sentence is escaped


def page_words(key: str, language: str, **params: Any) -> str:
    """`cli.serve.page-<key>` in `language`, escaped for HTML, with `code` in backticks shown as code."""
    said = html.escape(text(f"cli.serve.page-{key}", language, **params))
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", said)


class WorkshopServer(Server):
    """textual-serve's server with a visitor limit and addresses taken from each request."""

    def __init__(self, command: str, *, host: str, port: int, max_visitors: int, public_url: Optional[str] = None, banner: str = "", verbose: bool = False, language: str = "en") -> None:
        super().__init__(command, host=host, port=port, title="okrcoach", public_url=public_url)
        self.language = language  # of every page a browser sees: the visitors' UI language
        self.verbose = verbose
        self.fixed_public_url = public_url
        self.max_visitors = max_visitors
        self.visitors = 0
        self.banner = banner
        self._visitor_tasks: set[asyncio.Task] = set()

    def initialize_logging(self) -> None:
        """Diagnostics go to standard error, never among results on standard output: warnings (a
        refused page, a full room, said in the server's `--lang`) always; each request and each visitor's session only with
        `--verbose`, so a room's server says nothing per page load by default."""
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logging.basicConfig(level=logging.INFO if self.verbose else logging.WARNING, handlers=[handler], force=True)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        aiohttp_jinja2.setup(app, loader=jinja2.FunctionLoader(self._page_template))
        app.middlewares.append(self._refuse_foreign_origins)
        return app

    @web.middleware
    async def _refuse_foreign_origins(self, request: web.Request, handler: Any) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin is not None and not self.same_origin(origin, request):
            logging.getLogger("textual-serve").warning("%s", text("cli.serve.log-refused", self.language, method=request.method, path=request.path, origin=origin))
            return web.Response(
                status=403,
                text=f"{text('cli.serve.page-refused', self.language, origin=origin)}\n{text('cli.serve.page-refused-facilitator', self.language)}\n",
                charset="utf-8",
            )
        return await handler(request)

    def same_origin(self, origin: str, request: web.Request) -> bool:
        """Whether `origin` (a browser's Origin header) is this server: `--public-url`, or the host and
        port the request was sent to. A sandboxed page's `null` origin never is."""
        try:
            seen = URL(origin)
            asked = URL(f"{seen.scheme}://{request.host}")
        except ValueError:
            return False
        if not seen.scheme or not seen.host:
            return False
        allowed = [(asked.host, asked.port)]
        if self.fixed_public_url:
            public = URL(self.fixed_public_url)
            allowed.append((public.host, public.port))
        return any(seen.host.lower() == (host or "").lower() and seen.port == port for host, port in allowed)

    def _page_template(self, name: str) -> Optional[str]:
        """textual-serve's page without its web font (a room may have no internet) and with okrcoach's
        words in the visitors' language: textual-serve takes its page from a template folder and
        has no setting for its texts, so they are replaced in its template as it is loaded."""
        path = Path(self.templates_path) / name
        if not path.is_file():
            return None
        page = _WEB_FONT.sub("", path.read_text(encoding="utf-8"))
        language = self.language
        for english, ours in (
            (_SESSION_ENDED, f'<div class="message">{page_words("session-ended", language)}</div>'),
            (_RESTART, f'<button type="button" onClick="refresh()">{page_words("restart", language)}</button>'),
            (_START, f'<button type="button" onClick="refresh()" id="start">{page_words("start", language)}</button>'),
            ("<html>", f'<html lang="{html.escape(language)}">'),
        ):
            page = page.replace(english, ours)
        return page

    @property
    def full(self) -> bool:
        return self.visitors >= self.max_visitors

    def full_page(self) -> web.Response:
        language = self.language
        link = f'<a href="/">{page_words("full-try-now", language)}</a>'
        page = FULL_PAGE.format(
            lang=html.escape(language),
            title=page_words("full-title", language),
            heading=page_words("full-heading", language),
            places=page_words("full-places", language, limit=self.max_visitors, link=_LINK).replace(_LINK, link),
            facilitator=page_words("full-facilitator", language),
        )
        return web.Response(status=503, text=page, content_type="text/html", headers={"Retry-After": "30", "Cache-Control": "no-store"})

    def base_url(self, request: web.Request) -> str:
        """Where the browser reached us: `--public-url`, else the scheme and host it asked for."""
        if self.fixed_public_url:
            return self.fixed_public_url.rstrip("/")
        return f"{request.scheme}://{request.host}"

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if self.full:
            return self.full_page()
        base = self.base_url(request)
        router = request.app.router
        websocket = base + str(router["websocket"].url_for())
        websocket = ("wss:" if base.startswith("https") else "ws:") + websocket.split(":", 1)[1]
        context: dict[str, Any] = {
            "font_size": _int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": websocket,
            "config": {"static": {"url": base + str(router["static"].url_for(filename="/")).rstrip("/") + "/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.full:
            logging.getLogger("textual-serve").warning("%s", text("cli.serve.log-full", self.language, count=self.max_visitors))
            websocket = web.WebSocketResponse()
            await websocket.prepare(request)
            await websocket.close(code=1013, message=b"the room is full")
            return websocket
        self.visitors += 1
        task = asyncio.current_task()
        if task is not None:
            self._visitor_tasks.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self.visitors -= 1
            self._visitor_tasks.discard(task)  # type: ignore[arg-type]

    async def on_startup(self, app: web.Application) -> None:
        print(self.banner, file=sys.stderr, flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        """Stopping the server ends every visitor's session at once (their apps are told to quit),
        rather than waiting for each browser to leave."""
        tasks = list(self._visitor_tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=10)


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default
