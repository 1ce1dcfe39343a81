"""Import from the board: name a CSV export, see the dry run, fix the mapping, then confirm.
An activities export shows its touches to add instead (transfer.csv.activity_report), and a
contacts export its people (transfer.csv.contact_report).

The preview is the same text `tendtui import --dry-run` prints (tendtui.transfer.csv.report),
drawn guarded, as plain Content, so nothing in a file can act as markup or reach the
terminal as a control. Above it, a table of the file's columns and the field each is read as:
enter (or f) on a column picks another field, or ignore, and the file is planned again at
once. Nothing is written here: the screen returns the plan (whose columns chosen by hand the
import remembers for this header) and whether to skip bad rows, and the app writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from tendtui.display import fit
from tendtui.domain.errors import TendError
from tendtui.domain.mappings import IGNORE
from tendtui.services import BookService
from tendtui.transfer.csv import activity_report, contact_report, report
from tendtui.transfer.csv.activities import is_activities_export
from tendtui.transfer.csv.activity_import import ActivityPlan, plan_activities
from tendtui.transfer.csv.contact_import import ContactPlan, plan_contacts
from tendtui.transfer.csv.contacts import is_contacts_export
from tendtui.transfer.csv.decode import read_table
from tendtui.transfer.csv.headers import NoNameColumn
from tendtui.transfer.csv.importer import ImportPlan, plan_import, read_export
from tendtui.tui.plain import plain, plain_cell, plain_lines
from tendtui.tui.screens.dialog import Dialog, key_hints
from tendtui.tui.screens.pick_field import AUTOMATIC, PickFieldScreen
from tendtui.tui.widgets.plain_input import PlainInput

_READ_HINTS = [("enter", "read the file"), ("esc", "cancel")]


class ColumnTable(DataTable[Text]):
    """The file's columns, the field each is read as, and its first value; one row each."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("f", "select_cursor", "Field", show=False),
    ]


def field_text(plan: ImportPlan, index: int) -> tuple[str, str]:
    """(what column `index` is read as, for the table; its field key or "ignore")."""
    mapping = plan.mapping
    field = next((f for f, i in mapping.columns.items() if i == index), IGNORE)
    header = mapping.headers[index]
    if field != IGNORE:
        text = field.replace("_", " ")
    elif header in mapping.turnover:
        text = "ignored: turnover"
    elif any(header in others for others in mapping.passed_over.values()):
        text = "ignored: less specific"
    else:
        text = "ignored"
    if index in mapping.by_hand:
        text += " (by hand)"
    return text, field


def first_values(plan: ImportPlan) -> list[str]:
    """Each column's first value that is not blank among the first 50 rows ("" when there is
    none), read in one short walk: the table shows them."""
    found = [""] * len(plan.table.headers)
    for _, cells in plan.table.rows[:50]:
        for index, cell in enumerate(cells[: len(found)]):
            if not found[index] and cell.strip():
                found[index] = cell.strip()
    return found


@dataclass(frozen=True)
class ImportChoice:
    """The plan to write, and whether to leave out its bad rows."""

    plan: ImportPlan | ActivityPlan | ContactPlan
    """Accounts to add and update, an activities export's touches, or a contacts export's
    people."""
    skip_bad: bool


class ImportScreen(Dialog[ImportChoice | None]):
    """Ask for a file, show what importing it would do, and return the user's choice."""

    DEFAULT_CSS = """
    ImportScreen > #dialog {
        width: 110;
    }
    ImportScreen #heading {
        text-style: bold;
    }
    ImportScreen Input:focus {
        background-tint: $accent 20%;
    }
    ImportScreen #error {
        color: $error;
        height: auto;
    }
    ImportScreen #columns {
        display: none;
        max-height: 40%;
    }
    ImportScreen.-previewing #columns {
        display: block;
    }
    ImportScreen.-activities #columns {
        display: none;
    }
    ImportScreen.-previewing #heading {
        display: none;
    }
    ImportScreen #preview {
        height: 1fr;
        overflow-x: auto;
        display: none;
    }
    ImportScreen #lines {
        width: auto;
    }
    ImportScreen.-previewing > #dialog {
        height: 100%;
    }
    ImportScreen.-previewing #preview {
        display: block;
    }
    ImportScreen #keys {
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "confirm", "Import", show=False),
        Binding("i", "confirm", "Import", show=False),
        Binding("s", "confirm_skipping", "Skip bad rows", show=False),
    ]
    AUTO_FOCUS = "#path"

    def __init__(self, service: BookService) -> None:
        super().__init__()
        self.service = service
        self.plan: ImportPlan | None = None
        """The dry run of the file named, once it has been read."""
        self.file: tuple[bytes, str] | None = None
        """The bytes and name of the file read, planned again when a column's field changes."""
        self.activities: ActivityPlan | None = None
        """The dry run of an activities export (its rows become touches), once read."""
        self.people: ContactPlan | None = None
        """The dry run of a contacts export (its rows become people), once read."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Import a CRM export")
            yield Static(
                Content(
                    "Accounts, activities (calls, emails, meetings) or contacts, as CSV or .xlsx,"
                    " from Salesforce, HubSpot, Pipedrive, Zoho, Gainsight, ChurnZero, Totango"
                    " or Excel"
                ),
                id="heading",
            )
            yield PlainInput(
                placeholder="path to the file, e.g. ~/Downloads/accounts.csv",
                id="path",
                compact=True,
            )
            yield Static("", id="error", markup=False)
            table: ColumnTable = ColumnTable(id="columns", cursor_type="row", zebra_stripes=True)
            table.add_columns("column", "read as", "first value")
            yield table
            with ScrollableContainer(id="preview"):
                yield Static("", id="lines", markup=False)
            yield Static(key_hints(_READ_HINTS), id="keys")

    @on(Input.Submitted, "#path")
    def _read(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._error("name the file to import")
            return
        try:
            file = read_export(Path(text))
            table = read_table(*file)
            if is_activities_export(table.headers):
                self._show_activities(plan_activities(self.service, table, file[1]))
                self.query_one("#preview").focus()  # keys reach the dialog, not the path
                return
            if is_contacts_export(table.headers):
                self._show_contacts(plan_contacts(self.service, table, file[1]))
                self.query_one("#preview").focus()
                return
            plan = plan_import(self.service, table, file[1])
        except TendError as exc:
            self._error(exc.message)
            return
        self.file = file
        self._show(plan)
        self.query_one(ColumnTable).focus()

    @on(DataTable.RowSelected, "#columns")
    def _choose_field(self, event: DataTable.RowSelected) -> None:
        """Enter (or f) on a column: pick the field it is read as."""
        event.stop()
        plan = self.plan
        if plan is None:
            return
        index = event.cursor_row
        _, field = field_text(plan, index)
        picker = PickFieldScreen(
            plan.table.headers[index], field, by_hand=index in plan.mapping.by_hand
        )
        self.app.push_screen(picker, lambda picked: self._replan(index, picked))

    def _replan(self, index: int, picked: str | None) -> None:
        """Read the file again with column `index` as `picked`, and redraw the preview."""
        plan, file = self.plan, self.file
        if picked is None or plan is None or file is None:
            return
        chosen = dict(plan.mapping.by_hand)
        if picked == AUTOMATIC:
            chosen.pop(index, None)
        else:
            chosen[index] = picked
        try:
            again = plan_import(self.service, *file, chosen=chosen)
        except NoNameColumn:
            self._error("not changed: then no column would hold the account name")
            return
        except TendError as exc:
            self._error(f"not changed: {exc.message}")
            return
        self._error("")
        self._show(again)
        self.query_one(ColumnTable).move_cursor(row=index)

    def _error(self, message: str) -> None:
        self.query_one("#error", Static).update(plain(message))

    def _show_activities(self, plan: ActivityPlan) -> None:
        """An activities export's dry run: no columns to pick, its touches to add."""
        self.activities = plan
        self.query_one("#dialog").border_title = Content("Import activities as touches")
        lines = [
            *activity_report.mapping_lines(plan),
            *activity_report.preview_lines(plan),
            activity_report.count_line(plan, dry_run=True),
            *activity_report.problem_lines(plan.problems),
        ]
        self.query_one("#lines", Static).update(plain_lines(lines))
        self.add_class("-previewing", "-activities")
        adds, bad = len(plan.matched.adds), len(plan.problems)
        hints: list[tuple[str, str]] = []
        if bad:
            hints.append(
                ("s", f"skip the {bad} bad row{'s' if bad != 1 else ''} and import the rest")
            )
        elif adds:
            hints.append(("i", f"import: add {adds} touch{'es' if adds != 1 else ''}"))
        hints.append(("esc", "cancel" if bad or adds else "close: every touch is in the book"))
        self.query_one("#keys", Static).update(key_hints(hints))

    def _show_contacts(self, plan: ContactPlan) -> None:
        """A contacts export's dry run: no columns to pick, its people to add and update."""
        self.people = plan
        self.query_one("#dialog").border_title = Content("Import contacts")
        lines = [
            *contact_report.mapping_lines(plan),
            *contact_report.preview_lines(plan),
            contact_report.count_line(plan, dry_run=True),
            *contact_report.problem_lines(plan.problems),
        ]
        self.query_one("#lines", Static).update(plain_lines(lines))
        self.add_class("-previewing", "-activities")
        adds, updates = len(plan.matched.adds), len(plan.matched.updates)
        bad = len(plan.problems)
        hints: list[tuple[str, str]] = []
        if bad:
            hints.append(
                ("s", f"skip the {bad} bad row{'s' if bad != 1 else ''} and import the rest")
            )
        elif adds or updates:
            hints.append(("i", f"import: add {adds}, update {updates}"))
        hints.append(
            ("esc", "cancel" if bad or adds or updates else "close: every person is in the book")
        )
        self.query_one("#keys", Static).update(key_hints(hints))

    @on(Input.Changed, "#path")
    def _typing(self) -> None:
        self._error("")
        if self.plan is not None or self.activities is not None or self.people is not None:
            self.plan = None
            self.file = None
            self.activities = None
            self.people = None
            self.remove_class("-previewing", "-activities")
            self.query_one("#keys", Static).update(key_hints(_READ_HINTS))

    def _show(self, plan: ImportPlan) -> None:
        self.plan = plan
        titles = {p.key: p.title for p in self.service.playbook.phases}
        lines = [
            *report.mapping_lines(plan),
            report.phase_line(plan, titles),
            *report.preview_lines(plan, titles),
            report.count_line(plan, dry_run=True),
            *report.problem_lines(plan.problems),
        ]
        self.query_one("#lines", Static).update(plain_lines(lines))
        self._fill_columns(plan)
        self.add_class("-previewing")
        writes = len(plan.matched.adds) + len(plan.matched.updates)
        bad = len(plan.problems)
        hints: list[tuple[str, str]] = [("↑↓", "column"), ("enter/f", "its field")]
        if bad:
            hints.append(
                ("s", f"skip the {bad} bad row{'s' if bad != 1 else ''} and import the rest")
            )
        elif writes:
            hints.append(
                ("i", f"import: add {len(plan.matched.adds)}, update {len(plan.matched.updates)}")
            )
        hints.append(
            ("esc", "cancel" if bad or writes else "close: every row is already in the book")
        )
        self.query_one("#keys", Static).update(key_hints(hints))

    def _fill_columns(self, plan: ImportPlan) -> None:
        """One row per column of the file: its header, what it is read as, a first value."""
        table = self.query_one(ColumnTable)
        table.clear()
        firsts = first_values(plan)
        for index, header in enumerate(plan.table.headers):
            text, field = field_text(plan, index)
            style = "dim" if field == IGNORE else ""
            table.add_row(
                plain_cell(fit(header, 30).rstrip() or "(no header)"),
                plain_cell(text, "bold" if index in plan.mapping.by_hand else style),
                plain_cell(fit(firsts[index], 20).rstrip(), "dim"),
            )

    def action_confirm(self) -> None:
        """Import, when the file has been read and every row is good."""
        people = self.people
        if people is not None:
            if people.problems:
                self._error("some rows are bad: press s to import the rest, or fix the file")
            elif people.matched.adds or people.matched.updates:
                self.dismiss(ImportChoice(people, skip_bad=False))
            return
        touches = self.activities
        if touches is not None:
            if touches.problems:
                self._error("some rows are bad: press s to import the rest, or fix the file")
            elif touches.matched.adds:
                self.dismiss(ImportChoice(touches, skip_bad=False))
            return
        plan = self.plan
        if plan is None:
            return
        if plan.problems:
            self._error("some rows are bad: press s to import the rest, or fix the file")
            return
        if plan.matched.adds or plan.matched.updates:
            self.dismiss(ImportChoice(plan, skip_bad=False))

    def action_confirm_skipping(self) -> None:
        """Import the good rows and leave the bad ones out."""
        plan = self.plan or self.activities or self.people
        if plan is not None and plan.problems:
            self.dismiss(ImportChoice(plan, skip_bad=True))

    def action_cancel(self) -> None:
        """Write nothing."""
        self.dismiss(None)
