"""Cell parsers as Polars expressions.

Each parser takes the raw text column and returns ``(value, reason)``: the typed value, and a
reason string for cells that hold something but cannot be read (null when the cell is fine or
empty). The loader rejects a row whose any reason is non-null, so a bad cell never becomes 0
and never vanishes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from .kinds import ColType

# Cells that exports use for "no value". Compared after trimming and lower-casing.
NULL_TOKENS = ["", "-", "--", "—", "n/a", "na", "null", "none", "(not set)", "not available",
               "undefined"]  # TikTok's word for "no data yet"
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
# Day-first layouts, tried only for columns with Buddhist-era years: a BE year means a Thai locale,
# which writes day/month/year. Never for CE dates, where 01/10 is ambiguous and must not be guessed.
_BUDDHIST_DAY_FIRST = [f"%d{sep}%m{sep}%Y{t}" for sep in "/-" for t in (" %H:%M:%S", " %H:%M", "")]
# "01/10/2026", "1-10-2026 08:00": day/month or month/day, which only the user can say.
SLASH_DATE = r"^\s*\d{1,2}[/-]\d{1,2}[/-]\d{4}(\s|$)"


# A parser names its intermediate results through ``step(name, expr)``. Inline (the default) the
# step is the expression itself. The loader passes a :class:`Stager` instead, which turns every step
# into a column of its own ``with_columns`` stage: Polars does not share repeated sub-expressions
# here, and a value, its reason and the row's reason all refer to the same parsed number or date.
Step = Callable[[str, pl.Expr], pl.Expr]


def _inline(name: str, expr: pl.Expr) -> pl.Expr:
    return expr


class Stager:
    """Collects a parser's steps as columns: step k of every column goes into ``stages[k]``."""

    def __init__(self) -> None:
        self.stages: list[dict[str, pl.Expr]] = []

    def for_column(self, prefix: str) -> Step:
        k = 0

        def step(name: str, expr: pl.Expr) -> pl.Expr:
            nonlocal k
            if k == len(self.stages):
                self.stages.append({})
            col = f"__smkpi_{prefix}_{name}"
            self.stages[k][col] = expr
            k += 1
            return pl.col(col)

        return step

    def apply(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        for stage in self.stages:
            lf = lf.with_columns(**stage)
        return lf


def _any_case(token: str) -> str:
    # "n/a" -> "[nN]/[aA]": matches exactly the cells whose lower-case form is the token. Only
    # ASCII letters: no other character lower-cases to one of them except the Kelvin sign (to
    # "k", in no token), and lower-casing never shortens a string, so nothing else can match.
    if any(c.isalpha() and not c.isascii() for c in token):
        raise ValueError(f"null token {token!r}: only ASCII letters can be matched case-blind here")
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) if c in r".^$*+?{}[]\|()" else c
                   for c in token)


# One anchored regex instead of lower-casing every cell (a new string per cell) to compare it.
_NULL_RE = "^(?:" + "|".join(_any_case(t) for t in NULL_TOKENS) + ")$"
# The cells clean() changes: white space at either end (what strip_chars removes: regex \s and
# str.strip agree on Unicode White_Space), or a null token as it stands.
_UNCLEAN_RE = r"^\s|\s$|" + _NULL_RE


def clean(raw: pl.Expr) -> pl.Expr:
    """Trim, and turn the usual "no value" tokens into null."""
    s = raw.cast(pl.String)
    # Most cells are clean: one regex finds the others, and only those are trimmed and compared
    # (trimming every cell would copy every string).
    unclean = s.str.contains(_UNCLEAN_RE)
    t = pl.when(unclean).then(s).str.strip_chars()
    return pl.when(unclean).then(pl.when(t.str.contains(_NULL_RE)).then(None).otherwise(t)).otherwise(s)


def _number_text(s: pl.Expr) -> pl.Expr:
    """Drop currency symbols, spaces and thousands separators so "฿1,234.50" reads as 1234.50."""
    # One pass: currency codes at either end ("THB 1,000", "1,000 บาท"), symbols and spaces anywhere.
    s = s.str.replace_all(r"(?i)^\s*(?:US\$|USD|THB|EUR|GBP|JPY|SGD|บาท)|(?:USD|THB|EUR|GBP|JPY|SGD|บาท)\s*$|[\s$€£¥฿\u00a0]",
                          "")
    # Only a comma between digit groups is a thousands separator: "1,234" yes, "1,5" no.
    return pl.when(s.str.contains(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")).then(s.str.replace_all(",", "")).otherwise(s)


_SLOW_NUMBER = pl.Struct({"r": pl.String, "n": pl.Float64})


def _slow_number(left: pl.Series) -> pl.Series:
    """(cleaned text, number) of the cells a plain cast could not read; nulls elsewhere."""
    if left.null_count() == len(left):
        return pl.select(pl.repeat(None, len(left), dtype=_SLOW_NUMBER)).to_series()
    rest = clean(pl.col("x"))
    out = pl.DataFrame({"x": left}).select(r=rest, n=_number_text(rest).cast(pl.Float64, strict=False))
    return out.select(pl.struct("r", "n")).to_series()


def parse_number(raw: pl.Expr, col: str, *, whole: bool, step: Step = _inline) -> tuple[pl.Expr, pl.Expr]:
    # Fast path: most cells are plain numbers that a cast reads as they are (no trimming: a cell
    # with spaces fails the cast and takes the slow path). Only the cells it cannot read go
    # through clean() and _number_text() (on every other row that input is null, which costs
    # little). A cell the cast reads is never a null token and holds nothing _number_text()
    # would remove, so both paths give the same value.
    text = raw.cast(pl.String)
    fast = step("f", text.cast(pl.Float64, strict=False))
    left = pl.when(fast.is_null()).then(text)
    if step is _inline:
        rest = clean(left)
        num = pl.coalesce(fast, _number_text(rest).cast(pl.Float64, strict=False))
    else:
        # The cleaning runs per batch, and not at all on a batch the cast read entirely.
        slow = step("s", left.map_batches(_slow_number, return_dtype=_SLOW_NUMBER,
                                          is_elementwise=True))
        rest = step("r", slow.struct.field("r"))
        num = step("n", pl.coalesce(fast, slow.struct.field("n")))
    reason = pl.when(fast.is_null() & rest.is_null()).then(None).when(num.is_null()).then(pl.lit(f"{col} is not a number"))
    reason = step("why", _range_checks(reason, num, col, whole).otherwise(None))
    value = pl.when(reason.is_null()).then(num)
    return (value.cast(pl.Int64) if whole else value), reason


def range_reasons(col: str, whole: bool = True) -> list[str]:
    """The reasons a number that was read can still be rejected for, in the order they are checked."""
    out = [f"{col} is not a finite number", f"{col} is negative", f"{col} is implausibly large"]
    return out + [f"{col} is not a whole number"] if whole else out


def _range_checks(chain, num: pl.Expr, col: str, whole: bool):
    """``chain`` (a when/then chain) extended with the checks behind :func:`range_reasons`."""
    tests = [~num.is_finite(), num < 0, num > MAX_COUNT] + ([num != num.floor()] if whole else [])
    for test, why in zip(tests, range_reasons(col, whole)):
        chain = (pl.when(test) if chain is None else chain.when(test)).then(pl.lit(why))
    return chain


def parse_read_number(x: pl.Expr, col: str, *, whole: bool) -> tuple[pl.Expr, pl.Expr]:
    """:func:`parse_number` for a column the file reader already read as Float64.

    The reader accepts a subset of what the text path reads, with the same values (a cell it
    cannot read fails the whole read, and the loader then reads the file as text), so only the
    range checks remain, in the same order and with the same reasons.
    """
    reason = _range_checks(None, x, col, whole).otherwise(None)
    value = pl.when(reason.is_null()).then(x)
    return (value.cast(pl.Int64) if whole else value), reason


def read_number_text(x: pl.Expr) -> pl.Expr:
    """A number the file reader read, as text for messages: "-5", not "-5.0"."""
    whole = x.is_finite() & (x == x.floor()) & (x.abs() < MAX_COUNT)
    return pl.when(whole).then(x.cast(pl.Int64, strict=False).cast(pl.String)).otherwise(x.cast(pl.String))


def _leftovers(fn: Callable[[pl.Expr], dict[str, pl.Expr]], dtype: pl.Struct) -> Callable[[pl.Series], pl.Series]:
    """A batch function: ``fn`` (the general parser, as expressions of column "x") over the cells a
    fast path left (nulls elsewhere), as a struct; a batch with nothing left costs nothing."""

    def run(left: pl.Series) -> pl.Series:
        if left.null_count() == len(left):
            return pl.select(pl.repeat(None, len(left), dtype=dtype)).to_series()
        # Lazy, so the sub-expressions the parser repeats (the cleaned text) are computed once.
        frame = pl.LazyFrame({"x": left.cast(pl.String)})
        return frame.select(pl.struct(**fn(pl.col("x")))).collect(engine="in-memory").to_series()

    return run


def _bool_of(s: pl.Expr) -> pl.Expr:
    """True, False or null for cleaned, lower-case text."""
    return pl.when(s.is_in(TRUE_TOKENS)).then(True).when(s.is_in(FALSE_TOKENS)).then(False)


def parse_bool(raw: pl.Expr, col: str, step: Step = _inline) -> tuple[pl.Expr, pl.Expr]:
    if step is _inline:
        s = clean(raw).str.to_lowercase()
        value = _bool_of(s)
    else:
        # Fast path: a cell that is exactly a token ("true", "0") needs no cleaning; only the
        # rest is cleaned (a masked column: nulls cost next to nothing).
        text = raw.cast(pl.String)
        fast = step("f", _bool_of(text))
        s = step("s", clean(pl.when(fast.is_null()).then(text)).str.to_lowercase())
        value = step("v", pl.coalesce(fast, _bool_of(s)))
    reason = pl.when(s.is_not_null() & value.is_null()).then(pl.lit(f"{col} is not true/false"))
    return value, reason


def _sentiment_of(s: pl.Expr) -> pl.Expr:
    """The label a spelling stands for, else null (is_in rather than replace_strict: it streams)."""
    out = pl.lit(None, dtype=pl.String)
    for label in ("neutral", "negative", "positive"):
        out = pl.when(s.is_in([k for k, v in SENTIMENTS.items() if v == label])).then(pl.lit(label)).otherwise(out)
    return out


def _sentiment_general(raw: pl.Expr) -> dict[str, pl.Expr]:
    s = clean(raw).str.to_lowercase()
    return {"s": s, "v": _sentiment_of(s)}


_SENTIMENT_LEFT = pl.Struct({"s": pl.String, "v": pl.String})


def parse_sentiment(raw: pl.Expr, col: str, step: Step = _inline) -> tuple[pl.Expr, pl.Expr]:
    if step is _inline:
        g = _sentiment_general(raw)
        s, value = g["s"], g["v"]
    else:
        # Fast path: a cell that is exactly a label ("positive") needs no trimming or lower-casing
        # (the labels are lower case); the general parser runs per batch on the rest.
        text = raw.cast(pl.String)
        fast = step("f", pl.when((text == "positive") | (text == "negative") | (text == "neutral")).then(text))
        slow = step("s", pl.when(fast.is_null()).then(text).map_batches(
            _leftovers(_sentiment_general, _SENTIMENT_LEFT), return_dtype=_SENTIMENT_LEFT, is_elementwise=True))
        s, value = slow.struct.field("s"), step("v", pl.coalesce(fast, slow.struct.field("v")))
    reason = pl.when(s.is_not_null() & value.is_null()).then(pl.lit(f"{col} is not positive/negative/neutral"))
    return value, reason


def _csat_general(raw: pl.Expr) -> dict[str, pl.Expr]:
    return _csat_of(clean(raw).str.to_lowercase())


def _csat_of(s: pl.Expr) -> dict[str, pl.Expr]:
    """Score, good flag and "unread" of cleaned, lower-case CSAT text."""
    # Survey words as scores through when/then, not replace_strict: that would leave the streaming engine.
    words = pl.lit(None, dtype=pl.Float64)
    for word, points in CSAT_WORDS.items():
        words = pl.when(s == word).then(pl.lit(points)).otherwise(words)
    num = pl.coalesce(s.cast(pl.Float64, strict=False), words)
    score = pl.when((num >= 1) & (num <= 5)).then(num)
    good = (
        pl.when(score.is_not_null()).then(score >= 4)
        .when(s.is_in(CSAT_GOOD)).then(True)
        .when(s.is_in(CSAT_BAD)).then(False)
        .otherwise(None)
    )
    unread = s.is_not_null() & good.is_null() & ~s.is_in(CSAT_UNRATED)
    return {"score": score, "good": good, "unread": unread}


def parse_csat(raw: pl.Expr, col: str, step: Step = _inline) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """CSAT as (score 1-5 or null, good flag or null, reason). Good = 4-5 or "good"."""
    if step is _inline:
        g = _csat_general(raw)
        score, good, unread = g["score"], g["good"], g["unread"]
    else:
        # Fast path: a plain score "1" to "5"; the general parser reads the rest (a masked column).
        text = raw.cast(pl.String)
        fast = step("f", pl.when(text.is_in(["1", "2", "3", "4", "5"])).then(text.cast(pl.Float64, strict=False)))
        g = _csat_of(step("s", clean(pl.when(fast.is_null()).then(text)).str.to_lowercase()))
        score = step("n", pl.coalesce(fast, g["score"]))
        good = pl.when(fast.is_not_null()).then(fast >= 4).otherwise(g["good"])
        unread = g["unread"].fill_null(False)
    reason = pl.when(unread).then(pl.lit(f"{col} is not a 1-5 score or good/bad"))
    return score, good, reason


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
    if step is _inline:
        # Nothing is shared inline: one flat coalesce over every format, the first that reads wins.
        aware = pl.coalesce([iso.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us")
                             for f in rules.aware])
        naive = pl.coalesce([iso.str.to_datetime(f, strict=False, time_unit="us") for f in rules.naive])
    else:
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
                   spaced_offset: bool = False, slashed: bool = False) -> tuple[pl.Expr, pl.Expr]:
    """ISO 8601 text to a UTC datetime. Text without an offset is read in ``tz``.

    ``formats`` (strftime, naive) are tried before the ISO ones: export-specific layouts such as
    ``%m/%d/%Y %H:%M`` come from the format tables, never from guessing. ``yearless`` layouts
    ("%B %d": TikTok's "July 1") are read in ``year``; without a year such a cell is rejected with
    a reason that says how to give one. With ``buddhist``, Buddhist-era years (2569) are read as CE
    (2026) and day-first layouts (``01/10/2569 08:00``) are tried after the others; with
    ``spaced_offset``, "18:00 +0000" is read. With ``slashed`` (most cells look like ``NN/NN/NNNN``)
    the reason for an unread cell says how to name the layout. The loader sets these from a sample
    of the column (:func:`date_traits`) so files without them pay nothing.
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
    if step is _inline:
        value, iso, no_year = _general_datetime(raw, tz, rules, step)
        return value, pl.when(no_year).then(no_year_reason).when(iso.is_not_null() & value.is_null()).then(unread_reason)
    if buddhist:
        # The fast path would take "2569-10-01 10:00:00" as the CE year 2569: only the general parser shifts it.
        fast_value, fast_read, left = pl.lit(None, dtype=pl.Datetime("us", "UTC")), pl.lit(False), raw
    else:
        (fast_value, fast_read), left = _canonical_stamps(raw, tz, not formats, step)
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


def _canonical_stamps(raw: pl.Expr, tz: str, naive_too: bool, step: Step):
    """Fast path for the commonest spellings, and the cells left for the general parser.

    A cell is taken here only when it has exactly one of the spellings above (checked by a regex,
    which is cheaper than formatting every parsed value back to compare) and parses: the general
    parser reads such a cell as the same instant (``...Z`` and ``+07:00`` through the first offset
    format, the naive one through the first ISO naive format in ``tz``). Naive cells are left to
    the general parser when the sources name their own date formats, which it tries first.
    Returns ((value, read), rest): ``read`` is true for the cells taken here, ``rest`` the raw
    cells it did not take.
    """
    text = raw.cast(pl.String)
    size = step("cl", text.str.len_bytes())  # cells of another length are not tried at all
    z = pl.when(size == 20).then(text)
    utc = step("cu", pl.when(z.str.contains(_CANON_UTC_RE)).then(z)
               .str.to_datetime(_CANON_UTC, strict=False, time_unit="us"))
    # 2025-01-31T09:30:00+07:00: the wall clock, then the instant wall - offset.
    o = pl.when(size == 25).then(text)
    o = step("ct", pl.when(o.str.contains(_CANON_WALL_RE)).then(o))
    wall = o.str.slice(0, 19).str.to_datetime(_CANON_WALL, strict=False, time_unit="us")
    # Arithmetic rather than a lookup table: replace_strict would take the query off the streaming engine.
    sign = pl.when(o.str.slice(19, 1) == "-").then(-1).otherwise(1)
    minutes = sign * (o.str.slice(20, 2).cast(pl.Int64) * 60 + o.str.slice(23, 2).cast(pl.Int64))
    instant = step("cw", (wall.cast(pl.Int64) - minutes * 60_000_000).cast(pl.Datetime("us")))  # integer µs: streams
    value = pl.when(utc.is_not_null()).then(utc.dt.replace_time_zone("UTC"))
    value = value.when(instant.is_not_null()).then(instant.dt.replace_time_zone("UTC"))
    read = utc.is_not_null() | instant.is_not_null()
    if naive_too:
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

    filled = [c for c in cells if c and c.strip()]
    text = "\n".join(filled)
    buddhist = re.search(BUDDHIST_YEAR, text, re.M) is not None
    # Slash dates get a hint in the rejection reason; BE ones are read day-first, so they need none.
    slashed = not buddhist and bool(filled) and 2 * sum(bool(re.match(SLASH_DATE, c)) for c in filled) > len(filled)
    return {"buddhist": buddhist, "spaced_offset": re.search(SPACED_OFFSET, text, re.M) is not None,
            "slashed": slashed}


def parse_text(raw: pl.Expr) -> pl.Expr:
    """Trimmed text; empty and the "no value" tokens (``N/A``, ``-``, ...) are null, as in every column."""
    return clean(raw)


def parse_column(raw: pl.Expr, col: str, ctype: ColType, tz: str, date_formats: list[str] | None = None,
                 step: Step = _inline):
    """Dispatch on the canonical column type. Returns (value, reason) — CSAT is split elsewhere."""
    if ctype in (ColType.ID, ColType.TEXT):
        return step("v", parse_text(raw)), pl.lit(None, dtype=pl.String)
    if ctype == ColType.COUNT:
        return parse_number(raw, col, whole=True, step=step)
    if ctype in (ColType.MONEY, ColType.NUMBER):
        return parse_number(raw, col, whole=False, step=step)
    if ctype == ColType.BOOL:
        return parse_bool(raw, col, step)
    if ctype == ColType.SENTIMENT:
        return parse_sentiment(raw, col, step)
    if ctype == ColType.DATETIME:
        return parse_datetime(raw, col, tz, date_formats, step)
    raise ValueError(f"no parser for {ctype}")  # pragma: no cover - the kinds table is closed
