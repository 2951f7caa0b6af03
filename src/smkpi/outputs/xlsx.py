"""An Excel workbook (XlsxWriter): Summary, one sheet per family, Inputs.

* **Summary**: every KPI with its value and target as numbers carrying Excel number formats
  (counts ``#,##0``, ratios as percentages, money with the currency, durations in seconds as in
  the JSON), the value as smkpi shows it (``1h 05m``, a breakdown, a category) beside it, the
  status in words with conditional formatting, and the note. Each column holds one type, so tools
  (fastexcel, pandas) read the sheet back as typed columns.
* **One sheet per family**: its KPIs; when the report has them, the groups (with a native bar
  chart) and the series (a table per KPI, periods down, groups across, with a native line chart).
* **Inputs**: the row accounting per file (totals as ``SUM`` formulas with their values cached),
  and the files skipped with the reason.

Text from data is always written as a string (never a formula or a link: ``=HYPERLINK(...)`` in a
file name stays text). The document properties mark the file as smkpi's own report
(:mod:`.marker`), so a workbook saved inside a data folder is not read back as data.
XlsxWriter is imported here only, when an xlsx is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from .. import __version__
from ..fmt import CURRENCY_SYMBOLS, safe
from . import view
from .marker import XLSX_KEYWORD
from .view import Context, Row

MAX_CELL = 32767  # Excel's limit on the characters of one cell
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")
STATUS_COLOURS = {"pass": ("#C6EFCE", "#006100"), "fail": ("#FFC7CE", "#9C0006"), "warn": ("#FFEB9C", "#9C5700"),
                  "no_data": ("#E4DFEC", "#5B2C83"), "no_target": ("#F2F2F2", "#595959")}


def _text(v: object) -> str:
    return safe(v)[:MAX_CELL]


def number_format(unit: str, currency: str, value: object = None) -> str:
    """The Excel number format of a KPI unit (the same conventions as smkpi.fmt)."""
    if unit == "count":
        return "#,##0"
    if unit == "ratio":
        small = isinstance(value, (int, float)) and 0 < abs(value) < 0.01
        return "0.000%" if small else "0.0%"
    if unit == "multiple":
        return '0.00"×"'
    if unit == "currency":
        code = re.sub(r"[^A-Za-z]", "", currency)[:8]
        sym = CURRENCY_SYMBOLS.get(code.upper())
        return f'"{sym}"#,##0.00' if sym else f'#,##0.00" {code}"'
    if unit == "seconds":
        return '#,##0" s"'
    return "#,##0.00"


def cell_number(v: object) -> float | None:
    """The number a cell holds for a KPI value (as in the JSON), or None for text and no value."""
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


class Book:
    """An XlsxWriter workbook with the formats of one report."""

    def __init__(self, ctx: Context) -> None:
        import xlsxwriter

        self.ctx, self.lang, self.buf = ctx, ctx.lang, io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buf, {"in_memory": True, "strings_to_formulas": False,
                                                 "strings_to_urls": False, "strings_to_numbers": False})
        self.bold = self.wb.add_format({"bold": True, "bg_color": "#F2F2F2", "bottom": 1})
        self.title = self.wb.add_format({"bold": True, "font_size": 13})
        self.wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})
        self.dim = self.wb.add_format({"font_color": "#595959"})
        self._formats: dict[str, object] = {}
        self.status_formats = {s: self.wb.add_format({"bg_color": bg, "font_color": fg})
                               for s, (bg, fg) in STATUS_COLOURS.items()}
        self.names: set[str] = set()

    def fmt(self, num_format: str, bold: bool = False):
        key = f"{num_format}|{bold}"
        if key not in self._formats:
            self._formats[key] = self.wb.add_format({"num_format": num_format, "bold": bold})
        return self._formats[key]

    def sheet(self, name: str):
        base = _SHEET_BAD.sub(" ", safe(name)).strip()[:31] or "Sheet"
        n, candidate = 2, base
        while candidate.lower() in self.names:
            suffix = f" ({n})"
            candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
        self.names.add(candidate.lower())
        return self.wb.add_worksheet(candidate)

    def header(self, ws, row: int, names: list[str]) -> None:
        for c, n in enumerate(names):
            ws.write_string(row, c, n, self.bold)

    def value(self, ws, row: int, col: int, v: object, unit: str, currency: str, text: str = "") -> None:
        """A KPI value: a number with its format; else, when ``text`` is given, the text (breakdown,
        category in a series or group); else blank."""
        n = cell_number(v)
        if n is not None:
            ws.write_number(row, col, n, self.fmt(number_format(unit, currency, v)))
        elif v is None or not text:
            ws.write_blank(row, col, None)
        else:
            ws.write_string(row, col, _text(text))

    def status_rule(self, ws, first: int, last: int, col: int) -> None:
        """Colour the status column by the status word (conditional formatting, so a filter or an
        edited cell keeps it)."""
        if last < first:
            return
        for s, f in self.status_formats.items():
            word = self.lang.status(s).replace('"', '""')
            ws.conditional_format(first, col, last, col, {"type": "cell", "criteria": "==", "value": f'"{word}"',
                                                           "format": f})

    def close(self) -> bytes:
        self.wb.close()
        return self.buf.getvalue()


def _kpi_rows(book: Book, ws, rows: list[Row], start: int, with_family: bool) -> int:
    """The KPI table at ``start``; returns the next free row."""
    lang, ctx = book.lang, book.ctx
    change = any(r.change_text for r in rows)
    cols = ([lang.t("col.family")] if with_family else []) + [
        lang.t("col.kpi"), lang.t("col.id"), lang.t("col.value"), lang.t("col.shown"), lang.t("col.target"),
        lang.t("col.target_value"),
        lang.t("col.severity"), lang.t("col.status"), lang.t("col.note")] + ([lang.t("col.change")] if change else [])
    book.header(ws, start, cols)
    off = 1 if with_family else 0
    for i, r in enumerate(rows, start=start + 1):
        currency = r.currency
        if with_family:
            ws.write_string(i, 0, _text(lang.family(r.family)))
        ws.write_string(i, off, _text(r.label))
        ws.write_string(i, off + 1, r.id)
        book.value(ws, i, off + 2, r.value, r.unit, currency)
        ws.write_string(i, off + 3, _text(r.text))
        ws.write_string(i, off + 4, _text(r.target_text)) if r.target else ws.write_blank(i, off + 4, None)
        _target_value(book, ws, i, off + 5, r, currency)
        ws.write_string(i, off + 6, lang.severity(r.severity)) if r.severity else ws.write_blank(i, off + 6, None)
        ws.write_string(i, off + 7, r.status_text)
        ws.write_string(i, off + 8, _text(r.note)) if r.note else ws.write_blank(i, off + 8, None)
        if change:
            ws.write_string(i, off + 9, _text(r.change_text or ""))
    end = start + len(rows)
    book.status_rule(ws, start + 1, end, off + 7)
    widths = ([16] if with_family else []) + [38, 34, 14, 22, 14, 12, 10, 14, 48, 16]
    for c, w in enumerate(widths[: len(cols)]):
        ws.set_column(c, c, w)
    ws.autofilter(start, 0, end, len(cols) - 1)
    return end + 2


def _target_value(book: Book, ws, row: int, col: int, r, currency: str) -> None:
    """The target as a number: in the KPI's format, or for a change target the change it asks for
    (+10% relative, +2 pp on a ratio, +300 s...), never as a KPI value (0.1 likes, ฿0.50)."""
    t = r.target or {}
    v = t.get("value") if isinstance(t.get("value"), (int, float)) else None
    if v is None or not r.target:
        ws.write_blank(row, col, None)
    elif t.get("on") == "relative_change":
        ws.write_number(row, col, v, book.fmt('+0.0%;-0.0%;0.0%'))
    elif t.get("on") == "change" and r.unit == "ratio":
        ws.write_number(row, col, v * 100, book.fmt('+0.0" pp";-0.0" pp";0.0" pp"'))
    else:
        book.value(ws, row, col, v, r.unit, currency)


def summary_sheet(book: Book) -> None:
    ctx, lang = book.ctx, book.lang
    ws = book.sheet(lang.t("summary"))
    rows = view.rows(ctx)
    nxt = _kpi_rows(book, ws, rows, 0, with_family=True)
    ws.freeze_panes(1, 0)
    for k, v in view.header_parts(ctx):
        ws.write_string(nxt, 0, _text(k), book.dim)
        ws.write_string(nxt, 1, _text(v))
        nxt += 1
    ws.write_string(nxt, 0, lang.t("summary"), book.dim)
    ws.write_string(nxt, 1, " · ".join(t for _, t in view.summary_parts(ctx)) + " — " + view.verdict(ctx))


def family_sheet(book: Book, fam: str, name: str, rows: list[Row]) -> None:
    ctx, lang = book.ctx, book.lang
    ws = book.sheet(name)
    ws.write_string(0, 0, _text(name), book.title)
    nxt = _kpi_rows(book, ws, rows, 1, with_family=False)
    chart_row = 1
    grouped = [r for r in rows if r.groups]
    if grouped:
        ws.write_string(nxt, 0, lang.t("col.group"), book.title)
        book.header(ws, nxt + 1, [lang.t("col.kpi"), lang.t("col.group"), lang.t("col.value"), lang.t("col.target"),
                                  lang.t("col.status")])
        i = nxt + 2
        for r in grouped:
            first = i
            for g in r.groups:
                ws.write_string(i, 0, _text(r.label))
                ws.write_string(i, 1, _text(g.label))
                book.value(ws, i, 2, g.value, r.unit, g.currency, g.text)
                t = view.target_text(g.target, lang) if g.status else ""
                ws.write_string(i, 3, _text(t)) if t else ws.write_blank(i, 3, None)
                ws.write_string(i, 4, g.status_text) if g.status else ws.write_blank(i, 4, None)
                i += 1
            if r.chart_currency is None:  # groups in different currencies: rows, but no chart comparing them
                continue
            chart = book.wb.add_chart({"type": "bar"})
            chart.add_series({"name": _text(r.label)[:255], "categories": [ws.name, first, 1, i - 1, 1],
                              "values": [ws.name, first, 2, i - 1, 2], "data_labels": {"value": True}})
            chart.set_title({"name": _text(lang.t("chart.groups", kpi=r.label, by=lang.t("col.group")))[:255]})
            chart.set_legend({"none": True})
            chart.set_y_axis({"num_format": number_format(r.unit, r.chart_currency)})
            ws.insert_chart(chart_row, 10, chart, {"x_scale": 1.2, "y_scale": 1.0})
            chart_row += 16
        book.status_rule(ws, nxt + 2, i - 1, 4)
        nxt = i + 1
    for r in rows:  # a breakdown: its categories as a table and a bar chart
        if not isinstance(r.value, dict) or not any(cell_number(v) is not None for v in r.value.values()):
            continue
        items = sorted(((str(lang.category(k)), v) for k, v in r.value.items() if cell_number(v) is not None), key=lambda kv: -kv[1])
        ws.write_string(nxt, 0, _text(r.label), book.title)
        book.header(ws, nxt + 1, [lang.t("col.group"), lang.t("col.value")])
        top = nxt + 2
        for j, (k, v) in enumerate(items):
            ws.write_string(top + j, 0, _text(k))
            ws.write_number(top + j, 1, v, book.fmt("#,##0" if isinstance(v, int) else "#,##0.00"))
        chart = book.wb.add_chart({"type": "bar"})
        chart.add_series({"name": _text(r.label)[:255], "categories": [ws.name, top, 0, top + len(items) - 1, 0],
                          "values": [ws.name, top, 1, top + len(items) - 1, 1], "data_labels": {"value": True}})
        chart.set_title({"name": _text(r.label)[:255]})
        chart.set_legend({"none": True})
        ws.insert_chart(chart_row, 10, chart, {"x_scale": 1.2, "y_scale": 1.0})
        chart_row += 16
        nxt = top + len(items) + 1
    for r in rows:
        lines = ([(r.label, r.series)] if r.series else []) + [(g.label, g.series) for g in r.groups if g.series]
        if not lines:
            continue
        periods = list(dict.fromkeys(p.period for _, pts in lines for p in pts))
        ws.write_string(nxt, 0, _text(lang.t("chart.series", kpi=r.label)), book.title)
        book.header(ws, nxt + 1, [lang.t("col.period"), *(_text(n) for n, _ in lines)])
        top = nxt + 2
        for j, period in enumerate(periods):
            ws.write_string(top + j, 0, _text(period))
        for c, (_, pts) in enumerate(lines, start=1):
            by = {p.period: p for p in pts}
            for j, period in enumerate(periods):
                p = by.get(period)
                book.value(ws, top + j, c, p.value if p else None, r.unit, p.currency if p else r.currency,
                           p.text if p else "")
        if r.chart_currency is None:  # points in different currencies: the table, but no chart across them
            nxt = top + len(periods) + 1
            continue
        chart = book.wb.add_chart({"type": "line"})
        for c, (n, _) in enumerate(lines, start=1):
            chart.add_series({"name": _text(n)[:255], "categories": [ws.name, top, 0, top + len(periods) - 1, 0],
                              "values": [ws.name, top, c, top + len(periods) - 1, c], "marker": {"type": "circle"}})
        chart.set_title({"name": _text(lang.t("chart.series", kpi=r.label))[:255]})
        chart.set_y_axis({"num_format": number_format(r.unit, r.chart_currency)})
        ws.insert_chart(chart_row, 10, chart, {"x_scale": 1.2, "y_scale": 1.0})
        chart_row += 16
        nxt = top + len(periods) + 1


def inputs_sheet(book: Book) -> None:
    ctx, lang = book.ctx, book.lang
    ws = book.sheet(lang.t("inputs"))
    files, skipped = view.inputs(ctx), view.skipped(ctx)
    counts = [c for c in ("rows", "used", "rejected", "duplicates", "blank") if any(c in f for f in files)] or \
        ["rows", "used", "rejected", "duplicates"]
    cols = [lang.t("col.file"), lang.t("col.kind"), lang.t("col.format"), lang.t("col.platform"),
            *(lang.t(f"col.{c}") for c in counts)]
    book.header(ws, 0, cols)
    count_fmt = book.fmt("#,##0")
    for i, f in enumerate(files, start=1):
        for c, key in enumerate(("path", "kind", "format", "platform")):
            v = f.get(key)
            ws.write_string(i, c, _text(v)) if v else ws.write_blank(i, c, None)
        for c, key in enumerate(counts, start=4):
            ws.write_number(i, c, f.get(key, 0) or 0, count_fmt)
    total = len(files) + 1
    ws.write_string(total, 0, lang.t("inputs.total"), book.bold)
    for c, key in enumerate(counts, start=4):
        col = chr(ord("A") + c)
        ws.write_formula(total, c, f"=SUM({col}2:{col}{total})", book.fmt("#,##0", bold=True),
                         sum(f.get(key, 0) or 0 for f in files))
    ws.write_string(total + 1, 0, lang.t("inputs.caption"), book.dim)
    ws.set_column(0, 0, 48)
    ws.set_column(1, 3, 14)
    ws.set_column(4, 4 + len(counts), 11)
    ws.freeze_panes(1, 0)
    if skipped:
        r0 = total + 3
        ws.write_string(r0, 0, lang.t("skipped"), book.title)
        book.header(ws, r0 + 1, [lang.t("col.file"), lang.t("col.reason")])
        for i, s in enumerate(skipped, start=r0 + 2):
            ws.write_string(i, 0, _text(s.get("path", "")))
            ws.write_string(i, 1, _text(s.get("reason", "")))


def _created(ctx: Context) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(ctx.doc.get("generated_at", "")).replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return dt.datetime(2000, 1, 1)


def render(ctx: Context) -> bytes:
    book = Book(ctx)
    lang = ctx.lang
    period = view.report_span(ctx.doc)
    book.wb.set_properties({
        "title": lang.t("title") + (f" {lang.period(period['start'], period['end'])}" if period else ""),
        "author": "smkpi", "company": "", "keywords": XLSX_KEYWORD,
        "comments": f"smkpi {__version__} report", "created": _created(ctx),
    })
    book.wb.set_custom_property("smkpi_version", __version__)
    summary_sheet(book)
    for fam, name, rows in view.by_family(ctx):
        family_sheet(book, fam, name, rows)
    inputs_sheet(book)
    return book.close()
