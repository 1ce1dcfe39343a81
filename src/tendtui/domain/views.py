"""Board filters and saved views. A filter is typed, shared and saved as a short query:

    acme owner:dana segment:smb phase:nurturing health:red stale renewal:30 due:7 overdue

Words match the starts of words anywhere in an account (name, owner, segment, external id,
touch notes, tasks: the full-text index), case and accents aside (`zurcher` finds Zürcher);
`key:value` narrows by field; `stale` keeps accounts past their cadence; `renewal:N` keeps
renewals within N days; `due:N` keeps accounts with a task due within N days (overdue ones
too); `overdue` keeps accounts with an overdue task. Pure: parsing and matching only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tendtui.domain.errors import InvalidInput
from tendtui.domain.text import fold

KEYS = ("owner", "segment", "phase", "health", "renewal", "due")
"""The `key:value` terms a filter understands."""
HEALTH_BANDS = ("green", "amber", "red")
ME = "me"
"""`owner:me`: the owner named by config.toml's `me` (Filter.for_me)."""


@dataclass(frozen=True)
class Filter:
    """A parsed filter; an empty one keeps everything."""

    words: tuple[str, ...] = ()
    owner: str | None = None
    segment: str | None = None
    phase: str | None = None
    health: str | None = None
    stale: bool = False
    renewal_days: int | None = None
    due_days: int | None = None
    overdue: bool = False
    text: str = field(default="", compare=False)
    """The query as typed, to show and to save."""

    @property
    def empty(self) -> bool:
        """Keeps everything."""
        return self == Filter()

    def for_me(self, me: str | None) -> Filter:
        """`owner:me` read as your name (config.toml `me`); InvalidInput when it is not set.

        Saved as typed (`owner:me`), so a saved view follows whoever opens the book."""
        if self.owner != ME:
            return self
        if not me or not fold(me):
            raise InvalidInput(
                "owner:me: tendtui does not know your name yet: `tendtui config set me NAME`"
            )
        return replace(self, owner=fold(me))

    def matches(
        self,
        *,
        haystack: str,
        owner: str | None,
        segment: str | None,
        phase: str,
        phase_title: str,
        band: str,
        late: bool,
        renewal_in: int | None,
        due_in: int | None = None,
        found: bool | None = None,
    ) -> bool:
        """Whether an account with these fields passes; `haystack` is already folded
        (domain.text.fold), and every other text is folded here: case and accents aside.

        `due_in`: days until its first open task is due (negative: overdue); `found`: whether
        the full-text index holds every word for this account (None: match the haystack)."""
        if self.words and not (
            found if found is not None else all(w in haystack for w in self.words)
        ):
            return False
        if self.overdue and not (due_in is not None and due_in < 0):
            return False
        if self.due_days is not None and not (due_in is not None and due_in <= self.due_days):
            return False
        if self.owner and self.owner not in fold(owner or ""):
            return False
        if self.segment and self.segment not in fold(segment or ""):
            return False
        if self.phase and not (
            phase.startswith(self.phase) or fold(phase_title).startswith(self.phase)
        ):
            return False
        if self.health and band != self.health:
            return False
        if self.stale and not late:
            return False
        return self.renewal_days is None or (
            renewal_in is not None and renewal_in <= self.renewal_days
        )


def parse_filter(text: str) -> Filter:
    """Parse a filter query; InvalidInput names the term it cannot use."""
    words: list[str] = []
    values: dict[str, str] = {}
    stale = False
    overdue = False
    for term in fold(text).split():
        key, sep, value = term.partition(":")
        if not sep:
            if term == "stale":
                stale = True
            elif term == "overdue":
                overdue = True
            else:
                words.append(term)
            continue
        if key not in KEYS:
            raise InvalidInput(
                f"unknown filter {key!r}: use {', '.join(KEYS)}, stale, overdue or words"
            )
        if not value:
            raise InvalidInput(f"{key}: needs a value, e.g. {key}:{_EXAMPLES[key]}")
        values[key] = value
    health = values.get("health")
    if health is not None and health not in HEALTH_BANDS:
        raise InvalidInput(f"health:{health}: use health:green, health:amber or health:red")
    renewal = values.get("renewal")
    # isdecimal, not isdigit: "²" is a digit that int() refuses; six digits: int() also
    # refuses a number thousands of digits long, and no renewal is a million days away.
    if renewal is not None and not (renewal.isdecimal() and len(renewal) <= 6):
        raise InvalidInput(f"renewal:{renewal}: give days, e.g. renewal:30")
    due = values.get("due")
    if due is not None and not (due.isdecimal() and len(due) <= 6):
        raise InvalidInput(f"due:{due}: give days, e.g. due:7")
    return Filter(
        words=tuple(words),
        owner=values.get("owner"),
        segment=values.get("segment"),
        phase=values.get("phase"),
        health=health,
        stale=stale,
        renewal_days=int(renewal) if renewal is not None else None,
        due_days=int(due) if due is not None else None,
        overdue=overdue,
        text=text.strip(),
    )


_EXAMPLES = {
    "owner": "dana",
    "segment": "smb",
    "phase": "renewal",
    "health": "red",
    "renewal": "30",
    "due": "7",
}
