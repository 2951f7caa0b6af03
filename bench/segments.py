"""Benchmark: the cost of a segmented report against the plain report, on the same files.

    python bench/segments.py --rows 1000000 --rounds 3

Uses bench/data/simple/<rows>/ (made by bench/generate.py on first use). Each round runs, each in a fresh
child process, the plain report (``smkpi report DIR --format json``) and the segmented one
(``--by platform --period month``), in alternating order, so the two share whatever load the
machine has at that moment; the ratios of the pairs are what to read (the machine is shared).
Wall time is from before the imports to the finished JSON document; CPU time is user + system of
all threads (the work done, which a busy machine inflates less than wall time); memory is the
child's peak RSS (VmHWM). The script exits 1 if the segmented report's whole values differ from the plain
report's beyond float rounding (segmenting must not change them).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CUTS = {"plain": [], "segmented": ["--by", "platform", "--period", "month"]}


def peak_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(cut: str, folder: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from smkpi.segment import Segmentation
    from smkpi.config import load_settings
    from smkpi.jsonout import dumps, report_document
    from smkpi.report import build_report

    args = dict(zip(CUTS[cut][::2], CUTS[cut][1::2]))
    seg = Segmentation.from_options(None, None, None, args.get("--period"), [args["--by"]] if "--by" in args else None, None)
    rep = build_report([folder], load_settings(None), segmentation=seg, infer=False)
    doc = json.loads(dumps(report_document(rep, rep.exit_code())))
    groups = sum(len(k["groups"] or []) for k in doc["kpis"])
    points = sum(len(k["series"] or []) for k in doc["kpis"])
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    sys.stdout.write(json.dumps({"wall": time.perf_counter() - T0, "cpu": ru.ru_utime + ru.ru_stime,
                                 "peak_mb": peak_rss_mb(), "groups": groups,
                                 "points": points, "values": {k["id"]: k["value"] for k in doc["kpis"]}}) + "\n")


def spawn(cut: str, rows: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", cut, "--rows", str(rows)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{cut} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def same(a: object, b: object) -> bool:
    """Equal, floats within 1e-9 relative (the engine may add a segmented query's floats in another order)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def main() -> None:
    ap = argparse.ArgumentParser(description="segmented vs plain report (see the module docstring)")
    ap.add_argument("--rows", type=int, default=1_000_000, help="posts rows (other kinds scale from it)")
    ap.add_argument("--rounds", type=int, default=3, help="pairs of runs (plain, segmented), order alternating")
    ap.add_argument("--child", choices=tuple(CUTS), help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import folder_of, generate

    if args.child:
        child(args.child, folder_of(args.rows))
        return
    generate(args.rows)
    pairs = []
    for i in range(args.rounds):
        order = ("plain", "segmented") if i % 2 == 0 else ("segmented", "plain")
        got = {cut: spawn(cut, args.rows) for cut in order}
        pairs.append(got)
        p, s = got["plain"], got["segmented"]
        print(f"round {i + 1}: plain {p['wall']:.2f}s {p['peak_mb']:.0f} MiB · segmented {s['wall']:.2f}s "
              f"{s['peak_mb']:.0f} MiB ({s['groups']} groups, {s['points']} series points) · "
              f"ratio wall {s['wall'] / p['wall']:.2f}x, cpu {s['cpu'] / p['cpu']:.2f}x, "
              f"memory {s['peak_mb'] / p['peak_mb']:.2f}x", flush=True)
    seg_values = pairs[0]["segmented"]["values"]
    bad = [k for k, v in pairs[0]["plain"]["values"].items() if not same(v, seg_values.get(k))]
    wall = statistics.median(g["segmented"]["wall"] / g["plain"]["wall"] for g in pairs)
    cpu = statistics.median(g["segmented"]["cpu"] / g["plain"]["cpu"] for g in pairs)
    mem = statistics.median(g["segmented"]["peak_mb"] / g["plain"]["peak_mb"] for g in pairs)
    print(f"median of {args.rounds} pairs at {args.rows:,} posts rows: wall {wall:.2f}x, cpu {cpu:.2f}x, "
          f"memory {mem:.2f}x (segmented / plain)")
    if bad:
        raise SystemExit(f"segmenting changed the whole value of: {', '.join(bad)}")


if __name__ == "__main__":
    main()
