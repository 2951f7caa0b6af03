"""The JSON document (smkpi.jsonout) as a registered format."""

from __future__ import annotations

from .view import Context


def render(ctx: Context) -> bytes:
    from ..jsonout import dumps

    return (dumps(ctx.doc) + "\n").encode("utf-8")
