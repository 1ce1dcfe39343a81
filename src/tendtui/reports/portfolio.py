"""The portfolio, read from a book."""

from __future__ import annotations

from datetime import timedelta

from tendtui.domain.portfolio import WEEKS, Portfolio, build_portfolio, monday
from tendtui.services import BookService


def portfolio_report(service: BookService) -> Portfolio:
    """Accounts and ARR per phase, health, touches per week, renewals per month, the next
    90 days' renewals by forecast call, and the expansion pipeline."""
    today = service.today()
    accounts = service.accounts()
    weekly = service.touches_per_week(monday(today) - timedelta(weeks=WEEKS - 1))
    return build_portfolio(
        service.playbook,
        today,
        accounts,
        service.health(accounts),
        weekly,
        service.rates(),
        radar=service.renewal_radar(),
        pipeline=service.pipeline(),
    )
