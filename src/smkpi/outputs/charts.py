"""Inline SVG charts for the HTML report: bars (groups, breakdowns, value vs target) and lines (series).

No library and no script: plain SVG text, so the page needs nothing from the network and prints
as vectors. Status reads without colour too: each status has its own fill pattern (solid, hatched,
dotted, outline) and the value text beside each bar. Every label is escaped by the caller's
``esc`` (the one escaping function of the page).
"""

from __future__ import annotations

import math
from collections.abc import Callable

# Status -> (CSS class, fill). Patterns are defined once per page by :func:`defs`.
FILL = {"pass": "url(#p-pass)", "fail": "url(#p-fail)", "warn": "url(#p-warn)", "no_data": "url(#p-nodata)",
        None: "#6e7781", "no_target": "#6e7781"}
LINE_STYLES = (("#0550ae", ""), ("#bc4c00", "6 3"), ("#1a7f37", "2 3"), ("#8250df", "8 3 2 3"),
               ("#57606a", "1 2"), ("#cf222e", "10 4"), ("#9a6700", "4 4"), ("#116329", "12 2 2 2"))
WIDTH = 680
LABEL_W = 230
ROW_H = 24
MAX_LABEL = 34  # characters of a bar label; the full text is in the tooltip


def defs() -> str:
    """Fill patterns for the statuses, referenced by every chart of the page."""
    return (
        '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
        '<pattern id="p-pass" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#1a7f37"/></pattern>'
        '<pattern id="p-fail" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#cf222e"/><rect width="2" height="6" fill="#ffffff"/></pattern>'
        '<pattern id="p-warn" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="#d4a72c"/><circle cx="2.5" cy="2.5" r="1.2" fill="#3d2e00"/></pattern>'
        '<pattern id="p-nodata" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/><path d="M0 6L6 0" stroke="#8250df" stroke-width="1"/></pattern>'
        "</defs></svg>"
    )


def _short(text: str, n: int = MAX_LABEL) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bars(items: list[tuple[str, float, str, str | None]], esc: Callable[[object], str], *,
         title: str, reference: float | None = None, reference_label: str = "", percent_axis: bool = False) -> str:
    """Horizontal bars: (label, value, value text, status or None). ``reference`` draws a dashed line
    (the target, or 100% on an attainment chart)."""
    items = [i for i in items if i[1] is not None and math.isfinite(i[1])]
    if not items:
        return ""
    top = max([abs(v) for _, v, _, _ in items] + [abs(reference or 0)]) or 1.0
    plot = WIDTH - LABEL_W - 180  # room for the value text right of the longest bar
    h = ROW_H * len(items) + 34
    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" role="img" '
           f'aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for i, (label, v, text, status) in enumerate(items):
        y = 8 + i * ROW_H
        w = max(1.0, plot * abs(v) / top)
        out.append(f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end" class="lbl"><title>{esc(label)}</title>'
                   f"{esc(_short(label))}</text>")
        out.append(f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 8}" fill="{FILL.get(status, FILL[None])}" '
                   f'stroke="#24292f" stroke-width="0.6"><title>{esc(label)}: {esc(text)}</title></rect>')
        out.append(f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 15}" class="val">{esc(text)}</text>')
    axis_y = 8 + ROW_H * len(items)
    out.append(f'<line x1="{LABEL_W}" y1="4" x2="{LABEL_W}" y2="{axis_y}" stroke="#57606a" stroke-width="1"/>')
    if reference is not None and math.isfinite(reference):
        x = LABEL_W + plot * abs(reference) / top
        out.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{axis_y}" stroke="#24292f" stroke-width="1.4" '
                   f'stroke-dasharray="5 3"/>')
        out.append(f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" class="ref">{esc(reference_label)}</text>')
    out.append("</svg>")
    return "".join(out)


def _ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    step = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(step))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= step)
    start = math.floor(lo / step) * step
    return [start + i * step for i in range(int((hi - start) / step) + 2) if start + i * step <= hi + step * 0.999]


def lines(series: list[tuple[str, list[tuple[str, float | None]]]], esc: Callable[[object], str], *,
          title: str, label_of: Callable[[float], str], reference: float | None = None,
          reference_label: str = "") -> str:
    """Lines over periods: [(series name, [(period, value or None)])]; one legend entry per line."""
    periods = list(dict.fromkeys(p for _, pts in series for p, _ in pts))
    vals = [v for _, pts in series for _, v in pts if v is not None and math.isfinite(v)]
    if not periods or not vals:
        return ""
    lo = min(vals + [0.0] + ([reference] if reference is not None else []))
    hi = max(vals + ([reference] if reference is not None else []))
    ticks = _ticks(lo, hi * 1.05 if hi > 0 else hi + 1)
    lo, hi = ticks[0], ticks[-1]
    left, right, top, plot_h = 90, 20, 16, 190
    legend_h = 18 * ((len(series) + 2) // 3) if len(series) > 1 else 0
    h = top + plot_h + 40 + legend_h
    plot_w = WIDTH - left - right
    x_of = (lambda i: left + plot_w / 2) if len(periods) == 1 else (lambda i: left + plot_w * i / (len(periods) - 1))
    y_of = lambda v: top + plot_h * (1 - (v - lo) / ((hi - lo) or 1))  # noqa: E731
    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" role="img" '
           f'aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for t in ticks:
        y = y_of(t)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#d0d7de" stroke-width="0.8"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{esc(label_of(t))}</text>')
    every = max(1, math.ceil(len(periods) / 12))
    for i, p in enumerate(periods):
        if i % every == 0:
            out.append(f'<text x="{x_of(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="tick">{esc(p)}</text>')
    if reference is not None:
        y = y_of(reference)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#24292f" '
                   f'stroke-width="1.4" stroke-dasharray="5 3"/>')
        out.append(f'<text x="{WIDTH - right}" y="{y - 4:.1f}" text-anchor="end" class="ref">{esc(reference_label)}</text>')
    index = {p: i for i, p in enumerate(periods)}
    for n, (name, pts) in enumerate(series):
        colour, dash = LINE_STYLES[n % len(LINE_STYLES)]
        xy = [(x_of(index[p]), y_of(v), p, v) for p, v in pts if v is not None and math.isfinite(v)]
        if len(xy) > 1:
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in xy)
            out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2"'
                       + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        for x, y, p, v in xy:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{esc(name)} {esc(p)}: '
                       f"{esc(label_of(v))}</title></circle>")
        if len(series) > 1:
            lx, ly = left + (n % 3) * 200, top + plot_h + 36 + 18 * (n // 3)
            out.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 24}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"'
                       + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
            out.append(f'<text x="{lx + 30}" y="{ly}" class="tick">{esc(_short(name, 26))}</text>')
    out.append("</svg>")
    return "".join(out)


def status_strip(counts: list[tuple[str, int, str]], esc: Callable[[object], str], *, title: str) -> str:
    """One stacked bar of the statuses: (status, count, label)."""
    total = sum(c for _, c, _ in counts) or 1
    out = [f'<svg class="chart strip" viewBox="0 0 {WIDTH} 46" width="{WIDTH}" height="46" role="img" '
           f'aria-label="{esc(title)}"><title>{esc(title)}</title>']
    x = 0.0
    for status, c, label in counts:
        if not c:
            continue
        w = WIDTH * c / total
        out.append(f'<rect x="{x:.1f}" y="2" width="{w:.1f}" height="22" fill="{FILL.get(status, FILL[None])}" '
                   f'stroke="#24292f" stroke-width="0.6"><title>{esc(label)}</title></rect>')
        if w > 40:
            out.append(f'<text x="{x + 4:.1f}" y="40" class="tick">{esc(label)}</text>')
        x += w
    out.append("</svg>")
    return "".join(out)
