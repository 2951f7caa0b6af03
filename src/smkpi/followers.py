"""Which follower counts belong to one account's series (audience KPIs take each series' first
and latest count, then add the series up).

A *part* is the rows of one file for one platform. Parts of the same platform are one account's
series when they agree on every date they share (the same account exported twice, or exported
month by month): a date in two overlapping exports then counts once, never twice. Parts that
disagree on a shared date are different accounts (two Facebook pages) and stay separate series.
A part whose platform is unknown joins another only when they share dates and agree on all of
them; otherwise it is a series of its own — follower counts of different accounts or files are
never merged into one series.
"""

from __future__ import annotations

import polars as pl

SERIES = "__smkpi_series"


def assign_series(frame: pl.DataFrame, file_col: str, paths: list[str],
                  tz: str = "UTC") -> tuple[pl.DataFrame, dict[int, list[str]]]:
    """``frame`` (stacked followers rows, with ``file_col``) with a SERIES column; notes by file index."""
    notes: dict[int, list[str]] = {}
    if not frame.height or "date" not in frame.columns or "followers" not in frame.columns:
        return frame.with_columns(pl.lit(0, dtype=pl.Int64).alias(SERIES)), notes
    day = (frame.select(pl.col(file_col), pl.col("platform"), pl.col("date").dt.convert_time_zone(tz).dt.date().alias("day"), "followers")
           .drop_nulls(["day", "followers"])
           .group_by(file_col, "platform", "day", maintain_order=True).agg(pl.col("followers").last()))
    parts: dict[tuple[int, str | None], dict] = {}
    for f, p, d, n in day.iter_rows():
        parts.setdefault((f, p), {})[d] = n
    series: list[tuple[str | None, dict, int]] = []  # (platform, merged counts, first file)
    of_part: dict[tuple[int, str | None], int] = {}
    for (f, p), counts in sorted(parts.items(), key=lambda kv: kv[0][0]):
        home, clash = None, None
        for i, (sp, merged, first) in enumerate(series):
            if sp != p:
                continue
            shared = counts.keys() & merged.keys()
            bad = next((d for d in sorted(shared) if merged[d] != counts[d]), None)
            if bad is not None:
                clash = clash or (bad, merged[bad], counts[bad], first)
                continue
            if p is None and not shared:
                continue
            home = i
            break
        if home is None:
            series.append((p, dict(counts), f))
            home = len(series) - 1
            if clash:
                d, theirs, ours, first = clash
                notes.setdefault(f, []).append(
                    f"followers{'' if p is None else ' of ' + p} kept as a series of their own: on {d} this file "
                    f"says {ours:,} where {paths[first]} says {theirs:,} (a different account)")
        else:
            series[home][1].update(counts)
        of_part[(f, p)] = home
    sid = pl.lit(None, dtype=pl.Int64)
    for (f, p), i in of_part.items():
        same_platform = pl.col("platform").is_null() if p is None else (pl.col("platform") == p)
        sid = pl.when((pl.col(file_col) == f) & same_platform).then(pl.lit(i, dtype=pl.Int64)).otherwise(sid)
    # Rows without a date or count are in no part: they give no count either way.
    return frame.with_columns(sid.fill_null(-1).alias(SERIES)), notes
