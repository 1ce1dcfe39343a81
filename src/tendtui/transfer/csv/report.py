"""What an import will do and did, as lines of text: the dry run, the board's preview, results.

The command line prints these lines and the board's import screen shows the same ones, so a
user sees one preview wherever they import.
"""

from __future__ import annotations

from tendtui.display import fit, money
from tendtui.transfer.csv.importer import ImportPlan, ImportResult
from tendtui.transfer.csv.rows import Incoming, Problem

MAX_PROBLEMS = 20
"""Bad rows listed in full; the rest are counted."""


def _short(text: str, cells: int = 32) -> str:
    """Cut to at most `cells` cells, without padding."""
    return fit(text, cells).rstrip()


def _label(field: str) -> str:
    return field.replace("_", " ")


def mapping_lines(plan: ImportPlan) -> list[str]:
    """How the file was read and which column feeds which field."""
    table = plan.table
    rows = len(table.rows)
    out = [f"{plan.source}: {rows} row{'s' if rows != 1 else ''}, {table.format_text}"]
    if table.footer:
        out.append(
            f"  the last {table.footer} lines, after a blank line, look like a report footer "
            "(totals, copyright) and are left out"
        )
    memory = remembered_line(plan)
    if memory:
        out.append(memory)
    if plan.memory_problem:
        out.append(f"  not used: {plan.memory_problem}")
    out.append("columns:")
    width = max((len(_short(h)) for h in table.headers), default=0)
    by_hand = plan.mapping.by_hand
    for field_name, index in sorted(plan.mapping.columns.items(), key=lambda kv: kv[1]):
        header = _short(table.headers[index])
        note = " (by hand)" if index in by_hand else ""
        if field_name == "renewal_date" and plan.read.date_layout_text:
            note = f" (read as {plan.read.date_layout_text})"
            if plan.read.date_evidence:
                note = f" (read as {plan.read.date_layout_text}: {plan.read.date_evidence})"
        if field_name == "mrr":
            note = " (times 12 becomes ARR)"
        if field_name in plan.mapping.currencies:
            note += f" (in {plan.mapping.currencies[field_name]}, as its header says)"
        if field_name in ("arr", "mrr") and plan.read.money_evidence:
            note += f" (read with {plan.read.money_evidence})"
        others = plan.mapping.passed_over.get(field_name)
        if others:
            listed = ", ".join(repr(_short(h, 24)) for h in others[:3])
            note += f" (the most specific; not {listed})"
        out.append(f"  {header.ljust(width)}  -> {_label(field_name)}{note}")
    for header in plan.mapping.turnover:
        short = _short(header)
        out.append(
            f"  {short}: the company's own turnover, not ARR, so left out "
            f"(--map '{short}=arr' reads it as ARR)"
        )
    if plan.read.rounded:
        line, written, kept = plan.read.rounded[0]
        count = len(plan.read.rounded)
        amounts = "amount has" if count == 1 else "amounts have"
        out.append(
            f"  {count} {amounts} cents, rounded to whole units "
            f"(line {line}: {_short(written, 20)} is kept as {kept:,})"
        )
    for sharing in plan.read.same_names.values():
        ids = ", ".join(f"{_short(key, 40)} (line {at})" for at, key in sharing[:4])
        name = _short(next(r.name for r in plan.read.incoming if r.line == sharing[0][0]))
        out.append(
            f"  {len(sharing)} rows share the name {name!r} with different ids, so they are "
            f"different accounts: {ids}; `tendtui show ID` tells them apart"
        )
    if plan.read.duplicates:
        repeat, first = plan.read.duplicates[0]
        count = len(plan.read.duplicates)
        copies = (
            "row is an exact copy of an earlier one"
            if count == 1
            else ("rows are exact copies of earlier ones")
        )
        out.append(f"  {count} {copies}, left out (line {repeat} repeats line {first})")
    passed = {h for hs in plan.mapping.passed_over.values() for h in hs}
    left = [h for h in plan.mapping.ignored if h not in passed]
    ignored_by_hand = {table.headers[i] for i, f in by_hand.items() if f == "ignore"}
    if left:
        ignored = ", ".join(
            _short(h) + (" (by hand)" if h in ignored_by_hand else "") for h in left[:12]
        )
        more = len(left) - 12
        out.append(f"  ignored: {ignored}{f' and {more} more' if more > 0 else ''}")
    mapped = set(plan.mapping.columns) | ({"arr"} if "mrr" in plan.mapping.columns else set())
    missing = [_label(f) for f in ("arr", "renewal_date", "owner") if f not in mapped]
    if missing:
        out.append(f"  no column for: {', '.join(missing)} (name one with --map 'COLUMN=FIELD')")
    return out


def remembered_line(plan: ImportPlan) -> str | None:
    """'Using the column mapping remembered for this header (saved 2026-12-02): "Org" → name,
    "Notes" ignored.', when a remembered mapping is in use."""
    if plan.remembered is None or not plan.from_memory:
        return None
    parts = [
        f'"{_short(plan.table.headers[i], 24)}" '
        + ("ignored" if f == "ignore" else f"→ {_label(f)}")
        for i, f in sorted(plan.from_memory.items())
    ]
    more = f" and {len(parts) - 8} more" if len(parts) > 8 else ""
    return (
        "Using the column mapping remembered for this header "
        f"(saved {plan.remembered.saved_on()}): {', '.join(parts[:8])}{more}."
    )


def phase_line(plan: ImportPlan, title_of: dict[str, str]) -> str:
    """Where new accounts start."""
    line = f"new accounts start in {title_of.get(plan.default_phase, plan.default_phase)}"
    if "phase" in plan.mapping.columns:
        line += ", or the phase their row names"
    unmatched = plan.read.unmatched_phases
    if unmatched:
        top = sorted(unmatched.items(), key=lambda kv: -kv[1])[:4]
        listed = ", ".join(f"{_short(k, 20)} ({n})" for k, n in top)
        line += f"; stages that are not phases, so ignored: {listed}"
    return line


def _row(action: str, row: Incoming, phase: str) -> str:
    arr = money(row.arr, row.currency or "USD") if row.arr is not None else "-"
    renewal = row.renewal_date.isoformat() if row.renewal_date else "-"
    owner = fit(row.owner or "-", 16)
    return (
        f"  {row.line:>6}  {action:<9} {fit(row.name, 28):<28} {arr:>14}  {renewal:<10}  "
        f"{owner:<16}  {phase}"
    )


def preview_lines(plan: ImportPlan, title_of: dict[str, str], limit: int = 10) -> list[str]:
    """The first rows with what would happen to each."""
    matched = plan.matched
    actions: list[tuple[int, str, Incoming]] = [
        *((r.line, "add", r) for r in matched.adds),
        *((u.incoming.line, "update", u.incoming) for u in matched.updates),
        *((r.line, "unchanged", r) for r in matched.unchanged),
    ]
    actions.sort(key=lambda item: item[0])
    if not actions:
        return []
    shown = actions[:limit]
    head = f"  {'line':>6}  {'action':<9} {'name':<28} {'ARR':>14}  {'renewal':<10}  {'owner':<16}  phase"
    out = [f"preview (first {len(shown)} of {len(actions)} importable rows):", head]
    for _, action, row in shown:
        phase = title_of.get(row.phase or plan.default_phase, "") if action == "add" else "(kept)"
        out.append(_row(action, row, phase))
    return out


def count_line(plan: ImportPlan, *, dry_run: bool) -> str:
    """would add N, update M, leave K unchanged; P rows have problems."""
    m = plan.matched
    verb = "would add" if dry_run else "will add"
    line = f"{verb} {len(m.adds)}, update {len(m.updates)}, leave {len(m.unchanged)} unchanged"
    bad = len(plan.problems)
    if bad:
        line += f"; {bad} row{' has' if bad == 1 else 's have'} problems"
    return line


def problem_lines(problems: list[Problem]) -> list[str]:
    """Bad rows with their line numbers, the first MAX_PROBLEMS in full."""
    out = [f"  {p}" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        out.append(f"  ... and {len(problems) - MAX_PROBLEMS} more")
    return out


def result_line(source: str, result: ImportResult) -> str:
    """imported FILE: added N, updated M, unchanged K (skipped P bad rows)."""
    line = (
        f"imported {source}: added {result.added}, updated {result.updated}, "
        f"unchanged {result.unchanged}"
    )
    if result.skipped:
        line += f"; skipped {len(result.skipped)} bad row{'s' if len(result.skipped) != 1 else ''}"
    return line
