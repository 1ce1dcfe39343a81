"""What a contacts import will do and did, as lines of text (as report.py for accounts)."""

from __future__ import annotations

from tendtui.display import fit
from tendtui.transfer.csv.contact_import import ContactPlan, ContactResult
from tendtui.transfer.csv.contacts import FIELD_LABELS
from tendtui.transfer.csv.report import _short, problem_lines

__all__ = ["count_line", "mapping_lines", "preview_lines", "problem_lines", "result_line"]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def mapping_lines(plan: ContactPlan) -> list[str]:
    """How the file was read: a contacts export, its columns, roles and rows left out."""
    table, read = plan.table, plan.read
    out = [
        f"{plan.source}: {_plural(len(table.rows), 'row')}, {table.format_text}",
        "a contacts export: each row is a person on the account it names "
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
        more = plan.mapping.fallbacks.get(name, ())
        if more:
            others = ", ".join(repr(_short(table.headers[i], 24)) for i in more)
            note = f" (else {others}, whichever is filled)"
        out.append(f"  {_short(table.headers[index]).ljust(width)}  -> {FIELD_LABELS[name]}{note}")
    if plan.mapping.ignored:
        left = plan.mapping.ignored
        rest = f" and {len(left) - 12} more" if len(left) > 12 else ""
        out.append(f"  ignored: {', '.join(_short(h) for h in left[:12])}{rest}")
    if read.roles:
        top = sorted(read.roles.items(), key=lambda kv: -kv[1])[:8]
        listed = ", ".join(f"{_short(w, 20)} -> {k} ({n})" for (w, k), n in top)
        out.append(f"  roles: {listed}")
    if read.unknown_roles:
        shown = list(read.unknown_roles.items())[:4]
        listed = ", ".join(f"{_short(w, 20)} ({n})" for w, n in shown)
        out.append(f"  roles tendtui does not know, read as {plan.roles.fallback}: {listed}")
    if read.duplicates:
        repeat, first = read.duplicates[0]
        out.append(
            f"  {_plural(len(read.duplicates), 'row')} repeating an earlier one left out "
            f"(line {repeat} repeats line {first})"
        )
    return out


def preview_lines(plan: ContactPlan, limit: int = 10) -> list[str]:
    """The first people to add and to update."""
    m = plan.matched
    rows: list[tuple[int, str]] = []
    for add in m.adds:
        what = ", ".join(x for x in (add.role, add.row.title, add.row.email) if x)
        rows.append(
            (
                add.row.line,
                f"add     {fit(add.row.name, 24):<24} {fit(add.account.name, 24):<24} {what}",
            )
        )
    for update in m.updates:
        changes = [f"{k} {_short(v[1], 40)!r}" for k, v in update.changes.items()]
        if update.left_on is not None:
            changes.append(f"left on {update.left_on.isoformat()}")
        rows.append(
            (
                update.row.line,
                f"update  {fit(update.contact.name, 24):<24} {fit(update.account.name, 24):<24} "
                + ", ".join(changes),
            )
        )
    if not rows:
        return []
    shown = sorted(rows)[:limit]
    total = len(m.adds) + len(m.updates)
    out = [f"preview (first {len(shown)} of {_plural(total, 'change')}):"]
    out += [f"  {line:>6}  {text.rstrip()}" for line, text in shown]
    return out


def count_line(plan: ContactPlan, *, dry_run: bool) -> str:
    """would add N contacts, update M, leave K unchanged; P rows have problems."""
    m = plan.matched
    verb = "would add" if dry_run else "will add"
    line = (
        f"{verb} {_plural(len(m.adds), 'contact')}, update {len(m.updates)}, "
        f"leave {len(m.unchanged)} unchanged"
    )
    bad = len(plan.problems)
    if bad:
        line += f"; {bad} row{' has' if bad == 1 else 's have'} problems"
    return line


def result_line(source: str, result: ContactResult) -> str:
    """imported FILE: added N contacts, updated M, unchanged K (skipped P bad rows)."""
    line = (
        f"imported {source}: added {_plural(result.added, 'contact')}, "
        f"updated {result.updated}, unchanged {result.unchanged}"
    )
    if result.skipped:
        line += f"; skipped {_plural(len(result.skipped), 'bad row')}"
    return line
