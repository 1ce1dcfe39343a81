"""Health: an explainable score from 0 to 100 per account, with its reasons in words.

Every point lost is a penalty with a sentence saying why; the weights live in the playbook's
[health] table. Pure: the caller passes the counts it read from the book.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tendtui.domain.cadence import days_in_phase, days_past_cadence, days_without_touch
from tendtui.domain.contacts import PersonLike
from tendtui.domain.models import Account
from tendtui.domain.playbook import Phase, Playbook
from tendtui.domain.text import fold


class Band(StrEnum):
    """The colour a score shows as."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    CLOSED = "closed"
    """Not tended any more (churned, archived): no score."""


@dataclass(frozen=True)
class Signals:
    """What health needs beyond the account itself: recent sentiment, overdue tasks."""

    negative: int = 0
    """Negative customer touches within the playbook's sentiment window."""
    positive: int = 0
    """Positive customer touches within the window."""
    overdue: tuple[tuple[str, date], ...] = ()
    """Open tasks due before today, as (text, due), oldest first."""
    people: tuple[PersonLike, ...] | None = None
    """The account's contacts, those who left included; None: not known (no people
    signals at all), () : the book holds nobody for it."""


@dataclass(frozen=True)
class Health:
    """A score with its band and the reasons for every point lost."""

    score: int
    """0 (needs help now) to 100 (nothing to worry about)."""
    band: Band
    """green, amber, red, or closed."""
    reasons: tuple[str, ...]
    """One sentence per penalty, biggest first."""
    days_late: int = 0
    """Days past the phase's cadence (0: within it), kept for sorting by attention."""


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def assess(playbook: Playbook, account: Account, signals: Signals, today: date) -> Health:
    """Score `account` as of `today`."""
    phase = playbook.phase(account.phase)
    if phase.closed or account.archived:
        why = "archived" if account.archived else f"{phase.title.lower()}: no longer tended"
        return Health(score=0, band=Band.CLOSED, reasons=(why,))
    w = playbook.health
    penalties: list[tuple[float, str]] = []
    never = account.last_touch_on is None
    best = 100  # the highest score it can reach; lowered for a never-touched account

    quiet = days_without_touch(account, today)
    late = days_past_cadence(playbook, account, today)
    stale = 0.0
    if late and phase.cadence_days:
        stale = min(w.stale_max, late * w.stale_per_day)
        if never:
            best = w.green_from - 1  # its penalty is added last, once the others are known
        else:
            why = f"no customer touch for {_plural(quiet, 'day')} (cadence {phase.cadence_days})"
            penalties.append((stale, why))

    total = len(phase.checklist)
    if total:
        days = days_in_phase(account, today)
        expected = math.floor(total * min(1.0, days / w.pace_days))
        done = phase.ticked_count(account.ticked)
        behind = expected - done
        if behind > 0:
            penalties.append(
                (
                    min(w.pace_max, behind * w.pace_per_item),
                    f"checklist behind pace: {done}/{total} after {_plural(days, 'day')} "
                    f"(expected {expected})",
                )
            )

    renewal_phase = playbook.renewal_phase
    renewal_near = ""  # never touched, renewal near, work undone: when it is ("in 19 days")
    if account.renewal_date and renewal_phase and renewal_phase.checklist:
        until = (account.renewal_date - today).days
        when = f"in {_plural(until, 'day')}" if until >= 0 else f"{_plural(-until, 'day')} ago"
        if account.phase == renewal_phase.key:
            undone = [i.label for i in renewal_phase.checklist if i.key not in account.ticked]
            what = f"renewal {when}; not done: {', '.join(undone)}"
        else:
            # Only the current phase's work can be done now: moving to the renewal phase first.
            undone = [i.label for i in renewal_phase.checklist]
            what = f"renewal {when} and still in {phase.title}"
        if undone and until <= w.renewal_window_days:
            penalties.append((min(w.renewal_max, len(undone) * w.renewal_per_item), what))
        if undone and never and until <= w.never_touched_renewal_days:
            best = min(best, w.amber_from - 1)
            renewal_near = when

    if phase.at_risk:
        days = days_in_phase(account, today)
        penalties.append((w.at_risk, f"at risk for {_plural(days, 'day')}"))

    mood = signals.negative * w.negative_touch - signals.positive * w.positive_touch
    if mood > 0:
        penalties.append(
            (
                min(w.sentiment_max, mood),
                f"{_plural(signals.negative, 'negative touch', 'negative touches')} in the last "
                f"{w.sentiment_window_days} days"
                + (f" ({signals.positive} positive)" if signals.positive else ""),
            )
        )

    if signals.people is not None:
        penalties += people_penalties(playbook, phase, signals.people, today)

    if signals.overdue:
        text, due = signals.overdue[0]
        overdue_days = (today - due).days
        more = len(signals.overdue) - 1
        also = f" (and {_plural(more, 'more task')})" if more else ""
        penalties.append(
            (
                min(w.overdue_max, len(signals.overdue) * w.overdue_task),
                f"next step {text!r} {_plural(overdue_days, 'day')} overdue{also}",
            )
        )

    if never and (stale or renewal_near):
        # Unknown is not healthy: the never-touched penalty takes at least the points that
        # keep the score at or below `best`, so every point lost still has its sentence.
        lost = max(stale, 100 - max(0, best) - sum(p for p, _ in penalties))
        if late and phase.cadence_days:
            why = f"never touched for {_plural(quiet, 'day')} (cadence {phase.cadence_days})"
        else:
            why = f"never touched, with a renewal {renewal_near}"
        if lost > 0:
            penalties.append((lost, why))

    penalties.sort(key=lambda p: -p[0])
    score = max(0, min(100, round(100 - sum(p for p, _ in penalties))))
    band = (
        Band.GREEN if score >= w.green_from else Band.AMBER if score >= w.amber_from else Band.RED
    )
    return Health(score=score, band=band, reasons=tuple(r for _, r in penalties), days_late=late)


def _ago(n: int) -> str:
    return "today" if n == 0 else f"{_plural(n, 'day')} ago"


def people_penalties(
    playbook: Playbook, phase: Phase, people: tuple[PersonLike, ...], today: date
) -> list[tuple[float, str]]:
    """The playbook's roles held against the account's people: a key person who left with
    nobody current in the role, a role required from this phase with nobody in it, a role
    whose people took part in no touch for too long."""
    w = playbook.health
    out: list[tuple[float, str]] = []
    at = playbook.index(phase.key)
    by_role: dict[str, list[PersonLike]] = {}
    for c in people:
        by_role.setdefault(c.role, []).append(c)
    for role in playbook.roles:
        mine = by_role.get(role.key, ())
        if not mine and role.required_from is None:
            continue  # the usual case: nothing to say about a role nobody holds
        current = [c for c in mine if c.is_current]
        word = role.title.lower()
        if current:
            if role.untouched_days is not None:
                since = [c.last_touch_on or c.added_on for c in current]
                known = [d for d in since if d is not None]
                if known and (quiet := (today - max(known)).days) >= role.untouched_days:
                    newest = max(current, key=lambda c: c.last_touch_on or c.added_on or today)
                    how = (
                        f"last touch {_ago(quiet)}"
                        if newest.last_touch_on
                        else f"in no touch since added {_ago(quiet)}"
                    )
                    out.append((w.role_untouched, f"{word} {newest.name}: {how}"))
            continue
        gone = [c for c in mine if c.left_on is not None]
        if role.key_person and gone:
            last = max(gone, key=lambda c: (c.left_on or today, c.name))
            when = _ago((today - (last.left_on or today)).days)
            out.append((w.key_person_left, f"{word} {last.name} left {when}; no new {word}"))
        elif (
            role.required_from is not None
            and playbook.has_phase(role.required_from)
            and at >= playbook.index(role.required_from)
        ):
            first = playbook.phase(role.required_from).title
            out.append((w.role_missing, f"no {word} (expected from {first} on)"))
    return out


def attention_key(health: Health, name: str) -> tuple[int, int, str]:
    """Sort key putting the accounts that most need tending first: low score, long silence."""
    closed = health.band is Band.CLOSED
    return (101 if closed else health.score, -health.days_late, fold(name))
