"""config.toml and recent.json: read leniently (one line, the defaults), written atomically and
privately, under the tests' own XDG_CONFIG_HOME."""

from __future__ import annotations

import json
import stat
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tendtui.userconfig import (
    RECENT_MAX,
    ConfigNotWritten,
    config_path,
    load_config,
    recent_books,
    recent_path,
    remember_book,
    save_setting,
    toml_text,
)

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


def test_the_config_lives_in_the_xdg_config_folder_unless_tendtui_config_names_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert config_path() == tmp_path / "xdg-config" / "tendtui" / "config.toml"
    monkeypatch.setenv("TENDTUI_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert config_path() == tmp_path / "elsewhere.toml"


def test_no_file_is_the_defaults_without_a_word() -> None:
    cfg = load_config()
    assert (cfg.book, cfg.theme, cfg.me, dict(cfg.keys), cfg.problem) == (
        None,
        None,
        None,
        {},
        None,
    )


def test_a_file_that_is_not_toml_is_one_line_naming_the_file_and_the_defaults(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nme = "Dana\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg.theme is None
    assert cfg.me is None
    assert cfg.problem is not None
    assert "\n" not in cfg.problem
    assert str(path) in cfg.problem
    assert "not TOML" in cfg.problem
    assert "line 2" in cfg.problem


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("me = 3", "`me`"),
        ("theme = true", "`theme`"),
        ('book = ["a.db"]', "`book`"),
        ("keys = 1", "`keys`"),
        ("[keys]\n'board.move' = 7", "`keys.board.move`"),
        ("colour = 'red'", "`colour`"),
    ],
)
def test_a_wrong_key_is_named_in_one_line_and_the_rest_is_used(
    tmp_path: Path, text: str, named: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'me = "Dana"\n{text}\n' if not text.startswith("me") else text + "\n")
    cfg = load_config(path)
    assert cfg.problem is not None
    assert "\n" not in cfg.problem
    assert named in cfg.problem
    assert str(path) in cfg.problem
    if not text.startswith("me"):
        assert cfg.me == "Dana"  # the good keys stand


def test_a_setting_is_written_privately_and_atomically_keeping_the_others(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "config.toml"
    save_setting("me", "Dana", path)
    save_setting("keys.board.move", "M", path)
    cfg = save_setting("theme", "nord", path)
    assert (cfg.me, cfg.theme, dict(cfg.keys), cfg.problem) == (
        "Dana",
        "nord",
        {"board.move": "M"},
        None,
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left


def test_a_setting_keeps_what_the_user_wrote_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('me = "Dana"\nextra = [1, 2.5, true]\n[keys]\n"board.touch" = "T"\n')
    save_setting("theme", "nord", path)
    data = tomllib.loads(path.read_text())
    assert data == {
        "me": "Dana",
        "extra": [1, 2.5, True],
        "theme": "nord",
        "keys": {"board.touch": "T"},
    }


def test_a_binding_id_may_be_written_bare_or_quoted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nboard.move = "M"\n"board.touch" = "T"\n')
    assert dict(load_config(path).keys) == {"board.move": "M", "board.touch": "T"}
    cfg = save_setting("keys.board.move", "ctrl+m", path)
    assert dict(cfg.keys) == {"board.move": "ctrl+m", "board.touch": "T"}
    assert cfg.problem is None


def test_a_file_that_is_not_toml_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("me = \n")
    with pytest.raises(ConfigNotWritten, match="not TOML"):
        save_setting("theme", "nord", path)
    assert path.read_text() == "me = \n"


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=12),
        st.text(max_size=30) | st.integers() | st.booleans(),
        max_size=5,
    ),
    st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=30), max_size=4),
)
def test_what_is_written_reads_back_the_same(
    plain: dict[str, str | int | bool], keys: dict[str, str]
) -> None:
    data: dict[str, object] = {k: v for k, v in plain.items() if k != "keys"}
    if keys:
        data["keys"] = keys
    assert tomllib.loads(toml_text(data)) == data


# -- recent books --------------------------------------------------------------------------------


def _book(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"")
    return path


def test_recent_books_are_newest_first_once_each_and_at_most_twenty(tmp_path: Path) -> None:
    paths = [_book(tmp_path, f"b{n}.db") for n in range(RECENT_MAX + 3)]
    for n, path in enumerate(paths):
        remember_book(path, NOW + timedelta(minutes=n))
    remember_book(paths[5], NOW + timedelta(hours=1))
    books = recent_books()
    assert len(books) == RECENT_MAX
    assert books[0].path == paths[5]
    assert books[0].opened_at == NOW + timedelta(hours=1)
    assert [b.path for b in books[1:4]] == [paths[-1], paths[-2], paths[-3]]
    assert len({b.path for b in books}) == RECENT_MAX
    assert stat.S_IMODE(recent_path().stat().st_mode) == 0o600


def test_a_gone_book_is_dropped_when_another_is_opened(tmp_path: Path) -> None:
    a, b, c = (_book(tmp_path, n) for n in ("a.db", "b.db", "c.db"))
    for n, path in enumerate((a, b)):
        remember_book(path, NOW + timedelta(minutes=n))
    b.unlink()
    assert [x.exists for x in recent_books()] == [False, True]  # still listed, marked gone
    remember_book(c, NOW + timedelta(minutes=5))
    assert [x.path for x in recent_books()] == [c, a]


def test_a_damaged_recent_list_is_an_empty_one_and_is_rebuilt(tmp_path: Path) -> None:
    recent_path().parent.mkdir(parents=True)
    recent_path().write_text("{not json")
    assert recent_books() == []
    a = _book(tmp_path, "a.db")
    remember_book(a, NOW)
    assert [b.path for b in recent_books()] == [a]
    data = json.loads(recent_path().read_text())
    data["books"].insert(0, {"path": 3, "opened_at": "yesterday"})
    recent_path().write_text(json.dumps(data))
    assert [b.path for b in recent_books()] == [a]  # the bad entry is skipped


def test_an_unwritable_config_folder_only_loses_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))  # its tendtui/ cannot be made
    remember_book(_book(tmp_path, "a.db"), NOW)  # no error
    assert recent_books() == []
