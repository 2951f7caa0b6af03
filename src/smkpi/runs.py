"""Runs of KPI queries gathered for one ``collect_all``, and the one path that finishes a value.

A run is one (sources, key set) pair: the whole report (no keys), groups (``--by`` keys), a series
(the period key), the comparison window. Every value of every run, whole or per group, is finished
by :func:`finish_value`, so the zero-denominator, NaN and share-bound rules apply alike.
"""

from __future__ import annotations

import math

import polars as pl

from .currency import MONEY_COLUMNS, row_currencies
from .loaded import CURRENCY
from .registry import KPI

N = "__smkpi_n"  # rows per group: a group with rows but no value is still listed


def _clean(v: object) -> object:
    """Python value with NaN and ±Infinity turned into None (they never reach output)."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    return v


PARTS = ("\x1fnum", "\x1fden")  # column suffixes of a bounded KPI's numerator and denominator sums
CURRENCIES = "\x1fcur"  # column suffix of a money KPI's row currencies (inputs in several currencies)


def finish_value(kpi: KPI, df: pl.DataFrame) -> tuple[object, str | None]:
    """(value, note) of ``kpi`` from its query's frame: the one finishing path of every value
    (whole, group, series point, previous). A share above 1 goes through :func:`smkpi.finish.bound`
    with its own numerator and denominator, from the same query."""
    v = _clean(kpi.finish(df) if kpi.finish else (df.item(0, kpi.id) if df.height else None))
    if kpi.limit and isinstance(v, (int, float)) and v > 1 and kpi.id + PARTS[0] in df.columns:
        from .finish import bound  # finish builds on this module

        return bound(kpi, v, df.item(0, kpi.id + PARTS[0]), df.item(0, kpi.id + PARTS[1]))
    return v, None


class Runs:
    """Queries of several (sources, key set) runs, gathered for one ``collect_all``."""

    def __init__(self) -> None:
        self.queries: list[pl.LazyFrame] = []
        self.slots: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}  # (run, kpi id) -> (query, keys)
        self.groups: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}  # (run, source) -> query listing the source's groups
        self.parts: dict[int, dict[tuple, pl.DataFrame]] = {}

    def add(self, run: str, ready: list[KPI], sources: dict, keys: tuple[str, ...]) -> None:
        by_source: dict[str, list[KPI]] = {}
        for k in ready:
            if k.source in sources and set(keys) <= sources[k.source][1]:
                by_source.setdefault(k.source, []).append(k)
        for src, ks in by_source.items():
            lf = sources[src][0]
            scalar = [k for k in ks if k.expr is not None]
            if scalar or keys:  # with keys, a count per group lists the source's groups
                exprs = [k.expr().alias(k.id) for k in scalar]
                exprs += [e.alias(k.id + sfx) for k in scalar if k.limit for e, sfx in zip(k.parts(), PARTS)]
                if CURRENCY in sources[src][1]:
                    exprs += [row_currencies(k.inputs).alias(k.id + CURRENCIES) for k in scalar
                              if MONEY_COLUMNS & set(k.inputs)]
                q = lf.group_by(list(keys)).agg(*exprs, pl.len().alias(N)) if keys else lf.select(exprs)
                self.groups[(run, src)] = (len(self.queries), keys)
                self.slots.update({(run, k.id): (len(self.queries), keys) for k in scalar})
                self.queries.append(q)
            shared: dict[object, int] = {}
            for k in ks:
                if k.query is not None:
                    if k.query not in shared:
                        shared[k.query] = len(self.queries)
                        self.queries.append(k.query(lf, list(keys)))
                    self.slots[(run, k.id)] = (shared[k.query], keys)

    def collect(self) -> None:
        # Streaming: a filtered view (own posts, influencer posts) is never copied whole.
        self.results = pl.collect_all(self.queries, engine="streaming") if self.queries else []

    def _parts(self, slot: int, keys: tuple[str, ...]) -> dict[tuple, pl.DataFrame]:
        if slot not in self.parts:
            df = self.results[slot]
            self.parts[slot] = (df.partition_by(list(keys), as_dict=True, include_key=False)
                                if keys and df.height else {(): df} if not keys else {})
        return self.parts[slot]

    def has(self, run: str, kpi: KPI) -> bool:
        return (run, kpi.id) in self.slots

    def value(self, run: str, kpi: KPI, key: tuple = (), empty: tuple = (None, None, None)
              ) -> tuple[object, str | None, frozenset[str] | None]:
        """(value, note, currencies) of ``kpi`` in ``run`` for the group ``key``; ``empty`` when no
        row has that key. ``currencies``: those of the rows the value's amounts come from, when the
        inputs mix currencies (see :data:`smkpi.loaded.CURRENCY`); else None."""
        slot, keys = self.slots[(run, kpi.id)]
        df = self._parts(slot, keys).get(key)
        if df is None:
            return empty
        cur = df.item(0, kpi.id + CURRENCIES) if df.height and kpi.id + CURRENCIES in df.columns else None
        return (*finish_value(kpi, df), None if cur is None else frozenset(c for c in cur.split(",") if c))

    def keys(self, run: str, source: str) -> list[tuple]:
        slot, keys = self.groups.get((run, source), (None, ()))
        if slot is None or not keys:
            return []
        return [tuple(r) for r in self.results[slot].select(keys).iter_rows()]
