"""``smkpi sentiment``: one row per comment, with its label, confidence and where the label came from.

The rows are the ones ``smkpi report`` uses (same loader: kinds, exports, encodings, rejected rows,
duplicates), so the shares of the written labels are the report's shares. Columns: ``file`` (with
more than one comments file), ``id`` (the comment id when the file has one, else the row number in
the file), ``sentiment``, ``sentiment_score``, ``sentiment_source``, then the file's own columns as
written, less its sentiment column (replaced) and columns of those names (a file written by
``smkpi sentiment`` and corrected by hand reads back in, and writes back out, the same).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..errors import UsageError
from .fill import CELL, INPUT, LINE, SCORE, SOURCE

OURS = ("file", "id", "sentiment", SCORE, SOURCE)


def sentiment_table(loaded) -> pl.DataFrame:
    """The rows to write (all text), in file and row order."""
    ds = loaded.datasets.get("comments")
    if ds is None:
        first = loaded.skipped[0] if loaded.skipped else None
        why = f" ({first.path}: {first.reason})" if first else ""
        raise UsageError(f"no comments file among the inputs{why}; a comments file has a text column and a "
                         f"comment_id or sentiment column, see 'smkpi inspect'")
    df = ds.frame.sort(INPUT, LINE)
    comment_files = [i for i, f in enumerate(loaded.inputs) if f.kind == "comments"]
    with_id = [i for i in comment_files if "comment_id" in loaded.inputs[i].mapping.values()]
    names = {i: loaded.inputs[i].path for i in comment_files}
    replaced = {h for f in loaded.inputs if f.kind == "comments" for h, c in f.mapping.items() if c == "sentiment"}
    originals = [c for c in df.columns if c.startswith(CELL)
                 and c[len(CELL):] not in replaced and c[len(CELL):].strip().lower() not in OURS]
    cols = []
    if len(comment_files) > 1:
        cols.append(pl.col(INPUT).replace_strict(names, return_dtype=pl.String).alias("file"))
    cols += [
        pl.when(pl.col(INPUT).is_in(with_id)).then(pl.col("comment_id").cast(pl.String))
        .otherwise(pl.col(LINE).cast(pl.String)).alias("id"),
        pl.col("sentiment"), pl.col(SCORE), pl.col(SOURCE),
        *[pl.col(c).alias(c[len(CELL):]) for c in originals],
    ]
    return df.select(cols)


def write(table: pl.DataFrame, fmt: str, output: Path | None, stdout) -> None:
    """Write ``table`` as csv, jsonl, json or a table (``table`` goes through Rich on ``stdout``)."""
    if fmt == "csv":
        # A file gets a UTF-8 byte-order mark: Excel reads Thai text in a CSV without one as mojibake.
        if output is not None:
            table.write_csv(output, include_bom=True)
        else:
            stdout.write(table.write_csv())
        return
    if fmt in ("jsonl", "json"):
        # Polars writes the rows itself: a list of 150,000 dicts first would double the memory.
        text = table.write_ndjson() if fmt == "jsonl" else table.write_json() + "\n"
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            stdout.write(text)
        return
    raise ValueError(fmt)


def text_header(loaded) -> str | None:
    """The header of the comments' text column as the (first) file writes it."""
    return next((h for f in loaded.inputs if f.kind == "comments" for h, c in f.mapping.items() if c == "text"), None)


def render_table(table: pl.DataFrame, console, text_col: str | None) -> None:
    """People's view: id, label, confidence, source and the text (shortened), markup-safe."""
    from rich.table import Table
    from rich.text import Text

    from ..fmt import safe

    t = Table(show_edge=False, pad_edge=False)
    for c in ("id", "sentiment", "score", "source", "text"):
        t.add_column(c, justify="right" if c == "score" else "left", overflow="ellipsis",
                     no_wrap=c != "text", max_width=60 if c == "text" else None)
    text_col = text_col if text_col in table.columns else None
    for r in table.iter_rows(named=True):
        score = "" if r[SCORE] is None else f"{r[SCORE]:.2f}"
        body = (r.get(text_col) or "") if text_col else ""
        t.add_row(*(Text(safe(str(v))) for v in (r["id"], r["sentiment"] or "", score, r[SOURCE] or "",
                                                   body[:200])))
    console.print(t)


def summary(table: pl.DataFrame) -> str:
    n = table.height
    model = table.filter(pl.col(SOURCE) == "model").height
    label = table.filter(pl.col(SOURCE) == "label").height
    return (f"{n:,} comment(s): {model:,} labelled by the model, {label:,} kept from the file"
            + (f", {n - model - label:,} with no text to label" if n - model - label else ""))


FORMATS = ("csv", "jsonl", "json", "table")


def run(inputs, settings, fmt: str | None, output: Path | None, stdout, notes, console) -> None:
    """``smkpi sentiment``: label ``inputs``' comments and write them as ``fmt`` (default: from the
    ``-o`` suffix, else csv) to ``output`` or ``stdout``.

    ``notes`` is a console for notes and progress on stderr, or None (``--quiet``); ``console(path)``
    makes the Rich console the table view prints to.
    """
    import sys

    from ..load import load
    from ..render import render_input_notes

    fmt = fmt or (output.suffix.lower().lstrip(".") if output is not None else "csv")
    fmt = fmt if fmt in FORMATS else "csv"
    progress = None
    if notes is not None and sys.stderr.isatty():
        def progress(done: int, total: int) -> None:
            if total > 20_000:
                sys.stderr.write(f"\rlabelling comments: {done:,} / {total:,}" + ("\n" if done == total else ""))
                sys.stderr.flush()
    loaded = load(inputs, settings, infer=True, cells=True, progress=progress)
    table = sentiment_table(loaded)
    if notes is not None:
        render_input_notes(loaded, notes)
        notes.print(summary(table), soft_wrap=True, markup=False, highlight=False)
    if fmt == "table":
        out = console(output)
        render_table(table, out, text_header(loaded))
        if output:
            out.file.close()
    else:
        write(table, fmt, output, stdout)
