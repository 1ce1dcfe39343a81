"""An import's new accounts skip the `Created` model (domain/new_accounts.py). Two claims keep
that honest, for any cells a file can hold:

- every row the importer accepts is one `NewAccount` accepts, unchanged: the cells are
  validated once, with the limits of the one way in;
- an AccountAdd writes exactly the rows its `Created` event writes (event, payload, account,
  stint, search document), and the logged payload reads back as that event.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tendtui.domain.events import BadEvent, Created, CreatedPayload, NewAccount, parse_event
from tendtui.domain.new_accounts import AccountAdd
from tendtui.services import BookService
from tendtui.store.book import Book
from tendtui.transfer.csv.decode import read_table
from tendtui.transfer.csv.headers import map_headers
from tendtui.transfer.csv.rows import read_rows

AT = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
HEADER = ["Account Name", "ARR", "Currency", "Renewal Date", "Owner", "Segment", "Account ID"]

_cell = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12
) | st.sampled_from(["", " ", "Ünïcødé GmbH", "x" * 300, "\u200b", "a\u0301", "=SUM(A1)"])
_money = st.sampled_from(["", "1200", "$1,200.50", "€ 3.400", "-5", "1e99", "12k", "abc"])
_currency = st.sampled_from(["", "usd", "EUR", "eu", "€", "GBP "])
_day = st.sampled_from(["", "2027-01-31", "2027-02-30", "31/01/2027", "someday", "1/2/2027"])


@st.composite
def _rows(draw: st.DrawFn) -> list[list[str]]:
    return draw(
        st.lists(
            st.tuples(_cell, _money, _currency, _day, _cell, _cell, _cell).map(list),
            min_size=1,
            max_size=6,
        )
    )


PLAYBOOK = BookService.in_memory().playbook


def _read(rows: list[list[str]]) -> list[Any]:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    table = read_table(out.getvalue().encode(), "t.csv")
    return read_rows(table, map_headers(table.headers), PLAYBOOK).incoming


def _add(n: int, **fields: Any) -> AccountAdd:
    values = {
        "name": "Acme",
        "arr": None,
        "currency": "USD",
        "renewal_date": None,
        "owner": None,
        "segment": None,
        "external_id": None,
        "phase": "onboarding",
        **fields,
    }
    return AccountAdd(f"e{n:04d}", f"a{n:04d}", AT, **values)


def _created(add: AccountAdd) -> Created:
    account = NewAccount(
        name=add.name,
        arr=add.arr,
        currency=add.currency,
        renewal_date=add.renewal_date,
        owner=add.owner,
        segment=add.segment,
        external_id=add.external_id,
        phase=add.phase,
    )
    return Created(
        id=add.event_id,
        account_id=add.account_id,
        at=add.at,
        payload=CreatedPayload(account=account),
    )


def _tables(book: Book) -> dict[str, list[tuple[Any, ...]]]:
    conn = book.conn
    return {
        "events": conn.execute("SELECT * FROM events ORDER BY id").fetchall(),
        "accounts": conn.execute("SELECT * FROM accounts ORDER BY id").fetchall(),
        "stints": conn.execute("SELECT * FROM stints ORDER BY id").fetchall(),
        "docs": conn.execute(
            "SELECT d.ref, d.account_id, d.kind, s.text FROM search_docs d"
            " JOIN search s ON s.rowid = d.rowid ORDER BY d.ref"
        ).fetchall(),
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_rows())
def test_a_row_the_importer_accepts_is_a_new_account_unchanged(rows: list[list[str]]) -> None:
    for row in _read(rows):
        fields = {
            "name": row.name,
            "arr": row.arr,
            "currency": row.currency or "USD",
            "renewal_date": row.renewal_date,
            "owner": row.owner,
            "segment": row.segment,
            "external_id": row.external_id,
            "phase": row.phase or "onboarding",
        }
        assert NewAccount.model_validate(fields).model_dump() == fields


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_rows())
def test_an_add_writes_the_rows_of_its_created_event(rows: list[list[str]]) -> None:
    adds = [
        _add(
            n,
            name=row.name,
            arr=row.arr,
            currency=row.currency or "USD",
            renewal_date=row.renewal_date,
            owner=row.owner,
            segment=row.segment,
            external_id=row.external_id,
        )
        for n, row in enumerate(_read(rows))
    ]
    fast, slow = Book.in_memory(installed_at=AT), Book.in_memory(installed_at=AT)
    with fast.transaction():
        assert fast.record_many(adds) == len(adds)
    with slow.transaction():
        slow.record_many([_created(a) for a in adds])
    assert _tables(fast) == _tables(slow)
    for add, (row_id, account_id, kind, payload, at, action) in zip(
        adds, _tables(fast)["events"], strict=True
    ):
        event = parse_event(row_id, account_id, kind, payload, at)
        assert event == _created(add)
        assert action is None


def test_every_field_filled_and_unknown_arr_match_the_event_path() -> None:
    adds = [
        _add(
            1,
            name="Zürcher Treuhand AG",
            arr=58_250,
            currency="EUR",
            renewal_date=date(2027, 3, 4),
            owner="Søren",
            segment="Mid-Market",
            external_id="0015g00000XyZ12",
            phase="nurturing",
        ),
        _add(2, name="北京 Labs"),
    ]
    fast, slow = Book.in_memory(installed_at=AT), Book.in_memory(installed_at=AT)
    with fast.transaction():
        fast.record_many(adds)
    with slow.transaction():
        slow.record_many([_created(a) for a in adds])
    assert _tables(fast) == _tables(slow)
    names = [r[0] for r in fast.conn.execute("SELECT name FROM accounts ORDER BY id")]
    assert names == ["Zürcher Treuhand AG", "北京 Labs"]
    assert fast.conn.execute("SELECT arr FROM accounts WHERE id = 'a0002'").fetchone() == (None,)


def test_an_add_into_a_phase_the_playbook_lacks_is_refused_and_writes_nothing() -> None:
    book = Book.in_memory(installed_at=AT)
    with pytest.raises(BadEvent, match="no phase 'limbo'"), book.transaction():
        book.record_many([_add(1), _add(2, phase="limbo")])
    assert book.conn.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
    assert book.conn.execute("SELECT count(*) FROM events").fetchone() == (0,)
