"""Benchmark: smkpi vs pandas vs DuckDB vs the raw Polars scan, on the same generated files.

    pip install -e '.[bench]'
    python bench/run.py --rows 1000000                      # the simple shape
    python bench/run.py --rows 1000000 --shape realistic    # shaped like real exports, with Meta files

Generates bench/data/<shape>/<rows>/ on first use (see bench/generate.py), then runs each variant in a
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
three agree on every KPI (relative tolerance 1e-9) of the whole report. Both peers read every file
of both shapes (the export-shaped ones through the header map in bench/peers.py); a file a peer
did not read would be named in a note and left out of its comparison, never silently.

With ``--repeat R`` the variants run interleaved (raw, smkpi, pandas, duckdb, raw, ...), so a burst
of load elsewhere on a shared machine hits them alike; the fastest wall time and CPU time are kept.
Unless ``--whole-only``, every file is then also measured alone (a folder holding only that file,
hard-linked under bench/data/<shape>/<rows>.kinds/): time and peak memory per file kind.
``--segmented`` adds smkpi's segmented report (``--by platform --period month`` through the
library), skipped with a message when the installed smkpi has no segmentation yet.
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
PEERS = ("pandas", "duckdb")
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


def segmentation_missing() -> str | None:
    """Why the segmented report cannot run with this smkpi (None when it can)."""
    sys.path.insert(0, str(ROOT / "src"))
    import inspect

    from smkpi.report import build_report

    if "segmentation" not in inspect.signature(build_report).parameters:
        return "smkpi.report.build_report takes no segmentation= yet (issue 10)"
    try:
        from smkpi.segment import Segmentation  # noqa: F401
    except ImportError as e:
        return f"smkpi.segment.Segmentation is missing ({e})"
    return None


def run_smkpi(folder: Path, segmented: bool = False) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from smkpi.config import load_settings
    from smkpi.jsonout import dumps, report_document
    from smkpi.report import build_report

    # infer=False (--no-infer): the peers read the sentiment labels the files carry and label no text;
    # smkpi's own labelling of unlabelled comments is measured by bench/sentiment.py.
    if segmented:  # smkpi report DIR --by platform --period month --format json
        from smkpi.segment import Segmentation

        rep = build_report([folder], load_settings(None), segmentation=Segmentation(by=("platform",), period="month"),
                           infer=False)
    else:
        rep = build_report([folder], load_settings(None), infer=False)
    doc = json.loads(dumps(report_document(rep, rep.exit_code())))
    rows = {i["path"].rsplit("/", 1)[-1]: {k: i[k] for k in ("rows", "used", "rejected", "duplicates")}
            for i in doc["inputs"]}
    return {"kpis": {k["id"]: k["value"] for k in doc["kpis"]}, "inputs": rows}


def run_pandas(folder: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from peers import files_read, pandas_kpis

    return {"kpis": pandas_kpis(folder), "files": files_read(folder)}


def run_duckdb(folder: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from peers import duckdb_kpis, files_read

    return {"kpis": duckdb_kpis(folder), "files": files_read(folder)}


RUNNERS = {"raw": run_raw, "smkpi": run_smkpi, "pandas": run_pandas, "duckdb": run_duckdb,
           "segmented": lambda folder: run_smkpi(folder, segmented=True)}


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
def child_env() -> dict[str, str]:
    """The children's environment: a fixed hash seed, and bytecode as an installed package has it.

    A shell that sets PYTHONDONTWRITEBYTECODE (some sandboxes and containers do) makes every child
    compile the Python source that has no bytecode yet. The peers' libraries come with theirs (pip
    compiles a wheel at install), but an editable smkpi does not, so each smkpi run paid about 0.1 s
    of compiling that a user pays once. The children read the ``__pycache__`` bytecode that
    :func:`compile_ahead` writes (ignored by git), and the libraries' own, as installed.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_ahead() -> str | None:
    """Compile smkpi and the bench scripts beside their source; what was done, or None."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return None  # the children write their bytecode as they go, as a user's Python does
    # The children import smkpi from ROOT/src (run_smkpi puts it first on sys.path).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "smkpi"), str(HERE)],
                   env=child_env(), check=True, stdout=subprocess.DEVNULL)
    return ("note: this shell sets PYTHONDONTWRITEBYTECODE; smkpi was compiled ahead (src/smkpi/__pycache__), "
            "as an installed package is")


def spawn(variant: str, folder: Path, must: bool = True) -> dict | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--variant", variant, "--folder", str(folder)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=child_env())
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        if must:
            raise SystemExit(f"variant {variant} failed on {folder} (exit {proc.returncode})")
        print(f"note: {variant} failed on {folder.name} (exit {proc.returncode}); left out of that table")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(variants: list[str], folder: Path, repeat: int, must: bool = True, label: str = "") -> dict[str, dict]:
    """Interleaved runs (each variant once per round); per variant the fastest wall and CPU time and
    the highest peak memory of its runs."""
    runs: dict[str, list[dict]] = {v: [] for v in variants}
    for _ in range(max(1, repeat)):
        for v in variants:
            r = spawn(v, folder, must)
            if r is not None:
                runs[v].append(r)
                print(f"  {label}{v:<9} {r['wall']:8.2f} s {r['cpu']:8.2f} cpu-s {r['peak_mb']:9.0f} MiB", file=sys.stderr)
    out = {}
    for v, rs in runs.items():
        if rs:
            best = dict(min(rs, key=lambda r: r["wall"]))
            best.update(peak_mb=max(r["peak_mb"] for r in rs), cpu=min(r["cpu"] for r in rs), runs=len(rs))
            out[v] = best
    return out


def ratio_lines(results: dict[str, dict], indent: str = "") -> list[str]:
    s = results.get("smkpi")
    if not s:
        return []
    return [f"{indent}smkpi/{p:<7} wall {s['wall'] / r['wall']:5.2f}x   cpu {s['cpu'] / r['cpu']:5.2f}x   "
            f"peak memory {s['peak_mb'] / r['peak_mb']:5.2f}x" for p, r in results.items() if p in ("raw", *PEERS)]


def kind_folders(folder: Path) -> list[tuple[str, Path]]:
    """(file name, a folder holding only that file) for every data file: hard links, no copies."""
    import shutil

    base = folder.parent / (folder.name + ".kinds")
    out = []
    for f in sorted(folder.glob("*.csv")):
        one = base / f.stem
        one.mkdir(parents=True, exist_ok=True)
        link = one / f.name
        if not (link.exists() and link.stat().st_size == f.stat().st_size and link.stat().st_mtime >= f.stat().st_mtime):
            link.unlink(missing_ok=True)
            try:
                os.link(f, link)
            except OSError:
                shutil.copyfile(f, link)
        out.append((f.name, one))
    return out


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
    ap.add_argument("--shape", choices=("simple", "realistic"), default="simple",
                    help="simple: canonical files, plain cells; realistic: shaped like real exports (bench/realistic.py)")
    ap.add_argument("--variant", choices=[*VARIANTS, "segmented"], help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--only", action="append", choices=VARIANTS, help="run only these variants (repeatable)")
    ap.add_argument("--repeat", type=int, default=1, help="interleaved rounds; the fastest wall time is kept")
    ap.add_argument("--whole-only", action="store_true", help="skip the per-file (per-kind) measurements")
    ap.add_argument("--segmented", action="store_true",
                    help="also time smkpi's segmented report (--by platform --period month), when it exists")
    ap.add_argument("--json", type=Path, help="also write the measurements to this file")
    args = ap.parse_args()
    if args.variant:
        child(args.variant, args.folder)
        return

    sys.path.insert(0, str(HERE))
    from generate import generate

    t = time.perf_counter()
    folder = generate(args.rows, shape=args.shape)
    files = sorted(folder.glob("*.csv"))
    size = sum(f.stat().st_size for f in files)
    print(f"data: {folder} ({args.shape} shape, {len(files)} files, {size / 1e6:,.0f} MB, ready in "
          f"{time.perf_counter() - t:.1f}s); {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    note = compile_ahead()
    if note:
        print(note)
    variants = args.only or list(VARIANTS)
    if args.segmented:
        why = segmentation_missing()
        if why:
            print(f"note: --segmented skipped: {why}")
        else:
            variants.append("segmented")
    results = measure(variants, folder, args.repeat)

    rounds = f"best of {args.repeat} interleaved rounds" if args.repeat > 1 else "1 run each"
    print(f"\nwhole report ({args.shape} shape, posts rows: {args.rows:,}; {rounds})")
    print(f"{'variant':<10} {'wall s':>9} {'cpu s':>9} {'peak MiB':>9}")
    for v, r in results.items():
        print(f"{v:<10} {r['wall']:9.2f} {r['cpu']:9.2f} {r['peak_mb']:9.0f}")
    if results:
        print()
        for line in ratio_lines(results):
            print(line)
        if "segmented" in results and "smkpi" in results:
            g, s = results["segmented"], results["smkpi"]
            print(f"segmented/smkpi wall {g['wall'] / s['wall']:5.2f}x   cpu {g['cpu'] / s['cpu']:5.2f}x   "
                  f"peak memory {g['peak_mb'] / s['peak_mb']:5.2f}x   (--by platform --period month vs plain)")
    if "smkpi" in results:
        acc = results["smkpi"].get("inputs", {})
        print("\nsmkpi rows: " + "; ".join(f"{f} {a['rows']:,} read, {a['duplicates']:,} duplicates, "
                                           f"{a['rejected']:,} rejected" for f, a in sorted(acc.items())))

    per_kind: dict[str, dict] = {}
    if not args.whole_only:
        kinds = dict(files_kinds(args.shape))
        print(f"\nper file kind alone (each file in a folder of its own; {rounds})")
        print(f"{'file':<52} {'variant':<8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}   smkpi/variant wall, cpu, memory")
        for name, one in kind_folders(folder):
            res = measure([v for v in variants if v != "segmented"], one, args.repeat, must=False, label=f"{name}: ")
            per_kind[name] = res
            mb = (one / name).stat().st_size / 1e6
            title = f"{name} ({kinds.get(name, '?')}, {mb:,.1f} MB)"
            s = res.get("smkpi")
            for v, r in res.items():
                rel = (f"   {s['wall'] / r['wall']:5.2f}x {s['cpu'] / r['cpu']:5.2f}x {s['peak_mb'] / r['peak_mb']:5.2f}x"
                       if s and v != "smkpi" else "")
                print(f"{title:<52} {v:<8} {r['wall']:8.2f} {r['cpu']:8.2f} {r['peak_mb']:9.0f}{rel}")
                title = ""
    if args.json:
        args.json.write_text(json.dumps({"rows": args.rows, "shape": args.shape, "results": results,
                                         "per_kind": per_kind}, indent=1))
    if "smkpi" in results and any(p in results for p in PEERS):
        names = sorted(f.name for f in files)
        partial = False
        for p in PEERS:
            if p in results:
                left = sorted(set(names) - set(results[p].get("files", names)))
                if left:
                    partial = True
                    print(f"\nnote: {p} does not read {', '.join(left)}: those files are left out of its comparison")
        bad = agreement(results)
        peers = " and ".join(p for p in PEERS if p in results)
        n = len(results["smkpi"]["kpis"])
        if bad:
            print(f"\nAGREEMENT FAILED: {len(bad)} difference(s) between smkpi and {peers}:")
            for line in bad:
                print("  " + line)
            raise SystemExit(1)
        print(f"\nagreement: all {n} KPIs of the whole report agree between smkpi and {peers} "
              f"(relative tolerance {REL_TOL:g}; " + ("see the notes above on files left out)" if partial
                                                      else f"every variant read all {len(names)} files)"))


def files_kinds(shape: str) -> list[tuple[str, str]]:
    from generate import files_of

    return files_of(shape)


if __name__ == "__main__":
    main()
