"""A process that writes touches, ticks and moves to a book as fast as it can, until killed.

Run by test_crash_kill.py as `python -m tests.reliability.writer BOOK SEED`. After each
transaction commits it prints one acknowledgement line and flushes, so the test knows exactly
which writes were acknowledged before the kill:

    touch <touch id>
    tick <stint id> <item>
    event <event id>        (a move, with any missing items ticked in the same transaction)
"""

from __future__ import annotations

import random
import sys

from tendtui.domain.errors import TendError
from tendtui.domain.models import TouchKind
from tendtui.domain.rules import Refused, move_options
from tendtui.services import BookService
from tendtui.store.book import Book


def main() -> None:
    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    svc = BookService(Book.open(path, create=False))
    ids = [a.id for a in svc.accounts()]
    n = 0
    while True:
        n += 1
        account = svc.account(rng.choice(ids))
        assert account is not None
        roll = rng.random()
        try:
            if roll < 0.5:
                touch = svc.log_touch(account.id, TouchKind.CALL, summary=f"writer {seed}/{n}")
                print(f"touch {touch.id}", flush=True)
            elif roll < 0.8:
                phase = svc.playbook.phase(account.phase)
                open_items = [i.key for i in phase.checklist if i.key not in account.ticked]
                if open_items:
                    item = rng.choice(open_items)
                    svc.set_ticked(account.id, item, True)
                    print(f"tick {account.stint_id} {item}", flush=True)
            else:
                verdict = rng.choice(move_options(svc.playbook, account, reason="writer"))
                missing = verdict.missing_items if isinstance(verdict, Refused) else ()
                event = svc.move(
                    account.id, verdict.target, reason="writer", force=True, tick_first=missing
                )
                print(f"event {event.id}", flush=True)
        except TendError:
            continue


if __name__ == "__main__":
    main()
