"""The one way out: the output guard, Markdown for chats, and print-safe JSON."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tendtui.display import fit, guard, json_text, md, neutralise_mentions, slack, width

CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))]
BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Acme\x1b]0;PWN\x07 Co", "Acme]0;PWN Co"),
        ("A\x1b[2JB", "A[2JB"),
        ("x\x9b2Jy\x9d0;t\x9c", "x2Jy0;t"),
        ("abc\u202edcba", "abcdcba"),
        ("tab\there", "tab here"),
        ("line\nbreak", "line break"),
        ("sep\u2028arated", "sep arated"),
        ("[@click=app.quit] [b]x[/b]", "[@click=app.quit] [b]x[/b]"),
        ("Café 東京", "Café 東京"),
    ],
)
def test_guard_removes_what_a_terminal_acts_on(raw: str, shown: str) -> None:
    assert guard(raw) == shown


def test_guard_keeps_newlines_only_for_multiline_fields() -> None:
    assert guard("a\nb\x07", multiline=True) == "a\nb"
    assert guard("a\r\nb", multiline=True) == "a \nb"
    assert guard(None) == "None"
    assert guard(12) == "12"


@given(st.text(), st.booleans())
def test_nothing_a_terminal_acts_on_gets_through(text: str, multiline: bool) -> None:
    shown = guard(text, multiline=multiline)
    allowed = {"\n"} if multiline else set()
    assert not [ch for ch in shown if (ch in CONTROLS or ch in BIDI) and ch not in allowed]
    assert "\u2028" not in shown
    assert "\u2029" not in shown
    assert guard(shown, multiline=multiline) == shown


@pytest.mark.parametrize("text", ["@channel", "@here", "@everyone", "@All hands", "ping @HERE now"])
def test_chat_mentions_are_neutralised(text: str) -> None:
    out = neutralise_mentions(text)
    assert out.replace("\u200b", "") == text
    assert "@\u200b" in out
    assert md("<!here>") == "\\<!here\\>"


def test_markdown_escapes_and_guards() -> None:
    assert md("*Acme_Corp* [x](y) `z` \x1b]0;t\x07") == r"\*Acme\_Corp\* \[x\](y) \`z\` \]0;t"
    assert md("AT&amp;T & Co") == "AT\\&amp;T & Co"
    assert md("email@example.com") == "email@example.com"


@pytest.mark.parametrize(("text", "expected"), [
    ("Acme Corp", "Acme Corp"),
    ("Lumen & Loom", "Lumen & Loom"),  # a lone & shows as itself in Slack and when pasted
    ("AT&amp;T", "AT&amp;amp;T"),  # an entity is shown as typed, not decoded
    ("<!here> <!channel|c>", "&lt;!here&gt; &lt;!channel|c&gt;"),
    ("<@U024BE7LH> <#C123>", "&lt;@\u200dU024BE7LH&gt; &lt;#C123&gt;"),
    ("@channel @Here @dana", "@\u200dchannel @\u200dHere @\u200ddana"),
    ("@@here", "@\u200d@\u200dhere"),
    ("dana@example.com", "dana@example.com"),  # mid-word: no mention
    ("<http://evil|click> \x1b]0;t\x07", "&lt;http://evil|click&gt; ]0;t"),
])  # fmt: skip
def test_slack_text_is_literal_and_pings_nobody(text: str, expected: str) -> None:
    assert slack(text) == expected


_SLACK_PIECES = st.sampled_from([*"@<>&!#|*_~ ab", "amp;", "lt;", "gt;", "here", "channel"])


@given(st.lists(_SLACK_PIECES, max_size=12).map("".join))
def test_no_slack_control_sequence_or_mention_survives(text: str) -> None:
    out = slack(text)
    assert "<" not in out
    assert ">" not in out
    assert re.search("(?<!\\w)@(?!\u200d)", out) is None
    shown = out.replace("\u200d", "").replace("&lt;", "<").replace("&gt;", ">")
    assert shown.replace("&amp;", "&") == text  # what Slack shows is what was typed


def test_json_text_escapes_c1_and_bidi_but_keeps_readable_text() -> None:
    text = json_text({"name": "Müller \x9b2J \u202e \x1b"}, indent=None)
    assert text == '{"name": "Müller \\u009b2J \\u202e \\u001b"}'
    assert json.loads(text) == {"name": "Müller \x9b2J \u202e \x1b"}


def test_widths_are_cells() -> None:
    assert width("東京") == 4
    assert fit("東京タワー", 5) == "東京…"
    assert fit("ab", 4) == "ab  "
