"""Desk KPIs: analytics (web), communication, process, knowledge.

Ticket KPIs read columns the loader derives from the raw export (see :mod:`smkpi.derive`):
``first_response_s``, ``resolution_s``, ``resolved``, ``fcr``, ``csat_good``, ``csat_score``,
``handling_s``, ``after_hours``.
"""

from __future__ import annotations

import polars as pl

from ..metrics import count_where, mean, ratio, ratio_of_sums, rows, share, total
from ..registry import KPI, Direction, Unit, register
from .social import bounded

U, D = Unit, Direction

# --- analytics (web sessions) -------------------------------------------------------------
register(
    KPI("analytics.sessions", "analytics", "Sessions", U.COUNT, D.HIGHER, "sessions", ("sessions",), "Σ sessions",
        "Web sessions (a row without a sessions column is one session).", expr=lambda: total("sessions")),
    KPI("analytics.bounce_rate", "analytics", "Bounce rate", U.RATIO, D.LOWER, "sessions", ("bounces", "sessions"),
        "Σ bounces / Σ sessions", "Bounces come from bounces, bounced or sessions − engaged_sessions; "
        "null when sessions sum to 0.", **bounded("share", "bounces", "sessions", "bounces", "sessions")),
    KPI("analytics.avg_session_duration", "analytics", "Average session duration", U.SECONDS, D.HIGHER, "sessions",
        ("duration_seconds", "sessions"), "Σ duration_seconds / Σ sessions", "Null when sessions sum to 0.",
        expr=lambda: ratio_of_sums("duration_seconds", "sessions", "duration_seconds", "sessions")),
    KPI("analytics.pages_per_session", "analytics", "Pages per session", U.NUMBER, D.HIGHER, "sessions",
        ("pageviews", "sessions"), "Σ pageviews / Σ sessions", "Null when sessions sum to 0.",
        expr=lambda: ratio_of_sums("pageviews", "sessions", "pageviews", "sessions")),
)

# --- communication (tickets) --------------------------------------------------------------
_RESOLVED = pl.col("resolved")
register(
    KPI("communication.inquiries", "communication", "Inquiries", U.COUNT, D.NONE, "tickets", (),
        "count(tickets)", "Tickets / inquiries received.", expr=rows),
    KPI("communication.avg_response_time", "communication", "Average first response time", U.SECONDS, D.LOWER,
        "tickets", ("first_response_s",), "mean(first response − created)",
        "Over tickets with a first response; null when none has one.", expr=lambda: mean("first_response_s")),
    KPI("communication.first_contact_resolution", "communication", "First contact resolution", U.RATIO, D.HIGHER,
        "tickets", ("fcr",), "resolved with the flag true (where empty: contacts ≤ 1) / resolved",
        "Over resolved tickets that carry the flag or contacts; where both are present the flag wins; "
        "null when there are none.",
        expr=lambda: ratio(count_where(_RESOLVED & pl.col("fcr")),
                           count_where(_RESOLVED & pl.col("fcr").is_not_null()))),
    KPI("communication.csat", "communication", "CSAT (satisfied share)", U.RATIO, D.HIGHER, "tickets",
        ("csat_good",), "rated 4–5 or good / rated", "Null when no ticket is rated.",
        expr=lambda: share(pl.col("csat_good"), "csat_good")),
    KPI("communication.avg_csat", "communication", "Average CSAT score", U.NUMBER, D.HIGHER, "tickets",
        ("csat_score",), "mean(csat on 1–5)", "Good/bad ratings have no score; null when no 1–5 score.",
        expr=lambda: mean("csat_score")),
)

# --- process (tickets) --------------------------------------------------------------------
register(
    KPI("process.avg_handling_time", "process", "Average handling time", U.SECONDS, D.LOWER, "tickets",
        ("handling_s",), "mean(handling_minutes)", "Null when no ticket has a handling time.",
        expr=lambda: mean("handling_s")),
    KPI("process.after_hours_requests", "process", "After-hours requests", U.COUNT, D.NONE, "tickets",
        ("after_hours",), "count(created outside business hours)",
        "Tickets created outside the configured business hours (timezone, days, holidays).",
        expr=lambda: count_where(pl.col("after_hours"))),
    KPI("process.after_hours_share", "process", "After-hours share", U.RATIO, D.NONE, "tickets", ("after_hours",),
        "after-hours tickets / tickets", "Null when there are no tickets.",
        expr=lambda: share(pl.col("after_hours"), "after_hours")),
    KPI("process.escalation_rate", "process", "Escalation rate", U.RATIO, D.LOWER, "tickets", ("escalated",),
        "escalated / tickets", "Over tickets carrying the escalated flag; null when none do.",
        expr=lambda: share(pl.col("escalated"), "escalated")),
)

# --- knowledge (kb + tickets) -------------------------------------------------------------
register(
    KPI("knowledge.accesses", "knowledge", "Knowledge-base views", U.COUNT, D.HIGHER, "kb", ("views",), "Σ views",
        "Times articles were read.", expr=lambda: total("views")),
    KPI("knowledge.article_likes", "knowledge", "Article likes", U.COUNT, D.HIGHER, "kb", ("likes",), "Σ likes",
        "Likes (helpful votes) on articles.", expr=lambda: total("likes")),
    KPI("knowledge.like_rate", "knowledge", "Article like rate", U.RATIO, D.HIGHER, "kb", ("likes", "views"),
        "Σ likes / Σ views", "Null when views sum to 0.",
        **bounded("share", "likes", "views", "likes", "views")),
    KPI("knowledge.avg_time_to_resolve", "knowledge", "Average time to resolve", U.SECONDS, D.LOWER, "tickets",
        ("resolution_s",), "mean(resolved − created) over resolved tickets",
        "Null when no resolved ticket has a resolution time.",
        expr=lambda: mean(pl.when(_RESOLVED).then(pl.col("resolution_s")))),
)
