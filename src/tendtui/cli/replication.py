"""`tendtui replicate` and `tendtui restore`: a book streamed to shared storage with
Litestream, and a replica brought back as a book (the `team` extra; docs/team.md)."""

from __future__ import annotations

import signal
import subprocess
import tempfile
from pathlib import Path
from types import FrameType
from typing import IO

import click

from tendtui.cli.context import fail, open_service, user_errors
from tendtui.cli.options import db_option
from tendtui.cli.output import say

PRIVATE_UMASK = 0o077


@click.command("replicate")
@db_option
@click.option(
    "--to",
    "to",
    metavar="URL",
    help="The replica: file://FOLDER (a shared folder) or s3://BUCKET/PATH (docs/team.md).",
)
@user_errors
def replicate_cmd(db: str | None, to: str | None) -> None:
    """Stream the book to a replica with Litestream until stopped (ctrl+c or SIGTERM).

    Every commit reaches the replica within about a second. An S3-compatible store other than
    AWS is named by TENDTUI_S3_ENDPOINT, with AWS_REGION, AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY from the environment.
    """
    from tendtui.transfer import replica as replicas

    if not to:
        fail("replicate needs --to URL: file://FOLDER or s3://BUCKET/PATH (see docs/team.md)")
    target = replicas.parse_replica(to)
    with open_service(db, create=False) as svc:  # one line now if it is not a book
        book, label = svc.path, svc.label
    assert book is not None
    binary = replicas.litestream()
    with tempfile.TemporaryDirectory(prefix="tendtui-replicate-") as folder:
        config = replicas.write_config(Path(folder), book.resolve(), target)
        log_path = Path(folder) / "litestream.log"
        with log_path.open("w", encoding="utf-8") as log:
            code, stopped = _run_until_stopped(
                [binary, "replicate", "-config", str(config)], log, replicas.litestream_env(target)
            )
        said = log_path.read_text(encoding="utf-8", errors="replace")
    if not stopped or code != 0:
        fail(f"Litestream stopped replicating {label}: {replicas.last_words(said)}")
    say(f"stopped replicating {label} to {target.url}")


def _run_until_stopped(command: list[str], log: IO[str], env: dict[str, str]) -> tuple[int, bool]:
    """Run Litestream, passing SIGTERM and SIGINT on to it (it then ships what is left and
    exits); its exit code, and whether we were asked to stop."""
    # umask 077: Litestream's state beside the book and a folder replica's files hold the
    # customers' data, private like the book (0600) rather than its default 0644.
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env=env, umask=PRIVATE_UMASK
    )
    stopped = False

    def forward(signum: int, frame: FrameType | None) -> None:
        nonlocal stopped
        stopped = True
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    say("replicating (ctrl+c stops)")
    try:
        code = process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if process.poll() is None:
            process.kill()
            process.wait()
    return code, stopped


@click.command("restore")
@click.argument("url")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="PATH",
    help="The book to make (must not exist yet).",
)
@user_errors
def restore_cmd(url: str, output: str) -> None:
    """Bring the replica at URL (file://FOLDER, s3://BUCKET/PATH or a folder) back as a book."""
    from tendtui.transfer.replica import restore

    book = restore(url, Path(output))
    with open_service(str(book), create=False) as svc:
        count = svc.account_count()
    say(f"restored {book} ({count} accounts) from {url}")


COMMANDS = [replicate_cmd, restore_cmd]
