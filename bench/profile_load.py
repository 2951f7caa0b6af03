"""Where smkpi's load time goes, one file at a time: each stage of the loader timed on its own.

    python bench/profile_load.py --rows 1000000 --shape realistic            # every file
    python bench/profile_load.py --rows 1000000 --shape realistic --file comments.csv --cprofile

For each file (alone, in bench/data/<shape>/<rows>.kinds/, see bench/run.py) it prints wall and CPU
seconds of: the whole report over that file; a raw scan of every column as text, and of only the
columns the KPIs read; the loader's stages run separately (the field-count
record pass, the typed collect with and without it, the blank-row re-read, de-duplication, the
timestamp parse); and whether the first collect fell back to a text read. ``--cprofile`` adds the
top of a cProfile of ``build_report`` (cumulative time; Polars work shows in the call that
collects). Stages overlap (the typed collect includes the reader), so they do not add up to the
total; each is what that stage costs when run alone. For the engineer who optimises the loader:
run it before and after a change. Not a test: figures depend on the machine's load.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import polars as pl  # noqa: E402

from smkpi import load as L  # noqa: E402
from smkpi import readers  # noqa: E402
from smkpi.config import load_settings  # noqa: E402
from smkpi.readers.csvcheck import ragged_records  # noqa: E402
from smkpi.dedup import last_of_each_key  # noqa: E402
from smkpi.formats.plan import plan_file  # noqa: E402
from smkpi.kinds import KINDS, ColType, kind_from_name  # noqa: E402
from smkpi.report import build_report  # noqa: E402
from smkpi import fileread as FR  # noqa: E402
from smkpi.typed import NUMERIC  # noqa: E402


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


@contextlib.contextmanager
def timed(label: str, rows: list):
    w, c = time.perf_counter(), _cpu()
    yield
    rows.append((label, time.perf_counter() - w, _cpu() - c))


_COLLECT_ALL = pl.collect_all  # the real one: the counting stand-in below replaces it for a run


def _counting_collect():
    """({"n": calls, "failed": calls that raised}, a pl.collect_all that counts into it)."""
    calls = {"n": 0, "failed": 0}

    def counting(frames, **kw):
        calls["n"] += 1
        try:
            return _COLLECT_ALL(frames, **kw)
        except pl.exceptions.PolarsError:
            calls["failed"] += 1
            raise

    return calls, counting


def profile_file(path: Path, cprofile: bool) -> None:
    settings = load_settings(None)
    rows: list[tuple[str, float, float]] = []
    with timed("whole report over this file (build_report)", rows):
        rep = build_report([path], settings, infer=False)
    info = rep.loaded.inputs[0] if rep.loaded.inputs else None
    kind = info.kind if info else "?"
    with timed("raw scan, every column as text", rows):
        pl.scan_csv(path, infer_schema=False).select(pl.all().str.len_bytes().sum()).collect()

    raw = readers.read_raw(path)
    plan = plan_file(raw, path, None, settings, *kind_from_name(path.stem), FR._platform_from_name(path))
    from smkpi.compute import needed_columns
    from smkpi.registry import select_kpis

    need = needed_columns(select_kpis(None)).get(plan.kind, set())
    types = L.read_types(raw, plan, plan.kind)  # before raw is read again below (it is tied to this plan)
    heads = [h for h, c in plan.mapping.items() if c in need]
    with timed(f"raw scan, only the {len(heads)} columns KPIs read", rows):
        pl.scan_csv(path, infer_schema=False).select(pl.col(heads).str.len_bytes().sum()).collect()
    with timed("read_raw: sniff, header, 64 KiB head+tail samples, field-count pass", rows):
        raw = readers.read_raw(path)
    sep = raw.separator
    with timed("field-count pass alone (ragged_records: quote parity over line counts)", rows):
        bad = ragged_records(path, sep, len(raw.columns), raw.header_row)
    short = bad.height > 0
    calls, counting = _counting_collect()
    reread = {"rows": 0, "wall": 0.0, "calls": 0}
    real_cells = FR.FileRead._text_rows

    def cells(self, rows_, columns=None):
        w = time.perf_counter()
        out = real_cells(self, rows_, columns)
        reread["wall"] += time.perf_counter() - w
        reread["rows"] += rows_.len()
        reread["calls"] += 1
        return out

    L.pl.collect_all, FR.FileRead._text_rows = counting, cells
    try:
        with timed("load() alone (typed collect, blank rows, stack, dedup)", rows):
            loaded = L.load([path], settings, columns={plan.kind: need})
    finally:
        L.pl.collect_all, FR.FileRead._text_rows = _COLLECT_ALL, real_cells
    ds = loaded.datasets.get("posts" if plan.kind == "influencer" else plan.kind)
    spec = KINDS[plan.kind]
    if ds is not None and spec.id_column:
        key = [c for c in spec.row_key if c in ds.rows.columns] + [spec.id_column]
        with timed(f"de-duplication alone ({', '.join(key)}, {ds.rows.height:,} rows)", rows):
            last_of_each_key(ds.rows, key)
    tcol = next((h for h, c in plan.mapping.items() if KINDS[plan.kind].column(c)
                 and KINDS[plan.kind].column(c).type == ColType.DATETIME and c in need), None)
    if tcol:
        from smkpi.values import Stager, parse_datetime

        st = Stager()
        v, why = parse_datetime(pl.col(tcol), plan.mapping[tcol], settings.timezone, plan.date_formats,
                                st.for_column("t"), **plan.traits.get(plan.mapping[tcol], {}))
        lf = pl.scan_csv(path, infer_schema=False).select(tcol)
        with timed(f"timestamp column {tcol!r}: read as text only", rows):
            lf.select(pl.col(tcol).str.len_bytes().sum()).collect()
        with timed(f"timestamp column {tcol!r}: read + smkpi parse_datetime", rows):
            st.apply(lf).select(v.is_null().sum(), why.is_null().sum()).collect(engine="streaming")
    numeric = [h for h, c in plan.mapping.items() if c in need and h not in plan.hints and KINDS[plan.kind].column(c)
               and KINDS[plan.kind].column(c).type in NUMERIC]
    if numeric:
        from smkpi.values import Stager, parse_number

        st = Stager()
        parsed = [parse_number(pl.col(h), plan.mapping[h], whole=KINDS[plan.kind].column(plan.mapping[h]).type
                               == ColType.COUNT, step=st.for_column(f"n{i}")) for i, h in enumerate(numeric)]
        lf = pl.scan_csv(path, infer_schema=False).select(numeric)
        with timed(f"{len(numeric)} numeric columns: read as text only", rows):
            lf.select(pl.col(numeric).str.len_bytes().sum()).collect()
        with timed(f"{len(numeric)} numeric columns: read + smkpi parse_number", rows):
            st.apply(lf).select(*[v.is_null().sum().alias(f"v{i}") for i, (v, _) in enumerate(parsed)],
                                *[w.is_null().sum().alias(f"w{i}") for i, (_, w) in enumerate(parsed)]
                                ).collect(engine="streaming")
    size = path.stat().st_size / 1e6
    print(f"\n{path.name}: {kind}, {size:,.1f} MB, {info.rows if info else 0:,} rows; typed columns: "
          f"{len(types)} ({', '.join(sorted(types)) or 'none'}); ragged records: {bad.height:,}; "
          f"collect_all calls: {calls['n']} ({calls['failed']} failed and fell back to text); rows read "
          f"again as text (blank-row candidates, examples): {reread['rows']:,} in {reread['calls']} read(s), "
          f"{reread['wall']:.2f} s")
    for label, w, c in rows:
        print(f"  {label:<74} {w:7.2f} s {c:7.2f} cpu-s")
    if cprofile:
        pr = cProfile.Profile()
        pr.enable()
        build_report([path], settings, infer=False)
        pr.disable()
        out = io.StringIO()
        pstats.Stats(pr, stream=out).sort_stats("cumulative").print_stats(r"smkpi|polars/(lazyframe|functions)", 25)
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[-6000:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--shape", choices=("simple", "realistic"), default="realistic")
    ap.add_argument("--file", action="append", help="only this file name (repeatable)")
    ap.add_argument("--cprofile", action="store_true", help="also print the top of a cProfile of build_report")
    ap.add_argument("--whole", action="store_true", help="only the whole folder: time, and whether the typed read fell back")
    args = ap.parse_args()
    from generate import generate
    from run import kind_folders

    folder = generate(args.rows, shape=args.shape)
    if args.whole:
        calls, counting = _counting_collect()
        L.pl.collect_all = counting
        w, c = time.perf_counter(), _cpu()
        try:
            build_report([folder], load_settings(None), infer=False)
        finally:
            L.pl.collect_all = _COLLECT_ALL
        print(f"whole folder {folder}: build_report {time.perf_counter() - w:.2f} s, {_cpu() - c:.2f} cpu-s; "
              f"collect_all calls {calls['n']} ({calls['failed']} failed: that stack read again as text)")
        return
    for name, one in kind_folders(folder):
        if not args.file or name in args.file:
            profile_file(one / name, args.cprofile)


if __name__ == "__main__":
    main()
