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
        })
    return rows


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
        "Default target": lambda r: Text(r["default_target"] or ""),
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
