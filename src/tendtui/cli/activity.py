"""Commands that record work: touch, check, move, undo, history."""

from __future__ import annotations

from datetime import date

import click

from tendtui.cli.context import open_service, user_errors
from tendtui.cli.options import DATE, db_option, json_option
from tendtui.cli.output import say, say_json
from tendtui.domain.kinds import Sentiment, TouchKind


@click.command("touch")
@click.argument("name")
@click.option(
    "--kind",
    required=True,
    type=click.Choice([k.value for k in TouchKind]),
    help="What kind of touch (a note is internal: it does not count for cadence).",
)
@click.option("--summary", metavar="TEXT", required=True, help="What was said or done.")
@click.option("--on", "on", type=DATE, help="The day it happened (default: today).")
@click.option("--sentiment", type=click.Choice([s.value for s in Sentiment]))
@click.option("--next", "next_step", metavar="TEXT", help="The next step agreed (a new task).")
@click.option("--due", type=DATE, help="When the next step is due.")
@click.option(
    "--done",
    "done_task",
    metavar="TASK",
    help="Mark this open task done in the same save (its number as `show` lists it).",
)
@click.option(
    "--with",
    "with_",
    metavar="NAME",
    multiple=True,
    help="Who took part: one of the account's contacts, by name or email (repeatable).",
)
@db_option
@user_errors
def touch_cmd(
    name: str,
    kind: str,
    summary: str | None,
    on: date | None,
    sentiment: str | None,
    next_step: str | None,
    due: date | None,
    done_task: str | None,
    with_: tuple[str, ...],
    db: str | None,
) -> None:
    """Log a call, email, meeting, note, QBR, training or escalation."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        done = svc.resolve_task(account, done_task) if done_task is not None else None
        people = [svc.resolve_contact(account.id, who) for who in with_]
        touch = svc.log_touch(
            account.id,
            TouchKind(kind),
            happened_on=on,
            summary=summary,
            sentiment=Sentiment(sentiment) if sentiment else None,
            next_step=next_step,
            next_step_due=due,
            done_task=done.id if done else None,
            with_=[c.id for c in people],
        )
        said = f"logged {touch.kind.value} with {account.name} on {touch.happened_on}"
        if people:
            said += f" ({', '.join(dict.fromkeys(c.name for c in people))})"
        if next_step:
            said += f"; next: {next_step.strip()}" + (f" (due {due})" if due else "")
        if done is not None:
            said += f"; done: {done.text}"
        say(said)


@click.command("check")
@click.argument("name")
@click.argument("item")
@click.option("--undo", "untick", is_flag=True, help="Untick the item instead.")
@db_option
@user_errors
def check_cmd(name: str, item: str, untick: bool, db: str | None) -> None:
    """Tick ITEM on the account's current checklist (ITEM: its key or number from `show`)."""
    with open_service(db) as svc:
        account = svc.resolve(name)
        key = svc.resolve_item(account, item)
        changed = svc.set_ticked(account.id, key, not untick)
        after = svc.resolve(account.id)
        phase = svc.playbook.phase(after.phase)
        found = phase.item(key)
        label = found.label if found else key
        done = phase.ticked_count(after.ticked)
        verb = "unticked" if untick else "ticked"
        if not changed:
            verb = f"already {'unticked' if untick else 'ticked'}"
        say(f"{verb}: {label} for {account.name} ({done}/{len(phase.checklist)})")


@click.command("move")
@click.argument("name")
@click.argument("phase")
@click.option("--reason", metavar="TEXT", help="Why: required by some moves, and by --force.")
@click.option("--force", is_flag=True, help="Override a refusal (needs --reason; recorded).")
@db_option
@user_errors
def move_cmd(name: str, phase: str, reason: str | None, force: bool, db: str | None) -> None:
    """Move an account to PHASE, if the lifecycle rules allow it."""
    from tendtui.domain.describe import describe_event

    with open_service(db) as svc:
        account = svc.resolve(name)
        target = svc.resolve_phase(phase)
        event = svc.move(account.id, target, reason=reason, force=force)
        text = describe_event(svc.playbook, event, account.name)
        if event.kind == "forced":
            text += " — override recorded"
        say(text)


@click.command("undo")
@db_option
@user_errors
def undo_cmd(db: str | None) -> None:
    """Undo the last action in the book (history keeps both)."""
    with open_service(db) as svc:
        _, what = svc.undo()
        say(f"undone: {what}")


@click.command("history")
@click.argument("name", required=False)
@click.option("--limit", default=50, show_default=True, help="How many events, newest first.")
@json_option
@db_option
@user_errors
def history_cmd(name: str | None, limit: int, as_json: bool, db: str | None) -> None:
    """The record of every change, newest first; for one account with NAME."""
    from tendtui.cli.render import JSON_VERSION, event_json
    from tendtui.domain.describe import describe_event

    with open_service(db, create=False) as svc:
        account_id = svc.resolve(name).id if name else None
        events = svc.events(account_id, limit=limit)
        names = {a.id: a.name for a in svc.accounts(include_archived=True)}
        undone = svc.undone_ids(account_id)
        if as_json:
            rows = [
                event_json(svc.playbook, e, names.get(e.account_id), e.id in undone) for e in events
            ]
            say_json({"version": JSON_VERSION, "events": rows})
            return
        if not events:
            say("No history yet.")
        for e in events:
            when = e.at.astimezone().strftime("%Y-%m-%d %H:%M")
            mark = "  (undone)" if e.id in undone else ""
            who = names.get(e.account_id, "(removed)")
            say(f"{when}  {who}: {describe_event(svc.playbook, e)}{mark}")


COMMANDS = [touch_cmd, check_cmd, move_cmd, undo_cmd, history_cmd]
