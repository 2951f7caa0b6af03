"""The loader's staged parsers (each step a column) must read every cell exactly as the inline ones.

The staged path is the fast one (a plain cast first, date formats tried in order only on unread
cells); the inline path is the plain formulation. Any difference is a bug in one of them.
"""

from __future__ import annotations

import polars as pl
import pytest

from smkpi import values as V
from smkpi.kinds import ColType

NUMBERS = ["", " ", "0", "12", " 12 ", "1,234", "1,234.50", "฿1,234.50", "$ 5", "1,5", "abc", "nan", "inf", "-1",
           "1e3", "+5", ".5", "-", "N/A", "null", "(not set)", "9007199254740993", "1.0", "2.5", "12\u00a0345", "3\t"]
DATES = ["", "2025-01-01", "2025-01-01 10:00", "2025-01-01T10:00:00", "2025-01-01T10:00:00Z", "2025-01-01 10:00:00 UTC",
         "2025-01-01T10:00:00+07:00", "2025-01-01T10:00:00-0500", "2025-01-01T10:00+07:00", "2025-02-30", "abc",
         "01/02/2025 10:00", "2025-03-30 02:30:00", "2025-01-01T10:00:00.123Z", "1-1-1 1:1+07:00", " 2025-06-01 08:00 ",
         # the canonical spellings the fast path takes, and near misses it must leave alone
         "2025-12-07T17:37:28Z", "2025-12-07 17:37:28", "0999-01-01T00:00:00Z", "2025-1-01T10:00:00Z",
         "2025-03-09 02:30:00", "2025-11-02 01:30:00", "2025-01-01T24:00:00Z", "2025-01-01 10:00:60", "2025-02-29 10:00:00",
         "2025-01-31T09:30:00-14:45", "2025-01-31T09:30:00+07:60", "2025-01-31T09:30:00+15:00", "0999-01-31T09:30:00+07:00",
         "+2025-1-05T09:30:00Z", "2025-01-31T09:30:00-00:00", "2025-01-31t09:30:00z", "2025-01-31T09:30:00+7:00 ",
         "2025-01-31T9:30:00+07:000", "2025-01-31T09:30:00+05:30", "2025-02-29T10:00:00Z", "2024-02-29T10:00:00+07:00",
         "2025-01-31 09:30:0Z", "１２３４-01-01 00:00:00", "2025-01-31T09:30:00+07:00\n"]
OTHER = ["", "true", "No", "1", "maybe", "positive", "Neg", "บวก", "good", "4", "6", "offered",
         " 4 ", "4.0", "4.5", "5", "0", "Extremely happy", "POSITIVE", " neutral", "negative ", "ใช่", "f", "false",
         "not rated", "N/A", "Bad with comment", "2", "3"]
CELLS = NUMBERS + DATES + OTHER


def _both(build):
    """(inline result, staged result) of ``build(step)`` over CELLS."""
    df = pl.DataFrame({"x": CELLS}, schema={"x": pl.String})
    inline = df.select([e.alias(f"e{i}") for i, e in enumerate(build(V._inline))])
    stager = V.Stager()
    exprs = build(stager.for_column("x"))
    staged = stager.apply(df.lazy()).select([e.alias(f"e{i}") for i, e in enumerate(exprs)]).collect()
    return inline, staged


@pytest.mark.parametrize("ctype", [t for t in ColType if t != ColType.CSAT])
@pytest.mark.parametrize("tz", ["Asia/Bangkok", "America/New_York"])
@pytest.mark.parametrize("formats", [None, ["%d/%m/%Y %H:%M"], ["%Y-%d-%m %H:%M:%S"]])
def test_staged_equals_inline(ctype, tz, formats):
    inline, staged = _both(lambda step: V.parse_column(pl.col("x"), "c", ctype, tz, formats, step))
    assert staged.equals(inline)


def test_staged_csat_equals_inline():
    inline, staged = _both(lambda step: V.parse_csat(pl.col("x"), "c", step))
    assert staged.equals(inline)


def test_fast_and_slow_number_cells():
    stager = V.Stager()
    value, reason = V.parse_number(pl.col("x"), "likes", whole=False, step=stager.for_column("x"))
    cells = ["12", " 12 ", "1,234.50", "฿99", "-", "abc", "-3", "nan", None]
    out = stager.apply(pl.LazyFrame({"x": cells}, schema={"x": pl.String})).select(v=value, r=reason).collect()
    assert out["v"].to_list() == [12.0, 12.0, 1234.5, 99.0, None, None, None, None, None]
    assert out["r"].to_list() == [None, None, None, None, None, "likes is not a number", "likes is negative",
                                  "likes is not a finite number", None]


def test_dates_first_format_wins():
    stager = V.Stager()
    value, reason = V.parse_datetime(pl.col("x"), "d", "Asia/Bangkok", None, stager.for_column("x"))
    cells = ["2025-01-01T10:00:00Z", "2025-01-01 17:00:00", "2025-01-01", "2025-01-01T10:00:00+07:00", "soon"]
    out = stager.apply(pl.LazyFrame({"x": cells}, schema={"x": pl.String})).select(v=value, r=reason).collect()
    utc = [str(v) if v is not None else None for v in out["v"].to_list()]
    assert utc == ["2025-01-01 10:00:00+00:00", "2025-01-01 10:00:00+00:00", "2024-12-31 17:00:00+00:00",
                   "2025-01-01 03:00:00+00:00", None]
    assert out["r"].to_list() == [None, None, None, None, "d is not a date/time"]
