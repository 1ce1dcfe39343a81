"""The agenda screen (A): every open task in the book, overdue first, and the keys to clear it.

x marks the highlighted task done, z snoozes it to a date, enter opens its account and u
undoes the last action, here as on the board. The list is read again after each change, so a
task done here is gone from it at once; the cursor stays where it was.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tendtui.domain.models import AgendaItem
from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints
from tendtui.tui.screens.report import ReportScreen
from tendtui.tui.widgets.footer import TendFooter

LIMIT = 500
"""Tasks listed at most: the agenda is read for today, not scrolled for an hour."""


def when(item: AgendaItem, today_ordinal: int) -> tuple[str, str]:
    """(text, style) for a task's due date: '3d overdue' in red, 'today', 'in 2d', or ''."""
    due = item.task.due
    if due is None:
        return ("no date", "dim")
    n = due.toordinal() - today_ordinal
    if n < 0:
        return (f"{-n}d overdue", "bold ansi_red")
    if n == 0:
        return ("today", "bold ansi_yellow")
    return (f"in {n}d", "ansi_yellow" if n <= 7 else "")


class AgendaScreen(ReportScreen):
    """Open tasks across the book: x done, z snooze, enter open, u undo."""

    DEFAULT_CSS = """
    AgendaScreen #agenda-head {
        padding: 0 1;
        text-style: bold;
    }
    AgendaScreen OptionList {
        height: 1fr;
        border: none;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("x", "done", "Done"),
        Binding("z", "snooze", "Snooze"),
        Binding("enter", "open", "Open"),
        Binding("u", "undo", "Undo"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[AgendaItem] = []
        """The tasks listed, in order."""

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-head")
        yield OptionList(id="agenda")
        yield TendFooter()

    def on_mount(self) -> None:
        self.reload()

    @property
    def options(self) -> OptionList:
        """The list of tasks."""
        return self.query_one(OptionList)

    def reload(self) -> None:
        """Read the open tasks again, keeping the cursor at its place."""
        svc = self.tend.service
        today = svc.today().toordinal()
        self.items = svc.agenda(limit=LIMIT)
        keep = self.options.highlighted
        self.options.clear_options()
        width = max((len(i.account_name) for i in self.items[:100]), default=0)
        width = min(width, 24)
        overdue = 0
        for item in self.items:
            text, style = when(item, today)
            overdue += text.endswith("overdue")
            name = item.account_name
            name = name if len(name) <= width else name[: width - 1] + "…"
            owner = f"  · {item.owner}" if item.owner else ""
            line = Content.assemble(
                plain(f"{text:>12}  ", style),
                plain(f"{name:<{width}}  ", "bold"),
                plain(item.task.text),
                plain(owner, "dim"),
            )
            self.options.add_option(Option(line, id=item.task.id))
        count = len(self.items)
        head = (
            f"Agenda: {count} open task{'s' if count != 1 else ''}, {overdue} overdue"
            if count
            else "Agenda: nothing open. A touch's next step, or `tendtui task add`, adds one."
        )
        self.query_one("#agenda-head", Static).update(plain(head))
        if count:
            self.options.highlighted = min(keep or 0, count - 1)

    def _task_id(self) -> str | None:
        index = self.options.highlighted
        if index is None or not 0 <= index < len(self.items):
            self.notify("No task here: the agenda is empty.", severity="warning", timeout=3)
            return None
        return self.items[index].task.id

    def action_back(self) -> None:
        self.dismiss()

    def action_cursor_down(self) -> None:
        self.options.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.options.action_cursor_up()

    def action_done(self) -> None:
        task_id = self._task_id()
        if task_id:
            self.tend.flows.complete_task(task_id)

    @work(exclusive=True, group="flow")
    async def action_snooze(self) -> None:
        task_id = self._task_id()
        if task_id:
            await self.tend.flows.snooze_task(task_id)

    def action_open(self) -> None:
        index = self.options.highlighted
        if index is not None and 0 <= index < len(self.items):
            self.tend.open_account(self.items[index].task.account_id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_undo(self) -> None:
        self.tend.flows.undo()


class PickTaskScreen(Dialog[str | None]):
    """Pick one of an account's open tasks (or, with another `border`, any one of a few
    labelled things): returns its id, or None."""

    DEFAULT_CSS = """
    PickTaskScreen OptionList {
        height: auto;
        max-height: 12;
        border: none;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, tasks: list[tuple[str, str]], *, border: str = "Which task?"
    ) -> None:
        super().__init__()
        self.title_text = title
        self.tasks = tasks
        """(task id, label) in the order shown."""
        self.border = border
        """The dialog's own title: what is picked."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content(self.border)
            yield Static(plain(self.title_text), id="heading")
            yield OptionList(
                *[Option(plain(f"{n} {label}"), id=i) for n, (i, label) in enumerate(self.tasks, 1)]
            )
            yield Static(key_hints([("enter", "pick"), ("esc", "cancel")]), id="keys")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
