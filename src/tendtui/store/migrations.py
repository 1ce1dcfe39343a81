"""Schema migrations. The schema version is kept in the file as `PRAGMA user_version`.

Each migration takes the book from version N-1 to N inside one transaction. Append new ones to
MIGRATIONS; never edit a released one. docs/schema.md documents the tables for people.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from tendtui.domain.events import Touched, Undone, parse_event
from tendtui.domain.text import fold
from tendtui.store import browse, contacts, revenue, search, tasks
from tendtui.store.schema import SCHEMA_VERSION, schema_version


def _v1_initial(db: Database) -> None:
    db.table("playbook").create(
        {"id": int, "name": str, "version": int, "source": str, "installed_at": str},
        pk="id",
        not_null={"name", "source", "installed_at"},
    )
    db.table("accounts").create(
        {
            "id": str,
            "name": str,
            "arr": int,
            "currency": str,
            "renewal_date": str,
            "owner": str,
            "segment": str,
            "external_id": str,
            "phase": str,
            "phase_entered_at": str,
            "came_from": str,
            "stint_id": str,
            "archived": int,
            "created_at": str,
        },
        pk="id",
        not_null={"name", "arr", "currency", "phase", "phase_entered_at", "stint_id", "created_at"},
        defaults={"arr": 0, "currency": "USD", "archived": 0},
    )
    db.table("stints").create(
        {
            "id": str,
            "account_id": str,
            "phase": str,
            "entered_at": str,
            "left_at": str,
        },
        pk="id",
        not_null={"account_id", "phase", "entered_at"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db.table("ticks").create(
        {"stint_id": str, "account_id": str, "item": str, "ticked_at": str},
        pk=("stint_id", "item"),
        not_null={"account_id", "ticked_at"},
        foreign_keys=[("stint_id", "stints", "id"), ("account_id", "accounts", "id")],
    )
    db.table("touches").create(
        {
            "id": str,
            "account_id": str,
            "kind": str,
            "happened_on": str,
            "summary": str,
            "sentiment": str,
            "next_step": str,
            "next_step_due": str,
            "logged_at": str,
        },
        pk="id",
        not_null={"account_id", "kind", "happened_on", "logged_at"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    # No foreign key on events.account_id: history outlives an undone `created`.
    db.table("events").create(
        {"id": str, "account_id": str, "kind": str, "payload": str, "at": str},
        pk="id",
        not_null={"account_id", "kind", "payload", "at"},
    )
    db.table("accounts").create_index(["phase"])
    db.table("stints").create_index(["account_id", "entered_at"])
    db.table("ticks").create_index(["account_id"])
    # kind in the index: "last customer touch" (notes excluded) is read from the index alone.
    db.table("touches").create_index(["account_id", "happened_on", "kind"])
    db.table("touches").create_index(["next_step_due"])
    # Health reads recent sentiment for every account at once: a covering index keeps that
    # to a range scan over the window instead of a pass over every touch.
    db.table("touches").create_index(["happened_on", "account_id", "sentiment", "kind"])
    db.table("events").create_index(["account_id"])
    db.table("events").create_index(["at"])
    # Finding the last action not yet undone looks up undo events by the event they undid.
    db.execute(
        "CREATE INDEX events_undone_target ON events(json_extract(payload, '$.event_id'))"
        " WHERE kind = 'undone'"
    )


def _v2_saved_views(db: Database) -> None:
    # Board filters saved by name on keys 1-9. Settings of the book rather than history of an
    # account, so a plain table: the last save of a slot wins.
    db.table("saved_views").create(
        {"slot": int, "name": str, "query": str, "saved_at": str},
        pk="slot",
        not_null={"name", "query", "saved_at"},
    )


def _v3_name_key(db: Database) -> None:
    # Names are unique and looked up after folding case and accents ("Zürcher" = "zurcher"):
    # the folded name is kept beside the name, indexed, so a lookup is a range scan, not a
    # Python call per account. Folded here in Python, as domain.text.fold folds.
    db.execute("ALTER TABLE accounts ADD COLUMN name_key TEXT")
    rows = db.execute("SELECT id, name FROM accounts").fetchall()
    db.conn.executemany(
        "UPDATE accounts SET name_key = ? WHERE id = ?",
        [(fold(name) if isinstance(name, str) else None, account_id) for account_id, name in rows],
    )
    db.execute("CREATE INDEX idx_accounts_name_key ON accounts(name_key)")


def _v4_tasks_actions_search(db: Database) -> None:
    # Tasks: each account's to-do list (store/tasks.py). An older book's next steps become its
    # tasks, read as that book meant them: each account's latest step open, older ones dropped
    # as superseded. The touched events (and the undos of any) are replayed through the same
    # code a replay of the log uses, so the migrated book equals a replayed one.
    for statement in tasks.CREATE:
        db.execute(statement)
    # One user action, one undo: events recorded together share an action id.
    db.execute("ALTER TABLE events ADD COLUMN action_id TEXT")
    db.execute("CREATE INDEX idx_events_action ON events(action_id) WHERE action_id IS NOT NULL")
    rows = db.execute(
        """
        SELECT id, account_id, kind, payload, at FROM events
        WHERE (kind = 'touched' AND json_extract(payload, '$.touch.next_step') IS NOT NULL)
           OR (kind = 'undone' AND json_extract(payload, '$.kind') = 'touched')
        ORDER BY rowid
        """
    ).fetchall()
    steps: dict[str, Touched] = {}
    for row in rows:
        event = parse_event(*row, recorded=True)
        if isinstance(event, Touched):
            steps[event.id] = event
            tasks.apply_legacy_step(db.conn, event)
        elif isinstance(event, Undone) and event.payload.event_id in steps:
            tasks.reverse_legacy_step(db.conn, steps[event.payload.event_id])
    # One full-text index over names, owners, segments, ids, touches and tasks.
    for statement in search.CREATE:
        db.execute(statement)
    search.rebuild(db.conn)


def _v5_search_batches(db: Database) -> None:
    # Touches and tasks are indexed a batch at a time (store/search.py); until now each was
    # indexed as it was written, so every row so far is in the index. An account's documents
    # are found through its touches and tasks, so the map needs no index on account_id.
    db.execute("DROP INDEX idx_search_docs_account")
    for statement in search.MARK:
        db.execute(statement)
    search.mark_all(db.conn)


def _v6_crm_ids_search_words(db: Database) -> None:
    # A blank ARR is not known, not 0: NULL, shown as "—" and counted apart in totals.
    db.table("accounts").transform(not_null={"arr": False}, defaults={"arr": None})
    # `tendtui show 0015g00000XyZ12`: an account is found by its CRM id too.
    db.execute("CREATE INDEX idx_accounts_external_id ON accounts(external_id)")
    # The index holds Python's words, not what SQLite's older Unicode tables make of them.
    search.retokenize(db.conn)


def _v7_rates_mappings_activity_ids(db: Database) -> None:
    # Exchange rates the user sets (`tendtui rates set GBP 1.27`: 1 GBP = 1.27 of the base
    # currency). Settings of the book, like saved views: the last set of a currency wins. The
    # rate is kept as text so 1.27 stays 1.27, not a binary float.
    db.table("rates").create(
        {"currency": str, "rate": str, "set_at": str},
        pk="currency",
        not_null={"rate", "set_at"},
    )
    # Other settings of the book, one row each: `base_currency`, what totals are summed in
    # (none: USD, the accounts' default currency).
    db.table("settings").create(
        {"key": str, "value": str, "set_at": str},
        pk="key",
        not_null={"value", "set_at"},
    )
    # A column mapping fixed by hand in an import preview (or by `--map`), remembered for
    # exports with the same header: `header_key` is the header's cells folded
    # (domain.mappings.header_key) joined by tabs, `mapping` a JSON object from column, as the
    # header writes it, to field ("ignore" to leave it out).
    db.table("import_mappings").create(
        {"header_key": str, "mapping": str, "saved_at": str},
        pk="header_key",
        not_null={"mapping", "saved_at"},
    )
    # A touch imported from a CRM keeps the CRM's activity id, so importing again never
    # duplicates it.
    db.execute("ALTER TABLE touches ADD COLUMN external_id TEXT")
    db.execute(
        "CREATE INDEX idx_touches_external_id ON touches(external_id) WHERE external_id IS NOT NULL"
    )


def _v8_forecasts_opportunities(db: Database) -> None:
    # Renewal forecast calls (every call kept; the latest for the account's renewal date
    # stands) and the expansion ledger (opportunities: stage, won or lost). Both are
    # projections of events no older book holds, so the tables start empty.
    for statement in revenue.CREATE:
        db.execute(statement)


def _v9_contacts(db: Database) -> None:
    # The people on an account (contacts, with their playbook role and the day they left)
    # and who took part in each touch (touch_contacts). Both are projections of events no
    # older book holds (a touch's `with` is new too), so the tables start empty.
    for statement in contacts.CREATE:
        db.execute(statement)
    # Migration 4 of tendtui 0.1 indexed each next step it made a task over its touch's
    # document (they share an id), so the touch's own words could not be found: mend that.
    search.repair_legacy_steps(db.conn)


def _v10_browsing(db: Database) -> None:
    # For people who browse the file (Datasette, Harlequin, sqlite3): `phases` mirrors the
    # playbook (filled when the book opens, store/browse.py) and `accounts_view` shows each
    # account with its phase's title, in board order.
    for statement in browse.CREATE:
        db.execute(statement)


Migration = Callable[[Database], None]

MIGRATIONS: list[Migration] = [
    _v1_initial,
    _v2_saved_views,
    _v3_name_key,
    _v4_tasks_actions_search,
    _v5_search_batches,
    _v6_crm_ids_search_words,
    _v7_rates_mappings_activity_ids,
    _v8_forecasts_opportunities,
    _v9_contacts,
    _v10_browsing,
]
"""MIGRATIONS[n] takes a book from version n to n + 1."""

if len(MIGRATIONS) != SCHEMA_VERSION:  # pragma: no cover - caught by any test run
    raise RuntimeError("store.schema.SCHEMA_VERSION must equal the number of migrations")


def migrate(db: Database) -> list[int]:
    """Apply every pending migration, each in its own transaction; return the versions reached."""
    reached: list[int] = []
    version = schema_version(db.conn)
    for n in range(version, SCHEMA_VERSION):
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db.conn) != n:  # another process migrated it while we waited
                db.conn.execute("ROLLBACK")
                continue
            MIGRATIONS[n](db)
            db.conn.execute(f"PRAGMA user_version={n + 1}")
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
        reached.append(n + 1)
    return reached
