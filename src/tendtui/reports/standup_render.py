"""The standup as text, Markdown and JSON: shared by `tendtui standup` and the board's screen."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from tendtui.display import arr_total, md, money
from tendtui.domain.dates import parse_date
from tendtui.domain.standup import Standup
from tendtui.domain.time import ts


def since_date(text: str, today: date) -> date:
    """yesterday, today, monday (this week's; last week's when today is Monday), or a date."""
    word = text.strip().lower()
    if word == "monday":
        back = today.weekday() or 7
        return today - timedelta(days=back)
    return parse_date(text, today=today, what="--since date")


def _sections(s: Standup, fmt: str) -> list[tuple[str, list[str], str]]:
    """(title, lines, what to say when empty) for text and md."""
    esc = md if fmt == "md" else (lambda t: t or "")
    bold = (lambda t: f"**{esc(t)}**") if fmt == "md" else esc

    def day(d: date) -> str:
        return d.isoformat()

    moves = [
        f"{bold(m.name)}: {esc(m.from_title)} → {esc(m.to_title)}"
        + (" (FORCED)" if m.forced else "")
        + (f": {esc(m.reason)}" if m.reason else "")
        for m in s.moves
    ]
    touches = [
        f"{day(t.happened_on)} {bold(t.name)}: {t.kind}"
        + (f" ({t.sentiment})" if t.sentiment else "")
        + (f": {esc(t.summary.splitlines()[0])}" if t.summary else "")
        for t in s.touches
    ]
    overdue = [
        f"{bold(x.name)}: {esc(x.step)} (due {day(x.due)}, {(s.today - x.due).days}d overdue)"
        for x in s.overdue
    ]
    due_today = [f"{bold(x.name)}: {esc(x.step)}" for x in s.due_today]
    stale = [
        f"{bold(x.name)} ({esc(x.phase_title)}): no customer touch for {x.days_quiet} days, "
        f"cadence {x.cadence}"
        for x in s.stale
    ]
    risk = [
        f"{bold(r.name)}: at risk {r.days_at_risk} days, {money(r.arr, r.currency)}"
        + (f": {esc(r.reason)}" if r.reason else "")
        for r in s.at_risk
    ]
    out: list[tuple[str, list[str], str]] = [
        ("Moves", moves, "No moves."),
        ("Touches", touches, "No touches."),
        ("Next steps overdue", overdue, "No overdue next steps."),
        ("Next steps due today", due_today, "No next steps due today."),
        ("Past cadence", stale, "No account is past its cadence."),
    ]
    low = 0
    for window, lines in s.renewals.items():
        total = arr_total((r.arr, r.currency) for r in lines)
        rows = [
            f"{day(r.renewal_date)} {bold(r.name)} ({esc(r.phase_title)}): "
            f"{money(r.arr, r.currency)}" + (" (date passed)" if r.days < 0 else "")
            for r in lines
        ]
        title = (
            f"Renewals in {low}-{window} days ({total} ARR)"
            if lines
            else f"Renewals in {low}-{window} days"
        )
        out.append((title, rows, f"No renewals in {low}-{window} days."))
        low = window + 1
    out.append(("At risk", risk, "No account at risk."))
    return out


def render_text(s: Standup) -> str:
    """Aligned plain text for the terminal."""
    lines = [f"Standup {s.today.isoformat()} (since {s.since.isoformat()})"]
    for title, rows, empty in _sections(s, "text"):
        lines += ["", title]
        lines += [f"  {row}" for row in rows] or [f"  {empty}"]
    return "\n".join(lines)


def render_md(s: Standup) -> str:
    """Markdown that pastes cleanly into Slack or Teams."""
    lines = [f"## Standup — {s.today.isoformat()} (since {s.since.isoformat()})"]
    for title, rows, empty in _sections(s, "md"):
        lines += ["", f"### {title}"]
        lines += [f"- {row}" for row in rows] or [f"_{empty}_"]
    return "\n".join(lines)


def render_json(s: Standup) -> dict[str, Any]:
    """The stable JSON shape (docs/json.md)."""

    def rows(items: list[Any]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            row = dict(vars(item))
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
        "moves": rows(s.moves),
        "touches": rows(s.touches),
        "next_steps": {"overdue": rows(s.overdue), "due_today": rows(s.due_today)},
        "stale": rows(s.stale),
        "renewals": {str(w): rows(lines) for w, lines in s.renewals.items()},
        "at_risk": rows(s.at_risk),
        "flagged": s.flagged,
    }
