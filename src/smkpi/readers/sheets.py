"""What every spreadsheet container shares: pick the sheet, find its header, build the RawTable.

A container (``xlsx``, ``xls``, ``xmlss``) gives a :class:`Book`: its sheet names and, per sheet, the
rows that hold cells as ``(row number, {column index: text})``, checking its own bounds as it goes
(column past XFD, row past 1,048,576). Cells are text as the file shows them: numbers as written,
date cells as ``YYYY-MM-DD HH:MM:SS``, Excel error cells as their code (``#DIV/0!``), so an error
cell rejects its row with the cell as example, exactly as the same text in a CSV does.

Here, once per workbook: each sheet's first rows are scanned for a header (known column names),
the best sheet is read, its size checked against ``MAX_SHEET_CELLS`` *before* any cell is stored,
and General cells holding Excel serial numbers (``44008``) in a date column are read as dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polars as pl

from ..errors import InputError
from ..formats import detect
from ..formats.aliases import _TABLES, KNOWN_KEYS, header_key
from ..formats.specs import SPECS
from ..kinds import KINDS, ColType
from .base import MAX_COLUMNS, MAX_ROWS, MAX_SHEET_CELLS, SRC_ROW, RawTable, summary_filter, summary_note

Row = tuple[int, dict[int, str]]


class Book(Protocol):
    format: str  # the container, as inspect shows it

    def names(self) -> list[str]: ...

    def rows(self, name: str) -> Iterator[Row]:
        """Rows holding at least one cell, in order, numbered from 1; raises InputError past the limits."""
        ...


def _date_keys() -> set[str]:
    keys = {k for kind, rows in _TABLES.items() for k, c in rows if _is_date(kind, c)}
    return keys | {header_key(h) for s in SPECS if s.kind for h, c in s.columns.items() if _is_date(s.kind, c)}


def _is_date(kind: str, column: str) -> bool:
    col = KINDS[kind].column(column) if kind in KINDS else None
    return col is not None and col.type == ColType.DATETIME


DATE_KEYS = _date_keys()
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")  # 10000-99999: 1927-2173
EPOCH_1900 = dt.datetime(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug makes day 60 a 29 February)
EPOCH_1904 = dt.datetime(1904, 1, 1)


def serial_text(serial: float, epoch: dt.datetime = EPOCH_1900) -> str | None:
    """An Excel serial day number as ``YYYY-MM-DD HH:MM:SS``; None for one no date has (negative, past 9999)."""
    if not 0 <= serial < 2958466:
        return None
    return (epoch + dt.timedelta(days=serial)).replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S") \
        if serial >= 1 or epoch is EPOCH_1904 else None


def col_name(i: int) -> str:
    """0-based column index as letters (0 -> A)."""
    s, i = "", i + 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def check_cell(path: Path, sheet: str, col: int, row: int, ref: str = "") -> None:
    if col >= MAX_COLUMNS or row > MAX_ROWS or row < 1:
        where = ref[:40] or f"{col_name(col)}{row}"
        raise InputError(f"{path}: sheet '{sheet}' has a cell at {where}, past Excel's last cell XFD1048576; "
                         f"this is not a real export (save the sheet again from Excel)")


@dataclass
class _Scan:
    name: str
    head: list[list[str]]  # the first HEADER_SCAN_ROWS rows, dense
    header: int  # index into head
    score: tuple[int, int]


def _scan(book: Book, name: str) -> _Scan:
    """The sheet's first rows only (the reader stops there), its header and how well it matches."""
    head: dict[int, dict[int, str]] = {}
    for r, cells in book.rows(name):
        if r > detect.HEADER_SCAN_ROWS:
            break
        head[r] = cells
    width = max((max(c) + 1 for c in head.values() if c), default=0)
    dense = [[head.get(r, {}).get(c) or "" for c in range(width)] for r in range(1, max(head, default=0) + 1)]
    h = detect.find_header(dense, KNOWN_KEYS, header_key) if dense else 0
    keys = {header_key(c) for c in (dense[h] if dense else []) if c}
    # A sheet a known export's signature matches beats one with more generic names (Facebook's
    # "Lifetime Talking About This..." sheet has like/comment/share, its "Key Metrics" the export).
    score = (max((spec.matches(keys) for spec in SPECS), default=0), len(keys & KNOWN_KEYS))
    return _Scan(name, dense, h, score)


def read_book(path: Path, book: Book, sheet: str | int | None = None) -> RawTable:
    """The sheet with known columns (or ``sheet``), its header found as for CSV (notes above it)."""
    names = book.names()
    if sheet is not None:
        name = sheet if isinstance(sheet, str) else (names[sheet - 1] if 1 <= sheet <= len(names) else None)
        if name not in names:
            raise InputError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(names)}); fix sheet: under sources:")
        names = [name]
    best: _Scan | None = None
    for name in names:
        s = _scan(book, name)
        if best is None or s.score > best.score:
            best = s
    if best is None or not best.head:
        return RawTable(pl.LazyFrame(), [], book.format, "n/a", sheet=best.name if best else None)
    h = best.header
    header_row = h + 1
    header = list(best.head[h])
    data: list[list[str | None]] = [[] for _ in header]
    numbers: list[int] = []
    for r, row in book.rows(best.name):
        if r <= header_row:
            continue
        width = max(len(data), max(row) + 1)
        # Checked before a cell is stored: "A1 and XFD1048576" is 17 G cells once padded.
        if (r - header_row) * width > MAX_SHEET_CELLS:
            raise InputError(f"{path}: sheet '{best.name}' spans {r:,} rows x {width:,} columns; smkpi reads "
                             f"at most {MAX_SHEET_CELLS:,} cells per sheet (delete the empty rows and columns)")
        while len(data) < width:  # a cell right of the header: a column without a name
            data.append([None] * len(numbers))
        while len(numbers) < r - header_row - 1:  # rows with no cell at all are rows of empty cells
            numbers.append(header_row + len(numbers) + 1)
            for col in data:
                col.append(None)
        numbers.append(r)
        for c, col in enumerate(data):
            col.append(row.get(c))
    columns = detect.header_names(header + [""] * (len(data) - len(header)))
    epoch, serials = getattr(book, "epoch", EPOCH_1900), 0
    for i, c in enumerate(columns):
        if header_key(c) in DATE_KEYS:  # General cells in a date column: Excel serial day numbers
            n = sum(1 for v in data[i] if v and _SERIAL.match(v))
            if n:
                serials += n
                data[i] = [(serial_text(float(v), epoch) or v) if v and _SERIAL.match(v) else v for v in data[i]]
    frame = pl.DataFrame({c: pl.Series(c, v, dtype=pl.String) for c, v in zip(columns, data)})
    frame = frame.with_columns(pl.Series(SRC_ROW, numbers, dtype=pl.UInt32))
    others = [n for n in book.names() if n != best.name]
    notes = [f"read sheet '{best.name}' (others: {', '.join(others)})"] if others and sheet is None else []
    if h:
        notes.append(f"header on row {h + 1}; {h} row(s) above it skipped")
    if serials:
        notes.append(f"{serials:,} Excel serial day number(s) in date columns read as dates")
    notes += summary_note([[v or "" for v in row] for row in zip(*data[:3])], True)
    lf = summary_filter(frame.lazy(), columns, h + 2)
    return RawTable(lf, columns, book.format, "n/a", header_row=header_row, notes=notes,
                    preamble=[" ".join(c for c in r if c) for r in best.head[:h]], sheet=best.name)

