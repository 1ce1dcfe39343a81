"""The user's own settings (`config.toml`) and the books they opened lately (`recent.json`).

Both live in the platformdirs config folder (`TENDTUI_CONFIG` names another config file).
They belong to the person, not to a book: a book's own name is a setting of the book.

A config file is read with tomllib and never trusted to be right: a file that is not TOML, a
key of the wrong type or an unknown key becomes ONE line naming the file and the key, and the
defaults stand in for what could not be used. Nothing here refuses to start.

Writes are atomic and private: a temp file (0600) beside the target, then a rename. Imports
nothing of tendtui's, and nothing of Textual's: the printing commands read it too.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

CONFIG_ENV = "TENDTUI_CONFIG"
"""Names the config file instead of the platformdirs one."""
KEYS = ("book", "theme", "me", "keys")
"""The config file's keys: `keys` is a table of binding id = key(s)."""
RECENT_MAX = 20
"""How many books `tendtui books` and the board's switcher remember."""


@dataclass(frozen=True)
class UserConfig:
    """What config.toml says, with the defaults for what it does not (or cannot) say."""

    path: Path
    """The file it was read from (it may not exist)."""
    book: str | None = None
    """The default book, when neither --db nor TENDTUI_DB names one."""
    theme: str | None = None
    """The board's Textual theme; saved when one is picked in the palette."""
    me: str | None = None
    """Your name as an owner: `--owner me`, `owner:me`."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Key rebindings: binding id -> key(s), through Textual's keymap."""
    problem: str | None = None
    """One line naming the file and what could not be used; None when all was well."""


def config_dir() -> Path:
    """tendtui's folder in the user's config directory (platformdirs)."""
    from platformdirs import user_config_path

    return user_config_path("tendtui", appauthor=False)


def config_path() -> Path:
    """The config file: TENDTUI_CONFIG, else config.toml in the config folder."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named).expanduser()
    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> UserConfig:
    """Read the config file; a missing file is the defaults, a broken one is one line too."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return UserConfig(path)
    except tomllib.TOMLDecodeError as exc:
        return UserConfig(path, problem=f"{path}: not TOML ({exc}); using the defaults")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
        return UserConfig(path, problem=f"{path}: could not be read ({why}); using the defaults")
    return _from_table(path, data)


def _from_table(path: Path, data: Mapping[str, object]) -> UserConfig:
    bad: list[str] = []
    values: dict[str, str] = {}
    for key in ("book", "theme", "me"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str) and value.strip() and "\n" not in value:
            values[key] = value.strip()
        else:
            bad.append(f"`{key}` must be one line of text")
    keys: dict[str, str] = {}
    table = data.get("keys", {})
    if isinstance(table, dict):
        for binding, keystroke in _flat(table).items():
            if isinstance(keystroke, str) and keystroke.strip():
                keys[binding] = keystroke.strip()
            else:
                bad.append(f'`keys.{binding}` must be a key such as "M" or "ctrl+m"')
    else:
        bad.append('`keys` must be a table ([keys], then id = "key")')
    bad += [f"`{k}` is not a setting (use {', '.join(KEYS)})" for k in data if k not in KEYS]
    problem = f"{path}: {'; '.join(bad)}: using the defaults for them" if bad else None
    return UserConfig(
        path,
        book=values.get("book"),
        theme=values.get("theme"),
        me=values.get("me"),
        keys=keys,
        problem=problem,
    )


def _flat(table: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """`[keys]` with dotted ids written bare (`board.move = "M"`, which TOML reads as a table
    in a table) or quoted (`"board.move" = "M"`): both are the binding id `board.move`."""
    out: dict[str, object] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


class ConfigNotWritten(Exception):
    """The config file could not be changed: one line, for the user."""


def save_setting(key: str, value: str, path: Path | None = None) -> UserConfig:
    """Set one key (`book`, `theme`, `me` or `keys.ID`) and write the file again.

    Other keys keep their values; comments are not kept (docs say so). A file that is not
    TOML is not overwritten: what the user wrote there would be lost.
    """
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigNotWritten(f"{path} could not be read ({exc}): nothing was changed") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigNotWritten(
            f"{path} is not TOML ({exc}): fix or remove it first; nothing was changed"
        ) from None
    section, _, sub = key.partition(".")
    if sub:
        table = data.get(section)
        data[section] = {**(_flat(table) if isinstance(table, dict) else {}), sub: value}
    else:
        data[key] = value
    try:
        write_private(path, toml_text(data))
    except OSError as exc:
        raise ConfigNotWritten(f"{path} could not be written ({exc.strerror or exc})") from None
    return load_config(path)


# -- writing TOML ------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    # Dates and times (tomllib reads them): TOML writes them as ISO 8601, unquoted.
    return str(value.isoformat()) if hasattr(value, "isoformat") else _string(str(value))


def toml_text(data: Mapping[str, object]) -> str:
    """`data` as TOML: plain keys first, then one `[table]` per table. Enough for a config
    file that tomllib read (tables in tables are written inline)."""
    lines = [f"{_key(k)} = {_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for name, table in data.items():
        if isinstance(table, dict):
            lines += ["", f"[{_key(name)}]"]
            lines += [f"{_key(k)} = {_value(v)}" for k, v in table.items()]
    return "\n".join(lines).lstrip("\n") + "\n"


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically (a private temp file beside it, then a rename); the
    folder is made private (0700) when it is new."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:  # mkstemp makes it 0600
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# -- recent books ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecentBook:
    """A book opened lately."""

    path: Path
    """Its file, absolute."""
    opened_at: datetime
    """When it was last opened (UTC)."""

    @property
    def exists(self) -> bool:
        """Whether the file is still there."""
        return self.path.is_file()


def recent_path() -> Path:
    """recent.json in the config folder (not beside a TENDTUI_CONFIG file: that one may be
    shared, the list of what this user opened is not)."""
    return config_dir() / "recent.json"


def recent_books() -> list[RecentBook]:
    """The books opened lately, newest first; a list that cannot be read is an empty list
    (it is a convenience, rebuilt as books are opened)."""
    try:
        data = json.loads(recent_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    books: list[RecentBook] = []
    for item in data.get("books", []) if isinstance(data, dict) else []:
        try:
            path, at = item["path"], datetime.fromisoformat(item["opened_at"])
        except (KeyError, TypeError, ValueError):
            continue
        if isinstance(path, str) and path and at.tzinfo is not None:
            books.append(RecentBook(Path(path), at))
    return books[:RECENT_MAX]


def remember_book(path: Path, now: datetime | None = None) -> None:
    """Put `path` first in the recent list (at most RECENT_MAX; gone files dropped). Never
    fails: a config folder that cannot be written only loses the list."""
    path = path.expanduser().absolute()
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    kept = [b for b in recent_books() if b.path != path and b.exists]
    books = [RecentBook(path, moment), *kept][:RECENT_MAX]
    text = json.dumps(
        {"books": [{"path": str(b.path), "opened_at": b.opened_at.isoformat()} for b in books]},
        indent=2,
        ensure_ascii=False,
    )
    with contextlib.suppress(OSError, UnicodeEncodeError):
        write_private(recent_path(), text + "\n")
