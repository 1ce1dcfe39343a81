"""Text on the way in: cleaning what a user types or a file brings, and folding it for lookups.

Every text field is NFC-normalised, so "Café" typed on a Mac (decomposed) and on Windows
(composed) is one name. One-line fields (names, owners, segments, ids, next steps, reasons)
lose C0/C1 controls, bidi overrides and isolates, and invisible format characters (zero-width
spaces and joiners, the byte-order mark, soft hyphens, Hangul fillers): none of them can be
seen, so a name made of them only looks empty, and two names differing only by them would look
the same. Multi-line fields (touch summaries) keep newlines and the joiners that shape scripts
and emoji. Lone surrogates (half of a UTF-16 pair, from a JSON escape such as \\ud800 or a
byte Python could not decode) are not text at all, and SQLite cannot store them: every field
loses them. Pure functions; each raises `InvalidInput` with one line a CSM understands.
"""

from __future__ import annotations

import re
import unicodedata

from tendtui.domain.errors import InvalidInput

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Marks, embeddings, overrides and isolates: they change the order text is shown in."""
_INVISIBLE = "\u00ad\u034f\u115f\u1160\u180e\u200b\u2060-\u2064\u3164\ufeff\uffa0"
"""Soft hyphen, grapheme joiner, Hangul fillers, Mongolian vowel separator, zero-width space,
word joiner, invisible operators, the byte-order mark: format characters nobody can see."""
_JOINERS = "\u200c\u200d"
"""ZWNJ and ZWJ: invisible in a name, but they shape Persian, Indic scripts and emoji."""
_SURROGATES = "\ud800-\udfff"
"""Lone halves of UTF-16 pairs: not characters, and not storable as UTF-8 (a paired escape
such as \\ud83d\\ude00 is decoded to one character before any of this sees it)."""

_DROP_ONE_LINE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}{_JOINERS}{_SURROGATES}]"
)
_DROP_MULTILINE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}{_SURROGATES}]"
)
_SPACE_ONE_LINE = re.compile("[\t\n\r\u2028\u2029]")
_SPACE_MULTILINE = re.compile("[\t\u2028]")
_NEWLINES = re.compile("\r\n?|\u2029")
_ANY_CHANGE = re.compile(
    f"[\x00-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}{_JOINERS}{_SURROGATES}\u2028\u2029]"
)

NAME_MAX = 200
"""The longest account name, owner, segment or external id."""
LINE_MAX = 500
"""The longest one-line text other than a name: a next step, a reason."""
TEXT_MAX = 10_000
"""The longest multi-line text: a touch summary."""


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFC, controls and invisible characters removed, whitespace at the ends stripped.

    Tabs become spaces. A newline is kept only when `multiline` (CR LF and CR become LF);
    otherwise newlines become spaces.
    """
    if value.isascii() and value.isprintable():  # the usual case, and the importer's hot path
        return value.strip()
    text = unicodedata.normalize("NFC", value)
    if _ANY_CHANGE.search(text) is None:
        return text.strip()
    if multiline:
        text = _NEWLINES.sub("\n", text)
        text = _SPACE_MULTILINE.sub(" ", _DROP_MULTILINE.sub("", text))
    else:
        text = _SPACE_ONE_LINE.sub(" ", _DROP_ONE_LINE.sub("", text))
    return text.strip()


def clean_name(value: str, *, what: str = "name", max_length: int = NAME_MAX) -> str:
    """A required one-line text: cleaned, not empty, not absurdly long."""
    cleaned = clean_text(value)
    if not cleaned:
        raise InvalidInput(f"the {what} is empty: give it at least one visible character")
    if len(cleaned) > max_length:
        raise InvalidInput(
            f"the {what} is {len(cleaned):,} characters long; the most is {max_length}"
        )
    return cleaned


def clean_optional(
    value: str | None, *, what: str = "text", multiline: bool = False, max_length: int = LINE_MAX
) -> str | None:
    """An optional text: cleaned, None when nothing visible is left, refused when too long."""
    if value is None:
        return None
    cleaned = clean_text(value, multiline=multiline)
    if len(cleaned) > max_length:
        raise InvalidInput(
            f"the {what} is {len(cleaned):,} characters long; the most is {max_length:,}"
        )
    return cleaned or None


_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "ħ": "h", "ı": "i", "þ": "th"}
)
"""Letters with a mark that Unicode does not split off, folded as a reader would (Søren =
Soren); applied after casefold, so capitals are covered too."""


def fold(text: str) -> str:
    """The form names are compared in: accents dropped, case folded ("Zürcher" = "zurcher").

    Decomposing (NFKD) splits é into e and a combining accent, which is then dropped; the
    compatibility forms fold too (the "ﬁ" ligature is "fi", a full-width "Ａ" is "a"), and so
    do the few letters Unicode keeps whole (ø, æ, ł, ...). Books store this form
    (accounts.name_key): a change here needs a migration that computes it again.
    """
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.casefold().translate(_UNDECOMPOSED))


_CHANGED_ONE_LINE = re.compile(
    f"[\x00-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}{_JOINERS}{_SURROGATES}\u2028\u2029]"
)
_CHANGED_MULTILINE = re.compile(
    f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}{_SURROGATES}\u2028\u2029]"
)
_SURROGATE = re.compile(f"[{_SURROGATES}]")


def control_in(value: str, *, multiline: bool = False) -> str | None:
    """The first character `clean_text` would remove or change, as 'U+001B', else None.

    For one-line messages about foreign text: the character itself must not be printed.
    Spaces at the ends are not its business (callers that care check them).
    """
    if value.isascii() and value.isprintable():  # the usual case: nothing to look for
        return None
    found = (_CHANGED_MULTILINE if multiline else _CHANGED_ONE_LINE).search(value)
    if found is not None:
        return f"U+{ord(found.group()):04X}"
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        return "decomposed accents (not NFC)"
    return None


def surrogate_in(value: str) -> str | None:
    """The first lone surrogate in `value`, as 'U+D800', else None.

    Checked even in text a book recorded (which is otherwise taken as it was): one can only
    get there as a JSON escape written by another tool, and no terminal or database takes it.
    """
    if value.isascii():
        return None
    found = _SURROGATE.search(value)
    return None if found is None else f"U+{ord(found.group()):04X}"
