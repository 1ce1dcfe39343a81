"""The keys, once: for the help screen and the command palette."""

from __future__ import annotations

HELP_SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Moving around",
        [
            ("h / l  ← / →", "previous / next column"),
            ("j / k  ↓ / ↑", "next / previous card"),
            ("g / G", "first / last card"),
            ("enter", "open the account"),
            (
                "/",
                "find: words, owner:X segment:X phase:X health:red stale renewal:30 (esc clears)",
            ),
            ("V, 1-9, 0", "save the filter as a view on a key; apply view 1-9; 0 shows all"),
        ],
    ),
    (
        "Tending",
        [
            ("t", "log a touch: call, email, meeting, note, QBR, training, escalation"),
            ("c", "the checklist of the account's phase (space ticks)"),
            ("m", "move to a phase: allowed ones first, refused ones say why"),
            ("H / L", "move to the previous / next phase"),
            ("a", "add an account"),
            ("e", "edit the account"),
            ("u", "undo the last action (history keeps both)"),
        ],
    ),
    (
        "Standup",
        [
            (
                "s",
                "the standup: moves and touches since yesterday, next steps due, stale, renewals, at risk",
            ),
            ("space / n", "walk the flagged accounts one by one (each opens its account)"),
            ("p", "back to the previous flagged account"),
            ("P", "the portfolio: accounts and ARR per phase, health, touches per week, renewals"),
        ],
    ),
    (
        "Reading a card",
        [
            ("● colour", "health: green, amber, red (open the account for the reasons)"),
            ("$120k", "ARR"),
            ("3/5", "checklist items ticked in this phase"),
            ("12d", "days since the last customer touch; red when past the phase's cadence"),
            ("renews in 21d", "renewal within 90 days (amber within 30)"),
            ("order", "cards that most need tending come first"),
        ],
    ),
    (
        "The app",
        [
            ("r", "reload the book (changes from other processes show by themselves)"),
            ("I", "import accounts from a CSV export (a dry run shows first)"),
            ("ctrl+p", "command palette: every action by name"),
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
    ("filter", "Filter", "Show only accounts matching a name, owner or segment"),
    ("undo", "Undo", "Undo the last action in the book"),
    ("reload", "Reload", "Read the book again"),
    (
        "import_file",
        "Import accounts",
        "Add or update accounts from a CRM export (CSV), with a preview first",
    ),
    ("standup", "Standup", "What changed since yesterday and what needs tending today"),
    ("portfolio", "Portfolio", "Accounts and ARR per phase, health, activity and renewals"),
    ("walk(1)", "Walk flagged accounts", "Open the accounts the standup flags, one by one"),
    ("help", "Keys", "Show every key"),
]
"""(screen action, palette title, palette help) for ctrl+p."""
