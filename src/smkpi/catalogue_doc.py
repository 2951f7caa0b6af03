"""The catalogue as rows for ``smkpi kpis`` (table and JSON) and the README."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .config import DEFAULT_TARGETS
from .derive import DERIVED_FROM
from .registry import select_kpis  # not .report: listing the catalogue loads no data


def catalogue_rows(families: list[str] | None = None) -> list[dict]:
    rows = []
    for k in select_kpis(families):
        t = DEFAULT_TARGETS.get(k.id)
        rows.append({
            "id": k.id, "family": k.family, "label": k.label, "unit": k.unit.value,
            "direction": k.direction.value, "source": k.source,
            "inputs": [DERIVED_FROM.get(c, c) for c in k.inputs],
            "formula": k.formula, "doc": k.doc,
            "default_target": t["target"] if isinstance(t, dict) else t,
            "default_severity": (t.get("severity", "error") if isinstance(t, dict) else "error") if t else None,
        })
    return rows


def target_text(row: dict) -> str:
    """A default target as shown: ``<= 1h (warn)`` for a warn-only target, ``>= 20`` otherwise."""
    t = row["default_target"] or ""
    return f"{t} (warn)" if t and row.get("default_severity") == "warn" else t


def render_catalogue(rows: list[dict], console: Console) -> None:
    # The family is the id's prefix, so the id column stands for both. Ids never wrap (people copy
    # them into targets.yaml); on narrower terminals the wordier columns go instead.
    cells = {
        "ID": lambda r: Text(r["id"]),
        "Label": lambda r: Text(r["label"]),
        "Unit": lambda r: r["unit"],
        "Better": lambda r: r["direction"],
        "Formula": lambda r: Text(r["formula"]),
        "Needs": lambda r: Text(f"{r['source']}: {', '.join(r['inputs']) or '(rows)'}"),
        "Default target": lambda r: Text(target_text(r)),
    }
    if console.width < 150:
        cells.pop("Label")
    if console.width < 120:
        cells.pop("Needs")
    if console.width < 100:
        cells.pop("Formula")
    hidden = [c for c in ("Label", "Formula", "Needs") if c not in cells]
    caption = (f"{', '.join(hidden)} hidden at this width: widen the terminal or use --format json"
               if hidden else None)
    t = Table(title=f"{len(rows)} KPIs", title_justify="left", caption=caption, caption_justify="left")
    for c in cells:
        t.add_column(c, no_wrap=c == "ID", overflow="fold")
    for r in rows:
        t.add_row(*(f(r) for f in cells.values()))
    console.print(t)
