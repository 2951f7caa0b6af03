"""XML Spreadsheet 2003 (``<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``).

Legacy Facebook Insights exports are this, under an ``.xls`` name. One XML document: worksheets of
``Row`` / ``Cell`` / ``Data`` elements, where ``ss:Index`` skips rows or cells and ``ss:MergeAcross``
widens a cell. Read with expat through :mod:`.xmlsafe` (no DTD, no entities), streamed from the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .base import MAX_UNPACKED
from .sheets import Row, check_cell
from .xmlsafe import parse_stream

MARK = b"urn:schemas-microsoft-com:office:spreadsheet"
_CHUNK = 1 << 20


def is_xml_spreadsheet(head: bytes) -> bool:
    """Whether a file's first bytes are an XML Spreadsheet 2003 document."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<") and MARK in head[:8192]


def _int(v: str | None, what: str, path: Path) -> int | None:
    if v is None:
        return None
    if not v.strip().isdigit() or len(v.strip()) > 7:
        raise InputError(f"{path}: {what} {v[:40]!r} is past Excel's last cell XFD1048576; this is not a real export")
    return int(v)


class XmlSpreadsheetBook:
    format = "xml-spreadsheet"

    def __init__(self, path: Path) -> None:
        self.path = path
        size = path.stat().st_size
        if size > MAX_UNPACKED:
            raise InputError(f"{path}: {size:,} bytes is larger than smkpi reads for an XML spreadsheet "
                             f"({MAX_UNPACKED >> 20} MiB); export CSV instead")
        self._names: list[str] = []
        for _ in self._walk(None):
            pass

    def _chunks(self) -> Iterator[bytes]:
        with open(self.path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                yield chunk

    def names(self) -> list[str]:
        return list(self._names)

    def rows(self, name: str) -> Iterator[Row]:
        return self._walk(name)

    def _walk(self, want: str | None) -> Iterator[Row]:
        """Rows of sheet ``want``; with None, only collect the sheet names."""
        path, done = self.path, []
        cur: dict = {"sheet": None, "row": 0, "col": -1, "cells": {}, "data": None, "type": None, "on": False}

        def start(tag: str, a: dict) -> None:
            if tag == "Worksheet":
                name = a.get("Name") or f"Sheet{len(self._names) + 1}"
                if want is None:
                    self._names.append(name)
                cur.update(sheet=name, row=0, on=name == want)
            elif not cur["on"]:
                return
            elif tag == "Table":
                rows = _int(a.get("ExpandedRowCount"), "the sheet's row count", path)
                cols = _int(a.get("ExpandedColumnCount"), "the sheet's column count", path)
                check_cell(path, cur["sheet"], (cols or 1) - 1, rows or 1)
            elif tag == "Row":
                n = _int(a.get("Index"), "row", path) or cur["row"] + 1
                check_cell(path, cur["sheet"], 0, n)
                cur.update(row=n, col=-1, cells={})
            elif tag == "Cell":
                c = (_int(a.get("Index"), "cell", path) or cur["col"] + 2) - 1
                check_cell(path, cur["sheet"], c, max(cur["row"], 1))
                cur.update(col=c + (_int(a.get("MergeAcross"), "merge", path) or 0), start=c, data=None)
            elif tag == "Data":
                cur.update(data=[], type=a.get("Type", "String"))

        def end(tag: str) -> None:
            if not cur["on"]:
                return
            if tag == "Data" and cur["data"] is not None:
                v = "".join(cur["data"])
                t = cur["type"]
                if t == "DateTime":  # 2026-06-01T09:00:00.000
                    v = v.replace("T", " ").split(".")[0]
                elif t == "Boolean":
                    v = "true" if v.strip() in ("1", "true") else "false"
                if v != "":
                    cur["cells"][cur["start"]] = v
                cur["data"] = None
            elif tag == "Row" and cur["cells"]:
                done.append((cur["row"], cur["cells"]))
            elif tag == "Worksheet":
                cur["on"] = False

        def text(s: str) -> None:
            if cur["on"] and cur["data"] is not None:
                cur["data"].append(s)  # Data may hold html runs (<B>, <Font>): their text is the cell's

        yield from parse_stream(self._chunks(), start, end, text, str(path), done)
