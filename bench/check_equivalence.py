"""Check that the working tree's loader reads messy files exactly as a reference revision does.

    python bench/check_equivalence.py              # against 0450ec9 (before the second round of speed work)
    python bench/check_equivalence.py --shape realistic   # from the realistic shape (Meta exports, "1,234", ...)
    python bench/check_equivalence.py --ref b1faa33  # before the first round: differs on ads only, which
                                                     # were keyed by ad id alone then (now by ad and day)

The speed work changed how cells are parsed (staged columns, fast paths), never what they parse
to. This script builds files full of awkward cells (empty, padded, "n/a", thousands separators,
currency, negative, non-finite, dates in every spelling, future dates, duplicates across two
files), and files whose numeric columns are clean but for odd numbers ("-5", "1e400", "00012")
in the middle rows, past the samples (so the loader reads them typed by the CSV reader). It runs
``build_report`` with the reference revision's package and with this tree's on each, and
compares every input's accounting (rows, used, rejected, duplicates, reasons, row numbers,
examples), every KPI value (floats to 12 significant digits: a sum taken in another order may
differ in the last bit) and status, and the de-duplicated frames. Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import ast
import csv
import math
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUNK = ["", " ", "abc", "-", "n/a", "N/A", "null", "1,234", "฿12", "$ 5", "-5", "1.5", "nan", "inf", "1e400", "  42 ",
        "0", "3", "1e3", "12,5", "2025-01-01", "2025-01-01T10:00:00Z", "2025-06-01 25:00", "2030-01-01",
        "2025-01-01T09:00:00+07:00", "2025-01-01 09:00:00", "2025-1-01T10:00:00Z", "2025-01-31T09:30:00+07:60",
        "2025-03-30 02:30:00", "true", "no", "maybe", "positive", "Neg", " neutral ", "good", "4", "7",
        "15/06/2568", "01/10/2025 10:00", "2025-02-10 18:00 +0000", "Total"]

# Run inside a child with PYTHONPATH pointing at one tree: prints a JSON summary of the report.
CHILD = r"""
import json, sys
import polars as pl
from smkpi.config import load_settings
from smkpi.report import build_report
rep = build_report([sys.argv[1]], load_settings(None))
frames = {k: {c: [str(v) for v in ds.frame[c].to_list()] for c in sorted(ds.frame.columns)}
          for k, ds in rep.loaded.datasets.items()}
print(json.dumps({
    "inputs": [i.as_json() for i in rep.loaded.inputs],
    "kpis": [[r.value.kpi.id, repr(r.value.value), r.value.note, r.status.value] for r in rep.results],
    "frames": frames,
}))
"""


def _sources(shape: str, stems: tuple[str, ...]) -> list[Path]:
    """The generated files (10,000 posts rows) the junk is added to: the simple shape's ``stems``, in
    that order; for the realistic shape every file but those of the other kinds (exports included)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import KINDS, generate

    src = generate(10_000, quiet=True, shape=shape)
    if shape == "simple":
        return [src / f"{s}.csv" for s in stems]
    return [f for f in sorted(src.glob("*.csv")) if f.stem in stems or f.stem not in KINDS]


def make_files(folder: Path, seed: int, shape: str = "simple") -> None:
    rnd = random.Random(seed)
    for path in _sources(shape, ("posts", "comments", "ads", "sessions", "tickets", "kb", "followers")):
        kind = path.stem
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:3001]
        for r in body:
            for j in range(len(r)):
                if rnd.random() < 0.02:
                    r[j] = rnd.choice(JUNK)
        body += [list(r) for r in rnd.sample(body, 50)]
        half = len(body) // 2
        for part, chunk in (("a", body[:half]), ("b", body[half:])):
            with open(folder / f"{kind}_{part}.csv", "w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(header)
                w.writerows(chunk)


# Numbers the CSV reader itself reads (so the typed read is taken) but rejects or spells otherwise.
TYPED_JUNK = ["-5", "1e400", "nan", "1.5", "-0", "+7", "1E3", "00012", "9007199254740993"]


def make_typed_files(folder: Path, seed: int, shape: str = "simple") -> None:
    """Clean head and tail (the samples say "numbers"), odd numbers only in the middle rows: the
    loader reads the numeric columns typed, and must reject and quote them exactly as text."""
    rnd = random.Random(seed)
    for path in _sources(shape, ("posts", "ads", "sessions", "kb")):
        kind = path.stem
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:6001]
        numeric = [j for j, h in enumerate(header) if body[0][j].replace(".", "", 1).isdigit()]
        for r in body[len(body) // 3: 2 * len(body) // 3]:  # past the samples where the file is big enough
            for j in numeric:
                if rnd.random() < 0.05:
                    r[j] = rnd.choice(TYPED_JUNK + [""])
            if kind == "sessions" and rnd.random() < 0.05:  # a derived check on typed columns
                r[header.index("sessions")], r[header.index("bounces")] = "10", "50"
        with open(folder / f"{kind}_typed.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(body)


def summary(src: Path, data: Path) -> dict:
    env = {"PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": "1767225600", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", CHILD, str(data)], capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(f"{src}: {out.stderr.strip().splitlines()[-1]}")
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", default="0450ec9", help="git revision to compare with")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shape", choices=("simple", "realistic"), default="simple",
                    help="the generated data the awkward files start from (bench/generate.py)")
    args = ap.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.ref, "src"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True)
        for name, make in (("junk in every column", make_files), ("odd numbers past the samples", make_typed_files)):
            data = tmp / name.replace(" ", "_")
            data.mkdir()
            make(data, args.seed, args.shape)
            name = f"{name} ({args.shape} shape)"
            failed |= compare(name, args.ref, summary(tmp / "src", data), summary(ROOT / "src", data))
    raise SystemExit(1 if failed else 0)


def _close(a: object, b: object) -> bool:
    """Equal, floats to 12 significant digits: a sum taken in another order may differ in the last bit."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return a == b


def compare(name: str, ref_name: str, ref: dict, new: dict) -> bool:
    """Print the differences between two summaries; True when there are some."""
    diffs = []
    for a, b in zip(ref["inputs"], new["inputs"]):
        b = {k: v for k, v in b.items() if k in a}  # the tree may add fields (inputs[].blank), never change one
        if a != b:
            diffs.append(f"input {a['path']}: {a} != {b}")
    for a, b in zip(ref["kpis"], new["kpis"]):
        if not (a[0] == b[0] and a[2:] == b[2:] and _close(ast.literal_eval(a[1]), ast.literal_eval(b[1]))):
            diffs.append(f"kpi {a[0]}: {a[1:]} != {b[1:]}")
    for kind, cols in new["frames"].items():
        for col, values in cols.items():  # the tree may keep fewer columns, never different values
            if ref["frames"].get(kind, {}).get(col) != values:
                diffs.append(f"frame {kind}.{col} differs")
    rows = sum(i["rows"] for i in new["inputs"])
    rejected = sum(i["rejected"] for i in new["inputs"])
    dups = sum(i["duplicates"] for i in new["inputs"])
    print(f"{name}: {len(new['inputs'])} files, {rows:,} rows ({rejected:,} rejected, {dups:,} duplicates), "
          f"{len(new['kpis'])} KPIs: {len(diffs)} difference(s) from {ref_name}")
    for d in diffs[:20]:
        print("  " + (d if len(d) < 300 else d[:300] + " ..."))
    return bool(diffs)


if __name__ == "__main__":
    main()
