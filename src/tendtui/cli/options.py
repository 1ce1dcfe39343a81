"""Options shared by several commands, and click types that parse with the domain's rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from tendtui.domain.errors import InvalidInput
from tendtui.domain.text import parse_amount, parse_date

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """--db PATH, also from TENDTUI_DB."""
    return click.option(
        "--db",
        "db",
        envvar="TENDTUI_DB",
        metavar="PATH",
        help="The book file (env TENDTUI_DB; default: your data directory's tendtui/book.db).",
    )(func)


def json_option(func: F) -> F:
    """--json: print stable JSON (docs/json.md) instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/json.md).")(
        func
    )


class DateType(click.ParamType[date, Any]):
    """YYYY-MM-DD, or today / yesterday / tomorrow (relative to the real or TENDTUI_NOW date)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        from tendtui.cli.context import cli_clock

        today = cli_clock()().astimezone().date()
        what = f"date for {param.opts[0]}" if param else "date"
        try:
            return parse_date(str(value), today=today, what=what)
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)


class AmountType(click.ParamType[int, Any]):
    """A whole non-negative amount: 120000, 120k, 1.2M, $120,000."""

    name = "AMOUNT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_amount(str(value))
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)


DATE = DateType()
AMOUNT = AmountType()
