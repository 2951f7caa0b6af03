"""The catalogue as rows for ``smkpi kpis`` (table and JSON) and the README."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from .config import DEFAULT_TARGETS
from .derive import DERIVED_FROM
from .registry import select_kpis  # not .report: listing the catalogue loads no data
from .tables import Col, fit_table


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


# The family is the id's prefix, so the id column stands for both. Ids never wrap (people copy them
# into targets.yaml); on narrower terminals the wordier columns go first (see smkpi.tables).
CATALOGUE_COLUMNS = (
    ("ID", Col("ID", no_wrap=True), lambda r: Text(r["id"])),
    ("Label", Col("Label", wide=150, priority=5), lambda r: Text(r["label"])),
    ("Unit", Col("Unit", priority=3), lambda r: r["unit"]),
    ("Better", Col("Better", priority=4), lambda r: r["direction"]),
    ("Formula", Col("Formula", wide=100, priority=6), lambda r: Text(r["formula"])),
    ("Needs", Col("Needs", wide=120, priority=7), lambda r: Text(f"{r['source']}: {', '.join(r['inputs']) or '(rows)'}")),
    ("Default target", Col("Default target", priority=2), lambda r: Text(target_text(r))),
)


def render_catalogue(rows: list[dict], console: Console) -> None:
    cols = [c for _, c, _ in CATALOGUE_COLUMNS]
    cells = [[cell(r) for _, _, cell in CATALOGUE_COLUMNS] for r in rows]
    console.print(fit_table(console, cols, cells, title=f"{len(rows)} KPIs", title_justify="left"))
