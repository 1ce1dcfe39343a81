"""The daily loop on the board: a touch in four keys, the discard prompt, the agenda (done,
snooze, undo), and find over the full-text index with n/N. Each asserts rows in the book."""

from __future__ import annotations

from datetime import date

from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.tui.app import TendApp
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.agenda import AgendaScreen
from tendtui.tui.screens.board import BoardScreen
from tendtui.tui.screens.confirm import ConfirmScreen
from tendtui.tui.screens.reason import DateScreen
from tendtui.tui.screens.touch import LogTouchScreen
from tests.tui.conftest import make_app, rows, screen_text


def _board(app: TendApp) -> BoardScreen:
    assert isinstance(app.screen, BoardScreen)
    return app.screen


def _selected(app: TendApp) -> str:
    selected = _board(app).column.selected_id
    assert selected is not None
    return selected


def _touches(svc: BookService, account_id: str) -> list[tuple[object, ...]]:
    return rows(
        svc,
        "SELECT kind, summary FROM touches WHERE account_id = "
        f"'{account_id}' ORDER BY logged_at DESC, rowid DESC",
    )


# -- the touch form ----------------------------------------------------------------------------


async def test_a_touch_in_four_keys(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _selected(app)
        before = _touches(crafted, account_id)
        await pilot.press("t")  # 1: the form
        await pilot.pause()
        assert isinstance(app.screen, LogTouchScreen)
        await pilot.press("e")  # 2: a kind key, which moves on to the summary
        assert app.focused is not None
        assert app.focused.id == "summary"
        await pilot.press(*"Sent the rollout plan")  # 3: the summary
        await pilot.press("enter")  # 4: saved
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert _touches(crafted, account_id) == [("email", "Sent the rollout plan"), *before]


async def test_typed_text_never_changes_the_kind(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _selected(app)
        await pilot.press("t", "c")  # a call
        await pilot.press(*"emailed them, then met")  # e and m are kind keys, but typed text
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _touches(crafted, account_id)[0] == ("call", "emailed them, then met")


async def test_a_letter_that_is_no_kind_starts_the_summary(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _selected(app)
        await pilot.press("t", *"Quick hello")  # Q is no kind key (q is): it goes in the text
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _touches(crafted, account_id)[0] == ("call", "Quick hello")


async def test_an_empty_touch_is_refused_inline(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = rows(crafted, "SELECT count(*) FROM events")
        await pilot.press("t", "c", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LogTouchScreen)
        assert "a touch needs a summary" in screen_text(app)
        assert rows(crafted, "SELECT count(*) FROM events") == before


async def test_esc_asks_before_discarding_what_was_typed(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = rows(crafted, "SELECT count(*) FROM events")
        await pilot.press("t", "c", *"half a thought", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard this touch?" in screen_text(app)
        await pilot.press("n")  # keep typing: the text is still there
        await pilot.pause()
        assert isinstance(app.screen, LogTouchScreen)
        assert app.screen.query_one("#summary").value == "half a thought"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert rows(crafted, "SELECT count(*) FROM events") == before


async def test_esc_with_nothing_typed_just_closes(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t", "escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_the_form_marks_an_open_task_done_in_the_same_save(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _selected(app)
        task = crafted.add_task(account_id, "Send the SSO guide", due=date(2026, 11, 25))
        await pilot.press("t", "c", *"Walked them through SSO")
        await pilot.press("tab", "tab", "tab", "tab")  # sentiment, next step, due, mark done
        assert app.focused is not None
        assert app.focused.id == "done"
        await pilot.press("right", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(crafted, f"SELECT status FROM tasks WHERE id = '{task.id}'") == [("done",)]
        # One action: one undo takes the touch and the done back together.
        await pilot.press("u")
        await pilot.pause()
        assert rows(crafted, f"SELECT status FROM tasks WHERE id = '{task.id}'") == [("open",)]
        assert ("call", "Walked them through SSO") not in _touches(crafted, account_id)


async def test_a_next_step_typed_in_the_form_becomes_a_task(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        account_id = _selected(app)
        await pilot.press("t", "m", *"Kickoff", "tab", "tab", *"Send the plan", "tab", *"fri")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        got = rows(crafted, f"SELECT text, due FROM tasks WHERE account_id = '{account_id}'")
        assert got == [("Send the plan", "2026-11-27")]  # the Friday after Sunday 2026-11-22


# -- the agenda --------------------------------------------------------------------------------


async def _agenda(crafted: BookService) -> tuple[str, str]:
    acme, globex = (a.id for a in crafted.accounts() if a.name in ("Acme Corp", "Globex"))
    crafted.add_task(acme, "Send the SSO guide", due=date(2026, 11, 19))  # 3 days overdue
    crafted.add_task(globex, "Book the QBR", due=date(2026, 11, 24))
    return acme, globex


async def test_agenda_done_and_undo_from_the_board(crafted: BookService) -> None:
    await _agenda(crafted)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        text = screen_text(app)
        assert "2 open tasks, 1 overdue" in text
        assert text.index("3d overdue") < text.index("in 2d")  # overdue first
        await pilot.press("x")
        await pilot.pause()
        assert rows(crafted, "SELECT text, status FROM tasks ORDER BY due") == [
            ("Send the SSO guide", "done"),
            ("Book the QBR", "open"),
        ]
        assert "Send the SSO guide" not in screen_text(app)  # gone from the list at once
        await pilot.press("escape", "u")  # undo from the board
        await pilot.pause()
        assert rows(crafted, "SELECT status FROM tasks ORDER BY due") == [("open",), ("open",)]
        await pilot.press("A")
        await pilot.pause()
        assert "Send the SSO guide" in screen_text(app)


async def test_agenda_snooze_asks_a_date_in_words(crafted: BookService) -> None:
    await _agenda(crafted)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("A", "z")
        await pilot.pause()
        assert isinstance(app.screen, DateScreen)
        await pilot.press(*"fryday", "enter")  # a typo: refused in one line, nothing written
        await pilot.pause()
        assert isinstance(app.screen, DateScreen)
        assert "use YYYY-MM-DD, today, tomorrow" in screen_text(app)
        await pilot.press(*["backspace"] * 6, *"+1w", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        got = rows(crafted, "SELECT text, due FROM tasks WHERE text = 'Send the SSO guide'")
        assert got == [("Send the SSO guide", "2026-11-29")]
        await pilot.press("u")
        await pilot.pause()
        got = rows(crafted, "SELECT due FROM tasks WHERE text = 'Send the SSO guide'")
        assert got == [("2026-11-19",)]


async def test_agenda_enter_opens_the_account(crafted: BookService) -> None:
    acme, _ = await _agenda(crafted)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("A", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.account_id == acme
        await pilot.press("x")  # the account screen offers the same keys on its tasks
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(crafted, f"SELECT status FROM tasks WHERE account_id = '{acme}'") == [("done",)]


async def test_cards_show_the_next_due_task(crafted: BookService) -> None:
    await _agenda(crafted)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "3d overdue: Se" in text  # a column is 19 cells wide at 120
        assert "due in 2d: Bo" in text


# -- find --------------------------------------------------------------------------------------


async def test_find_reads_notes_ignores_accents_and_n_steps_the_matches(
    crafted: BookService,
) -> None:
    zurich = crafted.add_account("Zürcher Treuhand", arr=30_000, phase="nurturing")
    globex = next(a for a in crafted.accounts() if a.name == "Globex")
    crafted.log_touch(globex.id, TouchKind.CALL, summary="They asked about Zurich pricing")
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"zur")
        await pilot.pause()
        board = _board(app)
        shown = {c.id for column in board.board.columns for c in column.cards}
        assert shown == {zurich.id, globex.id}  # the name, and a touch's note
        await pilot.press("enter")  # keeps the filter, gives the keys back to the board
        await pilot.pause()
        assert app.focused is None or app.focused.id != "filter"
        seen = set()
        for _ in range(2):
            await pilot.press("n")
            seen.add(_selected(app))
        assert seen == {zurich.id, globex.id}
        await pilot.press("N")
        assert _selected(app) in seen
        await pilot.press("escape")  # one esc clears it
        await pilot.pause()
        assert board.model is not None
        assert board.model.filter_text == ""
        assert len({c.id for column in board.board.columns for c in column.cards}) == 4


async def test_find_due_and_overdue(crafted: BookService) -> None:
    acme, globex = await _agenda(crafted)
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"overdue")
        await pilot.pause()
        board = _board(app)
        assert {c.id for col in board.board.columns for c in col.cards} == {acme}
        await pilot.press(*["backspace"] * 7, *"due:7")
        await pilot.pause()
        assert {c.id for col in board.board.columns for c in col.cards} == {acme, globex}


async def test_an_empty_book_shows_one_hint(tmp_path: object, clock: object) -> None:
    from pathlib import Path

    from tendtui.store.book import Book

    assert isinstance(tmp_path, Path)
    book = Book.open(tmp_path / "empty.db")
    svc = BookService(book, clock=clock)  # type: ignore[arg-type]
    app = make_app(svc)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert text.count("An empty book.") == 1
        assert "nothing here" not in text
        assert "a  add an account" in text
        assert "I  import a CSV" in text
    book.close()


async def test_a_filter_leaves_empty_columns_blank_and_says_no_match_once(
    crafted: BookService,
) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"globex")
        await pilot.pause()
        text = screen_text(app)
        assert "no match" not in text
        assert "nothing here" not in text
        await pilot.press(*"zzz")  # "globexzzz": nothing anywhere
        await pilot.pause()
        assert screen_text(app).count("no match") == 1
