"""`tendtui rates`: setting, listing and removing exchange rates, and totals that use them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Runner, dump_tables


def _rates(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT currency, rate FROM rates ORDER BY currency").fetchall()


def _base(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT key, value FROM settings").fetchall()


def test_set_list_and_unset_rates(run: Runner, db_path: Path) -> None:
    assert run("rates").code == 2  # listing makes no book
    assert not db_path.exists()
    assert run("add", "Acme").code == 0
    empty = run("rates")
    assert empty.code == 0
    assert "no exchange rates: totals are kept by currency (base currency USD)" in empty.out
    done = run("rates", "set", "gbp", "1.270")
    assert (done.code, done.out) == (0, "1 GBP = 1.27 USD\n")
    assert run("rates", "set", "EUR", "1.08").code == 0
    assert run("rates", "set", "EUR", "1.09").code == 0  # the last set wins
    assert _rates(db_path) == [("EUR", "1.09"), ("GBP", "1.27")]
    listed = run("rates")
    assert "base currency USD" in listed.out
    assert "1 EUR = 1.09 USD   (set 2026-11-22)" in listed.out
    data = json.loads(run("rates", "--json").out)
    assert data == {
        "version": 1,
        "base_currency": "USD",
        "rates": [
            {"currency": "EUR", "rate": "1.09", "set_at": "2026-11-22T15:00:00.000000Z"},
            {"currency": "GBP", "rate": "1.27", "set_at": "2026-11-22T15:00:00.000000Z"},
        ],
    }
    gone = run("rates", "unset", "gbp")
    assert gone.code == 0
    assert "removed the rate for GBP" in gone.out
    assert _rates(db_path) == [("EUR", "1.09")]


def test_the_base_currency_is_set_and_then_refused_a_rate(run: Runner, db_path: Path) -> None:
    assert run("rates", "set", "GBP", "1.17").code == 0
    based = run("rates", "base", "eur")
    assert based.code == 0
    assert "base currency EUR" in based.out
    assert "1 rate now read in EUR (1 GBP = 1.17 EUR)" in based.out
    assert _base(db_path) == [("base_currency", "EUR")]
    refused = run("rates", "set", "EUR", "1")
    assert refused.code == 2
    assert refused.err == (
        "tendtui: EUR is the book's base currency: its rate is always 1 "
        "(`tendtui rates base` changes the base)\n"
    )
    assert json.loads(run("rates", "--json").out)["base_currency"] == "EUR"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("set", "GBPX", "1.2"), "bad currency 'GBPX': expected a three-letter code"),
        (("set", "G1P", "1.2"), "bad currency 'G1P'"),
        (("set", "GBP", "0"), "the rate for GBP must be more than 0 (got 0)"),
        (("set", "GBP", "1,27"), "bad rate '1,27' for GBP: expected a positive decimal"),
        (("set", "GBP", "lots"), "bad rate 'lots' for GBP"),
        (("set", "GBP", "--", "-1"), "bad rate '-1' for GBP"),
        (("set", "USD", "1"), "USD is the book's base currency"),
        (("unset", "JPY"), "JPY has no rate to unset (rates set: EUR)"),
        (("base", "EUR"), "EUR has a rate against USD: unset it first"),
        (("base", "euro"), "bad currency 'euro'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    run: Runner, db_path: Path, args: tuple[str, ...], says: str
) -> None:
    assert run("rates", "set", "EUR", "1.08").code == 0
    before = dump_tables(db_path)
    result = run("rates", *args)
    assert result.code == 2
    assert says in result.err
    assert result.err.count("\n") == 1
    assert result.out == ""
    assert dump_tables(db_path) == before


def test_totals_use_the_rates_only_once_some_are_set(run: Runner, db_path: Path) -> None:
    assert run("add", "Acme", "--arr", "400k", "--renewal", "2026-12-01").code == 0
    assert run("add", "Bolt", "--arr", "€40k", "--renewal", "2026-12-02").code == 0
    assert run("add", "Kyoto", "--arr", "¥3.2M", "--renewal", "2026-12-03").code == 0
    before = run("standup")
    assert "3 renewals in 30d (¥3.2M + $400k + €40k)" in before.out
    assert "≈" not in before.out
    assert run("rates", "base", "EUR").code == 0
    assert run("rates", "set", "USD", "0.93").code == 0
    after = run("standup")
    assert "3 renewals in 30d (≈ €412k + ¥3.2M)" in after.out
    assert "Renewals in 30 days (3, ≈ €412k + ¥3.2M ARR)" in after.out
    md = run("standup", "--format", "md")
    assert "(≈ €412k + ¥3.2M)" in md.out
    data = json.loads(run("standup", "--format", "json").out)["summary"]
    assert (data["base_currency"], data["renewals_30_in_base"]) == ("EUR", 412_000)
    summary = run("open", str(db_path))  # not a terminal: the board as text
    assert "≈ €412,000 + ¥3,200,000" in summary.out


def test_the_accounts_total_sums_in_the_base_currency_with_rates(run: Runner) -> None:
    assert run("add", "Acme", "--arr", "100000").code == 0
    assert run("add", "Lumen", "--arr", "EUR 50000").code == 0
    before = run("accounts").out.strip().splitlines()[-1]
    assert before.startswith("2 accounts · $100,000 + €50,000 ARR")
    assert run("rates", "set", "EUR", "1.10").code == 0
    after = run("accounts").out.strip().splitlines()[-1]
    assert after.startswith("2 accounts · ≈ $155,000 ARR")
