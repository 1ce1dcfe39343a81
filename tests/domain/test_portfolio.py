"""The portfolio summary from crafted accounts: phases, health bands, weeks, renewal months."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tendtui.domain.health import Band, Health
from tendtui.domain.models import Account
from tendtui.domain.playbook import default_playbook
from tendtui.domain.portfolio import build_portfolio, monday

TODAY = date(2026, 11, 22)  # a Sunday
PB = default_playbook()
AT = datetime(2026, 11, 1, tzinfo=UTC)


def _account(n: int, phase: str, **kw: Any) -> Account:
    return Account(**
        {"id": str(n), "name": f"A{n}", "phase": phase, "phase_entered_at": AT,
         "stint_id": f"s{n}", "created_at": AT, **kw}
    )  # fmt: skip


def test_portfolio_sums_phases_health_weeks_and_renewals() -> None:
    accounts = [
        _account(1, "onboarding", arr=100, renewal_date=date(2026, 12, 5)),
        _account(2, "onboarding", arr=50, currency="EUR", renewal_date=date(2026, 12, 31)),
        _account(3, "renewal", arr=7, renewal_date=date(2027, 1, 1)),
        _account(4, "churned", arr=9, renewal_date=date(2026, 12, 6)),
        _account(5, "nurturing", arr=1, archived=True),
    ]
    bands = [Band.GREEN, Band.RED, Band.RED, Band.CLOSED, Band.GREEN]
    health = {
        a.id: Health(score=50, band=b, reasons=()) for a, b in zip(accounts, bands, strict=True)
    }
    weekly = {date(2026, 11, 16): 4, date(2026, 9, 7): 2, date(2026, 8, 24): 99}
    p = build_portfolio(PB, TODAY, accounts, health, weekly)
    assert [(ph.title, ph.count, ph.arr) for ph in p.phases[:2]] == [
        ("Onboarding", 2, {"USD": 100, "EUR": 50}),
        ("Nurturing", 0, {}),
    ]
    assert p.health == {Band.GREEN: 1, Band.AMBER: 0, Band.RED: 2}  # closed and archived out
    assert len(p.weeks) == 12
    assert p.weeks[0] == (date(2026, 8, 31), 0)  # the oldest week shown, zero-filled
    assert p.weeks[1] == (date(2026, 9, 7), 2)
    assert p.weeks[-1] == (date(2026, 11, 16), 4)
    assert sum(n for _, n in p.weeks) == 6  # a week before the window is left out
    assert [(m.month, m.count, m.arr) for m in p.renewals[:3]] == [
        (date(2026, 11, 1), 0, {}),
        (date(2026, 12, 1), 2, {"USD": 100, "EUR": 50}),  # the churned renewal is left out
        (date(2027, 1, 1), 1, {"USD": 7}),
    ]
    assert len(p.renewals) == 12
    assert monday(TODAY) == date(2026, 11, 16)


def test_renewals_ahead_are_summed_by_call_surest_first_then_no_call() -> None:
    from datetime import timedelta

    from tendtui.domain.forecast import Call, Forecast, build_radar
    from tendtui.domain.portfolio import calls_ahead

    accounts = [
        _account(1, "renewal", arr=100, renewal_date=TODAY + timedelta(days=10)),
        _account(2, "renewal", arr=50, currency="EUR", renewal_date=TODAY + timedelta(days=40)),
        _account(3, "renewal", renewal_date=TODAY - timedelta(days=3)),  # ARR unknown, overdue
        _account(4, "renewal", arr=7, renewal_date=TODAY + timedelta(days=91)),  # too far
        _account(5, "churned", arr=9, renewal_date=TODAY + timedelta(days=5)),  # closed phase
    ]

    def call(n: int, what: Call, amount: int | None) -> Forecast:
        a = accounts[n - 1]
        return Forecast(
            id=f"f{n}", account_id=a.id, call=what, amount=amount, currency=a.currency,
            renewal_date=a.renewal_date, note=None, called_at=AT,
        )  # fmt: skip

    calls = {"1": call(1, Call.AT_RISK, 80), "2": call(2, Call.COMMIT, 50)}
    totals = calls_ahead(build_radar(PB, TODAY, accounts, calls))
    assert [(t.call, t.count, t.amounts, t.unknown) for t in totals] == [
        (Call.COMMIT, 1, {"EUR": 50}, 0),
        (Call.AT_RISK, 1, {"USD": 80}, 0),  # the call's amount, not the ARR
        (None, 1, {}, 1),
    ]
    p = build_portfolio(
        PB, TODAY, accounts, {a.id: Health(50, Band.GREEN, ()) for a in accounts}, {}
    )
    assert p.calls == []  # without a radar, nothing is claimed
    assert p.pipeline is None
