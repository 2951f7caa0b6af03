"""De-duplication: which rows are the last copy of their key, for millions of rows.

Grouping millions of text keys is the slow part of loading big files, so rows are grouped by a
64-bit hash of their key first, and every row that grouping drops is checked against the row it
kept: the result is always exactly what grouping by the key's text gives.
"""

from __future__ import annotations

import polars as pl

KEEP = "__smkpi_dedup"  # a work column (row number, then hash); no export uses the name


def _last_rows(frame: pl.DataFrame, key: list[str]) -> pl.Series:
    """Row numbers of the last row of each distinct ``key`` (one streaming group-by)."""
    index = pl.int_range(pl.len(), dtype=pl.UInt32 if frame.height < 2**32 else pl.UInt64)
    return (frame.lazy().select(*key, index.alias(KEEP)).group_by(key).agg(pl.col(KEEP).max())
            .collect(engine="streaming").get_column(KEEP))


def _mask(n: int, rows: pl.Series) -> pl.Series:
    return pl.repeat(False, n, eager=True).scatter(rows, True)


def key_hash(key: list[str]) -> pl.Expr:
    """One 64-bit hash per row of the ``key`` columns (a column's own hash, seeded by its place)."""
    h = pl.lit(0, dtype=pl.UInt64)
    for i, c in enumerate(key):
        h = h * 1_000_003 + pl.col(c).hash(seed=i)  # wraps around: any mix will do, clashes are checked
    return h


def last_of_each_key(frame: pl.DataFrame, key: list[str]) -> pl.Series:
    """True on the last row of each distinct ``key`` (file order), False on its earlier copies.

    A hash shared by two different keys would merge them: every row the hash grouping drops is
    checked against the row it kept, and on any mismatch the rows are grouped by the key itself.
    """
    hashes = frame.select(key_hash(key).alias(KEEP + "h"))
    keep = _mask(frame.height, _last_rows(hashes, [KEEP + "h"]))
    if keep.all():
        return keep
    # The dropped rows (few) against the kept row of their hash: the same key, or a clash.
    keyed = frame.select(key).with_columns(hashes)
    dropped = keyed.filter(~keep)
    kept = keyed.filter(keep & pl.col(KEEP + "h").is_in(dropped.get_column(KEEP + "h").unique().implode()))
    pairs = dropped.join(kept, on=KEEP + "h", how="left", suffix="__kept", nulls_equal=True)
    if pairs.select(pl.all_horizontal([pl.col(c).eq_missing(pl.col(f"{c}__kept")) for c in key]).all()).item():
        return keep
    return _mask(frame.height, _last_rows(frame, key))
