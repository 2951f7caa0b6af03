"""Excel workbooks (``.xlsx``, ``.xlsm``): a zip of XML parts, read with the standard library.

Not through calamine: a 1.6 KB workbook naming cell ``XFD1048576`` makes it allocate the whole
range and abort the process. Here the zip is checked before anything is unpacked (each part's size
and packing ratio), parts are unpacked through a bounded read, and the sheet XML is streamed through
expat with DTDs refused (no entity expansion, no external entities). Every cell reference is checked
against Excel's last cell as it is met; the sheet's ``<dimension>`` is checked first.

Most sheets take the fast path instead (:mod:`.xlsx_fast`): a byte scan proves calamine will read
them safely and exactly (no error cell, no impossible date, a small range), and calamine reads them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import InputError
from .base import MAX_COLUMNS, MAX_RATIO, MAX_ROWS, MAX_UNPACKED
from .sheets import EPOCH_1900, EPOCH_1904, Row, serial_text
from . import xlsx_fast
from .xmlsafe import parse_stream

_REF = re.compile(r"^\$?([A-Za-z]+)\$?(\d+)$")
# Built-in number formats that show dates or times (ECMA-376 18.8.30, plus the CJK ones).
_DATE_IDS = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))
_CHUNK = 1 << 20


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _is_date_code(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)  # quoted text, escapes, [colour]/[$-409]
    return bool(re.search(r"[dmyhs]", code, re.I)) and "general" not in code.lower()


class XlsxBook:
    format = "xlsx"

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise InputError(f"{path}: not a valid Excel workbook (.xlsx is a zip file); export it again") from None
        total = 0
        for info in self.zip.infolist():
            total += info.file_size
            packed = max(info.compress_size, 1)
            if info.file_size > MAX_UNPACKED or total > 2 * MAX_UNPACKED or (
                    info.file_size > (1 << 20) and info.file_size / packed > MAX_RATIO):
                raise InputError(
                    f"{path}: the workbook part {info.filename[:60]!r} unpacks to {info.file_size:,} bytes from "
                    f"{info.compress_size:,}; smkpi refuses parts past {MAX_UNPACKED >> 20} MiB or packed more "
                    f"than {MAX_RATIO}:1 (a zip bomb?)")
        self._names = set(self.zip.namelist())
        self.epoch = EPOCH_1900
        self._sheets = self._workbook()
        self._strings: list[str] | None = None
        self._fast: dict[str, tuple | None] = {}
        self._styles: list[bool] | None = None

    # --- parts -----------------------------------------------------------------------------------------
    def _part(self, name: str) -> Iterator[bytes]:
        """The part's bytes in chunks, stopping at MAX_UNPACKED whatever its header claims."""
        try:
            with self.zip.open(name) as fh:
                done = 0
                while chunk := fh.read(_CHUNK):
                    done += len(chunk)
                    if done > MAX_UNPACKED:
                        raise InputError(f"{self.path}: the workbook part {name!r} unpacks past "
                                         f"{MAX_UNPACKED >> 20} MiB; smkpi refuses it (a zip bomb?)")
                    yield chunk
        except KeyError:
            return
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as e:
            raise InputError(f"{self.path}: the workbook part {name!r} cannot be unpacked ({e}); "
                             f"export it again") from None

    def _parse(self, name: str, start: Callable, end: Callable | None = None, text: Callable | None = None) -> None:
        if name not in self._names:
            return  # optional parts (shared strings, styles, relationships)
        for _ in parse_stream(self._part(name), start, end, text, f"{self.path} ({name})"):
            pass

    def _workbook(self) -> list[tuple[str, str]]:
        sheets: list[tuple[str, str]] = []  # (name, relationship id)
        rels: dict[str, str] = {}

        def wb(tag: str, a: dict) -> None:
            if tag == "sheet":
                sheets.append((a.get("name", f"Sheet{len(sheets) + 1}"), a.get("id", "")))
            elif tag == "workbookPr" and a.get("date1904") in ("1", "true"):
                self.epoch = EPOCH_1904

        def rel(tag: str, a: dict) -> None:
            if tag == "Relationship":
                rels[a.get("Id", "")] = a.get("Target", "")

        self._parse("xl/workbook.xml", wb)
        self._parse("xl/_rels/workbook.xml.rels", rel)
        out = []
        for i, (name, rid) in enumerate(sheets, 1):
            target = rels.get(rid) or f"worksheets/sheet{i}.xml"
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            out.append((name, part))
        if not out:
            out = [(f"Sheet{i}", n) for i, n in enumerate(sorted(
                n for n in self.zip.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)), 1)]
        return out

    def names(self) -> list[str]:
        return [n for n, _ in self._sheets]

    def _shared(self) -> list[str]:
        if self._strings is None:
            out: list[str] = []
            buf: list[str] = []
            state = {"t": False, "ph": 0}

            def start(tag: str, a: dict) -> None:
                if tag == "si":
                    buf.clear()
                elif tag == "rPh":
                    state["ph"] += 1
                elif tag == "t" and not state["ph"]:
                    state["t"] = True

            def end(tag: str) -> None:
                if tag == "t":
                    state["t"] = False
                elif tag == "rPh":
                    state["ph"] -= 1
                elif tag == "si":
                    out.append("".join(buf))

            def text(s: str) -> None:
                if state["t"]:
                    buf.append(s)

            self._parse("xl/sharedStrings.xml", start, end, text)
            self._strings = out
        return self._strings

    def _dates(self) -> list[bool]:
        """Per cell style (``s``): whether its number format shows a date."""
        if self._styles is None:
            codes: dict[int, str] = {}
            xfs: list[bool] = []
            where = {"xfs": False}

            def start(tag: str, a: dict) -> None:
                if tag == "numFmt":
                    codes[int(a.get("numFmtId", "0") or 0)] = a.get("formatCode", "")
                elif tag == "cellXfs":
                    where["xfs"] = True
                elif tag == "xf" and where["xfs"]:
                    fid = int(a.get("numFmtId", "0") or 0) if a.get("numFmtId", "0").isdigit() else 0
                    xfs.append(fid in _DATE_IDS or (fid in codes and _is_date_code(codes[fid])))

            def end(tag: str) -> None:
                if tag == "cellXfs":
                    where["xfs"] = False

            self._parse("xl/styles.xml", start, end)
            self._styles = xfs
        return self._styles

    # --- a sheet -----------------------------------------------------------------------------------------
    def rows(self, name: str) -> Iterator[Row]:
        part = dict(self._sheets)[name]
        if part not in self._names:
            raise InputError(f"{self.path}: the workbook has no part {part[:60]!r} for sheet '{name}'; export it again")
        fast = self._calamine(name, part)
        if fast is not None:
            df, shape = fast
            for i, row in enumerate(df.iter_rows()):
                cells = {shape.first_col + j: v for j, v in enumerate(row) if v is not None and v != ""}
                if cells:
                    yield shape.first_row + i, cells
            return
        h = _SheetHandler(self, name)
        yield from parse_stream(self._part(part), h.start, h.end, h.text, f"{self.path} (sheet '{name}')", h.done,
                                raw=True)

    def _calamine(self, name: str, part: str) -> tuple | None:
        """(frame, shape) when :mod:`.xlsx_fast` proves calamine reads this sheet safely and exactly."""
        if name not in self._fast:
            df = shape = None
            if self.epoch is EPOCH_1900:
                dates = {i for i, d in enumerate(self._dates()) if d}
                shape = xlsx_fast.scan(self._part(part), dates)
            if shape is not None:
                import polars as pl

                try:
                    df = pl.read_excel(self.path, sheet_name=name, has_header=False, infer_schema_length=0,
                                       raise_if_empty=False)
                    df = df.select(pl.all().cast(pl.String))
                except Exception:  # the Excel engine raises its own types: the exact reader decides
                    df = None
                if df is not None and (df.height, df.width) != (shape.rows, shape.cols):
                    df = None  # calamine's range is not the one measured: do not guess where it starts
            self._fast[name] = (df, shape) if df is not None else None
        return self._fast[name]

    def _value(self, t: str | None, v: str, s: int, strings: list[str], dates: list[bool]) -> str | None:
        if t == "s":
            i = int(v) if v.strip().isdigit() else -1
            return strings[i] if 0 <= i < len(strings) else None
        if t in ("inlineStr", "str", "e", "d"):
            return v  # text, a formula's text, an error code (#DIV/0!), an ISO date
        if t == "b":
            return "true" if v.strip() in ("1", "true") else "false"
        v = v.strip()
        if v and s < len(dates) and dates[s]:
            try:
                return serial_text(float(v), self.epoch) or f"{v} (not a date)"
            except (ValueError, OverflowError):
                return v
        return v


class _SheetHandler:
    """expat handlers for one sheet's XML: the hot path (about 1 M cells a few seconds), so plain
    attributes and raw element names (a prefix such as ``x:`` is learnt from the root element)."""

    def __init__(self, book: XlsxBook, sheet: str) -> None:
        self.book, self.sheet, self.path = book, sheet, book.path
        self.strings, self.dates = book._shared(), book._dates()
        self.done: list[Row] = []
        self.row, self.cells, self.col, self.t, self.s = 0, {}, -1, None, 0
        self.buf: list[str] = []
        self.on = False
        self.ph = False
        self.p = None  # the element prefix ("" or "x:")
        self.cols: dict[str, int] = {}

    def _names(self, root: str) -> None:
        self.p = root[: root.index(":") + 1] if ":" in root else ""
        p = self.p
        self.C, self.V, self.T, self.ROW, self.DIM, self.RPH = (p + n for n in ("c", "v", "t", "row", "dimension", "rPh"))

    def _past(self, what: str) -> InputError:
        return InputError(f"{self.path}: sheet '{self.sheet}' has {what[:60]}, past Excel's last cell XFD1048576; "
                          f"this is not a real export")

    def _column(self, letters: str, ref: str) -> int:
        col = self.cols.get(letters)
        if col is None:
            if len(letters) > 3 or not letters.isalpha() or not letters.isascii():
                raise self._past(f"a cell at {ref}")
            col = self.cols[letters] = _col_index(letters)
        return col

    def start(self, name: str, a: dict) -> None:
        if self.p is None:
            self._names(name)
        if name == self.C:
            ref = a.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                digits = ref[len(letters):]
                col = self._column(letters.lstrip("$").rstrip("$"), ref)
                if not digits or len(digits) > 7:
                    raise self._past(f"a cell at {ref}")
                if col >= MAX_COLUMNS or not 1 <= int(digits) <= MAX_ROWS:
                    raise self._past(f"a cell at {ref}")
            else:
                col = self.col + 1
                if col >= MAX_COLUMNS:
                    raise self._past(f"a cell in column {col + 1:,}")
            self.col, self.t = col, a.get("t")
            s = a.get("s")
            self.s = int(s) if s and s.isdigit() else 0
            self.buf = []
        elif name == self.V or name == self.T:
            self.on = not self.ph
        elif name == self.ROW:
            r = a.get("r")
            if r is not None and (not r.isdigit() or len(r) > 7):
                raise self._past(f"row {r}")
            n = int(r) if r else self.row + 1
            if not 1 <= n <= MAX_ROWS:
                raise self._past(f"row {n:,}")
            self.row, self.cells, self.col = n, {}, -1
        elif name == self.DIM:
            for ref in a.get("ref", "").split(":"):
                m = _REF.match(ref)
                if ref and (not m or len(m.group(1)) > 3 or len(m.group(2)) > 7 or not (
                        _col_index(m.group(1)) < MAX_COLUMNS and 1 <= int(m.group(2)) <= MAX_ROWS)):
                    raise InputError(f"{self.path}: sheet '{self.sheet}' declares its range as "
                                     f"{a.get('ref', '')[:40]}, past Excel's last cell XFD1048576; "
                                     f"this is not a real export")
        elif name == self.RPH:
            self.ph = True  # phonetic guide text is not the cell's value

    def end(self, name: str) -> None:
        if name == self.V or name == self.T:
            self.on = False
        elif name == self.C:
            v = self.book._value(self.t, "".join(self.buf), self.s, self.strings, self.dates)
            if v is not None and v != "":
                self.cells[self.col] = v
        elif name == self.ROW:
            if self.cells:
                self.done.append((self.row, self.cells))
        elif name == self.RPH:
            self.ph = False

    def text(self, s: str) -> None:
        if self.on:
            self.buf.append(s)
