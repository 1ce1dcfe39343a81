"""The account form: add an account, or edit one's details. Returns a draft; writes nothing.

Edit mode has no phase field: a move goes through the lifecycle rules (the move modal), never
through a form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from tendtui.display import guard
from tendtui.domain.dates import parse_date
from tendtui.domain.errors import InvalidInput
from tendtui.domain.models import Account
from tendtui.domain.money import parse_whole
from tendtui.domain.playbook import Playbook
from tendtui.domain.text import clean_name, clean_optional
from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import Dialog, key_hints
from tendtui.tui.widgets.plain_input import PlainInput


@dataclass(frozen=True)
class AccountDraft:
    """A valid account as typed: what the app passes to `add_account` or `edit_account`."""

    name: str
    """Cleaned, never empty."""
    arr: int | None
    """Whole currency units, 0 or more (a blank field is 0)."""
    currency: str | None
    """The currency the ARR text names (€1.200,00 is EUR); None when it names none."""
    renewal_date: date | None
    """None when left blank."""
    phase: str | None
    """Phase key to add the account in; None in edit mode."""
    owner: str | None
    """None when left blank."""
    segment: str | None
    """None when left blank."""


# (input id, label, placeholder) in the order shown; `phase` comes after `name` when adding.
_FIELDS = [
    ("name", "Name", "customer name"),
    ("arr", "ARR", "e.g. 120000, 120k, 1.2M, €1.200,00"),
    ("renewal", "Renewal", "YYYY-MM-DD (optional)"),
    ("owner", "Owner", "optional"),
    ("segment", "Segment", "optional"),
]


class AccountFormScreen(Dialog[AccountDraft | None]):
    """Add an account (with its starting phase) or edit one's details."""

    DEFAULT_CSS = """
    AccountFormScreen #heading {
        text-style: bold;
    }
    AccountFormScreen .row {
        height: auto;
        margin-top: 1;
    }
    AccountFormScreen .row > Label {
        width: 10;
        color: $text-muted;
    }
    AccountFormScreen Input, AccountFormScreen Select {
        width: 1fr;
    }
    AccountFormScreen Input:focus {
        background-tint: $accent 20%;
    }
    AccountFormScreen .field-error {
        color: $error;
        margin-left: 10;
        height: auto;
        display: none;
        &.-shown {
            display: block;
        }
    }
    AccountFormScreen #keys {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    AUTO_FOCUS = "#name"

    def __init__(self, playbook: Playbook, today: date, existing: Account | None = None) -> None:
        super().__init__()
        self.playbook = playbook
        """Where the phases come from (add mode)."""
        self.today = today
        """For 'today'/'tomorrow' in the renewal date."""
        self.existing = existing
        """The account edited; None when adding."""
        self._tried = False
        self._checks: dict[str, Callable[[str], object]] = {
            "name": clean_name,
            "arr": lambda v: parse_whole(v)[0] if v.strip() else None,
            "renewal": lambda v: (
                parse_date(v, today=self.today, what="renewal date") if v.strip() else None
            ),
            "owner": clean_optional,
            "segment": clean_optional,
        }

    def _initial(self, field: str) -> str:
        a = self.existing
        if a is None:
            return ""
        # Guarded: the fields show the book's values, and a control in one must not print.
        values = {
            "name": a.name,
            "arr": "" if a.arr is None else str(a.arr),
            "renewal": a.renewal_date.isoformat() if a.renewal_date else "",
            "owner": a.owner or "",
            "segment": a.segment or "",
        }
        return guard(values[field])

    def compose(self) -> ComposeResult:
        editing = self.existing is not None
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Edit account" if editing else "Add an account")
            if self.existing is not None:
                yield Static(plain(self.existing.name), id="heading")
            for field, label, placeholder in _FIELDS:
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield PlainInput(
                        self._initial(field), placeholder=placeholder, id=field, compact=True
                    )
                yield Static("", id=f"{field}-error", classes="field-error", markup=False)
                if field == "name" and not editing:
                    with Horizontal(classes="row"):
                        yield Label("Phase")
                        yield Select(
                            [(plain(p.title), p.key) for p in self.playbook.phases],
                            allow_blank=False,
                            value=self.playbook.keys[0],
                            compact=True,
                            id="phase",
                        )
            yield Static(
                key_hints(
                    [
                        ("tab", "next field"),
                        ("enter", "next / save"),
                        ("ctrl+s", "save"),
                        ("esc", "cancel"),
                    ]
                ),
                id="keys",
            )

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def _check(self, field: str) -> bool:
        """Validate one field and show (or clear) its message; True when it is valid."""
        error = self.query_one(f"#{field}-error", Static)
        try:
            self._checks[field](self._value(field))
        except InvalidInput as exc:
            error.update(plain(exc.message))
            error.add_class("-shown")
            return False
        error.update("")
        error.remove_class("-shown")
        return True

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        # A field is checked as it is typed in, but an untouched empty form is not scolded.
        if field in self._checks and (self._tried or event.value != self._initial(field)):
            self._check(field)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == _FIELDS[-1][0]:
            self.action_save()
        else:
            self.focus_next()

    def draft(self) -> AccountDraft | None:
        """The account as typed, or None (with every message shown) when something is wrong."""
        bad = [field for field in self._checks if not self._check(field)]
        if bad:
            self.query_one(f"#{bad[0]}", Input).focus()
            return None
        phase: str | None = None
        if self.existing is None:
            value = self.query_one("#phase", Select).value
            phase = value if isinstance(value, str) else self.playbook.keys[0]
        renewal = self._value("renewal").strip()
        blank = not self._value("arr").strip()
        arr, currency = (None, None) if blank else parse_whole(self._value("arr"))
        return AccountDraft(
            name=clean_name(self._value("name")),
            arr=arr,
            currency=currency,
            renewal_date=parse_date(renewal, today=self.today) if renewal else None,
            phase=phase,
            owner=clean_optional(self._value("owner")),
            segment=clean_optional(self._value("segment")),
        )

    def action_save(self) -> None:
        """Return the draft if every field is valid; otherwise the messages say what to fix."""
        self._tried = True
        draft = self.draft()
        if draft is not None:
            self.dismiss(draft)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
