"""What an activities import will do and did, as lines of text (as report.py for accounts)."""

from __future__ import annotations

from tendtui.display import fit
from tendtui.transfer.csv.activity_import import ActivityPlan, ActivityResult
from tendtui.transfer.csv.report import _short, problem_lines

__all__ = ["count_line", "mapping_lines", "preview_lines", "problem_lines", "result_line"]

_LABELS = {
    "account": "account",
    "account_id": "account's CRM id",
    "activity_id": "activity id",
    "kind": "kind",
    "date": "day",
    "subject": "subject",
    "description": "description (after the subject)",
    "status": "status (open tasks are left out)",
}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def mapping_lines(plan: ActivityPlan) -> list[str]:
    """How the file was read: an activities export, its columns, kinds and rows left out."""
    table, read = plan.table, plan.read
    out = [
        f"{plan.source}: {_plural(len(table.rows), 'row')}, {table.format_text}",
        "an activities export: each row becomes a touch on the account it names "
        "(no account is added or changed)",
    ]
    if table.footer:
        out.append(
            f"  the last {table.footer} lines, after a blank line, look like a report footer "
            "(totals, copyright) and are left out"
        )
    out.append("columns:")
    columns = sorted(plan.mapping.columns.items(), key=lambda kv: kv[1])
    width = max((len(_short(table.headers[i])) for _, i in columns), default=0)
    for name, index in columns:
        note = ""
        if name == "date" and read.date_layout_text:
            note = f" (read as {read.date_layout_text}"
            note += f": {read.date_evidence})" if read.date_evidence else ")"
        more = plan.mapping.fallbacks.get(name, ())
        if more:
            others = ", ".join(repr(_short(table.headers[i], 24)) for i in more)
            note += f" (else {others}, whichever is filled)"
        out.append(f"  {_short(table.headers[index]).ljust(width)}  -> {_LABELS[name]}{note}")
    if plan.mapping.ignored:
        left = plan.mapping.ignored
        rest = f" and {len(left) - 12} more" if len(left) > 12 else ""
        out.append(f"  ignored: {', '.join(_short(h) for h in left[:12])}{rest}")
    if "kind" not in plan.mapping.columns and plan.mapping.kind_by_header is not None:
        out.append(f"  every row is a {plan.mapping.kind_by_header.value}, as the headers say")
    if read.kinds:
        top = sorted(read.kinds.items(), key=lambda kv: -kv[1])[:6]
        listed = ", ".join(f"{_short(w, 16)} -> {k.value} ({n})" for (w, k), n in top)
        out.append(f"  kinds: {listed}")
    if read.unknown_kinds:
        listed = ", ".join(
            f"{_short(w, 16)} ({n})" for w, n in list(read.unknown_kinds.items())[:4]
        )
        out.append(f"  kinds tendtui does not know, read as notes: {listed}")
    if read.still_open:
        out.append(
            f"  {_plural(read.still_open, 'open task')} left out: not done, so not a touch yet"
        )
    if read.ahead:
        out.append(
            f"  {_plural(read.ahead, 'activity', 'activities')} dated after today left out: "
            "planned, not happened"
        )
    if read.duplicates:
        repeat, first = read.duplicates[0]
        out.append(
            f"  {_plural(len(read.duplicates), 'row')} repeating an earlier one (the same row "
            f"or activity id) left out (line {repeat} repeats line {first})"
        )
    return out


def preview_lines(plan: ActivityPlan, limit: int = 10) -> list[str]:
    """The first touches to add."""
    adds = plan.matched.adds
    if not adds:
        return []
    shown = adds[:limit]
    out = [
        f"preview (first {len(shown)} of {_plural(len(adds), 'touch', 'touches')} to add):",
        f"  {'line':>6}  {'account':<28} {'day':<10}  {'kind':<10} summary",
    ]
    for account, row in shown:
        first = row.summary.split("\n", 1)[0]
        out.append(
            f"  {row.line:>6}  {fit(account.name, 28):<28} {row.happened_on.isoformat():<10}  "
            f"{row.kind.value:<10} {_short(first, 40)}"
        )
    return out


def count_line(plan: ActivityPlan, *, dry_run: bool) -> str:
    """would add N touches to M accounts, K already in the book; P rows have problems."""
    m = plan.matched
    verb = "would add" if dry_run else "will add"
    line = (
        f"{verb} {_plural(len(m.adds), 'touch', 'touches')} to "
        f"{_plural(plan.accounts_touched, 'account')}; {len(m.already)} already in the book"
    )
    bad = len(plan.problems)
    if bad:
        line += f"; {bad} row{' has' if bad == 1 else 's have'} problems"
    return line


def result_line(source: str, result: ActivityResult) -> str:
    """imported FILE: added N touches to M accounts (K already in the book)."""
    line = (
        f"imported {source}: added {_plural(result.added, 'touch', 'touches')} to "
        f"{_plural(result.accounts, 'account')}; {result.already} already in the book"
    )
    if result.skipped:
        line += f"; skipped {_plural(len(result.skipped), 'bad row')}"
    return line
