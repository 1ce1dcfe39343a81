"""The terminal stays ours: hostile text, signals and crashes, proved on a real pseudo-terminal.

These run `tendtui` as a user does, in a pty, and check the raw bytes it writes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from tests.reliability.pty_run import keys, run_in_pty, send

REPO = Path(__file__).resolve().parents[2]
TENDTUI = str(Path(sys.executable).with_name("tendtui"))

HOSTILE = {
    "title": "\x1b]0;pwned-title\x07",
    "clipboard": "\x1b]52;c;cHduZWQ=\x07",
    "clear": "A\x1b[2JB",
    "click": "[@click=app.quit]",
    "link": "[link=https://evil.example]bait[/link]",
    "bidi": "abc\u202edcba",
}


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "TENDTUI_NOW": "2026-11-22T15:00:00Z",
        "TZ": "UTC",
    }


def _cli(*args: str, env: dict[str, str]) -> None:
    import subprocess

    done = subprocess.run([TENDTUI, *args], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def hostile_book(tmp_path: Path) -> Path:
    """Hostile names, owners and touch summaries: typed through the CLI (cleaned on the way
    in) and written straight into the file with SQL (so only the rendering protects us)."""
    path = tmp_path / "hostile.db"
    env = _env(tmp_path)
    typed = " ".join(HOSTILE.values())
    _cli("add", "Typed " + HOSTILE["click"], "--owner", typed, "--db", str(path), env=env)
    _cli("touch", "Typed", "--kind", "call", "--summary", typed, "--db", str(path), env=env)
    _cli("add", "Raw", "--db", str(path), env=env)
    raw = HOSTILE["title"] + HOSTILE["clear"] + HOSTILE["link"]
    conn = sqlite3.connect(path)
    conn.execute("UPDATE accounts SET name = ?, owner = ? WHERE name = 'Raw'", ["R" + raw, raw])
    conn.commit()
    conn.close()
    return path


def _forbidden(output: bytes) -> list[str]:
    """Which hostile sequences reached the terminal as bytes."""
    found = []
    for what, text in [
        ("OSC 0 title", b"\x1b]0;pwned"),
        ("OSC 52 clipboard", b"\x1b]52;"),
        ("clear screen from data", b"A\x1b[2JB"),
        ("bidi override", "\u202e".encode()),
    ]:
        if text in output:
            found.append(what)
    return found


@pytest.mark.slow
def test_hostile_text_never_reaches_the_terminal(hostile_book: Path, tmp_path: Path) -> None:
    screen = run_in_pty(
        [TENDTUI, str(hostile_book)],
        _env(tmp_path),
        [
            (2.0, keys(b"\r")),  # open the first account: its owner and touch summary
            (3.5, keys(b"\x1b")),
            (4.0, keys(b"j\r")),  # and the other one
            (5.5, keys(b"\x1b")),
            (6.0, keys(b"q")),
        ],
        size=(200, 50),
    )
    assert screen.exit_code == 0, screen.output[-500:]
    assert _forbidden(screen.output) == []
    assert b"[@click=app.quit]" in screen.output  # shown as text, not run as markup
    assert b"[link=https://evil.example]bait[/link]" in screen.output
    assert b"pwned-title" in screen.output  # the words show; the escape before them does not
    print(f"\n{len(screen.output):,} bytes checked")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signals_exit_cleanly_and_restore_the_terminal(tmp_path: Path, signum: int) -> None:
    book = tmp_path / "book.db"
    env = _env(tmp_path)
    _cli("add", "Acme", "--db", str(book), env=env)
    screen = run_in_pty([TENDTUI, str(book)], env, [(2.0, send(signum))])
    assert screen.exit_code == 128 + signum
    tail = screen.output[-400:]
    assert b"\x1b[?1049l" in tail  # left the alternate screen: the terminal is restored
    assert b"Traceback" not in screen.output
    conn = sqlite3.connect(book)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == 1
    conn.close()


CRASHING_BOARD = """
import sys
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.tui.app import TendApp

class Broken(BookService):
    def accounts(self):
        secret_customer = "Confidential Customer Ltd"
        raise RuntimeError("the board could not load")

book = Book.open(sys.argv[1])
app = TendApp(Broken(book))
app.run()
book.close()
sys.exit(app.return_code)
"""


@pytest.mark.slow
def test_a_crash_is_one_line_and_a_private_log_without_locals(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    env = _env(tmp_path)
    _cli("add", "Acme", "--db", str(book), env=env)
    script = tmp_path / "crash.py"
    script.write_text(CRASHING_BOARD)
    os.umask(0o022)
    screen = run_in_pty(
        [sys.executable, str(script), str(book)], {**env, "PYTHONPATH": str(REPO / "src")}, []
    )
    assert screen.exit_code == 1
    text = screen.output.decode(errors="replace")
    assert "tendtui: unexpected error (RuntimeError); details in" in text
    assert "Confidential Customer Ltd" not in text
    assert "Traceback" not in text
    log = tmp_path / "state" / "tendtui" / "log" / "crash.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    written = log.read_text()
    assert "RuntimeError: the board could not load" in written
    assert "Confidential Customer Ltd" not in written  # frames and lines, never locals
