"""How the sample book's accounts got where they are: each one's story, planned as actions.

`AccountStory` turns a `Customer` of sample_data into dated calls of `BookService` use cases
(add, tick, move, touch, edit, archive, undo); `sample.build_sample` sorts every account's
actions into one timeline and replays it on a `ReplayClock`. Cadences, gates and the meaning
of a phase come from the book's playbook; only sample_data names phases.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from tendtui.demo.data import (
    ARR_RANGES,
    CUSTOMERS,
    KIND_WEIGHTS,
    OWNERS,
    REASONS,
    STALE_NOTE,
    STEP,
    STORIES,
    TOUCHES,
    Customer,
    TouchLine,
    read_line,
)
from tendtui.domain.models import TouchKind
from tendtui.services import BookService

WINDOW_DAYS = 90
"""How far back the touches of open accounts go."""

CREATE, TICK, TOUCH, EDIT, ARCHIVE = range(5)
"""Order of an account's actions within one day: an add or move comes before the ticks of the
stint it starts, and an edit follows the move that caused it."""

_LOWEST_ARR = min(low for low, _, _ in ARR_RANGES.values())
Action = Callable[[], object]


class ReplayClock:
    """A clock that moves only when told, and never backwards: each event is stamped later than
    the one before, so the log's time order is also its insertion order."""

    def __init__(self, start: datetime) -> None:
        self.moment = start
        """The current moment (UTC)."""

    def __call__(self) -> datetime:
        return self.moment

    def advance_to(self, moment: datetime) -> None:
        """Move to `moment`, or one second on if that is not later than now."""
        self.moment = max(moment, self.moment + timedelta(seconds=1))


@dataclass(frozen=True)
class _Stint:
    phase: str
    """Phase key."""
    start: date
    """The day the account entered it."""
    forced: bool
    """Entered by a forced move."""


class AccountStory:
    """One account's story, planned as dated use cases of `service`, replayed on `clock`."""

    def __init__(
        self,
        service: BookService,
        clock: ReplayClock,
        customer: Customer,
        index: int,
        today: date,
        rng: random.Random,
    ) -> None:
        self.service, self.clock, self.customer = service, clock, customer
        self.index, self.today, self.rng = index, today, rng
        """`index`: the customer's place in CUSTOMERS; `rng`: the build's only randomness."""
        self.playbook = service.playbook
        self.account_id = ""
        """Known only once the replay has added the account."""
        self.actions: list[tuple[date, int, Action]] = []
        """(day, order within the day, action): `sample` gives each a moment and replays it."""
        self.quirks = set(customer.quirks.split())
        self.decks: dict[tuple[int, str], list[str]] = {}
        """(stint, kind) -> the touch lines not used yet."""
        self.farewells = 0
        """Touches logged so far from the closed phase's script."""
        self.moves: list[tuple[date, str]] = []
        """(day, reason) of each move planned with a reason."""
        self.day_to_day = ""
        """The full name of the contact the touch notes name (demo/people.py sets it)."""
        self.sponsor: str | None = None
        """The executive sponsor's name, who joins QBRs and escalations (people.py)."""
        self.stints = self._stints()
        self.created = self.stints[0].start
        self.archived_on = self._archive_day()
        low, high, self.arr_step = ARR_RANGES[customer.segment]
        self.arr_cap = high
        # Skewed: most accounts sit near the low end of their segment.
        drawn = self._round_arr(self.rng.triangular(low, high, low))
        self.arr = drawn if customer.arr is None else customer.arr

    # -- the shape of the story ------------------------------------------------------------

    def _stints(self) -> list[_Stint]:
        story = STORIES[self.customer.story]
        created = self.today - timedelta(days=self.rng.randint(*story.age))
        keys = [key.rstrip("!") for key in story.path]
        if story.stay is None or len(keys) == 1:
            return [_Stint(keys[0], created, False)]
        moves = len(keys) - 1
        last = self.today - timedelta(days=self.rng.randint(*story.stay))
        last = max(last, created + timedelta(days=7 * moves))  # a week at least in each phase
        span = (last - created).days
        starts = [created]
        for k in range(1, moves):
            jitter = self.rng.uniform(-0.2, 0.2) * span / moves
            starts.append(created + timedelta(days=round(span * k / moves + jitter)))
        starts.append(last)
        if any(b <= a for a, b in pairwise(starts)):
            raise ValueError(f"story {self.customer.story!r} leaves no time for a phase")
        return [
            _Stint(key, start, raw.endswith("!"))
            for key, start, raw in zip(keys, starts, story.path, strict=True)
        ]

    def _archive_day(self) -> date | None:
        """When the account is archived, if it is: nothing happens to it after that."""
        if "archive" not in self.quirks:
            return None
        current = self.stints[-1]
        if self.playbook.phase(current.phase).closed:
            return min(self.today, current.start + timedelta(days=self.rng.randint(3, 20)))
        return self.created + timedelta(days=self.rng.randint(1, 3))  # added by mistake

    def _end(self, n: int) -> date:
        """The last day on which the work of stint `n` can happen."""
        if n + 1 < len(self.stints):
            return self.stints[n + 1].start - timedelta(days=1)
        return self.archived_on or self.today

    def stint_on(self, day: date) -> int:
        """Which stint the account was in on `day`."""
        return max(n for n, s in enumerate(self.stints) if s.start <= day)

    def _day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def _at(
        self, day: date, order: int, use_case: Callable[..., object], *args: Any, **kw: Any
    ) -> None:
        """Plan `use_case(account id, *args, **kw)` on `day`."""
        self.actions.append((day, order, lambda: use_case(self.account_id, *args, **kw)))

    def _round_arr(self, value: float) -> int:
        return max(_LOWEST_ARR, min(self.arr_cap, round(value / self.arr_step) * self.arr_step))

    # -- planning --------------------------------------------------------------------------

    def plan(self, reasons: dict[str, int]) -> None:
        """Plan the whole story; `reasons` counts the reasons used, so that they vary."""
        renewal = self._first_renewal()
        self._plan_add(renewal)
        for n in range(len(self.stints)):
            if n:
                self._plan_move(n, reasons, renewal)
            self._plan_ticks(n)
        if self.archived_on is not None:
            self._at(self.archived_on, ARCHIVE, self.service.set_archived, True)
        self._plan_touches()
        if "handover" in self.quirks:
            day = self.today - timedelta(days=self.rng.randint(20, 60))
            owner = OWNERS[(self.index + 1) % len(OWNERS)]
            self._at(day, EDIT, self.service.edit_account, owner=owner)

    def _first_renewal(self) -> date:
        """The renewal date the account is added with."""
        if self.customer.renew_in is not None:
            return self.today + timedelta(days=self.customer.renew_in)
        for before, stint in pairwise(self.stints):  # renewed or cancelled: the term ended then
            if self.playbook.phase(before.phase).renewal or self.playbook.phase(stint.phase).closed:
                return stint.start + timedelta(days=self.rng.randint(0, 10))
        renewal = self.created + timedelta(days=365)
        while renewal <= self.today + timedelta(days=60):  # nearer renewals are in the data
            renewal += timedelta(days=365)
        return renewal

    def _plan_add(self, renewal: date) -> None:
        c = self.customer
        crm = None
        if "no-crm" not in self.quirks:
            crm = "0015g0000" + "".join(self.rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", k=6))
        arr, owner = self.arr, OWNERS[self.index % len(OWNERS)]

        def add() -> None:
            self.account_id = self.service.add_account(
                c.name,
                arr=arr,
                renewal_date=renewal,
                owner=owner,
                segment=c.segment,
                currency=c.currency,
                external_id=crm,
            ).id

        self.actions.append((self.created, CREATE, add))

    def _plan_move(self, n: int, reasons: dict[str, int], renewal: date) -> None:
        here, there = self.stints[n - 1], self.stints[n]
        key = "forced" if there.forced else f"{here.phase}>{there.phase}"
        choices = REASONS.get(key) or REASONS.get(f">{there.phase}")
        reason = None
        if choices:
            reason = choices[reasons.get(key, 0) % len(choices)]
            reasons[key] = reasons.get(key, 0) + 1
        day = there.start
        if reason is not None:
            self.moves.append((day, reason))
        self._at(day, CREATE, self.service.move, there.phase, reason=reason, force=there.forced)
        was, now = self.playbook.phase(here.phase), self.playbook.phase(there.phase)
        changes: dict[str, object]
        if was.renewal and not (now.closed or now.at_risk):  # renewed: a new term, a bit more
            self.arr = self._round_arr(self.arr * self.rng.uniform(1.03, 1.12))
            changes = {"renewal_date": renewal + timedelta(days=365), "arr": self.arr}
        elif was.closed:  # won back, on a smaller plan
            self.arr = self._round_arr(self.arr * 0.6)
            changes = {"renewal_date": day + timedelta(days=365), "arr": self.arr}
        elif there.phase == self.playbook.keys[0] and not was.at_risk:  # expansion: bought more
            self.arr = self._round_arr(self.arr * self.rng.uniform(1.2, 1.6))
            changes = {"arr": self.arr}
        else:
            return
        self._at(day, EDIT, self.service.edit_account, **changes)

    def _plan_ticks(self, n: int) -> None:
        stint = self.stints[n]
        checklist = [item.key for item in self.playbook.phase(stint.phase).checklist]
        first, last = stint.start, self._end(n)
        if n + 1 < len(self.stints):
            needed, forced = set(self._requires(n)), self.stints[n + 1].forced
            # The gates are done before the move, except where a forced move overrode them.
            chosen = [
                k
                for k in checklist
                if (k in needed and not forced) or (k not in needed and self.rng.random() < 0.75)
            ]
        else:  # the current stint: about as far along as its days in the phase
            pace = self.playbook.health.pace_days
            share = min(1.0, (last - first).days / pace) * self.rng.uniform(0.6, 1.2)
            chosen = checklist[: max(0, min(len(checklist) - 1, round(share * len(checklist))))]
        days = sorted(self._day_between(first, last) for _ in chosen)
        for item, day in zip(chosen, days, strict=True):
            self._at(day, TICK, self.service.set_ticked, item, True)
        spare = [k for k in checklist if k not in chosen]
        if "untick" in self.quirks and n + 1 == len(self.stints) and spare and last > first:
            day = self._day_between(first, last - timedelta(days=1))
            self._at(day, TICK, self.service.set_ticked, spare[-1], True)
            self._at(day + timedelta(days=1), TICK, self.service.set_ticked, spare[-1], False)

    def _requires(self, n: int) -> tuple[str, ...]:
        """The items the move out of stint `n` needs ticked, were it not forced."""
        here, there = self.stints[n], self.stints[n + 1]
        came_from = self.stints[n - 1].phase if n else None
        for t in self.playbook.transitions:
            if here.phase in t.from_ and (
                t.to == there.phase or (t.to_origin and came_from == there.phase)
            ):
                return t.requires
        return ()

    # -- touches ---------------------------------------------------------------------------

    def _cadence(self, phase: str) -> int:
        return self.playbook.phase(phase).cadence_days or 45  # closed: rare, and no cadence

    def _plan_touches(self) -> None:
        current = self.stints[-1]
        closed = self.playbook.phase(current.phase).closed
        since = self.today - timedelta(days=WINDOW_DAYS)
        if closed:  # long gone: its last month, however long ago
            since = min(since, current.start - timedelta(days=30))
        start = max(self.created + timedelta(days=1), since)
        cadence = self._cadence(current.phase)
        stale = "stale" in self.quirks
        if self.archived_on is not None:  # nothing more once it was put away
            last = self.archived_on - timedelta(days=1)
        elif closed:  # the goodbye, then silence
            last = min(self.today, current.start + timedelta(days=self.rng.randint(0, 6)))
        elif stale:
            last = max(start, self.today - timedelta(days=cadence + self.rng.randint(3, 12)))
        else:
            last = max(start, self.today - timedelta(days=self.rng.randint(0, cadence - 1)))
        days: list[date] = []
        day = last
        while day >= start:  # back from the last touch, as often as each phase's cadence asks
            days.append(day)
            gap = self._cadence(self.stints[self.stint_on(day)].phase)
            day -= timedelta(days=self.rng.randint(max(2, gap // 3), max(2, gap)))
        days.sort()
        open_account = self.archived_on is None and not closed
        for n, day in enumerate(days):
            final = n == len(days) - 1
            self._plan_touch(day, final=final, open_step=final and open_account)
        if stale and days:  # a note is not a customer touch: the account stays past cadence
            day = self._day_between(days[-1] + timedelta(days=1), self.today)
            summary = STALE_NOTE.format(contact=self.customer.contact)

            def note() -> None:
                self.service.log_touch(
                    self.account_id,
                    TouchKind.NOTE,
                    happened_on=day,
                    summary=summary,
                    with_=self._people_in(TouchKind.NOTE.value, summary),
                )

            self.actions.append((day, TOUCH, note))
        if "undo" in self.quirks and days:
            self._plan_mistake(days[len(days) // 2])

    def _plan_touch(self, day: date, *, final: bool, open_step: bool) -> None:
        phase = self.stints[self.stint_on(day)].phase
        if self.playbook.phase(phase).closed:  # a goodbye goes in order, once, then silence
            farewell = [(k, line) for k, lines in TOUCHES[phase].items() for line in lines]
            if self.farewells >= len(farewell):
                return
            kind, line = farewell[self.farewells]
            self.farewells += 1
            summary, sentiment, step = read_line(line, self.customer.contact)
        else:
            weights = KIND_WEIGHTS[phase]
            kinds = [k for k in weights if not (final and k == TouchKind.NOTE.value)]
            kind = self.rng.choices(kinds, [weights[k] for k in kinds])[0]
            summary, sentiment, step = self._draw(day, kind, with_step=open_step)
        due = None
        if step and open_step:
            due = self._open_step_due(day)
        elif step and self.rng.random() < 0.4:
            due = day + timedelta(days=self.rng.randint(2, 10))
        else:  # most past next steps were simply done; only some were written down
            step = None
        logged = day
        if day < self.today and self.rng.random() < 0.15:  # written up the next morning
            logged = day + timedelta(days=1)

        def touch() -> None:  # the touch that follows up on a next step also marks it done
            earlier = self.service.open_tasks(self.account_id)
            self.service.log_touch(
                self.account_id,
                TouchKind(kind),
                happened_on=day,
                summary=summary,
                sentiment=sentiment,
                next_step=step,
                next_step_due=due,
                done_task=earlier[0].id if earlier else None,
                with_=self._people_in(kind, summary),
            )

        self.actions.append((logged, TOUCH, touch))

    def _people_in(self, kind: str, summary: str) -> list[str]:
        """The contacts who took part, at replay: the day-to-day contact when the note names
        them, and the sponsor in the QBRs and escalations they came to (one that says the
        sponsor was absent is not one)."""
        names = []
        if self.day_to_day and self.customer.contact in summary:
            names.append(self.day_to_day)
        came = (
            kind in (TouchKind.QBR.value, TouchKind.ESCALATION.value) and "sponsor" not in summary
        )
        if self.sponsor and came:
            names.append(self.sponsor)
        people = {c.name: c for c in self.service.contacts(self.account_id)}
        return [people[n].id for n in names if n in people and people[n].is_current]

    def _open_step_due(self, day: date) -> date:
        """The open next step: overdue, due today, due soon or later, in turn across accounts."""
        wanted = ("overdue", "today", "soon", "later")[self.index % 4]
        if "stale" in self.quirks or wanted == "overdue":
            if (self.today - day).days >= 2:
                return self._day_between(day + timedelta(days=1), self.today - timedelta(days=1))
        elif wanted == "soon":
            return self.today + timedelta(days=self.rng.randint(1, 7))
        elif wanted == "later":
            return self.today + timedelta(days=self.rng.randint(8, 30))
        return self.today

    def _draw(self, day: date, kind: str, *, with_step: bool) -> TouchLine:
        """A line of this kind from the stint's deck: none repeats until all are used, and a
        stint begun lately opens with the kind's first line (a kickoff, a first review)."""
        stint = self.stint_on(day)
        deck = self.decks.get((stint, kind))
        if not deck:
            lines = TOUCHES[self.stints[stint].phase][kind]
            fresh = (day - self.stints[stint].start).days <= 30
            if (stint, kind) in self.decks or not fresh:
                deck = self.rng.sample(lines, len(lines))
            else:
                deck = [lines[0], *self.rng.sample(lines[1:], len(lines) - 1)]
            self.decks[stint, kind] = deck
        pick = deck[0]
        if with_step:
            pick = next((line for line in deck if STEP in line), pick)
        deck.remove(pick)
        return read_line(pick, self.customer.contact)

    def _plan_mistake(self, day: date) -> None:
        """A touch meant for another account, logged here and undone a minute later."""
        other = CUSTOMERS[(self.index + 1) % len(CUSTOMERS)].contact
        kind, lines = next(iter(TOUCHES[self.stints[self.stint_on(day)].phase].items()))
        summary, _, _ = read_line(lines[0], other)

        def mistake() -> None:
            self.service.log_touch(
                self.account_id, TouchKind(kind), happened_on=day, summary=summary
            )
            self.clock.advance_to(self.clock.moment + timedelta(minutes=1))
            self.service.undo()

        self.actions.append((day, TOUCH, mistake))
