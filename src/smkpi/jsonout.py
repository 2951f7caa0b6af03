"""The JSON document: the stable, documented contract for tools (see README "JSON output").

``schema_version`` changes only when a field is removed or changes meaning; new fields may be
added. Floats are finite or null: NaN and Infinity never appear.
"""

from __future__ import annotations

import json
import math

from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:  # `smkpi kpis` and `inspect` use dumps() without loading the report machinery
    from .report import Report

SCHEMA_VERSION = 2  # 2: kpis[].groups, series, previous, change; segments; summary over groups


def _finite(v: object) -> object:
    if isinstance(v, str):
        # A file name that is not UTF-8 arrives with lone surrogates, which no UTF-8 output can
        # carry: its odd bytes are written as \xNN text instead of crashing the document.
        return _unsurrogate(v) if _has_surrogate(v) else v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {_finite(str(k)): _finite(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_finite(x) for x in v]
    return v


def _has_surrogate(s: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in s)


def _unsurrogate(s: str) -> str:
    try:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _clock(t) -> str:
    # config stores "24:00" (end of day) as the last instant of the day; say it as the user wrote it.
    return "24:00" if (t.hour, t.minute, t.second, t.microsecond) == (23, 59, 59, 999999) else t.strftime("%H:%M")


def report_document(report: Report, exit_code: int) -> dict:
    s = report.settings
    bh = s.business_hours
    return {
        "schema_version": SCHEMA_VERSION,
        "smkpi_version": __version__,
        "generated_at": report.generated_at.isoformat().replace("+00:00", "Z"),
        "settings": {
            "targets_file": s.source_path,
            "timezone": s.timezone,
            "currency": s.currency,
            "fx": dict(s.fx),  # rates into currency (targets.yaml fx:), {} when none
            "business_hours": {"days": list(bh.days), "start": _clock(bh.start),
                               "end": _clock(bh.end), "holidays": [d.isoformat() for d in bh.holidays]},
            "families": report.families,
        },
        "period": ({"start": report.period[0].isoformat(), "end": report.period[1].isoformat()}
                   if report.period else None),
        "segments": _segments(report),
        "inputs": [f.as_json() for f in report.loaded.inputs],
        "skipped": [s.as_json() for s in report.loaded.skipped],
        "errors": [e.as_json() for e in report.loaded.errors],
        "kpis": [
            {
                "id": r.value.kpi.id, "family": r.value.kpi.family, "label": r.value.kpi.label,
                "unit": r.value.kpi.unit.value, "direction": r.value.kpi.direction.value,
                "value": r.value.value, "target": r.target.as_json() if r.target else None,
                "status": r.status.value, "note": r.value.note,
                "currency": r.value.currency,  # money in another currency than settings.currency, else null
                **_segmented(r),
            }
            for r in report.results
        ],
        "summary": report.summary(),
        "exit_code": exit_code,
    }


def _segments(report: Report) -> dict | None:
    """What the report was cut by: window, period, dimensions, comparison (null: not segmented)."""
    seg = report.segmentation
    if seg is None:
        return None
    return {"window": report.window.as_json() if report.window else None, "period": seg.period,
            "by": list(seg.by), "compare": report.compare, "notes": report.notes}


def _point(v) -> dict:
    return {"period": v.span.label, "start": v.span.start.isoformat(), "end": v.span.end.isoformat(),
            "value": v.value, "currency": v.currency}


def _previous(v) -> dict | None:
    p = v.previous
    if p is None:
        return None
    return {"start": p.span.start.isoformat() if p.span else None, "end": p.span.end.isoformat() if p.span else None,
            "value": p.value, "note": p.note, "currency": p.currency}


def _change(v) -> dict | None:
    c = v.change
    return {"absolute": c.absolute, "relative": c.relative} if c else None


def _segmented(r) -> dict:
    """The v2 fields of one KPI: null when the report is not cut that way."""
    v = r.value
    groups = None if r.groups is None else [
        {"by": g.value.by, "value": g.value.value, "target": g.target.as_json() if g.target else None,
         "status": g.status.value, "note": g.value.note, "currency": g.value.currency,
         "series": [_point(p) for p in g.value.series] if g.value.series is not None else None,
         "previous": _previous(g.value), "change": _change(g.value)}
        for g in r.groups]
    return {"groups": groups, "series": [_point(p) for p in v.series] if v.series is not None else None,
            "previous": _previous(v), "change": _change(v), "segment_note": v.segment_note}


def dumps(doc: object) -> str:
    """JSON text; raises if a non-finite float slipped through (it must not)."""
    return json.dumps(_finite(doc), ensure_ascii=False, indent=2, allow_nan=False)
