"""The move modals: pick a phase (refused ones say why), and the ways past a refusal.

Both only return: the app validates again, then makes the one service call.
"""

from __future__ import annotations

from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tendtui.domain.models import Account
from tendtui.domain.playbook import Playbook
from tendtui.domain.rules import Allowed, MoveVerdict, Refused
from tendtui.tui.plain import plain, plain_lines
from tendtui.tui.screens.dialog import Dialog, key_hints
from tendtui.tui.widgets.plain_input import PlainInput

_DIALOG_CSS = """
{screen} OptionList {{
    height: auto;
    max-height: 14;
}}
{screen} #keys {{
    margin-top: 1;
}}
"""


def _verdict_prompt(playbook: Playbook, verdict: MoveVerdict) -> Content:
    phase = playbook.phase(verdict.target)
    if isinstance(verdict, Allowed):
        label = verdict.transition.label
        return Content.assemble(
            ("→ ", "bold"),
            plain(phase.title, "bold"),
            plain(f"  {phase.customer_activity} · {phase.provider_activity}", "dim"),
            plain(f"  ({label})" if label else "", "italic"),
        )
    # The allowed targets are listed above, so an impossible pair needs no list of its own.
    why = "no rule allows this move" if verdict.impossible else "; ".join(verdict.reasons)
    return Content.assemble(
        ("× ", "dim"), plain(phase.title, "dim bold"), "\n", plain("  " + why, "dim")
    )


class MoveScreen(Dialog[str | None]):
    """Every other phase: allowed first, then refused ones with their reasons. Returns a key."""

    DEFAULT_CSS = _DIALOG_CSS.format(screen="MoveScreen")

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]
    AUTO_FOCUS = "#targets"

    def __init__(self, account: Account, playbook: Playbook, verdicts: list[MoveVerdict]) -> None:
        super().__init__()
        self.account = account
        """The account to move."""
        self.playbook = playbook
        """For phase titles."""
        self.verdicts = verdicts
        """One per other phase, allowed ones first (as `move_options` gives them)."""

    def compose(self) -> ComposeResult:
        here = self.playbook.phase(self.account.phase).title
        options: list[Option | None] = []
        for n, verdict in enumerate(self.verdicts):
            if n and isinstance(verdict, Refused) and isinstance(self.verdicts[n - 1], Allowed):
                options.append(None)  # a divider where the allowed moves end
            options.append(Option(_verdict_prompt(self.playbook, verdict), id=verdict.target))
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Move to phase")
            yield Static(
                Content.assemble(
                    plain(self.account.name, "bold"), ("  now in ", "dim"), plain(here)
                ),
                id="heading",
            )
            yield OptionList(*options, id="targets")
            yield Static(
                key_hints([("↑↓ j/k", "choose"), ("enter", "move"), ("esc", "cancel")]),
                id="keys",
            )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor(self, delta: int) -> None:
        """j and k move the highlight, as on the board."""
        targets = self.query_one(OptionList)
        if delta > 0:
            targets.action_cursor_down()
        else:
            targets.action_cursor_up()

    def action_cancel(self) -> None:
        """Stay in the current phase."""
        self.dismiss(None)


class RefusalChoice(StrEnum):
    """The ways past a refused move."""

    TICK = "tick"
    """Tick the missing checklist items, then move."""
    REASON = "reason"
    """Give the reason the move requires."""
    FORCE = "force"
    """Move anyway, recorded as an override with a reason."""


def _missing_labels(refusal: Refused) -> str:
    # `reasons` name the items by label ("not ticked: a, b"); fall back to their keys.
    for reason in refusal.reasons:
        if reason.startswith("not ticked: "):
            return reason.removeprefix("not ticked: ")
    return ", ".join(refusal.missing_items)


class RefusedMoveScreen(Dialog[tuple[RefusalChoice, str | None] | None]):
    """Why a move is refused, and what can be done: tick, give the reason, or force."""

    DEFAULT_CSS = (
        _DIALOG_CSS.format(screen="RefusedMoveScreen")
        + """
    RefusedMoveScreen #why {
        color: $warning;
        margin-bottom: 1;
    }
    RefusedMoveScreen .hidden {
        display: none;
    }
    RefusedMoveScreen #reason-label {
        margin-top: 1;
        color: $text-muted;
    }
    RefusedMoveScreen #reason:focus {
        background-tint: $accent 20%;
    }
    RefusedMoveScreen #error {
        color: $error;
        height: auto;
    }
    """
    )

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("t", "choose('tick')", "Tick and move", show=False),
        Binding("r", "choose('reason')", "Give the reason", show=False),
        Binding("f", "choose('force')", "Force", show=False),
    ]
    AUTO_FOCUS = "#choices"

    def __init__(self, account_name: str, from_title: str, to_title: str, refusal: Refused) -> None:
        super().__init__()
        self.account_name = account_name
        """Shown as plain text."""
        self.from_title = from_title
        """Title of the phase the account is in."""
        self.to_title = to_title
        """Title of the phase asked for."""
        self.refusal = refusal
        """What is missing."""
        self.mode: RefusalChoice | None = None
        """The choice waiting for its reason text, once one needing it is picked."""

    def choices(self) -> list[tuple[RefusalChoice, str, str]]:
        """(choice, key, label) of the ways past this refusal."""
        r = self.refusal
        out: list[tuple[RefusalChoice, str, str]] = []
        if r.missing_items and not r.needs_reason:
            out.append((RefusalChoice.TICK, "t", f"Tick {_missing_labels(r)} and move"))
        if r.needs_reason and not r.missing_items:
            out.append((RefusalChoice.REASON, "r", "Give the reason"))
        out.append((RefusalChoice.FORCE, "f", "Force with a reason (recorded as an override)"))
        return out

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Move refused")
            yield Static(
                Content.assemble(
                    plain(self.account_name, "bold"),
                    ": ",
                    plain(self.from_title),
                    " → ",
                    plain(self.to_title),
                ),
                id="heading",
            )
            yield Static(plain_lines(list(self.refusal.reasons)), id="why")
            yield OptionList(
                *[
                    Option(Content.assemble((f"{key} ", "bold"), plain(label)), id=choice.value)
                    for choice, key, label in self.choices()
                ],
                id="choices",
            )
            yield Label("", id="reason-label", classes="hidden", markup=False)
            yield PlainInput(
                placeholder="type it, then enter", id="reason", classes="hidden", compact=True
            )
            yield Static("", id="error", markup=False)
            yield Static(
                key_hints(
                    [
                        (" ".join(key for _, key, _ in self.choices()), "choose"),
                        ("enter", "choose / confirm"),
                        ("esc", "cancel"),
                    ]
                ),
                id="keys",
            )

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option.id or "")

    def action_choose(self, value: str) -> None:
        """Tick returns at once; the others ask for the reason text below the choices."""
        offered = {choice for choice, _, _ in self.choices()}
        choice = RefusalChoice(value)
        if choice not in offered:
            return
        if choice is RefusalChoice.TICK:
            self.dismiss((choice, None))
            return
        self.mode = choice
        prompt = self.refusal.reason_prompt
        if choice is RefusalChoice.FORCE:
            text = "Why force this move? (kept in history as an override)"
        else:
            text = f"Reason ({prompt}):" if prompt else "Reason:"
        label = self.query_one("#reason-label", Label)
        label.update(plain(text))
        reason = self.query_one("#reason", Input)
        for widget in (label, reason):
            widget.remove_class("hidden")
        self.query_one("#error", Static).update("")
        reason.focus()

    @on(Input.Submitted, "#reason")
    def _reason_given(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.mode is None:
            return
        if not text:
            prompt = self.refusal.reason_prompt
            needed = f"a reason is required ({prompt})" if prompt else "a reason is required"
            self.query_one("#error", Static).update(plain(needed))
            return
        self.dismiss((self.mode, text))

    def action_cancel(self) -> None:
        """Leave the account where it is."""
        self.dismiss(None)
