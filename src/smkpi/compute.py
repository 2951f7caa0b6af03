"""Compute KPI values: every KPI of every source in one ``collect_all``.

Sources are views of the loaded datasets (own posts, influencer posts, posts + ads, ...). Scalar
KPIs of a source share one ``select``; group-by KPIs (breakdowns, audience) add one small query
each, and KPIs that share a query builder share its result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from .derive import DERIVED_FROM
from .kinds import KINDS
from .load import Dataset
from .registry import KPI

# source name -> (kind it needs, how to describe it when missing)
SOURCE_KINDS = {
    "own_posts": ("posts", "posts file"), "influencer_posts": ("posts", "posts file"),
    "posts_and_ads": ("posts|ads", "posts or ads file"), "comments": ("comments", "comments file"),
    "ads": ("ads", "ads file"), "sessions": ("sessions", "sessions file"), "tickets": ("tickets", "tickets file"),
    "kb": ("kb", "kb file"), "followers": ("followers", "followers file"),
}
_CONVERSION_COLS = ("reach", "impressions", "conversions", "revenue", "spend")


@dataclass(frozen=True)
class Value:
    kpi: KPI
    value: object  # int | float | str | dict | None
    note: str | None = None  # why the value is null, when it is (or a remark on it: see smkpi.finish)
    currency: str | None = None  # money KPIs: the currency of the value, when not the configured one


def build_sources(datasets: dict[str, Dataset]) -> dict[str, tuple[pl.LazyFrame, set[str]]]:
    """Named lazy views of the datasets, with the columns each carries."""
    out: dict[str, tuple[pl.LazyFrame, set[str]]] = {}
    posts = datasets.get("posts")
    if posts is not None:
        lf = posts.lazy()
        out["own_posts"] = (lf.filter(pl.col("influencer").is_null()), posts.present)
        out["influencer_posts"] = (lf.filter(pl.col("influencer").is_not_null()), posts.present)
    parts, present = [], set()
    for kind in ("posts", "ads"):
        ds = datasets.get(kind)
        if ds is not None:
            cols = [c for c in _CONVERSION_COLS if c in ds.rows.columns]
            parts.append(ds.lazy().select(cols))
            present |= ds.present & set(_CONVERSION_COLS)
    if parts:
        out["posts_and_ads"] = (pl.concat(parts, how="diagonal_relaxed"), present)
    for kind in ("comments", "ads", "sessions", "tickets", "kb", "followers"):
        ds = datasets.get(kind)
        if ds is not None:
            out[kind] = (ds.lazy(), ds.present)
    return out


def needed_columns(kpis: list[KPI]) -> dict[str, set[str]]:
    """Per kind, every column ``compute(kpis, ...)`` reads: the loader need not keep any other.

    A KPI's declared inputs and the columns its expression reads (for each kind its source spans),
    the columns the sources split or stack on (influencer, the conversion columns), the
    de-duplication key (``row_key`` and the kind's id) and the kind's time column (the period).
    """
    cols = {k: {*v.row_key, *([v.id_column] if v.id_column else []), *([v.time_column] if v.time_column else [])}
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


def _clean(v: object) -> object:
    """Python value with NaN and ±Infinity turned into None (they never reach output)."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    return v


def compute(kpis: list[KPI], datasets: dict[str, Dataset]) -> list[Value]:
    """Values of ``kpis`` over ``datasets``, in the order given."""
    sources = build_sources(datasets)
    notes = {k.id: _missing_note(k, sources) or _overflow_note(k, datasets) for k in kpis}
    ready = [k for k in kpis if notes[k.id] is None]
    queries: list[pl.LazyFrame] = []
    slot: dict[str, int] = {}
    # Scalar KPIs: one select per source.
    by_source: dict[str, list[KPI]] = {}
    for k in ready:
        if k.expr is not None:
            by_source.setdefault(k.source, []).append(k)
    for src, ks in by_source.items():
        slot.update({k.id: len(queries) for k in ks})
        queries.append(sources[src][0].select([k.expr().alias(k.id) for k in ks]))
    # Group-by KPIs: one query per (source, builder).
    shared: dict[tuple[str, object], int] = {}
    for k in ready:
        if k.query is not None:
            key = (k.source, k.query)
            if key not in shared:
                shared[key] = len(queries)
                queries.append(k.query(sources[k.source][0]))
            slot[k.id] = shared[key]
    # Streaming: a filtered view (own posts, influencer posts) is never copied whole.
    results = pl.collect_all(queries, engine="streaming") if queries else []
    out: list[Value] = []
    for k in kpis:
        if notes[k.id] is not None:
            out.append(Value(k, None, notes[k.id]))
            continue
        df = results[slot[k.id]]
        v = _clean(k.finish(df) if k.finish else (df.item(0, k.id) if df.height else None))
        out.append(Value(k, v, None if v is not None else "no rows carry the inputs, or the denominator is 0"))
    return out
