"""The standup as text, Markdown, Slack and JSON: shared by `tendtui standup` and the board's
screen.

Brief by default, for a team meeting: one summary line of counts, then each section's five
most urgent items and "… and N more", free text cut to a line, and every empty section folded
into one "Nothing: ..." line. `full` lists everything, and says so for each empty section.
JSON always keeps every item (docs/json.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tendtui.display import arr_total, clip, md, money, money_short, plural, slack
from tendtui.domain.dates import parse_date
from tendtui.domain.standup import RENEWAL_WINDOWS, Standup
from tendtui.domain.time import ts

FORMATS = ("text", "md", "slack")
"""The formats `render` writes (json is `render_json`)."""

BRIEF_ITEMS = 5
"""Items a brief section lists before "… and N more"."""

BRIEF_CELLS = 48
"""Free text (a task, a reason, a summary) is cut to this many cells in a brief standup."""


def since_date(text: str, today: date) -> date:
    """A date as domain.dates reads it, except that a weekday looks back: `monday` is this
    week's Monday (last week's on a Monday, so a weekly standup covers the week), `fri` the
    last Friday before today."""
    from tendtui.domain.dates import weekday_number

    number = weekday_number(text)
    if number is not None:
        back = (today.weekday() - number) % 7 or 7
        return today - timedelta(days=back)
    return parse_date(text, today=today, what="--since date")


@dataclass(frozen=True)
class _Style:
    """How one format writes user text, bold, headings and list items."""

    esc: Callable[[str | None], str]
    """User text made literal for the format."""
    strong: Callable[[str], str]
    """Bold around text already made literal."""
    heading: Callable[[str], str]
    """The standup's first line."""
    title: Callable[[str], str]
    """A section's title."""
    bullet: str
    """What starts each item."""
    note: Callable[[str], str]
    """A line of tendtui's own words after the sections."""


def _same(text: str | None) -> str:
    return text or ""


_STYLES = {
    "text": _Style(_same, _same, _same, _same, "  ", _same),
    "md": _Style(
        md, lambda t: f"**{t}**", lambda t: f"## {t}", lambda t: f"### {t}", "- ", "_{}_".format
    ),
    # Slack mrkdwn: *bold*, no headings (a title is a bold line), • bullets.
    "slack": _Style(
        slack, lambda t: f"*{t}*", lambda t: f"*{t}*", lambda t: f"*{t}*", "• ", "_{}_".format
    ),
}


@dataclass(frozen=True)
class _Section:
    key: str
    """What the "Nothing: ..." line calls it."""
    title: str
    """The title, counts included (already literal for the format)."""
    rows: list[str]
    """Every item, most urgent first (already literal)."""
    empty: str
    """What a full standup says when there is nothing."""


def summary_line(s: Standup) -> str:
    """'3 overdue · 2 due today · 4 renewals in 30d ($1.2M) · 6 at risk ($976k) · 1 forced
    move': the counts a standup opens with (tendtui's own words and money only)."""
    n = s.summary
    renewals = plural(n.renewals_30, "renewal") + f" in {RENEWAL_WINDOWS[0]}d"
    if n.renewals_30:
        renewals += f" ({arr_total(((r.arr, r.currency) for r in s.soon), rates=s.rates)})"
    risk = f"{n.at_risk} at risk"
    if n.at_risk:
        risk += f" ({arr_total(((r.arr, r.currency) for r in s.at_risk), rates=s.rates)})"
    return " · ".join(
        [
            f"{n.overdue} overdue",
            f"{n.due_today} due today",
            renewals,
            risk,
            plural(n.forced_moves, "forced move"),
        ]
    )


def _sections(s: Standup, st: _Style, full: bool) -> list[_Section]:
    """Every section in the order a meeting reads them: what is late, then what is coming,
    then what happened since the date."""

    def cut(text: str | None) -> str:
        first = (text or "").splitlines()[0] if text else ""
        return st.esc(first if full else clip(first, BRIEF_CELLS))

    tags: dict[str, str] = {}  # each book's label, made literal once (not once a line)

    def who(name: str, owner: str | None, book: str | None = None) -> str:
        bold = st.strong(st.esc(name))
        if book is not None:  # over several books: which book the account is in, first
            tag = tags.get(book)
            if tag is None:
                tag = tags[book] = st.esc(f"[{book}]")
            bold = f"{tag} {bold}"
        return f"{bold} ({st.esc(owner)})" if owner else bold

    def short(amount: int | None, currency: str) -> str:
        return money(amount, currency) if full else money_short(amount, currency)

    def arr(lines: Iterable[Any]) -> str:
        return arr_total(((x.arr, x.currency) for x in lines), rates=s.rates)

    today = s.today
    overdue = [
        f"{who(x.name, x.owner, x.book)}: {cut(x.step)} ("
        + (f"due {x.due.isoformat()}, " if full else "")
        + f"{(today - x.due).days}d overdue)"
        for x in s.overdue
    ]
    due_today = [f"{who(x.name, x.owner, x.book)}: {cut(x.step)}" for x in s.due_today]
    this_week = [
        f"{who(x.name, x.owner, x.book)}: {cut(x.step)} ("
        + (f"due {x.due.isoformat()}, " if full else "")
        + ("tomorrow)" if (x.due - today).days == 1 else f"in {(x.due - today).days}d)")
        for x in s.due_this_week
    ]
    risk = [
        f"{who(r.name, r.owner, r.book)}: {r.days_at_risk}d at risk, {short(r.arr, r.currency)}"
        + (f": {cut(r.reason)}" if r.reason else "")
        for r in s.at_risk
    ]
    stale = [
        f"{who(x.name, x.owner, x.book)}: "
        + (
            f"no customer touch for {x.days_quiet} days, cadence {x.cadence} ({st.esc(x.phase_title)})"
            if full
            else f"quiet {x.days_quiet}d (cadence {x.cadence})"
        )
        for x in s.stale
    ]
    wins = [
        f"{who(w.name, w.owner, w.book)}: {st.esc(w.label)} ({st.esc(w.from_title)} → "
        f"{st.esc(w.to_title)}), {short(w.arr, w.currency)}" + (" (FORCED)" if w.forced else "")
        for w in s.wins
    ]
    moves = [
        f"{who(m.name, m.owner, m.book)}: {st.esc(m.from_title)} → {st.esc(m.to_title)}"
        + (" (FORCED)" if m.forced else "")
        + (f": {cut(m.reason)}" if m.reason else "")
        for m in s.moves
    ]
    # Brief: negative touches first, the most likely to need the team.
    touched = s.touches if full else sorted(s.touches, key=lambda t: t.sentiment != "negative")
    touches = [
        (f"{t.happened_on.isoformat()} " if full else "")
        + f"{who(t.name, t.owner, t.book)}: {t.kind}"
        + (f" ({t.sentiment})" if t.sentiment and (full or t.sentiment != "neutral") else "")
        + (f": {cut(t.summary)}" if t.summary else "")
        for t in touched
    ]

    def renewal_rows(window: int) -> list[str]:
        return [
            f"{who(r.name, r.owner, r.book)}: "
            + (f"{r.renewal_date.isoformat()}, " if full else "")
            + (f"passed {-r.days}d ago" if r.days < 0 else f"in {r.days}d")
            + f", {short(r.arr, r.currency)}"
            + _called(r, short)
            + (f" ({st.esc(r.phase_title)})" if full else "")
            for r in s.renewals.get(window, [])
        ]

    uncalled = [
        f"{who(r.name, r.owner, r.book)}: "
        + (f"passed {-r.days}d ago" if r.days < 0 else f"renews in {r.days}d")
        + f", {short(r.arr, r.currency)}"
        for r in s.uncalled
    ]

    lost = [
        f"{who(p.name, p.owner, p.book)}: {st.esc(p.role_title)} {st.esc(p.person)} left "
        + (f"{p.left_on.isoformat()}" if full else f"{(today - p.left_on).days}d ago")
        + ("" if p.replaced else f" (no new {st.esc(p.role_title)})")
        for p in s.lost
    ]

    def counted(title: str, lines: list[Any], *, money_too: bool = False) -> str:
        if not lines:
            return title
        return (
            f"{title} ({len(lines)}, {arr(lines)} ARR)" if money_too else f"{title} ({len(lines)})"
        )

    since = s.since.isoformat()
    out = [
        _Section("overdue", counted("Overdue", s.overdue), overdue, "No overdue tasks."),
        _Section("due today", counted("Due today", s.due_today), due_today, "No tasks due today."),
        _Section("at risk", counted("At risk", s.at_risk, money_too=True), risk, "No account at risk."),
    ]  # fmt: skip
    if s.lost:  # shown only when someone left: no "nothing" line for it
        out.append(
            _Section(
                "key people lost",
                counted(f"Key people lost since {since}", s.lost),
                lost,
                f"No key people lost since {since}.",
            )
        )
    windows = RENEWAL_WINDOWS if full else RENEWAL_WINDOWS[:1]
    low = 0
    for window in windows:
        span = f"{low}-{window} days" if full else f"{window} days"
        lines = s.renewals.get(window, [])
        out.append(
            _Section(
                f"renewals in {span}",
                counted(f"Renewals in {span}", lines, money_too=True),
                renewal_rows(window),
                f"No renewals in {span}.",
            )
        )
        low = window + 1
    if s.uncalled:  # shown only when there is something to call: no "nothing" line for it
        out.append(
            _Section(
                "forecast calls",
                counted(
                    f"No forecast call, renewing within {RENEWAL_WINDOWS[-1]} days", s.uncalled
                ),
                uncalled,
                f"Every renewal within {RENEWAL_WINDOWS[-1]} days has a forecast call.",
            )
        )
    out += [
        _Section("due this week", counted("Due this week", s.due_this_week), this_week, "No tasks due this week."),
        _Section("past cadence", counted("Past cadence", s.stale), stale, "No account is past its cadence."),
        _Section("wins", counted(f"Wins since {since}", s.wins), wins, f"No wins since {since}."),
        _Section("moves", counted("Moves", s.moves), moves, "No moves."),
        _Section("touches", counted("Touches", s.touches), touches, "No touches."),
    ]  # fmt: skip
    return out


def _called(r: Any, short: Any) -> str:
    """', commit' or ', likely at $90k' (the amount when it differs from the ARR)."""
    if r.call is None:
        return ""  # flagged in its own section
    amount = f" at {short(r.call_amount, r.currency)}" if r.call_amount != r.arr else ""
    return f", {r.call}{amount}"


def _later_renewals(s: Standup) -> str | None:
    """Brief: the renewals past the first window, in one line."""
    parts = []
    low = RENEWAL_WINDOWS[0] + 1
    for window in RENEWAL_WINDOWS[1:]:
        lines = s.renewals.get(window, [])
        if lines:
            total = arr_total(((r.arr, r.currency) for r in lines), rates=s.rates)
            parts.append(f"{len(lines)} in {low}-{window} days ({total})")
        low = window + 1
    return f"Later renewals: {', '.join(parts)}." if parts else None


def render(s: Standup, fmt: str, *, full: bool = False) -> str:
    """The standup in `fmt` (one of FORMATS): brief, or every item when `full`."""
    st = _STYLES[fmt]
    head = f"Standup {s.today.isoformat()}"
    if s.owner:
        head += f" for {st.esc(s.owner)}"
    if fmt == "md":
        head = head.replace("Standup ", "Standup — ", 1)
    blocks = [[st.heading(f"{head} (since {s.since.isoformat()})"), summary_line(s)]]
    if s.books:  # several books: the totals of each, after the overall line
        blocks[0] += [
            f"{st.bullet}{st.esc(label)}: {summary_line(part)}" for label, part in s.books
        ]
    brief: list[str] = []  # brief: one block, titles stand out without blank lines between
    nothing: list[str] = []
    for section in _sections(s, st, full):
        if not section.rows:
            if full:
                empty = f"  {section.empty}" if fmt == "text" else st.note(section.empty)
                blocks.append([st.title(section.title), empty])
            else:
                nothing.append(section.key)
            continue
        shown = section.rows if full else section.rows[:BRIEF_ITEMS]
        lines = [st.title(section.title), *(st.bullet + row for row in shown)]
        if len(section.rows) > len(shown):
            lines.append(f"{st.bullet}… and {len(section.rows) - len(shown)} more")
        if full:
            blocks.append(lines)
        else:
            brief += lines
    if not full:
        later = _later_renewals(s)
        blocks += [
            *([brief] if brief else []),
            *([[st.note(later)]] if later else []),
            *([[st.note(f"Nothing: {', '.join(nothing)}.")]] if nothing else []),
        ]
    return "\n\n".join("\n".join(lines) for lines in blocks)


def render_text(s: Standup, *, full: bool = False) -> str:
    """Aligned plain text for the terminal."""
    return render(s, "text", full=full)


def render_md(s: Standup, *, full: bool = False) -> str:
    """CommonMark, for chats and documents that read it."""
    return render(s, "md", full=full)


def render_slack(s: Standup, *, full: bool = False) -> str:
    """Slack mrkdwn: *bold* titles, • bullets, and no mention in user text that pings."""
    return render(s, "slack", full=full)


def render_json(s: Standup) -> dict[str, Any]:
    """The stable JSON shape (docs/json.md): every item, never cut."""

    def rows(items: list[Any]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            row = dict(vars(item))
            if row.get("book", "") is None:  # one book: the shape it always had
                del row["book"]
            for key, value in row.items():
                if isinstance(value, datetime):
                    row[key] = ts(value)
                elif isinstance(value, date):
                    row[key] = value.isoformat()
            out.append(row)
        return out

    return {
        "version": 1,
        "today": s.today.isoformat(),
        "since": s.since.isoformat(),
        "owner": s.owner,
        "summary": dict(vars(s.summary)),
        "moves": rows(s.moves),
        "wins": rows(s.wins),
        "touches": rows(s.touches),
        "next_steps": {
            "overdue": rows(s.overdue),
            "due_today": rows(s.due_today),
            "due_this_week": rows(s.due_this_week),
        },
        "stale": rows(s.stale),
        "renewals": {str(w): rows(lines) for w, lines in s.renewals.items()},
        "at_risk": rows(s.at_risk),
        "uncalled": rows(s.uncalled),
        "key_people_lost": rows(s.lost),
        "flagged": s.flagged,
        **(
            {
                "books": [
                    {"book": label, "summary": dict(vars(part.summary))} for label, part in s.books
                ]
            }
            if s.books
            else {}
        ),
    }
