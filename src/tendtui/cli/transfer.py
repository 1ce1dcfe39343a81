"""Books in and out: import, export, merge."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TextIO, TypeVar

import click

from tendtui.cli.context import (
    EXIT_BAD_INPUT,
    cli_clock,
    open_service,
    resolve_book_path,
    user_errors,
)
from tendtui.cli.options import db_option
from tendtui.domain.errors import InvalidInput

if TYPE_CHECKING:
    from tendtui.services import BookService

P = ParamSpec("P")
R = TypeVar("R")


def _refused(func: Callable[P, R]) -> Callable[P, R]:
    """A refused import: its one line, then the bad rows with their line numbers."""
    from functools import wraps

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from tendtui.transfer.csv_import import ImportRefused
        from tendtui.transfer.import_report import problem_lines

        try:
            return func(*args, **kwargs)
        except ImportRefused as exc:
            click.echo(f"tendtui: {exc.message}", err=True)
            for line in problem_lines(exc.problems):
                click.echo(line, err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


@click.command("import")
@click.argument("file", metavar="FILE")
@click.option(
    "--dry-run", is_flag=True, help="Show the column mapping and a preview; write nothing."
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read COLUMN as FIELD (repeatable). Fields: name, arr, mrr, currency, renewal_date, "
    "owner, segment, external_id, phase, ignore.",
)
@click.option("--phase", metavar="KEY", help="Phase for new accounts (default: the first).")
@click.option("--skip-bad", is_flag=True, help="Import the good rows and list the bad ones.")
@db_option
@user_errors
@_refused
def import_cmd(
    file: str,
    dry_run: bool,
    maps: tuple[str, ...],
    phase: str | None,
    skip_bad: bool,
    db: str | None,
) -> None:
    """Import accounts from a CRM export (CSV), or a whole book from `export --format json`.

    Salesforce, HubSpot, Gainsight, ChurnZero, Totango and Excel CSVs are read as they come:
    the delimiter, encoding, date layout and money format are detected, and common headers
    (Account Name, Company name, ARR, MRR, Renewal Date, Account Owner, CSM, Tier, Record
    ID, ...) are mapped. Rows match existing accounts by external id, else by name, so
    importing again updates instead of duplicating. All rows or none are written, unless
    --skip-bad. Accounts are never moved between phases by an import.
    """
    from tendtui.domain.columns import parse_overrides
    from tendtui.transfer.book_json import looks_like_dump
    from tendtui.transfer.csv_import import read_export

    data, name = read_export(Path(file))
    overrides = parse_overrides(maps)
    if looks_like_dump(data):
        if maps or phase or dry_run:
            raise InvalidInput(
                "--map, --phase and --dry-run are for CSV files; a JSON export is read whole"
            )
        _import_dump(data, name, db)
        return
    with _import_service(db) as svc:
        key = svc.resolve_phase(phase) if phase else None
        _import_csv(svc, db, data, name, overrides, key, dry_run=dry_run, skip_bad=skip_bad)


@contextmanager
def _import_service(db: str | None) -> Iterator[BookService]:
    """The book, or a blank one in memory when there is no book at the path yet."""
    from tendtui.services import BookService
    from tendtui.store.book import Book

    path, _ = resolve_book_path(db)
    if not path.exists():
        with Book.in_memory() as book:
            yield BookService(book, clock=cli_clock())
        return
    with open_service(db) as svc:
        yield svc


def _import_csv(
    svc: BookService,
    db: str | None,
    data: bytes,
    name: str,
    overrides: dict[str, str],
    phase: str | None,
    *,
    dry_run: bool,
    skip_bad: bool,
) -> None:
    from tendtui.transfer import import_report as report
    from tendtui.transfer.csv_import import apply_import, plan_import, refuse_if_bad

    titles = {p.key: p.title for p in svc.playbook.phases}
    plan = plan_import(svc, data, name, overrides=overrides, phase=phase)
    if dry_run:
        for line in [*report.mapping_lines(plan), report.phase_line(plan, titles)]:
            click.echo(line)
        for line in report.preview_lines(plan, titles):
            click.echo(line)
        click.echo(report.count_line(plan, dry_run=True))
        for line in report.problem_lines(plan.problems):
            click.echo(line)
        click.echo("dry run: nothing was written")
        return
    if svc.book.path is None:
        # No book yet: the file was checked against a blank one, so a refused import leaves
        # no empty book behind. Now make the book and write.
        refuse_if_bad(plan, skip_bad)
        with open_service(db) as real:
            result = apply_import(real, plan, skip_bad=skip_bad)
    else:
        result = apply_import(svc, plan, skip_bad=skip_bad)
    click.echo(report.result_line(name, result))
    for line in report.problem_lines(result.skipped):
        click.echo(line)


def _import_dump(data: bytes, name: str, db: str | None) -> None:
    from tendtui.transfer.book_json import parse_dump
    from tendtui.transfer.merge import merge_log

    dump = parse_dump(data, name)  # before the book is opened: a bad file makes no book
    with open_service(db) as svc:
        summary = merge_log(svc, dump.events, dump.views, dump.playbook, name)
    for line in summary.lines():
        click.echo(line)


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """stdout, or a private file written whole or not at all (temp file, then rename)."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path).expanduser()
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder: give a file name")
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write {target}: the folder {target.parent} does not exist")
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "md"]),
    default="json",
    show_default=True,
    help="json: the whole book (import reads it back); csv: accounts for a spreadsheet; "
    "md: each account's timeline.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (mode 0600) instead of stdout.")
@db_option
@user_errors
def export_cmd(fmt: str, output: str | None, db: str | None) -> None:
    """Export the book: a full JSON dump, a spreadsheet-safe CSV, or Markdown timelines."""
    with open_service(db, create=False) as svc, _output(output) as out:
        if fmt == "json":
            from tendtui.transfer.book_json import dump_book

            json.dump(dump_book(svc), out, indent=1, ensure_ascii=False)
            out.write("\n")
            count = len(svc.book.account_fields())
        elif fmt == "csv":
            from tendtui.transfer.export_text import write_csv

            count = write_csv(svc, out)
        else:
            from tendtui.transfer.export_text import write_markdown

            count = write_markdown(svc, out)
    if output and output != "-":
        click.echo(f"exported {count} accounts to {output}", err=True)


@click.command("merge")
@click.argument("other", metavar="OTHER.db")
@db_option
@user_errors
def merge_cmd(other: str, db: str | None) -> None:
    """Bring in what another copy of this book recorded (it is read, never changed).

    Events are united by id and the accounts replayed in time order; when both copies moved
    or edited the same account, the later change stands (docs/merge.md). Merging the same
    copy twice changes nothing.
    """
    from tendtui.transfer.merge import merge_copy

    with open_service(db, create=False) as svc:
        summary = merge_copy(svc, Path(other).expanduser())
    for line in summary.lines():
        click.echo(line)


COMMANDS = [import_cmd, export_cmd, merge_cmd]
