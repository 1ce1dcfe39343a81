"""What "refused cleanly, or accepted and still working" means, for hostile dumps and copies.

Issue 10: foreign input is either refused with one line and exit 2, the book left exactly as
it was (or, for a new path, not made at all), or it is accepted and every command that reads
the book still works. These helpers check one outcome against that rule, so the corpus, the
merge tests and the hypothesis property all hold input to the same definition.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tendtui.domain.forecast import Call
from tendtui.domain.kinds import Sentiment, TouchKind
from tendtui.domain.opportunities import OpportunityKind, Stage
from tendtui.domain.text import fold
from tendtui.services import BookService
from tests.cli.conftest import Run, Runner

EXIT_BAD_INPUT = 2
PROBE = "Hostile Probe Ltd"
"""The account whose history every hostile file carries, new to a copy of sample.db."""

READERS = [
    ["accounts"],
    ["standup"],
    ["history"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
    ["export", "--format", "md"],
    ["doctor"],
    ["open"],  # the board; not a terminal under pytest, so its per-phase summary
]
"""Every command that reads the whole book; `show` is added with a name from the book."""


@dataclass(frozen=True)
class Target:
    """A book an import or merge goes into, and what it held before."""

    path: Path
    before: bytes | None
    """The file's bytes before; None when there was no file (a new book)."""

    @classmethod
    def of(cls, path: Path) -> Target:
        return cls(path, path.read_bytes() if path.exists() else None)


def assert_refused_cleanly(done: Run, target: Target) -> None:
    """Exit 2, one line on stderr that is not a traceback, and nothing written."""
    assert done.code == EXIT_BAD_INPUT, done
    lines = done.err.strip().splitlines()
    assert len(lines) == 1, done.err
    assert lines[0].startswith("tendtui: "), done.err
    assert "Traceback" not in done.err
    assert "unexpected" not in done.err, done.err  # the crash guard's wording
    if target.before is None:
        leftovers = [p for p in target.path.parent.iterdir() if p.name.startswith(target.path.name)]
        assert leftovers == [], f"a refused import left {leftovers}"
    else:
        assert target.path.read_bytes() == target.before, "a refused import changed the book"


def a_name(path: Path) -> str | None:
    """The name of an account that `show` can find without ambiguity, if there is one."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM accounts ORDER BY name")]
    finally:
        conn.close()
    folded = [fold(n) for n in names]
    return next((n for n, f in zip(names, folded, strict=True) if folded.count(f) == 1), None)


def assert_every_command_works(run: Runner, path: Path) -> None:
    """Each reading command, and `show` of one account, exits 0 on the book."""
    commands = [[*c, "--db", str(path)] for c in READERS]
    name = a_name(path)
    if name is not None:
        commands.append(["show", "--db", str(path), "--", name])
    for command in commands:
        done = run(*command)
        assert done.code == 0, (command, done)


def assert_refused_or_working(run: Runner, done: Run, target: Target) -> None:
    """The rule of issue 10 for one import or merge: a clean refusal, or a book that works."""
    assert done.code in (0, EXIT_BAD_INPUT), done
    if done.code == EXIT_BAD_INPUT:
        assert_refused_cleanly(done, target)
    else:
        assert done.err == "", done
        assert_every_command_works(run, target.path)


def probe_history(svc: BookService) -> None:
    """A new account through every kind of event, with every optional field given."""
    acc = svc.add_account(
        PROBE,
        arr=12_000,
        currency="EUR",
        renewal_date=date(2027, 6, 30),
        owner="Dana Ortiz",
        segment="Mid-Market",
        external_id="HP-1",
    )
    svc.log_touch(
        acc.id,
        TouchKind.CALL,
        happened_on=date(2026, 11, 20),
        summary="Kickoff call.\nThey want SSO first.",
        sentiment=Sentiment.POSITIVE,
        next_step="Send the SSO guide",
        next_step_due=date(2026, 12, 1),
    )
    first = svc.open_tasks(acc.id)[0]
    svc.snooze_task(first.id, date(2026, 12, 4))
    svc.complete_task(first.id, note="Sent with the admin notes")
    spare = svc.add_task(acc.id, "Book the QBR", due=date(2027, 1, 15))
    svc.drop_task(spare.id, note="They asked to skip it")
    svc.set_ticked(acc.id, "kickoff-held", True)
    svc.set_ticked(acc.id, "kickoff-held", False)
    svc.set_ticked(acc.id, "first-valuable-use-reached", True)
    svc.move(acc.id, "nurturing", reason="Live with SSO")
    svc.move(acc.id, "realization", reason="Value is plain already", force=True)
    svc.set_ticked(acc.id, "value-documented", True)
    svc.move(acc.id, "at-risk", reason="Budget frozen")
    svc.call_forecast(acc.id, Call.AT_RISK, amount=11_000, note="CFO review")
    seats = svc.open_opportunity(
        acc.id, "More seats", 3_000, kind=OpportunityKind.UPSELL, close_date=date(2027, 2, 1)
    )
    svc.stage_opportunity(acc.id, seats.id, Stage.PROPOSED)
    svc.win_opportunity(acc.id, seats.id, note="Signed the order form")
    addon = svc.open_opportunity(acc.id, "Analytics add-on", 2_000, kind=OpportunityKind.CROSS_SELL)
    svc.lose_opportunity(acc.id, addon.id, note="No budget")
    champion = svc.add_contact(
        acc.id,
        "Ana Ruiz",
        role="champion",
        title="VP Operations",
        email="ana@probe.test",
        phone="+1 555 0100",
        notes="Prefers mornings",
    )
    svc.edit_contact(acc.id, champion.id, title="COO", phone="")
    svc.log_touch(
        acc.id,
        TouchKind.MEETING,
        happened_on=date(2026, 11, 21),
        summary="Roadmap review",
        with_=[champion.id],
    )
    svc.contact_left(acc.id, champion.id, date(2026, 11, 21))
    svc.edit_account(
        acc.id,
        name="Hostile Probe Group",
        arr=15_000,
        currency="USD",
        renewal_date=date(2027, 7, 31),
        owner="Sam Lee",
        segment="Enterprise",
        external_id="HP-2",
    )
    svc.set_archived(acc.id, True)
    svc.set_archived(acc.id, False)
    svc.log_touch(acc.id, TouchKind.NOTE, summary="Logged on the wrong account")
    svc.undo()
    svc.save_view(1, "At risk", "phase:at-risk")
    svc.save_view(2, "Stale", "stale")
