"""Rich tables for people: one table per family, inputs accounting, notes on stderr."""

from __future__ import annotations

import os

from rich.console import Console
from rich.text import Text

from . import fmt
from .evaluate import Status
from .registry import FAMILIES
from .report import Report
from .i18n import Lang
from .outputs.view import group_notes, labelled
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
# With --compare / --period (between Value and Target). A narrow terminal drops the ID first, then
# the sparkline, then the change, then the target.
CHANGE_COLUMN = Col("Change", justify="right", priority=3, no_wrap=True)
TREND_COLUMN = Col("Trend", priority=4, no_wrap=True)


class Names(Text):
    """A group's names as the table shows them in English; ``by`` (dimension -> name) lets a
    translating console (outputs.table) show smkpi's own words in its language, and only those."""

    def __init__(self, by: dict, prefix: str = "", **kw) -> None:
        super().__init__(prefix + " · ".join(fmt.safe(x) for x in by.values()), **kw)
        self.by, self.prefix = dict(by), prefix


class Shown(Text):
    """A breakdown or category value as the table shows it in English, with what a translating
    console needs to show it in its language (content types: smkpi.i18n.Lang.value)."""

    def __init__(self, value: object, unit: object, currency: str, near: object = None, suffix: str = "", **kw) -> None:
        super().__init__(fmt.value(value, unit, currency, near) + suffix, **kw)
        self.value, self.unit, self.currency, self.near, self.suffix = value, unit, currency, near, suffix


def _value_cell(value: object, unit: object, currency: str, near: object = None, suffix: str = "", **kw) -> Text:
    if getattr(unit, "value", unit) in ("breakdown", "category"):
        return Shown(value, unit, currency, near, suffix, **kw)
    return Text(fmt.value(value, unit, currency, near) + suffix, **kw)


def render_header(report: Report, console: Console) -> None:
    """What was judged against what: targets file, timezone, currency, the dates the data covers."""
    st = report.settings
    parts = [f"targets: {fmt.safe(st.source_path) if st.source_path else 'built-in defaults'}",
             f"timezone: {st.timezone}", f"currency: {fmt.safe(st.currency)}"]
    if report.period:
        parts.append(f"data: {report.period[0].isoformat()} → {report.period[1].isoformat()}")
    console.print(Text(" · ".join(parts), style="dim"))
    seg = report.segmentation
    if seg is not None:
        # Short lines: each fits 80 columns whole.
        when = f"window: {report.window.start.isoformat()} → {report.window.end.isoformat()}" if report.window else ""
        c = report.compare
        if c and c.get("start"):
            what = {"previous": "previous", "year": "a year earlier"}.get(c["mode"], fmt.safe(c.get("path")))
            when += f" vs {what} {c['start']} → {c['end']}"
        cut = [f"by: {', '.join(seg.by)}"] if seg.by else []
        if seg.period:
            cut.append(f"series: per {seg.period}")
        for line in (when, " · ".join(cut)):
            if line:
                console.print(Text(line.strip(), style="dim"))


def _why_no_value(rows: list) -> Text | None:
    """A table caption saying why KPIs show "—" (no file, no column, zero denominator), and the
    remarks on values shown (a rate above 100 %, money in another currency: smkpi.finish)."""
    by_note: dict[str, list[str]] = {}
    shown: list[tuple[str, str]] = []  # remarks on values shown, each note once with its KPIs
    for r in rows:
        if r.value.value is None and r.value.note:
            by_note.setdefault(r.value.note, []).append(r.value.kpi.label)
        elif r.value.note:
            shown.append((r.value.kpi.label, fmt.safe(r.value.note)))
        if r.value.series and not _one_currency(r.value.series):
            shown.append((r.value.kpi.label, NO_TREND))
    remarks = [f"* {line}" for line in labelled(shown)]
    whole = sum(map(len, by_note.values()))
    # Why a value shown has no change: its comparison has none (another currency, outside the data).
    changes = labelled([(r.value.kpi.label, f"no change: {fmt.safe(r.value.previous.note)}") for r in rows
                        if r.value.previous is not None and r.value.previous.note and r.value.change is None
                        and r.value.value is not None])
    # In English, as the whole table: outputs.table.Translator translates each line for --lang.
    groups = group_notes([(r.value.kpi.label, " · ".join(fmt.safe(x) for x in g.value.by.values()), fmt.safe(g.value.note))
                          for r in rows for g in r.groups or () if g.value.note and g.value.note != r.value.note], Lang())
    # KPIs the --by or --period could not split (their file lacks the column): said under the table too.
    unsplit = labelled([(r.value.kpi.label, fmt.safe(r.value.segment_note)) for r in rows if r.value.segment_note])
    groups = unsplit + groups
    if not by_note and not remarks and not groups and not changes:
        return None
    if len(by_note) == 1 and not remarks and not groups and not changes and whole == len(rows):
        return Text(f"— {Lang().t('notes.all')}: {next(iter(by_note))}", style="dim")
    lines = [f"— {', '.join(labels)}: {note}" for note, labels in by_note.items()] + remarks
    lines += [f"— {line}" for line in changes + groups]
    return Text("\n".join(lines), style="dim")


def render_report(report: Report, console: Console, exit_code: int) -> None:
    currency = report.settings.currency
    seg = report.segmentation
    trend, change = bool(seg and seg.period), bool(report.compare)
    columns = [*KPI_COLUMNS[:3], *([CHANGE_COLUMN] if change else []), *([TREND_COLUMN] if trend else []),
               *KPI_COLUMNS[3:]]
    render_header(report, console)
    hidden: list[str] = []
    for family in FAMILIES:
        rows = [r for r in report.results if r.value.kpi.family == family]
        if not rows:
            continue
        t = None if change or trend else _groups_as_columns(console, rows, currency, family)
        if t is not None:
            console.print(t)
            continue
        cells = []
        for r in rows:
            k = r.value.kpi
            for i, x in enumerate(r.judged()):  # the KPI, then each of its groups
                v = x.value
                label, style = STATUS_STYLE[x.status]
                name = Text(k.label) if i == 0 else Names(v.by, "  └ ",
                                                         style="italic")
                near = x.target.value if x.target else None  # never shown as its target's text when it is not
                row = [name, Text(k.id if i == 0 else ""), _value_cell(v.value, k.unit, v.currency or currency, near)]
                if change:
                    row.append(delta(v, v.currency or currency))
                if trend:
                    row.append(Text(sparkline([p.value for p in v.series]) if v.series and _one_currency(v.series) else ""))
                row += [
                    Text(fmt.safe(x.target.text) + (" (warn)" if x.target.severity == "warn" else "") if x.target else ""),
                    Text(label, style=style),
                ]
                cells.append(row)
        t = fit_table(console, columns, cells, caption=_why_no_value(rows), say_hidden=False,
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


GROUP_COLUMNS = 4  # more groups than this (or groups with targets of their own) are rows instead
MARKS = {Status.PASS: "✓", Status.FAIL: "✗", Status.WARN: "!", Status.NO_DATA: "?"}


def _groups_as_columns(console: Console, rows: list, currency: str, family: str):
    """A family table with one column per group (``All`` first), or None when rows read better:
    more than a few groups, KPIs with different groups, a group with a target of its own, or a
    table wider than the console. A group's cell carries its status mark against the KPI's target."""
    from .tables import min_width

    names, dims = None, ()
    for r in rows:
        if r.groups is None:
            continue
        if any(g.target != r.target for g in r.groups):
            return None
        these = [tuple(g.value.by.values()) for g in r.groups]
        if names is not None and these != names:
            return None
        names, dims = these, tuple(r.groups[0].value.by) if r.groups else dims
    if not names or len(names) > GROUP_COLUMNS:
        return None
    cols = [Col("KPI"), Col(Lang().t("col.all"), justify="right"),
            *(Col(Names(dict(zip(dims, n))), justify="right") for n in names),
            Col("Target", justify="right", no_wrap=True), Col("Status", no_wrap=True)]
    cells = []
    for r in rows:
        k = r.value.kpi
        near = r.target.value if r.target else None
        row = [Text(k.label), _value_cell(r.value.value, k.unit, r.value.currency or currency, near)]
        for g in r.groups or [None] * len(names):
            if g is None:  # the KPI's source lacks the dimension (reported whole), or it has no value at all
                row.append(Text("·", style="dim") if r.value.segment_note else Text("—"))
                continue
            mark = MARKS.get(g.status)
            row.append(_value_cell(g.value.value, k.unit, g.value.currency or currency, near, f" {mark}" if mark else "",
                            style=STATUS_STYLE[g.status][1] if mark and g.status != Status.PASS else ""))
        label, style = STATUS_STYLE[r.status]
        row += [Text(fmt.safe(r.target.text) + (" (warn)" if r.target.severity == "warn" else "") if r.target else ""),
                Text(label, style=style)]
        cells.append(row)
    if min_width(console, cols, cells) > console.width:
        return None
    if not any(c.plain.endswith(tuple(MARKS.values())) or c.plain == "·" for row in cells for c in row[2:-2]):
        return fit_table(console, cols, cells, caption=_why_no_value(rows), title=Text(family.capitalize(),
                         style="bold"), title_justify="left", expand=False)
    legend = Text(Lang().t("groups.legend"), style="dim")
    why = _why_no_value(rows)
    caption = legend if why is None else Text.assemble(why, "\n", legend)
    return fit_table(console, cols, cells, caption=caption, title=Text(family.capitalize(), style="bold"),
                     title_justify="left", expand=False)


NO_TREND = "its periods are in different currencies: no trend is drawn (see --format json)"


def _one_currency(points) -> bool:
    """Whether a series' values are all in one currency (a sparkline across two compares nothing)."""
    return len({p.currency for p in points if isinstance(p.value, (int, float))}) <= 1


SPARKS = "▁▂▃▄▅▆▇█"
SPARK_POINTS = 12  # the latest periods shown; the JSON has every one


def sparkline(values: list) -> str:
    """Latest periods as bars scaled between their min and max; "·" where a period has no value."""
    nums = [v if isinstance(v, (int, float)) and not isinstance(v, bool) else None for v in values]
    if not any(n is not None for n in nums):
        return ""
    more = len(nums) > SPARK_POINTS
    nums = nums[-SPARK_POINTS:]
    lo = min(n for n in nums if n is not None)
    hi = max(n for n in nums if n is not None)
    step = (hi - lo) / (len(SPARKS) - 1) if hi > lo else 0
    bars = "".join("·" if n is None else SPARKS[round((n - lo) / step) if step else 3] for n in nums)
    return ("…" if more else "") + bars


def delta(v, currency: str) -> Text:
    """``▲ +12.3%`` against the comparison window, green when better for the KPI, red when worse."""
    c = v.change
    if c is None:
        return Text("—" if v.previous is not None else "", style="dim")
    k = v.kpi
    arrow = "▲" if c.absolute > 0 else "▼" if c.absolute < 0 else "="
    if c.relative is not None:
        body = f"{c.relative * 100:+.1f}%"
    else:  # the previous value is 0: the absolute change, in the KPI's unit
        shown = fmt.value(abs(c.absolute), k.unit, currency)
        body = ("+" if c.absolute >= 0 else "-") + (shown[:-1] + "pp" if k.unit.value == "ratio" else shown)
    better = {"higher": c.absolute > 0, "lower": c.absolute < 0}.get(k.direction.value)
    style = "dim" if c.absolute == 0 or better is None else ("green" if better else "red")
    return Text(f"{arrow} {body}", style=style)


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
        Col("Kind", priority=3, no_wrap=True),  # "(not read)" whole: Rich folds the File column, held at its min_width, otherwise
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
    """Rejected rows, dropped duplicates, skipped files and the segmentation's notes, on stderr."""
    render_input_notes(report.loaded, err, errors=False)
    for n in report.notes:
        err.print(Text(f"note: {fmt.safe(n)}"), soft_wrap=True)
    seen = set()
    for r in report.results:
        n = r.value.segment_note
        if n and n not in seen:  # one line per reason, not per KPI
            seen.add(n)
            err.print(Text(f"note: {fmt.safe(n)}"), soft_wrap=True)
    # Printed even with --quiet (see cli): the run exits 2 because of them.
    render_errors(report.loaded, err)


def render_input_notes(loaded, err: Console, errors: bool = True) -> None:
    """What reading the inputs found (``loaded``: a :class:`smkpi.load.Loaded`): rejected rows,
    duplicates, blank rows, per-file notes, skipped files and, with ``errors``, unreadable ones."""
    for f in loaded.inputs:
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
    for s in loaded.skipped:
        err.print(Text(f"skipped: {fmt.safe(s.path)}: {fmt.safe(s.reason)}"), soft_wrap=True)
    if errors:
        render_errors(loaded, err)


def render_errors(loaded, err: Console) -> None:
    """One line per file that could not be read (the rest of the report stands)."""
    for e in loaded.errors:
        err.print(Text(f"error: {fmt.safe(e.path)}: {fmt.safe(e.reason)}"), soft_wrap=True)
