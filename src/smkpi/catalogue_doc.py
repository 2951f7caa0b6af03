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
    t = Table(title=f"{len(rows)} KPIs", title_justify="left")
    for c in ("ID", "Unit", "Better", "Formula", "Needs", "Default target"):
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(Text(r["id"]), r["unit"], r["direction"], Text(r["formula"]),
                  Text(f"{r['source']}: {', '.join(r['inputs']) or '(rows)'}"), Text(r["default_target"] or ""))
    console.print(t)
