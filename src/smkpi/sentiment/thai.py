"""The Thai model: multinomial logistic regression over hashed character n-grams.

Weights ship in ``thai.npz`` (plain arrays, read with ``allow_pickle=False``), trained by
``scripts/train_sentiment.py`` on the Wisesight corpus. A text's features are its n-gram counts
divided by the square root of its n-gram total, so its class scores are sums of weight rows,
computed for a whole batch with ``np.bincount``: no per-text Python loop.
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
    weights: np.ndarray  # (2**bits, classes), float32
    bias: np.ndarray  # (classes,), float64
    classes: tuple[str, ...]
    bits: int

    def probabilities(self, texts: pl.Series) -> np.ndarray:
        """Softmax class probabilities, one row per text (float64)."""
        n = len(texts)
        cps, tid = features.codepoints(texts)
        t, b = features.ngram_buckets(cps, tid, self.bits)
        count = np.bincount(t, minlength=n).astype(np.float64)
        w = self.weights[b]
        scores = np.empty((n, len(self.classes)), dtype=np.float64)
        for k in range(len(self.classes)):
            scores[:, k] = np.bincount(t, weights=w[:, k], minlength=n)
        scores /= np.sqrt(np.maximum(count, 1.0))[:, None]
        scores += self.bias
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
        return LinearModel(z["weights"].astype(np.float32), z["bias"], tuple(str(c) for c in z["classes"]), bits)
