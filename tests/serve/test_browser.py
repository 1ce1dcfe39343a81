"""The served board in a real browser: headless Chromium (Debian's `chromium`) opens the
page, textual-serve's script connects its websocket, and a screenshot shows the board.

Chromium is driven over its DevTools protocol (a websocket, with aiohttp) rather than with
`--screenshot`, which shoots when the page has loaded, before the board has drawn a frame.
Skipped only where no chromium binary is installed (CI installs it: .ci/run).
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.serve.png import SIGNATURE, colour_spread
from tests.serve.served import READ_SECONDS, free_port, serving, small_book, stop

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH, HEIGHT = 1024, 640
LOADING_BACKGROUND = bytes.fromhex("0c181f")
"""The colour of textual-serve's page behind its "starting" dialog (its app_index.html)."""


class DevTools:
    """One page's DevTools websocket: send a method, get its result."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.receive_str(), READ_SECONDS))
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                result: dict[str, Any] = message["result"]
                return result

    async def evaluate(self, expression: str) -> object:
        answer = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return answer["result"].get("value")


async def _page(session: aiohttp.ClientSession, port: int) -> str:
    """The DevTools websocket of Chromium's page, once Chromium listens."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READ_SECONDS
    while True:
        try:
            async with session.get(f"http://127.0.0.1:{port}/json") as response:
                targets = await response.json()
            return next(str(t["webSocketDebuggerUrl"]) for t in targets if t["type"] == "page")
        except (aiohttp.ClientError, StopIteration):
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.2)


async def _until(check: Any, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READ_SECONDS
    while not await check():
        assert loop.time() < deadline, f"gave up waiting for {what}"
        await asyncio.sleep(0.3)


@pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary installed (apt-get install chromium)"
)
async def test_chromium_shows_the_served_board(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    book = small_book(tmp_path / "team.db")
    with serving(book) as served:
        debug = free_port()
        browser = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",  # CI runs as root
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={tmp_path / 'chromium'}",
                f"--remote-debugging-port={debug}",
                f"--window-size={WIDTH},{HEIGHT}",
                f"http://127.0.0.1:{served.port}/",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            async with aiohttp.ClientSession() as session:
                page = await _page(session, debug)
                async with session.ws_connect(page, max_msg_size=0) as ws:
                    tools = DevTools(ws)

                    async def drawn() -> bool:
                        # textual-serve marks the page once the app's first bytes arrive.
                        return bool(
                            await tools.evaluate("document.body.classList.contains('-first-byte')")
                        )

                    await _until(drawn, "the board's first frame in the page")
                    shots: list[bytes] = []

                    async def board_shown() -> bool:
                        shot = await tools.call("Page.captureScreenshot", format="png")
                        shots.append(base64.b64decode(shot["data"]))
                        colours, commonest, share = colour_spread(shots[-1])
                        return colours > 16 and commonest != LOADING_BACKGROUND and share < 0.95

                    await _until(board_shown, "a screenshot that is not blank")
        finally:
            stop(browser)
    png = shots[-1]
    assert png.startswith(SIGNATURE)
    (tmp_path / "board.png").write_bytes(png)
    colours, commonest, share = colour_spread(png)
    assert colours > 16  # text, cards and borders, not one flat colour
    assert commonest != LOADING_BACKGROUND  # the board, not the page waiting for it
    assert share < 0.95
