"""Parsing what users type: dates, money, names and free text."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from typing import TypeVar

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tendtui.domain.errors import InvalidInput
from tendtui.domain.text import clean_name, clean_optional, clean_text, fold

TODAY = date(2026, 11, 22)
T = TypeVar("T")


def outcome(parse: Callable[[], T]) -> T | InvalidInput:
    """What a parser returns, or the InvalidInput it raises; any other error fails the test."""
    try:
        return parse()
    except InvalidInput as exc:
        return exc


BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
C0_C1 = {chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))}

# -- dates ----------------------------------------------------------------------------------


# -- text -----------------------------------------------------------------------------------


def test_clean_text_examples() -> None:
    assert clean_text("  Acme\tCorp  ") == "Acme Corp"
    assert clean_text("a\nb") == "a b"
    assert clean_text("a\nb", multiline=True) == "a\nb"
    assert clean_text("a\r\nb", multiline=True) == "a\nb"
    assert clean_text("Cafe\u0301 Ole\u0301") == "Caf\u00e9 Ol\u00e9"  # NFD typed on a Mac
    assert clean_text("A\u200bc\u00adm\u2060e\ufeff") == "Acme"
    assert clean_text("\u3164\u115f") == ""
    assert clean_text("ok\u200dok") == "okok"
    assert clean_text("👨\u200d👩", multiline=True) == "👨\u200d👩"  # joiners shape emoji in notes
    assert clean_text("\x1b[31mred\x1b[0m") == "[31mred[0m"
    assert clean_text("evil\u202ereversed\u2069") == "evilreversed"
    assert clean_text("caf\u00e9 \u65e5\u672c") == "caf\u00e9 \u65e5\u672c"


def _bad(ch: str, multiline: bool) -> bool:
    if ch == "\n" and multiline:
        return False
    return ch in C0_C1 or ch in BIDI or unicodedata.category(ch) == "Cc"


@given(st.text(), st.booleans())
@example("\x00\x07\x1b\x7f\x85\x9f\u202a\u202e\u2066\u2069\n\r\t", True)
@example("\n\n", False)
def test_clean_text_never_lets_controls_or_bidi_through(text: str, multiline: bool) -> None:
    cleaned = clean_text(text, multiline=multiline)
    assert not [ch for ch in cleaned if _bad(ch, multiline)]
    assert cleaned == cleaned.strip()


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cf", "Cs", "Zs"])))
def test_clean_text_keeps_ordinary_text(text: str) -> None:
    ordinary = unicodedata.normalize("NFC", text)
    if not set(ordinary) & BIDI and ordinary == ordinary.strip() and "\u3164" not in ordinary:
        assert clean_text(ordinary) == ordinary.strip()


@given(st.text())
def test_clean_text_is_nfc_and_settled(text: str) -> None:
    cleaned = clean_text(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert clean_text(cleaned) == cleaned


def test_names_made_only_of_invisible_characters_are_refused() -> None:
    for invisible in ("\u200b\u200b", "\u200c\u200d", "\ufeff", "\u00ad", "\u3164", "\u2060"):
        with pytest.raises(InvalidInput, match="the name is empty"):
            clean_name(invisible)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Café Olé", "cafe ole"),
        ("Cafe\u0301 Ole\u0301", "CAFÉ OLÉ"),
        ("Zürcher Treuhand", "zurcher treuhand"),
        ("Straße", "STRASSE"),
        ("ＡＣＭＥ", "acme"),
        ("Søren Ås", "soren as"),
        ("Łódź Æther", "lodz aether"),
    ],
)
def test_fold_ignores_case_and_accents(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_what_differs() -> None:
    assert fold("Acme") != fold("Acne")
    assert fold("日本") == "日本"


def test_clean_name_examples() -> None:
    assert clean_name("  Acme\x1b Corp ") == "Acme Corp"
    with pytest.raises(InvalidInput, match="the name is empty"):
        clean_name(" \t\x00\u202e ")
    with pytest.raises(InvalidInput, match="the owner is 201 characters long; the most is 200"):
        clean_name("x" * 201, what="owner")
    assert clean_name("x" * 200) == "x" * 200


@given(st.text())
def test_clean_name_is_one_clean_visible_line_or_refused(text: str) -> None:
    name = outcome(lambda: clean_name(text))
    if isinstance(name, InvalidInput):
        assert str(name).startswith("the name is")
    else:
        assert name
        assert "\n" not in name
        assert not [ch for ch in name if _bad(ch, multiline=False)]
        assert len(name) <= 200


def test_clean_optional() -> None:
    assert clean_optional(None) is None
    assert clean_optional("  \x07 ") is None
    assert clean_optional(" next\nstep ", multiline=True) == "next\nstep"
