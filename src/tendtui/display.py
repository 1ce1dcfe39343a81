"""The one way out: how text from a book, a playbook, a file or the environment reaches a person.

Every string that did not come from tendtui's own code passes `guard` before it is printed by
the CLI or drawn by a screen: it removes what a terminal would act on instead of show (C0 and
C1 controls, DEL, bidi overrides and isolates, Unicode line separators). Input is cleaned too
(domain.text), but a book can be written by other tools (sqlite-utils, Datasette, a script), so
the promise "nothing in a book can take over your terminal" is kept here, at the exit.

The rest is shared presentation: cell widths (rich's `cell_len`, as Textual measures), fitting
to a width, money and day counts in words, Markdown and chat escaping, and JSON that is safe to
print. Pure functions; imports nothing of tendtui at run time (domain.rates only names the type
of the rates a total may be converted with).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size

if TYPE_CHECKING:
    from tendtui.domain.rates import Rates

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Arabic letter mark, LRM, RLM, embeddings, overrides and isolates: they reorder what is shown."""

_SURROGATES = "\ud800-\udfff"
"""Lone halves of UTF-16 pairs (a JSON escape such as \\ud800 in a file): no terminal stream
can encode them, so printing one would fail; each is shown as U+FFFD instead."""
_UNSAFE_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}\u2028\u2029]")
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}\u2028\u2029]")
_SPACES = str.maketrans({"\t": " ", "\r": " ", "\n": " ", "\u2028": " ", "\u2029": " "})


HEALTH_MARKS = {"green": "●", "amber": "◐", "red": "○", "closed": "·"}
"""Health as a shape, for when colour is off: full, half, empty; a dot for a closed phase."""

HEALTH_FILLS = {"green": "█", "amber": "▒", "red": "░", "closed": " "}
"""A health bar's fill per band, for when colour is off: dense, medium, light."""


def no_color() -> bool:
    """NO_COLOR is set and not empty (https://no-color.org): health must not be colour alone.

    Textual turns its output monochrome under NO_COLOR by itself (even when it is empty); this
    decides whether tendtui also shows health as a shape."""
    return bool(os.environ.get("NO_COLOR"))


def health_mark(band: str, *, colourless: bool) -> str:
    """The health dot: `●` in its colour, or, without colour, a shape per band."""
    return HEALTH_MARKS.get(band, "●") if colourless else "●"


def health_fill(band: str, *, colourless: bool) -> str:
    """A health bar's block: `█` in its colour, or, without colour, a shade per band."""
    return HEALTH_FILLS.get(band, "█") if colourless else "█"


def guard(text: object, *, multiline: bool = False) -> str:
    """`text` as it may reach a terminal: controls and bidi controls removed, lone surrogates
    shown as U+FFFD.

    Tabs, carriage returns and line separators become spaces; a newline is kept only when
    `multiline` (a field shown as several lines), else it becomes a space. Anything that is not
    a string is shown with `str` first, so a number or None from a damaged row is safe too.
    """
    value = text if isinstance(text, str) else str(text)
    pattern = _UNSAFE_MULTILINE if multiline else _UNSAFE_ONE_LINE
    if pattern.search(value) is None:  # the usual case, and every card drawn
        return value
    return pattern.sub(_drop_or_space, value)


def _drop_or_space(match: re.Match[str]) -> str:
    ch = match.group()
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    return ch.translate(_SPACES) if ch in "\t\r\n\u2028\u2029" else ""


# -- widths --------------------------------------------------------------------------------


def width(text: str) -> int:
    """Terminal cells a string takes, measured as Textual measures it (wide characters: 2)."""
    return cell_len(text)


def fit(text: str, cells: int) -> str:
    """Exactly `cells` terminal cells: padded with spaces, or cut and ended with '…'."""
    if cells <= 0:
        return ""
    used = cell_len(text)
    if used <= cells:
        return text + " " * (cells - used)
    return set_cell_size(text, cells - 1) + "…"


def clip(text: str, cells: int) -> str:
    """At most `cells` cells, cut with '…' when longer; never padded."""
    return text if cell_len(text) <= cells else fit(text, cells)


# -- money and days ------------------------------------------------------------------------

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


UNKNOWN = "—"
"""An amount nobody knows (a blank ARR cell)."""


def money(amount: int | None, currency: str = "USD") -> str:
    """'$120,000', '€9,500', '120,000 CHF'; '—' when not known."""
    if amount is None:
        return UNKNOWN
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount:,}" if symbol else f"{amount:,} {guard(currency)}"


def money_short(amount: int | None, currency: str = "USD") -> str:
    """'$120k', '$1.2M': for cards and column titles; '—' when not known."""
    if amount is None:
        return UNKNOWN
    symbol = _SYMBOLS.get(currency, "")
    suffix = "" if symbol else f" {guard(currency)}"
    if amount >= 1_000_000:
        text = f"{amount / 1_000_000:.1f}".removesuffix(".0") + "M"
    elif amount >= 1_000:
        text = f"{amount / 1_000:.0f}k"
    else:
        text = str(amount)
    return f"{symbol}{text}{suffix}"


APPROX = "≈"
"""Marks a total that exchange rates (a user's estimate) went into."""


def arr_total(
    amounts: Iterable[tuple[int | None, str]],
    *,
    short: bool = True,
    unknown: int = 0,
    rates: Rates | None = None,
) -> str:
    """A total of (amount, currency) pairs, kept apart by currency, with the amounts nobody
    knows counted, not guessed: '$1.2M + €300k + 2 unknown'. `unknown` adds to that count.

    With `rates` (a book that has some), one sum in the base currency, marked ≈ when an
    amount was converted, and the currencies without a rate still apart:
    '≈ €412k + ¥3.2M + 2 unknown'. The conversion is the domain's (domain.rates).
    """
    by_currency: dict[str, int] = {}
    for amount, currency in amounts:
        if amount is None:
            unknown += 1
        else:
            by_currency[currency] = by_currency.get(currency, 0) + amount
    fmt = money_short if short else money
    first: list[str] = []
    if rates:
        converted = rates.convert(by_currency)
        by_currency = converted.apart
        if converted.amount is not None:
            mark = f"{APPROX} " if converted.approximate else ""
            first.append(mark + fmt(converted.amount, converted.base))
    ordered = sorted(by_currency.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = first + [fmt(amount, currency) for currency, amount in ordered]
    if unknown:
        parts.append(f"{unknown} unknown")
    return " + ".join(parts) if parts else fmt(0, rates.base if rates else "USD")


def days_ago(then: date | None, today: date) -> str:
    """'today', 'yesterday', '12 days ago', 'never'."""
    if then is None:
        return "never"
    n = (today - then).days
    if n == 0:
        return "today"
    if n == 1:
        return "yesterday"
    if n < 0:
        return f"in {-n} days"
    return f"{n} days ago"


def days_until(then: date, today: date) -> str:
    """'in 21 days', 'tomorrow', 'today', 'yesterday', '3 days ago'."""
    n = (then - today).days
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n > 0:
        return f"in {n} days"
    return f"{-n} days ago" if n < -1 else "yesterday"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 day', '3 days', '2 negative touches'."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


# -- Markdown, chat and JSON ---------------------------------------------------------------

# Only what can change formatting in the middle of a line: every line we write starts with our
# own "- **" or "## ", so list and heading markers inside a name are harmless and stay unescaped.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")
# An '&' only matters when it starts an entity ("AT&amp;T" would show as "AT&T"); a plain one,
# as in "Lumen & Loom", stays unescaped so chats that ignore escapes show no backslash.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Words a chat turns into a notification for everyone. A zero-width space after the '@' keeps
# the word readable and stops the mention; `<!here>` loses its angle brackets to md escaping.
_MENTION = re.compile(r"@(?=(?:channel|here|everyone|all)\b)", re.IGNORECASE)


def neutralise_mentions(text: str) -> str:
    """'@channel' -> '@\u200bchannel': shown the same, but no chat pings anyone for it."""
    return _MENTION.sub("@\u200b", text)


_MD_NOTHING_TO_DO = re.compile(f"[\\\\`*_\\[\\]|<>~&@\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
"""Any character md() might change: most names hold none, and are returned as they are."""


def md(text: str | None) -> str:
    """User text for CommonMark: guarded, escaped, mentions neutralised (one line)."""
    if not text:
        return ""
    if _MD_NOTHING_TO_DO.search(text) is None:  # the usual case: a standup writes thousands
        return text
    safe = guard(text)
    return neutralise_mentions(_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", safe)))


# Slack mrkdwn: '&', '<' and '>' are its control characters, so `<!here>`, `<!channel>` and
# `<@U123>` are mentions only while their brackets are bare. Slack's docs ask for all three as
# entities; a lone '&' that starts no entity shows as itself, though, and a name such as
# "Lumen & Loom" pasted into the composer would show "&amp;", so only an '&' that would
# start one is escaped (as md() does). A bare "@here" or "@dana" typed in the composer pings:
# a zero-width joiner after a word's '@' keeps it readable and pings nobody.
_SLACK_ENTITY = re.compile(r"&(?=(?:amp|lt|gt);)", re.IGNORECASE)
_SLACK_MENTION = re.compile(r"(?<!\w)@")
_SLACK_NOTHING_TO_DO = re.compile(f"[&<>@\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")


def slack(text: str | None) -> str:
    """User text for Slack mrkdwn: guarded, `<` `>` (and an entity's `&`) as entities, and
    no mention that pings (one line)."""
    if not text:
        return ""
    if _SLACK_NOTHING_TO_DO.search(text) is None:
        return text
    safe = _SLACK_ENTITY.sub("&amp;", guard(text))
    safe = safe.replace("<", "&lt;").replace(">", "&gt;")
    return _SLACK_MENTION.sub("@\u200d", safe)


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """JSON for a terminal or a file: non-ASCII kept readable, but DEL, C1 and bidi controls
    escaped as \\uXXXX (json escapes C0 itself), so printing it never acts on the terminal."""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
