"""The sample book's revenue: forecast calls on coming renewals, and an expansion ledger.

Planned as actions of the last weeks before `today` and replayed with every account's story,
each one looks at the account as the replay has made it by then (its phase, its renewal
date) and decides from a draw made when it was planned, so the same seed gives the same book.
Some renewals inside 90 days are left without a call, so the standup and the portfolio show
the flag a real book would.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from tendtui.demo.story import AccountStory, Action
from tendtui.domain.forecast import HORIZON_DAYS, Call
from tendtui.domain.opportunities import OpportunityKind, Stage
from tendtui.services import BookService

UPSELLS = ("Ten more seats", "Second business unit", "Premium support tier", "API volume tier")
CROSS_SELLS = ("Analytics add-on", "Mobile field app", "Sandbox environments")
NOTES = {
    Call.COMMIT: "Verbal yes from the sponsor; paperwork with procurement",
    Call.LIKELY: "Usage healthy; pricing still to agree",
    Call.AT_RISK: "Budget review under way; they are looking at alternatives",
    Call.CHURN: "Told us they will not renew",
}
OPEN_PHASES = ("realization", "renewal", "nurturing")
"""Phases where the sample opens opportunities."""


def plan_revenue(
    service: BookService,
    stories: Sequence[AccountStory],
    today: date,
    rng: random.Random,
    at: Callable[[date, int], datetime],
) -> list[tuple[datetime, Action]]:
    """The revenue actions of every account, each with its moment (`at(day, minute)`)."""
    out: list[tuple[datetime, Action]] = []
    for story in stories:
        call_day = today - timedelta(days=1 + rng.randrange(10))
        out.append((at(call_day, rng.randrange(480)), _call(service, story, today, rng.random())))
        opened = today - timedelta(days=20 + rng.randrange(30))
        draw, pick = rng.random(), rng.randrange(100)
        out.append((at(opened, rng.randrange(480)), _open(service, story, today, draw, pick)))
        closed = today - timedelta(days=2 + rng.randrange(15))
        out.append((at(closed, rng.randrange(480)), _close(service, story, draw)))
    return out


def _live(service: BookService, story: AccountStory) -> tuple[str, str, date | None] | None:
    """The account's id, phase and renewal date now, or None when it is gone or closed."""
    account = service.account(story.account_id) if story.account_id else None
    if account is None or account.archived or service.playbook.phase(account.phase).closed:
        return None
    return account.id, account.phase, account.renewal_date


def _call(service: BookService, story: AccountStory, today: date, draw: float) -> Action:
    def call() -> None:
        live = _live(service, story)
        if live is None or live[2] is None or (live[2] - today).days > HORIZON_DAYS:
            return
        account_id, phase, _ = live
        if draw > 0.75:
            return  # left for the CSM to call: the flag
        if phase == "at-risk":
            made = Call.CHURN if draw < 0.2 else Call.AT_RISK
        elif phase == "renewal":
            made = Call.COMMIT if draw < 0.45 else Call.LIKELY
        else:
            made = Call.LIKELY if draw < 0.6 else Call.COMMIT
        service.call_forecast(account_id, made, note=NOTES[made])

    return call


def _open(service: BookService, story: AccountStory, today: date, draw: float, pick: int) -> Action:
    def open_one() -> None:
        live = _live(service, story)
        if live is None or live[1] not in OPEN_PHASES or draw > 0.55:
            return
        account = service.account(live[0])
        assert account is not None
        base = account.arr or 20_000
        if draw < 0.4:
            title, kind = UPSELLS[pick % len(UPSELLS)], OpportunityKind.UPSELL
        else:
            title, kind = CROSS_SELLS[pick % len(CROSS_SELLS)], OpportunityKind.CROSS_SELL
        stage = (Stage.IDENTIFIED, Stage.PROPOSED, Stage.COMMITTED)[pick % 3]
        amount = max(1_000, int(round(base * (0.1 + (pick % 20) / 100), -3)))
        service.open_opportunity(
            account.id,
            title,
            amount,
            kind=kind,
            stage=stage,
            close_date=today + timedelta(days=15 + pick),
        )

    return open_one


def _close(service: BookService, story: AccountStory, draw: float) -> Action:
    """A few of them close: some won (the ARR rises), one or two lost with a reason."""

    def close() -> None:
        if not story.account_id or not 0.1 <= draw < 0.25:
            return
        for opportunity in service.opportunities(story.account_id):
            if not opportunity.is_open:
                continue
            if draw < 0.2:
                service.win_opportunity(
                    story.account_id, opportunity.id, note="Signed the order form"
                )
            else:
                service.lose_opportunity(
                    story.account_id, opportunity.id, note="No budget until next fiscal year"
                )

    return close
