"""Books in and out: import, export, merge."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from tendtui.cli.context import (
    EXIT_BAD_INPUT,
    cli_clock,
    open_service,
    resolve_book_path,
    user_errors,
)
from tendtui.cli.options import db_option
from tendtui.cli.output import say, say_json, warn
from tendtui.domain.errors import InvalidInput

if TYPE_CHECKING:
    from tendtui.domain.money import Convention
    from tendtui.services import BookService
    from tendtui.transfer.csv.decode import CsvTable, ReadOptions
    from tendtui.transfer.csv.rows import DateOrder, Problem

P = ParamSpec("P")
R = TypeVar("R")


def _refused(func: Callable[P, R]) -> Callable[P, R]:
    """A refused import: its one line, then the bad rows with their line numbers."""
    from functools import wraps

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from tendtui.transfer.csv.importer import ImportRefused
        from tendtui.transfer.csv.report import problem_lines

        try:
            return func(*args, **kwargs)
        except ImportRefused as exc:
            warn(f"tendtui: {exc.message}")
            for line in problem_lines(exc.problems):
                warn(line)
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
@click.option(
    "--decimal",
    type=click.Choice(["dot", "comma"]),
    help="The file's decimal point, when its amounts do not show it (1.200 or 1,200).",
)
@click.option(
    "--dates",
    type=click.Choice(["dmy", "mdy"]),
    help="Read slashed dates day first (dmy) or month first (mdy), whatever the file suggests.",
)
@click.option(
    "--encoding", metavar="NAME", help="The file's encoding (cp1252, utf-16, shift_jis...)."
)
@click.option("--delimiter", metavar="CHAR", help="The CSV's delimiter: , ; | or tab.")
@click.option("--sheet", metavar="NAME", help="The .xlsx worksheet to read (default: the first).")
@click.option(
    "--as",
    "kind",
    type=click.Choice(["accounts", "activities", "contacts"]),
    help="Read the file as an accounts, activities or contacts export, whatever its headers "
    "suggest.",
)
@click.option("--skip-bad", is_flag=True, help="Import the good rows and list the bad ones.")
@click.option(
    "--json", "as_json", is_flag=True, help="With --dry-run: print the plan as JSON (docs/json.md)."
)
@db_option
@user_errors
@_refused
def import_cmd(
    file: str,
    dry_run: bool,
    maps: tuple[str, ...],
    phase: str | None,
    decimal: Convention | None,
    dates: DateOrder | None,
    encoding: str | None,
    delimiter: str | None,
    sheet: str | None,
    kind: str | None,
    skip_bad: bool,
    as_json: bool,
    db: str | None,
) -> None:
    """Import accounts, activities or contacts from a CRM export, or a book from `export`.

    Salesforce, HubSpot, Pipedrive, Zoho, Gainsight, ChurnZero, Totango and Excel exports
    (CSV or .xlsx; `-` reads standard input) are read as they come: the delimiter, encoding,
    date layout and money format are detected, and common headers (Account Name, Company
    name, ARR, MRR, Renewal Date, Account Owner, CSM, Tier, Record ID, Salesforce API names,
    and the same in German, French, Spanish, Portuguese, Dutch, Italian and Swedish) are
    mapped. Rows match existing accounts by external id, else by name, so
    importing again updates instead of duplicating. All rows or none are written, unless
    --skip-bad. Accounts are never moved between phases by an import.

    An activities export (Salesforce tasks and events, HubSpot calls, emails and meetings)
    adds its rows as touches on the accounts they name; importing it again adds nothing.

    A contacts export (HubSpot contacts, a Salesforce contacts report, Pipedrive persons,
    `export --format contacts`) attaches each person to the account it names, by CRM id or
    name, and never adds accounts; importing it again updates, matching people by email,
    else by name within the account.
    """
    from tendtui.transfer.book_json import looks_like_dump
    from tendtui.transfer.csv.decode import (
        ReadOptions,
        parse_delimiter,
        parse_encoding,
        read_table,
    )
    from tendtui.transfer.csv.headers import parse_overrides
    from tendtui.transfer.csv.importer import read_export, read_standard_input
    from tendtui.transfer.paused_gc import paused_gc

    if as_json and not dry_run:
        raise InvalidInput("--json is for --dry-run: an import prints what it did as text")
    options = ReadOptions(
        encoding=parse_encoding(encoding) if encoding else None,
        delimiter=parse_delimiter(delimiter) if delimiter else None,
        sheet=sheet,
    )
    data, name = read_standard_input() if file == "-" else read_export(Path(file))
    overrides = parse_overrides(maps)
    if looks_like_dump(data):
        if maps or phase or dry_run or decimal or dates or encoding or delimiter or sheet:
            raise InvalidInput(
                "--map, --phase, --decimal, --dates, --encoding, --delimiter, --sheet and "
                "--dry-run are for CSV and .xlsx files; a JSON export is read whole"
            )
        _import_dump(data, name, db)
        return
    with paused_gc():
        table = read_table(data, name, options)
    del data  # the table keeps the text it walks; the bytes are not needed again
    with _import_service(db) as svc:
        key = svc.resolve_phase(phase) if phase else None
        _import_csv(
            svc,
            db,
            table,
            name,
            _Reading(overrides, key, decimal, dates, options, kind, as_json),
            dry_run=dry_run,
            skip_bad=skip_bad,
        )


@contextmanager
def _import_service(db: str | None) -> Iterator[BookService]:
    """The book, or a blank one in memory when there is no book at the path yet."""
    from tendtui.services import BookService

    path, _ = resolve_book_path(db)
    if not path.exists():
        with BookService.in_memory(clock=cli_clock()) as blank:
            yield blank
        return
    with open_service(db) as svc:
        yield svc


@dataclass(frozen=True)
class _Reading:
    """How the user asked for the file to be read."""

    overrides: dict[str, str]
    phase: str | None
    decimal: Convention | None
    dates: DateOrder | None
    options: ReadOptions
    kind: str | None = None
    """--as: "accounts", "activities" or "contacts"; None: as the headers say."""
    as_json: bool = False
    """--json: a dry run prints its plan as JSON."""


def _import_csv(
    svc: BookService,
    db: str | None,
    table: CsvTable,
    name: str,
    how: _Reading,
    *,
    dry_run: bool,
    skip_bad: bool,
) -> None:
    from tendtui.transfer.csv import report
    from tendtui.transfer.csv.activities import is_activities_export
    from tendtui.transfer.csv.contacts import is_contacts_export
    from tendtui.transfer.csv.importer import apply_import, plan_import, refuse_if_bad

    if how.kind == "activities" or (how.kind is None and is_activities_export(table.headers)):
        _import_activities(svc, table, name, how, dry_run=dry_run, skip_bad=skip_bad)
        return
    if how.kind == "contacts" or (how.kind is None and is_contacts_export(table.headers)):
        _import_contacts(svc, table, name, how, dry_run=dry_run, skip_bad=skip_bad)
        return
    titles = {p.key: p.title for p in svc.playbook.phases}
    plan = plan_import(
        svc,
        table,
        name,
        overrides=how.overrides,
        phase=how.phase,
        decimal=how.decimal,
        dates=how.dates,
        options=how.options,
        as_accounts=how.kind == "accounts",
    )
    if dry_run and how.as_json:
        m = plan.matched
        counts = (len(m.adds), len(m.updates), len(m.unchanged))
        _dry_run_json("accounts", plan.table, plan.mapping.columns, counts, plan.problems, skip_bad)
        return
    if dry_run:
        for line in [*report.mapping_lines(plan), report.phase_line(plan, titles)]:
            say(line)
        for line in report.preview_lines(plan, titles):
            say(line)
        say(report.count_line(plan, dry_run=True))
        _end_dry_run(plan.problems, skip_bad)
        return
    if svc.path is None:
        # No book yet: the file was checked against a blank one, so a refused import leaves
        # no empty book behind. Now make the book and write; a failure removes it again.
        refuse_if_bad(plan, skip_bad)
        with _new_book(db), open_service(db) as real:
            result = apply_import(real, plan, skip_bad=skip_bad)
    else:
        result = apply_import(svc, plan, skip_bad=skip_bad)
    say(report.result_line(name, result))
    for line in report.problem_lines(result.skipped):
        say(line)


def _dry_run_json(
    kind: str,
    table: CsvTable,
    columns: dict[str, int],
    counts: tuple[int, int, int],
    problems: list[Problem],
    skip_bad: bool,
) -> None:
    """`import --dry-run --json`: how the file was read and what the import would do; exit 2
    when it would refuse, as the text dry run does."""
    from tendtui.cli.render import JSON_VERSION

    refuse = bool(problems) and not skip_bad
    say_json(
        {
            "version": JSON_VERSION,
            "as": kind,
            "rows": len(table.rows),
            "columns": {
                f: table.headers[i] for f, i in sorted(columns.items(), key=lambda x: x[1])
            },
            "add": counts[0],
            "update": counts[1],
            "unchanged": counts[2],
            "problems": [{"line": p.line, "reason": p.reason} for p in problems],
            "would_refuse": refuse,
        }
    )
    if refuse:
        sys.exit(EXIT_BAD_INPUT)


def _end_dry_run(problems: list[Problem], skip_bad: bool) -> None:
    """The bad rows, then the last line; when the import would refuse, the dry run says so
    and exits with the same code."""
    from tendtui.transfer.csv.report import problem_lines

    for line in problem_lines(problems):
        say(line)
    if problems and not skip_bad:
        say("dry run: nothing was written; the import would refuse (--skip-bad imports the rest)")
        sys.exit(EXIT_BAD_INPUT)
    say("dry run: nothing was written")


def _import_activities(
    svc: BookService, table: CsvTable, name: str, how: _Reading, *, dry_run: bool, skip_bad: bool
) -> None:
    """An activities export: its rows become touches on the accounts they name."""
    from tendtui.transfer.csv import activity_report as report
    from tendtui.transfer.csv.activity_import import apply_activities, plan_activities

    if how.overrides or how.phase or how.decimal:
        raise InvalidInput(
            f"{name} is an activities export (calls, emails, meetings): --map, --phase and "
            "--decimal are for account exports"
        )
    plan = plan_activities(svc, table, name, dates=how.dates)
    if dry_run and how.as_json:
        counts = (len(plan.matched.adds), 0, len(plan.matched.already))
        cols = plan.mapping.columns
        _dry_run_json("activities", plan.table, cols, counts, plan.problems, skip_bad)
        return
    if dry_run:
        for line in [*report.mapping_lines(plan), *report.preview_lines(plan)]:
            say(line)
        say(report.count_line(plan, dry_run=True))
        _end_dry_run(plan.problems, skip_bad)
        return
    if svc.path is None:
        raise InvalidInput(
            f"{name} is an activities export, and there is no book yet to add its touches to: "
            "import the accounts first"
        )
    result = apply_activities(svc, plan, skip_bad=skip_bad)
    say(report.result_line(name, result))
    for line in report.problem_lines(result.skipped):
        say(line)


def _import_contacts(
    svc: BookService, table: CsvTable, name: str, how: _Reading, *, dry_run: bool, skip_bad: bool
) -> None:
    """A contacts export: its people join the accounts they name; no account is added."""
    from tendtui.transfer.csv import contact_report as report
    from tendtui.transfer.csv.contact_import import apply_contacts, plan_contacts

    if how.overrides or how.phase or how.decimal:
        raise InvalidInput(
            f"{name} is a contacts export (people): --map, --phase and --decimal are for "
            "account exports"
        )
    plan = plan_contacts(svc, table, name, dates=how.dates)
    if dry_run and how.as_json:
        m = plan.matched
        counts = (len(m.adds), len(m.updates), len(m.unchanged))
        cols = plan.mapping.columns
        _dry_run_json("contacts", plan.table, cols, counts, plan.problems, skip_bad)
        return
    if dry_run:
        for line in [*report.mapping_lines(plan), *report.preview_lines(plan)]:
            say(line)
        say(report.count_line(plan, dry_run=True))
        _end_dry_run(plan.problems, skip_bad)
        return
    if svc.path is None:
        raise InvalidInput(
            f"{name} is a contacts export, and there is no book yet to add its people to: "
            "import the accounts first"
        )
    result = apply_contacts(svc, plan, skip_bad=skip_bad)
    say(report.result_line(name, result))
    for line in report.problem_lines(result.skipped):
        say(line)


def _import_dump(data: bytes, name: str, db: str | None) -> None:
    from tendtui.transfer.book_json import merge_dump, parse_dump

    dump = parse_dump(data, name)  # before the book is opened: a bad file makes no book
    with _new_book(db), open_service(db) as svc:
        summary = merge_dump(svc, dump, name)
    for line in summary.lines():
        say(line)


@contextmanager
def _new_book(db: str | None) -> Iterator[None]:
    """Around a write that may create the book: if it fails, a book made just now is removed,
    so a refused import into a new path leaves no file behind."""
    path, _ = resolve_book_path(db)
    existed = path.exists() or path.is_symlink()
    try:
        yield
    except BaseException:
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "md", "contacts", "ics", "datasette-metadata"]),
    default="json",
    show_default=True,
    help="json: the whole book (import reads it back); csv: accounts for a spreadsheet; "
    "md: each account's timeline; contacts: the people, as a CSV that import reads back; "
    "ics: renewals and due tasks as all-day calendar events; datasette-metadata: table and "
    "column descriptions for `datasette BOOK -m FILE` (docs/browsing.md).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (mode 0600) instead of stdout.")
@db_option
@user_errors
def export_cmd(fmt: str, output: str | None, db: str | None) -> None:
    """Export the book: a full JSON dump, a spreadsheet-safe CSV of the accounts or of their
    people (contacts), Markdown timelines, a calendar (ics) or Datasette metadata."""
    from tendtui.outfile import open_output
    from tendtui.transfer.exporting import export_book

    with open_service(db, create=False) as svc:
        book = svc.path
        with open_output(output, protect=[book] if book else []) as out:
            count = export_book(svc, fmt, out)
    if output and output != "-":
        what = {"contacts": "contacts", "ics": "calendar events", "datasette-metadata": "tables"}
        warn(f"exported {count} {what.get(fmt, 'accounts')} to {output}")


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
    from tendtui.services.merging import merge_copy

    with open_service(db, create=False) as svc:
        summary = merge_copy(svc, Path(other).expanduser())
    for line in summary.lines():
        say(line)


COMMANDS = [import_cmd, export_cmd, merge_cmd]
