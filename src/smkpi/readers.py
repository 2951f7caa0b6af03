"""Read an export file into a frame of text columns, exactly as the file has them.

No typing happens here: every cell stays text so :mod:`smkpi.values` can tell an empty cell from
an unreadable one. A file that cannot be read at all raises :class:`InputError` naming it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .csvcheck import locate_problem, may_have_short_rows, with_field_check
from .errors import InputError
from .formats import detect
from .formats.aliases import KNOWN_KEYS, header_key

DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx", ".xlsm", ".xls"}
SNIFF_BYTES = 64 * 1024
PRE_REASON = "__smkpi_pre_reason"  # a reader's own reason to reject a row (e.g. a JSON line that does not parse)
SUMMARY = "__smkpi_summary"  # RawTable.head: a summary row, which RawTable.frame drops
SRC_ROW = "__smkpi_src_row"  # the row's number in the file, when the reader dropped rows (preamble, Total rows)


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
    preamble: list[str] = field(default_factory=list)  # lines above the header (titles, # comments)
    sheet: str | None = None  # the Excel sheet read
    # The same frame with some columns typed by the file reader itself ({column: Float64}), which
    # skips their text entirely; the read fails on a cell the type cannot hold (CSV only).
    typed: Callable[[dict[str, pl.DataType]], pl.LazyFrame] | None = None
    sample: list[list[str]] = field(default_factory=list)  # rows of cells from the file's head and tail
    # The first n data rows as text, before any are dropped, SUMMARY true on the Total rows that
    # ``frame`` drops: a cheap look at the start of a big file (CSV only).
    head: Callable[[int], pl.LazyFrame] | None = None

    @property
    def first_data_row(self) -> int:
        """Spreadsheet-style number of the first data row, for messages ("row 7")."""
        return self.header_row + 1


def _summary_rows(columns: list[str], typed: dict[str, pl.DataType] | None = None) -> pl.Expr:
    """True on summary rows: the first non-empty of the first three cells is ``Total``..."""
    # Summary labels sit at the left: looking at the first three cells keeps this cheap on wide files.
    # A typed (numeric) cell that holds a value is a non-empty cell that is not a label.
    first = pl.coalesce([pl.when(pl.col(c).is_not_null()).then(pl.lit("0")) if typed and c in typed
                         else pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c)) for c in columns[:3]])
    return first.str.contains(detect.TOTAL_ROW).fill_null(False)


def _summary_filter(lf: pl.LazyFrame, columns: list[str], first_row: int,
                    typed: dict[str, pl.DataType] | None = None) -> pl.LazyFrame:
    """Number the rows as in the file, then drop summary rows (first non-empty cell ``Total``...)."""
    lf = lf.with_row_index(SRC_ROW, offset=first_row)
    return lf.filter(~_summary_rows(columns, typed)) if columns else lf


def _summary_note(rows: list[list[str]], complete: bool) -> list[str]:
    total = re.compile(detect.TOTAL_ROW)
    hits = [next((c for c in r[:3] if c.strip()), "") for r in rows]
    hits = [h for h in hits if total.match(h)]
    if hits:
        where = "" if complete else f" in the first and last {SNIFF_BYTES // 1024} KiB"
        return [f"dropped {len(hits)} summary row(s){where} ({', '.join(sorted(set(h.strip() for h in hits)))}): "
                f"totals are not data"]
    return []


# Line breaks as the CSV reader sees them (str.splitlines also breaks at U+2028, \x0c, \x1e...).
_LINE_BREAK = re.compile(r"\r?\n")


def _sample_rows(path: Path, text: str, skip: int, sep: str, complete: bool) -> list[list[str]]:
    """Data rows of the head sample, plus (for a big file) of its last block, where footers sit."""
    lines = _LINE_BREAK.split(text)[skip + 1:]
    if not complete:
        lines = lines[:-1]  # the sample may end inside a line
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            start = max(SNIFF_BYTES, fh.tell() - SNIFF_BYTES)
            fh.seek(start)
            tail = _LINE_BREAK.split(fh.read().decode("utf-8", errors="ignore"))
        lines += tail[1:] if start > SNIFF_BYTES else tail  # the block may start inside a line
    try:
        return list(csv.reader(lines, delimiter=sep))
    except csv.Error:
        return []


def read_csv(path: Path, encoding: str | None = None) -> RawTable:
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
        complete = len(head) < SNIFF_BYTES
    if not head.strip():
        raise InputError(f"{path}: the file is empty; export it again")
    try:
        # An encoding from sources: was checked by config.SourceRule; a detected one is a known codec.
        enc = encoding or detect.detect_encoding(head, complete)
    except detect.EncodingError as e:
        raise InputError(f"{path}: {e}") from None
    if enc.replace("_", "-").lower() in ("utf-8", "utf8", "utf-8-sig"):
        source: Path | bytes = path
        text = head.decode("utf-8", errors="ignore").removeprefix("\ufeff")
    else:
        # Polars reads UTF-8 only: other encodings are transcoded in memory (exports are small).
        try:
            full = detect.decode(path.read_bytes(), enc)
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not {enc} text (byte {e.start}); check encoding under sources:") from None
        source, text, complete = full.encode("utf-8"), full[:SNIFF_BYTES], True
    lay = detect.layout(text, KNOWN_KEYS, header_key, "\t" if path.suffix.lower() == ".tsv" else None)

    def scan(typed: dict[str, pl.DataType] | None = None, n_rows: int | None = None,
             ragged: bool = False) -> pl.LazyFrame:
        return pl.scan_csv(
            source,
            n_rows=n_rows,
            separator=lay.separator,
            skip_lines=lay.skip_lines,
            infer_schema=False,
            schema_overrides=typed or None,
            encoding="utf8",
            raise_if_empty=False,
            truncate_ragged_lines=ragged,  # only with the field check on: it rejects those rows
            missing_columns="insert",
            glob=False,  # a file name is a name: "posts [2026].csv" is not a pattern
        )

    try:
        columns = scan().collect_schema().names()
    except pl.exceptions.PolarsError as e:
        where = locate_problem(path, lay.separator, enc, lay.skip_lines)
        raise InputError(where or f"{path}: cannot read as CSV: {str(e).splitlines()[0]}") from None
    short = bool(columns) and may_have_short_rows(source, lay.separator, len(columns), lay.header_row)

    def frame(typed: dict[str, pl.DataType] | None = None) -> pl.LazyFrame:
        # Before the Total-row filter: the field check pairs rows with the file's records by position.
        lf = with_field_check(scan(typed, ragged=short), source, lay.separator, columns, PRE_REASON, header_line=lay.header_row,
                              maybe_short=short)
        return _summary_filter(lf, columns, lay.header_row + 1, typed)

    def head(n: int) -> pl.LazyFrame:
        lf = scan(n_rows=n).with_row_index(SRC_ROW, offset=lay.header_row + 1)
        return lf.with_columns((_summary_rows(columns) if columns else pl.lit(False)).alias(SUMMARY))

    notes = []
    if enc not in ("utf-8", "utf-8-sig"):
        notes.append(f"read as {enc}")
    if lay.skip_lines:
        notes.append(f"header on line {lay.header_row}; {lay.skip_lines} line(s) above it skipped")
    sample = _sample_rows(path, text, lay.skip_lines, lay.separator, complete)
    notes += _summary_note(sample, complete)
    return RawTable(frame(), columns, "csv", enc, lay.separator, lay.header_row, notes, lay.preamble, typed=frame,
                    sample=sample, head=head)


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


def _flatten(rec: dict) -> dict:
    """Add ``parent.child`` keys for scalar members of nested objects (API JSON: ``via.channel``)."""
    extra = {f"{k}.{sk}": sv for k, v in rec.items() if isinstance(v, dict)
             for sk, sv in v.items() if not isinstance(sv, (dict, list))}
    return {**rec, **{k: v for k, v in extra.items() if k not in rec}} if extra else rec


def _records_frame(records: list[dict], reasons: list[str | None] | None = None) -> pl.LazyFrame:
    records = [_flatten(r) for r in records]
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
        inner = next((doc[k] for k in ("data", "rows", "records", "items", "results", "tickets") if isinstance(doc.get(k), list)), None)
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
    """Read the sheet with known columns (or ``sheet``), its header found as for CSV (notes above it)."""
    try:
        sheets = pl.read_excel(path, sheet_id=0, has_header=False, infer_schema_length=0, raise_if_empty=False)
    except Exception as e:  # the Excel engine raises its own exception types
        raise InputError(f"{path}: cannot read as an Excel workbook: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    if sheet is not None:
        names = list(sheets)
        name = sheet if isinstance(sheet, str) else (names[sheet - 1] if 1 <= sheet <= len(names) else None)
        if name not in sheets:
            raise InputError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(names)}); fix sheet: under sources:")
        sheets = {name: sheets[name]}
    best = None
    for name, df in sheets.items():
        df = df.select(pl.all().cast(pl.String))
        rows = [["" if v is None else v for v in r] for r in df.head(detect.HEADER_SCAN_ROWS).iter_rows()]
        h = detect.find_header(rows, KNOWN_KEYS, header_key) if rows else 0
        score = sum(1 for c in (rows[h] if rows else []) if c and header_key(c) in KNOWN_KEYS)
        if best is None or score > best[0]:
            best = (score, name, df, h, rows)
    _, name, df, h, rows = best
    if not rows:
        return RawTable(pl.LazyFrame(), [], "xlsx", "n/a", sheet=name)
    columns = detect.header_names(rows[h])
    frame = df.slice(h + 1)
    frame.columns = columns
    notes = [] if len(sheets) == 1 else [f"read sheet '{name}' (others: {', '.join(n for n in sheets if n != name)})"]
    if h:
        notes.append(f"header on row {h + 1}; {h} row(s) above it skipped")
    notes += _summary_note([["" if v is None else v for v in r] for r in frame.iter_rows()], True)
    lf = _summary_filter(frame.lazy(), columns, h + 2)
    return RawTable(lf, columns, "xlsx", "n/a", header_row=h + 1, notes=notes,
                    preamble=[" ".join(c for c in r if c) for r in rows[:h]], sheet=name)


def read_raw(path: Path, sheet: str | int | None = None, encoding: str | None = None) -> RawTable:
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
        return read_csv(path, encoding)
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
