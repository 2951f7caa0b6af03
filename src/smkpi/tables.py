"""Tables that fit the terminal: columns declared with priorities, dropped or wrapped, never cropped.

A table is a list of :class:`Col` (header, how to show it, ``priority``, ``wide``) and rows of cells.
:func:`fit_table` keeps the columns that fit the console's width, in this order:

1. a column with ``wide=N`` is shown only on a console at least N columns wide (nice to have: the
   KPI id beside its label);
2. while the narrowest layout (every cell wrapped at its words) is still wider than the console,
   the column with the highest ``priority`` (> 0) goes; ``priority=0`` columns always stay;
3. if the remaining columns still do not fit, words may break inside (``fold``) rather than the
   table losing its right border.

The hidden columns are named in the caption, so a narrow terminal never hides data silently.
Reports, the Inputs table, ``smkpi kpis`` and ``smkpi inspect`` use it; a new column (a segment, a
series) declares its priority instead of its own width rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

PADDING = 2  # Rich's default cell padding (one space each side)


@dataclass(frozen=True)
class Col:
    """One column: its header, how its cells are laid out, and when it may go."""

    header: str
    priority: int = 0  # 0: always shown; the highest number is dropped first when the table does not fit
    wide: int = 0  # shown only on a console at least this wide
    justify: str = "left"
    style: str | None = None
    no_wrap: bool = False  # cells never wrap while the table fits without it (ids people copy)
    min_width: int | None = None
    footer: RenderableType = ""
    hidden_note: bool = True  # named in the caption when hidden

    def add_to(self, table: Table, relax: bool) -> None:
        table.add_column(self.header, justify=self.justify, style=self.style, footer=self.footer,
                         no_wrap=self.no_wrap and not relax, overflow="fold",
                         min_width=None if relax else self.min_width)


def _cell_min(console: Console, cell: Any, no_wrap: bool) -> int:
    if cell is None or cell == "":
        return 0
    r = Text(cell) if isinstance(cell, str) else cell
    m = Measurement.get(console, console.options.update_width(10_000), r)
    return m.maximum if no_wrap else m.minimum


def min_width(console: Console, cols: list[Col], rows: list[list[Any]], box: bool = True) -> int:
    """The narrowest the table can be laid out with no word broken (no_wrap cells whole)."""
    total = 0
    for i, c in enumerate(cols):
        cells = [r[i] for r in rows] + [c.header, c.footer]
        w = max((_cell_min(console, x, c.no_wrap) for x in cells), default=0)
        total += max(w, c.min_width or 0) + PADDING
    return total + (len(cols) + 1 if box else 0)


def fit_table(console: Console, cols: list[Col], rows: list[list[Any]], *, caption: str | Text | None = None,
              say_hidden: bool = True, **table_kw: Any) -> Table:
    """A Rich table of ``rows`` with the columns of ``cols`` that fit ``console.width`` (see module doc).

    The headers of the columns hidden are in ``table.hidden`` and, with ``say_hidden``, in the caption.
    """
    width = console.width
    keep = [i for i, c in enumerate(cols) if c.wide <= width]
    box = table_kw.get("box", True) is not None and table_kw.get("show_edge", True)

    def chosen() -> tuple[list[Col], list[list[Any]]]:
        return [cols[i] for i in keep], [[r[i] for i in keep] for r in rows]

    while min_width(console, *chosen(), box=bool(box)) > width:
        droppable = [i for i in keep if cols[i].priority > 0]
        if not droppable:
            break
        keep.remove(max(droppable, key=lambda i: (cols[i].priority, i)))
    shown, cells = chosen()
    relax = min_width(console, shown, cells, box=bool(box)) > width
    hidden = [c.header for i, c in enumerate(cols) if i not in keep and c.hidden_note]
    table = Table(caption=_join(caption, hidden_note(hidden) if say_hidden else None), caption_justify="left",
                  **table_kw)
    table.hidden = hidden  # type: ignore[attr-defined]
    for c in shown:
        c.add_to(table, relax)
    for r in cells:
        table.add_row(*r)
    return table


def hidden_note(hidden: list[str]) -> str | None:
    """The caption that names the columns a narrow terminal hides."""
    return f"{', '.join(hidden)} hidden at this width: widen the terminal or use --format json" if hidden else None


def _join(caption: str | Text | None, note: str | None) -> str | Text | None:
    if note is None:
        return caption
    if caption is None:
        return Text(note, style="dim")
    out = caption.copy() if isinstance(caption, Text) else Text(str(caption))
    out.append("\n" + note, style="dim")
    return out

