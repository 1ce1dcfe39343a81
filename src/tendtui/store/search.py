"""The full-text index: one SQLite FTS5 table over everything a CSM might look for.

Each document is one thing a person wrote: an account's name, owner, segment and external id
together; a touch's summary and next step; a task's text. The text is stored folded
(domain.text.fold: case and accents dropped, ø as o), so the index matches exactly as every
other lookup in tendtui does, and the tokenizer only splits words (`unicode61`, no further
folding of its own). `search_docs` maps each document to its account and to the row it came
from, so a document is found and removed by key, never by scanning the index.

The projection keeps the index in step inside the same transaction as each event
(store/projection.py), so a search never sees a book other than the one on the board.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tendtui.domain.text import fold

CREATE = (
    "CREATE TABLE search_docs (rowid INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE,"
    " account_id TEXT NOT NULL, kind TEXT NOT NULL)",
    "CREATE INDEX idx_search_docs_account ON search_docs(account_id)",
    # detail=column: no word positions (nothing here asks for phrases), a smaller index and
    # about a fifth less work per touch commit (benchmarks/bench_daily_loop.py).
    "CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'unicode61 remove_diacritics 0',"
    " detail = column)",
)
"""The index's tables, made by migration 4."""


def _token_char(ch: str) -> bool:
    """As FTS5's unicode61 tokenizer decides: letters, numbers and marks belong to words;
    spaces, punctuation and symbols (`_`, `+`, `€`) separate them."""
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


def words(text: str) -> list[str]:
    """The words of a query or a document, folded, as the index splits them."""
    found: list[str] = []
    current: list[str] = []
    for ch in fold(text):
        if _token_char(ch):
            current.append(ch)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def put(
    conn: sqlite3.Connection, ref: str, account_id: str, kind: str, parts: Iterable[str | None]
) -> None:
    """Index (or index again) the document `ref` from its text parts."""
    drop(conn, ref)
    text = fold(" ".join(p for p in parts if p))
    if not text.strip():
        return
    cursor = conn.execute(
        "INSERT INTO search_docs (ref, account_id, kind) VALUES (?, ?, ?)", [ref, account_id, kind]
    )
    conn.execute("INSERT INTO search (rowid, text) VALUES (?, ?)", [cursor.lastrowid, text])


def put_many(conn: sqlite3.Connection, docs: Iterable[tuple[str, str, str, str]]) -> None:
    """Index new documents in bulk: (ref, account_id, kind, text). A document already indexed
    is left as it is, and one whose account is not in the book is not indexed (a merge
    replays events of accounts another copy removed)."""
    rows = [(ref, account, kind, fold(text)) for ref, account, kind, text in docs if text.strip()]
    conn.executemany(
        "INSERT OR IGNORE INTO search_docs (ref, account_id, kind)"
        " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?)",
        [(ref, account, kind, account) for ref, account, kind, _ in rows],
    )
    conn.executemany(
        "INSERT INTO search (rowid, text) SELECT d.rowid, ? FROM search_docs d WHERE d.ref = ?"
        " AND NOT EXISTS (SELECT 1 FROM search s WHERE s.rowid = d.rowid)",
        [(text, ref) for ref, _, _, text in rows],
    )


def drop(conn: sqlite3.Connection, ref: str) -> None:
    """Take the document `ref` out of the index, if it is there."""
    row = conn.execute("SELECT rowid FROM search_docs WHERE ref = ?", [ref]).fetchone()
    if row is not None:
        conn.execute("DELETE FROM search WHERE rowid = ?", [row[0]])
        conn.execute("DELETE FROM search_docs WHERE rowid = ?", [row[0]])


def drop_account(conn: sqlite3.Connection, account_id: str) -> None:
    """Take every document of an account out of the index."""
    rows = conn.execute("SELECT rowid FROM search_docs WHERE account_id = ?", [account_id])
    ids = [(r[0],) for r in rows.fetchall()]
    conn.executemany("DELETE FROM search WHERE rowid = ?", ids)
    conn.execute("DELETE FROM search_docs WHERE account_id = ?", [account_id])


def match_expression(query: str) -> str | None:
    """An FTS5 query that finds documents holding every word of `query` as a word prefix
    (`zurch treu` finds "Zürcher Treuhand"); None when the query has no words."""
    found = words(query)
    if not found:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in found)


@dataclass(frozen=True)
class Hit:
    """A document that matched, best first."""

    account_id: str
    kind: str
    """account, touch or task."""
    ref: str
    """The account's, touch's or task's id."""
    rank: float
    """FTS5's bm25: lower is better."""


RANKED = 2_000
"""Matches ranked at most, newest first: past that, a word is in most of the book."""


def hits(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[Hit]:
    """Documents holding every word of `query`, best match first.

    The best of the newest RANKED matches: a word found in 400,000 touches would otherwise be
    scored 400,000 times (0.9 s) to show 20. FTS5 walks its matches in rowid order without
    scoring until asked, so the newest come cheaply; below RANKED matches the ranking is exact.
    """
    expression = match_expression(query)
    if expression is None:
        return []
    rows = conn.execute(
        "SELECT d.account_id, d.kind, d.ref, m.rank FROM"
        " (SELECT rowid, bm25(search) AS rank FROM search WHERE search MATCH ?"
        "  ORDER BY rowid DESC LIMIT ?) m"
        " JOIN search_docs d ON d.rowid = m.rowid ORDER BY m.rank, m.rowid DESC LIMIT ?",
        [expression, RANKED, limit],
    )
    return [Hit(r[0], r[1], r[2], float(r[3])) for r in rows]


def accounts_matching(conn: sqlite3.Connection, query: str) -> set[str] | None:
    """Accounts whose documents, together, hold every word of `query` (one word may be in the
    name and another in a touch); None when the query has no words (no filter)."""
    found = words(query)
    if not found:
        return None
    result: set[str] | None = None
    for word in dict.fromkeys(found):
        expression = '"' + word.replace('"', '""') + '"*'
        rows = conn.execute(
            "SELECT DISTINCT d.account_id FROM search JOIN search_docs d"
            " ON d.rowid = search.rowid WHERE search MATCH ?",
            [expression],
        )
        ids = {r[0] for r in rows}
        result = ids if result is None else result & ids
        if not result:
            return set()
    return result


def rebuild(conn: sqlite3.Connection) -> None:
    """Index the whole book again from its rows (migration 4, and a replay)."""
    conn.execute("DELETE FROM search")
    conn.execute("DELETE FROM search_docs")
    for account_id, *parts in conn.execute(
        "SELECT id, name, owner, segment, external_id FROM accounts"
    ).fetchall():
        put(conn, account_id, account_id, "account", _texts(parts))
    for touch_id, account_id, *parts in conn.execute(
        "SELECT id, account_id, summary, next_step FROM touches"
    ).fetchall():
        put(conn, touch_id, account_id, "touch", _texts(parts))
    for task_id, account_id, text in conn.execute(
        "SELECT id, account_id, text FROM tasks"
    ).fetchall():
        put(conn, task_id, account_id, "task", _texts([text]))


def _texts(values: Sequence[object]) -> list[str | None]:
    return [v if isinstance(v, str) else None for v in values]
