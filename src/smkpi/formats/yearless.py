"""Years for dates written without one (TikTok's ``February 28`` … ``February 27``).

Rule: the *latest* date of the file is in the year ``Y``; every other date is in ``Y`` or earlier.

* A file in date order (ascending like FollowerHistory.csv, or newest first) rolls back one year
  per wrap: in an ascending file, each step from a later to an earlier day of the year
  (``December 31`` → ``January 1``) is a new year, so a 365-day history across a year end reads
  ``Y-1-02-28`` … ``Y-02-27``; the same holds backwards for a newest-first file.
* A file in no order (posts) spans less than a year: the dates sit on the calendar circle, the
  largest gap between two of them is where the span starts, and dates after the latest one in
  the calendar belong to the year before.
* When more than one of these readings fits, the one spanning the fewest days wins.

``Y`` is ``--year`` (or ``year:`` under sources:, or the file's period) when given; else the
dates are placed in the twelve months ending today: ``Y`` is this year when the latest day of
the year has come, else last year.
"""

from __future__ import annotations

import datetime as dt

_LEAP = 2000  # parse month/day in a leap year so that February 29 reads


def month_days(cells: list[str | None], layouts: tuple[str, ...] | list[str]) -> list[tuple[int, int] | None]:
    """(month, day) of each cell written in one of ``layouts``, else None. A year has 366 spellings
    at most per layout, so each distinct cell is parsed once."""
    seen: dict[str, tuple[int, int] | None] = {}

    def read(c: str) -> tuple[int, int] | None:
        t = " ".join(c.split())
        for f in layouts:
            try:
                d = dt.datetime.strptime(f"{t} {_LEAP}", f"{f} %Y")
            except ValueError:
                continue
            return d.month, d.day
        return None

    out: list[tuple[int, int] | None] = []
    for c in cells:
        if not c:
            out.append(None)
            continue
        if c not in seen:
            seen[c] = read(c)
        out.append(seen[c])
    return out


def _doy(md: tuple[int, int]) -> int:
    return dt.date(_LEAP, *md).timetuple().tm_yday


def _ordered(doys: list[int], sign: int) -> bool:
    """In date order going ``sign`` (+1 ascending), with every step against it a year wrap (≥ half a year)."""
    return all(sign * (b - a) >= 0 or sign * (b - a) <= -183 for a, b in zip(doys, doys[1:]))


def _by_order(idx: list[int], doys: list[int], ascending: bool) -> tuple[dict[int, int], int]:
    """Years back per cell for a file in date order: one more at each wrap, counted from the latest."""
    seq = list(zip(idx, doys)) if ascending else list(zip(idx, doys))[::-1]  # oldest first
    back, wraps = {seq[-1][0]: 0}, 0
    for (_, a), (j, b) in zip(seq[::-1], seq[::-1][1:]):  # from the latest backwards
        if b > a:
            wraps += 1
        back[j] = wraps
    return back, seq[-1][0]


def _by_circle(idx: list[int], doys: list[int]) -> tuple[dict[int, int], int]:
    """Years back per cell for dates within a year: the span starts after the largest calendar gap."""
    days = sorted(set(doys))
    gaps = [((days[(k + 1) % len(days)] - d) % 366 or 366, d) for k, d in enumerate(days)]
    _, last = max(gaps)  # the latest day of the year in the span is just before the largest gap
    return {i: 1 if d > last else 0 for i, d in zip(idx, doys)}, next(i for i, d in zip(idx, doys) if d == last)


def offsets(mds: list[tuple[int, int] | None]) -> tuple[list[int | None], int | None]:
    """Per cell, how many years before the latest date's year it is (None: not a year-less date);
    and the index of the latest date. Of the readings that fit (ascending, newest first, within a
    year) the one spanning the fewest days wins, in that order on a tie."""
    idx = [i for i, md in enumerate(mds) if md]
    if not idx:
        return [None] * len(mds), None
    doys = [_doy(mds[i]) for i in idx]
    readings = [_by_order(idx, doys, asc) for asc in (True, False) if _ordered(doys, 1 if asc else -1)]
    if len(set(doys)) == len(doys):
        readings.append(_by_circle(idx, doys))

    def span(reading: tuple[dict[int, int], int]) -> int:
        at = [dt.date(2400 - reading[0][i], m, d if (m, d) != (2, 29) else 28).toordinal()
              for i, (m, d) in ((i, mds[i]) for i in idx)]
        return max(at) - min(at)

    back, latest = min(readings, key=span) if readings else _by_circle(idx, doys)
    return [back.get(i) for i in range(len(mds))], latest


def anchor_year(latest: tuple[int, int], today: dt.date) -> int:
    """The year of ``latest`` (month, day) in the twelve months ending ``today``."""
    return today.year if latest <= (today.month, today.day) else today.year - 1


def years(cells: list[str | None], layouts, year: int | None, today: dt.date) -> tuple[list[int | None], int | None]:
    """(the year of each cell, None where it is not a year-less date; the latest date's year)."""
    mds = month_days(cells, layouts)
    back, latest = offsets(mds)
    if latest is None:
        return [None] * len(cells), None
    y = year if year is not None else anchor_year(mds[latest], today)
    return [None if b is None else y - b for b in back], y
