"""The portfolio screen (P): accounts and ARR per phase, health, touches per week, renewals,
the next 90 days' renewals by forecast call and the expansion pipeline."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tendtui.display import arr_total, guard, health_fill, health_mark, money_short, no_color
from tendtui.domain.forecast import HORIZON_DAYS, Call
from tendtui.domain.health import Band
from tendtui.domain.portfolio import Portfolio
from tendtui.domain.rates import rate_text
from tendtui.reports.portfolio import portfolio_report
from tendtui.tui.plain import plain
from tendtui.tui.screens.report import ReportScreen
from tendtui.tui.widgets.footer import TendFooter

BAR_WIDTH = 24
_BAND_STYLE = {Band.GREEN: "ansi_green", Band.AMBER: "ansi_yellow", Band.RED: "ansi_red"}
"""ANSI colours, as rich named them: the terminal's own palette, not CSS green."""

Part = Content | tuple[str, str] | str


def _bar(value: int, top: int, width: int = BAR_WIDTH) -> str:
    cells = round(width * value / top) if top else 0
    return "█" * cells + "·" * (width - cells)


def book_text(p: Portfolio, *, colourless: bool = False) -> Content:
    """Phases, health and renewals by month. Phase titles come from the playbook: guarded."""
    parts: list[Part] = [("Accounts and ARR by phase\n", "bold")]
    top = max((ph.count for ph in p.phases), default=0)
    for ph in p.phases:
        arr = arr_total(
            ((amount, cur) for cur, amount in ph.arr.items()), unknown=ph.unknown, rates=p.rates
        )
        parts += [
            plain(f"  {guard(ph.title):<12} {ph.count:>5}  "),
            (_bar(ph.count, top, 8), "ansi_cyan"),
            plain(f"  {arr}"),
            "\n",
        ]
    total = sum(ph.count for ph in p.phases)
    parts.append(f"  {'all':<12} {total:>5}")
    if p.rates:  # one sum for the book, then what it is made of
        every = arr_total(
            ((amount, cur) for cur, amount in p.by_currency.items()),
            unknown=p.unknown,
            rates=p.rates,
        )
        parts += [plain(f"  {' ' * 8}  {every}"), "\n\n", *_breakdown(p)]
    parts += ["\n\n", ("Health\n", "bold"), "  "]
    scored = sum(p.health.values())
    # colourless (NO_COLOR): each band has its own shade and mark, not only a colour.
    for band, count in p.health.items():
        fill = health_fill(band.value, colourless=colourless)
        parts.append((fill * (round(28 * count / scored) if scored else 0), _BAND_STYLE[band]))
    parts.append("\n  ")
    for band, count in p.health.items():
        mark = health_mark(band.value, colourless=colourless)
        parts.append((f"{mark} {band.value} {count}   ", _BAND_STYLE[band]))
    parts.append(("\n\nRenewals by month\n", "bold"))
    top = max((m.count for m in p.renewals), default=0)
    for m in p.renewals:
        arr = (
            arr_total(
                ((amount, cur) for cur, amount in m.arr.items()), unknown=m.unknown, rates=p.rates
            )
            if m.count
            else ""
        )
        parts += [
            f"  {m.month:%Y-%m} {m.count:>4}  ",
            (_bar(m.count, top, 8), "ansi_magenta"),
            plain(f"  {arr}"),
            "\n",
        ]
    return Content.assemble(*parts)


def _breakdown(p: Portfolio) -> list[Part]:
    """ARR by currency, each with its rate and what it makes in the base currency."""
    base = p.rates.base
    parts: list[Part] = [(f"ARR by currency (totals in {guard(base)})\n", "bold")]
    for line in p.currencies():
        if line.rate is None:
            rate, in_base = "no rate: kept apart", ""
        elif line.currency == base:
            rate, in_base = "base", money_short(line.in_base, base)
        else:
            rate, in_base = f"× {rate_text(line.rate)}", f"≈ {money_short(line.in_base, base)}"
        amount = money_short(line.amount, line.currency)
        parts += [plain(f"  {guard(line.currency):<5} {amount:>10}  {rate:<12} {in_base}"), "\n"]
    if p.unknown:
        parts += [f"  {p.unknown} unknown", "\n"]
    parts.append(("  (each account's ARR stays in its currency)", "dim"))
    return parts


def activity_text(p: Portfolio) -> Content:
    """Customer touches per week over the last 12 weeks."""
    parts: list[Part] = [("Customer touches per week\n", "bold")]
    top = max((n for _, n in p.weeks), default=0)
    for week, count in p.weeks:
        parts += [f"  {week:%m-%d} ", (_bar(count, top), "ansi_green"), f" {count:>5}\n"]
    parts.append(("  (weeks start on Monday; notes are internal and not counted)\n", "dim"))
    return Content.assemble(*parts)


_CALL_STYLE = {
    Call.COMMIT: "ansi_green",
    Call.LIKELY: "ansi_cyan",
    Call.AT_RISK: "ansi_yellow",
    Call.CHURN: "ansi_red",
}


def revenue_text(p: Portfolio) -> Content:
    """The next 90 days' renewals by forecast call, then the expansion pipeline."""
    parts: list[Part] = [(f"Renewals in the next {HORIZON_DAYS} days, by call\n", "bold")]
    if not p.calls:
        parts.append(("  none due\n", "dim"))
    top = max((c.count for c in p.calls), default=0)
    for c in p.calls:
        total = arr_total(
            ((amount, cur) for cur, amount in c.amounts.items()), unknown=c.unknown, rates=p.rates
        )
        label = c.call.value if c.call is not None else "no call ⚑"
        style = _CALL_STYLE[c.call] if c.call is not None else "bold ansi_red"
        parts += [
            (f"  {label:<10}", style),
            f" {c.count:>4}  ",
            (_bar(c.count, top, 8), style),
            plain(f"  {total}"),
            "\n",
        ]
    if any(c.call is None for c in p.calls):
        parts.append(("  (⚑ renewals nobody has called: `tendtui forecast`)\n", "dim"))
    pipeline = p.pipeline
    if pipeline is None:
        return Content.assemble(*parts)
    parts.append(("\nExpansion pipeline (open, by stage)\n", "bold"))
    for stage, (count, amounts) in pipeline.by_stage.items():
        total = arr_total(((amount, cur) for cur, amount in amounts.items()), rates=p.rates)
        parts += [plain(f"  {stage.value:<10} {count:>4}  {total if count else ''}"), "\n"]
    won_count, won = pipeline.won
    total = arr_total(((amount, cur) for cur, amount in won.items()), rates=p.rates)
    since = f"{pipeline.quarter:%b %-d}"
    parts += [plain(f"  won since {since}: {won_count}  {total if won_count else ''}"), "\n"]
    return Content.assemble(*parts)


class PortfolioScreen(ReportScreen):
    """The book summed up, for a portfolio review."""

    BINDINGS = [Binding("escape,q", "back", "Back"), Binding("r", "reload", "Reload")]

    def compose(self) -> ComposeResult:
        with Horizontal(id="portfolio"):
            with VerticalScroll(classes="portfolio-pane"):
                yield Static(id="portfolio-book")
            with VerticalScroll(classes="portfolio-pane"):
                yield Static(id="portfolio-activity")
                yield Static(id="portfolio-revenue")
        yield TendFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the book again."""
        report = portfolio_report(self.tend.service)
        colourless = self.app.no_color or no_color()  # Textual's test, and no-color.org's
        self.query_one("#portfolio-book", Static).update(book_text(report, colourless=colourless))
        self.query_one("#portfolio-activity", Static).update(activity_text(report))
        self.query_one("#portfolio-revenue", Static).update(revenue_text(report))

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.reload()
