"""Every board screen over hostile text, in a real pseudo-terminal, checked byte by byte.

One session on the raw-SQL book (names, owners, segments, ids, touches, the saved view, the
playbook and the book's own file name all hostile) walks every screen in turn; another shows
the text that arrived typed and by CSV, cleaned. Each key's output is checked on its own, so
a failure names the screen that leaked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tendtui.domain.kinds import Sentiment, TouchKind
from tendtui.services import BookService
from tendtui.transfer.csv.importer import apply_import, plan_import, read_export
from tests.conftest import FrozenClock
from tests.reliability.hostile_text import (
    CLICK,
    IN_A_FILE_NAME,
    LINKS,
    TENDTUI,
    TODAY,
    data_controls,
    hostile,
    hostile_csv,
    missing_fields,
    raw_sql_book,
    terminal_env,
    visible_text,
)
from tests.reliability.pty_run import Screen, keys, run_in_pty

SIZE = (120, 40)


@dataclass(frozen=True)
class Visit:
    """A key pressed on the board, what it must show, and which fields' text it shows."""

    name: str
    key: bytes
    shows: str = ""
    fields: str = ""
    """Field codes, two letters each: some token of each must be on screen."""
    wait: float = 0.3
    """Seconds at least before the next key."""


def _clicks(rows: range, columns: range) -> bytes:
    """Left clicks (SGR mouse reports) on every cell given: markup, if it ran, would act."""
    return b"".join(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m".encode() for y in rows for x in columns)


def _tour(csv_path: Path) -> list[Visit]:
    return [
        Visit("account", b"\r", "Revenue", "nmowsgnsptpcppfnop"),
        Visit("clicks on the account's name", _clicks(range(1, 4), range(1, 120, 2))),
        # tab, shift-tab twice: the left column; end: its foot, the People section
        Visit("people", b"\t\x1b[Z\x1b[Z\x1b[F", "no touch with them yet", "pepj"),
        Visit("touches and phase history", b"\t\t\x1b[F", "Phase history", "su"),
        Visit("board", b"\x1b", "nothing here"),
        Visit("touch modal", b"t", "Log a touch", "nm"),
        Visit("board", b"\x1b"),
        Visit("refused move: a gate", b"L", "Move refused", "nmcl"),
        Visit("board", b"\x1b"),
        Visit("checklist", b"c", "done", "cl"),
        Visit("tick notification", b"5", "Ticked", "cl"),  # the gate: now Nurturing is allowed
        Visit("board", b"\x1b"),
        Visit("move modal", b"m", "Move to phase", "pttl"),
        Visit("board", b"\x1b"),
        Visit("undo notification", b"u", "Undone", "nmcl"),
        Visit("at-risk column", b"llll", "Raw Two"),
        Visit("refused move: a reason", b"L", "Move refused", "pt"),
        Visit("the reason asked for", b"r", "Reason", "rp"),
        Visit("board", b"\x1b"),
        Visit("first column", b"hhhh"),
        Visit("standup", b"s", "overdue · ", "nsmr"),
        Visit("board", b"\x1b"),
        Visit("walk", b" ", "flagged 1 of 2", "nm"),
        Visit("walk next", b"n", "flagged 2 of 2", "nm"),
        Visit("clicks on a name that would parse", _clicks(range(1, 4), range(1, 120, 2))),
        Visit("board", b"\x1b"),
        Visit("portfolio", b"P", "Accounts and ARR by phase", "pt"),
        Visit("board", b"\x1b"),
        Visit("help", b"?", "Moving around"),
        Visit("board", b"\x1b"),
        Visit("palette", b"\x10", "Search for commands"),
        Visit("palette search", b"acc", "Add account"),
        Visit("board", b"\x1b"),
        Visit("saved view chip", b"1", "View 1", "vnvq"),  # refused as a filter: says why
        Visit("a view that filters", b"2", "View 2", "wnwq"),
        Visit("save view modal", b"V", "Save view", "wq"),
        Visit("refused write notification", b"12 x\r", "Not saved"),
        Visit("all accounts", b"0"),
        Visit("import", b"I", "Import a CRM export"),
        Visit("import preview", str(csv_path).encode() + b"\r", "would add", "chcncoca"),
        Visit("import notification", b"s", "imported"),
        Visit("quit", b"q"),
    ]


def _run(book: Path, tour: list[Visit], home: Path) -> Screen:
    """Press the tour's keys in turn, each once the screen before it is drawn."""

    def drawn(step: int, seen: bytes) -> bool:
        text = visible_text(seen)
        if step < 0:
            return "nothing here" in text  # the board, with its empty columns
        visit = tour[step]
        return visit.shows in text and not missing_fields(text, visit.fields)

    steps = [(visit.wait, keys(visit.key)) for visit in tour]
    return run_in_pty(
        [TENDTUI, str(book)], terminal_env(home), steps, size=SIZE, timeout=60, until=drawn
    )


def _check_tour(screen: Screen, tour: list[Visit], board_fields: str = "") -> None:
    board = screen.output[: screen.marks[0]] if screen.marks else screen.output
    assert data_controls(board) == [], "board"
    for n, visit in enumerate(tour):  # leaks first, named by the screen that let them out
        assert data_controls(screen.after(n)) == [], visit.name
    assert screen.exit_code == 0, screen.output[-600:]
    assert len(screen.marks) == len(tour), "the board ended before the tour did"
    assert missing_fields(visible_text(board), board_fields) == [], "board"
    for n, visit in enumerate(tour):
        text = visible_text(screen.after(n))
        assert visit.shows in text, (visit.name, visit.shows, text[-400:])
        assert missing_fields(text, visit.fields) == [], visit.name
    # Textual's own escapes: one kind of OSC (22, the pointer shape), each ended by BEL, so a
    # BEL or an OSC 52 in the output can only have come from data.
    osc_kinds = set(re.findall(rb"\x1b\](\d+);", screen.output))
    assert osc_kinds <= {b"22"}, osc_kinds
    assert screen.output.count(b"\x07") == len(re.findall(rb"\x1b\]22;\w+\x07", screen.output))


@pytest.mark.slow
def test_every_screen_over_a_book_written_by_another_tool(tmp_path: Path) -> None:
    book = tmp_path / f"book {hostile('db', IN_A_FILE_NAME)}.db"
    raw_sql_book(book)
    csv_path = tmp_path / "crm-export.csv"  # typed into the import screen: no escapes in it
    hostile_csv(csv_path)
    tour = _tour(csv_path)
    screen = _run(book, tour, tmp_path)
    _check_tour(screen, tour, board_fields="db")  # the book's file name, in the status line
    shown = visible_text(screen.output)
    assert CLICK in shown  # shown as text; clicking it did not quit (the tour went on)
    assert all(link in shown for link in LINKS)
    print(f"\n{len(screen.output):,} bytes checked over {len(tour)} keys")


@pytest.mark.slow
def test_screens_over_text_that_arrived_typed_and_by_csv(tmp_path: Path) -> None:
    book = tmp_path / "typed.db"
    svc = BookService.open(book, clock=FrozenClock())
    typed = svc.add_account(
        "Typed " + hostile("nm"),
        owner=hostile("ow"),
        segment=hostile("sg"),
        external_id=hostile("ex"),
    )
    svc.log_touch(
        typed.id,
        TouchKind.CALL,
        summary=hostile("su"),
        sentiment=Sentiment.POSITIVE,
        next_step=hostile("ns"),
        next_step_due=TODAY,
    )
    source = tmp_path / "crm.csv"
    hostile_csv(source)
    apply_import(svc, plan_import(svc, *read_export(source)), skip_bad=True)
    svc.close()
    tour = [
        Visit("an account", b"\r", "Phase history"),
        Visit("board", b"\x1b", "nothing here"),
        Visit("the other account", b"j\r", "Phase history"),
        Visit("board", b"\x1b"),
        Visit("standup", b"s", "overdue · ", "nmns"),
        Visit("quit", b"qq"),
    ]
    screen = _run(book, tour, tmp_path)
    _check_tour(screen, tour)
    accounts = visible_text(screen.after(0) + screen.after(2))  # attention orders them
    assert missing_fields(accounts, "nmowsgsunscnco") == []
    assert CLICK in visible_text(screen.output)
