"""Remembered column mappings are book settings: they travel in merges and JSON dumps, and a
bad one from outside is refused with one line, like a bad saved view."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tendtui.domain.errors import InvalidInput
from tendtui.services import BookService
from tendtui.services.merging import MergeSummary, merge_copy
from tendtui.store.book import Book
from tendtui.store.doctor import examine
from tendtui.transfer.book_json import dump_book, merge_dump, parse_dump
from tests.conftest import FROZEN_NOW, FrozenClock
from tests.transfer.ops import TickingClock, rows

SAMPLE = Path(__file__).parents[2] / "sample.db"
HEADER = ["Org", "Label", "Notes"]


def _remember(path: Path, chosen: dict[int, str], hours: int) -> None:
    with Book.open(path) as book:
        clock = FrozenClock(FROZEN_NOW + timedelta(hours=hours))
        BookService(book, clock=clock).remember_mapping(HEADER, chosen)


def _merge(into: Path, other: Path) -> MergeSummary:
    with Book.open(into) as book:
        return merge_copy(BookService(book, clock=TickingClock(FROZEN_NOW)), other)


def _mappings(path: Path) -> list[tuple[str, dict[str, str], str]]:
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT header_key, mapping, saved_at FROM import_mappings")
        return [(k, json.loads(m), s) for k, m, s in found]


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    shutil.copy(SAMPLE, a)
    shutil.copy(SAMPLE, b)
    return a, b


def test_merge_the_later_save_of_a_header_wins_both_ways(
    tmp_path: Path, copies: tuple[Path, Path]
) -> None:
    a, b = copies
    _remember(a, {1: "segment"}, hours=2)  # later
    _remember(b, {1: "owner", 2: "ignore"}, hours=1)
    a0, b0 = tmp_path / "a0.db", tmp_path / "b0.db"
    shutil.copy(a, a0)
    shutil.copy(b, b0)
    into_b = _merge(b, a0)
    into_a = _merge(a, b0)
    assert into_b.mappings_taken == 1
    assert "  1 remembered column mappings taken from a0.db" in into_b.lines()
    assert into_a.nothing_new
    assert _mappings(a) == _mappings(b)
    assert _mappings(a)[0][1] == {"Label": "segment"}
    assert _merge(b, a0).nothing_new  # merging again changes nothing


def test_a_mapping_only_the_other_copy_has_is_taken(copies: tuple[Path, Path]) -> None:
    a, b = copies
    _remember(b, {0: "name", 2: "ignore"}, hours=1)
    summary = _merge(a, b)
    assert summary.mappings_taken == 1
    assert _mappings(a) == _mappings(b)


def test_a_copy_with_a_bad_mapping_is_refused_and_nothing_is_merged(
    copies: tuple[Path, Path],
) -> None:
    a, b = copies
    with Book.open(b) as book:
        BookService(book, clock=TickingClock(FROZEN_NOW)).add_account("Newco")
    _remember(b, {0: "name"}, hours=1)
    with sqlite3.connect(b) as conn:
        conn.execute("""UPDATE import_mappings SET mapping = '{"Org": "turnover"}'""")
    Book.open(a).close()  # migrated to today's schema, so its rows compare
    before = rows(a)
    with pytest.raises(InvalidInput) as caught:
        _merge(a, b)
    assert "the column mapping remembered for the header 'org, label, notes'" in (
        caught.value.message
    )
    assert "nothing was merged" in caught.value.message
    assert rows(a) == before


def test_a_dump_carries_the_mappings_into_a_new_book(
    tmp_path: Path, copies: tuple[Path, Path]
) -> None:
    a, _ = copies
    _remember(a, {1: "segment", 2: "ignore"}, hours=1)
    with Book.open(a) as book:
        dump = dump_book(BookService(book, clock=FrozenClock()))
    assert dump["import_mappings"] == [
        {
            "header_key": "org\tlabel\tnotes",
            "mapping": {"Label": "segment", "Notes": "ignore"},
            "saved_at": "2026-11-22T16:00:00.000000Z",
        }
    ]
    data = json.dumps(dump).encode()
    target = tmp_path / "new.db"
    with Book.open(target) as book:
        summary = merge_dump(
            BookService(book, clock=FrozenClock()), parse_dump(data, "d.json"), "d.json"
        )
    assert summary.mappings_taken == 1
    assert _mappings(target) == _mappings(a)


@pytest.mark.parametrize(
    ("mappings", "said"),
    [
        ({"header_key": "org"}, "its mapping is not a JSON object"),
        ({"header_key": "org", "mapping": {"Org": "arr!"}, "saved_at": "x"}, "not a field"),
        ({"header_key": "org", "mapping": {"Org": "name"}, "saved_at": "x"}, "bad saved_at"),
    ],
)
def test_a_dump_with_a_bad_mapping_is_refused_with_one_line(
    tmp_path: Path, mappings: dict[str, object], said: str
) -> None:
    with Book.open(tmp_path / "src.db") as book:
        dump = dump_book(BookService(book, clock=FrozenClock()))
    dump["import_mappings"] = [mappings]
    with Book.open(tmp_path / "new.db") as book:
        service = BookService(book, clock=FrozenClock())
        with pytest.raises(InvalidInput) as caught:
            merge_dump(service, parse_dump(json.dumps(dump).encode(), "d.json"), "d.json")
        assert said in caught.value.message
        assert "\n" not in caught.value.message
        assert service.import_mapping_rows() == []
    dump["import_mappings"] = {"org": "name"}
    with pytest.raises(InvalidInput, match="import_mappings is not a list"):
        parse_dump(json.dumps(dump).encode(), "d.json")


def test_doctor_names_a_mapping_that_is_not_column_to_known_field(
    copies: tuple[Path, Path],
) -> None:
    a, _ = copies
    _remember(a, {0: "name"}, hours=1)
    assert {f.status for f in examine(a)} <= {"ok", "warn"}
    assert not [f for f in examine(a) if "mapping" in f.what]
    with sqlite3.connect(a) as conn:
        conn.execute("UPDATE import_mappings SET mapping = 'not json'")
    found = [f for f in examine(a) if "mapping" in f.what]
    assert [f.status for f in found] == ["warn"]
    assert found[0].what == (
        "1 remembered column mapping does not read: the one for the header "
        "'org, label, notes': its mapping is not valid JSON"
    )
