"""The people modals: add or edit a contact, and the day one left. Each returns a draft (or
None) and writes nothing: the flow makes the one service call. A draft is returned only once
it is valid, with the service's own checks (`domain.contacts`, `domain.text`), so bad input is
one line in the form and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, Static

from tendtui.display import guard
from tendtui.domain.contacts import ContactView, check_unique
from tendtui.domain.dates import parse_date
from tendtui.domain.errors import InvalidInput
from tendtui.domain.playbook import Playbook, Role
from tendtui.domain.text import NAME_MAX, clean_name, clean_optional
from tendtui.tui.plain import plain
from tendtui.tui.screens.dialog import key_hints
from tendtui.tui.screens.reason import ReasonScreen
from tendtui.tui.screens.revenue import FORM_CSS, Form
from tendtui.tui.screens.touch import CycleRow
from tendtui.tui.widgets.plain_input import PlainInput


@dataclass(frozen=True)
class ContactDraft:
    """A valid contact, as typed: what the flow passes to `add_contact` or `edit_contact`.
    Empty texts are "" (the service's "not known")."""

    name: str
    role: str
    title: str
    email: str
    phone: str
    notes: str


_FIELDS = [
    ("name", "Name", "their full name"),
    ("title", "Title", "job title (optional)"),
    ("email", "Email", "optional"),
    ("phone", "Phone", "optional"),
    ("notes", "Notes", "optional"),
]


def _optional(value: str, what: str, max_length: int = NAME_MAX) -> str:
    return clean_optional(value, what=what, max_length=max_length) or ""


def _values(c: ContactView) -> dict[str, str]:
    return {"name": c.name, "title": c.title, "email": c.email, "phone": c.phone, "notes": c.notes}


class ContactScreen(Form[ContactDraft]):
    """Add a person to an account, or edit one: name, role (← →), title, email, phone, notes."""

    DEFAULT_CSS = FORM_CSS.format(name="ContactScreen")
    AUTO_FOCUS = "#name"

    def __init__(
        self,
        account_name: str,
        roles: tuple[Role, ...],
        people: list[ContactView],
        existing: ContactView | None = None,
    ) -> None:
        super().__init__()
        self.account_name = account_name
        self.roles = roles
        """The playbook's roles, in their order."""
        self.people = people
        """The account's contacts: a name or an email must differ from the others'."""
        self.existing = existing
        """The contact edited; None when adding."""

    def compose(self) -> ComposeResult:
        c = self.existing
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Edit a person" if c else "Add a person")
            yield Static(plain(self.account_name), id="heading")
            for field, label, placeholder in _FIELDS:
                # Guarded: the fields show the book's values, and a control in one must not print.
                value = guard(_values(c)[field]) if c is not None else ""
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield PlainInput(value, placeholder=placeholder, id=field, compact=True)
                if field == "name":
                    with Horizontal(classes="row"):
                        yield Label("Role")
                        yield CycleRow([r.title for r in self.roles], id="role")
            yield Static("", id="error", markup=False)
            yield Static(
                key_hints(
                    [("tab", "next"), ("←→", "role"), ("enter ctrl+s", "save"), ("esc", "cancel")]
                ),
                id="keys",
            )

    def on_mount(self) -> None:
        keys = [r.key for r in self.roles]
        wanted = self.existing.role if self.existing else "other"
        self.query_one("#role", CycleRow).picked = keys.index(wanted) if wanted in keys else 0

    def draft(self) -> ContactDraft:
        name = clean_name(self._text("name"), what="contact name")
        email = _optional(self._text("email"), "email")
        check_unique(
            self.account_name,
            self.people,
            name=name,
            email=email or None,
            except_id=self.existing.id if self.existing else None,
        )
        role = self.roles[self.query_one("#role", CycleRow).picked].key
        return ContactDraft(
            name=name,
            role=role,
            title=_optional(self._text("title"), "title"),
            email=email,
            phone=_optional(self._text("phone"), "phone"),
            notes=clean_optional(self._text("notes"), what="notes") or "",
        )


class LeftOnScreen(ReasonScreen):
    """The day a person left the customer: today or earlier (tomorrow, fri, +3d are refused)."""

    def __init__(self, title: str, today: date) -> None:
        super().__init__(
            title,
            "When did they leave? (today, yesterday, 2026-11-02)",
            border="Left the customer",
            placeholder="a date, then enter",
            value="today",
            required="a date is required",
        )
        self.today = today

    def problem(self, answer: str) -> str | None:
        try:
            day = parse_date(answer, today=self.today, what="date they left")
        except InvalidInput as exc:
            return exc.message
        if day > self.today:
            return f"{day.isoformat()} is in the future: say when they left"
        return None


def role_title(playbook: Playbook | None, key: str) -> str:
    """The role's title in the playbook ('Executive sponsor'), or its key if it has none."""
    role = playbook.role(key) if playbook is not None else None
    return role.title if role is not None else key


def person_label(c: ContactView, playbook: Playbook | None = None) -> str:
    """A person as a picker or the touch form offers them: 'Ana Ruiz (Champion)'; with no
    playbook, the role key. Left ones say so."""
    gone = f", left {c.left_on.isoformat()}" if c.left_on else ""
    return f"{c.name} ({role_title(playbook, c.role)}{gone})"
