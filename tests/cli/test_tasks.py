"""Tasks end to end through the command line: `task add`, `done`, `snooze`, `drop`, `agenda`
and `search`, with their exit codes, exact lines, and the rows they leave in the book.

Every test lives on Sunday 2026-11-22 (TENDTUI_NOW, UTC): `fri` is 2026-11-27.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Runner, dump_tables

REPO = Path(__file__).resolve().parents[2]
AGENDA_HEAD = "WHEN            ACCOUNT                     OWNER             TASK"


def ok(run: Runner, *args: str) -> str:
    """Run a command that must succeed; its standard output."""
    result = run(*args)
    assert result.code == 0, result
    assert result.err == ""
    return result.out


def rows(db_path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def task_row(db_path: Path, text: str) -> tuple[Any, ...]:
    """(due, status, note, closed_at is set) of the task with this text."""
    (row,) = rows(
        db_path, "SELECT due, status, note, closed_at IS NOT NULL FROM tasks WHERE text = ?", text
    )
    return row


def event_kinds(db_path: Path) -> list[str]:
    return [r[0] for r in rows(db_path, "SELECT kind FROM events ORDER BY rowid")]


@pytest.fixture
def book(run: Runner) -> None:
    """Four accounts; six open tasks, two of them overdue, one from a touch's next step."""
    ok(run, "add", "Acme Corp", "--owner", "Dana Ørsted")
    ok(run, "add", "Globex", "--owner", "Sam")
    ok(run, "add", "Zürcher Treuhand", "--owner", "Dana", "--segment", "Mid-Market")
    ok(run, "add", "Initech")
    ok(run, "task", "add", "globex", "Chase the signature", "--due", "2026-11-12")
    ok(run, "task", "add", "acme", "Book the QBR", "--due", "2026-11-18")
    ok(run, "task", "add", "globex", "Check usage", "--due", "today")
    ok(
        run, "touch", "zurcher", "--kind", "call", "--summary", "Discussed the Treuhand audit",
        "--next", "Send audit checklist", "--due", "tomorrow",
    )  # fmt: skip
    ok(run, "task", "add", "acme", "Send the plan", "--due", "fri")
    ok(run, "task", "add", "globex", "Call about renewal")


# -- task add ------------------------------------------------------------------------------


def test_task_add_prints_one_line_and_stores_the_task_and_its_event(
    run: Runner, db_path: Path
) -> None:
    ok(run, "add", "Acme Corp")
    out = ok(run, "task", "add", "acme", "Send the plan", "--due", "fri")
    assert out == "added a task for Acme Corp: Send the plan, due 2026-11-27\n"
    assert rows(db_path, "SELECT text, due, status, note, closed_at, touch_id FROM tasks") == [
        ("Send the plan", "2026-11-27", "open", None, None, None)
    ]
    assert event_kinds(db_path) == ["created", "task-added"]
    assert ok(run, "task", "add", "acme", "Book the QBR") == (
        "added a task for Acme Corp: Book the QBR\n"
    )
    assert task_row(db_path, "Book the QBR") == (None, "open", None, 0)


@pytest.mark.parametrize(
    ("due", "stored"),
    [
        ("2026-12-01", "2026-12-01"),
        ("today", "2026-11-22"),
        ("tomorrow", "2026-11-23"),
        ("fri", "2026-11-27"),
        ("Friday", "2026-11-27"),
        ("+3d", "2026-11-25"),
        ("in 2 weeks", "2026-12-06"),
        ("next week", "2026-11-23"),
        ("end of month", "2026-11-30"),
        ("2026-11-01", "2026-11-01"),  # already overdue: a task can be recorded late
    ],
)
def test_task_add_reads_due_phrases(run: Runner, db_path: Path, due: str, stored: str) -> None:
    ok(run, "add", "Acme Corp")
    assert ok(run, "task", "add", "acme", "Send the plan", "--due", due).endswith(
        f", due {stored}\n"
    )
    assert task_row(db_path, "Send the plan")[0] == stored


def test_a_touch_next_step_is_a_task_and_done_closes_one(
    run: Runner, book: None, db_path: Path
) -> None:
    (touch_id,) = rows(db_path, "SELECT id FROM touches")[0]
    assert rows(db_path, "SELECT touch_id FROM tasks WHERE text = 'Send audit checklist'") == [
        (touch_id,)
    ]
    out = ok(run, "touch", "acme", "--kind", "email", "--summary", "Invite sent", "--done", "qbr")
    assert out == "logged email with Acme Corp on 2026-11-22; done: Book the QBR\n"
    assert task_row(db_path, "Book the QBR") == ("2026-11-18", "done", "Invite sent", 1)


# -- agenda --------------------------------------------------------------------------------


def test_agenda_lists_overdue_first_then_by_due_date_then_undated(run: Runner, book: None) -> None:
    assert ok(run, "agenda").splitlines() == [
        AGENDA_HEAD,
        "10d overdue     Globex                      Sam               Chase the signature",
        "4d overdue      Acme Corp                   Dana Ørsted       Book the QBR",
        "due today       Globex                      Sam               Check usage",
        "due tomorrow    Zürcher Treuhand            Dana              Send audit checklist",
        "due in 5 days   Acme Corp                   Dana Ørsted       Send the plan",
        "no date         Globex                      Sam               Call about renewal",
        "6 open tasks · 2 overdue",
    ]


def test_agenda_json_has_the_documented_shape_in_agenda_order(run: Runner, book: None) -> None:
    data = json.loads(ok(run, "agenda", "--json"))
    assert set(data) == {"version", "today", "tasks"}
    assert (data["version"], data["today"]) == (1, "2026-11-22")
    tasks = data["tasks"]
    assert [(t["text"], t["due"], t["days_overdue"]) for t in tasks] == [
        ("Chase the signature", "2026-11-12", 10),
        ("Book the QBR", "2026-11-18", 4),
        ("Check usage", "2026-11-22", 0),
        ("Send audit checklist", "2026-11-23", 0),
        ("Send the plan", "2026-11-27", 0),
        ("Call about renewal", None, 0),
    ]
    types: dict[str, type | tuple[type, ...]] = {
        "id": str, "text": str, "due": (str, type(None)), "days_overdue": int, "status": str,
        "created_at": str, "closed_at": type(None), "note": type(None),
        "touch_id": (str, type(None)), "account_id": str, "account": str,
        "owner": (str, type(None)), "phase": str,
    }  # fmt: skip
    for task in tasks:
        assert set(task) == set(types)
        for key, kind in types.items():
            assert isinstance(task[key], kind), (key, task[key])
        assert task["status"] == "open"
        assert task["created_at"] == "2026-11-22T15:00:00.000000Z"
        assert task["phase"] == "onboarding"
    audit = tasks[3]
    assert (audit["account"], audit["owner"]) == ("Zürcher Treuhand", "Dana")
    assert audit["touch_id"] is not None
    assert [t["touch_id"] for t in tasks].count(None) == 5
    accounts = {a["name"]: a["id"] for a in json.loads(ok(run, "accounts", "--json"))["accounts"]}
    assert audit["account_id"] == accounts["Zürcher Treuhand"]


@pytest.mark.parametrize(
    ("args", "texts"),
    [
        (("--owner", "dana"), ["Book the QBR", "Send audit checklist", "Send the plan"]),
        (("--owner", "ORSTED"), ["Book the QBR", "Send the plan"]),  # case and accents aside
        (("--owner", " sam "), ["Chase the signature", "Check usage", "Call about renewal"]),
        (("--days", "0"), ["Chase the signature", "Book the QBR", "Check usage"]),
        (
            ("--days", "1"),
            ["Chase the signature", "Book the QBR", "Check usage", "Send audit checklist"],
        ),
        (
            ("--days", "30"),
            [
                "Chase the signature",
                "Book the QBR",
                "Check usage",
                "Send audit checklist",
                "Send the plan",
            ],
        ),
        (("--overdue",), ["Chase the signature", "Book the QBR"]),
        (("--overdue", "--days", "30"), ["Chase the signature", "Book the QBR"]),
        (("--owner", "dana", "--overdue"), ["Book the QBR"]),
        (("--owner", "dana", "--days", "1"), ["Book the QBR", "Send audit checklist"]),
    ],
)
def test_agenda_filters_by_owner_and_due_window(
    run: Runner, book: None, args: tuple[str, ...], texts: list[str]
) -> None:
    data = json.loads(ok(run, "agenda", *args, "--json"))
    assert [t["text"] for t in data["tasks"]] == texts
    lines = ok(run, "agenda", *args).splitlines()
    assert [line.split("  ")[-1].strip() for line in lines[1:-1]] == texts
    late = sum(1 for t in data["tasks"] if t["days_overdue"] > 0)
    noun = "task" if len(texts) == 1 else "tasks"
    assert lines[-1] == f"{len(texts)} open {noun} · {late} overdue"


def test_agenda_leaves_out_archived_and_churned_accounts(run: Runner, book: None) -> None:
    ok(run, "archive", "globex")
    ok(run, "move", "acme", "churned", "--force", "--reason", "bought by a competitor")
    assert ok(run, "agenda").splitlines() == [
        AGENDA_HEAD,
        "due tomorrow    Zürcher Treuhand            Dana              Send audit checklist",
        "1 open task · 0 overdue",
    ]


def test_an_empty_agenda_says_so_in_one_line(run: Runner, book: None) -> None:
    assert ok(run, "agenda", "--owner", "nobody") == (
        "Nothing on the agenda (owner 'nobody'): no open task matches.\n"
    )
    ok(run, "done", "globex", "chase")
    ok(run, "done", "acme", "qbr")
    assert ok(run, "agenda", "--overdue") == (
        "Nothing on the agenda (overdue): no open task matches.\n"
    )
    assert ok(run, "agenda", "--owner", "sam", "--days", "1").startswith(AGENDA_HEAD)
    assert ok(run, "agenda", "--owner", "zed", "--days", "1") == (
        "Nothing on the agenda (owner 'zed', due within 1 day): no open task matches.\n"
    )
    data = json.loads(ok(run, "agenda", "--overdue", "--json"))
    assert data["tasks"] == []


def test_agenda_on_a_book_without_tasks(run: Runner) -> None:
    ok(run, "add", "Acme Corp")
    assert ok(run, "agenda") == (
        "Nothing on the agenda: no open tasks. `tendtui task add NAME TEXT` adds one.\n"
    )


def test_agenda_and_search_never_create_a_book(run: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for args in (("agenda",), ("search", "acme")):
        result = run(*args, "--db", str(missing))
        assert result.code == 2
        assert result.out == ""
        assert result.err == (
            f"tendtui: no book at {missing} (`tendtui add NAME --db {missing}` starts one)\n"
        )
        assert not missing.exists()


# -- done, snooze, drop --------------------------------------------------------------------


def test_done_without_task_when_the_account_has_one(run: Runner, book: None, db_path: Path) -> None:
    out = ok(run, "done", "zurcher", "--note", "sent the checklist")
    assert out == "done: Send audit checklist (Zürcher Treuhand)\n"
    assert task_row(db_path, "Send audit checklist") == (
        "2026-11-23", "done", "sent the checklist", 1
    )  # fmt: skip
    assert event_kinds(db_path)[-1] == "task-done"
    (payload,) = rows(db_path, "SELECT payload FROM events ORDER BY rowid DESC LIMIT 1")
    assert json.loads(payload[0])["note"] == "sent the checklist"
    assert "Send audit checklist" not in ok(run, "agenda")


def test_done_by_number_follows_the_numbers_show_lists(
    run: Runner, book: None, db_path: Path
) -> None:
    shown = ok(run, "show", "globex").splitlines()
    at = shown.index("Open tasks (3)")
    assert shown[at + 1 : at + 5] == [
        "   1  10d overdue     Chase the signature",
        "   2  due today       Check usage",
        "   3  no date         Call about renewal",
        "",
    ]
    numbered = [t["text"] for t in json.loads(ok(run, "show", "globex", "--json"))["tasks"]]
    assert numbered == ["Chase the signature", "Check usage", "Call about renewal"]
    assert ok(run, "done", "globex", "2") == "done: Check usage (Globex)\n"
    assert task_row(db_path, "Check usage") == ("2026-11-22", "done", None, 1)
    assert ok(run, "done", "globex", "2") == "done: Call about renewal (Globex)\n"
    assert ok(run, "done", "globex") == "done: Chase the signature (Globex)\n"
    assert "No open tasks" in ok(run, "show", "globex").splitlines()


def test_done_by_words_of_the_task(run: Runner, book: None, db_path: Path) -> None:
    assert ok(run, "done", "globex", "RENEWAL") == "done: Call about renewal (Globex)\n"
    assert task_row(db_path, "Call about renewal")[1] == "done"


def test_snooze_moves_the_due_date_and_the_agenda_follows(
    run: Runner, book: None, db_path: Path
) -> None:
    assert ok(run, "snooze", "globex", "chase", "--to", "+3d") == (
        "snoozed: Chase the signature (Globex) to 2026-11-25\n"
    )
    assert task_row(db_path, "Chase the signature") == ("2026-11-25", "open", None, 0)
    assert event_kinds(db_path)[-1] == "task-snoozed"
    (payload,) = rows(db_path, "SELECT payload FROM events ORDER BY rowid DESC LIMIT 1")
    assert json.loads(payload[0])["previous_due"] == "2026-11-12"
    lines = ok(run, "agenda").splitlines()
    assert lines[1] == "4d overdue      Acme Corp                   Dana Ørsted       Book the QBR"
    assert (
        lines[4]
        == "due in 3 days   Globex                      Sam               Chase the signature"
    )
    assert lines[-1] == "6 open tasks · 1 overdue"


def test_snooze_to_today_or_an_undated_task(run: Runner, book: None, db_path: Path) -> None:
    assert ok(run, "snooze", "acme", "1", "--to", "today") == (
        "snoozed: Book the QBR (Acme Corp) to 2026-11-22\n"
    )
    assert ok(run, "snooze", "globex", "renewal", "--to", "next week") == (
        "snoozed: Call about renewal (Globex) to 2026-11-23\n"
    )
    assert task_row(db_path, "Call about renewal")[0] == "2026-11-23"


def test_drop_closes_the_task_with_its_note(run: Runner, book: None, db_path: Path) -> None:
    assert ok(run, "drop", "acme", "plan", "--note", "they wrote their own") == (
        "dropped: Send the plan (Acme Corp)\n"
    )
    assert task_row(db_path, "Send the plan") == (
        "2026-11-27", "dropped", "they wrote their own", 1
    )  # fmt: skip
    assert event_kinds(db_path)[-1] == "task-dropped"
    assert "Send the plan" not in ok(run, "agenda")
    assert ok(run, "done", "acme") == "done: Book the QBR (Acme Corp)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("done", "nobody"), "no account matches 'nobody'"),
        (("task", "add", "nobody", "Send it"), "no account matches 'nobody'"),
        (("done", "acme", "7"), "Acme Corp has 2 open tasks; there is no task 7"),
        (("done", "acme", "0"), "Acme Corp has 2 open tasks; there is no task 0"),
        (("done", "acme"), "Acme Corp has 2 open tasks: say which (1 Book the QBR; 2 Send the plan)"),
        (("snooze", "acme", "--to", "fri"), "Acme Corp has 2 open tasks: say which"),
        (
            ("drop", "globex"),
            "Globex has 3 open tasks: say which "
            "(1 Chase the signature; 2 Check usage; 3 Call about renewal)",
        ),
        (("done", "acme", "invoice"), "no open task of Acme Corp matches 'invoice'"),
        (
            ("done", "globex", "ch"),
            "'ch' matches 2 of Globex's tasks: Chase the signature; Check usage",
        ),
        (("done", "initech"), "Initech has no open tasks"),
        (("snooze", "initech", "--to", "fri"), "Initech has no open tasks"),
        (("snooze", "acme", "1", "--to", "fryday"), "bad date for --to 'fryday': use YYYY-MM-DD"),
        (
            ("snooze", "acme", "1", "--to", "yesterday"),
            "cannot snooze 'Book the QBR' to 2026-11-21: that day has passed; "
            "give today or a later date",
        ),
        (("snooze", "acme", "1", "--to", "2026-11-18"), "that day has passed"),
        (("snooze", "zurcher", "--to", "tomorrow"), "'Send audit checklist' is already due 2026-11-23"),
        (("snooze", "zurcher", "--to", "2300-01-01"), "dates run from 1900 to 2199"),
        (("snooze", "zurcher"), "Missing option '--to'"),
        (("task", "add", "acme", "  \t "), "the task is empty"),
        (("task", "add", "acme", "x" * 501), "the task is 501 characters long; the most is 500"),
        (("task", "add", "acme", "Send it", "--due", "someday"), "bad date for --due 'someday'"),
        (("task", "add", "acme", "Send it", "--due", "2026-02-30"), "bad date for --due '2026-02-30'"),
        (("agenda", "--days", "-1"), "-1 is not in the range x>=0"),
        (("agenda", "--days", "soon"), "'soon' is not a valid integer"),
        (("search", "!!"), "nothing to search for in '!!': give a word or a number"),
        (("search", ""), "nothing to search for in ''"),
        (("search", "acme", "--limit", "0"), "0 is not in the range x>=1"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    run: Runner, book: None, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = dump_tables(db_path)
    result = run(*args)
    assert result.code == 2, result
    assert result.out == ""
    assert result.err.startswith("tendtui: ")
    assert message in result.err
    assert len(result.err.splitlines()) == 1
    assert dump_tables(db_path) == before


def test_a_closed_task_cannot_be_closed_again(run: Runner, book: None, db_path: Path) -> None:
    ok(run, "done", "zurcher")
    before = dump_tables(db_path)
    for args in (("done", "zurcher"), ("drop", "zurcher"), ("snooze", "zurcher", "--to", "fri")):
        result = run(*args)
        assert (result.code, result.err) == (2, "tendtui: Zürcher Treuhand has no open tasks\n")
    assert dump_tables(db_path) == before


# -- undo and history ----------------------------------------------------------------------


def test_undo_after_done_reopens_the_task(run: Runner, book: None, db_path: Path) -> None:
    ok(run, "done", "acme", "plan", "--note", "sent")
    assert ok(run, "undo") == "undone: Acme Corp: done 'Send the plan' (sent)\n"
    assert task_row(db_path, "Send the plan") == ("2026-11-27", "open", None, 0)
    assert event_kinds(db_path)[-2:] == ["task-done", "undone"]
    assert "due in 5 days   Acme Corp                   Dana Ørsted       Send the plan" in (
        ok(run, "agenda").splitlines()
    )


def test_undo_after_snooze_and_drop_puts_each_back(run: Runner, book: None, db_path: Path) -> None:
    ok(run, "snooze", "acme", "qbr", "--to", "fri")
    ok(run, "drop", "globex", "usage")
    assert ok(run, "undo") == "undone: Globex: dropped 'Check usage'\n"
    assert task_row(db_path, "Check usage") == ("2026-11-22", "open", None, 0)
    assert ok(run, "undo") == "undone: Acme Corp: snoozed 'Book the QBR' to 2026-11-27\n"
    assert task_row(db_path, "Book the QBR") == ("2026-11-18", "open", None, 0)
    assert ok(run, "undo") == "undone: Globex: task 'Call about renewal'\n"
    assert rows(db_path, "SELECT count(*) FROM tasks WHERE text = 'Call about renewal'") == [(0,)]


def test_history_shows_the_task_events(run: Runner, book: None) -> None:
    ok(run, "snooze", "acme", "qbr", "--to", "fri")
    ok(run, "done", "acme", "qbr", "--note", "booked for Dec 3")
    ok(run, "drop", "acme", "--note", "not needed")
    ok(run, "undo")
    assert ok(run, "history", "acme").splitlines() == [
        "2026-11-22 15:00  Acme Corp: undid dropped 'Send the plan' (not needed)",
        "2026-11-22 15:00  Acme Corp: dropped 'Send the plan' (not needed)  (undone)",
        "2026-11-22 15:00  Acme Corp: done 'Book the QBR' (booked for Dec 3)",
        "2026-11-22 15:00  Acme Corp: snoozed 'Book the QBR' to 2026-11-27",
        "2026-11-22 15:00  Acme Corp: task 'Send the plan' due 2026-11-27",
        "2026-11-22 15:00  Acme Corp: task 'Book the QBR' due 2026-11-18",
        "2026-11-22 15:00  Acme Corp: added in Onboarding",
    ]
    events = json.loads(ok(run, "history", "acme", "--json"))["events"]
    assert [(e["kind"], e["undone"]) for e in events] == [
        ("undone", False),
        ("task-dropped", True),
        ("task-done", False),
        ("task-snoozed", False),
        ("task-added", False),
        ("task-added", False),
        ("created", False),
    ]
    assert events[3]["payload"]["due"] == "2026-11-27"
    assert events[3]["payload"]["previous_due"] == "2026-11-18"


# -- search --------------------------------------------------------------------------------


def test_search_ignores_case_and_accents(run: Runner, book: None) -> None:
    expected = [
        "Zürcher Treuhand            account  Zürcher Treuhand · Dana · Mid-Market",
        "1 hit for 'zurcher', best first",
    ]
    assert ok(run, "search", "zurcher").splitlines() == expected
    assert ok(run, "search", "ZÜRCHER").splitlines()[0] == expected[0]
    assert ok(run, "search", "zurch").splitlines()[0] == expected[0]  # a word's start
    assert ok(run, "search", "orsted").splitlines() == [
        "Acme Corp                   account  Acme Corp · Dana Ørsted",
        "1 hit for 'orsted', best first",
    ]


def test_search_finds_touch_summaries_and_task_text_best_first(run: Runner, book: None) -> None:
    # best first is FTS5's bm25: with the word once in each, the shorter document wins
    assert ok(run, "search", "treuhand").splitlines() == [
        "Zürcher Treuhand            touch    Discussed the Treuhand audit",
        "Zürcher Treuhand            account  Zürcher Treuhand · Dana · Mid-Market",
        "2 hits for 'treuhand', best first",
    ]
    assert ok(run, "search", "audit").splitlines() == [
        "Zürcher Treuhand            task     Send audit checklist",
        "Zürcher Treuhand            touch    Discussed the Treuhand audit",
        "2 hits for 'audit', best first",
    ]
    # every word in the same document: the touch holds both, the account only one
    assert ok(run, "search", "treu aud").splitlines() == [
        "Zürcher Treuhand            touch    Discussed the Treuhand audit",
        "1 hit for 'treu aud', best first",
    ]
    assert ok(run, "search", "renewal").splitlines() == [
        "Globex                      task     Call about renewal",
        "1 hit for 'renewal', best first",
    ]


def test_search_snippets_show_short_text_whole_and_cut_long_text_near_the_match(
    run: Runner, book: None
) -> None:
    ok(run, "task", "add", "acme", "Follow up on the renewal proposal")
    long = (
        "Long call with their finance team about budgets, headcount, the roadmap for next "
        "year and, at the very end, the renewal terms they want changed"
    )
    ok(run, "touch", "initech", "--kind", "call", "--summary", long)
    hits = json.loads(ok(run, "search", "renewal", "--json"))["hits"]
    snippets = {h["account"]: h["snippet"] for h in hits}
    assert snippets["Acme Corp"] == "Follow up on the renewal proposal"
    assert snippets["Initech"] == "… very end, the renewal terms they want changed"


def test_search_json_shape(run: Runner, book: None, db_path: Path) -> None:
    ok(run, "archive", "zurcher")
    data = json.loads(ok(run, "search", "treuhand", "--json"))
    assert set(data) == {"version", "query", "hits"}
    assert (data["version"], data["query"]) == (1, "treuhand")
    types: dict[str, type | tuple[type, ...]] = {
        "account_id": str, "account": str, "kind": str, "id": str, "snippet": str,
        "archived": bool,
    }  # fmt: skip
    for hit in data["hits"]:
        assert set(hit) == set(types)
        for key, kind in types.items():
            assert isinstance(hit[key], kind), (key, hit[key])
    touch, account = data["hits"]
    assert (account["kind"], touch["kind"]) == ("account", "touch")
    assert account["id"] == account["account_id"] == touch["account_id"]
    (touch_id,) = rows(db_path, "SELECT id FROM touches")[0]
    assert touch["id"] == touch_id
    assert account["archived"] is True  # archived accounts are found, and marked
    task = json.loads(ok(run, "search", "usage", "--json"))["hits"][0]
    assert (task["kind"], task["snippet"], task["archived"]) == ("task", "Check usage", False)


def test_search_limit(run: Runner, book: None) -> None:
    lines = ok(run, "search", "treuhand", "--limit", "1").splitlines()
    assert lines == [
        "Zürcher Treuhand            touch    Discussed the Treuhand audit",
        "1 hit for 'treuhand', best first",
    ]


def test_search_with_no_hits_says_so(run: Runner, book: None) -> None:
    assert ok(run, "search", "xyzzy") == "Nothing matches 'xyzzy'.\n"
    assert json.loads(ok(run, "search", "xyzzy", "--json")) == {
        "version": 1,
        "query": "xyzzy",
        "hits": [],
    }


def test_search_follows_done_tasks_and_undo(run: Runner, book: None) -> None:
    ok(run, "task", "add", "initech", "Prepare the QBR deck")
    assert "Initech                     task     Prepare the QBR deck" in ok(run, "search", "deck")
    ok(run, "undo")
    assert ok(run, "search", "deck") == "Nothing matches 'deck'.\n"


def test_search_ranks_more_mentions_first(run: Runner, book: None) -> None:
    ok(run, "task", "add", "initech", "Renewal call: renewal terms")
    assert ok(run, "search", "renewal").splitlines() == [
        "Initech                     task     Renewal call: renewal terms",
        "Globex                      task     Call about renewal",
        "2 hits for 'renewal', best first",
    ]


def test_the_agenda_and_the_standup_agree_on_the_sample_book(run: Runner, db_path: Path) -> None:
    shutil.copy(REPO / "sample.db", db_path)
    lines = ok(run, "agenda", "--overdue").splitlines()
    assert lines[0] == AGENDA_HEAD
    assert lines[1] == (
        "29d overdue     Sundial Hotels              Tomás Herrera     "
        "Prepare options with a multi-year discount"
    )
    assert lines[-1] == "11 open tasks · 11 overdue"
    tasks = json.loads(ok(run, "agenda", "--overdue", "--json"))["tasks"]
    days = [t["days_overdue"] for t in tasks]
    assert days == sorted(days, reverse=True)
    assert all(d > 0 for d in days)
    standup = json.loads(ok(run, "standup", "--format", "json"))
    overdue = [s["name"] for s in standup["next_steps"]["overdue"]]
    assert list(dict.fromkeys(t["account"] for t in tasks)) == overdue
    today = [s["name"] for s in standup["next_steps"]["due_today"]]
    due_today = json.loads(ok(run, "agenda", "--days", "0", "--json"))["tasks"]
    assert sorted({t["account"] for t in due_today if t["days_overdue"] == 0}) == sorted(today)
