"""CSV, TSV and text exports: encoding, line ends, preamble and header found, then a lazy Polars scan.

Polars reads UTF-8 only: other encodings (UTF-16, cp874) and bare-CR line ends (classic Mac Excel)
are converted in memory first. A big UTF-8 file gets one pass over its lines before it is scanned
(the ragged-row check), in which Polars checks every byte: a bad one deep in the file is then named
with its line, or the file is read again as cp874 when that is what it is.
"""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path

import polars as pl

from ..errors import InputError
from ..formats import detect
from ..formats.aliases import KNOWN_KEYS, header_key
from .base import (PASS_CHUNK, READ_FAILURES, MAX_COLUMNS, MAX_HEADER_LINE, PRE_REASON, SNIFF_BYTES, SRC_ROW,
                   SUMMARY, RawTable, quote,
                   summary_filter, summary_note, summary_rows, too_many_columns)
from .csvcheck import locate_problem, record_check, truncates, with_field_check

# Line breaks as the CSV reader sees them (str.splitlines also breaks at U+2028, \x0c, \x1e...).
_LINE_BREAK = re.compile(r"\r?\n")


def _sample_rows(path: Path | bytes, text: str, skip: int, sep: str, complete: bool) -> list[list[str]]:
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


def _utf8_problem(path: Path) -> tuple[int, int] | None:
    """(byte offset, line) of the first byte that is not UTF-8, reading the file in chunks; None: all UTF-8."""
    dec = codecs.getincrementaldecoder("utf-8")()
    done, lines = 0, 1
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(PASS_CHUNK)
            if chunk and chunk.isascii() and not dec.getstate()[0]:
                done += len(chunk)  # ASCII is UTF-8: checked at memory speed
                continue
            try:
                dec.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                # e.start counts from the decoder's buffered bytes (at most 3) plus this chunk.
                offset = done + e.start - (len(e.object) - len(chunk))
                with open(path, "rb") as again:
                    lines = again.read(max(offset, 0)).count(b"\n") + 1
                return offset, lines
            if not chunk:
                return None
            done += len(chunk)


def _not_utf8(path: Path, bad: tuple[int, int], explicit: bool) -> str:
    """The encoding to read ``path`` in after its UTF-8 read failed at ``bad`` (byte offset, line):
    "cp874", or an InputError naming the line.

    Error path only: a file whose head is UTF-8 (or ASCII) but that has bad bytes further on.
    """
    if not explicit:
        # ASCII (or cp874 Thai) in the head, Thai bytes later: the file is cp874 throughout.
        data = path.read_bytes()
        try:
            text = data.decode("cp874")
        except UnicodeDecodeError:
            text = ""
        if text and not re.search(rb"[\x80-\xff]", data[: bad[0]]) and detect._looks_thai(
                text[max(0, bad[0] - 16):][:SNIFF_BYTES]):
            return "cp874"
    fix = ("check the encoding under sources: in targets.yaml" if explicit
           else "save it as UTF-8 or set encoding under sources: in targets.yaml")
    raise InputError(f"{path}:{bad[1]}: not UTF-8 text (byte {bad[0]:,}); {fix}")


def _header_line(data: bytes, skip: int) -> bytes | None:
    """The header line (after ``skip`` lines) of ``data``, or None when it does not end in ``data``."""
    pos = 0
    for _ in range(skip):
        pos = data.find(b"\n", pos)
        if pos < 0:
            return None
        pos += 1
    end = data.find(b"\n", pos)
    return None if end < 0 else data[pos:end]


def _check_header(path: Path, source: Path | bytes, skip: int, sep: str, complete: bool) -> None:
    """Refuse a header line past MAX_HEADER_LINE bytes or MAX_COLUMNS columns, before Polars sees it."""
    if isinstance(source, bytes):
        data = source[: SNIFF_BYTES + MAX_HEADER_LINE]
    else:
        with open(source, "rb") as fh:
            data = fh.read(SNIFF_BYTES + MAX_HEADER_LINE)
        complete = len(data) < SNIFF_BYTES + MAX_HEADER_LINE
    line = _header_line(data, skip)
    if line is None:
        if complete or len(data) < SNIFF_BYTES + MAX_HEADER_LINE:
            line = data[data.rfind(b"\n") + 1:] if skip else data
        else:
            raise InputError(f"{path}:{skip + 1}: the header line is longer than {MAX_HEADER_LINE >> 20} MiB; "
                             f"this is not an export's header")
    # Separators inside quotes are counted too: an upper bound, exact for every real header.
    n = line.count(sep.encode()) + 1
    if n > MAX_COLUMNS:
        raise too_many_columns(path, n)


def read_csv(path: Path, encoding: str | None = None) -> RawTable:
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
        complete = len(head) < SNIFF_BYTES
    if not head.strip():
        raise InputError(f"{path}: the file is empty; export it again")
    notes: list[str] = []
    try:
        # An encoding from sources: was checked by config.SourceRule; a detected one is a known codec.
        enc = encoding or detect.detect_encoding(head, complete)
    except detect.EncodingError as e:
        raise InputError(f"{path}: {e}") from None
    cr_only = b"\r" in head and b"\n" not in head.rstrip(b"\r")
    if enc.replace("_", "-").lower() in ("utf-8", "utf8", "utf-8-sig") and not cr_only:
        source: Path | bytes = path
        text = head.decode("utf-8", errors="ignore").removeprefix("\ufeff")
    else:
        # Polars reads UTF-8 with \n line ends only: the rest is converted in memory (exports are small).
        try:
            full = detect.decode(path.read_bytes(), enc)
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not {enc} text (byte {e.start}); check encoding under sources:") from None
        if cr_only or ("\r" in full[:SNIFF_BYTES] and "\n" not in full[:SNIFF_BYTES].rstrip("\r")):
            full = full.replace("\r\n", "\n").replace("\r", "\n")
            cr_only = True
        source, text, complete = full.encode("utf-8"), full[:SNIFF_BYTES], True
    if cr_only:
        notes.append("line ends are bare CR (classic Mac): read as line breaks")
    lay = detect.layout(text, KNOWN_KEYS, header_key, "\t" if path.suffix.lower() == ".tsv" else None)
    if len(lay.separator.encode("utf-8")) != 1:
        raise InputError(f"{path}:1: the separator {quote(lay.separator)!r} (sep= line) is not one byte; "
                         f"use , ; | or a tab")
    _check_header(path, source, lay.skip_lines, lay.separator, complete)

    def scan(typed: dict[str, pl.DataType] | None = None, n_rows: int | None = None,
             ragged: bool = False, nulls: dict[str, str] | None = None) -> pl.LazyFrame:
        return pl.scan_csv(
            source,
            n_rows=n_rows,
            separator=lay.separator,
            skip_lines=lay.skip_lines,
            infer_schema=False,
            schema_overrides=typed or None,
            null_values=nulls or None,  # only for typed columns: text is cleaned by smkpi.values
            encoding="utf8",
            raise_if_empty=False,
            truncate_ragged_lines=ragged,  # only when a record is too long: the field check rejects it
            missing_columns="insert",
            glob=False,  # a file name is a name: "posts [2026].csv" is not a pattern
        )

    try:
        columns = scan().collect_schema().names()
    except READ_FAILURES as e:
        where = locate_problem(path, lay.separator, enc, lay.skip_lines)
        raise InputError(where or f"{path}: cannot read as CSV: {quote(str(e).splitlines()[0], 200)}") from None
    if len(columns) > MAX_COLUMNS:
        raise too_many_columns(path, len(columns))
    try:
        # One pass over every line, which also checks a big file is UTF-8 to its end: Polars
        # refuses a bad byte in any line it reads.
        bad, open_end = record_check(source, lay.separator, len(columns), lay.header_row) if columns else (None, False)
    except pl.exceptions.ComputeError as e:
        at = _utf8_problem(path) if isinstance(source, Path) else None
        if at is None:
            raise InputError(f"{path}: cannot read as CSV: {quote(str(e).splitlines()[0], 200)}") from None
        return read_csv(path, _not_utf8(path, at, explicit=encoding is not None))
    short = truncates(bad, len(columns))

    def frame(typed: dict[str, pl.DataType] | None = None, nulls: dict[str, str] | None = None) -> pl.LazyFrame:
        # Before the Total-row filter: the field check pairs rows with the file's records by position.
        lf = with_field_check(scan(typed, ragged=short, nulls=nulls), source, lay.separator, columns, PRE_REASON,
                              header_line=lay.header_row, bad=bad)
        return summary_filter(lf, columns, lay.header_row + 1, typed)

    def head(n: int) -> pl.LazyFrame:
        lf = scan(n_rows=n).with_row_index(SRC_ROW, offset=lay.header_row + 1)
        return lf.with_columns((summary_rows(columns) if columns else pl.lit(False)).alias(SUMMARY))

    if enc not in ("utf-8", "utf-8-sig"):
        notes.insert(0, f"read as {enc}")
    if lay.skip_lines:
        notes.append(f"header on line {lay.header_row}; {lay.skip_lines} line(s) above it skipped")
    sample = _sample_rows(source if isinstance(source, Path) else path, text, lay.skip_lines, lay.separator,
                          complete)
    notes += summary_note(sample, complete)
    # A file that ends inside a quoted field (cut short while it was written) is read as text only:
    # Polars panics on a typed column's unclosed last quote, and the text read fails cleanly, with
    # the line named (FileRead.read_error).
    return RawTable(frame(), columns, "csv", enc, lay.separator, lay.header_row, notes, lay.preamble,
                    typed=None if open_end else frame,
                    sample=sample, head=head)

