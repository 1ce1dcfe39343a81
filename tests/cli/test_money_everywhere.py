"""One money parser: the same strings give the same amount through `--arr`, the form and a CSV.

Each string goes in three ways: `tendtui add X --arr TEXT`, the board's account form, and a
one-row CSV import. All three must agree on the amount and the currency, or all three refuse
with the same reason. The CSV is tab-separated, so nothing outside the cell can settle an
ambiguous amount (a CSV column's other cells or its delimiter may do that; tested in
tests/transfer/csv/test_parsing.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from tendtui.domain.errors import InvalidInput
from tendtui.domain.playbook import default_playbook
from tendtui.services import BookService
from tendtui.transfer.csv.importer import plan_import
from tendtui.tui.screens.account_form import AccountFormScreen
from tests.cli.conftest import Runner
from tests.tui.test_modals import Host

Outcome = tuple[int | None, str] | str
"""(amount, currency) stored, or a piece of the one-line refusal."""

CASES: list[tuple[str, Outcome]] = [
    ("120000", (120_000, "USD")),
    ("120k", (120_000, "USD")),
    ("1.2M", (1_200_000, "USD")),
    ("1,5M", (1_500_000, "USD")),
    ("€1.200,00", (1_200, "EUR")),
    ("1.200.000,00 €", (1_200_000, "EUR")),
    ("$1,200,000.00", (1_200_000, "USD")),
    ("$95k", (95_000, "USD")),
    ("$5,000", (5_000, "USD")),
    ("£12,500.50", (12_501, "GBP")),
    ("CHF 1'200'000", (1_200_000, "CHF")),
    ("950 EUR", (950, "EUR")),
    ("12,5", (13, "USD")),
    ("1 200 000", (1_200_000, "USD")),
    ("1.200", "could be 1,200 or 1.2"),
    ("120,000", "could be 120,000 or 120"),
    ("€45.000", "could be 45,000 or 45"),
    ("-5", "cannot be negative"),
    ("lots", "expected an amount"),
    ("9" * 30, "too large"),
]


def _cli(run: Runner, text: str, db: Path) -> Outcome:
    done = run("add", "Money Test", "--arr", text)
    if done.code:
        assert done.code == 2
        return done.err
    with BookService.open(db, create=False) as svc:
        account = svc.resolve("Money Test")
        return (account.arr, account.currency)


def _csv(text: str) -> Outcome:
    data = f"Account Name\tARR\nMoney Test\t{text}\n".encode()
    with BookService.in_memory() as svc:
        try:
            plan = plan_import(svc, data, "one.csv")
        except InvalidInput as exc:
            return exc.message
        if plan.problems:
            return str(plan.problems[0])
        (row,) = plan.matched.adds
        assert row.arr is not None
        return (row.arr, row.currency or "USD")


def _agrees(outcome: Outcome, expected: Outcome) -> bool:
    if isinstance(expected, str):
        return isinstance(outcome, str) and expected in outcome
    return outcome == expected


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_cli_and_csv_read_money_alike(
    run: Runner, db_path: Path, text: str, expected: Outcome
) -> None:
    assert _agrees(_cli(run, text, db_path), expected)
    assert _agrees(_csv(text), expected)


async def test_the_form_reads_money_as_the_cli_and_the_csv_do() -> None:
    form = AccountFormScreen(default_playbook(), date(2026, 11, 22))
    app = Host(form)
    results: dict[str, Outcome] = {}
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form.query_one("#name", Input).value = "Money Test"
        for text, _ in CASES:
            form.query_one("#arr", Input).value = text
            await pilot.pause()
            draft = form.draft()
            if draft is None:
                errors = [str(e.render()) for e in form.query(".field-error.-shown")]
                results[text] = " ".join(errors)
            else:
                results[text] = (draft.arr, draft.currency or "USD")
    for text, expected in CASES:
        assert _agrees(results[text], expected), (text, results[text])
