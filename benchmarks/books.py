"""Benchmark books: N accounts spread over every phase, 20 touches each, built in bulk.

Built through `store.bulk.record_many`, so the rows and events are the ones the app itself
writes; a 100,000-account book (2.1 million events) takes about a minute to build. Books are
cached in benchmarks/.cache by size, date and schema version (`cache_path`): a book cached by
an older tendtui would otherwise be migrated inside the first timed start.

`daily_book` is the daily loop's book (issue 11): three touches per account and a to-do list
(`add_tasks`: open tasks on a share of the accounts, some overdue, and done ones).

`people_book` is `cached_book` with three contacts and one open opportunity per account
(issue 13: `add_people`), to show what people and revenue cost the board.
"""

from __future__ import annotations

import random
import shutil
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from tendtui.domain.events import (
    ContactAdded,
    ContactAddedPayload,
    Created,
    CreatedPayload,
    Event,
    NewAccount,
    OpportunityOpened,
    OpportunityOpenedPayload,
    OpportunityRecord,
    TaskAdded,
    TaskAddedPayload,
    TaskDone,
    TaskDonePayload,
    TaskRecord,
    Touched,
    TouchedPayload,
    TouchRecord,
    payload_json,
)
from tendtui.domain.kinds import Sentiment, TouchKind
from tendtui.domain.opportunities import OpportunityKind, Stage
from tendtui.domain.time import day, ts
from tendtui.store.book import Book
from tendtui.store.schema import SCHEMA_VERSION

CACHE = Path(__file__).parent / ".cache"


def cache_path(kind: str, size: int, today: date) -> Path:
    """Where a benchmark book of `kind` and `size` is cached, for this schema version."""
    return CACHE / f"{kind}-{size}-{today.isoformat()}-schema{SCHEMA_VERSION}.db"


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
    book.conn.execute("PRAGMA cache_size=-262144")  # 256 MB: random ids thrash a small cache
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
    path = cache_path("book", accounts, today)
    if not path.exists():
        build_book(path, accounts, today)
    return path


TASK_TEXTS = (
    "Send the renewal quote",
    "Book the QBR with their team",
    "Chase the signed order form",
    "Follow up on onboarding progress",
    "Share the pricing sheet",
    "Check the usage report before the call",
    "Introduce the new champion to support",
    "Prepare the success plan",
    "Confirm the training dates",
    "Review open support tickets",
    "Call Zoë Müller about the Zürich rollout",
    "Envoyer le devis à François pour la réunion",
)
"""Task texts, drawn in turn; two carry accents, so a folded query (`zurich`, `Zürich`) has
something to find in one document in six."""

RARE_WORD = "notarised"
"""In one task in 5,000 ("Get the contract notarised"): a rare word for search."""


def add_tasks(path: Path, today: date) -> int:
    """Add a to-do list to the book at `path`, as the app records it (task-added and
    task-done events): 40 % of the accounts get open tasks (one, or two for a third of them;
    one in eight undated, the rest due from three weeks ago to a month ahead, so about 4 in
    10 dated ones are overdue), and half of the accounts a task done in the last month.
    Returns how many tasks were added."""
    book = Book.open(path, create=False)
    book.conn.execute("PRAGMA cache_size=-262144")
    ids = [r[0] for r in book.conn.execute("SELECT id FROM accounts ORDER BY name_key")]
    rng = random.Random(len(ids) + 11)
    added: list[Event] = []
    done: list[Event] = []
    cutoff = datetime.combine(today, time(9), tzinfo=UTC)  # nothing done after this morning
    count = 0

    def task(account_id: str, due: date | None, made: datetime) -> TaskAdded:
        nonlocal count
        count += 1
        text = (
            f"Get the contract {RARE_WORD}"
            if count % 5_000 == 0
            else TASK_TEXTS[count % len(TASK_TEXTS)]
        )
        record = TaskRecord(id=_uuid(rng), text=text, due=due)
        return TaskAdded(
            id=_uuid(rng),
            account_id=account_id,
            at=made,
            payload=TaskAddedPayload(task=record),
        )

    try:
        with book.transaction():
            for account_id in ids:
                made = datetime.combine(
                    today - timedelta(days=rng.randint(1, 60)), time(13), tzinfo=UTC
                )
                if rng.random() < 0.4:
                    for _ in range(2 if rng.random() < 1 / 3 else 1):
                        due = (
                            None
                            if rng.random() < 1 / 8
                            else today + timedelta(days=rng.randint(-21, 30))
                        )
                        added.append(task(account_id, due, made))
                if rng.random() < 0.5:
                    finished = task(account_id, today - timedelta(days=rng.randint(0, 30)), made)
                    added.append(finished)
                    done.append(
                        TaskDone(
                            id=_uuid(rng),
                            account_id=account_id,
                            at=min(made + timedelta(days=rng.randint(0, 30)), cutoff),
                            payload=TaskDonePayload(
                                task_id=finished.payload.task.id,
                                note="done",
                                text=finished.payload.task.text,
                            ),
                        )
                    )
            book.record_many(added)
            book.record_many(done)
        book.checkpoint()
    finally:
        book.close()
    return count


def daily_book(accounts: int, today: date) -> Path:
    """The daily loop's book of this size for this date (three touches per account, and
    tasks), built once into the cache."""
    CACHE.mkdir(exist_ok=True)
    path = cache_path("daily", accounts, today)
    if not path.exists():
        scratch = path.with_suffix(".tmp")
        build_book(scratch, accounts, today, touches_each=3)
        add_tasks(scratch, today)
        scratch.rename(path)
    return path


def build_log_heavy_book(path: Path, events: int, today: date, accounts: int = 2_000) -> Path:
    """A book whose log holds `events` events: `accounts` accounts, then touches spread over
    them, written fast for merge tests and benchmarks.

    The accounts are typed `created` events recorded as the app records them. The touches'
    rows are made from one typed template (the payload JSON the app writes, ids and dates
    swapped in), which is fifty times faster than a model per touch and stores the same text.
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(events)
    start = datetime.combine(today - timedelta(days=120), time(9), tzinfo=UTC)
    with Book.open(path) as book:
        created = [
            Created(
                id=_uuid(rng),
                account_id=_uuid(rng),
                at=start + timedelta(seconds=n),
                payload=CreatedPayload(
                    account=NewAccount(name=f"Account {n:06d}", arr=1000 * n, phase="nurturing")
                ),
            )
            for n in range(accounts)
        ]
        template = TouchRecord(
            id="TOUCH",
            account_id="ACCOUNT",
            kind=TouchKind.CALL,
            happened_on=today,
            summary="SUMMARY",
            logged_at=start,
        )
        text = payload_json(
            Touched(id="E", account_id="ACCOUNT", at=start, payload=TouchedPayload(touch=template))
        )
        event_rows, touch_rows = [], []
        for n in range(events - accounts):
            account = created[n % accounts].account_id
            touch_id, event_id = _uuid(rng), _uuid(rng)
            on = day(today - timedelta(days=n % 90))
            logged = ts(start + timedelta(days=1, seconds=n))
            payload = (
                text.replace("TOUCH", touch_id)
                .replace("ACCOUNT", account)
                .replace("SUMMARY", f"touch {n}")
                .replace(day(today) or "", on or "")
                .replace(ts(start), logged)
            )
            event_rows.append((event_id, account, "touched", payload, logged))
            touch_rows.append(
                (touch_id, account, "call", on, f"touch {n}", None, None, None, logged)
            )
        book.conn.execute("PRAGMA cache_size=-262144")  # 256 MB: random ids thrash a small cache
        with book.transaction():
            book.record_many(created)
            book.conn.executemany(
                "INSERT INTO events (id, account_id, kind, payload, at) VALUES (?, ?, ?, ?, ?)",
                event_rows,
            )
            book.conn.executemany(
                "INSERT INTO touches (id, account_id, kind, happened_on, summary, sentiment,"
                " next_step, next_step_due, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                touch_rows,
            )
        book.checkpoint()
    return path


OPPORTUNITY_TITLES = ("More seats", "Premium support", "API volume tier", "Analytics add-on")


def _opportunities(rng: random.Random, ids: list[str], at: datetime) -> list[Event]:
    """One open opportunity per account, as `tendtui opportunity add` records it."""
    stages = (Stage.IDENTIFIED, Stage.PROPOSED, Stage.COMMITTED)
    return [
        OpportunityOpened(
            id=_uuid(rng),
            account_id=account_id,
            at=at,
            payload=OpportunityOpenedPayload(
                opportunity=OpportunityRecord(
                    id=_uuid(rng),
                    title=OPPORTUNITY_TITLES[n % len(OPPORTUNITY_TITLES)],
                    kind=OpportunityKind.UPSELL if n % 3 else OpportunityKind.CROSS_SELL,
                    amount=rng.randint(1, 50) * 1000,
                    currency="USD",
                    stage=stages[n % 3],
                )
            ),
        )
        for n, account_id in enumerate(ids)
    ]


FIRST_NAMES = ("Ana", "Ruth", "Cody", "Omar", "Zoë", "François", "Priya", "Jonas", "Mei", "Lars")
LAST_NAMES = ("Ruiz", "Okafor", "Brandt", "Haddad", "Müller", "Dubois", "Raman", "Berg", "Chen")
ROLES = ("champion", "sponsor", "user")


def _contacts(rng: random.Random, ids: list[str], at: datetime) -> list[Event]:
    """Three people per account (a champion, a sponsor and a user), as `tendtui contact add`
    records them."""
    events: list[Event] = []
    for n, account_id in enumerate(ids):
        for k, role in enumerate(ROLES):
            first = FIRST_NAMES[(n + k) % len(FIRST_NAMES)]
            last = LAST_NAMES[(n * 3 + k) % len(LAST_NAMES)]
            events.append(
                ContactAdded(
                    id=_uuid(rng),
                    account_id=account_id,
                    at=at,
                    payload=ContactAddedPayload(
                        contact_id=_uuid(rng),
                        account_id=account_id,
                        name=f"{first} {last}",
                        role=role,
                        title=("VP Operations", "CFO", "Analyst")[k],
                        email=f"{first.lower()}.{last.lower()}.{n}@example.com",
                    ),
                )
            )
    return events


def add_people(path: Path, today: date) -> None:
    """Give every account of the book at `path` three contacts and one open opportunity."""
    book = Book.open(path, create=False)
    book.conn.execute("PRAGMA cache_size=-262144")
    ids = [r[0] for r in book.conn.execute("SELECT id FROM accounts ORDER BY name_key")]
    rng = random.Random(len(ids) + 13)
    at = datetime.combine(today - timedelta(days=30), time(10), tzinfo=UTC)
    try:
        with book.transaction():
            book.record_many(_contacts(rng, ids, at))
            book.record_many(_opportunities(rng, ids, at + timedelta(hours=1)))
        book.checkpoint()
    finally:
        book.close()


def people_book(accounts: int, today: date) -> Path:
    """`cached_book` of this size with three contacts and one opportunity per account."""
    path = cache_path("people", accounts, today)
    if not path.exists():
        scratch = path.with_suffix(".tmp")
        shutil.copy(cached_book(accounts, today), scratch)
        add_people(scratch, today)
        scratch.rename(path)
    return path
