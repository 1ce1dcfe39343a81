"""Hostile text for the terminal-safety suite: the payloads, the one check, and books holding them.

Every field that carries user text gets the same payloads. Each payload carries a token naming
the field and the payload, PWN + two letters for the field + one capital for the payload
(`PWNnmT`: the OSC 0 title payload in an account name), so the check can tell the bytes a
payload brought from the escapes Textual writes for itself, and a failure names the field.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from tendtui.domain.forecast import Call
from tendtui.domain.kinds import Sentiment, TouchKind
from tendtui.domain.playbook import default_playbook_source
from tendtui.domain.text import clean_text
from tendtui.services import BookService
from tests.conftest import FROZEN_NOW, FrozenClock

TENDTUI = str(Path(sys.executable).with_name("tendtui"))
TODAY = FROZEN_NOW.date()

PAYLOADS = {
    "M": "{t}[@click=app.quit]",  # Textual markup: quit on a click (on what follows)
    "H": '[link="http://evil"]{t}[/link]',  # a hyperlink, as Textual's markup writes it
    "T": "\x1b]0;{t}\x07",  # OSC 0: set the window title
    "W": "\x1b]2;{t}\x1b\\",  # OSC 2: set the window title, ended by ST
    "L": "\x1b]8;;http://evil/{t}\x1b\\x\x1b]8;;\x1b\\",  # OSC 8: a hyperlink
    "C": "\x1b]52;c;{t}\x07",  # OSC 52: write the clipboard
    "J": "{t}\x1b[2J",  # CSI 2J: clear the screen
    "B": "{t}\x07",  # a bare BEL
    "K": "{t}\x9b2J",  # C1 CSI as one character: clear the screen
    "O": "\x9d0;{t}\x9c",  # C1 OSC ... C1 ST: set the title
    "R": "{t}\u202e",  # right-to-left override: shows text reversed
    "U": "[link=http://evil]{t}[/link]",  # a hyperlink, as Rich's markup writes it
}
"""Payload code -> template; `{t}` is the token."""

PARSEABLE = "MHTWLCJBKOR"
"""The payloads Textual's markup parser reads without an error: a text holding only these
would come out clickable if it were ever parsed (the unquoted Rich link makes it refuse)."""

WORDS = "MTWCJBKOR"
"""The payloads a board filter reads as words (the others hold a ':', as in `owner:`)."""

IN_A_FILE_NAME = "TWCJBKORM"
"""The payloads a file name can hold (the others hold a '/')."""

CLICK = "[@click=app.quit]"
LINKS = ('[link="http://evil"]', "[link=http://evil]")
"""Markup that must be shown as itself, never run."""


def token(field: str, kind: str) -> str:
    """'PWNnmT': payload `kind` in `field` (two lower-case letters)."""
    return f"PWN{field}{kind}"


def hostile(field: str, kinds: str = "".join(PAYLOADS)) -> str:
    """Every payload (or those in `kinds`), marked for `field`, end to end (a name holds at
    most 200 characters, and every payload, cleaned, must fit in one with a word before it)."""
    return "".join(PAYLOADS[k].format(t=token(field, k)) for k in kinds)


def cleaned(field: str, kinds: str = "".join(PAYLOADS)) -> str:
    """`hostile(field)` as tendtui's input cleaning leaves it: what a typed arrival stores."""
    return clean_text(hostile(field, kinds))


# -- the check ---------------------------------------------------------------------------

_TOKEN = rb"PWN[a-z]{2}[A-Z]"
_ESCAPE_STRING = re.compile(rb"\x1b[\]P_^X](.*?)(?:\x07|\x1b\\)", re.DOTALL)
_DATA_OSC = re.compile(rb"\x1b\](?:0|2|8|52);")
_AFTER_TOKEN = re.compile(_TOKEN + rb"(?:\x07|\x1b\[[0-9;]*[JK])")
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Characters that reorder what is shown: marks, embeddings, overrides and isolates."""
_BIDI = re.compile(b"|".join(re.escape(ch.encode()) for ch in BIDI_CONTROLS))
_ANY_ESCAPE = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]P_^X].*?(?:\x07|\x1b\\)|.)", re.DOTALL)


def data_controls(output: bytes, *, strict: bool = False) -> list[str]:
    """Every control byte from data in `output`, described with where it is; [] when none.

    "A control byte from data" is a byte the terminal would act on that a payload brought,
    recognised by where it sits, so the terminal's own escapes (Textual's colours and cursor
    moves, its OSC 22 pointer shape and the BEL ending it) never count. Any one of:

    1. an escape string (OSC, DCS, APC, PM or SOS: ESC ] P _ ^ X, up to BEL or ESC \\) holding
       a token or the payloads' URL ("evil"); or an OSC 0, 2, 8 or 52 at all, since Textual
       never sets the title, writes a link or fills the clipboard unless text made it;
    2. a token directly followed by BEL or by an erase (ESC [ n J or K), as a payload puts them;
    3. a C1 control (U+0080 to U+009F, in UTF-8 bytes C2 80 to C2 9F) anywhere: Textual writes
       7-bit escapes only (a lone byte 0x80-0x9F is the tail of an ordinary character);
    4. a bidi control (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C) anywhere.

    `strict`, for the CLI, which writes no escapes of its own: also any ESC or BEL at all.
    """
    found: list[str] = []

    def note(what: str, start: int) -> None:
        found.append(f"{what} at byte {start}: {output[max(0, start - 20) : start + 40]!r}")

    for m in _ESCAPE_STRING.finditer(output):
        if b"PWN" in m.group(1) or b"evil" in m.group(1):
            note("an escape string carrying data", m.start())
    for m in _DATA_OSC.finditer(output):
        note("an OSC 0/2/8/52", m.start())
    for m in _AFTER_TOKEN.finditer(output):
        note("a BEL or erase right after a token", m.start())
    for m in _C1.finditer(output):
        note("a C1 control", m.start())
    for m in _BIDI.finditer(output):
        note("a bidi control", m.start())
    if strict:
        for m in re.finditer(rb"[\x1b\x07]", output):
            note("an ESC or BEL", m.start())
    return found


def missing_fields(text: str, fields: str) -> list[str]:
    """The field codes in `fields` (two letters each) of which no token shows in `text`."""
    codes = [fields[n : n + 2] for n in range(0, len(fields), 2)]
    return [f for f in codes if not any(token(f, k) in text for k in PAYLOADS)]


def visible_text(output: bytes) -> str:
    """The text a terminal shows from `output`, escape sequences taken out (rows run together)."""
    return _ANY_ESCAPE.sub(b"", output).decode("utf-8", errors="replace")


_STORED_CONTROL = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def stored_controls(path: Path) -> list[str]:
    """Text in the book holding a control character (a newline aside), as table.column: every
    text cell of the tables user text lives in, and every string inside an event's payload."""
    conn = sqlite3.connect(path)
    try:
        found = []
        for table in ("accounts", "touches", "events", "saved_views", "playbook"):
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            for row in cursor:
                for name, value in zip(names, row, strict=True):
                    texts = json.loads(value) if name == "payload" else value
                    if any(_STORED_CONTROL.search(t) for t in _strings(texts)):
                        found.append(f"{table}.{name}")
        return found
    finally:
        conn.close()


# -- running tendtui ----------------------------------------------------------------------


def terminal_env(home: Path) -> dict[str, str]:
    """A private environment for a tendtui subprocess, on the suite's frozen moment."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "TENDTUI_NOW": "2026-11-22T15:00:00Z",
        "TZ": "UTC",
    }


@dataclass(frozen=True)
class Done:
    """One command's exit code and the bytes it wrote."""

    args: tuple[str, ...]
    code: int
    out: bytes
    err: bytes

    @property
    def both(self) -> bytes:
        """Standard output and standard error together."""
        return self.out + self.err


def tendtui(*args: str, env: dict[str, str]) -> Done:
    """Run `tendtui ARGS` as a subprocess (output to pipes, so not a terminal)."""
    done = subprocess.run(
        [TENDTUI, *args],
        env=env,
        capture_output=True,
        check=False,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    return Done(tuple(args), done.returncode, done.stdout, done.stderr)


def tendtui_each(commands: Sequence[Sequence[str]], env: dict[str, str]) -> list[Done]:
    """Run read-only commands side by side (each starts an interpreter: a second or so)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda args: tendtui(*args, env=env), commands))


# -- books and files holding hostile text --------------------------------------------------

_TOP_LEVEL_TEXT = re.compile(
    r'^(title|customer_activity|provider_activity|label|reason_prompt|name) = "([^"]*)"$'
)
_INLINE_LABEL = re.compile(r'label = "([^"]*)"')
PLAYBOOK_FIELDS = {
    "title": "pt",
    "customer_activity": "pc",
    "provider_activity": "pp",
    "label": "tl",
    "reason_prompt": "rp",
    "name": "pn",
}
"""Playbook keys -> field codes (checklist labels, inline, are `cl`)."""


def _toml(text: str) -> str:
    # A JSON string (ASCII, controls as \\uXXXX) is a valid TOML basic string.
    return json.dumps(text)


def hostile_playbook_source() -> str:
    """The default playbook with every title, activity, label, prompt and its name hostile."""
    lines = []
    for line in default_playbook_source().splitlines():
        if line.lstrip().startswith("{"):
            line = _INLINE_LABEL.sub(
                lambda m: f"label = {_toml(m.group(1) + ' ' + hostile('cl'))}", line
            )
        elif match := _TOP_LEVEL_TEXT.match(line):
            key, value = match.groups()
            line = f"{key} = {_toml(value + ' ' + hostile(PLAYBOOK_FIELDS[key]))}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def raw_sql_book(path: Path) -> None:
    """A book whose user text another tool rewrote with SQL: the real way hostile text lands.

    Two accounts, both flagged today (a next step due), 'Raw Two' at risk with a reason, two
    saved views; then
    every text column of accounts and touches, the touched and moved events' text, the saved
    view and the playbook are overwritten with payloads (Raw Two's name with the PARSEABLE
    ones). Names keep their lookup key, so `show "Raw One"` still finds the account whose name
    now holds the payloads.
    """
    svc = BookService.open(path, clock=FrozenClock())
    try:
        one = svc.add_account(
            "Raw One", arr=50_000, renewal_date=TODAY + timedelta(days=20), external_id="X1"
        )
        two = svc.add_account("Raw Two", arr=80_000, external_id="X2")
        for account in (one, two):
            svc.log_touch(
                account.id,
                TouchKind.CALL,
                summary="s",
                sentiment=Sentiment.NEGATIVE,
                next_step="n",
                next_step_due=TODAY,
            )
        svc.move(two.id, "at-risk", reason="r")
        svc.add_contact(one.id, "Pat", role="champion", title="t", email="e")
        svc.call_forecast(one.id, Call.LIKELY, note="f")
        svc.open_opportunity(one.id, "o", 1_000)
        svc.save_view(1, "v", "raw")
        svc.save_view(2, "w", "raw")
    finally:
        svc.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE accounts SET name = name || ' ' || ?, owner = ?, segment = ?, external_id = ?",
            [hostile("nm"), hostile("ow"), hostile("sg"), hostile("ex")],
        )
        # Raw Two's name would parse as markup, so a click on it would quit if it were.
        conn.execute(
            "UPDATE accounts SET name = ? WHERE id = ?",
            ["Raw Two " + hostile("nm", PARSEABLE), two.id],
        )
        conn.execute(
            "UPDATE touches SET summary = ?, next_step = ?", [hostile("su"), hostile("ns")]
        )
        conn.execute("UPDATE tasks SET text = ?", [hostile("ns")])  # next steps are tasks
        conn.execute(  # the People and Revenue sections
            "UPDATE contacts SET name = ?, title = ?, email = ?",
            ["Pat " + hostile("pe"), hostile("pj"), hostile("pm")],
        )
        conn.execute("UPDATE forecasts SET note = ?", [hostile("fn")])
        conn.execute("UPDATE opportunities SET title = ?", ["Opp " + hostile("op")])
        conn.execute(
            "UPDATE events SET payload = json_set(payload, '$.touch.summary', ?)"
            " WHERE kind = 'touched'",
            [hostile("hs")],
        )
        conn.execute(
            "UPDATE events SET payload = json_set(payload, '$.reason', ?) WHERE kind = 'moved'",
            [hostile("mr")],
        )
        conn.execute(
            "UPDATE saved_views SET name = ?, query = ? WHERE slot = 1",
            [hostile("vn"), hostile("vq")],  # a query the board refuses: its error quotes it
        )
        conn.execute(
            "UPDATE saved_views SET name = ?, query = ? WHERE slot = 2",
            [hostile("wn"), "raw " + hostile("wq", WORDS)],  # a query the board applies
        )
        conn.execute("UPDATE playbook SET source = ? WHERE id = 1", [hostile_playbook_source()])
    conn.close()


def hostile_csv(path: Path) -> None:
    """A CRM export with hostile headers and cells: one good row, one bad ARR, one bad date.

    Excel's `sep=,` line names the delimiter: the payloads hold more semicolons than the
    header has commas, and the delimiter is sniffed from the header line as written.
    """
    header = ["Account Name", "ARR", "Renewal Date", "Owner", "Record ID"]
    header += ["Tier " + hostile("cm"), "Notes " + hostile("ch")]  # mapped with --map; ignored
    good = ["Csv One " + hostile("cn"), "12k", "2027-01-10", hostile("co"), "C1 " + hostile("ci")]
    bad_arr = ["Csv Bad " + hostile("cb"), "lots " + hostile("ca"), "", "o", "C2", "t", "x"]
    bad_day = ["Csv Late", "1", "soon " + hostile("cd"), "o", "C3", "t", "x"]
    rows = [header, [*good, hostile("cs"), hostile("cc")], bad_arr, bad_day]
    with path.open("w", newline="", encoding="utf-8") as out:
        out.write("sep=,\r\n")
        csv.writer(out).writerows(rows)
