"""The renewal radar (R): the renewals nobody has called yet, renewals by window with their
forecast calls and amounts, and the totals per call (in the base currency where rates exist).

Each renewal is listed once: an uncalled one under "Still without a call", first (it is what
needs doing), a called one under its window. Enter on a renewal opens its account; u undoes.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tendtui.display import arr_total, fit, money
from tendtui.domain.forecast import RADAR_WINDOWS, Call, Radar, RadarLine
from tendtui.domain.portfolio import calls_ahead
from tendtui.domain.rates import Rates
from tendtui.tui.plain import plain
from tendtui.tui.screens.report import ReportScreen
from tendtui.tui.widgets.footer import TendFooter

CALL_STYLE = {
    Call.COMMIT: "ansi_green",
    Call.LIKELY: "ansi_cyan",
    Call.AT_RISK: "ansi_yellow",
    Call.CHURN: "ansi_red",
}
"""ANSI colours, as rich named them: the terminal's own palette."""

NAME_WIDTH = 26


def _heading(text: str, style: str = "bold") -> Option:
    return Option(Content.assemble((text, style)), disabled=True)


def _line(r: RadarLine) -> Content:
    call: tuple[str, str] = (
        (f"{r.call.value:<8}", CALL_STYLE[r.call]) if r.call else ("no call ", "bold ansi_red")
    )
    return Content.assemble(
        f"  {r.renewal_date} ",
        (f"{_when(r):<8}", "dim"),
        call,
        "  ",
        plain(fit(r.name, NAME_WIDTH)),
        plain(f" {money(r.amount, r.currency):>10}"),
        plain(f"  {r.owner}" if r.owner else "", "dim"),
    )


def radar_options(radar: Radar, rates: Rates) -> list[Option]:
    """The radar as the list shows it: the uncalled renewals, a heading per window with its
    called renewals (each renewal's option has its account id), then the totals per call."""
    options: list[Option] = []
    uncalled = radar.uncalled
    options.append(
        _heading(
            f"Still without a call: {len(uncalled)}"
            + (" (f on the account calls it)" if uncalled else ""),
            "bold ansi_red" if uncalled else "bold",
        )
    )
    for r in uncalled:
        options.append(Option(_line(r), id=r.account_id))
    if not uncalled:
        options.append(_heading("  every renewal ahead has a call", "dim"))
    options.append(_heading(" "))
    start = 0
    for window, lines in radar.windows.items():
        called = [r for r in lines if r.call is not None]
        waiting = len(lines) - len(called)
        label = (
            f"Within {window} days (or passed)" if start == 0 else f"In {start + 1}-{window} days"
        )
        more = f", {waiting} without a call (above)" if waiting else ""
        options.append(_heading(f"{label}: {len(called)} called{more}"))
        for r in called:
            options.append(Option(_line(r), id=r.account_id))
        if not called:
            options.append(_heading("  none called", "dim"))
        start = window
    options.append(_heading(" "))
    options.append(_heading("Totals by call (the amount called; the ARR where there is none)"))
    totals = calls_ahead(radar)
    for t in totals:
        label = t.call.value if t.call is not None else "no call"
        style = CALL_STYLE[t.call] if t.call is not None else "bold ansi_red"
        total = arr_total(
            ((amount, cur) for cur, amount in t.amounts.items()), unknown=t.unknown, rates=rates
        )
        options.append(
            Option(
                Content.assemble((f"  {label:<8}", style), f" {t.count:>4}  ", plain(total)),
                disabled=True,
            )
        )
    if not totals:
        options.append(_heading(f"  no renewal in the next {RADAR_WINDOWS[-1]} days", "dim"))
    return options


def _when(r: RadarLine) -> str:
    return "today" if r.days == 0 else f"{-r.days}d ago" if r.days < 0 else f"in {r.days}d"


class RadarScreen(ReportScreen):
    """Renewals of the next 90 days: the uncalled, then by window and call; enter opens one."""

    DEFAULT_CSS = """
    RadarScreen #radar-head {
        padding: 0 1;
        text-style: bold;
    }
    RadarScreen OptionList, RadarScreen OptionList:focus {
        height: 1fr;
        border: none;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("enter", "open", "Open"),
        Binding("u", "undo", "Undo"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="radar-head")
        yield OptionList(id="radar")
        yield TendFooter()

    def on_mount(self) -> None:
        self.reload()
        self.options.focus()

    @property
    def options(self) -> OptionList:
        """The radar's lines."""
        return self.query_one("#radar", OptionList)

    def reload(self) -> None:
        """Read the radar again, keeping the cursor on its account when it is still there."""
        svc = self.tend.service
        radar = svc.renewal_radar()
        keep = self._selected()
        self.options.clear_options()
        self.options.add_options(radar_options(radar, svc.rates()))
        count, uncalled = len(radar.lines), len(radar.uncalled)
        self.query_one("#radar-head", Static).update(
            plain(
                f"Renewal radar: {count} renewal{'s' if count != 1 else ''} in the next "
                f"{RADAR_WINDOWS[-1]} days, {uncalled} without a call"
            )
        )
        ids = [o.id for o in self.options.options]
        if keep is not None and keep in ids:
            self.options.highlighted = ids.index(keep)
        else:
            first = next((n for n, o in enumerate(self.options.options) if not o.disabled), None)
            self.options.highlighted = first

    def _selected(self) -> str | None:
        index = self.options.highlighted
        if index is None or not 0 <= index < self.options.option_count:
            return None
        return self.options.get_option_at_index(index).id

    def action_back(self) -> None:
        self.dismiss()

    def action_cursor_down(self) -> None:
        self.options.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.options.action_cursor_up()

    def action_open(self) -> None:
        account_id = self._selected()
        if account_id:
            self.tend.open_account(account_id)
        else:
            self.notify("No renewal here: move to one with ↑ ↓.", timeout=3)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_undo(self) -> None:
        self.tend.flows.undo()
