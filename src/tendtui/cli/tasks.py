"""Commands for the daily loop: the agenda, tasks (add, done, snooze, drop) and search."""

from __future__ import annotations

from datetime import date

import click

from tendtui.cli.context import open_service, user_errors
from tendtui.cli.options import DATE, OWNER, books_option, db_option, listing_option
from tendtui.cli.output import say, say_listing


@click.group("task")
def task_group() -> None:
    """Tasks: what has to happen on an account (a touch's --next adds one too)."""


@task_group.command("add")
@click.argument("name")
@click.argument("text")
@click.option("--due", type=DATE, help="When it is due (YYYY-MM-DD, tomorrow, friday, +3d, ...).")
@db_option
@user_errors
def task_add_cmd(name: str, text: str, due: date | None, db: str | None) -> None:
    """Add a task to the account NAME, without logging a touch."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        task = svc.add_task(account.id, text, due=due)
        when = f", due {task.due.isoformat()}" if task.due else ""
        say(f"added a task for {account.name}: {task.text}{when}")


@click.command("done")
@click.argument("name")
@click.argument("task", required=False)
@click.option("--note", metavar="TEXT", help="What was done.")
@db_option
@user_errors
def done_cmd(name: str, task: str | None, note: str | None, db: str | None) -> None:
    """Mark a task of NAME done. TASK is its number as `show` lists it, or words of it; it may
    be left out when the account has one open task."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        found = svc.resolve_task(account, task)
        svc.complete_task(found.id, note=note)
        say(f"done: {found.text} ({account.name})")


@click.command("snooze")
@click.argument("name")
@click.argument("task", required=False)
@click.option("--to", "to", type=DATE, required=True, help="The new due date.")
@db_option
@user_errors
def snooze_cmd(name: str, task: str | None, to: date, db: str | None) -> None:
    """Move a task of NAME to a new due date (TASK as for `done`)."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        found = svc.resolve_task(account, task)
        svc.snooze_task(found.id, to)
        say(f"snoozed: {found.text} ({account.name}) to {to.isoformat()}")


@click.command("drop")
@click.argument("name")
@click.argument("task", required=False)
@click.option("--note", metavar="TEXT", help="Why it will not be done.")
@db_option
@user_errors
def drop_cmd(name: str, task: str | None, note: str | None, db: str | None) -> None:
    """Drop a task of NAME: it will not be done (TASK as for `done`)."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        found = svc.resolve_task(account, task)
        svc.drop_task(found.id, note=note)
        say(f"dropped: {found.text} ({account.name})")


@click.command("agenda")
@click.option(
    "--owner",
    type=OWNER,
    help="Only accounts whose owner holds NAME (case and accents aside); me: yours.",
)
@click.option("--days", type=click.IntRange(min=0), help="Only tasks due within N days.")
@click.option("--overdue", is_flag=True, help="Only tasks already overdue.")
@listing_option
@books_option
@user_errors
def agenda_cmd(
    owner: str | None, days: int | None, overdue: bool, as_json: str | None, db: tuple[str, ...]
) -> None:
    """Open tasks across the book: overdue first, then by due date, each with its account,
    owner and how late it is (several books: --db more than once, or a folder)."""
    from tendtui.cli.books import several
    from tendtui.cli.render import JSON_VERSION, agenda_json, agenda_lines

    if several(db):
        _agenda_books(db, owner, days, overdue, as_json)
        return
    with open_service(db[0] if db else None, create=False) as svc:
        today = svc.today()
        items = svc.agenda(owner=owner, days=-1 if overdue else days)
    if as_json:
        say_listing(
            as_json,
            {
                "version": JSON_VERSION,
                "today": today.isoformat(),
                "tasks": agenda_json(items, today),
            },
            "tasks",
        )
        return
    for line in agenda_lines(items, today, filters=_agenda_filters(owner, days, overdue)):
        say(line)


def _agenda_filters(owner: str | None, days: int | None, overdue: bool) -> str:
    shown = [f"owner {owner!r}"] if owner else []
    if overdue:
        shown.append("overdue")
    elif days is not None:
        shown.append(f"due within {days} day{'s' if days != 1 else ''}")
    return ", ".join(shown)


def _agenda_books(
    db: tuple[str, ...], owner: str | None, days: int | None, overdue: bool, as_json: str | None
) -> None:
    """`agenda` over several books: one agenda in due order, each task with its book."""
    from tendtui.cli.books import open_books
    from tendtui.cli.render import JSON_VERSION, agenda_json
    from tendtui.cli.render_books import agenda_books_lines, agenda_order, with_book

    with open_books(db) as books:
        today = books[0].service.today()
        found = [
            (b.label, item)
            for b in books
            for item in b.service.agenda(owner=owner, days=-1 if overdue else days)
        ]
        labels = [b.label for b in books]
    items = agenda_order(found)
    if as_json:
        tasks = [with_book(agenda_json([i], today)[0], book) for book, i in items]
        document = {"version": JSON_VERSION, "today": today.isoformat(), "books": labels}
        say_listing(as_json, {**document, "tasks": tasks}, "tasks")
        return
    filters = _agenda_filters(owner, days, overdue)
    for line in agenda_books_lines(items, today, filters=filters, books=len(labels)):
        say(line)


@click.command("search")
@click.argument("query")
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many hits."
)
@listing_option
@books_option
@user_errors
def search_cmd(query: str, limit: int, as_json: str | None, db: tuple[str, ...]) -> None:
    """Search names, owners, segments, external ids, touches and tasks (case and accents
    aside; every word must match the start of a word). Several books (--db more than once, or
    a folder): each book's best hit, then each one's second, and so on."""
    from tendtui.cli.books import several
    from tendtui.cli.render import JSON_VERSION, search_json, search_lines

    if several(db):
        _search_books(db, query, limit, as_json)
        return
    with open_service(db[0] if db else None, create=False) as svc:
        hits = svc.search(query, limit=limit)
    if as_json:
        document = {"version": JSON_VERSION, "query": query, "hits": search_json(hits)}
        say_listing(as_json, document, "hits")
        return
    for line in search_lines(hits, query):
        say(line)


def _search_books(db: tuple[str, ...], query: str, limit: int, as_json: str | None) -> None:
    from tendtui.cli.books import open_books
    from tendtui.cli.render import JSON_VERSION, search_json
    from tendtui.cli.render_books import search_books_lines, search_order, with_book

    with open_books(db) as books:
        found = [(b.label, b.service.search(query, limit=limit)) for b in books]
    hits = search_order(found, limit)
    if as_json:
        rows = [with_book(search_json([h])[0], book) for book, h in hits]
        labels = [label for label, _ in found]
        document = {"version": JSON_VERSION, "query": query, "books": labels, "hits": rows}
        say_listing(as_json, document, "hits")
        return
    for line in search_books_lines(hits, query, len(found)):
        say(line)


COMMANDS = [task_group, done_cmd, snooze_cmd, drop_cmd, agenda_cmd, search_cmd]
