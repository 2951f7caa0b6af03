"""Export semantics the planner applies after detection: where the platform comes from, and
years for year-less dates (placed per :mod:`.yearless`).

Platform, first that tells: a ``platform:`` sources rule; the file's ``platform`` column (per
row); the export format when its columns or cells show it (a Meta page file's metric line, an
``Account username`` column: not a header several platforms write); a platform word in the file
name (``ig_posts.csv``); a platform word beginning a folder name of its path, nearest first
(``facebook/``, ``tiktok_exports/``, ``TikTok 2026/``; short words such as ``x``, ``fb``, ``ig``,
``line`` only as a whole folder name); else unknown, with a note for exports whose header several
platforms write and for follower files.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from .yearless import years

PLATFORM_WORDS = {
    "facebook": "facebook", "fb": "facebook", "instagram": "instagram", "ig": "instagram",
    "tiktok": "tiktok", "twitter": "x", "x": "x", "youtube": "youtube", "yt": "youtube",
    "linkedin": "linkedin", "line": "line", "shopee": "shopee", "lazada": "lazada",
}
_FULL = {w for w in PLATFORM_WORDS if len(w) > 4}  # full names: safe inside a longer folder name
YEAR_COL = "__smkpi_year"


def platform_from_folders(path: Path) -> str | None:
    """A platform named by a folder the file sits in (nearest first)."""
    for part in reversed(Path(path).parent.parts):
        name = part.lower()
        if name in PLATFORM_WORDS:
            return PLATFORM_WORDS[name]
        words = [w for w in re.split(r"[^0-9a-z]+", name) if w]
        if words and words[0] in _FULL:  # "facebook_exports", "TikTok 2026"; not "test_tiktok_year0"
            return PLATFORM_WORDS[words[0]]
    return None


def unknown_platform_note(label: str | None) -> str:
    """The note of a file whose platform nothing shows (``label``: an export several platforms write)."""
    why = (f"{label} files all have this header, so it cannot tell" if label else
           "no platform column, and no platform word in the file name or its folders")
    return (f"platform unknown: {why}; put the file in a folder named after the platform (tiktok/, facebook/, "
            f"instagram/) or set platform: under sources:")


def today(tz: str) -> dt.date:
    """Today in ``tz``: the report's clock, which SOURCE_DATE_EPOCH pins (reproducible runs and tests)."""
    from zoneinfo import ZoneInfo

    from ..report import now  # the report module loads the loader, which plans files: import on use

    return now().astimezone(ZoneInfo(tz)).date()


def place_years(frame: pl.LazyFrame, headers: list[str], layouts: list[str], year: int | None, source: str,
                tz: str) -> tuple[pl.LazyFrame, list[str], list[str]] | None:
    """``frame`` with a year written after each year-less date of ``headers``, the layouts that read
    them, and the notes; None when the cells cannot be read here (the dates are then rejected)."""
    day = today(tz)
    try:
        cells = frame.select([pl.col(h).cast(pl.String) for h in headers]).collect()
    except pl.exceptions.PolarsError:
        return None
    notes: list[str] = []
    out = frame
    for h in headers:
        ys, y = years(cells[h].to_list(), layouts, year, day)
        if y is None:
            continue
        out = pl.concat([out, pl.LazyFrame({YEAR_COL: pl.Series(ys, dtype=pl.Int64)})], how="horizontal")
        out = out.with_columns(pl.when(pl.col(YEAR_COL).is_not_null())
                               .then(pl.concat_str([pl.col(h).cast(pl.String).str.strip_chars(), pl.lit(" "),
                                                    pl.col(YEAR_COL).cast(pl.String)]))
                               .otherwise(pl.col(h)).alias(h)).drop(YEAR_COL)
        earlier = sorted({v for v in ys if v is not None and v != y})
        rolled = f"; earlier dates roll back a year at each year end ({', '.join(map(str, earlier))})" if earlier else ""
        if year is None:
            notes.append(f"{h}: dates have no year: placed in the twelve months ending today ({day.isoformat()}), "
                         f"the latest in {y}{rolled}; pass --year to say otherwise")
        else:
            notes.append(f"{h}: dates have no year: read in {y} ({source}) as the year of the latest date{rolled}")
    return out, [f"{f} %Y" for f in layouts], notes
