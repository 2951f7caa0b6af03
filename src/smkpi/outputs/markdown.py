"""GitHub-flavoured Markdown: one table per family, status as ✅ ❌ ⚠️ plus the word.

Fits a pull-request comment or a GitHub step summary. Text from data (file names, categories,
notes) is escaped: no Markdown, HTML, link or math syntax from an export reaches the page.
"""

from __future__ import annotations

import re

from .. import __version__
from ..fmt import safe
from . import view
from .marker import COMMENT
from .view import Context, Row

ICON = {"pass": "✅", "fail": "❌", "warn": "⚠️"}
# Backslash-escape ASCII punctuation that GFM gives a meaning (emphasis, code, links and images,
# table cells, HTML tags, strike-through, math); & starts an entity.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<#!|~$&])")


def esc(text: object) -> str:
    """One table cell of untrusted text: one line, control characters visible, no markup."""
    return _SPECIAL.sub(r"\\\1", safe(text))


def status_cell(status: str, severity: str | None, lang) -> str:
    icon = ICON.get(status)
    if status == "no_data":  # a miss at its target's severity
        icon = "❌" if severity == "error" else "⚠️"
    word = lang.status(status)
    return f"{icon} {word}" if icon else word


def _table(header: list[str], body: list[list[str]], align: list[str]) -> list[str]:
    sep = {"l": "---", "r": "---:"}
    return ["| " + " | ".join(header) + " |", "|" + "|".join(sep[a] for a in align) + "|",
            *("| " + " | ".join(r) + " |" for r in body)]


def family_table(rows: list[Row], ctx: Context) -> list[str]:
    lang = ctx.lang
    change = any(r.change_text for r in rows)
    header = [lang.t("col.kpi"), lang.t("col.value"), lang.t("col.target"), lang.t("col.status")]
    align = ["l", "r", "r", "l"]
    if change:
        header.append(lang.t("col.change"))
        align.append("r")
    trend = any(r.series for r in rows)
    if trend:
        header.append(lang.t("col.trend"))
        align.append("l")
    body = []
    for r in rows:
        cells = [esc(r.label), esc(r.text), esc(r.target_text), status_cell(r.status, r.severity, lang)]
        if change:
            cells.append(esc(r.change_text or ""))
        if trend:
            cells.append(esc(_trend(r.series, r.chart_currency)))
        body.append(cells)
        for g in r.groups:  # judged groups under their KPI
            cells = [f"↳ {esc(g.label)}", esc(g.text), esc(view.target_text(g.target, lang) if g.status else ""),
                     status_cell(g.status, (g.target or {}).get("severity"), lang) if g.status else ""]
            body.append(cells + ([esc(g.change_text or "")] if change else []) + ([""] if trend else []))
    return _table(header, body, align)


def _trend(series: list, currency: str | None) -> str:
    """``▁▄█ 2026-09 1,234 → 2026-10 2,345``: the periods as bars (one currency only, as every
    chart), then the first and last period with a value (the JSON and HTML have every one)."""
    from ..render import sparkline

    shown = [p for p in series if p.value is not None]
    if not shown:
        return ""
    ends = f"{shown[0].period} {shown[0].text}" + (f" → {shown[-1].period} {shown[-1].text}" if len(shown) > 1 else "")
    return (sparkline([p.value for p in series]) + " " if currency else "") + ends


def lines(ctx: Context) -> list[str]:
    lang = ctx.lang
    out = [f"{COMMENT} {__version__} -->", f"## {esc(lang.t('title'))}", ""]
    out.append(" · ".join(f"{esc(k)}: {esc(v)}" for k, v in view.header_parts(ctx)))
    out.append("")
    notes = view.report_notes(ctx)
    out += [f"> {esc(n)}  " for n in notes] + ([""] if notes else [])
    summary = " · ".join(f"{ICON.get(k, '')} {esc(t)}".strip() for k, t in view.summary_parts(ctx))
    out += [f"**{esc(lang.t('summary'))}:** {summary} — **{esc(view.verdict(ctx))}**", ""]
    for _, name, rows in view.by_family(ctx):
        out += [f"### {esc(name)}", "", *family_table(rows, ctx), ""]
        notes = view.family_notes(rows, lang)
        out += [f"— {esc(n)}  " for n in notes]
        if notes:
            out.append("")
    out += inputs_section(ctx)
    return out


def inputs_section(ctx: Context) -> list[str]:
    lang = ctx.lang
    files = view.inputs(ctx)
    bad = view.input_errors(ctx)
    # Not folded away: these are why the run exits 2.
    out_errors = ([f"**❌ {esc(lang.t('unreadable'))}**", "",
                   *_table([lang.t("col.file"), lang.t("col.reason")], [[esc(f), esc(r)] for f, r in bad], ["l", "l"]),
                   ""] if bad else [])
    if not files and not view.skipped(ctx):
        return out_errors
    cols = ("rows", "used", "rejected", "duplicates", "blank")
    body = [[esc(f["path"]), esc(f.get("kind", "")), *(f"{f.get(c, 0):,}" for c in cols)] for f in files]
    body.append([f"**{esc(lang.t('inputs.total'))}**", "", *(f"{sum(f.get(c, 0) for f in files):,}" for c in cols)])
    out = [*out_errors, "<details><summary>" + esc(lang.t("inputs")) + "</summary>", "",
           *_table([lang.t("col.file"), lang.t("col.kind"), *(lang.t(f"col.{c}") for c in cols)], body,
                   ["l", "l", "r", "r", "r", "r", "r"]), "", esc(lang.t("inputs.caption")), ""]
    sk = view.skipped(ctx)
    if sk:
        out += [f"**{esc(lang.t('skipped'))}**", "",
                *_table([lang.t("col.file"), lang.t("col.reason")], [[esc(s["path"]), esc(s["reason"])] for s in sk],
                        ["l", "l"]), ""]
    return out + ["</details>", ""]


def render(ctx: Context) -> bytes:
    return ("\n".join(lines(ctx)).rstrip("\n") + "\n").encode("utf-8")
