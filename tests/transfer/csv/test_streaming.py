"""What lets a 100,000-row import run in bounded memory, each piece held to what it replaces.

The table walks the CSV's text again instead of keeping its cells (Rows), over lines split
as io.StringIO split them; exact duplicate rows are found by digest; events are written a
chunk at a time; bulk work pauses the cycle collector and raises SQLite's page cache, and
puts both back however it ends.
"""

from __future__ import annotations

import gc
import io
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tendtui.services import BookService
from tendtui.services.base import RECORD_CHUNK, new_id
from tendtui.store.book import BULK_CACHE_MB
from tendtui.transfer.csv.decode import Rows, physical_lines, read_table
from tendtui.transfer.csv.importer import apply_import, plan_import
from tendtui.transfer.paused_gc import paused_gc


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab,;"\r\n\x85\u2028\x0b é', max_size=40))
def test_lines_split_as_string_io_splits_them(text: str) -> None:
    assert list(physical_lines(text)) == list(io.StringIO(text, newline=""))


CSV = (
    "\ufeffAccount Name,ARR,Owner\r\n"
    "\r\n"
    'Acme,"$1,200",Ana\r\n'
    '"Multi\nline Co",900,Bo\r\n'
    'Acme,"$1,200",Ana\r\n'
    "\r\n"
    "Total,,\r\n"
)


def test_rows_walk_again_from_the_text_and_match_a_kept_table() -> None:
    table = read_table(CSV.encode(), "a.csv")
    assert isinstance(table.rows, Rows)
    expected = [(3, ["Acme", "$1,200", "Ana"]), (4, ["Multi\nline Co", "900", "Bo"])]
    expected.append((6, ["Acme", "$1,200", "Ana"]))
    assert list(table.rows) == expected
    assert list(table.rows) == expected  # a second walk gives the same rows
    assert len(table.rows) == 3
    assert table.rows[1] == expected[1]
    assert table.footer == 1


def test_an_exact_duplicate_row_is_found_without_keeping_the_cells() -> None:
    with BookService.in_memory() as svc:
        plan = plan_import(svc, CSV.encode(), "a.csv")
        assert plan.read.duplicates == [(6, 3)]
        assert [(r.line, r.name, r.arr) for r in plan.read.incoming] == [
            (3, "Acme", 1_200),
            (4, "Multi line Co", 900),
        ]
        assert plan.problems == []


def test_events_are_written_a_chunk_at_a_time_in_one_transaction() -> None:
    rows = RECORD_CHUNK * 2 + 7
    text = "Account Name,ARR\n" + "".join(f"Co {n},{n}\n" for n in range(rows))
    with BookService.in_memory() as svc:
        result = apply_import(svc, plan_import(svc, text.encode(), "big.csv"))
        assert result.added == rows
        conn = svc.book.conn
        assert conn.execute("SELECT count(*) FROM accounts").fetchone() == (rows,)
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (rows,)
        assert conn.execute("SELECT count(*) FROM search_docs").fetchone() == (rows,)
        # the page cache is back to SQLite's default once the import is written
        assert conn.execute("PRAGMA cache_size").fetchone() == (-2000,)


def test_a_refused_bulk_write_restores_the_page_cache_and_writes_nothing() -> None:
    with BookService.in_memory() as svc:
        conn = svc.book.conn
        seen: list[tuple[int]] = []

        def write_then_fail() -> None:
            with svc.book.bulk_transaction():
                seen.append(conn.execute("PRAGMA cache_size").fetchone())
                conn.execute("INSERT INTO saved_views VALUES (1, 'x', 'y', 'z')")
                raise RuntimeError("stop")

        with pytest.raises(RuntimeError, match="stop"):
            write_then_fail()
        assert seen == [(-BULK_CACHE_MB * 1000,)]
        assert conn.execute("PRAGMA cache_size").fetchone() == (-2000,)
        assert conn.execute("SELECT count(*) FROM saved_views").fetchone() == (0,)


def test_the_cycle_collector_comes_back_as_it_was() -> None:
    assert gc.isenabled()
    seen: list[bool] = []

    def fail_while_paused() -> None:
        with paused_gc():
            seen.append(gc.isenabled())
            raise ValueError("stop")

    with pytest.raises(ValueError, match="stop"):
        fail_while_paused()
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off before, so it stays off
    finally:
        gc.enable()


def test_ids_are_version_7_and_sort_by_when_they_were_made() -> None:
    made = [new_id() for _ in range(2_000)]
    for text in made:
        found = uuid.UUID(text)
        assert (found.version, found.variant) == (7, uuid.RFC_4122)
        assert str(found) == text
    stamps = [uuid.UUID(t).int >> 80 for t in made]
    assert stamps == sorted(stamps)
    assert len(set(made)) == len(made)
