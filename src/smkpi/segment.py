"""Segmentation of a report: the time window, the period of a series, the dimensions of groups, the
comparison window (``--since/--until/--last``, ``--period``, ``--by``, ``--compare``).

:class:`Segmentation` is what the user asked for; :func:`resolve` turns it into concrete windows
once the data's own dates are known; :func:`key_columns` gives the Polars expressions that add the
group and period keys to one kind's rows. Computing stays in :mod:`smkpi.compute`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .dates import ce_year
from .errors import UsageError
from .kinds import KINDS
from .loaded import DECLARED_FROM, DECLARED_TO
from .periods import PERIODS, TRUNCATE, Window, last_window, periods_in, previous_window, year_before

# Dimension -> column it reads; weekday and hour are derived from each kind's time column.
TEXT_DIMENSIONS = ("platform", "content_type", "campaign", "influencer", "channel", "assignee", "status")
TIME_DIMENSIONS = ("weekday", "hour")
DIMENSIONS = TEXT_DIMENSIONS + TIME_DIMENSIONS
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NONE_GROUP = "(none)"  # the one group of rows with an empty value
MAX_BY = 2
MAX_PERIODS = 5000  # a series longer than this is a mistake (--period day over decades), not a report
PREFIX = "__smkpi_by_"
PERIOD_KEY = "__smkpi_period"


def key_name(dim: str) -> str:
    return PREFIX + dim


BUDDHIST_OPTION_NOTE = "{option} {text}: a Buddhist-era year, read as {date}"


def option_date(option: str, text: str) -> tuple[dt.date, str | None]:
    """``--since``/``--until`` text as a date, and a note when its year was Buddhist-era.

    UsageError naming the option for text that is not a YYYY-MM-DD date.
    """
    t = text.strip()
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", t)  # ASCII digits only: int() reads Thai ones too
    try:
        if m is None:
            raise ValueError
        year, month, day = map(int, m.groups())
        if ce_year(year) is not None:
            # Built from the CE year: 2567-02-29 is a real day (CE 2024 is a leap year), though 2567 is not.
            d = dt.date(ce_year(year), month, day)
            return d, BUDDHIST_OPTION_NOTE.format(option=option, text=t, date=d.isoformat())
        return dt.date(year, month, day), None
    except ValueError:
        raise UsageError(f"{option} '{text}': not a date; write it as YYYY-MM-DD") from None


@dataclass(frozen=True)
class Segmentation:
    """What the command line asked for; every part optional."""

    since: dt.date | None = None
    until: dt.date | None = None
    last: str | None = None
    period: str | None = None
    by: tuple[str, ...] = ()
    compare: str | None = None  # "previous", "year" or the path of an earlier JSON report
    # Dimension -> group names that targets.yaml names: judged even when no row falls in them.
    named_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # how the options were read ("a Buddhist-era year, read as 2026-11-01")

    @classmethod
    def from_options(cls, since: str | None, until: str | None, last: str | None, period: str | None,
                     by: list[str] | None, compare: str | None) -> Segmentation:
        """The options as typed (``--since 2026-10-01``); UsageError naming a date that is not one.

        A Buddhist-era year (``--since 2569-11-01``, as a Thai user writes it) is read as its CE year,
        with a note: the same rule as dates in the files (smkpi.dates: no export is dated CE 2400-2699).
        """
        notes: list[str] = []

        def date(option: str, text: str | None) -> dt.date | None:
            if text is None:
                return None
            d, note = option_date(option, text)
            if note:
                notes.append(note)
            return d

        return cls(date("--since", since), date("--until", until), last, period.strip().lower() if period else None,
                   tuple(d.strip().lower() for d in by or ()), compare, notes=tuple(notes))

    @property
    def windowed(self) -> bool:
        return self.since is not None or self.until is not None or self.last is not None

    @property
    def active(self) -> bool:
        return self.windowed or bool(self.period or self.by or self.compare)


def check(seg: Segmentation, extra_dimensions: tuple[str, ...] = ()) -> None:
    """UsageError for a request that cannot be met, naming the option and what to write."""
    names = DIMENSIONS + tuple(extra_dimensions)
    if len(seg.by) > MAX_BY:
        raise UsageError(f"--by is given {len(seg.by)} times; at most {MAX_BY} dimensions")
    if len(set(seg.by)) != len(seg.by):
        raise UsageError(f"--by {seg.by[0]} is given twice; name each dimension once")
    for d in seg.by:
        if d not in names:
            close = difflib.get_close_matches(d, names, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise UsageError(f"--by '{d}': unknown dimension; {hint}choose from {', '.join(names)}")
    if seg.period and seg.period not in PERIODS:
        raise UsageError(f"--period '{seg.period}': choose from {', '.join(PERIODS)}")
    if seg.last and (seg.since is not None):
        raise UsageError("--last and --since both set where the window starts; give one of them")
    if seg.since and seg.until and seg.since > seg.until:
        raise UsageError(f"--since {seg.since} is after --until {seg.until}; swap them")
    if seg.compare and seg.compare not in ("previous", "year") and not Path(seg.compare).is_file():
        raise UsageError(f"--compare '{seg.compare}': use previous, year, or the path of a report written by "
                         f"'smkpi report --format json' (no such file)")


@dataclass(frozen=True)
class Resolved:
    """Concrete windows: the one the report covers and the one it is compared with."""

    window: Window | None  # None: no time filter, every row counts
    span: Window | None  # the dates the report covers (the window, else the data's own period)
    compare: Window | None  # previous / year window; a JSON file carries its own
    how: str | None = None  # how the window was chosen, when the user did not give it


def resolve(seg: Segmentation, data_period: tuple[dt.date, dt.date] | None,
            whole: list[tuple[dt.date, dt.date]] = ()) -> Resolved:
    """The report window and comparison window of ``seg`` over data covering ``data_period``.

    ``--until`` alone keeps everything up to that date; ``--last`` ends on ``--until``, else on the
    data's last date. With ``--compare`` but no window, the report covers the data's latest calendar
    month when the data spans more than one month ("this month vs last"), else the data's period.
    """
    first, last = data_period if data_period else (None, None)
    how = None
    if seg.last:
        end = seg.until or last
        if end is None:
            raise UsageError("--last needs dated rows (or --until) to count back from; no input has a date")
        window = last_window(seg.last, end)
    elif seg.windowed:
        # Open at one end: to the data's first or last date (no dated rows, or data all on the other
        # side of the date given: the one date given, so the window holds no row it should not).
        start = seg.since or (first if first is not None and first <= seg.until else seg.until)
        end = seg.until or (last if last is not None and last >= seg.since else seg.since)
        window = Window(start, end)
    elif seg.compare in ("previous", "year") and first is not None:
        window = None
        if (first.year, first.month) != (last.year, last.month):
            month = Window(last.replace(day=1), last)
            # ``whole``: periods files declare for rows with no date; a month that cuts one would
            # count those rows nowhere (GA4's "last 28 days" often spans two months).
            cut = next((p for p in whole if month.overlaps(*p) and not month.holds(*p)), None)
            if cut is None:
                window = month
                how = f"the latest month in the data ({window.start:%Y-%m}); set --since/--until for another window"
            else:
                how = (f"the data's whole period: a file's rows have no dates and its period ({cut[0]} → {cut[1]}) "
                       f"would be cut by the latest month; set --since/--until for another window")
    else:
        window = None
    span = window or (Window(first, last) if first else None)  # a window past the data keeps its dates
    if seg.period and span and len(periods_in(span, seg.period)) > MAX_PERIODS:
        raise UsageError(f"--period {seg.period} over {span.start} → {span.end} makes more than {MAX_PERIODS:,} "
                         f"periods; use a longer period or a shorter window")
    compare = None
    if seg.compare == "previous" and span:
        compare = previous_window(span)
    elif seg.compare == "year" and span:
        compare = year_before(span)
    return Resolved(window, span, compare, how)


def _local(col: str, tz: str, offset: dt.timedelta | None) -> pl.Expr:
    """Local wall-clock time of ``col``; with a fixed ``offset``, plain arithmetic (time zone
    conversion of every row costs more than all the KPIs of a segmented report together)."""
    if offset is not None:
        return pl.col(col).dt.replace_time_zone(None) + pl.lit(offset)
    return pl.col(col).dt.convert_time_zone(tz)


def fixed_offset(tz: str, lo: dt.date, hi: dt.date) -> dt.timedelta | None:
    """The UTC offset of ``tz`` if it is the same on every day from ``lo`` to ``hi`` (a margin
    included), else None: Asia/Bangkok has been +07:00 since 1920; a zone with summer time is not fixed."""
    if (hi - lo).days > 366 * 30:
        return None
    z = zoneinfo.ZoneInfo(tz)
    offsets = set()
    d = lo - dt.timedelta(days=2)
    while d <= hi + dt.timedelta(days=2):
        offsets.add(dt.datetime.combine(d, dt.time(12), z).utcoffset())
        if len(offsets) > 1:
            return None
        d += dt.timedelta(days=1)
    return offsets.pop() if offsets else None


def time_filter(kind: str, window: Window, tz: str, declared: bool = False) -> pl.Expr | None:
    """Rows of ``kind`` whose time falls in ``window`` (None: the kind has no time column).

    With ``declared`` (the rows carry DECLARED_FROM/TO, see smkpi.loaded), a row with no time of
    its own is in the window when its file's whole declared period is: a Google Ads campaign
    report for October counts in October, and in no window that holds only part of it.
    """
    col = KINDS[kind].time_column
    if col is None:
        return None
    lo, hi = window.utc_bounds(tz)
    timed = (pl.col(col) >= lo) & (pl.col(col) < hi)
    if not declared:
        return timed
    return pl.when(pl.col(col).is_null()).then(declared_within(window).fill_null(False)).otherwise(timed)


def declared_within(window: Window) -> pl.Expr:
    """Whether a row's declared period (DECLARED_FROM/TO) lies wholly in ``window`` (Window.holds)."""
    return (pl.col(DECLARED_FROM) >= pl.lit(window.start)) & (pl.col(DECLARED_TO) <= pl.lit(window.end))


def declared_period_key(period: str) -> pl.Expr:
    """The period (its first local date) that holds a row's whole declared period; null when the
    declared period spans several (a quarter's export in a monthly series counts in no month)."""
    first = pl.col(DECLARED_FROM).dt.truncate(TRUNCATE[period])
    return pl.when(first == pl.col(DECLARED_TO).dt.truncate(TRUNCATE[period])).then(first)


def key_columns(kind: str, present: set[str], dims: tuple[str, ...], period: str | None,
                tz: str, offset: dt.timedelta | None = None) -> dict[str, pl.Expr]:
    """Group and period key columns for rows of ``kind`` (only the ones its columns allow).

    Text keys are the column's value, ``(none)`` when empty; weekday is 1 (Monday) to 7 and hour
    0 to 23 of the kind's time column in local time; the period key is the local date its period
    starts on.
    """
    out: dict[str, pl.Expr] = {}
    tcol = KINDS[kind].time_column
    has_time = tcol is not None and tcol in present
    for d in dims:
        if d == "weekday" and has_time:
            out[key_name(d)] = _local(tcol, tz, offset).dt.weekday().cast(pl.Int8).fill_null(0)
        elif d == "hour" and has_time:
            out[key_name(d)] = _local(tcol, tz, offset).dt.hour().cast(pl.Int8).fill_null(-1)
        elif d not in TIME_DIMENSIONS and d in present:
            # Categorical: grouping on small integers instead of hashing each row's text.
            out[key_name(d)] = pl.col(d).cast(pl.String).fill_null(NONE_GROUP).cast(pl.Categorical)
    declared = tcol is not None and DECLARED_FROM in present  # undated rows placed by their file's period
    if period and has_time:
        key = _local(tcol, tz, offset).dt.date().dt.truncate(TRUNCATE[period])
        out[PERIOD_KEY] = key.fill_null(declared_period_key(period)) if declared else key
    elif period and declared:
        out[PERIOD_KEY] = declared_period_key(period)
    return out


def group_label(dim: str, key: object) -> object:
    """The group name users see and write in targets.yaml: mon..sun, 0..23, the text itself."""
    if dim == "weekday":
        return WEEKDAY_NAMES[key - 1] if isinstance(key, int) and 1 <= key <= 7 else NONE_GROUP
    if dim == "hour":
        return key if isinstance(key, int) and 0 <= key <= 23 else NONE_GROUP
    return key


def group_sort_key(dim: str, label: object) -> tuple:
    """Weekdays Monday first, hours in order, text alphabetically; ``(none)`` last."""
    if label == NONE_GROUP:
        return (1, 0, "")
    if dim == "weekday":
        return (0, WEEKDAY_NAMES.index(label), "")
    if dim == "hour":
        return (0, label, "")
    return (0, 0, str(label).casefold())


def group_key(dim: str, label: object) -> object:
    """The key value of a group label (inverse of :func:`group_label`)."""
    if dim == "weekday":
        return WEEKDAY_NAMES.index(label) + 1 if label in WEEKDAY_NAMES else 0
    if dim == "hour":
        return label if isinstance(label, int) else -1
    return label
