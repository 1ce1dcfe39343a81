"""The standup, read from a book: a handful of set-based queries, then the pure builder.

Every query reads the whole book (or a time window of it) in one statement; nothing runs per
account, so 10,000 accounts take a fraction of a second (benchmarks/bench_standup.py).
"""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime, time

from tendtui.domain.standup import WEEK_DAYS, Standup, build_standup
from tendtui.services import BookService


def standup_report(service: BookService, since: date, *, owner: str | None = None) -> Standup:
    """The standup for the service's today, listing moves and touches since `since`.

    `since` is a local date: moves count from its local midnight, touches from that day.
    `owner`: only the accounts whose owner holds it, case and accents aside.
    """
    gc.disable()  # tens of thousands of models, all kept: GC passes would only rescan them
    try:
        return _standup(service, since, owner)
    finally:
        gc.enable()


def _standup(service: BookService, since: date, owner: str | None) -> Standup:
    playbook = service.playbook
    # Archived accounts too: their moves and touches are still named; the builder leaves
    # them out of the other sections.
    accounts = service.accounts(include_archived=True)
    start = datetime.combine(since, time(0)).astimezone().astimezone(UTC)
    at_risk = [a for a in accounts if not a.archived and playbook.phase(a.phase).at_risk]
    reasons = service.move_reasons([a.stint_id for a in at_risk])
    return build_standup(
        playbook,
        service.today(),
        since,
        accounts=accounts,
        moves=service.moves_since(start),
        touches=service.touches_since(since),
        # Every open task due within the week (overdue ones included), in one query; the
        # builder keeps those of the owner's accounts.
        tasks=[item.task for item in service.agenda(days=WEEK_DAYS)],
        risk_reasons={a.id: reasons.get(a.stint_id) for a in at_risk},
        owner=owner,
        rates=service.rates(),
        calls=service.current_forecasts(),
        people=service.all_contacts(),
    )
