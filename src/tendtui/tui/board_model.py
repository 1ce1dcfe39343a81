"""What the board shows: cards per phase, sorted by need of attention, filtered by text.

Plain Python over domain models, so it is cheap to test and to rebuild for 100,000 accounts.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from tendtui.display import arr_total
from tendtui.domain.cadence import days_without_touch
from tendtui.domain.health import Band, Health, attention_key
from tendtui.domain.models import Account
from tendtui.domain.playbook import Playbook
from tendtui.domain.rates import Rates
from tendtui.domain.text import fold
from tendtui.domain.views import Filter, parse_filter

if TYPE_CHECKING:
    from tendtui.services import BookService

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
    """Name, owner and segment folded (case and accents aside), for the filter."""
    sort_key: tuple[int, int, str]
    """Attention order: computed once, sorted many times."""
    next_task: str | None = None
    """The open task due first, if any."""
    due_in: int | None = None
    """Days until `next_task` is due (negative: overdue); None when it has no date."""
    book: str | None = None
    """On the team board: the label of the book the account is in; None on one book's."""
    team_id: str | None = None
    """On the team board: the book's number and the account's id (`2:0192…`), unique across
    books (copies of one book share account ids); None on one book's board."""

    @property
    def id(self) -> str:
        """The account id (on the team board, `team_id`)."""
        return self.team_id or self.account.id


def make_card(
    playbook: Playbook,
    account: Account,
    health: Health,
    today: date,
    task: tuple[str, date | None] | None = None,
) -> Card:
    """Build the card for one account; `task` is its first-due open task as (text, due)."""
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
        haystack=fold(" ".join(x for x in (account.name, account.owner, account.segment) if x)),
        sort_key=attention_key(health, account.name),
        next_task=task[0] if task else None,
        due_in=(task[1] - today).days if task and task[1] else None,
    )


class BoardModel:
    """Cards by phase, in attention order, with an optional text filter.

    One account's change (`upsert`) costs the length of the columns it leaves and enters, not
    the size of the book: a move on a 100,000-account board stays quick.
    """

    def __init__(self, playbook: Playbook, today: date, rates: Rates | None = None) -> None:
        self.playbook = playbook
        """The book's rules: which columns exist, in what order."""
        self.today = today
        """The day attention is judged on."""
        self.rates = rates or Rates()
        """The book's exchange rates: with some, totals are one sum in its base currency."""
        self.filter = Filter()
        """The board's filter (domain.views); empty shows everything."""
        self._cards: dict[str, list[Card]] = {key: [] for key in playbook.keys}
        self._shown: dict[str, list[Card]] = dict(self._cards)
        self._phase_of: dict[str, str] = {}
        self._totals: dict[str, tuple[int, str]] = {}
        self._board = _Tally()
        self.search: Callable[[str], set[str] | None] | None = None
        """The full-text index's account lookup (BookService.search_accounts); None: match
        the words against names, owners and segments only."""
        self._found: set[str] | None = None
        self.me: str | None = None
        """Your name (config.toml `me`), which `owner:me` stands for."""

    def load(
        self,
        accounts: list[Account],
        health: dict[str, Health],
        tasks: dict[str, tuple[str, date | None]] | None = None,
    ) -> None:
        """Replace every card; `tasks` holds each account's first-due open task."""
        tasks = tasks or {}
        self.load_cards(
            make_card(self.playbook, account, health[account.id], self.today, tasks.get(account.id))
            for account in accounts
            if account.phase in self._cards and not account.archived
        )

    def load_cards(self, cards: Iterable[Card]) -> None:
        """Replace every card with `cards` (those of phases the playbook has no column for
        are left out)."""
        by_phase: dict[str, list[Card]] = {key: [] for key in self.playbook.keys}
        for card in cards:
            if card.account.phase in by_phase:
                by_phase[card.account.phase].append(card)
        for cards_of in by_phase.values():
            cards_of.sort(key=_sort_key)
        self._cards = by_phase
        self._phase_of = {c.id: key for key, cards in by_phase.items() for c in cards}
        self._board = _Tally()
        for cards in by_phase.values():
            for card in cards:
                self._board.add(card, 1)
        self._apply_filter(self.playbook.keys)

    @property
    def filter_text(self) -> str:
        """The filter as typed."""
        return self.filter.text

    def set_filter(self, text: str) -> None:
        """Show only the cards the filter query keeps; InvalidInput when it cannot be used."""
        self.filter = parse_filter(text).for_me(self.me)
        self._search_words()
        self._apply_filter(self.playbook.keys)

    def _search_words(self) -> None:
        words = " ".join(self.filter.words)
        self._found = self.search(words) if words and self.search is not None else None

    def _keeps(self, card: Card) -> bool:
        a = card.account
        return self.filter.matches(
            haystack=card.haystack,
            owner=a.owner,
            segment=a.segment,
            phase=a.phase,
            phase_title=self.playbook.phase(a.phase).title,
            band=card.health.band.value,
            late=card.late,
            renewal_in=(a.renewal_date - self.today).days if a.renewal_date else None,
            due_in=card.due_in,
            found=None if self._found is None else card.id in self._found,
        )

    def _apply_filter(self, phases: Iterable[str]) -> None:
        everything = self.filter.empty
        for key in phases:
            cards = self._cards[key]
            self._shown[key] = cards if everything else [c for c in cards if self._keeps(c)]
            self._totals.pop(key, None)

    def upsert(
        self,
        account: Account | None,
        account_id: str,
        health: Health | None,
        task: tuple[str, date | None] | None = None,
    ) -> set[str]:
        """Put one account's fresh card in its column (or take it off: None or archived).

        Returns the phases whose columns changed. A change can add or remove words (a touch,
        a task), so the full-text lookup runs again when the filter has words.
        """
        changed: set[str] = set()
        old = self._phase_of.pop(account_id, None)
        if old is not None:
            gone = next(c for c in self._cards[old] if c.id == account_id)
            self._board.add(gone, -1)
            self._cards[old] = [c for c in self._cards[old] if c.id != account_id]
            changed.add(old)
        if (
            account is not None
            and health is not None
            and not account.archived
            and account.phase in self._cards
        ):
            card = make_card(self.playbook, account, health, self.today, task)
            bisect.insort(self._cards[account.phase], card, key=_sort_key)
            self._board.add(card, 1)
            self._phase_of[account_id] = account.phase
            changed.add(account.phase)
        if self._found is not None:
            self._search_words()
        self._apply_filter(changed)
        return changed

    def cards(self, phase: str) -> list[Card]:
        """The cards shown in a column, attention first."""
        return self._shown[phase]

    def total(self, phase: str) -> tuple[int, str]:
        """(count, ARR by currency) of the cards shown in a column."""
        if phase not in self._totals:
            cards = self._shown[phase]
            arr = arr_total(((c.account.arr, c.account.currency) for c in cards), rates=self.rates)
            self._totals[phase] = (len(cards), arr)
        return self._totals[phase]

    def summary(self) -> tuple[int, str, int, int]:
        """(accounts, ARR, past cadence, red) over the whole board, ignoring the filter."""
        t = self._board
        arr = arr_total(t.arr.items_as_pairs(), unknown=t.unknown, rates=self.rates)
        return t.count, arr, t.late, t.red


def read_board(
    source: BookService, playbook: Playbook, today: date, filter_text: str, me: str | None = None
) -> BoardModel:
    """Every card, read from `source`: the app's connection, or a second one in a thread.

    Takes everything it needs as arguments, so a worker thread can call it without the app.
    """
    # Loading makes a few objects per account and keeps all of them: the cyclic garbage
    # collector would only rescan them, about a sixth of the load time at 10,000 accounts.
    gc.disable()
    try:
        accounts = source.accounts()
        model = BoardModel(playbook, today, source.rates())
        model.search = source.search_accounts
        model.me = me
        model.set_filter(filter_text)
        model.load(accounts, source.health(accounts), source.next_tasks())
    finally:
        gc.enable()
    return model


def read_team_board(
    books: Sequence[tuple[str, BookService]], today: date, filter_text: str = ""
) -> BoardModel:
    """The team board: every book's cards on the first book's columns, each card with its
    book's label and an id unique across the books (`team_id`).

    Each card is made with its own book's playbook (its checklist, its cadence). The text
    filter matches names, owners and segments (the full-text index is one book's).
    """
    first = books[0][1]
    rates = [svc.rates() for _, svc in books]
    model = BoardModel(
        first.playbook, today, rates[0] if all(r == rates[0] for r in rates) else None
    )
    model.set_filter(filter_text)
    cards: list[Card] = []
    gc.disable()
    try:
        for n, (label, svc) in enumerate(books):
            accounts = [a for a in svc.accounts() if not a.archived]
            health, tasks = svc.health(accounts), svc.next_tasks()
            for a in accounts:
                card = make_card(svc.playbook, a, health[a.id], today, tasks.get(a.id))
                cards.append(replace(card, book=label, team_id=team_id(n, a.id)))
        model.load_cards(cards)
    finally:
        gc.enable()
    return model


def team_id(book: int, account_id: str) -> str:
    """An account's id on the team board: the book's number, a colon, the account's id."""
    return f"{book}:{account_id}"


def split_team_id(value: str) -> tuple[int, str]:
    """(the book's number, the account's id) of a `team_id`."""
    book, _, account_id = value.partition(":")
    return int(book), account_id


def _sort_key(card: Card) -> tuple[int, int, str]:
    return card.sort_key


class _Arr(dict[str, int]):
    def items_as_pairs(self) -> list[tuple[int | None, str]]:
        return [(amount, currency) for currency, amount in self.items() if amount]


class _Tally:
    """Board-wide counts, kept up to date card by card."""

    def __init__(self) -> None:
        self.count = 0
        self.late = 0
        self.red = 0
        self.arr = _Arr()
        self.unknown = 0
        """Cards whose ARR nobody knows."""

    def add(self, card: Card, sign: int) -> None:
        self.count += sign
        self.late += sign * card.late
        self.red += sign * (card.health.band is Band.RED)
        currency, amount = card.account.currency, card.account.arr
        if amount is None:
            self.unknown += sign
        else:
            self.arr[currency] = self.arr.get(currency, 0) + sign * amount
