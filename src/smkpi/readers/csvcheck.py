"""Ragged CSV rows made visible: a row with too few or too many fields is rejected with its number.

Polars pads a row that has fewer fields than the header with nulls, silently, and refuses a row
with more fields with a message that has no line number. Both hide what is wrong with the file:

- too few fields (a truncated final line, a row cut short): :func:`with_field_check` counts each
  record's fields with a second, vectorised Polars pass over the file's lines and rejects the row
  ("row has 3 fields, header has 6"). No per-row Python runs on the happy path.
- too many fields: the same pass rejects the row ("row has 8 fields, header has 6"); Polars reads
  such a file with ``truncate_ragged_lines`` only when :func:`may_have_short_rows` saw a line
  that may be ragged, so whichever columns a run reads, the row is judged the same.
- a quote that never closes: the file cannot be read reliably; on that error path only,
  :func:`locate_problem` walks the file once to name the line.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

SHORT_ROW = "row has {} fields, header has {}"  # too few or too many: one reason, one rule
# Names no export uses: a file may well have a column called "_i" or "_fields".
_IDX, _FIELDS = "__smkpi_record", "__smkpi_fields"


def with_field_check(lf: pl.LazyFrame, source: Path | bytes, sep: str, columns: list[str], reason_col: str,
                     header_line: int = 1, maybe_short: bool | None = None) -> pl.LazyFrame:
    """``lf`` plus ``reason_col``: why a row is rejected for having fewer or more fields than the header.

    ``source`` must be what ``lf`` scans (the path, or the UTF-8 bytes of a re-encoded file), and
    ``header_line`` the 1-based line of the header in it (after any preamble lines).

    Records are rebuilt from lines by quote parity, so a quoted field spanning lines is one record,
    the way Polars reads it. A row is flagged only when both readers agree: this pass counts fewer
    fields, and Polars padded the row's last column with null; or this pass counts more fields
    (``lf`` must then truncate ragged lines, see :func:`may_have_short_rows`). ``maybe_short`` is
    :func:`may_have_short_rows` when the caller already knows it (it costs one pass over the file).
    """
    m = len(columns)
    if m == 0:  # no header at all: the loader reports the missing columns
        return lf
    line = pl.col("_l")
    if maybe_short is None:
        maybe_short = may_have_short_rows(source, sep, m, header_line)
    if not maybe_short:
        # The usual case: every line has enough separators, so no record can be short. Skipping
        # the record pass keeps the file's query streamable (its join and running sums are not).
        return lf
    q = line.str.count_matches('"', literal=True)
    inside = ((q.cum_sum() - q) % 2) == 1  # the line starts inside a quoted field of the previous line
    # Separators outside quotes, counted without building a string per line: a quoted run (to its
    # closing quote or the line's end) and a separator are matched alike, so the matches less the
    # quoted runs (half the quotes, rounded up) are the separators between them. A line that starts
    # inside a quoted field is read with a quote put in front: only those lines get a new string.
    runs = f'"[^"]*(?:"|$)|{re.escape(sep)}'
    opened = pl.concat_str(pl.lit('"'), pl.when(inside).then(line))
    seps = pl.coalesce(opened.str.count_matches(runs) - (q + 2) // 2,
                       pl.when(~inside).then(line).str.count_matches(runs) - (q + 1) // 2)
    # Fields of a record = separators outside quotes on its lines + 1; a running sum of separators
    # taken at each record's first line gives that without a group-by.
    records = (
        pl.scan_lines(source, name="_l", glob=False)
        .with_row_index("_ln", offset=1)
        .with_columns(_seps=seps, _start=~inside)
        .with_columns(_before=pl.col("_seps").cum_sum() - pl.col("_seps"), _total=pl.col("_seps").sum())
        .filter(pl.col("_start"))
        .with_columns(_fields=pl.col("_before").shift(-1).fill_null(pl.col("_total")) - pl.col("_before") + 1)
        # A blank line or bare separators (",,,,") are counted as blank by the loader, not as ragged.
        .with_columns(_fields=pl.when(_bare(line, sep)).then(None).otherwise(pl.col("_fields")))
        .filter(pl.col("_ln") > header_line)
        .with_row_index(_IDX)
        .select(_IDX, pl.col("_fields").alias(_FIELDS))
    )
    last = pl.col(columns[-1])
    reason = (pl.when(((pl.col(_FIELDS) < m) & last.is_null()) | (pl.col(_FIELDS) > m))
              .then(pl.format(SHORT_ROW.format("{}", m), pl.col(_FIELDS))))
    return (lf.with_row_index(_IDX)
            .join(records, on=_IDX, how="left", maintain_order="left")
            .with_columns(reason.alias(reason_col))
            .drop(_IDX, _FIELDS))


def _bare(line: pl.Expr, sep: str) -> pl.Expr:
    """True on a line of nothing but separators and white space (a blank row as Excel re-saves it)."""
    return ~line.str.contains(f"[^\\s{re.escape(sep)}]")


def may_have_short_rows(source: Path | bytes, sep: str, m: int, header_line: int) -> bool:
    """Whether any row after the header may have fewer or more than ``m`` fields (then the exact
    record pass of :func:`with_field_check` runs, and the reader truncates ragged lines).

    Too few: a line with fewer than ``m - 1`` separators. Counting separators inside quotes too can
    only over-count, so a line with enough of them is never the start of a short record; a quoted
    value that spans lines makes its lines short, and then the exact pass runs.
    Too many: a line with more than ``m - 1`` separators outside quotes. When every line has an even
    number of quotes no record spans lines, and pairing quotes in order finds what they enclose
    exactly; else any line with too many separators, quoted or not, sends the file to the exact pass.
    One streaming pass over the lines, no Python per row.
    """
    small = _small_text(source)
    if small is not None:
        return _ragged_lines(small, sep, m, header_line)
    # Each rule is "some line is ...": a line that breaks one in the first 64 KiB settles it without
    # the pass over the whole file (a file with quoted multi-line text has such lines at once).
    head = _head_text(source)
    if head is not None and _ragged_lines(head, sep, m, header_line):
        return True
    line, seps, has_q = pl.col("_l"), pl.col("_s"), pl.col("_q")
    # Only lines with a quote are counted for quotes, and only those with too many separators pay for
    # the regex (masked columns elsewhere): a file without quotes costs one count per line.
    quotes = pl.when(has_q).then(line).str.count_matches('"', literal=True)
    # Separators outside quotes: a quoted segment and a separator are matched alike, so the count
    # of both, less the segments (half the quotes), is the separators between them.
    masked = pl.when(has_q & (seps > m - 1)).then(line)
    outside = masked.str.count_matches(f'"[^"]*"|{re.escape(sep)}') - quotes // 2
    out = (
        pl.scan_lines(source, name="_l", glob=False)
        .with_row_index("_ln", offset=1)
        .filter((pl.col("_ln") > header_line) & ~_bare(line, sep))
        .with_columns(_s=line.str.count_matches(sep, literal=True), _q=line.str.contains('"', literal=True))
        .select(short=(seps < m - 1).any(), odd=(quotes % 2 == 1).any(), over=(seps > m - 1).any(),
                long=pl.when(has_q).then(outside).otherwise(seps).gt(m - 1).any())
        .collect(engine="streaming")
    )
    short, odd, over, long = (bool(v) for v in out.row(0))
    return short or long or (odd and over)


SMALL_FILE = 64 * 1024  # below this the line checks run in Python: a Polars query costs more to start


def _small_text(source: Path | bytes) -> str | None:
    """The text of a small source (for the Python form of the line checks), else None."""
    try:
        if isinstance(source, (bytes, bytearray)):
            data = bytes(source) if len(source) < SMALL_FILE else None
        else:
            data = None
            if Path(source).stat().st_size < SMALL_FILE:
                with open(source, "rb") as fh:
                    data = fh.read(SMALL_FILE)
        return None if data is None else data.decode("utf-8", errors="replace")
    except OSError:
        return None


def _head_text(source: Path | bytes) -> str | None:
    """The whole lines of a source's first SMALL_FILE bytes, as text (None when there is no whole line)."""
    try:
        if isinstance(source, (bytes, bytearray)):
            data = bytes(source[:SMALL_FILE])
        else:
            with open(source, "rb") as fh:
                data = fh.read(SMALL_FILE)
    except OSError:
        return None
    end = data.rfind(b"\n")
    return None if end < 0 else data[:end].decode("utf-8", errors="replace")


def _ragged_lines(text: str, sep: str, m: int, header_line: int) -> bool:
    """:func:`may_have_short_rows` over a small text, line by line (the same rules)."""
    short = odd = over = long = False
    for ln, line in enumerate(text.split("\n"), 1):
        if ln <= header_line or not line.replace(sep, "").strip():
            continue
        seps, quotes = line.count(sep), line.count('"')
        short |= seps < m - 1
        odd |= quotes % 2 == 1
        over |= seps > m - 1
        if seps > m - 1:
            long |= (len(re.findall(f'"[^"]*"|{re.escape(sep)}', line)) - quotes // 2 if quotes else seps) > m - 1
    return short or long or (odd and over)


def locate_problem(path: str | Path, sep: str, encoding: str = "utf-8", skip_lines: int = 0) -> str | None:
    """``"{path}:{line}: what is wrong"`` for the first row with too many fields, a stray quote or an
    unclosed quote; None when nothing is found.

    Error path only: one pass over this file. Lines without a quote are counted with ``str.count``;
    only lines with a quote are walked character by character. ``skip_lines`` preamble lines above
    the header are passed over.
    """
    enc = "utf-8-sig" if encoding.replace("_", "-").lower() in ("utf-8", "utf8", "utf-8-sig") else encoding
    header: int | None = None
    in_q, fields, start = False, 1, 1
    try:
        with open(path, newline="", encoding=enc, errors="replace") as fh:
            for ln, raw in enumerate(fh, 1):
                if ln <= skip_lines:  # preamble above the header (titles, "# ..." comments, "sep=,")
                    start = ln + 1
                    continue
                line = raw if in_q else raw.rstrip("\r\n")
                if not in_q and '"' not in line:
                    fields += line.count(sep)
                else:
                    at_start, closed, i = not in_q, False, 0
                    while i < len(line):
                        c = line[i]
                        if in_q:
                            if c == '"':
                                if line[i + 1:i + 2] == '"':
                                    i += 1  # "" is a quote inside a quoted value
                                else:
                                    in_q, closed = False, True
                                    i += 1
                                    continue
                        elif closed and c not in (sep, "\r", "\n"):
                            return f"{path}:{ln}: text after a closing quote; quote the whole value"
                        elif c == sep:
                            closed = False
                            fields += 1
                            at_start = True
                            i += 1
                            continue
                        elif c == '"':
                            if not at_start:
                                return (f"{path}:{ln}: a quote inside an unquoted value; quote the whole value "
                                        f"and double the quote (\"5\"\" screen\")")
                            in_q = True
                        at_start = False
                        i += 1
                if in_q:
                    continue  # the quoted value goes on on the next line
                if header is None:
                    header = fields
                elif fields > header:
                    return f"{path}:{start}: row has {fields} fields, header has {header} (check quotes and separators)"
                fields, start = 1, ln + 1
    except (OSError, LookupError):
        return None
    if in_q:
        return f"{path}:{start}: a quoted field never closes (check the quotes on this line)"
    return None
