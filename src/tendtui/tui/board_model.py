"""What the board shows: cards per phase, sorted by need of attention, filtered by text.

Plain Python over domain models, so it is cheap to test and to rebuild for 100,000 accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tendtui.domain.cadence import days_without_touch
from tendtui.domain.display import arr_total
from tendtui.domain.health import Band, Health, attention_key
from tendtui.domain.models import Account
from tendtui.domain.playbook import Playbook

RENEWAL_HORIZON_DAYS = 90
"""Cards show a renewal countdown when the renewal is this near."""


@dataclass(frozen=True)
class Card:
    """One account as a card: everything the column needs to draw it."""

    account: Account
    """The account."""
    health: Health
    """Its health."""
    days_quiet: int
    """Days since the last customer touch (or since entering the phase)."""
    late: bool
    """Past the phase's cadence."""
    done: int
    """Checklist items ticked."""
    total: int
    """Checklist items in the phase."""
    renewal_in: int | None
    """Days to renewal when within RENEWAL_HORIZON_DAYS (negative: overdue), else None."""
    haystack: str
    """Lower-cased name, owner and segment, for the filter."""
    sort_key: tuple[int, int, str]
    """Attention order: computed once, sorted many times."""

    @property
    def id(self) -> str:
        """The account id."""
        return self.account.id


def make_card(playbook: Playbook, account: Account, health: Health, today: date) -> Card:
    """Build the card for one account."""
    phase = playbook.phase(account.phase)
    renewal = account.renewal_date
    # A closed phase (churned) has no renewal to count down to.
    until = (renewal - today).days if renewal and not phase.closed else None
    return Card(
        account=account,
        health=health,
        days_quiet=days_without_touch(account, today),
        late=health.days_late > 0,
        done=phase.ticked_count(account.ticked),
        total=len(phase.checklist),
        renewal_in=until if until is not None and until <= RENEWAL_HORIZON_DAYS else None,
        haystack=" ".join(
            x for x in (account.name, account.owner, account.segment) if x
        ).casefold(),
        sort_key=attention_key(health, account.name),
    )


class BoardModel:
    """Cards by phase, in attention order, with an optional text filter."""

    def __init__(self, playbook: Playbook, today: date) -> None:
        self.playbook = playbook
        """The book's rules: which columns exist, in what order."""
        self.today = today
        """The day attention is judged on."""
        self.filter_text = ""
        """Lower-cased filter; empty shows everything."""
        self._cards: dict[str, list[Card]] = {key: [] for key in playbook.keys}
        self._shown: dict[str, list[Card]] = dict(self._cards)

    def load(self, accounts: list[Account], health: dict[str, Health]) -> None:
        """Replace every card."""
        by_phase: dict[str, list[Card]] = {key: [] for key in self.playbook.keys}
        for account in accounts:
            if account.phase in by_phase:
                card = make_card(self.playbook, account, health[account.id], self.today)
                by_phase[account.phase].append(card)
        for cards in by_phase.values():
            cards.sort(key=self._sort_key)
        self._cards = by_phase
        self._apply_filter()

    @staticmethod
    def _sort_key(card: Card) -> tuple[int, int, str]:
        return card.sort_key

    def set_filter(self, text: str) -> None:
        """Show only cards whose name, owner or segment contains `text` (any case)."""
        self.filter_text = text.strip().casefold()
        self._apply_filter()

    def _apply_filter(self) -> None:
        needle = self.filter_text
        if not needle:
            self._shown = dict(self._cards)
            return
        self._shown = {
            key: [c for c in cards if needle in c.haystack] for key, cards in self._cards.items()
        }

    def upsert(self, account: Account | None, account_id: str, health: Health | None) -> None:
        """Put one account's fresh card in its column (or take it off: None or archived)."""
        for key, cards in self._cards.items():
            self._cards[key] = _without(cards, account_id)
        if (
            account is not None
            and health is not None
            and not account.archived
            and account.phase in self._cards
        ):
            column = self._cards[account.phase]
            column.append(make_card(self.playbook, account, health, self.today))
            column.sort(key=self._sort_key)
        self._apply_filter()

    def cards(self, phase: str) -> list[Card]:
        """The cards shown in a column, attention first."""
        return self._shown[phase]

    def total(self, phase: str) -> tuple[int, str]:
        """(count, ARR by currency) of the cards shown in a column."""
        cards = self._shown[phase]
        return len(cards), arr_total((c.account.arr, c.account.currency) for c in cards)

    def find(self, account_id: str) -> Card | None:
        """The card of an account, if it is on the board."""
        for cards in self._cards.values():
            for card in cards:
                if card.id == account_id:
                    return card
        return None

    def summary(self) -> tuple[int, str, int, int]:
        """(accounts, ARR, past cadence, red) over the whole board, ignoring the filter."""
        cards = [c for cs in self._cards.values() for c in cs]
        late = sum(1 for c in cards if c.late)
        red = sum(1 for c in cards if c.health.band is Band.RED)
        arr = arr_total((c.account.arr, c.account.currency) for c in cards)
        return len(cards), arr, late, red


def _without(cards: list[Card], account_id: str) -> list[Card]:
    return [c for c in cards if c.id != account_id]
