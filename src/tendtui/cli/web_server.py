"""textual-serve's Server with a token check and tendtui's own start line.

Imported only by `tendtui serve` (cli/serve.py), since textual-serve is the optional `web`
extra. textual-serve has no authentication: whoever reaches its port gets a board process. So
when a token is set, a middleware refuses every request but the static files without it. The
browser brings it once, in the printed URL (`/?token=...`); the page then gets it as a private
cookie, because textual-serve's script builds the websocket URL itself (`/ws?width=..`) and
would drop a query of ours.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

TOKEN_COOKIE = "tendtui_token"
"""The cookie that carries the token from the page to its websocket."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class BoardServer(Server):
    """Serve the board's command; refuse requests without `token` when there is one."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        public_url: str,
        title: str,
        token: str | None,
        ready: Callable[[], None],
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.token = token
        """The secret a request must bring (query `token` or the cookie); None: no check."""
        self._ready = ready
        self._open: set[web.WebSocketResponse] = set()
        """The browsers connected now, each with its board process."""

    def initialize_logging(self) -> None:
        """Leave logging alone: textual-serve's rich handler would print each request, and
        its tracebacks with local variables. Warnings still reach stderr (Python's last resort)."""

    async def on_startup(self, app: web.Application) -> None:
        """One line of ours instead of textual-serve's logo."""
        self._ready()

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C or SIGTERM: close every browser's websocket, so each board is told to quit
        (textual-serve's AppService.stop) and none is left running after the server."""
        for websocket in list(self._open):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"tendtui serve stopped")

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        self._open.add(websocket)
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            self._open.discard(websocket)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        if self.token is not None:
            app.middlewares.append(self._require_token)
        return app

    @web.middleware
    async def _require_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        assert self.token is not None
        if request.path.startswith("/static/"):  # textual-serve's own script and styles
            return await handler(request)
        given = request.query.get("token") or request.cookies.get(TOKEN_COOKIE) or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise web.HTTPForbidden(
                text="This board needs its token: open the URL that `tendtui serve` printed.\n"
            )
        response = await handler(request)
        if "token" in request.query and not response.prepared:
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="Strict")
        return response
