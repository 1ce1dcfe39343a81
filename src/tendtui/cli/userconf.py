"""The user's config file as the commands see it: read once per command, its problem said once.

A broken config.toml is one line on stderr (naming the file and the key) and the defaults;
it never stops a command. Nothing here imports Textual.
"""

from __future__ import annotations

from tendtui.cli.output import warn
from tendtui.domain.errors import InvalidInput
from tendtui.userconfig import UserConfig, config_path, load_config

_loaded: UserConfig | None = None


def user_config() -> UserConfig:
    """The config for this command, read on first use (and its problem warned about once)."""
    global _loaded
    path = config_path()
    if _loaded is None or _loaded.path != path:
        _loaded = load_config(path)
        if _loaded.problem:
            warn(f"tendtui: {_loaded.problem}")
    return _loaded


def forget_config() -> None:
    """Read the file again next time: each command (main()) starts afresh."""
    global _loaded
    _loaded = None


ME = "me"
"""What --owner and owner: take as "the name in config.toml's `me`"."""


def owner_filter(owner: str | None) -> str | None:
    """--owner as given, with `me` read as your name (config.toml `me`)."""
    if owner is None or owner.strip().casefold() != ME:
        return owner
    me = user_config().me
    if me is None:
        raise InvalidInput(
            "--owner me: tendtui does not know your name yet: `tendtui config set me NAME`"
        )
    return me
