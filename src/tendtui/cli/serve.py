"""`tendtui serve`: the board in a browser, for the standup screen (the `web` extra).

textual-serve starts one board process per browser tab and relays its terminal over a
websocket. It has no authentication of its own, so two choices here keep a served book safe:
it binds 127.0.0.1 unless told otherwise, and a non-local --host needs a token, made here,
printed once, and checked on every request (cli/web_server.py). The served board is read-only
unless --write: the board process opens the book with `read_only`, and every write is refused
below the use cases (services/base.py, store/book.py), whatever key or screen asks for it.
"""

from __future__ import annotations

import ipaddress
import secrets
import shlex
import socket
import sys
from pathlib import Path

import click

from tendtui.cli.board import SERVED_READ_ONLY, SERVED_WRITE
from tendtui.cli.context import fail, open_service, user_errors
from tendtui.cli.options import db_option
from tendtui.cli.output import say

LOCAL_HOST = "127.0.0.1"
"""Where the board is served by default: this machine only."""


def is_local(host: str) -> bool:
    """Whether `host` is reachable from this machine only (a loopback name or address)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def public_url(host: str, port: int) -> str:
    """The address a browser opens: a wildcard host (0.0.0.0, ::) is named by this machine's
    name, and an IPv6 address goes in brackets."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def check_port(host: str, port: int) -> None:
    """Bind the address once before serving, so a port in use is one line before anything is
    printed (aiohttp runs the startup hook that prints the URL before it binds)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
            probe.bind(address)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        fail(f"cannot serve on {host}:{port}: {reason}")


def board_command(book: Path, *, write: bool) -> str:
    """The shell command textual-serve runs for each browser: this tendtui's board on `book`."""
    mode = SERVED_WRITE if write else SERVED_READ_ONLY
    return shlex.join([sys.executable, "-m", "tendtui", "open", str(book), "--served", mode])


@click.command("serve")
@db_option
@click.option(
    "--host",
    default=LOCAL_HOST,
    show_default=True,
    help="The address to listen on. Any other than this machine's needs the printed token.",
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="The port."
)
@click.option(
    "--write", is_flag=True, help="Let the served board change the book (default: read-only)."
)
@user_errors
def serve_cmd(db: str | None, host: str, port: int, write: bool) -> None:
    """Serve the board in a browser (textual-serve), read-only unless --write.

    By default only this machine can reach it (127.0.0.1). With another --host, a token is
    made and printed in the URL; a request without it is refused. Ctrl+C stops it.
    """
    try:
        from tendtui.cli.web_server import BoardServer
    except ImportError:
        fail("serving the board needs textual-serve: install tendtui[web]")
    with open_service(db, create=False) as svc:  # one line now if it is not a book
        book, label, count = svc.path, svc.label, svc.account_count()
    assert book is not None
    check_port(host, port)
    token = None if is_local(host) else secrets.token_urlsafe(24)
    url = public_url(host, port)
    shown = f"{url}/?token={token}" if token else f"{url}/"
    mode = "read and write" if write else "read-only"
    server = BoardServer(
        board_command(book.resolve(), write=write),
        host=host,
        port=port,
        public_url=url,
        title=f"tendtui · {label}",
        token=token,
        ready=lambda: say(f"serving {label} ({count} accounts, {mode}) at {shown}  (ctrl+c stops)"),
    )
    try:
        server.serve()
    except OSError as exc:
        fail(f"cannot serve on {host}:{port}: {exc.strerror or exc}")
    say("stopped serving the board")


COMMANDS = [serve_cmd]
