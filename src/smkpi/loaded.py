"""What loading hands on: per-file accounting (:class:`InputFile`), files not read, and the
typed, de-duplicated rows of each kind (:class:`Dataset`).

The accounting identity every :class:`InputFile` keeps: rows read = used + rejected + duplicates
dropped + blank (rows that are not data: blank lines, bare separators, "No data available.").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from .discover import Skipped  # a file not read: it feeds nothing (skipped) or cannot be read (errors)

# Internal columns: names no export uses (a file may well have a column called "_row").
ROW, REASON, BAD, FILE, KEEP = "__smkpi_row", "__smkpi_reason", "__smkpi_bad", "__smkpi_file", "__smkpi_keep"
BLANK = "__smkpi_blank"
# The currency of a row's amounts (after fx:), on money kinds' rows only when the inputs mix
# currencies: a value, group or period is then judged by the currencies of its own rows.
CURRENCY = "__smkpi_currency"
# The period its file declares (a Google Ads title line, GA4's "# Start date:"), on the rows of a
# file whose rows carry no date of their own: such a row counts in a window or period that holds
# its file's whole period (smkpi.segment), not in none.
DECLARED_FROM, DECLARED_TO = "__smkpi_declared_from", "__smkpi_declared_to"


@dataclass
class Problem:
    reason: str
    count: int
    rows: list[int]
    example: str | None = None

    def as_json(self) -> dict:
        return {"reason": self.reason, "count": self.count, "rows": self.rows, "example": self.example}


@dataclass
class InputFile:
    path: str
    kind: str
    format: str
    encoding: str = "utf-8"
    platform: str | None = None
    header_row: int = 1
    rows: int = 0
    used: int = 0
    rejected: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # file header -> canonical column
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    export: str | None = None  # the known export format (formats.specs), if recognised
    sheet: str | None = None
    blank: int = 0  # rows that are not data (blank, bare separators, a "No data available." notice)
    currency: str | None = None  # the currency the file declares (smkpi.currency), None: not declared
    period: tuple[dt.date, dt.date] | None = None  # the period the export says it covers (formats.period)
    inferred: int | None = None  # sentiment labels the model gave (comments read with infer=True)

    def as_json(self) -> dict:
        return {
            "path": self.path, "kind": self.kind, "format": self.format, "platform": self.platform,
            "currency": self.currency,
            "period": {"start": self.period[0].isoformat(), "end": self.period[1].isoformat()} if self.period else None,
            "rows": self.rows, "used": self.used, "rejected": self.rejected, "duplicates": self.duplicates,
            "blank": self.blank,
            "problems": [p.as_json() for p in self.problems], "unmapped": self.unmapped, "notes": self.notes,
            "inferred": self.inferred,
        }


@dataclass
class Dataset:
    kind: str
    rows: pl.DataFrame  # valid, typed rows with canonical + derived columns
    present: set[str]  # columns that at least one file supplied (or derived)
    keep: pl.Series | None = None  # false on the earlier copies of a duplicated row; None: no copies
    # Count columns whose total cannot be summed exactly in 64-bit integers ({column: float total}):
    # a KPI that reads one gives no value with a note rather than a wrapped, negative sum.
    too_large: dict[str, float] = field(default_factory=dict)

    def lazy(self) -> pl.LazyFrame:
        """The de-duplicated rows, as a query: dropping the copies costs nothing until it runs."""
        if self.keep is None:
            return self.rows.lazy()
        return self.rows.with_columns(self.keep.alias(KEEP)).lazy().filter(pl.col(KEEP)).drop(KEEP)

    @cached_property
    def frame(self) -> pl.DataFrame:
        """The de-duplicated rows (a copy of the kept ones, made on first use)."""
        return self.rows if self.keep is None else self.lazy().collect()


@dataclass
class Loaded:
    datasets: dict[str, Dataset]
    inputs: list[InputFile]
    skipped: list[Skipped]
    # Files that could not be read at all (one line each): the others are still reported, and
    # the run exits 2 ("could not judge everything").
    errors: list[Skipped] = field(default_factory=list)
