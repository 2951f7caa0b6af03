"""Measure smkpi's sentiment labels: Thai accuracy on the held-out tenth of Wisesight, English
macro-averaged recall on the TweetEval validation file (and VADER's own, as the baseline).

    python scripts/eval_sentiment.py [--shared ../shared/data/sentiment]

Both go through smkpi.sentiment.infer.label_texts, the path `smkpi report` and `smkpi sentiment`
use (routing by script included). The data is read from shared/, never shipped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
from smkpi.sentiment.english import score as vader  # noqa: E402
from smkpi.sentiment.infer import label_texts  # noqa: E402
from train_sentiment import SHARED as DEFAULT_SHARED, held_out, read  # noqa: E402

LABELS = ("positive", "negative", "neutral")


def macro_recall(truth: list[str], pred: list[str | None]) -> float:
    """Mean over the three classes of (correct in class / texts in class)."""
    rec = []
    for c in LABELS:
        idx = [i for i, t in enumerate(truth) if t == c]
        rec.append(sum(pred[i] == c for i in idx) / len(idx))
    return sum(rec) / len(rec)


def thai(shared: Path) -> dict:
    df = read(shared / "wisesight-train.csv")
    test = df.filter(pl.Series(held_out(df["text"])))
    truth = test["label"].replace({"question": "neutral"}).to_list()
    pred = label_texts(test["text"])["sentiment"].to_list()
    return {"texts": len(truth), "accuracy": sum(p == t for p, t in zip(pred, truth)) / len(truth),
            "macro_recall": macro_recall(truth, pred)}


def english(shared: Path) -> dict:
    df = pl.read_csv(shared / "tweeteval-val.csv", schema={"label": pl.String, "text": pl.String})
    truth = df["label"].to_list()
    pred = label_texts(df["text"])["sentiment"].to_list()
    base = vader(df["text"].to_list())[0]
    return {"texts": len(truth), "macro_recall": macro_recall(truth, pred),
            "vader_macro_recall": macro_recall(truth, base),
            "accuracy": sum(p == t for p, t in zip(pred, truth)) / len(truth)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args()
    t, e = thai(args.shared), english(args.shared)
    print(f"thai    held-out {t['texts']:,} texts: accuracy {t['accuracy']:.4f}, macro recall {t['macro_recall']:.4f}")
    print(f"english tweeteval-val {e['texts']:,} texts: macro recall {e['macro_recall']:.4f} "
          f"(VADER alone {e['vader_macro_recall']:.4f}), accuracy {e['accuracy']:.4f}")


if __name__ == "__main__":
    main()
