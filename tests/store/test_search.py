"""The full-text index finds what a brute-force scan of the book finds, after any history."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tendtui.domain.kinds import TouchKind
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.store.search import words
from tests.conftest import FROZEN_NOW
from tests.transfer.ops import Op, TickingClock, apply_ops, ops


def _scan(book: Book, query: str) -> set[str]:
    """Accounts whose texts, together, hold every word of `query` as a word prefix: the
    definition the index must meet, computed the slow way from the rows."""
    wanted = words(query)
    texts: dict[str, list[str]] = {}
    for row in book.conn.execute("SELECT id, name, owner, segment, external_id FROM accounts"):
        texts.setdefault(row[0], []).extend(v for v in row[1:] if v)
    for row in book.conn.execute("SELECT account_id, summary, next_step FROM touches"):
        texts.setdefault(row[0], []).extend(v for v in row[1:] if v)
    for row in book.conn.execute("SELECT account_id, text FROM tasks"):
        texts.setdefault(row[0], []).append(row[1])
    found = set()
    for account_id, parts in texts.items():
        tokens = words(" ".join(parts))
        if all(any(w.startswith(q) for w in tokens) for q in wanted):
            found.add(account_id)
    return found


def test_find_by_word_prefixes_across_an_account(service: BookService) -> None:
    zurich = service.add_account("Zürcher Treuhand AG", owner="Søren", segment="Mid-Market")
    other = service.add_account("Acme", external_id="0015g00000XyZ12")
    service.log_touch(zurich.id, TouchKind.CALL, summary="Renewal quote sent", next_step="Chase")
    service.add_task(other.id, "Prepare the QBR deck")
    assert service.search_accounts("zurcher") == {zurich.id}
    assert service.search_accounts("ZÜRCH treu") == {zurich.id}
    assert service.search_accounts("soren renewal") == {zurich.id}  # owner + touch
    assert service.search_accounts("qbr") == {other.id}
    assert service.search_accounts("0015g") == {other.id}
    assert service.search_accounts("chase") == {zurich.id}
    assert service.search_accounts("zurich") == set()
    assert service.search_accounts("  ...  ") is None
    hits = service.search("renewal")
    assert [(h.account_name, h.kind) for h in hits] == [("Zürcher Treuhand AG", "touch")]
    assert hits[0].snippet.startswith("Renewal quote sent")


def test_the_index_follows_edits_undo_and_removal(service: BookService) -> None:
    acme = service.add_account("Acme")
    service.edit_account(acme.id, name="Copperpot Coffee")
    assert service.search_accounts("acme") == set()
    assert service.search_accounts("copper") == {acme.id}
    service.undo()
    assert service.search_accounts("acme") == {acme.id}
    service.log_touch(acme.id, TouchKind.NOTE, summary="secret sauce")
    assert service.search_accounts("sauce") == {acme.id}
    service.undo()
    assert service.search_accounts("sauce") == set()
    service.undo()  # the add (the rename was undone already)
    assert service.search_accounts("acme") == set()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history=st.lists(ops, min_size=1, max_size=30),
    query=st.text(alphabet="aeiouéøbcrstnZ 0", min_size=1, max_size=3),
)
def test_search_equals_a_brute_force_scan(history: list[Op], query: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tendtui-search-"))
    try:
        with Book.open(folder / "a.db") as book:
            service = BookService(book, clock=TickingClock(FROZEN_NOW - timedelta(days=40)))
            apply_ops(service, history)
            found = service.search_accounts(query)
            expected = _scan(book, query)
            assert (found if found is not None else set(_scan(book, ""))) == expected
    finally:
        shutil.rmtree(folder)
