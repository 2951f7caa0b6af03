"""The library entry point: paths + settings in, a judged :class:`Report` out.

``cli.py`` is option wiring over :func:`build_report`; Python users call it directly::

    from smkpi import build_report, load_settings
    report = build_report(["data/"], load_settings("targets.yaml"))
    report.exit_code()
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from .compute import SegmentPlan, Value, compute, needed_columns
from .config import Settings, segment_dimensions
from .errors import EXIT_ERROR, UsageError
from .finish import finish_values
from .formats.period import widen
from .evaluate import Result, evaluate, exit_code, summarize
from .kinds import KINDS
from .load import Loaded, load
from .loaded import DECLARED_FROM, DECLARED_TO
from .periods import Window
from .registry import FAMILIES, select_kpis
from .segment import TIME_DIMENSIONS, Segmentation, check, declared_period_key, declared_within, resolve



@dataclass
class Report:
    settings: Settings
    families: list[str]
    loaded: Loaded
    results: list[Result]
    generated_at: dt.datetime
    period: tuple[dt.date, dt.date] | None = None  # first and last local date in the data
    segmentation: Segmentation | None = None  # what --since/--until/--last/--period/--by/--compare asked
    window: Window | None = None  # the dates that count (None: every row)
    compare: dict | None = None  # {mode, start, end[, path]} of the comparison window
    notes: list[str] = field(default_factory=list)  # about the segmentation (undated kinds, chosen window)
    strict_error: str | None = None  # with --strict-input: the first rejected row, skipped or unreadable file

    def summary(self) -> dict[str, int]:
        return summarize(self.results)

    def exit_code(self, fail_on: str = "error") -> int:
        """0 targets met, 1 a target missed, 2 a file could not be read (``loaded.errors``) or, with
        --strict-input, a row was rejected or a file skipped: the report stands, but not everything
        could be judged."""
        return EXIT_ERROR if self.loaded.errors or self.strict_error else exit_code(self.results, fail_on)


def now() -> dt.datetime:
    """Report time; SOURCE_DATE_EPOCH pins it for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def build_report(paths: list[str | Path], settings: Settings, families: list[str] | None = None,
                 *, strict_input: bool = False, segmentation: Segmentation | None = None,
                 infer: bool = True) -> Report:
    """Load ``paths``, compute the KPIs of ``families`` and judge them against ``settings.targets``.

    With ``segmentation``: only rows in its window count, and each KPI also gets its groups,
    series and comparison (see :mod:`smkpi.segment`), judged against ``settings.segments`` too.
    ``infer``: comments with text and no sentiment label are labelled by smkpi's model (see
    smkpi.sentiment); False uses the file's labels only.
    """
    seg = segmentation if segmentation is not None and segmentation.active else None
    if seg is not None:
        check(seg, segment_dimensions(settings.sources))
    kpis = select_kpis(families)
    dims = tuple(d for d in (seg.by if seg else ()) if d not in TIME_DIMENSIONS)
    columns = needed_columns(kpis, dims)
    infer = infer and any(k.family == "sentiment" for k in kpis)
    if infer:
        columns["comments"] = columns.get("comments", set()) | {"text"}
    loaded = load(paths, settings, columns=columns, infer=infer)
    if not loaded.inputs:
        # Nothing readable: every target would be no_data, which is "could not judge", not "missed".
        first = loaded.skipped[0] if loaded.skipped else None
        why = f" ({first.path}: {first.reason})" if first else ""
        raise UsageError(f"no data file of a known kind among the inputs{why}; name files by kind "
                         f"(posts.csv, tickets.csv, ...) or see 'smkpi kpis'")
    # (a file in loaded.errors makes the exit code 2, see Report.exit_code; the others are reported)
    data_period = widen(period(loaded, settings.timezone), [f.period for f in loaded.inputs])
    if seg is None:
        values = compute(kpis, loaded.datasets)
        rep = Report(settings, [], loaded, [], now(), data_period)
    else:
        rep, values = _segmented(kpis, loaded, settings, seg, data_period)
    from_file = seg is not None and seg.compare not in (None, "previous", "year")
    # shares ≤ 1, one currency: groups, series and previous too (a previous from a file was finished there)
    values = finish_values(values, loaded, settings, previous_from_file=from_file)
    if from_file:
        from .compare_file import check_currency, read_report

        values = check_currency(values, read_report(seg.compare), settings.currency, seg.compare)
    if infer:
        from .sentiment.fill import count_inferred, note_inferred

        count_inferred(loaded)
        values = note_inferred(values, loaded, rep.window, settings.timezone)
    rep.results = evaluate(values, settings.targets, settings.segments)
    rep.families = sorted({k.family for k in kpis}, key=FAMILIES.index)
    if strict_input:  # the report is still made (a CI job keeps it), but the run could not judge
        rep.strict_error = strict_problem(loaded)
    return rep


def _segmented(kpis, loaded: Loaded, settings: Settings, seg: Segmentation,
               data_period: tuple[dt.date, dt.date] | None) -> tuple[Report, list[Value]]:
    from .compare_file import previous_from_file, read_report

    res = resolve(seg, data_period, _declared_periods(loaded))
    notes = [*seg.notes, *([f"window: {res.how}"] if res.how else [])]
    if res.window is not None and data_period is not None and not res.window.overlaps(*data_period):
        # Every dated KPI is then 0 or no data: say it is the window, not the brand, that is empty.
        notes.append(WINDOW_OUTSIDE_NOTE.format(start=res.window.start, end=res.window.end, first=data_period[0],
                                                last=data_period[1]))
    prior = read_report(seg.compare) if seg.compare not in (None, "previous", "year") else None
    # A group named under segments: is listed (empty or not) for the KPIs it sets a target on only:
    # an empty facebook group on a tickets KPI would be judged no data and fail the run.
    named = {d: {g: frozenset(t) for g, t in settings.segments.get(d, {}).items()} for d in seg.by}
    plan = SegmentPlan(settings.timezone, seg.by, seg.period, res.window, res.span, res.compare, named)
    values = compute(kpis, loaded.datasets, plan)
    if res.compare is not None and data_period is not None and not res.compare.within(*data_period):
        values = [_outside(v, res.compare, data_period) for v in values]
    if res.window is not None or res.compare is not None or seg.period:
        for kind, ds in sorted(loaded.datasets.items()):
            col = KINDS[kind].time_column
            if col is None:
                if res.window is not None or res.compare is not None:
                    notes.append(_whole_note(kind, ds))
            elif col in ds.rows.columns:
                notes += _undated_notes(kind, col, ds, res.window, res.compare, seg.period)
    compare = None
    if res.compare is not None:
        compare = {"mode": seg.compare, **res.compare.as_json()}
    elif prior is not None:
        values, compare = previous_from_file(values, prior, seg.compare)
        note = _overlap_note(compare, (res.window.start, res.window.end) if res.window else data_period, seg.compare)
        if note:
            notes.append(note)
    rep = Report(settings, [], loaded, [], now(), data_period, seg, res.window, compare, notes)
    return rep, values


def _whole_note(kind: str, ds) -> str:
    """Why a kind's rows count whole in every window; for a knowledge base whose rows have dates
    (a daily article-stats export), that those dates are not read as days: not yet supported, so
    such a window's views are the whole file's, and the note must say so, not "no date"."""
    if "date" in ds.rows.columns and ds.rows.get_column("date").null_count() < ds.rows.height:
        return KB_DATED_NOTE.format(kind=kind)
    return f"{kind} rows have no date: used whole in every window"


KB_DATED_NOTE = ("{kind} rows are used whole in every window: their date is read as the article's, not as the day "
                 "of its views (a daily stats export is not split by day): to report one month, export that "
                 "month alone")


def _declared_periods(loaded: Loaded) -> list[tuple[dt.date, dt.date]]:
    """The periods files declare for rows that have no date of their own (smkpi.loaded.DECLARED_FROM)."""
    out = set()
    for kind, ds in loaded.datasets.items():
        col = KINDS[kind].time_column
        if col and DECLARED_FROM in ds.rows.columns and col in ds.rows.columns:
            got = ds.rows.lazy().filter(pl.col(col).is_null() & pl.col(DECLARED_FROM).is_not_null()).select(
                DECLARED_FROM, DECLARED_TO).unique().collect()
            out.update(got.iter_rows())
    return sorted(out)


def _undated_notes(kind: str, col: str, ds, window, compare, period: str | None) -> list[str]:
    """Why rows with no date count in no window or period, never in silence: a row whose file
    declares no period, or whose file's period runs over the edge of the window or comparison
    window (part in, part out), or spans several of the series' periods inside the window (see
    smkpi.segment.time_filter). A file's period wholly outside a window is like a dated row
    outside it: not said."""
    undated = pl.col(col).is_null()
    if DECLARED_FROM not in ds.rows.columns:
        n = ds.lazy().select(undated.sum()).collect().item()
        return [f"{n:,} {kind} row(s) have no {col}: counted in no window or period"] if n else []
    frm, to = pl.col(DECLARED_FROM), pl.col(DECLARED_TO)
    cut = pl.lit(False)
    for w in (window, compare):
        if w is not None:
            cut = cut | ((frm <= pl.lit(w.end)) & (to >= pl.lit(w.start)) & ~declared_within(w))
    cut = frm.is_not_null() & cut
    spans = (frm.is_not_null() & (declared_within(window) if window is not None else pl.lit(True))
             & declared_period_key(period).is_null()) if period else pl.lit(False)
    name = pl.concat_str(frm.cast(pl.String), pl.lit(" → "), to.cast(pl.String))
    counts = (ds.lazy().filter(undated)
              .select(none=frm.is_null().sum(), cut=cut.sum(), spans=spans.sum(),
                      cut_names=name.filter(cut).unique().sort().implode(),
                      span_names=name.filter(spans).unique().sort().implode())
              .collect().row(0, named=True))

    def files(names: list[str]) -> str:
        return ", ".join(names[:3]) + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")

    notes = []
    if counts["none"]:
        notes.append(f"{counts['none']:,} {kind} row(s) have no {col}: counted in no window or period")
    if counts["cut"]:
        # "cover a period": GA4's rows stand for the period their file declares, Ads Manager's for
        # their own Reporting starts → ends; neither has a day to place in the window.
        notes.append(f"{counts['cut']:,} {kind} row(s) each cover a period, not one day ({files(counts['cut_names'])}), "
                     f"that runs over the window's edge (part in, part out): not counted in it")
    if counts["spans"]:
        notes.append(f"{counts['spans']:,} {kind} row(s) each cover a period, not one day ({files(counts['span_names'])}), "
                     f"that spans more than one {period}: counted in no {period}")
    return notes


def _overlap_note(compare: dict, dates: tuple[dt.date, dt.date] | None, path: str) -> str | None:
    """A note when the earlier report's dates overlap this report's: the change then counts those
    dates on both sides (a folder of September and October against September's own report)."""
    if not dates or not compare.get("start") or not compare.get("end"):
        return None
    start, end = dt.date.fromisoformat(compare["start"]), dt.date.fromisoformat(compare["end"])
    if start > dates[1] or end < dates[0]:
        return None
    return (f"{Path(path).name} covers {start} → {end}, which overlaps this report's {dates[0]} → {dates[1]}: "
            f"the change counts those dates on both sides; set --since/--until to the later dates")


def period(loaded: Loaded, tz: str) -> tuple[dt.date, dt.date] | None:
    """First and last date (in ``tz``) of the rows used, over every kind's time column.

    Shown so a reader can check the data is the month they meant, and that dates were read the
    right way round.
    """
    bounds = []
    for kind, ds in loaded.datasets.items():
        col = KINDS[kind].time_column
        if col and col in ds.rows.columns and ds.rows.height:
            # Converting every timestamp to local time is slow; the earliest local date belongs to
            # an instant within a day or so of the earliest instant (offsets differ by hours), so
            # only those are converted. Likewise for the latest.
            t = pl.col(col)
            near = pl.duration(days=2)
            lo = t.filter(t <= t.min() + near).dt.convert_time_zone(tz).dt.date().min()
            hi = t.filter(t >= t.max() - near).dt.convert_time_zone(tz).dt.date().max()
            lo, hi = ds.lazy().select(lo.alias("lo"), hi.alias("hi")).collect().row(0)
            if lo is not None:
                bounds.append((lo, hi))
    return (min(b[0] for b in bounds), max(b[1] for b in bounds)) if bounds else None


def strict_problem(loaded: Loaded) -> str | None:
    """Why ``--strict-input`` fails the run (the first unreadable file, rejected row or skipped
    file), or None. Blank rows (not data) are not rejected rows: --strict-input passes them."""
    if loaded.errors:
        e = loaded.errors[0]
        return f"{e.path}: cannot be read (--strict-input): {e.reason}"
    for f in loaded.inputs:
        if f.rejected:
            p = f.problems[0]
            return f"{f.path}: {f.rejected} row(s) rejected (--strict-input), first: {p.reason} at row {p.rows[0]}"
    for s in loaded.skipped:
        if s.strict:  # a second name of a file read is not a file left out
            return f"{s.path}: skipped (--strict-input): {s.reason}"
    return None


WINDOW_OUTSIDE_NOTE = ("the window {start} → {end} is outside the data ({first} → {last}): no dated row falls in it; "
                       "check --since/--until")
OUTSIDE_NOTE = "the comparison window {start} → {end} is outside the data ({first} → {last}): nothing to compare"
PARTLY_NOTE = ("the data ({first} → {last}) covers only part of the comparison window {start} → {end}: "
               "not compared")


def _outside(v: Value, window: Window, data_period: tuple[dt.date, dt.date]) -> Value:
    """``v`` with no previous value: a comparison window before or after every row of the data is not
    a window in which nothing happened (0 posts), it is a window the data does not cover; one it
    covers in part would compare a few days with a whole window (6 posts against 31: +417 %)."""
    if v.previous is None:
        return v
    text = OUTSIDE_NOTE if not window.overlaps(*data_period) else PARTLY_NOTE
    note = text.format(start=window.start, end=window.end, first=data_period[0], last=data_period[1])
    gone = replace(v.previous, value=None, note=note)
    groups = tuple(replace(g, previous=replace(g.previous, value=None, note=note) if g.previous else None)
                   for g in v.groups) if v.groups is not None else None
    return replace(v, previous=gone, groups=groups)
