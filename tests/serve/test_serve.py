"""`tendtui serve` for real: a server on 127.0.0.1 and a free port, a websocket client that
reads the board's text, and the token a non-local host requires."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tendtui.cli.serve import is_local
from tests.serve.served import board_text, serving, small_book, stop

pytestmark = pytest.mark.slow
SIZE = "width=120&height=40"


async def test_the_served_board_draws_over_the_websocket(tmp_path: Path) -> None:
    book = small_book(tmp_path / "team.db")
    with serving(book) as served:
        text = await board_text(
            f"http://127.0.0.1:{served.port}/ws?{SIZE}", "Onboarding", "Acme Corp", "read-only"
        )
    assert "Onboarding" in text  # a phase title
    assert "Acme Corp" in text  # an account of the book
    assert "read-only" in text  # the status line: this board cannot change the book


async def test_the_served_board_is_the_board_not_the_summary(tmp_path: Path) -> None:
    """The board process runs on pipes: without `--served` it would print the summary."""
    book = small_book(tmp_path / "team.db")
    with serving(book) as served:
        text = await board_text(f"http://127.0.0.1:{served.port}/ws?{SIZE}", "Globex")
    assert "tendtui accounts` lists them" not in text
    assert "Globex" in text


async def test_a_non_local_host_needs_the_printed_token(tmp_path: Path) -> None:
    book = small_book(tmp_path / "team.db")
    with serving(book, "--host", "0.0.0.0") as served:
        assert served.process.stdout is not None
        line = served.process.stdout.readline()
        assert "?token=" in line
        token = line.split("?token=", 1)[1].split()[0]
        base = f"http://127.0.0.1:{served.port}"
        async with aiohttp.ClientSession() as session:
            for where in ("/", f"/ws?{SIZE}", f"/?token=wrong{token}", "/download/x"):
                async with session.get(base + where) as response:
                    assert response.status == 403, where
                    assert "needs its token" in await response.text()
            async with session.get(f"{base}/?token={token}") as response:
                assert response.status == 200
                assert "data-session-websocket-url" in await response.text()
                assert response.cookies["tendtui_token"].value == token
        text = await board_text(f"{base}/ws?token={token}&{SIZE}", "Acme Corp")
    assert "Acme Corp" in text


async def test_a_local_host_prints_no_token(tmp_path: Path) -> None:
    book = small_book(tmp_path / "team.db")
    with serving(book) as served:
        port = served.port
        out, err = stop(served.process)
    assert out.splitlines()[0] == (
        f"serving team.db (2 accounts, read-only) at http://127.0.0.1:{port}/  (ctrl+c stops)"
    )
    assert "token" not in out
    assert out.splitlines()[-1] == "stopped serving the board"
    assert served.process.returncode == 0, err


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("::", False),
        ("board.example", False),
    ],
)
def test_what_counts_as_local(host: str, local: bool) -> None:
    assert is_local(host) is local


def test_a_port_in_use_is_one_line_and_nothing_else(tmp_path: Path) -> None:
    book = small_book(tmp_path / "team.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _tendtui("serve", "--db", str(book), "--port", str(port))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"tendtui: cannot serve on 127.0.0.1:{port}: address already in use\n"


def test_serving_no_book_is_one_line(tmp_path: Path) -> None:
    done = _tendtui("serve", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"tendtui: no book at {tmp_path / 'none.db'}")
    assert len(done.stderr.splitlines()) == 1


def test_without_textual_serve_it_says_which_extra(tmp_path: Path) -> None:
    book = small_book(tmp_path / "team.db")
    hide = "import sys; sys.modules['textual_serve'] = None; from tendtui.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", hide, "serve", "--db", str(book)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "tendtui: serving the board needs textual-serve: install tendtui[web]\n"


def _tendtui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tendtui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_with_write_the_served_board_is_not_read_only(tmp_path: Path) -> None:
    book = small_book(tmp_path / "team.db")
    with serving(book, "--write") as served:
        text = await board_text(f"http://127.0.0.1:{served.port}/ws?{SIZE}", "team.db · 2 accounts")
    assert "team.db · 2 accounts" in text


def _boards_on(book: Path) -> list[int]:
    """The processes running a served board on `book` (Linux: read from /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(book).encode() in command and b"--served" in command:
            found.append(int(proc.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
async def test_stopping_the_server_stops_the_boards_of_open_browsers(tmp_path: Path) -> None:
    book = small_book(tmp_path / "team.db")
    with serving(book) as served:
        url = f"http://127.0.0.1:{served.port}/ws?{SIZE}"
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            await ws.receive(timeout=30)  # the board is running for this browser
            assert len(_boards_on(book)) >= 1
            out, err = stop(served.process)
    assert served.process.returncode == 0, err
    assert out.splitlines()[-1] == "stopped serving the board"
    deadline = time.monotonic() + 15  # a board told to quit may still be closing its book
    while _boards_on(book) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _boards_on(book) == []
