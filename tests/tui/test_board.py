"""The board driven by keys, asserting on what the book holds afterwards."""

from __future__ import annotations

from tendtui.services import BookService
from tendtui.tui.screens.account import AccountScreen
from tendtui.tui.screens.board import BoardScreen
from tests.tui.conftest import make_app, price_in_euros, rows, screen_text


def _board(app: object) -> BoardScreen:
    screen = getattr(app, "screen", None)
    assert isinstance(screen, BoardScreen)
    return screen


async def test_columns_follow_the_playbook_and_show_totals(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = _board(app)
        assert [c.phase for c in board.board.columns] == crafted.playbook.keys
        assert [c.id for c in board.board.columns[0].cards] == [crafted.resolve("Acme Corp").id]
        shot = screen_text(app)
        assert "Onboarding · New" in shot
        assert "Integrate Services" in shot
        assert "1 · $120k" in shot


async def test_hjkl_and_g_move_the_cursor(crafted: BookService) -> None:
    crafted.add_account("Hooli", arr=1, phase="nurturing")
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = _board(app)
        await pilot.press("l")
        await pilot.pause()
        assert board.column.phase == "nurturing"
        assert board.column.active
        assert not board.board.columns[0].active
        await pilot.press("j")
        assert board.column.cursor == 1
        await pilot.press("k")
        assert board.column.cursor == 0
        await pilot.press("G")
        assert board.column.cursor == 1
        await pilot.press("g")
        assert board.column.cursor == 0
        await pilot.press("right", "left", "h", "h")
        assert board.column.phase == "onboarding"


async def test_L_moves_to_the_next_phase_when_allowed(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(crafted, "SELECT phase FROM accounts WHERE name = 'Acme Corp'") == [
            ("nurturing",)
        ]
        board = _board(app)
        assert board.column.phase == "nurturing"
        assert board.column.selected_id == crafted.resolve("Acme Corp").id


async def test_H_from_the_first_phase_says_so_and_writes_nothing(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = rows(crafted, "SELECT count(*) FROM events")
        await pilot.press("H")
        await pilot.pause()
        assert rows(crafted, "SELECT count(*) FROM events") == before
        assert any("first phase" in str(n.message) for n in app._notifications)


async def test_enter_opens_the_account_and_space_ticks(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        shot = screen_text(app)
        assert "Acme Corp" in shot
        assert "kickoff held" in shot
        await pilot.press("space")
        await pilot.pause()
        ticked = rows(crafted, "SELECT item FROM ticks ORDER BY item")
        assert ("kickoff-held",) in ticked
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_u_undoes_and_the_card_follows(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert rows(crafted, "SELECT phase FROM accounts WHERE name = 'Acme Corp'") == [
            ("onboarding",)
        ]
        assert rows(crafted, "SELECT kind FROM events ORDER BY rowid DESC LIMIT 1") == [("undone",)]
        assert crafted.resolve("Acme Corp").id in [c.id for c in _board(app).board.columns[0].cards]


async def test_slash_filters_and_escape_clears(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = _board(app)
        await pilot.press("slash", "s", "a", "m")
        await pilot.pause()
        shown = [c.account.name for col in board.board.columns for c in col.cards]
        assert shown == ["Globex", "Initech"]  # owner Sam
        await pilot.press("escape")
        await pilot.pause()
        shown = [c.account.name for col in board.board.columns for c in col.cards]
        assert sorted(shown) == ["Acme Corp", "Globex", "Initech"]


async def test_r_and_outside_changes_reload_keeping_the_cursor(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        board = _board(app)
        globex = crafted.resolve("Globex").id
        # Another process (here: a second connection) adds an account that sorts first.
        from tendtui.services import BookService as Service
        from tendtui.store.book import Book

        assert crafted.book.path is not None
        other = Book.open(crafted.book.path)
        Service(other, clock=crafted.clock).add_account("Aardvark", phase="nurturing")
        other.close()
        app.check_for_outside_changes()
        await app.workers.wait_for_complete()  # read on a second connection, in a thread
        await pilot.pause()
        names = [c.account.name for c in board.column.cards]
        assert "Aardvark" in names
        assert board.column.selected_id == globex
        await pilot.press("r")
        await pilot.pause()
        assert board.column.selected_id == globex


async def test_q_quits(crafted: BookService) -> None:
    app = make_app(crafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_with_rates_the_header_and_columns_sum_in_the_base_currency(
    three_currencies: BookService,
) -> None:
    app = make_app(three_currencies)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shot = screen_text(app)
        assert "2 · $120k + €40k" in shot  # no rates: by currency, as always
        assert "≈" not in shot
    price_in_euros(three_currencies)
    app = make_app(three_currencies)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shot = screen_text(app)
        header = shot.splitlines()[0]
        # 120,000 + 50,000 + 9,000 dollars at 0.92, 40,000 euros; the yen have no rate
        assert "5 accounts · ≈ €205k + ¥3.2M ARR" in header
        assert "2 · ≈ €150k" in shot  # Onboarding: Acme and Lumen
        assert "2 · ≈ €46k + ¥3.2M" in shot  # Nurturing: Globex and Kyoto
        assert "1 · ≈ €8k" in shot  # Realization: Initech
