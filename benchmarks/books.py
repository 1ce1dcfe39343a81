"""Benchmark books: N accounts spread over every phase, 20 touches each, built in bulk.

Built through `store.bulk.record_many`, so the rows and events are the ones the app itself
writes; a 100,000-account book (2.1 million events) takes about a minute to build. Books are
cached in benchmarks/.cache by size and date.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from tendtui.domain.events import (
    Created,
    CreatedPayload,
    Event,
    NewAccount,
    Touched,
    TouchedPayload,
    TouchRecord,
)
from tendtui.domain.kinds import Sentiment, TouchKind
from tendtui.store.book import Book

CACHE = Path(__file__).parent / ".cache"
KINDS = list(TouchKind)
SENTIMENTS = [None, None, Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def build_book(path: Path, accounts: int, today: date, touches_each: int = 20) -> Path:
    """Create the book at `path` (replacing it) with `accounts` accounts."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(accounts)
    book = Book.open(path)
    phases = book.playbook.keys
    start = datetime.combine(today - timedelta(days=120), time(9), tzinfo=UTC)
    try:
        with book.transaction():
            created: list[Event] = []
            touched: list[Event] = []
            for n in range(accounts):
                account_id = _uuid(rng)
                phase = phases[n % len(phases)]
                renewal = today + timedelta(days=rng.randint(-10, 400))
                account = NewAccount(
                    name=f"Account {n:06d}",
                    arr=rng.randint(5, 900) * 1000,
                    currency="USD",
                    renewal_date=renewal,
                    owner=f"CSM {n % 7}",
                    segment=("SMB", "Mid-Market", "Enterprise")[n % 3],
                    external_id=f"CRM-{n}",
                    phase=phase,
                )
                created.append(
                    Created(
                        id=_uuid(rng),
                        account_id=account_id,
                        at=start + timedelta(minutes=n % 10_000),
                        payload=CreatedPayload(account=account),
                    )
                )
                for k in range(touches_each):
                    when = today - timedelta(days=rng.randint(0, 90))
                    sentiment = rng.choice(SENTIMENTS)
                    logged = datetime.combine(when, time(12), tzinfo=UTC)
                    touch = TouchRecord(
                        id=_uuid(rng),
                        account_id=account_id,
                        kind=KINDS[(n + k) % len(KINDS)],
                        happened_on=when,
                        summary=f"touch {k} with account {n}",
                        sentiment=sentiment,
                        logged_at=logged,
                    )
                    touched.append(
                        Touched(
                            id=_uuid(rng),
                            account_id=account_id,
                            at=logged,
                            payload=TouchedPayload(touch=touch),
                        )
                    )
            book.record_many(created)
            book.record_many(touched)
        book.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        book.close()
    return path


def cached_book(accounts: int, today: date) -> Path:
    """The benchmark book of this size for this date, built once."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"book-{accounts}-{today.isoformat()}.db"
    if not path.exists():
        build_book(path, accounts, today)
    return path
