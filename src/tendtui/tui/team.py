"""The team view (`tendtui team`): a read-only board and standup walk over several books, for
the lead's screen in a standup.

Every book is open read-only (BookService.open(read_only=True)): a key that would write says so
in one line and changes nothing. The board is one read model over all the books
(board_model.read_team_board): each card carries its book's label and an id unique across the
books (`team_id`), so one book's board stays exactly as it was. The standup is the books'
standups merged (domain.standup.merge_standups), every line tagged with its book; its walk
visits the flagged accounts of each book in turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Static

from tendtui.display import days_ago, days_until, guard, money
from tendtui.domain.cadence import days_in_phase
from tendtui.domain.errors import READ_ONLY_MESSAGE
from tendtui.domain.health import Band
from tendtui.domain.standup import merge_standups
from tendtui.reports.standup import standup_report
from tendtui.reports.standup_render import render
from tendtui.services import BookService
from tendtui.tui.board_model import BoardModel, read_team_board, split_team_id, team_id
from tendtui.tui.plain import plain
from tendtui.tui.walk import Walk
from tendtui.tui.widgets.board import Board
from tendtui.tui.widgets.footer import TendFooter
from tendtui.tui.widgets.phase_column import PhaseColumn

WRITE_KEYS = "m,t,c,a,e,u,H,L,I,V,d,x"
"""The board's keys that write: on the team view each says it is read-only, once."""


class TeamApp(App[None]):
    """The team board over several books, each open read-only."""

    CSS_PATH = "app.tcss"
    TITLE = "tendtui team"

    def __init__(self, books: Sequence[tuple[str, BookService]]) -> None:
        super().__init__()
        if not books:
            raise ValueError("the team view needs at least one book")
        self.books = list(books)
        """(label, service) of every book, in the order given."""

    def on_mount(self) -> None:
        self.push_screen(TeamBoardScreen())

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification guarded and never markup (they quote names), as on the board."""
        del markup
        super().notify(
            guard(message, multiline=True),
            title=guard(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def refuse_write(self) -> None:
        """What a writing key does here: one line, nothing changed."""
        self.notify(READ_ONLY_MESSAGE, severity="warning", timeout=4)

    def book_of(self, card_id: str) -> tuple[str, BookService, str]:
        """(label, service, account id) of a team card's id."""
        n, account_id = split_team_id(card_id)
        label, service = self.books[n]
        return label, service, account_id


class _TeamScreen(Screen[None]):
    @property
    def team(self) -> TeamApp:
        """The app, typed."""
        assert isinstance(self.app, TeamApp)
        return self.app

    def action_refuse(self) -> None:
        self.team.refuse_write()


class TeamBoardScreen(_TeamScreen):
    """Every book's cards on one board, each card marked with its book."""

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Next card", show=False),
        Binding("k,up", "cursor(-1)", "Previous card", show=False),
        Binding("h,left", "column(-1)", "Column left", show=False),
        Binding("l,right", "column(1)", "Column right", show=False),
        Binding("enter", "open", "Open"),
        Binding("s", "standup", "Standup"),
        Binding("space", "walk", "Walk flagged"),
        Binding("r", "reload", "Reload"),
        Binding(WRITE_KEYS, "refuse", "Read-only", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.model: BoardModel | None = None
        """Every book's cards; read on mount and on `r`."""
        self._active = 0

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield Board(self.team.books[0][1].playbook.phases)
        yield TendFooter()

    def on_mount(self) -> None:
        self.reload()
        self.board.columns[0].set_active(True)

    @property
    def board(self) -> Board:
        """The board widget."""
        return self.query_one(Board)

    def reload(self) -> None:
        """Read every book again."""
        books = self.team.books
        self.model = read_team_board(books, books[0][1].today())
        self.board.show(self.model)
        count, arr, late, red = self.model.summary()
        names = ", ".join(label for label, _ in books)
        self.query_one("#status", Static).update(
            Content.assemble(
                (" tendtui team ", "bold reverse"),
                " ",
                plain(f"{len(books)} books ({names}) · read-only"),
                f" · {count} accounts · ",
                plain(arr),
                " ARR",
                (f" · {late} past cadence", "bold" if late else ""),
                (f" · {red} red", "bold" if red else ""),
            )
        )

    @property
    def active(self) -> PhaseColumn:
        """The column the keys go to."""
        return self.board.columns[self._active]

    def action_cursor(self, delta: int) -> None:
        self.active.cursor += delta

    def action_column(self, delta: int) -> None:
        columns = self.board.columns
        target = max(0, min(len(columns) - 1, self._active + delta))
        if target != self._active:
            columns[self._active].set_active(False)
            self._active = target
            columns[target].set_active(True)

    def action_open(self) -> None:
        card = self.active.selected
        if card is not None:
            self.app.push_screen(TeamAccountScreen(card.id))

    def action_standup(self) -> None:
        self.app.push_screen(TeamStandupScreen())

    def action_walk(self) -> None:
        start_walk(self.team, team_standup(self.team)[1])

    def action_reload(self) -> None:
        self.reload()


def team_standup(team: TeamApp) -> tuple[str, list[str]]:
    """The standup over every book since yesterday, as text, and the flagged accounts to
    walk (team ids: each book's flagged accounts in its standup's order, book after book)."""
    today = team.books[0][1].today()
    since = today - timedelta(days=1)
    parts = [(label, standup_report(svc, since)) for label, svc in team.books]
    report = merge_standups(parts)
    flagged = [team_id(n, a) for n, (_, part) in enumerate(parts) for a in part.flagged]
    return render(report, "text"), flagged


def start_walk(team: TeamApp, flagged: list[str]) -> None:
    """Walk the flagged accounts of every book, one at a time."""
    if not flagged:
        team.notify("Nothing is flagged today.", timeout=3)
        return
    walk = Walk(tuple(flagged))
    team.push_screen(TeamAccountScreen(walk.current, walk=walk))


class TeamStandupScreen(_TeamScreen):
    """The standup over every book, each line tagged with its book; space walks it."""

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("space,n", "walk", "Walk flagged"),
        Binding(WRITE_KEYS, "refuse", "Read-only", show=False),
    ]

    flagged: list[str] = []
    """The accounts a walk visits."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="standup"):
            yield Static(id="standup-text")
        yield TendFooter()

    def on_mount(self) -> None:
        text, self.flagged = team_standup(self.team)
        parts: list[Content | tuple[str, str] | str] = []
        for line in text.splitlines():
            heading = bool(line) and not line.startswith(" ")
            parts += [plain(line, "bold" if heading else ""), "\n"]
        count = len(self.flagged)
        parts.append(
            (f"\n{count} flagged account{'s' if count != 1 else ''}: space walks them.", "bold")
        )
        self.query_one("#standup-text", Static).update(Content.assemble(*parts))

    def action_back(self) -> None:
        self.dismiss()

    def action_walk(self) -> None:
        start_walk(self.team, self.flagged)


class TeamAccountScreen(_TeamScreen):
    """One account of one book, read-only: what a standup asks about it."""

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("n,space", "walk(1)", "Next flagged"),
        Binding("p", "walk(-1)", "Previous flagged"),
        Binding(WRITE_KEYS, "refuse", "Read-only", show=False),
    ]

    def __init__(self, card_id: str, *, walk: Walk | None = None) -> None:
        super().__init__()
        self.card_id = card_id
        """The account's team id (book number and account id)."""
        self.walk = walk
        """The walk under way, if this screen is one of its steps."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="account"):
            yield Static(id="account-text")
        yield TendFooter()

    def on_mount(self) -> None:
        label, svc, account_id = self.team.book_of(self.card_id)
        lines = account_lines(label, svc, account_id)
        if self.walk is not None:
            lines.insert(0, self.walk.position() + " (n next, p back, esc ends the walk)")
        parts: list[Content | str] = []
        for n, line in enumerate(lines):
            parts += [plain(line, "bold" if n == (1 if self.walk else 0) else ""), "\n"]
        self.query_one("#account-text", Static).update(Content.assemble(*parts))

    def action_back(self) -> None:
        self.dismiss()

    def action_walk(self, delta: int) -> None:
        if self.walk is None:
            return
        step = self.walk.step(delta)
        if step is None:
            self.notify("End of the walk." if delta > 0 else "Start of the walk.", timeout=3)
            return
        self.app.switch_screen(TeamAccountScreen(step.current, walk=step))


def account_lines(label: str, svc: BookService, account_id: str) -> list[str]:
    """The account as the team view shows it: its book, phase, money, health, checklist,
    open tasks and latest touches (user text goes through `plain`, guarded)."""
    a = svc.account(account_id)
    if a is None:
        return [f"{label}: this account is no longer in the book"]
    today = svc.today()
    playbook = svc.playbook
    phase = playbook.phase(a.phase)
    health = svc.health([a])[a.id]
    out = [
        f"{a.name} · {label}",
        f"  {phase.heading} · {days_in_phase(a, today)} days in phase",
        f"  ARR {money(a.arr, a.currency)}"
        + (
            f" · renews {a.renewal_date} ({days_until(a.renewal_date, today)})"
            if a.renewal_date
            else ""
        )
        + (f" · owner {a.owner}" if a.owner else ""),
        f"  last customer touch: {days_ago(a.last_touch_on, today)}",
        f"  health: {health.reasons[0]}"
        if health.band is Band.CLOSED
        else f"  health: {health.score}/100 ({health.band.value})",
        "",
        f"Checklist ({phase.ticked_count(a.ticked)}/{len(phase.checklist)})",
    ]
    out += [f"  [{'x' if i.key in a.ticked else ' '}] {i.label}" for i in phase.checklist]
    tasks = svc.open_tasks(a.id)
    out += ["", f"Open tasks ({len(tasks)})" if tasks else "No open tasks"]
    out += [f"  {t.due.isoformat() if t.due else 'no date'}  {t.text}" for t in tasks]
    touches = svc.touches(a.id, limit=5)
    out += ["", "Recent touches" if touches else "No touches yet"]
    out += [f"  {t.happened_on}  {t.kind.value}  {_first_line(t.summary)}" for t in touches]
    return out


def _first_line(text: str | None) -> str:
    return text.splitlines()[0] if text and text.strip() else ""
