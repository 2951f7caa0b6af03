"""One self-contained HTML page: header, a table and charts per family, the inputs accounting.

Nothing is loaded at view time (no script at all, no web font, no image URL; a Content-Security-
Policy says so to the browser too), so the file opens offline and can be mailed as it is. It prints
on A4 with each family on its own page. Thai renders through a font stack that ends in the
system's Thai fonts. Every piece of text from data goes through :func:`esc` (HTML-escaped after
control characters are made visible): a post title or a file name cannot inject markup.
"""

from __future__ import annotations

import html

from .. import __version__
from ..fmt import safe
from . import charts, view
from .marker import GENERATOR
from .view import Context, Row

ICON = {"pass": "✓", "fail": "✗", "warn": "!", "no_data": "?", "no_target": "·"}
FONTS = ('"Noto Sans Thai UI", "Noto Sans Thai", "Sarabun", "Leelawadee UI", "Leelawadee", "Thonburi", '
         '"Tahoma", "Loma", "Garuda", "Norasi", "TlwgTypist", "Waree", system-ui, "Segoe UI", "Helvetica Neue", '
         'Arial, sans-serif')
CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: %(fonts)s; color: #1f2328; margin: 24px auto; max-width: 760px; line-height: 1.45;
       font-size: 14px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 24px; margin: 0 0 6px; } h2 { font-size: 19px; margin: 0 0 10px; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 14px; margin: 14px 0 4px; color: #424a53; }
.meta { color: #57606a; margin: 0 0 12px; } .meta span + span::before { content: " · "; }
.cards { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 10px; min-width: 92px; }
.card b { display: block; font-size: 20px; }
.verdict { font-weight: 700; margin: 6px 0 10px; }
table { border-collapse: collapse; width: 100%%; margin: 6px 0 10px; }
th, td { border-bottom: 1px solid #d0d7de; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; } td.num, th.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; } td.sub { padding-left: 18px; color: #424a53; }
.st { font-weight: 700; white-space: nowrap; }
.st-pass { color: #1a7f37; } .st-fail { color: #cf222e; } .st-warn { color: #9a6700; }
.st-no_data { color: #8250df; } .st-no_target { color: #6e7781; font-weight: 400; }
.note { color: #57606a; font-size: 12px; margin: 2px 0; }
figure { margin: 8px 0 14px; break-inside: avoid; } figcaption { font-size: 12px; color: #57606a; }
svg.chart { max-width: 100%%; height: auto; display: block; }
svg .lbl, svg .val, svg .tick, svg .ref { font-family: %(fonts)s; font-size: 12px; fill: #1f2328; }
svg .tick, svg .ref { font-size: 11px; fill: #424a53; }
section { margin-top: 26px; }
footer { color: #6e7781; font-size: 12px; margin-top: 24px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11.5px; }
  section.family + section.family, section.inputs { break-before: page; }
  section { margin-top: 0; }
}
""" % {"fonts": FONTS}


def esc(text: object) -> str:
    """Text from anywhere, safe inside HTML and SVG, as text or as an attribute value."""
    return html.escape(safe(text), quote=True)


def _status(status: str | None, lang) -> str:
    if not status:
        return ""
    return f'<span class="st st-{esc(status)}">{ICON.get(status, "")} {esc(lang.status(status))}</span>'


def _num(v: object) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def family_table(rows: list[Row], ctx: Context) -> str:
    lang = ctx.lang
    change = any(r.change_text for r in rows)
    head = [f"<th>{esc(lang.t('col.kpi'))}</th>", f'<th class="num">{esc(lang.t("col.value"))}</th>',
            f'<th class="num">{esc(lang.t("col.target"))}</th>', f"<th>{esc(lang.t('col.status'))}</th>"]
    if change:
        head.append(f'<th class="num">{esc(lang.t("col.change"))}</th>')
    body = []
    for r in rows:
        cells = [f"<td>{esc(r.label)}</td>", f'<td class="num">{esc(r.text)}</td>',
                 f'<td class="num">{esc(r.target_text)}</td>', f"<td>{_status(r.status, lang)}</td>"]
        if change:
            cells.append(f'<td class="num">{esc(r.change_text or "")}</td>')
        body.append(f'<tr id="k-{esc(r.id)}">' + "".join(cells) + "</tr>")
        for g in r.groups:
            cells = [f'<td class="sub">{esc(g.label)}</td>', f'<td class="num">{esc(g.text)}</td>',
                     f'<td class="num">{esc(view.target_text(g.target, lang) if g.status else "")}</td>',
                     f"<td>{_status(g.status, lang)}</td>"]
            if change:
                cells.append(f'<td class="num">{esc(g.change_text or "")}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def attainment(r: Row) -> float | None:
    """Value as a share of its target, oriented so that more is better (lower-is-better: target ÷ value)."""
    v, t = _num(r.value), view.level_target(r.target)
    if v is None or not t:
        return None
    if r.target.get("op") in ("<", "<="):
        return t / v if v else None
    return v / t


def family_charts(rows: list[Row], ctx: Context) -> str:
    lang, out = ctx.lang, []

    def figure(svg: str, caption: str) -> None:
        if svg:
            out.append(f"<figure>{svg}<figcaption>{esc(caption)}</figcaption></figure>")

    judged = [(r.label, min(a, 3.0), f"{r.text} / {r.target_text}", r.status)
              for r in rows if r.target and (a := attainment(r)) is not None]
    if judged:
        figure(charts.bars(judged, esc, title=lang.t("chart.attainment"), reference=1.0, reference_label="100%"),
               lang.t("chart.attainment") + " — " + lang.t("chart.attainment_note"))
    for r in rows:
        cur = r.chart_currency
        title_v = lambda v, r=r, cur=cur: lang.value(v, r.unit, cur)  # noqa: E731
        ref = view.level_target(r.target)
        if isinstance(r.value, dict) and r.value:  # a breakdown: one bar per category
            items = sorted(((str(lang.category(k)), _num(v), lang.value(v, "number" if isinstance(v, float) else "count"), None)
                            for k, v in r.value.items() if _num(v) is not None), key=lambda i: -i[1])
            figure(charts.bars(items, esc, title=lang.t("chart.breakdown", kpi=r.label)), r.label)
        if r.groups and cur:
            by = ", ".join(dict.fromkeys(lang.dimension(k) for g in r.groups for k in g.by)) or lang.t("col.group")
            items = [(g.label, _num(g.value), g.text, g.status if g.status != "no_target" else None)
                     for g in r.groups if _num(g.value) is not None]
            title = lang.t("chart.groups", kpi=r.label, by=by)
            figure(charts.bars(items, esc, title=title, reference=ref, reference_label=lang.t("chart.target")), title)
        lines = [(g.label, [(p.period, _num(p.value)) for p in g.series]) for g in r.groups if g.series][:8]
        if r.series:
            lines.insert(0, (r.label, [(p.period, _num(p.value)) for p in r.series]))
        if lines and not cur:  # no chart across currencies: the points as text, each in its own
            points = " · ".join(f"{p.period} {p.text}" for p in r.series if p.value is not None)
            out.append(f'<p class="note">{esc(lang.t("chart.series", kpi=r.label))}: {esc(points)}</p>' if points else "")
        if lines and cur:
            title = lang.t("chart.series", kpi=r.label)
            figure(charts.lines(lines, esc, title=title, label_of=title_v, reference=ref,
                                reference_label=lang.t("chart.target")), title)
    return "".join(out)


def inputs_section(ctx: Context) -> str:
    lang = ctx.lang
    files, skipped, bad = view.inputs(ctx), view.skipped(ctx), view.input_errors(ctx)
    if not files and not skipped and not bad:
        return ""
    cols = ("rows", "used", "rejected", "duplicates", "blank")
    head = "".join([f"<th>{esc(lang.t('col.file'))}</th>", f"<th>{esc(lang.t('col.kind'))}</th>",
                    *(f'<th class="num">{esc(lang.t("col." + c))}</th>' for c in cols)])
    body = "".join("<tr>" + f"<td>{esc(f['path'])}</td><td>{esc(f.get('kind', ''))}</td>"
                   + "".join(f'<td class="num">{f.get(c, 0):,}</td>' for c in cols) + "</tr>" for f in files)
    total = (f"<tr><th>{esc(lang.t('inputs.total'))}</th><th></th>"
             + "".join(f'<th class="num">{sum(f.get(c, 0) for f in files):,}</th>' for c in cols) + "</tr>")
    out = [f'<section class="inputs"><h2>{esc(lang.t("inputs"))}</h2>']
    if bad:  # why the run exits 2: first, in the failure colour
        rows = "".join(f"<tr><td>{esc(f)}</td><td>{esc(r)}</td></tr>" for f, r in bad)
        out.append(f'<h3 class="fail">{esc(lang.t("unreadable"))}</h3><table><thead><tr><th>{esc(lang.t("col.file"))}'
                   f"</th><th>{esc(lang.t('col.reason'))}</th></tr></thead><tbody>{rows}</tbody></table>")
    out += [
           f"<table><thead><tr>{head}</tr></thead><tbody>{body}{total}</tbody></table>",
           f'<p class="note">{esc(lang.t("inputs.caption"))}</p>']
    if skipped:
        rows = "".join(f"<tr><td>{esc(s['path'])}</td><td>{esc(s['reason'])}</td></tr>" for s in skipped)
        out.append(f"<h3>{esc(lang.t('skipped'))}</h3><table><thead><tr><th>{esc(lang.t('col.file'))}</th>"
                   f"<th>{esc(lang.t('col.reason'))}</th></tr></thead><tbody>{rows}</tbody></table>")
    return "".join(out) + "</section>"


def page(ctx: Context) -> str:
    lang, doc = ctx.lang, ctx.doc
    title = lang.t("title")
    period = view.report_span(doc)  # an October report is titled October, not the data's whole span
    full_title = title + (f" · {lang.period(period.get('start'), period.get('end'))}" if period else "")
    meta = "".join(f"<span>{esc(k)}: {esc(v)}</span>" for k, v in view.header_parts(ctx))
    counts = doc.get("summary", {})
    cards = "".join(f'<div class="card"><b class="st st-{k}">{ICON[k]} {counts.get(k, 0):,}</b>{esc(lang.status(k))}</div>'
                    for k in ("pass", "fail", "warn", "no_data", "no_target"))
    strip = charts.status_strip([(k, counts.get(k, 0), t) for k, t in view.summary_parts(ctx)], esc,
                                title=lang.t("chart.status", n=sum(counts.values())))
    parts = [
        "<!DOCTYPE html>", f'<html lang="{lang.code}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">",
        f'{GENERATOR} {esc(__version__)}">', f"<title>{esc(full_title)}</title>", f"<style>{CSS}</style>", "</head>",
        "<body>", charts.defs(), f"<header><h1>{esc(title)}</h1><p class=\"meta\">{meta}</p>",
        *(f'<p class="note">{esc(n)}</p>' for n in view.report_notes(ctx)),
        f'<div class="cards">{cards}</div>', strip,
        f'<p class="verdict st-{"pass" if ctx.exit_code == 0 else "fail"}">{esc(view.verdict(ctx))}</p></header>',
    ]
    for fam, name, rows in view.by_family(ctx):
        notes = view.family_notes(rows, lang)
        parts.append(f'<section class="family" id="f-{esc(fam)}"><h2>{esc(name)}</h2>{family_table(rows, ctx)}'
                     + "".join(f'<p class="note">— {esc(n)}</p>' for n in notes)
                     + family_charts(rows, ctx) + "</section>")
    parts.append(inputs_section(ctx))
    parts.append(f"<footer>smkpi {esc(__version__)} · {esc(lang.t('head.generated'))} "
                 f"{esc(doc.get('generated_at', ''))}</footer></body></html>")
    return "\n".join(parts) + "\n"


def render(ctx: Context) -> bytes:
    return page(ctx).encode("utf-8")
