"""Run `tendtui serve` for real in a subprocess, and read the board off its websocket."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import aiohttp

from tendtui.domain.models import TouchKind
from tendtui.services import BookService

START_SECONDS = 30.0
"""How long the server may take to listen (bounds the wait, asserts nothing on speed)."""
READ_SECONDS = 30.0
"""How long the board may take to draw its text over the websocket."""
_ESCAPE = re.compile(r"\x1b(\[[0-9;?$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-_])")


def small_book(path: Path) -> Path:
    """A book of two accounts: Acme Corp in onboarding, Globex in nurturing."""
    with BookService.open(path) as svc:
        acme = svc.add_account("Acme Corp", arr=120_000, owner="Dana")
        svc.add_account("Globex", arr=50_000, phase="nurturing", owner="Sam")
        svc.log_touch(acme.id, TouchKind.CALL, happened_on=date(2026, 11, 20), summary="kickoff")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    """A running `tendtui serve`: its port and the first line it printed."""

    port: int
    process: subprocess.Popen[str]


@contextmanager
def serving(book: Path, *args: str) -> Iterator[Served]:
    """`tendtui serve --db BOOK --port FREE ARGS...`, until it listens; stopped (SIGTERM, then
    killed) however the test ends."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tendtui", "serve", "--db", str(book), "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                out, err = process.communicate(timeout=10)
                raise AssertionError(f"tendtui serve did not start: {out}{err}")
            time.sleep(0.1)
        yield Served(port, process)
    finally:
        stop(process)


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGTERM, a bounded wait, then SIGKILL: the process is gone when this returns."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate(timeout=15)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def plain(terminal: str) -> str:
    """Terminal output without its escape sequences."""
    return _ESCAPE.sub("", terminal)


async def board_text(url: str, *wanted: str) -> str:
    """Connect to the websocket at `url` and read until every `wanted` text has been drawn
    (or READ_SECONDS pass, or the server closes): the plain text read so far."""
    seen = ""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READ_SECONDS
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        while loop.time() < deadline and not all(w in plain(seen) for w in wanted):
            try:
                message = await asyncio.wait_for(ws.receive(), timeout=1)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data.decode("utf-8", errors="replace")
            elif message.type == aiohttp.WSMsgType.TEXT:
                seen += message.data
            else:
                break
    return plain(seen)
