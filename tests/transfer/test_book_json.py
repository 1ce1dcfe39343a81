"""The JSON dump: exported, imported into a new book, and the rows are identical."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tendtui.domain.errors import InvalidInput
from tendtui.services import BookService
from tendtui.services.merging import MergeSummary
from tendtui.store.book import Book
from tendtui.transfer.book_json import dump_book, merge_dump, parse_dump
from tests.conftest import FROZEN_NOW, FrozenClock
from tests.transfer.ops import Op, TickingClock, apply_ops, ops, rows, stored_rows

SAMPLE = Path(__file__).parents[2] / "sample.db"


def _round_trip(source: Path, target: Path) -> None:
    with Book.open(source, create=False) as book:
        data = json.dumps(dump_book(BookService(book, clock=FrozenClock()))).encode()
    with Book.open(target) as book:
        summary = load_dump(BookService(book, clock=FrozenClock()), data, "dump.json")
    assert summary.into_blank


def load_dump(service: BookService, data: bytes, source: str) -> MergeSummary:
    return merge_dump(service, parse_dump(data, source), source)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=st.lists(ops, min_size=1, max_size=40))
def test_export_import_gives_identical_rows(history: list[Op]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tendtui-json-"))
    try:
        with Book.open(folder / "a.db") as book:
            apply_ops(BookService(book, clock=TickingClock(FROZEN_NOW)), history)
        _round_trip(folder / "a.db", folder / "b.db")
        assert stored_rows(folder / "b.db") == stored_rows(folder / "a.db")
    finally:
        shutil.rmtree(folder)


def test_sample_book_round_trips(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "sample.db")
    _round_trip(tmp_path / "sample.db", tmp_path / "copy.db")
    original, copy = stored_rows(tmp_path / "sample.db"), stored_rows(tmp_path / "copy.db")
    assert len(copy["accounts"]) == 41
    assert copy == original


def test_importing_a_dump_twice_changes_nothing(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "sample.db")
    _round_trip(tmp_path / "sample.db", tmp_path / "copy.db")
    before = rows(tmp_path / "copy.db")
    with Book.open(tmp_path / "sample.db") as book:
        data = json.dumps(dump_book(BookService(book, clock=FrozenClock()))).encode()
    with Book.open(tmp_path / "copy.db") as book:
        summary = load_dump(BookService(book, clock=FrozenClock()), data, "dump.json")
    assert summary.nothing_new
    assert rows(tmp_path / "copy.db") == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"format": "other"}', "not a tendtui export"),
        (b'{"format": "tendtui-book", "version": 99}', "newer tendtui"),
        (b'{"format": "tendtui-book", "version": 1, "events": [{"id": 1}]}', "incomplete"),
        (
            b'{"format": "tendtui-book", "version": 1, "playbook": {"source": "x",'
            b' "installed_at": "2026-01-01T00:00:00.000000Z"},'
            b' "events": [{"id": "e", "account_id": "a", "kind": "exploded", "payload": {},'
            b' "at": "2026-01-01T00:00:00Z"}]}',
            "the playbook is not valid TOML",
        ),
    ],
)
def test_bad_dumps_are_refused_and_write_nothing(book: Book, text: bytes, message: str) -> None:
    service = BookService(book, clock=FrozenClock())
    with pytest.raises(InvalidInput, match=message):
        load_dump(service, text, "bad.json")
    assert book.is_blank()
    assert book.accounts() == []


def test_a_dump_with_control_characters_is_refused_whole(tmp_path: Path, book: Book) -> None:
    shutil.copy(SAMPLE, tmp_path / "sample.db")
    with Book.open(tmp_path / "sample.db") as source:
        dump = dump_book(BookService(source, clock=FrozenClock()))
    created = next(e for e in dump["events"] if e["kind"] == "created")
    created["payload"]["account"]["name"] = "Evil\x1b]0;pwned\x07 Co"
    with pytest.raises(InvalidInput, match="name: holds U\\+001B, which tendtui never writes"):
        load_dump(BookService(book, clock=FrozenClock()), json.dumps(dump).encode(), "evil.json")
    assert book.is_blank()


def test_rates_and_the_base_currency_round_trip(tmp_path: Path) -> None:
    with Book.open(tmp_path / "a.db") as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW))
        svc.add_account("Acme", arr=1000)
        svc.set_rate("GBP", "1.17")
        svc.set_base("EUR")
        svc.set_rate("USD", "0.93")
        svc.set_rate("GBP", "1.18")
        data = dump_book(svc)
    assert [(r["currency"], r["rate"]) for r in data["rates"]] == [("USD", "0.93"), ("GBP", "1.18")]
    assert [(s["key"], s["value"]) for s in data["settings"]] == [("base_currency", "EUR")]
    _round_trip(tmp_path / "a.db", tmp_path / "b.db")
    assert stored_rows(tmp_path / "b.db") == stored_rows(tmp_path / "a.db")
    with Book.open(tmp_path / "b.db", create=False) as book:
        rates = BookService(book, clock=FrozenClock()).rates()
    assert rates.base == "EUR"
    assert {c: str(r) for c, r in rates.to_base.items()} == {"USD": "0.93", "GBP": "1.18"}


def test_a_dump_with_a_bad_rate_is_refused_whole(tmp_path: Path, book: Book) -> None:
    with Book.open(tmp_path / "a.db") as source:
        svc = BookService(source, clock=FrozenClock())
        svc.add_account("Acme")
        data = dump_book(svc)
    data["rates"] = [{"currency": "GBP", "rate": "1,17", "set_at": data["exported_at"]}]
    with pytest.raises(InvalidInput, match=r"dump.json: rate for 'GBP': bad rate '1,17'"):
        load_dump(BookService(book, clock=FrozenClock()), json.dumps(data).encode(), "dump.json")
    assert book.is_blank()
    assert book.rate_rows() == []


def test_the_books_own_name_travels_in_a_dump_and_the_later_name_wins(tmp_path: Path) -> None:
    with Book.open(tmp_path / "a.db") as book:
        svc = BookService(book, clock=TickingClock(FROZEN_NOW))
        svc.add_account("Acme")
        svc.set_book_name("Client A")
        data = dump_book(svc)
    assert [(s["key"], s["value"]) for s in data["settings"]] == [("name", "Client A")]
    _round_trip(tmp_path / "a.db", tmp_path / "b.db")
    with Book.open(tmp_path / "b.db", create=False) as book:
        copy = BookService(book, clock=TickingClock(FROZEN_NOW + timedelta(days=1)))
        assert copy.label == "Client A"
        copy.set_book_name("Client A (EMEA)")  # later than the dump's
        load_dump(copy, json.dumps(data).encode(), "dump.json")
        assert copy.book_name() == "Client A (EMEA)"


def test_a_dump_whose_book_name_is_not_clean_is_refused_whole(tmp_path: Path, book: Book) -> None:
    with Book.open(tmp_path / "a.db") as source:
        svc = BookService(source, clock=FrozenClock())
        svc.add_account("Acme")
        data = dump_book(svc)
    data["settings"] = [{"key": "name", "value": "\x1b]0;pwned\x07", "set_at": data["exported_at"]}]
    with pytest.raises(InvalidInput, match="book's name must be one clean line"):
        load_dump(BookService(book, clock=FrozenClock()), json.dumps(data).encode(), "dump.json")
    assert book.is_blank()
    assert book.setting_rows() == []
