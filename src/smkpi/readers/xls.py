"""Excel 97-2003 binary workbooks (BIFF ``.xls``, an OLE container), read with fastexcel (calamine).

BIFF caps a sheet at 65,536 rows x 256 columns, so calamine's range cannot grow past 16.8 M cells
(the xlsx bombs cannot be built in this format); the file size is capped before it is opened.
Error cells come back empty from calamine: a limitation of this container, said in a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .base import MAX_UNPACKED, quote
from .sheets import Row

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class XlsBook:
    format = "xls"

    def __init__(self, path: Path) -> None:
        import polars as pl

        self.path = path
        size = path.stat().st_size
        if size > MAX_UNPACKED:
            raise InputError(f"{path}: {size:,} bytes is larger than smkpi reads for an .xls workbook")
        try:
            sheets = pl.read_excel(path, sheet_id=0, has_header=False, infer_schema_length=0, raise_if_empty=False)
        except Exception as e:  # the Excel engine raises its own exception types
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise InputError(f"{path}: cannot read as an Excel 97-2003 workbook: {quote(msg, 200)}") from None
        self._sheets = {n: df.select(pl.all().cast(pl.String)) for n, df in sheets.items()}

    def names(self) -> list[str]:
        return list(self._sheets)

    def rows(self, name: str) -> Iterator[Row]:
        for r, row in enumerate(self._sheets[name].iter_rows(), 1):
            cells = {c: v for c, v in enumerate(row) if v is not None and v != ""}
            if cells:
                yield r, cells
