"""The board: one panel per phase of the playbook, each a header over a PhaseColumn."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.content import Content
from textual.widgets import Static

from tendtui.domain.playbook import Phase
from tendtui.tui.board_model import BoardModel
from tendtui.tui.plain import plain
from tendtui.tui.widgets.phase_column import PhaseColumn


class ColumnHeader(Static):
    """Phase title, customer and provider activity, count and ARR: playbook text, guarded."""

    def show(self, phase: Phase, count: int, arr: str) -> None:
        """Redraw for the given totals."""
        self.update(
            Content.assemble(
                plain(phase.title, "bold"),
                plain(f" · {phase.customer_activity}", "dim"),
                "\n",
                plain(phase.provider_activity, "italic"),
                "\n",
                f"{count} · ",
                plain(arr),
            )
        )


class ColumnPanel(Vertical):
    """A header and the column of cards under it."""

    def __init__(self, phase: Phase) -> None:
        super().__init__(id=f"panel-{phase.key}", classes="panel")
        self.phase = phase
        """The phase shown."""

    def compose(self) -> ComposeResult:
        yield ColumnHeader(classes="column-header")
        yield PhaseColumn(self.phase.key, id=f"column-{self.phase.key}")

    @property
    def column(self) -> PhaseColumn:
        """The card list."""
        return self.query_one(PhaseColumn)

    def show(self, model: BoardModel, keep: str | None = None) -> None:
        """Redraw from the model."""
        count, arr = model.total(self.phase.key)
        self.query_one(ColumnHeader).show(self.phase, count, arr)
        self.column.set_cards(model.cards(self.phase.key), keep)


EMPTY_BOOK = (
    "An empty book.",
    "",
    "a  add an account",
    "I  import a CSV",
    "   from your CRM",
)
"""What the first column of an empty book says; the other columns say nothing."""


class Board(HorizontalScroll):
    """All the phase panels side by side; scrolls sideways when the terminal is narrow."""

    def __init__(self, phases: tuple[Phase, ...]) -> None:
        super().__init__(id="board")
        self.phases = phases
        """Columns, in playbook order."""

    MIN_PANEL_WIDTH = 20
    """Narrower than this a card says too little: the board scrolls sideways instead."""

    def compose(self) -> ComposeResult:
        for phase in self.phases:
            yield ColumnPanel(phase)

    def on_resize(self) -> None:
        """Share the width out evenly, but never below MIN_PANEL_WIDTH cells a panel."""
        panels = self.panels
        if not panels:
            return
        available = self.size.width
        width = max(self.MIN_PANEL_WIDTH, available // len(panels))
        spare = available - width * len(panels) if width * len(panels) <= available else 0
        for n, panel in enumerate(panels):
            panel.styles.width = width + (1 if n < spare else 0)

    @property
    def panels(self) -> list[ColumnPanel]:
        """The panels, in order."""
        return list(self.query(ColumnPanel))

    @property
    def columns(self) -> list[PhaseColumn]:
        """The card lists, in order."""
        return [p.column for p in self.panels]

    def show(
        self,
        model: BoardModel,
        keep: dict[str, str | None] | None = None,
        only: set[str] | None = None,
    ) -> None:
        """Redraw the panels (all, or `only` those phases), keeping cursors on their accounts.

        An empty book says so once, in the first column, with the two ways to fill it. Under a
        filter, columns it empties stay blank, and only when it keeps nothing anywhere does the
        first column say so."""
        empty_book = model.summary()[0] == 0
        filtering = bool(model.filter_text)
        none_kept = filtering and not any(model.cards(p.phase.key) for p in self.panels)
        for n, panel in enumerate(self.panels):
            if only is None or panel.phase.key in only or empty_book or filtering:
                if empty_book:
                    lines: tuple[str, ...] = EMPTY_BOOK if n == 0 else ()
                elif filtering:
                    lines = ("no match", "(esc clears)") if none_kept and n == 0 else ()
                else:
                    lines = ("nothing here",)
                panel.column.empty_lines = lines
                if only is None or panel.phase.key in only or empty_book:
                    panel.show(model, (keep or {}).get(panel.phase.key))
