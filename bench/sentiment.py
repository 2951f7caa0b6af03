"""Benchmark `smkpi sentiment` (throughput, peak memory, start-up included) and measure accuracy.

    python bench/sentiment.py [--rows 150000] [--shared ../shared/data/sentiment]

Builds comments files from the shared corpora (texts sampled with a fixed seed, each made unique
with its row number so no cache helps), runs `smkpi sentiment FILE -o out.csv` and `smkpi report
FILE` in fresh processes, and reports wall time (start-up included), comments per second and peak
RSS. Peer: VADER alone over the same English texts, in-process. Then the accuracy figures
(scripts/eval_sentiment.py). Numbers depend on the machine and its load: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from train_sentiment import SHARED  # noqa: E402


def make_file(path: Path, rows: int, english_share: float, shared: Path) -> None:
    thai = pl.read_csv(shared / "wisesight-train.csv")["text"].drop_nulls().to_list()
    eng = pl.read_csv(shared / "tweeteval-val.csv")["text"].drop_nulls().to_list()
    rnd = random.Random(12)
    texts = [f"{(rnd.choice(eng) if rnd.random() < english_share else rnd.choice(thai))} ({i})" for i in range(rows)]
    pl.DataFrame({
        "comment_id": [f"c{i}" for i in range(rows)],
        "created_at": ["2026-11-02 10:00"] * rows,
        "platform": ["facebook"] * rows,
        "post_id": [f"p{i % 300}" for i in range(rows)],
        "text": texts,
    }).write_csv(path)


def run(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MiB, CPU seconds) of one `smkpi ...` in a fresh process (and its workers).

    On a busy machine wall time measures the other processes too: CPU seconds / cores is the
    wall time a quiet machine would take at best."""
    code = ("import resource, sys; from smkpi.cli import main; sys.argv = ['smkpi', *sys.argv[1:]]\n"
            "try:\n    main()\nfinally:\n"
            "    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime\n"
            "    sys.stderr.write(f'\\nRSS {max(me.ru_maxrss, kids.ru_maxrss)} CPU {cpu}\\n')")
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    wall = time.perf_counter() - t
    rss = [line for line in r.stderr.splitlines() if line.startswith("RSS ")]
    if r.returncode not in (0, 1) or not rss:
        raise SystemExit(f"smkpi {' '.join(args)} failed:\n{r.stderr[-2000:]}")
    parts = rss[-1].split()
    return wall, int(parts[1]) / 1024, float(parts[3])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=150_000)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--no-accuracy", action="store_true")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    model = ROOT / "src" / "smkpi" / "sentiment" / "thai.npz"
    print(f"model: {model.name} {model.stat().st_size / 1e6:.2f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        for name, share in (("thai page (20% English)", 0.2), ("all Thai", 0.0), ("all English", 1.0)):
            f = Path(tmp) / "comments.csv"
            make_file(f, args.rows, share, args.shared)
            wall, rss, cpu = run(["sentiment", str(f), "-o", str(Path(tmp) / "out.csv"), "--quiet"])
            print(f"smkpi sentiment, {args.rows:,} rows, {name}: wall {wall:.2f} s ({args.rows / wall:,.0f} comments/s), "
                  f"CPU {cpu:.2f} s ({args.rows / cpu:,.0f} comments per CPU-second), peak RSS {rss:.0f} MiB")
            if share == 0.2:
                wall, rss, cpu = run(["report", str(f), "--format", "json", "--quiet"])
                print(f"smkpi report (infers every label), same file: wall {wall:.2f} s, CPU {cpu:.2f} s, "
                      f"peak RSS {rss:.0f} MiB")
                wall, rss, cpu = run(["report", str(f), "--format", "json", "--quiet", "--no-infer"])
                print(f"smkpi report --no-infer, same file: wall {wall:.2f} s, CPU {cpu:.2f} s, peak RSS {rss:.0f} MiB")
            if share == 1.0:
                from smkpi.sentiment.english import score

                texts = pl.read_csv(f)["text"].to_list()
                t = time.perf_counter()
                score(texts)
                print(f"peer: VADER alone in-process, same texts: {len(texts) / (time.perf_counter() - t):,.0f} texts/s")
    if not args.no_accuracy:
        import eval_sentiment

        eval_sentiment.main.__globals__["sys"].argv = ["eval", "--shared", str(args.shared)]
        eval_sentiment.main()


if __name__ == "__main__":
    main()
