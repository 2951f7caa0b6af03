"""The stdlib .xlsx reader (smkpi.readers.xlsx) against calamine (fastexcel via Polars) on one sheet.

    python bench/xlsx_read.py --rows 100000

Writes a 10-column posts sheet with tests/fixtures/exports/xlsx_writer.py, then times a full read
to a frame of text cells by each (best of --repeat). smkpi reads .xlsx itself, not through calamine,
because calamine allocates a sheet's whole declared range (issue 15: a 1.6 KB bomb aborted the run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "exports"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()

    import polars as pl
    from xlsx_writer import write_xlsx

    from smkpi.readers import read_raw

    rows = [["post_id", "platform", "likes", "comments", "shares", "published_at", "reach", "impressions", "title",
             "content_type"]]
    rows += [[f"p{i}", "facebook", i % 100, i % 7, i % 3, "2026-06-01 09:00", i, i * 2, f"title {i % 50}", "image"]
             for i in range(args.rows)]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "posts.xlsx"
        write_xlsx(path, {"Posts": rows})
        for name, read in (("calamine", lambda: pl.read_excel(path, has_header=False, infer_schema_length=0)),
                           ("smkpi stdlib", lambda: read_raw(path).frame.collect())):
            best = min(_time(read) for _ in range(args.repeat))
            print(f"{name:>13}: {best:6.2f} s for {args.rows:,} rows x 10 columns "
                  f"({args.rows * 10 / best / 1e6:.2f} M cells/s)")


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
