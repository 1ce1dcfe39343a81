"""Import from the board: name a CSV export, see the dry run, then confirm.

The preview is the same text `tendtui import --dry-run` prints (tendtui.transfer.csv.report),
drawn guarded, as plain Content, so nothing in a file can act as markup or reach the
terminal as a control. Nothing is written here: the
screen returns the plan and whether to skip bad rows, and the app writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.widgets import Input, Static

from tendtui.domain.errors import TendError
from tendtui.services import BookService
from tendtui.transfer.csv import report
from tendtui.transfer.csv.importer import ImportPlan, plan_import, read_export
from tendtui.tui.plain import plain, plain_lines
from tendtui.tui.screens.dialog import Dialog, key_hints
from tendtui.tui.widgets.plain_input import PlainInput


@dataclass(frozen=True)
class ImportChoice:
    """The plan to write, and whether to leave out its bad rows."""

    plan: ImportPlan
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
        Binding("s", "confirm_skipping", "Skip bad rows", show=False),
    ]
    AUTO_FOCUS = "#path"

    def __init__(self, service: BookService) -> None:
        super().__init__()
        self.service = service
        self.plan: ImportPlan | None = None
        """The dry run of the file named, once it has been read."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content("Import accounts")
            yield Static(
                Content(
                    "A CSV or .xlsx export from Salesforce, HubSpot, Pipedrive, Zoho, Gainsight,"
                    " ChurnZero, Totango or Excel"
                ),
                id="heading",
            )
            yield PlainInput(
                placeholder="path to the file, e.g. ~/Downloads/accounts.csv",
                id="path",
                compact=True,
            )
            yield Static("", id="error", markup=False)
            with ScrollableContainer(id="preview"):
                yield Static("", id="lines", markup=False)
            yield Static(key_hints([("enter", "read the file"), ("esc", "cancel")]), id="keys")

    @on(Input.Submitted, "#path")
    def _read(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._error("name the file to import")
            return
        try:
            plan = plan_import(self.service, *read_export(Path(text)))
        except TendError as exc:
            self._error(exc.message)
            return
        self._show(plan)

    def _error(self, message: str) -> None:
        self.query_one("#error", Static).update(plain(message))

    @on(Input.Changed, "#path")
    def _typing(self) -> None:
        self._error("")
        if self.plan is not None:
            self.plan = None
            self.remove_class("-previewing")
            self.query_one("#keys", Static).update(
                key_hints([("enter", "read the file"), ("esc", "cancel")])
            )

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
        self.add_class("-previewing")
        writes = len(plan.matched.adds) + len(plan.matched.updates)
        bad = len(plan.problems)
        hints: list[tuple[str, str]] = []
        if bad:
            hints.append(
                ("s", f"skip the {bad} bad row{'s' if bad != 1 else ''} and import the rest")
            )
        elif writes:
            hints.append(
                (
                    "enter",
                    f"import: add {len(plan.matched.adds)}, update {len(plan.matched.updates)}",
                )
            )
        hints.append(
            ("esc", "cancel" if bad or writes else "close: every row is already in the book")
        )
        self.query_one("#keys", Static).update(key_hints(hints))
        self.set_focus(None)

    def action_confirm(self) -> None:
        """Import, when the file has been read and every row is good."""
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
        if self.plan is not None and self.plan.problems:
            self.dismiss(ImportChoice(self.plan, skip_bad=True))

    def action_cancel(self) -> None:
        """Write nothing."""
        self.dismiss(None)
