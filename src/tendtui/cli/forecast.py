"""`tendtui forecast`: the CSM's call for an account's coming renewal, and its history."""

from __future__ import annotations

from typing import Any

import click

from tendtui.cli.context import open_service, user_errors
from tendtui.cli.options import AMOUNT, db_option, json_option
from tendtui.cli.output import say, say_json
from tendtui.display import money
from tendtui.domain.forecast import CALLS, Forecast, parse_call
from tendtui.domain.money import Money
from tendtui.domain.time import day, ts


def forecast_json(f: Forecast, current: Forecast | None) -> dict[str, Any]:
    """One call as `forecast --json` prints it (docs/json.md)."""
    return {
        "id": f.id,
        "call": f.call.value,
        "amount": f.amount,
        "currency": f.currency,
        "renewal_date": day(f.renewal_date),
        "note": f.note,
        "called_at": ts(f.called_at),
        "current": current is not None and current.id == f.id,
    }


def forecast_line(f: Forecast, current: Forecast | None) -> str:
    """'2026-11-22 likely at $120,000 for renewal 2027-01-10 (budget approved)  (stands)'."""
    renewal = f" for renewal {day(f.renewal_date)}" if f.renewal_date else " (no renewal date)"
    note = f" ({f.note})" if f.note else ""
    stands = "  (stands)" if current is not None and current.id == f.id else ""
    return (
        f"{f.called_at.astimezone():%Y-%m-%d} {f.call.value} at "
        f"{money(f.amount, f.currency)}{renewal}{note}{stands}"
    )


@click.command("forecast")
@click.argument("name")
@click.argument("call", required=False, metavar="[" + "|".join(CALLS) + "]")
@click.option("--arr", type=AMOUNT, help="The amount called (default: the account's ARR).")
@click.option("--note", metavar="TEXT", help="Why this call.")
@json_option
@db_option
@user_errors
def forecast_cmd(
    name: str,
    call: str | None,
    arr: Money | None,
    note: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Call the coming renewal of NAME: commit, likely, at-risk or churn. Every call is kept;
    the latest one for the account's renewal date stands. Without a call, list the calls."""
    from tendtui.cli.render import JSON_VERSION

    with open_service(db, create=call is not None) as svc:
        account = svc.resolve(name)
        if call is not None:
            made = svc.call_forecast(
                account.id,
                parse_call(call),
                amount=arr.whole if arr else None,
                currency=arr.currency if arr else None,
                note=note,
            )
            current: Forecast | None = made
            history = [made]
        else:
            if arr is not None or note is not None:
                raise click.UsageError("--arr and --note go with a call: " + "|".join(CALLS))
            current = svc.current_forecast(account.id)
            history = svc.forecasts(account.id)
    if as_json:
        say_json(
            {
                "version": JSON_VERSION,
                "account": {"id": account.id, "name": account.name},
                "renewal_date": day(account.renewal_date),
                "current": forecast_json(current, current) if current else None,
                "calls": [forecast_json(f, current) for f in history],
            }
        )
        return
    if call is not None:
        say(f"called {account.name}: {forecast_line(history[0], None)}")
        return
    if not history:
        say(f"{account.name}: no forecast call yet (tendtui forecast NAME {'|'.join(CALLS)})")
        return
    if current is None:
        say(f"{account.name}: no call stands for the renewal on {day(account.renewal_date)}")
    for f in history:
        say(f"{account.name}: {forecast_line(f, current)}")


COMMANDS = [forecast_cmd]
