"""`tendtui standup`: what changed since a date and what needs tending, as text, md or json."""

from __future__ import annotations

import json

import click

from tendtui.cli.context import cli_clock, open_service, user_errors
from tendtui.cli.options import db_option
from tendtui.domain.errors import InvalidInput


@click.command("standup")
@click.option(
    "--since",
    default="yesterday",
    show_default=True,
    metavar="DATE|yesterday|monday",
    help="Start of the window for moves and touches ('monday': this week's; on a Monday, last week's).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="md pastes into a team chat; json is for scripts (docs/json.md).",
)
@db_option
@user_errors
def standup_cmd(since: str, fmt: str, db: str | None) -> None:
    """What changed since a date, and what needs tending today."""
    from tendtui.reports.standup import standup_report
    from tendtui.reports.standup_render import render_json, render_md, render_text, since_date

    today = cli_clock()().astimezone().date()
    try:
        start = since_date(since, today)
    except InvalidInput as exc:
        raise click.BadParameter(exc.message, param_hint="'--since'") from None
    with open_service(db, create=False) as svc:
        report = standup_report(svc, start)
    if fmt == "json":
        click.echo(json.dumps(render_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(render_md(report) if fmt == "md" else render_text(report))


COMMANDS = [standup_cmd]
