"""Date and time cells as Polars expressions (see :mod:`smkpi.values` for the conventions).

:func:`parse_datetime` reads a text column to UTC: a fast path for the canonical stamps
(``2025-01-31T09:30:00Z``, ``...+07:00``, ``2025-01-31 09:30:00``) and the general parser, per
batch, on what it leaves; Buddhist-era years, spaced offsets and year-less layouts where a sample
of the column shows them (:func:`date_traits`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from .values import Stager, Step, _inline, clean

# Buddhist-era years (Thai calendar) are 543 ahead of CE; no export date is in CE 2400-2699.
BUDDHIST_ERA_OFFSET = 543
BUDDHIST_YEARS = (2400, 2699)  # what BUDDHIST_YEAR matches


def ce_year(year: int) -> int | None:
    """The CE year of a Buddhist-era year (2569 -> 2026), or None for a year that is not one.

    The rule of the files' dates (buddhist_to_ce), for years typed on the command line.
    """
    return year - BUDDHIST_ERA_OFFSET if BUDDHIST_YEARS[0] <= year <= BUDDHIST_YEARS[1] else None
_AWARE_FORMATS = ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M%:z", "%Y-%m-%d %H:%M%z"]
# An offset after a space, as X ("2020-02-10 18:00 +0000") and Zendesk write it.
_SPACED_OFFSET_FORMATS = ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"]
BUDDHIST_YEAR = r"(^|\D)2[4-6]\d\d(\D|$)"
SPACED_OFFSET = r"\d\s+[+-]\d{2}:?\d{2}(\D|$)"
_NAIVE_FORMATS = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
# Day-first layouts, tried only for columns with Buddhist-era years: a BE year means a Thai locale,
# which writes day/month/year. Never for CE dates, where 01/10 is ambiguous and must not be guessed.
_BUDDHIST_DAY_FIRST = [f"%d{sep}%m{sep}%Y{t}" for sep in "/-" for t in (" %H:%M:%S", " %H:%M", "")]
# "01/10/2026", "1-10-2026 08:00": day/month or month/day, which only the user can say.
SLASH_DATE = r"^\s*\d{1,2}[/-]\d{1,2}[/-]\d{4}(\s|$)"
# The canonical spellings of the fast path (...Z, ...+07:00, naive): a column takes those its sample shows.
STAMPS = ("utc", "wall", "naive")



def buddhist_to_ce(s: pl.Expr) -> pl.Expr:
    """Rewrite a Buddhist-era year (2400-2699) in date text as its CE year: "15/06/2569" -> "15/06/2026".

    :func:`parse_datetime` rewrites the text this way before parsing (``buddhist`` trait).
    """
    g = s.str.extract_groups(r"^(.*?)(?:^|\b)(2[456]\d\d)\b(.*)$")
    ce = (g.struct.field("2").cast(pl.Int32, strict=False) - BUDDHIST_ERA_OFFSET).cast(pl.String)
    return pl.when(ce.is_not_null()).then(pl.concat_str([g.struct.field("1"), ce, g.struct.field("3")])).otherwise(s)


@dataclass(frozen=True)
class _DateRules:
    """What the general date parser tries, in order (see :func:`parse_datetime`)."""

    naive: tuple[str, ...]
    aware: tuple[str, ...]
    yearless: tuple[str, ...] = ()
    year: int | None = None
    buddhist: bool = False


def _cascade(iso: pl.Expr, rules: _DateRules, step: Step) -> tuple[pl.Expr, pl.Expr]:
    """(aware, naive) parses of ``iso``, each format tried only on the cells no earlier one read.

    The first format that reads a cell decides it, exactly as a coalesce over all of them would,
    but a column of plain ISO stamps costs one parse instead of seven. Every step is a column, so
    nothing here is recomputed. An offset needs a sign after the date ("Y-m-d H:M" is at least 9
    characters), so cells with no "+" or "-" from the 9th character on skip the offset formats.
    """
    aware_fmts, naive_fmts = rules.aware, rules.naive
    gated = step("o", pl.when(iso.str.slice(8).str.contains_any(["+", "-"])).then(iso))
    aware = step("a0", gated.str.to_datetime(aware_fmts[0], strict=False, time_zone="UTC", time_unit="us"))
    # Later formats see only the cells the first could not read (one mask for all of them: a cell
    # a later format reads and a still later one also reads keeps the earlier result).
    rest = step("ar", pl.when(aware.is_null()).then(gated))
    for i, f in enumerate(aware_fmts[1:], 1):
        aware = step(f"a{i}", pl.coalesce(aware, rest.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us")))
    # Naive formats only for cells no offset format read; again the first sees them all, the rest
    # only what it left.
    todo = step("nt", pl.when(aware.is_null()).then(iso))
    naive = step("n0", todo.str.to_datetime(naive_fmts[0], strict=False, time_unit="us"))
    if len(naive_fmts) > 1:
        rest = step("nr", pl.when(naive.is_null()).then(todo))
        for i, f in enumerate(naive_fmts[1:], 1):
            naive = step(f"n{i}", pl.coalesce(naive, rest.str.to_datetime(f, strict=False, time_unit="us")))
    return aware, naive


def _general_datetime(raw: pl.Expr, tz: str, rules: _DateRules, step: Step) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(UTC value, cleaned ISO text, "has no year") of the general parser: every spelling, in order."""
    # One spelling of ISO 8601 so a handful of formats cover it: "T" separator and "Z" suffix.
    # (clean() keeps nulls null, and the replacements never empty a cell: iso is null iff s is.)
    iso = step("i", clean(raw).str.replace(r"^(\d{4}-\d{2}-\d{2})[T ]", "$1 ")
               .str.replace(r"(?i)\s*(Z|UTC|GMT)$", "+00:00"))
    be = None
    if rules.buddhist:
        # Buddhist-era years (2400-2699) are rewritten as CE before parsing, not shifted after:
        # 29/02/2567 is 29 February 2024, a day the BE year 2567 read as Gregorian does not have.
        # No export holds CE dates that far ahead.
        be = step("be", iso.str.contains(BUDDHIST_YEAR))
        iso = step("b", buddhist_to_ce(iso))
    aware, naive = _cascade(iso, rules, step)
    if be is not None:
        # Day-first layouts only for cells that were written with a BE year (see _BUDDHIST_DAY_FIRST):
        # a CE "01/10/2026" in the same column stays unread rather than guessed.
        be_text = step("bt", pl.when(be & naive.is_null()).then(iso))
        naive = step("bn", pl.coalesce(naive, *[be_text.str.to_datetime(f, strict=False, time_unit="us")
                                                for f in _BUDDHIST_DAY_FIRST]))
    no_year = pl.lit(False)
    if rules.yearless:
        # Layouts without a year ("July 1") are read in the given year, tried after every full
        # layout. 1972 is a leap year, so "February 29" still parses when only checking the layout.
        with_year = pl.concat_str([iso, pl.lit(f" {rules.year or 1972}")])
        parsed = pl.coalesce([with_year.str.to_datetime(f"{f} %Y", strict=False, time_unit="us")
                              for f in rules.yearless])
        if rules.year is None:
            no_year = parsed.is_not_null() & naive.is_null()
        else:
            naive = pl.coalesce(naive, parsed)
    # Daylight-saving gaps do not exist in Asia/Bangkok, but do in other zones: a local time in
    # the gap is unreadable, and an ambiguous one takes the earlier instant.
    local = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null").dt.convert_time_zone("UTC")
    value = pl.coalesce([aware, local])
    return step("d", value), iso, no_year


_GENERAL = pl.Struct({"v": pl.Datetime("us", "UTC"), "e": pl.Boolean, "y": pl.Boolean})


def _general_batch(cells: pl.Series, tz: str, rules: _DateRules) -> pl.Series:
    """The general parser over one batch of the cells the fast path left: {v: value, e: non-empty,
    y: a date without a year and no year given}. A batch the fast path read entirely costs nothing.
    """
    if cells.null_count() == len(cells):
        return pl.select(pl.repeat(None, len(cells), dtype=_GENERAL)).to_series()
    stager = Stager()
    value, iso, no_year = _general_datetime(pl.col("x"), tz, rules, stager.for_column("x"))
    frame = stager.apply(pl.LazyFrame({"x": cells.cast(pl.String)}))
    return frame.select(pl.struct(v=value, e=iso.is_not_null(), y=no_year)).collect(engine="in-memory").to_series()


def parse_datetime(raw: pl.Expr, col: str, tz: str, formats: list[str] | None = None, step: Step = _inline, *,
                   yearless: list[str] | None = None, year: int | None = None, buddhist: bool = False,
                   spaced_offset: bool = False, slashed: bool = False, stamps: tuple[str, ...] = STAMPS,
                   offset: str | None = None) -> tuple[pl.Expr, pl.Expr]:
    """ISO 8601 text to a UTC datetime. Text without an offset is read in ``tz``.

    ``formats`` (strftime, naive) are tried before the ISO ones: export-specific layouts such as
    ``%m/%d/%Y %H:%M`` come from the format tables, never from guessing. ``yearless`` layouts
    ("%B %d": TikTok's "July 1") are read in ``year``; without a year such a cell is rejected with
    a reason that says how to give one. With ``buddhist``, Buddhist-era years (2569) are read as CE
    (2026) and day-first layouts (``01/10/2569 08:00``) are tried after the others; with
    ``spaced_offset``, "18:00 +0000" is read. With ``slashed`` (most cells look like ``NN/NN/NNNN``)
    the reason for an unread cell says how to name the layout. ``stamps`` are the canonical
    spellings the fast path takes (see :data:`STAMPS`), and ``offset`` the one offset it takes
    ``+07:00`` stamps with; the general parser reads every other cell, to the same instant. The
    loader sets these from a sample of the column (:func:`date_traits`) so files without them pay
    nothing: each branch of the fast path is a pass over the whole column, even where it reads nothing.
    """
    rules = _DateRules(
        naive=tuple(formats or ()) + tuple(_NAIVE_FORMATS),
        aware=tuple(_AWARE_FORMATS) + (tuple(_SPACED_OFFSET_FORMATS) if spaced_offset else ()),
        yearless=tuple(yearless or ()), year=year, buddhist=buddhist,
    )
    no_year_reason = pl.lit(f"{col} has no year; pass --year or set year: under sources:")
    unread_reason = pl.lit(f"{col} is not a date/time" + (
        "; for day/month/year or month/day/year dates set date_format under sources: in targets.yaml"
        if slashed else ""))
    if buddhist:
        # The fast path would take "2569-10-01 10:00:00" as the CE year 2569: only the general parser shifts it.
        fast_value, fast_read, left = pl.lit(None, dtype=pl.Datetime("us", "UTC")), pl.lit(False), raw
    else:
        (fast_value, fast_read), left = _canonical_stamps(raw, tz, not formats, step, stamps, offset)
    # The general parser runs per batch, only on what the fast path left (see _general_batch).
    general = step("g", left.map_batches(lambda s: _general_batch(s, tz, rules), return_dtype=_GENERAL,
                                         is_elementwise=True))
    value = step("d", pl.coalesce([fast_value, general.struct.field("v")]))
    unread = (fast_read | general.struct.field("e").fill_null(False)) & value.is_null()
    return value, (pl.when(general.struct.field("y").fill_null(False)).then(no_year_reason)
                   .when(unread).then(unread_reason))


_CANON_UTC = "%Y-%m-%dT%H:%M:%SZ"  # 2025-01-31T09:30:00Z
_CANON_NAIVE = "%Y-%m-%d %H:%M:%S"  # 2025-01-31 09:30:00
_CANON_WALL = "%Y-%m-%dT%H:%M:%S"  # 2025-01-31T09:30:00+07:00: wall clock, then the offset
# The exact spellings taken by the fast path: a year 1000-9999, two-digit fields, nothing around
# them, and for offsets the usual ones (whole, half and quarter hours up to 14h).
_STAMP = r"^[1-9]\d{3}-\d\d-\d\d[T ]\d\d:\d\d:\d\d"
_CANON_UTC_RE = _STAMP.replace("[T ]", "T") + "Z$"
_CANON_WALL_RE = _STAMP.replace("[T ]", "T") + r"[+-](?:0\d|1[0-4]):(?:00|15|30|45)$"
_CANON_NAIVE_RE = _STAMP.replace("[T ]", " ") + "$"
_STAMP_RES = {"utc": _CANON_UTC_RE, "wall": _CANON_WALL_RE, "naive": _CANON_NAIVE_RE}


def _canonical_stamps(raw: pl.Expr, tz: str, naive_too: bool, step: Step, stamps: tuple[str, ...] = STAMPS,
                      offset: str | None = None):
    """Fast path for the commonest spellings, and the cells left for the general parser.

    A cell is taken here only when it has exactly one of the spellings in ``stamps`` (checked by a
    regex, which is cheaper than formatting every parsed value back to compare) and parses: the
    general parser reads such a cell as the same instant (``...Z`` and ``+07:00`` through the first
    offset format, the naive one through the first ISO naive format in ``tz``). With ``offset``
    only stamps with that offset are taken (then the offset is a constant, not read per cell).
    Naive cells are left to the general parser when the sources name their own date formats,
    which it tries first. Returns ((value, read), rest): ``read`` is true for the cells taken
    here, ``rest`` the raw cells it did not take.
    """
    text = raw.cast(pl.String)
    size = step("cl", text.str.len_bytes())  # cells of another length are not tried at all
    value, read = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.Datetime("us", "UTC"))), pl.lit(False)
    if "utc" in stamps:
        z = pl.when(size == 20).then(text)
        utc = step("cu", pl.when(z.str.contains(_CANON_UTC_RE)).then(z)
                   .str.to_datetime(_CANON_UTC, strict=False, time_unit="us"))
        value, read = value.when(utc.is_not_null()).then(utc.dt.replace_time_zone("UTC")), read | utc.is_not_null()
    if "wall" in stamps:
        # 2025-01-31T09:30:00+07:00: the wall clock, then the instant wall - offset.
        if offset is None:
            o = step("ct", pl.when((size == 25) & text.str.contains(_CANON_WALL_RE)).then(text))
            sign = pl.when(o.str.slice(19, 1) == "-").then(-1).otherwise(1)
            minutes = sign * (o.str.slice(20, 2).cast(pl.Int64) * 60 + o.str.slice(23, 2).cast(pl.Int64))
        else:
            o = step("ct", pl.when((size == 25) & text.str.contains(_STAMP.replace("[T ]", "T") + re.escape(offset) + "$"))
                     .then(text))
            minutes = pl.lit(_offset_minutes(offset))
        wall = o.str.slice(0, 19).str.to_datetime(_CANON_WALL, strict=False, time_unit="us")
        # Arithmetic rather than a lookup table: replace_strict would take the query off the streaming engine.
        instant = step("cw", (wall.cast(pl.Int64) - minutes * 60_000_000).cast(pl.Datetime("us")))  # integer µs: streams
        value, read = (value.when(instant.is_not_null()).then(instant.dt.replace_time_zone("UTC")),
                       read | instant.is_not_null())
    if naive_too and "naive" in stamps:
        n = pl.when(size == 19).then(text)
        naive = step("cn", pl.when(n.str.contains(_CANON_NAIVE_RE)).then(n)
                     .str.to_datetime(_CANON_NAIVE, strict=False, time_unit="us"))
        local = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null").dt.convert_time_zone("UTC")
        value = value.when(naive.is_not_null()).then(local)
        # A local time in a daylight-saving gap has no instant: read (and rejected) all the same.
        read = read | naive.is_not_null()
    read = step("ck", read)
    value = step("cv", value.otherwise(None))
    return (value, read), pl.when(~read).then(raw)


def _offset_minutes(offset: str) -> int:
    """"+07:00" -> 420, "-05:30" -> -330."""
    minutes = int(offset[1:3]) * 60 + int(offset[4:6])
    return -minutes if offset[0] == "-" else minutes


def date_traits(cells: list[str]) -> dict[str, object]:
    """Which optional date spellings a sample of a column's cells uses (keyword args of parse_datetime):
    Buddhist-era years, spaced offsets, slash dates, the canonical ``stamps`` the fast path should
    try, and the one ``offset`` every ``+07:00``-style stamp of the sample has (None: several)."""
    filled = [c for c in cells if c and c.strip()]
    text = "\n".join(filled)
    buddhist = re.search(BUDDHIST_YEAR, text, re.M) is not None
    # Slash dates get a hint in the rejection reason; BE ones are read day-first, so they need none.
    slashed = not buddhist and bool(filled) and 2 * sum(bool(re.match(SLASH_DATE, c)) for c in filled) > len(filled)
    # Only the spellings seen: the others still read (the general parser), just not on the fast path.
    stamps = tuple(k for k in STAMPS if any(re.search(_STAMP_RES[k], c) for c in filled)) if filled else STAMPS
    offsets = {c[19:] for c in filled if re.search(_CANON_WALL_RE, c)}
    return {"buddhist": buddhist, "spaced_offset": re.search(SPACED_OFFSET, text, re.M) is not None,
            "slashed": slashed, "stamps": stamps, "offset": offsets.pop() if len(offsets) == 1 else None}
