"""Rich tables for people: one table per family, inputs accounting, notes on stderr."""

from __future__ import annotations

import os

from rich.console import Console
from rich.text import Text

from . import fmt
from .evaluate import Status
from .registry import FAMILIES
from .report import Report
from .tables import Col, fit_table, hidden_note

STATUS_STYLE = {
    Status.PASS: ("✓ pass", "bold green"),
    Status.FAIL: ("✗ fail", "bold red"),
    Status.WARN: ("! warn", "bold yellow"),
    Status.NO_TARGET: ("· no target", "dim"),
    Status.NO_DATA: ("? no data", "bold magenta"),
}
WIDE = 110  # below this width the KPI id column is dropped
# The columns of a family table; narrow terminals drop the highest priority first (see smkpi.tables).
KPI_COLUMNS = (
    Col("KPI"),
    Col("ID", wide=WIDE, priority=9, style="dim", no_wrap=True, hidden_note=False),  # ids: `smkpi kpis`
    Col("Value", justify="right"),
    Col("Target", justify="right", priority=1, no_wrap=True),
    Col("Status", no_wrap=True),
)


def render_header(report: Report, console: Console) -> None:
    """What was judged against what: targets file, timezone, currency, the dates the data covers."""
    st = report.settings
    parts = [f"targets: {fmt.safe(st.source_path) if st.source_path else 'built-in defaults'}",
             f"timezone: {st.timezone}", f"currency: {fmt.safe(st.currency)}"]
    if report.period:
        parts.append(f"data: {report.period[0].isoformat()} → {report.period[1].isoformat()}")
    console.print(Text(" · ".join(parts), style="dim"))


def _why_no_value(rows: list) -> Text | None:
    """A table caption saying why KPIs show "—" (no file, no column, zero denominator), and the
    remarks on values shown (a rate above 100 %, money in another currency: smkpi.finish)."""
    by_note: dict[str, list[str]] = {}
    remarks: list[str] = []
    for r in rows:
        if r.value.value is None and r.value.note:
            by_note.setdefault(r.value.note, []).append(r.value.kpi.label)
        elif r.value.note:
            remarks.append(f"* {r.value.kpi.label}: {fmt.safe(r.value.note)}")
    if not by_note and not remarks:
        return None
    if len(by_note) == 1 and not remarks and sum(map(len, by_note.values())) == len(rows):
        return Text(f"—: {next(iter(by_note))}", style="dim")
    lines = [f"— {', '.join(labels)}: {note}" for note, labels in by_note.items()] + remarks
    return Text("\n".join(lines), style="dim")


def render_report(report: Report, console: Console, exit_code: int) -> None:
    currency = report.settings.currency
    render_header(report, console)
    hidden: list[str] = []
    for family in FAMILIES:
        rows = [r for r in report.results if r.value.kpi.family == family]
        if not rows:
            continue
        cells = []
        for r in rows:
            k = r.value.kpi
            label, style = STATUS_STYLE[r.status]
            cells.append([
                Text(k.label), Text(k.id), Text(fmt.value(r.value.value, k.unit, r.value.currency or currency)),
                Text(fmt.safe(r.target.text) + (" (warn)" if r.target.severity == "warn" else "") if r.target else ""),
                Text(label, style=style),
            ])
        t = fit_table(console, list(KPI_COLUMNS), cells, caption=_why_no_value(rows), say_hidden=False,
                      title=Text(family.capitalize(), style="bold"), title_justify="left", expand=False)
        hidden += [h for h in t.hidden if h not in hidden]
        console.print(t)
    if hidden:  # said once, not under every family
        console.print(Text(hidden_note(hidden), style="dim"))
    render_inputs(report, console)
    s = report.summary()
    parts = [f"{s['pass']} pass", f"{s['fail']} fail", f"{s['warn']} warn", f"{s['no_data']} no data",
             f"{s['no_target']} without target"]
    verdict = {0: ("targets met", "bold green"), 1: ("target missed", "bold red"),
               2: ("not everything could be judged", "bold red")}.get(exit_code, ("", ""))
    line = Text("Summary: " + " · ".join(parts) + " — ")
    line.append(f"{verdict[0]} (exit {exit_code})", style=verdict[1])
    console.print(line)


def render_inputs(report: Report, console: Console) -> None:
    if not report.loaded.inputs:
        return
    files = report.loaded.inputs
    # The footer shows the accounting identity: rows read = used + rejected + duplicates dropped.
    title = Text("Inputs", style="bold")
    # Paths relative to the folder they share, named once in the title: narrow terminals keep
    # whole file names instead of folding "comments.js|onl".
    paths = [f.path for f in files] + [sk.path for sk in [*report.loaded.skipped, *report.loaded.errors]]
    try:
        base = os.path.commonpath([os.path.dirname(p) for p in paths])
    except ValueError:  # absolute and relative paths mixed
        base = ""
    def shown(p: str) -> str:
        return fmt.safe(os.path.relpath(p, base) if base else p)
    if base:
        title = Text(f"Inputs in {fmt.safe(base)}{os.sep}", style="bold")
    total = {attr: f"{sum(getattr(f, attr) for f in files):,}"
             for attr in ("rows", "used", "rejected", "duplicates", "blank")}
    cols = [
        # Whole file names where there is room, instead of folding "comments.js|onl".
        Col("File", min_width=min(max(len(shown(p)) for p in paths), max(16, console.width - 58)),
            footer=Text(f"{len(files)} file(s)")),
        Col("Kind", priority=3),
        Col("Rows", justify="right", footer=total["rows"]),
        Col("Used", justify="right", footer=total["used"]),
        Col("Rejected", justify="right", priority=1, footer=total["rejected"]),
        Col("Duplicates", justify="right", priority=2, footer=total["duplicates"]),
        Col("Blank", justify="right", priority=4, footer=total["blank"]),
    ]
    rows = [[Text(shown(f.path)), Text(f.kind), f"{f.rows:,}", f"{f.used:,}",
             Text(f"{f.rejected:,}", style="yellow" if f.rejected else ""), f"{f.duplicates:,}", f"{f.blank:,}"]
            for f in files]
    # Files not read are part of the result too (the reasons are on stderr and in the JSON).
    rows += [[Text(shown(sk.path), style="dim"), Text("(not read)", style="dim"), "—", "—", "—", "—", "—"]
             for sk in report.loaded.skipped]
    rows += [[Text(shown(e.path), style="red"), Text("(unreadable)", style="bold red"), "—", "—", "—", "—", "—"]
             for e in report.loaded.errors]
    console.print(fit_table(console, cols, rows, caption="rows read = used + rejected + duplicates dropped + blank",
                            title=title, title_justify="left", show_footer=True))


def render_notes(report: Report, err: Console) -> None:
    """Rejected rows, dropped duplicates and skipped files, on stderr."""
    for f in report.loaded.inputs:
        for p in f.problems:
            rows = ("row " if p.count == 1 else "rows ") + ", ".join(map(str, p.rows)) + (", …" if p.count > len(p.rows) else "")
            ex = f" (e.g. '{fmt.safe(p.example)}')" if p.example else ""
            # soft_wrap: one note per line, never folded at the terminal width (grep-able in CI logs).
            err.print(Text(f"note: {fmt.safe(f.path)}: {p.count:,} row(s) rejected: {fmt.safe(p.reason)}{ex}; "
                           f"{rows}"), soft_wrap=True)
        if f.duplicates:
            err.print(Text(f"note: {fmt.safe(f.path)}: {f.duplicates:,} duplicate row(s) dropped (same id seen again)"),
                      soft_wrap=True)
        if f.blank:
            err.print(Text(f"note: {fmt.safe(f.path)}: {f.blank:,} row(s) not data (blank, bare separators or a "
                           f"'no data' notice): counted as blank"), soft_wrap=True)
        for n in f.notes:
            err.print(Text(f"note: {fmt.safe(f.path)}: {fmt.safe(n)}"), soft_wrap=True)
    for s in report.loaded.skipped:
        err.print(Text(f"skipped: {fmt.safe(s.path)}: {fmt.safe(s.reason)}"), soft_wrap=True)
    # Printed even with --quiet (see cli): the run exits 2 because of them.
    render_errors(report, err)


def render_errors(report: Report, err: Console) -> None:
    """One line per file that could not be read (the rest of the report stands)."""
    for e in report.loaded.errors:
        err.print(Text(f"error: {fmt.safe(e.path)}: {fmt.safe(e.reason)}"), soft_wrap=True)
