"""The sample book: about forty believable accounts with a year of history, built the slow way.

Every row comes from `BookService`, so the book has the events a real one would: the sample
plans each account's story as dated actions (add, tick, move, touch, edit, archive), sorts all
of them into one timeline, and replays it while moving a clock forward by hand. The same
`today` and `seed` give the same rows, ids included, in every table.

    python -m tendtui.demo sample.db --date 2026-11-22 --force
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from tendtui.demo.data import CUSTOMERS
from tendtui.demo.people import plan_people
from tendtui.demo.revenue import plan_revenue
from tendtui.demo.story import AccountStory, Action, ReplayClock
from tendtui.services import BookService

DEFAULT_SEED = 2016
"""The seed of the committed sample.db."""

DAY_OPENS = time(12, 0, tzinfo=UTC)
"""Every action happens at 12:00 UTC or later, when the local date is never behind the UTC date
(UTC-12 is as far west as clocks go): `log_touch` checks a touch's day against the *local*
today, and must never see one from its future."""
_DAY_MINUTES, _TODAY_MINUTES = 600, 180
"""Past days run 12:00 to 22:00 UTC; `today` stops at 15:00, as the tests' frozen clock does."""


def seeded_ids(rng: random.Random) -> Callable[[], str]:
    """An id source drawing UUIDs (version 4) from `rng`, injected into the service as the
    clock is, so the same seed gives the same ids in every table."""

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    return new_id


def _timed(story: AccountStory, rng: random.Random) -> list[tuple[datetime, Action]]:
    """The story's actions in the order they must run, each at a moment of its day."""
    planned = sorted(enumerate(story.actions), key=lambda p: (p[1][0], p[1][1], p[0]))
    by_day: dict[date, list[Action]] = {}
    for _, (day, _, action) in planned:
        by_day.setdefault(day, []).append(action)
    out: list[tuple[datetime, Action]] = []
    for day, actions in by_day.items():
        room = _TODAY_MINUTES if day >= story.today else _DAY_MINUTES
        minutes = sorted(rng.sample(range(room), len(actions)))
        opens = datetime.combine(day, DAY_OPENS)
        out += [(opens + timedelta(minutes=m), a) for m, a in zip(minutes, actions, strict=True)]
    return out


def _moment(day: date, minute: int) -> datetime:
    """A moment of a past day of the sample (minute < _DAY_MINUTES after DAY_OPENS)."""
    return datetime.combine(day, DAY_OPENS) + timedelta(minutes=minute % _DAY_MINUTES)


def _plan(
    service: BookService, clock: ReplayClock, today: date, seed: int
) -> list[tuple[datetime, Action]]:
    """Every account's story as one timeline of (moment, action bound to `service`)."""
    rng = random.Random(seed)
    reasons: dict[str, int] = {}
    timeline: list[tuple[datetime, int, Action]] = []
    stories = []
    for index, customer in enumerate(CUSTOMERS):
        story = AccountStory(service, clock, customer, index, today, rng)
        story.plan(reasons)
        stories.append(story)
        timed = _timed(story, rng)
        timeline += [(m, len(timeline) + n, a) for n, (m, a) in enumerate(timed)]
    # Forecast calls and the expansion ledger, from a draw of their own: the stories above
    # stay as they were before the book kept revenue.
    revenue = plan_revenue(service, stories, today, random.Random(f"revenue-{seed}"), _moment)
    timeline += [(m, len(timeline) + n, a) for n, (m, a) in enumerate(revenue)]
    # People likewise: added the day their account was, from a draw of their own.
    people = plan_people(service, stories, today, random.Random(f"people-{seed}"), _moment)
    timeline += [(m, len(timeline) + n, a) for n, (m, a) in enumerate(people)]
    timeline.sort(key=lambda step: (step[0], step[1]))
    return [(moment, action) for moment, _, action in timeline]


def build_sample(path: Path, today: date, *, seed: int = DEFAULT_SEED) -> None:
    """Create the sample book at `path` (which must not exist), as of `today`.

    The same `today` and `seed` give the same rows in every table. The book is opened only
    once its first moment is known (a plan on a scratch book in memory finds it), so even the
    playbook's install time comes from the injected clock. The file is left checkpointed and
    closed, with no -wal or -shm beside it.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists: the sample is only built into a new file")
    probe_clock = ReplayClock(datetime.combine(today, DAY_OPENS))
    with BookService.in_memory(clock=probe_clock) as probe:
        first, _ = _plan(probe, probe_clock, today, seed)[0]
    clock = ReplayClock(first - timedelta(hours=1))
    ids = seeded_ids(random.Random(f"tendtui-sample-ids-{seed}"))
    try:
        with BookService.open(path, clock=clock, ids=ids) as service:
            for moment, action in _plan(service, clock, today, seed):
                clock.advance_to(moment)
                action()
            service.checkpoint()
    except BaseException:
        for made in (path, *_companions(path)):  # half a sample is no sample
            made.unlink(missing_ok=True)
        raise


def _companions(path: Path) -> tuple[Path, Path]:
    """SQLite's write-ahead log and shared-memory files beside `path`."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m tendtui.demo PATH [--date YYYY-MM-DD] [--seed N] [--force]`."""
    parser = argparse.ArgumentParser(
        prog="python -m tendtui.demo", description="Build the tendtui sample book."
    )
    parser.add_argument("path", type=Path, help="the book file to create")
    parser.add_argument(
        "--date", type=date.fromisoformat, default=None, help="its today (default: today)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help="replace PATH if it exists")
    args = parser.parse_args(argv)
    path: Path = args.path
    if path.exists() and not args.force:
        print(f"{path} already exists (--force replaces it)", file=sys.stderr)
        return 2
    for leftover in (path, *_companions(path)):
        leftover.unlink(missing_ok=True)
    today = args.date or date.today()
    build_sample(path, today, seed=args.seed)
    print(f"wrote the sample book for {today.isoformat()} to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
