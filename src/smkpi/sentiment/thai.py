"""The Thai model: multinomial logistic regression over hashed character n-grams.

Weights ship in ``thai.npz`` (plain arrays, read with ``allow_pickle=False``), trained by
``scripts/train_sentiment.py`` on the Wisesight corpus. A text's features are its n-gram counts
divided by the square root of its n-gram total, so its class scores are sums of weights,
computed for a whole batch with numpy: no per-text Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np
import polars as pl

from . import features

MODEL_FILE = "thai.npz"


@dataclass(frozen=True)
class LinearModel:
    weights: np.ndarray  # (classes, 2**bits + 1), float32; the last column is 0 (n-grams across texts)
    bias: np.ndarray  # (classes,), float64
    classes: tuple[str, ...]
    bits: int

    def scores(self, texts: pl.Series) -> np.ndarray:
        """Class scores, one row per text: Σ weights of the text's n-grams / sqrt(their count) + bias.

        The same sum as ``features.ngram_buckets`` + the training design matrix, without building
        the (text, bucket) list: n-grams are scored where they start, those that would run into the
        next text hit the zero column, and ``reduceat`` sums each text's positions.
        """
        cps, tid = features.codepoints(texts)
        size = cps.size
        starts = np.flatnonzero(np.r_[True, tid[1:] != tid[:-1]]) if size else np.zeros(0, np.int64)
        lens = np.diff(np.r_[starts, size]).astype(np.float64)  # every text has its 2 marks: none is empty
        pad = np.concatenate([cps, np.zeros(features.MAX_N - 1, np.uint32)]).astype(np.uint64)
        tpad = np.concatenate([tid, np.full(features.MAX_N - 1, -1, np.int64)])
        zero = np.int64(self.weights.shape[1] - 1)
        acc = np.zeros((len(self.classes), size), np.float32)
        h = np.zeros(size, np.uint64)
        total = np.zeros(len(starts))
        with np.errstate(over="ignore"):  # uint64 wrap-around is the hash, by design
            for n in range(1, features.MAX_N + 1):
                h = h * features._STEP + pad[n - 1:n - 1 + size]
                b = (((h + np.uint64(n)) * features._MIX) >> np.uint64(64 - self.bits)).astype(np.int64)
                if n > 1:
                    b[tpad[n - 1:n - 1 + size] != tid] = zero
                for k in range(len(self.classes)):
                    acc[k] += self.weights[k].take(b)
                total += np.maximum(lens - n + 1, 0)
        out = np.add.reduceat(acc, starts, axis=1, dtype=np.float64).T if size else np.zeros((0, len(self.classes)))
        return out / np.sqrt(np.maximum(total, 1.0))[:, None] + self.bias

    def probabilities(self, texts: pl.Series) -> np.ndarray:
        """Softmax of the class scores (the training script scaled them to fit its labels' log loss)."""
        scores = self.scores(texts)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores


@lru_cache(maxsize=1)
def model() -> LinearModel:
    """The shipped model, read once per process (on first use: smkpi imports it only to label)."""
    with files("smkpi.sentiment").joinpath(MODEL_FILE).open("rb") as f:
        z = np.load(f, allow_pickle=False)
        max_n, bits = int(z["max_n"].reshape(-1)[0]), int(z["bits"].reshape(-1)[0])
        if max_n != features.MAX_N:
            raise RuntimeError(f"{MODEL_FILE} was trained with n-grams up to {max_n}, "
                               f"features make {features.MAX_N}: retrain with scripts/train_sentiment.py")
        w = z["weights"].astype(np.float32).T
        weights = np.ascontiguousarray(np.concatenate([w, np.zeros((w.shape[0], 1), np.float32)], axis=1))
        return LinearModel(weights, z["bias"], tuple(str(c) for c in z["classes"]), bits)
