"""Each cell parser has one formulation (a fast path, and the general parser on what it leaves):
it must read every cell exactly as a plain oracle written here does, the general rules applied to
every cell with no fast path and nothing shared (a flat coalesce over the date formats, first wins).

Any difference is a bug in a fast path, in the cascade of formats, or in the staging (each step a
column): the parsers are also run inline (each step its own expression) and must agree with that.
"""

from __future__ import annotations

import polars as pl
import pytest

from smkpi import dates as D
from smkpi import values as V
from smkpi.kinds import ColType

NUMBERS = ["", " ", "0", "12", " 12 ", "1,234", "1,234.50", "฿1,234.50", "$ 5", "1,5", "abc", "nan", "inf", "-1",
           "1e3", "+5", ".5", "-", "N/A", "null", "(not set)", "9007199254740993", "1.0", "2.5", "12\u00a0345", "3\t",
           "-1,234", "12,345,678.25", "1,2345", "n/A", "NA", "--"]
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

def _oracle_number(x: pl.Expr, col: str, whole: bool):
    rest = V.clean(x)
    num = V._number_text(rest).cast(pl.Float64, strict=False)
    reason = pl.when(rest.is_null()).then(None).when(num.is_null()).then(pl.lit(f"{col} is not a number"))
    reason = V._range_checks(reason, num, col, whole).otherwise(None)
    value = pl.when(reason.is_null()).then(num)
    return (value.cast(pl.Int64) if whole else value), reason


def _oracle_datetime(x: pl.Expr, col: str, tz: str, formats):
    iso = V.clean(x).str.replace(r"^(\d{4}-\d{2}-\d{2})[T ]", "$1 ").str.replace(r"(?i)\s*(Z|UTC|GMT)$", "+00:00")
    aware = pl.coalesce([iso.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us")
                         for f in D._AWARE_FORMATS])
    naive = pl.coalesce([iso.str.to_datetime(f, strict=False, time_unit="us")
                         for f in [*(formats or []), *D._NAIVE_FORMATS]])
    local = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null").dt.convert_time_zone("UTC")
    value = pl.coalesce([aware, local])
    return value, pl.when(iso.is_not_null() & value.is_null()).then(pl.lit(f"{col} is not a date/time"))


def _oracle(x: pl.Expr, col: str, ctype: ColType, tz: str, formats):
    if ctype in (ColType.ID, ColType.TEXT):
        return V.clean(x), pl.lit(None, dtype=pl.String)
    if ctype in (ColType.COUNT, ColType.MONEY, ColType.NUMBER):
        return _oracle_number(x, col, ctype == ColType.COUNT)
    if ctype == ColType.BOOL:
        s = V.clean(x).str.to_lowercase()
        v = V._bool_of(s)
        return v, pl.when(s.is_not_null() & v.is_null()).then(pl.lit(f"{col} is not true/false"))
    if ctype == ColType.SENTIMENT:
        s = V.clean(x).str.to_lowercase()
        v = V._sentiment_of(s)
        return v, pl.when(s.is_not_null() & v.is_null()).then(pl.lit(f"{col} is not positive/negative/neutral"))
    assert ctype == ColType.DATETIME
    return _oracle_datetime(x, col, tz, formats)


def _frame() -> pl.DataFrame:
    return pl.DataFrame({"x": CELLS}, schema={"x": pl.String})


def _run(build) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(staged result, inline result) of ``build(step)`` over CELLS."""
    df = _frame()
    stager = V.Stager()
    exprs = build(stager.for_column("x"))
    staged = stager.apply(df.lazy()).select([e.alias(f"e{i}") for i, e in enumerate(exprs)]).collect()
    inline = df.select([e.alias(f"e{i}") for i, e in enumerate(build(V._inline))])
    return staged, inline


@pytest.mark.parametrize("ctype", [t for t in ColType if t != ColType.CSAT])
@pytest.mark.parametrize("tz", ["Asia/Bangkok", "America/New_York"])
@pytest.mark.parametrize("formats", [None, ["%d/%m/%Y %H:%M"], ["%Y-%d-%m %H:%M:%S"]])
def test_parser_reads_every_cell_as_the_oracle(ctype, tz, formats):
    staged, inline = _run(lambda step: V.parse_column(pl.col("x"), "c", ctype, tz, formats, step))
    oracle = _frame().select([e.alias(f"e{i}") for i, e in enumerate(_oracle(pl.col("x"), "c", ctype, tz, formats))])
    assert staged.equals(oracle), pl.concat([_frame(), staged, oracle.rename(lambda c: c + "_oracle")],
                                            how="horizontal").filter(pl.any_horizontal(
                                                pl.col(c).ne_missing(pl.col(c + "_oracle")) for c in staged.columns))
    assert inline.equals(staged)


def test_csat_reads_every_cell_as_the_oracle():
    staged, inline = _run(lambda step: V.parse_csat(pl.col("x"), "c", step))
    g = V._csat_of(V.clean(pl.col("x")).str.to_lowercase())
    oracle = _frame().select(e0=g["score"], e1=g["good"],
                             e2=pl.when(g["unread"]).then(pl.lit("c is not a 1-5 score or good/bad")))
    assert staged.equals(oracle)
    assert inline.equals(staged)


def test_counts_a_float_cannot_hold_are_rejected():
    # Issue 15 item 5: 2**53 + 1 reads as 2**53 in a float, so neither is a count smkpi can hold.
    cells = [str(2**53 - 1), str(2**53), str(2**53 + 1), "9007199254740993.0", "1e16"]
    value, reason = V.parse_number(pl.col("x"), "likes", whole=True)
    out = pl.DataFrame({"x": cells}).select(v=value, r=reason)
    assert out["v"].to_list() == [2**53 - 1, None, None, None, None]
    assert out["r"].to_list() == [None] + ["likes is implausibly large"] * 4
    # Amounts (not counts) keep the bound inclusive: 2**53 is still read.
    value, reason = V.parse_number(pl.col("x"), "spend", whole=False)
    assert pl.DataFrame({"x": [str(2**53)]}).select(value).item() == float(2**53)


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


@pytest.mark.parametrize("stamps, offset", [((), None), (("wall",), "+07:00"), (("wall",), "-14:45"), (("utc",), None),
                                            (("naive", "wall"), None), (D.STAMPS, "+05:30")])
@pytest.mark.parametrize("tz", ["Asia/Bangkok", "America/New_York"])
def test_a_fast_path_cut_to_the_sampled_spellings_reads_every_cell_the_same(stamps, offset, tz):
    # The sample decides which canonical spellings the fast path tries (and the one offset it
    # takes): every other cell goes to the general parser, to the same instant and reason.
    staged, inline = _run(lambda step: D.parse_datetime(pl.col("x"), "c", tz, None, step, stamps=stamps, offset=offset))
    oracle = _frame().select([e.alias(f"e{i}") for i, e in enumerate(_oracle_datetime(pl.col("x"), "c", tz, None))])
    assert staged.equals(oracle) and inline.equals(staged)


def test_the_sample_names_the_spellings_and_the_one_offset():
    t = D.date_traits(["2025-01-31T09:30:00+07:00", "", "2025-02-01T10:00:00+07:00"])
    assert (t["stamps"], t["offset"]) == (("wall",), "+07:00")
    t = D.date_traits(["2025-01-31T09:30:00Z", "2025-01-31T09:30:00+07:00", "2025-01-31T09:30:00-05:00"])
    assert (t["stamps"], t["offset"]) == (("utc", "wall"), None)
    assert D.date_traits(["", " "])["stamps"] == D.STAMPS  # nothing seen: every spelling is tried
    assert D.date_traits(["01/02/2025 10:00"])["stamps"] == ()
