"""`tendtui standup`: what needs tending and what changed since a date: text, md, slack, json.

The sections are built in reports/standup.py and rendered by reports/standup_render.py, which
the board's standup screen shares; this module only parses the options and prints.
"""

from __future__ import annotations

import click

from tendtui.cli.context import cli_clock, open_service, user_errors
from tendtui.cli.options import OWNER, books_option
from tendtui.cli.output import say_json, say_text
from tendtui.domain.errors import InvalidInput


@click.command("standup")
@click.option(
    "--since",
    default="yesterday",
    show_default=True,
    metavar="DATE|yesterday|monday",
    help="List moves and touches from this day on: YYYY-MM-DD, yesterday, -3d, or a weekday"
    " (monday, fri: the last one).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "slack", "json"]),
    default="text",
    show_default=True,
    help="text for the terminal; md (CommonMark) or slack (mrkdwn) to paste into a team chat; "
    "json for scripts, every item (docs/json.md).",
)
@click.option(
    "--json",
    "fmt",
    flag_value="json",
    help="The same as --format json, as every reading command spells it.",
)
@click.option("--full", is_flag=True, help="List every item, and every empty section.")
@click.option(
    "--owner",
    type=OWNER,
    help="Only the accounts whose owner holds NAME (case and accents aside), for one CSM; "
    "me: yours (config.toml `me`).",
)
@books_option
@user_errors
def standup_cmd(since: str, fmt: str, full: bool, owner: str | None, db: tuple[str, ...]) -> None:
    """What needs tending today, and what changed since a date: brief, for a team meeting.

    Opens with one line of counts (overdue, due today, renewals in 30 days and at risk with
    their ARR, forced moves). Then, for accounts neither archived nor churned: open tasks
    overdue and due today, accounts at risk with the reason they were moved there, renewals in
    30 days (passed dates too), tasks due this week and accounts past their phase's cadence;
    then the wins (renewals signed, saves, expansions: moves the playbook marks `win`), moves
    (forced ones marked) and touches since the date. Every item names its owner.

    Each section shows its five most urgent items and how many more; empty sections share
    one line. --full lists everything; --format json always does.

    --since monday means this week's Monday, for a weekly standup; on a Monday it
    means the Monday before, so the standup covers the past week, not an empty day. Any
    weekday looks back the same way (--since fri: the last Friday).

    Several books (--db more than once, or a folder): one standup, every line tagged with its
    book, sections merged in their usual order, and the counts per book after the overall ones.
    """
    from tendtui.cli.books import open_books, several
    from tendtui.domain.standup import merge_standups
    from tendtui.reports.standup import standup_report
    from tendtui.reports.standup_render import render, render_json, since_date

    today = cli_clock()().astimezone().date()
    try:
        start = since_date(since, today)
    except InvalidInput as exc:
        raise click.BadParameter(exc.message, param_hint="'--since'") from None
    if start > today:
        raise click.BadParameter(
            f"{start.isoformat()} is after today ({today.isoformat()}): nothing has happened yet",
            param_hint="'--since'",
        )
    if several(db):
        with open_books(db) as books:
            parts = [(b.label, standup_report(b.service, start, owner=owner)) for b in books]
        report = merge_standups(parts)
    else:
        with open_service(db[0] if db else None, create=False) as svc:
            report = standup_report(svc, start, owner=owner)
    if fmt == "json":
        say_json(render_json(report))
    else:
        say_text(render(report, fmt, full=full))


COMMANDS = [standup_cmd]
