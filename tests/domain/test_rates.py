"""Exchange rates: reading a rate, converting totals, and the totals each screen writes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tendtui.display import arr_total
from tendtui.domain.errors import InvalidInput
from tendtui.domain.health import Band, Health
from tendtui.domain.models import Account
from tendtui.domain.playbook import default_playbook
from tendtui.domain.portfolio import build_portfolio
from tendtui.domain.rates import (
    RateRow,
    Rates,
    checked_rate,
    parse_rate,
    rate_problems,
    rates_from_rows,
)
from tendtui.domain.standup import build_standup
from tendtui.domain.time import ts
from tendtui.reports.standup_render import render, render_json, summary_line

AT = datetime(2026, 11, 1, tzinfo=UTC)
TODAY = date(2026, 11, 22)
PB = default_playbook()
SET = "2026-11-22T15:00:00.000000Z"
EUR_BASE = Rates("EUR", {"USD": Decimal("0.92"), "GBP": Decimal("1.17")})


@pytest.mark.parametrize(
    ("text", "rate"),
    [("1.27", "1.27"), (" 0.0067 ", "0.0067"), ("150", "150"), (".5", "0.5"), ("1.2700", "1.27")],
)
def test_a_rate_is_a_positive_decimal(text: str, rate: str) -> None:
    assert parse_rate(text) == Decimal(rate)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("0", "more than 0"),
        ("0.000", "more than 0"),
        ("-1.2", "positive decimal"),
        ("1,27", "with a point"),
        ("1e3", "positive decimal"),
        ("NaN", "positive decimal"),
        ("", "positive decimal"),
        ("1.2.3", "positive decimal"),
        ("2000000000", "too large"),
        ("0.0000000000001", "more than 12 decimals"),
    ],
)
def test_a_bad_rate_is_refused_in_one_line(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says) as caught:
        parse_rate(text, currency="GBP")
    assert "\n" not in caught.value.message


def test_the_base_currency_has_no_rate_of_its_own() -> None:
    with pytest.raises(InvalidInput, match="USD is the book's base currency"):
        checked_rate("usd", "1", AT, "USD")
    assert checked_rate("gbp", "1.270", AT, "USD") == RateRow("GBP", "1.27", ts(AT))


def test_converting_sums_what_has_a_rate_and_keeps_the_rest_apart() -> None:
    converted = EUR_BASE.convert({"USD": 100_000, "EUR": 50_000, "JPY": 3_200_000, "GBP": 10})
    assert converted.base == "EUR"
    assert converted.amount == 92_000 + 50_000 + 12  # 11.7 rounds half up, once, at the end
    assert converted.approximate
    assert converted.apart == {"JPY": 3_200_000}


def test_amounts_already_in_the_base_are_exact_not_approximate() -> None:
    converted = EUR_BASE.convert({"EUR": 5})
    assert (converted.amount, converted.approximate) == (5, False)
    assert EUR_BASE.convert({"JPY": 5}).amount is None


@given(st.dictionaries(st.sampled_from(["USD", "EUR", "GBP", "JPY"]), st.integers(0, 10**12)))
def test_a_total_in_the_base_never_loses_a_currency(amounts: dict[str, int]) -> None:
    converted = EUR_BASE.convert(amounts)
    assert set(converted.apart) == ({"JPY"} & set(amounts))
    expected = sum(
        (Decimal(v) * (EUR_BASE.rate(c) or Decimal(0)) for c, v in amounts.items()), Decimal(0)
    )
    if converted.amount is not None:
        assert abs(converted.amount - expected) <= Decimal("0.5")


def test_without_rates_totals_stay_by_currency() -> None:
    pairs = [(100_000, "USD"), (50_000, "EUR"), (None, "USD")]
    assert arr_total(pairs) == "$100k + €50k + 1 unknown"
    assert arr_total(pairs, rates=Rates()) == "$100k + €50k + 1 unknown"
    assert arr_total(pairs, rates=Rates("EUR")) == "$100k + €50k + 1 unknown"


def test_with_rates_a_total_is_one_sum_marked_approximate() -> None:
    pairs = [(400_000, "USD"), (44_000, "EUR"), (3_200_000, "JPY"), (None, "EUR")]
    assert arr_total(pairs, rates=EUR_BASE) == "≈ €412k + ¥3.2M + 1 unknown"
    assert arr_total(pairs, short=False, rates=EUR_BASE) == ("≈ €412,000 + ¥3,200,000 + 1 unknown")
    assert arr_total([(9, "EUR")], rates=EUR_BASE) == "€9"  # nothing converted: exact
    assert arr_total([], rates=EUR_BASE) == "€0"


def test_rows_another_tool_damaged_are_left_out_and_named() -> None:
    rows = [
        RateRow("GBP", "1.27", SET),
        RateRow("XX", "2", SET),
        RateRow("JPY", "-0.0067", SET),
        RateRow("USD", "1", SET),
        RateRow("CHF", "1.1", "yesterday"),
    ]
    rates = rates_from_rows(None, rows)
    assert rates == Rates("USD", {"GBP": Decimal("1.27"), "CHF": Decimal("1.1")})
    problems = rate_problems(None, rows)
    assert [p.split(":")[0] for p in problems] == [
        "rates row 'XX'",
        "rates row 'JPY'",
        "rates row 'USD'",
        "rates row 'CHF'",
    ]
    assert rate_problems("EURO", []) == [
        "settings.base_currency: bad currency 'EURO': expected a three-letter code such as "
        "USD or EUR"
    ]


def _account(n: int, phase: str, arr: int | None, currency: str, **kw: Any) -> Account:
    return Account(**
        {"id": str(n), "name": f"A{n}", "phase": phase, "phase_entered_at": AT,
         "stint_id": f"s{n}", "created_at": AT, "arr": arr, "currency": currency, **kw}
    )  # fmt: skip


ACCOUNTS = [
    _account(1, "onboarding", 100_000, "USD", renewal_date=date(2026, 12, 1)),
    _account(2, "onboarding", 50_000, "EUR", renewal_date=date(2026, 12, 2)),
    _account(3, "at-risk", 3_200_000, "JPY", renewal_date=date(2026, 12, 3)),
    _account(4, "at-risk", None, "GBP"),
]


def test_the_portfolio_keeps_the_breakdown_beside_the_sum() -> None:
    health = {a.id: Health(score=50, band=Band.GREEN, reasons=()) for a in ACCOUNTS}
    p = build_portfolio(PB, TODAY, ACCOUNTS, health, {}, EUR_BASE)
    assert p.by_currency == {"JPY": 3_200_000, "USD": 100_000, "EUR": 50_000}
    assert p.unknown == 1
    assert [(c.currency, c.rate, c.in_base) for c in p.currencies()] == [
        ("JPY", None, None),
        ("USD", Decimal("0.92"), 92_000),
        ("EUR", Decimal(1), 50_000),
    ]
    onboarding = p.phases[0]
    assert arr_total([(v, c) for c, v in onboarding.arr.items()], rates=p.rates) == "≈ €142k"


def _standup(rates: Rates | None) -> str:
    s = build_standup(
        PB, TODAY, TODAY, accounts=ACCOUNTS, moves=[], touches=[], tasks=[], risk_reasons={},
        rates=rates,
    )  # fmt: skip
    return "\n".join([summary_line(s), render(s, "md"), render(s, "slack", full=True)])


def test_the_standup_sums_in_the_base_currency_with_rates_only() -> None:
    without = _standup(None)
    assert "3 renewals in 30d (¥3.2M + $100k + €50k)" in without
    assert "≈" not in without
    with_rates = _standup(EUR_BASE)
    assert "3 renewals in 30d (≈ €142k + ¥3.2M)" in with_rates
    assert "2 at risk (¥3.2M + 1 unknown)" in with_rates  # no rate for yen: kept apart
    assert "Renewals in 30 days (3, ≈ €142k + ¥3.2M ARR)" in with_rates  # md title
    assert "*Renewals in 0-30 days (3, ≈ €142k + ¥3.2M ARR)*" in with_rates  # slack title


def test_the_standup_json_names_the_sums_in_the_base() -> None:
    s = build_standup(
        PB, TODAY, TODAY, accounts=ACCOUNTS, moves=[], touches=[], tasks=[], risk_reasons={},
        rates=EUR_BASE,
    )  # fmt: skip
    summary = render_json(s)["summary"]
    assert summary["base_currency"] == "EUR"
    assert summary["renewals_30_in_base"] == 142_000
    assert summary["renewals_30_arr"] == {"JPY": 3_200_000, "USD": 100_000, "EUR": 50_000}
    assert summary["at_risk_in_base"] == 0
    plain = render_json(
        build_standup(
            PB, TODAY, TODAY, accounts=ACCOUNTS, moves=[], touches=[], tasks=[], risk_reasons={}
        )
    )["summary"]
    assert (plain["base_currency"], plain["renewals_30_in_base"]) == (None, None)
