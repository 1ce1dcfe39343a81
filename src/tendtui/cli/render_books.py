"""What the reading commands print over several books: the one-book layouts with a BOOK column
first, sorted as the one-book command sorts, across the books (cli/books.py opens them).

The JSON is the one-book JSON with a `book` key on each item (docs/json.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tendtui.display import arr_total, days_ago, fit, money, plural
from tendtui.domain.cadence import days_past_cadence
from tendtui.domain.models import Account, AgendaItem, SearchHit
from tendtui.domain.playbook import Playbook
from tendtui.domain.rates import Rates
from tendtui.domain.text import fold
from tendtui.domain.time import day

BOOK_CELLS = 16
"""The BOOK column's width."""


@dataclass(frozen=True)
class BookAccount:
    """An account with the book it is in."""

    book: str
    """The book's label."""
    playbook: Playbook
    """That book's playbook (its phases and checklists)."""
    account: Account
    """The account."""


def common_rates(rates: Iterable[Rates]) -> Rates | None:
    """The books' exchange rates when every book has the same; else None (totals by currency,
    as a sum in one base currency would mix rates the books disagree on)."""
    found = list(rates)
    return found[0] if found and all(r == found[0] for r in found) else None


def account_order(rows: Sequence[BookAccount]) -> list[BookAccount]:
    """Board order across books: by phase (each book's own playbook order), then name, then
    the books' order (`rows` come book after book)."""

    def key(n_r: tuple[int, BookAccount]) -> tuple[int, str, int]:
        n, r = n_r
        keys = r.playbook.keys
        place = keys.index(r.account.phase) if r.account.phase in keys else len(keys)
        return place, fold(r.account.name), n

    return [r for _, r in sorted(enumerate(rows), key=key)]


def accounts_books_table(
    rows: Sequence[BookAccount], today: date, books: Sequence[str], rates: Rates | None
) -> list[str]:
    """`tendtui accounts` over several books: a BOOK column, totals per book and overall."""
    if not rows:
        return [f"No accounts in {plural(len(books), 'book')}."]
    head = f"{fit('BOOK', BOOK_CELLS)}  {fit('NAME', 28)}  {fit('PHASE', 12)}  {'ARR':>12}  "
    head += f"{fit('RENEWAL', 10)}  {fit('LAST TOUCH', 14)}  {'LIST':>5}  OWNER"
    lines = [head]
    for r in account_order(rows):
        a, playbook = r.account, r.playbook
        phase = playbook.phase(a.phase)
        done = phase.ticked_count(a.ticked)
        late = days_past_cadence(playbook, a, today)
        touch = days_ago(a.last_touch_on, today) + (" !" if late else "")
        lines.append(
            f"{fit(r.book, BOOK_CELLS)}  {fit(a.name, 28)}  {fit(phase.title, 12)}  "
            f"{money(a.arr, a.currency):>12}  {fit(day(a.renewal_date) or '-', 10)}  "
            f"{fit(touch, 14)}  {f'{done}/{len(phase.checklist)}':>5}  {a.owner or ''}"
        )

    def tally(mine: Sequence[BookAccount]) -> str:
        total = arr_total(((r.account.arr, r.account.currency) for r in mine), rates=rates)
        late_n = sum(1 for r in mine if days_past_cadence(r.playbook, r.account, today))
        return f"{plural(len(mine), 'account')} · {total} ARR · {late_n} past cadence (!)"

    for book in books:
        lines.append(f"  {fit(book, BOOK_CELLS)}  {tally([r for r in rows if r.book == book])}")
    lines.append(f"{tally(rows)} in {plural(len(books), 'book')}")
    return lines


def agenda_order(items: Sequence[tuple[str, AgendaItem]]) -> list[tuple[str, AgendaItem]]:
    """The agenda's order across books: by due date (undated last), account name, then the
    books' order (`items` come book after book, each in its own order)."""

    def key(n_pair: tuple[int, tuple[str, AgendaItem]]) -> tuple[bool, date, str, int]:
        n, (_, i) = n_pair
        due = i.task.due
        return due is None, due or date.max, fold(i.account_name), n

    return [pair for _, pair in sorted(enumerate(items), key=key)]


def agenda_books_lines(
    items: Sequence[tuple[str, AgendaItem]], today: date, *, filters: str, books: int
) -> list[str]:
    """`tendtui agenda` over several books: a BOOK column first."""
    from tendtui.cli.render import _late

    where = f"in {plural(books, 'book')}"
    if not items:
        narrowed = f" ({filters})" if filters else ""
        return [f"Nothing on the agenda {where}{narrowed}: no open task matches."]
    lines = [f"{fit('BOOK', BOOK_CELLS)}  {fit('WHEN', 14)}  {fit('ACCOUNT', 26)}  "]
    lines[0] += f"{fit('OWNER', 16)}  TASK"
    for book, i in items:
        lines.append(
            f"{fit(book, BOOK_CELLS)}  {fit(_late(i.task.due, today), 14)}  "
            f"{fit(i.account_name, 26)}  {fit(i.owner or '-', 16)}  {i.task.text}"
        )
    late = sum(1 for _, i in items if i.task.due and i.task.due < today)
    s = "s" if len(items) != 1 else ""
    lines.append(f"{len(items)} open task{s} {where} · {late} overdue")
    return lines


def search_order(
    found: Sequence[tuple[str, Sequence[SearchHit]]], limit: int
) -> list[tuple[str, SearchHit]]:
    """Hits across books, best first: each book's best, then each book's second, and so on
    (each book's index ranks its own hits; their scores do not compare across books)."""
    merged = [
        (rank, n, book, hit)
        for n, (book, hits) in enumerate(found)
        for rank, hit in enumerate(hits)
    ]
    merged.sort(key=lambda x: (x[0], x[1]))
    return [(book, hit) for _, _, book, hit in merged[:limit]]


def search_books_lines(hits: Sequence[tuple[str, SearchHit]], query: str, books: int) -> list[str]:
    """`tendtui search` over several books: a BOOK column first."""
    if not hits:
        return [f"Nothing matches {query!r} in {plural(books, 'book')}."]
    lines = [
        f"{fit(book, BOOK_CELLS)}  {fit(h.account_name, 26)}  {fit(h.kind, 7)}  {h.snippet}"
        for book, h in hits
    ]
    s = "s" if len(hits) != 1 else ""
    lines.append(f"{len(hits)} hit{s} for {query!r} in {plural(books, 'book')}, best first")
    return lines


def with_book(row: dict[str, Any], book: str) -> dict[str, Any]:
    """A one-book JSON item with the `book` key added."""
    return {**row, "book": book}
