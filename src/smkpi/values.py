"""Cell parsers as Polars expressions.

Each parser takes the raw text column and returns ``(value, reason)``: the typed value, and a
reason string for cells that hold something but cannot be read (null when the cell is fine or
empty). The loader rejects a row whose any reason is non-null, so a bad cell never becomes 0
and never vanishes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
# Counts from this up are corrupt data, and floats lose whole-number precision from 2**53 on.
MAX_COUNT = 2**53

# Each parser has one formulation: a fast path for the commonest spellings, and the general parser
# on what it leaves (tests/test_values_staged.py checks the two agree on every cell). A parser names
# its intermediate results through ``step(name, expr)``. Inline (the default) the step is the
# expression itself. The loader passes a :class:`Stager` instead, which turns every step into a
# column of its own ``with_columns`` stage: Polars does not share repeated sub-expressions here,
# and a value, its reason and the row's reason all refer to the same parsed number or date.
Step = Callable[[str, pl.Expr], pl.Expr]


def _inline(name: str, expr: pl.Expr) -> pl.Expr:
    return expr


class Stager:
    """Collects a parser's steps as columns: step k of every column goes into ``stages[k]``."""

    def __init__(self) -> None:
        self.stages: list[dict[str, pl.Expr]] = []

    def for_column(self, prefix: str) -> Step:
        k = 0
        names: set[str] = set()

        def step(name: str, expr: pl.Expr) -> pl.Expr:
            nonlocal k
            if name in names:  # a later stage would silently redefine the column an earlier one read
                raise ValueError(f"parse step {name!r} used twice for column {prefix!r}")
            names.add(name)
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
NULL_RE = "^(?:" + "|".join(_any_case(t) for t in NULL_TOKENS) + ")$"  # a whole cell that is a token
# The cells clean() changes: white space at either end (what strip_chars removes: regex \s and
# str.strip agree on Unicode White_Space), or a null token as it stands.
_UNCLEAN_RE = r"^\s|\s$|" + NULL_RE


def clean(raw: pl.Expr, step: Step = _inline) -> pl.Expr:
    """Trim, and turn the usual "no value" tokens into null.

    ``step`` (a parser's, see :class:`Stager`) makes the input and the flag columns of their own:
    a fast path's leftovers are a masked expression, which would otherwise be computed three times.
    """
    s = step("ci", raw.cast(pl.String))
    # Most cells are clean: one regex finds the others, and only those are trimmed and compared
    # (trimming every cell would copy every string).
    unclean = step("cu", s.str.contains(_UNCLEAN_RE))
    t = pl.when(unclean).then(s).str.strip_chars()
    return pl.when(unclean).then(pl.when(t.str.contains(NULL_RE)).then(None).otherwise(t)).otherwise(s)


# A number with thousands separators and nothing else ("1,234", "-12,345.5").
_THOUSANDS_RE = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"


def _number_text(s: pl.Expr) -> pl.Expr:
    """Drop currency symbols, spaces and thousands separators so "฿1,234.50" reads as 1234.50."""
    # One pass: currency codes at either end ("THB 1,000", "1,000 บาท"), symbols and spaces anywhere.
    s = s.str.replace_all(r"(?i)^\s*(?:US\$|USD|THB|EUR|GBP|JPY|SGD|บาท)|(?:USD|THB|EUR|GBP|JPY|SGD|บาท)\s*$|[\s$€£¥฿\u00a0]",
                          "")
    # Only a comma between digit groups is a thousands separator: "1,234" yes, "1,5" no.
    return pl.when(s.str.contains(_THOUSANDS_RE)).then(s.str.replace_all(",", "")).otherwise(s)


def parse_number(raw: pl.Expr, col: str, *, whole: bool, step: Step = _inline) -> tuple[pl.Expr, pl.Expr]:
    # Fast path: most cells are plain numbers that a cast reads as they are (no trimming: a cell
    # with spaces fails the cast and takes the slow path). Only the cells it cannot read go
    # through clean() and _number_text(). A cell the cast reads is never a null token and holds nothing _number_text()
    # would remove, so both paths give the same value.
    text = raw.cast(pl.String)
    fast = step("f", text.cast(pl.Float64, strict=False))
    # Second fast path, for what exports write most after plain numbers: "1,234" (no spaces or
    # symbols, so clean() and _number_text() would only drop the commas) and a bare null token
    # ("N/A", "-": clean() makes it null). Neither reaches the general parser.
    other = pl.when(fast.is_null()).then(text)
    sep = step("t", pl.when(other.str.contains(_THOUSANDS_RE))
               .then(other.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)))
    token = other.str.contains(NULL_RE)
    # The general parser on what is left, in the query itself (per batch in Python it would hold
    # the GIL on every batch). Polars' string kernels cost about as much on a null slot as on a
    # value, so each step here is a pass over the column: the steps are columns (computed once),
    # and there are few of them.
    rest = step("r", clean(pl.when(sep.is_null() & ~token).then(other), step))
    num = step("n", pl.coalesce(fast, sep, _number_text(rest).cast(pl.Float64, strict=False)))
    reason = pl.when(fast.is_null() & sep.is_null() & rest.is_null()).then(None).when(num.is_null()).then(pl.lit(f"{col} is not a number"))
    reason = step("why", _range_checks(reason, num, col, whole).otherwise(None))
    value = pl.when(reason.is_null()).then(num)
    return (value.cast(pl.Int64) if whole else value), reason


def range_reasons(col: str, whole: bool = True) -> list[str]:
    """The reasons a number that was read can still be rejected for, in the order they are checked."""
    out = [f"{col} is not a finite number", f"{col} is negative", f"{col} is implausibly large"]
    return out + [f"{col} is not a whole number"] if whole else out


def _range_checks(chain, num: pl.Expr, col: str, whole: bool):
    """``chain`` (a when/then chain) extended with the checks behind :func:`range_reasons`."""
    # A count of 2**53 or more cannot be told from its neighbours once read as a float (2**53 + 1
    # reads as 2**53): rejected. Amounts are checked against the same bound, exclusive.
    tests = [~num.is_finite(), num < 0, (num >= MAX_COUNT) if whole else (num > MAX_COUNT)] + (
        [num != num.floor()] if whole else [])
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


def _bool_of(s: pl.Expr) -> pl.Expr:
    """True, False or null for cleaned, lower-case text."""
    return pl.when(s.is_in(TRUE_TOKENS)).then(True).when(s.is_in(FALSE_TOKENS)).then(False)


def parse_bool(raw: pl.Expr, col: str, step: Step = _inline) -> tuple[pl.Expr, pl.Expr]:
    # Fast path: a cell that is exactly a token ("true", "0") needs no cleaning; only the rest is
    # cleaned (a masked column: a pass over the column, but no string copied for the fast cells).
    text = raw.cast(pl.String)
    fast = step("f", _bool_of(text))
    s = step("s", clean(pl.when(fast.is_null()).then(text), step).str.to_lowercase())
    value = step("v", pl.coalesce(fast, _bool_of(s)))
    reason = pl.when(s.is_not_null() & value.is_null()).then(pl.lit(f"{col} is not true/false"))
    return value, reason


def _sentiment_of(s: pl.Expr) -> pl.Expr:
    """The label a spelling stands for, else null (is_in rather than replace_strict: it streams)."""
    out = pl.lit(None, dtype=pl.String)
    for label in ("neutral", "negative", "positive"):
        out = pl.when(s.is_in([k for k, v in SENTIMENTS.items() if v == label])).then(pl.lit(label)).otherwise(out)
    return out


def parse_sentiment(raw: pl.Expr, col: str, step: Step = _inline) -> tuple[pl.Expr, pl.Expr]:
    # Fast path: a cell that is exactly a label ("positive") needs no trimming or lower-casing (the
    # labels are lower case). The general parser sees only the rest (a masked column), in the
    # query itself: a per-batch Python call would hold the GIL on every batch that has one
    # "Positive" or " neutral" in it, which real exports mostly do.
    text = raw.cast(pl.String)
    fast = step("f", pl.when((text == "positive") | (text == "negative") | (text == "neutral")).then(text))
    s = step("s", clean(pl.when(fast.is_null()).then(text), step).str.to_lowercase())
    value = step("v", pl.coalesce(fast, _sentiment_of(s)))
    reason = pl.when(s.is_not_null() & value.is_null()).then(pl.lit(f"{col} is not positive/negative/neutral"))
    return value, reason


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
    # Fast path: a plain score "1" to "5"; the general parser reads the rest (a masked column).
    text = raw.cast(pl.String)
    fast = step("f", pl.when(text.is_in(["1", "2", "3", "4", "5"])).then(text.cast(pl.Float64, strict=False)))
    g = _csat_of(step("s", clean(pl.when(fast.is_null()).then(text), step).str.to_lowercase()))
    score = step("n", pl.coalesce(fast, g["score"]))
    good = pl.when(fast.is_not_null()).then(fast >= 4).otherwise(g["good"])
    unread = g["unread"].fill_null(False)
    reason = pl.when(unread).then(pl.lit(f"{col} is not a 1-5 score or good/bad"))
    return score, good, reason


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
        from .dates import parse_datetime

        return parse_datetime(raw, col, tz, date_formats, step)
    raise ValueError(f"no parser for {ctype}")  # pragma: no cover - the kinds table is closed


# Date and time cells live in smkpi.dates (which builds on clean() and Stager above); these names
# stay importable from here.
_DATES = {"BUDDHIST_ERA_OFFSET", "BUDDHIST_YEAR", "SLASH_DATE", "SPACED_OFFSET", "buddhist_to_ce", "date_traits",
          "parse_datetime"}


def __getattr__(name: str):
    if name in _DATES:
        from . import dates

        return getattr(dates, name)
    raise AttributeError(name)
