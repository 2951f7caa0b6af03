"""The KPI registry: one record per KPI, the product's public contract.

A KPI is data: id, family, label, unit, better direction, the dataset ("source") it is computed
from, the input columns it needs, a human formula, and a builder that returns Polars expressions.
Everything else (computing, judging, docs, ``smkpi kpis``, tests) iterates this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from .errors import UsageError
from .units import FAMILIES, Direction, Unit  # noqa: F401  (re-exported: the registry's vocabulary)

# An aggregation over one source frame: either a scalar expression, or a function that turns
# the source LazyFrame into a small frame (group-bys such as breakdowns). Both run inside the
# same collect_all. A query builder also takes segment key columns (``--by``, ``--period``): its
# frame then holds the key columns too, and ``finish`` reads the rows of one key value at a time
# (key columns dropped), so a segment's value comes from the same formula as the whole.
ExprBuilder = Callable[[], pl.Expr]
QueryBuilder = Callable[[pl.LazyFrame, list[str]], pl.LazyFrame]


@dataclass(frozen=True)
class KPI:
    id: str
    family: str
    label: str
    unit: Unit
    direction: Direction
    source: str  # a source name from smkpi.sources
    inputs: tuple[str, ...]  # columns of that source the KPI needs
    formula: str  # human-readable
    doc: str  # one sentence for users; zero-denominator behaviour where it applies
    expr: ExprBuilder | None = None
    query: QueryBuilder | None = None
    finish: Callable[[pl.DataFrame], object] | None = None  # turns a query's frame into the value
    # A ratio whose numerator cannot exceed its denominator ("share": views of impressions, clicks
    # of impressions) gives no value above 1; a rate that rarely does ("rate": interactions per
    # person reached) keeps its value with a note. ``parts`` gives (Σ numerator, Σ denominator)
    # over the same rows as ``expr``, for the note (see smkpi.finish).
    limit: str | None = None  # None | "share" | "rate"
    parts: Callable[[], tuple[pl.Expr, pl.Expr]] | None = None

    def __post_init__(self) -> None:
        if self.limit is not None and (self.limit not in ("share", "rate") or self.parts is None):
            raise ValueError(f"{self.id}: limit must be 'share' or 'rate' and come with parts")
        if (self.expr is None) == (self.query is None):
            raise ValueError(f"{self.id}: give exactly one of expr and query")
        if not self.id.startswith(self.family + "."):
            raise ValueError(f"{self.id}: id must start with its family")


_REGISTRY: dict[str, KPI] = {}


def register(*kpis: KPI) -> None:
    for k in kpis:
        if k.id in _REGISTRY:
            raise ValueError(f"duplicate KPI id {k.id}")
        _REGISTRY[k.id] = k


def all_kpis() -> list[KPI]:
    """Every KPI in catalogue order (family order, then definition order)."""
    from . import catalogue  # noqa: F401  registers on import

    order = {f: i for i, f in enumerate(FAMILIES)}
    return sorted(_REGISTRY.values(), key=lambda k: order[k.family])


def get(kpi_id: str) -> KPI | None:
    all_kpis()
    return _REGISTRY.get(kpi_id)


def select_kpis(families: list[str] | None) -> list[KPI]:
    """KPIs of ``families`` (all when empty); UsageError naming an unknown family."""
    # --family engagement,sentiment and --family engagement --family sentiment mean the same.
    fams = [f.strip().lower() for entry in families or [] for f in entry.split(",") if f.strip()]
    unknown = [f for f in fams if f not in FAMILIES]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], FAMILIES, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise UsageError(f"unknown family '{unknown[0]}'; {hint}choose from {', '.join(FAMILIES)}")
    return [k for k in all_kpis() if not fams or k.family in fams]
