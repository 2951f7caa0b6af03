"""Columns derived from a file's typed canonical columns, per kind.

Each deriver returns the frame with the derived columns, extra row-rejection reasons, and the
derived column names that now carry data (so a KPI on ``first_response_s`` knows whether the file
gave ``first_response_at`` or ``first_response_minutes``).
"""

from __future__ import annotations

import polars as pl

from .config import WEEKDAYS, Settings

# For docs and "no data" notes: what a user must export for a derived column to exist.
DERIVED_FROM = {
    "first_response_s": "first_response_at or first_response_minutes",
    "resolution_s": "resolved_at or resolution_minutes",
    "resolved": "resolved_at, resolution_minutes or status",
    "fcr": "contacts or first_contact_resolution",
    "csat_good": "csat",
    "csat_score": "csat (1-5)",
    "handling_s": "handling_minutes",
    "after_hours": "created_at",
    "bounces": "bounces, bounced or engaged_sessions",
}

Derived = tuple[pl.LazyFrame, list[pl.Expr], set[str]]


def _seconds_between(later: str, earlier: str) -> pl.Expr:
    return (pl.col(later) - pl.col(earlier)).dt.total_microseconds() / 1e6


def derive_sessions(lf: pl.LazyFrame, present: set[str], settings: Settings) -> Derived:
    got: set[str] = set()
    reasons: list[pl.Expr] = []
    if "sessions" not in present:
        # The export is one row per session.
        lf = lf.with_columns(sessions=pl.lit(1, dtype=pl.Int64))
    got.add("sessions")
    if "bounces" in present:
        bounces = pl.col("bounces")
    elif "bounced" in present:
        bounces = pl.when(pl.col("bounced")).then(pl.col("sessions")).when(~pl.col("bounced")).then(0)
    elif "engaged_sessions" in present:
        bounces = pl.col("sessions") - pl.col("engaged_sessions")
        reasons.append(pl.when(pl.col("engaged_sessions") > pl.col("sessions"))
                       .then(pl.lit("engaged_sessions is larger than sessions")))
    else:
        bounces = None
    if bounces is not None:
        got.add("bounces")
        if "bounces" in present:
            reasons.append(pl.when(pl.col("bounces") > pl.col("sessions")).then(pl.lit("bounces is larger than sessions")))
        lf = lf.with_columns(bounces=bounces.cast(pl.Int64))
    return lf, reasons, got


def _after_hours(settings: Settings) -> pl.Expr:
    bh = settings.business_hours
    local = pl.col("created_at").dt.convert_time_zone(settings.timezone)
    days = [WEEKDAYS.index(d) + 1 for d in bh.days]  # Polars: Monday = 1
    t = local.dt.time()
    if bh.start <= bh.end:
        in_time = (t >= bh.start) & (t < bh.end)
    else:  # hours that cross midnight, e.g. 22:00-06:00
        in_time = (t >= bh.start) | (t < bh.end)
    in_hours = local.dt.weekday().is_in(days) & in_time
    if bh.holidays:
        in_hours = in_hours & ~local.dt.date().is_in(bh.holidays)
    return ~in_hours


def derive_tickets(lf: pl.LazyFrame, present: set[str], settings: Settings) -> Derived:
    cols: dict[str, pl.Expr] = {}
    reasons: list[pl.Expr] = []
    for name, at, minutes in (("first_response_s", "first_response_at", "first_response_minutes"),
                              ("resolution_s", "resolved_at", "resolution_minutes")):
        # The timestamp wins; the export's own minutes fill in where it has no timestamp.
        parts = []
        if at in present:
            elapsed = _seconds_between(at, "created_at")
            reasons.append(pl.when(elapsed < 0).then(pl.lit(f"{at} is before created_at")))
            parts.append(elapsed)
        if minutes in present:
            parts.append(pl.col(minutes) * 60.0)
        if parts:
            cols[name] = pl.coalesce(parts)
    resolved = pl.lit(False)
    for c in ("resolved_at", "resolution_minutes"):
        if c in present:
            resolved = resolved | pl.col(c).is_not_null()
    if "status" in present:
        resolved = resolved | pl.col("status").str.to_lowercase().is_in(["solved", "closed", "resolved"]).fill_null(False)
    cols["resolved"] = resolved
    fcr = None
    if "first_contact_resolution" in present:
        fcr = pl.col("first_contact_resolution")
    if "contacts" in present:
        by_contacts = pl.col("contacts") <= 1
        fcr = by_contacts if fcr is None else pl.coalesce(fcr, by_contacts)
    if fcr is not None:
        cols["fcr"] = fcr
    if "handling_minutes" in present:
        cols["handling_s"] = pl.col("handling_minutes") * 60.0
    cols["after_hours"] = _after_hours(settings)
    lf = lf.with_columns(**{k: v for k, v in cols.items()})
    got = set(cols)
    if "csat" in present:
        got |= {"csat_good", "csat_score"}
    return lf, reasons, got


DERIVERS = {"sessions": derive_sessions, "tickets": derive_tickets}


def derive(kind: str, lf: pl.LazyFrame, present: set[str], settings: Settings) -> Derived:
    fn = DERIVERS.get(kind)
    return fn(lf, present, settings) if fn else (lf, [], set())
