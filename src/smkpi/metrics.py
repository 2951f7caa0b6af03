"""Pure aggregation helpers every KPI formula is built from.

The numeric policy lives here and only here:

* ratios are ratio-of-sums over the rows that carry every input of the KPI;
* a zero (or empty) denominator gives null, never NaN or Infinity (:func:`ratio`);
* a sum or mean over no rows that carry the input gives null, not 0 — "no data" is not "zero".

Rows that do not carry the inputs are masked to null (``when(mask).then(x)``) rather than filtered
out: the values are the same, and inside a ``group_by`` (segments, series) an element-wise mask
followed by one aggregation stays on Polars' fast grouped path, where a ``filter`` would be
evaluated group by group.
"""

from __future__ import annotations

import polars as pl


def carries(*cols: str) -> pl.Expr:
    """True for rows where every one of ``cols`` holds a value."""
    return pl.all_horizontal([pl.col(c).is_not_null() for c in cols]) if cols else pl.lit(True)


def ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """num / den, or null when den is 0 or null. The single zero-denominator policy."""
    return pl.when(den.is_not_null() & (den != 0)).then(num.cast(pl.Float64) / den.cast(pl.Float64)).otherwise(None)


def total(expr: pl.Expr | str, *carry: str) -> pl.Expr:
    """Sum over rows carrying ``carry`` (and the summed value); null when no row does."""
    e = pl.col(expr) if isinstance(expr, str) else expr
    cols = carry or ((expr,) if isinstance(expr, str) else ())
    kept = pl.when(carries(*cols)).then(e)
    return pl.when(kept.count() > 0).then(kept.sum()).otherwise(None)


def mean(expr: pl.Expr | str, *carry: str) -> pl.Expr:
    """Mean over rows carrying ``carry``; null when no row does."""
    e = pl.col(expr) if isinstance(expr, str) else expr
    return pl.when(carries(*carry)).then(e).mean().cast(pl.Float64)


def sums(num: pl.Expr | str, den: pl.Expr | str, *inputs: str) -> tuple[pl.Expr, pl.Expr]:
    """(Σnum, Σden) over the rows that carry every one of ``inputs``: the two sides of a ratio of sums."""
    n = pl.col(num) if isinstance(num, str) else num
    d = pl.col(den) if isinstance(den, str) else den
    mask = carries(*inputs)
    return pl.when(mask).then(n).sum(), pl.when(mask).then(d).sum()


def ratio_of_sums(num: pl.Expr | str, den: pl.Expr | str, *inputs: str) -> pl.Expr:
    """Σnum / Σden over the rows that carry every one of ``inputs``; null on a zero denominator."""
    return ratio(*sums(num, den, *inputs))


def per_row(num: pl.Expr | str, *inputs: str) -> pl.Expr:
    """Σnum / number of rows carrying ``inputs`` (an average per row); null when no row does."""
    n = pl.col(num) if isinstance(num, str) else num
    mask = carries(*inputs)
    return ratio(pl.when(mask).then(n).sum(), mask.cast(pl.Int64).sum())


def share(condition: pl.Expr, *inputs: str) -> pl.Expr:
    """Fraction of rows carrying ``inputs`` for which ``condition`` holds; null when none carry them."""
    mask = carries(*inputs)
    return ratio(pl.when(mask).then(condition).cast(pl.Int64).sum(), mask.cast(pl.Int64).sum())


def count_where(condition: pl.Expr) -> pl.Expr:
    return condition.fill_null(False).cast(pl.Int64).sum()


def rows() -> pl.Expr:
    return pl.len().cast(pl.Int64)


def interactions() -> pl.Expr:
    """likes + comments + shares of a post (null unless all three are present)."""
    return pl.col("likes") + pl.col("comments") + pl.col("shares")


ENGAGEMENT_INPUTS = ("likes", "comments", "shares")
