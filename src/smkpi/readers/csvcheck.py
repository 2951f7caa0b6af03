"""Ragged CSV rows made visible: a row with too few fields is rejected, too many is a file error.

Polars pads a row that has fewer fields than the header with nulls, silently, and refuses a row
with more fields with a message that has no line number. Both hide what is wrong with the file:

- too few fields (a truncated final line, a row cut short): :func:`with_field_check` counts each
  record's fields with a second, vectorised Polars pass over the file's lines and rejects the row
  ("row has 3 fields, header has 6"). No per-row Python runs on the happy path.
- too many fields, or a quote that never closes: the file cannot be read reliably; on that error
  path only, :func:`locate_problem` walks the file once to name the line.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

SHORT_ROW = "row has {} fields, header has {}"
# Names no export uses: a file may well have a column called "_i" or "_fields".
_IDX, _FIELDS = "__smkpi_record", "__smkpi_fields"


def with_field_check(lf: pl.LazyFrame, source: Path | bytes, sep: str, columns: list[str], reason_col: str,
                     header_line: int = 1, maybe_short: bool | None = None) -> pl.LazyFrame:
    """``lf`` plus ``reason_col``: why a row is rejected for having fewer fields than the header.

    ``source`` must be what ``lf`` scans (the path, or the UTF-8 bytes of a re-encoded file), and
    ``header_line`` the 1-based line of the header in it (after any preamble lines).

    Records are rebuilt from lines by quote parity, so a quoted field spanning lines is one record,
    the way Polars reads it. A row is flagged only when both readers agree: this pass counts fewer
    fields, and Polars padded the row's last column with null. ``maybe_short`` is
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
    text = pl.when(inside).then(pl.concat_str(pl.lit('"'), line)).otherwise(line)
    seps = text.str.replace_all(r'"[^"]*(?:"|$)', "").str.count_matches(sep, literal=True)
    # Fields of a record = separators outside quotes on its lines + 1; a running sum of separators
    # taken at each record's first line gives that without a group-by.
    records = (
        pl.scan_lines(source, name="_l", glob=False)
        .with_row_index("_ln", offset=1)
        .with_columns(_seps=seps, _start=~inside)
        .with_columns(_before=pl.col("_seps").cum_sum() - pl.col("_seps"), _total=pl.col("_seps").sum())
        .filter(pl.col("_start"))
        .with_columns(_fields=pl.col("_before").shift(-1).fill_null(pl.col("_total")) - pl.col("_before") + 1)
        # A blank line is reported by the loader as "row is empty", not as a short row.
        .with_columns(_fields=pl.when(line.str.strip_chars() == "").then(None).otherwise(pl.col("_fields")))
        .filter(pl.col("_ln") > header_line)
        .with_row_index(_IDX)
        .select(_IDX, pl.col("_fields").alias(_FIELDS))
    )
    last = pl.col(columns[-1])
    reason = (pl.when((pl.col(_FIELDS) < m) & last.is_null())
              .then(pl.format(SHORT_ROW.format("{}", m), pl.col(_FIELDS))))
    return (lf.with_row_index(_IDX)
            .join(records, on=_IDX, how="left", maintain_order="left")
            .with_columns(reason.alias(reason_col))
            .drop(_IDX, _FIELDS))


def may_have_short_rows(source: Path | bytes, sep: str, m: int, header_line: int) -> bool:
    """Whether any non-blank line after the header has fewer than ``m - 1`` separators.

    Counting separators inside quotes too can only over-count, so a line with enough of them is
    never the start of a short record; a quoted value that spans lines makes its lines short, and
    then the exact record pass runs. One streaming pass over the lines, no Python per row.
    """
    line = pl.col("_l")
    short = (
        pl.scan_lines(source, name="_l", glob=False)
        .with_row_index("_ln", offset=1)
        .filter((pl.col("_ln") > header_line) & (line.str.count_matches(sep, literal=True) < m - 1)
                & (line.str.strip_chars() != ""))
        .head(1)
        .collect(engine="streaming")
    )
    return short.height > 0


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
