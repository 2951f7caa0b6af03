"""Ragged CSV rows made visible: a row with too few or too many fields is rejected with its number.

Polars pads a row that has fewer fields than the header with nulls, silently, and refuses a row
with more fields with a message that has no line number. Both hide what is wrong with the file:

- too few or too many fields (a truncated final line, a row cut short, a stray separator):
  :func:`ragged_records` counts each record's fields in one streaming pass over the file's lines
  (no per-row Python, no text kept) and :func:`with_field_check` rejects those rows ("row has 3
  fields, header has 6"). Polars reads a file with ``truncate_ragged_lines`` only when a record has
  too many fields, so whichever columns a run reads, the row is judged the same.
- a quote that never closes: the file cannot be read reliably; on that error path only,
  :func:`locate_problem` walks the file once to name the line. (:func:`record_check` says when the
  file ends inside a quoted field: the reader then reads it as text only, see readers.csv.)
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from .base import PASS_CHUNK, READ_FAILURES, SNIFF_BYTES

SHORT_ROW = "row has {} fields, header has {}"  # too few or too many: one reason, one rule
# Names no export uses: a file may well have a column called "_i" or "_fields".
_IDX, _FIELDS = "__smkpi_record", "__smkpi_fields"
_BAD_SCHEMA = {_IDX: pl.UInt32, _FIELDS: pl.Int64}
# Below this the record count runs in Python (a Polars query costs more to start). It must not pass
# the sniffed head: a file that small was checked to be UTF-8 whole when its encoding was detected.
SMALL_FILE = SNIFF_BYTES


def with_field_check(lf: pl.LazyFrame, source: Path | bytes, sep: str, columns: list[str], reason_col: str,
                     header_line: int = 1, bad: pl.DataFrame | None = None) -> pl.LazyFrame:
    """``lf`` plus ``reason_col``: why a row is rejected for having fewer or more fields than the header.

    ``source`` must be what ``lf`` scans (the path, or the UTF-8 bytes of a re-encoded file), and
    ``header_line`` the 1-based line of the header in it (after any preamble lines); ``bad`` is
    :func:`ragged_records` of it when the caller already has it (it costs a pass over the file).

    A row is flagged only when both readers agree: :func:`ragged_records` counts fewer fields, and
    Polars padded the row's last column with null; or it counts more fields (``lf`` must then
    truncate ragged lines, see :func:`truncates`). Most files have no ragged record: ``lf`` is
    returned as it is, so its query stays streamable (the join back to the rows would not be).
    """
    m = len(columns)
    if m == 0:  # no header at all: the loader reports the missing columns
        return lf
    if bad is None:
        bad = ragged_records(source, sep, m, header_line)
    if bad.height == 0:
        return lf
    last = pl.col(columns[-1])
    reason = (pl.when(((pl.col(_FIELDS) < m) & last.is_null()) | (pl.col(_FIELDS) > m))
              .then(pl.format(SHORT_ROW.format("{}", m), pl.col(_FIELDS))))
    return (lf.with_row_index(_IDX)
            .join(bad.lazy(), on=_IDX, how="left", maintain_order="left")
            .with_columns(reason.alias(reason_col))
            .drop(_IDX, _FIELDS))


def truncates(bad: pl.DataFrame | None, m: int) -> bool:
    """Whether the CSV reader must truncate ragged lines: some record of ``bad`` has more than ``m`` fields."""
    return bad is not None and bad.height > 0 and bool((bad.get_column(_FIELDS) > m).any())


def ragged_records(source: Path | bytes, sep: str, m: int, header_line: int = 1) -> pl.DataFrame:
    """The records after the header whose field count is not ``m``: (record index, fields), usually none.

    See :func:`record_check`, which also says whether the file ends inside a quoted field.
    """
    return record_check(source, sep, m, header_line)[0]


def record_check(source: Path | bytes, sep: str, m: int, header_line: int = 1) -> tuple[pl.DataFrame, bool]:
    """(:func:`ragged_records`, whether the quotes leave the file's end inside a quoted field).

    Records are rebuilt from lines by quote parity, so a quoted field spanning lines is one record,
    the way Polars reads it; a blank line or bare separators (",,,,") are left to the loader, which
    counts them as blank. The pass over the lines streams and keeps, of the lines that can change a
    count (see :func:`_lines_counted`), four small numbers each and no text: line number, quotes,
    separators, separators outside quotes if the line starts outside a quoted field. Where a line
    starts needs the quotes of every line before it: that running sum is taken over those numbers.
    Polars checks every line is UTF-8 as it reads it (a ComputeError otherwise), so this pass is
    also the file's encoding check. A big file whose header is its first line is first given the
    quick check (:func:`_all_records_whole`), which checks the encoding alike; the exact count runs
    only where it shows nothing.
    """
    small = _small_text(source)
    if small is not None:
        bad, open_end = _records_of(small, sep, m, header_line)
        return pl.DataFrame(bad, schema=_BAD_SCHEMA, orient="row"), open_end
    if header_line == 1 and _all_records_whole(source, sep, m):
        return pl.DataFrame(schema=_BAD_SCHEMA), False
    lines = _lines_counted(source, sep, m)
    ln, q = pl.col("_ln"), pl.col("_q")
    inside = (q.cum_sum() - q) % 2 == 1  # the line starts inside a quoted field (a line left out has no quote)
    seps = pl.when(pl.col("_inside")).then(pl.col("_lit") - pl.col("_out")).otherwise(pl.col("_out")).cast(pl.Int64)
    # The lines left out before this one (after the header) are in the state this one starts in:
    # outside a quoted field, each is a record of its own (m fields, or blank); inside, they add
    # nothing to the record they are part of.
    gap = (ln - 1 - pl.max_horizontal(ln.shift(1).fill_null(0), pl.lit(header_line))).clip(0)
    bad = (
        lines.lazy()
        .with_columns(_inside=inside)
        .with_columns(_seps=seps, _left=pl.when(pl.col("_inside")).then(0).otherwise(gap).cum_sum())
        # Fields of a record = separators outside quotes on its lines + 1; a running sum of separators
        # taken at each record's first line gives that without a group-by.
        .with_columns(_before=pl.col("_seps").cum_sum() - pl.col("_seps"), _total=pl.col("_seps").sum())
        .filter(~pl.col("_inside"))
        .with_columns(_fields=pl.col("_before").shift(-1).fill_null(pl.col("_total")) - pl.col("_before") + 1)
        .filter(ln > header_line)
        .with_row_index("_k")
        .filter(pl.col("_fields") != m)
        .select((pl.col("_k") + pl.col("_left")).cast(pl.UInt32).alias(_IDX), pl.col("_fields").alias(_FIELDS))
        .collect()
    )
    return bad, bool(lines.get_column("_q").sum() % 2)


def _all_records_whole(source: Path | bytes, sep: str, m: int) -> bool:
    """True when the file's quotes are even and Polars' own reader finds ``m`` fields in every
    record: then :func:`record_check` skips the exact count (:func:`_lines_counted`), which costs
    more (bench/FINDINGS.md). False means "not shown", never "ragged": the exact count runs.

    Polars cannot say how many fields a record has (it pads a short one with nulls, and a missing
    field reads as an empty one), but it counts records fast and it can be asked to read the file
    with the separator as the end of a "line": each unit is then one field, and a field that holds a
    line break outside quotes (it ends one record, the next record's first field follows) marks
    where a record ends. When the marks are as many as the record ends and m - 1 units apart (and
    the last record has m units too), every record has m fields. A record end it cannot see (the
    next record's first field is empty, a blank line) makes the counts differ, and the exact count
    runs. The reader checks every byte is UTF-8, the fields it is not asked for too.

    Where it and the exact count can part: Polars opens a quoted field only at a field's start,
    the exact count at any quote (as the record count does). A quote inside an unquoted field
    before a line break (``5" screen`` on a line cut there) makes a mark the exact count does not
    see, and it can make up for a mark missed. Polars' own read of such a file fails (its record
    count and its fields disagree), so the file is reported unreadable, with its line named, with
    or without this check. tests/test_loading_hostile.py checks both: where this says "whole" the
    exact count agrees or the file cannot be read, and load() reports the same either way.
    """
    if m < 2 or _quotes_odd_or_sep_last(source, sep):
        return False
    common = dict(has_header=False, infer_schema=False, raise_if_empty=False, glob=False, truncate_ragged_lines=True)
    units = pl.scan_csv(source, separator="\n", eol_char=sep, quote_char='"', schema={"_a": pl.String, "_b": pl.String},
                        missing_columns="insert", **common)
    ends = pl.col("_k").filter(pl.col("_b").is_not_null())  # the units that hold a record's end
    try:
        # Records first: Polars counts them from a mapping of the file, which is let go before the
        # units read fills its own buffers (the other order holds both at once: +240 MiB on 256 MB).
        records = pl.scan_csv(source, separator=sep, quote_char='"', **common).select(pl.len()).collect().item()
        # Aggregates only, so the query streams (a diff of the ends would hold every unit): ends
        # that are as many as the record ends, all multiples of m - 1, from m - 1 up to their count
        # times m - 1, are every such multiple, so each record's are m - 1 apart.
        counted = units.with_row_index("_k").select(
            n=pl.len(), ends=ends.len(), first=ends.min(), last=ends.max(), even=(ends % (m - 1) == 0).all(),
        ).collect(engine="streaming")
    except READ_FAILURES:
        return False
    n, ends_n, first, last, even = counted.row(0)
    if ends_n != records - 1:
        return False
    if ends_n == 0:  # the header alone: no record to be ragged
        return True
    return first == m - 1 and last == ends_n * (m - 1) and bool(even) and n - 1 - last == m - 1


def _quotes_odd_or_sep_last(source: Path | bytes, sep: str) -> bool:
    """Whether the file has an odd number of quotes (it ends inside a quoted field), or ends with
    the separator (Polars does not count the empty field after it): the two things the units read
    of :func:`_all_records_whole` cannot show. One pass at memory speed."""
    if isinstance(source, (bytes, bytearray)):
        return source.count(b'"') % 2 == 1 or bytes(source[-1:]) == sep.encode()
    quotes, last = 0, b""
    with open(source, "rb") as fh:
        while chunk := fh.read(PASS_CHUNK):
            quotes += chunk.count(b'"')
            last = chunk[-1:]
    return quotes % 2 == 1 or last == sep.encode()


def _runs(sep: str) -> str:
    # Separators outside quotes, counted without building a string per line: a quoted run (to its
    # closing quote or the line's end) and a separator are matched alike, so the matches less the
    # quoted runs (half the quotes, rounded up) are the separators between them. The quotes cut a
    # line into segments that are outside, inside, outside... when it starts outside a quoted
    # field, and the other way round when it starts inside one: then its separators outside quotes
    # are all the others (separators less this count).
    return f'"[^"]*(?:"|$)|{re.escape(sep)}'


def _lines_counted(source: Path | bytes, sep: str, m: int) -> pl.DataFrame:
    """Per line of a big source that can change a record's count: its number, quotes, separators,
    and separators outside quotes (starting outside).

    A line without a quote that is blank or has m - 1 separators is left out: outside a quoted
    field it is a record of m fields (or a blank one), inside one it adds no separator, either way
    nothing to reject, and :func:`ragged_records` counts it from the gaps in the line numbers. So
    a file of clean unquoted rows (or of a million blank lines) keeps next to nothing.
    """
    line, q, lit = pl.col("_l"), pl.col("_q"), pl.col("_lit")
    quoted = pl.when(q > 0).then(line)  # only lines with a quote pay for the regex
    outside = pl.coalesce(quoted.str.count_matches(_runs(sep)) - (q + 1) // 2, lit)
    # A bare line has no quote, and with m - 1 separators it has m fields anyway: only the other
    # lines need the regex.
    bare = pl.when((q == 0) & (lit != m - 1)).then(_bare(line, sep)).fill_null(False)
    return (
        pl.scan_lines(source, name="_l", glob=False)
        .with_row_index("_ln", offset=1)
        .with_columns(_q=line.str.count_matches('"', literal=True).cast(pl.UInt32),
                      _lit=line.str.count_matches(sep, literal=True).cast(pl.UInt32))
        .filter((q > 0) | ((lit != m - 1) & ~bare))
        .select(pl.col("_ln").cast(pl.Int64), "_q", "_lit", _out=outside.cast(pl.UInt32))
        .collect(engine="streaming")
    )


def _line_counts(line: str, sep: str, m: int) -> tuple[int, int, int, bool]:
    """:func:`_lines_counted` for one line of a small text, in Python (the same rules)."""
    q, lit = line.count('"'), line.count(sep)
    out = len(re.findall(_runs(sep), line)) - (q + 1) // 2 if q else lit
    return q, lit, out, not q and lit != m - 1 and not line.replace(sep, "").strip()


def _records_of(text: str, sep: str, m: int, header_line: int) -> tuple[list[tuple[int, int]], bool]:
    """:func:`record_check` of a small text, in Python: a Polars query costs more to start than
    this costs to run, and a folder may hold thousands of small exports."""
    out: list[tuple[int, int]] = []
    quotes, fields, bare, start, record = 0, 0, False, 0, -1
    for ln, line in enumerate(text.split("\n"), 1):
        q, lit, outside, is_bare = _line_counts(line, sep, m)
        if quotes % 2:  # inside a quoted field: the line goes on the record before it
            fields += lit - outside
        else:
            if start > header_line and not bare and fields != m:
                out.append((record, fields))
            start, fields, bare = ln, outside + 1, is_bare
            record += ln > header_line
        quotes += q
    if start > header_line and not bare and fields != m:
        out.append((record, fields))
    return out, bool(quotes % 2)


def _bare(line: pl.Expr, sep: str) -> pl.Expr:
    """True on a line of nothing but separators and white space (a blank row as Excel re-saves it)."""
    return ~line.str.contains(f"[^\\s{re.escape(sep)}]")


def _small_text(source: Path | bytes) -> str | None:
    """The text of a small source (for the Python form of the record count), else None."""
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
