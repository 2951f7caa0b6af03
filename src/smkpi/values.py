"""Cell parsers as Polars expressions.

Each parser takes the raw text column and returns ``(value, reason)``: the typed value, and a
reason string for cells that hold something but cannot be read (null when the cell is fine or
empty). The loader rejects a row whose any reason is non-null, so a bad cell never becomes 0
and never vanishes.
"""

from __future__ import annotations

import polars as pl

from .kinds import ColType

# Cells that exports use for "no value". Compared after trimming and lower-casing.
NULL_TOKENS = ["", "-", "--", "—", "n/a", "na", "null", "none", "(not set)", "not available"]
TRUE_TOKENS = ["true", "yes", "y", "1", "t", "ใช่", "จริง"]
FALSE_TOKENS = ["false", "no", "n", "0", "f", "ไม่", "ไม่ใช่", "เท็จ"]
SENTIMENTS = {
    "positive": "positive", "pos": "positive", "บวก": "positive", "เชิงบวก": "positive",
    "negative": "negative", "neg": "negative", "ลบ": "negative", "เชิงลบ": "negative",
    "neutral": "neutral", "neu": "neutral", "กลาง": "neutral", "เป็นกลาง": "neutral",
}
CSAT_GOOD = ["good", "satisfied", "positive", "ดี", "พอใจ", "good with comment", "awesome"]
CSAT_BAD = ["bad", "unsatisfied", "dissatisfied", "negative", "ไม่ดี", "ไม่พอใจ", "bad with comment", "not good",
            "just okay"]
CSAT_UNRATED = ["offered", "not offered", "unoffered", "not rated"]
# Five-point survey answers (Freshdesk custom surveys) read as 1-5 scores.
CSAT_WORDS = {"extremely happy": 5.0, "happy": 4.0, "neutral": 3.0, "unhappy": 2.0, "extremely unhappy": 1.0,
              "very satisfied": 5.0, "very dissatisfied": 1.0, "พอใจมาก": 5.0, "ไม่พอใจมาก": 1.0}
# Buddhist-era years (Thai calendar) are 543 ahead of CE; no export date is in CE 2400-2699.
BUDDHIST_ERA_OFFSET = 543
# Counts above this are corrupt data, and floats lose whole-number precision beyond 2**53.
MAX_COUNT = 2**53

_AWARE_FORMATS = ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M%:z", "%Y-%m-%d %H:%M%z"]
# An offset after a space, as X ("2020-02-10 18:00 +0000") and Zendesk write it.
_SPACED_OFFSET_FORMATS = ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"]
BUDDHIST_YEAR = r"(^|\D)2[4-6]\d\d(\D|$)"
SPACED_OFFSET = r"\d\s+[+-]\d{2}:?\d{2}(\D|$)"
_NAIVE_FORMATS = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


def clean(raw: pl.Expr) -> pl.Expr:
    """Trim, and turn the usual "no value" tokens into null."""
    s = raw.cast(pl.String).str.strip_chars()
    return pl.when(s.str.to_lowercase().is_in(NULL_TOKENS)).then(None).otherwise(s)


def _number_text(s: pl.Expr) -> pl.Expr:
    """Drop currency symbols, spaces and thousands separators so "฿1,234.50" reads as 1234.50."""
    # One pass: currency codes at either end ("THB 1,000", "1,000 บาท"), symbols and spaces anywhere.
    s = s.str.replace_all(r"(?i)^\s*(?:US\$|USD|THB|EUR|GBP|JPY|SGD|บาท)|(?:USD|THB|EUR|GBP|JPY|SGD|บาท)\s*$|[\s$€£¥฿\u00a0]",
                          "")
    # Only a comma between digit groups is a thousands separator: "1,234" yes, "1,5" no.
    return pl.when(s.str.contains(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")).then(s.str.replace_all(",", "")).otherwise(s)


def parse_number(raw: pl.Expr, col: str, *, whole: bool) -> tuple[pl.Expr, pl.Expr]:
    s = clean(raw)
    num = _number_text(s).cast(pl.Float64, strict=False)
    reason = (
        pl.when(s.is_null()).then(None)
        .when(num.is_null()).then(pl.lit(f"{col} is not a number"))
        .when(~num.is_finite()).then(pl.lit(f"{col} is not a finite number"))
        .when(num < 0).then(pl.lit(f"{col} is negative"))
        .when(num > MAX_COUNT).then(pl.lit(f"{col} is implausibly large"))
    )
    if whole:
        reason = reason.when(num != num.floor()).then(pl.lit(f"{col} is not a whole number"))
    reason = reason.otherwise(None)
    value = pl.when(reason.is_null()).then(num)
    return (value.cast(pl.Int64) if whole else value), reason


def parse_bool(raw: pl.Expr, col: str) -> tuple[pl.Expr, pl.Expr]:
    s = clean(raw).str.to_lowercase()
    value = pl.when(s.is_in(TRUE_TOKENS)).then(True).when(s.is_in(FALSE_TOKENS)).then(False).otherwise(None)
    reason = pl.when(s.is_not_null() & value.is_null()).then(pl.lit(f"{col} is not true/false"))
    return value, reason


def parse_sentiment(raw: pl.Expr, col: str) -> tuple[pl.Expr, pl.Expr]:
    s = clean(raw).str.to_lowercase()
    value = s.replace_strict(SENTIMENTS, default=None, return_dtype=pl.String)
    reason = pl.when(s.is_not_null() & value.is_null()).then(pl.lit(f"{col} is not positive/negative/neutral"))
    return value, reason


def parse_csat(raw: pl.Expr, col: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """CSAT as (score 1-5 or null, good flag or null, reason). Good = 4-5 or "good"."""
    s = clean(raw).str.to_lowercase()
    num = pl.coalesce(s.cast(pl.Float64, strict=False),
                      s.replace_strict(CSAT_WORDS, default=None, return_dtype=pl.Float64))
    score = pl.when((num >= 1) & (num <= 5)).then(num)
    good = (
        pl.when(score.is_not_null()).then(score >= 4)
        .when(s.is_in(CSAT_GOOD)).then(True)
        .when(s.is_in(CSAT_BAD)).then(False)
        .otherwise(None)
    )
    reason = pl.when(s.is_not_null() & good.is_null() & ~s.is_in(CSAT_UNRATED)).then(
        pl.lit(f"{col} is not a 1-5 score or good/bad")
    )
    return score, good, reason


def buddhist_to_ce(s: pl.Expr) -> pl.Expr:
    """Rewrite a Buddhist-era year (2400-2699) in date text as its CE year: "15/06/2569" -> "15/06/2026".

    Text-level, for callers that need the text; :func:`parse_datetime` shifts parsed values instead.
    """
    g = s.str.extract_groups(r"^(.*?)(?:^|\b)(2[456]\d\d)\b(.*)$")
    ce = (g.struct.field("2").cast(pl.Int32, strict=False) - BUDDHIST_ERA_OFFSET).cast(pl.String)
    return pl.when(ce.is_not_null()).then(pl.concat_str([g.struct.field("1"), ce, g.struct.field("3")])).otherwise(s)


def parse_datetime(raw: pl.Expr, col: str, tz: str, formats: list[str] | None = None, *,
                   yearless: list[str] | None = None, year: int | None = None, buddhist: bool = False,
                   spaced_offset: bool = False) -> tuple[pl.Expr, pl.Expr]:
    """ISO 8601 text to a UTC datetime. Text without an offset is read in ``tz``.

    ``formats`` (strftime, naive) are tried before the ISO ones: export-specific layouts such as
    ``%m/%d/%Y %H:%M`` come from the format tables, never from guessing. ``yearless`` layouts
    ("%B %d": TikTok's "July 1") are read in ``year``; without a year such a cell is rejected with
    a reason that says how to give one. With ``buddhist``, Buddhist-era years (2569) are read as CE
    (2026); with ``spaced_offset``, "18:00 +0000" is read. The loader sets both from a sample of
    the column (:func:`date_traits`) so files without them pay nothing.
    """
    s = clean(raw)
    # One spelling of ISO 8601 so a handful of formats cover it: "T" separator and "Z" suffix.
    iso = s.str.replace(r"^(\d{4}-\d{2}-\d{2})[T ]", "$1 ").str.replace(r"(?i)\s*(Z|UTC|GMT)$", "+00:00")
    aware_fmts = _AWARE_FORMATS + (_SPACED_OFFSET_FORMATS if spaced_offset else [])
    aware = [iso.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us") for f in aware_fmts]
    naive_fmts = list(formats or []) + _NAIVE_FORMATS
    naive_parts = [iso.str.to_datetime(f, strict=False, time_unit="us") for f in naive_fmts]
    no_year = pl.lit(False)
    if yearless:
        # 1972 is a leap year, so "February 29" still parses when only checking the layout.
        with_year = pl.concat_str([iso, pl.lit(f" {year or 1972}")])
        parsed = pl.coalesce([with_year.str.to_datetime(f"{f} %Y", strict=False, time_unit="us") for f in yearless])
        if year is None:
            no_year = parsed.is_not_null()
        else:
            naive_parts.append(parsed)
    naive = pl.coalesce(naive_parts)
    # Daylight-saving gaps do not exist in Asia/Bangkok, but do in other zones: a local time in
    # the gap is unreadable, and an ambiguous one takes the earlier instant.
    local = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null").dt.convert_time_zone("UTC")
    value = pl.coalesce([*aware, local])
    if buddhist:
        # Buddhist-era years (2400-2699) parse as such and are shifted back; no export holds CE
        # dates that far ahead. The shift comes from the text so the parse is built only once.
        shift = pl.when(iso.str.contains(BUDDHIST_YEAR)).then(pl.lit(f"-{BUDDHIST_ERA_OFFSET}y")).otherwise(pl.lit("0y"))
        value = value.dt.offset_by(shift)
    reason = (pl.when(no_year).then(pl.lit(f"{col} has no year; pass --year or set year: under sources:"))
              .when(s.is_not_null() & value.is_null()).then(pl.lit(f"{col} is not a date/time")))
    return value, reason


def parse_hours(raw: pl.Expr, col: str) -> tuple[pl.Expr, pl.Expr]:
    """A duration in hours to minutes: ``H:MM:SS`` / ``H:MM`` (hours may exceed 24) or decimal hours.

    Freshdesk writes "First response time (in hrs)" as "01:30:00" (= 90 minutes).
    """
    s = clean(raw)
    g = s.str.extract_groups(r"^(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$")
    h = g.struct.field("1").cast(pl.Float64, strict=False)
    m = g.struct.field("2").cast(pl.Float64, strict=False)
    sec = g.struct.field("3").cast(pl.Float64, strict=False).fill_null(0.0)
    hms = h * 60 + m + sec / 60
    dec, dec_reason = parse_number(s, col, whole=False)
    value = pl.when(h.is_not_null()).then(hms).otherwise(dec * 60)
    reason = pl.when(h.is_not_null()).then(None).otherwise(
        pl.when(dec_reason.is_not_null()).then(pl.lit(f"{col} is not a duration like 1:30:00")))
    return value, reason


def parse_hms_seconds(raw: pl.Expr, col: str) -> tuple[pl.Expr, pl.Expr]:
    """``H:MM:SS`` / ``M:SS`` (YouTube's average view duration) or plain seconds, to seconds."""
    s = clean(raw)
    g = s.str.extract_groups(r"^(?:(\d+):)?(\d+):([0-5]\d(?:\.\d+)?)$")
    h = g.struct.field("1").cast(pl.Float64, strict=False).fill_null(0.0)
    m = g.struct.field("2").cast(pl.Float64, strict=False)
    sec = g.struct.field("3").cast(pl.Float64, strict=False)
    plain, plain_reason = parse_number(s, col, whole=False)
    value = pl.when(m.is_not_null()).then(h * 3600 + m * 60 + sec).otherwise(plain)
    reason = pl.when(m.is_not_null()).then(None).otherwise(
        pl.when(plain_reason.is_not_null()).then(pl.lit(f"{col} is not a duration like 0:02:15")))
    return value, reason


def parse_percent(raw: pl.Expr, col: str) -> tuple[pl.Expr, pl.Expr]:
    """"20%", "5.00 %", "1,234.5%" to a fraction (0.2); a bare number is read as a percentage too."""
    s = clean(raw)
    num = _number_text(s.str.replace(r"\s*%$", "")).cast(pl.Float64, strict=False)
    reason = (pl.when(s.is_null()).then(None)
              .when(num.is_null() | ~num.is_finite()).then(pl.lit(f"{col} is not a percentage"))
              .when(num < 0).then(pl.lit(f"{col} is negative")).otherwise(None))
    return pl.when(reason.is_null()).then(num / 100), reason


def parse_tag_flag(raw: pl.Expr, words: tuple[str, ...] | list[str]) -> pl.Expr:
    """True when a tags cell ("vip escalated", "[\"escalated\"]", "a,b") holds any of ``words``."""
    s = raw.cast(pl.String).str.to_lowercase().fill_null("")
    tokens = s.str.extract_all(r"[\w\-]+")
    return tokens.list.eval(pl.element().is_in([w.lower() for w in words])).list.any()


def date_traits(cells: list[str]) -> dict[str, bool]:
    """Which optional date spellings a sample of a column's cells uses (keyword args of parse_datetime)."""
    import re

    text = "\n".join(c for c in cells if c)
    return {"buddhist": re.search(BUDDHIST_YEAR, text, re.M) is not None,
            "spaced_offset": re.search(SPACED_OFFSET, text, re.M) is not None}


def parse_text(raw: pl.Expr) -> pl.Expr:
    s = raw.cast(pl.String).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def parse_column(raw: pl.Expr, col: str, ctype: ColType, tz: str, date_formats: list[str] | None = None):
    """Dispatch on the canonical column type. Returns (value, reason) — CSAT is split elsewhere."""
    if ctype in (ColType.ID, ColType.TEXT):
        return parse_text(raw), pl.lit(None, dtype=pl.String)
    if ctype == ColType.COUNT:
        return parse_number(raw, col, whole=True)
    if ctype in (ColType.MONEY, ColType.NUMBER):
        return parse_number(raw, col, whole=False)
    if ctype == ColType.BOOL:
        return parse_bool(raw, col)
    if ctype == ColType.SENTIMENT:
        return parse_sentiment(raw, col)
    if ctype == ColType.DATETIME:
        return parse_datetime(raw, col, tz, date_formats)
    raise ValueError(f"no parser for {ctype}")  # pragma: no cover - the kinds table is closed
