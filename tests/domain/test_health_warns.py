"""Health that warns: crafted accounts pinned to exact scores, bands and reasons.

Each case is a row of docs/health.md's table; change both together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tendtui.domain.contacts import ContactView
from tendtui.domain.health import Band, Signals, assess
from tendtui.domain.models import Account
from tendtui.domain.playbook import Playbook, default_playbook

TODAY = date(2026, 11, 22)
PB = default_playbook()


def _ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def _account(phase: str, entered_days_ago: int, **kw: Any) -> Account:
    d = _ago(entered_days_ago)
    at = datetime(d.year, d.month, d.day, 12, tzinfo=UTC)
    return Account(**
        {"id": "a", "name": "Acme", "phase": phase, "phase_entered_at": at,
         "stint_id": "s", "created_at": at, **kw}
    )  # fmt: skip


def _person(
    name: str, role: str, *, left: int | None = None, touched: int | None = None
) -> ContactView:
    """A contact added 60 days ago; `left`, `touched`: days ago."""
    return ContactView(
        id=name.lower().replace(" ", "-"),
        account_id="a",
        name=name,
        role=role,
        title="",
        email="",
        phone="",
        notes="",
        left_on=None if left is None else _ago(left),
        last_touch_on=None if touched is None else _ago(touched),
        added_on=_ago(60),
    )


@dataclass(frozen=True)
class Case:
    account: Account
    score: int
    band: Band
    reasons: tuple[str, ...]
    signals: Signals = field(default_factory=Signals)
    days_late: int = 0


RENEWAL_ITEMS = "renewal date confirmed, renewal proposal sent, upsell offered, renewal signed"

CASES = {
    # Added 3 days ago, nothing logged yet: within the 7-day cadence, nothing behind pace.
    "fresh-within-cadence": Case(_account("onboarding", 3), 100, Band.GREEN, ()),
    # 12 days in Onboarding, never touched: 5 days past cadence is only 10 points of
    # staleness, but unknown is not healthy: held at green_from - 1.
    "never-touched-past-cadence": Case(
        _account("onboarding", 12, ticked=frozenset({"kickoff-held"})),
        69,
        Band.AMBER,
        ("never touched for 12 days (cadence 7)",),
        days_late=5,
    ),
    # The same account with a renewal in 19 days: red, and the renewal reason names what
    # can be done from Onboarding instead of the Renewal phase's checklist.
    "never-touched-renewal-in-onboarding": Case(
        _account(
            "onboarding",
            12,
            ticked=frozenset({"kickoff-held"}),
            renewal_date=TODAY + timedelta(days=19),
        ),
        39,
        Band.RED,
        ("never touched for 12 days (cadence 7)", "renewal in 19 days and still in Onboarding"),
        days_late=5,
    ),
    # Never touched but within cadence: the near renewal alone makes it red.
    "never-touched-within-cadence-renewal-near": Case(
        _account("renewal", 3, renewal_date=TODAY + timedelta(days=19)),
        39,
        Band.RED,
        (
            "never touched, with a renewal in 19 days",
            f"renewal in 19 days; not done: {RENEWAL_ITEMS}",
        ),
    ),
    # Never touched within cadence with every renewal item done: nothing to warn about.
    "never-touched-renewal-work-done": Case(
        _account(
            "renewal",
            3,
            renewal_date=TODAY + timedelta(days=19),
            ticked=frozenset(
                {
                    "renewal-date-confirmed",
                    "renewal-proposal-sent",
                    "upsell-offered",
                    "renewal-signed",
                }
            ),
        ),
        100,
        Band.GREEN,
        (),
    ),
    # In the renewal phase, touched: the undone renewal items are listed (3 x 6 points).
    "renewal-phase-items-undone": Case(
        _account(
            "renewal",
            5,
            last_touch_on=_ago(2),
            renewal_date=TODAY + timedelta(days=19),
            ticked=frozenset({"renewal-date-confirmed"}),
        ),
        82,
        Band.GREEN,
        ("renewal in 19 days; not done: renewal proposal sent, upsell offered, renewal signed",),
    ),
    # An open next step 12 days past due: 8 points; within cadence, so not late.
    "overdue-task": Case(
        _account("nurturing", 10, last_touch_on=_ago(3), ticked=frozenset({"success-plan-agreed"})),
        92,
        Band.GREEN,
        ("next step 'Send plan' 12 days overdue",),
        signals=Signals(overdue=(("Send plan", _ago(12)),)),
    ),
    # The champion left 12 days ago and nobody new holds the role: 25 points.
    "champion-left": Case(
        _account("nurturing", 10, last_touch_on=_ago(2), ticked=frozenset({"success-plan-agreed"})),
        75,
        Band.GREEN,
        ("champion Ana Ruiz left 12 days ago; no new champion",),
        signals=Signals(
            people=(
                _person("Ana Ruiz", "champion", left=12),
                _person("Bo Li", "sponsor", touched=2),
            )
        ),
    ),
    # At risk with nobody in the book for the account at all: no champion from Nurturing on.
    "no-champion-at-risk": Case(
        _account("at-risk", 10, last_touch_on=_ago(1), ticked=frozenset({"root-cause-identified"})),
        55,
        Band.AMBER,
        ("at risk for 10 days", "no champion (expected from Nurturing on)"),
        signals=Signals(people=()),
    ),
    # The sponsor took part in no touch for 95 days (touches with others do not count).
    "sponsor-untouched": Case(
        _account("nurturing", 10, last_touch_on=_ago(2), ticked=frozenset({"success-plan-agreed"})),
        90,
        Band.GREEN,
        ("executive sponsor Bo Li: last touch 95 days ago",),
        signals=Signals(
            people=(
                _person("Ana Ruiz", "champion", touched=2),
                _person("Bo Li", "sponsor", touched=95),
            )
        ),
    ),
    # Touched two days ago, on pace, no renewal near.
    "touched-recently-healthy": Case(
        _account("nurturing", 10, last_touch_on=_ago(2), ticked=frozenset({"success-plan-agreed"})),
        100,
        Band.GREEN,
        (),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_crafted_accounts(case: Case) -> None:
    h = assess(PB, case.account, case.signals, TODAY)
    assert (h.score, h.band, h.reasons) == (case.score, case.band, case.reasons)
    assert h.days_late == case.days_late


def test_the_docs_table_matches_the_cases() -> None:
    """docs/health.md shows these cases; its numbers must be the ones pinned here."""
    doc = Path(__file__).parents[2] / "docs" / "health.md"
    table = doc.read_text(encoding="utf-8").split("## Crafted cases", 1)[1]
    rows = {}
    for line in table.splitlines():
        if line.startswith("| `"):
            name, _inputs, score, band, first = (c.strip() for c in line.strip("|").split("|"))
            rows[name.strip("`")] = (int(score), band, first)
    assert rows == {
        name: (c.score, c.band.value, c.reasons[0] if c.reasons else "(none)")
        for name, c in CASES.items()
    }


def _with(**weights: Any) -> Playbook:
    return PB.model_copy(update={"health": PB.health.model_copy(update=weights)})


def test_the_never_touched_caps_follow_the_playbook_bands() -> None:
    a = CASES["never-touched-past-cadence"].account
    assert assess(_with(green_from=80), a, Signals(), TODAY).score == 79
    red = CASES["never-touched-renewal-in-onboarding"].account
    assert assess(_with(amber_from=50), red, Signals(), TODAY).score == 49


def test_the_never_touched_renewal_window_is_a_playbook_weight() -> None:
    assert PB.health.never_touched_renewal_days == 30  # read from the default playbook file
    a = CASES["never-touched-within-cadence-renewal-near"].account
    h = assess(_with(never_touched_renewal_days=14), a, Signals(), TODAY)
    assert (h.score, h.band) == (76, Band.GREEN)  # only the 4 undone renewal items remain


def test_a_touched_account_is_not_capped() -> None:
    """The caps are for the unknown: the same renewal on a touched account stays green."""
    a = _account(
        "onboarding",
        12,
        last_touch_on=_ago(1),
        ticked=frozenset({"kickoff-held"}),
        renewal_date=TODAY + timedelta(days=19),
    )
    h = assess(PB, a, Signals(), TODAY)
    assert (h.score, h.band, h.reasons) == (
        76,
        Band.GREEN,
        ("renewal in 19 days and still in Onboarding",),
    )


def test_every_point_lost_has_its_reason_when_a_cap_binds() -> None:
    """The never-touched penalty takes the points the cap needs beyond the others."""
    a = _account("onboarding", 12)  # nothing ticked: 1 item behind pace, 5 points
    h = assess(PB, a, Signals(), TODAY)
    assert (h.score, h.reasons) == (
        69,
        (
            "never touched for 12 days (cadence 7)",
            "checklist behind pace: 0/5 after 12 days (expected 1)",
        ),
    )
