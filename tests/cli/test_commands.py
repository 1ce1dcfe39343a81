"""The command line as a user meets it: outputs, exit codes, and what lands in the book."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Runner, dump_tables


@pytest.fixture
def acme(run: Runner) -> None:
    """A book with Acme Corp (onboarding) and Acme Labs and Globex (nurturing)."""
    assert (
        run("add", "Acme Corp", "--arr", "120k", "--renewal", "2027-01-10", "--owner", "Dana").code
        == 0
    )
    assert run("add", "Acme Labs", "--arr", "$5,000", "--phase", "nurturing").code == 0
    assert (
        run(
            "add", "Globex", "--arr", "1.2M", "--phase", "Nurturing", "--segment", "Enterprise"
        ).code
        == 0
    )


def test_add_stores_the_account_and_its_created_event(run: Runner, db_path: Path) -> None:
    result = run(
        "add", "Müller Logistik", "--arr", "1.2M", "--renewal", "2027-03-01", "--owner", "Ana"
    )
    assert result.code == 0
    assert "added Müller Logistik in Onboarding ($1,200,000 ARR)" in result.out
    conn = sqlite3.connect(db_path)
    row = conn.execute("SELECT name, arr, renewal_date, owner, phase FROM accounts").fetchone()
    assert row == ("Müller Logistik", 1_200_000, "2027-03-01", "Ana", "onboarding")
    assert conn.execute("SELECT kind FROM events").fetchall() == [("created",)]


def test_accounts_lists_in_board_order_with_totals(run: Runner, acme: None) -> None:
    result = run("accounts")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].startswith("NAME")
    names = [line.split("  ")[0].strip() for line in lines[1:-1]]
    assert names == ["Acme Corp", "Acme Labs", "Globex"]
    assert lines[-1] == "3 accounts · $1,325,000 ARR · 0 past cadence (!)"


def test_accounts_json_is_parseable_and_filters_by_phase(run: Runner, acme: None) -> None:
    data = json.loads(run("accounts", "--phase", "nurt", "--json").out)
    assert data["version"] == 1
    assert [a["name"] for a in data["accounts"]] == ["Acme Labs", "Globex"]
    globex = data["accounts"][1]
    assert globex["arr"] == 1_200_000
    assert globex["phase"] == "nurturing"
    assert globex["checklist_total"] == 5
    assert globex["segment"] == "Enterprise"


def test_refused_move_exits_1_names_the_item_and_writes_nothing(
    run: Runner, acme: None, db_path: Path
) -> None:
    before = dump_tables(db_path)
    result = run("move", "acme c", "nurturing")
    assert result.code == 1
    assert "not ticked: first valuable use reached" in result.err
    assert "Traceback" not in result.err
    assert dump_tables(db_path) == before


def test_move_after_ticking_the_gate(run: Runner, acme: None, db_path: Path) -> None:
    assert run("check", "acme c", "5").code == 0
    result = run("move", "acme c", "nurturing")
    assert result.code == 0
    assert result.out.strip() == "Acme Corp: moved Onboarding → Nurturing"
    conn = sqlite3.connect(db_path)
    phase = conn.execute("SELECT phase FROM accounts WHERE name = 'Acme Corp'").fetchone()
    assert phase == ("nurturing",)


def test_move_needing_a_reason_is_refused_without_one(run: Runner, acme: None) -> None:
    result = run("move", "globex", "at-risk")
    assert result.code == 1
    assert "a reason is required (what went wrong)" in result.err
    assert run("move", "globex", "at-risk", "--reason", "champion left").code == 0


def test_impossible_move_lists_where_it_can_go(run: Runner, acme: None) -> None:
    result = run("move", "acme c", "churned")
    assert result.code == 1
    assert "can move to: Nurturing, At risk" in result.err


def test_force_needs_a_reason_and_is_recorded(run: Runner, acme: None, db_path: Path) -> None:
    before = dump_tables(db_path)
    no_reason = run("move", "acme c", "churned", "--force")
    assert no_reason.code == 2
    assert "needs a reason" in no_reason.err
    assert dump_tables(db_path) == before
    forced = run("move", "acme c", "churned", "--force", "--reason", "bought by a competitor")
    assert forced.code == 0
    assert "override recorded" in forced.out
    kinds = [r[0] for r in sqlite3.connect(db_path).execute("SELECT kind FROM events")]
    assert kinds[-1] == "forced"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("show", "nobody"), "no account matches 'nobody'"),
        (("show", "acme"), "'acme' matches 2 accounts: Acme Corp, Acme Labs"),
        (("show", "Glob"), None),
        (("move", "acme c", "space"), "no phase 'space'; the phases are: onboarding, nurturing"),
        (("check", "acme c", "99"), "no item '99' on the Onboarding checklist"),
    ],
)
def test_names_resolve_or_fail_with_candidates(
    run: Runner, acme: None, args: tuple[str, ...], expected: str | None
) -> None:
    result = run(*args)
    if expected is None:
        assert result.code == 0
        assert result.out.startswith("Globex")
    else:
        assert result.code == 2
        assert expected in result.err
        assert len(result.err.strip().splitlines()) == 1


def test_unknown_name_suggests_close_matches(run: Runner, acme: None) -> None:
    result = run("show", "Globx")
    assert result.code == 2
    assert "did you mean: Globex?" in result.err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("add", ""), "the name is empty"),
        (("add", "   \t"), "the name is empty"),
        (("add", "Initech", "--arr", "-5"), "ARR cannot be negative"),
        (("add", "Initech", "--arr", "lots"), "bad ARR 'lots'"),
        (("add", "Initech", "--renewal", "2026-02-30"), "bad date for --renewal '2026-02-30'"),
        (("add", "Initech", "--renewal", "31/12/2026"), "use YYYY-MM-DD, today, tomorrow"),
        (
            ("touch", "globex", "--kind", "call", "--summary", "x", "--on", "2026-13-01"),
            "bad date for --on",
        ),
        (
            ("touch", "globex", "--kind", "call", "--summary", "x", "--on", "2027-01-01"),
            "cannot happen in the future",
        ),
        (
            ("touch", "globex", "--kind", "smoke-signal", "--summary", "x"),
            "'smoke-signal' is not one of",
        ),
        (
            ("touch", "globex", "--kind", "call", "--summary", "x", "--due", "2026-12-01"),
            "a due date needs a next step",
        ),
        (("add", "Globex"), "an account named 'Globex' already exists"),
        (("add", "Initech", "--currency", "dollars"), "bad currency 'dollars'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    run: Runner, acme: None, db_path: Path, args: tuple[str, ...], expected: str
) -> None:
    before = dump_tables(db_path)
    result = run(*args)
    assert result.code == 2, result
    assert expected in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert dump_tables(db_path) == before


def test_touch_is_logged_with_all_fields(run: Runner, acme: None, db_path: Path) -> None:
    result = run(
        "touch", "globex", "--kind", "qbr", "--summary", "Q4 review", "--on", "yesterday",
        "--sentiment", "positive", "--next", "send ROI deck", "--due", "2026-12-01",
    )  # fmt: skip
    assert result.code == 0
    assert result.out.strip() == (
        "logged qbr with Globex on 2026-11-21; next: send ROI deck (due 2026-12-01)"
    )
    db = sqlite3.connect(db_path)
    row = db.execute("SELECT id, kind, happened_on, summary, sentiment FROM touches").fetchone()
    assert row[1:] == ("qbr", "2026-11-21", "Q4 review", "positive")
    task = db.execute("SELECT text, due, status, touch_id FROM tasks").fetchone()
    assert task == ("send ROI deck", "2026-12-01", "open", row[0])


def test_check_by_key_and_undo_flag(run: Runner, acme: None, db_path: Path) -> None:
    assert (
        "ticked: success plan agreed for Globex (1/5)"
        in run("check", "globex", "success-plan-agreed").out
    )
    assert "already ticked" in run("check", "globex", "1").out
    assert "unticked: success plan agreed" in run("check", "globex", "1", "--undo").out
    ticks = sqlite3.connect(db_path).execute("SELECT count(*) FROM ticks").fetchone()
    assert ticks == (0,)


def test_show_json_has_checklist_touches_and_moves(run: Runner, acme: None) -> None:
    run("check", "globex", "1")
    run("touch", "globex", "--kind", "call", "--summary", "hello")
    data = json.loads(run("show", "globex", "--json").out)
    assert data["account"]["name"] == "Globex"
    assert [i["ticked"] for i in data["checklist"]] == [True, False, False, False, False]
    assert data["touches"][0]["summary"] == "hello"
    moves = {m["phase"]: m for m in data["moves"]}
    assert moves["renewal"]["allowed"] is True
    assert moves["realization"]["reasons"] == ["not ticked: adoption review held"]
    assert [p["phase"] for p in data["phases"]] == ["nurturing"]


def test_show_text_lists_checklist_and_moves(run: Runner, acme: None) -> None:
    out = run("show", "acme corp").out
    assert "Onboarding · New · Integrate Services · 0 days in phase" in out
    assert "  5 [ ] first valuable use reached" in out
    assert "refused Nurturing: not ticked: first valuable use reached" in out


def test_undo_reverses_the_last_action_and_keeps_history(
    run: Runner, acme: None, db_path: Path
) -> None:
    run("check", "globex", "1")
    result = run("undo")
    assert result.code == 0
    assert result.out.strip() == "undone: Globex: ticked success plan agreed"
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM ticks").fetchone() == (0,)
    kinds = [r[0] for r in conn.execute("SELECT kind FROM events ORDER BY rowid")]
    assert kinds[-2:] == ["ticked", "undone"]


def test_undo_on_an_empty_book_is_refused(run: Runner) -> None:
    run("add", "Solo")
    assert run("undo").code == 0
    result = run("undo")
    assert result.code == 1
    assert "nothing to undo" in result.err


def test_history_marks_undone_events(run: Runner, acme: None) -> None:
    run("check", "globex", "1")
    run("undo")
    text = run("history", "globex").out.splitlines()
    assert text[0].endswith("Globex: undid ticked success plan agreed")
    assert text[1].endswith("Globex: ticked success plan agreed  (undone)")
    data = json.loads(run("history", "--json").out)
    assert data["events"][1]["kind"] == "ticked"
    assert data["events"][1]["undone"] is True


def test_edit_and_archive(run: Runner, acme: None) -> None:
    assert run("edit", "globex", "--arr", "1.5M", "--renewal", "2027-06-30").code == 0
    data = json.loads(run("show", "globex", "--json").out)["account"]
    assert (data["arr"], data["renewal_date"]) == (1_500_000, "2027-06-30")
    assert run("edit", "globex", "--arr", "1.5M").code == 2
    assert run("archive", "globex").code == 0
    names = [a["name"] for a in json.loads(run("accounts", "--json").out)["accounts"]]
    assert "Globex" not in names
    assert run("archive", "globex", "--undo").code == 0


def test_markup_in_names_is_plain_text(run: Runner) -> None:
    assert run("add", "[bold]x[/] \x1b]0;owned\x07").code == 0
    out = run("accounts").out
    assert "[bold]x[/] ]0;owned" in out
    assert "\x1b" not in out
