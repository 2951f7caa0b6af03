"""The fast path for an ``.xlsx`` sheet: calamine, once a byte scan has proved it safe and exact.

calamine (fastexcel) reads a sheet several times faster than :mod:`.xlsx`'s expat reader, but it
allocates the sheet's whole range (a 1.6 KB workbook naming ``XFD1048576`` aborts the process), reads
Excel error cells and dates no date has as empty, and starts its frame at the first cell holding a
value. So the sheet's XML is first scanned with byte patterns (one pass, no Python per cell beyond a
regex match): every cell reference is checked against Excel's limits, the dense range is measured,
and calamine is used only when the sheet holds no error cell, no date cell that cannot convert, no
cell without a reference, no DTD, uses the 1900 date system and its range is small. Anything else
returns None and the expat reader (exact for every case) reads the sheet. Both give the same cells.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .base import MAX_COLUMNS, MAX_ROWS, MAX_SHEET_CELLS

# Excel, LibreOffice, openpyxl and XlsxWriter write r first, unprefixed: the fast path needs both.
_CELL = re.compile(rb'<c r="([A-Z]{1,3})\d{1,7}"')
_ROW = re.compile(rb'<row r="(\d{1,7})"')
_DIM = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref="([^"]*)"')
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
FAST_CELLS = 10_000_000  # calamine holds about 32 bytes a cell: past this the expat reader streams the sheet


@dataclass
class Shape:
    first_row: int
    first_col: int
    rows: int
    cols: int


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters.upper().replace(b"$", b""):
        n = n * 26 + ch - 64
    return n - 1


def scan(chunks: Iterable[bytes], date_styles: set[int]) -> Shape | None:
    """The dense range calamine will read, or None when the expat reader must read the sheet (which
    also names whatever is wrong: a reference past Excel's last cell, a DTD). ``date_styles``: the
    cell styles that show dates."""
    date_cell = date_any = None
    if date_styles:
        styles = b"|".join(str(s).encode() for s in sorted(date_styles))
        date_any = re.compile(rb'<c [^>]*?\ss="(?:' + styles + rb')"[^>]*?(/?)>')
        date_cell = re.compile(rb'<c r="[A-Z]{1,3}\d{1,7}" s="(?:' + styles + rb')"(?: t="n")?><v>([^<]*)</v>')
    lo_r = lo_c = 1 << 30
    hi_r = hi_c = -1
    rest = b""
    for chunk in itertools.chain(chunks, [None]):
        buf = rest + (chunk or b"")
        if chunk is not None:
            cut = buf.rfind(b"</row>")
            cut = cut + 6 if cut >= 0 else buf.rfind(b">") + 1
            buf, rest = buf[:cut], buf[cut:]
        if _DTD.search(buf):
            return None  # the expat reader refuses it with its own message
        for ref in _DIM.findall(buf):
            corners = []
            for part in ref.split(b":"):
                m = re.fullmatch(rb"\$?([A-Za-z]{1,3})\$?(\d{1,7})", part)
                if not m or _col(m.group(1)) >= MAX_COLUMNS or not 1 <= int(m.group(2)) <= MAX_ROWS:
                    return None  # refused by the expat reader with the declared range in the message
                corners.append((_col(m.group(1)), int(m.group(2))))
            (c0, r0), (c1, r1) = corners[0], corners[-1]
            if (abs(c1 - c0) + 1) * (abs(r1 - r0) + 1) > MAX_SHEET_CELLS:
                return None  # calamine may size its range from the declared one
        rows = _ROW.findall(buf)
        if len(rows) != buf.count(b"<row ") + buf.count(b"<row>"):
            return None  # a row without r, or r not first: the expat reader checks it
        letters = _CELL.findall(buf)
        if len(letters) != buf.count(b"<c ") + buf.count(b"<c>") + buf.count(b"<c/>"):
            return None  # prefixed, r not first, or a reference past Excel's: the expat reader decides
        if b't="e"' in buf:
            return None  # an error cell: calamine reads #DIV/0! as empty
        if rows:
            # Rows and columns of every cell, empty ones too: when calamine's range (value cells only)
            # comes out smaller, the shapes differ and the expat reader reads the sheet.
            nums = [int(rows[0]), int(rows[-1])]
            cols = {_col(c) for c in set(letters)} or {0}
            if max(nums) > MAX_ROWS or max(cols) >= MAX_COLUMNS:
                return None  # the expat reader names the cell
            lo_r, hi_r, lo_c, hi_c = min(lo_r, *nums), max(hi_r, *nums), min(lo_c, *cols), max(hi_c, *cols)
        if date_cell is not None:
            values = date_cell.findall(buf)
            if len(values) != sum(1 for e in date_any.findall(buf) if not e):
                return None  # a date cell written another way (a formula, other attributes)
            for v in values:
                try:
                    x = float(v)
                except ValueError:
                    return None
                if not 1 <= x < 2958466:
                    return None  # a date cell no date has: calamine reads it as empty
    if hi_r < 0:
        return None
    shape = Shape(lo_r, lo_c, hi_r - lo_r + 1, hi_c - lo_c + 1)
    return shape if shape.rows * shape.cols <= FAST_CELLS else None
