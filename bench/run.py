"""Benchmark: smkpi vs pandas vs DuckDB vs the raw Polars scan, on the same generated files.

    pip install -e '.[bench]'
    python bench/run.py --rows 1000000

Generates bench/data/<rows>/ on first use (see bench/generate.py), then runs each variant in a
fresh child process of this script (``--variant NAME``) so every peak-memory figure is that
variant's own (VmHWM of the child), and so is its CPU time (user + system, all threads: the work
done, which a busy shared machine does not inflate the way it inflates wall time). Wall time is
measured inside the child from before the
variant imports its libraries to the finished result; for smkpi that is ``build_report`` over all
families plus the JSON document, i.e. ``smkpi report DIR --format json`` minus interpreter start.

Variants:
  smkpi   the library: load, type, account, de-duplicate, every KPI, JSON document
  pandas  the same KPIs as an analyst would write them in pandas (bench/peers.py)
  duckdb  the same KPIs in DuckDB SQL (bench/peers.py)
  raw     one Polars lazy scan of every file, every cell read as text and touched once
          (sum of byte lengths per column): the floor for any tool that reads these files

The pandas and DuckDB values double as a correctness check: the script fails (exit 1) unless all
three agree on every KPI (relative tolerance 1e-9).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # before any heavy import: the variant's imports count

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VARIANTS = ("raw", "smkpi", "pandas", "duckdb")
REL_TOL = 1e-9


def peak_rss_mb() -> float:
    """Peak resident set size of this process (VmHWM), in MiB."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the variants (each runs in its own child process) ------------------------------------------
def run_raw(folder: Path) -> dict:
    import polars as pl

    queries = [pl.scan_csv(f, infer_schema=False).select(pl.all().str.len_bytes().sum())
               for f in sorted(folder.glob("*.csv"))]
    pl.collect_all(queries)
    return {}


def run_smkpi(folder: Path) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from smkpi.config import load_settings
    from smkpi.jsonout import dumps, report_document
    from smkpi.report import build_report

    rep = build_report([folder], load_settings(None))
    doc = json.loads(dumps(report_document(rep, rep.exit_code())))
    rows = {i["path"].rsplit("/", 1)[-1]: {k: i[k] for k in ("rows", "used", "rejected", "duplicates")}
            for i in doc["inputs"]}
    return {"kpis": {k["id"]: k["value"] for k in doc["kpis"]}, "inputs": rows}


def run_pandas(folder: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from peers import pandas_kpis

    return {"kpis": pandas_kpis(folder)}


def run_duckdb(folder: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from peers import duckdb_kpis

    return {"kpis": duckdb_kpis(folder)}


RUNNERS = {"raw": run_raw, "smkpi": run_smkpi, "pandas": run_pandas, "duckdb": run_duckdb}


def cpu_seconds() -> float:
    """User + system CPU time of this process, all threads (the work done, whatever the machine's load)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child(variant: str, folder: Path) -> None:
    out = RUNNERS[variant](folder)
    out.update(wall=time.perf_counter() - T0, cpu=cpu_seconds(), peak_mb=peak_rss_mb())
    sys.stdout.write(json.dumps(out) + "\n")


# --- the parent: run, compare, print --------------------------------------------------------------
def spawn(variant: str, rows: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--variant", variant, "--rows", str(rows)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"variant {variant} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=0.0)


def agreement(results: dict[str, dict]) -> list[str]:
    """Lines describing disagreements (empty when smkpi, pandas and DuckDB agree on every KPI)."""
    ref = results["smkpi"]["kpis"]
    bad = []
    for peer in ("pandas", "duckdb"):
        if peer not in results:
            continue
        vals = results[peer]["kpis"]
        for kpi, v in ref.items():
            if kpi not in vals:
                bad.append(f"{kpi}: {peer} has no value")
            elif not same(v, vals[kpi]):
                bad.append(f"{kpi}: smkpi={v!r} {peer}={vals[kpi]!r}")
    return bad


def main() -> None:
    ap = argparse.ArgumentParser(description="smkpi benchmark (see the module docstring)")
    ap.add_argument("--rows", type=int, default=1_000_000, help="posts rows (other kinds scale from it)")
    ap.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    ap.add_argument("--only", action="append", choices=VARIANTS, help="run only these variants (repeatable)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per variant; the fastest wall time is kept")
    ap.add_argument("--json", type=Path, help="also write the measurements to this file")
    args = ap.parse_args()
    folder = HERE / "data" / str(args.rows)
    if args.variant:
        child(args.variant, folder)
        return

    sys.path.insert(0, str(HERE))
    from generate import generate

    t = time.perf_counter()
    generate(args.rows)
    size = sum(f.stat().st_size for f in folder.glob("*.csv"))
    print(f"data: {folder} ({size / 1e6:,.0f} MB, ready in {time.perf_counter() - t:.1f}s); "
          f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    variants = args.only or list(VARIANTS)
    results: dict[str, dict] = {}
    for v in variants:
        runs = [spawn(v, args.rows) for _ in range(max(1, args.repeat))]
        best = min(runs, key=lambda r: r["wall"])
        best["peak_mb"] = max(r["peak_mb"] for r in runs)
        best["cpu"] = min(r["cpu"] for r in runs)
        results[v] = best
        print(f"  {v:<7} {best['wall']:8.2f} s {best['cpu']:8.2f} cpu-s {best['peak_mb']:9.0f} MiB", file=sys.stderr)

    print(f"\n{'variant':<8} {'wall s':>9} {'cpu s':>9} {'peak MiB':>9}   (posts rows: {args.rows:,})")
    for v, r in results.items():
        print(f"{v:<8} {r['wall']:9.2f} {r['cpu']:9.2f} {r['peak_mb']:9.0f}")
    if "smkpi" in results:
        s = results["smkpi"]
        print()
        for peer in ("raw", "pandas", "duckdb"):
            if peer in results:
                p = results[peer]
                print(f"smkpi/{peer:<7} wall {s['wall'] / p['wall']:5.2f}x   cpu {s['cpu'] / p['cpu']:5.2f}x   "
                      f"peak memory {s['peak_mb'] / p['peak_mb']:5.2f}x")
        acc = s.get("inputs", {})
        print("\nsmkpi rows: " + "; ".join(f"{f} {a['rows']:,} read, {a['duplicates']:,} duplicates, "
                                           f"{a['rejected']:,} rejected" for f, a in sorted(acc.items())))
    if args.json:
        args.json.write_text(json.dumps({"rows": args.rows, "results": results}, indent=1))
    if "smkpi" in results and ("pandas" in results or "duckdb" in results):
        bad = agreement(results)
        peers = " and ".join(p for p in ("pandas", "duckdb") if p in results)
        n = len(results["smkpi"]["kpis"])
        if bad:
            print(f"\nAGREEMENT FAILED: {len(bad)} difference(s) between smkpi and {peers}:")
            for line in bad:
                print("  " + line)
            raise SystemExit(1)
        print(f"\nagreement: all {n} KPIs agree between smkpi and {peers} (relative tolerance {REL_TOL:g})")


if __name__ == "__main__":
    main()
