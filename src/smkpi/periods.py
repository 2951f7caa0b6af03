"""Date windows and calendar periods, in local dates of the configured timezone.

A :class:`Window` is an inclusive range of local dates. Periods are calendar buckets: ISO weeks
start on Monday, quarters on January, April, July and October. Pure date arithmetic: no Polars.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from .errors import UsageError

PERIODS = ("day", "week", "month", "quarter", "year")
# Polars truncation step of each period (on local dates).
TRUNCATE = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q", "year": "1y"}
_LAST = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Window:
    """Local dates ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """Whether any date from ``first`` to ``last`` falls in the window."""
        return self.start <= last and first <= self.end

    def within(self, first: dt.date, last: dt.date) -> bool:
        """Whether the whole window lies from ``first`` to ``last``."""
        return first <= self.start and self.end <= last

    def holds(self, first: dt.date, last: dt.date) -> bool:
        """Whether every date from ``first`` to ``last`` falls in the window."""
        return self.start <= first and last <= self.end

    def as_json(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    def utc_bounds(self, tz: str) -> tuple[dt.datetime, dt.datetime]:
        """[start 00:00, the day after end 00:00) in ``tz``, as UTC instants: a cheap row filter."""
        z = zoneinfo.ZoneInfo(tz)
        lo = dt.datetime.combine(self.start, dt.time(), z).astimezone(dt.timezone.utc)
        hi = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), z).astimezone(dt.timezone.utc)
        return lo, hi


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` calendar months, the day clipped to the month's length (Mar 31 - 1 = Feb 28)."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _month_start(d: dt.date) -> bool:
    return d.day == 1


def _month_end(d: dt.date) -> bool:
    return (d + dt.timedelta(days=1)).day == 1


def last_window(text: str, end: dt.date) -> Window:
    """``--last 30d|4w|3m|1y`` ending on ``end`` (months and years are calendar months and years)."""
    m = _LAST.match(text or "")
    if not m or int(m.group(1)) == 0:
        raise UsageError(f"--last '{text}': write a count and a unit: 30d (days), 4w (weeks), 3m (months), 1y")
    n, unit = int(m.group(1)), m.group(2).lower()
    if unit in "dw":
        return Window(end - dt.timedelta(days=n * (7 if unit == "w" else 1) - 1), end)
    after = end + dt.timedelta(days=1)
    return Window(add_months(after, -n * (12 if unit == "y" else 1)), end)


def previous_window(w: Window) -> Window:
    """The window just before ``w``: the same number of days ending the day before it starts.

    A window of whole calendar months compares with the same number of whole months before it
    (October with September, not with the 31 days from August 31).
    """
    if _month_start(w.start) and _month_end(w.end):
        months = (w.end.year - w.start.year) * 12 + w.end.month - w.start.month + 1
        return Window(add_months(w.start, -months), w.start - dt.timedelta(days=1))
    return Window(w.start - dt.timedelta(days=w.days), w.start - dt.timedelta(days=1))


def year_before(w: Window) -> Window:
    """The same dates one year earlier (February 29 becomes February 28)."""
    end = add_months(w.end, -12)
    if _month_end(w.end):
        end = dt.date(end.year, end.month, calendar.monthrange(end.year, end.month)[1])
    return Window(add_months(w.start, -12), end)


def period_start(d: dt.date, period: str) -> dt.date:
    if period == "day":
        return d
    if period == "week":
        return d - dt.timedelta(days=d.weekday())
    if period == "month":
        return d.replace(day=1)
    if period == "quarter":
        return dt.date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    return dt.date(d.year, 1, 1)


def period_end(start: dt.date, period: str) -> dt.date:
    if period == "day":
        return start
    if period == "week":
        return start + dt.timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    return add_months(start, months) - dt.timedelta(days=1)


def period_label(start: dt.date, period: str) -> str:
    """``2026-10-05`` (day), ``2026-W41`` (ISO week), ``2026-10``, ``2026-Q4``, ``2026``."""
    if period == "day":
        return start.isoformat()
    if period == "week":
        y, w, _ = start.isocalendar()
        return f"{y}-W{w:02d}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def periods_in(w: Window, period: str) -> list[dt.date]:
    """Start of every period that overlaps ``w``, in order."""
    out, s = [], period_start(w.start, period)
    while s <= w.end:
        out.append(s)
        s = period_end(s, period) + dt.timedelta(days=1)
    return out
