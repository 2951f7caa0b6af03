"""The Rich table (smkpi.render) as a registered format: the same text on screen and in a file."""

from __future__ import annotations

import io

from .view import Context

FILE_WIDTH = 120  # a file has no terminal: a fixed width, so the file is the same on every machine


def show(ctx: Context, console) -> None:
    """Print the table on ``console`` (the terminal, with its width and colours)."""
    from ..render import render_report

    render_report(ctx.report, console, ctx.exit_code, ctx.lang)


def render(ctx: Context) -> bytes:
    from rich.console import Console

    buf = io.StringIO()
    show(ctx, Console(file=buf, color_system=None, width=FILE_WIDTH, soft_wrap=False))
    return buf.getvalue().encode("utf-8")
