"""The Thai model: multinomial logistic regression over hashed character n-grams.

Weights ship in ``thai.npz`` (plain arrays, read with ``allow_pickle=False``), trained by
``scripts/train_sentiment.py`` on the Wisesight corpus. A text's features are which n-grams it has
(1 each, divided by the square root of how many distinct ones), so its class scores are sums of
weights, computed for a whole batch with numpy: no per-text Python loop.
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
    weights: np.ndarray  # (classes, 2**bits), float32
    bias: np.ndarray  # (classes,), float64
    classes: tuple[str, ...]
    bits: int

    def scores(self, texts: pl.Series) -> np.ndarray:
        """Class scores, one row per text: Σ weights of the text's distinct n-grams / sqrt(how many) + bias.

        The same sum as the training design matrix (scripts/train_sentiment.py); the n-grams come
        sorted by text, so ``reduceat`` sums each text's run (every text has at least its start mark).
        """
        n = len(texts)
        t, b = features.distinct_ngrams(*features.codepoints(texts), self.bits)
        if not n:
            return np.zeros((0, len(self.classes)))
        starts = np.flatnonzero(np.r_[True, t[1:] != t[:-1]])
        count = np.diff(np.r_[starts, t.size]).astype(np.float64)
        out = np.empty((n, len(self.classes)))
        for k in range(len(self.classes)):
            out[:, k] = np.add.reduceat(self.weights[k].take(b), starts, dtype=np.float64)
        return out / np.sqrt(count)[:, None] + self.bias

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
        weights = np.ascontiguousarray(z["weights"].astype(np.float32).T)
        return LinearModel(weights, z["bias"], tuple(str(c) for c in z["classes"]), bits)
