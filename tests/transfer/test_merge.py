"""Merging two copies of one book that diverged offline."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tendtui.domain.errors import BookError, InvalidInput
from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.services.merging import MergeSummary, merge_copy
from tendtui.store.book import Book
from tests.conftest import FROZEN_NOW
from tests.transfer.ops import Op, TickingClock, apply_ops, ops, rows

SAMPLE = Path(__file__).parents[2] / "sample.db"


def _work(path: Path, history: list[Op], start_minutes: int) -> None:
    with Book.open(path) as book:
        clock = TickingClock(FROZEN_NOW + timedelta(minutes=start_minutes))
        apply_ops(BookService(book, clock=clock), history)


def _merge(into: Path, other: Path) -> MergeSummary:
    with Book.open(into) as book:
        return merge_copy(BookService(book, clock=TickingClock(FROZEN_NOW)), other)


def _diverge(folder: Path, base: Path) -> tuple[Path, Path]:
    a, b = folder / "a.db", folder / "b.db"
    shutil.copy(base, a)
    shutil.copy(base, b)
    return a, b


def _both_ways(folder: Path, a: Path, b: Path) -> tuple[Path, Path]:
    """A with B merged in, and B with A merged in (each from an untouched copy)."""
    a0, b0 = folder / "a0.db", folder / "b0.db"
    shutil.copy(a, a0)
    shutil.copy(b, b0)
    _merge(a, b0)
    _merge(b, a0)
    return a, b


@pytest.fixture
def sample_copies(tmp_path: Path) -> tuple[Path, Path]:
    return _diverge(tmp_path, SAMPLE)


def test_diverged_copies_merge_to_the_same_book_both_ways(
    tmp_path: Path, sample_copies: tuple[Path, Path]
) -> None:
    a, b = sample_copies
    with Book.open(a) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(hours=1)))
        cafe = svc.resolve("Café Olé")
        svc.log_touch(cafe.id, TouchKind.CALL, summary="called from laptop A")
        svc.edit_account(cafe.id, owner="Alice")
        svc.move(cafe.id, "at-risk", reason="A: budget frozen")
        svc.add_account("Only On A", arr=1000)
    with Book.open(b) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(hours=2)))
        cafe = svc.resolve("Café Olé")
        svc.log_touch(cafe.id, TouchKind.EMAIL, summary="emailed from laptop B")
        svc.edit_account(cafe.id, owner="Bob", arr=99_000)
        svc.move(cafe.id, "at-risk", reason="B: champion left")
        svc.add_account("Only On B", arr=2000)

    _both_ways(tmp_path, a, b)

    assert rows(a) == rows(b)
    with Book.open(a) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW))
        cafe = svc.resolve("Café Olé")
        summaries = {t.summary for t in svc.touches(cafe.id)}
        assert {"called from laptop A", "emailed from laptop B"} <= summaries
        assert cafe.owner == "Bob"  # the later edit stands
        assert cafe.arr == 99_000
        assert cafe.phase == "at-risk"
        assert cafe.came_from == "onboarding"  # not "at-risk": the same move twice is one move
        stints = svc.stints(cafe.id)
        assert [s.phase for s in stints[-2:]] == ["onboarding", "at-risk"]
        assert sum(1 for s in stints if s.left_at is None) == 1
        assert {"Only On A", "Only On B"} <= {x.name for x in svc.accounts()}


def test_merge_reports_what_came_in_and_conflicts(sample_copies: tuple[Path, Path]) -> None:
    a, b = sample_copies
    with Book.open(a) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(hours=1)))
        svc.edit_account(svc.resolve("Café Olé").id, owner="Alice")
    with Book.open(b) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(hours=2)))
        cafe = svc.resolve("Café Olé")
        svc.edit_account(cafe.id, owner="Bob")
        svc.log_touch(cafe.id, TouchKind.CALL, summary="x")
        svc.add_account("Newco")
    summary = _merge(a, b)
    assert summary.new_events == {"edited": 1, "touched": 1, "created": 1}
    assert summary.accounts_added == ["Newco"]
    text = "\n".join(summary.lines())
    assert "3 new events" in text
    assert "Café Olé: owner was edited in both copies; the later edit stands" in text


def test_merging_the_same_copy_twice_changes_nothing(sample_copies: tuple[Path, Path]) -> None:
    a, b = sample_copies
    with Book.open(b) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(hours=1)))
        svc.log_touch(svc.resolve("Café").id, TouchKind.CALL, summary="b")
        svc.save_view(4, "stale ones", "stale")
    first = _merge(a, b)
    assert not first.nothing_new
    after_first = rows(a)
    second = _merge(a, b)
    assert second.nothing_new
    assert rows(a) == after_first
    assert after_first["saved_views"][0][1] == "stale ones"


def test_the_other_copy_is_never_written(sample_copies: tuple[Path, Path]) -> None:
    a, b = sample_copies
    with Book.open(b) as book:
        BookService(book, clock=TickingClock(FROZEN_NOW)).add_account("Newco")
    before = b.read_bytes()
    _merge(a, b)
    assert b.read_bytes() == before


def test_saved_views_later_save_wins_both_ways(
    tmp_path: Path, sample_copies: tuple[Path, Path]
) -> None:
    a, b = sample_copies
    with Book.open(a) as book:
        BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(hours=2))).save_view(
            1, "later", "stale"
        )
    with Book.open(b) as book:
        BookService(book, clock=TickingClock(FROZEN_NOW)).save_view(1, "earlier", "health:red")
    _both_ways(tmp_path, a, b)
    assert rows(a)["saved_views"] == rows(b)["saved_views"]
    assert rows(a)["saved_views"][0][1] == "later"


def test_a_different_book_is_refused(tmp_path: Path, sample_copies: tuple[Path, Path]) -> None:
    a, _ = sample_copies
    other = tmp_path / "other.db"
    source = SAMPLE.parent / "src" / "tendtui" / "data" / "default_playbook.toml"
    text = source.read_text().replace('name = "default"', 'name = "other"')
    with Book.open(other, playbook_source=text) as book:
        BookService(book, clock=TickingClock(FROZEN_NOW)).add_account("Elsewhere")
    before = rows(a)
    with pytest.raises(InvalidInput, match="different playbook"):
        _merge(a, other)
    assert rows(a) == before


def test_merging_a_book_into_itself_or_a_non_book_is_refused(
    tmp_path: Path, sample_copies: tuple[Path, Path]
) -> None:
    a, _ = sample_copies
    with pytest.raises(InvalidInput, match="is this book"):
        _merge(a, a)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BookError):
        _merge(a, junk)
    with pytest.raises(BookError, match="no book"):
        _merge(a, tmp_path / "missing.db")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.lists(ops, min_size=3, max_size=15),
    left=st.lists(ops, max_size=15),
    right=st.lists(ops, max_size=15),
)
def test_any_divergence_merges_the_same_both_ways_and_idempotently(
    base: list[Op], left: list[Op], right: list[Op]
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tendtui-merge-"))
    try:
        _work(folder / "base.db", base, 0)
        a, b = _diverge(folder, folder / "base.db")
        _work(a, left, 60)
        _work(b, right, 61)
        _both_ways(folder, a, b)
        merged = rows(a)
        assert merged == rows(b)
        _merge(a, folder / "b0.db")
        assert rows(a) == merged
        with Book.open(a) as book:  # the merged state is consistent: one open stint each
            for account in book.accounts(include_archived=True):
                open_stints = [s for s in book.stints(account.id) if s.left_at is None]
                assert [s.id for s in open_stints] == [account.stint_id]
    finally:
        shutil.rmtree(folder)


def test_a_saved_view_both_copies_hold_alike_is_not_held_against_a_merge(
    sample_copies: tuple[Path, Path],
) -> None:
    """A view another tool wrote with a control character, present alike in both copies, is not
    new to the book: it is not checked as foreign input, and the merge goes ahead."""
    a, b = sample_copies
    for path in (a, b):
        with sqlite3.connect(path) as conn:
            conn.execute(
                "INSERT INTO saved_views VALUES (7, 'odd' || char(7), 'stale', "
                "'2026-11-01T00:00:00.000000Z')"
            )
    with Book.open(b) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(hours=1)))
        svc.log_touch(svc.resolve("Café Olé").id, TouchKind.CALL, summary="from b")
    summary = _merge(a, b)
    assert summary.new_events == {"touched": 1}
    assert summary.views_taken == 0


def _rates(path: Path) -> dict[str, str]:
    with Book.open(path, create=False) as book:
        return {r.currency: r.rate for r in book.rate_rows()}


def test_exchange_rates_the_later_set_wins_both_ways_with_a_conflict_line(
    tmp_path: Path, sample_copies: tuple[Path, Path]
) -> None:
    a, b = sample_copies
    with Book.open(a) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW))
        svc.set_rate("GBP", "1.25")  # set first: loses to b's
        svc.set_rate("JPY", "0.0067")  # only here
    with Book.open(b) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(hours=1)))
        svc.set_rate("GBP", "1.27")
        svc.set_rate("EUR", "1.08")  # only there
    a0 = tmp_path / "a0.db"
    shutil.copy(a, a0)
    summary = _merge(a, b)
    text = "\n".join(summary.lines())
    assert "  2 exchange rates and settings taken from b.db" in text
    assert "  conflict: GBP rate is 1.25 here and 1.27 in b.db; the later (1.27) stands" in text
    back = _merge(b, a0)
    assert (
        "conflict: GBP rate is 1.27 here and 1.25 in a0.db; the later (1.27) stands"
        in "\n".join(back.lines())
    )
    assert _rates(a) == _rates(b) == {"GBP": "1.27", "JPY": "0.0067", "EUR": "1.08"}
    assert rows(a)["rates"] == rows(b)["rates"]
    assert _merge(a, b).nothing_new  # merging again takes nothing


def test_a_later_base_currency_wins_and_is_named(sample_copies: tuple[Path, Path]) -> None:
    a, b = sample_copies
    with Book.open(a) as book:  # a's rates are quoted in USD
        BookService(book, clock=TickingClock(FROZEN_NOW)).set_rate("EUR", "1.08")
    with Book.open(b) as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(hours=1)))
        svc.set_base("EUR")
        svc.set_rate("USD", "0.93")
    a0 = tmp_copy(a)
    summary = _merge(a, b)
    assert (
        "the base currency is USD here and EUR in b.db; EUR stands, and so do b.db's rates "
        "(in EUR), in place of this book's" in summary.conflicts
    )
    with Book.open(a, create=False) as book:
        rates = BookService(book, clock=TickingClock(FROZEN_NOW)).rates()
    assert rates.base == "EUR"
    # Rates in two bases are never mixed: no rate is left for EUR, the base now.
    assert {c: str(r) for c, r in rates.to_base.items()} == {"USD": "0.93"}
    # The other way round, the book's own later base stands with its own rates.
    back = _merge(b, a0)
    assert (
        f"the base currency is EUR here and USD in {a0.name}; EUR stands, and {a0.name}'s rates "
        "(in USD) are left out" in back.conflicts
    )
    assert _rates(b) == {"USD": "0.93"}


def tmp_copy(path: Path) -> Path:
    """A copy of a book beside it, taken before a merge changes it."""
    copy = path.with_name(f"{path.stem}0.db")
    shutil.copy(path, copy)
    return copy


def test_a_bad_rate_in_the_other_copy_refuses_the_merge(sample_copies: tuple[Path, Path]) -> None:
    a, b = sample_copies
    with Book.open(b) as book:
        BookService(book, clock=TickingClock(FROZEN_NOW)).add_account("Newco")
        book.db.execute("INSERT INTO rates VALUES ('GBP', '-1', '2026-11-22T15:00:00.000000Z')")
    assert _rates(a) == {}  # opened: migrated to the schema that has rates
    before = rows(a)
    with pytest.raises(InvalidInput, match=r"b\.db: rate for 'GBP': bad rate '-1'"):
        _merge(a, b)
    assert rows(a) == before
