"""The account screen: details, health and its reasons, the checklist, revenue (the forecast
call and opportunities), people (role, title, the last touch with each), touches, phase
history.

It re-reads its one account whenever the app says that account changed (`AccountChanged`), or
that the book did (`BookChanged`); its actions call the shared write flows and redraw nothing
themselves. In walk mode it carries the `Walk` it is part of, and n / p open the next one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tendtui.display import days_ago, days_until, health_mark, money, no_color
from tendtui.domain.cadence import days_in_phase, days_past_cadence
from tendtui.domain.forecast import HORIZON_DAYS, Call, current_call
from tendtui.domain.health import Band
from tendtui.domain.opportunities import Stage
from tendtui.tui.messages import AccountChanged, BookChanged
from tendtui.tui.plain import plain
from tendtui.tui.screens.people import role_title
from tendtui.tui.walk import Walk
from tendtui.tui.widgets.footer import TendFooter

if TYPE_CHECKING:
    from datetime import date

    from tendtui.domain.models import Account
    from tendtui.tui.app import TendApp

_BAND_STYLE = {
    Band.GREEN: "ansi_green",
    Band.AMBER: "ansi_yellow",
    Band.RED: "ansi_red",
    Band.CLOSED: "dim",
}
"""ANSI colours, as rich named them: the terminal's own palette, not CSS green."""


_CALL_STYLE = {
    Call.COMMIT: "ansi_green",
    Call.LIKELY: "ansi_cyan",
    Call.AT_RISK: "ansi_yellow",
    Call.CHURN: "ansi_red",
}
_WON_LOST = {True: "ansi_green", False: "dim"}
RECENT_DAYS = 90
"""Won and lost opportunities closed this many days back are shown."""
RECENT_CLOSED = 3
"""At most this many of them."""


def _last_touch(on: date | None, today: date) -> str:
    """'last touch 12 days ago', or 'no touch with them yet'."""
    return f"last touch {days_ago(on, today)}" if on else "no touch with them yet"


def _soon(account: Account, today: date) -> bool:
    """A renewal within the forecast horizon (or passed): an uncalled one is flagged."""
    date_ = account.renewal_date
    return date_ is not None and (date_ - today).days <= HORIZON_DAYS


Part = Content | tuple[str, str] | str
"""A piece of a section, as `Content.assemble` takes it: our own strings, or guarded `plain`."""


def _bold_base(parts: list[Part]) -> Content:
    """The section in bold under its own styles, as the sections have always been drawn."""
    return Content.assemble(*parts).stylize_before("bold")


class AccountScreen(Screen[None]):
    """Everything about one account, and the keys to tend it."""

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("space", "toggle_item", "Tick"),
        Binding("n", "walk(1)", "Next"),
        Binding("p", "walk(-1)", "Prev"),
        Binding("t", "touch", "Touch"),
        Binding("m", "move", "Move"),
        Binding("e", "edit", "Edit"),
        Binding("x", "task_done", "Done"),
        Binding("z", "task_snooze", "Snooze"),
        Binding("u", "undo", "Undo"),
        Binding("f", "forecast", "Forecast"),
        Binding("o", "add_opportunity", "Opportunity", show=False),
        Binding("O", "stage_opportunity", "Stage", show=False),
        Binding("w", "won", "Won", show=False),
        Binding("l", "lost", "Lost", show=False),
        Binding("a", "add_person", "Add person", show=False),
        Binding("E", "edit_person", "Edit person", show=False),
        Binding("L", "person_left", "Person left", show=False),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, account_id: str, *, walk: Walk | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        """The account shown."""
        self.walk = walk
        """The walk this account is part of (n and p step it); None when not walking."""

    @property
    def tend(self) -> TendApp:
        """The app, typed."""
        from tendtui.tui.app import TendApp

        assert isinstance(self.app, TendApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Static(id="account-head")
        with Horizontal(id="account-body"):
            with VerticalScroll(id="account-left"):
                yield Static(id="checklist-title", classes="section-title")
                yield OptionList(id="checklist")
                yield Static(id="health", classes="section")
                yield Static(id="people", classes="section")
            with VerticalScroll(id="account-right"):
                yield Static(id="next-steps", classes="section")
                yield Static(id="revenue", classes="section")
                yield Static(id="timeline", classes="section")
                yield Static(id="phases", classes="section")
        yield TendFooter()

    _gone = False

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#checklist", OptionList).focus()

    def on_screen_resume(self) -> None:
        if self._gone:  # the account went while a modal was on top: say so and leave now
            self.reload()

    def reload(self) -> None:
        """Read the account again and redraw every section."""
        svc = self.tend.service
        account = svc.account(self.account_id)
        if account is None:
            # `dismiss` pops the top screen, whichever it is: leave only once this one is on top.
            self._gone = not self.is_current
            if self.is_current:
                self.notify("This account is no longer in the book.", severity="warning")
                self.dismiss()
            return
        today = svc.today()
        playbook = svc.playbook
        phase = playbook.phase(account.phase)
        health = svc.health([account])[account.id]
        self._head(account, today)

        done = phase.ticked_count(account.ticked)
        self.query_one("#checklist-title", Static).update(
            Content.assemble(
                "Checklist · ", plain(phase.provider_activity), f" ({done}/{len(phase.checklist)})"
            ).stylize_before("bold")
        )
        checklist = self.query_one("#checklist", OptionList)
        highlighted = checklist.highlighted
        checklist.clear_options()
        for item in phase.checklist:
            line = Content.assemble(
                "[x] " if item.key in account.ticked else "[ ] ",
                plain(item.label),
                ("  gate", "dim italic") if item.gate else "",
            )
            checklist.add_option(Option(line, id=item.key))
        if phase.checklist:
            checklist.highlighted = min(highlighted or 0, len(phase.checklist) - 1)

        colourless = self.app.no_color or no_color()  # NO_COLOR: the band as a shape too
        parts: list[Part] = [
            f"Health {health.score}/100 " if health.band is not Band.CLOSED else "Health ",
            (
                f"{health_mark(health.band.value, colourless=colourless)} {health.band.value}\n",
                _BAND_STYLE[health.band],
            ),
        ]
        for reason in health.reasons or ("nothing to worry about",):
            parts += ["  · ", plain(reason), "\n"]
        self.query_one("#health", Static).update(Content.assemble(*parts))
        self._people(account, today)
        self._revenue(account, today)
        self._activity(account, today)

    def _head(self, account: Account, today: date) -> None:
        playbook = self.tend.service.playbook
        phase = playbook.phase(account.phase)
        head: list[Part] = [plain(account.name, "bold")]
        if account.archived:
            head.append(("  archived", "dim"))
        if self.walk is not None:
            head.append((f"   {self.walk.position()} · n next · p previous", "reverse"))
        head += ["\n", plain(phase.heading), f" · {days_in_phase(account, today)} days in phase"]
        late = days_past_cadence(playbook, account, today)
        head.append(f" · last touch {days_ago(account.last_touch_on, today)}")
        if late:
            head.append((f" ({late}d past cadence)", "bold ansi_red"))
        head += ["\nARR ", plain(money(account.arr, account.currency))]
        if account.renewal_date:
            until = days_until(account.renewal_date, today)
            head.append(f" · renews {account.renewal_date} ({until})")
        for label, value in (("owner", account.owner), ("segment", account.segment)):
            if value:
                head += [f" · {label} ", plain(value)]
        self.query_one("#account-head", Static).update(Content.assemble(*head))

    def _people(self, account: Account, today: date) -> None:
        """Each person with their role, title and the last touch with them; left ones dim."""
        svc = self.tend.service
        people = svc.contacts(account.id)
        current = sum(1 for c in people if c.is_current)
        parts: list[Part] = [(f"People ({current})\n" if people else "People\n", "bold")]
        for c in people:
            role = role_title(svc.playbook, c.role)
            title = f", {c.title}" if c.title else ""
            if c.left_on is None:
                parts += [
                    "  ",
                    plain(c.name, "bold"),
                    plain(f" · {role}{title}"),
                    (f" · {_last_touch(c.last_touch_on, today)}\n", "dim"),
                ]
            else:
                parts += [
                    plain(f"  {c.name} · {role}{title} · left {c.left_on}", "dim strike"),
                    "\n",
                ]
        if not people:
            parts.append(("  nobody yet: a adds a person\n", "dim"))
        self.query_one("#people", Static).update(Content.assemble(*parts))

    def _revenue(self, account: Account, today: date) -> None:
        """The call that stands for the coming renewal, open opportunities, recent closes."""
        svc = self.tend.service
        calls = svc.forecasts(account.id)
        current = current_call(account, calls)
        parts: list[Part] = [("Revenue\n", "bold")]
        if current is not None:
            parts += [
                "  Forecast ",
                (current.call.value, _CALL_STYLE[current.call]),
                " at ",
                plain(money(current.amount, current.currency)),
                f" · called {current.called_at.astimezone().date()}\n",
            ]
            if current.note:
                parts += [plain(f"    “{current.note}”", "dim"), "\n"]
        else:
            flag = "bold ansi_red" if _soon(account, today) else "dim"
            parts += ["  Forecast ", ("no call yet", flag), (" (f calls it)\n", "dim")]
        if calls:
            n = len(calls)
            parts.append((f"  {n} call{'s' if n != 1 else ''} in history\n", "dim"))
        opportunities = svc.opportunities(account.id)
        live = [o for o in opportunities if o.is_open]
        parts.append(f"  Open opportunities ({len(live)})\n" if live else "  No open opportunity")
        if not live:
            parts.append((": o adds one\n", "dim"))
        for o in live:
            close = f" · close {o.close_date}" if o.close_date else ""
            parts += [
                (f"    {o.stage.value:<10} ", "ansi_cyan"),
                plain(o.title),
                plain(f" {money(o.amount, o.currency)}{close} ({o.kind.value})", "dim"),
                "\n",
            ]
        since = today - timedelta(days=RECENT_DAYS)
        closed = [
            o
            for o in reversed(opportunities)
            if o.closed_at is not None and o.closed_at.astimezone().date() >= since
        ][:RECENT_CLOSED]
        for o in closed:
            won = o.stage is Stage.WON
            assert o.closed_at is not None
            parts += [
                (f"    {o.stage.value:<4} {o.closed_at.astimezone().date()} ", _WON_LOST[won]),
                plain(o.title),
                plain(f" {'+' if won else ''}{money(o.amount, o.currency)}", "dim"),
                plain(f": {o.note}" if o.note else "", "dim"),
                "\n",
            ]
        self.query_one("#revenue", Static).update(Content.assemble(*parts))

    def _activity(self, account: Account, today: date) -> None:
        svc = self.tend.service
        touches = svc.touches(account.id, limit=50)
        # The open tasks: next steps of touches and tasks added by themselves, soonest first.
        tasks = svc.open_tasks(account.id)
        steps: list[Part] = [f"Tasks ({len(tasks)})\n" if tasks else "Tasks\n"]
        for n, task in enumerate(tasks, start=1):
            due = task.due
            when = f" (due {due}, {days_until(due, today)})" if due else ""
            style = (
                "bold ansi_red" if due and due < today else "ansi_yellow" if due == today else ""
            )
            steps.append(Content.assemble(f"  {n} ", plain(task.text), f"{when}\n").stylize(style))
        if not tasks:
            steps.append(("  none\n", "dim"))
        self.query_one("#next-steps", Static).update(_bold_base(steps))

        timeline: list[Part] = ["Touches, newest first\n"]
        for t in touches:
            mood = f" {t.sentiment.value}" if t.sentiment else ""
            timeline.append((f"  {t.happened_on} {t.kind.value:<10}{mood:<9} ", "dim"))
            timeline += [plain(t.summary), "\n"]
            if t.next_step:
                timeline += [plain(f"      → {t.next_step}", "dim"), "\n"]
        if not touches:
            timeline.append(("  none yet: t logs one\n", "dim"))
        self.query_one("#timeline", Static).update(_bold_base(timeline))

        phases: list[Part] = ["Phase history\n"]
        playbook = svc.playbook
        for stint in svc.stints(account.id):
            title = (
                playbook.phase(stint.phase).title
                if playbook.has_phase(stint.phase)
                else stint.phase
            )
            left = stint.left_at.astimezone().date() if stint.left_at else "now"
            phases += [f"  {stint.entered_at.astimezone().date()} → {left}  ", plain(title), "\n"]
        self.query_one("#phases", Static).update(_bold_base(phases))

    # -- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_walk(self, delta: int) -> None:
        """Open the next (or previous) flagged account in place of this one."""
        if self.walk is None:
            self.notify("Not walking: s opens the standup, space walks what it flags.", timeout=3)
            return
        step = self.walk.step(delta)
        if step is None:
            edge = "last" if delta > 0 else "first"
            self.notify(f"That was the {edge} flagged account.", timeout=3)
            return
        self.app.switch_screen(AccountScreen(step.current, walk=step))

    def action_toggle_item(self) -> None:
        checklist = self.query_one("#checklist", OptionList)
        if checklist.highlighted is None:
            return
        key = checklist.get_option_at_index(checklist.highlighted).id
        account = self.tend.service.account(self.account_id)
        if key is None or account is None:
            return
        self.tend.flows.tick(self.account_id, key, key not in account.ticked)

    @work(exclusive=True, group="flow")
    async def action_touch(self) -> None:
        await self.tend.flows.touch(self.account_id)

    @work(exclusive=True, group="flow")
    async def action_move(self) -> None:
        await self.tend.flows.move(self.account_id)

    @work(exclusive=True, group="flow")
    async def action_edit(self) -> None:
        await self.tend.flows.edit(self.account_id)

    @work(exclusive=True, group="flow")
    async def action_task_done(self) -> None:
        task_id = await self.tend.flows.pick_task(self.account_id, "Mark done")
        if task_id:
            self.tend.flows.complete_task(task_id)

    @work(exclusive=True, group="flow")
    async def action_task_snooze(self) -> None:
        task_id = await self.tend.flows.pick_task(self.account_id, "Snooze")
        if task_id:
            await self.tend.flows.snooze_task(task_id)

    @work(exclusive=True, group="flow")
    async def action_forecast(self) -> None:
        await self.tend.flows.forecast(self.account_id)

    @work(exclusive=True, group="flow")
    async def action_add_opportunity(self) -> None:
        await self.tend.flows.add_opportunity(self.account_id)

    @work(exclusive=True, group="flow")
    async def action_stage_opportunity(self) -> None:
        await self.tend.flows.stage_opportunity(self.account_id)

    @work(exclusive=True, group="flow")
    async def action_won(self) -> None:
        await self.tend.flows.close_opportunity(self.account_id, won=True)

    @work(exclusive=True, group="flow")
    async def action_lost(self) -> None:
        await self.tend.flows.close_opportunity(self.account_id, won=False)

    @work(exclusive=True, group="flow")
    async def action_add_person(self) -> None:
        await self.tend.flows.add_contact(self.account_id)

    @work(exclusive=True, group="flow")
    async def action_edit_person(self) -> None:
        await self.tend.flows.edit_contact(self.account_id)

    @work(exclusive=True, group="flow")
    async def action_person_left(self) -> None:
        await self.tend.flows.contact_left(self.account_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """n and p step a walk: outside one they are not offered (the footer leaves them out)."""
        del parameters
        return not (action == "walk" and self.walk is None)

    def action_undo(self) -> None:
        self.tend.flows.undo()

    def action_help(self) -> None:
        self.tend.show_help()

    # -- changes ---------------------------------------------------------------------------

    @on(AccountChanged)
    def _account_changed(self, message: AccountChanged) -> None:
        if message.account_id == self.account_id:
            self.reload()

    @on(BookChanged)
    def _book_changed(self) -> None:
        self.reload()
