"""The touch modal: log a call, email, meeting, note, QBR, training or escalation.

Nothing is written here: the screen returns a `TouchDraft` (or None) and the app makes the one
service call. The draft is only returned once it is valid, so the service rarely refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from tendtui.display import guard
from tendtui.domain.dates import parse_date
from tendtui.domain.errors import InvalidInput
from tendtui.domain.kinds import Sentiment, TouchKind
from tendtui.domain.models import Task
from tendtui.domain.text import clean_optional
from tendtui.domain.touching import check_touch
from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints
from tendtui.tui.widgets.plain_input import PlainInput

KINDS: list[tuple[str, TouchKind]] = [
    ("c", TouchKind.CALL),
    ("e", TouchKind.EMAIL),
    ("m", TouchKind.MEETING),
    ("n", TouchKind.NOTE),
    ("q", TouchKind.QBR),
    ("t", TouchKind.TRAINING),
    ("x", TouchKind.ESCALATION),
]
"""(key, kind) in the order shown."""

SENTIMENTS: list[tuple[str, str, Sentiment | None]] = [
    ("0", "none", None),
    ("+", "positive", Sentiment.POSITIVE),
    ("=", "neutral", Sentiment.NEUTRAL),
    ("-", "negative", Sentiment.NEGATIVE),
]
"""(key shown, label, sentiment) in the order shown."""

_SENTIMENT_BINDINGS = ["0", "plus", "equals_sign", "minus"]


@dataclass(frozen=True)
class TouchDraft:
    """A valid touch, as typed: what the app passes to `BookService.log_touch`."""

    kind: TouchKind
    """Call, email, meeting, ..."""
    happened_on: date
    """The day it happened: today or earlier."""
    summary: str | None
    """What was said or done; None when left blank."""
    sentiment: Sentiment | None
    """How the customer seemed; None when not said."""
    next_step: str | None
    """What happens next; None when left blank."""
    next_step_due: date | None
    """When the next step is due; only ever set with a next step."""
    done_task: str | None = None
    """The id of an open task this touch finishes, marked done in the same save."""
    with_: tuple[str, ...] = ()
    """The ids of the account's contacts who took part, in the order offered."""


class ChoiceRow(Widget, can_focus=True):
    """One line of labelled choices; the picked one is highlighted. ← → change it."""

    DEFAULT_CSS = """
    ChoiceRow {
        height: auto;
        width: 1fr;
        &:focus {
            background-tint: $accent 20%;
        }
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
        Binding("enter", "app.focus_next", "Next field", show=False),
    ]

    picked: reactive[int] = reactive(0)
    """Index of the chosen choice."""

    def __init__(self, choices: list[tuple[str, str]], *, id: str) -> None:
        super().__init__(id=id)
        self.choices = choices
        """(key, label) pairs."""

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        for n, (key, label) in enumerate(self.choices):
            picked = n == self.picked
            parts += [(f" {key} ", "bold reverse" if picked else "bold dim")]
            parts += [(f"{label} ", "bold reverse" if picked else "")]
        return Content.assemble(*parts)

    def action_step(self, delta: int) -> None:
        """Pick the previous or next choice, wrapping round."""
        self.picked = (self.picked + delta) % len(self.choices)


class CycleRow(Widget, can_focus=True):
    """One choice shown at a time, ‹ › around it; ← → cycle through them."""

    DEFAULT_CSS = """
    CycleRow {
        height: 1;
        width: 1fr;
        &:focus {
            background-tint: $accent 20%;
        }
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
        Binding("enter", "app.focus_next", "Next field", show=False),
    ]

    picked: reactive[int] = reactive(0)
    """Index of the chosen label."""

    def __init__(self, labels: list[str], *, id: str) -> None:
        super().__init__(id=id)
        self.labels = labels

    def render(self) -> Content:
        many = len(self.labels) > 1
        return Content.assemble(
            ("‹ " if many else "", "dim"),
            plain(self.labels[self.picked], "bold" if self.picked else ""),
            (" ›" if many else "", "dim"),
        )

    def action_step(self, delta: int) -> None:
        """Show the previous or next label, wrapping round."""
        self.picked = (self.picked + delta) % len(self.labels)


class TickRow(Widget, can_focus=True):
    """Choices to tick any of, on one line: ← → move between them (the line scrolls to keep
    the one under the cursor in view, ‹ › say more are off it), space ticks or unticks one."""

    DEFAULT_CSS = """
    TickRow {
        height: 1;
        width: 1fr;
        &:focus {
            background-tint: $accent 20%;
        }
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
        Binding("space", "tick", "Tick", show=False),
        Binding("enter", "app.focus_next", "Next field", show=False),
    ]

    cursor: reactive[int] = reactive(0)
    """Index of the choice space ticks."""

    def __init__(self, labels: list[str], *, id: str) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.ticked: set[int] = set()
        """Indexes of the ticked choices."""
        self._first = 0
        """The first choice in view."""

    def _cell(self, n: int) -> str:
        return ("[x] " if n in self.ticked else "[ ] ") + guard(self.labels[n]) + "  "

    def render(self) -> Content:
        room = max(self.size.width, 20) - 4  # "‹ " and " ›"
        first = min(self._first, self.cursor)
        while (
            first < self.cursor
            and sum(cell_len(self._cell(n)) for n in range(first, self.cursor + 1)) > room
        ):
            first += 1
        self._first = first
        shown: list[int] = []
        used = 0
        for n in range(first, len(self.labels)):
            used += cell_len(self._cell(n))
            if used > room and shown:
                break
            shown.append(n)
        parts: list[Content | str | tuple[str, str]] = [("‹ " if first else "  ", "dim")]
        for n in shown:
            here = n == self.cursor and self.has_focus
            cell = self._cell(n)
            parts.append(Content(cell).stylize("reverse" if here else "", 0, len(cell) - 2))
        parts.append((" ›" if shown[-1] < len(self.labels) - 1 else "", "dim"))
        return Content.assemble(*parts)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_step(self, delta: int) -> None:
        """Move to the previous or next choice, wrapping round."""
        self.cursor = (self.cursor + delta) % len(self.labels)

    def action_tick(self) -> None:
        """Tick the choice under the cursor, or untick it."""
        self.ticked ^= {self.cursor}
        self.refresh()


class LogTouchScreen(Dialog[TouchDraft | None]):
    """Log one touch with an account; returns the draft, or None when cancelled.

    Four keys from the board: `t`, a kind key (which moves to the summary), the summary,
    enter. Tab reaches the people who took part (space ticks one), sentiment, next step, due
    date, an open task to mark done, and the date; ctrl+s saves from anywhere. Esc asks before throwing typed text away.
    """

    DEFAULT_CSS = """
    LogTouchScreen #heading {
        text-style: bold;
        margin-bottom: 1;
    }
    LogTouchScreen .row {
        height: auto;
        margin-top: 1;
    }
    LogTouchScreen .row > Label {
        width: 11;
        color: $text-muted;
    }
    LogTouchScreen Input {
        width: 1fr;
        &:focus {
            background-tint: $accent 20%;
        }
    }
    LogTouchScreen #error {
        color: $error;
        margin-top: 1;
        height: auto;
    }
    LogTouchScreen #keys {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
        *[
            Binding(key, f"kind({n})", kind.value, show=False)
            for n, (key, kind) in enumerate(KINDS)
        ],
        *[
            Binding(keys, f"sentiment({n})", show=False)
            for n, keys in enumerate(_SENTIMENT_BINDINGS)
        ],
    ]
    AUTO_FOCUS = "#kind"

    def __init__(
        self,
        account_name: str,
        today: date,
        open_tasks: list[tuple[str, str]] | None = None,
        people: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.account_name = account_name
        """Shown as plain text in the heading."""
        self.today = today
        """The book's today: the default date, and the latest a touch can have happened."""
        self.open_tasks = open_tasks or []
        """(task id, label) of the account's open tasks, offered to mark done."""
        self.people = people or []
        """(contact id, label) of the account's current people, offered to tick as "with"."""
        self._tried = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Log a touch")
            yield Static(plain(self.account_name), id="heading")
            yield ChoiceRow([(k, kind.value) for k, kind in KINDS], id="kind")
            with Horizontal(classes="row"):
                yield Label("Summary")
                yield PlainInput(
                    placeholder="what was said or done (needed)",
                    id="summary",
                    compact=True,
                    select_on_focus=False,  # a first letter typed on the kind row stays
                )
            if self.people:
                with Horizontal(classes="row"):
                    yield Label("With")
                    yield TickRow([label for _, label in self.people], id="with")
            with Horizontal(classes="row"):
                yield Label("Sentiment")
                yield ChoiceRow([(k, label) for k, label, _ in SENTIMENTS], id="sentiment")
            with Horizontal(classes="row"):
                yield Label("Next step")
                yield PlainInput(
                    placeholder="optional: becomes a task", id="next-step", compact=True
                )
            with Horizontal(classes="row"):
                yield Label("Due")
                yield PlainInput(
                    placeholder="tomorrow, fri, +3d, 2026-12-24", id="due", compact=True
                )
            if self.open_tasks:
                with Horizontal(classes="row"):
                    yield Label("Mark done")
                    labels = ["nothing", *(label for _, label in self.open_tasks)]
                    yield CycleRow(labels, id="done")
            with Horizontal(classes="row"):
                yield Label("Date")
                yield PlainInput(self.today.isoformat(), id="date", compact=True)
            yield Static("", id="error", markup=False)
            yield Static(
                key_hints(
                    [
                        ("c e m n q t x", "kind"),
                        ("enter ctrl+s", "save"),
                        ("tab", "more"),
                        ("esc", "cancel"),
                    ]
                ),
                id="keys",
            )

    def _row(self, id: str) -> ChoiceRow:
        return self.query_one(f"#{id}", ChoiceRow)

    def _text(self, id: str) -> str:
        return self.query_one(f"#{id}", Input).value

    def draft(self) -> TouchDraft:
        """The touch as typed so far; InvalidInput says what is wrong with it."""
        summary = clean_optional(self._text("summary"), what="summary")
        if summary is None:
            raise InvalidInput("a touch needs a summary: say what was said or done")
        happened = parse_date(self._text("date"), today=self.today, what="date")
        due_text = self._text("due").strip()
        due = parse_date(due_text, today=self.today, what="due date") if due_text else None
        step = clean_optional(self._text("next-step"), what="next step")
        check_touch(happened_on=happened, today=self.today, next_step=step, due=due)
        done = None
        if self.open_tasks:
            picked = self.query_one("#done", CycleRow).picked
            done = self.open_tasks[picked - 1][0] if picked else None
        with_: tuple[str, ...] = ()
        if self.people:
            ticked = self.query_one("#with", TickRow).ticked
            with_ = tuple(self.people[n][0] for n in sorted(ticked))
        return TouchDraft(
            with_=with_,
            kind=KINDS[self._row("kind").picked][1],
            happened_on=happened,
            summary=summary,
            sentiment=SENTIMENTS[self._row("sentiment").picked][2],
            next_step=step,
            next_step_due=due,
            done_task=done,
        )

    def _check(self) -> TouchDraft | None:
        """Show what is wrong (or clear the message); the draft when there is nothing."""
        error = self.query_one("#error", Static)
        try:
            draft = self.draft()
        except InvalidInput as exc:
            error.update(plain(exc.message))
            return None
        error.update("")
        return draft

    def _typed(self) -> bool:
        """True when anything was typed that esc would throw away."""
        fields = ("summary", "next-step", "due")
        changed_date = self._text("date").strip() != self.today.isoformat()
        ticked = bool(self.people) and bool(self.query_one("#with", TickRow).ticked)
        return changed_date or ticked or any(self._text(f).strip() for f in fields)

    @on(Input.Changed)
    def _revalidate(self) -> None:
        # Only after a first save attempt: an error before the user is done typing is noise.
        if self._tried:
            self._check()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def on_key(self, event: events.Key) -> None:
        """On the kind row, a key that picks no kind starts the summary with itself, so typed
        text never changes the kind and is never lost."""
        if self.focused is not self._row("kind") or not event.is_printable:
            return
        if event.character is None or event.key in {k for k, _ in KINDS}:
            return
        if event.character in "0+=-":
            return
        event.stop()
        event.prevent_default()
        summary = self.query_one("#summary", Input)
        summary.focus()
        summary.insert_text_at_cursor(event.character)

    def action_kind(self, index: int) -> None:
        """Pick a kind by its key and go on to the summary (only reached outside text fields)."""
        self._row("kind").picked = index
        self.query_one("#summary", Input).focus()

    def action_sentiment(self, index: int) -> None:
        """Pick a sentiment by its key (only reached when focus is not in a text field)."""
        self._row("sentiment").picked = index

    def action_save(self) -> None:
        """Return the draft if it is valid; otherwise say why, under the form."""
        self._tried = True
        draft = self._check()
        if draft is not None:
            self.dismiss(draft)

    def action_cancel(self) -> None:
        """Close without logging anything; ask first when something was typed."""
        from tendtui.tui.screens.confirm import ConfirmScreen

        if not self._typed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = ConfirmScreen("Discard this touch?", yes="discard", no="keep typing")
        self.app.push_screen(question, answered)


def task_label(task: Task) -> str:
    """A task as the form offers it: its text, with its due date."""
    text = task.text if len(task.text) <= 44 else task.text[:43] + "…"
    return f"{text} (due {task.due.isoformat()})" if task.due else text
