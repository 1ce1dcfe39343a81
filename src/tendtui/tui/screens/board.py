"""The main screen: the kanban of the book, a status line, a filter, and every board key.

The board reads the whole book once, on mount (and on `r`). After that it changes card by card:
a write anywhere in the app arrives as `AccountChanged` and replaces one card, so coming back
from another screen reads nothing. Changes made by other processes arrive as `BookChanged` and
are read in a thread, on a second connection, so the keys keep answering meanwhile.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from tendtui.domain.errors import InvalidInput
from tendtui.domain.playbook import Playbook
from tendtui.services import BookService
from tendtui.tui.board_model import BoardModel, read_board
from tendtui.tui.messages import AccountChanged, BookChanged
from tendtui.tui.plain import plain
from tendtui.tui.widgets.board import Board
from tendtui.tui.widgets.footer import TendFooter
from tendtui.tui.widgets.phase_column import PhaseColumn
from tendtui.tui.widgets.plain_input import PlainInput
from tendtui.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from tendtui.tui.app import TendApp


class BoardScreen(Screen[None]):
    """The kanban: columns of cards by phase, attention first."""

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Next card", show=False, id="board.next-card"),
        Binding("k,up", "cursor(-1)", "Previous card", show=False, id="board.previous-card"),
        Binding("g,home", "first", "First card", show=False, id="board.first-card"),
        Binding("G,end", "last", "Last card", show=False, id="board.last-card"),
        Binding("pagedown,ctrl+d", "page(1)", "Page down", show=False, id="board.page-down"),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False, id="board.page-up"),
        Binding("h,left", "column(-1)", "Column left", show=False, id="board.column-left"),
        Binding("l,right", "column(1)", "Column right", show=False, id="board.column-right"),
        Binding("enter", "open", "Open", id="board.open"),
        Binding("m", "move", "Move", id="board.move"),
        Binding("H", "step(-1)", "Move to previous phase", show=False, id="board.move-back"),
        Binding("L", "step(1)", "Move to next phase", show=False, id="board.move-on"),
        Binding("t", "touch", "Touch", id="board.touch"),
        Binding("c", "checklist", "Check", id="board.checklist"),
        Binding("a", "add", "Add", show=False, id="board.add"),
        Binding("e", "edit", "Edit", show=False, id="board.edit"),
        Binding("slash", "filter", "Find", id="board.find"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="board.clear-filter"),
        Binding("u", "undo", "Undo", id="board.undo"),
        Binding("s", "standup", "Standup", id="board.standup"),
        Binding("A", "agenda", "Agenda", id="board.agenda"),
        Binding("V", "save_view", "Save view", show=False, id="board.save-view"),
        *[Binding(str(n), f"view({n})", f"View {n}", show=False) for n in range(1, 10)],
        Binding("0", "view(0)", "All accounts", show=False, id="board.all-accounts"),
        Binding("P", "portfolio", "Portfolio", show=False, id="board.portfolio"),
        Binding("R", "radar", "Renewal radar", show=False, id="board.radar"),
        Binding("space", "walk(1)", "Walk flagged", show=False, id="board.walk"),
        Binding("n", "match(1)", "Next match", show=False, id="board.next-match"),
        Binding("N", "match(-1)", "Previous match", show=False, id="board.previous-match"),
        Binding("p", "walk(-1)", "Previous flagged", show=False, id="board.previous-flagged"),
        Binding("r", "reload", "Reload", show=False, id="board.reload"),
        Binding("I", "import_file", "Import", show=False, id="board.import"),
        Binding("B", "switch_book", "Books", show=False, id="board.books"),
        Binding("question_mark", "help", "Help", id="board.help"),
        Binding("q", "quit", "Quit", id="board.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.model: BoardModel | None = None
        """Cards by phase; built on mount."""
        self._changed_while_loading: set[str] | None = None
        """Accounts this app wrote while a background read was under way (None: no read).

        The read's snapshot may predate those writes, so they are redrawn again after it."""

    @property
    def tend(self) -> TendApp:
        """The app, typed."""
        from tendtui.tui.app import TendApp

        assert isinstance(self.app, TendApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield Board(self.tend.service.playbook.phases)
        yield PlainInput(
            placeholder="find: words, owner:NAME segment:X phase:X health:red stale renewal:30"
            " (esc clears)",
            id="filter",
        )
        yield TendFooter()

    def on_mount(self) -> None:
        self.reload()
        self.board.columns[0].set_active(True)

    # -- data ------------------------------------------------------------------------------

    @property
    def board(self) -> Board:
        """The board widget."""
        return self.query_one(Board)

    def _cursors(self) -> dict[str, str | None]:
        return {c.phase: c.selected_id for c in self.board.columns}

    def reload(self) -> None:
        """Read the whole book again, keeping every cursor on its account."""
        svc = self.tend.service
        self._show_model(
            read_board(svc, svc.playbook, svc.today(), self._filter_text(), self.tend.me)
        )

    def reload_in_background(self) -> None:
        """Reload without freezing the keys: read on a second connection in a thread.

        Used for changes made by other processes, which can come at any moment; a book of
        100,000 accounts takes seconds to read, and the board must keep answering meanwhile.
        """
        if self._changed_while_loading is None:
            self._changed_while_loading = set()
        svc = self.tend.service
        self._load_worker(svc, svc.playbook, svc.today(), self._filter_text(), self.tend.me)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reload")
    def _load_worker(
        self,
        service: BookService,
        playbook: Playbook,
        today: date,
        filter_text: str,
        me: str | None,
    ) -> None:
        # Everything comes in as arguments: this runs on another thread, away from the app.
        with service.second_reader() as reader:
            model = read_board(reader, playbook, today, filter_text, me)
        if not get_current_worker().is_cancelled:  # a newer read replaced this one
            self.app.call_from_thread(self._show_loaded, model)

    def _show_loaded(self, model: BoardModel) -> None:
        changed, self._changed_while_loading = self._changed_while_loading or set(), None
        self._show_model(model)
        for account_id in changed:
            self.refresh_account(account_id, follow=False)

    @on(Worker.StateChanged)
    def _load_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "reload" and event.state is WorkerState.ERROR:
            self._changed_while_loading = None
            self.notify(
                f"Could not read the latest changes ({event.worker.error}); r reloads.",
                severity="error",
            )

    @on(AccountChanged)
    def _account_changed(self, message: AccountChanged) -> None:
        if self._changed_while_loading is not None:
            self._changed_while_loading.add(message.account_id)
        self.refresh_account(message.account_id)

    @on(BookChanged)
    def _book_changed(self, message: BookChanged) -> None:
        if message.outside:
            self.reload_in_background()
        else:
            self.reload()

    def _filter_text(self) -> str:
        return self.model.filter_text if self.model is not None else ""

    def _show_model(self, model: BoardModel) -> None:
        model.search = self.tend.service.search_accounts  # not the worker's connection
        if self.model is not None:  # the filter may have changed while the worker read
            model.set_filter(self.model.filter_text)
        self.model = model
        self.board.show(model, self._cursors())
        self._show_status()

    def refresh_account(self, account_id: str, follow: bool = True) -> None:
        """Redraw one account's card after a change; the cursor follows it to a new column."""
        if self.model is None:
            return
        svc = self.tend.service
        account = svc.account(account_id)
        health = svc.health([account]).get(account_id) if account else None
        task = svc.next_tasks(account_id).get(account_id) if account else None
        changed = self.model.upsert(account, account_id, health, task)
        cursors = self._cursors()
        if account is not None and follow:
            cursors[account.phase] = account_id
        self.board.show(self.model, cursors, only=changed)
        if account is not None and follow and not account.archived:
            self.select_account(account_id)
        self._show_status()

    def select_account(self, account_id: str) -> None:
        """Make the account's column active and put its cursor on the account's card."""
        for index, column in enumerate(self.board.columns):
            for n, card in enumerate(column.cards):
                if card.id == account_id:
                    self._activate(index)
                    column.cursor = n
                    return

    def _show_status(self) -> None:
        assert self.model is not None
        self.query_one(StatusLine).show(self.tend.book_label, self.model)

    # -- selection -------------------------------------------------------------------------

    @property
    def column(self) -> PhaseColumn:
        """The active column: the one the keys go to."""
        return self.board.columns[self._index]

    _index = 0

    def _activate(self, index: int) -> None:
        columns = self.board.columns
        self._index = max(0, min(len(columns) - 1, index))
        for n, column in enumerate(columns):
            column.set_active(n == self._index)
        self.board.scroll_to_widget(self.board.panels[self._index], animate=False)

    @on(PhaseColumn.Clicked)
    def _clicked(self, event: PhaseColumn.Clicked) -> None:
        self._activate(self.board.columns.index(event.column))

    def selected_id(self) -> str | None:
        """The highlighted account, or a gentle note when the column is empty."""
        account_id = self.column.selected_id
        if account_id is None:
            self.notify("No account here: this column is empty.", severity="warning")
        return account_id

    # -- actions ---------------------------------------------------------------------------

    def action_column(self, delta: int) -> None:
        self._activate(self._index + delta)

    def action_cursor(self, delta: int) -> None:
        self.column.cursor += delta

    def action_first(self) -> None:
        self.column.cursor = 0

    def action_last(self) -> None:
        self.column.cursor = len(self.column.cards) - 1

    def action_page(self, direction: int) -> None:
        self.column.action_page(direction)

    def action_open(self) -> None:
        account_id = self.selected_id()
        if account_id:
            self.tend.open_account(account_id)

    @work(exclusive=True, group="flow")
    async def action_move(self, target: str | None = None) -> None:
        account_id = self.selected_id()
        if account_id:
            await self.tend.flows.move(account_id, target)

    def action_step(self, delta: int) -> None:
        card = self.column.selected
        if card is None:
            self.selected_id()
            return
        keys = self.tend.service.playbook.keys
        index = keys.index(card.account.phase) + delta
        if not 0 <= index < len(keys):
            edge = "first" if delta < 0 else "last"
            self.notify(f"{card.account.phase} is the {edge} phase.", severity="warning")
            return
        self.action_move(keys[index])

    @work(exclusive=True, group="flow")
    async def action_touch(self) -> None:
        account_id = self.selected_id()
        if account_id:
            await self.tend.flows.touch(account_id)

    @work(exclusive=True, group="flow")
    async def action_checklist(self) -> None:
        account_id = self.selected_id()
        if account_id:
            await self.tend.flows.checklist(account_id)

    @work(exclusive=True, group="flow")
    async def action_add(self) -> None:
        await self.tend.flows.add()

    @work(exclusive=True, group="flow")
    async def action_edit(self) -> None:
        account_id = self.selected_id()
        if account_id:
            await self.tend.flows.edit(account_id)

    def action_undo(self) -> None:
        self.tend.flows.undo()

    @work(exclusive=True, group="flow")
    async def action_export(self) -> None:
        await self.tend.flows.export()

    @work(exclusive=True, group="flow")
    async def action_import_file(self) -> None:
        await self.tend.flows.import_file()

    def action_reload(self) -> None:
        self.reload()
        self.notify("Reloaded the book.", timeout=2)

    def action_view(self, slot: int) -> None:
        """Apply saved view `slot` (0: clear the filter)."""
        box = self.query_one("#filter", Input)
        if slot == 0:
            self.action_clear_filter()
            return
        views = self.tend.service.views()
        if slot not in views:
            self.notify(f"No view on {slot} yet: filter with /, then V saves it.", timeout=4)
            return
        name, query = views[slot]
        box.value = query
        box.add_class("shown")
        self._apply_filter(query)
        self.notify(f"View {slot}: {name}", timeout=2)

    @work(exclusive=True, group="flow")
    async def action_save_view(self) -> None:
        """Save the current filter on a key 1-9, with a name."""
        await self.tend.flows.save_view(self.model.filter_text if self.model else "")

    def action_portfolio(self) -> None:
        self.tend.show_portfolio()

    def action_radar(self) -> None:
        self.tend.show_radar()

    def action_agenda(self) -> None:
        self.tend.show_agenda()

    def _owner(self) -> str | None:
        """The owner the board's find keeps (`owner:X`), which the standup keeps too."""
        return self.model.filter.owner if self.model is not None else None

    def action_standup(self) -> None:
        self.tend.show_standup(self._owner())

    def action_match(self, delta: int) -> None:
        """With a filter on, step to the next (or previous) matching card, column by column,
        wrapping round, as n and N do in vim or less."""
        if self.model is None or not self.model.filter_text:
            self.notify("n and N step through what / finds: type / first.", timeout=3)
            return
        spots = [
            (c, n) for c, column in enumerate(self.board.columns) for n in range(len(column.cards))
        ]
        if not spots:
            self.notify("Nothing matches the filter.", severity="warning", timeout=3)
            return
        here = (self._index, self.column.cursor if self.column.cards else -1)
        if delta > 0:
            target = next((s for s in spots if s > here), spots[0])
        else:
            target = next((s for s in reversed(spots) if s < here), spots[-1])
        self._activate(target[0])
        self.board.columns[target[0]].cursor = target[1]

    def action_walk(self, delta: int = 1) -> None:
        """Walk what the standup flags, from the first (n and p step it on the account)."""
        del delta  # space, n and p all start a walk here; stepping happens on the account
        from tendtui.reports.standup import standup_report

        svc = self.tend.service
        self.tend.start_walk(standup_report(svc, svc.today(), owner=self._owner()).flagged)

    def action_help(self) -> None:
        self.tend.show_help()

    def action_switch_book(self) -> None:
        self.tend.pick_book()

    def action_quit(self) -> None:
        self.app.exit()

    # -- filter ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("shown")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value or box.has_class("shown"):
            box.value = ""
            box.remove_class("shown")
            self._apply_filter("")
            self.set_focus(None)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        if not event.value:
            event.input.remove_class("shown")
        self.set_focus(None)

    def _apply_filter(self, text: str) -> None:
        if self.model is None:
            return
        try:
            self.model.set_filter(text)
        except InvalidInput as exc:  # half-typed queries are normal: say why, keep the last one
            self.query_one("#filter", Input).border_subtitle = plain(exc.message)
            return
        self.query_one("#filter", Input).border_subtitle = None
        self.board.show(self.model, self._cursors())
        self._show_status()
