"""Read an export file into a frame of text columns, exactly as the file has them.

No typing happens here: every cell stays text so :mod:`smkpi.values` can tell an empty cell from
an unreadable one. A file that cannot be read at all raises :class:`InputError` naming it.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .csvcheck import locate_problem, with_field_check
from .errors import InputError

DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx", ".xlsm", ".xls"}
SNIFF_BYTES = 64 * 1024
PRE_REASON = "_pre_reason"  # a reader's own reason to reject a row (e.g. a JSON line that does not parse)


@dataclass
class RawTable:
    """A file's cells as text, plus how it was read (shown by ``smkpi inspect``)."""

    frame: pl.LazyFrame
    columns: list[str]  # header names as in the file
    format: str  # csv, json, jsonl, xlsx
    encoding: str = "utf-8"
    separator: str | None = None
    header_row: int = 1  # 1-based line (or sheet row) of the header
    notes: list[str] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        """Spreadsheet-style number of the first data row, for messages ("row 7")."""
        return self.header_row + 1


def _sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def _decode_head(path: Path, head: bytes) -> tuple[str, str]:
    """(encoding, decoded head). Binary data and non-UTF-8 text are errors naming the file."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", head[3:].decode("utf-8", errors="ignore")
    if b"\x00" in head:
        raise InputError(f"{path}: looks like a binary file, not CSV/JSON text; export it again as CSV")
    try:
        return "utf-8", head.decode("utf-8")
    except UnicodeDecodeError as e:
        # The sniffed block may end inside a multi-byte character: only an error before the end counts.
        if e.start < len(head) - 4:
            raise InputError(
                f"{path}: not UTF-8 text (byte {e.start}); save it as UTF-8 or set encoding under sources: "
                f"in targets.yaml"
            ) from None
        return "utf-8", head[: e.start].decode("utf-8")


def read_csv(path: Path) -> RawTable:
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise InputError(f"{path}: the file is empty; export it again")
    encoding, text = _decode_head(path, head)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    sep = "\t" if path.suffix.lower() == ".tsv" else _sniff_separator(first)
    lf = pl.scan_csv(
        path,
        separator=sep,
        infer_schema=False,
        encoding="utf8",
        raise_if_empty=False,
        truncate_ragged_lines=False,
        missing_columns="insert",
        glob=False,  # a file name is a name: "posts [2026].csv" is not a pattern
    )
    try:
        columns = lf.collect_schema().names()
    except pl.exceptions.PolarsError as e:
        where = locate_problem(path, sep, encoding)
        raise InputError(where or f"{path}: cannot read as CSV: {str(e).splitlines()[0]}") from None
    lf = with_field_check(lf, path, sep, columns, PRE_REASON)
    return RawTable(lf, columns, "csv", encoding, sep)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _text(s: str) -> str:
    # JSON may spell lone surrogates ("\ud800"); they cannot be written as UTF-8, so they would
    # crash every output. U+FFFD keeps the cell visible as "something unreadable was here".
    return _SURROGATE.sub("\ufffd", s)


def _cell(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return _text(json.dumps(v, ensure_ascii=False))
    return _text(str(v))


def _records_frame(records: list[dict], reasons: list[str | None] | None = None) -> pl.LazyFrame:
    cols: dict[str, None] = {}
    for r in records:
        cols.update(dict.fromkeys(r))
    data = {_text(c): [_cell(r.get(c)) for r in records] for c in cols}
    if reasons is not None and any(reasons):
        data[PRE_REASON] = reasons
    return pl.DataFrame(data, schema={c: pl.String for c in data}).lazy()


def read_json(path: Path) -> RawTable:
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{path}: the file is empty; export it again")
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply") from None
    if isinstance(doc, dict):
        inner = next((doc[k] for k in ("data", "rows", "records", "items", "results") if isinstance(doc.get(k), list)), None)
        if inner is None:
            raise InputError(f"{path}: a JSON object must hold its rows in an array under \"data\"")
        doc = inner
    if not isinstance(doc, list):
        raise InputError(f"{path}: JSON must be an array of objects (found a {type(doc).__name__})")
    bad = next((i for i, r in enumerate(doc) if not isinstance(r, dict)), None)
    if bad is not None:
        raise InputError(f"{path}: JSON record {bad + 1} is a {type(doc[bad]).__name__}, not an object; "
                         f"every record must be an object")
    frame = _records_frame(doc)
    return RawTable(frame, frame.collect_schema().names(), "json", "utf-8", header_row=0)


def read_jsonl(path: Path) -> RawTable:
    records: list[dict] = []
    reasons: list[str | None] = []
    with open(path, "rb") as fh:
        data = fh.read()
    if not data.strip():
        raise InputError(f"{path}: the file is empty; export it again")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    for line in text.splitlines():
        if not line.strip():
            continue  # blank lines are separators, not records
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            records.append({})
            reasons.append("line is not valid JSON")
            continue
        if isinstance(rec, dict):
            records.append(rec)
            reasons.append(None)
        else:
            records.append({})
            reasons.append("line is not a JSON object")
    frame = _records_frame(records, reasons)
    cols = [c for c in frame.collect_schema().names() if c != PRE_REASON]
    return RawTable(frame, cols, "jsonl", "utf-8", header_row=0)


def read_excel(path: Path, sheet: str | int | None = None) -> RawTable:
    try:
        frame = pl.read_excel(path, sheet_id=None if sheet is not None else 1, sheet_name=sheet if isinstance(sheet, str) else None,
                              infer_schema_length=0, raise_if_empty=False)
    except Exception as e:  # the Excel engine raises its own exception types
        raise InputError(f"{path}: cannot read as an Excel workbook: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    frame = frame.select(pl.all().cast(pl.String))
    return RawTable(frame.lazy(), frame.columns, "xlsx", "n/a")


def read_raw(path: Path, sheet: str | int | None = None) -> RawTable:
    """Read ``path`` by its suffix. Raises InputError when the file cannot be read at all."""
    suffix = path.suffix.lower()
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # Polars takes UTF-8 paths only; a byte name from another system is not one
        raise InputError(f"{path}: the file name is not valid UTF-8; rename the file") from None
    try:
        if suffix in (".json",):
            return read_json(path)
        if suffix in (".jsonl", ".ndjson"):
            return read_jsonl(path)
        if suffix in (".xlsx", ".xlsm", ".xls"):
            return read_excel(path, sheet)
        return read_csv(path)
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
