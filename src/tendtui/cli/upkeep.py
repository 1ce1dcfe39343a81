"""Looking after the book file: backup and doctor."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tendtui.cli.context import cli_clock, open_service, resolve_book_path, user_errors
from tendtui.cli.options import db_option
from tendtui.domain.errors import InvalidInput


@click.command("backup")
@click.argument("dest", required=False, metavar="[DEST]")
@click.option("--force", is_flag=True, help="Replace DEST if it exists.")
@db_option
@user_errors
def backup_cmd(dest: str | None, force: bool, db: str | None) -> None:
    """Copy the book to DEST (default: beside it, named with the date and time).

    Uses SQLite's online backup, so it is safe while the board is open. The copy is private
    (mode 0600), checked before it is put in place, and opens as a book.
    """
    from tendtui.store.backup import backup_book, default_backup_path

    with open_service(db, create=False) as svc:
        book_path = svc.book.path
        assert book_path is not None
        target = Path(dest) if dest else default_backup_path(book_path, cli_clock()())
        written = backup_book(svc.book, target, overwrite=force)
        accounts = len(svc.book.account_fields())
    size = written.stat().st_size / 1024
    click.echo(f"backed up {book_path.name} to {written} ({accounts} accounts, {size:,.0f} KB)")


@click.command("doctor")
@db_option
@user_errors
def doctor_cmd(db: str | None) -> None:
    """Check the book: integrity, schema version, playbook and file permissions.

    Reads the file and never changes it. Exit code 0 when nothing failed (warnings allowed),
    1 when a check failed.
    """
    from tendtui.store.doctor import examine

    path, _ = resolve_book_path(db)
    if not path.exists():
        raise InvalidInput(f"no book at {path}")
    findings = examine(path)
    click.echo(f"{path}")
    for finding in findings:
        click.echo(finding.line())
    if any(f.status == "fail" for f in findings):
        sys.exit(1)


COMMANDS = [backup_cmd, doctor_cmd]
