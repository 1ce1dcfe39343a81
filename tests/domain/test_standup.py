"""The standup's sections from crafted accounts, touches and events (no book needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tendtui.domain.models import Account, Event, EventKind, Touch, TouchKind
from tendtui.domain.playbook import default_playbook
from tendtui.domain.standup import build_standup

TODAY = date(2026, 11, 22)
PB = default_playbook()


def _account(name: str, phase: str, **kw: object) -> Account:
    entered = kw.pop("entered", datetime(2026, 11, 1, tzinfo=UTC))
    return Account.model_validate(
        {
            "id": name.lower(),
            "name": name,
            "phase": phase,
            "phase_entered_at": entered,
            "stint_id": f"stint-{name.lower()}",
            "created_at": entered,
            **kw,
        }
    )


def _move(account: str, src: str, dst: str, kind: EventKind, reason: str | None) -> Event:
    return Event(
        id=f"e-{account}",
        account_id=account,
        kind=kind,
        at=datetime(2026, 11, 21, 10, tzinfo=UTC),
        payload={"from": src, "to": dst, "reason": reason},
    )


def test_every_section_is_filled_from_its_source() -> None:
    accounts = [
        _account("Acme", "onboarding", last_touch_on=date(2026, 11, 1)),  # 21 days quiet
        _account("Globex", "nurturing", last_touch_on=TODAY, renewal_date=date(2026, 12, 10)),
        _account("Hooli", "at-risk", last_touch_on=TODAY, renewal_date=date(2027, 6, 1), arr=9),
        _account("Gone", "churned", last_touch_on=date(2026, 1, 1), renewal_date=TODAY),
        _account("Shelf", "nurturing", archived=True, last_touch_on=date(2026, 1, 1)),
    ]
    touch = Touch(
        id="t1",
        account_id="globex",
        kind=TouchKind.CALL,
        happened_on=TODAY,
        summary="hello",
        logged_at=datetime(2026, 11, 22, 9, tzinfo=UTC),
    )
    s = build_standup(
        PB,
        TODAY,
        date(2026, 11, 21),
        accounts=accounts,
        moves=[
            _move("hooli", "nurturing", "at-risk", EventKind.MOVED, "champion left"),
            _move("acme", "churned", "onboarding", EventKind.FORCED, "win-back deal"),
        ],
        touches=[touch],
        open_steps={
            "acme": ("send plan", date(2026, 11, 20)),
            "globex": ("call back", TODAY),
            "gone": ("exit interview", date(2026, 11, 1)),
        },
        risk_reasons={"hooli": "champion left"},
    )
    assert [(m.name, m.forced, m.reason) for m in s.moves] == [
        ("Hooli", False, "champion left"),
        ("Acme", True, "win-back deal"),
    ]
    assert [(t.name, t.summary) for t in s.touches] == [("Globex", "hello")]
    assert [x.name for x in s.overdue] == ["Acme"]  # Gone is churned: left out
    assert [x.name for x in s.due_today] == ["Globex"]
    assert [(x.name, x.days_quiet, x.cadence) for x in s.stale] == [("Acme", 21, 7)]
    assert [r.name for r in s.renewals[30]] == ["Globex"]
    assert s.renewals[60] == s.renewals[90] == []
    assert [(r.name, r.days_at_risk, r.reason) for r in s.at_risk] == [
        ("Hooli", 21, "champion left")
    ]
    assert s.flagged == ["acme", "globex", "hooli"]


def test_an_empty_book_gives_empty_sections() -> None:
    s = build_standup(
        PB, TODAY, TODAY, accounts=[], moves=[], touches=[], open_steps={}, risk_reasons={}
    )
    assert (s.moves, s.touches, s.overdue, s.due_today, s.stale, s.at_risk) == ([],) * 6
    assert s.renewals == {30: [], 60: [], 90: []}
    assert s.flagged == []


def test_renewal_buckets_and_passed_dates() -> None:
    accounts = [
        _account(f"R{days}", "renewal", renewal_date=date.fromordinal(TODAY.toordinal() + days),
                 last_touch_on=TODAY)
        for days in (-3, 0, 30, 31, 60, 61, 90, 91)
    ]  # fmt: skip
    s = build_standup(
        PB, TODAY, TODAY, accounts=accounts, moves=[], touches=[], open_steps={}, risk_reasons={}
    )
    assert {w: [r.name for r in lines] for w, lines in s.renewals.items()} == {
        30: ["R-3", "R0", "R30"],
        60: ["R31", "R60"],
        90: ["R61", "R90"],
    }
