"""Label texts: route each to the Thai or the English model by its script, in batches.

Routing: a text with any Thai letter goes to the Thai model (Thai brand pages mix Thai and
English in one comment, and the Thai corpus is full of that mix); a text with Latin letters and
no Thai goes to VADER; a text with neither (emoji, "555", "!!!", digits) goes to the Thai model,
which learned emoji from Thai social media. An empty or blank text gets no label (null), so a
report counts it as it does today: not a mention with a sentiment.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

LABELS = ("positive", "negative", "neutral")
BATCH = 5_000  # texts per batch: bounds the memory of the n-gram arrays, paces the progress
THAI = r"[\u0E00-\u0E7F]"
LATIN = r"[A-Za-z]"

Progress = Callable[[int, int], None]  # (texts done, texts in all)


def route(texts: pl.Series) -> pl.Series:
    """'thai', 'english' or null (nothing to read) for each text."""
    s = texts.cast(pl.String)
    blank = s.is_null() | s.str.strip_chars().eq("")
    frame = pl.DataFrame({"s": s, "blank": blank})
    return frame.select(
        pl.when(pl.col("blank")).then(None)
        .when(pl.col("s").str.contains(THAI)).then(pl.lit("thai"))
        .when(pl.col("s").str.contains(LATIN)).then(pl.lit("english"))
        .otherwise(pl.lit("thai")).alias("route")
    ).to_series()


def _thai(texts: pl.Series) -> tuple[list[str], np.ndarray]:
    from .thai import model

    m = model()
    p = m.probabilities(texts)
    merged = np.zeros((p.shape[0], len(LABELS)))
    for k, c in enumerate(m.classes):  # the corpus's "question" counts as neutral
        merged[:, LABELS.index("neutral" if c == "question" else c)] += p[:, k]
    best = merged.argmax(axis=1)
    return [LABELS[i] for i in best], merged[np.arange(len(best)), best]


def label_texts(texts: pl.Series, progress: Progress | None = None) -> pl.DataFrame:
    """``sentiment`` (positive/negative/neutral, null for a blank text) and ``sentiment_score``
    (the model's confidence in that label, 0–1) for each text, in order.

    Thai-routed texts are labelled in batches of ``BATCH`` (``progress`` is told after each), then
    the English ones (see ``english``).
    """
    n = len(texts)
    texts = texts.cast(pl.String)
    labels = np.full(n, None, dtype=object)
    scores = np.full(n, np.nan)
    routes = route(texts)
    thai = (routes == "thai").arg_true()
    english = (routes == "english").arg_true()
    todo, done = len(thai) + len(english), 0
    # Batches on two threads: numpy and Polars release the GIL for the heavy steps, and each batch
    # is labelled on its own, so the labels do not depend on the threads.
    batches = [thai.slice(start, BATCH) for start in range(0, len(thai), BATCH)]
    if batches:
        from .thai import model

        model()  # read once, before the threads share it
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        for idx, (lab, conf) in zip(batches, pool.map(lambda i: _thai(texts.gather(i)), batches)):
            at = idx.to_numpy()
            labels[at], scores[at] = lab, conf
            done += len(idx)
            if progress is not None:
                progress(done, todo)
    if len(english):
        from .english import score

        lab, conf = score(texts.gather(english).to_list())
        at = english.to_numpy()
        labels[at], scores[at] = lab, conf
        done += len(english)
        if progress is not None:
            progress(done, todo)
    return pl.DataFrame({"sentiment": pl.Series(labels.tolist(), dtype=pl.String),
                         "sentiment_score": pl.Series(scores).fill_nan(None).round(4)})
