"""`tendtui standup`: what changed since a date and what needs tending, as text, md or json.

The sections are built in reports/standup.py and rendered by reports/standup_render.py, which
the board's standup screen shares; this module only parses the options and prints.
"""

from __future__ import annotations

import click

from tendtui.cli.context import cli_clock, open_service, user_errors
from tendtui.cli.options import db_option
from tendtui.cli.output import say_json, say_text
from tendtui.domain.errors import InvalidInput


@click.command("standup")
@click.option(
    "--since",
    default="yesterday",
    show_default=True,
    metavar="DATE|yesterday|monday",
    help="List moves and touches from this day on (YYYY-MM-DD, today, yesterday or monday).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="text for the terminal; md pastes into a team chat; json for scripts (docs/json.md).",
)
@db_option
@user_errors
def standup_cmd(since: str, fmt: str, db: str | None) -> None:
    """What changed since a date, and what needs tending today.

    Lists the moves (forced ones marked, with their reason) and touches since the date, then,
    for accounts neither archived nor churned: next steps overdue and due today, accounts past
    their phase's cadence, renewals within 30, 60 and 90 days (passed dates in the first), and
    accounts at risk with the reason they were moved there.

    --since monday means this week's Monday, for a weekly standup; on a Monday it
    means the Monday before, so the standup covers the past week, not an empty day.
    """
    from tendtui.reports.standup import standup_report
    from tendtui.reports.standup_render import render_json, render_md, render_text, since_date

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
    with open_service(db, create=False) as svc:
        report = standup_report(svc, start)
    if fmt == "json":
        say_json(render_json(report))
    else:
        say_text(render_md(report) if fmt == "md" else render_text(report))


COMMANDS = [standup_cmd]
