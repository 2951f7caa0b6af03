"""Compute KPI values: every KPI of every source in one ``collect_all``, segmented or not.

Sources are views of the loaded datasets (own posts, influencer posts, posts + ads, ...). Scalar
KPIs of a source share one ``select``; group-by KPIs (breakdowns, audience) add one small query
each, and KPIs that share a query builder share its result.

A segmented report (groups, a series, a comparison window) runs the same expressions again with
``group_by`` on the segment keys, inside the same ``collect_all``: one lazy query per source and
key set, never one report per group. A KPI's formula lives only in the registry.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field, replace

import polars as pl

from .derive import DERIVED_FROM
from .kinds import KINDS
from .load import Dataset
from .loaded import DECLARED_FROM
from .periods import Window, period_end, period_label, periods_in
from .registry import KPI
from .runs import Runs as _Runs
from .segment import (NONE_GROUP, PERIOD_KEY, fixed_offset, group_key, group_label, group_sort_key, key_columns, key_name,
                      time_filter)

# source name -> (kind it needs, how to describe it when missing)
SOURCE_KINDS = {
    "own_posts": ("posts", "posts file"), "influencer_posts": ("posts", "posts file"),
    "posts_and_ads": ("posts|ads", "posts or ads file"), "comments": ("comments", "comments file"),
    "ads": ("ads", "ads file"), "sessions": ("sessions", "sessions file"), "tickets": ("tickets", "tickets file"),
    "kb": ("kb", "kb file"), "followers": ("followers", "followers file"),
}
_CONVERSION_COLS = ("reach", "impressions", "conversions", "revenue", "spend")
NULL_NOTE = "no rows carry the inputs, or the denominator is 0"


@dataclass(frozen=True)
class Span:
    """The dates a value covers: a series period (``label`` "2026-10") or a comparison window."""

    start: dt.date
    end: dt.date
    label: str | None = None


@dataclass(frozen=True)
class Change:
    absolute: float | int
    relative: float | None  # None when the previous value is 0


@dataclass(frozen=True)
class Value:
    """A KPI's value; with segmentation also its groups, series and comparison (each a Value too)."""

    kpi: KPI
    value: object  # int | float | str | dict | None
    note: str | None = None  # why the value is null, when it is (or a remark on it: see smkpi.finish)
    currency: str | None = None  # money KPIs: the currency of the value, when not the configured one
    by: dict[str, object] | None = None  # on a group's value: {dimension: group}
    span: Span | None = None  # on a series point or a previous value: the dates it covers
    groups: tuple[Value, ...] | None = None
    series: tuple[Value, ...] | None = None
    previous: Value | None = None
    segment_note: str | None = None  # why groups or a series are missing (the source lacks the key)
    # Money KPIs over inputs in several currencies: the currencies of this value's own rows (see
    # smkpi.finish.money); None when the inputs are in one currency (the files' currency decides).
    currencies: frozenset[str] | None = None

    @property
    def change(self) -> Change | None:
        """value − previous (and relative to |previous|), for numeric values on both sides."""
        p = self.previous.value if self.previous is not None else None
        v = self.value
        if not _numeric(v) or not _numeric(p):
            return None
        return Change(v - p, (v - p) / abs(p) if p != 0 else None)


def _numeric(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@dataclass(frozen=True)
class SegmentPlan:
    """Concrete segmentation for :func:`compute` (see :func:`smkpi.segment.resolve`)."""

    tz: str = "UTC"
    dims: tuple[str, ...] = ()
    period: str | None = None
    window: Window | None = None  # rows outside it do not count (None: every row)
    span: Window | None = None  # the dates the series covers
    compare: Window | None = None
    named_groups: dict[str, dict[object, frozenset[str]]] = field(default_factory=dict)  # group -> KPIs with a target in it

    @property
    def offset(self) -> dt.timedelta | None:
        """The timezone's UTC offset when it is fixed over every date the report reads."""
        spans = [w for w in (self.span, self.compare) if w is not None]
        if not spans:
            return None
        return fixed_offset(self.tz, min(w.start for w in spans), max(w.end for w in spans))


def build_sources(datasets: dict[str, Dataset], plan: SegmentPlan | None = None, window: Window | None = None,
                  *, undated: bool = True) -> dict[str, tuple[pl.LazyFrame, set[str]]]:
    """Named lazy views of the datasets, with the columns each carries.

    With ``window`` (local dates of ``plan.tz``), only rows whose time falls in it; a kind without
    a time column is used whole when ``undated``, else left out. Segment key columns come with the
    datasets (:func:`with_keys`) and are carried into the stacked posts + ads view.
    """
    views: dict[str, tuple[pl.LazyFrame, set[str]]] = {}
    for kind, ds in datasets.items():
        lf, present = ds.lazy(), set(ds.present)
        if window is not None:
            cond = time_filter(kind, window, plan.tz if plan else "UTC", DECLARED_FROM in ds.rows.columns)
            if cond is None and not undated:
                continue
            if cond is not None:
                lf = lf.filter(cond)
        views[kind] = (lf, present)
    out: dict[str, tuple[pl.LazyFrame, set[str]]] = {}
    posts = views.get("posts")
    if posts is not None:
        lf, present = posts
        out["own_posts"] = (lf.filter(pl.col("influencer").is_null()), present)
        out["influencer_posts"] = (lf.filter(pl.col("influencer").is_not_null()), present)
    parts, present, keys = [], set(), set()
    for kind in ("posts", "ads"):
        if kind in views:
            lf, p = views[kind]
            cols = [c for c in _CONVERSION_COLS if c in datasets[kind].rows.columns]
            own_keys = sorted(c for c in p if c.startswith("__smkpi_"))
            parts.append(lf.select(cols + own_keys))
            present |= p & set(_CONVERSION_COLS)
            keys |= set(own_keys)
    if parts:
        lf = pl.concat(parts, how="diagonal_relaxed")
        if len(parts) > 1 and keys:  # a key one part lacks: its rows are the "(none)" group
            lf = lf.with_columns(_fill_key(k) for k in keys)
        out["posts_and_ads"] = (lf, present | keys)
    for kind in ("comments", "ads", "sessions", "tickets", "kb", "followers"):
        if kind in views:
            out[kind] = views[kind]
    return out


def with_keys(datasets: dict[str, Dataset], plan: SegmentPlan) -> dict[str, Dataset]:
    """The datasets with the segment key columns their kinds allow (named in ``present``).

    Computed once per dataset, before the queries: every run (groups, series, comparison) of every
    KPI reads them, and a key recomputed in each query (local time of every row) would cost more
    than the KPIs. The new columns are the only copy; the rows themselves are shared.
    """
    offset = plan.offset
    out = {}
    for kind, ds in datasets.items():
        keys = key_columns(kind, ds.present, plan.dims, plan.period, plan.tz, offset)
        out[kind] = Dataset(kind, ds.rows.with_columns(**keys), ds.present | set(keys), ds.keep, ds.too_large) if keys else ds
    return out


def _fill_key(k: str) -> pl.Expr:
    if k == PERIOD_KEY:
        return pl.col(k)
    if k in (key_name("weekday"), key_name("hour")):
        return pl.col(k).fill_null(0 if k == key_name("weekday") else -1)
    return pl.col(k).fill_null(NONE_GROUP)


def needed_columns(kpis: list[KPI], dims: tuple[str, ...] = ()) -> dict[str, set[str]]:
    """Per kind, every column ``compute(kpis, ...)`` reads: the loader need not keep any other.

    A KPI's declared inputs and the columns its expression reads (for each kind its source spans),
    the columns the sources split or stack on (influencer, the conversion columns), the
    de-duplication key (``row_key`` and the kind's id), the kind's time column (the period) and
    the columns of the ``--by`` dimensions.
    """
    cols = {k: {*v.row_key, *([v.id_column] if v.id_column else []), *([v.time_column] if v.time_column else []),
                *dims}
            for k, v in KINDS.items()}
    cols["posts"] |= {"influencer", *_CONVERSION_COLS}
    cols["ads"] |= set(_CONVERSION_COLS)
    for k in kpis:
        used = set(k.inputs)
        if k.expr is not None:
            used |= set(k.expr().meta.root_names())
        else:  # group-by queries: the category they group by, besides their inputs
            used |= {"platform", "content_type"}
        for kind in SOURCE_KINDS[k.source][0].split("|"):
            cols[kind] |= used
    return cols


def _missing_note(kpi: KPI, sources: dict[str, tuple[pl.LazyFrame, set[str]]]) -> str | None:
    if kpi.source not in sources:
        return f"no {SOURCE_KINDS[kpi.source][1]} among the inputs"
    present = sources[kpi.source][1]
    missing = [c for c in kpi.inputs if c not in present]
    if missing:
        needs = ", ".join(DERIVED_FROM.get(c, c) for c in missing)
        return f"needs {needs}: no input file has it"
    return None


def _overflow_note(kpi: KPI, datasets: dict[str, Dataset]) -> str | None:
    """Why a KPI over a count whose total cannot be summed exactly has no value (see Dataset.too_large)."""
    used = set(kpi.inputs) | (set(kpi.expr().meta.root_names()) if kpi.expr is not None else set())
    for kind in SOURCE_KINDS[kpi.source][0].split("|"):
        ds = datasets.get(kind)
        big = sorted(c for c in used if ds is not None and c in ds.too_large)
        if big:
            c = big[0]
            return (f"the total of {c} ({ds.too_large[c]:.3g}) is too large to sum exactly: "
                    f"check the {kind} files for corrupt counts")
    return None


def compute(kpis: list[KPI], datasets: dict[str, Dataset], plan: SegmentPlan | None = None) -> list[Value]:
    """Values of ``kpis`` over ``datasets``, in the order given; with ``plan``, segmented."""
    if plan is not None:
        datasets = with_keys(datasets, plan)
    sources = build_sources(datasets, plan, plan.window if plan else None)
    notes = {k.id: _missing_note(k, sources) or _overflow_note(k, datasets) for k in kpis}
    ready = [k for k in kpis if notes[k.id] is None]
    runs = _Runs()
    runs.add("whole", ready, sources, ())
    dims = tuple(key_name(d) for d in plan.dims) if plan else ()
    if plan is not None:
        # The plain report over no rows: what a group or period without rows is worth.
        runs.add("empty", ready, {s: (lf.filter(pl.lit(False)), p) for s, (lf, p) in sources.items()}, ())
        if dims:
            runs.add("groups", ready, sources, dims)
        if plan.period:
            runs.add("series", ready, sources, (PERIOD_KEY,))
            if dims:
                runs.add("group_series", ready, sources, (*dims, PERIOD_KEY))
        if plan.compare is not None:
            past = build_sources(datasets, plan, plan.compare, undated=False)
            runs.add("previous", ready, past, ())
            if dims:
                runs.add("previous_groups", ready, past, dims)
    runs.collect()
    out: list[Value] = []
    for k in kpis:
        if notes[k.id] is not None:
            out.append(Value(k, None, notes[k.id]))
            continue
        v = _noted(k, runs.value("whole", k))
        if plan is not None:
            v = _segmented(v, runs, sources, plan, dims)
        out.append(v)
    return out


def _noted(kpi: KPI, got: tuple[object, str | None, frozenset[str] | None], **kw) -> Value:
    value, note, currencies = got
    return Value(kpi, value, note or (None if value is not None else NULL_NOTE), currencies=currencies, **kw)


def _segmented(v: Value, runs: _Runs, sources: dict, plan: SegmentPlan, dims: tuple[str, ...]) -> Value:
    k = v.kpi
    empty = runs.value("empty", k)
    periods = _periods(runs, k, plan) if runs.has("series", k) else None
    missing_notes = []
    if dims and not runs.has("groups", k):
        lacking = [d for d, key in zip(plan.dims, dims) if key not in sources[k.source][1]]
        missing_notes.append(f"no {' or '.join(lacking)} in the {SOURCE_KINDS[k.source][1]}: reported whole")
    if plan.period and not runs.has("series", k):
        # "not split by date": a knowledge base may have dates (the articles'), which are not days of views
        missing_notes.append(f"the {SOURCE_KINDS[k.source][1]} is not split by date: no series")
    series = _series(k, runs, "series", (), periods, plan, empty) if periods is not None else None
    previous = None
    if plan.compare is not None:
        cmp_span = Span(plan.compare.start, plan.compare.end)
        if runs.has("previous", k):
            previous = _noted(k, runs.value("previous", k, (), empty), span=cmp_span)
        else:
            previous = Value(k, None, f"the {SOURCE_KINDS[k.source][1]} has no dates to compare", span=cmp_span)
    groups = None
    if dims and runs.has("groups", k):
        keys = runs.keys("groups", k.source)
        named = [g for g, ids in plan.named_groups.get(plan.dims[0], {}).items() if k.id in ids] if len(dims) == 1 else []
        labels = {key: tuple(group_label(d, x) for d, x in zip(plan.dims, key)) for key in keys}
        extra = {}
        for name in named:
            key = (group_key(plan.dims[0], name),)
            if key not in labels:
                # In any case: "Reals" is one letter from "reel", whichever way either is written.
                seen = {str(x[0]).lower(): str(x[0]) for x in labels.values()}
                close = [seen[c] for c in difflib.get_close_matches(str(name).lower(), seen, n=1, cutoff=0.6)]
                extra[key] = f"no rows in this group{f'; did you mean {close[0]!r}?' if close else ''}"
                labels[key] = (name,)
        order = sorted(labels, key=lambda key: tuple(group_sort_key(d, x) for d, x in zip(plan.dims, labels[key])))
        groups = []
        for key in order:
            gv = runs.value("groups", k, key, empty)
            g = _noted(k, gv, by=dict(zip(plan.dims, labels[key])))
            if key in extra:
                g = replace(g, note=extra[key] + (f" ({g.note})" if g.note else ""))
            if periods is not None and runs.has("group_series", k):
                g = replace(g, series=_series(k, runs, "group_series", key, periods, plan, empty))
            if previous is not None:
                pv = runs.value("previous_groups", k, key, empty) if runs.has("previous_groups", k) else (None, None, None)
                g = replace(g, previous=_noted(k, pv, span=previous.span))
            groups.append(g)
        groups = tuple(groups)
    return replace(v, groups=groups, series=series, previous=previous,
                   segment_note="; ".join(missing_notes) or None)


def _periods(runs: _Runs, k: KPI, plan: SegmentPlan) -> list[dt.date]:
    if plan.span is not None:
        return periods_in(plan.span, plan.period)
    slot, keys = runs.slots[("series", k.id)]  # no dated rows anywhere: the periods the rows have
    return sorted(key[0] for key in runs._parts(slot, keys) if key[0] is not None)


def _series(k: KPI, runs: _Runs, run: str, key: tuple, periods: list[dt.date], plan: SegmentPlan,
            empty: object) -> tuple[Value, ...]:
    """One value per period (clipped to the report's dates); a period without rows is worth ``empty``."""
    out = []
    for start in periods:
        lo, hi = start, period_end(start, plan.period)
        if plan.span is not None:
            lo, hi = max(lo, plan.span.start), min(hi, plan.span.end)
        out.append(_noted(k, runs.value(run, k, (*key, start), empty),
                          span=Span(lo, hi, period_label(start, plan.period))))
    return tuple(out)
