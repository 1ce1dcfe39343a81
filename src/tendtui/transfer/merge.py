"""`tendtui merge OTHER.db`: bring in what another copy of the same book recorded.

The two logs are united by event id and the state is replayed from the union in time order
(tendtui.store.replay). Saved views are settings, not events: for each key the later save
wins. docs/merge.md states the rules, including what happens when both copies changed the
same account.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tendtui.domain.errors import InvalidInput
from tendtui.domain.models import Event, EventKind
from tendtui.domain.text import has_controls
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.store.replay import read_copy, rebuild, united

_MOVES = (EventKind.MOVED, EventKind.FORCED)


@dataclass
class MergeSummary:
    """What a merge brought in."""

    source: str
    new_events: Counter[str] = field(default_factory=Counter)
    accounts_added: list[str] = field(default_factory=list)
    accounts_changed: int = 0
    conflicts: list[str] = field(default_factory=list)
    views_taken: int = 0
    their_total: int = 0
    into_blank: bool = False

    @property
    def nothing_new(self) -> bool:
        """True when the book already held everything the other copy had."""
        return not self.new_events and not self.views_taken

    def lines(self) -> list[str]:
        """The summary as lines for the terminal."""
        if self.nothing_new:
            return [
                f"nothing new in {self.source}: the book already has all "
                f"{self.their_total} of its events"
            ]
        total = sum(self.new_events.values())
        if self.into_blank:
            return [
                f"imported {self.source}: {len(self.accounts_added)} accounts, {total} events, "
                f"{self.views_taken} saved views"
            ]
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.new_events.items()))
        out = [f"merged {self.source}: {total} new events ({kinds or 'none'})"]
        if self.accounts_added:
            names = ", ".join(self.accounts_added[:8])
            more = (
                f" and {len(self.accounts_added) - 8} more" if len(self.accounts_added) > 8 else ""
            )
            out.append(f"  {len(self.accounts_added)} new accounts: {names}{more}")
        if self.accounts_changed:
            out.append(f"  {self.accounts_changed} accounts changed")
        if self.views_taken:
            out.append(f"  {self.views_taken} saved views taken from {self.source}")
        out.extend(f"  conflict: {c}" for c in self.conflicts)
        return out


def merge_copy(service: BookService, path: Path) -> MergeSummary:
    """Merge the book at `path` (read, never written) into the service's book."""
    if service.book.path is not None and path.resolve() == service.book.path.resolve():
        raise InvalidInput(f"{path} is this book: merge another copy of it")
    copy = read_copy(path)
    return merge_log(service, copy.events, copy.views, copy.playbook, path.name)


def merge_log(
    service: BookService,
    theirs: Sequence[Event],
    views: Sequence[dict[str, Any]],
    playbook: dict[str, Any],
    source: str,
) -> MergeSummary:
    """Unite `theirs` with the book's log and replay; one transaction."""
    book = service.book
    _refuse_controls(theirs, views, source)
    summary = MergeSummary(source=source, their_total=len(theirs))
    with book.transaction():
        summary.into_blank = book.is_blank()
        if summary.into_blank:
            book.replace_playbook(playbook)  # a dump into a new book: its playbook, as it was
        elif playbook["source"] != book.playbook_row()["source"]:
            raise InvalidInput(
                f"{source} keeps a different playbook: only copies of the same book merge "
                "(export its accounts as CSV and import them instead)"
            )
        ours = book.log()
        mine = {e.id: e for e in ours}
        new = [e for e in theirs if e.id not in mine]
        for event in theirs:
            known = mine.get(event.id)
            if known is not None and known != event:
                raise InvalidInput(
                    f"{source} has event {event.id} with other contents than this book: "
                    "it was changed outside tendtui, so nothing was merged"
                )
        if new:
            before = {a["id"]: a for a in book.account_fields()}
            _conflicts(summary, ours, theirs, book)
            rebuild(book, united(ours, theirs))
            after = {a["id"]: a for a in book.account_fields()}
            summary.new_events.update(e.kind.value for e in new)
            summary.accounts_added = sorted(after[i]["name"] for i in after.keys() - before.keys())
            summary.accounts_changed = len(
                {e.account_id for e in new} & before.keys() & after.keys()
            )
        summary.views_taken = _merge_views(book, views)
    return summary


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _refuse_controls(events: Sequence[Event], views: Sequence[dict[str, Any]], source: str) -> None:
    """Text from another file is checked as typed text is cleaned: tendtui never writes control
    characters, so a copy that holds them was changed outside tendtui and is refused whole."""
    for where, value in [
        *((e.id, e.payload) for e in events),
        *(("a saved view", v) for v in views),
    ]:
        if any(has_controls(text) for text in _strings(value)):
            raise InvalidInput(
                f"{source} holds control characters (in event {where}), which tendtui never "
                "writes: it was changed outside tendtui, so nothing was merged"
            )


def _merge_views(book: Book, views: Sequence[dict[str, Any]]) -> int:
    """For each key the later save wins (ties: the larger name, then query); count taken."""
    ours = {int(r["slot"]): r for r in book.saved_view_rows()}
    taken = 0
    for row in views:
        mine = ours.get(int(row["slot"]))
        rank = (row["saved_at"], row["name"], row["query"])
        if mine is None or rank > (mine["saved_at"], mine["name"], mine["query"]):
            book.put_view_row(dict(row))
            taken += 1
    return taken


def _conflicts(
    summary: MergeSummary, ours: Sequence[Event], theirs: Sequence[Event], book: Book
) -> None:
    """Accounts both copies changed the same way since they parted: moves, or one field."""
    shared = {e.id for e in ours} & {e.id for e in theirs}
    only = ([e for e in ours if e.id not in shared], [e for e in theirs if e.id not in shared])
    moved = [{e.account_id for e in side if e.kind in _MOVES} for side in only]
    edited = [
        {
            (e.account_id, f)
            for e in side
            if e.kind is EventKind.EDITED
            for f in e.payload["changes"]
        }
        for side in only
    ]
    names = {a["id"]: a["name"] for a in book.account_fields()}
    for account_id in sorted(moved[0] & moved[1]):
        name = names.get(account_id, account_id)
        summary.conflicts.append(f"{name} was moved in both copies; the later move stands")
    for account_id, name_of_field in sorted(edited[0] & edited[1]):
        name = names.get(account_id, account_id)
        summary.conflicts.append(
            f"{name}: {name_of_field.replace('_', ' ')} was edited in both copies; the later edit stands"
        )
