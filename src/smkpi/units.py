"""The registry's vocabulary without Polars: families, units and better directions.

Imported by the command line's fast paths (``--help``, ``--version``, usage errors, ``init``) and
by :mod:`smkpi.fmt`; :mod:`smkpi.registry` re-exports them with the KPI records.
"""

from __future__ import annotations

from enum import Enum

FAMILIES = (
    "engagement", "reach", "conversion", "sentiment", "influencer", "content",
    "advertising", "analytics", "communication", "process", "knowledge", "audience",
)


class Unit(str, Enum):
    COUNT = "count"  # whole number
    NUMBER = "number"  # decimal (per-post averages, pages per session, scores)
    RATIO = "ratio"  # fraction 0..1 in JSON, percent on screen
    MULTIPLE = "multiple"  # revenue / spend style ratios that may exceed 1 (3.2x)
    CURRENCY = "currency"  # in the configured currency
    SECONDS = "seconds"  # duration
    BREAKDOWN = "breakdown"  # {category: number}
    CATEGORY = "category"  # one category name

    @property
    def judgeable(self) -> bool:
        return self not in (Unit.BREAKDOWN, Unit.CATEGORY)


class Direction(str, Enum):
    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"  # context only: a breakdown, a category, a volume
