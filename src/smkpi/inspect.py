"""``smkpi inspect``: how each file was read, so a user can see (and fix) what smkpi understood.

For every file: the export format recognised, encoding, header row, kind, platform, each header's
canonical column, the headers no KPI uses, and rows read / used / rejected (with reasons and row
numbers) / duplicates. Files that feed nothing are listed with the reason. Nothing is an error
here except a file that cannot be read at all.
"""

from __future__ import annotations

from pathlib import Path

from .config import Settings
from .formats.specs import BY_NAME
from .load import load

SCHEMA_VERSION = 1


def inspect_paths(paths: list[str | Path], settings: Settings) -> dict:
    """The inspect document: ``{schema_version, files: [...], skipped: [...]}`` (see the README, "smkpi inspect")."""
    loaded = load(paths, settings)
    files = []
    for f in loaded.inputs:
        spec = BY_NAME.get(f.export) if f.export else None
        files.append({
            "path": f.path,
            "export": f.export,
            "export_label": spec.label if spec else None,
            "file_format": f.format,
            "encoding": f.encoding,
            "sheet": f.sheet,
            "header_row": f.header_row,
            "kind": f.kind,
            "platform": f.platform,
            "currency": f.currency,
            "period": f.as_json()["period"],
            "mapping": dict(f.mapping),
            "unmapped": list(f.unmapped),
            "rows": f.rows,
            "used": f.used,
            "rejected": f.rejected,
            "duplicates": f.duplicates,
            "blank": f.blank,
            "problems": [p.as_json() for p in f.problems],
            "notes": list(f.notes),
        })
    return {"schema_version": SCHEMA_VERSION, "files": files,
            "skipped": [s.as_json() for s in loaded.skipped], "errors": [e.as_json() for e in loaded.errors]}


def render_inspect(doc: dict, console) -> None:
    """One block per file: a two-column table of how it was read."""
    from rich.table import Table
    from rich.text import Text

    from . import fmt

    for f in doc["files"]:
        t = Table(title=Text(fmt.safe(f["path"]), style="bold"), title_justify="left", show_header=False)
        t.add_column("what", style="dim")
        t.add_column("value", overflow="fold")
        how = f["file_format"] + (f", sheet '{f['sheet']}'" if f["sheet"] else "")
        rows = [
            ("export", f["export_label"] or "not a known export (generic columns)"),
            ("file", f"{how}, {f['encoding']}, header on row {f['header_row']}" if f["header_row"] else
             f"{how}, {f['encoding']}"),
            ("kind", f["kind"]),
            ("platform", "from the file's platform column" if "platform" in f["mapping"].values()
             else f["platform"] or "unknown"),
            *([("currency", f["currency"])] if f["currency"] else []),
            *([("period", f"{f['period']['start']} → {f['period']['end']}")] if f["period"] else []),
            *[("columns" if i == 0 else "", f"{h} → {c}") for i, (h, c) in enumerate(f["mapping"].items())],
            ("unmapped", ", ".join(f["unmapped"]) or "none"),
            ("rows", f"{f['rows']:,} read, {f['used']:,} used, {f['rejected']:,} rejected, "
                     f"{f['duplicates']:,} duplicates, {f['blank']:,} blank"),
        ]
        for p in f["problems"]:
            where = ", ".join(map(str, p["rows"])) + (", …" if p["count"] > len(p["rows"]) else "")
            rows.append(("rejected", f"{p['count']:,} × {p['reason']} (rows {where})"))
        rows += [("note", n) for n in f["notes"]]
        for k, v in rows:
            t.add_row(k, Text(fmt.safe(v)))
        console.print(t)
    for s in doc["skipped"]:
        console.print(Text(f"skipped: {fmt.safe(s['path'])}: {fmt.safe(s['reason'])}"))
    for e in doc["errors"]:
        console.print(Text(f"error: {fmt.safe(e['path'])}: {fmt.safe(e['reason'])}"))
