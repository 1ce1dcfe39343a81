"""Random histories for transfer tests: a list of operations applied through the services.

Each operation names its account by position, so one list of operations makes the same kind
of history on any book; refused or impossible ones are skipped, as a user's would be.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tendtui.domain.errors import TendError
from tendtui.domain.forecast import Call
from tendtui.domain.models import Sentiment, TouchKind
from tendtui.domain.opportunities import OPEN_STAGES, OpportunityKind
from tendtui.domain.playbook import default_playbook
from tendtui.domain.rules import Refused, move_options
from tendtui.services import BookService
from tendtui.store import search
from tests.conftest import FrozenClock

PLAYBOOK = default_playbook()
PHASES = [p.key for p in PLAYBOOK.phases]
ITEMS = sorted({i.key for p in PLAYBOOK.phases for i in p.checklist})
TABLES = (
    "accounts",
    "stints",
    "ticks",
    "touches",
    "tasks",
    "forecasts",
    "opportunities",
    "contacts",
    "touch_contacts",
    "events",
    "playbook",
    "saved_views",
    "rates",
    "settings",
    "import_mappings",
)

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30
).filter(lambda s: s.strip())


@dataclass(frozen=True)
class Op:
    """One thing a user does; `which` picks an account by position in name order."""

    kind: str
    which: int = 0
    text: str = ""
    number: int = 0


ops = st.one_of(
    st.builds(Op, kind=st.just("add"), text=names, number=st.integers(0, 10**7)),
    st.builds(
        Op, kind=st.just("touch"), which=st.integers(0, 50), text=names, number=st.integers(0, 30)
    ),
    st.builds(
        Op, kind=st.just("contact"), which=st.integers(0, 50), text=names, number=st.integers(0, 11)
    ),
    st.builds(
        Op,
        kind=st.just("contact-edit"),
        which=st.integers(0, 50),
        text=names,
        number=st.integers(0, 11),
    ),
    st.builds(Op, kind=st.just("contact-left"), which=st.integers(0, 50), number=st.integers(0, 5)),
    st.builds(
        Op,
        kind=st.just("touch-with"),
        which=st.integers(0, 50),
        text=names,
        number=st.integers(0, 7),
    ),
    st.builds(Op, kind=st.just("tick"), which=st.integers(0, 50), number=st.integers(0, 40)),
    st.builds(Op, kind=st.just("move"), which=st.integers(0, 50), number=st.integers(0, 5)),
    st.builds(
        Op, kind=st.just("edit"), which=st.integers(0, 50), text=names, number=st.integers(0, 10**6)
    ),
    st.builds(Op, kind=st.just("archive"), which=st.integers(0, 50)),
    st.builds(Op, kind=st.just("undo")),
    st.builds(Op, kind=st.just("view"), number=st.integers(1, 9), text=names),
    st.builds(Op, kind=st.just("rate"), which=st.integers(0, 3), number=st.integers(0, 500)),
    st.builds(Op, kind=st.just("remember"), number=st.integers(0, 3), text=names),
    st.builds(
        Op, kind=st.just("task"), which=st.integers(0, 50), text=names, number=st.integers(0, 30)
    ),
    st.builds(Op, kind=st.just("done"), which=st.integers(0, 50), number=st.integers(0, 5)),
    st.builds(Op, kind=st.just("snooze"), which=st.integers(0, 50), number=st.integers(1, 30)),
    st.builds(Op, kind=st.just("drop"), which=st.integers(0, 50), number=st.integers(0, 5)),
    st.builds(Op, kind=st.just("tickmove"), which=st.integers(0, 50), number=st.integers(0, 5)),
    st.builds(Op, kind=st.just("forecast"), which=st.integers(0, 50), number=st.integers(0, 7)),
    st.builds(
        Op,
        kind=st.just("opportunity"),
        which=st.integers(0, 50),
        text=names,
        number=st.integers(0, 5),
    ),
    st.builds(Op, kind=st.just("stage"), which=st.integers(0, 50), number=st.integers(0, 5)),
    st.builds(Op, kind=st.just("close"), which=st.integers(0, 50), number=st.integers(0, 5)),
)
ROLES = [r.key for r in PLAYBOOK.roles]


class TickingClock(FrozenClock):
    """Moves on a little at every reading, as a real clock would."""

    def __call__(self) -> Any:
        self.moment += timedelta(seconds=7)
        return self.moment


def apply_ops(service: BookService, history: list[Op]) -> None:
    """Do each operation; ones the rules refuse change nothing, as for a user."""
    for op in history:
        accounts = service.book.accounts(include_archived=True)
        target = accounts[op.which % len(accounts)] if accounts else None
        with suppress(TendError):
            _apply(service, op, target)


def _apply(service: BookService, op: Op, target: Any) -> None:
    if op.kind == "add":
        service.add_account(
            op.text, arr=op.number, renewal_date=date(2027, 1, 1) + timedelta(days=op.number % 400)
        )
    elif op.kind == "undo":
        service.undo()
    elif op.kind == "view":
        service.save_view(op.number, op.text[:40], "stale")
    elif op.kind == "rate":  # EUR, GBP or JPY set; a fourth of the time EUR becomes the base
        if op.which == 3 and op.number % 2:
            service.unset_rate("EUR")
        elif op.which == 3:
            service.set_base("EUR")
        else:
            service.set_rate(("EUR", "GBP", "JPY")[op.which], f"{op.number / 100 + 0.01:.2f}")
    elif op.kind == "remember":
        # One of two headers; one of its columns read by hand as the field `number` picks.
        headers = [f"Header {op.number % 2}", op.text, "Notes"]
        field = ("segment", "ignore", "owner")[op.number % 3]
        service.remember_mapping(headers, {op.number % 3: field})
    elif target is None:
        return
    elif op.kind == "touch":
        kinds = list(TouchKind)
        service.log_touch(
            target.id,
            kinds[op.number % len(kinds)],
            happened_on=service.today() - timedelta(days=op.number),
            summary=op.text,
            sentiment=list(Sentiment)[op.number % 3],
            next_step=op.text if op.number % 2 else None,
        )
    elif op.kind == "tick":
        checklist = service.playbook.phase(target.phase).checklist
        if checklist:
            item = checklist[op.number % len(checklist)].key
            service.set_ticked(target.id, item, item not in target.ticked)
    elif op.kind == "move":
        phase = PHASES[op.number % len(PHASES)]
        service.move(target.id, phase, reason="because", force=op.number % 2 == 0)
    elif op.kind == "edit":
        service.edit_account(target.id, owner=op.text, arr=op.number)
    elif op.kind == "archive":
        service.set_archived(target.id, not target.archived)
    elif op.kind == "task":
        service.add_task(target.id, op.text, due=service.today() + timedelta(days=op.number - 10))
    elif op.kind in ("done", "snooze", "drop"):
        tasks = service.open_tasks(target.id)
        if not tasks:
            return
        task = tasks[op.number % len(tasks)]
        if op.kind == "done":
            service.complete_task(task.id, note="done" if op.number % 2 else None)
        elif op.kind == "snooze":
            service.snooze_task(task.id, service.today() + timedelta(days=op.number))
        else:
            service.drop_task(task.id)
    elif op.kind == "forecast":
        call = list(Call)[op.number % len(Call)]
        service.call_forecast(target.id, call, amount=op.number * 1000 if op.number > 3 else None)
    elif op.kind == "opportunity":
        service.open_opportunity(
            target.id,
            op.text,
            1000 * (op.number + 1),
            kind=list(OpportunityKind)[op.number % 2],
            stage=OPEN_STAGES[op.number % 3],
        )
    elif op.kind in ("stage", "close"):
        open_ones = [o for o in service.opportunities(target.id) if o.is_open]
        if not open_ones:
            return
        o = open_ones[op.number % len(open_ones)]
        if op.kind == "stage":
            service.stage_opportunity(target.id, o.id, OPEN_STAGES[(op.number + 1) % 3])
        elif op.number % 2:
            service.win_opportunity(target.id, o.id, note="signed")
        else:
            service.lose_opportunity(target.id, o.id)
    elif op.kind == "contact":
        service.add_contact(
            target.id,
            op.text,
            role=ROLES[op.number % len(ROLES)],
            email=f"p{op.number}@example.test" if op.number % 3 else "",
        )
    elif op.kind in ("contact-edit", "contact-left", "touch-with"):
        people = service.contacts(target.id)
        if not people:
            return
        person = people[op.number % len(people)]
        if op.kind == "contact-edit":  # two laptops editing one contact: the later edit stands
            service.edit_contact(
                target.id,
                person.id,
                role=ROLES[op.number % len(ROLES)],
                title=op.text,
                name=op.text if op.number % 4 == 0 else None,
            )
        elif op.kind == "contact-left":
            service.contact_left(target.id, person.id, service.today() - timedelta(days=op.number))
        else:
            service.log_touch(
                target.id,
                TouchKind.CALL,
                summary=op.text,
                happened_on=service.today() - timedelta(days=op.number),
                with_=[c.id for c in people[: op.number % 3 + 1]],
            )
    elif op.kind == "tickmove":
        # "tick what is missing and move": one action, one undo
        for verdict in move_options(service.playbook, target):
            if isinstance(verdict, Refused) and verdict.missing_items and not verdict.needs_reason:
                service.move(target.id, verdict.target, tick_first=verdict.missing_items)
                return


def stored_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the book's tables in stored order: the same file, row for row."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What "the same book" means: the same rows in every table, and each account's events in
    the same order (a merge replays only the accounts it changed, so the order *across*
    accounts in the file may differ; it never changes what any account holds)."""
    conn = sqlite3.connect(path)
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        out = {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in TABLES
            if t in present  # a book not opened yet may predate import_mappings (schema 7)
        }
        out["events"] = conn.execute("SELECT * FROM events ORDER BY account_id, rowid").fetchall()
        # The index, without its rowids (the order it was filled in), and with the touches and
        # tasks still waiting for their batch: which rows wait depends on how the book was
        # written, what a search finds does not.
        indexed = conn.execute(
            "SELECT d.ref, d.account_id, d.kind, s.text FROM search_docs d"
            " JOIN search s ON s.rowid = d.rowid"
        ).fetchall()
        waiting = [
            (r, a, k, search.indexed_text(t))
            for r, a, k, t in search.waiting_documents(conn)
            if search.indexed_text(t)
        ]
        out["search"] = sorted(indexed + waiting)
        return out
    finally:
        conn.close()
