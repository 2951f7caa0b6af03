"""``--compare FILE.json``: the comparison values from a report written earlier with ``--format json``.

The file is untrusted: read with a size cap, as JSON only, and only the fields used here are read
(``kpis[].id``, ``value``, ``groups[].by`` / ``value``, and the dates it covers).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from .compute import Span, Value
from .errors import UsageError
from .vocabulary import LABELS

MAX_BYTES = 64 << 20


def read_report(path: str) -> dict:
    """The JSON document at ``path``; UsageError naming the file when it is not an smkpi report."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise UsageError(f"{path}: too large for an smkpi JSON report (limit {MAX_BYTES:,} bytes)")
        doc = json.loads(p.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise UsageError(f"{path}: not a JSON report ({type(e).__name__}); write one with "
                         f"'smkpi report ... --format json -o {p.name}'") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("kpis"), list) or "schema_version" not in doc:
        raise UsageError(f"{path}: not an smkpi JSON report (no schema_version and kpis); write one with "
                         f"'smkpi report ... --format json'")
    return doc


def _dates(doc: dict) -> tuple[dt.date, dt.date] | None:
    seg = doc.get("segments") if isinstance(doc.get("segments"), dict) else {}
    for w in (seg.get("window"), doc.get("period")):
        if isinstance(w, dict):
            try:
                return dt.date.fromisoformat(str(w["start"])), dt.date.fromisoformat(str(w["end"]))
            except (KeyError, ValueError):
                continue
    return None


def _number(v: object) -> object:
    # Only what a report can hold: numbers, text, breakdowns; anything else is not a value.
    return v if isinstance(v, (int, float, str, dict)) and not isinstance(v, bool) else None


def previous_from_file(values: list[Value], doc: dict, path: str) -> tuple[list[Value], dict]:
    """``values`` with ``previous`` (and each group's) taken from the report ``doc``."""
    dates = _dates(doc)
    span = Span(*dates) if dates else None
    by_id = {k.get("id"): k for k in doc["kpis"] if isinstance(k, dict)}
    name = Path(path).name
    out = []
    for v in values:
        old = by_id.get(v.kpi.id)
        if old is None:
            prev = Value(v.kpi, None, f"not in {name}", span=span)
        else:
            pv = _spelled(v.kpi, _number(old.get("value")))
            prev = Value(v.kpi, pv, None if pv is not None else (old.get("note") or f"null in {name}"), span=span,
                         currency=old.get("currency") if isinstance(old.get("currency"), str) else None)
        groups = v.groups
        if groups is not None:
            olds: dict[tuple, list[dict]] = {}
            for g in (old or {}).get("groups") or []:
                if isinstance(g, dict):
                    olds.setdefault(_key(g.get("by")), []).append(g)
            groups = tuple(replace(g, previous=_group_prev(g, olds.get(_key(g.by)), span, name)) for g in groups)
        out.append(replace(v, previous=prev, groups=groups))
    compare = {"mode": "file", "path": path, "start": dates[0].isoformat() if dates else None,
               "end": dates[1].isoformat() if dates else None}
    return out, compare


def _key(by: object) -> tuple:
    """A group's key, its content types in today's spelling: a report written before smkpi read
    them so (``Reels``, ``IG reel``) has its groups under the names the file gave."""
    if not isinstance(by, dict):
        return ()
    return tuple(sorted((str(k), LABELS[k](str(x)) if k in LABELS and isinstance(x, str) else str(x))
                        for k, x in by.items()))


def _spelled(kpi, value: object) -> object:
    """An earlier report's value of a KPI over content types, in today's spelling: a category
    (``Reels``) as its word, a breakdown's keys too (two that are one word now add up: the one
    breakdown by content type is a sum of views)."""
    if "content_type" not in kpi.inputs:
        return value
    label = LABELS["content_type"]
    if isinstance(value, str):
        return label(value)
    if isinstance(value, dict):
        out: dict = {}
        for k, x in value.items():
            key = label(str(k))
            both = isinstance(x, (int, float)) and not isinstance(x, bool) and isinstance(out.get(key), (int, float))
            out[key] = out[key] + x if both else (x if key not in out else None)
        return out
    return value


def _group_prev(g: Value, old: list[dict] | None, span: Span | None, name: str) -> Value:
    if not old:
        return Value(g.kpi, None, f"group not in {name}", span=span)
    if len(old) > 1:  # Photos and IG image in an earlier report: one group now, its value unknown
        names = ", ".join(sorted({str(x) for o in old for x in (o.get("by") or {}).values()}))
        return Value(g.kpi, None, FOLDED_NOTE.format(name=name, groups=names), span=span)
    old = old[0]
    pv = _number(old.get("value"))
    return Value(g.kpi, pv, None if pv is not None else f"null in {name}", span=span,
                 currency=old.get("currency") if isinstance(old.get("currency"), str) else None)


FOLDED_NOTE = "{name} has this group as several ({groups}), spelled as the files spelled them: not compared"
CURRENCY_NOTE = "{name} is in {was}, this report in {now}: amounts in different currencies are never compared"


def check_currency(values: list[Value], doc: dict, currency: str, path: str) -> list[Value]:
    """``values`` whose money ``previous`` from the earlier report ``doc`` is in another currency than
    the value itself: no previous value (so no change), with a note; each group against its own
    group in ``doc`` (a report of inputs in several currencies gives each group its currency).
    Runs after the currency rule (:func:`smkpi.finish.finish_values`) has given each value its
    currency."""
    by_id = {k.get("id"): k for k in doc["kpis"] if isinstance(k, dict)}
    default = (doc.get("settings") or {}).get("currency")
    name = Path(path).name
    out = []
    for v in values:
        old = by_id.get(v.kpi.id) or {}
        if v.kpi.unit != "currency":
            out.append(v)
            continue
        was = old.get("currency") or default
        groups = v.groups
        if groups is not None:
            olds = {_key(g.get("by")): g for g in old.get("groups") or [] if isinstance(g, dict)}  # one currency a group
            groups = tuple(replace(g, previous=_same_currency(g.previous, (olds.get(_key(g.by)) or {}).get("currency")
                                                              or was, g.currency or currency, name)) for g in groups)
        out.append(replace(v, previous=_same_currency(v.previous, was, v.currency or currency, name), groups=groups))
    return out


def _same_currency(prev: Value | None, was: str | None, now: str, name: str) -> Value | None:
    if prev is None or not was or was == now:
        return prev
    return replace(prev, value=None, note=CURRENCY_NOTE.format(name=name, was=was, now=now))
