"""The base of the book's use cases: the open book, the clock, the ids, and one write.

`BookService` (core.py) is this plus the use cases of reading.py, accounts.py, activity.py,
tasks.py and search.py. Only the services hold the store; everything above calls them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import Self

from tendtui.domain.errors import NotFound
from tendtui.domain.events import Event
from tendtui.domain.mappings import ImportMapping
from tendtui.domain.models import Account
from tendtui.domain.new_accounts import AccountAdd
from tendtui.domain.playbook import Playbook
from tendtui.store.book import Book
from tendtui.store.schema import SCHEMA_VERSION

Clock = Callable[[], datetime]
"""Returns the current moment, timezone-aware. Injected so tests can freeze time."""
Ids = Callable[[], str]
"""Returns a fresh unique id. Injected so the sample book is the same on every build."""


RECORD_CHUNK = 2_000
"""Events built and written together by `record_batch`: big enough for executemany to pay,
small enough that an import's memory does not grow with the file."""


def system_clock() -> datetime:
    """The real clock, in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A time-ordered UUID (version 7, RFC 9562): the milliseconds since 1970, then random
    bits. Ids written later sort later, so every index on an id (events, touches, tasks, the
    search index's map) grows at its end instead of on a random page. With it (and no index
    on the search map's account_id), indexing a batch of 64 touches at 100,000 accounts went
    from 36.6 to 3.0 ms (docs/benchmarks.md, daily loop).

    Built from the bytes directly: an import makes two per row, and uuid.UUID's own
    constructor and formatting cost more than the rest of the row's event.
    """
    value = (time.time_ns() // 1_000_000) << 80 | _random_bits(80)
    value = value & _KEEP | _VERSION_VARIANT
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_random_bits = random.getrandbits
"""An id's 80 random bits. Ids must be unique, not secret: Python's generator, seeded from
os.urandom when the process starts and again in a forked child, is an eighth the cost of a
system call per id (0.02 s against 0.15 s for 200,000 draws; an import makes two ids a row)."""
_KEEP = ~(0xF << 76 | 0x3 << 62)
_VERSION_VARIANT = 0x7 << 76 | 0x2 << 62
"""The bits of a UUID's version (7) and its RFC 9562 variant (binary 10)."""


class ServiceBase:
    """The open book and what every use case needs."""

    def __init__(
        self,
        book: Book,
        clock: Clock = system_clock,
        ids: Ids = new_id,
        *,
        read_only: bool = False,
    ) -> None:
        if read_only:
            # The guard sits under every use case: each write is one `book.transaction()`,
            # which a read-only book refuses with one line (ReadOnly) before any lock.
            book.refuse_writes()
        self.book = book
        """The open book: the services' own, never handed above them."""
        self.clock = clock
        """Where 'now' comes from."""
        self.ids = ids
        """Where new ids come from."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        clock: Clock = system_clock,
        ids: Ids = new_id,
        playbook_source: str | None = None,
        read_only: bool = False,
    ) -> Self:
        """The book at `path` (created with the default playbook if `create`; the playbook's
        install time comes from `clock`, like every other moment). `read_only`: every write is
        refused with one line (a served or team board)."""
        book = Book.open(path, create=create, playbook_source=playbook_source, installed_at=clock())
        try:
            return cls(book, clock, ids, read_only=read_only)
        except BaseException:
            book.close()
            raise

    @classmethod
    def in_memory(cls, *, clock: Clock = system_clock, ids: Ids = new_id) -> Self:
        """A throwaway book: previews, dry runs, tests."""
        return cls(Book.in_memory(installed_at=clock()), clock, ids)

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the book file, so the file alone is the whole book."""
        self.book.checkpoint()

    @property
    def read_only(self) -> bool:
        """Whether every write is refused (opened with `read_only`)."""
        return self.book.read_only

    @property
    def schema(self) -> int:
        """The schema version this tendtui writes (a dump records it)."""
        return SCHEMA_VERSION

    def close(self) -> None:
        """Close the book."""
        self.book.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path | None:
        """The book's file; None for an in-memory book."""
        return self.book.path

    @property
    def playbook(self) -> Playbook:
        """The book's playbook."""
        return self.book.playbook

    @property
    def label(self) -> str:
        """How to name the book to a user: its own name (`config set name`), else its file
        name."""
        own = self.book_name()
        if own is not None:
            return own
        return self.book.path.name if self.book.path else "book"

    def book_name(self) -> str | None:
        """The book's own name (services/rates.py reads it); None here."""
        return None

    def now(self) -> datetime:
        """The current moment in UTC."""
        return self.clock().astimezone(UTC)

    def today(self) -> date:
        """The user's local date."""
        return self.clock().astimezone().date()

    @contextmanager
    def second_reader(self) -> Iterator[Self]:
        """The same book on a second connection, for reading in a background thread while
        this connection keeps serving the user. An in-memory book has only this one."""
        if self.book.path is None:
            yield self
            return
        with Book.open(self.book.path, create=False) as other:
            yield type(self)(other, clock=self.clock, ids=self.ids, read_only=self.read_only)

    # -- reading ---------------------------------------------------------------------------

    def _require(self, account_id: str) -> Account:
        account = self.book.account(account_id)
        if account is None:
            raise NotFound(f"no account with id {account_id}")
        return account

    def _record(self, event: Event) -> None:
        self.book.record(event)

    def record_batch(
        self,
        build: Callable[[], Iterable[Event | AccountAdd]],
        *,
        remember: ImportMapping | None = None,
    ) -> int:
        """One transaction: `build` reads the book as it is under the write lock and yields
        the events to record (an import matches its rows again here; its new accounts come
        as AccountAdd rows, domain/new_accounts.py). They are written
        RECORD_CHUNK at a time, so a 100,000-row import never holds all its events at once.
        All or nothing: an import's mapping fixed by hand (`remember`) is kept only if its
        rows are written. Returns how many events were recorded."""
        count = 0
        with self.book.bulk_transaction():
            events = iter(build())
            while chunk := list(islice(events, RECORD_CHUNK)):
                count += self.book.record_many(chunk)
            if remember is not None:
                self.book.put_import_mapping(remember)
        return count

    def new_event_id(self) -> str:
        """A fresh id, from the injected source."""
        return self.ids()

    # -- accounts --------------------------------------------------------------------------
