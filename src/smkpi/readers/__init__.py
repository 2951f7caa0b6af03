"""Read an export file into a table of text columns, exactly as the file has them.

One module per container, behind one interface (:class:`RawTable`, see :mod:`.base`):

============================  ==============================  ===================================
container (``RawTable.format``)  module                        files
============================  ==============================  ===================================
``csv``                       :mod:`.csv` (+ :mod:`.csvcheck`)  ``.csv``, ``.tsv``, ``.txt``
``json``                      :mod:`.json`                    ``.json``
``jsonl``                     :mod:`.jsonl`                   ``.jsonl``, ``.ndjson``
``xlsx``                      :mod:`.xlsx`                    ``.xlsx``, ``.xlsm`` (a zip)
``xls``                       :mod:`.xls`                     ``.xls`` (BIFF, an OLE container)
``xml-spreadsheet``           :mod:`.xmlss`                   ``.xls`` that is XML Spreadsheet 2003
============================  ==============================  ===================================

A spreadsheet's container is decided by its first bytes, not its name: an ``.xls`` that is really
XML Spreadsheet 2003 (legacy Facebook Insights) or a zip is read as what it is. Spreadsheets share
:mod:`.sheets` (sheet choice, header, serial dates). No typing happens here: every cell stays text so
:mod:`smkpi.values` can tell an empty cell from an unreadable one. A file that cannot be read at all
raises :class:`InputError` naming it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .base import MAX_COLUMNS, PRE_REASON, SNIFF_BYTES, SRC_ROW, SUMMARY, RawTable, header_hints, quote
from .csv import read_csv
from .csvcheck import locate_problem, ragged_records, with_field_check
from .json import read_json
from .jsonl import read_jsonl

DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx", ".xlsm", ".xls"}
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
ZIP_MAGIC = b"PK\x03\x04"

__all__ = ["DATA_SUFFIXES", "MAX_COLUMNS", "PRE_REASON", "SNIFF_BYTES", "SRC_ROW", "SUMMARY", "RawTable",
           "container", "locate_problem", "ragged_records", "quote", "read_csv", "read_excel", "read_json",
           "read_jsonl", "read_raw", "with_field_check"]


def container(path: Path) -> str:
    """The container of ``path`` from its first bytes (and, for text, its suffix): a RawTable.format value."""
    from .xls import OLE_MAGIC
    from .xmlss import is_xml_spreadsheet

    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix not in SPREADSHEET_SUFFIXES:
        return "csv"  # a text name: binary bytes in it are reported by the CSV reader
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        return "xls"
    if is_xml_spreadsheet(head):
        return "xml-spreadsheet"
    return "not-a-workbook"


def read_excel(path: Path, sheet: str | int | None = None, kind: str = "xlsx") -> RawTable:
    """Read a workbook (``kind`` a spreadsheet container) through :func:`.sheets.read_book`."""
    from .sheets import read_book

    if kind == "xls":
        from .xls import XlsBook as Book
    elif kind == "xml-spreadsheet":
        from .xmlss import XmlSpreadsheetBook as Book
    else:
        from .xlsx import XlsxBook as Book
    return read_book(path, Book(path), sheet)


def read_raw(path: Path, sheet: str | int | None = None, encoding: str | None = None) -> RawTable:
    """Read ``path`` by its container. Raises InputError when the file cannot be read at all."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # Polars takes UTF-8 paths only; a byte name from another system is not one
        raise InputError(f"{path}: the file name is not valid UTF-8; rename the file") from None
    table = _read(path, sheet, encoding)
    table.hints = header_hints(table.columns)
    return table


def _read(path: Path, sheet: str | int | None, encoding: str | None) -> RawTable:
    try:
        kind = container(path)
        if kind == "json":
            return read_json(path)
        if kind == "jsonl":
            return read_jsonl(path)
        if kind == "not-a-workbook":
            raise InputError(f"{path}: not an Excel workbook (neither .xlsx, .xls nor XML Spreadsheet 2003); "
                             f"export it again, or save it as CSV")
        if kind != "csv":
            return read_excel(path, sheet, kind)
        return read_csv(path, encoding)
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except RecursionError:
        raise InputError(f"{path}: nested too deeply to be an export") from None
    except MemoryError:
        raise InputError(f"{path}: too large to read in the memory available") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
