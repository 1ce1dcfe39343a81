"""One column of the board: a virtualized list of account cards (Line API).

Only the visible lines are ever rendered, so a column of 100,000 cards costs the same per key
as a column of ten. User text is drawn as plain Segments, guarded (`tendtui.display.guard`):
markup in a name is never parsed, and controls in it never reach the terminal.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tendtui.display import clip, fit, guard, health_mark, money_short, no_color
from tendtui.domain.health import Band
from tendtui.tui.board_model import Card

CARD_HEIGHT = 4
TASK_HORIZON_DAYS = 7
"""A card shows its next task when it is overdue or due within this many days."""
"""Three lines of card and one of space."""


class PhaseColumn(ScrollView, can_focus=False):
    """The cards of one phase, with a cursor.

    Columns never take focus: the board marks one column `active` and sends it the keys.
    Moving between columns then redraws two cards, where a focus change would make Textual
    restyle, relayout and repaint the whole screen (a visible pause on a large board).
    """

    COMPONENT_CLASSES = {
        "card--name",
        "card--book",
        "card--meta",
        "card--late",
        "card--soon",
        "card--overdue",
        "card--cursor",
        "card--cursor-blurred",
        "card--empty",
        "health--green",
        "health--amber",
        "health--red",
        "health--closed",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    """Index of the highlighted card."""

    class Clicked(Message):
        """The user clicked a card of this column."""

        def __init__(self, column: PhaseColumn) -> None:
            super().__init__()
            self.column = column

    class Highlighted(Message):
        """The cursor landed on a card (or the column is empty: account_id is None)."""

        def __init__(self, column: PhaseColumn, account_id: str | None) -> None:
            super().__init__()
            self.column = column
            self.account_id = account_id

    def __init__(self, phase: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.phase = phase
        """The phase key this column shows."""
        self.cards: list[Card] = []
        """The cards, attention first."""
        self.active = False
        """The column the board's keys go to; its cursor is drawn brighter."""
        self._colourless: bool | None = None
        """NO_COLOR: health is drawn as a shape (● ◐ ○), not only as the dot's colour. Set
        and not empty (no-color.org), or merely set, which turns Textual monochrome."""

    # -- data ------------------------------------------------------------------------------

    def set_cards(self, cards: list[Card], keep: str | None = None) -> None:
        """Show `cards`, keeping the cursor on account `keep` if it is still here."""
        selected = keep if keep is not None else self.selected_id
        self.cards = cards
        self.virtual_size = Size(self.size.width, len(cards) * CARD_HEIGHT)
        index = next((n for n, c in enumerate(cards) if c.id == selected), None)
        if index is None:
            index = min(self.cursor, max(0, len(cards) - 1))
        self.cursor = index
        self.refresh()

    @property
    def selected(self) -> Card | None:
        """The highlighted card."""
        return self.cards[self.cursor] if 0 <= self.cursor < len(self.cards) else None

    @property
    def selected_id(self) -> str | None:
        """The highlighted account's id."""
        card = self.selected
        return card.id if card else None

    # -- cursor ----------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.cards) - 1)) if self.cards else 0

    def watch_cursor(self, old: int, new: int) -> None:
        if not self.scroll_to_region_of(new):
            # Only the two cards whose highlight changed are redrawn: a key costs the same
            # whatever the column's length.
            self.refresh(self._card_region(old), self._card_region(new))
        self.post_message(self.Highlighted(self, self.selected_id))

    _empty_lines: tuple[str, ...] = ("nothing here",)

    @property
    def empty_lines(self) -> tuple[str, ...]:
        """What an empty column says, a line each (the board sets it: a hint in an empty
        book, "no match" under a filter)."""
        return self._empty_lines

    @empty_lines.setter
    def empty_lines(self, lines: tuple[str, ...]) -> None:
        if lines != self._empty_lines:
            self._empty_lines = lines
            self.refresh()

    def _card_region(self, index: int) -> Region:
        top = index * CARD_HEIGHT - int(self.scroll_y)
        return Region(0, top, self.size.width, CARD_HEIGHT)

    def scroll_to_region_of(self, index: int) -> bool:
        """Scroll just enough that the card at `index` is fully visible; True if it scrolled."""
        top = index * CARD_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
            return True
        if top + CARD_HEIGHT - 1 > self.scroll_y + height:
            self.scroll_to(y=top + CARD_HEIGHT - height, animate=False)
            return True
        return False

    def action_page(self, direction: int) -> None:
        per_page = max(1, self.scrollable_content_region.height // CARD_HEIGHT)
        self.cursor += direction * per_page

    def set_active(self, active: bool) -> None:
        """Make this the column the keys go to (or not); only the cursor card is redrawn."""
        if active != self.active:
            self.active = active
            self.refresh(self._card_region(self.cursor))
            if active:
                self.post_message(self.Highlighted(self, self.selected_id))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.cards) * CARD_HEIGHT)

    def on_click(self, event: events.Click) -> None:
        offset = event.y + int(self.scroll_y)
        self.cursor = offset // CARD_HEIGHT
        self.post_message(self.Clicked(self))

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = y + int(self.scroll_y)
        index, row = divmod(line, CARD_HEIGHT)
        if not self.cards and 1 <= y <= len(self.empty_lines):
            text = fit(f" {self.empty_lines[y - 1]}", width)
            return Strip([Segment(text, self.get_component_rich_style("card--empty"))], width)
        if index >= len(self.cards) or row == CARD_HEIGHT - 1:
            return Strip.blank(width, base)
        card = self.cards[index]
        on_cursor = index == self.cursor
        cursor_style = None
        if on_cursor:
            cursor_style = self.get_component_rich_style(
                "card--cursor" if self.active else "card--cursor-blurred"
            )
        segments = self._card_row(card, row, width)
        if cursor_style is not None:
            segments = [Segment(t, (s or Style()) + cursor_style) for t, s, _ in segments]
        return Strip(segments, width)

    def _task_line(self, card: Card, width: int) -> list[Segment] | None:
        """The card's third line when its next task is overdue or due within a week (and no
        renewal is nearer than that): 'due in 2d: Send plan', red when overdue."""
        n = card.due_in
        if card.next_task is None or n is None or n > TASK_HORIZON_DAYS:
            return None
        if card.renewal_in is not None and 0 <= card.renewal_in < n:
            return None
        when = f"{-n}d overdue" if n < 0 else "due today" if n == 0 else f"due in {n}d"
        text = f"   {when}: {guard(card.next_task)}"
        style = self.get_component_rich_style("card--overdue" if n < 0 else "card--soon")
        return [Segment(fit(text, width), style)]

    def _card_row(self, card: Card, row: int, width: int) -> list[Segment]:
        style = self.get_component_rich_style
        a = card.account
        if row == 0:
            band = card.health.band.value
            dot = style(f"health--{band}")
            name = guard(a.name)
            if self._colourless is None:
                self._colourless = self.app.no_color or no_color()
            mark = f" {health_mark(band, colourless=self._colourless)} "
            if card.book is not None:  # the team board: the book's label, after the name
                label = clip(guard(card.book), max(4, min(14, (width - 3) // 2)))
                room = max(0, width - 3 - cell_len(label) - 1)
                return [
                    Segment(mark, dot),
                    Segment(fit(name, room) + " ", style("card--name")),
                    Segment(label, style("card--book")),
                ]
            return [Segment(mark, dot), Segment(fit(name, width - 3), style("card--name"))]
        if row == 1:
            arr = money_short(a.arr, a.currency)
            progress = f"{card.done}/{card.total}" if card.total else ""
            quiet = f"{card.days_quiet}d"
            parts = [Segment(f"   {arr}  {progress}  ", style("card--meta"))]
            used = cell_len(parts[0].text)
            if card.health.band is not Band.CLOSED:
                parts.append(Segment(quiet, style("card--late" if card.late else "card--meta")))
                used += cell_len(quiet)
            if used > width:
                return [Segment(fit("".join(s.text for s in parts), width), style("card--meta"))]
            return [*parts, Segment(" " * (width - used), style("card--meta"))]
        task = self._task_line(card, width)
        if task is not None:
            return task
        if card.renewal_in is not None:
            n = card.renewal_in
            text = (
                f"   renews in {n}d"
                if n > 0
                else "   renews today"
                if n == 0
                else f"   renewal {-n}d overdue"
            )
            return [Segment(fit(text, width), style("card--soon" if n <= 30 else "card--meta"))]
        extra = " · ".join(guard(x) for x in (a.owner, a.segment) if x)
        return [Segment(fit(f"   {extra}", width), style("card--meta"))]
