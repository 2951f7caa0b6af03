"""The period an export says it covers: preamble lines and report-range columns.

* GA4: ``# Start date: 20250201`` / ``# End date: 20250228`` preamble lines.
* Google Ads: a title line ``"June 1, 2026 - June 30, 2026"`` above the header.
* Meta Ads Manager: ``Reporting starts`` / ``Reporting ends`` columns (any interface language):
  the first start and the last end of the rows.

The report's period is the union of these and the dates of the rows used (see
:func:`widen`), so a 1–30 September Ads Manager export says 2025-09-01 → 2025-09-30 even though
each row's own date is its start.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from .aliases import header_key

_START = re.compile(r"(?i)^#?\s*(start date|reporting starts)\s*[:=]\s*(.+)$")
_END = re.compile(r"(?i)^#?\s*(end date|reporting ends)\s*[:=]\s*(.+)$")
_RANGE = re.compile(r"^\W*([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})\s*[-–]\s*([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})\W*$")
_GA4_RULE = re.compile(r"^#\s*-{4,}\s*$")
_GA4_START = re.compile(r"(?i)^#\s*start date\s*:\s*\d{8}\s*$")
# Report-range columns (Meta Ads Manager, English / Thai / Spanish interface).
START_COLUMNS = ("Reporting starts", "การรายงานเริ่มต้น", "Inicio del informe")
END_COLUMNS = ("Reporting ends", "การรายงานสิ้นสุด", "Fin del informe")
_LAYOUTS = ("%Y%m%d", "%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y")


def parse_day(text: str) -> dt.date | None:
    t = text.strip().strip('"').strip()
    for f in _LAYOUTS:
        try:
            d = dt.datetime.strptime(t, f).date()
        except ValueError:
            continue
        return d if 1971 <= d.year <= 2600 else None
    return None


def is_ga4_preamble(preamble: list[str]) -> bool:
    """GA4 downloads begin with ``# ----`` rules and a ``# Start date: YYYYMMDD`` line."""
    return any(_GA4_RULE.match(p) for p in preamble) and any(_GA4_START.match(p) for p in preamble)


def preamble_period(preamble: list[str]) -> tuple[dt.date, dt.date] | None:
    start = end = None
    for line in preamble:
        s = line.strip()
        m = _START.match(s)
        if m and start is None:
            start = parse_day(m.group(2))
        m = _END.match(s)
        if m and end is None:
            end = parse_day(m.group(2))
        m = _RANGE.match(s)
        if m and start is None and end is None:
            start, end = parse_day(m.group(1)), parse_day(m.group(2))
    if start and end and start <= end:
        return start, end
    return None


def column_period(frame: pl.LazyFrame, headers: list[str]) -> tuple[dt.date, dt.date] | None:
    """First start and last end of report-range columns, when the file has both."""
    keys = {header_key(h): h for h in headers}
    s = next((keys[header_key(c)] for c in START_COLUMNS if header_key(c) in keys), None)
    e = next((keys[header_key(c)] for c in END_COLUMNS if header_key(c) in keys), None)
    if s is None or e is None:
        return None
    try:
        df = frame.select(pl.col(s).cast(pl.String).unique().head(1000).implode(),
                          pl.col(e).cast(pl.String).unique().head(1000).implode()).collect()
    except pl.exceptions.PolarsError:
        return None
    starts = [d for d in map(parse_day, (x for x in df.item(0, 0) if x)) if d]
    ends = [d for d in map(parse_day, (x for x in df.item(0, 1) if x)) if d]
    if not starts or not ends or min(starts) > max(ends):
        return None
    return min(starts), max(ends)


def widen(period: tuple[dt.date, dt.date] | None, declared: list[tuple[dt.date, dt.date] | None]):
    """The union of a data period and the periods the exports declare."""
    spans = [p for p in [period, *declared] if p]
    return (min(p[0] for p in spans), max(p[1] for p in spans)) if spans else None
