"""What an export declares about itself, and the two value rules that follow from its spec.

:func:`describe` runs once per file after its plan: the currency it declares
(:mod:`smkpi.currency`), the period it says it covers (:mod:`smkpi.formats.period`). :func:`adjust`
runs on the file's typed rows: blank metric cells become 0 where the export's spec says the
platform writes nothing for none (``FormatSpec.blank == "zero"``: Meta Ads Manager leaves
``Purchases`` empty for an ad without purchases), and amounts are converted with ``fx:`` rates.
Everywhere else a blank cell is missing (a KPI is computed over the rows that carry its inputs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from . import currency as cur
from .config import Settings
from .formats.period import column_period, preamble_period
from .kinds import KINDS, ColType

_METRICS = (ColType.COUNT, ColType.MONEY, ColType.NUMBER)


@dataclass
class ExportInfo:
    currency: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    notes: list[str] = field(default_factory=list)
    zero: tuple[str, ...] = ()  # canonical metric columns whose blank cells mean 0


def describe(raw, plan, settings: Settings) -> ExportInfo:
    kind = plan.kind
    info = ExportInfo()
    info.currency = cur.declared(raw, plan.mapping, kind)
    info.notes += cur.note_for(info.currency, settings)
    info.period = preamble_period(raw.preamble) or column_period(plan.frame, raw.columns)
    if plan.spec is not None and plan.spec.blank == "zero" and kind in KINDS:
        metric = {c.name for c in KINDS[kind].columns if c.type in _METRICS}
        info.zero = tuple(sorted(metric & set(plan.mapping.values())))
        if info.zero:
            info.notes.append(f"blank metric cells are 0 ({plan.spec.name} writes nothing for none): "
                              f"{', '.join(info.zero)}")
    return info


def adjust(lf: pl.LazyFrame, info: ExportInfo, settings: Settings, kind: str) -> pl.LazyFrame:
    """Typed rows with blank-means-zero applied and amounts in the configured currency."""
    if info.zero:
        names = set(lf.collect_schema().names())
        lf = lf.with_columns([pl.col(c).fill_null(0) for c in info.zero if c in names])
    return cur.convert(lf, info.currency, settings, kind)
