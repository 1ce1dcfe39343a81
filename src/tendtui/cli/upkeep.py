"""Looking after the book file: backup and doctor."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tendtui.cli.context import open_service, resolve_book_path, user_errors
from tendtui.cli.options import db_option, json_option
from tendtui.cli.output import say, say_json
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
    from tendtui.services.upkeep import backup

    with open_service(db, create=False) as svc:
        done = backup(svc, Path(dest) if dest else None, overwrite=force)
        label = svc.label
    size = done.size_bytes / 1024
    say(f"backed up {label} to {done.path} ({done.accounts} accounts, {size:,.0f} KB)")


@click.command("doctor")
@json_option
@db_option
@user_errors
def doctor_cmd(as_json: bool, db: str | None) -> None:
    """Check the book: integrity, schema version, playbook and file permissions.

    Reads the file and never changes it. Exit code 0 when nothing failed (warnings allowed),
    1 when a check failed.
    """
    from tendtui.services.upkeep import examine

    path, _ = resolve_book_path(db)
    if not path.exists():
        raise InvalidInput(f"no book at {path}")
    findings = examine(path)
    failed = any(f.status == "fail" for f in findings)
    if as_json:
        from tendtui.cli.render import JSON_VERSION

        checks = [{"status": f.status, "what": f.what, "advice": f.advice} for f in findings]
        say_json({"version": JSON_VERSION, "book": str(path), "ok": not failed, "checks": checks})
    else:
        say(f"{path}")
        for finding in findings:
            say(finding.line())
    if failed:
        sys.exit(1)


COMMANDS = [backup_cmd, doctor_cmd]
