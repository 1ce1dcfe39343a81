"""The keys, once: for the help screen and the command palette.

tests/tui/test_help.py checks that every binding of the board, the account screen and the
agenda appears here, and that the palette names each action once.
"""

from __future__ import annotations

HELP_SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Moving around",
        [
            ("h / l  ← / →", "previous / next column"),
            ("j / k  ↓ / ↑", "next / previous card"),
            ("g / G", "first / last card"),
            ("pgdn / pgup", "a page down / up (ctrl+d / ctrl+u too)"),
            ("enter", "open the account"),
            (
                "/",
                "find: words in names, owners, notes and tasks; owner:X segment:X phase:X"
                " health:red stale renewal:30 due:7 overdue (enter keeps it, esc clears)",
            ),
            ("n / N", "with a filter on: next / previous matching card"),
            ("V, 1-9, 0", "save the filter as a view on a key; apply view 1-9; 0 shows all"),
        ],
    ),
    (
        "Tending",
        [
            ("t", "log a touch: t, a kind key (c e m n q t x), the summary, enter"),
            ("c", "the checklist of the account's phase (space ticks)"),
            ("m", "move to a phase: allowed ones first, refused ones say why"),
            ("H / L", "move to the previous / next phase"),
            ("a", "add an account"),
            ("e", "edit the account"),
            ("u", "undo the last action, whole (history keeps both)"),
        ],
    ),
    (
        "Tasks",
        [
            ("A", "the agenda: every open task, overdue first"),
            ("x", "on the agenda or an account: mark the task done"),
            ("z", "on the agenda or an account: snooze the task to a date (fri, +3d, ...)"),
            ("enter", "on the agenda: open the task's account"),
        ],
    ),
    (
        "Standup",
        [
            ("s", "the standup: what changed, what is due, renewals, at risk (y copies it)"),
            ("space", "walk the flagged accounts one by one (each opens its account)"),
            ("n / p", "on an account while walking: the next / previous flagged one"),
            ("P", "the portfolio: accounts and ARR per phase, health, touches per week, renewals"),
        ],
    ),
    (
        "Revenue",
        [
            ("R", "the renewal radar: renewals by window with their calls, the uncalled ones"),
            ("f", "on an account: call the renewal (commit, likely, at-risk, churn), amount, note"),
            ("o / O", "on an account: add an opportunity / change an open one's stage"),
            ("w / l", "on an account: an open opportunity won (ARR rises) / lost (say why)"),
        ],
    ),
    (
        "People",
        [
            ("a", "on an account: add a person (name, role, title, email, phone, notes)"),
            ("E", "on an account: edit a person"),
            ("L", "on an account: a person left the customer (on a date)"),
            ("t", "a touch's form offers the account's people: space ticks who took part"),
        ],
    ),
    (
        "Reading a card",
        [
            ("● colour", "health: green, amber, red (open the account for the reasons)"),
            ("● ◐ ○", "health under NO_COLOR: green, amber, red as shapes"),
            ("$120k", "ARR"),
            ("3/5", "checklist items ticked in this phase"),
            ("12d", "days since the last customer touch; red when past the phase's cadence"),
            ("due in 2d: …", "the next task, when due within a week; red when overdue"),
            ("renews in 21d", "renewal within 90 days (amber within 30)"),
            ("order", "cards that most need tending come first"),
        ],
    ),
    (
        "The app",
        [
            ("r", "reload the book (changes from other processes show by themselves)"),
            ("I", "import accounts from a CSV export (a dry run shows first)"),
            ("B", "switch to another book opened lately (`tendtui books` lists them)"),
            ("ctrl+p", "command palette: every action by name (export is there)"),
            ("?", "this help"),
            ("q", "quit"),
        ],
    ),
]
"""Sections of (keys, what they do)."""

PALETTE_ACTIONS: list[tuple[str, str, str]] = [
    ("open", "Open account", "Show the highlighted account's details"),
    ("move", "Move account", "Move the highlighted account to another phase"),
    ("touch", "Log a touch", "Record a call, email, meeting, note, QBR, training or escalation"),
    ("checklist", "Checklist", "Tick the provider activities of the account's phase"),
    ("add", "Add account", "Add a new account to the book"),
    ("edit", "Edit account", "Change the highlighted account's details"),
    ("filter", "Find", "Show only accounts whose names, owners, notes or tasks hold words"),
    ("save_view", "Save view", "Save the current filter on a key 1-9"),
    ("agenda", "Agenda", "Every open task in the book, overdue first"),
    ("undo", "Undo", "Undo the last action in the book"),
    ("reload", "Reload", "Read the book again"),
    (
        "import_file",
        "Import a CRM export",
        "Add or update accounts, or add activities as touches, from a CSV or .xlsx export,"
        " with a preview first",
    ),
    ("export", "Export book", "Write the book to a .json, .csv or .md file"),
    ("standup", "Standup", "What changed since yesterday and what needs tending today"),
    ("portfolio", "Portfolio", "Accounts and ARR per phase, health, activity and renewals"),
    ("radar", "Renewal radar", "Renewals by window with their forecast calls, and the uncalled"),
    ("walk(1)", "Walk flagged accounts", "Open the accounts the standup flags, one by one"),
    ("switch_book", "Switch book", "Open another book opened lately in place of this one"),
    ("help", "Help: every key", "Show every key of the board"),
]
"""(screen action, palette title, palette help) for ctrl+p."""
