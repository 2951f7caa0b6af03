"""The loader's and the report's hooks: fill empty sentiment labels from the comment text.

A label in the file always wins; only a valid row (not rejected) whose ``sentiment`` is empty and
whose ``text`` is not blank is labelled. Each labelled frame gains ``sentiment_source`` ("label"
or "model", null when the row has neither) and ``sentiment_score`` (the model's confidence, null
for a file label), and two internal columns that survive stacking: the input's number and the
row's line in its file (for per-file counts and for ``smkpi sentiment``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import polars as pl

INPUT, LINE, CELL = "__smkpi_input", "__smkpi_line", "__smkpi_cell:"
SOURCE, SCORE = "sentiment_source", "sentiment_score"


def label_file(index: int, info, df: pl.DataFrame, present: set[str], *, cells: pl.LazyFrame | None = None,
               progress: Callable[[int, int], None] | None = None) -> tuple[pl.DataFrame, set[str]]:
    """One input's rows used (``df``, before stacking) with its comments labelled, and its columns.

    ``index`` is the input's place among the inputs. ``cells``, when given, is the file's cells as
    written (with the loader's row-number column): they are joined in as ``__smkpi_cell:<header>``
    columns, for ``smkpi sentiment`` to write back. A file that needs no label never imports the model.
    """
    from ..loaded import REASON, ROW

    if info.kind != "comments":
        return df, present
    need = pl.col("sentiment").is_null()
    if REASON in df.columns:
        need = need & pl.col(REASON).is_null()
    if "text" in info.mapping.values() and "text" in df.columns:
        need = need & pl.col("text").is_not_null() & (pl.col("text").str.strip_chars() != "")
    else:
        need = pl.lit(False)
    mask = df.select(need.alias("m")).to_series()
    n = int(mask.sum())
    source = (pl.when(pl.col("sentiment").is_not_null()).then(pl.lit("label"))
              .when(mask).then(pl.lit("model")).otherwise(None))
    df = df.with_columns(source.alias(SOURCE), pl.lit(None, dtype=pl.Float64).alias(SCORE),
                         pl.lit(index, dtype=pl.Int64).alias(INPUT), pl.col(ROW).cast(pl.Int64).alias(LINE))
    if n:
        from .infer import label_texts

        idx = mask.arg_true()
        got = label_texts(df.get_column("text").gather(idx), progress)
        sentiment = df.get_column("sentiment").scatter(idx, got.get_column("sentiment"))
        score = df.get_column(SCORE).scatter(idx, got.get_column(SCORE))
        df = df.with_columns(sentiment.alias("sentiment"), score.alias(SCORE))
        present = present | {"sentiment"}
    info.inferred = n  # updated after duplicates are dropped: see count_inferred
    if cells is not None:
        raw = cells.collect()
        raw = raw.rename({c: CELL + c for c in raw.columns if c != ROW})
        df = df.join(raw, on=ROW, how="left", maintain_order="left")
    return df, present


def count_inferred(loaded) -> None:
    """Set each comments input's ``inferred``: its rows labelled by the model that the report
    uses (a duplicate dropped in favour of a later copy is not counted), and say it in its notes."""
    ds = loaded.datasets.get("comments")
    if ds is None or INPUT not in ds.rows.columns:
        return
    counts = dict(ds.lazy().filter(pl.col(SOURCE) == "model").group_by(INPUT).len().collect().iter_rows())
    for i, info in enumerate(loaded.inputs):
        if getattr(info, "inferred", None) is None:
            continue
        info.inferred = int(counts.get(i, 0))
        if info.inferred:
            info.notes.append(f"{info.inferred:,} sentiment label(s) inferred from the text "
                              f"(review them with 'smkpi sentiment'; --no-infer to use file labels only)")


# The note on each sentiment value whose labels smkpi inferred (translated: see smkpi/i18n).
INFERRED_NOTE = "{n} of the labels inferred from the comment text by smkpi's model"


def note_inferred(values: list, loaded, window=None, tz: str = "UTC") -> list:
    """The sentiment KPIs' values, each with a note saying how many of its labels were inferred:
    of the rows in ``window`` when one is given (the values count only those), else of all."""
    inferred = sum(getattr(f, "inferred", None) or 0 for f in loaded.inputs)
    if inferred and window is not None:
        from ..segment import time_filter
        from ..loaded import DECLARED_FROM

        ds = loaded.datasets["comments"]
        inside = time_filter("comments", window, tz, declared=DECLARED_FROM in ds.rows.columns)
        model = pl.col(SOURCE) == "model"
        inferred = ds.lazy().filter(model & inside if inside is not None else model).select(pl.len()).collect().item()
    if not inferred:
        return values
    out = []
    for v in values:
        if v.kpi.family == "sentiment":
            note = INFERRED_NOTE.format(n=f"{inferred:,}")
            v = dataclasses.replace(v, note=f"{v.note}; {note}" if v.note else note)
        out.append(v)
    return out
