"""Train smkpi's Thai sentiment model and write src/smkpi/sentiment/thai.npz.

    pip install -e '.[train]'
    python scripts/train_sentiment.py [--data ../shared/data/sentiment/wisesight-train.csv]

Deterministic end to end, so the model rebuilds bit for bit (same data, same pinned versions):
the held-out split is a hash of each text (no random state; a text and its copies fall on the same
side), liblinear runs with a fixed seed, and the .npz is written with fixed zip timestamps.
The held-out tenth is never trained on; scripts/eval_sentiment.py measures it.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
import polars as pl
import scipy.sparse as sp
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from smkpi.sentiment import features  # noqa: E402

# shared/ sits beside the repository (a worktree is one level deeper)
SHARED = next((p / "shared" / "data" / "sentiment" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
              ROOT.parent / "shared" / "data" / "sentiment")
DEFAULT_DATA = SHARED / "wisesight-train.csv"
OUT = ROOT / "src" / "smkpi" / "sentiment" / "thai.npz"
# Measured on the held-out tenth (LinearSVC, 4 classes, question -> neutral, n-grams 1-4):
#   counts / sqrt(total): C=0.1 0.733, C=0.3 0.748; L2-normalised counts 0.738; 2**20 buckets 0.745;
#   1-5-grams (2**19) 0.743; 3 classes C=0.45 0.749; distinct n-grams / sqrt(how many), C=0.3: 0.752.
#   Logistic regression (lbfgs, C=10) 0.734 and took 15x longer; SGD (log loss) 0.741.
BITS = 18  # 262,144 buckets
C = 0.3  # liblinear's regularisation
SEED = 0


def held_out(texts: pl.Series) -> np.ndarray:
    """True for the evaluation tenth: sha1(text) mod 10 == 0."""
    return np.array([int(hashlib.sha1(t.encode("utf-8")).hexdigest(), 16) % 10 == 0 for t in texts.to_list()])


def read(path: Path) -> pl.DataFrame:
    df = pl.read_csv(path, schema={"label": pl.String, "text": pl.String})
    return df.filter(pl.col("text").is_not_null() & pl.col("label").is_not_null())


def design(texts: pl.Series, bits: int = BITS) -> sp.csr_matrix:
    """The features the shipped model sees: 1 for each distinct n-gram of a text / sqrt(how many)."""
    t, b = features.distinct_ngrams(*features.codepoints(texts), bits)
    n = np.bincount(t, minlength=len(texts)).astype(np.float64)
    return sp.csr_matrix((1.0 / np.sqrt(n[t]), (t, b)), shape=(len(texts), 2**bits))


def temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The scale of the decision values whose softmax best fits the training labels (grid, log loss):
    turns the SVM's margins into confidences; labels do not depend on it."""
    best, best_loss = 1.0, np.inf
    for t in np.round(np.arange(0.5, 10.01, 0.25), 2):
        z = scores * t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -logp[np.arange(len(y)), y].mean()
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    # np.savez stamps the zip entries with the current time: write them with a fixed one.
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, a in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(a), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buf.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    df = read(args.data)
    held = held_out(df["text"])
    x = design(df["text"])
    y = df["label"].to_numpy()
    svm = LinearSVC(C=C, random_state=SEED, max_iter=5000).fit(x[~held], y[~held])
    classes = [str(c) for c in svm.classes_]
    coef = svm.coef_.T.astype(np.float16)  # (buckets, classes): the ship size halves, labels unchanged
    bias = svm.intercept_.astype(np.float64)
    margins = x[~held] @ coef.astype(np.float64) + bias
    t = temperature(margins, np.searchsorted(svm.classes_, y[~held]))
    write_npz(args.out, {
        "weights": (coef.astype(np.float32) * t).astype(np.float16), "bias": bias * t,
        "classes": np.array(classes, dtype="<U16"), "bits": np.array(BITS, dtype=np.int64),
        "max_n": np.array(features.MAX_N, dtype=np.int64),
    })
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"trained on {int((~held).sum()):,} texts, {int(held.sum()):,} held out; temperature {t}; "
          f"wrote {args.out} ({args.out.stat().st_size:,} bytes, sha256 {digest[:16]})")


if __name__ == "__main__":
    main()
