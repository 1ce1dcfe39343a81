"""The full-text index: one SQLite FTS5 table over everything a CSM might look for.

Each document is one thing a person wrote: an account's name, owner, segment and external id
together; a touch's summary and next step; a task's text. The text is stored as its words,
folded (domain.text.fold: case and accents dropped, ø as o) and split by `words` (Python's
Unicode tables), one space apart, so the index matches exactly as every other lookup in
tendtui does and as a scan of the rows would; the tokenizer (`ascii`) only splits at the
spaces. `search_docs` maps each document to its account and to the row it came from, so a
document is found and removed by key, never by scanning the index.

Touches and tasks, the documents written every day, are indexed in batches: a commit that
logs a touch writes only the touch, and the commit that brings the waiting rows to BATCH
indexes them all (`keep_up`), so FTS5 writes one segment per batch rather than one per commit
(the index adds a few per cent to a touch commit instead of some 40 %: docs/benchmarks.md).
`search_mark` keeps, for each of the two tables, the rowid up to which every row is indexed,
so the waiting rows are found by rowid. A read sees them all the same: a search first indexes
what waits (`catch_up`; Book.search_hits), and where it cannot (another process holds the
book) or need not (the board's filter), the waiting rows, fewer than a batch, are matched one
by one (`pending_hits`). Accounts, edited rarely, are indexed in the commit that changes them.
Every write stays inside an event's transaction, so a search never sees a book other than the
one on the board.
"""

from __future__ import annotations

import re
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
"""The index's tables, made by migration 4 (migration 6 made `search` again: RETOKENIZED)."""

RETOKENIZED = "CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'ascii', detail = column)"
"""The FTS5 table since migration 6: the text arrives split into words (`indexed_text`), and
`ascii` keeps every non-ASCII character inside a word, so the index's words are Python's."""


def retokenize(conn: sqlite3.Connection) -> None:
    """Make `search` again with RETOKENIZED, from the texts it holds (migration 6)."""
    rows = conn.execute("SELECT rowid, text FROM search").fetchall()
    conn.execute("DROP TABLE search")
    conn.execute(RETOKENIZED)
    conn.executemany(
        "INSERT INTO search (rowid, text) VALUES (?, ?)",
        [(rowid, indexed_text(text)) for rowid, text in rows if indexed_text(text)],
    )


MARK = (
    "CREATE TABLE search_mark (source TEXT PRIMARY KEY, up_to INTEGER NOT NULL,"
    " row_id TEXT) WITHOUT ROWID",
)
"""Per batched table, the rowid up to which every row is indexed (and that row's id, to notice
rowids that changed under it), made by migration 5."""

BATCH = 64
"""Touches or tasks waiting at most, before they are indexed together."""

SOURCES = {"touch": ("touches", "summary, next_step"), "task": ("tasks", "text")}
"""The batched documents: kind -> (table, text columns)."""


def _token_char(ch: str) -> bool:
    """As FTS5's unicode61 tokenizer decides: letters, numbers and marks belong to words;
    spaces, punctuation and symbols (`_`, `+`, `€`) separate them."""
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


_ASCII_WORD = re.compile(r"[0-9a-z]+")
"""In ASCII text (folded, so lower case), the letters and digits are exactly the characters
`_token_char` keeps: the fast path for most names, owners and notes."""


def words(text: str) -> list[str]:
    """The words of a query or a document, folded, as the index splits them."""
    folded = fold(text)
    if folded.isascii():
        return _ASCII_WORD.findall(folded)
    found: list[str] = []
    current: list[str] = []
    for ch in folded:
        if _token_char(ch):
            current.append(ch)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def indexed_text(text: str) -> str:
    """What the index holds for a text: its words (`words`), one space apart. The index's
    tokenizer (`ascii`) then only splits at the spaces: SQLite's own Unicode tables are
    older than Python's, and `unicode61` took a letter added in Unicode 13 for a separator,
    so the index and a scan of the rows disagreed (tests/store/test_search.py)."""
    return " ".join(words(text))


def put(
    conn: sqlite3.Connection, ref: str, account_id: str, kind: str, parts: Iterable[str | None]
) -> None:
    """Index (or index again) the document `ref` from its text parts."""
    drop(conn, ref)
    text = indexed_text(" ".join(p for p in parts if p))
    if not text.strip():
        return
    cursor = conn.execute(
        "INSERT INTO search_docs (ref, account_id, kind) VALUES (?, ?, ?)", [ref, account_id, kind]
    )
    conn.execute("INSERT INTO search (rowid, text) VALUES (?, ?)", [cursor.lastrowid, text])


def put_many(conn: sqlite3.Connection, docs: Iterable[tuple[str, str, str, str]]) -> None:
    """Index new documents in bulk: (ref, account_id, kind, text). A document already indexed
    is left as it is, and one whose account is not in the book is not indexed (a merge
    replays events of accounts another copy removed).

    The FTS5 table is only written, never queried, here: a query on it first writes out what
    it holds in memory, a segment of its own, and one per document would undo the batch.
    The documents that are new are the ones above the document map's highest rowid before."""
    rows = list(docs)
    texts = {ref: found for ref, _, _, text in rows if (found := indexed_text(text))}
    before = conn.execute("SELECT coalesce(max(rowid), 0) FROM search_docs").fetchone()[0]
    conn.executemany(
        "INSERT OR IGNORE INTO search_docs (ref, account_id, kind)"
        " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?)",
        [(ref, account, kind, account) for ref, account, kind, _ in rows if ref in texts],
    )
    added = conn.execute("SELECT rowid, ref FROM search_docs WHERE rowid > ?", [before])
    conn.executemany(
        "INSERT INTO search (rowid, text) VALUES (?, ?)", [(r, texts[ref]) for r, ref in added]
    )


def put_new_accounts(conn: sqlite3.Connection, docs: Sequence[tuple[str, str, str, str]]) -> None:
    """`put_many` for accounts just added in this transaction (an import's new accounts):
    none is indexed yet and each is in the book, so their documents take the rowids after the
    highest, given here, rather than being checked and read back one by one."""
    top = conn.execute("SELECT coalesce(max(rowid), 0) FROM search_docs").fetchone()[0]
    rows = [
        (ref, account, kind, found)
        for ref, account, kind, text in docs
        if (found := indexed_text(text))
    ]
    conn.executemany(
        "INSERT INTO search_docs (rowid, ref, account_id, kind) VALUES (?, ?, ?, ?)",
        [(top + n, ref, account, kind) for n, (ref, account, kind, _) in enumerate(rows, 1)],
    )
    conn.executemany(
        "INSERT INTO search (rowid, text) VALUES (?, ?)",
        [(top + n, text) for n, (*_, text) in enumerate(rows, 1)],
    )


def drop(conn: sqlite3.Connection, ref: str) -> None:
    """Take the document `ref` out of the index, if it is there."""
    row = conn.execute("SELECT rowid FROM search_docs WHERE ref = ?", [ref]).fetchone()
    if row is not None:
        conn.execute("DELETE FROM search WHERE rowid = ?", [row[0]])
        conn.execute("DELETE FROM search_docs WHERE rowid = ?", [row[0]])


def drop_account(conn: sqlite3.Connection, account_id: str) -> None:
    """Take every document of an account out of the index: before its rows are deleted, as
    the documents are found through them (one index fewer to write with every document)."""
    rows = conn.execute(
        "SELECT rowid FROM search_docs WHERE ref IN (SELECT id FROM touches WHERE account_id = ?"
        " UNION ALL SELECT id FROM tasks WHERE account_id = ? UNION ALL SELECT ?)",
        [account_id, account_id, account_id],
    )
    ids = [(r[0],) for r in rows.fetchall()]
    conn.executemany("DELETE FROM search WHERE rowid = ?", ids)
    conn.executemany("DELETE FROM search_docs WHERE rowid = ?", ids)


def _mark(conn: sqlite3.Connection, kind: str) -> int:
    """The rowid up to which every row of `kind`'s table is indexed; 0 when unknown or when
    the row it named is not at that rowid any more (a copy that renumbered rows)."""
    table = SOURCES[kind][0]
    row = conn.execute("SELECT up_to, row_id FROM search_mark WHERE source = ?", [kind]).fetchone()
    if row is None or not row[0]:
        return 0
    at = conn.execute(f"SELECT id FROM {table} WHERE rowid = ?", [row[0]]).fetchone()
    return int(row[0]) if at is not None and at[0] == row[1] else 0


def _set_mark(conn: sqlite3.Connection, kind: str, up_to: int) -> None:
    table = SOURCES[kind][0]
    row = conn.execute(
        f"SELECT rowid, id FROM {table} WHERE rowid <= ? ORDER BY rowid DESC LIMIT 1", [up_to]
    ).fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO search_mark (source, up_to, row_id) VALUES (?, ?, ?)",
        [kind, *(row if row is not None else (0, None))],
    )


def _top(conn: sqlite3.Connection, kind: str) -> int:
    row = conn.execute(f"SELECT max(rowid) FROM {SOURCES[kind][0]}").fetchone()
    return int(row[0] or 0)


def _waiting(conn: sqlite3.Connection, kind: str) -> list[tuple[str, str, str, str]]:
    """The rows of `kind` not yet indexed, oldest first, as documents."""
    table, columns = SOURCES[kind]
    rows = conn.execute(
        f"SELECT t.id, t.account_id, {columns} FROM {table} t WHERE t.rowid > ?"
        " AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.ref = t.id) ORDER BY t.rowid",
        [_mark(conn, kind)],
    ).fetchall()
    return [(r[0], r[1], kind, " ".join(v for v in r[2:] if v)) for r in rows]


def waiting_documents(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """Every touch and task not yet indexed, as (ref, account_id, kind, text)."""
    return [doc for kind in SOURCES for doc in _waiting(conn, kind)]


def waiting(conn: sqlite3.Connection) -> bool:
    """Whether any touch or task waits to be indexed."""
    return any(_top(conn, kind) > _mark(conn, kind) for kind in SOURCES)


def _index_waiting(conn: sqlite3.Connection, at_least: int) -> None:
    """Index the waiting rows of each table where at least `at_least` rowids wait."""
    for kind in SOURCES:
        top = _top(conn, kind)
        if top - _mark(conn, kind) >= at_least:
            put_many(conn, _waiting(conn, kind))
            _set_mark(conn, kind, top)


def catch_up(conn: sqlite3.Connection) -> None:
    """Index every touch and task still waiting; inside a transaction."""
    _index_waiting(conn, 1)


def keep_up(conn: sqlite3.Connection) -> None:
    """After a commit's rows are written: index the waiting touches and tasks once a batch
    of them waits; inside that transaction."""
    _index_waiting(conn, BATCH)


def mark_all(conn: sqlite3.Connection) -> None:
    """Every touch and task is in the index (a migration that indexed them all)."""
    for kind in SOURCES:
        _set_mark(conn, kind, _top(conn, kind))


def rows_removed(conn: sqlite3.Connection) -> None:
    """After touches or tasks are deleted: SQLite gives the next row the rowid after the
    highest left, so the mark may not stay above it (or that row would count as indexed)."""
    for kind in SOURCES:
        top = _top(conn, kind)
        row = conn.execute("SELECT up_to FROM search_mark WHERE source = ?", [kind]).fetchone()
        if row is not None and row[0] > top:
            _set_mark(conn, kind, top)


def _matches(words_wanted: Sequence[str], text: str) -> bool:
    tokens = words(text)
    return all(any(t.startswith(w) for t in tokens) for w in words_wanted)


def pending_hits(conn: sqlite3.Connection, query: str) -> list[Hit]:
    """The waiting touches and tasks that hold every word of `query` as a word prefix, as the
    index would match them; newest first."""
    wanted = words(query)
    if not wanted:
        return []
    found = [
        Hit(account_id, kind, ref, 0.0)
        for ref, account_id, kind, text in waiting_documents(conn)
        if _matches(wanted, text)
    ]
    return found[::-1]


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
    found = [Hit(r[0], r[1], r[2], float(r[3])) for r in rows]
    # What waits for its batch (only when the book could not be written to index it first:
    # Book.search_hits) follows the ranked matches: bm25 cannot score a row outside the index.
    return (found + pending_hits(conn, query))[:limit]


def accounts_matching(conn: sqlite3.Connection, query: str) -> set[str] | None:
    """Accounts whose documents, together, hold every word of `query` (one word may be in the
    name and another in a touch); None when the query has no words (no filter). The touches
    and tasks waiting for their batch are matched one by one, so nothing is missed."""
    found = words(query)
    if not found:
        return None
    waiting_docs = [(account, words(text)) for _, account, _, text in waiting_documents(conn)]
    result: set[str] | None = None
    for word in dict.fromkeys(found):
        expression = '"' + word.replace('"', '""') + '"*'
        rows = conn.execute(
            "SELECT DISTINCT d.account_id FROM search JOIN search_docs d"
            " ON d.rowid = search.rowid WHERE search MATCH ?",
            [expression],
        )
        ids = {r[0] for r in rows}
        ids.update(a for a, tokens in waiting_docs if any(t.startswith(word) for t in tokens))
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
    # A next step that migration 4 made a task has its touch's id, and the touch's document
    # already holds its text: indexed again under that id, it would replace the touch's.
    for task_id, account_id, text in conn.execute(
        "SELECT id, account_id, text FROM tasks WHERE id NOT IN (SELECT ref FROM search_docs)"
    ).fetchall():
        put(conn, task_id, account_id, "task", _texts([text]))


def repair_legacy_steps(conn: sqlite3.Connection) -> int:
    """Index again the touches whose document a migrated next step replaced (migration 4 of
    tendtui 0.1 indexed the step, a task with the touch's id, over its touch): the touch's
    document holds the step's text too. Returns how many were mended."""
    rows = conn.execute(
        "SELECT t.id, t.account_id, t.summary, t.next_step FROM touches t"
        " JOIN search_docs d ON d.ref = t.id WHERE d.kind = 'task'"
    ).fetchall()
    for touch_id, account_id, *parts in rows:
        put(conn, touch_id, account_id, "touch", _texts(parts))
    return len(rows)


def _texts(values: Sequence[object]) -> list[str | None]:
    return [v if isinstance(v, str) else None for v in values]
