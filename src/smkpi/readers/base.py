"""The one interface every container reader gives: :class:`RawTable`, plus the rules they share.

A reader turns a file's bytes into a table of text cells, exactly as the file has them: no typing
(:mod:`smkpi.values` tells an empty cell from an unreadable one), no mapping (:mod:`smkpi.formats`
does that). What a reader must do, whatever the container:

- ``frame``: a lazy frame of String columns, one per header cell (names unique; see ``columns``);
  ``PRE_REASON`` (optional): the reader's own reason to reject a row (a JSON line that does not
  parse, a CSV row with too few fields); ``SRC_ROW`` (optional): the row's number in the file, when
  the reader dropped rows (preamble, Total rows, rows it never saw).
- ``columns``: the header names, in file order, as the frame names them.
- Refuse a file it cannot read, or one past the limits below, with one :class:`InputError` line
  naming the file (and the line, sheet or cell where there is one). Never let a Rust panic, a
  signal or an unbounded allocation happen: check sizes before reading.

The limits (README "What smkpi guarantees about bad input") are here, so every reader uses the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from ..errors import InputError
from ..formats import detect

SNIFF_BYTES = 64 * 1024
PASS_CHUNK = 16 << 20  # bytes read at a time where a pass over a whole file runs in Python
# What a failed Polars read raises: its errors, and a Rust panic (pyo3's PanicException is a
# BaseException, not an Exception: "except PolarsError" alone lets it end the run with a traceback).
READ_FAILURES = (pl.exceptions.PolarsError, pl.exceptions.PanicException)
PRE_REASON = "__smkpi_pre_reason"  # a reader's own reason to reject a row (e.g. a JSON line that does not parse)
SUMMARY = "__smkpi_summary"  # RawTable.head: a summary row, which RawTable.frame drops
SRC_ROW = "__smkpi_src_row"  # the row's number in the file, when the reader dropped rows (preamble, Total rows)

# --- limits: far above any real export, far below what would exhaust memory ------------------------------
MAX_COLUMNS = 16_384  # Excel's own limit (column XFD); also columns of a CSV and keys of a JSON record
MAX_ROWS = 1_048_576  # Excel's own limit (rows of a sheet)
MAX_SHEET_CELLS = 50_000_000  # rows x header columns of one sheet, empty cells included
MAX_UNPACKED = 512 << 20  # bytes one spreadsheet part (a sheet's XML) may unpack to
MAX_RATIO = 200  # unpacked : packed size of a zip part past 1 MiB (real sheets are 5-30:1)
MAX_HEADER_LINE = 1 << 20  # bytes a CSV's header line may take
MAX_JSON_BYTES = 512 << 20  # a JSON file is parsed whole, so its size is capped
MAX_DEPTH = 64  # nesting of a JSON cell (objects and arrays) before the record is refused
QUOTE_CHARS = 80  # a header or cell quoted in a message is cut to this many characters


def quote(text: object, limit: int = QUOTE_CHARS) -> str:
    """``text`` cut for a message: a 200 MB header never becomes a 200 MB stderr line."""
    s = str(text)
    return s if len(s) <= limit else f"{s[:limit]}… ({len(s):,} characters)"


def too_many_columns(path: object, n: int, what: str = "the header has") -> InputError:
    return InputError(f"{path}: {what} {n:,} columns; smkpi reads at most {MAX_COLUMNS:,} "
                      f"(Excel's limit); export fewer columns")


@dataclass
class RawTable:
    """A file's cells as text, plus how it was read (shown by ``smkpi inspect``)."""

    frame: pl.LazyFrame
    columns: list[str]  # header names as in the file
    format: str  # the container: csv, json, jsonl, xlsx, xls, xml-spreadsheet
    encoding: str = "utf-8"
    separator: str | None = None
    header_row: int = 1  # 1-based line (or sheet row) of the header
    notes: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)  # lines above the header (titles, # comments)
    sheet: str | None = None  # the Excel sheet read
    # The same frame with some columns typed by the file reader itself ({column: Float64}, and
    # {column: token} read as null), which skips their text entirely; the read fails on a cell
    # the type cannot hold (CSV only).
    typed: Callable[[dict[str, pl.DataType], dict[str, str] | None], pl.LazyFrame] | None = None
    sample: list[list[str]] = field(default_factory=list)  # rows of cells from the file's head and tail
    # The first n data rows as text, before any are dropped, SUMMARY true on the Total rows that
    # ``frame`` drops: a cheap look at the start of a big file (CSV only).
    head: Callable[[int], pl.LazyFrame] | None = None
    # Headers one edit from a known column ("likse"): said for a hand-made file only, since a
    # platform's own export (a matched format spec) writes its headers as they are ("Saves").
    hints: list[str] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        """Spreadsheet-style number of the first data row, for messages ("row 7")."""
        return self.header_row + 1


def summary_rows(columns: list[str], typed: dict[str, pl.DataType] | None = None) -> pl.Expr:
    """True on summary rows: the first non-empty of the first three cells is ``Total``..."""
    # Summary labels sit at the left: looking at the first three cells keeps this cheap on wide files.
    # A typed (numeric) cell that holds a value is a non-empty cell that is not a label.
    first = pl.coalesce([pl.when(pl.col(c).is_not_null()).then(pl.lit("0")) if typed and c in typed
                         else pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c)) for c in columns[:3]])
    return first.str.contains(detect.TOTAL_ROW).fill_null(False)


def summary_filter(lf: pl.LazyFrame, columns: list[str], first_row: int,
                   typed: dict[str, pl.DataType] | None = None) -> pl.LazyFrame:
    """Number the rows as in the file (unless the reader did), then drop summary rows."""
    if SRC_ROW not in lf.collect_schema().names():
        lf = lf.with_row_index(SRC_ROW, offset=first_row)
    return lf.filter(~summary_rows(columns, typed)) if columns else lf


def summary_note(rows: list[list[str]], complete: bool) -> list[str]:
    total = re.compile(detect.TOTAL_ROW)
    hits = [next((c for c in r[:3] if c and c.strip()), "") for r in rows]
    hits = [h for h in hits if total.match(h)]
    if hits:
        where = "" if complete else f" in the first and last {SNIFF_BYTES // 1024} KiB"
        return [f"dropped {len(hits)} summary row(s){where} ({', '.join(sorted(set(h.strip() for h in hits)))}): "
                f"totals are not data"]
    return []


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted, replaced or swapped character."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def header_hints(columns: list[str], limit: int = 200) -> list[str]:
    """A note per header one edit from a known column name (``likse`` -> ``likes``): a typo, not a new column."""
    from ..formats.aliases import KNOWN_KEYS, header_key

    keys = {header_key(c) for c in columns}
    known = sorted(k for k in KNOWN_KEYS if len(k) >= 4)
    notes = []
    for c in columns[:limit]:
        k = header_key(c)
        if len(k) < 4 or k in KNOWN_KEYS:
            continue
        near = next((n for n in known if _one_edit(k, n) and n not in keys), None)
        if near:
            notes.append(f"header {quote(c)!r} is one edit from the known column '{near}'; "
                         f"rename it, or map it under sources: rename")
    return notes
